"""Interactive explorers (ipywidgets) for watching W′ learn.

Public API (the modules: ``explorer``, ``stepping``, over the shared ``common`` and ``pixels``)::

    explore(run, words=None, *, candidates=None) -> Explorer
        Explorer (an ipywidgets.VBox): .slider (snapshot), .play, .picker (words),
        .space (W_out / W_in toggle), .image (the rendered PNG), .render() -> bytes
    step_trainer(stepper, word, *, context_words=None) -> StepTrainer
        StepTrainer (an ipywidgets.VBox): .preview_button, .apply_button, .run10_button,
        .run100_button, .word (dropdown), .image, .status; .preview(), .apply(), .advance(n)

    company_sweep_slider(sweep) -> SweepSlider      # lesson 04: a slider over a company sweep
    gauge_slider(path, *, t_max=1.5) -> GaugeSlider  # lesson 04: A(t) moved live

All draw with matplotlib's Agg renderer into an ``ipywidgets.Image`` (PNG
bytes, :mod:`w2vlib.widgets.pixels`), so they look the same in JupyterLab, Notebook 7
and an exported page with embedded widget state. ``explore`` precomputes every
projection, cosine and static picture once, so each control only redraws the
moving artists (benchmarks/explorer_update.py measures it: ≤ 100 ms). An error
in a control's callback is shown in the widget's status line (``.status``).
"""

from w2vlib.widgets.crux import GaugeSlider, SweepSlider, company_sweep_slider, gauge_slider
from w2vlib.widgets.explorer import Explorer, explore
from w2vlib.widgets.stepping import StepTrainer, step_trainer

__all__ = [
    "Explorer",
    "GaugeSlider",
    "StepTrainer",
    "SweepSlider",
    "company_sweep_slider",
    "explore",
    "gauge_slider",
    "step_trainer",
]
