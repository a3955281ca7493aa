"""Mutated fixture pages through clean_html and clean_text: only ``CleanerError`` may escape.

The mutations (``tests/mutations.py``) are those that found crashes: text after ``</body>``
(an ``IndexError`` in the walk on 505 of 101,421 fuzzed inputs), truncation, deleted and
duplicated ranges, control, surrogate and other odd characters, and raw bytes (broken UTF-8,
BOMs, NULs). For a bulk run see
``tests/benchmarks/fuzz_inputs.py``.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mutations import (
    KINDS,
    SNIPPETS,
    Mutation,
    html_pages,
    mutate_bytes,
    mutate_str,
    text_documents,
)

from cleaner import CleanerError, clean_html, clean_text

shares = st.floats(min_value=0.0, max_value=1.0)
mutation = st.one_of(
    st.tuples(st.just("truncate"), shares, st.just(0)),
    st.tuples(st.sampled_from(("delete", "duplicate")), shares, st.integers(1, 400)),
    st.tuples(st.just("insert"), shares, st.sampled_from(SNIPPETS)),
    st.tuples(st.just("text"), shares, st.text(min_size=1, max_size=12)),
    st.tuples(st.just("raw"), shares, st.binary(min_size=1, max_size=12)),
)
mutations = st.lists(mutation, min_size=1, max_size=6)
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def test_every_kind_has_a_strategy() -> None:
    assert {"truncate", "delete", "duplicate", "insert", "text", "raw"} == set(KINDS)


@FAST
@given(st.sampled_from(html_pages()), mutations)
def test_mutated_html_bytes_raise_only_cleaner_errors(page: tuple[str, bytes], changes: list[Mutation]) -> None:
    try:
        clean_html(mutate_bytes(page[1], changes))
    except CleanerError:
        pass


@FAST
@given(st.sampled_from(html_pages()), mutations)
def test_mutated_html_str_raise_only_cleaner_errors(page: tuple[str, bytes], changes: list[Mutation]) -> None:
    try:
        clean_html(mutate_str(page[1].decode("utf-8", "replace"), changes))
    except CleanerError:
        pass


@FAST
@given(st.sampled_from(text_documents()), mutations)
def test_mutated_text_raise_only_cleaner_errors(document: tuple[str, str], changes: list[Mutation]) -> None:
    try:
        clean_text(mutate_str(document[1], changes))
    except CleanerError:
        pass


def test_text_after_the_body_is_outside_the_page() -> None:
    """libxml2 leaves "</body>x" as the tail of ``<body>``: the walk's last event, with no
    block open to take the text (an ``IndexError`` before)."""
    assert clean_html(b"<body></body>x").text == ""
    assert clean_html("<html><body><p>Hello</p></body><").removals[0].text == "Hello"
    prose = "The storm, which formed on Monday, hit the coast at night."
    assert clean_html(f"<body><p>{prose}</p></body>after").text == prose
    assert clean_html("<body hidden><p>Hidden</p></body>tail").text == ""
