"""Compile phrase lists (data files) into one fast matcher. Shared by the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # trie key marking that a phrase ends at this node


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
    return re.compile(("^" if anchored else r"(?<!\w)") + f"(?:{_trie(ordered)})(?!\\w)")


def _trie(phrases: Iterable[str]) -> str:
    """The phrases as a regular expression shaped like a trie.

    Why: a flat alternation of a few hundred phrases makes the regex engine try every phrase
    at every position of the text; a trie tries one branch per distinct next character. It
    matches the same texts, and the same phrase at a given position: the flat alternation is
    ordered longest first, and the trie prefers to go deeper (children first, then the end
    of a phrase, through a greedy ``?``), and the phrases matching at one position all lie on
    one path, so the deepest is the longest.

    >>> _trie(["follow us on", "follow us", "find"])
    'f(?:ollow\\\\ us(?:\\\\ on)?|ind)'
    """
    root: dict = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _render(root)


def _render(node: dict) -> str:
    branches = [re.escape(char) + _render(child) for char, child in node.items() if char != _END]
    if not branches:
        return ""
    if _END in node:
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
