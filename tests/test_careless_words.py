"""Careless inputs about words, vocabularies, groups, corpora and models get a clear w2vlib error."""

from __future__ import annotations

import numpy as np
import pytest

import w2vlib as w

PETS = w.toy_corpus("pets_vehicles")


@pytest.fixture(scope="module")
def run():
    return w.train(PETS, dim=3, epochs=2, snapshot_every=20, seed=0, progress=False)


def refused(call, match, error=None):
    with pytest.raises(error or w.InputError, match=match):
        call()


@pytest.mark.parametrize(
    "words, counts",
    [(None, None), ("abc", [1, 2, 3]), (b"abc", [1, 2, 3]), (5, [1])],
    ids=["None", "a string", "bytes", "a number"],
)
def test_vocab_from_counts_wants_a_list_of_words_not_a_string_read_letter_by_letter(words, counts):
    refused(lambda: w.Vocab.from_counts(words, counts), r"list of words.*\[")


@pytest.mark.parametrize("word", ["cat\n", " cat", "cat dog", "", "\t"])
def test_a_word_with_whitespace_is_refused_so_that_cat_newline_is_not_a_second_cat(word):
    refused(lambda: w.Vocab.from_counts([word, "dog"], [1, 2]), r"whitespace.*split")
    refused(lambda: w.Vocab([[word, "dog"]]), r"whitespace.*split")


def test_every_pair_out_of_vocabulary_is_refused_naming_the_fix():
    vocab = w.Vocab.from_counts(["cat", "dog", "car"], [3, 2, 1])
    refused(
        lambda: w.evaluate_similarity(np.eye(3), vocab),
        r"0 of \d+ word pairs.*in the vocabulary.*(min_count|word_map|larger corpus)",
    )


def test_a_list_of_words_where_the_vocab_belongs_is_refused(run):
    refused(
        lambda: w.evaluate_similarity(run.W_out, run.vocab.words),
        r"w2vlib\.Vocab.*(run\.vocab|Vocab\()",
    )


@pytest.mark.parametrize(
    "groups",
    [{"pets": ["cat", "dog"], "mixed": ["cat", "car"]}, {"a": ["cat"], "b": ["dog", "cat"]}],
)
def test_a_word_in_two_groups_is_refused_since_it_inflates_the_comparison(run, groups):
    refused(
        lambda: w.group_cosines(run.W_out, run.vocab, groups),
        r"'cat' is in two groups.*put each word in one group",
    )


@pytest.mark.parametrize("groups", [["cat", "dog"], "cat", None])
def test_a_list_where_groups_belong_is_refused_with_an_example_dict(run, groups):
    refused(lambda: w.group_cosines(run.W_out, run.vocab, groups), r"dict.*\{'pets'")
    refused(
        lambda: w.animations.group_cosines_over_training(run, groups),
        r"dict.*\{'pets'",
    )


def test_plot_trajectories_of_more_words_than_can_be_read_is_refused_like_the_explorer():
    many = [f"w{i}" for i in range(200)]
    corpus = [many[i : i + 10] for i in range(0, 200, 5)]
    crowded = w.train(corpus, dim=2, epochs=1, snapshot_every=5, progress=False)
    refused(lambda: w.plots.plot_trajectories(crowded, many), r"at most 40 words.*words\[:40\]")


@pytest.mark.parametrize("thing", ["anim", None, 3])
def test_animations_show_wants_an_animation(thing):
    refused(lambda: w.animations.show(thing), r"animation.*e\.g\. .*animations\.")


def test_from_gensim_refuses_a_doc2vec_model():
    from gensim.models.doc2vec import Doc2Vec, TaggedDocument

    docs = [TaggedDocument(s, [i]) for i, s in enumerate(PETS)]
    model = Doc2Vec(docs, dm=0, vector_size=4, min_count=1, epochs=1, workers=1)
    refused(lambda: w.from_gensim(model), r"Doc2Vec.*Word2Vec\(")


@pytest.mark.parametrize(
    "settings, message",
    [
        (dict(max_tokens="100"), r"max_tokens must be a whole number.*Or None"),
        (dict(max_tokens=0), r"max_tokens must be a whole number.*Or None"),
        (dict(seed="a"), r"seed must be.*e\.g\. seed=0"),
        (dict(seed=-1), r"seed must be.*e\.g\. seed=0"),
    ],
)
def test_load_corpus_checks_its_arguments_before_looking_for_files(tmp_path, settings, message):
    from w2vlib.bigcorpus import load_corpus

    refused(lambda: load_corpus(tmp_path, **settings), message)


def test_a_corpus_file_deleted_after_building_says_to_build_again(tmp_path):
    import json

    from w2vlib import bigcorpus

    name = next(iter(bigcorpus.SOURCES))
    manifest = {name: {"status": "built", "documents": 1, "tokens": 3}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))  # built, then its text deleted
    with pytest.raises(FileNotFoundError, match=rf"{name}\.txt.*missing.*make corpus"):
        bigcorpus.load_corpus(tmp_path)
