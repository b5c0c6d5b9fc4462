"""End to end: a small archive → real MkDocs + Material build → the HTML a reader gets."""

from __future__ import annotations

import json
import shutil
import stat
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import frontmatter
import pytest

from generator.config import load_config
from generator.site import mkdocs_config

from .conftest import REPO, Archive, make_archive

RULES = """
tags:
  rules:
    Rheinhafen: [Rheinhafen]
    Energiewende: [Fernwärme]
"""

NOTICE = ("Sie lesen das Testblatt kostenlos. Unterstützen Sie unabhängigen Lokaljournalismus mit einem "
          "[Abo](https://testblatt.example/abo) oder schreiben Sie an [die Redaktion](mailto:post@testblatt.example).")

PORT = f"""
    Velsburg beschließt Ausbau des Rheinhafens
    ![Velsburg beschließt Ausbau des Rheinhafens](https://img.test.example/bilder/2025.03/hafen.jpg)
    Der Stadtrat von Velsburg hat am Dienstag den Ausbau des Rheinhafens beschlossen. Zwei neue Liegeplätze sollen bis 2028 entstehen.
    Die Kosten werden auf 40 Millionen Euro geschätzt; ein Teil soll aus Fördermitteln kommen.
    Mehr zum Thema – Stadtwerke senken Fernwärmepreis
    {NOTICE}
"""

HEAT = f"""
    Stadtwerke senken Fernwärmepreis
    ![Stadtwerke senken Fernwärmepreis](https://img.test.example/bilder/2025.04/waerme.jpg "Foto: Stadtwerke Velsburg")
    12.04.2025
    Aktualisiert am 14.04.2025, 09:30 Uhr
    Die Stadtwerke Velsburg senken zum Mai den Preis für Fernwärme um acht Prozent, teilte das Unternehmen mit.
    Grund seien gesunkene Einkaufspreise für Gas. Kunden müssen nichts unternehmen.
    Mehr zum Thema – [Gasversorger kündigen Preissenkungen an](https://testblatt.example/wirtschaft/gaspreise.html)
    {NOTICE}
"""

STRIKE = f"""
    ![Velsburg beschließt Ausbau des Rheinhafens](https://img.test.example/bilder/2025.03/thumb/hafen.jpg)
    Port workers end strike after two weeks
    ![Port workers end strike after two weeks](https://media.test.example/2024/strike.jpg)
    March 3, 2024
    Dock workers in the port returned to work on Monday after the union accepted a new wage offer from the operators.
    The strike had halted container traffic and left dozens of ships waiting at anchor off the coast.
    {NOTICE}
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = make_archive(tmp_path_factory.mktemp("e2e"), RULES)
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    archive.add("002_bbbbbbbbbbbbbbbb.txt", HEAT)
    archive.add("003_cccccccccccccccc.txt", STRIKE)
    result = archive.run("build")
    assert result.exit_code == 0, result.output
    return archive


PORT_PAGE = "articles/2025/velsburg-beschliesst-ausbau-des-rheinhafens/index.html"
HEAT_PAGE = "articles/2025/stadtwerke-senken-fernwaermepreis/index.html"
STRIKE_PAGE = "articles/2024/port-workers-end-strike-after-two-weeks/index.html"


def test_article_page_shows_title_date_tags_and_hero(built: Archive) -> None:
    page = built.html(PORT_PAGE)
    article = page.select_one("article")
    assert article.h1.get_text(strip=True) == "Velsburg beschließt Ausbau des Rheinhafens"
    assert article.select_one(".archive-meta time").get_text(strip=True) == "März 2025"
    assert article.select_one(".archive-meta time")["datetime"] == "2025-03"  # as precise as the date shown
    chips = {a.get_text(strip=True): a["href"] for a in article.select(".md-tags a")}
    # Rule tag first, then the automatic topic: the town both German articles are about.
    assert list(chips) == ["Rheinhafen", "Velsburg"]
    assert chips["Velsburg"].split("#")[0].rstrip("/").endswith("tags/velsburg")
    hero = article.select_one(".archive-hero img")
    assert hero["src"] == "https://img.test.example/bilder/2025.03/hafen.jpg"
    # Its alt text is the headline just above: said once (alt=""), not twice, to a screen reader.
    assert hero["alt"] == "" and not article.select(".archive-hero figcaption")
    assert hero["loading"] == "lazy"
    # The skip link goes to the headline, not past the text to the first list's heading.
    assert page.select_one("a.md-skip")["href"] == "#archive-headline"
    assert article.select_one("#archive-headline > h1") and article.select_one("#archive-headline .md-tags")
    body = article.select_one(".archive-body").get_text()
    assert "zwei neue Liegeplätze".casefold() in body.casefold()
    assert NOTICE not in body


def test_the_hero_pictures_title_is_its_caption_without_the_headline(built: Archive) -> None:
    """``![headline](url "Foto: …")``: the credit was dropped; said with the headline, a screen reader read
    the headline twice."""
    assert built.html(HEAT_PAGE).select_one(".archive-hero figcaption").get_text() == "Foto: Stadtwerke Velsburg"


def test_day_precision_date_written_as_the_site_writes_dates_in_any_article(built: Archive) -> None:
    """The date under an English article's title on a German site is German, as the rest of that line."""
    assert built.html(HEAT_PAGE).select_one(".archive-meta time").get_text(strip=True) == "12. April 2025"
    assert built.html(STRIKE_PAGE).select_one(".archive-meta time").get_text(strip=True) == "3. März 2024"


def test_tag_chip_opens_tag_page_that_lists_the_article(built: Archive) -> None:
    chip = built.html(PORT_PAGE).select_one(".md-tags a")
    target = (built.site / PORT_PAGE).parent / chip["href"].split("#")[0] / "index.html"
    tag_page = built.html(str(target.resolve().relative_to(built.site)))
    assert tag_page.h1.get_text(strip=True) == "Rheinhafen"
    listed = [a.get_text(strip=True) for a in tag_page.select(".archive-listing a")]
    assert listed == ["Velsburg beschließt Ausbau des Rheinhafens"]


def test_related_line_and_teaser_become_internal_links(built: Archive) -> None:
    related = built.html(PORT_PAGE).select_one("#related").find_next("ul")
    link = related.find("a")
    assert link.get_text(strip=True) == "Stadtwerke senken Fernwärmepreis"
    assert (built.site / PORT_PAGE).parent.joinpath(link["href"], "index.html").resolve() == (
        built.site / HEAT_PAGE
    ).resolve()
    teaser = built.html(STRIKE_PAGE).select_one("#related").find_next("ul").find("a")
    assert teaser.get_text(strip=True) == "Velsburg beschließt Ausbau des Rheinhafens"
    # The teaser is not shown as a picture in the body.
    assert not built.html(STRIKE_PAGE).select(".archive-body img")


def test_the_day_an_article_was_updated_is_shown_beside_its_date_and_in_its_front_matter(built: Archive) -> None:
    """A line "Aktualisiert am …" under the date line went without a word."""
    meta = built.html(HEAT_PAGE).select_one(".archive-meta")
    assert [(t["datetime"], t.get_text()) for t in meta.select("time")] == [("2025-04-12", "12. April 2025"),
                                                                            ("2025-04-14", "14. April 2025")]
    assert meta.select_one(".archive-updated").get_text() == "aktualisiert am 14. April 2025"
    post = frontmatter.load(built.docs / "articles/2025/stadtwerke-senken-fernwaermepreis.md")
    assert (post["date"], post["updated"]) == (date(2025, 4, 12), date(2025, 4, 14))
    assert "updated" not in frontmatter.load(built.docs / "articles/2025/velsburg-beschliesst-ausbau-des-rheinhafens.md")


def test_a_related_headline_outside_the_archive_links_to_its_original_on_the_web(built: Archive) -> None:
    item = built.html(HEAT_PAGE).select_one("#related").find_next("ul").find("li")
    link = item.find("a")
    assert link.get_text(strip=True) == "Gasversorger kündigen Preissenkungen an"
    assert link["href"] == "https://testblatt.example/wirtschaft/gaspreise.html"
    assert link["rel"] == ["noopener", "nofollow"]
    assert item.get_text(" ", strip=True) == "Gasversorger kündigen Preissenkungen an (Original)"
    post = frontmatter.load(built.docs / "articles/2025/stadtwerke-senken-fernwaermepreis.md")
    assert post["related"] == [{"title": "Gasversorger kündigen Preissenkungen an",
                                "original": "https://testblatt.example/wirtschaft/gaspreise.html"}]


def test_repeated_notice_is_folded_away_and_out_of_search(built: Archive) -> None:
    removed = built.html(PORT_PAGE).select_one("details.archive-removed")
    assert removed.summary.get_text(strip=True) == "Ausgeblendet: Standardtext des Verlags (1 Absatz)"
    # After the text it came with, before the lists of links: under them it read as part of the last list.
    assert removed.find_previous("h2") is None and removed.find_next("h2")["id"] == "related"
    assert removed.find_previous("p").get_text().startswith("Die Kosten werden auf 40 Millionen Euro")
    assert "archive-lists" not in (built.site / PORT_PAGE).read_text(encoding="utf-8")
    # Its links as words and addresses, not as Markdown.
    assert removed.p.get_text() == ("Sie lesen das Testblatt kostenlos. Unterstützen Sie unabhängigen Lokaljournalismus "
                                    "mit einem Abo (https://testblatt.example/abo) oder schreiben Sie an die Redaktion "
                                    "(post@testblatt.example).")
    index = (built.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Testblatt" not in index


def test_search_index_has_every_title(built: Archive) -> None:
    docs = json.loads((built.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    titles = {d["title"] for d in docs}
    assert {
        "Velsburg beschließt Ausbau des Rheinhafens",
        "Stadtwerke senken Fernwärmepreis",
        "Port workers end strike after two weeks",
    } <= titles
    # Pages that only list articles stay out: each article is in the index once, under its own page.
    assert not [d for d in docs if d["location"].startswith("archive/20")]
    tag_docs = [d for d in docs if d["location"].startswith("tags/rheinhafen/")]
    assert tag_docs and "Liegeplätze" not in " ".join(d["text"] for d in tag_docs)
    holding = {d["location"].split("#")[0] for d in docs if "Liegeplätze" in d["text"]}
    assert holding == {"articles/2025/velsburg-beschliesst-ausbau-des-rheinhafens/"}  # not the home page's lead too


def test_articles_stay_out_of_the_sidebar(built: Archive) -> None:
    nav = built.html("index.html").select(".md-sidebar--primary a")
    hrefs = [a["href"] for a in nav]
    assert hrefs and not [h for h in hrefs if "articles/" in h]
    assert {a.get_text(strip=True) for a in nav} >= {"Startseite", "Themen", "Archiv"}


@pytest.mark.parametrize("offline", [False, True])
def test_every_link_of_the_listings_opens_the_page_it_names(tmp_path: Path, offline: bool) -> None:
    # Listings and an article's lists of links are HTML that MkDocs' Markdown never sees: the plugin
    # makes their links URLs.
    archive = make_archive(tmp_path, RULES)
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    archive.add("002_bbbbbbbbbbbbbbbb.txt", HEAT)
    archive.add("003_cccccccccccccccc.txt", STRIKE)
    result = archive.run("build", *(["--offline"] if offline else []))
    assert result.exit_code == 0, result.output
    assert "not found among documentation files" not in result.output
    opened: dict[str, set[str]] = {}
    web: set[str] = set()  # a related headline outside the archive links to the web as written, offline too
    for page in archive.site.rglob("*.html"):
        rel = str(page.relative_to(archive.site))
        html = archive.html(rel)
        web |= {a["href"] for a in html.select(".archive-links a.archive-original")}
        for link in html.select(".archive-listing a, .archive-topics a, .archive-links a:not(.archive-original)"):
            href = link["href"]
            target = (page.parent / href) if offline else (page.parent / href / "index.html")
            assert not href.endswith(".md") and target.resolve().is_file(), (rel, href)
            heading = archive.html(str(target.resolve().relative_to(archive.site))).h1
            assert heading is not None and heading.get_text(strip=True) == link.get_text(strip=True), (rel, href)
            where = rel.removesuffix("index.html") if rel.endswith("index.html") else rel.removesuffix(".html") + "/"
            opened.setdefault(where, set()).add(link.get_text())
    titles = {"Velsburg beschließt Ausbau des Rheinhafens", "Stadtwerke senken Fernwärmepreis",
              "Port workers end strike after two weeks"}
    assert titles <= opened[""]  # the home page: its latest articles and their first tags
    assert opened["tags/"] >= {"Rheinhafen", "Energiewende"}  # the topics table
    assert opened["archive/2025/"] == titles - {"Port workers end strike after two weeks"}
    assert opened["tags/rheinhafen/"] == {"Velsburg beschließt Ausbau des Rheinhafens"}
    # an article page's related line and its neighbours in the archive
    assert opened["articles/2025/velsburg-beschliesst-ausbau-des-rheinhafens/"] >= {"Stadtwerke senken Fernwärmepreis"}
    assert web == {"https://testblatt.example/wirtschaft/gaspreise.html"}


def test_a_copy_for_disk_names_no_address_that_is_not_there(tmp_path: Path) -> None:
    """Built --offline with a site_url, every page's canonical link named x.html at the published address,
    where the page is x/. The served site's pages name their own."""
    archive = make_archive(tmp_path, "site_url: https://archiv.example/velsburg/\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    page = "articles/2025/velsburg-beschliesst-ausbau-des-rheinhafens"
    assert archive.run("build").exit_code == 0
    assert archive.html(f"{page}/index.html").select_one("link[rel=canonical]")["href"] == \
        f"https://archiv.example/velsburg/{page}/"
    assert archive.run("build", "--offline").exit_code == 0
    assert archive.html(f"{page}.html").select("link[rel=canonical]") == []


def test_a_hand_written_page_shows_html_in_its_code_block_as_written(tmp_path: Path) -> None:
    archive = make_archive(tmp_path, RULES)
    code = '<div class="archive-listing" data-search-exclude>\n<ul>\n<li><a href="x.md">X</a></li>\n</ul>\n</div>'
    archive.add("notiz.md", f"---\ntitle: Notiz zum Format\ndate: 2025-01-02\n---\nSo sieht eine Liste aus:\n\n"
                            f"```html\n{code}\n```\n\nEnde der Notiz.\n")
    result = archive.run("build")
    assert result.exit_code == 0, result.output
    page = archive.html("articles/2025/notiz-zum-format/index.html").select_one("article")
    assert page.select_one("pre code").get_text() == code + "\n"
    assert "archive-site-block" not in str(page) and "Ende der Notiz." in page.get_text()


def test_a_link_of_an_html_list_to_no_page_is_said_and_left_as_written(tmp_path: Path,
                                                                       caplog: pytest.LogCaptureFixture) -> None:
    archive = make_archive(tmp_path, RULES)
    archive.add("notiz.md", "---\ntitle: Notiz mit Verweisen\ndate: 2025-01-02\n---\nSiehe auch:\n\n"
                            '<div class="archive-links">\n<ul>\n<li><a href="fehlt.md">Fehlt</a></li>\n</ul>\n</div>\n')
    result = archive.run("build")
    assert result.exit_code == 0, result.output
    # MkDocs' logging prints it (archive-site: Doc file '…' contains a link 'fehlt.md', but the target …)
    said = [r.getMessage() for r in caplog.records if r.levelname == "WARNING" and "fehlt.md" in r.getMessage()]
    assert len(said) == 1 and "'articles/2025/notiz-mit-verweisen.md'" in said[0] and "not found" in said[0], said
    link = archive.html("articles/2025/notiz-mit-verweisen/index.html").select_one(".archive-links a")
    assert link["href"] == "fehlt.md" and link.get_text() == "Fehlt"


def test_home_lists_latest_with_date_and_archive_by_year(built: Archive) -> None:
    home = built.html("index.html").select_one("article")
    items = [li.get_text(" ", strip=True) for li in home.find("h2").find_next("ul").find_all("li")]
    assert items[0].startswith("Stadtwerke senken Fernwärmepreis · 12. April 2025")
    assert items[-1].startswith("Port workers end strike after two weeks · 3. März 2024")
    years = built.html("archive/index.html").select("article li a")
    assert [a.get_text() for a in years] == ["2025", "2024"]
    months = built.html("archive/2025/index.html").select("article h2")
    assert [h.get_text(strip=True) for h in months] == ["April 2025", "März 2025"]
    # Anchors spelled as page addresses are: "März" keeps its letter as "ae" (Markdown's own would drop it)
    assert [h["id"] for h in months] == ["april-2025", "maerz-2025"]


def test_front_matter_keys_for_other_tools(built: Archive) -> None:
    post = frontmatter.load(built.docs / "articles/2025/velsburg-beschliesst-ausbau-des-rheinhafens.md")
    assert list(post.metadata) == [
        "title", "date", "date_precision", "language", "tags", "description", "image", "image_alt",
        "source", "related", "word_count", "removed",
    ]
    assert post["date_precision"] == "month" and str(post["date"]) == "2025-03-01"
    assert post["source"] == {"file": "001_aaaaaaaaaaaaaaaa.txt", "id": "aaaaaaaaaaaaaaaa"}
    assert post["related"] == [
        {"title": "Stadtwerke senken Fernwärmepreis", "url": "articles/2025/stadtwerke-senken-fernwaermepreis.md"}
    ]
    assert post["removed"] == [NOTICE]
    assert post["tags"] == ["Rheinhafen", "Velsburg"]
    assert post["language"] == "de"
    assert frontmatter.load(built.docs / "articles/2024/port-workers-end-strike-after-two-weeks.md")["language"] == "en"


def test_rerun_keeps_unchanged_pages_and_drops_pages_of_removed_sources(tmp_path: Path) -> None:
    # Without automatic topics: removing PORT would otherwise rightly drop the shared "Velsburg" tag from HEAT.
    archive = make_archive(tmp_path / "p", RULES + "  auto: false\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    archive.add("002_bbbbbbbbbbbbbbbb.txt", HEAT)
    assert archive.run("generate").exit_code == 0
    heat = archive.docs / "articles/2025/stadtwerke-senken-fernwaermepreis.md"
    port = archive.docs / "articles/2025/velsburg-beschliesst-ausbau-des-rheinhafens.md"
    before = heat.stat().st_mtime_ns
    (archive.content / "001_aaaaaaaaaaaaaaaa.txt").unlink()
    result = archive.run("generate")
    assert result.exit_code == 0
    assert not port.exists()
    assert heat.stat().st_mtime_ns == before
    assert "1 article, " in result.stderr


def test_large_archive_mode_indexes_only_the_lead(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p", "search:\n  index: lead\n  lead_paragraphs: 1\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    assert archive.run("build").exit_code == 0
    docs = json.loads((archive.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    index = " ".join(d["title"] + " " + d["text"] for d in docs)
    assert "Liegeplätze" in index  # first paragraph: searchable
    assert "Fördermitteln" not in index  # later paragraphs: on the page, not in the index
    assert "Fördermitteln" in archive.html(PORT_PAGE).select_one(".archive-body").get_text()
    assert "Stadtwerke senken" not in index  # link lists are never indexed


def _search_worker(archive: Archive, page: str) -> str:
    """The worker URL the page gives Material's search box, after the theme's script has run."""
    config = json.loads(archive.html(page).select_one("script#__config").get_text())
    override = [s.get_text() for s in archive.html(page).select("script") if "__config" in s.get_text()]
    for script in override:  # the theme's one-line override, as the browser would apply it
        marker = "settings.search = "
        if marker in script:
            return json.loads(script.split(marker, 1)[1].split(";", 1)[0])
    return config["search"]


def test_search_box_uses_archive_sites_worker_unless_told_otherwise(built: Archive, tmp_path: Path) -> None:
    worker, version = _search_worker(built, PORT_PAGE).split("?v=")
    assert worker == "../../../assets/javascripts/archive-search.js"
    assert (built.site / "assets" / "javascripts" / "archive-search.js").is_file()
    # The theme's files are linked with a digest of their content: an upgrade gives new URLs.
    page = built.html(PORT_PAGE)
    assert page.select_one('link[href*="archive.css"]')["href"] == f"../../../assets/archive.css?v={version}"
    assert page.select_one('script[src*="archive.js"]')["src"] == f"../../../assets/archive.js?v={version}"
    # Another version of the theme's worker (an upgrade) gives other URLs; the same files the same.
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    upgraded = make_archive(tmp_path / "upgraded", f"theme_dir: {theme}\n")
    assert mkdocs_config(load_config(upgraded.config))["extra"]["archive_assets_version"] == version
    worker_file = theme / "assets" / "javascripts" / "archive-search.js"
    worker_file.write_text(worker_file.read_text(encoding="utf-8") + "\n// 2.0\n", encoding="utf-8")
    extra = mkdocs_config(load_config(upgraded.config))["extra"]
    assert extra["archive_assets_version"] != version
    assert extra["archive_search_worker"].endswith(f"?v={extra['archive_assets_version']}")
    archive = make_archive(tmp_path / "p", "search:\n  worker: material\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    assert archive.run("build").exit_code == 0
    worker = _search_worker(archive, PORT_PAGE)
    assert worker.startswith("../../../assets/javascripts/workers/search.") and worker.endswith(".min.js")


@pytest.mark.parametrize(("settings", "indexed"), [
    ("full_text_limit: 5", {"Liegeplätze", "Fördermitteln"}),  # a small archive: every word
    ("full_text_limit: 0", {"Liegeplätze"}),  # past the full-text limit: the first paragraph
    ("full_text_limit: 0\n  titles_only_limit: 0", set()),  # past both: titles and tags alone
])
def test_auto_index_shrinks_with_the_archive(tmp_path: Path, settings: str, indexed: set[str]) -> None:
    archive = make_archive(tmp_path / "p", f"search:\n  index: auto\n  {settings}\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    assert archive.run("build").exit_code == 0
    docs = json.loads((archive.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    page = next(d for d in docs if d["location"].startswith("articles/"))
    assert page["title"] == "Velsburg beschließt Ausbau des Rheinhafens"
    assert {word for word in ("Liegeplätze", "Fördermitteln") if word in page["text"]} == indexed
    assert "Fördermitteln" in archive.html(PORT_PAGE).select_one(".archive-body").get_text()


LINKED = """
    Fähre nach Osterholm fährt wieder
    ![Fähre nach Osterholm fährt wieder](https://img.test.example/bilder/2024.05/faehre.jpg)
    Nach drei Wochen Pause fährt die Fähre zwischen Velsburg und Osterholm wieder nach Fahrplan.
    Der Fahrplan steht [auf der Seite der Reederei](https://reederei.test.example/fahrplan?tag=1&art=2) und im "Aushang" <am Anleger>.
    Eine Karte ![Karte der Route](https://img.test.example/karte.png) zeigt die Route; ein *Sternchen*, ein `Backtick` & ein [relativer Verweis](../fahrplan.html) bleiben, was sie sind.
    Quelle: https://reederei.test.example/aktuell/faehre.html
"""


def _body(archive: Archive, page: str) -> tuple[str, list[tuple[str, str]], list[str]]:
    body = archive.html(page).select_one(".archive-body")
    return (" ".join(body.get_text(" ").split()), [(a["href"], a.get_text()) for a in body.select("a")],
            [img["src"] for img in body.select("img")])


def test_lead_only_pages_show_the_same_article(tmp_path: Path) -> None:
    text = LINKED
    page = "articles/2024/faehre-nach-osterholm-faehrt-wieder/index.html"
    built = {}
    for mode in ("full", "lead"):
        archive = make_archive(tmp_path / mode, f"search:\n  index: {mode}\n")
        archive.add("001_aaaaaaaaaaaaaaaa.txt", text)
        assert archive.run("build").exit_code == 0
        built[mode] = archive
    assert _body(built["lead"], page) == _body(built["full"], page)
    # The relative link is the copied site's, read against the source's address.
    assert ("https://reederei.test.example/fahrplan.html", "relativer Verweis") in _body(built["full"], page)[1]
    markdown = (built["lead"].docs / "articles/2024/faehre-nach-osterholm-faehrt-wieder.md").read_text(encoding="utf-8")
    # The part kept out of search is written as HTML, which Markdown passes through.
    assert 'data-search-exclude markdown>' not in markdown and 'data-search-exclude>' in markdown
    index = (built["lead"].site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Reederei" not in index and "Pause" in index


def _port_report(n: int) -> str:
    # One a month through 2025 (the date comes from the hero's yyyy.mm folder), all about the port.
    return (f"Hafenbericht Nummer {n:02d}\n"
            f"![Hafenbericht Nummer {n:02d}](https://img.test.example/bilder/2025.{n:02d}/h{n}.jpg)\n"
            f"Der Rheinhafen meldet für den Monat {n} neue Zahlen zum Umschlag.\n")


def _listed_titles(archive: Archive, page: str) -> list[str]:
    return [a.get_text(strip=True) for a in archive.html(page).select("article li > a:first-child")]


def test_long_listings_are_split_into_pages(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p", "listing_page_size: 5\ntags:\n  auto: false\n  rules:\n"
                                           "    Rheinhafen: [Rheinhafen]\n")
    for n in range(1, 13):
        archive.add(f"{n:03d}_{n:016x}.txt", _port_report(n))
    assert archive.run("build").exit_code == 0
    newest_first = [f"Hafenbericht Nummer {n:02d}" for n in range(12, 0, -1)]
    for listing in ("tags/rheinhafen", "archive/2025"):
        pages = [f"{listing}/index.html", f"{listing}/2/index.html", f"{listing}/3/index.html"]
        listed = [_listed_titles(archive, page) for page in pages]
        assert [len(titles) for titles in listed] == [5, 5, 2]
        assert [title for titles in listed for title in titles] == newest_first
        assert not (archive.site / listing / "4").exists()
        # Each page links to its neighbours; the links lead to the pages that exist.
        for n, page in enumerate(pages):
            # Above the list and under it: the first page's reader learns there are more before its end.
            above, pager = archive.html(page).select(".archive-pages")
            assert above.find_next("div")["class"] == ["archive-listing"]
            assert pager.find_previous("div")["class"] == ["archive-listing"]
            assert above.get_text() == pager.get_text() and f"Seite {n + 1} von 3" in pager.get_text()
            # A further page says which it is in its heading and its tab's title, not only in the pager.
            name = "Rheinhafen" if listing.startswith("tags") else "Archiv 2025"
            heading = name if n == 0 else f"{name}, Seite {n + 1}"
            assert archive.html(page).select_one("article h1").get_text(strip=True) == heading
            assert archive.html(page).title.get_text().startswith(f"{heading} - ")
            links = {a.get_text(strip=True): a["href"] for a in pager.select("a")}
            assert set(links) == {"← Neuere", "Ältere →"} - ({"← Neuere"} if n == 0 else set()) - (
                {"Ältere →"} if n == 2 else set())
            for href in links.values():
                assert (archive.site / Path(page).parent / href / "index.html").resolve().is_file(), (page, href)
        if listing.startswith("archive"):  # every page starts under its month's heading
            assert [h.get_text(strip=True) for h in archive.html(pages[1]).select("article h2")][0] == "Juli 2025"
    chip = archive.html("articles/2025/hafenbericht-nummer-03/index.html").select_one(".md-tags a")
    assert chip["href"] == "../../../tags/rheinhafen/"
    docs = json.loads((archive.site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert [d["location"] for d in docs if d["location"].startswith("tags/rheinhafen")] == ["tags/rheinhafen/"]
    assert "Seite 1 von 3" not in json.dumps(docs, ensure_ascii=False)  # the pager is no text of the topic


def test_the_site_can_be_read_by_others_as_any_folder_the_user_makes(built: Archive, tmp_path: Path) -> None:
    """A web server running as another user (or a copy keeping permissions) reads the site: its folder is
    not its owner's alone, as a temporary folder is."""
    made = tmp_path / "made-by-hand"
    made.mkdir()  # the user's umask's permissions
    folders = [built.site, *(p for p in built.site.rglob("*") if p.is_dir())]
    assert {stat.S_IMODE(f.stat().st_mode) for f in folders} == {stat.S_IMODE(made.stat().st_mode)}


def test_a_copyright_line_of_the_users_keeps_materials_credit_line(tmp_path: Path) -> None:
    """The site's own credit line ("Erstellt mit …") replaces Material's English one only where the user
    set no copyright line: theirs takes the place of the credit, and Material's line stays below it."""
    own = mkdocs_config(load_config(make_archive(tmp_path / "own", "").config))
    assert own["copyright"].startswith("Erstellt mit ") and own["extra"]["generator"] is False
    theirs = mkdocs_config(load_config(make_archive(tmp_path / "theirs", "mkdocs:\n  copyright: © 2026 Velsburg\n").config))
    assert theirs["copyright"] == "© 2026 Velsburg" and "generator" not in theirs["extra"]


def test_lists_under_mkdocs_add_to_archive_sites_own(tmp_path: Path) -> None:
    """A list of the user's replaced archive-site's: ``markdown_extensions: [admonition]`` dropped attr_list,
    and every tag page showed "{: .archive-up data-search-exclude }" as text; ``plugins: [tags]`` dropped
    archive-site's plugin (a traceback); ``features: [navigation.tabs]`` Material's features. Their settings
    for an extension or plugin of ours win."""
    settings = ("mkdocs:\n  markdown_extensions: [admonition, {toc: {permalink: true}}]\n"
                "  plugins: [{search: {lang: [en]}}]\n  theme: {features: [navigation.tabs, navigation.top]}\n")
    archive = make_archive(tmp_path / "p", settings)
    config = mkdocs_config(load_config(archive.config))
    assert config["markdown_extensions"] == ["attr_list", "md_in_html", {"tables": {"use_align_attribute": True}},
                                             {"toc": {"permalink": True}}, "admonition"]
    assert [next(iter(p)) for p in config["plugins"]] == ["search", "archive-site"]
    assert config["plugins"][0] == {"search": {"lang": ["en"]}}
    assert config["theme"]["features"] == ["navigation.top", "search.highlight", "navigation.footer", "navigation.tabs"]
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    archive.add("002_bbbbbbbbbbbbbbbb.txt", HEAT)
    assert archive.run("build").exit_code == 0
    tag_page = next((archive.site / "tags").glob("*/index.html")).relative_to(archive.site).as_posix()
    up = archive.html(tag_page).select_one("article .archive-up")
    assert up is not None and "{:" not in archive.html(tag_page).select_one("article").get_text()
    # MkDocs' other way to write them, a mapping, and a plugin named with its package
    settings = "mkdocs:\n  markdown_extensions: {toc: {permalink: true}}\n  plugins: {material/search: {lang: [en]}}\n"
    config = mkdocs_config(load_config(make_archive(tmp_path / "q", settings).config))
    assert config["markdown_extensions"] == ["attr_list", "md_in_html", {"tables": {"use_align_attribute": True}},
                                             {"toc": {"permalink": True}}]
    assert config["plugins"][0] == {"material/search": {"lang": ["en"]}}  # in the place of archive-site's search
    assert [next(iter(p)) for p in config["plugins"]] == ["material/search", "archive-site"]


def test_latest_articles_list_those_dated_by_their_text_before_those_dated_by_their_file(tmp_path: Path) -> None:
    """An article whose text names no date is dated by its file: on the day it was copied it would head
    "Neueste Artikel", above the news of last month, and the site's feed. Its year's page lists it as dated."""
    archive = make_archive(tmp_path / "p", "latest_count: 3\nsite_url: https://archiv.example/\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    archive.add("002_bbbbbbbbbbbbbbbb.txt", HEAT)
    archive.add("004_dddddddddddddddd.txt", "Ohne Datum: Fähre fährt wieder\nDie Fähre nach Osterholm fährt wieder.\n")

    def latest() -> list[str]:
        home = archive.html("index.html").select_one("article")
        return [li.a.get_text(strip=True) for li in home.find("h2").find_next("ul").find_all("li")]

    assert archive.run("build").exit_code == 0
    assert latest() == ["Stadtwerke senken Fernwärmepreis", "Velsburg beschließt Ausbau des Rheinhafens",
                        "Ohne Datum: Fähre fährt wieder"]
    atom = "{http://www.w3.org/2005/Atom}"
    feed = ElementTree.parse(archive.site / "feed.xml").getroot()
    assert [e.findtext(f"{atom}title") for e in feed.iter(f"{atom}entry")] == latest()
    # An article updated since it came out: a feed reader shows it again, and when it first came out.
    heat = next(feed.iter(f"{atom}entry"))
    assert (heat.findtext(f"{atom}published"), heat.findtext(f"{atom}updated")) == ("2025-04-12T00:00:00Z",
                                                                                    "2025-04-14T00:00:00Z")
    # A feed reader finds the feeds from any page: the site's everywhere, a tag's on its page too.
    feeds = 'link[rel~="alternate"][type="application/atom+xml"]'
    assert [link["href"] for link in archive.html("index.html").select(feeds)] == ["feed.xml"]
    tag_page = next((archive.site / "tags").glob("*/index.html")).relative_to(archive.site)
    slug = tag_page.parent.name
    assert [(link["href"], link["title"]) for link in archive.html(tag_page.as_posix()).select(feeds)] == [
        ("../../feed.xml", "Testarchiv"), (f"../{slug}.xml", f"Testarchiv: {archive.html(tag_page.as_posix()).h1.text}")]
    assert (archive.site / "tags" / f"{slug}.xml").is_file()
    # Not rel="alternate" alone, which Material's script takes for another language's version of the site
    # (it fetched a sitemap.xml beside each feed: a 404 on every tag page).
    assert 'rel="alternate feed"' in (archive.site / tag_page).read_text(encoding="utf-8")
    assert 'rel="alternate"' not in (archive.site / tag_page).read_text(encoding="utf-8")
    archive.add("003_cccccccccccccccc.txt", STRIKE)  # a third dated one: the undated one leaves the list
    assert archive.run("build").exit_code == 0
    assert "Ohne Datum: Fähre fährt wieder" not in latest() and len(latest()) == 3
    assert archive.docs_files() == archive.clean_run(tmp_path / "clean")


ARABIC = """
    ميناء جديد في مدينة فيلسبورغ
    12.03.2025
    افتتحت مدينة فيلسبورغ اليوم رصيفاً جديداً في ميناء نهر الراين بعد عامين من أعمال البناء.
    وقال رئيس البلدية إن المشروع سيوفر مئات الوظائف في المدينة والمنطقة المحيطة بها.
"""


def test_an_article_in_a_right_to_left_language_is_marked_so(tmp_path: Path) -> None:
    """An Arabic article had its lang but was drawn left to right: its full stops at the wrong end."""
    archive = make_archive(tmp_path, RULES)
    archive.add("001_aaaaaaaaaaaaaaaa.txt", PORT)
    archive.add("004_dddddddddddddddd.txt", ARABIC)
    assert archive.run("build").exit_code == 0
    page = archive.html("articles/2025/myn-jdyd-fy-mdyn-fylsbwrg/index.html")
    for selector in ("article h1", ".archive-body"):
        assert (page.select_one(selector)["lang"], page.select_one(selector)["dir"]) == ("ar", "rtl")
    # The site's own words on its page stay left to right.
    assert page.select_one(".archive-meta").get("dir") != "rtl"
    listed = archive.html("index.html").find("span", lang="ar")
    assert listed["dir"] == "rtl" and listed.get_text().startswith("ميناء جديد")
