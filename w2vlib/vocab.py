"""The vocabulary: words ↔ row indices of W_in and W_out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

import numpy as np

from w2vlib import _checks
from w2vlib._checks import positive_int, unknown_word

EXAMPLE = "e.g. [['the', 'cat', 'sat'], ['the', 'dog', 'ran']]"


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
        sentences = checked_sentences(sentences)
        counts: Counter[str] = Counter()
        for number, sentence in enumerate(sentences):
            try:
                counts.update(sentence)
            except TypeError:  # an unhashable token, e.g. a list: one nesting level too many
                _refuse_bad_words(sentence, number)
                raise
        for word in counts:  # one check per distinct word, not per token
            if not isinstance(word, str):
                _refuse_bad_words([word], None)
            _checks.word("word", word)  # "the cat sat" as one token, "", or "cat\n" beside "cat"
        if not counts:
            raise _checks.InputError(
                f"the corpus is empty: pass a list of sentences, each a list of words, {EXAMPLE}."
            )
        kept = [
            (w, c) for w, c in counts.items() if c >= min_count
        ]  # Counter keeps first-seen order
        if not kept:
            raise _checks.InputError(
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
        if isinstance(words, Iterable) and not isinstance(words, str | bytes):
            words = list(words)
            _refuse_bad_words(words, None)  # a number, None or bytes, each with its own fix
        words = _checks.words("words", words)
        if isinstance(counts, str | bytes) or not hasattr(counts, "__len__"):
            raise _checks.InputError(
                f"counts must be a list of whole numbers ≥ 1, one per word, got {counts!r}: "
                "e.g. Vocab.from_counts(['cat', 'dog'], [3, 2])."
            )
        if len(words) != len(counts):
            raise _checks.InputError(
                f"{len(words)} words but {len(counts)} counts: pass one count per word."
            )
        numbers = np.asarray(counts)
        # a negative or fractional count would silently skew frequencies() and the samplers
        if not (
            numbers.ndim == 1
            and np.issubdtype(numbers.dtype, np.number)
            and np.all(np.isfinite(numbers))
            and np.all(numbers == np.round(numbers))
            and numbers.min() >= 1
        ):
            raise _checks.InputError(
                f"counts must be whole numbers ≥ 1, one per word, got {list(counts)[:8]!r}: "
                "pass each word's number of occurrences in the corpus."
            )
        vocab = cls.__new__(cls)
        vocab.words = list(words)
        vocab.counts = numbers.astype(np.int64)
        vocab.min_count = int(vocab.counts.min())
        vocab._index = {w: i for i, w in enumerate(vocab.words)}
        if len(vocab._index) != len(vocab.words):
            raise _checks.InputError(
                "the vocabulary has a repeated word: each word must appear once."
            )
        return vocab

    def __getitem__(self, word: str) -> int:
        if isinstance(word, int | np.integer) and not isinstance(word, bool):
            row = f" (vocab.words[{word}] is {self.words[word]!r})" if 0 <= word < len(self) else ""
            raise _checks.InputError(
                f"vocab[...] takes a word, got the number {int(word)}{row}: pass the word itself, "
                "e.g. vocab['cat']; vocab.words[i] gives the word of row i."
            )
        if not isinstance(word, str) and isinstance(word, Iterable):
            raise _checks.InputError(
                f"vocab[...] takes one word, got {type(word).__name__} {word!r}: "
                "for several words use vocab.indices(words)."
            )
        if not isinstance(word, str):
            raise _checks.InputError(
                f"vocab[...] takes a word (a string), got {type(word).__name__} {word!r}."
            )
        try:
            return self._index[word]
        except KeyError:
            raise unknown_word(word, self.words) from None
        except TypeError:  # unhashable, e.g. a list of words
            raise _checks.InputError(
                f"vocab[...] takes one word, got {type(word).__name__} {word!r}: "
                "for several words use vocab.indices(words)."
            ) from None

    def __contains__(self, word: object) -> bool:
        try:
            return word in self._index
        except TypeError:  # unhashable: certainly not a word
            return False

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
            raise _checks.InputError(
                f"indices takes a list of words, got the plain string {words[:30]!r}: "
                f"pass [{words[:30]!r}] for one word, or split a sentence first."
            )
        return np.array([self[w] for w in words], dtype=np.intp)

    def encode(self, sentences: Iterable[Sequence[str]]) -> list[np.ndarray]:
        """Each sentence as an array of indices, dropping words outside the vocabulary.

        Dropping before windowing is what word2vec does: a rare word does not
        take up a place in its neighbours' windows.
        """
        return list(self.iter_encode(sentences))

    def iter_encode(
        self, sentences: Iterable[Sequence[str]], dtype: type = np.intp
    ) -> Iterator[np.ndarray]:
        """:meth:`encode`, one sentence at a time (the trainer packs a large corpus as it reads)."""
        index = self._index
        for number, sentence in enumerate(checked_sentences(sentences)):
            try:
                rows = np.fromiter((index[w] for w in sentence if w in index), dtype=dtype)
            except TypeError:  # an unhashable token
                _refuse_bad_words(sentence, number)
                raise
            if len(rows) < len(sentence):  # dropped words: rare ones, or not words at all?
                _refuse_bad_words([w for w in sentence if w not in index], number)
            yield rows

    def frequencies(self) -> np.ndarray:
        """Unigram probabilities p(w) = count(w) / total."""
        return self.counts / self.counts.sum()


def checked_sentences(sentences: object) -> list | tuple:
    """The corpus as a list of sentences, each a sequence of words, or an error that shows the fix.

    A generator is read into a list (it is needed twice: vocabulary, then pairs).
    """
    if isinstance(sentences, str | bytes):
        raise _checks.InputError(
            f"the corpus is one plain string {sentences[:30]!r}: pass a list of sentences, each a "
            f"list of words, {EXAMPLE}; for one text use [text.split()]."
        )
    if isinstance(sentences, dict) or not isinstance(sentences, Iterable):
        raise _checks.InputError(
            f"the corpus must be a list of sentences, got {type(sentences).__name__}: {EXAMPLE}."
        )
    if not isinstance(sentences, list | tuple):
        sentences = list(sentences)
    for number, sentence in enumerate(sentences):
        _refuse_bad_sentence(sentences, sentence, number)
    return sentences


def _refuse_bad_sentence(sentences: Sequence, sentence: object, number: int) -> None:
    if isinstance(sentence, str):
        if all(isinstance(s, str) and len(s.split()) == 1 for s in sentences):
            raise _checks.InputError(
                f"got a list of words {list(sentences[:4])!r}… where a list of sentences belongs: "
                "for one sentence wrap it in a list, [words]."
            )
        raise _checks.InputError(
            f"sentence {number} is a plain string {sentence[:30]!r}: sentences must be lists of "
            "words; split them first, e.g. [text.split() for text in texts]."
        )
    if isinstance(sentence, bytes):
        raise _checks.InputError(
            f"sentence {number} is bytes {sentence[:30]!r}: decode it into words first, "
            "e.g. [line.decode('utf-8').split() for line in lines]."
        )
    if isinstance(sentence, np.ndarray) and sentence.ndim == 1:
        return
    if not isinstance(sentence, Sequence):
        kind = type(sentence).__name__
        raise _checks.InputError(
            f"sentence {number} is a {kind}, not a list of words: word order matters, so pass "
            f"each sentence as a list, {EXAMPLE}."
        )


def _refuse_bad_words(words: Iterable[object], number: int | None) -> None:
    """Raise if any of ``words`` is not a string: a number, None, NaN, bytes or a nested list."""
    where = f" in sentence {number}" if number is not None else ""
    for word in words:
        if isinstance(word, str):
            continue
        if isinstance(word, list | tuple | np.ndarray):
            fix = "each sentence must be a flat list of words (one level of nesting too many?)"
        elif isinstance(word, bytes):
            fix = "decode it first, e.g. word.decode('utf-8')"
        elif word is None or (isinstance(word, float) and word != word):
            fix = "drop the missing values (None, NaN) from the sentences"
        elif isinstance(word, int | np.integer):
            fix = "these look like word indices: pass the words (vocab.words[i]), not numbers"
        else:
            fix = "convert the tokens to strings first"
        raise _checks.InputError(
            f"words must be strings, got {type(word).__name__} {word!r}{where}: {fix}."
        )


def require_vocab(value: object, caller: str) -> None:
    """Refuse anything but a Vocab where one is expected (e.g. swapped arguments)."""
    if not isinstance(value, Vocab):
        raise _checks.InputError(
            f"{caller} takes a w2vlib.Vocab as vocab, got {type(value).__name__}: pass run.vocab, "
            "or build one with Vocab(sentences) (are two arguments swapped?)."
        )
