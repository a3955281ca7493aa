"""Large inputs: the text size limit, and the sharing that keeps memory per block small.

Figures (seconds and peak MiB per size) come from ``tests/benchmarks/large_inputs.py``; no
timing is asserted here.
"""

from __future__ import annotations

import pytest

from cleaner import Cleaner, InputError, clean_text
from cleaner.segment.html import segment_html
from cleaner.segment.text import MAX_TEXT_CHARS, segment_text


def test_text_over_the_limit_is_refused_naming_the_limit() -> None:
    with pytest.raises(InputError, match=r"10,000,001 characters is over the text limit of 10,000,000"):
        clean_text("a" * (MAX_TEXT_CHARS + 1))


def test_the_text_limit_is_a_setting_like_the_html_limit() -> None:
    small = Cleaner(max_text_chars=100)
    with pytest.raises(InputError, match=r"over the text limit of 100 .*max_text_chars"):
        small.clean_text("word " * 21, url="https://example.org/a")
    small.clean_text("word " * 20)  # 100 characters: at the limit, accepted


def test_bounds_taking_every_block_share_one_index_list() -> None:
    """Each pair of word bounds kept its own copy of the page's indices (nine copies of the
    index column, a fifth of the memory of a 100,000-line page)."""
    page = segment_text("\n".join(f"Line {i} of the report." for i in range(1000)))
    assert page.within(0, 40) is page.within(2, 1_000_000)
    assert page.within(0, 40) == list(range(1000))


def test_alike_siblings_share_one_context() -> None:
    """Each ``<p>`` held its own copy of its parent's context set (200 bytes a block)."""
    paragraphs = "".join(f"<p>Paragraph {i} of the report, with a few more words.</p>" for i in range(300))
    page = segment_html(f"<html><body><div class='story-body'>{paragraphs}</div></body></html>")
    contexts = {id(b.context) for b in page.blocks}
    assert len(page.blocks) == 300 and len(contexts) == 1
