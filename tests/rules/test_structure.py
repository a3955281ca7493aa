"""The DOM-evidence rules, on blocks built directly (rules never see a parse tree)."""

from __future__ import annotations

import pytest

from cleaner.model import Block, Page, PageMeta
from cleaner.rules.base import PageState
from cleaner.rules.structure import (
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
from cleaner.segment.text import segment_text

PROSE = ("The council met on Tuesday and, after a long debate that ran past midnight, agreed to "
         "fund the new library in the old post office building on the main square. Work on the "
         "building will start in the autumn, and the library should open its doors to readers next year.")


def block(index: int, text: str, *, kind: str = "paragraph", context: tuple[str, ...] = (), links: int = 0,
          verdict: str = "good") -> Block:
    return Block(index, text, index * 1000, index * 1000 + len(text), index + 1, index + 1, kind=kind, path="body/div/p",
                 context=frozenset(context), link_chars=links, verdict=verdict)


def run(rule, blocks, main=()):
    spans = tuple((blocks[a].start, blocks[b].end) for a, b in main)
    page = Page(blocks=tuple(blocks), source="", kind="html", meta=PageMeta(main_spans=spans))
    state = PageState(taken=[False] * len(blocks), title_index=None, lang="en")
    return [(index, finding.last) for index, finding in rule.find(page, state)]


def test_figure_caption_by_kind_figure_and_class_word():
    blocks = [block(0, "Waves broke over the wall.", kind="caption"),
              block(1, "Photo: Anna Berg", context=("figure", "div")),
              block(2, "A rescued dog on the pier.", context=("div", "caption")),
              block(3, PROSE)]
    assert run(FigureCaption(), blocks) == [(0, None), (1, None), (2, None)]


def test_figure_caption_leaves_long_prose_in_a_badly_named_box():
    long_text = " ".join([PROSE] * 3)
    assert run(FigureCaption(), [block(0, long_text, context=("div", "caption"))]) == []


def test_figure_caption_takes_a_gallery_slide_legend_of_any_length():
    long_text = " ".join([PROSE] * 3)
    assert run(FigureCaption(), [block(0, long_text, context=("div", "gallery", "legends"))]) == [(0, None)]


@pytest.mark.parametrize("rule, words", [
    (SidebarContainer(), ("aside",)), (SidebarContainer(), ("div", "related")),
    (PromoContainer(), ("div", "newsletter")), (NavigationContainer(), ("div", "share")),
    (BoilerplateContainer(), ("section", "comments")),
])
def test_container_words_name_the_box(rule, words):
    assert run(rule, [block(0, "Short teaser line", context=words, verdict="bad")]) == [(0, None)]


def test_prose_inside_the_article_survives_a_misleading_container_word():
    blocks = [block(0, PROSE, context=("div", "more"))]
    assert run(SidebarContainer(), blocks, main=((0, 0),)) == []
    assert run(SidebarContainer(), blocks) == [(0, None)]  # outside a known article: a teaser blurb


def test_comments_are_removed_even_when_they_are_prose():
    blocks = [block(0, PROSE, context=("li", "comment"))]
    assert run(BoilerplateContainer(), blocks, main=((0, 0),)) == [(0, None)]


def test_link_run_claims_three_link_only_blocks():
    links = [block(i, f"Teaser headline number {i}", links=len(f"Teaser headline number {i}"), verdict="bad")
             for i in range(1, 4)]
    assert run(LinkRun(), [block(0, PROSE), *links, block(4, PROSE)]) == [(1, 3)]


def test_link_run_keeps_a_list_a_paragraph_introduces():
    intro = block(0, "The report draws on three data sets:")
    links = [block(i, f"Data set {i}, 2023", links=len(f"Data set {i}, 2023")) for i in range(1, 4)]
    assert run(LinkRun(), [intro, *links]) == []


def test_link_run_needs_three():
    links = [block(i, f"Previous story {i}", links=16) for i in range(2)]
    assert run(LinkRun(), links) == []


def test_linked_insert_needs_the_label_and_the_link():
    text = "Read also: Rail fares to rise by four per cent in June"
    assert run(LinkedInsert(), [block(0, text, links=len(text) - 11)]) == [(0, None)]
    assert run(LinkedInsert(), [block(0, text)]) == []  # no link: a sentence that starts so
    other = "Rail fares to rise by four per cent in June"
    assert run(LinkedInsert(), [block(0, other, links=len(other))]) == []


def test_section_label_needs_the_metadata_to_name_it():
    blocks = [block(0, "Local news", links=10), block(1, PROSE)]
    page = Page(blocks=tuple(blocks), source="", kind="html", meta=PageMeta(section="Local News"))
    state = PageState(taken=[False, False], title_index=None, lang="en")
    assert [i for i, _ in SectionLabel().find(page, state)] == [0]
    assert run(SectionLabel(), blocks) == []


def test_outside_main_claims_runs_around_the_article():
    blocks = [block(i, f"Block {i}") for i in range(6)]
    assert run(OutsideMain(), blocks, main=((2, 3),)) == [(0, 1), (4, 5)]
    assert run(OutsideMain(), blocks) == []  # no container known: nothing is outside


def test_structure_rules_find_nothing_on_text_input():
    page = segment_text("Headline here\n\nPhoto: Anna Berg\n\nRead also: Another story\n\n" + PROSE)
    state = PageState(taken=[False] * len(page.blocks), title_index=None, lang="en")
    for rule in (FigureCaption(), SidebarContainer(), PromoContainer(), NavigationContainer(),
                 BoilerplateContainer(), LinkRun(), LinkedInsert(), SectionLabel(), OutsideMain()):
        assert list(rule.find(page, state)) == []


def _heading(index: int, text: str, level: int) -> Block:
    return Block(index, text, index * 1000, index * 1000 + len(text), index + 1, index + 1, kind="heading",
                 path=f"body/article/h{level}.title", verdict="bad")


def _with_taken(blocks, taken):
    page = Page(blocks=tuple(blocks), source="", kind="html")
    marks = [i in taken for i in range(len(blocks))]
    state = PageState(taken=marks, title_index=None, lang="en")
    found = []
    for index, finding in OrphanHeading().find(page, state):
        marks[index] = True  # the pipeline claims each finding before the rule goes on
        found.append((index, finding.evidence))
    return found


def test_orphan_heading_goes_with_its_removed_section():
    blocks = [_heading(0, "What the council decided", 2), block(1, PROSE),
              _heading(2, "Related stories", 3), block(3, "Fares rise in June", links=18), block(4, "Strike off", links=10),
              _heading(5, "Share this story", 3), block(6, "Facebook", links=8)]
    assert _with_taken(blocks, {3, 4, 6}) == [(5, "its section (1 blocks) was removed"),
                                              (2, "its section (2 blocks) was removed")]


def test_heading_stays_while_any_of_its_section_stays():
    # An h2 over a removed caption and an h3 with prose: the subsection is the h2's content.
    blocks = [_heading(0, "In pictures", 2), block(1, "Waves broke over the wall.", kind="caption"),
              _heading(2, "The night of the storm", 3), block(3, PROSE),
              _heading(4, "Last words", 2)]  # nothing under it at all: not an orphan of removals
    assert _with_taken(blocks, {1}) == []


def test_a_removed_subsection_makes_its_parent_an_orphan_too():
    blocks = [block(0, PROSE), _heading(1, "More from the desk", 2), _heading(2, "Elsewhere", 3),
              block(3, "Teaser one", links=10), _heading(4, "Next story", 2), block(5, PROSE)]
    assert [i for i, _ in _with_taken(blocks, {3})] == [2, 1]
