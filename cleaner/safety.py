"""What a run may write, replace and delete: the manifest, the lock and the inputs' identity.

The contract (README, "What --overwrite and --resume promise"), each part guarded by a test in
``tests/test_safety.py``:

- A finished folder holds ``.cleaner-manifest.json``, written last, listing every file the run
  wrote with its size and SHA-256. ``--overwrite`` deletes exactly those files, and only when
  they are unchanged; a folder holding any other file is refused, naming it.
- No output may hold an input: an output folder that contains an input, or a JSONL output that
  is an input, is refused before anything is written or deleted.
- One run at a time writes a folder: ``.cleaner-lock`` is created atomically (``O_EXCL``) with
  the holder's pid and host. A second run is refused; a lock left by a dead process is
  reported, never silently taken.
- ``--resume`` continues only over the same inputs: each input file's size, mtime and a hash of
  its first and last MiB are recorded with the run's state and compared on resume.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import socket
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .errors import OutputError

logger = logging.getLogger(__name__)

MANIFEST_FILE = ".cleaner-manifest.json"
LOCK_FILE = ".cleaner-lock"
# A manifest's status: ``finishing`` lists the files about to be placed (no sizes yet); a
# ``failed`` run (nothing kept) may be replaced without --overwrite.
FINISHING, FINISHED, FAILED = "finishing", "finished", "failed"
# Inputs up to this size are hashed whole; larger ones by their first and last MiB, which
# catches records added or dropped at either end without reading a crawl of many GB again.
WHOLE_HASH_BYTES = 2 * 1024 * 1024
EDGE_BYTES = 1024 * 1024


def file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


# ---------------------------------------------------------------- the manifest


@dataclass(frozen=True)
class Manifest:
    """The files a finished (or failed) run wrote into its folder, relative to it."""

    status: str
    files: dict[str, dict[str, Any]]  # posix path -> {"size", "mtime_ns", "sha256"}

    @classmethod
    def load(cls, folder: Path) -> Manifest | None:
        path = folder / MANIFEST_FILE
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text("utf-8"))
            return cls(str(data["status"]), dict(data["files"]))
        except (ValueError, KeyError, TypeError) as error:
            raise OutputError(
                f"{path}: cleaner's manifest is unreadable ({error}); cleaner cannot tell which "
                "files it wrote there, so it will not replace any: choose another folder"
            ) from error

    def unchanged(self, folder: Path, name: str) -> bool:
        """True when ``name`` is still the file the run wrote (size, then mtime or hash)."""
        path, entry = folder / name, self.files[name]
        if not entry:  # listed while finishing, before it was written
            return path.is_file()
        if not path.is_file() or path.stat().st_size != entry["size"]:
            return False
        same_time = path.stat().st_mtime_ns == entry["mtime_ns"]
        return same_time or file_sha256(path) == str(entry["sha256"])


def write_manifest(folder: Path, written: Iterable[Path], status: str) -> None:
    """Record ``written`` (paths inside ``folder``); the last file a run writes."""
    from . import __version__

    files: dict[str, dict[str, Any]] = {}
    for path in sorted(written):
        if status == FINISHING:
            files[path.relative_to(folder).as_posix()] = {}
            continue
        stat = path.stat()
        files[path.relative_to(folder).as_posix()] = {
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sha256": file_sha256(path),
        }
    data = {"cleaner_version": __version__, "status": status, "files": files}
    tmp = folder / f"{MANIFEST_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(data, indent=1, ensure_ascii=False), "utf-8")
    os.replace(tmp, folder / MANIFEST_FILE)


def files_under(folder: Path) -> Iterator[Path]:
    """Every file under ``folder``, sorted, except the lock (which belongs to the live run)."""
    for path in sorted(folder.rglob("*")):
        is_file = path.is_file() or path.is_symlink()
        if is_file and path.relative_to(folder).as_posix() != LOCK_FILE:
            yield path


def remove_written(folder: Path, manifest: Manifest) -> None:
    """Delete the manifest's files, then the folders they leave empty, then the manifest."""
    parents: set[Path] = set()
    for name in manifest.files:
        path = folder / name
        path.unlink(missing_ok=True)
        parents.update(p for p in path.parents if folder in p.parents)
    for parent in sorted(parents, key=lambda p: len(p.parts), reverse=True):
        if parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
    (folder / MANIFEST_FILE).unlink(missing_ok=True)


# ---------------------------------------------------------------- writing files


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A new temporary path beside ``path``, renamed onto it when the block succeeds (and
    when the block left a file there). The name is new (``mkstemp``): no file beside
    ``path`` is touched, and a reader never sees a half-written ``path``."""
    descriptor, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    os.close(descriptor)
    tmp = Path(name)
    try:
        yield tmp
        if tmp.exists():
            os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


@contextmanager
def written_atomically(path: Path | None) -> Iterator[Path | None]:
    """``atomic_path`` for an optional output (``None``: nothing to write)."""
    if path is None:
        yield None
        return
    with atomic_path(path) as tmp:
        yield tmp


# What the first line of a JSONL file cleaner wrote holds: ``--overwrite`` replaces only such
# files (or empty ones), since a JSONL output has no manifest to prove who wrote it.
_OWN_KEYS = {"output": {"id", "text", "lang", "title"}, "rejects": {"input", "error"}}


def check_jsonl_target(path: Path, inputs: Iterable[Path], *, overwrite: bool, kind: str) -> None:
    """Refuse to write the JSONL ``kind`` ("output" or "rejects") to ``path`` when that would
    replace an input, a folder, or a file cleaner did not write (or any file, without
    ``overwrite``)."""
    for source in inputs:
        if contains(path, source):
            raise OutputError(f"{path}: is an input of this run; write the {kind} to another file")
        if contains(source, path):
            raise OutputError(
                f"{path}: lies in the input folder {source}, where a later run would read it "
                f"back as input; write the {kind} outside the inputs"
            )
    if not path.exists() and not path.is_symlink():
        if not path.parent.is_dir():
            raise OutputError(f"{path}: the folder {path.parent} does not exist")
        return
    if path.is_dir():
        raise OutputError(f"{path}: is a folder; give a file name ending in .jsonl")
    if not overwrite:
        raise OutputError(f"{path}: exists; choose another name, or add --overwrite to replace it")
    if not _looks_like_ours(path, _OWN_KEYS[kind]):
        raise OutputError(
            f"{path}: does not look like a JSONL {kind} file cleaner wrote, so --overwrite "
            "will not replace it; choose another name"
        )


def _looks_like_ours(path: Path, keys: set[str]) -> bool:
    try:
        with gzip.open(path, "rb") if path.suffix == ".gz" else path.open("rb") as handle:
            first = handle.readline()
        if not first.strip():
            return True  # an empty file holds nothing to lose
        row = json.loads(first)
    except (OSError, EOFError, ValueError):
        return False
    return isinstance(row, dict) and keys <= row.keys()


# ---------------------------------------------------------------- inputs and outputs


def contains(folder: Path, path: Path) -> bool:
    """True when ``path`` is ``folder`` or lies under it (both resolved, links followed)."""
    folder, path = folder.resolve(), path.resolve()
    return path == folder or folder in path.parents


def refuse_inputs_inside(output: Path, inputs: Iterable[Path]) -> None:
    """An output that is, or holds, an input would be read and written (or deleted) at once."""
    for path in inputs:
        if contains(output, path):
            raise OutputError(
                f"{output}: holds the input {path}; write the output to a folder or file "
                "outside the inputs"
            )


def input_identity(paths: Iterable[Path]) -> dict[str, dict[str, Any]]:
    """Size, mtime and a hash of each input file: what must not change before a resume."""
    identity = {}
    for path in paths:
        if path.is_dir():
            continue  # a folder's files are listed one by one
        stat = path.stat()
        identity[str(path)] = {
            "size": stat.st_size,
            "mtime_ns": stat.st_mtime_ns,
            "sha256": _edges_sha256(path, stat.st_size),
        }
    return identity


def _edges_sha256(path: Path, size: int) -> str:
    if size <= WHOLE_HASH_BYTES:
        return file_sha256(path)
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        sha.update(handle.read(EDGE_BYTES))
        handle.seek(size - EDGE_BYTES)
        sha.update(handle.read(EDGE_BYTES))
    return sha.hexdigest()


def changed_input(
    recorded: dict[str, dict[str, Any]], now: dict[str, dict[str, Any]]
) -> str | None:
    """What differs between the inputs of an interrupted run and today's, in words."""
    for name in sorted(set(recorded) | set(now)):
        before, after = recorded.get(name), now.get(name)
        if before is None:
            return f"{name} is a new input file"
        if after is None:
            return f"{name} is gone"
        for key, what in (
            ("size", "its size"),
            ("sha256", "its content"),
            ("mtime_ns", "its time"),
        ):
            if before[key] != after[key]:
                return f"{name} has changed ({what} differs)"
    return None


# ---------------------------------------------------------------- the lock


@contextmanager
def folder_lock(folder: Path, *, take_stale: bool = False) -> Iterator[None]:
    """Hold ``folder``'s lock for the block; ``OutputError`` when another run holds it.

    A lock left on this host by a process that no longer runs (a killed run) is taken over
    only with ``take_stale`` (the user asked to resume or overwrite that run), and the take-over
    is logged; otherwise it is reported. Locks from other hosts are never taken.
    """
    path = folder / LOCK_FILE
    holder = {"pid": os.getpid(), "host": socket.gethostname(), "started": _now()}
    try:
        descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
    except FileExistsError:
        dead = _dead_holder(path)
        if not (take_stale and dead and _set_aside(path)):
            raise OutputError(_held(folder, path)) from None
        logger.warning(
            "%s: taking over the lock of a run that is no longer running (%s)", folder, dead
        )
        try:  # another run may have set it aside and locked first: then it holds the folder
            descriptor = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
        except FileExistsError:
            raise OutputError(_held(folder, path)) from None
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(holder, handle)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)


def _holder(path: Path) -> tuple[int, str, str] | None:
    try:
        holder = json.loads(path.read_text("utf-8"))
        return int(holder["pid"]), str(holder["host"]), str(holder["started"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _dead_holder(path: Path) -> str | None:
    """'pid N on HOST, since T' when the lock's holder ran on this host and has ended."""
    holder = _holder(path)
    if holder is None:
        return None
    pid, host, started = holder
    if host != socket.gethostname() or _alive(pid):
        return None
    return f"pid {pid} on {host}, since {started}"


def _set_aside(path: Path) -> bool:
    """Rename a stale lock away (atomic: of two runs taking it over, one rename wins)."""
    try:
        os.replace(path, path.with_name(f"{LOCK_FILE}.stale.{os.getpid()}"))
    except FileNotFoundError:
        return False
    path.with_name(f"{LOCK_FILE}.stale.{os.getpid()}").unlink(missing_ok=True)
    return True


def _held(folder: Path, path: Path) -> str:
    holder = _holder(path)
    if holder is None:
        return (
            f"{folder}: is locked by {path}, which cleaner cannot read; if no run is writing "
            "this folder, delete that file and rerun"
        )
    pid, host, started = holder
    who = f"pid {pid} on {host}, since {started}"
    if _dead_holder(path):
        return (
            f"{folder}: locked by a cleaner run that is no longer running ({who}); add --resume "
            f"to continue its work or --overwrite to start again (either takes the lock over)"
        )
    return f"{folder}: another cleaner run is writing this folder ({who}); wait for it to end"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    return True


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def first_foreign(folder: Path, ours: Sequence[str]) -> tuple[Path, int] | None:
    """The first file under ``folder`` that is not one of ``ours`` (posix paths relative to
    the folder, or prefixes ending in ``/`` for folders of ours), and how many such files."""
    foreign = [
        path
        for path in files_under(folder)
        if not _is_ours(path.relative_to(folder).as_posix(), ours)
    ]
    return (foreign[0], len(foreign)) if foreign else None


def _is_ours(name: str, ours: Sequence[str]) -> bool:
    return any(name == own or (own.endswith("/") and name.startswith(own)) for own in ours)
