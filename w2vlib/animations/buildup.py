"""(a) One output row built tip to tail from copies of input vectors: ``row_buildup``."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.lines import Line2D

from w2vlib import _checks, style
from w2vlib.animations.canvas import INTERVAL_MS, RC, animate, new_figure, save_gif
from w2vlib.corpora import toy_corpus
from w2vlib.plots import project_pca
from w2vlib.training.stepper import Stepper

FULL_BATCH = 2**30  # a batch larger than any epoch: each step is one whole epoch
OTHERS = "others"  # buildup_arrows: the centres the word is never seen with
TWIN_COLOR = style.color(4)


@dataclass(frozen=True)
class Arrow:
    """One summed part of W_out[word]'s updates: ``vector`` = Σ coefficient·h over its pairs."""

    chunk: int  # which group of steps it belongs to
    centre: str  # the centre word whose input vector it copies
    coefficient: float  # Σ of −η(y − t) over those pairs: > 0 pull, < 0 push
    vector: np.ndarray  # N


def buildup_arrows(
    stepper: Stepper, word: str, *, chunks: int, steps_per_chunk: int, hold_inputs: bool = False
) -> list[Arrow]:
    """Advance ``stepper`` by chunks × steps_per_chunk minibatches, recording W_out[word]'s parts.

    Each part −η(y_bj − t_bj)·h_b is a multiple of W_in[c_b]. Within a chunk the parts are
    summed per centre c for the centres ``word`` is seen with (net of their pulls and
    pushes: an arrow along ±W_in[c]), and over all other centres into one arrow, centre
    ``"others"`` (pushes only: ``word`` is never their context). The arrows of all chunks
    add up to the change of W_out[word] (tests/test_animations.py checks it to 1e-12).
    ``hold_inputs=True`` puts W_in back after every step (W_in frozen, only W_out learns):
    then each named arrow is exactly (its coefficient)·W_in[c] for one fixed W_in[c].
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
            held = stepper.W_in.copy() if hold_inputs else None
            stepper.step()
            if held is not None:
                stepper.W_in[...] = held
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
    lr: float = 0.012,
    chunks: int = 10,
    steps_per_chunk: int = 3,
    hold_inputs: bool = True,
    seed: int = 0,
) -> FuncAnimation:
    """W_out[word] assembling tip to tail from copies of its neighbours' input vectors.

    A full-softmax skip-gram model (``toy_corpus("pets_vehicles")`` by default, W_out
    starting at 0) takes chunks × steps_per_chunk full-batch steps (every pair of the
    corpus in each step: lesson 04's corpus-wide update, lr per pair). With
    ``hold_inputs`` (the default) W_in is frozen, so every arrow along W_in[c] is an
    exact multiple of the dashed W_in[c] drawn from the origin, the same in every frame.
    Each centre word c that ``word`` is seen with has its own colour (legend); the
    pushes from all other centres are grey. The first chunk's arrows appear one by one,
    labelled coefficient·W_in[c]; then each frame adds one chunk. A black dot marks the
    chain's end (W_out[word] now); the last frame draws W_out[word] from the origin, whose
    tip is that dot, and circles where W_out[twin] ended: a word with the same contexts
    gets the same copies, so the same row.
    """
    _checks.positive_int("chunks", chunks)
    _checks.positive_int("steps_per_chunk", steps_per_chunk)
    if _checks.positive_int("dim", dim) < 2:
        raise ValueError(f"row_buildup draws the vectors in a plane: dim must be ≥ 2, got {dim}.")
    sentences = toy_corpus("pets_vehicles") if sentences is None else sentences
    stepper = Stepper(
        sentences,
        objective="softmax",
        dim=dim,
        lr=lr,
        batch_size=FULL_BATCH,
        lr_schedule="constant",
        epochs=chunks * steps_per_chunk,
        seed=seed,
    )
    for w in [word] if twin is None else [word, twin]:
        if w not in stepper.vocab.words:
            raise ValueError(f"{w!r} is not in the corpus's vocabulary: {stepper.vocab.words}.")
    start = stepper.W_out[stepper.vocab[word]].copy()
    P, how = _linear_map(stepper)
    arrows, inputs_then = [], []  # inputs_then[c]: W_in as the chunk c began (what is copied)
    for chunk in range(chunks):
        inputs_then.append(np.asarray(stepper.W_in, dtype=float) @ P.T)
        arrows += [
            Arrow(chunk, a.centre, a.coefficient, a.vector)
            for a in buildup_arrows(
                stepper, word, chunks=1, steps_per_chunk=steps_per_chunk, hold_inputs=hold_inputs
            )
        ]
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
    colour = {c: style.color(i) for i, c in enumerate(centres)} | {OTHERS: "0.55"}

    def frame_limits(k: int) -> tuple[np.ndarray, np.ndarray]:
        """The camera follows the row as it grows; the dashed W_in[c] always stay in view."""
        n = shown[k]
        chunk = arrows[n - 1].chunk
        points = [tips[:n], tails[:n], np.zeros((1, 2)), inputs_then[chunk][rows]]
        if k == len(shown) - 1:
            points += [final[None]] + ([] if twin_end is None else [twin_end[None]])
        points = np.vstack(points)
        low, high = points.min(0), points.max(0)
        pad = 0.12 * (high - low).max()
        return low - pad, high + pad

    fig = new_figure(figsize=(9.5, 5.4))
    with mpl.rc_context(RC):
        ax = fig.add_subplot()
        ax.set_aspect("equal", adjustable="box")
        ax.axhline(0, color="0.88", lw=1, zorder=0)
        ax.axvline(0, color="0.88", lw=1, zorder=0)
        ax.set_xlabel(how, fontsize=11)
        title = ax.set_title("", fontsize=12)
        held = "held fixed" if hold_inputs else "as the step began"
        handles = [
            Line2D([], [], color=colour[c], lw=2.5, label=f"copies of W_in[{c}]") for c in centres
        ]
        handles += [
            Line2D([], [], color=colour[OTHERS], lw=2.5, label="pushes, other centres"),
            Line2D([], [], color="0.3", lw=1.5, ls="--", label=f"W_in[c] itself ({held})"),
            Line2D(
                [],
                [],
                color="black",
                marker="o",
                ls="none",
                label=f"chain's end: W_out[{word}] so far\n(last frame: = the sum's tip)",
            ),
        ]
        if twin is not None:
            handles.append(
                Line2D(
                    [],
                    [],
                    color=TWIN_COLOR,
                    marker="o",
                    ms=12,
                    mfc="none",
                    ls="none",
                    label=f"where W_out[{twin}] ends",
                )
            )
        ax.legend(
            handles=handles,
            loc="upper left",
            bbox_to_anchor=(1.02, 1.0),
            fontsize=10,
            frameon=False,
            title="arrow colour = centre word c",
            title_fontsize=10,
        )
        drawn: list = []

    def draw(k: int) -> list:
        for artist in drawn:
            artist.remove()
        drawn.clear()
        n = shown[k]
        current = arrows[n - 1].chunk
        low, high = frame_limits(k)
        ax.set_xlim(low[0], high[0])
        ax.set_ylim(low[1], high[1])
        for c, v in zip(centres, inputs_then[current][rows], strict=True):
            drawn.append(
                ax.annotate(
                    "",
                    v,
                    (0, 0),
                    arrowprops=dict(
                        arrowstyle="-|>",
                        color=colour[c],
                        lw=1.5,
                        linestyle="--",
                        shrinkA=0,
                        shrinkB=0,
                    ),
                )
            )
        for i in range(n):
            a = arrows[i]
            alpha = 1.0 if a.chunk == current else 0.4
            drawn.append(
                ax.annotate(
                    "",
                    tips[i],
                    tails[i],
                    arrowprops=dict(
                        arrowstyle="-|>",
                        color=colour[a.centre],
                        lw=2.5,
                        alpha=alpha,
                        shrinkA=0,
                        shrinkB=0,
                    ),
                )
            )
        last = k == len(shown) - 1
        if n <= first_chunk:  # the first arrows one by one, each with its coefficient
            a = arrows[n - 1]
            label = (
                "Σ pushes, other centres"
                if a.centre == OTHERS
                else f"{a.coefficient:+.2f}·W_in[{a.centre}]"
            )
            mid = (tips[n - 1] + tails[n - 1]) / 2
            drawn.append(
                ax.annotate(
                    label,
                    mid,
                    fontsize=11,
                    color=colour[a.centre],
                    weight="bold",
                    xytext=(8, -16 if n % 2 else 10),
                    textcoords="offset points",
                )
            )
        # the tip's meaning is in the legend (no label to collide with); the sum's label
        # sits beside the middle of the sum arrow
        out = tips[n - 1] / (np.linalg.norm(tips[n - 1]) + 1e-300)
        if last:
            drawn.append(
                ax.annotate(
                    "",
                    final,
                    (0, 0),
                    zorder=6,
                    arrowprops=dict(
                        arrowstyle="-|>", color=style.TOTAL_COLOR, lw=2, shrinkA=0, shrinkB=0
                    ),
                )
            )
            drawn.append(
                ax.annotate(
                    f"W_out[{word}] = the sum",
                    final / 2,
                    fontsize=12,
                    weight="bold",
                    xytext=28 * np.array([-out[1], out[0]]),
                    ha="center",
                    va="center",
                    textcoords="offset points",
                )
            )
            if twin_end is not None:
                drawn.append(
                    ax.scatter(
                        *twin_end, s=320, facecolors="none", edgecolors=TWIN_COLOR, lw=2, zorder=7
                    )
                )
        drawn.append(ax.scatter(*tips[n - 1], s=40, color="black", zorder=8))
        steps = (current + 1) * steps_per_chunk  # full-batch steps = epochs
        title.set_text(
            f"W_out[{word}] is built from copies of input vectors · step {steps}"
            + (" · done" if last else "")
        )
        return drawn

    animation = animate(fig, draw, len(shown), INTERVAL_MS)
    fig.subplots_adjust(left=0.1, right=0.66)  # room for the legend beside the axes
    animation.arrows = arrows  # for tests and for readers who want the numbers
    animation.inputs = {c: [W[r] for W in inputs_then] for c, r in zip(centres, rows, strict=True)}
    animation.final_row = stepper.W_out[stepper.vocab[word]].copy()
    animation.start_row = start
    animation.twin_row = None if twin is None else stepper.W_out[stepper.vocab[twin]].copy()
    animation.W_in = np.asarray(stepper.W_in, dtype=float).copy()
    return animation


def readme_gif(out_dir: str | Path = "figures") -> Path:
    """``figures/row_buildup.gif``: the tip-to-tail animation of W_out[cat] (``make figures``)."""
    return save_gif(row_buildup(), Path(out_dir) / "row_buildup.gif")
