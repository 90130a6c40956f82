"""Every lesson runs top to bottom in a fresh kernel, and is committed clean and presentable:
story first (pictures, folded checks, a predict-then-reveal prompt), linked to its neighbours.

Execution is shared with `make slides` / `make html`: delivery/build.py runs each lesson once
into build/executed/ and stamps the copy with a hash of the lesson and of w2vlib, and these
tests reuse a copy whose stamp is current (else they execute the lesson and store the copy).
A copy is written only when no cell raised, and the tests still look at every output.
"""

from __future__ import annotations

import importlib.util
import json
import re
from functools import cache
from pathlib import Path

import pytest
from lesson_rules import names_from_folded_cells, reading_minutes, unshown_numbers

ROOT = Path(__file__).resolve().parents[1]
LESSON_NAME = re.compile(r"^\d\d[a-z]?_[A-Za-z0-9_]+\.ipynb$")  # NN_slug or NNx_slug
NOTEBOOKS = sorted(
    p for p in (ROOT / "notebooks").glob("[0-9][0-9]*_*.ipynb") if LESSON_NAME.match(p.name)
)
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}
ANIMATION = '<div class="animation">'  # Animation.to_jshtml's player (w2vlib.animations)
MIN_PICTURES = 2
MIN_FOLDED = 0.8
LESSON_00_MAX_WORDS = 1500
LESSON_00_MIN_PICTURES = 3
LESSON_00_MAX_MINUTES = 10
CAREFUL_WORDS_PER_MINUTE = 250  # a careful reader of technical prose reads no faster than this
# "Predict, then reveal." or "Predict before you run." (lesson 07's wording): a guess asked for
# before the cell that answers it
PREDICT_THEN_REVEAL = re.compile(r"predict,? then reveal|predict before you run", re.IGNORECASE)


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _build_module():
    spec = importlib.util.spec_from_file_location("w2v_delivery_build", ROOT / "delivery/build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def _execution(path: Path) -> tuple[dict | None, str | None]:
    build = _build_module()
    try:
        return _load(build.execute(path)), None
    except build.LessonFailed as error:
        return None, str(error)  # remembered: a failing lesson is not run again per test


def executed(path: Path) -> dict:
    """The executed copy of a lesson: build/executed/ if current, else run it (once) now."""
    nb, error = _execution(path)
    if error is not None:
        pytest.fail(error, pytrace=False)
    return nb


def _outputs(nb: dict):
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            yield from cell.get("outputs", [])


def pictures(nb: dict) -> tuple[int, int]:
    """(pictures, of which animations): image outputs and to_jshtml players."""
    images = animations = 0
    for out in _outputs(nb):
        data = out.get("data", {})
        if "image/png" in data or "image/svg+xml" in data:
            images += 1
        elif ANIMATION in "".join(data.get("text/html", "")):
            animations += 1
    return images + animations, animations


def is_checking_cell(cell: dict) -> bool:
    """A code cell that asserts: `np.testing.assert_…`, or a line starting with `assert `."""
    if cell["cell_type"] != "code":
        return False
    source = "".join(cell["source"])
    return "np.testing.assert_" in source or bool(re.search(r"^\s*assert ", source, re.M))


def is_folded(cell: dict) -> bool:
    return bool(cell.get("metadata", {}).get("jupyter", {}).get("source_hidden"))


def prose_words(path: Path) -> int:
    """Words of markdown prose: code blocks and link targets dropped, each formula one word."""
    text = "\n".join(
        "".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "markdown"
    )
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"\$\$.*?\$\$", " formula ", text, flags=re.S)
    text = re.sub(r"\$[^$]+\$", " formula ", text)
    text = re.sub(r"\]\([^)]*\)", "]", text)
    text = re.sub(r"<[^>]+>", " ", text)
    return sum(1 for token in text.split() if re.search(r"\w", token))


def test_there_are_lessons():
    assert NOTEBOOKS, "notebooks/ holds no lesson NN_slug.ipynb"
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"
    strays = [
        p.name
        for p in (ROOT / "notebooks").glob("*.ipynb")
        if p not in NOTEBOOKS and not p.name.startswith(".")
    ]
    assert not strays, f"notebooks that are not named NN_slug.ipynb or NNx_slug.ipynb: {strays}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_committed_without_outputs_and_with_slide_metadata(path):
    nb = _load(path)
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] == "code":
            assert cell.get("outputs") == [], f"cell {i} of {path.name} carries outputs"
            assert cell.get("execution_count") is None, f"cell {i} of {path.name} has a count"
        slide_type = cell.get("metadata", {}).get("slideshow", {}).get("slide_type")
        assert slide_type in SLIDE_TYPES, f"cell {i} of {path.name} lacks slideshow.slide_type"
        assert cell.get("id"), f"cell {i} of {path.name} has no id"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_links_to_its_neighbours(path):
    text = "\n".join(
        "".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "markdown"
    )
    index = NOTEBOOKS.index(path)
    for neighbour in (
        NOTEBOOKS[index - 1] if index else None,
        NOTEBOOKS[index + 1] if index + 1 < len(NOTEBOOKS) else None,
    ):
        if neighbour is not None:
            assert f"({neighbour.name})" in text, (
                f"{path.name} does not link to {neighbour.name} (a markdown link, in reading order)"
            )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_executes(path):
    nb = executed(path)
    errors = [out for out in _outputs(nb) if out.get("output_type") == "error"]
    assert not errors, f"{path.name} raised: {errors[0]['ename']}: {errors[0]['evalue']}"
    text = "".join("".join(out.get("text", "")) for out in _outputs(nb))
    assert "Traceback (most recent call last)" not in text, f"{path.name} printed a traceback"
    # the executed copy is of this very lesson (same cells), not of an older version
    assert [c["source"] for c in nb["cells"]] == [c["source"] for c in _load(path)["cells"]]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_shows_pictures(path):
    count, _ = pictures(executed(path))
    assert count >= MIN_PICTURES, (
        f"{path.name} shows {count} pictures (figures or animations): at least "
        f"{MIN_PICTURES} per lesson, story first"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_checking_cells_are_folded(path):
    checks = [c for c in _load(path)["cells"] if is_checking_cell(c)]
    folded = sum(is_folded(c) for c in checks)
    assert not checks or folded >= MIN_FOLDED * len(checks), (
        f"{path.name}: {folded} of {len(checks)} checking cells are folded "
        f'(metadata "jupyter": {{"source_hidden": true}}); at least {MIN_FOLDED:.0%} must be'
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_has_a_predict_then_reveal_prompt(path):
    text = "\n".join(
        "".join(c["source"]) for c in _load(path)["cells"] if c["cell_type"] == "markdown"
    )
    assert PREDICT_THEN_REVEAL.search(text), (
        f'{path.name} has no "Predict, then reveal" prompt (a guess before running a cell)'
    )


def test_lesson_00_tells_the_answer_in_ten_minutes():
    path = NOTEBOOKS[0]
    words = prose_words(path)
    assert words <= LESSON_00_MAX_WORDS, f"lesson 00 has {words} words of prose (at most 1,500)"
    count, moving = pictures(executed(path))
    assert count >= LESSON_00_MIN_PICTURES and moving >= 1, (
        f"lesson 00 shows {count} pictures, {moving} of them animations: at least 3, one moving"
    )
    text = "".join("".join(c["source"]) for c in _load(path)["cells"])
    for lesson in NOTEBOOKS[1:]:
        assert f"({lesson.name})" in text, f"lesson 00's map does not link to {lesson.name}"


def test_every_lesson_checks_something():
    """Every lesson keeps at least one numeric check (folded), and the course many.

    Checks that only prove the library equals the by-hand code moved to tests/ and to the
    appendices (issue 13), so the bar is per lesson, plus a floor for the whole course.
    """
    counts = {p.name: sum(map(is_checking_cell, _load(p)["cells"])) for p in NOTEBOOKS}
    without = [name for name, n in counts.items() if n == 0]
    assert not without, f"lessons with no numeric check: {without}"
    assert sum(counts.values()) >= 2 * len(NOTEBOOKS), (
        f"the course carries {sum(counts.values())} checking cells for {len(NOTEBOOKS)} "
        f"lessons: {counts}"
    )


def test_lesson_03_step_cell_can_be_run_twice():
    """Issue 10 §4: the cell that applies a step and then checks it passes when re-run.

    The lesson's code cells up to that cell run in a fresh kernel (drawing pictures, animations
    and widgets stubbed out: they are slow and change no state), then the cell runs once more.
    """
    import nbformat
    from nbclient import NotebookClient

    path = ROOT / "notebooks" / "03_train_live.ipynb"
    cells = [c for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code"]
    step_cell = next(
        i for i, c in enumerate(cells) if "stepper.step()" in c.source and is_checking_cell(c)
    )
    kept = [nbformat.v4.new_code_cell(c.source) for c in cells[:step_cell]]
    stubs = "explore = step_trainer = plot_step = plot_score_trajectories = plot_cosine_heatmaps"
    kept.insert(1, nbformat.v4.new_code_cell(f"{stubs} = animations.show = lambda *a, **k: None"))
    twice = [nbformat.v4.new_code_cell(cells[step_cell].source) for _ in range(2)]
    nb = nbformat.v4.new_notebook(cells=kept + twice)
    NotebookClient(
        nb, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()
    first, second = ("".join(o.get("text", "") for o in c.outputs) for c in nb.cells[-2:])
    assert first.startswith("✓") and second.startswith("✓"), (first, second)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_first_cell_gives_the_reading_time(path):
    minutes = reading_minutes(_load(path))
    assert minutes is not None, (
        f"{path.name}: the first cell must say *Reading time: about N minutes.* (N an integer)"
    )
    words = prose_words(path)
    assert minutes >= max(1, round(words / CAREFUL_WORDS_PER_MINUTE)), (
        f"{path.name} promises {minutes} minutes for {words} words of prose: a careful reader "
        f"needs at least {words / CAREFUL_WORDS_PER_MINUTE:.0f}"
    )
    if path == NOTEBOOKS[0]:
        assert minutes <= LESSON_00_MAX_MINUTES, f"lesson 00 takes {minutes} minutes (at most 10)"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_visible_cells_use_no_name_only_a_folded_cell_defines(path):
    found = names_from_folded_cells(_load(path))
    assert not found, f"{path.name}: " + "; ".join(
        f"cell {cell} uses {name!r}, defined only by folded cell {folded}"
        for cell, name, folded in found
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_prose_numbers_are_printed_by_the_lesson(path):
    """Every number with 2+ decimals in the prose is shown by the executed lesson (BRIEF).

    Shown: some code cell's source or text output holds a number that rounds to it. Exempt: a
    literature value with its source beside it, a setting (lr 0.025), an arXiv identifier.
    """
    missing = unshown_numbers(executed(path))
    assert not missing, (
        f"{path.name} quotes numbers it never prints: {' '.join(missing)} (print them, load "
        "them from a stored result the lesson shows, cite their source beside them, or drop them)"
    )
