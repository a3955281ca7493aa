"""The rules, and the default order they run in (the first to claim a block names its reason)."""

from __future__ import annotations

from .article import ArticleBody
from .base import BlockRule, PageState, Rule
from .boilerplate import Breadcrumb, LongNotice, MenuRun, TemplateLine
from .byline import AuthorLine, Dateline, GluedByline, PhotoCredit
from .captions import DuplicateCaption, RepeatedCaption
from .comments import CommentsSection
from .figure import CaptionLine, CreditedCaption
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
        LinkRun(),
        OrphanHeading(),
        OutsideMain(),  # HTML: blocks no other rule named, outside the article container
        ArticleBody(),
        RepeatedCaption(),  # last: labels it takes would no longer bound the body
    )


__all__ = ["BlockRule", "PageState", "Rule", "default_rules"]
