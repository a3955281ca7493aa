"""Plain-text segmenter: one block per non-empty line, remembering blank-line breaks.

Scraped dumps mix two layouts, often in one file (the seed does): one block-level element per
line with no blank lines between (menus, a headline with its subtitle glued under it, an alt
text and its caption), and blank-line paragraphs. Treating every line as a block serves both:
a blank-line paragraph that was wrapped over several lines would be split, but dumps made from
HTML do not wrap, and rules that look at neighbours see the real structure either way.

Speed: this runs on every document (about 200 lines each), so each derived field is computed
for all lines at once with C-level ``map`` over str methods (no Python frame per line), and
each line is split once for both its folded form and its word count. The results are exactly
those of ``textutil.fold``, ``count_words`` and ``ends_sentence`` on each line
(``tests/test_segment_text.py`` checks it on random text).
"""

from __future__ import annotations

import operator
import unicodedata
from functools import partial
from itertools import accumulate, compress, repeat
from operator import add, itemgetter, sub

from ..errors import InputError
from ..model import Page, new_block
from ..textutil import count_words, has_cjk

# Refuse documents above this many characters, as ``segment.html.MAX_CHARS`` does pages: the
# devset's largest text dump is 134 k characters (median 11 k), so 10 M is room for any
# article, transcript or long read; beyond it is a concatenated dump (clean one document per
# record) or an attack. The same limit as HTML's for about the same cost: 10 M characters of
# short lines take about 3 CPU seconds and 400 MiB (``tests/benchmarks/large_inputs.py``).
MAX_TEXT_CHARS = 10_000_000

_NO_CONTEXT: frozenset[str] = frozenset()
# ``ends_sentence`` looks at a line's last 8 characters only.
_TAIL = itemgetter(slice(-8, None))
_LAST_CHAR = itemgetter(slice(-1, None))  # "" for ""
# ``SENTENCE_END`` without the regular expression: a sentence end, then closing quotes or
# brackets only. The two sets share no character, so stripping the closers off the tail leaves
# the sentence end last, when there is one (a pattern call a line cost four str calls' time).
_ENDS = frozenset(".!?…。！？؟।")
_CLOSERS = "\"'»”’)]"
_NFKC = partial(unicodedata.normalize, "NFKC")



def segment_text(text: str, *, url: str | None = None, lang: str | None = None,
                 max_chars: int = MAX_TEXT_CHARS, name: str = "input") -> Page:
    """Split ``text`` into line blocks with their offsets, line numbers and blank-line gaps.
    Texts over ``max_chars`` characters are refused with ``InputError``.

    >>> page = segment_text("Title\\n\\nFirst paragraph.\\nSecond line.")
    >>> [(b.text, b.line, b.gap_before) for b in page.blocks]
    [('Title', 1, False), ('First paragraph.', 3, True), ('Second line.', 4, False)]
    """
    if len(text) > max_chars:
        raise InputError(f"{name}: {len(text):,} characters is over the text limit of {max_chars:,}"
                         " (raise Cleaner(max_text_chars=...) to clean it anyway)")
    raw = text.splitlines(keepends=True)
    stripped = list(map(str.strip, raw))
    numbers = list(compress(range(1, len(raw) + 1), stripped))  # the non-blank lines
    if not numbers:
        return Page(blocks=(), source=text, kind="text", url=url, lang=lang)
    texts = list(filter(None, stripped))
    # A block starts where its line's leading whitespace ends.
    lengths = list(map(len, raw))
    indent = map(sub, lengths, map(len, map(str.lstrip, raw)))
    line_starts = accumulate(lengths, initial=0)
    starts = list(compress(map(add, line_starts, indent), stripped))
    ends = list(map(int.__add__, starts, map(len, texts)))
    # A blank line lies between two blocks when their line numbers are not consecutive.
    gaps = [False, *map(int.__lt__, map((1).__add__, numbers), numbers[1:])]
    folded, counts = _fold_and_count(texts)
    blocks = tuple(map(new_block, zip(
        range(len(texts)), texts, starts, ends, numbers, numbers, gaps, repeat("line"),
        repeat(""), repeat(_NO_CONTEXT), repeat(0), repeat(""),
        folded, counts, map(_ENDS.__contains__, map(_LAST_CHAR, map(str.rstrip, map(_TAIL, texts), repeat(_CLOSERS)))),
    )))
    return Page(blocks=blocks, source=text, kind="text", url=url, lang=lang)


def _fold_and_count(texts: list[str]) -> tuple[list[str], list[int]]:
    """``textutil.fold`` and ``textutil.count_words`` of each line, splitting each line once.

    ``normalize`` returns its argument itself when the line is already in NFKC (most lines),
    and casefold never creates or removes whitespace, so the words of the folded line are the
    words of the line: their number is the word count. Lines NFKC changed ("¨" becomes a space
    and a combining mark) and pages with CJK are counted the slow way.
    """
    normal = list(map(_NFKC, texts))
    words = list(map(str.split, map(str.casefold, normal)))
    folded = list(map(" ".join, words))
    if has_cjk("".join(texts)):
        return folded, list(map(count_words, texts))
    counts = list(map(len, words))
    for i in compress(range(len(texts)), map(operator.is_not, normal, texts)):
        counts[i] = len(texts[i].split())
    return folded, counts
