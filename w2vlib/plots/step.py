"""One update of W_out[j], part by part: pulls toward and pushes away from hidden vectors.

Public API::

    plot_pull(pull, *, origin=None, basis=None, axis_labels=None, labels=None, ax=None, title=None)
    plot_step(stepper, word, *, context_words=None, ax=None, title=None)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from w2vlib import style
from w2vlib.analysis.pull import PullDecomposition
from w2vlib.plots.common import checked_word, figure_and_axes, plane, plural, require_2d


def _checked_basis(basis, N: int) -> np.ndarray:
    basis = np.asarray(basis, dtype=np.float64)
    if basis.shape != (N, 2):
        raise ValueError(f"basis must be N×2 = {N}×2 (coordinates are x·basis), got {basis.shape}.")
    if not np.isfinite(basis).all():
        raise ValueError("basis has NaN or inf entries: pass finite directions.")
    return basis


@style.context()
def plot_pull(
    pull: PullDecomposition,
    *,
    origin: np.ndarray | None = None,
    basis: np.ndarray | None = None,
    axis_labels: tuple[str, str] | None = None,
    labels: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
) -> Figure:
    """The update of W_out[j] in one step as arrows: one per part, and their sum.

    Each pull (green) and push (vermillion) starts at ``origin`` (the current
    W_out[j]; default 0) and the thick grey arrow is the total change. The 2-D
    map is ``basis`` (N×2; coordinates are x·basis), by default exact for N = 2
    and otherwise the plane of the parts' largest variation. Any linear map keeps
    sums, so the drawn parts still add up to the drawn total. ``labels[p]``
    (e.g. the centre word of part p's pair) annotates the pulls.
    """
    if not isinstance(pull, PullDecomposition):
        raise TypeError("pass a PullDecomposition from w2vlib.pull_decomposition or Stepper.pull.")
    N = pull.hidden.shape[1]
    parts = pull.parts
    if basis is None:
        require_2d(N, "train with dim=2, or pass basis=… (N×2)")
        # ± the parts: centred by construction, so the map stays linear (sums are kept)
        view = plane(np.vstack([parts, -parts]) if len(parts) else np.eye(N))
        basis = view.components.T
        default_labels = (
            ("dimension 1", "dimension 2")
            if view.exact
            else ("direction 1 of the parts", "direction 2")
        )
    else:
        basis = _checked_basis(basis, N)
        default_labels = ("coordinate 1", "coordinate 2")
    try:
        start = np.zeros(N) if origin is None else np.asarray(origin, dtype=np.float64)
    except (TypeError, ValueError):
        raise TypeError(f"origin must be a vector of N = {N} numbers, got {origin!r}.") from None
    if start.shape != (N,):
        raise ValueError(f"origin must be one vector of length N = {N}, got shape {start.shape}.")
    if labels is not None and (isinstance(labels, str) or len(labels) != len(parts)):
        got = "one string" if isinstance(labels, str) else len(labels)
        raise ValueError(f"labels must name each of the {len(parts)} parts, got {got}.")
    if axis_labels is not None and (
        isinstance(axis_labels, str) or len(axis_labels) != 2
    ):  # "ab" would silently name the axes "a" and "b"
        raise ValueError(f"axis_labels must be two strings (x, y), got {axis_labels!r}.")
    start = start @ basis
    flat = parts @ basis
    total = pull.total @ basis
    fig, ax = figure_and_axes(ax)
    for p, vector in enumerate(flat):
        c = style.PULL_COLOR if pull.is_pull[p] else style.PUSH_COLOR
        ax.add_patch(
            FancyArrowPatch(
                start,
                start + vector,
                arrowstyle="-|>",
                mutation_scale=14,
                color=c,
                lw=1.6,
                alpha=0.9,
                gid="part",
                zorder=3,
            )
        )
        if labels is not None and pull.is_pull[p]:
            ax.annotate(
                labels[p],
                start + vector,
                xytext=(3, 3),
                textcoords="offset points",
                fontsize=11,
                color=c,
            )
    ax.add_patch(
        FancyArrowPatch(
            start,
            start + total,
            arrowstyle="-|>",
            mutation_scale=20,
            color=style.TOTAL_COLOR,
            lw=4,
            alpha=0.75,
            gid="total",
            zorder=2,
        )
    )
    ax.scatter(*start, s=50, color=style.TOTAL_COLOR, zorder=3)
    ends = np.vstack([start, start + flat, start + total]) if len(flat) else np.vstack([start])
    span = np.ptp(ends, axis=0).max() or 1e-3
    ax.update_datalim(np.vstack([ends - 0.08 * span, ends + 0.08 * span]))
    ax.autoscale_view()
    n_pull, n_push = int(pull.is_pull.sum()), int((~pull.is_pull).sum())
    ax.plot([], [], color=style.PULL_COLOR, label=f"{plural(n_pull, 'pull')}  −lr·(y_j − 1)·h")
    ax.plot([], [], color=style.PUSH_COLOR, label=f"{plural(n_push, 'push')}  −lr·y_j·h")
    ax.plot([], [], color=style.TOTAL_COLOR, lw=4, alpha=0.75, label="their sum: the step")
    ax.legend(loc="best", fontsize=11)
    x_label, y_label = axis_labels or default_labels
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.set_title(
        title
        or f"One step of W_out[{pull.word}]: {plural(n_pull, 'pull')} and {plural(n_push, 'push')} add up"
    )
    return fig


def score_basis(stepper, word: str, context_words) -> tuple[np.ndarray, tuple[str, str]]:
    """N×2 basis W_in[[a, b]]ᵀ: coordinates are the scores W_out[·]·W_in[a] and ·W_in[b]."""
    if isinstance(context_words, str):
        raise TypeError(
            f"context_words must be two words, got the string {context_words!r}: "
            "pass e.g. ('feed', 'drive')."
        )
    context_words = list(context_words)
    if len(context_words) != 2:
        raise ValueError(
            f"context_words must hold exactly two words (one per axis), got {len(context_words)}."
        )
    a, b = (checked_word(stepper.vocab, c, "each of context_words") for c in context_words)
    labels = tuple(f"W_out[{word}]·W_in[{c}]" for c in context_words)
    return stepper.W_in[[a, b]].T, labels


def plot_step(
    stepper,
    word: str,
    *,
    context_words: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
) -> Figure:
    """:func:`plot_pull` for a :class:`~w2vlib.Stepper`'s next minibatch (not applied).

    With ``context_words=(a, b)`` the coordinates are the scores with W_in[a]
    and W_in[b] (basis = their input vectors, W_in held fixed), so the arrows
    show how the step changes what the model predicts for those centres.
    """
    from w2vlib.training.stepper import Stepper

    if not isinstance(stepper, Stepper):
        raise TypeError(
            f"plot_step needs a w2vlib.Stepper, got {type(stepper).__name__}: "
            "for a finished run use plot_trajectories or plot_score_trajectories."
        )
    j = checked_word(stepper.vocab, word)
    basis, axis_labels = None, None
    if context_words is not None:
        basis, axis_labels = score_basis(stepper, word, context_words)
    pull = stepper.pull(word)
    labels = None
    if stepper.arch == "skipgram":  # a CBOW hidden vector is a window mean: no single word
        centers = np.asarray(stepper.peek().inputs)[pull.example]
        labels = [stepper.vocab.words[c] for c in centers]
    toward = sorted({labels[p] for p in np.flatnonzero(pull.is_pull)}) if labels else []
    title = title or (
        f"Next step for '{word}' (step {stepper.steps + 1}): "
        + (f"pulled toward W_in of {', '.join(toward)}" if toward else "no pulls this time")
    )
    return plot_pull(
        pull,
        origin=stepper.W_out[j],
        basis=basis,
        axis_labels=axis_labels,
        labels=labels,
        ax=ax,
        title=title,
    )
