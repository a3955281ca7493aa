"""Text-mode speed as a ratio to the C4 line filter, measured in turns in one process.

    python tests/benchmarks/speed_text.py [--rounds 5]

The machine may be shared: wall-clock docs/s then says more about the neighbours than about
the code. This times each system in CPU seconds (``time.process_time``), C4 before and after
each cleaner round, and reports the median of cleaner's docs/s over C4's. The goal for text
mode is 0.2 (C4 does about 5,000 docs/s on an idle core).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import text_pages
from text_devset import c4_lines, make_cleaner


def docs_per_cpu_second(extract: Callable[[str], str], dumps: list[str]) -> float:
    started = time.process_time()
    for dump in dumps:
        extract(dump)
    return len(dumps) / (time.process_time() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    dumps = [p["dump"] for name in ("readability", "trafilatura") for p in text_pages(name)]
    cleaner = make_cleaner()
    cleaner(dumps[0])  # warm up caches (stoplists, compiled patterns)
    ratios = []
    for round_ in range(1, args.rounds + 1):
        before = docs_per_cpu_second(c4_lines, dumps)
        ours = docs_per_cpu_second(cleaner, dumps)
        after = docs_per_cpu_second(c4_lines, dumps)
        ratios.append(ours / ((before + after) / 2))
        print(f"round {round_}: C4 {before:,.0f} / {after:,.0f} docs/s, cleaner {ours:,.0f} docs/s, "
              f"ratio {ratios[-1]:.3f}")
    print(f"median ratio cleaner / C4: {statistics.median(ratios):.3f} ({len(dumps)} dumps, CPU time)")


if __name__ == "__main__":
    main()
