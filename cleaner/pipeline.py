"""segment -> title -> rules -> CleanResult. The only place a ``Removal`` is built."""

from __future__ import annotations

from collections.abc import Sequence

from .model import Block, CleanResult, Finding, Page, Removal
from .rules.base import PageState, Rule
from .rules.headline import find_title

METADATA_FIELDS = ("author", "section", "date")


def run_rules(
    page: Page, rules: Sequence[Rule], *, find_headline: bool = True, prepend_title: bool = False
) -> CleanResult:
    """Apply ``rules`` in order to ``page``; the first rule to claim a block names its reason."""
    title_index = find_title(page) if find_headline else None
    taken = [False] * len(page.blocks)
    state = PageState(taken=taken, title_index=title_index, lang=page.lang)
    removals: list[Removal] = []
    found: dict[str, str] = {}
    for rule in rules:
        for index, finding in rule.find(page, state):
            run = _claim(page, state, index, finding)
            if not run:
                continue
            removals.append(_removal(rule, run, finding))
            for key, value in finding.metadata:
                found.setdefault(key, value)
    removals.sort(key=lambda r: r.start)
    title = page.blocks[title_index].text if title_index is not None else page.meta.title
    kept = [b for b in page.blocks if not taken[b.index] and b.index != title_index]
    text = _join(kept)
    if prepend_title and title:
        text = f"{title}\n\n{text}" if text else title
    meta = page.meta
    return CleanResult(
        text=text,
        title=title,
        author=meta.author or found.get("author"),
        section=meta.section or found.get("section"),
        date=meta.date or found.get("date"),
        lang=page.lang,
        url=page.url,
        removals=tuple(removals),
    )


def _claim(page: Page, state: PageState, index: int, finding: Finding) -> list[Block]:
    """Mark the blocks of a finding as taken and return them (skipping ones already taken)."""
    last = index if finding.last is None else finding.last
    run = [page.blocks[i] for i in range(index, last + 1) if state.free(i)]
    for block in run:
        state.taken[block.index] = True  # type: ignore[index]
    return run


def _removal(rule: Rule, run: list[Block], finding: Finding) -> Removal:
    first, last = run[0], run[-1]
    return Removal(
        reason=rule.reason,
        rule=rule.name,
        text="\n".join(b.text for b in run),
        start=first.start,
        end=last.end,
        line=first.line,
        last_line=last.last_line,
        evidence=finding.evidence,
        path=first.path,
    )


def _join(blocks: Sequence[Block]) -> str:
    """Kept blocks, a blank line between them where the source had one, else a newline."""
    parts: list[str] = []
    for block in blocks:
        if parts:
            parts.append("\n\n" if block.gap_before else "\n")
        parts.append(block.text)
    return "".join(parts)
