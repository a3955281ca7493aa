"""The review page in a real browser (headless Chromium over the DevTools protocol): what it
renders, what a mouse and a keyboard do with it, that hostile documents stay text, that it
fits a phone's width, and that its screenshots are not blank."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from browser import Browser, find_browser, png_pixels

from cleaner.cli import main

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "fixtures" / "export" / "devset_sample.jsonl"
EXECUTABLE = find_browser()
PHONE_WIDTH = 390  # CSS pixels of a common phone in portrait

pytestmark = pytest.mark.skipif(
    EXECUTABLE is None,
    reason="no chromium binary on PATH (Debian's `chromium` package; .ci/run installs it)",
)


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The review page of the bundled example, cleaned to a folder: 6 documents."""
    work = tmp_path_factory.mktemp("review")
    assert main(["clean", str(SAMPLE), "-o", str(work / "out"), "-q"]) == 0
    page = work / "review.html"
    assert main(["review", str(work / "out"), "-o", str(page), "-q", "--sample", "6", "--seed", "2"]) == 0
    return page


@pytest.fixture()
def browser(tmp_path):
    assert EXECUTABLE is not None
    with Browser(EXECUTABLE, tmp_path / "profile") as opened:
        yield opened


def _tip_shown(browser: Browser, mark: str) -> bool:
    return browser.evaluate(
        f"(() => {{ const t = document.querySelector('{mark} .tip');"
        " return getComputedStyle(t).display !== 'none' && t.getBoundingClientRect().width > 0; })()"
    )


def test_the_page_draws_its_charts_and_the_sample(browser, page):
    browser.open(page.as_uri())
    assert browser.evaluate("document.querySelectorAll('#charts svg').length") == 3
    widths = browser.evaluate(
        "[...document.querySelectorAll('#chart-reasons rect')].map(r => r.getBoundingClientRect().width)"
    )
    assert widths and all(w > 0 for w in widths)
    assert browser.evaluate("document.querySelectorAll('article.doc').length") == 6
    assert browser.evaluate("document.querySelectorAll('article.doc mark.rm').length") > 0
    colour = browser.evaluate("getComputedStyle(document.querySelector('mark.rm')).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted
    assert browser.evaluate("document.getElementById('shown-count').textContent") == "6 of 6 documents"


def test_hovering_a_removed_span_shows_its_rule_and_evidence(browser, page):
    browser.open(page.as_uri())
    assert not _tip_shown(browser, "mark.rm")
    browser.hover(*browser.centre_of("mark.rm"))
    assert _tip_shown(browser, "mark.rm")
    tip = browser.evaluate("document.querySelector('mark.rm .tip').textContent")
    reason, rule, evidence = tip.split(" · ", 2)
    assert reason == browser.evaluate("document.querySelector('mark.rm').dataset.reason")
    assert rule and evidence
    browser.hover(1, 1)
    assert not _tip_shown(browser, "mark.rm")


def test_tabbing_to_a_removed_span_shows_its_tooltip(browser, page):
    browser.open(page.as_uri())
    for _ in range(10):  # past the controls to the first removed span
        browser.press("Tab")
        if browser.evaluate("document.activeElement.matches('mark.rm')"):
            break
    assert browser.evaluate("document.activeElement.matches('mark.rm')")
    assert browser.evaluate(
        "getComputedStyle(document.activeElement.querySelector('.tip')).display"
    ) == "block"


def test_the_reason_filter_shows_one_reason_only(browser, page):
    browser.open(page.as_uri())
    options = browser.evaluate("[...document.getElementById('reason-filter').options].map(o => o.value)")
    in_docs = browser.evaluate("[...document.querySelectorAll('article.doc')].map(d => d.dataset.reasons)")
    # the reason the fewest documents have, so that the filter must hide some
    target = min(options[1:], key=lambda name: sum(name in r.split() for r in in_docs))
    browser.evaluate("document.getElementById('reason-filter').focus()")
    for _ in range(options.index(target)):  # as a keyboard user picks it
        browser.press("ArrowDown")
    reason = browser.evaluate("document.getElementById('reason-filter').value")
    assert reason == target
    docs = browser.evaluate(
        "[...document.querySelectorAll('article.doc')].map(d => "
        "[d.dataset.reasons.split(' '), getComputedStyle(d).display !== 'none'])"
    )
    assert all(shown == (reason in reasons) for reasons, shown in docs)
    assert any(shown for _, shown in docs) and not all(shown for _, shown in docs)
    marks = browser.evaluate(
        "[...document.querySelectorAll('article.doc:not([hidden]) mark.rm')].map(m => "
        "[m.dataset.reason, getComputedStyle(m).backgroundColor])"
    )
    assert all((colour == "rgba(0, 0, 0, 0)") == (name != reason) for name, colour in marks)
    shown = sum(shown for _, shown in docs)
    assert browser.evaluate("document.getElementById('shown-count').textContent") == f"{shown} of 6 documents"
    for _ in range(options.index(target)):  # back to all reasons
        browser.press("ArrowUp")
    assert browser.evaluate("document.querySelectorAll('article.doc[hidden]').length") == 0


def test_next_previous_and_keys_jump_between_documents(browser, page):
    browser.open(page.as_uri())
    jump = "document.getElementById('jump').value"
    browser.click(*browser.centre_of("#next"))
    assert browser.evaluate(jump) == "doc-2"
    top = browser.evaluate("document.getElementById('doc-2').getBoundingClientRect().top")
    assert 0 <= top < 200  # scrolled to it, below the sticky controls
    browser.evaluate("document.activeElement.blur()")
    browser.press("j")
    assert browser.evaluate(jump) == "doc-3"
    browser.press("k")
    browser.press("k")
    assert browser.evaluate(jump) == "doc-1"
    # scrolling by hand moves "current" along: the menu names the document being read
    browser.evaluate("document.getElementById('doc-4').scrollIntoView()")
    browser.evaluate("new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
    assert browser.evaluate(jump) == "doc-4"
    browser.press("j")
    assert browser.evaluate(jump) == "doc-5"


def test_hostile_documents_never_execute_in_the_browser(browser, tmp_path):
    from test_review import HOSTILE, _hostile_input

    page = tmp_path / "hostile.html"
    assert main(["review", str(_hostile_input(tmp_path)), "-o", str(page), "-q"]) == 0
    browser.open(page.as_uri())
    assert browser.evaluate("document.body.hasAttribute('data-pwned') || 'pwned' in window") is False
    assert browser.evaluate("document.scripts.length") == 1
    assert browser.evaluate("document.querySelectorAll('img, iframe, textarea').length") == 0
    assert browser.evaluate("document.querySelectorAll('svg').length") == 3  # the charts only
    text = browser.evaluate("document.getElementById('docs').textContent")
    assert all(attack in text for attack in HOSTILE)
    assert "U+202E" in text and "\u202e" not in text


def _not_blank(path: Path) -> None:
    width, _, rows = png_pixels(path)
    channels = len(rows[0]) // width
    pixels = Counter(
        row[x * channels : x * channels + 3] for row in rows[::4] for x in range(0, width, 4)
    )
    _, count = pixels.most_common(1)[0]  # the background's
    total = sum(pixels.values())
    assert len(pixels) > 20, f"{path.name}: {len(pixels)} colours"
    assert count / total < 0.9, f"{path.name}: {count / total:.0%} of pixels are the background"


@pytest.mark.parametrize("width", [PHONE_WIDTH, 1000], ids=["phone", "desktop"])
def test_it_fits_the_screen_and_its_screenshot_is_not_blank(browser, page, tmp_path, width):
    browser.open(page.as_uri(), width=width, height=900, mobile=width == PHONE_WIDTH)
    assert browser.evaluate("document.documentElement.scrollWidth") <= width  # no sideways scroll
    shot = tmp_path / f"review-{width}.png"
    browser.screenshot(shot)
    assert png_pixels(shot)[0] == width
    _not_blank(shot)
