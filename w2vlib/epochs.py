"""One epoch's training examples, built and shuffled one bounded buffer at a time.

An epoch is: subsample the corpus's tokens (word2vec's ``sample``), draw each
kept centre's window width b ∈ {1..window} (``shrink_windows``), list the
examples (skip-gram: every (centre, context) pair; CBOW: every centre with its
window), and shuffle them. Listing a whole epoch at once costs memory in
proportion to the corpus (36M pairs, 580 MB as int64, at 9.4M tokens); here
the examples exist as int32 indices in one buffer of at most
:data:`BUFFER_BYTES` at a time:

* **An epoch that fits in one buffer** (every lesson's corpus: the toys, Lee,
  head500) is built as a whole, with the same random draws in the same order as
  a whole-epoch build: the subsampling, the widths, one permutation of all its
  examples. Its numbers are those of the whole-epoch build, bit for bit.
* **A larger epoch** is cut into segments of :data:`SEGMENT_CENTRES` consecutive
  centres. The segments are visited in a random order and packed into buffers;
  each buffer is shuffled when training reaches it. A buffer thus mixes about
  ten stretches of text from all over the corpus. Without ``shuffle`` the
  segments stay in corpus order and the examples are the whole build's, in order.

The generator's draws, in order: the subsampling and the widths for the whole
epoch (drawn piece by piece: the stream does not depend on how it is cut into
calls, so these are the whole build's draws), then the order of the segments
(large epochs only), then one permutation per buffer as training reaches it.
Memory besides the buffer: the kept tokens, their sentence numbers and widths,
12 bytes per kept token.
"""

from __future__ import annotations

import numpy as np

from w2vlib import kernels
from w2vlib.pairs import longest_sentence, window_rows
from w2vlib.vocab import Vocab

BUFFER_BYTES = 32 * 2**20
"""One buffer holds at most this many bytes of int32 indices (32 MiB): 4.2M skip-gram pairs
(two indices each), or 0.76M CBOW examples at window 5 (a centre and 10 context slots).
Every lesson's epoch fits (head500 at window 5 without subsampling: 3.3M pairs); the
9.4M-token corpus of ``benchmarks/scale.py`` (36M pairs an epoch) takes about nine."""

SEGMENT_CENTRES = 2**16
"""A large epoch is shuffled as segments of this many consecutive centres (about 0.4M pairs
at window 5): short enough that a buffer mixes many parts of the corpus."""

COMPILED_FROM_TOKENS = 100_000
"""Corpora of at least this many kept tokens (head500: 331k; Lee: 60k) list their skip-gram
pairs with the compiled kernels of :mod:`w2vlib.kernels` (0.01 s an epoch on head500 against
0.07–0.10 s); smaller ones use numpy, so a lesson on a small corpus never loads numba."""

_PIECE = 2**20  # tokens per call to the generator while subsampling and drawing widths


def encoded_corpus(vocab: Vocab, sentences) -> tuple[np.ndarray, np.ndarray]:
    """The corpus as int32 word indices and each token's int32 sentence number (8 bytes a token)."""
    encoded = vocab.encode(sentences, dtype=np.int32)
    lengths = np.fromiter((len(s) for s in encoded), dtype=np.int64, count=len(encoded))
    tokens = np.concatenate(encoded) if encoded else np.zeros(0, np.int32)
    sentence_id = np.repeat(np.arange(len(encoded), dtype=np.int32), lengths)
    return tokens, sentence_id


class EpochExamples:
    """One epoch's examples (see the module doc), read forward with :meth:`take`.

    ``size`` is the number of examples. ``take(start, stop)`` returns examples
    start..stop−1 as ``(inputs, targets)`` intp arrays: skip-gram (centres,
    contexts), CBOW (B×2·reach windows padded with −1, centres). Reads go
    forward: a later call may not start before an earlier one.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        tokens: np.ndarray,
        sentence_id: np.ndarray,
        keep: np.ndarray,
        *,
        arch: str,
        window: int,
        subsample: float,
        shrink_windows: bool,
        shuffle: bool = True,
        buffer_bytes: int | None = None,
    ) -> None:
        self._rng, self._skipgram, self._shuffle = rng, arch == "skipgram", shuffle
        if subsample > 0:
            tokens, sentence_id = _subsampled(rng, tokens, sentence_id, keep)
        self._tokens, self._sentence_id = tokens, sentence_id
        # offsets beyond the longest sentence never pair anything (a CBOW window has 2·reach slots)
        self._reach = reach = min(window, max(longest_sentence(sentence_id) - 1, 1))
        self._width = _widths(rng, len(tokens), window, reach) if shrink_windows else None
        large = len(tokens) >= COMPILED_FROM_TOKENS and self._skipgram
        self._kernels = kernels.compiled() if large else None
        slots = 2 if self._skipgram else 2 * reach + 1  # int32 indices per example
        buffer_bytes = BUFFER_BYTES if buffer_bytes is None else buffer_bytes
        self.capacity = capacity = max(1, buffer_bytes // (4 * slots))
        most_per_centre = 2 * reach if self._skipgram else 1
        segment = max(1, min(SEGMENT_CENTRES, capacity // most_per_centre))
        self._segments = np.arange(0, len(tokens), segment)
        self._segment_size = segment
        counts = self._segment_counts()
        self.size = int(counts.sum())
        if self.size <= capacity:  # one buffer, in corpus order: the whole build's draws
            self._plan = [np.arange(len(counts))]
        else:
            order = rng.permutation(len(counts)) if shuffle else np.arange(len(counts))
            self._plan = _packed(order, counts, capacity)
        self._counts, self._next = counts, 0
        # the examples in memory: (epoch position of the first, inputs, targets), in order
        self._held: list[tuple[int, np.ndarray, np.ndarray]] = [(0, *self._open())]
        self._end = len(self._held[0][2])  # the epoch position after the last one held

    def take(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Examples start..stop−1 (fewer at the epoch's end) as intp arrays."""
        stop = min(stop, self.size)
        if start < self._held[0][0]:
            raise RuntimeError("an epoch's examples are read forward only.")
        if stop > self._end:
            # drop what lies before start, and copy a partly read buffer's tail (less than a
            # batch), so that at most one full buffer is in memory when the next one opens
            held = [(b, x, o) for b, x, o in self._held if b + len(o) > start]
            if held and held[0][0] < start:
                b, x, o = held[0]
                held[0] = (start, x[start - b :].copy(), o[start - b :].copy())
            if not held:  # all read: keep only the shape (an empty copy frees the buffer)
                _, x, o = self._held[-1]
                held = [(self._end, x[:0].copy(), o[:0].copy())]
            self._held = held
            while stop > self._end and self._next < len(self._plan):
                inputs, targets = self._open()
                self._held.append((self._end, inputs, targets))
                self._end += len(targets)
        parts = [
            (x[max(start - b, 0) : stop - b], o[max(start - b, 0) : stop - b])
            for b, x, o in self._held
            if b < stop and b + len(o) > start
        ]
        if len(parts) == 1:
            return parts[0][0].astype(np.intp), parts[0][1].astype(np.intp)
        if not parts:  # at or past the epoch's end
            _, x, o = self._held[-1]
            return x[:0].astype(np.intp), o[:0].astype(np.intp)
        return (
            np.concatenate([x for x, _ in parts]).astype(np.intp),
            np.concatenate([o for _, o in parts]).astype(np.intp),
        )

    def _segment_counts(self) -> np.ndarray:
        """The number of examples whose centre lies in each segment."""
        T, segment = len(self._tokens), self._segment_size
        if self._kernels is not None:
            counts = np.zeros(len(self._segments), np.int64)
            width = self._width if self._width is not None else np.zeros(0, np.int32)
            self._kernels.segment_pair_counts(
                self._sentence_id, width, self._reach, segment, counts
            )
            return counts
        sid = self._sentence_id
        same_before = np.zeros(T, bool)
        same_before[1:] = sid[1:] == sid[:-1]
        if not self._skipgram:  # a centre is an example when its sentence has another word
            same_after = np.zeros(T, bool)
            same_after[:-1] = same_before[1:]
            per_centre = (same_before | same_after).astype(np.int64)
        else:  # min(b, words before it in its sentence) + min(b, words after it)
            position = np.arange(T)
            first = np.maximum.accumulate(np.where(same_before, 0, position))
            same_after = np.zeros(T, bool)
            same_after[:-1] = same_before[1:]
            last = np.minimum.accumulate(np.where(same_after, T, position)[::-1])[::-1]
            b = self._width if self._width is not None else self._reach
            per_centre = np.minimum(b, position - first) + np.minimum(b, last - position)
        return np.add.reduceat(per_centre, self._segments) if T else np.zeros(0, np.int64)

    def _open(self) -> tuple[np.ndarray, np.ndarray]:
        """The next buffer of the plan: its segments' examples, shuffled if asked."""
        segments = self._plan[self._next] if self._next < len(self._plan) else np.zeros(0, int)
        self._next += 1
        n = int(self._counts[segments].sum())
        if self._skipgram:
            inputs, targets = np.empty(n, np.int32), np.empty(n, np.int32)
        else:
            inputs, targets = np.empty((n, 2 * self._reach), np.int32), np.empty(n, np.int32)
        filled = 0
        for s in segments:
            lo = int(self._segments[s])
            hi = min(lo + self._segment_size, len(self._tokens))
            filled += self._fill(lo, hi, inputs[filled:], targets[filled:])
        if self._shuffle:
            order = self._rng.permutation(n)
            inputs, targets = inputs[order], targets[order]
        return inputs, targets

    def _fill(self, lo: int, hi: int, inputs: np.ndarray, targets: np.ndarray) -> int:
        """Write the examples of centres lo..hi−1, in corpus order; returns how many."""
        if self._kernels is not None:
            width = self._width if self._width is not None else np.zeros(0, np.int32)
            return self._kernels.fill_pairs(
                self._tokens, self._sentence_id, width, self._reach, lo, hi, inputs, targets
            )
        rows = window_rows(self._tokens, self._sentence_id, self._reach, self._width, lo, hi)
        centres = self._tokens[lo:hi]
        if self._skipgram:
            valid = rows >= 0
            n = int(valid.sum())
            inputs[:n] = np.broadcast_to(centres[:, None], rows.shape)[valid]
            targets[:n] = rows[valid]
            return n
        has_context = (rows >= 0).any(axis=1)
        n = int(has_context.sum())
        inputs[:n] = rows[has_context]
        targets[:n] = centres[has_context]
        return n


def _subsampled(
    rng: np.random.Generator, tokens: np.ndarray, sentence_id: np.ndarray, keep: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Keep each token with probability keep[word]: one uniform draw per token, in corpus order."""
    kept = np.empty(len(tokens), bool)
    for lo in range(0, len(tokens), _PIECE):
        hi = min(lo + _PIECE, len(tokens))
        np.less(rng.random(hi - lo), keep[tokens[lo:hi]], out=kept[lo:hi])
    return tokens[kept], sentence_id[kept]


def _widths(rng: np.random.Generator, T: int, window: int, reach: int) -> np.ndarray:
    """Each centre's window b ∈ {1..window}, uniform, capped at ``reach`` (the same pairs)."""
    width = np.empty(T, np.int32)
    for lo in range(0, T, _PIECE):
        hi = min(lo + _PIECE, T)
        np.minimum(
            rng.integers(1, window + 1, size=hi - lo), reach, out=width[lo:hi], casting="unsafe"
        )
    return width


def _packed(order: np.ndarray, counts: np.ndarray, capacity: int) -> list[np.ndarray]:
    """Consecutive runs of ``order`` whose counts add up to at most ``capacity`` each."""
    plan, run, total = [], [], 0
    for s in order:
        if run and total + counts[s] > capacity:
            plan.append(np.array(run))
            run, total = [], 0
        run.append(s)
        total += counts[s]
    plan.append(np.array(run))
    return plan
