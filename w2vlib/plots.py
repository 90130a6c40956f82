"""Plots that make W′ learning visible, honest about what each projection can show.

Public API (every function returns its Figure and accepts ``ax=`` to draw into
existing axes; words are strings, checked with ``vocab[word]``)::

    plot_trajectories(run, words, *, space="out", context_words=(), ax=None, title=None)
    plot_score_trajectories(run, words, context_words, *, ax=None, title=None)
    plot_similarity_over_time(run, pairs, *, space="out", ax=None, title=None)
    plot_cosine_heatmaps(run, groups, *, steps=None, space="out", ax=None)
    plot_loss(run, *, smooth=None, X=None, ax=None, title=None)
    plot_optimum(run, X, *, ax=None, title=None)
    loss_floor(run, X) -> float                            # softmax: H(O|C)
    plot_pull(pull, *, origin=None, basis=None, axis_labels=None, labels=None, ax=None, title=None)
    plot_step(stepper, word, *, context_words=None, ax=None, title=None)
    project_pca(points, n=2) -> (mean, components)        # the PCA used by the trajectories
    snapshot_stack(run, words, space) -> np.ndarray        # S×W×N rows over the snapshots
    centred_cosines_over_time(run, pairs, space="out") -> np.ndarray   # S×P, as plotted
    optimum_targets(run, X) -> (theory, model, label)      # the optimum scatter's numbers

In a notebook, a returned figure shows once when it is the cell's last
expression (``fig = plot_…(…)`` shows nothing until you write ``fig``).

Why the projections are what they are: the loss only sees dot products
W_in[c]·W_out[o], and it is unchanged by W_in → W_in·A, W_out → W_out·A^{-T}
for any invertible A. So a position of an input vector next to an output
vector in one PCA means nothing. Three pictures are legitimate, and used here:

* one space at a time (``plot_trajectories``): exact when N = 2, otherwise
  a PCA fitted once on every snapshot of the plotted rows (fixed axes). The
  other space's rows are drawn only as *directions* from the point where the
  zero vector lands: an SGD step adds multiples of W_in[c] to W_out[j], and a
  linear map keeps sums, so "W_out[j] moves along W_in[c]" is visible.
* dot-product coordinates (``plot_score_trajectories``): x = W_out[j]·W_in[a],
  y = W_out[j]·W_in[b], the scores the model gives j as a context of a and b.
  They are invariant under A, so both spaces meet legitimately.
* ``plot_pull``: the parts of one update under any *linear* 2-D map, which
  keeps "the parts add up to the total".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from w2vlib import _checks, style, theory
from w2vlib.evaluation import center, cosine_matrix
from w2vlib.pull import PullDecomposition
from w2vlib.training import Run

SPACES = ("out", "in")
SPACE_NAMES = {"out": "W_out", "in": "W_in"}


# ---------------------------------------------------------------- checks and data


def require_snapshots(run: Run, at_least: int = 2) -> None:
    """Raise if the run kept fewer than ``at_least`` snapshots, saying how to keep them."""
    if not isinstance(run, Run):
        raise TypeError(f"expected a Run returned by w2vlib.train, got {type(run).__name__}.")
    if len(run.snapshots) < at_least:
        raise ValueError(
            f"this run kept {len(run.snapshots)} snapshots, and the plot needs at least "
            f"{at_least}: train with snapshot_every=… (e.g. train(..., snapshot_every=10))."
        )


def checked_words(run: Run, words: Sequence[str], what: str = "words") -> list[str]:
    """The words as a list, each checked against the vocabulary (KeyError with suggestions)."""
    if isinstance(words, str):
        raise TypeError(f"{what} must be a list of words, got the single string {words!r}: "
                        f"pass [{words!r}].")  # fmt: skip
    words = list(words)
    if not words:
        raise ValueError(f"{what} is empty: pass at least one word, e.g. ['cat', 'dog'].")
    for word in words:
        run.vocab[word]  # raises UnknownWordError (a KeyError) with close matches
    return words


def snapshot_stack(run: Run, words: Sequence[str], space: str = "out") -> np.ndarray:
    """S×W×N: the rows of ``words`` in W_out (or W_in) at every snapshot."""
    space = _checks.choice("space", space, SPACES)
    rows = run.vocab.indices(words)
    key = "W_out" if space == "out" else "W_in"
    return np.stack([getattr(s, key)[rows] for s in run.snapshots])


def project_pca(points: np.ndarray, n: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """PCA of the rows of ``points`` (M×N): their mean and the top-n directions (n×N).

    Signs are fixed (largest entry of each direction positive) so the same data
    always gives the same picture. The projection of x is (x − mean)·componentsᵀ.
    """
    points = np.asarray(points, dtype=np.float64).reshape(-1, np.shape(points)[-1])
    mean = points.mean(axis=0)
    _, _, Vt = np.linalg.svd(points - mean, full_matrices=False)
    components = Vt[:n]
    signs = np.sign(components[np.arange(len(components)), np.abs(components).argmax(axis=1)])
    return mean, components * np.where(signs == 0, 1.0, signs)[:, None]


def _two_d(run: Run) -> int:
    N = run.W_in.shape[1]
    if N < 2:
        raise ValueError(
            f"this run has dim={N}, and a 2-D picture needs dim ≥ 2: train with dim=2 "
            "(the picture is then exact) or more (then a PCA is drawn)."
        )
    return N


def _figure(ax, figsize=style.FIGSIZE):
    if ax is None:
        return style.new_figure(figsize=figsize)
    return ax.figure, ax


def _arrow_along(ax, path: np.ndarray, color: str) -> None:
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


def _draw_paths(ax, paths: np.ndarray, words: Sequence[str]) -> None:
    """One line per word through its S points, ○ at the start, ● at the end, an arrowhead."""
    for i, word in enumerate(words):
        c = style.color(i)
        ax.plot(paths[:, i, 0], paths[:, i, 1], color=c, lw=2, alpha=0.85, label=word)
        _arrow_along(ax, paths[:, i], c)
    starts, ends = paths[0], paths[-1]
    colors = [style.color(i) for i in range(len(words))]
    ax.scatter(starts[:, 0], starts[:, 1], s=60, facecolors="white", edgecolors=colors, lw=2,
               zorder=3, label="start")  # fmt: skip
    ax.scatter(ends[:, 0], ends[:, 1], s=60, c=colors, zorder=3, label="end")
    # Words that end together (the point of the course) share one label instead of overprinting.
    extent = np.ptp(paths.reshape(-1, 2), axis=0).max() or 1.0
    unlabelled = list(range(len(words)))
    while unlabelled:
        first = unlabelled[0]
        near = [i for i in unlabelled if np.linalg.norm(ends[i] - ends[first]) < 0.04 * extent]
        unlabelled = [i for i in unlabelled if i not in near]
        ax.annotate(", ".join(words[i] for i in near), ends[first], xytext=(8, 6),
                    textcoords="offset points", fontsize=12, color=style.color(first))  # fmt: skip


# ---------------------------------------------------------------- trajectories


@style.context()
def plot_trajectories(
    run: Run,
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
    context_words = list(context_words) and checked_words(run, context_words, "context_words")
    N = _two_d(run)
    stack = snapshot_stack(run, words, space)  # S×W×N
    other = "in" if space == "out" else "out"
    if N == 2:
        mean, components = np.zeros(2), np.eye(2)
        axis_names = ("dimension 1", "dimension 2")
        how = "exact: dim = 2"
    else:
        mean, components = project_pca(stack)
        axis_names = ("PC 1", "PC 2")
        how = "PCA of these rows over all snapshots, fitted once"
    paths = (stack - mean) @ components.T
    fig, ax = _figure(ax)
    _draw_paths(ax, paths, words)
    if context_words:
        _draw_directions(ax, run, context_words, other, mean, components, paths)
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
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11, title=why,
              title_fontsize=11, alignment="left")  # fmt: skip
    return fig


def _draw_directions(ax, run, context_words, space, mean, components, paths) -> None:
    """The other space's rows as dashed directions from where the zero vector projects."""
    rows = run.vocab.indices(context_words)
    key = "W_out" if space == "out" else "W_in"
    directions = getattr(run.snapshots[-1], key)[rows] @ components.T
    origin = -mean @ components.T
    extent = np.abs(paths - origin).max() or 1.0
    lengths = np.linalg.norm(directions, axis=1, keepdims=True)
    tips = origin + 0.8 * extent * directions / np.where(lengths == 0, 1.0, lengths)
    for word, tip in zip(context_words, tips, strict=True):
        ax.annotate("", xy=tip, xytext=origin, arrowprops=dict(
            arrowstyle="-|>", ls="--", color=style.CONTEXT_COLOR, lw=1.5, mutation_scale=14))  # fmt: skip
        ax.annotate(f"{SPACE_NAMES[space]}[{word}]", tip, xytext=(4, -12),
                    textcoords="offset points", fontsize=11, color=style.CONTEXT_COLOR)  # fmt: skip
    ax.plot([], [], ls="--", color=style.CONTEXT_COLOR, lw=1.5,
            label=f"direction of {SPACE_NAMES[space]}[c] (the pull)")  # fmt: skip
    ax.update_datalim(np.vstack([tips, origin]))
    ax.autoscale_view()


def _trajectory_title(run: Run, words: Sequence[str], space: str) -> str:
    final = center(run.snapshots[-1].W_out if space == "out" else run.snapshots[-1].W_in)
    C = cosine_matrix(final[run.vocab.indices(words)])
    if len(words) == 1:
        return f"{words[0]}: its {SPACE_NAMES[space]} row over training"
    return (
        f"{SPACE_NAMES[space]} rows move over training: {words[0]}·{words[1]} "
        f"centred cosine ends at {C[0, 1]:.2f}"
    )


@style.context()
def plot_score_trajectories(
    run: Run,
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
        [np.stack([s.W_out[rows] @ s.W_in[a], s.W_out[rows] @ s.W_in[b]], axis=1)
         for s in run.snapshots]
    )  # fmt: skip
    fig, ax = _figure(ax)
    ax.axhline(0, color="0.8", lw=1, zorder=0)
    ax.axvline(0, color="0.8", lw=1, zorder=0)
    _draw_paths(ax, paths, words)
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
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11,
              title="dot products across\nthe two spaces are\nunchanged by\nW_in·A, W_out·A⁻ᵀ",
              title_fontsize=11, alignment="left")  # fmt: skip
    return fig


# ---------------------------------------------------------------- similarity


def centred_cosines_over_time(
    run: Run, pairs: Sequence[tuple[str, str]], space: str = "out"
) -> np.ndarray:
    """S×P: the cosine of each pair of rows, centred on the mean row, at every snapshot."""
    space = _checks.choice("space", space, SPACES)
    idx = [(run.vocab[a], run.vocab[b]) for a, b in _checked_pairs(run, pairs)]
    out = np.zeros((len(run.snapshots), len(idx)))
    for s, snap in enumerate(run.snapshots):
        M = center(snap.W_out if space == "out" else snap.W_in)
        norms = np.linalg.norm(M, axis=1)
        for p, (i, j) in enumerate(idx):
            denominator = norms[i] * norms[j]
            out[s, p] = M[i] @ M[j] / denominator if denominator else 0.0
    return out


def _checked_pairs(run: Run, pairs) -> list[tuple[str, str]]:
    pairs = [tuple(p) for p in pairs]
    if not pairs:
        raise ValueError("pairs is empty: pass word pairs, e.g. [('cat', 'dog'), ('cat', 'car')].")
    for p in pairs:
        if len(p) != 2:
            raise ValueError(f"each pair must hold two words, got {p!r}.")
        checked_words(run, p, "a pair")
    return pairs


@style.context()
def plot_similarity_over_time(
    run: Run,
    pairs: Sequence[tuple[str, str]],
    *,
    space: str = "out",
    ax=None,
    title: str | None = None,
) -> Figure:
    """The cosine between chosen pairs of rows (centred on the mean row) against the step.

    Centring matters: under the full softmax, adding one vector to every row of
    W_out changes nothing, so only differences from the mean row carry meaning.
    """
    require_snapshots(run)
    pairs = _checked_pairs(run, pairs)
    cos = centred_cosines_over_time(run, pairs, space)
    steps = np.array([s.step for s in run.snapshots])
    fig, ax = _figure(ax)
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
            raise TypeError(f"groups must hold lists of words, got the string {ws!r}: "
                            f"pass [{ws!r}].")  # fmt: skip
    members = [list(ws) for ws in values]
    return [w for ws in members for w in ws], [len(ws) for ws in members]


@style.context()
def plot_cosine_heatmaps(
    run: Run,
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
    kept = np.array([s.step for s in run.snapshots])
    if steps is None:
        chosen = [0, len(kept) // 2, len(kept) - 1]
    else:
        steps = list(steps)
        if not steps:
            raise ValueError("steps is empty: pass training steps, e.g. [0, 100, 1000], or None.")
        chosen = [int(np.abs(kept - s).argmin()) for s in steps]
    if ax is None:
        fig, axes = style.new_figure(1, len(chosen), figsize=(9.5, 3.9), squeeze=False)
        axes = style.as_axes_list(axes)
    else:
        axes = style.as_axes_list(ax)
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
        C = cosine_matrix(center(snap.W_out if space == "out" else snap.W_in)[rows])
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


# ---------------------------------------------------------------- loss and optimum


@style.context()
def plot_loss(
    run: Run,
    *,
    smooth: int | None = None,
    X: np.ndarray | None = None,
    ax=None,
    title: str | None = None,
) -> Figure:
    """The minibatch losses (thin) and their running mean over ``smooth`` steps (thick).

    For a full-softmax skip-gram run, pass the co-occurrence matrix ``X`` to draw
    the lowest loss any model can reach, the conditional entropy
    H(O|C) = −Σ_{c,o} (X[c,o]/|D|)·log p̂(o|c): it is reached exactly when
    softmax(W_out·W_in[c]) = p̂(·|c), i.e. at W_in·W_outᵀ = log p̂(o|c) + b_c.
    """
    if not isinstance(run, Run):
        raise TypeError(f"expected a Run returned by w2vlib.train, got {type(run).__name__}.")
    if len(run.losses) == 0:
        raise ValueError("the run has no losses: train for at least one step.")
    floor = None if X is None else loss_floor(run, X)
    losses = run.losses
    smooth = (
        _checks.positive_int("smooth", smooth) if smooth is not None else max(1, len(losses) // 50)
    )
    if smooth > len(losses):  # np.convolve would swap its arguments and average nonsense
        raise ValueError(
            f"smooth={smooth} is longer than the run's {len(losses)} steps: pass smooth ≤ "
            f"{len(losses)}, or None for a fiftieth of the run."
        )
    kernel = np.ones(smooth) / smooth
    mean = np.convolve(losses, kernel, mode="valid")
    steps = np.arange(1, len(losses) + 1)
    fig, ax = _figure(ax)
    ax.plot(steps, losses, color=style.color(5), lw=0.8, alpha=0.6, label="minibatch loss")
    ax.plot(steps[smooth - 1 :], mean, color=style.color(0), lw=2.5,
            label=f"mean of {smooth} steps")  # fmt: skip
    if floor is not None:
        ax.axhline(floor, ls="--", color=style.color(3), lw=1.5,
                   label=f"lowest possible: H(O|C) = {floor:.3f}")  # fmt: skip
    ax.set_xlabel("training step (minibatches)")
    ax.set_ylabel(f"mean loss ({run.config['objective']})")
    headline = f"The loss falls from {mean[0]:.2f} to {mean[-1]:.2f}"
    if floor is not None:
        headline += f", the floor is {floor:.2f}"
    ax.set_title(title or headline)
    ax.legend(loc="best", fontsize=11)
    return fig


def loss_floor(run: Run, X: np.ndarray) -> float:
    """The full-softmax skip-gram loss at the optimum: H(O|C) = −Σ (X/|D|)·log p̂(o|c)."""
    if run.config.get("objective") != "softmax" or run.config.get("arch") != "skipgram":
        raise ValueError(
            "the loss floor H(O|C) is drawn for full-softmax skip-gram runs only: drop X."
        )
    X = _checked_cooccurrence(run, X)
    observed = X > 0
    return float(-(X[observed] * theory.log_conditional(X)[observed]).sum() / X.sum())


def _checked_cooccurrence(run: Run, X: np.ndarray) -> np.ndarray:
    X = np.asarray(X.toarray() if hasattr(X, "toarray") else X, dtype=np.float64)
    V = len(run.vocab)
    if X.shape != (V, V):
        raise ValueError(
            f"X has shape {X.shape} but the run's vocabulary has {V} words: build it with "
            "w2vlib.cooccurrence(sentences, run.vocab, window)."
        )
    return X


def optimum_targets(run: Run, X: np.ndarray) -> tuple[np.ndarray, np.ndarray, str]:
    """(theory, model, label) over the observed pairs, as plotted by :func:`plot_optimum`.

    Negative sampling: theory = PMI − log k with the sampler's α = 0.75 context
    smoothing, model = W_in·W_outᵀ. Softmax: theory = log p̂(o|c) and model =
    W_in·W_outᵀ, each row centred over its observed pairs (removing b_c).
    """
    if run.config.get("arch") != "skipgram":
        raise ValueError(
            "the optimum W_in·W_outᵀ = PMI − log k (or log p̂(o|c)) is skip-gram's: "
            "train with arch='skipgram'."
        )
    X = _checked_cooccurrence(run, X)
    model = run.W_in @ run.W_out.T
    observed = X > 0
    if run.config["objective"] == "negative":
        k = run.config["negative"]
        target = theory.shifted_pmi(X, k, alpha=0.75)
        label = f"PMI − log {k}  (α = 0.75)"
    else:
        target = theory.centered_rows(theory.log_conditional(X))
        model = theory.centered_rows(np.where(observed, model, np.nan))
        label = "log p̂(o|c), centred per centre c"
    return target[observed], model[observed], label


@style.context()
def plot_optimum(run: Run, X: np.ndarray, *, ax=None, title: str | None = None) -> Figure:
    """Entries of W_in·W_outᵀ against what theory says they converge to, observed pairs only.

    ``X`` is the co-occurrence matrix: ``w2vlib.cooccurrence(sentences, run.vocab, window)``.
    The legend gives the least-squares line and the correlation r.
    """
    target, model, label = optimum_targets(run, X)
    slope, intercept, r = theory.fit_line(target, model)
    fig, ax = _figure(ax, figsize=(9.5, 5.5))
    ax.scatter(target, model, s=28, color=style.color(0), alpha=0.7,
               label=f"{len(target)} observed (c, o) pairs")  # fmt: skip
    grid = np.linspace(target.min(), target.max(), 2)
    ax.plot(grid, slope * grid + intercept, color=style.color(3),
            label=f"fit: y = {slope:.2f}·x {intercept:+.2f}, r = {r:.3f}")  # fmt: skip
    ax.plot(grid, grid, ls="--", color="0.5", lw=1.5, label="y = x (the optimum)")
    ax.set_xlabel(label)
    ax.set_ylabel("W_in[c]·W_out[o]" + (", centred" if "centred" in label else ""))
    short = "PMI − log k" if run.config["objective"] == "negative" else "log p̂(o|c) + b_c"
    ax.set_title(title or f"Training factorises the corpus: W_in·W_outᵀ ≈ {short} (r = {r:.2f})")
    ax.legend(loc="upper left", fontsize=11)
    return fig


# ---------------------------------------------------------------- one step, part by part


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
        if N < 2:
            raise ValueError("dim=1: a 2-D picture needs dim ≥ 2 (train with dim=2).")
        if N == 2:
            basis, default_labels = np.eye(2), ("dimension 1", "dimension 2")
        else:
            _, components = project_pca(np.vstack([parts, -parts]) if len(parts) else np.eye(N))
            basis, default_labels = components.T, ("direction 1 of the parts", "direction 2")
    else:
        basis = np.asarray(basis, dtype=np.float64)
        if basis.shape != (N, 2):
            raise ValueError(
                f"basis must be N×2 = {N}×2 (coordinates are x·basis), got {basis.shape}."
            )
        default_labels = ("coordinate 1", "coordinate 2")
    start = np.zeros(N) if origin is None else np.asarray(origin, dtype=np.float64)
    if start.shape != (N,):
        raise ValueError(f"origin must be one vector of length N = {N}, got shape {start.shape}.")
    if labels is not None and len(labels) != len(parts):
        raise ValueError(f"labels must name each of the {len(parts)} parts, got {len(labels)}.")
    start = start @ basis
    flat = parts @ basis
    total = pull.total @ basis
    fig, ax = _figure(ax)
    for p, vector in enumerate(flat):
        c = style.PULL_COLOR if pull.is_pull[p] else style.PUSH_COLOR
        ax.add_patch(FancyArrowPatch(start, start + vector, arrowstyle="-|>", mutation_scale=14,
                                     color=c, lw=1.6, alpha=0.9, gid="part", zorder=3))  # fmt: skip
        if labels is not None and pull.is_pull[p]:
            ax.annotate(labels[p], start + vector, xytext=(3, 3), textcoords="offset points",
                        fontsize=11, color=c)  # fmt: skip
    ax.add_patch(FancyArrowPatch(start, start + total, arrowstyle="-|>", mutation_scale=20,
                                 color=style.TOTAL_COLOR, lw=4, alpha=0.75, gid="total", zorder=2))  # fmt: skip
    ax.scatter(*start, s=50, color=style.TOTAL_COLOR, zorder=3)
    ends = np.vstack([start, start + flat, start + total]) if len(flat) else np.vstack([start])
    span = np.ptp(ends, axis=0).max() or 1e-3
    ax.update_datalim(np.vstack([ends - 0.08 * span, ends + 0.08 * span]))
    ax.autoscale_view()
    n_pull, n_push = int(pull.is_pull.sum()), int((~pull.is_pull).sum())
    ax.plot([], [], color=style.PULL_COLOR, label=f"{_plural(n_pull, 'pull')}  −lr·(y_j − 1)·h")
    ax.plot([], [], color=style.PUSH_COLOR, label=f"{_plural(n_push, 'push')}  −lr·y_j·h")
    ax.plot([], [], color=style.TOTAL_COLOR, lw=4, alpha=0.75, label="their sum: the step")
    ax.legend(loc="best", fontsize=11)
    x_label, y_label = axis_labels or default_labels
    ax.set_xlabel(x_label)
    ax.set_ylabel(y_label)
    ax.set_title(
        title
        or f"One step of W_out[{pull.word}]: {_plural(n_pull, 'pull')} and {_plural(n_push, 'push')} add up"
    )
    return fig


def plot_step(
    stepper,
    word: str,
    *,
    context_words: Sequence[str] | None = None,
    ax=None,
    title: str | None = None,
) -> Figure:
    """:func:`plot_pull` for a :class:`~w2vlib.stepper.Stepper`'s next minibatch (not applied).

    With ``context_words=(a, b)`` the coordinates are the scores with W_in[a]
    and W_in[b] (basis = their input vectors, W_in held fixed), so the arrows
    show how the step changes what the model predicts for those centres.
    """
    j = stepper.vocab[word]
    pull = stepper.pull(word)
    basis, axis_labels = None, None
    if context_words is not None:
        context_words = list(context_words)
        if len(context_words) != 2:
            raise ValueError("context_words must hold exactly two words (one per axis).")
        a, b = stepper.vocab.indices(context_words)
        basis = stepper.W_in[[a, b]].T
        axis_labels = tuple(f"W_out[{word}]·W_in[{c}]" for c in context_words)
    labels = None
    if stepper.arch == "skipgram":  # a CBOW hidden vector is a window mean: no single word
        centres = np.asarray(stepper.peek().inputs)[pull.example]
        labels = [stepper.vocab.words[c] for c in centres]
    toward = sorted({labels[p] for p in np.flatnonzero(pull.is_pull)}) if labels else []
    title = title or (
        f"Next step for '{word}' (step {stepper.steps + 1}): "
        + (f"pulled toward W_in of {', '.join(toward)}" if toward else "no pulls this time")
    )
    return plot_pull(pull, origin=stepper.W_out[j], basis=basis, axis_labels=axis_labels,
                     labels=labels, ax=ax, title=title)  # fmt: skip


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}{'es' if noun.endswith('sh') else 's'}"
