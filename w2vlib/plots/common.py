"""What every plot shares: input checks, picking W_in or W_out, the 2-D view, paths and arrows.

Public API (for the plot modules and the widgets; learners call the plots)::

    SPACES = ("out", "in"); SPACE_NAMES = {"out": "W_out", "in": "W_in"}
    require_run(run) / require_snapshots(run, at_least=2)
    checked_words(run, words, what="words") -> list[str]
    checked_pairs(run, pairs) -> list[tuple[str, str]]
    weights(holder, space) -> np.ndarray              # W_out or W_in of a Run, Snapshot or Stepper
    snapshot_stack(run, words, space="out") -> np.ndarray   # S×W×N
    require_2d(dim, fix=...)                          # the dim ≥ 2 check
    plane(points) -> Plane                            # exact if N = 2, else PCA of the points
    project_pca(points, n=2) -> (mean, components)    # scikit-learn's PCA, signs fixed
    figure_and_axes(ax, figsize) / draw_paths(ax, paths, words) / plural(n, noun)
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from w2vlib import _checks, style

SPACES = ("out", "in")
SPACE_NAMES = {"out": "W_out", "in": "W_in"}


# ---------------------------------------------------------------- checks


def require_run(run) -> None:
    """Raise unless ``run`` is a Run (from ``w2vlib.train`` or ``w2vlib.from_gensim``)."""
    from w2vlib.training.record import Run

    if not isinstance(run, Run):
        hint = (
            " (a Stepper: plot it with plot_step, or train(...) for a Run)"
            if hasattr(run, "pull")
            else ""
        )
        raise TypeError(f"expected a Run returned by w2vlib.train, got {type(run).__name__}{hint}.")


def require_snapshots(run, at_least: int = 2) -> None:
    """Raise if the run kept fewer than ``at_least`` snapshots, saying how to keep them."""
    require_run(run)
    if len(run.snapshots) < at_least:
        raise ValueError(
            f"this run kept {len(run.snapshots)} snapshots, and the plot needs at least "
            f"{at_least}: train with snapshot_every=… (e.g. train(..., snapshot_every=10))."
        )


def checked_word(vocab, word, what: str = "word") -> int:
    """The row of one word; an index or a non-string is refused with "pass a word"."""
    if isinstance(word, int | np.integer) and not isinstance(word, bool):
        example = vocab.words[word] if 0 <= word < len(vocab) else vocab.words[0]
        raise TypeError(
            f"{what} must be a word (a string), got the number {word!r}: "
            f"pass the word itself, e.g. {example!r}."
        )
    if not isinstance(word, str):
        raise TypeError(f"{what} must be a word (a string), got {type(word).__name__} {word!r}.")
    return vocab[word]  # raises UnknownWordError (a KeyError) with close matches


def checked_words(run, words: Sequence[str], what: str = "words") -> list[str]:
    """The words as a list, each checked against the vocabulary (KeyError with suggestions)."""
    if isinstance(words, str | bytes):
        word = words.decode(errors="replace") if isinstance(words, bytes) else words
        raise TypeError(
            f"{what} must be a list of words, got the single string {words!r}: pass [{word!r}]."
        )
    if isinstance(words, Mapping):
        raise TypeError(
            f"{what} must be a list of words, got a dict (its keys would be read as "
            "words): pass [w for ws in groups.values() for w in ws]."
        )
    try:
        words = list(words)
    except TypeError:
        raise TypeError(
            f"{what} must be a list of words, got {type(words).__name__} {words!r}."
        ) from None
    if not words:
        raise ValueError(f"{what} is empty: pass at least one word, e.g. ['cat', 'dog'].")
    for word in words:
        checked_word(run.vocab, word, f"each of {what}")
    return words


def checked_pairs(run, pairs) -> list[tuple[str, str]]:
    """Word pairs as tuples; a single pair ("cat", "dog") or a bare string is refused clearly."""
    if isinstance(pairs, str):
        raise TypeError(
            f"pairs must be a list of word pairs, got the string {pairs!r}: "
            "pass e.g. [('cat', 'dog')]."
        )
    pairs = list(pairs)
    if not pairs:
        raise ValueError("pairs is empty: pass word pairs, e.g. [('cat', 'dog'), ('cat', 'car')].")
    if all(isinstance(p, str) for p in pairs):  # ("cat", "dog"): one pair without its list
        raise TypeError(
            f"pairs must be a list of word pairs, got the words {tuple(pairs)!r}: "
            f"pass [{tuple(pairs)!r}], one pair inside a list."
        )
    checked = []
    for p in pairs:
        if isinstance(p, str) or len(p) != 2:
            raise ValueError(f"each pair must hold two words, got {p!r}.")
        checked.append(tuple(checked_words(run, p, "a pair")))
    return checked


def require_2d(dim: int, fix: str = "train with dim=2 (the picture is then exact) or more") -> None:
    """The dim ≥ 2 check of every 2-D picture."""
    if dim < 2:
        raise ValueError(f"the vectors have dim={dim}, and a 2-D picture needs dim ≥ 2: {fix}.")


# ---------------------------------------------------------------- data


def weights(holder, space: str) -> np.ndarray:
    """W_out (``space="out"``) or W_in (``"in"``) of a Run, a Snapshot or a Stepper."""
    space = _checks.choice("space", space, SPACES)
    return holder.W_out if space == "out" else holder.W_in


def snapshot_stack(run, words: Sequence[str], space: str = "out") -> np.ndarray:
    """S×W×N: the rows of ``words`` in W_out (or W_in) at every snapshot."""
    space = _checks.choice("space", space, SPACES)
    rows = run.vocab.indices(words)
    return np.stack([weights(s, space)[rows] for s in run.snapshots])


def project_pca(points: np.ndarray, n: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """PCA of the rows of ``points`` (M×N): their mean and the top-n directions (n×N).

    scikit-learn's PCA (exact LAPACK solver). Signs are fixed (the largest entry
    of each direction positive) so the same data always gives the same picture.
    The projection of x is (x − mean)·componentsᵀ.
    """
    from sklearn.decomposition import PCA  # imported here: sklearn costs ~0.9 s to import

    points = np.asarray(points, dtype=np.float64).reshape(-1, np.shape(points)[-1])
    n = min(n, *points.shape)
    if not np.ptp(points, axis=0).any():  # all rows equal (e.g. W_out = 0 at the start)
        return points.mean(axis=0), np.eye(n, points.shape[1])
    pca = PCA(n_components=n, svd_solver="full").fit(points)
    components = pca.components_
    signs = np.sign(components[np.arange(n), np.abs(components).argmax(axis=1)])
    return pca.mean_, components * np.where(signs == 0, 1.0, signs)[:, None]


@dataclass(frozen=True)
class Plane:
    """A 2-D view of N-dim rows: x ↦ (x − mean)·componentsᵀ; ``exact`` when N = 2."""

    mean: np.ndarray
    components: np.ndarray  # 2×N
    exact: bool

    def __call__(self, points: np.ndarray) -> np.ndarray:
        return (points - self.mean) @ self.components.T


def plane(points: np.ndarray) -> Plane:
    """Exact when the rows have N = 2 (identity), else the PCA of all of ``points``."""
    N = np.shape(points)[-1]
    require_2d(N)
    if N == 2:
        return Plane(np.zeros(2), np.eye(2), exact=True)
    mean, components = project_pca(points)
    return Plane(mean, components, exact=False)


# ---------------------------------------------------------------- drawing


def figure_and_axes(ax, figsize=style.FIGSIZE):
    """The given axes and their figure, or a new styled figure."""
    if ax is None:
        return style.new_figure(figsize=figsize)
    require_axes(ax)
    return ax.figure, ax


def require_axes(ax) -> None:
    """Raise unless ``ax`` is a matplotlib Axes (a string or None would fail deep inside)."""
    if not hasattr(ax, "plot") or getattr(ax, "figure", None) is None:
        raise TypeError(
            f"ax must be one matplotlib Axes (e.g. from plt.subplots()), got "
            f"{type(ax).__name__}: or leave it out for a new figure."
        )


def arrow_along(ax, path: np.ndarray, color: str) -> None:
    """One arrowhead halfway along a path (by length), showing the direction of travel."""
    steps = np.linalg.norm(np.diff(path, axis=0), axis=1)
    if steps.sum() == 0:
        return
    k = int(np.searchsorted(np.cumsum(steps), steps.sum() / 2))
    k = min(k, len(steps) - 1)
    ax.annotate(
        "",
        xy=path[k + 1],
        xytext=path[k],
        arrowprops=dict(arrowstyle="-|>", color=color, lw=2, mutation_scale=18),
    )


def draw_paths(ax, paths: np.ndarray, words: Sequence[str]) -> None:
    """One line per word through its S points, ○ at the start, ● at the end, an arrowhead."""
    for i, word in enumerate(words):
        c = style.color(i)
        ax.plot(paths[:, i, 0], paths[:, i, 1], color=c, lw=2, alpha=0.85, label=word)
        arrow_along(ax, paths[:, i], c)
    starts, ends = paths[0], paths[-1]
    colors = [style.color(i) for i in range(len(words))]
    ax.scatter(
        starts[:, 0],
        starts[:, 1],
        s=60,
        facecolors="white",
        edgecolors=colors,
        lw=2,
        zorder=3,
        label="start",
    )
    ax.scatter(ends[:, 0], ends[:, 1], s=60, c=colors, zorder=3, label="end")
    # Words that end together (the point of the course) share one label instead of overprinting.
    extent = np.ptp(paths.reshape(-1, 2), axis=0).max() or 1.0
    unlabelled = list(range(len(words)))
    while unlabelled:
        first = unlabelled[0]
        near = [i for i in unlabelled if np.linalg.norm(ends[i] - ends[first]) < 0.04 * extent]
        unlabelled = [i for i in unlabelled if i not in near]
        ax.annotate(
            ", ".join(words[i] for i in near),
            ends[first],
            xytext=(8, 6),
            textcoords="offset points",
            fontsize=12,
            color=style.color(first),
        )


def side_legend(ax, title: str | None = None, **kwargs) -> None:
    """The legend outside the axes, on the right, with an optional multi-line title."""
    ax.legend(
        loc="upper left",
        bbox_to_anchor=(1.0, 1.0),
        fontsize=11,
        title=title,
        title_fontsize=11,
        alignment="left",
        **kwargs,
    )


def plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}{'es' if noun.endswith('sh') else 's'}"
