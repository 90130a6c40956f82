"""Who built the gap at a one-sided centre? head500, word2vec's defaults, recorded step by step.

Lesson 00 pairs each of the 500 commonest head500 words with the word whose company is most
alike by the counts alone (``w2vlib.nearest_company``). Most centres around such a pair see only
one of the two words, where the other's SGNS target is −∞, yet after word2vec's five epochs the
two words' scores there differ no more than where both are seen (``benchmarks/unseen_cells.py``).
This script says why, exactly: it trains w2vlib's skip-gram with negative sampling at word2vec's
defaults (N = 50 as lesson 00's model, window 5 shrunk at random, negative 5, sample 1e-3,
min_count 5, lr 0.025 decaying; minibatches of 2,048 pairs) while ``record_contributions`` keeps,
for 20 of the pairs (every 25th), each centre's copies of its input vector in the two rows of W′.
``w2vlib.own_steps`` then splits the gap S[c, a] − S[c, b] at each one-sided centre c into what
c's own steps put into the two rows and what every other centre put there.

Runs: 5 epochs (word2vec's default) and 20, seeds 0 and 1. For each run, medians over the 20
pairs of the per-pair medians over their one-sided centres: of the gap, c's own part and the
rest, each as a size (absolute value) and oriented as the seen word's score minus the unseen
word's (> 0: the −∞ target is being chased; medians, so the parts need not add up); the copies
of W_in[c] that c's pulls added to the seen word's row, that its pushes took from it, and that
its pushes took from the unseen word's row; and, for all 500 pairs,
``w2vlib.score_gaps`` (as ``unseen_cells.py`` measures gensim's runs).

Run from the repository root (about 7 minutes on one core):

    nice .venv/bin/python benchmarks/unseen_sources.py

Writes ``benchmarks/results/unseen_sources.json``; lesson 00 loads and prints it.
"""

from __future__ import annotations

import os
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import realtext_common as rt  # noqa: E402

import w2vlib  # noqa: E402

SETTINGS = dict(
    objective="negative",
    dim=50,
    window=5,
    shrink_windows=True,
    negative=5,
    subsample=1e-3,
    min_count=5,
    lr=0.025,
    batch_size=2048,
)
EPOCHS = (5, 20)
SEEDS = (0, 1)
COMMON = np.arange(1, 501)  # the 500 commonest words after "the", as in lesson 00
RECORDED = slice(0, 500, 25)  # every 25th pair: 20 pairs, whose rows are recorded


def measure(sentences, vocab, X, alike: np.ndarray, epochs: int, seed: int) -> dict:
    pairs = [
        (vocab.words[a], vocab.words[b])
        for a, b in zip(COMMON[RECORDED], alike[RECORDED], strict=True)
    ]
    words = list(dict.fromkeys(word for pair in pairs for word in pair))  # each once, in order
    stepper = w2vlib.Stepper(sentences, vocab=vocab, epochs=epochs, seed=seed, **SETTINGS)
    contributions = w2vlib.record_contributions(stepper, words, progress=False)
    run = stepper.result()
    keys = ("gap", "own", "rest")
    copies = ("copies_into_seen", "copies_out_of_seen", "copies_unseen")
    per_pair = {key: [] for key in copies}
    per_pair |= {f"{key}_size": [] for key in keys} | {
        f"{key}_seen_minus_unseen": [] for key in keys
    }
    for a, b in pairs:
        parts = w2vlib.own_steps(contributions, run.W_in, run.W_out, X, a, b)
        toward_seen = np.where(parts.seen_a, 1.0, -1.0)  # S[c, seen] − S[c, unseen] > 0: chased
        for key in keys:
            value = getattr(parts, key)
            per_pair[f"{key}_size"].append(float(np.median(np.abs(value))))
            per_pair[f"{key}_seen_minus_unseen"].append(float(np.median(toward_seen * value)))
        for key in copies:
            per_pair[key].append(float(np.median(getattr(parts, key))))
    gaps = w2vlib.score_gaps(run.W_in, run.W_out, X, COMMON, alike)
    return {
        "epochs": epochs,
        "seed": seed,
        "pairs": [f"{a}–{b}" for a, b in pairs],
        "per_pair": per_pair,
        "recorded": {key: float(np.median(values)) for key, values in per_pair.items()},
        "all_pairs": {
            "unseen_drop": float(np.nanmedian(gaps.unseen_drop)),
            "gap_one_sided": float(np.nanmedian(gaps.one_sided)),
            "gap_both": float(np.nanmedian(gaps.both)),
        },
    }


def main() -> None:
    start = time.time()
    sentences = w2vlib.load_head500()
    vocab = w2vlib.Vocab(sentences, min_count=SETTINGS["min_count"])
    X = w2vlib.cooccurrence(sentences, vocab, window=SETTINGS["window"], as_sparse=True)
    alike, _ = w2vlib.nearest_company(X, COMMON)
    runs = []
    for epochs in EPOCHS:
        for seed in SEEDS:
            runs.append(measure(sentences, vocab, X, alike, epochs, seed))
            r = runs[-1]["recorded"]
            print(
                f"{epochs:2} epochs, seed {seed}: at one-sided centres, seen minus unseen:"
                f" gap {r['gap_seen_minus_unseen']:+.3f} (size {r['gap_size']:.3f}),"
                f" c's own copies {r['own_seen_minus_unseen']:+.3f} ({r['own_size']:.3f}),"
                f" the rest {r['rest_seen_minus_unseen']:+.3f} ({r['rest_size']:.3f}); copies of W_in[c]"
                f" {r['copies_into_seen']:+.4f} and {r['copies_out_of_seen']:+.4f} in the seen row,"
                f" {r['copies_unseen']:+.4f} in the unseen ({time.time() - start:.0f} s)"
            )
    out = rt.write_json(
        "unseen_sources",
        {
            "command": "nice .venv/bin/python benchmarks/unseen_sources.py",
            "settings": {**SETTINGS, "epochs": list(EPOCHS), "seeds": list(SEEDS)},
            "seconds": round(time.time() - start, 1),
            "runs": runs,
        },
    )
    print(f"wrote {out}")


if __name__ == "__main__":
    main()
