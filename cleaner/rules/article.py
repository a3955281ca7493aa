"""The article body: the densest run of prose on the page; what lies outside it is template.

A text dump has no DOM to say where the article is, but its shape does: the article is a run
of long, sentence-ending, stopword-rich lines, while menus, teaser rails, footers and share
bars are runs of short labels. Scoring prose blocks by their word count and label-like blocks
by a fixed penalty, the article is the maximum-sum run of blocks (Kadane's algorithm, linear
time), the same idea as Finn et al.'s Body Text Extraction on tag/text token sequences.

How it fails: a page with two articles keeps only the larger; an article interrupted by a long
menu is cut at the menu. To protect content, pages with little prose are left alone, and long
prose blocks outside the body are kept unless they are far from it (see ``ArticleBody``).

The maximum-sum run ends on its last long paragraph: a closing one-line quote, a "Jane Doe
contributed to this report." line, or a list after the prose (tour dates, "Path A: ...",
results) costs more than it adds, so Kadane leaves it out. ``continuation`` then walks on from
each end of the body over what continues it: sentences, and list items after a line that opens
a list or in a run of items alike in shape. It stops at the first block an earlier rule took
(a sidebar heading, a share bar, a footer line) and at anything else (a teaser title, a menu
label), so an "Other news" rail, which opens with a heading or a title, stays outside.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, partial
from itertools import compress, repeat
from operator import and_, attrgetter, ge, itemgetter, or_
from typing import ClassVar

from ..model import SHORT_BLOCK_WORDS, Block, Finding, Page
from ..reasons import Reason
from ..segment.stoplists import stoplist, stoplist_names
from ..textutil import CODE_CHARS, CODE_LINE
from .base import PageState, per_block, pick

# Words for the stopword share: runs between spaces and this punctuation (a regular expression
# finds them in one pass; ``str.translate`` with a table is several times slower).
_PLAIN_WORD = re.compile(r"[^\s.,;:!?\"'()«»“”„\[\]…]+")
_PUNCTUATION_MARK = re.compile(r"[.,;:!?\"'()«»“”„\[\]…]")  # what ``_PLAIN_WORD`` splits at


@cache
def _plain_stopwords(stopwords: frozenset[str]) -> frozenset[str]:
    """The stopwords without punctuation ("don't" and "l'" have some): the ones a
    space-separated token can equal and still be one word of ``_PLAIN_WORD``."""
    return frozenset(w for w in stopwords if _PLAIN_WORD.fullmatch(w))
_FIRST = itemgetter(0)
_ENDS_SENTENCE = attrgetter("ends_sentence")


@dataclass(frozen=True)
class ArticleBody:
    """Remove the blocks before and after the page's main run of prose."""

    name: ClassVar[str] = "outside_article"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    # A prose block: at least this many words and a sentence end (or twice as many words).
    min_prose_words: int = 8
    # What a label-like line costs: a menu of 10 items outweighs a 40-word paragraph, so the
    # body does not stretch over it; one subheading between paragraphs costs little.
    short_penalty: float = 4.0
    # Prose with fewer stopwords than this share is a tag list or a teaser title, not text
    # (jusText's "stopwords_low" is 0.30 for whole paragraphs; lines are noisier).
    min_stopword_share: float = 0.12
    max_capital_share: float = 0.6
    # What a block removed by an earlier rule costs. Counting removed menus and rails as
    # barriers trades recall for precision (devset readability/trafilatura recall 0.950/0.889
    # at 0, 0.932/0.863 at 4); losing article text is worse than keeping a menu, so 0.
    removed_penalty: float = 0.0
    # Weight of a prose block with no prose neighbour (a teaser blurb, a comment).
    isolated_weight: float = 0.3
    # Another run of prose elsewhere on the page is part of the article when it is worth this
    # share of the main run (an article split by an inline gallery or an ad block).
    second_run_share: float = 0.35
    # Below this many prose words the page is a list, a recipe or a poem: leave it alone.
    min_body_words: int = 60
    # How far the body may grow past each end over lines that continue it (``continuation``):
    # the devset's longest list after the prose (a table of results) has 30 rows.
    max_continuation: int = 40
    # A closing line is a sentence of at least this many words ("He denied it." is three).
    min_closing_words: int = 3
    # A list item is a line, not a paragraph: specs, dates and table rows are short.
    max_item_words: int = 25

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        if page.meta.main_spans:
            return  # HTML whose article container was found: the DOM knows better (OutsideMain)
        scores = self._scores(page, state)
        runs = _body_runs(scores, self.min_body_words, self.second_run_share)
        if not runs:
            return
        runs = self._continued(page, state, runs)
        where = "article body is lines " + ", ".join(
            f"{page.blocks[first].line}-{page.blocks[last].last_line}" for first, last in runs
        )
        outside_start = 0
        for first, last in [*runs, (len(page.blocks), len(page.blocks))]:
            if first > outside_start:
                place = "before" if outside_start == 0 else "after" if first == len(page.blocks) else "between parts of"
                yield outside_start, Finding(f"{place} the body; {where}", last=first - 1)
            outside_start = last + 1

    def _continued(self, page: Page, state: PageState, runs: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """The runs, the first grown backwards and the last forwards over what continues them."""
        stopwords = stoplist(page.lang) if page.lang in stoplist_names() else frozenset()
        first, last = runs[0][0], runs[-1][1]
        vocabulary = _Vocabulary(page, runs, stopwords)
        closing = partial(self._closing, stopwords=stopwords or None, vocabulary=vocabulary)
        before = continuation(page, state, range(first - 1, max(first - 1 - self.max_continuation, -1), -1),
                              closing, item=None)
        item = partial(self._item, vocabulary=vocabulary)
        after = continuation(page, state, range(last + 1, min(last + 1 + self.max_continuation, len(page.blocks))),
                             closing, item=item)
        grown = [(first - before, runs[0][1]), *runs[1:]] if before else list(runs)
        if after:
            grown[-1] = (grown[-1][0], last + after)
        return grown

    def _item(self, block: Block, in_list: bool, *, vocabulary: _Vocabulary) -> bool:
        """A list item that belongs to the article: a line, not a paragraph, in a list that
        a line sharing a word with the body opened or began (a results row names the teams,
        a spec row the product; "Path C: Georgia v Luxembourg" needs its list's first row)."""
        return block.word_count <= self.max_item_words and (in_list or vocabulary.shares(block))

    def _closing(self, block: Block, *, stopwords: frozenset[str] | None, vocabulary: _Vocabulary) -> bool:
        """A sentence that may close (or open) the article: a line that ends a sentence, opens
        a list or an embed ("check out the footage below:") or is a quotation as a whole
        ("„Wir schaffen das“"), and reads as prose (``_reads_as_prose``). A line with a
        comma or two sentences in it is no teaser title, whatever its capitals: German nouns
        and a closing "Jane Doe reported from Seoul, and John Roe from Hong Kong." have many.
        """
        if block.word_count < self.min_closing_words:
            return False
        text = block.text
        if not (block.ends_sentence or _opens_list(block) or _is_quotation(text)):
            return False
        sentence_like = "," in text or _INNER_SENTENCE_END.search(text) is not None
        return self._reads_as_prose(block, stopwords, capitals=not sentence_like) and vocabulary.shares(block)

    def _scores(self, page: Page, state: PageState) -> list[float]:
        prose = self._prose_flags(page, state)
        taken, title = state.taken, state.title_index
        # None: already removed or the title.
        status: list[bool | None] = [
            None if gone or i == title else is_prose for i, (gone, is_prose) in enumerate(zip(taken, prose))
        ]
        neighbours = _prose_neighbours(status)
        penalty, isolated, removed = -self.short_penalty, self.isolated_weight, -self.removed_penalty
        # A teaser's one-line blurb is prose between labels; article paragraphs come in runs.
        # Isolated prose counts for less.
        scores = [
            removed if is_prose is None else (words * (1.0 if near else isolated) if is_prose else penalty)
            for is_prose, near, words in zip(status, neighbours, page.word_counts)
        ]
        if title is not None:
            scores[title] = 0.0  # the title counts neither way
        # A line of code counts neither way either: a program printed in an article is short
        # lines with no sentence end, but no menu (the rules that remove menus spare it too).
        # Prose with a semicolon stays prose: only the blocks that are no prose count.
        code = per_block(page, state, (id(self), "code"), lambda: _code_lines(page))
        for index in compress(range(len(scores)), map(and_, code, map(operator.is_, status, repeat(False)))):
            scores[index] = 0.0
        return scores

    def _prose_flags(self, page: Page, state: PageState) -> list[bool]:
        """Which free blocks are prose (``_is_prose``), whatever the other blocks are.

        Most blocks fail the word-count test, which runs for the whole page in C; the rest are
        judged one by one, and the verdicts are kept for the pipeline's later passes (keyed by
        the block's offset, which stays while its index changes), which look them all up with
        one C-level map.
        """
        known: dict[int, bool] | None = state.memo.get(id(self))
        if known is not None:
            # A later pass: every free block was free on the first (the title stays the title),
            # so the verdicts of the long enough ones are known; the others are no prose.
            return list(map(known.get, page.starts, repeat(False)))
        known = state.memo[id(self)] = {}
        low = self.min_prose_words
        counts, ends = page.word_counts, map(_ENDS_SENTENCE, page.blocks)
        long_enough = map(and_, map(ge, counts, repeat(low)), map(or_, ends, map(ge, counts, repeat(2 * low))))
        stopwords = stoplist(page.lang) if page.lang in stoplist_names() else None
        flags = [False] * len(counts)
        taken, title = state.taken, state.title_index
        for index in compress(range(len(counts)), long_enough):
            if taken[index] or index == title:
                continue  # speed: gone or the title, so not scored as prose either way
            block = page.blocks[index]
            flags[index] = known[block.start] = self._is_prose(block, stopwords)
        return flags

    def _is_prose(self, block: Block, stopwords: frozenset[str] | None) -> bool:
        words = block.word_count
        if words < self.min_prose_words or not (block.ends_sentence or words >= 2 * self.min_prose_words):
            return False
        return self._reads_as_prose(block, stopwords)

    def _reads_as_prose(self, block: Block, stopwords: frozenset[str] | None, *, capitals: bool = True) -> bool:
        """Not Title Case (unless ``capitals`` is False), and enough stopwords (when the
        language has a stoplist)."""
        tokens = block.text.split()
        # Teaser and section titles are Title Case ("Kendall Jenner Finally Addresses ..."),
        # sentences are not; a share above 60% was never prose on the devset dumps.
        capitalised = sum(map(str.isupper, map(_FIRST, tokens))) if capitals else 0
        if capitalised > self.max_capital_share * len(tokens):
            return False
        if stopwords is None:
            return True
        folded = block.folded
        if self._surely_enough_stopwords(folded, stopwords):
            return True
        plain = _PLAIN_WORD.findall(folded)
        hits = sum(map(stopwords.__contains__, plain))
        return hits >= self.min_stopword_share * len(plain)

    def _surely_enough_stopwords(self, folded: str, stopwords: frozenset[str]) -> bool:
        """The stopword test decided from bounds, without splitting at punctuation (prose
        passes it by far, so the bounds settle almost every block).

        Space-separated tokens that are stopwords free of punctuation are words of ``plain``
        too: at least that many hits. A token with k punctuation marks makes at most k + 1
        words: at most the number of tokens plus the marks in the block.
        """
        tokens = folded.split()
        hits_at_least = sum(map(_plain_stopwords(stopwords).__contains__, tokens))
        words_at_most = len(tokens) + len(_PUNCTUATION_MARK.findall(folded))
        return hits_at_least >= self.min_stopword_share * words_at_most


# Quotation marks that open and close a line that is a quotation as a whole.
_OPENING_QUOTES = "\"'«»„“‚‘「『"
_CLOSING_QUOTES = "\"'«»“”‘’」』"
# What opens a list item: a bullet, a number ("1.", "3)"), or a label and a colon ("Path A:").
_ITEM_SHAPE = re.compile(r"^(?:[-–—•*·▪►✓]\s|\d+[.):]?\s|[^\W\d_][^:]{0,40}:\s)")
_DIGIT = re.compile(r"\d")
_LETTERS = re.compile(r"[^\W\d_]+")
# Shorter words ("the", "und", "v") say nothing about what a line is about.
MIN_CONTENT_LETTERS = 4
_INNER_SENTENCE_END = re.compile(r"[.!?]\s+\w")  # "Berlin. Die Ex-Grünen-Vorsitzende ..."


def _code_lines(page: Page) -> list[bool]:
    """Which blocks are lines of code (``textutil.looks_like_code``): short ones only (a program's
    lines are; searching every paragraph cost a tenth of a dump's time), with one of the
    characters code has first (a set test in C)."""
    flags = [False] * len(page.blocks)
    texts = page.texts
    short = page.within(0, SHORT_BLOCK_WORDS)
    marked = list(compress(short, map(operator.not_, map(CODE_CHARS.isdisjoint, pick(texts, short)))))
    for index in compress(marked, map(CODE_LINE.search, pick(texts, marked))):
        flags[index] = True
    return flags


def _is_quotation(text: str) -> bool:
    """A line that is one quotation from its first character to its last.

    >>> _is_quotation("„Wir schaffen das“"), _is_quotation("Trump: the wall")
    (True, False)
    """
    return len(text) > 2 and text[0] in _OPENING_QUOTES and text[-1] in _CLOSING_QUOTES


def _opens_list(block: Block) -> bool:
    """A line that announces a list: it ends with a colon ("The qualified teams are:")."""
    return block.text.rstrip().endswith(":")


def _item_shape(text: str) -> str:
    """What kind of list item a line looks like: "label" for a bullet, a number or a leading
    "Label:", "number" for a line with a figure in it (dates, scores, prices), "" otherwise.

    >>> _item_shape("Path A: Wales v Finland")
    'label'
    >>> _item_shape("12 May Berlin, Waldbühne")
    'label'
    >>> _item_shape("Berlin, Waldbühne 12/5")
    'number'
    >>> _item_shape("Other news from the region")
    ''
    """
    if _ITEM_SHAPE.match(text):
        return "label"
    return "number" if _DIGIT.search(text) else ""


class _Vocabulary:
    """The body's text, joined when first asked (most pages have no line to test past the
    body's ends), and whether a line shares a word with it: one of its words of four letters
    or more that is not a stopword starts a word of the body (a substring search in C; the
    body's word set cost more than all the tests together)."""

    def __init__(self, page: Page, runs: list[tuple[int, int]], stopwords: frozenset[str]) -> None:
        self._page, self._runs, self._stopwords = page, runs, stopwords
        self._text: str | None = None

    def shares(self, block: Block) -> bool:
        if self._text is None:
            folded = self._page.folded
            self._text = " " + " ".join(" ".join(folded[first : last + 1]) for first, last in self._runs)
        text = self._text
        return any(f" {word}" in text for word in _content_words(block.folded, self._stopwords))


def _content_words(folded: str, stopwords: frozenset[str]) -> set[str]:
    """The distinct words of four letters or more that are not stopwords (deduplicated
    first: a body has thousands of words and a few hundred distinct ones).

    >>> sorted(_content_words("path a: wales v finland, in cardiff", frozenset(["in"])))
    ['cardiff', 'finland', 'path', 'wales']
    """
    distinct = set(_LETTERS.findall(folded))
    distinct.difference_update(stopwords)
    return {w for w in distinct if len(w) >= MIN_CONTENT_LETTERS}


def continuation(
    page: Page,
    state: PageState,
    order: Iterable[int],
    closing: Callable[[Block], bool],
    *,
    item: Callable[[Block, bool], bool] | None,
) -> int:
    """How many blocks, taken in ``order`` from one end of the body, continue the article.

    A block continues it when it is a closing sentence (``closing``), or, when ``item`` is
    given, an item of a list that follows a line opening one (it ended with a colon) or an
    item, or has a neighbour of the same item shape (``_item_shape``), and that ``item``
    accepts (told whether a list is already under way). The walk stops at the
    first block that does neither, and at any block an earlier rule took or the title: known
    boilerplate between the body and a line keeps the line out.
    """
    blocks, taken, title = page.blocks, state.taken, state.title_index
    indices = list(order)
    grown, in_list = 0, False
    for position, index in enumerate(indices):
        if taken[index] or index == title:
            break
        block = blocks[index]
        if closing(block):
            in_list = _opens_list(block)
        elif item is not None and (in_list or _alike(blocks, taken, indices, position, grown)) and item(block, in_list):
            in_list = True
        else:
            break
        grown = position + 1
    return grown


def _alike(blocks: Sequence[Block], taken: Sequence[bool], indices: list[int], position: int, grown: int) -> bool:
    """The block at ``indices[position]`` has an item shape, and so does the one before it
    (when that one was taken into the body) or the one after it."""
    shape = _item_shape(blocks[indices[position]].text)
    if not shape:
        return False
    before = indices[position - 1] if position and grown == position else None
    after = indices[position + 1] if position + 1 < len(indices) else None
    return any(
        other is not None and not taken[other] and _item_shape(blocks[other].text) == shape for other in (before, after)
    )


def _prose_neighbours(prose: list[bool | None]) -> list[bool]:
    """For each block: is the nearest counted block before or after it prose?

    >>> _prose_neighbours([True, None, True, False, True])
    [True, True, True, True, False]
    """
    result = [False] * len(prose)
    last: bool | None = None
    for i, value in enumerate(prose):
        result[i] = bool(last)
        if value is not None:
            last = value
    last = None
    for i in range(len(prose) - 1, -1, -1):
        result[i] = result[i] or bool(last)
        if prose[i] is not None:
            last = prose[i]
    return result


def _body_runs(scores: list[float], min_total: float, second_share: float) -> list[tuple[int, int]]:
    """The best run, plus runs elsewhere worth at least ``second_share`` of it, in order.

    >>> _body_runs([50, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, -4, 40], 30, 0.5)
    [(0, 0), (14, 14)]
    """
    first, last, total = _best_run(scores)
    if total < min_total:
        return []
    runs = [(first, last)]
    floor = max(min_total, second_share * total)
    pending = [(0, first), (last + 1, len(scores))]
    while pending:
        lo, hi = pending.pop()
        sub_first, sub_last, sub_total = _best_run(scores[lo:hi])
        if sub_total >= floor:
            runs.append((lo + sub_first, lo + sub_last))
            pending += [(lo, lo + sub_first), (lo + sub_last + 1, hi)]
    return sorted(runs)


def _best_run(scores: list[float]) -> tuple[int, int, float]:
    """Maximum-sum contiguous run (Kadane): (first, last, sum); (0, -1, 0.0) when all <= 0.

    >>> _best_run([-4, 10, -4, 20, -4, -4, -4, -4, -4, -4, 5])
    (1, 3, 26.0)
    """
    best: tuple[int, int, float] = (0, -1, 0.0)
    start, running = 0, 0.0
    for index, score in enumerate(scores):
        if running <= 0:
            start, running = index, 0.0
        running += score
        if running > best[2]:
            best = (start, index, running)
    return best
