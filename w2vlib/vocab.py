"""The vocabulary: words ↔ row indices of W_in and W_out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from w2vlib._checks import positive_int, unknown_word


class Vocab:
    """Words kept from a corpus, most frequent first.

    ``Vocab(sentences, min_count)`` keeps every word that occurs at least
    ``min_count`` times. Index i is row i of both W_in and W_out. Words are
    sorted by count, most frequent first (as word2vec does); ties keep the
    order of first appearance, so the same corpus always gives the same indices.

    >>> vocab = Vocab([["the", "cat"], ["the", "dog"]])
    >>> vocab["the"], vocab.words, vocab.counts.tolist()
    (0, ['the', 'cat', 'dog'], [2, 1, 1])
    """

    def __init__(self, sentences: Iterable[Sequence[str]], min_count: int = 1) -> None:
        min_count = positive_int("min_count", min_count)
        counts: Counter[str] = Counter()
        for sentence in sentences:
            _refuse_plain_string(sentence)
            counts.update(sentence)
        if not counts:
            raise ValueError("the corpus is empty: pass a list of sentences, each a list of words.")
        kept = [
            (w, c) for w, c in counts.items() if c >= min_count
        ]  # Counter keeps first-seen order
        if not kept:
            raise ValueError(
                f"the vocabulary is empty: no word occurs at least min_count={min_count} times "
                f"(the most frequent occurs {max(counts.values())} times); lower min_count."
            )
        kept.sort(key=lambda wc: -wc[1])  # stable, so ties keep first-appearance order
        self.words: list[str] = [w for w, _ in kept]
        self.counts: np.ndarray = np.array([c for _, c in kept], dtype=np.int64)
        self.min_count = min_count
        self._index = {w: i for i, w in enumerate(self.words)}

    @classmethod
    def from_counts(cls, words: Sequence[str], counts: Sequence[int]) -> Vocab:
        """A vocabulary with given words and counts (whole numbers ≥ 1), kept in the given order."""
        if len(words) != len(counts):
            raise ValueError(
                f"{len(words)} words but {len(counts)} counts: pass one count per word."
            )
        if not words:
            raise ValueError("the vocabulary is empty: pass at least one word.")
        numbers = np.asarray(counts)
        # a negative or fractional count would silently skew frequencies() and the samplers
        if not (
            numbers.ndim == 1
            and np.issubdtype(numbers.dtype, np.number)
            and np.all(np.isfinite(numbers))
            and np.all(numbers == np.round(numbers))
            and numbers.min() >= 1
        ):
            raise ValueError(
                f"counts must be whole numbers ≥ 1, one per word, got {list(counts)[:8]!r}: "
                "pass each word's number of occurrences in the corpus."
            )
        vocab = cls.__new__(cls)
        vocab.words = list(words)
        vocab.counts = numbers.astype(np.int64)
        vocab.min_count = int(vocab.counts.min())
        vocab._index = {w: i for i, w in enumerate(vocab.words)}
        if len(vocab._index) != len(vocab.words):
            raise ValueError("the vocabulary has a repeated word: each word must appear once.")
        return vocab

    def __getitem__(self, word: str) -> int:
        try:
            return self._index[word]
        except KeyError:
            raise unknown_word(word, self.words) from None
        except TypeError:  # unhashable, e.g. a list of words
            raise TypeError(
                f"vocab[...] takes one word, got {type(word).__name__} {word!r}: "
                "for several words use vocab.indices(words)."
            ) from None

    def __contains__(self, word: object) -> bool:
        return word in self._index

    def __len__(self) -> int:
        return len(self.words)

    def __iter__(self) -> Iterator[str]:
        return iter(self.words)

    def __repr__(self) -> str:
        head = ", ".join(self.words[:8]) + (", …" if len(self.words) > 8 else "")
        return f"Vocab({len(self)} words: {head})"

    def indices(self, words: Iterable[str]) -> np.ndarray:
        """Row indices of several words; an unknown word raises with suggestions."""
        if isinstance(words, str):  # would otherwise be read letter by letter
            raise TypeError(
                f"indices takes a list of words, got the plain string {words[:30]!r}: "
                f"pass [{words[:30]!r}] for one word, or split a sentence first."
            )
        return np.array([self[w] for w in words], dtype=np.intp)

    def encode(self, sentences: Iterable[Sequence[str]]) -> list[np.ndarray]:
        """Each sentence as an array of indices, dropping words outside the vocabulary.

        Dropping before windowing is what word2vec does: a rare word does not
        take up a place in its neighbours' windows.
        """
        index = self._index
        encoded = []
        for sentence in sentences:
            # a plain string would be read letter by letter, every letter dropped, silently
            _refuse_plain_string(sentence)
            encoded.append(np.fromiter((index[w] for w in sentence if w in index), dtype=np.intp))
        return encoded

    def frequencies(self) -> np.ndarray:
        """Unigram probabilities p(w) = count(w) / total."""
        return self.counts / self.counts.sum()


def _refuse_plain_string(sentence: object) -> None:
    if isinstance(sentence, str):
        raise TypeError(
            "sentences must be lists of tokens, got a plain string "
            f"{sentence[:30]!r}: split it first, e.g. sentence.split()."
        )
