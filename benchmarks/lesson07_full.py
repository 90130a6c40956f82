"""Lesson 07's measurement at full size: more seeds and longer training than the lesson can afford.

Lesson 07 trains w2vlib and gensim on head500 (skip-gram, negative 5, window 5
with shrunk windows, min_count 5, sample 1e-3, dim 100, lr 0.025 decaying
linearly, one gensim worker) for 3 seeds and 5 epochs, to stay within its
60-second budget. This script runs the same recipe for 5 seeds at 5, 10 and
20 epochs and reports, for both word-similarity sets (the set's words
Porter-stemmed like the corpus), the Spearman ρ of

    W, W′, W + W′, each raw and centred (the mean row subtracted),

and the paired differences W′ − W and (W + W′) − W per seed (mean ± sd, ddof 1).
For the centred differences it also writes the course's interval,
``w2vlib.similarity_interval``: a 95% interval of ρ averaged over the seeds
that resamples the benchmark's word pairs (one draw for W, W′ and every seed)
and adds the seeds' part, their standard error times Student's t with
seeds − 1 degrees of freedom, with the seeds' sd and the pairs' standard error
beside it.

Run: ``.venv/bin/python benchmarks/lesson07_full.py [--seeds 5] [--epochs 5 10 20] [--out F]``.
Writes ``build/bench/lesson07_full.json``. Minutes of training: not part of ``make test``.
The README's table comes from ``benchmarks/results/lesson07_full_short.json``
(``--seeds 5 --epochs 1 5``) and ``benchmarks/results/lesson07_full_20.json``
(``--seeds 3 --epochs 20``).
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before numpy: one BLAS thread, like workers=1

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import w2vlib  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench" / "lesson07_full.json"
SETTINGS = dict(dim=100, window=5, min_count=5, lr=0.025, negative=5, subsample=1e-3)
BATCH_SIZE = 2048
DATASETS = ("wordsim353", "simlex999")


def views(W_in: np.ndarray, W_out: np.ndarray) -> dict[str, np.ndarray]:
    """The six vector sets compared, with the same post-processing for W and W′."""
    return {
        "W": W_in,
        "W′": W_out,
        "W+W′": W_in + W_out,
        "W centred": w2vlib.center(W_in),
        "W′ centred": w2vlib.center(W_out),
        "W+W′ centred": w2vlib.center(W_in + W_out),
    }


def train_w2vlib(sentences, epochs: int, seed: int):
    run = w2vlib.train(
        sentences,
        objective="negative",
        shrink_windows=True,
        batch_size=BATCH_SIZE,
        epochs=epochs,
        seed=seed,
        progress=False,
        **SETTINGS,
    )
    return run.W_in, run.W_out, run.vocab


def train_gensim(sentences, epochs: int, seed: int):
    from gensim.models import Word2Vec

    model = Word2Vec(
        sentences, **w2vlib.interop.gensim_arguments(epochs=epochs, seed=seed, **SETTINGS)
    )
    run = w2vlib.from_gensim(model)
    return run.W_in, run.W_out, run.vocab


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=5)
    parser.add_argument("--epochs", type=int, nargs="+", default=[5, 10, 20])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    from gensim.parsing.porter import PorterStemmer

    stem = PorterStemmer().stem
    sentences = w2vlib.load_head500()
    records = []
    trained: dict[tuple[str, int], list[tuple[np.ndarray, np.ndarray, object]]] = {}
    for epochs in args.epochs:
        for seed in range(args.seeds):
            for library, trainer in (("w2vlib", train_w2vlib), ("gensim", train_gensim)):
                started = time.perf_counter()
                W_in, W_out, vocab = trainer(sentences, epochs, seed)
                seconds = time.perf_counter() - started
                trained.setdefault((library, epochs), []).append((W_in, W_out, vocab))
                scores = {
                    f"{name}|{dataset}": w2vlib.evaluate_similarity(M, vocab, dataset, stem)[0]
                    for name, M in views(W_in, W_out).items()
                    for dataset in DATASETS
                }
                records.append(
                    dict(library=library, epochs=epochs, seed=seed, seconds=seconds, **scores)
                )
                print(
                    f"{library} epochs {epochs} seed {seed}: {seconds:.1f} s, WordSim W "
                    f"{scores['W|wordsim353']:.3f} W′ {scores['W′|wordsim353']:.3f} "
                    f"(centred {scores['W centred|wordsim353']:.3f} / "
                    f"{scores['W′ centred|wordsim353']:.3f})",
                    flush=True,
                )
    summary = summarise(records)
    intervals = pair_intervals(trained, stem)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(
        json.dumps(
            dict(
                generated_utc=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                command=" ".join(["benchmarks/lesson07_full.py", *sys.argv[1:]]),
                settings=SETTINGS,
                batch_size=BATCH_SIZE,
                records=records,
                summary=summary,
                intervals=intervals,
            ),
            indent=1,
            ensure_ascii=False,
        )
        + "\n"
    )
    for key, entry in intervals.items():
        print(f"{key}: {entry['text']}")
    print_table(summary)
    print(f"wrote {args.out}")


def pair_intervals(trained: dict, stem) -> dict[str, dict]:
    """95% intervals of ρ(W′) − ρ(W) and ρ(W+W′) − ρ(W), centred, pairs resampled, seeds by t."""
    intervals = {}
    for (library, epochs), runs in trained.items():
        W_in, W_out, vocabs = ([r[i] for r in runs] for i in range(3))
        for dataset in DATASETS:
            for name, a in (
                ("W′", W_out),
                ("W+W′", [x + y for x, y in zip(W_in, W_out, strict=True)]),
            ):
                interval = w2vlib.similarity_interval(a, W_in, vocabs, dataset, word_map=stem)
                entry = {field: getattr(interval, field) for field in interval.__dataclass_fields__}
                entry["text"] = interval.describe(name, "W")
                intervals[f"{library} {epochs} {dataset} {name} − W"] = entry
    return intervals


def summarise(records: list[dict]) -> list[dict]:
    """Mean ± sd (ddof 1) over seeds of every score, and of the paired differences, per library × epochs."""
    rows = []
    for library in ("w2vlib", "gensim"):
        for epochs in sorted({r["epochs"] for r in records}):
            group = [r for r in records if r["library"] == library and r["epochs"] == epochs]
            if not group:
                continue
            row = dict(library=library, epochs=epochs, seeds=len(group))
            row["seconds"] = float(np.mean([r["seconds"] for r in group]))
            for dataset in DATASETS:
                for post in ("", " centred"):
                    W = np.array([r[f"W{post}|{dataset}"] for r in group])
                    for name in ("W", "W′", "W+W′"):
                        values = np.array([r[f"{name}{post}|{dataset}"] for r in group])
                        row[f"{name}{post}|{dataset}"] = [values.mean(), values.std(ddof=1)]
                        if name != "W":
                            diff = values - W
                            row[f"{name}−W{post}|{dataset}"] = [diff.mean(), diff.std(ddof=1)]
            rows.append(row)
    return rows


def print_table(summary: list[dict]) -> None:
    for dataset in DATASETS:
        print(f"\n{dataset} (mean ± sd over seeds, ddof 1; differences paired by seed)")
        print(
            "| library | epochs | W centred | W′ centred | W+W′ centred "
            "| W′ − W centred | (W+W′) − W centred | W′ − W raw |"
        )
        print("|---|---|---|---|---|---|---|---|")
        for row in summary:

            def cell(key: str, row: dict = row, dataset: str = dataset) -> str:
                mean, std = row[f"{key}|{dataset}"]
                return f"{mean:+.3f} ± {std:.3f}" if "−" in key else f"{mean:.3f} ± {std:.3f}"

            print(
                f"| {row['library']} | {row['epochs']} | {cell('W centred')} | "
                f"{cell('W′ centred')} | {cell('W+W′ centred')} | {cell('W′−W centred')} | "
                f"{cell('W+W′−W centred')} | {cell('W′−W')} |"
            )


if __name__ == "__main__":
    main()
