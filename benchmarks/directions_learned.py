"""How many directions has word2vec learned, and how close do alike words sit? head500.

Alike words (lesson 00's pairs: each of the 500 commonest head500 words with the word whose
company is most alike by the counts alone, ``w2vlib.nearest_company``) share the strong
directions of their counts and differ in weak ones. Two measurements, one picture in lesson 00:

- **The counts alone** (``w2vlib.closeness_by_rank``): keep the k strongest directions of PPMI
  (its SVD, split into balanced factors, W and W′ alike): the pairs' median centred cosine for
  k = 5 … 300, with the effective number of directions of each (``w2vlib.effective_directions``)
  and the share of the pairs' shared and separating company in those directions.
- **word2vec** (gensim's skip-gram at word2vec's defaults: negative 5, window 5, sample 1e-3,
  min_count 5, lr 0.025 decaying, one worker), trained from its small start for 1, 2, 5, 10
  and 20 epochs at N = 50 (lesson 00's model) and for 5 and 20 at N = 300; seeds 0 and 1: the
  effective number of directions of the centred W′ and W, and the pairs' median centred
  cosine in each; the same for 20,000 random pairs.

Run from the repository root (about 5 minutes):

    nice .venv/bin/python benchmarks/directions_learned.py

Writes ``benchmarks/results/directions_learned.json``; lesson 00 loads and draws it.
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
RUNS = ((50, 1), (50, 2), (50, 5), (50, 10), (50, 20), (300, 5), (300, 20))  # (N, epochs)
SEEDS = (0, 1)
RANKS = (5, 10, 25, 50, 100, 200, 300)
COMMON = np.arange(1, 501)  # the 500 commonest words after "the", as in lesson 00


def centred_cosines(W: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    W = w2vlib.center(W)
    return np.sum(W[a] * W[b], axis=1) / np.linalg.norm(W[a], axis=1) / np.linalg.norm(W[b], axis=1)


def main() -> None:
    start = time.time()
    sentences = w2vlib.load_head500()
    runs, pairs = [], None
    for dim, epochs in RUNS:
        for seed in SEEDS:
            model = Word2Vec(sentences, vector_size=dim, epochs=epochs, seed=seed, **SETTINGS)
            run = w2vlib.from_gensim(model)
            if pairs is None:  # the vocabulary is the same for every run (min_count on the text)
                vocab = run.vocab
                X = w2vlib.cooccurrence(sentences, vocab, window=5, as_sparse=True)
                alike, _ = w2vlib.nearest_company(X, COMMON)
                first, second = np.random.default_rng(0).integers(0, len(vocab), (2, 20_000))
                keep = first != second
                pairs = (alike, first[keep], second[keep])
            assert run.vocab.words == vocab.words
            row = {"dim": dim, "epochs": epochs, "seed": seed}
            for name, W in (("out", run.W_out), ("in", run.W_in)):
                row[f"directions_{name}"] = w2vlib.effective_directions(w2vlib.center(W))
                row[f"cos_alike_{name}"] = float(np.median(centred_cosines(W, COMMON, alike)))
                row[f"cos_random_{name}"] = float(np.median(centred_cosines(W, pairs[1], pairs[2])))
            runs.append(row)
            print(
                f"N = {dim:3}, {epochs:2} epochs, seed {seed}: directions W′ "
                f"{row['directions_out']:5.1f} (W {row['directions_in']:5.1f}); alike cos W′ "
                f"{row['cos_alike_out']:.2f} (W {row['cos_alike_in']:.2f}); random "
                f"{row['cos_random_out']:+.2f}  [{time.time() - start:.0f} s]",
                flush=True,
            )
    counts = w2vlib.closeness_by_rank(X, COMMON, alike, RANKS)
    control = w2vlib.closeness_by_rank(X, pairs[1][:2000], pairs[2][:2000], RANKS)
    svd = {
        "ranks": list(RANKS),
        "directions": counts.directions,
        "cos_alike_out": np.median(counts.cos_out, axis=1),
        "cos_alike_in": np.median(counts.cos_in, axis=1),
        "cos_random_out": np.median(control.cos_out, axis=1),
        "shared_share": np.median(counts.shared_share, axis=1),
        "difference_share": np.median(counts.difference_share, axis=1),
        "random_difference_share": np.median(control.difference_share, axis=1),
    }
    for i, k in enumerate(RANKS):
        print(
            f"PPMI, k = {k:3}: alike cos {svd['cos_alike_out'][i]:.2f} (W {svd['cos_alike_in'][i]:.2f}),"
            f" random {svd['cos_random_out'][i]:+.2f}; in these directions: shared company"
            f" {svd['shared_share'][i]:.2f}, what separates them {svd['difference_share'][i]:.2f}"
        )
    path = rt.write_json(
        "directions_learned",
        {
            "command": "nice .venv/bin/python benchmarks/directions_learned.py",
            "settings": {
                **SETTINGS,
                "runs": [list(r) for r in RUNS],
                "seeds": list(SEEDS),
                "pairs": "the 500 commonest words after 'the', each with its nearest_company",
                "random_pairs": 2000,
            },
            "seconds": round(time.time() - start, 1),
            "runs": runs,
            "svd": svd,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
