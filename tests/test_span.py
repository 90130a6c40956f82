"""company_in_span: what a space keeps of two words' company, against a dense projection.

Checked against the projection P = Q·Qᵀ built here from numpy (PPMI by hand, centred over words),
on sparse and dense counts; the cosine identity and the shrink bound on random cases, and the bound
as an equality in spaces built to keep equal shares; the limiting spaces (all of R^V keeps
everything; a space that holds only x̂ + ŷ makes the pair identical); invariance to the basis
chosen for the same span; b's columns from other counts (X_b) by hand; and careless input,
including words without company.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import sparse
from test_company import random_counts  # V = 12 words, every one seen

import w2vlib


def centred_unit_ppmi_columns(X: np.ndarray) -> np.ndarray:
    """Columns of max(PMI, 0) minus their mean column, scaled to length 1, from numpy alone."""
    n_c, n_o, total = X.sum(axis=1), X.sum(axis=0), X.sum()
    with np.errstate(divide="ignore"):
        P = np.where(X > 0, np.log(X * total / np.outer(n_c, n_o)), 0.0)
    P = np.maximum(P, 0.0)
    P = P - P.mean(axis=1, keepdims=True)
    return P / np.linalg.norm(P, axis=0)


def cosines(A: np.ndarray, B: np.ndarray) -> np.ndarray:
    return np.sum(A * B, axis=0) / np.linalg.norm(A, axis=0) / np.linalg.norm(B, axis=0)


PAIRS = (np.array([0, 1, 2, 3, 5]), np.array([4, 6, 7, 9, 11]))


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("as_sparse", [False, True])
def test_it_is_the_projection_of_the_centred_ppmi_columns(seed, as_sparse):
    X = random_counts(seed)
    basis = np.random.default_rng(100 + seed).normal(size=(len(X), 3))
    a, b = PAIRS
    C = centred_unit_ppmi_columns(X)
    Q, _ = np.linalg.qr(basis)
    P = Q @ Q.T
    diff = C[:, a] - C[:, b]
    found = w2vlib.company_in_span(sparse.csr_array(X) if as_sparse else X, basis, a, b)
    np.testing.assert_allclose(found.before, cosines(C[:, a], C[:, b]), atol=1e-12)
    np.testing.assert_allclose(found.kept_a, np.sum((P @ C[:, a]) ** 2, axis=0), atol=1e-12)
    np.testing.assert_allclose(found.kept_b, np.sum((P @ C[:, b]) ** 2, axis=0), atol=1e-12)
    np.testing.assert_allclose(
        found.kept_difference,
        np.sum((P @ diff) ** 2, axis=0) / np.sum(diff**2, axis=0),
        atol=1e-12,
    )
    np.testing.assert_allclose(found.after, cosines(P @ C[:, a], P @ C[:, b]), atol=1e-12)


@pytest.mark.parametrize("seed", range(20))
def test_the_cosine_identity_holds_exactly_and_the_shrink_bound_holds(seed):
    rng = np.random.default_rng(seed)
    X = random_counts(seed, V=16)
    basis = rng.normal(size=(16, int(rng.integers(1, 10))))
    a, b = PAIRS
    found = w2vlib.company_in_span(X, basis, a, b)
    np.testing.assert_allclose(found.identity(), found.after, atol=1e-12)
    assert np.all(1 - found.after <= found.shrink_bound * (1 - found.before) + 1e-12)


@pytest.mark.parametrize("seed", range(10))
def test_equal_shares_turn_the_bound_into_an_equality(seed):
    """A space symmetric under swapping x̂ and ŷ keeps equal shares of both; then, exactly,
    1 − cos after = (s_d / s)·(1 − cos before)."""
    rng = np.random.default_rng(seed)
    X = random_counts(seed)
    C = centred_unit_ppmi_columns(X)
    x, y = C[:, 0], C[:, 4]
    e1, e2 = (x + y) / np.linalg.norm(x + y), (x - y) / np.linalg.norm(x - y)
    others = rng.normal(size=(len(X), 3))
    others -= np.outer(e1, e1 @ others) + np.outer(e2, e2 @ others)  # ⟂ x̂ and ŷ
    others, _ = np.linalg.qr(others)
    phi = rng.uniform(0.1, 1.4)
    basis = np.column_stack([e1, np.cos(phi) * e2 + np.sin(phi) * others[:, 0], others[:, 1:]])
    found = w2vlib.company_in_span(X, basis, 0, 4)
    np.testing.assert_allclose(found.kept_a, found.kept_b, rtol=1e-10)
    np.testing.assert_allclose(
        1 - found.after, found.shrink_bound * (1 - found.before), rtol=1e-9, atol=1e-12
    )
    assert found.shrink_bound[0] < 1 and found.after[0] > found.before[0]  # brought closer


def test_other_counts_give_b_its_columns():
    """X_b: b's PPMI column and mean column from other counts, as by hand; a word can meet itself."""
    X, Y = random_counts(6), random_counts(7)
    basis = np.random.default_rng(6).normal(size=(len(X), 3))
    a, b = np.array([0, 1, 2]), np.array([0, 5, 2])  # words 0 and 2 against themselves
    CX, CY = centred_unit_ppmi_columns(X), centred_unit_ppmi_columns(Y)
    Q, _ = np.linalg.qr(basis)
    x, y = CX[:, a], CY[:, b]
    found = w2vlib.company_in_span(X, basis, a, b, X_b=sparse.csr_array(Y))
    np.testing.assert_allclose(found.before, cosines(x, y), atol=1e-12)
    np.testing.assert_allclose(found.after, cosines(Q @ (Q.T @ x), Q @ (Q.T @ y)), atol=1e-12)
    same = w2vlib.company_in_span(X, basis, [0, 1], [4, 5], X_b=X)
    np.testing.assert_allclose(same.after, w2vlib.company_in_span(X, basis, [0, 1], [4, 5]).after)


def test_the_whole_space_keeps_everything():
    X = random_counts(1)
    a, b = PAIRS
    found = w2vlib.company_in_span(X, np.eye(len(X)), a, b)
    np.testing.assert_allclose(found.after, found.before, atol=1e-12)
    np.testing.assert_allclose(found.kept_columns, 1.0, atol=1e-12)
    np.testing.assert_allclose(found.kept_difference, 1.0, atol=1e-12)


def test_a_space_without_the_difference_makes_the_pair_identical():
    X = random_counts(2)
    C = centred_unit_ppmi_columns(X)
    a, b = np.array([0]), np.array([4])
    sum_only = (C[:, a] + C[:, b]).reshape(-1, 1)  # the one direction x̂ + ŷ ⟂ x̂ − ŷ
    found = w2vlib.company_in_span(X, sum_only, a, b)
    assert found.before[0] < 0.9
    np.testing.assert_allclose(found.kept_difference, 0.0, atol=1e-12)
    np.testing.assert_allclose(found.after, 1.0, atol=1e-12)


def test_only_the_span_matters_not_the_basis():
    rng = np.random.default_rng(3)
    X = random_counts(3)
    basis = rng.normal(size=(len(X), 4))
    mixed = basis @ rng.normal(size=(4, 4))  # the same span, another basis
    redundant = np.hstack([basis, basis[:, :2] + basis[:, 2:]])  # rank 4 in 6 columns
    a, b = PAIRS
    first = w2vlib.company_in_span(X, basis, a, b)
    for other in (mixed, redundant):
        again = w2vlib.company_in_span(X, other, a, b)
        np.testing.assert_allclose(again.after, first.after, atol=1e-10)
        np.testing.assert_allclose(again.kept_difference, first.kept_difference, atol=1e-10)


def test_identical_columns_have_no_difference_to_keep():
    X = random_counts(4)
    X[:, 3] = X[:, 0]  # words 0 and 3: the same company
    X[3, :] = X[0, :]
    found = w2vlib.company_in_span(X, np.random.default_rng(0).normal(size=(len(X), 2)), 0, 3)
    np.testing.assert_allclose(found.before, 1.0, atol=1e-12)
    assert np.isnan(found.kept_difference[0])
    np.testing.assert_allclose(found.identity(), found.after, atol=1e-12)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda X, B: (X, np.zeros_like(B), 0, 4), "all zeros"),
        (lambda X, B: (X, B[:-1], 0, 4), "same vocabulary"),
        (lambda X, B: (X, B, 2, 2), "itself"),
        (lambda X, B: (X, B, [0, 1], [4]), "one to one"),
        (lambda X, B: (X, B, 0, 99), "99"),
        (lambda X, B: (X, B[:, 0], 0, 4), "basis"),
    ],
)
def test_careless_input_gets_a_named_error(change, message):
    X = random_counts(5)
    basis = np.random.default_rng(5).normal(size=(len(X), 3))
    with pytest.raises(w2vlib.InputError, match=message):
        w2vlib.company_in_span(*change(X, basis))


def test_other_counts_over_another_vocabulary_are_refused():
    X = random_counts(5)
    basis = np.random.default_rng(5).normal(size=(len(X), 3))
    with pytest.raises(w2vlib.InputError, match="same vocabulary"):
        w2vlib.company_in_span(X, basis, 0, 4, X_b=random_counts(5, V=len(X) + 1))


def test_a_word_without_company_is_refused_not_given_cosine_one():
    """Centred, every empty PPMI column is the same vector: two such words would get cosine 1."""
    X = random_counts(8)
    X[:, [2, 3]] = 0.0  # words 2 and 3 never seen as contexts
    X[2, 3] = X[3, 2] = 0.0
    basis = np.random.default_rng(8).normal(size=(len(X), 3))
    with pytest.raises(w2vlib.InputError, match="no company"):
        w2vlib.company_in_span(X, basis, [2, 0], [3, 1])


def test_an_enormous_basis_is_priced_before_its_svd(monkeypatch):
    from w2vlib.analysis import span

    X = random_counts(9)
    basis = np.random.default_rng(9).normal(size=(len(X), 3))
    monkeypatch.setattr(span, "SECONDS_PER_GIGAFLOP", 1e12)  # as if the basis were enormous
    with pytest.raises(w2vlib.InputError, match="would take about.*fewer columns"):
        w2vlib.company_in_span(X, basis, 0, 4)
