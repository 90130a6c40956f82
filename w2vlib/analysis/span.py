"""What an N-dimensional space keeps of two words' company: why a rank-N fit brings alike words closer.

Public API::

    company_in_span(X, basis, a, b, X_b=None) -> CompanyInSpan   # per pair: cosines before, after

Every column of the scores, S[:, a] = W_in·W′[a], lies in the space spanned by the N columns of
W_in, whatever the training. A least-squares fit of any target T with W_in held fixed is the
projection P·T onto that space; word2vec's fit is not least squares, so how near its columns
come to the projection is measured, not proved.

The projection's effect on a cosine is exact. For unit columns x̂ and ŷ (cosine cos), let the
space keep s_a = ‖Px̂‖² and s_b = ‖Pŷ‖² of them and s_d = ‖P(x̂ − ŷ)‖² / ‖x̂ − ŷ‖² of their
difference. Since ‖P(x̂ − ŷ)‖² = s_a + s_b − 2·Px̂·Pŷ,

    cos(Px̂, Pŷ) = (s_a + s_b − 2·s_d·(1 − cos)) / (2·√(s_a·s_b)),

    1 − cos(Px̂, Pŷ) = (s_d / √(s_a·s_b))·(1 − cos) − (√s_a − √s_b)² / (2·√(s_a·s_b))
                     ≤ (s_d / √(s_a·s_b))·(1 − cos),   with equality when s_a = s_b.

A space that keeps less of what separates two words than of their company brings them closer,
by at least that ratio.

Company here is a column of PPMI = max(PMI, 0) (as in :mod:`~w2vlib.analysis.company`), centred
over words (the mean column subtracted) because the lessons compare W′ with its mean row
removed, and S[:, a] − mean column = W_in·(W′[a] − mean row). ``X_b`` takes b's columns from
other counts over the same vocabulary (e.g. the other half of a corpus), each matrix with its
own PPMI and mean column.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from w2vlib import _checks, _cost
from w2vlib.analysis.company import ROUNDING, _pairs
from w2vlib.analysis.counts import checked_counts, ppmi
from w2vlib.analysis.metric import SECONDS_PER_GIGAFLOP

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
    def shrink_bound(self) -> np.ndarray:
        """s_d / √(s_a·s_b): 1 − cos after is at most this times 1 − cos before (equal if s_a = s_b)."""
        return self.kept_difference / self.kept_columns

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
    V, N = basis.shape
    _cost.work(
        f"company_in_span's orthonormal basis for a {V}×{N} basis (an SVD)",
        4 * V * min(V, N) ** 2 / 1e9 * SECONDS_PER_GIGAFLOP,
        "pass a basis with fewer columns: a run's W_in (V×N, N a few hundred) or an SVD's U.",
    )
    Q, sigma, _ = np.linalg.svd(basis, full_matrices=False)  # V×N: cheap for N ≤ a few hundred
    if sigma.size == 0 or sigma[0] == 0:
        raise _checks.InputError(
            "basis is all zeros, so it spans no space: pass trained input vectors (run.W_in) "
            "or the left singular vectors of a truncated SVD."
        )
    return Q[:, sigma > RANK_TOLERANCE * sigma[0]]


def _centred_columns(X: object, name: str):
    """PPMI of X (sparse, by column), its mean column, and each column's length after centring."""
    from scipy import sparse

    X = checked_counts(X, "sparse", f"company_in_span ({name})")
    T = sparse.csc_array(ppmi(X))
    T.data[T.data < ROUNDING] = 0.0  # rounding, not company (as company_cosines does)
    T.eliminate_zeros()
    mean = np.asarray(T.mean(axis=1)).ravel()  # the mean column, removed from every column
    with_mean = T.T @ mean
    squares = np.asarray(T.multiply(T).sum(axis=0)).ravel()
    lengths = np.sqrt(np.maximum(squares - 2 * with_mean + mean @ mean, 0.0))
    return T, mean, lengths


def company_in_span(
    X: object, basis: object, a: object, b: object, X_b: object | None = None
) -> CompanyInSpan:
    """How the space spanned by the columns of ``basis`` changes each pair's company cosine.

    X: V×V co-occurrence counts (dense or ``scipy.sparse``). basis: V×N, e.g. a run's W_in
    (the space every column of S lies in) or a truncated SVD's U (the N directions that keep
    the most of all PPMI columns' squared length: Eckart–Young). a, b: word indices, one pair per
    position. X_b: counts over the same vocabulary for b's columns (default X). Returns a
    :class:`CompanyInSpan`; ``after`` equals ``identity()`` exactly. A word with no company
    (an empty PPMI column) is refused: centred, every such column is the same vector.
    """
    T_a, mean_a, lengths_a = _centred_columns(X, "X")
    T_b, mean_b, lengths_b = (
        (T_a, mean_a, lengths_a) if X_b is None else _centred_columns(X_b, "X_b")
    )
    V = T_a.shape[0]
    if T_b.shape[0] != V:
        raise _checks.InputError(
            f"X is {V}×{V} but X_b is {T_b.shape[0]}×{T_b.shape[0]}: both must count pairs over "
            "the same vocabulary (build both with one run.vocab)."
        )
    Q = _orthonormal_basis(basis)
    if len(Q) != V:
        raise _checks.InputError(
            f"basis has {len(Q)} rows but X is {V}×{V}: both must index the same vocabulary "
            "(run.W_in, and X built with run.vocab)."
        )
    if X_b is None:
        a, b = _pairs(a, b, V)
    else:  # a word against itself in other counts is a fair pair
        a, b = np.atleast_1d(np.asarray(a)), np.atleast_1d(np.asarray(b))
        a, b = _checks.indices("a", a, V), _checks.indices("b", b, V)
        if len(a) != len(b) or len(a) == 0:
            raise _checks.InputError(
                f"a and b must pair words one to one: a has {len(a)} words, b has {len(b)}."
            )
    for name, T, words in (("a", T_a, a), ("b", T_b, b)):
        empty = words[np.diff(T.indptr)[words] == 0]
        if empty.size:
            raise _checks.InputError(
                f"{name} holds {empty.size} word(s) with no company (e.g. {empty[:5].tolist()}: "
                "an empty PPMI column, never seen with a positive PMI), and centred, all such "
                "columns are one vector: drop them from the pairs."
            )
    p_a = (T_a[:, a].T @ Q - mean_a @ Q) / lengths_a[a, None]  # Qᵀx̂: x̂ in the basis's coordinates
    p_b = (T_b[:, b].T @ Q - mean_b @ Q) / lengths_b[b, None]
    dots = np.asarray(T_a[:, a].multiply(T_b[:, b]).sum(axis=0)).ravel()
    # (T_a[:, a] − mean_a)·(T_b[:, b] − mean_b), expanded so the columns stay sparse
    centred_dots = dots - T_b[:, b].T @ mean_a - T_a[:, a].T @ mean_b + mean_a @ mean_b
    before = centred_dots / (lengths_a[a] * lengths_b[b])
    kept_a, kept_b = np.sum(p_a**2, axis=1), np.sum(p_b**2, axis=1)
    apart = 2 - 2 * before  # ‖x̂ − ŷ‖²
    kept_difference = np.divide(
        np.sum((p_a - p_b) ** 2, axis=1), apart, out=np.full(len(a), np.nan), where=apart > 1e-12
    )
    with np.errstate(invalid="ignore", divide="ignore"):
        after = np.sum(p_a * p_b, axis=1) / np.sqrt(kept_a * kept_b)
    return CompanyInSpan(before, kept_a, kept_b, kept_difference, after)
