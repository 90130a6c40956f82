"""Training examples and co-occurrence against brute force, subsampling, and their errors."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import w2vlib as w
from w2vlib import pairs as pairs_module


def random_corpus(seed: int) -> list[list[str]]:
    rng = np.random.default_rng(seed)
    words = [f"w{i}" for i in range(12)]
    # lengths 0–9 and a Zipf-ish choice of words: empty, one-word and repeated-word sentences occur
    p = 1 / np.arange(1, 13)
    return [list(rng.choice(words, size=rng.integers(0, 10), p=p / p.sum())) for _ in range(30)]


def brute_force_pairs(encoded: list[list[int]], window: int) -> list[tuple[int, int]]:
    out = []
    for sentence in encoded:
        for i, centre in enumerate(sentence):
            for j in range(i - window, i + window + 1):
                if j != i and 0 <= j < len(sentence):
                    out.append((centre, sentence[j]))
    return out


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("window", [1, 2, 4])
def test_skipgram_pairs_equal_a_double_loop(seed, window):
    corpus = random_corpus(seed)
    vocab = w.Vocab(corpus, min_count=2)  # some words are dropped before windowing
    encoded = [[vocab[x] for x in s if x in vocab] for s in corpus]
    centers, contexts = w.skipgram_pairs(corpus, vocab, window)
    expected = brute_force_pairs(encoded, window)
    assert list(zip(centers.tolist(), contexts.tolist(), strict=True)) == expected  # same order
    assert centers.dtype == contexts.dtype == np.intp


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("window", [1, 3])
def test_cooccurrence_counts_the_pairs_and_is_symmetric(seed, window):
    corpus = random_corpus(seed)
    vocab = w.Vocab(corpus)
    X = w.cooccurrence(corpus, vocab, window)
    counts = Counter(
        zip(*(a.tolist() for a in w.skipgram_pairs(corpus, vocab, window)), strict=True)
    )
    expected = np.zeros((len(vocab), len(vocab)), dtype=np.int64)
    for (c, o), n in counts.items():
        expected[c, o] = n
    np.testing.assert_array_equal(X, expected)
    np.testing.assert_array_equal(X, X.T)
    assert X.sum() == sum(counts.values()) == len(w.skipgram_pairs(corpus, vocab, window)[0])
    np.testing.assert_array_equal(
        w.cooccurrence(corpus, vocab, window, as_sparse=True).toarray(), X
    )


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("window", [1, 2])
def test_cbow_examples_equal_a_loop(seed, window):
    corpus = random_corpus(seed)
    vocab = w.Vocab(corpus, min_count=2)
    centers, windows = w.cbow_examples(corpus, vocab, window)
    expected_centers, expected_windows = [], []
    for sentence in ([vocab[x] for x in s if x in vocab] for s in corpus):
        for i, centre in enumerate(sentence):
            row = [
                sentence[j] if 0 <= j < len(sentence) else -1
                for j in [*range(i - window, i), *range(i + 1, i + window + 1)]
            ]
            if max(row) >= 0:  # a one-word sentence gives no example
                expected_centers.append(centre)
                expected_windows.append(row)
    assert centers.tolist() == expected_centers
    assert windows.tolist() == expected_windows
    assert windows.shape == (len(centers), 2 * window)


def test_shrunk_windows_are_symmetric_and_cover_every_width():
    corpus = [[f"w{(i * 5 + k) % 9}" for i in range(12)] for k in range(40)]
    vocab = w.Vocab(corpus)
    tokens, sentence_id = pairs_module.concatenate(vocab.encode(corpus))
    full = pairs_module.context_matrix(tokens, sentence_id, 3)
    shrunk = pairs_module.context_matrix(tokens, sentence_id, 3, np.random.default_rng(0))
    kept = shrunk >= 0
    assert np.array_equal(shrunk[kept], full[kept])  # only removes context words
    offsets = np.abs(np.r_[-3:0, 1:4])
    # one width b per centre: exactly the offsets |d| ≤ b that exist in the sentence are kept
    width = np.where(kept, offsets, 0).max(axis=1)
    assert np.array_equal(kept, (offsets[None] <= width[:, None]) & (full >= 0))
    # b is uniform on 1..3: measured on centres whose whole window lies inside the sentence
    inner = width[(full >= 0).all(axis=1)]
    shares = np.bincount(inner, minlength=4)[1:] / len(inner)
    assert len(inner) == 240 and (shares > 0.25).all(), shares


@pytest.mark.parametrize(
    "call",
    [
        lambda v: w.skipgram_pairs([["a", "b"]], v, 0),
        lambda v: w.cbow_examples([["a", "b"]], v, -1),
        lambda v: w.cooccurrence([["a", "b"]], v, 1.5),
    ],
)
def test_window_below_one_raises(call):
    with pytest.raises(ValueError, match="window must be a whole number ≥ 1"):
        call(w.Vocab([["a", "b"]]))


def test_empty_corpus_for_pairs_raises():
    with pytest.raises(ValueError, match="corpus is empty"):
        w.skipgram_pairs([], w.Vocab([["a"]]), 2)


def test_keep_probabilities_follow_word2vecs_formula():
    counts = np.array([5000, 1000, 100, 10, 1])
    sample = 1e-3
    z = counts / counts.sum()
    expected = [min(1.0, (np.sqrt(zi / sample) + 1) * sample / zi) for zi in z]
    np.testing.assert_allclose(pairs_module.keep_probabilities(counts, sample), expected, 1e-15)
    assert pairs_module.keep_probabilities(counts, sample)[0] < 0.05  # the frequent word is thinned
    np.testing.assert_array_equal(pairs_module.keep_probabilities(counts, 0.0), np.ones(5))


def test_keep_probability_is_one_exactly_up_to_golden_ratio_squared_times_sample():
    phi = (1 + 5**0.5) / 2
    sample = 1e-2
    # word 0 has frequency z: choose counts so z = φ²·s, just above, and just below
    for z, keep_all in ((phi**2 * sample * 0.999, True), (phi**2 * sample * 1.01, False)):
        counts = np.array([z * 1e9, (1 - z) * 1e9])
        p = pairs_module.keep_probabilities(counts, sample)[0]
        assert bool(p == 1.0) == keep_all, (z, p)


def test_a_plain_string_sentence_is_refused_not_read_letter_by_letter():
    vocab = w.Vocab(w.toy_corpus())
    with pytest.raises(TypeError, match=r"plain string 'the cat'.*split"):
        vocab.encode(["the cat"])
    # the pair builders go through encode: they used to return zero pairs, silently
    with pytest.raises(TypeError, match="plain string"):
        w.skipgram_pairs(["the cat sat"], vocab, 2)
    with pytest.raises(TypeError, match="plain string"):
        w.train(["the cat sat"], vocab=vocab, progress=False)


@pytest.mark.parametrize("sample", [float("nan"), -1e-3, float("inf"), True, "1e-3"])
def test_keep_probabilities_refuse_a_bad_threshold(sample):
    # NaN used to give NaN probabilities (every token dropped), a negative one kept everything
    with pytest.raises(ValueError, match=r"sample must be a number ≥ 0.*1e-3"):
        pairs_module.keep_probabilities(np.array([50, 5, 1]), sample)


def test_context_matrix_refuses_window_zero_and_mismatched_arrays():
    tokens, sentence_id = np.array([0, 1, 2]), np.zeros(3, dtype=np.intp)
    with pytest.raises(ValueError, match="window must be a whole number ≥ 1"):
        pairs_module.pairs_from_tokens(tokens, sentence_id, 0)  # used to return no pairs
    with pytest.raises(ValueError, match="tokens has 3 entries but sentence_id has 2"):
        pairs_module.context_matrix(tokens, sentence_id[:2], 1)


@pytest.mark.parametrize("build", [w.skipgram_pairs, w.cbow_examples, w.cooccurrence])
def test_swapped_or_wrong_vocab_arguments_say_so(build):
    sentences = w.toy_corpus()
    vocab = w.Vocab(sentences)
    with pytest.raises(TypeError, match=r"takes a Vocab second.*Did you swap them"):
        build(vocab, sentences, 2)  # used to fail with "'list' has no attribute 'encode'"
    with pytest.raises(TypeError, match="takes a Vocab second, got list"):
        build(sentences, ["cat"], 2)


def test_a_window_past_the_longest_sentence_is_clipped_not_allocated():
    sentences = w.toy_corpus()  # three-word sentences
    vocab = w.Vocab(sentences)
    for window in (10**7, 3):  # 10**7 used to ask for 107 GiB
        centers, contexts = w.skipgram_pairs(sentences, vocab, window)
        reference = w.skipgram_pairs(sentences, vocab, 2)
        assert np.array_equal(centers, reference[0]) and np.array_equal(contexts, reference[1])
    centers, windows = w.cbow_examples(sentences, vocab, 10**7)
    assert windows.shape == (len(centers), 4)  # 2·(longest sentence − 1) columns


def test_a_window_too_large_even_after_clipping_is_refused_with_the_sizes():
    long_sentence = [[f"w{i % 500}" for i in range(200_000)]]
    vocab = w.Vocab(long_sentence)
    with pytest.raises(ValueError, match=r"window=100000 over 200000 tokens.*GiB.*smaller window"):
        w.skipgram_pairs(long_sentence, vocab, 100_000)


def test_a_dense_cooccurrence_matrix_at_large_v_suggests_sparse():
    words = [f"w{i}" for i in range(20_000)]
    vocab = w.Vocab([words])
    with pytest.raises(ValueError, match=r"dense 20000×20000.*2\.98 GiB.*as_sparse=True"):
        w.cooccurrence([words], vocab, 1)
    X = w.cooccurrence([words], vocab, 1, as_sparse=True)
    assert X.shape == (20_000, 20_000) and X.sum() == 2 * (20_000 - 1)
    with pytest.raises(ValueError, match="as_sparse must be True or False"):
        w.cooccurrence([words], vocab, 1, as_sparse="yes")
