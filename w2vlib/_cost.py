"""What a piece of work will cost, estimated before it starts: refuse or announce it.

Part of :mod:`w2vlib._checks` (which re-exports everything here): the "sizes" kind of
argument, whose check is an estimate of memory or time, and a refusal or warning that
gives the estimate and names how to do less.
"""

from __future__ import annotations

import warnings

MAX_WORK_BYTES = 4 * 2**30
"""The largest single working array w2vlib allocates (4 GiB); beyond it a typo is likelier."""

WARN_WORK_SECONDS = 30.0
"""Work estimated to take longer than this (on a quiet laptop) is announced with its estimate."""

MAX_WORK_SECONDS = 30 * 60.0
"""Work estimated to take longer than this is refused: at teaching scale it is a typo."""


STEP_SECONDS = 3e-5
"""Fixed cost of one minibatch step (dispatch, sampling, bookkeeping) on a quiet laptop."""

SCORE_SECONDS = 1e-9
"""Cost per scored element (example × output row × dimension) of one step, both passes.
Both are optimistic (measured 2–8× slower on a busy 2-core machine), so an estimate
refuses only what is surely too long."""


class InputError(ValueError, TypeError):
    """An argument w2vlib cannot use; the message names the problem and the fix.

    It is both a ValueError and a TypeError, so code that catches either keeps working.
    """


class LongRunWarning(UserWarning):
    """Work that will take a while (the message gives the estimate and how to shorten it)."""


def training_seconds(steps: float, batch_size: int, rows_scored: int, dim: int) -> float:
    """Estimated time of ``steps`` minibatches of ``batch_size`` examples, each scoring
    ``rows_scored`` output rows (k + 1 for negative sampling, V for the softmax) of ``dim``."""
    return float(steps) * (STEP_SECONDS + batch_size * rows_scored * dim * SCORE_SECONDS)


def memory(what: str, nbytes: float, fix: str, limit: float | None = None) -> None:
    """Refuse to allocate ``nbytes`` beyond ``limit`` (default MAX_WORK_BYTES), naming the fix."""
    limit = MAX_WORK_BYTES if limit is None else limit
    if nbytes > limit:
        raise InputError(
            f"{what} would need {_size(nbytes)} of memory (the limit is {_size(limit)}): {fix}"
        )


def _size(nbytes: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if nbytes >= scale:
            return f"{nbytes / scale:.3g} {unit}"
    return f"{nbytes / 1024:.3g} KiB"


def work(what: str, seconds: float, fix: str) -> None:
    """Announce work estimated beyond WARN_WORK_SECONDS; refuse beyond MAX_WORK_SECONDS.

    ``seconds`` is an estimate (on a quiet laptop, so a busy one is slower);
    the message gives it, and ``fix`` says how to do less.
    """
    if seconds > MAX_WORK_SECONDS:
        raise InputError(
            f"{what} would take about {_duration(seconds)} (w2vlib refuses work over "
            f"{_duration(MAX_WORK_SECONDS)}: at this scale it is usually a typo): {fix}"
        )
    if seconds > WARN_WORK_SECONDS:
        warnings.warn(
            f"{what} will take about {_duration(seconds)}; to shorten it: {fix}",
            LongRunWarning,
            stacklevel=3,
        )


def _duration(seconds: float) -> str:
    for unit, scale in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * scale:
            return f"{seconds / scale:.0f} {unit}"
    return f"{seconds:.0f} s"
