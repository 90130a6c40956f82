"""The canvas every animation is drawn on, and the output: JavaScript HTML with no network
reference (``show``), raw frames (``frames``) and an animated GIF (``save_gif``)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.animation import FuncAnimation
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from w2vlib import _checks, style

DPI = 72  # 9.5 in × 72 dpi = 684 px wide: readable on a slide, small as PNG frames
RC = {**style.RC, "figure.dpi": DPI, "savefig.dpi": DPI, "animation.embed_limit": 25.0}
INTERVAL_MS = 400


def new_figure(figsize=(9.5, 4.5)) -> Figure:
    with mpl.rc_context(RC):
        fig = Figure(figsize=figsize, dpi=DPI)  # no layout engine: animate lays it out once
    FigureCanvasAgg(fig)
    return fig


def animate(fig: Figure, draw, n_frames: int, interval: int) -> FuncAnimation:
    """A FuncAnimation whose layout is computed once, on the last (fullest) frame.

    A layout engine left on the figure makes every saved frame draw twice (matplotlib
    draws once more to lay out); one ``tight_layout`` leaves none, and the frames line up.
    """
    with mpl.rc_context(RC):
        draw(n_frames - 1)
        fig.tight_layout()
    return FuncAnimation(fig, draw, frames=n_frames, interval=interval, blit=False)


# to_jshtml's player draws its buttons with Font Awesome from a CDN: offline, and in the decks
# whose tests abort every non-local request, that link fails. Plain characters replace it.
ICONS = {
    "fa fa-minus": "−",
    "fa fa-fast-backward": "|◀◀",
    "fa fa-step-backward": "|◀",
    "fa fa-play fa-flip-horizontal": "◀",
    "fa fa-pause": "||",
    "fa fa-play": "▶",
    "fa fa-step-forward": "▶|",
    "fa fa-fast-forward": "▶▶|",
    "fa fa-plus": "+",
}
_CDN_LINK = re.compile(r"<link[^>]*https?://[^>]*>\s*")


def offline_html(html: str) -> str:
    """``to_jshtml``'s output with its one network reference (Font Awesome) removed."""
    html = _CDN_LINK.sub("", html)
    for icon, text in ICONS.items():
        html = html.replace(f'<i class="{icon}"></i>', text)
    return html


def show(animation: FuncAnimation):
    """The animation as JavaScript HTML (frames embedded): plays with no kernel, offline."""
    from IPython.display import HTML

    with mpl.rc_context(RC):
        html = animation.to_jshtml(fps=1000 / animation._interval, default_mode="once")
    return HTML(offline_html(html))


def frames(animation: FuncAnimation) -> list[np.ndarray]:
    """Every frame, drawn with Agg, as an H×W×3 uint8 array (for tests and the GIF)."""
    fig = animation._fig
    out = []
    with mpl.rc_context(RC):
        for k in range(animation._save_count):
            animation._func(k)
            fig.canvas.draw()
            out.append(np.asarray(fig.canvas.buffer_rgba())[..., :3].copy())
    return out


def save_gif(animation: FuncAnimation, path: str | Path, fps: int = 3) -> Path:
    """Write the animation as an animated GIF with Pillow (the README's picture)."""
    from PIL import Image

    _checks.positive_int("fps", fps)

    path = Path(path)
    images = [
        Image.fromarray(f).quantize(
            colors=64, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE
        )
        for f in frames(animation)
    ]
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.BytesIO()
    images[0].save(
        buffer,
        format="GIF",
        save_all=True,
        append_images=images[1:],
        duration=int(1000 / fps),
        loop=0,
        optimize=False,
    )
    # hold the last frame (the finished row) a little longer is not needed: the GIF loops
    path.write_bytes(buffer.getvalue())
    return path
