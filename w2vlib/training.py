"""Training word2vec by minibatch SGD, reproducibly, with snapshots of W_in and W_out.

One call, :func:`train`, covers skip-gram and CBOW with the full softmax or
negative sampling. Its conventions follow word2vec's C code (and gensim):

* ``lr`` is word2vec's ``alpha``: the step for *each* (centre, context) pair.
  A minibatch of B pairs therefore moves the weights by −lr × the *sum* of
  the per-pair gradients, which is −lr·B × the gradient of the mean loss.
* ``lr_schedule="linear"`` decays lr to lr·1e-4 over training.
* W_in ~ U(−0.5/N, 0.5/N) and W_out = 0 (``init_out="random"`` draws W_out
  like W_in, for comparisons).
* Negatives are drawn for every pair from the unigram distribution raised to 0.75.

Negative sampling runs on the vectorised fast path of :mod:`w2vlib.fast`
(in-place updates, equal to the teaching objectives to rounding; on a corpus of
≥ FLOAT32_FROM_PAIRS examples per epoch it works on float32 copies, and returns
float64); the full softmax applies the teaching objectives of
:mod:`w2vlib.objectives` as written.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from w2vlib import _checks
from w2vlib.fast import AliasSampler, Workspace, skipgram_pairs_from_tokens
from w2vlib.objectives import cbow_softmax_loss_and_grads, softmax_loss_and_grads
from w2vlib.pairs import cbow_from_tokens, concatenate, keep_probabilities
from w2vlib.vocab import Vocab

ARCHS = ("skipgram", "cbow")
OBJECTIVES = ("softmax", "negative")
LR_SCHEDULES = ("linear", "constant")
INIT_OUTS = ("zeros", "random")
PRECISIONS = ("auto", "float64", "float32")

MAX_SNAPSHOTS = 1000
"""At most this many snapshots are kept (see :class:`SnapshotRecorder`)."""

MAX_SNAPSHOT_BYTES = 512 * 2**20
"""…and at most this much memory for them (512 MiB), whichever bound is smaller."""

MIN_LR_FRACTION = 1e-4  # word2vec's floor: alpha never decays below starting_alpha * 0.0001
DIVERGED_LOSS = 1e6  # nats per pair: p(o|c) = e^-1e6 means runaway weights, not learning
FLOAT32_FROM_PAIRS = 1_000_000
"""Negative sampling on a corpus with at least this many examples per epoch (head500: 1.8M,
Lee: 0.25M, the toy corpora: a few hundred) trains on float32 copies of W_in and W_out:
half the memory traffic, so about 1.6–1.9× faster per pair (measured), with rounding of
~1e-7 relative, far below SGD's noise. Run.W_in, Run.W_out and every snapshot stay float64."""
SHOW_PROGRESS_AFTER = 2.0  # seconds; a bar appears only for runs expected to take longer


@dataclass(frozen=True)
class Snapshot:
    """A copy of the weights after ``step`` minibatch updates (step 0 is the initialisation)."""

    step: int
    epoch: float
    W_in: np.ndarray
    W_out: np.ndarray


@dataclass
class Run:
    """The result of :func:`train`: the vocabulary, the weights, the loss curve and snapshots.

    ``losses[s]`` is the mean loss of minibatch s *before* its update.
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
        which = _checks.choice("which", which, ("in", "out", "sum"))
        return {"in": self.W_in, "out": self.W_out, "sum": self.W_in + self.W_out}[which]

    def to_keyedvectors(self, which: str = "in"):
        """The rows of W_in (``"in"``), W_out (``"out"``) or their sum as gensim ``KeyedVectors``.

        Needs gensim; the words keep this run's order and counts.
        """
        from w2vlib.interop import to_keyedvectors

        return to_keyedvectors(self, which)

    def __repr__(self) -> str:
        c = self.config
        final = f"{self.losses[-1]:.4f}" if len(self.losses) else "—"
        return (
            f"Run({c.get('arch', '?')}/{c.get('objective', '?')}, V={len(self.vocab)}, "
            f"N={self.W_in.shape[1]}, steps={len(self.losses)}, final loss={final}, "
            f"snapshots={len(self.snapshots)})"
        )


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

    def finish(self, step: int, epoch: float, W_in: np.ndarray, W_out: np.ndarray) -> None:
        if self.every is not None and (not self.snapshots or self.snapshots[-1].step != step):
            self._append(step, epoch, W_in, W_out)
            if len(self.snapshots) > self.capacity:  # the final one must not break the bound
                self.snapshots = self.snapshots[:-1][::2] + self.snapshots[-1:]

    def _append(self, step: int, epoch: float, W_in: np.ndarray, W_out: np.ndarray) -> None:
        # copies, in float64 even when a large run trains in float32
        self.snapshots.append(
            Snapshot(step, epoch, W_in.astype(np.float64), W_out.astype(np.float64))
        )


class NegativeSampler(AliasSampler):
    """Draws negatives per pair from p(w) ∝ count(w)^0.75, reproducibly from ``rng``.

    Walker's alias method (see :class:`~w2vlib.fast.AliasSampler`): O(1) per
    draw and exact. Like the teaching objective (and unlike word2vec, which
    skips it), a negative equal to the positive word is kept.
    """


def _progress_bar(setting: bool | None, total: int) -> Callable[[int, float], None]:
    """A callback(step, elapsed) that shows a tqdm.auto bar when it is worth it.

    ``setting=None``: the bar appears once the run is projected to take more
    than ~2 s; ``True``: always; ``False``: never.
    """
    state: dict = {"bar": None}

    def update(step: int, elapsed: float) -> None:
        bar = state["bar"]
        if bar is None:
            if setting is False or step == 0:
                return
            projected = elapsed / step * total
            if setting is None and (elapsed < 0.5 or projected < SHOW_PROGRESS_AFTER):
                return
            from tqdm.auto import tqdm

            bar = state["bar"] = tqdm(total=total, unit="batch", leave=False, desc="training")
        bar.update(step - bar.n)
        if step >= total:
            bar.close()

    return update


def train(
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
    snapshot_every: int | None = None,
    progress: bool | None = None,
    shrink_windows: bool = False,
    vocab: Vocab | None = None,
    precision: str = "auto",
    shuffle: bool = True,
) -> Run:
    """Train word2vec and return a :class:`Run` with W_in, W_out (V×N, float64) and the losses.

    Parameters mirror word2vec's: ``dim`` = N, ``window`` = context words on each
    side, ``negative`` = K samples per pair, ``subsample`` = the ``sample``
    threshold (0 turns it off), ``shrink_windows`` = draw each centre's window
    width uniformly from 1..window (word2vec and gensim do; off by default so
    the toy corpora's co-occurrence counts are exact).

    Each epoch: subsample the tokens (fresh random draw), build the pairs
    (skip-gram: every (centre, context) pair; CBOW: every centre with its
    window), shuffle them (unless ``shuffle=False``), and step through them in minibatches of
    ``batch_size``. The same seed and arguments give bit-identical results.

    ``shuffle=False`` steps through each epoch's examples in corpus order, as
    word2vec and gensim do. Shuffling (the default) decorrelates consecutive
    minibatches; measured on head500 (5 epochs, dim 50) it raises the WordSim-353
    ρ of W from about 0.41 (corpus order, beside gensim's 0.43) to about 0.48.

    Snapshots are taken every ``snapshot_every`` steps (None: none), plus the
    initial and final weights, within the bound documented in
    :class:`SnapshotRecorder`.

    ``precision="auto"``: negative sampling on a corpus of at least
    ``FLOAT32_FROM_PAIRS`` examples per epoch trains on float32 copies of the
    weights, for speed (memory traffic is the cost); everything else trains in
    float64. ``"float64"`` or ``"float32"`` forces one. The result is float64
    regardless, and ``config["working_dtype"]`` records which was used.

    Raises ValueError for bad arguments or an empty corpus, and
    FloatingPointError (naming the step) if the loss stops being finite or
    explodes past ``DIVERGED_LOSS`` nats per pair.
    """
    arch = _checks.choice("arch", arch, ARCHS)
    objective = _checks.choice("objective", objective, OBJECTIVES)
    lr_schedule = _checks.choice("lr_schedule", lr_schedule, LR_SCHEDULES)
    init_out = _checks.choice("init_out", init_out, INIT_OUTS)
    precision = _checks.choice("precision", precision, PRECISIONS)
    dim = _checks.positive_int("dim", dim)
    window = _checks.positive_int("window", window)
    epochs = _checks.positive_int("epochs", epochs)
    batch_size = _checks.positive_int("batch_size", batch_size)
    negative = _checks.positive_int(
        "negative", negative, "Use objective='softmax' for no sampling."
    )
    lr = _checks.positive_float(
        "lr", lr, "word2vec's usual value is 0.025 (skip-gram) or 0.05 (CBOW)."
    )
    subsample = checked_subsample(subsample)
    if snapshot_every is not None:
        snapshot_every = _checks.positive_int("snapshot_every", snapshot_every, "Or pass None.")
    if shuffle not in (True, False):
        raise ValueError(f"shuffle must be True or False, got {shuffle!r}.")
    if progress not in (None, True, False):
        raise ValueError(f"progress must be None (automatic), True or False, got {progress!r}.")
    if not isinstance(sentences, list | tuple):
        sentences = list(sentences)  # a generator would be used up by the vocabulary pass
    if not sentences:
        raise ValueError("the corpus is empty: pass a list of sentences, each a list of words.")

    vocab = Vocab(sentences, min_count=min_count) if vocab is None else vocab
    tokens, sentence_id = concatenate(vocab.encode(sentences))
    if len(tokens) < 2:
        raise ValueError("the corpus is empty of pairs: it needs at least two in-vocabulary words.")

    V, N = len(vocab), dim
    rng = np.random.default_rng(seed)
    W_in = (rng.random((V, N)) - 0.5) / N
    W_out = np.zeros((V, N)) if init_out == "zeros" else (rng.random((V, N)) - 0.5) / N
    keep = keep_probabilities(vocab.counts, subsample)
    sampler = NegativeSampler(vocab.counts) if objective == "negative" else None

    config = dict(
        arch=arch, objective=objective, dim=dim, window=window, epochs=epochs, lr=lr,
        batch_size=batch_size, negative=negative if objective == "negative" else None,
        min_count=vocab.min_count, subsample=subsample, lr_schedule=lr_schedule, init_out=init_out,
        seed=seed, snapshot_every=snapshot_every, shrink_windows=shrink_windows, shuffle=shuffle,
    )  # fmt: skip

    def next_epoch() -> tuple[np.ndarray, np.ndarray]:
        return epoch_examples(
            rng, tokens, sentence_id, keep, arch=arch, window=window, subsample=subsample,
            shrink_windows=shrink_windows, shuffle=shuffle,
        )  # fmt: skip

    # The lr schedule needs the total amount of training in advance; with
    # subsampling each epoch differs a little, so estimate from the first.
    inputs, targets = next_epoch()
    expected_per_epoch = len(targets)
    if expected_per_epoch == 0:
        raise ValueError(
            "the corpus is empty of training pairs after subsampling: lower subsample "
            f"(now {subsample}) or use longer sentences."
        )
    total_steps = epochs * math.ceil(expected_per_epoch / batch_size)
    dtype = working_dtype(objective, expected_per_epoch, precision)
    W_in, W_out = W_in.astype(dtype, copy=False), W_out.astype(dtype, copy=False)
    config["working_dtype"] = dtype.name
    update = _updater(arch, objective, batch_size, negative, dim, dtype)
    negatives_buffer = np.empty((batch_size, negative), dtype=np.intp) if sampler else None

    losses: list[float] = []
    lrs: list[float] = []
    recorder = SnapshotRecorder(snapshot_every, V, N)
    recorder.offer(0, 0.0, W_in, W_out)
    show = _progress_bar(progress, total_steps)
    started = time.perf_counter()
    step = 0
    done_examples = 0
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for epoch in range(epochs):
            if epoch > 0:
                inputs, targets = next_epoch()
            for start in range(0, len(targets), batch_size):
                x = inputs[start : start + batch_size]
                o = targets[start : start + batch_size]
                lr_now = scheduled_lr(
                    lr, lr_schedule, done_examples / (epochs * expected_per_epoch)
                )
                negatives = None
                if sampler is not None:
                    negatives = sampler.draw(rng, (len(o), negative), negatives_buffer[: len(o)])
                loss = update(W_in, W_out, x, o, negatives, lr_now)  # in place, if finite
                if not math.isfinite(loss) or loss > DIVERGED_LOSS:
                    raise FloatingPointError(
                        f"the loss became {loss} at step {step + 1} (epoch {epoch + 1}) with "
                        f"lr={lr_now:.3g}: the learning rate is too large for this problem. "
                        f"Try lr={lr / 10:.3g} or smaller, or a smaller batch_size."
                    )
                losses.append(loss)
                lrs.append(lr_now)
                step += 1
                done_examples += len(o)
                recorder.offer(step, epoch + (start + len(o)) / len(targets), W_in, W_out)
                show(step, time.perf_counter() - started)
    if not (np.isfinite(W_in).all() and np.isfinite(W_out).all()):
        raise FloatingPointError(
            f"the weights stopped being finite by step {step}: lower lr (now {lr})."
        )
    recorder.finish(step, float(epochs), W_in, W_out)
    show(total_steps, time.perf_counter() - started)
    W_in, W_out = W_in.astype(np.float64, copy=False), W_out.astype(np.float64, copy=False)
    return Run(vocab, W_in, W_out, np.array(losses), recorder.snapshots, config, np.array(lrs))


def checked_subsample(subsample: object) -> float:
    """``subsample`` as a float ≥ 0, or a ValueError naming word2vec's usual value."""
    number = isinstance(subsample, int | float | np.integer | np.floating)
    # bool is an int: subsample=True would silently mean a threshold of 1.0
    if isinstance(subsample, bool) or not (number and math.isfinite(subsample) and subsample >= 0):
        raise ValueError(
            f"subsample must be ≥ 0 (word2vec uses 1e-3; 0 turns it off), got {subsample!r}."
        )
    return float(subsample)


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
    """One epoch's (inputs, targets): subsample, build the examples, shuffle.

    Skip-gram predicts the context from the centre, CBOW the centre from its
    window. The draws from ``rng`` come in a fixed order (subsampling, window
    widths, shuffle), which is what makes :class:`~w2vlib.stepper.Stepper`
    replay ``train`` bit for bit: both call this function.
    """
    kept = rng.random(len(tokens)) < keep[tokens] if subsample > 0 else slice(None)
    window_rng = rng if shrink_windows else None
    build = skipgram_pairs_from_tokens if arch == "skipgram" else cbow_from_tokens  # same pairs
    centers, contexts = build(tokens[kept], sentence_id[kept], window, window_rng)
    order = rng.permutation(len(centers)) if shuffle else slice(None)
    if arch == "skipgram":
        return centers[order], contexts[order]
    return contexts[order], centers[order]


def scheduled_lr(lr: float, schedule: str, fraction: float) -> float:
    """The per-pair step after ``fraction`` of training: lr·max(1e-4, 1 − fraction), or constant."""
    return lr if schedule == "constant" else lr * max(MIN_LR_FRACTION, 1 - fraction)


def working_dtype(objective: str, examples_per_epoch: int, precision: str = "auto") -> np.dtype:
    """float32 for negative sampling on a large corpus (see FLOAT32_FROM_PAIRS), else float64.

    ``precision="float64"`` or ``"float32"`` overrides the rule.
    """
    if precision != "auto":
        return np.dtype(precision)
    large = objective == "negative" and examples_per_epoch >= FLOAT32_FROM_PAIRS
    return np.dtype(np.float32 if large else np.float64)


def _updater(
    arch: str, objective: str, batch_size: int, negative: int, dim: int, dtype=np.float64
) -> Callable[..., float]:
    """update(W_in, W_out, inputs, targets, negatives, lr) → the minibatch's mean loss.

    It applies W −= lr·B × (the gradient of the mean loss), in place, only if
    the loss is finite. Negative sampling takes the vectorised fast path
    (:mod:`w2vlib.fast`, equal to the teaching objectives to rounding); the
    full softmax applies the teaching objectives' dense gradients.
    """
    if objective == "negative":
        work = Workspace(batch_size, negative, dim, dtype)
        return work.skipgram_step if arch == "skipgram" else work.cbow_step
    step_fn = _step_function(arch, objective)

    def update(W_in, W_out, inputs, targets, negatives, lr: float) -> float:
        loss, dW_in, dW_out = step_fn(W_in, W_out, inputs, targets, negatives)
        if math.isfinite(loss):
            scale = lr * len(targets)  # per-pair step × B: the sum, not the mean, of the pairs
            W_in -= scale * dW_in
            W_out -= scale * dW_out
        return loss

    return update


def _step_function(arch: str, objective: str) -> Callable:
    """(W_in, W_out, inputs, targets, negatives) → (loss, dW_in, dW_out) for one minibatch.

    Only the full softmax comes here: negative sampling takes :mod:`w2vlib.fast`.
    """
    if objective != "softmax":
        raise ValueError(f"no dense step for objective {objective!r}: use the fast path.")
    if arch == "skipgram":
        return lambda W_in, W_out, c, o, _: softmax_loss_and_grads(W_in, W_out, c, o)
    return lambda W_in, W_out, ctx, c, _: cbow_softmax_loss_and_grads(W_in, W_out, ctx, c)
