"""The chain of lesson 04, measured on real text (Lee), over seeds: the numbers 04b quotes.

Run from the repository root (about 15 minutes on one core; `--parts convex` alone about 9):

    OMP_NUM_THREADS=1 .venv/bin/python benchmarks/why_on_lee.py --seeds 10

Settings (as lesson 04b): Lee (``w2vlib.load_lee_corpus``), min_count 5, SGNS, window 5 without
shrinking or subsampling (so the training pairs are exactly the counts X), negative 5, dim 50,
lr 0.1 decaying linearly, minibatches of 256, 5 epochs. Prints five tables and writes
``build/bench/why_on_lee.json``:

1. balance and the cone, per seed;
2. how far S = W_in·W_outᵀ is from PMI_0.75 − log 5, count-weighted, as N grows;
3. the first epoch: W′'s cosines against the first-order and the coupled predictions;
4. the freeze-W_in ablation: W_in fixed at its random start, only W_out trained;
5. the same ablation solved to near-convergence (``--parts convex``): with W_in fixed, the
   expected SGNS loss is convex in W_out, and scipy's L-BFGS minimises it directly.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

for _name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import numpy as np  # noqa: E402

import w2vlib  # noqa: E402
from w2vlib.training.engine.sampler import AliasSampler  # noqa: E402

SETTINGS = dict(
    objective="negative",
    dim=50,
    window=5,
    negative=5,
    epochs=5,
    lr=0.1,
    batch_size=256,
    progress=False,
)


def cosine_agreement(A: np.ndarray, B: np.ndarray, upper) -> float:
    """Correlation between the pairwise cosines of the rows of A and of B."""
    A = A / np.abs(A).max()  # the coupled prediction can reach 1e200: cosines do not care
    B = B / np.abs(B).max()
    return float(np.corrcoef(w2vlib.cosine_matrix(A)[upper], w2vlib.cosine_matrix(B)[upper])[0, 1])


def gauge(N: int, seed: int) -> np.ndarray:
    """A random rotation times stretches from 4 down to 1/4: the lesson's non-orthogonal gauge."""
    Q, _ = np.linalg.qr(np.random.default_rng(seed).normal(size=(N, N)))
    return Q @ np.diag(np.geomspace(4.0, 0.25, N))


def balance_table(sentences, vocab, seeds, upper) -> list[dict]:
    rows = []
    for seed in seeds:
        run = w2vlib.train(sentences, vocab=vocab, seed=seed, **SETTINGS)
        W_in, W_out = run.W_in, run.W_out
        parts = w2vlib.imbalance_parts(W_in, W_out)
        _, B_out = w2vlib.balanced_split(W_in, W_out)
        A = gauge(W_in.shape[1], 100 + seed)
        centred = w2vlib.center(W_out)
        S = W_in @ W_out.T
        rows.append(
            dict(
                seed=seed,
                loss=float(run.losses[-len(run.losses) // 5 :].mean()),
                imbalance=parts.total,
                imbalance_along_mean=parts.along,
                imbalance_off_mean=parts.off,
                negative_scores=float((S < 0).mean()),
                cos_means=w2vlib.cosine(W_in.mean(0), W_out.mean(0)),
                r_balanced=cosine_agreement(centred, w2vlib.center(B_out), upper),
                r_gauge=cosine_agreement(centred, w2vlib.center(W_out @ np.linalg.inv(A).T), upper),
                rho_W=w2vlib.evaluate_similarity(W_in, vocab)[0],
                rho_W_out=w2vlib.evaluate_similarity(centred, vocab)[0],
                rho_B_out=w2vlib.evaluate_similarity(w2vlib.center(B_out), vocab)[0],
            )
        )
        print(
            " ".join(
                f"{k} {v:.4f}" if isinstance(v, float) else f"{k} {v}" for k, v in rows[-1].items()
            )
        )
    return rows


def step_table(sentences, vocab, lrs=(0.1, 0.025)) -> list[dict]:
    """The imbalance against the step size: gradient flow conserves it, discrete steps drift by η²."""
    rows = []
    for lr in lrs:
        run = w2vlib.train(sentences, vocab=vocab, seed=0, **{**SETTINGS, "lr": lr})
        parts = w2vlib.imbalance_parts(run.W_in, run.W_out)
        V = len(vocab)
        rows.append(
            dict(
                lr=lr,
                imbalance=parts.total,
                along=parts.along,
                off=parts.off,
                mean_energy_in=float(V * (run.W_in.mean(0) ** 2).sum()),
                mean_energy_out=float(V * (run.W_out.mean(0) ** 2).sum()),
            )
        )
        print(" ".join(f"{k} {v:.3f}" for k, v in rows[-1].items()))
    return rows


def rank_table(sentences, vocab, X, dims) -> list[dict]:
    target = w2vlib.shifted_pmi(X, 5, alpha=0.75)
    rows = []
    for dim in dims:
        started = time.perf_counter()
        run = w2vlib.train(sentences, vocab=vocab, seed=0, **{**SETTINGS, "dim": dim})
        fit = w2vlib.count_weighted_fit(run.W_in @ run.W_out.T, target, X)
        rows.append(
            dict(
                dim=dim,
                r2=fit.r2,
                r=fit.r,
                slope=fit.slope,
                rmse=fit.rmse,
                cells=fit.cells,
                seconds=time.perf_counter() - started,
            )
        )
        print(rows[-1])
    return rows


def early_table(sentences, vocab, X, upper, lr: float) -> list[dict]:
    pairs = X.sum()
    per_epoch = int(np.ceil(pairs / SETTINGS["batch_size"]))
    run = w2vlib.train(
        sentences,
        vocab=vocab,
        seed=0,
        snapshot_every=max(1, per_epoch // 200),
        **{**SETTINGS, "epochs": 1, "lr": lr, "lr_schedule": "constant"},
    )
    R = w2vlib.sgns_residual(X, SETTINGS["negative"], counts=vocab.counts)
    W_in0 = run.snapshots[0].W_in
    zero = np.zeros_like(W_in0)
    rows = []
    for fraction in (0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0):
        snap = min(run.snapshots, key=lambda s: abs(s.epoch - fraction))
        t = lr * snap.epoch  # per-pair step × passes: η·t of the flow
        first = w2vlib.first_order_W_out(R, W_in0, zero, t)
        _, coupled = w2vlib.coupled_linear_dynamics(R, W_in0, zero, t)
        centred = w2vlib.center(snap.W_out)
        rows.append(
            dict(
                lr=lr,
                epoch=snap.epoch,
                first_order=cosine_agreement(centred, w2vlib.center(first), upper),
                coupled=cosine_agreement(centred, w2vlib.center(coupled), upper),
                W_in_growth=float(np.linalg.norm(snap.W_in - W_in0) / np.linalg.norm(W_in0)),
                rho_W=w2vlib.evaluate_similarity(snap.W_in, vocab)[0],
                rho_W_out=w2vlib.evaluate_similarity(centred, vocab)[0],
            )
        )
        print(" ".join(f"{k} {v:.3f}" for k, v in rows[-1].items()))
    return rows


def frozen_table(sentences, vocab, seeds) -> list[dict]:
    """W_in frozen at random (a convex problem in W_out) against joint training.

    Two random starts: train()'s own (entries ±0.5/N: so small that W_out cannot reach
    useful scores in 5 epochs) and a Gaussian W_in rescaled to the Frobenius norm of the
    jointly trained W_in of the same seed (the fair comparison).
    """
    centers, contexts = w2vlib.skipgram_pairs(sentences, vocab, window=SETTINGS["window"])
    B, k, epochs, lr = (SETTINGS[key] for key in ("batch_size", "negative", "epochs", "lr"))
    N = SETTINGS["dim"]
    rows = []
    for seed in seeds:
        joint = w2vlib.train(sentences, vocab=vocab, seed=seed, **SETTINGS)
        row = dict(
            seed=seed,
            joint_loss=float(joint.losses[-len(joint.losses) // 5 :].mean()),
            joint_rho_W_out=w2vlib.evaluate_similarity(w2vlib.center(joint.W_out), vocab)[0],
        )
        gaussian = np.random.default_rng(1000 + seed).normal(size=(len(vocab), N))
        starts = {
            "frozen_init": (np.random.default_rng(seed).random((len(vocab), N)) - 0.5) / N,
            "frozen_scaled": gaussian * np.linalg.norm(joint.W_in) / np.linalg.norm(gaussian),
        }
        for name, W_in0 in starts.items():
            rng = np.random.default_rng(seed)
            W_out = np.zeros_like(W_in0)
            sampler = AliasSampler(vocab.counts)
            total, done, losses = epochs * len(centers), 0, []
            for _ in range(epochs):
                order = rng.permutation(len(centers))
                for start in range(0, len(order), B):
                    batch = order[start : start + B]
                    negatives = sampler.draw(rng, (len(batch), k))
                    W_in = W_in0.copy()  # restored every step: W_in never moves
                    step_lr = lr * max(1e-4, 1 - done / total)
                    losses.append(
                        w2vlib.sgns_step(
                            W_in, W_out, centers[batch], contexts[batch], negatives, step_lr
                        )
                    )
                    done += len(batch)
            row[f"{name}_loss"] = float(np.mean(losses[-len(losses) // 5 :]))
            row[f"{name}_rho_W_out"] = w2vlib.evaluate_similarity(w2vlib.center(W_out), vocab)[0]
        rows.append(row)
        print(
            " ".join(f"{k} {v:.3f}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items())
        )
    return rows


def expected_sgns_loss(W_in: np.ndarray, X: np.ndarray, noise_weight: np.ndarray):
    """The expected SGNS loss per pair as a function of W_out, with W_in fixed, and its gradient.

    𝓛(W_out) = (1/|D|)·Σ_{c,o} [X[c,o]·softplus(−S[c,o]) + k·n_c·P_n(o)·softplus(S[c,o])],
    S = W_in·W_outᵀ (Landgraf & Bellay's weights: every cell, seen or not, carries k·n_c·P_n(o)).
    Convex in W_out, because S is linear in W_out and softplus is convex.
    """
    pairs = X.sum()
    V, N = W_in.shape

    def loss_grad(flat: np.ndarray):
        S = W_in @ flat.reshape(V, N).T
        loss = (X * np.logaddexp(0.0, -S) + noise_weight * np.logaddexp(0.0, S)).sum() / pairs
        sig = 0.5 * (1.0 + np.tanh(0.5 * S))  # σ(S) without overflow
        E = (noise_weight * sig - X * (1.0 - sig)) / pairs  # ∂𝓛/∂S
        return loss, (E.T @ W_in).ravel()

    return loss_grad


def convex_table(sentences, vocab, X, seeds, maxiter: int = 500) -> list[dict]:
    """The freeze-W_in ablation solved as the convex problem it is (scipy L-BFGS, expected loss).

    Three fixed W_in per seed: the jointly trained one (the solver's control: it should recover a
    W_out as good as joint training's), and the two random starts of ``frozen_table``.
    Reports the expected loss per pair reached, the gradient norm, and WordSim ρ of centred W_out.
    """
    from scipy.optimize import minimize

    k, N = SETTINGS["negative"], SETTINGS["dim"]
    noise_weight = k * X.sum(axis=1)[:, None] * w2vlib.noise_distribution(vocab.counts)[None, :]
    rows = []
    for seed in seeds:
        joint = w2vlib.train(sentences, vocab=vocab, seed=seed, **SETTINGS)
        gaussian = np.random.default_rng(1000 + seed).normal(size=(len(vocab), N))
        fixed = {
            "trained": joint.W_in,
            "frozen_init": (np.random.default_rng(seed).random((len(vocab), N)) - 0.5) / N,
            "frozen_scaled": gaussian * np.linalg.norm(joint.W_in) / np.linalg.norm(gaussian),
        }
        row = dict(
            seed=seed,
            joint_expected_loss=float(
                expected_sgns_loss(joint.W_in, X, noise_weight)(joint.W_out.ravel())[0]
            ),
            joint_rho_W_out=w2vlib.evaluate_similarity(w2vlib.center(joint.W_out), vocab)[0],
        )
        for name, W_in in fixed.items():
            fun = expected_sgns_loss(W_in, X, noise_weight)
            result = minimize(
                fun,
                np.zeros(W_in.size),
                jac=True,
                method="L-BFGS-B",
                options={"maxiter": maxiter, "gtol": 1e-9},
            )
            W_out = result.x.reshape(W_in.shape)
            row[f"{name}_loss"] = float(result.fun)
            row[f"{name}_grad_norm"] = float(np.linalg.norm(result.jac))
            row[f"{name}_iterations"] = int(result.nit)
            row[f"{name}_rho_W_out"] = w2vlib.evaluate_similarity(w2vlib.center(W_out), vocab)[0]
        rows.append(row)
        print(
            " ".join(f"{k} {v:.4g}" if isinstance(v, float) else f"{k} {v}" for k, v in row.items())
        )
    return rows


def summary(rows: list[dict]) -> dict:
    keys = [k for k in rows[0] if k != "seed"]
    return {
        k: (float(np.mean([r[k] for r in rows])), float(np.std([r[k] for r in rows]))) for k in keys
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--dims", type=int, nargs="*", default=[10, 50, 200])
    parser.add_argument(
        "--parts",
        nargs="*",
        default=["balance", "step", "rank", "early", "frozen", "convex"],
        help="which tables to measure (default: all six)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    sentences = w2vlib.load_lee_corpus()
    vocab = w2vlib.Vocab(sentences, min_count=5)
    X = w2vlib.cooccurrence(sentences, vocab, window=SETTINGS["window"])
    upper = np.triu_indices(len(vocab), k=1)
    print(f"Lee: V = {len(vocab)}, |D| = {int(X.sum())} pairs")
    result = {"settings": SETTINGS, "V": len(vocab), "pairs": int(X.sum())}
    if "balance" in args.parts:
        print("\n1. balance and the cone")
        result["balance"] = balance_table(sentences, vocab, range(args.seeds), upper)
        result["balance_summary"] = summary(result["balance"])
        for k, (m, s) in result["balance_summary"].items():
            print(f"   {k:>22}: {m:+.4f} ± {s:.4f}")
    if "step" in args.parts:
        print("\n1b. imbalance against the step size (seed 0)")
        result["step"] = step_table(sentences, vocab)
    if "rank" in args.parts:
        print("\n2. count-weighted fit of S to PMI_0.75 − log 5, by N")
        result["rank"] = rank_table(sentences, vocab, X, args.dims)
    if "early" in args.parts:
        print("\n3. the first epoch (constant lr)")
        result["early"] = early_table(sentences, vocab, X, upper, 0.1) + early_table(
            sentences, vocab, X, upper, 0.025
        )
    if "frozen" in args.parts:
        print("\n4. freeze W_in")
        result["frozen"] = frozen_table(sentences, vocab, range(min(args.seeds, 3)))
        result["frozen_summary"] = summary(result["frozen"])
        for k, (m, s) in result["frozen_summary"].items():
            print(f"   {k:>22}: {m:+.4f} ± {s:.4f}")
    if "convex" in args.parts:
        print("\n5. freeze W_in, solved by L-BFGS on the expected loss")
        result["convex"] = convex_table(sentences, vocab, X, range(min(args.seeds, 3)))
        result["convex_summary"] = summary(result["convex"])
        for k, (m, s) in result["convex_summary"].items():
            print(f"   {k:>26}: {m:+.4f} ± {s:.4f}")
    result["seconds"] = time.perf_counter() - started
    result["load_average"] = os.getloadavg()
    out = Path(
        "build/bench/why_on_lee.json"
        if len(args.parts) == 6
        else f"build/bench/why_on_lee_{'_'.join(args.parts)}.json"
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(result, indent=1))
    print(f"\n{result['seconds']:.0f} s, load {result['load_average']}; wrote {out}")


if __name__ == "__main__":
    main()
