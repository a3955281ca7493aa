"""Bytes to text for HTML pages, without garbling: BOM, declared charset, then detection.

Order, as browsers do it (WHATWG "encoding sniffing", simplified):

1. a byte-order mark (UTF-8, UTF-16, UTF-32) wins over everything;
2. the charset of the HTTP ``Content-Type`` header (``charset=``, when the page came with
   one, as in a WARC response) and then
3. a charset declared in the first bytes (``<meta charset>``, ``<meta http-equiv=
   "Content-Type" content="...; charset=...">``, ``<?xml encoding=...?>``) are used when the
   bytes decode with it strictly, unless it is a legacy charset and the bytes are non-ASCII
   strict UTF-8: then the declaration is wrong (see ``mislabeled_utf8``), UTF-8 is used and
   a warning logged (a header's legacy charset is checked the same way: servers that send
   ``charset=iso-8859-1`` by default with UTF-8 pages are common);
4. strict UTF-8 (the web's majority encoding; a page that decodes as UTF-8 almost surely is);
5. bs4's ``UnicodeDammit`` (statistical detection through chardet), for undeclared legacy
   pages such as windows-1251, koi8-r and windows-1252;
6. windows-1252 with replacement characters as the last resort, so a page is never lost to a
   few stray bytes.

Labels are read the WHATWG way: ``iso-8859-1``, ``latin1`` and ``ascii`` mean windows-1252
(servers say latin-1 and send curly quotes from 0x80..0x9f). ``decode`` also says which
encoding was used (Python's codec name), which ``CleanResult.encoding`` reports.
"""

from __future__ import annotations

import codecs
import logging
import re
from typing import NamedTuple

from bs4.dammit import UnicodeDammit

from .errors import EncodingError

_LOG = logging.getLogger(__name__)

# The spec's prescan reads 1024 bytes; real pages put 2-4 kB of comments and scripts before
# the <meta>, so we read a little more. The cost is one regex over a few kB.
PRESCAN_BYTES = 4096
# Binary files (images, gzip, PDF) hold many NUL bytes; text in any 8-bit encoding holds none,
# and UTF-16/32 text is caught by its BOM first. Share of NULs in the first bytes above which
# we call the input binary.
MAX_NUL_SHARE = 0.01
# Detectors (chardet, charset_normalizer) learn an encoding from its non-ASCII bytes and the
# letters beside them; markup, scripts and English words tell them nothing and cost the same
# per byte. So they get only the words holding non-ASCII bytes, up to this many bytes. On an
# 88 kB undeclared latin-1 devset page (t0075) that is 1.2 kB: the same guess as from its first
# 64 kB, 30 times sooner (0.35 s -> 0.01 s with chardet).
DETECT_BYTES = 16384
# The ASCII letters before a non-ASCII byte that go into the sample with it (bounded, so that
# the search stays linear on long runs of letters such as base64 data).
DETECT_LEAD = 16
# Share of undecodable characters a declared or UTF-8 decode may have and still be right: a
# truncated multi-byte sequence or a stray cp1252 quote pasted into a UTF-8 page.
MAX_STRAY_SHARE = 0.001
# Share of U+FFFD replacement characters above which the last-resort decode has garbled the
# page rather than repaired a few stray bytes.
MAX_REPLACEMENT_SHARE = 0.05

# A run of non-space, non-markup bytes holding a non-ASCII byte: a word in an 8-bit encoding,
# or a run of CJK characters (multi-byte trail bytes are never space, "<" or ">").
_NON_ASCII_WORD = re.compile(rb"[A-Za-z]{0,%d}[\x80-\xff][^\s<>]*" % DETECT_LEAD)

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""",
    re.IGNORECASE,
)
# WHATWG maps these labels to windows-1252; UTF-16 declared inside 8-bit bytes is a lie.
# (Keys are Python's canonical codec names.)
_ALIASES = {"iso8859-1": "cp1252", "ascii": "cp1252", "utf-16": "utf-8", "utf-16-le": "utf-8",
            "utf-16-be": "utf-8", "utf-32": "utf-8", "utf-32-le": "utf-8", "utf-32-be": "utf-8"}


def bom_encoding(data: bytes) -> str | None:
    """The encoding a byte-order mark announces, if any.

    >>> bom_encoding(b"\\xef\\xbb\\xbf<html>"), bom_encoding(b"<html>")
    ('utf-8', None)
    """
    return next((name for bom, name in _BOMS if data.startswith(bom)), None)


def normalize_label(label: str) -> str | None:
    """A Python codec name for a charset label, WHATWG aliases applied; None when unknown.

    >>> normalize_label("ISO-8859-1"), normalize_label("windows-1251"), normalize_label("nope")
    ('cp1252', 'cp1251', None)
    """
    try:
        name = codecs.lookup(label.strip().lower()).name
    except (LookupError, ValueError):
        return None
    return _ALIASES.get(name, name)


def declared_encoding(data: bytes) -> str | None:
    """The charset a page declares in its first bytes (meta or XML declaration), normalised.

    >>> declared_encoding(b'<meta http-equiv="Content-Type" content="text/html; charset=koi8-r">')
    'koi8-r'
    >>> declared_encoding(b"<meta charset='utf-8'>")
    'utf-8'
    """
    match = _DECLARED.search(data[:PRESCAN_BYTES])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii", "replace")
    return normalize_label(label)


class Decoded(NamedTuple):
    """A page's text, whether it is its bytes read strictly as UTF-8 (no BOM, no replacement:
    then the bytes are the text's exact UTF-8, which a parser can take as they are), and the
    encoding used (Python's codec name: "utf-8", "cp1251", ...)."""

    text: str
    utf8: bool
    encoding: str


def decode_html(data: bytes, *, name: str = "input", charset: str | None = None) -> str:
    """Decode an HTML page's bytes; raise ``EncodingError`` for binary data. ``charset`` is
    the one its HTTP header gave, if any: it is tried before the page's own declaration.

    >>> decode_html("<meta charset=windows-1251><p>Привет</p>".encode("cp1251"))
    '<meta charset=windows-1251><p>Привет</p>'
    >>> decode_html("<meta charset=utf-8><p>Привет</p>".encode("koi8-r"), charset='"KOI8-R"')
    '<meta charset=utf-8><p>Привет</p>'
    """
    return decode(data, name=name, charset=charset).text


def decode_page(data: bytes, *, name: str = "input") -> tuple[str, bool]:
    """``decode_html``'s text, and whether it is ``data`` read strictly as UTF-8 (no BOM, no
    replacement): then ``data`` is the text's exact UTF-8, which a parser can take as it is.

    >>> decode_page("<p>Grüße</p>".encode("utf-8"))
    ('<p>Grüße</p>', True)
    >>> decode_page(b'<meta charset="latin-1"><p>Gr\\xfc\\xdfe</p>')
    ('<meta charset="latin-1"><p>Grüße</p>', False)
    """
    return decode(data, name=name)[:2]


def decode(data: bytes, *, name: str = "input", charset: str | None = None) -> Decoded:
    """``decode_page``'s text and flag, and the encoding it used; ``charset`` is the HTTP
    header's (see ``decode_html``).

    >>> decode('<meta charset="windows-1251"><p>Привет</p>'.encode("utf-8")).encoding
    'utf-8'
    """
    bom = bom_encoding(data)
    if bom:
        return Decoded(data.decode(bom, errors="replace").lstrip("\ufeff"), False, bom)
    _reject_binary(data, name)
    transport = normalize_label(charset.strip("\"' ")) if charset else None
    given = [*dict.fromkeys(e for e in (transport, declared_encoding(data)) if e)]
    if given and given[0] != "utf-8":  # the label that would be used first is a legacy one
        text = mislabeled_utf8(data)
        if text is not None:
            _LOG.warning("%s: declared %s, but the bytes are UTF-8: decoded as UTF-8", name, given[0])
            return Decoded(text, True, "utf-8")
    candidates = [*dict.fromkeys([*given, "utf-8"])]  # the header's, the page's, then UTF-8
    for encoding in candidates:
        try:
            return Decoded(data.decode(encoding), encoding == "utf-8", encoding)
        except UnicodeDecodeError:
            continue
    for encoding in candidates:
        text = data.decode(encoding, errors="replace")
        strays = text.count("\ufffd")
        if strays <= MAX_STRAY_SHARE * len(text) and (encoding != "utf-8" or _utf8_outnumbers(text, strays)):
            return Decoded(text, False, encoding)  # a few broken bytes in a page that is otherwise what it says
    dammit = UnicodeDammit(detection_sample(data), is_html=True)
    guessed = normalize_label(dammit.original_encoding or "") if dammit.original_encoding else None
    if guessed:
        try:
            return Decoded(data.decode(guessed), False, guessed)
        except UnicodeDecodeError:
            pass
    text = data.decode("cp1252", errors="replace")
    if text.count("\ufffd") > MAX_REPLACEMENT_SHARE * max(len(text), 1):
        raise EncodingError(f"{name}: bytes decode in no encoding (tried declared, utf-8, detection)")
    return Decoded(text, False, "cp1252")


def mislabeled_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 when it holds non-ASCII bytes and all of them decode strictly as UTF-8;
    else None. For a page declaring a legacy charset, that means the declaration is wrong.

    Why it is safe: in UTF-8 every byte from 0x80 up belongs to a sequence of a lead byte
    (0xC2..0xF4) and one to three continuation bytes (0x80..0xBF), and only such sequences.
    Legacy text breaks that at almost every letter: Cyrillic in windows-1251 or KOI8-R is
    letters from 0xC0 up, one after another (two leads in a row); an accented letter of
    windows-1252 or ISO-8859-2 sits alone between ASCII letters (a lead without its
    continuation); Shift_JIS leads are UTF-8 continuation bytes. A real legacy page that is
    valid UTF-8 throughout is essentially impossible, while a UTF-8 page read as legacy turns
    every letter into two or three (mojibake: "РџСЂРёРІРµС‚", "GrÃ¼ÃŸe"). Pure ASCII reads the
    same in both and is left to the declaration.

    >>> mislabeled_utf8("Привет".encode("utf-8")), mislabeled_utf8("Привет".encode("cp1251"))
    ('Привет', None)
    >>> mislabeled_utf8(b"plain ASCII") is None
    True
    """
    if data.isascii():
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def detection_sample(data: bytes) -> bytes:
    """The words of ``data`` that hold non-ASCII bytes, space-separated, about ``DETECT_BYTES``
    long at most: what an encoding detector learns from, without the markup around it.

    >>> detection_sample(b'<p class="x">Gr\\xfc\\xdfe aus K\\xf6ln, sagt er.</p>')
    b'Gr\\xfc\\xdfe K\\xf6ln,'
    """
    sample = bytearray()
    for match in _NON_ASCII_WORD.finditer(data):
        sample += match[0] + b" "
        if len(sample) >= DETECT_BYTES:
            break
    return bytes(sample[:-1])


def _utf8_outnumbers(text: str, strays: int) -> bool:
    """Whether the non-ASCII characters that decoded as UTF-8 outnumber the bytes that did not:
    a UTF-8 page with a stray cp1252 quote, not a legacy page whose every "ä" is a stray (an
    undeclared latin-1 page with a few umlauts decodes as UTF-8 with a replacement for each).

    >>> _utf8_outnumbers("Grüße, “quoted” \ufffd", 1), _utf8_outnumbers("Ausw\ufffdhlen", 1)
    (True, False)
    """
    non_ascii = len(text.encode("utf-8", "surrogatepass")) - len(text)  # extra bytes, cheap in C
    return non_ascii - 2 * strays > strays  # U+FFFD takes 3 bytes, i.e. 2 extra each


def _reject_binary(data: bytes, name: str) -> None:
    head = data[:PRESCAN_BYTES]
    if head and head.count(0) > MAX_NUL_SHARE * len(head):
        raise EncodingError(
            f"{name}: looks binary ({head.count(0)} NUL bytes in the first {len(head)}), not HTML"
        )
