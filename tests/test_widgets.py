"""The explorers react to their controls: new values render new images, from the right numbers."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from w2vlib import Stepper, toy_corpus, train
from w2vlib.widgets import explore, step_trainer

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


def test_explorer_bad_inputs(run):
    with pytest.raises(KeyError, match="Did you mean 'cat'"):
        explore(run, ["cta"])
    with pytest.raises(ValueError, match="snapshot_every="):
        explore(train(SENTENCES, dim=2, epochs=1))
    with pytest.raises(ValueError, match="dim ≥ 2"):
        explore(train(SENTENCES, dim=1, epochs=1, snapshot_every=10))
    with pytest.raises(ValueError, match="words is empty"):
        explore(run, [])


@pytest.mark.parametrize("context_words", [None, ("feed", "drive")])
def test_step_trainer_preview_does_not_apply_and_apply_does(context_words):
    stepper = Stepper(SENTENCES, objective="softmax", dim=3, lr=0.1, seed=0)
    trainer = step_trainer(stepper, "cat", context_words=context_words)
    weights = stepper.W_out.copy()
    first = bytes(trainer.image.value)
    pull = trainer.preview()
    assert np.array_equal(stepper.W_out, weights) and stepper.steps == 0
    applied = trainer.apply()
    assert stepper.steps == 1
    np.testing.assert_allclose(applied.total, pull.total, rtol=0, atol=0)
    np.testing.assert_allclose(
        stepper.W_out[stepper.vocab["cat"]] - weights[stepper.vocab["cat"]], pull.total, atol=1e-12
    )
    assert bytes(trainer.image.value) != first
    trainer.run10_button.click()
    assert stepper.steps == 11
    trainer.run100_button.click()
    assert stepper.steps == 111
    trainer.word.value = "car"
    assert "'car'" in trainer.status.value


def test_step_trainer_bad_inputs():
    stepper = Stepper(SENTENCES, dim=2)
    with pytest.raises(KeyError, match="Did you mean 'cat'"):
        step_trainer(stepper, "cta")
    with pytest.raises(ValueError, match="exactly two"):
        step_trainer(stepper, "cat", context_words=["feed"])
    with pytest.raises(TypeError, match="Stepper"):
        step_trainer(train(SENTENCES, dim=2, epochs=1), "cat")


def test_hand_written_png_decodes_to_the_same_pixels():
    import io

    from PIL import Image

    from w2vlib.widgets import _rgba_png

    pixels = np.random.default_rng(0).integers(0, 256, (7, 5, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(_rgba_png(pixels))).convert("RGB"))
    np.testing.assert_array_equal(decoded, pixels[:, :, :3])


def test_explorer_refuses_a_bare_string(run):
    # it used to be split into letters and reported as the unknown word 'c'
    with pytest.raises(TypeError, match=r"words must be a list of words.*\['cat'\]"):
        explore(run, "cat")
