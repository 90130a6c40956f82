"""The explorer: a slider over a run's snapshots, a word picker and a W_out/W_in toggle.

Public API::

    explore(run, words=None, *, candidates=None) -> Explorer
        Explorer (an ipywidgets.VBox): .slider (snapshot), .play, .picker (words),
        .space (W_out / W_in toggle), .status, .image (the rendered PNG), .render() -> bytes
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Sequence

import numpy as np
from matplotlib.colors import to_rgb

from w2vlib import style
from w2vlib.analysis.evaluation import center, normalize_rows
from w2vlib.plots.common import (
    SPACE_NAMES,
    SPACES,
    checked_words,
    plane,
    require_2d,
    require_snapshots,
    snapshot_stack,
    weights,
)
from w2vlib.widgets import pixels
from w2vlib.widgets.common import image_layout, shows_errors, widgets

MAX_CANDIDATES = 40  # words offered by default in the picker
MAX_SHOWN = 40  # words drawn at once; beyond it the cosine matrix is unreadable
DEFAULT_PICKED = 6
PICKS_KEPT = 16  # (space, word set) backgrounds kept: 1.7 MB each


class Explorer(widgets.VBox):
    """A slider over a run's snapshots: W_out (or W_in) trajectories and their cosines.

    Left: the picked rows' paths up to the current snapshot (exact for N = 2,
    else a PCA fitted once on all snapshots of all candidate words; the axes are
    fixed per space, so paths of different picks compare directly). Right: the
    centred-cosine matrix of the picked rows at the current snapshot; its word
    labels take the colours of the paths.

    Speed (every control ≤ 100 ms, benchmarks/explorer_update.py): everything a
    control needs is computed once. Per space: the projection, limits and the
    static picture (axes, ticks, colourbar) as pixels. Per (space, word set),
    kept for the last 16: that picture with the word labels and start markers
    painted in. A frame then copies those pixels and draws only the moving
    artists (paths, heads, cosines, step counter) before encoding the PNG.
    """

    def __init__(self, run, words: Sequence[str] | None = None, *, candidates=None) -> None:
        require_snapshots(run)
        require_2d(run.W_in.shape[1], "train with dim ≥ 2 (dim=2 draws the exact vectors)")
        if words is not None:  # checked first: a bare string would be split into letters below
            words = checked_words(run, words, "words")
            if len(words) > MAX_SHOWN:
                raise ValueError(
                    f"words has {len(words)} words, and the explorer shows at most {MAX_SHOWN} at "
                    f"once (the cosine matrix would be unreadable): pass fewer, e.g. "
                    f"words[:{MAX_SHOWN}], or candidates=<all of them> with words=<the first few> "
                    "to pick among them."
                )
        if candidates is None:
            picked = list(words or [])
            candidates = picked + [w for w in run.vocab.words if w not in picked]
            candidates = candidates[: max(MAX_CANDIDATES, len(picked))]
        else:
            candidates = checked_words(run, candidates, "candidates")
            missing = [w for w in (words or []) if w not in candidates]
            if missing:
                raise ValueError(
                    f"words {missing} are not among the candidates you passed: add them to "
                    "candidates, or leave candidates out."
                )
        words = words if words is not None else candidates[:DEFAULT_PICKED]
        self.run = run
        self.candidates = list(dict.fromkeys(candidates))  # a repeated word is offered once
        self.steps = np.array([s.step for s in run.snapshots])
        self._paths, self._cosines, self._how = {}, {}, {}
        rows = run.vocab.indices(self.candidates)
        for space in SPACES:
            stack = snapshot_stack(run, self.candidates, space)  # S×C×N
            view = plane(stack)
            self._paths[space] = view(stack)
            self._how[space] = (
                "exact (dim = 2)" if view.exact else "PCA of all snapshots, fitted once"
            )
            unit = np.stack(
                [normalize_rows(center(weights(s, space))[rows]) for s in run.snapshots]
            )
            self._cosines[space] = np.einsum("swn,svn->swv", unit, unit)

        self.slider = widgets.IntSlider(
            value=len(self.steps) - 1,
            min=0,
            max=len(self.steps) - 1,
            description="snapshot",
            continuous_update=True,
            layout=widgets.Layout(width="420px"),
        )
        self.play = widgets.Play(
            value=self.slider.value,
            min=0,
            max=self.slider.max,
            interval=150,
            description="Play",
            show_repeat=False,
        )
        widgets.jslink((self.play, "value"), (self.slider, "value"))
        self.space = widgets.ToggleButtons(
            options=[("W_out (rows of W′)", "out"), ("W_in", "in")],
            value="out",
            description="space",
        )
        self.picker = widgets.SelectMultiple(
            options=self.candidates,
            value=tuple(words),
            description="words",
            rows=4,
            layout=widgets.Layout(width="260px"),
        )
        self.status = widgets.Label()
        self.image = widgets.Image(format="png", layout=image_layout())
        self._fig = pixels.detached_figure(layout=None)
        self._create_artists()
        self._limits: dict[str, tuple] = {}
        self._space_pixels = {space: self._draw_space(space) for space in SPACES}
        self._pick_pixels: OrderedDict[tuple, np.ndarray] = OrderedDict()
        self._pick()
        self.image.value = self.render()
        self.slider.observe(self._on_slider, names="value")
        self.space.observe(self._on_pick, names="value")
        self.picker.observe(self._on_pick, names="value")
        # controls above the picture, so the picture can take the full width (950 px at most)
        controls = widgets.VBox([widgets.HBox([self.play, self.slider]), self.space])
        super().__init__([widgets.HBox([controls, self.picker]), self.status, self.image])

    # -- drawing -----------------------------------------------------------------

    def _create_artists(self) -> None:
        """Every artist, once. Fixed rectangles (no layout engine) keep the pixels put."""
        fig = self._fig
        with style.context():
            self._ax_path = fig.add_axes((0.075, 0.13, 0.43, 0.75))
            self._ax_cos = fig.add_axes((0.64, 0.25, 0.245, 0.62))
            colorbar_axes = fig.add_axes((0.9, 0.25, 0.015, 0.62))
            self._pool = [
                self._ax_path.plot([], [], lw=2, animated=True)[0] for _ in range(MAX_SHOWN)
            ]
            self._starts = self._ax_path.scatter(
                [], [], s=40, facecolors="white", lw=1.5, zorder=3, animated=True
            )
            self._heads = self._ax_path.scatter([], [], s=60, zorder=4, animated=True)
            self._image = self._ax_cos.imshow(
                np.eye(2),
                cmap=style.CMAP_COSINE,
                vmin=-1,
                vmax=1,
                aspect="auto",
                interpolation="nearest",
                animated=True,
            )
            self._ax_cos.set_xticks([])
            self._ax_cos.set_yticks([])
            self._ax_cos.set_title(
                "centred cosines now (labels coloured as the paths)", fontsize=11
            )
            fig.colorbar(self._image, cax=colorbar_axes)
            self._headline = fig.text(0.02, 0.95, "", fontsize=13, va="center")
            # the headline is static; only the short step counter is redrawn per frame
            self._title = fig.text(
                0.98, 0.95, "", fontsize=13, ha="right", va="center", animated=True
            )

    def _draw_space(self, space: str) -> np.ndarray:
        """The static picture of one space (axes, ticks, labels, colourbar) as RGBA pixels."""
        paths = self._paths[space].reshape(-1, 2)
        low, high = paths.min(axis=0), paths.max(axis=0)
        pad = 0.06 * (high - low).max() + 1e-12
        self._limits[space] = ((low[0] - pad, high[0] + pad), (low[1] - pad, high[1] + pad))
        with style.context():
            self._ax_path.set_xlim(self._limits[space][0])
            self._ax_path.set_ylim(self._limits[space][1])
            self._ax_path.set_xlabel(f"{SPACE_NAMES[space]} rows: {self._how[space]}", fontsize=11)
            self._headline.set_text(
                f"{SPACE_NAMES[space]} rows over training: alike words move together"
            )
            self._fig.canvas.draw()  # animated artists are left out
        return np.array(self._fig.canvas.buffer_rgba())

    def _pick(self) -> None:
        """Point the moving artists at the picked words and make (or reuse) their background."""
        self.status.style.text_color = None  # a previous error's colour
        picked = [self.candidates.index(w) for w in self.picker.value] or [0]
        if len(picked) > MAX_SHOWN:
            self.status.value = f"showing the first {MAX_SHOWN} of the {len(picked)} picked words"
            picked = picked[:MAX_SHOWN]
        else:
            self.status.value = ""
        self._picked = np.array(picked)
        space = self.space.value
        colors = [style.color(i) for i in range(len(picked))]
        self._lines = self._pool[: len(picked)]
        for line, color, k in zip(self._lines, colors, picked, strict=False):
            line.set_color(color)
            line.set_label(self.candidates[k])
        self._heads.set_facecolor(colors)
        n = len(picked)
        self._image.set_extent((-0.5, n - 0.5, n - 0.5, -0.5))
        self._ax_cos.set_xlim(-0.5, n - 0.5)
        self._ax_cos.set_ylim(n - 0.5, -0.5)
        self._ax_path.set_xlim(self._limits[space][0])  # the moving artists' data → pixels
        self._ax_path.set_ylim(self._limits[space][1])
        key = (space, tuple(picked))
        if key in self._pick_pixels:
            self._pick_pixels.move_to_end(key)
        else:
            self._pick_pixels[key] = self._paint_pick(space, picked, colors)
            if len(self._pick_pixels) > PICKS_KEPT:
                self._pick_pixels.popitem(last=False)
        self._background = self._pick_pixels[key]

    def _paint_pick(self, space: str, picked: list[int], colors: list[str]) -> np.ndarray:
        """The space's static pixels plus this pick's word labels and start markers."""
        rgba = np.asarray(self._fig.canvas.buffer_rgba())
        np.copyto(rgba, self._space_pixels[space])
        height = rgba.shape[0]
        (left, bottom), (right, top) = self._ax_cos.get_window_extent().get_points()
        top_row, bottom_row = height - top, height - bottom  # buffer rows run top-down
        cell_height = (bottom_row - top_row) / len(picked)
        cell_width = (right - left) / len(picked)
        # points, so that neighbouring labels do not overlap
        size = float(np.clip(0.8 * min(cell_height, cell_width) * 72 / pixels.DPI, 5.5, 11.0))
        for i, (k, color) in enumerate(zip(picked, colors, strict=True)):
            word, rgb = self.candidates[k], 255 * np.array(to_rgb(color))
            row = int(top_row + (i + 0.5) * cell_height)  # the centre of row i and column i
            col = int(left + (i + 0.5) * cell_width)
            mask = pixels.text_mask(word, size, rotated=False)  # right-aligned left of row i
            pixels.paint(rgba, mask, int(left) - 5 - mask.shape[1], row - mask.shape[0] // 2, rgb)
            mask = pixels.text_mask(word, size, rotated=True)  # reading upward, under column i
            pixels.paint(rgba, mask, col - mask.shape[1] // 2, int(bottom_row) + 5, rgb)
        self._starts.set_offsets(self._paths[space][0, picked])
        self._starts.set_edgecolor(colors)
        self._fig.draw_artist(self._starts)
        return np.array(rgba)

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
        np.copyto(np.asarray(self._fig.canvas.buffer_rgba()), self._background)
        for artist in [*self._lines, self._heads, self._image, self._title]:
            self._fig.draw_artist(artist)
        return pixels.rgba_png(np.asarray(self._fig.canvas.buffer_rgba()))

    @shows_errors
    def _on_slider(self, change) -> None:
        self.image.value = self.render()

    @shows_errors
    def _on_pick(self, change) -> None:
        self._pick()
        self.image.value = self.render()


def explore(run, words: Sequence[str] | None = None, *, candidates=None) -> Explorer:
    """An interactive view of a run: slider + Play over snapshots, word picker, W_out/W_in toggle.

    ``words`` are the rows shown at first (default: the first 6 candidates; at
    most 40); ``candidates`` the words offered in the picker (default: ``words``
    then the most frequent words, up to 40 in all). The run needs snapshots
    (``snapshot_every=…``).
    """
    return Explorer(run, words, candidates=candidates)


# ---------------------------------------------------------------- the step-by-step trainer
