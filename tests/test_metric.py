"""The crux's exact statements (w2vlib.analysis.metric) against independent computations."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from scipy.linalg import sqrtm

import w2vlib as w
from w2vlib.analysis import metric
from w2vlib.analysis.evaluation import normalize_rows


def _factors(seed=0, V=9, N=4):
    g = np.random.default_rng(seed)
    return g.normal(size=(V, N)), g.normal(size=(V, N))


def _rank2_counterexample() -> np.ndarray:
    """S = Q·diag(100, 1)·Qᵀ-like with rows a=0, b=1 of Q ∝ (0.104, 1) and (−0.066, 1)."""
    R = 0.3 * np.array([[0.104, 1.0], [-0.066, 1.0]])  # two rows of Q, small enough to complete
    rest = np.real(sqrtm(np.eye(2) - R.T @ R))  # two more rows make QᵀQ = I
    Q = np.vstack([R, rest])
    U = np.linalg.qr(np.random.default_rng(0).normal(size=(4, 2)))[0]
    return (U * [100.0, 1.0]) @ Q.T


def test_metric_distance_is_the_column_distance_for_any_factorisation():
    W_in, W_out = _factors()
    S = W_in @ W_out.T
    for a, b in [(0, 1), (2, 7), (8, 3)]:
        expected = np.sum((S[:, a] - S[:, b]) ** 2)
        assert w.metric_distance(W_in, W_out, a, b) == pytest.approx(expected, rel=1e-12)
    # a gauge (W_in·A, W_out·A⁻ᵀ) changes the rows of W′ but not the distance
    A = np.random.default_rng(5).normal(size=(4, 4))
    W_in2, W_out2 = W_in @ A, W_out @ np.linalg.inv(A).T
    assert np.linalg.norm((W_out2[0] - W_out2[1]) - (W_out[0] - W_out[1])) > 0.1
    assert w.metric_distance(W_in2, W_out2, 0, 1) == pytest.approx(
        w.metric_distance(W_in, W_out, 0, 1), rel=1e-9
    )
    assert w.metric_distance(W_in, W_out, 4, 4) == 0.0


def test_balanced_grams_are_matrix_square_roots():
    S = np.random.default_rng(1).normal(size=(7, 7))  # full rank: sqrtm is accurate
    G_in, G_out = w.balanced_grams(S)
    np.testing.assert_allclose(G_in, sqrtm(S @ S.T).real, atol=1e-9)
    np.testing.assert_allclose(G_out, sqrtm(S.T @ S).real, atol=1e-9)
    np.testing.assert_allclose(G_out @ G_out, S.T @ S, atol=1e-9)


def test_balanced_grams_match_every_balanced_factorisation():
    W_in, W_out = _factors(2)
    B_in, B_out = w.balanced_split(W_in, W_out)
    # any orthogonal O keeps balance: (B_in·O, B_out·O)
    O = np.linalg.qr(np.random.default_rng(4).normal(size=(4, 4)))[0]
    G_in, G_out = w.balanced_grams(W_in @ W_out.T)
    for P_in, P_out in [(B_in, B_out), (B_in @ O, B_out @ O)]:
        np.testing.assert_allclose(P_in @ P_in.T, G_in, atol=1e-9)
        np.testing.assert_allclose(P_out @ P_out.T, G_out, atol=1e-9)


def test_matrix_abs_against_sqrtm_and_sign_flips():
    g = np.random.default_rng(3)
    M = g.normal(size=(6, 6))
    S = M + M.T  # indefinite
    assert np.linalg.eigvalsh(S).min() < 0 < np.linalg.eigvalsh(S).max()
    A = w.matrix_abs(S)
    np.testing.assert_allclose(A, sqrtm(S @ S).real, atol=1e-9)
    assert np.linalg.eigvalsh(A).min() > -1e-10
    P = M @ M.T  # positive definite: |P| = P
    np.testing.assert_allclose(w.matrix_abs(P), P, atol=1e-10)
    W, W2 = w.symmetric_balanced_split(S)
    np.testing.assert_allclose(W @ W2.T, S, atol=1e-10)
    np.testing.assert_allclose(W @ W.T, A, atol=1e-10)
    np.testing.assert_allclose(W2 @ W2.T, A, atol=1e-10)
    np.testing.assert_allclose(W.T @ W, W2.T @ W2, atol=1e-10)  # balanced
    np.testing.assert_allclose(np.sum(W * W2, axis=1), np.diag(S), atol=1e-10)
    # within-space cosines coincide, own-row cosines do not
    np.testing.assert_allclose(w.cosine_matrix(W), w.cosine_matrix(W2), atol=1e-10)
    own = np.sum(normalize_rows(W) * normalize_rows(W2), axis=1)
    assert own.min() < 0.9


def test_float32_symmetric_input_is_accepted_and_a_large_S_gets_a_time_estimate():
    g = np.random.default_rng(9)
    M = g.normal(size=(30, 30))
    R = np.linalg.qr(g.normal(size=(30, 30)))[0].astype(np.float32)
    S32 = (R @ ((M + M.T) / 2).astype(np.float32)) @ R.T  # symmetric up to float32 rounding
    assert np.abs(S32 - S32.T).max() > 0
    np.testing.assert_allclose(w.matrix_abs(S32), w.matrix_abs((S32 + S32.T) / 2), atol=1e-4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # a small S: no estimate
        w.balanced_grams(M)
    with pytest.warns(UserWarning, match="may take about"):  # the check only, not the work
        metric._square("S", np.zeros((2500, 2500), dtype=np.float32))


def test_balanced_grams_for_symmetric_S_are_matrix_abs():
    M = np.random.default_rng(6).normal(size=(5, 5))
    S = M + M.T
    G_in, G_out = w.balanced_grams(S)
    np.testing.assert_allclose(G_in, w.matrix_abs(S), atol=1e-10)
    np.testing.assert_allclose(G_out, w.matrix_abs(S), atol=1e-10)


def _low_rank_cases(seed: int, count: int):
    """Random low-rank S (3 to 11 words), a pair (a, b), its balanced rows from an explicit SVD."""
    g = np.random.default_rng(seed)
    for case in range(count):
        V, rank = g.integers(3, 12), g.integers(1, 4)
        S = g.normal(size=(V, rank)) @ (g.normal(size=(rank, V)) * g.exponential(3, size=(rank, 1)))
        a, b = g.choice(V, 2, replace=False)
        _, B_out = w.balanced_split(*w.truncated_svd(S, min(rank, V), method="exact").factors())
        yield case, S, a, b, B_out, np.linalg.svd(S, compute_uv=False)[0]


def test_two_sided_bound_holds_and_is_computed_from_an_explicit_svd():
    for case, S, a, b, B_out, sigma_max in _low_rank_cases(7, 200):
        bounds = w.balanced_distance_bounds(S, a, b)
        column = np.linalg.norm(S[:, a] - S[:, b])
        row_sq = np.sum((B_out[a] - B_out[b]) ** 2)
        assert bounds.value == pytest.approx(row_sq, rel=1e-8, abs=1e-10), case
        assert bounds.lower == pytest.approx(column**2 / sigma_max, rel=1e-10), case
        assert bounds.upper == pytest.approx(np.sqrt(2) * column, rel=1e-10), case
        assert bounds.holds and bounds.lower <= row_sq * (1 + 1e-9) <= bounds.upper * (1 + 1e-9)


def test_cosine_form_matches_balanced_rows_and_holds():
    tightest = -np.inf
    for case, S, a, b, B_out, sigma_max in _low_rank_cases(9, 300):
        bounds = w.balanced_distance_bounds(S, a, b)
        assert bounds.cosine == pytest.approx(w.cosine(B_out[a], B_out[b]), abs=1e-8), case
        by_hand = 1 - sigma_max * np.linalg.norm(S[:, a] - S[:, b]) / (
            np.sqrt(2) * np.linalg.norm(S[:, a]) * np.linalg.norm(S[:, b])
        )
        assert bounds.cosine_floor == pytest.approx(max(-1.0, by_hand), abs=1e-10), case
        assert bounds.holds and bounds.cosine >= bounds.cosine_floor - 1e-9, case
        if by_hand > -1:
            tightest = max(tightest, (1 - bounds.cosine) / (1 - by_hand + 1e-300))
    assert 0 < tightest <= 1 + 1e-9  # the floor is never crossed


def test_a_zero_column_always_has_no_cosine():
    g = np.random.default_rng(11)
    for case in range(50):  # the SVD's own column lengths would leave rounding noise here
        S = g.normal(size=(6, 6))
        S[:, 2] = 0.0
        zero = w.balanced_distance_bounds(S, 2, 4)
        assert np.isnan(zero.cosine) and zero.cosine_floor == -1.0 and zero.holds, case


def test_cosine_floor_is_one_for_equal_columns_and_minus_one_for_a_zero_column():
    S = np.array([[2.0, 2.0, 0.0, 1.0], [1.0, 1.0, 0.0, -1.0], [0.5, 0.5, 0.0, 3.0]])
    S = np.vstack([S, S[:1]])  # square 4×4
    equal = w.balanced_distance_bounds(S, 0, 1)
    assert equal.cosine_floor == pytest.approx(1.0) and equal.cosine == pytest.approx(1.0)
    zero = w.balanced_distance_bounds(S, 0, 2)
    assert zero.cosine_floor == -1.0 and np.isnan(zero.cosine) and zero.holds


def test_bounds_are_attained_so_they_cannot_be_tightened():
    # lower side: ΔS along the top singular direction only; upper side: rank 1, two opposite words
    S = np.diag([5.0, 1.0, 1.0])
    tight_low = w.balanced_distance_bounds(S, 0, 2)
    assert tight_low.value > tight_low.lower  # mixed directions: strict
    Q = np.array([[1.0], [-1.0]]) / np.sqrt(2)
    S1 = 3.0 * Q @ Q.T
    both = w.balanced_distance_bounds(S1, 0, 1)
    assert both.value == pytest.approx(both.upper) and both.value == pytest.approx(both.lower)


def test_bounds_vectorised_over_pairs():
    S = np.random.default_rng(8).normal(size=(6, 6))
    many = w.balanced_distance_bounds(S, [0, 1, 2], [3, 4, 5])
    for k, (a, b) in enumerate([(0, 3), (1, 4), (2, 5)]):
        one = w.balanced_distance_bounds(S, a, b)
        assert many.value[k] == pytest.approx(one.value)
        assert many.upper[k] == pytest.approx(one.upper)


def test_rows_are_not_as_alike_as_columns():
    S = _rank2_counterexample()
    np.testing.assert_allclose(np.linalg.svd(S, compute_uv=False)[:2], [100, 1], rtol=1e-10)
    column_cos = w.cosine(S[:, 0], S[:, 1])
    _, G_out = w.balanced_grams(S)
    row_cos = G_out[0, 1] / np.sqrt(G_out[0, 0] * G_out[1, 1])
    assert column_cos == pytest.approx(-0.97, abs=0.005)
    assert row_cos == pytest.approx(0.18, abs=0.005)
    assert w.balanced_distance_bounds(S, 0, 1).holds


def test_distance_from_balanced_against_the_V_by_V_square_roots():
    for seed in range(20):
        W_in, W_out = _factors(seed, V=7, N=3)
        W_out = W_out @ np.diag([5.0, 1.0, 0.2])  # far from balanced
        S = W_in @ W_out.T
        gap = w.distance_from_balanced(W_in, W_out)
        out = np.linalg.norm(W_out @ W_out.T - np.real(sqrtm(S.T @ S)))
        in_ = np.linalg.norm(W_in @ W_in.T - np.real(sqrtm(S @ S.T)))
        assert gap.out == pytest.approx(out, rel=1e-6, abs=1e-8)
        assert gap.in_ == pytest.approx(in_, rel=1e-6, abs=1e-8)
        assert gap.imbalance == pytest.approx(
            np.linalg.norm(W_in.T @ W_in - W_out.T @ W_out), rel=1e-12
        )


def test_nearly_balanced_factors_have_nearly_the_balanced_grams():
    """‖W′W′ᵀ − (SᵀS)^½‖ ≤ ‖D‖ for any factors, ≈ ‖D‖/2 near balance, 0 when balanced."""
    g = np.random.default_rng(7)
    for _ in range(300):
        V, N = int(g.integers(3, 12)), int(g.integers(1, 5))
        W_in = g.normal(size=(V, N)) * np.exp(g.normal(scale=2, size=N))
        W_out = g.normal(size=(V, N)) @ g.normal(size=(N, N))
        gap = w.distance_from_balanced(W_in, W_out)
        assert gap.out <= gap.imbalance * (1 + 1e-9) and gap.in_ <= gap.imbalance * (1 + 1e-9)
    B_in, B_out = w.balanced_split(*_factors(1))
    assert w.distance_from_balanced(B_in, B_out).out < 1e-10
    A = np.eye(4) + 1e-4 * np.random.default_rng(2).normal(size=(4, 4))  # a small gauge
    near = w.distance_from_balanced(B_in @ A, B_out @ np.linalg.inv(A).T)
    assert 0 < near.out <= 0.5 * near.imbalance * (1 + 1e-3)
    tiny_in = w.distance_from_balanced(1e-3 * B_in, 1e3 * B_out)  # the bound is tight
    assert tiny_in.out == pytest.approx(tiny_in.imbalance, rel=1e-3)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: w.matrix_abs(np.arange(6.0).reshape(2, 3)), "square symmetric"),
        (lambda: w.matrix_abs(np.array([[0.0, 1.0], [2.0, 0.0]])), "balanced_grams"),
        (lambda: w.matrix_abs(np.array([[np.nan, 1.0], [1.0, 0.0]])), "NaN or inf"),
        (lambda: w.balanced_grams(np.ones(3)), "2-D"),
        (lambda: w.metric_distance(np.ones((3, 2)), np.ones((3, 4)), 0, 1), "same dimension"),
        (lambda: w.metric_distance(np.ones((3, 2)), np.ones((3, 2)), 0, 3), "outside"),
        (lambda: w.balanced_distance_bounds(np.ones((3, 3)), [0, 1], [2]), "same length"),
        (lambda: w.balanced_distance_bounds(np.zeros((3, 3)), 0, 1), "zero matrix"),
        (lambda: w.distance_from_balanced(np.ones((3, 2)), np.ones((3, 4))), "same dimension"),
        (lambda: w.distance_from_balanced(np.full((3, 2), np.inf), np.ones((3, 2))), "NaN or inf"),
    ],
)
def test_bad_input_gets_a_clear_message(call, message):
    with pytest.raises((ValueError, TypeError, IndexError), match=message):
        call()
