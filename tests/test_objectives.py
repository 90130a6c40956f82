"""The objectives' gradients, invariances and numerics, checked against independent computations.

Gradients are compared entry by entry with fourth-order central differences on
random problems drawn by hypothesis (V 2–50, N 1–16, B 1–64, K 1–10) whose
indices repeat often, because repeated centres, contexts and negatives are
exactly where a scatter-add gradient goes wrong.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import w2vlib as w
from w2vlib import objectives

# ---------------------------------------------------------------------------
# Finite differences
# ---------------------------------------------------------------------------

EPS = 1e-3
"""Step of the finite differences.

The fourth-order stencil has truncation error ~ EPS⁴·|L⁽⁵⁾|/30 ≈ 1e-13 and
rounding error ~ ε_mach·|L|/EPS ≈ 2e-13·|L|; EPS = 1e-3 balances the two
(measured: EPS = 1e-2 loses to truncation once scores reach ±30, 3e-4 to rounding).
"""

FLOOR = 1e-4
"""Relative error is |a − b| / max(|a|, |b|, FLOOR·(1 + |L|)).

An entry far below the finite-difference noise floor (≈ 2e-13·|L|, see EPS)
cannot be resolved relatively: exact zeros (rows a batch never touches) and
entries of 1e-12 would otherwise fail on rounding alone. Below FLOOR·(1 + |L|)
the test therefore demands an *absolute* agreement of 1e-7 × FLOOR·(1 + |L|)
≈ 1e-11·(1 + |L|): still a thousand times smaller than any gradient entry a
wrong formula (a missing 1/B, an extra y(1−y), a dropped repeat) produces.
"""

RTOL = 1e-7
ENTRIES_CHECKED_IN_FULL = 96  # problems with at most this many weights are checked entrywise
SAMPLED_ENTRIES = 40  # per matrix for larger problems, half of them in rows the batch touches
DIRECTIONS = 3  # random directional derivatives through all weights at once, for larger problems


def central_difference(loss: Callable[[], float], array: np.ndarray, index: tuple) -> float:
    """∂L/∂array[index] by the fourth-order central difference (error O(EPS⁴))."""
    original = array[index]
    values = []
    for step in (2 * EPS, EPS, -EPS, -2 * EPS):
        array[index] = original + step
        values.append(loss())
    array[index] = original
    return (-values[0] + 8 * values[1] - 8 * values[2] + values[3]) / (12 * EPS)


def relative_error(a: float, b: float, loss_value: float) -> float:
    return abs(a - b) / max(abs(a), abs(b), FLOOR * (1 + abs(loss_value)))


def assert_gradients_match(
    evaluate: Callable[[], tuple[float, np.ndarray, np.ndarray]],
    W_in: np.ndarray,
    W_out: np.ndarray,
    touched_in: np.ndarray,
    touched_out: np.ndarray,
    rng: np.random.Generator,
) -> None:
    """Compare (dW_in, dW_out) from ``evaluate`` with finite differences of its loss.

    ``evaluate`` reads W_in and W_out, which this function perturbs in place
    (and restores). ``touched_*`` are the rows the batch involves: sampled
    entries favour them, so most checked entries are non-zero.
    """
    loss_value, dW_in, dW_out = evaluate()
    assert dW_in.shape == W_in.shape and dW_out.shape == W_out.shape

    def loss() -> float:
        return evaluate()[0]

    V, N = W_in.shape
    failures = []
    for name, weights, grad, touched in (
        ("dW_in", W_in, dW_in, touched_in),
        ("dW_out", W_out, dW_out, touched_out),
    ):
        if 2 * V * N <= ENTRIES_CHECKED_IN_FULL:
            entries = [(i, j) for i in range(V) for j in range(N)]
        else:
            half = SAMPLED_ENTRIES // 2
            rows = np.r_[rng.choice(touched, half), rng.integers(0, V, half)]
            entries = list(zip(rows, rng.integers(0, N, len(rows)), strict=True))
        for index in entries:
            numeric = central_difference(loss, weights, index)
            error = relative_error(grad[index], numeric, loss_value)
            if error >= RTOL:
                failures.append(f"{name}{index}: analytic {grad[index]!r}, numeric {numeric!r}")
    assert not failures, "\n".join(failures[:5])

    if 2 * V * N > ENTRIES_CHECKED_IN_FULL:
        # directional derivatives see every entry at once, e.g. a wrong row that sampling missed
        base_in, base_out = W_in.copy(), W_out.copy()
        for _ in range(DIRECTIONS):
            d_in, d_out = rng.normal(size=W_in.shape), rng.normal(size=W_out.shape)
            norm = np.sqrt((d_in**2).sum() + (d_out**2).sum())
            d_in, d_out = d_in / norm, d_out / norm
            t = np.zeros(1)

            def along(d_in=d_in, d_out=d_out, t=t) -> float:
                W_in[...] = base_in + t[0] * d_in
                W_out[...] = base_out + t[0] * d_out
                return loss()

            numeric = central_difference(along, t, (0,))
            W_in[...], W_out[...] = base_in, base_out
            analytic = float((dW_in * d_in).sum() + (dW_out * d_out).sum())
            assert relative_error(analytic, numeric, loss_value) < RTOL, (analytic, numeric)


@st.composite
def problems(draw, cbow: bool = False) -> dict:
    """A random batch problem whose indices repeat often (they come from a small pool)."""
    V = draw(st.integers(2, 50), label="V")
    N = draw(st.integers(1, 16), label="N")
    B = draw(st.integers(1, 64), label="B")
    K = draw(st.integers(1, 10), label="K")
    scale = draw(st.sampled_from([0.1, 0.5, 1.0, 2.0]), label="weight scale")
    pool_size = draw(st.integers(1, V), label="distinct indices")
    seed = draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    pool = rng.choice(V, size=pool_size, replace=False)
    problem = dict(
        rng=rng,
        W_in=rng.normal(scale=scale, size=(V, N)),
        W_out=rng.normal(scale=scale, size=(V, N)),
        centers=rng.choice(pool, B),
        contexts=rng.choice(pool, B),
        negatives=rng.choice(pool, (B, K)),
    )
    if cbow:
        width = draw(st.integers(1, 3), label="window")
        windows = rng.choice(pool, (B, 2 * width))
        present = rng.random((B, 2 * width)) < 0.6
        present[np.arange(B), rng.integers(0, 2 * width, B)] = True  # at least one context word
        problem["windows"] = np.where(present, windows, -1)
    return problem


FD_SETTINGS = settings(
    max_examples=40,  # 40 fixed problems per objective: each checks every touched entry
    deadline=None,
    derandomize=True,  # the same problems on every run: a failure is reproducible as is
    database=None,
    suppress_health_check=[HealthCheck.too_slow],
)


@FD_SETTINGS
@given(problems())
def test_softmax_gradients_match_finite_differences(p):
    W_in, W_out, c, o = p["W_in"], p["W_out"], p["centers"], p["contexts"]
    assert_gradients_match(
        lambda: w.softmax_loss_and_grads(W_in, W_out, c, o),
        W_in,
        W_out,
        touched_in=c,
        touched_out=np.arange(len(W_out)),  # every output row moves under the full softmax
        rng=p["rng"],
    )


@FD_SETTINGS
@given(problems())
def test_negative_sampling_gradients_match_finite_differences(p):
    W_in, W_out, c, o, n = p["W_in"], p["W_out"], p["centers"], p["contexts"], p["negatives"]
    assert_gradients_match(
        lambda: w.negative_sampling_loss_and_grads(W_in, W_out, c, o, n),
        W_in,
        W_out,
        touched_in=c,
        touched_out=np.r_[o, n.ravel()],
        rng=p["rng"],
    )


@FD_SETTINGS
@given(problems(cbow=True))
def test_cbow_softmax_gradients_match_finite_differences(p):
    W_in, W_out, windows, c = p["W_in"], p["W_out"], p["windows"], p["centers"]
    assert_gradients_match(
        lambda: w.cbow_softmax_loss_and_grads(W_in, W_out, windows, c),
        W_in,
        W_out,
        touched_in=windows[windows >= 0],
        touched_out=np.arange(len(W_out)),
        rng=p["rng"],
    )


@FD_SETTINGS
@given(problems(cbow=True))
def test_cbow_negative_sampling_gradients_match_finite_differences(p):
    W_in, W_out, windows, c, n = p["W_in"], p["W_out"], p["windows"], p["centers"], p["negatives"]
    assert_gradients_match(
        lambda: w.cbow_negative_sampling_loss_and_grads(W_in, W_out, windows, c, n),
        W_in,
        W_out,
        touched_in=windows[windows >= 0],
        touched_out=np.r_[c, n.ravel()],
        rng=p["rng"],
    )


def test_finite_difference_check_catches_a_wrong_gradient():
    """The checker itself can fail: the y(1−y) bug of a popular demo is caught."""
    rng = np.random.default_rng(0)
    W_in, W_out = rng.normal(size=(6, 3)), rng.normal(size=(6, 3))
    c, o = np.array([0, 1, 1]), np.array([2, 3, 2])

    def buggy():
        loss, dW_in, dW_out = w.softmax_loss_and_grads(W_in, W_out, c, o)
        y = w.softmax(W_in[c] @ W_out.T)
        E = (y - np.eye(6)[o]) * y * (1 - y) / len(c)
        return loss, dW_in, E.T @ W_in[c]

    with pytest.raises(AssertionError, match="dW_out"):
        assert_gradients_match(buggy, W_in, W_out, c, np.arange(6), rng)


# ---------------------------------------------------------------------------
# The losses themselves, against direct formulas
# ---------------------------------------------------------------------------


def test_losses_equal_their_definitions():
    rng = np.random.default_rng(1)
    V, N, B, K = 7, 4, 9, 3
    W_in, W_out = rng.normal(size=(V, N)), rng.normal(size=(V, N))
    c, o, n = rng.integers(0, V, B), rng.integers(0, V, B), rng.integers(0, V, (B, K))
    softmax_loss = np.mean(
        [
            -np.log(np.exp(W_out @ W_in[ci])[oi] / np.exp(W_out @ W_in[ci]).sum())
            for ci, oi in zip(c, o, strict=True)
        ]
    )
    ns_loss = np.mean(
        [
            np.log1p(np.exp(-W_out[oi] @ W_in[ci]))
            + sum(np.log1p(np.exp(W_out[k] @ W_in[ci])) for k in ks)
            for ci, oi, ks in zip(c, o, n, strict=True)
        ]
    )
    np.testing.assert_allclose(w.softmax_loss_and_grads(W_in, W_out, c, o)[0], softmax_loss, 1e-13)
    np.testing.assert_allclose(
        w.negative_sampling_loss_and_grads(W_in, W_out, c, o, n)[0], ns_loss, 1e-13
    )

    windows = np.array([[0, 1, -1, 2], [3, -1, -1, -1], [4, 4, 5, 6]])
    H = np.array([W_in[[0, 1, 2]].mean(0), W_in[3], W_in[[4, 4, 5, 6]].mean(0)])
    centers = np.array([5, 0, 1])
    expected = np.mean(
        [-(W_out @ h)[t] + np.log(np.exp(W_out @ h).sum()) for h, t in zip(H, centers, strict=True)]
    )
    np.testing.assert_allclose(
        w.cbow_softmax_loss_and_grads(W_in, W_out, windows, centers)[0], expected, 1e-13
    )


def test_activation_helpers_equal_their_formulas():
    x = np.linspace(-20, 20, 41)
    np.testing.assert_allclose(w.sigmoid(x), 1 / (1 + np.exp(-x)), rtol=1e-14)
    np.testing.assert_allclose(objectives.log_sigmoid(x), -np.log1p(np.exp(-x)), rtol=1e-14)
    U = np.random.default_rng(2).normal(size=(3, 5)) * 4
    np.testing.assert_allclose(w.softmax(U), np.exp(U) / np.exp(U).sum(1, keepdims=True), 1e-14)
    np.testing.assert_allclose(w.log_softmax(U), np.log(w.softmax(U)), rtol=1e-13, atol=1e-14)


# ---------------------------------------------------------------------------
# Invariants
# ---------------------------------------------------------------------------


def random_problem(seed: int, V: int = 9, N: int = 4, B: int = 20, K: int = 4):
    rng = np.random.default_rng(seed)
    return (
        rng.normal(size=(V, N)),
        rng.normal(size=(V, N)),
        rng.integers(0, V, B),
        rng.integers(0, V, B),
        rng.integers(0, V, (B, K)),
        np.c_[
            rng.integers(0, V, (B, 1)),
            np.where(rng.random((B, 3)) < 0.5, -1, rng.integers(0, V, (B, 3))),
        ],
    )


@pytest.mark.parametrize("seed", range(5))
def test_softmax_output_gradient_rows_sum_to_zero(seed):
    """Σ_j ∂L/∂W_out[j] = Σ_b (Σ_j (y_bj − t_bj))·h_b = 0: the centroid of W_out cannot move."""
    W_in, W_out, c, o, _, windows = random_problem(seed)
    _, _, dW_out = w.softmax_loss_and_grads(W_in, W_out, c, o)
    np.testing.assert_allclose(dW_out.sum(axis=0), 0, atol=1e-15)
    assert np.abs(dW_out).max() > 1e-3  # not trivially zero
    _, _, dW_out = w.cbow_softmax_loss_and_grads(W_in, W_out, windows, c)
    np.testing.assert_allclose(dW_out.sum(axis=0), 0, atol=1e-15)


def test_negative_sampling_output_gradient_rows_do_not_sum_to_zero():
    """The contrast: under SGNS the centroid of W_out does move (so centring is a softmax fact)."""
    W_in, W_out, c, o, n, _ = random_problem(0)
    _, _, dW_out = w.negative_sampling_loss_and_grads(W_in, W_out, c, o, n)
    assert np.abs(dW_out.sum(axis=0)).max() > 1e-2


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_training_under_softmax_never_moves_the_mean_output_vector(arch):
    run = w.train(
        w.toy_corpus("pets_vehicles", repeats=3),
        arch=arch,
        objective="softmax",
        dim=5,
        epochs=5,
        lr=0.05,
        init_out="random",
        snapshot_every=1000,
        progress=False,
    )
    start = run.snapshots[0].W_out
    assert np.abs(run.W_out - start).max() > 0.1  # the rows did move…
    np.testing.assert_allclose(run.W_out.mean(axis=0), start.mean(axis=0), rtol=0, atol=1e-12)


@pytest.mark.parametrize("seed", range(5))
def test_softmax_loss_ignores_a_shift_of_every_output_vector(seed):
    W_in, W_out, c, o, _, windows = random_problem(seed)
    shift = np.random.default_rng(100 + seed).normal(size=W_out.shape[1]) * 3
    for loss_of in (
        lambda Wo: w.softmax_loss_and_grads(W_in, Wo, c, o)[0],
        lambda Wo: w.cbow_softmax_loss_and_grads(W_in, Wo, windows, c)[0],
    ):
        np.testing.assert_allclose(loss_of(W_out + shift), loss_of(W_out), rtol=1e-12)
    # …which is special to the softmax: the SGNS loss does change
    n = np.zeros((len(c), 2), dtype=int)
    before = w.negative_sampling_loss_and_grads(W_in, W_out, c, o, n)[0]
    after = w.negative_sampling_loss_and_grads(W_in, W_out + shift, c, o, n)[0]
    assert abs(after - before) > 1e-3


@pytest.mark.parametrize("seed", range(5))
def test_losses_ignore_an_invertible_change_of_basis(seed):
    """W_in → W_in·A, W_out → W_out·A^{-T} keeps every score W_out[j]·W_in[c], so every loss."""
    W_in, W_out, c, o, n, windows = random_problem(seed)
    rng = np.random.default_rng(200 + seed)
    Q1, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    Q2, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    A = (
        Q1 @ np.diag([0.5, 1.0, 1.5, 2.0]) @ Q2
    )  # condition number 4: well conditioned, not orthogonal
    W_in2, W_out2 = W_in @ A, W_out @ np.linalg.inv(A).T
    assert np.abs(W_in2 - W_in).max() > 0.1
    pairs = [
        (w.softmax_loss_and_grads, (c, o)),
        (w.negative_sampling_loss_and_grads, (c, o, n)),
        (w.cbow_softmax_loss_and_grads, (windows, c)),
        (w.cbow_negative_sampling_loss_and_grads, (windows, c, n)),
    ]
    for fn, args in pairs:
        np.testing.assert_allclose(
            fn(W_in2, W_out2, *args)[0], fn(W_in, W_out, *args)[0], rtol=1e-12
        )


# ---------------------------------------------------------------------------
# Numerics at extreme scores
# ---------------------------------------------------------------------------


def test_scores_of_plus_minus_1e4_give_finite_exact_losses_without_warnings():
    # N = 1: the scores are W_out[j]·W_in[c] = ±1e4 exactly
    W_in = np.array([[100.0], [-100.0]])
    W_out = np.array([[100.0], [-100.0]])
    c, o = np.array([0, 0, 1]), np.array([1, 0, 1])
    negatives = np.array([[0], [1], [0]])
    windows = np.array([[0, -1], [0, 0], [1, -1]])
    # every floating-point problem raises except underflow: exp(−2e4) rounding to 0 is exact enough
    with warnings.catch_warnings(), np.errstate(all="raise", under="ignore"):
        warnings.simplefilter("error")
        sm = w.softmax_loss_and_grads(W_in, W_out, c, o)
        ns = w.negative_sampling_loss_and_grads(W_in, W_out, c, o, negatives)
        cs = w.cbow_softmax_loss_and_grads(W_in, W_out, windows, o)
        cn = w.cbow_negative_sampling_loss_and_grads(W_in, W_out, windows, o, negatives)
        w.log_softmax(np.array([1e4, -1e4]))
        objectives.log_sigmoid(np.array([1e4, -1e4]))
    for loss, dW_in, dW_out in (sm, ns, cs, cn):
        assert np.isfinite(loss) and np.isfinite(dW_in).all() and np.isfinite(dW_out).all()
    # pair 0 predicts word 1 with score −1e4 against 1e4: −log y = 2e4; the other two are ≈ 0
    np.testing.assert_allclose(sm[0], 2e4 / 3, rtol=1e-15)
    # SGNS: pair 0 pays −log σ(−1e4) = 1e4 for its positive and −log σ(−1e4) = 1e4 for negative 0
    # pair 1: positive 0 (score 1e4, free), negative 1 (score −1e4, free); pair 2 likewise free
    np.testing.assert_allclose(ns[0], 2e4 / 3, rtol=1e-15)
    # the softmax gradient saturates at y − t = ±1, never at inf
    np.testing.assert_allclose(sm[2], [[100 / 3], [-100 / 3]], rtol=1e-15)


# ---------------------------------------------------------------------------
# Errors
# ---------------------------------------------------------------------------


def good_args():
    rng = np.random.default_rng(3)
    return dict(
        W_in=rng.normal(size=(5, 3)),
        W_out=rng.normal(size=(5, 3)),
        centers=np.array([0, 1, 4]),
        contexts=np.array([1, 2, 3]),
        negatives=np.array([[0, 1], [2, 3], [4, 4]]),
        windows=np.array([[0, -1], [1, 2], [3, 4]]),
    )


def call(kind: str, a: dict):
    if kind == "softmax":
        return w.softmax_loss_and_grads(a["W_in"], a["W_out"], a["centers"], a["contexts"])
    if kind == "negative":
        return w.negative_sampling_loss_and_grads(
            a["W_in"], a["W_out"], a["centers"], a["contexts"], a["negatives"]
        )
    if kind == "cbow_softmax":
        return w.cbow_softmax_loss_and_grads(a["W_in"], a["W_out"], a["windows"], a["centers"])
    return w.cbow_negative_sampling_loss_and_grads(
        a["W_in"], a["W_out"], a["windows"], a["centers"], a["negatives"]
    )


KINDS = ["softmax", "negative", "cbow_softmax", "cbow_negative"]


@pytest.mark.parametrize("kind", KINDS)
def test_good_arguments_are_accepted_and_left_unchanged(kind):
    args = good_args()
    loss, dW_in, dW_out = call(kind, args)
    assert np.isfinite(loss) and dW_in.shape == dW_out.shape == (5, 3)
    for name, value in good_args().items():  # the objectives compute; they never update in place
        np.testing.assert_array_equal(args[name], value, err_msg=name)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("change", "error", "message"),
    [
        (dict(W_out=np.zeros((4, 3))), ValueError, r"W_out has 4 rows but 5 were expected"),
        (dict(W_out=np.zeros((5, 2))), ValueError, r"W_out has 2 columns but 3 were expected"),
        (dict(W_in=np.zeros(5)), ValueError, r"W_in must be a 2-D array"),
        (dict(centers=np.array([0, 1, 5])), IndexError, r"centers holds index 5.*0\.\.V-1"),
        (dict(centers=np.array([0, -1, 2])), IndexError, r"centers holds index -1"),
        (dict(centers=np.array([0.0, 1.0, 2.0])), ValueError, r"centers must hold integer"),
        (dict(centers=np.array([0, 1])), ValueError, r"same length"),
        (dict(centers=np.array([[0, 1, 2]])), ValueError, r"centers must be a 1-D array"),
    ],
)
def test_bad_weights_and_centres_are_named(kind, change, error, message):
    with pytest.raises(error, match=message):
        call(kind, {**good_args(), **change})


@pytest.mark.parametrize(
    ("kind", "change", "error", "message"),
    [
        ("softmax", dict(contexts=np.array([0, 1, 9])), IndexError, r"contexts holds index 9"),
        ("softmax", dict(contexts=np.array([0, 1])), ValueError, r"contexts has 2"),
        (
            "softmax",
            dict(centers=np.array([], int), contexts=np.array([], int)),
            ValueError,
            "batch is empty",
        ),
        ("negative", dict(negatives=np.array([0, 1, 2])), ValueError, r"negatives must be a 2-D"),
        ("negative", dict(negatives=np.zeros((2, 2), int)), ValueError, r"negatives has 2"),
        ("negative", dict(negatives=np.full((3, 2), 5)), IndexError, r"negatives holds index 5"),
        ("cbow_softmax", dict(windows=np.array([0, 1, 2])), ValueError, r"windows must be B×2w"),
        ("cbow_softmax", dict(windows=np.array([[0, -2]] * 3)), IndexError, r"−1 for padding"),
        (
            "cbow_softmax",
            dict(windows=np.array([[0, 7]] * 3)),
            IndexError,
            r"windows holds index 7",
        ),
        ("cbow_softmax", dict(windows=np.array([[0, 1]] * 2)), ValueError, r"windows has 2"),
        (
            "cbow_softmax",
            dict(windows=np.array([[0, 1], [-1, -1], [2, 2]])),
            ValueError,
            "no context",
        ),
        ("cbow_negative", dict(negatives=np.zeros((2, 2), int)), ValueError, r"negatives has 2"),
        ("cbow_negative", dict(negatives=np.full((3, 1), -3)), IndexError, r"negatives holds"),
    ],
)
def test_bad_batches_are_named(kind, change, error, message):
    with pytest.raises(error, match=message):
        call(kind, {**good_args(), **change})


def test_numerical_gradient_matches_known_derivatives():
    z = np.array([[0.3, -1.2], [2.0, 0.5]])
    np.testing.assert_allclose(w.numerical_gradient(lambda x: (x**3).sum(), z), 3 * z**2, atol=1e-8)
    # an array-valued f: the Jacobian of softmax is diag(y) − y·yᵀ, shape f(z).shape + z.shape
    u = np.array([0.1, -0.4, 1.3])
    y = w.softmax(u)
    np.testing.assert_allclose(
        w.numerical_gradient(w.softmax, u), np.diag(y) - np.outer(y, y), atol=1e-9
    )
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        w.numerical_gradient(np.sum, z, eps=0)
    with pytest.raises(TypeError, match="f must be a function"):
        w.numerical_gradient("sum", z)


def test_the_tied_gradient_is_the_derivative_of_the_tied_loss():
    rng = np.random.default_rng(5)
    W = rng.normal(size=(6, 3))
    centers, contexts = np.array([0, 2, 2, 5]), np.array([1, 1, 4, 0])
    loss, grad = w.tied_softmax_loss_and_grad(W, centers, contexts)
    numeric = w.numerical_gradient(
        lambda M: w.tied_softmax_loss_and_grad(M, centers, contexts)[0], W
    )
    np.testing.assert_allclose(grad, numeric, atol=1e-8)
    assert loss == w.softmax_loss_and_grads(W, W, centers, contexts)[0]
