"""The divergence guard: a blow-up stops the run, a slow climb warns, healthy training is left alone."""

from __future__ import annotations

import math
import warnings

import pytest

import w2vlib as w
from w2vlib.training.guard import DIVERGED_LOSS, DivergenceGuard, DivergenceWarning


def test_a_loss_that_keeps_rising_warns_once_naming_the_steps_and_a_smaller_lr():
    # lr=0.4 on four_topics climbs from ~3 to hundreds of nats per pair, then recovers:
    # every step stays finite and below DIVERGED_LOSS, so only the rising check sees it
    with pytest.warns(DivergenceWarning) as caught:
        run = w.train(w.toy_corpus("four_topics", repeats=5), dim=10, lr=0.4, progress=False)
    assert len(caught) == 1
    message = str(caught[0].message)
    assert "the loss is rising" in message and "try lr=0.04" in message
    assert "over steps" in message and "nats per pair" in message
    assert max(run.losses) > 100 > 10 * min(run.losses)  # the climb is real


@pytest.mark.parametrize("objective", ["softmax", "negative"])
@pytest.mark.parametrize("arch", ["skipgram", "cbow"])
def test_healthy_training_never_warns(arch, objective):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        w.train(
            w.toy_corpus("four_topics"),
            arch=arch,
            objective=objective,
            dim=5,
            lr=0.05,
            epochs=5,
            progress=False,
        )


def test_block_means_decide_not_single_noisy_steps():
    guard = DivergenceGuard(lr=0.1, planned_steps=0)  # blocks of MIN_BLOCK = 10 steps
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for step in range(1, 101):  # one wild step in each block: its mean rises by 0.5 only
            guard.check(3.0 if step % 10 else 8.0, step, 0, 0.1)
    with pytest.warns(DivergenceWarning, match=r"steps 101–110 is 9 nats.*try lr=0\.01"):
        for step in range(101, 111):
            guard.check(9.0, step, 0, 0.1)


@pytest.mark.parametrize("loss", [math.nan, math.inf, DIVERGED_LOSS * 2])
def test_a_loss_that_is_not_finite_or_huge_stops_the_run(loss):
    guard = DivergenceGuard(lr=0.5, planned_steps=100)
    with pytest.raises(FloatingPointError, match=r"at step 7 \(epoch 2\).*Try lr=0\.05"):
        guard.check(loss, 7, 1, 0.5)


def test_the_issue_case_lee_at_lr_half_warns_instead_of_returning_silently():
    pytest.importorskip("gensim")
    # the mean loss climbed from ~3.5 to ~66 nats per pair and train used to return silently
    with pytest.warns(DivergenceWarning, match=r"the loss is rising.*try lr=0\.05"):
        run = w.train(w.load_lee_corpus(), min_count=5, dim=50, epochs=1, lr=0.5, progress=False)
    assert run.losses[-1000:].mean() > 10 * run.losses[:1000].mean()
