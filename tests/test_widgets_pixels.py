"""widgets.pixels: the hand-written PNG encoder and the text masks painted with numpy."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")

import numpy as np
from PIL import Image

from w2vlib.widgets import pixels as canvas


def test_hand_written_png_decodes_to_the_same_pixels():
    pixels = np.random.default_rng(0).integers(0, 256, (7, 5, 4), dtype=np.uint8)
    decoded = np.asarray(Image.open(io.BytesIO(canvas.rgba_png(pixels))).convert("RGB"))
    np.testing.assert_array_equal(decoded, pixels[:, :, :3])


def test_text_masks_match_what_matplotlib_draws():
    """The painted label covers the same pixels as matplotlib's own Text, to within antialiasing."""
    fig = canvas.detached_figure((2, 1), layout=None)
    fig.text(0.1, 0.5, "cat", fontsize=11, color="black")
    fig.canvas.draw()
    drawn = 255 - np.asarray(fig.canvas.buffer_rgba())[:, :, 0].astype(float)
    mask = canvas.text_mask("cat", 11, rotated=False)
    assert 0 < mask.min() + 1 and mask.max() == 1.0
    assert abs(drawn.sum() / 255 - mask.sum()) < 0.05 * mask.sum()  # the same ink
    upright = canvas.text_mask("cat", 11, rotated=True)
    np.testing.assert_array_equal(upright, np.rot90(mask))


def test_paint_blends_and_clips_at_the_edges():
    pixels = np.full((10, 10, 4), 255, dtype=np.uint8)
    mask = np.array([[1.0, 0.5], [0.0, 1.0]])
    canvas.paint(pixels, mask, left=8, top=-1, rgb=np.array([0.0, 0.0, 0.0]))  # half outside
    np.testing.assert_array_equal(pixels[0, 8:, 0], [255, 0])  # mask row 1: 0.0 and 1.0
    assert (pixels[1:, :, :3] == 255).all() and (pixels[:, :8, :3] == 255).all()
    canvas.paint(pixels, mask, left=2, top=2, rgb=np.array([0.0, 0.0, 0.0]))
    assert pixels[2, 3, 0] == 128  # half coverage: half way from white to black
