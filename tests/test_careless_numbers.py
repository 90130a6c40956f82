"""Careless and hostile numeric inputs, as a learner would type them, get a clear w2vlib error.

Each test is one cause; the parameters are the inputs that showed it. Every refusal is a
``w2vlib.InputError`` whose message names the problem and the fix; where an input is valid,
the test checks that it works.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest
import scipy.sparse as sp

import w2vlib as w

RNG = np.random.default_rng(0)
W3 = RNG.normal(size=(3, 2))
X3 = np.array([[0.0, 2, 1], [2, 0, 1], [1, 1, 0]])
R3 = X3 - X3.sum(1, keepdims=True) / 3


def refused(call, match):
    with pytest.raises(w.InputError, match=match):
        call()


TEXT_INTO_NUMBERS = {
    "sigmoid": lambda: w.sigmoid("abc"),
    "softmax": lambda: w.softmax("abc"),
    "log_softmax": lambda: w.log_softmax("abc"),
    "positive_part": lambda: w.positive_part("abc"),
    "cosine": lambda: w.cosine("abc", "def"),
    "cosine_matrix": lambda: w.cosine_matrix("abc"),
    "noise_distribution": lambda: w.noise_distribution("abc"),
    "growth_rates": lambda: w.growth_rates("abc"),
    "count_weighted_fit": lambda: w.count_weighted_fit("abc", W3 @ W3.T, X3),
    "imbalance": lambda: w.imbalance("abc", W3),
    "numerical_gradient": lambda: w.numerical_gradient(lambda z: z.sum(), "abc"),
    "remove_row_means": lambda: w.remove_row_means("abc"),
}


@pytest.mark.parametrize("call", TEXT_INTO_NUMBERS.values(), ids=TEXT_INTO_NUMBERS)
def test_text_where_numbers_belong_is_refused_naming_what_to_pass(call):
    refused(call, r"numbers.*got the text 'abc'.*pass e\.g\.")


NOT_AN_ARRAY = {
    "None": (None, "got None: pass e.g."),
    "sparse": (
        sp.csr_matrix(np.ones((3, 2))),
        r"got a scipy\.sparse matrix: pass \w+\.toarray\(\)",
    ),
    "ragged": ([[1.0, 2.0], [3.0]], "ragged.*same length"),
    "complex": (np.ones((3, 2)) * 1j, r"real numbers.*pass numbers, e\.g\."),
}


@pytest.mark.parametrize("value, message", NOT_AN_ARRAY.values(), ids=NOT_AN_ARRAY)
@pytest.mark.parametrize("function", [w.cosine_matrix, w.center])
def test_none_sparse_ragged_or_complex_vectors_are_named_not_reported_as_shape_empty(
    function, value, message
):
    refused(lambda: function(value), message)


def test_softmax_of_no_scores_is_refused_not_reduced():
    refused(lambda: w.softmax(np.array([])), r"no scores.*at least one")
    refused(lambda: w.softmax(np.ones((2, 0))), r"no scores.*at least one")
    assert w.softmax(np.ones((0, 3))).shape == (0, 3)  # no rows: nothing to normalise
    assert w.sigmoid([]).shape == (0,)  # elementwise: the map of nothing is nothing


def test_a_list_of_scores_is_valid_input_to_softmax_sigmoid_and_positive_part():
    np.testing.assert_allclose(w.softmax([1, 2, 3]), np.exp([1, 2, 3]) / np.exp([1, 2, 3]).sum())
    np.testing.assert_allclose(w.sigmoid([0.0, 2.0]), 1 / (1 + np.exp([0.0, -2.0])))
    np.testing.assert_array_equal(w.positive_part([-1.0, 2.0]), [0.0, 2.0])


NON_FINITE = {
    "cosine": lambda bad: w.cosine(bad[0], bad[1]),
    "cosine_matrix": lambda bad: w.cosine_matrix(bad),
    "softmax": lambda bad: w.softmax(bad),
    "softmax_loss_and_grads": lambda bad: w.softmax_loss_and_grads(bad, W3, [0, 1], [1, 2]),
    "negative_sampling": lambda bad: w.negative_sampling_loss_and_grads(
        bad, W3, [0, 1], [1, 2], [[0], [2]]
    ),
    "nearest_rows": lambda bad: w.nearest_rows(bad, [0], k=1),
    "center": lambda bad: w.center(bad),
}


@pytest.mark.parametrize("value", [np.nan, np.inf])
@pytest.mark.parametrize("call", NON_FINITE.values(), ids=NON_FINITE)
def test_nan_or_inf_weights_are_refused_naming_divergence_and_a_smaller_lr(call, value):
    bad = W3.copy()
    bad[0, 1] = value
    refused(lambda: call(bad), r"not finite.*smaller lr")


def test_sigmoid_refuses_nan_but_takes_infinite_scores():
    refused(lambda: w.sigmoid(np.array([np.nan, 0.0])), r"NaN.*smaller lr")
    np.testing.assert_array_equal(w.sigmoid(np.array([-np.inf, np.inf])), [0.0, 1.0])


def test_softmax_keeps_minus_infinity_as_a_masked_score():
    np.testing.assert_allclose(w.softmax([-np.inf, 0.0, 0.0]), [0.0, 0.5, 0.5])


@pytest.mark.parametrize("value", [np.nan, np.inf])
def test_positive_part_refuses_nan_and_plus_inf_instead_of_zeroing_them(value):
    refused(lambda: w.positive_part(np.array([value, 1.0])), "not finite")


def test_positive_part_maps_minus_inf_of_an_unseen_pair_to_zero():
    np.testing.assert_array_equal(w.positive_part(np.array([-np.inf, -1.0, 2.0])), [0, 0, 2])


@pytest.mark.parametrize("seed", range(20))
def test_the_cosine_of_a_vector_with_itself_never_exceeds_one(seed):
    v = np.random.default_rng(seed).normal(size=7) * 10.0 ** np.random.default_rng(seed).integers(
        -3, 4
    )
    assert -1.0 <= w.cosine(v, v) <= 1.0
    assert np.isfinite(np.arccos(w.cosine(v, v)))
    C = w.cosine_matrix(np.vstack([v, 2 * v, -v]))
    assert np.abs(C).max() <= 1.0


@pytest.mark.parametrize("scale", [1e200, 1e-200, 1e-310])
def test_the_cosine_of_huge_or_tiny_vectors_is_their_directions_not_nan_or_zero(scale):
    a, b = np.array([1.0, 0.0]), np.array([1.0, 1.0])  # 45° apart
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no overflow or underflow on the way
        assert w.cosine(scale * a, scale * b) == pytest.approx(np.sqrt(0.5))
        C = w.cosine_matrix(scale * np.vstack([a, b]))
    np.testing.assert_allclose(C, [[1.0, np.sqrt(0.5)], [np.sqrt(0.5), 1.0]])


@pytest.mark.parametrize("t", ["1", np.nan, np.inf, -1.0, None, True])
@pytest.mark.parametrize("function", ["first_order_W_out", "coupled_linear_dynamics"])
def test_a_time_must_be_a_finite_number_at_least_zero(function, t):
    refused(
        lambda: getattr(w, function)(R3, W3, np.zeros_like(W3), t=t),
        r"t must be a finite number ≥ 0.*e\.g\. t=1\.0",
    )


@pytest.mark.parametrize("function", ["growth_rates", "coupled_linear_dynamics"])
def test_a_sparse_residual_is_refused_naming_toarray(function):
    R = sp.csr_matrix(R3)
    args = (R,) if function == "growth_rates" else (R, W3, np.zeros_like(W3), 1.0)
    refused(lambda: getattr(w, function)(*args), r"toarray\(\)")


@pytest.mark.parametrize(
    "X, message",
    [
        (-X3, r"finite and ≥ 0.*w2vlib\.cooccurrence"),
        (np.ones((3, 2)), r"square.*w2vlib\.cooccurrence"),
        (np.zeros((3, 3)), "every count is zero.*longer corpus"),
        ("abc", "numeric|numbers"),
    ],
    ids=["negative", "not square", "all zero", "text"],
)
def test_count_matrices_are_checked_once_for_every_function_that_takes_them(X, message):
    for call in (
        lambda: w.softmax_residual(X),
        lambda: w.ppmi(X),
        lambda: w.pmi(X),
        lambda: w.log_conditional(X),
    ):
        refused(call, message)


@pytest.mark.parametrize("seed", ["a", -1, 1.5, None])
def test_a_seed_must_be_a_whole_number_at_least_zero(seed):
    refused(lambda: w.truncated_svd(np.eye(5), 2, seed=seed), r"seed must be.*e\.g\. seed=0")


@pytest.mark.parametrize("edges", [5, "5", None])
def test_frequency_band_edges_must_be_a_list_of_counts(edges):
    refused(lambda: w.frequency_bands([5, 3, 1], edges), r"edges must be a list.*e\.g\. \[")


def test_the_imbalance_of_zero_factors_is_zero_without_a_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert w.imbalance(np.zeros((3, 2)), np.zeros((3, 2))) == 0.0


def test_the_imbalance_against_an_all_zero_w_in_is_refused_naming_why():
    refused(
        lambda: w.imbalance(np.zeros((3, 2)), W3),
        r"W_in is all zero.*relative to.*pass trained factors",
    )


def test_text_or_none_where_counts_belong_is_named_not_reported_as_shape_empty():
    run = w.train(w.toy_corpus(), objective="softmax", dim=2, epochs=1, progress=False)
    for X in ("abc", None):
        refused(lambda X=X: w.optimum_targets(run, X), r"numeric V×V array of counts.*cooccurrence")
