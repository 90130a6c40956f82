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

``train`` is a short loop over the one trainer, :class:`~w2vlib.training.stepper.Stepper`:
the settings are checked once (:class:`~w2vlib.training.config.TrainConfig`), the
Stepper runs to the end of the planned epochs, and its result is the
:class:`~w2vlib.training.record.Run`. A Stepper built with the same arguments therefore
replays any run step by step, bit for bit. Negative sampling runs on the
vectorised fast path of :mod:`w2vlib.training.engine.fast` (float32 copies on a corpus of
≥ FLOAT32_FROM_PAIRS examples per epoch, float64 results); the full softmax
applies the teaching objectives of :mod:`w2vlib.objectives` as written.
"""

from __future__ import annotations

from collections.abc import Sequence

from w2vlib.training.config import TrainConfig
from w2vlib.training.record import Run
from w2vlib.training.stepper import Stepper
from w2vlib.vocab import Vocab


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
    :class:`~w2vlib.training.record.SnapshotRecorder`.

    ``precision="auto"``: negative sampling on a corpus of at least
    ``FLOAT32_FROM_PAIRS`` examples per epoch trains on float32 copies of the
    weights, for speed (memory traffic is the cost); everything else trains in
    float64. ``"float64"`` or ``"float32"`` forces one. The result is float64
    regardless, and ``config["working_dtype"]`` records which was used.

    The same seed and arguments give bit-identical results on one machine and
    numpy build: the trainer runs BLAS on one thread (see :mod:`w2vlib.training.stepper`).

    Raises TypeError or ValueError for bad arguments or an empty corpus (before
    any computing), and FloatingPointError (naming the step) if the loss stops
    being finite or explodes past ``DIVERGED_LOSS`` nats per pair. A loss that
    keeps rising gives a :class:`~w2vlib.training.guard.DivergenceWarning`, naming the
    steps and a smaller lr.
    """
    config = TrainConfig(
        arch=arch,
        objective=objective,
        dim=dim,
        window=window,
        epochs=epochs,
        lr=lr,
        batch_size=batch_size,
        negative=negative,
        min_count=min_count,
        subsample=subsample,
        lr_schedule=lr_schedule,
        init_out=init_out,
        seed=seed,
        snapshot_every=snapshot_every,
        progress=progress,
        shrink_windows=shrink_windows,
        precision=precision,
        shuffle=shuffle,
    )
    trainer = Stepper(sentences, config, vocab=vocab)
    trainer.run()  # every planned epoch
    return trainer.result()
