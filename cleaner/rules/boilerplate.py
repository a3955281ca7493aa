"""Site template lines, in the style of RefinedWeb's line-wise corrections.

- ``TemplateLine``: copyright and cookie notices, "Tags:", "Skip to content", "Print", counters
  such as "3 comments" or "1.2K shares" (phrase lists per language).
- ``Breadcrumb``: "Home > News > World": short segments between separators.
- ``MenuRun``: three or more short label-like lines in a row (a menu), and a lone word that
  is not a heading of prose (its neighbours are labels too).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, repeat
from operator import and_, attrgetter, itemgetter, le, lt, mul, not_, or_
from typing import ClassVar

from .. import resources
from ..model import SHORT_BLOCK_WORDS, Block, Finding, Page
from ..reasons import Reason
from ..textutil import CODE_CHARS, CODE_LINE
from .base import BlockRule, PageState, holding, per_block, pick
from .matching import longest_phrase, phrase_pattern, required_words

_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|&copy", re.IGNORECASE)
_COPYRIGHT_MARKS = ("©", "(c", "(C", "&c", "&C")
# A slide counter of a gallery or a step-by-step recipe: "3 von 17", "2 of 12" ("1 / 5" is left
# alone: the readability gold keeps a gallery's counter, and scores are written so).
_SLIDE_COUNTER = re.compile(r"^\d{1,3}\s*(?:von|of|de|sur|z|из|з)\s*\d{1,3}$")
_LINE_DIGIT = re.compile(r"\n\d")  # the literal newline first makes the search fast
_FIRST_CHAR = itemgetter(slice(1))  # "" for ""
_SEPARATOR_CHAR = re.compile(r"[>›»/\\→:]")  # what ``Breadcrumb.check`` looks for first
# "Flauschjacke: Bershka", "Backzeit: 15 Min.": a row of a spec sheet, an outfit list or a
# recipe, never a menu item (devset readability recall rose on 9 pages, none fell, when such
# rows stopped counting as labels). A colon at the end ("Belag:") is a label's.
_KEY_VALUE = re.compile(r":\s*\S")
_BREADCRUMB_SEPARATORS = re.compile(r"\s+(?:>|›|»|/|\\|→|::)\s+")


# How ``_counter_pattern`` and ``_SLIDE_COUNTER`` open: a match starts with a decimal digit.
_OPENS_WITH_DIGIT = r"^(?:\d"
assert _SLIDE_COUNTER.pattern.startswith(r"^\d")


def _notice_pattern() -> re.Pattern[str]:
    """Site notices (cookies, consent, affiliate, licence), found anywhere in a block."""
    return phrase_pattern(resources.all_phrases("notice"))


def _counter_pattern() -> re.Pattern[str]:
    nouns = "|".join(re.escape(n) for n in sorted(resources.all_phrases("counter"), key=len, reverse=True))
    return re.compile(rf"^(?:\d[\d.,]*\s*[km]?\+?\s*(?:{nouns})\s*)+$")


@dataclass(frozen=True)
class TemplateLine(BlockRule):
    """Copyright, cookie, tag-list and engagement-counter lines."""

    name: ClassVar[str] = "template_line"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    context_free: ClassVar[bool] = True  # reads the block only
    phrases: re.Pattern[str] = field(
        default_factory=lambda: phrase_pattern(resources.all_phrases("boilerplate"), anchored=True)
    )
    counters: re.Pattern[str] = field(default_factory=_counter_pattern)
    # Notices ("... Informujemy, że korzystamy z cookies.") are found anywhere in the block.
    notices: re.Pattern[str] = field(default_factory=_notice_pattern)
    # A cookie notice runs to ~40 words; "Tags: a, b, c, ..." can be long but is all labels.
    max_words: int = 40
    # Phrase hits on longer blocks need the block to be label-like (no full stop): "Print" opens
    # "Print media lost readers in 2023." as well.
    max_words_sentence: int = 6

    # Words one of which every block the phrase pattern finds something in has.
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        phrases, notices = required_words(self.phrases), required_words(self.notices)
        needs = None if phrases is None or notices is None else phrases | notices
        object.__setattr__(self, "needs", needs)

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # ``check``'s ways in: a copyright sign, a counter (or slide counter), a notice, a
        # template phrase. On a page of short blocks each way is looked for only in the blocks
        # that can have it: a regular expression call per block and pattern was most of this
        # rule's time, and most pages have no copyright sign and few lines opening with a digit.
        if self.max_words > SHORT_BLOCK_WORDS:
            return self._matching(pick(page.folded, indices), indices, signs=True, counters=True, phrases=True)
        text = page.short_text  # every block within the word bounds is a line of it
        # What ``_COPYRIGHT`` (case-insensitive) needs: "©", "(c" or "&c" in either case.
        signs = self._matching(pick(page.folded, indices), indices, signs=True) if any(
            mark in text for mark in _COPYRIGHT_MARKS
        ) else []
        counters: list[int] = []
        if not self.counters.pattern.startswith(_OPENS_WITH_DIGIT):  # a counter pattern of one's own
            counters = self._matching(pick(page.folded, indices), indices, counters=True)
        elif _LINE_DIGIT.search("\n" + text):  # both counter patterns open with a digit
            digits = list(compress(indices, map(str.isdecimal, map(_FIRST_CHAR, pick(page.folded, indices)))))
            counters = self._matching(pick(page.folded, digits), digits, counters=True)
        worded = holding(page, self.needs, self.max_words, indices)
        phrases = self._matching(pick(page.folded, worded), worded, phrases=True)
        return sorted({*signs, *counters, *phrases})

    def _matching(self, folded: Sequence[str], indices: list[int], *, signs: bool = False, counters: bool = False,
                  phrases: bool = False) -> list[int]:
        """Of ``indices`` (with their folded texts), the blocks that have one of the ways in
        asked for, each tested by its pattern mapped over them in C."""
        found: list[Iterable[bool]] = []
        if signs:
            found.append(map(bool, map(_COPYRIGHT.search, folded)))
        if counters:
            found.append(map(bool, map(self.counters.match, folded)))
            found.append(map(bool, map(_SLIDE_COUNTER.match, folded)))
        if phrases:
            found.append(map(bool, map(self.phrases.search, folded)))
            found.append(map(bool, map(self.notices.search, folded)))
        return list(compress(indices, map(any, zip(*found))))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        folded = block.folded
        if _COPYRIGHT.search(folded) and block.word_count <= 25:
            return Finding("copyright sign")
        if self.counters.match(folded):
            return Finding("engagement counter")
        if _SLIDE_COUNTER.match(folded):
            return Finding("slide counter")
        notice = self.notices.search(folded)
        if notice:
            return Finding(f"site notice={notice.group()!r}")
        hit = self.phrases.search(folded)
        if not hit:
            return None
        phrase = hit.group()
        sentence = block.word_count > self.max_words_sentence and block.ends_sentence
        if sentence and not is_specific(phrase):
            return None
        return Finding(f"template phrase={phrase!r}")


# A footer notice that opens with the copyright sign and a year, and reserves rights: "© 2004-2020
# Example Media Ltd. All rights reserved. ... Any medical information published ..." runs to 60
# words on the devset dumps. Without the year and the rights it may be a picture credit glued to
# the first paragraph ("© Provided by Business Insider Inc Nintendo and Apple shocked ...").
_COPYRIGHT_LEAD = re.compile(r"^\W{0,3}(?:©|\(c\)|&copy;?)\s*(?:copyright\s*)?\d{4}", re.IGNORECASE)


@dataclass(frozen=True)
class LongNotice(BlockRule):
    """A block too long for ``TemplateLine`` that opens with a copyright sign or with a site
    notice ("This entry was posted in ... on ...", "Der Beitrag wurde am ... veröffentlicht
    und wurde unter ... abgelegt"): article paragraphs open with neither."""

    name: ClassVar[str] = "long_notice"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    context_free: ClassVar[bool] = True  # reads the block only
    # From where ``TemplateLine`` stops taking a block for its copyright sign alone.
    min_words: int = 26
    # A footer's legal paragraph or a blog post's filing line with many categories; longer is
    # a page glued into one line, where a notice at the start says nothing about the rest.
    max_words: int = 120
    notices: re.Pattern[str] = field(default_factory=_notice_pattern)
    # "All rights reserved" and its wordings per language, which a copyright notice holds.
    rights: re.Pattern[str] = field(default_factory=lambda: phrase_pattern(resources.all_phrases("rights")))
    # The notice must stand in the block's opening (a filing line's notice follows its date:
    # "Der Beitrag wurde am Mittwoch, den 27. November 2019 um 15:21 Uhr veröffentlicht und
    # wurde unter ..." has it at character 80); deeper in, it is quoted by an article paragraph.
    max_notice_offset: int = 100

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        folded = pick(page.folded, indices)
        # Mapped in C over the page; ``check`` then tests where the notice stands.
        leads = map(bool, map(_COPYRIGHT_LEAD.match, folded))
        longest = longest_phrase(self.notices)
        if longest is not None:
            # A notice that starts by ``max_notice_offset`` lies in the block's opening (one
            # character more for the word boundary after it): search only that, not the whole
            # paragraph, which was most of this rule's time. Cut there, the text may hold a
            # notice the whole does not (a word cut short), never the other way round.
            folded = list(map(itemgetter(slice(self.max_notice_offset + longest + 1)), folded))
        return compress(indices, map(or_, leads, map(bool, map(self.notices.search, folded))))

    def _notice(self, folded: str) -> re.Match[str] | None:
        notice = self.notices.search(folded)
        return notice if notice is not None and notice.start() <= self.max_notice_offset else None

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        folded = block.folded
        if _COPYRIGHT_LEAD.match(folded) and self.rights.search(folded):
            return Finding("opens with a copyright notice")
        notice = self._notice(folded)
        return Finding(f"opens with a site notice={notice.group()!r}") if notice else None


def is_specific(phrase: str) -> bool:
    """A phrase that is template wherever it opens a block, even a sentence: a label with a
    colon ("Tags:"), a notice ("copyright", "we use cookies") or any phrase of three or more
    words ("your email address will not be published"). One or two words ("print",
    "comments") also open article sentences ("Print media lost readers.")."""
    return phrase.endswith(":") or len(phrase.split()) >= 3 or any(
        w in phrase for w in ("cookie", "right", "прав", "recht", "droit", "derecho")
    )


@dataclass(frozen=True)
class Breadcrumb(BlockRule):
    """ "Home > News > World": two or more separators between short segments."""

    name: ClassVar[str] = "breadcrumb"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    context_free: ClassVar[bool] = True  # reads the block only
    max_segment_words: int = 4
    max_words: int = 20

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        return compress(indices, map(_SEPARATOR_CHAR.search, pick(page.texts, indices)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        if block.ends_sentence or not any(sep in block.text for sep in ">›»/\\→:"):
            return None
        segments = _BREADCRUMB_SEPARATORS.split(block.text)
        if len(segments) < 3 or any(len(s.split()) > self.max_segment_words for s in segments):
            return None
        return Finding(f"breadcrumb of {len(segments)} segments")


def _plain_in_article(page: Page, in_main: list[bool]) -> Iterator[bool]:
    """HTML only, for every block: a short line of plain text (no link) inside the article
    container is a spec sheet, a list of ingredients or a subheading; menus are links.
    (Column-wise, in C: a Python test a block was more than half of this rule's time.)"""
    link_chars = map(_LINK_CHARS, page.blocks)
    mostly_plain = map(lt, map(mul, link_chars, repeat(2)), map(len, page.texts))
    return map(and_, mostly_plain, in_main)


# A menu item: at most this many words and no sentence end.
MAX_LABEL_WORDS = 3


_ENDS, _LINK_CHARS = attrgetter("ends_sentence"), attrgetter("link_chars")
_CODES = {(False, False): "x", (False, True): "L", (True, False): "t", (True, True): "t"}


@dataclass(frozen=True)
class MenuRun:
    """Three or more label-like lines in a row (a menu or a share bar)."""

    name: ClassVar[str] = "menu_run"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    # Two labels in a row occur in articles (a heading and a one-word subheading); three
    # rarely do. Chosen on the devset dumps' menus.
    min_run: int = 3

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        # One character per block, "L" a free label, "t" taken, "x" anything else (the title
        # too); a run is labels with removed lines between them: a regular expression finds
        # the runs for the whole page instead of a Python step per block. Findings claim only
        # blocks before the ones still to be read, so ``taken`` can be read up front.
        # Whether a block is a label is a fact about the block alone (its words, its links,
        # where it lies): worked out once, kept for later passes.
        labels = per_block(page, state, id(self), lambda: _labels(page))
        codes = "".join(map(_CODES.__getitem__, zip(state.taken, labels)))
        if state.title_index is not None:
            title = state.title_index
            codes = f"{codes[:title]}x{codes[title + 1:]}"
        for run in _label_runs(self.min_run).finditer(codes):
            labels_in_run = run.group().count("L")
            yield run.start(), Finding(f"{labels_in_run} label-like lines in a row", last=run.end() - 1)


def _labels(page: Page) -> list[bool]:
    """Which blocks of the page are label-like: short, no sentence end, no key-value row and,
    on HTML with an article container, not a plain line inside it."""
    labels = list(map(and_, map(le, page.word_counts, repeat(MAX_LABEL_WORDS)), map(not_, map(_ENDS, page.blocks))))
    # Key-value rows are no labels; the pattern needs a colon, so it runs on the few short
    # lines that have one.
    texts = page.texts
    for index in compress(range(len(labels)), map(and_, labels, map(str.__contains__, texts, repeat(":")))):
        labels[index] = not _KEY_VALUE.search(texts[index])
    # Nor are lines of code: a program printed in an article is short lines with no sentence
    # end, and no menu has braces, semicolons or calls in it.
    candidates = list(compress(range(len(labels)), labels))
    candidates = list(compress(candidates, map(not_, map(CODE_CHARS.isdisjoint, pick(texts, candidates)))))
    for index in compress(candidates, map(CODE_LINE.search, pick(texts, candidates))):
        labels[index] = False
    in_main = page.in_main
    if in_main is not None:  # HTML with an article container: its plain lines are no menu
        labels = list(map(and_, labels, map(not_, _plain_in_article(page, in_main))))
    return labels


@cache
def _label_runs(min_run: int) -> re.Pattern[str]:
    """Runs of at least ``min_run`` labels ("L") with removed lines ("t") between them, each
    found whole (greedy): shorter runs, most of them a lone label, make no match object."""
    return re.compile(f"L(?:t*L){{{max(min_run - 1, 0)},}}")
