"""What Binder, the README and the offline build rely on, checked without a browser."""

from __future__ import annotations

import json
import re

from harness import ROOT, lessons

LESSONS = lessons()
README = (ROOT / "README.md").read_text(encoding="utf-8")
BINDER = "https://mybinder.org/v2/gh/OWNER/w2v-why/HEAD?urlpath=lab/tree/notebooks/"


def test_binder_reads_the_root_requirements():
    # repo2docker prefers binder/ or .binder/, and environment.yml over requirements.txt.
    shadows = [name for name in ("binder", ".binder", "environment.yml") if (ROOT / name).exists()]
    assert not shadows, f"{shadows} would shadow requirements.txt on Binder: remove them"
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    requirements = (ROOT / "requirements.txt").read_text().splitlines()
    assert "-e ." in requirements, "requirements.txt must install w2vlib (-e .) for Binder"
    for package, major in (("jupyterlab", 4), ("ipywidgets", 8), ("jupyterlab_widgets", 3)):
        pinned = [line for line in requirements if re.match(rf"{package}\s*[><=]", line)]
        upper = re.search(r"<\s*([\d.]+)", pinned[0]) if pinned else None
        bound = tuple(int(part) for part in upper[1].split(".")) if upper else ()
        assert (major,) < bound <= (major + 1,), f"{package} is not pinned within major {major}"
    # Notebook 7.6.5 throws "reading 'schema'" on load; 7.5.8 (JupyterLab 4.5) does not.
    assert "notebook==7.5.8" in requirements


def test_readme_has_a_binder_launch_link_for_every_lesson():
    assert LESSONS
    missing = [p.name for p in LESSONS if f"{BINDER}{p.name})" not in README]
    assert not missing, f"README.md has no Binder launch link for {missing}"
    assert "mybinder.org/badge_logo.svg" in README, "README.md has no Binder badge"
    for image in re.findall(r"!\[[^\]]*\]\((delivery/screenshots/[^)]+)\)", README):
        assert (ROOT / image).is_file(), f"README.md shows {image}, which does not exist"


def test_vendored_javascript_is_pinned_exactly():
    package = json.loads((ROOT / "delivery" / "package.json").read_text())
    lock = json.loads((ROOT / "delivery" / "package-lock.json").read_text())
    for name, version in package["dependencies"].items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} is not pinned exactly: {version}"
        assert lock["packages"][f"node_modules/{name}"]["version"] == version, (
            f"delivery/package-lock.json disagrees with package.json on {name}: run "
            "`cd delivery && npm install --save-exact` and commit both files"
        )
    # MathJax 3 lacks the MathJax.Hub API that nbconvert's reveal template calls.
    assert package["dependencies"]["mathjax"].startswith("2.")


def _lab_settings():
    import importlib.util

    spec = importlib.util.spec_from_file_location("lab_settings", ROOT / "delivery/lab_settings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_lab_defaults_go_to_the_environment_and_keep_other_keys(tmp_path):
    lab_settings = _lab_settings()
    path = lab_settings.overrides_path(tmp_path)
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"some-plugin:x": {"a": 1}}))
    lab_settings.write_overrides(tmp_path)
    first = path.read_text()
    lab_settings.write_overrides(tmp_path)
    assert path.read_text() == first, "running it twice changed overrides.json"
    written = json.loads(first)
    assert written["some-plugin:x"] == {"a": 1}
    assert written["@jupyterlab/apputils-extension:notification"]["fetchNews"] == "false"
    assert written["jupyterlab-rise:plugin"]["theme"] == "white"


def test_make_lab_and_binder_switch_the_news_toast_off():
    import sys

    current = _lab_settings().overrides_path(sys.prefix)
    assert current.exists(), f"{current} is missing: run `make setup` (delivery/lab_settings.py)"
    notification = json.loads(current.read_text())["@jupyterlab/apputils-extension:notification"]
    assert notification["fetchNews"] == "false"
    post_build = ROOT / "postBuild"
    assert post_build.stat().st_mode & 0o111, "postBuild must be executable for repo2docker"
    assert "delivery/lab_settings.py" in post_build.read_text()
    assert "delivery/lab_settings.py" in (ROOT / "Makefile").read_text()


def _pages():
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location("w2v_pages", ROOT / "delivery/pages.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_index_reads_title_line_and_reading_time_and_falls_back(tmp_path):
    import nbformat

    pages = _pages()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "# 05 · Sampling $k$ words\n\n*Reading time: about 12 minutes.*\n\n"
            "Previous: [a](04_why.ipynb)\n\nWe show the *same* pull. And more."
        )
    ]
    lesson = tmp_path / "05_x.ipynb"
    readme = tmp_path / "README.md"
    readme.write_text("| 05 | `05_x.ipynb` | the same mechanism, sampled |\n")
    info = pages.lesson_info(lesson, nb, pages.readme_lines(readme))
    assert (info.title, info.line, info.minutes) == (
        "05 · Sampling k words",
        "the same mechanism, sampled",
        12,
    )
    bare = pages.lesson_info(lesson, nb, {})  # no README row: the lesson's first sentence
    assert bare.line == "We show the same pull."
    nb.cells[0].source = "# 05 · Sampling"
    assert pages.lesson_info(lesson, nb, {}).minutes is None
    index = pages.index_html("html", [info, bare])
    assert "12 min read" in index and 'href="05_x.html"' in index


def test_solutions_render_inside_their_fold_and_links_reach_the_built_pages():
    import nbformat

    pages = _pages()
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "**Q.** Why?\n\n<details><summary>Solution</summary>\n\nBecause $x$.\n\n</details>"
        )
    ]
    pages.mark_details(nb)
    from nbconvert.filters.markdown import markdown2html

    body = pages.close_details(markdown2html(nb.cells[0].source))
    assert re.search(
        r'<details class="w2v-solution"><summary>Solution</summary>\s*<p>Because', body
    )
    assert body.index("Because") < body.index("</details>")
    links = pages.fix_links(
        '<a href="04_why.ipynb#s">x</a><a href="../README.md#notation">', "slides", ["04_why"]
    )
    assert links == '<a href="04_why.slides.html#s">x</a><a href="README.html#notation">'
