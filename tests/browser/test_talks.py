"""The decks are talks and the pages read like the lessons, measured in the browser.

For every deck at 1280×800: each slide's content fits the screen (a presenter never scrolls),
ArrowRight visits every slide, and the deck shows only the code the lesson shows. For every
page: no code input the lesson folds is shown until clicked, and no solution is visible until
opened. The numbers come from tests/browser/slide_metrics.py, which `delivery/measure.py` uses
to print the per-deck table.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import slide_metrics as sm
from harness import lessons
from test_offline_pages import built_page

LESSONS = lessons()
SCREEN = {"width": 1280, "height": 800}


def shown_code_cells(lesson: Path) -> int:
    """Code cells whose input the lesson shows: not folded, not skipped, not live-only."""
    count = 0
    for cell in json.loads(lesson.read_text(encoding="utf-8"))["cells"]:
        meta = cell.get("metadata", {})
        if cell["cell_type"] != "code" or "live-only" in meta.get("tags", []):
            continue
        if meta.get("jupyter", {}).get("source_hidden"):
            continue
        count += 1
    return count


def deck_code_cells(lesson: Path) -> int:
    """As shown_code_cells, minus the cells a deck skips (slide_type "skip")."""
    cells = json.loads(lesson.read_text(encoding="utf-8"))["cells"]
    skipped = sum(
        1
        for c in cells
        if c["cell_type"] == "code"
        and c.get("metadata", {}).get("slideshow", {}).get("slide_type") == "skip"
        and not c.get("metadata", {}).get("jupyter", {}).get("source_hidden")
        and "live-only" not in c.get("metadata", {}).get("tags", [])
    )
    return shown_code_cells(lesson) - skipped


@pytest.fixture
def screen_page(browser_context):
    page = browser_context.new_page()
    page.set_viewport_size(SCREEN)
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page, errors
    page.close()


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_slide_fits_the_screen_and_arrow_right_reaches_it(lesson, screen_page):
    page, errors = screen_page
    path = built_page("slides", lesson)
    sm.open_deck(page, path)
    deck = sm.measure_deck(page, path, lesson.stem)
    print(sm.DECK_HEADER)
    print(deck.row())
    assert not deck.too_tall, (
        f"{lesson.stem}: {len(deck.too_tall)} of {deck.slides} slides are taller than "
        f"{SCREEN['width']}×{SCREEN['height']} (h, v, screens): {deck.too_tall[:8]}"
    )
    assert deck.reached_by_arrow_right == deck.slides, (
        f"{lesson.stem}: ArrowRight visits {deck.reached_by_arrow_right} of {deck.slides} slides"
    )
    expected = deck_code_cells(lesson)
    assert deck.code_inputs == expected, (
        f"{lesson.stem}: the deck shows {deck.code_inputs} code inputs; the lesson shows {expected}"
    )
    assert not errors, f"{lesson.stem}: uncaught errors: {errors[:3]}"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_page_shows_the_code_the_lesson_shows_and_hides_solutions(lesson, screen_page):
    page, errors = screen_page
    path = built_page("html", lesson)
    shown = sm.page_metrics(page, path)
    expected = shown_code_cells(lesson)
    assert shown["code_inputs"] == expected, (
        f"{lesson.stem}: the page shows {shown['code_inputs']} code inputs; the lesson shows "
        f"{expected} (folded code must stay folded)"
    )
    assert shown["open"] == 0 and shown["empty"] == 0, (
        f"{lesson.stem}: of {shown['details']} solutions, {shown['open']} are open and "
        f"{shown['empty']} render empty with their answer outside"
    )
    folded = page.locator("details.w2v-folded-input")
    if folded.count():  # a click on the "···" bar shows the folded code, as in JupyterLab
        folded.first.locator("summary").click()
        assert folded.first.locator(".jp-InputArea").first.is_visible()
    assert not errors, f"{lesson.stem}: uncaught errors: {errors[:3]}"
