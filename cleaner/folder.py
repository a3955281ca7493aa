"""A Hub-ready folder: parquet (or JSONL) shards per split, a dataset card, a rejects file.

How a run is laid out on disk, and why:

- While it runs, everything goes to ``FOLDER/.cleaner-run/``: every ``checkpoint_every``
  input records (or sooner when the buffer is big) it writes one part per split and the
  rejects of that stretch, each to a temporary name renamed into place, and only then
  ``state.json`` (records consumed, counts so far), also by rename. A run killed at any point
  leaves parts that ``state.json`` either counts or does not; ``--resume`` deletes the parts
  it does not count and skips the records it does, so nothing is written twice or lost.
- At the end, parts are re-cut into shards of bounded size, named
  ``data/<split>-NNNNN-of-NNNNN-<hash>.parquet`` where ``<hash>`` is a digest of their
  content, and the card is written last. The hash is in the card's ``data_files`` too:
  ``datasets`` caches a local folder under its name and config, not its files' content, so
  without it a second folder of the same name (or this one rewritten) loads the first run's
  rows.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from datasets import Features, Value

from .card import render_card
from .errors import CleanerError, InputError, OutputError
from .export import DROP_REASON, FEATURES, Job, Outcome, clean_items, features
from .readers import Item, Skipped, Unreadable
from .report import RunStats
from .safety import (
    FAILED,
    FINISHED,
    FINISHING,
    MANIFEST_FILE,
    Manifest,
    atomic_path,
    changed_input,
    files_under,
    first_foreign,
    folder_lock,
    input_identity,
    refuse_inputs_inside,
    remove_written,
    write_manifest,
)

WORK_DIR = ".cleaner-run"
STATE_FILE = "state.json"
REJECTS_FILE = "rejects.jsonl"
SPLITS = ("train", "rejected")
FORMATS = ("parquet", "jsonl", "disk")
# Checkpoint (write parts and state) every this many input records: a crash loses at most
# this much work, and each part file stays a few megabytes for news-sized documents.
CHECKPOINT_EVERY = 10_000
# ... or sooner when the buffered rows hold this many characters, so memory stays bounded.
CHECKPOINT_CHARS = 64 * 1024 * 1024
# Shards are cut at this many bytes of arrow data: the size datasets' push_to_hub uses.
MAX_SHARD_BYTES = 500 * 1024 * 1024
# Column statistics (min/max per row group) only where they help a reader skip row groups:
# on the long text columns they would copy two documents into the footer per row group.
_STATISTICS = ["id", "url", "source", "lang", "date", DROP_REASON]
ROW_GROUP_ROWS = 1000  # rows per parquet row group, and per rebatched slice when re-cutting


@dataclass(frozen=True)
class FolderOptions:
    """How to write a folder. ``fingerprint`` identifies inputs + settings for ``resume``."""

    format: str = "parquet"
    license: str | None = None
    pretty_name: str | None = None
    lang: str | None = None
    max_shard_bytes: int = MAX_SHARD_BYTES
    checkpoint_every: int = CHECKPOINT_EVERY
    resume: bool = False
    overwrite: bool = False
    settings: dict[str, Any] = field(default_factory=dict)  # cleaner description, for the card

    def __post_init__(self) -> None:
        if self.format not in FORMATS:
            raise OutputError(f"unknown format {self.format!r}; choose one of {list(FORMATS)}")


@dataclass
class ExtraColumns:
    """Types of the pass-through columns, pinned by their first non-null value.

    Parquet needs one type per column: a later value of another type sends its record to the
    rejects with a message, rather than failing the run or silently converting it. Integers
    widen to floats (the parts already written are cast when the shards are cut).
    """

    types: dict[str, str | None] = field(default_factory=dict)  # None: only nulls so far

    def coerce(self, origin: str, extra: dict[str, Any]) -> dict[str, Any]:
        row: dict[str, Any] = {}
        for name, value in extra.items():
            if name in FEATURES or name == DROP_REASON:
                continue  # the cleaned columns win over input columns of the same name
            row[name] = self._value(origin, name, value)
        return row

    def _value(self, origin: str, name: str, value: Any) -> Any:
        kind, value = _kind(value)
        pinned = self.types.get(name)
        if kind is None:
            self.types.setdefault(name, None)
        elif pinned is None or pinned == kind or (pinned == "double" and kind == "int64"):
            self.types[name] = pinned or kind
        elif pinned == "int64" and kind == "double":
            self.types[name] = "double"
        else:
            raise InputError(
                f"{origin}: column {name!r} is {kind} here but {pinned} in earlier records"
            )
        return value

    def features(self) -> dict[str, Value]:
        return {name: Value(kind or "string") for name, kind in self.types.items()}


def _kind(value: Any) -> tuple[str | None, Any]:
    if value is None:
        return None, None
    if isinstance(value, bool):
        return "bool", value
    if isinstance(value, int):
        return "int64", value
    if isinstance(value, float):
        return "double", value
    if isinstance(value, str):
        return "string", value
    if isinstance(value, (list, dict)):
        return "string", json.dumps(value, ensure_ascii=False, sort_keys=True)
    return "string", str(value)


def folder_features(audit: bool, extras: ExtraColumns) -> Features:
    return Features({**features(audit=audit), DROP_REASON: Value("string"), **extras.features()})


def write_atomic(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, "utf-8")


@dataclass
class Checkpointer:
    """Buffers the outcomes of a stretch of input and commits them as one part set."""

    work: Path
    audit: bool
    fingerprint: str
    inputs: dict[str, dict[str, Any]] = field(default_factory=dict)  # see safety.input_identity
    stats: RunStats = field(default_factory=RunStats)
    extras: ExtraColumns = field(default_factory=ExtraColumns)
    parts: int = 0
    buffers: dict[str, list[dict[str, Any]]] = field(
        default_factory=lambda: {s: [] for s in SPLITS}
    )
    rejects: list[dict[str, str]] = field(default_factory=list)
    pending: int = 0  # input records in the buffers
    chars: int = 0

    def add(self, outcome: Outcome | Unreadable | Skipped) -> None:
        if isinstance(outcome, Outcome):
            try:
                extra = self.extras.coerce(outcome.record.origin, dict(outcome.record.extra))
            except InputError as error:
                outcome = Unreadable(outcome.record.origin, str(error))
        if isinstance(outcome, Unreadable):
            self.rejects.append({"input": outcome.origin, "error": outcome.error})
        elif isinstance(outcome, Outcome):
            split = "train" if outcome.drop_reason is None else "rejected"
            self.buffers[split].append({**outcome.row, DROP_REASON: outcome.drop_reason, **extra})
            self.chars += len(outcome.row["text"])
        self.stats.add(outcome)
        self.pending += 1

    def due(self, every: int) -> bool:
        return self.pending >= every or self.chars >= CHECKPOINT_CHARS

    def commit(self) -> None:
        """Write the buffered parts, then the state that counts them (in that order)."""
        if not self.pending:
            return
        schema = folder_features(self.audit, self.extras).arrow_schema
        for split, rows in self.buffers.items():
            if rows:
                with atomic_path(self.work / f"{split}-{self.parts:05d}.parquet") as tmp:
                    _write_part(tmp, rows, schema)
        if self.rejects:
            lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in self.rejects)
            write_atomic(self.work / f"rejects-{self.parts:05d}.jsonl", lines)
        self.parts += 1
        self.buffers = {s: [] for s in SPLITS}
        self.rejects, self.pending, self.chars = [], 0, 0
        state = {
            "fingerprint": self.fingerprint,
            "inputs": self.inputs,
            "consumed": self.stats.inputs,
            "parts": self.parts,
            "extras": self.extras.types,
            "stats": self.stats.to_dict(),
        }
        write_atomic(self.work / STATE_FILE, json.dumps(state, ensure_ascii=False))

    @classmethod
    def restore(
        cls, work: Path, audit: bool, fingerprint: str, inputs: dict[str, dict[str, Any]]
    ) -> Checkpointer:
        """The checkpointer of an interrupted run, with the parts it did not count deleted."""
        state = json.loads((work / STATE_FILE).read_text("utf-8"))
        if state["fingerprint"] != fingerprint:
            raise OutputError(
                f"{work.parent}: the interrupted run there used other inputs or settings; "
                "rerun it with the same ones, or use --overwrite to start again"
            )
        change = changed_input(state.get("inputs", {}), inputs)
        if change:
            raise OutputError(
                f"{work.parent}: cannot resume: {change} since the interrupted run, so its "
                "records no longer line up with what was done; use --overwrite to start again"
            )
        for path in work.iterdir():
            index = path.name.split(".")[0].rsplit("-", 1)[-1]
            if index.isdigit() and int(index) >= state["parts"]:
                path.unlink()  # written after the last checkpoint: its records are redone
        extras = ExtraColumns(dict(state["extras"]))
        stats = RunStats.from_dict(state["stats"])
        return cls(work, audit, fingerprint, inputs, stats, extras, state["parts"])


def run_fingerprint(settings: dict[str, Any], options: FolderOptions) -> str:
    """What must not change between an interrupted run and its ``--resume``: the inputs and
    every setting that shapes the rows (the shard size and checkpoint interval may change)."""
    data = json.dumps(
        [settings, options.format, options.license, options.pretty_name], sort_keys=True
    )
    return hashlib.sha256(data.encode()).hexdigest()


def _write_part(path: Path, rows: list[dict[str, Any]], schema: pa.Schema) -> None:
    """Rows to parquet one row group at a time (converting all at once doubles the peak)."""
    with pq.ParquetWriter(path, schema, write_statistics=False) as writer:
        for start in range(0, len(rows), ROW_GROUP_ROWS):
            chunk = rows[start : start + ROW_GROUP_ROWS]
            writer.write_table(pa.Table.from_pylist(chunk, schema=schema))


def prepare(folder: Path, options: FolderOptions) -> bool:
    """Make ``folder`` (locked, and holding nothing but cleaner's files) ready for a run;
    True when an interrupted run is to be resumed. Deletes only files a manifest lists."""
    work = folder / WORK_DIR
    manifest = Manifest.load(folder)
    _refuse_foreign(folder, manifest)
    interrupted = (work / STATE_FILE).is_file()
    if work.is_dir() and not interrupted:
        shutil.rmtree(work)  # killed before its first checkpoint: nothing was committed
    if interrupted and not options.overwrite:
        if not options.resume:
            raise OutputError(
                f"{folder}: holds an interrupted run; add --resume to continue it or "
                "--overwrite to start again"
            )
        if manifest is not None and manifest.status == FINISHING:
            remove_written(folder, manifest)  # placed while finishing: placed again from the parts
        return True
    if manifest is not None and manifest.status == FINISHED and not options.overwrite:
        raise OutputError(
            f"{folder}: already holds a finished run ({len(manifest.files)} files); choose "
            "another folder, or add --overwrite to replace it (it deletes only those files)"
        )
    if manifest is not None:
        remove_written(folder, manifest)
    if interrupted:
        shutil.rmtree(work)
    work.mkdir()
    return False


def _refuse_foreign(folder: Path, manifest: Manifest | None) -> None:
    """Refuse a folder holding any file cleaner did not write (or changed since it wrote it)."""
    ours = [f"{WORK_DIR}/"]
    if manifest is not None:
        ours += [MANIFEST_FILE] + [n for n in manifest.files if manifest.unchanged(folder, n)]
    foreign = first_foreign(folder, ours)
    if foreign is None:
        return
    path, count = foreign
    changed = manifest is not None and path.relative_to(folder).as_posix() in manifest.files
    why = "which changed since cleaner wrote it" if changed else "which cleaner did not write"
    more = f" (and {count - 1} more such files)" if count > 1 else ""
    raise OutputError(
        f"{folder}: holds {path}, {why}{more}; cleaner writes only into a new or empty folder "
        "or one it wrote itself: choose another folder"
    )


def build_folder(
    items: Iterable[Item],
    folder: Path,
    job: Job,
    options: FolderOptions,
    *,
    fingerprint: str,
    inputs: Sequence[Path] = (),
    num_proc: int = 1,
    progress: Callable[[int], None] | None = None,
    on_resume: Callable[[int], None] | None = None,
) -> RunStats:
    """Clean ``items`` into a Hub-ready ``folder`` (see the module doc for the layout).

    ``inputs`` are the local files ``items`` come from: the folder may not hold one, and a
    resume is refused when one changed. A folder is left behind only when a record was read.
    ``on_resume`` is told how many input records an interrupted run had committed.
    """
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise OutputError(
            f"{folder}: is a file; give a folder, or a name ending in .jsonl for JSON lines"
        )
    refuse_inputs_inside(folder, inputs)
    identity = input_identity(inputs)
    created = not folder.exists()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with folder_lock(folder, take_stale=options.resume or options.overwrite):
            return _run(
                items, folder, job, options, fingerprint, identity, num_proc, progress, on_resume
            )
    except CleanerError:
        raise
    except OSError as error:
        raise OutputError(_write_error(folder, error)) from error
    finally:
        if created and folder.is_dir() and not any(folder.iterdir()):
            folder.rmdir()


def _write_error(folder: Path, error: OSError) -> str:
    where = error.filename or folder
    return (
        f"{where}: cannot write ({error.strerror or error}); nothing committed is lost: fix "
        "it (space, permissions), then rerun with --resume"
    )


def _run(
    items: Iterable[Item],
    folder: Path,
    job: Job,
    options: FolderOptions,
    fingerprint: str,
    identity: dict[str, dict[str, Any]],
    num_proc: int,
    progress: Callable[[int], None] | None,
    on_resume: Callable[[int], None] | None,
) -> RunStats:
    resuming = prepare(folder, options)
    work = folder / WORK_DIR
    if resuming:
        checkpointer = Checkpointer.restore(work, job.audit, fingerprint, identity)
    else:
        checkpointer = Checkpointer(work, job.audit, fingerprint, identity)
    done = checkpointer.stats.inputs
    if on_resume and resuming:
        on_resume(done)
    if progress and done:
        progress(done)
    for outcome in clean_items(islice(items, done, None), job, num_proc=num_proc):
        checkpointer.add(outcome)
        if progress:
            progress(1)
        if checkpointer.due(options.checkpoint_every):
            checkpointer.commit()
    checkpointer.commit()
    if checkpointer.stats.inputs == 0:
        shutil.rmtree(work)  # nothing was read: leave no folder that blocks the corrected rerun
    else:
        finish(folder, checkpointer, options)
    return checkpointer.stats


def finish(folder: Path, checkpointer: Checkpointer, options: FolderOptions) -> None:
    """Re-cut the parts into shards, place them, write rejects and the card, and last the
    manifest of everything written. Before placing anything, a manifest marked ``finishing``
    names what is about to be placed, so a resume after a crash here knows those files."""
    work = checkpointer.work
    schema_features = folder_features(checkpointer.audit, checkpointer.extras)
    staged = work / "staged"
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir()
    shards = {
        s: _cut_shards(
            sorted(work.glob(f"{s}-[0-9]*.parquet")), staged, s, schema_features, options
        )
        for s in SPLITS
    }
    digest = _digest(path for paths in shards.values() for path in paths)
    moves, splits = _stage(folder, shards, digest, schema_features, options, work)
    rejects = sorted(work.glob("rejects-[0-9]*.jsonl"))
    written = [dest for _, dest in moves] + [folder / "README.md"]
    written += [folder / REJECTS_FILE] if rejects else []
    write_manifest(folder, written, FINISHING)
    for source, dest in moves:
        dest.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, dest)
    _write_rejects(folder, rejects)
    card = render_card(
        checkpointer.stats, splits=splits, features=schema_features, options=options, digest=digest
    )
    write_atomic(folder / "README.md", card)
    write_manifest(folder, written, FINISHED if checkpointer.stats.kept else FAILED)
    (work / STATE_FILE).unlink()  # first, so a crash while deleting leaves no resumable state
    shutil.rmtree(work)


def _cut_shards(
    parts: Sequence[Path],
    staged: Path,
    split: str,
    schema_features: Features,
    options: FolderOptions,
) -> list[Path]:
    """Stream the parts of a split into shards of at most ``max_shard_bytes`` each (a shard
    holds at least one row, however big)."""
    schema = schema_features.arrow_schema
    shards: list[Path] = []
    writer: Any = None
    size = 0
    for table in _rebatched(parts, schema):
        while table.num_rows:
            if writer is None or size >= options.max_shard_bytes:
                if writer is not None:
                    writer.close()
                shards.append(staged / f"{split}-{len(shards):05d}.{_suffix(options)}")
                writer, size = _open_shard(shards[-1], schema, options), 0
            rows = _rows_that_fit(table, options.max_shard_bytes - size, at_least_one=size == 0)
            if rows == 0:
                size = options.max_shard_bytes  # full: the next row starts a new shard
                continue
            head = table.slice(0, rows)
            writer.write(head)
            size += head.nbytes
            table = table.slice(rows)
    if writer is not None:
        writer.close()
    return shards


def _rows_that_fit(table: pa.Table, room: int, *, at_least_one: bool) -> int:
    """The most leading rows of ``table`` whose arrow size fits in ``room`` bytes."""
    if table.nbytes <= room:
        return int(table.num_rows)
    low, high = 0, table.num_rows  # invariant: low rows fit, high rows do not
    while high - low > 1:
        middle = (low + high) // 2
        if table.slice(0, middle).nbytes <= room:
            low = middle
        else:
            high = middle
    return max(low, 1) if at_least_one else low


class _JsonlShard:
    def __init__(self, path: Path) -> None:
        self.handle = path.open("w", encoding="utf-8")

    def write(self, table: pa.Table) -> None:
        for row in table.to_pylist():
            self.handle.write(json.dumps(row, ensure_ascii=False) + "\n")

    def close(self) -> None:
        self.handle.close()


def _open_shard(path: Path, schema: pa.Schema, options: FolderOptions) -> Any:
    if options.format == "jsonl":
        return _JsonlShard(path)
    return pq.ParquetWriter(path, schema, write_statistics=_STATISTICS)


def _suffix(options: FolderOptions) -> str:
    return "jsonl" if options.format == "jsonl" else "parquet"


def _rebatched(parts: Sequence[Path], schema: pa.Schema) -> Iterator[pa.Table]:
    """Tables of exactly ``ROW_GROUP_ROWS`` rows (the last may be shorter), whatever the parts,
    so shard boundaries depend on the rows only, not on where checkpoints fell."""
    carry: pa.Table | None = None
    for path in parts:
        for batch in pq.ParquetFile(path).iter_batches(batch_size=ROW_GROUP_ROWS):
            table = _conform(pa.Table.from_batches([batch]), schema)
            carry = table if carry is None else pa.concat_tables([carry, table]).combine_chunks()
            if carry.num_rows >= ROW_GROUP_ROWS:
                yield carry.slice(0, ROW_GROUP_ROWS)
                carry = carry.slice(ROW_GROUP_ROWS)
    if carry is not None and carry.num_rows:
        yield carry


def _conform(table: pa.Table, schema: pa.Schema) -> pa.Table:
    """A part cast to the final schema (columns that appeared later are null in older parts)."""
    columns = [
        table.column(f.name).cast(f.type)
        if f.name in table.column_names
        else pa.nulls(table.num_rows, f.type)
        for f in schema
    ]
    return pa.Table.from_arrays(columns, schema=schema).combine_chunks()


def _digest(paths: Iterable[Path]) -> str:
    """12 hex digits of SHA-256 over the shards' bytes, in order."""
    sha = hashlib.sha256()
    for path in paths:
        with path.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                sha.update(block)
    return sha.hexdigest()[:12]


@dataclass(frozen=True)
class SplitInfo:
    name: str
    documents: int
    pattern: str  # data_files glob, relative to the folder ("" for save_to_disk)
    files: tuple[str, ...]
    num_bytes: int


def _stage(
    folder: Path,
    shards: dict[str, list[Path]],
    digest: str,
    schema_features: Features,
    options: FolderOptions,
    work: Path,
) -> tuple[list[tuple[Path, Path]], list[SplitInfo]]:
    """Where each staged file goes (``data/`` shards, or ``save_to_disk``'s files), one move a
    file, and the splits they make."""
    if options.format == "disk":
        return _save_to_disk(folder, shards, schema_features, work)
    moves, infos = [], []
    for split, paths in shards.items():
        if not paths:
            continue
        names = [
            f"data/{split}-{index:05d}-of-{len(paths):05d}-{digest}.{_suffix(options)}"
            for index in range(len(paths))
        ]
        moves += [(path, folder / name) for path, name in zip(paths, names)]
        rows = sum(_count_rows(path, options) for path in paths)
        size = sum(path.stat().st_size for path in paths)
        pattern = f"data/{split}-*-{digest}.{_suffix(options)}"
        infos.append(SplitInfo(split, rows, pattern, tuple(names), size))
    return moves, infos


def _count_rows(path: Path, options: FolderOptions) -> int:
    if options.format == "jsonl":
        with path.open("rb") as handle:
            return sum(1 for _ in handle)
    return int(pq.ParquetFile(path).metadata.num_rows)


def _save_to_disk(
    folder: Path, shards: dict[str, list[Path]], schema_features: Features, work: Path
) -> tuple[list[tuple[Path, Path]], list[SplitInfo]]:
    import datasets

    parts = {
        split: datasets.Dataset.from_parquet(
            [str(p) for p in paths], features=schema_features, cache_dir=str(work / "cache")
        )
        for split, paths in shards.items()
        if paths
    }
    saved = work / "saved"
    datasets.DatasetDict(parts).save_to_disk(str(saved))
    moves = [(path, folder / path.relative_to(saved)) for path in files_under(saved)]
    infos = [
        SplitInfo(split, len(dataset), "", (split,), int(dataset.data.nbytes))
        for split, dataset in parts.items()
    ]
    return moves, infos


def _write_rejects(folder: Path, parts: Sequence[Path]) -> None:
    if not parts:
        return
    with atomic_path(folder / REJECTS_FILE) as tmp, tmp.open("wb") as out:
        for part in parts:
            out.write(part.read_bytes())
