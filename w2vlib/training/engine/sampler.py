"""Negative samples: Walker's alias method for word2vec's noise distribution P_α.

Each draw is O(1) and exact (no table rounding, unlike word2vec's 1e8-entry
table), and reproducible from the generator it is given. P_α itself is
:func:`w2vlib.analysis.counts.noise_distribution`.
"""

from __future__ import annotations

import numpy as np

from w2vlib.analysis.counts import noise_distribution
from w2vlib.training.engine import kernels


class AliasSampler:
    """Draws word indices from p(w) ∝ count(w)^power in O(1) each (Walker/Vose alias method).

    The V words are cut into V equal slices of probability 1/V. Slice i keeps
    word i with probability ``keep[i]`` and otherwise gives ``alias[i]``. One
    uniform u ∈ [0, 1) picks the slice i = ⌊u·V⌋, and its fractional part
    u·V − i decides between i and alias[i]. The draws are exact (no table
    rounding, unlike word2vec's 1e8-entry table) and reproducible from ``rng``.
    """

    def __init__(self, counts: np.ndarray, power: float = 0.75) -> None:
        self.probabilities = noise_distribution(counts, power)
        self.keep, self.alias = _alias_table(self.probabilities)
        V = len(self.keep)
        # u·V < i + keep[i] keeps slice i's own word: one comparison, no fractional part.
        # Entry V catches u·V rounding up to V (u just below 1): it always takes alias V − 1.
        self._threshold = np.r_[np.arange(V) + self.keep, -np.inf]
        self._alias = np.r_[self.alias, V - 1]
        self._choices = np.r_[np.arange(V + 1), self._alias]  # for the compiled lookup

    def __len__(self) -> int:
        return len(self.keep)

    def draw(
        self, rng: np.random.Generator, shape: tuple[int, ...], out: np.ndarray | None = None
    ) -> np.ndarray:
        """An array of ``shape`` word indices (written into ``out`` if given, an intp array)."""
        u = rng.random(shape)
        words = np.empty(shape, dtype=np.intp) if out is None else out
        compiled = kernels.loaded()  # only if a large run loaded them: the same draws, faster
        if compiled is not None and words.dtype == np.intp and words.flags.c_contiguous:
            compiled.alias_lookup(u.reshape(-1), self._threshold, self._choices, words.reshape(-1))
            return words
        u *= len(self.keep)
        np.copyto(words, u, casting="unsafe")  # truncation = floor, as u ≥ 0: the slice
        use_alias = u >= np.take(self._threshold, words)
        np.copyto(words, np.take(self._alias, words), where=use_alias)
        return words


def _alias_table(probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Vose's construction: pair each under-full slice with an over-full word."""
    V = len(probabilities)
    scaled = probabilities * V
    keep = np.ones(V)
    alias = np.arange(V, dtype=np.intp)
    small = [i for i in range(V) if scaled[i] < 1.0]
    large = [i for i in range(V) if scaled[i] >= 1.0]
    while small and large:
        s, l = small.pop(), large[-1]
        keep[s], alias[s] = scaled[s], l
        scaled[l] -= 1.0 - scaled[s]
        if scaled[l] < 1.0:
            small.append(large.pop())
    # leftovers are 1 up to rounding: they keep their own word
    return keep, alias
