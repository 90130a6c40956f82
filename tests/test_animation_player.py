"""w2vlib.animations.show: the player's picture does not depend on when its script runs.

JupyterLab's notebook windowing (on by default) renders a cell that is off screen detached from
the document; matplotlib's player, started from a setTimeout with document.getElementById, then
found nothing and left its image at 0×0 px. The HTML that `show` emits carries the first frame
and its size in the <img> itself and builds the player on first use.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import numpy as np
import pytest

from w2vlib.animations import canvas

SCRIPT = re.compile(r"<script[^>]*>(.*?)</script>", re.DOTALL)


@pytest.fixture(scope="module")
def animation():
    fig = canvas.new_figure(figsize=(4, 2))
    ax = fig.add_subplot()
    ax.set_xlim(0, 6)
    ax.set_ylim(0, 1)
    (line,) = ax.plot([], [])
    return canvas.animate(
        fig, lambda k: line.set_data(np.arange(k + 1), np.ones(k + 1) / (k + 1)), 6, 200
    )


def test_the_image_holds_the_first_frame_and_its_size(animation):
    html = canvas.show(animation).data
    first = canvas.frames(animation)[0]
    img = re.search(r"<img id=\"_anim_img\w+\"([^>]*)>", html)
    assert img, "no player image"
    attributes = img[1]
    assert re.search(r'src="data:image/png;base64,[A-Za-z0-9+/=]+"', attributes), "no first frame"
    height, width = first.shape[:2]
    assert f'width="{width}"' in attributes and f'height="{height}"' in attributes
    assert 'max="5"' in html, "the slider does not span the 6 frames"


def test_the_player_is_built_on_first_use_not_from_a_timer(animation):
    html = canvas.show(animation).data
    assert "setTimeout(function() {\n" not in html.split("function Animation")[-1]
    name = re.search(r"onclick=\"(anim\w+)\.play_animation\(\)\"", html)[1]
    assert re.search(rf"{name} = \{{ set_frame: function", html), "no lazy player object"
    for method in re.findall(rf"{name}\.(\w+)\(", html):
        assert f"{method}: function()" in html, f"the button's {method}() is not forwarded"


@pytest.mark.skipif(shutil.which("node") is None, reason="node checks the scripts' syntax")
def test_the_scripts_are_valid_javascript(animation, tmp_path):
    for i, script in enumerate(SCRIPT.findall(canvas.show(animation).data)):
        path = tmp_path / f"script{i}.js"
        path.write_text(script, encoding="utf-8")
        checked = subprocess.run(["node", "--check", str(path)], capture_output=True, text=True)
        assert checked.returncode == 0, checked.stderr[:500]
