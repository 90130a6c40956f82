"""The lesson rules of tests/lesson_rules.py on small notebooks: each rule catches what it should."""

from __future__ import annotations

from lesson_rules import names_from_folded_cells, quoted_numbers, reading_minutes, unshown_numbers


def _nb(*cells) -> dict:
    """cells: ("md", text) | ("code", source, outputs_text) | ("folded", source, outputs_text)."""
    out = []
    for kind, source, *printed in cells:
        if kind == "md":
            out.append({"cell_type": "markdown", "source": source, "metadata": {}})
            continue
        meta = {"jupyter": {"source_hidden": True}} if kind == "folded" else {}
        outputs = [{"output_type": "stream", "text": t} for t in printed]
        out.append({"cell_type": "code", "source": source, "metadata": meta, "outputs": outputs})
    return {"cells": out}


def test_a_quoted_number_must_be_printed_after_rounding():
    nb = _nb(("md", "The loss ends at 1.52 and the slope is 0.39."), ("code", "x = 1", "1.5213\n"))
    assert unshown_numbers(nb) == ["0.39"]
    assert unshown_numbers(_nb(("md", "about −0.97"), ("code", "", "cos = -0.9712\n"))) == []
    # one decimal is not a quoted measurement; a number in the code's source counts as shown
    assert unshown_numbers(_nb(("md", "r = 0.5 and lr 0.1"), ("code", "a = 0.75"))) == []
    assert unshown_numbers(_nb(("md", "α = 0.75 here"), ("code", "a = 0.75"))) == []


def test_citations_settings_and_arxiv_ids_are_exempt():
    text = (
        "Press & Wolf (2017) found 0.42 on SimLex. With lr 0.025 and a step of 0.05 it trains. "
        "Mimno & Thompson 2017 report 0.83. See arXiv 1402.3722. The gap is 0.31.\n\n"
        "Levy, Goldberg & Dagan 2015 measured 0.66 and [the paper](https://example.org) 0.71."
    )
    assert quoted_numbers(_nb(("md", text))) == ["0.31"]


def test_link_targets_are_not_prose():
    assert quoted_numbers(_nb(("md", "[lesson](04_why.ipynb#1.25) and 2.50"))) == ["2.50"]


def test_the_reading_time_line():
    assert reading_minutes(_nb(("md", "# 00\n\n*Reading time: about 12 minutes.*"))) == 12
    assert reading_minutes(_nb(("md", "# 00\n\nReading time: about 12 minutes."))) is None
    assert (
        reading_minutes(_nb(("code", "x = 1"), ("md", "*Reading time: about 3 minutes.*"))) is None
    )


def test_a_visible_cell_may_not_use_what_only_a_folded_cell_defines():
    nb = _nb(
        ("folded", "import numpy as np\nX = np.ones(3)\nfor two in range(2):\n    pass"),
        ("code", "print(X.sum(), two)"),
        ("code", "X = 2\nprint(X)"),
        ("code", "def f(np):\n    return np.zeros(1)\nprint([two for two in range(3)])"),
        ("code", "%matplotlib inline\nprint(np.pi, len([1]))"),
    )
    assert names_from_folded_cells(nb) == [(1, "X", 0), (1, "two", 0), (4, "np", 0)]


def test_a_name_a_visible_cell_defined_first_is_fine():
    nb = _nb(
        ("code", "sentences = [1]"),
        ("folded", "sentences = [2]\nvocab = 3"),
        ("code", "print(sentences)\nvocab = 4\nprint(vocab)"),
    )
    assert names_from_folded_cells(nb) == []
