"""Plots that make W′ learning visible, honest about what each projection can show.

Public API (every function returns its Figure and accepts ``ax=`` to draw into
existing axes; words are strings, checked with ``vocab[word]``)::

    plot_trajectories(run, words, *, space="out", context_words=(), ax=None, title=None)
    plot_score_trajectories(run, words, context_words, *, ax=None, title=None)
    plot_similarity_over_time(run, pairs, *, space="out", ax=None, title=None)
    plot_cosine_heatmaps(run, groups, *, steps=None, space="out", ax=None)
    plot_loss(run, *, smooth=None, X=None, ax=None, title=None)
    plot_optimum(run, X, *, ax=None, title=None)
    plot_pull(pull, *, origin=None, basis=None, axis_labels=None, labels=None, ax=None, title=None)
    plot_step(stepper, word, *, context_words=None, ax=None, title=None)
    plot_hidden_difference(run, a, b, *, stretch=4.0)   # where W′[a] − W′[b] can hide
    hiding_gauge(W_out, a, b, stretch) -> A              # the gauge that picture applies
    centered_cosines_over_time(run, pairs, space="out") -> np.ndarray   # S×P, as plotted
    project_pca(points, n=2) -> (mean, components)        # the PCA used by the trajectories
    snapshot_stack(run, words, space) -> np.ndarray        # S×W×N rows over the snapshots

The modules: ``common`` (checks, the 2-D view, shared drawing), ``trajectories``,
``cosines``, ``loss`` (loss curve and optimum) and ``step`` (one update, part by
part) and ``hiding`` (the gauge that opens the angle between two rows). The numbers behind the loss floor and the optimum are theory:
:func:`w2vlib.loss_floor` and :func:`w2vlib.optimum_targets` (in :mod:`w2vlib.analysis.counts`).

In a notebook, a returned figure shows once when it is the cell's last
expression (``fig = plot_…(…)`` shows nothing until you write ``fig``).

Why the projections are what they are: the loss only sees dot products
W_in[c]·W_out[o], and it is unchanged by W_in → W_in·A, W_out → W_out·A^{-T}
for any invertible A. So a position of an input vector next to an output
vector in one PCA means nothing. Three pictures are legitimate, and used here:

* one space at a time (``plot_trajectories``): exact when N = 2, otherwise
  a PCA fitted once on every snapshot of the plotted rows (fixed axes). The
  other space's rows are drawn only as *directions* from the point where the
  zero vector lands: an SGD step adds multiples of W_in[c] to W_out[j], and a
  linear map keeps sums, so "W_out[j] moves along W_in[c]" is visible.
* dot-product coordinates (``plot_score_trajectories``): x = W_out[j]·W_in[a],
  y = W_out[j]·W_in[b], the scores the model gives j as a context of a and b.
  They are invariant under A, so both spaces meet legitimately.
* ``plot_pull``: the parts of one update under any *linear* 2-D map, which
  keeps "the parts add up to the total".
"""

# The shared helpers other modules (widgets, animations) import from here too.
from w2vlib.plots.common import (
    SPACE_NAMES,
    checked_words,
    project_pca,
    require_snapshots,
    snapshot_stack,
)
from w2vlib.plots.cosines import (
    centered_cosines_over_time,
    plot_cosine_heatmaps,
    plot_similarity_over_time,
)
from w2vlib.plots.hiding import hiding_gauge, plot_hidden_difference
from w2vlib.plots.loss import plot_loss, plot_optimum
from w2vlib.plots.step import plot_pull, plot_step
from w2vlib.plots.trajectories import plot_score_trajectories, plot_trajectories

__all__ = [
    "SPACE_NAMES",
    "checked_words",
    "centered_cosines_over_time",
    "hiding_gauge",
    "plot_cosine_heatmaps",
    "plot_hidden_difference",
    "plot_loss",
    "plot_optimum",
    "plot_pull",
    "plot_score_trajectories",
    "plot_similarity_over_time",
    "plot_step",
    "plot_trajectories",
    "project_pca",
    "require_snapshots",
    "snapshot_stack",
]
