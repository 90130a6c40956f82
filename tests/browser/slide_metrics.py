"""What a viewer sees of a built deck or page, measured in the browser.

Shared by the browser tests (tests/browser/test_talks.py) and by `delivery/measure.py`, which
prints the per-deck table (slides, slides taller than the screen, tallest slide) for any build.

A deck's slides are its leaf `<section>`s (a slide, or a sub-slide of a vertical stack). Each is
shown through reveal.js's own API, and its content measured on screen: the union of its
children's boxes, which scroll boxes do not clip, so a slide that only scrolls still counts as
too tall.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

MATHJAX_DONE = "() => new Promise(resolve => MathJax.Hub.Queue(() => resolve(true)))"
REVEAL_URL = re.compile(r'"([^"]*/dist/reveal\.js)"')

# Every leaf slide as [h, v] (reveal.js indices), in document order.
LEAVES_JS = """() => {
  const R = window.__w2vReveal;
  const leaves = [...document.querySelectorAll('.reveal .slides section')]
    .filter(s => !s.querySelector('section'));
  return leaves.map(s => { const i = R.getIndices(s); return [i.h, i.v || 0]; });
}"""

# The present leaf slide's content box on screen, and the screen's height; and the code inputs
# that start on it (fit.js marks the rest of a cell continued from the slide before).
PRESENT_JS = """() => {
  const leaf = [...document.querySelectorAll('.reveal .slides section.present')]
    .filter(s => !s.querySelector('section'))[0];
  if (!leaf) return null;
  let top = Infinity, bottom = -Infinity;
  for (const child of leaf.children) {
    const style = getComputedStyle(child);
    if (style.display === 'none') continue;
    const r = child.getBoundingClientRect();
    if (r.height === 0 && r.width === 0) continue;
    top = Math.min(top, r.top); bottom = Math.max(bottom, r.bottom);
  }
  const i = window.__w2vReveal.getIndices(leaf);
  return {h: i.h, v: i.v || 0, top, bottom, screen: window.innerHeight,
          code: [...leaf.querySelectorAll('.jp-CodeCell .jp-InputArea')]
            .filter(e => !e.closest('[data-w2v-continues]')).length};
}"""

# Code inputs a reader sees on a page: input areas of code cells that are rendered (a folded
# input inside a closed <details> is not; it still has a layout box in Chromium, so
# getClientRects alone would count it).
CODE_SHOWN_JS = """() => [...document.querySelectorAll('.jp-CodeCell .jp-InputArea')]
  .filter(e => e.checkVisibility ? e.checkVisibility({visibilityProperty: true})
                                 : e.getClientRects().length > 0).length"""

# Solutions a reader sees without opening anything: open <details>, and <details> whose
# content was rendered outside them (a summary alone inside, the answer after them).
SOLUTIONS_JS = """() => {
  const all = [...document.querySelectorAll('details')]
    .filter(d => !d.classList.contains('w2v-folded-input'));
  const open = all.filter(d => d.open).length;
  const empty = all.filter(d => [...d.children].every(c => c.tagName === 'SUMMARY')).length;
  return {details: all.length, open, empty};
}"""


@dataclass
class DeckMetrics:
    name: str
    slides: int
    too_tall: list[tuple[int, int, float]]  # (h, v, height in screens) of slides taller
    tallest: float  # the tallest slide's content, in screen heights
    code_inputs: int  # code inputs shown over the whole deck
    reached_by_arrow_right: int  # slides visited pressing ArrowRight from the first

    def row(self) -> str:
        return (
            f"{self.name:<34} {self.slides:>6} {len(self.too_tall):>8} {self.tallest:>8.2f} "
            f"{self.code_inputs:>6} {self.reached_by_arrow_right:>8}"
        )


DECK_HEADER = (
    f"{'deck':<34} {'slides':>6} {'too tall':>8} {'tallest':>8} {'code':>6} {'→ visits':>8}"
)


def open_deck(page, path: Path, timeout_ms: int = 90_000) -> None:
    """Load a deck, wait for reveal.js, MathJax and (if the deck has it) slide fitting."""
    html = path.read_text(encoding="utf-8")
    page.goto(path.as_uri())
    page.wait_for_selector(".reveal.ready", state="attached", timeout=timeout_ms)
    page.wait_for_function("() => window.MathJax && MathJax.isReady", timeout=timeout_ms)
    page.evaluate(MATHJAX_DONE)
    if "w2vFitDeck" in html:
        page.wait_for_selector(".reveal.w2v-fitted", state="attached", timeout=timeout_ms)
    url = REVEAL_URL.search(html)[1]
    page.evaluate(
        "(url) => new Promise(done => require([url], R => { window.__w2vReveal = R; done(); }))",
        url,
    )
    page.evaluate("() => window.__w2vReveal.configure({transition: 'none'})")


def measure_deck(page, path: Path, name: str | None = None) -> DeckMetrics:
    """Show every slide of an open deck (open_deck first) and measure it on screen."""
    leaves = page.evaluate(LEAVES_JS)
    too_tall, tallest, code = [], 0.0, 0
    for h, v in leaves:
        page.evaluate(f"() => window.__w2vReveal.slide({h}, {v})")
        page.wait_for_timeout(60)
        box = page.evaluate(PRESENT_JS)
        if box is None or box["bottom"] < box["top"]:
            continue
        height = (box["bottom"] - box["top"]) / box["screen"]
        tallest = max(tallest, height)
        code += box["code"]
        if box["top"] < -1 or box["bottom"] > box["screen"] + 1:
            too_tall.append((h, v, round(height, 2)))
    reached = visits_by_arrow_right(page, len(leaves))
    return DeckMetrics(name or path.name, len(leaves), too_tall, tallest, code, reached)


def visits_by_arrow_right(page, total: int) -> int:
    """How many distinct slides ArrowRight visits, starting on the first."""
    page.evaluate("() => window.__w2vReveal.slide(0, 0)")
    steps = total + page.locator(".reveal .slides .fragment").count() + 2  # fragments take a step
    seen = set()
    for _ in range(steps):
        box = page.evaluate(PRESENT_JS)
        if box is not None:
            seen.add((box["h"], box["v"]))
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(40)
    return len(seen)


def page_metrics(page, path: Path) -> dict:
    """Code inputs shown and solutions exposed on an offline page (no click)."""
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return {"code_inputs": page.evaluate(CODE_SHOWN_JS), **page.evaluate(SOLUTIONS_JS)}


def screenshot_slides(page, folder: Path, name: str, count: int = 3) -> list[Path]:
    """The first slide and the first slides that show a picture, with every fragment shown."""
    leaves = page.evaluate(LEAVES_JS)
    pictures = page.evaluate(
        """() => [...document.querySelectorAll('.reveal .slides section')]
          .filter(s => !s.querySelector('section'))
          .map(s => s.querySelector('img') !== null)"""
    )
    chosen = [0] + [i for i, has in enumerate(pictures) if has and i != 0][: count - 1]
    folder.mkdir(parents=True, exist_ok=True)
    saved = []
    for i in chosen:
        h, v = leaves[i]
        page.evaluate(f"() => window.__w2vReveal.slide({h}, {v}, 99)")  # 99: every fragment
        page.wait_for_timeout(500)
        size = page.viewport_size
        target = folder / f"slide_{name}_{i:02d}_{size['width']}x{size['height']}.png"
        page.screenshot(path=str(target))
        saved.append(target)
    return saved
