"""Argument checks whose errors name the problem and the fix.

Every public function validates its inputs here before it computes anything,
so a mistake is reported once, clearly, and nothing half-built is returned.
There is one helper per *kind* of argument (scikit-learn's ``validate_params``
is the model), so that each constraint is written once:

==================  ==========================================================
kind                helper
==================  ==========================================================
whole numbers       :func:`positive_int`, :func:`seed`
real numbers        :func:`positive_float`, :func:`time`
switches, names     :func:`flag`, :func:`choice`
arrays of reals     :func:`real_array` (any shape), :func:`matrix` (V×N)
count matrices      :func:`counts` (dense or scipy.sparse, ≥ 0, finite)
words               :func:`word`, :func:`words`, :func:`groups`, :func:`unknown_word`
word indices        :func:`indices`, :func:`same_length`
weights in use      :func:`finite_weights`
cost                :func:`memory` (refuses), :func:`work` (warns, then refuses)
==================  ==========================================================

Every refusal is an :class:`InputError`, which is both a ``ValueError`` and a
``TypeError`` (so ``except ValueError`` keeps working); a word that is not in
the vocabulary is an :class:`UnknownWordError`, also a ``KeyError``.
"""

from __future__ import annotations

import difflib
import math
import warnings
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

MAX_WORK_BYTES = 4 * 2**30
"""The largest single working array w2vlib allocates (4 GiB); beyond it a typo is likelier."""

WARN_WORK_SECONDS = 30.0
"""Work estimated to take longer than this (on a quiet laptop) is announced with its estimate."""

MAX_WORK_SECONDS = 30 * 60.0
"""Work estimated to take longer than this is refused: at teaching scale it is a typo."""


class InputError(ValueError, TypeError):
    """An argument w2vlib cannot use; the message names the problem and the fix.

    It is both a ValueError and a TypeError, so code that catches either keeps working.
    """


class LongRunWarning(UserWarning):
    """Work that will take a while (the message gives the estimate and how to shorten it)."""


class UnknownWordError(InputError, KeyError):
    """A word that is not in the vocabulary; the message suggests close matches.

    It subclasses KeyError so that ``except KeyError`` works, but prints its
    message plainly (KeyError would otherwise show it inside quotes).
    """

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class WordIndexError(InputError, IndexError):
    """A word index outside 0..V−1 (also an IndexError)."""


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
        raise InputError(f"{name} must be a whole number ≥ 1, got {value!r}.{extra}")
    return int(value)


def positive_float(name: str, value: object, hint: str = "") -> float:
    is_number = isinstance(value, int | float | np.integer | np.floating)
    number = float(value) if is_number else math.nan  # a string such as "0.05" is refused
    if isinstance(value, bool) or not math.isfinite(number) or number <= 0:
        extra = f" {hint}" if hint else ""
        raise InputError(f"{name} must be a finite number > 0, got {value!r}.{extra}")
    return number


def seed(value: object) -> int:
    """A random seed: a whole number ≥ 0 (numpy's own error for "abc" or 1.5 is cryptic)."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        raise InputError(
            f"seed must be a whole number ≥ 0, got {value!r}: e.g. seed=0. "
            "The same seed gives the same numbers."
        )
    return int(value)


def flag(name: str, value: object) -> bool:
    """True or False; a string such as "no" would otherwise count as True."""
    if not isinstance(value, bool | np.bool_):
        raise InputError(f"{name} must be True or False, got {value!r}.")
    return bool(value)


def memory(what: str, nbytes: float, fix: str, limit: float | None = None) -> None:
    """Refuse to allocate ``nbytes`` beyond ``limit`` (default MAX_WORK_BYTES), naming the fix."""
    limit = MAX_WORK_BYTES if limit is None else limit
    if nbytes > limit:
        raise InputError(
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
        raise InputError(f"unknown {name} {value!r}: choose one of {options}.")
    return str(value)


def real_array(
    name: str,
    value: object,
    *,
    ndim: int | tuple[int, ...] | None = None,
    finite: bool = True,
    allow_minus_inf: bool = False,
    example: str = "np.array([0.5, -1.0, 2.0])",
) -> np.ndarray:
    """``value`` as a float64 (or float32) array of real numbers: not empty, finite by default.

    ``ndim`` asks for that many dimensions (or one of several); ``allow_minus_inf``
    lets −inf through (log 0, e.g. PMI of a pair never seen) but never NaN or +inf.
    """
    wanted = (ndim,) if isinstance(ndim, int) else ndim
    shapes = {0: "a single number", 1: "a 1-D vector", 2: "a 2-D array (words × dimensions)"}
    need = (
        "an array"
        if wanted is None
        else " or ".join(shapes.get(n, f"a {n}-D array") for n in wanted)
    )
    _refuse_non_arrays(name, value, need, example)
    try:
        array = np.asarray(value)
    except ValueError as error:  # a ragged list such as [[1, 2], [3]]
        raise InputError(
            f"{name} must be a rectangular array of numbers, got a ragged {type(value).__name__}: "
            f"every row needs the same length ({error})."
        ) from None
    if array.dtype.kind not in "biuf":  # strings, objects, complex numbers
        raise InputError(
            f"{name} must hold real numbers, got dtype {array.dtype} ({_shown(value)}): "
            f"pass numbers, e.g. {example}."
        )
    if wanted is not None and array.ndim not in wanted:
        raise InputError(f"{name} must be {need}, got shape {array.shape}: e.g. {example}.")
    if array.size == 0:
        raise InputError(f"{name} is empty (shape {array.shape}): pass at least one number.")
    if not np.issubdtype(array.dtype, np.floating):
        array = array.astype(np.float64)
    if finite:
        bad = np.isnan(array) | (array == np.inf if allow_minus_inf else np.isinf(array))
        if bad.any():
            where = tuple(int(i) for i in np.argwhere(bad)[0])
            raise InputError(
                f"{name} holds {array[where]} at index {where if len(where) > 1 else where[0]} "
                f"({int(bad.sum())} of {array.size} entries are not finite): "
                "w2vlib refuses them, since NaN or inf make every result NaN or silently wrong. "
                "If these are trained weights, training diverged: retrain with a smaller lr."
            )
    return array


def _refuse_non_arrays(name: str, value: object, need: str, example: str) -> None:
    if value is None:
        raise InputError(f"{name} must be {need} of numbers, got None: pass e.g. {example}.")
    if hasattr(value, "W_out") and hasattr(value, "vocab"):  # a Run or a Stepper
        raise InputError(
            f"{name} must be {need}, got a {type(value).__name__}: "
            "pass its .W_out or .W_in (e.g. run.W_out)."
        )
    if _is_sparse(value):
        raise InputError(
            f"{name} must be {need} (dense), got a scipy.sparse matrix: "
            f"pass {name}.toarray() (it fits in memory for a vocabulary of a few thousand words)."
        )
    if isinstance(value, str | bytes):
        raise InputError(
            f"{name} must be {need} of numbers, got the text {value!r}: pass e.g. {example}."
        )


def _is_sparse(value: object) -> bool:
    try:
        import scipy.sparse
    except ImportError:  # pragma: no cover
        return False
    return scipy.sparse.issparse(value)


def _shown(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def matrix(
    name: str,
    value: object,
    rows: int | None = None,
    cols: int | None = None,
    finite: bool = True,
) -> np.ndarray:
    """A V×N array of real numbers (finite unless ``finite=False``), of the given shape if asked."""
    array = real_array(
        name, value, ndim=2, finite=finite, example="run.W_out, a V×N array (one row per word)"
    )
    if rows is not None and array.shape[0] != rows:
        raise InputError(
            f"{name} has {array.shape[0]} rows but {rows} were expected: "
            "W_in and W_out must both be V×N, one row per vocabulary word."
        )
    if cols is not None and array.shape[1] != cols:
        raise InputError(
            f"{name} has {array.shape[1]} columns but {cols} were expected: "
            "W_in and W_out must have the same dimension N."
        )
    return array


def counts(name: str, value: object, form: str = "dense", square: bool = True):
    """A count matrix (centres × contexts): dense or scipy.sparse, finite, ≥ 0, not all zero.

    ``form="dense"`` returns a float64 ndarray (a sparse input is densified when
    it fits in memory), ``"sparse"`` a float64 CSR matrix, ``"any"`` keeps the form.
    """
    if _is_sparse(value):
        import scipy.sparse

        X = scipy.sparse.csr_matrix(value, dtype=np.float64)
        if X.ndim != 2:  # pragma: no cover (scipy's sparse arrays are 2-D here)
            raise InputError(f"{name} must be a 2-D count matrix, got shape {X.shape}.")
        values = X.data
    else:
        X = real_array(
            name, value, ndim=2, example="w2vlib.cooccurrence(sentences, vocab, window=2)"
        )
        values = X
    if not np.isfinite(values).all() or (values < 0).any():
        raise InputError(
            f"{name} must hold counts ≥ 0 (finite), got a minimum of {values.min()}: "
            "pass co-occurrence counts, e.g. w2vlib.cooccurrence(sentences, vocab, window=2)."
        )
    if square and X.shape[0] != X.shape[1]:
        raise InputError(
            f"{name} must be square (V×V: centres × contexts over one vocabulary), got shape "
            f"{X.shape}: build it with w2vlib.cooccurrence(sentences, vocab, window=2)."
        )
    if X.shape[0] == 0 or not values.any():
        raise InputError(
            f"{name} has no counts (all zero): the corpus gave no pairs; use a longer corpus or "
            "a larger window."
        )
    if form == "sparse" and not _is_sparse(X):
        import scipy.sparse

        return scipy.sparse.csr_matrix(X)
    if form == "dense" and _is_sparse(X):
        memory(
            f"the dense {X.shape[0]}×{X.shape[1]} {name}",
            8.0 * X.shape[0] * X.shape[1],
            "pass fewer words (raise min_count), or use a function that takes sparse counts.",
        )
        return X.toarray()
    return X


def time(name: str, value: object) -> float:
    """A time t ≥ 0 (a finite real number), e.g. of a continuous-time dynamics."""
    number = isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool
    )
    if not number or not math.isfinite(value) or value < 0:
        raise InputError(
            f"{name} must be a finite number ≥ 0 (a time: learning rate × steps), got "
            f"{value!r}: e.g. {name}=1.0."
        )
    return float(value)


def word(name: str, value: object) -> str:
    """One word: a non-empty string without whitespace (a corpus token)."""
    if not isinstance(value, str):
        raise InputError(
            f"{name} must be a word (a string), got {type(value).__name__} {_shown(value)}."
        )
    if len(value.split()) != 1 or value != value.strip():
        raise InputError(
            f"the word {value!r} is empty or contains spaces, tabs or newlines (whitespace): "
            "split text into words first, e.g. line.split(), so that 'cat\\n' and 'cat' "
            "are one word."
        )
    return value


def words(name: str, value: object, vocab: object = None) -> list[str]:
    """A list of words (each checked by :func:`word`); with ``vocab``, each must be in it."""
    if isinstance(value, str | bytes):
        raise InputError(
            f"{name} must be a list of words, got the single string {value!r}: "
            f"pass [{value!r}] (a string would be read letter by letter)."
        )
    if isinstance(value, Mapping) or not isinstance(value, Iterable):
        raise InputError(
            f"{name} must be a list of words, e.g. ['cat', 'dog'], got {type(value).__name__}."
        )
    result = [word(f"each of {name}", w) for w in value]
    if not result:
        raise InputError(f"{name} is empty: pass at least one word, e.g. ['cat', 'dog'].")
    if vocab is not None:
        for w in result:
            if w not in vocab:
                raise unknown_word(w, vocab.words)
    return result


def groups(name: str, value: object, vocab: object = None) -> dict[str, list[str]]:
    """Named groups of words ({name: [words]}), each non-empty, no word in two groups."""
    if not isinstance(value, Mapping):
        raise InputError(
            f"{name} must be a dict from a group's name to its words, e.g. "
            f"{{'pets': ['cat', 'dog'], 'vehicles': ['car', 'bus']}}, got "
            f"{type(value).__name__} {_shown(value)} (w2vlib.toy_groups() gives one)."
        )
    if not value:
        raise InputError(f"{name} is empty: pass at least one group of words.")
    checked = {str(g): words(f"group {g!r}", members, vocab) for g, members in value.items()}
    seen: dict[str, str] = {}
    for g, members in checked.items():
        for w in members:
            if w in seen and seen[w] != g:
                raise InputError(
                    f"the word {w!r} is in two groups ({seen[w]!r} and {g!r}): its pairs would "
                    "count on both sides and inflate the comparison; put each word in one group."
                )
            seen[w] = g
    return checked


def finite_weights(what: str, *arrays: np.ndarray, fix: str) -> None:
    """Refuse weights that stopped being finite (a diverged run), naming the fix."""
    for array in arrays:
        if not np.isfinite(array).all():
            raise FloatingPointError(f"{what}: the weights are not finite: {fix}")


def work(what: str, seconds: float, fix: str) -> None:
    """Announce work estimated beyond WARN_WORK_SECONDS; refuse beyond MAX_WORK_SECONDS.

    ``seconds`` is an estimate (on a quiet laptop, so a busy one is slower);
    the message gives it, and ``fix`` says how to do less.
    """
    if seconds > MAX_WORK_SECONDS:
        raise InputError(
            f"{what} would take about {_duration(seconds)} (w2vlib refuses work over "
            f"{_duration(MAX_WORK_SECONDS)}: at this scale it is usually a typo): {fix}"
        )
    if seconds > WARN_WORK_SECONDS:
        warnings.warn(
            f"{what} will take about {_duration(seconds)}; to shorten it: {fix}",
            LongRunWarning,
            stacklevel=3,
        )


def _duration(seconds: float) -> str:
    for unit, scale in (("days", 86400), ("hours", 3600), ("minutes", 60)):
        if seconds >= 2 * scale:
            return f"{seconds / scale:.0f} {unit}"
    return f"{seconds:.0f} s"


def indices(name: str, value: object, size: int, ndim: int = 1) -> np.ndarray:
    array = np.asarray(value)
    if array.ndim != ndim:
        raise InputError(
            f"{name} must be a {ndim}-D array of word indices, got shape {array.shape}."
        )
    if array.size and not np.issubdtype(array.dtype, np.integer):
        raise InputError(f"{name} must hold integer word indices, got dtype {array.dtype}.")
    if array.size and (array.min() < 0 or array.max() >= size):
        bad = array[(array < 0) | (array >= size)].ravel()[0]
        raise WordIndexError(
            f"{name} holds index {bad}, outside the vocabulary of size {size}: "
            "indices must lie in 0..V-1; map words with vocab[word]."
        )
    return array.astype(np.intp, copy=False)


def same_length(**arrays: np.ndarray) -> int:
    lengths = {name: len(a) for name, a in arrays.items()}
    if len(set(lengths.values())) != 1:
        shown = ", ".join(f"{name} has {n}" for name, n in lengths.items())
        raise InputError(f"batch arrays must have the same length: {shown}.")
    n = next(iter(lengths.values()))
    if n == 0:
        raise InputError("the batch is empty: pass at least one (centre, context) pair.")
    return n
