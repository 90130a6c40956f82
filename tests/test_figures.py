"""`python -m w2vlib.figures` regenerates figures/ byte for byte."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest

from w2vlib import figures

FIGURES_DIR = Path(__file__).resolve().parents[1] / "figures"


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("figures")
    return out, figures.generate(out)


def test_every_committed_figure_is_generated_and_nothing_else(regenerated):
    out, written = regenerated
    committed = sorted(p.name for p in FIGURES_DIR.glob("*.png")) + sorted(
        p.name for p in FIGURES_DIR.glob("*.svg")
    )
    assert sorted(committed) == sorted(p.name for p in written)
    assert len(written) == 2 * len(figures.FIGURES)


@pytest.mark.parametrize("name", sorted(figures.FIGURES))
def test_figures_regenerate_byte_identical(regenerated, name):
    out, _ = regenerated
    for fmt in ("png", "svg"):
        fresh, committed = (out / f"{name}.{fmt}").read_bytes(), (FIGURES_DIR / f"{name}.{fmt}")
        assert committed.exists(), f"figures/{name}.{fmt} is missing: run `make figures`"
        assert fresh == committed.read_bytes(), (
            f"figures/{name}.{fmt} differs from a fresh run: regenerate with `make figures`"
        )


def test_svg_and_png_carry_no_date_or_software_stamp(regenerated):
    out, _ = regenerated
    svg = (out / "score_trajectories.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in (out / "score_trajectories.png").read_bytes()


def test_command_line_rejects_options_and_writes_to_a_folder(tmp_path, capsys):
    assert figures.main(["--help"]) == 2
    with pytest.raises(ValueError, match="unknown figures"):
        figures.generate(tmp_path, names=["nope"])
    assert figures.generate(tmp_path, names=["score_trajectories"]) == [
        tmp_path / "score_trajectories.png",
        tmp_path / "score_trajectories.svg",
    ]


def test_generate_refuses_a_bare_name(tmp_path):
    # it used to be split into letters: "unknown figures ['l', 'o', ...]"
    with pytest.raises(TypeError, match=r"pass \['score_trajectories'\]"):
        figures.generate(tmp_path, names="score_trajectories")
    assert not list(tmp_path.iterdir())
