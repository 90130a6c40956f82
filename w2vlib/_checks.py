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
count matrices      :func:`counts` (square, dense or scipy.sparse, ≥ 0, finite)
words               :func:`word`, :func:`words`, :func:`groups`, :func:`unknown_word`
word indices        :func:`indices`, :func:`same_length`
cost                :func:`memory` (refuses), :func:`work` (warns, then refuses),
                    :func:`training_seconds` (in :mod:`w2vlib._cost`)
==================  ==========================================================

Every refusal is an :class:`InputError`, which is both a ``ValueError`` and a
``TypeError`` (so ``except ValueError`` keeps working); a word that is not in
the vocabulary is an :class:`UnknownWordError`, also a ``KeyError``. Work
estimated beyond half a minute is announced with a :class:`LongRunWarning`
(the estimate and how to shorten it), beyond half an hour refused.
Divergence is not an input error: it stays a ``FloatingPointError``.
"""

from __future__ import annotations

import difflib
import math
import sys
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from w2vlib._cost import (  # noqa: F401 (re-exported: the checks of sizes and time)
    MAX_WORK_BYTES,
    MAX_WORK_SECONDS,
    WARN_WORK_SECONDS,
    InputError,
    LongRunWarning,
    _size,
    example_seconds,
    memory,
    svd_cost,
    training_seconds,
    work,
)


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
    allow_empty: bool = False,
    example: str = "np.array([0.5, -1.0, 2.0])",
) -> np.ndarray:
    """``value`` as a float64 (or float32) array of real numbers: not empty, finite by default.

    ``ndim`` asks for that many dimensions (or one of several); ``allow_minus_inf``
    lets −inf through (log 0, e.g. PMI of a pair never seen) but never NaN or +inf;
    ``allow_empty`` accepts an array with no entries (an elementwise map of nothing).
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
    if array.size == 0 and not allow_empty:
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
    if is_sparse(value):
        raise InputError(
            f"{name} must be {need} (dense), got a scipy.sparse matrix: "
            f"pass {name}.toarray() (it fits in memory for a vocabulary of a few thousand words)."
        )
    if isinstance(value, str | bytes):
        raise InputError(
            f"{name} must be {need} of numbers, got the text {value!r}: pass e.g. {example}."
        )


def is_sparse(value: object) -> bool:
    """Whether value is a scipy.sparse matrix or array, without importing scipy.

    A process that never imported scipy.sparse holds no sparse matrix; importing it to
    ask costs about 22 MiB of memory (scipy.special, which objectives needs, as much
    again): the trainer's path imports neither.
    """
    module = sys.modules.get("scipy.sparse")
    return module is not None and module.issparse(value)


def _shown(value: object) -> str:
    text = " ".join(repr(value).split())  # one line, however numpy wraps it
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


COUNT_FORMS = ("dense", "densify", "sparse")


def counts(X: object, form: str = "dense", function: str = "this function", name: str = "X"):
    """X checked as a co-occurrence count matrix: square V×V, finite, ≥ 0, not all zero.

    ``form`` says what the caller needs:

    * ``"dense"``: a float64 ndarray; a ``scipy.sparse`` X is refused with its dense
      size, naming ``function`` (for functions whose result is a dense V×V matrix);
    * ``"densify"``: a float64 ndarray, a sparse X densified (small problems only);
    * ``"sparse"``: a CSR array of float counts (a copy), duplicates summed and zeros
      dropped, never densified.
    """
    form = choice("form", form, COUNT_FORMS)
    if is_sparse(X):
        from scipy import sparse

        V = X.shape[0]
        if form == "dense":
            raise InputError(
                f"{name} is a scipy.sparse {X.shape[0]}×{X.shape[1]} matrix ({X.nnz} stored "
                f"counts), and {function} returns a dense V×V array with −inf where {name} = 0 "
                f"({8.0 * V * V / 2**20:.1f} MiB here): for a large vocabulary use w2vlib.ppmi(X) "
                "(sparse in, sparse out) and truncated_svd(…), which take sparse input; for "
                f"a small one pass {name}.toarray()."
            )
        if form == "densify":
            memory(
                f"the dense {X.shape[0]}×{X.shape[1]} {name}",
                8.0 * X.shape[0] * X.shape[1],
                "pass fewer words (raise min_count), or a function that takes sparse counts.",
            )
            X = X.toarray()
        else:  # a copy: the caller's indices must survive the in-place edits below
            X = sparse.csr_array(X, dtype=np.float64, copy=True)
            X.sum_duplicates()
            _count_values(name, X, X.data)
            X.eliminate_zeros()
            return X
    example = "w2vlib.cooccurrence(sentences, vocab, window=2)"
    _refuse_non_arrays(name, X, "a numeric V×V array of counts", example)
    X = np.asarray(X)
    if X.dtype.kind not in "biuf":
        raise InputError(
            f"{name} must be a numeric V×V array of counts, got dtype {X.dtype}: build it "
            f"with {example}."
        )
    X = real_array(name, X, finite=False, example=example)
    _count_values(name, X, X)
    if form == "sparse":
        from scipy import sparse

        X = sparse.csr_array(X)
        X.sum_duplicates()
        X.eliminate_zeros()
    return X


def _count_values(name: str, X, values: np.ndarray) -> None:
    fix = "build it with w2vlib.cooccurrence(sentences, vocab, window=2)."
    if X.ndim != 2 or X.shape[0] != X.shape[1]:
        raise InputError(
            f"{name} must be a square V×V co-occurrence matrix (centres × contexts over one "
            f"vocabulary), got shape {X.shape}: {fix}"
        )
    if not np.isfinite(values).all() or (values < 0).any():
        raise InputError(
            f"{name} must hold counts (finite and ≥ 0), but it has NaN, inf or negative entries "
            f"(the smallest is {np.min(values)}): {fix}"
        )
    if values.sum() <= 0:
        raise InputError(
            f"the co-occurrence matrix {name} is empty: every count is zero (the corpus gave no "
            "pairs); use a longer corpus or a larger window."
        )


def time(name: str, value: object) -> float:
    """A time t ≥ 0 (a finite real number), e.g. of a continuous-time dynamics."""
    number = isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool
    )
    if not number or not math.isfinite(value) or value < 0:
        raise InputError(
            f"{name} must be a finite number ≥ 0 (a time: η × passes over the corpus), got "
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
            f"{name} is the single string {value!r}, not a list of words: "
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
            f"{name} must be a mapping (a dict) from a group's name to its words, e.g. "
            f"{{'pets': ['cat', 'dog'], 'vehicles': ['car', 'bus']}}, got "
            f"{type(value).__name__} {_shown(value)} (w2vlib.toy_groups() gives one)."
        )
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


def indices(name: str, value: object, size: int, ndim: int = 1) -> np.ndarray:
    array = np.asarray(value)
    if array.ndim != ndim:
        need = "one word index (an int)" if ndim == 0 else f"a {ndim}-D array of word indices"
        raise InputError(f"{name} must be {need}, got shape {array.shape}.")
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
