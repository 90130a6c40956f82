"""plots.cosines: centred cosines of pairs over time, and heatmaps by group."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from plot_fixtures import SENTENCES, WORDS, toy_softmax_run

from w2vlib import plots, toy_groups, train
from w2vlib.style import new_figure


@pytest.fixture(scope="module")
def run():
    return toy_softmax_run()


def test_similarity_over_time_matches_centred_cosines(run):
    fig = plots.plot_similarity_over_time(run, [("cat", "dog"), ("cat", "car")])
    lines = [line for line in fig.axes[0].lines if "·" in line.get_label()]
    assert len(lines) == 2
    W = run.W_out - run.W_out.mean(axis=0)
    a, b = W[run.vocab["cat"]], W[run.vocab["dog"]]
    assert lines[0].get_ydata()[-1] == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
    assert lines[0].get_ydata()[-1] > 0.9 > lines[1].get_ydata()[-1]
    assert "converge" in fig.axes[0].get_title()
    # every snapshot, in the input space too
    cos = plots.centered_cosines_over_time(run, [("cat", "dog")], space="in")
    W0 = run.snapshots[3].W_in - run.snapshots[3].W_in.mean(axis=0)
    a, b = W0[run.vocab["cat"]], W0[run.vocab["dog"]]
    assert cos[3, 0] == pytest.approx(a @ b / np.linalg.norm(a) / np.linalg.norm(b))


def test_heatmaps_one_panel_per_step_ordered_by_group(run):
    fig = plots.plot_cosine_heatmaps(run, toy_groups(), steps=[0, 10**6])
    panels = [ax for ax in fig.axes if ax.images]
    assert len(panels) == 2
    labels = [t.get_text() for t in panels[0].get_yticklabels()]
    assert labels == ["cat", "dog", "rabbit", "car", "bus", "truck"]
    C = panels[1].images[0].get_array()
    assert C[0, 1] > 0.9 and C[0, 3] < 0.5  # same group alike, different groups not


def test_heatmaps_draw_into_given_axes(run):
    fig, axes = new_figure(1, 2)
    assert plots.plot_cosine_heatmaps(run, WORDS, steps=[0, 50], ax=axes) is fig
    with pytest.raises(ValueError, match="got 1 axes for 3 snapshots: pass one per step"):
        plots.plot_cosine_heatmaps(run, WORDS, ax=axes[0])


def test_a_pair_without_its_list_is_not_split_into_letters(run):
    # plot_similarity_over_time(run, ("cat", "dog")) used to report the pair ('c', 'a', 't')
    with pytest.raises(TypeError, match=r"pass \[\('cat', 'dog'\)\]"):
        plots.plot_similarity_over_time(run, ("cat", "dog"))


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"groups": {"pets": "cat", "vehicles": ["car"]}},
            TypeError,
            r"string 'cat': pass \['cat'\]",
        ),
        ({"groups": "cat"}, TypeError, "string 'cat'"),
        ({"steps": 5}, TypeError, r"pass \[5\]"),
        ({"steps": []}, ValueError, "steps is empty"),
        ({"steps": b"end"}, TypeError, "steps must be a list of training steps"),
        ({"steps": [-1]}, ValueError, r"whole numbers ≥ 0\), got -1"),
        ({"steps": ["end"]}, ValueError, "got 'end'"),
        ({"space": "sum"}, ValueError, "unknown space 'sum'"),
    ],
)
def test_heatmap_bad_inputs(run, kwargs, error, message):
    kwargs = {"groups": WORDS, **kwargs}
    with pytest.raises(error, match=message):
        plots.plot_cosine_heatmaps(run, **kwargs)


def test_similarity_bad_inputs(run):
    with pytest.raises(ValueError, match="snapshot_every="):
        plots.plot_similarity_over_time(train(SENTENCES, dim=2, epochs=1), [("cat", "dog")])
    with pytest.raises(ValueError, match="pairs is empty"):
        plots.plot_similarity_over_time(run, [])
    with pytest.raises(ValueError, match=r"two words, got \('cat', 'dog', 'car'\)"):
        plots.centered_cosines_over_time(run, [("cat", "dog", "car")])  # was: too many to unpack
    with pytest.raises(ValueError, match="unknown space 'W_out'"):
        plots.plot_similarity_over_time(run, [("cat", "dog")], space="W_out")
