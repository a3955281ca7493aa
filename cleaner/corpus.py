"""Learn a site's template from its pages: blocks that recur in many documents of one source.

A promo line that closes every article of a site, a teaser headline under hundreds of its
pages, a byline format: on one page each can read like prose; across the site it is plainly
template, in any language, with no phrase list. ``learn`` finds them:

1. **map** (``count_shard``): segment each document with the pipeline's segmenter, fingerprint
   every short block (``Block.key`` with digits masked, hashed to 64 bits), and count each
   fingerprint once per document, per source (host, or registered domain);
2. **reduce** (``SiteCounts.merge``): add the per-shard counts. Counts are exact and addition is
   commutative and associative, so the result does not depend on the number of shards,
   processes or the input order;
3. **decide** (``build_model``): keep, per source with enough documents, the fingerprints whose
   document frequency passes the thresholds. The ``SiteModel`` is small (only the template) and
   is what the ``site_repeat`` rule reads.

Memory: counts are kept exactly, as sorted numpy arrays of (source id, fingerprint, count):
20 bytes per distinct pair (8 + 8 + 4), compacted as documents stream in. Long blocks (prose)
are never counted, which is both a guard rail and most of the saving. A count-min sketch would
bound memory further but only ever overestimates, and an overestimate here removes an article
line; ``tests/benchmarks/corpus_learn.py`` measures how many (100,000 documents of 1,000
sites: about a third as many false template blocks as true ones at a quarter of the memory).

Guard rails: a source needs ``min_docs`` documents before anything is learned; a block must
occur in ``min_df`` documents and in a share of them (``min_share`` for sentences and one- or
two-word lines, ``min_share_line`` for label-like lines of three words or more); a block
longer than ``max_words`` is never learned nor removed (a quote or agency paragraph reused by
two articles is content), nor is a bare number; a block repeated inside one document counts
once.
"""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import math
import re
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import IO, Any
from urllib.parse import urlsplit

import numpy as np

from . import resources
from .errors import ConfigError, InputError
from .model import Block, Page
from .segment.text import segment_text

SOURCE_MODES = ("host", "domain")
MODEL_FORMAT = "cleaner.site-model/1"
COUNTS_MAGIC = b"cleaner.site-counts/1\n"

# Devset article paragraphs (readability gold, 7,305 paragraphs): median 11 words, 75th
# percentile 32. Promo lines, teasers and bylines in fixtures/corpus run 3-22 words, cookie
# notices about 40 (TemplateLine takes those). Above this a block is prose: never learned.
MAX_WORDS = 30
# Below this many documents a share means little (3 of 5 pages is chance, not a template).
MIN_DOCS = 10
# A block must be in at least this many documents of the source, whatever the share.
MIN_DF = 5
# A sentence (ends in . ! ? ...) must be in this share of the source's documents: a promo line
# closes nearly every article (fixtures: 100%); a stock sentence of the news ("No one was
# injured.") recurs in a few percent.
MIN_SHARE = 0.30
# A label-like line of 3+ words (no terminal punctuation: a teaser headline, a byline) needs
# a smaller share: teasers rotate, so each shows under a fraction of the pages. Article
# headlines are safe: on its own page the headline is the title, which no rule removes.
MIN_SHARE_LINE = 0.05
# Lines shorter than this need the sentence share (see ``strict``).
SHORT_LINE_WORDS = 3
# Pending (source, fingerprint) pairs buffered before they are folded into the sorted counts.
COMPACT_EVERY = 1 << 20

_DIGITS = re.compile(r"\d+")
_LETTER = re.compile(r"[^\W\d_]")
_HOST = re.compile(r"[\w-]+(?:\.[\w-]+)*|\[?[0-9a-f:.]+\]?")


def source_of(url: str | None, *, by: str = "host") -> str | None:
    """The source a document belongs to: its host without ``www.``, or its registered domain.

    A value without ``://`` is read as a host name (``example.com/path``), so a dataset's own
    ``source`` column works as well as a URL.

    >>> source_of("https://WWW.Example.com:8080/a/b")
    'example.com'
    >>> source_of("https://news.bbc.co.uk/x", by="domain"), source_of("news.example.com/x", by="domain")
    ('bbc.co.uk', 'example.com')
    >>> source_of("") is None
    True
    """
    if by not in SOURCE_MODES:
        raise ConfigError(f"unknown source mode {by!r}; use one of {list(SOURCE_MODES)}")
    if not url or not url.strip():
        return None
    text = url.strip()
    try:
        host = urlsplit(text if "://" in text else f"//{text}").hostname
    except ValueError:
        return None
    host = (host or "").rstrip(".").removeprefix("www.")
    if not _HOST.fullmatch(host):
        return None
    return registered_domain(host) if by == "domain" else host


def registered_domain(host: str) -> str:
    """The registrable domain of a host, by the Public Suffix List with its private section,
    so each ``*.blogspot.com`` blog and each ``*.k12.ca.us`` school is a site of its own. An
    IP address, or a host that is itself a public suffix, stays as it is.

    >>> registered_domain("m.news.example.com.ua"), registered_domain("127.0.0.1")
    ('example.com.ua', '127.0.0.1')
    >>> registered_domain("a.blogspot.com"), registered_domain("news.school.k12.ca.us")
    ('a.blogspot.com', 'school.k12.ca.us')
    """
    if host.rsplit(".", 1)[-1].isdigit():
        return host
    return _public_suffixes().privatesuffix(host) or host


@cache
def _public_suffixes() -> Any:
    """The list shipped inside the ``publicsuffixlist`` package: no network, ever."""
    from publicsuffixlist import PublicSuffixList

    return PublicSuffixList()


def block_digest(block: Block) -> int:
    """The fingerprint counted for a block: ``Block.key`` with digit runs masked, hashed.

    64 bits of BLAKE2b; the lowest bit is set when the block needs the sentence share
    (``strict``), clear for a label-like line that needs only the line share. Digits are masked
    so "Updated 14:55" lines of one site fall together.

    >>> from cleaner.segment.text import segment_text
    >>> a, b, c = segment_text("Updated 14:55 local time\\nupdated 9:05 local time\\nConclusion").blocks
    >>> block_digest(a) == block_digest(b), block_digest(a) & 1, block_digest(c) & 1
    (True, 0, 1)
    """
    basis = _DIGITS.sub("0", block.key).encode("utf-8")
    value = int.from_bytes(hashlib.blake2b(basis, digest_size=8).digest(), "big")
    return (value & ~1) | int(strict(block))


def strict(block: Block) -> bool:
    """True when a block needs ``min_share`` rather than ``min_share_line``: a sentence, or a
    line of one or two words.

    Short lines recur in articles as well as in templates: "Conclusion", "Background" head
    sections of many posts of one blog (devset: such headings were 4 of the 66 lines a 5%
    share took when the 94 readability pages were learned as one site); template labels such
    as "Advertisement" or "Share" are on most pages anyway. Teasers and bylines run longer.
    """
    return block.ends_sentence or block.word_count < SHORT_LINE_WORDS


def _source_id(source: str) -> int:
    return int.from_bytes(hashlib.blake2b(source.encode("utf-8"), digest_size=8).digest(), "big")


Segmenter = Callable[[str], Page]


def document_digests(text: str, *, max_words: int = MAX_WORDS, segment: Segmenter = segment_text) -> set[int]:
    """The fingerprints a document contributes (each once, however often it repeats).

    ``segment`` must be the segmenter the documents will be cleaned with (text or HTML), so
    that the blocks counted are the blocks the rule sees.
    """
    return {block_digest(b) for b in segment(text).blocks if countable(b, max_words=max_words)}


def countable(block: Block, *, max_words: int) -> bool:
    """Blocks that can be template: not prose (``max_words``), and not a bare number, which
    digit masking would make one with every other number (table cells, prices, page numbers).

    >>> from cleaner.segment.text import segment_text
    >>> [countable(b, max_words=5) for b in segment_text("Share this\\n$915\\n2 of 3\\nSix words are one too many").blocks]
    [True, False, True, False]
    """
    return block.word_count <= max_words and bool(_LETTER.search(block.key))


@dataclass(frozen=True)
class LearnSettings:
    """What is counted (``by``, ``max_words``) and what is learned (the thresholds)."""

    by: str = "host"  # host | domain: what makes two documents the same source
    max_words: int = MAX_WORDS
    min_docs: int = MIN_DOCS
    min_df: int = MIN_DF
    min_share: float = MIN_SHARE
    min_share_line: float = MIN_SHARE_LINE

    def __post_init__(self) -> None:
        if self.by not in SOURCE_MODES:
            raise ConfigError(f"unknown source mode {self.by!r}; use one of {list(SOURCE_MODES)}")
        for name in ("max_words", "min_docs", "min_df"):
            if getattr(self, name) < 1:
                raise ConfigError(f"{name} must be >= 1, got {getattr(self, name)}")
        for name in ("min_share", "min_share_line"):
            if not 0.0 < getattr(self, name) <= 1.0:
                raise ConfigError(f"{name} must be in (0, 1], got {getattr(self, name)}")

    def min_count(self, docs: int, *, strict: bool) -> int:
        """Documents a block must be in, for a source of ``docs`` documents.

        >>> LearnSettings().min_count(230, strict=True), LearnSettings().min_count(230, strict=False)
        (69, 12)
        """
        share = self.min_share if strict else self.min_share_line
        # round() first so 0.3 * 230 = 69.00000000000001 asks for 69, not 70
        return max(self.min_df, math.ceil(round(share * docs, 9)))


@dataclass(frozen=True, eq=False)
class SiteCounts:
    """Exact per-source document frequencies of block fingerprints: what one shard saw.

    ``src``/``blk``/``cnt`` are parallel arrays sorted by (source id, fingerprint), one row per
    distinct pair; ``docs`` counts the documents of each source. Treat as immutable.
    """

    by: str
    max_words: int
    docs: tuple[tuple[str, int], ...] = ()  # (source, documents), sorted by source
    unsourced: int = 0  # documents without a usable URL: not counted
    src: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    blk: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint64))
    cnt: np.ndarray = field(default_factory=lambda: np.zeros(0, np.uint32))

    def __post_init__(self) -> None:
        for array_ in self._arrays():
            array_.flags.writeable = False

    @property
    def documents(self) -> int:
        return sum(n for _, n in self.docs) + self.unsourced

    @property
    def pairs(self) -> int:
        return int(self.src.size)

    @property
    def nbytes(self) -> int:
        return int(self.src.nbytes + self.blk.nbytes + self.cnt.nbytes)

    def merge(self, *others: SiteCounts) -> SiteCounts:
        """The counts of all shards together (exact; order of shards does not matter)."""
        for other in others:
            if (other.by, other.max_words) != (self.by, self.max_words):
                raise ConfigError(
                    f"cannot merge counts made with by={other.by!r}, max_words={other.max_words} "
                    f"into counts made with by={self.by!r}, max_words={self.max_words}"
                )
        parts = (self, *others)
        docs: dict[str, int] = {}
        for part in parts:
            for source, n in part.docs:
                docs[source] = docs.get(source, 0) + n
        src, blk, cnt = _compact(
            np.concatenate([p.src for p in parts]),
            np.concatenate([p.blk for p in parts]),
            np.concatenate([p.cnt for p in parts]),
        )
        return SiteCounts(
            by=self.by,
            max_words=self.max_words,
            docs=tuple(sorted(docs.items())),
            unsourced=sum(p.unsourced for p in parts),
            src=src,
            blk=blk,
            cnt=cnt,
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SiteCounts):
            return NotImplemented
        return (self.by, self.max_words, self.docs, self.unsourced) == (
            other.by, other.max_words, other.docs, other.unsourced,
        ) and all(np.array_equal(a, b) for a, b in zip(self._arrays(), other._arrays()))

    __hash__ = None  # type: ignore[assignment]

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        return self.src, self.blk, self.cnt

    def write(self, out: IO[bytes]) -> None:
        """Write to a binary stream: a header line, a JSON line, then the three arrays."""
        header = {
            "by": self.by,
            "max_words": self.max_words,
            "docs": [list(d) for d in self.docs],
            "unsourced": self.unsourced,
            "pairs": self.pairs,
        }
        out.write(COUNTS_MAGIC)
        out.write(json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n")
        for array_, dtype in zip(self._arrays(), ("<u8", "<u8", "<u4")):
            out.write(np.ascontiguousarray(array_, dtype=dtype).tobytes())

    def save(self, path: str | Path) -> None:
        with open(path, "wb") as out:
            self.write(out)

    @classmethod
    def read(cls, stream: IO[bytes], *, name: str = "<stream>") -> SiteCounts:
        """Read what ``write`` wrote; an ``InputError`` names the stream when it is not that."""
        if stream.readline() != COUNTS_MAGIC:
            raise InputError(f"{name}: not a cleaner site-counts file (bad first line)")
        try:
            header = json.loads(stream.readline())
            pairs = int(header["pairs"])
            arrays = [
                np.frombuffer(stream.read(pairs * size), dtype=dtype).astype(native)
                for size, dtype, native in ((8, "<u8", np.uint64), (8, "<u8", np.uint64), (4, "<u4", np.uint32))
            ]
            return cls(
                by=header["by"],
                max_words=int(header["max_words"]),
                docs=tuple((str(s), int(n)) for s, n in header["docs"]),
                unsourced=int(header["unsourced"]),
                src=arrays[0],
                blk=arrays[1],
                cnt=arrays[2],
            )
        except (ValueError, KeyError, TypeError) as error:
            raise InputError(f"{name}: corrupt cleaner site-counts file ({error})") from error

    @classmethod
    def load(cls, path: str | Path) -> SiteCounts:
        with open(path, "rb") as stream:
            return cls.read(stream, name=str(path))


def _compact(src: np.ndarray, blk: np.ndarray, cnt: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort by (source, fingerprint) and add the counts of equal pairs.

    >>> s, b, c = _compact(np.array([2, 1, 2], np.uint64), np.array([5, 7, 5], np.uint64),
    ...                    np.array([1, 1, 1], np.uint32))
    >>> s.tolist(), b.tolist(), c.tolist()
    ([1, 2], [7, 5], [1, 2])
    """
    if src.size == 0:
        return src.astype(np.uint64), blk.astype(np.uint64), cnt.astype(np.uint32)
    order = np.lexsort((blk, src))
    src, blk, cnt = src[order], blk[order], cnt[order]
    starts = np.flatnonzero(np.r_[True, (src[1:] != src[:-1]) | (blk[1:] != blk[:-1])])
    summed = np.add.reduceat(cnt.astype(np.uint64), starts)
    if summed.size and summed.max() > np.iinfo(np.uint32).max:
        raise ConfigError("a block is counted in more than 4 billion documents of one source")
    return src[starts], blk[starts], summed.astype(np.uint32)


class _Tally:
    """The mutable accumulator behind ``count_shard`` (lives for one call only)."""

    def __init__(self, settings: LearnSettings, segment: Segmenter) -> None:
        self.settings = settings
        self.segment = segment
        self.docs: dict[str, int] = {}
        self.unsourced = 0
        self.pending_src = array("Q")
        self.pending_blk = array("Q")
        self.counts = SiteCounts(by=settings.by, max_words=settings.max_words)

    def add(self, url: str | None, text: str) -> None:
        source = source_of(url, by=self.settings.by)
        if source is None:
            self.unsourced += 1
            return
        self.docs[source] = self.docs.get(source, 0) + 1
        digests = document_digests(text, max_words=self.settings.max_words, segment=self.segment)
        self.pending_src.extend([_source_id(source)] * len(digests))
        self.pending_blk.extend(sorted(digests))
        if len(self.pending_src) >= COMPACT_EVERY:
            self.flush()

    def flush(self) -> None:
        if not self.pending_src:
            return
        src = np.frombuffer(self.pending_src, dtype=np.uint64).copy()
        blk = np.frombuffer(self.pending_blk, dtype=np.uint64).copy()
        pending = SiteCounts(
            by=self.settings.by, max_words=self.settings.max_words,
            src=src, blk=blk, cnt=np.ones(src.size, np.uint32),
        )
        self.counts = self.counts.merge(pending)
        self.pending_src, self.pending_blk = array("Q"), array("Q")

    def result(self) -> SiteCounts:
        self.flush()
        return dataclasses.replace(self.counts, docs=tuple(sorted(self.docs.items())), unsourced=self.unsourced)


def count_shard(
    documents: Iterable[tuple[str | None, str]],
    *,
    settings: LearnSettings = LearnSettings(),
    segment: Segmenter = segment_text,
) -> SiteCounts:
    """Count one shard of ``(url, text)`` pairs (the map step); merge shards with ``merge``.

    ``segment`` turns a document into blocks: the text segmenter by default; give the HTML one
    when the documents are HTML and will be cleaned with ``clean_html``.
    """
    tally = _Tally(settings, segment)
    for number, item in enumerate(documents):
        url, text = _pair(item, number)
        tally.add(url, text)
    return tally.result()


def _pair(item: Any, number: int) -> tuple[str | None, str]:
    try:
        url, text = item
    except (TypeError, ValueError):
        raise InputError(f"document #{number}: expected a (url, text) pair, got {type(item).__name__}") from None
    if not isinstance(text, str):
        raise InputError(f"document #{number} ({url!r}): text must be str, got {type(text).__name__}")
    if url is not None and not isinstance(url, str):
        raise InputError(f"document #{number}: url must be str or None, got {type(url).__name__}")
    return url, text


@dataclass(frozen=True, slots=True)
class Match:
    """A block found in the template of its source, with the figures that decided it."""

    df: int  # documents of the source the block is in
    docs: int  # documents of the source
    share: float  # the threshold share that applied (sentence or line)

    @property
    def evidence(self) -> str:
        """``df=212/230 docs (92%) >= 30%``"""
        return f"df={self.df}/{self.docs} docs ({self.df / self.docs:.0%}) >= {self.share:.0%}"


@dataclass(frozen=True)
class SourceTemplate:
    """The learned template of one source: fingerprints and their document frequencies."""

    source: str
    docs: int
    blocks: tuple[tuple[int, int], ...]  # (fingerprint, df), sorted by fingerprint


@dataclass(frozen=True)
class SiteModel:
    """Per source, the blocks that occur in many of its documents. Immutable and picklable.

    Build it with ``learn`` (or ``build_model`` from merged counts), save it with ``save``
    (deterministic bytes: the same corpus gives the same file) and give it to
    ``Cleaner(site_model=...)``.
    """

    settings: LearnSettings
    sources: tuple[SourceTemplate, ...] = ()
    _index: dict[str, tuple[int, dict[int, int]]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {t.source: (t.docs, dict(t.blocks)) for t in self.sources}
        object.__setattr__(self, "_index", index)

    def __reduce__(self) -> tuple[Any, ...]:
        return (SiteModel, (self.settings, self.sources))

    def source_of(self, url: str | None) -> str | None:
        """The source of a URL, the way this model was learned (host or registered domain)."""
        return source_of(url, by=self.settings.by)

    def template(self, url: str | None) -> tuple[int, dict[int, int]] | None:
        """(documents, {fingerprint: df}) of the URL's source, or None when nothing was learned."""
        source = self.source_of(url)
        return self._index.get(source) if source is not None else None

    def match(self, block: Block, template: tuple[int, dict[int, int]]) -> Match | None:
        """The block's figures when it is template of that source; long blocks never are."""
        if not countable(block, max_words=self.settings.max_words):
            return None
        digest = block_digest(block)
        df = template[1].get(digest)
        if df is None:
            return None
        share = self.settings.min_share if digest & 1 else self.settings.min_share_line
        return Match(df=df, docs=template[0], share=share)

    def __len__(self) -> int:
        return sum(len(t.blocks) for t in self.sources)

    def to_json(self) -> bytes:
        """Deterministic bytes: sorted keys, fingerprints as 16 hex digits."""
        data = {
            "format": MODEL_FORMAT,
            "settings": dataclasses.asdict(self.settings),
            "sources": {
                t.source: {"docs": t.docs, "blocks": {f"{d:016x}": df for d, df in t.blocks}}
                for t in self.sources
            },
        }
        return (json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1) + "\n").encode("utf-8")

    @classmethod
    def from_json(cls, data: bytes | str, *, name: str = "<site model>") -> SiteModel:
        try:
            raw = json.loads(data)
            if raw.get("format") != MODEL_FORMAT:
                raise InputError(f"{name}: not a cleaner site model (format {raw.get('format')!r}, want {MODEL_FORMAT!r})")
            settings = LearnSettings(**raw["settings"])
            sources = tuple(
                SourceTemplate(
                    source=source,
                    docs=int(entry["docs"]),
                    blocks=tuple(sorted((int(d, 16), int(df)) for d, df in entry["blocks"].items())),
                )
                for source, entry in sorted(raw["sources"].items())
            )
        except (ValueError, KeyError, TypeError, AttributeError) as error:
            raise InputError(f"{name}: corrupt cleaner site model ({error})") from error
        return cls(settings=settings, sources=sources)

    def save(self, path: str | Path) -> None:
        Path(path).write_bytes(self.to_json())

    @classmethod
    def load(cls, path: str | Path) -> SiteModel:
        try:
            data = Path(path).read_bytes()
        except OSError as error:
            raise InputError(f"{path}: cannot read site model ({error.strerror})") from error
        return cls.from_json(data, name=str(path))


def build_model(counts: SiteCounts, *, settings: LearnSettings = LearnSettings()) -> SiteModel:
    """Keep, per source with ``min_docs`` documents, the fingerprints that pass the thresholds."""
    if (counts.by, counts.max_words) != (settings.by, settings.max_words):
        raise ConfigError(
            f"counts were made with by={counts.by!r}, max_words={counts.max_words}; "
            f"settings say by={settings.by!r}, max_words={settings.max_words}"
        )
    names = {_source_id(s): (s, n) for s, n in counts.docs if n >= settings.min_docs}
    templates = []
    for sid, start, stop in _runs(counts.src):
        if sid not in names:
            continue
        source, docs = names[sid]
        blk, cnt = counts.blk[start:stop], counts.cnt[start:stop]
        is_strict = (blk & np.uint64(1)).astype(bool)
        need = np.where(is_strict, settings.min_count(docs, strict=True), settings.min_count(docs, strict=False))
        keep = cnt >= need
        if keep.any():
            blocks = tuple(zip(blk[keep].tolist(), cnt[keep].tolist()))
            templates.append(SourceTemplate(source=source, docs=docs, blocks=blocks))
    templates.sort(key=lambda t: t.source)
    return SiteModel(settings=settings, sources=tuple(templates))


def _runs(values: np.ndarray) -> Iterator[tuple[int, int, int]]:
    """(value, start, stop) of each run of equal values in a sorted array."""
    if values.size == 0:
        return
    starts = np.flatnonzero(np.r_[True, values[1:] != values[:-1]])
    stops = np.r_[starts[1:], values.size]
    for start, stop in zip(starts.tolist(), stops.tolist()):
        yield int(values[start]), start, stop


def learn(
    documents: Iterable[tuple[str | None, str]],
    *,
    settings: LearnSettings = LearnSettings(),
    segment: Segmenter = segment_text,
) -> SiteModel:
    """Learn the template of every source in ``(url, text)`` pairs, in one pass.

    For many processes or machines, run ``count_shard`` per shard, ``merge`` the counts and
    call ``build_model``: the model is the same.
    """
    return build_model(count_shard(documents, settings=settings, segment=segment), settings=settings)


def read_counts(data: bytes, *, name: str = "<bytes>") -> SiteCounts:
    """``SiteCounts.read`` on bytes (what a remote file system returned)."""
    return SiteCounts.read(io.BytesIO(data), name=name)
