"""Count-based baselines, checked against independent dense computations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.stats import spearmanr

import w2vlib
from w2vlib.baselines import (
    frequency_bands,
    nearest_rows,
    neighbour_overlap,
    ppmi_matrix,
    row_similarity,
    svd_vectors,
)


@pytest.fixture(scope="module")
def lee():
    sentences = w2vlib.load_lee_corpus()
    vocab = w2vlib.Vocab(sentences, min_count=5)
    X = w2vlib.cooccurrence(sentences, vocab, window=2, as_sparse=True)
    return sentences, vocab, X


@pytest.mark.parametrize("alpha", [1.0, 0.75])
def test_ppmi_matches_the_dense_definition(alpha):
    rng = np.random.default_rng(0)
    X = rng.poisson(0.7, size=(30, 30)).astype(float)
    X = X + X.T
    X[3] = 0  # a word never seen as a centre
    X[:, 3] = 0
    expected = w2vlib.positive_part(w2vlib.pmi(X, alpha))
    np.testing.assert_allclose(ppmi_matrix(sparse.csr_matrix(X), alpha).toarray(), expected)
    np.testing.assert_allclose(ppmi_matrix(X, alpha).toarray(), expected)  # dense input too


def test_ppmi_by_hand_on_a_two_by_two():
    X = np.array([[2.0, 1.0], [1.0, 0.0]])
    # |D| = 4, n = (3, 1): PMI[0,0] = log(2·4/9) < 0, PMI[0,1] = log(1·4/3) > 0
    P = ppmi_matrix(X, alpha=1.0).toarray()
    np.testing.assert_allclose(P, [[0.0, np.log(4 / 3)], [np.log(4 / 3), 0.0]])


def test_ppmi_refuses_bad_counts():
    with pytest.raises(ValueError, match="counts"):
        ppmi_matrix(np.array([[1.0, -1.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="square"):
        ppmi_matrix(np.ones((2, 3)))
    with pytest.raises(ValueError, match="empty"):
        ppmi_matrix(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="alpha"):
        ppmi_matrix(np.eye(3), alpha=0)


@pytest.mark.parametrize("weighting", [0, 0.5, 1])
def test_svd_vectors_match_a_full_svd(weighting):
    rng = np.random.default_rng(1)
    A = rng.normal(size=(60, 5))
    M = A @ A.T + 1e-3 * rng.normal(size=(60, 60))  # nearly rank 5: randomized SVD is exact
    U, S, _ = np.linalg.svd(M)
    expected = U[:, :5] * S[:5] ** weighting
    got = svd_vectors(sparse.csr_matrix(M), 5, weighting, n_iter=6)
    signs = np.sign(np.sum(got * expected, axis=0))  # singular vectors are defined up to sign
    np.testing.assert_allclose(got * signs, expected, atol=1e-4)


def test_svd_vectors_refuse_bad_input():
    with pytest.raises(ValueError, match="weighting"):
        svd_vectors(np.eye(10), 2, weighting=2)
    with pytest.raises(ValueError, match="truncated"):
        svd_vectors(np.eye(10), 10)
    with pytest.raises(ValueError, match="NaN"):
        svd_vectors(np.full((10, 10), np.nan), 2)


def test_row_similarity_equals_evaluate_similarity_on_dense_vectors(lee):
    _, vocab, _ = lee
    vectors = np.random.default_rng(2).normal(size=(len(vocab), 8))
    for dataset in ("wordsim353", "simlex999"):
        expected = w2vlib.evaluate_similarity(vectors, vocab, dataset)
        np.testing.assert_allclose(row_similarity(vectors, vocab, dataset), expected)
        np.testing.assert_allclose(
            row_similarity(sparse.csr_matrix(vectors), vocab, dataset), expected
        )


def test_row_similarity_of_sparse_counts_by_hand(lee):
    _, vocab, X = lee
    dense = X.toarray().astype(float)
    kept = [(a, b, s) for a, b, s in w2vlib.similarity_pairs() if a in vocab and b in vocab]
    cos = []
    for a, b, _ in kept:
        u, v = dense[vocab[a]], dense[vocab[b]]
        cos.append(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
    expected = spearmanr(cos, [s for *_, s in kept]).statistic
    assert row_similarity(X, vocab)[0] == pytest.approx(expected)


def test_row_similarity_refuses_a_matrix_of_the_wrong_size(lee):
    _, vocab, _ = lee
    with pytest.raises(ValueError, match="rows"):
        row_similarity(np.ones((3, 4)), vocab)


def test_nearest_rows_agree_with_w2vlib_nearest(lee):
    _, vocab, _ = lee
    vectors = np.random.default_rng(3).normal(size=(len(vocab), 10))
    rows = [vocab["police"], vocab["fire"], 0]
    got = nearest_rows(vectors, rows, k=5)
    for row, neighbours in zip(rows, got, strict=True):
        expected = [vocab[w] for w, _ in w2vlib.nearest(vectors, vocab, vocab.words[row], k=5)]
        assert list(neighbours) == expected


def test_neighbour_overlap_is_one_for_the_same_vectors_and_low_for_random_ones():
    rng = np.random.default_rng(4)
    A = rng.normal(size=(300, 20))
    rows = np.arange(50)
    assert np.all(neighbour_overlap(A, 3 * A, rows, k=10) == 1.0)  # cosines ignore scale
    chance = neighbour_overlap(A, rng.normal(size=(300, 20)), rows, k=10).mean()
    assert chance < 0.15  # chance is about k/V = 0.03


def test_frequency_bands_partition_by_count():
    counts = np.array([100, 50, 20, 19, 5, 5])
    bands = frequency_bands(counts, [5, 20, 100])
    assert [b.tolist() for b in bands] == [[3, 4, 5], [1, 2], [0]]
    with pytest.raises(ValueError, match="increasing"):
        frequency_bands(counts, [20, 5])
