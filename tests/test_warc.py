"""WARC and WET input: pages cleaned, non-pages counted, corrupt members reported by offset."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from warc_fixture import (
    conversion,
    member,
    metadata,
    page,
    request,
    revisit,
    warcinfo,
    write_archive,
)

from cleaner.cleaner import Cleaner
from cleaner.cli import main
from cleaner.export import Job
from cleaner.output import write_jsonl
from cleaner.readers import Record, Skipped, Unreadable, read_inputs
from cleaner.report import RunStats

SENTENCE = (
    "The river rose two metres overnight and the town council opened the school gym "
    "as a shelter for the families living along the lower bank. "
)
ARTICLE = SENTENCE * 6


def article_html(title: str, *, charset: str | None = None, extra: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return (
        f"<html><head>{meta}<title>{title}</title></head><body><article><h1>{title}</h1>"
        f"<p>{ARTICLE}</p><p>{extra}{SENTENCE}</p></article></body></html>"
    )


def every_case(path: Path) -> Path:
    """One record of each kind the reader tells apart, plus a corrupt member."""
    corrupt = bytearray(member(page("https://news.example/bad", article_html("Bad").encode())))
    corrupt[40:60] = bytes(20)  # deflate data overwritten: a gzip data error
    entries = [
        warcinfo(),
        request("https://news.example/a"),
        page("https://news.example/a", article_html("Flood in town").encode(), record_id="<urn:a>"),
        metadata("https://news.example/a"),
        revisit("https://news.example/a"),
        page("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n", content_type="image/png"),
        page("https://news.example/gone", b"<p>Not found</p>", status=404),
        bytes(corrupt),
        page(
            "https://news.example/long",
            article_html("Long page").encode(),
            headers={"WARC-Truncated": "length"},
        ),
    ]
    return write_archive(path, entries)


def items(path: Path) -> list:
    return list(read_inputs([str(path)]))


def stats_of(path: Path) -> RunStats:
    stats = RunStats()
    for outcome in [Job(Cleaner()).run(item) for item in items(path)]:
        stats.add(outcome)
    return stats


def test_every_record_kind_is_read_skipped_or_reported(tmp_path):
    found = items(every_case(tmp_path / "crawl.warc.gz"))
    kinds = [
        type(i).__name__ + (f":{i.kind}" if isinstance(i, Skipped) else "") for i in found
    ]
    assert kinds == [
        "Skipped:warcinfo",
        "Skipped:request",
        "Record",
        "Skipped:metadata",
        "Skipped:revisit",
        "Skipped:not_html",
        "Skipped:http_status",
        "Unreadable",
        "Record",
    ]
    first, truncated = [i for i in found if isinstance(i, Record)]
    assert (first.id, first.url, first.date) == (
        "<urn:a>",
        "https://news.example/a",
        "2024-05-01T12:00:00Z",
    )
    assert first.extra == {"warc_truncated": None}
    assert truncated.extra == {"warc_truncated": "length"}


def test_a_corrupt_member_names_file_and_offset_and_reading_goes_on(tmp_path):
    path = every_case(tmp_path / "crawl.warc.gz")
    found = items(path)
    bad = next(i for i in found if isinstance(i, Unreadable))
    offset = int(bad.origin.rsplit("@", 1)[1])
    assert path.read_bytes()[offset : offset + 3] == b"\x1f\x8b\x08"  # a member starts there
    assert f"{path}: corrupt archive member at offset {offset}" in bad.error
    assert isinstance(found[-1], Record)  # the member after it was read


def test_accounting_holds_and_counts_each_skip_reason(tmp_path):
    stats = stats_of(every_case(tmp_path / "crawl.warc.gz"))
    assert stats.balanced
    assert (stats.inputs, stats.kept + stats.rejected, stats.unreadable, stats.skipped) == (
        9,
        2,
        1,
        6,
    )
    assert stats.skip_reasons == {
        "warcinfo": 1,
        "request": 1,
        "metadata": 1,
        "revisit": 1,
        "not_html": 1,
        "http_status": 1,
    }
    assert stats.truncated == 1


def test_the_http_charset_comes_before_the_page_declaration(tmp_path):
    body = article_html("Паводок в городе", charset="utf-8", extra="Река поднялась. ").encode(
        "koi8-r"
    )
    path = write_archive(
        tmp_path / "ru.warc.gz",
        [page("https://news.example/ru", body, content_type='text/html; charset="KOI8-R"')],
    )
    (record,) = items(path)
    assert record.charset == '"koi8-r"'
    result = Job(Cleaner()).run(record)
    assert "Река поднялась." in result.row["text"]


def test_uncompressed_warc_and_its_accounting(tmp_path):
    path = write_archive(
        tmp_path / "plain.warc",
        [warcinfo(), page("https://news.example/a", article_html("Flood").encode())],
    )
    found = items(path)
    assert [type(i).__name__ for i in found] == ["Skipped", "Record"]
    assert stats_of(path).balanced


def test_a_file_cut_off_mid_member_is_reported_at_its_offset(tmp_path):
    whole = b"".join(
        member(page(f"https://news.example/{n}", article_html(f"Story {n}").encode()))
        for n in range(3)
    )
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[:-40])
    found = items(path)
    assert [type(i).__name__ for i in found] == ["Record", "Record", "Unreadable"]
    assert "cut off" in found[-1].error and "@" in found[-1].origin
    assert stats_of(path).balanced


def test_wet_conversion_records_are_cleaned_as_text(tmp_path):
    text = "Flood in town\n\n" + ARTICLE + "\n\nFollow us on Telegram!\n"
    path = write_archive(
        tmp_path / "crawl.warc.wet.gz",
        [warcinfo(), conversion("https://news.example/a", text, record_id="<urn:wet-a>")],
    )
    found = items(path)
    assert isinstance(found[0], Skipped)
    record = found[1]
    assert (record.id, record.url, record.html) == ("<urn:wet-a>", "https://news.example/a", None)
    outcome = Job(Cleaner()).run(record)
    assert "Telegram" not in outcome.row["text"]
    assert outcome.row["date"] == "2024-05-01T12:00:00Z"  # the text gives none: WARC-Date
    assert stats_of(path).balanced


def test_jsonl_output_writes_pages_only_and_counts_the_rest(tmp_path):
    path = every_case(tmp_path / "crawl.warc.gz")
    out = tmp_path / "out.jsonl"
    with out.open("w", encoding="utf-8") as handle:
        stats = write_jsonl(read_inputs([str(path)]), Job(Cleaner(), min_words=1), handle)
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert [r["url"] for r in rows] == ["https://news.example/a", "https://news.example/long"]
    assert [r["warc_truncated"] for r in rows] == [None, "length"]
    assert stats.balanced and stats.skipped == 6


def test_cli_cleans_a_folder_of_archives_into_a_dataset(tmp_path, capsys):
    inputs = tmp_path / "in"
    inputs.mkdir()
    every_case(inputs / "a.warc.gz")
    write_archive(inputs / "b.warc.wet.gz", [conversion("https://news.example/w", ARTICLE)])
    out = tmp_path / "out"
    assert main(["clean", str(inputs), "-o", str(out)]) == 0
    err = capsys.readouterr().err
    assert "skipped (not pages)" in err and "corrupt archive member at offset" in err
    card = (out / "README.md").read_text("utf-8")
    assert "10 input records = 3 kept (`train`) + 0 rejected + 1 unreadable" in card
    assert "+ 6 skipped (not pages)" in card and "| `revisit` | 1 |" in card
    assert "flagged in the `warc_truncated` column" in card


def test_resume_skips_the_items_already_done(tmp_path, monkeypatch):
    entries = []
    for n in range(6):
        entries += [request(f"https://news.example/{n}"), page(f"https://news.example/{n}", article_html(f"Story {n}").encode())]
    path = write_archive(tmp_path / "crawl.warc.gz", entries)
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert main(["clean", str(path), "-o", str(whole), "-q"]) == 0
    # a run interrupted after its first checkpoint: 5 items, skipped requests among them
    args = ["clean", str(path), "-o", str(cut), "-q", "--checkpoint-every", "5"]
    from cleaner.folder import Checkpointer

    commit = Checkpointer.commit

    def interrupted(self: Checkpointer) -> None:
        if self.parts:
            raise KeyboardInterrupt
        commit(self)

    monkeypatch.setattr(Checkpointer, "commit", interrupted)
    assert main(args) == 130
    monkeypatch.setattr(Checkpointer, "commit", commit)
    state = json.loads((cut / ".cleaner-run" / "state.json").read_text("utf-8"))
    assert state["consumed"] == 5 and state["stats"]["skipped"] == 3
    assert main([*args, "--resume"]) == 0
    # the same rows in the same order: the shard names end in a digest of their content
    assert sorted(p.name for p in (whole / "data").iterdir()) == sorted(
        p.name for p in (cut / "data").iterdir()
    )
    assert (whole / "README.md").read_text("utf-8").split("## How it was made")[0] == (
        cut / "README.md"
    ).read_text("utf-8").split("## How it was made")[0]


def test_a_file_that_is_not_an_archive_is_one_unreadable(tmp_path):
    path = tmp_path / "x.warc.gz"
    path.write_bytes(gzip.compress(b"hello, world\n" * 20))
    (item,) = items(path)
    assert isinstance(item, Unreadable) and "offset 0" in item.error


def test_datatrove_cleans_behind_its_own_warc_reader(tmp_path):
    pytest.importorskip("datatrove")
    for module in ("warcio", "cchardet", "magic"):  # WarcReader's own requirements
        pytest.importorskip(module)
    from datatrove.pipeline.readers import WarcReader

    from cleaner.datatrove import CleanDocuments

    write_archive(
        tmp_path / "crawl.warc.gz",
        [
            warcinfo(),
            request("https://news.example/a"),
            page("https://news.example/a", article_html("Flood in town", extra="Follow us on Telegram! ").encode()),
        ],
    )
    reader = WarcReader(str(tmp_path), glob_pattern="*.warc.gz")
    documents = list(CleanDocuments(html=True).run(reader.run()))
    assert len(documents) == 1
    (document,) = documents
    assert document.metadata["url"] == "https://news.example/a"
    assert document.metadata["date"] == "2024-05-01T12:00:00Z"  # the page gives none
    assert SENTENCE.strip() in document.text and "Telegram" not in document.text


def test_a_glob_of_archives_cleans_to_jsonl_and_learn_reads_them(tmp_path, capsys):
    for name in ("a", "b"):
        write_archive(
            tmp_path / f"{name}.warc.gz",
            [request(f"https://news.example/{name}"), page(f"https://news.example/{name}", article_html(name).encode())],
        )
    out, out2 = tmp_path / "out.jsonl", tmp_path / "out2.jsonl"
    assert main(["clean", str(tmp_path / "*.warc.gz"), "-o", str(out)]) == 0
    assert len(out.read_text("utf-8").splitlines()) == 2
    assert "skipped (not pages)" in capsys.readouterr().err
    assert main(["clean", str(tmp_path / "*.warc.gz"), "-o", str(out2), "--num-proc", "2"]) == 0
    assert out2.read_text("utf-8") == out.read_text("utf-8")
    model = tmp_path / "model.json"
    assert main(["learn", str(tmp_path / "*.warc.gz"), "-o", str(model), "-q"]) == 0


def test_progress_reports_the_whole_file_even_past_a_corrupt_member(tmp_path):
    path = every_case(tmp_path / "crawl.warc.gz")
    told: list[int] = []
    found = list(read_inputs([str(path)], on_bytes=told.append))
    assert len(found) == 9 and all(n > 0 for n in told)
    assert sum(told) == path.stat().st_size


def _plain_with_garbage(path: Path) -> Path:
    pages = [page(f"https://news.example/{n}", article_html(f"Story {n}").encode()) for n in range(3)]
    raw = [entry.to_bytes() for entry in pages]
    path.write_bytes(raw[0] + b"not a record\r\n\r\n" + raw[1][5:] + raw[2])
    return path


def _wet_with_corrupt_member(path: Path) -> Path:
    bad = bytearray(member(conversion("https://news.example/x", ARTICLE)))
    bad[30:50] = bytes(20)
    entries = [warcinfo(), conversion("https://news.example/a", ARTICLE), bytes(bad)]
    return write_archive(path, [*entries, conversion("https://news.example/b", ARTICLE)])


ARCHIVES = {
    "every case": lambda tmp: every_case(tmp / "a.warc.gz"),
    "uncompressed, a broken header": lambda tmp: _plain_with_garbage(tmp / "b.warc"),
    "wet, a corrupt member": lambda tmp: _wet_with_corrupt_member(tmp / "c.warc.wet.gz"),
    "empty": lambda tmp: write_archive(tmp / "d.warc.gz", []),
}


@pytest.mark.parametrize("name", sorted(ARCHIVES))
def test_accounting_holds_on_every_test_archive(tmp_path, name):
    path = ARCHIVES[name](tmp_path)
    stats = stats_of(path)
    assert stats.balanced
    assert stats.inputs == len(items(path))
    if name != "empty":
        assert stats.unreadable == 1 and stats.kept + stats.rejected >= 2


def test_an_archive_without_pages_exits_non_zero_saying_so(tmp_path, capsys):
    path = write_archive(tmp_path / "x.warc.gz", [warcinfo(), request("https://news.example/a")])
    assert main(["clean", str(path), "-o", str(tmp_path / "out.jsonl")]) == 1
    assert "every input record was skipped" in capsys.readouterr().err


def test_a_legacy_http_charset_on_utf8_bytes_is_read_as_utf8(tmp_path):
    body = article_html("Паводок в городе", extra="Река поднялась. ").encode("utf-8")
    path = write_archive(
        tmp_path / "ru.warc.gz",
        [page("https://news.example/ru", body, content_type="text/html; charset=iso-8859-1")],
    )
    (record,) = items(path)
    assert "Река поднялась." in Job(Cleaner()).run(record).row["text"]
