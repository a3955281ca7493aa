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
from functools import partial
from itertools import accumulate, compress, repeat
from operator import ge, lt, methodcaller, mul
from typing import ClassVar

from .. import resources
from ..model import Finding, Page
from ..reasons import Reason
from .base import PageState, pick
from .matching import phrase_pattern

_NUMBER = re.compile(r"\d[\d.,]*")
_TRIM = " \t:;-–—»«›‹>|•*#.…()[]"
_NUMBER_TO_N = partial(_NUMBER.sub, "n")
_STRIP = methodcaller("strip", _TRIM)
# Blocks of this many words or more are prose: they count above a heading, and are no heading.
PROSE_WORDS = 8


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
        counts = page.word_counts
        # Prose words (blocks of 8+ words) up to and including each block: ``above[i]``.
        above = list(accumulate(map(mul, counts, map(ge, counts, repeat(PROSE_WORDS)))))
        prose_total = above[-1] if above else 0
        # Headings are short: match the page's short blocks at once, then take the first
        # free one with enough prose above it.
        short = list(compress(range(len(counts)), map(lt, counts, repeat(min(PROSE_WORDS, self.max_heading_words + 1)))))
        labels = map(_STRIP, map(_NUMBER_TO_N, pick(page.folded, short)))
        for index in compress(short, map(self.headings.match, labels)):
            if state.free(index) and prose_total and above[index] >= self.min_prose_above * prose_total:
                yield index, Finding(
                    f"comments heading={page.blocks[index].text!r} after {above[index] / prose_total:.0%} of the prose",
                    last=len(page.blocks) - 1,
                )
                return
