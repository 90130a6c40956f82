"""What training converges to, computed directly from co-occurrence counts.

With X[c, o] the co-occurrence counts (see :func:`w2vlib.cooccurrence`),
n_c = Σ_o X[c, o] and |D| = Σ X:

* full softmax optimum (enough dimensions): W_in[c]·W_out[o] = log p̂(o|c) + b_c,
  with p̂(o|c) = X[c, o] / n_c (any per-centre constant b_c cancels in the softmax);
* SGNS optimum (Levy & Goldberg 2014): W_in[c]·W_out[o] = PMI(c, o) − log k, with
  PMI(c, o) = log( X[c, o]·|D| / (n_c · n_o) ) (context counts smoothed by α);
* with few dimensions, training finds a low-rank approximation of these
  matrices, which the truncated SVD gives in closed form.

Public API::

    log_conditional(X), pmi(X, alpha=1), shifted_pmi(X, k, alpha=1)   # dense V×V, −inf where X = 0
    positive_part(M), ppmi(X, alpha=1, k=1)        # ppmi: sparse in, sparse out
    svd_factors(M, dim, *, method="auto", seed=0) -> (A, B)   # M ≈ A·Bᵀ, balanced
    centered_rows(M), fit_line(x, y) -> (slope, intercept, r)
    early_W_out(X, W_in0, lr, steps)               # the first-order picture of W_out
    random_projection(M, dim, *, seed=0), jl_min_dim(n_points, eps=0.1)
    loss_floor(run, X), optimum_targets(run, X) -> (theory, model, label)

X may be ``scipy.sparse`` wherever the result is not a dense V×V matrix
(``ppmi``, ``svd_factors``, ``early_W_out``, ``loss_floor``, ``optimum_targets``,
``random_projection``); the functions whose result *is* dense refuse a sparse X
with its size rather than densify it silently. scikit-learn serves the large
cases (``randomized_svd``), imported only when used: it costs ~0.9 s to import.
"""

from __future__ import annotations

import numpy as np
from scipy import sparse

from w2vlib import _checks


def _size(n_bytes: float) -> str:
    return f"{n_bytes / 2**30:.1f} GiB" if n_bytes >= 2**30 else f"{n_bytes / 2**20:.1f} MiB"


def _counts(X: np.ndarray, function: str = "this function") -> np.ndarray:
    """X as a dense float array of counts; a sparse X is refused (the result would be dense)."""
    if sparse.issparse(X):
        V = X.shape[0]
        raise TypeError(
            f"X is a scipy.sparse {X.shape[0]}×{X.shape[1]} matrix ({X.nnz} stored counts), and "
            f"{function} returns a dense V×V array with −inf where X = 0 ({_size(8.0 * V * V)} "
            "here): for a large vocabulary use w2vlib.theory.ppmi(X) (sparse in, sparse out) "
            "and svd_factors(…), which take sparse input; for a small one pass X.toarray()."
        )
    X = np.asarray(X)
    if X.dtype == object or not (np.issubdtype(X.dtype, np.number) or X.dtype == bool):
        raise TypeError(f"X must be a numeric V×V array of counts, got dtype {X.dtype}: build it "
                        "with w2vlib.cooccurrence(sentences, vocab, window).")  # fmt: skip
    return _checked_counts(X.astype(np.float64))


def _checked_counts(X):
    """Square, finite, ≥ 0 and not all zero; dense or sparse (then only stored entries are read)."""
    if X.ndim != 2 or X.shape[0] != X.shape[1]:
        raise ValueError(f"X must be a square V×V co-occurrence matrix, got shape {X.shape}.")
    values = X.data if sparse.issparse(X) else X
    if not np.isfinite(values).all() or (values < 0).any():
        raise ValueError(
            "X must hold counts (finite and ≥ 0), but it has NaN, inf or negative entries: "
            "build it with w2vlib.cooccurrence(sentences, vocab, window)."
        )
    if values.sum() <= 0:
        raise ValueError("the co-occurrence matrix is empty: every count is zero.")
    return X


def _sparse_counts(X) -> sparse.csr_array:
    """X (dense or sparse) as a checked CSR array of float counts, without densifying."""
    if sparse.issparse(X):  # a copy: the caller's indices must survive the in-place edits below
        X = sparse.csr_array(X, dtype=np.float64, copy=True)
    else:
        X = sparse.csr_array(_counts(X))
    X.sum_duplicates()
    X = _checked_counts(X)
    X.eliminate_zeros()
    return X


def log_conditional(X: np.ndarray) -> np.ndarray:
    """log p̂(o|c) = log X[c, o] − log n_c; −inf where X[c, o] = 0 (also for centres never seen)."""
    X = _counts(X, "log_conditional")
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
    X = _counts(X, "pmi")
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


def svd_factors(
    M, dim: int, *, method: str = "auto", seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """The best rank-``dim`` factorisation M ≈ A·Bᵀ, split symmetrically: A = U√S, B = V√S.

    Rows of A play the role of W_in and rows of B of W_out; any invertible
    A → A·Q, B → B·Q^{-T} gives the same product, so only A·Bᵀ is unique.

    ``method="exact"``: numpy's full SVD (LAPACK), exact to rounding, for the
    toy matrices of the lessons (kept in numpy: exact, and no scikit-learn import).
    ``"randomized"``: scikit-learn's ``randomized_svd`` (Halko et al. 2011), for a
    (P)PMI matrix of a real vocabulary, dense or ``scipy.sparse`` (never
    densified); ``seed`` fixes its random start. ``"auto"`` (default) is exact
    for a dense M with min(M.shape) ≤ 2000, randomized otherwise.
    """
    dim = _checks.positive_int("dim", dim)
    method = _checks.choice("method", method, ("auto", "exact", "randomized"))
    seed = _checks.seed(seed)
    is_sparse = sparse.issparse(M)
    if not is_sparse:
        M = np.asarray(M)
        if M.dtype == object or not np.issubdtype(M.dtype, np.number):
            raise TypeError(f"M must be a numeric matrix, got dtype {M.dtype}.")
        M = M.astype(np.float64)
    if M.ndim != 2 or dim > min(M.shape):
        raise ValueError(
            f"dim={dim} needs a 2-D M with at least {dim} rows and columns, got shape {M.shape}: "
            "a rank-dim factorisation has at most min(M.shape) dimensions."
        )
    if not np.isfinite(M.data if is_sparse else M).all():
        raise ValueError(
            "M has −inf or NaN entries: pass positive_part(M) or fill unseen pairs first."
        )
    if method == "auto":
        method = "exact" if not is_sparse and min(M.shape) <= 2000 else "randomized"
    if method == "exact":
        if is_sparse:
            raise TypeError(
                "method='exact' needs a dense M, and this one is scipy.sparse: use "
                "method='randomized' (or 'auto'), which never densifies it."
            )
        U, S, Vt = np.linalg.svd(M, full_matrices=False)
        U, S, Vt = U[:, :dim], S[:dim], Vt[:dim]
    else:
        from sklearn.utils.extmath import randomized_svd  # imported here: sklearn costs ~0.9 s

        U, S, Vt = randomized_svd(M, dim, n_iter=7, random_state=seed)
    root = np.sqrt(S)
    return U * root, Vt.T * root


def centered_rows(M: np.ndarray) -> np.ndarray:
    """Each row minus its mean over the finite entries: removes the per-centre constant b_c."""
    if sparse.issparse(M):
        raise TypeError("centered_rows needs a dense M (unseen pairs as −inf); pass M.toarray().")
    M = np.asarray(M, dtype=np.float64)
    if M.ndim != 2:
        raise ValueError(
            f"centered_rows needs a 2-D matrix (one row per centre), got shape {M.shape}."
        )
    finite = np.isfinite(M)
    means = np.where(finite, M, 0).sum(axis=1, keepdims=True) / np.maximum(
        finite.sum(1, keepdims=True), 1
    )
    return M - means


def fit_line(x: np.ndarray, y: np.ndarray) -> tuple[float, float, float]:
    """Least-squares y ≈ slope·x + intercept over the finite entries; returns (slope, intercept, r)."""
    try:
        x, y = np.ravel(np.asarray(x, dtype=np.float64)), np.ravel(np.asarray(y, dtype=np.float64))
    except (TypeError, ValueError):
        raise TypeError("x and y must be numbers (lists or arrays of them).") from None
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
    lr = _checks.positive_float("lr", lr)
    is_number = isinstance(steps, int | float | np.integer | np.floating) and not isinstance(
        steps, bool
    )
    if not is_number or not np.isfinite(steps) or steps < 0:  # 0 is fine: W_out = 0 at the start
        raise ValueError(
            f"steps must be a number ≥ 0 (full passes over the corpus), got {steps!r}."
        )
    if sparse.issparse(X):  # Rᵀ·W = Xᵀ·W − (1/V)·1·(nᵀ·W): R itself would be dense
        X = _sparse_counts(X)
        V = X.shape[0]
        W_in0 = _checks.matrix("W_in0", W_in0, rows=V).astype(np.float64)
        n = np.asarray(X.sum(axis=1)).ravel()
        return lr * steps * (X.T @ W_in0 - (n @ W_in0)[None, :] / V)
    X = _counts(X, "early_W_out")
    V = X.shape[0]
    W_in0 = _checks.matrix("W_in0", W_in0, rows=V)
    R = X - X.sum(axis=1, keepdims=True) / V
    return lr * steps * (R.T @ W_in0.astype(np.float64))


# ---------------------------------------------------------------- sparse PPMI, random projections


def ppmi(X, alpha: float = 1.0, k: int = 1):
    """max(PMI_α − log k, 0): (shifted) positive PMI, 0 where X = 0; sparse in, sparse out.

    The count-based word vectors' matrix (Levy, Goldberg & Dagan 2015). A dense
    X gives a dense array equal to ``positive_part(shifted_pmi(X, k, alpha))``;
    a ``scipy.sparse`` X gives a CSR array with entries only where X > 0 and PMI > log k,
    so a real vocabulary never becomes a dense V×V matrix. Factorise it with
    :func:`svd_factors` (randomized for a sparse or large one).
    """
    alpha = _checks.positive_float("alpha", alpha, "Use 1 for plain PMI, 0.75 for word2vec's.")
    k = _checks.positive_int("k", k)
    if not sparse.issparse(X):
        return positive_part(shifted_pmi(X, k, alpha))
    X = _sparse_counts(X)
    n_c = np.asarray(X.sum(axis=1)).ravel()
    n_o = np.asarray(X.sum(axis=0)).ravel() ** alpha
    log_p_o = np.log(n_o / n_o.sum(), where=n_o > 0, out=np.zeros_like(n_o))
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    values = np.log(X.data) - np.log(n_c[rows]) - log_p_o[X.indices] - np.log(k)
    out = sparse.csr_array((np.maximum(values, 0.0), X.indices, X.indptr), shape=X.shape)
    out.eliminate_zeros()
    return out


def random_projection(M, dim: int, *, seed: int = 0) -> np.ndarray:
    """The rows of M (n×D, dense or scipy.sparse) mapped to ``dim`` coordinates: M·Gᵀ, G a dim×D Gaussian, G_ij ~ N(0, 1/dim).

    E‖G·x‖² = ‖x‖², and by Johnson–Lindenstrauss every pairwise distance of n
    rows is kept within a factor 1 ± ε with high probability once
    dim ≥ :func:`jl_min_dim` (n, ε). Early in training W_out ≈ lr·t·Rᵀ·W_in⁽⁰⁾
    is such a projection of the co-occurrence columns (:func:`early_W_out`).
    G is drawn as ``sklearn.random_projection.GaussianRandomProjection(dim,
    random_state=seed)`` draws it (numpy's legacy RandomState), so the two agree.
    """
    dim = _checks.positive_int("dim", dim)
    seed = _checks.seed(seed)
    if not sparse.issparse(M):  # a sparse M stays sparse: M·Gᵀ is then a sparse product
        M = _checks.matrix("M", M)
    rng = np.random.RandomState(seed)  # sklearn's generator, so both draw the same G
    G = rng.normal(loc=0.0, scale=1.0 / np.sqrt(dim), size=(dim, M.shape[1]))
    return np.asarray(M @ G.T)


def jl_min_dim(n_points: int, eps: float = 0.1) -> int:
    """The Johnson–Lindenstrauss dimension: 4·ln n / (ε²/2 − ε³/3), truncated to a whole number.

    A Gaussian random projection to this many dimensions keeps all pairwise
    distances of ``n_points`` points within 1 ± ε with high probability
    (Dasgupta & Gupta 2003); the same formula as scikit-learn's
    ``johnson_lindenstrauss_min_dim``. It does not depend on the original dimension.
    """
    n_points = _checks.positive_int("n_points", n_points)
    eps = _checks.positive_float("eps", eps, "It is the allowed distortion, e.g. 0.1.")
    if eps >= 1:
        raise ValueError(f"eps must lie in (0, 1), got {eps}: it is the allowed distortion.")
    return int(4 * np.log(n_points) / (eps**2 / 2 - eps**3 / 3))  # truncated, as scikit-learn


# ---------------------------------------------------------------- a run against its optimum
# (moved here from w2vlib.plots, which only draws them)


def _observed_counts(run, X) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(c, o, X[c, o], n_c) over the observed pairs in row-major order; X dense or sparse."""
    V = len(run.vocab)
    if np.shape(X) != (V, V):
        raise ValueError(
            f"X has shape {np.shape(X)} but the run's vocabulary has {V} words: build it with "
            "w2vlib.cooccurrence(sentences, run.vocab, window)."
        )
    X = _sparse_counts(X)  # sorted CSR: the pairs come out in row-major order, as X[X > 0]
    X.sort_indices()
    c = np.repeat(np.arange(V), np.diff(X.indptr))
    return c, X.indices.astype(np.intp), X.data, np.asarray(X.sum(axis=1)).ravel()


def loss_floor(run, X) -> float:
    """The full-softmax skip-gram loss at the optimum: H(O|C) = −Σ (X/|D|)·log p̂(o|c).

    ``run`` is a full-softmax skip-gram Run; X (dense or sparse) its co-occurrence counts.
    """
    config = getattr(run, "config", None)
    if not isinstance(config, dict):
        raise TypeError(f"expected a Run returned by w2vlib.train, got {type(run).__name__}.")
    if config.get("objective") != "softmax" or config.get("arch") != "skipgram":
        raise ValueError(
            "the loss floor H(O|C) is for full-softmax skip-gram runs only "
            f"(this run: {config.get('arch')}/{config.get('objective')}): drop X."
        )
    c, _, x, n = _observed_counts(run, X)
    return float(-(x * (np.log(x) - np.log(n[c]))).sum() / x.sum())


def optimum_targets(run, X) -> tuple[np.ndarray, np.ndarray, str]:
    """(theory, model, label) over the observed pairs (row-major order), as ``plot_optimum`` draws.

    Negative sampling: theory = PMI − log k with the sampler's α = 0.75 context
    smoothing, model = W_in·W_outᵀ. Softmax: theory = log p̂(o|c) and model =
    W_in·W_outᵀ, each row centred over its observed pairs (removing b_c).
    Only the observed entries are computed, so X may be sparse and V large.
    """
    config = getattr(run, "config", None)
    if not isinstance(config, dict):
        raise TypeError(f"expected a Run returned by w2vlib.train, got {type(run).__name__}.")
    if config.get("arch") != "skipgram":
        raise ValueError(
            "the optimum W_in·W_outᵀ = PMI − log k (or log p̂(o|c)) is skip-gram's: "
            "train with arch='skipgram'."
        )
    c, o, x, n = _observed_counts(run, X)
    model = np.einsum("pn,pn->p", run.W_in[c], run.W_out[o])
    if config["objective"] == "negative":
        k = config["negative"]
        n_o = np.bincount(o, weights=x, minlength=len(n)) ** 0.75
        target = np.log(x) - np.log(n[c]) - np.log(n_o[o] / n_o.sum()) - np.log(k)
        return target, model, f"PMI − log {k}  (α = 0.75)"
    target = np.log(x) - np.log(n[c])
    per_row = np.bincount(c, minlength=len(n))

    def centered(values: np.ndarray) -> np.ndarray:
        return (
            values - (np.bincount(c, weights=values, minlength=len(n)) / np.maximum(per_row, 1))[c]
        )

    return centered(target), centered(model), "log p̂(o|c), centred per centre c"
