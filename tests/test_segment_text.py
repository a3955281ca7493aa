"""The vectorised text segmenter gives exactly what the per-line definitions give."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner.segment.text import segment_text
from cleaner.textutil import count_words, ends_sentence, fold

# Characters that stress the fast paths: line breaks of every kind, odd whitespace, characters
# NFKC changes (ligatures, full-width forms, compatibility spaces), combining marks, casefold
# expansions, CJK, sentence ends and closing quotes.
_TRICKY = (
    "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029 \t\u00a0\u2007\u3000"
    "\ufb01\uff21\u2460\u00b4\u0301\u0308\u00df\u0130\u03a3\u1e9e"
    "北韩领导人金正恩ひらカナ한국"
    ".!?…。！？؟।\"'»”’)]" "aZ9 Ж"
)
_TEXT = st.text(alphabet=st.sampled_from(_TRICKY) | st.characters(), max_size=200)


def _reference(text: str) -> list[tuple]:
    """The segmenter as first written: one line at a time."""
    blocks, offset, blank_before = [], 0, False
    for number, raw in enumerate(text.splitlines(keepends=True), start=1):
        content = raw.rstrip("\r\n")
        stripped = content.strip()
        if not stripped:
            blank_before = True
        else:
            start = offset + content.index(stripped[0])
            blocks.append((
                len(blocks), stripped, start, start + len(stripped), number, number,
                blank_before and bool(blocks), fold(stripped), count_words(stripped),
                ends_sentence(stripped),
            ))
            blank_before = False
        offset += len(raw)
    return blocks


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_segment_text_matches_the_per_line_definitions(text: str) -> None:
    got = [
        (b.index, b.text, b.start, b.end, b.line, b.last_line, b.gap_before, b.folded,
         b.word_count, b.ends_sentence)
        for b in segment_text(text).blocks
    ]
    assert got == _reference(text)


def test_block_text_is_the_source_at_its_offsets() -> None:
    text = "  Title  \r\n\n\tFirst paragraph.\u2028Second line.\u3000\n"
    page = segment_text(text)
    assert [text[b.start : b.end] for b in page.blocks] == [b.text for b in page.blocks]
    assert [b.gap_before for b in page.blocks] == [False, True, False]
