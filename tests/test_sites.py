"""Per-site profiles: TOML files with selectors to drop or keep and extra phrases, by domain."""

from __future__ import annotations

import pickle

import pytest

from cleaner import Cleaner, ResourceError
from cleaner.sites import SiteProfile, SiteProfiles

PROSE = ("<p>The council met on Tuesday and, after a long debate, agreed to fund the new library "
         "in the old post office building on the main square, which has stood empty for years.</p>")
PAGE = (
    "<html><body><div class='layout'>"
    "<div class='teasers'>" + PROSE.replace("council", "committee") * 3 + "</div>"
    "<div class='story-body'>" + PROSE + PROSE.replace("Tuesday", "Monday") +
    "<p class='editor-note'>Editor's note: this story has been updated.</p>"
    "<p>Become a Courier member today and support local journalism.</p></div>"
    "</div></body></html>"
)
PROFILE = """
domains = ["courier.test"]
[drop]
selectors = ["p.editor-note"]
[keep]
selectors = ["div.story-body"]
[phrases]
promo = ["Become a Courier member"]
"""


@pytest.fixture()
def folder(tmp_path):
    (tmp_path / "courier.test.toml").write_text(PROFILE, "utf-8")
    return tmp_path


def test_profile_drops_keeps_and_adds_phrases(folder):
    cleaner = Cleaner(site_profiles=SiteProfiles.from_folder(folder))
    result = cleaner.clean_html(PAGE, url="https://www.courier.test/news/library")
    assert "Editor's note" not in result.text
    assert "committee" not in result.text  # outside the kept container
    assert result.text.count("The council met") == 2
    promo = [r for r in result.removals if r.rule == "site_promo_phrase"]
    assert promo and promo[0].reason == "promo" and "Courier member" in promo[0].text


def test_profile_applies_only_to_its_domain(folder):
    cleaner = Cleaner(site_profiles=folder)  # a folder path works too
    result = cleaner.clean_html(PAGE, url="https://other.test/news/library")
    assert "Editor's note" in result.text


def test_cleaner_with_profiles_pickles(folder):
    cleaner = Cleaner(site_profiles=folder)
    clone = pickle.loads(pickle.dumps(cleaner))
    url = "https://courier.test/a"
    assert clone.clean_html(PAGE, url=url) == cleaner.clean_html(PAGE, url=url)


def test_shipped_example_profile_loads():
    profiles = SiteProfiles.shipped()
    profile = profiles.for_url("https://news.example.com/story")
    assert profile is not None and profile.drop and profile.keep_xpath


def test_file_name_is_the_default_domain():
    profile = SiteProfile.from_toml("[drop]\nselectors = ['.x']\n", origin="paper.test.toml")
    assert profile.domains == ("paper.test",)


@pytest.mark.parametrize("text, message", [
    ("[drop]\nselectors = ['div[']\n", "bad CSS selector"),
    ("[phrases]\nlunch = ['x']\n", "unknown phrase reason"),
    ("[drop]\nselectors = 'div'\n", "must be a list of strings"),
    ("domains = [", "not valid TOML"),
])
def test_bad_profiles_name_the_file_and_the_problem(text, message):
    with pytest.raises(ResourceError, match=message) as error:
        SiteProfile.from_toml(text, origin="bad.test.toml")
    assert "bad.test.toml" in str(error.value)


def test_missing_folder_is_a_resource_error(tmp_path):
    with pytest.raises(ResourceError, match="does not exist"):
        SiteProfiles.from_folder(tmp_path / "nope")
