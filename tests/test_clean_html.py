"""Every HTML fixture (``fixtures/html/*.html``) against its ``.expect.json`` sidecar.

A sidecar lists ``must_keep`` snippets (in the cleaned text), ``must_remove`` snippets (not in
the text; when a ``reason`` is given, a removal with that reason holds the snippet), ``absent``
snippets (not in the text, removed or never shown: hidden modals, scripts), expected ``meta``
values, and ``no_removals_in``: DOM path parts no removal may come from (negative cases).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cleaner import clean_html

FIXTURES = Path(__file__).parent.parent / "fixtures" / "html"
CASES = sorted(p.stem for p in FIXTURES.glob("*.html"))
_SPACE = re.compile(r"\s+")


def _flat(text: str) -> str:
    return _SPACE.sub(" ", text)


@pytest.fixture(scope="module", params=CASES)
def case(request):
    name = request.param
    expect = json.loads((FIXTURES / f"{name}.expect.json").read_text("utf-8"))
    result = clean_html((FIXTURES / f"{name}.html").read_bytes(), url=expect.get("url"))
    return name, expect, result


def test_there_are_cases():
    assert len(CASES) >= 4


def test_must_keep(case):
    name, expect, result = case
    text = _flat(result.text)
    missing = [s for s in expect["must_keep"] if _flat(s) not in text]
    assert not missing, f"{name}: article text lost: {missing}"


def test_must_remove(case):
    name, expect, result = case
    text = _flat(result.text)
    for item in expect["must_remove"]:
        snippet = _flat(item["text"])
        assert snippet not in text, f"{name}: kept {snippet!r}"
        if "reason" in item:
            reasons = {r.reason.value for r in result.removals if snippet in _flat(r.text)}
            assert item["reason"] in reasons, f"{name}: {snippet!r} removed as {reasons or 'nothing'}"


def test_absent(case):
    name, expect, result = case
    text = _flat(result.text)
    kept = [s for s in expect.get("absent", []) if s in text]
    assert not kept, f"{name}: kept {kept}"


def test_metadata(case):
    name, expect, result = case
    got = {key: getattr(result, key) for key in expect.get("meta", {})}
    assert got == expect.get("meta", {}), name


def test_negative_cases_remove_nothing_from_the_article(case):
    name, expect, result = case
    for part in expect.get("no_removals_in", []):
        inside = [(r.path, r.text) for r in result.removals if part in r.path.split("/")]
        assert not inside, f"{name}: removed from <{part}>: {inside}"


def test_every_removal_has_a_dom_path(case):
    name, _expect, result = case
    pathless = [(r.path, r.text) for r in result.removals if not r.path.startswith(("body", "…"))]
    assert not pathless, f"{name}: {pathless}"
