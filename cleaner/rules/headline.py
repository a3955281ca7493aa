"""Find the headline: it becomes ``title`` and leaves the text (an option prepends it)."""

from __future__ import annotations

from ..model import Block, Page
from ..textutil import fingerprint

# A headline is a phrase, not a menu item and not a paragraph. 4..40 words covers the seed
# (17 words) and the devset's headlines; "Cuba" or "Home" above an article are menu items.
MIN_HEADLINE_WORDS = 4
MAX_HEADLINE_WORDS = 40
# Blocks searched for the page's <title>/og:title when the segmenter found one (HTML).
TITLE_SEARCH_BLOCKS = 40


def reads_as_headline(block: Block) -> bool:
    """A phrase of 4..40 words that does not end with a full stop (a sentence would).

    >>> from cleaner.model import Block
    >>> reads_as_headline(Block(0, "Kim Jong-un travels to Russia to meet with Putin", 0, 0, 1, 1))
    True
    >>> reads_as_headline(Block(0, "Hi, I'm Nicolas.", 0, 0, 1, 1))
    False
    """
    text = block.text.rstrip()
    return (
        MIN_HEADLINE_WORDS <= block.word_count <= MAX_HEADLINE_WORDS
        and not (text.endswith(".") and not text.endswith(".."))
        and block.link_density < 0.5
    )


def find_title(page: Page) -> int | None:
    """Index of the headline block: the one matching the page's own title, else the first
    block when it reads as a headline."""
    if page.meta.title:
        wanted = fingerprint(page.meta.title)
        for block in page.blocks[:TITLE_SEARCH_BLOCKS]:
            # ``page.key``: computed once a block and carried to the pipeline's later passes,
            # which search again when the first found no title (``Block.key`` folds each time).
            key = page.key(block.index)
            if key and (key == wanted or (block.kind == "heading" and key in wanted)):
                return block.index
        return None
    if page.blocks and reads_as_headline(page.blocks[0]):
        return 0
    return None
