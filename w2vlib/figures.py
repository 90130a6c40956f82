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
from w2vlib.corpora import toy_corpus, toy_groups
from w2vlib.pairs import cooccurrence
from w2vlib.stepper import Stepper
from w2vlib.training import Run, train

RC_DETERMINISTIC = {"svg.hashsalt": "w2v-why", "svg.fonttype": "path", "path.simplify": True}
METADATA = {"png": {"Software": None}, "svg": {"Date": None, "Creator": None}}
PETS = ["cat", "dog", "rabbit", "car", "bus", "truck"]


class Models:
    """The trained runs the figures share, each trained once, on first use, with a fixed seed."""

    @cached_property
    def pets_sentences(self) -> list[list[str]]:
        return toy_corpus("pets_vehicles")

    @cached_property
    def topics_sentences(self) -> list[list[str]]:
        return toy_corpus("four_topics", repeats=2)

    @cached_property
    def pets_softmax(self) -> Run:
        return train(self.pets_sentences, objective="softmax", dim=5, window=2, epochs=20,
                     seed=0, snapshot_every=10)  # fmt: skip

    def topics(self, objective: str) -> Run:
        return train(self.topics_sentences, objective=objective, dim=8, window=2, epochs=20,
                     lr=0.05, seed=0)  # fmt: skip

    @cached_property
    def topics_softmax(self) -> Run:
        return self.topics("softmax")

    @cached_property
    def topics_negative(self) -> Run:
        return self.topics("negative")


def score_trajectories(m: Models) -> Figure:
    return plots.plot_score_trajectories(m.pets_softmax, PETS, ["feed", "drive"])


def pca_trajectories(m: Models) -> Figure:
    return plots.plot_trajectories(m.pets_softmax, PETS, context_words=["feed", "drive", "the"])


def similarity_over_time(m: Models) -> Figure:
    pairs = [("cat", "dog"), ("bus", "truck"), ("cat", "car")]
    return plots.plot_similarity_over_time(m.pets_softmax, pairs)


def cosine_heatmaps(m: Models) -> Figure:
    return plots.plot_cosine_heatmaps(
        m.pets_softmax, toy_groups("pets_vehicles"), steps=[0, 50, 1800]
    )


def loss_curve(m: Models) -> Figure:
    run = m.pets_softmax
    return plots.plot_loss(run, X=cooccurrence(m.pets_sentences, run.vocab, 2))


def optimum_softmax(m: Models) -> Figure:
    run = m.topics_softmax
    return plots.plot_optimum(run, cooccurrence(m.topics_sentences, run.vocab, 2))


def optimum_negative(m: Models) -> Figure:
    run = m.topics_negative
    return plots.plot_optimum(run, cooccurrence(m.topics_sentences, run.vocab, 2))


def pull_step(m: Models) -> Figure:
    stepper = Stepper(m.pets_sentences, objective="softmax", dim=5, lr=0.1, seed=0,
                      batch_size=32, lr_schedule="constant")  # fmt: skip
    stepper.run(40)
    return plots.plot_step(stepper, "cat", context_words=["feed", "drive"])


FIGURES: dict[str, Callable[[Models], Figure]] = {
    "score_trajectories": score_trajectories,
    "pca_trajectories": pca_trajectories,
    "similarity_over_time": similarity_over_time,
    "cosine_heatmaps": cosine_heatmaps,
    "loss_curve": loss_curve,
    "optimum_softmax": optimum_softmax,
    "optimum_negative": optimum_negative,
    "pull_step": pull_step,
}


def generate(out_dir: str | Path = "figures", names: Sequence[str] | None = None) -> list[Path]:
    """Draw the figures and write ``NAME.png`` and ``NAME.svg`` into ``out_dir``."""
    if isinstance(names, str):
        raise TypeError(f"names must be a list of figure names, got the string {names!r}: "
                        f"pass [{names!r}].")  # fmt: skip
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
