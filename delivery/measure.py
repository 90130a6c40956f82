"""Measure the built decks and pages as a viewer sees them, and print one table.

    python delivery/measure.py                  # build/slides and build/html, 1280×800
    python delivery/measure.py --size 1920x1080
    python delivery/measure.py --build /tmp/other-build   # e.g. a build from an older commit
    python delivery/measure.py --shots delivery/screenshots --decks 00 04 07

Per deck: slides (leaf sections: slides and sub-slides), slides whose content is taller than the
screen (or starts above it), the tallest slide in screen heights, code inputs shown over the
deck, and how many slides ArrowRight visits from the first. Per page: code inputs shown without
a click, solutions (<details>) open or rendered empty (their answer left outside them).
Run `make slides html` first. Uses Debian's Chromium through playwright, like tests/browser/.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _browser_helpers():
    sys.path.insert(0, str(ROOT / "tests" / "browser"))
    import harness
    import slide_metrics

    return harness, slide_metrics


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--build", type=Path, default=ROOT / "build")
    parser.add_argument("--size", default="1280x800", help="screen WIDTHxHEIGHT")
    parser.add_argument("--shots", type=Path, help="save three slides of each --decks deck here")
    parser.add_argument("--decks", nargs="*", default=[], help="lesson numbers (00 04 07) to shoot")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.lower().split("x"))
    harness, metrics = _browser_helpers()
    decks = sorted((args.build / "slides").glob("*.slides.html"))
    pages = sorted(p for p in (args.build / "html").glob("[0-9]*.html"))
    if not decks and not pages:
        raise SystemExit(f"no decks or pages in {args.build}: run `make slides html` first")
    with tempfile.TemporaryDirectory() as profile, harness.chromium_context(Path(profile)) as ctx:
        page = ctx.new_page()
        page.set_viewport_size({"width": width, "height": height})
        print(f"Decks at {width}×{height} ({args.build}):")
        print(metrics.DECK_HEADER)
        totals = [0, 0]
        for deck in decks:
            metrics.open_deck(page, deck)
            if args.shots and deck.name.split("_")[0] in args.decks:
                for shot in metrics.screenshot_slides(page, args.shots, deck.name.split(".")[0]):
                    print(f"  saved {shot}")
            row = metrics.measure_deck(page, deck, deck.name.split(".")[0])
            totals[0] += row.slides
            totals[1] += len(row.too_tall)
            print(row.row(), flush=True)
        print(f"{'all decks':<34} {totals[0]:>6} {totals[1]:>8}")
        print(f"\nPages ({args.build / 'html'}):")
        print(f"{'page':<34} {'code':>6} {'details':>8} {'open':>5} {'empty':>6}")
        for path in pages:
            m = metrics.page_metrics(page, path)
            print(
                f"{path.stem:<34} {m['code_inputs']:>6} {m['details']:>8} {m['open']:>5} "
                f"{m['empty']:>6}",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
