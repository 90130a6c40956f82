"""The toy run the plotting tests draw: softmax skip-gram on pets_vehicles, dim 3, with snapshots."""

from __future__ import annotations

from w2vlib import toy_corpus, train

SENTENCES = toy_corpus("pets_vehicles", repeats=5)
WORDS = ["cat", "dog", "car", "bus"]


def toy_softmax_run():
    """50 snapshots of a run whose groups form: the fixture of test_plots_*.py."""
    return train(SENTENCES, objective="softmax", dim=3, epochs=8, lr=0.1, seed=0, snapshot_every=5)
