"""Statistics of the co-occurrence counts X, and what training converges to.

With X[c, o] the co-occurrence counts (see :func:`w2vlib.cooccurrence`),
n_c = Σ_o X[c, o] and |D| = Σ X:

* full softmax optimum (enough dimensions): W_in[c]·W_out[o] = log p̂(o|c) + b_c,
  with p̂(o|c) = X[c, o] / n_c (any per-centre constant b_c cancels in the softmax);
* SGNS optimum (Levy & Goldberg 2014): W_in[c]·W_out[o] = PMI_α(c, o) − log k, with
  PMI_α(c, o) = log( X[c, o] / (n_c · P_α(o)) ) and P_α the noise distribution;
* with few dimensions (N < V), training does not reach these matrices. Its loss
  weights each cell by how often it was seen (near the optimum, to second order, a
  weighted least-squares fit of the target), so the end point is a count-weighted
  low-rank fit, shrunk by finite training (measured by
  :func:`~w2vlib.analysis.factors.count_weighted_fit`). A truncated SVD does not give
  it in closed form: the SVD minimises the *unweighted* squared error, and weighted
  low-rank approximation has in general no closed-form solution (Srebro & Jaakkola
  2003). The SVD of PMI or PPMI is a baseline of its own, not the trained optimum.

Public API::

    checked_counts(X, form="dense")                # the one check of a count matrix
    noise_distribution(counts, alpha=0.75)         # P_α, word2vec's sampler
    log_conditional(X), pmi(X, alpha=1), shifted_pmi(X, k, alpha=1)   # dense V×V, −inf where X = 0
    positive_part(M), ppmi(X, alpha=1, k=1)        # ppmi: sparse in, sparse out
    loss_floor(run, X), optimum_targets(run, X) -> (theory, model, label)

X may be ``scipy.sparse`` wherever the result is not a dense V×V matrix
(``ppmi``, ``loss_floor``, ``optimum_targets``); the functions whose result *is*
dense refuse a sparse X with its size rather than densify it silently.
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks

SAMPLER_ALPHA = 0.75  # the trainer draws negatives from P_0.75, as word2vec does


def checked_counts(X: object, form: str = "dense", function: str = "this function"):
    """X checked as a co-occurrence count matrix: square V×V, finite, ≥ 0, not all zero.

    ``form``: ``"dense"`` (a float64 ndarray; a sparse X is refused with its dense
    size, naming ``function``), ``"densify"`` (a sparse X densified) or ``"sparse"``
    (a CSR array of float counts, duplicates summed, zeros dropped). The check itself
    is :func:`w2vlib._checks.counts`, shared by every function that takes counts.
    """
    return _checks.counts(X, form, function)


def noise_distribution(counts: object, alpha: float = 0.75) -> np.ndarray:
    """P_α(j) = counts_j^α / Σ_w counts_w^α: word2vec's negative-sampling distribution.

    The one home of P_α: the trainer's sampler, PMI_α, PPMI and the SGNS residual use it.
    α = 1 is the plain unigram distribution.
    """
    counts = _checks.real_array("counts", counts, ndim=1, example="run.vocab.counts")
    # checked before the power: a negative count ** 0.75 is NaN, not a clear message
    if (counts < 0).any() or counts.sum() <= 0:
        raise _checks.InputError(
            "counts must be ≥ 0 and not all zero, one per word: pass e.g. run.vocab.counts."
        )
    alpha = _checks.positive_float("alpha", alpha, "word2vec uses 0.75; 1 is the plain unigram.")
    powered = counts**alpha
    return powered / powered.sum()


def log_conditional(X: np.ndarray) -> np.ndarray:
    """log p̂(o|c) = log X[c, o] − log n_c; −inf where X[c, o] = 0 (also for centres never seen)."""
    X = checked_counts(X, "dense", "log_conditional")
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
    X = checked_counts(X, "dense", "pmi")
    alpha = _checks.positive_float("alpha", alpha, "Use 1 for plain PMI, 0.75 for word2vec's.")
    n_c = X.sum(axis=1)
    p_o = noise_distribution(X.sum(axis=0), alpha)
    with np.errstate(divide="ignore", invalid="ignore"):
        # where: an unseen centre or context would otherwise give −inf + inf = NaN
        return np.where(X > 0, np.log(X) - np.log(n_c)[:, None] - np.log(p_o)[None, :], -np.inf)


def shifted_pmi(X: np.ndarray, k: int, alpha: float = 1.0) -> np.ndarray:
    """PMI_α − log k: the SGNS optimum for k negatives (Levy & Goldberg 2014; α-smoothing, Levy, Goldberg & Dagan 2015)."""
    k = _checks.positive_int("k", k)
    return pmi(X, alpha) - np.log(k)


def positive_part(M: np.ndarray) -> np.ndarray:
    """max(M, 0), with −inf (unseen pairs) mapped to 0: e.g. PPMI from PMI.

    NaN or +inf is refused: no count matrix gives them, so they mean a broken input.
    """
    M = _checks.real_array("M", M, allow_minus_inf=True, example="w2vlib.pmi(X)")
    return np.maximum(M, 0.0)


# ---------------------------------------------------------------- sparse PPMI


def ppmi(X, alpha: float = 1.0, k: int = 1):
    """max(PMI_α − log k, 0): (shifted) positive PMI, 0 where X = 0; sparse in, sparse out.

    The count-based word vectors' matrix (Levy, Goldberg & Dagan 2015). A dense
    X gives a dense array equal to ``positive_part(shifted_pmi(X, k, alpha))``;
    a ``scipy.sparse`` X gives a CSR array with entries only where X > 0 and PMI > log k,
    so a real vocabulary never becomes a dense V×V matrix. Factorise it with
    :func:`~w2vlib.analysis.factors.truncated_svd` (randomized for a sparse or large one).
    """
    alpha = _checks.positive_float("alpha", alpha, "Use 1 for plain PMI, 0.75 for word2vec's.")
    k = _checks.positive_int("k", k)
    if not _checks.is_sparse(X):
        return positive_part(shifted_pmi(X, k, alpha))
    from scipy import sparse

    X = checked_counts(X, "sparse")
    n_c = np.asarray(X.sum(axis=1)).ravel()
    p_o = noise_distribution(np.asarray(X.sum(axis=0)).ravel(), alpha)
    log_p_o = np.log(p_o, where=p_o > 0, out=np.zeros_like(p_o))
    rows = np.repeat(np.arange(X.shape[0]), np.diff(X.indptr))
    values = np.log(X.data) - np.log(n_c[rows]) - log_p_o[X.indices] - np.log(k)
    out = sparse.csr_array((np.maximum(values, 0.0), X.indices, X.indptr), shape=X.shape)
    out.eliminate_zeros()
    return out


# ---------------------------------------------------------------- a run against its optimum
# (moved here from w2vlib.plots, which only draws them)


def _observed_counts(run, X) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(c, o, X[c, o], n_c) over the observed pairs in row-major order; X dense or sparse."""
    V = len(run.vocab)
    X = checked_counts(X, "sparse")  # sorted CSR: the pairs come out in row-major order
    if X.shape != (V, V):
        raise _checks.InputError(
            f"X has shape {X.shape} but the run's vocabulary has {V} words: build it with "
            "w2vlib.cooccurrence(sentences, run.vocab, window)."
        )
    X.sort_indices()
    c = np.repeat(np.arange(V), np.diff(X.indptr))
    return c, X.indices.astype(np.intp), X.data, np.asarray(X.sum(axis=1)).ravel()


def loss_floor(run, X) -> float:
    """The full-softmax skip-gram loss at the optimum: H(O|C) = −Σ (X/|D|)·log p̂(o|c).

    ``run`` is a full-softmax skip-gram Run; X (dense or sparse) its co-occurrence counts.
    """
    config = getattr(run, "config", None)
    if not isinstance(config, dict):
        raise _checks.InputError(
            f"expected a Run returned by w2vlib.train, got {type(run).__name__}."
        )
    if config.get("objective") != "softmax" or config.get("arch") != "skipgram":
        raise _checks.InputError(
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
        raise _checks.InputError(
            f"expected a Run returned by w2vlib.train, got {type(run).__name__}."
        )
    if config.get("arch") != "skipgram":
        raise _checks.InputError(
            "the optimum W_in·W_outᵀ = PMI − log k (or log p̂(o|c)) is skip-gram's: "
            "train with arch='skipgram'."
        )
    c, o, x, n = _observed_counts(run, X)
    model = np.einsum("pn,pn->p", run.W_in[c], run.W_out[o])
    if config["objective"] == "negative":
        k = config["negative"]
        p_o = noise_distribution(np.bincount(o, weights=x, minlength=len(n)), SAMPLER_ALPHA)
        target = np.log(x) - np.log(n[c]) - np.log(p_o[o]) - np.log(k)
        return target, model, f"PMI − log {k}  (α = 0.75)"
    target = np.log(x) - np.log(n[c])
    per_row = np.bincount(c, minlength=len(n))

    def minus_row_means(values: np.ndarray) -> np.ndarray:  # over each centre's observed pairs
        return (
            values - (np.bincount(c, weights=values, minlength=len(n)) / np.maximum(per_row, 1))[c]
        )

    return minus_row_means(target), minus_row_means(model), "log p̂(o|c), centred per centre c"
