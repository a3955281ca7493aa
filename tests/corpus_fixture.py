"""The fixture corpus of several sites (fixtures/corpus), shared by the corpus and datatrove tests."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

CORPUS = Path(__file__).parent.parent / "fixtures" / "corpus"


@dataclass(frozen=True)
class Site:
    host: str
    docs: int
    template: frozenset[str]  # every line the site's template adds (byline, promo, rail)
    promo: str


@cache
def documents() -> tuple[dict[str, str], ...]:
    with open(CORPUS / "documents.jsonl", encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines)


@cache
def config() -> dict:  # type: ignore[type-arg]
    return json.loads((CORPUS / "sites.json").read_text("utf-8"))


@cache
def sites() -> dict[str, Site]:
    found = {}
    for site in config()["sites"]:
        lines = {*site["bylines"], site["promo"], site["rail_heading"], *site["teasers"]}
        found[site["host"]] = Site(site["host"], site["docs"], frozenset(lines), site["promo"])
    return found


def site_of(document: dict[str, str]) -> Site:
    host = document["url"].split("/")[2]
    return sites()[host]


def quote() -> str:
    return str(config()["quote"]["text"])


def pairs() -> list[tuple[str, str]]:
    return [(d["url"], d["text"]) for d in documents()]
