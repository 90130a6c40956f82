"""Interactive explorers (ipywidgets) for watching W′ learn.

Public API::

    explore(run, words=None, *, candidates=None) -> Explorer
        Explorer (an ipywidgets.VBox): .slider (snapshot), .play, .picker (words),
        .space (W_out / W_in toggle), .image (the rendered PNG), .render() -> bytes
    step_trainer(stepper, word, *, context_words=None) -> StepTrainer
        StepTrainer (an ipywidgets.VBox): .preview_button, .apply_button, .run10_button,
        .run100_button, .word (dropdown), .image, .status; .preview(), .apply(), .advance(n)

Both draw with matplotlib's Agg renderer into an ``ipywidgets.Image`` (PNG
bytes), so they look the same in JupyterLab, Notebook 7 and an exported page
with embedded widget state. ``explore`` precomputes every projection and
cosine once; moving the slider only moves artists (``set_data``,
``set_offsets``, ``set_array``) and re-encodes the PNG
(benchmarks/explorer_update.py measures it).
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from w2vlib import _checks, style
from w2vlib.evaluation import center, normalize_rows
from w2vlib.plots import SPACE_NAMES, checked_words, project_pca, require_snapshots, snapshot_stack
from w2vlib.pull import PullDecomposition
from w2vlib.stepper import Stepper
from w2vlib.training import Run

try:
    import ipywidgets as widgets
except ImportError as error:  # pragma: no cover - ipywidgets is in requirements.txt
    raise ImportError(
        "w2vlib.widgets needs ipywidgets: install it with `pip install 'ipywidgets>=8,<9'` "
        "(or run `make lab`, which installs requirements.txt)."
    ) from error


def _image_layout() -> widgets.Layout:
    """Native size (950 px) when there is room, shrunk to the cell's width otherwise."""
    return widgets.Layout(width="950px", max_width="100%", height="auto")


MAX_CANDIDATES = 40  # words offered in the picker; more would make the list unreadable
DEFAULT_PICKED = 6


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def _png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def _rgba_png(pixels: np.ndarray) -> bytes:
    """PNG bytes of an H×W×4 uint8 array, dropping alpha: 8-bit RGB, no row filter, zlib level 1.

    Written by hand because it is redone on every slider move: a general encoder
    (Pillow) spends ~25 ms per frame choosing row filters; this takes ~8 ms, and
    flat plot colours compress well without filters.
    """
    height, width, _ = pixels.shape
    rows = np.zeros((height, 3 * width + 1), dtype=np.uint8)  # a 0 byte per row: filter "None"
    rows[:, 1:] = pixels[:, :, :3].reshape(height, 3 * width)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit, truecolour RGB
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        + _png_chunk(b"IEND", b"")
    )


def _detached_figure(figsize=(9.5, 4.4), layout: str | None = "constrained") -> Figure:
    """A Figure outside pyplot (never auto-displayed), drawn by Agg into PNG bytes."""
    with style.context():
        fig = Figure(figsize=figsize, dpi=100, layout=layout)
    FigureCanvasAgg(fig)
    return fig


class Explorer(widgets.VBox):
    """A slider over a run's snapshots: W_out (or W_in) trajectories and their cosines.

    Left: the picked rows' paths up to the current snapshot (exact for N = 2,
    else a PCA fitted once on all snapshots of all candidate words, so the axes
    never move). Right: the centred-cosine matrix of the picked rows at the
    current snapshot.
    """

    def __init__(self, run: Run, words: Sequence[str] | None = None, *, candidates=None) -> None:
        require_snapshots(run)
        N = run.W_in.shape[1]
        if N < 2:
            raise ValueError(
                f"this run has dim={N}, and the explorer draws 2-D paths: train with dim ≥ 2."
            )
        if words is not None:  # checked first: a bare string would be split into letters below
            words = checked_words(run, words, "words")
        if candidates is None:
            candidates = list(words or []) + [w for w in run.vocab.words if w not in (words or [])]
            candidates = candidates[:MAX_CANDIDATES]
        candidates = checked_words(run, candidates, "candidates")
        words = words if words is not None else candidates[:DEFAULT_PICKED]
        missing = [w for w in words if w not in candidates]
        if missing:
            raise ValueError(
                f"words {missing} are not among the candidates: add them to candidates."
            )
        self.run = run
        self.candidates = candidates
        self.steps = np.array([s.step for s in run.snapshots])
        self._paths, self._cosines, self._how = {}, {}, {}
        for space in SPACE_NAMES:
            stack = snapshot_stack(run, candidates, space)  # S×W×N
            if N == 2:
                mean, components, how = np.zeros(2), np.eye(2), "exact (dim = 2)"
            else:
                mean, components = project_pca(stack)
                how = "PCA of all snapshots, fitted once"
            self._paths[space] = (stack - mean) @ components.T
            rows = run.vocab.indices(candidates)
            unit = np.stack(
                [normalize_rows(center(getattr(s, "W_out" if space == "out" else "W_in"))[rows])
                 for s in run.snapshots]
            )  # fmt: skip
            self._cosines[space] = np.einsum("swn,svn->swv", unit, unit)
            self._how[space] = how

        self.slider = widgets.IntSlider(
            value=len(self.steps) - 1, min=0, max=len(self.steps) - 1, description="snapshot",
            continuous_update=True, layout=widgets.Layout(width="420px"),
        )  # fmt: skip
        self.play = widgets.Play(
            value=self.slider.value, min=0, max=self.slider.max, interval=150,
            description="Play", show_repeat=False,
        )  # fmt: skip
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.space = widgets.ToggleButtons(
            options=[("W_out (rows of W′)", "out"), ("W_in", "in")], value="out",
            description="space",
        )  # fmt: skip
        self.picker = widgets.SelectMultiple(
            options=candidates, value=tuple(words), description="words", rows=4,
            layout=widgets.Layout(width="260px"),
        )  # fmt: skip
        self.image = widgets.Image(format="png", layout=_image_layout())
        self._fig = _detached_figure(layout=None)
        self._build()
        self.image.value = self.render()
        self.slider.observe(self._on_slider, names="value")
        self.space.observe(self._on_rebuild, names="value")
        self.picker.observe(self._on_rebuild, names="value")
        # controls above the picture, so the picture can take the full width (950 px at most)
        controls = widgets.VBox([widgets.HBox([self.play, self.slider]), self.space])
        super().__init__([widgets.HBox([controls, self.picker]), self.image])

    # -- drawing -----------------------------------------------------------------

    def _build(self) -> None:
        """Create the artists for the picked words in the chosen space (on pick/space change)."""
        fig = self._fig
        fig.clear()
        picked = [self.candidates.index(w) for w in self.picker.value] or [0]
        self._picked = np.array(picked)
        space = self.space.value
        paths = self._paths[space][:, self._picked]
        with style.context():
            # Fixed rectangles (no layout engine): a rebuild then costs one plain draw.
            self._ax_path = fig.add_axes((0.075, 0.13, 0.40, 0.75))
            self._ax_cos = fig.add_axes((0.63, 0.24, 0.27, 0.64))
            colorbar_axes = fig.add_axes((0.915, 0.24, 0.015, 0.64))
            ax = self._ax_path
            span_min, span_max = paths.reshape(-1, 2).min(0), paths.reshape(-1, 2).max(0)
            pad = 0.06 * (span_max - span_min).max() + 1e-12
            ax.set_xlim(span_min[0] - pad, span_max[0] + pad)
            ax.set_ylim(span_min[1] - pad, span_max[1] + pad)
            colors = [style.color(i) for i in range(len(picked))]
            self._lines = [
                ax.plot([], [], color=c, lw=2, label=self.candidates[k], animated=True)[0]
                for c, k in zip(colors, picked, strict=True)
            ]
            ax.scatter(paths[0, :, 0], paths[0, :, 1], s=40, facecolors="white",
                       edgecolors=colors, lw=1.5, zorder=3)  # fmt: skip
            self._heads = ax.scatter(
                paths[0, :, 0], paths[0, :, 1], s=60, c=colors, zorder=4, animated=True
            )
            ax.set_xlabel(f"{SPACE_NAMES[space]} rows: {self._how[space]}", fontsize=11)
            ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11,
                      ncols=2 if len(picked) > 12 else 1)  # fmt: skip
            labels = [self.candidates[k] for k in picked]
            self._image = self._ax_cos.imshow(
                np.eye(len(picked)), cmap=style.CMAP_COSINE, vmin=-1, vmax=1, animated=True
            )
            self._ax_cos.set_xticks(range(len(labels)), labels, rotation=90, fontsize=11)
            self._ax_cos.set_yticks(range(len(labels)), labels, fontsize=11)
            self._ax_cos.set_title("centred cosines now", fontsize=12)
            fig.colorbar(self._image, cax=colorbar_axes)
            # the headline is static; only the short step counter is redrawn per frame
            fig.text(0.02, 0.95, f"{SPACE_NAMES[space]} rows over training: alike words move "
                     "together", fontsize=13, va="center")  # fmt: skip
            self._title = fig.text(0.98, 0.95, "", fontsize=13, ha="right", va="center",
                                   animated=True)  # fmt: skip
        # Fix the layout and keep the static background (axes, ticks, labels) as pixels:
        # a slider move then only restores it and draws the few moving artists on top.
        fig.canvas.draw()
        self._background = fig.canvas.copy_from_bbox(fig.bbox)
        self._moving = [*self._lines, self._heads, self._image, self._title]

    def _title_text(self, s: int) -> str:
        snap = self.run.snapshots[s]
        return f"step {snap.step}, epoch {snap.epoch:.2f}"

    def _update_artists(self, s: int) -> None:
        space = self.space.value
        paths = self._paths[space][: s + 1, self._picked]
        for i, line in enumerate(self._lines):
            line.set_data(paths[:, i, 0], paths[:, i, 1])
        self._heads.set_offsets(paths[-1])
        self._image.set_array(self._cosines[space][s][np.ix_(self._picked, self._picked)])
        self._title.set_text(self._title_text(s))

    def render(self) -> bytes:
        """Draw the current snapshot and return the PNG bytes shown in ``self.image``."""
        self._update_artists(self.slider.value)
        canvas = self._fig.canvas
        canvas.restore_region(self._background)
        for artist in self._moving:
            self._fig.draw_artist(artist)
        return _rgba_png(np.asarray(canvas.buffer_rgba()))

    def _on_slider(self, change) -> None:
        self.image.value = self.render()

    def _on_rebuild(self, change) -> None:
        self._build()
        self.image.value = self.render()


def explore(run: Run, words: Sequence[str] | None = None, *, candidates=None) -> Explorer:
    """An interactive view of a run: slider + Play over snapshots, word picker, W_out/W_in toggle.

    ``words`` are the rows shown at first (default: the first 6 candidates);
    ``candidates`` the words offered in the picker (default: ``words`` then the
    most frequent words, up to 40). The run needs snapshots (``snapshot_every=…``).
    """
    return Explorer(run, words, candidates=candidates)


# ---------------------------------------------------------------- the step-by-step trainer


class StepTrainer(widgets.VBox):
    """Preview the next minibatch's pulls and pushes on a word, apply them, or run on.

    Left panel: the update of W_out[word] as its parts (:func:`w2vlib.plot_pull`).
    Right panel: every row of W_out in the same 2-D coordinates, the word's
    step drawn as an arrow. With ``context_words=(a, b)`` those coordinates
    are the scores W_out[j]·W_in[a], W_out[j]·W_in[b] (invariant, legitimate
    for any N); otherwise exact for N = 2, or a PCA of the current W_out rows.
    """

    def __init__(self, stepper: Stepper, word: str, *, context_words=None) -> None:
        if not isinstance(stepper, Stepper):
            raise TypeError("pass a w2vlib.Stepper, e.g. Stepper(toy_corpus(), dim=2, lr=0.1).")
        stepper.vocab[word]
        if context_words is not None:
            context_words = list(context_words)
            if len(context_words) != 2:
                raise ValueError("context_words must hold exactly two words (one per axis).")
            stepper.vocab.indices(context_words)
        elif stepper.W_in.shape[1] < 2:
            raise ValueError("dim=1: a 2-D picture needs dim ≥ 2, or pass context_words=(a, b).")
        self.stepper = stepper
        self.context_words = context_words
        self.word = widgets.Dropdown(options=stepper.vocab.words, value=word, description="word")
        self.preview_button = widgets.Button(description="Preview", tooltip="draw the next step")
        self.apply_button = widgets.Button(description="Apply", tooltip="apply the next step")
        self.run10_button = widgets.Button(description="Run 10")
        self.run100_button = widgets.Button(description="Run 100")
        self.status = widgets.Label()
        self.image = widgets.Image(format="png", layout=_image_layout())
        self.preview_button.on_click(lambda _: self.preview())
        self.apply_button.on_click(lambda _: self.apply())
        self.run10_button.on_click(lambda _: self.advance(10))
        self.run100_button.on_click(lambda _: self.advance(100))
        self.word.observe(lambda _: self.preview(), names="value")
        buttons = [self.preview_button, self.apply_button, self.run10_button, self.run100_button]
        super().__init__([widgets.HBox([self.word, *buttons]), self.status, self.image])
        self.preview()

    def _basis(self) -> tuple[np.ndarray, tuple[str, str]]:
        s, w = self.stepper, self.word.value
        if self.context_words is not None:
            a, b = s.vocab.indices(self.context_words)
            return s.W_in[[a, b]].T, tuple(f"W_out[j]·W_in[{c}]" for c in self.context_words)
        if s.W_in.shape[1] == 2:
            return np.eye(2), ("dimension 1 (exact)", "dimension 2")
        _, components = project_pca(s.W_out)
        return components.T, (f"PC 1 of W_out now (refitted each draw; {w})", "PC 2")

    def _draw(
        self, pull: PullDecomposition, origin: np.ndarray, title: str, inputs: np.ndarray
    ) -> bytes:
        from w2vlib.plots import plot_pull  # the same drawing as in the lessons

        s, word = self.stepper, self.word.value
        basis, axis_labels = self._basis()
        fig = _detached_figure((9.5, 4.6), layout=None)
        with style.context():  # fixed rectangles: a layout engine would triple the drawing time
            ax_pull = fig.add_axes((0.085, 0.13, 0.39, 0.74))
            ax_map = fig.add_axes((0.58, 0.13, 0.39, 0.74))
        labels = None
        if s.arch == "skipgram":
            labels = [s.vocab.words[c] for c in np.asarray(inputs)[pull.example]]
        plot_pull(pull, origin=origin, basis=basis, axis_labels=axis_labels, labels=labels,
                  ax=ax_pull, title=f"{title} for '{word}'")  # fmt: skip
        with style.context():
            points = s.W_out @ basis
            ax_map.scatter(points[:, 0], points[:, 1], s=25, color="0.6")
            j = s.vocab[word]
            for i, name in enumerate(s.vocab.words):
                ax_map.annotate(name, points[i], xytext=(3, 3), textcoords="offset points",
                                fontsize=11, color="black" if i == j else "0.45")  # fmt: skip
            start = origin @ basis
            ax_map.annotate("", xy=start + pull.total @ basis, xytext=start,
                            arrowprops=dict(arrowstyle="-|>", color=style.TOTAL_COLOR, lw=2))  # fmt: skip
            ax_map.set_xlabel(axis_labels[0], fontsize=11)
            ax_map.set_title("all rows of W_out", fontsize=12)
        last = f"{s.losses[-1]:.3f}" if s.losses else "—"
        fig.suptitle(f"step {s.steps}, epoch {s.epoch:.2f}, last minibatch loss {last}")
        return _png(fig)

    def preview(self) -> PullDecomposition:
        """Draw the next minibatch's parts for the chosen word, without applying them."""
        s = self.stepper
        pull = s.pull(self.word.value)
        origin = s.W_out[s.vocab[self.word.value]].copy()
        self.image.value = self._draw(pull, origin, "next step", s.peek().inputs)
        self.status.value = (
            f"next: {int(pull.is_pull.sum())} pulls, {int((~pull.is_pull).sum())} pushes "
            f"on '{self.word.value}' (lr {s.peek().lr:.4g}); Apply to take it."
        )
        return pull

    def apply(self) -> PullDecomposition:
        """Apply the next minibatch and draw what it did to the chosen word."""
        s = self.stepper
        pull = s.pull(self.word.value)
        origin = s.W_out[s.vocab[self.word.value]].copy()
        inputs = s.peek().inputs
        s.step()
        self.image.value = self._draw(pull, origin, "applied step", inputs)
        self.status.value = f"applied step {s.steps}: loss before it {s.losses[-1]:.4f}"
        return pull

    def advance(self, n: int) -> None:
        """Apply ``n`` minibatches, then preview the next one."""
        n = _checks.positive_int("n", n)
        self.stepper.run(n)
        self.preview()


def step_trainer(stepper: Stepper, word: str, *, context_words=None) -> StepTrainer:
    """wevi's "Next" button, decomposed: Preview / Apply / Run 10 / Run 100 on a live Stepper."""
    return StepTrainer(stepper, word, context_words=context_words)
