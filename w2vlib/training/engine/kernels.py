"""Compiled kernels for the float32 fast path of :mod:`w2vlib.training.engine.fast` (numba, optional).

The numpy fast path spends its time moving memory: it gathers B·(K+1) rows of
W_out into a buffer, multiplies, and scatters the updates back through a
sparse product, so every row crosses the memory hierarchy several times. These
kernels take one example at a time while its K+1 rows of W_out sit in the L1
cache: the K+1 scores, their sigmoids, and ∂L_b/∂h_b = Σ_k g[b, k]·W_out[t_bk]
in one visit, then the update W_out[t_bk] −= lr·g[b, k]·h_b in a second visit,
with the next example's rows prefetched meanwhile. Nothing of size B·(K+1)·N is
ever materialised.

They make the same update as the numpy path, which is the teaching one: a
minibatch is ONE gradient step, with every read of W_in and W_out taken before
the first write (``tests/test_fast.py`` checks this against
:mod:`w2vlib.objectives`). The loss is Σ softplus(z) = Σ max(z, 0) + log Π (1 + e^{−|z|}):
one exp per score (needed for σ anyway) and one log per few hundred scores,
instead of an exp and a log1p per score.

numba is optional and loaded only when a kernel is first needed (a float32
:class:`~w2vlib.training.engine.fast.Workspace`, or the skip-gram pairs of a large
corpus in :mod:`~w2vlib.training.engine.epochs`), so lessons on the small corpora never
import it. Without numba, or with ``W2VLIB_NO_NUMBA=1`` in the environment,
:func:`compiled` returns None and :mod:`~w2vlib.training.engine.fast` uses numpy, which
gives the same numbers to float32 rounding (and :mod:`~w2vlib.training.engine.epochs`
the same pairs). Compiled code is cached on disk (``cache=True``): only the first run on a machine pays the compilation (5–10 s).
"""

from __future__ import annotations

import math
import os
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from w2vlib.training.engine.compiler_pages import release_compiler_pages

# Reassociation lets the dot products use SIMD lanes and several accumulators; contraction
# gives fused multiply-adds. No 'nnan'/'ninf', and still the finiteness of the loss is
# checked outside the kernels, where no fast-math flag can fold the check away.
_FASTMATH = {"reassoc", "contract", "nsz", "arcp"}
_FLUSH_PRODUCT = 1e300  # Π (1 + e) grows by at most 2 per score: flush its log before overflow


@dataclass(frozen=True)
class CompiledKernels:
    """The numba-compiled versions of this module's kernels (each documented where defined)."""

    output_scores: Callable  # _output_scores
    output_update: Callable  # _output_update
    add_rows: Callable  # _add_rows
    alias_lookup: Callable  # _alias_lookup
    segment_pair_counts: Callable  # _segment_pair_counts
    fill_pairs: Callable  # _fill_pairs


_CACHE: dict[str, CompiledKernels | None] = {}


def compiled() -> CompiledKernels | None:
    """The compiled kernels, loaded (or compiled) on the first call; None without numba."""
    if "kernels" not in _CACHE:
        _CACHE["kernels"] = _load()
    return _CACHE["kernels"]


def loaded() -> CompiledKernels | None:
    """The kernels if something has already loaded them, else None (and nothing is loaded)."""
    return _CACHE.get("kernels")


def _load() -> CompiledKernels | None:
    if os.environ.get("W2VLIB_NO_NUMBA"):
        return None
    try:
        import numba
    except ImportError:
        return None
    global _prefetch_row, _span
    for make_prefetch in (_prefetch_intrinsic, _no_prefetch):
        try:
            _prefetch_row = make_prefetch(numba)
            cache = make_prefetch is _prefetch_intrinsic  # a fallback never fills the disk cache
            jit = numba.njit(fastmath=_FASTMATH, nogil=True, cache=cache)
            _span = jit(_context_span)  # called by the two pair kernels
            kernels = CompiledKernels(
                output_scores=jit(_output_scores),
                output_update=jit(_output_update),
                add_rows=jit(_add_rows),
                alias_lookup=numba.njit(nogil=True, cache=cache)(_alias_lookup),
                segment_pair_counts=jit(_segment_pair_counts),
                fill_pairs=jit(_fill_pairs),
            )
            _warm_up(kernels)  # compile now (or load the disk cache), so a failure falls back
            release_compiler_pages()  # LLVM has done its work: its code pages can go
            return kernels
        except Exception as error:  # an LLVM without this prefetch intrinsic, say
            warning = error
    warnings.warn(
        f"w2vlib: the numba kernels did not compile ({warning}); using numpy.", stacklevel=3
    )
    return None


def _warm_up(kernels: CompiledKernels) -> None:
    """Every kernel once, on tiny arrays of the exact types the fast path passes."""
    W = np.zeros((3, 4), np.float32)
    rows = np.arange(2, dtype=np.intp)
    negatives = np.zeros((2, 1), np.intp)
    steps, hidden = np.zeros((2, 2), np.float32), np.zeros((2, 4), np.float32)
    kernels.output_scores(W, rows, W, rows, negatives, 0.1, steps, hidden)
    kernels.output_update(W, rows, W, rows, negatives, steps)
    kernels.add_rows(W, rows, hidden)
    kernels.alias_lookup(np.zeros(2), np.r_[0.5, 1.5, -np.inf], np.arange(6), rows.copy())
    # as engine.epochs passes them: starts packed as bits (engine.epochs.pack_starts), uint8
    # widths, and tokens and row columns both uint16 or both int32 (engine.epochs.token_dtype)
    starts, width = np.packbits([True, False], bitorder="little"), np.ones(2, np.uint8)
    kernels.segment_pair_counts(starts, width, 1, np.zeros(2, np.int64))
    for dtype in (np.uint16, np.int32):
        rows = np.empty((2, 2), dtype)
        kernels.fill_pairs(np.zeros(2, dtype), starts, width, 0, 2, rows[:, 0], rows[:, 1])


def _prefetch_intrinsic(numba):
    """_prefetch_row(W, i): hint the CPU to bring row i of the 2-D array W into cache."""
    from llvmlite import binding, ir
    from numba.core import cgutils
    from numba.extending import intrinsic

    name = "llvm.prefetch.p0" if binding.llvm_version_info[0] >= 15 else "llvm.prefetch.p0i8"

    @intrinsic
    def prefetch_row(typingctx, array, row):
        def codegen(context, builder, signature, args):
            array_type = signature.args[0]
            array_value = context.make_array(array_type)(context, builder, args[0])
            zero = context.get_constant(numba.types.intp, 0)
            start = cgutils.get_item_pointer(
                context, builder, array_type, array_value, [args[1], zero]
            )
            byte_pointer = ir.IntType(8).as_pointer()
            i32 = ir.IntType(32)
            function = cgutils.get_or_insert_function(
                builder.module, ir.FunctionType(ir.VoidType(), [byte_pointer, i32, i32, i32]), name
            )
            start = builder.bitcast(start, byte_pointer)
            columns = builder.extract_value(array_value.shape, 1)
            row_bytes = builder.mul(
                columns, context.get_constant(numba.types.intp, array_type.dtype.bitwidth // 8)
            )
            step = context.get_constant(numba.types.intp, 64)  # one cache line
            with cgutils.for_range_slice(builder, zero, row_bytes, step) as (offset, _):
                # read (0), keep in all cache levels (3), data (1)
                arguments = [builder.gep(start, [offset]), i32(0), i32(3), i32(1)]
                builder.call(function, arguments)
            return context.get_dummy_value()

        return numba.types.void(array, row), codegen

    return prefetch_row


def _no_prefetch(numba):
    return numba.njit(lambda array, row: None)


_prefetch_row = None  # set by _load before the kernels compile
_span = None  # _context_span compiled, set by _load


def _output_scores(H, h_rows, W_out, positives, negatives, lr, steps, hidden_step):
    """Σ softplus(z) over the batch, and the steps into the buffers; reads the weights only.

    Example b has hidden vector h_b = H[h_rows[b]], targets t_b0 = positives[b]
    (label 1) and t_bk = negatives[b, k−1] (label 0). Into the buffers:
    ``steps[b, k]`` = −lr·(σ(s_bk) − 1[k = 0]) and
    ``hidden_step[b]`` = Σ_k steps[b, k]·W_out[t_bk] = −lr·∂L_b/∂h_b.
    The caller checks the loss is finite before any write (a check in here could be
    folded away by the fast-math flags).
    """
    B = positives.shape[0]
    K1 = negatives.shape[1] + 1
    N = H.shape[1]
    V = W_out.shape[0]
    for b in range(B):
        if h_rows[b] < 0 or h_rows[b] >= H.shape[0]:
            raise IndexError("an input word index is outside the vocabulary")
    targets = np.empty(K1, np.intp)
    scores = np.zeros(K1, np.float64)
    zero = np.zeros(1, H.dtype)[0]
    positive_part = 0.0  # Σ max(z, 0)
    logs = 0.0  # Σ log of flushed products
    product = 1.0  # Π (1 + e^{−|z|}) since the last flush
    for b in range(B):
        if b + 1 < B:  # the next example's rows start their way up from L3 meanwhile
            _prefetch_row(H, h_rows[b + 1])
            _prefetch_row(W_out, positives[b + 1])
            for k in range(K1 - 1):
                _prefetch_row(W_out, negatives[b + 1, k])
        h = H[h_rows[b]]
        targets[0] = positives[b]
        for k in range(1, K1):
            targets[k] = negatives[b, k - 1]
        for k in range(K1):
            if (
                targets[k] < 0 or targets[k] >= V
            ):  # numba does not check bounds: never write outside
                raise IndexError("a target word index is outside the vocabulary")
        for k in range(K1):
            w = W_out[targets[k]]
            acc = zero
            for j in range(N):
                acc += w[j] * h[j]
            scores[k] = acc
        for k in range(K1):
            # z = −s for the positive, +s for a negative: L_b = Σ_k softplus(z_bk)
            z = -scores[k] if k == 0 else scores[k]
            e = math.exp(-abs(z))
            positive_part += max(z, 0.0)
            product *= 1.0 + e
            if product > _FLUSH_PRODUCT:
                logs += math.log(product)
                product = 1.0
            sigma = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)  # σ(z), no overflow
            steps[b, k] = lr * sigma if k == 0 else -lr * sigma
        g = hidden_step[b]
        w = W_out[targets[0]]
        a = steps[b, 0]
        for j in range(N):
            g[j] = a * w[j]
        for k in range(1, K1):
            w = W_out[targets[k]]
            a = steps[b, k]
            for j in range(N):
                g[j] += a * w[j]
    return positive_part + logs + math.log(product)


def _output_update(H, h_rows, W_out, positives, negatives, steps):
    """W_out[t_bk] += steps[b, k]·h_b for all b, k (repeated rows accumulate).

    The indices were checked by :func:`_output_scores`.
    """
    B = positives.shape[0]
    K1 = negatives.shape[1] + 1
    N = H.shape[1]
    for b in range(B):
        if b + 1 < B:
            _prefetch_row(H, h_rows[b + 1])
            _prefetch_row(W_out, positives[b + 1])
            for k in range(K1 - 1):
                _prefetch_row(W_out, negatives[b + 1, k])
        h = H[h_rows[b]]
        for k in range(K1):
            w = W_out[positives[b]] if k == 0 else W_out[negatives[b, k - 1]]
            a = steps[b, k]
            for j in range(N):
                w[j] += a * h[j]


def _add_rows(W, rows, X):
    """W[rows[b]] += X[b] for every b, in order (repeated rows accumulate)."""
    N = W.shape[1]
    for b in range(rows.shape[0]):
        if rows[b] < 0 or rows[b] >= W.shape[0]:
            raise IndexError("a word index is outside the vocabulary")
        w = W[rows[b]]
        x = X[b]
        for j in range(N):
            w[j] += x[j]


def _alias_lookup(u, threshold, choices, out):
    """out[i] = slice ⌊u[i]·V⌋, or its alias if u[i]·V ≥ threshold: :meth:`AliasSampler.draw`.

    ``choices`` is [0, 1, …, V, alias[0], …, alias[V]], and the pick is an index computed
    without a branch: the choice is a coin flip, so a branch on it (which LLVM makes of any
    if or select here) mispredicts half the time: 9 ns a draw, against about 1.5 ns.
    x ≥ t exactly when x − t is +0 or positive (x − t = 0 only if x = t), so the sign of
    copysign(1, x − t) decides. Compiled without fast-math, which may ignore the sign of zero.
    """
    V1 = threshold.shape[0]  # V + 1 slices, the last one a guard
    V = V1 - 1
    for i in range(u.shape[0]):
        x = u[i] * V
        word = int(x)  # truncation = floor, as x ≥ 0
        use_alias = (int(math.copysign(1.0, x - threshold[word])) + 1) >> 1  # 1 if x ≥ t, else 0
        out[i] = choices[word + V1 * use_alias]


def _context_span(starts, width, i):
    """(first, last): the outermost context positions of centre i, and how many kept tokens.

    Centre i's contexts are the nearest width[i] kept tokens (width > 0) on each side
    within its sentence (bit t % 8 of ``starts[t // 8]`` marks a sentence's first token);
    the walk passes over dropped tokens and stops at the sentence's edge.
    """
    b = width[i]
    T = width.shape[0]
    first, left = i, 0
    while left < b and not (starts[first >> 3] >> (first & 7)) & 1:
        first -= 1
        if width[first] > 0:
            left += 1
    last, right = i, 0
    while right < b and last + 1 < T and not (starts[(last + 1) >> 3] >> ((last + 1) & 7)) & 1:
        last += 1
        if width[last] > 0:
            right += 1
    return first, last, left + right


def _segment_pair_counts(starts, width, segment, counts):
    """counts[s] += the skip-gram pairs of the centres s·segment … (s+1)·segment − 1."""
    for i in range(width.shape[0]):
        if width[i] > 0:
            counts[i // segment] += _span(starts, width, i)[2]


def _fill_pairs(tokens, starts, width, lo, hi, centers, contexts):
    """The pairs of centres lo..hi−1 in :func:`w2vlib.pairs.pairs_from_tokens`'s order.

    By centre, then by position (the farthest context on the left first); returns
    how many were written.
    """
    n = 0
    for i in range(lo, hi):
        if width[i] == 0:
            continue
        first, last, _ = _span(starts, width, i)
        for p in range(first, last + 1):
            if p != i and width[p] > 0:
                centers[n] = tokens[i]
                contexts[n] = tokens[p]
                n += 1
    return n
