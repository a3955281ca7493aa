"""Fuzz clean_html and clean_text with mutated fixture pages; list every crash class found.

    python tests/benchmarks/fuzz_inputs.py [--inputs 5000] [--seed 0] [--devset-every 10]

Only ``CleanerError`` subclasses may escape; anything else is a crash, grouped by exception
type and the innermost frame of cleaner's code (one line per class, with the smallest input
that showed it). The mutations are those of ``tests/mutations.py`` (the same the Hypothesis
test uses, in bulk here), applied to the fixture pages and, with ``--devset-every N``, to every
Nth page of the devset's HTML sets as well (bigger pages, more markup). Exit status 1 when a crash was found.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import traceback
from collections.abc import Callable
from functools import partial
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mutations import (
    KINDS,
    SNIPPETS,
    Mutation,
    html_pages,
    mutate_bytes,
    mutate_str,
    text_documents,
)

from cleaner import CleanerError, clean_html, clean_text

MAX_MUTATIONS = 6
MAX_RANGE = 400  # characters (or bytes) deleted or duplicated at once


def random_mutations(rng: random.Random) -> list[Mutation]:
    found: list[Mutation] = []
    for _ in range(rng.randint(1, MAX_MUTATIONS)):
        kind = rng.choice(KINDS)
        argument: int | str | bytes = 0
        if kind in ("delete", "duplicate"):
            argument = rng.randint(1, MAX_RANGE)
        elif kind == "insert":
            argument = rng.choice(SNIPPETS)
        elif kind == "text":
            argument = "".join(chr(rng.choice((rng.randint(0, 0x7F), rng.randint(0, 0x10FFFF))))
                               for _ in range(rng.randint(1, 12)))
        elif kind == "raw":
            argument = bytes(rng.choice((rng.randint(0, 255), rng.randint(0x80, 0xFF))) for _ in range(rng.randint(1, 12)))
        found.append((kind, rng.random(), argument))
    return found


def crash_class(error: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "cleaner" in f.filename]
    where = f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"
    return f"{type(error).__name__} at {where}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--inputs", type=int, default=5000, help="mutated inputs to try")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--devset-every", type=int, default=0, help="also mutate every Nth devset page")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    pages, texts = list(html_pages()), text_documents()
    if args.devset_every:
        from scoring import html_pages as devset_pages

        for name in ("readability", "trafilatura"):
            pages += [(f"{name}/{p['id']}", p["html"]) for p in devset_pages(name)[:: args.devset_every]]
    crashes: dict[str, tuple[int, str]] = {}
    slowest = (0.0, "")
    started = time.perf_counter()
    for number in range(args.inputs):
        mutations = random_mutations(rng)
        mode = number % 3
        call: Callable[[], object]
        if mode == 2:
            name, text = rng.choice(texts)
            subject: bytes | str = mutate_str(text, mutations)
            call = partial(clean_text, subject)
        else:
            name, data = rng.choice(pages)
            subject = mutate_bytes(data, mutations) if mode == 0 else mutate_str(data.decode("utf-8", "replace"), mutations)
            call = partial(clean_html, subject)
        label = f"{['html bytes', 'html str', 'text'][mode]} {name} {mutations!r}"
        began = time.perf_counter()
        try:
            call()
        except CleanerError:
            pass
        except Exception as error:  # noqa: BLE001 - collecting crash classes is the point
            key = crash_class(error)
            if key not in crashes or len(subject) < crashes[key][0]:
                crashes[key] = (len(subject), f"{label}: {error!r}"[:400])
        slowest = max(slowest, (time.perf_counter() - began, label[:200]))
    elapsed = time.perf_counter() - started
    print(f"{args.inputs} inputs in {elapsed:.1f} s; {len(crashes)} crash classes; slowest {slowest[0]:.2f} s ({slowest[1]})")
    for key, (size, example) in sorted(crashes.items()):
        print(f"{key}\n    smallest ({size}): {example}")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
