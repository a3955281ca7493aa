"""End-to-end throughput and memory of ``cleaner clean INPUT -o FOLDER`` (read, clean, write).

Generates a seeded corpus of news-like documents (headline, byline, paragraphs, a promo
line, an "Other News" rail, a copyright line) as JSONL, then runs the CLI in a child
process and reports documents/s and the child's peak resident memory:

- ``--num-proc 1`` and ``2`` on the large corpus (throughput);
- ``--num-proc 1`` on the small and the large corpus (peak memory must not grow with input:
  readers stream, parts are committed every ``CHECKPOINT_EVERY`` records, shards are re-cut
  in row groups).

    python tests/benchmarks/export_throughput.py                  # 10,000 and 100,000 documents
    python tests/benchmarks/export_throughput.py --small 2000 --large 20000

CPU seconds are reported beside wall time: on a shared machine the wall time of
``--num-proc 2`` only shows a speedup when two cores are actually free.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORDS = [
    "the",
    "council",
    "city",
    "government",
    "minister",
    "said",
    "on",
    "monday",
    "that",
    "new",
    "budget",
    "plan",
    "would",
    "increase",
    "funding",
    "for",
    "schools",
    "hospitals",
    "roads",
    "and",
    "public",
    "transport",
    "across",
    "region",
    "officials",
    "expect",
    "vote",
    "next",
    "week",
    "after",
    "long",
    "debate",
    "opposition",
    "parties",
    "criticised",
    "proposal",
    "saying",
    "it",
    "was",
    "too",
    "expensive",
    "while",
    "supporters",
    "argued",
    "investment",
    "needed",
]
NAMES = ["Anna Kowalska", "John Smith", "Maria Garcia", "Oleh Petrenko", "Claire Dubois"]
PROMOS = [
    "Follow us on Telegram and Viber to stay informed!",
    "Subscribe to our newsletter for the latest news.",
    "Only verified information we have in our Telegram channel.",
]


def sentence(rng: random.Random) -> str:
    words = rng.choices(WORDS, k=rng.randint(12, 24))
    return " ".join(words).capitalize() + "."


def document(rng: random.Random, index: int) -> dict[str, str]:
    title = " ".join(rng.choices(WORDS, k=8)).capitalize()
    paragraphs = [
        " ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(3, 6))
    ]
    teasers = [" ".join(rng.choices(WORDS, k=6)).capitalize() for _ in range(4)]
    lines = [title, "", f"By {rng.choice(NAMES)}", "", *("\n\n".join(paragraphs).split("\n"))]
    lines += [
        "",
        rng.choice(PROMOS),
        "",
        "Other News",
        *teasers,
        "",
        "© 2024 Example News. All rights reserved.",
    ]
    return {
        "id": f"doc-{index}",
        "url": f"https://news{index % 50}.example.com/a/{index}",
        "text": "\n".join(lines),
    }


def make_corpus(path: Path, count: int, seed: int = 13) -> None:
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as handle:
        for index in range(count):
            handle.write(json.dumps(document(rng, index), ensure_ascii=False) + "\n")


# The child runs the CLI under a wrapper that reports its descendants' peak RSS, so each
# measurement has its own accounting (RUSAGE_CHILDREN is a running maximum per parent).
_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); code = subprocess.call(sys.argv[1:]); t = time.perf_counter() - t\n"
    "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(t, r.ru_utime + r.ru_stime, r.ru_maxrss, code)\n"
)


def run(corpus: Path, out: Path, num_proc: int) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (all processes) and peak RSS (MiB, the largest single
    process) of one CLI run."""
    command = [
        sys.executable, "-m", "cleaner", "clean", str(corpus), "-o", str(out),
        "--num-proc", str(num_proc), "-q",
    ]  # fmt: skip
    done = subprocess.run(
        [sys.executable, "-c", _WRAPPER, *command],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, cpu, peak_kib, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"cleaner exited with {code}")
    return float(seconds), float(cpu), int(peak_kib) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--large", type=int, default=100_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        corpora = {}
        for count in (args.small, args.large):
            corpora[count] = root / f"corpus-{count}.jsonl"
            make_corpus(corpora[count], count)
        size = corpora[args.large].stat().st_size / args.large
        print(f"corpus: {args.large:,} documents, {size:,.0f} bytes each on average")
        print(f"load average before: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
        print(
            f"{'documents':>10} {'num_proc':>8} {'seconds':>9} {'docs/s':>8} "
            f"{'CPU s':>8} {'docs/CPU-s':>11} {'peak RSS MiB':>13}"
        )
        for count, num_proc in ((args.small, 1), (args.large, 1), (args.large, 2)):
            seconds, cpu, peak = run(corpora[count], root / f"out-{count}-{num_proc}", num_proc)
            print(
                f"{count:>10,} {num_proc:>8} {seconds:>9.1f} {count / seconds:>8.0f} "
                f"{cpu:>8.1f} {count / cpu:>11.0f} {peak:>13.0f}",
                flush=True,
            )
        print(f"load average after: {os.getloadavg()[0]:.1f} (other processes share the cores)")


if __name__ == "__main__":
    main()
