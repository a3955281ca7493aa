"""No silent loss: every word readers see on a fixture page is in the cleaned text, the title
or a removal with a reason (``tests/benchmarks/silent_loss.py`` checks devset pages the same
way, and defines what readers see)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

from silent_loss import lost_words, visible_words

from cleaner import Cleaner
from cleaner.reasons import Reason

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
PAGES = sorted(FIXTURES.rglob("*.html"))


def _url(page: Path) -> str | None:
    sidecar = page.with_name(f"{page.stem}.expect.json")
    return json.loads(sidecar.read_text("utf-8")).get("url") if sidecar.exists() else None


@pytest.mark.parametrize("page", PAGES, ids=[p.stem for p in PAGES])
def test_every_visible_word_is_kept_or_removed_with_a_reason(page: Path) -> None:
    html = page.read_bytes()
    result = Cleaner().clean_html(html, url=_url(page))
    assert visible_words(html), page.name
    assert not lost_words(html, result), page.name
    assert all(isinstance(r.reason, Reason) and r.evidence for r in result.removals)


def test_pruned_text_is_a_removal_in_document_order() -> None:
    html = (b"<html><body><nav><a href=/>Home</a> <a href=/news>News</a></nav><article><h1>Storm"
            b" hits</h1><p>The storm hit the coast at night, the coastguard said.</p></article>"
            b"<footer>All rights reserved</footer></body></html>")
    result = Cleaner().clean_html(html)
    pruned = [(r.reason.value, r.rule, r.text) for r in result.removals if r.rule == "pruned"]
    assert pruned == [("navigation", "pruned", "Home News"), ("boilerplate", "pruned", "All rights reserved")]
    assert result.text.endswith("The storm hit the coast at night, the coastguard said.")


def test_hidden_text_is_not_visible() -> None:
    html = b"<html><body><p>Shown text here.</p><div hidden><p>Secret modal text.</p></div></body></html>"
    assert "Secret" not in visible_words(html)


def test_text_source_is_in_the_dataset_row() -> None:
    from cleaner.export import FEATURES, result_row

    page = FIXTURES / "next_data_only_article.html"
    result = Cleaner().clean_html(page.read_bytes(), url=_url(page))
    row = result_row(result, id="x")
    assert row["text_source"] == "structured_data" and "text_source" in FEATURES
    assert "valley's main reservoir" in row["text"]
    assert any(r["rule"] == "pruned" and "Valley Courier" in r["text"] for r in row["removed"])


def test_a_short_page_without_structured_data_keeps_its_article() -> None:
    html = (b"<html><head><title>Photo: first snow on the pass</title></head><body><nav><a href=/>Home"
            b"</a></nav><article><h1>Photo: first snow on the pass</h1><p>The first snow of the year"
            b" fell on the mountain pass on Tuesday night.</p></article></body></html>")
    result = Cleaner().clean_html(html)
    assert result.text_source == "article"
    assert result.text == "The first snow of the year fell on the mountain pass on Tuesday night."
