"""Careless training: diverged steppers, typos that would run for hours, unclear refusals.

Work estimated beyond a limit is refused before it starts (``w2vlib.InputError`` with the
estimate); shorter but long work warns (``w2vlib.LongRunWarning``). The tests turn that
warning into an error, so nothing here runs the long work it is about.
"""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest

import w2vlib as w

PETS = w.toy_corpus("pets_vehicles")


def refused(call, match):
    with pytest.raises(w.InputError, match=match):
        call()


def refused_or_announced(call, match):
    """Refused, or announced with its estimate before any work (the warning made an error)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", w.LongRunWarning)
        with pytest.raises((w.InputError, w.LongRunWarning), match=match):
            call()


@pytest.fixture
def diverged():
    stepper = w.Stepper(PETS, lr=1e6, init_out="random", batch_size=4, seed=0, progress=False)
    with pytest.raises(FloatingPointError):
        stepper.run(50)
    return stepper


DIVERGED_USES = {
    "result": lambda s: s.result(),
    "snapshot": lambda s: s.snapshot(),
    "pull": lambda s: s.pull("cat"),
    "plot_step": lambda s: w.plots.plot_step(s, "cat"),
    "step_trainer": lambda s: w.widgets.step_trainer(s, "cat"),
}


@pytest.mark.parametrize("use", DIVERGED_USES.values(), ids=DIVERGED_USES)
def test_a_diverged_stepper_hands_out_no_weights(diverged, use):
    with pytest.raises(FloatingPointError, match="diverged.*new Stepper with a smaller lr"):
        use(diverged)


def test_a_softmax_stepper_pickles_like_a_negative_sampling_one():
    for objective in ("softmax", "negative"):
        stepper = w.Stepper(PETS, objective=objective, dim=3, seed=0, progress=False)
        stepper.run(3)
        copy = pickle.loads(pickle.dumps(stepper))
        assert stepper.step() == copy.step()
        np.testing.assert_array_equal(stepper.W_out, copy.W_out)


@pytest.mark.parametrize(
    "replace",
    [lambda W: W.T.copy(), lambda W: W[:, :2].copy(), lambda W: "abc", lambda W: None],
    ids=["transposed", "fewer columns", "text", "None"],
)
def test_weights_replaced_by_the_wrong_shape_are_refused_when_assigned(replace):
    stepper = w.Stepper(PETS, dim=3, seed=0, progress=False)
    refused(lambda: setattr(stepper, "W_in", replace(stepper.W_in)), r"W_in.*V×N.*\(11, 3\)")
    assert stepper.step() > 0  # the Stepper still holds its own weights


def test_weights_replaced_by_float32_still_train_in_the_working_precision():
    stepper = w.Stepper(PETS, dim=3, seed=0, progress=False)
    twin = w.Stepper(PETS, dim=3, seed=0, progress=False)
    stepper.W_in = stepper.W_in.astype(np.float32).astype(np.float64).astype(np.float32)
    twin.W_in = twin.W_in.astype(np.float32).astype(np.float64)
    assert stepper.step() == twin.step()
    np.testing.assert_array_equal(stepper.W_out, twin.W_out)


def test_nan_written_into_the_weights_is_named_not_blamed_on_the_learning_rate():
    stepper = w.Stepper(PETS, dim=3, seed=0, progress=False)
    stepper.W_out[2, 1] = np.nan
    with pytest.raises(FloatingPointError, match=r"W_out.*not finite before this step.*written"):
        stepper.step()


ONE_200K_SENTENCE = [[f"w{i % 1000}" for i in range(200_000)]]


@pytest.mark.parametrize(
    "call",
    [
        lambda: w.train(PETS, epochs=10**6, progress=False),
        lambda: w.train(ONE_200K_SENTENCE, window=10**6, epochs=1, progress=False),
        lambda: w.Stepper(ONE_200K_SENTENCE, window=10**6, progress=False),
        lambda: w.train(ONE_200K_SENTENCE, arch="cbow", window=10**6, epochs=1, progress=False),
        lambda: w.train(PETS, dim=10**6, epochs=1, progress=False),
        lambda: w.Stepper(PETS, progress=False).run(10**7),
        lambda: w.widgets.step_trainer(w.Stepper(PETS, progress=False), "cat").advance(10**7),
        lambda: w.animations.row_buildup(chunks=10**6),
    ],
    ids=[
        "epochs",
        "window train",
        "window Stepper",
        "window CBOW",
        "dim",
        "run",
        "advance",
        "row_buildup",
    ],
)
def test_work_of_minutes_to_hours_gets_an_estimate_before_it_starts(call):
    refused_or_announced(call, r"about \d+ (s|minutes|hours|days).*(lower|fewer|smaller)")


def test_a_huge_dim_names_dim_not_batch_size():
    refused(lambda: w.train(PETS, dim=2 * 10**7, progress=False), r"dim=20000000.*lower dim")


def test_row_buildup_with_a_runaway_lr_is_refused_instead_of_drawing_a_false_ending():
    refused(lambda: w.animations.row_buildup(lr=100), r"lr=100.*diverge.*lr=0\.0")


def test_negative_is_ignored_under_the_softmax_and_recorded_as_none():
    run = w.train(PETS, objective="softmax", negative=0, dim=2, epochs=1, progress=False)
    assert run.config["negative"] is None


def test_one_word_sentences_are_named_not_blamed_on_subsampling():
    refused(
        lambda: w.train([["cat"], ["dog"]], progress=False),
        r"(one|single) word.*pairs.*two words in one sentence",
    )


def test_a_vocab_sharing_no_word_with_the_corpus_is_named():
    other = w.Vocab([["zebra", "yak"]])
    refused(
        lambda: w.train(PETS, vocab=other, progress=False),
        r"none of the corpus's words.*vocab.*(Vocab\(sentences|leave vocab out)",
    )


def test_a_huge_dim_is_announced_with_its_estimate_calibrated_on_streamed_rows():
    # one toy epoch at dim=10**6 took 19.9 s on the project's quiet machine (benchmarks/
    # estimates.py); rows of a million numbers stream from memory at 2.3e-9 s an element,
    # not 1e-9: the estimate said 9 s
    refused_or_announced(
        lambda: w.train(PETS, dim=10**6, epochs=1, progress=False),
        r"dim=1000000.*about (1[5-9]|2\d) s",
    )


def test_the_gathered_output_rows_count_in_a_minibatch_s_memory():
    # at dim=5·10**6 one chunk of 16 examples gathers 16·6 rows of 40 MB: 3.8 GB beside the
    # B×N arrays (dim=10**6 peaked at 1.3 GB, three times the old estimate)
    refused(lambda: w.train(PETS, dim=5 * 10**6, progress=False), r"minibatch.*GiB of memory")


def test_a_cbow_window_is_priced_by_its_slots_whatever_dim():
    # one 5000-word sentence at window=10**6, dim 10: 1.1 s measured; counting only the rows
    # it averages had estimated 0.3 s, as each slot's index and mask costs more than dim 10
    sentence = [[f"w{i % 1000}" for i in range(5_000)]]
    stepper = w.Stepper(sentence, arch="cbow", window=10**6, epochs=1, progress=False)
    assert 0.8 < stepper.estimate_seconds() < 2.0
