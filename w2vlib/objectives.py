"""The two objectives with their exact gradients, written for reading.

Notation (the course's, everywhere): W_in and W_out are V×N; row i of W_in is
word i's input vector, row j of W_out is word j's output vector (column j of
Rong's N×V matrix W′). For a centre word c, the hidden vector is h = W_in[c],
the scores are u = W_out·h (u_j = W_out[j]·h), and y = softmax(u).

Each ``*_from_hidden`` function takes the hidden vectors H (B×N) directly, so
skip-gram (h = W_in[c]) and CBOW (h = the mean of the context rows) share the
output layer, and only differ in how ∂L/∂H flows back into W_in.
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks

ARCHS = ("skipgram", "cbow")
"""Skip-gram predicts each context word from the centre; CBOW the centre from its window."""
OBJECTIVES = ("softmax", "negative")
"""The full softmax over every word, or negative sampling (SGNS)."""


def log_softmax(U: np.ndarray) -> np.ndarray:
    """log softmax along the last axis, by log-sum-exp: no overflow for scores of ±1e4.

    A score of −inf is a masked word (probability 0); NaN or +inf is refused.
    """
    example = "np.array([1.0, 2.0, 3.0])"
    U = _checks.real_array("U", U, allow_minus_inf=True, allow_empty=True, example=example)
    if U.ndim == 0 or U.shape[-1] == 0:
        raise _checks.InputError(
            f"U has no scores along its last axis (shape {U.shape}): softmax needs at least one "
            f"word's score per row, e.g. {example}."
        )
    _at_least_one_finite_score(U)
    return _log_softmax(U)


def _log_softmax(U: np.ndarray) -> np.ndarray:
    shifted = U - U.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _at_least_one_finite_score(U: np.ndarray) -> None:
    if not np.isfinite(U).any(axis=-1).all():
        raise _checks.InputError(
            "every score along the last axis of U is −inf, so no word has any probability: "
            "leave at least one word unmasked."
        )


def softmax(U: np.ndarray) -> np.ndarray:
    """y_j = exp(u_j) / Σ_k exp(u_k), along the last axis (−inf scores get probability 0)."""
    return np.exp(log_softmax(U))


def sigmoid(x: np.ndarray) -> np.ndarray:
    """σ(x) = 1 / (1 + e^{−x}), computed without overflow (x = ±inf gives 0 or 1)."""
    x = _checks.real_array(
        "x", x, finite=False, allow_empty=True, example="np.array([-2.0, 0.0, 2.0])"
    )
    if np.isnan(x).any():
        raise _checks.InputError(
            "x holds NaN: σ(NaN) is undefined. If x are scores of trained weights, training "
            "diverged (not finite): retrain with a smaller lr."
        )
    from scipy.special import expit  # here, not at the top: scipy.special costs 24 MiB

    return expit(x)


def log_sigmoid(x: np.ndarray) -> np.ndarray:
    """log σ(x) = −log(1 + e^{−x}) = −logaddexp(0, −x): finite for x = ±1e4."""
    return -np.logaddexp(0.0, -x)


def softmax_loss_from_hidden(
    H: np.ndarray, W_out: np.ndarray, targets: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean softmax cross-entropy of predicting ``targets`` from hidden vectors H.

    L = (1/B) Σ_b −log y_b[o_b], with y_b = softmax(W_out·h_b). The gradient
    with respect to the scores is E = (y − t)/B, with t the one-hot target
    (no extra y(1−y) factor: that belongs to a sigmoid with squared error), so

    * ∂L/∂W_out[j] = Σ_b E[b, j]·h_b     (every row moves: dW_out = Eᵀ·H)
    * ∂L/∂h_b      = Σ_j E[b, j]·W_out[j] (dH = E·W_out)

    Returns ``(loss, dH, dW_out)``.
    """
    B = len(targets)
    U = H @ W_out.T
    log_y = _log_softmax(U)
    rows = np.arange(B)
    loss = -log_y[rows, targets].mean()
    E = np.exp(log_y)
    E[rows, targets] -= 1.0
    E /= B
    return float(loss), E @ W_out, E.T @ H


def negative_sampling_loss_from_hidden(
    H: np.ndarray, W_out: np.ndarray, targets: np.ndarray, negatives: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Mean negative-sampling loss of hidden vectors H against one positive and K negatives each.

    L = (1/B) Σ_b [ −log σ(W_out[o_b]·h_b) − Σ_k log σ(−W_out[n_bk]·h_b) ].
    With g = σ(W_out[j]·h) − t_j (t = 1 for the positive word, 0 for a sampled one):

    * ∂L/∂W_out[j] = Σ (g/B)·h over every place j occurs as positive or negative
      (a negative drawn twice counts twice; rows never drawn get zero)
    * ∂L/∂h_b      = (1/B) Σ_j g·W_out[j] over its positive and K negatives

    Returns ``(loss, dH, dW_out)``.
    """
    B, N = H.shape
    W_pos = W_out[targets]  # B×N
    W_neg = W_out[negatives]  # B×K×N
    s_pos = np.einsum("bn,bn->b", W_pos, H)
    s_neg = np.einsum("bkn,bn->bk", W_neg, H)
    loss = -(log_sigmoid(s_pos).sum() + log_sigmoid(-s_neg).sum()) / B
    from scipy.special import expit

    g_pos = (expit(s_pos) - 1.0) / B
    g_neg = expit(s_neg) / B
    dH = g_pos[:, None] * W_pos + np.einsum("bk,bkn->bn", g_neg, W_neg)
    dW_out = np.zeros_like(W_out)
    np.add.at(dW_out, targets, g_pos[:, None] * H)
    np.add.at(dW_out, negatives.ravel(), (g_neg[:, :, None] * H[:, None, :]).reshape(-1, N))
    return float(loss), dH, dW_out


def _checked(W_in, W_out):
    W_in = _checks.matrix("W_in", W_in)
    W_out = _checks.matrix("W_out", W_out, rows=W_in.shape[0], cols=W_in.shape[1])
    return W_in, W_out


def _scatter_rows(V: int, rows: np.ndarray, values: np.ndarray) -> np.ndarray:
    """A V×N array with ``values[b]`` added into row ``rows[b]``; repeated rows accumulate."""
    out = np.zeros((V, values.shape[1]))
    np.add.at(out, rows, values)
    return out


def softmax_loss_and_grads(
    W_in: np.ndarray, W_out: np.ndarray, centers: np.ndarray, contexts: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """Full-softmax skip-gram: the mean loss over a batch and its exact, dense gradients.

    For each pair b: h_b = W_in[c_b], y_b = softmax(W_out·h_b),
    L = (1/B) Σ_b −log y_b[o_b]. Then

    * dW_out[j] = (1/B) Σ_b (y_b[j] − t_b[j])·h_b
    * dW_in[c]  = (1/B) Σ_{b: c_b = c} Σ_j (y_b[j] − t_b[j])·W_out[j]

    Both are V×N like the weights; repeated centres accumulate.
    """
    W_in, W_out = _checked(W_in, W_out)
    V = W_in.shape[0]
    centers = _checks.indices("centers", centers, V)
    contexts = _checks.indices("contexts", contexts, V)
    _checks.same_length(centers=centers, contexts=contexts)
    loss, dH, dW_out = softmax_loss_from_hidden(W_in[centers], W_out, contexts)
    return loss, _scatter_rows(V, centers, dH), dW_out


def tied_softmax_loss_and_grad(
    W: np.ndarray, centers: np.ndarray, contexts: np.ndarray
) -> tuple[float, np.ndarray]:
    """Full-softmax skip-gram with tied weights W_in = W_out = W: the mean loss and ∂L/∂W.

    W appears in both places, so its gradient is the sum of the two:
    ∂L/∂W = ∂L/∂W_in + ∂L/∂W_out, both taken at (W, W) by :func:`softmax_loss_and_grads`.
    """
    loss, dW_in, dW_out = softmax_loss_and_grads(W, W, centers, contexts)
    return loss, dW_in + dW_out


def numerical_gradient(f, z, eps: float = 1e-6) -> np.ndarray:
    """Central differences: ∂f/∂z_i ≈ (f(z + ε·e_i) − f(z − ε·e_i)) / 2ε, entry by entry of z.

    ``f`` maps an array shaped like z to a number or an array; the result has shape
    f(z).shape + z.shape (z.shape for a scalar f). The error is of order ε². Lesson 02
    builds it; the lessons after it check their gradients with it.
    """
    eps = _checks.positive_float("eps", eps, "Central differences use about 1e-6.")
    if not callable(f):
        raise _checks.InputError(f"f must be a function of z, got {type(f).__name__}.")
    z = _checks.real_array("z", z, example="np.array([0.5, -1.0]), the point to differentiate at")
    columns = []
    for index in np.ndindex(*z.shape):
        step = np.zeros_like(z)
        step[index] = eps
        columns.append((np.asarray(f(z + step)) - np.asarray(f(z - step))) / (2 * eps))
    return np.stack(columns, axis=-1).reshape(np.shape(f(z)) + z.shape)


def negative_sampling_loss_and_grads(
    W_in: np.ndarray,
    W_out: np.ndarray,
    centers: np.ndarray,
    contexts: np.ndarray,
    negatives: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """Skip-gram with negative sampling (SGNS): mean loss over a batch and exact gradients.

    ``negatives`` is B×K. For pair b with h_b = W_in[c_b]:
    L_b = −log σ(W_out[o_b]·h_b) − Σ_k log σ(−W_out[n_bk]·h_b), and L is the mean.
    Only the rows of W_out that were the positive or a sampled word get a
    gradient: (σ(W_out[j]·h) − t_j)·h / B, summed over where they occur.
    """
    W_in, W_out = _checked(W_in, W_out)
    V = W_in.shape[0]
    centers = _checks.indices("centers", centers, V)
    contexts = _checks.indices("contexts", contexts, V)
    negatives = _checks.indices("negatives", negatives, V, ndim=2)
    _checks.same_length(centers=centers, contexts=contexts, negatives=negatives)
    loss, dH, dW_out = negative_sampling_loss_from_hidden(W_in[centers], W_out, contexts, negatives)
    return loss, _scatter_rows(V, centers, dH), dW_out


def cbow_hidden(W_in: np.ndarray, windows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """CBOW hidden vectors h_b = (1/C_b) Σ_{i ∈ window b} W_in[i], and the counts C_b.

    ``windows`` is B×2w, padded with −1 where a window has fewer words.
    """
    mask = windows >= 0
    counts = mask.sum(axis=1)
    if np.any(counts == 0):
        raise _checks.InputError(
            "a CBOW example has no context word: drop examples whose window is empty."
        )
    H = (W_in[np.where(mask, windows, 0)] * mask[:, :, None]).sum(axis=1) / counts[:, None]
    return H, counts


def _cbow_input_grad(V: int, windows: np.ndarray, counts: np.ndarray, dH: np.ndarray) -> np.ndarray:
    """Exact: each context row of example b receives ∂L/∂h_b / C_b (h is their mean).

    word2vec's C code and gensim (cbow_mean=1) instead add the *full* ∂L/∂h_b
    to every context row, i.e. C_b times the exact gradient.
    """
    mask = windows >= 0
    rows = np.broadcast_to(np.arange(len(windows))[:, None], windows.shape)[mask]
    return _scatter_rows(V, windows[mask], (dH / counts[:, None])[rows])


def _cbow_checked(W_in, W_out, windows, centers):
    W_in, W_out = _checked(W_in, W_out)
    V = W_in.shape[0]
    windows = np.asarray(windows)
    if windows.ndim != 2:
        raise _checks.InputError(
            f"windows must be B×2w word indices padded with −1, got shape {windows.shape}."
        )
    _checks.indices("windows", np.where(windows < 0, 0, windows), V, ndim=2)
    if np.any(windows < -1):
        raise IndexError("windows may hold −1 for padding but no other negative index.")
    centers = _checks.indices("centers", centers, V)
    _checks.same_length(windows=windows, centers=centers)
    return W_in, W_out, windows.astype(np.intp), centers


def cbow_softmax_loss_and_grads(
    W_in: np.ndarray, W_out: np.ndarray, windows: np.ndarray, centers: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray]:
    """CBOW with full softmax: predict the centre from the mean of its context rows.

    h_b = mean of W_in over window b; L = (1/B) Σ_b −log softmax(W_out·h_b)[c_b].
    The roles swap relative to skip-gram: W_out rows are now *centre* words'
    vectors, pulled toward their average context.
    """
    W_in, W_out, windows, centers = _cbow_checked(W_in, W_out, windows, centers)
    H, counts = cbow_hidden(W_in, windows)
    loss, dH, dW_out = softmax_loss_from_hidden(H, W_out, centers)
    return loss, _cbow_input_grad(W_in.shape[0], windows, counts, dH), dW_out


def cbow_negative_sampling_loss_and_grads(
    W_in: np.ndarray,
    W_out: np.ndarray,
    windows: np.ndarray,
    centers: np.ndarray,
    negatives: np.ndarray,
) -> tuple[float, np.ndarray, np.ndarray]:
    """CBOW with negative sampling; ``negatives`` is B×K. Exact gradients (see module doc)."""
    W_in, W_out, windows, centers = _cbow_checked(W_in, W_out, windows, centers)
    negatives = _checks.indices("negatives", negatives, W_in.shape[0], ndim=2)
    _checks.same_length(centers=centers, negatives=negatives)
    H, counts = cbow_hidden(W_in, windows)
    loss, dH, dW_out = negative_sampling_loss_from_hidden(H, W_out, centers, negatives)
    return loss, _cbow_input_grad(W_in.shape[0], windows, counts, dH), dW_out
