"""``cleaner learn``, ``cleaner clean --site-model FILE`` and ``cleaner clean --learn``."""

from __future__ import annotations

import json

from corpus_fixture import CORPUS, documents, pairs

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.corpus import LearnSettings, learn

INPUT = str(CORPUS / "documents.jsonl")


def _jsonl(text: str) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_learn_writes_the_model_learn_gives(tmp_path, capsys):
    model = tmp_path / "site-model.json"
    assert main(["learn", INPUT, "-o", str(model)]) == 0
    assert model.read_bytes() == learn(pairs()).to_json()
    assert "learned the templates of 3 sites (26 blocks) from 42 documents" in capsys.readouterr().err


def test_learn_options_are_the_guard_rails(tmp_path, capsys):
    model = tmp_path / "site-model.json"
    assert main(["learn", INPUT, "-o", str(model), "--min-docs", "13", "--min-share", "0.5", "-q"]) == 0
    want = learn(pairs(), settings=LearnSettings(min_docs=13, min_share=0.5))
    assert model.read_bytes() == want.to_json() and len(want) == 0


def test_clean_with_a_site_model_is_clean_text_with_it(tmp_path, capsys):
    model = tmp_path / "site-model.json"
    main(["learn", INPUT, "-o", str(model), "-q"])
    assert main(["clean", INPUT, "--site-model", str(model), "-q"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    cleaner = Cleaner(site_model=learn(pairs()))
    assert [r["text"] for r in rows] == [cleaner.clean_text(d["text"], url=d["url"]).text for d in documents()]
    assert sum(1 for r in rows for x in r["removed"] if x["reason"] == "site_repeat") >= 36


def test_clean_learn_is_learn_then_clean(tmp_path, capsys):
    model = tmp_path / "site-model.json"
    main(["learn", INPUT, "-o", str(model), "-q"])
    main(["clean", INPUT, "--site-model", str(model), "-q"])
    two_commands = capsys.readouterr().out
    assert main(["clean", INPUT, "--learn"]) == 0
    captured = capsys.readouterr()
    assert captured.out == two_commands
    assert "cleaner: learned the templates of 3 sites" in captured.err


def test_explain_shows_the_document_frequency(tmp_path, capsys):
    model = tmp_path / "site-model.json"
    main(["learn", INPUT, "-o", str(model), "-q"])
    document = documents()[0]
    page = tmp_path / "page.txt"
    page.write_text(document["text"], "utf-8")
    assert main(["explain", str(page), "--url", document["url"], "--site-model", str(model), "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "site_repeat · df=12/12 docs (100%) >= 30%" in out


def test_errors_name_the_problem(tmp_path, capsys):
    model = tmp_path / "site-model.json"
    main(["learn", INPUT, "-o", str(model), "-q"])
    assert main(["clean", INPUT, "--learn", "--site-model", str(model), "-q"]) == 2
    assert "--site-model and --learn exclude each other" in capsys.readouterr().err
    assert main(["clean", INPUT, "--site-model", str(tmp_path / "nope.json"), "-q"]) == 2
    assert "nope.json: cannot read site model" in capsys.readouterr().err
    assert main(["learn", INPUT, "-o", str(model), "--min-share", "2"]) == 2
    assert "min_share must be in (0, 1]" in capsys.readouterr().err


def test_a_folder_run_names_its_site_model():
    """The model's hash is part of the settings a folder run fingerprints for --resume."""
    from cleaner.cli import _site_model_settings

    assert _site_model_settings(Cleaner()) == {}
    one = _site_model_settings(Cleaner(site_model=learn(pairs())))
    other = _site_model_settings(Cleaner(site_model=learn(pairs()[:30])))
    assert one["site_model"] != other["site_model"]


def test_clean_learn_into_a_folder(tmp_path, capsys):
    import datasets

    assert main(["clean", INPUT, "--learn", "-o", str(tmp_path / "out"), "-q"]) == 0
    rows = datasets.load_dataset(str(tmp_path / "out"), split="train").to_list()
    assert sum(1 for r in rows for x in r["removed"] if x["reason"] == "site_repeat") >= 36


def _as_html(document: dict[str, str]) -> dict[str, str]:
    """A corpus document as the page it came from: each line a paragraph of the article."""
    from html import escape

    paragraphs = "".join(f"<p>{escape(line)}</p>" for line in document["text"].splitlines() if line.strip())
    page = f"<html><head><title>page</title></head><body><article>{paragraphs}</article></body></html>"
    return {"url": document["url"], "html": page}


def test_learn_reads_html_records_with_the_html_segmenter(tmp_path, capsys):
    from cleaner.segment.html import segment_html

    pages = [_as_html(d) for d in documents()]
    corpus = tmp_path / "pages.jsonl"
    corpus.write_text("".join(json.dumps(p) + "\n" for p in pages), "utf-8")
    model = tmp_path / "site-model.json"
    assert main(["learn", str(corpus), "--html-field", "html", "-o", str(model)]) == 0
    assert "from 42 documents (42 of them HTML)" in capsys.readouterr().err
    want = learn([(p["url"], p["html"]) for p in pages], segment=segment_html)
    assert model.read_bytes() == want.to_json() and len(want) > 0
    assert main(["clean", str(corpus), "--html-field", "html", "--learn", "-q"]) == 0
    rows = _jsonl(capsys.readouterr().out)
    assert sum(1 for r in rows for x in r["removed"] if x["reason"] == "site_repeat") >= 36
