"""(d) Similar company as a sweep: how far apart two rows of W′ end up as their company drifts.

Public API::

    company_sweep(word="cat", twin="dog", towards="car", moved=None, *, repeats=5, dim=5,
                  epochs=40, lr=0.025, batch_size=16, seed=0) -> CompanySweep
    company_sweep_animation(sweep) -> FuncAnimation

The corpus is ``toy_corpus("pets_vehicles", repeats)``, where *cat* and *dog* keep exactly the
same company ("feed/pet the cat", "feed/pet the dog"). Point m of the sweep rewrites m of the
twin's sentences with the verbs of ``towards`` ("drive/park the dog"): at m = 0 the two words
share their company, at the end the twin keeps the company of *car*. Each point trains one
full-softmax skip-gram model (word2vec's step, lr 0.025 per pair, minibatches) and reads:

- the distance of the two columns of scores, ‖ΔS‖ = ‖S[:, a] − S[:, b]‖, S = W_in·W_outᵀ;
- cos(W′[a], W′[b]) of the trained rows, and of the balanced factor B′ = Q·√Σ of the same S;
- the two-sided bound for the balanced factor, ‖ΔS‖²/σ_max ≤ ‖ΔB′‖² ≤ √2·‖ΔS‖, and the
  interval it gives for the cosine given the two rows' lengths r_a, r_b:
  cos = (r_a² + r_b² − ‖ΔB′‖²) / (2·r_a·r_b).

The sweep is computed once; the animation (and ``w2vlib.widgets.company_sweep_slider``) only
draw it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from w2vlib import _checks, style
from w2vlib.analysis.evaluation import cosine
from w2vlib.analysis.factors import imbalance
from w2vlib.analysis.metric import balanced_distance_bounds, balanced_grams
from w2vlib.animations.canvas import INTERVAL_MS, RC, animate, new_figure
from w2vlib.corpora import toy_corpus
from w2vlib.pairs import cooccurrence
from w2vlib.training import train

TRAINED_COLOR = style.color(0)
BALANCED_COLOR = style.color(1)
BOUND_COLOR = "0.82"


@dataclass(frozen=True)
class CompanySweep:
    """One row per sweep point m (how many of the twin's sentences changed company)."""

    word: str
    twin: str
    towards: str
    moved: np.ndarray  # m per point
    total: int  # how many sentences the twin has
    centres: list[str]  # the vocabulary, in the order of the columns below
    columns: np.ndarray  # points × 2 × V: S[:, word] and S[:, twin]
    counts: np.ndarray  # points × 2 × V: X[:, word] and X[:, twin], the counts S was fitted to
    column_distance: np.ndarray  # ‖S[:, a] − S[:, b]‖
    row_cosine: np.ndarray  # cos(W′[a], W′[b]), the trained rows
    balanced_cosine: np.ndarray  # cos(B′[a], B′[b]), the balanced factor of the same S
    balanced_distance2: np.ndarray  # ‖B′[a] − B′[b]‖²
    lower: np.ndarray  # ‖ΔS‖² / σ_max(S)
    upper: np.ndarray  # √2·‖ΔS‖
    cosine_low: np.ndarray  # the cosine interval the bound gives, from the rows' lengths
    cosine_high: np.ndarray
    imbalance: np.ndarray  # of each trained pair (0 = balanced)

    def label(self, k: int) -> str:
        return f"{self.moved[k]} of {self.twin}'s {self.total} sentences use {self.towards}'s verbs"


def moved_corpus(sentences, twin: str, verbs: Sequence[str], m: int) -> list[list[str]]:
    """The corpus with the first m sentences ending in ``twin`` given the verbs ``verbs``."""
    out, changed = [], 0
    for sentence in sentences:
        if sentence[-1] == twin and changed < m:
            out.append([verbs[changed % len(verbs)], *sentence[1:]])
            changed += 1
        else:
            out.append(list(sentence))
    return out


def cosine_interval(distance2, length_a, length_b):
    """The cosine two vectors of lengths r_a, r_b have when ‖a − b‖² = distance2."""
    return (length_a**2 + length_b**2 - distance2) / (2 * length_a * length_b)


def company_sweep(
    word: str = "cat",
    twin: str = "dog",
    towards: str = "car",
    moved: Sequence[int] | None = None,
    *,
    repeats: int = 5,
    dim: int = 5,
    epochs: int = 40,
    lr: float = 0.025,
    batch_size: int = 16,
    seed: int = 0,
) -> CompanySweep:
    """Train one model per sweep point and read the two rows, their columns of S and the bound."""
    base = toy_corpus("pets_vehicles", repeats=_checks.positive_int("repeats", repeats))
    words = {w for s in base for w in s}
    for name, w in (("word", word), ("twin", twin), ("towards", towards)):
        if w not in words:
            raise ValueError(f"{name}={w!r} is not a word of pets_vehicles: {sorted(words)}.")
    total = sum(s[-1] == twin for s in base)
    verbs = sorted({s[0] for s in base if s[-1] == towards})
    if total == 0 or not verbs:
        raise ValueError(
            f"{twin!r} and {towards!r} must be nouns of pets_vehicles (the last word "
            "of a sentence), e.g. twin='dog', towards='car'."
        )
    moved = np.arange(total + 1) if moved is None else np.asarray(moved, dtype=int)
    if moved.ndim != 1 or moved.size == 0 or moved.min() < 0 or moved.max() > total:
        raise ValueError(
            f"moved must be a list of counts between 0 and {total} ({twin!r} has "
            f"{total} sentences), got {moved!r}."
        )
    rows: dict[str, list] = {
        k: []
        for k in (
            "columns",
            "counts",
            "distance",
            "cos",
            "bcos",
            "bdist2",
            "lower",
            "upper",
            "low",
            "high",
            "imb",
        )
    }
    centres: list[str] = []
    for m in moved:
        sentences = moved_corpus(base, twin, verbs, int(m))
        run = train(
            sentences,
            objective="softmax",
            dim=dim,
            window=2,
            epochs=epochs,
            lr=lr,
            batch_size=batch_size,
            seed=seed,
            progress=False,
        )
        a, b = run.vocab[word], run.vocab[twin]
        # each run's vocab is ordered by its own counts, which moving sentences changes:
        # the bars keep the first run's order, so a label always names its own centre
        centres = centres or list(run.vocab.words)
        order = [run.vocab[c] for c in centres]
        S = run.W_in @ run.W_out.T
        bounds = balanced_distance_bounds(S, a, b)  # ‖ΔS‖²/σ_max ≤ ‖ΔB′‖² ≤ √2·‖ΔS‖
        _, G_out = balanced_grams(S)  # B′·B′ᵀ = (SᵀS)^½: the balanced rows' lengths and angles
        ra, rb = np.sqrt(G_out[a, a]), np.sqrt(G_out[b, b])
        rows["columns"].append(np.stack([S[order, a], S[order, b]]))
        X = cooccurrence(sentences, run.vocab, window=2)
        rows["counts"].append(np.stack([X[order, a], X[order, b]]))
        rows["distance"].append(bounds.column_distance)
        rows["cos"].append(cosine(run.W_out[a], run.W_out[b]))
        rows["bcos"].append(G_out[a, b] / (ra * rb))
        rows["bdist2"].append(bounds.value)
        rows["lower"].append(bounds.lower)
        rows["upper"].append(bounds.upper)
        rows["low"].append(max(-1.0, cosine_interval(bounds.upper, ra, rb)))  # far: low cosine
        rows["high"].append(min(1.0, cosine_interval(bounds.lower, ra, rb)))
        rows["imb"].append(imbalance(run.W_in, run.W_out))
    as_array = {k: np.asarray(v, dtype=float) for k, v in rows.items()}
    return CompanySweep(
        word=word,
        twin=twin,
        towards=towards,
        moved=moved,
        total=total,
        centres=centres,
        columns=as_array["columns"],
        counts=as_array["counts"],
        column_distance=as_array["distance"],
        row_cosine=as_array["cos"],
        balanced_cosine=as_array["bcos"],
        balanced_distance2=as_array["bdist2"],
        lower=as_array["lower"],
        upper=as_array["upper"],
        cosine_low=as_array["low"],
        cosine_high=as_array["high"],
        imbalance=as_array["imb"],
    )


def draw_company(ax, sweep: CompanySweep, k: int, limits: tuple[float, float]) -> list:
    """Left panel: the two columns of S over every centre word, at sweep point k."""
    x = np.arange(len(sweep.centres))
    width = 0.4
    bars = [
        ax.bar(x - width / 2, sweep.columns[k, 0], width, color=style.color(0)),
        ax.bar(
            x + width / 2,
            sweep.columns[k, 1],
            width,
            color=style.color(3),
            hatch="//",
            edgecolor="white",
            linewidth=0,
        ),
    ]
    ax.set_xticks(x, sweep.centres, rotation=90, fontsize=10)
    ax.set_ylim(*limits)
    return bars


def draw_bound(ax, sweep: CompanySweep, k: int, *, x_max: float) -> list:
    """Right panel: cos of the two rows against ‖ΔS‖, points 0..k, with the bound's interval."""
    x = sweep.column_distance
    shown = slice(0, k + 1)
    artists = [
        ax.vlines(
            x[shown],
            sweep.cosine_low[shown],
            sweep.cosine_high[shown],
            color=BOUND_COLOR,
            lw=9,
            zorder=1,
        ),
        ax.plot(
            x[shown],
            sweep.balanced_cosine[shown],
            "s",
            color=BALANCED_COLOR,
            ms=7,
            mfc="none",
            mew=2,
            zorder=3,
        )[0],
        ax.plot(x[shown], sweep.row_cosine[shown], "o", color=TRAINED_COLOR, ms=6, zorder=4)[0],
        ax.plot(
            x[k], sweep.row_cosine[k], "o", color=TRAINED_COLOR, ms=13, mfc="none", mew=2, zorder=5
        )[0],
    ]
    ax.set_xlim(-0.03 * x_max, 1.05 * x_max)
    ax.set_ylim(-1.05, 1.05)
    return artists


def label_panels(ax_s, ax_c, sweep: CompanySweep) -> None:
    """Axis labels, zero lines and legends of both panels (the animation's and the slider's)."""
    ax_s.set_ylabel("score S[c, word]", fontsize=11)
    ax_s.set_xlabel("centre word c", fontsize=11)
    ax_s.axhline(0, color="0.6", lw=0.8)
    ax_s.legend(
        handles=column_handles(sweep),
        loc="lower center",
        bbox_to_anchor=(0.5, 1.0),
        ncols=2,
        fontsize=10,
    )
    ax_c.set_title(f"cos(W′[{sweep.word}], W′[{sweep.twin}])", fontsize=12)
    ax_c.set_xlabel(f"‖S[:, {sweep.word}] − S[:, {sweep.twin}]‖", fontsize=11)
    ax_c.axhline(0, color="0.88", lw=1, zorder=0)
    ax_c.legend(handles=legend_handles(sweep), loc="lower left", fontsize=10)


def column_handles(sweep: CompanySweep) -> list:
    return [
        Patch(color=style.color(0), label=f"S[:, {sweep.word}]"),
        Patch(facecolor=style.color(3), hatch="//", edgecolor="white", label=f"S[:, {sweep.twin}]"),
    ]


def legend_handles(sweep: CompanySweep) -> list:
    return [
        Line2D([], [], color=TRAINED_COLOR, marker="o", ls="none", label="trained W′"),
        Line2D(
            [],
            [],
            color=BALANCED_COLOR,
            marker="s",
            mfc="none",
            mew=2,
            ls="none",
            label="balanced factor B′ of the same S",
        ),
        Line2D([], [], color=BOUND_COLOR, lw=9, label="allowed by the two-sided bound"),
    ]


def company_sweep_animation(sweep: CompanySweep) -> FuncAnimation:
    """Frame k: the two columns of S at sweep point k (left) and cos(W′ rows) vs ‖ΔS‖ (right)."""
    if not isinstance(sweep, CompanySweep):
        raise TypeError(
            f"company_sweep_animation draws a CompanySweep (from "
            f"w2vlib.company_sweep()), got {type(sweep).__name__}."
        )
    high = float(np.max(sweep.columns))
    low = float(np.min(sweep.columns))
    pad = 0.06 * (high - low)
    limits = (low - pad, high + pad)
    x_max = float(sweep.column_distance.max()) or 1.0
    fig = new_figure(figsize=(9.5, 4.6))
    with mpl.rc_context(RC):
        ax_s, ax_c = fig.subplots(1, 2, width_ratios=[1, 1.15])
        label_panels(ax_s, ax_c, sweep)
        title = fig.suptitle("", fontsize=12)
        drawn: list = []

    def draw(k: int) -> list:
        for artist in drawn:
            artist.remove()
        drawn.clear()
        drawn.extend(draw_company(ax_s, sweep, k, limits))
        drawn.extend(draw_bound(ax_c, sweep, k, x_max=x_max))
        title.set_text(sweep.label(k))
        return drawn

    animation = animate(fig, draw, len(sweep.moved), 2 * INTERVAL_MS)
    animation.sweep = sweep
    return animation
