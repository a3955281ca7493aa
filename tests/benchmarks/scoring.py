"""The devset and its metric (../shared/devset/README.md), shared by the benchmark scripts.

Readability and fundus sets: 4-token shingles of ``\\w+`` tokens, precision and recall averaged
over pages, F1 of the two means (the Article Extraction Benchmark's metric). Trafilatura set:
``with`` snippets found and ``without`` snippets wrongly kept, counted over all pages.

Leave-publisher-out: ``part_of`` puts every page of one site into the same part, TUNE or
CHECK, so that rules tuned on TUNE pages can be checked on sites they never saw.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def devset_root() -> Path:
    """The shared devset: ``$CLEANER_DEVSET`` or ``../shared/devset`` beside the checkout."""
    env = os.environ.get("CLEANER_DEVSET")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "devset"


def read_jsonl_gz(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def text_pages(name: str) -> list[dict]:
    """Text dumps of one set ("readability", "trafilatura" or "fundus"): id, url, dump, labels.

    The dumps carry the text labels only; the manifest's other labels (fundus's ``title``,
    ``authors``, ``publisher``) are added by page id, so both modes score the same fields.
    """
    labels = {r["id"]: r for r in read_jsonl_gz(devset_root() / name / "manifest.jsonl.gz")}
    pages = []
    for record in read_jsonl_gz(devset_root() / "text" / f"{name}.jsonl.gz"):
        extra = labels.get(record["id"], {})
        pages.append({**{k: v for k, v in extra.items() if k != "file"}, **record})
    return pages


def html_pages(name: str) -> list[dict]:
    """HTML pages of one set with their raw bytes under ``html``."""
    folder = devset_root() / name
    pages = []
    for record in read_jsonl_gz(folder / "manifest.jsonl.gz"):
        with gzip.open(folder / record["file"], "rb") as handle:
            record["html"] = handle.read()
        pages.append(record)
    return pages


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


@dataclass
class ShingleScore:
    """Mean precision and recall over pages, and their F1."""

    precision_sum: float = 0.0
    recall_sum: float = 0.0
    pages: int = 0

    def add(self, output: str, gold: str) -> None:
        out, ref = _shingles(output), _shingles(gold)
        tp = sum((out & ref).values())
        n_out, n_ref = sum(out.values()), sum(ref.values())
        self.precision_sum += tp / n_out if n_out else (1.0 if not n_ref else 0.0)
        self.recall_sum += tp / n_ref if n_ref else 1.0
        self.pages += 1

    @property
    def precision(self) -> float:
        return self.precision_sum / self.pages if self.pages else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.pages if self.pages else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SnippetScore:
    """``with`` snippets found and ``without`` snippets kept, over all pages."""

    found_with: int = 0
    all_with: int = 0
    kept_without: int = 0

    def add(self, output: str, with_: list[str], without: list[str]) -> None:
        flat = _SPACE.sub(" ", output)
        for snippet in with_:
            self.all_with += 1
            self.found_with += _SPACE.sub(" ", snippet).strip() in flat
        for snippet in without:
            self.kept_without += _SPACE.sub(" ", snippet).strip() in flat

    @property
    def precision(self) -> float:
        kept = self.found_with + self.kept_without
        return self.found_with / kept if kept else 0.0

    @property
    def recall(self) -> float:
        return self.found_with / self.all_with if self.all_with else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


# --- leave-publisher-out ---------------------------------------------------------------------

SETS = ("readability", "trafilatura", "fundus")
PARTS = ("tune", "check")

# Second-level labels under which a country code's sites register (example.co.uk, example.com.au,
# example.co.kr): the registered domain is then three labels, not two. A short list rather than the
# public suffix list: it covers every host in the devset, and the split only has to keep the
# pages of one site together.
_SECOND_LEVEL = frozenset({"co", "com", "net", "org", "gov", "ac", "edu", "or", "ne", "go"})
_ARCHIVED = re.compile(r"^https?://web\.archive\.org/web/[^/]+/(.+)$")
_NUMBERED = re.compile(r"-\d+$")


def registered_domain(host: str) -> str:
    """The domain a site registered: the last two labels, three under a country's ``co.``.

    >>> registered_domain("www.example.co.uk"), registered_domain("de.example.com")
    ('example.co.uk', 'example.com')
    """
    labels = host.lower().strip(".").split(".")
    size = 3 if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2 else 2
    return ".".join(labels[-size:])


def site_of(page: dict) -> str:
    """The site a page comes from, the unit of the leave-publisher-out split.

    The registered domain of the page's URL (of the archived URL for a web.archive.org copy).
    Two sets need more: readability's test pages all carry ``http://fakehost/...``, so their
    id stands for the site, less a trailing number (``paper-3`` -> ``paper``); a few
    trafilatura pages carry only a file name, ``hard::<host>-<slug>.html`` or
    ``hard::<host>.<slug>.html``, whose host is read from it.

    >>> site_of({"id": "paper-3", "url": "http://fakehost/test/page.html"})
    'paper'
    >>> site_of({"id": "t1", "url": "hard::example-news.com-story.html"})
    'example-news.com'
    >>> site_of({"id": "t2", "url": "hard::www.example.de.story.html"})
    'example.de'
    >>> site_of({"id": "t3", "url": "https://web.archive.org/web/2008/http://www.example.de/a"})
    'example.de'
    """
    url = page.get("url") or ""
    if url.startswith("hard::"):
        name = url[len("hard::") :].removesuffix(".html")
        # The slug follows the top-level label after a "-" or as a label of its own.
        head, _, last = name.rpartition(".")
        host = f"{head}.{last.split('-', 1)[0]}" if "-" in last else head
        return registered_domain(host)
    archived = _ARCHIVED.match(url)
    host = urlsplit(archived.group(1) if archived else url).hostname or ""
    if not host or host == "fakehost":
        return _NUMBERED.sub("", str(page["id"]))
    return registered_domain(host)


def part_of(page: dict, rotate: int = 0) -> str:
    """TUNE or CHECK for a page, the same for every page of its site.

    A hash of the site (not Python's ``hash``, which changes between runs) decides, so the
    split is the same in every script and every run; ``rotate`` picks another split of the
    same kind (about half of the sites, hence of the pages, in each part).
    """
    digest = hashlib.blake2b(f"{rotate}:{site_of(page)}".encode(), digest_size=8).digest()
    return PARTS[int.from_bytes(digest, "big") % len(PARTS)]


# --- per-page diagnostics --------------------------------------------------------------------

_NORM = re.compile(r"[\W_]+")
# A line counts as present in the other text when at least half of its shingles are there
# (a line cut at a link or re-wrapped still counts); a line of under 4 tokens, when its tokens
# occur there in a row.
PRESENT_SHARE = 0.5


def shingle_recall(kept: str, gold: str) -> float | None:
    """The share of ``gold``'s shingles (as a multiset) that ``kept`` has; None without any."""
    ref = _shingles(gold)
    total = sum(ref.values())
    return sum((_shingles(kept) & ref).values()) / total if total else None


def absent_lines(text: str, other: str, limit: int) -> list[str]:
    """The first ``limit`` lines of ``text`` that ``other`` does not have (see PRESENT_SHARE):
    gold lines an output misses, or output lines that are not in the gold.

    >>> absent_lines("Kept line here, fully kept.\\nMenu\\nA lost line of the article text.",
    ...              "Kept line here, fully kept. Other", 5)
    ['Menu', 'A lost line of the article text.']
    """
    other_tokens = _TOKEN.findall(other)
    other_shingles = set(_shingles(other))
    flat = f" {' '.join(other_tokens)} "
    found: list[str] = []
    for line in text.splitlines():
        tokens = _TOKEN.findall(line)
        if not tokens:
            continue
        windows = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
        if windows:
            present = sum(w in other_shingles for w in windows) >= PRESENT_SHARE * len(windows)
        else:
            present = f" {' '.join(tokens)} " in flat
        if not present and line.strip() not in found:
            found.append(line.strip())
            if len(found) >= limit:
                break
    return found


# --- metadata --------------------------------------------------------------------------------

# Token F1 at which a title counts as matching though not equal: a site suffix or a kicker
# word ("Live:") costs one or two tokens of a ten-token headline.
TITLE_TOKEN_F1 = 0.9
_AUTHOR_SEPARATORS = re.compile(r"\s*[,;]\s*")


def normalise(text: str) -> str:
    """Casefold, and collapse whitespace (NBSP included).

    >>> normalise("  Iconic  Jasper\\u00a0Resort ")
    'iconic jasper resort'
    """
    return " ".join(text.casefold().split())


def author_set(authors: str | list[str] | None) -> frozenset[str]:
    """Normalised author names: a list as given, a string split at commas and semicolons
    (cleaner joins its names with ", ", trafilatura with "; ").

    >>> sorted(author_set("Paula  Steiger, SDA"))
    ['paula steiger', 'sda']
    """
    if not authors:
        return frozenset()
    names = _AUTHOR_SEPARATORS.split(authors) if isinstance(authors, str) else authors
    return frozenset(n for n in map(normalise, names) if n)


def title_token_f1(found: str | None, gold: str) -> float:
    """F1 of the two titles' ``\\w+`` tokens (casefolded, as multisets)."""
    out = Counter(_TOKEN.findall((found or "").casefold()))
    ref = Counter(_TOKEN.findall(gold.casefold()))
    tp = sum((out & ref).values())
    if not tp:
        return 0.0
    p, r = tp / sum(out.values()), tp / sum(ref.values())
    return 2 * p * r / (p + r)


@dataclass
class MetaScore:
    """Author-set exact matches, author overlap (one gold name found), title equality and
    title token F1 >= TITLE_TOKEN_F1, over the pages with a gold value."""

    author_pages: int = 0
    author_exact: int = 0
    author_overlap: int = 0
    title_pages: int = 0
    title_exact: int = 0
    title_close: int = 0

    def add(self, page: dict, title: str | None, authors: str | list[str] | None) -> None:
        gold_authors = author_set(page.get("authors"))
        if gold_authors:
            found = author_set(authors)
            self.author_pages += 1
            self.author_exact += found == gold_authors
            self.author_overlap += bool(found & gold_authors)
        gold_title = page.get("title") or ""
        if gold_title.strip():
            self.title_pages += 1
            self.title_exact += normalise(title or "") == normalise(gold_title)
            self.title_close += title_token_f1(title, gold_title) >= TITLE_TOKEN_F1
