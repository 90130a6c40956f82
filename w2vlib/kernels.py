"""Compiled kernels for the float32 fast path of :mod:`w2vlib.fast` (numba, optional).

The numpy fast path spends its time moving memory: it gathers B·(K+1) rows of
W_out into a buffer, multiplies, and scatters the updates back through a
sparse product, so every row crosses the memory hierarchy several times. These
kernels do one example at a time while its K+1 rows of W_out are in the L1
cache: the K+1 scores, their sigmoids, and ∂L_b/∂h_b = Σ_k g[b, k]·W_out[t_bk]
in one visit, and later the update W_out[t_bk] −= lr·g[b, k]·h_b in a second
visit. Nothing of size B·(K+1)·N is ever materialised.

They make the same update as the numpy path, which is the teaching one: a
minibatch is ONE gradient step, with every read of W_in and W_out taken before
the first write (``tests/test_fast.py`` checks this against
:mod:`w2vlib.objectives`). The loss is Σ softplus(z) = Σ max(z, 0) + log Π (1 + e^{−|z|}):
one exp per score (needed for σ anyway) and one log per few hundred scores, instead
of an exp and a log1p per score.

numba is optional: without it (or with ``W2VLIB_NO_NUMBA=1`` in the environment)
:data:`AVAILABLE` is False and :mod:`w2vlib.fast` uses its numpy path, which
gives the same numbers to float32 rounding. Compiled code is cached on disk
(``cache=True``), so only the first run on a machine pays the compilation (~2 s).
"""

from __future__ import annotations

import math
import os

import numpy as np

try:
    if os.environ.get("W2VLIB_NO_NUMBA"):
        raise ImportError("W2VLIB_NO_NUMBA is set")
    import numba
except ImportError:  # the numpy path of w2vlib.fast takes over
    numba = None

AVAILABLE = numba is not None
"""True when the compiled kernels can be used."""

# Reassociation lets the dot products use SIMD lanes and several accumulators; contraction
# gives fused multiply-adds. No 'nnan'/'ninf': the kernels must still see a non-finite loss.
_FASTMATH = {"reassoc", "contract", "nsz", "arcp"}
_FLUSH_PRODUCT = 1e300  # Π (1 + e) grows by at most 2 per score: flush its log before overflow


def _jit(function):
    if numba is None:
        return None
    return numba.njit(fastmath=_FASTMATH, nogil=True, cache=True)(function)


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


def _alias_lookup(u, threshold, alias, out):
    """out = slice ⌊u·V⌋, or its alias where u·V ≥ threshold: :meth:`AliasSampler.draw`."""
    V = threshold.shape[0] - 1
    flat_u = u.reshape(-1)
    flat_out = out.reshape(-1)
    for i in range(flat_u.shape[0]):
        x = flat_u[i] * V
        word = int(x)  # truncation = floor, as x ≥ 0
        flat_out[i] = alias[word] if x >= threshold[word] else word


output_scores = _jit(_output_scores)
output_update = _jit(_output_update)
add_rows = _jit(_add_rows)
alias_lookup = _jit(_alias_lookup)


def _count_pairs(sentence_id, width):
    """How many skip-gram pairs: token i pairs with the tokens within width[i] of it, same sentence."""
    T = sentence_id.shape[0]
    n = 0
    for i in range(T):
        b = width[i]
        lo = max(0, i - b)
        hi = min(T - 1, i + b)
        for p in range(lo, hi + 1):
            if p != i and sentence_id[p] == sentence_id[i]:
                n += 1
    return n


def _fill_pairs(tokens, sentence_id, width, centers, contexts):
    """Those pairs in :func:`w2vlib.pairs.pairs_from_tokens`'s order: by centre, then offset."""
    T = tokens.shape[0]
    n = 0
    for i in range(T):
        b = width[i]
        lo = max(0, i - b)
        hi = min(T - 1, i + b)
        for p in range(lo, hi + 1):
            if p != i and sentence_id[p] == sentence_id[i]:
                centers[n] = tokens[i]
                contexts[n] = tokens[p]
                n += 1
    return n


count_pairs = _jit(_count_pairs)
fill_pairs = _jit(_fill_pairs)
