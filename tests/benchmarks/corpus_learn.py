"""Learn + clean throughput and peak memory on a generated corpus, one process vs two; and
what a count-min sketch of the same or less memory would get wrong.

    python tests/benchmarks/corpus_learn.py [--docs 100000] [--sites 1000] [--dir DIR]

The corpus (written once to DIR as gzipped JSONL shards): every site has a promo sentence, a
rotating teaser rail and a few bylines; articles are 4-8 paragraphs of pseudo-words (20-60 words
each) with a short subheading. Each measured run is a fresh interpreter, so its peak RSS is
its own (``ru_maxrss`` of the run and its workers).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import ExitStack
from multiprocessing import get_context
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cleaner import Cleaner
from cleaner.corpus import LearnSettings, SiteCounts, SiteModel, build_model, count_shard

SHARD_FILES = 8
SYLLABLES = ["ka", "lo", "mi", "ren", "tu", "sa", "vo", "el", "nir", "pa", "de", "qui", "zo", "an", "bel", "tor"]


def vocabulary(rng: random.Random, size: int = 6000) -> list[str]:
    return ["".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))) for _ in range(size)]


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    text = " ".join(rng.choice(words) for _ in range(n))
    return text[0].upper() + text[1:] + "."


def site_template(rng: random.Random, words: list[str], site: int) -> dict[str, object]:
    return {
        "host": f"site{site:04d}.example",
        "promo": sentence(rng, words, rng.randint(8, 18)),
        "heading": " ".join(rng.choice(words) for _ in range(2)).title(),
        "teasers": [" ".join(rng.choice(words) for _ in range(rng.randint(5, 9))).capitalize() for _ in range(8)],
        "bylines": [f"By {rng.choice(words).title()} {rng.choice(words).title()}" for _ in range(3)],
    }


def document(rng: random.Random, words: list[str], site: dict, number: int) -> dict[str, str]:  # type: ignore[type-arg]
    paragraphs = [
        " ".join(sentence(rng, words, rng.randint(6, 15)) for _ in range(rng.randint(2, 4)))
        for _ in range(rng.randint(4, 8))
    ]
    paragraphs.insert(2, " ".join(rng.choice(words) for _ in range(4)).capitalize())  # a subheading
    paragraphs.insert(3, site["promo"])
    rail = [site["teasers"][(number + k) % 8] for k in range(3)]
    lines = [sentence(rng, words, 8).rstrip("."), site["bylines"][number % 3], "", *paragraphs, "", site["heading"], *rail]
    return {"url": f"https://{site['host']}/news/{number}", "text": "\n".join(lines)}


def generate(folder: Path, docs: int, sites: int) -> None:
    """Write the corpus once; documents of a site are spread over all shard files."""
    marker = folder / f"corpus-{docs}-{sites}.done"
    if marker.exists():
        return
    rng = random.Random(20261126)
    words = vocabulary(rng)
    templates = [site_template(rng, words, s) for s in range(sites)]
    with ExitStack() as stack:
        outs = [
            stack.enter_context(gzip.open(folder / f"shard-{k}.jsonl.gz", "wt", encoding="utf-8"))
            for k in range(SHARD_FILES)
        ]
        for i in range(docs):
            row = document(rng, words, templates[i % sites], i // sites)
            outs[i % SHARD_FILES].write(json.dumps(row) + "\n")
    marker.touch()


def read(paths: list[Path]) -> Iterator[tuple[str, str]]:
    for path in paths:
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                row = json.loads(line)
                yield row["url"], row["text"]


def count_files(paths: list[Path]) -> SiteCounts:
    return count_shard(read(paths), settings=LearnSettings())


def clean_files(args: tuple[list[Path], SiteModel]) -> tuple[int, int]:
    paths, model = args
    cleaner = Cleaner(site_model=model)
    docs = removed = 0
    for url, text in read(paths):
        result = cleaner.clean_text(text, url=url)
        docs += 1
        removed += sum(1 for r in result.removals if r.rule == "site_repeat")
    return docs, removed


def cpu_seconds() -> float:
    """CPU time of this process and its finished workers: unlike wall time, it does not
    grow when other jobs share the machine's cores."""
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def measured_run(folder: Path, procs: int) -> dict[str, object]:
    """One learn + clean run with ``procs`` processes (executed in a fresh interpreter)."""
    files = sorted(folder.glob("shard-*.jsonl.gz"))
    groups = [files[k::procs] for k in range(procs)]
    cpu_start = cpu_seconds()
    start = time.perf_counter()
    if procs == 1:
        counts = count_files(files)
    else:
        with get_context("spawn").Pool(procs) as pool:
            shards = pool.map(count_files, groups)
        counts = shards[0].merge(*shards[1:])
    model = build_model(counts)
    learned = time.perf_counter()
    cpu_learned = cpu_seconds()
    if procs == 1:
        results = [clean_files((files, model))]
    else:
        with get_context("spawn").Pool(procs) as pool:
            results = pool.map(clean_files, [(g, model) for g in groups])
    cleaned = time.perf_counter()
    cpu_cleaned = cpu_seconds()
    docs = sum(d for d, _ in results)
    peak = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    return {
        "procs": procs,
        "docs": docs,
        "learn_s": round(learned - start, 1),
        "learn_docs_per_s": round(docs / (learned - start)),
        "learn_cpu_s": round(cpu_learned - cpu_start, 1),
        "clean_s": round(cleaned - learned, 1),
        "clean_cpu_s": round(cpu_cleaned - cpu_learned, 1),
        "clean_docs_per_s": round(docs / (cleaned - learned)),
        "peak_rss_mb": round(peak / 1024),
        "site_repeat_removals": sum(r for _, r in results),
        "distinct_pairs": counts.pairs,
        "counts_mb": round(counts.nbytes / 2**20, 1),
        "model_blocks": len(model),
        "model_kb": round(len(model.to_json()) / 1024),
        "model_sha1": hashlib.sha1(model.to_json()).hexdigest()[:12],  # equal across runs
        "sketch": sketch_errors(counts),
        "rule_cost": rule_cost(files[0], model),
    }


def rule_cost(path: Path, model: SiteModel, docs: int = 2000) -> dict[str, float]:
    """CPU seconds to clean the same documents without and with the site model."""
    sample = [pair for _, pair in zip(range(docs), read([path]))]
    out = {}
    for name, cleaner in (("without_model_s", Cleaner()), ("with_model_s", Cleaner(site_model=model))):
        start = time.process_time()
        for url, text in sample:
            cleaner.clean_text(text, url=url)
        out[name] = round(time.process_time() - start, 2)
    return out


def sketch_errors(counts: SiteCounts, depth: int = 4) -> list[dict[str, object]]:
    """Blocks a count-min sketch would wrongly learn, at the exact counts' memory and below.

    Each (source, fingerprint) pair is added to ``depth`` rows of 4-byte counters; its estimate
    is the minimum over the rows, never below the true count. A false positive is a pair whose
    estimate reaches its source's threshold while its true document frequency does not.
    """
    settings = LearnSettings()
    docs = {hash_source(s): n for s, n in counts.docs}
    n = np.array([docs[int(s)] for s in counts.src], dtype=np.int64)
    sentence = (counts.blk & np.uint64(1)).astype(bool)
    need = np.where(
        sentence,
        np.maximum(settings.min_df, np.ceil(np.round(settings.min_share * n, 9))),
        np.maximum(settings.min_df, np.ceil(np.round(settings.min_share_line * n, 9))),
    )
    eligible = n >= settings.min_docs
    truth = eligible & (counts.cnt >= need)
    out = []
    for fraction in (1.0, 0.25, 0.0625):
        width = max(1, int(counts.nbytes * fraction / (4 * depth)))
        estimate = np.full(counts.pairs, np.iinfo(np.int64).max)
        for row in range(depth):
            seed = np.uint64(0x9E3779B97F4A7C15 * (row + 1) % 2**64)
            slot = ((counts.src * seed) ^ counts.blk) % np.uint64(width)
            table = np.bincount(slot.astype(np.int64), weights=counts.cnt, minlength=width)
            estimate = np.minimum(estimate, table[slot.astype(np.int64)].astype(np.int64))
        wrong = eligible & (estimate >= need) & ~truth
        out.append({"memory": f"{fraction:.0%} of exact", "false_template_blocks": int(wrong.sum()), "true": int(truth.sum())})
    return out


def hash_source(source: str) -> int:
    from cleaner.corpus import _source_id

    return _source_id(source)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--sites", type=int, default=1_000)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "cleaner-corpus-bench")
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)  # internal: one measured run
    args = parser.parse_args()
    if args.run:
        print(json.dumps(measured_run(args.dir, args.run)))
        return
    args.dir.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    generate(args.dir, args.docs, args.sites)
    print(f"corpus: {args.docs} documents of {args.sites} sites in {args.dir} ({time.perf_counter() - start:.0f} s)")
    for procs in (1, 2):
        done = subprocess.run(
            [sys.executable, __file__, "--dir", str(args.dir), "--run", str(procs)],
            check=True, capture_output=True, text=True,
        )
        print(done.stdout.strip().splitlines()[-1])


if __name__ == "__main__":
    main()
