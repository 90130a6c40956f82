"""plots.loss: the loss curve with its floor, and the optimum scatter."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from w2vlib import cooccurrence, plots, toy_corpus, train
from w2vlib.analysis import counts as theory
from w2vlib.analysis.evaluation import fit_line
from w2vlib.style import new_figure

SENTENCES = toy_corpus("pets_vehicles", repeats=5)


@pytest.fixture(scope="module")
def run():
    return train(SENTENCES, objective="softmax", dim=3, epochs=8, lr=0.1, seed=0, snapshot_every=5)


def test_loss_draws_into_given_axes_and_falls(run):
    fig, axes = new_figure(1, 2)
    assert plots.plot_loss(run, ax=axes[0]) is fig
    line = [x for x in axes[0].lines if "mean" in x.get_label()][0]
    assert line.get_ydata()[-1] < line.get_ydata()[0]


def test_loss_floor_line_is_theory_s_number(run):
    X = cooccurrence(SENTENCES, run.vocab, 2)
    fig = plots.plot_loss(run, X=X)
    floor = [x for x in fig.axes[0].lines if "H(O|C)" in x.get_label()][0]
    assert floor.get_ydata()[0] == theory.loss_floor(run, X)


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_optimum_scatter_has_the_fit_and_correlation_in_the_legend(objective):
    sentences = toy_corpus("four_topics", repeats=2)
    run = train(sentences, objective=objective, dim=8, epochs=20, lr=0.05, seed=0)
    X = cooccurrence(sentences, run.vocab, 2)
    fig = plots.plot_optimum(run, X)
    ax = fig.axes[0]
    points = ax.collections[0].get_offsets()
    assert len(points) == (X > 0).sum()  # observed pairs only
    target, model, _ = theory.optimum_targets(run, X)
    np.testing.assert_array_equal(points, np.c_[target, model])
    _, _, r = fit_line(target, model)
    assert r > 0.95  # measured: 0.993 (softmax), 0.987 (negative sampling)
    assert any(f"r = {r:.3f}" in t.get_text() for t in ax.get_legend().get_texts())


def test_loss_bad_inputs(run):
    with pytest.raises(TypeError, match="expected a Run"):
        plots.plot_loss(run.losses)
    with pytest.raises(
        ValueError, match=f"smooth=100000 is longer than the run's {len(run.losses)}"
    ):
        plots.plot_loss(run, smooth=100_000)  # np.convolve swapped its arguments
    for smooth in (0, 2.5, "10"):
        with pytest.raises(ValueError, match="smooth must be a whole number ≥ 1"):
            plots.plot_loss(run, smooth=smooth)
    negative = train(SENTENCES, dim=2, epochs=1)
    with pytest.raises(ValueError, match="full-softmax skip-gram runs only.*drop X"):
        plots.plot_loss(negative, X=cooccurrence(SENTENCES, negative.vocab, 2))


def test_optimum_bad_inputs(run):
    with pytest.raises(ValueError, match=r"shape \(3, 3\) but the run's vocabulary has"):
        plots.plot_optimum(run, np.ones((3, 3)))
    X = cooccurrence(SENTENCES, run.vocab, 2).astype(float)
    X[0, 0] = np.nan
    with pytest.raises(ValueError, match="finite and ≥ 0"):
        plots.plot_optimum(run, X)
    cbow = train(SENTENCES, arch="cbow", dim=2, epochs=1)
    with pytest.raises(ValueError, match="arch='skipgram'"):
        plots.plot_optimum(cbow, cooccurrence(SENTENCES, cbow.vocab, 2))
    with pytest.raises(TypeError, match="expected a Run"):
        plots.plot_optimum(X, run)  # swapped arguments
