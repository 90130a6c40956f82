"""The loss curve and the optimum: what training reaches against what theory says it reaches.

Public API::

    plot_loss(run, *, smooth=None, X=None, ax=None, title=None)
    plot_optimum(run, X, *, ax=None, title=None)

The numbers drawn come from :func:`w2vlib.analysis.counts.loss_floor` and
:func:`w2vlib.analysis.counts.optimum_targets`; this module only draws them.
"""

from __future__ import annotations

import numpy as np
from matplotlib.figure import Figure

from w2vlib import _checks, style
from w2vlib.analysis.counts import loss_floor, optimum_targets
from w2vlib.analysis.evaluation import fit_line
from w2vlib.plots.common import figure_and_axes, require_run


@style.context()
def plot_loss(
    run,
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
    require_run(run)
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
    mean = np.convolve(losses, np.ones(smooth) / smooth, mode="valid")
    steps = np.arange(1, len(losses) + 1)
    fig, ax = figure_and_axes(ax)
    ax.plot(steps, losses, color=style.color(5), lw=0.8, alpha=0.6, label="minibatch loss")
    ax.plot(
        steps[smooth - 1 :], mean, color=style.color(0), lw=2.5, label=f"mean of {smooth} steps"
    )
    if floor is not None:
        ax.axhline(
            floor,
            ls="--",
            color=style.color(3),
            lw=1.5,
            label=f"lowest possible: H(O|C) = {floor:.3f}",
        )
    ax.set_xlabel("training step (minibatches)")
    ax.set_ylabel(f"mean loss ({run.config['objective']})")
    headline = f"The loss falls from {mean[0]:.2f} to {mean[-1]:.2f}"
    if floor is not None:
        headline += f", the floor is {floor:.2f}"
    ax.set_title(title or headline)
    ax.legend(loc="best", fontsize=11)
    return fig


@style.context()
def plot_optimum(run, X: np.ndarray, *, ax=None, title: str | None = None) -> Figure:
    """Entries of W_in·W_outᵀ against what theory says they converge to, observed pairs only.

    ``X`` is the co-occurrence matrix: ``w2vlib.cooccurrence(sentences, run.vocab, window)``.
    The legend gives the least-squares line and the correlation r.
    """
    require_run(run)
    target, model, label = optimum_targets(run, X)
    slope, intercept, r = fit_line(target, model)
    fig, ax = figure_and_axes(ax, figsize=(9.5, 5.5))
    ax.scatter(
        target,
        model,
        s=28,
        color=style.color(0),
        alpha=0.7,
        label=f"{len(target)} observed (c, o) pairs",
    )
    grid = np.linspace(target.min(), target.max(), 2)
    ax.plot(
        grid,
        slope * grid + intercept,
        color=style.color(3),
        label=f"fit: y = {slope:.2f}·x {intercept:+.2f}, r = {r:.3f}",
    )
    ax.plot(grid, grid, ls="--", color="0.5", lw=1.5, label="y = x (the optimum)")
    ax.set_xlabel(label)
    ax.set_ylabel("W_in[c]·W_out[o]" + (", centred" if "centred" in label else ""))
    short = "PMI − log k" if run.config["objective"] == "negative" else "log p̂(o|c) + b_c"
    ax.set_title(title or f"Training factorises the corpus: W_in·W_outᵀ ≈ {short} (r = {r:.2f})")
    ax.legend(loc="upper left", fontsize=11)
    return fig
