"""The devset and its metric (../shared/devset/README.md), shared by the benchmark scripts.

Readability set: 4-token shingles of ``\\w+`` tokens, precision and recall averaged over pages,
F1 of the two means (the Article Extraction Benchmark's metric). Trafilatura set: ``with``
snippets found and ``without`` snippets wrongly kept, counted over all pages.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

_TOKEN = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def devset_root() -> Path:
    """The shared devset: ``$CLEANER_DEVSET`` or ``../shared/devset`` beside the checkout."""
    env = os.environ.get("CLEANER_DEVSET")
    if env:
        return Path(env)
    return Path(__file__).resolve().parents[3] / "shared" / "devset"


def read_jsonl_gz(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def text_pages(name: str) -> list[dict]:
    """Text dumps of one set ("readability" or "trafilatura"): id, url, dump, labels."""
    return list(read_jsonl_gz(devset_root() / "text" / f"{name}.jsonl.gz"))


def html_pages(name: str) -> list[dict]:
    """HTML pages of one set with their raw bytes under ``html``."""
    folder = devset_root() / name
    pages = []
    for record in read_jsonl_gz(folder / "manifest.jsonl.gz"):
        with gzip.open(folder / record["file"], "rb") as handle:
            record["html"] = handle.read()
        pages.append(record)
    return pages


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3))


@dataclass
class ShingleScore:
    """Mean precision and recall over pages, and their F1."""

    precision_sum: float = 0.0
    recall_sum: float = 0.0
    pages: int = 0

    def add(self, output: str, gold: str) -> None:
        out, ref = _shingles(output), _shingles(gold)
        tp = sum((out & ref).values())
        n_out, n_ref = sum(out.values()), sum(ref.values())
        self.precision_sum += tp / n_out if n_out else (1.0 if not n_ref else 0.0)
        self.recall_sum += tp / n_ref if n_ref else 1.0
        self.pages += 1

    @property
    def precision(self) -> float:
        return self.precision_sum / self.pages if self.pages else 0.0

    @property
    def recall(self) -> float:
        return self.recall_sum / self.pages if self.pages else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class SnippetScore:
    """``with`` snippets found and ``without`` snippets kept, over all pages."""

    found_with: int = 0
    all_with: int = 0
    kept_without: int = 0

    def add(self, output: str, with_: list[str], without: list[str]) -> None:
        flat = _SPACE.sub(" ", output)
        for snippet in with_:
            self.all_with += 1
            self.found_with += _SPACE.sub(" ", snippet).strip() in flat
        for snippet in without:
            self.kept_without += _SPACE.sub(" ", snippet).strip() in flat

    @property
    def precision(self) -> float:
        kept = self.found_with + self.kept_without
        return self.found_with / kept if kept else 0.0

    @property
    def recall(self) -> float:
        return self.found_with / self.all_with if self.all_with else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0
