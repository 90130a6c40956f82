"""Measuring word vectors: cosines, centring, neighbours, group similarity, word-similarity sets."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from w2vlib import _checks
from w2vlib.corpora import _gensim_datapath
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


def normalize_rows(vectors: np.ndarray) -> np.ndarray:
    """Rows scaled to unit length (a zero row stays zero)."""
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def cosine_matrix(vectors: np.ndarray) -> np.ndarray:
    """All pairwise cosines between rows: C[i, j] = v_i·v_j / (|v_i||v_j|)."""
    unit = normalize_rows(_checks.matrix("vectors", vectors).astype(np.float64, copy=False))
    return unit @ unit.T


def cosine(a: np.ndarray, b: np.ndarray) -> float:
    """The cosine between two vectors (0 if either is zero)."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)  # lists work too
    if a.ndim != 1 or a.shape != b.shape:
        raise ValueError(
            f"cosine takes two vectors of the same length, got shapes {a.shape} and {b.shape}: "
            "for all pairs of rows of a matrix use cosine_matrix."
        )
    norm = np.linalg.norm(a) * np.linalg.norm(b)
    return float(a @ b / norm) if norm else 0.0


def group_cosines(
    vectors: np.ndarray, vocab: Vocab, groups: Mapping[str, Sequence[str]]
) -> tuple[float, float]:
    """Mean cosine between words of the same group, and between words of different groups.

    ``vectors`` is used as given: pass ``center(W_out)`` for centred output vectors.
    """
    require_vocab(vocab, "group_cosines(vectors, vocab, groups)")
    vectors = _finite(_checks.matrix("vectors", vectors, rows=len(vocab)))
    members = _checked_groups(groups)
    rows = vocab.indices([w for words in members.values() for w in words])
    sizes = [len(words) for words in members.values()]
    if len(sizes) < 2 or max(sizes) < 2:
        raise ValueError(
            f"group_cosines needs at least two groups and a group of at least two words (got "
            f"sizes {sizes}): otherwise the within- or across-group mean has nothing to average."
        )
    labels = np.repeat(np.arange(len(sizes)), sizes)  # group numbers: names 1 and "1" stay apart
    C = cosine_matrix(vectors[rows])
    same = labels[:, None] == labels[None, :]
    off_diagonal = ~np.eye(len(rows), dtype=bool)
    return float(C[same & off_diagonal].mean()), float(C[~same].mean())


def _checked_groups(groups: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The groups as lists of words, refusing a bare string where a list belongs."""
    if not isinstance(groups, Mapping):
        raise TypeError(
            f"groups must be a mapping {{group: [words]}}, got {type(groups).__name__}: "
            "e.g. {'pets': ['cat', 'dog'], 'vehicles': ['car', 'bus']}."
        )
    members = {}
    for name, words in groups.items():
        if isinstance(words, str):  # list("cat") would silently become three one-letter words
            raise TypeError(
                f"group {name!r} is the single string {words!r}: pass a list, [{words!r}]."
            )
        members[name] = list(words)
    return members


def _finite(vectors: np.ndarray) -> np.ndarray:
    """The vectors, refused if any entry is NaN or ±inf (a diverged run would rank nonsense)."""
    if not np.isfinite(vectors).all():
        raise ValueError(
            "vectors contain NaN or inf: training diverged; train again with a smaller lr."
        )
    return vectors


def nearest(vectors: np.ndarray, vocab: Vocab, word: str, k: int = 5) -> list[tuple[str, float]]:
    """The k words whose rows have the highest cosine with ``word``'s row (itself excluded)."""
    require_vocab(vocab, "nearest(vectors, vocab, word)")
    k = _checks.positive_int("k", k)
    i = vocab[word]
    # one row of cosines, O(V·N): the full V×V matrix cost ~0.08 s and 125 MB at V = 4000
    vectors = _finite(_checks.matrix("vectors", vectors, rows=len(vocab)))
    sims = _row_cosines(vectors.astype(np.float64), i)
    sims[i] = -np.inf
    order = np.argsort(-sims, kind="stable")[: min(k, len(sims) - 1)]  # never the word itself
    return [(vocab.words[j], float(sims[j])) for j in order]


def _row_cosines(vectors: np.ndarray, i: int) -> np.ndarray:
    unit = normalize_rows(vectors)
    return unit @ unit[i]


def similarity_pairs(dataset: str = "wordsim353") -> list[tuple[str, str, float]]:
    """The (word, word, human score) triples of a word-similarity set that gensim ships."""
    filename = SIMILARITY_SETS[_checks.choice("dataset", dataset, tuple(SIMILARITY_SETS))]
    triples = []
    with open(_gensim_datapath(filename), encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#") or not line.strip():
                continue
            a, b, score = line.rstrip("\n").split("\t")[:3]
            triples.append((a.lower(), b.lower(), float(score)))
    return triples


def evaluate_similarity(
    vectors: np.ndarray,
    vocab: Vocab,
    dataset: str = "wordsim353",
    word_map: Callable[[str], str] | None = None,
) -> tuple[float, float]:
    """Spearman correlation between cosine similarity and human judgement, and the OOV fraction.

    Pairs with a word outside ``vocab`` are left out (as gensim's
    ``evaluate_word_pairs`` does by default) and counted in ``oov_fraction``.
    ``word_map`` transforms the set's words first, e.g. a Porter stemmer for a
    stemmed corpus. Returns ``(spearman, oov_fraction)``; the Spearman is NaN
    if fewer than 3 pairs are in the vocabulary.
    """
    require_vocab(vocab, "evaluate_similarity(vectors, vocab)")
    if word_map is not None and not callable(word_map):
        raise TypeError(
            f"word_map must be a function from word to word, got {type(word_map).__name__} "
            f"{word_map!r}: e.g. word_map=PorterStemmer().stem (gensim.parsing.porter)."
        )
    vectors = _finite(_checks.matrix("vectors", vectors, rows=len(vocab)))
    unit = normalize_rows(vectors)
    triples = similarity_pairs(dataset)
    model, human = [], []
    for a, b, score in triples:
        if word_map is not None:
            a, b = word_map(a), word_map(b)
        if a in vocab and b in vocab:
            model.append(float(unit[vocab[a]] @ unit[vocab[b]]))
            human.append(score)
    oov = 1.0 - len(model) / len(triples)
    if len(model) < 3:
        return float("nan"), oov
    from scipy.stats import spearmanr  # imported here: scipy.stats alone takes ~1 s to load

    return float(spearmanr(model, human).statistic), oov
