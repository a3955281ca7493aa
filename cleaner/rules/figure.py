"""Figure captions printed as lines of the text, told by the label that opens them.

A scraper that keeps ``<figcaption>`` puts the caption between the article's paragraphs. When
the alt text is not there as well, ``DuplicateCaption`` has nothing to pair it with; but a
numbered figure's caption opens with a label no sentence opens with: "Abbildung 4: ...",
"Figure 3. ...", "Рис. 2 — ...". The label needs a number or a colon after it, so "Figure
skating returns" stays.

Captions that end with a picture credit are ``CreditedCaption``'s: the credit must be marked
(a lead-in and a colon, brackets, agency names glued on or after a sentence end), because
the readability devset's gold keeps captions like "The cabaret in Paris Jane Doe/Reuters".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, repeat
from typing import ClassVar

from .. import resources
from ..model import SHORT_BLOCK_WORDS, Block, Finding, Page
from ..reasons import Reason
from ..textutil import SENTENCE_END, fold
from .base import BlockRule, PageState, holding, pick
from .matching import key_words, phrase_pattern


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _label_pattern() -> re.Pattern[str]:
    """A figure label, then a number ("4", "3.2", "4a") and/or a colon, dot or dash."""
    labels = _alternation(resources.all_phrases("figure"))
    return re.compile(rf"^(?:{labels})(?:\s*\d+[\d.]*[a-z]?)?\s*[:.—–-](?:\s|$)")


@dataclass(frozen=True)
class CaptionLine(BlockRule):
    """A caption line: a figure label at its start or a picture credit at its end."""

    name: ClassVar[str] = "caption_line"
    reason: ClassVar[Reason] = Reason.CAPTION
    context_free: ClassVar[bool] = True  # reads the block only
    labels: re.Pattern[str] = field(default_factory=_label_pattern)
    # The same bound as ``DuplicateCaption``: the devset's longest captions run to 40 words.
    max_words: int = 40

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        return compress(indices, map(self.labels.match, pick(page.folded, indices)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        label = self.labels.match(block.folded)
        return Finding(f"figure label={label.group().strip()!r}") if label else None


@cache
def credit_inside() -> re.Pattern[str]:
    """A picture credit in brackets, after a bar or after a sentence, anywhere in a line:
    "enlarge (Photo: Jane Doe)", "The coach after the win | Foto: Reuters", "Solar panels in
    a field. Credit: AFP/Getty". (A credit opening the line is ``PhotoCredit``'s.)

    >>> bool(credit_inside().search("solar panels in a field. credit: afp/getty"))
    True
    >>> bool(credit_inside().search("video: the minister arrives"))
    False
    """
    lead_ins = _alternation(resources.all_phrases("credit"))
    return re.compile(rf"(?:[(|]|[.!?]\s)\s*(?:{lead_ins})\s*:")


@dataclass(frozen=True)
class LeadCaption:
    """A photo caption with its credit above everything the page keeps: the lead picture's
    caption printed over the headline. The headline finder passes such a line over (see
    ``headline.is_template_or_caption``), so it must go on its own.

    Only at the top: below the headline the readability gold keeps credited captions as
    article text (see the module's docstring); above it, nothing of the article has begun.
    """

    name: ClassVar[str] = "lead_caption"
    reason: ClassVar[Reason] = Reason.CAPTION
    credit: re.Pattern[str] = field(default_factory=credit_inside)
    # The same bound as ``CaptionLine``: the devset's longest captions run to 40 words.
    max_words: int = 40

    def find(self, page: Page, state: PageState) -> Iterator[tuple[int, Finding]]:
        taken = state.taken
        index = _first_free(taken, 0)
        while index is not None:
            block = page.blocks[index]
            if index == state.title_index or block.word_count > self.max_words:
                return
            credit = self.credit.search(block.folded)
            if credit is None:
                return
            # The next line may be the same picture's alt text or caption: read on.
            yield index, Finding(f"credit={credit.group().strip()!r} above the headline")
            index = _first_free(taken, index + 1)


def _first_free(taken: Sequence[bool], start: int) -> int | None:
    """The first block from ``start`` on that no rule has taken (menus and skip links above
    the picture are), found in C: on later passes most of a dump's top is taken."""
    try:
        return taken.index(False, start)
    except ValueError:
        return None
_BRACKETED = re.compile(r"[(\[](?P<tail>[^()\[\]]+)[)\]]$")  # "(AFP / Jane Doe)", "[File: Reuters]"
_CREDIT_PARTS = re.compile(r"\s*(?:/|,|\||\bvia\b|©)\s*")
_CREDIT_SIGNS = (":", "...", "…", "©")  # what follows a credit lead-in
_SENTENCE_ENDS = ".!?…"
_CLOSERS = "\"'”’»)"


def _last_sign(text: str) -> tuple[int, int]:
    """Where the line's last credit sign (``_CREDIT_SIGNS``) starts and ends; (-1, -1) if none.

    >>> _last_sign("Alles im Blick: Wahl 2021Bild: Jana Doe/dpa")
    (29, 30)
    """
    best = (-1, -1)
    for sign in _CREDIT_SIGNS:
        at = text.rfind(sign)
        if at > best[0]:
            best = (at, at + len(sign))
    return best


def _after_last_sentence(text: str) -> tuple[str, bool] | None:
    """What follows the line's last sentence end, and whether it follows without a space
    (a credit element glued on: "... border.Getty Images"); None when nothing follows.

    >>> _after_last_sentence("Ruhe hilft.Unsplash/Kelly Sikkema")
    ('Unsplash/Kelly Sikkema', True)
    >>> _after_last_sentence("He said so.") is None
    True
    """
    end = max(map(text.rfind, _SENTENCE_ENDS))
    if end < 0:
        return None
    rest = text[end + 1 :].lstrip(_CLOSERS)
    tail = rest.lstrip()
    return (tail, tail == rest) if tail else None


@dataclass(frozen=True)
class CreditedCaption(BlockRule):
    """A caption that carries its picture credit: "Image caption ...", "... Photo: Jane Doe",
    "...Getty Images" glued on, "(Image: GETTY)", "[File: Reuters]", "...Credit...Jane Doe".

    The credit is what makes the line a caption, so only these shapes count: a caption
    opener (``caption_start``) or a credit lead-in and a colon at the line's start
    ("Photo: The minister arrives ..."), or at its end a credit lead-in
    (``caption_credit``) with a colon, or agency names (``agencies``) after a sentence end
    or in brackets. Prose that mentions a photo ("The photo shows ...") or opens with an
    agency ("Getty Images said on Monday ...") has none of them. A paragraph that closes
    with a bare agency sign-off ("... he said. (Reuters)") is spared: a bracket or a spaced
    tail needs a lead-in or a name beside the agency.
    """

    name: ClassVar[str] = "credited_caption"
    reason: ClassVar[Reason] = Reason.CAPTION
    context_free: ClassVar[bool] = True  # reads the block only
    starts: re.Pattern[str] = field(
        default_factory=lambda: phrase_pattern(resources.all_phrases("caption_start"), anchored=True)
    )
    credit_leads: tuple[str, ...] = field(default_factory=lambda: resources.all_phrases("caption_credit"))
    agencies: frozenset[str] = field(default_factory=lambda: frozenset(resources.word_list("agencies")))
    # A caption is a line: the devset's longest run to 40 words with the credit.
    max_words: int = SHORT_BLOCK_WORDS
    # "Photo: Jane Doe / Getty Images via AFP" is 8 words; a longer tail is prose.
    max_credit_words: int = 8
    # For ``candidates``: the first word of each opener, and the last word of each agency
    # name, which ends a line with a credit glued on ("...am damm.getty images").
    opener_heads: tuple[str, ...] = field(init=False)
    agency_tails: tuple[str, ...] = field(init=False)
    # Words one of which every block ``check`` accepts has (see ``base.holding``).
    needs: frozenset[str] | None = field(init=False, repr=False, compare=False)
    credit_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        heads = tuple(sorted({p.split()[0] for p in resources.all_phrases("caption_start")}))
        object.__setattr__(self, "opener_heads", heads)
        object.__setattr__(self, "agency_tails", tuple(sorted({a.rsplit(None, 1)[-1] for a in self.agencies})))
        phrases = (*resources.all_phrases("caption_start"), *self.credit_leads, *self.agencies)
        object.__setattr__(self, "needs", key_words(phrases))
        object.__setattr__(self, "credit_set", frozenset(self.credit_leads))

    def candidates(self, page: Page, indices: list[int]) -> Iterable[int]:
        """Lines with a word of an opener, a lead-in or an agency name (``base.holding``), and
        a mark of some credit shape, found for the page at once with substring tests in C: an opener first, a closing bracket or an agency name's last word at the
        end, a credit sign or a slash anywhere (``check`` then runs on few lines; a pattern
        searched over every line cost more than the rest of the rule).

        Text only: in HTML the figure element says what a caption is (``FigureCaption``),
        and blocks there join a caption to its neighbours (HTML devset snippet recall fell).
        """
        if page.kind != "text":
            return ()
        indices = holding(page, self.needs, self.max_words, indices)
        folded = pick(page.folded, indices)
        tests = [
            map(str.startswith, folded, repeat(self.opener_heads)),
            map(str.endswith, folded, repeat((")", "]"))),
            map(str.endswith, folded, repeat(self.agency_tails)),
            *(map(str.__contains__, folded, repeat(mark)) for mark in (*_CREDIT_SIGNS, "/")),
        ]
        return compress(indices, map(any, zip(*tests)))

    def check(self, block: Block, page: Page, state: PageState) -> Finding | None:
        folded = block.folded
        opener = self.starts.match(folded)
        if opener:
            return Finding(f"caption opener={opener.group()!r}")
        labelled = self._labelled(folded)
        if labelled:
            return Finding(f"caption labelled {labelled!r}")
        text = block.text.rstrip()
        lead = self._lead_in(text)
        if lead is not None:
            return Finding(f"credit at the end: {text[lead:]!r}")
        bracket = _BRACKETED.search(text) if text.endswith((")", "]")) else None
        if bracket and bracket.start() > 0 and self._agency_credit(bracket["tail"], alone=False):
            return Finding(f"credit in brackets at the end: {bracket.group()!r}")
        after = _after_last_sentence(text)
        if after and self._agency_credit(after[0], alone=after[1]):
            return Finding(f"agency credit after the caption: {after[0]!r}")
        return None

    def _labelled(self, folded: str) -> str | None:
        """The lead-in, when one and a colon open the line: "Photo: The minister arrives in
        Brussels on Monday." (short ones, "Photo: Reuters", are ``PhotoCredit``'s)."""
        head, colon, _ = folded.partition(":")
        return head if colon and head in self.credit_set else None

    def _lead_in(self, text: str) -> int | None:
        """Where a credit lead-in starts that ends the line with its sign and a credit
        ("... Foto: Jana Doe/dpa"), if one does, after some caption text.

        No word boundary is needed before the lead-in: scrapers glue the credit element on
        ("...im Luschniki-StadionBild: Pavel Golovkin/dpa"); ``_glued_or_spaced`` checks
        the case there, so that "Vorbild:" is no "Bild:".
        """
        sign, after = _last_sign(text)
        if sign <= 0:
            return None
        head = text[:sign].rstrip()
        folded_head = head.casefold()
        if not folded_head.endswith(self.credit_leads):
            return None
        length = max(len(lead) for lead in self.credit_leads if folded_head.endswith(lead))
        start = len(head) - length
        if start <= 0 or not _glued_or_spaced(text, start):
            return None
        return start if self._credit(text[after:].rstrip(")]")) else None

    def _credit(self, tail: str) -> bool:
        """A credit's length, no sentence end in it or after it, and the look of a name: a
        capital or a digit first, or a slash between names ("pressefoto_korb/picture
        alliance"). "The bigger picture: inflation is falling." is a sentence."""
        words = tail.split()
        if not 0 < len(words) <= self.max_credit_words or SENTENCE_END.search(tail):
            return False
        if any(w.endswith((".", "!", "?")) and len(w) > 3 for w in words[:-1]):
            return False
        return words[0][0].isupper() or words[0][0].isdigit() or "/" in tail

    def _agency_credit(self, tail: str, *, alone: bool) -> bool:
        """Agency names, and names beside them ("AFP / Jane Doe", "Unsplash/Kelly Sikkema"),
        or a lead-in and a colon ("Image: GETTY"); one agency ``alone`` is enough only when
        glued on (no space after the sentence end)."""
        if not self._credit(tail):
            return False
        folded = fold(tail)
        if folded.startswith(self.credit_leads) and _last_sign(folded)[0] > 0:
            return True  # "Image: GETTY", "File: Reuters"
        parts = [p for p in _CREDIT_PARTS.split(folded) if p]
        if not any(p in self.agencies for p in parts):
            return False
        return alone or len(parts) >= 2


def _glued_or_spaced(text: str, start: int) -> bool:
    """The lead-in starts a word, or is glued on as a capitalised word after a lower-case
    letter or a digit ("StadionBild:", "2021Bild:"), not the end of a word ("Vorbild:")."""
    before = text[start - 1]
    if not (before.isalnum() or before == "_"):
        return True
    return text[start].isupper() and (before.islower() or before.isdigit())
