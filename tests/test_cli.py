"""The ``cleaner`` command: clean, explain, push; errors reported, everything else written."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import datasets
import yaml

from cleaner import clean_text
from cleaner.cli import main
from cleaner.export import FEATURES, result_row
from cleaner.folder import STATE_FILE, WORK_DIR

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "fixtures" / "export" / "devset_sample.jsonl"
SEED = ROOT / "fixtures" / "seed" / "000_7285663f1c9e21b0.txt"
ROWS = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]


def _jsonl(text: str) -> list[dict]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def _expected(row: dict) -> dict:
    return {
        "id": row["id"],
        **clean_text(row["text"], url=row["url"]).as_record(),
        "set": row["set"],
    }


def test_clean_jsonl_to_stdout_is_as_record_plus_id(capsys):
    assert main(["clean", str(SAMPLE), "-q"]) == 0
    assert _jsonl(capsys.readouterr().out) == [_expected(r) for r in ROWS]


def test_clean_text_files_and_folders(tmp_path, capsys):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "seed.txt").write_bytes(SEED.read_bytes())
    out = tmp_path / "out.jsonl"
    assert main(["clean", str(tmp_path / "docs"), "-o", str(out), "--no-audit", "-q"]) == 0
    [row] = _jsonl(out.read_text("utf-8"))
    assert row == {"id": "seed.txt", **clean_text(SEED.read_text("utf-8")).as_record(audit=False)}


def test_bad_records_are_reported_and_everything_else_written(tmp_path, capsys):
    good = tmp_path / "good.jsonl"
    good.write_text("\n".join(json.dumps(r) for r in ROWS[:3]) + '\n{"text": broken\n', "utf-8")
    wrong = tmp_path / "wrong.jsonl"
    wrong.write_text(json.dumps({"body": "text under another name"}) + "\n", "utf-8")
    (tmp_path / "cp1251.txt").write_bytes("Привет, мир".encode("cp1251"))
    out = tmp_path / "out.jsonl"
    code = main(
        [
            "clean",
            str(good),
            str(wrong),
            str(tmp_path / "cp1251.txt"),
            str(tmp_path / "nope.txt"),
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert [r["id"] for r in _jsonl(out.read_text("utf-8"))] == [r["id"] for r in ROWS[:3]]
    err = capsys.readouterr().err
    assert f"{good}:4: not JSON" in err
    assert (
        f"{wrong}:1: no 'text' field; the record has ['body'] (choose the text field with --text-field)"
        in err
    )
    assert "cp1251.txt: not UTF-8 text (byte 0xcf at offset 0)" in err
    assert "nope.txt: no such file or folder" in err
    assert "unreadable                       4" in err
    rejects = _jsonl((tmp_path / "out.rejects.jsonl").read_text("utf-8"))
    assert [r["input"] for r in rejects] == [
        f"{good}:4",
        f"{wrong}:1",
        str(tmp_path / "cp1251.txt"),
        str(tmp_path / "nope.txt"),
    ]


def test_exit_status_is_non_zero_only_when_nothing_could_be_done(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n", "utf-8")
    assert main(["clean", str(bad), "-o", str(tmp_path / "o.jsonl"), "-q"]) == 1
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["clean", str(empty), "-q"]) == 1
    assert "no input records" in capsys.readouterr().err


def test_clean_into_a_folder_that_load_dataset_reads(tmp_path, capsys):
    folder = tmp_path / "out"
    code = main(
        ["clean", str(SAMPLE), "-o", str(folder), "--license", "cc-by-4.0", "--num-proc", "2"]
    )
    assert code == 0
    loaded = datasets.load_dataset(str(folder))
    assert loaded["train"].features == datasets.Features(
        {**FEATURES, "drop_reason": datasets.Value("string"), "set": datasets.Value("string")}
    )
    for got, row in zip(loaded["train"], ROWS, strict=True):
        result = clean_text(row["text"], url=row["url"])
        assert {k: got[k] for k in FEATURES} == result_row(result, id=row["id"], url=row["url"])
    header = yaml.safe_load((folder / "README.md").read_text("utf-8").split("---\n")[1])
    assert header["dataset_info"]["splits"] == [
        {
            "name": "train",
            "num_bytes": header["dataset_info"]["splits"][0]["num_bytes"],
            "num_examples": 12,
        }
    ]
    err = capsys.readouterr().err
    assert "input records                   12" in err and "removed" in err


def test_folder_only_options_need_a_folder(tmp_path, capsys):
    assert main(["clean", str(SAMPLE), "-o", str(tmp_path / "o.jsonl"), "--resume"]) == 2
    assert "--resume needs a folder output (-o FOLDER)" in capsys.readouterr().err
    assert main(["clean", str(SAMPLE), "--save-to-disk", "--lang", "en"]) == 2
    assert "--save-to-disk needs a folder output" in capsys.readouterr().err
    assert main(["clean", str(SAMPLE), "--lang", "xx"]) == 2
    assert "unknown language 'xx'" in capsys.readouterr().err


def test_config_file_changes_the_cleaner(tmp_path, capsys):
    config = tmp_path / "settings.toml"
    config.write_text(
        'disable = ["menu_run", "breadcrumb"]\n[rules.promo_phrase]\nmax_words = 3\n', "utf-8"
    )
    assert main(["clean", str(SAMPLE), "--config", str(config), "-q"]) == 0
    rules = {r["rule"] for row in _jsonl(capsys.readouterr().out) for r in row["removed"]}
    assert rules and not rules & {"menu_run", "breadcrumb"}
    config.write_text("[rules.promo_phrase]\nmax_word = 3\n", "utf-8")
    assert main(["clean", str(SAMPLE), "--config", str(config), "-q"]) == 2
    assert (
        "rule 'promo_phrase' has no setting 'max_word'; tunable: ['max_words']"
        in capsys.readouterr().err
    )


def test_explain_marks_every_removed_line(capsys):
    assert main(["explain", str(SEED), "--no-color"]) == 0
    out = capsys.readouterr().out
    result = clean_text(SEED.read_text("utf-8"))
    assert out.startswith(f"title:   {result.title}\nauthor:  Daria Durova\nsection: Life\n")
    assert "\x1b[" not in out
    lines = out.splitlines()
    for removal in result.removals:
        first = removal.text.splitlines()[0]
        marked = f"- {first}    [{removal.reason} · {removal.rule} · {removal.evidence}]"
        assert marked in lines
    kept = [line for line in lines if line.startswith("  ")]
    assert [line[2:] for line in kept] == [p for p in result.text.split("\n") if p]


def test_explain_colour_and_errors(tmp_path, capsys):
    assert main(["explain", str(SEED), "--color"]) == 0
    assert "\x1b[31m- Daria DurovaLife" in capsys.readouterr().out
    assert main(["explain", str(tmp_path / "missing.txt")]) == 2
    assert "missing.txt: no such file" in capsys.readouterr().err
    (tmp_path / "latin1.txt").write_bytes("café".encode("latin-1"))
    assert main(["explain", str(tmp_path / "latin1.txt")]) == 2
    assert "latin1.txt: not UTF-8 text (byte 0xe9 at offset 3)" in capsys.readouterr().err
    assert main(["explain", str(SAMPLE)]) == 2
    assert "explain takes one document: .txt, .html, .htm" in capsys.readouterr().err


def test_explain_html(tmp_path, capsys):
    page = tmp_path / "page.html"
    paragraphs = "".join(
        f"<p>The council met on Monday and voted on item {i} of the budget.</p>" for i in range(6)
    )
    page.write_text(
        "<html><head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>"
        f"{paragraphs}<p>Follow us on Telegram!</p></article></body></html>",
        "utf-8",
    )
    assert main(["explain", str(page), "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "kept text:" in out and "item 5 of the budget" in out
    assert "[promo · " in out


def test_push_dry_run_lists_the_files(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", "hf_secret_token_value")
    folder = tmp_path / "out"
    assert main(["clean", str(SAMPLE), "-o", str(folder), "-q"]) == 0
    capsys.readouterr()
    assert main(["push", str(folder), "--repo-id", "someone/news", "--dry-run", "--private"]) == 0
    out = capsys.readouterr().out
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file() and not p.name.startswith("."))
    assert (
        out.splitlines()[0].startswith(f"would upload {len(files)} files (") and "(private)" in out
    )
    assert [line.split()[0] for line in out.splitlines()[1:]] == files
    assert "hf_secret_token_value" not in out
    (folder / WORK_DIR).mkdir()
    assert main(["push", str(folder), "--repo-id", "someone/news", "--dry-run"]) == 2
    assert "unfinished run" in capsys.readouterr().err


def test_killed_run_resumes_to_the_same_output(tmp_path):
    """A real crash: the process is SIGKILLed mid-run, then resumed with --resume."""
    source = tmp_path / "in.jsonl"
    with source.open("w", encoding="utf-8") as handle:
        for k in range(40):
            for row in ROWS:
                handle.write(json.dumps(dict(row, id=f"{row['id']}-{k}")) + "\n")
    command = [
        sys.executable,
        "-m",
        "cleaner",
        "clean",
        str(source),
        "--checkpoint-every",
        "40",
        "-q",
    ]
    env = dict(os.environ)
    subprocess.run([*command, "-o", str(tmp_path / "whole")], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen([*command, "-o", str(tmp_path / "cut")], cwd=ROOT, env=env)
    state = tmp_path / "cut" / WORK_DIR / STATE_FILE
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (
        state.exists() and json.loads(state.read_text())["consumed"] >= 80
    ):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert not (tmp_path / "cut" / "README.md").exists()
    done = json.loads(state.read_text())["consumed"]
    assert 80 <= done < 480
    subprocess.run(
        [*command, "-o", str(tmp_path / "cut"), "--resume"], cwd=ROOT, env=env, check=True
    )
    whole, cut = tmp_path / "whole", tmp_path / "cut"
    assert sorted(p.name for p in (whole / "data").iterdir()) == sorted(
        p.name for p in (cut / "data").iterdir()
    )
    assert (whole / "README.md").read_text() == (cut / "README.md").read_text()
    loaded = datasets.load_dataset(str(cut))["train"]
    assert len(loaded) == 480 and len(set(loaded["id"])) == 480


def test_help_does_not_import_datasets():
    """`cleaner --help` took 1.5 s, a third of it importing `datasets` through the summary."""
    code = "import sys, cleaner.cli; sys.exit('datasets' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=False).returncode == 0


def test_a_failed_push_is_one_line_naming_the_repo(tmp_path, capsys, monkeypatch):
    """Offline (as the tests run) or without a network, push says so in one line."""
    monkeypatch.setenv("HF_TOKEN", "hf_secret_token_value")
    folder = tmp_path / "out"
    assert main(["clean", str(SAMPLE), "-o", str(folder), "-q"]) == 0
    capsys.readouterr()
    assert main(["push", str(folder), "--repo-id", "someone/news"]) == 2
    [error] = capsys.readouterr().err.splitlines()
    assert error.startswith(
        "cleaner: error: cannot push to dataset repository 'someone/news' (OfflineModeIsEnabled: "
    )
    assert "hf_secret_token_value" not in error


def test_a_hub_read_failing_midway_is_one_line(capsys, monkeypatch):
    def stream(*args, **kwargs):
        yield {"text": "One short line."}
        raise ConnectionError("Connection reset by peer")

    monkeypatch.setattr(datasets, "load_dataset", stream)
    assert main(["clean", "someone/news", "-q"]) == 2
    [error] = capsys.readouterr().err.splitlines()
    assert error == (
        "cleaner: error: someone/news: reading the dataset failed after 1 record "
        "(ConnectionError: Connection reset by peer); a folder run can be continued with --resume"
    )


def test_a_jsonl_of_html_pages_is_cleaned_as_html_without_flags(tmp_path, capsys):
    paragraphs = "".join(
        f"<p>The council met on Monday and voted on item {i} of the budget.</p>" for i in range(6)
    )
    page = (
        "<html><head><title>Budget vote</title></head><body><article><h1>Budget vote</h1>"
        f"{paragraphs}<p>Follow us on Telegram!</p></article></body></html>"
    )
    source = tmp_path / "pages.jsonl"
    source.write_text(json.dumps({"html": page, "url": "https://a.org/1"}) + "\n", "utf-8")
    assert main(["clean", str(source), "-q"]) == 0
    captured = capsys.readouterr()
    [row] = _jsonl(captured.out)
    assert row["title"] == "Budget vote" and "item 5 of the budget" in row["text"]
    assert "<p>" not in row["text"] and "Telegram" not in row["text"]
    assert "html" not in row and captured.err == ""


def test_progress_shows_bytes_of_a_known_total_and_the_records(capsys, monkeypatch):
    from tqdm import tqdm

    import cleaner.cli

    monkeypatch.setattr(cleaner.cli, "_wants_bar", lambda quiet: True)  # as on a terminal
    assert main(["clean", str(SAMPLE)]) == 0
    err = capsys.readouterr().err
    size = tqdm.format_sizeof(SAMPLE.stat().st_size, divisor=1024)
    last = err.split("\r")[-1]
    assert last.startswith("100%|") and f"| {size}/{size} [" in last and ", 12 docs]" in last


def test_resume_says_where_it_continues(tmp_path, capsys, monkeypatch):
    import cleaner.folder

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    folder = tmp_path / "out"
    with monkeypatch.context() as patch:
        patch.setattr(cleaner.folder, "finish", killed)
        assert main(["clean", str(SAMPLE), "-o", str(folder), "--checkpoint-every", "5"]) == 130
    capsys.readouterr()
    assert main(["clean", str(SAMPLE), "-o", str(folder), "--resume"]) == 0
    err = capsys.readouterr().err
    assert err.startswith("cleaner: resuming: continuing after record 12 ")


def test_a_folder_output_named_like_a_file_is_refused(tmp_path, capsys):
    assert main(["clean", str(SAMPLE), "-o", str(tmp_path / "x.parquet")]) == 2
    err = capsys.readouterr().err
    assert "a folder named *.parquet is surely a mistake; give a folder (-o " in err
    assert f"{tmp_path / 'x'}/" in err and not (tmp_path / "x.parquet").exists()
    assert main(["clean", str(SAMPLE), "-o", str(tmp_path / "x.csv"), "-q"]) == 2
    assert main(["clean", str(SAMPLE), "-o", str(tmp_path / "x.jsonl.gz"), "-q"]) == 0


def test_skipped_records_point_to_a_rejects_file_only_when_there_is_one(tmp_path, capsys):
    bad = tmp_path / "bad.jsonl"
    bad.write_text("not json\n" * 25 + json.dumps(ROWS[0]) + "\n", "utf-8")
    assert main(["clean", str(bad), "-q"]) == 0  # JSONL to stdout: no rejects file
    err = capsys.readouterr().err
    assert "cleaner: more records unreadable; to keep all of them, add --rejects FILE" in err
    assert "see the rejects file" not in err
    assert main(["clean", str(bad), "-q", "--rejects", str(tmp_path / "r.jsonl")]) == 0
    assert f"more records unreadable; all of them go to {tmp_path / 'r.jsonl'}" in capsys.readouterr().err
    assert len(_jsonl((tmp_path / "r.jsonl").read_text("utf-8"))) == 25
    assert main(["clean", str(bad), "-q", "-o", str(tmp_path / "out")]) == 0
    assert f"all of them go to {tmp_path / 'out' / 'rejects.jsonl'}" in capsys.readouterr().err
    assert (tmp_path / "out" / "rejects.jsonl").is_file()


def test_explain_a_folder_names_a_document_in_it(tmp_path, capsys):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "b.txt").write_text("One.", "utf-8")
    (tmp_path / "pages" / "a.html.gz").write_bytes(b"")
    (tmp_path / "pages" / "notes.md").write_text("-", "utf-8")
    assert main(["explain", str(tmp_path / "pages")]) == 2
    assert capsys.readouterr().err == (
        f"cleaner: error: {tmp_path / 'pages'}: is a folder; explain takes one document, "
        f"e.g. cleaner explain {tmp_path / 'pages' / 'a.html.gz'}\n"
    )


def test_login_is_named_with_the_command_huggingface_hub_ships(tmp_path, capsys, monkeypatch):
    from importlib.metadata import entry_points

    import huggingface_hub

    assert [ep.name for ep in entry_points(group="console_scripts", name="hf")] == ["hf"]
    assert "huggingface-cli" not in (ROOT / "README.md").read_text("utf-8")
    folder = tmp_path / "out"
    assert main(["clean", str(SAMPLE), "-o", str(folder), "-q"]) == 0
    monkeypatch.setattr(huggingface_hub, "get_token", lambda: None)
    assert main(["push", str(folder), "--repo-id", "someone/news"]) == 2
    assert "no Hugging Face token: set HF_TOKEN or run `hf auth login`" in capsys.readouterr().err
