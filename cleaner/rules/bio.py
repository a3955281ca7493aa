"""An author's bio box: "About the author", "Die Autorin", "Sobre la firma", "この記事を書いた人"
with the name and a line or two about the writer under it.

News pages print it after the article; scrapers keep it. The heading is matched as the whole
line (data files per language, ``bio/<lang>.txt``), and the box is the few short lines under
it. How it fails safe: a review may have a section called "The author" that goes on with the
article's prose; so when the lines under the heading run into a long paragraph, nothing is
removed (a bio box is followed by the page's template, not by more article).

Where no article container is known (text dumps), ``ArticleBody`` finds the article again on
every pass, from the lines left: a box taken away can leave a short last line of the article
("Mal sehen, wie es ausgeht.") at the body's edge, where it is cut. So there the box must
come right after a paragraph (or after lines already removed).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import compress
from operator import methodcaller
from typing import ClassVar

from .. import resources
from ..model import Block, Finding, Page
from ..reasons import Reason
from .base import PageState, pick, remembered

_TRIM = methodcaller("strip", " \t:;-–—»«›‹>|•*#.…[]【】「」")


def _headings() -> frozenset[str]:
    return frozenset(map(_TRIM, resources.all_phrases("bio")))


@dataclass(frozen=True)
class AuthorBio:
    """A bio box heading and the short lines under it."""

    name: ClassVar[str] = "author_bio"
    reason: ClassVar[Reason] = Reason.BYLINE
    headings: frozenset[str] = field(default_factory=_headings)
    # A heading is a label: "Chi è l'autore" has 4 words.
    max_heading_words: int = 6
    # The box: the name, a role, one or two sentences about the writer ("Es jefa de la
    # delegación de Bruselas. Antes, en Moscú, ..." is 45 words on the devset), the fields
    # they cover. Four lines of at most 80 words; longer is the article going on.
    max_lines: int = 4
    max_line_words: int = 80
    # A line this long that ends a sentence is prose: the box holds one such line (the bio);
    # two, or one right after the box, are the article going on under a section heading.
    min_prose_words: int = 25
    max_prose_lines: int = 1
    # Where the box must follow a paragraph (text dumps): a line of this many words that ends
    # a sentence, which ``ArticleBody`` scores as prose (its ``min_prose_words``).
    min_paragraph_words: int = 8

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        blocks = page.blocks
        for index in remembered(page, state, (id(self), "headings"), lambda: self._headings(page)):
            if not state.free(index):
                continue
            if not page.meta.main_spans and not self._after_prose(page, state, index):
                continue
            last = self._box_end(page, state, index)
            if last is not None:
                yield index, Finding(f"bio heading={_TRIM(blocks[index].folded)!r} lines={last - index}", last=last)

    def _headings(self, page: Page) -> Iterator[int]:
        """The short blocks that are a heading, found for the whole page in C (a fact about
        each block's own text: ``remembered`` keeps it for the later passes)."""
        short = page.within(1, self.max_heading_words)
        return compress(short, map(self.headings.__contains__, map(_TRIM, pick(page.folded, short))))

    def _box_end(self, page: Page, state: PageState, heading: int) -> int | None:
        """The box's last line, or None when there is none or the article goes on under it."""
        last, lines, prose = heading, 0, 0
        for block in page.blocks[heading + 1 :]:
            if state.taken[block.index]:
                continue  # a share bar or a label inside the box, already removed
            if lines == self.max_lines or block.word_count > self.max_line_words:
                break
            last, lines, prose = block.index, lines + 1, prose + self._is_prose(block)
        following = next((b for b in page.blocks[last + 1 :] if not state.taken[b.index]), None)
        if prose > self.max_prose_lines or (following is not None and self._is_prose(following)):
            return None
        return last if lines else None

    def _after_prose(self, page: Page, state: PageState, heading: int) -> bool:
        """The nearest line above the heading still on the page is a paragraph (or none is)."""
        above = next((b for b in reversed(page.blocks[:heading]) if not state.taken[b.index]), None)
        return above is None or (above.word_count >= self.min_paragraph_words and above.ends_sentence)

    def _is_prose(self, block: Block) -> bool:
        return block.word_count >= self.min_prose_words and block.ends_sentence
