"""Stepper's state after the unusual calls: a failed step, a peek past the plan, result() mid-run."""

from __future__ import annotations

import numpy as np
import pytest

from w2vlib import Stepper, toy_corpus, train

S = toy_corpus("pets_vehicles")


def test_a_diverged_stepper_refuses_to_step_again_instead_of_drifting():
    stepper = Stepper(S, lr=1e6, init_out="random", batch_size=4, seed=0)
    with pytest.raises(FloatingPointError):
        stepper.run(50)
    steps, W_in = stepper.steps, stepper.W_in.copy()
    with pytest.raises(FloatingPointError, match="start a new Stepper with a smaller lr"):
        stepper.step()
    assert stepper.steps == steps
    np.testing.assert_array_equal(stepper.W_in, W_in)


def test_a_peek_after_the_last_epoch_does_not_start_another_one():
    stepper = Stepper(S, epochs=2, seed=0)
    stepper.run()
    done = stepper.steps
    stepper.peek()
    stepper.run()
    assert stepper.steps == done


def test_result_mid_run_leaves_the_final_snapshots_as_train_makes_them():
    settings = dict(epochs=3, snapshot_every=10, seed=0)
    expected = [s.step for s in train(S, **settings).snapshots]
    stepper = Stepper(S, **settings)
    stepper.run(15)
    assert stepper.result().snapshots[-1].step == 15
    stepper.run()
    assert [s.step for s in stepper.result().snapshots] == expected
