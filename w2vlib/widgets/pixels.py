"""Pixels fast: detached Agg figures, a small PNG encoder, and text painted with numpy.

Public API (for the widgets)::

    DPI = 100
    detached_figure(figsize=(9.5, 4.4), layout="constrained") -> Figure   # outside pyplot
    png(fig) -> bytes                    # savefig, without the Software stamp
    rgba_png(pixels) -> bytes            # H×W×4 uint8 → PNG, ~8 ms for 950×440
    text_mask(text, size, rotated) -> np.ndarray   # glyph coverage 0–1, matplotlib's font
    paint(pixels, mask, left, top, rgb)  # blend a colour through a mask, in place
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg, get_hinting_flag
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font

from w2vlib import style

DPI = 100


def png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def png_chunk(tag: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))


def rgba_png(pixels: np.ndarray) -> bytes:
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
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", zlib.compress(rows.tobytes(), 1))
        + png_chunk(b"IEND", b"")
    )


def detached_figure(figsize=(9.5, 4.4), layout: str | None = "constrained") -> Figure:
    """A Figure outside pyplot (never auto-displayed), drawn by Agg into PNG bytes."""
    with style.context():
        fig = Figure(figsize=figsize, dpi=DPI, layout=layout)
    FigureCanvasAgg(fig)
    return fig


def text_mask(text: str, size: float, rotated: bool) -> np.ndarray:
    """Anti-aliased coverage (0–1, H×W) of ``text`` in matplotlib's default font at 100 dpi.

    The explorer paints word labels from these masks with numpy: a matplotlib
    Text costs ~0.5 ms to lay out and draw, and a new word pick needs 2 per word.
    """
    font = get_font(findfont(FontProperties()))  # the font (and cache) Agg itself uses
    font.clear()
    font.set_size(size, DPI)
    font.set_text(text, 0.0, flags=get_hinting_flag())  # as Agg measures text
    font.draw_glyphs_to_bitmap(antialiased=True)
    mask = np.asarray(font.get_image(), dtype=np.float32) / 255.0
    return np.rot90(mask) if rotated else mask  # rot90 turns it to read upward


def paint(pixels: np.ndarray, mask: np.ndarray, left: int, top: int, rgb: np.ndarray) -> None:
    """Blend ``rgb`` into ``pixels`` (H×W×4, rows from the top) with coverage ``mask`` at (left, top)."""
    height, width = pixels.shape[:2]
    y0, x0 = max(top, 0), max(left, 0)
    y1, x1 = min(top + mask.shape[0], height), min(left + mask.shape[1], width)
    if y0 >= y1 or x0 >= x1:
        return
    alpha = mask[y0 - top : y1 - top, x0 - left : x1 - left, None]
    region = pixels[y0:y1, x0:x1, :3]
    region[:] = (region * (1.0 - alpha) + rgb * alpha + 0.5).astype(np.uint8)
