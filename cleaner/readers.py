"""Streaming readers: every input a user can point the CLI at becomes a stream of ``Record``s.

Inputs are files, folders and globs of ``.txt``/``.html``/``.htm`` documents (one document a
file, optionally ``.gz``), ``.jsonl``/``.json`` and ``.csv`` tables (optionally ``.gz``),
``.parquet`` files, web archives (``.warc`` and ``.wet``, optionally ``.gz``: see ``warc``), a folder written by ``Dataset.save_to_disk`` and a Hub dataset id. Readers
are generators that hold one batch at a time, so memory does not grow with the input.

A record that cannot be read (a line that is not JSON, a file that is not UTF-8, a missing
field) does not stop the stream: it comes out as an ``Unreadable`` naming the input and line,
so a caller can report it and go on. An input record that is not a document (a WARC
``request`` record, an image) comes out as a ``Skipped`` with the reason, so that it is
counted rather than lost or called an error. The order of the stream is deterministic (folders and
globs are sorted), which is what lets an interrupted run be resumed by skipping what was done.

Progress: given ``on_bytes``, the readers report the bytes of input files they have consumed
as they go (compressed bytes for ``.gz``), and ``input_bytes`` says beforehand how many that
will be, so a progress bar can show a total and an estimated time left.
"""

from __future__ import annotations

import csv
import difflib
import glob
import gzip
import io
import json
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import IO, Any

from .errors import InputError
from .safety import LOCK_FILE, MANIFEST_FILE

logger = logging.getLogger(__name__)

DOCUMENT_SUFFIXES = (".txt", ".html", ".htm")
TABLE_SUFFIXES = (".jsonl", ".json", ".csv", ".parquet")
# Web archives: ``a.warc.gz`` reads as ``.warc``, a Common Crawl ``a.warc.wet.gz`` as ``.wet``.
ARCHIVE_SUFFIXES = (".warc", ".wet")
# The column flagging an archived page the crawler cut short: its WARC-Truncated reason
# (length, time, ...), null otherwise.
TRUNCATED_COLUMN = "warc_truncated"
# Rows per batch read from parquet files and saved datasets: big enough for arrow to be fast,
# small enough that a batch of long news pages stays in the tens of megabytes.
BATCH_ROWS = 1000
# Python's csv module refuses fields over 128 KiB by default; whole articles are longer.
CSV_FIELD_LIMIT = 64 * 1024 * 1024  # characters
_GLOB_CHARS = re.compile(r"[*?\[]")
_HUB_ID = re.compile(r"^[A-Za-z0-9][\w.-]*(/[\w.-]+)?$")
# A row without its text field is cleaned as HTML from the first of these fields it has (the
# names crawl exports and scrapers give a page's markup), unless a field was named with
# --html-field. `content` holds extracted text as often as markup, so it counts only when its
# value looks like markup.
HTML_FIELDS = ("html", "raw_html")
MAYBE_HTML_FIELDS = ("content",)
# Looks like markup: this many HTML tags in the first MARKUP_SAMPLE characters. One tag can be
# text about HTML or a stray <br> in a plain dump; a page's opening 4 kB holds dozens.
MIN_MARKUP_TAGS = 2
MARKUP_SAMPLE = 4096  # characters (bytes for a bytes value)
_MARKUP_TAG = re.compile(
    rb"<(?:!doctype|/?(?:html|head|body|article|main|section|div|p|span|a|br|h[1-6]|ul|ol|li"
    rb"|table|tr|td|img|figure|meta|script|style)\b)",
    re.IGNORECASE,
)
# A missing path's message suggests names like it from its folder; a huge folder is not listed.
MAX_NEIGHBOURS = 1000  # directory entries compared with a missing name


@dataclass(frozen=True)
class Columns:
    """Which fields of a table row hold the text, the HTML, the URL and the id.

    When ``html`` is set and the row has that field, the document is cleaned as HTML;
    otherwise ``text`` must be there. All other fields pass through untouched.
    """

    text: str = "text"
    html: str | None = None
    url: str = "url"
    id: str = "id"

    @property
    def mapped(self) -> frozenset[str]:
        return frozenset(c for c in (self.text, self.html, self.url, self.id) if c)


@dataclass(frozen=True)
class Record:
    """One input document, before cleaning. ``origin`` names it in messages (file:line)."""

    origin: str
    id: str
    text: str | None = None
    html: str | bytes | None = None
    url: str | None = None
    extra: Mapping[str, Any] = field(default_factory=dict)
    charset: str | None = None  # the HTTP header's charset of an archived page, tried first
    date: str | None = None  # the date to use when the document gives none (a WARC-Date)


@dataclass(frozen=True)
class Unreadable:
    """An input record that could not be read, and why (the message names input and line)."""

    origin: str
    error: str


@dataclass(frozen=True)
class Skipped:
    """An input record that is not a document to clean (a WARC ``request``, an image, a 404
    page): counted, not cleaned, not an error. ``reason`` is ``kind`` or ``kind: detail``;
    the counts key on ``kind``."""

    origin: str
    reason: str

    @property
    def kind(self) -> str:
        """The reason without its detail, what the counts key on.

        >>> Skipped("a.warc.gz@0", "not_html: image/png").kind
        'not_html'
        """
        return self.reason.split(":", 1)[0]


Item = Record | Unreadable | Skipped
OnBytes = Callable[[int], None] | None  # told the input bytes consumed, as they are


def read_inputs(
    inputs: Sequence[str],
    *,
    columns: Columns = Columns(),
    split: str = "train",
    subset: str | None = None,
    on_bytes: OnBytes = None,
) -> Iterator[Item]:
    """Every record of every input, in a deterministic order.

    ``inputs`` are paths, folders, globs or Hub dataset ids (``subset`` and ``split`` pick the
    Hub dataset's configuration and split). ``on_bytes`` is told the bytes of input files
    consumed (see ``input_bytes``).
    """
    for spec in inputs:
        yield from _read_one(spec, columns=columns, split=split, subset=subset, on_bytes=on_bytes)


def input_bytes(inputs: Sequence[str]) -> int | None:
    """The bytes ``read_inputs`` will report to ``on_bytes`` for ``inputs``: the sizes of the
    files it will read, or ``None`` when an input's size is not known (a Hub dataset, a folder
    written by ``save_to_disk``)."""
    total = 0
    for spec in inputs:
        matches = _matches(spec)  # the same resolution as ``_read_one``
        if matches is None and _HUB_ID.match(spec) and not looks_local(spec):
            return None
        for match in matches or ():
            found = Path(match)
            if found.is_dir() and is_saved_dataset(found):
                return None
            files = folder_files(found) if found.is_dir() else [found]
            total += sum(f.stat().st_size for f in files if f.is_file() and _is_supported(f))
    return total


def _read_one(
    spec: str, *, columns: Columns, split: str, subset: str | None, on_bytes: OnBytes
) -> Iterator[Item]:
    path = Path(spec)
    matches = _matches(spec)
    if matches is None and _HUB_ID.match(spec) and not looks_local(spec):
        yield from read_hub(spec, split=split, subset=subset, columns=columns)
    elif matches is None:
        yield Unreadable(spec, _missing(path, spec))
    elif not matches:
        yield Unreadable(spec, f"{spec}: no file matches this pattern")
    for match in matches or ():
        found = Path(match)
        if found.is_dir():
            yield from read_folder(found, columns=columns, on_bytes=on_bytes)
        elif match == spec or _is_supported(found):
            yield from read_file(found, columns=columns, name=match, on_bytes=on_bytes)


def _matches(spec: str) -> list[str] | None:
    """The paths a glob matches (sorted) or the path itself; None when ``spec`` names nothing
    on disk (it may be a Hub id)."""
    if _GLOB_CHARS.search(spec):
        return sorted(glob.glob(spec, recursive=True))
    return [spec] if Path(spec).exists() else None


def input_files(specs: Sequence[str]) -> list[Path]:
    """The local files that ``read_inputs(specs)`` reads, in reading order (Hub ids have none).

    A run records their identity to refuse a resume over changed inputs, and checks that no
    output holds one of them.
    """
    files: list[Path] = []
    for spec in specs:
        for match in _matches(spec) or ():
            found = Path(match)
            files.extend(folder_files(found) if found.is_dir() else [found])
    return files


def looks_local(spec: str) -> bool:
    """True when a name that exists nowhere must have been meant as a path, not a Hub id: it
    is absolute or starts with ``.`` or ``~``, ends in a suffix this module reads, or names a
    folder that exists (``mydumps/today`` where ``mydumps/`` is here). Trying such a name on
    the Hub would only turn a typo into a network error.

    >>> looks_local("allenai/c4"), looks_local("news.jsonl.gz"), looks_local("./c4")
    (False, True, True)
    """
    path = Path(spec)
    if path.is_absolute() or spec.startswith((".", "~")):
        return True
    if spec.lower().endswith(".gz") or _is_supported(path):
        return True
    return "/" in spec.rstrip("/") and path.parent.is_dir()


def _missing(path: Path, spec: str) -> str:
    """The message for a path that does not exist, with names like it from its folder."""
    folder = path.parent
    if not folder.is_dir():
        return f"{spec}: no such file or folder"
    names = [p.name for p in islice(folder.iterdir(), MAX_NEIGHBOURS)]
    close = [str(folder / name) for name in difflib.get_close_matches(path.name, names, n=3)]
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    return f"{spec}: no such file or folder{hint}"


def read_folder(
    folder: Path, *, columns: Columns = Columns(), on_bytes: OnBytes = None
) -> Iterator[Item]:
    """A saved dataset, or every supported file under ``folder`` (sorted, hidden ones skipped,
    and folders that cleaner wrote skipped: its output is never read back as input)."""
    if is_saved_dataset(folder):
        yield from read_saved_dataset(folder, columns=columns)
        return
    for output in sorted(_cleaner_outputs(folder)):
        logger.warning(
            "%s: skipped, it is a folder that cleaner wrote (its output is never read back "
            "as input; name its files to clean them again)",
            output,
        )
    for path in folder_files(folder):
        name = path.relative_to(folder).as_posix()
        yield from read_file(path, columns=columns, name=name, on_bytes=on_bytes)


def folder_files(folder: Path) -> list[Path]:
    """The files of ``folder`` that ``read_folder`` reads: supported, not hidden, not in a
    folder cleaner wrote, sorted (all files of a saved dataset)."""
    if is_saved_dataset(folder):
        return sorted(p for p in folder.rglob("*") if p.is_file())
    ours = _cleaner_outputs(folder)
    return [
        path
        for path in sorted(folder.rglob("*"))
        if path.is_file()
        and _is_supported(path)
        and not any(part.startswith(".") for part in path.relative_to(folder).parts)
        and not any(output in path.parents for output in ours)
    ]


def _cleaner_outputs(folder: Path) -> set[Path]:
    """Folders under ``folder`` (or itself) that a cleaner run wrote or is writing."""
    return {marker.parent for name in (MANIFEST_FILE, LOCK_FILE) for marker in folder.rglob(name)}


def read_file(
    path: Path, *, columns: Columns = Columns(), name: str | None = None, on_bytes: OnBytes = None
) -> Iterator[Item]:
    """The records of one file, by its suffix; ``name`` (default: the path) makes the ids."""
    name = name or str(path)
    suffix = _suffixes(path)
    try:
        if suffix in DOCUMENT_SUFFIXES:
            yield read_document(path, name=name)
            if on_bytes:
                on_bytes(path.stat().st_size)
        elif suffix == ".jsonl":
            yield from _read_jsonl(path, name, columns, on_bytes)
        elif suffix == ".json":
            yield from _read_json(path, name, columns, on_bytes)
        elif suffix == ".csv":
            yield from _read_csv(path, name, columns, on_bytes)
        elif suffix == ".parquet":
            yield from _read_parquet(path, name, columns, on_bytes)
        elif suffix in ARCHIVE_SUFFIXES:
            from .warc import read_archive  # its library is imported only for archives

            yield from read_archive(path, name=name, on_bytes=on_bytes)
        else:
            yield Unreadable(name, f"{name}: unsupported file type; expected one of {_supported()}")
    except (OSError, EOFError, ValueError) as error:  # gzip, UTF-8, arrow errors are among these
        yield Unreadable(name, f"{name}: cannot read the file ({type(error).__name__}: {error})")


def read_document(path: Path, *, name: str | None = None) -> Record | Unreadable:
    """One ``.txt`` or ``.html`` document (optionally ``.gz``) as one record.

    Text must be UTF-8 (a BOM is fine); HTML stays bytes so the HTML cleaner can honour its
    ``<meta charset>``.
    """
    name = name or str(path)
    try:
        data = _read_bytes(path)
    except (OSError, EOFError) as error:
        return Unreadable(name, f"{name}: cannot read the file ({error})")
    if _suffixes(path) in (".html", ".htm"):
        return Record(origin=name, id=name, html=data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return Unreadable(
            name,
            f"{name}: not UTF-8 text (byte 0x{data[error.start]:02x} at offset {error.start}); "
            "convert it to UTF-8 first",
        )
    return Record(origin=name, id=name, text=text)


def record_from_row(
    row: Mapping[str, Any], *, origin: str, default_id: str, columns: Columns
) -> Record:
    """A table row as a ``Record``; raises ``InputError`` naming ``origin`` when it is unusable."""
    if not isinstance(row, Mapping):
        raise InputError(
            f"{origin}: expected an object with a {columns.text!r} field, got {type(row).__name__}"
        )
    html_field = columns.html or (None if columns.text in row else html_field_of(row))
    html = row.get(html_field) if html_field else None
    text = None if html is not None else _text_field(row, origin, columns)
    if html is not None and not isinstance(html, (str, bytes)):
        raise InputError(
            f"{origin}: field {html_field!r} is {type(html).__name__}, expected HTML"
        )
    url = row.get(columns.url)
    record_id = row.get(columns.id)
    extra = {k: v for k, v in row.items() if k not in columns.mapped and k != html_field}
    return Record(
        origin=origin,
        id=default_id if record_id is None else str(record_id),
        text=text,
        html=html,
        url=url if isinstance(url, str) and url else None,
        extra=extra,
    )


def html_field_of(row: Mapping[str, Any]) -> str | None:
    """The field of a row without a text field to clean as HTML: ``html`` or ``raw_html``, or
    ``content`` when it holds markup; ``None`` when there is none.

    >>> html_field_of({"raw_html": b"<p>Hi</p>", "url": "u"}), html_field_of({"content": "Hi."})
    ('raw_html', None)
    """
    for name in HTML_FIELDS:
        if isinstance(row.get(name), (str, bytes)):
            return name
    for name in MAYBE_HTML_FIELDS:
        if looks_like_markup(row.get(name)):
            return name
    return None


def looks_like_markup(value: object) -> bool:
    """True for a string or bytes holding HTML tags (at least ``MIN_MARKUP_TAGS`` near its start).

    >>> looks_like_markup("<div><p>Text</p></div>"), looks_like_markup("I <3 this. <br> once")
    (True, False)
    """
    if isinstance(value, str):
        value = value[:MARKUP_SAMPLE].encode("utf-8", "replace")
    if not isinstance(value, bytes):
        return False
    tags = _MARKUP_TAG.finditer(value[:MARKUP_SAMPLE])
    return len(list(islice(tags, MIN_MARKUP_TAGS))) >= MIN_MARKUP_TAGS


def _text_field(row: Mapping[str, Any], origin: str, columns: Columns) -> str:
    if columns.text not in row:
        wanted = repr(columns.text) + (f" or {columns.html!r}" if columns.html else "")
        markup = [k for k, v in row.items() if looks_like_markup(v)]
        hint = (
            f"field {markup[0]!r} holds HTML: clean it with --html-field {markup[0]}"
            if markup
            else "choose the text field with --text-field"
        )
        raise InputError(f"{origin}: no {wanted} field; the record has {sorted(row)} ({hint})")
    value = row[columns.text]
    if isinstance(value, (bytes, bytearray)):
        raise InputError(
            f"{origin}: field {columns.text!r} holds bytes, expected text; "
            "decode it first, or name it with --html-field if it is HTML"
        )
    if not isinstance(value, str):
        kind = "null" if value is None else type(value).__name__
        raise InputError(f"{origin}: field {columns.text!r} is {kind}, expected a string")
    return value


def rows_to_records(rows: Iterable[tuple[str, str, Any]], columns: Columns) -> Iterator[Item]:
    """(origin, default id, row) triples as records, turning bad rows into ``Unreadable``."""
    for origin, default_id, row in rows:
        try:
            yield record_from_row(row, origin=origin, default_id=default_id, columns=columns)
        except InputError as error:
            yield Unreadable(origin, str(error))


def _read_jsonl(path: Path, name: str, columns: Columns, on_bytes: OnBytes) -> Iterator[Item]:
    with _open_binary(path, on_bytes) as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            origin = f"{name}:{number}"
            try:
                row = json.loads(raw.decode("utf-8-sig" if number == 1 else "utf-8"))
            except UnicodeDecodeError as error:
                yield Unreadable(
                    origin,
                    f"{origin}: not UTF-8 (byte 0x{raw[error.start]:02x} at column {error.start + 1})",
                )
                continue
            except json.JSONDecodeError as error:
                yield Unreadable(
                    origin, f"{origin}: not JSON ({error.msg} at column {error.colno})"
                )
                continue
            yield from rows_to_records([(origin, origin, row)], columns)


def _read_json(path: Path, name: str, columns: Columns, on_bytes: OnBytes) -> Iterator[Item]:
    """A ``.json`` file: JSON lines, or one JSON document (an array of objects, or one object)
    read whole."""
    with _open_text(path) as handle:
        first = handle.readline()
    if not first.lstrip().startswith("[") and _parses(first):
        yield from _read_jsonl(path, name, columns, on_bytes)
        return
    with _open_text(path, on_bytes=on_bytes) as handle:
        try:
            data = json.load(handle)
        except json.JSONDecodeError as error:
            yield Unreadable(name, f"{name}: not JSON ({error.msg} at line {error.lineno})")
            return
    rows = data if isinstance(data, list) else [data]
    triples = ((f"{name}[{i}]", f"{name}:{i + 1}", row) for i, row in enumerate(rows))
    yield from rows_to_records(triples, columns)


def _parses(line: str) -> bool:
    try:
        json.loads(line)
    except json.JSONDecodeError:
        return False
    return True


def _read_csv(path: Path, name: str, columns: Columns, on_bytes: OnBytes) -> Iterator[Item]:
    csv.field_size_limit(CSV_FIELD_LIMIT)
    with _open_text(path, newline="", on_bytes=on_bytes) as handle:
        reader = csv.DictReader(handle)
        try:
            for row in reader:
                # line_num is the physical line the row ended on (a quoted field may span lines)
                origin = f"{name}:{reader.line_num}"
                yield from rows_to_records([(origin, origin, row)], columns)
        except (csv.Error, UnicodeDecodeError) as error:
            origin = f"{name}:{reader.line_num + 1}"
            problem = (
                "not UTF-8" if isinstance(error, UnicodeDecodeError) else f"malformed CSV ({error})"
            )
            yield Unreadable(origin, f"{origin}: {problem}; the rest of the file is skipped")


def _read_parquet(path: Path, name: str, columns: Columns, on_bytes: OnBytes) -> Iterator[Item]:
    """Rows in batches; ``on_bytes`` gets the file's size in proportion to the rows read."""
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(path)
    size, rows, reported = path.stat().st_size, max(parquet.metadata.num_rows, 1), 0
    number = 0
    for batch in parquet.iter_batches(batch_size=BATCH_ROWS):
        triples = []
        for row in batch.to_pylist():
            number += 1
            triples.append((f"{name}:row {number}", f"{name}:{number}", row))
        yield from rows_to_records(triples, columns)
        if on_bytes:
            now = size * number // rows
            on_bytes(now - reported)
            reported = now


def is_saved_dataset(folder: Path) -> bool:
    """True for a folder written by ``Dataset.save_to_disk`` or ``DatasetDict.save_to_disk``."""
    return (folder / "dataset_dict.json").is_file() or (
        (folder / "state.json").is_file() and (folder / "dataset_info.json").is_file()
    )


def read_saved_dataset(folder: Path, *, columns: Columns = Columns()) -> Iterator[Item]:
    """Rows of a saved dataset (every split of a ``DatasetDict``, in name order)."""
    import datasets

    loaded = datasets.load_from_disk(str(folder))
    parts = sorted(loaded.items()) if isinstance(loaded, datasets.DatasetDict) else [("", loaded)]
    for split_name, dataset in parts:
        label = f"{folder.name}/{split_name}" if split_name else folder.name
        yield from _dataset_rows(dataset, label, columns)


def read_hub(
    name: str, *, split: str = "train", subset: str | None = None, columns: Columns = Columns()
) -> Iterator[Item]:
    """A dataset by Hub id (or local dataset folder), streamed; offline it reads the local cache.

    A Hub id is first looked up with one request (``hub.hub_dataset_problem``), so that an
    unknown name or an unreachable Hub is reported at once. The network failing later, while
    rows stream, raises ``InputError`` naming the dataset: the rest of it cannot be read, and
    skipping it would shift the records a ``--resume`` counts on.
    """
    import datasets

    from .hub import hub_dataset_problem

    problem = None if Path(name).exists() else hub_dataset_problem(name)
    if problem:
        yield Unreadable(name, problem)
        return
    try:
        dataset = datasets.load_dataset(name, subset, split=split, streaming=True)
    except Exception as error:  # noqa: BLE001  datasets raises many types: not found, offline, bad config
        yield Unreadable(
            name,
            f"{name}: no such file or folder, and cannot load it as a dataset "
            f"({type(error).__name__}: {error})",
        )
        return
    yield from _dataset_rows(_streamed(dataset, name), name, columns)


def _streamed(dataset: Iterable[Mapping[str, Any]], name: str) -> Iterator[Mapping[str, Any]]:
    """The rows of a streamed dataset; a network error becomes one ``InputError`` naming it."""
    from .hub import first_line, network_errors

    rows = iter(dataset)
    count = 0
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except network_errors() as error:
            raise InputError(
                f"{name}: reading the dataset failed after {count} record"
                f"{'' if count == 1 else 's'} ({first_line(error)}); "
                "a folder run can be continued with --resume"
            ) from error
        count += 1
        yield row


def _dataset_rows(
    dataset: Iterable[Mapping[str, Any]], label: str, columns: Columns
) -> Iterator[Item]:
    triples = ((f"{label}:row {i + 1}", f"{label}:{i + 1}", row) for i, row in enumerate(dataset))
    yield from rows_to_records(triples, columns)


def _suffixes(path: Path) -> str:
    """The meaningful suffix, looking through ``.gz``: ``a.jsonl.gz`` -> ``.jsonl``.

    >>> _suffixes(Path("a/b.JSONL.gz")), _suffixes(Path("page.htm")), _suffixes(Path("README"))
    ('.jsonl', '.htm', '')
    """
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes[-1] if suffixes else ""


def _is_supported(path: Path) -> bool:
    return _suffixes(path) in DOCUMENT_SUFFIXES + TABLE_SUFFIXES + ARCHIVE_SUFFIXES


def _supported() -> list[str]:
    return [*DOCUMENT_SUFFIXES, *TABLE_SUFFIXES, *ARCHIVE_SUFFIXES]


def _read_bytes(path: Path) -> bytes:
    if path.suffix.lower() == ".gz":
        with gzip.open(path, "rb") as handle:
            return handle.read()
    return path.read_bytes()


def _open_binary(path: Path, on_bytes: OnBytes = None) -> IO[bytes]:
    """The file's bytes, gunzipped for ``.gz``; ``on_bytes`` is told the bytes read from disk."""
    if on_bytes is None:
        if path.suffix.lower() == ".gz":
            return gzip.open(path, "rb")  # type: ignore[return-value]
        return open(path, "rb")
    counted = io.BufferedReader(_Counted(io.FileIO(path, "rb"), on_bytes))
    if path.suffix.lower() == ".gz":
        return _OwningGzip(counted)  # type: ignore[return-value]
    return counted


def _open_text(path: Path, newline: str | None = None, on_bytes: OnBytes = None) -> IO[str]:
    """A strict UTF-8 text handle, gunzipping ``.gz`` (a BOM is skipped)."""
    return io.TextIOWrapper(_open_binary(path, on_bytes), encoding="utf-8-sig", newline=newline)


class _Counted(io.RawIOBase):
    """A raw file that tells ``on_bytes`` how many bytes each read took from it."""

    def __init__(self, raw: io.FileIO, on_bytes: Callable[[int], None]) -> None:
        super().__init__()
        self.raw, self.on_bytes = raw, on_bytes

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        count = self.raw.readinto(buffer) or 0
        if count:
            self.on_bytes(count)
        return count

    def close(self) -> None:
        self.raw.close()
        super().close()


class _OwningGzip(gzip.GzipFile):
    """A gzip reader that closes the file it reads, as ``gzip.open`` on a path does."""

    def __init__(self, source: io.BufferedIOBase) -> None:
        super().__init__(fileobj=source, mode="rb")
        self.source = source

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.source.close()
