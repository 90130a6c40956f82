"""What training converges to, computed directly from co-occurrence counts.

With X[c, o] the co-occurrence counts (see :func:`w2vlib.cooccurrence`),
n_c = Σ_o X[c, o] and |D| = Σ X:

* full softmax optimum (enough dimensions): W_in[c]·W_out[o] = log p̂(o|c) + b_c,
  with p̂(o|c) = X[c, o] / n_c (any per-centre constant b_c cancels in the softmax);
* SGNS optimum (Levy & Goldberg 2014): W_in[c]·W_out[o] = PMI(c, o) − log k, with
  PMI(c, o) = log( X[c, o]·|D| / (n_c · n_o) ) (context counts smoothed by α);
* with few dimensions, training finds a low-rank approximation of these
  matrices, which the truncated SVD gives in closed form.
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks


def _counts(X: np.ndarray) -> np.ndarray:
    X = np.asarray(X.toarray() if hasattr(X, "toarray") else X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != X.shape[1]:
        raise ValueError(f"X must be a square V×V co-occurrence matrix, got shape {X.shape}.")
    if not np.isfinite(X).all() or (X < 0).any():
        raise ValueError(
            "X must hold counts (finite and ≥ 0), but it has NaN, inf or negative entries: "
            "build it with w2vlib.cooccurrence(sentences, vocab, window)."
        )
    if X.sum() <= 0:
        raise ValueError("the co-occurrence matrix is empty: every count is zero.")
    return X


def log_conditional(X: np.ndarray) -> np.ndarray:
    """log p̂(o|c) = log X[c, o] − log n_c; −inf where X[c, o] = 0 (also for centres never seen)."""
    X = _counts(X)
    n = X.sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore", invalid="ignore"):
        # where: a centre never seen would otherwise give log 0 − log 0 = NaN
        return np.where(X > 0, np.log(X) - np.log(n), -np.inf)


def pmi(X: np.ndarray, alpha: float = 1.0) -> np.ndarray:
    """PMI_α(c, o) = log( X[c, o] / (n_c · P_α(o)) ), P_α(o) = n_o^α / Σ_w n_w^α; −inf where X = 0.

    With α = 1, P_1(o) = n_o/|D| and this is the plain PMI log( X[c, o]·|D| / (n_c·n_o) ).
    ``alpha`` = 0.75 gives the context distribution smoothing that matches
    word2vec's negative sampler (Levy, Goldberg & Dagan 2015).
    """
    X = _counts(X)
    alpha = _checks.positive_float("alpha", alpha, "Use 1 for plain PMI, 0.75 for word2vec's.")
    n_c = X.sum(axis=1)
    n_o = X.sum(axis=0) ** alpha
    p_o = n_o / n_o.sum()
    with np.errstate(divide="ignore", invalid="ignore"):
        # where: an unseen centre or context would otherwise give −inf + inf = NaN
        return np.where(X > 0, np.log(X) - np.log(n_c)[:, None] - np.log(p_o)[None, :], -np.inf)


def shifted_pmi(X: np.ndarray, k: int, alpha: float = 1.0) -> np.ndarray:
    """PMI − log k: the SGNS optimum for k negatives (Levy & Goldberg 2014)."""
    k = _checks.positive_int("k", k)
    return pmi(X, alpha) - np.log(k)


def positive_part(M: np.ndarray) -> np.ndarray:
    """max(M, 0), with −inf (unseen pairs) mapped to 0: e.g. PPMI from PMI."""
    return np.where(np.isfinite(M), np.maximum(M, 0.0), 0.0)


def svd_factors(M: np.ndarray, dim: int) -> tuple[np.ndarray, np.ndarray]:
    """The best rank-``dim`` factorisation M ≈ A·Bᵀ, split symmetrically: A = U√S, B = V√S.

    Rows of A play the role of W_in and rows of B of W_out; any invertible
    A → A·Q, B → B·Q^{-T} gives the same product, so only A·Bᵀ is unique.
    """
    dim = _checks.positive_int("dim", dim)
    M = np.asarray(M, dtype=np.float64)
    if M.ndim != 2 or dim > min(M.shape):
        raise ValueError(
            f"dim={dim} needs a 2-D M with at least {dim} rows and columns, got shape {M.shape}: "
            "a rank-dim factorisation has at most min(M.shape) dimensions."
        )
    if not np.isfinite(M).all():
        raise ValueError(
            "M has −inf or NaN entries: pass positive_part(M) or fill unseen pairs first."
        )
    U, S, Vt = np.linalg.svd(M, full_matrices=False)
    root = np.sqrt(S[:dim])
    return U[:, :dim] * root, Vt[:dim].T * root


def centered_rows(M: np.ndarray) -> np.ndarray:
    """Each row minus its mean over the finite entries: removes the per-centre constant b_c."""
    M = np.asarray(M, dtype=np.float64)
    finite = np.isfinite(M)
    means = np.where(finite, M, 0).sum(axis=1, keepdims=True) / np.maximum(
        finite.sum(1, keepdims=True), 1
    )
    return M - means


def fit_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Least-squares y ≈ slope·x + intercept over the finite entries; returns (slope, intercept, r)."""
    x, y = np.ravel(x), np.ravel(y)
    if x.shape != y.shape:
        raise ValueError(f"x and y must pair up point by point, got {x.size} and {y.size} values.")
    ok = np.isfinite(x) & np.isfinite(y)
    if ok.sum() < 2:
        raise ValueError("fewer than two finite points to fit a line through.")
    if np.ptp(x[ok]) == 0:  # polyfit would only warn, and r would be NaN
        raise ValueError(f"every finite x equals {x[ok][0]}: no line is determined by one x value.")
    slope, intercept = np.polyfit(x[ok], y[ok], 1)
    r = float(np.corrcoef(x[ok], y[ok])[0, 1])
    return float(slope), float(intercept), r


def early_W_out(X: np.ndarray, W_in0: np.ndarray, lr: float, steps: float) -> np.ndarray:
    """The first-order prediction of W_out after a little full-softmax training from W_out = 0.

    While W_out ≈ 0 the softmax is uniform, p(j|c) = 1/V, so the corpus-wide
    gradient is ∂L/∂W_out[j] = Σ_c (n_c/V − X[c, j])·W_in[c]. Taking ``steps``
    full passes of per-pair step ``lr`` with W_in ≈ W_in⁽⁰⁾ gives

        W_out ≈ lr · steps · Rᵀ·W_in⁽⁰⁾,    R = X − n·(1/V)ᵀ,

    i.e. each output vector is a fixed random projection of its word's
    (centred) co-occurrence column.
    """
    X = _counts(X)
    V = X.shape[0]
    W_in0 = _checks.matrix("W_in0", W_in0, rows=V)
    R = X - X.sum(axis=1, keepdims=True) / V
    return lr * steps * (R.T @ W_in0.astype(np.float64))
