"""HTML mode on the devset pages: cleaner next to trafilatura (default and fast), jusText,
readability-lxml and resiliparse, in one run of one process, same pages, same metric.

    python tests/benchmarks/html_devset.py [--only cleaner] [--misses N] [--part tune|check|all]
        [--set NAME] [--by f1|precision|recall] [--lines N] [--rotate N] [--no-memory] [--repeat N]

Sets: readability (shingle P/R/F1), trafilatura (snippet P/R/F1), fundus (shingle P/R/F1, and
the title and authors cleaner and trafilatura's metadata report against its labels). Each set
is also scored per leave-publisher-out part (``scoring.part_of``; ``--rotate N`` picks another
split), with the pages whose output is empty though the gold is not. ``--misses N`` prints
cleaner's N worst pages of each set in ``--part`` with the gold lines it missed (``-``) and the
lines it kept that the gold lacks (``+``). ``--only cleaner --no-memory`` runs in about 20 s.

Speed is measured in passes without tracing, as CPU time of this process
(``time.process_time``), so that other work on a shared machine does not move the figures:
pages/s and MB/s on one core, decoding included (every system gets the raw bytes). The systems
take turns page by page (the order rotating every pass), so a slow spell of the machine (a
virtual machine's CPU time varies by a fifth between passes here) hits all systems alike, and
each system's time is the sum over pages of its fastest time on that page across the
``--repeat N`` passes.

Peak memory is measured in a second pass with tracemalloc: it counts Python-heap allocations
only, not what C libraries (libxml2, resiliparse's lexbor) allocate with malloc, so it
understates the C-based systems.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devreport import (
    ALL,
    META_HEADER,
    PART_HEADER,
    SetResult,
    add_misses_options,
    meta_rows,
    part_rows,
    print_all_misses,
    print_empty,
    print_meta_misses,
    score_set,
)
from scoring import SETS, html_pages

from cleaner import Cleaner

Extract = Callable[[bytes, str], str]


def make_cleaner() -> Extract:
    # The library's defaults, as a user gets them (and as ``text_devset.py`` runs text mode):
    # the headline goes to ``title``, not into the text, like the other systems' article text.
    cleaner = Cleaner()
    return lambda html, url: cleaner.clean_html(html, url=url).text


def make_trafilatura(fast: bool) -> Extract:
    import trafilatura

    def extract(html: bytes, url: str) -> str:
        return trafilatura.extract(html, url=url, fast=fast) or ""

    return extract


def make_justext() -> Extract:
    """jusText with the stoplist of each page's language (guessed from the page's text with
    cleaner's stopword detector); language-independent mode when no language is recognised."""
    import justext
    import lxml.html

    from cleaner.segment.stoplists import detect_language, stoplist

    def extract(html: bytes, url: str) -> str:
        try:
            tree = lxml.html.fromstring(html)
            lxml.etree.strip_elements(tree, "script", "style", "head", with_tail=False)
            text = tree.text_content()
        except (ValueError, lxml.etree.ParserError):
            text = ""
        lang = detect_language([" ".join(text.split()[:2000])])
        if lang:
            paragraphs = justext.justext(html, stoplist(lang))
        else:
            paragraphs = justext.justext(html, frozenset(), stopwords_low=0, stopwords_high=0)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return extract


def make_readability() -> Extract:
    import lxml.html
    from readability import Document

    def extract(html: bytes, url: str) -> str:
        summary = Document(html, url=url).summary(html_partial=True)
        return lxml.html.fromstring(summary).text_content() if summary.strip() else ""

    return extract


def make_resiliparse() -> Extract:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    def extract(html: bytes, url: str) -> str:
        text = bytes_to_str(html, detect_encoding(html))
        return extract_plain_text(text, main_content=True)

    return extract


SYSTEMS: dict[str, Callable[[], Extract]] = {
    "cleaner": make_cleaner,
    "trafilatura (default)": lambda: make_trafilatura(fast=False),
    "trafilatura (fast, no fallback)": lambda: make_trafilatura(fast=True),
    "readability-lxml": make_readability,
    "resiliparse (main content)": make_resiliparse,
    "jusText (stoplist of the page's language)": make_justext,
}


def interleaved_seconds(extracts: dict[str, Extract], pages: list[dict], passes: int) -> dict[str, list[float]]:
    """Each system's CPU seconds on each page: its fastest of ``passes`` runs, the systems
    taking turns on every page so that they share the machine's good and bad spells."""
    best = {name: [math.inf] * len(pages) for name in extracts}
    names = list(extracts)
    clock = time.process_time
    for number in range(passes):
        turn = number % len(names)
        order = [(name, extracts[name], best[name]) for name in names[turn:] + names[:turn]]
        for index, page in enumerate(pages):
            html, url = page["html"], page["url"]
            for name, extract, times in order:
                started = clock()
                extract(html, url)
                times[index] = min(times[index], clock() - started)
    return best


def score(extract: Extract, sets: dict[str, list[dict]]) -> dict[str, dict[str, str]]:
    """Each set's outputs, by page id."""
    return {name: {p["id"]: extract(p["html"], p["url"]) for p in pages} for name, pages in sets.items()}


def peak_memory(extract: Extract, pages: list[dict]) -> int:
    tracemalloc.start()
    for page in pages:
        extract(page["html"], page["url"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", help="run only these systems")
    add_misses_options(parser)
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--repeat", type=int, default=1, help="time N passes, keep each page's fastest")
    args = parser.parse_args()
    sets = {name: html_pages(name) for name in SETS}
    pages = [page for name in SETS for page in sets[name]]
    megabytes = sum(len(p["html"]) for p in pages) / 1e6
    print(", ".join(f"{len(sets[n])} {n} pages" for n in SETS) + f", {megabytes:.1f} MB\n")
    extracts: dict[str, Extract] = {}
    for name, factory in SYSTEMS.items():
        if not args.only or name in args.only:
            extracts[name] = factory()
            for name_ in SETS:  # warm up (imports, stoplists, tables)
                for page in sets[name_][:2]:
                    extracts[name](page["html"], page["url"])
    outputs = {name: score(extract, sets) for name, extract in extracts.items()}
    results = {
        system: {name: score_set(sets[name], outs[name], args.rotate) for name in SETS}
        for system, outs in outputs.items()
    }
    page_seconds = interleaved_seconds(extracts, pages, args.repeat)
    seconds = {name: sum(times) for name, times in page_seconds.items()}
    print("| system | readability P | R | F1 | trafilatura snippet P | R | F1 | fundus P | R | F1 | pages/s | "
          "MB/s | peak MiB (tracemalloc) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, extract in extracts.items():
        peak = 0 if args.no_memory else peak_memory(extract, pages)
        figures = " | ".join(
            f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f}"
            for s in (results[name][n].scores[ALL] for n in SETS)
        )
        print(
            f"| {name} | {figures} | {len(pages) / seconds[name]:,.1f} | {megabytes / seconds[name]:.2f} | "
            f"{peak / 2**20:.1f} |",
            flush=True,
        )
    if "cleaner" in seconds and "trafilatura (default)" in seconds:
        _print_speed_ratio(page_seconds, sets)
    _print_parts(results, sets, args.rotate)
    _print_metadata(extracts, sets["fundus"], args)
    if "cleaner" in outputs and args.misses:
        print_all_misses(sets, outputs["cleaner"], args)


def _print_speed_ratio(page_seconds: dict[str, list[float]], sets: dict[str, list[dict]]) -> None:
    """cleaner's pages/s as a multiple of trafilatura's default, over all pages and per set
    (the readability and trafilatura sets alone are the basis of the earlier figures)."""
    ratios, start = [], 0
    ours, theirs = page_seconds["cleaner"], page_seconds["trafilatura (default)"]
    for name in SETS:
        end = start + len(sets[name])
        ratios.append(f"{name} {sum(theirs[start:end]) / sum(ours[start:end]):.2f}x")
        start = end
    first_two = len(sets["readability"]) + len(sets["trafilatura"])
    print(f"\ncleaner's pages/s: {sum(theirs) / sum(ours):.2f}x trafilatura (default)'s, timed in the same "
          f"passes ({', '.join(ratios)}; readability + trafilatura sets "
          f"{sum(theirs[:first_two]) / sum(ours[:first_two]):.2f}x)")


def _print_parts(results: dict[str, dict[str, SetResult]], sets: dict[str, list[dict]], rotate: int) -> None:
    print(f"\nLeave-publisher-out parts (split {rotate}):\n")
    print(PART_HEADER)
    for system, by_set in results.items():
        for name, result in by_set.items():
            for row in part_rows(system, name, result):
                print(row)
    for system, by_set in results.items():
        print_empty(system, by_set, sets)


def _print_metadata(extracts: dict[str, Extract], fundus: list[dict], args: argparse.Namespace) -> None:
    """Title and authors on the fundus set: cleaner's ``CleanResult`` and, when trafilatura
    runs, trafilatura's ``extract_metadata`` (a pass of their own, outside the timing)."""
    rows: list[str] = []
    rotate = args.rotate
    if "cleaner" in extracts:
        cleaner = Cleaner()
        found = {p["id"]: cleaner.clean_html(p["html"], url=p["url"]) for p in fundus}

        def cleaner_meta(page: dict) -> tuple[str | None, str | None]:
            return found[page["id"]].title, found[page["id"]].author

        rows += meta_rows("cleaner", "HTML", fundus, cleaner_meta, rotate)
    if any(name.startswith("trafilatura") for name in extracts):
        from trafilatura import extract_metadata

        meta = {p["id"]: extract_metadata(p["html"], default_url=p["url"]) for p in fundus}
        rows += meta_rows("trafilatura (extract_metadata)", "HTML", fundus,
                          lambda p: (meta[p["id"]].title, meta[p["id"]].author), rotate)
    if rows:
        print(f"\nfundus title and authors (split {rotate}):\n")
        print(META_HEADER)
        print("\n".join(rows))
    if "cleaner" in extracts:
        print_meta_misses("cleaner", fundus, cleaner_meta, args)


if __name__ == "__main__":
    main()
