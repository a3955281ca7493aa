"""The README's interactive examples run as written (so the front door cannot rot)."""

from __future__ import annotations

import configparser
import doctest
import os
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent


def test_readme_examples(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the examples open files relative to the checkout
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False)
    assert tried > 0 and failures == 0


def _sh_block(heading: str) -> list[str]:
    """The commands of the first ``sh`` block under a README heading (comments dropped)."""
    section = (ROOT / "README.md").read_text("utf-8").split(f"\n{heading}\n", 1)[1]
    block = section.split("```sh\n", 1)[1].split("```", 1)[0]
    commands = (line.split(" #", 1)[0].strip() for line in block.splitlines())
    return [c for c in commands if c]


def test_ci_runs_the_readme_commands_with_the_pip_a_new_venv_ships() -> None:
    """CI proves the documented commands: the same install and test lines, in order, and no
    pip upgrade first (an upgrade hid an install that failed with a new venv's pip)."""
    documented = _sh_block("## Tests")
    assert documented == ['pip install ".[test]"', "python -m pytest -q"]
    assert documented[0] in _sh_block("## Install")
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    lines = [line.strip() for line in ci.splitlines()]
    runs_pip_or_pytest = re.compile(r"(pip3?|pytest|python3? -m (pip|pytest))\b")
    assert [line for line in lines if runs_pip_or_pytest.match(line)] == documented
    assert "upgrade" not in ci


def test_every_install_line_works_from_a_checkout() -> None:
    """`cleaner` on PyPI is someone else's project: the README installs this one from the
    checkout (`.` and its declared extras), never by a name an index would resolve."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg", encoding="utf-8")
    name = config["metadata"]["name"]
    assert name != "cleaner"  # taken on PyPI by an unrelated project
    extras = set(config["options.extras_require"])
    readme = (ROOT / "README.md").read_text("utf-8")
    targets = [
        target.strip("\"'")
        for line in re.findall(r"pip install ([^`\n#]+)", readme)
        for target in line.split()
        if not target.startswith("-")
    ]
    assert ".[datatrove]" in targets
    for target in targets:
        package, _, wanted = target.partition("[")
        if package == ".":
            assert set(filter(None, wanted.rstrip("]").split(","))) <= extras, target
        else:
            assert package not in ("cleaner", name), target


def _blocks(heading: str, language: str) -> list[str]:
    """The ``language`` code blocks of one README section, in order."""
    section = (ROOT / "README.md").read_text("utf-8").split(f"\n{heading}\n", 1)[1]
    section = section.split("\n## ", 1)[0]
    return re.findall(rf"```{language}\n(.*?)```", section, re.DOTALL)


def test_building_a_dataset_works_as_written(tmp_path, monkeypatch, capsys):
    """The section's shell block and script run on raw JSONL shaped as it says; only the
    uploads are held back (the tests run offline): `cleaner push` with --dry-run, and
    push_to_hub recorded instead of sent."""
    import gzip
    import shlex
    import subprocess
    import sys

    import datasets

    from cleaner.cli import main

    rows = (ROOT / "fixtures" / "export" / "devset_sample.jsonl").read_text("utf-8").splitlines()
    (tmp_path / "raw").mkdir()
    for part in range(2):
        lines = "".join(line + "\n" for line in rows[part * 6 : part * 6 + 6])
        (tmp_path / "raw" / f"part-{part}.jsonl.gz").write_bytes(gzip.compress(lines.encode()))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HF_TOKEN", "hf_token_for_the_test")
    [shell] = _blocks("## Building a dataset", "sh")
    for line in shell.splitlines():
        command = shlex.split(line.split("  #", 1)[0])
        if command[0] == "cleaner":
            extra = ["--dry-run"] if command[1] == "push" else []
            assert main([*command[1:], *extra]) == 0, line
        else:
            env = dict(os.environ, PYTHONPATH=str(ROOT))
            done = subprocess.run(
                [sys.executable, *command[1:]], env=env, capture_output=True, text=True, check=False
            )
            assert done.returncode == 0 and "num_rows: 12" in done.stdout, done.stderr
    pushed = []
    monkeypatch.setattr(datasets.Dataset, "push_to_hub", lambda self, repo: pushed.append(repo))
    [script] = _blocks("## Building a dataset", "python")
    capsys.readouterr()
    code = compile(script, "README.md", "exec")
    exec(code, {"__name__": "readme"})  # noqa: S102  the README's own example
    assert pushed == ["you/clean-news"]
    assert len(capsys.readouterr().out.splitlines()) == 3  # the streamed rows' titles
