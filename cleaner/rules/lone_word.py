"""Lone single words, in the style of RefinedWeb's line-wise corrections.

A line of one word in a dump is a menu item, a button ("Share", "Print", "Advertisement"), a
counter or a stray label far more often than text. It stays when it sits between two prose
blocks: there it is a subheading of the article ("Background", "Conclusion"), and when it is
a line of code ("});").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from ..model import Block, Finding, Page
from ..reasons import Reason
from ..textutil import looks_like_code
from .base import BlockRule, PageState

# A prose neighbour: a block of at least this many words (a subheading introduces a paragraph).
MIN_PROSE_NEIGHBOUR_WORDS = 8


@dataclass(frozen=True)
class LoneWord(BlockRule):
    """A one-word line that is not a subheading between paragraphs."""

    name: ClassVar[str] = "lone_word"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    min_words: int = 1
    max_words: int = 1

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        if block.ends_sentence:
            return None  # "Yes." / "Thanks!" in a dialogue or a quote
        if looks_like_code(block.text):
            return None  # "});" closing a program printed in the article
        before = _neighbour(page, state, block.index, -1)
        after = _neighbour(page, state, block.index, +1)
        if _is_prose(before) and _is_prose(after):
            return None
        return Finding("one word, not between two paragraphs")


def _neighbour(page: Page, state: PageState, index: int, step: int) -> Block | None:
    """The nearest block in ``step``'s direction that is still on the page."""
    index += step
    while 0 <= index < len(page.blocks):
        if not state.taken[index]:
            return page.blocks[index]
        index += step
    return None


def _is_prose(block: Block | None) -> bool:
    return block is not None and block.word_count >= MIN_PROSE_NEIGHBOUR_WORDS
