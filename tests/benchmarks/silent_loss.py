"""No silent loss: every word a reader sees on a page ends up in the cleaned text, the title
or a removal with a reason. Checked on a sample of devset pages (the test suite checks every
HTML fixture with the same function):

    python tests/benchmarks/silent_loss.py [--every N]   # exit 1 and list pages that lose words

What a reader sees is worked out here independently of the segmenter, from the parsed tree:
the text of ``<body>`` without what browsers do not show (scripts, styles, templates, the
fallback content of embedded documents and media, form values, closed dialogs) and without
elements hidden by the ``hidden`` attribute, ``aria-hidden``, a hiding style or class.
React's streamed parts are put in place first, as the page's script does.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from lxml import etree

from cleaner import Cleaner, CleanResult
from cleaner.segment.html import BLOCK_TAGS, DROP_ROLES, HIDING_CLASSES, parse_html, reveal_streamed

_WORD = re.compile(r"\w+")
# Elements the segmenter may prune as a whole while readers see them (then their text is a
# removal of its own, so a word running across their edge is cut in two there).
_SEPARATE = BLOCK_TAGS | {"br", "button", "svg", "math"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
NOT_SHOWN = frozenset([
    "script", "style", "noscript", "template", "head", "title", "meta", "link", "base", "iframe", "frame",
    "frameset", "object", "embed", "applet", "video", "audio", "canvas", "source", "track", "map", "area",
    "input", "select", "option", "textarea",
])


def _not_shown(element: etree._Element) -> bool:
    tag = element.tag
    if not isinstance(tag, str) or tag in NOT_SHOWN or (tag == "dialog" and element.get("open") is None):
        return True
    if element.get("hidden") is not None or (element.get("aria-hidden") or "").lower() == "true":
        return True
    if _HIDDEN_STYLE.search(element.get("style") or ""):
        return True
    return not HIDING_CLASSES.isdisjoint((element.get("class") or "").lower().split())


def visible_words(html: bytes | str) -> Counter[str]:
    """The words (``\\w+``) of the text a reader sees on a page, with their counts."""
    root = parse_html(html)
    reveal_streamed(root)
    body = root.find("body")
    pieces: list[str] = []
    events = etree.iterwalk(body if body is not None else root, events=("start", "end"))
    for event, element in events:
        if event == "end":
            if element.tag in _SEPARATE or (element.get("role") or "").lower() in DROP_ROLES:
                pieces.append(" ")
            if element.tail:
                pieces.append(element.tail)
        elif _not_shown(element):
            events.skip_subtree()
        else:
            if element.tag in _SEPARATE or (element.get("role") or "").lower() in DROP_ROLES:
                pieces.append(" ")
            pieces.append(element.text or "")
    return Counter(_WORD.findall("".join(pieces)))


def lost_words(html: bytes | str, result: CleanResult) -> Counter[str]:
    """Words readers see that are neither in the text, the title nor a removal. Words are
    counted; one that is not found as a word counts as found when it is part of one (inline
    markup may join or split words: "2" and an icon and "Primera" make "2Primera")."""
    output = "\n".join((result.text, result.title or "", *(r.text for r in result.removals)))
    lost = visible_words(html) - Counter(_WORD.findall(output))
    return Counter({word: count for word, count in lost.items() if word not in output})


def main() -> None:
    from scoring import html_pages

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=1, help="check every Nth page of each set")
    args = parser.parse_args()
    cleaner = Cleaner()
    failures = checked = 0
    for name in ("readability", "trafilatura", "fundus"):
        for page in html_pages(name)[:: args.every]:
            checked += 1
            lost = lost_words(page["html"], cleaner.clean_html(page["html"], url=page["url"]))
            if lost:
                failures += 1
                print(f"{name}/{page['id']}: {sum(lost.values())} words lost, e.g. {list(lost)[:8]}")
    print(f"{checked - failures}/{checked} pages lose no visible word")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
