"""Build WARC and WET files by hand, as Common Crawl writes them: one gzip member a record.

WARC/1.0 headers are a few ``Name: value`` lines; writing them here (rather than with the
reader's library) keeps the tests independent of the library they test, and lets a test make
the broken archives no writer would: a corrupt member, a cut-off file. The benchmarks import
this module too.
"""

from __future__ import annotations

import gzip
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

WARC_DATE = "2024-05-01T12:00:00Z"


@dataclass(frozen=True)
class Entry:
    """One record to write: its WARC type, block and extra WARC headers."""

    type: str
    block: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    url: str | None = None
    record_id: str | None = None

    def to_bytes(self) -> bytes:
        record_id = self.record_id or f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, repr(self))}>"
        lines = ["WARC/1.0", f"WARC-Type: {self.type}", f"WARC-Record-ID: {record_id}"]
        lines.append(f"WARC-Date: {WARC_DATE}")
        if self.url:
            lines.append(f"WARC-Target-URI: {self.url}")
        lines += [f"{name}: {value}" for name, value in self.headers.items()]
        if self.type == "response":
            lines.append("Content-Type: application/http; msgtype=response")
        elif self.type == "conversion":
            lines.append("Content-Type: text/plain")
        lines.append(f"Content-Length: {len(self.block)}")
        return "\r\n".join(lines).encode() + b"\r\n\r\n" + self.block + b"\r\n\r\n"


def http_response(
    body: bytes, *, content_type: str = "text/html; charset=utf-8", status: int = 200
) -> bytes:
    """An HTTP/1.1 response as a WARC ``response`` record's block."""
    reason = {200: "OK", 404: "Not Found", 301: "Moved Permanently"}.get(status, "Status")
    head = [f"HTTP/1.1 {status} {reason}", f"Content-Length: {len(body)}"]
    if content_type:
        head.insert(1, f"Content-Type: {content_type}")
    return "\r\n".join(head).encode() + b"\r\n\r\n" + body


def page(
    url: str,
    body: bytes,
    *,
    content_type: str = "text/html; charset=utf-8",
    status: int = 200,
    headers: Mapping[str, str] | None = None,
    record_id: str | None = None,
) -> Entry:
    """A ``response`` record holding one fetched page."""
    block = http_response(body, content_type=content_type, status=status)
    return Entry("response", block, headers or {}, url=url, record_id=record_id)


def request(url: str) -> Entry:
    host = urlsplit(url).hostname or "localhost"
    block = f"GET / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    return Entry("request", block, {"Content-Type": "application/http; msgtype=request"}, url=url)


def metadata(url: str) -> Entry:
    return Entry("metadata", b"fetchTimeMs: 120\r\n", {"Content-Type": "application/warc-fields"}, url=url)


def revisit(url: str) -> Entry:
    block = http_response(b"", content_type="text/html")
    profile = "http://netpreserve.org/warc/1.0/revisit/identical-payload-digest"
    return Entry("revisit", block, {"WARC-Profile": profile}, url=url)


def warcinfo() -> Entry:
    block = b"software: cleaner tests\r\nformat: WARC File Format 1.0\r\n"
    return Entry("warcinfo", block, {"Content-Type": "application/warc-fields"})


def conversion(url: str, text: str, *, record_id: str | None = None) -> Entry:
    """A WET ``conversion`` record: the page's extracted plain text."""
    return Entry("conversion", text.encode("utf-8"), {}, url=url, record_id=record_id)


def member(entry: Entry) -> bytes:
    """One record as its own gzip member (``mtime=0`` so the bytes are reproducible)."""
    return gzip.compress(entry.to_bytes(), mtime=0)


def write_archive(path: Path, entries: Iterable[Entry | bytes], *, gz: bool | None = None) -> Path:
    """Write ``entries`` (records, or raw bytes placed as they are) to ``path``; gzip per
    record when the name ends in ``.gz``."""
    compress = path.name.endswith(".gz") if gz is None else gz
    with path.open("wb") as out:
        for entry in entries:
            if isinstance(entry, bytes):
                out.write(entry)
            else:
                out.write(member(entry) if compress else entry.to_bytes())
    return path
