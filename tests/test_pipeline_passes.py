"""Speed shortcuts give exactly what the plain computation gives: the pipeline's later passes
(``BlockRule.context_free``, the per-document memo, carried fingerprints), the article body's
stopword bounds, packed language votes."""

from __future__ import annotations

from collections.abc import Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from cleaner import Cleaner
from cleaner.model import Finding, Page
from cleaner.rules import default_rules
from cleaner.rules.base import PageState, Rule

LINES = [
    "North Korean leader Kim Jong-un probably went on a trip to Russia on his armored train.",
    "The Kremlin later confirmed the visit. It said he would come at Putin's invitation.",
    "Kim Jong-un may meet with Vladimir Putin",
    "'Kim Jong-un may meet with Vladimir Putin'",
    "Daria DurovaLife",
    "By Jane Doe, Reuters",
    "Photo: Reuters",
    "11.09.2023, 12:30",
    "Only verified information in our Telegram channel. Do not fall for fakes!",
    "Subscribe to our Telegram channel",
    "Other News",
    "Read also: Storm damages harbour",
    "Simple baked liver pate",
    "Home",
    "0",
    "Home > News > World",
    "3 comments",
    "2 Comments",
    "© 2023 City News. All rights reserved.",
    "",
]
documents = st.lists(st.one_of(st.sampled_from(LINES), st.text(max_size=30)), max_size=30).map("\n".join)


class EveryPass:
    """A rule as it is, minus any claim to be context-free: the pipeline reruns it each pass."""

    def __init__(self, rule: Rule) -> None:
        self.rule, self.name, self.reason = rule, rule.name, rule.reason

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        return self.rule.find(page, state)


FAST = Cleaner()
SLOW = Cleaner(rules=tuple(EveryPass(r) for r in default_rules()))  # type: ignore[arg-type]


@settings(max_examples=300, deadline=None)
@given(documents)
def test_later_passes_skip_nothing_that_matters(text: str) -> None:
    assert FAST.clean_text(text) == SLOW.clean_text(text)


def test_a_removal_that_makes_a_menu_is_seen_on_the_next_pass() -> None:
    # The byline goes on the first pass, the repeated line (now neighbours) on the second,
    # and only then are the three labels a menu.
    text = "Weather today\n" + LINES[0] + "\nDaria DurovaLife\n" + LINES[0] + "\nLocal sports\nRoad works"
    result = FAST.clean_text(text)
    assert result.text == ""
    assert [r.rule for r in result.removals].count("menu_run") == 2


_WORDS = ["the", "of", "don't", "l'", "news", "storm", "a", "harbour", "(the", "of,", "it's", "...", "«a»"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40))
def test_the_stopword_bounds_never_pass_a_block_the_full_count_fails(words: list[str]) -> None:
    from cleaner.rules.article import _PLAIN_WORD, ArticleBody
    from cleaner.segment.stoplists import stoplist

    rule, stopwords, folded = ArticleBody(), stoplist("en") | {"l'"}, " ".join(words)
    plain = _PLAIN_WORD.findall(folded)
    full = sum(map(stopwords.__contains__, plain)) >= rule.min_stopword_share * len(plain)
    assert full or not rule._surely_enough_stopwords(folded, stopwords)


def _detect_by_counter(texts: list[str]) -> str | None:
    """Language detection as first written: a Counter filled word by word, sentences first."""
    from collections import Counter

    from cleaner.segment.stoplists import (
        DETECT_MIN_SENTENCE_WORDS,
        DETECT_SENTENCE_SPACES,
        DETECT_WORDS,
        ENGLISH_MARGIN,
        MIN_STOPWORD_SHARE,
        _word_languages,
    )
    from cleaner.textutil import words

    sample = [w for t in texts if t.count(" ") >= DETECT_SENTENCE_SPACES for w in words(t.lower())]
    if len(sample) < DETECT_MIN_SENTENCE_WORDS:
        sample += [w for t in texts if t.count(" ") < DETECT_SENTENCE_SPACES for w in words(t.lower())]
    sample = sample[:DETECT_WORDS]
    votes: Counter[str] = Counter()
    for hits in filter(None, map(_word_languages().get, sample)):
        votes.update(hits)
    if not votes:
        return None
    best = max(votes.values())
    if votes["en"] >= ENGLISH_MARGIN * best >= MIN_STOPWORD_SHARE * len(sample):
        return "en"
    lang = next(lang for lang, hits in votes.items() if hits == best)
    return lang if best >= MIN_STOPWORD_SHARE * len(sample) else None


def test_language_is_read_from_sentences_not_the_menu() -> None:
    from cleaner.segment.stoplists import detect_language

    menu = ["MMORPG", "Login", "Suomi Nyt", "Uutiset", "Tech", "Videos", "Guides", "Hardware"] * 20
    german = "Die erste große Liebe ist etwas ganz besonderes, auch für mich und meine Gilde."
    assert detect_language([*menu, german, german]) == "fi"  # too few sentence words to decide
    assert detect_language([*menu, *[german] * 4]) == "de"


def test_english_quoted_in_other_stoplists_stays_english() -> None:
    from cleaner.segment.stoplists import detect_language

    tutorial = "You can change the size of all text elements at once by setting the base size of the theme."
    assert detect_language([tutorial] * 3) == "en"


_STOPWORD_SAMPLE = ["the", "und", "de", "la", "и", "на", "a", "i", "o", "e", "w", "zzqx", "el", "der", "що"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_STOPWORD_SAMPLE), max_size=8).map(" ".join), max_size=60))
def test_packed_language_votes_match_a_counter(texts: list[str]) -> None:
    from cleaner.segment.stoplists import detect_language

    assert detect_language(texts) == _detect_by_counter(texts)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(" _-,.'«»\u00b2\u0301\u0660\u2165aZ9Ж北\n") | st.characters(), max_size=80))
def test_short_words_are_the_words_of_the_short_blocks(text: str) -> None:
    import re

    from cleaner.segment.text import segment_text

    page = segment_text(text)
    assert page.short_words == frozenset(re.findall(r"\w+", page.short_text))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(" \n_-,.'«»()\u00b2\u0301\u0660aZ9Ж北") | st.characters(), max_size=80))
def test_language_sample_words_are_the_pattern_words(text: str) -> None:
    from cleaner.segment.stoplists import _words_in_order
    from cleaner.textutil import words

    assert _words_in_order(text) == words(text)
