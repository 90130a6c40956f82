"""How close alike words sit when only the strongest directions of their company are kept.

Public API::

    closeness_by_rank(X, a, b, ranks) -> ClosenessByRank  # pairs in PPMI's rank-k factors

Lesson 00's answer for *similar* company on real text. Most centres around two alike words see
only one of them, where the other's target is −∞, so the counts alone would drive the rows
apart without limit. What holds them together is what every factorisation keeps: N directions,
and from a small start the strongest are learned first. What two alike words share lies in the
strong directions of their counts; what separates them is spread thin over the weak ones. Keep
only the k strongest directions of PPMI and alike pairs sit closer the smaller k is; trained
word2vec spreads its rows over more directions the longer it trains
(:func:`~w2vlib.analysis.factors.effective_directions`), and its alike pairs drift apart with
them, in W as in W′ (``benchmarks/directions_learned.py``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from w2vlib import _checks, _cost
from w2vlib.analysis.company import _pairs
from w2vlib.analysis.counts import checked_counts, ppmi
from w2vlib.analysis.evaluation import center
from w2vlib.analysis.factors import effective_directions, truncated_svd
from w2vlib.analysis.metric import SECONDS_PER_GIGAFLOP


@dataclass(frozen=True)
class ClosenessByRank:
    """Pairs of words in the best rank-k factorisation of PPMI, for each k in ``ranks``.

    PPMI = max(PMI, 0) of the counts is split by its SVD, U·Σ·Vᵀ, into balanced factors
    W = U·√Σ and W′ = V·√Σ, and only their first k directions are kept. Rows are one row per
    pair position, ``len(ranks)`` × pairs:

    - ``cos_out``, ``cos_in``: centred cos(W′[a], W′[b]) and cos(W[a], W[b]) in those k
      directions (PPMI is symmetric, so the two agree: lesson 04, §5);
    - ``shared_share``: the share of ‖PPMI[:, a] + PPMI[:, b]‖² (what the pair's company
      has in common, twice) that lies in the k strongest directions, U_kᵀ;
    - ``difference_share``: the same for PPMI[:, a] − PPMI[:, b] (what separates it).

    ``directions``: :func:`~w2vlib.analysis.factors.effective_directions` of the centred W′
    with k directions, one per rank: about k, the scale on which trained runs are compared.
    """

    ranks: np.ndarray
    cos_out: np.ndarray
    cos_in: np.ndarray
    shared_share: np.ndarray
    difference_share: np.ndarray
    directions: np.ndarray


def _centred_pair_cosines(W: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    W = center(W)
    lengths = np.linalg.norm(W[a], axis=1) * np.linalg.norm(W[b], axis=1)
    dots = np.sum(W[a] * W[b], axis=1)
    return np.divide(dots, lengths, out=np.zeros_like(dots), where=lengths > 0)


def _share_in(basis: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """‖basisᵀ·column‖² / ‖column‖² for each column (0 for a zero column)."""
    total = np.sum(columns**2, axis=0)
    kept = np.sum((basis.T @ columns) ** 2, axis=0)
    return np.divide(kept, total, out=np.zeros_like(kept), where=total > 0)


def closeness_by_rank(
    X: object, a: object, b: object, ranks: object = (5, 10, 25, 50, 100, 200, 300), seed: int = 0
) -> ClosenessByRank:
    """How alike pairs of words are when only the k strongest directions of their company are kept.

    X: V×V co-occurrence counts (dense or ``scipy.sparse``); a, b: word indices, one pair per
    position; ranks: increasing numbers of directions k, each at most V − 1. One randomized SVD
    of PPMI at the largest rank (``truncated_svd``, ``seed`` its random start) serves every k:
    its first k directions are, to rounding, the rank-k SVD's. See :class:`ClosenessByRank`.

    What two words share sits in the strong directions of the counts; what separates them is
    spread thin over weak ones. So the fewer directions a factorisation keeps (fewer dimensions
    N, or a training run stopped before the weak directions grow), the closer alike words sit.
    """
    columns = checked_counts(X, "sparse", "closeness_by_rank").tocsc()
    V = columns.shape[0]
    a, b = _pairs(a, b, V)
    ranks = np.atleast_1d(np.asarray(ranks))
    if ranks.size == 0 or ranks.dtype.kind not in "iu" or ranks.ndim != 1:
        raise _checks.InputError(
            f"ranks must be a 1-D list of whole numbers of directions, e.g. (5, 50, 300); got {ranks!r}."
        )
    if ranks.min() < 1 or ranks.max() >= V or (np.diff(ranks) <= 0).any():
        raise _checks.InputError(
            f"ranks must increase and lie between 1 and V − 1 = {V - 1}; got {ranks.tolist()}."
        )
    T = ppmi(columns)
    k = int(ranks.max())
    # randomized SVD: about (2·n_iter + 2) sparse products of k + 10 columns, and QRs of V×(k + 10)
    flops = 10 * 2 * T.nnz * (k + 10) + 5 * 2 * V * (k + 10) ** 2
    _cost.work(
        f"closeness_by_rank: an SVD of a {V}-word PPMI at rank {k}",
        flops / 1e9 * SECONDS_PER_GIGAFLOP,
        "pass smaller ranks (the largest sets the SVD's size) or a smaller vocabulary.",
    )
    svd = truncated_svd(T, k, seed=seed)
    W, W_out = svd.factors(0.5)
    pair_columns = T.tocsc()
    col_a, col_b = pair_columns[:, a].toarray(), pair_columns[:, b].toarray()  # V × pairs
    fields: dict[str, list] = {name: [] for name in ClosenessByRank.__dataclass_fields__}
    for rank in ranks:
        kept = slice(0, int(rank))
        fields["cos_out"].append(_centred_pair_cosines(W_out[:, kept], a, b))
        fields["cos_in"].append(_centred_pair_cosines(W[:, kept], a, b))
        fields["shared_share"].append(_share_in(svd.U[:, kept], col_a + col_b))
        fields["difference_share"].append(_share_in(svd.U[:, kept], col_a - col_b))
        fields["directions"].append(effective_directions(center(W_out[:, kept])))
    fields["ranks"] = ranks
    return ClosenessByRank(**{name: np.asarray(value) for name, value in fields.items()})
