"""Paths of rows over training: one space at a time, or both through their dot products.

Public API::

    plot_trajectories(run, words, *, space="out", context_words=(), ax=None, title=None)
    plot_score_trajectories(run, words, context_words, *, ax=None, title=None)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure

from w2vlib import _checks, style
from w2vlib.analysis.evaluation import center, cosine_matrix
from w2vlib.plots.common import (
    SPACE_NAMES,
    SPACES,
    checked_words,
    draw_paths,
    figure_and_axes,
    plane,
    require_2d,
    require_snapshots,
    side_legend,
    snapshot_stack,
    weights,
)


@style.context()
def plot_trajectories(
    run,
    words: Sequence[str],
    *,
    space: str = "out",
    context_words: Sequence[str] = (),
    ax=None,
    title: str | None = None,
) -> Figure:
    """Paths of chosen rows of W_out (or W_in) over the run's snapshots, in one space.

    Exact when N = 2; otherwise the rows are projected on a PCA fitted once on
    every snapshot of the plotted rows, so the axes never jump. Each
    ``context_words`` entry is drawn as the *direction* of its row in the other
    space (final snapshot) from the point where the zero vector lands: SGD adds
    multiples of W_in[c] to W_out[j] (and of W_out[o] to W_in[c]), and a linear
    projection keeps those sums, so a path heading along a dashed arrow is
    being pulled by that word. Positions across the two spaces are not compared.
    """
    space = _checks.choice("space", space, SPACES)
    require_snapshots(run)
    words = checked_words(run, words)
    if isinstance(context_words, str):  # checked_words says: pass [word]
        checked_words(run, context_words, "context_words")
    context_words = list(context_words) and checked_words(run, context_words, "context_words")
    require_2d(run.W_in.shape[1])
    stack = snapshot_stack(run, words, space)  # S×W×N
    view = plane(stack)
    paths = view(stack)
    fig, ax = figure_and_axes(ax)
    draw_paths(ax, paths, words)
    other = "in" if space == "out" else "out"
    if context_words:
        _draw_directions(ax, run, context_words, other, view, paths)
    if view.exact:
        axis_names, how = ("dimension 1", "dimension 2"), "exact: dim = 2"
    else:
        axis_names, how = ("PC 1", "PC 2"), "PCA of these rows over all snapshots, fitted once"
    name = SPACE_NAMES[space]
    ax.set_xlabel(f"{axis_names[0]} of {name} rows ({how})")
    ax.set_ylabel(axis_names[1])
    ax.set_title(title or _trajectory_title(run, words, space))
    # When the other space appears, say why drawing it here is legitimate.
    why = (
        f"{SPACE_NAMES[other]} rows as directions\nonly: SGD adds multiples\nof them to "
        f"{name} rows,\nand a linear projection\nkeeps those sums"
        if context_words
        else None
    )
    side_legend(ax, why)
    return fig


def _draw_directions(ax, run, context_words, space, view, paths) -> None:
    """The other space's rows as dashed directions from where the zero vector projects."""
    rows = run.vocab.indices(context_words)
    directions = weights(run.snapshots[-1], space)[rows] @ view.components.T
    origin = view(np.zeros_like(view.mean))
    extent = np.abs(paths - origin).max() or 1.0
    lengths = np.linalg.norm(directions, axis=1, keepdims=True)
    tips = origin + 0.8 * extent * directions / np.where(lengths == 0, 1.0, lengths)
    for word, tip in zip(context_words, tips, strict=True):
        ax.annotate(
            "",
            xy=tip,
            xytext=origin,
            arrowprops=dict(
                arrowstyle="-|>", ls="--", color=style.CONTEXT_COLOR, lw=1.5, mutation_scale=14
            ),
        )
        ax.annotate(
            f"{SPACE_NAMES[space]}[{word}]",
            tip,
            xytext=(4, -12),
            textcoords="offset points",
            fontsize=11,
            color=style.CONTEXT_COLOR,
        )
    ax.plot(
        [],
        [],
        ls="--",
        color=style.CONTEXT_COLOR,
        lw=1.5,
        label=f"direction of {SPACE_NAMES[space]}[c] (the pull)",
    )
    ax.update_datalim(np.vstack([tips, origin]))
    ax.autoscale_view()


def _trajectory_title(run, words: Sequence[str], space: str) -> str:
    if len(words) == 1:
        return f"{words[0]}: its {SPACE_NAMES[space]} row over training"
    final = center(weights(run.snapshots[-1], space))
    C = cosine_matrix(final[run.vocab.indices(words)])
    return (
        f"{SPACE_NAMES[space]} rows move over training: {words[0]}·{words[1]} "
        f"centred cosine ends at {C[0, 1]:.2f}"
    )


@style.context()
def plot_score_trajectories(
    run,
    words: Sequence[str],
    context_words: Sequence[str],
    *,
    ax=None,
    title: str | None = None,
) -> Figure:
    """Rows of W_out placed by their scores with two context words' input vectors.

    x = W_out[j]·W_in[a], y = W_out[j]·W_in[b] at each snapshot (both from that
    snapshot): the scores u_j the model gives word j when a (or b) is the centre.
    These dot products are all the loss ever sees and do not change under
    W_in → W_in·A, W_out → W_out·A^{-T}, so this picture of both spaces together
    is legitimate whatever N is. Pulled toward W_in[a] means moving right.
    """
    require_snapshots(run)
    words = checked_words(run, words)
    context_words = checked_words(run, context_words, "context_words")
    if len(context_words) != 2:
        raise ValueError(
            f"context_words must hold exactly two words (one per axis), got {len(context_words)}."
        )
    rows = run.vocab.indices(words)
    a, b = run.vocab.indices(context_words)
    paths = np.stack(
        [
            np.stack([s.W_out[rows] @ s.W_in[a], s.W_out[rows] @ s.W_in[b]], axis=1)
            for s in run.snapshots
        ]
    )
    fig, ax = figure_and_axes(ax)
    ax.axhline(0, color="0.8", lw=1, zorder=0)
    ax.axvline(0, color="0.8", lw=1, zorder=0)
    draw_paths(ax, paths, words)
    ca, cb = context_words
    ax.set_xlabel(f"W_out[j]·W_in[{ca}]  (score as a context of '{ca}') →")
    ax.set_ylabel(f"W_out[j]·W_in[{cb}] →")
    if title is None:
        end = paths[-1]
        toward_a = [w for w, (x, y) in zip(words, end, strict=True) if x > y]
        toward_b = [w for w, (x, y) in zip(words, end, strict=True) if y >= x]
        parts = []
        if toward_a:
            parts.append(f"{', '.join(toward_a)} → {ca}")
        if toward_b:
            parts.append(f"{', '.join(toward_b)} → {cb}")
        title = "Output vectors head to their contexts: " + "; ".join(parts)
    ax.set_title(title)
    side_legend(ax, "dot products across\nthe two spaces are\nunchanged by\nW_in·A, W_out·A⁻ᵀ")
    return fig
