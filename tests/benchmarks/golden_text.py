"""Golden hashes of text-mode output on the devset dumps, to prove a speed-up changes nothing.

    python tests/benchmarks/golden_text.py           # write golden_text.json beside this file
    python tests/benchmarks/golden_text.py --check   # compare; exit 1 and list pages that differ

Each page is hashed over everything a ``CleanResult`` says (text, metadata, language and every
removal's reason, rule, offsets and evidence). The cleaned text is cleaned a second time and
hashed too, so the fixpoint loop's later passes are covered as well. Regenerate the file when
``main``'s output changed on purpose (new phrases, new thresholds), from ``main``'s code.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from scoring import text_pages

from cleaner import Cleaner, CleanResult

GOLDEN = Path(__file__).with_name("golden_text.json")


def digest(result: CleanResult) -> str:
    """A hash of what a result says; evidence included, so a changed explanation counts."""
    removals = [(str(r.reason), r.rule, r.start, r.end, r.evidence) for r in result.removals]
    summary = (result.text, result.title, result.author, result.section, result.date, result.lang, removals)
    return hashlib.sha256(json.dumps(summary, ensure_ascii=False).encode("utf-8")).hexdigest()


def hashes() -> dict[str, str]:
    cleaner = Cleaner()
    table: dict[str, str] = {}
    for name in ("readability", "trafilatura"):
        for page in text_pages(name):
            first = cleaner.clean_text(page["dump"])
            table[f"{name}/{page['id']}"] = digest(first)
            table[f"{name}/{page['id']}/again"] = digest(cleaner.clean_text(first.text))
    return table


def run(golden: Path, hashes: Callable[[], dict[str, str]], doc: str | None) -> None:
    """Write ``hashes()`` to ``golden``, or with ``--check`` compare with it: exit 1 and list
    the keys that differ (shared with ``golden_html.py``)."""
    parser = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="compare with the stored hashes")
    args = parser.parse_args()
    table = hashes()
    if not args.check:
        golden.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(table)} hashes to {golden.name}")
        return
    stored = json.loads(golden.read_text(encoding="utf-8"))
    differ = sorted(k for k in stored.keys() | table.keys() if stored.get(k) != table.get(k))
    for key in differ:
        print(f"differs: {key}")
    print(f"{len(table) - len(differ)}/{len(table)} identical")
    sys.exit(1 if differ else 0)


if __name__ == "__main__":
    run(GOLDEN, hashes, __doc__)
