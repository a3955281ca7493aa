"""The data model: blocks of a page, what rules find, what the pipeline removes. No I/O here."""

from __future__ import annotations

import dataclasses
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterable, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from functools import cached_property, partial
from itertools import accumulate, compress, filterfalse, repeat
from operator import and_, attrgetter, le, or_, truediv
from typing import Any, NamedTuple

from .reasons import Reason
from .textutil import count_words, fold, folded_fingerprint
from .textutil import ends_sentence as ends_sentence_


class _BlockFields(NamedTuple):
    # "index" shadows tuple.index(); the field name is public API (and in every rule), so the
    # method is given up on purpose.
    index: int  # type: ignore[assignment]
    text: str
    start: int
    end: int
    line: int
    last_line: int
    gap_before: bool = False
    kind: str = "line"
    path: str = ""
    context: frozenset[str] = frozenset()
    link_chars: int = 0
    verdict: str = ""
    folded: str = ""
    word_count: int = 0
    ends_sentence: bool = False


class Block(_BlockFields):
    """One paragraph, heading, list item, caption or line of a page, with what rules read.

    Immutable (a named tuple: cheap to build, which matters at 200 blocks a page and 1,000
    pages a second). Fields:

    - ``index``: position in ``Page.blocks``; ``start``/``end``: character offsets into
      ``Page.source``; ``line``/``last_line``: its 1-based lines there (for HTML, ``source`` is
      the page's visible text, one block a line);
    - ``gap_before``: a blank line (or a block-level break) separates it from the previous one;
    - ``kind``: line | heading | paragraph | list_item | caption | quote | code | cell;
    - ``path``: DOM path (HTML only), e.g. "body/article/figure/figcaption";
    - ``context``: ancestor tags and class/id words (HTML only);
    - ``link_chars``: characters of the text inside ``<a>`` elements (HTML only);
    - ``verdict``: jusText's class, good | neargood | short | bad ("" when not run);
    - ``folded``, ``word_count``, ``ends_sentence``: derived from ``text`` when not given (a
      segmenter that passes them must pass the same values: ``fold``, ``count_words``, ...).
    """

    __slots__ = ()

    def __new__(cls, index: int, text: str, start: int, end: int, line: int, last_line: int,
                gap_before: bool = False, kind: str = "line", path: str = "",
                context: frozenset[str] = frozenset(), link_chars: int = 0, verdict: str = "",
                folded: str | None = None, word_count: int | None = None,
                ends_sentence: bool | None = None) -> Block:
        return tuple.__new__(cls, (
            index, text, start, end, line, last_line, gap_before, kind, path, context,
            link_chars, verdict,
            fold(text) if folded is None else folded,
            count_words(text) if word_count is None else word_count,
            ends_sentence_(text) if ends_sentence is None else ends_sentence,
        ))

    @property
    def key(self) -> str:
        """Fingerprint: equal for near-duplicates (quotes, case, punctuation ignored).

        ``textutil.fingerprint(text)``, computed from ``folded``, which is ``fold(text)``.
        """
        return folded_fingerprint(self.folded)

    @property
    def link_density(self) -> float:
        """Share of the block's characters that are link text (0.0 for plain text input)."""
        return self.link_chars / len(self.text) if self.text else 0.0


# Builds a Block from a full tuple of fields, skipping ``Block.__new__`` (like ``Block._make``,
# but a C call): for code that has every field at hand, such as the segmenters.
new_block = partial(tuple.__new__, Block)


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
    authors: tuple[str, ...] = ()  # every author named (``author`` joins them with ", ")
    # Character spans [start, end) of ``Page.source`` that the HTML segmenter found to be the
    # article's main content (offsets, because block indices change between rule passes);
    # () means unknown (text input, or no container was trusted), and rules then ignore it.
    main_spans: tuple[tuple[int, int], ...] = ()
    # The encoding an HTML page's bytes were decoded with (Python's codec name: "utf-8",
    # "cp1251", ...; see ``decode``); None for str input and text.
    encoding: str | None = None

    def in_main(self, block: Block) -> bool | None:
        """Whether a block lies in the main content; None when that is unknown."""
        if not self.main_spans:
            return None
        return any(start <= block.start < end for start, end in self.main_spans)


class Pruned(NamedTuple):
    """Text of a page that readers see but the segmenter pruned before any rule (a ``<nav>``,
    a page footer, a signup form): the pipeline makes it a removal with this reason, so that
    no visible text leaves a page without one. Its lines are in ``Page.source`` between the
    blocks around it."""

    text: str  # one line per block-level element
    start: int
    end: int
    line: int
    last_line: int
    reason: Reason
    evidence: str
    path: str


_WORD_COUNT = attrgetter("word_count")
_FOLDED = attrgetter("folded")
_TEXT = attrgetter("text")
_START = attrgetter("start")
_WORD = re.compile(r"\w+")
_CONTEXT, _LINK_CHARS, _KIND = attrgetter("context"), attrgetter("link_chars"), attrgetter("kind")
_LINK_DENSITY = attrgetter("link_density")

# Blocks up to this many words can be captions, teasers or labels; longer ones are prose.
SHORT_BLOCK_WORDS = 40


@dataclass(frozen=True)
class Page:
    """An immutable document: its blocks and what is known about it."""

    blocks: tuple[Block, ...]
    source: str
    kind: str = "text"  # text | html
    url: str | None = None
    lang: str | None = None
    meta: PageMeta = PageMeta()
    pruned: tuple[Pruned, ...] = ()  # shown text the segmenter pruned (HTML only)

    @cached_property
    def _keys(self) -> dict[int, str]:
        return {}

    def key(self, index: int) -> str:
        """The fingerprint (``Block.key``) of a block, computed once per page and block."""
        keys = self._keys
        key = keys.get(index)
        if key is None:
            key = keys[index] = self.blocks[index].key
        return key

    def with_lang(self, lang: str | None) -> Page:
        """This page with its language set. What was worked out about its blocks (columns,
        fingerprints) carries over: none of it depends on the language."""
        page = dataclasses.replace(self, lang=lang)
        page.__dict__.update((name, value) for name, value in self.__dict__.items() if name not in page.__dict__)
        return page

    def _keeping(self, kept: Sequence[Block]) -> Page:
        """This page with only the ``kept`` blocks, re-indexed (the pipeline's page for its
        next pass). Fingerprints computed on this page carry over: they cost a fold each."""
        # Swap the index column for a new one, all in C (``_replace`` is a Python call a block).
        columns: list[Iterable[Any]] = list(zip(*kept)) or [()]
        columns[0] = range(len(kept))
        page = dataclasses.replace(self, blocks=tuple(map(new_block, zip(*columns))))
        keys = self._keys
        page.__dict__["_keys"] = {i: keys[b.index] for i, b in enumerate(kept) if b.index in keys}
        if "short_words" in self.__dict__:  # a superset of the new page's: still a valid filter
            page.__dict__["short_words"] = self.short_words
        if self.__dict__.get("plain"):  # fewer blocks carry no more markup evidence
            page.__dict__["plain"] = True
        return page

    @cached_property
    def word_counts(self) -> list[int]:
        """``Block.word_count`` of every block, in order (for C-level filters over the page)."""
        return list(map(_WORD_COUNT, self.blocks))

    @cached_property
    def plain(self) -> bool:
        """True when no block carries markup evidence: no DOM context, no link text, and every
        block a plain line (what the text segmenter makes). The rules that read only that
        evidence skip such a page whole instead of testing every block for it."""
        blocks = self.blocks
        return not any(map(_CONTEXT, blocks)) and not any(map(_LINK_CHARS, blocks)) and all(
            map("line".__eq__, map(_KIND, blocks))
        )

    @cached_property
    def _by_word_count(self) -> tuple[list[int], list[int]]:
        """Block indices ordered by word count (stable), and their word counts in that order."""
        counts = self.word_counts
        # Sorted from ``_indices``, so that both lists hold the same int objects (from 257 up
        # each int is an object of 32 bytes, and a large page has a few hundred thousand).
        order = sorted(self._indices, key=counts.__getitem__)
        return order, list(map(counts.__getitem__, order))

    @cached_property
    def _indices(self) -> list[int]:
        """0 .. n-1, the blocks' indices (shared by ``within`` and ``_by_word_count``)."""
        return list(range(len(self.blocks)))

    @cached_property
    def _within(self) -> dict[tuple[int, int], list[int]]:
        return {}

    def within(self, low: int, high: int) -> list[int]:
        """Indices of the blocks with ``low <= word_count <= high``, in page order.

        Why: most rules look only at blocks within word bounds, and a filter over the whole
        page per rule (a C-level map, but over every block) was a tenth of the text-mode time.
        The blocks are sorted by word count once per page; bounds then cost two bisections
        and a sort of the slice, and rules with the same bounds share the result. Callers
        must not change the returned list.

        >>> page = Page(blocks=tuple(Block(i, t, 0, 0, 1, 1) for i, t in enumerate(["a b c", "a", "a b"])), source="")
        >>> page.within(2, 3), page.within(0, 1), page.within(4, 9)
        ([0, 2], [1], [])
        """
        found = self._within.get((low, high))
        if found is None:
            order, counts = self._by_word_count
            first, last = bisect_left(counts, low), bisect_right(counts, high)
            # Bounds that take every block (most rules' on most pages) share one list: a list
            # of the indices per pair of bounds held nine copies of the page's index column
            # (a fifth of the memory on a 100,000-block page).
            found = self._indices if last - first == len(order) else sorted(order[first:last])
            self._within[(low, high)] = found
        return found

    @cached_property
    def in_main(self) -> list[bool] | None:
        """``PageMeta.in_main`` of every block, in order; None when that is unknown.

        Why: the rules that read it (``MenuRun``, ``OutsideMain``) asked for every block of
        every pass, a Python call and a generator a block; here each span costs two C-level
        maps over the page (with those rules' loops made column-wise too, 5% fewer rule
        instructions on the HTML devset).

        >>> blocks = tuple(Block(i, "x", start, start + 1, 1, 1) for i, start in enumerate([0, 5, 9, 12]))
        >>> Page(blocks=blocks, source="", meta=PageMeta(main_spans=((5, 10), (12, 13)))).in_main
        [False, True, True, True]
        """
        spans = self.meta.main_spans
        if not spans:
            return None
        starts = self.starts
        inside: Iterable[bool] = repeat(False, len(starts))
        for start, end in spans:  # start <= block.start < end, for one span and then the next
            inside = map(or_, inside, map(and_, map(start.__le__, starts), map(end.__gt__, starts)))
        return list(inside)

    @cached_property
    def link_densities(self) -> list[float]:
        """``Block.link_density`` of every block, in order: the same division, done in C."""
        lengths = list(map(len, self.texts))
        if 0 in lengths:  # an empty block's density is 0.0, where the division would fail
            return list(map(_LINK_DENSITY, self.blocks))
        return list(map(truediv, map(_LINK_CHARS, self.blocks), lengths))

    @cached_property
    def texts(self) -> list[str]:
        """``Block.text`` of every block, in order."""
        return list(map(_TEXT, self.blocks))

    @cached_property
    def starts(self) -> list[int]:
        """``Block.start`` of every block, in order: what names a block across the pipeline's
        passes, where its index changes."""
        return list(map(_START, self.blocks))

    @cached_property
    def folded(self) -> list[str]:
        """``Block.folded`` of every block, in order (for C-level matching over the page)."""
        return list(map(_FOLDED, self.blocks))

    @cached_property
    def _short(self) -> list[int]:
        """Indices of the short blocks (``SHORT_BLOCK_WORDS`` or fewer)."""
        return list(compress(range(len(self.blocks)), map(le, self.word_counts, repeat(SHORT_BLOCK_WORDS))))

    @cached_property
    def short_text(self) -> str:
        """The folded texts of the short blocks, one a line."""
        return "\n".join(map(self.folded.__getitem__, self._short))

    @cached_property
    def _short_starts(self) -> list[int]:
        """Where each short block's folded text starts in ``short_text``."""
        return list(accumulate(map((1).__add__, map(len, map(self.folded.__getitem__, self._short))), initial=0))

    def short_blocks_with(self, words: Iterable[str]) -> list[int]:
        """Indices of the short blocks whose folded text contains one of ``words`` (anywhere,
        not only as a whole word), in order. Plain substring search over ``short_text``: a
        word that is on the page is found at memchr speed, and each block is visited once."""
        text, starts, short = self.short_text, self._short_starts, self._short
        found: set[int] = set()
        for word in words:
            at = text.find(word)
            while at >= 0:
                line = bisect_right(starts, at) - 1
                found.add(short[line])
                at = text.find(word, starts[line + 1])  # on to the next block
        return sorted(found)

    @cached_property
    def short_words(self) -> AbstractSet[str]:
        """The words (``\\w+``) of the short blocks' folded texts: one set operation tells a
        phrase rule that no short block on the page can hold any of its phrases. On the
        pipeline's later passes it may also hold words of blocks removed on earlier ones.
        Callers must not change it.

        Most whitespace-separated tokens are one word each (``isalnum``: every character is
        a word character, and no ``_``): their distinct ones are taken as they are, and only
        the others (with punctuation, such as "reuters," or "sign-up") are split into words by
        the pattern, which costs several times more a character than ``split``.

        >>> page = Page(blocks=(Block(0, "Sign-up now, news_desk", 0, 0, 1, 1),), source="")
        >>> sorted(page.short_words)
        ['news_desk', 'now', 'sign', 'up']
        """
        tokens = set(self.short_text.split())
        split = list(filterfalse(str.isalnum, tokens))
        tokens.difference_update(split)
        tokens.update(_WORD.findall(" ".join(split)))
        return tokens  # not copied into a frozenset: callers only read it

    @cached_property
    def key_counts(self) -> Counter[str]:
        """How many short blocks (captions, teasers, labels) share each fingerprint."""
        return Counter(
            k for b in self.blocks if b.word_count <= SHORT_BLOCK_WORDS and (k := self.key(b.index))
        )

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
    # The encoding an HTML page's bytes were decoded with ("utf-8", "cp1251", ...; None for
    # str input and text): where a page's declared charset was wrong and its bytes were read
    # as UTF-8 instead, "utf-8" (and ``cleaner.decode`` logs a warning). It says how the input
    # was read, not what came out: a page given as bytes and as the same text gives equal
    # results. Not a dataset column.
    encoding: str | None = field(default=None, compare=False)
    # Where ``text`` came from: "article" (the blocks the rules kept), "pruned" (pruning left no
    # article, and the page was segmented again without it) or "structured_data" (the page
    # shows no article text; it is the page's JSON-LD ``articleBody`` or page data).
    text_source: str = "article"

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
            "text_source": self.text_source,
        }
        if audit:
            record["removed"] = [r.as_record() for r in self.removals]
        return record
