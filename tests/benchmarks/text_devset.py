"""Text mode on the devset dumps: cleaner next to the keep-everything, C4 line filter and
jusText-on-dump baselines, in one run.

    python tests/benchmarks/text_devset.py [--only cleaner] [--misses N]
"""

from __future__ import annotations

import argparse
import html
import re
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import ShingleScore, SnippetScore, text_pages

from cleaner import Cleaner

_TERMINAL = re.compile(r"[.!?\"'”’…]$")


def keep_all(dump: str) -> str:
    return dump


def c4_lines(dump: str) -> str:
    """C4's line filter: keep lines that end in terminal punctuation and have 3+ words."""
    return "\n".join(
        line for line in dump.splitlines() if _TERMINAL.search(line.strip()) and len(line.split()) >= 3
    )


def justext_on_dump(dump: str) -> str:
    """jusText with the stoplist of the page's language (English when it cannot tell)."""
    import justext

    from cleaner.segment.stoplists import detect_language, stoplist_names

    lines = dump.splitlines()
    lang = detect_language(lines) or "en"
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    stoplist = justext.get_stoplist(stoplist_names()[lang])
    paragraphs = justext.justext(page.encode("utf-8"), stoplist, encoding="utf-8")
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def make_cleaner() -> Callable[[str], str]:
    cleaner = Cleaner(prepend_title=False)
    return lambda dump: cleaner.clean_text(dump).text


SYSTEMS: dict[str, Callable[[], Callable[[str], str]]] = {
    "keep everything": lambda: keep_all,
    "C4 line filter": lambda: c4_lines,
    "jusText on dump": lambda: justext_on_dump,
    "cleaner": make_cleaner,
}


def run(extract: Callable[[str], str], readability: list[dict], trafilatura: list[dict]):
    """Score, then time extraction alone (no scoring, no tracing), then trace peak memory."""
    pages = readability + trafilatura
    outputs = {page["id"]: extract(page["dump"]) for page in pages}
    shingles, snippets = ShingleScore(), SnippetScore()
    for page in readability:
        shingles.add(outputs[page["id"]], page["gold"])
    for page in trafilatura:
        snippets.add(outputs[page["id"]], page["with"], page["without"])
    started = time.process_time()  # CPU time: the machine may be shared
    for page in pages:
        extract(page["dump"])
    seconds = time.process_time() - started
    tracemalloc.start()
    for page in pages:
        extract(page["dump"])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    mb = sum(len(p["dump"].encode()) for p in pages) / 1e6
    return shingles, snippets, len(pages) / seconds, mb / seconds, peak, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", help="run only these systems")
    parser.add_argument("--misses", type=int, default=0, help="print N worst readability pages for cleaner")
    args = parser.parse_args()
    readability, trafilatura = text_pages("readability"), text_pages("trafilatura")
    print(f"{len(readability)} readability dumps, {len(trafilatura)} trafilatura dumps\n")
    print("| system | readability P | R | F1 | trafilatura snippet P | R | F1 | docs/s (CPU) | MB/s | peak MiB (tracemalloc) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, factory in SYSTEMS.items():
        if args.only and name not in args.only:
            continue
        extract = factory()
        extract(readability[0]["dump"])  # warm up caches (stoplists, compiled patterns)
        sh, sn, docs_s, mb_s, peak, outputs = run(extract, readability, trafilatura)
        print(
            f"| {name} | {sh.precision:.3f} | {sh.recall:.3f} | {sh.f1:.3f} | {sn.precision:.3f} | "
            f"{sn.recall:.3f} | {sn.f1:.3f} | {docs_s:,.0f} | {mb_s:.1f} | {peak / 2**20:.1f} |"
        )
        if name == "cleaner" and args.misses:
            _print_misses(readability, outputs, args.misses)


def _print_misses(pages: list[dict], outputs: dict[str, str], count: int) -> None:
    scored = []
    for page in pages:
        s = ShingleScore()
        s.add(outputs[page["id"]], page["gold"])
        scored.append((s.f1, s.precision, s.recall, page["id"]))
    for f1, p, r, page_id in sorted(scored)[:count]:
        print(f"  {page_id}: F1 {f1:.2f} P {p:.2f} R {r:.2f}")


if __name__ == "__main__":
    main()
