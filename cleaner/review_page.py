"""``cleaner review``, the page half: one self-contained HTML file from a ``Review``.

Safety by construction: every string from the data goes through ``_text`` (HTML-escaped,
quotes too, and invisible controls shown as visible marks) and lands in element content or
a quoted attribute, never in the script or the style. The script and the style are fixed
files (``resources/review/``) and the page's Content-Security-Policy allows exactly those
two (by hash) and nothing else: no network, no other script, not even if escaping failed.
The charts are inline SVG drawn here; the script only filters and jumps, with nothing but
classes, ``hidden`` and ``textContent``.
"""

from __future__ import annotations

import base64
import hashlib
import html
import re
from collections.abc import Sequence
from importlib import resources

from . import __version__
from .reasons import Reason
from .review import LENGTH_BINS, Document, Review, Segment, Stats

# Okabe & Ito's palette (2008), told apart with the common colour-vision deficiencies; one
# per reason in ``Reason`` order, grey for a reason this version does not know.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#8C6D1F", "#6A3D9A")
UNKNOWN_COLOUR = "#777777"
# Characters that change how the text around them is drawn while being invisible themselves:
# bidirectional embeddings, overrides and isolates, zero-width spaces, the BOM. A document
# holding them is shown with each one as a visible mark, so the page shows what is there.
# (ZWJ/ZWNJ are left alone: Persian, Indic scripts and emoji need them.)
# ... and the C0/C1 control characters but tab and line breaks (a NUL, an escape sequence).
SHOWN_CONTROLS = re.compile(
    "[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f"
    "\u061c\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]"
)
# SVG user units, about CSS pixels at a chart's usual width: the charts scale to the screen
# (a phone shows them at about 0.8, so 13-unit text stays readable).
BAR_CHART_WIDTH = 440
BAR_HEIGHT = 22
LABEL_WIDTH = 130
VALUE_TEXT_WIDTH = 120  # room right of the longest bar for "1,234 · 56,789 chars"
LENGTH_CHART_WIDTH = 600
LENGTH_PLOT_HEIGHT = 120
LENGTH_CHART_TOP = 34  # the legend, and room for the counts above the tallest column


def reason_colours(names: Sequence[str]) -> dict[str, str]:
    """A colour for each reason: the palette's, by ``Reason`` order.

    >>> reason_colours(["promo", "new_reason"])
    {'promo': '#D55E00', 'new_reason': '#777777'}
    """
    known = {str(reason): PALETTE[i % len(PALETTE)] for i, reason in enumerate(Reason)}
    return {name: known.get(name, UNKNOWN_COLOUR) for name in names}


def _text(value: str) -> str:
    """Escaped for element content and quoted attributes; invisible controls made visible.

    >>> _text('<b x="1">\\u202e')
    '&lt;b x=&quot;1&quot;&gt;<span class="ctl">U+202E</span>'
    """
    escaped = html.escape(value, quote=True)  # touches none of the controls
    return SHOWN_CONTROLS.sub(lambda m: f'<span class="ctl">U+{ord(m[0]):04X}</span>', escaped)


def _attr(value: str) -> str:
    """For a quoted attribute: escaped, controls as ``U+XXXX`` (an attribute holds no markup).

    >>> _attr('"><img onerror=x>\\u200b')
    '&quot;&gt;&lt;img onerror=x&gt;U+200B'
    """
    return SHOWN_CONTROLS.sub(lambda m: f"U+{ord(m[0]):04X}", html.escape(value, quote=True))


def _asset(name: str) -> str:
    return resources.files("cleaner.resources").joinpath("review", name).read_text("utf-8")


def _csp_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def render_page(review: Review) -> str:
    """The whole page."""
    css, script = _asset("review.css"), _asset("review.js")
    reasons = sorted(set(review.stats.removals) | {r for d in review.documents for r in d.reasons})
    colours = reason_colours(reasons)
    # a reason from the data names a CSS class only when it is an identifier (always, for
    # cleaner's own): nothing else from the data reaches the style
    style = css + "".join(
        f".r-{name}{{--c:{colour}}}" for name, colour in colours.items() if name.isidentifier()
    )
    policy = (
        f"default-src 'none'; script-src {_csp_hash(script)}; style-src {_csp_hash(style)}; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )
    return "\n".join([
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{policy}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>cleaner review: {_text(review.source)}</title>",
        f"<style>{style}</style></head><body>",
        _header(review),
        _charts(review.stats, colours),
        _controls(review.documents, reasons),
        '<main id="docs">',
        *(_document(i, doc) for i, doc in enumerate(review.documents, start=1)),
        "</main>",
        f"<script>{script}</script>",
        "</body></html>",
    ])


def _header(review: Review) -> str:
    stats = review.stats
    kept = stats.documents - stats.rejected
    removed = sum(stats.removed_chars.values())
    facts = [
        f"{stats.documents:,} documents ({kept:,} kept, {stats.rejected:,} rejected as too short)",
        (
            f"{sum(stats.removals.values()):,} removals: {removed:,} of {stats.chars_before:,} "
            f"characters ({removed / max(stats.chars_before, 1):.1%})"
        ),
        f"statistics over {review.stats_over}; {len(review.documents)} documents sampled (seed {review.seed})",
    ]
    if stats.unreadable:
        facts.append(f"{stats.unreadable:,} records unreadable")
    items = "".join(f"<li>{_text(fact)}</li>" for fact in facts)
    return (
        f'<header><h1>Review of <span class="src">{_text(review.source)}</span></h1>'
        f'<ul class="facts">{items}</ul>'
        f'<p class="made">made by cleaner {_text(__version__)}</p></header>'
    )


# ---------------------------------------------------------------- charts


def _charts(stats: Stats, colours: dict[str, str]) -> str:
    by_reason = [
        (name, count, f"{count:,} · {stats.removed_chars[name]:,} chars", f"r-{name}")
        for name, count in stats.removals.most_common()
    ]
    by_lang = [(name, count, f"{count:,} in {stats.docs_by_lang[name]:,} docs", "lang")
               for name, count in stats.by_lang.most_common()]
    return (
        '<section id="charts" class="charts">'
        + _figure("chart-reasons", "Removals per reason", _bar_chart(by_reason))
        + _figure("chart-langs", "Removals per language", _bar_chart(by_lang))
        + _figure("chart-lengths", "Document length, characters: before and after cleaning",
                  _length_chart(stats))
        + "</section>"
    )


def _figure(id_: str, caption: str, svg: str) -> str:
    return f'<figure id="{id_}"><figcaption>{_text(caption)}</figcaption>{svg}</figure>'


def _bar_chart(bars: Sequence[tuple[str, int, str, str]]) -> str:
    """Horizontal bars: (label, value, value text, css class)."""
    if not bars:
        return '<p class="empty">nothing removed</p>'
    top = max(value for _, value, _, _ in bars) or 1
    room = BAR_CHART_WIDTH - LABEL_WIDTH - VALUE_TEXT_WIDTH
    height = BAR_HEIGHT * len(bars) + 4
    rows = []
    for i, (label, value, shown, css) in enumerate(bars):
        y = i * BAR_HEIGHT + 2
        width = max(1, round(room * value / top))
        rows.append(
            f'<g class="bar {_attr(css)}"><text x="{LABEL_WIDTH - 6}" y="{y + 15}" text-anchor="end">'
            f"{_text(label)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y + 3}" width="{width}" height="{BAR_HEIGHT - 6}"></rect>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 15}">{_text(shown)}</text></g>'
        )
    return (
        f'<svg role="img" viewBox="0 0 {BAR_CHART_WIDTH} {height}" '
        f'preserveAspectRatio="xMinYMin meet">{"".join(rows)}</svg>'
    )


def _length_chart(stats: Stats) -> str:
    """Paired columns per length bin: documents before (kept + removed) and after."""
    labels = [f"≤{_short(b)}" for b in LENGTH_BINS] + [f">{_short(LENGTH_BINS[-1])}"]
    top = max([*stats.before.values(), *stats.after.values(), 1])
    step = (LENGTH_CHART_WIDTH - 20) / len(labels)
    parts = [  # the legend
        '<rect class="before" x="10" y="2" width="12" height="12"></rect>',
        '<text x="27" y="13">before (kept + removed)</text>',
        '<rect class="after" x="210" y="2" width="12" height="12"></rect>',
        '<text x="227" y="13">after (kept)</text>',
    ]
    bottom = LENGTH_CHART_TOP + LENGTH_PLOT_HEIGHT
    for i, label in enumerate(labels):
        x = 10 + i * step
        for j, (series, counts) in enumerate((("before", stats.before), ("after", stats.after))):
            parts.append(_column(series, counts.get(i, 0), top, x + 3 + j * (step / 2 - 2), step / 2 - 5))
        parts.append(f'<text x="{x + step / 2:.1f}" y="{bottom + 18}" text-anchor="middle">{label}</text>')
    return (
        f'<svg class="lengths" role="img" viewBox="0 0 {LENGTH_CHART_WIDTH} {bottom + 24}" '
        f'preserveAspectRatio="xMinYMin meet">{"".join(parts)}</svg>'
    )


def _column(series: str, value: int, top: int, x: float, width: float) -> str:
    """One column of the length chart, its count above it."""
    height = round(LENGTH_PLOT_HEIGHT * value / top)
    y = LENGTH_CHART_TOP + LENGTH_PLOT_HEIGHT - height
    count = (
        f'<text class="count" x="{x + width / 2:.1f}" y="{y - 3}" text-anchor="middle">{value:,}</text>'
        if value else ""
    )
    return (
        f'<rect class="{series}" x="{x:.1f}" y="{y}" width="{width:.1f}" height="{height}">'
        f"<title>{series}: {value:,} documents</title></rect>{count}"
    )


def _short(chars: int) -> str:
    """A bin bound as a label.

    >>> _short(300), _short(30_000)
    ('300', '30k')
    """
    return f"{chars // 1000}k" if chars >= 1000 and chars % 1000 == 0 else str(chars)


# ---------------------------------------------------------------- controls and documents


def _controls(documents: Sequence[Document], reasons: Sequence[str]) -> str:
    options = "".join(
        f'<option value="{_attr(name)}">{_text(name)}</option>' for name in reasons
    )
    jumps = "".join(
        f'<option value="doc-{i}">{i}. {_text(_label(doc))}</option>'
        for i, doc in enumerate(documents, start=1)
    )
    legend = "".join(
        f'<li class="r-{_attr(name)}"><span class="swatch"></span>{_text(name)}</li>' for name in reasons
    )
    return (
        '<nav id="controls" aria-label="review controls">'
        '<label><span class="lt">Reason</span> <select id="reason-filter">'
        '<option value="">all reasons</option>'
        f"{options}</select></label>"
        '<button type="button" id="prev" aria-label="previous document">&#8593; prev</button>'
        '<button type="button" id="next" aria-label="next document">&#8595; next</button>'
        f'<label><span class="lt">Document</span> <select id="jump">{jumps}</select></label>'
        '<span id="shown-count" aria-live="polite"></span>'
        f'<ul class="legend">{legend}</ul></nav>'
    )


def _label(doc: Document) -> str:
    title = dict(doc.meta).get("title") or doc.id or "untitled"
    return title if len(title) <= 60 else title[:59] + "…"


def _document(number: int, doc: Document) -> str:
    meta = "".join(
        f'<dt>{_text(name)}</dt><dd dir="auto">{_text(value)}</dd>' for name, value in doc.meta
    )
    body = "".join(_segment(f"{number}-{i}", s) for i, s in enumerate(doc.segments))
    more = (
        f'<p class="more">… {doc.hidden_chars:,} more characters not shown</p>'
        if doc.hidden_chars else ""
    )
    how = "the input, removals marked" if doc.exact else "kept lines and removals, in input order"
    return (
        f'<article id="doc-{number}" class="doc" data-reasons="{_attr(" ".join(doc.reasons))}" '
        f'tabindex="-1"><h2>{number}. <span dir="auto">{_text(_label(doc))}</span></h2>'
        f'<p class="id">{_text(doc.id)} · {_text(how)}</p><dl class="meta">{meta}</dl>'
        f'<div class="text" dir="auto">{body}</div>{more}</article>'
    )


def _segment(key: str, segment: Segment) -> str:
    removal = segment.removal
    if removal is None:
        css = ' class="title"' if segment.is_title else ""
        return f"<span{css}>{_text(segment.text)}</span>"
    tip = f"{removal.reason} · {removal.rule} · {removal.evidence}"
    return (
        f'<mark class="rm r-{_attr(removal.reason)}" data-reason="{_attr(removal.reason)}" '
        f'tabindex="0" aria-describedby="tip-{key}">{_text(segment.text)}'
        f'<span class="tip" role="tooltip" id="tip-{key}">{_text(tip)}</span></mark>'
    )
