"""Claims the lessons used to check inline, kept here when the lessons moved them out (issue 13).

Each test re-derives a lesson's claim from an independent computation:
- lesson 02: the corpus-wide softmax gradient equals the sum of per-pair gradients;
- lesson 06 / appendix 09: word2vec's CBOW rule (the full ∂L/∂h to every context row) equals
  the exact gradient with η_in = C·η when every example has the same C, and is not a multiple of
  it when C varies;
- lesson 05: SGNS's first step from W_out = 0 moves the mean output row by −(η/V)·(k − 1)/2·h.
"""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib
from w2vlib import objectives


@pytest.fixture(scope="module")
def toy():
    sentences = w2vlib.toy_corpus("pets_vehicles")
    return sentences, w2vlib.Vocab(sentences)


def _softmax_rows(S: np.ndarray) -> np.ndarray:
    E = np.exp(S - S.max(axis=1, keepdims=True))
    return E / E.sum(axis=1, keepdims=True)


def test_corpus_gradient_is_the_sum_of_per_pair_gradients(toy):
    sentences, vocab = toy
    V, N = len(vocab), 4
    rng = np.random.default_rng(2)
    W_in, W_out = rng.normal(size=(2, V, N))
    centers, contexts = w2vlib.skipgram_pairs(sentences, vocab, window=2)
    X = w2vlib.cooccurrence(sentences, vocab, window=2)
    P = _softmax_rows(W_in @ W_out.T)
    by_formula = (X.sum(axis=1)[:, None] * P - X).T @ W_in
    # pair by pair, written out independently of the library: row j gets (y_j − t_j)·h
    pair_by_pair = np.zeros_like(W_out)
    for c, o in zip(centers, contexts, strict=True):
        error = P[c].copy()
        error[o] -= 1.0
        pair_by_pair += np.outer(error, W_in[c])
    np.testing.assert_allclose(pair_by_pair, by_formula, atol=1e-9)
    mean_dW_out = w2vlib.softmax_loss_and_grads(W_in, W_out, centers, contexts)[2]
    np.testing.assert_allclose(len(centers) * mean_dW_out, by_formula, atol=1e-9)


def _train_cbow(vocab, centers, windows, rule, lr=0.05, lr_in=None, epochs=6, k=5, seed=0):
    """A minimal CBOW + negative-sampling loop; rule is "exact" or "word2vec"."""
    rng = np.random.default_rng(seed)
    V = len(vocab)
    W_in = (rng.random((V, 5)) - 0.5) / 5
    W_out = np.zeros((V, 5))
    noise = vocab.counts**0.75 / (vocab.counts**0.75).sum()
    lr_in = lr if lr_in is None else lr_in
    for _ in range(epochs):
        order = rng.permutation(len(centers))
        for start in range(0, len(order), 16):
            rows = order[start : start + 16]
            negs = rng.choice(V, size=(len(rows), k), p=noise)
            if rule == "exact":
                _, dW_in, dW_out = w2vlib.cbow_negative_sampling_loss_and_grads(
                    W_in, W_out, windows[rows], centers[rows], negs
                )
            else:  # word2vec: the full ∂L/∂h_b added to every context row of example b
                H, _ = objectives.cbow_hidden(W_in, windows[rows])
                _, dH, dW_out = objectives.negative_sampling_loss_from_hidden(
                    H, W_out, centers[rows], negs
                )
                inside = windows[rows] >= 0
                dW_in = np.zeros_like(W_in)
                np.add.at(dW_in, windows[rows][inside], np.repeat(dH, inside.sum(axis=1), axis=0))
            W_in -= lr_in * len(rows) * dW_in
            W_out -= lr * len(rows) * dW_out
    return W_in, W_out


def test_word2vec_cbow_rule_is_the_exact_gradient_with_C_times_the_rate_for_constant_C(toy):
    sentences, vocab = toy
    centers, windows = w2vlib.cbow_examples(sentences, vocab, window=2)
    C = (windows >= 0).sum(axis=1)
    assert np.all(C == C[0])  # the toy corpus: every example has the same C
    word2vec = _train_cbow(vocab, centers, windows, "word2vec")
    scaled = _train_cbow(vocab, centers, windows, "exact", lr_in=C[0] * 0.05)
    plain = _train_cbow(vocab, centers, windows, "exact")
    for a, b in zip(word2vec, scaled, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-12)
    assert np.abs(word2vec[0] - plain[0]).max() > 1e-3  # the factor C does change the run


def test_word2vec_cbow_rule_is_no_multiple_of_the_gradient_when_C_varies(toy):
    _, vocab = toy
    V = len(vocab)
    rng = np.random.default_rng(3)
    W_in, W_out = rng.normal(scale=0.5, size=(2, V, 4))
    windows = np.full((4, 4), -1)
    for b, C_b in enumerate((1, 2, 3, 4)):
        windows[b, :C_b] = vocab.indices(["the", "feed", "pet", "park"][:C_b])
    centers = vocab.indices(["cat", "dog", "rabbit", "car"])
    H, _ = objectives.cbow_hidden(W_in, windows)
    _, dH, _ = objectives.softmax_loss_from_hidden(H, W_out, centers)
    word2vec = np.zeros_like(W_in)
    for b, row in enumerate(windows):
        np.add.at(word2vec, row[row >= 0], dH[b])
    exact = w2vlib.cbow_softmax_loss_and_grads(W_in, W_out, windows, centers)[1]
    # the best single factor s = <w, e>/<e, e> still leaves a residual
    s = np.sum(word2vec * exact) / np.sum(exact * exact)
    assert np.linalg.norm(word2vec - s * exact) > 0.05 * np.linalg.norm(word2vec)


@pytest.mark.parametrize("k", [1, 5, 15])
def test_sgns_first_step_moves_the_mean_output_row_against_h(toy, k):
    sentences, vocab = toy
    V, N = len(vocab), 4
    rng = np.random.default_rng(k)
    W_in = rng.normal(size=(V, N))
    c, o = vocab["cat"], vocab["feed"]
    draws = rng.integers(V, size=(1, k))
    _, _, grad = w2vlib.negative_sampling_loss_and_grads(W_in, np.zeros((V, N)), [c], [o], draws)
    # at W_out = 0 every σ(s) = 1/2: one pull of 1/2, k pushes of 1/2
    np.testing.assert_allclose(grad.sum(axis=0), (k - 1) / 2 * W_in[c], atol=1e-12)
