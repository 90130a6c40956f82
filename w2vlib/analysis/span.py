"""What an N-dimensional space keeps of two words' company: why a rank-N fit brings alike words closer.

Public API::

    company_in_span(X, basis, a, b) -> CompanyInSpan   # per pair: cosines before and after

Every column of the scores, S[:, a] = W_in·W′[a], lies in the space spanned by the N columns of
W_in, whatever the training. A least-squares fit of any target T with W_in held fixed is the
projection P·T onto that space; word2vec's fit is not least squares, so how near its columns
come to the projection is measured, not proved.

The projection's effect on a cosine is exact. For unit columns x̂ and ŷ (cosine cos), let the
space keep s_a = ‖Px̂‖² and s_b = ‖Pŷ‖² of them and s_d = ‖P(x̂ − ŷ)‖² / ‖x̂ − ŷ‖² of their
difference. Since ‖P(x̂ − ŷ)‖² = s_a + s_b − 2·Px̂·Pŷ,

    cos(Px̂, Pŷ) = (s_a + s_b − 2·s_d·(1 − cos)) / (2·√(s_a·s_b)),

so with s_a = s_b = s:  1 − cos(Px̂, Pŷ) = (s_d / s)·(1 − cos).  A space that keeps less of what
separates two words than of each word's company brings them closer, by exactly that ratio.

Company here is a column of PPMI = max(PMI, 0) (as in :mod:`~w2vlib.analysis.company`), centred
over words (the mean column subtracted) because the lessons compare W′ with its mean row
removed, and S[:, a] − mean column = W_in·(W′[a] − mean row).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.analysis.company import ROUNDING, _pairs
from w2vlib.analysis.counts import checked_counts, ppmi

RANK_TOLERANCE = 1e-10
"""Singular values of the basis below this share of its largest span no direction (rounding)."""


@dataclass(frozen=True)
class CompanyInSpan:
    """Per pair (a[i], b[i]), the centred PPMI columns before and after projection onto a space.

    - ``before``: cos(x̂, ŷ), the count columns' cosine;
    - ``kept_a``, ``kept_b``: s_a, s_b, the share of each unit column's squared length the space
      keeps;
    - ``kept_difference``: s_d, the share of ‖x̂ − ŷ‖² it keeps (NaN for identical columns);
    - ``after``: cos(Px̂, Pŷ), the projected columns' cosine (NaN if either projects to 0).
    """

    before: np.ndarray
    kept_a: np.ndarray
    kept_b: np.ndarray
    kept_difference: np.ndarray
    after: np.ndarray

    @property
    def kept_columns(self) -> np.ndarray:
        """√(s_a·s_b): the share the space keeps of the two columns (their geometric mean)."""
        return np.sqrt(self.kept_a * self.kept_b)

    def identity(self) -> np.ndarray:
        """(s_a + s_b − 2·s_d·(1 − cos)) / (2·√(s_a·s_b)): equals ``after``, exactly."""
        s_d = np.nan_to_num(self.kept_difference)  # identical columns: the term is 0 anyway
        return (self.kept_a + self.kept_b - 2 * s_d * (1 - self.before)) / (2 * self.kept_columns)


def _orthonormal_basis(basis: object) -> np.ndarray:
    """Q, V×r with orthonormal columns spanning the columns of ``basis`` (r = its rank)."""
    basis = _checks.matrix("basis", basis).astype(np.float64, copy=False)
    Q, sigma, _ = np.linalg.svd(basis, full_matrices=False)  # V×N: cheap for N ≤ a few hundred
    if sigma.size == 0 or sigma[0] == 0:
        raise _checks.InputError(
            "basis is all zeros, so it spans no space: pass trained input vectors (run.W_in) "
            "or the left singular vectors of a truncated SVD."
        )
    return Q[:, sigma > RANK_TOLERANCE * sigma[0]]


def company_in_span(X: object, basis: object, a: object, b: object) -> CompanyInSpan:
    """How the space spanned by the columns of ``basis`` changes each pair's company cosine.

    X: V×V co-occurrence counts (dense or ``scipy.sparse``). basis: V×N, e.g. a run's W_in
    (the space every column of S lies in) or a truncated SVD's U (the N directions that keep
    the most of all PPMI columns together: Eckart–Young). a, b: word indices, one pair per
    position. Returns a :class:`CompanyInSpan`; ``after`` equals ``identity()`` exactly.
    """
    from scipy import sparse

    X = checked_counts(X, "sparse", "company_in_span")
    T = sparse.csc_array(ppmi(X))
    T.data[T.data < ROUNDING] = 0.0  # rounding, not company (as company_cosines does)
    T.eliminate_zeros()
    V = T.shape[0]
    Q = _orthonormal_basis(basis)
    if len(Q) != V:
        raise _checks.InputError(
            f"basis has {len(Q)} rows but X is {V}×{V}: both must index the same vocabulary "
            "(run.W_in, and X built with run.vocab)."
        )
    a, b = _pairs(a, b, V)
    mean = np.asarray(T.mean(axis=1)).ravel()  # the mean column, removed from every column
    projected = (T.T @ Q) - mean @ Q  # row o: Qᵀ(T[:, o] − mean), for every word o
    squares = np.asarray(T.multiply(T).sum(axis=0)).ravel()
    with_mean = T.T @ mean

    def length(o: np.ndarray) -> np.ndarray:  # ‖T[:, o] − mean‖
        return np.sqrt(squares[o] - 2 * with_mean[o] + mean @ mean)

    length_a, length_b = length(a), length(b)
    if (length_a == 0).any() or (length_b == 0).any():
        raise _checks.InputError(
            "a word's centred PPMI column is zero (its company is exactly the average), so it "
            "has no direction: drop it from the pairs."
        )
    dots = np.asarray(T[:, a].multiply(T[:, b]).sum(axis=0)).ravel()
    before = (dots - with_mean[a] - with_mean[b] + mean @ mean) / (length_a * length_b)
    p_a = projected[a] / length_a[:, None]  # Qᵀx̂: x̂ in the basis's coordinates
    p_b = projected[b] / length_b[:, None]
    kept_a, kept_b = np.sum(p_a**2, axis=1), np.sum(p_b**2, axis=1)
    apart = 2 - 2 * before  # ‖x̂ − ŷ‖²
    kept_difference = np.divide(
        np.sum((p_a - p_b) ** 2, axis=1), apart, out=np.full(len(a), np.nan), where=apart > 1e-12
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        after = np.sum(p_a * p_b, axis=1) / np.sqrt(kept_a * kept_b)
    return CompanyInSpan(before, kept_a, kept_b, kept_difference, after)
