"""theory (log p̂, PMI, SVD, line fits, the early-training formula), each against a direct
or independent computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import linalg, stats

import w2vlib as w
from w2vlib import theory


@pytest.fixture
def X() -> np.ndarray:
    """Symmetric counts with zeros, and word 4 never seen at all."""
    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, (5, 5)) * (rng.random((5, 5)) < 0.7)
    X = X + X.T
    X[4, :] = X[:, 4] = 0
    X[0, 1] = X[1, 0] = 3  # at least one seen pair
    return X.astype(float)


def test_log_conditional_is_log_count_over_row_sum(X):
    got = w.log_conditional(X)
    for c in range(5):
        for o in range(5):
            if X[c, o] > 0:
                assert got[c, o] == pytest.approx(math.log(X[c, o] / X[c].sum()), rel=1e-14)
            else:
                assert got[c, o] == -math.inf  # also for the unseen word 4: never NaN
    seen = X.sum(1) > 0
    np.testing.assert_allclose(np.exp(got[seen]).sum(axis=1), 1.0, rtol=1e-14)


@pytest.mark.parametrize("alpha", [1.0, 0.75])
def test_pmi_and_shifted_pmi_equal_their_formulas(X, alpha):
    D = X.sum()
    n_c, n_o = X.sum(1), X.sum(0)
    got = w.pmi(X, alpha)
    for c in range(5):
        for o in range(5):
            if X[c, o] == 0:
                assert got[c, o] == -math.inf
                continue
            P_alpha = n_o[o] ** alpha / (n_o**alpha).sum()
            assert got[c, o] == pytest.approx(math.log(X[c, o] / (n_c[c] * P_alpha)), rel=1e-13)
            if alpha == 1.0:  # the textbook form
                expected = math.log(X[c, o] * D / (n_c[c] * n_o[o]))
                assert got[c, o] == pytest.approx(expected, rel=1e-13)
    np.testing.assert_allclose(w.shifted_pmi(X, 5, alpha), got - math.log(5), rtol=1e-14)
    ppmi = w.positive_part(got)
    assert np.isfinite(ppmi).all() and (ppmi >= 0).all()
    finite = np.isfinite(got)
    np.testing.assert_array_equal(ppmi[finite], np.maximum(got[finite], 0))
    assert not ppmi[~finite].any()


def test_theory_errors(X):
    with pytest.raises(ValueError, match="square V×V"):
        w.pmi(np.ones((2, 3)))
    with pytest.raises(ValueError, match="every count is zero"):
        w.log_conditional(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="k must be a whole number ≥ 1"):
        w.shifted_pmi(X, 0)
    with pytest.raises(ValueError, match="−inf or NaN.*positive_part"):
        w.svd_factors(w.pmi(X), 2)
    with pytest.raises(ValueError, match=r"dim=6 .*shape \(5, 5\)"):
        w.svd_factors(np.eye(5), 6)
    with pytest.raises(ValueError, match="fewer than two finite points"):
        w.fit_line([1.0, np.inf], [2.0, 3.0])


def test_svd_factors_give_the_best_rank_k_product_split_evenly():
    M = np.random.default_rng(1).normal(size=(8, 6))
    sigma = linalg.svdvals(M)  # LAPACK's values, not through svd_factors
    for k in (1, 3, 6):
        A, B = w.svd_factors(M, k)
        assert A.shape == (8, k) and B.shape == (6, k)
        # Eckart–Young: the residual is exactly the dropped singular values
        residual = np.linalg.norm(M - A @ B.T) ** 2
        assert residual == pytest.approx((sigma[k:] ** 2).sum(), abs=1e-12)
        # split symmetrically: AᵀA = BᵀB = diag(σ_1..σ_k)
        np.testing.assert_allclose(A.T @ A, np.diag(sigma[:k]), atol=1e-12)
        np.testing.assert_allclose(B.T @ B, np.diag(sigma[:k]), atol=1e-12)
    np.testing.assert_allclose(A @ B.T, M, atol=1e-12)


def test_fit_line_and_centered_rows():
    rng = np.random.default_rng(2)
    x = rng.normal(size=50)
    y = 2.5 * x - 1 + rng.normal(scale=0.1, size=50)
    reference = stats.linregress(x, y)
    x_inf, y_inf = np.r_[x, -np.inf, 1.0], np.r_[y, 0.0, np.nan]  # non-finite points are ignored
    slope, intercept, r = w.fit_line(x_inf, y_inf)
    assert slope == pytest.approx(reference.slope, rel=1e-12)
    assert intercept == pytest.approx(reference.intercept, rel=1e-12)
    assert r == pytest.approx(reference.rvalue, rel=1e-12)

    M = np.array([[1.0, 2.0, -np.inf], [4.0, 0.0, 2.0]])
    centred = theory.centered_rows(M)
    np.testing.assert_allclose(centred[0, :2], [-0.5, 0.5])
    np.testing.assert_allclose(centred[1], [2.0, -2.0, 0.0])
    assert centred[0, 2] == -np.inf


def test_early_w_out_equals_the_first_full_softmax_step():
    """From W_out = 0 the softmax is exactly uniform, so one full-batch step is the formula."""
    corpus = w.toy_corpus(repeats=1)
    lr = 0.01
    run = w.train(
        corpus,
        objective="softmax",
        dim=4,
        epochs=1,
        batch_size=10_000,
        lr=lr,
        lr_schedule="constant",
        snapshot_every=1,
        progress=False,
    )
    X = w.cooccurrence(corpus, run.vocab, window=2)
    predicted = theory.early_W_out(X, run.snapshots[0].W_in, lr, steps=1)
    assert np.abs(predicted).max() > 1e-4
    np.testing.assert_allclose(run.W_out, predicted, rtol=1e-12, atol=1e-17)


@pytest.mark.parametrize("bad", [np.nan, np.inf, -1.0])
def test_theory_refuses_counts_that_are_not_counts(X, bad):
    Y = X.copy()
    Y[0, 1] = bad  # was: NaN or +inf leaked into log p̂ and PMI without a word
    for f in (w.log_conditional, w.pmi, lambda M: w.shifted_pmi(M, 5)):
        with pytest.raises(ValueError, match="finite and ≥ 0.*cooccurrence"):
            f(Y)


@pytest.mark.parametrize("alpha", [np.nan, 0.0, -0.75, "0.75"])
def test_pmi_refuses_an_alpha_that_is_not_positive(X, alpha):
    # NaN gave an all-NaN matrix; 0 gave unseen contexts the mass 0**0 = 1
    with pytest.raises(ValueError, match="alpha must be a finite number > 0.*0.75"):
        w.pmi(X, alpha)


def test_fit_line_refuses_a_constant_x_and_unpaired_points():
    with pytest.raises(ValueError, match="every finite x equals 1.0"):
        w.fit_line([1.0, 1.0, 1.0, np.nan], [1.0, 2.0, 3.0, 4.0])  # was: a RankWarning and r = NaN
    with pytest.raises(ValueError, match="got 3 and 2 values"):
        w.fit_line([1.0, 2.0, 3.0], [1.0, 2.0])


def test_early_w_out_checks_the_input_vectors(X):
    with pytest.raises(ValueError, match="W_in0 has 4 rows but 5"):
        theory.early_W_out(X, np.ones((4, 2)), 0.1, 1)
