"""Measuring word vectors: centring, cosines, neighbours (and a partner's rank among them), group
similarity, similarity benchmarks.

Two kinds of centring, each with its own name:

* :func:`center`: every row minus the mean row (the cloud of word vectors moved to
  the origin; the full softmax leaves W_out's mean row where it started);
* :func:`remove_row_means`: every row minus its own mean (the per-centre constant
  b_c of the softmax optimum log p̂(o|c) + b_c).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from w2vlib import _checks
from w2vlib.corpora import gensim_datapath
from w2vlib.vocab import Vocab, require_vocab

SIMILARITY_SETS = {"wordsim353": "wordsim353.tsv", "simlex999": "simlex999.txt"}


def center(vectors: np.ndarray) -> np.ndarray:
    """Rows minus their mean row.

    Under the full softmax, adding one vector to every row of W_out changes
    nothing, and the mean row of W_out never moves from its start; cosines
    between rows are only meaningful after removing it.
    """
    vectors = _checks.matrix("vectors", vectors).astype(np.float64, copy=False)
    return vectors - vectors.mean(axis=0, keepdims=True)


def remove_row_means(M: np.ndarray) -> np.ndarray:
    """Each row minus its mean over the finite entries: removes the per-centre constant b_c.

    For a dense score or log-count matrix with −inf (or NaN) where a pair was never seen.
    """
    if _checks.is_sparse(M):
        raise _checks.InputError(
            "remove_row_means needs a dense M (unseen pairs as −inf); pass M.toarray()."
        )
    M = _checks.real_array("M", M, finite=False, example="w2vlib.log_conditional(X)")
    if M.ndim != 2:
        raise _checks.InputError(
            f"remove_row_means needs a 2-D matrix (one row per centre), got shape {M.shape}."
        )
    finite = np.isfinite(M)
    means = np.where(finite, M, 0).sum(axis=1, keepdims=True) / np.maximum(
        finite.sum(1, keepdims=True), 1
    )
    return M - means


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero).

    Each row is first divided by its largest |entry|, which changes no direction, so that
    the norm of a row of 1e200 does not overflow to inf, nor one of 1e-200 underflow to 0.
    """
    peak = np.abs(vectors).max(axis=1, keepdims=True, initial=0.0)
    scaled = vectors / np.where(peak == 0, 1.0, peak)
    norms = np.linalg.norm(scaled, axis=1, keepdims=True)
    return scaled / np.where(norms == 0, 1.0, norms)


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    """All pairwise cosines between rows: C[i, j] = v_i·v_j / (|v_i||v_j|)."""
    unit = normalize_rows(_checks.matrix("vectors", vectors).astype(np.float64, copy=False))
    # clipped: rounding can give 1.0000000000000002 for a row with itself, and arccos → NaN
    return np.clip(unit @ unit.T, -1.0, 1.0)


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """The cosine between two vectors (0 if either is zero)."""
    example = "run.W_out[vocab['cat']] (for all pairs of rows of a matrix, use cosine_matrix)"
    a = _checks.real_array("a", a, ndim=1, example=example)  # lists work too
    b = _checks.real_array("b", b, ndim=1, example=example)
    if a.shape != b.shape:
        raise _checks.InputError(
            f"cosine takes two vectors of the same length, got shapes {a.shape} and {b.shape}: "
            "for all pairs of rows of a matrix use cosine_matrix."
        )
    unit_a, unit_b = normalize_rows(np.vstack([a, b]))
    # clipped: rounding can give cosine(v, v) = 1.0000000000000002, and arccos of it is NaN
    return float(np.clip(unit_a @ unit_b, -1.0, 1.0))


def group_cosines(
    vectors: np.ndarray, vocab: Vocab, groups: Mapping[str, Sequence[str]]
) -> tuple[float, float]:
    """Mean cosine between words of the same group, and between words of different groups.

    ``vectors`` is used as given: pass ``center(W_out)`` for centred output vectors.
    """
    require_vocab(vocab, "group_cosines(vectors, vocab, groups)")
    vectors = _finite(_checks.matrix("vectors", vectors, rows=len(vocab)))
    members = _checks.groups("groups", groups, vocab)
    rows = vocab.indices([w for words in members.values() for w in words])
    sizes = [len(words) for words in members.values()]
    if len(sizes) < 2 or max(sizes) < 2:
        raise _checks.InputError(
            f"group_cosines needs at least two groups and a group of at least two words (got "
            f"sizes {sizes}): otherwise the within- or across-group mean has nothing to average."
        )
    labels = np.repeat(np.arange(len(sizes)), sizes)  # group numbers: names 1 and "1" stay apart
    C = cosine_matrix(vectors[rows])
    same = labels[:, None] == labels[None, :]
    off_diagonal = ~np.eye(len(rows), dtype=bool)
    return float(C[same & off_diagonal].mean()), float(C[~same].mean())


def _finite(vectors: np.ndarray) -> np.ndarray:
    """The vectors, refused if any entry is NaN or ±inf (a diverged run would rank nonsense)."""
    if not np.isfinite(vectors).all():
        raise _checks.InputError(
            "vectors contain NaN or inf: training diverged; train again with a smaller lr."
        )
    return vectors


def nearest(vectors: np.ndarray, vocab: Vocab, word: str, k: int = 5) -> list[tuple[str, float]]:
    """The k words whose rows have the highest cosine with ``word``'s row (itself excluded).

    The words and their cosines, best first: :func:`nearest_rows` for one word.
    """
    require_vocab(vocab, "nearest(vectors, vocab, word)")
    k = _checks.positive_int("k", k)
    i = vocab[word]
    vectors = _finite(_checks.matrix("vectors", vectors, rows=len(vocab)))
    k = min(k, len(vocab) - 1)  # never the word itself
    if k == 0:
        return []
    order = nearest_rows(vectors, [i], k)[0]
    unit = normalize_rows(vectors.astype(np.float64))
    return [(vocab.words[j], float(unit[j] @ unit[i])) for j in order]


def nearest_rows(vectors: np.ndarray, rows: Sequence[int], k: int = 10) -> np.ndarray:
    """For each index in ``rows``, the indices of the k rows with the highest cosine (itself excluded).

    Returns an array of shape len(rows) × k, best first. Computed in blocks of
    512 query rows, so memory stays O(512·V) (one row of cosines per query, not V×V).
    """
    vectors = _checks.matrix("vectors", vectors)
    rows = _checks.indices("rows", np.asarray(rows), len(vectors))
    k = _checks.positive_int("k", k)
    if k >= len(vectors):
        raise _checks.InputError(
            f"k={k} neighbours need more than k words, but there are {len(vectors)}."
        )
    unit = normalize_rows(vectors)
    result = np.empty((len(rows), k), dtype=np.intp)
    for start in range(0, len(rows), 512):
        block = rows[start : start + 512]
        sims = unit[block] @ unit.T
        sims[np.arange(len(block)), block] = -np.inf  # never the word itself
        top = np.argpartition(-sims, k, axis=1)[:, :k]
        order = np.argsort(-np.take_along_axis(sims, top, axis=1), axis=1, kind="stable")
        result[start : start + len(block)] = np.take_along_axis(top, order, axis=1)
    return result


def partner_ranks(vectors: np.ndarray, a: Sequence[int], b: Sequence[int]) -> np.ndarray:
    """For each pair, where b[i] stands among a[i]'s neighbours: 1 if it is a[i]'s nearest row.

    The rank is 1 + the number of rows (a[i] itself excluded) whose cosine with row a[i] is
    higher than row b[i]'s; ties count in b[i]'s favour. The size of a cosine changes with N and
    with training length in ways the order of the neighbours need not (on head500 the alike
    pairs' cosine falls from 0.68 to 0.26 between 5 and 20 epochs at N = 300 while the partner's
    rank stays near 30: ``benchmarks/unseen_cells.py``), so the rank says how well a pair is
    grouped where cosines of different runs are not comparable. A uniformly random partner
    ranks about V/2 (a random word of the partner's frequency a few thousand on head500: W′
    holds frequency too). A zero row has no direction to rank by and is refused. Centre the rows first for negative sampling
    (``center(W_out)``), as for cosines. Computed in blocks of 512 pairs: O(512·V) memory.
    """
    vectors = _finite(_checks.matrix("vectors", vectors))
    a = _checks.indices("a", np.atleast_1d(np.asarray(a)), len(vectors))
    b = _checks.indices("b", np.atleast_1d(np.asarray(b)), len(vectors))
    if len(a) != len(b) or len(a) == 0:
        raise _checks.InputError(
            f"a and b must pair words one to one and not be empty: a has {len(a)} words, b has "
            f"{len(b)} (e.g. a = np.arange(1, 501) and b, _ = nearest_company(X, a))."
        )
    if (a == b).any():
        raise _checks.InputError(
            f"pair {int(np.flatnonzero(a == b)[0])} ranks a word among its own neighbours: "
            "a[i] and b[i] must be two different words."
        )
    lengths = np.abs(vectors).max(axis=1)
    for name, words in (("a", a), ("b", b)):
        if (lengths[words] == 0).any():
            word = int(words[lengths[words] == 0][0])
            raise _checks.InputError(
                f"row {word} (in {name}) is all zeros, so it has no direction to rank neighbours by: "
                "pass trained vectors (word2vec's W_out starts at 0), or drop that word's pairs."
            )
    unit = normalize_rows(vectors)
    ranks = np.empty(len(a), dtype=np.intp)
    for start in range(0, len(a), 512):
        block = slice(start, start + 512)
        sims = unit[a[block]] @ unit.T
        sims[np.arange(len(sims)), a[block]] = -np.inf  # never the word itself
        partner = sims[np.arange(len(sims)), b[block]]
        ranks[block] = 1 + np.sum(sims > partner[:, None], axis=1)
    return ranks


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
    counts = _checks.real_array("counts", counts, ndim=1, example="vocab.counts")
    if isinstance(edges, str | bytes) or not isinstance(edges, Sequence | np.ndarray):
        raise _checks.InputError(
            f"edges must be a list of increasing counts, got {edges!r}: e.g. [5, 20, 100] for "
            "rare (< 5), middle and frequent (≥ 100) words; [5] for two bands."
        )
    edges = list(_checks.real_array("edges", edges, ndim=1, example="[5, 20, 100]"))
    if len(edges) < 1 or any(b <= a for a, b in zip(edges[:-1], edges[1:], strict=True)):
        raise _checks.InputError(f"edges must be one or more increasing counts, got {edges}.")
    bounds = [*edges, np.inf]
    return [
        np.flatnonzero((counts >= lo) & (counts < hi))
        for lo, hi in zip(bounds[:-1], bounds[1:], strict=True)
    ]


def similarity_pairs(dataset: str = "wordsim353") -> list[tuple[str, str, float]]:
    """The (word, word, human score) triples of a word-similarity set that gensim ships."""
    filename = SIMILARITY_SETS[_checks.choice("dataset", dataset, tuple(SIMILARITY_SETS))]
    triples = []
    with open(gensim_datapath(filename), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            a, b, score = line.rstrip("\n").split("\t")[:3]
            triples.append((a.lower(), b.lower(), float(score)))
    return triples


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


def _pair_cosines(vectors, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """cos(row a[i], row b[i]) for each pair; a zero row has cosine 0 with everything."""
    if _checks.is_sparse(vectors):  # only the pairs' rows are touched: no dense V×D matrix
        dots = np.asarray(vectors[a].multiply(vectors[b]).sum(axis=1)).ravel()
        norms = np.sqrt(np.asarray(vectors.multiply(vectors).sum(axis=1)).ravel())
        denominator = norms[a] * norms[b]
        return np.divide(dots, denominator, out=np.zeros_like(dots), where=denominator > 0)
    unit = normalize_rows(vectors)
    return np.array([float(unit[i] @ unit[j]) for i, j in zip(a, b, strict=True)])


def evaluate_similarity(
    vectors: object,
    vocab: Vocab,
    dataset: str = "wordsim353",
    word_map: Callable[[str], str] | None = None,
) -> tuple[float, float]:
    """Spearman correlation between cosine similarity and human judgement, and the OOV fraction.

    ``vectors`` has one row per vocabulary word: a dense V×N array (W_in, W_out, an
    SVD's factor) or a ``scipy.sparse`` V×D matrix (count or PPMI columns), of which
    only the pairs' rows are touched. Pairs with a word outside ``vocab`` are left
    out (as gensim's ``evaluate_word_pairs`` does by default) and counted in the OOV
    fraction. ``word_map`` transforms the set's words first, e.g. a Porter stemmer
    for a stemmed corpus. Returns ``(spearman, oov_fraction)``; fewer than 3 pairs in
    the vocabulary is refused (no correlation can be measured).
    """
    require_vocab(vocab, "evaluate_similarity(vectors, vocab)")
    if word_map is not None and not callable(word_map):
        raise _checks.InputError(
            f"word_map must be a function from word to word, got {type(word_map).__name__} "
            f"{word_map!r}: e.g. word_map=PorterStemmer().stem (gensim.parsing.porter)."
        )
    if _checks.is_sparse(vectors):
        from scipy import sparse

        # float: integer counts would overflow in M·M and round the cosines
        vectors = sparse.csr_array(vectors, dtype=np.float64)
        if not np.isfinite(vectors.data).all():
            raise _checks.InputError("vectors contain NaN or inf: build them from finite counts.")
        if vectors.shape[0] != len(vocab):
            raise _checks.InputError(
                f"vectors has {vectors.shape[0]} rows but the vocabulary has {len(vocab)} "
                "words: one row per vocabulary word, in the vocabulary's order."
            )
    else:
        vectors = _finite(_checks.matrix("vectors", vectors, rows=len(vocab)))
    a, b, human, oov = _pair_rows(vocab, dataset, word_map)
    if len(human) < 3:  # a rank correlation of 0, 1 or 2 points is NaN or ±1: meaningless
        total = len(similarity_pairs(dataset))
        raise _checks.InputError(
            f"{len(human)} of {total} word pairs of {dataset} are in the vocabulary, and a "
            "correlation needs at least 3: train on a larger corpus or lower min_count; for a "
            "stemmed corpus (head500) pass word_map, e.g. gensim.parsing.porter.PorterStemmer().stem."
        )
    from scipy.stats import spearmanr  # imported here: scipy.stats alone takes ~1 s to load

    return float(spearmanr(_pair_cosines(vectors, a, b), human).statistic), oov


def fit_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Least-squares y ≈ slope·x + intercept over the finite entries; returns (slope, intercept, r)."""
    try:
        x, y = np.ravel(np.asarray(x, dtype=np.float64)), np.ravel(np.asarray(y, dtype=np.float64))
    except (TypeError, ValueError):
        raise _checks.InputError("x and y must be numbers (lists or arrays of them).") from None
    if x.shape != y.shape:
        raise _checks.InputError(
            f"x and y must pair up point by point, got {x.size} and {y.size} values."
        )
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2:
        raise _checks.InputError("fewer than two finite points to fit a line through.")
    if np.ptp(x[ok]) == 0:  # polyfit would only warn, and r would be NaN
        raise _checks.InputError(
            f"every finite x equals {x[ok][0]}: no line is determined by one x value."
        )
    slope, intercept = np.polyfit(x[ok], y[ok], 1)
    r = float(np.corrcoef(x[ok], y[ok])[0, 1])
    return float(slope), float(intercept), r
