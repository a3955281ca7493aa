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

``ShareBar`` knows a share bar's shape rather than its wording: a line made only of platform
names (``platforms.txt``), share words (``share/<lang>.txt``) and counts, two platforms at
least: "Facebook Twitter Flipboard Send Xing Messenger", "Facebook 0 Twitter 0 LinkedIn",
"FacebookTwitterLinkedinRedditTumblrPinterestEmail" (buttons glued together by the scraper).
A sentence naming two platforms has other words too.

One-word labels are listed only when they are no subheading of an article; lone words in
general are ``LoneWord``'s, which keeps a word between two paragraphs.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from operator import methodcaller
from typing import ClassVar

from .. import resources
from ..model import Block, Finding, Page
from ..reasons import Reason
from .base import BlockRule, PageState, holding, pick
from .matching import key_words

# What may stand around a label: "Inloggen ›", "→ Teilen und weiterempfehlen", "Hinweis:",
# "» Mehr Gastkommentare", "[Read more]", "この記事は会員限定です。".
_LABEL_TRIM = " \t:;-–—»«›‹>|•*#.…。[]【】「」→←↓↑▶►⬇"
_TRIM = methodcaller("strip", _LABEL_TRIM)
# These rules run after ``ArticleBody``, which finds the article again on every pass from the
# lines left (text dumps): a line it scores as prose (this many words and a sentence end, its
# ``min_prose_words``) may hold the body's end in place, and taking it away cut the article's
# last short lines on the next pass (a Japanese paywall line after a list of towns). There
# such a line is left alone; only HTML pages with an article container lose it.
ARTICLE_PROSE_WORDS = 8


def _labels(family: str) -> frozenset[str]:
    return frozenset(label.strip(_LABEL_TRIM) for label in resources.all_phrases(family))


@dataclass(frozen=True)
class _LabelLine(BlockRule):
    """A block whose whole text, trimmed, is one of ``labels``."""

    context_free: ClassVar[bool] = True  # reads the block only
    labels: frozenset[str] = frozenset()
    # The longest listed labels have 6 words, or 15 in Japanese, where two characters count
    # as a word ("有料会員になると会員限定の有料記事もお読みいただけます"); longer lines are
    # never looked up.
    max_words: int = 16
    # Words one of which every listed label has (see ``base.holding``).
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "needs", key_words(self.labels))

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # The blocks with a label's word, then one set lookup each, mapped in C.
        indices = holding(page, self.needs, self.max_words, indices)
        return compress(indices, map(self.labels.__contains__, map(_TRIM, pick(page.folded, indices))))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        label = _TRIM(block.folded)
        if label not in self.labels:
            return None
        if not page.meta.main_spans and block.ends_sentence and block.word_count >= ARTICLE_PROSE_WORDS:
            return None  # see ARTICLE_PROSE_WORDS
        return Finding(f"whole line is the label {label!r}")


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


# A share bar's words: runs of letters, split where a capital follows a small letter (glued
# buttons: "FacebookTwitter"), and runs of digits (counts).
_BAR_TOKEN = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+|[^\W\d_]+")


# Two platform names glued together have at least this many characters ("vkxing" aside:
# "facebooktwitter" has 15, "xingreddit" 10).
_MIN_GLUED_CHARS = 10


def _platform_words() -> frozenset[str]:
    """Platforms named in one word ("Google News" is two: a share bar shows the logo)."""
    return frozenset(p for p in resources.word_list("platforms") if " " not in p)


def _share_words() -> frozenset[str]:
    return frozenset(resources.all_phrases("share"))


@dataclass(frozen=True)
class ShareBar(BlockRule):
    """A line of share buttons: platform names, share words and counts only."""

    name: ClassVar[str] = "share_bar"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    context_free: ClassVar[bool] = True  # reads the block only
    platforms: frozenset[str] = field(default_factory=_platform_words)
    words: frozenset[str] = field(default_factory=_share_words)
    # Two platforms: one name alone ("Facebook") is a lone word or a label, and "Twitter
    # Print" could be a pair of menu items as well as a share bar.
    min_platforms: int = 2
    # The devset's longest share bar has 10 buttons; with counts between them, 20 tokens.
    max_words: int = 20
    # Platform names anywhere in the text, glued or not: the cheap first test.
    named: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        names = "|".join(re.escape(p) for p in sorted(self.platforms, key=len, reverse=True))
        object.__setattr__(self, "named", re.compile(names or r"(?!x)x"))

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # Blocks with platform names as words, when the page has two of them (one set
        # operation tells), and one-word blocks long enough to be two names glued together
        # with a name inside.
        spaced: list[int] = []
        if len(self.platforms.intersection(page.short_words)) >= self.min_platforms:
            spaced = holding(page, self.platforms, self.max_words, indices)
        single = [i for i in page.within(1, 1) if len(page.folded[i]) >= _MIN_GLUED_CHARS]
        glued = list(compress(single, map(self.named.search, pick(page.folded, single))))
        return sorted({*spaced, *glued}) if glued else spaced

    def _tokens(self, text: str) -> list[str]:
        """Whitespace-separated words, each split at its capitals unless it is a listed word
        as it stands ("LinkedIn")."""
        tokens: list[str] = []
        for word in text.split():
            folded = word.casefold()
            if folded in self.platforms or folded in self.words:
                tokens.append(folded)
            else:
                tokens += (t.casefold() for t in _BAR_TOKEN.findall(word))
        return tokens

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        tokens = self._tokens(block.text)
        named = sum(t in self.platforms for t in tokens)
        if named < self.min_platforms:
            return None
        if all(t in self.platforms or t in self.words or t.isdecimal() for t in tokens):
            return Finding(f"share bar: {named} platforms >= {self.min_platforms}, no other words")
        return None
