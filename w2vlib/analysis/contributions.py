"""Explain an output vector: how much each centre word contributed to chosen rows of W′.

Public API::

    record_contributions(stepper, words, *, steps=None, progress=None) -> OutputContributions
    OutputContributions  .words  .start (R×N)  .pulls, .pushes (R×V×N)
                         .pull_weight, .push_weight (R×V)  .steps
                         .row(word)  .by_centre(word, kind)  .weights(word, kind)
                         .along_row(word, kind, direction)  .top(word, k, kind)
                         .profile_cosine(a, b, kind)

The mathematics (course notation, skip-gram). In one minibatch step with
per-pair step η_t, output row j moves by a sum of copies of the centres' input
vectors (:func:`~w2vlib.pull_decomposition`): for each example b with centre c_b,

    −η_t·(σ(u_bj) − label_bj)·W_in[c_b]   (label 1: j was b's context, a *pull*;
                                          label 0: j was drawn as a negative, a *push*)

(the full softmax: −η_t·(y_bj − t_bj)·W_in[c_b]). Summing these parts over every
step that touched row j, grouped by centre word c, gives the contribution of c
to W_out[j]:

    W_out[j] (after) = W_out[j] (before) + Σ_c (pulls[c] + pushes[c])

exactly, step by step (the parts are those of the trainer's own update; the
test checks it to 1e-12 in float64 and to float32 rounding on the float32
path). W_in[c] moves during training, so each contribution is a sum of copies of
W_in[c] as it was at each step, not a multiple of its final value.

``record_contributions`` advances a :class:`~w2vlib.Stepper` itself (one
``peek`` and one ``step`` per minibatch): the weights it leaves are bit for bit
those of the same run without recording, so ``stepper.result()`` is the Run
that ``train`` would have returned.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from w2vlib import _checks
from w2vlib.analysis.pull import pull_decomposition
from w2vlib.training.guard import progress_bar
from w2vlib.training.stepper import Stepper
from w2vlib.vocab import Vocab

KINDS = ("pull", "push", "net")
MAX_ROWS_BYTES = 2 * 2**30  # the recorded contributions: 2 × R × V × N float64 numbers


@dataclass(frozen=True)
class OutputContributions:
    """The contributions of every centre word to the rows W_out[w] of ``words`` (module doc).

    ``pulls[r, c]`` (N) is the sum of the pull parts of centre c on row ``words[r]``,
    ``pushes[r, c]`` the sum of its push parts; ``pull_weight[r, c]`` and
    ``push_weight[r, c]`` are the sums of their coefficients (η(1 − σ) > 0 and −ησ < 0),
    so they count the copies of W_in[c] that were added. ``start[r]`` is the row
    before recording began (zero for word2vec's initialisation).
    """

    vocab: Vocab
    words: tuple[str, ...]
    start: np.ndarray
    pulls: np.ndarray
    pushes: np.ndarray
    pull_weight: np.ndarray
    push_weight: np.ndarray
    steps: int

    def _index(self, word: str) -> int:
        if word not in self.words:
            raise ValueError(
                f"{word!r} was not recorded: the recorded rows are {list(self.words)}; "
                "pass it to record_contributions(stepper, words=[...])."
            )
        return self.words.index(word)

    def by_centre(self, word: str, kind: str = "net") -> np.ndarray:
        """V×N: each centre word's summed contribution to W_out[word] (pull, push or net)."""
        kind = _checks.choice("kind", kind, KINDS)
        r = self._index(word)
        if kind == "pull":
            return self.pulls[r]
        if kind == "push":
            return self.pushes[r]
        return self.pulls[r] + self.pushes[r]

    def row(self, word: str) -> np.ndarray:
        """W_out[word] rebuilt from the contributions: start + Σ_c (pulls[c] + pushes[c])."""
        r = self._index(word)
        return self.start[r] + self.pulls[r].sum(axis=0) + self.pushes[r].sum(axis=0)

    def along_row(self, word: str, kind: str = "net", direction: np.ndarray | None = None):
        """V numbers: each centre's contribution projected on the unit row (its share of the length).

        With the default direction (the rebuilt row W_out[word] itself) the net
        values add up to ‖W_out[word]‖ minus the start's share. Pass ``direction``
        (N) to project on another vector, e.g. a centred row.
        """
        u = self.row(word) if direction is None else np.asarray(direction, dtype=float)
        norm = np.linalg.norm(u)
        if not norm > 0:
            raise ValueError(f"cannot project on a zero vector: W_out[{word!r}] has not moved.")
        return self.by_centre(word, kind) @ (u / norm)

    def weights(self, word: str, kind: str = "pull") -> np.ndarray:
        """V numbers: how many copies of each W_in[c] were added (pull, > 0) or taken (push, < 0)."""
        kind = _checks.choice("kind", kind, KINDS)
        r = self._index(word)
        if kind == "pull":
            return self.pull_weight[r]
        if kind == "push":
            return self.push_weight[r]
        return self.pull_weight[r] + self.push_weight[r]

    def top(self, word: str, k: int = 10, kind: str = "pull") -> list[tuple[str, float]]:
        """The k centres whose input vectors were added most (pull) or taken most (push).

        Ranked by :meth:`weights`: largest first for pulls and net, most
        negative first for pushes.
        """
        k = _checks.positive_int("k", k)
        weight = self.weights(word, kind)
        order = np.argsort(weight if kind == "push" else -weight, kind="stable")[:k]
        return [(self.vocab.words[c], float(weight[c])) for c in order]

    def profile_cosine(self, a: str, b: str, kind: str = "pull") -> float:
        """Cosine between two rows' per-centre weights (how many copies of each W_in[c] they got).

        ``kind="pull"`` compares ``pull_weight`` (which centres built the row),
        ``"push"`` the push weights, ``"net"`` their sum.
        """
        x, y = self.weights(a, kind), self.weights(b, kind)
        return float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y)))

    def __repr__(self) -> str:
        return (
            f"OutputContributions(words={list(self.words)}, V={len(self.vocab)}, "
            f"steps={self.steps})"
        )


def record_contributions(
    stepper: Stepper,
    words: Sequence[str],
    *,
    steps: int | None = None,
    progress: bool | None = None,
) -> OutputContributions:
    """Train ``stepper`` on, recording how each centre word builds W_out[w] for w in ``words``.

    ``steps``: how many minibatches (None: to the end of the planned epochs,
    as ``train`` does). Skip-gram only (a CBOW example's hidden vector is a mean
    of several words, not one centre's input vector). Each step calls
    :func:`~w2vlib.pull_decomposition` on the examples that touch a recorded row
    (its positives and the examples that drew it as a negative), then applies the
    step as the trainer does. ``progress`` as in ``train``.
    """
    if not isinstance(stepper, Stepper):
        raise TypeError(
            f"stepper must be a w2vlib.Stepper, got {type(stepper).__name__}: build one with "
            "w2vlib.Stepper(sentences, ...) (the arguments of train)."
        )
    if stepper.arch != "skipgram":
        raise ValueError(
            f"record_contributions needs arch='skipgram', got {stepper.arch!r}: a CBOW example's "
            "hidden vector is a mean of its window, not one centre word's input vector."
        )
    if isinstance(words, str):
        raise TypeError(
            f"words must be a list of words, got the string {words!r}: pass [{words!r}]."
        )
    words = tuple(words)
    if not words:
        raise ValueError("words is empty: name at least one word whose output vector to explain.")
    if len(set(words)) != len(words):
        raise ValueError(f"words has repeats: {list(words)}; name each word once.")
    rows = stepper.vocab.indices(words)
    V, N = stepper.W_in.shape
    R = len(rows)
    _checks.memory(
        f"the contributions of {V} centres to {R} rows × dim={N}",
        2 * R * V * N * 8.0,
        "record fewer words at a time.",
        MAX_ROWS_BYTES,
    )
    total = stepper.planned_steps if steps is None else _checks.positive_int("steps", steps)
    start = np.asarray(stepper.W_out[rows], dtype=np.float64).copy()
    # parts[r, 0] are the pulls of row r by centre, parts[r, 1] its pushes; weights likewise
    parts = np.zeros((R, 2, V, N))
    weights = np.zeros((R, 2, V))
    recorded = np.zeros(V, dtype=bool)
    recorded[rows] = True
    show = progress_bar(progress, total)
    first, began = stepper.steps, time.perf_counter()

    def more() -> bool:
        if steps is None:  # Stepper.epoch reaches `epochs` exactly at the end of the last one
            return stepper.epoch < stepper.config.epochs
        return stepper.steps - first < steps

    while more():
        batch = stepper.peek()
        if batch.negatives is None:  # the full softmax: every example moves every row
            examples = np.arange(len(batch.targets))
        else:  # only the examples whose positive or negatives include a recorded row
            hit = recorded[batch.targets] | recorded[batch.negatives].any(axis=1)
            examples = np.flatnonzero(hit)
        if examples.size:
            inputs, targets = batch.inputs[examples], batch.targets[examples]
            negatives = None if batch.negatives is None else batch.negatives[examples]
            W_in, W_out, local = _touched(stepper, inputs, targets, negatives, rows)
            for r, j in enumerate(rows):
                part = pull_decomposition(
                    W_in,
                    W_out,
                    local(inputs),
                    local(targets),
                    int(local(j)),
                    lr=batch.lr,
                    objective=stepper.objective,
                    negatives=None if negatives is None else local(negatives),
                )
                if part.example.size == 0:
                    continue
                where = (np.where(part.is_pull, 0, 1), inputs[part.example])
                np.add.at(parts[r], where, np.asarray(part.parts, dtype=np.float64))
                np.add.at(weights[r], where, np.asarray(part.coefficients, dtype=np.float64))
        stepper.step()
        show(stepper.steps - first, time.perf_counter() - began)
    show(total, time.perf_counter() - began)
    return OutputContributions(
        stepper.vocab,
        words,
        start,
        parts[:, 0],
        parts[:, 1],
        weights[:, 0],
        weights[:, 1],
        stepper.steps - first,
    )


def _touched(stepper: Stepper, inputs, targets, negatives, rows):
    """(W_in, W_out, local): the weights restricted to the rows these examples touch.

    Under negative sampling a row's update reads only W_in of the examples' centres and
    W_out of the row itself, so pull_decomposition on the touched rows gives the same parts
    while checking a few hundred rows instead of all V (``local`` maps a word's row index
    to its index there). The full softmax normalises over every word: it keeps all rows.
    """
    if negatives is None:
        return stepper.W_in, stepper.W_out, lambda ids: ids
    ids = np.unique(np.concatenate([inputs, targets, negatives.ravel(), rows]))
    return stepper.W_in[ids], stepper.W_out[ids], lambda x: np.searchsorted(ids, x)
