"""What pulls W·Wᵀ and W′·W′ᵀ apart on real text: each asymmetry of word2vec switched off.

Run from the repository root (about 30 minutes on a quiet machine, more when it is shared;
each trained run is cached in ``build/bench/vectors/``, so an interrupted run resumes):

    nice .venv/bin/python benchmarks/asymmetry_ablation.py

For a symmetric S with balanced factors, W·Wᵀ = W′·W′ᵀ = |S| exactly (lesson 04): the
within-space cosines of W and W′ coincide. word2vec departs from that in several ways. Each
condition below switches one of them off (or on) on head500 at word2vec's defaults and measures,
over seeds 0, 1, 2:

* ``within_r``: the correlation of the within-space cosines of centred W and centred W′ over
  100,000 random word pairs (1 when centred W·Wᵀ and W′·W′ᵀ agree up to scale);
* ``gram_distance``: ‖G/‖G‖ − G′/‖G′‖‖_F for G = W·Wᵀ, G′ = W′·W′ᵀ (centred), over all pairs;
* WordSim-353 and SimLex-999 ρ of centred W and W′.

Which library runs a condition is the one that has the switch:

| condition | library | what changes |
|---|---|---|
| baseline | gensim, w2vlib | word2vec's defaults (skip-gram, SGNS) |
| α = 1 | gensim | ``ns_exponent=1``: negatives ∝ counts, no (1 − α)·log n_o column term |
| sample 0 | gensim | no subsampling |
| α = 1, sample 0 | gensim | both |
| negatives from kept counts | gensim | the negative table from count·p_keep (gensim uses raw counts) |
| lr 0.0125 | gensim | half the step: less SGD drift |
| CBOW | gensim | ``sg=0, cbow_mean=1``: every context row gets the full ∂L/∂h |
| CBOW, exact gradient | w2vlib | ``arch="cbow"``: each context row gets 1/C of ∂L/∂h |
| one-sided window | w2vlib | each centre predicts only the 5 words after it (X ≠ Xᵀ) |
| one-sided window, 10 epochs | w2vlib | the same, trained on as many pairs as the baseline |
| lr 0.0125, 10 epochs | gensim | half the step over twice the epochs: the same total step |
| softmax vs SGNS | w2vlib | the full softmax, on min_count 50 (V = 1,460) beside SGNS on the same vocabulary |

w2vlib has no switch for α or for the negatives' counts (its sampler is fixed at count^0.75);
gensim has none for a one-sided window or the full softmax (``hs=1`` is hierarchical softmax,
whose tree nodes are not per-word output vectors), so those two run on w2vlib.

Writes ``benchmarks/results/asymmetry_ablation.json``; prints the table README shows. With
``--only``, the named conditions are trained (or read from the cache) and merged into the stored
result; the conditions not named keep their stored runs. The two controls with more epochs:

    nice .venv/bin/python benchmarks/asymmetry_ablation.py --only gensim_lr_half_e10 \
        w2vlib_one_sided_e10
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

SMALL = {"min_count": 50}  # V = 1,460: where the full softmax is affordable

# name → (library, label, baseline name, how to train one seed)
CONDITIONS = {
    "gensim_sgns": ("gensim", "baseline (defaults)", None, lambda s: rt.gensim_model({}, s)),
    "gensim_alpha1": (
        "gensim",
        "α = 1",
        "gensim_sgns",
        lambda s: rt.gensim_model({"ns_exponent": 1.0}, s),
    ),
    "gensim_sample0": (
        "gensim",
        "sample 0",
        "gensim_sgns",
        lambda s: rt.gensim_model({"subsample": 0.0}, s),
    ),
    "gensim_alpha1_sample0": (
        "gensim",
        "α = 1 and sample 0",
        "gensim_sgns",
        lambda s: rt.gensim_model({"ns_exponent": 1.0, "subsample": 0.0}, s),
    ),
    "gensim_kept_negatives": (
        "gensim",
        "negatives from kept counts",
        "gensim_sgns",
        lambda s: rt.gensim_model({}, s, keep_negatives=True),
    ),
    "gensim_lr_half": (
        "gensim",
        "lr 0.0125",
        "gensim_sgns",
        lambda s: rt.gensim_model({"lr": 0.0125}, s),
    ),
    "gensim_cbow": (
        "gensim",
        "CBOW (word2vec's update)",
        "gensim_sgns",
        lambda s: rt.gensim_model({"sg": 0}, s),
    ),
    "w2vlib_sgns": ("w2vlib", "baseline (defaults)", None, lambda s: rt.w2vlib_run({}, s)),
    "w2vlib_cbow": (
        "w2vlib",
        "CBOW (exact 1/C gradient)",
        "w2vlib_sgns",
        lambda s: rt.w2vlib_run({"arch": "cbow"}, s),
    ),
    "w2vlib_one_sided": ("w2vlib", "one-sided window", "w2vlib_sgns", lambda s: one_sided_run(s)),
    "w2vlib_one_sided_e10": (
        "w2vlib",
        "one-sided window, 10 epochs",
        "w2vlib_sgns",
        lambda s: one_sided_run(s, epochs=10),
    ),
    "gensim_lr_half_e10": (
        "gensim",
        "lr 0.0125, 10 epochs",
        "gensim_sgns",
        lambda s: rt.gensim_model({"lr": 0.0125, "epochs": 10}, s),
    ),
    "w2vlib_sgns_small": ("w2vlib", "SGNS, min_count 50", None, lambda s: rt.w2vlib_run(SMALL, s)),
    "w2vlib_softmax_small": (
        "w2vlib",
        "softmax, min_count 50",
        "w2vlib_sgns_small",
        lambda s: rt.w2vlib_run({**SMALL, "objective": "softmax"}, s),
    ),
}


class OneSidedPairs:
    """One epoch's one-sided pairs, read like the Stepper's ``EpochExamples``.

    ``size`` is the number of pairs; ``take(start, stop)`` returns pairs start..stop−1 as
    (centres, contexts) intp arrays. The whole epoch is listed at once (head500: about
    0.9M pairs), so the reads may go anywhere.
    """

    def __init__(self, centres: np.ndarray, contexts: np.ndarray) -> None:
        self._centres, self._contexts = centres, contexts
        self.size = len(centres)

    def take(self, start: int, stop: int) -> tuple[np.ndarray, np.ndarray]:
        return self._centres[start:stop], self._contexts[start:stop]


class OneSidedStepper(w2vlib.Stepper):
    """w2vlib's trainer with a one-sided window: each centre predicts the words *after* it.

    Only the epoch's pairs change (same subsampling and shrunk widths as word2vec's window):
    X[c, o] then counts "o follows c", so X ≠ Xᵀ and S's target is not symmetric. Built on the
    Stepper's per-epoch hook, over its packed corpus (``_tokens``: int32 word indices,
    ``_starts``: True at each sentence's first token); half the pairs of a symmetric window of
    the same width.
    """

    def _epoch_examples(self) -> OneSidedPairs:
        c = self.config
        tokens = self._tokens.astype(np.intp)
        sentence = np.cumsum(self._starts) - 1  # each token's sentence number
        if c.subsample > 0:
            kept = self.rng.random(len(tokens)) < self._keep[tokens]
            tokens, sentence = tokens[kept], sentence[kept]
        if c.shrink_windows:  # word2vec's widths, drawn afresh for each centre
            width = self.rng.integers(1, c.window + 1, size=len(tokens))
        else:
            width = np.full(len(tokens), c.window)
        centers, contexts = [], []
        for d in range(1, c.window + 1):
            ok = (sentence[:-d] == sentence[d:]) & (width[:-d] >= d)
            centers.append(tokens[:-d][ok])
            contexts.append(tokens[d:][ok])
        centers, contexts = np.concatenate(centers), np.concatenate(contexts)
        order = self.rng.permutation(len(centers))
        return OneSidedPairs(centers[order], contexts[order])


def one_sided_run(seed: int, epochs: int = 5):
    settings = {**rt.DEFAULTS, "epochs": epochs}
    stepper = OneSidedStepper(
        rt.head500(),
        w2vlib.TrainConfig(
            shrink_windows=True, batch_size=rt.BATCH_SIZE, seed=seed, progress=False, **settings
        ),
    )
    stepper.run()
    return stepper.result()


KEYS = ("within_r", "gram_distance", "wordsim353 W", "wordsim353 W′", "simlex999 W", "simlex999 W′")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=int, nargs="+", default=list(rt.SEEDS))
    parser.add_argument("--only", nargs="+", choices=list(CONDITIONS), default=list(CONDITIONS))
    parser.add_argument(
        "--cached-only", action="store_true", help="summarise the cached runs, train nothing"
    )
    args = parser.parse_args(argv)

    per_run = {name: [] for name in args.only}
    for seed in args.seeds:  # seed-major: after one pass every condition has a first number
        for name in args.only:
            if args.cached_only and not rt.is_cached(name, seed):
                continue
            train = CONDITIONS[name][3]
            run = rt.trained(name, seed, lambda t=train, s=seed: t(s))
            per_run[name].append({"seed": seed, **rt.measured(name, seed, run, fit=False)})
            print(f"  measured {name} seed {seed}", flush=True)
        save(per_run, args.seeds)  # checkpoint after every seed
    print_table(save(per_run, args.seeds))
    return 0


def stored_runs() -> dict[str, list[dict]]:
    """Each condition's per-seed rows in the stored result (empty when there is none yet)."""
    path = rt.RESULTS / "asymmetry_ablation.json"
    if not path.exists():
        return {}
    stored = json.loads(path.read_text(encoding="utf-8"))
    return {name: entry["runs"] for name, entry in stored["conditions"].items()}


def save(per_run: dict, seeds: list[int]) -> dict:
    """Write every condition: this run's, and the stored ones it did not run (``--only``).

    A condition's change in r is paired by seed with its baseline's rows, from this run or,
    when this run did not train the baseline, from the stored result.
    """
    rows_of = {**stored_runs(), **{name: rows for name, rows in per_run.items() if rows}}
    conditions = {}
    for name, rows in rows_of.items():
        library, label, baseline, _ = CONDITIONS[name]
        entry = {"library": library, "label": label, "baseline": baseline, "runs": rows}
        entry["summary"] = rt.summary(rows)
        if baseline in rows_of:
            base = {row["seed"]: row for row in rows_of[baseline]}
            paired = [
                {key: row[key] - base[row["seed"]][key] for key in KEYS}
                for row in rows
                if row["seed"] in base
            ]
            if paired:
                entry["paired_change"] = rt.summary(paired)
        conditions[name] = entry
    all_seeds = sorted({row["seed"] for rows in rows_of.values() for row in rows} | set(seeds))
    path = rt.write_json(
        "asymmetry_ablation",
        {
            "command": "nice .venv/bin/python benchmarks/asymmetry_ablation.py",
            "settings": {**rt.DEFAULTS, "w2vlib_batch_size": rt.BATCH_SIZE, "seeds": all_seeds},
            "conditions": conditions,
        },
    )
    print(f"  saved {path.relative_to(rt.ROOT)}", flush=True)
    return conditions


def print_table(conditions: dict) -> None:
    print(
        "\n| condition | library | within-space r (W vs W′) | Gram distance | WordSim W / W′ "
        "| SimLex W / W′ | change in r vs baseline |"
    )
    print("|---|---|---|---|---|---|---|")
    for entry in conditions.values():
        s = entry["summary"]

        def m(key, s=s):
            return f"{s[key]['mean']:.3f}"

        change = entry.get("paired_change", {}).get("within_r")
        change_text = f"{change['mean']:+.3f} ± {change['sd']:.3f}" if change else "—"
        print(
            f"| {entry['label']} | {entry['library']} "
            f"| {m('within_r')} ± {s['within_r']['sd']:.3f} | {m('gram_distance')} "
            f"| {m('wordsim353 W')} / {m('wordsim353 W′')} | {m('simlex999 W')} / "
            f"{m('simlex999 W′')} | {change_text} |"
        )


if __name__ == "__main__":
    sys.exit(main())
