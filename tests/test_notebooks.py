"""Every lesson runs top to bottom in a fresh kernel, and is committed clean and presentable."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SLIDE_TYPES = {"slide", "subslide", "fragment", "skip", "notes", "-"}


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_there_are_lessons():
    assert NOTEBOOKS, "notebooks/ holds no lesson NN_slug.ipynb"
    assert NOTEBOOKS[0].name == "00_start_here.ipynb"


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
            assert neighbour.name in text, f"{path.name} does not link to {neighbour.name}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_lesson_executes(path, tmp_path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("output_type") == "error"
    ]
    assert not errors, f"{path.name} raised: {errors[0]['ename']}: {errors[0]['evalue']}"
    text = "".join(
        out.get("text", "") for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
    )
    assert not re.search(r"Traceback \(most recent call last\)", text), (
        f"{path.name} printed a traceback"
    )


def _checking_cells(path: Path) -> int:
    """Code cells that check a result numerically (an equation's or a training claim's check)."""
    return sum(
        1
        for cell in _load(path)["cells"]
        if cell["cell_type"] == "code" and "np.testing.assert_" in "".join(cell["source"])
    )


def test_every_lesson_checks_its_equations():
    counts = {p.name: _checking_cells(p) for p in NOTEBOOKS}
    first_five = sum(n for name, n in counts.items() if name[:2] in {"00", "01", "02", "03", "04"})
    assert first_five >= 25, (
        f"lessons 00–04 carry {first_five} checking cells, fewer than 25: {counts}"
    )
    assert sum(counts.values()) >= 40, (
        f"the course carries {sum(counts.values())} checking cells: {counts}"
    )
    lessons_without_checks = [name for name, n in counts.items() if n == 0]
    assert not lessons_without_checks, f"lessons with no numeric check: {lessons_without_checks}"
