"""Compile phrase lists (data files) into one fast matcher. Shared by the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable


def phrase_pattern(phrases: Iterable[str], *, anchored: bool = False) -> re.Pattern[str]:
    """One alternation of the escaped phrases, whole words only, longest first.

    ``anchored`` matches only at the start of the text.

    >>> phrase_pattern(["follow us", "follow us on"]).search("please follow us on x").group()
    'follow us on'
    >>> phrase_pattern(["follow us"]).search("follow used") is None
    True
    """
    ordered = sorted(set(phrases), key=len, reverse=True)
    if not ordered:
        return re.compile(r"(?!x)x")  # matches nothing
    body = "|".join(re.escape(p) for p in ordered)
    return re.compile(("^" if anchored else r"(?<!\w)") + f"(?:{body})(?!\\w)")
