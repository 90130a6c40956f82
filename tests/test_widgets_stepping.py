"""widgets.stepping: Preview does not apply, Apply does, Run n runs n; errors are shown."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from w2vlib import Stepper, toy_corpus, train
from w2vlib.widgets import step_trainer

SENTENCES = toy_corpus("pets_vehicles", repeats=5)


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


def test_an_error_in_a_button_callback_is_shown_in_the_widget():
    stepper = Stepper(SENTENCES, dim=2, lr=1e6)
    trainer = step_trainer(stepper, "cat")
    trainer.run100_button.click()  # diverges: the error used to reach no output at all
    assert trainer.status.value.startswith("⚠ FloatingPointError")
    assert "lr" in trainer.status.value
    assert trainer.status.style.text_color == "#D55E00"


def test_step_trainer_bad_inputs():
    stepper = Stepper(SENTENCES, dim=2)
    with pytest.raises(KeyError, match="Did you mean 'cat'"):
        step_trainer(stepper, "cta")
    with pytest.raises(TypeError, match="got the number 3: pass the word itself"):
        step_trainer(stepper, 3)
    with pytest.raises(ValueError, match="exactly two"):
        step_trainer(stepper, "cat", context_words=["feed"])
    with pytest.raises(TypeError, match="string 'feed'"):
        step_trainer(stepper, "cat", context_words="feed")
    with pytest.raises(TypeError, match="Stepper"):
        step_trainer(train(SENTENCES, dim=2, epochs=1), "cat")
    with pytest.raises(ValueError, match="dim=1.*context_words"):
        step_trainer(Stepper(SENTENCES, dim=1), "cat")
    trainer = step_trainer(stepper, "cat")
    with pytest.raises(ValueError, match="n must be a whole number ≥ 1"):
        trainer.advance(0)


def test_the_map_names_at_most_the_frequent_words_and_the_chosen_one(monkeypatch):
    from w2vlib.widgets import stepping

    monkeypatch.setattr(stepping, "MAX_LABELS", 3)
    stepper = Stepper(SENTENCES, dim=2, seed=0)
    word = stepper.vocab.words[-1]  # the rarest: named although beyond the first 3
    trainer = step_trainer(stepper, word)
    assert bytes(trainer.image.value).startswith(b"\x89PNG")
    ax_map = trainer._fig.axes[1]
    named = [t.get_text() for t in ax_map.texts if t.get_text()]
    assert named == [*stepper.vocab.words[:3], word]
