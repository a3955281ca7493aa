"""segment -> title -> rules -> CleanResult. The only place a ``Removal`` is built."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

from .model import Block, CleanResult, Finding, Page, Removal
from .reasons import Reason
from .rules.base import PageState, Rule
from .rules.headline import find_title

_TEXT = attrgetter("text")
# The rule name of removals for text the segmenter pruned (``Page.pruned``).
PRUNED_RULE = "pruned"
# The rule name of removals for blocks a fallback text replaced (``with_text``).
REPLACED_RULE = "replaced_by_structured_data"

# Removing blocks can make new neighbours (an alt text and its caption that had a credit line
# between them) or change a page's shape; the rules run again on what is left until nothing
# more goes, so that cleaning the output again changes nothing. Two passes settle almost all
# pages; the cap bounds the work on adversarial ones.
MAX_PASSES = 4


def run_rules(
    page: Page, rules: Sequence[Rule], *, find_headline: bool = True, prepend_title: bool = False
) -> CleanResult:
    """Apply ``rules`` in order to ``page``; the first rule to claim a block names its reason."""
    removals: list[Removal] = []
    found: dict[str, str] = {}
    current = page
    title: Block | None = None
    position = {b.start: b.index for b in page.blocks}  # a block's index on the input page
    memo: dict[Any, Any] = {}  # what rules worked out about blocks, for later passes
    for number in range(MAX_PASSES):
        title_index = _title_index(current, title, find_headline)
        title = current.blocks[title_index] if title_index is not None else None
        # Later passes skip the rules that judge each block on its own content: every block
        # still there was either the title or rejected by them already (see BlockRule).
        active = rules if number == 0 else [r for r in rules if not getattr(r, "context_free", False)]
        taken = _one_pass(current, active, title_index, position, removals, found, memo)
        if not any(taken):
            break
        kept = [b for b in current.blocks if not taken[b.index]]
        current = current._keeping(kept)
    removals.extend(
        Removal(p.reason, PRUNED_RULE, p.text, p.start, p.end, p.line, p.last_line, p.evidence, p.path)
        for p in page.pruned
    )
    removals.sort(key=lambda r: r.start)
    title_text = title.text if title is not None else page.meta.title
    text = _join([b for b in current.blocks if title is None or b.start != title.start])
    if prepend_title and title_text:
        text = f"{title_text}\n\n{text}" if text else title_text
    meta = page.meta
    return CleanResult(
        text=text,
        title=title_text,
        author=meta.author or found.get("author"),
        section=meta.section or found.get("section"),
        date=meta.date or found.get("date"),
        lang=page.lang,
        url=page.url,
        removals=tuple(removals),
        encoding=meta.encoding,
    )


def _title_index(page: Page, title: Block | None, find_headline: bool) -> int | None:
    """Where the title block is on this pass's page: found on the first pass, or on a later
    one when the blocks above it went (a menu above the headline)."""
    if title is not None:
        return page.starts.index(title.start)  # offsets name blocks across passes
    return find_title(page) if find_headline else None


def _one_pass(
    page: Page,
    rules: Sequence[Rule],
    title_index: int | None,
    position: dict[int, int],
    removals: list[Removal],
    found: dict[str, str],
    memo: dict[Any, Any],
) -> list[bool]:
    """Run every rule once; append the removals and metadata; return which blocks went."""
    taken = [False] * len(page.blocks)
    state = PageState(taken=taken, title_index=title_index, lang=page.lang, memo=memo)
    blocks = page.blocks
    for rule in rules:
        for index, finding in rule.find(page, state):
            if finding.last is None and not taken[index] and index != title_index:
                # One free block, the most common finding (a container rule yields one a
                # block): claimed without building a run to split (a tenth of the pipeline's
                # own instructions went to that).
                taken[index] = True
                removals.append(_removal(rule, (blocks[index],), finding))
            else:
                for run in _contiguous(_claim(page, state, index, finding), position):
                    removals.append(_removal(rule, run, finding))
            for key, value in finding.metadata:
                found.setdefault(key, value)
    return taken


def _contiguous(run: list[Block], position: dict[int, int]) -> list[list[Block]]:
    """Split a claimed run where it skips blocks of the input page that went another way
    (claimed by another rule, or on an earlier pass), so that removals never overlap."""
    parts: list[list[Block]] = []
    for block in run:
        if parts and position[block.start] == position[parts[-1][-1].start] + 1:
            parts[-1].append(block)
        else:
            parts.append([block])
    return parts


def _claim(page: Page, state: PageState, index: int, finding: Finding) -> list[Block]:
    """Mark the blocks of a finding as taken and return them (skipping ones already taken)."""
    last = index if finding.last is None else finding.last
    taken, title = state.taken, state.title_index  # ``state.free`` inlined: runs can be long
    free = [i for i in range(index, last + 1) if not taken[i] and i != title]
    for i in free:
        taken[i] = True  # type: ignore[index]
    return [page.blocks[i] for i in free]


def _removal(rule: Rule, run: Sequence[Block], finding: Finding) -> Removal:
    first, last = run[0], run[-1]
    text = first.text if len(run) == 1 else "\n".join(map(_TEXT, run))
    # Positional, in the order of ``Removal``'s fields: matching nine keywords cost a third
    # of building one, and an HTML page has some fifty removals.
    return Removal(
        rule.reason, rule.name, text, first.start, last.end, first.line, last.last_line, finding.evidence, first.path
    )


def _join(blocks: Sequence[Block]) -> str:
    """Kept blocks, a blank line between them where the source had one, else a newline."""
    parts: list[str] = []
    for block in blocks:
        if parts:
            parts.append("\n\n" if block.gap_before else "\n")
        parts.append(block.text)
    return "".join(parts)


def with_text(result: CleanResult, page: Page, text: str, *, source: str, evidence: str) -> CleanResult:
    """``result`` with another text (a fallback from the page's structured data): the blocks
    it had kept become removals saying why, so that none of the page's text goes silently."""
    spans = [(r.start, r.end) for r in result.removals]
    kept = [
        b for b in page.blocks
        if not any(start <= b.start < end for start, end in spans) and b.text != result.title
    ]
    removals = [
        Removal(Reason.BOILERPLATE, REPLACED_RULE, b.text, b.start, b.end, b.line, b.last_line, evidence, b.path)
        for b in kept
    ]
    merged = tuple(sorted((*result.removals, *removals), key=lambda r: r.start))
    return dataclasses.replace(result, text=text, removals=merged, text_source=source)
