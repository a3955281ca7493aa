"""Output safety: cleaner never deletes, replaces or reads back a file it did not write.

One test (or more) per data-loss finding of the output-safety issue: each would have failed
before the manifest, the lock and the input checks existed.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

import cleaner.folder
from cleaner.cli import main
from cleaner.errors import OutputError
from cleaner.safety import LOCK_FILE, MANIFEST_FILE, folder_lock

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "fixtures" / "export" / "devset_sample.jsonl"
ROWS = [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]


def _write(path: Path, rows: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), "utf-8")
    return path


def _clean(*args: str) -> int:
    return main(["clean", *args, "-q"])


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


# ---------------------------------------------------------------- 1. --overwrite


def test_overwrite_deletes_only_the_files_of_the_manifest(tmp_path, capsys):
    source = _write(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    assert _clean(str(source), "-o", str(out)) == 0
    manifest = json.loads((out / MANIFEST_FILE).read_text())
    assert manifest["status"] == "finished"
    written = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    assert written == set(manifest["files"]) | {MANIFEST_FILE}
    assert _clean(str(source), "-o", str(out)) == 2
    assert "add --overwrite" in capsys.readouterr().err
    assert _clean(str(source), "-o", str(out), "--overwrite") == 0
    assert set(json.loads((out / MANIFEST_FILE).read_text())["files"]) == set(manifest["files"])


def test_overwrite_refuses_a_folder_holding_a_users_file(tmp_path, capsys):
    """`-o . --overwrite` in a project: its README and data/ stay, byte for byte."""
    project = tmp_path / "project"
    (project / "data").mkdir(parents=True)
    (project / "README.md").write_text("# my project\n")
    (project / "data" / "important.csv").write_text("a,b\n1,2\n")
    before = _snapshot(project)
    source = _write(tmp_path / "in.jsonl", ROWS[:3])
    assert _clean(str(source), "-o", str(project), "--overwrite") == 2
    err = capsys.readouterr().err
    assert "cleaner did not write" in err and "README.md" in err
    assert _snapshot(project) == before


def test_overwrite_refuses_a_finished_folder_with_a_file_added_or_changed(tmp_path, capsys):
    source = _write(tmp_path / "in.jsonl", ROWS[:3])
    out = tmp_path / "out"
    assert _clean(str(source), "-o", str(out)) == 0
    (out / "notes.txt").write_text("mine")
    assert _clean(str(source), "-o", str(out), "--overwrite") == 2
    assert "notes.txt, which cleaner did not write" in capsys.readouterr().err
    (out / "notes.txt").unlink()
    card = out / "README.md"
    card.write_text(card.read_text() + "\nMy own notes on this dataset.\n")
    assert _clean(str(source), "-o", str(out), "--overwrite") == 2
    assert "README.md, which changed since cleaner wrote it" in capsys.readouterr().err
    assert "My own notes" in card.read_text()


def test_an_output_folder_holding_an_input_is_refused_before_anything_is_touched(tmp_path, capsys):
    """`-o proj/ --overwrite` with the input at proj/data/raw.jsonl deleted the input."""
    raw = _write(tmp_path / "proj" / "data" / "raw.jsonl", ROWS)
    before = raw.read_bytes()
    assert _clean(str(raw), "-o", str(tmp_path / "proj"), "--overwrite") == 2
    assert "holds the input" in capsys.readouterr().err
    assert raw.read_bytes() == before
    assert _clean(str(tmp_path / "proj"), "-o", str(tmp_path / "proj" / "out")) == 0


# ---------------------------------------------------------------- 2. JSONL outputs


def test_jsonl_output_that_is_the_input_is_refused(tmp_path, capsys):
    source = _write(tmp_path / "x.jsonl", ROWS)
    before = source.read_bytes()
    for flags in ([], ["--overwrite"]):
        assert _clean(str(source), "-o", str(source), *flags) == 2
        assert "is an input of this run" in capsys.readouterr().err
    assert source.read_bytes() == before


def test_existing_jsonl_is_replaced_only_with_overwrite_and_only_when_cleaners(tmp_path, capsys):
    source = _write(tmp_path / "in.jsonl", ROWS[:2])
    target = tmp_path / "out.jsonl"
    target.write_text('{"name": "my own table"}\n')
    assert _clean(str(source), "-o", str(target)) == 2
    assert "add --overwrite" in capsys.readouterr().err
    assert _clean(str(source), "-o", str(target), "--overwrite") == 2
    assert "does not look like a JSONL output file cleaner wrote" in capsys.readouterr().err
    assert target.read_text() == '{"name": "my own table"}\n'
    target.unlink()
    assert _clean(str(source), "-o", str(target)) == 0
    assert _clean(str(source), "-o", str(target), "--overwrite") == 0
    assert len(target.read_text().splitlines()) == 2


def test_jsonl_output_is_written_by_rename_so_a_crash_keeps_the_old_file(tmp_path, monkeypatch):
    source = _write(tmp_path / "in.jsonl", ROWS[:3])
    target = tmp_path / "out.jsonl"
    assert _clean(str(source), "-o", str(target)) == 0
    before = target.read_bytes()

    def crash(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("cleaner.output.jsonl_row", crash)
    assert _clean(str(source), "-o", str(target), "--overwrite") == 130
    assert target.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl", "out.jsonl"]


def test_rejects_file_of_a_user_is_not_replaced(tmp_path, capsys):
    source = _write(tmp_path / "in.jsonl", ROWS[:2])
    mine = tmp_path / "out.rejects.jsonl"
    mine.write_text("my notes\n")
    assert _clean(str(source), "-o", str(tmp_path / "out.jsonl")) == 2
    assert "out.rejects.jsonl: exists" in capsys.readouterr().err
    assert mine.read_text() == "my notes\n"


# ---------------------------------------------------------------- 3. output inside input


def test_output_folder_inside_the_input_folder_is_not_read_back(tmp_path, caplog):
    inputs = tmp_path / "dumps"
    _write(inputs / "a.jsonl", ROWS)
    out = inputs / "cleaned"
    assert _clean(str(inputs), "-o", str(out)) == 0
    second = tmp_path / "second.jsonl"
    with caplog.at_level("WARNING"):
        assert _clean(str(inputs), "-o", str(second)) == 0
    assert len(second.read_text().splitlines()) == len(ROWS)  # not 2x: data/ was skipped
    assert "cleaned: skipped, it is a folder that cleaner wrote" in caplog.text


# ---------------------------------------------------------------- 4. one run at a time


def test_a_folder_in_use_is_refused(tmp_path, capsys):
    source = _write(tmp_path / "in.jsonl", ROWS[:2])
    out = tmp_path / "out"
    out.mkdir()
    with folder_lock(out):
        assert _clean(str(source), "-o", str(out)) == 2
        assert "another cleaner run is writing this folder" in capsys.readouterr().err
        assert _clean(str(source), "-o", str(out), "--overwrite") == 2
    assert not (out / LOCK_FILE).exists()
    assert _clean(str(source), "-o", str(out)) == 0


def test_a_stale_lock_is_reported_and_taken_over_only_on_request(tmp_path, capsys):
    source = _write(tmp_path / "in.jsonl", ROWS[:2])
    out = tmp_path / "out"
    out.mkdir()
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    holder = {"pid": int(dead.stdout), "host": socket.gethostname(), "started": "earlier"}
    (out / LOCK_FILE).write_text(json.dumps(holder))
    assert _clean(str(source), "-o", str(out)) == 2
    assert "no longer running" in capsys.readouterr().err
    assert _clean(str(source), "-o", str(out), "--overwrite") == 0
    assert not (out / LOCK_FILE).exists() and (out / MANIFEST_FILE).exists()


def test_two_runs_into_one_folder_at_once(tmp_path):
    """One writes the folder, the other is refused with a one-line message, no traceback."""
    rows = [dict(r, id=f"{r['id']}-{k}") for k in range(30) for r in ROWS]
    source = _write(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out"
    command = [sys.executable, "-m", "cleaner", "clean", str(source), "-q", "-o", str(out)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    first = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, text=True)
    results = [(p.wait(timeout=300), p.stderr.read()) for p in (first, second)]
    assert sorted(code for code, _ in results) == [0, 2], results
    refused = next(err for code, err in results if code == 2)
    assert "Traceback" not in refused and refused.startswith("cleaner: error: ")
    assert len(json.loads((out / MANIFEST_FILE).read_text())["files"]) >= 2


# ---------------------------------------------------------------- 5. resume over changed inputs


class _Crash(Exception):
    pass


def test_resume_over_a_changed_input_is_refused(tmp_path, monkeypatch, capsys):
    rows = [dict(r, id=f"{r['id']}-{k}") for k in range(3) for r in ROWS]
    source = _write(tmp_path / "in.jsonl", rows)
    out = tmp_path / "out"
    commits = 0
    real_commit = cleaner.folder.Checkpointer.commit

    def commit_then_crash(self):
        nonlocal commits
        real_commit(self)
        commits += 1
        if commits == 2:
            raise _Crash

    with monkeypatch.context() as patch:
        patch.setattr(cleaner.folder.Checkpointer, "commit", commit_then_crash)
        with pytest.raises(_Crash):
            _clean(str(source), "-o", str(out), "--checkpoint-every", "5")
    stat = source.stat()
    _write(source, [dict(ROWS[0], id="new")] + rows[:-5])  # one record in front, five dropped
    assert _clean(str(source), "-o", str(out), "--resume") == 2
    assert "in.jsonl has changed (its size differs)" in capsys.readouterr().err
    _write(source, rows)  # the same bytes, but written again: refused too (the time differs)
    assert _clean(str(source), "-o", str(out), "--resume") == 2
    assert "in.jsonl has changed (its time differs)" in capsys.readouterr().err
    os.utime(source, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert _clean(str(source), "-o", str(out), "--resume") == 0
    card = (out / "README.md").read_text()
    assert f"**{len(rows)} input records" in card


# ---------------------------------------------------------------- 7. write errors


def test_a_full_disk_is_one_line_naming_the_path_and_resume_works_after(
    tmp_path, monkeypatch, capsys
):
    source = _write(tmp_path / "in.jsonl", ROWS)
    out = tmp_path / "out"
    real_write = cleaner.folder._write_part
    calls = 0

    def full_disk(path, rows, schema):
        nonlocal calls
        calls += 1
        if calls == 2:
            raise OSError(28, "No space left on device", str(path))
        real_write(path, rows, schema)

    with monkeypatch.context() as patch:
        patch.setattr(cleaner.folder, "_write_part", full_disk)
        assert _clean(str(source), "-o", str(out), "--checkpoint-every", "4") == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "No space left on device" in err and str(out) in err
    assert _clean(str(source), "-o", str(out), "--checkpoint-every", "4", "--resume") == 0
    assert f"**{len(ROWS)} input records" in (out / "README.md").read_text()


def test_a_full_disk_under_jsonl_output_is_one_line_and_the_old_file_stays(
    tmp_path, monkeypatch, capsys
):
    source = _write(tmp_path / "in.jsonl", ROWS[:3])
    target = tmp_path / "out.jsonl"
    target.write_text("")

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("cleaner.output.jsonl_row", full_disk)
    assert _clean(str(source), "-o", str(target), "--overwrite") == 2
    err = capsys.readouterr().err
    assert err == f"cleaner: error: {target}: cannot write (No space left on device)\n"
    assert target.read_text() == ""


# ---------------------------------------------------------------- 9. failed runs


def test_an_empty_input_leaves_no_folder(tmp_path):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("")
    assert _clean(str(empty), "-o", str(tmp_path / "out")) == 1
    assert not (tmp_path / "out").exists()


def test_a_run_that_kept_nothing_is_marked_failed_and_a_rerun_replaces_it(tmp_path):
    broken = tmp_path / "in.jsonl"
    broken.write_text("not json\n")
    out = tmp_path / "out"
    assert _clean(str(broken), "-o", str(out)) == 1
    assert json.loads((out / MANIFEST_FILE).read_text())["status"] == "failed"
    _write(broken, ROWS[:3])
    assert _clean(str(broken), "-o", str(out)) == 0
    assert json.loads((out / MANIFEST_FILE).read_text())["status"] == "finished"


def test_build_folder_refuses_a_file_as_folder(tmp_path):
    source = _write(tmp_path / "in.jsonl", ROWS[:1])
    with pytest.raises(OutputError, match="is a file"):
        from cleaner import Cleaner
        from cleaner.export import Job
        from cleaner.folder import FolderOptions, build_folder
        from cleaner.readers import read_inputs

        build_folder(
            read_inputs([str(source)]),
            source,
            Job(cleaner=Cleaner()),
            FolderOptions(),
            fingerprint="t",
        )
