"""(a) One output row built tip to tail from copies of input vectors: ``row_buildup``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation

from w2vlib import _checks, style
from w2vlib.animations.canvas import INTERVAL_MS, RC, animate, new_figure, save_gif
from w2vlib.corpora import toy_corpus
from w2vlib.plots import project_pca
from w2vlib.stepper import Stepper

FULL_BATCH = 2**30  # a batch larger than any epoch: each step is one whole epoch
OTHERS = "others"  # buildup_arrows: the centres the word is never seen with


@dataclass(frozen=True)
class Arrow:
    """One summed part of W_out[word]'s updates: ``vector`` = Σ coefficient·h over its pairs."""

    chunk: int  # which group of steps it belongs to
    centre: str  # the centre word whose input vector it copies
    coefficient: float  # Σ of −η(y − t) over those pairs: > 0 pull, < 0 push
    vector: np.ndarray  # N


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

    fig = new_figure(figsize=(8.0, 5.0))
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

    animation = animate(fig, draw, len(shown), INTERVAL_MS)
    animation.arrows = arrows  # for tests and for readers who want the numbers
    animation.final_row = stepper.W_out[stepper.vocab[word]].copy()
    animation.start_row = start
    animation.twin_row = None if twin is None else stepper.W_out[stepper.vocab[twin]].copy()
    return animation


def readme_gif(out_dir: str | Path = "figures") -> Path:
    """``figures/row_buildup.gif``: the tip-to-tail animation of W_out[cat] (``make figures``)."""
    return save_gif(row_buildup(), Path(out_dir) / "row_buildup.gif")
