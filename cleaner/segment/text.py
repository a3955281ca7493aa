"""Plain-text segmenter: one block per non-empty line, remembering blank-line breaks.

Scraped dumps mix two layouts, often in one file (the seed does): one block-level element per
line with no blank lines between (menus, a headline with its subtitle glued under it, an alt
text and its caption), and blank-line paragraphs. Treating every line as a block serves both:
a blank-line paragraph that was wrapped over several lines would be split, but dumps made from
HTML do not wrap, and rules that look at neighbours see the real structure either way.
"""

from __future__ import annotations

from ..model import Block, Page
from ..textutil import count_words, ends_sentence, fold

_NO_CONTEXT: frozenset[str] = frozenset()



def segment_text(text: str, *, url: str | None = None, lang: str | None = None) -> Page:
    """Split ``text`` into line blocks with their offsets, line numbers and blank-line gaps.

    >>> page = segment_text("Title\\n\\nFirst paragraph.\\nSecond line.")
    >>> [(b.text, b.line, b.gap_before) for b in page.blocks]
    [('Title', 1, False), ('First paragraph.', 3, True), ('Second line.', 4, False)]
    """
    blocks: list[Block] = []
    offset = 0
    blank_before = False
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        if not stripped:
            blank_before = True
        else:
            start = offset + content.index(stripped[0])
            # Block._make skips Block.__new__: same fields, built in one step (the hot path).
            blocks.append(
                Block._make((
                    len(blocks), stripped, start, start + len(stripped), number, number,
                    blank_before and bool(blocks), "line", "", _NO_CONTEXT, 0, "",
                    fold(stripped), count_words(stripped), ends_sentence(stripped),
                ))
            )
            blank_before = False
        offset += len(raw)
    return Page(blocks=tuple(blocks), source=text, kind="text", url=url, lang=lang)
