"""Compile phrase lists (data files) into one fast matcher. Shared by the rules."""

from __future__ import annotations

import re
from collections.abc import Iterable

_END = ""  # trie key marking that a phrase ends at this node
_WORD = re.compile(r"\w+")
_Node = dict[str, "_Node"]  # a trie: next character -> subtree (``_END``: a phrase ends here)
# The words a pattern built here needs (see ``required_words``), by pattern source. Filled as
# patterns are built; only a handful of phrase lists exist, so it stays small.
_REQUIRED: dict[str, frozenset[str] | None] = {}
# The length of the longest phrase of a pattern built here (see ``longest_phrase``), likewise.
_LONGEST: dict[str, int] = {}


def phrase_pattern(phrases: Iterable[str], *, anchored: bool = False) -> re.Pattern[str]:
    """One alternation of the escaped phrases, whole words only, longest first.

    ``anchored`` matches only at the start of the text.

    >>> phrase_pattern(["follow us", "follow us on"]).search("please follow us on x").group()
    'follow us on'
    >>> phrase_pattern(["follow us"]).search("follow used") is None
    True
    """
    # Longest first; equal lengths in a fixed order, so that the same list gives the same source.
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not ordered:
        return re.compile(r"(?!x)x")  # matches nothing
    pattern = re.compile(("^" if anchored else r"(?<!\w)") + f"(?:{_trie(ordered)})(?!\\w)")
    _REQUIRED[pattern.pattern] = key_words(ordered)
    _LONGEST[pattern.pattern] = len(ordered[0])
    return pattern


def required_words(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Words one of which is a whole word (``\\w+``) of any text the pattern finds something
    in, when ``phrase_pattern`` built it; None for other patterns.

    >>> sorted(required_words(phrase_pattern(["follow us", "sign-up", "e-mail us"])))
    ['follow', 'mail', 'sign']
    """
    return _REQUIRED.get(pattern.pattern)


def longest_phrase(pattern: re.Pattern[str]) -> int | None:
    """How many characters the longest match of the pattern has, when ``phrase_pattern``
    built it (a match is one of its phrases); None for other patterns.

    >>> longest_phrase(phrase_pattern(["follow us", "follow us on"])), longest_phrase(re.compile("x"))
    (12, None)
    """
    return _LONGEST.get(pattern.pattern)


def key_words(strings: Iterable[str]) -> frozenset[str] | None:
    """The longest word (``\\w+`` run) of each string; None when a string has no word at all.

    Why: every word of a phrase found with word boundaries around it (or of a whole
    whitespace-separated token equal to one of the strings) stands as a whole word of the
    text, so a text holds one of the phrases only if it holds one of these words. The longest
    word is the rarest, as a rule: the rules look for these words in a page's text first, with
    plain substring search, and run their patterns on the few blocks that have one.

    >>> sorted(key_words(["getty images", "epa-efe", "by"])), key_words(["©"])
    (['by', 'epa', 'images'], None)
    """
    found = [_WORD.findall(s) for s in strings]
    return None if [] in found else frozenset(max(words, key=len) for words in found)


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
    root: _Node = {}
    for phrase in phrases:
        node = root
        for char in phrase:
            node = node.setdefault(char, {})
        node[_END] = {}
    return _render(root)


def _render(node: _Node) -> str:
    branches = [re.escape(char) + _render(child) for char, child in node.items() if char != _END]
    if not branches:
        return ""
    if _END in node:
        return f"(?:{'|'.join(branches)})?"
    return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
