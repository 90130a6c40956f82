"""Animations of W′ learning that play without a kernel: in JupyterLab, HTML pages and slides.

Public API::

    row_buildup(word="cat", *, sentences=None, twin="dog", dim=2, lr=0.1, batch_size=48,
                chunks=10, steps_per_chunk=3, seed=0) -> FuncAnimation
    buildup_arrows(stepper, word, *, chunks, steps_per_chunk) -> list[Arrow]
    rows_to_contexts(run, words, *, max_frames=20) -> FuncAnimation     # the explorer's view
    group_cosines_over_training(run, groups, *, max_frames=20) -> FuncAnimation
    group_cosine_series(run, groups) -> (steps, within, across)
    show(animation) -> IPython.display.HTML       # Animation.to_jshtml, figure closed
    frames(animation) -> list[np.ndarray]         # every frame as RGB pixels (tests, GIF)
    save_gif(animation, path, fps=4) -> Path      # Pillow writer (the README's GIF)

Every animation is a matplotlib ``FuncAnimation`` drawn with the Agg renderer from
fixed seeds, so it is the same on every machine. ``show`` embeds it as JavaScript
HTML (``Animation.to_jshtml``): the frames are PNGs inside the page, and the player
needs neither a kernel nor the network, so the same output plays in JupyterLab, in
``make html`` pages, in ``make slides`` decks and in RISE. Frame counts and sizes
are kept small (≤ ~45 frames of ≤ 800×360 px: well under 2 MB each).

The mathematics (course notation). In a minibatch, output row j changes by
Σ_b −η·(y_bj − t_bj)·h_b with h_b = W_in[c_b] (lesson 02): a sum of copies of
input vectors. ``buildup_arrows`` groups these parts by centre word c over a few
steps, so each arrow is (Σ of the coefficients)·W_in[c]-ish (W_in[c] moves a
little within a chunk; the arrow is the exact sum of the parts). Drawn tip to tail
under a fixed *linear* 2-D map, they add up exactly to W_out[j] − W_out⁽⁰⁾[j].
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation, PillowWriter
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from w2vlib import _checks, style
from w2vlib.corpora import toy_corpus
from w2vlib.evaluation import center, normalize_rows
from w2vlib.plots import checked_words, project_pca, require_snapshots, snapshot_stack
from w2vlib.stepper import Stepper
from w2vlib.training import Run

DPI = 72  # 9.5 in × 72 dpi = 684 px wide: readable on a slide, small as PNG frames
RC = {**style.RC, "figure.dpi": DPI, "savefig.dpi": DPI, "animation.embed_limit": 25.0}
INTERVAL_MS = 400
FULL_BATCH = 2**30  # a batch larger than any epoch: each step is one whole epoch
OTHERS = "others"  # buildup_arrows: the centres the word is never seen with


@dataclass(frozen=True)
class Arrow:
    """One summed part of W_out[word]'s updates: ``vector`` = Σ coefficient·h over its pairs."""

    chunk: int  # which group of steps it belongs to
    centre: str  # the centre word whose input vector it copies
    coefficient: float  # Σ of −η(y − t) over those pairs: > 0 pull, < 0 push
    vector: np.ndarray  # N


def _figure(figsize=(9.5, 4.5)) -> Figure:
    with mpl.rc_context(RC):
        fig = Figure(figsize=figsize, dpi=DPI)  # no layout engine: _animate lays it out once
    FigureCanvasAgg(fig)
    return fig


def _animate(fig: Figure, draw, n_frames: int, interval: int) -> FuncAnimation:
    """A FuncAnimation whose layout is computed once, on the last (fullest) frame.

    A layout engine left on the figure makes every saved frame draw twice (matplotlib
    draws once more to lay out); one ``tight_layout`` leaves none, and the frames line up.
    """
    with mpl.rc_context(RC):
        draw(n_frames - 1)
        fig.tight_layout()
    return FuncAnimation(fig, draw, frames=n_frames, interval=interval, blit=False)


# ---------------------------------------------------------------- (a) one row, tip to tail


def buildup_arrows(
    stepper: Stepper, word: str, *, chunks: int, steps_per_chunk: int
) -> list[Arrow]:
    """Advance ``stepper`` by chunks × steps_per_chunk minibatches, recording W_out[word]'s parts.

    Each part −η(y_bj − t_bj)·h_b is a multiple of W_in[c_b]. Within a chunk the parts are
    summed per centre c for the centres ``word`` is seen with (net of their pulls and
    pushes: an arrow along ±W_in[c]), and over all other centres into one arrow, centre
    ``"others"`` (pushes only: ``word`` is never their context). The arrows of all chunks
    add up to the change of W_out[word] (tests/test_animations.py checks it to 1e-12).
    """
    _checks.positive_int("chunks", chunks)
    _checks.positive_int("steps_per_chunk", steps_per_chunk)
    j = stepper.vocab[word]
    arrows: list[Arrow] = []
    for chunk in range(chunks):
        coefficient: dict[str, float] = {}
        vector: dict[str, np.ndarray] = {}
        seen_with: set[int] = set()
        parts = []
        for _ in range(steps_per_chunk):
            batch = stepper.peek()
            pull = stepper.pull(j)
            centres = batch.inputs[pull.example]
            seen_with |= {int(c) for c in centres[pull.is_pull]}
            parts += list(zip(centres, pull.coefficients, pull.parts, strict=True))
            stepper.step()
        for c, coef, part in parts:
            key = stepper.vocab.words[int(c)] if int(c) in seen_with else OTHERS
            coefficient[key] = coefficient.get(key, 0.0) + float(coef)
            vector[key] = vector.get(key, 0.0) + part
        named = sorted((k for k in coefficient if k != OTHERS), key=lambda k: -coefficient[k])
        order = named + ([OTHERS] if OTHERS in coefficient else [])
        arrows += [Arrow(chunk, k, coefficient[k], np.asarray(vector[k])) for k in order]
    return arrows


def _linear_map(stepper: Stepper) -> tuple[np.ndarray, str]:
    """N→2 without a shift (a linear map keeps sums: tip to tail stays exact)."""
    N = stepper.W_in.shape[1]
    if N == 2:
        return np.eye(2), "the vectors themselves (dim = 2)"
    _, components = project_pca(np.asarray(stepper.W_in, dtype=float)[None])
    return components, "projected on W_in's top two principal axes"


def row_buildup(
    word: str = "cat",
    *,
    sentences: Sequence[Sequence[str]] | None = None,
    twin: str | None = "dog",
    dim: int = 2,
    lr: float = 0.004,
    chunks: int = 10,
    steps_per_chunk: int = 3,
    seed: int = 0,
) -> FuncAnimation:
    """W_out[word] assembling tip to tail from copies of its neighbours' input vectors.

    A full-softmax skip-gram model (``toy_corpus("pets_vehicles")`` by default, W_out
    starting at 0) takes chunks × steps_per_chunk full-batch steps (every pair of the
    corpus in each step: lesson 04's corpus-wide update, lr per pair). The first chunk's
    arrows appear one by one: one per centre c that ``word`` is seen with, along ±W_in[c]
    (green if net a pull, vermillion if net a push), and one for the pushes from all
    other centres; then each frame adds one chunk. Dashed grey arrows: the directions of those centres' input vectors as the
    chunk began (they move too: lesson 04).
    The last frame draws W_out[word] itself (the sum), and where W_out[twin] ended: a word
    with the same contexts gets the same copies, so the same row.
    """
    sentences = toy_corpus("pets_vehicles") if sentences is None else sentences
    stepper = Stepper(sentences, objective="softmax", dim=dim, lr=lr, batch_size=FULL_BATCH,
                      lr_schedule="constant", epochs=chunks * steps_per_chunk, seed=seed)  # fmt: skip
    for w in [word] if twin is None else [word, twin]:
        if w not in stepper.vocab.words:
            raise ValueError(f"{w!r} is not in the corpus's vocabulary: {stepper.vocab.words}.")
    start = stepper.W_out[stepper.vocab[word]].copy()
    P, how = _linear_map(stepper)
    arrows, inputs_then = [], []  # inputs_then[c]: W_in as the chunk c began (what is copied)
    for chunk in range(chunks):
        inputs_then.append(np.asarray(stepper.W_in, dtype=float) @ P.T)
        arrows += [Arrow(chunk, a.centre, a.coefficient, a.vector) for a in buildup_arrows(
            stepper, word, chunks=1, steps_per_chunk=steps_per_chunk)]  # fmt: skip
    tips = np.cumsum([P @ a.vector for a in arrows], axis=0) + P @ start
    tails = np.vstack([P @ start, tips[:-1]])
    final = P @ stepper.W_out[stepper.vocab[word]]
    twin_end = None if twin is None else P @ stepper.W_out[stepper.vocab[twin]]
    first_chunk = sum(a.chunk == 0 for a in arrows)
    # frame k shows the first shown[k] arrows; the last frame adds the row itself
    shown = list(range(1, first_chunk + 1))
    shown += [sum(a.chunk <= c for a in arrows) for c in range(1, chunks)]
    shown += [len(arrows)]
    centres = [a.centre for a in arrows if a.chunk == 0 and a.centre != OTHERS]
    rows = stepper.vocab.indices(centres)

    def directions(chunk: int, scale: float) -> dict[str, np.ndarray]:
        v = inputs_then[chunk][rows]
        v = scale * v / (np.linalg.norm(v, axis=1, keepdims=True) + 1e-300)
        return dict(zip(centres, v, strict=True))

    def frame_limits(k: int) -> tuple[np.ndarray, np.ndarray, float]:
        """The camera follows the row as it grows (the first steps are small)."""
        n = shown[k]
        points = [tips[:n], tails[:n], np.zeros((1, 2))]
        if k == len(shown) - 1:
            points += [final[None]] + ([] if twin_end is None else [twin_end[None]])
        points = np.vstack(points)
        scale = 0.8 * np.linalg.norm(points, axis=1).max()
        points = np.vstack([points, [[-scale, -scale], [scale, scale]]])
        low, high = points.min(0), points.max(0)
        pad = 0.08 * (high - low).max()
        return low - pad, high + pad, scale

    fig = _figure(figsize=(8.0, 5.0))
    with mpl.rc_context(RC):
        ax = fig.add_subplot()
        ax.set_aspect("equal", adjustable="box")
        ax.axhline(0, color="0.88", lw=1, zorder=0)
        ax.axvline(0, color="0.88", lw=1, zorder=0)
        ax.set_xlabel(how, fontsize=11)
        title = ax.set_title("", fontsize=12)
        drawn: list = []

    def draw(k: int) -> list:
        for artist in drawn:
            artist.remove()
        drawn.clear()
        n = shown[k]
        current = arrows[n - 1].chunk
        low, high, scale = frame_limits(k)
        ax.set_xlim(low[0], high[0])
        ax.set_ylim(low[1], high[1])
        for c, v in directions(current, scale).items():
            drawn.append(ax.annotate("", v, (0, 0), arrowprops=dict(
                arrowstyle="->", color="0.65", lw=1, linestyle="--")))  # fmt: skip
            drawn.append(ax.annotate(f"W_in[{c}]", v, fontsize=10, color="0.4",
                                     xytext=(3, 3), textcoords="offset points"))  # fmt: skip
        for i in range(n):
            a = arrows[i]
            color = style.PULL_COLOR if a.coefficient > 0 else style.PUSH_COLOR
            alpha = 1.0 if a.chunk == current else 0.35
            drawn.append(ax.annotate("", tips[i], tails[i], arrowprops=dict(
                arrowstyle="-|>", color=color, lw=2, alpha=alpha, shrinkA=0, shrinkB=0)))  # fmt: skip
        if n <= first_chunk:
            a = arrows[n - 1]
            label = ("pushes from the other centres" if a.centre == OTHERS
                     else f"{a.coefficient:+.3f}·W_in[{a.centre}]")  # fmt: skip
            color = style.PULL_COLOR if a.coefficient > 0 else style.PUSH_COLOR
            drawn.append(ax.annotate(label, tips[n - 1], fontsize=11, color=color,
                                     xytext=(6, -14), textcoords="offset points"))  # fmt: skip
        last = k == len(shown) - 1
        if last:
            drawn.append(ax.annotate("", final, (0, 0), zorder=6, arrowprops=dict(
                arrowstyle="-|>", color=style.TOTAL_COLOR, lw=2.5, shrinkA=0, shrinkB=0)))  # fmt: skip
            drawn.append(ax.annotate(f"W_out[{word}] = the sum", final, fontsize=12,
                                     weight="bold", xytext=(6, 8), textcoords="offset points"))  # fmt: skip
            if twin_end is not None:
                drawn.append(ax.scatter(*twin_end, s=220, facecolors="none",
                                        edgecolors=style.color(4), lw=2, zorder=7))  # fmt: skip
                drawn.append(ax.annotate(f"W_out[{twin}] ends here", twin_end, fontsize=11,
                                         color=style.color(4), xytext=(8, -18),
                                         textcoords="offset points"))  # fmt: skip
        steps = (current + 1) * steps_per_chunk  # full-batch steps = epochs
        title.set_text(f"W_out[{word}] is built from copies of input vectors · step {steps}"
                       + (" · done" if last else ""))  # fmt: skip
        return drawn

    animation = _animate(fig, draw, len(shown), INTERVAL_MS)
    animation.arrows = arrows  # for tests and for readers who want the numbers
    animation.final_row = stepper.W_out[stepper.vocab[word]].copy()
    animation.start_row = start
    animation.twin_row = None if twin is None else stepper.W_out[stepper.vocab[twin]].copy()
    return animation


# ---------------------------------------------------------------- (b) the explorer's view


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
    cosines = np.stack([
        (lambda u: u @ u.T)(normalize_rows(center(getattr(s, name))[rows]))
        for s in run.snapshots
    ])  # fmt: skip
    index = _frame_indices(len(run.snapshots), max_frames)

    fig = _figure()
    with mpl.rc_context(RC):
        ax, ax_cos = fig.subplots(1, 2, width_ratios=[1.25, 1])
        flat = paths.reshape(-1, 2)
        low, high = flat.min(0), flat.max(0)
        pad = 0.06 * (high - low).max() + 1e-12
        ax.set_xlim(low[0] - pad, high[0] + pad)
        ax.set_ylim(low[1] - pad, high[1] + pad)
        colors = [style.color(i) for i in range(len(words))]
        lines = [ax.plot([], [], color=c, lw=2, label=w)[0]
                 for c, w in zip(colors, words, strict=True)]  # fmt: skip
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
        title.set_text(f"{name} rows over training: alike words move together · "
                       f"step {snap.step}, epoch {snap.epoch:.1f}")  # fmt: skip
        return [*lines, heads, image, title]

    animation = _animate(fig, draw, len(index), INTERVAL_MS // 2)
    animation.cosines = cosines[index]
    return animation


# ---------------------------------------------------------------- (c) within / across cosines


def group_cosine_series(
    run: Run, groups: Mapping[str, Sequence[str]], space: str = "out"
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(steps, within, across): mean centred cosine of pairs in one group / across groups."""
    from w2vlib.evaluation import group_cosines

    name = "W_out" if space == "out" else "W_in"
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

    fig = _figure()
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
        title.set_text(f"Groups form in W′: step {steps[s]}, within {within[s]:+.2f}, "
                       f"across {across[s]:+.2f}")  # fmt: skip
        return [image, line_in, line_out, title]

    animation = _animate(fig, draw, len(index), INTERVAL_MS // 2)
    animation.series = (steps[index], within[index], across[index])
    return animation


# ---------------------------------------------------------------- output


# to_jshtml's player draws its buttons with Font Awesome from a CDN: offline, and in the decks
# whose tests abort every non-local request, that link fails. Plain characters replace it.
ICONS = {
    "fa fa-minus": "−", "fa fa-fast-backward": "|◀◀", "fa fa-step-backward": "|◀",
    "fa fa-play fa-flip-horizontal": "◀", "fa fa-pause": "||", "fa fa-play": "▶",
    "fa fa-step-forward": "▶|", "fa fa-fast-forward": "▶▶|", "fa fa-plus": "+",
}  # fmt: skip
_CDN_LINK = re.compile(r"<link[^>]*https?://[^>]*>\s*")


def offline_html(html: str) -> str:
    """``to_jshtml``'s output with its one network reference (Font Awesome) removed."""
    html = _CDN_LINK.sub("", html)
    for icon, text in ICONS.items():
        html = html.replace(f'<i class="{icon}"></i>', text)
    return html


def show(animation: FuncAnimation):
    """The animation as JavaScript HTML (frames embedded): plays with no kernel, offline."""
    from IPython.display import HTML

    with mpl.rc_context(RC):
        html = animation.to_jshtml(fps=1000 / animation._interval, default_mode="once")
    return HTML(offline_html(html))


def frames(animation: FuncAnimation) -> list[np.ndarray]:
    """Every frame, drawn with Agg, as an H×W×3 uint8 array (for tests and the GIF)."""
    fig = animation._fig
    out = []
    with mpl.rc_context(RC):
        for k in range(animation._save_count):
            animation._func(k)
            fig.canvas.draw()
            out.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())
    return out


def save_gif(animation: FuncAnimation, path: str | Path, fps: int = 3) -> Path:
    """Write the animation as an animated GIF with Pillow (the README's picture)."""
    from PIL import Image

    path = Path(path)
    images = [Image.fromarray(f).quantize(colors=64, method=Image.Quantize.MEDIANCUT,
                                          dither=Image.Dither.NONE) for f in frames(animation)]  # fmt: skip
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    images[0].save(buffer, format="GIF", save_all=True, append_images=images[1:],
                   duration=int(1000 / fps), loop=0, optimize=False)  # fmt: skip
    # hold the last frame (the finished row) a little longer is not needed: the GIF loops
    path.write_bytes(buffer.getvalue())
    return path


def readme_gif(out_dir: str | Path = "figures") -> Path:
    """``figures/row_buildup.gif``: the tip-to-tail animation of W_out[cat] (``make figures``)."""
    return save_gif(row_buildup(), Path(out_dir) / "row_buildup.gif")


__all__ = [
    "Arrow",
    "PillowWriter",
    "buildup_arrows",
    "frames",
    "group_cosine_series",
    "group_cosines_over_training",
    "offline_html",
    "readme_gif",
    "row_buildup",
    "rows_to_contexts",
    "save_gif",
    "show",
]
