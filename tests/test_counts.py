"""The count statistics (log p̂, PMI, PPMI, P_α), the truncated SVD, line fits and the
first-order formula, each against a direct or independent computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import linalg, sparse, stats

import w2vlib as w
from w2vlib.analysis import counts


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
        w.truncated_svd(w.pmi(X), 2)
    with pytest.raises(ValueError, match=r"dim=6 .*shape \(5, 5\)"):
        w.truncated_svd(np.eye(5), 6)
    with pytest.raises(ValueError, match="fewer than two finite points"):
        w.fit_line([1.0, np.inf], [2.0, 3.0])


def test_truncated_svd_gives_the_best_rank_k_product_split_evenly():
    M = np.random.default_rng(1).normal(size=(8, 6))
    sigma = linalg.svdvals(M)  # LAPACK's values, not through truncated_svd
    for k in (1, 3, 6):
        A, B = w.truncated_svd(M, k).factors()
        assert A.shape == (8, k) and B.shape == (6, k)
        # Eckart–Young: the residual is exactly the dropped singular values
        residual = np.linalg.norm(M - A @ B.T) ** 2
        assert residual == pytest.approx((sigma[k:] ** 2).sum(), abs=1e-12)
        # split symmetrically: AᵀA = BᵀB = diag(σ_1..σ_k)
        np.testing.assert_allclose(A.T @ A, np.diag(sigma[:k]), atol=1e-12)
        np.testing.assert_allclose(B.T @ B, np.diag(sigma[:k]), atol=1e-12)
    np.testing.assert_allclose(A @ B.T, M, atol=1e-12)


def test_fit_line_and_remove_row_means():
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
    centred = w.remove_row_means(M)
    np.testing.assert_allclose(centred[0, :2], [-0.5, 0.5])
    np.testing.assert_allclose(centred[1], [2.0, -2.0, 0.0])
    assert centred[0, 2] == -np.inf


def test_first_order_w_out_equals_the_first_full_softmax_step():
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
    predicted = w.first_order_W_out(w.softmax_residual(X), run.snapshots[0].W_in, None, lr * 1)
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


def test_first_order_w_out_checks_the_input_vectors(X):
    with pytest.raises(ValueError, match="W_in0 has 4 rows but 5"):
        w.first_order_W_out(w.softmax_residual(X), np.ones((4, 2)), None, 0.1)


# ---------------------------------------------------------------- sparse input, scikit-learn


@pytest.fixture(scope="module")
def toy():
    """A toy corpus's run and counts, dense and sparse."""
    sentences = w.toy_corpus("four_topics", repeats=2)
    run = w.train(sentences, objective="softmax", dim=5, epochs=3, seed=0)
    X = w.cooccurrence(sentences, run.vocab, 2)
    return run, X, w.cooccurrence(sentences, run.vocab, 2, as_sparse=True)


@pytest.mark.parametrize("function", [w.pmi, w.log_conditional, lambda X: w.shifted_pmi(X, 5)])
def test_dense_results_refuse_a_sparse_x_with_the_size_and_the_fix(toy, function):
    _, _, Xs = toy
    V = Xs.shape[0]
    with pytest.raises(TypeError, match=rf"sparse {V}×{V} matrix .* MiB here.*ppmi.*X.toarray\(\)"):
        function(Xs)  # was: densified without a word (3.2 GB at V = 20 000)


@pytest.mark.parametrize(("alpha", "k"), [(1.0, 1), (0.75, 5)])
def test_ppmi_sparse_in_sparse_out_equals_the_dense_formula(toy, alpha, k):
    _, X, Xs = toy
    dense = w.positive_part(w.shifted_pmi(X, k, alpha))
    np.testing.assert_array_equal(counts.ppmi(X, alpha, k), dense)
    before = Xs.copy()
    got = counts.ppmi(Xs, alpha, k)
    assert (Xs != before).nnz == 0 and Xs.nnz == before.nnz  # the input is left alone
    assert sparse.issparse(got) and got.nnz == (dense > 0).sum()
    np.testing.assert_allclose(got.toarray(), dense, rtol=1e-13, atol=1e-14)


def test_randomized_svd_of_sparse_ppmi_matches_the_exact_svd(toy):
    _, X, Xs = toy
    dense = counts.ppmi(X)
    sigma = linalg.svdvals(dense)
    k = 8  # the toy's PPMI has singular values 6.6, 5.4 (7 times), 1.2, 0, …: unique up to k = 8
    assert sigma[k - 1] - sigma[k] > 1
    A, B = w.truncated_svd(dense, k, method="exact").factors()
    As, Bs = w.truncated_svd(counts.ppmi(Xs), k, method="randomized", n_iter=7).factors()
    np.testing.assert_allclose(np.linalg.norm(As, axis=0) ** 2, sigma[:k], rtol=1e-8)
    np.testing.assert_allclose(As @ Bs.T, A @ B.T, atol=1e-8)
    # auto: exact for a small dense matrix, randomized for a sparse one
    np.testing.assert_array_equal(w.truncated_svd(dense, k).factors()[0], A)
    A_auto, B_auto = w.truncated_svd(counts.ppmi(Xs), k, n_iter=7).factors()
    np.testing.assert_array_equal(A_auto @ B_auto.T, As @ Bs.T)  # seeded: the same numbers


def test_truncated_svd_bad_inputs(toy):
    _, X, Xs = toy
    with pytest.raises(TypeError, match="method='exact' needs a dense M.*randomized"):
        w.truncated_svd(counts.ppmi(Xs), 2, method="exact")
    with pytest.raises(ValueError, match="unknown method 'fast'"):
        w.truncated_svd(np.eye(3), 2, method="fast")
    for seed in ("abc", 1.5, -1):
        with pytest.raises(ValueError, match="seed must be a whole number ≥ 0"):
            w.truncated_svd(np.eye(3), 2, seed=seed)
    with pytest.raises(TypeError, match="numeric matrix"):
        w.truncated_svd([["a", "b"], ["c", "d"]], 1)


def test_first_order_w_out_accepts_sparse_counts(toy):
    _, X, Xs = toy
    W = np.random.default_rng(0).normal(size=(X.shape[0], 3))
    np.testing.assert_allclose(
        w.first_order_W_out(w.softmax_residual(Xs), W, None, 0.2),
        w.first_order_W_out(w.softmax_residual(X), W, None, 0.2),
        atol=1e-12,
    )
    for t in (-1, "2", np.nan):
        with pytest.raises(ValueError, match="t must be a finite number ≥ 0"):
            w.first_order_W_out(w.softmax_residual(X), W, None, t)
    assert not w.first_order_W_out(w.softmax_residual(X), W, None, 0).any()  # the start: W_out = 0


def test_loss_floor_is_the_conditional_entropy_and_training_approaches_it():
    sentences = w.toy_corpus("pets_vehicles", repeats=5)
    run = w.train(sentences, objective="softmax", dim=5, epochs=20, lr=0.05, seed=0)
    X = w.cooccurrence(sentences, run.vocab, 2).astype(float)
    # independent: mean over every training pair of −log p̂(o|c)
    centres, contexts = np.nonzero(X)
    p_hat = X / X.sum(axis=1, keepdims=True)
    expected = -(X[centres, contexts] * np.log(p_hat[centres, contexts])).sum() / X.sum()
    assert counts.loss_floor(run, X) == pytest.approx(expected, rel=1e-12)
    assert counts.loss_floor(run, sparse.csr_array(X)) == pytest.approx(expected, rel=1e-12)
    final = run.losses[-200:].mean()
    assert expected - 0.1 < final < expected + 0.1  # measured: within 0.05 of the floor
    with pytest.raises(ValueError, match="softmax"):
        counts.loss_floor(w.train(sentences, dim=2, epochs=1), X)
    with pytest.raises(TypeError, match="expected a Run"):
        counts.loss_floor(X, run)


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_optimum_targets_equal_the_dense_formulas(toy, objective):
    _, X, Xs = toy
    run = w.train(w.toy_corpus("four_topics", repeats=2), objective=objective, dim=5, epochs=2)
    target, model, label = counts.optimum_targets(run, X)
    observed = X > 0
    S = run.W_in @ run.W_out.T
    if objective == "negative":
        np.testing.assert_allclose(target, w.shifted_pmi(X, 5, 0.75)[observed], rtol=1e-12)
        np.testing.assert_allclose(model, S[observed], rtol=1e-12, atol=1e-15)
        assert label.startswith("PMI − log 5")
    else:
        centred = w.remove_row_means(w.log_conditional(X))
        np.testing.assert_allclose(target, centred[observed], atol=1e-12)
        S_obs = w.remove_row_means(np.where(observed, S, np.nan))
        np.testing.assert_allclose(model, S_obs[observed], atol=1e-12)
    sparse_result = counts.optimum_targets(run, Xs)  # only the observed entries: V may be large
    np.testing.assert_allclose(sparse_result[0], target, rtol=1e-13)
    with pytest.raises(ValueError, match=r"shape \(3, 3\) but the run's vocabulary"):
        counts.optimum_targets(run, np.ones((3, 3)))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda: w.pmi([["a", "b"], ["c", "d"]]), TypeError, "numeric V×V array of counts"),
        (lambda: w.pmi(np.ones((2, 2, 2))), ValueError, "square V×V"),
        (lambda: w.fit_line(["a", "b"], [1, 2]), TypeError, "x and y must be numbers"),
        (lambda: w.remove_row_means(sparse.eye(3)), TypeError, "dense M"),
        (lambda: w.remove_row_means([1.0, 2.0]), ValueError, r"2-D matrix .*shape \(2,\)"),
        (
            lambda: counts.ppmi(sparse.csr_array(np.full((2, 2), -1.0))),
            ValueError,
            "finite and ≥ 0",
        ),
        (lambda: counts.ppmi(np.eye(2), k=0), ValueError, "k must be a whole number ≥ 1"),
        (lambda: counts.ppmi(sparse.csr_array((2, 3))), ValueError, "square V×V"),
    ],
)
def test_more_careless_inputs_get_clear_errors(call, error, message):
    with pytest.raises(error, match=message):
        call()


def test_pmi_accepts_a_list_of_lists():
    np.testing.assert_array_equal(
        w.pmi([[1, 2], [2, 1]]), w.pmi(np.array([[1.0, 2.0], [2.0, 1.0]]))
    )
