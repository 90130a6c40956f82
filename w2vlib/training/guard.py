"""Watching a run: the divergence guard, the progress bar, and BLAS on one thread.

A learning rate that is too large shows in two ways. Either the loss blows up
within a few steps (it stops being finite, or passes ``DIVERGED_LOSS``): the
run is stopped with a FloatingPointError. Or it climbs slowly, e.g. SGNS on Lee
at lr=0.5 goes from 3.5 to 66 nats per pair over one epoch while every step
stays finite: :class:`DivergenceGuard` compares block means of the loss and
warns once, naming the steps and a smaller lr.
"""

from __future__ import annotations

import contextlib
import math
import os
import sys
import warnings
from collections.abc import Callable

DIVERGED_LOSS = 1e6  # nats per pair: p(o|c) = e^-1e6 means runaway weights, not learning
RISE_FACTOR = 2.0  # a block mean twice the best one so far …
RISE_NATS = 1.0  # … and at least 1 nat above it: SGD noise never does that, divergence does
BLOCKS_PER_RUN = 50
MIN_BLOCK = 10  # steps
SHOW_PROGRESS_AFTER = 2.0  # seconds; a bar appears only for runs expected to take longer


_BLAS: dict = {}


def one_blas_thread() -> contextlib.AbstractContextManager:
    """A context in which BLAS uses one thread: sums then round the same way on every run.

    Every BLAS library loaded so far is limited: the list is read again whenever modules
    were imported since (scipy, with its own BLAS, loads only when first needed).
    """
    if _BLAS.get("modules") != len(sys.modules):
        try:  # threadpoolctl comes with scikit-learn; without it, the thread count stays as is
            from threadpoolctl import ThreadpoolController

            _BLAS["controller"] = ThreadpoolController()
        except ImportError:  # pragma: no cover
            _BLAS["controller"] = None
        _BLAS["modules"] = len(sys.modules)
    controller = _BLAS["controller"]
    if controller is None:  # pragma: no cover
        return contextlib.nullcontext()
    return controller.limit(limits=1, user_api="blas")


class DivergenceWarning(RuntimeWarning):
    """The loss has been rising for a while: the learning rate is probably too large."""


class DivergenceGuard:
    """Raises for a loss that is no longer finite or past DIVERGED_LOSS; warns once for a rising one.

    The rising check averages the loss over blocks of ``max(MIN_BLOCK,
    planned_steps // BLOCKS_PER_RUN)`` steps and warns when a block's mean is
    more than RISE_FACTOR times, and RISE_NATS above, the lowest block mean so far.
    """

    def __init__(self, lr: float, planned_steps: int) -> None:
        self.lr = lr
        self.block = max(MIN_BLOCK, planned_steps // BLOCKS_PER_RUN)
        self.best, self.best_end = math.inf, 0
        self.warned = False
        self._sum, self._count = 0.0, 0

    def check(self, loss: float, step: int, epoch: int, lr_now: float) -> None:
        if not loss <= DIVERGED_LOSS:  # also catches NaN
            raise FloatingPointError(
                f"the loss became {loss} at step {step} (epoch {epoch + 1}) with "
                f"lr={lr_now:.3g}: the learning rate is too large for this problem. "
                f"Try lr={self.lr / 10:.3g} or smaller, or a smaller batch_size."
            )
        self._sum += loss
        self._count += 1
        if self._count < self.block:
            return
        mean, self._sum, self._count = self._sum / self.block, 0.0, 0
        if mean < self.best:
            self.best, self.best_end = mean, step
        elif not self.warned and mean > RISE_FACTOR * self.best and mean > self.best + RISE_NATS:
            self.warned = True
            warnings.warn(
                f"the loss is rising: its mean over steps {step - self.block + 1}–{step} is "
                f"{mean:.3g} nats per pair, up from {self.best:.3g} over steps "
                f"{self.best_end - self.block + 1}–{self.best_end} (lr={lr_now:.3g} at step "
                f"{step}). Training is diverging: try lr={self.lr / 10:.3g}.",
                DivergenceWarning,
                stacklevel=_first_frame_outside_w2vlib(),
            )


def _first_frame_outside_w2vlib() -> int:
    """The stacklevel that points a warning at the learner's line, not at w2vlib's."""
    package = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # w2vlib/
    frame, level = sys._getframe(1), 1
    while frame is not None and frame.f_code.co_filename.startswith(package):
        frame, level = frame.f_back, level + 1
    return level


def progress_bar(setting: bool | None, total: int) -> Callable[[int, float], None]:
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
        bar.update(min(step, total) - bar.n)
        if step >= total:
            bar.close()

    return update
