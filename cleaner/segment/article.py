"""Find the article among a page's containers, from per-element totals the HTML walk collected.

The model is Readability's, reduced to numbers the walk can add up in one pass:

- every paragraph-like block of 25+ characters scores ``1 + commas + min(chars / 100, 3)``
  (prose has commas and length; menus and teasers have neither), and only when jusText did not
  call it boilerplate;
- that score goes to the block's container (its parent when the block is a ``<p>``), half of
  it to the grandparent and a sixth, ninth, ... to ancestors further up, so the element that
  directly holds most prose wins over ``<body>``;
- a container's final score adds a class/id weight (``article``, ``content``, ``story`` up;
  ``sidebar``, ``related``, ``comment``, ``footer`` down) and is scaled by ``1 - link
  density``;
- siblings of the winner join it when they score well on their own, share its class, or are
  plain paragraphs of prose (articles split over several ``<div>``\\s).

It fails on pages whose article is a list of short items (no commas, no long paragraphs) and on
pages where comments outweigh the article; then the winner may be the wrong container. A
winner holding too little of the page's prose is not trusted (see ``MIN_MAIN_SHARE``), and
rules then fall back to text evidence only; so are pages whose ``<body>`` holds more prose of
its own than any container (paragraphs written straight into it).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

# Readability's constants (mozilla/readability, Readability.js): minimum paragraph length to
# score, the cap on its length bonus, the class weight, and sibling thresholds.
MIN_SCORED_CHARS = 25
MAX_LENGTH_BONUS = 3
CLASS_WEIGHT = 25.0
SIBLING_MIN_SCORE = 10.0
SIBLING_SCORE_SHARE = 0.2
SIBLING_PARAGRAPH_CHARS = 80
SIBLING_MAX_LINK_DENSITY = 0.25
# Readability's "alternative ancestor" search: of the 5 best candidates, those scoring 75% of
# the best count as strong, and an ancestor holding 3 of them replaces the best.
TOP_CANDIDATES = 5
STRONG_SHARE = 0.75
MIN_SHARED = 3
# A container holding the headline and the winner replaces the winner when it has at most this
# many times its characters (header + text, not header + text + comments + rails).
MAX_TITLE_GROWTH = 1.5
# A candidate under the headline beats a winner elsewhere when it scores this share of it.
TITLE_ALTERNATIVE_SHARE = 0.3
# A parent with at most this many times the winner's characters is a wrapper, not a container.
WRAPPER_SLACK = 1.1
# A parent that adds one link of at most this many characters adds a button ("Read more",
# "Show all" around the rest of the text), not a menu: it still wraps the winner.
MAX_BUTTON_CHARS = 20
# A thread of comments or a rail of teasers: this many repeated items at least (a long article
# split in same-class sections between galleries has two or three), holding this share of
# the container's characters (chosen on the fixtures; the devset benchmark did not move).
MIN_THREAD_ITEMS = 4
THREAD_SHARE = 0.6
# Ancestors that share a paragraph's score (the parent is level 0).
SCORED_LEVELS = 5
# A winner holding less than this share of the page's prose (jusText "good" characters; all
# characters on a page with none) is probably a comment or a teaser box. Blog index pages put
# the first post at ~20%, so the bar is low; chosen on the devset (0.3 lost two index pages,
# 0.0 let comment boxes win).
MIN_MAIN_SHARE = 0.15

# Readability's initial score by tag: divs usually wrap content, lists and forms rarely do.
TAG_SCORES = {
    "div": 5.0, "article": 5.0, "main": 5.0, "section": 3.0,
    "pre": 3.0, "td": 3.0, "blockquote": 3.0,
    "address": -3.0, "ol": -3.0, "ul": -3.0, "dl": -3.0, "dd": -3.0, "dt": -3.0, "li": -3.0,
    "form": -3.0,
    "h1": -5.0, "h2": -5.0, "h3": -5.0, "h4": -5.0, "h5": -5.0, "h6": -5.0, "th": -5.0,
}


@dataclass(slots=True)
class Node:
    """Totals of one block-level element: the blocks ``[first, end)`` it holds and its score."""

    tag: str
    parent: int  # index of the parent node, -1 for the root
    first: int
    end: int = 0
    chars: int = 0
    link_chars: int = 0
    good_chars: int = 0  # characters of blocks jusText calls good
    score: float = 0.0  # paragraph points collected from descendants
    weight: float = 0.0  # class/id weight plus the tag's initial score
    classes: str = ""
    own: frozenset[str] = frozenset()  # its tag and class/id words
    children: list[int] = field(default_factory=list)

    @property
    def link_density(self) -> float:
        return self.link_chars / self.chars if self.chars else 0.0

    def holds(self, other: Node) -> bool:
        """Whether this node's blocks include all of ``other``'s (an ancestor, or a wrapper
        around the same blocks)."""
        return self.first <= other.first and other.end <= self.end

    @property
    def final(self) -> float:
        return (self.score + self.weight) * (1.0 - self.link_density)


def paragraph_points(text: str) -> float:
    """Readability's points for one paragraph: commas and length.

    >>> paragraph_points("Short.")
    0.0
    >>> paragraph_points("Rain, wind and snow hit the coast, said the forecaster on Monday.")
    3.0
    """
    if len(text) < MIN_SCORED_CHARS:
        return 0.0
    # Latin, Arabic, full-width and ideographic commas, counted without a generator (a third
    # of this function's cost; it runs for every prose block).
    commas = text.count(",") + text.count("،") + text.count("，") + text.count("、")
    return 1.0 + commas + min(len(text) // 100, MAX_LENGTH_BONUS)


def level_share(level: int) -> float:
    """Share of a paragraph's points its ``level``-th container gets (0 = the nearest).

    >>> [round(level_share(n), 3) for n in range(4)]
    [1.0, 0.5, 0.167, 0.111]
    """
    return 1.0 if level == 0 else 1.0 / (2 if level == 1 else level * 3)


# ``level_share`` of each scored level, looked up once rather than called per block and level.
LEVEL_SHARES = tuple(level_share(level) for level in range(SCORED_LEVELS))


def choose_main(nodes: Sequence[Node], title_chain: Sequence[int] = ()) -> list[int]:
    """The nodes that hold the article, then the best prose container inside them (the
    "core", which may be one of them); [] when no container is trusted.

    ``title_chain`` lists the nodes holding the page's headline, nearest first.
    """
    scored = [i for i, n in enumerate(nodes) if n.score > 0 and n.tag not in ("html", "body")]
    if not scored:
        return []
    best = sorted(scored, key=lambda i: -nodes[i].final)[:TOP_CANDIDATES]
    if _body_wins(nodes, nodes[best[0]].final):
        return []
    home = _title_home(nodes, best[0], title_chain)
    top = _shared_ancestor(nodes, best, home)
    top = _unwrap(nodes, _climb(nodes, top, home))
    top = _toward_title(nodes, top, [i for i in title_chain if nodes[i].tag not in ("html", "body")])
    chosen = _with_siblings(nodes, top, max(nodes[top].final, nodes[best[0]].final))
    if not _holds_the_prose(nodes, chosen):
        return []
    core = nodes[best[0]]
    chosen = chosen + _clones(nodes, best[0], chosen)
    inside = any(nodes[i].holds(core) for i in chosen)
    return [*chosen, best[0]] if inside and best[0] not in chosen else chosen  # the core last


def _holds_the_prose(nodes: Sequence[Node], chosen: Sequence[int]) -> bool:
    """Whether the chosen containers hold ``MIN_MAIN_SHARE`` of the page's prose: of the
    characters jusText calls good, or of all characters when it calls none good (a paywalled
    stub, or a language without a stoplist), so that a one-line box with a lucky class name
    ("text-xl") cannot win a page of menus."""
    page_good = sum(n.good_chars for n in nodes if n.parent == -1)
    if page_good:
        return sum(nodes[i].good_chars for i in chosen) >= MIN_MAIN_SHARE * page_good
    page_chars = sum(n.chars for n in nodes if n.parent == -1)
    return sum(nodes[i].chars for i in chosen) >= MIN_MAIN_SHARE * page_chars


def _body_wins(nodes: Sequence[Node], best: float) -> bool:
    """Whether ``<body>`` itself holds the article: old hand-written pages put their paragraphs
    straight in it, beside a table or a quote that would otherwise win. Its score without the
    class weight (the tag name "body" reads as a content word) is compared: a body whose prose
    sits in one container gets half of that container's points and does not win. (An article
    spread over many sibling ``<div>`` elements straight under ``<body>`` may make it win: then no
    container is trusted and nothing is cut for lying outside one.)"""
    body = next((n for n in nodes if n.tag == "body"), None)
    return body is not None and body.score * (1.0 - body.link_density) > best


def _climb(nodes: Sequence[Node], top: int, home: int | None = None) -> int:
    """Readability's climb: go up while ancestors keep a third of the winner's score, and take
    the first one that scores more than the ancestor below it (a table's body -> the page
    section holding the table and the prose around it). It stops below an ancestor of
    ``home`` (the headline's container) that adds a thread of comments or a rail."""
    last = nodes[top].final
    threshold = last / 3
    index = nodes[top].parent
    while index >= 0 and nodes[index].tag not in ("body", "html"):
        if home is not None and index != home and nodes[index].holds(nodes[home]) and _adds_thread(nodes, index, home):
            break
        score = nodes[index].final
        if score < threshold:
            break
        if score > last:
            return index
        last = score
        index = nodes[index].parent
    return top


def _unwrap(nodes: Sequence[Node], top: int) -> int:
    """Go up through wrappers that add (almost) no text of their own, so that the sibling
    step looks at the article's real siblings: ``<section><div class="text"><div><p>``
    repeated per section (Readability's "only child" rule, by characters)."""
    while True:
        parent = nodes[top].parent
        if parent < 0 or nodes[parent].tag in ("body", "html"):
            return top
        extra = nodes[parent].chars - nodes[top].chars
        extra_links = nodes[parent].link_chars - nodes[top].link_chars
        if extra > (WRAPPER_SLACK - 1) * nodes[top].chars or (extra_links > extra / 2 and not _button(nodes, parent, top)):
            return top  # the parent adds real text, or links (a menu, a teaser) other than a button
        top = parent


def _button(nodes: Sequence[Node], parent: int, child: int) -> bool:
    """Whether ``parent`` adds a single short block to ``child``: a "Read more" button."""
    outer, inner = nodes[parent], nodes[child]
    added_blocks = (outer.end - outer.first) - (inner.end - inner.first)
    return added_blocks <= 1 and outer.chars - inner.chars <= MAX_BUTTON_CHARS


def _toward_title(nodes: Sequence[Node], top: int, chain: Sequence[int]) -> int:
    """Bring the page's headline into the article when the winner misses it.

    When the headline's container also holds the winner and is not much bigger (a header
    with the headline, standfirst and byline above the text), that container becomes the
    article. When it does not (pages that load the next articles below the first), the best
    candidate under the headline wins if it scores near the winner.
    """
    best = nodes[top]
    if not chain or any(i == top for i in chain):
        return top
    for index in chain:
        node = nodes[index]
        if node.holds(best):
            return index if node.chars <= MAX_TITLE_GROWTH * best.chars else top
    alternative = max(chain, key=lambda i: nodes[i].final)
    if nodes[alternative].score > 0 and nodes[alternative].final >= TITLE_ALTERNATIVE_SHARE * best.final:
        return alternative
    return top


def _clones(nodes: Sequence[Node], core: int, chosen: Sequence[int]) -> list[int]:
    """Containers elsewhere on the page with the core's tag and class that hold prose: a CMS
    that cuts the article into sections between galleries repeats the body's markup for
    each part (``<div class="post__content">`` three times, in three sections)."""
    model = nodes[core]
    if not model.classes:
        return []
    found = []
    for index, node in enumerate(nodes):
        if node.classes != model.classes or node.tag != model.tag or node.final < SIBLING_MIN_SCORE:
            continue
        if not any(nodes[i].holds(node) for i in chosen):
            found.append(index)
    return found


def _title_home(nodes: Sequence[Node], best: int, chain: Sequence[int]) -> int | None:
    """The nearest container of the headline that also holds the best candidate (not
    ``<body>``), or None."""
    for index in chain:
        if nodes[index].tag in ("body", "html"):
            return None
        if nodes[index].holds(nodes[best]):
            return index
    return None


def _thread(nodes: Sequence[Node], index: int) -> bool:
    """Whether a container is a thread of reader comments or a rail of teasers: at least
    ``MIN_THREAD_ITEMS`` children with the same tag and class, each of two blocks or more (a
    name and date line, the comment, a reply link; a teaser's title and summary), holding
    most of its characters. An article's paragraphs are one block each."""
    node = nodes[index]
    groups: dict[tuple[str, str], list[Node]] = {}
    for child in node.children:
        kid = nodes[child]
        if kid.end - kid.first >= 2:
            groups.setdefault((kid.tag, kid.classes), []).append(kid)
    items = max(groups.values(), key=len, default=[])
    return len(items) >= MIN_THREAD_ITEMS and sum(k.chars for k in items) >= THREAD_SHARE * node.chars


def _adds_thread(nodes: Sequence[Node], index: int, home: int) -> bool:
    """Whether a container holds a thread (as a child or grandchild) outside ``home``."""
    for child in nodes[index].children:
        if nodes[child].holds(nodes[home]):
            continue
        if _thread(nodes, child) or any(_thread(nodes, g) for g in nodes[child].children):
            return True
    return False


def _in_thread(nodes: Sequence[Node], index: int) -> bool:
    """Whether a node is an item of a thread (or inside one), up to ``SCORED_LEVELS`` up."""
    parent = nodes[index].parent
    for _ in range(SCORED_LEVELS):
        if parent < 0:
            return False
        if _thread(nodes, parent):
            return True
        parent = nodes[parent].parent
    return False


def _shared_ancestor(nodes: Sequence[Node], top: list[int], home: int | None = None) -> int:
    """The best candidate, or its nearest ancestor holding ``MIN_SHARED`` other strong
    candidates: an article split into several ``<div class="article-text">`` between photo
    galleries or pull quotes (Readability's "alternative candidate ancestors").

    Strong candidates that are items of a thread (comments, a rail) outside ``home`` (the
    headline's container holding the best) do not count: eight comments of a short article's
    length each made the page's wrapper the article, comments and all."""
    best = nodes[top[0]]
    strong = [
        nodes[i] for i in top[1:]
        if nodes[i].final >= STRONG_SHARE * best.final
        and (home is None or nodes[home].holds(nodes[i]) or not _in_thread(nodes, i))
    ]
    if len(strong) < MIN_SHARED:
        return top[0]
    index = best.parent
    while index >= 0 and nodes[index].tag not in ("body", "html"):
        ancestor = nodes[index]
        inside = sum(1 for n in strong if ancestor.holds(n))
        if inside >= MIN_SHARED:
            return index
        index = ancestor.parent
    return top[0]


def _with_siblings(nodes: Sequence[Node], top: int, reference: float) -> list[int]:
    """The winner and the siblings that join it; ``reference`` is the best score seen (the
    winner may be a header-and-text container whose own score is diluted)."""
    node = nodes[top]
    if node.parent < 0:
        return [top]
    threshold = max(SIBLING_MIN_SCORE, reference * SIBLING_SCORE_SHARE)
    chosen = []
    for sibling in nodes[node.parent].children:
        if sibling == top or _joins(nodes[sibling], node, threshold):
            chosen.append(sibling)
    return chosen


def _joins(sibling: Node, top: Node, threshold: float) -> bool:
    bonus = top.final * SIBLING_SCORE_SHARE if sibling.classes and sibling.classes == top.classes else 0.0
    if sibling.final + bonus >= threshold:
        return True
    if sibling.tag != "p" or not sibling.chars:
        return False
    if sibling.chars > SIBLING_PARAGRAPH_CHARS:
        return sibling.link_density < SIBLING_MAX_LINK_DENSITY
    return sibling.link_density == 0 and sibling.good_chars > 0


def merge_ranges(ranges: Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """Sort and merge overlapping or touching inclusive ranges.

    >>> merge_ranges([(5, 7), (0, 2), (3, 4), (9, 9)])
    ((0, 7), (9, 9))
    """
    merged: list[tuple[int, int]] = []
    for first, last in sorted(ranges):
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return tuple(merged)
