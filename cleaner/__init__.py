"""cleaner: remove bylines, captions, promos, sidebars and boilerplate from scraped news.

Every removal carries a ``Reason`` from a closed vocabulary, the rule that fired and its
evidence. See README.md for the API, the CLI and the reason vocabulary.
"""

from __future__ import annotations

import logging

from .cleaner import Cleaner
from .errors import (
    CleanerError,
    ConfigError,
    EncodingError,
    InputError,
    MarkupError,
    OutputError,
    ResourceError,
)
from .model import Block, CleanResult, Finding, Page, Removal
from .reasons import Reason

__version__ = "0.1.0"

_DEFAULT = Cleaner()


def clean_text(text: str, *, url: str | None = None, lang: str | None = None) -> CleanResult:
    """Clean an already-extracted plain-text news document with the default ``Cleaner``.

    For other settings build a ``Cleaner`` and call its ``clean_text``.
    """
    return _DEFAULT.clean_text(text, url=url, lang=lang)


def clean_html(
    html: str | bytes, *, url: str | None = None, lang: str | None = None
) -> CleanResult:
    """Clean a raw HTML news page (str, or bytes in any encoding) with the default ``Cleaner``.

    Raises ``InputError`` subclasses (``EncodingError``, ``MarkupError``) for unusable input.
    """
    return _DEFAULT.clean_html(html, url=url, lang=lang)


logging.getLogger(__name__).addHandler(logging.NullHandler())

__all__ = [
    "Block",
    "CleanResult",
    "Cleaner",
    "CleanerError",
    "ConfigError",
    "EncodingError",
    "Finding",
    "InputError",
    "MarkupError",
    "OutputError",
    "Page",
    "Reason",
    "Removal",
    "ResourceError",
    "clean_html",
    "clean_text",
]
