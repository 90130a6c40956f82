"""Vocabulary, training examples, co-occurrence, subsampling and the corpora, against brute force."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

import w2vlib as w
from w2vlib import pairs as pairs_module
from w2vlib.corpora import TOY_CORPORA

# ---------------------------------------------------------------------------
# Vocab
# ---------------------------------------------------------------------------


def test_vocab_orders_by_count_then_first_appearance():
    sentences = [["b", "a", "c"], ["c", "d", "a"], ["e", "c", "b", "a"]]
    vocab = w.Vocab(sentences)
    # counts a 3, c 3, b 2, d 1, e 1; first appearances b, a, c, d, e: ties keep that order
    assert vocab.words == ["a", "c", "b", "d", "e"]
    assert vocab.counts.tolist() == [3, 3, 2, 1, 1]
    assert [vocab[x] for x in "acbde"] == [0, 1, 2, 3, 4]
    assert len(vocab) == 5 and list(vocab) == vocab.words and "a" in vocab and "z" not in vocab
    np.testing.assert_allclose(vocab.frequencies(), np.array([3, 3, 2, 1, 1]) / 10)


def test_vocab_docstring_example_is_true():
    import doctest

    from w2vlib import vocab as vocab_module

    result = doctest.testmod(vocab_module)
    assert result.attempted >= 2 and result.failed == 0


def test_vocab_min_count_drops_rare_words_and_encode_skips_them():
    sentences = [["x", "y", "x"], ["z", "x", "y"]]
    vocab = w.Vocab(sentences, min_count=2)
    assert vocab.words == ["x", "y"] and vocab.min_count == 2
    assert [list(s) for s in vocab.encode(sentences)] == [[0, 1, 0], [0, 1]]
    assert vocab.indices(["y", "x", "y"]).tolist() == [1, 0, 1]


def test_vocab_from_counts_keeps_the_given_order():
    vocab = w.Vocab.from_counts(["rare", "common"], [1, 9])
    assert vocab["rare"] == 0 and vocab.counts.tolist() == [1, 9] and vocab.min_count == 1
    with pytest.raises(ValueError, match="repeated word"):
        w.Vocab.from_counts(["a", "a"], [1, 2])
    with pytest.raises(ValueError, match="2 words but 1 counts"):
        w.Vocab.from_counts(["a", "b"], [1])
    with pytest.raises(ValueError, match="empty"):
        w.Vocab.from_counts([], [])


def test_unknown_words_raise_keyerror_with_close_matches():
    vocab = w.Vocab(w.toy_corpus())
    with pytest.raises(KeyError, match=r"'cta' is not in the vocabulary\. Did you mean 'cat'"):
        vocab["cta"]
    with pytest.raises(KeyError, match=r"'zebra' is not in .*min_count, or misspelt.*11 words"):
        vocab["zebra"]
    with pytest.raises(KeyError, match="'truk'.*'truck'"):
        vocab.indices(["car", "truk"])
    # printed plainly, not inside the quotes KeyError would add
    try:
        vocab["cta"]
    except KeyError as error:
        assert str(error).startswith("'cta' is not")


@pytest.mark.parametrize(
    ("sentences", "kwargs", "error", "message"),
    [
        ([], {}, ValueError, "corpus is empty"),
        ([[], []], {}, ValueError, "corpus is empty"),
        (["the cat sat"], {}, TypeError, r"plain string 'the cat sat'.*split"),
        ([["a", "b"]], {"min_count": 3}, ValueError, r"min_count=3.*occurs 1 times.*lower"),
        ([["a"]], {"min_count": 0}, ValueError, "min_count must be a whole number ≥ 1"),
    ],
)
def test_vocab_errors(sentences, kwargs, error, message):
    with pytest.raises(error, match=message):
        w.Vocab(sentences, **kwargs)


# ---------------------------------------------------------------------------
# Skip-gram pairs, CBOW examples and co-occurrence, against double loops
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Subsampling
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Toy corpora
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "V"), [("pets_vehicles", 11), ("four_topics", 26)])
def test_toy_corpus_is_deterministic_and_the_seed_only_shuffles(name, V):
    a, b, c = w.toy_corpus(name, seed=0), w.toy_corpus(name, seed=0), w.toy_corpus(name, seed=1)
    assert a == b and a != c
    assert sorted(map(tuple, a)) == sorted(map(tuple, c))
    assert sorted(map(tuple, w.toy_corpus(name, shuffle=False))) == sorted(map(tuple, a))
    assert len(w.Vocab(a)) == V
    assert len(w.toy_corpus(name, repeats=3)) * 20 == len(a) * 3


@pytest.mark.parametrize("name", sorted(TOY_CORPORA))
def test_toy_groups_share_their_context_distribution_exactly(name):
    corpus = w.toy_corpus(name)
    vocab = w.Vocab(corpus)
    X = w.cooccurrence(corpus, vocab, window=2)
    log_p = w.log_conditional(X)
    groups, contexts = w.toy_groups(name), w.toy_contexts(name)
    nouns = {x for members in groups.values() for x in members}
    context_words = vocab.indices([x for x in vocab.words if x not in nouns])
    rows = {g: log_p[vocab.indices(members)][:, context_words] for g, members in groups.items()}
    for g, block in rows.items():
        np.testing.assert_allclose(block, np.broadcast_to(block[0], block.shape), rtol=1e-14)
        # each group's own contexts are seen, the other groups' never
        own = np.isin(context_words, vocab.indices(contexts[g]))
        assert np.isfinite(block[:, own]).all()
        others = np.isin(
            context_words, vocab.indices([c for h in contexts if h != g for c in contexts[h]])
        )
        assert np.isneginf(block[:, others]).all()
    # distinct groups differ, and nouns never co-occur with nouns
    first = [block[0] for block in rows.values()]
    assert all(not np.array_equal(x, y) for i, x in enumerate(first) for y in first[i + 1 :])
    noun_rows = vocab.indices(sorted(nouns))
    assert not X[np.ix_(noun_rows, noun_rows)].any()


def test_four_topics_members_differ_in_frequency_three_two_one():
    vocab = w.Vocab(w.toy_corpus("four_topics"))
    for members in w.toy_groups("four_topics").values():
        counts = vocab.counts[vocab.indices(members)]
        assert counts.tolist() == [3 * counts[2], 2 * counts[2], counts[2]]


def test_unknown_toy_corpus_lists_the_valid_ones():
    for fn in (w.toy_corpus, w.toy_groups, w.toy_contexts):
        with pytest.raises(
            ValueError, match="unknown toy corpus 'pets'.*'pets_vehicles', 'four_topics'"
        ):
            fn("pets")
    with pytest.raises(ValueError, match="repeats must be a whole number"):
        w.toy_corpus(repeats=0)


# ---------------------------------------------------------------------------
# The Lee corpus and head500 shipped in gensim's wheel
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lee() -> list[list[str]]:
    pytest.importorskip("gensim")
    return w.load_lee_corpus()


def test_lee_corpus_size(lee):
    tokens = sum(map(len, lee))
    assert len(lee) == 300
    assert 55_000 < tokens < 65_000, tokens


def test_lee_corpus_is_tokenised_like_simple_preprocess(lee):
    from gensim.test.utils import datapath
    from gensim.utils import simple_preprocess

    with open(datapath("lee_background.cor"), encoding="utf-8", errors="replace") as handle:
        lines = [line for line in handle if line.strip()]
    assert lee == [simple_preprocess(line) for line in lines]
    words = {x for doc in lee for x in doc}
    # simple_preprocess: lower-case letters only, 2–15 characters
    assert all(x.isalpha() and x == x.lower() and 2 <= len(x) <= 15 for x in words)
    assert {"the", "australia", "government"} <= words


def test_head500_is_stemmed_and_large():
    pytest.importorskip("gensim")
    corpus = w.load_head500()
    assert 320_000 < sum(map(len, corpus)) < 340_000
    words = set(corpus[0]) | set(corpus[1])
    assert any(x.endswith("i") for x in words)  # Porter stems such as "anarchi"


# ---------------------------------------------------------------------------
# Bad input found in review: each used to pass silently or with a misleading message
# ---------------------------------------------------------------------------


def test_a_plain_string_sentence_is_refused_not_read_letter_by_letter():
    vocab = w.Vocab(w.toy_corpus())
    with pytest.raises(TypeError, match=r"plain string 'the cat'.*split"):
        vocab.encode(["the cat"])
    # the pair builders go through encode: they used to return zero pairs, silently
    with pytest.raises(TypeError, match="plain string"):
        w.skipgram_pairs(["the cat sat"], vocab, 2)
    with pytest.raises(TypeError, match="plain string"):
        w.train(["the cat sat"], vocab=vocab, progress=False)


def test_vocab_lookups_of_the_wrong_kind_name_the_right_call():
    vocab = w.Vocab(w.toy_corpus())
    with pytest.raises(TypeError, match=r"plain string 'cat'.*\['cat'\]"):
        vocab.indices("cat")  # used to complain that 'c' is unknown
    with pytest.raises(TypeError, match=r"one word.*vocab\.indices"):
        vocab[["cat", "dog"]]
    assert vocab.indices(["cat"]).tolist() == [vocab["cat"]]


@pytest.mark.parametrize("counts", [[2.7, 1], [3, -1], [3, 0], [1, float("nan")], ["a", "b"]])
def test_vocab_from_counts_refuses_counts_that_are_not_whole_and_positive(counts):
    with pytest.raises(ValueError, match="counts must be whole numbers ≥ 1"):
        w.Vocab.from_counts(["x", "y"], counts)


def test_vocab_from_counts_accepts_whole_floats_and_numpy_integers():
    vocab = w.Vocab.from_counts(["x", "y"], [np.int64(4), 2.0])
    assert vocab.counts.tolist() == [4, 2] and vocab.counts.dtype == np.int64


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
