"""One epoch's examples, a bounded buffer at a time (w2vlib/training/engine/epochs.py)."""

import tracemalloc

import numpy as np
import pytest

import w2vlib as w
from w2vlib.pairs import (
    cbow_from_tokens,
    concatenate,
    keep_probabilities,
    longest_sentence,
    pairs_from_tokens,
)
from w2vlib.training.engine import epochs

LENGTHS = [1, 7, 2, 15, 3, 1, 9, 40, 4, 22, 6, 1, 13]  # one-word sentences have no pairs


def corpus(seed=21, repeats=6):
    """Encoded sentences of the lengths above (repeated), over 30 words of skewed frequency."""
    rng = np.random.default_rng(seed)
    lengths = LENGTHS * repeats
    tokens = np.minimum(rng.geometric(0.15, sum(lengths)) - 1, 29)
    sentence_id = np.repeat(np.arange(len(lengths)), lengths)
    return tokens, sentence_id, np.bincount(tokens, minlength=30) + 1


def whole_build(seed, tokens, sentence_id, keep, *, arch, window, subsample, shrink, shuffle):
    """An epoch listed at once with the pair functions of w2vlib.pairs: the reference."""
    rng = np.random.default_rng(seed)
    kept = rng.random(len(tokens)) < keep[tokens] if subsample > 0 else slice(None)
    build = pairs_from_tokens if arch == "skipgram" else cbow_from_tokens
    centers, contexts = build(tokens[kept], sentence_id[kept], window, rng if shrink else None)
    order = rng.permutation(len(centers)) if shuffle else slice(None)
    if arch == "skipgram":
        return centers[order], contexts[order], rng
    return contexts[order], centers[order], rng


def built(seed, tokens, sentence_id, keep, **settings):
    rng = np.random.default_rng(seed)
    examples = epochs.EpochExamples(
        rng, tokens.astype(np.int32), epochs.sentence_starts(sentence_id), keep, **settings
    )
    return examples, rng


SETTINGS = [
    dict(arch="skipgram", window=3, subsample=0.0, shrink_windows=False, shuffle=True),
    dict(arch="skipgram", window=5, subsample=0.05, shrink_windows=True, shuffle=True),
    dict(arch="skipgram", window=10**6, subsample=0.0, shrink_windows=True, shuffle=False),
    dict(arch="cbow", window=2, subsample=0.05, shrink_windows=True, shuffle=True),
    dict(arch="cbow", window=4, subsample=0.0, shrink_windows=False, shuffle=False),
]


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("settings", SETTINGS)
def test_an_epoch_in_one_buffer_is_the_whole_build_draw_for_draw(settings, compiled, monkeypatch):
    if compiled:
        pytest.importorskip("numba")
        monkeypatch.setattr(epochs, "COMPILED_FROM_TOKENS", 0)  # the kernels, even on few tokens
    tokens, sentence_id, counts = corpus()
    keep = keep_probabilities(counts, settings["subsample"])
    examples, rng = built(5, tokens, sentence_id, keep, **settings)
    inputs, targets = examples.take(0, examples.size)
    expect_inputs, expect_targets, expect_rng = whole_build(
        5,
        tokens,
        sentence_id,
        keep,
        arch=settings["arch"],
        window=settings["window"],
        subsample=settings["subsample"],
        shrink=settings["shrink_windows"],
        shuffle=settings["shuffle"],
    )
    assert examples.size == len(expect_targets) > 100
    np.testing.assert_array_equal(inputs, expect_inputs)
    np.testing.assert_array_equal(targets, expect_targets)
    assert inputs.dtype == targets.dtype == np.intp  # as the trainer's batches always were
    assert rng.random() == expect_rng.random()  # the generator is left as the whole build left it


def read_in_batches(examples, sizes):
    """Read an epoch front to back in batches of the given sizes (cycled), checking the buffer."""
    parts, start, k = [], 0, 0
    while start < examples.size:
        stop = start + sizes[k % len(sizes)]
        parts.append(examples.take(start, stop))
        held = sum(len(rows) for _, rows in examples._held)
        assert held <= examples.capacity + max(sizes)  # one buffer, and what a batch spans
        start, k = stop, k + 1
    return np.concatenate([x for x, _ in parts]), np.concatenate([o for _, o in parts])


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("settings", SETTINGS)
def test_a_large_epoch_in_small_buffers_has_the_same_examples(settings, compiled, monkeypatch):
    if compiled:
        pytest.importorskip("numba")
        monkeypatch.setattr(epochs, "COMPILED_FROM_TOKENS", 0)
    tokens, sentence_id, counts = corpus()
    keep = keep_probabilities(counts, settings["subsample"])
    whole, _ = built(5, tokens, sentence_id, keep, **settings)
    expect = whole.take(0, whole.size)
    small = 64 * (2 if settings["arch"] == "skipgram" else 2 * min(settings["window"], 39) + 1)
    chunked, _ = built(5, tokens, sentence_id, keep, **settings, buffer_bytes=4 * small)
    assert chunked.capacity == 64 and chunked.size == whole.size > 8 * 64
    assert len(chunked._plan) > 8  # many buffers
    got = read_in_batches(chunked, [16, 7, 100, 1, 64, 200])
    if settings["shuffle"]:  # the same examples, in another order
        assert not np.array_equal(got[1], expect[1])
        as_rows = [np.column_stack([x.reshape(len(o), -1), o]) for x, o in (got, expect)]
        a, b = (rows[np.lexsort(rows.T[::-1])] for rows in as_rows)
        np.testing.assert_array_equal(a, b)
    else:  # without shuffling, the whole build's examples in corpus order
        for a, b in zip(got, expect, strict=True):
            np.testing.assert_array_equal(a, b)
    again, _ = built(5, tokens, sentence_id, keep, **settings, buffer_bytes=4 * small)
    for a, b in zip(read_in_batches(again, [64]), got, strict=True):
        np.testing.assert_array_equal(a, b)  # deterministic for a seed, whatever the batches


@pytest.mark.parametrize("compiled", [False, True])
@pytest.mark.parametrize("settings", SETTINGS[:2] + SETTINGS[3:4])
def test_every_buffer_of_every_epoch_is_written_into_one_memory(settings, compiled, monkeypatch):
    # a buffer freed and the next one allocated left both resident (+60 MiB at 9.4M tokens)
    if compiled:
        pytest.importorskip("numba")
        monkeypatch.setattr(epochs, "COMPILED_FROM_TOKENS", 0)
    tokens, sentence_id, counts = corpus()
    keep = keep_probabilities(counts, settings["subsample"])
    small = 64 * (2 if settings["arch"] == "skipgram" else 2 * settings["window"] + 1)
    shared, rng, alone_rng = epochs.ExampleBuffer(), *map(np.random.default_rng, (5, 5))
    handed_out, rows_of = [], shared.rows

    def recorded_rows(*args):
        handed_out.append(rows_of(*args))
        return handed_out[-1]

    shared.rows = recorded_rows
    for _ in range(2):  # two epochs, each of many buffers
        starts = epochs.sentence_starts(sentence_id)
        args = (tokens.astype(np.int32), starts, keep)
        examples = epochs.EpochExamples(
            rng, *args, **settings, buffer_bytes=4 * small, buffer=shared
        )
        alone = epochs.EpochExamples(alone_rng, *args, **settings, buffer_bytes=4 * small)
        for start in range(0, examples.size, 50):  # batches that straddle buffers
            pair = examples.take(start, start + 50), alone.take(start, start + 50)
            for a, b in zip(*pair, strict=True):
                np.testing.assert_array_equal(a, b)  # the same examples as fresh buffers
        assert len(examples._plan) > 8
    addresses = [rows.__array_interface__["data"][0] for rows in handed_out]
    in_shared = sum(np.may_share_memory(rows, shared._flat) for rows in handed_out)
    assert len(handed_out) > 16 and in_shared >= 0.7 * len(handed_out)
    assert len(set(addresses)) < 0.3 * len(handed_out)  # not a fresh array each time


@pytest.mark.parametrize("compiled", [False, True])
def test_uint16_tokens_and_small_pieces_give_the_same_epoch(compiled, monkeypatch):
    # the trainer stores a vocabulary of ≤ 65,536 words as uint16, and draws the subsampling and
    # widths piece by piece: neither may change an example or a draw
    if compiled:
        pytest.importorskip("numba")
        monkeypatch.setattr(epochs, "COMPILED_FROM_TOKENS", 0)
    tokens, sentence_id, counts = corpus()
    keep = keep_probabilities(counts, 0.05)
    settings = dict(SETTINGS[1], buffer_bytes=8 * 64)  # subsampling, shrunk windows, buffers
    starts = epochs.sentence_starts(sentence_id)
    rngs = [np.random.default_rng(5) for _ in range(2)]
    wide = epochs.EpochExamples(rngs[0], tokens.astype(np.int32), starts, keep, **settings)
    monkeypatch.setattr(epochs, "_PIECE", 7)
    narrow = epochs.EpochExamples(rngs[1], tokens.astype(np.uint16), starts, keep, **settings)
    assert narrow.size == wide.size > 200
    for a, b in zip(narrow.take(0, narrow.size), wide.take(0, wide.size), strict=True):
        np.testing.assert_array_equal(a, b)
    assert rngs[0].random() == rngs[1].random()


class RecordingGenerator:
    """A numpy Generator that notes the shape of every array it shuffles."""

    def __init__(self, seed):
        self._rng, self.shuffled = np.random.default_rng(seed), []

    def __getattr__(self, name):
        return getattr(self._rng, name)

    def shuffle(self, x):
        self.shuffled.append(x.shape)
        self._rng.shuffle(x)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_a_buffer_is_shuffled_as_one_dimensional_rows_with_the_same_draws(arch, monkeypatch):
    # Generator.shuffle moves a 2-D array's rows one at a time in Python (50× slower: minutes
    # an epoch at 9.4M tokens); a 1-D view of whole rows is shuffled in compiled code
    tokens, sentence_id, counts = corpus()
    settings = dict(arch=arch, window=3, subsample=0.0, shrink_windows=True, shuffle=True)
    slots = 2 if arch == "skipgram" else 7
    starts, keep = epochs.sentence_starts(sentence_id), np.ones(30)

    def read(rng):
        examples = epochs.EpochExamples(
            rng, tokens.astype(np.int32), starts, keep, **settings, buffer_bytes=4 * 64 * slots
        )
        assert len(examples._plan) > 4
        return read_in_batches(examples, [50])

    rng = RecordingGenerator(8)
    got = read(rng)
    assert len(rng.shuffled) > 4 and all(len(shape) == 1 for shape in rng.shuffled)
    monkeypatch.setattr(epochs, "whole_rows", lambda rows: rows)  # shuffle the 2-D rows
    expect = read(np.random.default_rng(8))
    for a, b in zip(got, expect, strict=True):
        np.testing.assert_array_equal(a, b)  # the same order: the same draws


def test_an_epoch_in_one_buffer_is_shuffled_in_place(monkeypatch):
    # a permuted copy would hold the buffer three times at its peak (rows, the int64
    # permutation, the gathered rows): 96 MiB for a full 32 MiB buffer
    pytest.importorskip("numba")
    monkeypatch.setattr(epochs, "COMPILED_FROM_TOKENS", 0)  # pairs written in place, no temporaries
    tokens, sentence_id, _ = corpus(repeats=400)
    settings = dict(arch="skipgram", window=3, subsample=0.0, shrink_windows=False, shuffle=True)
    examples, _ = built(3, tokens, sentence_id, np.ones(30), **settings)
    assert len(examples._plan) == 1 and examples.size > 50_000
    tracemalloc.start()
    try:
        examples.take(0, 1)  # opens the epoch's one buffer
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    buffer = examples.size * 2 * 4  # int32 (centre, context) rows
    assert buffer <= peak < 1.2 * buffer


def test_a_chunked_epoch_mixes_the_whole_corpus_within_each_buffer(monkeypatch):
    monkeypatch.setattr(epochs, "SEGMENT_CENTRES", 100)
    part = np.arange(20_000) // 1000  # the word says which twentieth of the corpus it is in
    sentence_id = np.arange(20_000) // 20
    examples = epochs.EpochExamples(
        np.random.default_rng(0),
        part.astype(np.int32),
        epochs.sentence_starts(sentence_id),
        np.ones(20),
        arch="skipgram",
        window=2,
        subsample=0.0,
        shrink_windows=False,
        shuffle=True,
        buffer_bytes=8 * 5000,
    )
    assert len(examples._plan) > 10
    centres = examples.take(0, 2000)[0]  # the first 2000 pairs of the first buffer
    assert len(np.unique(centres)) >= 8  # from many parts of the corpus, not one stretch
    whole = epochs.EpochExamples(
        np.random.default_rng(0),
        part.astype(np.int32),
        epochs.sentence_starts(sentence_id),
        np.ones(20),
        arch="skipgram",
        window=2,
        subsample=0.0,
        shrink_windows=False,
        shuffle=False,
        buffer_bytes=8 * 5000,
    )
    assert len(np.unique(whole.take(0, 2000)[0])) <= 2  # corpus order: one stretch


def test_reads_go_forward_and_stop_at_the_epochs_end():
    tokens, sentence_id, counts = corpus()
    settings = dict(arch="skipgram", window=3, subsample=0.0, shrink_windows=False, shuffle=True)
    examples, _ = built(1, tokens, sentence_id, np.ones(30), **settings, buffer_bytes=8 * 100)
    examples.take(0, 250)
    again = examples.take(0, 250)  # the same batch can be read again (a step that failed)
    assert len(again[0]) == 250
    examples.take(300, 420)
    with pytest.raises(RuntimeError, match="forward"):
        examples.take(100, 200)
    tail = examples.take(examples.size - 3, examples.size + 50)
    assert len(tail[0]) == 3 and len(examples.take(examples.size, examples.size + 5)[0]) == 0


def test_the_trainer_on_small_buffers_replays_and_keeps_the_pairs(monkeypatch):
    sentences = w.toy_corpus("four_topics", repeats=10)
    settings = dict(
        objective="negative",
        dim=8,
        window=3,
        epochs=3,
        batch_size=50,
        seed=4,
        subsample=1e-2,
        shrink_windows=True,
        progress=False,
    )
    whole = w.train(sentences, **settings)
    monkeypatch.setattr(epochs, "BUFFER_BYTES", 8 * 300)  # 300 pairs a buffer
    chunked = w.train(sentences, **settings)
    assert not np.array_equal(chunked.W_out, whole.W_out)  # another order of the same pairs
    stepper = w.Stepper(sentences, **settings)
    stepper.run()
    np.testing.assert_array_equal(stepper.result().W_out, chunked.W_out)  # replayed bit for bit
    np.testing.assert_array_equal(w.train(sentences, **settings).W_in, chunked.W_in)
    # the first epoch subsamples alike; later ones differ as the generator has moved on
    assert abs(len(chunked.losses) - len(whole.losses)) < 0.1 * len(whole.losses)
    groups = w.toy_groups("four_topics")
    within, across = w.group_cosines(w.center(chunked.W_out), chunked.vocab, groups)
    assert within - across > 0.5


def test_the_encoded_corpus_is_int32_and_matches_concatenate(monkeypatch):
    sentences = w.toy_corpus("pets_vehicles")
    vocab = w.Vocab(sentences)
    sentences = [*sentences, ["zebra"], *sentences]  # a sentence left empty: no token at all
    monkeypatch.setattr(epochs, "_PACK", 7)  # many packs
    tokens, starts = epochs.encoded_corpus(vocab, sentences)
    expect_tokens, sentence_id = concatenate(vocab.encode(sentences))
    assert tokens.dtype == np.uint16  # 2 bytes for ≤ 65,536 words
    assert starts.dtype == np.uint8 and len(starts) == -(-len(tokens) // 8)  # a bit a token
    first = epochs.unpack_starts(starts, len(tokens))
    np.testing.assert_array_equal(first[1:], sentence_id[1:] != sentence_id[:-1])
    assert first[0]
    assert epochs.token_dtype(2**16) == np.uint16 and epochs.token_dtype(2**16 + 1) == np.int32
    np.testing.assert_array_equal(tokens, expect_tokens)
    np.testing.assert_array_equal(starts, epochs.sentence_starts(sentence_id))
    assert epochs.longest_run(starts, len(tokens)) == longest_sentence(sentence_id)
