"""The crux, exactly: how rows of W′ are compared, and what balanced factors make of S.

Notation: S = W_in·W_outᵀ (V×V, row c a centre, column o a context word);
ΔW′ = W_out[a] − W_out[b]; ΔS = S[:, a] − S[:, b]. The gauge is (W_in·A, W_out·A⁻ᵀ).

Exact statements (proofs in 10_appendix_gauge_and_balance):

1. For **any** factorisation, ΔS = W_in·ΔW′, so

       ‖S[:, a] − S[:, b]‖² = ΔW′ᵀ (W_inᵀW_in) ΔW′          (``metric_distance``):

   rows of W′ are compared in the metric of the input vectors; the gauge A
   only chooses which metric.
2. For **balanced** factors (W_inᵀW_in = W_outᵀW_out), with S = U·Σ·Qᵀ,
   W_in·W_inᵀ = (S·Sᵀ)^½ = U·Σ·Uᵀ and W_out·W_outᵀ = (SᵀS)^½ = Q·Σ·Qᵀ
   (``balanced_grams``). The square root re-weights each singular direction
   from σᵢ to √σᵢ, so cosines between rows of W′ are *not* those between
   columns of S.
3. For a **symmetric** S with balanced factors, W_in·W_inᵀ = W_out·W_outᵀ = |S|
   = Q·|Λ|·Qᵀ (``matrix_abs``), whatever S's signs; a word's own rows differ by
   the sign flips of S's negative eigen-directions (``symmetric_balanced_split``).
4. For the balanced factor B′ = Q·√Σ, with ΔB′ = B′[a] − B′[b]:

       ‖ΔS‖²/σ_max ≤ ‖ΔB′‖² ≤ √2·‖ΔS‖                       (``balanced_distance_bounds``),

   and in cosines, since ‖B′[a]‖² ≥ ‖S[:, a]‖²/σ_max,

       1 − cos(B′[a], B′[b]) ≤ σ_max·‖ΔS‖ / (√2·‖S[:, a]‖·‖S[:, b]‖).
5. For **any** factorisation, nearly balanced is nearly as good as balanced:

       ‖W_out·W_outᵀ − (SᵀS)^½‖_F ≤ ‖W_inᵀW_in − W_outᵀW_out‖_F   (``distance_from_balanced``),

   and the same for W_in·W_inᵀ and (S·Sᵀ)^½; near balance the factor is ½.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.analysis.factors import truncated_svd

SQRT2 = float(np.sqrt(2.0))


def _finite(name: str, M: np.ndarray) -> np.ndarray:
    if not np.isfinite(M).all():
        raise ValueError(
            f"{name} has NaN or inf entries: a run diverged, or unseen pairs are still −inf "
            "(fill them first, e.g. with w2vlib.positive_part)."
        )
    return M


SECONDS_PER_GIGAFLOP = 0.1
"""A rough speed for LAPACK's dense decompositions on one core, for the time estimate."""


def _square(name: str, S: object) -> np.ndarray:
    S = _finite(name, _checks.matrix(name, S).astype(np.float64, copy=False))
    what = f"the eigen/singular decomposition of a {S.shape[0]}×{S.shape[1]} {name}"
    fix = "pass a smaller matrix (e.g. the most frequent words), or work from the factors."
    _checks.memory(what, 8.0 * 4 * S.size, fix)
    seconds = 10 * float(min(S.shape)) ** 2 * max(S.shape) / 1e9 * SECONDS_PER_GIGAFLOP
    if seconds > 10:
        warnings.warn(f"{what} may take about {seconds:.0f} s: {fix}", stacklevel=3)
    return S


def _symmetric(S_in: object, caller: str) -> np.ndarray:
    """S checked square and symmetric (to rounding), returned exactly symmetric."""
    S = _square("S", S_in)
    if S.shape[0] != S.shape[1]:
        raise ValueError(
            f"{caller} needs a square symmetric S, got shape {S.shape}: for a rectangular or "
            "non-symmetric S use balanced_grams(S), which gives (S·Sᵀ)^½ and (SᵀS)^½."
        )
    scale = max(float(np.abs(S).max()), 1e-300)
    asymmetry = float(np.abs(S - S.T).max()) / scale
    given = np.asarray(S_in).dtype
    rounding = np.finfo(given).eps if np.issubdtype(given, np.floating) else 0.0
    if asymmetry > max(1e-8, 1000 * rounding):  # float32 input: its own rounding
        raise ValueError(
            f"{caller} needs a symmetric S, but max|S − Sᵀ|/max|S| = {asymmetry:.2g}: "
            "for a non-symmetric S use balanced_grams(S), or pass (S + S.T) / 2 on purpose."
        )
    return (S + S.T) / 2


def matrix_abs(S: object) -> np.ndarray:
    """|S| = Q·|Λ|·Qᵀ for a symmetric S = Q·Λ·Qᵀ: the matrix absolute value, (S²)^½.

    For a symmetric S, balanced factors give W_in·W_inᵀ = W_out·W_outᵀ = |S|,
    whatever the signs of S's eigenvalues. |S| is positive semi-definite; it
    equals S exactly when S is.
    """
    eigenvalues, Q = np.linalg.eigh(_symmetric(S, "matrix_abs"))
    return (Q * np.abs(eigenvalues)) @ Q.T


def symmetric_balanced_split(S: object) -> tuple[np.ndarray, np.ndarray]:
    """(W, W′) = (Q·√|Λ|, Q·√|Λ|·sign Λ) for a symmetric S = Q·Λ·Qᵀ: balanced, W·W′ᵀ = S.

    Both Gram matrices W·Wᵀ and W′·W′ᵀ equal |S|, so the cosines within W and
    within W′ are identical. Word i's own rows satisfy W[i]·W′[i] = S[i, i]:
    they differ only along eigen-directions with λ < 0 (Assylbekov & Takhanov
    2019), which is why the own-row cosine says nothing about meaning.
    """
    eigenvalues, Q = np.linalg.eigh(_symmetric(S, "symmetric_balanced_split"))
    W = Q * np.sqrt(np.abs(eigenvalues))
    return W, W * np.where(eigenvalues < 0, -1.0, 1.0)


def _full_svd(S: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """S = U·Σ·Qᵀ with every singular value (the library's one SVD, exact)."""
    U, sigma, Qt = truncated_svd(S, min(S.shape), method="exact")
    return U, sigma, Qt


def balanced_grams(S: object) -> tuple[np.ndarray, np.ndarray]:
    """(G_in, G_out) = ((S·Sᵀ)^½, (SᵀS)^½) = (U·Σ·Uᵀ, Q·Σ·Qᵀ), from the SVD S = U·Σ·Qᵀ.

    These are W_in·W_inᵀ and W_out·W_outᵀ for *every* balanced factorisation
    (W_inᵀW_in = W_outᵀW_out) of S: balance fixes the cosines within W_in and
    within W_out from S alone. The square root re-weights singular direction i
    from σᵢ (in S's columns) to √σᵢ (in W′'s rows), so row cosines of W′ differ
    from column cosines of S (see ``balanced_distance_bounds``).
    """
    S = _square("S", S)
    U, sigma, Qt = _full_svd(S)
    return (U * sigma) @ U.T, (Qt.T * sigma) @ Qt


def metric_distance(W_in: object, W_out: object, a: int, b: int) -> float:
    """ΔW′ᵀ (W_inᵀW_in) ΔW′ with ΔW′ = W_out[a] − W_out[b]; equals ‖S[:, a] − S[:, b]‖².

    Exact for any factorisation S = W_in·W_outᵀ (no balance needed), since
    S[:, a] − S[:, b] = W_in·ΔW′: the squared distance between two rows of W′,
    measured in the metric of the input vectors, is the squared distance between
    the two words' columns of S. Changing the gauge to (W_in·A, W_out·A⁻ᵀ)
    changes ΔW′ and the metric together and leaves this number unchanged.
    """
    W_in = _finite("W_in", _checks.matrix("W_in", W_in).astype(np.float64, copy=False))
    W_out = _finite(
        "W_out", _checks.matrix("W_out", W_out, cols=W_in.shape[1]).astype(np.float64, copy=False)
    )
    a, b = (
        int(_checks.indices(name, np.asarray(i), len(W_out), ndim=0))
        for name, i in zip("ab", (a, b), strict=True)
    )
    delta = W_out[a] - W_out[b]
    metric = W_in.T @ W_in  # N×N: never the V×V S
    return float(delta @ metric @ delta)


@dataclass(frozen=True)
class BalancedBounds:
    """Both sides of ‖ΔS‖²/σ_max ≤ ‖ΔB′‖² ≤ √2·‖ΔS‖ for word pairs (a, b), and its cosine form.

    ``lower`` = ‖ΔS‖²/σ_max, ``value`` = ‖ΔB′‖² (B′ the balanced factor Q·√Σ),
    ``upper`` = √2·‖ΔS‖; ``column_distance`` = ‖ΔS‖ = ‖S[:, a] − S[:, b]‖.
    ``cosine`` = cos(B′[a], B′[b]) (NaN where a column of S is 0), and ``cosine_floor`` =
    max(−1, 1 − σ_max·‖ΔS‖/(√2·‖S[:, a]‖·‖S[:, b]‖)), from S alone (−1 where a column is 0):
    it bites only for columns close beside their own lengths.
    Floats for one pair, arrays for several.
    """

    lower: np.ndarray | float
    value: np.ndarray | float
    upper: np.ndarray | float
    column_distance: np.ndarray | float
    cosine: np.ndarray | float
    cosine_floor: np.ndarray | float

    @property
    def holds(self) -> bool:
        """True when lower ≤ value ≤ upper and cosine ≥ cosine_floor for every pair (to rounding)."""
        lower, value, upper = (np.asarray(x) for x in (self.lower, self.value, self.upper))
        slack = 1e-9 * (1.0 + np.abs(upper))
        cosine, floor = np.asarray(self.cosine), np.asarray(self.cosine_floor)
        defined = ~np.isnan(cosine)
        return bool(
            np.all(lower <= value + slack)
            and np.all(value <= upper + slack)
            and np.all(cosine[defined] >= floor[defined] - 1e-9)
        )


def balanced_distance_bounds(S: object, a: object, b: object) -> BalancedBounds:
    """‖ΔS‖²/σ_max ≤ ‖ΔB′‖² ≤ √2·‖ΔS‖ for the balanced factor B′ = Q·√Σ of S = U·Σ·Qᵀ.

    ``a`` and ``b`` are column (word) indices, or equal-length sequences of them.
    Proof: with d = Qᵀ(e_a − e_b), ‖ΔS‖² = Σσᵢ²dᵢ² and ‖ΔB′‖² = Σσᵢdᵢ².
    The lower side is Σσᵢ²dᵢ² ≤ σ_max·Σσᵢdᵢ²; the upper side is Cauchy–Schwarz,
    Σ(σᵢdᵢ)·dᵢ ≤ ‖ΔS‖·‖d‖, with ‖d‖ ≤ ‖e_a − e_b‖ = √2 since Qᵀ has orthonormal rows.
    Columns that are close give close rows of B′, and far columns far rows, but
    the two distances are not proportional: cosines can differ a lot (σ = (100, 1)).
    The cosine form: ‖x − y‖² ≥ 2‖x‖‖y‖(1 − cos), and ‖B′[a]‖² = ((SᵀS)^½)_aa ≥
    ‖S[:, a]‖²/σ_max because (SᵀS)_aa = e_aᵀ·G²·e_a ≤ σ_max·e_aᵀ·G·e_a for G = (SᵀS)^½.
    """
    S = _square("S", S)
    single = np.ndim(a) == 0 and np.ndim(b) == 0
    a_idx = _checks.indices("a", np.atleast_1d(a), S.shape[1])
    b_idx = _checks.indices("b", np.atleast_1d(b), S.shape[1])
    _checks.same_length(a=a_idx, b=b_idx)
    _, sigma, Qt = _full_svd(S)
    if sigma[0] == 0:
        raise ValueError("S is the zero matrix: every distance is 0 and the bound is empty.")
    d = Qt[:, a_idx] - Qt[:, b_idx]  # r × pairs
    column_sq = (sigma[:, None] ** 2 * d**2).sum(axis=0)
    value = (sigma[:, None] * d**2).sum(axis=0)
    column = np.sqrt(column_sq)
    at_a, at_b = Qt[:, a_idx], Qt[:, b_idx]
    # column lengths from S itself: an exactly zero column stays exactly 0 (the SVD's would not)
    lengths_S = np.linalg.norm(S[:, a_idx], axis=0) * np.linalg.norm(S[:, b_idx], axis=0)
    lengths_B = np.sqrt(
        (sigma[:, None] * at_a**2).sum(axis=0) * (sigma[:, None] * at_b**2).sum(axis=0)
    )
    seen = lengths_S > 0  # a zero column of S has a zero balanced row: no angle
    cosine = np.full(len(a_idx), np.nan)
    cosine[seen] = (sigma[:, None] * at_a * at_b).sum(axis=0)[seen] / lengths_B[seen]
    floor = np.full(len(a_idx), -1.0)
    floor[seen] = np.maximum(-1.0, 1 - sigma[0] * column[seen] / (SQRT2 * lengths_S[seen]))
    parts = (column_sq / sigma[0], value, SQRT2 * column, column, cosine, floor)
    if single:
        parts = tuple(float(p[0]) for p in parts)
    return BalancedBounds(*parts)


@dataclass(frozen=True)
class DistanceFromBalanced:
    """How far a factorisation's Grams are from those of every balanced one of the same S.

    ``out`` = ‖W_out·W_outᵀ − (SᵀS)^½‖_F and ``in_`` = ‖W_in·W_inᵀ − (S·Sᵀ)^½‖_F (0 for
    balanced factors); ``imbalance`` = ‖W_inᵀW_in − W_outᵀW_out‖_F (absolute, not divided
    by ‖W_inᵀW_in‖ as ``w2vlib.imbalance`` is). Proved: ``out`` ≤ ``imbalance`` and
    ``in_`` ≤ ``imbalance`` for any factors, and ``out`` ≤ ``imbalance``/2 + O(imbalance²).
    """

    out: float
    in_: float
    imbalance: float


def _psd_sqrt(M: np.ndarray) -> np.ndarray:
    values, vectors = np.linalg.eigh((M + M.T) / 2)
    return (vectors * np.sqrt(np.clip(values, 0.0, None))) @ vectors.T


def _gram_gap(W: np.ndarray, other_gram: np.ndarray) -> float:
    """‖W·Wᵀ − (W·other_gram·Wᵀ)^½‖_F, computed in N×N through W = Q·R (Q orthonormal)."""
    _, R = np.linalg.qr(W)  # W·Wᵀ = Q·R·Rᵀ·Qᵀ and W·G·Wᵀ = Q·(R·G·Rᵀ)·Qᵀ share the basis Q
    return float(np.linalg.norm(R @ R.T - _psd_sqrt(R @ other_gram @ R.T)))


def distance_from_balanced(W_in: object, W_out: object) -> DistanceFromBalanced:
    """‖W_out·W_outᵀ − (SᵀS)^½‖_F, its input-side twin, and ‖W_inᵀW_in − W_outᵀW_out‖_F.

    Why "nearly balanced" is enough: W_out·W_outᵀ holds every length and angle
    inside W′, (SᵀS)^½ is what it is for balanced factors (``balanced_grams``),
    and the first can be no further from the second than the imbalance
    D = W_inᵀW_in − W_outᵀW_out (proof in 10_appendix_gauge_and_balance, §5b:
    with Y = W_outᵀW_out, K = (Y^½·W_inᵀW_in·Y^½)^½ and Z = K − Y, one finds
    ⟨Z, D⟩ ≥ ‖Z‖², using K ≥ 0 and the AM–GM inequality). Computed from the
    N×N Grams, never the V×V S.
    """
    W_in = _finite("W_in", _checks.matrix("W_in", W_in).astype(np.float64, copy=False))
    W_out = _finite(
        "W_out", _checks.matrix("W_out", W_out, cols=W_in.shape[1]).astype(np.float64, copy=False)
    )
    gram_in, gram_out = W_in.T @ W_in, W_out.T @ W_out
    return DistanceFromBalanced(
        out=_gram_gap(W_out, gram_in),
        in_=_gram_gap(W_in, gram_out),
        imbalance=float(np.linalg.norm(gram_in - gram_out)),
    )
