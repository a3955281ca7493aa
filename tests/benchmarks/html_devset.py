"""HTML mode on the devset pages: cleaner next to trafilatura (default and fast), jusText,
readability-lxml and resiliparse, in one run of one process, same pages, same metric.

    python tests/benchmarks/html_devset.py [--only cleaner] [--misses N] [--no-memory] [--repeat N]

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

from scoring import ShingleScore, SnippetScore, html_pages

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


def interleaved_seconds(extracts: dict[str, Extract], pages: list[dict], passes: int) -> dict[str, float]:
    """Each system's CPU seconds over the pages: per page its fastest of ``passes`` runs, the
    systems taking turns on every page so that they share the machine's good and bad spells."""
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
    return {name: sum(times) for name, times in best.items()}


def score(extract: Extract, readability: list[dict], trafilatura: list[dict]):
    shingles, snippets = ShingleScore(), SnippetScore()
    outputs: dict[str, str] = {}
    for page in readability:
        outputs[page["id"]] = out = extract(page["html"], page["url"])
        shingles.add(out, page["gold"])
    for page in trafilatura:
        outputs[page["id"]] = out = extract(page["html"], page["url"])
        snippets.add(out, page["with"], page["without"])
    return shingles, snippets, outputs


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
    parser.add_argument("--misses", type=int, default=0, help="print cleaner's N worst pages of each set")
    parser.add_argument("--no-memory", action="store_true", help="skip the tracemalloc pass")
    parser.add_argument("--repeat", type=int, default=1, help="time N passes, keep each page's fastest")
    args = parser.parse_args()
    readability, trafilatura = html_pages("readability"), html_pages("trafilatura")
    pages = readability + trafilatura
    megabytes = sum(len(p["html"]) for p in pages) / 1e6
    print(f"{len(readability)} readability pages, {len(trafilatura)} trafilatura pages, {megabytes:.1f} MB\n")
    print("| system | readability P | R | F1 | trafilatura snippet P | R | F1 | pages/s | MB/s | peak MiB (tracemalloc) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    extracts: dict[str, Extract] = {}
    for name, factory in SYSTEMS.items():
        if not args.only or name in args.only:
            extracts[name] = factory()
            for page in readability[:3] + trafilatura[:3]:  # warm up (imports, stoplists, tables)
                extracts[name](page["html"], page["url"])
    scored = {name: score(extract, readability, trafilatura) for name, extract in extracts.items()}
    seconds = interleaved_seconds(extracts, pages, args.repeat)
    for name, extract in extracts.items():
        sh, sn, outputs = scored[name]
        peak = 0 if args.no_memory else peak_memory(extract, pages)
        print(
            f"| {name} | {sh.precision:.3f} | {sh.recall:.3f} | {sh.f1:.3f} | {sn.precision:.3f} | "
            f"{sn.recall:.3f} | {sn.f1:.3f} | {len(pages) / seconds[name]:,.1f} | {megabytes / seconds[name]:.2f} | "
            f"{peak / 2**20:.1f} |",
            flush=True,
        )
        if name == "cleaner" and args.misses:
            _print_misses(readability, trafilatura, outputs, args.misses)
    if "cleaner" in seconds and "trafilatura (default)" in seconds:
        ratio = seconds["trafilatura (default)"] / seconds["cleaner"]
        print(f"\ncleaner's pages/s: {ratio:.2f}x trafilatura (default)'s, timed in the same passes")


def _print_misses(readability: list[dict], trafilatura: list[dict], outputs: dict[str, str], count: int) -> None:
    scored = []
    for page in readability:
        s = ShingleScore()
        s.add(outputs[page["id"]], page["gold"])
        scored.append((s.f1, s.precision, s.recall, page["id"]))
    for f1, p, r, page_id in sorted(scored)[:count]:
        print(f"  readability {page_id}: F1 {f1:.2f} P {p:.2f} R {r:.2f}")
    worst = []
    for page in trafilatura:
        s = SnippetScore()
        s.add(outputs[page["id"]], page["with"], page["without"])
        worst.append((s.found_with - s.all_with - s.kept_without, s.found_with, s.all_with, s.kept_without, page["id"]))
    for _, found, total, kept, page_id in sorted(worst)[:count]:
        print(f"  trafilatura {page_id}: with {found}/{total}, without kept {kept}")


if __name__ == "__main__":
    main()
