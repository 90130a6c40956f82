"""benchmarks/scale.py at its smallest: one tiny size, both libraries, no network, no build/corpus."""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path

import pytest

import w2vlib

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def scale():
    spec = importlib.util.spec_from_file_location("scale", ROOT / "benchmarks" / "scale.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def records(scale):
    from gensim.parsing.porter import PorterStemmer

    sentences = w2vlib.load_head500()[:40]  # about 50k stemmed tokens, shipped in gensim's wheel
    stem = PorterStemmer().stem
    return [
        scale.measure(library, sentences, epochs=1, word_map=stem, dim=20)
        for library in scale.LIBRARIES
    ]


def test_each_record_has_cost_and_quality(records):
    for r in records:
        assert r["tokens"] == sum(len(s) for s in w2vlib.load_head500()[:40])
        assert r["seconds"] > 0 and r["peak_mib"] > 0
        assert r["words_per_second"] == pytest.approx(r["tokens"] * r["epochs"] / r["seconds"])
        for dataset in ("wordsim353", "simlex999"):
            assert 0 < r[f"oov|{dataset}"] < 1
            for view in ("W", "W′", "W+W′"):
                for post in ("", " centred"):
                    assert -1 <= r[f"{view}{post}|{dataset}"] <= 1
                    assert math.isfinite(r[f"{view}{post}|{dataset}"])


def test_both_libraries_see_the_same_vocabulary(records):
    assert records[0]["vocab"] == records[1]["vocab"]


def test_the_table_and_the_plot(records, scale, tmp_path):
    table = scale.markdown_table(records).splitlines()
    assert len(table) == 2 + len(records)
    assert table[2].count("|") == table[0].count("|")
    scale.plot(records, tmp_path / "scale.png")
    assert (tmp_path / "scale.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_an_unknown_library_is_refused(scale):
    with pytest.raises(ValueError, match="unknown library"):
        scale.train("fasttext", [["a", "b"]], epochs=1)
