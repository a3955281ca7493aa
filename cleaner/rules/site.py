"""``site_repeat``: blocks the corpus shows to be template of the document's source.

The evidence is learned, not listed: ``corpus.learn`` counts in how many documents of a source
each short block occurs, and this rule removes the blocks of a page that its source's model
holds. It runs last, so a block a specific rule recognises (a promo phrase, a byline whose
author goes to the metadata) keeps that rule's reason. It fails quiet: a page without a URL,
or of a source the model has not learned, loses nothing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import ClassVar

from ..corpus import SiteModel
from ..model import Finding, Page
from ..reasons import Reason
from .base import PageState


@dataclass(frozen=True)
class SiteRepeat:
    """Blocks found in many documents of the page's source (see ``cleaner.corpus``)."""

    name: ClassVar[str] = "site_repeat"
    reason: ClassVar[Reason] = Reason.SITE_REPEAT
    model: SiteModel

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        template = self.model.template(page.url)
        if template is None:
            return
        for block in page.blocks:
            if not state.free(block.index):
                continue
            match = self.model.match(block, template)
            if match is not None:
                yield block.index, Finding(match.evidence)
