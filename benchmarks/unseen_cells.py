"""Does word2vec chase the −∞ targets of unseen pairs? head500, by dimension and training length.

Lesson 00 pairs each of the 500 commonest head500 words with the word whose company is most
alike by the counts alone (``w2vlib.nearest_company``): most centres around such a pair see only
one of the two words, where the other's SGNS target, PMI_α − log k, is −∞. After word2vec's
five epochs the scores there stay close to the word's usual level. Is that for lack of
dimensions (a row of N numbers serving V centres) or for lack of training (the push on such a
score, k·n_c·P_α(j)·σ(S[c, j]) per epoch in expectation, is small for most cells, and the learning
rate decays to zero)? This script trains
gensim's skip-gram at word2vec's defaults (negative 5, window 5, sample 1e-3, min_count 5,
lr 0.025 decaying, one worker: pair by pair as word2vec.c) four ways: N = 50 and N = 300, each
for 5 epochs (word2vec's default; N = 50 is lesson 00's model) and for 20; seeds 0 and 1.

For each run, medians over the 500 pairs (``w2vlib.score_gaps``): the share of a pair's
centres that see only one word, how far the unseen word's score sits below its level where
seen, the gap |S[c, a] − S[c, b]| where only one is seen and where both are; the same for 1,000
random pairs; and the median centred cosine of the pairs' rows of W′ (and of 20,000 random
pairs', and of 2,000 random pairs of the same 500 common words), and the same in W (gensim's
wv.vectors). A cosine's size is not comparable across N and training lengths (at N = 300 longer
training shrinks the cosines, at N = 50 random common words' grow), so the pairs are also
ranked: where each word's alike partner stands among its neighbours (``w2vlib.partner_ranks``,
1 = nearest of all V words), the median and the share within the top 10.

Run from the repository root (3 to 5 minutes):

    nice .venv/bin/python benchmarks/unseen_cells.py

Writes ``benchmarks/results/unseen_cells.json``; lesson 00 loads and prints it.
"""

from __future__ import annotations

import os
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import realtext_common as rt  # noqa: E402
from gensim.models import Word2Vec  # noqa: E402

import w2vlib  # noqa: E402

SETTINGS = dict(sg=1, negative=5, window=5, sample=1e-3, min_count=5, alpha=0.025, workers=1)
RUNS = ((50, 5), (300, 5), (50, 20), (300, 20))  # (dimensions N, epochs)
SEEDS = (0, 1)
COMMON = np.arange(1, 501)  # the 500 commonest words after "the", as in lesson 00


def centred_cosines(W: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    W = w2vlib.center(W)
    return np.sum(W[a] * W[b], axis=1) / np.linalg.norm(W[a], axis=1) / np.linalg.norm(W[b], axis=1)


def medians(gaps: w2vlib.ScoreGaps) -> dict:
    return {
        "one_sided_share": float(np.nanmedian(gaps.one_sided_share)),
        "unseen_drop": float(np.nanmedian(gaps.unseen_drop)),
        "gap_one_sided": float(np.nanmedian(gaps.one_sided)),
        "gap_both": float(np.nanmedian(gaps.both)),
    }


def neighbours(W: np.ndarray, alike: np.ndarray, common_a, common_b) -> dict:
    ranks = w2vlib.partner_ranks(w2vlib.center(W), COMMON, alike)
    return {
        "rank_alike": float(np.median(ranks)),
        "top10_alike": float(np.mean(ranks <= 10)),
        "cos_random_common": float(np.median(centred_cosines(W, common_a, common_b))),
    }


def measure(sentences, dim: int, epochs: int, seed: int) -> dict:
    model = Word2Vec(sentences, vector_size=dim, epochs=epochs, seed=seed, **SETTINGS)
    run = w2vlib.from_gensim(model)
    X = w2vlib.cooccurrence(sentences, run.vocab, window=5, as_sparse=True)
    alike, _ = w2vlib.nearest_company(X, COMMON)
    first, second = np.random.default_rng(0).integers(0, len(run.vocab), size=(2, 20_000))
    keep = first != second
    first, second = first[keep], second[keep]
    common_a, common_b = np.random.default_rng(1).choice(COMMON, size=(2, 2000))
    common_a, common_b = common_a[common_a != common_b], common_b[common_a != common_b]
    alike_gaps = w2vlib.score_gaps(run.W_in, run.W_out, X, COMMON, alike)
    random_gaps = w2vlib.score_gaps(run.W_in, run.W_out, X, first[:1000], second[:1000])
    return {
        "dim": dim,
        "epochs": epochs,
        "seed": seed,
        "alike": medians(alike_gaps),
        "random": medians(random_gaps),
        "cos_alike": float(np.median(centred_cosines(run.W_out, COMMON, alike))),
        "cos_random": float(np.median(centred_cosines(run.W_out, first, second))),
        # the same pairs in W (gensim's wv.vectors): does W lose them as W′ does?
        "cos_alike_in": float(np.median(centred_cosines(run.W_in, COMMON, alike))),
        "cos_random_in": float(np.median(centred_cosines(run.W_in, first, second))),
        # a cosine's size changes with N and training length; the partner's rank is comparable
        **{
            f"{key}{side}": value
            for side, W in (("", run.W_out), ("_in", run.W_in))
            for key, value in neighbours(W, alike, common_a, common_b).items()
        },
    }


def main() -> None:
    start = time.time()
    sentences = w2vlib.load_head500()
    runs = []
    for dim, epochs in RUNS:
        for seed in SEEDS:
            row = measure(sentences, dim, epochs, seed)
            runs.append(row)
            a = row["alike"]
            print(
                f"N = {dim:3}, {epochs:2} epochs, seed {seed}: unseen drop {a['unseen_drop']:+.2f}, "
                f"gap one-sided {a['gap_one_sided']:.2f} vs both {a['gap_both']:.2f}; "
                f"cos alike {row['cos_alike']:.2f}, random {row['cos_random']:+.2f}"
                f" (in W: {row['cos_alike_in']:.2f}, {row['cos_random_in']:+.2f}); partner rank"
                f" {row['rank_alike']:.0f} (W {row['rank_alike_in']:.0f}), common random"
                f" {row['cos_random_common']:+.2f}",
                flush=True,
            )
    path = rt.write_json(
        "unseen_cells",
        {
            "command": "nice .venv/bin/python benchmarks/unseen_cells.py",
            "settings": {**SETTINGS, "runs": [list(r) for r in RUNS], "seeds": list(SEEDS)},
            "seconds": round(time.time() - start, 1),
            "runs": runs,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
