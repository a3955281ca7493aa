"""Duplicated captions: an image's alt text printed above its caption, the headline twice.

A scraper that keeps both ``alt`` and ``<figcaption>`` (or an ``<h1>`` and an ``og:title``
rendered in the body) leaves the same line twice in a row. Both copies go: they describe a
picture, not the story. Article text that merely repeats a phrase stays, because only whole
blocks that match (after folding quotes, case, whitespace and a trailing credit) count, and
only when they are neighbours or repeat the title.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from operator import methodcaller
from typing import ClassVar

from ..model import Finding, Page
from ..reasons import Reason
from .base import PageState, per_block

# A caption is a line, not a paragraph; a paragraph printed twice is a scraping glitch, and we
# then drop only the second copy (see ``find``). 40 words covers the devset's long captions.
MAX_CAPTION_WORDS = 40
# "... pate (Photo: Reuters)": a near-duplicate may differ by a short trailing credit.
MAX_EXTRA_WORDS = 5
_FIRST_WORD = re.compile(r"\w+|\Z")  # ``search`` always finds something: the first word, "" if none
_GROUP = methodcaller("group")


def near_duplicate(a: str, b: str) -> bool:
    """Same fingerprint, or one is the other plus a short tail (a credit).

    >>> near_duplicate("simple baked liver pate", "simple baked liver pate photo reuters")
    True
    >>> near_duplicate("the war", "the war goes on")
    False
    """
    if not a or not b:
        return False
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    if len(short.split()) < 3 or not long_.startswith(short + " "):
        return False
    return len(long_[len(short) :].split()) <= MAX_EXTRA_WORDS


@dataclass(frozen=True)
class DuplicateCaption:
    """Neighbouring blocks that say the same thing, and repeats of the headline."""

    name: ClassVar[str] = "duplicate_caption"
    reason: ClassVar[Reason] = Reason.DUPLICATE_CAPTION

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        blocks, taken, title, counts = page.blocks, state.taken, state.title_index, page.word_counts
        # Each block's first word (its fingerprint's first word), "" when it has none: near
        # duplicates have non-empty fingerprints with the same first word, so two blocks whose
        # first words differ need no fingerprints (most pairs differ right there; comparing
        # whole words rather than first characters spares the headline's fingerprint against
        # every block that merely starts with the same letter).
        # A fact about each block's own text: found once, kept for later passes.
        heads = per_block(page, state, id(self), lambda: list(map(_GROUP, map(_FIRST_WORD.search, page.folded))))
        key = page.key
        title_head = heads[title] if title is not None else None  # None equals no head
        previous: int | None = None
        for index in range(len(blocks)):
            if taken[index]:  # read as the loop goes: a finding claims blocks before the next
                previous = None
                continue
            if index == title:
                continue
            # Word counts first, inline (most pairs differ there): a trailing credit adds at
            # most MAX_EXTRA_WORDS; longer blocks are neither captions nor a glitch copy.
            count = counts[index]
            if count > MAX_CAPTION_WORDS * 3:
                previous = index
                continue
            head = heads[index]
            # First words first: they rarely match, and a comparison is cheaper than ``abs``.
            if (
                head
                and head == title_head
                and title is not None
                and abs(counts[title] - count) <= MAX_EXTRA_WORDS
                and near_duplicate(key(index), key(title))
            ):
                yield index, Finding("repeats the headline")
            elif (
                previous is not None
                and head
                and head == heads[previous]
                and abs(counts[previous] - count) <= MAX_EXTRA_WORDS
                and near_duplicate(key(previous), key(index))
            ):
                first, block = blocks[previous], blocks[index]
                if block.word_count <= MAX_CAPTION_WORDS:
                    yield previous, Finding(f"line repeated at lines {first.line} and {block.line}", last=index)
                else:
                    yield index, Finding(f"paragraph repeated from line {first.line}")
                previous = None
                continue
            previous = index
