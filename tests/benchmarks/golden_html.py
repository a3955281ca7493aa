"""Golden hashes of HTML-mode output on the devset pages, to prove a speed-up changes nothing.

    python tests/benchmarks/golden_html.py           # write golden_html.json beside this file
    python tests/benchmarks/golden_html.py --check   # compare; exit 1 and list pages that differ

Each page (raw bytes, as the benchmark feeds them) is hashed three ways:

- ``name/id``: everything ``Cleaner(prepend_title=True).clean_html`` says (text, metadata,
  language and every removal's reason, rule, offsets and evidence);
- ``name/id/page``: the segmenter's ``Page`` before any rule (every block's text, kind, path,
  context, link characters, verdict, offsets, and the page metadata with the article's spans),
  so a change that the rules happen to hide on the devset still shows;
- ``name/id/str``: ``clean_html`` on the page already decoded to ``str`` (the other input path).

Regenerate the file when ``main``'s output changed on purpose (new rules, new scoring), from
``main``'s code, never from a branch whose output is under test.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from golden_text import run
from scoring import html_pages

from cleaner import Cleaner, CleanResult
from cleaner.decode import decode_html
from cleaner.model import Page
from cleaner.segment.html import segment_html

GOLDEN = Path(__file__).with_name("golden_html.json")


def _hash(summary: object) -> str:
    return hashlib.sha256(json.dumps(summary, ensure_ascii=False).encode("utf-8")).hexdigest()


def digest(result: CleanResult) -> str:
    """A hash of what a result says; evidence included, so a changed explanation counts."""
    removals = [(str(r.reason), r.rule, r.start, r.end, r.evidence) for r in result.removals]
    return _hash((result.text, result.title, result.author, result.section, result.date, result.lang,
                  result.url, removals))


def page_digest(page: Page) -> str:
    """A hash of a segmented page: blocks with their DOM evidence, and the metadata."""
    blocks = [
        (b.index, b.text, b.start, b.end, b.line, b.last_line, b.gap_before, b.kind, b.path,
         sorted(b.context), b.link_chars, b.verdict)
        for b in page.blocks
    ]
    meta = page.meta
    summary = (blocks, page.source, page.kind, page.url, page.lang, meta.title, meta.author, meta.date,
               meta.section, meta.lang, meta.canonical_url, meta.site_name, list(meta.authors),
               [list(span) for span in meta.main_spans])
    return _hash(summary)


def hashes() -> dict[str, str]:
    cleaner = Cleaner(prepend_title=True)
    table: dict[str, str] = {}
    for name in ("readability", "trafilatura"):
        for page in html_pages(name):
            key, html, url = f"{name}/{page['id']}", page["html"], page["url"]
            table[key] = digest(cleaner.clean_html(html, url=url))
            text = decode_html(html, name=key)
            table[f"{key}/page"] = page_digest(segment_html(text, url=url, name=key))
            table[f"{key}/str"] = digest(cleaner.clean_html(text, url=url))
    return table


if __name__ == "__main__":
    run(GOLDEN, hashes, __doc__)
