"""The seed article: exactly the expected paragraphs, metadata and removals."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import clean_text

SEED = Path(__file__).parent.parent / "fixtures" / "seed"
EXPECTED = json.loads((SEED / "000_7285663f1c9e21b0.expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def result():
    return clean_text((SEED / EXPECTED["input"]).read_text("utf-8"))


def test_paragraphs_are_exactly_the_article(result):
    assert result.paragraphs == EXPECTED["paragraphs"]


def test_metadata(result):
    assert (result.title, result.author, result.section) == (
        EXPECTED["title"],
        EXPECTED["author"],
        EXPECTED["section"],
    )
    assert result.lang == "en"


def test_removed_lines_and_reasons(result):
    got = [((r.line, r.last_line), r.reason.value) for r in result.removals]
    want = [(tuple(r["lines"]), r["reason"]) for r in EXPECTED["removed"]]
    assert got == want


def test_every_removal_is_explained(result):
    for removal in result.removals:
        assert removal.rule and removal.evidence
