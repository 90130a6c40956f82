"""The crux measured on head500 at word2vec's defaults: gensim beside w2vlib, over seeds.

Run from the repository root (about 5 minutes on a quiet machine; trained vectors are cached
in ``build/bench/vectors/``, so a second run only measures):

    nice .venv/bin/python benchmarks/crux_defaults.py

Trains skip-gram with negative sampling on head500 at word2vec's defaults (lr 0.025, window 5,
negative 5, sample 1e-3, min_count 5, dim 100, 5 epochs; see ``realtext_common.py``), with gensim
(``workers=1``, pair by pair) and with w2vlib (lesson 07's recipe: minibatches of 2048 pairs,
shrunk windows), seeds 0, 1, 2. For each run it measures balance, the agreement of W′'s cosines
with the columns of S and with the balanced factor, the |S| prediction (W's and W′'s within-space
cosines), the count-weighted fit and the word-similarity ρ; then intervals
(``w2vlib.similarity_interval``: pairs resampled, the seeds' part by Student's t) for ρ(W′) − ρ(W) and ρ(W+W′) − ρ(W),
centred;
and the singular values of S as training goes (w2vlib's ``Stepper``, seed 0, 60 checkpoints
requested, spaced geometrically over the 5 epochs, 52 distinct steps stored; gensim at the end of
each epoch).

Writes ``benchmarks/results/crux_defaults.json`` (lessons 04b and 06 load it) and prints the
tables that README's "The crux on head500 at word2vec's defaults" shows.
"""

from __future__ import annotations

import argparse
import json
import os
import sys

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")  # one BLAS thread: 2 cores are shared

import numpy as np  # noqa: E402
import realtext_common as rt  # noqa: E402

import w2vlib  # noqa: E402

RUNS = {
    "gensim": lambda seed: rt.gensim_model({}, seed),
    "w2vlib": lambda seed: rt.w2vlib_run({}, seed),
}
NAMES = {"gensim": "gensim_sgns", "w2vlib": "w2vlib_sgns"}
SHOWN = (
    ("imbalance", "imbalance overall"),
    ("imbalance_along", "  of it along the mean direction"),
    ("imbalance_off", "  off the mean direction"),
    ("mean_energy_W", "V·‖mean W row‖²"),
    ("mean_energy_W′", "V·‖mean W′ row‖²"),
    ("r_S_columns", "cos W′ rows ~ cos S columns (centred)"),
    ("r_S_columns_raw", "cos W′ rows ~ cos S columns (raw)"),
    ("r_balanced", "cos W′ ~ cos balanced factor Q√Σ"),
    ("r_gauge", "cos W′ ~ cos W′·A⁻ᵀ (a gauge, control)"),
    ("within_r", "cos W ~ cos W′, within-space (|S|)"),
    ("gram_distance", "‖Ĝ(W) − Ĝ(W′)‖_F (normalised Grams)"),
    ("fit_r", "count-weighted r of S with PMI_0.75 − log 5"),
    ("fit_slope", "  its slope"),
    ("wordsim353 W", "WordSim ρ, W centred"),
    ("wordsim353 W′", "WordSim ρ, W′ centred"),
    ("wordsim353 W+W′", "WordSim ρ, W+W′ centred"),
    ("simlex999 W", "SimLex ρ, W centred"),
    ("simlex999 W′", "SimLex ρ, W′ centred"),
    ("simlex999 W+W′", "SimLex ρ, W+W′ centred"),
)


def w2vlib_growth(seed: int = 0, checkpoints: int = 60, top: int = 10) -> dict:
    """σ₁..σ_top of S = W_in·W_outᵀ and the imbalance at geometrically spaced steps of w2vlib's run."""
    stepper = w2vlib.Stepper(
        rt.head500(),
        shrink_windows=True,
        batch_size=rt.BATCH_SIZE,
        seed=seed,
        progress=False,
        **rt.DEFAULTS,
    )
    marks = np.unique(np.geomspace(1, stepper.planned_steps, checkpoints).astype(int))
    w2v = {"step": [], "epoch": [], "sigma": [], "imbalance": [], "imbalance_off": []}
    for mark in marks:
        if mark > stepper.steps:
            stepper.run(int(mark - stepper.steps))
        sigma = np.linalg.svd(_core(stepper.W_in, stepper.W_out), compute_uv=False)[:top]
        parts = w2vlib.imbalance_parts(stepper.W_in, stepper.W_out)
        w2v["step"].append(int(stepper.steps))
        w2v["epoch"].append(float(stepper.epoch))
        w2v["sigma"].append(sigma.tolist())
        w2v["imbalance"].append(parts.total)
        w2v["imbalance_off"].append(parts.off)
    return w2v


def gensim_growth(seed: int = 0, top: int = 10) -> dict:
    """σ₁..σ_top of S and the imbalance at the end of each of gensim's epochs."""
    from gensim.models.callbacks import CallbackAny2Vec

    class EpochSigma(CallbackAny2Vec):
        def __init__(self):
            self.record = {"epoch": [], "sigma": [], "imbalance": []}

        def on_epoch_end(self, model):
            W_in = np.asarray(model.wv.vectors, dtype=np.float64)
            W_out = np.asarray(model.syn1neg, dtype=np.float64)
            sigma = np.linalg.svd(_core(W_in, W_out), compute_uv=False)[:top]
            self.record["epoch"].append(len(self.record["epoch"]) + 1)
            self.record["sigma"].append(sigma.tolist())
            self.record["imbalance"].append(w2vlib.imbalance(W_in, W_out))

    recorder = EpochSigma()
    rt.gensim_model({}, seed, callbacks=[recorder])
    return recorder.record


def cached_json(name: str, compute) -> dict:
    """``compute()``, kept in ``build/bench/vectors/<name>.json`` after the first time."""
    path = rt.CACHE / f"{name}.json"
    if not path.exists():
        path.write_text(json.dumps(compute()))
    return json.loads(path.read_text())


def _core(W_in: np.ndarray, W_out: np.ndarray) -> np.ndarray:
    """R_in·R_outᵀ from the QR factors: the same singular values as S, without the V×V matrix."""
    _, R_in = np.linalg.qr(np.asarray(W_in, dtype=np.float64))
    _, R_out = np.linalg.qr(np.asarray(W_out, dtype=np.float64))
    return R_in @ R_out.T


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(rt.SEEDS))
    parser.add_argument("--no-growth", action="store_true", help="skip the singular values")
    args = parser.parse_args(argv)

    per_run = {library: [] for library in RUNS}
    trained = {library: [] for library in RUNS}
    for seed in args.seeds:
        for library, train in RUNS.items():
            run = rt.trained(NAMES[library], seed, lambda t=train, s=seed: t(s))
            trained[library].append(run)
            per_run[library].append({"seed": seed, **rt.measured(NAMES[library], seed, run)})
            print(f"  measured {library} seed {seed}", flush=True)
    summaries = {library: rt.summary(rows) for library, rows in per_run.items()}

    intervals = {}
    for library, runs in trained.items():
        vocabs = [run.vocab for run in runs]
        for dataset in rt.DATASETS:
            for view, b_of in (("W′", lambda r: r.W_out), ("W+W′", lambda r: r.W_in + r.W_out)):
                intervals[f"{library} {dataset} {view} − W"] = rt.interval(
                    [b_of(r) for r in runs], [r.W_in for r in runs], vocabs, dataset
                )

    growth = None
    if not args.no_growth:
        growth = {
            "w2vlib": cached_json("growth_w2vlib_seed0", w2vlib_growth),
            "gensim": cached_json("growth_gensim_seed0", gensim_growth),
        }
    path = rt.write_json(
        "crux_defaults",
        {
            "command": "nice .venv/bin/python benchmarks/crux_defaults.py",
            "settings": {**rt.DEFAULTS, "w2vlib_batch_size": rt.BATCH_SIZE, "seeds": args.seeds},
            "per_run": per_run,
            "summary": summaries,
            "intervals": intervals,
            "growth": growth,
        },
    )
    print_tables(summaries, intervals)
    print(f"wrote {path.relative_to(rt.ROOT)}")
    return 0


def print_tables(summaries: dict, intervals: dict) -> None:
    libraries = list(summaries)
    print(f"\n| head500 at defaults, mean ± sd over seeds | {' | '.join(libraries)} |")
    print("|---|" + "---|" * len(libraries))
    for key, label in SHOWN:
        cells = []
        for library in libraries:
            entry = summaries[library][key]
            digits = 0 if "energy" in key else 3
            cells.append(f"{entry['mean']:.{digits}f} ± {entry['sd']:.{digits}f}")
        print(f"| {label} | {' | '.join(cells)} |")
    print("\n| pairs bootstrapped, seeds by t, centred | interval |")
    print("|---|---|")
    for name, result in intervals.items():
        print(f"| {name} | {result['text'] if result else 'w2vlib.similarity_interval missing'} |")


if __name__ == "__main__":
    sys.exit(main())
