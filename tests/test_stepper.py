"""The Stepper is the one trainer: train() is it run to the end, so any run replays step by step."""

from __future__ import annotations

import inspect
import warnings

import numpy as np
import pytest

import w2vlib as w
from w2vlib import train
from w2vlib.training.config import TrainConfig
from w2vlib.training.stepper import Stepper

SENTENCES = w.toy_corpus("pets_vehicles", repeats=3)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(objective="softmax", lr=0.1),
        dict(objective="negative", negative=3, init_out="random"),
        dict(arch="cbow", objective="negative", subsample=0.05, shrink_windows=True),
    ],
)
def test_stepper_matches_train_bit_for_bit(kwargs):
    common = dict(dim=3, window=2, epochs=2, batch_size=8, seed=7, **kwargs)
    run = train(SENTENCES, snapshot_every=5, **common)
    stepper = Stepper(SENTENCES, **common)
    for snapshot in run.snapshots[1:]:
        stepper.run(snapshot.step - stepper.steps)
        assert np.array_equal(stepper.W_in, snapshot.W_in)
        assert np.array_equal(stepper.W_out, snapshot.W_out)
    assert np.array_equal(np.array(stepper.losses), run.losses)
    assert np.array_equal(np.array(stepper.lrs), run.lrs)
    stepper.step()  # it keeps going past the planned epochs
    assert stepper.steps == len(run.losses) + 1


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_stepper_pull_preview_equals_the_applied_change(objective):
    stepper = Stepper(SENTENCES, objective=objective, dim=3, lr=0.1, seed=0)
    stepper.run(20)
    j = stepper.vocab["cat"]
    preview = stepper.pull("cat")
    before = stepper.W_out[j].copy()
    assert np.array_equal(stepper.pull("cat").coefficients, preview.coefficients)  # peek is stable
    stepper.step()
    np.testing.assert_allclose(stepper.W_out[j] - before, preview.total, rtol=0, atol=1e-12)


def test_a_generator_of_sentences_steps_like_the_list():
    sentences = w.toy_corpus("pets_vehicles", repeats=2)
    from_list = Stepper(sentences, dim=3, seed=1)
    from_generator = Stepper((s for s in sentences), dim=3, seed=1)  # used to find no pairs
    assert from_list.run(5) == from_generator.run(5)
    assert np.array_equal(from_list.W_out, from_generator.W_out)


def test_the_stepper_passes_over_an_epoch_that_subsampling_emptied_as_train_does():
    # two tokens, each kept with p ≈ 0.5: most epochs keep no pair (seed 20: 4 of 10 do)
    kw = dict(subsample=0.067, batch_size=64, epochs=10, seed=20, dim=2)
    run = train([["a", "b"]], progress=False, **kw)
    assert 0 < len(run.losses) < 10  # one step per non-empty epoch, so some epoch was empty
    stepper = Stepper([["a", "b"]], **kw)
    stepper.run(len(run.losses))  # used to divide by zero on the empty epoch
    assert stepper.losses == run.losses.tolist() and stepper.lrs == run.lrs.tolist()
    assert np.array_equal(stepper.W_in, run.W_in) and np.array_equal(stepper.W_out, run.W_out)


# ---------------------------------------------------------------------------
# One trainer: the same arguments, the same rules, the same results
# ---------------------------------------------------------------------------


def test_train_declares_exactly_the_settings_of_the_config_with_the_same_defaults():
    """The settings are declared twice, for help() and completion: in train and in TrainConfig."""
    train_params = inspect.signature(train).parameters
    config_defaults = {
        name: field.default for name, field in TrainConfig.__dataclass_fields__.items()
    }
    assert config_defaults == {
        name: p.default for name, p in train_params.items() if name not in ("sentences", "vocab")
    }
    # Stepper takes the config (or keywords that build one): it does not declare them again
    stepper_params = inspect.signature(Stepper).parameters
    assert list(stepper_params) == ["sentences", "config", "vocab", "settings"]


def test_a_stepper_takes_a_config_or_its_settings_as_keywords_but_not_both():
    corpus = w.toy_corpus(repeats=1)
    config = TrainConfig(dim=3, lr=0.1, seed=4)
    by_config, by_keywords = Stepper(corpus, config), Stepper(corpus, dim=3, lr=0.1, seed=4)
    by_config.run(5)
    by_keywords.run(5)
    np.testing.assert_array_equal(by_config.W_out, by_keywords.W_out)
    with pytest.raises(TypeError, match="not both"):
        Stepper(corpus, config, lr=0.2)
    with pytest.raises(TypeError, match="must be a w2vlib.TrainConfig"):
        Stepper(corpus, {"dim": 3})
    with pytest.raises(TypeError, match="unexpected keyword argument 'learning_rate'"):
        Stepper(corpus, learning_rate=0.1)


@pytest.mark.parametrize(
    "kwargs",
    [
        dict(shuffle=False, window=3),
        dict(precision="float32", negative=2),
        dict(arch="cbow", objective="softmax", lr_schedule="constant", lr=0.05),
        dict(subsample=0.05, shrink_windows=True, init_out="random", window=9),
    ],
)
def test_a_stepper_replays_every_kind_of_run_including_its_snapshots(kwargs):
    common = dict(dim=3, epochs=2, batch_size=8, seed=4, snapshot_every=7, **kwargs)
    run = train(SENTENCES, progress=False, **common)
    stepper = Stepper(SENTENCES, **common)
    for _ in range(len(run.losses)):
        stepper.step()
    replay = stepper.result()
    assert replay.config == run.config
    np.testing.assert_array_equal(replay.losses, run.losses)
    assert [(s.step, s.epoch) for s in replay.snapshots] == [
        (s.step, s.epoch) for s in run.snapshots
    ]
    for mine, theirs in zip(replay.snapshots, run.snapshots, strict=True):
        assert np.array_equal(mine.W_in, theirs.W_in) and np.array_equal(mine.W_out, theirs.W_out)
    assert np.array_equal(replay.W_out, run.W_out) and replay.W_out.dtype == np.float64


def test_run_without_n_goes_to_the_end_of_the_planned_epochs_like_train():
    run = train(SENTENCES, dim=2, epochs=3, seed=1, progress=False)
    stepper = Stepper(SENTENCES, dim=2, epochs=3, seed=1)
    stepper.run(5)
    stepper.run()  # the rest of the plan
    assert stepper.steps == len(run.losses) and stepper.epoch == 3.0
    assert np.array_equal(stepper.W_out, run.W_out)


def test_the_result_is_a_copy_that_further_steps_do_not_change():
    stepper = Stepper(SENTENCES, dim=2, seed=0)
    stepper.run(3)
    result = stepper.result()
    before = result.W_out.copy()
    stepper.run(3)
    assert np.array_equal(result.W_out, before) and not np.array_equal(stepper.W_out, before)


def test_results_do_not_depend_on_the_blas_thread_count():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    kwargs = dict(objective="softmax", dim=8, epochs=1, batch_size=64, seed=0, progress=False)
    corpus = w.toy_corpus("four_topics", repeats=2)
    seen = []
    for threads in (1, 2):
        with threadpoolctl.threadpool_limits(threads, user_api="blas"):
            seen.append(train(corpus, **kwargs).W_out)
    assert np.array_equal(seen[0], seen[1])


def test_the_trainer_runs_blas_on_one_thread_and_restores_the_setting():
    threadpoolctl = pytest.importorskip("threadpoolctl")
    stepper = Stepper(SENTENCES, objective="softmax", dim=2)
    inside = []
    update = stepper._update

    def spy(*args):
        inside.append(
            {i["num_threads"] for i in threadpoolctl.threadpool_info() if i["user_api"] == "blas"}
        )
        return update(*args)

    stepper._update = spy
    before = threadpoolctl.threadpool_info()
    stepper.run(2)
    assert inside and all(threads <= {1} for threads in inside)
    assert threadpoolctl.threadpool_info() == before


# ---------------------------------------------------------------------------
# A Stepper refuses what train refuses, with the same words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("corpus", "kwargs", "error", "message"),
    [
        ("the cat sat", {}, TypeError, r"one plain string.*\[text\.split\(\)\]"),
        (["the", "cat", "sat"], {}, TypeError, r"list of words.*\[words\]"),
        (SENTENCES, {"seed": "abc"}, ValueError, "seed must be a whole number"),
        (SENTENCES, {"shrink_windows": "no"}, ValueError, "shrink_windows must be True or False"),
        (SENTENCES, {"shuffle": "no"}, ValueError, "shuffle must be True or False"),
        (SENTENCES, {"precision": "half"}, ValueError, "unknown precision"),
        (SENTENCES, {"vocab": ["cat"]}, TypeError, "vocab must be a w2vlib.Vocab"),
        (SENTENCES, {"negative": 10**6}, ValueError, r"negative=1000000.*5–20"),
        (SENTENCES, {"dim": 10**9}, ValueError, r"dim=1000000000 would need 164 GiB.*lower dim"),
    ],
)
def test_stepper_and_train_refuse_the_same_inputs(corpus, kwargs, error, message):
    for make in (train, Stepper):
        with pytest.raises(error, match=message):
            make(corpus, **kwargs)


def test_stepper_run_and_pull_refuse_bad_arguments():
    stepper = Stepper(SENTENCES, dim=2)
    for n in (0, -1, 2.5, "3"):
        with pytest.raises(ValueError, match="n must be a whole number ≥ 1"):
            stepper.run(n)
    with pytest.raises(TypeError, match="a word or a row index"):
        stepper.pull(["cat"])
    with pytest.raises(KeyError, match="Did you mean 'cat'"):
        stepper.pull("cta")


def test_stepper_pull_prints_the_word_not_its_index():
    stepper = Stepper(SENTENCES, dim=2)
    assert "word='cat'" in repr(stepper.pull("cat"))
    assert stepper.pull("cat").label == "cat" and stepper.pull("cat").word == stepper.vocab["cat"]


def test_a_healthy_run_gives_no_divergence_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Stepper(w.toy_corpus("four_topics"), dim=5, lr=0.1).run()


@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_a_stepper_pickles_and_the_copy_continues_bit_for_bit(objective):
    import pickle

    stepper = Stepper(w.toy_corpus(repeats=1), objective=objective, dim=3, lr=0.1, seed=2)
    stepper.run(4)
    copy = pickle.loads(pickle.dumps(stepper))  # the update is a class, not a closure
    stepper.run(6)
    copy.run(6)
    np.testing.assert_array_equal(copy.W_in, stepper.W_in)
    np.testing.assert_array_equal(copy.W_out, stepper.W_out)


def test_the_last_result_widens_float32_weights_in_their_own_memory():
    # train() ends with result(last=True): each float32 working array becomes the float64
    # result in its own memory, so the two precisions are never both resident
    import tracemalloc

    settings = dict(dim=200, min_count=5, epochs=1, batch_size=256, precision="float32")
    sentences = w.load_lee_corpus()
    tracemalloc.start()  # before the weights exist, so that their growth is seen
    try:
        stepper = w.Stepper(sentences, **settings, progress=False)
        stepper.run()
        expect = stepper.result()  # copies: the Stepper keeps its weights
        V, N = stepper.W_in.shape
        tracemalloc.reset_peak()
        run = stepper.result(last=True)
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # a float64 copy beside the float32 array would have peaked V·N·4 bytes above the end
    assert peak - after < V * N * 4 / 4
    for got, want in ((run.W_in, expect.W_in), (run.W_out, expect.W_out)):
        assert got.dtype == np.float64 and got.flags.c_contiguous
        np.testing.assert_array_equal(got, want)  # the same numbers as the copies
