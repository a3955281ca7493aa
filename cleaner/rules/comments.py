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
from operator import ge, itemgetter, methodcaller, mul
from typing import ClassVar

from .. import resources
from ..model import Finding, Page
from ..reasons import Reason
from .base import PageState, pick, remembered
from .matching import phrase_pattern

_NUMBER = re.compile(r"\d[\d.,]*")
_TRIM = " \t:;-–—»«›‹>|•*#.…()[]"
_NUMBER_TO_N = partial(_NUMBER.sub, "n")
_STRIP = methodcaller("strip", _TRIM)
_FIRST_CHAR = itemgetter(slice(1))  # "" for ""
# Blocks of this many words or more are prose: they count above a heading, and are no heading.
PROSE_WORDS = 8


def _default_headings() -> re.Pattern[str]:
    phrases = [p for p in resources.all_phrases("comments") if not p.endswith(" *")]
    return re.compile(phrase_pattern(phrases, anchored=True).pattern + "$")


def _default_titled() -> re.Pattern[str]:
    """Headings that go on with the article's title: "11 responses to “...”" ("n responses to *")."""
    return phrase_pattern((p[:-2] for p in resources.all_phrases("comments") if p.endswith(" *")), anchored=True)


@dataclass(frozen=True)
class CommentsSection:
    """The comments heading and everything after it, when the article lies above it."""

    name: ClassVar[str] = "comments_section"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    headings: re.Pattern[str] = field(default_factory=_default_headings)
    titled: re.Pattern[str] = field(default_factory=_default_titled)
    max_heading_words: int = 8
    # "11 responses to" and a headline of up to 40 words (``headline.MAX_HEADLINE_WORDS``).
    max_titled_words: int = 45
    # Share of the page's prose words (blocks of 8+ words) that must lie above the heading.
    # At 0.6 a "11 Comments" counter above a Yahoo article and a "Comment" table header in a
    # Dropbox post cut real text (devset readability set, 61% and 64%); 0.75 leaves a margin.
    min_prose_above: float = 0.75
    # A titled heading names the article it follows ("11 responses to “...”"), a tell strong
    # enough that long comment threads (more prose than the article) can follow it.
    min_prose_above_titled: float = 0.3

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        counts = page.word_counts
        # Prose words (blocks of 8+ words) up to and including each block: ``above[i]``.
        above = list(accumulate(map(mul, counts, map(ge, counts, repeat(PROSE_WORDS)))))
        prose_total = above[-1] if above else 0
        # Headings are short: match the page's short blocks at once (once per document: being
        # a heading is a fact about a block's own text), then take the first free one with
        # enough prose above it.
        headings = remembered(page, state, (id(self), "headings"), lambda: self._headings(page))
        titled = remembered(page, state, (id(self), "titled"), lambda: self._titled_headings(page))
        shares = dict.fromkeys(headings, self.min_prose_above)
        shares.update(dict.fromkeys(titled, self.min_prose_above_titled))
        for index, share in sorted(shares.items()):
            # The heading's own words are no prose above it.
            before = above[index] - (counts[index] if counts[index] >= PROSE_WORDS else 0)
            if state.free(index) and prose_total and before >= share * prose_total:
                yield index, Finding(
                    f"comments heading={page.blocks[index].text!r} after {before / prose_total:.0%} of the prose",
                    last=len(page.blocks) - 1,
                )
                return

    def _headings(self, page: Page) -> Iterator[int]:
        """Short blocks that are a comments heading ("12 Comments", "Leave a Reply")."""
        short = page.within(0, min(PROSE_WORDS - 1, self.max_heading_words))
        # Numbers never span a newline: one substitution over the blocks joined by newlines
        # gives each block's, for one pattern call a page instead of one a block.
        labels = map(_STRIP, _NUMBER_TO_N("\n".join(pick(page.folded, short))).split("\n"))
        return compress(short, map(self.headings.match, labels))

    def _titled_headings(self, page: Page) -> Iterator[int]:
        """Blocks that open with a number and a titled heading ("11 responses to ..."): the
        number first, so a sentence such as "Responses to the plan were mixed." is none."""
        # The blocks that open with a digit, found with C-level maps over the page (few do).
        folded, counts = page.folded, page.word_counts
        for index in compress(range(len(folded)), map(str.isdigit, map(_FIRST_CHAR, folded))):
            text = folded[index]
            short_heading = counts[index] <= self.max_titled_words and not text.endswith(".")
            if short_heading and self.titled.match(_STRIP(_NUMBER_TO_N(text))):
                yield index
