"""The one trainer: a word2vec model that advances one minibatch at a time.

:func:`~w2vlib.train` is this class run to the end of its planned epochs, so
a ``Stepper`` built with train's arguments holds, after step k, bit for bit the
weights that train holds after its step k. The Stepper applies each rule of
training, from its one home: the settings, lr schedule and precision policy
(:mod:`~w2vlib.training.config`), each epoch's examples and the negatives
(:mod:`~w2vlib.training.engine`), the update (:mod:`~w2vlib.training.updates`),
the divergence guard (:mod:`~w2vlib.training.guard`) and the snapshots
(:mod:`~w2vlib.training.record`).

Public API::

    Stepper(sentences, TrainConfig(...), vocab=None)   # or Stepper(sentences, dim=2, ...)
    stepper.peek() -> Batch          # the next minibatch, drawn once and kept until applied
    stepper.pull(word) -> PullDecomposition   # that batch's update of W_out[word], part by part
    stepper.step() -> float          # apply the next minibatch; returns its loss (before the update)
    stepper.run(n) -> float          # n steps (None: to the end of the planned epochs)
    stepper.snapshot() -> Snapshot   # a copy of the current weights
    stepper.result() -> Run          # what train returns, for the steps taken so far
    stepper.W_in, stepper.W_out, stepper.steps, stepper.losses, stepper.lrs, stepper.vocab

The random generator is drawn in a fixed order (initialisation, then each
epoch's subsampling, window widths and shuffle, then each batch's negatives).
Past the planned ``epochs`` a Stepper keeps going with fresh epochs at the
schedule's final learning rate.

**Determinism.** The same seed and arguments give bit-identical numbers on the
same machine and numpy build. The trainer runs BLAS on one thread while it
steps (threadpoolctl), because a matrix product summed by 1 or 2 threads rounds
differently (the full softmax differed by 3e-15 between them).
"""

from __future__ import annotations

import contextlib
import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.analysis.pull import PullDecomposition, pull_decomposition
from w2vlib.pairs import concatenate, keep_probabilities, longest_sentence
from w2vlib.training.config import TrainConfig, working_dtype
from w2vlib.training.engine.epochs import epoch_examples
from w2vlib.training.engine.sampler import AliasSampler
from w2vlib.training.guard import DivergenceGuard, progress_bar
from w2vlib.training.record import Run, Snapshot, SnapshotRecorder
from w2vlib.training.updates import UPDATES
from w2vlib.vocab import Vocab, checked_sentences


@dataclass(frozen=True)
class Batch:
    """One minibatch as ``train`` feeds it: inputs, targets, negatives and the lr."""

    inputs: np.ndarray
    targets: np.ndarray
    negatives: np.ndarray | None
    lr: float
    epoch: int


_BLAS = {}


def one_blas_thread() -> contextlib.AbstractContextManager:
    """A context in which BLAS uses one thread: sums then round the same way on every run."""
    if "controller" not in _BLAS:
        try:  # threadpoolctl comes with scikit-learn; without it, the thread count stays as is
            from threadpoolctl import ThreadpoolController

            _BLAS["controller"] = ThreadpoolController()
        except ImportError:  # pragma: no cover
            _BLAS["controller"] = None
    controller = _BLAS["controller"]
    if controller is None:  # pragma: no cover
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


class Stepper:
    """A word2vec model that you advance one minibatch at a time (see the module doc).

    It takes the settings of :func:`~w2vlib.train` (documented there) as a
    :class:`~w2vlib.training.config.TrainConfig`, or as keywords that build one.
    """

    def __init__(
        self,
        sentences: Sequence[Sequence[str]],
        config: TrainConfig | None = None,
        *,
        vocab: Vocab | None = None,
        **settings: object,
    ) -> None:
        """``Stepper(sentences, TrainConfig(...))``, or the settings as keywords:
        ``Stepper(sentences, dim=2, lr=0.1)`` builds the TrainConfig from them."""
        if config is None:
            config = TrainConfig(**settings)
        elif settings:
            raise TypeError(
                f"pass either a TrainConfig or settings as keywords, not both (got config and "
                f"{', '.join(sorted(settings))}): e.g. dataclasses.replace(config, lr=0.1)."
            )
        elif not isinstance(config, TrainConfig):
            raise TypeError(
                f"config must be a w2vlib.TrainConfig, got {type(config).__name__}: pass the "
                "settings as keywords, e.g. Stepper(sentences, dim=2, lr=0.1)."
            )
        self.config = c = config
        self.arch, self.objective = c.arch, c.objective  # read by plots and widgets
        sentences = checked_sentences(sentences)
        if not sentences:
            raise ValueError("the corpus is empty: pass a list of sentences, each a list of words.")
        self.vocab = _vocabulary(sentences, vocab, c.min_count)
        self._tokens, self._sentence_id = concatenate(self.vocab.encode(sentences))
        if len(self._tokens) < 2:
            raise ValueError(
                "the corpus is empty of pairs: it needs at least two in-vocabulary words."
            )
        V, N = len(self.vocab), c.dim
        _checks.memory(
            f"W_in and W_out for {V} words × dim={N}",
            2 * V * N * 8.0,
            "lower dim (word2vec uses 50–300) or raise min_count.",
        )
        # Draws in a fixed order: the weights, then epoch 0's examples.
        self.rng = np.random.default_rng(c.seed)
        self.W_in = (self.rng.random((V, N)) - 0.5) / N
        self.W_out = (
            np.zeros((V, N)) if c.init_out == "zeros" else (self.rng.random((V, N)) - 0.5) / N
        )
        self._keep = keep_probabilities(self.vocab.counts, c.subsample)
        # negatives per pair from p(w) ∝ count(w)^0.75, by Walker's alias method; like the
        # teaching objective (and unlike word2vec, which skips it) a draw of the positive is kept
        self._sampler = AliasSampler(self.vocab.counts) if c.objective == "negative" else None
        self._epoch, self._position, self._done_examples = 0, 0, 0
        self._inputs, self._targets = self._epoch_examples()
        # The lr schedule needs the total amount of training in advance; with
        # subsampling each epoch differs a little, so estimate it from the first.
        self._expected_per_epoch = len(self._targets)
        self._planned_examples = c.epochs * self._expected_per_epoch
        if self._expected_per_epoch == 0:
            raise ValueError(
                "the corpus is empty of training pairs after subsampling: lower subsample "
                f"(now {c.subsample}) or use longer sentences."
            )
        # No batch can hold more examples than an epoch can have: a larger batch_size
        # trains the same (full batch) and would only allocate more.
        reach = min(c.window, longest_sentence(self._sentence_id))
        examples_bound = len(self._tokens) * (2 * reach if c.arch == "skipgram" else 1)
        self._batch_size = min(c.batch_size, examples_bound)
        update_class = UPDATES[c.objective]
        need = update_class.workspace_bytes(self._batch_size, c.negative, N, V)
        _checks.memory(
            f"a minibatch of batch_size={c.batch_size} examples",
            need,
            "lower batch_size (word2vec steps one pair at a time; 16–1024 is usual).",
        )
        dtype = working_dtype(c.objective, self._expected_per_epoch, c.precision)
        self.W_in, self.W_out = (
            self.W_in.astype(dtype, copy=False),
            self.W_out.astype(dtype, copy=False),
        )
        self.working_dtype = dtype
        self._update = update_class(c.arch, self._batch_size, c.negative, N, dtype)
        self._negatives = (
            np.empty((self._batch_size, c.negative), np.intp) if self._sampler else None
        )
        self._pending: Batch | None = None
        self._diverged: str | None = None  # why the last step failed: its update was applied
        self._guard = DivergenceGuard(c.lr, self.planned_steps)
        self._recorder = SnapshotRecorder(c.snapshot_every, V, N)
        self._recorder.offer(0, 0.0, self.W_in, self.W_out)
        self.steps = 0
        self.losses: list[float] = []
        self.lrs: list[float] = []

    @property
    def planned_steps(self) -> int:
        """About how many steps ``epochs`` passes take (exact without subsampling)."""
        return self.config.epochs * math.ceil(self._expected_per_epoch / self._batch_size)

    @property
    def snapshots(self) -> list[Snapshot]:
        """The snapshots kept so far (``snapshot_every``; the final one is added by :meth:`result`)."""
        return list(self._recorder.snapshots)

    @property
    def epoch(self) -> float:
        """Passes over the data so far (fractional)."""
        n = len(self._targets)
        return self._epoch + (min(self._position, n) / n if n else 0.0)

    def _epoch_examples(self) -> tuple[np.ndarray, np.ndarray]:
        c = self.config
        return epoch_examples(
            self.rng,
            self._tokens,
            self._sentence_id,
            self._keep,
            arch=c.arch,
            window=c.window,
            subsample=c.subsample,
            shrink_windows=c.shrink_windows,
            shuffle=c.shuffle,
        )

    def _next_epoch(self) -> None:
        self._epoch += 1
        self._inputs, self._targets = self._epoch_examples()
        self._position = 0

    def _planned_epochs_done(self) -> bool:
        # Moving on to the next planned epoch here (not lazily in the step) keeps the draws in
        # train's order, and passes over an epoch that subsampling left empty.
        while self._position >= len(self._targets) and self._epoch + 1 < self.config.epochs:
            self._next_epoch()
        return self._position >= len(self._targets)

    def _draw(self, negatives_out: np.ndarray | None) -> tuple:
        """The next minibatch: (inputs, targets, negatives, lr)."""
        while self._position >= len(self._targets):
            self._next_epoch()
        c = self.config
        start, stop = self._position, self._position + self._batch_size
        x, o = self._inputs[start:stop], self._targets[start:stop]
        fraction = self._done_examples / self._planned_examples
        lr_now = c.lr_at(fraction)
        if self._sampler is None:
            return x, o, None, lr_now
        out = None if negatives_out is None else negatives_out[: len(o)]
        return x, o, self._sampler.draw(self.rng, (len(o), c.negative), out), lr_now

    def peek(self) -> Batch:
        """The next minibatch (drawn now, kept until :meth:`step` applies it)."""
        if self._pending is None:
            self._pending = Batch(*self._draw(None), self._epoch)  # its own negatives array
        return self._pending

    def _step(self) -> float:
        """One update, inside :meth:`run`'s error state and thread limit."""
        if self._pending is None:
            x, o, negatives, lr_now = self._draw(self._negatives)
        else:
            batch, self._pending = self._pending, None
            x, o, negatives, lr_now = batch.inputs, batch.targets, batch.negatives, batch.lr
        # in place: W −= lr·B × (the gradient of the mean loss), only if the loss is finite
        loss = self._update(self.W_in, self.W_out, x, o, negatives, lr_now)
        try:
            self._guard.check(loss, self.steps + 1, self._epoch, lr_now)
        except FloatingPointError as error:
            # a finite but runaway loss was already applied to the weights: this Stepper can no
            # longer replay train(), so it refuses further steps instead of drifting silently
            self._diverged = str(error)
            raise
        self._position += self._batch_size
        self._done_examples += len(o)
        self.steps += 1
        self.losses.append(loss)
        self.lrs.append(lr_now)
        if self._recorder.every is not None:
            self._recorder.offer(self.steps, self.epoch, self.W_in, self.W_out)
        return loss

    def step(self) -> float:
        """Apply the next minibatch; returns its mean loss before the update."""
        return self.run(1)

    def run(self, n: int | None = None) -> float:
        """Apply ``n`` minibatches, or (``None``) go to the end of the planned epochs.

        Returns the last loss (NaN if no step was taken). A progress bar appears
        as ``progress`` says (None: for runs projected to take over ~2 s).
        """
        if self._diverged is not None:
            raise FloatingPointError(
                f"this Stepper diverged ({self._diverged}) and its weights were left mid-update: "
                "start a new Stepper with a smaller lr."
            )
        first = self.steps
        if n is None:
            total = max(self.planned_steps - first, 1)
            # the cheap test first: only at an epoch's end ask whether the plan is done. A peek()
            # past the plan opens an epoch beyond it (self._epoch == epochs): that is not trained.
            epochs = self.config.epochs

            def more() -> bool:
                return self._epoch < epochs and (
                    self._position < len(self._targets) or not self._planned_epochs_done()
                )
        else:
            total = _checks.positive_int("n", n)
            more = lambda: self.steps - first < total  # noqa: E731
        show = progress_bar(self.config.progress, total)
        step, clock = self._step, time.perf_counter
        loss, started = math.nan, clock()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"), one_blas_thread():
            while more():
                loss = step()
                show(self.steps - first, clock() - started)
        show(total, time.perf_counter() - started)
        return loss

    def pull(self, word: str | int) -> PullDecomposition:
        """The next minibatch's update of W_out[word], part by part, without applying it."""
        batch = self.peek()
        return pull_decomposition(
            self.W_in,
            self.W_out,
            batch.inputs,
            batch.targets,
            word,
            lr=batch.lr,
            objective=self.objective,
            negatives=batch.negatives,
            arch=self.arch,
            vocab=self.vocab,
        )

    def snapshot(self) -> Snapshot:
        """A copy of the current weights, like one of ``Run.snapshots``."""
        return Snapshot(
            self.steps, self.epoch, self.W_in.astype(np.float64), self.W_out.astype(np.float64)
        )

    def result(self) -> Run:
        """The training so far as a :class:`~w2vlib.training.record.Run` (float64 copies of the weights)."""
        if not (np.isfinite(self.W_in).all() and np.isfinite(self.W_out).all()):
            raise FloatingPointError(
                f"the weights stopped being finite by step {self.steps}: "
                f"lower lr (now {self.config.lr})."
            )
        done = self._planned_epochs_done() and self._epoch + 1 == self.config.epochs
        snapshots = self._recorder.with_final(
            self.steps, float(self.config.epochs) if done else self.epoch, self.W_in, self.W_out
        )
        config = {**self.config.as_dict(), "min_count": self.vocab.min_count}
        config["working_dtype"] = self.working_dtype.name
        return Run(
            self.vocab,
            self.W_in.astype(np.float64),
            self.W_out.astype(np.float64),
            np.array(self.losses),
            snapshots,
            config,
            np.array(self.lrs),
        )

    def __repr__(self) -> str:
        last = f"{self.losses[-1]:.4f}" if self.losses else "—"
        return (
            f"Stepper({self.arch}/{self.objective}, V={len(self.vocab)}, N={self.W_in.shape[1]}, "
            f"steps={self.steps}, last loss={last})"
        )


def _vocabulary(sentences: list, vocab: object, min_count: int) -> Vocab:
    """The given vocabulary (checked), or one built from the sentences."""
    if vocab is None:
        return Vocab(sentences, min_count=min_count)
    if not isinstance(vocab, Vocab):
        raise TypeError(
            f"vocab must be a w2vlib.Vocab, got {type(vocab).__name__}: build one with "
            "Vocab(sentences, min_count=...), or leave vocab out."
        )
    if min_count not in (1, vocab.min_count):
        raise ValueError(
            f"min_count={min_count} has no effect with a given vocab (built with min_count="
            f"{vocab.min_count}): pass Vocab(sentences, min_count={min_count}) instead, "
            "or leave min_count out."
        )
    return vocab
