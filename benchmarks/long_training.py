"""Does similar company survive long training? Lesson 00's "walk the dog" toy, trained 1× to 100×.

Lesson 04 argues that a few changed sentences move a column of S only a little after finite
training, although the exact optimum puts cat's score around *walk* at −∞: the push that lowers
that score is n_c·p(cat | walk), which shrinks as the score falls. This script checks whether the
similarity of W′[cat] and W′[dog] decays when training goes on far longer than the lessons train.

Setup (lesson 00's): ``pets_vehicles`` plus ten sentences "walk the dog"; skip-gram with the full
softmax, dim 5, window 2, lr 0.025 decaying linearly to 0 over the run (lesson 00's schedule, so the
20-epoch runs are lesson 00's), minibatches of 16 pairs, seeds 0, 1, 2; epochs 20 (lesson 00's) to 2000, seven lengths. For each run: the
centred cosines cos(W′[cat], W′[dog]) and cos(W′[cat], W′[car]), S[walk, dog] − S[walk, cat]
(the score gap whose target is +∞), and the two factors of that gap's growth: the length of the
centred rows' difference ‖W′[dog] − W′[cat]‖ and of the input vector ‖W_in[walk]‖ (with ‖W′[cat]‖);
and, to separate what S says from the finite steps' drift away from balance, cos(W′[cat], W′[dog])
of the exactly balanced split of the same S and the relative imbalance.

Run from the repository root (about 2 minutes):

    nice .venv/bin/python benchmarks/long_training.py

Writes ``benchmarks/results/long_training.json``; lesson 04 loads and prints it.
"""

from __future__ import annotations

import os
import time

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402
import realtext_common as rt  # noqa: E402

import w2vlib  # noqa: E402

EPOCHS = (20, 50, 100, 200, 500, 1000, 2000)
SEEDS = (0, 1, 2)
SETTINGS = dict(objective="softmax", dim=5, window=2, lr=0.025, lr_schedule="linear", batch_size=16)


def measure(epochs: int, seed: int) -> dict:
    sentences = w2vlib.toy_corpus("pets_vehicles") + [["walk", "the", "dog"]] * 10
    run = w2vlib.train(sentences, epochs=epochs, seed=seed, progress=False, **SETTINGS)
    v, W = run.vocab, w2vlib.center(run.W_out)
    S = run.W_in @ run.W_out.T
    # the same S split exactly balanced: what S alone says, without the finite steps' drift
    B = w2vlib.center(w2vlib.balanced_split(run.W_in, run.W_out)[1])
    return {
        "epochs": epochs,
        "seed": seed,
        "cos_cat_dog": w2vlib.cosine(W[v["cat"]], W[v["dog"]]),
        "cos_cat_car": w2vlib.cosine(W[v["cat"]], W[v["car"]]),
        "cos_cat_dog_balanced": w2vlib.cosine(B[v["cat"]], B[v["dog"]]),
        "imbalance": w2vlib.imbalance(run.W_in, run.W_out),
        "walk_gap": float(S[v["walk"], v["dog"]] - S[v["walk"], v["cat"]]),
        "row_difference": float(np.linalg.norm(W[v["dog"]] - W[v["cat"]])),
        "row_length_cat": float(np.linalg.norm(W[v["cat"]])),
        "walk_input_length": float(np.linalg.norm(run.W_in[v["walk"]])),
    }


def main() -> None:
    start = time.time()
    runs = [measure(epochs, seed) for epochs in EPOCHS for seed in SEEDS]
    summary = {}
    for epochs in EPOCHS:
        rows = [r for r in runs if r["epochs"] == epochs]
        summary[str(epochs)] = {
            key: [min(r[key] for r in rows), max(r[key] for r in rows)]
            for key in (
                "cos_cat_dog",
                "cos_cat_car",
                "cos_cat_dog_balanced",
                "imbalance",
                "walk_gap",
                "row_difference",
                "row_length_cat",
                "walk_input_length",
            )
        }
        print(
            f"{epochs:>5} epochs: cos(cat, dog) {summary[str(epochs)]['cos_cat_dog'][0]:+.3f} … "
            f"{summary[str(epochs)]['cos_cat_dog'][1]:+.3f}, cos(cat, car) "
            f"{summary[str(epochs)]['cos_cat_car'][1]:+.3f} at most, S[walk, dog] − S[walk, cat] "
            f"{summary[str(epochs)]['walk_gap'][0]:.2f} … {summary[str(epochs)]['walk_gap'][1]:.2f}"
        )
    path = rt.write_json(
        "long_training",
        {
            "command": "nice .venv/bin/python benchmarks/long_training.py",
            "settings": {**SETTINGS, "seeds": list(SEEDS), "epochs": list(EPOCHS)},
            "seconds": round(time.time() - start, 1),
            "runs": runs,
            "summary": summary,
        },
    )
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
