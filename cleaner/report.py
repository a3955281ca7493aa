"""What a run did, counted as it goes: documents in and out, removals per reason, examples.

``RunStats`` is the one accumulator of a run (an explicit object, saved with each checkpoint
so a resumed run reports the whole run). Its invariant, which the card states:
``inputs == kept + rejected + unreadable + skipped`` (skipped: input records that are not
documents, such as a web archive's ``request`` records).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from .readers import TRUNCATED_COLUMN, Skipped, Unreadable

if TYPE_CHECKING:  # export imports datasets (half a second); the summary does not need it
    from .export import Outcome

EXAMPLES_PER_REASON = 3  # a card shows a few real removals per reason, not a dump
EXAMPLE_CHARS = 160  # longer removed texts are cut for the card
UNREADABLE_EXAMPLES = 5


@dataclass
class ReasonStats:
    removals: int = 0
    characters: int = 0
    documents: int = 0


@dataclass
class RunStats:
    """Counts of one run; ``add`` takes every outcome in input order."""

    inputs: int = 0
    kept: int = 0
    rejected: int = 0
    unreadable: int = 0
    skipped: int = 0  # not documents: counted by ``Skipped.kind`` in ``skip_reasons``
    truncated: int = 0  # archived pages the crawler cut short (cleaned, and flagged)
    characters_kept: int = 0
    reasons: dict[str, ReasonStats] = field(default_factory=dict)
    examples: dict[str, list[dict[str, str]]] = field(default_factory=dict)
    drop_reasons: Counter[str] = field(default_factory=Counter)
    languages: Counter[str] = field(default_factory=Counter)
    skip_reasons: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)  # the first few unreadable records

    def add(self, outcome: Outcome | Unreadable | Skipped) -> None:
        self.inputs += 1
        if isinstance(outcome, Skipped):
            self.skipped += 1
            self.skip_reasons[outcome.kind] += 1
            return
        if isinstance(outcome, Unreadable):
            self.unreadable += 1
            if len(self.errors) < UNREADABLE_EXAMPLES:
                self.errors.append(outcome.error)
            return
        if outcome.record.extra.get(TRUNCATED_COLUMN):
            self.truncated += 1
        if outcome.drop_reason is None:
            self.kept += 1
            self.characters_kept += len(outcome.result.text)
            self.languages[outcome.result.lang or "unknown"] += 1
        else:
            self.rejected += 1
            self.drop_reasons[outcome.drop_reason.split(":", 1)[0]] += 1
        self._add_removals(outcome)

    def _add_removals(self, outcome: Outcome) -> None:
        seen: set[str] = set()
        for removal in outcome.result.removals:
            reason = str(removal.reason)
            stats = self.reasons.setdefault(reason, ReasonStats())
            stats.removals += 1
            stats.characters += len(removal.text)
            if reason not in seen:
                stats.documents += 1
                seen.add(reason)
            examples = self.examples.setdefault(reason, [])
            if len(examples) < EXAMPLES_PER_REASON and all(
                e["text"] != removal.text for e in examples
            ):
                examples.append(
                    {"text": _cut(removal.text), "rule": removal.rule, "evidence": removal.evidence}
                )

    @property
    def balanced(self) -> bool:
        """Every input record is accounted for."""
        return self.inputs == self.kept + self.rejected + self.unreadable + self.skipped

    def to_dict(self) -> dict[str, Any]:
        data = {k: v for k, v in vars(self).items() if k not in _COUNTERS + ("reasons",)}
        data["reasons"] = {k: asdict(v) for k, v in self.reasons.items()}
        data.update({name: dict(getattr(self, name)) for name in _COUNTERS})
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RunStats:
        stats = cls(**{k: v for k, v in data.items() if k not in _COUNTERS + ("reasons",)})
        stats.reasons = {k: ReasonStats(**v) for k, v in data["reasons"].items()}
        for name in _COUNTERS:
            setattr(stats, name, Counter(data.get(name, {})))
        return stats


_COUNTERS = ("drop_reasons", "languages", "skip_reasons")  # saved as plain dicts


def summary_table(stats: RunStats, *, seconds: float | None = None) -> str:
    """The end-of-run table the CLI prints (plain text, aligned)."""
    lines = [
        f"{'input records':<24}{stats.inputs:>10,}",
        f"{'kept':<24}{stats.kept:>10,}",
        f"{'too little text left':<24}{stats.rejected:>10,}",
        f"{'unreadable':<24}{stats.unreadable:>10,}",
    ]
    if stats.skipped:
        lines.append(f"{'skipped (not pages)':<24}{stats.skipped:>10,}")
        lines += [f"{'  ' + kind:<24}{n:>10,}" for kind, n in stats.skip_reasons.most_common()]
    if stats.truncated:
        lines.append(f"{'truncated by the crawler':<24}{stats.truncated:>10,}")
    if seconds:
        lines.append(f"{'documents/s':<24}{stats.inputs / seconds:>10,.1f}")
    if stats.reasons:
        lines.append("")
        lines.append(f"{'removed':<24}{'blocks':>10}{'characters':>14}{'documents':>11}")
        for reason, r in sorted(stats.reasons.items(), key=lambda kv: -kv[1].characters):
            lines.append(f"{reason:<24}{r.removals:>10,}{r.characters:>14,}{r.documents:>11,}")
    return "\n".join(lines)


def _cut(text: str) -> str:
    """One line, at most ``EXAMPLE_CHARS`` characters.

    >>> _cut("Follow us\\non Telegram")
    'Follow us / on Telegram'
    """
    flat = " / ".join(line.strip() for line in text.splitlines() if line.strip())
    return flat if len(flat) <= EXAMPLE_CHARS else flat[: EXAMPLE_CHARS - 1].rstrip() + "…"
