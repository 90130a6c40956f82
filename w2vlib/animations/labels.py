"""Labels that neither collide nor sit on lines: a greedy offset-and-repel placement.

Public API::

    Label(text, anchor, colour, direction=(1, 0), size=10, weight="normal")
    place_labels(ax, labels, *, segments=(), boxes=()) -> list[Text]

Each label is tried at 16 directions × 5 distances around its anchor, starting from
its preferred direction, and goes where it overlaps the fewest already-placed labels,
``segments`` (the lines of the picture) and ``boxes`` (e.g. a legend), inside the axes.
Everything is measured in pixels with the figure's own renderer, so the placement is the
same on every run (the animations' frames must regenerate byte for byte).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.text import Text

DISTANCES_PX = (4.0, 11.0, 20.0, 32.0, 46.0)
N_DIRECTIONS = 16
PAD_PX = 2.0  # a gap kept between a label and anything else
SAMPLE_PX = 2.0  # a segment is checked at points this far apart


@dataclass(frozen=True)
class Label:
    """One text to place next to ``anchor`` (data coordinates), preferably along ``direction``."""

    text: str
    anchor: tuple[float, float]
    colour: str
    direction: tuple[float, float] = (1.0, 0.0)
    size: float = 10.0
    weight: str = "normal"


def _segment_points(segments_px: Sequence[np.ndarray]) -> np.ndarray:
    """Points every ~SAMPLE_PX pixels along each segment (2×2 arrays: tail, tip)."""
    points = [np.zeros((0, 2))]
    for tail, tip in segments_px:
        n = max(2, int(np.linalg.norm(tip - tail) / SAMPLE_PX) + 1)
        points.append(tail + np.linspace(0.0, 1.0, n)[:, None] * (tip - tail))
    return np.vstack(points)


def _hits(box: np.ndarray, points: np.ndarray) -> int:
    """How many ``points`` lie inside ``box`` = (x0, y0, x1, y1), padded."""
    if not len(points):
        return 0
    x0, y0, x1, y1 = box
    inside = (
        (points[:, 0] > x0 - PAD_PX)
        & (points[:, 0] < x1 + PAD_PX)
        & (points[:, 1] > y0 - PAD_PX)
        & (points[:, 1] < y1 + PAD_PX)
    )
    return int(inside.sum())


def _overlap(a: np.ndarray, b: np.ndarray) -> float:
    """Overlapping area (px²) of two boxes (x0, y0, x1, y1), each padded by PAD_PX."""
    w = min(a[2], b[2]) - max(a[0], b[0]) + 2 * PAD_PX
    h = min(a[3], b[3]) - max(a[1], b[1]) + 2 * PAD_PX
    return max(w, 0.0) * max(h, 0.0)


def place_labels(
    ax: Axes,
    labels: Sequence[Label],
    *,
    segments: Sequence[tuple[Sequence[float], Sequence[float]]] = (),
    boxes: Sequence[np.ndarray] = (),
) -> list[Text]:
    """Add each label to ``ax`` where it collides least (in the order given: first = best spot).

    ``segments`` are (tail, tip) pairs in data coordinates that labels must not cover;
    ``boxes`` are pixel boxes (x0, y0, x1, y1) to keep clear. Returns the Text artists.
    """
    renderer = ax.figure.canvas.get_renderer()
    to_px = ax.transData
    frame = ax.get_window_extent(renderer).extents
    points = _segment_points(
        [to_px.transform(np.asarray([tail, tip], dtype=float)) for tail, tip in segments]
    )
    placed: list[np.ndarray] = [np.asarray(b, dtype=float) for b in boxes]
    texts = []
    for label in labels:
        text = ax.text(
            *label.anchor,
            label.text,
            color=label.colour,
            fontsize=label.size,
            weight=label.weight,
            ha="center",
            va="center",
            zorder=9,
        )
        text.set_in_layout(False)  # labels never move the axes (tight_layout runs once)
        extent = text.get_window_extent(renderer)
        half = np.array([extent.width, extent.height]) / 2
        anchor = to_px.transform(label.anchor)
        preferred = to_px.transform(np.add(label.anchor, label.direction)) - anchor
        start = np.arctan2(preferred[1], preferred[0]) if np.any(preferred) else 0.0
        best, best_cost = None, np.inf
        rank = 0
        # directions alternate around the preferred one: 0, +1, −1, +2, −2, … sixteenths of a turn
        turns = [0] + [s * k for k in range(1, N_DIRECTIONS // 2 + 1) for s in (1, -1)]
        for distance in DISTANCES_PX:
            for turn in turns[:N_DIRECTIONS]:
                angle = start + 2 * np.pi * turn / N_DIRECTIONS
                unit = np.array([np.cos(angle), np.sin(angle)])
                # the box's centre sits just beyond `distance` along `unit`, whatever its shape
                centre = anchor + unit * (
                    distance + abs(unit[0]) * half[0] + abs(unit[1]) * half[1]
                )
                box = np.concatenate([centre - half, centre + half])
                outside = (
                    max(frame[0] - box[0], 0)
                    + max(box[2] - frame[2], 0)
                    + max(frame[1] - box[1], 0)
                    + max(box[3] - frame[3], 0)
                )
                cost = (
                    10_000 * outside
                    + 100 * sum(_overlap(box, other) for other in placed)
                    + 40 * _hits(box, points)
                    + rank
                )
                rank += 1
                if cost < best_cost:
                    best, best_cost = (centre, box), cost
        centre, box = best
        text.set_position(to_px.inverted().transform(centre))
        placed.append(box)
        texts.append(text)
    return texts
