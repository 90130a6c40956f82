"""gensim interop: a trained gensim Word2Vec as a Run (and back with ``Run.to_keyedvectors``).

With :func:`from_gensim` the course's instruments (similarities, neighbour
tables, the PMI scatter) work on a learner's own gensim model, to ask the
course's question of it: does *my* W′ mean something?

gensim's names for the course's matrices (negative sampling):

* ``model.wv.vectors`` (syn0) is W_in, row i = word ``model.wv.index_to_key[i]``;
* ``model.syn1neg`` is W_out, one row per word in the same order (initialised to zero);
* ``model.syn1`` (hierarchical softmax) holds the V − 1 inner nodes of a Huffman
  tree: no row of it belongs to a word, so there is no per-word W′ to compare.

gensim is imported only when these functions are called.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from w2vlib import _checks
from w2vlib.training.record import Run, gensim_models
from w2vlib.vocab import Vocab


def from_gensim(model: Any) -> Run:
    """A :class:`~w2vlib.training.record.Run` holding a trained gensim ``Word2Vec``'s W_in and W_out.

    The vocabulary keeps gensim's index order and counts; ``W_in`` is a float64
    copy of ``model.wv.vectors`` and ``W_out`` of ``model.syn1neg``. There is no
    loss curve (``losses`` is empty) and no snapshot; ``config`` records the
    model's parameters in :func:`~w2vlib.train`'s names (``batch_size=1``:
    gensim updates after every pair), plus ``source="gensim"``.

    Note that gensim's CBOW (``cbow_mean=1``) adds the full ∂L/∂h to every
    context row, where w2vlib's exact gradient gives each row 1/C of it.

    Raises TypeError for something that is not a Word2Vec model (e.g. its
    ``.wv``, which keeps W but not W′), and ValueError for a model trained with
    hierarchical softmax only (no per-word W′ exists) or not trained yet.
    """
    models = gensim_models()
    if isinstance(model, models.KeyedVectors):
        raise _checks.InputError(
            "got KeyedVectors, which keep only the input vectors W (syn0): W′ (syn1neg) lives on "
            "the Word2Vec model itself. Pass the model, e.g. from_gensim(model), not model.wv."
        )
    if isinstance(model, models.Doc2Vec):  # a subclass of Word2Vec, but not a word2vec run
        raise _checks.InputError(
            "got a gensim Doc2Vec model: its word vectors are trained beside document vectors "
            "(and with dm=0, the default PV-DBOW, not at all: W_in stays random), so it is not a "
            "word2vec run. Train one with gensim.models.Word2Vec(sentences, negative=5)."
        )
    if not isinstance(model, models.Word2Vec):
        raise _checks.InputError(
            f"expected a trained gensim Word2Vec model, got {type(model).__name__}: "
            "train one with gensim.models.Word2Vec(sentences, negative=5), then pass it here."
        )
    if getattr(model, "negative", 0) <= 0:
        raise _checks.InputError(
            "this model was trained with hierarchical softmax only (hs=1, negative=0): its "
            "output layer syn1 holds the inner nodes of a Huffman tree, not one vector per word, "
            "so there is no per-word W′ to study. Retrain with negative sampling, "
            "e.g. Word2Vec(sentences, hs=0, negative=5)."
        )
    wv = model.wv
    words = list(wv.index_to_key)
    if not words:
        raise _checks.InputError(
            "this model has no trained vocabulary yet: call model.build_vocab(sentences) and "
            "model.train(...) first (or pass sentences to Word2Vec(...))."
        )
    if getattr(model, "train_count", 1) == 0:
        # build_vocab alone leaves W_in random and W′ all zeros: nothing learnt to study
        raise _checks.InputError(
            "this model has a vocabulary but was never trained: call model.train(sentences, "
            "total_examples=model.corpus_count, epochs=model.epochs) first."
        )
    W_out = getattr(model, "syn1neg", None)
    if W_out is None or W_out.shape != wv.vectors.shape:
        raise _checks.InputError(
            "this model has no syn1neg (W′) matching its vocabulary: was it saved without its "
            "training state? Load the full model with Word2Vec.load(path)."
        )
    counts = [int(wv.get_vecattr(word, "count")) for word in words]
    vocab = Vocab.from_counts(words, counts)
    config = dict(
        arch="skipgram" if model.sg else "cbow",
        objective="negative",
        dim=int(model.vector_size),
        window=int(model.window),
        epochs=int(model.epochs),
        lr=float(model.alpha),
        batch_size=1,
        negative=int(model.negative),
        min_count=int(model.min_count),
        subsample=float(model.sample),
        lr_schedule="linear",
        init_out="zeros",
        seed=int(model.seed),
        snapshot_every=None,
        shrink_windows=bool(getattr(model, "shrink_windows", True)),
        source="gensim",
        min_lr=float(model.min_alpha),
        ns_exponent=float(model.ns_exponent),
        cbow_mean=bool(model.cbow_mean),
        hs=bool(model.hs),
    )
    return Run(
        vocab=vocab,
        W_in=np.array(wv.vectors, dtype=np.float64),
        W_out=np.array(W_out, dtype=np.float64),
        losses=np.zeros(0),
        snapshots=[],
        config=config,
    )


def gensim_arguments(
    *,
    dim: int,
    window: int,
    min_count: int,
    lr: float,
    negative: int,
    subsample: float,
    epochs: int,
    seed: int,
    arch: str = "skipgram",
) -> dict[str, Any]:
    """``gensim.models.Word2Vec`` keyword arguments for w2vlib's settings of an SGNS run.

    The one translation of the course's names into gensim's: dim → vector_size,
    lr → alpha (decaying linearly to lr·1e-4, gensim's default min_alpha ratio),
    subsample → sample, arch → sg, negative sampling only (hs = 0), one worker so
    that a seed gives one result. ``Word2Vec(sentences, **gensim_arguments(...))``.
    """
    arch = _checks.choice("arch", arch, ("skipgram", "cbow"))
    lr = _checks.positive_float("lr", lr)
    return dict(
        vector_size=_checks.positive_int("dim", dim),
        window=_checks.positive_int("window", window),
        min_count=_checks.positive_int("min_count", min_count),
        alpha=lr,
        min_alpha=lr * 1e-4,
        negative=_checks.positive_int("negative", negative),
        sample=float(subsample),
        epochs=_checks.positive_int("epochs", epochs),
        sg=int(arch == "skipgram"),
        hs=0,
        workers=1,
        seed=_checks.seed(seed),
    )
