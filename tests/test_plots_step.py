"""plots.step: one update of W_out[j] as its pulls and pushes."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure
from matplotlib.patches import FancyArrowPatch

from w2vlib import Stepper, plots, toy_corpus, train

SENTENCES = toy_corpus("pets_vehicles", repeats=5)


@pytest.fixture(scope="module")
def stepper():
    stepper = Stepper(SENTENCES, objective="softmax", dim=3, lr=0.1, seed=0)
    stepper.run(5)
    return stepper


def test_pull_plot_one_arrow_per_part_and_the_total(stepper):
    pull = stepper.pull("cat")
    fig = plots.plot_step(stepper, "cat", context_words=["feed", "drive"])
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    parts = [a for a in arrows if a.get_gid() == "part"]
    assert len(parts) == len(pull.parts) and len([a for a in arrows if a.get_gid() == "total"]) == 1
    fig2 = plots.plot_pull(pull)  # default: the parts' own plane
    assert isinstance(fig2, Figure)


def test_drawn_parts_add_up_to_the_drawn_total(stepper):
    pull = stepper.pull("dog")
    fig = plots.plot_pull(pull)
    arrows = [p for p in fig.axes[0].patches if isinstance(p, FancyArrowPatch)]
    vector = lambda a: np.subtract(*a._posA_posB[::-1])  # noqa: E731 - tip minus tail
    parts = sum(vector(a) for a in arrows if a.get_gid() == "part")
    total = [vector(a) for a in arrows if a.get_gid() == "total"][0]
    np.testing.assert_allclose(parts, total, atol=1e-12)


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda s: plots.plot_step(s, 3), TypeError, "got the number 3: pass the word itself"),
        (lambda s: plots.plot_step(s, "cta"), KeyError, "Did you mean 'cat'"),
        (lambda s: plots.plot_step(s, "cat", context_words="feed"), TypeError, "string 'feed'"),
        (lambda s: plots.plot_step(s, "cat", context_words=["feed"]), ValueError, "exactly two"),
        (lambda s: plots.plot_step(s, "cat", context_words=[1, 2]), TypeError, "pass the word"),
        (lambda s: plots.plot_pull(s), TypeError, "PullDecomposition"),
        (lambda s: plots.plot_pull(s.pull("cat"), basis=np.ones((2, 2))), ValueError, "N×2 = 3×2"),
        (
            lambda s: plots.plot_pull(s.pull("cat"), basis=np.full((3, 2), np.nan)),
            ValueError,
            "finite",
        ),
        (lambda s: plots.plot_pull(s.pull("cat"), labels="cat"), ValueError, "got one string"),
        (lambda s: plots.plot_pull(s.pull("cat"), origin=np.zeros(2)), ValueError, "length N = 3"),
        (lambda s: plots.plot_pull(s.pull("cat"), axis_labels="xy"), ValueError, "two strings"),
    ],
)
def test_step_bad_inputs(stepper, call, error, message):
    with pytest.raises(error, match=message):
        call(stepper)


def test_plot_step_needs_a_stepper_and_two_dimensions():
    run = train(SENTENCES, dim=2, epochs=1)
    with pytest.raises(TypeError, match="needs a w2vlib.Stepper, got Run"):
        plots.plot_step(run, "cat")
    with pytest.raises(ValueError, match="dim=1.*basis="):
        plots.plot_step(Stepper(SENTENCES, dim=1), "cat")
    pull = Stepper(SENTENCES, dim=3, seed=0).pull("cat")
    with pytest.raises(ValueError, match=f"labels must name each of the {len(pull.parts)} parts"):
        plots.plot_pull(pull, labels=["cat"] * (len(pull.parts) + 1))


def test_origin_of_words_is_refused(stepper):
    with pytest.raises(TypeError, match="origin must be a vector of N = 3 numbers"):
        plots.plot_pull(stepper.pull("cat"), origin="cat")
