"""plots.common: the checks, the 2-D view and the PCA every plot and widget shares."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

from w2vlib import Stepper, toy_corpus, toy_groups, train
from w2vlib.plots import common

SENTENCES = toy_corpus("pets_vehicles", repeats=5)


@pytest.fixture(scope="module")
def run():
    return train(SENTENCES, objective="softmax", dim=3, epochs=4, lr=0.1, seed=0, snapshot_every=5)


def _pca_by_hand(points: np.ndarray, n: int = 2) -> tuple[np.ndarray, np.ndarray]:
    """PCA from scratch: the top right-singular vectors of the centred rows, signs fixed."""
    mean = points.mean(axis=0)
    _, _, Vt = np.linalg.svd(points - mean, full_matrices=False)
    components = Vt[:n]
    signs = np.sign(components[np.arange(n), np.abs(components).argmax(axis=1)])
    return mean, components * signs[:, None]


def test_scikit_learn_pca_equals_the_pca_by_hand(run):
    stack = common.snapshot_stack(run, ["cat", "dog", "car", "bus"], "out")
    mean, components = common.project_pca(stack)
    mean_ref, components_ref = _pca_by_hand(stack.reshape(-1, 3))
    np.testing.assert_allclose(mean, mean_ref, atol=1e-14)
    np.testing.assert_allclose(components, components_ref, atol=1e-10)
    np.testing.assert_array_equal(common.project_pca(stack)[1], components)  # deterministic


def test_plane_is_exact_in_two_dimensions_and_pca_otherwise(run):
    points = np.random.default_rng(0).normal(size=(20, 2))
    view = common.plane(points)
    assert view.exact
    np.testing.assert_array_equal(view(points), points)
    view3 = common.plane(run.W_out)
    assert not view3.exact and view3.components.shape == (2, 3)
    # all rows equal (W_out = 0 at the start): no NaN, a plain choice of axes
    flat = common.plane(np.zeros((5, 3)))
    assert np.isfinite(flat.components).all()


def test_weights_pick_the_space_from_runs_snapshots_and_steppers(run):
    stepper = Stepper(SENTENCES, dim=3, seed=0)
    for holder in (run, run.snapshots[-1], stepper):
        assert common.weights(holder, "out") is holder.W_out
        assert common.weights(holder, "in") is holder.W_in
    with pytest.raises(ValueError, match="unknown space 'W_out': choose one of 'out', 'in'"):
        common.weights(run, "W_out")


@pytest.mark.parametrize(
    ("words", "error", "message"),
    [
        ("cat", TypeError, r"single string 'cat': pass \['cat'\]"),
        (b"cat", TypeError, r"single string b'cat': pass \['cat'\]"),
        ([b"cat"], TypeError, "must be a word .*bytes"),
        ([], ValueError, "words is empty"),
        (["cta"], KeyError, "Did you mean 'cat'"),
        ([3], TypeError, r"got the number 3: pass the word itself, e\.g\. '\w+'"),
        ([None], TypeError, "must be a word .*NoneType"),
        (5, TypeError, "words must be a list of words, got int 5"),
        (toy_groups(), TypeError, "got a dict .*groups.values"),
    ],
)
def test_checked_words_refuse_what_is_not_a_list_of_known_words(run, words, error, message):
    with pytest.raises(error, match=message):
        common.checked_words(run, words)


@pytest.mark.parametrize(
    ("pairs", "error", "message"),
    [
        (("cat", "dog"), TypeError, r"pass \[\('cat', 'dog'\)\], one pair inside a list"),
        ("cat", TypeError, "got the string 'cat'"),
        ([], ValueError, "pairs is empty"),
        ([("cat", "dog", "car")], ValueError, r"two words, got \('cat', 'dog', 'car'\)"),
        ([("cat", 3)], TypeError, "pass the word itself"),
    ],
)
def test_checked_pairs_refuse_a_pair_without_its_list_and_more(run, pairs, error, message):
    with pytest.raises(error, match=message):
        common.checked_pairs(run, pairs)


def test_run_checks_name_the_fix(run):
    with pytest.raises(TypeError, match="got Stepper .*plot_step"):
        common.require_snapshots(Stepper(SENTENCES, dim=2))
    with pytest.raises(ValueError, match="kept 0 snapshots.*snapshot_every="):
        common.require_snapshots(train(SENTENCES, dim=2, epochs=1))
    with pytest.raises(ValueError, match="dim=1, and a 2-D picture needs dim ≥ 2"):
        common.require_2d(1)


def test_ax_must_be_an_axes(run):
    from w2vlib import plots

    with pytest.raises(TypeError, match="ax must be one matplotlib Axes.*got str"):
        plots.plot_trajectories(run, ["cat", "dog"], ax="left")
    with pytest.raises(TypeError, match="ax must be one matplotlib Axes"):
        plots.plot_cosine_heatmaps(run, ["cat", "dog"], steps=[0], ax=[None])
