"""Argument checks whose errors name the problem and the fix.

Every public function validates its inputs here before it computes anything,
so a mistake is reported once, clearly, and nothing half-built is returned.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Sequence

import numpy as np

MAX_WORK_BYTES = 4 * 2**30
"""The largest single working array w2vlib allocates (4 GiB); beyond it a typo is likelier."""


class UnknownWordError(KeyError):
    """A word that is not in the vocabulary; the message suggests close matches.

    It subclasses KeyError so that ``except KeyError`` works, but prints its
    message plainly (KeyError would otherwise show it inside quotes).
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def unknown_word(
    word: str, known: Iterable[str], where: str = "the vocabulary"
) -> UnknownWordError:
    known = list(known)
    close = difflib.get_close_matches(str(word), known, n=5, cutoff=0.6)
    hint = (
        f" Did you mean {', '.join(repr(w) for w in close)}?"
        if close
        else f" It may be rarer than min_count, or misspelt; {where} has {len(known)} words."
    )
    return UnknownWordError(f"{word!r} is not in {where}.{hint}")


def positive_int(name: str, value: object, hint: str = "") -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
        extra = f" {hint}" if hint else ""
        raise ValueError(f"{name} must be a whole number ≥ 1, got {value!r}.{extra}")
    return int(value)


def positive_float(name: str, value: object, hint: str = "") -> float:
    is_number = isinstance(value, int | float | np.integer | np.floating)
    number = float(value) if is_number else math.nan  # a string such as "0.05" is refused
    if isinstance(value, bool) or not math.isfinite(number) or number <= 0:
        extra = f" {hint}" if hint else ""
        raise ValueError(f"{name} must be a finite number > 0, got {value!r}.{extra}")
    return number


def seed(value: object) -> int:
    """A random seed: a whole number ≥ 0 (numpy's own error for "abc" or 1.5 is cryptic)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise ValueError(
            f"seed must be a whole number ≥ 0, got {value!r}: e.g. seed=0. "
            "The same seed gives the same numbers."
        )
    return int(value)


def flag(name: str, value: object) -> bool:
    """True or False; a string such as "no" would otherwise count as True."""
    if not isinstance(value, bool | np.bool_):
        raise ValueError(f"{name} must be True or False, got {value!r}.")
    return bool(value)


def memory(what: str, nbytes: float, fix: str, limit: float | None = None) -> None:
    """Refuse to allocate ``nbytes`` beyond ``limit`` (default MAX_WORK_BYTES), naming the fix."""
    limit = MAX_WORK_BYTES if limit is None else limit
    if nbytes > limit:
        raise ValueError(
            f"{what} would need {_size(nbytes)} of memory (the limit is {_size(limit)}): {fix}"
        )


def _size(nbytes: float) -> str:
    for unit, scale in (("TiB", 2**40), ("GiB", 2**30), ("MiB", 2**20)):
        if nbytes >= scale:
            return f"{nbytes / scale:.3g} {unit}"
    return f"{nbytes / 1024:.3g} KiB"


def choice(name: str, value: object, valid: Sequence[str]) -> str:
    if not isinstance(value, str) or value not in valid:
        options = ", ".join(repr(v) for v in valid)
        raise ValueError(f"unknown {name} {value!r}: choose one of {options}.")
    return str(value)


def matrix(
    name: str, value: object, rows: int | None = None, cols: int | None = None
) -> np.ndarray:
    if hasattr(value, "W_out") and hasattr(value, "vocab"):  # a Run or a Stepper
        raise TypeError(
            f"{name} must be a V×N array, got a {type(value).__name__}: "
            "pass its .W_out or .W_in (e.g. run.W_out)."
        )
    array = np.asarray(value)
    if array.ndim != 2:
        raise ValueError(
            f"{name} must be a 2-D array (words × dimensions), got shape {array.shape}."
        )
    if rows is not None and array.shape[0] != rows:
        raise ValueError(
            f"{name} has {array.shape[0]} rows but {rows} were expected: "
            "W_in and W_out must both be V×N, one row per vocabulary word."
        )
    if cols is not None and array.shape[1] != cols:
        raise ValueError(
            f"{name} has {array.shape[1]} columns but {cols} were expected: "
            "W_in and W_out must have the same dimension N."
        )
    if array.dtype.kind not in "biuf":  # strings, objects, complex numbers
        raise TypeError(f"{name} must hold real numbers, got dtype {array.dtype}.")
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    return array


def indices(name: str, value: object, size: int, ndim: int = 1) -> np.ndarray:
    array = np.asarray(value)
    if array.ndim != ndim:
        raise ValueError(
            f"{name} must be a {ndim}-D array of word indices, got shape {array.shape}."
        )
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise ValueError(f"{name} must hold integer word indices, got dtype {array.dtype}.")
    if array.size and (array.min() < 0 or array.max() >= size):
        bad = array[(array < 0) | (array >= size)].ravel()[0]
        raise IndexError(
            f"{name} holds index {bad}, outside the vocabulary of size {size}: "
            "indices must lie in 0..V-1; map words with vocab[word]."
        )
    return array.astype(np.intp, copy=False)


def same_length(**arrays: np.ndarray) -> int:
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) != 1:
        shown = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise ValueError(f"batch arrays must have the same length: {shown}.")
    n = next(iter(lengths.values()))
    if n == 0:
        raise ValueError("the batch is empty: pass at least one (centre, context) pair.")
    return n
