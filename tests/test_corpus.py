"""Learning a site's template from its pages, and the ``site_repeat`` rule that uses it."""

from __future__ import annotations

import io
import pickle
import random

import pytest
from corpus_fixture import documents, pairs, quote, site_of

from cleaner import Cleaner, Reason
from cleaner.corpus import (
    LearnSettings,
    SiteCounts,
    SiteModel,
    build_model,
    count_shard,
    learn,
    source_of,
)
from cleaner.errors import ConfigError, InputError
from cleaner.segment.text import segment_text

SMALL_SITE = "smalltown.example.org"


@pytest.fixture(scope="module")
def model() -> SiteModel:
    return learn(pairs())


@pytest.fixture(scope="module")
def cleaned(model):
    cleaner = Cleaner(site_model=model)
    return [(d, cleaner.clean_text(d["text"], url=d["url"])) for d in documents()]


# -- the fixture corpus --------------------------------------------------------------------


def test_without_the_model_the_promo_inside_the_article_stays():
    """No phrase list knows the promo wordings: only learning finds them."""
    for document in documents():
        result = Cleaner().clean_text(document["text"], url=document["url"])
        assert site_of(document).promo in result.text


def test_template_lines_are_removed_and_the_promo_as_site_repeat(cleaned):
    for document, result in cleaned:
        site = site_of(document)
        if site.host == SMALL_SITE:
            continue
        removed = {line for r in result.removals for line in r.text.splitlines()}
        on_page = {line for line in document["text"].splitlines() if line in site.template}
        assert on_page <= removed, document["url"]
        (promo,) = [r for r in result.removals if r.text == site.promo]
        assert promo.reason is Reason.SITE_REPEAT


def test_every_template_line_is_site_repeat_when_nothing_else_claims_it(model):
    """Where the article-body rule does not fire (short pages), site_repeat takes the template."""
    cleaner = Cleaner(site_model=model).without("outside_article")
    for document in documents():
        site = site_of(document)
        if site.host == SMALL_SITE:
            continue
        result = cleaner.clean_text(document["text"], url=document["url"])
        on_page = {line for line in document["text"].splitlines() if line in site.template}
        removed = {r.text for r in result.removals if r.reason is Reason.SITE_REPEAT}
        assert on_page == removed, document["url"]


def test_article_text_is_kept(cleaned):
    for document, result in cleaned:
        template = site_of(document).template
        body = [line for line in document["text"].splitlines()[1:] if line and line not in template]
        assert body, document["url"]
        for line in body:
            assert line in result.text, (document["url"], line)


def test_a_quote_shared_by_two_articles_is_kept(cleaned):
    holders = [result for document, result in cleaned if quote() in document["text"]]
    assert len(holders) == 2
    for result in holders:
        assert quote() in result.text


def test_a_site_with_too_few_documents_learns_nothing(model, cleaned):
    assert SMALL_SITE not in {t.source for t in model.sources}
    small = [(d, r) for d, r in cleaned if site_of(d).host == SMALL_SITE]
    assert small and all(site_of(d).promo in r.text for d, r in small)


def test_evidence_names_the_document_frequency(cleaned):
    document, result = cleaned[0]
    promo = next(r for r in result.removals if r.text == site_of(document).promo)
    assert (promo.rule, promo.evidence) == ("site_repeat", "df=12/12 docs (100%) >= 30%")


def test_specific_reasons_win_over_site_repeat():
    """A known promo phrase repeated on every page stays a ``promo`` removal."""
    docs = [(f"https://x.example/{i}", f"Story {_word(i)} begins here today\n\nFact {_word(i)} is new.\n\nFollow us on Telegram!")
            for i in range(12)]
    cleaner = Cleaner(site_model=learn(docs))
    result = cleaner.clean_text(docs[0][1], url=docs[0][0])
    assert [(r.reason, r.rule) for r in result.removals] == [(Reason.PROMO, "promo_phrase")]
    assert cleaner.clean_text("Fact jj is new.", url="https://x.example/99").text == "Fact jj is new."


def test_pages_without_url_or_of_unknown_sources_lose_nothing(model):
    document = documents()[0]
    cleaner = Cleaner(site_model=model)
    plain = Cleaner().clean_text(document["text"])
    assert cleaner.clean_text(document["text"]) == plain
    assert cleaner.clean_text(document["text"], url="https://elsewhere.example/a").text == plain.text


# -- map-reduce: the same model whatever the sharding and the order ------------------------


def test_one_shard_and_four_merged_shards_give_the_same_model(model):
    docs = pairs()
    shards = [count_shard(docs[k::4]) for k in range(4)]
    merged = shards[0].merge(*shards[1:])
    assert merged == count_shard(docs)
    assert build_model(merged).to_json() == model.to_json()
    reordered = shards[3].merge(shards[1]).merge(shards[0].merge(shards[2]))
    assert reordered == merged


def test_shuffled_input_gives_the_same_bytes(model):
    docs = pairs()
    random.Random(7).shuffle(docs)
    assert learn(docs).to_json() == model.to_json()


def test_compaction_while_counting_changes_nothing(monkeypatch):
    from cleaner import corpus

    whole = count_shard(pairs())
    monkeypatch.setattr(corpus, "COMPACT_EVERY", 7)
    assert count_shard(pairs()) == whole


def test_counts_round_trip_through_bytes():
    counts = count_shard(pairs())
    buffer = io.BytesIO()
    counts.write(buffer)
    assert SiteCounts.read(io.BytesIO(buffer.getvalue())) == counts
    assert counts.documents == len(documents())


def test_model_saves_deterministic_bytes_and_loads(model, tmp_path):
    path = tmp_path / "site-model.json"
    model.save(path)
    assert path.read_bytes() == model.to_json()
    loaded = SiteModel.load(path)
    assert loaded == model and loaded.to_json() == model.to_json()


def test_model_and_cleaner_pickle(model):
    assert pickle.loads(pickle.dumps(model)) == model
    cleaner = Cleaner(site_model=model)
    document = documents()[0]
    again = pickle.loads(pickle.dumps(cleaner))
    assert again.clean_text(document["text"], url=document["url"]) == cleaner.clean_text(
        document["text"], url=document["url"]
    )


def test_model_is_immutable(model):
    with pytest.raises(AttributeError):
        model.sources = ()  # type: ignore[misc]


# -- guard rails ----------------------------------------------------------------------------


def _site(n: int, extra: dict[int, list[str]] | None = None, host: str = "g.example") -> list[tuple[str, str]]:
    """``n`` documents of one host, each unique prose plus the given extra lines."""
    extra = extra or {}
    docs = []
    for i in range(n):
        lines = [f"Headline {_word(i)} of the day arrives", f"Unique sentence {_word(i)} says things."]
        lines += extra.get(i, [])
        docs.append((f"https://{host}/a/{i}", "\n".join(lines)))
    return docs


def _word(i: int) -> str:
    """A word per number (digits would be masked: "Fact 1" and "Fact 2" are one fingerprint)."""
    return "".join(chr(ord("a") + int(d)) for d in str(i))


def _learned(docs: list[tuple[str, str]], **settings: object) -> set[str]:
    """The texts of the blocks the model would remove from the documents."""
    model = learn(docs, settings=LearnSettings(**settings))  # type: ignore[arg-type]
    found = set()
    for url, text in docs:
        template = model.template(url)
        if template:
            found |= {b.text for b in segment_text(text).blocks if model.match(b, template)}
    return found


PROMO = "Read every single one of our stories first in the Pocket Gazette app."


def test_minimum_number_of_documents_per_source():
    assert _learned(_site(9, {i: [PROMO] for i in range(9)})) == set()
    assert _learned(_site(10, {i: [PROMO] for i in range(10)})) == {PROMO}


def test_minimum_document_count():
    """4 of 10 documents is 40% >= 30%, but fewer than ``min_df`` = 5 documents."""
    assert _learned(_site(10, {i: [PROMO] for i in range(4)})) == set()
    assert _learned(_site(10, {i: [PROMO] for i in range(5)})) == {PROMO}


def test_minimum_share_sentences_and_lines():
    line = "More from the Gazette"
    docs = _site(100, {i: [PROMO, line] for i in range(20)})
    assert _learned(docs) == {line}  # 20% < 30% for a sentence, >= 5% for a line
    assert _learned(docs, min_share_line=0.25) == set()


def test_one_and_two_word_lines_need_the_sentence_share():
    """A "Conclusion" heading in 20% of a blog's posts is content; "Advertisement" on 90% is not."""
    docs = _site(100, {i: ["Conclusion"] for i in range(20)} | {i: ["Conclusion", "Advertisement"] for i in range(20, 90)})
    assert _learned(docs) == {"Conclusion", "Advertisement"}  # 90% and 70%
    docs = _site(100, {i: ["Conclusion"] for i in range(20)})
    assert _learned(docs) == set()


def test_long_prose_is_never_learned_nor_removed():
    paragraph = (
        "The agency said in a statement that the company had agreed to pay the fine in full, "
        "that it would appoint an independent monitor for three years, and that it denied any wrongdoing."
    )
    docs = _site(20, {i: [paragraph, PROMO] for i in range(20)})
    assert _learned(docs) == {PROMO}
    assert _learned(docs, max_words=40) == {PROMO, paragraph}
    # a model that holds it (learned with a higher bound) still removes nothing longer than its bound
    model = learn(docs, settings=LearnSettings(max_words=40))
    shrunk = SiteModel(settings=LearnSettings(max_words=30), sources=model.sources)
    block = next(b for b in segment_text(docs[0][1]).blocks if b.text == paragraph)
    assert shrunk.match(block, shrunk.template(docs[0][0])) is None  # type: ignore[arg-type]


def test_a_block_repeated_inside_one_document_counts_once():
    docs = _site(10, {i: [PROMO] * 6 for i in range(3)})
    counts = count_shard(docs)
    assert counts.cnt.max() == 3
    assert _learned(docs) == set()


def test_digits_are_masked_in_fingerprints():
    docs = _site(10, {i: [f"Updated {i}:{i * 5:02d} local time"] for i in range(10)})
    assert len(_learned(docs)) == 10


# -- sources --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "by", "source"),
    [
        ("https://www.example.com/a", "host", "example.com"),
        ("https://news.example.com/a", "host", "news.example.com"),
        ("https://news.example.com/a", "domain", "example.com"),
        ("http://www.bbc.co.uk/news", "domain", "bbc.co.uk"),
        ("example.com/path", "host", "example.com"),
        ("HTTPS://Example.COM.", "host", "example.com"),
        ("", "host", None),
        (None, "host", None),
        ("not a url at all", "host", None),
        ("http://[::1", "host", None),
    ],
)
def test_source_of(url, by, source):
    assert source_of(url, by=by) == source


def test_domain_mode_groups_subdomains():
    docs = _site(5, {i: [PROMO] for i in range(5)}, host="a.example.com")
    docs += _site(5, {i: [PROMO] for i in range(5)}, host="b.example.com")
    assert _learned(docs) == set()
    assert _learned(docs, by="domain") == {PROMO}


# -- errors ---------------------------------------------------------------------------------


def test_bad_documents_are_named():
    with pytest.raises(InputError, match=r"document #1 \('https://a.example/1'\): text must be str"):
        count_shard([("https://a.example/0", "ok"), ("https://a.example/1", b"bytes")])
    with pytest.raises(InputError, match="document #0: expected a \\(url, text\\) pair"):
        count_shard(["just text"])


def test_bad_settings_and_mismatched_counts():
    with pytest.raises(ConfigError, match="unknown source mode 'site'"):
        LearnSettings(by="site")
    with pytest.raises(ConfigError, match="min_share must be in"):
        LearnSettings(min_share=0)
    with pytest.raises(ConfigError, match="cannot merge counts made with by='domain'"):
        count_shard([]).merge(count_shard([], settings=LearnSettings(by="domain")))
    with pytest.raises(ConfigError, match="counts were made with"):
        build_model(count_shard([]), settings=LearnSettings(max_words=10))


def test_bad_model_and_counts_files(tmp_path):
    path = tmp_path / "model.json"
    path.write_text('{"format": "something else"}')
    with pytest.raises(InputError, match="model.json: not a cleaner site model"):
        SiteModel.load(path)
    path.write_text("{not json")
    with pytest.raises(InputError, match="model.json: corrupt cleaner site model"):
        SiteModel.load(path)
    with pytest.raises(InputError, match="missing.json: cannot read site model"):
        SiteModel.load(tmp_path / "missing.json")
    with pytest.raises(InputError, match="shard: not a cleaner site-counts file"):
        SiteCounts.read(io.BytesIO(b"hello\n"), name="shard")
