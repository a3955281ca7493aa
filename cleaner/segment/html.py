"""HTML segmenter: one safe lxml parse, one walk, blocks with DOM evidence, the article found.

What happens to a page, in order:

1. **Parse** with libxml2's HTML parser, no network, no DTD loading, comments and processing
   instructions dropped. HTML parsing never expands entities declared in a ``<!DOCTYPE>``
   (billion laughs) and never fetches external ones. libxml2 stops at 256 nested elements;
   we then parse once more with its 2048 limit, and raise ``MarkupError`` when even that is
   exceeded (a nesting bomb): a page silently cut at the bomb would lose its text.
2. **Prune** what is never article text: scripts, styles, templates, embedded media, form
   controls, elements hidden by ``hidden``, ``aria-hidden``, ``display:none`` or a hiding
   class, ``<nav>`` and landmark roles (navigation, banner, contentinfo, complementary,
   search), page headers and footers outside ``<article>``/``<main>``, and forms that hold
   no article (ASP.NET pages wrap the whole page in one form, so a form with paragraphs stays).
   Site profiles add their own selectors to drop.
3. **Walk** the tree once (``iterwalk``, no recursion) and cut it into blocks the way jusText
   does: block-level tags and ``<br>`` end a block, inline text joins it. Each block gets its
   kind, DOM path, context (ancestor tags and class/id words), link characters.
4. **Judge**: jusText's classifier on the blocks (``justext_verdicts``), then the container
   scoring of ``segment.article`` picks the article; the source spans of its blocks go to
   ``PageMeta.main_spans`` for the rules (which never see the tree).

Work is linear in the page size; pages above ``max_chars`` are refused with ``MarkupError``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from itertools import accumulate
from operator import add, attrgetter, itemgetter

from lxml import etree

from ..decode import decode
from ..errors import MarkupError
from ..model import Block, Page, Pruned, new_block
from ..reasons import Reason
from ..resources import word_list
from ..textutil import SENTENCE_END, count_words, fingerprint
from .article import (
    CLASS_WEIGHT,
    LEVEL_SHARES,
    SCORED_LEVELS,
    TAG_SCORES,
    Node,
    choose_main,
    merge_ranges,
    paragraph_points,
)
from .htmlmeta import extract_meta
from .stoplists import detect_language, justext_verdicts, stoplist_names
from .text import _fold_and_count as fold_and_count

# Refuse pages above this many characters: the devset's largest page is 1.6 MB (median 110 kB),
# so 10 M leaves room for heavy pages; beyond it is a dump or an attack, and the work grows
# with the size (a few seconds for 10 MB on one core).
MAX_CHARS = 10_000_000
# libxml2's depth limits: 256 by default, 2048 with XML_PARSE_HUGE (lxml's huge_tree).
_DEPTH_ERROR = "Excessive depth"
# Path segments shown in ``Block.path``: enough to recognise the container, bounded for deep pages.
MAX_PATH_SEGMENTS = 12
# Longer ids are heading anchors or generated widget names, not box types (see ``_own_words``).
MAX_ID_WORDS = 2
# Words kept from one class/id attribute (utility-CSS pages carry dozens of classes).
MAX_CLASS_WORDS = 24

BLOCK_TAGS = frozenset(
    ["address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details", "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul"]
)
DROP_TAGS = frozenset(
    ["script", "style", "noscript", "template", "svg", "math", "canvas", "iframe", "frame", "frameset", "object", "embed", "applet", "video", "audio", "source", "track", "select", "option", "button", "input", "textarea", "head", "title", "meta", "link", "base", "map", "area", "dialog"]
)
# Between the cells of a row that became one block.
CELL_SEPARATOR = " | "
_CELL_BLOCKS = tuple(sorted(BLOCK_TAGS))
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
DROP_ROLES = frozenset(["navigation", "banner", "contentinfo", "complementary", "search", "menu", "menubar", "dialog", "alertdialog"])
HIDING_CLASSES = frozenset(
    ["hidden", "hide", "d-none", "sr-only", "sr-only-focusable", "visually-hidden", "visuallyhidden", "screen-reader-text"]
)
# Attributes besides ``class`` that can hide an element or make it a landmark to drop.
_HIDING_ATTRIBUTES = frozenset(["hidden", "aria-hidden", "style", "role"])
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_SPACE = re.compile(r"\s+")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*>")
_WORD_SPLIT = re.compile(r"[^0-9a-zA-Z]+|(?<=[a-z])(?=[A-Z])")
# The words of values without upper-case letters (most): no camelCase boundary to look for,
# so the words are the runs of letters and digits, and those of one character are dropped
# anyway. Finding the runs of two or more in one call costs half of splitting, filtering and
# lower-casing (12.7 k -> 5.9 k instructions for "article-body main"); a page has ~70 new values.
_WORD_RUNS = re.compile(r"[0-9a-zA-Z]{2,}")


def parse_html(
    html: str | bytes, *, max_chars: int = MAX_CHARS, name: str = "input", charset: str | None = None
) -> etree._Element:
    """Parse untrusted HTML safely into an lxml tree (see the module docstring). ``bytes``
    are decoded as browsers do (see ``decode``; ``charset`` is the HTTP header's)."""
    return _parse(html, max_chars=max_chars, name=name, charset=charset)[0]


def _parse(
    html: str | bytes, *, max_chars: int, name: str, charset: str | None = None
) -> tuple[etree._Element, str | None]:
    """``parse_html``'s tree, and the encoding its bytes were decoded with (None for str)."""
    if isinstance(html, str):
        text, data, encoding = html, None, None
    else:
        text, utf8, encoding = decode(html, name=name, charset=charset)
        data = html if utf8 else None  # libxml2 reads UTF-8 natively: no re-encoding
    return _parse_text(text, data, max_chars=max_chars, name=name), encoding


def _parse_text(text: str, data: bytes | None, *, max_chars: int, name: str) -> etree._Element:
    """Parse a decoded page (``data``: its exact UTF-8 bytes when at hand)."""
    if len(text) > max_chars:
        raise MarkupError(f"{name}: {len(text):,} characters is over the limit of {max_chars:,}")
    if "\x00" in text:  # libxml2 stops at NUL; browsers drop it
        text = text.replace("\x00", "")
        data = data.replace(b"\x00", b"") if data is not None else None
    if data is None:
        # Lone surrogates (a str decoded with surrogateescape) would make libxml2 drop the
        # whole page; "replace" makes each one a "?".
        data = text.encode("utf-8", "replace")
    declaration = _XML_DECLARATION.match(text)
    if declaration:  # an encoding it declares must not override ours
        text = text[declaration.end() :]
        data = data[len(declaration.group().encode("utf-8", "replace")) :]
    if not text or text.isspace():
        return _empty()
    for huge in (False, True):
        # etree's parser, not lxml.html's: plain elements, without a Python class lookup for
        # every element the walk touches (a tenth of the segmenter's time).
        parser = etree.HTMLParser(
            no_network=True, huge_tree=huge, remove_comments=True, remove_pis=True,
            default_doctype=False, collect_ids=False, compact=True, encoding="utf-8",
        )
        try:
            root = etree.fromstring(data, parser=parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError) as error:
            raise MarkupError(f"{name}: unparseable HTML ({error})") from None
        if root is None:  # nothing but a doctype or a comment
            return _empty()
        if not any(_DEPTH_ERROR in e.message for e in parser.error_log):
            return root
    raise MarkupError(f"{name}: elements nested more than 2048 deep (libxml2's limit); refusing a truncated page")


def _empty() -> etree._Element:
    html = etree.Element("html")
    etree.SubElement(html, "body")
    return html


@lru_cache(maxsize=16384)  # a pure function of the string: class values repeat within and across pages
def class_words(value: str) -> tuple[str, ...]:
    """Lower-case words of a class or id value, split at punctuation and camelCase.

    >>> class_words("article-body sidebarWidget  js_share2")
    ('article', 'body', 'sidebar', 'widget', 'js', 'share2')
    """
    if value == value.lower():
        return tuple(_WORD_RUNS.findall(value)[:MAX_CLASS_WORDS])
    return tuple([w.lower() for w in _WORD_SPLIT.split(value) if len(w) > 1][:MAX_CLASS_WORDS])


class _Block(Node):
    """A block-level element: its ``Node`` totals, and what the walk reads while it is open."""

    __slots__ = ("ancestors", "deep", "index", "kind", "marks", "path", "segments")
    index: int  # its place in ``_Walk.nodes``
    # Of its and its block ancestors' tags and class/id words, those that ``_kind`` reads
    # (``_KIND_WORDS``): the whole context is built later, and only for blocks holding text
    # (``_contexts``); a union per open element cost a tenth of the walk.
    marks: frozenset[str]
    # Its last ``MAX_PATH_SEGMENTS`` path segments, and whether more came before them.
    segments: tuple[str, ...]
    deep: bool
    # Its node index and those of its nearest block ancestors (``SCORED_LEVELS`` of them).
    ancestors: tuple[int, ...]
    kind: str  # the kind of its text (``_kind``) and its path: made when its first text is cut
    path: str

    def __init__(self, tag: str, index: int, parent: int, first: int, classes: str, own: frozenset[str],
                 weight: float, marks: frozenset[str], segments: tuple[str, ...], deep: bool,
                 ancestors: tuple[int, ...]) -> None:
        # Every field of both classes set in one call: the walk opens ~200 blocks a page, and
        # ``Node``'s generated ``__init__`` plus a frame object took twice as long. One store
        # a line: tuple assignments of four or more build and unpack a tuple (5.7 k -> 3.7 k
        # instructions a block). (``test_html`` checks that every ``Node`` field is set.)
        self.tag = tag
        self.parent = parent
        self.first = first
        self.end = 0
        self.chars = 0
        self.link_chars = 0
        self.good_chars = 0
        self.score = 0.0
        self.weight = weight
        self.classes = classes
        self.own = own
        self.children = []
        self.index = index
        self.marks = marks
        self.segments = segments
        self.deep = deep
        self.ancestors = ancestors
        self.kind = ""
        self.path = ""


# What the walk does at an element's start, by tag (any other tag is inline markup). Codes from
# ``_BLOCK`` up are block-level tags (``BLOCK_TAGS``).
_INLINE, _BREAK, _DROP, _NOT_ELEMENT, _BLOCK, _CELL, _SECTION, _DROP_BLOCK = range(8)
_ACTIONS: dict[object, int] = {
    **dict.fromkeys(DROP_TAGS, _DROP),
    **dict.fromkeys(BLOCK_TAGS, _BLOCK),
    **dict.fromkeys(("td", "th"), _CELL),  # a block, or a cell of a row read as one block
    **dict.fromkeys(("header", "footer", "form"), _SECTION),  # dropped by what they hold
    **dict.fromkeys(("nav", "dialog"), _DROP_BLOCK),
    "br": _BREAK,
    # Comments and processing instructions (the parser drops them) and entities: no text.
    **dict.fromkeys((etree.Comment, etree.ProcessingInstruction, etree.Entity), _NOT_ELEMENT),
}
# On the walk's stack: the outermost open ``<a>`` (link text ends with it).
_LINK = "a"
_INDEX = attrgetter("index")
_TAIL = itemgetter(slice(-8, None))  # ``ends_sentence`` reads a text's last 8 characters


@dataclass(frozen=True)
class HtmlOptions:
    """What a site profile changes in segmentation: XPath expressions to drop and to keep."""

    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    # False walks landmarks, page headers and footers and forms like any other element: the
    # fallback when pruning left no article (``Cleaner.clean_html``).
    prune: bool = True


@dataclass(slots=True)
class _Walk:
    """State of one walk over one tree (never shared between pages). The text blocks it cuts
    are kept column by column (``texts[i]``, ``link_chars[i]``, ...): later steps read whole
    columns."""

    nodes: list[_Block] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    link_chars: list[int] = field(default_factory=list)
    gaps: list[bool] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)
    owners: list[_Block] = field(default_factory=list)  # the innermost block element of each
    # Per open element: its ``_Block``, ``_LINK`` for the outermost ``<a>``, else None.
    stack: list[_Block | str | None] = field(default_factory=list)
    blocks_open: list[_Block] = field(default_factory=list)
    # Text and link text since the last cut. White space is not buffered while the buffer is
    # empty: a block's leading white space is dropped anyway, and most pieces are the
    # indentation between block tags.
    buffer: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    gap: bool = True
    keep_nodes: set[int] = field(default_factory=set)
    prune: bool = True  # whether landmarks, page headers and footers and forms are pruned
    # Shown elements pruned: (number of blocks cut before it, cause, text, path).
    pruned: list[tuple[int, str, str, str]] = field(default_factory=list)

    def prune_shown(self, element: etree._Element, cause: str) -> None:
        """Keep the text of a pruned element that readers see, to account for it."""
        text = shown_text(element)
        if not text:
            return
        tag = element.tag if isinstance(element.tag, str) else ""
        classes, ident = element.get("class") or "", element.get("id") or ""
        above = self.blocks_open[-1] if self.blocks_open else None
        segments = (*(above.segments if above else ("body",)), _segment(tag, classes, ident))
        deep = above is not None and above.deep or len(segments) > MAX_PATH_SEGMENTS
        path = "/".join(("…", *segments[-MAX_PATH_SEGMENTS:]) if deep else segments)
        self.pruned.append((len(self.texts), cause, text, path))

    def add_text(self, text: str | None, in_link: bool) -> None:
        if text and (self.buffer or not text.isspace()):
            self.buffer.append(text)
            if in_link:
                self.links.append(text)

    def flush(self, gap: bool = True) -> None:
        """Cut the buffered text into a block of the innermost open block element."""
        buffer, links = self.buffer, self.links
        text = " ".join("".join(buffer).split()) if buffer else ""
        buffer.clear()
        if not text:
            links.clear()
            self.gap = self.gap or gap
            return
        link_chars = min(len(" ".join("".join(links).split())), len(text)) if links else 0
        links.clear()
        owner = self.blocks_open[-1]
        if not owner.kind:
            owner.kind = _kind(owner.tag, owner.marks)
            owner.path = "/".join(("…", *owner.segments) if owner.deep else owner.segments)
        self.texts.append(text)
        self.link_chars.append(link_chars)
        self.gaps.append(self.gap)
        self.kinds.append(owner.kind)
        self.paths.append(owner.path)
        self.owners.append(owner)
        self.gap = gap


# The context words that make a block's kind (``_kind``).
_KIND_WORDS = frozenset(["figcaption", "pre", "blockquote"])


def _kind(tag: str, marks: frozenset[str]) -> str:
    """The kind of a block's text, from its tag and the ``_KIND_WORDS`` of its context."""
    if tag in HEADINGS:
        return "heading"
    if tag in ("figcaption", "caption") or "figcaption" in marks:
        return "caption"
    if tag == "pre" or "pre" in marks:
        return "code"
    if "blockquote" in marks:
        return "quote"
    if tag in ("li", "dt", "dd"):
        return "list_item"
    if tag in ("td", "th", "tr"):
        return "cell"
    return "paragraph"


def _own_words(classes: str, ident: str) -> tuple[str, ...]:
    """Class and id words. An id of more than ``MAX_ID_WORDS`` words is an anchor made from a
    heading ("sharing-with-a-single-developer"), which says what the section is about, not
    what kind of box it is.

    >>> _own_words("story-body", "sharing-with-a-single-developer"), _own_words("", "main-text")
    (('story', 'body'), ('main', 'text'))
    """
    words_ = class_words(classes) if classes else ()
    if ident:
        id_words = class_words(ident)
        if len(id_words) <= MAX_ID_WORDS:
            words_ += id_words
    return words_


def _segment(tag: str, classes: str, ident: str) -> str:
    """A block's path segment: its tag with its id, else its first class (when short).

    >>> _segment("div", "story body", ""), _segment("div", "story", "main"), _segment("p", "", "")
    ('div.story', 'div#main', 'p')
    """
    ident = ident.strip()
    if ident and len(ident) <= 40 and " " not in ident:
        return f"{tag}#{ident}"
    first = classes.split(maxsplit=1)[:1]
    return f"{tag}.{first[0]}" if first and len(first[0]) <= 40 else tag


@lru_cache(maxsize=1024)  # tags, classes and ids repeat within a page; small keeps memory flat
def _block_facts(tag: str, classes: str, ident: str) -> tuple[frozenset[str], frozenset[str], str, float]:
    """What a block element's tag, class and id say: its own context words, those of them
    that ``_kind`` reads, its path segment and its container weight (the tag's initial score
    plus the class/id weight)."""
    own = frozenset((tag, *_own_words(classes, ident)))
    return own, own & _KIND_WORDS, _segment(tag, classes, ident), TAG_SCORES.get(tag, 0.0) + _class_weight(own)


@lru_cache(maxsize=1024)
def _hiding_class(classes: str) -> bool:
    """Whether a class value holds a class that hides its element.

    >>> _hiding_class("promo SR-only"), _hiding_class("hidden-xs")
    (True, False)
    """
    return not HIDING_CLASSES.isdisjoint(classes.lower().split())


def _hidden(element: etree._Element) -> str | None:
    """``""`` when hidden from readers (``hidden``, ``aria-hidden``, a hiding style or class),
    ``"role=..."`` for a landmark that is never the article (``role="navigation"`` and the
    like), None for an element to walk."""
    names = element.keys()  # one C call; most elements have no attribute but class, id, href
    return _hidden_by(element, names, element.get("class") if "class" in names else None) if names else None


def _hidden_by(element: etree._Element, names: list[str], classes: str | None) -> str | None:
    """``_hidden`` for an element whose attribute names and class are known."""
    if classes and _hiding_class(classes):
        return ""
    if _HIDING_ATTRIBUTES.isdisjoint(names):
        return None
    get = element.get
    if "hidden" in names or (get("aria-hidden") or "").lower() == "true":
        return ""
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return ""
    role = get("role")
    if role is not None and role.lower() in DROP_ROLES:
        return f"role={role.lower()}"
    return None


# Why a shown element is pruned: the reason and evidence of the removal that accounts for its
# text (``Page.pruned``), so that no visible text leaves a page without a reason. Keys are what
# ``_prune_cause`` returns.
PRUNE_CAUSES: dict[str, tuple[Reason, str]] = {
    "nav": (Reason.NAVIGATION, "pruned: <nav>"),
    "header": (Reason.BOILERPLATE, "pruned: <header> outside the article"),
    "footer": (Reason.BOILERPLATE, "pruned: <footer> outside the article"),
    "form": (Reason.BOILERPLATE, "pruned: <form> holding no article"),
    "dialog": (Reason.BOILERPLATE, "pruned: open <dialog>"),
    "control": (Reason.BOILERPLATE, "pruned: form control or embedded graphic"),
    "profile": (Reason.BOILERPLATE, "pruned: the site profile's drop selector"),
    **{f"role={r}": (Reason.NAVIGATION, f"pruned: role={r}") for r in ("navigation", "search", "menu", "menubar")},
    **{f"role={r}": (Reason.BOILERPLATE, f"pruned: role={r}") for r in ("banner", "contentinfo", "dialog", "alertdialog")},
    "role=complementary": (Reason.SIDEBAR, "pruned: role=complementary"),
}
# Dropped tags whose text a reader sees (a button's label, a chart's labels, a formula); the
# others show none (scripts, styles, embedded documents and media, whose children are a
# fallback for old browsers; input values).
_SHOWN_DROP_TAGS = frozenset(["button", "svg", "math"])


def _prune_cause(action: int, element: etree._Element, names: list[str], classes: str | None,
                 state: _Walk) -> str | None:
    """Why an element is not walked: ``""`` when readers never see it, a key of
    ``PRUNE_CAUSES`` when they do; None to walk it."""
    if action == _DROP:
        return "control" if element.tag in _SHOWN_DROP_TAGS and _hidden(element) != "" else ""
    hidden = _hidden_by(element, names, classes) if names else None
    if hidden == "":
        return hidden
    if action == _DROP_BLOCK:
        if element.tag == "dialog":
            return "dialog" if "open" in names else ""
        if state.prune:
            return "nav"
    if hidden is not None and state.prune:
        return hidden
    if action != _SECTION or not state.prune:
        return None
    if element.tag == "form":
        return None if _page_form(element) else "form"
    inside = any(b.tag in ("article", "main") for b in state.blocks_open)  # a header or footer
    return None if inside or element.find(".//article") is not None else element.tag


# An element from which on a form wraps the page (ASP.NET's one ``<form>`` around ``<body>``'s
# content) rather than being a box in it: an article, a main landmark or the headline.
_PAGE_PARTS = ("article", "main", "h1")
# Paragraphs that make a form a wrapper of prose (no newsletter or comment form has three).
MIN_FORM_PARAGRAPHS = 3
# Share of ``<body>``'s elements a form holding the page has (ASP.NET pages put everything but
# a script or two in it; a signup or search form is a few dozen of the page's thousands).
PAGE_FORM_SHARE = 0.5
_COUNT_ELEMENTS = etree.XPath("count(descendant::*)")


def _page_form(form: etree._Element) -> bool:
    """Whether a ``<form>`` holds the page rather than being one of its boxes: it holds an
    article, a main landmark, the headline or paragraphs, or most of ``<body>``'s elements.
    ASP.NET WebForms pages wrap the whole body in one form, whose article may be written in
    ``<div>`` and ``<br>`` elements: dropped as a form, the page came out empty."""
    if next(form.iterdescendants(*_PAGE_PARTS), None) is not None:
        return True
    if sum(1 for _ in zip(range(MIN_FORM_PARAGRAPHS), form.iterdescendants("p"))) >= MIN_FORM_PARAGRAPHS:
        return True
    body = next(form.iterancestors("body"), None)
    return body is not None and _COUNT_ELEMENTS(form) >= PAGE_FORM_SHARE * _COUNT_ELEMENTS(body)


_LINE = "\n"


# Tags after which a pruned element's text starts a new line.
_LINE_TAGS = tuple(sorted(BLOCK_TAGS | {"br"}))
# Where those lines end while the text is serialised: a character that is valid in XML and
# never white space a page uses between tags (a newline in the page's text is not a line).
_MARK = "\u2063"
# Tags whose text readers never see, stripped from a pruned element before its text is read.
_SILENT_TAGS = tuple(sorted(DROP_TAGS - _SHOWN_DROP_TAGS))
def shown_text(element: etree._Element) -> str:
    r"""The text of a pruned element, one line per block-level element: scripts, styles and
    the like left out, white space collapsed. Its subtree is changed (the walk skips it), its
    tail is not. Parts hidden inside it (a collapsed submenu) are not looked for: their text
    is then part of the element's removal, which is harmless, while judging each element cost
    a fifth of the segmenter's time (menus are big); the work is in C but for one step per
    block-level element.

    >>> root = etree.fromstring("<nav><ul><li>Home</li><li>News<script>x=1</script></li>"
    ...     "</ul></nav>", etree.HTMLParser())
    >>> shown_text(root.find(".//nav"))
    'Home\nNews'
    """
    etree.strip_elements(element, *_SILENT_TAGS, with_tail=False)
    mark = _MARK
    try:
        for child in element.iter(*_LINE_TAGS):
            text = child.text
            child.text = mark + text if text else mark
            if child is not element:
                tail = child.tail
                child.tail = mark + tail if tail else mark
    except ValueError:  # a text lxml reads but will not set again (control characters)
        return _walked_text(element)
    text = etree.tostring(element, method="text", encoding=str, with_tail=False)
    lines = (" ".join(line.split()) for line in text.split(mark))
    return _LINE.join(line for line in lines if line)


def _walked_text(element: etree._Element) -> str:
    """``shown_text`` event by event, for the rare subtree whose texts cannot be set."""
    pieces: list[str] = []
    for event, child in etree.iterwalk(element, events=("start", "end")):
        if not isinstance(child.tag, str):
            continue
        if child.tag in _LINE_TAGS:
            pieces.append(_MARK)
        if event == "start":
            pieces.append((child.text or "").replace(_MARK, ""))
        elif child is not element:
            pieces.append((child.tail or "").replace(_MARK, ""))
    lines = (" ".join(line.split()) for line in "".join(pieces).split(_MARK))
    return _LINE.join(line for line in lines if line)


# React's streaming server rendering sends a late part of the page (often the article) as
# ``<div hidden id="S:0">`` at the end of the body, with a script that moves it in place of
# ``<template id="B:0">`` (its placeholder) and shows it. Only such a pair is revealed: a hidden
# element without its placeholder stays hidden (a modal, a cookie text), as the script leaves it.
_STREAMED = etree.XPath("//@hidden/parent::*[starts-with(@id, 'S:')]")


def reveal_streamed(root: etree._Element) -> None:
    """Do what a streaming page's script does: move each streamed part to its placeholder and
    show it. Pages without a ``<template>`` cost one C-level scan for it.

    >>> root = etree.fromstring("<html><body><div><template id='B:0'></template></div>"
    ...     "<div hidden id='S:0'><p>Late text</p></div></body></html>", etree.HTMLParser())
    >>> reveal_streamed(root); etree.tostring(root.find("body"))
    b'<body><div><div id="S:0"><p>Late text</p></div></div></body>'
    """
    placeholders = {t.get("id"): t for t in root.iter("template") if (t.get("id") or "").startswith("B:")}
    if not placeholders:
        return
    for part in _STREAMED(root):
        placeholder = placeholders.get(f"B:{part.get('id', '')[2:]}")
        if placeholder is not None:
            del part.attrib["hidden"]
            _move(part, placeholder)


def _move(part: etree._Element, placeholder: etree._Element) -> None:
    """Put ``part`` where ``placeholder`` is; the text after each stays where it was."""
    _keep_tail(part)
    part.tail = placeholder.tail
    placeholder.tail = None
    placeholder.addnext(part)
    placeholder.getparent().remove(placeholder)


def _keep_tail(element: etree._Element) -> None:
    """Hand an element's tail to whatever text comes before it, before it moves away."""
    tail, element.tail = element.tail, None
    if not tail:
        return
    previous = element.getprevious()
    if previous is not None:
        previous.tail = (previous.tail or "") + tail
    else:
        parent = element.getparent()
        parent.text = (parent.text or "") + tail


def walk(root: etree._Element, dropped: set[etree._Element], kept: set[etree._Element], *,
         prune: bool = True) -> _Walk:
    """Cut the tree into text blocks and per-element totals, in one pass. Without ``prune``,
    landmarks, page headers and footers and forms are walked like any other element."""
    state = _Walk(prune=prune)
    body = root.find("body")
    start = body if body is not None else root
    stack, buffer, links = state.stack, state.buffer, state.links
    in_link = False  # whether text here is link text
    events = etree.iterwalk(start, events=("start", "end"))
    # The commonest events are handled in the loop itself: the end of an element (its tail
    # is text of the enclosing block) and the start of inline markup inside a block.
    for event, element in events:
        if event == "end":
            top = stack.pop()
            if top is not None:
                if top is _LINK:
                    in_link = False
                else:  # the end of a block element: its text is cut, its node gets its end
                    if buffer:
                        state.flush()
                    else:
                        state.gap = True
                    state.blocks_open.pop()
                    top.end = len(state.texts)  # type: ignore[union-attr]
            if not stack:
                # The end of ``start`` (the last event): its tail lies outside the walk, like
                # the elements after ``</body>`` (libxml2 leaves "</body>x" as the tail of
                # ``<body>``), and no block is open to take it.
                break
            tail = element.tail
            if tail and (buffer or not tail.isspace()):
                buffer.append(tail)
                if in_link:
                    links.append(tail)
            continue
        tag = element.tag  # libxml2's HTML parser gives lower-case tags
        action = _ACTIONS.get(tag, _INLINE)
        if action != _INLINE:
            _start(state, element, tag, action, dropped, kept, events, in_link)
        elif (dropped and element in dropped) or (
            (cause := _hidden(element)) is not None and (not cause or state.prune) and not (kept and element in kept)
        ):
            if dropped and element in dropped:
                cause = "profile"
            if cause:
                state.prune_shown(element, cause)
            events.skip_subtree()
            stack.append(None)
        else:
            if in_link or tag != "a":
                stack.append(None)
            else:
                stack.append(_LINK)
                in_link = True
            text = element.text
            if text and (buffer or not text.isspace()):
                buffer.append(text)
                if in_link:
                    links.append(text)
    state.flush()
    return state


def _start(state: _Walk, element: etree._Element, tag: str, action: int, dropped: set[etree._Element],
           kept: set[etree._Element], events: etree.iterwalk, in_link: bool) -> None:
    """An element that is not inline markup: pruned, a block, a line break or a cell."""
    # Its class is read once, for ``_hidden`` and for its block facts.
    names = element.keys() if action != _NOT_ELEMENT and action != _DROP else []
    classes = element.get("class") if "class" in names else None
    cause = None
    if action == _NOT_ELEMENT:
        cause = ""
    elif dropped and element in dropped:
        cause = "profile"
    elif not (kept and element in kept):
        cause = _prune_cause(action, element, names, classes, state)
    if cause is not None:
        if action >= _BLOCK:
            state.flush()
        if cause:
            state.prune_shown(element, cause)
        events.skip_subtree()
        state.stack.append(None)
        return
    if action == _BREAK:
        state.flush(gap=False)
    if action < _BLOCK or (action == _CELL and _simple_cell(element)):
        if action == _CELL and any(t.strip() for t in state.buffer):
            state.add_text(CELL_SEPARATOR, in_link)
        state.stack.append(None)
    else:
        if state.buffer:
            state.flush()
        else:
            state.gap = True
        _open_block(state, element, tag, classes or "", element.get("id") or "" if "id" in names else "", kept)
    text = element.text  # (``add_text`` written out: a call per element cost more than its work)
    if text and (state.buffer or not text.isspace()):
        state.buffer.append(text)
        if in_link:
            state.links.append(text)


def _open_block(state: _Walk, element: etree._Element, tag: str, classes: str, ident: str,
                kept: set[etree._Element]) -> None:
    own, marks, segment, weight = _block_facts(tag, classes, ident)
    index = len(state.nodes)
    blocks = state.blocks_open
    if blocks:
        above = blocks[-1]
        if not marks <= above.marks:  # (almost always a subset: most elements have none)
            marks = above.marks | marks
        else:
            marks = above.marks
        segments, deep, parent = above.segments, above.deep, above.index
        ancestors = (index, *above.ancestors[:SCORED_LEVELS])
        above.children.append(index)
    else:
        segments, deep, parent, ancestors = (), False, -1, (index,)
    if tag != "html":
        segments += (segment,)
        if len(segments) > MAX_PATH_SEGMENTS:
            segments, deep = segments[1:], True
    block = _Block(tag, index, parent, len(state.texts), classes, own, weight, marks, segments, deep, ancestors)
    if kept and element in kept:
        state.keep_nodes.add(index)
    state.nodes.append(block)
    blocks.append(block)
    state.stack.append(block)


def _simple_cell(element: etree._Element) -> bool:
    """A data cell (text and inline markup only): a table row of such cells is one block, so
    "City | Change" reads as a row and not as three menu labels. Layout cells holding
    paragraphs stay blocks of their own."""
    return next(element.iterdescendants(*_CELL_BLOCKS), None) is None


def _class_weight(own: frozenset[str]) -> float:
    positive, negative = _weight_words()
    return CLASS_WEIGHT * ((not own.isdisjoint(positive)) - (not own.isdisjoint(negative)))


@cache
def _weight_words() -> tuple[frozenset[str], frozenset[str]]:
    negative = frozenset().union(*(_vocabulary(c) for c in ("sidebar", "promo", "navigation", "boilerplate", "media")))
    return _vocabulary("content"), negative


@cache
def _vocabulary(category: str) -> frozenset[str]:
    return frozenset(word_list(f"dom/{category}"))


# Blocks whose points count as prose for container scoring (Readability scores p, pre, td).
_SCORED_KINDS = frozenset(("paragraph", "code", "cell", "quote", "list_item"))
# A block mostly of link text is a teaser or a menu item, whatever its commas (Readability
# discounts link density only per container; per block it is cheaper and as telling).
MAX_SCORED_LINK_SHARE = 0.5
# jusText's "good" (long, stopword-rich, few links) is the best single prose signal we have;
# one extra point per good paragraph, like one more comma. Tuned on the devset.
GOOD_BONUS = 1.0
# Blocks searched for the headline (menus and teasers may come first).
MAX_TITLE_SEARCH = 300
# An element holding this share of the page's characters wraps the page, not a box in it.
WRAPPER_SHARE = 0.5
# Good prose (jusText) an article must hold outside a gallery for the gallery to be a box in it
# rather than the article itself (a photo essay's intro is a sentence or two, ~200 characters;
# three short paragraphs of news are ~500).
MIN_PROSE_BESIDE_MEDIA = 500
# Owners that are paragraphs themselves: their points go to their parent first. Not "tr": a
# table row is one block and keeps its points, as a row gets its cells' in Readability;
# passed up, 30 rows made the table body outscore the content div holding it and its notes.
_PARAGRAPH_TAGS = frozenset(["p", "pre", "li", "dd", "dt", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption", "caption", "th"])


def segment_html(
    html: str | bytes,
    *,
    url: str | None = None,
    lang: str | None = None,
    options: HtmlOptions = HtmlOptions(),
    max_chars: int = MAX_CHARS,
    name: str = "input",
    charset: str | None = None,
) -> Page:
    """Parse and segment an HTML page (text, or bytes decoded as browsers do) into a ``Page``
    of visible blocks, the article marked.

    >>> page = segment_html("<html><body><nav><a href=/>Home</a></nav><article><h1>A storm"
    ...     " hits the coast</h1><p>The storm, which formed on Monday, hit the coast at night."
    ...     "</p></article></body></html>")
    >>> [(b.kind, b.text) for b in page.blocks]
    [('heading', 'A storm hits the coast'), ('paragraph', 'The storm, which formed on Monday, hit the coast at night.')]
    >>> page.blocks[1].path, page.meta.main_spans
    ('body/article/p', ((5, 86),))
    >>> page.pruned[0].text, page.pruned[0].evidence, page.source[:4]
    ('Home', 'pruned: <nav>', 'Home')
    """
    root, encoding = _parse(html, max_chars=max_chars, name=name, charset=charset)
    reveal_streamed(root)
    dropped = _select(root, options.drop)
    kept = _select(root, options.keep)
    meta = extract_meta(root, url=url)
    state = walk(root, dropped, kept, prune=options.prune)
    nodes, texts = state.nodes, state.texts
    language = _language(lang, meta.lang, texts)
    verdicts = justext_verdicts(texts, state.link_chars, list(map("heading".__eq__, state.kinds)), language)
    _score(nodes, state, verdicts)
    if state.keep_nodes:
        chosen = sorted(state.keep_nodes)
    else:
        chosen = choose_main(nodes, _title_chain(nodes, state, meta.title))
    ranges = tuple((nodes[i].first, nodes[i].end - 1) for i in chosen if nodes[i].end > nodes[i].first)
    contexts = _contexts(nodes, _wrappers(nodes, chosen))
    blocks, source, pruned = _blocks(state, verdicts, contexts)
    spans = tuple((blocks[first].start, blocks[last].end) for first, last in merge_ranges(ranges))
    meta = replace(meta, main_spans=spans, lang=meta.lang or language, encoding=encoding)
    return Page(
        blocks=blocks, source=source, kind="html", url=url, lang=language, meta=meta, pruned=pruned
    )


def _title_chain(nodes: Sequence[Node], state: _Walk, title: str | None) -> list[int]:
    """Nodes holding the page's headline (nearest first): the first heading that the page's
    title contains (titles add " | Site name"), else the first ``<h1>``."""
    wanted = fingerprint(title) if title else ""
    for index, kind in enumerate(state.kinds[:MAX_TITLE_SEARCH]):
        if kind != "heading":
            continue
        key = fingerprint(state.texts[index])
        if (wanted and key and count_words(key) >= 2 and key in wanted) or (not wanted and state.paths[index].endswith("h1")):
            chain, node = [], state.owners[index].index
            while node >= 0:
                chain.append(node)
                node = nodes[node].parent
            return chain
    return []


def _select(root: etree._Element, xpaths: Sequence[str]) -> set[etree._Element]:
    found: set[etree._Element] = set()
    for xpath in xpaths:
        found.update(e for e in root.xpath(xpath) if isinstance(e, etree._Element))
    return found


def _language(given: str | None, declared: str | None, texts: Sequence[str]) -> str | None:
    for code in (given, declared):
        if code and code in stoplist_names():
            return code
    return detect_language(texts[:200])


def _score(nodes: list[_Block], state: _Walk, verdicts: Sequence[str]) -> None:
    """Add each block's characters and paragraph points to its containers (bottom-up totals)."""
    for text, links, kind, owner, verdict in zip(state.texts, state.link_chars, state.kinds, state.owners, verdicts):
        size = len(text)
        owner.chars += size
        owner.link_chars += links
        if verdict == "good":
            owner.good_chars += size
        if kind not in _SCORED_KINDS or links > MAX_SCORED_LINK_SHARE * size:
            continue
        points = paragraph_points(text) + (GOOD_BONUS if verdict == "good" else 0.0)
        targets = owner.ancestors[1:] if owner.tag in _PARAGRAPH_TAGS else owner.ancestors
        for index, share in zip(targets, LEVEL_SHARES):  # (zip stops at SCORED_LEVELS)
            nodes[index].score += points * share
    for node in reversed(nodes):  # children come after their parent (pre-order)
        if node.parent >= 0:
            parent = nodes[node.parent]
            parent.chars += node.chars
            parent.link_chars += node.link_chars
            parent.good_chars += node.good_chars


def _wrappers(nodes: Sequence[Node], chosen: Sequence[int]) -> set[int]:
    # ``chosen`` holds the article's containers, then its core (see ``choose_main``)
    """Nodes that wrap the page or the article rather than a box in them: the article
    container, the prose core it grew from (``<article class="post category-news tag-x">``
    around ``<div class="entry-content">``), their ancestors, and any element holding most of
    the page's text."""
    total = sum(n.chars for n in nodes if n.parent < 0)
    boxes = _media_boxes(nodes, chosen)
    wrappers = {i for i, n in enumerate(nodes) if n.chars >= WRAPPER_SHARE * total and not _within(nodes, i, boxes)}
    for index in chosen:
        if _within(nodes, index, boxes):
            continue
        while index >= 0 and index not in wrappers:
            wrappers.add(index)
            index = nodes[index].parent
    return wrappers


def _media_boxes(nodes: Sequence[Node], chosen: Sequence[int]) -> list[int]:
    """Galleries and slideshows in the article beside prose of its own: their words stay on
    their blocks even when one holds most of the page's text (a 50-slide gallery of other
    stories between two paragraphs), so that the caption rules can read them."""
    media = _vocabulary("media")
    # The article's outermost containers (the core and nested ones would count twice).
    tops = [i for i in chosen if not any(j < i and nodes[j].holds(nodes[i]) for j in chosen)]
    prose = sum(nodes[i].good_chars for i in tops)
    found = []
    for index, node in enumerate(nodes):
        if node.end > node.first and not media.isdisjoint(node.own):
            inside = any(nodes[i].holds(node) for i in tops)
            if inside and prose - node.good_chars >= MIN_PROSE_BESIDE_MEDIA:
                found.append(index)
    return found


def _within(nodes: Sequence[Node], index: int, boxes: Sequence[int]) -> bool:
    node = nodes[index]
    return any(b <= index and nodes[b].holds(node) for b in boxes)


def _contexts(nodes: Sequence[Node], wrappers: set[int]) -> list[frozenset[str]]:
    """Each node's context: its and its ancestors' tags and class/id words, except the words of
    wrappers, which describe the whole page (``<body class="single-post has-sidebar">``,
    ``<div id="nav-drawer-panel">`` around everything) and would condemn the article."""
    contexts: list[frozenset[str]] = []
    # Siblings alike (a thousand ``<p>`` in one ``<div>``) share one context set rather than
    # each holding an equal copy (200 bytes a block on a page of 100,000 paragraphs).
    made: dict[tuple[frozenset[str], frozenset[str]], frozenset[str]] = {}
    for index, node in enumerate(nodes):
        base = contexts[node.parent] if node.parent >= 0 else frozenset()
        if node.end == node.first:  # holds no block: no block reads its context
            contexts.append(base)
            continue
        add = frozenset((node.tag,)) if index in wrappers else node.own
        if add <= base:
            contexts.append(base)
            continue
        context = made.get((base, add))
        if context is None:
            context = made[base, add] = base | add
        contexts.append(context)
    return contexts


def _blocks(state: _Walk, verdicts: Sequence[str], contexts: Sequence[frozenset[str]]
            ) -> tuple[tuple[Block, ...], str, tuple[Pruned, ...]]:
    """Blocks with offsets into the visible text (one block a line, the pruned text's lines
    between them), every field computed here as ``Block`` would compute it, a column at a time
    with C-level maps (``new_block`` skips ``Block``'s keyword handling). Texts are stripped, so
    ``ends_sentence``'s ``rstrip`` is not needed."""
    texts = state.texts
    lengths = list(map(len, texts))
    lines: Sequence[int]
    if state.pruned:
        starts, lines, source, pruned = _interleave(texts, state.pruned)
    else:
        starts = list(accumulate(map((1).__add__, lengths[:-1]), initial=0))
        lines, source, pruned = range(1, len(texts) + 1), "\n".join(texts), ()
    gaps = [False, *state.gaps[1:]]  # nothing comes before the first block
    folded, counts = fold_and_count(texts)
    blocks = tuple(map(new_block, zip(
        range(len(texts)), texts, starts, map(add, starts, lengths), lines, lines, gaps, state.kinds,
        state.paths, map(contexts.__getitem__, map(_INDEX, state.owners)), state.link_chars, verdicts,
        folded, counts, map(bool, map(SENTENCE_END.search, map(_TAIL, texts))),
    )))
    return blocks, source, pruned


def _interleave(texts: Sequence[str], shown: Sequence[tuple[int, str, str, str]]
                ) -> tuple[list[int], list[int], str, tuple[Pruned, ...]]:
    """The blocks' starts and lines, the source and the pruned records, with each pruned
    element's lines before the block that followed it on the page."""
    starts: list[int] = []
    lines: list[int] = []
    pruned: list[Pruned] = []
    parts: list[str] = []
    offset, line, next_shown = 0, 1, 0
    for index in range(len(texts) + 1):
        while next_shown < len(shown) and shown[next_shown][0] <= index:
            _, cause, text, path = shown[next_shown]
            reason, evidence = PRUNE_CAUSES[cause]
            last = line + text.count("\n")
            pruned.append(Pruned(text, offset, offset + len(text), line, last, reason, evidence, path))
            parts.append(text)
            offset, line, next_shown = offset + len(text) + 1, last + 1, next_shown + 1
        if index < len(texts):
            starts.append(offset)
            lines.append(line)
            parts.append(texts[index])
            offset, line = offset + len(texts[index]) + 1, line + 1
    return starts, lines, "\n".join(parts), tuple(pruned)
