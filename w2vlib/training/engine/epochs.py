"""One epoch's training examples, built and shuffled one bounded buffer at a time.

An epoch is: subsample the corpus's tokens (word2vec's ``sample``), draw each
kept centre's window width b ∈ {1..window} (``shrink_windows``), list the
examples (skip-gram: every (centre, context) pair; CBOW: every centre with its
window), and shuffle them. Listing a whole epoch at once costs memory in
proportion to the corpus (35M pairs, 560 MB as int64, at 9.4M tokens); here
the examples exist as int32 indices in one buffer of at most
:data:`BUFFER_BYTES` at a time (skip-gram pairs of a vocabulary of up to 65,536 words
as uint16 indices: the same examples in half of it):

* **An epoch that fits in one buffer** (every lesson's corpus: the toys, Lee,
  head500) is built as a whole, with the same random draws in the same order as
  a whole-epoch build: the subsampling, the widths, one permutation of all its
  examples. Its numbers are those of the whole-epoch build, bit for bit.
* **A larger epoch** is cut into segments of :data:`SEGMENT_CENTRES` consecutive
  centres. The segments are visited in a random order and packed into buffers;
  each buffer is shuffled in place when training reaches it. A buffer thus mixes
  stretches of text from all over the corpus (16 of them at 9.4M tokens). Without ``shuffle`` the
  segments stay in corpus order: the whole build's examples, in its order.

The generator's draws, in order: the subsampling and the widths for the whole
epoch (drawn piece by piece: the stream does not depend on how it is cut into
calls, so these are the whole build's draws), then the order of the segments
(large epochs only), then one shuffle per buffer as training reaches it.

A trainer passes one :class:`ExampleBuffer` to every epoch, so that each buffer is
written into the same memory: freeing a 32 MiB buffer and allocating the next
one left the old pages resident beside the new (the allocator keeps them), which
measured +60 MiB of peak at 9.4M tokens.

Memory besides the buffer: one width per corpus token (a byte at window < 256;
0 marks a token that subsampling dropped), freed once the last buffer is built.
On a large corpus the compiled kernels of :mod:`~w2vlib.training.engine.kernels`
walk the corpus itself; the numpy path (small corpora, or no numba) works on a
compacted copy of the kept tokens.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from w2vlib.pairs import longest_sentence, window_rows
from w2vlib.training.engine import kernels
from w2vlib.vocab import Vocab

BUFFER_BYTES = 32 * 2**20
"""One buffer holds at most this many bytes of int32 indices (32 MiB): 4.2M skip-gram pairs
(two indices each), or 0.76M CBOW examples at window 5 (a centre and 10 context slots).
Every lesson's epoch fits (head500 at min_count 5: 1.8M pairs with lesson 07's subsampling
and shrunk windows, 3.0M at window 5 without either); the 9.4M-token corpus of
``benchmarks/scale.py`` (35M pairs an epoch) takes nine, of 16 MiB each as uint16."""

SEGMENT_CENTRES = 2**16
"""A large epoch is shuffled as segments of this many consecutive centres (about 0.4M pairs
at window 5): short enough that a buffer mixes many parts of the corpus."""

COMPILED_FROM_TOKENS = 100_000
"""Corpora of at least this many kept tokens (head500: 331k; Lee: 60k) list their skip-gram
pairs with the compiled kernels (0.01 s an epoch on head500 against 0.07–0.10 s); smaller
ones use numpy, so a lesson on a small corpus never loads numba."""

_PIECE = 2**17  # tokens per call to the generator while subsampling and drawing widths (their
# temporaries, about 30 bytes a token, were 35 MiB at 2**20: the peak of a 9.4M-token run)
_PACK = 2**20  # tokens encoded before they are packed into one array


def token_dtype(V: int) -> np.dtype:
    """The smallest index type for a vocabulary of V words: uint16 up to 65,536 words, else int32."""
    return np.dtype(np.uint16 if V <= 2**16 else np.int32)


def encoded_corpus(vocab: Vocab, sentences: Iterable[Sequence[str]]) -> tuple[np.ndarray, ...]:
    """The corpus as word indices (:func:`token_dtype`), and its sentence starts as bits (:func:`pack_starts`).

    Two bytes and one bit a token for a vocabulary of up to 65,536 words (the 9.4M-token
    corpus of ``benchmarks/scale.py`` has 55k at min_count 5), four beyond; packed as the sentences
    are read, so that no per-sentence array outlives its pack (hundreds of thousands of
    small arrays fragment memory).
    """
    dtype = token_dtype(len(vocab))
    packs, firsts, pending, pending_tokens = [], [], [], 0

    def pack() -> None:
        lengths = np.fromiter((len(s) for s in pending), dtype=np.int64, count=len(pending))
        first = np.zeros(int(lengths.sum()), bool)
        first[np.cumsum(lengths)[lengths > 0] - lengths[lengths > 0]] = True
        packs.append(np.concatenate(pending) if pending else np.zeros(0, dtype))
        firsts.append(first)
        pending.clear()

    for rows in vocab.iter_encode(sentences, dtype=dtype):
        pending.append(rows)
        pending_tokens += len(rows)
        if pending_tokens >= _PACK:
            pack()
            pending_tokens = 0
    pack()
    tokens = np.concatenate(packs)
    packs.clear()
    return tokens, pack_starts(np.concatenate(firsts))


def pack_starts(first: np.ndarray) -> np.ndarray:
    """The bool marking each sentence's first token, as bits: token t is bit t % 8 of byte t // 8.

    A bit, not a byte, a token: the trainer keeps it for every epoch (1.1 MiB against
    8.9 MiB at 9.4M tokens). :func:`unpack_starts` gives the bools back.
    """
    return np.packbits(np.asarray(first, bool), bitorder="little")


def unpack_starts(starts: np.ndarray, T: int) -> np.ndarray:
    """The T bools that :func:`pack_starts` packed (its padding bits dropped)."""
    return np.unpackbits(starts, count=T, bitorder="little").view(bool)


def sentence_starts(sentence_id: np.ndarray) -> np.ndarray:
    """Each sentence's first token, as bits (:func:`pack_starts`), from each token's sentence number."""
    first = np.ones(len(sentence_id), bool)
    first[1:] = sentence_id[1:] != sentence_id[:-1]
    return pack_starts(first)


def sentence_lengths_from_starts(starts: np.ndarray, T: int) -> np.ndarray:
    """Each sentence's length in tokens, from the packed starts of a corpus of T tokens."""
    return np.diff(np.r_[np.flatnonzero(unpack_starts(starts, T)), T])


def longest_run(starts: np.ndarray, T: int) -> int:
    """The length of the longest sentence (0 for no tokens), from packed starts."""
    if T == 0:
        return 0
    return int(sentence_lengths_from_starts(starts, T).max())


def epoch_examples(
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
) -> tuple[np.ndarray, np.ndarray]:
    """One epoch's (inputs, targets), all of them: subsample, build the examples, shuffle.

    Skip-gram predicts the context from the centre, CBOW the centre from its
    window. The draws from ``rng`` come in a fixed order (subsampling, window
    widths, shuffle). The trainer reads the same examples a buffer at a time
    (:class:`EpochExamples`); this lists them at once, for reading.
    """
    starts = sentence_starts(sentence_id)
    settings = dict(arch=arch, window=window, subsample=subsample, shrink_windows=shrink_windows)
    examples = EpochExamples(
        rng, np.asarray(tokens, np.int32), starts, keep, **settings, shuffle=shuffle
    )
    return examples.take(0, examples.size)


class EpochExamples:
    """One epoch's examples (see the module doc), read forward with :meth:`take`.

    ``tokens`` are the corpus's word indices, ``starts`` marks each sentence's
    first token (as bits, :func:`pack_starts`); ``longest``, the longest sentence's
    length, is computed from them if not given. ``size`` is the number of examples. ``take(start, stop)``
    returns examples start..stop−1 as ``(inputs, targets)`` intp arrays:
    skip-gram (centres, contexts), CBOW (B×2·reach windows padded with −1,
    centres). Reads go forward: a call may repeat the last start, not go back.
    """

    def __init__(
        self,
        rng: np.random.Generator,
        tokens: np.ndarray,
        starts: np.ndarray,
        keep: np.ndarray,
        *,
        arch: str,
        window: int,
        subsample: float,
        shrink_windows: bool,
        shuffle: bool = True,
        buffer_bytes: int | None = None,
        buffer: ExampleBuffer | None = None,
        longest: int | None = None,
    ) -> None:
        self._rng, self._skipgram, self._shuffle = rng, arch == "skipgram", shuffle
        self._buffer = buffer if buffer is not None else ExampleBuffer()
        # offsets beyond the longest sentence never pair anything: widths are capped there
        # (``longest``, the longest sentence, if the caller knows it: it is the same every epoch)
        longest = longest_run(starts, len(tokens)) if longest is None else longest
        reach = min(window, max(longest - 1, 1))
        width = _widths(rng, tokens, keep if subsample > 0 else None, window, reach, shrink_windows)
        kept = int(np.count_nonzero(width)) if subsample > 0 else len(tokens)
        large = kept >= COMPILED_FROM_TOKENS and self._skipgram
        self._kernels = kernels.compiled() if large else None
        self._sentence_id = self._starts = None
        if self._kernels is not None:  # the kernels walk the corpus, skipping dropped tokens
            self._tokens, self._starts, self._width = tokens, starts, width
        else:  # numpy: a compacted copy of the kept tokens, their sentence numbers and widths
            chosen = width > 0 if subsample > 0 else slice(None)
            sentence_id = np.cumsum(unpack_starts(starts, len(tokens))) - 1
            # int32, as window_rows pads with −1
            self._tokens = tokens[chosen].astype(np.int32, copy=False)
            self._sentence_id = sentence_id[chosen]
            self._width = width[chosen] if shrink_windows else None
            reach = min(window, max(longest_sentence(self._sentence_id) - 1, 1))
        self._reach = reach
        self._slots = 2 if self._skipgram else 2 * reach + 1  # indices per example
        # skip-gram rows of a uint16 corpus are uint16 (half the memory, the same capacity);
        # CBOW rows pad with −1, so int32
        narrow = self._skipgram and tokens.dtype == np.uint16
        self._dtype = np.dtype(np.uint16 if narrow else np.int32)
        buffer_bytes = BUFFER_BYTES if buffer_bytes is None else buffer_bytes
        self.capacity = capacity = max(1, buffer_bytes // (4 * self._slots))
        most_per_centre = 2 * reach if self._skipgram else 1
        self._segment = max(1, min(SEGMENT_CENTRES, capacity // most_per_centre))
        self._counts = counts = self._segment_counts()
        self.size = int(counts.sum())
        if self.size <= capacity:  # one buffer, in corpus order: the whole build's draws
            self._plan = [np.arange(len(counts))]
        else:
            order = rng.permutation(len(counts)) if shuffle else np.arange(len(counts))
            self._plan = _packed(order, counts, capacity)
        self._next = 0
        # the examples in memory: (epoch position of the first, their rows), in order. The
        # first buffer opens at the first take(): the draws are the same (nothing else draws
        # in between), and the trainer converts its weights to float32 before that peak.
        self._held: list[tuple[int, np.ndarray]] = [(0, np.empty((0, self._slots), self._dtype))]
        self._end = 0  # the epoch position after the last example held

    def take(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        """Examples start..stop−1 (fewer at the epoch's end) as intp arrays."""
        stop = min(stop, self.size)
        if start < self._held[0][0]:
            raise RuntimeError("an epoch's examples are read forward only.")
        if stop > self._end or self._next == 0:
            self._drop_before(start)
            while (stop > self._end or self._next == 0) and self._next < len(self._plan):
                rows = self._open()
                self._held.append((self._end, rows))
                self._end += len(rows)
        parts = [rows[max(start - b, 0) : stop - b] for b, rows in self._held if b < stop]
        parts = [p for p in parts if len(p)] or [self._held[-1][1][:0]]
        rows = parts[0] if len(parts) == 1 else np.concatenate(parts)
        if stop >= self.size:  # the last batch: keep only it, for a repeated read
            self._drop_before(start)
        if self._skipgram:
            return rows[:, 0].astype(np.intp), rows[:, 1].astype(np.intp)
        return rows[:, :-1].astype(np.intp), rows[:, -1].astype(np.intp)

    def _drop_before(self, start: int) -> None:
        """Free every buffer before ``start``; a partly read one keeps a copy of its tail."""
        held = []
        for base, rows in self._held:
            if base + len(rows) > start:
                held.append((base, rows) if base >= start else (start, rows[start - base :].copy()))
        self._held = held or [(self._end, self._held[-1][1][:0].copy())]

    def _segment_counts(self) -> np.ndarray:
        """The number of examples whose centre lies in each segment."""
        T, segment = len(self._tokens), self._segment
        counts = np.zeros(-(-T // segment), np.int64)
        if self._kernels is not None:
            self._kernels.segment_pair_counts(self._starts, self._width, segment, counts)
            return counts
        same_before = np.zeros(T, bool)
        same_before[1:] = self._sentence_id[1:] == self._sentence_id[:-1]
        same_after = np.zeros(T, bool)
        same_after[:-1] = same_before[1:]
        if not self._skipgram:  # a centre is an example when its sentence has another word
            per_centre = same_before | same_after
        else:  # min(b, words before it in its sentence) + min(b, words after it)
            position = np.arange(T)
            first = np.maximum.accumulate(np.where(same_before, 0, position))
            last = np.minimum.accumulate(np.where(same_after, T, position)[::-1])[::-1]
            b = self._width if self._width is not None else self._reach
            per_centre = np.minimum(b, position - first) + np.minimum(b, last - position)
        if T:
            np.add.at(counts, np.arange(T) // segment, per_centre)
        return counts

    def _open(self) -> np.ndarray:
        """The next buffer of the plan: its segments' examples as rows, shuffled if asked.

        A skip-gram row is (centre, context); a CBOW row is (window…, centre).
        """
        segments = self._plan[self._next] if self._next < len(self._plan) else np.zeros(0, int)
        self._next += 1
        n = int(self._counts[segments].sum())
        # an epoch of one buffer reserves a little more (the next epoch's subsampling may keep
        # more), one of several a whole buffer (its buffers differ in size)
        reserve = min(n + n // 16, self.capacity) if len(self._plan) == 1 else self.capacity
        busy = [r for _, r in self._held]
        rows = self._buffer.rows(n, self._slots, self._dtype, reserve, busy)
        filled = 0
        for s in segments:
            lo = int(s) * self._segment
            hi = min(lo + self._segment, len(self._tokens))
            filled += self._fill(lo, hi, rows[filled:])
        if self._next >= len(self._plan):  # every buffer is built: free the widths
            self._width = self._tokens = self._starts = self._sentence_id = None
        if self._shuffle:  # in place, no second copy; one buffer: the whole build's permutation
            self._rng.shuffle(whole_rows(rows))
        return rows

    def _fill(self, lo: int, hi: int, rows: np.ndarray) -> int:
        """Write the examples of centres lo..hi−1, in corpus order; returns how many."""
        if self._kernels is not None:
            return self._kernels.fill_pairs(
                self._tokens, self._starts, self._width, lo, hi, rows[:, 0], rows[:, 1]
            )
        windows = window_rows(self._tokens, self._sentence_id, self._reach, self._width, lo, hi)
        centres = self._tokens[lo:hi]
        if self._skipgram:
            valid = windows >= 0
            n = int(valid.sum())
            rows[:n, 0] = np.broadcast_to(centres[:, None], windows.shape)[valid]
            rows[:n, 1] = windows[valid]
            return n
        has_context = (windows >= 0).any(axis=1)
        n = int(has_context.sum())
        rows[:n, :-1] = windows[has_context]
        rows[:n, -1] = centres[has_context]
        return n


class ExampleBuffer:
    """The int32 memory that an epoch's buffers are written into, kept from buffer to buffer.

    :meth:`rows` hands out its leading part as an n×slots array. When that is
    more than it holds, it lets the old memory go and takes ``reserve`` rows (at
    least n): a trainer asks for a whole buffer's capacity once an epoch needs
    several, so it grows once. Rows still held by a reader (``busy``) are never
    overwritten: then the rows are fresh memory.
    """

    def __init__(self) -> None:
        self._flat = np.empty(0, np.int32)

    def rows(
        self, n: int, slots: int, dtype: np.dtype, reserve: int, busy: Sequence[np.ndarray]
    ) -> np.ndarray:
        """An uninitialised C-contiguous n×slots array of ``dtype`` (int32 or uint16)."""
        if any(len(b) and np.may_share_memory(b, self._flat) for b in busy):
            return np.empty((n, slots), dtype)
        if self._flat.dtype != dtype or n * slots > len(self._flat):
            self._flat = np.empty(0, dtype)  # the old memory goes before the new arrives
            self._flat = np.empty(max(n, reserve) * slots, dtype)
        return self._flat[: n * slots].reshape(n, slots)


def whole_rows(rows: np.ndarray) -> np.ndarray:
    """A C-contiguous 2-D array seen as 1-D, one opaque item per row, sharing its memory.

    ``Generator.shuffle`` moves the items of a 1-D array in compiled code, but the
    rows of a 2-D array one at a time through Python-level indexing: 21 s against
    0.4 s for a buffer of 4M skip-gram pairs (measured on the 2 shared cores; an
    epoch at 9.4M tokens has nine such buffers). Both take the same draws, so
    shuffling this view puts the rows in the order a 2-D shuffle puts them, and
    that is ``rows[rng.permutation(len(rows))]`` (numpy's permutation shuffles an
    arange with the same draws) without the permutation and the gathered copy.
    """
    return rows.view(np.dtype((np.void, rows.strides[0]))).reshape(-1)


def _widths(
    rng: np.random.Generator,
    tokens: np.ndarray,
    keep: np.ndarray | None,
    window: int,
    reach: int,
    shrink: bool,
) -> np.ndarray:
    """Each token's window b (capped at ``reach``: the same pairs), 0 if subsampling drops it.

    The draws of a whole build, in its order: one uniform per token for the
    subsampling (kept with probability keep[word]), then, with ``shrink``, one
    b ∈ {1..window} per kept token.
    """
    T = len(tokens)
    dtype = np.uint8 if reach < 2**8 else np.uint16 if reach < 2**16 else np.int32
    width = np.full(T, 1 if shrink else reach, dtype)
    if keep is not None:
        for lo in range(0, T, _PIECE):
            hi = min(lo + _PIECE, T)
            width[lo:hi] *= rng.random(hi - lo) < keep[tokens[lo:hi]]
    if shrink:
        for lo in range(0, T, _PIECE):
            kept = np.flatnonzero(width[lo : lo + _PIECE]) + lo
            drawn = rng.integers(1, window + 1, size=len(kept))
            width[kept] = np.minimum(drawn, reach)
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
