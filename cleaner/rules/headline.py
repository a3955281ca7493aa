"""Find the headline: it becomes ``title`` and leaves the text (an option prepends it)."""

from __future__ import annotations

import re
from functools import cache

from .. import resources
from ..model import Block, Page
from ..textutil import fingerprint
from .boilerplate import is_specific
from .figure import credit_inside
from .matching import phrase_pattern

# A headline is a phrase, not a menu item and not a paragraph. 4..40 words covers the seed
# (17 words) and the devset's headlines; "Cuba" or "Home" above an article are menu items.
MIN_HEADLINE_WORDS = 4
MAX_HEADLINE_WORDS = 40
# Blocks searched for the page's <title>/og:title when the segmenter found one (HTML).
TITLE_SEARCH_BLOCKS = 40
# A headline has one or two sentences ("IRCC gave up office space in January. Now, it can't
# accommodate RTO-4": the devset's fundus titles have at most one break); three or more are a
# blurb or a banner ("This homepage is tailored for our readers in the USA. Make it your
# default. ..." in the bundled demo).
MAX_HEADLINE_SENTENCES = 2
# A break: a sentence end after a word of three letters or more ("26. April", "Nr. 98" and
# "Dr. Smith" have none), then the next sentence's first letter or opening quote.
_SENTENCE_BREAK = re.compile(r"(?<=[^\W\d_]{3})[.!?…][\"'»”’)\]]*\s+[\"'«“„(]?[^\W\d_]")


def reads_as_headline(block: Block) -> bool:
    """A phrase of 4..40 words that does not end with a full stop (a sentence would).

    >>> from cleaner.model import Block
    >>> reads_as_headline(Block(0, "Kim Jong-un travels to Russia to meet with Putin", 0, 0, 1, 1))
    True
    >>> reads_as_headline(Block(0, "Hi, I'm Nicolas.", 0, 0, 1, 1))
    False
    >>> reads_as_headline(Block(0, "Tailored for you. Make it your default. Switch to US!", 0, 0, 1, 1))
    False
    """
    text = block.text.rstrip()
    return (
        MIN_HEADLINE_WORDS <= block.word_count <= MAX_HEADLINE_WORDS
        and not (text.endswith(".") and not text.endswith(".."))
        and block.link_density < 0.5
        and len(_SENTENCE_BREAK.findall(text)) < MAX_HEADLINE_SENTENCES
    )


@cache
def _template_opening() -> re.Pattern[str]:
    """Template phrases at the start of a line (``TemplateLine``'s list): skip links, cookie
    and copyright lines."""
    return phrase_pattern(resources.all_phrases("boilerplate"), anchored=True)


def is_template_or_caption(block: Block) -> bool:
    """A line that reads as a headline by its shape but is a skip link ("Skip to main
    content", "Zum Hauptinhalt springen"), another template line or a photo caption with its
    credit. A dump opens with such lines when the scraper kept the page's header.

    >>> from cleaner.model import Block
    >>> is_template_or_caption(Block(0, "Skip to main content", 0, 0, 1, 1))
    True
    >>> is_template_or_caption(Block(0, "enlarge (Photo: Jane Doe/Example)", 0, 0, 1, 1))
    True
    >>> is_template_or_caption(Block(0, "Solar panels in a field. Credit: AFP/Getty", 0, 0, 1, 1))
    True
    >>> is_template_or_caption(Block(0, "Print media lost half its readers in ten years", 0, 0, 1, 1))
    False
    """
    folded = block.folded
    template = _template_opening().match(folded)
    if template is not None and is_specific(template.group()):
        return True  # one-word phrases ("print", "comments") open headlines too
    return credit_inside().search(folded) is not None


def find_title(page: Page) -> int | None:
    """Index of the headline block: the one matching the page's own title, else the first
    block when it reads as a headline and is no template line or caption (a wrong title is
    worse than none: it is written to the dataset's ``title`` column)."""
    if page.meta.title:
        wanted = fingerprint(page.meta.title)
        for block in page.blocks[:TITLE_SEARCH_BLOCKS]:
            # ``page.key``: computed once a block and carried to the pipeline's later passes,
            # which search again when the first found no title (``Block.key`` folds each time).
            key = page.key(block.index)
            if key and (key == wanted or (block.kind == "heading" and key in wanted)):
                return block.index
        return None
    if page.blocks and reads_as_headline(page.blocks[0]) and not is_template_or_caption(page.blocks[0]):
        return 0
    return None
