"""From sentences to training examples: windows, skip-gram pairs, CBOW examples, co-occurrence.

All of it is vectorised over the whole corpus at once: the sentences are
concatenated into one index array ``tokens`` with a parallel ``sentence_id``,
and a window offset d is valid at position i when i + d stays inside the same
sentence.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from w2vlib import _checks
from w2vlib._checks import positive_int
from w2vlib.vocab import Vocab

if TYPE_CHECKING:  # scipy is imported where a sparse matrix is built: the trainer needs none
    from scipy import sparse

DENSE_COOCCURRENCE_BYTES = 2**30
"""A dense co-occurrence matrix beyond 1 GiB (V ≈ 11 600) is refused: pass as_sparse=True."""
CONTEXT_BYTES_PER_ENTRY = 26  # positions, tokens (8 bytes each), masks, and the result


def concatenate(encoded: Sequence[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """One array of word indices for the whole corpus, and each token's sentence number."""
    if not encoded:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    lengths = np.fromiter((len(s) for s in encoded), dtype=np.intp, count=len(encoded))
    tokens = np.concatenate(encoded).astype(np.intp, copy=False)
    sentence_id = np.repeat(np.arange(len(encoded), dtype=np.intp), lengths)
    return tokens, sentence_id


def context_matrix(
    tokens: np.ndarray,
    sentence_id: np.ndarray,
    window: int,
    rng: np.random.Generator | None = None,
) -> np.ndarray:
    """T × 2·window matrix: row i holds the indices of token i's context words, −1 where none.

    Columns are the offsets −window..−1, +1..+window. With ``rng`` given, each
    centre's window is shrunk to a random width b ∈ {1..window}, as word2vec
    and gensim do (``shrink_windows``): nearer words are then seen more often.
    """
    window = positive_int("window", window)  # 0 would silently give no context at all
    if len(sentence_id) != len(tokens):
        raise _checks.InputError(
            f"tokens has {len(tokens)} entries but sentence_id has {len(sentence_id)}: "
            "pass the pair that concatenate(vocab.encode(sentences)) returns."
        )
    T = len(tokens)
    # Offsets beyond the longest sentence never pair anything: leave them out, so that
    # window=10**7 costs what the longest sentence costs (the widths below still draw
    # from 1..window, so the result is the same as without the clip, draw for draw).
    reach = min(window, max(longest_sentence(sentence_id) - 1, 1))
    _checks.memory(
        f"window={window} over {T} tokens (a {T}×{2 * reach} context matrix)",
        T * 2 * reach * CONTEXT_BYTES_PER_ENTRY,
        "use a smaller window (word2vec uses 5).",
    )
    width = None if rng is None else rng.integers(1, window + 1, size=T)
    return window_rows(tokens, sentence_id, reach, width)


def window_rows(
    tokens: np.ndarray,
    sentence_id: np.ndarray,
    reach: int,
    width: np.ndarray | None = None,
    lo: int = 0,
    hi: int | None = None,
) -> np.ndarray:
    """Rows ``lo..hi`` of the context matrix whose columns are the offsets −reach..−1, +1..+reach.

    ``width[i]`` is centre i's (shrunk) window, one per token (None: ``reach`` for
    all). Only the tokens within ``reach`` of ``lo..hi`` are read, so a slice of a
    large corpus costs memory for that slice only. The entries have ``tokens``' dtype.
    """
    T = len(tokens)
    hi = T if hi is None else hi
    offsets = np.r_[np.arange(-reach, 0), np.arange(1, reach + 1)]
    positions = np.arange(lo, hi)[:, None] + offsets[None, :]
    inside = (positions >= 0) & (positions < T)
    positions = np.clip(positions, 0, max(T - 1, 0))
    valid = inside & (sentence_id[positions] == sentence_id[lo:hi, None])
    if width is not None:
        valid &= np.abs(offsets)[None, :] <= width[lo:hi, None]
    return np.where(valid, tokens[positions], -1)


def longest_sentence(sentence_id: np.ndarray) -> int:
    """The length of the longest run of equal ``sentence_id`` values (0 for no tokens)."""
    if len(sentence_id) == 0:
        return 0
    starts = np.flatnonzero(np.diff(sentence_id)) + 1
    return int(np.diff(np.r_[0, starts, len(sentence_id)]).max())


def _encode_checked(
    sentences: Sequence[Sequence[str]], vocab: Vocab, caller: str
) -> list[np.ndarray]:
    if not isinstance(vocab, Vocab):
        swapped = " Did you swap them?" if isinstance(sentences, Vocab) else ""
        raise _checks.InputError(
            f"{caller}(sentences, vocab, window) takes a Vocab second, got "
            f"{type(vocab).__name__}: build one with Vocab(sentences).{swapped}"
        )
    encoded = vocab.encode(sentences)
    if not encoded:
        raise _checks.InputError(
            "the corpus is empty: pass a list of sentences, each a list of words."
        )
    return encoded


def skipgram_pairs(
    sentences: Sequence[Sequence[str]], vocab: Vocab, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """All (centre, context) index pairs within ``window`` words, in corpus order.

    Words outside the vocabulary are dropped first. Every centre c at position
    i is paired with each word at positions i−window … i+window (not i) of the
    same sentence. Returns two int arrays of equal length.
    """
    window = positive_int("window", window)
    tokens, sentence_id = concatenate(_encode_checked(sentences, vocab, "skipgram_pairs"))
    return pairs_from_tokens(tokens, sentence_id, window)


def pairs_from_tokens(
    tokens: np.ndarray,
    sentence_id: np.ndarray,
    window: int,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Skip-gram pairs from an already encoded corpus (see :func:`context_matrix`)."""
    contexts = context_matrix(tokens, sentence_id, window, rng)
    valid = contexts >= 0
    centers = np.broadcast_to(tokens[:, None], contexts.shape)[valid]
    return centers.astype(np.intp), contexts[valid].astype(np.intp)


def cbow_examples(
    sentences: Sequence[Sequence[str]], vocab: Vocab, window: int
) -> tuple[np.ndarray, np.ndarray]:
    """CBOW examples: each centre word and its context words, padded with −1.

    Returns ``(centers, contexts)`` with ``contexts`` of shape B × 2·window
    (2·(L − 1) if the longest sentence has only L ≤ window words: the columns
    past it would always be padding). A centre with no context word at all (a
    one-word sentence) is skipped.
    """
    window = positive_int("window", window)
    tokens, sentence_id = concatenate(_encode_checked(sentences, vocab, "cbow_examples"))
    return cbow_from_tokens(tokens, sentence_id, window)


def cbow_from_tokens(
    tokens: np.ndarray,
    sentence_id: np.ndarray,
    window: int,
    rng: np.random.Generator | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """CBOW examples from an already encoded corpus (see :func:`context_matrix`)."""
    contexts = context_matrix(tokens, sentence_id, window, rng)
    has_context = (contexts >= 0).any(axis=1)
    return tokens[has_context].astype(np.intp), contexts[has_context]


def cooccurrence(
    sentences: Sequence[Sequence[str]], vocab: Vocab, window: int, as_sparse: bool = False
) -> np.ndarray | sparse.csr_matrix:
    """V×V co-occurrence counts: ``X[c, o]`` = number of (centre c, context o) pairs.

    These are exactly the pairs that skip-gram trains on, so
    ``X.sum() == len(skipgram_pairs(...)[0])``, and with a symmetric window X is
    symmetric. Row sums n_c = Σ_o X[c, o] count how often c is a centre.
    Pass ``as_sparse=True`` for a large vocabulary (a dense V×V array of a
    20 000-word vocabulary would take 3.2 GB).
    """
    as_sparse = _checks.flag("as_sparse", as_sparse)
    V = len(vocab) if isinstance(vocab, Vocab) else 0
    if not as_sparse:
        _checks.memory(
            f"a dense {V}×{V} co-occurrence matrix",
            V * V * 8.0,
            "pass as_sparse=True for a scipy.sparse matrix.",
            limit=DENSE_COOCCURRENCE_BYTES,
        )
    from scipy import sparse

    centers, contexts = skipgram_pairs(sentences, vocab, window)
    counts = sparse.coo_matrix(
        (np.ones(len(centers), dtype=np.int64), (centers, contexts)), shape=(V, V)
    ).tocsr()  # tocsr() sums the repeated (c, o) entries
    return counts if as_sparse else counts.toarray()


def keep_probabilities(counts: np.ndarray, sample: float) -> np.ndarray:
    """word2vec's subsampling: the probability of keeping each occurrence of word w.

    With z = count(w) / total tokens and threshold s = ``sample``,
    p_keep(w) = (√(z/s) + 1) · s/z, capped at 1 (the C code's formula, also
    gensim's). Frequent words ("the") are mostly dropped; a word with
    z ≤ φ²·s ≈ 2.618·s (φ the golden ratio) is always kept. ``sample=0``
    keeps everything.
    """
    number = isinstance(sample, int | float | np.integer | np.floating)
    if isinstance(sample, bool) or not (number and math.isfinite(sample) and sample >= 0):
        # NaN would silently drop every token; a negative value would silently keep them all
        raise _checks.InputError(
            f"sample must be a number ≥ 0 (word2vec uses 1e-3; 0 turns it off), got {sample!r}."
        )
    if sample == 0:
        return np.ones(len(counts))
    z = counts / counts.sum()
    return np.minimum(1.0, (np.sqrt(z / sample) + 1.0) * sample / z)


def sentence_lengths(sentence_id: np.ndarray) -> np.ndarray:
    """The length of each run of equal ``sentence_id`` values (each sentence's kept tokens)."""
    if len(sentence_id) == 0:
        return np.zeros(0, np.intp)
    starts = np.flatnonzero(np.diff(sentence_id)) + 1
    return np.diff(np.r_[0, starts, len(sentence_id)])


def expected_examples(
    lengths: np.ndarray, window: int, arch: str = "skipgram", shrink_windows: bool = False
) -> float:
    """How many training examples one epoch gives (before subsampling), without building them.

    ``lengths`` are the sentences' lengths in tokens. A sentence of L tokens with a window of
    w gives skip-gram Σ_{d=1}^{m} 2(L − d) pairs, m = min(w, L − 1), one per ordered pair of
    words d apart. With ``shrink_windows`` each centre's window is uniform on 1..w, so
    distance d is kept with probability (w + 1 − d)/w. CBOW gives one example per token that
    has a context (L ≥ 2). This is what the trainer estimates its work from, in closed form,
    so that window=10**6 is priced before it is built.
    """
    L = np.asarray(lengths, dtype=np.float64)
    if arch == "cbow":
        return float(L[L >= 2].sum())
    m = np.minimum(float(window), np.maximum(L - 1, 0))
    near = m * L - m * (m + 1) / 2  # Σ_{d=1}^{m} (L − d)
    if shrink_windows:  # Σ (L − d)(w + 1 − d) / w
        w = float(window)
        near = (m * L * (w + 1) - (L + w + 1) * m * (m + 1) / 2 + m * (m + 1) * (2 * m + 1) / 6) / w
    return float(2 * near.sum())
