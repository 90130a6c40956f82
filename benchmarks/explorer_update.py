"""How long each control of ``w2vlib.widgets.explore`` takes to answer: the budget is ≤ 100 ms.

A run with 200 snapshots and 30 words (the Lee corpus from gensim's wheel,
its 30 most frequent words all shown). Four kinds of control, interleaved so
that all of them see the same machine load, each timed (wall and CPU time of
this process) until the new PNG is in the Image widget:

* ``slider``: a move to a random snapshot;
* ``space``: the W_out/W_in toggle;
* ``new_pick``: a word set never shown before (random, 2–30 words);
* ``again_pick``: a word set shown before.

    .venv/bin/python benchmarks/explorer_update.py [--rounds 40]

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
CONTROLS = ("slider", "space", "new_pick", "again_pick")


def make_run() -> w2vlib.Run:
    sentences = w2vlib.load_lee_corpus()[:120]
    vocab = w2vlib.Vocab(sentences, min_count=3)
    pairs = len(w2vlib.skipgram_pairs(sentences, vocab, window=2)[0])
    epochs, batch_size = 2, 64
    total_steps = epochs * math.ceil(pairs / batch_size)
    every = total_steps // (SNAPSHOTS - 1)  # at least SNAPSHOTS snapshots; trimmed below
    run = w2vlib.train(
        sentences,
        vocab=vocab,
        dim=10,
        window=2,
        epochs=epochs,
        batch_size=batch_size,
        seed=0,
        snapshot_every=every,
    )
    return dataclasses.replace(run, snapshots=run.snapshots[:SNAPSHOTS])


def summary(ms: list[float]) -> dict:
    a = np.array(ms)
    return {
        "n": len(a),
        "median_ms": float(np.median(a)),
        "p95_ms": float(np.percentile(a, 95)),
        "max_ms": float(a.max()),
        "mean_ms": float(a.mean()),
    }


def timed(action) -> tuple[float, float]:
    started, cpu_started = time.perf_counter(), time.process_time()
    action()
    return (time.perf_counter() - started) * 1000, (time.process_time() - cpu_started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rounds",
        "--moves",
        type=int,
        default=40,
        help="rounds of the four controls (--moves: the old name)",
    )
    args = parser.parse_args()

    run = make_run()
    words = run.vocab.words[:WORDS]
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    explorer = explore(run, words, candidates=words)
    build_ms = (time.perf_counter() - started) * 1000

    rng = np.random.default_rng(0)
    wall: dict[str, list[float]] = {k: [] for k in CONTROLS}
    cpu: dict[str, list[float]] = {k: [] for k in CONTROLS}
    shown: list[tuple[str, ...]] = [tuple(words)]

    def slider() -> None:
        value = int(rng.integers(0, explorer.slider.max + 1))
        if value == explorer.slider.value:
            value = (value + 1) % len(run.snapshots)
        explorer.slider.value = value

    def space() -> None:
        explorer.space.value = "in" if explorer.space.value == "out" else "out"

    def new_pick() -> None:
        size = int(rng.integers(2, WORDS + 1))
        picked = tuple(sorted(rng.choice(WORDS, size, replace=False)))
        shown.append(tuple(words[i] for i in picked))
        explorer.picker.value = shown[-1]

    def again_pick() -> None:
        previous = [p for p in shown[:-1] if p != explorer.picker.value]
        explorer.picker.value = previous[int(rng.integers(len(previous)))]

    actions = {"slider": slider, "space": space, "new_pick": new_pick, "again_pick": again_pick}
    for _ in range(args.rounds):
        for name in CONTROLS:
            before = explorer.image.value
            w, c = timed(actions[name])
            wall[name].append(w)
            cpu[name].append(c)
            assert explorer.image.value != before, f"{name}: the image did not change"
            status = getattr(explorer, "status", None)  # (the explorer before 2026-11 had none)
            assert status is None or not status.value.startswith("⚠"), status.value

    result = {
        "benchmark": "explorer_update",
        "snapshots": len(run.snapshots),
        "words": len(words),
        "dim": run.W_in.shape[1],
        "image_bytes": len(explorer.image.value),
        "budget_ms": BUDGET_MS,
        "build_ms": build_ms,
        "wall": {name: summary(wall[name]) for name in CONTROLS},
        "cpu": {name: summary(cpu[name]) for name in CONTROLS},
        # the slider's numbers also under their old keys, read by benchmarks/course_time.py
        "slider": summary(wall["slider"]),
        "slider_cpu": summary(cpu["slider"]),
        "within_budget": all(np.median(wall[name]) <= BUDGET_MS for name in CONTROLS),
        "machine": {
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "load_1min_before": load_before,
            "load_1min_after": os.getloadavg()[0],
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    print(
        f"explore(): {result['snapshots']} snapshots × {result['words']} words, built in "
        f"{build_ms:.0f} ms; {args.rounds} rounds of each control, interleaved"
    )
    for name in CONTROLS:
        w, c = result["wall"][name], result["cpu"][name]
        print(
            f"{name:>10}: wall median {w['median_ms']:5.1f} ms, p95 {w['p95_ms']:5.1f}, "
            f"max {w['max_ms']:5.1f} | CPU median {c['median_ms']:5.1f} ms, "
            f"max {c['max_ms']:5.1f}"
        )
    m = result["machine"]
    print(
        f"budget {BUDGET_MS:.0f} ms; load average {m['load_1min_before']:.1f} → "
        f"{m['load_1min_after']:.1f} on {os.cpu_count()} cores (wall time includes waiting "
        f"for the CPU); wrote {OUT}"
    )


if __name__ == "__main__":
    main()
