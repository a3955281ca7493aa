"""jusText's stoplists keyed by ISO 639-1, offline language detection, and jusText verdicts.

jusText ships stopword lists for about 100 languages. We use them twice: to guess a page's
language (the list that covers the most of its words wins) and to run jusText's paragraph
classifier on our blocks, skipping its own HTML parsing (which is what makes it slow).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache
from importlib import resources

import justext
from justext.core import PathInfo, classify_paragraphs, revise_paragraph_classification
from justext.paragraph import Paragraph
from justext.utils import normalize_whitespace

from ..errors import ResourceError
from ..textutil import words

# Words read to guess the language: the first few hundred decide it as well as the whole page.
DETECT_WORDS = 300
# A guess needs this share of the words to be stopwords of the winner; below it (code, tables,
# lists of names) we say "unknown" rather than guess.
MIN_STOPWORD_SHARE = 0.08


@cache
def stoplist_names() -> dict[str, str]:
    """ISO 639-1 code -> jusText stoplist name."""
    table = resources.files("cleaner.resources").joinpath("stoplists.tsv").read_text("utf-8")
    pairs = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {code: name for code, name in pairs}


@cache
def stoplist(lang: str) -> frozenset[str]:
    """The jusText stoplist of an ISO 639-1 language."""
    names = stoplist_names()
    if lang not in names:
        raise ResourceError(f"no stoplist for language {lang!r}; available: {sorted(names)}")
    return frozenset(justext.get_stoplist(names[lang]))


@cache
def _word_languages() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {}
    for code in stoplist_names():
        for word in stoplist(code):
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def detect_language(texts: Sequence[str]) -> str | None:
    """Guess the ISO 639-1 language of a page from its stopwords, offline; None when unsure.

    >>> detect_language(["The cat sat on the mat and it was happy with that."])
    'en'
    >>> detect_language(["Кот сидел на ковре, и он был этим очень доволен."])
    'ru'
    """
    index = _word_languages()
    sample: list[str] = []
    for text in texts:
        sample.extend(words(text.lower()))
        if len(sample) >= DETECT_WORDS:
            break
    sample = sample[:DETECT_WORDS]
    seen = len(sample)
    votes: Counter[str] = Counter()
    for hits in filter(None, map(index.get, sample)):
        votes.update(hits)
    if not votes:
        return None
    lang, hits = max(votes.items(), key=lambda item: (item[1], item[0] == "en"))
    return lang if hits >= MIN_STOPWORD_SHARE * seen else None


class _FixedParagraph(Paragraph):  # type: ignore[misc]
    """A jusText paragraph whose text is normalised once: jusText's own re-joins and
    re-normalises its text on every access, which made classification most of the HTML
    segmenter's time."""

    def __init__(self, path: PathInfo, text: str) -> None:
        super().__init__(path)
        self._text = normalize_whitespace(text.strip())
        self.text_nodes = [self._text]

    @property
    def text(self) -> str:
        return self._text


def justext_verdicts(
    texts: Sequence[str], link_chars: Sequence[int], headings: Sequence[bool], lang: str | None
) -> list[str]:
    """jusText's final class (good, neargood, short, bad) for each block, context included."""
    stopwords = stoplist(lang) if lang in stoplist_names() else frozenset()
    paths = {True: PathInfo().append("body").append("h2"), False: PathInfo().append("body").append("p")}
    paragraphs = []
    for text, links, heading in zip(texts, link_chars, headings):
        paragraph = _FixedParagraph(paths[bool(heading)], text)
        paragraph.chars_count_in_links = links
        paragraphs.append(paragraph)
    # With no stoplist every paragraph would be "bad"; jusText's own advice for unknown
    # languages is a language-independent mode with zero stopword thresholds.
    low, high = (0.3, 0.32) if stopwords else (0.0, 0.0)
    classify_paragraphs(paragraphs, stopwords, stopwords_low=low, stopwords_high=high)
    revise_paragraph_classification(paragraphs)
    return [p.class_type for p in paragraphs]
