"""The speed helpers give exactly what the plain definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.model import Block, Page
from cleaner.rules.base import PageState, remembered
from cleaner.segment.text import segment_text

_LINES = st.lists(st.sampled_from(["", "a", "a b", "a b c", "Home", "one two three four five", "x " * 45]), max_size=40)


@settings(max_examples=100, deadline=None)
@given(_LINES, st.integers(0, 50), st.integers(0, 50))
def test_within_is_the_word_count_filter(lines: list[str], low: int, high: int) -> None:
    page = segment_text("\n".join(lines))
    expected = [b.index for b in page.blocks if low <= b.word_count <= high]
    assert page.within(low, high) == expected
    assert page.within(low, high) == expected  # the cached answer too


@settings(max_examples=100, deadline=None)
@given(_LINES, st.lists(st.booleans(), max_size=40))
def test_remembered_on_a_later_pass_is_the_pick_on_what_is_left(lines: list[str], keep: list[bool]) -> None:
    page = segment_text("\n".join(lines))

    def short(p: Page) -> list[int]:  # judges each block by its own text only
        return [b.index for b in p.blocks if b.word_count <= 3]

    state = PageState(taken=[False] * len(page.blocks), title_index=None, lang=None)
    assert remembered(page, state, "short", lambda: short(page)) == short(page)
    kept = [b for b, k in zip(page.blocks, keep + [True] * len(page.blocks)) if k]
    later = page._keeping(kept)
    again = PageState(taken=[False] * len(later.blocks), title_index=None, lang=None, memo=state.memo)
    assert remembered(later, again, "short", lambda: short(later)) == short(later)


def test_plain_pages_have_no_markup_evidence() -> None:
    assert segment_text("Title\n\nText.").plain
    linked = Page(blocks=(Block(0, "Read more", 0, 9, 1, 1, link_chars=9),), source="Read more")
    assert not linked.plain


def test_with_lang_keeps_the_columns() -> None:
    page = segment_text("Title\n\nSome text here.")
    counts = page.word_counts
    other = page.with_lang("en")
    assert other.lang == "en" and other.word_counts is counts and other.blocks == page.blocks
