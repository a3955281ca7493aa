"""Page metadata from an HTML tree: JSON-LD ``NewsArticle`` first, then ``<meta>`` and Open
Graph, then what the page shows (``<title>``, a visible byline, ``<time datetime>``).

JSON-LD comes first because publishers fill it for search engines with the article's own
values (several authors as a list, the ISO date); ``<meta>`` tags are often site-wide
defaults ("author" = the site's name). Every value is stripped and bounded in length, so a
hostile page cannot push megabytes into a dataset column.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree

from ..model import PageMeta

# A metadata value longer than this is not a title, name or date (it is a page of text).
MAX_VALUE_CHARS = 300
# JSON-LD scripts above this size are product catalogues or app state, not article metadata.
MAX_JSONLD_CHARS = 200_000
ARTICLE_TYPES = frozenset(
    ["NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle", "BlogPosting", "LiveBlogPosting", "Report", "ScholarlyArticle", "TechArticle"]
)
_SPACE = re.compile(r"\s+")
_LANG = re.compile(r"^([a-zA-Z]{2})(?:[-_]|$)")

# Visible bylines, searched only when JSON-LD and <meta> named no author: elements with
# itemprop="author" and <a rel="author">, in document order. libxml2 tests a predicate on an
# element far more slowly than it collects the attributes of a name, so the test is made on
# the few ``itemprop`` and ``rel`` attributes, and the union sorts the parents back into
# document order: 2.5 times faster than ``descendant-or-self::*[@itemprop='author' or
# (self::a and @rel='author')]`` on the devset, the same elements.
_AUTHORS = etree.XPath("//@itemprop[.='author']/parent::* | //a/@rel[.='author']/parent::*")


def _source(element: etree._Element) -> str:
    """Which source an element is: JSON-LD, a meta tag, the title, a date, the canonical link."""
    tag = element.tag
    if tag == "link":
        return "link" if (element.get("rel") or "").lower() == "canonical" else "other"
    if tag == "script":
        return "script" if element.get("type") == "application/ld+json" else "other"
    if tag == "time":
        return "time" if element.get("datetime") else "other"
    if tag == "title":
        return "title" if element.getparent() is not None and element.getparent().tag == "head" else "other"
    return tag if tag == "meta" else "other"


_META_KEYS: dict[str, tuple[str, ...]] = {
    "title": ("og:title", "twitter:title", "dc.title", "sailthru.title", "parsely-title"),
    "author": ("author", "article:author", "dc.creator", "byl", "sailthru.author", "parsely-author"),
    "date": ("article:published_time", "og:published_time", "datepublished", "date", "dc.date",
             "dc.date.issued", "pubdate", "publish-date", "sailthru.date", "parsely-pub-date"),
    "section": ("article:section", "parsely-section", "section"),
    "site_name": ("og:site_name", "application-name", "twitter:site"),
    "canonical_url": ("og:url",),
    "lang": ("og:locale", "content-language", "dc.language", "language"),
}


def clean_value(value: object) -> str | None:
    """A metadata string, whitespace collapsed, bounded; None for empty or non-strings.

    >>> clean_value("  Storm   hits\\n coast "), clean_value(""), clean_value(3)
    ('Storm hits coast', None, None)
    """
    if not isinstance(value, str):
        return None
    text = _SPACE.sub(" ", value).strip()
    return text[:MAX_VALUE_CHARS] if text else None


def language_code(value: str | None) -> str | None:
    """ISO 639-1 code of a language tag or locale.

    >>> language_code("en-GB"), language_code("uk_UA"), language_code("english")
    ('en', 'uk', None)
    """
    match = _LANG.match(value.strip()) if value else None
    return match.group(1).lower() if match else None


def extract_meta(root: etree._Element, *, url: str | None = None) -> PageMeta:
    """Collect title, authors, date, section, language, canonical URL and site name."""
    found: dict[str, str] = {}
    elements: dict[str, list[etree._Element]] = {}
    for element in root.iter("script", "meta", "title", "time", "link"):  # one pass, in C
        elements.setdefault(_source(element), []).append(element)
    authors = _jsonld(elements.get("script", []), found)
    metas = _meta_tags(elements.get("meta", []))
    for key, names in _META_KEYS.items():
        if key not in found:
            value = next((metas[n] for n in names if metas.get(n)), None)
            if value:
                found[key] = value
    if not authors and found.get("author") and not found["author"].startswith("http"):
        authors = [found["author"]]
    authors = authors or _visible_authors(_AUTHORS(root))
    title = elements.get("title", [])
    found.setdefault("title", clean_value("".join(title[0].itertext())) or "" if title else "")
    time = elements.get("time", [])
    found.setdefault("date", clean_value(time[0].get("datetime")) or "" if time else "")
    links = elements.get("link", [])
    canonical = links[0].get("href") if links else None
    lang = language_code(root.get("lang") or root.get("xml:lang")) or language_code(found.get("lang"))
    return PageMeta(
        title=found.get("title") or None,
        author=", ".join(authors) or None,
        date=found.get("date") or None,
        section=found.get("section"),
        lang=lang,
        canonical_url=clean_value(canonical) or found.get("canonical_url") or None,
        site_name=found.get("site_name"),
        authors=tuple(authors),
    )


def _meta_tags(metas: list[etree._Element]) -> dict[str, str]:
    values: dict[str, str] = {}
    for meta in metas:
        key = meta.get("property") or meta.get("name") or meta.get("itemprop") or meta.get("http-equiv")
        value = clean_value(meta.get("content"))
        if key and value:
            values.setdefault(key.strip().lower(), value)
    return values


def _jsonld(scripts: list[etree._Element], found: dict[str, str]) -> list[str]:
    """Fill ``found`` from the first article object of the page's JSON-LD; return its authors."""
    for script in scripts:
        raw = script.text or ""
        if len(raw) > MAX_JSONLD_CHARS:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue  # broken JSON-LD is common; the <meta> tags still count
        for item in _objects(data):
            types = item.get("@type")
            types = types if isinstance(types, list) else [types]
            if not ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
                continue
            for key, field in (("title", "headline"), ("date", "datePublished"),
                               ("section", "articleSection"), ("lang", "inLanguage")):
                value = item.get(field)
                value = value[0] if isinstance(value, list) and value else value
                if clean_value(value):
                    found.setdefault(key, clean_value(value) or "")
            publisher = item.get("publisher")
            if isinstance(publisher, dict) and clean_value(publisher.get("name")):
                found.setdefault("site_name", clean_value(publisher.get("name")) or "")
            return _names(item.get("author"))
    return []


def _objects(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Dicts of a JSON-LD document: top-level objects, lists and ``@graph`` members."""
    if depth > 3:
        return
    if isinstance(data, list):
        for entry in data[:100]:
            yield from _objects(entry, depth + 1)
    elif isinstance(data, dict):
        yield data
        if "@graph" in data:
            yield from _objects(data["@graph"], depth + 1)


def _names(value: Any) -> list[str]:
    entries = value if isinstance(value, list) else [value]
    names = []
    for entry in entries[:20]:
        name = clean_value(entry.get("name") if isinstance(entry, dict) else entry)
        if name and not name.startswith("http") and name not in names:
            names.append(name)
    return names


def _visible_authors(candidates: list[etree._Element]) -> list[str]:
    """Names in the page's own byline markup: rel=author links and itemprop=author (byline
    classes vary too much by site to be worth a scan of every element's class)."""
    names: list[str] = []
    for element in candidates[:10]:
        name_el = element.find(".//*[@itemprop='name']")
        name = clean_value("".join((name_el if name_el is not None else element).itertext()))
        if name and len(name.split()) <= 6 and name not in names:
            names.append(name)
    return names


# Page-data scripts above this size are not parsed for a fallback text (the devset's largest
# ``__NEXT_DATA__`` is a few hundred kB; an app's whole state can be megabytes).
MAX_PAGE_DATA_CHARS = 3_000_000
# Nesting followed into page-data JSON (article bodies sit 4 to 8 levels down).
MAX_JSON_DEPTH = 24
# A string of page data counts as prose from this many characters with a space (labels, ids,
# URLs and class names are shorter or have none).
MIN_PROSE_CHARS = 40
_TAG = re.compile(r"<[^>]+>")
_HTML_BREAK = re.compile(r"</(?:p|div|h[1-6]|li|blockquote)>|<br\s*/?>", re.IGNORECASE)


def structured_text(root: etree._Element) -> str | None:
    """The article's text as the page gives it to machines, for pages that show none (client-
    rendered pages, or markup the segmenter cannot read): JSON-LD ``articleBody`` first, then
    the prose of a page-data script (``<script type="application/json">``, such as a
    framework's ``__NEXT_DATA__``). Of page data, the strings of one shape (the same keys
    down from the top, list positions ignored: ``props.page.article.blocks[].text``) that hold
    the most prose are taken, in order: an article is one long string or a list of paragraph
    objects, while teasers of other stories are short strings of another shape. How it fails:
    a page whose data holds a longer text than its article (a transcript, a gallery's
    captions) gives that text."""
    scripts = [s for s in root.iter("script") if s.get("type") in ("application/ld+json", "application/json")]
    for script in scripts:
        if script.get("type") == "application/ld+json":
            body = _jsonld_body(script.text or "")
            if body:
                return body
    best: list[str] = []
    for script in scripts:
        raw = script.text or ""
        if script.get("type") != "application/json" or len(raw) > MAX_PAGE_DATA_CHARS:
            continue
        data = _load(raw)
        if data is not None:
            best = max(best, _prose_group(data), key=lambda texts: sum(map(len, texts)))
    return "\n".join(best) or None


def _load(raw: str) -> Any:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _jsonld_body(raw: str) -> str | None:
    if len(raw) > MAX_JSONLD_CHARS:
        return None
    for item in _objects(_load(raw)):
        types = item.get("@type")
        types = types if isinstance(types, list) else [types]
        if ARTICLE_TYPES.intersection(t for t in types if isinstance(t, str)):
            body = item.get("articleBody")
            return _plain(body) if isinstance(body, str) else None
    return None


def _plain(text: str) -> str:
    """Lines of a string that may be HTML: tags dropped, a line per paragraph.

    >>> _plain("<p>One  two.</p><p>Three &amp; four.</p>")
    'One two.\\nThree & four.'
    """
    if "<" in text and ">" in text:
        import html

        text = html.unescape(_TAG.sub("", _HTML_BREAK.sub("\n", text)))
    lines = (" ".join(line.split()) for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _prose_group(data: Any) -> list[str]:
    """The prose strings of the JSON shape that holds the most prose (see ``structured_text``)."""
    groups: dict[str, list[str]] = {}
    stack: list[tuple[Any, str, int]] = [(data, "", 0)]
    while stack:
        value, shape, depth = stack.pop()
        if isinstance(value, str):
            if len(value) >= MIN_PROSE_CHARS and " " in value and not value.startswith(("http", "/", "{")):
                groups.setdefault(shape, []).append(_plain(value))
        elif depth < MAX_JSON_DEPTH and isinstance(value, dict):
            stack.extend((v, f"{shape}.{k}", depth + 1) for k, v in reversed(value.items()))
        elif depth < MAX_JSON_DEPTH and isinstance(value, list):
            stack.extend((v, f"{shape}[]", depth + 1) for v in reversed(value))
    return max(groups.values(), key=lambda texts: sum(map(len, texts)), default=[])
