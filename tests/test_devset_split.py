"""The benchmarks' leave-publisher-out split stays put.

Rules are tuned while looking at the TUNE part and judged on the CHECK part; a split that
moved (a new hash, a changed site key) would put pages a rule was tuned on into CHECK and
make its figure flatter. The devset itself is not needed: the split reads only ids and URLs.
"""

from __future__ import annotations

import doctest
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "benchmarks"))

import scoring  # noqa: E402  (the benchmark scripts' module, beside them)


def test_scoring_doctests() -> None:
    failures, tried = doctest.testmod(scoring)
    assert tried > 0 and failures == 0


@pytest.mark.parametrize(
    ("url", "rotate", "part"),
    [
        ("https://www.example.co.uk/a", 0, "tune"),
        ("https://news.example.co.uk/b", 0, "tune"),  # same site, same part
        ("https://www.example.co.uk/a", 1, "check"),
        ("https://example.org/x", 0, "check"),
        ("https://blog.example.com/p", 0, "check"),
        ("https://blog.example.com/p", 1, "tune"),
        ("http://fakehost/test/page.html", 0, "tune"),  # by id: "sample-2" -> "sample"
    ],
)
def test_split_is_pinned(url: str, rotate: int, part: str) -> None:
    assert scoring.part_of({"id": "sample-2", "url": url}, rotate) == part


def test_one_site_one_part() -> None:
    pages = [{"id": f"p{i}", "url": f"https://{host}.example.de/{i}"} for i, host in
             enumerate(["www", "m", "sport", "www"])]
    for rotate in range(4):
        assert len({scoring.part_of(page, rotate) for page in pages}) == 1
