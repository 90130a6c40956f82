"""(b) Rows of W′ moving toward their contexts (the explorer's view) and (c) the within- and
across-group cosines over training."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation

from w2vlib import _checks, style
from w2vlib.analysis.evaluation import center, normalize_rows
from w2vlib.animations.canvas import INTERVAL_MS, RC, animate, new_figure
from w2vlib.plots import checked_words, project_pca, require_snapshots, snapshot_stack
from w2vlib.training.record import Run


def _frame_indices(n: int, max_frames: int) -> np.ndarray:
    """At most max_frames snapshot indices, evenly spaced, always the first and the last."""
    _checks.positive_int("max_frames", max_frames)
    if n <= max_frames:
        return np.arange(n)
    return np.unique(np.linspace(0, n - 1, max_frames).round().astype(int))


def rows_to_contexts(
    run: Run, words: Sequence[str], *, space: str = "out", max_frames: int = 20
) -> FuncAnimation:
    """The explorer's view (``w2vlib.widgets.explore``) played over the snapshots.

    Left: the rows' paths so far, in a PCA fitted once on all snapshots of these rows
    (fixed axes; exact when N = 2). Right: their centred cosines at the snapshot.
    """
    require_snapshots(run)
    words = checked_words(run, words)
    stack = snapshot_stack(run, words, space)  # S×W×N
    if stack.shape[2] == 2:
        mean, components, how = np.zeros(2), np.eye(2), "exact (dim = 2)"
    else:
        mean, components = project_pca(stack)
        how = "PCA of all snapshots, fitted once"
    paths = (stack - mean) @ components.T
    rows = run.vocab.indices(words)
    name = "W_out" if space == "out" else "W_in"
    cosines = np.stack(
        [(lambda u: u @ u.T)(normalize_rows(center(getattr(s, name))[rows])) for s in run.snapshots]
    )
    index = _frame_indices(len(run.snapshots), max_frames)

    fig = new_figure()
    with mpl.rc_context(RC):
        ax, ax_cos = fig.subplots(1, 2, width_ratios=[1.25, 1])
        flat = paths.reshape(-1, 2)
        low, high = flat.min(0), flat.max(0)
        pad = 0.06 * (high - low).max() + 1e-12
        ax.set_xlim(low[0] - pad, high[0] + pad)
        ax.set_ylim(low[1] - pad, high[1] + pad)
        colors = [style.color(i) for i in range(len(words))]
        lines = [
            ax.plot([], [], color=c, lw=2, label=w)[0] for c, w in zip(colors, words, strict=True)
        ]
        heads = ax.scatter(paths[0, :, 0], paths[0, :, 1], s=50, c=colors, zorder=4)
        ax.set_xlabel(f"{name} rows: {how}", fontsize=11)
        ax.legend(loc="best", fontsize=10)
        image = ax_cos.imshow(cosines[0], cmap=style.CMAP_COSINE, vmin=-1, vmax=1)
        ax_cos.set_xticks(range(len(words)), words, rotation=90, fontsize=10)
        ax_cos.set_yticks(range(len(words)), words, fontsize=10)
        ax_cos.set_title("centred cosines now", fontsize=12)
        fig.colorbar(image, ax=ax_cos, shrink=0.8)
        title = fig.suptitle("")

    def draw(k: int) -> list:
        s = index[k]
        for i, line in enumerate(lines):
            line.set_data(paths[: s + 1, i, 0], paths[: s + 1, i, 1])
        heads.set_offsets(paths[s])
        image.set_array(cosines[s])
        snap = run.snapshots[s]
        title.set_text(
            f"{name} rows over training: alike words move together · "
            f"step {snap.step}, epoch {snap.epoch:.1f}"
        )
        return [*lines, heads, image, title]

    animation = animate(fig, draw, len(index), INTERVAL_MS // 2)
    animation.cosines = cosines[index]
    return animation


# ---------------------------------------------------------------- (c) within / across cosines


def group_cosine_series(
    run: Run, groups: Mapping[str, Sequence[str]], space: str = "out"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(steps, within, across): mean centred cosine of pairs in one group / across groups."""
    from w2vlib.analysis.evaluation import group_cosines

    name = {"out": "W_out", "in": "W_in"}[_checks.choice("space", space, ("out", "in"))]
    steps = np.array([s.step for s in run.snapshots])
    values = np.array(
        [group_cosines(center(getattr(s, name)), run.vocab, groups) for s in run.snapshots]
    )
    return steps, values[:, 0], values[:, 1]


def group_cosines_over_training(
    run: Run, groups: Mapping[str, Sequence[str]], *, max_frames: int = 20
) -> FuncAnimation:
    """Left: the centred cosines of W_out's rows, group by group; right: within vs across."""
    require_snapshots(run)
    words = [w for members in groups.values() for w in members]
    words = checked_words(run, words, "group members")
    steps, within, across = group_cosine_series(run, groups)
    rows = run.vocab.indices(words)
    cosines = np.stack(
        [(lambda u: u @ u.T)(normalize_rows(center(s.W_out)[rows])) for s in run.snapshots]
    )
    index = _frame_indices(len(run.snapshots), max_frames)

    fig = new_figure()
    with mpl.rc_context(RC):
        ax_cos, ax = fig.subplots(1, 2, width_ratios=[1, 1.3])
        image = ax_cos.imshow(cosines[0], cmap=style.CMAP_COSINE, vmin=-1, vmax=1)
        ax_cos.set_xticks(range(len(words)), words, rotation=90, fontsize=9)
        ax_cos.set_yticks(range(len(words)), words, fontsize=9)
        ax_cos.set_title("centred cosines of W_out rows", fontsize=12)
        ax.set_xlim(0, steps[-1])
        ax.set_ylim(-1.05, 1.05)
        ax.axhline(0, color="0.85", lw=1, zorder=0)
        ax.plot(steps, within, color=style.color(0), alpha=0.15)
        ax.plot(steps, across, color=style.color(3), alpha=0.15)
        line_in = ax.plot([], [], color=style.color(0), label="within a group")[0]
        line_out = ax.plot([], [], color=style.color(3), label="across groups")[0]
        ax.set_xlabel("training step (minibatches)")
        ax.set_ylabel("mean centred cosine")
        ax.legend(loc="lower right")
        title = fig.suptitle("")

    def draw(k: int) -> list:
        s = index[k]
        image.set_array(cosines[s])
        line_in.set_data(steps[: s + 1], within[: s + 1])
        line_out.set_data(steps[: s + 1], across[: s + 1])
        title.set_text(
            f"Groups form in W′: step {steps[s]}, within {within[s]:+.2f}, across {across[s]:+.2f}"
        )
        return [image, line_in, line_out, title]

    animation = animate(fig, draw, len(index), INTERVAL_MS // 2)
    animation.series = (steps[index], within[index], across[index])
    return animation
