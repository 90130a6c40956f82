"""A live model that trains one minibatch at a time, exactly as ``train`` does.

Public API::

    Stepper(sentences, *, arch="skipgram", objective="negative", dim=10, window=2, epochs=5,
            lr=0.025, batch_size=16, negative=5, min_count=1, subsample=0.0,
            lr_schedule="linear", init_out="zeros", seed=0, shrink_windows=False, vocab=None)
    stepper.peek() -> Batch          # the next minibatch, drawn once and kept until applied
    stepper.pull(word) -> PullDecomposition   # that batch's update of W_out[word], part by part
    stepper.step() -> float          # apply the next minibatch; returns its loss (before the update)
    stepper.run(n) -> float          # n steps; returns the last loss
    stepper.snapshot() -> Snapshot   # a copy of the current weights
    stepper.W_in, stepper.W_out, stepper.steps, stepper.losses, stepper.lrs, stepper.vocab

``Stepper(sentences, seed=s, **kw)`` stepped ``k`` times holds bit-for-bit the
weights that ``train(sentences, seed=s, **kw)`` holds after its step ``k``
(Stepper always shuffles and uses train's default ``precision="auto"``):
it draws from the random generator in the same order (initialisation, each
epoch's subsampling and shuffle, each batch's negatives) and applies train's
own update function (the objectives' gradients; for negative sampling, the
fast path that equals them to rounding). Past the planned ``epochs`` it keeps going with fresh
epochs at the schedule's final learning rate.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.pairs import concatenate, keep_probabilities
from w2vlib.pull import PullDecomposition, pull_decomposition
from w2vlib.training import (
    ARCHS,
    DIVERGED_LOSS,
    INIT_OUTS,
    LR_SCHEDULES,
    OBJECTIVES,
    NegativeSampler,
    Snapshot,
    _updater,
    checked_subsample,
    epoch_examples,
    scheduled_lr,
    working_dtype,
)
from w2vlib.vocab import Vocab


@dataclass(frozen=True)
class Batch:
    """One minibatch as ``train`` would feed it: inputs, targets, negatives and the lr."""

    inputs: np.ndarray
    targets: np.ndarray
    negatives: np.ndarray | None
    lr: float
    epoch: int


class Stepper:
    """A word2vec model in the kernel that you advance one minibatch at a time (see module doc)."""

    def __init__(
        self,
        sentences: Sequence[Sequence[str]],
        *,
        arch: str = "skipgram",
        objective: str = "negative",
        dim: int = 10,
        window: int = 2,
        epochs: int = 5,
        lr: float = 0.025,
        batch_size: int = 16,
        negative: int = 5,
        min_count: int = 1,
        subsample: float = 0.0,
        lr_schedule: str = "linear",
        init_out: str = "zeros",
        seed: int = 0,
        shrink_windows: bool = False,
        vocab: Vocab | None = None,
    ) -> None:
        self.arch = _checks.choice("arch", arch, ARCHS)
        self.objective = _checks.choice("objective", objective, OBJECTIVES)
        self.lr_schedule = _checks.choice("lr_schedule", lr_schedule, LR_SCHEDULES)
        init_out = _checks.choice("init_out", init_out, INIT_OUTS)
        dim = _checks.positive_int("dim", dim)
        self.window = _checks.positive_int("window", window)
        self.epochs = _checks.positive_int("epochs", epochs)
        self.batch_size = _checks.positive_int("batch_size", batch_size)
        self.negative = _checks.positive_int(
            "negative", negative, "Use objective='softmax' for no sampling."
        )
        self.lr = _checks.positive_float("lr", lr)
        self.subsample = checked_subsample(subsample)
        self.shrink_windows = bool(shrink_windows)
        if not isinstance(sentences, list | tuple):
            sentences = list(sentences)  # a generator would be used up by the vocabulary pass
        if not sentences:
            raise ValueError("the corpus is empty: pass a list of sentences, each a list of words.")

        self.vocab = Vocab(sentences, min_count=min_count) if vocab is None else vocab
        self._tokens, self._sentence_id = concatenate(self.vocab.encode(sentences))
        if len(self._tokens) < 2:
            raise ValueError(
                "the corpus is empty of pairs: it needs at least two in-vocabulary words."
            )
        # The same draws in the same order as train(): weights first, then epoch 0's pairs.
        V, N = len(self.vocab), dim
        self.rng = np.random.default_rng(seed)
        self.W_in = (self.rng.random((V, N)) - 0.5) / N
        self.W_out = (
            np.zeros((V, N)) if init_out == "zeros" else (self.rng.random((V, N)) - 0.5) / N
        )
        self._keep = keep_probabilities(self.vocab.counts, self.subsample)
        self._sampler = NegativeSampler(self.vocab.counts) if self.objective == "negative" else None
        self._inputs, self._targets = self._epoch_examples()
        self._expected_per_epoch = len(self._targets)
        if self._expected_per_epoch == 0:
            raise ValueError(
                "the corpus is empty of training pairs after subsampling: lower subsample."
            )
        # as train() does: a large corpus trains on float32 copies (FLOAT32_FROM_PAIRS)
        dtype = working_dtype(self.objective, self._expected_per_epoch)
        self.W_in, self.W_out = (
            self.W_in.astype(dtype, copy=False),
            self.W_out.astype(dtype, copy=False),
        )
        self._update = _updater(
            self.arch, self.objective, self.batch_size, self.negative, dim, dtype
        )
        self._epoch = 0
        self._position = 0
        self._done_examples = 0
        self._pending: Batch | None = None
        self.steps = 0
        self.losses: list[float] = []
        self.lrs: list[float] = []

    def _epoch_examples(self) -> tuple[np.ndarray, np.ndarray]:
        """One epoch's shuffled examples: the same function, and the same draws, as ``train``."""
        return epoch_examples(
            self.rng, self._tokens, self._sentence_id, self._keep, arch=self.arch,
            window=self.window, subsample=self.subsample, shrink_windows=self.shrink_windows,
        )  # fmt: skip

    def peek(self) -> Batch:
        """The next minibatch (drawn now, kept until :meth:`step` applies it)."""
        if self._pending is None:
            # while, not if: train() passes over an epoch that subsampling left empty
            while self._position >= len(self._targets):
                self._epoch += 1
                self._inputs, self._targets = self._epoch_examples()
                self._position = 0
            start, stop = self._position, self._position + self.batch_size
            x, o = self._inputs[start:stop], self._targets[start:stop]
            fraction = self._done_examples / (self.epochs * self._expected_per_epoch)
            lr_now = scheduled_lr(self.lr, self.lr_schedule, fraction)
            negatives = (
                self._sampler.draw(self.rng, (len(o), self.negative)) if self._sampler else None
            )
            self._pending = Batch(x, o, negatives, lr_now, self._epoch)
        return self._pending

    def pull(self, word: str | int) -> PullDecomposition:
        """The next minibatch's update of W_out[word], part by part, without applying it."""
        j = self.vocab[word] if isinstance(word, str) else word
        batch = self.peek()
        return pull_decomposition(
            self.W_in,
            self.W_out,
            batch.inputs,
            batch.targets,
            j,
            lr=batch.lr,
            objective=self.objective,
            negatives=batch.negatives,
            arch=self.arch,
        )

    def step(self) -> float:
        """Apply the next minibatch; returns its mean loss before the update."""
        batch = self.peek()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            # the same in-place update as train(): W −= lr·B × gradient, only if the loss is finite
            loss = self._update(
                self.W_in, self.W_out, batch.inputs, batch.targets, batch.negatives, batch.lr
            )
        if not math.isfinite(loss) or loss > DIVERGED_LOSS:
            raise FloatingPointError(
                f"the loss became {loss} at step {self.steps + 1} with lr={batch.lr:.3g}: "
                f"the learning rate is too large. Try lr={self.lr / 10:.3g} or smaller."
            )
        self._pending = None
        self._position += self.batch_size
        self._done_examples += len(batch.targets)
        self.steps += 1
        self.losses.append(loss)
        self.lrs.append(batch.lr)
        return loss

    def run(self, n: int) -> float:
        """Apply ``n`` minibatches; returns the last loss."""
        n = _checks.positive_int("n", n)
        for _ in range(n):
            loss = self.step()
        return loss

    @property
    def epoch(self) -> float:
        """Passes over the data so far (fractional)."""
        return self._epoch + min(self._position, len(self._targets)) / len(self._targets)

    def snapshot(self) -> Snapshot:
        """A copy of the current weights, like one of ``Run.snapshots``."""
        return Snapshot(
            self.steps, self.epoch, self.W_in.astype(np.float64), self.W_out.astype(np.float64)
        )

    def __repr__(self) -> str:
        last = f"{self.losses[-1]:.4f}" if self.losses else "—"
        return (
            f"Stepper({self.arch}/{self.objective}, V={len(self.vocab)}, N={self.W_in.shape[1]}, "
            f"steps={self.steps}, last loss={last})"
        )
