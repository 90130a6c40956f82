"""Animations of W′ learning that play without a kernel: in JupyterLab, HTML pages and slides.

Public API::

    row_buildup(word="cat", *, sentences=None, twin="dog", dim=2, lr=0.004, chunks=10,
                steps_per_chunk=2, hold_inputs=True, trained_inputs=None, seed=3) -> FuncAnimation
    buildup_arrows(stepper, word, *, chunks, steps_per_chunk, hold_inputs=False,
                   group_others=True) -> list[Arrow]
    rows_to_contexts(run, words, *, max_frames=20) -> FuncAnimation     # the explorer's view
    group_cosines_over_training(run, groups, *, max_frames=20) -> FuncAnimation
    group_cosine_series(run, groups) -> (steps, within, across)
    show(animation) -> IPython.display.HTML       # Animation.to_jshtml, figure closed
    frames(animation) -> list[np.ndarray]         # every frame as RGB pixels (tests, GIF)
    save_gif(animation, path, fps=3) -> Path      # Pillow writer (the README's GIF)
    company_sweep(word="cat", twin="dog", towards="car", ...) -> CompanySweep   # lesson 04
    company_sweep_animation(sweep) -> FuncAnimation   # cos(W′ rows) vs ‖ΔS‖, with the bound
    gauge_matrix(t, N, *, seed=0) -> A(t)             # a continuous path from A(0) = I
    gauge_path(run, X, words, *, t_max=1.0, frames=8) -> GaugePath             # lesson 04
    gauge_animation(path) -> FuncAnimation            # loss fixed, cosines inside W′ swing

Every animation is a matplotlib ``FuncAnimation`` drawn with the Agg renderer from
fixed seeds, so it is the same on every machine. ``show`` embeds it as JavaScript
HTML (``Animation.to_jshtml``): the frames are PNGs inside the page, and the player
needs neither a kernel nor the network, so the same output plays in JupyterLab, in
``make html`` pages, in ``make slides`` decks and in RISE. Frame counts and sizes
are kept small (≤ ~45 frames of ≤ 800×360 px: well under 2 MB each).

The mathematics (course notation). In a minibatch, output row j changes by
Σ_b −η·(y_bj − t_bj)·h_b with h_b = W_in[c_b] (lesson 02): a sum of copies of
input vectors. ``buildup_arrows`` groups these parts by centre word c over a few
steps, so each arrow is the exact sum of the parts of one centre. ``row_buildup``
draws the input vectors W_in[c] in one panel and, in the other, one arrow per centre
(its pulls minus its pushes so far) laid tip to tail, under a fixed *linear* 2-D map:
the chain adds up exactly to W_out[j] − W_out⁽⁰⁾[j] in every frame. With W_in held
(the default) at the input vectors of a trained 2-D model, each arrow is a multiple of its
W_in[c] and the pulls of j's company lead; with ``hold_inputs=False`` W_in starts random
and moves as in training, and the sum still holds. Colours mark companies (centres with
the same neighbours), from ``style.CATEGORIES``; labels are placed apart by ``labels``.
"""

from __future__ import annotations

from matplotlib.animation import PillowWriter

from w2vlib.animations.buildup import (
    FULL_BATCH,
    OTHERS,
    Arrow,
    buildup_arrows,
    readme_gif,
    row_buildup,
)
from w2vlib.animations.canvas import frames, offline_html, save_gif, show
from w2vlib.animations.gauge import GaugePath, gauge_animation, gauge_matrix, gauge_path
from w2vlib.animations.sweep import CompanySweep, company_sweep, company_sweep_animation
from w2vlib.animations.views import (
    group_cosine_series,
    group_cosines_over_training,
    rows_to_contexts,
)

__all__ = [
    "FULL_BATCH",
    "OTHERS",
    "Arrow",
    "CompanySweep",
    "GaugePath",
    "PillowWriter",
    "buildup_arrows",
    "company_sweep",
    "company_sweep_animation",
    "frames",
    "gauge_animation",
    "gauge_matrix",
    "gauge_path",
    "group_cosine_series",
    "group_cosines_over_training",
    "offline_html",
    "readme_gif",
    "row_buildup",
    "rows_to_contexts",
    "save_gif",
    "show",
]
