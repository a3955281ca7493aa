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
from collections.abc import Iterable
from dataclasses import dataclass, field
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
