"""The step-by-step trainer: preview, apply or run on a live Stepper's next minibatches.

Public API::

    step_trainer(stepper, word, *, context_words=None) -> StepTrainer
        StepTrainer (an ipywidgets.VBox): .preview_button, .apply_button, .run10_button,
        .run100_button, .word (dropdown), .image, .status; .preview(), .apply(), .advance(n)
"""

from __future__ import annotations

import numpy as np

from w2vlib import _checks, style
from w2vlib.analysis.pull import PullDecomposition
from w2vlib.plots.common import checked_word, plane, require_2d
from w2vlib.plots.step import plot_pull, score_basis
from w2vlib.training.stepper import Stepper
from w2vlib.widgets import pixels
from w2vlib.widgets.common import image_layout, shows_errors, widgets

MAX_LABELS = 30  # words named in the map of all rows (each label costs ~0.5 ms to draw)


class StepTrainer(widgets.VBox):
    """Preview the next minibatch's pulls and pushes on a word, apply them, or run on.

    Left panel: the update of W_out[word] as its parts (:func:`w2vlib.plots.plot_pull`).
    Right panel: every row of W_out in the same 2-D coordinates, the word's
    step drawn as an arrow. With ``context_words=(a, b)`` those coordinates
    are the scores W_out[j]·W_in[a], W_out[j]·W_in[b] (invariant, legitimate
    for any N); otherwise exact for N = 2, or a PCA of the current W_out rows.
    """

    def __init__(self, stepper: Stepper, word: str, *, context_words=None) -> None:
        if not isinstance(stepper, Stepper):
            raise TypeError("pass a w2vlib.Stepper, e.g. Stepper(toy_corpus(), dim=2, lr=0.1).")
        checked_word(stepper.vocab, word)
        if context_words is not None:
            score_basis(stepper, word, context_words)  # checks them: two words of the vocabulary
            context_words = list(context_words)
        else:
            require_2d(stepper.W_in.shape[1], "train with dim ≥ 2, or pass context_words=(a, b)")
        self.stepper = stepper
        self.context_words = context_words
        self.word = widgets.Dropdown(options=stepper.vocab.words, value=word, description="word")
        self.preview_button = widgets.Button(description="Preview", tooltip="draw the next step")
        self.apply_button = widgets.Button(description="Apply", tooltip="apply the next step")
        self.run10_button = widgets.Button(description="Run 10")
        self.run100_button = widgets.Button(description="Run 100")
        self.status = widgets.Label()
        self.image = widgets.Image(format="png", layout=image_layout())
        self.preview_button.on_click(lambda _: self._on(self.preview))
        self.apply_button.on_click(lambda _: self._on(self.apply))
        self.run10_button.on_click(lambda _: self._on(self.advance, 10))
        self.run100_button.on_click(lambda _: self._on(self.advance, 100))
        self.word.observe(lambda _: self._on(self.preview), names="value")
        buttons = [self.preview_button, self.apply_button, self.run10_button, self.run100_button]
        super().__init__([widgets.HBox([self.word, *buttons]), self.status, self.image])
        self.preview()

    @shows_errors
    def _on(self, action, *args) -> None:
        """A control's action; an error is shown in the status line (see _shows_errors)."""
        self.status.style.text_color = None
        action(*args)

    def _basis(self) -> tuple[np.ndarray, tuple[str, str]]:
        s, w = self.stepper, self.word.value
        if self.context_words is not None:
            basis, _ = score_basis(s, w, self.context_words)
            return basis, tuple(f"W_out[j]·W_in[{c}]" for c in self.context_words)
        view = plane(s.W_out)  # a linear map: only its directions are used
        if view.exact:
            return view.components.T, ("dimension 1 (exact)", "dimension 2")
        return view.components.T, (f"PC 1 of W_out now (refitted each draw; {w})", "PC 2")

    def _draw(
        self, pull: PullDecomposition, origin: np.ndarray, title: str, inputs: np.ndarray
    ) -> bytes:
        s, word = self.stepper, self.word.value
        basis, axis_labels = self._basis()
        fig = pixels.detached_figure((9.5, 4.6), layout=None)
        with style.context():  # fixed rectangles: a layout engine would triple the drawing time
            ax_pull = fig.add_axes((0.085, 0.13, 0.39, 0.74))
            ax_map = fig.add_axes((0.58, 0.13, 0.39, 0.74))
        labels = None
        if s.arch == "skipgram":
            labels = [s.vocab.words[c] for c in np.asarray(inputs)[pull.example]]
        plot_pull(
            pull,
            origin=origin,
            basis=basis,
            axis_labels=axis_labels,
            labels=labels,
            ax=ax_pull,
            title=f"{title} for '{word}'",
        )
        with style.context():
            points = s.W_out @ basis
            ax_map.scatter(points[:, 0], points[:, 1], s=25, color="0.6")
            j = s.vocab[word]
            # the most frequent words and the chosen one: a real vocabulary would be thousands of labels
            for i in sorted({*range(min(MAX_LABELS, len(s.vocab))), j}):
                ax_map.annotate(
                    s.vocab.words[i],
                    points[i],
                    xytext=(3, 3),
                    textcoords="offset points",
                    fontsize=11,
                    color="black" if i == j else "0.45",
                )
            start = origin @ basis
            ax_map.annotate(
                "",
                xy=start + pull.total @ basis,
                xytext=start,
                arrowprops=dict(arrowstyle="-|>", color=style.TOTAL_COLOR, lw=2),
            )
            ax_map.set_xlabel(axis_labels[0], fontsize=11)
            ax_map.set_title("all rows of W_out", fontsize=12)
        last = f"{s.losses[-1]:.3f}" if s.losses else "—"
        fig.suptitle(f"step {s.steps}, epoch {s.epoch:.2f}, last minibatch loss {last}")
        self._fig = fig  # the last picture drawn, for inspection
        return pixels.png(fig)

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
        if not (np.isfinite(self.stepper.W_in).all() and np.isfinite(self.stepper.W_out).all()):
            raise FloatingPointError(
                f"the weights are no longer finite after step {self.stepper.steps}: training "
                f"diverged; start again with a smaller lr (now {getattr(self.stepper, 'lr', '?')})."
            )


def step_trainer(stepper: Stepper, word: str, *, context_words=None) -> StepTrainer:
    """wevi's "Next" button, decomposed: Preview / Apply / Run 10 / Run 100 on a live Stepper."""
    return StepTrainer(stepper, word, context_words=context_words)
