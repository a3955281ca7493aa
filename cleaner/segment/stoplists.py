"""jusText's stoplists keyed by ISO 639-1, offline language detection, and jusText verdicts.

jusText ships stopword lists for about 100 languages. We use them twice: to guess a page's
language (the list that covers the most of its words wins) and to run jusText's paragraph
classifier on our blocks, skipping its own HTML parsing (which is what makes it slow).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

import justext
from justext.core import PathInfo, classify_paragraphs
from justext.paragraph import Paragraph
from justext.utils import normalize_whitespace

from ..errors import ResourceError
from ..textutil import words

# Words read to guess the language: the first few hundred decide it as well as the whole page.
DETECT_WORDS = 300
# A guess needs this share of the words to be stopwords of the winner; below it (code, tables,
# lists of names) we say "unknown" rather than guess.
MIN_STOPWORD_SHARE = 0.08
# Characters of text joined per batch while sampling words: 300 words take about 2,000
# characters in the devset's languages, so one batch usually does. (Batches of 16 lines read
# 16 sentences when 300 words were in the first six: a third of the detection time.)
DETECT_BATCH_CHARS = 2_000
# Lines with this many spaces (8+ words) are sampled first: sentences, not menu labels.
DETECT_SENTENCE_SPACES = 7
# ... and decide alone when they hold this many words (a short news item has about 50).
DETECT_MIN_SENTENCE_WORDS = 50
# A stoplist mostly in another script than Latin (Marathi, Russian) lists some English words
# too (jusText built them from Wikipedia pages that quote English); those must not vote for it,
# or English pages read as Marathi.
MIN_NATIVE_SHARE = 0.5
# English words leak into the Latin-script lists as well (Sundanese, Uzbek, Finnish): English
# wins when it has this share of the best language's votes (an R tutorial read as Sundanese,
# 113 votes to 116; pages in those languages give English far fewer).
ENGLISH_MARGIN = 0.9


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
    """Stopword -> the languages it votes for (``MIN_NATIVE_SHARE``: ASCII words do not vote
    for a language whose list is mostly in another script)."""
    index: dict[str, list[str]] = {}
    for code in stoplist_names():
        listed = stoplist(code)
        ascii_words = {w for w in listed if w.isascii()}
        native = listed - ascii_words if len(ascii_words) < MIN_NATIVE_SHARE * len(listed) else listed
        for word in native:
            index.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in index.items()}


def detect_language(texts: Sequence[str]) -> str | None:
    """Guess the ISO 639-1 language of a page from its stopwords, offline; None when unsure.

    >>> detect_language(["The cat sat on the mat and it was happy with that."])
    'en'
    >>> detect_language(["Кот сидел на ковре, и он был этим очень доволен."])
    'ru'
    """
    # Sentences first: the first lines of a page are its menu ("Home", "Login", "MMORPG",
    # brand names), which read as any language; on the devset dumps they made five German
    # and English pages Finnish or Uzbek. Short lines count only when the sentences are too
    # few to decide.
    sample = _sample_words([t for t in texts if t.count(" ") >= DETECT_SENTENCE_SPACES])
    if len(sample) < DETECT_MIN_SENTENCE_WORDS:
        sample += _sample_words([t for t in texts if t.count(" ") < DETECT_SENTENCE_SPACES])
    sample = sample[:DETECT_WORDS]
    seen = len(sample)
    languages, packed = _packed_languages()
    # Each word's languages are one packed integer (a counter field per language), so one
    # C-level ``sum`` counts the votes of every language at once; counting word by word
    # through a Counter cost more than the rest of the detection. Words that are no stopword
    # are dropped first (adding zero to a big integer still copies it).
    total = sum(filter(None, map(packed.get, sample)))
    if not total:
        return None
    votes = [(total >> (_FIELD_BITS * i)) & _FIELD_MASK for i in range(len(languages))]
    by_language = dict(zip(languages, votes))
    if by_language.get("en", 0) >= ENGLISH_MARGIN * max(votes) >= MIN_STOPWORD_SHARE * seen:
        return "en"
    best = max(votes)
    tied = {lang for lang, hits in by_language.items() if hits == best}
    return _first_voted(sample, tied) if best >= MIN_STOPWORD_SHARE * seen else None


def _sample_words(texts: Sequence[str]) -> list[str]:
    """Lower-cased words of ``texts`` in order, about ``DETECT_WORDS`` of them. Texts are read
    in batches of about ``DETECT_BATCH_CHARS`` characters (one ``findall`` on a batch joined by
    newlines finds the same words as one per text) until there are enough.

    >>> _sample_words(["One two", "", "Three, four"])
    ['one', 'two', 'three', 'four']
    """
    sample: list[str] = []
    first = 0
    while first < len(texts) and len(sample) < DETECT_WORDS:
        last, size = first, 0
        while last < len(texts) and size < DETECT_BATCH_CHARS:
            size += len(texts[last])
            last += 1
        sample.extend(words("\n".join(texts[first:last]).lower()))
        first = last
    return sample


# Bits per language in a packed vote count: a sample has DETECT_WORDS words, under 2**10.
_FIELD_BITS = 10
_FIELD_MASK = (1 << _FIELD_BITS) - 1
assert DETECT_WORDS <= _FIELD_MASK, "a language's vote count must fit its field"


@cache
def _packed_languages() -> tuple[tuple[str, ...], dict[str, int]]:
    """The languages in a fixed order, and for each stopword the sum of ``1 << (10 * i)``
    over the languages ``i`` that list it."""
    languages = tuple(stoplist_names())
    place = {lang: _FIELD_BITS * i for i, lang in enumerate(languages)}
    packed = {
        word: sum(1 << place[lang] for lang in langs) for word, langs in _word_languages().items()
    }
    return languages, packed


def _first_voted(sample: Sequence[str], tied: set[str]) -> str:
    """Of languages with equal votes, the one whose stopword came first (as a Counter filled
    in reading order would list it first)."""
    if len(tied) == 1:
        return next(iter(tied))
    index = _word_languages()
    return next(lang for word in sample for lang in index.get(word, ()) if lang in tied)


class _FixedParagraph(Paragraph):  # type: ignore[misc]
    """A jusText paragraph whose text is normalised once: jusText's own re-joins and
    re-normalises its text on every access, which made classification most of the HTML
    segmenter's time."""

    def __init__(self, path: PathInfo, text: str) -> None:
        super().__init__(path)
        self._text = text.strip() if "\n" not in text else normalize_whitespace(text.strip())
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
    revise_classes(paragraphs)
    return [p.class_type for p in paragraphs]


def _nearest(classes: Sequence[str], wanted: frozenset[str], step: int) -> list[str]:
    """For each position, the nearest class in ``wanted`` before it (step 1) or after it
    (step -1), or "bad" at the edge: jusText's neighbour search, as one pass."""
    found, last = [], "bad"
    order = range(len(classes)) if step == 1 else range(len(classes) - 1, -1, -1)
    for i in order:
        found.append(last)
        if classes[i] in wanted:
            last = classes[i]
    return found if step == 1 else found[::-1]


_GOOD_BAD = frozenset(("good", "bad"))
_GOOD_BAD_NEAR = frozenset(("good", "bad", "neargood"))


def revise_classes(paragraphs: Sequence[Paragraph], max_heading_distance: int = 200) -> None:
    """jusText's ``revise_paragraph_classification`` in linear time, same results.

    jusText looks for each short paragraph's nearest good/bad neighbour by walking the list,
    which is quadratic on long runs of short or near-good paragraphs (a 3 MB page of
    160-character paragraphs took 30 s). Here each neighbour table is one pass.
    """
    for i, paragraph in enumerate(paragraphs):
        paragraph.class_type = paragraph.cf_class
        if paragraph.heading and paragraph.class_type == "short" and _good_within(paragraphs, i, max_heading_distance):
            paragraph.class_type = "neargood"
    classes = [p.class_type for p in paragraphs]
    prev_gb, next_gb = _nearest(classes, _GOOD_BAD, 1), _nearest(classes, _GOOD_BAD, -1)
    prev_any, next_any = _nearest(classes, _GOOD_BAD_NEAR, 1), _nearest(classes, _GOOD_BAD_NEAR, -1)
    for i, paragraph in enumerate(paragraphs):
        if classes[i] != "short":
            continue
        before, after = prev_gb[i], next_gb[i]
        if before == after:
            paragraph.class_type = before
        elif (before == "bad" and prev_any[i] == "neargood") or (after == "bad" and next_any[i] == "neargood"):
            paragraph.class_type = "good"
        else:
            paragraph.class_type = "bad"
    classes = [p.class_type for p in paragraphs]
    next_gb = _nearest(classes, _GOOD_BAD, -1)
    previous = "bad"  # neargood paragraphs before i are already revised to good or bad
    for i, paragraph in enumerate(paragraphs):
        if paragraph.class_type == "neargood":
            paragraph.class_type = "bad" if (previous, next_gb[i]) == ("bad", "bad") else "good"
        previous = paragraph.class_type
    for i, paragraph in enumerate(paragraphs):
        if paragraph.heading and paragraph.class_type == "bad" and paragraph.cf_class != "bad":
            if _good_within(paragraphs, i, max_heading_distance):
                paragraph.class_type = "good"


def _good_within(paragraphs: Sequence[Paragraph], i: int, max_distance: int) -> bool:
    distance, j = 0, i + 1
    while j < len(paragraphs) and distance <= max_distance:  # jusText's loop, bounded by chars
        if paragraphs[j].class_type == "good":
            return True
        distance += len(paragraphs[j].text)
        j += 1
    return False
