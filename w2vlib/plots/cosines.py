"""Centred cosines between rows over training: pairs as curves, groups as heatmaps.

Public API::

    centered_cosines_over_time(run, pairs, space="out") -> np.ndarray   # S×P, as plotted
    plot_similarity_over_time(run, pairs, *, space="out", ax=None, title=None)
    plot_cosine_heatmaps(run, groups, *, steps=None, space="out", ax=None)

Centring matters: under the full softmax, adding one vector to every row of
W_out changes nothing, so only differences from the mean row carry meaning.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure

from w2vlib import _checks, style
from w2vlib.analysis.evaluation import center, cosine_matrix
from w2vlib.plots.common import (
    SPACE_NAMES,
    SPACES,
    checked_pairs,
    checked_words,
    figure_and_axes,
    require_axes,
    require_snapshots,
    weights,
)


def centered_cosines_over_time(
    run, pairs: Sequence[tuple[str, str]], space: str = "out"
) -> np.ndarray:
    """S×P: the cosine of each pair of rows, centred on the mean row, at every snapshot."""
    space = _checks.choice("space", space, SPACES)
    require_snapshots(run, at_least=1)
    idx = np.array([(run.vocab[a], run.vocab[b]) for a, b in checked_pairs(run, pairs)])
    out = np.zeros((len(run.snapshots), len(idx)))
    for s, snap in enumerate(run.snapshots):
        M = center(weights(snap, space))
        norms = np.linalg.norm(M, axis=1)
        dots = np.einsum("pn,pn->p", M[idx[:, 0]], M[idx[:, 1]])
        denominator = norms[idx[:, 0]] * norms[idx[:, 1]]
        out[s] = np.divide(dots, denominator, out=np.zeros(len(idx)), where=denominator > 0)
    return out


@style.context()
def plot_similarity_over_time(
    run,
    pairs: Sequence[tuple[str, str]],
    *,
    space: str = "out",
    ax=None,
    title: str | None = None,
) -> Figure:
    """The cosine between chosen pairs of rows (centred on the mean row) against the step."""
    space = _checks.choice("space", space, SPACES)
    require_snapshots(run)
    pairs = checked_pairs(run, pairs)
    cos = centered_cosines_over_time(run, pairs, space)
    steps = np.array([s.step for s in run.snapshots])
    fig, ax = figure_and_axes(ax)
    ax.axhline(0, color="0.8", lw=1, zorder=0)
    for p, (a, b) in enumerate(pairs):
        ax.plot(
            steps, cos[:, p], color=style.color(p), label=f"{a} · {b}: ends at {cos[-1, p]:.2f}"
        )
    ax.set_ylim(-1.05, 1.05)
    ax.set_xlabel("training step (minibatches)")
    ax.set_ylabel(f"centred cosine of {SPACE_NAMES[space]} rows")
    if title is None:
        a, b = pairs[0]
        verb = "converge" if cos[-1, 0] > 0.8 else "diverge" if cos[-1, 0] < 0 else "move"
        title = f"{a} and {b}: {'output' if space == 'out' else 'input'} vectors {verb}"
    ax.set_title(title)
    ax.legend(loc="best", fontsize=11)
    return fig


def _ordered_words(groups) -> tuple[list[str], list[int]]:
    """Words in group order and the sizes of the groups (a plain list is one group)."""
    values = list(groups.values()) if isinstance(groups, Mapping) else [groups]
    for ws in values:
        if isinstance(ws, str):  # list("cat") would silently become three one-letter words
            raise TypeError(
                f"groups must hold lists of words, got the string {ws!r}: pass [{ws!r}]."
            )
    members = [list(ws) for ws in values]
    return [w for ws in members for w in ws], [len(ws) for ws in members]


def _chosen_snapshots(run, steps) -> list[int]:
    """Indices of the kept snapshots nearest to the asked training steps (default: first, middle, last)."""
    kept = np.array([s.step for s in run.snapshots])
    if steps is None:
        return [0, len(kept) // 2, len(kept) - 1]
    if isinstance(steps, int | np.integer | str | bytes):
        raise TypeError(f"steps must be a list of training steps, got {steps!r}: pass [{steps!r}].")
    steps = list(steps)
    if not steps:
        raise ValueError("steps is empty: pass training steps, e.g. [0, 100, 1000], or None.")
    for s in steps:
        if isinstance(s, bool) or not isinstance(s, int | np.integer) or s < 0:
            raise ValueError(f"steps must be training steps (whole numbers ≥ 0), got {s!r}.")
    return [int(np.abs(kept - s).argmin()) for s in steps]


@style.context()
def plot_cosine_heatmaps(
    run,
    groups: Mapping[str, Sequence[str]] | Sequence[str],
    *,
    steps: Sequence[int] | None = None,
    space: str = "out",
    ax=None,
) -> Figure:
    """Centred-cosine matrices of the rows at chosen snapshots, words ordered by group.

    ``groups`` is ``{group: [words]}`` (e.g. ``toy_groups()``) or a word list.
    ``steps`` are training steps; the nearest kept snapshot is used (default:
    the first, middle and last). ``ax`` may be a sequence of axes, one per step.
    """
    space = _checks.choice("space", space, SPACES)
    require_snapshots(run)
    words, sizes = _ordered_words(groups)
    words = checked_words(run, words)
    chosen = _chosen_snapshots(run, steps)
    if ax is None:
        fig, axes = style.new_figure(1, len(chosen), figsize=(9.5, 3.9), squeeze=False)
        axes = style.as_axes_list(axes)
    else:
        axes = style.as_axes_list(ax)
        for axis in axes:
            require_axes(axis)
        fig = axes[0].figure
        if len(axes) != len(chosen):
            raise ValueError(
                f"got {len(axes)} axes for {len(chosen)} snapshots: pass one per step."
            )
    rows = run.vocab.indices(words)
    edges = np.cumsum(sizes)[:-1] - 0.5
    image = None
    for axis, s in zip(axes, chosen, strict=True):
        snap = run.snapshots[s]
        C = cosine_matrix(center(weights(snap, space))[rows])
        image = axis.imshow(C, cmap=style.CMAP_COSINE, vmin=-1, vmax=1)
        for e in edges:
            axis.axhline(e, color="black", lw=1.5)
            axis.axvline(e, color="black", lw=1.5)
        axis.set_xticks(range(len(words)), words, rotation=90, fontsize=11)
        axis.set_yticks(range(len(words)), words if axis is axes[0] else [], fontsize=11)
        axis.set_title(f"step {snap.step}")
    fig.colorbar(image, ax=axes, shrink=0.8, label=f"centred cosine, {SPACE_NAMES[space]}")
    if ax is None:
        fig.suptitle(f"{SPACE_NAMES[space]} rows: blocks of alike words appear during training")
    return fig
