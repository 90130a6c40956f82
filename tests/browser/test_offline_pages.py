"""The decks (make slides) and pages (make html) of every lesson work from file:// with the
network cut off: reveal.js starts, MathJax typesets every equation, widgets render, every
animation shows its frames and steps to the next, and not a single request fails or leaves the
machine."""

from __future__ import annotations

from hashlib import sha256
from pathlib import Path

import pytest
from harness import ROOT, lessons, offline_page
from notebook_ui import RAW_TEX_JS, lesson_cells_with_math

LESSONS = lessons()
PAGES = {"slides": ".slides.html", "html": ".html"}
WIDGET_VIEW = '<script type="application/vnd.jupyter.widget-view+json">'
ANIMATION = '<div class="animation">'  # w2vlib.animations (Animation.to_jshtml)
MATHJAX_DONE = "() => new Promise(resolve => MathJax.Hub.Queue(() => resolve(true)))"


def built_page(kind: str, lesson: Path) -> Path:
    """The page built from the lesson as it is now (delivery/build.py stamps the lesson's hash)."""
    page = ROOT / "build" / kind / f"{lesson.stem}{PAGES[kind]}"
    digest = sha256(lesson.read_bytes()).hexdigest()
    stamp = f'<meta name="w2v-why-lesson-sha256" content="{digest}">'
    if not page.exists() or stamp not in page.read_text(encoding="utf-8")[:2000]:
        pytest.fail(
            f"{page.relative_to(ROOT)} is missing or built from an older version of its lesson: "
            f"run `make {kind}`"
        )
    return page


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_works_offline(kind, lesson, browser_context, screenshots):
    path = built_page(kind, lesson)
    html = path.read_text(encoding="utf-8")
    page, problems = offline_page(browser_context)
    try:
        page.goto(path.as_uri())
        root = ".reveal .slides" if kind == "slides" else "main"
        if kind == "slides":
            # reveal.js is loaded through require.js; `.ready` appears once it is initialised.
            page.wait_for_selector(".reveal.ready", state="attached", timeout=60_000)
            if "w2vFitDeck" in html:
                # The deck typesets and fits its slides, then shows them: look at it then.
                page.wait_for_selector(".reveal.w2v-fitted", state="attached", timeout=90_000)
        page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=60_000)
        page.evaluate(MATHJAX_DONE)

        equations = page.locator(f"{root} .MathJax_CHTML").count()
        if lesson_cells_with_math(lesson):
            assert equations > 0, f"{path.name}: MathJax typeset nothing"
        errors = page.locator(f"{root} .mjx-merror, {root} .MathJax_Error").count()
        assert errors == 0, f"{path.name}: {errors} equations failed to typeset"
        raw = page.eval_on_selector(root, RAW_TEX_JS)
        assert raw is None, f"{path.name}: raw TeX left on the page: …{raw}…"

        if WIDGET_VIEW in html:
            # The embedded widget state is rendered by the vendored html-manager.
            page.wait_for_selector(f"{root} .jupyter-widgets", state="attached", timeout=30_000)

        players = html.count(ANIMATION)
        if players:
            assert_animations_play(page, root, players, path.name)

        if kind == "slides":
            page.keyboard.press("ArrowRight")  # the title slide says little; show the next one
            page.wait_for_timeout(800)  # the slide transition
        page.screenshot(path=str(screenshots / f"{kind}_{lesson.stem}.png"))
        assert not (problems.blocked or problems.failed or problems.page_errors), (
            f"{path.name}: {problems.summary()}"
        )
        print(f"{path.name}: {equations} equations typeset, no request failed")
    finally:
        page.close()


def assert_animations_play(page, root: str, expected: int, name: str) -> None:
    """Every embedded animation shows a frame, and its "Next frame" button shows another."""
    players = page.locator(f"{root} .animation")
    assert players.count() == expected, (
        f"{name}: {players.count()} of {expected} players on the page"
    )
    for i in range(expected):
        image = players.nth(i).locator("img").first
        page.wait_for_function(
            "(img) => img.complete && img.naturalWidth > 0 && img.src.startsWith('data:image')",
            arg=image.element_handle(),
            timeout=30_000,
        )
        before = image.get_attribute("src")
        # a click through the DOM: on a deck the player may sit on a slide not shown yet
        players.nth(i).locator("button[title='Next frame']").evaluate("(b) => b.click()")
        page.wait_for_function(
            "([img, before]) => img.src !== before",
            arg=[image.element_handle(), before],
            timeout=10_000,
        )
