"""HTML-mode cost in machine instructions a page, counted by callgrind: exact and repeatable
on a busy machine, where CPU seconds are not (see ``html_devset.py`` for pages/s next to
trafilatura).

    python tests/benchmarks/callgrind_html.py [--every 3] [--segment-only]

Runs ``Cleaner().clean_html`` (the library defaults, as ``html_devset.py``) on the raw bytes of every ``--every``-th devset
page under ``valgrind --tool=callgrind``, once loading and warming up only and once also
cleaning, and reports the difference per page (``--segment-only``: the segmenter alone,
``segment_html``, without the rules). Needs valgrind; takes a few minutes.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from callgrind_text import callgrind_instructions


def _pages(every: int) -> list[dict]:
    from scoring import html_pages

    return [p for name in ("readability", "trafilatura") for p in html_pages(name)][::every]


def _work(every: int, clean: bool, segment_only: bool) -> None:
    """What runs under callgrind: load, warm up, and (``clean``) clean the pages."""
    from cleaner import Cleaner
    from cleaner.segment.html import segment_html
    from cleaner.segment.stoplists import detect_language

    pages = _pages(every)
    cleaner = Cleaner()
    if segment_only:
        def run(page: dict) -> object:
            return segment_html(page["html"], url=page["url"])
    else:
        def run(page: dict) -> object:
            return cleaner.clean_html(page["html"], url=page["url"])
    run(pages[0])  # compiled patterns, stoplists, word lists
    detect_language(["The cat sat on the mat."])  # its tables, built on the first call
    if clean:
        for page in pages:
            run(page)


def _instructions(every: int, clean: bool, segment_only: bool) -> int:
    arguments = ["--every", str(every), "--work", "clean" if clean else "load"]
    return callgrind_instructions(__file__, arguments + (["--segment-only"] if segment_only else []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=3, help="clean every N-th devset page")
    parser.add_argument("--segment-only", action="store_true", help="count segment_html alone")
    parser.add_argument("--work", choices=("load", "clean"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        _work(args.every, args.work == "clean", args.segment_only)
        return
    count = len(_pages(args.every))
    cleaned = _instructions(args.every, True, args.segment_only)
    loaded = _instructions(args.every, False, args.segment_only)
    what = "segment_html" if args.segment_only else "clean_html"
    print(f"{(cleaned - loaded) / count / 1e6:.2f} M instructions a page ({what}, {count} devset pages, callgrind)")


if __name__ == "__main__":
    main()
