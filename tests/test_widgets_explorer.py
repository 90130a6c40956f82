"""widgets.explorer: its controls render new images from the right numbers, within the cached
backgrounds, and a mistake (at the call or in a callback) is reported in words."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from w2vlib import Stepper, toy_corpus, train
from w2vlib.widgets import explore
from w2vlib.widgets import explorer as explorer_module

SENTENCES = toy_corpus("pets_vehicles", repeats=5)


@pytest.fixture(scope="module")
def run():
    return train(SENTENCES, objective="softmax", dim=3, epochs=6, lr=0.1, seed=0, snapshot_every=5)


def test_slider_changes_the_rendered_image(run):
    explorer = explore(run, ["cat", "dog", "car"])
    last = bytes(explorer.image.value)
    assert last.startswith(b"\x89PNG")
    explorer.slider.value = 3
    early = bytes(explorer.image.value)
    assert early != last
    explorer.slider.value = explorer.slider.max
    assert bytes(explorer.image.value) == last  # the same snapshot renders the same bytes
    # the moving artists hold that snapshot's numbers
    cat = run.vocab["cat"]
    W = run.snapshots[-1].W_out - run.snapshots[-1].W_out.mean(axis=0)
    dog = W[run.vocab["dog"]]
    expected = W[cat] @ dog / np.linalg.norm(W[cat]) / np.linalg.norm(dog)
    assert explorer._image.get_array()[0, 1] == pytest.approx(expected)
    assert f"step {run.snapshots[-1].step}" in explorer._title.get_text()
    x, y = explorer._lines[0].get_data()
    assert len(x) == len(run.snapshots)


def test_space_toggle_and_word_picker_rebuild(run):
    explorer = explore(run, ["cat", "dog"])
    before = bytes(explorer.image.value)
    explorer.space.value = "in"
    assert bytes(explorer.image.value) != before
    assert [line.get_label() for line in explorer._lines] == ["cat", "dog"]
    explorer.picker.value = ("car", "bus", "truck")
    assert [line.get_label() for line in explorer._lines] == ["car", "bus", "truck"]
    assert explorer._image.get_array().shape == (3, 3)
    assert explorer.play.max == explorer.slider.max == len(run.snapshots) - 1
    # back to an earlier state: the cached background gives the very same picture
    explorer.picker.value = ("cat", "dog")
    explorer.space.value = "out"
    assert bytes(explorer.image.value) == before
    explorer.picker.value = ()  # nothing picked: the first candidate is shown, no error
    assert [line.get_label() for line in explorer._lines] == ["cat"]


def test_a_new_pick_draws_its_own_labels(run):
    explorer = explore(run, ["cat", "dog"])
    two = np.asarray(explorer._background).copy()
    explorer.picker.value = ("cat", "car")
    assert not np.array_equal(explorer._background, two)  # the labels differ: dog → car
    explorer.picker.value = ("cat", "dog")
    np.testing.assert_array_equal(explorer._background, two)


def test_explorer_bad_inputs(run):
    with pytest.raises(KeyError, match="Did you mean 'cat'"):
        explore(run, ["cta"])
    with pytest.raises(ValueError, match="snapshot_every="):
        explore(train(SENTENCES, dim=2, epochs=1))
    with pytest.raises(ValueError, match="dim ≥ 2"):
        explore(train(SENTENCES, dim=1, epochs=1, snapshot_every=10))
    with pytest.raises(ValueError, match="words is empty"):
        explore(run, [])
    with pytest.raises(TypeError, match=r"words must be a list of words.*\['cat'\]"):
        explore(run, "cat")  # it used to be split into letters
    with pytest.raises(TypeError, match="pass the word itself"):
        explore(run, [0, 1])
    with pytest.raises(TypeError, match="got Stepper"):
        explore(Stepper(SENTENCES, dim=2), ["cat"])
    with pytest.raises(ValueError, match="not among the candidates you passed"):
        explore(run, ["cat"], candidates=["dog", "car"])


def test_too_many_words_are_refused_without_blaming_candidates(run, monkeypatch):
    # explore(run, words[:100]) used to say the words "are not among the candidates"
    monkeypatch.setattr(explorer_module, "MAX_SHOWN", 3)
    with pytest.raises(ValueError, match="words has 4 words.*at most 3") as error:
        explore(run, ["cat", "dog", "car", "bus"])
    assert "not among" not in str(error.value)
    explorer = explore(run, ["cat"], candidates=["cat", "dog", "car", "bus"])  # offered: fine
    explorer.picker.value = ("cat", "dog", "car", "bus")
    assert explorer.status.value == "showing the first 3 of the 4 picked words"
    assert len(explorer._lines) == 3


def test_words_beyond_the_default_candidates_are_offered():
    sentences = toy_corpus("four_topics")
    run = train(sentences, dim=2, epochs=1, snapshot_every=20)
    rare = run.vocab.words[-3:]
    explorer = explore(run, rare)  # later than the first 40: still offered, no complaint
    assert explorer.picker.value == tuple(rare)


def test_an_error_in_an_explorer_callback_is_shown_and_the_next_control_recovers(run, monkeypatch):
    explorer = explore(run, ["cat", "dog"])
    monkeypatch.setattr(explorer, "render", lambda: 1 / 0)
    explorer.slider.value = 2
    assert explorer.status.value == "⚠ ZeroDivisionError: division by zero"
    monkeypatch.undo()
    explorer.picker.value = ("cat", "car")
    assert explorer.status.value == "" and explorer.status.style.text_color is None
