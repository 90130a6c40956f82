"""CBOW on head500: word2vec's update against the exact gradient, W against W′.

Run from the repository root (about 10 minutes on a quiet machine; trained vectors are cached
in ``build/bench/vectors/``):

    nice .venv/bin/python benchmarks/cbow_real_text.py

Trains CBOW with negative sampling on head500 at gensim's defaults (lr 0.025, window 5 shrunk,
negative 5, sample 1e-3, min_count 5, dim 100), seeds 0, 1, 2:

* gensim ``Word2Vec(sg=0, cbow_mean=1, workers=1)``, 5 and 20 epochs: word2vec's update, which
  averages the context rows into h but adds the *full* ∂L/∂h to every one of them; also at
  5 epochs with lr 0.05 (word2vec.c sets alpha = 0.05 for CBOW; gensim keeps 0.025) and with
  lr 0.0125 (a smaller step, for how the trace ratio depends on it);
* w2vlib ``train(arch="cbow")``, 5 epochs (lesson 07's minibatches of 2048): the exact gradient,
  1/C of ∂L/∂h to each context row, at lr 0.025, at word2vec.c's CBOW default 0.05, and at
  0.15 ≈ 0.025·C (each context row then moves about as far as under word2vec's update).

For each run: the scalar imbalance tr WᵀW / tr W′ᵀW′ and the imbalance before and after the
best scalar gauge (W·a, W′/a with a⁴ = tr W′ᵀW′ / tr WᵀW, which equalises the traces and changes
no score); the share of the largest eigenvalue of WᵀW and of W′ᵀW′ (near 1: one direction, the
common mean direction, holds nearly all of the matrix); the average number C of context words per example in an epoch (the factor by which
word2vec's update enlarges W's step); the within-space agreement of W and W′; and WordSim/SimLex
ρ of centred W, W′, W + W′ and the rescaled sum a·W + W′/a. Intervals for ρ(W′) − ρ(W) and
ρ(W+W′) − ρ(W′) come from ``w2vlib.similarity_interval``.

Writes ``benchmarks/results/cbow_real_text.json`` (lesson 06 loads it) and prints its table.
``--only NAME …`` runs some conditions and merges them into the stored file, keeping the others.
"""

from __future__ import annotations

import argparse
import os
import sys

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one BLAS thread: 2 cores are shared

import numpy as np  # noqa: E402
import realtext_common as rt  # noqa: E402

import w2vlib  # noqa: E402

CONDITIONS = {
    # name → (label, how to train one seed); gensim_cbow and w2vlib_cbow are shared with the ablation
    "gensim_cbow": ("gensim CBOW, lr 0.025, 5 epochs", lambda s: rt.gensim_model({"sg": 0}, s)),
    "gensim_cbow_lr05": (
        "gensim CBOW, lr 0.05 (word2vec.c's CBOW step), 5 epochs",
        lambda s: rt.gensim_model({"sg": 0, "lr": 0.05}, s),
    ),
    "gensim_cbow_lr0125": (
        "gensim CBOW, lr 0.0125, 5 epochs",
        lambda s: rt.gensim_model({"sg": 0, "lr": 0.0125}, s),
    ),
    "gensim_cbow_e20": (
        "gensim CBOW, lr 0.025, 20 epochs",
        lambda s: rt.gensim_model({"sg": 0, "epochs": 20}, s),
    ),
    "w2vlib_cbow": ("w2vlib CBOW (exact), 5 epochs", lambda s: rt.w2vlib_run({"arch": "cbow"}, s)),
    "w2vlib_cbow_lr05": (
        "w2vlib CBOW (exact), lr 0.05, 5 epochs",
        lambda s: rt.w2vlib_run({"arch": "cbow", "lr": 0.05}, s),
    ),
    "w2vlib_cbow_lr015": (
        "w2vlib CBOW (exact), lr 0.15, 5 epochs",
        lambda s: rt.w2vlib_run({"arch": "cbow", "lr": 0.15}, s),
    ),
    "gensim_sgns": ("gensim skip-gram, 5 epochs (reference)", lambda s: rt.gensim_model({}, s)),
}


def scalar_gauge(W_in: np.ndarray, W_out: np.ndarray) -> float:
    """a with a⁴ = tr W′ᵀW′ / tr WᵀW: (W·a, W′/a) has equal traces and the same scores."""
    return float((np.sum(W_out**2) / np.sum(W_in**2)) ** 0.25)


def mean_context_size(seed: int = 0) -> float:
    """Average context words per CBOW example in one epoch of word2vec's sampling (shrunk, subsampled)."""
    vocab = w2vlib.Vocab(rt.head500(), min_count=rt.DEFAULTS["min_count"])
    rng = np.random.default_rng(seed)
    keep = w2vlib.pairs.keep_probabilities(vocab.counts, rt.DEFAULTS["subsample"])
    sizes = []
    for sentence in vocab.encode(rt.head500()):
        kept = sentence[rng.random(len(sentence)) < keep[sentence]]
        T = len(kept)
        width = rng.integers(1, rt.DEFAULTS["window"] + 1, size=T)
        position = np.arange(T)
        sizes.append(np.minimum(width, position) + np.minimum(width, T - 1 - position))
    return float(np.concatenate(sizes).mean())


def cbow_numbers(run: rt.Trained) -> dict:
    a = scalar_gauge(run.W_in, run.W_out)
    scaled_in, scaled_out = run.W_in * a, run.W_out / a
    out = {
        "gauge_a": a,
        "imbalance_rescaled": w2vlib.imbalance(scaled_in, scaled_out),
        "imbalance_rescaled_off": w2vlib.imbalance_parts(scaled_in, scaled_out).off,
    }
    for which, M in (("W", run.W_in), ("W′", run.W_out)):
        eigenvalues = np.linalg.eigvalsh(M.T @ M)
        out[f"top_share_{which}"] = float(eigenvalues[-1] / eigenvalues.sum())
    for dataset in rt.DATASETS:
        rho, _ = w2vlib.evaluate_similarity(
            w2vlib.center(scaled_in + scaled_out), run.vocab, dataset, word_map=rt.stem
        )
        out[f"{dataset} aW+W′/a"] = rho
    return out


def stored_conditions(exclude: list[str]) -> dict:
    """The conditions already in the stored JSON, minus ``exclude`` (a partial run merges in)."""
    import json

    path = rt.RESULTS / "cbow_real_text.json"
    if not path.exists():
        return {}
    stored = json.loads(path.read_text())["conditions"]
    return {name: value for name, value in stored.items() if name not in exclude}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(rt.SEEDS))
    parser.add_argument("--only", nargs="+", choices=list(CONDITIONS), default=list(CONDITIONS))
    args = parser.parse_args(argv)

    per_run = {name: [] for name in args.only}
    trained = {name: [] for name in args.only}
    for seed in args.seeds:
        for name in args.only:
            run = rt.trained(name, seed, lambda t=CONDITIONS[name][1], s=seed: t(s))
            trained[name].append(run)
            row = {"seed": seed, **rt.measured(name, seed, run, fit=False), **cbow_numbers(run)}
            per_run[name].append(row)
            print(f"  measured {name} seed {seed}", flush=True)

    results = stored_conditions(exclude=args.only)
    for name, rows in per_run.items():
        runs = trained[name]
        vocabs = [r.vocab for r in runs]
        intervals = {}
        for dataset in rt.DATASETS:
            intervals[f"{dataset} W′ − W"] = rt.interval(
                [r.W_out for r in runs], [r.W_in for r in runs], vocabs, dataset
            )
            intervals[f"{dataset} W+W′ − W′"] = rt.interval(
                [r.W_in + r.W_out for r in runs], [r.W_out for r in runs], vocabs, dataset
            )
        results[name] = {
            "label": CONDITIONS[name][0],
            "runs": rows,
            "summary": rt.summary(rows),
            "intervals": intervals,
        }
    results = {name: results[name] for name in CONDITIONS if name in results}  # table order
    context = mean_context_size()
    path = rt.write_json(
        "cbow_real_text",
        {
            "command": "nice .venv/bin/python benchmarks/cbow_real_text.py",
            "settings": {**rt.DEFAULTS, "w2vlib_batch_size": rt.BATCH_SIZE, "seeds": args.seeds},
            "mean_context_words": context,
            "conditions": results,
        },
    )
    print_table(results, context)
    print(f"wrote {path.relative_to(rt.ROOT)}")
    return 0


def print_table(results: dict, context: float) -> None:
    print(f"\naverage context words per CBOW example (one epoch's draw): C = {context:.2f}")
    keys = (
        ("trace_ratio", "tr WᵀW / tr W′ᵀW′"),
        ("imbalance", "imbalance"),
        ("imbalance_rescaled", "imbalance after the scalar gauge"),
        ("within_r", "within-space r (W vs W′)"),
        ("wordsim353 W", "WordSim W"),
        ("wordsim353 W′", "WordSim W′"),
        ("wordsim353 W+W′", "WordSim W+W′"),
        ("wordsim353 aW+W′/a", "WordSim aW+W′/a"),
        ("simlex999 W", "SimLex W"),
        ("simlex999 W′", "SimLex W′"),
        ("simlex999 W+W′", "SimLex W+W′"),
    )
    names = list(results)
    print("| mean ± sd over seeds | " + " | ".join(results[n]["label"] for n in names) + " |")
    print("|---|" + "---|" * len(names))
    for key, label in keys:
        cells = [
            f"{results[n]['summary'][key]['mean']:.3f} ± {results[n]['summary'][key]['sd']:.3f}"
            for n in names
        ]
        print(f"| {label} | " + " | ".join(cells) + " |")
    for name in names:
        for which, value in results[name]["intervals"].items():
            if value:
                print(f"{results[name]['label']}, {which}: {value['text']}")


if __name__ == "__main__":
    sys.exit(main())
