"""The estimates w2vlib gives before long work, against the time the work takes here.

w2vlib announces work estimated beyond 30 s and refuses work beyond 30 minutes
(``w2vlib._checks.work``); the constants of its estimates live in ``w2vlib/_cost.py``.
This script runs the cases they were fitted on and prints estimate, measured seconds
and their ratio (measured / estimate: above 1 means the estimate is low):

* training at a huge dim (the toy corpus, one epoch: rows too long for the cache);
* CBOW with a window as long as the sentences (one 5000-word sentence at window=10**6;
  the first 50 head500 lines at window 1000);
* ``truncated_svd`` of a sparse 20000×20000 matrix with 0.4M entries at growing dim.

Run: ``OMP_NUM_THREADS=1 .venv/bin/python benchmarks/estimates.py [--all]`` (``--all`` adds
dim=10**6, 1.3 GB and about 20 s, and the rank-800 SVD). Writes ``build/bench/estimates.json``.
A busy machine measures slower than the estimates, which are for a quiet one.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before numpy: one BLAS thread

import argparse  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

import w2vlib as w  # noqa: E402
from w2vlib import _checks  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "build" / "bench" / "estimates.json"


def training_cases(everything: bool) -> dict:
    pets = w.toy_corpus("pets_vehicles")
    sentence = [[f"w{i % 1000}" for i in range(5_000)]]
    head50 = w.load_head500()[:50]
    cases = {
        "toy, dim=3·10^5": (pets, dict(dim=3 * 10**5, epochs=1)),
        "one 5000-word sentence, CBOW window=10^6, dim 10": (
            sentence,
            dict(arch="cbow", window=10**6, epochs=1),
        ),
        "one 5000-word sentence, CBOW window=10^6, dim 100": (
            sentence,
            dict(arch="cbow", window=10**6, epochs=1, dim=100),
        ),
        "50 head500 lines, CBOW window=1000, dim 100": (
            head50,
            dict(arch="cbow", window=1000, epochs=1, dim=100),
        ),
    }
    if everything:
        cases["toy, dim=10^6"] = (pets, dict(dim=10**6, epochs=1))
    return cases


def measure_training(sentences, settings: dict) -> tuple[float, float]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", w.LongRunWarning)  # the announcement is the subject
        stepper = w.Stepper(sentences, progress=False, **settings)
        estimate = stepper.estimate_seconds()
        started = time.perf_counter()
        stepper.run()
    return estimate, time.perf_counter() - started


def measure_svd(dim: int, m: int = 20_000, stored: int = 400_000) -> tuple[float, float]:
    from scipy import sparse

    g = np.random.default_rng(0)
    M = sparse.csr_matrix(
        (g.random(stored), (g.integers(0, m, stored), g.integers(0, m, stored))), shape=(m, m)
    )
    estimate, _ = _checks.svd_cost(m, m, M.nnz, dim, 4, exact=False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", w.LongRunWarning)
        started = time.perf_counter()
        w.truncated_svd(M, dim)
    return estimate, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="add dim=10**6 and a rank-800 SVD")
    args = parser.parse_args()
    rows = []
    for name, (sentences, settings) in training_cases(args.all).items():
        rows.append((name, *measure_training(sentences, settings)))
        print(f"{name}: estimate {rows[-1][1]:.1f} s, measured {rows[-1][2]:.1f} s", flush=True)
    for dim in (200, 800) if args.all else (200,):
        rows.append((f"truncated_svd 20000², 0.4M entries, dim {dim}", *measure_svd(dim)))
        print(f"{rows[-1][0]}: estimate {rows[-1][1]:.1f} s, measured {rows[-1][2]:.1f} s")
    print("\n| case | estimate s | measured s | measured / estimate |\n|---|---|---|---|")
    for name, estimate, seconds in rows:
        print(f"| {name} | {estimate:.1f} | {seconds:.1f} | {seconds / estimate:.2f} |")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    records = [dict(case=n, estimate_s=e, measured_s=s) for n, e, s in rows]
    OUT.write_text(json.dumps(dict(load_average=os.getloadavg(), records=records), indent=1))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
