"""Why two output rows stop separating: each centre's share in the growth of ‖W′[b] − W′[a]‖.

Public API::

    separation_rates(W_in, W_out, X, a, b) -> np.ndarray   # V rates, one per centre c

The mathematics (full softmax, full-batch gradient flow, course notation; lesson 04, §4). With
n_c = Σ_o X[c, o] and p(j|c) the softmax of row c of S = W_in·W_outᵀ, gradient flow with step
η moves each output row by dW_out[j]/dt = η Σ_c (X[c, j] − n_c p(j|c)) W_in[c] (lesson 04, §1).
For the difference ΔW′ = W′[b] − W′[a] of two rows this gives

    d‖ΔW′‖/dt = Σ_c r_c,   r_c = η [(X[c, b] − X[c, a]) − n_c (p(b|c) − p(a|c))] · δ_c / ‖ΔW′‖,

with δ_c = W_in[c]·ΔW′ = S[c, b] − S[c, a], the gap between the two words' scores around c.

For a centre that sees a and b equally often (X[c, a] = X[c, b]), p(b|c) = p(a|c)·e^{δ_c}, so

    r_c = −η n_c p(a|c) (e^{δ_c} − 1) δ_c / ‖ΔW′‖ ≤ 0,

because e^δ − 1 has the sign of δ: **shared company can only pull the two rows together**
(exact, at every point of every run). Only centres whose counts differ can push the rows apart,
and their push, n_c[(p̂(b|c) − p(b|c)) − (p̂(a|c) − p(a|c))] with p̂(j|c) = X[c, j]/n_c, fades as the
model learns their company.
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks, _cost
from w2vlib.analysis.counts import checked_counts
from w2vlib.analysis.metric import SECONDS_PER_GIGAFLOP
from w2vlib.objectives import log_softmax

BLOCK_ENTRIES = 2**22
"""Scores held at once while the softmax runs over S's rows (32 MiB of float64): never V×V."""


def _two_predictions(W_in: np.ndarray, W_out: np.ndarray, a: int, b: int) -> np.ndarray:
    """V×2: p(a|c) and p(b|c) for every centre c, the softmax taken over blocks of S's rows."""
    V, N = W_in.shape
    _cost.work(
        f"separation_rates' softmax over a {V}×{V} score table",
        2 * V * V * N / 1e9 * SECONDS_PER_GIGAFLOP,
        "pass the weights of a smaller vocabulary (the rates need every centre's softmax).",
    )
    block = max(1, BLOCK_ENTRIES // V)
    predictions = np.empty((V, 2))
    for start in range(0, V, block):
        log_p = log_softmax(W_in[start : start + block] @ W_out.T)
        predictions[start : start + block] = np.exp(log_p[:, [a, b]])
    return predictions


def separation_rates(
    W_in: object, W_out: object, X: object, a: int, b: int, *, lr: float = 1.0
) -> np.ndarray:
    """r_c for every centre c: its share in d‖W′[b] − W′[a]‖/dt under full-softmax gradient flow.

    ``rates.sum()`` is the rate at which the two rows separate (> 0) or close (< 0);
    ``rates[c] <= 0`` for every centre with ``X[c, a] == X[c, b]`` (module doc). ``lr`` is η,
    the step per pair, so a full-batch step of size η changes ‖ΔW′‖ by about
    ``rates.sum()`` (to first order in η).
    """
    W_in = _checks.matrix("W_in", W_in).astype(np.float64, copy=False)
    W_out = _checks.matrix("W_out", W_out, cols=W_in.shape[1]).astype(np.float64, copy=False)
    X = checked_counts(X, "sparse", "separation_rates")  # only two columns and the row sums
    if len(W_out) != len(W_in):
        raise _checks.InputError(
            f"W_out has {len(W_out)} rows but W_in has {len(W_in)}: both must have one row per "
            "word of the same vocabulary (pass a run's run.W_in and run.W_out together)."
        )
    if X.shape[0] != len(W_in):
        raise _checks.InputError(
            f"X is {X.shape[0]}×{X.shape[1]} but W_in and W_out have {len(W_in)} rows: all three "
            "must index the same vocabulary (build X with the run's vocab)."
        )
    a, b = (
        int(_checks.indices(name, np.asarray(i), len(W_out), ndim=0))
        for name, i in (("a", a), ("b", b))
    )
    if a == b:
        raise _checks.InputError(
            f"a and b are the same word (index {a}): pick two different words."
        )
    lr = _checks.positive_float("lr", lr)
    delta = W_out[b] - W_out[a]
    length = float(np.linalg.norm(delta))
    if length == 0.0:
        raise _checks.InputError(
            "W′[a] and W′[b] are equal, so ‖W′[b] − W′[a]‖ has no direction to grow along: "
            "measure after the rows have moved apart (for example after one training step)."
        )
    p_a, p_b = _two_predictions(W_in, W_out, a, b).T
    x_a, x_b = np.asarray(X[:, [a, b]].toarray(), dtype=np.float64).T
    n = np.asarray(X.sum(axis=1), dtype=np.float64).ravel()
    gaps = W_in @ delta  # δ_c = S[c, b] − S[c, a]
    drive = (x_b - x_a) - n * (p_b - p_a)
    # Where the counts are equal, write the drive as −n_c·p(a|c)·(e^δ − 1) from the same δ_c it
    # multiplies, so the sign of the rate is exact rather than left to two separate roundings.
    shared = x_a == x_b
    drive[shared] = -n[shared] * p_a[shared] * np.expm1(gaps[shared])
    return lr * drive * gaps / length
