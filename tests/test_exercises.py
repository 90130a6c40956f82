"""exercises: the graders of the lessons' exercises grade without raising."""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib as w
from w2vlib import exercises


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


def test_check_function_with_no_trials_is_refused_and_none_is_no_answer(capsys):
    def make_inputs(rng):
        return (rng.normal(size=3),)

    with pytest.raises(ValueError, match="trials must be a whole number ≥ 1"):
        exercises.check_function(lambda u: 0.0, w.softmax, make_inputs, trials=0)  # passed anything
    assert exercises.check_choice(None, "rows", "the answer") is False
    assert capsys.readouterr().out.startswith("✗ no answer yet: replace None with the answer")


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


def test_check_close_says_to_give_more_digits_when_an_answer_was_rounded(capsys):
    assert not exercises.check_close(0.0909, 1 / 11)
    assert "close, but not within 1e-06: give more digits" in capsys.readouterr().out
    assert not exercises.check_close(0.5, 1 / 11)
    assert "not right yet" in capsys.readouterr().out
    assert not exercises.check_close(float("nan"), 1.0)
    assert "NaN or inf" in capsys.readouterr().out


def _softmax(u):
    e = np.exp(u - u.max())
    return e / e.sum()


@pytest.mark.parametrize(
    ("candidate", "message"),
    [
        (lambda u: None, r"returned None: did you forget the `return` line\?"),
        (lambda u: _softmax(u)[:3], r"returned with shape \(3,\), expected \(4,\)"),
        (lambda u: (_softmax(u), u), r"returned 2 value\(s\), expected 1"),
        (lambda u: u, "differs from the reference on trial 1"),
    ],
)
def test_check_function_says_what_is_wrong_with_the_returned_value(candidate, message, capsys):
    ok = exercises.check_function(candidate, _softmax, lambda rng: (rng.normal(size=4),))
    assert not ok
    assert __import__("re").search(message, capsys.readouterr().out)
