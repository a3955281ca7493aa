"""Text-mode cost in machine instructions a dump, counted by callgrind: exact and repeatable
on a busy machine, where CPU seconds are not (see ``speed_text.py`` for the ratio to C4).

    python tests/benchmarks/callgrind_text.py [--every 2]

Runs the cleaner under ``valgrind --tool=callgrind`` twice, once loading the devset and
warming up only and once also cleaning every ``--every``-th dump, and reports the difference
per dump. Needs valgrind; takes a few minutes (callgrind is ~50 times slower than Python).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

_COLLECTED = re.compile(r"Collected : (\d+)")


def _dumps(every: int) -> list[str]:
    from scoring import text_pages

    return [p["dump"] for name in ("readability", "trafilatura") for p in text_pages(name)][::every]


def _work(every: int, clean: bool) -> None:
    """What runs under callgrind: load, warm up, and (``clean``) clean the dumps."""
    from cleaner import Cleaner

    dumps = _dumps(every)
    cleaner = Cleaner()
    cleaner.clean_text(dumps[0])  # compiled patterns, stoplists
    if clean:
        for dump in dumps:
            cleaner.clean_text(dump)


def callgrind_instructions(script: str, arguments: list[str]) -> int:
    """The instructions callgrind counts for ``python script *arguments`` (also used by
    ``callgrind_html.py``)."""
    command = ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", sys.executable, script, *arguments]
    # Repeatable counts: string hashes (set and dict layouts) fixed across runs, and numpy's
    # OpenBLAS without its thread pool, whose idle threads spin under valgrind (each moved
    # the figure by about 0.3 M instructions a page between runs of the same code).
    env = {**os.environ, "PYTHONHASHSEED": "0", "OPENBLAS_NUM_THREADS": "1"}
    output = subprocess.run(command, capture_output=True, text=True, check=True, env=env).stderr
    found = _COLLECTED.search(output)
    if found is None:
        raise SystemExit(f"no instruction count in callgrind's output:\n{output[-2000:]}")
    return int(found.group(1))


def _instructions(every: int, clean: bool) -> int:
    return callgrind_instructions(__file__, ["--every", str(every), "--work", "clean" if clean else "load"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--every", type=int, default=2, help="clean every N-th devset dump")
    parser.add_argument("--work", choices=("load", "clean"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.work:
        _work(args.every, args.work == "clean")
        return
    count = len(_dumps(args.every))
    per_dump = (_instructions(args.every, True) - _instructions(args.every, False)) / count
    print(f"{per_dump / 1e6:.2f} M instructions a dump ({count} devset dumps, callgrind)")


if __name__ == "__main__":
    main()
