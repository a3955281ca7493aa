"""The Cleaner object and the top-level API: configuration, errors, pickling."""

from __future__ import annotations

import pickle

import pytest

from cleaner import Cleaner, ConfigError, InputError, Reason, clean_text

ARTICLE = (
    "Storm hits the coast overnight\n\nThe storm hit the coast at two in the morning, "
    "officials said.\n\nFollow us on Telegram!"
)


def test_bytes_are_refused_with_a_hint() -> None:
    with pytest.raises(InputError, match="got bytes.*decode"):
        clean_text(ARTICLE.encode())


def test_cleaner_is_picklable_and_gives_the_same_result() -> None:
    cleaner = Cleaner()
    clone = pickle.loads(pickle.dumps(cleaner))
    assert clone.clean_text(ARTICLE) == cleaner.clean_text(ARTICLE)


def test_cleaner_is_immutable() -> None:
    cleaner = Cleaner()
    with pytest.raises(AttributeError):
        cleaner.prepend_title = True  # type: ignore[misc]


def test_prepend_title_puts_the_headline_back() -> None:
    result = Cleaner(prepend_title=True).clean_text(ARTICLE)
    assert result.text.startswith("Storm hits the coast overnight\n\nThe storm hit")


def test_rules_can_be_switched_off_by_name() -> None:
    cleaner = Cleaner().without("promo_call_to_action", "promo_phrase")
    assert "Follow us on Telegram!" in cleaner.clean_text(ARTICLE).text
    assert Reason.PROMO in [r.reason for r in Cleaner().clean_text(ARTICLE).removals]


def test_unknown_rule_and_language_are_config_errors() -> None:
    with pytest.raises(ConfigError, match="unknown rule"):
        Cleaner().without("no_such_rule")
    with pytest.raises(ConfigError, match="unknown language 'xx'"):
        Cleaner(lang="xx")


def test_language_is_given_or_detected() -> None:
    assert clean_text(ARTICLE).lang == "en"
    assert clean_text(ARTICLE, lang="de").lang == "de"
    assert clean_text("Кот сидел на ковре, и он был этим очень доволен.").lang == "ru"


def test_empty_input_is_a_normal_result() -> None:
    result = clean_text("")
    assert (result.text, result.title, result.removals) == ("", None, ())


def test_same_input_same_output_whatever_came_before() -> None:
    first = clean_text(ARTICLE)
    clean_text("Other News\nSimple baked liver pate\nSimple baked liver pate")
    assert clean_text(ARTICLE) == first
