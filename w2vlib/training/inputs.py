"""The checks of a Stepper's data: its vocabulary, its corpus's pairs, replaced weights, the cost.

Each refusal names the problem and the fix (see :mod:`w2vlib._checks`); the cost of
training is estimated before anything is built, so that a typo such as window=10**6
or dim=10**6 is priced (refused, or announced with its estimate) instead of run.
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks
from w2vlib.pairs import expected_examples
from w2vlib.vocab import Vocab

MAX_USUAL_DIM = 10_000
"""A dim beyond this is announced: word2vec uses 50–300, and each step costs dim × rows."""


def check_epoch_cost(
    lengths: np.ndarray,
    config,
    keep: np.ndarray,
    counts: np.ndarray,
    batch_size: int,
    seconds_per_example: float,
) -> None:
    """Refuse (or announce) one epoch estimated beyond the limits of :func:`w2vlib._checks.work`.

    ``lengths``: each sentence's length in (in-vocabulary) tokens; ``seconds_per_example``:
    see :func:`seconds_per_example`.
    """
    c = config
    kept = float(keep @ counts / counts.sum())  # the share of tokens subsampling keeps
    per_epoch = kept**2 * expected_examples(lengths, c.window, c.arch, c.shrink_windows)
    seconds = _checks.training_seconds(per_epoch / batch_size, batch_size, seconds_per_example)
    what = f"one epoch of {per_epoch:.3g} examples at window={c.window}, dim={c.dim}"
    fix = "lower window (word2vec uses 5) or dim (50–300), or train on fewer sentences."
    if c.dim > MAX_USUAL_DIM:  # announced even when quick: most likely a typo
        what += (
            f" (dim={c.dim} is far beyond word2vec's 50–300, and {len(counts)} words "
            f"give scores of rank ≤ {len(counts)})"
        )
    _checks.work(what, seconds, fix, announce=c.dim > MAX_USUAL_DIM)


def seconds_per_example(lengths: np.ndarray, config, V: int) -> float:
    """About how long one example takes (:func:`w2vlib._checks.example_seconds`), on average.

    The output rows it scores (k + 1 under negative sampling, all V under the softmax)
    and, for CBOW, its window: 2·reach slots, reach = min(window, longest sentence − 1),
    of which the context rows it averages are the skip-gram pairs per CBOW example.
    Without them a CBOW window of 10**6 would be priced like a window of 1.
    """
    c = config
    scored = c.negative + 1 if c.objective == "negative" else V
    if c.arch != "cbow":
        return _checks.example_seconds(scored, c.dim)
    examples = expected_examples(lengths, c.window, "cbow", c.shrink_windows)
    pairs = expected_examples(lengths, c.window, "skipgram", c.shrink_windows)
    slots = 2 * window_reach(lengths, c.window)
    return _checks.example_seconds(scored, c.dim, slots, pairs / max(examples, 1.0))


def window_reach(lengths: np.ndarray, window: int) -> int:
    """The widest window the corpus can use: min(window, longest sentence − 1), at least 1."""
    return min(window, max(int(np.max(lengths, initial=0)) - 1, 1))


def checked_weights(name: str, value: object, shape: tuple[int, int], dtype) -> np.ndarray:
    """Weights assigned to a Stepper: V×N, finite, copied into the working precision."""
    V, N = shape
    array = _checks.real_array(name, value, ndim=2, example=f"a V×N array of shape ({V}, {N})")
    if array.shape != (V, N):
        turned = " (transposed? pass its .T)" if array.shape == (N, V) else ""
        raise _checks.InputError(
            f"{name} must be V×N = ({V}, {N}) for this Stepper, one row per vocabulary word, "
            f"got shape {array.shape}{turned}."
        )
    return np.array(array, dtype=dtype, order="C")  # a copy the kernels own


def refuse_corpora_without_pairs(lengths: np.ndarray, vocab) -> None:
    """A clear error for a corpus that cannot give one (centre, context) pair."""
    if np.sum(lengths) == 0 and vocab is not None:
        raise _checks.InputError(
            f"none of the corpus's words are in the given vocab ({len(vocab)} words, e.g. "
            f"{vocab.words[:3]}): pass the vocab built from these sentences, Vocab(sentences), "
            "or leave vocab out."
        )
    if np.max(lengths, initial=0) < 2:
        raise _checks.InputError(
            "the corpus is empty of pairs: every sentence has a single word (in the vocabulary), "
            "so it gives no pairs; a pair needs two words in one sentence, e.g. "
            "[['the', 'cat', 'sat'], ['a', 'dog', 'ran']]."
        )


def checked_vocabulary(sentences: list, vocab: object, min_count: int) -> Vocab:
    """The given vocabulary (checked), or one built from the sentences."""
    if vocab is None:
        return Vocab(sentences, min_count=min_count)
    if not isinstance(vocab, Vocab):
        raise _checks.InputError(
            f"vocab must be a w2vlib.Vocab, got {type(vocab).__name__}: build one with "
            "Vocab(sentences, min_count=...), or leave vocab out."
        )
    if min_count not in (1, vocab.min_count):
        raise _checks.InputError(
            f"min_count={min_count} has no effect with a given vocab (built with min_count="
            f"{vocab.min_count}): pass Vocab(sentences, min_count={min_count}) instead, "
            "or leave min_count out."
        )
    return vocab
