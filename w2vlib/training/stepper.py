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

import math
import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.analysis.pull import PullDecomposition, pull_decomposition
from w2vlib.pairs import keep_probabilities
from w2vlib.training.config import TrainConfig, working_dtype
from w2vlib.training.engine import kernels
from w2vlib.training.engine.epochs import (
    COMPILED_FROM_TOKENS,
    EpochExamples,
    ExampleBuffer,
    encoded_corpus,
    sentence_lengths_from_starts,
)
from w2vlib.training.engine.sampler import AliasSampler
from w2vlib.training.guard import DivergenceGuard, one_blas_thread, progress_bar
from w2vlib.training.inputs import (
    MAX_USUAL_DIM,
    check_epoch_cost,
    checked_vocabulary,
    checked_weights,
    refuse_corpora_without_pairs,
    seconds_per_example,
    window_reach,
)
from w2vlib.training.record import Run, Snapshot, SnapshotRecorder, float64_weights
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
            raise _checks.InputError(
                f"pass either a TrainConfig or settings as keywords, not both (got config and "
                f"{', '.join(sorted(settings))}): e.g. dataclasses.replace(config, lr=0.1)."
            )
        elif not isinstance(config, TrainConfig):
            raise _checks.InputError(
                f"config must be a w2vlib.TrainConfig, got {type(config).__name__}: pass the "
                "settings as keywords, e.g. Stepper(sentences, dim=2, lr=0.1)."
            )
        self.config = c = config
        self.arch, self.objective = c.arch, c.objective  # read by plots and widgets
        sentences = checked_sentences(sentences)
        if not sentences:
            raise _checks.InputError(
                "the corpus is empty: pass a list of sentences, each a list of words."
            )
        self.vocab = checked_vocabulary(sentences, vocab, c.min_count)
        self._tokens, self._starts = encoded_corpus(self.vocab, sentences)
        lengths = sentence_lengths_from_starts(self._starts, len(self._tokens))
        refuse_corpora_without_pairs(lengths, vocab)
        self._longest = int(lengths.max())  # every epoch's windows are capped by it
        if c.arch == "skipgram" and len(self._tokens) >= COMPILED_FROM_TOKENS:
            # a corpus this large will list its pairs with the compiled kernels: load them
            # before the weights, as loading holds LLVM's pages for a moment
            kernels.compiled()
        V, N = len(self.vocab), c.dim
        # No batch can hold more examples than an epoch can have: a larger batch_size
        # trains the same (full batch) and would only allocate more.
        reach = min(c.window, int(lengths.max()))
        examples_bound = len(self._tokens) * (2 * reach if c.arch == "skipgram" else 1)
        self._batch_size = min(c.batch_size, examples_bound)
        update_class = UPDATES[c.objective]
        slots = 2 * window_reach(lengths, c.window) if c.arch == "cbow" else 0  # per example
        # both before anything is allocated, so that dim=2·10**7 is named as dim
        dim_fix = "lower dim (word2vec uses 50–300)"
        batch_fix = "lower batch_size (word2vec steps one pair at a time; 16–1024 is usual)"
        _checks.memory(
            f"W_in and W_out for {V} words × dim={N}",
            2 * V * N * 8.0,
            f"{dim_fix} or raise min_count.",
        )
        _checks.memory(
            f"a minibatch of batch_size={c.batch_size} examples at dim={N}",
            update_class.workspace_bytes(self._batch_size, c.negative, N, V, slots),
            f"{dim_fix} or {batch_fix[6:]}." if N > MAX_USUAL_DIM else f"{batch_fix} or dim.",
        )
        self._example_seconds = seconds_per_example(lengths, c, V)
        self._keep = keep_probabilities(self.vocab.counts, c.subsample)
        # window=10**6 or dim=10**6 is priced before anything is built
        check_epoch_cost(
            lengths, c, self._keep, self.vocab.counts, self._batch_size, self._example_seconds
        )
        # Draws in a fixed order: the weights, then epoch 0's examples.
        self.rng = np.random.default_rng(c.seed)
        self._W_in = self.rng.random((V, N))
        self._W_in -= 0.5  # in place: the same numbers as (random − 0.5) / N, one V×N array
        self._W_in /= N
        self._W_out = (
            np.zeros((V, N)) if c.init_out == "zeros" else (self.rng.random((V, N)) - 0.5) / N
        )
        # negatives per pair from p(w) ∝ count(w)^0.75, by Walker's alias method; like the
        # teaching objective (and unlike word2vec, which skips it) a draw of the positive is kept
        self._sampler = AliasSampler(self.vocab.counts) if c.objective == "negative" else None
        self._epoch, self._position, self._done_examples = 0, 0, 0
        self._buffer = ExampleBuffer()  # every epoch's examples are written into this memory
        self._examples = self._epoch_examples()
        # The lr schedule needs the total amount of training in advance; with
        # subsampling each epoch differs a little, so estimate it from the first.
        self._expected_per_epoch = self._examples.size
        self._planned_examples = c.epochs * self._expected_per_epoch
        if self._expected_per_epoch == 0:
            raise _checks.InputError(
                "the corpus is empty of training pairs after subsampling: lower subsample "
                f"(now {c.subsample}) or use longer sentences."
            )
        dtype = working_dtype(c.objective, self._expected_per_epoch, c.precision)
        # one at a time, so that only one float64 copy is alive beside the float32 ones; the
        # first take() from the epoch opens its buffer only after this (draws unchanged)
        self._W_in = self._W_in.astype(dtype, copy=False)
        self._W_out = self._W_out.astype(dtype, copy=False)
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

    # W_in and W_out can be replaced (stepper.W_in = ...), as a learner experimenting does: the
    # new array is checked (V×N, finite) and kept in the working precision the kernels expect.
    @property
    def W_in(self) -> np.ndarray:
        """Input vectors, V×N (row i: word i), in the working precision; updated in place."""
        return self._W_in

    @W_in.setter
    def W_in(self, value: object) -> None:
        self._W_in = checked_weights("W_in", value, self._W_in.shape, self.working_dtype)

    @property
    def W_out(self) -> np.ndarray:
        """Output vectors, V×N (row j: word j, the rows of W′); updated in place."""
        return self._W_out

    @W_out.setter
    def W_out(self, value: object) -> None:
        self._W_out = checked_weights("W_out", value, self._W_out.shape, self.working_dtype)

    def estimate_seconds(self, steps: int | None = None) -> float:
        """About how long ``steps`` more steps take (None: to the end of the planned epochs).

        An optimistic estimate for a quiet laptop (a busy machine is 2–8× slower): the
        trainer refuses work estimated beyond 30 minutes, and announces what is
        estimated beyond half a minute (:class:`~w2vlib.LongRunWarning`).
        """
        if steps is None:
            steps = max(self.planned_steps - self.steps, 0)
        return _checks.training_seconds(steps, self._batch_size, self._example_seconds)

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
        n = self._examples.size
        return self._epoch + (min(self._position, n) / n if n else 0.0)

    def _epoch_examples(self) -> EpochExamples:
        c = self.config
        return EpochExamples(
            self.rng,
            self._tokens,
            self._starts,
            self._keep,
            arch=c.arch,
            window=c.window,
            subsample=c.subsample,
            shrink_windows=c.shrink_windows,
            shuffle=c.shuffle,
            buffer=self._buffer,
            longest=self._longest,
        )

    def _next_epoch(self) -> None:
        self._epoch += 1
        self._examples = None  # frees the last epoch's buffer before the next one is built
        self._examples = self._epoch_examples()
        self._position = 0

    def _planned_epochs_done(self) -> bool:
        # Moving on to the next planned epoch here (not lazily in the step) keeps the draws in
        # train's order, and passes over an epoch that subsampling left empty.
        while self._position >= self._examples.size and self._epoch + 1 < self.config.epochs:
            self._next_epoch()
        return self._position >= self._examples.size

    def _draw(self, negatives_out: np.ndarray | None) -> tuple:
        """The next minibatch: (inputs, targets, negatives, lr)."""
        while self._position >= self._examples.size:
            self._next_epoch()
        c = self.config
        x, o = self._examples.take(self._position, self._position + self._batch_size)
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
        self._refuse_broken_weights()
        first = self.steps
        if n is None:
            total = max(self.planned_steps - first, 1)
            # the cheap test first: only at an epoch's end ask whether the plan is done. A peek()
            # past the plan opens an epoch beyond it (self._epoch == epochs): that is not trained.
            epochs = self.config.epochs

            def more() -> bool:
                return self._epoch < epochs and (
                    self._position < self._examples.size or not self._planned_epochs_done()
                )
        else:
            total = _checks.positive_int("n", n)
            more = lambda: self.steps - first < total  # noqa: E731
        planned = f"the {self.config.epochs} planned epochs ({total} steps" if n is None else None
        _checks.work(
            f"{planned or f'{total} steps'} of batch_size={self._batch_size} at "
            f"dim={self.config.dim}{')' if planned else ''}",
            self.estimate_seconds(total),
            "lower epochs or dim (word2vec uses 5 epochs, dim 50–300)."
            if planned
            else "take fewer steps (run(n) with a smaller n), or lower dim.",
        )
        show = progress_bar(self.config.progress, total)
        step, clock = self._step, time.perf_counter
        loss, started = math.nan, clock()
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"), one_blas_thread():
            while more():
                loss = step()
                show(self.steps - first, clock() - started)
        show(total, time.perf_counter() - started)
        return loss

    def _refuse_broken_weights(self) -> None:
        """Refuse to step or hand out weights that a diverged step left mid-update, or that
        became NaN or inf from outside (an assignment into stepper.W_in, say)."""
        if self._diverged is not None:
            raise FloatingPointError(
                f"this Stepper diverged ({self._diverged}) and its weights were left mid-update: "
                "start a new Stepper with a smaller lr."
            )
        for name, W in (("W_in", self._W_in), ("W_out", self._W_out)):
            if not np.isfinite(W).all():
                row = int(np.argwhere(~np.isfinite(W))[0, 0])
                raise FloatingPointError(
                    f"{name} is not finite before this step (row {row}, "
                    f"{self.vocab.words[row]!r}, holds NaN or inf) though every step so far "
                    f"was: were values written into stepper.{name}? Assign finite values, or "
                    "start a new Stepper."
                )

    def pull(self, word: str | int) -> PullDecomposition:
        """The next minibatch's update of W_out[word], part by part, without applying it."""
        self._refuse_broken_weights()
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
        self._refuse_broken_weights()
        return Snapshot(
            self.steps, self.epoch, self.W_in.astype(np.float64), self.W_out.astype(np.float64)
        )

    def result(self, *, last: bool = False) -> Run:
        """The training so far as a :class:`~w2vlib.training.record.Run` (float64 copies of the weights).

        ``last=True`` (what :func:`~w2vlib.train` asks) also lets go of the corpus and the
        working weights while copying, so that a large run's memory peaks no higher at the
        end than during training; the Stepper takes no further steps after it.
        """
        self._refuse_broken_weights()
        done = self._planned_epochs_done() and self._epoch + 1 == self.config.epochs
        snapshots = self._recorder.with_final(
            self.steps, float(self.config.epochs) if done else self.epoch, self.W_in, self.W_out
        )
        config = {**self.config.as_dict(), "min_count": self.vocab.min_count}
        config["working_dtype"] = self.working_dtype.name
        if last:  # the corpus first, then each float32 array is widened in its own memory
            self._tokens = self._starts = self._examples = self._buffer = None
            W_in, W_out = float64_weights(self._let_go("_W_in")), None
            W_out = float64_weights(self._let_go("_W_out"))
        else:
            W_in, W_out = self.W_in.astype(np.float64), self.W_out.astype(np.float64)
        return Run(
            self.vocab, W_in, W_out, np.array(self.losses), snapshots, config, np.array(self.lrs)
        )

    def _let_go(self, name: str) -> np.ndarray:
        """The attribute's array, no longer referred to by this Stepper."""
        array = getattr(self, name)
        setattr(self, name, None)
        return array

    def __repr__(self) -> str:
        last = f"{self.losses[-1]:.4f}" if self.losses else "—"
        return (
            f"Stepper({self.arch}/{self.objective}, V={len(self.vocab)}, N={self.W_in.shape[1]}, "
            f"steps={self.steps}, last loss={last})"
        )
