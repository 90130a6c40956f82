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
