"""Properties that hold for any input: no crash, idempotence, no invented text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cleaner import Cleaner, clean_text

# Lines of the kinds real dumps mix, so that the rules fire and interact.
LINES = [
    "North Korean leader Kim Jong-un probably went on a trip to Russia on his armored train.",
    "The Kremlin later confirmed the visit. It said he would come at Putin's invitation.",
    "Russia's Interfax news agency reported the visit is expected \"in the coming days.\"",
    "- According to media reports, the leaders may meet in Vladivostok for the forum.",
    "Kim Jong-un may meet with Vladimir Putin",
    "'Kim Jong-un may meet with Vladimir Putin'",
    "Daria DurovaLife",
    "By Jane Doe, Reuters",
    "Photo: Reuters",
    "11.09.2023, 12:30",
    "Only verified information in our Telegram channel. Do not fall for fakes!",
    "Підписуйтесь на наш Telegram-канал",
    "Other News",
    "Інші новини",
    "Read also: Storm damages harbour",
    "Simple baked liver pate",
    "It has no bitter aftertaste",
    "Home",
    "News",
    "Home > News > World",
    "3 comments",
    "© 2023 City News. All rights reserved.",
    "2 Comments",
    "Arms supply is one of the key issues: Kim Jong-un travels to Russia",
    "",
    "",
    "   ",
]

documents = st.lists(
    st.one_of(st.sampled_from(LINES), st.text(max_size=60)), max_size=40
).map("\n".join)

CLEANER = Cleaner()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_no_string_makes_clean_text_raise(text: str) -> None:
    clean_text(text)


@settings(max_examples=300, deadline=None)
@given(documents)
def test_cleaning_the_output_again_changes_nothing(text: str) -> None:
    first = CLEANER.clean_text(text)
    again_input = f"{first.title}\n\n{first.text}" if first.title else first.text
    again = CLEANER.clean_text(again_input, lang=first.lang)
    assert again.text == first.text
    assert again.title == first.title
    assert again.removals == ()


@settings(max_examples=300, deadline=None)
@given(documents)
def test_every_output_line_is_part_of_an_input_line(text: str) -> None:
    result = CLEANER.clean_text(text)
    input_lines = text.splitlines()
    for line in result.text.splitlines():
        if line:
            assert any(line in source for source in input_lines), line


@settings(max_examples=200, deadline=None)
@given(documents)
def test_removals_point_at_the_removed_text(text: str) -> None:
    result = CLEANER.clean_text(text)
    for removal in result.removals:
        first_line = removal.text.split("\n", 1)[0]
        assert text[removal.start : removal.start + len(first_line)] == first_line
        assert removal.reason and removal.rule and removal.evidence
