"""What the offline pages and decks show of a lesson, and the folder around them.

A page reads like the lesson in JupyterLab: the code a lesson folds (cell metadata
``jupyter.source_hidden``) is folded (the lab template draws the "···" bar that shows it), and a
deck leaves it out: a deck shows the pictures and the sentences that go with them. Exercise
solutions (``<details>`` in markdown) stay closed until opened, in both.

Around the pages: an index that lists each lesson with its title, one line on what it shows (the
README's table of lessons, else the lesson's first sentence) and its reading time (the lesson's
first cell, ``*Reading time: about N minutes.*``); and the README itself as a page, so that the
lessons' ``../README.md`` links work from the built folder.
"""

from __future__ import annotations

import base64
import html
import mimetypes
import re
from dataclasses import dataclass
from pathlib import Path

LIVE_ONLY_TAG = "live-only"
WIDGET_VIEW_MIME = "application/vnd.jupyter.widget-view+json"
READING_TIME = re.compile(r"\*Reading time: about (\d+) minutes?\.\*")
README_ROW = re.compile(
    r"^\|\s*[^|]*\|\s*`(?P<file>[^`]+\.ipynb)`\s*\|\s*(?P<line>[^|]+?)\s*\|\s*$"
)
NAV_LINE = re.compile(r"^(Previous|Next|Back|Proofs)\b|^\*Reading time", re.IGNORECASE)
SUFFIX = {"slides": ".slides.html", "html": ".html"}


def is_folded(cell) -> bool:
    """Whether the lesson folds this cell's code (JupyterLab's "collapse input")."""
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden", False))


# tqdm's notebook bar is a widget whose text form reads "label:  40%|####  | 2/5 [00:03<…]".
_PROGRESS = re.compile(r"\d+%\|.*\|\s*\d+/\d+")


def is_progress_bar(output) -> bool:
    """A tqdm progress bar: in a page it would show the timings of the build, frozen."""
    data = output.get("data", {})
    text = data.get("text/plain", "")
    text = "".join(text) if isinstance(text, list) else text
    return WIDGET_VIEW_MIME in data and bool(_PROGRESS.search(text))


def static_copy(nb, kind: str):
    """`nb` as a page (kind "html") or deck ("slides") shows it.

    Cells tagged live-only (explorers that need a kernel to redraw) are left out: the lessons
    show the matching animation next to them, which plays without a kernel. So are progress
    bars, and the widget state if no widget is left. In a deck, the code of folded cells is left out (their outputs
    stay); a page folds it in the template.
    """
    nb.cells = [c for c in nb.cells if LIVE_ONLY_TAG not in c.get("metadata", {}).get("tags", [])]
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = [out for out in cell.get("outputs", []) if not is_progress_bar(out)]
    views = any(
        WIDGET_VIEW_MIME in out.get("data", {})
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
    )
    if not views:
        nb.metadata.pop("widgets", None)  # otherwise the page would still load the widget state
    mark_details(nb)
    if kind == "slides":
        for cell in nb.cells:
            if cell.cell_type == "code" and is_folded(cell):
                cell.metadata.setdefault("transient", {})["remove_source"] = True
    return nb


# nbconvert's markdown renderer closes an HTML block "<details><summary>…</summary>" at once and
# drops the later "</details>", so a solution rendered as an empty fold with its answer printed
# below it. The fold is therefore replaced by two marker paragraphs before rendering (the
# markdown between them renders as usual) and the markers by the fold itself afterwards.
_DETAILS_OPEN = re.compile(r"<details>\s*<summary>(.*?)</summary>", re.IGNORECASE | re.DOTALL)
_DETAILS_CLOSE = re.compile(r"</details>", re.IGNORECASE)
_OPEN_MARK, _CLOSE_MARK = "W2VDETAILSOPEN", "W2VDETAILSCLOSE"


def mark_details(nb):
    """Replace each markdown ``<details>`` fold by marker paragraphs (see close_details)."""
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "<details" in cell.source.lower():
            source = _DETAILS_OPEN.sub(
                lambda m: f"\n\n{_OPEN_MARK}{m[1].strip()}{_OPEN_MARK}\n\n", cell.source
            )
            cell.source = _DETAILS_CLOSE.sub(f"\n\n{_CLOSE_MARK}\n\n", source)
    return nb


def close_details(body: str) -> str:
    """The marker paragraphs of mark_details back as a fold, closed until opened."""
    body = re.sub(
        rf"<p>{_OPEN_MARK}(.*?){_OPEN_MARK}</p>",
        r'<details class="w2v-solution"><summary>\1</summary>',
        body,
    )
    return body.replace(f"<p>{_CLOSE_MARK}</p>", "</details>")


@dataclass(frozen=True)
class LessonInfo:
    stem: str
    title: str
    line: str  # one line on what the lesson shows ("" if none found)
    minutes: int | None  # reading time, from the lesson's first cell


def _plain(markdown: str) -> str:
    """Markdown inline text as plain text: no $, *, `, links kept as their words."""
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    return re.sub(r"[$*`_]|\\", "", text).strip()


def readme_lines(readme: Path) -> dict[str, str]:
    """The README's table of lessons: lesson file name → its one line."""
    if not readme.exists():
        return {}
    rows = (README_ROW.match(line) for line in readme.read_text(encoding="utf-8").splitlines())
    return {row["file"]: row["line"] for row in rows if row}


def lesson_info(lesson: Path, nb, readme: dict[str, str]) -> LessonInfo:
    markdown = [c.source for c in nb.cells if c.cell_type == "markdown"]
    first = markdown[0] if markdown else ""
    heading = re.search(r"^#\s+(.+)$", first, re.MULTILINE)
    title = _plain(heading[1]) if heading else lesson.stem
    minutes = READING_TIME.search(first)
    line = readme.get(lesson.name, "")
    if not line:
        for paragraph in re.split(r"\n\s*\n", "\n\n".join(markdown[:2])):
            paragraph = paragraph.strip()
            if paragraph and not paragraph.startswith("#") and not NAV_LINE.match(paragraph):
                line = re.split(r"(?<=[.?!])\s", _plain(paragraph), maxsplit=1)[0]
                break
    return LessonInfo(lesson.stem, title, _plain(line), int(minutes[1]) if minutes else None)


STYLE = """body { font-family: system-ui, sans-serif; max-width: 60em; margin: 2em auto;
  padding: 0 1em; line-height: 1.5; color: #222; }
li { margin: 0.6em 0; } .line { color: #444; } .time { color: #666; white-space: nowrap; }
img { max-width: 100%; } pre { background: #f5f5f5; padding: 0.6em; overflow-x: auto; }
table { border-collapse: collapse; } td, th { border: 1px solid #ddd; padding: 0.2em 0.5em; }"""


def _page(title: str, body: str) -> str:
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>'
        f"{html.escape(title)}</title>\n<style>{STYLE}</style></head>\n<body>\n{body}\n"
        "</body>\n</html>\n"
    )


def index_html(kind: str, lessons: list[LessonInfo]) -> str:
    """The folder's front page: each lesson with its title, one line and reading time."""
    what = "slides" if kind == "slides" else "lessons"
    items = []
    for info in lessons:
        time = f' <span class="time">· {info.minutes} min read</span>' if info.minutes else ""
        line = f'<br><span class="line">{html.escape(info.line)}</span>' if info.line else ""
        items.append(
            f'<li><a href="{info.stem}{SUFFIX[kind]}">{html.escape(info.title)}</a>{time}{line}</li>'
        )
    other = "html/index.html" if kind == "slides" else "slides/index.html"
    other_name = "the lessons as pages" if kind == "slides" else "the lessons as slides"
    body = (
        f"<h1>w2v-why: {what}</h1>\n<p>Why do word2vec's output vectors become word vectors? "
        f'Start with the first lesson. <a href="README.html">About the course</a> · '
        f'<a href="../{other}">{other_name}</a></p>\n<ul>\n' + "\n".join(items) + "\n</ul>"
    )
    return _page(f"w2v-why: {what}", body)


def _slug(text: str) -> str:
    """GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"<[^>]+>", "", html.unescape(text)).strip().lower()
    return re.sub(r"\s", "-", re.sub(r"[^\w\s-]", "", text))


def _embed(src: str, root: Path) -> str:
    path = root / src
    if re.match(r"^[a-z]+:", src) or not path.is_file():
        return src
    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    return f"data:{kind};base64,{base64.b64encode(path.read_bytes()).decode()}"


def readme_html(readme: Path, lesson_stems: list[str], kind: str) -> str:
    """README.md as a page of the built folder: images embedded, lesson links to the pages."""
    from nbconvert.filters.markdown import markdown2html

    root = readme.parent
    body = markdown2html(readme.read_text(encoding="utf-8"))
    body = re.sub(
        r'<(h\d)([^>]*?)(?: id="[^"]*")?([^>]*)>(.*?)</\1>',
        lambda m: f'<{m[1]}{m[2]} id="{_slug(m[4])}"{m[3]}>{m[4]}</{m[1]}>',
        body,
    )
    body = re.sub(
        r'<img([^>]*) src="([^"]+)"', lambda m: f'<img{m[1]} src="{_embed(m[2], root)}"', body
    )
    lessons = "|".join(re.escape(stem) for stem in lesson_stems)
    body = re.sub(
        rf'href="(?:notebooks/)?({lessons})\.ipynb(#[^"]*)?"',
        lambda m: f'href="{m[1]}{SUFFIX[kind]}{m[2] or ""}"',
        body,
    )
    # Other files of the repository: the built folder sits in build/<kind>/ of the clone.
    body = re.sub(r'href="(?![a-z]+:|#|/)([^"]+)"', lambda m: _repo_link(m[1], root), body)
    return _page("w2v-why: README", body)


def _repo_link(target: str, root: Path) -> str:
    if target.endswith(tuple(SUFFIX.values())) or target == "index.html":
        return f'href="{target}"'
    return f'href="../../{target}"'


def fix_links(body: str, kind: str, lesson_stems: list[str]) -> str:
    """Links between lessons point at the built pages, and ../README.md at README.html."""
    lessons = "|".join(re.escape(stem) for stem in lesson_stems)
    body = re.sub(
        rf'href="({lessons})\.ipynb(#[^"]*)?"',
        lambda m: f'href="{m[1]}{SUFFIX[kind]}{m[2] or ""}"',
        body,
    )
    return re.sub(
        r'href="\.\./README\.md(#[^"]*)?"', lambda m: f'href="README.html{m[1] or ""}"', body
    )
