"""Cleaned records as JSON lines (``cleaner clean ... -o out.jsonl`` or to stdout).

Each line is ``CleanResult.as_record()`` with the record's ``id`` first and its pass-through
fields after (a pass-through field never overwrites a cleaned one). Unreadable records are
handed to ``on_unreadable`` (the CLI prints them and writes a rejects file) and skipped;
records that are not documents (``Skipped``: a WARC ``request``, an image) are only counted.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import IO, Any

from .export import Job, Outcome, clean_items
from .readers import Item, Skipped, Unreadable
from .report import RunStats


def jsonl_row(outcome: Outcome, *, audit: bool) -> dict[str, Any]:
    """The JSON object written for one cleaned record."""
    record = {"id": outcome.record.id, **outcome.result.as_record(audit=audit)}
    if outcome.record.url:
        record["url"] = outcome.record.url
    if outcome.record.date and not record.get("date"):
        record["date"] = outcome.record.date
    for name, value in outcome.record.extra.items():
        record.setdefault(name, value)
    return record


def write_jsonl(
    items: Iterable[Item],
    job: Job,
    out: IO[str],
    *,
    num_proc: int = 1,
    on_unreadable: Callable[[Unreadable], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> RunStats:
    """Clean ``items`` and write one JSON line per readable record, in input order."""
    stats = RunStats()
    for outcome in clean_items(items, job, num_proc=num_proc):
        stats.add(outcome)
        if isinstance(outcome, Unreadable):
            if on_unreadable:
                on_unreadable(outcome)
        elif isinstance(outcome, Skipped):
            pass  # not a document: counted in the stats only
        else:
            out.write(json.dumps(jsonl_row(outcome, audit=job.audit), ensure_ascii=False) + "\n")
        if progress:
            progress(1)
    return stats
