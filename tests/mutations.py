"""Mutated fixture pages: what the fuzz test and the fuzz benchmark feed to clean_html/clean_text.

A mutation is a plain tuple ``(kind, position, argument)``, positions being shares of the
input's length (0.0 .. 1.0), so that one list of mutations applies to bytes and to str alike
and Hypothesis can shrink it. Kinds:

- ``truncate``: cut the input at the position;
- ``insert``: insert a snippet (markup fragments that broke the segmenter, such as text after
  ``</body>``, a lone ``<``, NUL and control characters, lone surrogates, BOMs);
- ``delete``: delete ``argument`` characters (or bytes) from the position;
- ``duplicate``: repeat the ``argument`` characters from the position;
- ``text``: insert an arbitrary string (``argument``);
- ``raw``: insert arbitrary bytes (``argument``; read as latin-1 into a str): broken UTF-8,
  legacy bytes, BOMs and NULs in the middle of a page.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

FIXTURES = Path(__file__).parent.parent / "fixtures"

# Fragments at the edges of HTML parsing: text and tags after the end of the body or the
# document, unterminated tags, comments and CDATA, entities for NUL and lone surrogates, a
# charset declaration that contradicts the bytes, table and form markup that libxml2 moves.
SNIPPETS = (
    "</body>x", "</html>y", "<", "</", "<p>", "</p>", "<body>", "</body>", "<html>", "</html>",
    "<!--", "-->", "<![CDATA[", "]]>", "<?xml version='1.0' encoding='utf-16'?>",
    "<meta charset=utf-16>", "<meta charset=windows-1251>", "<meta charset=bogus>",
    "&#0;", "&#xD800;", "&#x10FFFF;", "&", "<script>", "</script>", "<table><tr><td>", "</td>",
    "<form>", "<a href=x>", "</a>", "<br>", "<h1>", "<nav>", "<article>", "<pre>", "<title>",
    "\x00", "\x01", "\x0b", "\x0c", "\r", "\x1b", "\x7f", "\x85", "\u2028", "\ufeff", "\ufffd",
    "\ud800", "\U0001f600", "\u0301", "\u200b", " ", "\n\n\n", "\t",
)
KINDS = ("truncate", "insert", "delete", "duplicate", "text", "raw")
Mutation = tuple[str, float, int | str | bytes]


@cache
def html_pages() -> tuple[tuple[str, bytes], ...]:
    """Every HTML fixture page (rule cases and encodings), as raw bytes."""
    paths = sorted((FIXTURES / "html").glob("*.html")) + sorted((FIXTURES / "html" / "encodings").glob("*.html"))
    return tuple((p.stem, p.read_bytes()) for p in paths)


@cache
def text_documents() -> tuple[tuple[str, str], ...]:
    """The seed document and the text fixture cases."""
    import json

    documents = [(p.stem, p.read_text("utf-8")) for p in sorted((FIXTURES / "seed").glob("*.txt"))]
    for path in sorted((FIXTURES / "text").glob("*.json")):
        for number, case in enumerate(json.loads(path.read_text("utf-8"))):
            documents.append((f"{path.stem}/{number}", case["text"]))
    return tuple(documents)


def mutate_str(text: str, mutations: list[Mutation]) -> str:
    for kind, share, argument in mutations:
        at = int(share * len(text))
        if kind == "truncate":
            text = text[:at]
        elif kind == "delete":
            text = text[:at] + text[at + int(argument) :]
        elif kind == "duplicate":
            text = text[: at + int(argument)] + text[at:]
        elif isinstance(argument, bytes):  # raw
            text = text[:at] + argument.decode("latin-1") + text[at:]
        else:  # insert, text
            text = text[:at] + str(argument) + text[at:]
    return text


def mutate_bytes(data: bytes, mutations: list[Mutation]) -> bytes:
    for kind, share, argument in mutations:
        at = int(share * len(data))
        if kind == "truncate":
            data = data[:at]
        elif kind == "delete":
            data = data[:at] + data[at + int(argument) :]
        elif kind == "duplicate":
            data = data[: at + int(argument)] + data[at:]
        elif isinstance(argument, bytes):  # raw
            data = data[:at] + argument + data[at:]
        else:  # insert, text
            data = data[:at] + str(argument).encode("utf-8", "surrogatepass") + data[at:]
    return data
