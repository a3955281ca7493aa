"""Per-set and per-part tables, empty outputs and worst pages, shared by the devset benchmarks.

Every set is scored overall and on each leave-publisher-out part (``scoring.part_of``): a rule
tuned while looking at TUNE pages should be judged by its CHECK figure, which comes from sites
the tuner did not look at.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from scoring import (
    PARTS,
    SETS,
    MetaScore,
    ShingleScore,
    SnippetScore,
    absent_lines,
    author_set,
    part_of,
    site_of,
)

ALL = "all"
Score = ShingleScore | SnippetScore


def has_gold(page: dict) -> bool:
    """Whether a page has article text to find: a non-empty ``gold`` or a ``with`` snippet."""
    if "gold" in page:
        return bool(page["gold"].strip())
    return bool(page.get("with"))


def new_score(page: dict) -> Score:
    return ShingleScore() if "gold" in page else SnippetScore()


def add(score: Score, page: dict, output: str) -> None:
    if isinstance(score, ShingleScore):
        score.add(output, page["gold"])
    else:
        score.add(output, page["with"], page["without"])


def wanted(page: dict, part: str, rotate: int) -> bool:
    """Whether a page belongs to ``part`` ("all", "tune" or "check")."""
    return part == ALL or part_of(page, rotate) == part


@dataclass
class SetResult:
    """One system's figures on one set: a score per part, and the empty outputs."""

    scores: dict[str, Score] = field(default_factory=dict)
    pages: dict[str, int] = field(default_factory=dict)
    sites: dict[str, set[str]] = field(default_factory=dict)
    empty: list[tuple[str, str]] = field(default_factory=list)  # (part, page id)


def score_set(pages: list[dict], outputs: dict[str, str], rotate: int) -> SetResult:
    """Score a set overall and per part; ``outputs`` maps page id to the system's text."""
    result = SetResult()
    for page in pages:
        output = outputs[page["id"]]
        part = part_of(page, rotate)
        for key in (ALL, part):
            if key not in result.scores:
                result.scores[key] = new_score(page)
                result.pages[key], result.sites[key] = 0, set()
            add(result.scores[key], page, output)
            result.pages[key] += 1
            result.sites[key].add(site_of(page))
        if has_gold(page) and not output.strip():
            result.empty.append((part, page["id"]))
    return result


PART_HEADER = (
    "| system | set | part | pages | sites | P | R | F1 | empty outputs |\n"
    "|---|---|---|---:|---:|---:|---:|---:|---:|"
)


def part_rows(system: str, name: str, result: SetResult) -> Iterable[str]:
    """Table rows for one set: overall, then each part (snippet P/R/F1 for trafilatura)."""
    label = name if name != "trafilatura" else "trafilatura (snippets)"
    for key in (ALL, *PARTS):
        if key not in result.scores:
            continue
        s = result.scores[key]
        empty = sum(1 for part, _ in result.empty if key in (ALL, part))
        yield (
            f"| {system} | {label} | {key} | {result.pages[key]} | {len(result.sites[key])} | "
            f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} | {empty} |"
        )


def print_empty(system: str, results: dict[str, SetResult], pages: dict[str, list[dict]]) -> None:
    """List the pages with gold text whose output is empty."""
    urls = {(name, p["id"]): p.get("url", "") for name, ps in pages.items() for p in ps}
    for name, result in results.items():
        for part, page_id in result.empty:
            print(f"  empty output ({system}): {name} {page_id} [{part}] {urls[name, page_id]}")


SORT_KEYS = ("f1", "precision", "recall")


def print_misses(name: str, pages: list[dict], outputs: dict[str, str], *, count: int, part: str,
                 rotate: int, lines: int, by: str = "f1") -> None:
    """The ``count`` worst pages of a set (in ``part``, lowest ``by`` first), each with its
    first ``lines`` gold lines the output misses and output lines the gold does not have (or,
    on the trafilatura set, the ``with`` snippets missed and ``without`` snippets kept)."""
    worst: list[tuple[float, str, dict, Score]] = []
    for page in pages:
        if not wanted(page, part, rotate):
            continue
        score = new_score(page)
        add(score, page, outputs[page["id"]])
        worst.append((getattr(score, by), page["id"], page, score))
    worst.sort(key=lambda item: (item[0], item[1]))
    print(f"\n{name}, part {part}: {min(count, len(worst))} worst of {len(worst)} pages by {by}")
    for _, page_id, page, score in worst[:count]:
        output = outputs[page_id]
        print(f"- {page_id} {site_of(page)} [{part_of(page, rotate)}] "
              f"F1 {score.f1:.2f} P {score.precision:.2f} R {score.recall:.2f}")
        for tag, text in _diff(page, output, lines):
            print(f"    {tag} {text[:160]}")


def _diff(page: dict, output: str, lines: int) -> list[tuple[str, str]]:
    """Lines to show for one page: ``-`` gold missed, ``+`` kept but not gold."""
    if "gold" in page:
        missed = absent_lines(page["gold"], output, lines)
        kept = absent_lines(output, page["gold"], lines)
    else:
        flat = " ".join(output.split())
        missed = [s for s in page["with"] if " ".join(s.split()) not in flat][:lines]
        kept = [s for s in page["without"] if " ".join(s.split()) in flat][:lines]
    return [("-", line) for line in missed] + [("+", line) for line in kept]


META_HEADER = (
    "| system | mode | part | pages | authors exact | authors overlap | title exact | "
    "title token F1 >= 0.9 |\n|---|---|---|---:|---:|---:|---:|---:|"
)

Found = Callable[[dict], tuple[str | None, str | list[str] | None]]


def meta_rows(system: str, mode: str, pages: list[dict], found: Found, rotate: int) -> list[str]:
    """Author and title accuracy on pages with those labels (fundus), overall and per part.

    ``found`` gives a page's (title, authors) as the system reports them.
    """
    scores = {key: MetaScore() for key in (ALL, *PARTS)}
    for page in pages:
        title, authors = found(page)
        for key in (ALL, part_of(page, rotate)):
            scores[key].add(page, title, authors)
    rows = []
    for key, s in scores.items():
        if s.author_pages or s.title_pages:
            rows.append(
                f"| {system} | {mode} | {key} | {max(s.author_pages, s.title_pages)} | "
                f"{_share(s.author_exact, s.author_pages)} | {_share(s.author_overlap, s.author_pages)} | "
                f"{_share(s.title_exact, s.title_pages)} | {_share(s.title_close, s.title_pages)} |"
            )
    return rows


def _share(hits: int, total: int) -> str:
    return f"{hits / total:.3f}" if total else "-"


def add_misses_options(parser: argparse.ArgumentParser) -> None:
    """The options of ``--misses`` and of the split, shared by the two devset benchmarks."""
    parser.add_argument("--misses", type=int, default=0, help="print cleaner's N worst pages of each set")
    parser.add_argument("--part", choices=(ALL, *PARTS), default=ALL, help="--misses from this part only")
    parser.add_argument("--set", action="append", choices=SETS, help="--misses of these sets only")
    parser.add_argument("--by", choices=SORT_KEYS, default="f1", help="--misses: lowest of this first")
    parser.add_argument("--lines", type=int, default=3, help="--misses: lines shown of each kind")
    parser.add_argument("--rotate", type=int, default=0, help="use leave-publisher-out split number N")


def print_all_misses(sets: dict[str, list[dict]], outputs: dict[str, dict[str, str]],
                     args: argparse.Namespace) -> None:
    """``print_misses`` for every set ``args`` asks for."""
    for name in sets:
        if not args.set or name in args.set:
            print_misses(name, sets[name], outputs[name], count=args.misses, part=args.part,
                         rotate=args.rotate, lines=args.lines, by=args.by)


def print_meta_misses(system: str, pages: list[dict], found: Found, args: argparse.Namespace) -> None:
    """With ``--misses N``: the first N fundus pages of ``--part`` whose authors or title
    differ from the labels, the gold value first, then what the system reported."""
    if not args.misses or (args.set and "fundus" not in args.set):
        return
    shown = 0
    print(f"\nfundus, part {args.part}: title or authors {system} got wrong (first {args.misses})")
    for page in pages:
        if shown >= args.misses or not wanted(page, args.part, args.rotate):
            continue
        title, authors = found(page)
        score = MetaScore()
        score.add(page, title, authors)
        if score.author_exact == score.author_pages and score.title_exact == score.title_pages:
            continue
        shown += 1
        print(f"- {page['id']} {site_of(page)} [{part_of(page, args.rotate)}]")
        if score.author_exact < score.author_pages:
            print(f"    authors {sorted(author_set(page.get('authors')))} got {sorted(author_set(authors))}")
        if score.title_exact < score.title_pages:
            print(f"    title {page.get('title', '')[:100]!r} got {(title or '')[:100]!r}")
