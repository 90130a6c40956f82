"""The settings of one training run, checked once, and the rules that follow from them.

:class:`TrainConfig` holds every argument of :func:`~w2vlib.train` and
:class:`~w2vlib.Stepper` except the data (``sentences``, ``vocab``). Building
one validates every field, so a mistake is reported once, before anything is
computed, with the fix in the message. The two policies that depend only on
the settings live here too: the learning-rate schedule (:meth:`TrainConfig.lr_at`)
and the working precision.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.objectives import ARCHS, OBJECTIVES

LR_SCHEDULES = ("linear", "constant")
INIT_OUTS = ("zeros", "random")
PRECISIONS = ("auto", "float64", "float32")

MIN_LR_FRACTION = 1e-4  # word2vec's floor: alpha never decays below starting_alpha * 0.0001
MAX_NEGATIVE = 1000
"""More negatives than this per pair is a typo (word2vec uses 5–20); the full softmax uses all words."""

FLOAT32_FROM_PAIRS = 1_000_000
"""Negative sampling on a corpus with at least this many examples per epoch (head500: 1.8M,
Lee: 0.25M, the toy corpora: a few hundred) trains on float32 copies of W_in and W_out:
half the memory traffic, so about 1.6–1.9× faster per pair (measured), with rounding of
~1e-7 relative, far below SGD's noise. Run.W_in, Run.W_out and every snapshot stay float64."""


@dataclass(frozen=True)
class TrainConfig:
    """Every setting of a run, validated on construction (see :func:`~w2vlib.train`)."""

    arch: str = "skipgram"
    objective: str = "negative"
    dim: int = 10
    window: int = 2
    epochs: int = 5
    lr: float = 0.025
    batch_size: int = 16
    negative: int = 5
    min_count: int = 1
    subsample: float = 0.0
    lr_schedule: str = "linear"
    init_out: str = "zeros"
    seed: int = 0
    snapshot_every: int | None = None
    progress: bool | None = None
    shrink_windows: bool = False
    precision: str = "auto"
    shuffle: bool = True

    def __post_init__(self) -> None:
        checked = dict(
            arch=_checks.choice("arch", self.arch, ARCHS),
            objective=_checks.choice("objective", self.objective, OBJECTIVES),
            lr_schedule=_checks.choice("lr_schedule", self.lr_schedule, LR_SCHEDULES),
            init_out=_checks.choice("init_out", self.init_out, INIT_OUTS),
            precision=_checks.choice("precision", self.precision, PRECISIONS),
            dim=_checks.positive_int("dim", self.dim),
            window=_checks.positive_int("window", self.window),
            epochs=_checks.positive_int("epochs", self.epochs),
            batch_size=_checks.positive_int("batch_size", self.batch_size),
            negative=_checks.positive_int(
                "negative", self.negative, "Use objective='softmax' for no sampling."
            ),
            min_count=_checks.positive_int("min_count", self.min_count),
            lr=_checks.positive_float(
                "lr", self.lr, "word2vec's usual value is 0.025 (skip-gram) or 0.05 (CBOW)."
            ),
            subsample=checked_subsample(self.subsample),
            seed=_checks.seed(self.seed),
            shrink_windows=_checks.flag("shrink_windows", self.shrink_windows),
            shuffle=_checks.flag("shuffle", self.shuffle),
        )
        if checked["negative"] > MAX_NEGATIVE:
            raise ValueError(
                f"negative={self.negative} negatives per pair is far more than word2vec's 5–20 "
                f"(at most {MAX_NEGATIVE} here): pass negative=5, or objective='softmax' to "
                "score every word."
            )
        if self.snapshot_every is not None:
            checked["snapshot_every"] = _checks.positive_int(
                "snapshot_every", self.snapshot_every, "Or pass None."
            )
        if self.progress is not None and not isinstance(self.progress, bool | np.bool_):
            raise ValueError(
                f"progress must be None (automatic), True or False, got {self.progress!r}."
            )
        for name, value in checked.items():  # frozen: store the normalised values
            object.__setattr__(self, name, value)

    def lr_at(self, fraction: float) -> float:
        """The per-pair step after ``fraction`` of the planned training: lr·max(1e-4, 1 − fraction)
        (``lr_schedule="linear"``, word2vec's), or lr (``"constant"``)."""
        if self.lr_schedule == "constant":
            return self.lr
        return self.lr * max(MIN_LR_FRACTION, 1 - fraction)

    def as_dict(self) -> dict:
        """The settings as ``Run.config`` records them (``negative`` is None for the softmax)."""
        settings = asdict(self)
        del settings["progress"]  # how it was shown, not what was trained
        if self.objective != "negative":
            settings["negative"] = None
        return settings


def checked_subsample(subsample: object) -> float:
    """``subsample`` as a float ≥ 0, or a ValueError naming word2vec's usual value."""
    number = isinstance(subsample, int | float | np.integer | np.floating)
    # bool is an int: subsample=True would silently mean a threshold of 1.0
    if isinstance(subsample, bool) or not (number and math.isfinite(subsample) and subsample >= 0):
        raise ValueError(
            f"subsample must be ≥ 0 (word2vec uses 1e-3; 0 turns it off), got {subsample!r}."
        )
    return float(subsample)


def working_dtype(objective: str, examples_per_epoch: int, precision: str = "auto") -> np.dtype:
    """float32 for negative sampling on a large corpus (see FLOAT32_FROM_PAIRS), else float64.

    ``precision="float64"`` or ``"float32"`` overrides the rule.
    """
    if precision != "auto":
        return np.dtype(precision)
    large = objective == "negative" and examples_per_epoch >= FLOAT32_FROM_PAIRS
    return np.dtype(np.float32 if large else np.float64)
