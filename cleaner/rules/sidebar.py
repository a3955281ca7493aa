"""Sidebars: a rail of teasers for other stories, with or without its heading.

``SidebarHeading`` claims a heading such as "Other News", "Read also", "Інші новини",
"Mehr zum Thema" (data files per language) together with the run of teaser lines under it:
short headlines, repeated titles, one-line subtitles. A heading followed by a real paragraph
is not a sidebar (an article may have a section called "Related research"). A heading with
its teaser on the same line ("Read also: Putin visits ...") is an inline insert.

A rail with no heading after the article's last paragraph is left to the article-body rule
(``article.ArticleBody``): it lies outside the main run of prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress
from operator import methodcaller, or_
from typing import ClassVar

from .. import resources
from ..model import Block, Finding, Page
from ..reasons import Reason
from .base import PageState, holding, pick, remembered
from .matching import phrase_pattern, required_words

# Punctuation a sidebar heading may carry around it: "Read also:", "» Other news", "RELATED ›".
_HEADING_TRIM = " \t:;-–—»«›‹>|•*#.…[]【】「」"  # brackets: "【関連記事】", "[Related]"
_TRIM = methodcaller("strip", _HEADING_TRIM)
# What separates an inline label from its teaser: "Read also: ...", "À lire aussi » ...".
_INLINE_MARKS = (":", "»", "›", ">")


def _default_headings() -> re.Pattern[str]:
    labels = resources.all_phrases("sidebar")
    return phrase_pattern((p for p in labels if not p.endswith(" *")), anchored=True)


def _default_prefixes() -> re.Pattern[str]:
    labels = resources.all_phrases("sidebar")
    return phrase_pattern((p[:-2] for p in labels if p.endswith(" *")), anchored=True)


def is_teaser(block: Block, page: Page) -> bool:
    """A line that reads as a link to another story: a short headline or a one-line subtitle,
    a title repeated on the page, or mostly link text.

    Teaser headlines rarely end with a full stop; subtitles may, but are short.
    """
    if block.link_density > 0.5 or block.word_count <= 12:
        return True
    if block.word_count <= 25 and not block.ends_sentence:
        return True
    # Last because it is the costly test: it needs the fingerprints of the page's short blocks.
    return block.word_count <= 30 and page.key_counts[page.key(block.index)] > 1


@dataclass(frozen=True)
class SidebarHeading:
    """A sidebar heading and the teaser lines under it."""

    name: ClassVar[str] = "sidebar_heading"
    reason: ClassVar[Reason] = Reason.SIDEBAR
    headings: re.Pattern[str] = field(default_factory=_default_headings)
    prefixes: re.Pattern[str] = field(default_factory=_default_prefixes)  # "more from *"
    # Headings are labels: "You might also be interested in" is 7 words. Longer is a sentence.
    max_heading_words: int = 8
    # An inline insert is the label and one teaser headline on the same line: "Read also: ...".
    max_inline_words: int = 30
    # A rail usually holds 3..10 teasers (each a title and maybe a subtitle); cap the claim so
    # a misfire cannot eat the rest of a long page.
    max_teasers: int = 40
    # Words one of which every heading has (see ``base.holding``).
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        words = (required_words(self.headings), required_words(self.prefixes))
        object.__setattr__(self, "needs", None if None in words else frozenset().union(*words))  # type: ignore[arg-type]

    def _headings(self, page: Page) -> Iterator[int]:
        """The short blocks that open with a heading or a prefix, found for the whole page."""
        longest = max(self.max_heading_words, self.max_inline_words)
        short = holding(page, self.needs, longest, page.within(0, longest))
        labels = list(map(_TRIM, pick(page.folded, short)))
        opens = map(or_, map(bool, map(self.headings.search, labels)), map(bool, map(self.prefixes.search, labels)))
        return compress(short, opens)

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        blocks = page.blocks
        # Whether a block opens with a heading is a fact about its own text: found once.
        for index in remembered(page, state, (id(self), "headings"), lambda: self._headings(page)):
            block = blocks[index]
            if not state.free(index):  # read as the loop goes: teasers claimed above are taken
                continue
            label = block.folded.strip(_HEADING_TRIM)
            exact = self.headings.search(label)
            hit = exact or self.prefixes.search(label)  # "more from *" takes any name after it
            if hit is None:
                continue
            after = label[exact.end() :] if exact else ""
            inline = after.lstrip().startswith(_INLINE_MARKS) and len(after.strip(_HEADING_TRIM)) > 0
            if after.strip(_HEADING_TRIM) and not inline:
                continue  # "Related research shows ..." is a sentence, not a label
            if not inline and block.word_count > self.max_heading_words:
                continue
            if inline:
                # The teaser is on the label's line; what follows is the article again, even a
                # short paragraph that would pass for a teaser.
                yield block.index, Finding(f"inline heading={hit.group()!r}")
                continue
            last = self._teaser_run_end(page, block.index, state)
            if last > block.index:
                teasers = last - block.index
                yield block.index, Finding(f"heading={hit.group()!r} teasers={teasers}", last=last)

    def _teaser_run_end(self, page: Page, heading: int, state: PageState) -> int:
        last = heading
        for block in page.blocks[heading + 1 : heading + 1 + self.max_teasers]:
            if not state.free(block.index):
                if state.taken[block.index]:
                    continue  # a promo line or byline inside the rail: already removed
                break
            if not is_teaser(block, page):
                break
            last = block.index
        return last

