"""plots.hiding: the gauge that opens the angle between two rows of W′ keeps every score."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from w2vlib import InputError, cosine, plots, toy_corpus, train

SENTENCES = toy_corpus("four_topics", repeats=2)


@pytest.fixture(scope="module")
def run():
    return train(SENTENCES, objective="softmax", dim=6, epochs=30, lr=0.05, seed=0, progress=False)


def test_the_gauge_keeps_every_score_and_opens_the_angle(run):
    a, b = run.vocab["cat"], run.vocab["dog"]
    A = plots.hiding_gauge(run.W_out, a, b, stretch=8)
    W_in, W_out = run.W_in @ A, run.W_out @ np.linalg.inv(A).T
    np.testing.assert_allclose(W_in @ W_out.T, run.W_in @ run.W_out.T, atol=1e-10)
    assert cosine(W_out[a], W_out[b]) < cosine(run.W_out[a], run.W_out[b]) - 0.1
    assert np.linalg.norm(W_in) < np.linalg.norm(run.W_in)  # squashed along u


def test_the_picture_shows_the_two_cosines_it_computes(run):
    fig = plots.plot_hidden_difference(run, "cat", "dog", stretch=8)
    titles = [ax.get_title() for ax in fig.axes]
    a, b = run.vocab["cat"], run.vocab["dog"]
    A = plots.hiding_gauge(run.W_out, a, b, stretch=8)
    hidden = run.W_out @ np.linalg.inv(A).T
    for title, W in zip(titles, (run.W_out, hidden), strict=True):
        assert f"{cosine(W[a], W[b]):+.2f}" in title
    # every input vector is drawn, by its two coordinates in the rows' plane
    assert len(fig.axes[0].collections[0].get_offsets()) == len(run.vocab)


def test_parallel_rows_and_unknown_words_are_refused(run):
    W = run.W_out.copy()
    W[run.vocab["dog"]] = 2 * W[run.vocab["cat"]]
    with pytest.raises(InputError, match="parallel"):
        plots.hiding_gauge(W, run.vocab["cat"], run.vocab["dog"], stretch=4)
    with pytest.raises(InputError):
        plots.plot_hidden_difference(run, "cat", "kitten")
    with pytest.raises((InputError, ValueError, TypeError)):
        plots.hiding_gauge(run.W_out, 0, 1, stretch=-1)
    with pytest.raises((InputError, IndexError), match="outside"):
        plots.hiding_gauge(run.W_out, 0, len(run.vocab), stretch=4)
