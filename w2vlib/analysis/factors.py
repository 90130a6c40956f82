"""The one truncated SVD, balanced factors, the imbalance of a trained pair, count-weighted fits.

The loss sees only S = W_in·W_outᵀ; any invertible A gives the same S from
(W_in·A, W_out·A^{-T}). Among all these splits one is *balanced*: with the
thin SVD S = U·Σ·Qᵀ (rank ≤ N),

    B_in = U·√Σ,   B_out = Q·√Σ,   B_in·B_outᵀ = S,   B_inᵀB_in = B_outᵀB_out = Σ.

For balanced factors, W_out·W_outᵀ = Q·Σ·Qᵀ = (SᵀS)^½ and W_in·W_inᵀ = (S·Sᵀ)^½:
the cosines between rows of W_out are fixed by S alone, though they are not the
cosines between columns of S: the square root weighs direction i by √σᵢ, not σᵢ
(analysis/metric.py). Gradient flow conserves W_inᵀW_in − W_outᵀW_out when both
factors take the same step along exact gradients without weight decay (proof in
10_appendix_gauge_and_balance), and word2vec starts it near 0.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from w2vlib import _checks
from w2vlib.analysis.counts import checked_counts

SVD_METHODS = ("auto", "exact", "randomized")
EXACT_UP_TO = 2000  # "auto": numpy's full SVD for a dense M with min(M.shape) up to this


class TruncatedSVD(NamedTuple):
    """M ≈ U·diag(S)·Vt with ``dim`` singular values S, largest first."""

    U: np.ndarray
    S: np.ndarray
    Vt: np.ndarray

    def factors(self, weighting: float = 0.5) -> tuple[np.ndarray, np.ndarray]:
        """(A, B) = (U·Σ^p, V·Σ^(1−p)) with p = ``weighting``: M ≈ A·Bᵀ for every p.

        p = ½ (the default) is the balanced split, the one whose factors carry equal
        weight (AᵀA = BᵀB = Σ), as trained W_in and W_out nearly do. Levy, Goldberg &
        Dagan (2015) compare word vectors U·Σ^p for p = 0, ½ and 1.
        """
        if isinstance(weighting, bool) or not isinstance(weighting, int | float | np.number):
            raise _checks.InputError(
                f"weighting must be a number such as 0, 0.5 or 1, got {weighting!r}."
            )
        if not 0 <= weighting <= 1:
            raise _checks.InputError(
                f"weighting must lie in [0, 1] (Levy et al. use 0, 0.5 and 1), got {weighting}."
            )
        if weighting == 0.5:  # √Σ exactly, the same rounding on both sides
            root = np.sqrt(self.S)
            return self.U * root, self.Vt.T * root
        return self.U * self.S**weighting, self.Vt.T * self.S ** (1 - weighting)


def truncated_svd(
    M: object, dim: int, *, method: str = "auto", seed: int = 0, n_iter: int = 4
) -> TruncatedSVD:
    """The best rank-``dim`` approximation of M (dense or ``scipy.sparse``): M ≈ U·diag(S)·Vt.

    ``.factors(p)`` splits it into (U·Σ^p, V·Σ^(1−p)); p = ½ is the balanced split.
    Any invertible Q gives the same product from (A·Q, B·Q^{-T}), so only A·Bᵀ is unique.

    ``method="exact"``: numpy's full SVD (LAPACK), exact to rounding, for the
    toy matrices of the lessons (no scikit-learn import). ``"randomized"``:
    scikit-learn's ``randomized_svd`` (Halko et al. 2011) with ``n_iter`` power
    iterations and ``seed`` for its random start, for a (P)PMI matrix of a real
    vocabulary, never densified. ``"auto"`` is exact for a dense M with
    min(M.shape) ≤ 2000, randomized otherwise.
    """
    dim = _checks.positive_int("dim", dim)
    method = _checks.choice("method", method, SVD_METHODS)
    seed = _checks.seed(seed)
    n_iter = _checks.positive_int("n_iter", n_iter)
    is_sparse = _checks.is_sparse(M)
    if is_sparse:
        M = M.tocsr().astype(np.float64)
    else:
        M = np.asarray(M)
        if M.dtype.kind not in "biuf":
            raise _checks.InputError(f"M must be a numeric matrix, got dtype {M.dtype}.")
    if M.ndim != 2 or dim > min(M.shape):
        raise _checks.InputError(
            f"dim={dim} needs a 2-D M with at least {dim} rows and columns, got shape {M.shape}: "
            "a rank-dim factorisation has at most min(M.shape) dimensions."
        )
    if method == "auto":
        method = "exact" if not is_sparse and min(M.shape) <= EXACT_UP_TO else "randomized"
    if method == "exact" and is_sparse:
        raise _checks.InputError(
            "method='exact' needs a dense M, and this one is scipy.sparse: use "
            "method='randomized' (or 'auto'), which never densifies it."
        )
    # priced before it runs: dim=10**5 on a large PPMI matrix would take hours and gigabytes
    stored = M.nnz if is_sparse else M.size
    seconds, nbytes = _checks.svd_cost(*M.shape, stored, dim, n_iter, method == "exact")
    what = f"a rank-{dim} {method} SVD of a {M.shape[0]}×{M.shape[1]} matrix"
    fix = "lower dim (word vectors use 50–300)"
    other = "use method='randomized'" if method == "exact" else "lower n_iter"
    _checks.memory(what, nbytes, f"{fix}." if method != "exact" else f"{fix}, or {other}.")
    _checks.work(what, seconds, f"{fix}, or {other}.")
    if not is_sparse:
        M = M.astype(np.float64)  # after the estimate: a copy of a large M is work too
    if not np.isfinite(M.data if is_sparse else M).all():
        raise _checks.InputError(
            "M has −inf or NaN entries: pass ppmi(X), or positive_part(M), or fill unseen "
            "pairs first."
        )
    if method == "exact":
        U, S, Vt = np.linalg.svd(M, full_matrices=False)
        return TruncatedSVD(U[:, :dim], S[:dim], Vt[:dim])
    from sklearn.utils.extmath import randomized_svd  # imported here: sklearn costs ~0.9 s

    U, S, Vt = randomized_svd(M, dim, n_iter=n_iter, random_state=seed)
    return TruncatedSVD(U, S, Vt)


def _pair(W_in: object, W_out: object) -> tuple[np.ndarray, np.ndarray]:
    W_in = _checks.matrix("W_in", W_in).astype(np.float64)
    W_out = _checks.matrix("W_out", W_out, cols=W_in.shape[1]).astype(np.float64)
    if not (np.isfinite(W_in).all() and np.isfinite(W_out).all()):
        raise _checks.InputError(
            "W_in and W_out must be finite: the run diverged, or the arrays hold NaN."
        )
    return W_in, W_out


def balanced_split(W_in: object, W_out: object) -> tuple[np.ndarray, np.ndarray]:
    """(B_in, B_out) = (U·√Σ, Q·√Σ) from the thin SVD of S = W_in·W_outᵀ = U·Σ·Qᵀ.

    Same scores as (W_in, W_out), N columns, and B_inᵀB_in = B_outᵀB_out = diag(Σ).
    Computed through QR factors of W_in and W_out, so the V×V matrix S is never
    formed (W_in may have a different number of rows than W_out).
    """
    W_in, W_out = _pair(W_in, W_out)
    Q_in, R_in = np.linalg.qr(W_in)
    Q_out, R_out = np.linalg.qr(W_out)
    U_core, sigma, Vt_core = np.linalg.svd(R_in @ R_out.T)  # S = Q_in·(R_in·R_outᵀ)·Q_outᵀ
    root = np.sqrt(sigma)
    return (Q_in @ U_core) * root, (Q_out @ Vt_core.T) * root


def imbalance(W_in: object, W_out: object) -> float:
    """‖W_inᵀW_in − W_outᵀW_out‖_F / ‖W_inᵀW_in‖_F: 0 for balanced factors."""
    W_in, W_out = _pair(W_in, W_out)
    gram_in = W_in.T @ W_in
    gap, scale = np.linalg.norm(gram_in - W_out.T @ W_out), np.linalg.norm(gram_in)
    if scale == 0:
        if gap == 0:
            return 0.0  # both factors zero (word2vec's W_out at the start, with W_in = 0): balanced
        raise _checks.InputError(
            "W_in is all zero, and the imbalance is relative to ‖W_inᵀW_in‖, so it is undefined: "
            "pass trained factors (e.g. run.W_in, run.W_out), or compare the Gram matrices "
            "with imbalance_parts(W_in, W_out)."
        )
    return float(gap / scale)


@dataclass(frozen=True)
class ImbalanceParts:
    """The imbalance D = W_inᵀW_in − W_outᵀW_out, split along the mean direction and off it.

    ``direction`` is the unit vector m of the mean rows (the cone axis);
    ``total`` = ‖D‖/‖W_inᵀW_in‖; ``along`` = ‖D − P·D·P‖/‖W_inᵀW_in‖ (everything
    that touches m); ``off`` = ‖P·D·P‖/‖P·W_inᵀW_in·P‖ with P = I − m·mᵀ: the
    imbalance of the factors seen in the N − 1 directions orthogonal to m.
    """

    total: float
    along: float
    off: float
    direction: np.ndarray


def imbalance_parts(W_in: object, W_out: object) -> ImbalanceParts:
    """Separate the imbalance in the mean (cone) direction from the rest.

    The mean direction is that of mean(W_in) − mean(W_out): on trained SGNS the two
    means point in opposite directions (the sign of the scores, lesson 04), so
    their difference is the common axis, whatever the sign.
    """
    W_in, W_out = _pair(W_in, W_out)
    if W_in.shape[1] < 2:
        raise _checks.InputError(
            "imbalance_parts needs N ≥ 2 dimensions: with N = 1 nothing is off the mean direction."
        )
    axis = W_in.mean(axis=0) - W_out.mean(axis=0)
    typical_row = np.sqrt((W_in**2).sum() / W_in.shape[0])
    if np.linalg.norm(axis) <= 1e-12 * typical_row:
        raise _checks.InputError(
            "mean(W_in) = mean(W_out): there is no mean direction to separate."
        )
    m = axis / np.linalg.norm(axis)
    P = np.eye(W_in.shape[1]) - np.outer(m, m)
    gram_in = W_in.T @ W_in
    D = gram_in - W_out.T @ W_out
    scale = np.linalg.norm(gram_in)
    return ImbalanceParts(
        total=float(np.linalg.norm(D) / scale),
        along=float(np.linalg.norm(D - P @ D @ P) / scale),
        off=float(np.linalg.norm(P @ D @ P) / np.linalg.norm(P @ gram_in @ P)),
        direction=m,
    )


@dataclass(frozen=True)
class CountWeightedFit:
    """How far scores S are from a target T on the observed cells, each weighted by X[c, o].

    ``rmse``: √(Σ X·(S − T − b)² / Σ X), b the fitted offsets (none unless ``row_offsets``);
    ``r2``: 1 − that squared error over the X-weighted variance of T;
    ``r`` and ``slope``: the X-weighted correlation of S with T and the slope of S on T
    (both about their weighted means, per row when ``row_offsets``); slope = r·σ_S/σ_T, so a
    slope below 1 is a low correlation, a smaller spread (σ_S < σ_T), or both: slope / r says which;
    ``cells``: the number of observed cells (X > 0 and T finite).
    """

    rmse: float
    r2: float
    r: float
    slope: float
    cells: int


def count_weighted_fit(
    S: object, target: object, X: object, row_offsets: bool = False
) -> CountWeightedFit:
    """Fit scores S to ``target`` on the cells with X[c, o] > 0, weighted by the counts.

    This is the yardstick of the optimum (lesson 04, link 4): the loss weights
    each cell by how often it was seen, so a rank-N model spends its few
    dimensions on frequent cells. ``row_offsets=True`` first subtracts the best
    per-centre constant b_c (the softmax target log p̂(o|c) + b_c leaves b_c
    free); SGNS's target PMI_α − log k has none.
    """
    S = _checks.real_array("S", S, ndim=2, finite=False, example="run.W_in @ run.W_out.T")
    T = _checks.real_array("target", target, ndim=2, finite=False, example="w2vlib.pmi(X)")
    X = checked_counts(X, "densify")  # the counts are the weights of the fit
    if not (S.shape == T.shape == X.shape) or S.ndim != 2:
        raise _checks.InputError(
            f"S, target and X must be the same V×V shape, got {S.shape}, {T.shape} and {X.shape}."
        )
    seen = (X > 0) & np.isfinite(T)
    if not np.isfinite(S[seen]).all():
        raise _checks.InputError("S has NaN or inf on observed cells: the run diverged.")
    if seen.sum() < 2:
        raise _checks.InputError(
            "fewer than two observed cells with a finite target: nothing to fit."
        )
    w = np.where(seen, X, 0.0)
    s = np.where(seen, S, 0.0)
    t = np.where(seen, T, 0.0)

    def minus_weighted_means(M: np.ndarray, offsets: bool) -> np.ndarray:
        if offsets:
            row_weight = np.maximum(w.sum(axis=1, keepdims=True), 1e-300)
            return M - (w * M).sum(axis=1, keepdims=True) / row_weight
        return M - (w * M).sum() / w.sum()

    gap = minus_weighted_means(s - t, True) if row_offsets else s - t
    t_c, s_c = minus_weighted_means(t, row_offsets), minus_weighted_means(s, row_offsets)
    sse = float((w * gap**2).sum())
    sst = float((w * t_c**2).sum())
    sss = float((w * s_c**2).sum())
    cross = float((w * t_c * s_c).sum())
    return CountWeightedFit(
        rmse=float(np.sqrt(sse / w.sum())),
        r2=1.0 - sse / sst if sst > 0 else float("nan"),
        r=float(cross / np.sqrt(sst * sss)) if sst > 0 and sss > 0 else float("nan"),
        slope=cross / sst if sst > 0 else float("nan"),
        cells=int(seen.sum()),
    )
