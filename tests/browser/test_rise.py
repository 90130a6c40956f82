"""RISE presents a lesson live in JupyterLab 4: reveal.js starts, every slide is there, the math
is typeset by JupyterLab's MathJax, and ArrowRight moves to the next slide.

An earlier version of this check "found" a blank slideshow. The cause was the test itself:
Playwright's sync API runs `page.route` handlers only while the script is inside a Playwright
call, so a `time.sleep` with the offline route installed held back the five `remoteEntry.js`
requests. Every wait here is a Playwright wait (`wait_for_selector`, `wait_for_function`,
`wait_for_timeout`), never `time.sleep`.

ipywidgets do not render inside RISE (jupyterlab-contrib/rise#119, open upstream: "Shared
module @jupyterlab/console doesn't exist"); the lessons show animations next to their
widgets, and those play in RISE like any HTML output.
"""

from __future__ import annotations

import json

import pytest
from harness import ROOT, offline_page

LESSON = "02_softmax_gradient.ipynb"
MATH = "mjx-container"
MATH_ERRORS = "mjx-merror"
PRESENT_INDEX = """() => {
  const slides = [...document.querySelectorAll('.reveal .slides > section')];
  return slides.findIndex(s => s.classList.contains('present'));
}"""
NEWS_TOAST = "text=/notified about (official )?Jupyter news/i"


def expected_slides(path) -> int:
    """Top-level reveal.js slides: the first cell opens one, then each 'slide' cell."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    types = [c.get("metadata", {}).get("slideshow", {}).get("slide_type", "-") for c in cells]
    return 1 + sum(t == "slide" for t in types[1:])


def wait_until_stable(page, selector: str, rounds: int = 3, pause_ms: int = 700) -> int:
    """The number of `selector` matches once it stops changing (typesetting is progressive)."""
    last, same = -1, 0
    for _ in range(60):
        count = page.locator(selector).count()
        same = same + 1 if count == last else 0
        if same >= rounds:
            return count
        last = count
        page.wait_for_timeout(pause_ms)
    return last


def test_rise_presents_a_lesson_live(lab_server, browser_context, screenshots):
    path = ROOT / "notebooks" / LESSON
    if not path.exists():
        pytest.skip(f"notebooks/{LESSON} is not written yet")
    lab_server.shutdown_kernels()
    page, problems = offline_page(browser_context)
    try:
        page.goto(f"{lab_server.url}/rise/notebooks/{LESSON}?token={lab_server.token}")
        page.wait_for_selector(".reveal.ready", state="attached", timeout=120_000)
        page.wait_for_selector(f".reveal .slides {MATH}", state="attached", timeout=60_000)
        equations = wait_until_stable(page, f".reveal .slides {MATH}")
        slides = page.locator(".reveal .slides > section").count()
        errors = page.locator(f".reveal .slides {MATH_ERRORS}").count()
        print(f"RISE: {LESSON} presents {slides} slides, {equations} typeset equations")

        assert slides == expected_slides(path), (
            f"RISE shows {slides} slides; the lesson's slide_type metadata makes "
            f"{expected_slides(path)}"
        )
        assert equations > 0, "RISE typeset no equation"
        assert errors == 0, f"{errors} equations failed to typeset (mjx-merror)"

        before = page.evaluate(PRESENT_INDEX)
        page.locator(".reveal").click()  # focus the slideshow, as a presenter would
        page.keyboard.press("ArrowRight")
        page.wait_for_function(f"() => ({PRESENT_INDEX})() > {before}", timeout=10_000)
        page.screenshot(path=str(screenshots / f"rise_{path.stem}.png"))

        assert page.locator(NEWS_TOAST).count() == 0, "JupyterLab's news toast is showing"
        assert not problems.blocked, f"RISE asked for the network: {problems.blocked[:5]}"
        assert not problems.page_errors, f"uncaught errors: {problems.page_errors[:3]}"
    finally:
        page.close()
