"""Where a difference between two rows of W′ can hide: the gauge, drawn in the rows' plane.

Scores see an output row only through the input vectors: S[c, a] − S[c, b] =
W_in[c]·(W′[a] − W′[b]). Take the plane of the two rows, with m along W′[a] + W′[b]
and u the unit vector of the plane orthogonal to m. The gauge (W_in·A, W_out·A⁻ᵀ)
with A = I + (1/k − 1)·u·uᵀ (so A⁻ᵀ = I + (k − 1)·u·uᵀ) squashes every input vector
along u by 1/k and stretches every output row along u by k: no score changes, yet the
angle between the two rows opens. The picture is exact for these two words: their
scores W_in[c]·W′[a] only involve the components of W_in[c] in the plane, which is
what is drawn. Balanced factors (W_inᵀW_in = W_outᵀW_out) leave no direction where
W′ is long and W_in thin (lesson 04).
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks, style
from w2vlib.plots.common import checked_words, require_run


def _plane(x_a: np.ndarray, x_b: np.ndarray) -> np.ndarray:
    """N×2 orthonormal basis (m, u): m along x_a + x_b, u the rest of the plane."""
    m = x_a + x_b
    if np.linalg.norm(m) == 0:
        raise _checks.InputError("the two output rows cancel (W′[a] = −W′[b]): pick other words.")
    m = m / np.linalg.norm(m)
    difference = x_a - x_b
    rest = difference - (difference @ m) * m  # the part of x_a − x_b orthogonal to m
    if np.linalg.norm(rest) <= 1e-12 * np.linalg.norm(difference):  # also when x_a = x_b
        raise _checks.InputError(
            "the two output rows are parallel, so no gauge can open the angle between them: "
            "pick two words whose rows differ in direction."
        )
    return np.stack([m, rest / np.linalg.norm(rest)], axis=1)


def hiding_gauge(W_out: np.ndarray, a: int, b: int, stretch: float) -> np.ndarray:
    """The N×N gauge A = I + (1/stretch − 1)·u·uᵀ that opens the angle between rows a and b.

    Apply it as (W_in·A, W_out·A⁻ᵀ): every score stays, W_in is squashed along u
    and W_out stretched along u, u the direction of the rows' plane orthogonal to
    W_out[a] + W_out[b].
    """
    stretch = _checks.positive_float("stretch", stretch, "e.g. stretch=4.0.")
    W_out = _checks.matrix("W_out", W_out).astype(np.float64, copy=False)
    a, b = (
        int(_checks.indices(name, np.asarray(i), len(W_out), ndim=0))
        for name, i in (("a", a), ("b", b))
    )
    u = _plane(W_out[a], W_out[b])[:, 1]
    return np.eye(W_out.shape[1]) + (1.0 / stretch - 1.0) * np.outer(u, u)


def plot_hidden_difference(run, a: str, b: str, *, stretch: float = 4.0):
    """Two panels in the plane of W′[a] and W′[b]: the trained pair, and the same scores after
    the gauge ``hiding_gauge`` (input vectors squashed where the two rows are stretched apart).

    Grey dots are the input vectors W_in[c] (their components in the plane: all a score of
    a or b sees); the coloured arrows are W′[a] and W′[b]. Returns the figure.
    """
    require_run(run)
    a, b = checked_words(run, [a, b], "the two words")
    W_in, W_out = np.asarray(run.W_in, float), np.asarray(run.W_out, float)
    i, j = run.vocab[a], run.vocab[b]
    A = hiding_gauge(W_out, i, j, stretch)
    basis = _plane(W_out[i], W_out[j])
    panels = {
        "trained": (W_in, W_out),
        f"same scores after a gauge (×{stretch:g} and ×1/{stretch:g} along u)": (
            W_in @ A,
            W_out @ np.linalg.inv(A).T,
        ),
    }
    fig, axes = style.new_figure(1, 2, figsize=(10, 4.6))
    flat = [(Wi @ basis, Wo[[i, j]] @ basis) for Wi, Wo in panels.values()]
    extent = max(np.abs(np.vstack(pair)).max() for pair in flat) * 1.15
    for ax, title, (inputs, rows) in zip(axes, panels, flat, strict=True):
        ax.scatter(*inputs.T, s=14, color="0.6", label="input vectors W_in[c] (in this plane)")
        cos = float(rows[0] @ rows[1] / np.linalg.norm(rows[0]) / np.linalg.norm(rows[1]))
        for row, word, colour in ((rows[0], a, style.color(0)), (rows[1], b, style.color(1))):
            ax.annotate(
                "", xy=row, xytext=(0, 0), arrowprops=dict(arrowstyle="-|>", color=colour, lw=2.2)
            )
            ax.annotate(f"W′[{word}]", row, xytext=(5, 4), textcoords="offset points", color=colour)
        ax.axhline(0, color="0.85", lw=0.8, zorder=0)
        ax.axvline(0, color="0.85", lw=0.8, zorder=0)
        ax.set(xlim=(-extent, extent), ylim=(-extent, extent), aspect="equal")
        ax.set_xlabel(f"along W′[{a}] + W′[{b}]")
        ax.set_ylabel("u: the rest of their plane")
        ax.set_title(f"{title}\ncos(W′[{a}], W′[{b}]) = {cos:+.2f}", fontsize=10)
    axes[0].legend(loc="lower left", fontsize=8)
    return fig
