"""Figure captions printed as lines of the text, told by the label that opens them.

A scraper that keeps ``<figcaption>`` puts the caption between the article's paragraphs. When
the alt text is not there as well, ``DuplicateCaption`` has nothing to pair it with; but a
numbered figure's caption opens with a label no sentence opens with: "Abbildung 4: ...",
"Figure 3. ...", "Рис. 2 — ...". The label needs a number or a colon after it, so "Figure
skating returns" stays.

Captions that only end with a picture credit ("... Photo: Jane Doe") were tried too and left
out: the readability devset's gold keeps such captions as article text (recall fell on three
of its pages), while the trafilatura gold drops some and keeps others.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress
from typing import ClassVar

from .. import resources
from ..model import Block, Finding, Page
from ..reasons import Reason
from .base import BlockRule, PageState, pick


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _label_pattern() -> re.Pattern[str]:
    """A figure label, then a number ("4", "3.2", "4a") and/or a colon, dot or dash."""
    labels = _alternation(resources.all_phrases("figure"))
    return re.compile(rf"^(?:{labels})(?:\s*\d+[\d.]*[a-z]?)?\s*[:.—–-](?:\s|$)")


@dataclass(frozen=True)
class CaptionLine(BlockRule):
    """A caption line: a figure label at its start or a picture credit at its end."""

    name: ClassVar[str] = "caption_line"
    reason: ClassVar[Reason] = Reason.CAPTION
    context_free: ClassVar[bool] = True  # reads the block only
    labels: re.Pattern[str] = field(default_factory=_label_pattern)
    # The same bound as ``DuplicateCaption``: the devset's longest captions run to 40 words.
    max_words: int = 40

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        return compress(indices, map(self.labels.match, pick(page.folded, indices)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        label = self.labels.match(block.folded)
        return Finding(f"figure label={label.group().strip()!r}") if label else None


@cache
def credit_inside() -> re.Pattern[str]:
    """A picture credit in brackets, after a bar or after a sentence, anywhere in a line:
    "enlarge (Photo: Jane Doe)", "The coach after the win | Foto: Reuters", "Solar panels in
    a field. Credit: AFP/Getty". (A credit opening the line is ``PhotoCredit``'s.)

    >>> bool(credit_inside().search("solar panels in a field. credit: afp/getty"))
    True
    >>> bool(credit_inside().search("video: the minister arrives"))
    False
    """
    lead_ins = _alternation(resources.all_phrases("credit"))
    return re.compile(rf"(?:[(|]|[.!?]\s)\s*(?:{lead_ins})\s*:")


@dataclass(frozen=True)
class LeadCaption:
    """A photo caption with its credit above everything the page keeps: the lead picture's
    caption printed over the headline. The headline finder passes such a line over (see
    ``headline.is_template_or_caption``), so it must go on its own.

    Only at the top: below the headline the readability gold keeps credited captions as
    article text (see the module's docstring); above it, nothing of the article has begun.
    """

    name: ClassVar[str] = "lead_caption"
    reason: ClassVar[Reason] = Reason.CAPTION
    credit: re.Pattern[str] = field(default_factory=credit_inside)
    # The same bound as ``CaptionLine``: the devset's longest captions run to 40 words.
    max_words: int = 40

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        taken = state.taken
        index = _first_free(taken, 0)
        while index is not None:
            block = page.blocks[index]
            if index == state.title_index or block.word_count > self.max_words:
                return
            credit = self.credit.search(block.folded)
            if credit is None:
                return
            # The next line may be the same picture's alt text or caption: read on.
            yield index, Finding(f"credit={credit.group().strip()!r} above the headline")
            index = _first_free(taken, index + 1)


def _first_free(taken: Sequence[bool], start: int) -> int | None:
    """The first block from ``start`` on that no rule has taken (menus and skip links above
    the picture are), found in C: on later passes most of a dump's top is taken."""
    try:
        return taken.index(False, start)
    except ValueError:
        return None
