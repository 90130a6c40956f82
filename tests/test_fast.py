"""The fast negative-sampling path makes exactly the teaching objectives' updates, in place."""

from __future__ import annotations

import numpy as np
import pytest

from w2vlib import (
    Stepper,
    cbow_negative_sampling_loss_and_grads,
    negative_sampling_loss_and_grads,
    sgns_step,
    toy_corpus,
    train,
)
from w2vlib.training import config
from w2vlib.training.config import FLOAT32_FROM_PAIRS, working_dtype
from w2vlib.training.engine import fast, kernels
from w2vlib.training.engine.fast import Workspace, cbow_step
from w2vlib.training.engine.sampler import AliasSampler

V, N, B, K = 23, 7, 40, 4


def _problem(seed: int = 0, scale: float = 1.0):
    rng = np.random.default_rng(seed)
    W_in = rng.normal(scale=scale, size=(V, N))
    W_out = rng.normal(scale=scale, size=(V, N))
    centers = rng.integers(0, V, B)
    centers[:5] = 3  # repeated rows must accumulate
    contexts = rng.integers(0, V, B)
    negatives = rng.integers(0, V, (B, K))
    negatives[0, 0] = contexts[0]  # a negative equal to the positive is kept
    windows = rng.integers(-1, V, (B, 6))
    windows[:, 2] = rng.integers(0, V, B)  # every window has at least one word
    windows[1] = [4, 4, 4, -1, -1, -1]  # a word repeated inside one window
    return W_in, W_out, centers, contexts, negatives, windows


@pytest.mark.parametrize("scale", [0.1, 1.0, 3.0])
def test_sgns_step_is_the_teaching_update(scale):
    W_in, W_out, centers, contexts, negatives, _ = _problem(1, scale)
    lr = 0.05
    loss, dW_in, dW_out = negative_sampling_loss_and_grads(
        W_in, W_out, centers, contexts, negatives
    )
    fast_in, fast_out = W_in.copy(), W_out.copy()
    fast_loss = sgns_step(fast_in, fast_out, centers, contexts, negatives, lr)
    np.testing.assert_allclose(fast_loss, loss, rtol=1e-12)
    np.testing.assert_allclose(fast_in, W_in - lr * B * dW_in, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast_out, W_out - lr * B * dW_out, rtol=0, atol=1e-10)
    assert not np.array_equal(fast_in, W_in) and not np.array_equal(fast_out, W_out)


@pytest.mark.parametrize("scale", [0.1, 1.0, 3.0])
def test_cbow_step_is_the_teaching_update(scale):
    W_in, W_out, _, centers, negatives, windows = _problem(2, scale)
    lr = 0.05
    loss, dW_in, dW_out = cbow_negative_sampling_loss_and_grads(
        W_in, W_out, windows, centers, negatives
    )
    fast_in, fast_out = W_in.copy(), W_out.copy()
    fast_loss = cbow_step(fast_in, fast_out, windows, centers, negatives, lr)
    np.testing.assert_allclose(fast_loss, loss, rtol=1e-12)
    np.testing.assert_allclose(fast_in, W_in - lr * B * dW_in, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast_out, W_out - lr * B * dW_out, rtol=0, atol=1e-10)


def test_a_batch_split_into_chunks_is_still_one_update(monkeypatch):
    """B = 40 in chunks of 16, 16 and 8: every chunk must see the weights before the update."""
    monkeypatch.setattr(fast, "CHUNK_BYTES", 1)
    W_in, W_out, centers, contexts, negatives, windows = _problem(9)
    assert Workspace(B, K, N).chunk == 16
    lr = 0.1
    _, dW_in, dW_out = negative_sampling_loss_and_grads(W_in, W_out, centers, contexts, negatives)
    fast_in, fast_out = W_in.copy(), W_out.copy()
    sgns_step(fast_in, fast_out, centers, contexts, negatives, lr)
    np.testing.assert_allclose(fast_in, W_in - lr * B * dW_in, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast_out, W_out - lr * B * dW_out, rtol=0, atol=1e-10)
    _, dW_in, dW_out = cbow_negative_sampling_loss_and_grads(
        W_in, W_out, windows, contexts, negatives
    )
    fast_in, fast_out = W_in.copy(), W_out.copy()
    cbow_step(fast_in, fast_out, windows, contexts, negatives, lr)
    np.testing.assert_allclose(fast_in, W_in - lr * B * dW_in, rtol=0, atol=1e-10)
    np.testing.assert_allclose(fast_out, W_out - lr * B * dW_out, rtol=0, atol=1e-10)


def test_extreme_scores_give_the_teaching_loss_and_finite_steps():
    W_in, W_out, centers, contexts, negatives, _ = _problem(3)
    W_in *= 40.0  # scores of order ±1e3–1e4: σ saturates, the loss must not overflow
    W_out *= 40.0
    loss, dW_in, dW_out = negative_sampling_loss_and_grads(
        W_in, W_out, centers, contexts, negatives
    )
    fast_in, fast_out = W_in.copy(), W_out.copy()
    fast_loss = sgns_step(fast_in, fast_out, centers, contexts, negatives, 1e-3)
    assert np.isfinite(fast_loss) and fast_loss > 100
    np.testing.assert_allclose(fast_loss, loss, rtol=1e-12)
    np.testing.assert_allclose(fast_out, W_out - 1e-3 * B * dW_out, rtol=0, atol=1e-8)
    np.testing.assert_allclose(fast_in, W_in - 1e-3 * B * dW_in, rtol=0, atol=1e-8)


def test_a_non_finite_loss_leaves_the_weights_alone():
    W_in, W_out, centers, contexts, negatives, _ = _problem(4)
    W_in[centers[0], 0] = np.nan
    before_in, before_out = W_in.copy(), W_out.copy()
    loss = sgns_step(W_in, W_out, centers, contexts, negatives, 0.05)
    assert np.isnan(loss)
    np.testing.assert_array_equal(W_out, before_out)
    np.testing.assert_array_equal(W_in, before_in)


def test_a_reused_workspace_keeps_nothing_from_the_previous_batch():
    W_in, W_out, centers, contexts, negatives, windows = _problem(5)
    work = Workspace(B, K, N)
    a_in, a_out = W_in.copy(), W_out.copy()
    work.cbow_step(a_in, a_out, windows, contexts, negatives, 0.05)  # a full batch first
    work.skipgram_step(a_in, a_out, centers[:9], contexts[:9], negatives[:9], 0.05)
    b_in, b_out = W_in.copy(), W_out.copy()
    Workspace(B, K, N).cbow_step(b_in, b_out, windows, contexts, negatives, 0.05)
    Workspace(9, K, N).skipgram_step(b_in, b_out, centers[:9], contexts[:9], negatives[:9], 0.05)
    np.testing.assert_array_equal(a_in, b_in)
    np.testing.assert_array_equal(a_out, b_out)


def test_the_numpy_fallback_scatter_matches_the_sparse_kernel(monkeypatch):
    W_in, W_out, centers, contexts, negatives, windows = _problem(6)
    kernel = [W_in.copy(), W_out.copy()]
    cbow_step(*kernel, windows, contexts, negatives, 0.05)
    sgns_step(*kernel, centers, contexts, negatives, 0.05)
    assert all(fast._sparse_products())  # the kernel ran above
    monkeypatch.setattr(fast, "_SPARSETOOLS", [None, None])
    fallback = [W_in.copy(), W_out.copy()]
    cbow_step(*fallback, windows, contexts, negatives, 0.05)
    sgns_step(*fallback, centers, contexts, negatives, 0.05)
    for a, b in zip(kernel, fallback, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-13)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_train_steps_are_teaching_steps(arch):
    """train()'s fast path, step by step (via the Stepper, which train matches bit for bit)."""
    sentences = toy_corpus("four_topics", repeats=2)
    kw = dict(arch=arch, dim=5, window=2, epochs=1, batch_size=32, negative=3, lr=0.2, seed=7)
    stepper = Stepper(sentences, **kw)
    for _ in range(12):
        batch = stepper.peek()
        objective = (
            negative_sampling_loss_and_grads
            if arch == "skipgram"
            else cbow_negative_sampling_loss_and_grads
        )
        loss, dW_in, dW_out = objective(
            stepper.W_in, stepper.W_out, batch.inputs, batch.targets, batch.negatives
        )
        scale = batch.lr * len(batch.targets)
        expect_in, expect_out = stepper.W_in - scale * dW_in, stepper.W_out - scale * dW_out
        np.testing.assert_allclose(stepper.step(), loss, rtol=1e-12)
        np.testing.assert_allclose(stepper.W_in, expect_in, rtol=0, atol=1e-10)
        np.testing.assert_allclose(stepper.W_out, expect_out, rtol=0, atol=1e-10)
    run = train(sentences, snapshot_every=12, progress=False, **kw)
    np.testing.assert_array_equal(run.snapshots[1].W_out, stepper.W_out)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_train_fast_path_is_deterministic(arch):
    sentences = toy_corpus("pets_vehicles", repeats=3)
    kw = dict(arch=arch, dim=4, epochs=2, batch_size=8, subsample=0.05, shrink_windows=True)
    first = train(sentences, seed=11, progress=False, **kw)
    again = train(sentences, seed=11, progress=False, **kw)
    other = train(sentences, seed=12, progress=False, **kw)
    np.testing.assert_array_equal(first.W_in, again.W_in)
    np.testing.assert_array_equal(first.W_out, again.W_out)
    np.testing.assert_array_equal(first.losses, again.losses)
    assert not np.array_equal(first.W_out, other.W_out)


def test_alias_sampler_draws_count_to_the_power_three_quarters():
    counts = np.array([1000, 300, 50, 0, 7, 1])
    sampler = AliasSampler(counts)
    draws = sampler.draw(np.random.default_rng(0), (400_000,))
    expected = counts**0.75 / (counts**0.75).sum()
    observed = np.bincount(draws, minlength=len(counts)) / draws.size
    tolerance = 4 * np.sqrt(expected / draws.size) + 1e-9  # four binomial standard deviations
    assert np.all(np.abs(observed - expected) <= tolerance), (observed, expected)
    assert observed[3] == 0  # a word with no count is never drawn


def test_alias_sampler_is_reproducible_and_fills_a_buffer():
    sampler = AliasSampler(np.arange(1, 50))
    a = sampler.draw(np.random.default_rng(5), (30, 4))
    buffer = np.empty((30, 4), dtype=np.intp)
    b = sampler.draw(np.random.default_rng(5), (30, 4), out=buffer)
    assert b is buffer and a.shape == (30, 4)
    np.testing.assert_array_equal(a, b)
    assert a.min() >= 0 and a.max() < 49


def test_alias_sampler_rejects_bad_counts():
    with pytest.raises(ValueError, match="not all zero"):
        AliasSampler(np.zeros(3))
    with pytest.raises(ValueError, match="1-D"):
        AliasSampler(np.ones((2, 2)))
    with pytest.raises(ValueError, match="≥ 0"):
        AliasSampler(np.array([3.0, -1.0]))  # used to be called "not finite"


def test_bad_inputs_name_the_problem():
    W_in, W_out, centers, contexts, negatives, windows = _problem(8)
    with pytest.raises(ValueError, match="float64"):
        sgns_step(W_in.astype(np.float32), W_out, centers, contexts, negatives, 0.1)
    with pytest.raises(ValueError, match="C-contiguous"):
        sgns_step(np.asfortranarray(W_in), W_out, centers, contexts, negatives, 0.1)
    with pytest.raises(ValueError, match=r"W_in must be a 2-D array \(words × dimensions\)"):
        sgns_step(W_in[:, 0].copy(), W_out, centers, contexts, negatives, 0.1)
    bad = contexts.copy()
    bad[0] = V
    with pytest.raises(IndexError, match="outside the vocabulary"):
        sgns_step(W_in, W_out, centers, bad, negatives, 0.1)
    with pytest.raises(ValueError, match="same length"):
        sgns_step(W_in, W_out, centers[:-1], contexts, negatives, 0.1)
    with pytest.raises(ValueError, match="lr"):
        sgns_step(W_in, W_out, centers, contexts, negatives, -1.0)
    windows[0] = -2
    with pytest.raises(IndexError, match="padding"):
        cbow_step(W_in, W_out, windows, contexts, negatives, 0.1)
    windows[0] = -1
    with pytest.raises(ValueError, match="no context word"):
        cbow_step(W_in, W_out, windows, contexts, negatives, 0.1)


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_the_float32_workspace_makes_the_teaching_update_to_float32_rounding(arch):
    W_in, W_out, centers, contexts, negatives, windows = _problem(10, 0.5)
    lr = 0.05
    inputs = centers if arch == "skipgram" else windows
    # the teaching gradient at the float32-rounded weights the float32 path actually sees
    W_in, W_out = (
        W_in.astype(np.float32).astype(np.float64),
        W_out.astype(np.float32).astype(np.float64),
    )
    objective = (
        negative_sampling_loss_and_grads
        if arch == "skipgram"
        else cbow_negative_sampling_loss_and_grads
    )
    loss, dW_in, dW_out = objective(W_in, W_out, inputs, contexts, negatives)
    f32_in, f32_out = W_in.astype(np.float32), W_out.astype(np.float32)
    work = Workspace(B, K, N, np.float32)
    step = work.skipgram_step if arch == "skipgram" else work.cbow_step
    f32_loss = step(f32_in, f32_out, inputs, contexts, negatives, lr)
    assert f32_in.dtype == f32_out.dtype == np.float32
    np.testing.assert_allclose(f32_loss, loss, rtol=1e-6)
    np.testing.assert_allclose(f32_in, W_in - lr * B * dW_in, rtol=0, atol=2e-6)
    np.testing.assert_allclose(f32_out, W_out - lr * B * dW_out, rtol=0, atol=2e-6)


def test_working_dtype_is_float32_only_for_negative_sampling_on_large_corpora():
    assert working_dtype("negative", FLOAT32_FROM_PAIRS) == np.float32
    assert working_dtype("negative", FLOAT32_FROM_PAIRS - 1) == np.float64
    assert working_dtype("softmax", 10 * FLOAT32_FROM_PAIRS) == np.float64


@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_a_float32_run_returns_float64_close_to_the_float64_run(arch, monkeypatch):
    sentences = toy_corpus("four_topics", repeats=3)
    kw = dict(arch=arch, dim=6, epochs=2, batch_size=64, lr=0.1, seed=3, snapshot_every=10)
    wide = train(sentences, progress=False, **kw)
    monkeypatch.setattr(config, "FLOAT32_FROM_PAIRS", 1)  # every corpus counts as large
    narrow = train(sentences, progress=False, **kw)
    assert wide.config["working_dtype"] == "float64"
    assert narrow.config["working_dtype"] == "float32"
    assert narrow.W_in.dtype == narrow.W_out.dtype == np.float64
    assert all(s.W_in.dtype == s.W_out.dtype == np.float64 for s in narrow.snapshots)
    assert not np.array_equal(narrow.W_out, wide.W_out)  # it really ran in float32
    np.testing.assert_allclose(narrow.W_out, wide.W_out, rtol=0, atol=1e-4)
    np.testing.assert_allclose(narrow.W_in, wide.W_in, rtol=0, atol=1e-4)
    np.testing.assert_allclose(narrow.losses, wide.losses, rtol=1e-4)
    again = train(sentences, progress=False, **kw)
    np.testing.assert_array_equal(again.W_out, narrow.W_out)
    stepper = Stepper(sentences, **{k: v for k, v in kw.items() if k != "snapshot_every"})
    stepper.run(10)
    np.testing.assert_array_equal(stepper.snapshot().W_out, narrow.snapshots[1].W_out)


# --- the compiled (numba) kernels of the float32 path -------------------------------------------

needs_numba = pytest.mark.skipif(kernels.compiled() is None, reason="numba is not installed")


def test_a_float32_workspace_uses_the_compiled_kernels_when_numba_is_there():
    assert Workspace(B, K, N, np.float32).kernels is kernels.compiled()
    assert Workspace(B, K, N, np.float64).kernels is None  # the float64 teaching path stays numpy


@needs_numba
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_the_compiled_and_numpy_float32_paths_agree(arch, monkeypatch):
    W_in, W_out, centers, contexts, negatives, windows = _problem(12, 0.7)
    W_in, W_out = W_in.astype(np.float32), W_out.astype(np.float32)
    inputs = centers if arch == "skipgram" else windows
    results = []
    for compiled in (True, False):
        work = Workspace(B, K, N, np.float32)
        if not compiled:
            work.kernels = None
        a_in, a_out = W_in.copy(), W_out.copy()
        step = work.skipgram_step if arch == "skipgram" else work.cbow_step
        losses = [step(a_in, a_out, inputs, contexts, negatives, 0.05) for _ in range(3)]
        results.append((losses, a_in, a_out))
    (l1, in1, out1), (l2, in2, out2) = results
    np.testing.assert_allclose(l1, l2, rtol=1e-6)
    np.testing.assert_allclose(in1, in2, rtol=0, atol=1e-6)
    np.testing.assert_allclose(out1, out2, rtol=0, atol=1e-6)
    assert not np.array_equal(out1, W_out)


@needs_numba
def test_the_compiled_path_leaves_the_weights_alone_on_a_non_finite_loss():
    W_in, W_out, centers, contexts, negatives, _ = _problem(13)
    W_in, W_out = W_in.astype(np.float32), W_out.astype(np.float32)
    W_in[centers[7], 2] = np.inf  # one bad row, met mid-batch after others were scored
    before_in, before_out = W_in.copy(), W_out.copy()
    loss = Workspace(B, K, N, np.float32).skipgram_step(
        W_in, W_out, centers, contexts, negatives, 0.05
    )
    assert not np.isfinite(loss)
    np.testing.assert_array_equal(W_in, before_in)
    np.testing.assert_array_equal(W_out, before_out)


@needs_numba
def test_the_compiled_path_refuses_an_index_outside_the_vocabulary():
    """numba does not check bounds: the kernel must, or it would write outside W_out."""
    W_in, W_out, centers, contexts, negatives, _ = _problem(14)
    W_in, W_out = W_in.astype(np.float32), W_out.astype(np.float32)
    work = Workspace(B, K, N, np.float32)
    bad = negatives.copy()
    bad[5, 1] = V
    with pytest.raises(IndexError, match="outside the vocabulary"):
        work.skipgram_step(W_in, W_out, centers, contexts, bad, 0.05)
    bad = centers.copy()
    bad[3] = -1
    with pytest.raises(IndexError, match="outside the vocabulary"):
        work.skipgram_step(W_in, W_out, bad, contexts, negatives, 0.05)


@needs_numba
def test_without_the_prefetch_intrinsic_the_kernels_still_compile_and_agree(monkeypatch):
    def unavailable(numba):
        raise RuntimeError("no llvm.prefetch here")

    W_in, W_out, centers, contexts, negatives, _ = _problem(15, 0.5)
    W_in, W_out = W_in.astype(np.float32), W_out.astype(np.float32)
    results = []
    for _ in range(2):
        work = Workspace(B, K, N, np.float32)
        a_in, a_out = W_in.copy(), W_out.copy()
        results.append((work.skipgram_step(a_in, a_out, centers, contexts, negatives, 0.05), a_in))
        monkeypatch.setattr(kernels, "_CACHE", {})  # the next Workspace loads them afresh…
        monkeypatch.setattr(kernels, "_prefetch_intrinsic", unavailable)  # …without prefetch
    assert kernels.compiled() is not None
    np.testing.assert_allclose(results[0][0], results[1][0], rtol=1e-6)
    np.testing.assert_allclose(results[0][1], results[1][1], rtol=0, atol=1e-6)


def test_kernels_that_do_not_compile_fall_back_to_numpy_with_a_warning(monkeypatch):
    def broken(kernels_namespace):
        raise TypeError("an unsupported numba")

    monkeypatch.setattr(kernels, "_CACHE", {})
    monkeypatch.setattr(kernels, "_warm_up", broken)
    monkeypatch.delenv("W2VLIB_NO_NUMBA", raising=False)
    if not _numba_installed():
        pytest.skip("numba is not installed")
    with pytest.warns(UserWarning, match="did not compile"):
        assert kernels.compiled() is None
    assert Workspace(B, K, N, np.float32).kernels is None  # the numpy float32 path


def _numba_installed() -> bool:
    import importlib.util

    return importlib.util.find_spec("numba") is not None


@needs_numba
def test_the_compiled_alias_draws_are_the_numpy_draws(monkeypatch):
    sampler = AliasSampler(np.array([50, 3, 0, 9, 1, 400, 7]))
    assert kernels.loaded() is not None  # loaded by needs_numba: draw() takes the kernel
    compiled = sampler.draw(np.random.default_rng(8), (500, 5))
    monkeypatch.setattr(kernels, "loaded", lambda: None)
    plain = sampler.draw(np.random.default_rng(8), (500, 5))
    np.testing.assert_array_equal(compiled, plain)
