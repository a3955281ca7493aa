"""The dataset edge: the one declared schema, the ``Dataset.map`` batch function, and cleaning
a stream of records (in worker processes when asked) into rows of that schema.

Rows hold plain strings and ints; ``removed`` is a list of structs (``datasets.List``), one
per removal, so a user can filter on ``removed.reason`` without parsing anything.
"""

from __future__ import annotations

import hashlib
import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from datasets import Dataset, Features, IterableDataset, List, Value

from .errors import InputError
from .model import CleanResult
from .readers import Columns, Item, Record, Skipped, Unreadable
from .textutil import words

if TYPE_CHECKING:
    from multiprocessing.pool import AsyncResult

    from .cleaner import Cleaner

REMOVAL_FEATURES = {
    "reason": Value("string"),  # a ``Reason`` value: byline, promo, sidebar, ...
    "rule": Value("string"),  # the rule that fired
    "text": Value("string"),  # the removed text
    "start": Value(
        "int64"
    ),  # character offsets into the input document (its visible text for HTML)
    "end": Value("int64"),
    "evidence": Value("string"),  # what the rule measured, for people (code keys on reason/rule)
}
FEATURES = Features(
    {
        "id": Value("string"),
        "url": Value("string"),
        "source": Value("string"),  # the URL's host, without "www."
        "title": Value("string"),
        "author": Value("string"),
        "section": Value("string"),
        "date": Value("string"),
        "lang": Value("string"),
        "text": Value("string"),
        "text_source": Value("string"),  # article | pruned | structured_data (``CleanResult``)
        "removed": List(REMOVAL_FEATURES),
    }
)
COLUMNS = tuple(FEATURES)  # the column names in schema order (building Features is slow)
COLUMNS_NO_AUDIT = tuple(name for name in COLUMNS if name != "removed")
DROP_REASON = "drop_reason"  # hub folders only: why a document went to the ``rejected`` split
# Gopher's quality filter (Rae et al. 2021) drops documents under 50 words; a news article
# with less than that left after cleaning is a teaser, a gallery or a paywall stub.
MIN_WORDS = 50
# Documents sent to a worker at a time, and chunks in flight per worker: enough to keep the
# workers busy while the main process reads and writes, few enough to bound memory.
CHUNK_DOCS = 64
CHUNKS_IN_FLIGHT = 4


def features(*, audit: bool = True) -> Features:
    """The declared schema; without audit there is no ``removed`` column."""
    if audit:
        return Features(FEATURES.copy())
    return Features({k: v for k, v in FEATURES.items() if k != "removed"})


def source_of(url: str | None) -> str | None:
    """The host a URL points to, lower case, without a leading ``www.``.

    >>> source_of("https://WWW.Example.com:8080/news/1"), source_of("not a url"), source_of(None)
    ('example.com', None, None)
    """
    host = urlsplit(url).hostname if url else None
    if not host:
        return None
    return host.removeprefix("www.")


def content_id(text: str, url: str | None = None) -> str:
    """A stable id for a document that came without one: 16 hex digits of SHA-1.

    >>> content_id("Storm hits the coast.")
    'ea574cc6b1b17929'
    """
    return hashlib.sha1(f"{url or ''}\n{text}".encode()).hexdigest()[:16]


def result_row(
    result: CleanResult,
    *,
    id: str,
    url: str | None = None,
    audit: bool = True,
    date: str | None = None,
) -> dict[str, Any]:
    """One row of the declared schema (keys in schema order); ``date`` is used when the
    document gives none (an archived page's ``WARC-Date``)."""
    record = result.as_record(audit=audit)
    record["id"] = id
    record["url"] = url or result.url
    record["date"] = record.get("date") or date
    record["source"] = source_of(record["url"])
    return {key: record.get(key) for key in (COLUMNS if audit else COLUMNS_NO_AUDIT)}


def clean_record(cleaner: Cleaner, record: Record, *, lang: str | None = None) -> CleanResult:
    """Clean one record as HTML or text; ``InputError`` names the record when it cannot be."""
    if record.html is not None:
        return cleaner.clean_html(record.html, url=record.url, lang=lang, charset=record.charset)
    if record.text is None:
        raise InputError(f"{record.origin}: the record has no text")
    return cleaner.clean_text(record.text, url=record.url, lang=lang)


def drop_reason(result: CleanResult, *, min_words: int = MIN_WORDS) -> str | None:
    """Why a cleaned document is not worth keeping, or None to keep it.

    >>> drop_reason(CleanResult(text="")), drop_reason(CleanResult(text="Two words."), min_words=2)
    ('empty: no text left', None)
    """
    count = len(words(result.text))
    if count == 0:
        return "empty: no text left"
    if count < min_words:
        return f"too_short: {count} words < {min_words}"
    return None


@dataclass(frozen=True)
class Outcome:
    """A cleaned record: its row, its result, and why it is rejected (None: kept)."""

    record: Record
    result: CleanResult
    row: dict[str, Any]
    drop_reason: str | None


@dataclass(frozen=True)
class Job:
    """What a worker needs besides the records: picklable, sent once per worker."""

    cleaner: Cleaner
    audit: bool = True
    lang: str | None = None
    min_words: int = MIN_WORDS

    def run(self, item: Item) -> Outcome | Unreadable | Skipped:
        return self.outcome(item, self.clean(item))

    def clean(self, item: Item) -> CleanResult | Unreadable | Skipped:
        """The cleaning proper (what workers do): a result, or why there is none."""
        if isinstance(item, (Unreadable, Skipped)):
            return item
        try:
            return clean_record(self.cleaner, item, lang=self.lang)
        except InputError as error:
            message = str(error)
            where = message if item.origin in message else f"{item.origin}: {message}"
            return Unreadable(item.origin, where)
        except Exception as error:  # noqa: BLE001  one record must not stop a long run
            problem = f"cleaner failed ({type(error).__name__}: {error}); please report it"
            return Unreadable(item.origin, f"{item.origin}: {problem}")

    def outcome(
        self, item: Item, cleaned: CleanResult | Unreadable | Skipped
    ) -> Outcome | Unreadable | Skipped:
        """The row and verdict for a cleaned record (cheap: done in the main process)."""
        if not isinstance(cleaned, CleanResult):
            return cleaned
        if not isinstance(item, Record):
            return item
        row = result_row(cleaned, id=item.id, url=item.url, audit=self.audit, date=item.date)
        return Outcome(item, cleaned, row, drop_reason(cleaned, min_words=self.min_words))

    def clean_chunk(self, items: list[Item]) -> list[CleanResult | Unreadable | Skipped]:
        return [self.clean(item) for item in items]


def clean_items(
    items: Iterable[Item], job: Job, *, num_proc: int = 1
) -> Iterator[Outcome | Unreadable | Skipped]:
    """Clean a stream of records in order; with ``num_proc > 1`` in that many processes.

    Workers get the records and send back only the results. At most ``num_proc *
    CHUNKS_IN_FLIGHT`` chunks are in flight, so memory stays bounded however long the
    stream (``Pool.imap`` would read the whole input ahead).
    """
    if num_proc <= 1:
        for item in items:
            yield job.run(item)
        return
    context = multiprocessing.get_context(
        "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    )
    with context.Pool(num_proc, initializer=_init_worker, initargs=(job,)) as pool:
        pending: deque[tuple[list[Item], AsyncResult[list[CleanResult | Unreadable | Skipped]]]] = (
            deque()
        )
        for chunk in _chunks(items, CHUNK_DOCS):
            pending.append((chunk, pool.apply_async(_clean_chunk, (chunk,))))
            if len(pending) >= num_proc * CHUNKS_IN_FLIGHT:
                yield from _outcomes(job, *pending.popleft())
        while pending:
            yield from _outcomes(job, *pending.popleft())


def _outcomes(
    job: Job, chunk: list[Item], results: AsyncResult[list[CleanResult | Unreadable | Skipped]]
) -> Iterator[Outcome | Unreadable | Skipped]:
    for item, cleaned in zip(chunk, results.get(), strict=True):
        yield job.outcome(item, cleaned)


_WORKER_JOB: list[Job] = []  # one per worker process, set by its initializer


def _init_worker(job: Job) -> None:
    _WORKER_JOB[:] = [job]


def _clean_chunk(chunk: list[Item]) -> list[CleanResult | Unreadable | Skipped]:
    return _WORKER_JOB[0].clean_chunk(chunk)


def _chunks(items: Iterable[Item], size: int) -> Iterator[list[Item]]:
    chunk: list[Item] = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass(frozen=True)
class BatchCleaner:
    """The ``Dataset.map(batched=True)`` function: adds the cleaned columns to a batch.

    Picklable (a frozen dataclass of a frozen ``Cleaner``), so ``num_proc`` works. The
    ``text`` column is replaced by the cleaned text when the input column is also ``text``;
    other input columns are left as they are. Rows without an id column get ``content_id``.
    A null text is an empty document; a non-string text raises ``InputError`` naming the row.
    """

    cleaner: Cleaner
    columns: Columns = field(default_factory=Columns)
    audit: bool = True
    lang: str | None = None

    def __call__(self, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
        self._check_columns(batch)
        size = len(next(iter(batch.values()), []))
        names = COLUMNS if self.audit else COLUMNS_NO_AUDIT
        out: dict[str, list[Any]] = {name: [] for name in names}
        for i in range(size):
            row = self._clean_row(batch, i)
            for name, value in row.items():
                out[name].append(value)
        return out

    def _clean_row(self, batch: Mapping[str, list[Any]], i: int) -> dict[str, Any]:
        html = (
            batch[self.columns.html][i]
            if self.columns.html and self.columns.html in batch
            else None
        )
        text = "" if html is not None else batch[self.columns.text][i]
        text = "" if text is None else text
        if not isinstance(text, str):
            raise InputError(
                f"row {i} of the batch: column {self.columns.text!r} is {type(text).__name__}, expected str"
            )
        url = batch[self.columns.url][i] if self.columns.url in batch else None
        given_id = batch[self.columns.id][i] if self.columns.id in batch else None
        record_id = (
            str(given_id)
            if given_id is not None
            else content_id(text if html is None else str(html), url)
        )
        record = Record(origin=f"row {i}", id=record_id, text=text, html=html, url=url or None)
        result = clean_record(self.cleaner, record, lang=self.lang)
        return result_row(result, id=record_id, url=record.url, audit=self.audit)

    def _check_columns(self, batch: Mapping[str, list[Any]]) -> None:
        wanted = (
            [self.columns.text]
            if self.columns.html is None
            else [self.columns.text, self.columns.html]
        )
        if not any(name in batch for name in wanted):
            raise InputError(
                f"the dataset has no {' or '.join(map(repr, wanted))} column; its columns are "
                f"{sorted(batch)} (name the text column with text_column=...)"
            )


def clean_batch(cleaner: Cleaner, batch: Mapping[str, list[Any]]) -> dict[str, list[Any]]:
    """``Cleaner.__call__``: the batch function with the default column names and audit on."""
    return BatchCleaner(cleaner)(batch)


def mapped_features(input_features: Features | None, *, audit: bool = True) -> Features | None:
    """The schema after cleaning: the input's columns, with the declared ones added or replaced."""
    if input_features is None:
        return None
    merged = dict(input_features)
    merged.update(features(audit=audit))
    return Features(merged)


def clean_dataset(
    dataset: Dataset | IterableDataset,
    cleaner: Cleaner | None = None,
    *,
    text_column: str = "text",
    html_column: str | None = None,
    url_column: str = "url",
    id_column: str = "id",
    audit: bool = True,
    lang: str | None = None,
    num_proc: int | None = None,
    batch_size: int = 100,
) -> Dataset | IterableDataset:
    """Clean a ``Dataset`` or ``IterableDataset``: the declared columns are added (``text``
    replaced), every other column is kept. ``num_proc`` applies to ``Dataset`` only."""
    from .cleaner import Cleaner

    columns = Columns(text=text_column, html=html_column, url=url_column, id=id_column)
    function = BatchCleaner(cleaner or Cleaner(), columns=columns, audit=audit, lang=lang)
    names = dataset.column_names
    if names is not None and text_column not in names and (html_column or "") not in names:
        raise InputError(f"the dataset has no {text_column!r} column; its columns are {names}")
    new_features = mapped_features(dataset.features, audit=audit)
    if isinstance(dataset, IterableDataset):
        return dataset.map(function, batched=True, batch_size=batch_size, features=new_features)
    return dataset.map(
        function,
        batched=True,
        batch_size=batch_size,
        num_proc=num_proc,
        features=new_features,
        desc="cleaning",
    )
