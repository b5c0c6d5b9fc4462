"""What a reader sees in a real browser, on the served site and on the offline copy opened from disk."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import frontmatter
import pytest

from .conftest import Site, Tab, build_sample, real_errors, sample_image_hosts

# A sample article that says "Sanktionen" in its third paragraph only: found by typing "Sanktion".
NIGHT_SHIFT = "articles/2026/groesserer-hafen-weniger-schlaf-anwohner-streiten-ueber-nachtbetrieb"


def _post(site: Site, page: str) -> frontmatter.Post:
    return frontmatter.load(site.archive.docs / f"{page}.md")


def _settled(tab: Tab) -> None:
    """The page has loaded, and nothing it did reached another machine or failed."""
    tab.page.wait_for_load_state("load")
    assert not real_errors(tab), real_errors(tab)
    assert not tab.left_the_machine(sample_image_hosts()), tab.left_the_machine(sample_image_hosts())


def test_home_lists_the_latest_articles(site: Site, tab: Tab) -> None:
    tab.page.goto(site.home)
    latest = tab.page.locator("article h2").first.locator("xpath=following-sibling::ul[1]/li")
    assert latest.count() >= 10
    newest = sorted(
        (frontmatter.load(p) for p in (site.archive.docs / "articles").rglob("*.md")),
        key=lambda post: (post["date"], post["title"]), reverse=True,
    )[0]
    assert latest.first.locator("a").first.inner_text() == newest["title"]
    assert tab.page.get_by_role("link", name="2026", exact=True).first.is_visible()
    _settled(tab)


def test_article_shows_title_date_tags_and_hero(site: Site, tab: Tab) -> None:
    post = _post(site, NIGHT_SHIFT)
    tab.page.goto(site.url(NIGHT_SHIFT))
    article = tab.page.locator("article")
    assert article.locator("h1").inner_text() == post["title"]
    assert article.locator(".archive-meta time").inner_text() == "Juni 2026"
    chips = article.locator(".md-tags a").all_inner_texts()
    assert sorted(chips) == sorted(post["tags"])
    # The hero's URL is blocked here, as a dead image host would be: its alt text shows instead.
    hero = article.locator("figure.archive-hero")
    assert hero.locator(".archive-img-broken").inner_text() == post["image_alt"]
    assert hero.locator("img").count() == 0
    assert post["image"] in [url for url, kind in tab.requests if kind == "image"]
    removed = article.locator("details.archive-removed")
    assert removed.locator("summary").inner_text() == "Als Verlags-Textbaustein entfernt (2 Absätze)"
    assert not removed.locator("p").first.is_visible()
    _settled(tab)


def test_tag_chip_opens_the_tag_page_listing_the_article(site: Site, tab: Tab) -> None:
    post = _post(site, NIGHT_SHIFT)
    tab.page.goto(site.url(NIGHT_SHIFT))
    chip = tab.page.locator("article .md-tags a", has_text="Liegeplatz")
    chip.click()
    tab.page.wait_for_url(re.compile(r"/tags/liegeplatz(/|\.html)"))
    assert tab.page.locator("article h1").inner_text() == "Liegeplatz"
    listed = tab.page.locator("article .archive-listing a").all_inner_texts()
    assert post["title"] in listed
    _settled(tab)


def _search(tab: Tab, query: str) -> list[str]:
    tab.page.locator("label.md-search__icon, .md-search__input").first.click()
    box = tab.page.locator("input.md-search__input")
    box.press_sequentially(query, delay=40)
    results = tab.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=15_000)
    return tab.page.locator(".md-search-result__item h1").all_inner_texts()


def test_search_finds_an_inflected_german_word(site: Site, tab: Tab) -> None:
    post = _post(site, NIGHT_SHIFT)
    assert "Sanktion" not in post["title"] and "Sanktion " not in post.content
    assert "Sanktionen" in post.content
    tab.page.goto(site.home)
    titles = _search(tab, "Sanktion")
    assert post["title"] in titles
    _settled(tab)


def test_offline_copy_makes_no_request_off_disk(offline: Site, tab: Tab) -> None:
    # Navigation and search of the offline build from disk: every request is a file, none goes to a CDN.
    tab.page.goto(offline.home)
    _search(tab, "Hochwasser")
    tab.page.locator(".md-search-result__item a").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url.startswith("file://") and urlsplit(tab.page.url).path.endswith(".html")
    assert tab.page.locator("article h1").inner_text()
    non_images = [url for url, kind in tab.requests if kind != "image"]
    assert non_images and all(url.startswith("file://") for url in non_images), non_images
    _settled(tab)


@pytest.fixture(scope="module")
def english(tmp_path_factory: pytest.TempPathFactory) -> Site:
    archive = build_sample(tmp_path_factory.mktemp("english"), "--offline", language="en")
    return Site(archive, (archive.site / "index.html").as_uri())


@pytest.mark.parametrize(("language", "placeholder", "topics"), [("de", "Suche", "Themen"),
                                                                  ("en", "Search", "Topics")])
def test_the_site_language_sets_the_interface_language(
    request: pytest.FixtureRequest, tab: Tab, language: str, placeholder: str, topics: str
) -> None:
    site: Site = request.getfixturevalue("offline" if language == "de" else "english")
    tab.page.goto(site.home)
    assert tab.page.locator("html").get_attribute("lang") == language
    assert tab.page.locator("input.md-search__input").get_attribute("placeholder") == placeholder
    # The home page hides the sidebar; its navigation still names the topics index in the site's language.
    labels = [" ".join(t.split()) for t in tab.page.locator(".md-sidebar--primary a.md-nav__link").all_text_contents()]
    assert labels.count(topics) == 1
    _settled(tab)
