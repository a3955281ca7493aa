"""Small pure helpers on strings shared by the segmenters and the rules."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")
# Characters that end a sentence in the scripts we see in news (Latin, Cyrillic, CJK, Arabic,
# Devanagari), optionally followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!?…。！？؟।][\"'»”’)\]]*$")


def fold(text: str) -> str:
    """Normalise for matching: NFKC, casefold, collapse whitespace.

    >>> fold("Do  not\\u00a0fall for FAKES!")
    'do not fall for fakes!'
    """
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


# CJK scripts write words without spaces; counting every two characters as a word keeps
# word-count thresholds meaningful there (Chinese averages about 1.5 characters a word).
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


# UTF-8 lead bytes of the three-byte sequences that cover the ``_CJK`` ranges (U+3000..U+DFFF
# and U+F000..U+FFFF); ``bytes.find`` looks for one byte at memchr speed.
_CJK_LEAD_BYTES = tuple(bytes([b]) for b in (*range(0xE3, 0xEE), 0xEF))


def has_cjk(text: str) -> bool:
    """True when the text holds a CJK character (words there are not space-separated).

    Called on whole pages: a scan of the UTF-8 bytes for the lead bytes of the CJK blocks
    rules most pages out several times faster than the regular expression would.

    >>> has_cjk("Kim Jong-un “travels” to Russia"), has_cjk("北韩领导人金正恩")
    (False, True)
    """
    if text.isascii():
        return False
    data = text.encode("utf-8", "surrogatepass")
    if not any(lead in data for lead in _CJK_LEAD_BYTES):
        return False
    return _CJK.search(text) is not None


def count_words(text: str) -> int:
    """Whitespace-separated words, with CJK text counted at two characters a word.

    >>> count_words("Kim Jong-un, 2019."), count_words("北韩领导人金正恩前往俄罗斯")
    (3, 6)
    """
    count = len(text.split())
    if not text.isascii() and _CJK.search(text):
        cjk = len(_CJK.findall(text))
        count += cjk // 2 - (1 if cjk == len(text.strip()) else 0)
    return max(count, 0)


def fingerprint(text: str) -> str:
    """Fold harder, for near-duplicate tests: quote style, punctuation and case are ignored.

    Only the word characters count, so quotes of any style drop out with the rest of the
    punctuation (none of them is a word character; no need to map them to one style first).

    >>> fingerprint("'Demilitarized' desks!") == fingerprint('"Demilitarized"  Desks')
    True
    >>> fingerprint("«Demilitarized» desks") == fingerprint("‘Demilitarized’ desks")
    True
    """
    return folded_fingerprint(fold(text))


def folded_fingerprint(folded: str) -> str:
    """``fingerprint`` of a text whose ``fold`` is ``folded`` (saves folding it again)."""
    return " ".join(_WORD.findall(folded))


def words(text: str) -> list[str]:
    """Unicode word tokens, as the devset metric counts them.

    >>> words("Kim Jong-un, 2019.")
    ['Kim', 'Jong', 'un', '2019']
    """
    return _WORD.findall(text)


def ends_sentence(text: str) -> bool:
    """True when the text ends with terminal punctuation (optionally inside quotes).

    >>> ends_sentence('He said "in the coming days."'), ends_sentence("Other News")
    (True, False)
    """
    return bool(SENTENCE_END.search(text[-8:].rstrip()))


# What code has and menus, buttons and labels do not: braces, semicolons, an assignment, a
# call ("do_work(w)"), markup, a shell prompt. Brackets and "$" are not in it: "[PR]" and
# "$7/month" are labels on news pages.
CODE_LINE = re.compile(r"[{};]|\w\(|\)\.|\s=\s?|\s=$|</?[a-z!][^>]*>|^\$ ")


# Each match of ``CODE_LINE`` holds one of these characters: a line with none of them is no
# code, told by ``frozenset.isdisjoint`` in C, before the pattern runs.
CODE_CHARS = frozenset("{};(=<$)")


def looks_like_code(text: str) -> bool:
    """A line of a program, its markup or a shell session, printed in an article.

    >>> looks_like_code("});"), looks_like_code("console.log(res.bodyUsed);"), looks_like_code("$ hg push")
    (True, True, True)
    >>> looks_like_code("publish = false"), looks_like_code("<!DOCTYPE html>")
    (True, True)
    >>> looks_like_code("Sign in"), looks_like_code("Cart (0)"), looks_like_code("$7/month")
    (False, False, False)
    """
    return not CODE_CHARS.isdisjoint(text) and CODE_LINE.search(text) is not None
