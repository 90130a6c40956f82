"""plots.trajectories: paths in one space, and both spaces through their dot products."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.text import Annotation
from plot_fixtures import SENTENCES, WORDS, toy_softmax_run

from w2vlib import Stepper, plots, train


@pytest.fixture(scope="module")
def run():
    return toy_softmax_run()


@pytest.fixture(scope="module")
def run2d():
    return train(SENTENCES, objective="negative", dim=2, epochs=4, seed=1, snapshot_every=5)


def _trajectory_lines(ax):
    return [line for line in ax.lines if line.get_label() in WORDS]


def test_trajectories_one_line_per_word_through_every_snapshot(run):
    fig = plots.plot_trajectories(run, WORDS, context_words=["feed", "drive"])
    ax = fig.axes[0]
    lines = _trajectory_lines(ax)
    assert [line.get_label() for line in lines] == WORDS
    assert all(len(line.get_xdata()) == len(run.snapshots) for line in lines)
    # a direction arrowhead per word, plus a dashed arrow per context word
    arrows = [t for t in ax.texts if isinstance(t, Annotation) and t.arrow_patch is not None]
    assert len(arrows) == len(WORDS) + 2
    assert "PCA" in ax.get_xlabel()


def test_trajectories_are_exact_in_two_dimensions(run2d):
    fig = plots.plot_trajectories(run2d, ["cat"], space="in")
    line = _trajectory_lines(fig.axes[0])[0]
    expected = np.array([s.W_in[run2d.vocab["cat"]] for s in run2d.snapshots])
    np.testing.assert_array_equal(np.c_[line.get_xdata(), line.get_ydata()], expected)
    assert "exact" in fig.axes[0].get_xlabel()


def test_pca_axes_are_fitted_once_on_all_snapshots(run):
    stack = plots.snapshot_stack(run, WORDS, "out")
    mean, components = plots.project_pca(stack)
    line = _trajectory_lines(plots.plot_trajectories(run, WORDS).axes[0])[1]
    np.testing.assert_allclose(line.get_xdata(), (stack[:, 1] - mean) @ components[0], atol=1e-12)


def test_score_trajectories_are_the_dot_products(run):
    fig = plots.plot_score_trajectories(run, WORDS, ["feed", "drive"])
    line = _trajectory_lines(fig.axes[0])[0]
    v = run.vocab
    final = run.snapshots[-1]
    assert line.get_xdata()[-1] == pytest.approx(final.W_out[v["cat"]] @ final.W_in[v["feed"]])
    assert line.get_ydata()[-1] == pytest.approx(final.W_out[v["cat"]] @ final.W_in[v["drive"]])
    # pets end up scoring high with feed, vehicles with drive: the title says so
    assert "cat, dog → feed" in fig.axes[0].get_title()


def test_trajectory_bad_inputs(run):
    with pytest.raises(ValueError, match="unknown space 'W_in'"):
        plots.plot_trajectories(run, WORDS, space="W_in")
    with pytest.raises(TypeError, match=r"context_words must be a list.*\['feed'\]"):
        plots.plot_trajectories(run, WORDS, context_words="feed")  # was: letters f, e, e, d
    with pytest.raises(TypeError, match="got Stepper"):
        plots.plot_trajectories(Stepper(SENTENCES, dim=2), WORDS)
    with pytest.raises(ValueError, match="dim=1"):
        plots.plot_trajectories(train(SENTENCES, dim=1, epochs=1, snapshot_every=10), ["cat"])
    with pytest.raises(ValueError, match=r"exactly two words \(one per axis\), got 1"):
        plots.plot_score_trajectories(run, ["cat"], ["feed"])
    with pytest.raises(TypeError, match=r"string 'feed'"):
        plots.plot_score_trajectories(run, ["cat"], "feed")
    with pytest.raises(TypeError, match="pass the word itself"):
        plots.plot_score_trajectories(run, [0, 1], ["feed", "drive"])
