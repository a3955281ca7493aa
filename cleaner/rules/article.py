"""The article body: the densest run of prose on the page; what lies outside it is template.

A text dump has no DOM to say where the article is, but its shape does: the article is a run
of long, sentence-ending, stopword-rich lines, while menus, teaser rails, footers and share
bars are runs of short labels. Scoring prose blocks by their word count and label-like blocks
by a fixed penalty, the article is the maximum-sum run of blocks (Kadane's algorithm, linear
time), the same idea as Finn et al.'s Body Text Extraction on tag/text token sequences.

How it fails: a page with two articles keeps only the larger; an article interrupted by a long
menu is cut at the menu. To protect content, pages with little prose are left alone, and long
prose blocks outside the body are kept unless they are far from it (see ``ArticleBody``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from itertools import compress, repeat
from operator import and_, attrgetter, ge, itemgetter, or_
from typing import ClassVar

from ..model import Block, Finding, Page
from ..reasons import Reason
from ..segment.stoplists import stoplist, stoplist_names
from .base import PageState

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

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        if page.meta.main_spans:
            return  # HTML whose article container was found: the DOM knows better (OutsideMain)
        scores = self._scores(page, state)
        runs = _body_runs(scores, self.min_body_words, self.second_run_share)
        if not runs:
            return
        where = "article body is lines " + ", ".join(
            f"{page.blocks[first].line}-{page.blocks[last].last_line}" for first, last in runs
        )
        outside_start = 0
        for first, last in [*runs, (len(page.blocks), len(page.blocks))]:
            if first > outside_start:
                place = "before" if outside_start == 0 else "after" if first == len(page.blocks) else "between parts of"
                yield outside_start, Finding(f"{place} the body; {where}", last=first - 1)
            outside_start = last + 1

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
        tokens = block.text.split()
        # Teaser and section titles are Title Case ("Kendall Jenner Finally Addresses ..."),
        # sentences are not; a share above 60% was never prose on the devset dumps.
        capitalised = sum(map(str.isupper, map(_FIRST, tokens)))
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
