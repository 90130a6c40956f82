"""The coupled linear dynamics against independent computations (expm, Euler, the trainer)."""

import numpy as np
import pytest
from scipy.linalg import expm

import w2vlib
from w2vlib.analysis import dynamics


def _problem(seed=0, V=7, N=3):
    g = np.random.default_rng(seed)
    X = g.integers(0, 6, size=(V, V)).astype(float)
    X = X + X.T
    return X, g.normal(scale=0.1, size=(V, N)), g.normal(scale=0.1, size=(V, N))


def test_softmax_residual_is_minus_the_score_gradient_at_zero():
    X, _, _ = _problem()
    V = X.shape[0]
    n = X.sum(axis=1)
    E = n[:, None] * np.full((V, V), 1.0 / V) - X  # diag(n)·P − X with P = 1/V
    np.testing.assert_allclose(dynamics.softmax_residual(X), -E)
    np.testing.assert_allclose(dynamics.softmax_residual(X).sum(axis=1), 0, atol=1e-12)


def test_sgns_residual_matches_an_average_over_drawn_negatives():
    X, _, _ = _problem(1)
    V, k = X.shape[0], 3
    counts = np.arange(1.0, V + 1)
    P = counts**0.75 / (counts**0.75).sum()
    # independent: per pair (c, o), −½ at o and +½ at each of k negatives, averaged exactly
    E = np.zeros((V, V))
    for c in range(V):
        for o in range(V):
            E[c, o] -= 0.5 * X[c, o]
            E[c] += 0.5 * X[c, o] * k * P
    np.testing.assert_allclose(dynamics.sgns_residual(X, k, 0.75, counts), -E)


def test_sgns_residual_is_minus_the_expected_library_gradient_at_zero():
    # Monte Carlo with the library's loss: W_out = 0 so all scores are 0, σ(0) = ½.
    X, W_in, _ = _problem(2, V=5, N=2)
    V, k = X.shape[0], 2
    centers, contexts = np.nonzero(X)
    weights = X[centers, contexts].astype(int)
    centers, contexts = np.repeat(centers, weights), np.repeat(contexts, weights)
    P = w2vlib.noise_distribution(X.sum(axis=0))
    g = np.random.default_rng(0)
    total = np.zeros((V, W_in.shape[1]))
    draws = 4000
    for _ in range(draws):
        negatives = g.choice(V, size=(len(centers), k), p=P)
        _, _, dW_out = w2vlib.negative_sampling_loss_and_grads(
            W_in, np.zeros_like(W_in), centers, contexts, negatives
        )
        total += dW_out * len(centers)
    expected = -(dynamics.sgns_residual(X, k).T @ W_in)  # ∂𝓛/∂W_out = Eᵀ·W_in = −Rᵀ·W_in
    np.testing.assert_allclose(total / draws, expected, atol=0.03 * np.abs(expected).max())


@pytest.mark.parametrize("t", [0.0, 0.05, 0.3])
def test_coupled_dynamics_equals_the_matrix_exponential(t):
    X, W_in0, W_out0 = _problem(3)
    R = dynamics.softmax_residual(X)
    V = R.shape[0]
    M = np.block([[np.zeros((V, V)), R], [R.T, np.zeros((V, V))]])
    Z = expm(t * M) @ np.vstack([W_in0, W_out0])
    W_in_t, W_out_t = dynamics.coupled_linear_dynamics(R, W_in0, W_out0, t)
    np.testing.assert_allclose(W_in_t, Z[:V], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(W_out_t, Z[V:], rtol=1e-10, atol=1e-12)


def test_coupled_dynamics_equals_small_step_euler_integration():
    X, W_in0, W_out0 = _problem(4)
    R = dynamics.sgns_residual(X, 5)
    t, steps = 2.0 / dynamics.growth_rates(R)[0], 20000  # the top direction grows e² ≈ 7×
    W_in, W_out = W_in0.copy(), W_out0.copy()
    dt = t / steps
    for _ in range(steps):
        W_in, W_out = W_in + dt * R @ W_out, W_out + dt * R.T @ W_in
    W_in_t, W_out_t = dynamics.coupled_linear_dynamics(R, W_in0, W_out0, t)
    scale = np.abs(W_out).max()  # Euler's error is O(dt), relative to the grown entries
    np.testing.assert_allclose(W_in_t, W_in, atol=1e-3 * scale)
    np.testing.assert_allclose(W_out_t, W_out, atol=1e-3 * scale)


def test_coupled_dynamics_balances_the_factors_it_grows():
    # the growth is along shared singular directions: the imbalance W_inᵀW_in − W_outᵀW_out
    # is conserved by the flow, so relative to the grown factors it shrinks
    X, W_in0, _ = _problem(5)
    R = dynamics.softmax_residual(X)
    W_out0 = np.zeros_like(W_in0)
    W_in_t, W_out_t = dynamics.coupled_linear_dynamics(R, W_in0, W_out0, 0.5)
    D0 = W_in0.T @ W_in0 - W_out0.T @ W_out0
    Dt = W_in_t.T @ W_in_t - W_out_t.T @ W_out_t
    np.testing.assert_allclose(Dt, D0, atol=1e-10 * np.abs(W_in_t.T @ W_in_t).max())
    assert w2vlib.imbalance(W_in_t, W_out_t) < 0.05 * w2vlib.imbalance(
        W_in0 + 1e-12, W_out0 + 1e-12
    )


def test_first_order_is_one_full_batch_softmax_step_of_the_trainer():
    sentences = w2vlib.toy_corpus("pets_vehicles")
    vocab = w2vlib.Vocab(sentences)
    X = w2vlib.cooccurrence(sentences, vocab, window=2)
    lr = 0.003
    run = w2vlib.train(
        sentences,
        objective="softmax",
        dim=4,
        window=2,
        epochs=1,
        lr=lr,
        batch_size=int(X.sum()),
        lr_schedule="constant",
        seed=1,
        snapshot_every=1,
    )
    W_in0 = run.snapshots[0].W_in
    R = dynamics.softmax_residual(X)
    predicted = dynamics.first_order_W_out(R, W_in0, np.zeros_like(W_in0), lr)
    np.testing.assert_allclose(run.W_out, predicted, atol=1e-14)
    np.testing.assert_allclose(dynamics.growth_rates(R), np.linalg.svd(R, compute_uv=False))


def test_bad_input_gets_clear_errors():
    X, W_in0, W_out0 = _problem()
    R = dynamics.softmax_residual(X)
    with pytest.raises(ValueError, match="W_in0 has 6 rows"):
        dynamics.coupled_linear_dynamics(R, W_in0[:6], W_out0, 0.1)
    with pytest.raises(ValueError, match="same dimension N"):
        dynamics.coupled_linear_dynamics(R, W_in0, W_out0[:, :2], 0.1)
    with pytest.raises(ValueError, match="overflows float64"):
        dynamics.coupled_linear_dynamics(R, W_in0, W_out0, 1e6)
    with pytest.raises(ValueError, match="t must be"):
        dynamics.coupled_linear_dynamics(R, W_in0, W_out0, -1)
    with pytest.raises(ValueError, match="square"):
        dynamics.softmax_residual(X[:3])
    with pytest.raises(ValueError, match="counts"):
        dynamics.sgns_residual(-X, 5)
    with pytest.raises(ValueError, match="one count per vocabulary word"):
        dynamics.sgns_residual(X, 5, counts=np.ones(3))
    with pytest.raises(ValueError, match="negative must be"):
        dynamics.sgns_residual(X, 0)
