"""The rules, and the default order they run in (the first to claim a block names its reason)."""

from __future__ import annotations

from .article import ArticleBody
from .base import BlockRule, PageState, Rule
from .bio import AuthorBio
from .boilerplate import Breadcrumb, LongNotice, MenuRun, TemplateLine
from .byline import AuthorLine, Dateline, GluedByline, PhotoCredit
from .captions import DuplicateCaption, RepeatedCaption
from .comments import CommentsSection
from .figure import CaptionLine, CreditedCaption, LeadCaption
from .labels import NavigationLabel, PromoLabel, ShareBar
from .lone_word import LoneWord
from .promo import CallToAction, PromoPhrase
from .sidebar import SidebarHeading
from .structure import (
    BoilerplateContainer,
    FigureCaption,
    LinkedInsert,
    LinkRun,
    NavigationContainer,
    OrphanHeading,
    OutsideMain,
    PromoContainer,
    SectionLabel,
    SidebarContainer,
)


def default_rules() -> tuple[Rule, ...]:
    """The rule set ``Cleaner()`` uses, in order.

    Order matters where two rules could claim a block: promo lines come before sidebars (a
    promo line right above "Other News" is a promo), sidebars before duplicate captions (a
    rail repeats each teaser title; the whole rail is a sidebar), bylines first so their
    values reach the metadata.
    """
    return (
        GluedByline(),
        AuthorLine(),
        Dateline(),
        PhotoCredit(),
        CaptionLine(),
        FigureCaption(),  # HTML only, as are the other structure rules
        PromoPhrase(),
        CallToAction(),
        SidebarHeading(),
        LinkedInsert(),
        CommentsSection(),
        PromoContainer(),
        SidebarContainer(),
        NavigationContainer(),
        BoilerplateContainer(),
        DuplicateCaption(),
        CreditedCaption(),  # after it: a credited copy of a duplicate is the duplicate's
        TemplateLine(),
        LongNotice(),
        Breadcrumb(),
        SectionLabel(),
        MenuRun(),
        LoneWord(),
        LeadCaption(),  # after the menus and skip links above the picture are taken
        LinkRun(),
        OrphanHeading(),
        OutsideMain(),  # HTML: blocks no other rule named, outside the article container
        ArticleBody(),
        # Last: a label line left free is one more short line to ArticleBody (a barrier
        # between the article and a rail); taken before it, it would be none, and the body
        # would reach over into the rail (devset text trafilatura CHECK P 0.849 -> 0.843).
        AuthorBio(),
        PromoLabel(),
        NavigationLabel(),
        ShareBar(),
        RepeatedCaption(),  # last: labels it takes would no longer bound the body
    )


__all__ = ["BlockRule", "PageState", "Rule", "default_rules"]
