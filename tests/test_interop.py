"""gensim interop: a Run becomes KeyedVectors, and a gensim Word2Vec becomes a Run."""

from __future__ import annotations

import numpy as np
import pytest

gensim_models = pytest.importorskip("gensim.models")

from w2vlib import (  # noqa: E402
    Run,
    from_gensim,
    group_cosines,
    nearest,
    toy_corpus,
    toy_groups,
    train,
)

SENTENCES = toy_corpus("pets_vehicles", repeats=5)


@pytest.fixture(scope="module")
def run() -> Run:
    return train(SENTENCES, dim=6, window=2, epochs=3, seed=0, progress=False)


@pytest.fixture(scope="module")
def gensim_model():
    return gensim_models.Word2Vec(
        SENTENCES,
        vector_size=8,
        window=2,
        min_count=1,
        negative=3,
        sg=1,
        epochs=5,
        workers=1,
        seed=3,
    )


@pytest.mark.parametrize("which", ["in", "out", "sum"])
def test_keyedvectors_hold_the_run_rows_in_vocabulary_order(run, which):
    kv = run.to_keyedvectors(which)
    assert kv.index_to_key == run.vocab.words
    np.testing.assert_array_equal(kv.vectors, run.vectors(which))
    assert [kv.get_vecattr(w, "count") for w in run.vocab.words] == list(run.vocab.counts)


def test_gensim_neighbours_agree_with_w2vlib(run):
    kv = run.to_keyedvectors("out")
    ours = [word for word, _ in nearest(run.W_out, run.vocab, "cat", k=4)]
    theirs = [word for word, _ in kv.most_similar("cat", topn=4)]
    assert ours == theirs


def test_keyedvectors_reject_an_unknown_choice(run):
    with pytest.raises(ValueError, match="which"):
        run.to_keyedvectors("both")


def test_from_gensim_takes_wv_as_W_in_and_syn1neg_as_W_out(gensim_model):
    imported = from_gensim(gensim_model)
    wv = gensim_model.wv
    assert imported.vocab.words == list(wv.index_to_key)
    assert list(imported.vocab.counts) == [wv.get_vecattr(w, "count") for w in wv.index_to_key]
    assert imported.W_in.dtype == imported.W_out.dtype == np.float64
    np.testing.assert_array_equal(imported.W_in, wv.vectors)
    np.testing.assert_array_equal(imported.W_out, gensim_model.syn1neg)
    assert imported.W_in is not wv.vectors  # a copy: the course cannot alter the learner's model
    assert imported.losses.size == 0 and imported.snapshots == []
    c = imported.config
    assert (c["arch"], c["objective"], c["dim"], c["window"], c["negative"]) == (
        "skipgram",
        "negative",
        8,
        2,
        3,
    )
    assert c["source"] == "gensim" and c["epochs"] == 5 and c["seed"] == 3


def test_imported_run_works_with_the_course_instruments(gensim_model):
    imported = from_gensim(gensim_model)
    text = repr(imported)  # no loss curve: the repr must still work
    assert "skipgram/negative" in text and "steps=0" in text
    same, different = group_cosines(imported.W_out, imported.vocab, toy_groups("pets_vehicles"))
    assert np.isfinite(same) and np.isfinite(different)
    back = imported.to_keyedvectors("in")  # and the round trip returns gensim's own W
    np.testing.assert_allclose(back.vectors, gensim_model.wv.vectors, rtol=0, atol=0)


def test_cbow_models_are_labelled_cbow():
    model = gensim_models.Word2Vec(SENTENCES, vector_size=4, min_count=1, sg=0, workers=1, seed=1)
    assert from_gensim(model).config["arch"] == "cbow"


def test_hierarchical_softmax_has_no_per_word_W_out():
    model = gensim_models.Word2Vec(
        SENTENCES, vector_size=4, min_count=1, hs=1, negative=0, workers=1, seed=1
    )
    with pytest.raises(ValueError, match=r"hierarchical softmax.*negative=5"):
        from_gensim(model)


def test_keyedvectors_alone_are_refused_with_the_fix(gensim_model):
    with pytest.raises(TypeError, match=r"syn1neg.*not model\.wv"):
        from_gensim(gensim_model.wv)


def test_a_model_without_syn1neg_is_refused(gensim_model):
    import copy

    stripped = copy.copy(gensim_model)
    del stripped.syn1neg
    with pytest.raises(ValueError, match="no syn1neg"):
        from_gensim(stripped)


def test_an_untrained_model_is_refused():
    model = gensim_models.Word2Vec(vector_size=4, min_count=1)
    with pytest.raises(ValueError, match="no trained vocabulary"):
        from_gensim(model)


def test_other_objects_are_refused():
    with pytest.raises(TypeError, match="Word2Vec"):
        from_gensim({"W_in": np.zeros((2, 2))})


def test_a_model_with_a_vocabulary_but_no_training_is_refused():
    model = gensim_models.Word2Vec(vector_size=4, min_count=1, negative=3, workers=1)
    model.build_vocab(SENTENCES)  # W_in random, W′ zeros: used to be returned as if trained
    with pytest.raises(ValueError, match=r"never trained.*model\.train"):
        from_gensim(model)
    model.train(SENTENCES, total_examples=model.corpus_count, epochs=1)
    assert np.abs(from_gensim(model).W_out).max() > 0


def test_interop_and_training_do_not_import_each_other():
    import ast
    import pathlib

    import w2vlib

    package = pathlib.Path(w2vlib.__file__).parent
    imported = {}
    for path in [package / "interop.py", *(package / "training").rglob("*.py")]:
        tree = ast.parse(path.read_text())
        imported[path.stem] = {
            node.module
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module
        }
    # interop builds a Run; it never trains, so it needs the record of a run and nothing more
    assert {m for m in imported.pop("interop") if m.startswith("w2vlib.training")} == {
        "w2vlib.training.record"
    }
    assert not any("w2vlib.interop" in modules for modules in imported.values())


def test_gensim_arguments_train_the_model_written_out_by_hand():
    from w2vlib.interop import gensim_arguments

    settings = dict(dim=8, window=2, min_count=1, lr=0.05, negative=3, subsample=1e-3)
    by_hand = gensim_models.Word2Vec(
        SENTENCES,
        vector_size=8,
        window=2,
        min_count=1,
        alpha=0.05,
        min_alpha=0.05 * 1e-4,
        negative=3,
        sample=1e-3,
        sg=1,
        hs=0,
        epochs=2,
        workers=1,
        seed=4,
    )
    translated = gensim_models.Word2Vec(SENTENCES, **gensim_arguments(epochs=2, seed=4, **settings))
    np.testing.assert_array_equal(by_hand.wv.vectors, translated.wv.vectors)
    np.testing.assert_array_equal(by_hand.syn1neg, translated.syn1neg)
    assert gensim_arguments(epochs=1, seed=0, arch="cbow", **settings)["sg"] == 0


def test_gensim_arguments_name_a_bad_setting():
    from w2vlib import InputError
    from w2vlib.interop import gensim_arguments

    good = dict(dim=8, window=2, min_count=1, lr=0.05, negative=3, subsample=1e-3, epochs=1)
    with pytest.raises(InputError, match="lr"):
        gensim_arguments(seed=0, **{**good, "lr": -1.0})
    with pytest.raises(InputError, match="arch"):
        gensim_arguments(seed=0, arch="sgns", **good)
