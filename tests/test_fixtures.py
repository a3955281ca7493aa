"""Every text fixture case: what must go (with its reason), what must stay, the metadata."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import CleanResult, clean_text

FIXTURES = Path(__file__).parent.parent / "fixtures" / "text"


def _cases() -> list:
    cases = []
    for path in sorted(FIXTURES.glob("*.json")):
        for case in json.loads(path.read_text("utf-8")):
            marks = [pytest.mark.xfail(strict=True)] if case["expect"] == "xfail" else []
            cases.append(pytest.param(case, id=f"{path.stem}: {case['name']}", marks=marks))
    return cases


def _check(case: dict, result: CleanResult) -> None:
    for wanted in case["must_remove"]:
        reasons = [r.reason.value for r in result.removals if wanted["text"] in r.text]
        assert wanted["reason"] in reasons, f"not removed as {wanted['reason']}: {wanted['text']!r}"
        assert wanted["text"] not in result.text
    for kept in case["must_keep"]:
        assert kept in result.text, f"lost: {kept!r}"
    if not case["must_remove"]:
        assert result.removals == (), [(r.reason.value, r.text) for r in result.removals]
    for field, value in case.get("metadata", {}).items():
        assert getattr(result, field) == value, field


@pytest.mark.parametrize("case", _cases())
def test_fixture_case(case: dict) -> None:
    _check(case, clean_text(case["text"]))
