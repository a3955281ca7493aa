"""Web archives as records: the pages of WARC files and the texts of WET files.

Common Crawl (CC-NEWS and the main crawls) ships WARC files, the raw HTTP responses, and WET
files, the plain text extracted from each page with all its boilerplate; both are gzipped one
record a member. Each record becomes one item of the reader stream:

- a WARC ``response`` with HTTP status 200 and an HTML ``Content-Type`` is a ``Record`` of
  the page's bytes, to be cleaned as HTML; its HTTP charset goes along (``Record.charset``),
  tried before the page's own declaration and detection (see ``decode``);
- a WET ``conversion`` record is a ``Record`` of its text, cleaned as text;
- every other record (``warcinfo``, ``request``, ``metadata``, ``revisit``, ``resource``,
  another status, another type) is a ``Skipped`` with the reason: counted, not an error;
- a record the archive holds cut short by ``WARC-Truncated`` (the crawler stopped at a size
  or time limit) is cleaned all the same, and flagged in the ``warc_truncated`` column.

``url`` is ``WARC-Target-URI``, ``id`` is ``WARC-Record-ID`` and ``WARC-Date`` is the date
when the page gives none. The origin of every item is ``FILE@OFFSET``, the offset of its
record in the (compressed) file, so a record can be found again with any WARC tool.

A corrupt member (a gzip data error, a broken header) or a file cut off in the middle of a
record is an ``Unreadable`` naming file and offset, and reading goes on with the next member
that starts well. Parsing is FastWARC's (see the README for why: it measured fastest).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable, Generator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from fastwarc.warc import ArchiveIterator

from .readers import TRUNCATED_COLUMN, Item, Record, Skipped, Unreadable

# What browsers render as a page; feeds, JSON and images are not articles.
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
OK_STATUS = 200  # redirects, errors and "not modified" replies hold no article
GZIP_MAGIC = b"\x1f\x8b\x08"  # a gzip member starts with these bytes (RFC 1952, deflate)
WARC_MAGIC = b"WARC/1."  # and a record with its version line
SCAN_BYTES = 1 << 20  # read this much at a time when looking for the next member
# A candidate member is taken when this much of it inflates to a WARC version line; a gzip
# header's bytes inside compressed data almost never do.
PROBE_BYTES = 4096


@dataclass
class _Progress:
    """Tells ``on_bytes`` how far into the (compressed) file reading has come."""

    on_bytes: Callable[[int], None] | None
    reported: int = 0

    def to(self, offset: int) -> None:
        if self.on_bytes is not None and offset > self.reported:
            self.on_bytes(offset - self.reported)
            self.reported = offset


def read_archive(
    path: Path, *, name: str | None = None, on_bytes: Callable[[int], None] | None = None
) -> Iterator[Item]:
    """Every record of a ``.warc``/``.wet`` file (optionally gzipped), in file order;
    ``on_bytes`` is told the file's bytes as records are read.

    After a corrupt member, reading starts again at the next member that inflates to a WARC
    record, so one bad member costs only its own records.
    """
    name = name or str(path)
    progress = _Progress(on_bytes)
    with path.open("rb") as handle:
        gz = handle.read(2) == GZIP_MAGIC[:2]
        start: int | None = 0
        while start is not None:
            start = yield from _read_from(handle, start, name, gz, progress)
    progress.to(path.stat().st_size)


def _read_from(
    handle: IO[bytes], start: int, name: str, gz: bool, progress: _Progress
) -> Generator[Item, None, int | None]:
    """The items from offset ``start`` on; returns where to go on after a corrupt member, or
    None at the end of the file."""
    handle.seek(start)
    last: int | None = None  # the offset of the last record read whole
    current = start
    try:
        for record in ArchiveIterator(handle, parse_http=True, auto_decode="all"):
            current = record.stream_pos
            progress.to(current)
            item = archive_item(record, name)
            last = current
            yield item
    except OSError as error:
        bad = current if current != last else _member_end(handle, last, gz)
        bad = current if bad is None else bad
        yield Unreadable(
            f"{name}@{bad}",
            f"{name}: corrupt archive member at offset {bad} ({error}); "
            "going on with the next member",
        )
        return _next_member(handle, bad + 1, gz)
    end = _member_end(handle, last, gz) if last is not None else start
    if end is not None and _has_data(handle, end):
        yield Unreadable(
            f"{name}@{end}", f"{name}: the archive ends in a cut-off member at offset {end}"
        )
    return None


def archive_item(record: Any, name: str) -> Item:
    """One FastWARC record as a ``Record`` to clean, or ``Skipped`` with the reason."""
    origin = f"{name}@{record.stream_pos}"
    kind = record.headers.get("WARC-Type") or "unknown"
    if kind == "response":
        return _response(record, origin)
    if kind == "conversion":
        return _conversion(record, origin)
    return Skipped(origin, kind)


def _response(record: Any, origin: str) -> Item:
    if not record.is_http:
        return Skipped(origin, "not_http")
    status = record.http_headers.status_code
    if status != OK_STATUS:
        return Skipped(origin, f"http_status: {status}")
    mime = _mime(record)
    if mime not in HTML_TYPES:
        return Skipped(origin, f"not_html: {mime or 'no content type'}")
    body = _payload(record, origin)
    if isinstance(body, Unreadable):
        return body
    return _record(record, origin, html=body, charset=record.http_charset)


def _conversion(record: Any, origin: str) -> Item:
    body = _payload(record, origin)
    if isinstance(body, Unreadable):
        return body
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        return Unreadable(origin, f"{origin}: not UTF-8 text (byte at offset {error.start})")
    return _record(record, origin, text=text)


def _record(record: Any, origin: str, **content: Any) -> Record:
    headers = record.headers
    return Record(
        origin=origin,
        id=headers.get("WARC-Record-ID") or origin,
        url=headers.get("WARC-Target-URI") or None,
        date=headers.get("WARC-Date") or None,
        extra={TRUNCATED_COLUMN: headers.get("WARC-Truncated") or None},
        **content,
    )


def _mime(record: Any) -> str | None:
    """The HTTP media type, lower case (Common Crawl's identified type when there is none).

    The header is what the server said; ``WARC-Identified-Payload-Type`` is the crawler's
    guess from the bytes, used only for responses that came without one.
    """
    mime = record.http_content_type or record.headers.get("WARC-Identified-Payload-Type")
    return mime.split(";", 1)[0].strip().lower() if mime else None


def _payload(record: Any, origin: str) -> bytes | Unreadable:
    """The record's payload, or why it cannot be had: a record shorter than its length says
    is where the file was cut off. (With a content or transfer encoding the decoded length
    differs from the stored one, so only unencoded payloads can be checked.)"""
    body: bytes = record.reader.read()
    encoded = record.is_http and any(
        record.http_headers.get(h) for h in ("Content-Encoding", "Transfer-Encoding")
    )
    if not encoded and len(body) < record.content_length:
        return Unreadable(
            origin,
            f"{origin}: the archive is cut off in this record "
            f"({len(body):,} of {record.content_length:,} bytes)",
        )
    return body


def _member_end(handle: IO[bytes], start: int | None, gz: bool) -> int | None:
    """Where the member (gzip) or record (plain WARC) at ``start`` ends; None if it does
    not (the file is cut off in it)."""
    if start is None:
        return None
    handle.seek(start)
    if not gz:
        return _record_end(handle, start)
    inflate = zlib.decompressobj(wbits=31)
    position = start
    while not inflate.eof:
        chunk = handle.read(SCAN_BYTES)
        if not chunk:
            return None
        try:
            inflate.decompress(chunk)
        except zlib.error:
            return None
        position += len(chunk)
    return position - len(inflate.unused_data)


def _record_end(handle: IO[bytes], start: int) -> int | None:
    """The end of an uncompressed record: its header, ``Content-Length`` bytes, CRLF CRLF."""
    head = handle.read(SCAN_BYTES)
    split = head.find(b"\r\n\r\n")
    if split < 0:
        return None
    for line in head[:split].split(b"\r\n"):
        field, _, value = line.partition(b":")
        if field.strip().lower() == b"content-length" and value.strip().isdigit():
            return start + split + 4 + int(value) + 4
    return None


def _next_member(handle: IO[bytes], offset: int, gz: bool) -> int | None:
    """The offset of the first member at or after ``offset`` that starts a WARC record."""
    magic = GZIP_MAGIC if gz else WARC_MAGIC
    position = offset
    while True:
        handle.seek(position)
        chunk = handle.read(SCAN_BYTES + len(magic))
        if len(chunk) < len(magic):
            return None
        found = chunk.find(magic)
        while 0 <= found < SCAN_BYTES:
            if _starts_record(handle, position + found, gz):
                return position + found
            found = chunk.find(magic, found + 1)
        position += SCAN_BYTES


def _starts_record(handle: IO[bytes], offset: int, gz: bool) -> bool:
    handle.seek(max(offset - 1, 0))
    data = handle.read(PROBE_BYTES + 1)
    if not gz:  # a version line starts a line
        return offset == 0 or data[:1] == b"\n"
    probe = data[1:] if offset else data
    try:
        return zlib.decompressobj(wbits=31).decompress(probe, len(WARC_MAGIC)) == WARC_MAGIC
    except zlib.error:
        return False


def _has_data(handle: IO[bytes], offset: int) -> bool:
    """Whether anything but blank space follows ``offset`` (files may end in newlines)."""
    handle.seek(offset)
    return bool(handle.read(PROBE_BYTES).strip(b"\r\n\t \x00"))
