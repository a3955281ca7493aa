"""Time and peak memory of clean_html and clean_text on large inputs, to show they grow linearly.

    python tests/benchmarks/large_inputs.py [--sizes html:10000,html:100000,text:2,text:20]

Inputs (made up, deterministic):

- ``html:N``: a page of N ``<p>`` elements, each a short line of text ("Line 42 of the wire
  report."), the shape that exposed quadratic work (one block per element);
- ``text:M``: M MB of short text lines ("Line 42 of the wire report."), one block per line.

Each size runs in a fresh subprocess, so that one size's peak does not hide the next: it builds
the input, then reports wall seconds of one ``clean_html``/``clean_text`` call and the peak
resident memory that call added (``ru_maxrss`` after minus before, in MiB), and its CPU
seconds (on a shared machine wall time says as much about the neighbours). The cleaner's
size limits are raised to the input's size, so that sizes above them are measured too; the
table's last column says whether the default limits accept the input. No assertion: the
figures depend on the machine; compare the columns per element and per MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

DEFAULT_SIZES = "html:10000,html:100000,html:1000000,text:2,text:20"
LINE = "Line {} of the wire report, as filed."


def make_input(kind: str, size: int) -> str:
    if kind == "html":
        paragraphs = "".join(f"<p>{LINE.format(i)}</p>\n" for i in range(size))
        return f"<html><head><title>Large page</title></head><body>\n{paragraphs}</body></html>"
    lines, total, i = [], 0, 0
    while total < size * 1_000_000:
        line = LINE.format(i)
        lines.append(line)
        total += len(line) + 1
        i += 1
    return "\n".join(lines)


def measure(kind: str, size: int) -> dict[str, object]:
    """One call on one input, in this process (run by ``main`` in a subprocess per size)."""
    from cleaner import Cleaner
    from cleaner.segment.html import MAX_CHARS
    from cleaner.segment.text import MAX_TEXT_CHARS

    document = make_input(kind, size)
    limit = MAX_CHARS if kind == "html" else MAX_TEXT_CHARS
    cleaner = Cleaner(max_html_chars=max(len(document), MAX_CHARS), max_text_chars=max(len(document), MAX_TEXT_CHARS))
    cleaner.clean_text("Warm up.\n\nThe stoplists and patterns load once.")
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started, cpu = time.perf_counter(), time.process_time()
    result = cleaner.clean_html(document) if kind == "html" else cleaner.clean_text(document)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KiB on Linux
    return {"kind": kind, "size": size, "chars": len(document), "seconds": seconds, "cpu": cpu, "peak_mib": peak / 1024,
            "kept_chars": len(result.text), "within_limit": len(document) <= limit}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=DEFAULT_SIZES, help="html:ELEMENTS and text:MB, comma-separated")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # internal: measure one size here
    args = parser.parse_args()
    if args.one:
        kind, size = args.one.split(":")
        print(json.dumps(measure(kind, int(size))))
        return
    print(f"{'input':>16} {'chars':>12} {'seconds':>8} {'CPU s':>7} {'peak MiB':>9} {'CPU ns/char':>11} {'B/char':>7}  default limit")
    for spec in args.sizes.split(","):
        done = subprocess.run([sys.executable, __file__, "--one", spec], capture_output=True, text=True, check=True)
        row = json.loads(done.stdout)
        label = f"{row['kind']} {row['size']:,}" + (" <p>" if row["kind"] == "html" else " MB")
        print(f"{label:>16} {row['chars']:>12,} {row['seconds']:>8.2f} {row['cpu']:>7.2f} {row['peak_mib']:>9.0f} "
              f"{1e9 * row['cpu'] / row['chars']:>11.0f} {row['peak_mib'] * 2**20 / row['chars']:>7.1f}  "
              f"{'accepted' if row['within_limit'] else 'refused'}")


if __name__ == "__main__":
    main()
