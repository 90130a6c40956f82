"""Training near the origin: the coupled linear dynamics of W_in and W_out.

Summed over the corpus, the loss sees the weights only through the V×V score
matrix S = W_in·W_outᵀ. Write E = ∂𝓛/∂S (for the softmax, E = diag(n)·P − X,
lesson 04). Then ∂𝓛/∂W_in = E·W_out and ∂𝓛/∂W_out = Eᵀ·W_in, so gradient flow
with per-pair step η reads

    d/dt W_in = −η·E·W_out,      d/dt W_out = −η·Eᵀ·W_in.

Near the origin (S ≈ 0) E is a constant, −R, and the flow is *linear*:

    d/dt [W_in; W_out] = η·M·[W_in; W_out],      M = [[0, R], [Rᵀ, 0]],

solved by the matrix exponential exp(η·t·M) (Saxe, McClelland & Ganguli 2014;
for word2vec, Karkada et al. 2025). With R = U·Σ·Qᵀ, M has eigenvalues ±σ_i, so
the top singular directions of R grow like e^{η·t·σ_i} and both factors grow
*along the same directions at the same rate*: low rank, and balanced.

R is the negative score gradient at S = 0:

* full softmax, p(j|c) = 1/V:  R = X − n·1ᵀ/V            (:func:`softmax_residual`);
* SGNS with k negatives, σ(0) = ½:  R = ½·(X − k·n·P_αᵀ)   (:func:`sgns_residual`),
  where n_c = Σ_o X[c, o] and P_α is the noise distribution, ∝ counts^α.
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks

MAX_EXPONENT = 700.0
"""cosh and sinh overflow float64 just above e^709: refuse t·σ_max beyond this."""


def _square_counts(X: object) -> np.ndarray:
    X = np.asarray(X.toarray() if hasattr(X, "toarray") else X, dtype=np.float64)
    if X.ndim != 2 or X.shape[0] != X.shape[1]:
        raise ValueError(
            f"X must be a square V×V co-occurrence matrix, got shape {X.shape}: "
            "build it with w2vlib.cooccurrence(sentences, vocab, window)."
        )
    if not np.isfinite(X).all() or (X < 0).any():
        raise ValueError(
            "X must hold counts (finite and ≥ 0); it has NaN, inf or negative entries."
        )
    if X.sum() <= 0:
        raise ValueError("the co-occurrence matrix is empty: every count is zero.")
    return X


def softmax_residual(X: object) -> np.ndarray:
    """R = X − n·1ᵀ/V: minus the full-softmax score gradient ∂𝓛/∂S at S = 0 (uniform p = 1/V).

    R[c, j] = X[c, j] − n_c/V: how much more often j was seen around c than the
    uniform prediction says. Every row sums to zero.
    """
    X = _square_counts(X)
    return X - X.sum(axis=1, keepdims=True) / X.shape[0]


def noise_distribution(counts: object, alpha: float = 0.75) -> np.ndarray:
    """P_α(j) = counts_j^α / Σ_w counts_w^α: word2vec's negative-sampling distribution."""
    counts = np.asarray(counts, dtype=np.float64)
    if counts.ndim != 1 or counts.size == 0:
        raise ValueError(f"counts must be a non-empty 1-D array, got shape {counts.shape}.")
    if not np.isfinite(counts).all() or (counts < 0).any() or counts.sum() <= 0:
        raise ValueError("counts must be finite, ≥ 0 and not all zero (e.g. run.vocab.counts).")
    alpha = _checks.positive_float("alpha", alpha, "word2vec uses 0.75; 1 is the plain unigram.")
    powered = counts**alpha
    return powered / powered.sum()


def sgns_residual(
    X: object, negative: int, alpha: float = 0.75, counts: object | None = None
) -> np.ndarray:
    """R = ½·(X − k·n·P_αᵀ): minus the expected SGNS score gradient at S = 0, where σ(0) = ½.

    Each observed pair (c, o) adds −(1 − σ(0)) = −½ to ∂𝓛/∂S[c, o]; each of its k
    negatives j, drawn from P_α, adds σ(0) = ½ to ∂𝓛/∂S[c, j]. Centre c has n_c
    pairs, so in expectation it draws j as a negative k·n_c·P_α(j) times.

    ``counts`` are the word counts P_α is built from (word2vec: the unigram
    counts, ``run.vocab.counts``); by default the column sums of X.
    """
    X = _square_counts(X)
    k = _checks.positive_int("negative", negative, "It is word2vec's k, e.g. 5.")
    counts = X.sum(axis=0) if counts is None else counts
    P = noise_distribution(counts, alpha)
    if P.shape[0] != X.shape[0]:
        raise ValueError(
            f"counts has {P.shape[0]} entries but X is {X.shape[0]}×{X.shape[0]}: "
            "pass one count per vocabulary word."
        )
    return 0.5 * (X - k * np.outer(X.sum(axis=1), P))


def _checked_factors(R: object, W_in0: object, W_out0: object) -> tuple[np.ndarray, ...]:
    R = np.asarray(R, dtype=np.float64)
    if R.ndim != 2:
        raise ValueError(f"R must be a 2-D matrix (centres × contexts), got shape {R.shape}.")
    if not np.isfinite(R).all():
        raise ValueError(
            "R has NaN or inf entries: build it with softmax_residual or sgns_residual."
        )
    W_in0 = _checks.matrix("W_in0", W_in0, rows=R.shape[0]).astype(np.float64)
    W_out0 = _checks.matrix("W_out0", W_out0, rows=R.shape[1], cols=W_in0.shape[1])
    return R, W_in0, W_out0.astype(np.float64)


def coupled_linear_dynamics(
    R: object, W_in0: object, W_out0: object, t: float
) -> tuple[np.ndarray, np.ndarray]:
    """[W_in(t); W_out(t)] = exp(t·[[0, R], [Rᵀ, 0]])·[W_in0; W_out0]: the linearised flow.

    ``t`` absorbs the learning rate: t = η × (passes over the corpus). Computed
    from the SVD R = U·Σ·Qᵀ, with which

        exp(t·M) = [[I + U(cosh tΣ − I)Uᵀ,  U sinh(tΣ) Qᵀ],
                    [Q sinh(tΣ) Uᵀ,          I + Q(cosh tΣ − I)Qᵀ]],

    so no 2V×2V matrix is formed. t = 0 returns copies of the start.
    """
    R, W_in0, W_out0 = _checked_factors(R, W_in0, W_out0)
    t = float(t)
    if not np.isfinite(t) or t < 0:
        raise ValueError(f"t must be a finite number ≥ 0 (η × passes), got {t!r}.")
    U, sigma, Qt = np.linalg.svd(R, full_matrices=False)
    if t * sigma[0] > MAX_EXPONENT:
        raise ValueError(
            f"t·σ_max = {t * sigma[0]:.0f}: e^(t·σ_max) overflows float64. The linear regime is long "
            f"over by then; use t < {MAX_EXPONENT / sigma[0]:.3g} (t = η × passes)."
        )
    Q = Qt.T
    cosh_1 = np.cosh(t * sigma) - 1.0
    sinh = np.sinh(t * sigma)
    a, b = U.T @ W_in0, Q.T @ W_out0  # the start, in the singular bases
    W_in_t = W_in0 + U @ (cosh_1[:, None] * a + sinh[:, None] * b)
    W_out_t = W_out0 + Q @ (cosh_1[:, None] * b + sinh[:, None] * a)
    return W_in_t, W_out_t


def first_order_W_out(R: object, W_in0: object, W_out0: object, t: float) -> np.ndarray:
    """W_out(0) + t·Rᵀ·W_in0: the first-order (random-projection) prediction, W_in held fixed."""
    R, W_in0, W_out0 = _checked_factors(R, W_in0, W_out0)
    return W_out0 + float(t) * (R.T @ W_in0)


def growth_rates(R: object, count: int | None = None) -> np.ndarray:
    """The singular values σ_i of R, largest first: direction i grows like e^{η·t·σ_i}."""
    R = np.asarray(R, dtype=np.float64)
    if R.ndim != 2:
        raise ValueError(f"R must be a 2-D matrix, got shape {R.shape}.")
    sigma = np.linalg.svd(R, compute_uv=False)
    return sigma if count is None else sigma[: _checks.positive_int("count", count)]
