"""Live versions of lesson 04's two crux animations: the company sweep and the gauge.

Public API::

    company_sweep_slider(sweep) -> SweepSlider
        SweepSlider (an ipywidgets.VBox): .slider (sweep point), .image, .status; .show(k)
    gauge_slider(path) -> GaugeSlider
        GaugeSlider (an ipywidgets.VBox): .slider (t, continuous), .image, .readout, .status;
        .show(t) -> (loss, max |ΔS|, imbalance)

``company_sweep_slider`` only draws a sweep computed once by ``w2vlib.company_sweep``.
``gauge_slider`` computes (W_in·A(t), W_out·A(t)⁻ᵀ) for any t of the slider (a few N×N
products), so A moves continuously from the identity; the loss, the largest change of a score
and the imbalance are printed beside the cosines inside W′.
"""

from __future__ import annotations

import numpy as np

from w2vlib.analysis.evaluation import cosine_matrix
from w2vlib.analysis.factors import imbalance
from w2vlib.animations.gauge import GaugePath, draw_cosines, gauge_matrix, softmax_mean_loss
from w2vlib.animations.sweep import CompanySweep, draw_bound, draw_company, label_panels
from w2vlib.widgets import pixels
from w2vlib.widgets.common import image_layout, shows_errors, widgets


class SweepSlider(widgets.VBox):
    """Pick a sweep point: the two columns of S (left), cos of the two rows vs ‖ΔS‖ (right)."""

    def __init__(self, sweep: CompanySweep) -> None:
        if not isinstance(sweep, CompanySweep):
            raise TypeError("company_sweep_slider shows a sweep: pass w2vlib.company_sweep().")
        self.sweep = sweep
        self.slider = widgets.IntSlider(
            value=0, min=0, max=len(sweep.moved) - 1, description="point", continuous_update=True
        )
        self.status = widgets.Label()
        self.image = widgets.Image(format="png", layout=image_layout())
        self.slider.observe(lambda change: self._on(change["new"]), names="value")
        super().__init__([self.slider, self.status, self.image])
        self.show(0)

    @shows_errors
    def _on(self, k: int) -> None:
        self.status.style.text_color = None
        self.show(k)

    def show(self, k: int) -> None:
        sweep = self.sweep
        fig = pixels.detached_figure(figsize=(9.5, 4.4))
        ax_s, ax_c = fig.subplots(1, 2, width_ratios=[1, 1.15])
        high, low = float(sweep.columns.max()), float(sweep.columns.min())
        pad = 0.06 * (high - low)
        label_panels(ax_s, ax_c, sweep)
        draw_company(ax_s, sweep, k, (low - pad, high + pad))
        draw_bound(ax_c, sweep, k, x_max=float(sweep.column_distance.max()) or 1.0)
        fig.suptitle(sweep.label(k), fontsize=12)
        self.image.value = pixels.png(fig)
        self.status.value = (
            f"‖ΔS‖ = {sweep.column_distance[k]:.3f}, cos(W′ rows) = "
            f"{sweep.row_cosine[k]:+.3f}, the bound allows "
            f"[{sweep.cosine_low[k]:+.2f}, {sweep.cosine_high[k]:+.2f}]"
        )


class GaugeSlider(widgets.VBox):
    """Move A(t) away from the identity: loss and S stay, the cosines inside W′ move."""

    def __init__(self, path: GaugePath, *, t_max: float = 1.5) -> None:
        if not isinstance(path, GaugePath):
            raise TypeError("gauge_slider moves a trained pair: pass w2vlib.gauge_path(...).")
        self.path = path
        self.slider = widgets.FloatSlider(
            value=0.0,
            min=-t_max,
            max=t_max,
            step=0.01,
            description="t",
            continuous_update=True,
            readout_format="+.2f",
        )
        self.readout = widgets.Label()
        self.status = widgets.Label()
        self.image = widgets.Image(
            format="png", layout=widgets.Layout(width="560px", max_width="100%")
        )
        self.slider.observe(lambda change: self._on(change["new"]), names="value")
        super().__init__([self.slider, self.readout, self.status, self.image])
        self.show(0.0)

    @shows_errors
    def _on(self, t: float) -> None:
        self.status.style.text_color = None
        self.show(t)

    def show(self, t: float) -> tuple[float, float, float]:
        p = self.path
        A = gauge_matrix(t, p.W_in.shape[1], seed=p.seed)
        W_in, W_out = p.W_in @ A, p.W_out @ np.linalg.inv(A).T
        loss = softmax_mean_loss(W_in, W_out, p.X)
        change = float(np.abs(W_in @ W_out.T - p.W_in @ p.W_out.T).max())
        imb = imbalance(W_in, W_out)
        fig = pixels.detached_figure(figsize=(5.6, 4.6))
        ax = fig.subplots()
        draw_cosines(ax, cosine_matrix(W_out[p.rows]), p.words)
        ax.set_xticks(range(len(p.words)), p.words, rotation=90, fontsize=10)
        ax.set_yticks(range(len(p.words)), p.words, fontsize=10)
        ax.set_title(f"cosines inside W′·A(t)⁻ᵀ, t = {t:+.2f}", fontsize=12)
        self.image.value = pixels.png(fig)
        self.readout.value = (
            f"loss per pair {loss:.12f} · max |ΔS| = {change:.0e} · imbalance {imb:.2f}"
        )
        return loss, change, imb


def company_sweep_slider(sweep: CompanySweep) -> SweepSlider:
    """The company sweep with a slider over its points (computed once, only drawn here)."""
    return SweepSlider(sweep)


def gauge_slider(path: GaugePath, *, t_max: float = 1.5) -> GaugeSlider:
    """A live slider for A(t) on the trained pair of ``path`` (see ``gauge_matrix``)."""
    return GaugeSlider(path, t_max=t_max)
