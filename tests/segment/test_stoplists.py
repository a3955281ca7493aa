"""jusText verdicts on our blocks: the linear revision agrees with jusText's own."""

from __future__ import annotations

import time

from hypothesis import given, settings
from hypothesis import strategies as st
from justext.core import PathInfo, classify_paragraphs, revise_paragraph_classification
from justext.paragraph import Paragraph

from cleaner.segment.stoplists import justext_verdicts, revise_classes, stoplist


def _paragraphs(spec: list[tuple[str, bool, int]]) -> list[Paragraph]:
    paragraphs = []
    for cf_class, heading, length in spec:
        paragraph = Paragraph(PathInfo().append("body").append("h2" if heading else "p"))
        paragraph.append_text("x" * length)
        paragraph.cf_class = cf_class
        paragraph.heading = heading  # what classify_paragraphs sets
        paragraphs.append(paragraph)
    return paragraphs


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["good", "bad", "short", "neargood"]), st.booleans(),
                          st.integers(1, 120)), max_size=30))
def test_linear_revision_matches_justext(spec):
    ours, theirs = _paragraphs(spec), _paragraphs(spec)
    revise_classes(ours)
    revise_paragraph_classification(theirs)
    assert [p.class_type for p in ours] == [p.class_type for p in theirs]


def test_long_runs_of_near_good_paragraphs_stay_fast():
    text = "The council met on Tuesday and agreed to fund the library in the old post office."
    started = time.perf_counter()
    verdicts = justext_verdicts([text] * 20_000, [0] * 20_000, [False] * 20_000, "en")
    assert time.perf_counter() - started < 10
    assert set(verdicts) <= {"good", "bad"}


_WORDS = ["the", "and", "of", "it", "was", "Council", "library", "©", "&copy", "Tuesday,", "post", "office.", "x" * 40]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.lists(st.sampled_from(_WORDS), min_size=1, max_size=40), st.booleans(),
                          st.integers(0, 100)), max_size=25),
       st.sampled_from(["en", None]))
def test_verdicts_match_justext_classifier(spec, lang):
    """Our classification from plain texts gives what jusText's own paragraphs give."""
    texts = [" ".join(words) for words, _, _ in spec]
    links = [min(share * len(text) // 100, len(text)) for text, (_, _, share) in zip(texts, spec)]
    headings = [heading for _, heading, _ in spec]
    paragraphs = []
    for text, link_chars, heading in zip(texts, links, headings):
        paragraph = Paragraph(PathInfo().append("body").append("h2" if heading else "p"))
        paragraph.append_text(text)
        paragraph.chars_count_in_links = link_chars
        paragraphs.append(paragraph)
    stopwords = stoplist(lang) if lang else frozenset()
    low, high = (0.3, 0.32) if lang else (0.0, 0.0)
    classify_paragraphs(paragraphs, stopwords, stopwords_low=low, stopwords_high=high)
    revise_paragraph_classification(paragraphs)
    assert justext_verdicts(texts, links, headings, lang) == [p.class_type for p in paragraphs]


def test_czech_letters_settle_czech_against_slovenian() -> None:
    """Czech and Slovenian stoplists share their short words; "ě", "ř", "ů" are Czech only."""
    from cleaner.segment.stoplists import detect_language

    czech = [
        "Policisté budou s hygieniky častěji kontrolovat opatření, uvedl ministr vnitra na tiskové konferenci.",
        "West Ham je po výhře na Villa Parku čtvrtý a fotbalový svět si začíná uvědomovat, že to není náhoda.",
        "Praha postaví podél Radlické ulice téměř tři stovky družstevních bytů, schválili v pondělí radní.",
    ]
    assert detect_language(czech) == "cs"
    slovenian = [
        "Policisti bodo skupaj s higieniki pogosteje preverjali ukrepe, je na novinarski konferenci dejal minister.",
        "Praga bo ob ulici zgradila skoraj tristo zadružnih stanovanj, so v ponedeljek odločili mestni svetniki.",
    ]
    assert detect_language(slovenian) == "sl"


def test_a_czech_name_in_a_german_page_changes_nothing() -> None:
    from cleaner.segment.stoplists import detect_language

    german = "Der Trainer Jiří Řehák sagte am Montag, dass die Mannschaft von Dvořák und Růžička gut gespielt habe."
    assert detect_language([german] * 3) == "de"
