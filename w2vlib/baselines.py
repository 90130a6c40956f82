"""Count-based word vectors on a real vocabulary, and the tools to compare them with W and W′.

The baselines of Levy, Goldberg & Dagan (2015, "Improving distributional
similarity with lessons learned from word embeddings"), built from the same
co-occurrence counts X that skip-gram trains on (:func:`w2vlib.cooccurrence`,
``as_sparse=True``), for a vocabulary of thousands of words:

* raw co-occurrence columns: word j is the column X[:, j] (= row j, X is symmetric);
* PPMI columns: PPMI_α(c, o) = max(0, log( X[c, o] / (n_c · P_α(o)) )), with
  P_α(o) = n_o^α / Σ_w n_w^α (α = 0.75 smooths the context distribution as
  word2vec's negative sampler does);
* SVD of PPMI: PPMI ≈ U_d·Σ_d·V_dᵀ, word vectors U_d·Σ_d^p with eigenvalue
  weighting p = 0, ½ or 1 (p = ½ is the balanced split, the one whose two
  factors carry equal weight, as W and W′ do).

Everything stays sparse until the SVD: a dense V×V matrix of head500's
V ≈ 8000 words would take half a gigabyte.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
from scipy import sparse

from w2vlib import _checks
from w2vlib.evaluation import similarity_pairs
from w2vlib.theory import ppmi
from w2vlib.vocab import Vocab


def _sparse_counts(X) -> sparse.csr_matrix:
    """X as a float CSR matrix, refused with a clear message if it is not a square count matrix."""
    if not sparse.issparse(X):
        X = np.asarray(X)
        if X.ndim != 2:
            raise ValueError(f"X must be a square V×V co-occurrence matrix, got shape {X.shape}.")
    X = sparse.csr_matrix(X, dtype=np.float64)
    if X.shape[0] != X.shape[1]:
        raise ValueError(f"X must be a square V×V co-occurrence matrix, got shape {X.shape}.")
    if not np.isfinite(X.data).all() or (X.data < 0).any():
        raise ValueError(
            "X must hold counts (finite and ≥ 0): build it with "
            "w2vlib.cooccurrence(sentences, vocab, window, as_sparse=True)."
        )
    if X.sum() <= 0:
        raise ValueError("the co-occurrence matrix is empty: every count is zero.")
    return X


def ppmi_matrix(X, alpha: float = 0.75) -> sparse.csr_matrix:
    """Sparse PPMI_α(c, o) = max(0, log X[c, o] − log n_c − log P_α(o)), P_α(o) = n_o^α/Σ n_w^α.

    n_c = Σ_o X[c, o] (row sums), n_o = Σ_c X[c, o] (column sums). Unseen pairs
    (X = 0) have PMI −∞ and so PPMI 0: they stay out of the sparse result.
    Equals ``positive_part(pmi(X, alpha))``: it is :func:`w2vlib.theory.ppmi` (k = 1),
    which computes it on the non-zero entries only; here X is also checked with this
    module's messages and the result is a ``csr_matrix``.
    """
    X = _sparse_counts(X)
    alpha = _checks.positive_float("alpha", alpha, "Use 1 for plain PMI, 0.75 for word2vec's.")
    return sparse.csr_matrix(ppmi(X, alpha=alpha))


def truncated_svd(M, dim: int, seed: int = 0, n_iter: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """The top ``dim`` left singular vectors U_d and singular values Σ_d of M (dense or sparse).

    scikit-learn's ``randomized_svd`` (Halko et al.), seeded; its accuracy rises
    with ``n_iter``. Compute it once and form U_d·Σ_d^p for several p.
    """
    dim = _checks.positive_int("dim", dim)
    n_iter = _checks.positive_int("n_iter", n_iter)
    M = M.tocsr() if sparse.issparse(M) else np.asarray(M, dtype=np.float64)
    if M.ndim != 2 or dim >= min(M.shape):
        raise ValueError(
            f"dim={dim} needs a 2-D matrix with more than {dim} rows and columns, "
            f"got shape {M.shape}: a truncated SVD keeps fewer dimensions than the matrix has."
        )
    data = M.data if sparse.issparse(M) else M
    if not np.isfinite(data).all():
        raise ValueError(
            "M has −inf or NaN entries: pass ppmi_matrix(X), or positive_part(pmi(X)) for a "
            "small dense X."
        )
    from sklearn.utils.extmath import randomized_svd

    U, S, _ = randomized_svd(M, dim, n_iter=n_iter, random_state=seed)
    return U, S


def svd_vectors(M, dim: int, weighting: float = 0.5, seed: int = 0, n_iter: int = 4) -> np.ndarray:
    """Word vectors U_d·Σ_d^p from a truncated SVD M ≈ U_d·Σ_d·V_dᵀ, with p = ``weighting``.

    Levy, Goldberg & Dagan (2015): p = 1 is the textbook SVD (U·Σ), p = ½ the
    symmetric split of Σ between the two factors, p = 0 drops the singular
    values (U alone). See :func:`truncated_svd` for the SVD itself.
    """
    if isinstance(weighting, bool) or not isinstance(weighting, int | float | np.number):
        raise ValueError(f"weighting must be a number such as 0, 0.5 or 1, got {weighting!r}.")
    if not 0 <= weighting <= 1:
        raise ValueError(
            f"weighting must lie in [0, 1] (Levy et al. use 0, 0.5 and 1), got {weighting}."
        )
    U, S = truncated_svd(M, dim, seed, n_iter)
    return U * S**weighting


def _pair_rows(
    vocab: Vocab, dataset: str, word_map: Callable[[str], str] | None
) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """Row indices of a similarity set's in-vocabulary pairs, their human scores, and the OOV share."""
    triples = similarity_pairs(dataset)
    a, b, human = [], [], []
    for x, y, score in triples:
        if word_map is not None:
            x, y = word_map(x), word_map(y)
        if x in vocab and y in vocab:
            a.append(vocab[x])
            b.append(vocab[y])
            human.append(score)
    oov = 1.0 - len(human) / len(triples)
    return np.array(a, dtype=np.intp), np.array(b, dtype=np.intp), np.array(human), oov


def row_similarity(
    M,
    vocab: Vocab,
    dataset: str = "wordsim353",
    word_map: Callable[[str], str] | None = None,
) -> tuple[float, float]:
    """Spearman ρ of the cosines between rows of M (dense or sparse) and people's scores, and the OOV share.

    The same measurement as :func:`w2vlib.evaluate_similarity`, for matrices
    too large to hold densely: only the rows of the set's pairs are touched. A
    zero row (a word with no positive PPMI) has cosine 0 with everything.
    """
    if sparse.issparse(M):
        M = M.tocsr().astype(np.float64)  # integer counts would overflow in M·M and round cosines
    else:
        M = _checks.matrix("M", M)
    if M.shape[0] != len(vocab):
        raise ValueError(
            f"M has {M.shape[0]} rows but the vocabulary has {len(vocab)} words: "
            "one row per vocabulary word, in the vocabulary's order."
        )
    a, b, human, oov = _pair_rows(vocab, dataset, word_map)
    if len(human) < 3:
        return float("nan"), oov
    if sparse.issparse(M):
        dots = np.asarray(M[a].multiply(M[b]).sum(axis=1)).ravel()
        norms = np.sqrt(np.asarray(M.multiply(M).sum(axis=1)).ravel())
    else:
        dots = np.einsum("ij,ij->i", M[a], M[b])
        norms = np.linalg.norm(M, axis=1)
    denominator = norms[a] * norms[b]
    cosines = np.divide(dots, denominator, out=np.zeros_like(dots), where=denominator > 0)
    from scipy.stats import spearmanr

    return float(spearmanr(cosines, human).statistic), oov


def nearest_rows(vectors: np.ndarray, rows: Sequence[int], k: int = 10) -> np.ndarray:
    """For each index in ``rows``, the indices of the k rows with the highest cosine (itself excluded).

    Returns an array of shape len(rows) × k, best first. Computed in blocks of
    512 query rows, so memory stays O(512·V).
    """
    vectors = _checks.matrix("vectors", vectors)
    rows = _checks.indices("rows", np.asarray(rows), len(vectors))
    k = _checks.positive_int("k", k)
    if k >= len(vectors):
        raise ValueError(f"k={k} neighbours need more than k words, but there are {len(vectors)}.")
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    unit = vectors / np.where(norms == 0, 1.0, norms)
    result = np.empty((len(rows), k), dtype=np.intp)
    for start in range(0, len(rows), 512):
        block = rows[start : start + 512]
        sims = unit[block] @ unit.T
        sims[np.arange(len(block)), block] = -np.inf  # never the word itself
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1, kind="stable")
        result[start : start + len(block)] = np.take_along_axis(top, order, axis=1)
    return result


def neighbour_overlap(
    vectors: np.ndarray, reference: np.ndarray, rows: Sequence[int], k: int = 10
) -> np.ndarray:
    """Per word in ``rows``: the share of its k nearest neighbours in ``vectors`` that are also
    among its k nearest in ``reference`` (1 = the same neighbours, ≈ k/V by chance)."""
    vectors = _checks.matrix("vectors", vectors)
    reference = _checks.matrix("reference", reference, rows=len(vectors))
    mine, theirs = nearest_rows(vectors, rows, k), nearest_rows(reference, rows, k)
    return np.array([len(set(a) & set(b)) / k for a, b in zip(mine, theirs, strict=True)])


def frequency_bands(counts: Sequence[int], edges: Sequence[int]) -> list[np.ndarray]:
    """Word indices grouped by count: band i holds the words with edges[i] ≤ count < edges[i+1].

    ``edges`` increase; the last band is open above (count ≥ edges[-1]).
    Example: ``frequency_bands(vocab.counts, [5, 20, 100])`` → rare, middle, frequent.
    """
    counts = np.asarray(counts)
    edges = list(edges)
    if len(edges) < 1 or any(b <= a for a, b in zip(edges[:-1], edges[1:], strict=True)):
        raise ValueError(f"edges must be one or more increasing counts, got {edges}.")
    bounds = [*edges, np.inf]
    return [
        np.flatnonzero((counts >= lo) & (counts < hi))
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
    ]
