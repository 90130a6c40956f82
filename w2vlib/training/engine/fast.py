"""The fast path of ``train(objective="negative")``: vectorised minibatch SGNS and CBOW.

The teaching functions in :mod:`w2vlib.objectives` build dense V×N gradients
so that every term can be read. That is clear but slow: each minibatch then
costs O(V·N) memory traffic although only B·(K+1) rows of W_out and a few
rows of W_in move. Here one minibatch of B examples with K negatives each
costs O(B·(K+1)·N), and the weights are updated in place:

* gather  H = W_in[c] (skip-gram) or the mean of the context rows (CBOW), and
  the B×(K+1)×N rows of W_out for each example's positive and negatives;
* scores  s[b, k] = W_out[t_bk]·h_b, and g[b, k] = σ(s[b, k]) − 1[k = 0];
* update  W_out[t_bk] −= lr·g[b, k]·h_b and, through ∂L_b/∂h_b = Σ_k g[b, k]·W_out[t_bk],
  W_in[c_b] −= lr·∂L_b/∂h_b (CBOW: each context row of b gets 1/C_b of it).

That is exactly ``W −= lr·B × (the teaching gradient of the mean loss)``:
``tests/test_fast.py`` checks it to 1e-10 against
:func:`~w2vlib.objectives.negative_sampling_loss_and_grads` and
:func:`~w2vlib.objectives.cbow_negative_sampling_loss_and_grads`.

Why it is fast (measured, see ``benchmarks/vs_gensim.py``): the cost is memory
traffic, so (1) every per-batch array lives in a :class:`Workspace` allocated
once, because fresh large arrays every batch cost page faults that halved
throughput; (2) the scatter-add of B·(K+1) gradient rows goes straight into
W_out through a sparse CSC-matrix × dense product (no B·(K+1)×N temporary, and
5–8× faster than 2-D ``np.add.at``); (3) negatives come from Walker's alias
table, O(1) per draw instead of a binary search of the CDF; (4) the rows of W_out are
gathered in chunks small enough to stay in the L2 cache for both products that
read them (:data:`CHUNK_BYTES`), with few numpy calls per chunk; the loss is
summed once per batch.

On the float32 path, when numba is installed, the output layer and the
skip-gram scatter into W_in run in compiled kernels instead (:mod:`w2vlib.training.engine.kernels`):
one example at a time with its K+1 rows of W_out in the L1 cache, which avoids the
gathered buffer and the sparse scatter altogether, and is about 1.5–2× faster than
the path above (``benchmarks/vs_gensim.py``). They make the same update to float32
rounding; the float64 path always takes numpy.

The numpy kernels work in float64 or float32. ``train`` uses float32 working copies
only for negative sampling on a large corpus (:data:`w2vlib.training.config.FLOAT32_FROM_PAIRS`,
≥ 1M examples per epoch): that halves the memory traffic, which is the cost. Its
Run.W_in, Run.W_out and snapshots are float64 all the same, and every smaller
problem (the toy corpora, Lee) trains in float64 throughout.
"""

from __future__ import annotations

import math

import numpy as np

from w2vlib import _checks
from w2vlib.training.engine import kernels

_SPARSETOOLS: list = []


def _sparse_products() -> tuple:
    """scipy's compiled CSC- and CSR-matrix × dense kernels, writing into an existing array.

    Imported on first use, by the numpy path only: scipy costs about 22 MiB, which a
    run on the compiled kernels never needs. (None, None) if a future scipy moves them:
    the numpy fallback is exact.
    """
    if not _SPARSETOOLS:
        try:
            from scipy.sparse._sparsetools import csc_matvecs, csr_matvecs

            _SPARSETOOLS.extend((csc_matvecs, csr_matvecs))
        except ImportError:  # pragma: no cover
            _SPARSETOOLS.extend((None, None))
    return tuple(_SPARSETOOLS)


def add_scaled_rows(
    W: np.ndarray, rows: np.ndarray, coef: np.ndarray, indptr: np.ndarray, X: np.ndarray
) -> None:
    """In place: W[rows[e]] += coef[e]·X[b] for every entry e of column b (CSC layout).

    Column b owns the entries ``indptr[b]:indptr[b+1]``; repeated rows
    accumulate. This is the product of the sparse V×B matrix
    S[rows[e], b] = coef[e] with the dense B×N matrix X, added into W, done by
    scipy's compiled CSC kernel straight into W (no V×N or B·(K+1)×N temporary).
    The indices must already be valid (callers check them).
    """
    csc_matvecs = _sparse_products()[0]
    if csc_matvecs is not None and _kernel_ready(W, X, coef):
        csc_matvecs(
            W.shape[0],
            len(indptr) - 1,
            W.shape[1],
            indptr,
            rows,
            coef,
            X.reshape(-1),
            W.reshape(-1),
        )
        return
    columns = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    np.add.at(W, rows, coef[:, None] * X[columns])


def mean_of_rows(
    H: np.ndarray, W: np.ndarray, rows: np.ndarray, coef: np.ndarray, indptr: np.ndarray
) -> None:
    """In place: H[b] = Σ_e coef[e]·W[rows[e]] over the entries of row b (CSR layout).

    With coef = 1/C_b this is CBOW's hidden vector, the mean of b's context rows.
    """
    H.fill(0.0)
    csr_matvecs = _sparse_products()[1]
    if csr_matvecs is not None and _kernel_ready(W, H, coef):
        csr_matvecs(
            H.shape[0], W.shape[0], W.shape[1], indptr, rows, coef, W.reshape(-1), H.reshape(-1)
        )
        return
    examples = np.repeat(np.arange(len(indptr) - 1), np.diff(indptr))
    np.add.at(H, examples, coef[:, None] * W[rows])


def _kernel_ready(*arrays: np.ndarray) -> bool:
    """scipy's kernel needs one float dtype for all of them, and writable contiguous memory."""
    dtype = arrays[0].dtype
    return dtype in (np.float32, np.float64) and all(
        a.dtype == dtype and a.flags.c_contiguous for a in arrays
    )


CHUNK_BYTES = 768 * 2**10
"""The output layer gathers W_out rows in chunks of about this many bytes (≈ 160 examples at
K = 5, N = 100), which stay in a core's L2 cache between the two products that read them.
Measured on the 2-core benchmark machine: 12–20% faster per pair than gathering a whole
batch of 1024 at once, and 5–10% faster than chunks of 64 (more Python overhead)."""


class Workspace:
    """Every per-minibatch array of the fast path, allocated once and reused.

    Sized for batches of up to ``batch_size`` examples with ``negative``
    negatives and dimension ``dim``; a smaller final batch uses the leading part.
    ``dtype`` is the weights' dtype: float64, or float32 for large corpora
    (see :data:`w2vlib.training.config.FLOAT32_FROM_PAIRS`); the loss is always summed in float64.
    """

    def __init__(self, batch_size: int, negative: int, dim: int, dtype=np.float64) -> None:
        B, K1, N = batch_size, negative + 1, dim
        self.dtype = dtype = np.dtype(dtype)
        self.targets = np.empty((B, K1), dtype=np.intp)  # column 0: positive, 1..K: negatives
        self.hidden = np.empty((B, N), dtype)  # h_b
        self.chunk = max(16, min(B, CHUNK_BYTES // (K1 * N * dtype.itemsize)))
        self.out_rows = np.empty((self.chunk, K1, N), dtype)  # W_out[t_bk] for one chunk
        self.scores = np.empty((B, K1), dtype)  # z[b, k] = ±s[b, k]
        self.step = np.empty((B, K1), dtype)  # the step −lr·g[b, k] = −lr·∂L_b/∂s[b, k]
        self.loss_terms = np.empty((B, K1))  # float64 whatever the weights
        # +1 for the positive column, −1 for the negatives
        self.signs = np.r_[1.0, -np.ones(negative)].astype(dtype)
        self.flips = -self.signs  # z = −s for the positive column, s for the negatives
        self.hidden_step = np.empty((B, N), dtype)  # −lr·∂L_b/∂h_b
        self.out_indptr = np.arange(0, B * K1 + 1, K1, dtype=np.intp)
        self.one_per_example = np.arange(B + 1, dtype=np.intp)
        self.ones = np.ones(B, dtype)
        # the compiled kernels (w2vlib.training.engine.kernels) serve the float32 path; float64 stays numpy
        self.kernels = kernels.compiled() if dtype == np.float32 else None

    def skipgram_step(
        self,
        W_in: np.ndarray,
        W_out: np.ndarray,
        centers: np.ndarray,
        contexts: np.ndarray,
        negatives: np.ndarray,
        lr: float,
    ) -> float:
        """One SGNS minibatch in place; returns the mean loss before the update.

        If that loss is not finite, nothing is updated (the caller raises).
        """
        B = len(centers)
        if self.kernels is not None and _kernel_ready(W_in, W_out):
            centers = np.ascontiguousarray(centers, dtype=np.intp)
            loss = self._compiled_output_layer(W_out, W_in, centers, contexts, negatives, lr)
            if math.isfinite(loss):
                self.kernels.add_rows(W_in, centers, self.hidden_step[:B])
            return loss
        H = np.take(W_in, centers, axis=0, out=self.hidden[:B], mode="clip")
        loss = self._output_layer(W_out, H, contexts, negatives, lr)
        if np.isfinite(loss):
            add_scaled_rows(
                W_in, centers, self.ones[:B], self.one_per_example[: B + 1], self.hidden_step[:B]
            )
        return loss

    def cbow_step(
        self,
        W_in: np.ndarray,
        W_out: np.ndarray,
        windows: np.ndarray,
        centers: np.ndarray,
        negatives: np.ndarray,
        lr: float,
    ) -> float:
        """One CBOW negative-sampling minibatch in place (exact gradient: 1/C_b per context row).

        ``windows`` is B×2w, padded with −1. Returns the mean loss before the update.
        """
        B = len(centers)
        present = windows >= 0
        per_example = present.sum(axis=1)
        if np.any(per_example == 0):
            raise ValueError(
                "a CBOW example has no context word: drop examples whose window is empty."
            )
        context_rows = windows[present].astype(np.intp, copy=False)  # row-major: grouped by example
        indptr = np.zeros(B + 1, dtype=np.intp)
        np.cumsum(per_example, out=indptr[1:])
        share = np.repeat((1.0 / per_example).astype(self.dtype), per_example)
        H = self.hidden[:B]
        mean_of_rows(H, W_in, context_rows, share, indptr)
        if self.kernels is not None and _kernel_ready(W_in, W_out):
            rows = self.one_per_example[:B]  # example b's hidden vector is H[b]
            loss = self._compiled_output_layer(W_out, H, rows, centers, negatives, lr)
        else:
            loss = self._output_layer(W_out, H, centers, negatives, lr)
        if np.isfinite(loss):
            add_scaled_rows(W_in, context_rows, share, indptr, self.hidden_step[:B])
        return loss

    def _compiled_output_layer(self, W_out, H, h_rows, positives, negatives, lr) -> float:
        """The output layer by :mod:`w2vlib.training.engine.kernels`: the same contract as :meth:`_output_layer`."""
        B = len(positives)
        positives = np.ascontiguousarray(positives, dtype=np.intp)
        negatives = np.ascontiguousarray(negatives, dtype=np.intp)
        steps, hidden_step = self.step[:B], self.hidden_step[:B]
        total = self.kernels.output_scores(
            H, h_rows, W_out, positives, negatives, float(lr), steps, hidden_step
        )
        if math.isfinite(total):  # checked here: the kernels' fast-math flags could fold it away
            self.kernels.output_update(H, h_rows, W_out, positives, negatives, steps)
        return total / B

    def _output_layer(
        self,
        W_out: np.ndarray,
        H: np.ndarray,
        positives: np.ndarray,
        negatives: np.ndarray,
        lr: float,
    ) -> float:
        """Loss, W_out's update (applied) and −lr·∂L_b/∂h_b (left in ``hidden_step``).

        Every read of W_out happens before the one write, so the whole batch
        sees the same weights. The reads go in chunks (see ``CHUNK_BYTES``) so
        that the gathered rows stay in the CPU cache between the two products
        that use them.
        """
        B = len(positives)
        targets = self.targets[:B]
        targets[:, 0] = positives
        targets[:, 1:] = negatives
        z, step = self.scores[:B], self.step[:B]
        with np.errstate(over="ignore", invalid="ignore"):
            for lo in range(0, B, self.chunk):
                hi = min(lo + self.chunk, B)
                self._chunk(W_out, H[lo:hi], targets[lo:hi], z[lo:hi], step[lo:hi], lo, hi, lr)
            loss = self._loss(z) / B
        if math.isfinite(loss):
            add_scaled_rows(
                W_out, targets.reshape(-1), step.reshape(-1), self.out_indptr[: B + 1], H
            )
        return loss

    def _chunk(self, W_out, H, targets, z, step, lo: int, hi: int, lr: float) -> None:
        """Examples lo..hi: z = ±s, the step −lr·g and −lr·∂L_b/∂h_b, into the buffers."""
        rows = np.take(W_out, targets, axis=0, out=self.out_rows[: hi - lo], mode="clip")
        np.matmul(rows, H[:, :, None], out=z[:, :, None])  # s[b, k] = W_out[t_bk]·h_b
        # z = −s for the positive, s for the negatives: L_b = Σ_k softplus(z_bk), and
        # ∂L_b/∂s = σ(s) − t is −σ(z) for the positive, σ(z) for a negative
        np.multiply(z, self.flips, out=z)
        # the step −lr·(σ(s) − t) = lr·sign·σ(z), σ(z) = 1/(1 + e^{−z}): e^{−z} = inf gives 0
        np.negative(z, out=step)
        np.exp(step, out=step)
        step += 1.0
        np.divide(lr * self.signs, step, out=step)
        np.matmul(step[:, None, :], rows, out=self.hidden_step[lo:hi, None, :])

    def _loss(self, z: np.ndarray) -> float:
        """Σ softplus(z) = Σ max(z, 0) + log1p(e^{−|z|}): finite for scores of ±1e4."""
        e = np.abs(z, out=self.loss_terms[: len(z)])
        np.negative(e, out=e)
        np.exp(e, out=e)
        total = float(np.log1p(e, out=e).sum())
        return total + float(np.maximum(z, 0.0, out=e).sum())


def _checked_batch(W_in, W_out, inputs, targets, negatives, name_inputs):
    for name, W in (("W_in", W_in), ("W_out", W_out)):
        if not (isinstance(W, np.ndarray) and W.dtype == np.float64 and W.flags.c_contiguous):
            raise _checks.InputError(
                f"{name} must be a C-contiguous float64 numpy array, updated in place: "
                f"pass np.ascontiguousarray({name}, dtype=np.float64)."
            )
    # shapes only: a non-finite loss is the step's own guard (it leaves the weights alone)
    _checks.matrix("W_in", W_in, finite=False)  # a 1-D W_in would otherwise fail on .shape[1]
    _checks.matrix("W_out", W_out, rows=W_in.shape[0], cols=W_in.shape[1], finite=False)
    V = W_in.shape[0]
    targets = _checks.indices("targets", targets, V)
    negatives = _checks.indices("negatives", negatives, V, ndim=2)
    if name_inputs == "centers":
        inputs = _checks.indices("centers", inputs, V)
    else:
        inputs = np.asarray(inputs)
        _checks.indices("windows", np.where(inputs < 0, 0, inputs), V, ndim=2)
        if np.any(inputs < -1):
            raise IndexError("windows may hold −1 for padding but no other negative index.")
    _checks.same_length(**{name_inputs: inputs, "targets": targets, "negatives": negatives})
    return inputs, targets, negatives


def sgns_step(
    W_in: np.ndarray,
    W_out: np.ndarray,
    centers: np.ndarray,
    contexts: np.ndarray,
    negatives: np.ndarray,
    lr: float,
) -> float:
    """Skip-gram negative sampling, one minibatch, in place: W −= lr·B·(mean-loss gradient).

    With explicit B×K ``negatives``, this equals (to rounding) applying
    :func:`~w2vlib.objectives.negative_sampling_loss_and_grads` scaled by −lr·B.
    Returns the mean loss before the update; nothing moves if it is not finite.
    """
    centers, contexts, negatives = _checked_batch(
        W_in, W_out, centers, contexts, negatives, "centers"
    )
    lr = _checks.positive_float("lr", lr)
    work = Workspace(len(centers), negatives.shape[1], W_in.shape[1])
    return work.skipgram_step(W_in, W_out, centers, contexts, negatives, lr)


def cbow_step(
    W_in: np.ndarray,
    W_out: np.ndarray,
    windows: np.ndarray,
    centers: np.ndarray,
    negatives: np.ndarray,
    lr: float,
) -> float:
    """CBOW negative sampling, one minibatch, in place (the exact 1/C_b gradient per context row).

    Equals :func:`~w2vlib.objectives.cbow_negative_sampling_loss_and_grads` scaled by −lr·B.
    """
    windows, centers, negatives = _checked_batch(
        W_in, W_out, windows, centers, negatives, "windows"
    )
    lr = _checks.positive_float("lr", lr)
    work = Workspace(len(centers), negatives.shape[1], W_in.shape[1])
    return work.cbow_step(W_in, W_out, windows, centers, negatives, lr)
