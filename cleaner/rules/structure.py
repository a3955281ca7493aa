"""Rules that read the DOM evidence the HTML segmenter leaves on blocks.

They never see a parse tree: only ``Block.kind``, ``Block.context`` (ancestor tags and
class/id words), ``Block.link_chars``, ``Block.verdict`` and ``PageMeta.main_spans``. On
plain-text input those are empty, so these rules find nothing there and the text rules decide
alone.

- ``FigureCaption``: ``<figcaption>``/``<caption>`` text and blocks in caption/credit boxes.
- ``ContainerWords`` (one subclass per reason): blocks inside boxes whose tag or class/id
  words say sidebar (``aside``, ``related``), promo (``newsletter``, ``promo``), navigation
  (``share``, ``tags``, ``breadcrumb``) or boilerplate (``comments``, ``cookie``, ``footer``).
  The segmenter removes the article container's own words (and its ancestors') from the
  context of the blocks inside it, so ``<body class="has-sidebar">`` condemns nothing.
- ``LinkRun``: three or more consecutive short blocks that are nearly all link text (a rail of
  teasers without a label), unless the paragraph before introduces them with a colon.
- ``LinkedInsert``: "Read also: <a>Another story</a>" between paragraphs: a sidebar label
  (the phrase lists) followed by link text.
- ``SectionLabel``: the section kicker above the headline, when the metadata names it.
- ``OrphanHeading``: a heading whose whole section the rules above removed ("Related stories"
  over a rail of teasers).
- ``OutsideMain``: every block outside the article container, when the segmenter trusted one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import and_, attrgetter, ge, is_not, le, methodcaller, not_, or_
from typing import ClassVar

from .. import resources
from ..model import Block, Finding, Page
from ..reasons import Reason
from ..resources import word_list
from ..textutil import fold
from .base import BlockRule, PageState, per_block, pick
from .matching import phrase_pattern

_LABEL_TRIM = " \t»›>|•*#-–—"
_LABEL_LSTRIP = methodcaller("lstrip", _LABEL_TRIM)
_CUT_OFF = ("…", "...", "[…]", "[...]")


# Block columns for the ``candidates`` filters (C-level, no Python frame per block).
_CONTEXT, _KIND, _LINK_CHARS = attrgetter("context"), attrgetter("kind"), attrgetter("link_chars")
# Runs of blocks with a flag set, in a ``bytearray`` of one 0 or 1 a block.
_ONES = re.compile(rb"\x01+")


def _words(category: str) -> frozenset[str]:
    return frozenset(word_list(f"dom/{category}"))


@dataclass(frozen=True)
class FigureCaption(BlockRule):
    """Image captions and credits: ``<figcaption>``, table captions, caption/credit boxes."""

    name: ClassVar[str] = "figure_caption"
    reason: ClassVar[Reason] = Reason.CAPTION
    context_free: ClassVar[bool] = True  # reads the block only
    words: frozenset[str] = field(default_factory=lambda: _words("caption"))
    # Captions are a sentence or two; a long block in a "caption" box is prose wrapped in a
    # badly named container (seen on a devset page whose article body was "entry-caption").
    max_caption_words: int = 60
    # ... except in a gallery or slideshow (the segmenter leaves those words only on one that
    # sits in an article beside prose of its own), whose slides carry legends of any length.
    media: frozenset[str] = field(default_factory=lambda: _words("media"))
    # What ``check`` takes a block for besides its kind: the figure tag or a caption word.
    tells: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "tells", self.words | {"figure"})

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # Speed (text pages have neither): ``check`` needs a caption kind or one of ``tells``
        # in the DOM context. Tested for the whole page in C: most HTML blocks have some
        # context, and calling ``check`` on each was most of this rule's time.
        if page.plain:
            return ()
        blocks = pick(page.blocks, indices)
        in_box = map(not_, map(self.tells.isdisjoint, map(_CONTEXT, blocks)))
        return compress(indices, map(or_, in_box, map("caption".__eq__, map(_KIND, blocks))))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        if block.word_count > self.max_caption_words and self.media.isdisjoint(block.context):
            return None
        if block.kind == "caption":
            return Finding("kind=caption (figcaption or table caption)")
        if "figure" in block.context and block.kind != "heading":
            return Finding("inside <figure>")
        hit = block.context & self.words
        return Finding(f"container word={min(hit)!r}") if hit else None


@dataclass(frozen=True)
class ContainerWords(BlockRule):
    """Blocks inside a container whose tag or class/id words name template (base class)."""

    name: ClassVar[str] = "container_words"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    context_free: ClassVar[bool] = True  # the block, and whether it lies in the article container
    category: ClassVar[str] = "boilerplate"
    extra_tags: ClassVar[frozenset[str]] = frozenset()
    words: frozenset[str] = frozenset()
    # Prose guard: a long, sentence-ending, link-free block that jusText calls good is article
    # text in a container with a misleading name ("more" on a "read-more" wrapper); only
    # comment sections hold such prose legitimately as boilerplate (see ``guard_prose``).
    min_prose_words: int = 40
    guard_prose: ClassVar[bool] = True

    def __post_init__(self) -> None:
        if not self.words:
            object.__setattr__(self, "words", _words(self.category) | self.extra_tags)

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        # Speed (text pages have no DOM context): ``check`` needs one of the words in it.
        if page.plain:
            return ()
        return compress(indices, map(not_, map(self.words.isdisjoint, map(_CONTEXT, pick(page.blocks, indices)))))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        hit = block.context & self.words
        if not hit:
            return None
        if self.guard_prose and _prose(block, self.min_prose_words) and page.meta.in_main(block):
            return None
        # One finding for all the blocks of a page in containers with these words (the
        # blocks of a rail or a footer, most of an HTML page's removals): built once.
        findings: dict[frozenset[str], Finding] = state.memo.setdefault(id(self), {})
        finding = findings.get(hit)
        if finding is None:
            finding = findings[hit] = Finding(f"inside a {'/'.join(sorted(hit)[:3])} container")
        return finding


@dataclass(frozen=True)
class SidebarContainer(ContainerWords):
    name: ClassVar[str] = "sidebar_container"
    reason: ClassVar[Reason] = Reason.SIDEBAR
    category: ClassVar[str] = "sidebar"
    extra_tags: ClassVar[frozenset[str]] = frozenset({"aside"})


@dataclass(frozen=True)
class PromoContainer(ContainerWords):
    name: ClassVar[str] = "promo_container"
    reason: ClassVar[Reason] = Reason.PROMO
    category: ClassVar[str] = "promo"


@dataclass(frozen=True)
class NavigationContainer(ContainerWords):
    name: ClassVar[str] = "navigation_container"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    category: ClassVar[str] = "navigation"
    extra_tags: ClassVar[frozenset[str]] = frozenset({"nav"})


@dataclass(frozen=True)
class BoilerplateContainer(ContainerWords):
    name: ClassVar[str] = "boilerplate_container"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    category: ClassVar[str] = "boilerplate"
    guard_prose: ClassVar[bool] = False  # readers' comments are prose, and still not the article


def _prose(block: Block, min_words: int) -> bool:
    return (
        block.word_count >= min_words
        and block.ends_sentence
        # An excerpt cut off with an ellipsis ("... has turned…") is a teaser of another post.
        and not block.text.endswith(_CUT_OFF)
        and block.link_density < 0.2
        and block.verdict == "good"
    )


@dataclass(frozen=True)
class LinkRun:
    """A run of short, link-only blocks: a teaser rail or menu with no heading or class."""

    name: ClassVar[str] = "link_run"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    # Teaser and menu items are links through and through; a paragraph with a link in it is
    # not. 0.8 leaves room for a date or "(video)" outside the link.
    min_link_density: float = 0.8
    max_words: int = 25  # a teaser headline with its kicker
    min_run: int = 3  # two links in a row are often "Previous / Next" inside the article

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        if self.min_link_density > 0 and not any(map(_LINK_CHARS, page.blocks)):
            return  # speed: no links on the page (text input), so no linky block
        # One byte a block, 1 when it is free and linky: a regular expression finds the runs
        # for the whole page (a Python step a block was most of this rule's time). Findings
        # claim only blocks before the ones still to be read, so ``taken`` can be read up front.
        linky = map(and_, map(ge, page.link_densities, repeat(self.min_link_density)),
                    map(le, page.word_counts, repeat(self.max_words)))
        flags = bytearray(map(and_, linky, map(not_, state.taken)))
        if state.title_index is not None:
            flags[state.title_index] = 0
        for run in _ONES.finditer(flags):
            first, length = run.start(), run.end() - run.start()
            if length >= self.min_run and not _introduced(page, page.blocks[first]):
                yield first, Finding(f"{length} blocks of link density >= {self.min_link_density}", last=run.end() - 1)


def _introduced(page: Page, first: Block) -> bool:
    """The paragraph before the run ends with a colon: "The report's sources:" + a link list."""
    if first.index == 0:
        return False
    before = page.blocks[first.index - 1]
    return before.text.rstrip().endswith(":") and before.word_count >= 4


def _label_pattern() -> re.Pattern[str]:
    return phrase_pattern((p for p in resources.all_phrases("sidebar") if not p.endswith(" *")), anchored=True)


@dataclass(frozen=True)
class LinkedInsert(BlockRule):
    """A teaser insert: a sidebar label such as "Read also", then a link to another story."""

    name: ClassVar[str] = "linked_insert"
    reason: ClassVar[Reason] = Reason.SIDEBAR
    context_free: ClassVar[bool] = True  # reads the block only
    labels: re.Pattern[str] = field(default_factory=_label_pattern)
    max_words: int = 30  # the label and one headline
    # Most of the text after the label is the link; the label itself rarely is.
    min_link_density: float = 0.5

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        if self.min_link_density > 0:
            # Speed (text pages have no links): ``check`` needs link text.
            if page.plain:
                return ()
            indices = list(compress(indices, map(_LINK_CHARS, pick(page.blocks, indices))))
        # ... and a label: its pattern mapped over the blocks in C (most linked blocks have
        # none; a ``check`` call each was most of this rule's time).
        labels = map(_LABEL_LSTRIP, pick(page.folded, indices))
        return compress(indices, map(self.labels.search, labels))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        if block.link_density < self.min_link_density:
            return None
        hit = self.labels.search(block.folded.lstrip(_LABEL_TRIM))
        return Finding(f"label={hit.group()!r} link_density={block.link_density:.2f}") if hit else None


@dataclass(frozen=True)
class SectionLabel(BlockRule):
    """The kicker above a headline that names the page's section ("Local news"), when the
    page's metadata (``article:section``, JSON-LD ``articleSection``) names the same one."""

    name: ClassVar[str] = "section_label"
    reason: ClassVar[Reason] = Reason.NAVIGATION
    context_free: ClassVar[bool] = True  # the block, and the section the page's metadata names
    max_words: int = 5  # section names are labels

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        return indices if page.meta.section else ()  # speed: no section named, nothing to match

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        section = page.meta.section
        if not section or block.ends_sentence or block.folded != fold(section):
            return None
        return Finding(f"the page's section {section!r}")


_HEADING_LEVEL = re.compile(r"h([1-6])(?![\w-])")


def heading_level(block: Block) -> int | None:
    """The level of a heading block from the last segment of its DOM path; None for others.

    >>> heading_level(Block(0, "More on this", 0, 12, 1, 1, kind="heading", path="body/aside/h3.title"))
    3
    >>> heading_level(Block(0, "Text", 0, 4, 1, 1, kind="paragraph", path="body/p")) is None
    True
    """
    if block.kind != "heading":
        return None
    found = _HEADING_LEVEL.match(block.path.rpartition("/")[2])
    return int(found.group(1)) if found else None


@dataclass(frozen=True)
class OrphanHeading:
    """A heading whose whole section went to earlier rules: "Related stories" above a rail of
    teasers, "Comments" above the comments, "Share this page" above the buttons. The section
    runs to the next heading of the same or a higher level; a subheading inside it counts as
    content while it stays.

    Fails when an earlier rule wrongly removed a section's text: its heading goes too.
    """

    name: ClassVar[str] = "orphan_heading"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    max_words: int = 12  # section labels are short; a long heading is a headline or a question

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        blocks = page.blocks
        levels = self._levels(page, state)
        headings = list(compress(range(len(blocks)), map(is_not, levels, repeat(None))))
        # Backwards, so that a subheading whose section went is claimed before its parent is judged.
        for index in reversed(headings):
            if not state.free(index) or blocks[index].word_count > self.max_words:
                continue
            gone = _removed_section(levels, state, index)
            if gone:
                yield index, Finding(f"its section ({gone} blocks) was removed")

    def _levels(self, page: Page, state: PageState) -> list[int | None]:
        """``heading_level`` of every block (None for other blocks): a fact about each block
        alone, worked out once and kept for later passes."""
        return per_block(page, state, id(self), lambda: _heading_levels(page.blocks))


def _heading_levels(blocks: Sequence[Block]) -> list[int | None]:
    levels: list[int | None] = [None] * len(blocks)
    # Speed: text pages and most of any page have no heading.
    for index in compress(range(len(blocks)), map("heading".__eq__, map(_KIND, blocks))):
        levels[index] = heading_level(blocks[index])
    return levels


def _removed_section(levels: list[int | None], state: PageState, index: int) -> int:
    """How many blocks the section under the heading at ``index`` holds, all of them removed;
    0 when one of them stays (or the section is empty)."""
    level = levels[index] or 0
    end = index + 1
    while end < len(levels):
        other = levels[end]
        if other is not None and other <= level:
            break
        if state.free(end):
            return 0
        end += 1
    return end - index - 1


@dataclass(frozen=True)
class OutsideMain:
    """Blocks outside the article container the segmenter chose (menus, rails, footers that no
    other rule named). Runs last, so a more specific reason wins; claims runs of blocks."""

    name: ClassVar[str] = "outside_main"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    # The pipeline runs it on the first pass only: that pass leaves no free block outside the
    # main content (it claims them all, and the title stays the title), so later passes,
    # which see the blocks left, can find nothing.
    context_free: ClassVar[bool] = True

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        in_main = page.in_main
        if in_main is None:
            return
        # One byte a block, 1 when it is outside and free: a regular expression finds the runs
        # for the whole page (a Python step a block was most of this rule's time). Findings
        # claim only blocks before the ones still to be read, so ``taken`` can be read up front.
        outside = bytearray(map(not_, map(or_, in_main, state.taken)))
        if state.title_index is not None:
            outside[state.title_index] = 0
        evidence = f"outside the main content {_ranges(page)}"
        for run in _ONES.finditer(outside):
            yield run.start(), Finding(evidence, last=run.end() - 1)


def _ranges(page: Page) -> str:
    return "(source characters " + ", ".join(f"{a}-{b}" for a, b in page.meta.main_spans) + ")"
