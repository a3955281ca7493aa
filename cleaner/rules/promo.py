"""Promo lines: calls to follow, subscribe, share, download the app, donate.

Two rules. ``PromoPhrase`` knows the wordings (data files per language). ``CallToAction``
knows the shape, so unseen wordings are caught too: a short block where a sentence opens
with an imperative call-to-action verb and names a channel or platform ("Read us on Viber",
"Subscribe to our Telegram"). Prose that merely mentions Telegram ("The minister wrote on
Telegram that ...") has no imperative opening and is kept; long blocks are never promo.
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
from .base import BlockRule, PageState, holding, pick
from .matching import phrase_pattern, required_words

_SENTENCE_SPLIT = re.compile(r"(?<=[.!?…])\s+")


def _default_phrases() -> re.Pattern[str]:
    return phrase_pattern(resources.all_phrases("promo"))


def _default_verbs() -> re.Pattern[str]:
    return phrase_pattern(resources.all_phrases("cta"), anchored=True)


def _default_platforms() -> re.Pattern[str]:
    return phrase_pattern(resources.word_list("platforms"))


@dataclass(frozen=True)
class PromoPhrase(BlockRule):
    """Short blocks containing a known promo phrase."""

    name: ClassVar[str] = "promo_phrase"
    reason: ClassVar[Reason] = Reason.PROMO
    context_free: ClassVar[bool] = True  # reads the block only
    pattern: re.Pattern[str] = field(default_factory=_default_phrases)
    # The seed's promo line has 18 words; newsletter boxes run to about 30. Longer blocks are
    # prose that happens to contain the phrase ("... told readers to subscribe to our ...").
    max_words: int = 35
    # Words one of which every block ``check`` accepts has (see ``base.holding``).
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", required_words(self.pattern))

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        indices = holding(page, self.needs, self.max_words, indices)
        return compress(indices, map(self.pattern.search, pick(page.folded, indices)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        hit = self.pattern.search(block.folded)
        return Finding(f"phrase={hit.group()!r}") if hit else None


@dataclass(frozen=True)
class CallToAction(BlockRule):
    """Short blocks where a sentence opens with a call-to-action verb and names a platform."""

    name: ClassVar[str] = "promo_call_to_action"
    reason: ClassVar[Reason] = Reason.PROMO
    context_free: ClassVar[bool] = True  # reads the block only
    verbs: re.Pattern[str] = field(default_factory=_default_verbs)
    platforms: re.Pattern[str] = field(default_factory=_default_platforms)
    # Calls to action are one or two short sentences; 25 words keeps news sentences that
    # mention a platform out of reach (chosen on fixtures/promo and fixtures/negative).
    max_words: int = 25
    # Words one of which every block ``check`` accepts has (see ``base.holding``).
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", required_words(self.platforms))

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # A platform named in one of the block's sentences is named in the block.
        indices = holding(page, self.needs, self.max_words, indices)
        return compress(indices, map(self.platforms.search, pick(page.folded, indices)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        for sentence in _SENTENCE_SPLIT.split(block.folded):
            verb = self.verbs.search(sentence.lstrip("-–—•*► "))
            platform = self.platforms.search(sentence) if verb else None
            if verb and platform:
                return Finding(f"verb={verb.group()!r} platform={platform.group()!r}")
        return None
