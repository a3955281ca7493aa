"""Text mode on the devset dumps: cleaner next to the keep-everything, C4 line filter and
jusText-on-dump baselines, in one run.

    python tests/benchmarks/text_devset.py [--only cleaner] [--misses N] [--part tune|check|all]
        [--set NAME] [--by f1|precision|recall] [--lines N] [--rotate N]

Sets as in ``html_devset.py`` (readability, trafilatura, fundus), on their text dumps, each
scored overall and per leave-publisher-out part with its empty outputs; for cleaner also the
fundus title and authors found in text mode and the clean-in recall (``clean_in.py``).
``--misses N`` prints cleaner's N worst pages of each set in ``--part``: gold lines missed
(``-``), lines kept that the gold lacks (``+``). ``--only cleaner`` runs in about 15 s.
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

import clean_in
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
from scoring import SETS, text_pages

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


def run(extract: Callable[[str], str], sets: dict[str, list[dict]], rotate: int):
    """Score, then time extraction alone (no scoring, no tracing), then trace peak memory."""
    pages = [page for name in SETS for page in sets[name]]
    outputs = {name: {p["id"]: extract(p["dump"]) for p in sets[name]} for name in SETS}
    results = {name: score_set(sets[name], outputs[name], rotate) for name in SETS}
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
    return results, len(pages) / seconds, mb / seconds, peak, outputs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", action="append", help="run only these systems")
    add_misses_options(parser)
    args = parser.parse_args()
    sets = {name: text_pages(name) for name in SETS}
    print(", ".join(f"{len(sets[n])} {n} dumps" for n in SETS) + "\n")
    print("| system | readability P | R | F1 | trafilatura snippet P | R | F1 | fundus P | R | F1 | "
          "docs/s (CPU) | MB/s | peak MiB (tracemalloc) |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    results: dict[str, dict[str, SetResult]] = {}
    cleaner_outputs: dict[str, dict[str, str]] = {}
    for name, factory in SYSTEMS.items():
        if args.only and name not in args.only:
            continue
        extract = factory()
        extract(sets["readability"][0]["dump"])  # warm up caches (stoplists, compiled patterns)
        results[name], docs_s, mb_s, peak, outputs = run(extract, sets, args.rotate)
        scores = (results[name][n].scores[ALL] for n in SETS)
        figures = " | ".join(f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f}" for s in scores)
        print(f"| {name} | {figures} | {docs_s:,.0f} | {mb_s:.1f} | {peak / 2**20:.1f} |", flush=True)
        if name == "cleaner":
            cleaner_outputs = outputs
    print(f"\nLeave-publisher-out parts (split {args.rotate}):\n")
    print(PART_HEADER)
    for name, by_set in results.items():
        for set_name, result in by_set.items():
            print("\n".join(part_rows(name, set_name, result)))
    for name, by_set in results.items():
        print_empty(name, by_set, sets)
    if cleaner_outputs:
        _print_cleaner_extras(sets, cleaner_outputs, args)


def _print_cleaner_extras(sets: dict[str, list[dict]], outputs: dict[str, dict[str, str]],
                          args: argparse.Namespace) -> None:
    """Fundus title and authors in text mode, clean-in recall, and the worst pages."""
    cleaner = Cleaner(prepend_title=False)
    fundus = sets["fundus"]
    found = {p["id"]: cleaner.clean_text(p["dump"]) for p in fundus}
    print(f"\nfundus title and authors (split {args.rotate}):\n")
    print(META_HEADER)

    def cleaner_meta(page: dict) -> tuple[str | None, str | None]:
        return found[page["id"]].title, found[page["id"]].author

    print("\n".join(meta_rows("cleaner", "text", fundus, cleaner_meta, args.rotate)))
    print(f"\nClean-in recall (gold text cleaned alone, split {args.rotate}):\n")
    print(clean_in.HEADER)
    for name in clean_in.GOLD_SETS:
        print("\n".join(clean_in.rows(name, clean_in.measure(sets[name], args.rotate))))
    if args.misses:
        print_all_misses(sets, outputs, args)
        print_meta_misses("cleaner", fundus, cleaner_meta, args)


if __name__ == "__main__":
    main()
