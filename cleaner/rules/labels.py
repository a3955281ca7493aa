"""Lone interface labels: a whole line that is a button, a widget's caption or a prompt.

Scrapers keep the words of a page's controls as lines of their own: "Social Sharing", "End of
Article", "Zur Startseite", "Story continues below", "Price at", "Související", "Inloggen ›",
"この記事を書いた人". No article sentence is such a line: the rules match only when the
whole line, less the arrows and bullets around it, is one of the listed labels (data files per
language), so an article that mentions "related articles" or "the price at the pump" keeps
them. Two lists, two reasons:

- ``NavigationLabel`` (``label/<lang>.txt``): buttons, widget captions and section labels
  of the site's template (reason navigation);
- ``PromoLabel`` (``promo_label/<lang>.txt``): one-line calls to subscribe, sign up or log in
  ("Subscribe", "Sign up", "Abo abschliessen", "会員登録する") (reason promo).

One-word labels are listed only when they are no subheading of an article; lone words in
general are ``LoneWord``'s, which keeps a word between two paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import methodcaller
from typing import ClassVar

from .. import resources
from ..model import Block, Finding, Page
from ..reasons import Reason
from .base import BlockRule, PageState, pick

# What may stand around a label: "Inloggen ›", "→ Teilen und weiterempfehlen", "Hinweis:",
# "» Mehr Gastkommentare", "[Read more]".
_LABEL_TRIM = " \t:;-–—»«›‹>|•*#.…[]【】「」→←↓↑▶►⬇"
_TRIM = methodcaller("strip", _LABEL_TRIM)


def _labels(family: str) -> frozenset[str]:
    return frozenset(label.strip(_LABEL_TRIM) for label in resources.all_phrases(family))


@dataclass(frozen=True)
class _LabelLine(BlockRule):
    """A block whose whole text, trimmed, is one of ``labels``."""

    context_free: ClassVar[bool] = True  # reads the block only
    labels: frozenset[str] = frozenset()
    # The longest listed label has 8 words ("Ich bin damit einverstanden" prompts are notices,
    # not labels); longer lines are never looked up.
    max_words: int = 8

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # One set lookup a block, mapped in C over the page's short blocks.
        return compress(indices, map(self.labels.__contains__, map(_TRIM, pick(page.folded, indices))))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        label = _TRIM(block.folded)
        return Finding(f"whole line is the label {label!r}") if label in self.labels else None


@dataclass(frozen=True)
class NavigationLabel(_LabelLine):
    """A line that is only a button or a widget's caption: "Social Sharing", "Zur Startseite"."""

    name: ClassVar[str] = "navigation_label"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    labels: frozenset[str] = field(default_factory=lambda: _labels("label"))


@dataclass(frozen=True)
class PromoLabel(_LabelLine):
    """A line that is only a call to subscribe, sign up or log in: "Subscribe", "Sign up"."""

    name: ClassVar[str] = "promo_label"
    reason: ClassVar[Reason] = Reason.PROMO
    labels: frozenset[str] = field(default_factory=lambda: _labels("promo_label"))
