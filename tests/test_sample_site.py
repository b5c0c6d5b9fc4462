"""The shipped sample archive, built as `make site` builds it, into a temp folder."""

from __future__ import annotations

import html
import json

import frontmatter
import pytest
from bs4 import BeautifulSoup

from .conftest import REPO, Archive, build_sample


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    return build_sample(tmp_path_factory.mktemp("sample"), "--strict")


def _pages(sample: Archive) -> dict[str, tuple[frontmatter.Post, BeautifulSoup]]:
    """Source file → (front matter page, built HTML page)."""
    pages = {}
    for md in (sample.docs / "articles").rglob("*.md"):
        post = frontmatter.load(md)
        post["_dir"] = sample.site / md.relative_to(sample.docs).with_suffix("")
        pages[post["source"]["file"]] = (post, sample.html(f"{md.relative_to(sample.docs).with_suffix('').as_posix()}/index.html"))
    return pages


def test_every_sample_article_has_a_page_with_title_date_and_tags(sample: Archive) -> None:
    sources = sorted(p.name for p in (REPO / "content").iterdir() if p.suffix in (".txt", ".md"))
    pages = _pages(sample)
    assert sorted(pages) == sources
    for post, page in pages.values():
        article = page.select_one("article")
        assert article.h1.get_text(strip=True) == post["title"]
        # As precise as the date: 2026-04 for a month (from an image's folder), the day for a day.
        shown = {"month": 7, "year": 4}.get(post["date_precision"], 10)
        assert article.select_one(".archive-meta time")["datetime"] == str(post["date"])[:shown]
        chips = [a.get_text(strip=True) for a in article.select(".md-tags a")]
        assert sorted(chips) == sorted(post["tags"])  # Material shows chips sorted by name


def test_tag_chips_lead_to_tag_pages_listing_the_article(sample: Archive) -> None:
    tagged = 0
    for post, page in _pages(sample).values():
        for chip in page.select("article .md-tags a"):
            tag_page = (post["_dir"] / chip["href"].split("#")[0] / "index.html").resolve()
            assert tag_page.is_file(), chip
            listed = [a.get_text(strip=True) for a in
                      BeautifulSoup(tag_page.read_text(encoding="utf-8"), "html.parser").select(".archive-listing a")]
            assert post["title"] in listed
            tagged += 1
    assert tagged >= 20


def test_search_index_has_every_sample_title(sample: Archive) -> None:
    docs = json.loads((sample.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {html.unescape(d["title"]) for d in docs}
    for post, _ in _pages(sample).values():
        assert post["title"] in titles
    # A topic's page is boosted, so that a word of its name finds it above the articles matching as well.
    topics = [d for d in docs if d["location"].startswith("tags/") and d["location"] != "tags/"]
    assert topics and all(d.get("boost") == 1.25 for d in topics if "#" not in d["location"])


def test_search_finds_articles_not_the_pages_that_list_them(sample: Archive) -> None:
    """A word in the lead of a latest article, a topic's or a year's name: the home page, the topics table and
    the archive's years are ways to other pages, which search finds themselves."""
    docs = json.loads((sample.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    locations = {d["location"].split("#")[0] for d in docs}
    assert "" not in locations and "archive/" not in locations
    assert not any(d["text"] for d in docs if d["location"].startswith("tags/"))  # a topic's page: its title alone
    assert {"tags/", "tags/hochwasser/"} <= locations
    found = [d["location"] for d in docs if "Hochwasser" in d["text"]]
    assert found and all(location.startswith("articles/") for location in found)


def test_an_article_in_another_language_than_the_sites_is_marked_with_its_own(sample: Archive) -> None:
    """A screen reader reads a Russian article on the German site as Russian, and its link lists' German
    headings as German."""
    languages, headings, foreign_neighbours = set(), 0, 0
    titles = {post["title"]: post["language"] for post, _ in _pages(sample).values()}
    for post, page in _pages(sample).values():
        article = page.select_one("article")
        own = post["language"] if post["language"] != "de" else None
        assert article.h1.get("lang") == own == article.select_one(".archive-body").get("lang")
        assert all(p.get("lang") == own for p in article.select(".archive-removed p"))
        # The lists' headings, and "related in this archive" (other articles, most of them German): the site's
        for heading in article.select(".archive-body h2"):
            assert heading.get("lang") == ("de" if own else None)
            headings += own is not None
        neighbours = article.select_one("#neighbours + .archive-links")
        assert neighbours is None or neighbours.get("lang") == ("de" if own else None)
        # … and within it, a title in another language than the site's is marked with its own
        for item in neighbours.select("li") if neighbours else ():
            language = titles[item.a.get_text(strip=True)]
            assert item.get("lang") == (language if language != "de" else None)
            foreign_neighbours += language != "de"
        languages.add(post["language"])
    assert languages >= {"de", "en", "ru"} and headings and foreign_neighbours
    # The home page's latest articles: a foreign title and lead marked with their language, the rest not.
    own = {post["title"]: post["language"] for post, _ in _pages(sample).values() if post["language"] != "de"}
    entries = sample.html("index.html").select(".archive-listing li")
    for entry in entries:
        title, marked = entry.a.get_text(strip=True), [span.get("lang") for span in entry.select("span[lang]")]
        assert marked == ([own[title]] * 2 if title in own else []), title
    assert any(entry.a.get_text(strip=True) in own for entry in entries)


def test_the_home_page_names_beside_a_headline_the_topic_it_names(sample: Archive) -> None:
    """"Clara Hoffmann bleibt Bürgermeisterin" was shown under "Malte Strübing", the losing candidate: the
    first of its topics by weight. One the headline names comes first; else the first by weight."""
    for entry in sample.html("index.html").select(".archive-listing li"):
        headline, links = entry.a.get_text(strip=True), entry.select("a")
        if headline == "Wahlabend in Velsburg: Clara Hoffmann bleibt Bürgermeisterin":
            assert links[1].get_text(strip=True) == "Clara Hoffmann"
            break
    else:
        raise AssertionError("the election article is among the latest")


def test_tag_and_year_pages_lead_back_to_their_index(sample: Archive) -> None:
    """They are not in the navigation: the sidebar marks the index they belong to, and a line above each
    listing leads back to it (a narrow screen folds the sidebar away)."""
    listings = [(p, "Themen", "tags") for p in (sample.site / "tags").glob("*/index.html")]
    listings += [(p, "Archiv", "archive") for p in (sample.site / "archive").glob("*/index.html")]
    assert len(listings) > 30
    for page, label, index in listings:
        html_page = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        up = html_page.select_one("article .archive-up a")
        assert up.get_text(strip=True) == f"← {label}", page
        assert (page.parent / up["href"]).resolve() == (sample.site / index).resolve(), page
        assert _marked_in_sidebar(html_page) == [label], page
    # The indexes mark themselves; an article, reached from a topic or a year alike, marks nothing.
    assert _marked_in_sidebar(sample.html("tags/index.html")) == ["Themen"]
    assert _marked_in_sidebar(sample.html("index.html")) == ["Startseite"]
    for _, article in _pages(sample).values():
        assert _marked_in_sidebar(article) == []


def _marked_in_sidebar(page: BeautifulSoup) -> list[str]:
    """The labels of the sidebar's entries shown as where the reader is."""
    return [item.a.get_text(strip=True) for item in page.select(".md-sidebar--primary li.md-nav__item--active")]


def test_the_frame_around_the_pages_speaks_the_sites_language(sample: Archive) -> None:
    """The navigation, the footer and the page for a missing address of a German site: no English word among
    them (Material's own credit line, "Made with …", and its 404 page are English on any site)."""
    page = sample.html("tags/index.html")
    nav = [a.get_text(strip=True) for a in page.select(".md-sidebar--primary .md-nav__link[href]")]
    assert nav == ["Startseite", "Themen", "Archiv"]
    footer = page.select_one(".md-copyright").get_text(" ", strip=True)
    assert footer == "Erstellt mit Material for MkDocs"
    missing = sample.html("404.html")
    assert missing.select_one("article h1").get_text(strip=True) == "Seite nicht gefunden"
    assert missing.title.get_text() == "Seite nicht gefunden - Velsburger Nachrichtenarchiv"
    home = missing.select("article a")[-1]
    # The site's root from any address, as the header's logo links it
    assert home.get_text(strip=True) == "Startseite" and home["href"] == missing.select_one("a.md-logo")["href"]


def test_no_article_in_the_sidebar(sample: Archive) -> None:
    for _, page in _pages(sample).values():
        links = [a["href"] for a in page.select(".md-sidebar--primary .md-nav__link[href]")]
        assert links and not any("articles/" in link for link in links)


def test_sample_demonstrates_related_links_teasers_and_boilerplate(sample: Archive) -> None:
    pages = _pages(sample)
    three_teasers, _ = pages["017_52375d72e4efd725.txt"]
    assert [r["title"] for r in three_teasers["related"]] == ["Bahnstreik legt Pendlerverkehr in Velsburg lahm"]
    near, _ = pages["024_c7b6c081fe1deb11.txt"]
    assert all("url" in r for r in near["related"])
    unmatched, unmatched_page = pages["006_a4cf4ec467178981.txt"]
    assert {"title": "Landtag debattiert über neue Deichschutzverordnung"} in unmatched["related"]
    # Among links, a headline alone says why it leads nowhere.
    absent = [li.get_text(" ", strip=True) for li in unmatched_page.select("#related ~ div li") if not li.a]
    assert absent == ["Landtag debattiert über neue Deichschutzverordnung (nicht im Archiv)"]
    assert all(len(post["removed"]) >= 1 for name, (post, _) in pages.items() if name.endswith(".txt"))
    # A headline outside the archive, linked on the web; a day the article was updated since.
    walls, page = pages["021_2ba21eacc1d6ff98.txt"]
    assert {"title": "Pegelstände am Rhein: So hoch steht das Wasser",
            "original": "https://www.rhein-bote.example/service/pegelstaende.html"} in walls["related"]
    assert page.select_one("a.archive-original[href$='pegelstaende.html']").get_text() == \
        "Pegelstände am Rhein: So hoch steht das Wasser"
    assert (str(walls["date"]), str(walls["updated"])) == ("2026-03-04", "2026-03-05")
    assert page.select_one(".archive-updated").get_text() == "aktualisiert am 5. März 2026"


@pytest.mark.parametrize(("person", "sources"), [
    ("Clara Hoffmann", ["008_a603fd7ec28f86fb.txt", "010_4f3bdb5ea4409213.txt", "011_3a0b84c0e56f50b0.txt"]),
    ("Jonas Berendt", ["013_f8259aee4075156c.txt"]),
])
def test_articles_about_one_person_share_that_persons_tag_page(
    sample: Archive, person: str, sources: list[str]
) -> None:
    # No rule names these people: the automatic topics find them, under one spelling, however the
    # articles call them ("Hoffmann", "Clara Hoffmann", "Bürgermeisterin Hoffmann").
    assert person not in (REPO / "site_config.yml").read_text(encoding="utf-8")
    pages = _pages(sample)
    chips = []
    for source in sources:
        post, page = pages[source]
        chip = next(a for a in page.select("article .md-tags a") if a.get_text(strip=True) == person)
        chips.append((post["_dir"] / chip["href"].split("#")[0] / "index.html").resolve())
    assert len(set(chips)) == 1
    tag_page = BeautifulSoup(chips[0].read_text(encoding="utf-8"), "html.parser")
    assert tag_page.h1.get_text(strip=True) == person
    listed = {a.get_text(strip=True) for a in tag_page.select(".archive-listing a")}
    assert {pages[s][0]["title"] for s in sources} <= listed
    assert len(listed) >= 2
    topics = sample.html("tags/index.html").select("article table tr")
    row = next(r for r in topics if r.find("a") and r.find("a").get_text(strip=True) == person)
    assert row.find_all("td")[-1].get_text(strip=True) == str(len(listed))


def test_a_topic_named_in_cyrillic_letters_is_marked_russian_wherever_it_is_shown(sample: Archive) -> None:
    """"Вельсбург", a topic of the sample's Russian articles, was read by a German screen-reader voice on the topics
    page, its own page's heading and the articles' tag chips; the articles' titles beside them were marked."""
    topics = sample.html("tags/index.html")
    links = {a.get_text(): a.get("lang") for a in topics.select(".archive-topics a")}
    assert links["Вельсбург"] == "ru" and links["Rheinhafen"] is None
    tag_pages = [p for p in (sample.site / "tags").glob("*/index.html")
                 if "Вельсбург" in BeautifulSoup(p.read_text(encoding="utf-8"), "html.parser").h1.get_text()]
    assert len(tag_pages) == 1
    page = BeautifulSoup(tag_pages[0].read_text(encoding="utf-8"), "html.parser")
    assert page.h1.get("lang") == "ru"
    russian = [soup for post, soup in _pages(sample).values() if post["language"] == "ru" and "Вельсбург" in post["tags"]]
    assert russian
    for soup in russian:
        chips = {chip.get_text(): chip.find("span") for chip in soup.select("nav.md-tags .md-tag")}
        assert chips["Вельсбург"] is not None and chips["Вельсбург"].get("lang") == "ru"
        assert all(span is None for name, span in chips.items() if name.isascii())
