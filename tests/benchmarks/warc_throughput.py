"""WARC input: which library reads fastest, and whether memory stays flat on a big archive.

Builds archives from the devset's HTML pages (``devset/*/manifest.jsonl.gz``), one gzip
member a record as Common Crawl writes them, in a temporary folder (nothing big is kept):

- ``libraries``: every devset page as a ``response`` record, each after a ``request`` record,
  the whole repeated ``--repeat`` times; reads it with FastWARC, warcio (when installed) and
  cleaner's own reader (FastWARC plus building the items), payloads read in full, least CPU
  time of ``--rounds``; reports records and compressed MB per CPU-second.
- ``memory``: an archive of ``--size-mb`` (default 1024) by repeating the pages; in child
  processes, reads all of it with cleaner's reader, and runs ``cleaner clean ARCHIVE -o
  out.jsonl`` on archives of ``--clean-mb`` and a quarter of that; reports records/s and
  each child's peak RSS (it must not grow with the archive).

    python tests/benchmarks/warc_throughput.py libraries
    python tests/benchmarks/warc_throughput.py memory --size-mb 1024 --clean-mb 40
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
DEVSET = ROOT.parent / "shared" / "devset"

from warc_fixture import member, page, request

_WRAPPER = (  # a child's wall time and peak RSS (RUSAGE_CHILDREN is per parent, so one a run)
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); code = subprocess.call(sys.argv[1:]); t = time.perf_counter() - t\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(t, r.ru_utime + r.ru_stime, r.ru_maxrss, code)\n"
)
_READ_ALL = (
    "import sys; from collections import Counter; from pathlib import Path\n"
    "from cleaner.warc import read_archive\n"
    "print(dict(Counter(type(i).__name__ for i in read_archive(Path(sys.argv[1])))), file=sys.stderr)\n"
)


def devset_members(devset: Path) -> list[bytes]:
    """A request and a response member for every devset page, in set and manifest order."""
    members = []
    for manifest in sorted(devset.glob("*/manifest.jsonl.gz")):
        with gzip.open(manifest, "rt", encoding="utf-8") as lines:
            for line in lines:
                entry = json.loads(line)
                url = entry.get("url") or f"https://devset.example/{entry['id']}"
                body = gzip.decompress((manifest.parent / entry["file"]).read_bytes())
                members += [member(request(url)), member(page(url, body, content_type="text/html"))]
    return members


def write_repeated(path: Path, members: list[bytes], *, repeat: int = 1, size: int = 0) -> int:
    """Write ``members`` ``repeat`` times, or until ``size`` bytes; the records written."""
    written = records = 0
    with path.open("wb") as out:
        for round_ in range(10**9):
            if (size and written >= size) or (not size and round_ >= repeat):
                break
            for data in members:
                out.write(data)
                written += len(data)
                records += 1
                if size and written >= size:
                    break
    return records


def read_fastwarc(path: Path) -> Iterator[bytes]:
    from fastwarc.warc import ArchiveIterator

    with path.open("rb") as handle:
        for record in ArchiveIterator(handle, parse_http=True):
            yield record.reader.read()


def read_warcio(path: Path) -> Iterator[bytes]:
    from warcio.archiveiterator import ArchiveIterator

    with path.open("rb") as handle:
        for record in ArchiveIterator(handle):
            yield record.content_stream().read()


def read_cleaner(path: Path) -> Iterator[object]:
    from cleaner.warc import read_archive

    yield from read_archive(path)


def best_time(read: Callable[[Path], Iterator[object]], path: Path, rounds: int) -> tuple[float, int]:
    """The least CPU time of ``rounds`` reads (CPU, not wall: the machine is shared, and wall
    time varied twofold between identical reads), and the records read."""
    best, count = float("inf"), 0
    for _ in range(rounds):
        started = time.process_time()
        count = sum(1 for _ in read(path))
        best = min(best, time.process_time() - started)
    return best, count


def libraries(args: argparse.Namespace, root: Path) -> None:
    members = devset_members(args.devset)
    path = root / "devset.warc.gz"
    write_repeated(path, members, repeat=args.repeat)
    megabytes = path.stat().st_size / 1e6
    print(f"archive: {len(members) // 2} devset pages x {args.repeat}, a request before each, "
          f"{megabytes:.1f} MB gzipped")
    readers: dict[str, Callable[[Path], Iterator[object]]] = {"fastwarc": read_fastwarc}
    try:
        import warcio  # noqa: F401

        readers["warcio"] = read_warcio
    except ImportError:
        print("warcio is not installed: skipped")
    readers["cleaner (fastwarc + items)"] = read_cleaner
    print(f"{'reader':<28}{'records':>9}{'CPU s':>9}{'records/s':>11}{'MB/s':>8}")
    for name, read in readers.items():
        seconds, count = best_time(read, path, args.rounds)
        print(f"{name:<28}{count:>9,}{seconds:>9.2f}{count / seconds:>11,.0f}{megabytes / seconds:>8.1f}")


def child(command: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of a command run in a child process."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command], cwd=ROOT, env=env, capture_output=True,
        text=True, check=True,
    )  # fmt: skip
    seconds, cpu, peak_kib, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{command[:4]} exited with {code}: {done.stderr[-2000:]}")
    return float(seconds), float(cpu), int(peak_kib) / 1024


def memory(args: argparse.Namespace, root: Path) -> None:
    members = devset_members(args.devset)
    big = root / "big.warc.gz"
    records = write_repeated(big, members, size=int(args.size_mb * 1e6))
    print(f"archive: {big.stat().st_size / 1e6:,.0f} MB gzipped, {records:,} records "
          f"(half of them requests); load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{'run':<34}{'MB':>7}{'records':>9}{'seconds':>9}{'records/s':>11}{'peak RSS MiB':>14}")
    for fraction in (0.1, 1.0):
        path = big if fraction == 1.0 else root / "part.warc.gz"
        count = records if fraction == 1.0 else write_repeated(path, members, size=int(args.size_mb * fraction * 1e6))
        seconds, _, peak = child([sys.executable, "-c", _READ_ALL, str(path)])
        size = path.stat().st_size / 1e6
        print(f"{'read (cleaner.warc)':<34}{size:>7,.0f}{count:>9,}{seconds:>9.1f}{count / seconds:>11,.0f}{peak:>14.0f}", flush=True)
    for fraction in (0.25, 1.0):
        path = root / f"clean-{fraction}.warc.gz"
        count = write_repeated(path, members, size=int(args.clean_mb * fraction * 1e6))
        out = root / f"out-{fraction}.jsonl"
        command = [sys.executable, "-m", "cleaner", "clean", str(path), "-o", str(out), "-q"]
        seconds, cpu, peak = child(command)
        size = path.stat().st_size / 1e6
        print(f"{'cleaner clean -o out.jsonl':<34}{size:>7,.0f}{count:>9,}{seconds:>9.1f}{count / seconds:>11,.0f}{peak:>14.0f}"
              f"   ({count // 2 / cpu:,.1f} pages per CPU-second)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=("libraries", "memory"))
    parser.add_argument("--devset", type=Path, default=DEVSET)
    parser.add_argument("--repeat", type=int, default=10, help="libraries: copies of the devset")
    parser.add_argument("--rounds", type=int, default=3, help="libraries: best of this many reads")
    parser.add_argument("--size-mb", type=float, default=1024, help="memory: the big archive")
    parser.add_argument("--clean-mb", type=float, default=40, help="memory: the archive cleaned")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        (libraries if args.what == "libraries" else memory)(args, Path(tmp))


if __name__ == "__main__":
    main()
