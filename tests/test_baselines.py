"""Count-based baselines on a real vocabulary (PPMI, its SVD, similarity of sparse rows,
neighbours), checked against independent dense computations."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from scipy.stats import spearmanr

import w2vlib
from w2vlib import (
    evaluate_similarity,
    frequency_bands,
    nearest_rows,
    neighbour_overlap,
    ppmi,
    truncated_svd,
)


def dense(M) -> np.ndarray:
    return M.toarray() if sparse.issparse(M) else M


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
    np.testing.assert_allclose(ppmi(sparse.csr_matrix(X), alpha).toarray(), expected)
    np.testing.assert_allclose(ppmi(X, alpha), expected)  # dense in, dense out


def test_ppmi_by_hand_on_a_two_by_two():
    X = np.array([[2.0, 1.0], [1.0, 0.0]])
    # |D| = 4, n = (3, 1): PMI[0,0] = log(2·4/9) < 0, PMI[0,1] = log(1·4/3) > 0
    P = dense(ppmi(X, alpha=1.0))
    np.testing.assert_allclose(P, [[0.0, np.log(4 / 3)], [np.log(4 / 3), 0.0]])


def test_ppmi_refuses_bad_counts():
    with pytest.raises(ValueError, match="counts"):
        ppmi(np.array([[1.0, -1.0], [0.0, 1.0]]))
    with pytest.raises(ValueError, match="square"):
        ppmi(np.ones((2, 3)))
    with pytest.raises(ValueError, match="empty"):
        ppmi(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="alpha"):
        ppmi(np.eye(3), alpha=0)


@pytest.mark.parametrize("weighting", [0, 0.5, 1])
def test_truncated_svd_factors_match_a_full_svd(weighting):
    rng = np.random.default_rng(1)
    A = rng.normal(size=(60, 5))
    M = A @ A.T + 1e-3 * rng.normal(size=(60, 60))  # nearly rank 5: randomized SVD is exact
    U, S, Vt = np.linalg.svd(M)  # LAPACK, not through w2vlib
    expected = U[:, :5] * S[:5] ** weighting
    got, other = truncated_svd(sparse.csr_matrix(M), 5, n_iter=6).factors(weighting)
    np.testing.assert_allclose(got @ other.T, U[:, :5] * S[:5] @ Vt[:5], atol=1e-6)  # any p: M_5
    signs = np.sign(np.sum(got * expected, axis=0))  # singular vectors are defined up to sign
    np.testing.assert_allclose(got * signs, expected, atol=1e-4)


def test_truncated_svd_refuses_bad_input():
    with pytest.raises(ValueError, match="weighting"):
        truncated_svd(np.eye(10), 2).factors(2)
    with pytest.raises(ValueError, match="rank-dim factorisation"):
        truncated_svd(np.eye(10), 11)
    with pytest.raises(ValueError, match="NaN"):
        truncated_svd(np.full((10, 10), np.nan), 2)


def test_similarity_of_sparse_rows_equals_that_of_the_same_dense_rows(lee):
    _, vocab, _ = lee
    vectors = np.random.default_rng(2).normal(size=(len(vocab), 8))
    for dataset in ("wordsim353", "simlex999"):
        expected = evaluate_similarity(vectors, vocab, dataset)
        np.testing.assert_allclose(
            evaluate_similarity(sparse.csr_matrix(vectors), vocab, dataset), expected
        )


def test_similarity_of_sparse_counts_by_hand(lee):
    _, vocab, X = lee
    dense = X.toarray().astype(float)
    kept = [(a, b, s) for a, b, s in w2vlib.similarity_pairs() if a in vocab and b in vocab]
    cos = []
    for a, b, _ in kept:
        u, v = dense[vocab[a]], dense[vocab[b]]
        cos.append(u @ v / (np.linalg.norm(u) * np.linalg.norm(v)))
    expected = spearmanr(cos, [s for *_, s in kept]).statistic
    assert evaluate_similarity(X, vocab)[0] == pytest.approx(expected)


def test_similarity_refuses_a_matrix_of_the_wrong_size(lee):
    _, vocab, _ = lee
    with pytest.raises(ValueError, match="rows"):
        evaluate_similarity(np.ones((3, 4)), vocab)
    with pytest.raises(ValueError, match="rows"):
        evaluate_similarity(sparse.csr_matrix(np.ones((3, 4))), vocab)


def test_nearest_rows_and_nearest_agree_with_a_full_cosine_matrix(lee):
    _, vocab, _ = lee
    vectors = np.random.default_rng(3).normal(size=(len(vocab), 10))
    unit = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
    cosines = unit @ unit.T
    np.fill_diagonal(cosines, -np.inf)
    rows = [vocab["police"], vocab["fire"], 0]
    got = nearest_rows(vectors, rows, k=5)
    for row, neighbours in zip(rows, got, strict=True):
        expected = np.argsort(-cosines[row], kind="stable")[:5]
        assert list(neighbours) == list(expected)
        by_word = w2vlib.nearest(vectors, vocab, vocab.words[row], k=5)
        assert [vocab[w] for w, _ in by_word] == list(expected)
        np.testing.assert_allclose([c for _, c in by_word], cosines[row, expected], rtol=1e-12)


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
