"""The vocabulary: order, counts, lookups, encoding, and the errors of each."""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib as w


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


@pytest.mark.parametrize(
    ("make", "error", "message"),
    [
        (lambda: w.Vocab("the cat"), TypeError, r"one plain string 'the cat'"),
        (lambda: w.Vocab(["the", "cat"]), TypeError, r"list of words.*\[words\]"),
        (lambda: w.Vocab([[1, 2, 3]]), TypeError, r"got int 1.*word indices"),  # repr used to raise
        (lambda: w.Vocab([["a", None]]), TypeError, "got NoneType None"),
        (lambda: w.Vocab([[b"cat"]]), TypeError, r"got bytes b'cat'.*decode"),
        (lambda: w.Vocab([["", "a"]]), ValueError, "empty or contains spaces"),
        (lambda: w.Vocab.from_counts([1, 2], [3, 4]), TypeError, "words must be strings"),
    ],
)
def test_vocab_refuses_what_is_not_a_list_of_sentences_of_words(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.fixture(scope="module")
def pets_vocab() -> w.Vocab:
    return w.Vocab(w.toy_corpus())


@pytest.mark.parametrize(
    ("key", "error", "message"),
    [
        # a number used to be reported as a misspelt word
        (3, TypeError, r"got the number 3 \(vocab\.words\[3\] is '\w+'\): pass the word itself"),
        (np.int64(99), TypeError, r"got the number 99: pass the word itself"),
        (None, TypeError, "takes a word"),
        (1.0, TypeError, "takes a word"),
        ("Cat", KeyError, "Did you mean 'cat'"),
    ],
)
def test_vocab_lookup_says_to_pass_a_word(pets_vocab, key, error, message):
    with pytest.raises(error, match=message):
        pets_vocab[key]


@pytest.mark.parametrize(
    ("sentences", "message"),
    [
        ("the cat", r"one plain string"),
        (["the", "cat"], r"list of words.*\[words\]"),
        ([[1, 2]], r"got int 1 in sentence 0"),  # used to drop them all, silently
        ([["the", 7]], r"got int 7 in sentence 0"),
    ],
)
def test_encode_refuses_what_it_used_to_drop_silently(pets_vocab, sentences, message):
    with pytest.raises(TypeError, match=message):
        pets_vocab.encode(sentences)


def test_encode_still_drops_real_words_outside_the_vocabulary(pets_vocab):
    assert (
        pets_vocab.encode([["the", "zebra", "cat"]])[0].tolist()
        == pets_vocab.indices(["the", "cat"]).tolist()
    )
    assert [1, 2] not in pets_vocab and "zebra" not in pets_vocab
