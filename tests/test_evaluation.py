"""evaluation (cosines, neighbours, groups, word-similarity sets), each against a direct or
independent computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats

import w2vlib as w
from w2vlib.analysis import evaluation


def test_center_cosines_and_normalisation():
    rng = np.random.default_rng(3)
    M = rng.normal(size=(6, 4)) + 5
    np.testing.assert_allclose(w.center(M).mean(axis=0), 0, atol=1e-14)
    np.testing.assert_allclose(w.center(M + rng.normal(size=4)), w.center(M), atol=1e-13)
    C = w.cosine_matrix(M)
    for i in range(6):
        for j in range(6):
            expected = M[i] @ M[j] / (np.linalg.norm(M[i]) * np.linalg.norm(M[j]))
            assert C[i, j] == pytest.approx(expected, rel=1e-13)
            assert w.cosine(M[i], M[j]) == pytest.approx(expected, rel=1e-13)
    assert w.cosine(M[0], np.zeros(4)) == 0.0
    unit = evaluation.normalize_rows(np.r_[M, np.zeros((1, 4))])
    np.testing.assert_allclose(np.linalg.norm(unit[:6], axis=1), 1, rtol=1e-14)
    assert not unit[6].any()


def test_group_cosines_are_the_two_means():
    vocab = w.Vocab.from_counts(list("abcdefg"), [1] * 7)
    M = np.random.default_rng(4).normal(size=(7, 3))
    groups = {"x": ["a", "c"], "y": ["d", "e", "g"]}
    within, across = w.group_cosines(M, vocab, groups)
    cos = w.cosine
    same = [cos(M[0], M[2]), cos(M[3], M[4]), cos(M[3], M[6]), cos(M[4], M[6])]
    other = [cos(M[i], M[j]) for i in (0, 2) for j in (3, 4, 6)]
    assert within == pytest.approx(np.mean(same), rel=1e-13)
    assert across == pytest.approx(np.mean(other), rel=1e-13)
    with pytest.raises(KeyError, match="'dd'.*'d'"):
        w.group_cosines(M, vocab, {"x": ["a"], "y": ["dd"]})
    with pytest.raises(ValueError, match="vectors has 6 rows but 7"):
        w.group_cosines(M[:6], vocab, groups)


def test_nearest_ranks_by_cosine_and_excludes_the_word():
    words = ["cat", "dog", "car", "bus", "sun"]
    vocab = w.Vocab.from_counts(words, [1] * 5)
    M = np.array([[1.0, 0.1], [0.9, 0.2], [0.0, 1.0], [0.1, 1.0], [-1.0, 0.0]])
    got = w.nearest(M, vocab, "cat", k=3)
    assert [x for x, _ in got] == ["dog", "bus", "car"]
    assert got[0][1] == pytest.approx(w.cosine(M[0], M[1]), rel=1e-14)
    assert [x for x, _ in w.nearest(M, vocab, "cat", k=100)] == ["dog", "bus", "car", "sun"]
    with pytest.raises(KeyError, match="'cta' is not in the vocabulary. Did you mean 'cat'"):
        w.nearest(M, vocab, "cta")
    with pytest.raises(ValueError, match="k must be a whole number ≥ 1"):
        w.nearest(M, vocab, "cat", k=0)
    with pytest.raises(ValueError, match="vectors has 4 rows but 5"):
        w.nearest(M[:4], vocab, "cat")


@pytest.fixture(scope="module")
def wordsim() -> list[tuple[str, str, float]]:
    pytest.importorskip("gensim")
    return w.similarity_pairs("wordsim353")


def test_similarity_sets_are_complete(wordsim):
    assert len(wordsim) == 353
    assert wordsim[0] == ("love", "sex", 6.77)
    assert all(0 <= s <= 10 and a == a.lower() for a, _, s in wordsim)
    simlex = w.similarity_pairs("simlex999")
    assert len(simlex) == 999 and ("old", "new", 1.58) == simlex[0]
    with pytest.raises(ValueError, match="unknown dataset 'men'.*'wordsim353', 'simlex999'"):
        w.similarity_pairs("men")


def test_evaluate_similarity_matches_an_independent_spearman(wordsim):
    unique = sorted({x for a, b, _ in wordsim for x in (a, b)})
    kept = unique[::2]  # half the words: many pairs become out of vocabulary
    vocab = w.Vocab.from_counts(kept, [1] * len(kept))
    rng = np.random.default_rng(5)
    vectors = rng.normal(size=(len(kept), 8))
    index = {x: i for i, x in enumerate(kept)}
    model, human = [], []
    for a, b, score in wordsim:
        if a in index and b in index:
            va, vb = vectors[index[a]], vectors[index[b]]
            model.append(va @ vb / np.sqrt((va @ va) * (vb @ vb)))
            human.append(score)
    rho, oov = w.evaluate_similarity(vectors, vocab, "wordsim353")
    assert rho == pytest.approx(stats.spearmanr(model, human).statistic, rel=1e-12)
    assert oov == pytest.approx(1 - len(model) / 353, rel=1e-14)
    assert 0.5 < oov < 0.9 and len(model) >= 30

    # word_map applies before the look-up; everything out of vocabulary gives NaN and oov 1
    with pytest.raises(w.InputError, match="0 of .* word pairs"):  # every pair out of vocabulary
        w.evaluate_similarity(vectors, vocab, word_map=str.upper)
    with pytest.raises(ValueError, match="vectors has 3 rows"):
        w.evaluate_similarity(vectors[:3], vocab)


def test_group_cosines_refuses_groups_it_cannot_average():
    vocab = w.Vocab.from_counts(list("abcd"), [1] * 4)
    M = np.random.default_rng(6).normal(size=(4, 3))
    # a string group used to be split silently into one-letter words
    with pytest.raises(TypeError, match=r"group 'x' is the single string 'ab'.*\['ab'\]"):
        w.group_cosines(M, vocab, {"x": "ab", "y": ["c", "d"]})
    for groups in ({}, {"x": ["a", "b"]}, {"x": ["a"], "y": ["c"]}):  # were NaN or a numpy error
        with pytest.raises(ValueError, match="at least two groups and a group of at least two"):
            w.group_cosines(M, vocab, groups)
    with pytest.raises(TypeError, match="mapping"):
        w.group_cosines(M, vocab, ["a", "b"])


def test_evaluation_refuses_diverged_vectors():
    vocab = w.Vocab.from_counts(["cat", "dog", "car"], [1] * 3)
    M = np.ones((3, 2))
    M[1, 0] = np.nan
    # nearest used to rank the word itself first when the cosines were NaN
    with pytest.raises(ValueError, match="NaN or inf.*smaller lr"):
        w.nearest(M, vocab, "cat")
    with pytest.raises(ValueError, match="NaN or inf"):
        w.group_cosines(M, vocab, {"x": ["cat", "dog"], "y": ["car"]})
    with pytest.raises(ValueError, match="NaN or inf"):
        w.evaluate_similarity(M, vocab)


def test_cosine_takes_lists_and_refuses_mismatched_vectors():
    assert w.cosine([1, 0], [1, 1]) == pytest.approx(1 / math.sqrt(2), rel=1e-15)  # was TypeError
    with pytest.raises(ValueError, match=r"same length, got shapes \(3,\) and \(2,\)"):
        w.cosine(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="cosine_matrix"):
        w.cosine(np.ones((2, 2)), np.ones((2, 2)))


@pytest.fixture(scope="module")
def pets():
    corpus = w.toy_corpus()
    vocab = w.Vocab(corpus)
    return np.random.default_rng(0).normal(size=(len(vocab), 3)), vocab


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        # an index where a word belongs used to be reported as a misspelt word
        (lambda W, v: w.nearest(W, v, 3), TypeError, r"got the number 3.*pass the word itself"),
        (lambda W, v: w.nearest(v, W, "cat"), TypeError, r"takes a w2vlib\.Vocab.*swapped"),
        (lambda W, v: w.nearest(W[0], v, "cat"), ValueError, "must be a 2-D array"),
        (lambda W, v: w.nearest(W, v, "cat", k="5"), ValueError, "k must be a whole number"),
        (lambda W, v: w.group_cosines(W, ["cat"], {"a": ["cat"]}), TypeError, "takes a w2vlib"),
        (lambda W, v: w.evaluate_similarity(W, None), TypeError, "takes a w2vlib.Vocab"),
        (lambda W, v: w.center("abc"), ValueError, "must be a 2-D array"),
        (lambda W, v: w.center(np.ones(3)), ValueError, "must be a 2-D array"),  # was zeros
        (lambda W, v: w.center(np.array([["a", "b"]])), TypeError, "must hold real numbers"),
    ],
)
def test_evaluation_refuses_careless_inputs(pets, call, error, message):
    with pytest.raises(error, match=message):
        call(*pets)


def test_a_run_passed_as_vectors_says_which_attribute_to_use(pets):
    run = w.train(w.toy_corpus(), dim=2, epochs=1, progress=False)
    with pytest.raises(TypeError, match=r"got a Run: pass its \.W_out or \.W_in"):
        w.nearest(run, run.vocab, "cat")


def test_cosine_matrix_and_word_map_refuse_the_wrong_kind(pets):
    W, vocab = pets
    with pytest.raises(ValueError, match="must be a 2-D array"):
        w.cosine_matrix(np.ones(3))  # used to fail inside numpy with an AxisError
    with pytest.raises(TypeError, match=r"word_map must be a function.*PorterStemmer"):
        w.evaluate_similarity(W, vocab, word_map="porter")


# ------------------------------------------------------------------ partner_ranks


def ranks_by_sorting(W: np.ndarray, a, b) -> list[int]:
    unit = W / np.linalg.norm(W, axis=1, keepdims=True)
    out = []
    for i, j in zip(a, b, strict=True):
        others = [k for k in range(len(W)) if k != i]
        order = sorted(others, key=lambda k: -float(unit[i] @ unit[k]))
        out.append(order.index(j) + 1)
    return out


@pytest.mark.parametrize("seed", range(3))
def test_partner_ranks_are_the_positions_in_the_sorted_neighbours(seed):
    W = np.random.default_rng(seed).normal(size=(40, 6))
    a, b = np.array([0, 5, 9, 17, 39]), np.array([1, 4, 30, 16, 0])
    np.testing.assert_array_equal(w.partner_ranks(W, a, b), ranks_by_sorting(W, a, b))


def test_partner_ranks_ignore_the_scale_of_cosines_and_count_ties_for_the_partner():
    W = np.random.default_rng(0).normal(size=(30, 4))
    W[7] = 3 * W[3]  # word 7 points exactly along word 3: its nearest, whatever the lengths
    assert w.partner_ranks(W, [3], [7])[0] == 1
    W[8] = W[7]  # an exact tie: both 7 and 8 count as nearest
    assert w.partner_ranks(W, [3, 3], [7, 8]).tolist() == [1, 1]
    # rotating every row alike and rescaling each changes no cosine's order: ranks stay
    rng = np.random.default_rng(1)
    rotation, _ = np.linalg.qr(rng.normal(size=(4, 4)))
    moved = (W @ rotation) * rng.uniform(0.1, 10, size=(30, 1))
    np.testing.assert_array_equal(
        w.partner_ranks(moved, np.arange(10), np.arange(10, 20)),
        w.partner_ranks(W, np.arange(10), np.arange(10, 20)),
    )


@pytest.mark.parametrize(
    "a, b, message",
    [
        ([0, 1], [2], "one to one"),
        ([], [], "not be empty"),
        ([3], [3], "two different"),
        ([0], [99], r"^b holds index 99"),
    ],
)
def test_partner_ranks_name_careless_input(a, b, message):
    with pytest.raises(w.InputError, match=message):
        w.partner_ranks(np.random.default_rng(0).normal(size=(20, 3)), a, b)


def test_partner_ranks_refuse_a_diverged_run():
    W = np.ones((5, 2))
    W[2, 0] = np.nan
    with pytest.raises(w.InputError, match="NaN"):
        w.partner_ranks(W, [0], [1])


def test_partner_ranks_hold_across_blocks_of_pairs():
    W = np.random.default_rng(4).normal(size=(60, 4))
    a = np.arange(1100) % 60
    b = (a + 1 + np.arange(1100) // 60) % 60  # never a itself
    np.testing.assert_array_equal(w.partner_ranks(W, a, b), ranks_by_sorting(W, a, b))


@pytest.mark.parametrize("zero_row, a, b", [(3, [3], [7]), (7, [3], [7])])
def test_partner_ranks_refuse_a_zero_row(zero_row, a, b):
    W = np.random.default_rng(0).normal(size=(20, 3))
    W[zero_row] = 0.0
    with pytest.raises(w.InputError, match=f"row {zero_row} .* all zeros"):
        w.partner_ranks(W, a, b)
