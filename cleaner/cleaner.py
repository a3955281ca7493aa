"""``Cleaner``: one immutable, picklable configuration that cleans documents."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .corpus import SiteModel
from .errors import ConfigError, InputError
from .model import CleanResult, Page
from .pipeline import run_rules, with_text
from .rules import Rule, default_rules
from .rules.site import SiteRepeat
from .segment.html import MAX_CHARS, HtmlOptions, parse_html, segment_html
from .segment.htmlmeta import structured_text
from .segment.stoplists import detect_language, stoplist_names
from .segment.text import MAX_TEXT_CHARS, segment_text
from .sites import SiteProfiles
from .textutil import count_words

# Below this many words the article found is no article: the page is segmented again without
# pruning, then its structured data is read. Gopher's quality filter (Rae et al. 2021) drops
# documents under 50 words, as does ``export.drop_reason``: such a result is rejected anyway,
# so a fallback can only rescue a page.
FALLBACK_WORDS = 50
# A line of pruned text with this many words is prose (menus, footers and buttons are shorter):
# only prose in pruned elements makes segmenting the page again worth its cost.
MIN_PROSE_LINE_WORDS = 10
# What a page holding structured data has in its markup (checked before parsing it again).
_DATA_MARKERS = ("articleBody", "application/json")
_DATA_MARKERS_BYTES = tuple(m.encode() for m in _DATA_MARKERS)


def _pruned_prose_words(page: Page) -> int:
    """Words in the prose lines of a page's pruned text."""
    counts = (count_words(line) for p in page.pruned for line in p.text.split("\n"))
    return sum(c for c in counts if c >= MIN_PROSE_LINE_WORDS)


@dataclass(frozen=True)
class Cleaner:
    r"""A configured cleaner. Build it once, pass it around, vary it with ``replace``.

    >>> cleaner = Cleaner()
    >>> result = cleaner.clean_text("Storm hits the coast overnight\n\nThe storm hit at 2 am."
    ...                             "\n\nFollow us on Telegram!")
    >>> result.title, result.text, [r.reason.value for r in result.removals]
    ('Storm hits the coast overnight', 'The storm hit at 2 am.', ['promo'])
    """

    rules: tuple[Rule, ...] = field(default_factory=default_rules)
    find_title: bool = True  # the headline goes to ``title`` instead of the text
    prepend_title: bool = False  # ... and is put back in front of the text
    lang: str | None = None  # the default language; None detects it per document
    # Per-site profiles for HTML (selectors to drop or keep, extra phrases), by domain.
    site_profiles: SiteProfiles | str | Path | None = field(default_factory=SiteProfiles.shipped)
    max_html_chars: int = MAX_CHARS  # larger pages are refused with MarkupError
    max_text_chars: int = MAX_TEXT_CHARS  # larger texts are refused with InputError
    # Learned site templates (``cleaner.corpus.learn``): adds the ``site_repeat`` rule, last.
    site_model: SiteModel | None = None

    def clean_text(self, text: str, *, url: str | None = None, lang: str | None = None) -> CleanResult:
        """Clean an already-extracted plain-text document.

        Raises ``InputError`` for texts over ``max_text_chars`` characters.
        """
        if not isinstance(text, str):
            raise InputError(
                f"clean_text expects str, got {type(text).__name__}"
                + (": decode the bytes first, or use clean_html for markup" if isinstance(text, (bytes, bytearray)) else "")
            )
        page = segment_text(text, url=url, lang=None, max_chars=self.max_text_chars, name=url or "text input")
        return self.clean_page(page, lang=lang)

    def clean_html(
        self,
        html: str | bytes,
        *,
        url: str | None = None,
        lang: str | None = None,
        charset: str | None = None,
    ) -> CleanResult:
        """Clean a raw HTML page (``bytes`` are decoded as browsers do, see ``decode``;
        ``charset`` is the one the HTTP ``Content-Type`` header gave, tried first).

        Raises ``EncodingError`` for binary input and ``MarkupError`` for pages over
        ``max_html_chars`` or nested beyond the parser's limit (both are ``InputError``).
        """
        name = url or "html input"
        if isinstance(html, (bytes, bytearray, memoryview)):
            html = bytes(html)  # decoded by the segmenter, which parses UTF-8 bytes as they are
        elif not isinstance(html, str):
            raise InputError(f"{name}: clean_html expects str or bytes, got {type(html).__name__}")
        profiles = self.site_profiles
        profile = profiles.for_url(url) if url and isinstance(profiles, SiteProfiles) else None
        options = profile.html_options() if profile else HtmlOptions()
        page = segment_html(html, url=url, lang=lang, options=options, max_chars=self.max_html_chars, name=name, charset=charset)
        cleaner = self.replace(rules=(*self.rules, *profile.rules())) if profile else self
        result = cleaner.clean_page(page, lang=lang)
        if count_words(result.text) >= FALLBACK_WORDS:
            return result
        return cleaner._fallback(html, page, result, url=url, lang=lang, options=options, name=name)

    def _fallback(self, html: str | bytes, page: Page, result: CleanResult, *, url: str | None,
                  lang: str | None, options: HtmlOptions, name: str) -> CleanResult:
        """When pruning left no article (a page that is one ``<form>``, an article in a
        landmark), the page segmented again without pruning; when the page shows no article
        at all (rendered by a script from data), the text of its structured data. Each only
        when it gives more words than the article did, and ``FALLBACK_WORDS`` at least."""
        words = count_words(result.text)
        if words + _pruned_prose_words(page) >= FALLBACK_WORDS:  # else nothing to gain
            unpruned = segment_html(html, url=url, lang=lang, options=replace(options, prune=False),
                                    max_chars=self.max_html_chars, name=name)
            retry = self.clean_page(unpruned, lang=lang)
            if count_words(retry.text) >= max(FALLBACK_WORDS, words + 1):
                return replace(retry, text_source="pruned")
        if isinstance(html, bytes):
            has_data = any(marker in html for marker in _DATA_MARKERS_BYTES)
        else:
            has_data = any(marker in html for marker in _DATA_MARKERS)
        if not has_data:
            return result
        body = structured_text(parse_html(html, max_chars=self.max_html_chars, name=name))
        body_words = count_words(body) if body else 0
        if body and body_words >= max(FALLBACK_WORDS, words + 1):
            evidence = f"text_words={words} < {FALLBACK_WORDS}; structured data has {body_words}"
            return with_text(result, page, body, source="structured_data", evidence=evidence)
        return result

    def clean_page(self, page: Page, *, lang: str | None = None) -> CleanResult:
        """Run the rules on an already segmented page (what both segmenters produce)."""
        language = lang or page.lang or self.lang or detect_language(page.texts)
        if language != page.lang:
            page = page.with_lang(language)
        return run_rules(page, self._active_rules, find_headline=self.find_title, prepend_title=self.prepend_title)

    def __call__(self, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
        """Clean a batch of rows, so ``dataset.map(cleaner, batched=True, num_proc=N)`` works.

        Adds the columns of ``export.FEATURES`` (``text`` becomes the cleaned text); see
        ``export.clean_dataset`` for other column names.
        """
        from .export import clean_batch  # datasets is imported only when datasets are used

        return clean_batch(self, batch)

    def replace(self, **changes: object) -> Cleaner:
        """A copy with some settings changed (``Cleaner`` itself never changes)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def without(self, *rule_names: str) -> Cleaner:
        """A copy without the named rules (see ``rule_names``)."""
        unknown = set(rule_names) - set(self.rule_names)
        if unknown:
            raise ConfigError(f"unknown rule(s) {sorted(unknown)}; known: {list(self.rule_names)}")
        return self.replace(rules=tuple(r for r in self.rules if r.name not in rule_names))

    def with_rules(self, rules: Iterable[Rule]) -> Cleaner:
        """A copy with exactly these rules, in this order."""
        return self.replace(rules=tuple(rules))

    @property
    def _active_rules(self) -> tuple[Rule, ...]:
        if self.site_model is None:
            return self.rules
        return (*self.rules, SiteRepeat(self.site_model))

    @property
    def rule_names(self) -> tuple[str, ...]:
        return tuple(r.name for r in self.rules)

    def __post_init__(self) -> None:
        if isinstance(self.site_profiles, (str, Path)):  # a folder of the user's own profiles
            object.__setattr__(self, "site_profiles", SiteProfiles.from_folder(self.site_profiles))
        if self.lang is not None and self.lang not in stoplist_names():
            raise ConfigError(f"unknown language {self.lang!r}; use an ISO 639-1 code such as 'en'")
