"""Shared by the head500 benchmarks: training at word2vec's defaults, a cache, and the measurements.

Not a benchmark itself (running it does nothing). ``crux_defaults.py``, ``asymmetry_ablation.py``
and ``cbow_real_text.py`` import it from this folder.

Training. gensim 4.4 ``Word2Vec(workers=1)`` walks the corpus pair by pair; w2vlib trains with
lesson 07's recipe (``w2vlib.train`` with shuffled minibatches of 2048 pairs and word2vec's
shrunk windows). Both at word2vec's defaults unless a condition says otherwise: skip-gram with
negative sampling, lr 0.025 decaying linearly, window 5, negative 5, sample 1e-3, min_count 5,
dim 100, 5 epochs. Every trained pair (W_in, W_out) is cached under ``build/bench/vectors/`` by
the name of its condition and seed, so a crash or a second script loses no training.

Measurements (``measure``), on the course's notation: W = W_in, W′ = W_out (rows), S = W_in·W_outᵀ.

* balance: ``w2vlib.imbalance_parts`` (overall, along the mean direction, off it) and the energy of
  each mean row, V·‖mean row‖²;
* the crux: the correlation, over 100,000 random word pairs, of the cosines of centred W′ rows
  with (a) the cosines of the matching columns of S with its mean column removed, computed
  without forming S: S[:, a] = W_in·W′[a] and W_in = Q·R, so the columns' cosines are those of
  the rows of W′·Rᵀ; (b) the cosines of the centred balanced factor Q·√Σ of S; (c) after a gauge
  that changes no score, W′·A⁻ᵀ (the control);
* the |S| prediction: the correlation of the within-space cosines of centred W and centred W′
  (``within_r``; 1 when W·Wᵀ = W′·W′ᵀ) and the distance of their normalised Gram matrices,
  ‖G/‖G‖ − G′/‖G′‖‖_F with G = W·Wᵀ of centred W (``gram_distance``, 0 when they coincide,
  √2 at most), exact over all V² pairs through N×N products: ⟨W·Wᵀ, W′·W′ᵀ⟩ = ‖Wᵀ·W′‖²;
* the end point: ``w2vlib.count_weighted_fit`` of S to PMI_0.75 − log 5 on the cells seen in a
  symmetric window of 5 (X without subsampling or shrinking), among the ``FIT_WORDS`` most
  frequent words (centres and contexts; all 7,978 would need V×V arrays of 0.5 GB each);
* WordSim-353 and SimLex-999 Spearman ρ of W, W′ and W + W′, centred, the sets' words
  Porter-stemmed like the corpus.
"""

from __future__ import annotations

import functools
import json
import os
import time
from collections.abc import Callable
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import w2vlib  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
CACHE = ROOT / "build" / "bench" / "vectors"
DATASETS = ("wordsim353", "simlex999")
DEFAULTS = dict(dim=100, window=5, min_count=5, epochs=5, lr=0.025, negative=5, subsample=1e-3)
"""word2vec's defaults for skip-gram with negative sampling (gensim's too, but for workers)."""
BATCH_SIZE = 2048  # lesson 07's w2vlib recipe: pairs per vectorised update
SEEDS = (0, 1, 2)
N_PAIRS = 100_000  # random word pairs for the cosine agreements
FIT_WORDS = 3000  # the count-weighted fit's block: the most frequent words (sorted by count)


@functools.cache
def _stemmer() -> Callable[[str], str]:
    from gensim.parsing.porter import PorterStemmer

    return PorterStemmer().stem


def stem(word: str) -> str:
    """head500 is Porter-stemmed: the similarity sets' words must be stemmed the same way."""
    return _stemmer()(word)


_SENTENCES: list | None = None


def head500() -> list:
    global _SENTENCES
    if _SENTENCES is None:
        _SENTENCES = w2vlib.load_head500()
    return _SENTENCES


# --- training, cached -------------------------------------------------------------------------


def gensim_model(settings: dict, seed: int, *, keep_negatives: bool = False, callbacks=()):
    """gensim Word2Vec, one worker, with ``settings`` in w2vlib's names (plus gensim-only keys).

    ``keep_negatives=True`` draws negatives from the counts that survive subsampling
    (count·p_keep, expected) instead of the raw counts gensim uses: the cumulative table is
    rebuilt from those counts after ``build_vocab`` (which has already fixed the keep
    probabilities and the lr schedule), then the raw counts are put back.
    """
    from gensim.models import Word2Vec

    s = {**DEFAULTS, **settings}
    model = Word2Vec(
        vector_size=s["dim"],
        window=s["window"],
        min_count=s["min_count"],
        epochs=s["epochs"],
        alpha=s["lr"],
        min_alpha=s["lr"] * 1e-4,
        negative=s.get("negative", 5),
        hs=s.get("hs", 0),
        sample=s["subsample"],
        sg=s.get("sg", 1),
        cbow_mean=s.get("cbow_mean", 1),
        ns_exponent=s.get("ns_exponent", 0.75),
        workers=1,
        seed=seed,
        callbacks=list(callbacks),
    )
    sentences = head500()
    model.build_vocab(sentences)
    if keep_negatives:
        wv = model.wv
        raw = np.array([wv.get_vecattr(w, "count") for w in wv.index_to_key], dtype=np.int64)
        keep = np.array([wv.get_vecattr(w, "sample_int") for w in wv.index_to_key]) / (2**32 - 1)
        kept = np.maximum(1, np.rint(raw * np.minimum(keep, 1.0))).astype(np.int64)
        for word, count in zip(wv.index_to_key, kept, strict=True):
            wv.set_vecattr(word, "count", int(count))
        model.make_cum_table()
        for word, count in zip(wv.index_to_key, raw, strict=True):
            wv.set_vecattr(word, "count", int(count))
    model.train(  # callbacks again: train() replaces the constructor's list
        sentences,
        total_examples=model.corpus_count,
        epochs=model.epochs,
        callbacks=list(callbacks),
    )
    return model


def w2vlib_run(settings: dict, seed: int):
    """``w2vlib.train`` at lesson 07's recipe, ``settings`` overriding the defaults."""
    s = {**DEFAULTS, **settings}
    return w2vlib.train(
        head500(),
        shrink_windows=True,
        batch_size=s.pop("batch_size", BATCH_SIZE),
        seed=seed,
        progress=False,
        **s,
    )


class Trained:
    """One cached run: W_in, W_out, its vocabulary and the seconds training took."""

    def __init__(self, W_in, W_out, words, counts, seconds):
        self.W_in, self.W_out = np.asarray(W_in), np.asarray(W_out)
        self.vocab = w2vlib.Vocab.from_counts(list(words), list(counts))
        self.seconds = float(seconds)


def is_cached(name: str, seed: int) -> bool:
    """Whether run ``name`` with ``seed`` has been trained and cached."""
    return (CACHE / f"{name}_seed{seed}.npz").exists()


def trained(name: str, seed: int, train: Callable[[], object]) -> Trained:
    """The run ``name`` (seed ``seed``) from the cache, or trained now by ``train()`` and cached.

    ``train`` returns a gensim model or a w2vlib Run.
    """
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}_seed{seed}.npz"
    if path.exists():
        data = np.load(path, allow_pickle=False)
        return Trained(data["W_in"], data["W_out"], data["words"], data["counts"], data["seconds"])
    started = time.perf_counter()
    result = train()
    seconds = time.perf_counter() - started
    run = result if isinstance(result, w2vlib.Run) else w2vlib.from_gensim(result)
    words, counts = np.array(run.vocab.words), np.asarray(run.vocab.counts)
    tmp = path.with_suffix(".tmp.npz")
    np.savez(tmp, W_in=run.W_in, W_out=run.W_out, words=words, counts=counts, seconds=seconds)
    tmp.replace(path)  # atomic: a crash mid-write leaves no half file behind
    print(f"  trained {name} seed {seed} in {seconds:.1f} s", flush=True)
    return Trained(run.W_in, run.W_out, words, counts, seconds)


# --- measurements -----------------------------------------------------------------------------


def random_pairs(V: int, n: int = N_PAIRS, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """n random pairs of distinct word indices (a fixed draw for a given V and seed)."""
    rng = np.random.default_rng(seed)
    a = rng.integers(0, V, size=2 * n)
    b = rng.integers(0, V, size=2 * n)
    distinct = a != b
    return a[distinct][:n], b[distinct][:n]


def pair_cosines(M: np.ndarray, pairs) -> np.ndarray:
    unit = M / np.maximum(np.linalg.norm(M, axis=1, keepdims=True), 1e-300)
    return np.einsum("ij,ij->i", unit[pairs[0]], unit[pairs[1]])


def agreement(A: np.ndarray, B: np.ndarray, pairs) -> float:
    """Pearson correlation of the cosines of rows of A and of B over the same word pairs."""
    return float(np.corrcoef(pair_cosines(A, pairs), pair_cosines(B, pairs))[0, 1])


def gram_distance(A: np.ndarray, B: np.ndarray) -> float:
    """‖A·Aᵀ/‖A·Aᵀ‖ − B·Bᵀ/‖B·Bᵀ‖‖_F, exactly, through N×N products (0: same Gram up to scale)."""
    inner = np.linalg.norm(A.T @ B) ** 2 / (np.linalg.norm(A.T @ A) * np.linalg.norm(B.T @ B))
    return float(np.sqrt(max(0.0, 2.0 - 2.0 * inner)))


def gauge(N: int, seed: int = 0) -> np.ndarray:
    """A rotation with stretches from 4 to 1/4 (lesson 04b's gauge): changes no score."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(N, N)))
    return Q @ np.diag(np.geomspace(4.0, 0.25, N))


def rhos(W_in: np.ndarray, W_out: np.ndarray, vocab) -> dict:
    """Centred WordSim/SimLex ρ of W, W′ and W + W′ (and the out-of-vocabulary share)."""
    views = {"W": W_in, "W′": W_out, "W+W′": W_in + W_out}
    result = {}
    for dataset in DATASETS:
        for view, M in views.items():
            rho, oov = w2vlib.evaluate_similarity(w2vlib.center(M), vocab, dataset, word_map=stem)
            result[f"{dataset} {view}"] = rho
        result[f"{dataset} oov"] = oov
    return result


_X_CACHE: dict = {}


def count_fit(W_in: np.ndarray, W_out: np.ndarray, vocab) -> dict:
    """``count_weighted_fit`` of S to PMI_0.75 − log 5 on the observed cells among the top words.

    X counts pairs in a symmetric window of 5 over the whole vocabulary (so PMI's marginals are
    the corpus's); the fit is then taken on the block of the ``FIT_WORDS`` most frequent words.
    """
    key = (tuple(vocab.words), tuple(vocab.counts))
    if key not in _X_CACHE:
        X = w2vlib.cooccurrence(head500(), vocab, window=5)  # dense V×V, once per vocabulary
        X = X.toarray() if hasattr(X, "toarray") else np.asarray(X, dtype=np.float64)
        top = np.argsort(-np.asarray(vocab.counts), kind="stable")[:FIT_WORDS]
        block = np.ix_(top, top)
        target = w2vlib.shifted_pmi(X, 5, alpha=0.75)[block]  # marginals of the whole table
        _X_CACHE.clear()
        _X_CACHE[key] = (top, X[block].copy(), target)
        del X
    top, X, target = _X_CACHE[key]
    fit = w2vlib.count_weighted_fit(W_in[top] @ W_out[top].T, target, X)
    return {"r": fit.r, "slope": fit.slope, "rmse": fit.rmse, "cells": fit.cells}


def within_space(W_in: np.ndarray, W_out: np.ndarray, pairs=None) -> dict:
    """How far centred W·Wᵀ and W′·W′ᵀ are apart: cosine correlation and Gram distance."""
    A, B = w2vlib.center(W_in), w2vlib.center(W_out)
    pairs = random_pairs(len(A)) if pairs is None else pairs
    return {"within_r": agreement(A, B, pairs), "gram_distance": gram_distance(A, B)}


def measure(run: Trained, *, fit: bool = True) -> dict:
    """Every number of the module docstring for one trained pair."""
    W_in, W_out, vocab = run.W_in, run.W_out, run.vocab
    V, N = W_in.shape
    pairs = random_pairs(V)
    parts = w2vlib.imbalance_parts(W_in, W_out)
    W_out_c = w2vlib.center(W_out)
    _, R_in = np.linalg.qr(W_in)
    _, B_out = w2vlib.balanced_split(W_in, W_out)
    out = {
        "V": V,
        "seconds": run.seconds,
        "imbalance": parts.total,
        "imbalance_along": parts.along,
        "imbalance_off": parts.off,
        "mean_energy_W": float(V * np.sum(W_in.mean(axis=0) ** 2)),
        "mean_energy_W′": float(V * np.sum(W_out.mean(axis=0) ** 2)),
        "trace_ratio": float(np.sum(W_in**2) / np.sum(W_out**2)),
        "r_S_columns": agreement(W_out_c, W_out_c @ R_in.T, pairs),
        "r_S_columns_raw": agreement(W_out, W_out @ R_in.T, pairs),
        "r_balanced": agreement(W_out_c, w2vlib.center(B_out), pairs),
        "r_gauge": agreement(W_out_c, w2vlib.center(W_out @ np.linalg.inv(gauge(N)).T), pairs),
        **within_space(W_in, W_out, pairs),
        **rhos(W_in, W_out, vocab),
    }
    if fit:
        out.update({f"fit_{k}": v for k, v in count_fit(W_in, W_out, vocab).items()})
    return out


def measured(name: str, seed: int, run: Trained, *, fit: bool = True) -> dict:
    """``measure(run)``, cached beside the vectors (``build/bench/vectors/<name>_seed<seed>.json``)."""
    path = CACHE / f"{name}_seed{seed}{'' if fit else '_nofit'}.json"
    if path.exists():
        return json.loads(path.read_text())
    result = measure(run, fit=fit)
    path.write_text(json.dumps(result, default=_plain))
    return result


# --- statistics -------------------------------------------------------------------------------


def summary(rows: list[dict]) -> dict:
    """Mean, sd (ddof 1) and range over seeds of every numeric entry."""
    out = {}
    for key in rows[0]:
        values = np.array([row[key] for row in rows], dtype=float)
        if np.issubdtype(values.dtype, np.number):
            out[key] = {
                "mean": float(np.mean(values)),
                "sd": float(np.std(values, ddof=1)) if len(values) > 1 else 0.0,
                "min": float(np.min(values)),
                "max": float(np.max(values)),
            }
    return out


def interval(a: list, b: list, vocabs: list, dataset: str) -> dict | None:
    """``w2vlib.similarity_interval`` (centred A vs centred B), or None if the library lacks it."""
    if not hasattr(w2vlib, "similarity_interval"):
        return None
    result = w2vlib.similarity_interval(
        [w2vlib.center(M) for M in a],
        [w2vlib.center(M) for M in b],
        vocabs,
        dataset,
        word_map=stem,
        center=False,
    )
    return {
        "rho_a": result.rho_a,
        "rho_b": result.rho_b,
        "difference": result.difference,
        "low": result.low,
        "high": result.high,
        "n_pairs": result.n_pairs,
        "n_seeds": result.n_seeds,
        "level": result.level,
        "seed_sd": result.seed_sd,
        "pair_se": result.pair_se,
        "text": str(result),
    }


def write_json(name: str, payload: dict) -> Path:
    """``benchmarks/results/<name>.json`` with the machine's load and versions beside the numbers."""
    import gensim

    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "generated_utc": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "load_average": os.getloadavg(),
        "versions": {"numpy": np.__version__, "gensim": gensim.__version__},
        **payload,
    }
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(payload, indent=1, ensure_ascii=False, default=_plain) + "\n")
    tmp.replace(path)
    return path


def _plain(value):
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    raise TypeError(f"cannot store {type(value).__name__} in JSON")
