"""The toy corpora are designed exactly; Lee and head500 load from gensim's wheel."""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib as w
from w2vlib.corpora import TOY_CORPORA


@pytest.mark.parametrize(("name", "V"), [("pets_vehicles", 11), ("four_topics", 26)])
def test_toy_corpus_is_deterministic_and_the_seed_only_shuffles(name, V):
    a, b, c = w.toy_corpus(name, seed=0), w.toy_corpus(name, seed=0), w.toy_corpus(name, seed=1)
    assert a == b and a != c
    assert sorted(map(tuple, a)) == sorted(map(tuple, c))
    assert sorted(map(tuple, w.toy_corpus(name, shuffle=False))) == sorted(map(tuple, a))
    assert len(w.Vocab(a)) == V
    assert len(w.toy_corpus(name, repeats=3)) * 20 == len(a) * 3


@pytest.mark.parametrize("name", sorted(TOY_CORPORA))
def test_toy_groups_share_their_context_distribution_exactly(name):
    corpus = w.toy_corpus(name)
    vocab = w.Vocab(corpus)
    X = w.cooccurrence(corpus, vocab, window=2)
    log_p = w.log_conditional(X)
    groups, contexts = w.toy_groups(name), w.toy_contexts(name)
    nouns = {x for members in groups.values() for x in members}
    context_words = vocab.indices([x for x in vocab.words if x not in nouns])
    rows = {g: log_p[vocab.indices(members)][:, context_words] for g, members in groups.items()}
    for g, block in rows.items():
        np.testing.assert_allclose(block, np.broadcast_to(block[0], block.shape), rtol=1e-14)
        # each group's own contexts are seen, the other groups' never
        own = np.isin(context_words, vocab.indices(contexts[g]))
        assert np.isfinite(block[:, own]).all()
        others = np.isin(
            context_words, vocab.indices([c for h in contexts if h != g for c in contexts[h]])
        )
        assert np.isneginf(block[:, others]).all()
    # distinct groups differ, and nouns never co-occur with nouns
    first = [block[0] for block in rows.values()]
    assert all(not np.array_equal(x, y) for i, x in enumerate(first) for y in first[i + 1 :])
    noun_rows = vocab.indices(sorted(nouns))
    assert not X[np.ix_(noun_rows, noun_rows)].any()


def test_four_topics_members_differ_in_frequency_three_two_one():
    vocab = w.Vocab(w.toy_corpus("four_topics"))
    for members in w.toy_groups("four_topics").values():
        counts = vocab.counts[vocab.indices(members)]
        assert counts.tolist() == [3 * counts[2], 2 * counts[2], counts[2]]


def test_unknown_toy_corpus_lists_the_valid_ones():
    for fn in (w.toy_corpus, w.toy_groups, w.toy_contexts):
        with pytest.raises(
            ValueError, match="unknown toy corpus 'pets'.*'pets_vehicles', 'four_topics'"
        ):
            fn("pets")
    with pytest.raises(ValueError, match="repeats must be a whole number"):
        w.toy_corpus(repeats=0)


@pytest.fixture(scope="module")
def lee() -> list[list[str]]:
    pytest.importorskip("gensim")
    return w.load_lee_corpus()


def test_lee_corpus_size(lee):
    tokens = sum(map(len, lee))
    assert len(lee) == 300
    assert 55_000 < tokens < 65_000, tokens


def test_lee_corpus_is_tokenised_like_simple_preprocess(lee):
    from gensim.test.utils import datapath
    from gensim.utils import simple_preprocess

    with open(datapath("lee_background.cor"), encoding="utf-8", errors="replace") as handle:
        lines = [line for line in handle if line.strip()]
    assert lee == [simple_preprocess(line) for line in lines]
    words = {x for doc in lee for x in doc}
    # simple_preprocess: lower-case letters only, 2–15 characters
    assert all(x.isalpha() and x == x.lower() and 2 <= len(x) <= 15 for x in words)
    assert {"the", "australia", "government"} <= words


def test_head500_is_stemmed_and_large():
    pytest.importorskip("gensim")
    corpus = w.load_head500()
    assert 320_000 < sum(map(len, corpus)) < 340_000
    words = set(corpus[0]) | set(corpus[1])
    assert any(x.endswith("i") for x in words)  # Porter stems such as "anarchi"


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"seed": "abc"}, "seed must be a whole number ≥ 0"),
        ({"seed": 1.5}, "seed must be a whole number ≥ 0"),
        ({"seed": -1}, "seed must be a whole number ≥ 0"),
        ({"shuffle": "no"}, "shuffle must be True or False"),  # used to act as True
        ({"repeats": 10**9}, r"repeats=1000000000 would make 1\.2e\+10 sentences"),
        ({"name": 3}, "unknown toy corpus 3"),
    ],
)
def test_toy_corpus_refuses_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        w.toy_corpus(**kwargs)
