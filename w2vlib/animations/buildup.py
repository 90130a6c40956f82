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
    stepper: Stepper,
    word: str,
    *,
    chunks: int,
    steps_per_chunk: int,
    hold_inputs: bool = False,
    group_others: bool = True,
) -> list[Arrow]:
    """Advance ``stepper`` by chunks × steps_per_chunk minibatches, recording W_out[word]'s parts.

    Each part −η(y_bj − t_bj)·h_b is a multiple of W_in[c_b]. Within a chunk the parts are
    summed per centre c for the centres ``word`` is seen with (net of their pulls and
    pushes: an arrow along ±W_in[c]), and over all other centres into one arrow, centre
    ``"others"`` (pushes only: ``word`` is never their context). The arrows of all chunks
    add up to the change of W_out[word] (tests/test_animations.py checks it to 1e-12).
    ``hold_inputs=True`` puts W_in back after every step (W_in frozen, only W_out learns):
    then each named arrow is exactly (its coefficient)·W_in[c] for one fixed W_in[c].
    ``group_others=False`` keeps every centre apart (pushes by centre too).
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
            key = stepper.vocab.words[int(c)] if int(c) in seen_with or not group_others else OTHERS
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


# One colour per centre word: Okabe–Ito, then Paul Tol's muted colours (both chosen to stay
# distinct under the common colour-vision deficiencies); every arrow is also labelled.
CENTRE_COLORS = (
    "#E69F00",
    "#56B4E9",
    "#009E73",
    "#0072B2",
    "#D55E00",
    "#CC79A7",
    "#882255",
    "#44AA99",
    "#999933",
    "#332288",
    "#AA4499",
    "#888888",
)


def _centre_sums(stepper: Stepper, word: str, chunks: int, steps: int, hold: bool):
    """Per chunk: each centre's pulls − pushes on W_out[word] so far, W_in, and W_out[word] then."""
    V, j = len(stepper.vocab), stepper.vocab[word]
    cumulative, inputs, arrows = [np.zeros((V, stepper.W_in.shape[1]))], [], []
    rows = [np.asarray(stepper.W_out[j], dtype=float).copy()]
    for chunk in range(chunks):
        inputs.append(np.asarray(stepper.W_in, dtype=float).copy())
        parts = buildup_arrows(
            stepper, word, chunks=1, steps_per_chunk=steps, hold_inputs=hold, group_others=False
        )
        now = cumulative[-1].copy()
        for a in parts:
            now[stepper.vocab[a.centre]] += a.vector
        cumulative.append(now)
        rows.append(np.asarray(stepper.W_out[j], dtype=float).copy())
        arrows += [Arrow(chunk, a.centre, a.coefficient, a.vector) for a in parts]
    inputs.append(np.asarray(stepper.W_in, dtype=float).copy())
    return np.array(cumulative), np.array(inputs), arrows, np.array(rows)


FRAME_SECONDS = 0.05
"""About how long one frame of an animation takes to draw and embed (to_jshtml)."""


def _refuse_a_runaway(stepper: Stepper, lr: float) -> None:
    """Refuse to draw a build-up whose full-batch training did not settle: with too large
    an lr the rows overshoot and oscillate, and "the twin ends on the same point" is false."""
    losses = np.asarray(stepper.losses)
    if len(losses) >= 2 and not (np.isfinite(losses).all() and losses[-1] <= losses[0]):
        raise _checks.InputError(
            f"with lr={lr} this full-batch training does not settle: the loss went from "
            f"{losses[0]:.3g} to {losses[-1]:.3g} nats per pair (the steps overshoot and "
            "diverge), so the animation would show a broken build-up. Use lr=0.012 (the "
            "default) or smaller."
        )


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
    """W_out[word] as the sum, over centre words c, of the copies of W_in[c] it received.

    A full-softmax skip-gram model (``toy_corpus("pets_vehicles")`` by default, W_out
    starting at 0) takes chunks × steps_per_chunk full-batch steps (every pair of the
    corpus in each step, lr per pair). Each step adds −η(y − t)·W_in[c] to W_out[word]
    for every pair with centre c: a pull (word was the context) or a push (it was
    predicted but absent). Left: the input vectors W_in[c], one colour per centre.
    Right: for each centre c, its pulls minus its pushes so far, one arrow in c's colour,
    drawn tip to tail; the chain ends exactly at W_out[word] (black dot). With
    ``hold_inputs`` (default) W_in is frozen, so each arrow is a multiple of the W_in[c]
    on the left; with ``hold_inputs=False`` W_in moves as in real training (the left
    panel moves), each arrow is a sum of copies of W_in[c] as it was at each step, and
    the chain still ends exactly at W_out[word]. The axes are fixed; the last frame
    circles where W_out[twin] ended (a word with the same contexts gets the same copies).
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
            raise _checks.InputError(
                f"{w!r} is not in the corpus's vocabulary: {stepper.vocab.words}."
            )
    _checks.work(
        f"row_buildup's {chunks} chunks × {steps_per_chunk} full-batch steps, one frame per chunk",
        stepper.estimate_seconds(chunks * steps_per_chunk) + chunks * FRAME_SECONDS,
        "lower chunks (10 draws a readable animation) or steps_per_chunk.",
    )
    start = stepper.W_out[stepper.vocab[word]].copy()
    P, how = _linear_map(stepper)
    cumulative, inputs, arrows, rows = _centre_sums(
        stepper, word, chunks, steps_per_chunk, hold_inputs
    )
    _refuse_a_runaway(stepper, lr)
    final = stepper.W_out[stepper.vocab[word]].copy()
    twin_end = None if twin is None else P @ stepper.W_out[stepper.vocab[twin]]
    # the chain's order: the centres that pull first (largest net first), then the others
    net = cumulative[-1] @ P.T  # V×2
    order = sorted(range(len(stepper.vocab)), key=lambda c: -np.linalg.norm(net[c]))
    pulls_first = [
        c
        for c in order
        if any(a.coefficient > 0 and a.centre == stepper.vocab.words[c] for a in arrows)
    ]
    order = pulls_first + [c for c in order if c not in pulls_first]
    names = [stepper.vocab.words[c] for c in order]
    colour = {c: CENTRE_COLORS[i % len(CENTRE_COLORS)] for i, c in enumerate(order)}
    chains = []  # per frame: tails and tips of the per-centre arrows, in `order`
    for k in range(chunks + 1):
        vectors = cumulative[k][order] @ P.T
        tips = np.cumsum(vectors, axis=0) + P @ start
        chains.append((np.vstack([P @ start, tips[:-1]]), tips))
    inputs_2d = inputs[:, order] @ P.T  # frames × centres × 2

    def limits(points: np.ndarray, pad: float = 0.08) -> tuple[np.ndarray, np.ndarray]:
        low, high = points.min(0), points.max(0)
        margin = pad * (high - low).max()
        return low - margin, high + margin

    chain_points = np.vstack(
        [np.vstack(c) for c in chains]
        + [np.zeros((1, 2))]
        + ([] if twin_end is None else [twin_end[None]])
    )
    chain_low, chain_high = limits(chain_points)
    input_low, input_high = limits(np.vstack([inputs_2d.reshape(-1, 2), np.zeros((1, 2))]), 0.25)

    fig = new_figure(figsize=(9.5, 4.6))
    with mpl.rc_context(RC):
        ax_in, ax = fig.subplots(1, 2, width_ratios=[1, 1.6])
        for a, (low, high) in ((ax_in, (input_low, input_high)), (ax, (chain_low, chain_high))):
            a.set_xlim(low[0], high[0])
            a.set_ylim(low[1], high[1])
            a.set_aspect("equal", adjustable="box")
            a.axhline(0, color="0.88", lw=1, zorder=0)
            a.axvline(0, color="0.88", lw=1, zorder=0)
            a.tick_params(labelsize=9)
        moving = "held fixed" if hold_inputs else "moving, as in training"
        ax_in.set_title(f"input vectors W_in[c] ({moving})", fontsize=11)
        ax.set_xlabel(how, fontsize=10)
        title = fig.suptitle("", fontsize=12)
        drawn: list = []

    def arrow(axes, tip, tail, colour_, **kw):
        return axes.annotate(
            "",
            tip,
            tail,
            arrowprops=dict(arrowstyle="-|>", color=colour_, shrinkA=0, shrinkB=0, **kw),
        )

    def draw(k: int) -> list:
        for artist in drawn:
            artist.remove()
        drawn.clear()
        tails, tips = chains[k]
        frame_inputs = inputs_2d[min(k, chunks)]
        for i, c in enumerate(order):
            drawn.append(arrow(ax_in, frame_inputs[i], (0, 0), colour[c], lw=2))
            drawn.append(
                ax_in.annotate(
                    names[i],
                    frame_inputs[i],
                    fontsize=9,
                    color=colour[c],
                    xytext=(3, 3),
                    textcoords="offset points",
                )
            )
            if np.linalg.norm(tips[i] - tails[i]) > 1e-12:
                drawn.append(arrow(ax, tips[i], tails[i], colour[c], lw=2.5))
            length = np.linalg.norm(tips[i] - tails[i]) / np.linalg.norm(chain_high - chain_low)
            if length > 0.06:  # label the arrows long enough to carry a word
                mid = (tips[i] + tails[i]) / 2
                drawn.append(
                    ax.annotate(
                        names[i],
                        mid,
                        fontsize=10,
                        color=colour[c],
                        weight="bold",
                        xytext=(4, 4),
                        textcoords="offset points",
                    )
                )
        drawn.append(ax.scatter(*tips[-1], s=45, color="black", zorder=8))
        if k == chunks and twin_end is not None:
            drawn.append(
                ax.scatter(
                    *twin_end, s=300, facecolors="none", edgecolors="black", lw=1.5, zorder=7
                )
            )
        ax.set_title(f"W_out[{word}] = Σ over centres c of their arrows", fontsize=11)
        if k == chunks and twin_end is not None:
            drawn.append(
                ax.annotate(
                    f"ring: where W_out[{twin}] ended",
                    (0.02, 0.02),
                    xycoords="axes fraction",
                    fontsize=9,
                    color="0.3",
                )
            )
        steps = k * steps_per_chunk
        title.set_text(
            f"each arrow: one centre's pulls − pushes so far · after {steps} full-batch steps"
        )
        return drawn

    animation = animate(fig, draw, chunks + 1, INTERVAL_MS)
    animation.arrows = arrows  # for tests and for readers who want the numbers
    animation.order = names
    animation.inputs = {stepper.vocab.words[c]: inputs[:, c] for c in range(len(stepper.vocab))}
    animation.contributions = cumulative  # frames × V × N: pulls − pushes of each centre so far
    animation.rows = rows  # W_out[word] as each frame's chunk ended (frame 0: the start)
    animation.final_row = final
    animation.start_row = start
    animation.twin_row = None if twin is None else stepper.W_out[stepper.vocab[twin]].copy()
    animation.W_in = np.asarray(stepper.W_in, dtype=float).copy()
    animation.vocab = stepper.vocab
    return animation


def readme_gif(out_dir: str | Path = "figures") -> Path:
    """``figures/row_buildup.gif``: the tip-to-tail animation of W_out[cat] (``make figures``)."""
    return save_gif(row_buildup(), Path(out_dir) / "row_buildup.gif")
