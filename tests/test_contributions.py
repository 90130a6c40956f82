"""record_contributions: the contributions of the centre words add up to the trained rows of W′."""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib

WORDS = ["cat", "dog", "car"]


def _stepper(**settings) -> w2vlib.Stepper:
    sentences = w2vlib.toy_corpus("pets_vehicles")
    defaults = dict(objective="negative", dim=5, window=2, epochs=3, batch_size=32, seed=3)
    return w2vlib.Stepper(sentences, **(defaults | settings))


@pytest.mark.parametrize("objective", ["negative", "softmax"])
def test_the_contributions_add_up_to_the_trained_rows(objective):
    stepper = _stepper(objective=objective)
    contributions = w2vlib.record_contributions(stepper, WORDS)
    assert contributions.steps == stepper.steps > 10
    for word in WORDS:
        trained = stepper.W_out[stepper.vocab[word]]
        assert np.linalg.norm(trained) > 0.01, "the row barely moved: nothing was tested"
        np.testing.assert_allclose(contributions.row(word), trained, rtol=0, atol=1e-12)
        # pulls and pushes both carry weight, and each is a sum of copies of input vectors
        assert np.abs(contributions.by_centre(word, "pull")).sum() > 0
        assert np.abs(contributions.by_centre(word, "push")).sum() > 0


def test_recording_leaves_the_training_unchanged():
    stepper = _stepper(subsample=1e-2)
    w2vlib.record_contributions(stepper, ["cat", "the"])
    plain = w2vlib.train(
        w2vlib.toy_corpus("pets_vehicles"),
        objective="negative",
        dim=5,
        window=2,
        epochs=3,
        batch_size=32,
        seed=3,
        subsample=1e-2,
        progress=False,
    )
    run = stepper.result()
    np.testing.assert_array_equal(run.W_out, plain.W_out)
    np.testing.assert_array_equal(run.W_in, plain.W_in)
    np.testing.assert_array_equal(run.losses, plain.losses)


def test_a_row_is_pulled_only_by_the_centres_it_appears_next_to():
    stepper = _stepper()
    contributions = w2vlib.record_contributions(stepper, WORDS)
    X = w2vlib.cooccurrence(w2vlib.toy_corpus("pets_vehicles"), stepper.vocab, window=2)
    for r, word in enumerate(WORDS):
        pulled_by = np.flatnonzero(contributions.pull_weight[r] > 0)
        np.testing.assert_array_equal(pulled_by, np.flatnonzero(X[:, stepper.vocab[word]]))
        assert (contributions.push_weight[r] <= 0).all()
    # cat and dog keep the same company: the same centres built them, car's others
    assert contributions.profile_cosine("cat", "dog") > 0.95
    assert (
        contributions.profile_cosine("cat", "car")
        < contributions.profile_cosine("cat", "dog") - 0.2
    )


def test_the_shares_along_the_row_add_up_to_its_length():
    stepper = _stepper()
    contributions = w2vlib.record_contributions(stepper, ["cat"])
    row = stepper.W_out[stepper.vocab["cat"]]
    share = contributions.along_row("cat")
    np.testing.assert_allclose(share.sum(), np.linalg.norm(row), rtol=1e-12)  # W_out starts at 0
    top = contributions.top("cat", k=4)
    assert sorted(w for w, _ in top[:3]) == ["feed", "pet", "the"]  # the words cat appears with
    assert top[3][1] == 0 and [v for _, v in top] == sorted((v for _, v in top), reverse=True)
    pushers = contributions.top("cat", k=3, kind="push")
    assert all(v < 0 for _, v in pushers) and [v for _, v in pushers] == sorted(
        v for _, v in pushers
    )


def test_float32_training_adds_up_to_float32_rounding():
    stepper = _stepper(precision="float32", epochs=5)
    contributions = w2vlib.record_contributions(stepper, WORDS)
    for word in WORDS:
        trained = stepper.W_out[stepper.vocab[word]].astype(np.float64)
        error = np.abs(contributions.row(word) - trained).max() / np.abs(trained).max()
        assert error < 1e-5, f"{word}: relative error {error:.1e} beyond float32 rounding"


def test_a_number_of_steps_advances_exactly_that_many():
    stepper = _stepper()
    contributions = w2vlib.record_contributions(stepper, ["cat"], steps=7)
    assert stepper.steps == contributions.steps == 7
    more = w2vlib.record_contributions(stepper, ["cat"], steps=5)
    np.testing.assert_allclose(more.start[0], contributions.row("cat"), atol=1e-15)
    np.testing.assert_allclose(more.row("cat"), stepper.W_out[stepper.vocab["cat"]], atol=1e-12)


def test_bad_input_gets_a_clear_error():
    with pytest.raises(ValueError, match="skipgram"):
        w2vlib.record_contributions(_stepper(arch="cbow"), ["cat"])
    with pytest.raises(TypeError, match="list of words"):
        w2vlib.record_contributions(_stepper(), "cat")
    with pytest.raises(TypeError, match="Stepper"):
        w2vlib.record_contributions(object(), ["cat"])
    with pytest.raises(ValueError, match="repeats"):
        w2vlib.record_contributions(_stepper(), ["cat", "cat"])
    with pytest.raises(KeyError):
        w2vlib.record_contributions(_stepper(), ["kat"])
    contributions = w2vlib.record_contributions(_stepper(), ["cat"], steps=2)
    with pytest.raises(ValueError, match="not recorded"):
        contributions.row("dog")
