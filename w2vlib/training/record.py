"""What a training run leaves behind: the weights, the loss curve and snapshots.

:class:`Run` is what :func:`~w2vlib.train` returns (and what
:func:`~w2vlib.from_gensim` builds from a gensim model); :class:`Snapshot` is
one copy of the weights during training; :class:`SnapshotRecorder` keeps them
within a fixed memory bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from w2vlib import _checks
from w2vlib.vocab import Vocab

MAX_SNAPSHOTS = 1000
"""At most this many snapshots are kept (see :class:`SnapshotRecorder`)."""

MAX_SNAPSHOT_BYTES = 512 * 2**20
"""…and at most this much memory for them (512 MiB), whichever bound is smaller."""

VECTOR_CHOICES = ("in", "out", "sum")


@dataclass(frozen=True)
class Snapshot:
    """A copy of the weights after ``step`` minibatch updates (step 0 is the initialisation)."""

    step: int
    epoch: float
    W_in: np.ndarray
    W_out: np.ndarray


@dataclass
class Run:
    """The result of :func:`~w2vlib.train`: the vocabulary, the weights, the loss curve, snapshots.

    ``losses[s]`` is the mean loss of minibatch s *before* its update, and
    ``lrs[s]`` the per-pair learning rate it was applied with.
    """

    vocab: Vocab
    W_in: np.ndarray
    W_out: np.ndarray
    losses: np.ndarray
    snapshots: list[Snapshot]
    config: dict
    lrs: np.ndarray = field(repr=False, default_factory=lambda: np.zeros(0))

    def vectors(self, which: str = "in") -> np.ndarray:
        """``"in"`` (W_in), ``"out"`` (W_out) or ``"sum"`` (W_in + W_out)."""
        which = _checks.choice("which", which, VECTOR_CHOICES)
        return {"in": self.W_in, "out": self.W_out, "sum": self.W_in + self.W_out}[which]

    def to_keyedvectors(self, which: str = "in"):
        """The rows of W_in (``"in"``), W_out (``"out"``) or their sum as gensim ``KeyedVectors``.

        Needs gensim. Keys are the words in this run's vocabulary order, each with
        its corpus ``count``; the vectors stay float64, bit for bit this run's rows.
        gensim's own tools then apply, e.g. ``kv.most_similar("cat")``.
        """
        vectors = self.vectors(which)
        models = gensim_models()
        kv = models.KeyedVectors(vectors.shape[1], count=0, dtype=np.float64)
        kv.add_vectors(list(self.vocab.words), vectors)
        # one by one: add_vectors(extras=...) fails in gensim 4.4 (it iterates the dict's keys)
        for word, count in zip(self.vocab.words, self.vocab.counts, strict=True):
            kv.set_vecattr(word, "count", int(count))
        return kv

    def __repr__(self) -> str:
        c = self.config
        final = f"{self.losses[-1]:.4f}" if len(self.losses) else "—"
        return (
            f"Run({c.get('arch', '?')}/{c.get('objective', '?')}, V={len(self.vocab)}, "
            f"N={self.W_in.shape[1]}, steps={len(self.losses)}, final loss={final}, "
            f"snapshots={len(self.snapshots)})"
        )


def gensim_models():
    """``gensim.models``, or an ImportError that says how to install it."""
    try:
        import gensim.models
    except ImportError as error:
        raise ImportError(
            "this needs gensim: install it with `pip install 'gensim>=4,<5'` "
            "(or run `make lab`, which installs requirements.txt)."
        ) from error
    return gensim.models


class SnapshotRecorder:
    """Keeps copies of the weights every ``every`` steps, within a fixed memory bound.

    The bound is ``min(MAX_SNAPSHOTS, MAX_SNAPSHOT_BYTES // bytes per snapshot)``
    copies (at least 3). When it is reached, every other snapshot is dropped and
    the interval doubles, so a long run keeps evenly spaced snapshots over its
    whole length and memory stays bounded whatever ``snapshot_every`` asks for.
    The initial weights (step 0) and the final weights are always kept.
    """

    def __init__(self, every: int | None, V: int, N: int) -> None:
        self.every = every
        per_snapshot = 2 * V * N * 8
        self.capacity = max(3, min(MAX_SNAPSHOTS, MAX_SNAPSHOT_BYTES // per_snapshot))
        self.snapshots: list[Snapshot] = []

    def offer(self, step: int, epoch: float, W_in: np.ndarray, W_out: np.ndarray) -> None:
        if self.every is None or step % self.every:
            return
        self._append(step, epoch, W_in, W_out)
        if len(self.snapshots) > self.capacity:
            self.snapshots = self.snapshots[::2]
            self.every *= 2

    def with_final(
        self, step: int, epoch: float, W_in: np.ndarray, W_out: np.ndarray
    ) -> list[Snapshot]:
        """The snapshots plus one of the weights now; the recorder itself is left as it was,
        so a run inspected half-way (``Stepper.result()``) ends with train()'s snapshots."""
        snapshots = list(self.snapshots)
        if self.every is not None and (not snapshots or snapshots[-1].step != step):
            snapshots.append(
                Snapshot(step, epoch, W_in.astype(np.float64), W_out.astype(np.float64))
            )
            if len(snapshots) > self.capacity:  # the final one must not break the bound
                snapshots = snapshots[:-1][::2] + snapshots[-1:]
        return snapshots

    def _append(self, step: int, epoch: float, W_in: np.ndarray, W_out: np.ndarray) -> None:
        # copies, in float64 even when a large run trains in float32
        self.snapshots.append(
            Snapshot(step, epoch, W_in.astype(np.float64), W_out.astype(np.float64))
        )


def float64_weights(W: np.ndarray) -> np.ndarray:
    """W as float64, for a Run. A float32 W that nothing else refers to is widened in its own
    memory, so its float32 and float64 copies are never both resident (22 MiB of the peak at
    the end of a 9.4M-token run); otherwise, or for float64, a copy. W is not to be used after.

    The widening grows W's memory to twice its size (realloc moves the pages, no copy) and
    converts from the end backwards, in blocks whose float64 destination lies past their
    float32 source, so that no value is overwritten before it is read.
    """
    if W.dtype != np.float32 or not (W.flags.c_contiguous and W.flags.owndata):
        return W.astype(np.float64)
    shape, n = W.shape, W.size
    try:
        W.resize(2 * n, refcheck=True)  # refused while a view or another name holds W
    except ValueError:
        return W.astype(np.float64)
    wide = W.view(np.float64)  # n float64 over the same memory, the first n float32 still there
    hi = n
    while hi > 0:  # block lo..hi: destination bytes 8·lo… start past the source's end 4·hi
        lo = max(-(-hi // 2), hi - 2**18) if hi > 1 else 0  # (hi = 1 overlaps: numpy buffers)
        wide[lo:hi] = W[lo:hi]
        hi = lo
    return wide.reshape(shape)
