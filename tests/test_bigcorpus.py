"""The larger corpus: text extraction on known snippets, and loading without the network."""

from __future__ import annotations

import json

import pytest

from w2vlib import bigcorpus
from w2vlib.bigcorpus import build_corpus, load_corpus
from w2vlib.corpus_sources import brown_documents, gcide_documents, tokenize, wordnet_documents

GCIDE_SNIPPET = """Address \\Ad*dress"\\ ([a^]d*dr[e^]s"), v. t. [imp. & p. p.
   {Addressed} (-dr[e^]st"); p. pr. & vb. n. {Addressing}.] [OE.
   adressen to raise erect, F. adresser, fr. [`a] (L. ad) + OF.
   drecier. See {Dress}, v.]
   1. To aim; to direct. [Obs.] --Chaucer.
      [1913 Webster]

            And this good knight his way with me addrest.
                                                  --Spenser.
      [1913 Webster]
"""


def test_gcide_drops_tags_pronunciations_etymologies_and_citations():
    documents = [" ".join(tokenize(d)) for d in gcide_documents(GCIDE_SNIPPET)]
    assert documents == [
        "address ad dres to aim to direct",
        "and this good knight his way with me addrest",
    ]


def test_wordnet_keeps_glosses_and_skips_the_licence_header():
    text = (
        "  1 This software and database is being provided to you, the LICENSEE, by  \n"
        "00005930 03 n 01 dwarf 0 001 @ 00004475 n 0000 | a plant or animal that is atypically small  \n"
    )
    assert list(wordnet_documents(text)) == ["a plant or animal that is atypically small  "]


def test_brown_drops_the_tags():
    line = "\tThe/at Fulton/np-tl County/nn-tl said/vbd ./.\n\n"
    assert [tokenize(d) for d in brown_documents(line)] == [["the", "fulton", "county", "said"]]


def test_tokenize_keeps_letters_and_drops_stray_single_letters():
    assert tokenize("A cat's 3 n. v. t. I saw-it") == ["a", "cat", "i", "saw", "it"]


def test_a_missing_client_is_skipped_with_its_reason(tmp_path, monkeypatch):
    monkeypatch.setattr(bigcorpus.shutil, "which", lambda tool: None)
    messages = []
    manifest = build_corpus(tmp_path, sources=["gcide", "brown"], log=messages.append)
    assert manifest["gcide"]["status"] == "skipped"
    assert "apt-get" in manifest["gcide"]["reason"]
    assert "npm not found" in manifest["brown"]["reason"]
    assert any("SKIPPED" in m for m in messages)
    assert json.loads((tmp_path / "manifest.json").read_text())["brown"]["status"] == "skipped"


def test_a_source_that_fails_does_not_stop_the_others(tmp_path, monkeypatch):
    def broken(downloads):
        raise RuntimeError("no network")
        yield  # pragma: no cover

    monkeypatch.setitem(bigcorpus.READERS, "sotu", broken)
    monkeypatch.setitem(
        bigcorpus.READERS, "brown", lambda downloads: ["The cat sat.", "A dog ran."]
    )
    monkeypatch.setattr(bigcorpus.shutil, "which", lambda tool: "/usr/bin/" + tool)
    manifest = build_corpus(tmp_path, sources=["sotu", "brown"], log=lambda m: None)
    assert manifest["sotu"] == {**manifest["sotu"], "status": "skipped", "reason": "no network"}
    assert manifest["brown"]["tokens"] == 6
    assert (tmp_path / "brown.txt").read_text() == "the cat sat\na dog ran\n"


def _fake_build(tmp_path, documents_per_source=50):
    manifest = {}
    for index, name in enumerate(["brown", "sotu"]):
        lines = [
            " ".join([f"{name}{index}w{i % 7}"] * (1 + i % 5)) for i in range(documents_per_source)
        ]
        (tmp_path / f"{name}.txt").write_text("\n".join(lines) + "\n")
        manifest[name] = dict(
            status="built", tokens=sum(1 + i % 5 for i in range(documents_per_source))
        )
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    return sum(m["tokens"] for m in manifest.values())


def test_load_corpus_mixes_sources_and_cuts_nested_prefixes(tmp_path):
    total = _fake_build(tmp_path)
    everything = load_corpus(tmp_path)
    assert sum(map(len, everything)) == total
    assert {d[0][:4] for d in everything[:20]} == {"brow", "sotu"}  # mixed, not one after the other
    small, large = load_corpus(tmp_path, max_tokens=40), load_corpus(tmp_path, max_tokens=120)
    assert 40 <= sum(map(len, small)) < 45  # the shortest prefix with at least 40 tokens
    assert large[: len(small)] == small  # nested
    assert load_corpus(tmp_path, seed=1) != everything  # the seed sets the order


def test_load_corpus_errors_say_what_to_do(tmp_path):
    with pytest.raises(FileNotFoundError, match="make corpus"):
        load_corpus(tmp_path)
    total = _fake_build(tmp_path)
    with pytest.raises(ValueError, match="fewer than max_tokens"):
        load_corpus(tmp_path, max_tokens=total + 1)
    with pytest.raises(FileNotFoundError, match="not built"):
        load_corpus(tmp_path, sources=["gcide"])
    with pytest.raises(ValueError, match="unknown source"):
        load_corpus(tmp_path, sources=["bible"])


def test_each_built_source_keeps_its_licence_notice(tmp_path, monkeypatch):
    doc = tmp_path / "downloads" / "wordnet-base-files" / "usr/share/doc/wordnet-base"
    doc.mkdir(parents=True)
    (doc / "copyright").write_text("WordNet 3.0 Copyright 2006 by Princeton University.\n")
    monkeypatch.setitem(bigcorpus.READERS, "wordnet", lambda downloads: ["a small plant"])
    monkeypatch.setitem(
        bigcorpus.READERS, "enwiki", lambda downloads: ["Anarchism is a philosophy"]
    )
    monkeypatch.setattr(bigcorpus.shutil, "which", lambda tool: "/usr/bin/" + tool)
    build_corpus(tmp_path, sources=["wordnet", "enwiki"], log=lambda m: None)
    licences = tmp_path / "licences"
    assert "Princeton" in (licences / "wordnet-copyright.txt").read_text()
    assert "CC BY-SA" in (licences / "enwiki-NOTICE.txt").read_text()
