"""The review page in a real browser (headless Chromium): what it renders, what its controls
do, that hostile documents stay text, and that its screenshots are not blank.

The interaction (focusing a removed span to show its tooltip, filtering by a reason, jumping
to the next document) is run by the page's own script when opened at ``#selftest``: it does
what a user would and writes what it saw into ``#selftest-result``, which the test reads
from the dumped DOM alongside the rendered elements.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest

from browser import dump_dom, find_browser, png_pixels, screenshot
from cleaner.cli import main

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "fixtures" / "export" / "devset_sample.jsonl"
BROWSER = find_browser()

pytestmark = pytest.mark.skipif(
    BROWSER is None,
    reason="no chromium binary on PATH (Debian's `chromium` package; .ci/run installs it)",
)


class _Dom(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[str, str] = {}  # element id -> its text
        self._open: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if attributes.get("id"):
            self._open.append(attributes["id"])
            self.texts.setdefault(attributes["id"], "")

    def handle_endtag(self, tag):
        pass

    def handle_data(self, data):
        for element in self._open:
            self.texts[element] += data


def _dom(html: str) -> _Dom:
    dom = _Dom()
    dom.feed(html)
    return dom


def _page(tmp_path: Path, inputs: list[str], *extra: str) -> Path:
    page = tmp_path / "review.html"
    assert main(["review", *inputs, "-o", str(page), "-q", *extra]) == 0
    return page


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("review") / "out"
    assert main(["clean", str(SAMPLE), "-o", str(out), "-q"]) == 0
    return out


def _selftest(tmp_path: Path, page: Path) -> tuple[dict, str]:
    html = dump_dom(BROWSER, tmp_path / "profile", page.as_uri() + "#selftest")
    found = re.search(r'<pre id="selftest-result">(.*?)</pre>', html, re.S)
    assert found, "the page's script did not run"
    return json.loads(_dom(found.group(0)).texts["selftest-result"]), html


def test_the_page_renders_charts_a_sample_and_working_controls(tmp_path, folder):
    page = _page(tmp_path, [str(folder)], "--sample", "6", "--seed", "2")
    result, html = _selftest(tmp_path, page)
    dom = _dom(html)
    tags = [tag for tag, _ in dom.tags]
    assert tags.count("svg") == 3 and tags.count("rect") > 10  # the charts, drawn
    assert tags.count("article") == 6 == result["docs"]
    assert result["marks"] == tags.count("mark") > 0
    # hovering or focusing a span shows its rule and evidence
    assert result["tipHiddenBefore"] and result["focused"] and result["tipShownOnFocus"]
    reason, rule, evidence = result["tipText"].split(" · ", 2)
    assert reason == result["filterReason"] and rule and evidence
    # showing one reason hides the documents without it and greys the other reasons' spans
    assert result["shownHaveReason"] and result["hiddenLackReason"] and result["othersDimmed"]
    assert 0 < result["shownAfterFilter"] <= 6 and result["shownAfterReset"] == 6
    assert result["afterNext"] == "doc-2" and result["afterPrev"] == "doc-1"
    assert result["scripts"] == 1
    assert "6 of 6 documents" in dom.texts["shown-count"]


def test_hostile_documents_never_execute_in_the_browser(tmp_path):
    from test_review import HOSTILE, _hostile_input

    page = _page(tmp_path, [str(_hostile_input(tmp_path))])
    result, html = _selftest(tmp_path, page)
    dom = _dom(html)
    body = next(attrs for tag, attrs in dom.tags if tag == "body")
    assert "data-pwned" not in body and "data-pwned=" not in html.split("<main", 1)[0]
    tags = [tag for tag, _ in dom.tags]
    assert tags.count("script") == 1 == result["scripts"]
    assert "img" not in tags and "iframe" not in tags and tags.count("svg") == 3
    text = "".join(dom.texts.get(f"doc-{i}", "") for i in range(1, 6))
    assert all(attack in text for attack in HOSTILE)
    assert "U+202E" in text and "\u202e" not in text


def _not_blank(path: Path) -> None:
    width, height, rows = png_pixels(path)
    channels = len(rows[0]) // width
    pixels = Counter(
        row[x * channels : x * channels + 3] for row in rows[::4] for x in range(0, width, 4)
    )
    background, count = pixels.most_common(1)[0]
    total = sum(pixels.values())
    assert len(pixels) > 20, f"{path.name}: {len(pixels)} colours"
    assert count / total < 0.9, f"{path.name}: {count / total:.0%} of pixels are the background"


@pytest.mark.parametrize("width", [390, 1000], ids=["phone", "desktop"])
def test_screenshots_are_not_blank(tmp_path, folder, width):
    page = _page(tmp_path, [str(folder)], "--sample", "4")
    shot = tmp_path / f"review-{width}.png"
    screenshot(BROWSER, tmp_path / "profile", page.as_uri(), shot, width=width, height=900)
    _not_blank(shot)
