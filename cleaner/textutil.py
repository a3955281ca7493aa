"""Small pure helpers on strings shared by the segmenters and the rules."""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
# Characters that end a sentence in the scripts we see in news (Latin, Cyrillic, CJK, Arabic,
# Devanagari), optionally followed by closing quotes or brackets.
_SENTENCE_END = re.compile(r"[.!?…。！？؟।][\"'»”’)\]]*$")
_QUOTES = str.maketrans({c: '"' for c in "'«»„“”‘’‚‹›`´"})


def fold(text: str) -> str:
    """Normalise for matching: NFKC, casefold, collapse whitespace.

    >>> fold("Do  not\\u00a0fall for FAKES!")
    'do not fall for fakes!'
    """
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def fingerprint(text: str) -> str:
    """Fold harder, for near-duplicate tests: quote style, punctuation and case are ignored.

    >>> fingerprint("'Demilitarized' desks!") == fingerprint('"Demilitarized"  Desks')
    True
    """
    return " ".join(_WORD.findall(fold(text).translate(_QUOTES)))


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
    return bool(_SENTENCE_END.search(text.rstrip()))
