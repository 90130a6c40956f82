"""Lesson 04's crux views: the company sweep and the gauge path record what training and the
gauge really do, the bound holds where it is drawn, and the animations and sliders draw them."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import w2vlib
from w2vlib import animations, widgets

MAX_HTML_BYTES = 2 * 2**20


@pytest.fixture(scope="module")
def sweep():
    return w2vlib.company_sweep(moved=[0, 3, 6, 10], epochs=20)


@pytest.fixture(scope="module")
def pets():
    sentences = w2vlib.toy_corpus("pets_vehicles")
    vocab = w2vlib.Vocab(sentences)
    X = w2vlib.cooccurrence(sentences, vocab, window=2)
    run = w2vlib.train(
        sentences,
        objective="softmax",
        dim=5,
        window=2,
        epochs=10,
        lr=0.025,
        batch_size=16,
        seed=0,
        snapshot_every=200,
        progress=False,
    )
    return run, X


@pytest.fixture(scope="module")
def path(pets):
    run, X = pets
    return w2vlib.gauge_path(run, X, ["cat", "dog", "car", "bus"], frames=3)


def test_moved_corpus_changes_only_the_twins_verbs():
    from w2vlib.animations.sweep import moved_corpus

    base = w2vlib.toy_corpus("pets_vehicles", repeats=5)
    moved = moved_corpus(base, "dog", ["drive", "park"], 4)
    changed = [(a, b) for a, b in zip(base, moved, strict=True) if a != b]
    assert len(changed) == 4
    assert all(b[-1] == "dog" and b[0] in ("drive", "park") and a[1:] == b[1:] for a, b in changed)


def test_sweep_starts_from_identical_company_and_drifts_apart(sweep):
    assert list(sweep.moved) == [0, 3, 6, 10] and sweep.total == 10
    # at m = 0 cat and dog have the same company: their columns of S nearly coincide
    assert sweep.column_distance[0] < 0.1 * sweep.column_distance[-1]
    assert sweep.row_cosine[0] > 0.99 > sweep.row_cosine[-1]
    assert sweep.row_cosine[-1] < 0.5  # dog now keeps car's company


def test_sweep_records_the_two_sided_bound_and_it_holds(sweep):
    # recompute one point independently: train it again and check the numbers it stored
    from w2vlib.animations.sweep import moved_corpus

    base = w2vlib.toy_corpus("pets_vehicles", repeats=5)
    run = w2vlib.train(
        moved_corpus(base, "dog", ["drive", "park"], 6),
        objective="softmax",
        dim=5,
        window=2,
        epochs=20,
        lr=0.025,
        batch_size=16,
        seed=0,
        progress=False,
    )
    a, b = run.vocab["cat"], run.vocab["dog"]
    S = run.W_in @ run.W_out.T
    U, sigma, Qt = np.linalg.svd(S)
    N = run.W_in.shape[1]
    B_out = Qt[:N].T * np.sqrt(sigma[:N])  # the balanced factor, built independently
    dS = np.linalg.norm(S[:, a] - S[:, b])
    dB2 = np.sum((B_out[a] - B_out[b]) ** 2)
    np.testing.assert_allclose(sweep.column_distance[2], dS, rtol=1e-9)
    # each bar sits above its own label: this run's vocab order differs from the first run's
    order = [run.vocab[c] for c in sweep.centres]
    assert order != list(range(len(order)))
    np.testing.assert_allclose(sweep.columns[2], np.stack([S[order, a], S[order, b]]), rtol=1e-9)
    np.testing.assert_allclose(sweep.balanced_distance2[2], dB2, rtol=1e-8)
    np.testing.assert_allclose(sweep.lower[2], dS**2 / sigma[0], rtol=1e-9)
    np.testing.assert_allclose(sweep.upper[2], np.sqrt(2) * dS, rtol=1e-12)
    assert np.all(sweep.lower <= sweep.balanced_distance2 + 1e-12)
    assert np.all(sweep.balanced_distance2 <= sweep.upper + 1e-12)
    assert np.all(sweep.cosine_low <= sweep.balanced_cosine + 1e-9)
    assert np.all(sweep.balanced_cosine <= sweep.cosine_high + 1e-9)


def test_sweep_rejects_words_and_counts_outside_the_corpus():
    with pytest.raises(ValueError, match="not a word of pets_vehicles"):
        w2vlib.company_sweep(twin="dgo")
    with pytest.raises(ValueError, match="between 0 and 10"):
        w2vlib.company_sweep(moved=[0, 11])


def test_the_gauge_keeps_loss_and_scores_and_moves_the_cosines(path, pets):
    run, X = pets
    assert path.t[0] == 0 and np.isclose(np.abs(path.t).max(), 1.0)
    np.testing.assert_allclose(path.gauge_loss, path.gauge_loss[0], rtol=1e-13, atol=0)
    assert path.gauge_score_change.max() < 1e-12
    swing = np.abs(path.gauge_cosines - path.gauge_cosines[0]).max()
    assert swing > 0.2, f"the cosines inside W′ barely moved ({swing:.3f})"
    assert path.gauge_imbalance.max() > 3 * path.gauge_imbalance[0]
    # A(t)⁻ᵀ = A(−t), and A(0) = I
    A = animations.gauge_matrix(0.7, 5)
    np.testing.assert_allclose(np.linalg.inv(A).T, animations.gauge_matrix(-0.7, 5), atol=1e-12)
    np.testing.assert_allclose(animations.gauge_matrix(0.0, 5), np.eye(5), atol=1e-12)
    # the loss recorded is the library's softmax loss of the pairs
    centers, contexts = w2vlib.skipgram_pairs(w2vlib.toy_corpus("pets_vehicles"), run.vocab, 2)
    loss = w2vlib.softmax_loss_and_grads(run.W_in, run.W_out, centers, contexts)[0]
    np.testing.assert_allclose(path.gauge_loss[0], loss, rtol=1e-10)


def test_the_training_replay_ends_at_the_gauge_paths_start(path, pets):
    run, _ = pets
    np.testing.assert_allclose(path.train_loss[-1], path.gauge_loss[0], rtol=1e-12)
    np.testing.assert_allclose(path.train_cosines[-1], path.gauge_cosines[0], atol=1e-12)
    assert path.train_imbalance[-1] < 0.5 < path.gauge_imbalance.max()


def test_gauge_path_needs_a_softmax_run_with_snapshots(pets):
    run, X = pets
    sentences = w2vlib.toy_corpus("pets_vehicles")
    bare = w2vlib.train(sentences, objective="softmax", dim=3, epochs=1, seed=0, progress=False)
    with pytest.raises(ValueError, match="snapshot_every"):
        w2vlib.gauge_path(bare, X, ["cat", "dog"])
    with pytest.raises(ValueError, match="not in it"):
        w2vlib.gauge_path(run, X, ["cat", "dgo"])


def test_both_animations_play_without_a_kernel(sweep, path):
    for name, animation in {
        "sweep": animations.company_sweep_animation(sweep),
        "gauge": animations.gauge_animation(path),
    }.items():
        frames = animations.frames(animation)
        assert not np.array_equal(frames[0], frames[-1]), f"{name}: nothing moves"
        html = animations.show(animation).data
        assert '<div class="animation">' in html and "data:image/png;base64," in html, name
        assert "http://" not in html and "https://" not in html, f"{name}: fetches the network"
        assert len(html.encode()) < MAX_HTML_BYTES, f"{name}: over 2 MB"


def test_the_sliders_redraw_and_report(sweep, path):
    slider = widgets.company_sweep_slider(sweep)
    first = slider.image.value
    slider.slider.value = 3
    assert slider.image.value != first and "‖ΔS‖" in slider.status.value
    gauge = widgets.gauge_slider(path)
    loss0, change0, imbalance0 = gauge.show(0.0)
    loss1, change1, imbalance1 = gauge.show(1.2)
    np.testing.assert_allclose(loss1, loss0, rtol=1e-13)
    assert change0 < 1e-12 and change1 < 1e-12 and imbalance1 > imbalance0
    gauge.slider.value = -0.5
    assert "loss per pair" in gauge.readout.value and not gauge.status.value
