"""theory (log p̂, PMI, SVD, line fits, the early-training formula) and evaluation (cosines,
neighbours, groups, word-similarity sets), each against a direct or independent computation."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import linalg, stats

import w2vlib as w
from w2vlib import evaluation, exercises, theory


@pytest.fixture
def X() -> np.ndarray:
    """Symmetric counts with zeros, and word 4 never seen at all."""
    rng = np.random.default_rng(0)
    X = rng.integers(0, 5, (5, 5)) * (rng.random((5, 5)) < 0.7)
    X = X + X.T
    X[4, :] = X[:, 4] = 0
    X[0, 1] = X[1, 0] = 3  # at least one seen pair
    return X.astype(float)


# ---------------------------------------------------------------------------
# theory: the matrices training converges to
# ---------------------------------------------------------------------------


def test_log_conditional_is_log_count_over_row_sum(X):
    got = w.log_conditional(X)
    for c in range(5):
        for o in range(5):
            if X[c, o] > 0:
                assert got[c, o] == pytest.approx(math.log(X[c, o] / X[c].sum()), rel=1e-14)
            else:
                assert got[c, o] == -math.inf  # also for the unseen word 4: never NaN
    seen = X.sum(1) > 0
    np.testing.assert_allclose(np.exp(got[seen]).sum(axis=1), 1.0, rtol=1e-14)


@pytest.mark.parametrize("alpha", [1.0, 0.75])
def test_pmi_and_shifted_pmi_equal_their_formulas(X, alpha):
    D = X.sum()
    n_c, n_o = X.sum(1), X.sum(0)
    got = w.pmi(X, alpha)
    for c in range(5):
        for o in range(5):
            if X[c, o] == 0:
                assert got[c, o] == -math.inf
                continue
            P_alpha = n_o[o] ** alpha / (n_o**alpha).sum()
            assert got[c, o] == pytest.approx(math.log(X[c, o] / (n_c[c] * P_alpha)), rel=1e-13)
            if alpha == 1.0:  # the textbook form
                expected = math.log(X[c, o] * D / (n_c[c] * n_o[o]))
                assert got[c, o] == pytest.approx(expected, rel=1e-13)
    np.testing.assert_allclose(w.shifted_pmi(X, 5, alpha), got - math.log(5), rtol=1e-14)
    ppmi = w.positive_part(got)
    assert np.isfinite(ppmi).all() and (ppmi >= 0).all()
    finite = np.isfinite(got)
    np.testing.assert_array_equal(ppmi[finite], np.maximum(got[finite], 0))
    assert not ppmi[~finite].any()


def test_theory_errors(X):
    with pytest.raises(ValueError, match="square V×V"):
        w.pmi(np.ones((2, 3)))
    with pytest.raises(ValueError, match="every count is zero"):
        w.log_conditional(np.zeros((3, 3)))
    with pytest.raises(ValueError, match="k must be a whole number ≥ 1"):
        w.shifted_pmi(X, 0)
    with pytest.raises(ValueError, match="−inf or NaN.*positive_part"):
        w.svd_factors(w.pmi(X), 2)
    with pytest.raises(ValueError, match=r"dim=6 .*shape \(5, 5\)"):
        w.svd_factors(np.eye(5), 6)
    with pytest.raises(ValueError, match="fewer than two finite points"):
        w.fit_line([1.0, np.inf], [2.0, 3.0])


def test_svd_factors_give_the_best_rank_k_product_split_evenly():
    M = np.random.default_rng(1).normal(size=(8, 6))
    sigma = linalg.svdvals(M)  # LAPACK's values, not through svd_factors
    for k in (1, 3, 6):
        A, B = w.svd_factors(M, k)
        assert A.shape == (8, k) and B.shape == (6, k)
        # Eckart–Young: the residual is exactly the dropped singular values
        residual = np.linalg.norm(M - A @ B.T) ** 2
        assert residual == pytest.approx((sigma[k:] ** 2).sum(), abs=1e-12)
        # split symmetrically: AᵀA = BᵀB = diag(σ_1..σ_k)
        np.testing.assert_allclose(A.T @ A, np.diag(sigma[:k]), atol=1e-12)
        np.testing.assert_allclose(B.T @ B, np.diag(sigma[:k]), atol=1e-12)
    np.testing.assert_allclose(A @ B.T, M, atol=1e-12)


def test_fit_line_and_centered_rows():
    rng = np.random.default_rng(2)
    x = rng.normal(size=50)
    y = 2.5 * x - 1 + rng.normal(scale=0.1, size=50)
    reference = stats.linregress(x, y)
    x_inf, y_inf = np.r_[x, -np.inf, 1.0], np.r_[y, 0.0, np.nan]  # non-finite points are ignored
    slope, intercept, r = w.fit_line(x_inf, y_inf)
    assert slope == pytest.approx(reference.slope, rel=1e-12)
    assert intercept == pytest.approx(reference.intercept, rel=1e-12)
    assert r == pytest.approx(reference.rvalue, rel=1e-12)

    M = np.array([[1.0, 2.0, -np.inf], [4.0, 0.0, 2.0]])
    centred = theory.centered_rows(M)
    np.testing.assert_allclose(centred[0, :2], [-0.5, 0.5])
    np.testing.assert_allclose(centred[1], [2.0, -2.0, 0.0])
    assert centred[0, 2] == -np.inf


def test_early_w_out_equals_the_first_full_softmax_step():
    """From W_out = 0 the softmax is exactly uniform, so one full-batch step is the formula."""
    corpus = w.toy_corpus(repeats=1)
    lr = 0.01
    run = w.train(
        corpus,
        objective="softmax",
        dim=4,
        epochs=1,
        batch_size=10_000,
        lr=lr,
        lr_schedule="constant",
        snapshot_every=1,
        progress=False,
    )
    X = w.cooccurrence(corpus, run.vocab, window=2)
    predicted = theory.early_W_out(X, run.snapshots[0].W_in, lr, steps=1)
    assert np.abs(predicted).max() > 1e-4
    np.testing.assert_allclose(run.W_out, predicted, rtol=1e-12, atol=1e-17)


# ---------------------------------------------------------------------------
# evaluation: cosines, centring, neighbours, groups
# ---------------------------------------------------------------------------


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


# ---------------------------------------------------------------------------
# Word-similarity sets from gensim's wheel
# ---------------------------------------------------------------------------


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
    rho_none, oov_none = w.evaluate_similarity(vectors, vocab, word_map=str.upper)
    assert math.isnan(rho_none) and oov_none == 1.0
    with pytest.raises(ValueError, match="vectors has 3 rows"):
        w.evaluate_similarity(vectors[:3], vocab)


# ---------------------------------------------------------------------------
# exercises: the checks that grade a learner's answer (they print and return, never raise)
# ---------------------------------------------------------------------------


def test_check_close_and_check_choice(capsys):
    assert exercises.check_close([1.0, 2.0], np.array([1.0, 2.0 + 1e-9]), "y") is True
    assert capsys.readouterr().out == "✓ y is right.\n"
    assert exercises.check_close([1.0, 2.1], [1.0, 2.0], "y", hint="Subtract t.") is False
    assert capsys.readouterr().out == "✗ y is not right yet. Subtract t.\n"
    assert exercises.check_close([1.0], [1.0, 2.0], "y") is False
    assert "has shape (1,), expected (2,)" in capsys.readouterr().out
    assert exercises.check_close("one", 1.0) is False
    assert "is not a number" in capsys.readouterr().out
    assert exercises.check_choice(" Rows ", "rows") is True
    assert exercises.check_choice(3, "rows") is False
    assert exercises.check_choice(2, 2) is True


def test_check_function_grades_without_raising(capsys):
    def make_inputs(rng):
        return (rng.normal(size=4),)

    assert exercises.check_function(w.softmax, w.softmax, make_inputs, "softmax") is True
    assert "matches the reference on 20 random problems" in capsys.readouterr().out

    def scribbler(u):  # the right answer, but it overwrites its argument on the way
        u *= 2
        return w.softmax(u / 2)

    # graded on the inputs as given: the reference runs before the candidate can change them
    assert exercises.check_function(scribbler, w.softmax, make_inputs) is True
    assert capsys.readouterr().out.startswith("✓")
    wrong_answers = [
        lambda u: np.exp(u),  # unnormalised
        lambda u: "softmax",  # not numbers
        lambda u: None,
        lambda u: (w.softmax(u), 1.0),  # a tuple where one array is expected
        lambda u: 1 / 0,  # raises
    ]
    for candidate in wrong_answers:
        assert exercises.check_function(candidate, w.softmax, make_inputs) is False
        assert capsys.readouterr().out.startswith("✗")


# ---------------------------------------------------------------------------
# bad input that used to give a silent NaN, a silent wrong answer, or a grader that cannot fail
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.nan, np.inf, -1.0])
def test_theory_refuses_counts_that_are_not_counts(X, bad):
    Y = X.copy()
    Y[0, 1] = bad  # was: NaN or +inf leaked into log p̂ and PMI without a word
    for f in (w.log_conditional, w.pmi, lambda M: w.shifted_pmi(M, 5)):
        with pytest.raises(ValueError, match="finite and ≥ 0.*cooccurrence"):
            f(Y)


@pytest.mark.parametrize("alpha", [np.nan, 0.0, -0.75, "0.75"])
def test_pmi_refuses_an_alpha_that_is_not_positive(X, alpha):
    # NaN gave an all-NaN matrix; 0 gave unseen contexts the mass 0**0 = 1
    with pytest.raises(ValueError, match="alpha must be a finite number > 0.*0.75"):
        w.pmi(X, alpha)


def test_fit_line_refuses_a_constant_x_and_unpaired_points():
    with pytest.raises(ValueError, match="every finite x equals 1.0"):
        w.fit_line([1.0, 1.0, 1.0, np.nan], [1.0, 2.0, 3.0, 4.0])  # was: a RankWarning and r = NaN
    with pytest.raises(ValueError, match="got 3 and 2 values"):
        w.fit_line([1.0, 2.0, 3.0], [1.0, 2.0])


def test_early_w_out_checks_the_input_vectors(X):
    with pytest.raises(ValueError, match="W_in0 has 4 rows but 5"):
        theory.early_W_out(X, np.ones((4, 2)), 0.1, 1)


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


def test_check_function_with_no_trials_is_refused_and_none_is_no_answer(capsys):
    def make_inputs(rng):
        return (rng.normal(size=3),)

    with pytest.raises(ValueError, match="trials must be a whole number ≥ 1"):
        exercises.check_function(lambda u: 0.0, w.softmax, make_inputs, trials=0)  # passed anything
    assert exercises.check_choice(None, "rows", "the answer") is False
    assert capsys.readouterr().out.startswith("✗ no answer yet: replace None with the answer")


def test_cosine_takes_lists_and_refuses_mismatched_vectors():
    assert w.cosine([1, 0], [1, 1]) == pytest.approx(1 / math.sqrt(2), rel=1e-15)  # was TypeError
    with pytest.raises(ValueError, match=r"same length, got shapes \(3,\) and \(2,\)"):
        w.cosine(np.ones(3), np.ones(2))
    with pytest.raises(ValueError, match="cosine_matrix"):
        w.cosine(np.ones((2, 2)), np.ones((2, 2)))


def test_graders_survive_array_answers_and_aliasing(capsys):
    # an array answer to a choice used to raise "truth value ... is ambiguous"
    assert exercises.check_choice(np.array([1, 2]), 2) is False
    assert capsys.readouterr().out.startswith("✗")

    def make_inputs(rng):
        return (rng.normal(size=4),)

    def reverse(u):
        return u[::-1]  # a view of its input

    def zero_then_reverse(u):  # wrong, and it zeroes the very array the reference's view shows
        u[:] = 0.0
        return u[::-1]

    # was True: the candidate's edit also changed the reference's answer
    assert exercises.check_function(zero_then_reverse, reverse, make_inputs) is False
    assert capsys.readouterr().out.startswith("✗")
    with pytest.raises(TypeError, match=r"tuple of arguments.*return \(u,\)"):
        exercises.check_function(reverse, reverse, lambda rng: rng.normal(size=4))
