"""Bytes to text: BOMs, declared charsets, detection of undeclared legacy encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaner import EncodingError, InputError, clean_html
from cleaner.decode import declared_encoding, decode_html

ENCODINGS = Path(__file__).parent.parent / "fixtures" / "html" / "encodings"
CASES = sorted(p.stem for p in ENCODINGS.glob("*.html"))


def test_every_encoding_has_a_case():
    names = " ".join(CASES)
    for label in ("windows-1251", "koi8-r", "windows-1252", "iso-8859-1", "iso-8859-2", "utf-8_bom", "utf-16le_bom"):
        assert label in names


@pytest.mark.parametrize("name", CASES)
def test_decoded_text_is_exactly_the_page(name):
    expect = json.loads((ENCODINGS / f"{name}.expect.json").read_text("utf-8"))
    text = decode_html((ENCODINGS / f"{name}.html").read_bytes())
    for paragraph in expect["paragraphs"]:
        assert paragraph in text
    assert "\ufffd" not in text and not text.startswith("\ufeff")


@pytest.mark.parametrize("name", CASES)
def test_clean_html_keeps_every_paragraph(name):
    expect = json.loads((ENCODINGS / f"{name}.expect.json").read_text("utf-8"))
    result = clean_html((ENCODINGS / f"{name}.html").read_bytes())
    assert result.paragraphs == expect["paragraphs"]


def test_declared_charset_wins_over_utf8_lookalikes():
    page = '<meta charset="koi8-r"><p>Привет, мир</p>'.encode("koi8-r")
    assert "Привет, мир" in decode_html(page)


def test_latin1_label_means_windows_1252():
    page = '<meta charset="iso-8859-1"><p>“Quoted” — dash</p>'.encode("cp1252")
    assert "“Quoted” — dash" in decode_html(page)


def test_a_few_stray_bytes_do_not_switch_the_encoding():
    page = ("<meta charset=utf-8><p>" + "Größe " * 2000 + "</p>").encode("utf-8") + b"\x93oops\x94"
    text = decode_html(page)
    assert text.count("Größe") == 2000


def test_xml_declaration_is_read():
    assert declared_encoding(b'<?xml version="1.0" encoding="windows-1251"?><html>') == "cp1251"


def test_unknown_label_falls_back_to_detection():
    page = '<meta charset="no-such-charset"><p>Всё хорошо, спасибо за вопрос.</p>'.encode()
    assert "Всё хорошо" in decode_html(page)


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n" + bytes(200), b"\x1f\x8b\x08\x00" + bytes(100)])
def test_binary_input_is_an_encoding_error(data):
    with pytest.raises(EncodingError, match="binary"):
        decode_html(data, name="photo.png")
    with pytest.raises(InputError):
        clean_html(data)


def test_utf8_bytes_are_parsed_as_decoded_whatever_the_page_declares():
    # "Н" is D0 9D in UTF-8 and 0x9D has no windows-1252 character: the declared charset
    # fails, UTF-8 wins, and the parser must not switch to the declared one either.
    prose = "Нет, спасибо: совет собрался во вторник и решил открыть библиотеку в старом здании почты."
    page = f'<html><head><meta charset="iso-8859-1"></head><body><p>{prose}</p></body></html>'
    assert clean_html(page.encode("utf-8")).text == prose


@pytest.mark.parametrize("head", ['<?xml version="1.0" encoding="iso-8859-1"?>', '\n <?xml version="1.0"?>', ""])
def test_bytes_and_text_give_the_same_result(head):
    # UTF-8 bytes (the declared latin-1 fails on "Н"), parsed as they are, against the text.
    prose = "The council met on Tuesday, and it agreed to fund the library in the old post office."
    page = f"{head}<html><body><h1>Größe\x00 matters</h1><p>{prose}</p><p>Нет, ещё одна строка.</p></body></html>"
    from_bytes, from_text = clean_html(page.encode("utf-8")), clean_html(page)
    assert from_bytes == from_text
    assert prose in from_bytes.text and "Größe matters" in from_bytes.text


@pytest.mark.parametrize(
    ("encoding", "paragraph"),
    [
        ("shift_jis", "東京では明日、雨が降る見込みです。気象庁によると、午後から風も強まるということです。"),
        ("gbk", "北京明天将有小雨，气象部门提醒市民出行注意安全。预计周末气温回升。"),
        ("euc-kr", "서울에는 내일 비가 내릴 것으로 예상됩니다. 기상청은 오후부터 바람도 강해진다고 밝혔습니다."),
        ("cp1253", "Η κυβέρνηση ανακοίνωσε σήμερα νέα μέτρα για την οικονομία και την ενέργεια."),
    ],
)
def test_undeclared_page_is_detected_behind_a_long_script(encoding, paragraph):
    # Detection reads the page's non-ASCII words only, so 100 kB of ASCII script before the
    # article neither hides it nor costs the detector time.
    script = "<script>var bundle = '" + "abcdefgh" * 12_000 + "';</script>"
    page = f"<html><head>{script}</head><body><p>{paragraph}</p></body></html>".encode(encoding)
    assert paragraph in decode_html(page)


# A wrong declaration: UTF-8 bytes under a legacy charset came out as mojibake ("РџСЂРёРІРµС‚")
# without a word; now UTF-8 is used and ``CleanResult.encoding`` says so.
_PROSE = {
    "ru": "Городской совет во вторник решил открыть новую библиотеку в здании старой почты.",
    "de": "Der Stadtrat beschloss am Dienstag, die Bücherei im alten Postgebäude zu eröffnen. Größe zählt.",
}


def _page(charset: str, prose: str) -> str:
    return f'<html><head><meta charset="{charset}"><title>t</title></head><body><p>{prose}</p></body></html>'


@pytest.mark.parametrize(
    ("charset", "lang"), [("windows-1251", "ru"), ("koi8-r", "ru"), ("latin-1", "de"), ("iso-8859-1", "de")]
)
def test_utf8_declared_as_a_legacy_charset_is_read_as_utf8(charset, lang, caplog):
    result = clean_html(_page(charset, _PROSE[lang]).encode("utf-8"))
    assert result.text == _PROSE[lang]
    assert result.encoding == "utf-8"
    assert "but the bytes are UTF-8" in caplog.text


@pytest.mark.parametrize(("charset", "codec"), [("windows-1251", "cp1251"), ("koi8-r", "koi8-r")])
def test_a_correct_legacy_page_keeps_its_charset(charset, codec, caplog):
    result = clean_html(_page(charset, _PROSE["ru"]).encode(codec))
    assert result.text == _PROSE["ru"]
    assert result.encoding == codec
    assert "UTF-8" not in caplog.text


def test_ukrainian_windows_1251_with_utf8_lookalike_pairs_stays_windows_1251():
    # "Сі" is D1 B3 in windows-1251, a well-formed UTF-8 pair; the rest of the text is not.
    prose = "Сім років тому місто відкрило бібліотеку в старому будинку пошти, і вона працює досі."
    result = clean_html(_page("windows-1251", prose).encode("cp1251"))
    assert result.text == prose and result.encoding == "cp1251"


def test_ascii_pages_keep_the_declared_charset():
    prose = "The council met on Tuesday and agreed to fund the library in the old post office."
    result = clean_html(_page("windows-1251", prose).encode("ascii"))
    assert result.text == prose
    assert result.encoding == "cp1251"


def test_encoding_is_recorded_for_bytes_only():
    prose = "The council met on Tuesday and agreed to fund the library in the old post office."
    assert clean_html(_page("utf-8", prose).encode("utf-8")).encoding == "utf-8"
    assert clean_html(_page("utf-8", prose)).encoding is None
    assert clean_html((ENCODINGS / "de_utf-16le_bom.html").read_bytes()).encoding == "utf-16-le"
