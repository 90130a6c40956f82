"""One minibatch update, W −= lr·B × (the gradient of the mean loss), one class per objective.

Both classes are called the same way, ``update(W_in, W_out, inputs, targets,
negatives, lr) -> loss``: they apply the step in place, only if the loss is
finite (lr is the step for each pair, as word2vec's alpha), and return the
minibatch's mean loss before the update.

* :class:`NegativeSamplingUpdate` runs the vectorised fast path of
  :mod:`w2vlib.training.engine.fast` (equal to the teaching objectives to rounding);
* :class:`SoftmaxUpdate` applies the dense gradients of :mod:`w2vlib.objectives`
  as written, for reading.

:data:`UPDATES` maps each objective to its class: the one place that chooses.
"""

from __future__ import annotations

import math

from w2vlib.objectives import cbow_softmax_loss_and_grads, softmax_loss_and_grads
from w2vlib.training.engine.fast import CHUNK_BYTES, Workspace

SOFTMAX_ARRAYS_PER_SCORE = 4  # scores, log-probabilities, probabilities, their error: B×V each
WINDOW_SLOT_BYTES = 25  # per CBOW window slot: its index as intp, a mask byte, the context row
# and its 1/C share when present


class NegativeSamplingUpdate:
    """SGNS or CBOW with negative sampling: ``negatives`` is the B×K array of sampled words."""

    def __init__(self, arch: str, batch_size: int, negative: int, dim: int, dtype) -> None:
        self.arch = arch
        self.workspace = Workspace(batch_size, negative, dim, dtype)

    def __call__(self, W_in, W_out, inputs, targets, negatives, lr: float) -> float:
        if self.arch == "skipgram":  # inputs: centres, targets: contexts
            return self.workspace.skipgram_step(W_in, W_out, inputs, targets, negatives, lr)
        # CBOW: inputs are the windows (B×2w, padded with −1), targets the centres
        return self.workspace.cbow_step(W_in, W_out, inputs, targets, negatives, lr)

    @staticmethod
    def workspace_bytes(
        batch_size: int, negative: int, dim: int, V: int, window_slots: int = 0
    ) -> float:
        """About how much memory one minibatch's working arrays take (8-byte numbers), with
        ``window_slots`` (2·reach) per CBOW example."""
        # targets, scores, steps, loss terms: B×(K+1); h and its step: B×N; the gathered
        # output rows of one chunk, (K+1)·N each (768 MiB at dim=10**6, the largest part)
        K1 = negative + 1
        chunk = max(16, min(batch_size, CHUNK_BYTES // (K1 * dim * 8)))
        per_batch = batch_size * (K1 * 4 + dim * 2) * 8.0 + chunk * K1 * dim * 8.0
        return per_batch + batch_size * window_slots * WINDOW_SLOT_BYTES


class SoftmaxUpdate:
    """The full softmax, skip-gram or CBOW (``negatives`` is unused: every word is scored)."""

    def __init__(self, arch: str, batch_size: int, negative: int, dim: int, dtype) -> None:
        self.arch = arch  # the dense arrays are allocated per batch, by the objectives

    def __call__(self, W_in, W_out, inputs, targets, negatives, lr: float) -> float:
        if self.arch == "skipgram":
            loss, dW_in, dW_out = softmax_loss_and_grads(W_in, W_out, inputs, targets)
        else:
            loss, dW_in, dW_out = cbow_softmax_loss_and_grads(W_in, W_out, inputs, targets)
        if math.isfinite(loss):
            scale = lr * len(targets)  # per-pair step × B: the sum, not the mean, of the pairs
            W_in -= scale * dW_in
            W_out -= scale * dW_out
        return loss

    @staticmethod
    def workspace_bytes(
        batch_size: int, negative: int, dim: int, V: int, window_slots: int = 0
    ) -> float:
        """About how much memory one minibatch's dense arrays take: B×V scores (several),
        and the V×N gradients (8-byte numbers), with ``window_slots`` per CBOW example."""
        dense = (SOFTMAX_ARRAYS_PER_SCORE * batch_size * V + 2 * V * dim) * 8.0
        return dense + batch_size * window_slots * WINDOW_SLOT_BYTES


UPDATES: dict[str, type[NegativeSamplingUpdate] | type[SoftmaxUpdate]] = {
    "negative": NegativeSamplingUpdate,
    "softmax": SoftmaxUpdate,
}
"""The update class of each objective; both take (arch, batch_size, negative, dim, dtype)."""
