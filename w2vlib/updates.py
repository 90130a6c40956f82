"""One minibatch update, W −= lr·B × (the gradient of the mean loss), for each arch and objective.

Negative sampling takes the vectorised fast path of :mod:`w2vlib.fast` (in
place, equal to the teaching objectives to rounding); the full softmax applies
the dense gradients of :mod:`w2vlib.objectives` as written, for reading.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from w2vlib.fast import Workspace
from w2vlib.objectives import cbow_softmax_loss_and_grads, softmax_loss_and_grads

SOFTMAX_ARRAYS_PER_SCORE = 4  # scores, log-probabilities, probabilities, their error: B×V each


def updater(
    arch: str, objective: str, batch_size: int, negative: int, dim: int, dtype=np.float64
) -> Callable[..., float]:
    """update(W_in, W_out, inputs, targets, negatives, lr) → the minibatch's mean loss.

    It applies W −= lr·B × (the gradient of the mean loss), in place, only if
    the loss is finite (lr is the step for each pair, as word2vec's alpha).
    """
    if objective == "negative":
        work = Workspace(batch_size, negative, dim, dtype)
        return work.skipgram_step if arch == "skipgram" else work.cbow_step
    step_fn = _softmax_step(arch)

    def update(W_in, W_out, inputs, targets, negatives, lr: float) -> float:
        loss, dW_in, dW_out = step_fn(W_in, W_out, inputs, targets)
        if math.isfinite(loss):
            scale = lr * len(targets)  # per-pair step × B: the sum, not the mean, of the pairs
            W_in -= scale * dW_in
            W_out -= scale * dW_out
        return loss

    return update


def workspace_bytes(objective: str, batch_size: int, negative: int, dim: int, V: int) -> float:
    """About how much memory one minibatch's working arrays take (8-byte numbers)."""
    if objective == "negative":  # targets, scores, steps, loss terms: B×(K+1); h and its step: B×N
        return batch_size * ((negative + 1) * 4 + dim * 2) * 8.0
    # the softmax's dense arrays: B×V scores (several), and V×N gradients
    return (SOFTMAX_ARRAYS_PER_SCORE * batch_size * V + 2 * V * dim) * 8.0


def _softmax_step(arch: str) -> Callable:
    """(W_in, W_out, inputs, targets) → (loss, dW_in, dW_out) for one full-softmax minibatch."""
    if arch == "skipgram":
        return softmax_loss_and_grads
    return cbow_softmax_loss_and_grads
