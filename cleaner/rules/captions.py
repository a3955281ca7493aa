"""Duplicated captions: an image's alt text printed above its caption, the headline twice.

A scraper that keeps both ``alt`` and ``<figcaption>`` (or an ``<h1>`` and an ``og:title``
rendered in the body) leaves the same line twice in a row. Both copies go: they describe a
picture, not the story. Article text that merely repeats a phrase stays, because only whole
blocks that match (after folding quotes, case, whitespace and a trailing credit) count, and
only when they are neighbours or repeat the title.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import compress
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


# A gallery prints each caption again with its slide, two to four times, a few lines apart
# (a credit, a counter, the next caption between); 12 blocks covered every repeat on the devset
# dumps' galleries, while an article's sentences that recur (a pull quote) are further apart.
REPEAT_WINDOW_BLOCKS = 12
# Captions name something ("Rescuers evacuate residents by boat"); shorter repeats are labels.
MIN_REPEAT_WORDS = 3
# Lines with these characters are code or its output (a shell prompt, an assignment).
_CODE_CHARS = frozenset("$={};<>|\\`")
# Punctuation that ends a line of a sentence or of verse: such a line is text, not a caption.
_LINE_END_MARKS = (".", "!", "?", "…", ",", ";", ":", "—", "–", '"', "”", "’", "»", ")")


@dataclass(frozen=True)
class RepeatedCaption:
    """A line printed again a few lines further on, with other lines between (text only).

    Galleries and slideshows repeat each caption with its slide; a caption is not article
    text, so every copy of a short line that reads as one (a capital first, no punctuation
    at its end, no code) goes. A sentence printed again (a pull quote) keeps its first copy:
    only the repeats go. Lines that end with other punctuation (a poem's chorus, references),
    lower-case lines and lines with code characters (a program's output) are left alone.
    Neighbouring copies are ``DuplicateCaption``'s.

    It runs after ``ArticleBody``: a repeated label it took before would no longer count
    against the body, which then stretched over teaser rails (devset precision fell).
    """

    name: ClassVar[str] = "repeated_caption"
    reason: ClassVar[Reason] = Reason.DUPLICATE_CAPTION
    window_blocks: int = REPEAT_WINDOW_BLOCKS
    min_words: int = MIN_REPEAT_WORDS
    # A repeated sentence this long is a pull quote or a copy; shorter punctuated lines recur
    # in clean text (a chorus, a reference list, a program's output on the devset's pages).
    min_sentence_words: int = 8
    # A paragraph between two copies of a short line makes them the article's own (a list
    # item or a subheading that recurs); a gallery has captions, credits and counters there.
    min_paragraph_words: int = 20

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        if page.kind != "text":
            return
        folded = page.folded
        # Exact repeats only, found for the whole page at once on the first pass: most pages
        # have few, and a later pass has only fewer (what it has left of them is recounted
        # below, copy by copy).
        repeated: frozenset[str] | None = state.memo.get(id(self))
        if repeated is None:
            repeated = state.memo[id(self)] = frozenset(text for text, count in Counter(folded).items() if count > 1)
        if not repeated:
            return
        copies: dict[str, list[int]] = {}
        for index in compress(range(len(folded)), map(repeated.__contains__, folded)):
            if state.free(index) and page.word_counts[index] >= self.min_words:
                copies.setdefault(folded[index], []).append(index)
        for indices in copies.values():
            for group in _within(indices, self.window_blocks):
                if any(map(state.free, range(group[0] + 1, group[-1]))):
                    yield from self._judge(page, group)
                # else the copies are neighbours once the blocks between are gone: the next
                # pass gives them to ``DuplicateCaption``, which removes both.

    def _prose_between(self, page: Page, group: list[int]) -> bool:
        return _has_paragraph(page, group[0], group[-1], self.min_paragraph_words)

    def _judge(self, page: Page, group: list[int]) -> Iterator[tuple[int, Finding]]:
        blocks = page.blocks
        first = blocks[group[0]]
        text = first.text
        if _CODE_CHARS.intersection(text):
            return
        lines = ", ".join(str(blocks[i].line) for i in group)
        if text.endswith(_LINE_END_MARKS):
            # A sentence printed again (a pull quote, an article printed twice) keeps its
            # first copy; shorter punctuated lines (verse, references, a program's output)
            # recur in clean text and stay.
            if first.ends_sentence and first.word_count >= self.min_sentence_words:
                for index in group[1:]:
                    yield index, Finding(f"sentence repeated from line {first.line} (lines {lines})")
            return
        if text[0].isupper() and not self._prose_between(page, group):
            for index in group:
                yield index, Finding(f"caption repeated at lines {lines}, at most {self.window_blocks} blocks apart")


def _has_paragraph(page: Page, first: int, last: int, min_words: int) -> bool:
    """Is there a paragraph (a sentence of ``min_words`` or more) between the two blocks?"""
    blocks = page.blocks
    return any(
        blocks[i].ends_sentence and page.word_counts[i] >= min_words for i in range(first + 1, last)
    )


def _within(indices: list[int], window: int) -> Iterator[list[int]]:
    """The copies grouped so that each is at most ``window`` blocks after the one before,
    groups of two or more; copies side by side are left to ``DuplicateCaption``."""
    group = [indices[0]]
    for index in indices[1:]:
        # Counted in blocks left on the page, not in the input's lines: the pipeline's later
        # passes then see what cleaning the output again would (the fixpoint holds).
        if index - group[-1] <= window:
            group.append(index)
            continue
        if len(group) > 1:
            yield group
        group = [index]
    if len(group) > 1:
        yield group
