"""Per-site profiles: what one site's template needs beyond the general rules.

A profile is a TOML file (read with the standard ``tomllib``) named after the domain, e.g.
``example-news.com.toml``::

    domains = ["example-news.com", "example-news.co.uk"]  # optional; default: the file name

    [drop]        # CSS selectors of elements that are never article text on this site
    selectors = [".subscribe-box", "div.more-from-author"]

    [keep]        # CSS selectors of the article container (overrides container scoring)
    selectors = ["div.article-body"]

    [phrases]     # extra phrases, by reason: a block containing one is removed
    promo = ["get our morning briefing"]
    boilerplate = ["this article was produced with support from"]

A page uses the profile of its URL's host or of the nearest parent domain (``www.`` ignored).
Selectors are compiled to XPath once, when the profile is loaded, so a bad selector is
reported with its file and not in the middle of a run.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlsplit

from cssselect import HTMLTranslator, SelectorError

from .errors import ResourceError
from .model import Block, Finding, Page
from .reasons import Reason
from .rules.base import BlockRule, PageState
from .segment.html import HtmlOptions
from .textutil import fold

_TRANSLATOR = HTMLTranslator()


@dataclass(frozen=True)
class SitePhrase(BlockRule):
    """A block holding one of a site profile's phrases (base of the per-reason rules)."""

    name: ClassVar[str] = "site_phrase"
    reason: ClassVar[Reason] = Reason.BOILERPLATE
    phrases: tuple[str, ...] = ()
    # The phrases are the site's own template lines; a block much longer than a template
    # line is prose that quotes one.
    max_words: int = 40

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        if block.word_count > self.max_words:
            return None
        hit = next((p for p in self.phrases if p in block.folded), None)
        return Finding(f"site profile phrase={hit!r}") if hit else None


@dataclass(frozen=True)
class SitePromoPhrase(SitePhrase):
    name: ClassVar[str] = "site_promo_phrase"
    reason: ClassVar[Reason] = Reason.PROMO


@dataclass(frozen=True)
class SiteSidebarPhrase(SitePhrase):
    name: ClassVar[str] = "site_sidebar_phrase"
    reason: ClassVar[Reason] = Reason.SIDEBAR


@dataclass(frozen=True)
class SiteNavigationPhrase(SitePhrase):
    name: ClassVar[str] = "site_navigation_phrase"
    reason: ClassVar[Reason] = Reason.NAVIGATION


PHRASE_RULES: dict[str, type[SitePhrase]] = {
    "promo": SitePromoPhrase,
    "sidebar": SiteSidebarPhrase,
    "navigation": SiteNavigationPhrase,
    "boilerplate": SitePhrase,
}


@dataclass(frozen=True)
class SiteProfile:
    """One site's selectors (as given and compiled to XPath) and extra phrases."""

    domains: tuple[str, ...]
    drop: tuple[str, ...] = ()
    keep: tuple[str, ...] = ()
    phrases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (reason, folded phrases)
    drop_xpath: tuple[str, ...] = ()
    keep_xpath: tuple[str, ...] = ()
    origin: str = ""

    def html_options(self) -> HtmlOptions:
        return HtmlOptions(drop=self.drop_xpath, keep=self.keep_xpath)

    def rules(self) -> tuple[SitePhrase, ...]:
        return tuple(PHRASE_RULES[reason](phrases=phrases) for reason, phrases in self.phrases)

    @classmethod
    def from_toml(cls, text: str, *, origin: str) -> SiteProfile:
        """Parse a profile; ``origin`` (a file name such as ``example.com.toml``) names the
        default domain and appears in every error."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            raise ResourceError(f"site profile {origin}: not valid TOML ({error})") from None
        default = origin.rsplit("/", 1)[-1].removesuffix(".toml")
        domains = tuple(d.lower().removeprefix("www.") for d in _strings(data, "domains", origin, [default]))
        drop = tuple(_strings(data.get("drop", {}), "selectors", origin, []))
        keep = tuple(_strings(data.get("keep", {}), "selectors", origin, []))
        phrase_table = data.get("phrases", {})
        unknown = set(phrase_table) - set(PHRASE_RULES)
        if unknown:
            raise ResourceError(f"site profile {origin}: unknown phrase reason(s) {sorted(unknown)}; use {sorted(PHRASE_RULES)}")
        phrases = tuple(
            (reason, tuple(fold(p) for p in _strings(phrase_table, reason, origin, [])))
            for reason in sorted(phrase_table)
        )
        return cls(domains, drop, keep, phrases, _xpaths(drop, origin), _xpaths(keep, origin), origin)


@dataclass(frozen=True)
class SiteProfiles:
    """Profiles by domain. Immutable and picklable; build with ``shipped``, ``from_folder``."""

    profiles: tuple[SiteProfile, ...] = ()
    by_domain: dict[str, SiteProfile] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        table = {}
        for profile in self.profiles:
            for domain in profile.domains:
                table[domain] = profile
        object.__setattr__(self, "by_domain", table)

    def for_url(self, url: str) -> SiteProfile | None:
        """The profile of the URL's host or nearest parent domain.

        >>> profiles = SiteProfiles((SiteProfile(("example.com",)),))
        >>> profiles.for_url("https://www.news.example.com/a") is profiles.profiles[0]
        True
        >>> profiles.for_url("https://example.org/") is None
        True
        """
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
        labels = host.split(".")
        for start in range(len(labels) - 1):
            profile = self.by_domain.get(".".join(labels[start:]))
            if profile is not None:
                return profile
        return None

    def __or__(self, other: SiteProfiles) -> SiteProfiles:
        """Both sets; ``other`` wins for a domain in both."""
        return SiteProfiles(self.profiles + other.profiles)

    @classmethod
    def from_folder(cls, folder: str | Path) -> SiteProfiles:
        """Every ``*.toml`` profile in a folder."""
        path = Path(folder)
        if not path.is_dir():
            raise ResourceError(f"site profile folder {str(path)!r} does not exist")
        files = sorted(path.glob("*.toml"))
        return cls(tuple(SiteProfile.from_toml(f.read_text("utf-8"), origin=f.name) for f in files))

    @classmethod
    def shipped(cls) -> SiteProfiles:
        """The profiles that come with cleaner (``cleaner/resources/sites``)."""
        folder = resources.files("cleaner.resources").joinpath("sites")
        entries = sorted((p for p in folder.iterdir() if p.name.endswith(".toml")), key=lambda p: p.name)
        return cls(tuple(SiteProfile.from_toml(p.read_text("utf-8"), origin=p.name) for p in entries))


def _strings(table: object, key: str, origin: str, default: list[str]) -> list[str]:
    if not isinstance(table, dict):
        raise ResourceError(f"site profile {origin}: expected a table around {key!r}")
    value = table.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ResourceError(f"site profile {origin}: {key!r} must be a list of strings")
    return value


def _xpaths(selectors: tuple[str, ...], origin: str) -> tuple[str, ...]:
    compiled = []
    for selector in selectors:
        try:
            compiled.append(_TRANSLATOR.css_to_xpath(selector))
        except SelectorError as error:
            raise ResourceError(f"site profile {origin}: bad CSS selector {selector!r} ({error})") from None
    return tuple(compiled)
