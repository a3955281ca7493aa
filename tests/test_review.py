"""``cleaner review``: the sample, the statistics, a self-contained page, and escaping."""

from __future__ import annotations

import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from cleaner import Cleaner
from cleaner.cli import main
from cleaner.export import FEATURES, Job
from cleaner.readers import read_inputs
from cleaner.review import (
    Reservoir,
    Span,
    build_review,
    document,
    interleave,
    row_spans,
    source_segments,
)
from cleaner.review_page import render_page

ROOT = Path(__file__).parent.parent
SAMPLE = ROOT / "fixtures" / "export" / "devset_sample.jsonl"
HOSTILE = [
    "<script>document.body.setAttribute('data-pwned', 'script')</script>",
    "</textarea><script>document.body.setAttribute('data-pwned', 'textarea')</script>",
    "\"><img src=x onerror=\"document.body.setAttribute('data-pwned', 'img')\">",
    "'><svg onload=\"document.body.setAttribute('data-pwned', 'svg')\">",
    "</style></title><iframe srcdoc=\"<script>parent.pwned=1</script>\"></iframe>",
]
# a right-to-left override, a zero-width space, a BOM and an isolate: invisible, and able
# to reorder the text around them
INVISIBLE = "\u202e\u200b\ufeff\u2067"


def _sample_rows() -> list[dict]:
    return [json.loads(line) for line in SAMPLE.read_text("utf-8").splitlines()]


def _cleaned(rows: list[dict]) -> list[tuple[dict, dict]]:
    """(input row, cleaned row) pairs, cleaned as ``cleaner clean`` does."""
    job = Job(cleaner=Cleaner())
    items = list(read_inputs([str(SAMPLE)]))
    return [(row, job.run(item).row) for row, item in zip(rows, items, strict=True)]


def _shape(segments) -> list[str]:
    """Removals by rule, kept text without whitespace between them (merged)."""
    out: list[str] = []
    for s in segments:
        piece = f"R:{s.removal.rule}" if s.removal else re.sub(r"\s+", "", s.text)
        if out and not piece.startswith("R:") and not out[-1].startswith("R:"):
            out[-1] += piece
        elif piece:
            out.append(piece)
    return out


def test_removal_offsets_index_the_input_text():
    for source, row in _cleaned(_sample_rows()):
        for removal in row["removed"]:
            assert source["text"][removal["start"] : removal["end"]] == removal["text"]


def test_interleaving_a_row_puts_every_removal_where_the_input_had_it():
    """From the row alone (kept text + removals) the bundled example's documents come out in
    the input's order: the same as cutting the input itself at the removals' offsets."""
    for source, row in _cleaned(_sample_rows()):
        spans = row_spans(row)
        rebuilt = interleave(row["text"], row["title"], spans)
        assert _shape(rebuilt) == _shape(source_segments(source["text"], row["title"], spans))


def test_interleave_handles_no_removals_and_nothing_kept():
    assert [s.text for s in interleave("a\n\nb", None, [])] == ["a", "", "b"]
    spans = [Span("promo", "p", "Buy", 0, 3, "e"), Span("navigation", "m", "Home", 4, 8, "e")]
    assert [s.text for s in interleave("", None, spans)] == ["Buy", "Home"]


def test_long_documents_are_cut_and_say_how_much_is_hidden():
    row = {"id": "x", "text": "word " * 10_000, "removed": []}
    doc = document(row)
    assert sum(len(s.text) for s in doc.segments) == 20_000
    assert doc.hidden_chars == 50_000 - 20_000


def test_reservoir_is_uniform_sized_reproducible_and_in_stream_order():
    def draw(seed: int) -> list[int]:
        reservoir = Reservoir(5, seed)
        for i in range(1000):
            reservoir.offer(i)
        return reservoir.in_order()

    assert draw(1) == draw(1) and len(draw(1)) == 5 and draw(1) == sorted(draw(1))
    assert draw(1) != draw(2)
    small = Reservoir(5, 0)
    for i in range(3):
        small.offer(i)
    assert small.in_order() == [0, 1, 2]


def _folder(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    assert main(["clean", str(SAMPLE), "-o", str(out), "-q"]) == 0
    return out


class _Page(HTMLParser):
    """Tags, attributes and text of a page, as a browser's tokenizer sees them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def _parse(page: str) -> _Page:
    parser = _Page()
    parser.feed(page)
    return parser


def test_review_of_a_folder_is_one_self_contained_page(tmp_path, capsys):
    out = _folder(tmp_path)
    page_path = tmp_path / "review.html"
    assert main(["review", str(out), "-o", str(page_path)]) == 0
    page = page_path.read_text("utf-8")
    parsed = _parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("script") == 1 and tags.count("style") == 1
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    for tag, attrs in parsed.tags:
        assert "src" not in attrs and not any(name.startswith("on") for name in attrs), tag
        assert not (attrs.get("href") or "").startswith(("http", "//")), attrs
    assert "@import" not in page and "url(" not in page
    policy = next(a["content"] for t, a in parsed.tags if a.get("http-equiv") == "Content-Security-Policy")
    assert policy.startswith("default-src 'none'")
    assert tags.count("article") == 12 and tags.count("svg") == 3
    assert "12 of 12 documents" in capsys.readouterr().err


def test_review_marks_every_removal_with_its_reason_and_evidence(tmp_path):
    review = build_review([str(_folder(tmp_path))], sample=3, seed=1)
    assert len(review.documents) == 3 and review.stats.documents == 12
    page = _parse(render_page(review))
    marks = [a for t, a in page.tags if t == "mark"]
    spans = sum(1 for d in review.documents for s in d.segments if s.removal)
    assert len(marks) == spans > 0
    tips = {a["id"] for t, a in page.tags if t == "span" and a.get("role") == "tooltip"}
    assert {m["aria-describedby"] for m in marks} == tips
    first = next(s.removal for d in review.documents for s in d.segments if s.removal)
    assert f"{first.reason} · {first.rule} · {first.evidence}" in "".join(page.text)


def test_statistics_cover_every_row_of_a_folder(tmp_path):
    review = build_review([str(_folder(tmp_path))], sample=2, seed=0)
    rows = _cleaned(_sample_rows())
    assert review.stats.documents == 12
    assert sum(review.stats.removals.values()) == sum(len(r["removed"]) for _, r in rows)
    assert sum(review.stats.before.values()) == sum(review.stats.after.values()) == 12
    assert review.stats_over == "every row"


def test_raw_input_is_sampled_cleaned_and_shown_exactly(tmp_path):
    review = build_review([str(SAMPLE)], sample=4, seed=3)
    assert len(review.documents) == 4 and review.stats.documents == 4
    assert review.stats_over == "the sample"
    rows = {r["id"]: r["text"] for r in _sample_rows()}
    for doc in review.documents:
        assert doc.exact and "".join(s.text for s in doc.segments) == rows[doc.id][:20_000]


def test_cleaned_jsonl_output_is_reviewed_as_rows(tmp_path):
    out = tmp_path / "cleaned.jsonl"
    assert main(["clean", str(SAMPLE), "-o", str(out), "-q"]) == 0
    review = build_review([str(out)], sample=5)
    assert review.stats_over == "every row" and review.stats.documents == 12


def test_a_saved_dataset_folder_is_reviewed_as_rows(tmp_path):
    out = tmp_path / "saved"
    assert main(["clean", str(SAMPLE), "-o", str(out), "--save-to-disk", "-q"]) == 0
    review = build_review([str(out)], sample=2)
    assert review.stats_over == "every row" and review.stats.documents == 12


def test_the_readme_shows_a_review_screenshot():
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "(fixtures/review/review.png)" in readme
    assert (ROOT / "fixtures" / "review" / "review.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_raw_documents_left_too_short_say_so(tmp_path):
    path = tmp_path / "short.jsonl"
    path.write_text(json.dumps({"id": "a", "text": "Storm hits.\n\nFollow us on Telegram!"}) + "\n")
    review = build_review([str(path)])
    assert review.stats.rejected == 1
    assert dict(review.documents[0].meta)["drop_reason"].startswith("too_short")


def test_nothing_to_review_and_mixed_inputs_are_errors(tmp_path, capsys):
    empty = tmp_path / "empty.jsonl"
    empty.write_text("", "utf-8")
    page = tmp_path / "r.html"
    assert main(["review", str(empty), "-o", str(page)]) == 2
    assert "no readable record" in capsys.readouterr().err and not page.exists()
    out = _folder(tmp_path)
    assert main(["review", str(out), str(SAMPLE), "-o", str(page)]) == 2
    assert "one cleaned folder or file at a time" in capsys.readouterr().err


def test_a_raw_table_under_data_is_not_taken_for_cleaned_output(tmp_path):
    (tmp_path / "raw" / "data").mkdir(parents=True)
    (tmp_path / "raw" / "data" / "part.jsonl").write_text(SAMPLE.read_text("utf-8"), "utf-8")
    review = build_review([str(tmp_path / "raw")], sample=3)
    assert review.stats_over == "the sample" and sum(review.stats.removals.values()) > 0


def _hostile_input(tmp_path: Path) -> Path:
    rows = []
    for i, attack in enumerate(HOSTILE):
        text = (
            f"A headline {attack}\n\nThe storm hit the coast at 2 am {INVISIBLE} and {attack} "
            "flooded the harbour.\n\n"
            f"Follow us on Telegram! {attack}"
        )
        rows.append({"id": f"doc{attack}{i}", "url": f"https://example.com/{i}?q=\"><b>", "text": text})
    path = tmp_path / "hostile.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", "utf-8")
    return path


def test_hostile_documents_are_shown_as_text(tmp_path):
    page_path = tmp_path / "review.html"
    assert main(["review", str(_hostile_input(tmp_path)), "-o", str(page_path), "-q"]) == 0
    page = page_path.read_text("utf-8")
    parsed = _parse(page)
    tags = [tag for tag, _ in parsed.tags]
    assert tags.count("script") == 1 and "img" not in tags and "svg" in tags
    assert "iframe" not in tags and "b" not in tags and "textarea" not in tags
    assert tags.count("svg") == 3  # the charts; the document's <svg onload> is text
    for _, attrs in parsed.tags:
        assert not any(name.startswith("on") for name in attrs)
    text = "".join(parsed.text)
    for attack in HOSTILE:
        assert attack in text  # shown, as text
    assert not any(c in page for c in INVISIBLE)  # each shown as a visible mark instead
    assert "U+202E" in text and "U+200B" in text


def test_review_refuses_to_overwrite_or_write_inside_its_input(tmp_path, capsys):
    out = _folder(tmp_path)
    page = tmp_path / "review.html"
    page.write_text("mine", "utf-8")
    assert main(["review", str(out), "-o", str(page)]) == 2
    assert "--overwrite" in capsys.readouterr().err and page.read_text("utf-8") == "mine"
    assert main(["review", str(out), "-o", str(out / "review.html")]) == 2
    assert "inside the input folder" in capsys.readouterr().err
    assert not (out / "review.html").exists()
    assert main(["review", str(out), "-o", str(page), "--overwrite", "--sample", "0"]) == 2
    assert main(["review", str(out), "-o", str(page), "--overwrite", "-q"]) == 0


def _big_folder(tmp_path: Path, rows: int) -> Path:
    """A cleaned folder of ``rows`` news-sized documents, written directly as parquet."""
    paragraph = "The council met on Tuesday and voted to repair the harbour wall before winter. "
    removed = [
        {"reason": "promo", "rule": "promo_phrase", "text": "Follow us on Telegram!", "start": 900,
         "end": 922, "evidence": "phrase='follow us on'"},
        {"reason": "navigation", "rule": "menu_run", "text": "Home\nNews\nSport", "start": 0,
         "end": 15, "evidence": "run of 3 menu labels"},
    ]
    data = tmp_path / "big" / "data"
    data.mkdir(parents=True)
    table = pa.Table.from_pylist(
        [
            {"id": str(i), "url": f"https://example.com/{i}", "source": "example.com",
             "title": f"Story {i}", "author": None, "section": None, "date": "2024-01-01",
             "lang": "en" if i % 3 else "de", "text": paragraph * (10 + i % 40), "removed": removed}
            for i in range(rows)
        ],
        schema=FEATURES.arrow_schema,
    )
    pq.write_table(table, data / "train-00000-of-00001-abc.parquet", row_group_size=1000)
    return tmp_path / "big"


@pytest.mark.slow
def test_ten_thousand_documents_review_in_seconds_into_a_small_file(tmp_path):
    folder = _big_folder(tmp_path, 10_000)
    page_path = tmp_path / "review.html"
    started = time.monotonic()
    assert main(["review", str(folder), "-o", str(page_path), "--sample", "50", "-q"]) == 0
    seconds = time.monotonic() - started
    size = page_path.stat().st_size
    assert seconds < 30, seconds  # about 2 s here; generous for a loaded CI machine
    assert size < 3 * 1024 * 1024, size
    assert page_path.read_text("utf-8").count("<article ") == 50
