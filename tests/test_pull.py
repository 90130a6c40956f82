"""The pull decomposition adds up to the real update of W_out[word], part by part."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import w2vlib as w
from w2vlib import toy_corpus
from w2vlib.analysis.pull import pull_decomposition
from w2vlib.objectives import (
    cbow_negative_sampling_loss_and_grads,
    negative_sampling_loss_and_grads,
    softmax_loss_and_grads,
)
from w2vlib.training.stepper import Stepper

SENTENCES = toy_corpus("pets_vehicles", repeats=3)


def _weights(V=11, N=4, seed=1):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(V, N)), rng.normal(size=(V, N)) * 0.5


@pytest.mark.parametrize("word", [0, 3, 7])
def test_softmax_parts_sum_to_the_objectives_update(word):
    W_in, W_out = _weights()
    rng = np.random.default_rng(2)
    centers, contexts = rng.integers(0, 11, 24), rng.integers(0, 11, 24)
    contexts[:3] = word  # make sure there are pulls as well as pushes
    lr = 0.05
    _, _, dW_out = softmax_loss_and_grads(W_in, W_out, centers, contexts)
    real = -lr * len(centers) * dW_out[word]  # train's convention: −lr × sum over pairs
    pull = pull_decomposition(W_in, W_out, centers, contexts, word, lr=lr, objective="softmax")
    np.testing.assert_allclose(pull.total, real, rtol=0, atol=1e-12)
    assert len(pull.parts) == len(centers)  # softmax: every pair moves every row
    assert pull.is_pull.sum() == (contexts == word).sum()
    # pulls point toward h, pushes away from it
    assert np.all(pull.coefficients[pull.is_pull] > 0)
    assert np.all(pull.coefficients[~pull.is_pull] < 0)


def test_negative_sampling_parts_sum_and_only_touched_rows_move():
    W_in, W_out = _weights()
    rng = np.random.default_rng(3)
    centers, contexts = rng.integers(0, 11, 30), rng.integers(0, 11, 30)
    negatives = rng.integers(0, 11, (30, 5))
    negatives[0, :2] = 4  # a word drawn twice for one pair is pushed twice
    lr = 0.025
    _, _, dW_out = negative_sampling_loss_and_grads(W_in, W_out, centers, contexts, negatives)
    for word in range(11):
        pull = pull_decomposition(
            W_in, W_out, centers, contexts, word, lr=lr, objective="negative", negatives=negatives
        )
        np.testing.assert_allclose(pull.total, -lr * 30 * dW_out[word], rtol=0, atol=1e-12)
        assert pull.is_pull.sum() == (contexts == word).sum()
        assert (~pull.is_pull).sum() == (negatives == word).sum()
    untouched = np.setdiff1d(np.arange(11), np.r_[contexts, negatives.ravel()])
    for word in untouched:
        pull = pull_decomposition(
            W_in, W_out, centers, contexts, word, lr=lr, objective="negative", negatives=negatives
        )
        assert len(pull.parts) == 0 and np.all(pull.total == 0)


def test_cbow_negative_sampling_parts_sum():
    W_in, W_out = _weights()
    rng = np.random.default_rng(4)
    windows = rng.integers(0, 11, (10, 4))
    windows[:, 3] = -1  # padded windows
    centers, negatives = rng.integers(0, 11, 10), rng.integers(0, 11, (10, 3))
    _, _, dW_out = cbow_negative_sampling_loss_and_grads(W_in, W_out, windows, centers, negatives)
    pull = pull_decomposition(
        W_in,
        W_out,
        windows,
        centers,
        5,
        lr=0.1,
        objective="negative",
        negatives=negatives,
        arch="cbow",
    )
    np.testing.assert_allclose(pull.total, -0.1 * 10 * dW_out[5], rtol=0, atol=1e-12)


def test_bad_inputs_get_clear_errors():
    W_in, W_out = _weights()
    c, o = np.array([0, 1]), np.array([2, 3])
    with pytest.raises(ValueError, match="needs the batch's sampled words"):
        pull_decomposition(W_in, W_out, c, o, 0, lr=0.1, objective="negative")
    with pytest.raises(TypeError, match=r"vocab\['cat'\]"):
        pull_decomposition(W_in, W_out, c, o, "cat", lr=0.1)
    with pytest.raises(IndexError, match="outside the vocabulary"):
        pull_decomposition(W_in, W_out, c, o, 99, lr=0.1)
    with pytest.raises(ValueError, match="lr must be"):
        pull_decomposition(W_in, W_out, c, o, 0, lr=0)
    stepper = Stepper(SENTENCES, dim=2)
    with pytest.raises(KeyError, match="Did you mean 'cat'"):
        stepper.pull("cta")


@settings(max_examples=30, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    V=st.integers(2, 12),
    N=st.integers(1, 6),
    B=st.integers(1, 20),
    K=st.integers(1, 4),
    objective=st.sampled_from(["softmax", "negative"]),
)
def test_parts_always_sum_to_the_update_of_every_row(seed, V, N, B, K, objective):
    rng = np.random.default_rng(seed)
    W_in, W_out = rng.normal(size=(V, N)), rng.normal(size=(V, N))
    centers, contexts = rng.integers(0, V, B), rng.integers(0, V, B)
    negatives = rng.integers(0, V, (B, K)) if objective == "negative" else None
    lr = float(rng.uniform(0.001, 0.5))
    if objective == "softmax":
        _, _, dW_out = softmax_loss_and_grads(W_in, W_out, centers, contexts)
    else:
        _, _, dW_out = negative_sampling_loss_and_grads(W_in, W_out, centers, contexts, negatives)
    for word in range(V):
        pull = pull_decomposition(
            W_in, W_out, centers, contexts, word, lr=lr, objective=objective, negatives=negatives
        )
        np.testing.assert_allclose(pull.total, -lr * B * dW_out[word], rtol=0, atol=1e-12)


def test_cbow_windows_take_only_minus_one_as_padding():
    W_in, W_out = _weights()
    # −5 used to be read as padding, silently dropping a context word
    with pytest.raises(IndexError, match="−1 for padding but no other negative index"):
        pull_decomposition(W_in, W_out, np.array([[0, -5]]), np.array([1]), 1, lr=0.1, arch="cbow")
    padded = pull_decomposition(
        W_in, W_out, np.array([[0, -1]]), np.array([1]), 1, lr=0.1, arch="cbow"
    )
    np.testing.assert_array_equal(padded.hidden, W_in[[0]])


def test_with_a_vocabulary_the_decomposition_takes_and_prints_words():
    W_in, W_out = _weights()
    vocab = w.Vocab(SENTENCES)
    c, o = np.array([0, 1]), np.array([2, 3])
    by_word = pull_decomposition(W_in, W_out, c, o, "cat", lr=0.1, vocab=vocab)
    by_index = pull_decomposition(W_in, W_out, c, o, vocab["cat"], lr=0.1)
    assert np.array_equal(by_word.total, by_index.total)
    assert "word='cat'" in repr(by_word) and by_word.label == "cat"
    with pytest.raises(ValueError, match="vocab has 11 words but W_in has 3 rows"):
        pull_decomposition(W_in[:3], W_out[:3], c[:1], c[:1], "cat", lr=0.1, vocab=vocab)
    with pytest.raises(TypeError, match="a word or a row index, got float"):
        pull_decomposition(W_in, W_out, c, o, 1.5, lr=0.1)
