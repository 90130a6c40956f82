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
from w2vlib.analysis.counts import checked_counts, noise_distribution

MAX_EXPONENT = 700.0
"""cosh and sinh overflow float64 just above e^709: refuse t·σ_max beyond this."""


def softmax_residual(X: object) -> np.ndarray:
    """R = X − n·1ᵀ/V: minus the full-softmax score gradient ∂𝓛/∂S at S = 0 (uniform p = 1/V).

    R[c, j] = X[c, j] − n_c/V: how much more often j was seen around c than the
    uniform prediction says. Every row sums to zero.
    """
    X = checked_counts(X, "densify")
    return X - X.sum(axis=1, keepdims=True) / X.shape[0]


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
    X = checked_counts(X, "densify")
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
    if W_out0 is None:  # word2vec's start
        return R, W_in0, np.zeros((R.shape[1], W_in0.shape[1]))
    W_out0 = _checks.matrix("W_out0", W_out0, rows=R.shape[1], cols=W_in0.shape[1])
    return R, W_in0, W_out0.astype(np.float64)


def _checked_time(t: object) -> float:
    """t = η × passes: a finite number ≥ 0 (0 is the start)."""
    is_number = isinstance(t, int | float | np.integer | np.floating) and not isinstance(t, bool)
    if not is_number or not np.isfinite(t) or t < 0:
        raise ValueError(f"t must be a finite number ≥ 0 (η × passes over the corpus), got {t!r}.")
    return float(t)


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
    t = _checked_time(t)
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


def first_order_W_out(R: object, W_in0: object, W_out0: object | None, t: float) -> np.ndarray:
    """W_out(0) + t·Rᵀ·W_in0: the first-order (random-projection) prediction, W_in held fixed.

    ``t`` absorbs the learning rate: t = η × (passes over the corpus). ``W_out0=None``
    is word2vec's start W_out(0) = 0. For the full softmax from W_out = 0 the output is
    uniform, p(j|c) = 1/V, so R = :func:`softmax_residual` (X) and each output vector is
    a fixed random projection of its word's (centred) co-occurrence column.
    """
    R, W_in0, W_out0 = _checked_factors(R, W_in0, W_out0)
    t = _checked_time(t)
    return W_out0 + t * (R.T @ W_in0)


def growth_rates(R: object, count: int | None = None) -> np.ndarray:
    """The singular values σ_i of R, largest first: direction i grows like e^{η·t·σ_i}."""
    R = np.asarray(R, dtype=np.float64)
    if R.ndim != 2:
        raise ValueError(f"R must be a 2-D matrix, got shape {R.shape}.")
    sigma = np.linalg.svd(R, compute_uv=False)
    return sigma if count is None else sigma[: _checks.positive_int("count", count)]
