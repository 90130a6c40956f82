"""Driving a notebook in JupyterLab 4 or Notebook 7 the way a reader does: open, Run All, look.

Both front ends share JupyterLab's DOM (`.jp-Notebook`, `.jp-Cell`, the Run menu), so one set
of helpers serves both. Every wait has a deadline and fails with a message saying what was
seen, never with a bare timeout.
"""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

from harness import JupyterServer

DONE_PROMPT = re.compile(r"^\[\d+\]:$")
TRACEBACK = "Traceback (most recent call last)"

# Text still showing TeX delimiters after typesetting, outside code: "$$", "\(", "\[", or an
# inline "$...\command...$". Code, preformatted text and the math itself are skipped.
RAW_TEX_JS = """(root) => {
  const skip = 'code, pre, script, style, mjx-container, .MathJax, .MathJax_CHTML, .MathJax_Preview, mjx-assistive-mml, .jp-InputArea';
  const texts = [];
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement && node.parentElement.closest(skip)) continue;
    texts.push(node.textContent);
  }
  const text = texts.join(' ');
  const match = text.match(/\\$\\$|\\\\\\(|\\\\\\[|\\$[^$\\n]*\\\\[a-zA-Z]+[^$\\n]*\\$/);
  return match ? text.slice(Math.max(0, match.index - 60), match.index + 60) : null;
}"""


def lesson_cells_with_math(path: Path) -> list[int]:
    """Indices of the markdown cells of a notebook whose source contains TeX ($...$ or $$...$$)."""
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [
        i
        for i, cell in enumerate(cells)
        if cell["cell_type"] == "markdown" and re.search(r"\$[^$]+\$", "".join(cell["source"]))
    ]


def _session_state(server: JupyterServer, relpath: str) -> str | None:
    for session in server.api("GET", "/api/sessions") or []:
        if session.get("path") == relpath:
            return session["kernel"]["execution_state"]
    return None


def open_notebook(page, server: JupyterServer, relpath: str, timeout: float = 120.0) -> None:
    """Open `relpath` with a fresh kernel, and wait until the kernel is idle and connected."""
    server.shutdown_kernels()  # a kernel would otherwise survive from an earlier page load
    page.goto(server.notebook_url(relpath))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=timeout * 1000)
    deadline = time.monotonic() + timeout
    state = None
    while time.monotonic() < deadline:
        state = _session_state(server, relpath)
        dialogs = page.locator(".jp-Dialog").all_inner_texts()
        if dialogs:
            raise AssertionError(f"a dialog blocks {relpath}: {dialogs[0][:300]!r}")
        if (
            state == "idle"
            and page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count()
        ):
            return
        time.sleep(0.3)
    raise AssertionError(
        f"the kernel for {relpath} is not idle after {timeout:.0f} s (state {state!r})"
    )


def prompts(page) -> list[str]:
    return page.eval_on_selector_all(
        ".jp-Notebook .jp-CodeCell .jp-InputArea-prompt",
        "els => els.map(e => e.textContent.trim())",
    )


def output_text(page) -> str:
    return "\n".join(page.locator(".jp-Notebook .jp-OutputArea-output").all_inner_texts())


def run_all(page, timeout: float = 300.0) -> float:
    """Run → Run All Cells, then wait until every code cell has run; return the seconds taken.

    Fails at once, with the traceback, if a cell raises (Run All stops there).
    """
    start = time.monotonic()
    page.click("li.lm-MenuBar-item:has-text('Run')")
    page.click(".lm-Menu-item[data-command='runmenu:run-all']")
    seen: list[str] = []
    while time.monotonic() - start < timeout:
        text = output_text(page)
        if TRACEBACK in text:
            at = text.index(TRACEBACK)
            raise AssertionError(f"a cell raised:\n{text[max(0, at - 200) : at + 1500]}")
        seen = prompts(page)
        idle = page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle']").count()
        if seen and all(DONE_PROMPT.match(p) for p in seen) and idle:
            return time.monotonic() - start
        time.sleep(0.5)
    raise AssertionError(f"Run All did not finish within {timeout:.0f} s; prompts: {seen}")


def wait_for_math(page, root_selector: str, math_selector: str, timeout: float = 60.0) -> int:
    """Wait until the count of typeset equations under root_selector stops changing."""
    deadline = time.monotonic() + timeout
    last, stable_since = -1, time.monotonic()
    while time.monotonic() < deadline:
        count = page.locator(f"{root_selector} {math_selector}").count()
        if count != last:
            last, stable_since = count, time.monotonic()
        elif count > 0 and time.monotonic() - stable_since > 1.0:
            return count
        time.sleep(0.2)
    return last


def assert_math_typeset(page, lesson: Path) -> int:
    """Every markdown cell with TeX shows MathJax output, with no error and no raw TeX left."""
    count = wait_for_math(page, ".jp-Notebook", ".jp-RenderedMarkdown mjx-container")
    expected = lesson_cells_with_math(lesson)
    assert count > 0 or not expected, f"{lesson.name}: no equation was typeset"
    cells = page.locator(".jp-Notebook .jp-Cell")  # windowing is off: cell i is the i-th
    untypeset = [i for i in expected if cells.nth(i).locator("mjx-container").count() == 0]
    assert not untypeset, f"{lesson.name}: markdown cells {untypeset} hold TeX but show no math"
    errors = page.locator(".jp-Notebook mjx-merror").count()
    assert errors == 0, f"{lesson.name}: {errors} equations failed to typeset (mjx-merror)"
    raw = page.eval_on_selector(".jp-Notebook", RAW_TEX_JS)
    assert raw is None, f"{lesson.name}: raw TeX left in the rendered page: …{raw}…"
    return count


def explorer_cell(page):
    """The first code cell whose output shows a slider next to a picture."""
    cells = page.locator(".jp-Notebook .jp-CodeCell").filter(has=page.locator(".widget-slider"))
    for i in range(cells.count()):
        cell = cells.nth(i)
        if cell.locator(".jp-OutputArea img").count():
            return cell
    raise AssertionError(
        f"no code cell shows a slider (.widget-slider) together with an image "
        f"({cells.count()} cells show a slider)"
    )


def drag_slider(page, slider, fraction: float) -> str:
    """Drag the slider's handle to `fraction` of its track; return the readout afterwards."""
    handle = slider.locator(".noUi-handle").first
    track = slider.locator(".noUi-base").first
    handle.scroll_into_view_if_needed()
    start, box = handle.bounding_box(), track.bounding_box()
    assert start and box, "the slider has no visible handle or track"
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    target_x = box["x"] + fraction * box["width"]
    page.mouse.move(target_x, box["y"] + box["height"] / 2, steps=8)
    page.mouse.up()
    return slider.locator(".widget-readout").first.inner_text()


def wait_for_new_picture(image, before: bytes, timeout: float = 30.0) -> bytes:
    """Screenshots of `image` until one differs from `before`; fail if none does in time."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        time.sleep(0.3)
        after = image.screenshot()
        if after != before:
            return after
    raise AssertionError(f"the picture did not change within {timeout:.0f} s of moving the slider")


# The element that scrolls a notebook: JupyterLab 4's windowed panel scrolls its outer box.
SCROLLER_JS = """(n) => [n.querySelector('.jp-WindowedPanel-outer'), n, n.parentElement,
    n.closest('.jp-NotebookPanel'), document.scrollingElement]
  .find(e => e && e.scrollHeight > e.clientHeight + 1) || n"""


def scroll_to_first(page, selector: str, timeout: float = 60.0):
    """Scroll the notebook down until `selector` is in the DOM (windowing renders a cell only
    near the screen) and on screen; return its locator, or fail saying how far it scrolled."""
    page.eval_on_selector(".jp-Notebook", f"(n) => {{ ({SCROLLER_JS})(n).scrollTop = 0; }}")
    deadline = time.monotonic() + timeout
    scrolled = 0
    while time.monotonic() < deadline:
        found = page.locator(selector)
        if found.count():
            found.first.scroll_into_view_if_needed()
            return found.first
        scrolled = page.eval_on_selector(
            ".jp-Notebook",
            f"(n) => {{ const s = ({SCROLLER_JS})(n); s.scrollTop += s.clientHeight * 0.6;"
            " return s.scrollTop; }",
        )
        page.wait_for_timeout(250)
    raise AssertionError(
        f"{selector!r} never appeared while scrolling the notebook ({scrolled} px)"
    )
