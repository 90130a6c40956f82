"""The pull decomposition: one minibatch's update of one output vector W_out[j], part by part.

Public API::

    pull_decomposition(W_in, W_out, inputs, targets, word, *, lr, objective="softmax",
                       negatives=None, arch="skipgram", vocab=None) -> PullDecomposition
    hidden_vectors(W_in, inputs, arch="skipgram") -> np.ndarray      # B×N, the h of each example
    PullDecomposition  .parts (P×N)  .coefficients (P)  .hidden (P×N)  .is_pull (P)
                       .example (P)  .total (N)  .pulls  .pushes

The mathematics (course notation; ``train``'s convention that lr is the step
for *each* pair, so a batch moves the weights by −lr × the *sum* of the
per-pair gradients). For example b with hidden vector h_b (skip-gram:
h_b = W_in[c_b]; CBOW: the mean of its window's input vectors):

* full softmax: every example moves every row. Its part for row j is
  −lr·(y_bj − t_bj)·h_b: a *pull* +lr·(1 − y_bj)·h_b toward h_b when j is
  the observed word (t = 1), a *push* −lr·y_bj·h_b away from it otherwise.
* negative sampling: row j moves only where it was the positive word
  (pull −lr·(σ(W_out[j]·h_b) − 1)·h_b) or a sampled word (push
  −lr·σ(W_out[j]·h_b)·h_b, once per time it was drawn).

The parts sum to the actual change of W_out[j] in that step, which the tests
check to 1e-12 against ``train``'s update −lr·B·∂L̄/∂W_out[j].
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.objectives import ARCHS, OBJECTIVES, cbow_hidden, sigmoid, softmax
from w2vlib.vocab import Vocab


@dataclass(frozen=True)
class PullDecomposition:
    """The update of W_out[``word``] in one minibatch, as a list of P parts.

    Part p is ``coefficients[p] * hidden[p]``: a multiple of one example's
    hidden vector. ``is_pull[p]`` is True where ``word`` was the observed word
    of example ``example[p]`` (coefficient > 0: toward h), False for a push.
    ``total`` (the sum of the parts) is the change of W_out[word] in the step.
    """

    word: int
    objective: str
    lr: float
    example: np.ndarray
    hidden: np.ndarray
    coefficients: np.ndarray
    is_pull: np.ndarray
    label: str | None = None  # the word itself, when a vocabulary was given

    @property
    def parts(self) -> np.ndarray:
        """P×N: each part's vector, coefficient × hidden vector."""
        return self.coefficients[:, None] * self.hidden

    @property
    def total(self) -> np.ndarray:
        """The change of W_out[word] in this step: the sum of the parts."""
        return self.parts.sum(axis=0)

    @property
    def pulls(self) -> np.ndarray:
        """The parts toward a hidden vector (``word`` was the observed word)."""
        return self.parts[self.is_pull]

    @property
    def pushes(self) -> np.ndarray:
        """The parts away from a hidden vector (``word`` was predicted but not observed)."""
        return self.parts[~self.is_pull]

    def __repr__(self) -> str:
        return (
            f"PullDecomposition(word={self.label or self.word!r}, {self.objective}, "
            f"{int(self.is_pull.sum())} pulls, "
            f"{int((~self.is_pull).sum())} pushes, |total|={np.linalg.norm(self.total):.3g})"
        )


def hidden_vectors(W_in: np.ndarray, inputs: np.ndarray, arch: str = "skipgram") -> np.ndarray:
    """The hidden vector of each example: W_in[c] (skip-gram) or the window mean (CBOW)."""
    arch = _checks.choice("arch", arch, ARCHS)
    W_in = _checks.matrix("W_in", W_in)
    V = W_in.shape[0]
    if arch == "skipgram":
        return W_in[_checks.indices("inputs (the centre words)", inputs, V)]
    windows = np.asarray(inputs)
    if windows.ndim != 2:
        raise ValueError(
            f"for CBOW, inputs must be B×2w windows padded with −1, got shape {windows.shape}."
        )
    _checks.indices("inputs (the windows)", np.where(windows < 0, 0, windows), V, ndim=2)
    if np.any(windows < -1):  # −1 is the padding; any other negative is a bad index, not a gap
        raise IndexError("windows may hold −1 for padding but no other negative index.")
    return cbow_hidden(W_in, windows.astype(np.intp))[0]


def pull_decomposition(
    W_in: np.ndarray,
    W_out: np.ndarray,
    inputs: np.ndarray,
    targets: np.ndarray,
    word: int,
    *,
    lr: float,
    objective: str = "softmax",
    negatives: np.ndarray | None = None,
    arch: str = "skipgram",
    vocab: Vocab | None = None,
) -> PullDecomposition:
    """Split one minibatch's update of W_out[word] into one part per example (see module doc).

    ``inputs``/``targets`` are what ``train`` feeds a step: skip-gram centres
    and contexts, or CBOW windows (B×2w) and centres. ``lr`` is the per-pair
    step at that moment (``Run.lrs[step]``). ``negatives`` (B×K) is required
    for ``objective="negative"``. ``word`` is a row index (``vocab[word]``), or
    the word itself when ``vocab`` is given; with ``vocab`` the result prints the word.
    """
    objective = _checks.choice("objective", objective, OBJECTIVES)
    lr = _checks.positive_float("lr", lr)
    W_in = _checks.matrix("W_in", W_in)
    W_out = _checks.matrix("W_out", W_out, rows=W_in.shape[0], cols=W_in.shape[1])
    V = W_in.shape[0]
    H = hidden_vectors(W_in, inputs, arch)
    targets = _checks.indices("targets", targets, V)
    _checks.same_length(inputs=H, targets=targets)
    if vocab is not None and len(vocab) != V:
        raise ValueError(
            f"vocab has {len(vocab)} words but W_in has {V} rows: pass the run's vocab."
        )
    if isinstance(word, str):
        if vocab is None:
            raise TypeError(
                f"word must be a row index, got the string {word!r}: pass vocab[{word!r}], "
                "or vocab=vocab."
            )
        word = vocab[word]
    if isinstance(word, bool) or not isinstance(word, int | np.integer):
        raise TypeError(f"word must be a word or a row index, got {type(word).__name__} {word!r}.")
    j = int(_checks.indices("word", np.array([word]), V)[0])
    label = vocab.words[j] if vocab is not None else None
    scores = H @ W_out[j]  # u_bj = W_out[j]·h_b for every example b

    if objective == "softmax":
        if negatives is not None:
            raise ValueError("negatives are only used with objective='negative': drop them.")
        y = softmax(H @ W_out.T)[:, j]
        t = (targets == j).astype(np.float64)
        example = np.arange(len(H))
        return PullDecomposition(j, objective, lr, example, H, -lr * (y - t), t == 1.0, label)

    if negatives is None:
        raise ValueError(
            "objective='negative' needs the batch's sampled words: pass negatives (B×K)."
        )
    negatives = _checks.indices("negatives", negatives, V, ndim=2)
    _checks.same_length(inputs=H, negatives=negatives)
    positive = np.flatnonzero(targets == j)
    # a word drawn several times for one example is pushed once per draw
    sampled = np.repeat(np.arange(len(H)), (negatives == j).sum(axis=1))
    example = np.concatenate([positive, sampled])
    g = sigmoid(scores[example]) - np.r_[np.ones(len(positive)), np.zeros(len(sampled))]
    is_pull = np.r_[np.ones(len(positive), bool), np.zeros(len(sampled), bool)]
    return PullDecomposition(j, objective, lr, example, H[example], -lr * g, is_pull, label)
