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
from w2vlib.animations.labels import Label, place_labels
from w2vlib.corpora import toy_corpus
from w2vlib.pairs import cooccurrence
from w2vlib.plots import project_pca
from w2vlib.training.stepper import Stepper
from w2vlib.training.train import train

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


COMPANY_COLORS = style.CATEGORIES  # one colour per company of centres (colour-blind safe)
INPUT_EPOCHS = 20  # trained_inputs: the 2-D model of lesson 00's settings (window 2, 20 epochs)
LABEL_MIN_PX = 28.0  # shorter arrows on the right stay unlabelled: their colour names them
MERGE_PX = 10.0  # input vectors whose tips are this close share one label ("feed, pet")


def _companies(stepper: Stepper, sentences: Sequence[Sequence[str]], word: str) -> list[int]:
    """Per centre, the rank of its company: centres whose context distributions p(o | c) are
    identical (rows of X proportional) share one (``pets_vehicles``: feed and pet). Ranked by
    p(word | c), most first, then by vocabulary order, so a company keeps its colour in every
    view: word's own company comes first."""
    X = np.asarray(cooccurrence(sentences, stepper.vocab, window=stepper.config.window), float)
    rows = X / np.maximum(X.sum(axis=1, keepdims=True), 1)
    keys: dict[bytes, int] = {}
    found = [keys.setdefault(np.round(r, 12).tobytes(), len(keys)) for r in rows]
    j = stepper.vocab[word]
    first = {g: found.index(g) for g in set(found)}
    ranked = sorted(first, key=lambda g: (-rows[first[g], j], first[g]))
    return [ranked.index(g) for g in found]


def _centre_sums(stepper: Stepper, words: list[str], chunks: int, steps: int, hold: bool):
    """Per chunk: each centre's pulls − pushes on W_out[words[0]] so far, W_in, and the rows
    W_out[w] of ``words`` (the word, and its twin if any) as the chunk ended."""
    V = len(stepper.vocab)
    rows_of = stepper.vocab.indices(words)
    cumulative, inputs, arrows = [np.zeros((V, stepper.W_in.shape[1]))], [], []
    rows = [np.asarray(stepper.W_out[rows_of], dtype=float).copy()]
    for chunk in range(chunks):
        inputs.append(np.asarray(stepper.W_in, dtype=float).copy())
        parts = buildup_arrows(
            stepper, words[0], chunks=1, steps_per_chunk=steps, hold_inputs=hold, group_others=False
        )
        now = cumulative[-1].copy()
        for a in parts:
            now[stepper.vocab[a.centre]] += a.vector
        cumulative.append(now)
        rows.append(np.asarray(stepper.W_out[rows_of], dtype=float).copy())
        arrows += [Arrow(chunk, a.centre, a.coefficient, a.vector) for a in parts]
    inputs.append(np.asarray(stepper.W_in, dtype=float).copy())
    return (
        np.array(cumulative),
        np.array(inputs),
        arrows,
        np.array(rows),
    )  # rows: frames × words × N


def _chain_order(net: np.ndarray, pulls: np.ndarray, company: list[int]) -> list[int]:
    """The order of the arrows in the chain: the net pulls first, longest company first, then
    the pushes by angle, turning one way from the pulls' direction. Vectors sorted by angle
    make a convex path, so the pushes curve back instead of zigzagging; a company's members
    stay side by side. ``net`` is V×2 (each centre's final arrow), ``pulls`` V booleans."""
    V = len(net)
    group_sum = {g: net[[c for c in range(V) if company[c] == g]].sum(0) for g in set(company)}
    pulled = net[pulls].sum(0)
    base = np.arctan2(pulled[1], pulled[0]) if np.any(pulled) else 0.0

    def key(c: int) -> tuple:
        g = group_sum[company[c]]
        if pulls[c]:
            return (0, -float(np.linalg.norm(g)), company[c], c)
        turn = (np.arctan2(g[1], g[0]) - base) % (2 * np.pi)
        return (1, float(turn), company[c], c)

    return sorted(range(V), key=key)


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
            "diverge), so the animation would show a broken build-up. Use lr=0.004 (the "
            "default) or smaller."
        )


def _limits(points: np.ndarray, pad: float) -> tuple[np.ndarray, np.ndarray]:
    low, high = points.min(0), points.max(0)
    margin = pad * (high - low).max()
    return low - margin, high + margin


def _legend_in_emptiest_corner(ax, points: np.ndarray):
    """The legend in the corner of ``ax`` that covers the fewest ``points`` (data coordinates)."""
    renderer = ax.figure.canvas.get_renderer()
    pixels = ax.transData.transform(points)
    best, fewest = None, None
    for corner in ("upper right", "upper left", "lower right", "lower left"):
        legend = ax.legend(loc=corner, fontsize=10, frameon=False, handletextpad=0.2)
        x0, y0, x1, y1 = legend.get_window_extent(renderer).extents
        inside = (
            (pixels[:, 0] > x0) & (pixels[:, 0] < x1) & (pixels[:, 1] > y0) & (pixels[:, 1] < y1)
        )
        if fewest is None or inside.sum() < fewest:
            best, fewest = corner, int(inside.sum())
    return ax.legend(loc=best, fontsize=10, frameon=False, handletextpad=0.2)


def row_buildup(
    word: str = "cat",
    *,
    sentences: Sequence[Sequence[str]] | None = None,
    twin: str | None = "dog",
    dim: int = 2,
    lr: float = 0.004,
    chunks: int = 10,
    steps_per_chunk: int = 2,
    hold_inputs: bool = True,
    trained_inputs: bool | None = None,
    seed: int = 3,
) -> FuncAnimation:
    """W_out[word] as the sum, over centre words c, of the copies of W_in[c] it received.

    A full-softmax skip-gram model (``toy_corpus("pets_vehicles")`` by default, window 2,
    W_out starting at 0) takes chunks × steps_per_chunk full-batch steps (every pair of
    the corpus in each step, lr per pair). Each step adds −η(y − t)·W_in[c] to
    W_out[word] for every pair with centre c: a pull (word was the context) or a push
    (it was predicted but absent). Left: the input vectors W_in[c], one colour per
    company (centres with the same neighbours share one). Right: for each centre c, its
    pulls minus its pushes so far, one arrow in c's colour, drawn tip to tail (the net
    pulls first, then the pushes by angle); the chain ends exactly at W_out[word] (black
    dot). The axes are fixed; the last frame rings where W_out[twin] ended (a word with
    the same contexts gets the same copies).

    ``hold_inputs=True`` (default) freezes W_in, so each arrow is a multiple of the W_in[c]
    on the left. ``trained_inputs`` (default: the same as ``hold_inputs``) starts W_in
    at the input vectors of ``train(sentences, objective="softmax", dim=dim, window=2,
    epochs=20, seed=seed)``: vectors that separate the topics, so a held W_in shows the
    bookkeeping with the pulls of word's company in front (random 2-D vectors cannot
    separate the centres, and pushes swamp the picture). With ``hold_inputs=False`` W_in
    starts random and moves as in real training (the left panel moves): each arrow is a
    sum of copies of W_in[c] as it was at each step, and the chain still ends exactly at
    W_out[word]. The defaults (seed 3, lr 0.004, 20 steps) were measured to show a long
    row with the pulls of cat's company as the longest arrows in both views: the row grows
    for about 25 steps, then pulls and pushes grow together while it stays put.
    """
    _checks.positive_int("chunks", chunks)
    _checks.positive_int("steps_per_chunk", steps_per_chunk)
    hold_inputs = _checks.flag("hold_inputs", hold_inputs)
    trained_inputs = hold_inputs if trained_inputs is None else trained_inputs
    trained_inputs = _checks.flag("trained_inputs", trained_inputs)
    if _checks.positive_int("dim", dim) < 2:
        raise ValueError(f"row_buildup draws the vectors in a plane: dim must be ≥ 2, got {dim}.")
    sentences = toy_corpus("pets_vehicles") if sentences is None else sentences
    settings = dict(objective="softmax", dim=dim, window=2, seed=seed)
    stepper = Stepper(
        sentences,
        lr=lr,
        batch_size=FULL_BATCH,
        lr_schedule="constant",
        epochs=chunks * steps_per_chunk,
        **settings,
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
    if trained_inputs:
        fitted = train(
            sentences, epochs=INPUT_EPOCHS, vocab=stepper.vocab, progress=False, **settings
        )
        stepper.W_in[...] = fitted.W_in
    start = stepper.W_out[stepper.vocab[word]].copy()
    P, how = _linear_map(stepper)
    cumulative, inputs, arrows, both = _centre_sums(
        stepper, [word] if twin is None else [word, twin], chunks, steps_per_chunk, hold_inputs
    )
    _refuse_a_runaway(stepper, lr)
    rows, twin_rows = both[:, 0], (None if twin is None else both[:, 1])
    final = stepper.W_out[stepper.vocab[word]].copy()
    twin_2d = None if twin is None else twin_rows @ P.T  # frames × 2
    words = stepper.vocab.words
    company = _companies(stepper, sentences, word)
    coefficient = np.zeros(len(words))
    for a in arrows:
        coefficient[stepper.vocab[a.centre]] += a.coefficient
    order = _chain_order(cumulative[-1] @ P.T, coefficient > 0, company)
    names = [words[c] for c in order]
    colours = [COMPANY_COLORS[company[c] % len(COMPANY_COLORS)] for c in order]
    chains = []  # per frame: tails and tips of the per-centre arrows, in `order`
    for k in range(chunks + 1):
        vectors = cumulative[k][order] @ P.T
        tips = np.cumsum(vectors, axis=0) + P @ start
        chains.append((np.vstack([P @ start, tips[:-1]]), tips))
    inputs_2d = inputs[:, order] @ P.T  # frames × centres × 2

    chain_points = np.vstack(
        [np.vstack(c) for c in chains] + [np.zeros((1, 2))] + ([] if twin_2d is None else [twin_2d])
    )
    chain_low, chain_high = _limits(chain_points, 0.1)
    input_low, input_high = _limits(np.vstack([inputs_2d.reshape(-1, 2), np.zeros((1, 2))]), 0.3)
    # every point the chain passes through, in any frame: the legend goes where there are fewest
    passed = np.vstack(
        [t + np.linspace(0, 1, 12)[:, None, None] * (h - t) for t, h in chains]
    ).reshape(-1, 2)

    fig = new_figure(figsize=(9.5, 4.6))
    with mpl.rc_context(RC):
        ax_in, ax = fig.subplots(1, 2, width_ratios=[1, 1.5])
        for a, (low, high) in ((ax_in, (input_low, input_high)), (ax, (chain_low, chain_high))):
            a.set_xlim(low[0], high[0])
            a.set_ylim(low[1], high[1])
            a.set_aspect("equal", adjustable="box")
            a.axhline(0, color="0.88", lw=1, zorder=0)
            a.axvline(0, color="0.88", lw=1, zorder=0)
            a.tick_params(labelsize=9)
        held = "held at trained values" if trained_inputs else "held fixed"
        moving = held if hold_inputs else "moving, as in training"
        ax_in.set_title(f"input vectors W_in[c] ({moving})", fontsize=11)
        ax.set_title(f"W_out[{word}]: one arrow per centre c, tip to tail", fontsize=11)
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

    def input_labels(points: np.ndarray) -> list[Label]:
        """One label per input vector; vectors whose tips (nearly) coincide share one."""
        pixels = ax_in.transData.transform(points)
        groups: list[list[int]] = []
        for i in range(len(order)):
            for g in groups:
                same = colours[g[0]] == colours[i]
                if same and np.linalg.norm(pixels[g[0]] - pixels[i]) < MERGE_PX:
                    g.append(i)
                    break
            else:
                groups.append([i])
        return [
            Label(
                ", ".join(names[i] for i in g),
                tuple(points[g].mean(0)),
                colours[g[0]],
                tuple(points[g].mean(0)),  # outward, along the vector
                size=10,
            )
            for g in groups
        ]

    def draw(k: int) -> list:
        for artist in drawn:
            artist.remove()
        drawn.clear()
        for axes in (ax_in, ax):  # the equal-aspect boxes as drawn: labels are placed in pixels
            axes.apply_aspect()
        tails, tips = chains[k]
        frame_inputs = inputs_2d[min(k, chunks)]
        for i in range(len(order)):
            drawn.append(arrow(ax_in, frame_inputs[i], (0, 0), colours[i], lw=2))
        drawn.extend(
            place_labels(
                ax_in,
                input_labels(frame_inputs),
                segments=[((0.0, 0.0), tuple(p)) for p in frame_inputs],
            )
        )
        pixels = ax.transData.transform(np.vstack([tails, tips]))
        lengths = np.linalg.norm(pixels[len(tails) :] - pixels[: len(tails)], axis=1)
        for i in range(len(order)):
            if lengths[i] > 0.5:
                drawn.append(arrow(ax, tips[i], tails[i], colours[i], lw=2.5))
        drawn.append(ax.scatter(*tips[-1], s=45, color="black", zorder=8, label=f"W_out[{word}]"))
        if twin_2d is not None:  # the twin's row, every frame: the same copies, the same point
            ring = f"W_out[{twin}]"
            drawn.append(
                ax.scatter(
                    *twin_2d[k],
                    s=260,
                    facecolors="none",
                    edgecolors="black",
                    lw=1.5,
                    zorder=7,
                    label=ring,
                )
            )
        legend = _legend_in_emptiest_corner(ax, passed)
        drawn.append(legend)
        long_arrows = [i for i in np.argsort(-lengths, kind="stable") if lengths[i] > LABEL_MIN_PX]
        drawn.extend(
            place_labels(
                ax,
                [
                    Label(
                        names[i],
                        tuple((tips[i] + tails[i]) / 2),
                        colours[i],
                        (-(tips[i] - tails[i])[1], (tips[i] - tails[i])[0]),  # to the arrow's left
                        size=10,
                        weight="bold",
                    )
                    for i in long_arrows
                ],
                segments=list(zip(map(tuple, tails), map(tuple, tips), strict=True)),
                boxes=[legend.get_window_extent(fig.canvas.get_renderer()).extents],
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
    animation.colours = dict(zip(names, colours, strict=True))
    animation.inputs = {words[c]: inputs[:, c] for c in range(len(words))}
    animation.contributions = cumulative  # frames × V × N: pulls − pushes of each centre so far
    animation.rows = rows  # W_out[word] as each frame's chunk ended (frame 0: the start)
    animation.final_row = final
    animation.start_row = start
    animation.twin_row = None if twin is None else stepper.W_out[stepper.vocab[twin]].copy()
    animation.twin_rows = twin_rows  # W_out[twin] as each frame's chunk ended
    animation.W_in = np.asarray(stepper.W_in, dtype=float).copy()
    animation.vocab = stepper.vocab
    return animation


def readme_gif(out_dir: str | Path = "figures") -> Path:
    """``figures/row_buildup.gif``: the tip-to-tail animation of W_out[cat] (``make figures``)."""
    return save_gif(row_buildup(), Path(out_dir) / "row_buildup.gif")
