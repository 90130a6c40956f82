"""Check functions for the lessons' exercises: they say whether an answer is right, and why not.

Each check prints a ✓ line and returns True for a correct answer, or prints a
✗ line with a hint and returns False; it never raises on a learner's answer, so
a learner can try again in the next cell. The reference answers are computed, not stored.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import numpy as np

from w2vlib import _checks

ROUNDED_RTOL = 1e-2  # an answer this close, but not within rtol, was probably rounded


def _report(ok: bool, right: str, wrong: str) -> bool:
    print(f"✓ {right}" if ok else f"✗ {wrong}")
    return ok


def check_close(
    answer: object, expected: object, what: str = "your answer", hint: str = "", rtol: float = 1e-6
) -> bool:
    """Is ``answer`` numerically equal to ``expected`` (same shape, within rtol)?"""
    if answer is None:
        return _report(False, "", f"no answer yet: replace None with {what}. {hint}".strip())
    try:
        a = np.asarray(answer, dtype=np.float64)
        e = np.asarray(expected, dtype=np.float64)
    except (TypeError, ValueError):
        return _report(False, "", f"{what} is not a number or array. {hint}".strip())
    if a.shape != e.shape:
        return _report(False, "", f"{what} has shape {a.shape}, expected {e.shape}. {hint}".strip())
    if not (np.all(np.isfinite(a)) or np.array_equal(np.isfinite(a), np.isfinite(e))):
        return _report(False, "", f"{what} contains NaN or inf. {hint}".strip())
    ok = bool(np.allclose(a, e, rtol=rtol, atol=rtol * 1e-3))
    if not ok and np.allclose(a, e, rtol=ROUNDED_RTOL, atol=0):
        # 0.0909 for 1/11: right, but rounded too early
        return _report(
            False,
            "",
            f"{what} is close, but not within {rtol:g}: give more digits "
            "(compute it in Python rather than copying a rounded number).",
        )
    return _report(ok, f"{what} is right.", f"{what} is not right yet. {hint}".strip())


def check_choice(
    answer: object, expected: object, what: str = "your answer", hint: str = ""
) -> bool:
    """Is ``answer`` the expected choice (compared case-insensitively for strings)?"""
    if answer is None:
        return _report(False, "", f"no answer yet: replace None with {what}. {hint}".strip())
    normal = (lambda x: x.strip().lower()) if isinstance(expected, str) else (lambda x: x)
    try:
        ok = bool(normal(answer) == normal(expected))
    except (AttributeError, TypeError, ValueError):  # e.g. an array, whose == gives no one truth
        ok = False
    return _report(ok, f"{what} is right.", f"{what} is not right yet. {hint}".strip())


def _numerically_equal(got: object, want: object) -> bool:
    """Same shape and equal within rtol 1e-6; a value that is not numbers (None, text) is unequal."""
    try:
        return np.shape(got) == np.shape(want) and bool(
            np.allclose(got, want, rtol=1e-6, atol=1e-9)
        )
    except (TypeError, ValueError):  # e.g. a string, or a ragged list
        return False


def check_function(
    candidate: Callable,
    reference: Callable,
    make_inputs: Callable[[np.random.Generator], tuple],
    what: str = "your function",
    trials: int = 20,
    hint: str = "",
) -> bool:
    """Does ``candidate(*inputs)`` equal ``reference(*inputs)`` on ``trials`` random inputs?"""
    # the lesson author's argument, not the learner's: a grader running no trial passes anything
    trials = _checks.positive_int("trials", trials)
    rng = np.random.default_rng(0)
    for trial in range(trials):
        inputs = make_inputs(rng)
        if not isinstance(inputs, tuple):
            raise TypeError(
                f"make_inputs must return a tuple of arguments, got {type(inputs).__name__}: "
                "for one argument write `return (u,)`."
            )
        want = reference(*inputs)
        try:
            # a copy: a candidate that edits its inputs cannot change want, even if want is a view
            got = candidate(*copy.deepcopy(inputs))
        except Exception as error:  # a learner's bug: report it, don't crash the lesson
            return _report(
                False, "", f"{what} raised {type(error).__name__}: {error}. {hint}".strip()
            )
        problem = _shape_problem(got, want)
        if problem:
            return _report(False, "", f"{what} {problem} (trial {trial + 1}). {hint}".strip())
        got_t = got if isinstance(got, tuple) else (got,)
        want_t = want if isinstance(want, tuple) else (want,)
        same = len(got_t) == len(want_t) and all(
            _numerically_equal(g, w) for g, w in zip(got_t, want_t, strict=False)
        )
        if not same:
            return _report(
                False, "", f"{what} differs from the reference on trial {trial + 1}. {hint}".strip()
            )
    return _report(True, f"{what} matches the reference on {trials} random problems.", "")


def _shape_problem(got: object, want: object) -> str:
    """What is structurally wrong with a returned value (None, count, shape), or ""."""
    if got is None and want is not None:
        return "returned None: did you forget the `return` line?"
    got_t = got if isinstance(got, tuple) else (got,)
    want_t = want if isinstance(want, tuple) else (want,)
    if len(got_t) != len(want_t):
        return f"returned {len(got_t)} value(s), expected {len(want_t)}"
    for number, (g, w) in enumerate(zip(got_t, want_t, strict=True)):
        which = f"value {number + 1} " if len(want_t) > 1 else ""
        try:
            got_shape, want_shape = np.shape(g), np.shape(w)
        except ValueError:  # a ragged list
            return f"returned {which}as a ragged list, expected shape {np.shape(w)}"
        if g is None:
            return f"returned {which}None: did you forget to compute it?"
        if got_shape != want_shape:
            return f"returned {which}with shape {got_shape}, expected {want_shape}"
    return ""
