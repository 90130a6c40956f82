"""separation_rates: each centre's share in d‖W′[b] − W′[a]‖/dt under full-softmax gradient flow.

The rates are checked against a finite difference of the flow built here from numpy alone, the
sign of shared centres' rates on random problems (the proved pull back), a real training run,
and the refusals of careless input.
"""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib


def random_problem(seed: int, V: int = 9, N: int = 4, scale: float = 1.5):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 6, size=(V, V)).astype(float)
    X[:, 1] = X[:, 0]  # words 0 and 1 share their company ...
    X[2, 1] += 4  # ... except around centre 2, where word 1 is seen more often
    X[3, 0] = 0.0
    X[3, 1] = 5.0  # ... and centre 3, where word 0 is never seen
    return X, scale * rng.normal(size=(V, N)), scale * rng.normal(size=(V, N))


def flow_of_W_out(X, W_in, W_out):
    """dW_out/dt = (X − diag(n)·P)ᵀ·W_in, from numpy alone (lesson 04, §1, η = 1)."""
    scores = W_in @ W_out.T
    P = np.exp(scores - scores.max(axis=1, keepdims=True))
    P /= P.sum(axis=1, keepdims=True)
    return (X - X.sum(axis=1, keepdims=True) * P).T @ W_in


@pytest.mark.parametrize("seed", range(5))
def test_the_rates_add_up_to_the_change_of_the_distance_along_the_flow(seed):
    X, W_in, W_out = random_problem(seed)
    rates = w2vlib.separation_rates(W_in, W_out, X, 0, 1, lr=0.3)
    eps = 1e-6
    moved = W_out + eps * 0.3 * flow_of_W_out(X, W_in, W_out)
    before, after = (np.linalg.norm(W[1] - W[0]) for W in (W_out, moved))
    assert rates.shape == (len(X),)
    assert rates.sum() == pytest.approx((after - before) / eps, rel=1e-4, abs=1e-8)


def test_shared_centres_never_push_the_rows_apart():
    shared_rates, other_rates = [], []
    for seed in range(200):
        X, W_in, W_out = random_problem(seed)
        rates = w2vlib.separation_rates(W_in, W_out, X, 0, 1)
        shared = X[:, 0] == X[:, 1]
        shared_rates.append(rates[shared])
        other_rates.append(rates[~shared])
    shared_rates, other_rates = np.concatenate(shared_rates), np.concatenate(other_rates)
    assert shared_rates.max() <= 0.0
    assert shared_rates.min() < -1e-3  # and they do pull
    assert other_rates.max() > 1e-3  # where the counts differ, the rows can be pushed apart


def test_the_push_apart_fades_in_a_full_batch_run_of_the_walk_toy():
    sentences = w2vlib.toy_corpus("pets_vehicles") + [["walk", "the", "dog"]] * 10
    run = w2vlib.train(
        sentences,
        objective="softmax",
        dim=5,
        window=2,
        lr=0.001,
        lr_schedule="constant",
        batch_size=100_000,
        epochs=1000,
        seed=0,
        snapshot_every=100,
        progress=False,
    )
    v = run.vocab
    X = w2vlib.cooccurrence(sentences, v, window=2)
    walk = [
        w2vlib.separation_rates(s.W_in, s.W_out, X, v["cat"], v["dog"])[v["walk"]]
        for s in run.snapshots[1:]
    ]
    assert max(walk) > 0 and walk[-1] < 0.3 * max(walk)


@pytest.mark.parametrize(
    "change, message",
    [
        (dict(a=0, b=0), "same word"),
        (dict(a=99), "outside the vocabulary"),
        (dict(lr=-1.0), "lr"),
        (dict(X=np.ones((4, 4))), "same vocabulary"),
        (dict(W_out=np.ones((4, 4))), "W_out has 4 rows"),
        (dict(W_out="rows"), "W_out"),
    ],
)
def test_careless_input_gets_a_clear_error(change, message):
    X, W_in, W_out = random_problem(0)
    arguments = dict(W_in=W_in, W_out=W_out, X=X, a=0, b=1, lr=1.0) | change
    with pytest.raises(w2vlib.InputError, match=message):
        w2vlib.separation_rates(**arguments)


def test_the_shared_sign_is_exact_even_where_the_rows_differ_only_by_rounding():
    rng = np.random.default_rng(7)
    worst = 0.0
    for _ in range(500):
        X, W_in, W_out = random_problem(int(rng.integers(1_000_000)))
        c = 5  # a shared centre (random_problem changes only rows 2 and 3)
        delta = rng.normal(size=W_in.shape[1])
        delta -= (delta @ W_in[c]) / (W_in[c] @ W_in[c]) * W_in[c]  # orthogonal to W_in[c]
        W_out[1] = W_out[0] + 1e-3 * delta
        worst = max(worst, w2vlib.separation_rates(W_in, W_out, X, 0, 1)[c])
    assert worst <= 0.0


def test_sparse_counts_blocks_of_rows_and_the_time_estimate(monkeypatch):
    import scipy.sparse as sp

    from w2vlib.analysis import separation

    X, W_in, W_out = random_problem(3)
    dense = w2vlib.separation_rates(W_in, W_out, X, 0, 1)
    monkeypatch.setattr(separation, "BLOCK_ENTRIES", 20)  # blocks of two rows
    np.testing.assert_allclose(w2vlib.separation_rates(W_in, W_out, sp.csr_array(X), 0, 1), dense)
    monkeypatch.setattr(separation, "SECONDS_PER_GIGAFLOP", 1e12)  # as if V were enormous
    with pytest.raises(w2vlib.InputError, match="would take about"):
        w2vlib.separation_rates(W_in, W_out, X, 0, 1)


def test_equal_rows_have_no_direction_to_separate_along():
    X, W_in, W_out = random_problem(0)
    W_out[1] = W_out[0]
    with pytest.raises(w2vlib.InputError, match="equal"):
        w2vlib.separation_rates(W_in, W_out, X, 0, 1)
