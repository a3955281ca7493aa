"""jusText's stoplists keyed by ISO 639-1, offline language detection, and jusText verdicts.

jusText ships stopword lists for about 100 languages. We use them twice: to guess a page's
language (the list that covers the most of its words wins) and to run jusText's paragraph
classifier on our blocks, skipping its own HTML parsing (which is what makes it slow).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from functools import cache
from importlib import resources

import justext
from justext.core import (
    LENGTH_HIGH_DEFAULT,
    LENGTH_LOW_DEFAULT,
    MAX_HEADING_DISTANCE_DEFAULT,
    MAX_LINK_DENSITY_DEFAULT,
    define_stoplist,
)
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
# Letters only one listed language writes (``letters.tsv``) decide between close relatives
# whose stoplists share most words: a Czech news page of the devset gave Slovenian 62
# votes, Polish 57, Bosnian 54 and Czech 52 of 300 words, though it writes "ě", "ř" and "ů"
# all along. The language whose letters occur this many times in the sample wins when it has
# this share of the best language's votes (a quoted name with an "ř" in a German page moves
# nothing: German's lead over Czech there is many times wider).
MIN_LETTER_HITS = 3
LETTER_MARGIN = 0.75


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
def distinctive_letters() -> dict[str, str]:
    """ISO 639-1 code -> the letters only that language writes among the stoplist languages."""
    table = resources.files("cleaner.resources").joinpath("letters.tsv").read_text("utf-8")
    pairs = (line.split("\t") for line in table.splitlines() if line and not line.startswith("#"))
    return {code: letters.strip() for code, letters in pairs}


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
    if best < MIN_STOPWORD_SHARE * seen:
        return None
    lettered = _lettered(sample, by_language, best)
    if lettered is not None:
        return lettered
    tied = {lang for lang, hits in by_language.items() if hits == best}
    return _first_voted(sample, tied)


def _lettered(sample: Sequence[str], by_language: dict[str, int], best: int) -> str | None:
    """The one language close enough to the best (``LETTER_MARGIN``) whose own letters occur
    ``MIN_LETTER_HITS`` times in the sample; None when no language, or more than one, does.

    >>> _lettered(["před", "třemi", "dny", "řekl"], {"cs": 40, "sl": 50}, 50)
    'cs'
    >>> _lettered(["před", "třemi", "dny", "řekl"], {"cs": 20, "de": 50}, 50)
    """
    text = "".join(sample)
    found = [
        lang
        for lang, letters in distinctive_letters().items()
        if by_language.get(lang, 0) >= LETTER_MARGIN * best
        and sum(map(text.count, letters)) >= MIN_LETTER_HITS
    ]
    return found[0] if len(found) == 1 else None


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
        sample.extend(_words_in_order("\n".join(texts[first:last]).lower()))
        first = last
    return sample


# Punctuation around a word ("word,", "«word»"): stripped off a token, it may leave one word.
_AROUND_WORDS = ".,;:!?\"'()«»“”„[]…-–—/*|"


def _words_in_order(text: str) -> list[str]:
    """``textutil.words(text)``, with the pattern run only on the tokens that need it.

    Words never hold whitespace, so the words of a text are those of its whitespace-separated
    tokens in turn; a token that is all word characters (``isalnum``: no ``_`` either), or is
    once the punctuation around it is stripped, is one word, which ``split`` and ``strip``
    find several times faster than the pattern.

    >>> _words_in_order("«hello», she said: it's 9_30 now.")
    ['hello', 'she', 'said', 'it', 's', '9_30', 'now']
    """
    found: list[str] = []
    for token in text.split():
        if token.isalnum():
            found.append(token)
            continue
        bare = token.strip(_AROUND_WORDS)
        if bare.isalnum():
            found.append(bare)
        else:
            found += words(token)
    return found


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


def _normalized(text: str) -> str:
    """A block's text as jusText reads a paragraph: stripped, whitespace runs holding a newline
    made one newline (our blocks are already one line, so this is mostly ``strip``)."""
    return text.strip() if "\n" not in text else normalize_whitespace(text.strip())


def classify(texts: Sequence[str], link_chars: Sequence[int], stopwords: frozenset[str],
             stopwords_low: float, stopwords_high: float) -> list[str]:
    """jusText's context-free classes (``classify_paragraphs`` with its default thresholds) of
    paragraphs outside ``<select>``, computed from the texts directly (normalised as
    ``_normalized`` does): jusText's ``Paragraph`` re-joins and re-normalises its text on
    every access, which made classification most of the HTML segmenter's time.

    >>> classify(["Short.", "x" * 80, "© 2024 Example Media"], [0, 80, 0], frozenset(), 0.0, 0.0)
    ['short', 'bad', 'bad']
    """
    classes = []
    for text, links in zip(texts, link_chars):
        length = len(text)
        if (length and links / length > MAX_LINK_DENSITY_DEFAULT) or "\xa9" in text or "&copy" in text:
            classes.append("bad")  # mostly links, or a copyright line
        elif length < LENGTH_LOW_DEFAULT:
            classes.append("bad" if links > 0 else "short")
        else:  # stopwords are counted only here: most blocks of a page are short or links
            density = _stopword_density(text, stopwords)
            if density >= stopwords_high:
                classes.append("good" if length > LENGTH_HIGH_DEFAULT else "neargood")
            elif density >= stopwords_low:
                classes.append("neargood")
            else:
                classes.append("bad")
    return classes


def _stopword_density(text: str, stopwords: frozenset[str]) -> float:
    # Lower-casing the whole text splits into the same words as lower-casing each word:
    # no character lower-cases to or from whitespace, and case context never crosses it.
    words = text.lower().split()
    return sum(map(stopwords.__contains__, words)) / len(words) if words else 0


def justext_verdicts(
    texts: Sequence[str], link_chars: Sequence[int], headings: Sequence[bool], lang: str | None
) -> list[str]:
    """jusText's final class (good, neargood, short, bad) for each block, context included."""
    stopwords = define_stoplist(stoplist(lang)) if lang in stoplist_names() else frozenset()
    # With no stoplist every paragraph would be "bad"; jusText's own advice for unknown
    # languages is a language-independent mode with zero stopword thresholds.
    low, high = (0.3, 0.32) if stopwords else (0.0, 0.0)
    texts = list(map(_normalized, texts))
    classes = classify(texts, link_chars, stopwords, low, high)
    lengths = list(map(len, texts))
    return revise(classes, [bool(h) for h in headings], lengths)


class _Nearest:
    """The nearest class in a set before or after any position ("bad" past the edge):
    jusText's neighbour search, from one list of where those classes are. Only the short and
    near-good paragraphs are looked up, a few of a page's blocks."""

    def __init__(self, classes: Sequence[str], wanted: frozenset[str]) -> None:
        self.classes = classes  # read at lookup: only entries not in ``wanted`` may change
        self.positions = [i for i, c in enumerate(classes) if c in wanted]

    def before(self, i: int) -> str:
        k = bisect_left(self.positions, i)
        return self.classes[self.positions[k - 1]] if k else "bad"

    def after(self, i: int) -> str:
        k = bisect_right(self.positions, i)
        return self.classes[self.positions[k]] if k < len(self.positions) else "bad"


_GOOD_BAD = frozenset(("good", "bad"))
_GOOD_BAD_NEAR = frozenset(("good", "bad", "neargood"))


def revise_classes(paragraphs: Sequence[Paragraph], max_heading_distance: int = MAX_HEADING_DISTANCE_DEFAULT) -> None:
    """jusText's ``revise_paragraph_classification`` on its own paragraphs, through ``revise``."""
    revised = revise([p.cf_class for p in paragraphs], [p.heading for p in paragraphs],
                     [len(p.text) for p in paragraphs], max_heading_distance,
                     before=[p.class_type for p in paragraphs])
    for paragraph, class_type in zip(paragraphs, revised):
        paragraph.class_type = class_type


def revise(cf_classes: Sequence[str], headings: Sequence[bool], lengths: Sequence[int],
           max_heading_distance: int = MAX_HEADING_DISTANCE_DEFAULT,
           before: Sequence[str] | None = None) -> list[str]:
    """jusText's ``revise_paragraph_classification`` in linear time, same results, on lists:
    context-free classes, heading flags and text lengths in, final classes out. ``before``
    holds the classes the paragraphs had before (jusText's first heading pass reads them for
    the paragraphs it has not reached yet; "" for new paragraphs).

    jusText looks for each short paragraph's nearest good/bad neighbour by walking the list,
    which is quadratic on long runs of short or near-good paragraphs (a 3 MB page of
    160-character paragraphs took 30 s). Here each neighbour table is one pass.

    >>> revise(["good", "short", "good", "short", "bad"], [False] * 5, [100, 10, 100, 10, 50])
    ['good', 'good', 'good', 'bad', 'bad']
    """
    classes = list(before) if before is not None else [""] * len(cf_classes)
    for i, cf_class in enumerate(cf_classes):
        classes[i] = cf_class
        if headings[i] and cf_class == "short" and _good_within(classes, lengths, i, max_heading_distance):
            classes[i] = "neargood"
    # Neighbours as the classes stand before the short paragraphs are revised (the lookups
    # below read only good, bad and near-good entries, which this loop does not change).
    good_bad, any_ = _Nearest(classes, _GOOD_BAD), _Nearest(classes, _GOOD_BAD_NEAR)
    shorts = [i for i, c in enumerate(classes) if c == "short"]
    for i in shorts:
        before_, after = good_bad.before(i), good_bad.after(i)
        if before_ == after:
            classes[i] = before_
        elif (before_ == "bad" and any_.before(i) == "neargood") or (after == "bad" and any_.after(i) == "neargood"):
            classes[i] = "good"
        else:
            classes[i] = "bad"
    good_bad = _Nearest(classes, _GOOD_BAD)
    previous = "bad"  # neargood paragraphs before i are already revised to good or bad
    for i, class_type in enumerate(classes):
        if class_type == "neargood":
            classes[i] = "bad" if previous == "bad" and good_bad.after(i) == "bad" else "good"
        previous = classes[i]
    for i, class_type in enumerate(classes):
        if (headings[i] and class_type == "bad" and cf_classes[i] != "bad"
                and _good_within(classes, lengths, i, max_heading_distance)):
            classes[i] = "good"
    return classes


def _good_within(classes: Sequence[str], lengths: Sequence[int], i: int, max_distance: int) -> bool:
    distance, j = 0, i + 1
    while j < len(classes) and distance <= max_distance:  # jusText's loop, bounded by chars
        if classes[j] == "good":
            return True
        distance += lengths[j]
        j += 1
    return False
