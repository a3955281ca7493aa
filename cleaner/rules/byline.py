"""Bylines, photo credits and datelines: removed from the text, their values kept as metadata.

- ``GluedByline``: an author's name glued to a section label, as scrapers produce from
  ``<a>Daria Durova</a><a>Life</a>``: "Daria DurovaLife" -> author "Daria Durova", section
  "Life". The glue is a lower-case letter directly followed by a capitalised word.
- ``AuthorLine``: "By Jane Doe", "Author: Jane Doe", "Автор: ...", "Jane Doe, Reuters".
- ``PhotoCredit``: "Photo: Reuters", "Getty Images", "Фото: УНІАН" (reason ``caption``).
- ``Dateline``: a block that is only a date and time, with words such as "Updated".

All of them only look at short blocks whose words are names: "By the end of the year ..."
starts like a byline but goes on in lower case, so it is prose and stays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress, filterfalse, repeat
from operator import itemgetter, methodcaller, or_
from typing import ClassVar

from .. import resources
from ..model import Block, Finding, Page
from ..reasons import Reason
from .base import BlockRule, PageState, holding, pick
from .matching import key_words, phrase_pattern, required_words

# Names are 2..4 words ("Jane Doe", "Mary Ann van Dyke"); particles between them are allowed.
MAX_NAME_WORDS = 5
_NAME_PARTICLES = frozenset(
    ["van", "von", "der", "de", "da", "di", "del", "la", "le", "bin", "ibn", "al", "el", "ben", "mc", "mac", "o"]
)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.\-]*(?:[-'’][^\W\d_]+)*\.?$")
_SEPARATORS = re.compile(r"\s*(?:,|\||/|·|•|—|–|\band\b|\bund\b|\bet\b|\by\b|\bи\b|\bі\b|&)\s*")
_GLUE = re.compile(r"^(?P<name>.+[^\W\d_A-ZА-ЯЁІЇЄҐ])(?P<section>[A-ZА-ЯЁІЇЄҐ][^\W\d_A-ZА-ЯЁІЇЄҐ]{2,})$")
_NUMERIC_DATE = re.compile(
    r"\b(?:(?P<y1>\d{4})[-./](?P<m1>\d{1,2})[-./](?P<d1>\d{1,2})"
    r"|(?P<d2>\d{1,2})[-./](?P<m2>\d{1,2})[-./](?P<y2>\d{4}))\b"
)
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_FIRST_TOKEN = re.compile(r"[^\W\d_]+|\d+|$")  # ``search`` finds the first token, or ""
_GROUP = methodcaller("group")
_DIGIT = re.compile(r"\d")
_CREDIT_SEPARATORS = re.compile(r"\s*(?:/|,|\||via|©)\s*")
# How a glued byline ends: a lower-case letter, then a capitalised word (see ``_GLUE``).
_GLUE_TAIL = re.compile(r"[^\W\d_A-ZА-ЯЁІЇЄҐ][A-ZА-ЯЁІЇЄҐ][^\W\d_A-ZА-ЯЁІЇЄҐ]{2,}$")
# Column helpers for the ``candidates`` filters (C-level callables, no Python frame per block).
_LAST, _FIRST = itemgetter(-1), itemgetter(0)
_RSPLIT_ONE = methodcaller("rsplit", None, 1)
_PARTITION_SPACE = methodcaller("partition", " ")
_CREDIT_LSTRIP, _CREDIT_RSTRIP = methodcaller("lstrip", "©("), methodcaller("rstrip", ")")


def _either(*needs: frozenset[str] | None) -> frozenset[str] | None:
    """The words a rule with several ways in needs: any of theirs (None if one is unknown)."""
    return None if None in needs else frozenset().union(*needs)  # type: ignore[arg-type]


def is_name(text: str) -> bool:
    """Two to five capitalised words (particles allowed): a person's name.

    >>> is_name("Daria Durova"), is_name("Mary Ann van Dyke"), is_name("the end of the year")
    (True, True, False)
    """
    parts = text.split()
    if not 2 <= len(parts) <= MAX_NAME_WORDS:
        return False
    capitalised = [p for p in parts if p.lower() not in _NAME_PARTICLES]
    return len(capitalised) >= 2 and all(
        _NAME_WORD.match(p) and p[0].isupper() for p in capitalised
    )


def names_in(text: str) -> list[str]:
    """Split "Jane Doe and John Roe, Reuters" into its parts and keep those that are names."""
    return [part for part in _SEPARATORS.split(text.strip(" .:;")) if part and is_name(part)]


@dataclass(frozen=True)
class GluedByline(BlockRule):
    """An author's name glued to a section label ("Daria DurovaLife")."""

    name: ClassVar[str] = "byline_glued_section"
    reason: ClassVar[Reason] = Reason.BYLINE
    content_candidates: ClassVar[bool] = True  # ``candidates`` reads each block's last word
    sections: frozenset[str] = field(
        default_factory=lambda: frozenset(resources.all_phrases("section"))
    )
    # Without a known section label we only trust the shape near the top of the page, where
    # bylines sit; the seed's is the 2nd block.
    max_unknown_section_position: int = 8
    min_words: int = 2
    max_words: int = MAX_NAME_WORDS

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # The glue ends the block, so it ends its last word: test that word, not the block.
        last_words = map(_LAST, map(_RSPLIT_ONE, map(str.strip, pick(page.texts, indices))))
        return compress(indices, map(_GLUE_TAIL.search, last_words))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        if block.ends_sentence:
            return None
        glued = _GLUE.match(block.text.strip())
        if not glued or not is_name(glued["name"]):
            return None
        section = glued["section"]
        known = section.casefold() in self.sections
        if not known and block.index > self.max_unknown_section_position:
            return None
        return Finding(
            f"name={glued['name']!r} glued to section={section!r}"
            + (" (known section)" if known else f" (block {block.index} near the top)"),
            metadata=(("author", glued["name"]), ("section", section)),
        )


@dataclass(frozen=True)
class AuthorLine(BlockRule):
    """ "By Jane Doe", "Author: Jane Doe", "Jane Doe, Reuters"."""

    name: ClassVar[str] = "byline_author"
    reason: ClassVar[Reason] = Reason.BYLINE
    context_free: ClassVar[bool] = True  # reads the block only
    lead_ins: re.Pattern[str] = field(
        default_factory=lambda: phrase_pattern(resources.all_phrases("byline"), anchored=True)
    )
    agencies: frozenset[str] = field(
        default_factory=lambda: frozenset(resources.word_list("agencies"))
    )
    # "By Jane Doe and John Roe, Reuters | Updated 11 Sep 2023 12:30" is 14 words.
    min_words: int = 2
    max_words: int = 16

    # The last word of each agency name ("images" of "getty images"), for a cheap first test.
    agency_words: frozenset[str] = field(init=False)
    # Words one of which every block ``check`` accepts has (see ``base.holding``).
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "agency_words", frozenset(a.rsplit(None, 1)[-1] for a in self.agencies))
        object.__setattr__(self, "needs", _either(required_words(self.lead_ins), key_words(self.agency_words)))

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # A lead-in, or a last word that ends an agency name (``check``'s two ways in).
        indices = holding(page, self.needs, self.max_words, indices)
        folded = pick(page.folded, indices)
        lead = map(bool, map(self.lead_ins.search, folded))
        last_words = map(_LAST, map(_RSPLIT_ONE, folded))
        return compress(indices, map(or_, lead, map(self.agency_words.__contains__, last_words)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        lead = self.lead_ins.search(block.folded)
        if lead:
            rest = block.text[lead.end() :].lstrip(" :—–-")
            found = names_in(_before_date(rest))
            if found and rest[: len(found[0])] == found[0]:
                return Finding(f"lead-in={lead.group()!r} name={found[0]!r}",
                               metadata=(("author", ", ".join(found)),))
            return None
        # "Jane Doe, Reuters": cheap test on the last word before splitting the block.
        if block.folded.rsplit(None, 1)[-1] not in self.agency_words:
            return None
        parts = [p for p in _SEPARATORS.split(block.text.strip()) if p]
        if len(parts) >= 2 and parts[-1].casefold() in self.agencies and all(
            is_name(p) for p in parts[:-1]
        ):
            authors = ", ".join(parts[:-1])
            return Finding(f"name={authors!r} agency={parts[-1]!r}", metadata=(("author", authors),))
        return None


def _before_date(text: str) -> str:
    """The part of a byline before a date or a '|' separator."""
    return re.split(r"\s*\|\s*|\s+\d", text, maxsplit=1)[0]


@dataclass(frozen=True)
class PhotoCredit(BlockRule):
    """ "Photo: Reuters", "Фото: УНІАН", "Getty Images", "AP Photo/Jane Doe"."""

    name: ClassVar[str] = "photo_credit"
    reason: ClassVar[Reason] = Reason.CAPTION
    context_free: ClassVar[bool] = True  # reads the block only
    lead_ins: re.Pattern[str] = field(
        default_factory=lambda: phrase_pattern(resources.all_phrases("credit"), anchored=True)
    )
    agencies: frozenset[str] = field(
        default_factory=lambda: frozenset(resources.word_list("agencies"))
    )
    max_words: int = 10  # "Photo: Jane Doe / Getty Images via AFP" is 8
    # The first word of each agency name ("getty" of "getty images"), for a cheap first test.
    agency_heads: frozenset[str] = field(init=False)
    # Words one of which every block ``check`` accepts has (see ``base.holding``).
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "agency_heads", frozenset(a.split(None, 1)[0] for a in self.agencies))
        object.__setattr__(self, "needs", _either(required_words(self.lead_ins), key_words(self.agency_heads)))

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        indices = holding(page, self.needs, self.max_words, indices)
        # ``check``'s two ways in: a lead-in, or a first word that starts an agency name.
        # Folded text has single spaces, so the first word is what comes before the first.
        bare = list(map(_CREDIT_RSTRIP, map(_CREDIT_LSTRIP, pick(page.folded, indices))))
        lead = map(bool, map(self.lead_ins.search, bare))
        first_words = map(_FIRST, map(_PARTITION_SPACE, map(str.strip, bare)))
        return compress(indices, map(or_, lead, map(self.agency_heads.__contains__, first_words)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        folded = block.folded.lstrip("©(").rstrip(")")
        lead = self.lead_ins.search(folded)
        rest = folded[lead.end() :].lstrip() if lead else ""
        # "Fot. Jan Kowalski / Agencja Gazeta": an abbreviated lead-in, on a line with no
        # sentence end (a sentence may open with "Photo." too).
        if lead and (rest.startswith((":", "©", "by ")) or (rest.startswith(". ") and not block.ends_sentence)):
            return Finding(f"credit lead-in={lead.group()!r}")
        if not folded or folded.split(None, 1)[0] not in self.agency_heads:
            return None  # cheap test before splitting: credits start with an agency name
        parts = [p for p in _CREDIT_SEPARATORS.split(folded) if p]
        if parts and all(p in self.agencies for p in parts):
            return Finding(f"only agency names: {parts!r}")
        return None



@dataclass(frozen=True)
class Dateline(BlockRule):
    """A block that is only a date, a time and words like "Updated": the value goes to ``date``."""

    name: ClassVar[str] = "dateline"
    reason: ClassVar[Reason] = Reason.BYLINE
    context_free: ClassVar[bool] = True  # reads the block only
    date_words: frozenset[str] = field(
        default_factory=lambda: frozenset(resources.all_phrases("dateline"))
    )
    min_words: int = 2
    max_words: int = 12

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # A digit somewhere, and a first token that is a number or a date word (every token is).
        indices = list(compress(indices, map(_DIGIT.search, pick(page.texts, indices))))
        firsts = list(map(_GROUP, map(_FIRST_TOKEN.search, pick(page.folded, indices))))
        indices = list(compress(indices, map(or_, map(str.isdigit, firsts), map(self.date_words.__contains__, firsts))))
        # ... and every word a date word, tested in C: many lines open with a number ("3
        # comments", "10 things to ..."), and each costs a ``check`` call otherwise.
        words = map(filterfalse, repeat(str.isdigit), map(_TOKEN.findall, pick(page.folded, indices)))
        return compress(indices, map(self.date_words.issuperset, words))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        if not _DIGIT.search(block.text):
            return None
        tokens = _TOKEN.findall(block.folded)
        words = [t for t in tokens if not t.isdigit()]
        # Every word is a date word, and there is a number: "Updated 11 Sep 2023, 12:30".
        if not self.date_words.issuperset(words) or len(words) == len(tokens):
            return None
        if not (words or _NUMERIC_DATE.search(block.text)):
            return None
        return Finding(f"date-only block: {block.text!r}", metadata=(("date", _iso_date(block.text)),))


def _iso_date(text: str) -> str:
    """ISO 8601 when the date is numeric, else the dateline as written.

    >>> _iso_date("11.09.2023, 12:30"), _iso_date("September 11, 2023")
    ('2023-09-11', 'September 11, 2023')
    """
    match = _NUMERIC_DATE.search(text)
    if match:
        year, month, day = (match["y1"], match["m1"], match["d1"]) if match["y1"] else (
            match["y2"], match["m2"], match["d2"]
        )
        if 1 <= int(month) <= 12 and 1 <= int(day) <= 31:
            return f"{year}-{int(month):02d}-{int(day):02d}"
    return text.strip()
