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

from lxml import etree

from ..decode import decode_page
from ..errors import MarkupError
from ..model import Block, Page, new_block
from ..resources import word_list
from ..textutil import count_words, ends_sentence, fingerprint, fold
from .article import (
    CLASS_WEIGHT,
    SCORED_LEVELS,
    TAG_SCORES,
    Node,
    choose_main,
    level_share,
    merge_ranges,
    paragraph_points,
)
from .htmlmeta import extract_meta
from .stoplists import detect_language, justext_verdicts, stoplist_names

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
# Inline tags the walk can take in one step: neither blocks, nor pruned, nor special.
_PLAIN_INLINE = frozenset(
    ["a", "abbr", "acronym", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "nobr", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr", "img"]
)
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
# The same split for values without upper-case letters (most): no camelCase boundary to look
# for, and without the look-around the regex engine runs several times faster.
_NON_ALNUM = re.compile(r"[^0-9a-zA-Z]+")


def parse_html(html: str | bytes, *, max_chars: int = MAX_CHARS, name: str = "input") -> etree._Element:
    """Parse untrusted HTML safely into an lxml tree (see the module docstring). ``bytes``
    are decoded as browsers do (see ``decode``)."""
    if isinstance(html, str):
        text, data = html, None
    else:
        text, utf8 = decode_page(html, name=name)
        data = html if utf8 else None  # libxml2 reads UTF-8 natively: no re-encoding
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
    pieces = (_NON_ALNUM if value == value.lower() else _WORD_SPLIT).split(value)
    return tuple([w.lower() for w in pieces if len(w) > 1][:MAX_CLASS_WORDS])


@dataclass(slots=True)
class _Frame:
    """What the walk knows about an open element. Inline elements share their parent's inline
    frame (see ``child``): they differ from it in nothing the walk reads."""

    tag: str
    block: bool
    in_link: bool
    context: frozenset[str]
    node: int = -1  # index into nodes for block-level frames
    # A block's last ``MAX_PATH_SEGMENTS`` path segments, and whether more came before them.
    segments: tuple[str, ...] = ()
    deep: bool = False
    path: str | None = None  # "/".join of the above, made when the block's first text is cut
    # Node indices of the block and its nearest block ancestors (``SCORED_LEVELS`` of them).
    ancestors: tuple[int, ...] = ()
    kind: str = ""  # the kind of the block's text (``_kind``), made then too
    inline: _Frame | None = None  # the frame of its inline children outside and inside links
    link: _Frame | None = None

    def child(self, in_link: bool) -> _Frame:
        """The frame of an inline child (``in_link`` when it is, or is inside, an ``<a>``).

        >>> body = _Frame("body", True, False, frozenset(["body"]))
        >>> span = body.child(False)
        >>> span.block, span.child(False) is span, body.child(False) is span, span.child(True).in_link
        (False, True, True, True)
        """
        if not self.block and in_link == self.in_link:
            return self
        if in_link:
            if self.link is None:
                self.link = _Frame("", False, True, self.context)
            return self.link
        if self.inline is None:
            self.inline = _Frame("", False, False, self.context)
        return self.inline

    def block_path(self) -> str:
        if self.path is None:
            self.path = "/".join(("…", *self.segments) if self.deep else self.segments)
        return self.path


# The frame of a pruned element: its subtree is skipped, only its tail is read.
_PRUNED = _Frame("", False, False, frozenset())


@dataclass(slots=True)
class _Raw:
    text: str
    link_chars: int
    gap_before: bool
    kind: str
    path: str
    context: frozenset[str]
    owner: int  # node index of the innermost block element
    ancestors: tuple[int, ...]  # node indices of the nearest block ancestors, nearest first


@dataclass(frozen=True)
class HtmlOptions:
    """What a site profile changes in segmentation: XPath expressions to drop and to keep."""

    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()


@dataclass(slots=True)
class _Walk:
    """State of one walk over one tree (never shared between pages)."""

    nodes: list[Node] = field(default_factory=list)
    raws: list[_Raw] = field(default_factory=list)
    stack: list[_Frame] = field(default_factory=list)
    blocks_open: list[_Frame] = field(default_factory=list)
    buffer: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    gap: bool = True
    keep_nodes: set[int] = field(default_factory=set)

    def add_text(self, text: str | None) -> None:
        if text:
            self.buffer.append(text)
            if self.stack and self.stack[-1].in_link:
                self.links.append(text)

    def close(self, frame: _Frame) -> None:
        """The end of a block element: its text is cut, its node gets its end."""
        self.flush()
        self.blocks_open.pop()
        self.nodes[frame.node].end = len(self.raws)

    def flush(self, gap: bool = True) -> None:
        if not self.buffer:
            self.gap = self.gap or gap
            return
        text = "".join(self.buffer)
        if text.isspace():  # the indentation between block tags, most of the time
            self.buffer.clear()
            self.links.clear()
            self.gap = self.gap or gap
            return
        text = " ".join(text.split())
        link_text = " ".join("".join(self.links).split()) if self.links else ""
        self.buffer.clear()
        self.links.clear()
        if not text:
            self.gap = self.gap or gap
            return
        owner = self.blocks_open[-1]
        if not owner.kind:
            owner.kind = _kind(owner)
        self.raws.append(
            _Raw(text, min(len(link_text), len(text)), self.gap, owner.kind, owner.block_path(),
                 owner.context, owner.node, owner.ancestors)
        )
        self.gap = gap


def _kind(frame: _Frame) -> str:
    tag, ctx = frame.tag, frame.context
    if tag in HEADINGS:
        return "heading"
    if tag in ("figcaption", "caption") or "figcaption" in ctx:
        return "caption"
    if tag == "pre" or "pre" in ctx:
        return "code"
    if "blockquote" in ctx:
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
def _block_facts(tag: str, classes: str, ident: str) -> tuple[frozenset[str], str, float]:
    """What a block element's tag, class and id say: its own context words, its path segment
    and its container weight (the tag's initial score plus the class/id weight)."""
    own = frozenset((tag, *_own_words(classes, ident)))
    return own, _segment(tag, classes, ident), TAG_SCORES.get(tag, 0.0) + _class_weight(own)


@lru_cache(maxsize=1024)
def _hiding_class(classes: str) -> bool:
    """Whether a class value holds a class that hides its element.

    >>> _hiding_class("promo SR-only"), _hiding_class("hidden-xs")
    (True, False)
    """
    return not HIDING_CLASSES.isdisjoint(classes.lower().split())


def _hidden(element: etree._Element) -> bool:
    """Hidden from readers (``hidden``, ``aria-hidden``, a hiding style or class), or a
    landmark that is never the article (``role="navigation"`` and the like)."""
    names = element.keys()  # one C call; most elements have no attribute but class, id, href
    if not names:
        return False
    get = element.get
    if "class" in names and _hiding_class(get("class")):
        return True
    if _HIDING_ATTRIBUTES.isdisjoint(names):
        return False
    if "hidden" in names or (get("aria-hidden") or "").lower() == "true":
        return True
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return True
    role = get("role")
    return role is not None and role.lower() in DROP_ROLES


def _never_content(tag: str, element: etree._Element, stack: Sequence[_Frame]) -> bool:
    if tag in DROP_TAGS or tag == "nav":
        return True
    if _hidden(element):
        return True
    if tag in ("header", "footer"):
        inside = any(f.tag in ("article", "main") for f in stack)
        return not inside and element.find(".//article") is None
    if tag == "form":
        return element.find(".//article") is None and sum(1 for _ in zip(range(3), element.iter("p"))) < 3
    return False


def walk(root: etree._Element, dropped: set[etree._Element], kept: set[etree._Element]) -> _Walk:
    """Cut the tree into raw blocks and per-element totals, in one pass."""
    state = _Walk()
    body = root.find("body")
    start = body if body is not None else root
    stack, buffer, links = state.stack, state.buffer, state.links
    events = etree.iterwalk(start, events=("start", "end"))
    # The two commonest events are handled in the loop itself: the end of an element (its
    # tail is text of the enclosing block) and the start of inline markup inside a block.
    for event, element in events:
        if event == "end":
            frame = stack.pop()
            if frame.block:
                state.close(frame)
            tail = element.tail
            if tail:
                buffer.append(tail)
                if stack and stack[-1].in_link:
                    links.append(tail)
            continue
        tag = element.tag  # libxml2's HTML parser gives lower-case tags
        if tag in _PLAIN_INLINE and stack and not (dropped and element in dropped) and not _hidden(element):
            parent = stack[-1]
            frame = parent.child(parent.in_link or tag == "a")
            stack.append(frame)
            text = element.text
            if text:
                buffer.append(text)
                if frame.in_link:
                    links.append(text)
        else:
            _start(state, element, tag if isinstance(tag, str) else "", dropped, kept, events)
    state.flush()
    return state


def _start(state: _Walk, element: etree._Element, tag: str, dropped: set[etree._Element],
           kept: set[etree._Element], events: etree.iterwalk) -> None:
    """An element that is not plain inline markup: pruned, a block, a line break or a cell."""
    stack = state.stack
    parent = stack[-1] if stack else None
    pruned = not tag or (dropped and element in dropped) or (
        not (kept and element in kept) and _never_content(tag, element, stack)
    )
    if pruned:
        if tag in BLOCK_TAGS or tag in ("nav",):
            state.flush()
        events.skip_subtree()
        stack.append(_PRUNED)
        return
    if tag == "br":
        state.flush(gap=False)
    if tag not in BLOCK_TAGS or (tag in ("td", "th") and _simple_cell(element)):
        if tag in ("td", "th") and any(t.strip() for t in state.buffer):
            state.add_text(CELL_SEPARATOR)
        if parent is None:
            stack.append(_Frame(tag, False, tag == "a", frozenset()))
        else:
            stack.append(parent.child(parent.in_link or tag == "a"))
    else:
        state.flush()
        _open_block(state, element, tag, parent, kept)
    state.add_text(element.text)


def _open_block(state: _Walk, element: etree._Element, tag: str, parent: _Frame | None,
                kept: set[etree._Element]) -> None:
    classes = element.get("class") or ""
    own, segment, weight = _block_facts(tag, classes, element.get("id") or "")
    context = parent.context if parent else frozenset()
    if not own <= context:
        context = context | own
    above = state.blocks_open[-1] if state.blocks_open else None
    segments, deep = (above.segments, above.deep) if above else ((), False)
    if tag != "html":
        segments += (segment,)
        if len(segments) > MAX_PATH_SEGMENTS:
            segments, deep = segments[1:], True
    index = len(state.nodes)
    ancestors = (index, *above.ancestors[:SCORED_LEVELS]) if above else (index,)
    frame = _Frame(tag, True, bool(parent and parent.in_link), context, index, segments, deep, ancestors=ancestors)
    parent_node = above.node if above else -1
    node = Node(tag=tag, parent=parent_node, first=len(state.raws), classes=classes, own=own, weight=weight)
    if parent_node >= 0:
        state.nodes[parent_node].children.append(index)
    if element in kept:
        state.keep_nodes.add(index)
    state.nodes.append(node)
    state.blocks_open.append(frame)
    state.stack.append(frame)


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
) -> Page:
    """Parse and segment an HTML page (text, or bytes decoded as browsers do) into a ``Page``
    of visible blocks, the article marked.

    >>> page = segment_html("<html><body><nav><a href=/>Home</a></nav><article><h1>A storm"
    ...     " hits the coast</h1><p>The storm, which formed on Monday, hit the coast at night."
    ...     "</p></article></body></html>")
    >>> [(b.kind, b.text) for b in page.blocks]
    [('heading', 'A storm hits the coast'), ('paragraph', 'The storm, which formed on Monday, hit the coast at night.')]
    >>> page.blocks[1].path, page.meta.main_spans
    ('body/article/p', ((0, 81),))
    """
    root = parse_html(html, max_chars=max_chars, name=name)
    dropped = _select(root, options.drop)
    kept = _select(root, options.keep)
    meta = extract_meta(root, url=url)
    state = walk(root, dropped, kept)
    raws = state.raws
    language = _language(lang, meta.lang, raws)
    verdicts = justext_verdicts(
        [r.text for r in raws], [r.link_chars for r in raws], [r.kind == "heading" for r in raws], language
    )
    _score(state.nodes, raws, verdicts)
    if state.keep_nodes:
        chosen = sorted(state.keep_nodes)
    else:
        chosen = choose_main(state.nodes, _title_chain(state.nodes, raws, meta.title))
    ranges = tuple((state.nodes[i].first, state.nodes[i].end - 1) for i in chosen if state.nodes[i].end > state.nodes[i].first)
    contexts = _contexts(state.nodes, _wrappers(state.nodes, chosen))
    blocks, source = _blocks(raws, verdicts, contexts)
    spans = tuple((blocks[first].start, blocks[last].end) for first, last in merge_ranges(ranges))
    meta = replace(meta, main_spans=spans, lang=meta.lang or language)
    return Page(blocks=blocks, source=source, kind="html", url=url, lang=language, meta=meta)


def _title_chain(nodes: Sequence[Node], raws: Sequence[_Raw], title: str | None) -> list[int]:
    """Nodes holding the page's headline (nearest first): the first heading that the page's
    title contains (titles add " | Site name"), else the first ``<h1>``."""
    wanted = fingerprint(title) if title else ""
    for raw in raws[:MAX_TITLE_SEARCH]:
        if raw.kind != "heading":
            continue
        key = fingerprint(raw.text)
        if (wanted and key and count_words(key) >= 2 and key in wanted) or (not wanted and raw.path.endswith("h1")):
            chain, index = [], raw.owner
            while index >= 0:
                chain.append(index)
                index = nodes[index].parent
            return chain
    return []


def _select(root: etree._Element, xpaths: Sequence[str]) -> set[etree._Element]:
    found: set[etree._Element] = set()
    for xpath in xpaths:
        found.update(e for e in root.xpath(xpath) if isinstance(e, etree._Element))
    return found


def _language(given: str | None, declared: str | None, raws: Sequence[_Raw]) -> str | None:
    for code in (given, declared):
        if code and code in stoplist_names():
            return code
    return detect_language([r.text for r in raws[:200]])


def _score(nodes: list[Node], raws: Sequence[_Raw], verdicts: Sequence[str]) -> None:
    """Add each block's characters and paragraph points to its containers (bottom-up totals)."""
    for raw, verdict in zip(raws, verdicts):
        owner = nodes[raw.owner]
        owner.chars += len(raw.text)
        owner.link_chars += raw.link_chars
        if verdict == "good":
            owner.good_chars += len(raw.text)
        if raw.kind not in _SCORED_KINDS or raw.link_chars > MAX_SCORED_LINK_SHARE * len(raw.text):
            continue
        points = paragraph_points(raw.text) + (GOOD_BONUS if verdict == "good" else 0.0)
        targets = raw.ancestors[1:] if owner.tag in _PARAGRAPH_TAGS else raw.ancestors
        for level, index in enumerate(targets[:SCORED_LEVELS]):
            nodes[index].score += points * level_share(level)
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
    tops = [i for i in chosen if not any(j < i and _contains(nodes[j], nodes[i]) for j in chosen)]
    prose = sum(nodes[i].good_chars for i in tops)
    found = []
    for index, node in enumerate(nodes):
        if node.end > node.first and not media.isdisjoint(node.own):
            inside = any(_contains(nodes[i], node) for i in tops)
            if inside and prose - node.good_chars >= MIN_PROSE_BESIDE_MEDIA:
                found.append(index)
    return found


def _contains(outer: Node, inner: Node) -> bool:
    return outer.first <= inner.first and inner.end <= outer.end


def _within(nodes: Sequence[Node], index: int, boxes: Sequence[int]) -> bool:
    node = nodes[index]
    return any(b <= index and _contains(nodes[b], node) for b in boxes)


def _contexts(nodes: Sequence[Node], wrappers: set[int]) -> list[frozenset[str]]:
    """Each node's context: its and its ancestors' tags and class/id words, except the words of
    wrappers, which describe the whole page (``<body class="single-post has-sidebar">``,
    ``<div id="nav-drawer-panel">`` around everything) and would condemn the article."""
    contexts: list[frozenset[str]] = []
    for index, node in enumerate(nodes):
        base = contexts[node.parent] if node.parent >= 0 else frozenset()
        if node.end == node.first:  # holds no block: no block reads its context
            contexts.append(base)
            continue
        add = frozenset((node.tag,)) if index in wrappers else node.own
        contexts.append(base if add <= base else base | add)
    return contexts


def _blocks(raws: Sequence[_Raw], verdicts: Sequence[str], contexts: Sequence[frozenset[str]]) -> tuple[tuple[Block, ...], str]:
    """Blocks with offsets into the visible text (one block a line), every field computed here
    as ``Block`` would compute it (``new_block`` skips its keyword handling)."""
    blocks = []
    offset = 0
    for index, (raw, verdict) in enumerate(zip(raws, verdicts)):
        text = raw.text
        end = offset + len(text)
        blocks.append(new_block((
            index, text, offset, end, index + 1, index + 1, raw.gap_before and index > 0, raw.kind,
            raw.path, contexts[raw.owner], raw.link_chars, verdict, fold(text), count_words(text),
            ends_sentence(text),
        )))
        offset = end + 1
    return tuple(blocks), "\n".join(r.text for r in raws)
