"""(e) The gauge made visible: the loss cannot see A, the cosines inside W′ can; training picks.

Public API::

    gauge_matrix(t, N, *, seed=0) -> np.ndarray      # A(t) = O·diag(e^{t·d})·Oᵀ, A(0) = I
    gauge_path(run, X, words, *, t_max=1.0, frames=8, seed=0) -> GaugePath
    gauge_animation(path) -> FuncAnimation
    softmax_mean_loss(W_in, W_out, X) -> float       # −Σ X[c,o]·log p(o|c) / Σ X

The gauge, in the course's convention: (W_in·A, W_out·A⁻ᵀ) gives
(W_in·A)(W_out·A⁻ᵀ)ᵀ = W_in·A·A⁻¹·W_outᵀ = S for every invertible A, so the loss and every
score stay fixed, while W′·W′ᵀ becomes W_out·A⁻ᵀA⁻¹·W_outᵀ and every cosine inside W′ moves.
``gauge_matrix`` walks A continuously away from the identity along a stretch in a random
orthonormal basis O, with exponents d spread evenly from +1.5 to −1.5 (A(t)⁻ᵀ = A(−t)).

``gauge_path`` reads a trained full-softmax run (with snapshots) twice: along the gauge path
from its end point (t: 0 → t_max → −t_max → 0), and along its own training from word2vec's
small start (W_out = 0), whose last snapshot is the path's t = 0. The frames record the loss,
the largest change of any score, the imbalance ‖W_inᵀW_in − W_outᵀW_out‖/‖W_inᵀW_in‖ and the
cosines between the chosen words' rows of W′. The balanced split B′ = Q·√Σ of the same S
(imbalance 0) is recorded too: training from a small start lands next to it. The animation
plots the loss against how far W′'s cosines are from B′'s (``gauge_cosine_gap``,
``train_cosine_gap``), the distance that matters for meaning.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation

from w2vlib import _checks, style
from w2vlib.analysis.evaluation import cosine_matrix
from w2vlib.analysis.factors import balanced_split, imbalance
from w2vlib.animations.canvas import INTERVAL_MS, RC, animate, new_figure
from w2vlib.objectives import log_softmax

GAUGE_COLOR = style.color(3)
TRAIN_COLOR = style.color(0)
BALANCED_COLOR = style.color(2)


def gauge_matrix(t: float, N: int, *, seed: int = 0) -> np.ndarray:
    """A(t) = O·diag(e^{t·d})·Oᵀ with O a random orthonormal basis, d from +1.5 to −1.5."""
    N = _checks.positive_int("N", N)
    O, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(N, N)))
    d = np.linspace(1.5, -1.5, N)
    return (O * np.exp(float(t) * d)) @ O.T


def softmax_mean_loss(W_in: np.ndarray, W_out: np.ndarray, X: np.ndarray) -> float:
    """The full-softmax loss per pair from the counts: −Σ X[c,o]·log p(o|c) / Σ X."""
    return float(-(X * log_softmax(W_in @ W_out.T)).sum() / X.sum())


@dataclass(frozen=True)
class GaugePath:
    """Frames of the gauge path (``gauge_*``) and of the training (``train_*``)."""

    words: list[str]
    rows: np.ndarray  # their indices in the vocabulary
    t: np.ndarray  # gauge parameter per gauge frame
    gauge_loss: np.ndarray
    gauge_score_change: np.ndarray  # max |S(t) − S(0)|
    gauge_imbalance: np.ndarray
    gauge_cosines: np.ndarray  # frames × w × w, cosines inside W_out·A(t)⁻ᵀ
    train_step: np.ndarray
    train_loss: np.ndarray
    train_imbalance: np.ndarray
    train_cosines: np.ndarray
    balanced_cosines: np.ndarray  # w × w, the balanced split B′ of the same S
    W_in: np.ndarray  # the trained pair (t = 0)
    W_out: np.ndarray
    X: np.ndarray
    seed: int

    @property
    def n_frames(self) -> int:
        return len(self.t) + len(self.train_step)

    @property
    def gauge_cosine_gap(self) -> np.ndarray:
        """Per gauge frame: the largest |cosine inside W′ − the balanced split's| over the words."""
        return np.abs(self.gauge_cosines - self.balanced_cosines).max(axis=(1, 2))

    @property
    def train_cosine_gap(self) -> np.ndarray:
        """Per training snapshot: the same gap, 0 when W′'s cosines are those S fixes."""
        return np.abs(self.train_cosines - self.balanced_cosines).max(axis=(1, 2))


def gauge_path(
    run, X, words: Sequence[str], *, t_max: float = 1.0, frames: int = 8, seed: int = 0
) -> GaugePath:
    """The trained run's end point moved along A(t), and its training from the small start."""
    if getattr(run, "config", {}).get("objective") != "softmax":
        raise _checks.InputError(
            "gauge_path reads the full-softmax loss from the counts: train the run "
            "with objective='softmax'."
        )
    if not getattr(run, "snapshots", None):
        raise _checks.InputError(
            "gauge_path replays the training too: train with snapshot_every=… "
            "so the run keeps snapshots."
        )
    frames = _checks.positive_int("frames", frames)
    X = np.asarray(X, dtype=float)
    V = len(run.vocab)
    if X.shape != (V, V):
        raise ValueError(f"X must be the run's V×V co-occurrence counts ({V}×{V}), got {X.shape}.")
    missing = [w for w in words if w not in run.vocab.words]
    if missing or len(words) < 2:
        raise ValueError(f"words must be ≥ 2 words of the run's vocabulary; not in it: {missing}.")
    rows = run.vocab.indices(list(words))
    W_in, W_out = np.asarray(run.W_in, float), np.asarray(run.W_out, float)
    N = W_in.shape[1]
    up = np.linspace(0, t_max, frames + 1)
    ts = np.concatenate([up, up[::-1][1:], -up[1:], -up[::-1][1:]])
    S0 = W_in @ W_out.T
    loss, change, imb, cos = [], [], [], []
    for t in ts:
        A = gauge_matrix(t, N, seed=seed)
        Wi, Wo = W_in @ A, W_out @ np.linalg.inv(A).T
        loss.append(softmax_mean_loss(Wi, Wo, X))
        change.append(np.abs(Wi @ Wo.T - S0).max())
        imb.append(imbalance(Wi, Wo))
        cos.append(cosine_matrix(Wo[rows]))
    snaps = [s for s in run.snapshots if np.any(s.W_out)]  # W_out = 0 has no cosines yet
    _, B_out = balanced_split(W_in, W_out)
    return GaugePath(
        words=list(words),
        rows=np.asarray(rows),
        t=ts,
        gauge_loss=np.array(loss),
        gauge_score_change=np.array(change),
        gauge_imbalance=np.array(imb),
        gauge_cosines=np.array(cos),
        train_step=np.array([s.step for s in snaps]),
        train_loss=np.array([softmax_mean_loss(s.W_in, s.W_out, X) for s in snaps]),
        train_imbalance=np.array([imbalance(s.W_in, s.W_out) for s in snaps]),
        train_cosines=np.array([cosine_matrix(s.W_out[rows]) for s in snaps]),
        balanced_cosines=cosine_matrix(B_out[rows]),
        W_in=W_in,
        W_out=W_out,
        X=X,
        seed=seed,
    )


def draw_cosines(ax, cosines: np.ndarray, words: Sequence[str]) -> list:
    """A heatmap of cosines with each value written in its cell (readable without colour)."""
    artists = [ax.imshow(cosines, cmap=style.CMAP_COSINE, vmin=-1, vmax=1)]
    for i in range(len(words)):
        for j in range(len(words)):
            value = cosines[i, j]
            artists.append(
                ax.text(
                    j,
                    i,
                    f"{value:+.2f}",
                    ha="center",
                    va="center",
                    fontsize=9,
                    color="white" if abs(value) > 0.6 else "black",
                )
            )
    return artists


def gauge_animation(path: GaugePath) -> FuncAnimation:
    """Left: loss against the gap between W′'s cosines and the balanced split's (the gauge path
    is flat in the loss; training lands near gap 0). Right: the cosines inside W′ at that frame."""
    if not isinstance(path, GaugePath):
        raise TypeError(
            f"gauge_animation draws a GaugePath (from w2vlib.gauge_path(...)), got "
            f"{type(path).__name__}."
        )
    n_gauge = len(path.t)
    fig = new_figure(figsize=(9.5, 4.6))
    with mpl.rc_context(RC):
        ax_map, ax_cos = fig.subplots(1, 2, width_ratios=[1.2, 1])
        ax_map.set_xlabel("largest |cos inside W′ − cos inside B′|  (0 = balanced)", fontsize=10)
        ax_map.set_ylabel("loss per pair", fontsize=11)
        gauge_gap, train_gap = path.gauge_cosine_gap, path.train_cosine_gap
        every_x = np.concatenate([gauge_gap, train_gap, [0.0]])
        every_y = np.concatenate([path.gauge_loss, path.train_loss])
        ax_map.set_xlim(-0.05 * every_x.max(), every_x.max() * 1.1)
        span = every_y.max() - every_y.min()
        ax_map.set_ylim(every_y.min() - 0.08 * span, every_y.max() + 0.08 * span)
        ax_map.plot([0], [path.gauge_loss[0]], "*", color=BALANCED_COLOR, ms=16, zorder=5)
        ax_map.annotate(
            "balanced split B′\nof the same S",
            (0, path.gauge_loss[0]),
            xytext=(10, 22),
            textcoords="offset points",
            fontsize=10,
            color=BALANCED_COLOR,
        )
        ax_cos.set_xticks(range(len(path.words)), path.words, rotation=90, fontsize=10)
        ax_cos.set_yticks(range(len(path.words)), path.words, fontsize=10)
        ax_cos.set_title("cosines inside W′", fontsize=12)
        title = fig.suptitle("", fontsize=12)
        drawn: list = []

    def draw(k: int) -> list:
        for artist in drawn:
            artist.remove()
        drawn.clear()
        gauge = k < n_gauge
        if gauge:
            seen = slice(0, k + 1)
            drawn.append(
                ax_map.plot(gauge_gap[seen], path.gauge_loss[seen], "-", color=GAUGE_COLOR, lw=2)[0]
            )
            x, y, cos = gauge_gap[k], path.gauge_loss[k], path.gauge_cosines[k]
            title.set_text(
                f"gauge (W_in·A, W′·A⁻ᵀ), t = {path.t[k]:+.2f}: loss {y:.12f}, "
                f"max |ΔS| = {path.gauge_score_change[k]:.0e}"
            )
        else:
            i = k - n_gauge
            drawn.append(
                ax_map.plot(gauge_gap, path.gauge_loss, "-", color=GAUGE_COLOR, lw=2, alpha=0.35)[0]
            )
            drawn.append(
                ax_map.plot(
                    train_gap[: i + 1],
                    path.train_loss[: i + 1],
                    "-",
                    color=TRAIN_COLOR,
                    lw=2,
                )[0]
            )
            x, y, cos = train_gap[i], path.train_loss[i], path.train_cosines[i]
            title.set_text(
                f"training from a small start, step {path.train_step[i]}: loss "
                f"{y:.4f}, imbalance {path.train_imbalance[i]:.2f}, cosines within {x:.2f} of B′"
            )
        drawn.append(
            ax_map.plot(
                [x], [y], "o", color=GAUGE_COLOR if gauge else TRAIN_COLOR, ms=10, zorder=6
            )[0]
        )
        drawn.extend(draw_cosines(ax_cos, cos, path.words))
        return drawn

    animation = animate(fig, draw, path.n_frames, INTERVAL_MS)
    fig.subplots_adjust(top=0.84)  # room between the figure's title and the heatmap's
    animation.path = path
    return animation
