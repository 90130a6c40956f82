"""Regenerate every figure in ``figures/``, byte for byte: ``python -m w2vlib.figures [OUT_DIR]``.

Public API::

    FIGURES: dict[str, Callable[[Models], Figure]]   # name → drawing function
    generate(out_dir="figures", names=None) -> list[Path]   # writes NAME.png and NAME.svg
    main(argv=None) -> int                           # the command line

Determinism: fixed seeds for every run, the Agg and SVG renderers,
``svg.hashsalt`` fixed (SVG ids), and the metadata that would change on
each run removed (PNG ``Software``; SVG ``Date`` and ``Creator``). The test
tests/test_figures.py regenerates into a temporary folder and compares bytes.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from functools import cached_property
from pathlib import Path

import matplotlib as mpl
from matplotlib.figure import Figure

from w2vlib import plots, style
from w2vlib.corpora import toy_corpus
from w2vlib.training.record import Run
from w2vlib.training.train import train

RC_DETERMINISTIC = {"svg.hashsalt": "w2v-why", "svg.fonttype": "path", "path.simplify": True}
METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}
PETS = ["cat", "dog", "rabbit", "car", "bus", "truck"]


class Models:
    """The trained runs the figures share, each trained once, on first use, with a fixed seed."""

    @cached_property
    def pets_softmax(self) -> Run:
        return train(
            toy_corpus("pets_vehicles"),
            objective="softmax",
            dim=5,
            window=2,
            epochs=20,
            seed=0,
            snapshot_every=10,
        )


def score_trajectories(m: Models) -> Figure:
    return plots.plot_score_trajectories(m.pets_softmax, PETS, ["feed", "drive"])


def similarity_over_time(m: Models) -> Figure:
    pairs = [("cat", "dog"), ("bus", "truck"), ("cat", "car")]
    return plots.plot_similarity_over_time(m.pets_softmax, pairs)


# Only the figures that README.md or a lesson shows (each is in figures/ as PNG and SVG).
FIGURES: dict[str, Callable[[Models], Figure]] = {
    "score_trajectories": score_trajectories,
    "similarity_over_time": similarity_over_time,
}


def generate(out_dir: str | Path = "figures", names: Sequence[str] | None = None) -> list[Path]:
    """Draw the figures and write ``NAME.png`` and ``NAME.svg`` into ``out_dir``."""
    if isinstance(names, str):
        raise TypeError(
            f"names must be a list of figure names, got the string {names!r}: pass [{names!r}]."
        )
    names = list(FIGURES) if names is None else list(names)
    unknown = [n for n in names if n not in FIGURES]
    if unknown:
        raise ValueError(f"unknown figures {unknown}: choose from {', '.join(FIGURES)}.")
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    models = Models()
    written = []
    with mpl.rc_context(RC_DETERMINISTIC):
        for name in names:
            fig = FIGURES[name](models)
            for fmt, metadata in METADATA.items():
                path = out / f"{name}.{fmt}"
                fig.savefig(path, format=fmt, metadata=metadata, dpi=style.RC["savefig.dpi"])
                written.append(path)
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m w2vlib.figures [OUT_DIR]`` (default: figures/ in the current folder)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if len(argv) > 1 or (argv and argv[0].startswith("-")):
        print("usage: python -m w2vlib.figures [OUT_DIR]   (default: figures)", file=sys.stderr)
        return 2
    mpl.use("Agg")  # no display needed, and the same renderer everywhere
    for path in generate(argv[0] if argv else "figures"):
        print(path)
    from w2vlib.animations import readme_gif  # the README's animated GIF (issue 13 §3)

    print(readme_gif(argv[0] if argv else "figures"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
