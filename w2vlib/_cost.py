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
"""Fixed cost of one minibatch step (dispatch, sampling, bookkeeping)."""

SCORE_SECONDS = 1e-9
"""Cost per scored element (example × output row × dimension) of one step, both passes,
while an example's output rows stay in the cache (dim up to :data:`CACHED_DIM`)."""

CACHED_DIM = 16_384
"""Beyond this dim the K + 1 = 6 output rows of one example (8-byte numbers) overflow the
fast path's 768 KiB chunk, and every pass over them streams from memory."""

STREAMED_SCORE_SECONDS = 2.5e-9
"""Cost per scored element beyond :data:`CACHED_DIM`: one toy epoch took 5.1 s at dim 3·10⁵
and 19.9 s at dim 10⁶ (2.0e-9 and 2.3e-9 per element; 1·10⁻⁹ had estimated 2.6 and 8.6 s)."""

SLOT_SECONDS = 2e-8
"""CBOW: cost per window slot of an example (2·reach slots, padded with −1 where the sentence
ends), for its indices and masks whatever dim: one 5000-word sentence at window=10**6 took
1.1 s at dim 10 (1.09 s estimated; counting only rows × dim had estimated 0.3 s)."""

CONTEXT_SECONDS = 3e-10
"""CBOW: cost per context row element (the mean into h, the scatter back into W_in): the
same sentence took 1.7 s at dim 100 (1.76 s estimated), the first 50 head500 lines at
window 1000 8.3 s (7.4 s estimated). ``benchmarks/estimates.py`` measures them again.

These constants are fitted on this project's 2-core machine, quiet; a busy one is slower."""


class InputError(ValueError, TypeError):
    """An argument w2vlib cannot use; the message names the problem and the fix.

    It is both a ValueError and a TypeError, so code that catches either keeps working.
    """


class LongRunWarning(UserWarning):
    """Work that will take a while (the message gives the estimate and how to shorten it)."""


def example_seconds(
    rows_scored: float, dim: int, window_slots: float = 0.0, contexts: float = 0.0
) -> float:
    """Estimated time of one training example: ``rows_scored`` output rows (k + 1 for negative
    sampling, V for the softmax) of ``dim``, and for CBOW its ``window_slots`` (2·reach) and
    ``contexts`` (the context rows it averages and updates)."""
    per_element = SCORE_SECONDS if dim <= CACHED_DIM else STREAMED_SCORE_SECONDS
    return (
        rows_scored * dim * per_element
        + window_slots * SLOT_SECONDS
        + contexts * dim * CONTEXT_SECONDS
    )


def training_seconds(steps: float, batch_size: int, seconds_per_example: float) -> float:
    """Estimated time of ``steps`` minibatches of ``batch_size`` examples (see
    :func:`example_seconds`)."""
    return float(steps) * (STEP_SECONDS + batch_size * seconds_per_example)


SVD_PRODUCT_SECONDS = 4e-9
"""Randomized SVD: seconds per stored entry of M per column of the sketch, per product with
M or Mᵀ. With :data:`SVD_FACTOR_SECONDS`, fitted to scikit-learn's ``randomized_svd``
(n_iter 4, one BLAS thread) on this project's 2-core machine: 20000² with 0.4M entries at
dim 200 and 800 took 2.4 s and 15.0 s (estimated 3.6 and 15.9), 50000² with 1M entries at
dim 300 took 13.6 s (estimated 13.5); ``benchmarks/estimates.py`` measures them again."""

SVD_FACTOR_SECONDS = 1e-11
"""Randomized SVD: seconds per (rows + columns) × (sketch columns)², per LU or QR step."""

EXACT_SVD_SECONDS = 4.5e-10
"""numpy's full SVD of an m×n matrix: seconds per m·n·min(m, n) (1500² took 1.1 s,
3000×2000 took 5.2 s, one BLAS thread)."""

SVD_OVERSAMPLES = 10  # scikit-learn's randomized_svd default: the sketch has dim + 10 columns


def svd_cost(
    rows: int, cols: int, stored: int, dim: int, n_iter: int, exact: bool
) -> tuple[float, float]:
    """(seconds, bytes) of a rank-``dim`` SVD of a rows×cols matrix with ``stored`` entries.

    Exact (LAPACK's full SVD): m·n·min(m, n) work, and U, Vᵀ and a copy of M. Randomized
    (Halko et al.): with a sketch of l = dim + 10 columns, 2·n_iter + 2 products with M or Mᵀ
    (stored·l each) and 2·n_iter + 3 LU or QR steps ((rows + cols)·l² each); memory for
    about two rows×l and three cols×l arrays of float64.
    """
    if exact:
        k = min(rows, cols)
        seconds = EXACT_SVD_SECONDS * rows * cols * k
        return seconds, 8.0 * (rows * cols + rows * k + k * cols + 4 * k * k)
    sketch = dim + SVD_OVERSAMPLES
    seconds = SVD_PRODUCT_SECONDS * stored * sketch * (2 * n_iter + 2)
    seconds += SVD_FACTOR_SECONDS * (rows + cols) * sketch**2 * (2 * n_iter + 3)
    return seconds, 8.0 * (2 * rows + 3 * cols) * sketch


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


def work(what: str, seconds: float, fix: str, announce: bool = False) -> None:
    """Announce work estimated beyond WARN_WORK_SECONDS (or any, with ``announce``); refuse
    beyond MAX_WORK_SECONDS.

    ``seconds`` is an estimate (on a quiet machine, so a busy one is slower);
    the message gives it, and ``fix`` says how to do less.
    """
    if seconds > MAX_WORK_SECONDS:
        raise InputError(
            f"{what} would take about {_duration(seconds)} (w2vlib refuses work over "
            f"{_duration(MAX_WORK_SECONDS)}: at this scale it is usually a typo): {fix}"
        )
    if seconds > WARN_WORK_SECONDS or announce:
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
