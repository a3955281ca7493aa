"""Duplicated captions: an image's alt text printed above its caption, the headline twice.

A scraper that keeps both ``alt`` and ``<figcaption>`` (or an ``<h1>`` and an ``og:title``
rendered in the body) leaves the same line twice in a row. Both copies go: they describe a
picture, not the story. Article text that merely repeats a phrase stays, because only whole
blocks that match (after folding quotes, case, whitespace and a trailing credit) count, and
only when they are neighbours or repeat the title.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..model import Block, Finding, Page
from ..reasons import Reason
from .base import PageState

# A caption is a line, not a paragraph; a paragraph printed twice is a scraping glitch, and we
# then drop only the second copy (see ``find``). 40 words covers the devset's long captions.
MAX_CAPTION_WORDS = 40
# "... pate (Photo: Reuters)": a near-duplicate may differ by a short trailing credit.
MAX_EXTRA_WORDS = 5


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


def _may_repeat(a: Block, b: Block) -> bool:
    """Cheap test before fingerprints are compared: close word counts (a trailing credit adds
    at most ``MAX_EXTRA_WORDS``) and blocks short enough to be captions or a glitch copy."""
    return (
        abs(a.word_count - b.word_count) <= MAX_EXTRA_WORDS
        and b.word_count <= MAX_CAPTION_WORDS * 3
    )


@dataclass(frozen=True)
class DuplicateCaption:
    """Neighbouring blocks that say the same thing, and repeats of the headline."""

    name: ClassVar[str] = "duplicate_caption"
    reason: ClassVar[Reason] = Reason.DUPLICATE_CAPTION

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        blocks, key = page.blocks, page.key
        title = blocks[state.title_index] if state.title_index is not None else None
        previous: Block | None = None
        for block in blocks:
            if not state.free(block.index):
                previous = None if state.title_index != block.index else previous
                continue
            if title is not None and _may_repeat(title, block) and near_duplicate(
                key(block.index), key(title.index)
            ):
                yield block.index, Finding("repeats the headline")
            elif previous is not None and _may_repeat(previous, block) and near_duplicate(
                key(previous.index), key(block.index)
            ):
                if block.word_count <= MAX_CAPTION_WORDS:
                    yield previous.index, Finding(
                        f"line repeated at lines {previous.line} and {block.line}", last=block.index
                    )
                else:
                    yield block.index, Finding(f"paragraph repeated from line {previous.line}")
                previous = None
                continue
            previous = block
