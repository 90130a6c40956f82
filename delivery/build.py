"""Build every lesson as an offline reveal.js deck and an offline HTML page.

    python delivery/build.py execute   # run each lesson once into build/executed/
    python delivery/build.py slides    # build/slides/NN_slug.slides.html (+ vendor/, index.html)
    python delivery/build.py html      # build/html/NN_slug.html (+ vendor/, index.html)

A lesson is executed once, in a fresh kernel, and the executed copy is reused by both
exports for as long as the lesson and w2vlib are unchanged (a hash of both is stored in the
executed copy). Executing first is what embeds the plots and the widget state in the pages.
tests/test_notebooks.py reuses the same copies, so `make test` runs each lesson once.

Cells tagged `live-only` (the ipywidgets explorers, which need a kernel) are left out of the
pages and decks; the lessons show the matching animation (w2vlib.animations) next to them,
and that plays without a kernel.

Every page opens from file:// with no network: nbconvert's CDN URLs (reveal.js, MathJax 2,
require.js, jQuery, @jupyter-widgets/html-manager) are pointed at copies vendored from the npm
registry at pinned versions (delivery/package.json, installed by `make vendor`), and the
custom templates in delivery/templates/ drop the mermaid import from a CDN.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib.util
import re
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _load_pages():
    """delivery/pages.py (what a page or deck shows of a lesson), also when this file is
    loaded by path (tests/test_notebooks.py), where delivery/ is not on sys.path."""
    spec = importlib.util.spec_from_file_location(
        "w2v_delivery_pages", Path(__file__).with_name("pages.py")
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


pages = _load_pages()
NOTEBOOKS = ROOT / "notebooks"
BUILD = ROOT / "build"
EXECUTED = BUILD / "executed"
TEMPLATES = ROOT / "delivery" / "templates"
NODE_MODULES = ROOT / "delivery" / "node_modules"
LESSON_GLOB = "[0-9][0-9]*_*.ipynb"
# NN_slug.ipynb or NNx_slug.ipynb (04b_why_on_real_text.ipynb); sorted order is reading order,
# and "04_" sorts before "04b" because "_" < "b".
LESSON_NAME = re.compile(r"^\d\d[a-z]?_[A-Za-z0-9_]+\.ipynb$")
KEY_FIELD = "w2v_why_source_sha256"
LESSON_HASH_META = "w2v-why-lesson-sha256"

# The exact MathJax configuration nbconvert asks for by default, served locally.
MATHJAX_URL = "vendor/mathjax/MathJax.js?config=TeX-AMS_CHTML-full,Safe"

# What the pages load, relative to the vendored npm packages. MathJax is trimmed from 71 MB to
# the parts the TeX-AMS_CHTML-full configuration loads: TeX input, CommonHTML output, its fonts.
VENDOR_FILES = {
    "reveal.js/dist/reveal.js": "reveal.js/dist/reveal.js",
    "reveal.js/dist/reveal.css": "reveal.js/dist/reveal.css",
    "reveal.js/dist/theme/white.css": "reveal.js/dist/theme/white.css",
    "reveal.js/dist/theme/fonts/source-sans-pro": "reveal.js/dist/theme/fonts/source-sans-pro",
    "reveal.js/plugin/notes": "reveal.js/plugin/notes",
    "require.js": "requirejs/require.js",
    "jquery.min.js": "jquery/dist/jquery.min.js",
    "mathjax/MathJax.js": "mathjax/MathJax.js",
    "mathjax/config/TeX-AMS_CHTML-full.js": "mathjax/config/TeX-AMS_CHTML-full.js",
    "mathjax/config/Safe.js": "mathjax/config/Safe.js",
    "mathjax/extensions": "mathjax/extensions",
    "mathjax/jax/input/TeX": "mathjax/jax/input/TeX",
    "mathjax/jax/output/CommonHTML": "mathjax/jax/output/CommonHTML",
    "mathjax/jax/output/PreviewHTML": "mathjax/jax/output/PreviewHTML",
    "mathjax/jax/element": "mathjax/jax/element",
    "mathjax/localization/en": "mathjax/localization/en",
    "mathjax/fonts/HTML-CSS/TeX/woff": "mathjax/fonts/HTML-CSS/TeX/woff",
    "mathjax/fonts/HTML-CSS/TeX/otf": "mathjax/fonts/HTML-CSS/TeX/otf",
    "html-manager/embed-amd.js": "@jupyter-widgets/html-manager/dist/embed-amd.js",
}
# html-manager's widget bundles fetch their icon fonts relative to the module names that
# require.js resolves against the page, not relative to embed-amd.js: serve them there too.
WIDGET_FONT_DIRS = ("@jupyter-widgets", "@jupyter-widgets/html-manager/dist")
WIDGET_FONT_SUFFIXES = (".woff2", ".woff")
SKIP_SUFFIXES = (".map",)  # source maps are never loaded


def lessons() -> list[Path]:
    """Every lesson notebook, in course order."""
    found = sorted(p for p in NOTEBOOKS.glob(LESSON_GLOB) if LESSON_NAME.match(p.name))
    if not found:
        raise SystemExit(f"No lesson matches {NOTEBOOKS / LESSON_GLOB}: is this the repository?")
    return found


def source_key(lesson: Path) -> str:
    """A hash of everything an executed lesson depends on: the notebook and w2vlib's sources."""
    digest = hashlib.sha256(lesson.read_bytes())
    for module in sorted((ROOT / "w2vlib").rglob("*.py")):
        digest.update(module.relative_to(ROOT).as_posix().encode())
        digest.update(module.read_bytes())
    return digest.hexdigest()


class LessonFailed(RuntimeError):
    """A lesson raised while executing; the message holds the cell and its traceback."""


def is_current(lesson: Path, executed: Path | None = None) -> bool:
    """Whether build/executed/ holds a copy of `lesson` run with today's lesson and w2vlib."""
    import nbformat

    target = executed or EXECUTED / lesson.name
    if not target.exists():
        return False
    return nbformat.read(target, as_version=4).metadata.get(KEY_FIELD) == source_key(lesson)


def execute(lesson: Path) -> Path:
    """Run `lesson` in a fresh kernel into build/executed/, unless an up-to-date copy exists.

    Raises LessonFailed if a cell raises: no copy is written then, so an executed copy
    always comes from a run without errors (the notebook tests rely on it).
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    target = EXECUTED / lesson.name
    key = source_key(lesson)
    if is_current(lesson, target):
        print(f"  up to date  {target.relative_to(ROOT)}")
        return target
    nb = nbformat.read(lesson, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOKS)}}
    )
    start = time.perf_counter()
    try:
        client.execute()
    except CellExecutionError as error:
        raise LessonFailed(
            f"{lesson.name} failed while executing, so it cannot be exported:\n{error}"
        ) from None  # the message already holds the cell and its traceback
    nb.metadata[KEY_FIELD] = key
    EXECUTED.mkdir(parents=True, exist_ok=True)
    # Write next to the target and rename, so an interrupted build never leaves a half file.
    partial = target.with_suffix(".partial")
    nbformat.write(nb, partial)
    partial.replace(target)
    print(f"  executed    {target.relative_to(ROOT)} in {time.perf_counter() - start:.1f} s")
    return target


def _vendor_sources() -> Iterator[tuple[str, Path]]:
    if not (NODE_MODULES / ".package-lock.json").exists():
        raise SystemExit(
            f"{NODE_MODULES.relative_to(ROOT)} is missing: run `make vendor` "
            "(npm ci in delivery/, which installs the pinned reveal.js, MathJax 2, require.js, "
            "jQuery and @jupyter-widgets/html-manager)."
        )
    fonts = NODE_MODULES / "@jupyter-widgets/html-manager/dist"
    for font in sorted(fonts.glob("*")):
        if font.name.endswith(WIDGET_FONT_SUFFIXES):
            for folder in WIDGET_FONT_DIRS:
                yield f"{folder}/{font.name}", font
    for dest, src in VENDOR_FILES.items():
        source = NODE_MODULES / src
        if not source.exists():
            raise SystemExit(
                f"{source} is missing: delete delivery/node_modules and run `make vendor`."
            )
        files = (
            [source] if source.is_file() else sorted(p for p in source.rglob("*") if p.is_file())
        )
        for path in files:
            if path.name.endswith(SKIP_SUFFIXES):
                continue
            relative = dest if path == source else f"{dest}/{path.relative_to(source).as_posix()}"
            yield f"vendor/{relative}", path


def copy_vendor(out_dir: Path) -> None:
    """Copy the vendored files into out_dir (mostly out_dir/vendor/), skipping identical ones.

    Files left there by an earlier layout are deleted, so the folder holds exactly what the
    pages load.
    """
    wanted = set()
    for dest, path in _vendor_sources():
        target = out_dir / dest
        wanted.add(target)
        if target.exists() and target.read_bytes() == path.read_bytes():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    for folder in ("vendor", WIDGET_FONT_DIRS[0]):
        for stale in [p for p in (out_dir / folder).rglob("*") if p.is_file() and p not in wanted]:
            stale.unlink()


def _exporter(kind: str):
    from nbconvert import HTMLExporter, SlidesExporter
    from traitlets.config import Config

    config = Config()
    config.TemplateExporter.extra_template_basedirs = [str(TEMPLATES)]
    options = {
        "require_js_url": "vendor/require.js",
        "jquery_url": "vendor/jquery.min.js",
        "mathjax_url": MATHJAX_URL,
        "widget_renderer_url": "vendor/html-manager/embed-amd.js",
        "embed_images": True,  # markdown images become data: URLs, so each page stands alone
    }
    if kind == "slides":
        for name, value in options.items():
            config.SlidesExporter[name] = value
        config.SlidesExporter.reveal_url_prefix = "vendor/reveal.js"
        config.SlidesExporter.reveal_theme = "white"  # imports no web fonts; vendored alone
        # No scroll boxes: the template's fit.js continues a slide that is too long on the next.
        config.SlidesExporter.reveal_scroll = False
        # A deck has no room for "In [3]:": prompts are left out, the cells get the width.
        config.SlidesExporter.exclude_input_prompt = True
        config.SlidesExporter.exclude_output_prompt = True
        return SlidesExporter(config=config, template_name="w2v_reveal")
    for name, value in options.items():
        config.HTMLExporter[name] = value
    return HTMLExporter(config=config, template_name="w2v_lab")


SUFFIX = pages.SUFFIX


def export(kind: str) -> list[Path]:
    """Execute (if needed) and export every lesson as `kind` ("slides" or "html")."""
    import nbformat

    out_dir = BUILD / kind
    out_dir.mkdir(parents=True, exist_ok=True)
    copy_vendor(out_dir)
    exporter = _exporter(kind)
    all_lessons = lessons()
    stems = [p.stem for p in all_lessons]
    readme_lines = pages.readme_lines(ROOT / "README.md")
    written, infos = [], []
    for lesson in all_lessons:
        nb = nbformat.read(execute(lesson), as_version=4)
        infos.append(pages.lesson_info(lesson, nb, readme_lines))
        body, _ = exporter.from_notebook_node(
            pages.static_copy(nb, kind),
            resources={"metadata": {"name": lesson.stem, "path": str(NOTEBOOKS)}},
        )
        body = pages.close_details(pages.fix_links(body, kind, stems))
        # Which lesson text the page was built from, so tests can tell a stale page by content.
        stamp = hashlib.sha256(lesson.read_bytes()).hexdigest()
        body = body.replace(
            "<head>", f'<head>\n<meta name="{LESSON_HASH_META}" content="{stamp}">', 1
        )
        target = out_dir / f"{lesson.stem}{SUFFIX[kind]}"
        target.write_text(body, encoding="utf-8")
        written.append(target)
        print(f"  wrote       {target.relative_to(ROOT)}")
    (out_dir / "index.html").write_text(pages.index_html(kind, infos), encoding="utf-8")
    readme = pages.readme_html(ROOT / "README.md", stems, kind)
    (out_dir / "README.html").write_text(readme, encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("what", choices=["execute", "slides", "html"])
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        if args.what == "execute":
            for lesson in lessons():
                execute(lesson)
        else:
            export(args.what)
    except LessonFailed as error:
        raise SystemExit(str(error)) from None
    print(f"{args.what}: done in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
