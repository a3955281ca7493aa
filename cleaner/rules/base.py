"""What every rule is: a frozen, picklable object that finds blocks to remove and says why.

Rules never mutate the page and never parse markup. The pipeline asks each rule in order for
its findings, marks the blocks it claims as taken (so later rules skip them, and the first
rule to claim a block names its reason), and builds every ``Removal`` itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import compress
from typing import Any, ClassVar, Protocol, TypeVar

from ..model import SHORT_BLOCK_WORDS, Block, Finding, Page
from ..reasons import Reason

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class PageState:
    """Read-only view a rule gets of the pipeline's progress on one page."""

    taken: Sequence[bool]  # blocks already claimed by an earlier rule
    title_index: int | None  # the block that became the title, if any
    lang: str | None  # the page's language (given or detected)
    # Scratch space for one document, kept across the pipeline's passes: a rule may keep what
    # it worked out about a block there (under a key of its own, e.g. ``id(self)``, then the
    # block's ``start``, which stays the same while its index changes between passes). Only
    # facts about a block's own content belong here; they must not depend on other blocks.
    memo: dict[Any, Any] = field(default_factory=dict)

    def free(self, index: int) -> bool:
        """True when the block is neither taken nor the title."""
        return not self.taken[index] and index != self.title_index


class Rule(Protocol):
    """A rule yields (block index, finding) pairs; a finding may claim a run of blocks.

    A rule may also set ``context_free = True`` (a class attribute) when it can find nothing
    on the pipeline's later passes that it did not find on the first (see ``BlockRule``):
    the pipeline then runs it on the first pass only.
    """

    name: ClassVar[str]
    reason: ClassVar[Reason]

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]: ...


class BlockRule:
    """Base for rules that judge one block at a time: subclasses implement ``check``.

    ``min_words``/``max_words`` bound the blocks ``check`` is asked about: the loop in ``find``
    skips the rest cheaply, which is most of a page for most rules.

    ``context_free`` says that ``check`` reads only the block's own content (its text, folded
    text, word count, sentence end, kind, links, DOM context, offset) and what the page's
    passes share (``page.meta``, ``page.lang``), never its index, its neighbours, the other
    blocks or the state. The pipeline then runs the rule on the first pass only: on later
    passes every block left is one the rule already rejected (or the title), and a rejection
    cannot change when only the surroundings did. A subclass whose ``check`` looks further
    must set it False.
    """

    name: ClassVar[str]
    reason: ClassVar[Reason]
    context_free: ClassVar[bool] = False
    # True when ``candidates`` judges each block by its own content alone (not its index, its
    # neighbours or the page): later passes then reuse the first pass's candidates.
    content_candidates: ClassVar[bool] = False
    min_words: int = 0
    max_words: int = 1_000_000

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        raise NotImplementedError

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        """Of ``indices`` (blocks within the word bounds, in page order), the ones ``check``
        may accept, in order: at least every block it would accept, and maybe more.

        Why: calling ``check`` costs a Python call per block and per rule, most of the time
        spent in the rules; a subclass can rule out most blocks for the whole page at once
        (a phrase pattern mapped over the folded texts in C). The default keeps them all.
        """
        return indices

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        taken, title, blocks = state.taken, state.title_index, page.blocks
        if self.content_candidates:
            candidates: Iterable[int] = remembered(
                page, state, (id(self), "candidates"),
                lambda: self.candidates(page, page.within(self.min_words, self.max_words)),
            )
        else:
            candidates = self.candidates(page, page.within(self.min_words, self.max_words))
        # ``taken`` is read as the loop goes: a finding claims its blocks before the next check.
        for index in candidates:
            if not taken[index] and index != title:
                finding = self.check(blocks[index], page, state)
                if finding is not None:
                    yield index, finding


def per_block(page: Page, state: PageState, key: object, compute: Callable[[], list[T]]) -> list[T]:
    """A value for every block of the page (``compute``'s, in order), when each is a fact
    about the block alone (its text, kind, links, where it lies), never about its index, its
    neighbours or what else is left on the page.

    Why: such facts do not change between the pipeline's passes; ``compute`` runs on the
    first pass and later passes look the values up by offset (``Page.starts``: where a
    block's index changes, its offset does not), kept in ``state.memo`` under ``key``.
    """
    known: dict[int, T] | None = state.memo.get(key)
    if known is None:
        values = compute()
        state.memo[key] = dict(zip(page.starts, values))
        return values
    return list(map(known.__getitem__, page.starts))


def remembered(page: Page, state: PageState, key: object, find: Callable[[], Iterable[int]]) -> list[int]:
    """The blocks ``find`` picks on this page (indices, in order), when ``find`` judges each
    block by its own content alone (its text, folded text, word count), never by its index,
    its neighbours or what else is on the page.

    Why: the pipeline's later passes run on what the first left, and such a pick is then the
    first pass's pick less the blocks that went. ``find`` runs on the first pass; later
    passes look the blocks up by offset (``Page.starts``), kept in ``state.memo`` under
    ``key``. A phrase scan over the page's short blocks on every pass cost more than most
    rules' whole first pass.
    """
    starts: set[int] | None = state.memo.get(key)
    if starts is None:
        found = list(find())
        state.memo[key] = set(map(page.starts.__getitem__, found))
        return found
    return list(compress(range(len(page.blocks)), map(starts.__contains__, page.starts)))


def holding(page: Page, words: frozenset[str] | None, max_words: int, indices: list[int]) -> list[int]:
    """Of ``indices``, the blocks that may hold one of ``words`` (``matching.required_words``)
    as a whole word: a rule that needs one of them can skip the others. The words on the page
    come from one set operation, their blocks from substring search. ``indices`` as they are
    when unsure (no word set, or longer blocks than ``Page.short_words`` covers)."""
    if words is None or max_words > SHORT_BLOCK_WORDS:
        return indices
    present = words.intersection(page.short_words)
    if not present:
        return []
    allowed = set(indices)
    return [i for i in page.short_blocks_with(present) if i in allowed]


def pick(values: Sequence[T], indices: Sequence[int]) -> Sequence[T]:
    """``values`` at ``indices``: the per-block column (``page.folded``, ``page.texts``, ...)
    of the candidate blocks, ready to be mapped over in C.

    ``indices`` are distinct block indices in order, as rules get them: when there are as
    many as values, they name them all, and ``values`` itself is returned, not a copy (the
    rules without word bounds, such as the container rules, take every block of a page).
    Callers must not change the result.
    """
    if len(indices) == len(values):
        return values
    return list(map(values.__getitem__, indices))
