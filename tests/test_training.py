"""train(): the phenomenon on the toy corpora, bit-for-bit reproducibility, the SGD convention,
the lr schedule, snapshots, progress output and every argument error."""

from __future__ import annotations

import math

import numpy as np
import pytest

import w2vlib as w
from w2vlib.training import record as run_module
from w2vlib.training.engine.sampler import AliasSampler

COMBOS = [(a, o) for a in ("skipgram", "cbow") for o in ("softmax", "negative")]

# ---------------------------------------------------------------------------
# The phenomenon: words with the same contexts get the same output vectors
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("objective", ["softmax", "negative"])
@pytest.mark.parametrize(
    ("corpus", "repeats"),
    # four_topics is 12× larger per repeat; 5 repeats × 20 epochs already converge (measured:
    # within ≥ 0.958, across ≤ 0.0 for softmax and negative, seeds 0–2)
    [("pets_vehicles", 20), ("four_topics", 5)],
)
def test_output_vectors_of_words_sharing_contexts_align(corpus, repeats, objective, seed):
    run = w.train(
        w.toy_corpus(corpus, seed=seed, repeats=repeats),
        objective=objective,
        dim=5,
        window=2,
        epochs=20,
        lr=0.025,
        batch_size=16,
        seed=seed,
        progress=False,
    )
    within, across = w.group_cosines(w.center(run.W_out), run.vocab, w.toy_groups(corpus))
    assert within > 0.9, f"same-context words' centred W_out rows: mean cosine {within:.3f}"
    assert across < 0.35, f"different groups' centred W_out rows: mean cosine {across:.3f}"
    assert run.losses[-20:].mean() < run.losses[:20].mean()  # and it did learn


def test_the_phenomenon_is_learnt_not_initial():
    """The same measure on the random initial W_out shows no groups; after training it does."""
    groups = w.toy_groups("pets_vehicles")
    for seed in range(3):
        run = w.train(
            w.toy_corpus(seed=seed),
            dim=5,
            init_out="random",
            epochs=20,
            seed=seed,
            snapshot_every=10**6,
            progress=False,
        )
        start = w.group_cosines(w.center(run.snapshots[0].W_out), run.vocab, groups)
        end = w.group_cosines(w.center(run.W_out), run.vocab, groups)
        assert start[0] < 0.5 and end[0] > 0.9, (seed, start, end)


# ---------------------------------------------------------------------------
# Reproducibility
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("arch", "objective"), COMBOS)
@pytest.mark.parametrize(
    "extra", [{}, {"subsample": 0.01, "shrink_windows": True}], ids=["plain", "subsampled"]
)
def test_same_seed_is_bit_identical_and_another_seed_differs(arch, objective, extra):
    corpus = w.toy_corpus("four_topics", repeats=1)
    args = dict(arch=arch, objective=objective, dim=4, epochs=2, progress=False, **extra)
    a = w.train(corpus, seed=7, **args)
    b = w.train(corpus, seed=7, **args)
    c = w.train(corpus, seed=8, **args)
    for name in ("W_in", "W_out", "losses", "lrs"):
        assert np.array_equal(getattr(a, name), getattr(b, name)), name
    assert not np.array_equal(a.W_in, c.W_in)
    assert not np.array_equal(a.W_out, c.W_out)
    assert not np.array_equal(a.losses, c.losses)
    if (
        extra
    ):  # subsampling draws a different multiset of pairs per seed, so even the count may differ
        assert a.config["subsample"] == 0.01 and a.config["shrink_windows"] is True


def test_subsampling_and_shrinking_really_change_the_examples():
    corpus = w.toy_corpus("four_topics", repeats=1)
    plain = w.train(corpus, epochs=1, batch_size=1, progress=False)
    thinned = w.train(corpus, epochs=1, batch_size=1, subsample=0.01, progress=False)
    shrunk = w.train(corpus, epochs=1, batch_size=1, shrink_windows=True, progress=False)
    # batch_size=1: one step per pair. "the" and "a" are a third of the tokens, so mostly dropped
    assert len(thinned.losses) < 0.8 * len(plain.losses)
    assert len(shrunk.losses) < len(
        plain.losses
    )  # window 2 shrinks to 1 for about half the centres


# ---------------------------------------------------------------------------
# The SGD convention: one step is W − lr·B·(gradient of the mean loss)
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_one_full_batch_step_is_lr_times_batch_times_mean_gradient_softmax(arch):
    corpus = w.toy_corpus(repeats=1)
    lr = 0.1
    run = w.train(
        corpus,
        arch=arch,
        objective="softmax",
        dim=3,
        epochs=1,
        batch_size=10_000,  # the whole epoch in one minibatch
        lr=lr,
        lr_schedule="constant",
        init_out="random",  # with W_out = 0, W_in would get no gradient on the first step
        snapshot_every=1,
        progress=False,
        seed=3,
    )
    assert len(run.losses) == 1 and [s.step for s in run.snapshots] == [0, 1]
    W_in0, W_out0 = run.snapshots[0].W_in, run.snapshots[0].W_out
    if arch == "skipgram":
        centers, contexts = w.skipgram_pairs(corpus, run.vocab, window=2)
        loss, dW_in, dW_out = w.softmax_loss_and_grads(W_in0, W_out0, centers, contexts)
        B = len(centers)
    else:
        centers, windows = w.cbow_examples(corpus, run.vocab, window=2)
        loss, dW_in, dW_out = w.cbow_softmax_loss_and_grads(W_in0, W_out0, windows, centers)
        B = len(centers)
    assert np.abs(dW_in).max() > 1e-4 and np.abs(dW_out).max() > 1e-4
    np.testing.assert_allclose(run.losses[0], loss, rtol=1e-13)
    # same examples, other order: equal up to the rounding of a sum in a different order
    np.testing.assert_allclose(run.W_in, W_in0 - lr * B * dW_in, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(run.W_out, W_out0 - lr * B * dW_out, rtol=1e-12, atol=1e-15)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_one_full_batch_step_is_lr_times_batch_times_mean_gradient_negative(arch):
    """Negatives are random; with a one-word vocabulary every negative is word 0, so the
    step is deterministic and can be recomputed with the teaching objective."""
    corpus = [["a"] * 5, ["a"] * 3]
    lr, K = 0.2, 3
    run = w.train(
        corpus,
        arch=arch,
        objective="negative",
        negative=K,
        dim=4,
        epochs=1,
        batch_size=10_000,
        lr=lr,
        lr_schedule="constant",
        init_out="random",
        snapshot_every=1,
        progress=False,
    )
    W_in0, W_out0 = run.snapshots[0].W_in, run.snapshots[0].W_out
    if arch == "skipgram":
        centers, contexts = w.skipgram_pairs(corpus, run.vocab, window=2)
        B = len(centers)
        loss, dW_in, dW_out = w.negative_sampling_loss_and_grads(
            W_in0, W_out0, centers, contexts, np.zeros((B, K), int)
        )
    else:
        centers, windows = w.cbow_examples(corpus, run.vocab, window=2)
        B = len(centers)
        loss, dW_in, dW_out = w.cbow_negative_sampling_loss_and_grads(
            W_in0, W_out0, windows, centers, np.zeros((B, K), int)
        )
    assert B == {"skipgram": 14 + 6, "cbow": 5 + 3}[arch]
    np.testing.assert_allclose(run.losses[0], loss, rtol=1e-13)
    np.testing.assert_allclose(run.W_in, W_in0 - lr * B * dW_in, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(run.W_out, W_out0 - lr * B * dW_out, rtol=1e-12, atol=1e-15)


def test_negatives_follow_the_unigram_distribution_to_the_power_three_quarters():
    counts = np.array([1000, 300, 100, 30, 10, 3, 1, 1])
    expected = counts**0.75 / (counts**0.75).sum()
    n = 400_000
    draws = AliasSampler(counts).draw(np.random.default_rng(0), (n,))
    observed = np.bincount(draws, minlength=len(counts)) / n
    sigma = np.sqrt(expected * (1 - expected) / n)
    assert (np.abs(observed - expected) < 5 * sigma).all(), (observed, expected)
    # and not the plain unigram distribution (the rare words are boosted)
    assert observed[-1] > 3 * counts[-1] / counts.sum()


@pytest.mark.parametrize(("arch", "objective"), COMBOS)
def test_with_w_out_zero_the_first_step_moves_only_w_out(arch, objective):
    """∂L/∂h = Σ_j E_j·W_out[j] = 0 while W_out = 0: W_in waits one step for W_out to grow."""
    run = w.train(
        w.toy_corpus(), arch=arch, objective=objective, epochs=1, snapshot_every=1, progress=False
    )
    first, second, third = run.snapshots[:3]
    assert np.array_equal(second.W_in, first.W_in)
    assert np.abs(second.W_out).max() > 0
    assert not np.array_equal(third.W_in, second.W_in)


def test_initialisation_is_word2vecs():
    """W_in ~ U(−0.5/N, 0.5/N) from the seed's generator; W_out = 0 (or drawn alike)."""
    run = w.train(w.toy_corpus(), dim=7, epochs=1, seed=5, snapshot_every=10**6, progress=False)
    first = run.snapshots[0]
    expected = (np.random.default_rng(5).random((11, 7)) - 0.5) / 7
    assert np.array_equal(first.W_in, expected)
    assert not first.W_out.any()
    random_out = w.train(
        w.toy_corpus(), dim=7, epochs=1, init_out="random", snapshot_every=10**6, progress=False
    ).snapshots[0]
    assert np.abs(random_out.W_out).max() <= 0.5 / 7 and random_out.W_out.std() > 0.02


# ---------------------------------------------------------------------------
# The learning-rate schedule
# ---------------------------------------------------------------------------


def expected_linear_lrs(lr: float, pairs: int, batch_size: int, epochs: int) -> np.ndarray:
    sizes = [batch_size] * (pairs // batch_size) + (
        [pairs % batch_size] if pairs % batch_size else []
    )
    done = np.cumsum([0] + sizes * epochs)[:-1]
    return lr * np.maximum(1e-4, 1 - done / (epochs * pairs))


def test_linear_schedule_decays_from_lr_towards_lr_times_1e_4():
    run = w.train(w.toy_corpus(), epochs=3, batch_size=50, lr=0.04, progress=False)
    pairs = len(w.skipgram_pairs(w.toy_corpus(), run.vocab, 2)[0])
    assert run.lrs[0] == 0.04
    np.testing.assert_allclose(run.lrs, expected_linear_lrs(0.04, pairs, 50, 3), rtol=1e-14)
    assert np.all(np.diff(run.lrs) < 0)
    assert run.lrs[-1] < 0.04 * 0.02


def test_linear_schedule_stops_at_the_floor_and_constant_stays(long_run):
    lrs = long_run.lrs
    assert lrs.min() == pytest.approx(0.025 * 1e-4, rel=1e-12)  # the floor was reached…
    assert (lrs >= 0.025 * 1e-4).all()  # …and never passed
    assert (lrs == lrs.min()).sum() >= 1 and lrs[0] == 0.025
    constant = w.train(w.toy_corpus(), epochs=2, lr=0.03, lr_schedule="constant", progress=False)
    assert (constant.lrs == 0.03).all() and len(constant.lrs) == len(constant.losses)


# ---------------------------------------------------------------------------
# Snapshots
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def long_run() -> w.Run:
    """8 epochs of pets_vehicles one pair per step: 11 520 steps, a snapshot asked at every one."""
    return w.train(
        w.toy_corpus(),
        objective="softmax",
        dim=3,
        epochs=8,
        batch_size=1,
        lr=0.025,
        snapshot_every=1,
        progress=False,
    )


def test_snapshots_keep_start_and_end_within_the_documented_bound(long_run):
    steps = [s.step for s in long_run.snapshots]
    assert len(long_run.losses) == 11_520
    V, N = long_run.W_in.shape
    capacity = max(
        3, min(run_module.MAX_SNAPSHOTS, run_module.MAX_SNAPSHOT_BYTES // (2 * V * N * 8))
    )
    assert capacity // 2 < len(steps) <= capacity
    assert steps[0] == 0 and steps[-1] == 11_520
    gaps = np.diff(steps[:-1])
    assert (gaps == gaps[0]).all() and gaps[0] > 1  # evenly spaced, the interval was doubled
    assert long_run.snapshots[0].epoch == 0 and long_run.snapshots[-1].epoch == 8


@pytest.mark.parametrize("capacity", [3, 5, 8])
def test_snapshot_bound_holds_for_every_run_length(monkeypatch, capacity):
    monkeypatch.setattr(run_module, "MAX_SNAPSHOTS", capacity)
    for epochs in range(1, 9):
        run = w.train(
            w.toy_corpus(repeats=1), epochs=epochs, batch_size=4, snapshot_every=1, progress=False
        )
        steps = [s.step for s in run.snapshots]
        assert len(steps) <= capacity, (epochs, steps)
        assert steps[0] == 0 and steps[-1] == len(run.losses)


def test_snapshots_are_copies_taken_at_their_steps():
    run = w.train(w.toy_corpus(), epochs=2, snapshot_every=25, progress=False)
    steps = [s.step for s in run.snapshots]
    assert steps == list(range(0, len(run.losses), 25)) + [len(run.losses)]
    last = run.snapshots[-1]
    assert np.array_equal(last.W_in, run.W_in) and np.array_equal(last.W_out, run.W_out)
    for s in run.snapshots:
        assert not np.shares_memory(s.W_in, run.W_in) and not np.shares_memory(s.W_out, run.W_out)
    # every snapshot is a different state: no two are views of one buffer
    assert all(
        not np.array_equal(a.W_out, b.W_out)
        for a, b in zip(run.snapshots, run.snapshots[1:], strict=False)
    )
    run.W_in += 1.0
    assert not np.array_equal(last.W_in, run.W_in)
    assert w.train(w.toy_corpus(), epochs=1, progress=False).snapshots == []


# ---------------------------------------------------------------------------
# Progress output and the Run object
# ---------------------------------------------------------------------------


def test_progress_false_prints_nothing_and_true_prints_a_bar(capsys):
    w.train(w.toy_corpus(), epochs=2, progress=False)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""
    w.train(w.toy_corpus(), epochs=2, progress=True)
    captured = capsys.readouterr()
    assert "training" in captured.out + captured.err  # the test above can fail


def test_run_vectors_and_config():
    run = w.train(w.toy_corpus(), dim=4, epochs=1, progress=False)
    assert run.vectors("in") is run.W_in and run.vectors("out") is run.W_out
    np.testing.assert_array_equal(run.vectors("sum"), run.W_in + run.W_out)
    with pytest.raises(ValueError, match=r"unknown which 'both'.*'in', 'out', 'sum'"):
        run.vectors("both")
    assert run.config["dim"] == 4 and run.config["objective"] == "negative"
    assert run.W_in.dtype == run.W_out.dtype == np.float64 and run.W_in.shape == (11, 4)
    assert "skipgram/negative" in repr(run)


def test_a_given_vocabulary_is_used_as_is():
    corpus = w.toy_corpus()
    vocab = w.Vocab(corpus, min_count=41)  # drops the nouns (40 each), keeps verbs and "the"
    run = w.train(corpus, vocab=vocab, epochs=1, progress=False)
    assert run.vocab is vocab and run.W_in.shape[0] == len(vocab) < 11


# ---------------------------------------------------------------------------
# Errors: each names the problem and the fix, and nothing is returned
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("corpus", "kwargs", "message"),
    [
        ([], {}, "corpus is empty"),
        ([[]], {}, "empty"),
        ([["a"]], {}, "empty of pairs"),
        ([["a"], ["b"]], {"arch": "cbow"}, "empty"),
        ([["a", "b"]], {"min_count": 2}, r"vocabulary is empty.*lower min_count"),
    ],
)
def test_empty_corpora_raise(corpus, kwargs, message):
    with pytest.raises(ValueError, match=message):
        w.train(corpus, progress=False, **kwargs)


@pytest.mark.parametrize("name", ["dim", "window", "epochs", "batch_size", "negative"])
@pytest.mark.parametrize("value", [0, -1, 2.5, True])
def test_counts_below_one_or_not_whole_raise(name, value):
    with pytest.raises(ValueError, match=rf"{name} must be a whole number ≥ 1, got {value!r}"):
        w.train(w.toy_corpus(), progress=False, **{name: value})


@pytest.mark.parametrize("value", [0, -0.1, math.nan, math.inf, "fast", None])
def test_bad_learning_rates_raise_with_the_usual_value(value):
    with pytest.raises(ValueError, match=r"lr must be a finite number > 0.*0\.025"):
        w.train(w.toy_corpus(), lr=value, progress=False)


@pytest.mark.parametrize(
    ("name", "valid"),
    [
        ("arch", "'skipgram', 'cbow'"),
        ("objective", "'softmax', 'negative'"),
        ("lr_schedule", "'linear', 'constant'"),
        ("init_out", "'zeros', 'random'"),
    ],
)
def test_unknown_choices_list_the_valid_ones(name, valid):
    with pytest.raises(ValueError, match=rf"unknown {name} 'bogus': choose one of {valid}"):
        w.train(w.toy_corpus(), progress=False, **{name: "bogus"})


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"subsample": -1e-3}, "subsample must be ≥ 0"),
        ({"subsample": math.nan}, "subsample must be ≥ 0"),
        ({"snapshot_every": 0}, "snapshot_every must be a whole number"),
        ({"progress": "yes"}, "progress must be None"),
        ({"min_count": 0}, "min_count must be a whole number"),
    ],
)
def test_other_bad_arguments_raise(kwargs, message):
    with pytest.raises(ValueError, match=message):
        w.train(w.toy_corpus(), **kwargs)


@pytest.mark.parametrize(("arch", "objective"), COMBOS)
def test_a_diverging_learning_rate_raises_naming_the_step_and_a_smaller_lr(arch, objective):
    with pytest.raises(FloatingPointError, match=r"at step \d+ .*Try lr=1e\+05 or smaller"):
        w.train(
            w.toy_corpus(repeats=2),
            arch=arch,
            objective=objective,
            lr=1e6,
            init_out="random",
            epochs=3,
            progress=False,
        )


def test_a_diverging_run_shows_huge_losses_before_it_is_stopped():
    """Guard for the check above: at lr = 1e3 the loss explodes; train must not return that."""
    with pytest.raises(FloatingPointError, match="the learning rate is too large"):
        w.train(w.toy_corpus(repeats=2), arch="cbow", lr=1e3, init_out="random", progress=False)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
@pytest.mark.parametrize("objective", ["softmax", "negative"])
def test_precision_can_be_forced_and_results_stay_float64(arch, objective):
    sentences = w.toy_corpus("pets_vehicles", repeats=2)
    kwargs = dict(arch=arch, objective=objective, dim=4, epochs=2, seed=3)
    wide = w.train(sentences, precision="float64", **kwargs)
    narrow = w.train(sentences, precision="float32", **kwargs)
    assert wide.config["working_dtype"] == "float64"
    assert narrow.config["working_dtype"] == "float32"
    assert narrow.W_in.dtype == narrow.W_out.dtype == np.float64
    # the same run in single precision: close to the double-precision one, not bit-equal
    np.testing.assert_allclose(narrow.W_out, wide.W_out, atol=1e-4)
    assert not np.array_equal(narrow.W_out, wide.W_out)
    # on a toy corpus "auto" means float64: bit-identical to forcing it
    assert np.array_equal(w.train(sentences, **kwargs).W_out, wide.W_out)


def test_unknown_precision_lists_the_valid_ones():
    with pytest.raises(ValueError, match="'auto', 'float64', 'float32'"):
        w.train(w.toy_corpus("pets_vehicles", repeats=1), precision="float16")


def test_a_generator_of_sentences_trains_like_the_list():
    sentences = w.toy_corpus("pets_vehicles", repeats=2)
    from_list = w.train(sentences, dim=3, epochs=1)
    from_generator = w.train((s for s in sentences), dim=3, epochs=1)
    assert np.array_equal(from_list.W_out, from_generator.W_out)


def test_subsample_true_is_refused_not_read_as_a_threshold_of_one():
    from w2vlib.training.stepper import Stepper

    for make in (w.train, Stepper):
        with pytest.raises(ValueError, match=r"subsample must be ≥ 0.*1e-3.*got True"):
            make(w.toy_corpus(), subsample=True)


def test_config_records_the_min_count_of_a_given_vocabulary():
    corpus = w.toy_corpus()
    run = w.train(corpus, vocab=w.Vocab(corpus, min_count=41), epochs=1, progress=False)
    assert run.config["min_count"] == 41  # used to record the ignored argument, 1


def test_shuffle_false_steps_through_the_pairs_in_corpus_order():
    sentences = w.toy_corpus("pets_vehicles", repeats=1)
    lr = 0.05
    run = w.train(
        sentences,
        objective="softmax",
        dim=3,
        epochs=1,
        batch_size=1,
        lr=lr,
        lr_schedule="constant",
        shuffle=False,
        snapshot_every=10_000,
    )
    W_in, W_out = run.snapshots[0].W_in.copy(), run.snapshots[0].W_out.copy()
    centers, contexts = w.skipgram_pairs(sentences, run.vocab, window=2)
    for c, o in zip(centers, contexts, strict=True):  # by hand, one pair at a time, in order
        _, dW_in, dW_out = w.softmax_loss_and_grads(W_in, W_out, [c], [o])
        W_in -= lr * dW_in
        W_out -= lr * dW_out
    np.testing.assert_allclose(run.W_in, W_in, rtol=0, atol=1e-12)
    np.testing.assert_allclose(run.W_out, W_out, rtol=0, atol=1e-12)
    assert run.config["shuffle"] is False
    shuffled = w.train(
        sentences, objective="softmax", dim=3, epochs=1, batch_size=1, lr=lr, lr_schedule="constant"
    )
    assert not np.allclose(shuffled.W_out, W_out)


def test_shuffle_must_be_a_bool():
    with pytest.raises(ValueError, match="shuffle must be True or False"):
        w.train(w.toy_corpus("pets_vehicles", repeats=1), shuffle="no")


# ---------------------------------------------------------------------------
# Careless inputs (issue 10): each names the problem and the fix, from w2vlib itself
# ---------------------------------------------------------------------------

PETS = w.toy_corpus("pets_vehicles", repeats=2)


@pytest.mark.parametrize(
    ("corpus", "kwargs", "error", "message"),
    [
        # strings instead of sentences: used to quote one letter, or suggest .split()
        ("the cat sat", {}, TypeError, r"one plain string 'the cat sat'.*\[text\.split\(\)\]"),
        (["the", "cat", "sat"], {}, TypeError, r"list of words \['the', 'cat', 'sat'\].*\[words\]"),
        (["the cat", "a dog"], {}, TypeError, r"sentence 0 is a plain string.*split"),
        ([b"the cat sat"] * 3, {}, TypeError, r"bytes.*decode"),  # used to learn 116, 32, 97…
        # tokens that are not words
        ([[1, 2, 3]] * 3, {}, TypeError, r"got int 1.*word indices"),
        ([["a", None, "b"]], {}, TypeError, r"got NoneType None.*missing values"),
        ([["a", math.nan, "b"]], {}, TypeError, r"got float nan.*missing values"),
        ([[["the", "cat"]]], {}, TypeError, r"got list \['the', 'cat'\].*flat list"),
        ([["the cat", "sat"]], {}, ValueError, r"'the cat' is empty or contains spaces"),
        # wrong containers
        (None, {}, TypeError, "must be a list of sentences, got NoneType"),
        (5, {}, TypeError, "must be a list of sentences, got int"),
        ({"cat": ["a"]}, {}, TypeError, "must be a list of sentences, got dict"),
        ([{"a", "b"}], {}, TypeError, r"sentence 0 is a set.*word order matters"),
        (PETS, {"vocab": ["cat", "dog"]}, TypeError, r"vocab must be a w2vlib\.Vocab, got list"),
        (
            PETS,
            {"vocab": w.Vocab(PETS), "min_count": 5},
            ValueError,
            r"min_count=5 has no effect.*Vocab\(sentences, min_count=5\)",
        ),
        # seeds and flags
        (PETS, {"seed": "abc"}, ValueError, r"seed must be a whole number ≥ 0, got 'abc'"),
        (PETS, {"seed": 1.5}, ValueError, r"seed must be a whole number ≥ 0, got 1\.5"),
        (PETS, {"seed": -1}, ValueError, r"seed must be a whole number ≥ 0, got -1"),
        (PETS, {"seed": None}, ValueError, r"seed must be a whole number ≥ 0, got None"),
        (PETS, {"shrink_windows": "no"}, ValueError, "shrink_windows must be True or False"),
        (PETS, {"shrink_windows": 1}, ValueError, "shrink_windows must be True or False"),
        (PETS, {"arch": ["skipgram"]}, ValueError, "unknown arch"),
        (PETS, {"arch": "SkipGram"}, ValueError, "choose one of 'skipgram', 'cbow'"),
        (PETS, {"snapshot_every": 0.5}, ValueError, "snapshot_every must be a whole number"),
        (PETS, {"lr": "0.1"}, ValueError, "lr must be a finite number > 0, got '0.1'"),
        # sizes: refused with the sizes, not a MemoryError, and not blamed on lr
        (PETS, {"negative": 10**6}, ValueError, r"negative=1000000.*objective='softmax'"),
        (PETS, {"dim": 10**9}, ValueError, r"11 words × dim=1000000000 would need 164 GiB"),
        ([[], []], {}, ValueError, "corpus is empty"),
    ],
)
def test_careless_inputs_get_errors_that_name_the_fix(corpus, kwargs, error, message):
    with pytest.raises(error, match=message):
        w.train(corpus, progress=False, **kwargs)


@pytest.mark.parametrize("shrink_windows", [False, True])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_a_window_beyond_the_longest_sentence_is_clipped_with_the_same_result(arch, shrink_windows):
    # window=10**7 used to ask for 107 GiB; the offsets past the longest sentence pair nothing
    kw = dict(arch=arch, shrink_windows=shrink_windows, dim=3, epochs=2, seed=5, progress=False)
    huge = w.train(PETS, window=10**7, **kw)
    for window in (2, 3):  # sentences have 3 words: window 2 already reaches every word
        same = w.train(PETS, window=window, **kw)
        if not shrink_windows:  # with shrinking, the widths are drawn from 1..window
            assert np.array_equal(huge.W_out, same.W_out)
    assert huge.config["window"] == 10**7 and np.isfinite(huge.W_out).all()


def test_a_huge_batch_size_is_one_full_batch():
    # batch_size=10**9 used to ask for 45 GiB of workspace
    huge = w.train(PETS, batch_size=10**9, epochs=2, dim=3, progress=False)
    full = w.train(
        PETS,
        batch_size=len(w.skipgram_pairs(PETS, huge.vocab, 2)[0]),
        epochs=2,
        dim=3,
        progress=False,
    )
    assert len(huge.losses) == 2 and np.array_equal(huge.W_out, full.W_out)


def test_a_full_softmax_batch_that_would_not_fit_is_refused_with_its_size():
    words = [f"w{i}" for i in range(20_000)]
    corpus = [words[i : i + 50] for i in range(0, 20_000, 50)]
    with pytest.raises(
        ValueError, match=r"batch_size=1000000 .*would need .*GiB.*lower batch_size"
    ):
        w.train(corpus, objective="softmax", batch_size=10**6, dim=2, progress=False)
