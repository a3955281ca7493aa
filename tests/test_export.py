"""The dataset edge: the declared schema, Dataset.map, and the Hub-ready folder."""

from __future__ import annotations

import json
import pickle
import re
from pathlib import Path

import datasets
import pytest
import yaml

from cleaner import Cleaner, clean_text
from cleaner.errors import InputError, OutputError
from cleaner.export import FEATURES, Job, clean_dataset, features, result_row
from cleaner.folder import WORK_DIR, FolderOptions, build_folder
from cleaner.readers import Columns, Record, Unreadable, read_inputs

SAMPLE = Path(__file__).parent.parent / "fixtures" / "export" / "devset_sample.jsonl"
ROWS = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]
SHORT = [
    {"id": "short-1", "text": "Breaking news\n\nFollow us on Telegram!"},
    {"id": "short-2", "text": "Just a few words here."},
]


def _expected_row(row: dict, *, audit: bool = True) -> dict:
    result = clean_text(row["text"], url=row.get("url"))
    return result_row(result, id=row["id"], url=row.get("url"), audit=audit)


def _card(folder: Path) -> tuple[dict, str]:
    text = (folder / "README.md").read_text("utf-8")
    _, header, body = text.split("---\n", 2)
    return yaml.safe_load(header), body


def _load(folder: Path) -> datasets.DatasetDict:
    return datasets.load_dataset(str(folder))


def _write_jsonl(path: Path, rows: list[dict], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _build(
    inputs: list[str], folder: Path, *, num_proc: int = 1, audit: bool = True, **options
) -> object:
    job = Job(cleaner=Cleaner(), audit=audit)
    return build_folder(
        read_inputs(inputs),
        folder,
        job,
        FolderOptions(**options),
        fingerprint="test",
        num_proc=num_proc,
    )


# ------------------------------------------------------------------ schema and Dataset.map


def test_removed_is_a_list_of_structs_not_a_dict_of_lists():
    removed = FEATURES["removed"]
    assert isinstance(removed, datasets.List) and set(removed.feature) == {
        "reason",
        "rule",
        "text",
        "start",
        "end",
        "evidence",
    }
    assert "removed" not in features(audit=False)


def test_cleaner_is_a_picklable_batch_function():
    cleaner = pickle.loads(pickle.dumps(Cleaner()))
    batch = {"text": [ROWS[0]["text"], None], "url": [ROWS[0]["url"], None]}
    out = cleaner(batch)
    assert list(out) == list(FEATURES)
    assert out["text"][0] == clean_text(ROWS[0]["text"], url=ROWS[0]["url"]).text
    assert out["text"][1] == "" and out["removed"][1] == []
    assert out["source"][0] == re.sub(r"^www\.", "", ROWS[0]["url"].split("/")[2])


def test_dataset_map_num_proc_2_equals_num_proc_1_and_clean_text():
    ds = datasets.Dataset.from_list(ROWS)
    one = clean_dataset(ds, num_proc=1)
    two = ds.map(Cleaner(), batched=True, num_proc=2, features=one.features)
    assert one.to_list() == two.to_list()
    for got, row in zip(one, ROWS, strict=True):
        assert {k: got[k] for k in FEATURES} == _expected_row(row)
        assert got["set"] == row["set"]  # other columns pass through
    assert one.features["removed"] == FEATURES["removed"]


def test_clean_dataset_streaming_and_column_names():
    ds = datasets.Dataset.from_list(
        [{"body": r["text"], "link": r["url"], "key": r["id"]} for r in ROWS[:3]]
    )
    stream = clean_dataset(
        ds.to_iterable_dataset(),
        text_column="body",
        url_column="link",
        id_column="key",
        audit=False,
    )
    rows = list(stream)
    assert [r["text"] for r in rows] == [clean_text(r["text"], url=r["url"]).text for r in ROWS[:3]]
    assert [r["id"] for r in rows] == [r["id"] for r in ROWS[:3]] and "removed" not in rows[0]
    with pytest.raises(
        InputError, match=r"no 'text' column; its columns are \['body', 'link', 'key'\]"
    ):
        clean_dataset(ds)


# ------------------------------------------------------------------ the Hub-ready folder


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The devset sample, two short documents, a corrupt line: built once for several tests."""
    root = tmp_path_factory.mktemp("built")
    source = _write_jsonl(root / "in.jsonl", ROWS + SHORT, ('{"text": oops}',))
    folder = root / "out"
    stats = _build([str(source)], folder, license="cc-by-4.0", max_shard_bytes=20_000)
    return folder, stats


def test_folder_loads_with_declared_features_and_rows_equal_clean_text(built):
    folder, _ = built
    loaded = _load(folder)
    assert set(loaded) == {"train", "rejected"}
    declared = {
        **features(),
        "drop_reason": datasets.Value("string"),
        "set": datasets.Value("string"),
    }
    assert loaded["train"].features == datasets.Features(declared)
    train = loaded["train"].to_list()
    assert [r["id"] for r in train] == [r["id"] for r in ROWS]
    for got, row in zip(train, ROWS, strict=True):
        assert {k: got[k] for k in FEATURES} == _expected_row(row)
        assert got["drop_reason"] is None and got["set"] == row["set"]
    rejected = loaded["rejected"].to_list()
    assert [r["id"] for r in rejected] == ["short-1", "short-2"]
    assert (
        rejected[0]["drop_reason"].startswith("too_short:")
        and rejected[0]["removed"][0]["reason"] == "promo"
    )


def test_shards_are_bounded_and_named_with_a_content_hash(built):
    folder, _ = built
    names = sorted(p.name for p in (folder / "data").iterdir())
    train = [n for n in names if n.startswith("train-")]
    assert len(train) > 1  # 20 kB shards
    digest = train[0].rsplit("-", 1)[1].split(".")[0]
    assert train == [
        f"train-{i:05d}-of-{len(train):05d}-{digest}.parquet" for i in range(len(train))
    ]
    assert not (folder / WORK_DIR).exists()


def test_card_reports_splits_counts_and_the_balance(built):
    folder, stats = built
    header, body = _card(folder)
    splits = {s["name"]: s["num_examples"] for s in header["dataset_info"]["splits"]}
    loaded = _load(folder)
    assert (
        splits
        == {"train": len(loaded["train"]), "rejected": len(loaded["rejected"])}
        == {"train": 12, "rejected": 2}
    )
    assert header["license"] == "cc-by-4.0" and header["size_categories"] == ["n<1K"]
    assert header["task_categories"] == ["text-generation"] and "en" in header["language"]
    assert (
        "**15 input records = 12 kept (`train`) + 2 rejected" in body and "+ 1 unreadable" in body
    )
    assert stats.inputs == stats.kept + stats.rejected + stats.unreadable == 15
    for reason, reason_stats in stats.reasons.items():
        assert f"| `{reason}` | {reason_stats.removals:,} | {reason_stats.characters:,} |" in body
        assert f"### `{reason}`" in body
    rejects = [
        json.loads(line) for line in (folder / "rejects.jsonl").read_text("utf-8").splitlines()
    ]
    assert (
        len(rejects) == 1
        and rejects[0]["input"].endswith("in.jsonl:15")
        and "not JSON" in rejects[0]["error"]
    )


def test_same_folder_name_twice_each_loads_its_own_rows(tmp_path):
    """datasets caches local folders by name + config: the content hash keeps them apart."""
    first = _write_jsonl(tmp_path / "a.jsonl", ROWS[:3])
    second = _write_jsonl(tmp_path / "b.jsonl", ROWS[3:7])
    _build([str(first)], tmp_path / "one" / "out")
    _build([str(second)], tmp_path / "two" / "out")
    assert _load(tmp_path / "one" / "out")["train"]["id"] == [r["id"] for r in ROWS[:3]]
    assert _load(tmp_path / "two" / "out")["train"]["id"] == [r["id"] for r in ROWS[3:7]]
    _build(
        [str(second)], tmp_path / "one" / "out", overwrite=True
    )  # a second run into a used folder
    assert _load(tmp_path / "one" / "out")["train"]["id"] == [r["id"] for r in ROWS[3:7]]


def test_num_proc_2_writes_the_same_folder(tmp_path):
    source = _write_jsonl(tmp_path / "in.jsonl", ROWS + SHORT)
    _build([str(source)], tmp_path / "p1", num_proc=1)
    _build([str(source)], tmp_path / "p2", num_proc=2)
    assert sorted(p.name for p in (tmp_path / "p1" / "data").iterdir()) == sorted(
        p.name for p in (tmp_path / "p2" / "data").iterdir()
    )
    assert (tmp_path / "p1" / "README.md").read_text() == (
        tmp_path / "p2" / "README.md"
    ).read_text()


class _Crash(Exception):
    pass


def _crashing(items, after: int):
    for count, item in enumerate(items):
        if count == after:
            raise _Crash(f"killed after {after} records")
        yield item


def test_interrupted_run_resumes_to_the_same_output(tmp_path):
    rows = [dict(r, id=f"{r['id']}-{k}") for k in range(4) for r in ROWS]  # 48 documents
    source = _write_jsonl(tmp_path / "in.jsonl", rows + SHORT, ('{"text": oops}',))
    job = Job(cleaner=Cleaner())
    _build([str(source)], tmp_path / "whole", checkpoint_every=10)
    options = FolderOptions(checkpoint_every=10)
    with pytest.raises(_Crash):
        build_folder(
            _crashing(read_inputs([str(source)]), 27),
            tmp_path / "cut",
            job,
            options,
            fingerprint="test",
        )
    state = json.loads((tmp_path / "cut" / WORK_DIR / "state.json").read_text())
    assert state["consumed"] == 20 and not (tmp_path / "cut" / "README.md").exists()
    with pytest.raises(OutputError, match="interrupted run; add --resume"):
        build_folder(read_inputs([str(source)]), tmp_path / "cut", job, options, fingerprint="test")
    with pytest.raises(OutputError, match="other inputs or settings"):
        build_folder(
            read_inputs([str(source)]),
            tmp_path / "cut",
            job,
            FolderOptions(resume=True),
            fingerprint="other",
        )
    stats = build_folder(
        read_inputs([str(source)]),
        tmp_path / "cut",
        job,
        FolderOptions(checkpoint_every=7, resume=True),
        fingerprint="test",
    )
    assert stats.inputs == 51 and (stats.kept, stats.rejected, stats.unreadable) == (48, 2, 1)
    assert sorted(p.name for p in (tmp_path / "whole" / "data").iterdir()) == sorted(
        p.name for p in (tmp_path / "cut" / "data").iterdir()
    )
    assert (tmp_path / "whole" / "README.md").read_text() == (
        tmp_path / "cut" / "README.md"
    ).read_text()
    assert (
        _load(tmp_path / "cut")["train"].to_list() == _load(tmp_path / "whole")["train"].to_list()
    )


def test_run_killed_while_finishing_resumes(tmp_path, monkeypatch):
    import cleaner.folder

    source = _write_jsonl(tmp_path / "in.jsonl", ROWS + SHORT)
    _build([str(source)], tmp_path / "whole")

    def crash(*args, **kwargs):
        raise _Crash("killed while writing the card")

    with monkeypatch.context() as patch:
        patch.setattr(cleaner.folder, "render_card", crash)
        with pytest.raises(_Crash):
            _build([str(source)], tmp_path / "cut")
    assert (tmp_path / "cut" / "data").is_dir() and not (tmp_path / "cut" / "README.md").exists()
    _build([str(source)], tmp_path / "cut", resume=True)
    assert sorted(p.name for p in (tmp_path / "whole" / "data").iterdir()) == sorted(
        p.name for p in (tmp_path / "cut" / "data").iterdir()
    )
    assert (tmp_path / "whole" / "README.md").read_text() == (
        tmp_path / "cut" / "README.md"
    ).read_text()


def test_existing_folder_is_not_overwritten_by_accident(tmp_path):
    source = _write_jsonl(tmp_path / "in.jsonl", ROWS[:2])
    _build([str(source)], tmp_path / "out")
    with pytest.raises(OutputError, match="already holds a finished run"):
        _build([str(source)], tmp_path / "out")
    (tmp_path / "other").mkdir()
    (tmp_path / "other" / "keep.txt").write_text("mine")
    with pytest.raises(OutputError, match="keep.txt, which cleaner did not write"):
        _build([str(source)], tmp_path / "other")
    with pytest.raises(OutputError, match="is a file"):
        _build([str(source)], tmp_path / "other" / "keep.txt")


def test_pass_through_column_of_another_type_goes_to_rejects(tmp_path):
    rows = [
        dict(ROWS[0], n=1),
        dict(ROWS[1], n=2.5),
        dict(ROWS[2], n="three"),
        dict(ROWS[3], tags=["a", "b"]),
    ]
    source = _write_jsonl(tmp_path / "in.jsonl", rows)
    stats = _build([str(source)], tmp_path / "out")
    train = _load(tmp_path / "out")["train"]
    assert train["n"] == [1.0, 2.5, None] and train["tags"] == [None, None, '["a", "b"]']
    assert train.features["n"] == datasets.Value("float64")
    assert stats.unreadable == 1
    [reject] = [
        json.loads(x) for x in (tmp_path / "out" / "rejects.jsonl").read_text().splitlines()
    ]
    assert "column 'n' is string here but double in earlier records" in reject["error"]


def test_jsonl_format_and_no_audit(tmp_path):
    source = _write_jsonl(tmp_path / "in.jsonl", ROWS[:4] + SHORT[:1])
    _build([str(source)], tmp_path / "out", format="jsonl", audit=False)
    names = sorted(p.name for p in (tmp_path / "out" / "data").iterdir())
    assert [n.split("-of-")[0] for n in names] == ["rejected-00000", "train-00000"] and names[
        0
    ].endswith(".jsonl")
    loaded = _load(tmp_path / "out")
    assert loaded["train"].features == datasets.Features(
        {
            **features(audit=False),
            "drop_reason": datasets.Value("string"),
            "set": datasets.Value("string"),
        }
    )
    assert [r["text"] for r in loaded["train"]] == [
        clean_text(r["text"], url=r["url"]).text for r in ROWS[:4]
    ]


def test_save_to_disk_format(tmp_path):
    source = _write_jsonl(tmp_path / "in.jsonl", ROWS[:3] + SHORT[:1])
    _build([str(source)], tmp_path / "out", format="disk")
    loaded = datasets.load_from_disk(str(tmp_path / "out"))
    assert loaded["train"]["id"] == [r["id"] for r in ROWS[:3]] and loaded["rejected"]["id"] == [
        "short-1"
    ]
    assert loaded["train"].features["removed"] == FEATURES["removed"]
    assert (tmp_path / "out" / "README.md").exists()


def test_html_records_are_cleaned_as_html():
    job = Job(cleaner=Cleaner())
    outcome = job.run(Record(origin="page.html", id="page.html", html=b"<p>Hi</p>"))
    assert not isinstance(outcome, Unreadable)


def test_undecodable_html_record_is_unreadable_not_fatal():
    job = Job(cleaner=Cleaner())
    outcome = job.run(Record(origin="image.html", id="image.html", html=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 50))
    assert isinstance(outcome, Unreadable) and "image.html" in outcome.error


def test_columns_reach_the_rows(tmp_path):
    source = _write_jsonl(
        tmp_path / "in.jsonl", [{"body": ROWS[0]["text"], "link": ROWS[0]["url"], "key": "k1"}]
    )
    job = Job(cleaner=Cleaner())
    items = read_inputs([str(source)], columns=Columns(text="body", url="link", id="key"))
    build_folder(items, tmp_path / "out", job, FolderOptions(), fingerprint="x")
    [row] = _load(tmp_path / "out")["train"].to_list()
    assert row["id"] == "k1" and row["url"] == ROWS[0]["url"] and "link" not in row
