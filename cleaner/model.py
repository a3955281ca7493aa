"""The data model: blocks of a page, what rules find, what the pipeline removes. No I/O here."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from .reasons import Reason
from .textutil import ends_sentence, fingerprint, fold, words


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph, heading, list item, caption or line of a page, with what rules read.

    ``start``/``end`` are character offsets into ``Page.source`` and ``line``/``last_line`` the
    1-based lines there; for HTML, ``source`` is the page's visible text, one block a line.
    """

    index: int
    text: str
    start: int
    end: int
    line: int
    last_line: int
    gap_before: bool = False  # a blank line (or a block-level break) separates it from the previous
    kind: str = "line"  # line | heading | paragraph | list_item | caption | quote | code | cell
    path: str = ""  # DOM path (HTML only), e.g. "body/article/figure/figcaption"
    context: frozenset[str] = frozenset()  # ancestor tags and class/id words (HTML only)
    link_chars: int = 0  # characters of the text inside <a> elements (HTML only)
    verdict: str = ""  # jusText's class: good | neargood | short | bad ("" when not run)
    folded: str = field(init=False)
    key: str = field(init=False)  # fingerprint: equal for near-duplicates
    word_count: int = field(init=False)
    ends_sentence: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "folded", fold(self.text))
        object.__setattr__(self, "key", fingerprint(self.text))
        object.__setattr__(self, "word_count", len(words(self.text)))
        object.__setattr__(self, "ends_sentence", ends_sentence(self.text))

    @property
    def link_density(self) -> float:
        """Share of the block's characters that are link text (0.0 for plain text input)."""
        return self.link_chars / len(self.text) if self.text else 0.0


@dataclass(frozen=True)
class PageMeta:
    """Metadata the segmenter found outside the blocks (HTML ``<meta>``, JSON-LD)."""

    title: str | None = None
    author: str | None = None
    date: str | None = None
    section: str | None = None
    lang: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None


@dataclass(frozen=True)
class Page:
    """An immutable document: its blocks and what is known about it."""

    blocks: tuple[Block, ...]
    source: str
    kind: str = "text"  # text | html
    url: str | None = None
    lang: str | None = None
    meta: PageMeta = PageMeta()

    @cached_property
    def key_counts(self) -> Counter[str]:
        """How many blocks of the page share each fingerprint."""
        return Counter(b.key for b in self.blocks if b.key)

    def __len__(self) -> int:
        return len(self.blocks)


@dataclass(frozen=True, slots=True)
class Finding:
    """What a rule found: its evidence, and optionally a run of blocks and metadata values.

    ``last`` is the index of the last block claimed when a rule claims a run starting at the
    block it was asked about (a sidebar heading and its teasers); ``None`` means one block.
    """

    evidence: str
    last: int | None = None
    metadata: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Removal:
    """One removed block (or run of blocks), why, by which rule, and the evidence."""

    reason: Reason
    rule: str
    text: str
    start: int
    end: int
    line: int
    last_line: int
    evidence: str
    path: str = ""

    def as_record(self) -> dict[str, Any]:
        """The plain dict written into datasets (see ``export.FEATURES``)."""
        return {
            "reason": str(self.reason),
            "rule": self.rule,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "evidence": self.evidence,
        }


@dataclass(frozen=True, slots=True)
class CleanResult:
    """The cleaned document: text, extracted metadata, and every removal with its reason."""

    text: str
    title: str | None = None
    author: str | None = None
    section: str | None = None
    date: str | None = None
    lang: str | None = None
    url: str | None = None
    removals: tuple[Removal, ...] = ()

    @property
    def paragraphs(self) -> list[str]:
        """The text split at blank lines."""
        return [p for p in self.text.split("\n\n") if p]

    def as_record(self, *, audit: bool = True) -> dict[str, Any]:
        """A plain dict for JSONL and datasets; ``audit`` adds the ``removed`` list."""
        record: dict[str, Any] = {
            "url": self.url,
            "title": self.title,
            "author": self.author,
            "section": self.section,
            "date": self.date,
            "lang": self.lang,
            "text": self.text,
        }
        if audit:
            record["removed"] = [r.as_record() for r in self.removals]
        return record
