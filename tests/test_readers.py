"""Readers: every input kind becomes records in a fixed order; bad records come out named."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaner.errors import InputError
from cleaner.readers import (
    Columns,
    Record,
    Unreadable,
    read_file,
    read_hub,
    read_inputs,
    record_from_row,
)

SAMPLE = Path(__file__).parent.parent / "fixtures" / "export" / "devset_sample.jsonl"


def _records(items):
    return [i for i in items if isinstance(i, Record)]


def _errors(items):
    return [i for i in items if isinstance(i, Unreadable)]


def test_folder_of_documents_sorted_with_gz_and_html(tmp_path):
    (tmp_path / "b.txt").write_text("Second document.", "utf-8")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt.gz").write_bytes(gzip.compress(b"First document."))
    (tmp_path / "c.html").write_bytes(b"<html><body><p>Third</p></body></html>")
    (tmp_path / "notes.md").write_text("not an input", "utf-8")
    (tmp_path / ".hidden.txt").write_text("skipped", "utf-8")
    items = list(read_inputs([str(tmp_path)]))
    assert [i.id for i in items] == ["a/one.txt.gz", "b.txt", "c.html"]
    assert items[0].text == "First document." and items[1].text == "Second document."
    assert items[2].html == b"<html><body><p>Third</p></body></html>" and items[2].text is None


def test_glob_and_missing_inputs_are_named(tmp_path):
    (tmp_path / "x1.txt").write_text("One.", "utf-8")
    (tmp_path / "x2.txt").write_text("Two.", "utf-8")
    items = list(
        read_inputs([str(tmp_path / "x*.txt"), str(tmp_path / "gone.txt"), str(tmp_path / "*.csv")])
    )
    assert [r.text for r in _records(items)] == ["One.", "Two."]
    errors = [e.error for e in _errors(items)]
    assert "gone.txt: no such file or folder" in errors[0]
    assert "no file matches" in errors[1]


def test_undecodable_text_file_names_file_and_offset(tmp_path):
    path = tmp_path / "cp1251.txt"
    path.write_bytes("Привет".encode("cp1251"))
    [item] = read_inputs([str(path)])
    assert isinstance(item, Unreadable)
    assert "cp1251.txt: not UTF-8 text (byte 0xcf at offset 0)" in item.error


def test_jsonl_bad_lines_are_reported_and_the_rest_read(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_bytes(
        b'{"text": "Good one.", "id": 7, "extra": 1}\n'
        b"not json\n"
        b"\n"
        b'{"body": "wrong field"}\n'
        b'{"text": null}\n'
        b'["a list"]\n'
        b'{"text": "caf\xe9"}\n'
        b'{"text": "Good two.", "url": "https://x.org/a"}\n'
    )
    items = list(read_inputs([str(path)]))
    good = _records(items)
    assert [(r.id, r.text, dict(r.extra)) for r in good] == [
        ("7", "Good one.", {"extra": 1}),
        (f"{path}:8", "Good two.", {}),
    ]
    assert good[1].url == "https://x.org/a"
    errors = [e.error for e in _errors(items)]
    assert errors[0].startswith(f"{path}:2: not JSON")
    assert f"{path}:4: no 'text' field; the record has ['body']" in errors[1]
    assert f"{path}:5: field 'text' is null" in errors[2]
    assert f"{path}:6: expected an object" in errors[3]
    assert f"{path}:7: not UTF-8 (byte 0xe9" in errors[4]


def test_gzipped_jsonl_and_column_mapping():
    columns = Columns(text="text", id="id", url="url")
    records = _records(read_file(SAMPLE, columns=columns))
    assert len(records) == 12
    assert records[0].id.startswith("readability-") and records[0].url.startswith("http")
    assert records[0].extra == {"set": "readability"}


def test_text_field_option(tmp_path):
    path = tmp_path / "in.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"body": "Hello there.", "n": 1}\n'))
    [record] = read_inputs([str(path)], columns=Columns(text="body"))
    assert record.text == "Hello there." and record.extra == {"n": 1}


def test_json_array_and_single_object(tmp_path):
    (tmp_path / "a.json").write_text(json.dumps([{"text": "One."}, {"text": "Two."}]), "utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"text": "Three."}, indent=2), "utf-8")
    texts = [r.text for r in read_inputs([str(tmp_path / "a.json"), str(tmp_path / "b.json")])]
    assert texts == ["One.", "Two.", "Three."]


def test_csv_with_long_quoted_field(tmp_path):
    long_text = "A sentence, with a comma.\n" * 10_000
    path = tmp_path / "in.csv"
    path.write_text('id,text\n1,"' + long_text + '"\n2,Short one.\n', "utf-8")
    records = list(read_inputs([str(path)]))
    assert [r.id for r in records] == ["1", "2"]
    assert records[0].text == long_text


def test_parquet_in_batches_with_bytes_column(tmp_path):
    path = tmp_path / "in.parquet"
    table = pa.table(
        {"text": ["One.", "Two.", "Three."], "raw": [b"x", b"y", b"z"], "n": [1, 2, 3]}
    )
    pq.write_table(table, path, row_group_size=2)
    records = list(read_inputs([str(path)]))
    assert [(r.text, r.extra["n"]) for r in records] == [("One.", 1), ("Two.", 2), ("Three.", 3)]
    [error] = list(read_inputs([str(path)], columns=Columns(text="raw")))[:1]
    assert "field 'raw' holds bytes, expected text" in error.error


def test_html_column_is_cleaned_as_html(tmp_path):
    row = {"html": "<p>Hi</p>", "text": "ignored", "url": "https://a.b/c"}
    record = record_from_row(row, origin="x:1", default_id="x:1", columns=Columns(html="html"))
    assert record.html == "<p>Hi</p>" and record.text is None and record.extra == {}


def test_record_from_row_rejects_bytes_for_text():
    with pytest.raises(InputError, match=r"in\.jsonl:3: field 'text' holds bytes"):
        record_from_row({"text": b"\xff"}, origin="in.jsonl:3", default_id="x", columns=Columns())


def test_saved_dataset_folder(tmp_path):
    import datasets

    folder = tmp_path / "saved"
    datasets.DatasetDict(
        {"train": datasets.Dataset.from_dict({"text": ["One.", "Two."], "id": ["a", "b"]})}
    ).save_to_disk(str(folder))
    records = list(read_inputs([str(folder)]))
    assert [(r.id, r.text) for r in records] == [("a", "One."), ("b", "Two.")]


def test_hub_reader_streams_a_local_dataset_folder(tmp_path):
    folder = tmp_path / "local_ds"
    folder.mkdir()
    pq.write_table(
        pa.table({"text": ["One.", "Two."], "url": ["https://a.org/1", None]}),
        folder / "train.parquet",
    )
    records = list(read_hub(str(folder), split="train"))
    assert [(r.text, r.url) for r in records] == [("One.", "https://a.org/1"), ("Two.", None)]
    [error] = list(read_hub(str(tmp_path / "nothing_here")))
    assert isinstance(error, Unreadable) and "cannot load it as a dataset" in error.error


def test_hub_reader_picks_the_subset(tmp_path):
    folder = tmp_path / "two_configs"
    folder.mkdir()
    pq.write_table(pa.table({"text": ["English."]}), folder / "en.parquet")
    pq.write_table(pa.table({"text": ["Deutsch."]}), folder / "de.parquet")
    (folder / "README.md").write_text(
        "---\nconfigs:\n- config_name: en\n  data_files: en.parquet\n"
        "- config_name: de\n  data_files: de.parquet\n---\n",
        "utf-8",
    )
    # given as a path, a folder is read file by file; as a dataset, by its configs
    assert [r.text for r in read_inputs([str(folder)])] == ["Deutsch.", "English."]
    assert [r.text for r in read_hub(str(folder), subset="de")] == ["Deutsch."]


def test_readers_stream_records_before_the_input_ends(tmp_path):
    """A reader yields the first record while the rest of the input has not been written."""
    import os
    import threading

    path = tmp_path / "stream.jsonl"
    os.mkfifo(path)
    got_first = threading.Event()
    timed_out = []

    def writer() -> None:
        with path.open("w") as handle:
            handle.write(json.dumps({"text": "Doc 0."}) + "\n")
            handle.flush()
            timed_out.append(not got_first.wait(timeout=10))
            for i in range(1, 100):
                handle.write(json.dumps({"text": f"Doc {i}."}) + "\n")

    thread = threading.Thread(target=writer)
    thread.start()
    stream = read_inputs([str(path)])
    first = next(stream)
    got_first.set()
    rest = list(stream)
    thread.join()
    assert first.text == "Doc 0." and len(rest) == 99
    assert timed_out == [False]


def _no_hub(*args, **kwargs):
    raise AssertionError("the Hub was asked")


def test_a_path_that_looks_local_is_missing_at_once(tmp_path, monkeypatch):
    """A mistyped path is not taken for a Hub id (which cost 25 s of network retries)."""
    import datasets

    import cleaner.hub

    monkeypatch.setattr(cleaner.hub, "hub_dataset_problem", _no_hub)
    monkeypatch.setattr(datasets, "load_dataset", _no_hub)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mydumps").mkdir()
    (tmp_path / "mydumps" / "today.jsonl").write_text('{"text": "One."}\n', "utf-8")
    specs = ["mydumps/today", "mydumps/today/", "news.jsonl", "news.txt.gz", "./c4", str(tmp_path / "c4")]
    items = list(read_inputs(specs))
    assert [type(i) for i in items] == [Unreadable] * len(specs)
    assert items[0].error == "mydumps/today: no such file or folder; did you mean mydumps/today.jsonl?"
    assert all(f"{spec}: no such file or folder" in i.error for spec, i in zip(specs, items))


def test_an_unreachable_hub_is_asked_once_and_said_in_one_line(monkeypatch):
    import datasets
    import huggingface_hub

    asked = []

    def unreachable(self, repo_id, **kwargs):
        asked.append(repo_id)
        raise ConnectionError("[Errno -2] Name or service not known")

    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(huggingface_hub.HfApi, "dataset_info", unreachable)
    monkeypatch.setattr(datasets, "load_dataset", _no_hub)
    [item] = read_inputs(["someone/news"])
    assert asked == ["someone/news"]
    assert item.error == (
        "someone/news: no such file or folder, and the Hub cannot be reached to look for a "
        "dataset of that name (ConnectionError: [Errno -2] Name or service not known); to read "
        "one cached earlier, set HF_HUB_OFFLINE=1"
    )


def test_a_name_the_hub_does_not_know_is_said_in_one_line(monkeypatch):
    from types import SimpleNamespace

    import datasets
    import huggingface_hub
    from huggingface_hub.errors import RepositoryNotFoundError

    def not_found(self, repo_id, **kwargs):
        response = SimpleNamespace(status_code=404, headers={}, request=None)
        raise RepositoryNotFoundError("404 Client Error. Repository Not Found", response=response)

    monkeypatch.setattr(datasets.config, "HF_HUB_OFFLINE", False)
    monkeypatch.setattr(huggingface_hub.HfApi, "dataset_info", not_found)
    monkeypatch.setattr(datasets, "load_dataset", _no_hub)
    [item] = read_inputs(["today"])
    assert item.error.startswith("today: no such file or folder, and no dataset 'today' on the Hub")
    assert "hf auth login" in item.error


def test_a_network_error_while_streaming_names_the_dataset(monkeypatch):
    import datasets

    def stream(*args, **kwargs):
        yield {"text": "One."}
        raise ConnectionError("Connection reset by peer")

    monkeypatch.setattr(datasets, "load_dataset", stream)
    items = read_inputs(["someone/news"])
    assert next(items).text == "One."
    with pytest.raises(InputError) as raised:
        next(items)
    assert str(raised.value) == (
        "someone/news: reading the dataset failed after 1 record (ConnectionError: Connection "
        "reset by peer); a folder run can be continued with --resume"
    )


PAGE = (
    "<html><head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>"
    "<p>The council met on Monday and voted on the budget for the coming year.</p>"
    "</article></body></html>"
)


def test_a_row_with_html_and_no_text_is_cleaned_as_html_without_flags(tmp_path):
    """Every record of such a file was skipped with a hint that would have cleaned markup
    as text."""
    rows = [
        {"html": PAGE, "url": "https://a.org/1", "lang": "en"},
        {"raw_html": PAGE},
        {"content": PAGE},
        {"content": "Plain extracted words, no markup."},
        {"page_source": PAGE},
        {"text": "Text wins when the row has it.", "html": PAGE},
    ]
    path = tmp_path / "pages.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    items = list(read_inputs([str(path)]))
    assert [i.html for i in items[:3]] == [PAGE] * 3
    assert items[0].extra == {"lang": "en"} and items[0].url == "https://a.org/1"
    assert "--text-field" in items[3].error and "--html-field" not in items[3].error
    assert items[4].error.endswith(
        "(field 'page_source' holds HTML: clean it with --html-field page_source)"
    )
    assert items[5].text == "Text wins when the row has it." and items[5].html is None
    table = pa.table({"raw_html": [PAGE.encode("utf-8")], "id": ["p1"]})
    pq.write_table(table, tmp_path / "pages.parquet")
    [record] = read_inputs([str(tmp_path / "pages.parquet")])
    assert record.html == PAGE.encode("utf-8") and record.extra == {}


def test_readers_report_the_bytes_input_bytes_announces(tmp_path):
    """What a progress bar's total and ETA rest on: every format reports the bytes it has
    consumed as it goes, adding up to ``input_bytes``."""
    import datasets

    from cleaner.readers import input_bytes

    lines = "".join(json.dumps({"text": f"Document number {i}. " * 20}) + "\n" for i in range(3000))
    (tmp_path / "a.jsonl").write_text(lines, "utf-8")
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress(lines.encode("utf-8")))
    (tmp_path / "c.csv").write_text("id,text\n1,One.\n2,Two.\n", "utf-8")
    (tmp_path / "d.json").write_text(json.dumps([{"text": "One."}, {"text": "Two."}]), "utf-8")
    pq.write_table(pa.table({"text": ["One.", "Two.", "Three."]}), tmp_path / "e.parquet")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "x.txt").write_text("A document.", "utf-8")
    (docs / "y.html.gz").write_bytes(gzip.compress(b"<p>A page.</p>"))
    (docs / ".hidden.txt").write_text("skipped", "utf-8")
    (docs / "notes.md").write_text("skipped", "utf-8")
    inputs = [str(tmp_path / "a.jsonl"), str(tmp_path / "[b-e].*"), str(docs)]
    seen: list[int] = []
    stream = read_inputs(inputs, on_bytes=seen.append)
    next(stream)
    assert 0 < sum(seen) < (tmp_path / "a.jsonl").stat().st_size  # reported as it goes
    assert len(list(stream)) == 2 * 3000 + 2 + 2 + 3 + 2 - 1
    assert sum(seen) == input_bytes(inputs) > (tmp_path / "a.jsonl").stat().st_size
    assert input_bytes(["someone/news"]) is None
    saved = tmp_path / "saved"
    datasets.Dataset.from_dict({"text": ["One."]}).save_to_disk(str(saved))
    assert input_bytes([str(saved)]) is None
