"""What both widgets share: the ipywidgets import, the image's layout, errors shown in the widget."""

from __future__ import annotations

import functools

try:
    import ipywidgets as widgets
except ImportError as error:  # pragma: no cover - ipywidgets is in requirements.txt
    raise ImportError(
        "w2vlib.widgets needs ipywidgets: install it with `pip install 'ipywidgets>=8,<9'` "
        "(or run `make lab`, which installs requirements.txt)."
    ) from error


def image_layout() -> widgets.Layout:
    """Native size (950 px) when there is room, shrunk to the cell's width otherwise."""
    return widgets.Layout(width="950px", max_width="100%", height="auto")


def shows_errors(callback):
    """A widget callback whose errors are shown in the widget's status line, not lost.

    An exception raised in an ipywidgets callback reaches no cell output (only the
    kernel log), so the learner would see a button that does nothing.
    """

    @functools.wraps(callback)
    def wrapper(self, *args, **kwargs):
        try:
            return callback(self, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - shown to the learner, who can act on it
            self.status.value = f"⚠ {type(error).__name__}: {error}"
            self.status.style.text_color = "#D55E00"
            return None

    return wrapper
