"""Cleaner settings from a TOML file, and a plain description of a ``Cleaner`` for cards.

The file (``cleaner clean --config settings.toml``)::

    find_title = true        # the headline goes to ``title``
    prepend_title = false    # ... and is put back in front of the text
    lang = "en"              # the default language (omit to detect per document)
    disable = ["menu_run"]   # rules to leave out (``Cleaner().rule_names`` lists them)

    [rules.promo_phrase]     # a rule's scalar settings, by rule name
    max_words = 30
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from pathlib import Path
from typing import Any

from .cleaner import Cleaner
from .errors import ConfigError

_TOP_LEVEL = {"find_title", "prepend_title", "lang", "disable", "rules"}
_SCALARS = (bool, int, float, str)


def load_cleaner(path: Path, base: Cleaner | None = None) -> Cleaner:
    """A ``Cleaner`` built from a TOML settings file; ``ConfigError`` names the bad key."""
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read the settings file ({error})") from error
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from error
    return cleaner_from_settings(data, base=base, origin=str(path))


def cleaner_from_settings(
    data: dict[str, Any], *, base: Cleaner | None = None, origin: str = "settings"
) -> Cleaner:
    unknown = set(data) - _TOP_LEVEL
    if unknown:
        raise ConfigError(
            f"{origin}: unknown setting(s) {sorted(unknown)}; known: {sorted(_TOP_LEVEL)}"
        )
    cleaner = base or Cleaner()
    flags = {k: data[k] for k in ("find_title", "prepend_title", "lang") if k in data}
    try:
        cleaner = cleaner.replace(**flags)
    except ConfigError as error:
        raise ConfigError(f"{origin}: {error}") from error
    if data.get("disable"):
        cleaner = cleaner.without(*data["disable"])
    rules = data.get("rules", {})
    if rules:
        cleaner = cleaner.with_rules(
            _tuned(rule, rules.get(rule.name), origin) for rule in cleaner.rules
        )
        missing = set(rules) - set(cleaner.rule_names)
        if missing:
            raise ConfigError(
                f"{origin}: [rules] names unknown rule(s) {sorted(missing)}; known: {list(cleaner.rule_names)}"
            )
    return cleaner


def _tuned(rule: Any, changes: dict[str, Any] | None, origin: str) -> Any:
    if not changes:
        return rule
    fields = {f.name: f for f in dataclasses.fields(rule)}
    for key, value in changes.items():
        current = getattr(rule, key, None) if key in fields else None
        if key not in fields or not isinstance(current, _SCALARS):
            tunable = sorted(k for k in fields if isinstance(getattr(rule, k), _SCALARS))
            raise ConfigError(
                f"{origin}: rule {rule.name!r} has no setting {key!r}; tunable: {tunable}"
            )
        if type(value) is not type(current) and not (
            isinstance(current, float) and isinstance(value, int)
        ):
            raise ConfigError(
                f"{origin}: rules.{rule.name}.{key} must be {type(current).__name__}, got {value!r}"
            )
    return dataclasses.replace(rule, **changes)


def describe(cleaner: Cleaner) -> dict[str, Any]:
    """The settings of a ``Cleaner`` as plain data: flags, and each rule with its scalar
    settings (word lists and patterns are summarised by size, they come from the package)."""
    return {
        "find_title": cleaner.find_title,
        "prepend_title": cleaner.prepend_title,
        "lang": cleaner.lang,
        "rules": [
            {"name": rule.name, "reason": str(rule.reason), **_rule_settings(rule)}
            for rule in cleaner.rules
        ],
    }


def _rule_settings(rule: Any) -> dict[str, Any]:
    if not dataclasses.is_dataclass(rule):
        return {}
    settings: dict[str, Any] = {}
    for f in dataclasses.fields(rule):
        value = getattr(rule, f.name)
        if isinstance(value, _SCALARS):
            settings[f.name] = value
        elif isinstance(value, re.Pattern):
            settings[f.name] = f"<pattern of {value.pattern.count('|') + 1} alternatives>"
        elif isinstance(value, (frozenset, tuple, list, set)):
            settings[f.name] = f"<{len(value)} entries>"
    return settings
