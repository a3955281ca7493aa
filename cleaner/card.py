"""The dataset card (README.md) of a Hub-ready folder: YAML header and a readable report.

The header is what ``datasets.load_dataset(folder)`` and the Hub read (``configs`` with
``data_files`` per split, ``dataset_info`` with the declared features, ``language``,
``license``, ``size_categories``, ``task_categories``, ``pretty_name``). The body says what
was removed, with real examples, where every input record went, and how the data was made.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import yaml  # type: ignore[import-untyped]
from datasets import Features

from .report import RunStats

if TYPE_CHECKING:
    from .folder import FolderOptions, SplitInfo

# A language goes into the card's ``language`` list when at least this share of the kept
# documents is in it: a stray misdetected page must not make a dataset "multilingual".
LANGUAGE_SHARE = 0.01
_SIZES = (
    (1_000, "n<1K"),
    (10_000, "1K<n<10K"),
    (100_000, "10K<n<100K"),
    (1_000_000, "100K<n<1M"),
    (10_000_000, "1M<n<10M"),
    (100_000_000, "10M<n<100M"),
    (1_000_000_000, "100M<n<1B"),
)


def size_category(count: int) -> str:
    """The Hub's size bucket for a number of rows.

    >>> size_category(999), size_category(1_000), size_category(25_000)
    ('n<1K', '1K<n<10K', '10K<n<100K')
    """
    return next((label for limit, label in _SIZES if count < limit), "n>1T")


def languages(stats: RunStats, given: str | None = None) -> list[str]:
    """The languages of the kept documents worth listing, most common first."""
    if given:
        return [given]
    total = sum(stats.languages.values())
    return [
        lang
        for lang, n in stats.languages.most_common()
        if lang != "unknown" and total and n / total >= LANGUAGE_SHARE
    ]


def card_header(
    stats: RunStats, *, splits: list[SplitInfo], features: Features, options: FolderOptions
) -> dict[str, Any]:
    header: dict[str, Any] = {}
    if any(s.pattern for s in splits):
        header["configs"] = [
            {
                "config_name": "default",
                "data_files": [{"split": s.name, "path": s.pattern} for s in splits],
            }
        ]
    header["dataset_info"] = {
        "features": features._to_yaml_list(),
        "splits": [
            {"name": s.name, "num_bytes": s.num_bytes, "num_examples": s.documents} for s in splits
        ],
    }
    langs = languages(stats, options.lang)
    if langs:
        header["language"] = langs
    header["license"] = options.license or "unknown"
    header["size_categories"] = [size_category(stats.kept)]
    header["task_categories"] = ["text-generation"]
    header["pretty_name"] = options.pretty_name or "Cleaned news text"
    header["tags"] = ["news", "cleaner"]
    return header


def render_card(
    stats: RunStats,
    *,
    splits: list[SplitInfo],
    features: Features,
    options: FolderOptions,
    digest: str,
) -> str:
    """The whole README.md."""
    header = yaml.safe_dump(
        card_header(stats, splits=splits, features=features, options=options),
        sort_keys=False,
        allow_unicode=True,
    )
    title = options.pretty_name or "Cleaned news text"
    sections = [
        (
            f"# {title}\n\nNews text cleaned with `cleaner`: bylines, duplicated captions, promo "
            "lines, sidebars and boilerplate removed, every sentence of the articles kept. Each "
            "removal is listed with its reason in the `removed` column (when the run kept the audit)."
        ),
        _contents(stats, splits),
        _removed(stats),
        _rejected(stats),
        _made(options, digest),
        _schema(features),
    ]
    return f"---\n{header}---\n\n" + "\n\n".join(s for s in sections if s) + "\n"


def _contents(stats: RunStats, splits: list[SplitInfo]) -> str:
    rows = "\n".join(f"| `{s.name}` | {s.documents:,} | {len(s.files)} |" for s in splits)
    load = (
        "`datasets.load_from_disk`"
        if splits and not splits[0].pattern
        else "`datasets.load_dataset`"
    )
    return (
        "## Contents\n\n"
        f"Load it with {load}. Splits:\n\n| split | documents | files |\n|---|---:|---:|\n{rows}\n\n"
        f"Every input record is accounted for: **{stats.inputs:,} input records = {stats.kept:,} kept "
        f"(`train`) + {stats.rejected:,} rejected"
        + (" (`rejected` split, reason in `drop_reason`)" if stats.rejected else "")
        + f" + {stats.unreadable:,} unreadable"
        + (" (`rejects.jsonl`, with the error)" if stats.unreadable else "")
        + (f" + {stats.skipped:,} skipped (not pages)" if stats.skipped else "")
        + f"**. The kept documents hold {stats.characters_kept:,} characters of text."
    )


def _removed(stats: RunStats) -> str:
    if not stats.reasons:
        return "## What was removed\n\nNothing: no rule fired on these documents."
    ordered = sorted(stats.reasons.items(), key=lambda kv: -kv[1].characters)
    table = "\n".join(
        f"| `{r}` | {s.removals:,} | {s.characters:,} | {s.documents:,} |" for r, s in ordered
    )
    examples = []
    for reason, _ in ordered:
        items = "\n".join(
            f"- {json.dumps(e['text'], ensure_ascii=False)} (rule `{e['rule']}`: {e['evidence']})"
            for e in stats.examples.get(reason, [])
        )
        examples.append(f"### `{reason}`\n\n{items}")
    return (
        "## What was removed\n\nCounted over all input documents (kept and rejected).\n\n"
        "| reason | removed blocks | characters | documents |\n|---|---:|---:|---:|\n"
        f"{table}\n\nExamples (the first few of each reason, cut to one line):\n\n"
        + "\n\n".join(examples)
    )


def _rejected(stats: RunStats) -> str:
    lines = [f"| `{reason}` | {n:,} |" for reason, n in stats.drop_reasons.most_common()]
    body = "## Rejected and unreadable records\n\n"
    if lines:
        body += "Documents with too little text left after cleaning:\n\n| drop reason | documents |\n|---|---:|\n"
        body += "\n".join(lines) + "\n\n"
    else:
        body += "No document was rejected.\n\n"
    if stats.unreadable:
        body += f"{stats.unreadable:,} records could not be read; the first errors:\n\n"
        body += "\n".join(f"- {json.dumps(e, ensure_ascii=False)}" for e in stats.errors)
    else:
        body += "Every input record could be read."
    return body + _skipped(stats)


def _skipped(stats: RunStats) -> str:
    """Input records that are not pages (web archives hold requests, images, redirects)."""
    text = ""
    if stats.skipped:
        rows = "\n".join(f"| `{kind}` | {n:,} |" for kind, n in stats.skip_reasons.most_common())
        text += (
            f"\n\n{stats.skipped:,} input records are not pages and were skipped:\n\n"
            f"| record | records |\n|---|---:|\n{rows}"
        )
    if stats.truncated:
        text += (
            f"\n\n{stats.truncated:,} pages were cut short by the crawler (`WARC-Truncated`): "
            "cleaned all the same, and flagged in the `warc_truncated` column."
        )
    return text


def _made(options: FolderOptions, digest: str) -> str:
    settings = json.dumps(options.settings, indent=2, ensure_ascii=False, sort_keys=False)
    return (
        "## How it was made\n\n"
        f"Made with cleaner {options.settings.get('cleaner_version', '?')}; content digest `{digest}` "
        "(also in the shard names). The run's settings and the cleaner's configuration:\n\n"
        f"```json\n{settings}\n```"
    )


def _schema(features: Features) -> str:
    rows = "\n".join(f"| `{name}` | `{feature}` |" for name, feature in features.items())
    return f"## Schema\n\n| column | type |\n|---|---|\n{rows}"
