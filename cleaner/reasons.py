"""The closed vocabulary of why something is removed.

The values are written into datasets (the ``removed.reason`` column) and read by users'
filters, so they are a public contract: add a member only when no existing one fits, and
never rename or reuse one.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why a block was removed from a document."""

    BYLINE = "byline"
    """Author line, photo credit or dateline; its values go to the metadata fields."""

    DUPLICATE_CAPTION = "duplicate_caption"
    """A line repeated next to itself: an image's alt text and caption, the headline twice."""

    CAPTION = "caption"
    """A figure caption or photo credit that is not part of the article's prose."""

    PROMO = "promo"
    """A call to follow, subscribe, share, download the app, donate."""

    SIDEBAR = "sidebar"
    """A rail of teasers for other stories ("Other News", "Read also", "Most popular")."""

    NAVIGATION = "navigation"
    """Menus, breadcrumbs, tag lists, pagination, share bars."""

    BOILERPLATE = "boilerplate"
    """Template text of the site: copyright, cookie notices, counters, lone words, comments."""

    SITE_REPEAT = "site_repeat"
    """A block seen in many documents of the same source (learned from the corpus)."""
