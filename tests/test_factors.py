"""Balanced splits, imbalance and count-weighted fits against independent computations."""

import numpy as np
import pytest
from scipy.linalg import sqrtm

from w2vlib.analysis import factors


def _factors(seed=0, V=9, N=4):
    g = np.random.default_rng(seed)
    return g.normal(size=(V, N)), g.normal(size=(V, N))


def test_balanced_split_keeps_scores_and_balances():
    W_in, W_out = _factors()
    B_in, B_out = factors.balanced_split(W_in, W_out)
    np.testing.assert_allclose(B_in @ B_out.T, W_in @ W_out.T, atol=1e-10)
    np.testing.assert_allclose(B_in.T @ B_in, B_out.T @ B_out, atol=1e-10)
    sigma = np.linalg.svd(W_in @ W_out.T, compute_uv=False)[:4]
    np.testing.assert_allclose(np.diag(B_in.T @ B_in), sigma, rtol=1e-10)  # B_inᵀB_in = Σ


def test_balanced_output_gram_is_the_square_root_of_StS():
    W_in, W_out = _factors(1)
    B_in, B_out = factors.balanced_split(W_in, W_out)
    S = W_in @ W_out.T
    # rank N < V: SᵀS is singular, where sqrtm is accurate only to ~√eps
    np.testing.assert_allclose(B_out @ B_out.T, sqrtm(S.T @ S).real, atol=1e-6)
    np.testing.assert_allclose(B_in @ B_in.T, sqrtm(S @ S.T).real, atol=1e-6)


def test_balanced_split_is_unique_up_to_rotation():
    # a gauge A changes the factors, not their balanced split's cosines
    W_in, W_out = _factors(2)
    A = np.random.default_rng(3).normal(size=(4, 4))
    _, B1 = factors.balanced_split(W_in, W_out)
    _, B2 = factors.balanced_split(W_in @ A, W_out @ np.linalg.inv(A).T)
    np.testing.assert_allclose(B1 @ B1.T, B2 @ B2.T, atol=1e-9)


def test_imbalance_is_zero_for_balanced_and_positive_after_a_stretch():
    W_in, W_out = _factors(4)
    B_in, B_out = factors.balanced_split(W_in, W_out)
    assert factors.imbalance(B_in, B_out) < 1e-12
    A = np.diag([3.0, 1.0, 1.0, 1.0])
    assert factors.imbalance(B_in @ A, B_out @ np.linalg.inv(A)) > 0.5


def test_imbalance_parts_isolates_a_rank_one_mean_term():
    # balanced, centred factors plus a common offset ±a·m in every row: the imbalance is
    # rank one, along m, and nothing is left off it
    W_in, W_out = _factors(5, V=50, N=3)
    B_in3, B_out3 = factors.balanced_split(W_in - W_in.mean(0), W_out - W_out.mean(0))
    B_in, B_out = np.hstack([np.zeros((50, 1)), B_in3]), np.hstack([np.zeros((50, 1)), B_out3])
    m = np.array([1.0, 0, 0, 0])
    parts = factors.imbalance_parts(B_in + 2.0 * m, B_out - 0.5 * m)
    np.testing.assert_allclose(np.abs(parts.direction), m, atol=1e-12)
    assert parts.off < 1e-10 < 0.1 < parts.along
    np.testing.assert_allclose(parts.total, parts.along, rtol=1e-10)


def test_count_weighted_fit_against_a_direct_weighted_sum():
    g = np.random.default_rng(6)
    X = g.integers(0, 4, size=(6, 6)).astype(float)
    T = np.where(X > 0, g.normal(size=X.shape), -np.inf)
    S = np.where(X > 0, T, 0) + 0.1 * g.normal(size=X.shape)
    fit = factors.count_weighted_fit(S, T, X)
    seen = X > 0
    w, d = X[seen], (S - T)[seen]
    np.testing.assert_allclose(fit.rmse, np.sqrt((w * d**2).sum() / w.sum()))
    mean_t = (w * T[seen]).sum() / w.sum()
    np.testing.assert_allclose(fit.r2, 1 - (w * d**2).sum() / (w * (T[seen] - mean_t) ** 2).sum())
    assert fit.cells == seen.sum()
    cov = np.cov(S[seen], T[seen], aweights=w)  # numpy's weighted covariance, independently
    np.testing.assert_allclose(fit.r, cov[0, 1] / np.sqrt(cov[0, 0] * cov[1, 1]))
    np.testing.assert_allclose(fit.slope, cov[0, 1] / cov[1, 1])


def test_count_weighted_fit_row_offsets_absorb_a_constant_per_centre():
    g = np.random.default_rng(7)
    X = g.integers(1, 4, size=(5, 5)).astype(float)
    T = g.normal(size=X.shape)
    S = T + g.normal(size=(5, 1))  # the softmax's free b_c
    assert factors.count_weighted_fit(S, T, X, row_offsets=True).rmse < 1e-12
    assert factors.count_weighted_fit(S, T, X).rmse > 0.1
    shrunk = factors.count_weighted_fit(0.5 * T + g.normal(size=(5, 1)), T, X, row_offsets=True)
    np.testing.assert_allclose([shrunk.slope, shrunk.r], [0.5, 1.0])


def test_bad_input_gets_clear_errors():
    W_in, W_out = _factors()
    with pytest.raises(ValueError, match="same dimension N"):
        factors.balanced_split(W_in, W_out[:, :2])
    with pytest.raises(ValueError, match="finite"):
        factors.imbalance(W_in * np.nan, W_out)
    with pytest.raises(ValueError, match="same V×V shape"):
        factors.count_weighted_fit(np.zeros((3, 3)), np.zeros((3, 3)), np.ones((4, 4)))
    with pytest.raises(ValueError, match="no mean direction"):
        factors.imbalance_parts(W_in - W_in.mean(0), W_out - W_out.mean(0))
    with pytest.raises(ValueError, match="N ≥ 2"):
        factors.imbalance_parts(W_in[:, :1], W_out[:, :1])


def _large_sparse(m=20_000, stored=400_000):
    from scipy import sparse

    g = np.random.default_rng(0)
    rows, cols = g.integers(0, m, stored), g.integers(0, m, stored)
    return sparse.csr_matrix((g.random(stored), (rows, cols)), shape=(m, m))


def test_a_huge_svd_is_priced_before_it_runs():
    import warnings

    import w2vlib as w

    M = _large_sparse()  # a PPMI matrix of 20,000 words: rank 800 took 15 s here
    with warnings.catch_warnings():
        warnings.simplefilter("error", w.LongRunWarning)
        with pytest.raises(w.LongRunWarning, match=r"rank-2000 randomized SVD.*about \d+ s.*dim"):
            factors.truncated_svd(M, 2000)  # estimated 50 s: announced, not run
        # a dense M forced through LAPACK: 6000³ steps (about 100 s), announced before a copy
        zeros = np.broadcast_to(np.zeros(1), (6000, 6000))
        with pytest.raises(w.LongRunWarning, match=r"exact SVD.*method='randomized'"):
            factors.truncated_svd(zeros, 50, method="exact")
        assert factors.truncated_svd(M, 20).S.shape == (20,)  # the usual size runs, unannounced
    with pytest.raises(w.InputError, match=r"rank-15000.*GiB of memory.*lower dim"):
        factors.truncated_svd(M, 15_000)
    seconds, _ = w._checks.svd_cost(20_000, 20_000, 400_000, 800, 4, exact=False)
    assert 10 < seconds < 30  # 800 took 15 s (benchmarks/estimates.py): neither 3× low nor high
