"""``cleaner review``, the data half: a sample of cleaned documents and the run's statistics.

Two kinds of input:

- **cleaned rows**: a folder written by ``cleaner clean -o FOLDER`` (its ``data/`` shards,
  parquet or JSONL, every split), or a JSONL/parquet file of rows that have a ``removed``
  column (``cleaner clean -o out.jsonl``). The statistics cover every row; the sample is
  drawn while streaming (reservoir sampling), so memory holds one batch plus the sample.
- **anything else ``cleaner clean`` reads**: the records are streamed, a sample is drawn the
  same way, and only the sample is cleaned; the statistics then cover the sample.

A row stores the cleaned text and its removals, not the input: removals carry offsets into
the input (its visible text for HTML), the kept text carries none. ``interleave`` puts the
removed spans back between the kept lines by those offsets; when the input is at hand (text
records cleaned here) ``source_segments`` shows the input itself, exactly.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError
from .readers import BATCH_ROWS, Columns, Record, Unreadable, is_saved_dataset, read_inputs
from .safety import MANIFEST_FILE

DEFAULT_SAMPLE = 50
DEFAULT_SEED = 0
# A sampled document is shown up to this many characters (kept and removed together): a
# news article is 2 to 10 thousand; a 1 MB scrape of a whole forum page would make a 50 MB
# page. 20,000 characters times a 50-document sample keeps the file near a megabyte.
MAX_SHOWN_CHARS = 20_000
# Length histogram bins, in characters (upper bounds; the last bin is open): a 1-2-5 log
# scale, since document lengths span teasers of a hundred characters to long reads of 50,000.
LENGTH_BINS = (100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000)
_CLEANED_SUFFIXES = (".parquet", ".jsonl", ".jsonl.gz")


@dataclass(frozen=True)
class Span:
    """A removed span as stored in a row's ``removed`` list."""

    reason: str
    rule: str
    text: str
    start: int
    end: int
    evidence: str

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> Span:
        return cls(
            str(record.get("reason") or "?"), str(record.get("rule") or ""),
            str(record.get("text") or ""), int(record.get("start") or 0),
            int(record.get("end") or 0), str(record.get("evidence") or ""),
        )


@dataclass(frozen=True)
class Segment:
    """A piece of a document to show: kept text, the title line, or a removed span."""

    text: str
    removal: Span | None = None
    is_title: bool = False


@dataclass(frozen=True)
class Document:
    """One sampled document, ready to show."""

    id: str
    meta: tuple[tuple[str, str], ...]  # (field, value) shown above the text: title, author...
    segments: tuple[Segment, ...]
    hidden_chars: int = 0  # characters past MAX_SHOWN_CHARS, not shown
    exact: bool = False  # shown from the input itself (else interleaved from the row)

    @property
    def reasons(self) -> list[str]:
        return sorted({s.removal.reason for s in self.segments if s.removal is not None})


@dataclass
class Stats:
    """Counts over the rows reviewed (all of a folder, or the sample of raw input)."""

    documents: int = 0
    rejected: int = 0  # rows of the ``rejected`` split (too little left)
    unreadable: int = 0  # raw input records that could not be read or cleaned
    removals: Counter[str] = field(default_factory=Counter)  # by reason
    removed_chars: Counter[str] = field(default_factory=Counter)  # by reason
    by_lang: Counter[str] = field(default_factory=Counter)  # removals by document language
    docs_by_lang: Counter[str] = field(default_factory=Counter)
    before: Counter[int] = field(default_factory=Counter)  # length bin index -> documents
    after: Counter[int] = field(default_factory=Counter)
    chars_before: int = 0  # kept + removed characters, all documents
    chars_after: int = 0  # kept characters

    def add(self, row: Mapping[str, Any]) -> None:
        spans = row_spans(row)
        lang = str(row.get("lang") or "unknown")
        text = row.get("text") or ""
        self.documents += 1
        self.rejected += 1 if row.get("drop_reason") else 0
        self.docs_by_lang[lang] += 1
        for span in spans:
            self.removals[span.reason] += 1
            self.removed_chars[span.reason] += span.end - span.start
            self.by_lang[lang] += 1
        removed = sum(span.end - span.start for span in spans)
        self.before[length_bin(len(text) + removed)] += 1
        self.after[length_bin(len(text))] += 1
        self.chars_before += len(text) + removed
        self.chars_after += len(text)


@dataclass(frozen=True)
class Review:
    """What the page shows: where the data came from, the statistics, the sample."""

    source: str
    stats: Stats
    documents: tuple[Document, ...]
    stats_over: str  # "every row" or "the sample": what the statistics count
    seed: int


def length_bin(length: int) -> int:
    """The index of the ``LENGTH_BINS`` bin a length falls in.

    >>> length_bin(0), length_bin(100), length_bin(101), length_bin(10**6)
    (0, 0, 1, 9)
    """
    return next((i for i, bound in enumerate(LENGTH_BINS) if length <= bound), len(LENGTH_BINS))


def row_spans(row: Mapping[str, Any]) -> list[Span]:
    """A row's removals, in input order."""
    return sorted(map(Span.from_record, row.get("removed") or ()), key=lambda s: s.start)


# ---------------------------------------------------------------- showing one document


def interleave(text: str, title: str | None, spans: Sequence[Span]) -> list[Segment]:
    r"""The kept lines and the removed spans in input order, from a row alone.

    Kept lines have no offsets, but the removals do and the lines between two removals fill
    the gap between them: walking the input with a cursor (a line moves it by its length
    plus a newline, a removal to its end), a kept line goes before the next removal when it
    fits before its start. The cursor never runs ahead of the input (whitespace between
    blocks only makes it lag), so a line that was before a removal is put before it; a line
    that was after one goes before it only when the input had more blank space there than
    the line's length. The title (not in the kept text unless prepended) is taken as the
    first line.

    >>> spans = [Span("promo", "p", "Follow us!", 30, 40, "x")]
    >>> [(s.text, bool(s.removal)) for s in interleave("The storm hit.\nIt rained.", "Storm", spans)]
    [('Storm', False), ('The storm hit.', False), ('Follow us!', True), ('It rained.', False)]
    """
    lines = text.split("\n") if text else []
    queue = lines if not title or text.startswith(title) else [title, *lines]
    first_is_title = bool(title) and bool(queue) and queue[0] == title
    out: list[Segment] = []
    cursor = 0
    position = 0  # index into queue
    for span in spans:
        while position < len(queue) and cursor + len(queue[position]) <= span.start:
            out.append(Segment(queue[position], is_title=first_is_title and position == 0))
            cursor += len(queue[position]) + 1
            position += 1
        out.append(Segment(span.text, span))
        cursor = max(cursor, span.end + 1)
    out.extend(
        Segment(line, is_title=first_is_title and i == 0)
        for i, line in enumerate(queue[position:], start=position)
    )
    return out


def source_segments(source: str, title: str | None, spans: Sequence[Span]) -> list[Segment]:
    """The input itself, cut at the removals (exact: their offsets index it).

    >>> [s.text for s in source_segments("Hi.\\nBuy!\\nBye.", None, [Span("promo", "p", "Buy!", 4, 8, "")])]
    ['Hi.\\n', 'Buy!', '\\nBye.']
    """
    out: list[Segment] = []
    cursor = 0
    for span in spans:
        if span.start < cursor or span.end > len(source):
            return _listed(source, spans)  # offsets that do not index it: list the removals
        if span.start > cursor:
            out.append(Segment(source[cursor:span.start]))
        out.append(Segment(source[span.start:span.end], span))
        cursor = span.end
    if cursor < len(source):
        out.append(Segment(source[cursor:]))
    return out


def _listed(source: str, spans: Sequence[Span]) -> list[Segment]:
    """The source shown plain, then every removal: for offsets that do not index it."""
    return [Segment(source), *(Segment(span.text, span) for span in spans)]


def document(row: Mapping[str, Any], *, source: str | None = None) -> Document:
    """A row (and, when known, its input text) as a document to show."""
    spans = row_spans(row)
    title = row.get("title") or None
    text = row.get("text") or ""
    if source is not None:
        segments = source_segments(source, title, spans)
    else:
        segments = _on_lines(interleave(text, title, spans))
    shown, hidden = _truncate(segments, MAX_SHOWN_CHARS)
    meta = tuple(
        (name, str(row[name]))
        for name in ("title", "author", "date", "lang", "url", "drop_reason")
        if row.get(name)
    )
    return Document(str(row.get("id") or ""), meta, tuple(shown), hidden, source is not None)


def _on_lines(segments: Sequence[Segment]) -> list[Segment]:
    """Interleaved pieces, each on its own line."""
    out: list[Segment] = []
    for segment in segments:
        if out:
            out.append(Segment("\n"))
        out.append(segment)
    return out


def _truncate(segments: Sequence[Segment], limit: int) -> tuple[list[Segment], int]:
    """The segments up to ``limit`` characters (the last one cut), and how many are left out."""
    shown: list[Segment] = []
    used = 0
    for segment in segments:
        room = limit - used
        if room <= 0:
            break
        piece = segment.text[:room]
        shown.append(Segment(piece, segment.removal, segment.is_title))
        used += len(piece)
    total = sum(len(s.text) for s in segments)
    return shown, total - used


# ---------------------------------------------------------------- reading and sampling


class Reservoir:
    """A uniform sample of ``size`` items from a stream of unknown length (Algorithm R),
    reproducible from ``seed``; keeps the items' stream positions to show them in order."""

    def __init__(self, size: int, seed: int) -> None:
        self.size = size
        self.random = random.Random(seed)
        self.seen = 0
        self.items: list[tuple[int, Any]] = []

    def offer(self, item: Any) -> None:
        if len(self.items) < self.size:
            self.items.append((self.seen, item))
        else:
            slot = self.random.randrange(self.seen + 1)
            if slot < self.size:
                self.items[slot] = (self.seen, item)
        self.seen += 1

    def in_order(self) -> list[Any]:
        return [item for _, item in sorted(self.items, key=lambda pair: pair[0])]


def cleaned_files(path: Path) -> list[Path] | None:
    """The shards of a cleaned folder (the folder itself when it is a saved dataset), or the
    file itself when it holds cleaned rows; None for anything else (raw input, to clean here)."""
    if path.is_dir() and is_saved_dataset(path):
        return [path] if _saved_has_removed(path) else None
    if path.is_dir():
        data = path / "data"
        shards = sorted(p for p in data.glob("*") if p.name.endswith(_CLEANED_SUFFIXES)) if data.is_dir() else []
        if (path / MANIFEST_FILE).is_file() or (shards and _has_removed(shards[0])):
            return shards
        return None
    if path.is_file() and path.name.endswith(_CLEANED_SUFFIXES) and _has_removed(path):
        return [path]
    return None


def _has_removed(path: Path) -> bool:
    """Whether a table's rows carry a ``removed`` column (cleaner's audit output)."""
    if path.name.endswith(".parquet"):
        import pyarrow.parquet as pq

        return "removed" in pq.read_schema(path).names
    for row in _jsonl_rows(path):
        return "removed" in row
    return False


def _saved_has_removed(folder: Path) -> bool:
    import datasets

    loaded = datasets.load_from_disk(str(folder))
    parts = loaded.values() if isinstance(loaded, datasets.DatasetDict) else [loaded]
    return all("removed" in (part.column_names or ()) for part in parts)


def _saved_rows(folder: Path) -> Iterator[dict[str, Any]]:
    """The rows of a saved dataset (``clean --save-to-disk``), split by split, a batch at a
    time; rows of the ``rejected`` split say so."""
    import datasets

    loaded = datasets.load_from_disk(str(folder))
    parts = sorted(loaded.items()) if isinstance(loaded, datasets.DatasetDict) else [("", loaded)]
    for split, part in parts:
        for batch in part.with_format("arrow").iter(batch_size=BATCH_ROWS):
            for row in batch.to_pylist():
                if split == "rejected" and not row.get("drop_reason"):
                    row["drop_reason"] = "rejected"
                yield row


def cleaned_rows(files: Iterable[Path]) -> Iterator[dict[str, Any]]:
    """Every row of the shards, a batch at a time; ``split`` is taken from the file name."""
    for path in files:
        if path.is_dir():
            yield from _saved_rows(path)
            continue
        split = path.name.split("-", 1)[0] if path.parent.name == "data" else ""
        rows = _parquet_rows(path) if path.name.endswith(".parquet") else _jsonl_rows(path)
        for row in rows:
            if split == "rejected" and not row.get("drop_reason"):
                row["drop_reason"] = "rejected"
            yield row


def _parquet_rows(path: Path) -> Iterator[dict[str, Any]]:
    import pyarrow.parquet as pq

    for batch in pq.ParquetFile(path).iter_batches(batch_size=BATCH_ROWS):
        yield from batch.to_pylist()


def _jsonl_rows(path: Path) -> Iterator[dict[str, Any]]:
    import gzip

    opener = gzip.open if path.name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as error:
                raise InputError(f"{path}:{number}: not JSON ({error.msg})") from error
            if isinstance(row, dict):
                yield row


def review_cleaned(files: Sequence[Path], *, source: str, sample: int, seed: int) -> Review:
    """Statistics over every row of cleaned shards and a sample of them, in one pass."""
    if not files:
        raise InputError(
            f"{source}: no data shards (data/*.parquet or data/*.jsonl) and not a saved dataset"
        )
    stats = Stats()
    reservoir = Reservoir(sample, seed)
    for row in cleaned_rows(files):
        stats.add(row)
        reservoir.offer(row)
    if not stats.documents:
        raise InputError(f"{source}: no rows to review")
    documents = tuple(document(row) for row in reservoir.in_order())
    return Review(source, stats, documents, "every row", seed)


def review_raw(
    inputs: Sequence[str], *, cleaner: Any, columns: Columns, sample: int, seed: int,
    lang: str | None = None,
) -> Review:
    """Sample the records of raw inputs, clean the sample, review it."""
    from .export import Job, Outcome

    reservoir = Reservoir(sample, seed)
    stats = Stats()
    for item in read_inputs(inputs, columns=columns):
        if isinstance(item, Unreadable):
            stats.unreadable += 1
        else:
            reservoir.offer(item)
    job = Job(cleaner=cleaner, lang=lang)
    documents = []
    for record in reservoir.in_order():
        outcome = job.run(record)
        if not isinstance(outcome, Outcome):
            stats.unreadable += 1
            continue
        row = {**outcome.row, "drop_reason": outcome.drop_reason}  # what a folder run would do
        stats.add(row)
        documents.append(document(row, source=_text_source(record)))
    if not documents:
        raise InputError(f"{', '.join(inputs)}: no readable record to review")
    return Review(", ".join(inputs), stats, tuple(documents), "the sample", seed)


def _text_source(record: Record) -> str | None:
    """The input a text record's offsets index (HTML offsets index text we do not keep)."""
    return record.text if record.html is None else None


def build_review(
    inputs: Sequence[str], *, cleaner: Any = None, columns: Columns | None = None,
    sample: int = DEFAULT_SAMPLE, seed: int = DEFAULT_SEED, lang: str | None = None,
) -> Review:
    """Review cleaned output (one folder or file) or raw inputs (cleaned here, a sample)."""
    if sample < 1:
        raise InputError(f"--sample must be at least 1, got {sample}")
    cleaned = [spec for spec in inputs if cleaned_files(Path(spec)) is not None]
    if cleaned and len(inputs) > 1:
        raise InputError(
            f"{cleaned[0]} is cleaner's output: review one cleaned folder or file at a time"
        )
    if cleaned:
        files = cleaned_files(Path(inputs[0])) or []
        return review_cleaned(files, source=Path(inputs[0]).name, sample=sample, seed=seed)
    if cleaner is None:
        from .cleaner import Cleaner

        cleaner = Cleaner()
    return review_raw(
        inputs, cleaner=cleaner, columns=columns or Columns(), sample=sample, seed=seed, lang=lang
    )
