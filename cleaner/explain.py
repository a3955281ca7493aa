"""``cleaner explain``: a document with every removed line marked with its reason and evidence.

For text input the whole source is shown, line by line: kept lines plain, removed lines
struck through with ``reason · rule · evidence``; metadata on top. For HTML the source is
markup, so the removals are listed in document order with their DOM path, then the text.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import CleanResult, Removal

META_FIELDS = ("title", "author", "section", "date", "lang", "url")


@dataclass(frozen=True)
class Style:
    """ANSI escapes, or nothing (``Style.plain()``) when the output is not a terminal."""

    removed: str = "\x1b[31m"  # red
    note: str = "\x1b[33m"  # yellow
    label: str = "\x1b[1m"  # bold
    dim: str = "\x1b[2m"
    reset: str = "\x1b[0m"

    @classmethod
    def plain(cls) -> Style:
        return cls("", "", "", "", "")


def render_metadata(result: CleanResult, style: Style) -> list[str]:
    lines = []
    for name in META_FIELDS:
        value = getattr(result, name)
        lines.append(
            f"{style.label}{name + ':':<9}{style.reset}{value if value is not None else '-'}"
        )
    reasons = sorted({str(r.reason) for r in result.removals})
    lines.append(
        f"{style.label}{'removed:':<9}{style.reset}{len(result.removals)} ({', '.join(reasons) or 'nothing'})"
    )
    return lines


def render_text(source: str, result: CleanResult, *, color: bool = False) -> str:
    r"""The source with removed lines marked (``- ``) and kept ones indented; metadata on top.

    >>> from cleaner import clean_text
    >>> doc = "Storm hits the coast\n\nThe storm hit at 2 am.\n\nFollow us on Telegram!"
    >>> print(render_text(doc, clean_text(doc)).split("\n\n", 1)[1])
    T Storm hits the coast
    <BLANKLINE>
      The storm hit at 2 am.
    <BLANKLINE>
    - Follow us on Telegram!    [promo · promo_phrase · phrase='follow us on']
    """
    style = Style() if color else Style.plain()
    by_line = _removal_lines(result.removals)
    out = render_metadata(result, style) + [""]
    for number, line in enumerate(source.splitlines(), start=1):
        removal = by_line.get(number)
        if removal is not None:
            note = f"    [{_why(removal)}]" if removal.line == number else ""
            out.append(f"{style.removed}- {line}{style.reset}{style.note}{note}{style.reset}")
        elif result.title and line.strip() == result.title:
            out.append(f"{style.label}T {line}{style.reset}")
        else:
            out.append(f"  {line}" if line.strip() else "")
    return "\n".join(out)


def render_html(result: CleanResult, *, color: bool = False) -> str:
    """Metadata, the removals in document order (with DOM path), then the cleaned text."""
    style = Style() if color else Style.plain()
    out = render_metadata(result, style) + [
        "",
        f"{style.label}removed, in document order:{style.reset}",
    ]
    for removal in result.removals:
        where = (
            f" at {removal.path}" if removal.path and removal.path not in removal.evidence else ""
        )
        out.append(f"{style.note}[{_why(removal)}]{where}{style.reset}")
        out.extend(f"{style.removed}- {line}{style.reset}" for line in removal.text.splitlines())
    out += ["", f"{style.label}kept text:{style.reset}", result.text]
    return "\n".join(out)


def _why(removal: Removal) -> str:
    return f"{removal.reason} · {removal.rule} · {removal.evidence}"


def _removal_lines(removals: tuple[Removal, ...]) -> dict[int, Removal]:
    lines: dict[int, Removal] = {}
    for removal in removals:
        for number in range(removal.line, removal.last_line + 1):
            lines.setdefault(number, removal)
    return lines
