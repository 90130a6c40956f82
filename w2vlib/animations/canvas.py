"""The canvas every animation is drawn on, and the output: JavaScript HTML with no network
reference (``show``), raw frames (``frames``) and an animated GIF (``save_gif``)."""

from __future__ import annotations

import contextlib
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
    """The animation as JavaScript HTML (frames embedded): plays with no kernel, offline.

    The picture shows without any script (``windowed_html``), so JupyterLab's windowing, which
    may run the player's script while its cell is off screen, cannot leave it at 0×0 px.
    """
    from IPython.display import HTML

    if not hasattr(animation, "to_jshtml"):
        raise _checks.InputError(
            f"show takes a matplotlib animation, got {type(animation).__name__} "
            f"{_checks._shown(animation)}: e.g. w2vlib.animations.show("
            "w2vlib.animations.row_buildup())."
        )

    with mpl.rc_context(RC), _no_idle_draws(animation._fig.canvas):
        html = animation.to_jshtml(fps=1000 / animation._interval, default_mode="once")
    return HTML(windowed_html(offline_html(html)))


@contextlib.contextmanager
def _no_idle_draws(canvas: FigureCanvasAgg):
    """Skip the screen redraw FuncAnimation asks for after each frame (``draw_idle``).

    With Agg there is no screen: each frame is drawn in full when it is saved, so that
    redraw only costs a third of the time (the frames come out bit for bit the same).
    """
    before = canvas.__dict__.get("draw_idle")  # an instance attribute, if one was set
    canvas.draw_idle = lambda *args, **kwargs: None  # an instance attribute hides the method
    try:
        yield
    finally:
        if before is None:
            del canvas.draw_idle
        else:
            canvas.draw_idle = before


# The frames are JavaScript strings continued over lines with a backslash before each newline.
_FIRST_FRAME = re.compile(r'frames\[0\] = "data:image/png;base64,([A-Za-z0-9+/=\\\n]+)"')
_N_FRAMES = re.compile(r"var frames = new Array\((\d+)\);")
_IMG = re.compile(r'<img id="(_anim_img\w+)">')
_START = re.compile(
    r"setTimeout\(function\(\) \{\s*(anim\w+) = new Animation\(([^;]*?)\);\s*\}, 0\);"
)
# Every method the player's buttons and slider call (matplotlib's DISPLAY_TEMPLATE).
_METHODS = (
    "set_frame",
    "slower",
    "faster",
    "first_frame",
    "previous_frame",
    "reverse_animation",
    "pause_animation",
    "play_animation",
    "next_frame",
    "last_frame",
)


def _png_size(base64_png: str) -> tuple[int, int]:
    """Width and height of a PNG from its IHDR chunk (bytes 16–24 of the file)."""
    import base64

    head = base64.b64decode(base64_png[:44])  # 44 base64 characters hold the first 33 bytes
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def windowed_html(html: str) -> str:
    """``to_jshtml``'s player made independent of when its script runs.

    matplotlib's player starts from a ``setTimeout`` that looks its image and slider up with
    ``document.getElementById``; JupyterLab's notebook windowing renders cells that are off
    screen detached from the document, so after Run All the player found nothing, its image
    stayed empty (0×0 px) and the first ▶ click was spent starting it. Here the image carries
    the first frame and its pixel size in the HTML itself (it shows before any script runs,
    and in outputs a browser will not run scripts for), the slider its real range, and the
    player is built on its first use, when its buttons are on screen by construction.
    """
    first = _FIRST_FRAME.search(html)
    count = _N_FRAMES.search(html)
    start = _START.search(html)
    if not (first and count and start and _IMG.search(html)):
        raise RuntimeError("to_jshtml's output changed: update w2vlib/animations/canvas.py")
    png = re.sub(r"[\\\n]", "", first[1])
    width, height = _png_size(png)
    html = _IMG.sub(
        lambda m: (
            f'<img id="{m[1]}" src="data:image/png;base64,{png}" width="{width}" height="{height}" '
            'style="max-width: 100%; height: auto;" alt="the animation\'s first frame">'
        ),
        html,
        count=1,
    )
    html = html.replace(
        'max="1" step="1" value="0"', f'max="{int(count[1]) - 1}" step="1" value="0"'
    )
    name, arguments = start[1], start[2]
    methods = ", ".join(
        f"{m}: function() {{ var a = get(); return a.{m}.apply(a, arguments); }}" for m in _METHODS
    )
    lazy = (
        f"var player = null;\n    var get = function() {{ return player || "
        f"(player = new Animation({arguments})); }};\n    {name} = {{ {methods} }};"
    )
    return _START.sub(lambda _: lazy, html, count=1)  # after the edits above: offsets moved


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
