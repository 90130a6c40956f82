"""Each plot draws the artists it promises, from the numbers it claims, and rejects bad input."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch
from matplotlib.text import Annotation

from w2vlib import cooccurrence, plots, toy_corpus, toy_groups, train
from w2vlib.style import new_figure
from w2vlib.theory import fit_line

SENTENCES = toy_corpus("pets_vehicles", repeats=5)
WORDS = ["cat", "dog", "car", "bus"]


@pytest.fixture(scope="module")
def run():
    return train(SENTENCES, objective="softmax", dim=3, epochs=8, lr=0.1, seed=0, snapshot_every=5)


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
    # the same data always gives the same signs
    np.testing.assert_array_equal(plots.project_pca(stack)[1], components)


def test_score_trajectories_are_the_dot_products(run):
    fig = plots.plot_score_trajectories(run, WORDS, ["feed", "drive"])
    line = _trajectory_lines(fig.axes[0])[0]
    v = run.vocab
    final = run.snapshots[-1]
    assert line.get_xdata()[-1] == pytest.approx(final.W_out[v["cat"]] @ final.W_in[v["feed"]])
    assert line.get_ydata()[-1] == pytest.approx(final.W_out[v["cat"]] @ final.W_in[v["drive"]])
    # pets end up scoring high with feed, vehicles with drive: the title says so
    assert "cat, dog → feed" in fig.axes[0].get_title()


def test_similarity_over_time_matches_centred_cosines(run):
    fig = plots.plot_similarity_over_time(run, [("cat", "dog"), ("cat", "car")])
    lines = [line for line in fig.axes[0].lines if "·" in line.get_label()]
    assert len(lines) == 2
    W = run.W_out - run.W_out.mean(axis=0)
    a, b = W[run.vocab["cat"]], W[run.vocab["dog"]]
    assert lines[0].get_ydata()[-1] == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    assert lines[0].get_ydata()[-1] > 0.9 > lines[1].get_ydata()[-1]
    assert "converge" in fig.axes[0].get_title()


def test_heatmaps_one_panel_per_step_ordered_by_group(run):
    fig = plots.plot_cosine_heatmaps(run, toy_groups(), steps=[0, 10**6])
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 2
    labels = [t.get_text() for t in panels[0].get_yticklabels()]
    assert labels == ["cat", "dog", "rabbit", "car", "bus", "truck"]
    C = panels[1].images[0].get_array()
    assert C[0, 1] > 0.9 and C[0, 3] < 0.5  # same group alike, different groups not


def test_plots_draw_into_given_axes(run):
    fig, axes = new_figure(1, 3)
    assert plots.plot_loss(run, ax=axes[0]) is fig
    assert plots.plot_cosine_heatmaps(run, WORDS, steps=[0, 50], ax=axes[1:]) is fig
    line = [x for x in axes[0].lines if "mean" in x.get_label()][0]
    assert line.get_ydata()[-1] < line.get_ydata()[0]  # the loss falls


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_optimum_scatter_has_the_fit_and_correlation_in_the_legend(objective):
    sentences = toy_corpus("four_topics", repeats=2)
    run = train(sentences, objective=objective, dim=8, epochs=20, lr=0.05, seed=0)
    X = cooccurrence(sentences, run.vocab, 2)
    fig = plots.plot_optimum(run, X)
    ax = fig.axes[0]
    points = ax.collections[0].get_offsets()
    assert len(points) == (X > 0).sum()  # observed pairs only
    target, model, _ = plots.optimum_targets(run, X)
    _, _, r = fit_line(target, model)
    assert r > 0.95  # measured: 0.993 (softmax), 0.987 (negative sampling)
    assert any(f"r = {r:.3f}" in t.get_text() for t in ax.get_legend().get_texts())


def test_pull_plot_one_arrow_per_part_and_the_total(run):
    from w2vlib.stepper import Stepper

    stepper = Stepper(SENTENCES, objective="softmax", dim=3, lr=0.1, seed=0)
    stepper.run(5)
    pull = stepper.pull("cat")
    fig = plots.plot_step(stepper, "cat", context_words=["feed", "drive"])
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    parts = [a for a in arrows if a.get_gid() == "part"]
    assert len(parts) == len(pull.parts) and len([a for a in arrows if a.get_gid() == "total"]) == 1
    fig2 = plots.plot_pull(pull)  # default: the parts' own plane; the sum still adds up
    assert isinstance(fig2, Figure)


def test_bad_inputs_get_clear_errors(run, run2d):
    with pytest.raises(KeyError, match="Did you mean 'cat'"):
        plots.plot_trajectories(run, ["cta"])
    with pytest.raises(ValueError, match="words is empty"):
        plots.plot_trajectories(run, [])
    no_snapshots = train(SENTENCES, dim=2, epochs=1)
    with pytest.raises(ValueError, match="snapshot_every="):
        plots.plot_similarity_over_time(no_snapshots, [("cat", "dog")])
    one_d = train(SENTENCES, dim=1, epochs=1, snapshot_every=10)
    with pytest.raises(ValueError, match="dim=1"):
        plots.plot_trajectories(one_d, ["cat"])
    with pytest.raises(ValueError, match="exactly two"):
        plots.plot_score_trajectories(run, ["cat"], ["feed"])
    with pytest.raises(ValueError, match="pairs is empty"):
        plots.plot_similarity_over_time(run, [])
    with pytest.raises(ValueError, match="cooccurrence"):
        plots.plot_optimum(run, np.ones((3, 3)))
    with pytest.raises(TypeError, match=r"\['cat'\]"):
        plots.plot_trajectories(run, "cat")


def test_loss_floor_is_the_conditional_entropy_and_training_approaches_it():
    run = train(SENTENCES, objective="softmax", dim=5, epochs=20, lr=0.05, seed=0)
    X = cooccurrence(SENTENCES, run.vocab, 2).astype(float)
    # independent: mean over every training pair of −log p̂(o|c)
    centres, contexts = np.nonzero(X)
    p_hat = X / X.sum(axis=1, keepdims=True)
    expected = -(X[centres, contexts] * np.log(p_hat[centres, contexts])).sum() / X.sum()
    assert plots.loss_floor(run, X) == pytest.approx(expected, rel=1e-12)
    fig = plots.plot_loss(run, X=X)
    assert any("H(O|C)" in line.get_label() for line in fig.axes[0].lines)
    final = run.losses[-200:].mean()
    assert expected - 0.1 < final < expected + 0.1  # measured: within 0.05 of the floor
    with pytest.raises(ValueError, match="softmax"):
        plots.loss_floor(train(SENTENCES, dim=2, epochs=1), X)


def test_more_bad_inputs_get_clear_errors(run):
    # a smoothing window longer than the run: np.convolve swapped its arguments
    with pytest.raises(
        ValueError, match=f"smooth=100000 is longer than the run's {len(run.losses)}"
    ):
        plots.plot_loss(run, smooth=100_000)
    # a bare string used to become one-letter words, reported as unknown 'c'
    with pytest.raises(TypeError, match=r"string 'cat': pass \['cat'\]"):
        plots.plot_cosine_heatmaps(run, {"pets": "cat", "vehicles": ["car", "bus"]})
    with pytest.raises(TypeError, match=r"string 'cat'"):
        plots.plot_cosine_heatmaps(run, "cat")
    from w2vlib.stepper import Stepper

    pull = Stepper(SENTENCES, dim=3, seed=0).pull("cat")
    with pytest.raises(ValueError, match="origin must be one vector of length N = 3"):
        plots.plot_pull(pull, origin=np.zeros(2))
    with pytest.raises(ValueError, match=f"labels must name each of the {len(pull.parts)} parts"):
        plots.plot_pull(pull, labels=["cat"] * (len(pull.parts) + 1))


def test_centred_cosines_check_their_pairs(run):
    with pytest.raises(ValueError, match=r"two words, got \('cat', 'dog', 'car'\)"):
        plots.centred_cosines_over_time(run, [("cat", "dog", "car")])  # was: too many to unpack
    with pytest.raises(TypeError, match="expected a Run"):
        plots.plot_loss(run.losses)
