"""How long the course takes: every lesson executed top to bottom in a fresh kernel.

For each lesson ``notebooks/NN_slug.ipynb`` or ``NNx_slug.ipynb`` (run from ``notebooks/``, as Binder
and JupyterLab do): wall seconds, and the kernel's peak memory (its own
``getrusage`` maximum resident set, read by one extra cell appended to an
in-memory copy; the files are never written). A lesson that fails is
reported with its error and the others still run. Also reports the
explorer's update time per slider step, by running
``benchmarks/explorer_update.py`` when it and ``w2vlib.widgets`` exist.

Run: ``make course`` or ``.venv/bin/python benchmarks/course_time.py [--timeout 600] [NB ...]``.
Writes ``build/bench/course_time.json``; exits 1 if a lesson failed.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
OUT = ROOT / "build" / "bench" / "course_time.json"
LESSON_NAME = re.compile(r"^\d\d[a-z]?_[A-Za-z0-9_]+\.ipynb$")  # as delivery/build.py
EXPLORER_SCRIPT = ROOT / "benchmarks" / "explorer_update.py"
EXPLORER_JSON = ROOT / "build" / "bench" / "explorer_update.json"
PEAK_MEMORY_CELL = (
    "import resource as _r, sys as _s\n"
    "_kib = _r.getrusage(_r.RUSAGE_SELF).ru_maxrss  # KiB on Linux, bytes on macOS\n"
    "print('PEAK_RSS_MIB', _kib / (2**20 if _s.platform == 'darwin' else 2**10))"
)


def run_lesson(path: Path, timeout: int) -> dict:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(PEAK_MEMORY_CELL))
    # allow_errors: a failing cell is recorded and the rest still runs, so the lesson's time
    # and the kernel's peak memory are always measured
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    started = time.perf_counter()
    error = None
    try:
        client.execute()
    except (CellTimeoutError, DeadKernelError) as exc:
        lines = [line for line in str(exc).strip().splitlines() if line.strip()]
        error = f"{type(exc).__name__}: {lines[-1] if lines else ''}"[:300]
    seconds = time.perf_counter() - started
    for index, cell in enumerate(nb.cells[:-1]):
        failed = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if failed and error is None:
            error = f"cell {index}: {failed[0].get('ename')}: {failed[0].get('evalue', '')}"[:300]
    peak = None
    for output in nb.cells[-1].get("outputs", []):
        match = re.search(r"^PEAK_RSS_MIB ([0-9.]+)$", output.get("text", ""), re.MULTILINE)
        if match:
            peak = float(match.group(1))
    code_cells = sum(cell.cell_type == "code" for cell in nb.cells) - 1
    return {
        "lesson": path.name,
        "seconds": seconds,
        "peak_memory_mib": peak,
        "code_cells": code_cells,
        "ok": error is None,
        "error": error,
    }


def explorer_update_time() -> dict:
    """The explorer's slider update time, from its own benchmark if it is available."""
    if not EXPLORER_SCRIPT.exists() or importlib.util.find_spec("w2vlib.widgets") is None:
        return {"available": False, "note": "not available (no explorer benchmark or widgets)"}
    env = {**os.environ, "OMP_NUM_THREADS": "1", "MPLBACKEND": "Agg"}
    done = subprocess.run(
        [sys.executable, str(EXPLORER_SCRIPT), "--moves", "40"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if done.returncode != 0 or not EXPLORER_JSON.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-1:] or [""]
        return {"available": False, "note": f"explorer benchmark failed: {tail[0][:200]}"}
    result = json.loads(EXPLORER_JSON.read_text(encoding="utf-8"))
    return {
        "available": True,
        "slider_median_ms": result["slider"]["median_ms"],
        "slider_p95_ms": result["slider"]["p95_ms"],
        "slider_cpu_median_ms": result["slider_cpu"]["median_ms"],
        "budget_ms": result.get("budget_ms"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="default: every lesson")
    parser.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    parser.add_argument("--no-explorer", action="store_true", help="skip the explorer timing")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted(
        p for p in NOTEBOOKS.glob("[0-9][0-9]*_*.ipynb") if LESSON_NAME.match(p.name)
    )
    if not paths:
        sys.exit(f"no lesson found in {NOTEBOOKS} (expected NN_slug.ipynb files)")
    os.environ.setdefault("MPLBACKEND", "Agg")  # inherited by the kernels: no GUI backend

    lessons = []
    for path in paths:
        result = run_lesson(path, args.timeout)
        lessons.append(result)
        peak = f"{result['peak_memory_mib']:.0f} MiB" if result["peak_memory_mib"] else "?"
        status = "ok" if result["ok"] else f"FAILED: {result['error']}"
        print(
            f"{result['lesson']:36s} {result['seconds']:7.1f} s  peak {peak:>8s}  {status}",
            flush=True,
        )
    total = sum(lesson["seconds"] for lesson in lessons)
    explorer = (
        {"available": False, "note": "skipped"} if args.no_explorer else explorer_update_time()
    )
    report = {
        "lessons": lessons,
        "total_seconds": total,
        "failed": [lesson["lesson"] for lesson in lessons if not lesson["ok"]],
        "explorer_update": explorer,
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "load_average": os.getloadavg(),
        },
    }
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"total: {total:.1f} s for {len(lessons)} lessons; load average {os.getloadavg()}")
    if explorer["available"]:
        print(
            f"explorer update: median {explorer['slider_median_ms']:.1f} ms per slider step "
            f"(CPU {explorer['slider_cpu_median_ms']:.1f} ms)"
        )
    else:
        print(f"explorer update: {explorer['note']}")
    print(f"wrote {OUT}")
    if report["failed"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
