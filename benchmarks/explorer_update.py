"""How long one update of ``w2vlib.widgets.explore`` takes: the budget is ≤ 100 ms.

A run with 200 snapshots and 30 words (the Lee corpus from gensim's wheel,
its 30 most frequent words all shown); the slider is moved to random
snapshots and each change is timed until the new PNG is in the Image widget.
Rebuilds (space toggle, word picker) are timed too: they redraw everything.

    .venv/bin/python benchmarks/explorer_update.py [--moves 100]

Prints a summary and writes build/bench/explorer_update.json.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import math
import os
import platform
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")

import matplotlib

matplotlib.use("Agg")

import numpy as np

import w2vlib
from w2vlib.widgets import explore

OUT = Path(__file__).resolve().parents[1] / "build" / "bench" / "explorer_update.json"
SNAPSHOTS, WORDS, BUDGET_MS = 200, 30, 100.0


def make_run() -> w2vlib.Run:
    sentences = w2vlib.load_lee_corpus()[:120]
    vocab = w2vlib.Vocab(sentences, min_count=3)
    pairs = len(w2vlib.skipgram_pairs(sentences, vocab, window=2)[0])
    epochs, batch_size = 2, 64
    total_steps = epochs * math.ceil(pairs / batch_size)
    every = total_steps // (SNAPSHOTS - 1)  # at least SNAPSHOTS snapshots; trimmed below
    run = w2vlib.train(sentences, vocab=vocab, dim=10, window=2, epochs=epochs,
                        batch_size=batch_size, seed=0, snapshot_every=every)  # fmt: skip
    return dataclasses.replace(run, snapshots=run.snapshots[:SNAPSHOTS])


def summary(ms: list[float]) -> dict:
    a = np.array(ms)
    return {"n": len(a), "median_ms": float(np.median(a)), "p95_ms": float(np.percentile(a, 95)),
            "max_ms": float(a.max()), "mean_ms": float(a.mean())}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=100, help="slider moves to time")
    args = parser.parse_args()

    run = make_run()
    words = run.vocab.words[:WORDS]
    started = time.perf_counter()
    explorer = explore(run, words, candidates=words)
    build_ms = (time.perf_counter() - started) * 1000

    rng = np.random.default_rng(0)
    slider_ms, slider_cpu_ms = [], []
    for value in rng.integers(0, explorer.slider.max + 1, args.moves):
        value = (
            int(value) if value != explorer.slider.value else (int(value) + 1) % len(run.snapshots)
        )
        before = explorer.image.value
        started, cpu_started = time.perf_counter(), time.process_time()
        explorer.slider.value = value
        slider_ms.append((time.perf_counter() - started) * 1000)
        slider_cpu_ms.append((time.process_time() - cpu_started) * 1000)
        assert explorer.image.value != before, "the image did not change"

    rebuild_ms = []
    for space, picked in [("in", words), ("out", words[:10]), ("in", words[:10]), ("out", words)]:
        started = time.perf_counter()
        explorer.space.value = space
        explorer.picker.value = tuple(picked)
        rebuild_ms.append((time.perf_counter() - started) * 1000)

    result = {
        "benchmark": "explorer_update",
        "snapshots": len(run.snapshots),
        "words": len(words),
        "dim": run.W_in.shape[1],
        "image_bytes": len(explorer.image.value),
        "budget_ms": BUDGET_MS,
        "build_ms": build_ms,
        "slider": summary(slider_ms),
        "slider_cpu": summary(slider_cpu_ms),
        "rebuild": summary(rebuild_ms),
        "within_budget": bool(np.median(slider_ms) <= BUDGET_MS),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_1min": os.getloadavg()[0],
        },  # fmt: skip
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    s, c, r = result["slider"], result["slider_cpu"], result["rebuild"]
    print(f"explore(): {result['snapshots']} snapshots × {result['words']} words, built in "
          f"{build_ms:.0f} ms")  # fmt: skip
    print(f"slider update: median {s['median_ms']:.1f} ms, p95 {s['p95_ms']:.1f} ms, "
          f"max {s['max_ms']:.1f} ms over {s['n']} moves (budget {BUDGET_MS:.0f} ms)")  # fmt: skip
    print(f"slider update, CPU time of this process: median {c['median_ms']:.1f} ms, "
          f"max {c['max_ms']:.1f} ms (wall time above includes waiting for the CPU)")  # fmt: skip
    print(f"rebuild (space toggle + picker): median {r['median_ms']:.0f} ms, "
          f"max {r['max_ms']:.0f} ms")  # fmt: skip
    print(f"load average {result['machine']['load_1min']:.1f} on {os.cpu_count()} cores; "
          f"wrote {OUT}")  # fmt: skip


if __name__ == "__main__":
    main()
