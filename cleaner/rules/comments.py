"""Reader comments: from the comments heading under the article to the end of the page.

Comments are prose, so the article-body rule may take them for more article. Their heading
("12 Comments", "Leave a Reply", "Kommentare", "Коментарі"; data files per language) is the
tell. It only counts when most of the page's prose lies above it: a "Comments" link in the
menu at the top opens nothing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import ClassVar

from .. import resources
from ..model import Finding, Page
from ..reasons import Reason
from .base import PageState
from .matching import phrase_pattern

_NUMBER = re.compile(r"\d[\d.,]*")
_TRIM = " \t:;-–—»«›‹>|•*#.…()[]"


def _default_headings() -> re.Pattern[str]:
    return re.compile(phrase_pattern(resources.all_phrases("comments"), anchored=True).pattern + "$")


@dataclass(frozen=True)
class CommentsSection:
    """The comments heading and everything after it, when the article lies above it."""

    name: ClassVar[str] = "comments_section"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    headings: re.Pattern[str] = field(default_factory=_default_headings)
    max_heading_words: int = 8
    # Share of the page's prose words (blocks of 8+ words) that must lie above the heading.
    # At 0.6 a "11 Comments" counter above a Yahoo article and a "Comment" table header in a
    # Dropbox post cut real text (devset readability set, 61% and 64%); 0.75 leaves a margin.
    min_prose_above: float = 0.75

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        prose_total = sum(b.word_count for b in page.blocks if b.word_count >= 8)
        above = 0
        for block in page.blocks:
            if block.word_count >= 8:
                above += block.word_count
                continue
            if not state.free(block.index) or block.word_count > self.max_heading_words:
                continue
            label = _NUMBER.sub("n", block.folded).strip(_TRIM)
            hit = self.headings.match(label)
            if hit and prose_total and above >= self.min_prose_above * prose_total:
                yield block.index, Finding(
                    f"comments heading={block.text!r} after {above / prose_total:.0%} of the prose",
                    last=len(page.blocks) - 1,
                )
                return
