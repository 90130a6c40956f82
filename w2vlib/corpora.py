"""Corpora for the course: designed toy corpora and the Lee news corpus shipped with gensim.

The toy corpora are built so that the answer is known in advance: words in one
group share their context words *exactly*, so a correct word2vec must give
them alike output vectors (rows of W_out), and words in different groups must
differ.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from w2vlib._checks import choice, flag, positive_int
from w2vlib._checks import seed as checked_seed

MAX_TOY_SENTENCES = 10_000_000  # a toy corpus larger than this is a typo in repeats


@dataclass(frozen=True)
class ToySpec:
    """The design of one toy corpus.

    ``groups[g]`` are the member words of group g; each member appears in the
    sentences built from ``templates`` with every one of ``contexts[g]``, and
    the sentences of the i-th member of a group are repeated ``weights[i]·repeats``
    times, so members' frequencies are in the ratio of ``weights``. Members of a
    group therefore have different frequencies but identical context *distributions*.
    """

    groups: dict[str, tuple[str, ...]]
    contexts: dict[str, tuple[str, ...]]
    function_words: tuple[str, ...]
    weights: tuple[int, ...]
    templates: tuple[str, ...]
    summary: str


TOY_CORPORA: dict[str, ToySpec] = {
    "pets_vehicles": ToySpec(
        groups={"pets": ("cat", "dog", "rabbit"), "vehicles": ("car", "bus", "truck")},
        contexts={"pets": ("feed", "pet"), "vehicles": ("drive", "park")},
        function_words=("the",),
        weights=(1, 1, 1),
        templates=("{context} the {word}",),
        summary="6 nouns in 2 groups; 'feed/pet the cat' and 'drive/park the car'.",
    ),
    "four_topics": ToySpec(
        groups={
            "animals": ("cat", "dog", "horse"),
            "vehicles": ("car", "bus", "train"),
            "foods": ("bread", "rice", "soup"),
            "tools": ("hammer", "saw", "drill"),
        },
        contexts={
            "animals": ("feed", "pet", "furry"),
            "vehicles": ("drive", "park", "fast"),
            "foods": ("eat", "cook", "warm"),
            "tools": ("use", "hold", "sharp"),
        },
        function_words=("the", "a"),
        weights=(3, 2, 1),
        templates=("{context} the {word}", "{context} a {word}"),
        summary="12 nouns in 4 groups, members 3:2:1 in frequency, two function words.",
    ),
}


def toy_corpus(
    name: str = "pets_vehicles", seed: int = 0, repeats: int = 20, shuffle: bool = True
) -> list[list[str]]:
    """A designed toy corpus whose word groups share their contexts exactly.

    ``"pets_vehicles"`` (V = 11): sentences ``[verb, "the", noun]`` for every
    verb × noun of a group, each repeated ``repeats`` times::

        pets:     cat, dog, rabbit      contexts: feed, pet
        vehicles: car, bus, truck       contexts: drive, park
        function word: the (next to every noun)

    ``"four_topics"`` (V = 26): four groups of three nouns (animals, vehicles,
    foods, tools), each with two verbs and an adjective as contexts, in
    sentences ``[context, "the"|"a", noun]``. Within a group the members occur
    3 : 2 : 1 times as often, so frequency differs while the distribution of
    contexts p(o | word) is identical.

    With ``window >= 2`` every word of a sentence is in every other word's
    window, so the co-occurrence counts are exact multiples of the design. The
    sentences are the same multiset for every seed; ``seed`` only shuffles
    their order (deterministically).
    """
    spec = TOY_CORPORA[choice("toy corpus", name, tuple(TOY_CORPORA))]
    repeats = positive_int("repeats", repeats)
    seed, shuffle = checked_seed(seed), flag("shuffle", shuffle)
    per_repeat = sum(spec.weights) * len(spec.templates) * len(next(iter(spec.contexts.values())))
    per_repeat *= len(spec.groups)
    if repeats * per_repeat > MAX_TOY_SENTENCES:
        raise ValueError(
            f"repeats={repeats} would make {repeats * per_repeat:.3g} sentences: the toy corpora "
            "are exact with any repeats; 20 (the default) is plenty."
        )
    sentences: list[list[str]] = []
    for group, members in spec.groups.items():
        for weight, word in zip(spec.weights, members, strict=True):
            for context in spec.contexts[group]:
                for template in spec.templates:
                    sentence = template.format(context=context, word=word).split()
                    sentences.extend([sentence] * (weight * repeats))
    if shuffle:
        order = np.random.default_rng(seed).permutation(len(sentences))
        sentences = [sentences[i] for i in order]
    return [list(s) for s in sentences]


def toy_groups(name: str = "pets_vehicles") -> dict[str, list[str]]:
    """The member words of each group of a toy corpus: ``{group: [words]}``."""
    spec = TOY_CORPORA[choice("toy corpus", name, tuple(TOY_CORPORA))]
    return {g: list(words) for g, words in spec.groups.items()}


def toy_contexts(name: str = "pets_vehicles") -> dict[str, list[str]]:
    """The context words that each group's members appear with (function words excluded)."""
    spec = TOY_CORPORA[choice("toy corpus", name, tuple(TOY_CORPORA))]
    return {g: list(words) for g, words in spec.contexts.items()}


def gensim_datapath(filename: str) -> str:
    """The path of a data file that gensim's wheel ships (head500, Lee, the similarity sets)."""
    try:
        from gensim.test.utils import datapath
    except ImportError as error:
        raise ImportError(
            "this needs gensim, whose wheel ships the data file "
            f"{filename!r}: install it with `pip install 'gensim>=4,<5'` "
            "(or run `make lab`, which installs requirements.txt)."
        ) from error
    return datapath(filename)


def load_lee_corpus() -> list[list[str]]:
    """The Lee background news corpus that gensim's wheel ships (~60k tokens, 300 documents).

    Each line is one document, tokenised with ``gensim.utils.simple_preprocess``
    (lower case, letters only, tokens of 2–15 characters). Nothing is downloaded.
    """
    path = gensim_datapath("lee_background.cor")
    from gensim.utils import simple_preprocess

    with open(path, encoding="utf-8", errors="replace") as handle:
        return [simple_preprocess(line) for line in handle if line.strip()]


def load_head500() -> list[list[str]]:
    """gensim's ``head500.noblanks.cor``: 331k Porter-stemmed tokens, whitespace-separated."""
    path = gensim_datapath("head500.noblanks.cor")
    with open(path, encoding="utf-8", errors="replace") as handle:
        return [line.split() for line in handle if line.strip()]
