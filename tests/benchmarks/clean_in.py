"""Clean-in recall: what cleaner takes out of text that is all article.

    python tests/benchmarks/clean_in.py [--rotate N] [--worst N] [--part tune|check|all] [--lines N]

Every page with a non-empty gold text (the readability and fundus sets; the trafilatura set
has snippets, no whole text) has its gold cleaned alone with ``clean_text``, and the share of
the gold's 4-token shingles still in the output is that page's clean-in recall. Everything
removed here is a loss: the input has no boilerplate, only article lines (a short summary, a
subheading, a quoted sign-off), so this isolates the rules that misfire on prose, which the
devset F1 mixes with the template they rightly remove. The headline a cleaner moves to
``title`` is not lost, so the title is prepended (``prepend_title=True``).

Reports, per set and leave-publisher-out part, the mean over pages, the pages under
``LOW_RECALL``, and with ``--worst N`` the worst pages and the gold lines they lost.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from devreport import ALL, wanted
from scoring import PARTS, absent_lines, part_of, shingle_recall, site_of, text_pages

from cleaner import Cleaner

GOLD_SETS = ("readability", "fundus")  # the sets with a whole gold text
# A page that loses more than a tenth of its article is listed: a lost paragraph or two.
LOW_RECALL = 0.9

HEADER = (
    "| set | part | pages | clean-in recall (mean) | pages under 0.9 | worst page |\n"
    "|---|---|---:|---:|---:|---|"
)


@dataclass
class CleanIn:
    """Per-page clean-in recall of one set: (recall, page id, part)."""

    pages: list[tuple[float, str, str]] = field(default_factory=list)
    kept: dict[str, str] = field(default_factory=dict)  # page id -> cleaned gold


def measure(pages: list[dict], rotate: int, cleaner: Cleaner | None = None) -> CleanIn:
    """Clean each page's gold alone and keep the share of its shingles left."""
    cleaner = cleaner or Cleaner(prepend_title=True)
    result = CleanIn()
    for page in pages:
        gold = page.get("gold") or ""
        if not gold.strip():
            continue
        kept = cleaner.clean_text(gold).text
        recall = shingle_recall(kept, gold)
        if recall is None:  # under 4 tokens: nothing to measure
            continue
        result.pages.append((recall, page["id"], part_of(page, rotate)))
        result.kept[page["id"]] = kept
    return result


def rows(name: str, result: CleanIn) -> list[str]:
    """Table rows for one set: overall, then each part."""
    lines = []
    for key in (ALL, *PARTS):
        chosen = [item for item in result.pages if key in (ALL, item[2])]
        if not chosen:
            continue
        mean = sum(r for r, _, _ in chosen) / len(chosen)
        low = sum(1 for r, _, _ in chosen if r < LOW_RECALL)
        worst_recall, worst_id, _ = min(chosen)
        lines.append(
            f"| {name} | {key} | {len(chosen)} | {mean:.4f} | {low} | {worst_id} ({worst_recall:.2f}) |"
        )
    return lines


def print_worst(name: str, pages: list[dict], result: CleanIn, *, count: int, part: str, rotate: int,
                lines: int) -> None:
    """The ``count`` pages of ``part`` that lost most, with the gold lines they lost."""
    by_id = {p["id"]: p for p in pages}
    chosen = sorted(item for item in result.pages if wanted(by_id[item[1]], part, rotate) and item[0] < 1)
    print(f"\n{name}, part {part}: {min(count, len(chosen))} worst of {len(chosen)} pages that lost text")
    for recall, page_id, page_part in chosen[:count]:
        page = by_id[page_id]
        print(f"- {page_id} {site_of(page)} [{page_part}] clean-in recall {recall:.3f}")
        for line in absent_lines(page["gold"], result.kept[page_id], lines):
            print(f"    - {line[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rotate", type=int, default=0, help="use leave-publisher-out split number N")
    parser.add_argument("--worst", "--misses", type=int, default=0, help="print the N worst pages of each set")
    parser.add_argument("--part", choices=(ALL, *PARTS), default=ALL, help="--worst from this part only")
    parser.add_argument("--lines", type=int, default=3, help="--worst: lost lines shown a page")
    args = parser.parse_args()
    sets = {name: text_pages(name) for name in GOLD_SETS}
    results = {name: measure(pages, args.rotate) for name, pages in sets.items()}
    print(f"Clean-in recall (gold text cleaned alone, split {args.rotate}):\n")
    print(HEADER)
    for name, result in results.items():
        print("\n".join(rows(name, result)))
    if args.worst:
        for name, result in results.items():
            print_worst(name, sets[name], result, count=args.worst, part=args.part, rotate=args.rotate,
                        lines=args.lines)


if __name__ == "__main__":
    main()
