"""What a reader sees in a real browser, on the served site and on the offline copy opened from disk."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import frontmatter
import pytest
from playwright.sync_api import expect

from ..conftest import build_sample, copy_sample
from .conftest import HARBOUR_QUOTE, NIGHT_SHIFT, Site, Tab, sample_image_hosts, serve_folder

LATEST_COUNT = 20  # site_config.yml leaves latest_count at its default


def _post(site: Site, page: str) -> frontmatter.Post:
    return frontmatter.load(site.archive.docs / f"{page}.md")


def _settled(tab: Tab) -> None:
    """The page has loaded, and nothing it did reached another machine or failed."""
    tab.page.wait_for_load_state("load")
    assert not tab.real_errors(), tab.real_errors()
    away = tab.left_the_machine(sample_image_hosts())
    assert not away, away


def test_home_lists_the_latest_articles(site: Site, tab: Tab) -> None:
    tab.page.goto(site.home)
    posts = [frontmatter.load(p) for p in (site.archive.docs / "articles").rglob("*.md")]
    date_of = {post["title"]: str(post["date"]) for post in posts}
    items = tab.page.locator("article h2").first.locator("xpath=following::ul[1]/li")
    listed = [item.locator("a").first.inner_text() for item in items.all()]
    assert len(listed) == min(LATEST_COUNT, len(posts))
    assert all(title in date_of for title in listed), listed
    dates = [date_of[title] for title in listed]
    assert dates == sorted(dates, reverse=True), "newest first"
    unlisted = [date_of[t] for t in date_of if t not in listed]
    assert not unlisted or min(dates) >= max(unlisted), "the newest articles, not any"
    newest = max(posts, key=lambda post: str(post["date"]))
    assert listed[0] == newest["title"]
    items.first.locator("a").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.locator("article h1").inner_text() == newest["title"]
    _settled(tab)


def test_article_shows_title_date_tags_and_hero(site: Site, tab: Tab) -> None:
    post = _post(site, NIGHT_SHIFT)
    tab.page.goto(site.url(NIGHT_SHIFT))
    article = tab.page.locator("article")
    assert article.locator("h1").inner_text() == post["title"]
    assert article.locator(".archive-meta time").inner_text() == "Juni 2026"
    chips = article.locator(".md-tags a").all_inner_texts()
    assert sorted(chips) == sorted(post["tags"]) and chips
    # The hero was asked for; its host is unreachable here (the harness aborts it). Its alt text is the
    # headline just above, so the figure goes, rather than show a broken-image box or the headline again.
    assert post["image"] in [url for url, kind in tab.requests if kind == "image"]
    expect(article.locator("figure.archive-hero")).to_have_count(0)
    assert article.inner_text().count(post["title"]) == 1
    removed = article.locator("details.archive-removed")
    assert removed.locator("summary").inner_text() == "Ausgeblendet: Standardtext des Verlags (2 Absätze)"
    assert not removed.locator("p").first.is_visible()
    _settled(tab)


def test_hero_image_shows_with_its_alt_text_when_the_host_answers(site: Site, tab: Tab) -> None:
    post = _post(site, NIGHT_SHIFT)
    picture = '<svg xmlns="http://www.w3.org/2000/svg" width="800" height="450"><rect width="800" height="450" fill="#4a6"/></svg>'
    # Stands in for the publisher's image server (registered last, so it answers before the block).
    tab.page.route(post["image"], lambda route: route.fulfill(status=200, content_type="image/svg+xml", body=picture))
    tab.page.goto(site.url(NIGHT_SHIFT))
    image = tab.page.locator("article figure.archive-hero img")
    expect(image).to_have_attribute("alt", "")  # the headline above says it (see main.html)
    expect(image).to_have_js_property("complete", True)
    assert image.evaluate("img => img.naturalWidth") == 800
    assert tab.page.locator(".archive-img-broken").count() == 0
    _settled(tab)


def test_a_hero_whose_alt_text_is_the_headline_in_other_quotes_repeats_nothing(site: Site, tab: Tab) -> None:
    """This hero's alt text is the headline in other quotes: no caption repeats it, and broken, the figure
    goes. A figure in the text keeps its caption, which says what the picture showed."""
    post = _post(site, HARBOUR_QUOTE)
    assert post["image_alt"] != post["title"]
    tab.page.goto(site.url(HARBOUR_QUOTE))
    expect(tab.page.locator("article figure.archive-hero")).to_have_count(0)
    assert tab.page.locator("article").inner_text().count(post["image_alt"]) == 0
    _settled(tab)


def test_a_broken_figure_in_the_text_keeps_its_caption_alone(tmp_path: Path, tab: Tab) -> None:
    from ..conftest import make_archive

    archive = make_archive(tmp_path / "figure")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", """
        Kräne im Hafen
        24.02.2025
        Die Kräne im Hafen werden erneuert.
        ![Zwei Kräne am Kai im Abendlicht](https://img.unreachable.example/2025.02/kraene.jpg)
        Die Arbeiten dauern bis zum Sommer.
    """)
    assert archive.run("build").exit_code == 0
    with serve_folder(archive.site) as address:
        tab.page.goto(address + "articles/2025/kraene-im-hafen/")
        tab.page.wait_for_load_state("load")
        figure = tab.page.locator(".archive-body figure.archive-figure")
        expect(figure.locator("img")).to_have_count(0)
        expect(figure).to_have_text("Zwei Kräne am Kai im Abendlicht")
        assert tab.page.locator(".archive-img-broken").count() == 0


def test_tag_chip_opens_the_tag_page_listing_the_article(site: Site, tab: Tab) -> None:
    post = _post(site, NIGHT_SHIFT)
    assert "Liegeplatz" in post["tags"]
    tab.page.goto(site.url(NIGHT_SHIFT))
    tab.page.locator("article .md-tags a", has_text="Liegeplatz").click()
    tab.page.wait_for_url(re.compile(r"/tags/liegeplatz(/|\.html)(#.*)?$"))
    assert tab.page.locator("article h1").inner_text() == "Liegeplatz"
    listed = tab.page.locator("article .archive-listing a").all_inner_texts()
    assert post["title"] in listed
    _settled(tab)


def _search(tab: Tab, query: str, expected: str) -> list[str]:
    """Type ``query`` into the search box; the titles of the results once ``expected`` is among them."""
    box = tab.page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query, delay=40)
    titles = tab.page.locator(".md-search-result__item h1")
    expect(titles.filter(has_text=expected).first).to_be_visible()
    return titles.all_inner_texts()


def test_search_finds_an_inflected_german_word(site: Site, tab: Tab) -> None:
    post = _post(site, NIGHT_SHIFT)
    words = re.findall(r"\w+", post["title"] + " " + post.content)
    assert "Sanktionen" in words and "Sanktion" not in words
    tab.page.goto(site.home)
    assert post["title"] in _search(tab, "Sanktion", post["title"])
    _settled(tab)


def test_a_result_found_without_umlauts_opens_its_page_with_the_word_marked(site: Site, tab: Tab) -> None:
    """"Waermepumpe" typed found the article on "Wärmepumpe", but the page it opened marked nothing: Material
    marks the words the result names, letter for letter."""
    title = "Stadtwerke Velsburg kündigen Fernwärme-Offensive an"
    tab.page.goto(site.home)
    _search(tab, "Waermepumpe", title)
    tab.page.locator(".md-search-result__item", has_text=title).first.locator("a").first.click()
    tab.page.wait_for_load_state("load")
    marked = tab.page.locator("article mark[data-md-highlight]")
    expect(marked.first).to_be_visible()
    assert {text.casefold() for text in marked.all_inner_texts()} == {"wärmepumpe"}
    _settled(tab)


def test_offline_copy_searches_without_a_network(offline: Site, tab: Tab) -> None:
    # Material's offline plugin would load a Worker polyfill from unpkg.com; ours ships with the site.
    built = [p for p in offline.archive.site.rglob("*.html") if "unpkg.com" in p.read_text(encoding="utf-8")]
    assert not built, built
    tab.page.goto(offline.url(NIGHT_SHIFT))
    _search(tab, "Hochwasser", "Hochwasser")
    scripts = [url for url, kind in tab.requests if kind == "script"]
    assert any(url.endswith("/assets/javascripts/iframe-worker.js") for url in scripts), scripts
    # archive-site's search worker ran in the stand-in's iframe, on the index inlined for file://.
    assert any(urlsplit(url).path.endswith("/assets/javascripts/archive-search.js") for url in scripts), scripts
    assert any(url.endswith("/search/search_index.js") for url in scripts), scripts
    tab.page.locator(".md-search-result__item a").first.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url.startswith("file://") and urlsplit(tab.page.url).path.endswith(".html")
    assert "Hochwasser" in tab.page.locator("article").inner_text()
    non_images = [url for url, kind in tab.requests if kind != "image"]
    assert non_images and all(url.startswith("file://") for url in non_images), non_images
    _settled(tab)


def test_the_offline_copys_page_for_a_missing_address_opens_from_disk(offline: Site, tab: Tab) -> None:
    """Opened from the copy's folder, it showed without its styles, and its links led to file:///index.html."""
    missing = offline.archive.site / "404.html"
    tab.page.goto(missing.as_uri())
    links = tab.page.locator(".md-sidebar--primary a.md-nav__link, article a").evaluate_all(
        "links => links.map(a => a.href)")
    assert links and all(link.startswith(offline.archive.site.as_uri() + "/") for link in links), links
    tab.page.locator("article a").last.click()
    tab.page.wait_for_load_state("load")
    assert tab.page.url == (offline.archive.site / "index.html").as_uri()
    _settled(tab)  # its stylesheets and scripts among them: none failed


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
    # Material's own labels, from its language files ("Suche" is Material's German for the search box).
    box = tab.page.locator("input.md-search__input")
    assert box.get_attribute("placeholder") == placeholder
    assert box.get_attribute("aria-label") == placeholder
    # The home page hides the sidebar; its navigation still names the topics index in the site's language.
    labels = [" ".join(t.split()) for t in tab.page.locator(".md-sidebar--primary a.md-nav__link").all_text_contents()]
    assert labels.count(topics) == 1
    _settled(tab)


@pytest.mark.parametrize(("paragraphs", "placeholder"), [(1, "Suche (Titel, Anfänge)"), (0, "Suche (nur Titel)")])
def test_a_search_box_searching_part_of_each_article_says_so(tmp_path: Path, tab: Tab, paragraphs: int,
                                                             placeholder: str) -> None:
    """Past search.full_text_limit articles, a word further on in an article found nothing, as a word the
    archive does not hold, and nothing told the reader."""
    archive = build_sample(tmp_path / "p", "--offline", search={"index": "lead", "lead_paragraphs": paragraphs})
    tab.page.goto((archive.site / "tags" / "index.html").as_uri())
    box = tab.page.locator("input.md-search__input")
    assert box.get_attribute("placeholder") == placeholder
    assert box.get_attribute("aria-label") == "Suche"  # its name stays Material's
    _settled(tab)


def test_a_link_to_a_moved_pages_former_address_opens_the_page(tmp_path: Path, tab: Tab) -> None:
    """A bookmark or another site's link to an article whose title was corrected since."""
    archive = copy_sample(tmp_path / "project")
    assert archive.run("build").exit_code == 0
    port = archive.content / "001_178577427e11e0db.txt"
    port.write_text(port.read_text(encoding="utf-8").replace("plant Ausbau", "plant den Ausbau", 1), encoding="utf-8")
    assert archive.run("build").exit_code == 0
    with serve_folder(archive.site) as address:
        tab.page.goto(address + "articles/2024/velsburg-plant-ausbau-des-rheinhafens-bis-2030/")
        tab.page.wait_for_url(address + "articles/2024/velsburg-plant-den-ausbau-des-rheinhafens-bis-2030/")
        expect(tab.page.locator("article h1")).to_have_text("Velsburg plant den Ausbau des Rheinhafens bis 2030")


def test_a_tag_page_shows_the_sidebar_marking_the_topics_as_their_own_page_does(site: Site, tab: Tab) -> None:
    """A tag's page is not in the navigation; the sidebar shows "Themen" as where the reader is, in the
    colour it has on the topics page itself, and the other entries as they are."""

    def colours() -> dict[str, str]:
        return tab.page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
            '.md-sidebar--primary .md-nav__item > a.md-nav__link')].map(a => [a.textContent.trim(),
            getComputedStyle(a).color]))""")

    tab.page.goto(site.home.removesuffix("index.html") + ("tags/index.html" if site.offline else "tags/"))
    on_topics = colours()
    tab.page.goto(site.url("tags/hochwasser"))
    on_tag = colours()
    assert on_tag["Themen"] == on_topics["Themen"] != on_tag["Archiv"] == on_tag["Startseite"]
    _settled(tab)


def test_hostile_archive_text_runs_nothing_in_the_browser(tmp_path: Path, tab: Tab) -> None:
    """The hostile raw and hand-written articles of test_safety, in Chromium: no dialog on load, and no
    link or image whose address the browser resolves to javascript: or data: (entities decoded, tabs
    dropped, as only a browser does it)."""
    from ..conftest import make_archive
    from ..test_safety import HAND_WRITTEN, HOSTILE

    archive = make_archive(tmp_path / "hostile")
    archive.add("001_hostile.txt", HOSTILE)
    archive.add("004_hand.md", HAND_WRITTEN)
    assert archive.run("build").exit_code == 0
    dialogs: list[str] = []
    tab.page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(p.parent.relative_to(archive.site).as_posix() for p in (archive.site / "articles").rglob("index.html"))
    assert len(pages) == 2
    with serve_folder(archive.site) as address:
        for page in pages:
            tab.page.goto(f"{address}{page}/")
            tab.page.wait_for_load_state("load")
            schemes = tab.page.evaluate("""() => [...document.querySelectorAll('a[href], img[src], iframe, object, embed')]
                .map(e => (e.href || e.src || e.data || 'frame:').split(':')[0].toLowerCase())""")
            assert not {"javascript", "data", "frame"} & set(schemes), (page, schemes)
    assert dialogs == []


def test_the_topics_table_sorts_from_the_keyboard(site: Site, tab: Tab) -> None:
    """Its headers were buttons for the mouse alone: no Tab stop, no key, no sort order told. Now each holds
    a button, and the header tells its order (aria-sort): by the number of articles, most first, at first."""
    tab.page.goto(site.home.removesuffix("index.html") + "tags/index.html" if site.offline else site.home + "tags/")
    topic, count = tab.page.locator(".archive-topics th").nth(0), tab.page.locator(".archive-topics th").nth(1)
    expect(count).to_have_attribute("aria-sort", "descending")
    assert tab.page.get_by_role("columnheader").count() == 2  # still the cells' headers
    names = tab.page.locator(".archive-topics tbody td:first-child")
    topic.get_by_role("button", name="Thema").focus()
    tab.page.keyboard.press("Enter")
    expect(topic).to_have_attribute("aria-sort", "ascending")
    assert count.get_attribute("aria-sort") is None
    ascending = names.all_inner_texts()
    tab.page.keyboard.press(" ")
    expect(topic).to_have_attribute("aria-sort", "descending")
    assert names.all_inner_texts() == ascending[::-1] and len(ascending) > 2
    _settled(tab)


def test_the_keyboard_meets_no_hidden_stop_on_a_phone(site: Site, tab: Tab) -> None:
    """At a phone's width, Tab went from the search box to its empty result pane (no size) and through the closed
    navigation drawer's links, off screen: five stops with no visible focus before the article's first link."""
    tab.page.set_viewport_size({"width": 375, "height": 800})
    tab.page.goto(site.url(NIGHT_SHIFT))
    tab.page.wait_for_load_state("load")
    stops = []
    for _ in range(5):
        tab.page.keyboard.press("Tab")
        stops.append(tab.page.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
            return [e.tagName + ' ' + e.className, r.right > 0 && r.width > 0 && r.height > 0]; }"""))
    assert all(shown for _, shown in stops), stops
    assert any("md-tag" in name for name, _ in stops), stops  # the article's topics come within five stops
    # Material's menu button (a label, which Tab passed by) is a button among the stops, and Enter on it opens
    # the drawer, its first link then in focus.
    tab.page.reload()
    tab.page.wait_for_load_state("load")
    for _ in range(3):
        tab.page.keyboard.press("Tab")
        if tab.page.evaluate("() => document.activeElement.getAttribute('for')") == "__drawer":
            break
    menu = tab.page.locator("label.md-header__button[for=__drawer]")
    assert (menu.get_attribute("role"), menu.get_attribute("aria-label")) == ("button", "Navigation")
    assert tab.page.evaluate("() => document.activeElement.getAttribute('for')") == "__drawer"
    tab.page.keyboard.press("Enter")
    expect(tab.page.locator(".md-sidebar--primary .md-nav__link", has_text="Archiv").first).to_be_visible()
    tab.page.wait_for_timeout(300)  # a second toggle, Material's own click on Enter, would have closed it by now
    assert tab.page.evaluate("() => document.getElementById('__drawer').checked")
    assert tab.page.evaluate("() => document.activeElement.closest('.md-sidebar--primary') !== null")
    # Back on the button, Enter closes it, and Space opens it again.
    tab.page.locator("label.md-header__button[for=__drawer]").focus()
    tab.page.keyboard.press("Enter")
    tab.page.wait_for_timeout(300)
    assert not tab.page.evaluate("() => document.getElementById('__drawer').checked")
    tab.page.keyboard.press(" ")
    tab.page.wait_for_timeout(300)
    assert tab.page.evaluate("() => document.getElementById('__drawer').checked")
    _settled(tab)


def test_text_put_in_the_search_box_without_keys_searches(site: Site, tab: Tab) -> None:
    """Text an input method puts in the box, or one pasted from a menu, comes without a key: Material's search
    showed nothing until a key was pressed."""
    post = _post(site, NIGHT_SHIFT)
    tab.page.goto(site.home)
    box = tab.page.locator("input.md-search__input")
    box.click()
    tab.page.keyboard.insert_text("Sanktion")  # one input event, no key
    titles = tab.page.locator(".md-search-result__item h1")
    expect(titles.filter(has_text=post["title"]).first).to_be_visible()
    _settled(tab)
