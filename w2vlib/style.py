"""The course's plotting style: the Okabe–Ito colour-blind-safe palette and readable sizes.

Public API::

    PALETTE: tuple[str, ...]          # Okabe–Ito colours, most distinct first
    CATEGORIES: tuple[str, ...]       # six colours distinct under every common colour deficiency
    PULL_COLOR, PUSH_COLOR, TOTAL_COLOR, CMAP_COSINE
    RC: dict                          # rcParams: fonts ≥ 11 pt, no top/right spines
    color(i) -> str                   # the i-th palette colour (cycles)
    context() -> contextmanager       # ``with context():`` applies RC
    new_figure(nrows=1, ncols=1, figsize=(9.5, 5)) -> (Figure, Axes | array of Axes)

Figures are 9.5 inches wide at 100 dpi (950 px): they fit a 1280×800 screen
and a reveal.js slide. ``new_figure`` closes the figure in pyplot's registry,
so a notebook shows a returned figure once (as the cell's value), not twice.
"""

from __future__ import annotations

from contextlib import AbstractContextManager

import matplotlib as mpl
import numpy as np
from cycler import cycler

# Okabe & Ito (2008), ordered so that neighbouring series stay distinct; the
# yellow comes late because it is faint on white.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#F0E442",  # yellow
)
# For up to six categories that must stay apart for every reader (e.g. the companies of
# centre words in animations.row_buildup): Okabe–Ito's blue, orange and sky blue, a neutral
# grey, Paul Tol's red and indigo. The six stay ≥ 24 CIELAB units apart under simulated
# deuteranopia, protanopia and tritanopia (Machado et al. 2009), where PALETTE's bluish green
# and reddish purple both turn grey. Beyond six, Tol's muted colours (closer together).
CATEGORIES: tuple[str, ...] = (
    "#0072B2",  # blue
    "#777777",  # grey
    "#E69F00",  # orange
    "#CC3311",  # red
    "#56B4E9",  # sky blue
    "#332288",  # indigo
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
)
PULL_COLOR = "#009E73"
PUSH_COLOR = "#D55E00"
TOTAL_COLOR = "#000000"
CONTEXT_COLOR = "#555555"
CMAP_COSINE = "PuOr_r"  # diverging purple–orange: readable with every common colour deficiency

FIGSIZE = (9.5, 5.0)

RC: dict = {
    "figure.figsize": FIGSIZE,
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 12,
    "axes.titlesize": 13,
    "axes.labelsize": 12,
    "xtick.labelsize": 11,
    "ytick.labelsize": 11,
    "legend.fontsize": 11,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=PALETTE),
    "lines.linewidth": 2.0,
}


def color(i: int) -> str:
    """The i-th palette colour, cycling."""
    return PALETTE[i % len(PALETTE)]


def context() -> AbstractContextManager:
    """``with context(): ...`` draws with the course style (fonts, palette, spines)."""
    return mpl.rc_context(RC)


def new_figure(nrows: int = 1, ncols: int = 1, figsize: tuple[float, float] = FIGSIZE, **kwargs):
    """A styled (Figure, axes) pair, detached from pyplot so a notebook shows it once."""
    import matplotlib.pyplot as plt  # imported here: pyplot picks the notebook's inline backend

    with context():
        kwargs.setdefault("layout", "constrained")
        fig, axes = plt.subplots(nrows, ncols, figsize=figsize, **kwargs)
    plt.close(fig)
    return fig, axes


def as_axes_list(axes) -> list:
    """A flat list of Axes from one Axes, a list of them, or a numpy array of them."""
    return list(np.ravel(np.asarray(axes, dtype=object)))
