"""The datatrove steps: the README's pipeline runs as written and gives what ``clean_text`` gives."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from corpus_fixture import documents, pairs

from cleaner import Cleaner
from cleaner.corpus import learn

datatrove = pytest.importorskip("datatrove", reason="datatrove is not installed (pip install '.[datatrove]')")

from datasets import Dataset
from datatrove.data import Document

from cleaner.datatrove import CleanDocuments, emptied_by
from cleaner.export import clean_dataset

ROOT = Path(__file__).parent.parent
TASKS = 4


def readme_example(marker: str) -> str:
    """The python code block of the datatrove section that contains ``marker``."""
    readme = (ROOT / "README.md").read_text("utf-8")
    section = readme.split("## Scaling out with datatrove", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```python\n(.*?)```", section, flags=re.DOTALL)
    (block,) = [b for b in blocks if marker in b]
    return block


def write_input(folder: Path) -> None:
    """The fixture corpus as ``TASKS`` JSONL files (every task of the README example has one)."""
    (folder / "data" / "input").mkdir(parents=True)
    for k in range(TASKS):
        rows = [{"id": d["url"], **d} for d in documents()[k::TASKS]]
        text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
        (folder / "data" / "input" / f"part-{k}.jsonl").write_text(text, "utf-8")


def run_script(folder: Path, code: str) -> None:
    (folder / "pipeline.py").write_text(code, "utf-8")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run(
        [sys.executable, "pipeline.py"], cwd=folder, env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-3000:]


def expected_rows() -> dict[str, dict[str, object]]:
    """What ``clean_dataset`` gives with a model learned from the whole corpus, by URL."""
    cleaner = Cleaner(site_model=learn(pairs()))
    dataset = Dataset.from_list([{"id": d["url"], "url": d["url"], "text": d["text"]} for d in documents()])
    rows = {}
    for row in clean_dataset(dataset, cleaner).to_list():
        if row["text"].strip():
            rows[row["url"]] = row
    return rows


def output_rows(folder: Path) -> dict[str, dict[str, object]]:
    import pyarrow.parquet as pq

    rows = {}
    for path in sorted((folder / "data" / "clean").glob("*.parquet")):
        for row in pq.read_table(path).to_pylist():
            rows[str(row["url"])] = row
    return rows


def check_run(folder: Path) -> None:
    assert (folder / "work" / "site-model.json").read_bytes() == learn(pairs()).to_json()
    counts = sorted(p.name for p in (folder / "work" / "counts").iterdir())
    assert counts == [f"{k:05d}.counts" for k in range(TASKS)]
    got, want = output_rows(folder), expected_rows()
    assert got.keys() == want.keys()
    for url in want:
        assert got[url] == want[url], url
    stats = json.loads((folder / "work" / "logs" / "clean" / "stats.json").read_text())
    cleaner_stats = next(s for s in stats if "cleaner" in s["name"])["stats"]
    removed = cleaner_stats["removed_site_repeat"]  # a plain count, or a dict with "total"
    expected = sum(1 for row in want.values() for r in row["removed"] if r["reason"] == "site_repeat")  # type: ignore[attr-defined]
    assert (removed["total"] if isinstance(removed, dict) else removed) == expected >= 36  # 3 sites x 12 promos


def test_readme_local_example_runs_as_written(tmp_path):
    write_input(tmp_path)
    run_script(tmp_path, readme_example("LocalPipelineExecutor("))
    check_run(tmp_path)


def test_ray_executor_gives_the_same_rows(tmp_path):
    pytest.importorskip("ray", reason="ray is not installed (pip install 'ray[default]')")
    local = readme_example("LocalPipelineExecutor(")
    code = (
        local.replace("LocalPipelineExecutor", "RayPipelineExecutor")
        .replace("from datatrove.executor import", "import ray\nfrom datatrove.executor import")
        .replace("    clean.run()", "    ray.init(num_cpus=2, include_dashboard=False)\n    clean.run()")
    )
    write_input(tmp_path)
    run_script(tmp_path, code)
    check_run(tmp_path)


def test_empty_documents_are_dropped_with_their_reason_counted():
    step = CleanDocuments()
    docs = [
        Document(text="Storm hits the coast overnight\n\nThe storm hit at 2 am.", id="kept", metadata={}),
        Document(text="Home\nNews\nSport\nFollow us on Telegram and never miss a story!", id="promo-only",
                 metadata={"url": "https://a.example/1"}),
        Document(text="   ", id="blank", metadata={}),
    ]
    kept = list(step.run(iter(docs)))
    assert [d.id for d in kept] == ["kept"]
    assert kept[0].text == "The storm hit at 2 am." and kept[0].metadata["title"] == "Storm hits the coast overnight"
    assert step.stats["dropped_promo"].total == 1 and step.stats["dropped_empty_input"].total == 1
    assert step.stats["removed_promo"].total == 1
    assert docs[1].metadata["drop_reason"] == "promo" and docs[1].metadata["source"] == "a.example"


def test_a_bad_document_is_dropped_not_fatal():
    step = CleanDocuments()
    bad = Document(text=b"bytes".decode() and None, id="bad", metadata={})  # type: ignore[arg-type]
    good = Document(text="The storm hit at 2 am.", id="good", metadata={})
    assert [d.id for d in step.run(iter([bad, good]))] == ["good"]
    assert step.stats["dropped_error"].total == 1
    assert "bad: clean_text expects str" in bad.metadata["error"]


def test_emptied_by_prefers_the_reason_that_removed_most():
    result = Cleaner().clean_text("Home\nNews\nSport\nFollow us on Telegram and never miss a story!")
    assert result.text == "" and emptied_by(result) == "promo"
    assert emptied_by(Cleaner().clean_text("Storm hits the coast overnight")) == "title_only"


def test_the_core_package_does_not_import_datatrove():
    code = "import sys, cleaner, cleaner.corpus; assert 'datatrove' not in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_without_datatrove_the_steps_say_what_to_install():
    code = (
        "import sys; sys.modules['datatrove'] = None\n"
        "from cleaner.datatrove import CleanDocuments, DatatroveMissing\n"
        "try:\n    CleanDocuments()\nexcept DatatroveMissing as error:\n    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    assert "CleanDocuments needs datatrove: pip install datatrove orjson" in done.stdout


def test_dropped_documents_go_to_the_exclusion_writer(tmp_path):
    from datatrove.pipeline.writers import JsonlWriter

    step = CleanDocuments(exclusion_writer=JsonlWriter(str(tmp_path), output_filename="dropped.jsonl", compression=None))
    docs = [
        Document(text="The storm hit at 2 am.", id="kept", metadata={}),
        Document(text="Home\nNews\nSport\nFollow us on Telegram and never miss a story!", id="gone", metadata={}),
    ]
    assert [d.id for d in step.run(iter(docs))] == ["kept"]
    [row] = [json.loads(line) for line in (tmp_path / "dropped.jsonl").read_text().splitlines()]
    assert (row["id"], row["metadata"]["drop_reason"]) == ("gone", "promo")


def test_html_documents_are_cleaned_with_clean_html():
    html = (
        "<html><head><title>Storm hits the coast</title></head><body><article>"
        "<h1>Storm hits the coast</h1><p>The storm hit the coast at 2 am and cut power to the town.</p>"
        "<p>Follow us on Telegram!</p></article></body></html>"
    )
    document = Document(text=html, id="page", metadata={"url": "https://a.example/1"})
    [cleaned] = CleanDocuments(html=True).run(iter([document]))
    want = Cleaner().clean_html(html, url="https://a.example/1")  # type: ignore[attr-defined]
    assert (cleaned.text, cleaned.metadata["title"]) == (want.text, want.title)
