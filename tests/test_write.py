"""Writing docs_dir again: what a re-run renders and writes, and that it gives what a fresh run gives."""

from __future__ import annotations

import json
import re
import tempfile
from dataclasses import fields, replace
from datetime import date
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.model import Article, Figure, Image, Paragraph, Related, Source
from generator.write import (
    MANIFEST,
    Catalog,
    Neighbour,
    Page,
    article_page,
    atom_feed,
    listing_pages,
    page_url,
    pages_on_disk,
    render_pages,
    shown_digest,
    with_neighbours,
    write_docs,
)

from .conftest import Archive, make_archive


def _article(name: str, **changes: object) -> Article:
    article = Article(
        title=f"Meldung {name} aus Velsburg", date=date(2024, 3, 5), date_precision="day", language="de",
        source=Source(file=f"{name}.txt", id=name, publisher="Kurier", url=f"https://kurier.example/{name}"),
        body=(Paragraph(f"Erster Absatz der Meldung {name}."), Paragraph("Ein zweiter Absatz.")),
        tags=("Hafen",), path=f"articles/2024/meldung-{name}.md",
    )
    return replace(article, **changes)


def _run(docs: Path, articles: list[Article], neighbours: dict[str, list[Article]] | None = None,
         files: dict[str, bytes] | None = None) -> dict[str, Page]:
    """One write of ``articles`` (and other ``files``) into ``docs``, as ``generate`` makes it: the
    pages as rendered."""
    on_disk = pages_on_disk(docs, docs.parent / "written.pickle")
    pages = list(render_pages(articles, neighbours or {}, on_disk, "Testarchiv", "", "de"))
    pages += [(path, Page("", data)) for path, data in (files or {}).items()]
    write_docs(iter(pages), on_disk, {a.source.file: a.path for a in articles if a.path})
    return dict(pages)


def test_a_links_words_may_hold_brackets_and_its_title_is_not_shown() -> None:
    """Both were shown as raw Markdown, the link lost."""
    article = _article("h", body=(Paragraph('Der [Bericht](https://sw.example/b "Pressemitteilung") und der '
                                            "[Haushalt [PDF]](https://stadt.example/h.pdf) liegen vor."),))
    assert ("Der [Bericht](https://sw.example/b) und der [Haushalt &#91;PDF&#93;](https://stadt.example/h.pdf) "
            "liegen vor.") in article_page(article, [], "de")


def _rendered(page: Page) -> bool:
    """Whether the run made the page again (and wrote it, or found it as it was), rather than keep it."""
    return page.data is not None or page.stored is not None


# A value for each field of an article that differs from the one _article gives it.
CHANGED: dict[str, object] = {
    "title": "Eine andere Überschrift", "date": date(2023, 1, 2), "date_precision": "month", "language": "en",
    "source": Source(file="a.txt", id="a", publisher="Bote", url="https://kurier.example/a"),
    "body": (Paragraph("Erster Absatz der Meldung a."), Paragraph("Ein geänderter zweiter Absatz.")),
    "image": Image("https://img.example/a.jpg", "Der Hafen"), "related": (Related("Eine andere Meldung"),),
    "tags": ("Hafen", "Wetter"), "removed": ("Alle Rechte vorbehalten.",), "description": "Kurz gesagt.", "updated": date(2024, 6, 1),
    "markdown": "Von *Hand* geschrieben.", "path": "articles/2024/meldung-a-neu.md", "warnings": ("Bild fehlt",),
}


@pytest.mark.parametrize(("language", "mark"), [
    ("de", "(Original)"), ("ru", '(<span lang="de">Original</span>)'), ("ar", '(<span lang="de" dir="ltr">Original</span>)')])
def test_the_mark_of_a_related_headline_on_the_web_is_in_the_sites_language(language: str, mark: str) -> None:
    """Inside an article in another language, the site's word was read as the article's by a screen reader."""
    article = _article("a", language=language, related=(Related("Порт растёт", None, "https://vestnik.example/port"),))
    assert ('<li><a class="archive-original" href="https://vestnik.example/port" rel="noopener nofollow">Порт растёт</a> '
            f"{mark}</li>") in article_page(article, [], "de")


def test_a_related_headline_of_the_archive_in_another_language_is_marked_with_it() -> None:
    related = (Related("Порт растёт", "articles/2024/port.md", language="ru"),
               Related("Meldung b aus Velsburg", "articles/2024/meldung-b.md", language="de"))
    page = article_page(_article("a", language="de", related=related), [], "de")
    assert '<li lang="ru"><a href="port.md">Порт растёт</a></li>' in page
    assert '<li><a href="meldung-b.md">Meldung b aus Velsburg</a></li>' in page  # the article's own: no mark


def test_the_searchable_opening_is_the_articles_own_text_not_its_byline_or_picture() -> None:
    """With ``lead_paragraphs: 1``, an article opening with a picture or a byline had only that searchable."""
    body = (Figure(Image("https://img.example/kai.jpg", "Der Kai")), Paragraph("Von Martina Schulte, dpa"),
            Paragraph("Der Hafen wächst weiter."), Paragraph("Neue Kräne kommen im Mai."))
    page = article_page(_article("a", body=body), [], "de", search_lead=1)
    searched, _, excluded = page.partition('<div class="archive-more" data-search-exclude>')
    assert "Der Kai" in searched and "Von Martina Schulte, dpa" in searched and "Der Hafen wächst weiter." in searched
    assert "Neue Kräne kommen im Mai." in excluded and "Neue Kräne" not in searched
    assert '<div class="archive-more" data-search-exclude>\n<figure' in article_page(
        _article("a", body=body), [], "de", search_lead=0)  # titles and tags alone


def test_a_change_of_any_field_renders_the_articles_page_again(tmp_path: Path) -> None:
    assert set(CHANGED) == {f.name for f in fields(Article)}, "a value for every field"
    docs = tmp_path / "docs"
    base = [_article("a"), _article("b")]
    _run(docs, base)
    assert not any(map(_rendered, _run(docs, base).values())), "an unchanged archive renders nothing"
    for name, value in CHANGED.items():
        changed = replace(base[0], **{name: value})
        pages = _run(docs, [changed, base[1]])
        assert _rendered(pages[changed.path or ""]), name
        assert not _rendered(pages[base[1].path or ""]), name
        _run(docs, base)


def test_a_change_of_a_neighbours_title_renders_the_page_showing_it_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    a, b = _article("a"), _article("b")
    _run(docs, [a, b], {"a.txt": [b]})
    renamed = replace(b, title="Meldung b, neu betitelt")
    pages = _run(docs, [a, renamed], {"a.txt": [renamed]})
    assert _rendered(pages[a.path or ""])
    assert "Meldung b, neu betitelt" in (docs / (a.path or "")).read_text(encoding="utf-8")


def _snapshot(docs: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(docs).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in docs.rglob("*") if p.is_file()}


def _archive(root: Path) -> Archive:
    archive = make_archive(root, "site_url: https://archiv.example/\ntags:\n  auto: false\n"
                                 "  rules:\n    Hafen: [Hafen]\n")
    for n in range(12):
        archive.add(f"{n:03d}.txt", f"""
            Meldung {n:02d} aus Velsburg
            {1 + n:02d}.03.2024
            Der erste Absatz der Meldung {n} handelt vom Hafen{" und vom Wetter" if n % 3 else ""}.
            Ein zweiter Absatz mit Einzelheiten zur Meldung {n}.
        """)
    assert archive.run("generate").exit_code == 0
    return archive


@pytest.mark.parametrize(("edit", "rewritten"), [
    # The lead (the first paragraph) shows in the listings and the feeds.
    (("Der erste Absatz der Meldung 7", "Der neue erste Absatz der Meldung 7"),
     {"articles/2024/meldung-07-aus-velsburg.md", "index.md", "archive/2024.md", "tags/hafen.md", "feed.xml",
      "tags/hafen.xml"}),
    # A later paragraph shows on the article's page alone.
    (("Einzelheiten zur Meldung 7", "neuen Einzelheiten zur Meldung 7"),
     {"articles/2024/meldung-07-aus-velsburg.md"}),
])
def test_a_rerun_rewrites_only_the_pages_showing_an_edit_and_gives_what_a_fresh_run_gives(
        tmp_path: Path, edit: tuple[str, str], rewritten: set[str]) -> None:
    archive = _archive(tmp_path / "p")
    before = _snapshot(archive.docs)
    path = archive.content / "007.txt"
    path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    result = archive.run("generate")
    assert result.exit_code == 0
    after = _snapshot(archive.docs)
    assert {rel for rel in after if after[rel] != before.get(rel)} == rewritten
    assert f"{len(rewritten)} written, " in result.stderr
    assert {rel: data for rel, (data, _) in after.items()} == archive.clean_run(tmp_path / "fresh")
    # And the run after that writes nothing.
    assert "0 written, " in archive.run("generate").stderr
    assert _snapshot(archive.docs) == after


def test_the_manifest_lists_files_and_sources_one_a_line(tmp_path: Path) -> None:
    """The manifest's format, for other tools and for byte-identical re-runs: JSON with ``indent=0``."""
    docs = tmp_path / "docs"
    odd = ['Zitat "so".txt', "back\\slash.txt", "tab\tund\nneue Zeile.txt", "Größe €.txt", "\u2028.txt"]
    articles = [_article(f"{n}", source=Source(file=name), path=f"articles/2024/m{n}.md")
                for n, name in enumerate(odd)]
    _run(docs, articles, files={f"bilder/{name}.jpg": b"JPEG" for name in odd})
    manifest = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["sources"] == {name: f"articles/2024/m{n}.md" for n, name in enumerate(odd)}
    assert {f"bilder/{name}.jpg" for name in odd} < set(manifest["files"])
    assert (docs / MANIFEST).read_bytes() == json.dumps(manifest, indent=0, ensure_ascii=False).encode()
    _run(tmp_path / "empty", [])
    assert (tmp_path / "empty" / MANIFEST).read_bytes() == json.dumps(
        {"files": ["archive/index.md", "index.md", "tags/index.md"], "sources": {}}, indent=0).encode()


def test_a_manifest_changed_by_hand_is_written_again(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    articles = [_article("a"), _article("b")]
    _run(docs, articles)
    manifest = docs / MANIFEST
    written = manifest.read_bytes()
    before = manifest.stat().st_mtime_ns
    _run(docs, articles)
    assert manifest.stat().st_mtime_ns == before, "an unchanged manifest is left alone"
    manifest.write_text(json.dumps(json.loads(written), indent=2), encoding="utf-8")  # the same, laid out otherwise
    _run(docs, articles)
    assert manifest.read_bytes() == written


def test_an_input_renamed_into_the_same_page_is_listed_under_its_new_name(tmp_path: Path) -> None:
    docs = tmp_path / "docs"
    _run(docs, [_article("a"), _article("b")])
    _run(docs, [_article("a", source=Source(file="umbenannt.txt")), _article("b")])
    sources = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))["sources"]
    assert sources == {"umbenannt.txt": "articles/2024/meldung-a.md", "b.txt": "articles/2024/meldung-b.md"}


@pytest.mark.parametrize("language", ["de", "en", "ru"])
@pytest.mark.parametrize(("before", "after"), [
    ([("Meldung b", "articles/2024/meldung-b.md", "", "1. Mai 2024")],
     [("Meldung b – neu", "articles/2024/meldung-b-neu.md", "", "2. Mai 2024")]),
    ([("Meldung b", "articles/2024/meldung-b.md", "", "1. Mai 2024"),
      ("[Eckige] *Klammern*", "articles/2023/klammern.md", "", "März 2023")],
     [("[Eckige] *Klammern*", "articles/2023/klammern.md", "", "März 2023"),
      ("Паром", "articles/2023/parom.md", "ru", "4. Juni 2023")]),
    ([("Meldung b", "articles/2024/meldung-b.md", "", "1. Mai 2024")], []),
])
def test_a_pages_neighbours_section_made_again_is_the_page_made_with_those_neighbours(
        language: str, before: list[Neighbour], after: list[Neighbour]) -> None:
    """After a neighbour's title or path changed, a patched run remakes that section of the page alone."""
    article = _article("a", related=(Related("Eine andere Meldung", "articles/2024/meldung-c.md"),),
                       markdown=None)
    page = article_page(article, before, language)
    assert with_neighbours(page, article.path or "", after, language) == article_page(article, after, language)
    assert with_neighbours(article_page(article, [], language), article.path or "", after, language) is None


# Tags that make one slug ("hafen", then "hafen-2"): one coming or going moves the other's pages.
_TAGS = ("Hafen", "hafen", "Wetter", "Deich")


def _listed(name: str, day: int, tags: tuple[str, ...]) -> Article:
    when = date(2022 + day % 3, 1 + day % 12, 1 + day % 28)
    return _article(name, date=when, tags=tags, path=f"articles/{when.year}/meldung-{name}.md")


def _write_listings(docs: Path, articles: list[Article], before: dict[str, tuple[date, tuple[str, ...]] | None] | None
                    ) -> dict[str, bytes]:
    on_disk = pages_on_disk(docs, docs.parent / f"{docs.name}.pickle")
    catalog = Catalog.of(articles, [shown_digest(a) for a in articles])
    pages = listing_pages(catalog, on_disk, "Testarchiv", "", "de", latest=3, site_url="https://archiv.example/",
                          page_size=2, before=before)
    write_docs(pages, on_disk)
    return {p.relative_to(docs).as_posix(): p.read_bytes() for p in docs.rglob("*") if p.is_file()}


@settings(max_examples=60, deadline=None)
@example(rows=[(1, ["Hafen"]), (2, ["hafen"])], changes=[("tags", 0, ["Wetter"])])  # "hafen" takes tags/hafen.md
@given(st.lists(st.tuples(st.integers(0, 40), st.lists(st.sampled_from(_TAGS), max_size=2, unique=True)),
                min_size=1, max_size=7),
       st.lists(st.tuples(st.sampled_from(["tags", "date", "added", "removed"]), st.integers(0, 40),
                          st.lists(st.sampled_from(_TAGS), max_size=2, unique=True)), min_size=1, max_size=3))
def test_listings_after_a_few_changes_are_those_of_a_fresh_run(
        rows: list[tuple[int, list[str]]], changes: list[tuple[str, int, list[str]]]) -> None:
    """A patched run's listings and feeds: those of the tags and years a changed article is or was
    listed under made again, the others taken from their records, are a fresh run's, also when a tag
    coming or going gives another tag's pages another path."""
    articles = [_listed(f"k{n}", day, tuple(tags)) for n, (day, tags) in enumerate(rows)]
    before: dict[str, tuple[date, tuple[str, ...]] | None] = {}
    now = list(articles)
    for n, (kind, number, tags) in enumerate(changes):
        if kind == "added":
            now.append(_listed(f"new{n}", number, tuple(tags)))
            before[now[-1].key] = None
            continue
        if not now:
            continue
        index = number % len(now)
        old = now[index]
        before.setdefault(old.key, (old.date, old.tags))
        if kind == "removed":
            del now[index]
        else:
            when = _listed(old.key, number, ()).date if kind == "date" else old.date
            now[index] = replace(old, tags=tuple(tags) if kind == "tags" else old.tags, date=when,
                                 path=f"articles/{when.year}/meldung-{old.key}.md")
    before = {key: then for key, then in before.items() if then is not None or any(a.key == key for a in now)}
    with tempfile.TemporaryDirectory() as folder:
        docs = Path(folder) / "docs"
        _write_listings(docs, articles, None)
        patched = _write_listings(docs, now, before)
        assert patched == _write_listings(Path(folder) / "fresh", now, None)


def _feed_by_element_tree(articles: list[Article], site_url: str, title: str, feed_path: str, page: str,
                          language: str = "", subtitle: str = "") -> str:
    """The feed built with ElementTree's elements and serialised by it, as earlier versions wrote it."""
    atom = "http://www.w3.org/2005/Atom"
    lang = "{http://www.w3.org/XML/1998/namespace}lang"
    ElementTree.register_namespace("", atom)

    def add(parent: ElementTree.Element, tag: str, text: str | None = None, **attributes: str) -> ElementTree.Element:
        element = ElementTree.SubElement(parent, f"{{{atom}}}{tag}", attributes)
        element.text = text
        return element

    feed = ElementTree.Element(f"{{{atom}}}feed", {lang: language} if language else {})
    newest = sorted(articles, key=lambda a: (a.date, a.key), reverse=True)
    for tag, text in (("id", site_url + feed_path), ("title", title), ("subtitle", subtitle),
                      ("updated", f"{newest[0].date}T00:00:00Z")):
        if text or tag != "subtitle":
            add(feed, tag, text)
    add(feed, "link", rel="self", href=site_url + feed_path)
    add(feed, "link", rel="alternate", href=page_url(site_url, page))
    for a in newest:
        entry = add(feed, "entry", **({lang: a.language} if language and a.language != language else {}))
        add(entry, "id", page_url(site_url, a.path or ""))
        add(entry, "title", a.title)
        add(entry, "link", rel="alternate", href=page_url(site_url, a.path or ""))
        add(entry, "updated", f"{a.date}T00:00:00Z")
        add(add(entry, "author"), "name", a.source.publisher or title)
        if a.lead:
            add(entry, "summary", a.lead)
        for tag in a.tags:
            add(entry, "category", term=tag)
    return ElementTree.tostring(feed, encoding="unicode", xml_declaration=True) + "\n"


def test_feeds_made_together_name_their_own_title_as_the_author_of_an_article_without_publisher() -> None:
    """The feeds of a site share the entries of the articles they show (each made once), but an
    article without publisher has each feed's own title as its author."""
    articles = [_article("a", source=Source(file="a.txt")), _article("b", date=date(2024, 3, 9))]
    shared: dict[tuple[str, str], str] = {}
    for title, path in (("Archiv", "feed.xml"), ("Archiv: Hafen", "tags/hafen.xml")):
        feed = atom_feed(articles, "https://archiv.example/", title, path, "index.md", entries=shared)
        assert feed == atom_feed(articles, "https://archiv.example/", title, path, "index.md")
        assert feed.count(f"<name>{title}</name>") == 1 and feed.count("<name>Kurier</name>") == 1


@pytest.mark.parametrize("odd", ["plain", 'Kai & "Co" <GmbH> > 3', "Zeile\teins\r\nzwei", ""])
def test_a_feed_is_what_element_tree_writes_of_it(odd: str) -> None:
    """Titles, leads, tags and publishers with markup characters, tabs and line breaks (escaped in
    attributes), and empty ones: the feed is byte for byte what ElementTree serialises."""
    articles = [_article("b", date=date(2024, 3, 9), source=Source(file="b.txt", publisher=odd or None),
                         path=f"articles/2024/meldung-b{odd and '-&'}.md"),  # newest first, as feed_pages gives them
                _article("a", title=f"Hafen {odd}", tags=(f"Tag {odd}", "Hafen"), description=odd or None)]
    site = "https://archiv.example/a&b/"
    feed = atom_feed(articles, site, odd, "tags/hafen.xml", "tags/hafen.md")  # "": an empty <title />
    assert feed == _feed_by_element_tree(articles, site, odd, "tags/hafen.xml", "tags/hafen.md")
    # The site's language and description: a feed reader takes the feed for German, the English article for English.
    articles[1] = replace(articles[1], language="en")
    feed = atom_feed(articles, site, odd, "tags/hafen.xml", "tags/hafen.md", language="de", subtitle=odd)
    assert feed == _feed_by_element_tree(articles, site, odd, "tags/hafen.xml", "tags/hafen.md", "de", odd)
    root = ElementTree.fromstring(feed.split("\n", 1)[1])
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    assert [e.get("{http://www.w3.org/XML/1998/namespace}lang") for e in root.iter("{http://www.w3.org/2005/Atom}entry")] \
        == [None, "en"]
    entries = ElementTree.fromstring(feed.split("\n", 1)[1]).findall("{http://www.w3.org/2005/Atom}entry")
    assert [e.find("{http://www.w3.org/2005/Atom}title").text for e in entries] == [  # type: ignore[union-attr]
        "Meldung b aus Velsburg", f"Hafen {odd}".replace("\r\n", "\n")]


def test_related_in_this_archive_offers_no_article_mehr_zum_thema_links_and_still_shows_five(tmp_path: Path) -> None:
    """The related stage's candidates, best first: b and d are on the page's "Mehr zum Thema" list already,
    so its "Verwandt in diesem Archiv" shows the next five instead of offering them twice."""
    docs = tmp_path / "docs"
    others = [_article(name) for name in "bcdefgh"]
    b, d = others[0], others[2]
    a = _article("a", related=(Related(b.title, b.path), Related("Eine Meldung außerhalb des Archivs"),
                               Related(d.title, d.path)))
    _run(docs, [a, *others], {"a.txt": others})
    page = (docs / (a.path or "")).read_text(encoding="utf-8")
    mehr, verwandt = page.split("## Mehr zum Thema", 1)[1].split("## Verwandt in diesem Archiv", 1)
    assert re.findall(r">(Meldung \w) aus Velsburg<", mehr) == ["Meldung b", "Meldung d"]
    assert re.findall(r">(Meldung \w) aus Velsburg<", verwandt) == ["Meldung c", "Meldung e", "Meldung f",
                                                                    "Meldung g", "Meldung h"]


def test_articles_of_one_title_in_related_in_this_archive_show_their_dates(tmp_path: Path) -> None:
    """A story followed up under its first headline: three links alike, none telling which is which."""
    park = [_article(n, title="Velsburg bekommt neuen Stadtpark", date=day, date_precision=precision,
                     path=f"articles/2024/velsburg-bekommt-neuen-stadtpark{suffix}.md")
            for n, day, precision, suffix in (("a", date(2024, 5, 12), "day", ""), ("b", date(2024, 9, 20), "day", "-2"),
                                              ("c", date(2024, 3, 1), "month", "-3"))]
    _run(tmp_path / "docs", park, {park[0].key: [park[1], park[2]]})
    page = (tmp_path / "docs/articles/2024/velsburg-bekommt-neuen-stadtpark.md").read_text(encoding="utf-8")
    items = re.findall(r"<li><a [^>]*>([^<]*)</a> · <span lang=\"de\">([^<]*)</span></li>", page)
    assert items == [("Velsburg bekommt neuen Stadtpark", "20. September 2024"),
                     ("Velsburg bekommt neuen Stadtpark", "März 2024")]


def test_the_home_page_names_the_topic_a_headline_names_by_whole_words(tmp_path: Path) -> None:
    """Beside "Stadtrat beschließt Haushalt", a topic "Rat" was taken as named ("Stadtrat" holds it). A word in
    the genitive names its topic ("Rheinhafens"), and a name's last word a person ("Hoffmann"), after any
    topic named in full ("Velsburg" names no "Stadtwerke Velsburg" where "Rheinhafens" names "Rheinhafen")."""
    articles = [_article("a", title="Stadtrat beschließt Haushalt", tags=("Bernd Kallweit", "Rat", "Haushalt")),
                _article("b", title="Velsburg plant Ausbau des Rheinhafens", tags=("Stadtwerke Velsburg", "Rheinhafen"),
                         date=date(2024, 3, 4)),
                _article("c", title="Neue Radwege für die Innenstadt", tags=("Radverkehr", "EU"),
                         date=date(2024, 3, 3)),
                _article("d", title="Hoffmann bleibt Bürgermeisterin", tags=("Malte Strübing", "Clara Hoffmann"),
                         date=date(2024, 3, 2))]
    _run(tmp_path / "docs", articles)
    home = (tmp_path / "docs" / "index.md").read_text(encoding="utf-8")
    shown = dict(re.findall(r'<li><a href="[^"]*">([^<]*)</a> · [^·]* · <a href="[^"]*">([^<]*)</a>', home))
    assert shown == {"Stadtrat beschließt Haushalt": "Haushalt", "Velsburg plant Ausbau des Rheinhafens": "Rheinhafen",
                     "Neue Radwege für die Innenstadt": "Radverkehr", "Hoffmann bleibt Bürgermeisterin": "Clara Hoffmann"}
