"""The MkDocs stage: a large archive is built by several MkDocs processes side by side, each making
a share of the pages, joined into the site one build makes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from generator.build import _absolute, _all_pages, build_site, shard_count
from generator.cli import generate
from generator.config import load_config
from generator.memo import HeldCaches, holding
from generator.site import write_mkdocs_yml

from .conftest import REPO, Archive, copy_sample


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = copy_sample(tmp_path_factory.mktemp("shards"), site_url="https://example.org/archiv/")
    result = archive.run("generate")
    assert result.exit_code == 0, result.output
    return archive


@pytest.mark.parametrize("offline", [False, True])
def test_site_built_in_shards_is_the_site_of_one_build(sample: Archive, tmp_path: Path, offline: bool) -> None:
    config = load_config(sample.config, offline=offline or None)
    write_mkdocs_yml(config)
    one = replace(config, site_dir=tmp_path / "one")
    three = replace(config, site_dir=tmp_path / "three")
    build_site(one, shards=1)
    build_site(three, shards=3)
    single, joined = _files(one.site_dir), _files(three.site_dir)
    assert joined.keys() == single.keys()
    assert [name for name in single if joined[name] != single[name]] == []
    # what the joining had to get right: every page in the search index and the sitemap, in order
    index = json.loads(joined["search/search_index.json"])
    assert any(doc["location"].startswith("articles/") for doc in index["docs"])
    if offline:  # a copy for disk has no sitemap (its pages' addresses are not the published site's)
        assert joined["search/search_index.js"].startswith(b"var __index = {")
        assert "sitemap.xml" not in joined and "sitemap.xml.gz" not in joined
    else:
        assert joined["sitemap.xml"].count(b"<url>") == sum(
            1 for name in joined if name.endswith(".html") and name != "404.html")


def test_one_shard_holds_a_share_of_the_pages_and_links_to_the_others(sample: Archive, tmp_path: Path) -> None:
    """The plugin option behind the parallel build, run through MkDocs' own command."""
    config = load_config(sample.config)
    settings = yaml.safe_load(write_mkdocs_yml(config).read_text(encoding="utf-8"))
    settings["plugins"] = [{"archive-site": {**p["archive-site"], "shard": 1, "shards": 3}}
                           if isinstance(p, dict) and "archive-site" in p else p for p in settings["plugins"]]
    settings["site_dir"] = str(tmp_path / "part")
    yml = tmp_path / "mkdocs.yml"
    yml.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(yml)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    part = tmp_path / "part"
    built = {p.relative_to(part).as_posix() for p in part.rglob("index.html")}
    articles = {p.relative_to(sample.docs).as_posix() for p in (sample.docs / "articles").rglob("*.md")}
    mine = {name for name in built if name.startswith("articles/")}
    assert 0 < len(mine) < len(articles)
    assert not (part / "assets" / "archive.css").exists()  # static files come from the first share
    # a tag chip links to its tag page even where another share builds that page
    page = BeautifulSoup((part / sorted(mine)[0]).read_text(encoding="utf-8"), "html.parser")
    chips = [a["href"] for a in page.select("a.md-tag")]
    assert chips and all("tags/" in href for href in chips)
    assert any(not (part / (sorted(mine)[0].rsplit("/", 1)[0]) / href / "index.html").resolve().exists()
               for href in chips)


def test_other_plugins_build_whole_in_one_process(sample: Archive, tmp_path: Path) -> None:
    """A plugin of the user's might collect something over all pages: its site is neither split
    nor updated page by page."""
    config = load_config(sample.config)
    write_mkdocs_yml(config)
    assert shard_count(config, cores=4, pages_per_shard=10) > 1
    # The same plugins named with their package, or odd entries MkDocs refuses: no whole build for the one,
    # no traceback for the others (MkDocs names them, see test_cli).
    for n, (plugins, shards) in enumerate([(["material/search"], 2), ([{"material/search": {"lang": ["de"]}}], 2),
                                           ([{}], 1), ([{"a": 1, "b": 2}], 1), (5, 1)]):
        other = copy_sample(tmp_path / f"named-{n}", mkdocs={"plugins": plugins})
        other_config = load_config(other.config)
        write_mkdocs_yml(other_config)
        assert shard_count(other_config, cores=2, pages_per_shard=10, pages=100) == shards, plugins
    archive = copy_sample(tmp_path / "custom", mkdocs={"plugins": ["search", "archive-site", "tags"]})
    assert archive.run("build").exit_code == 0
    assert shard_count(load_config(archive.config), cores=4, pages_per_shard=10) == 1
    _edit(archive.content / "001_178577427e11e0db.txt", "deutlich vergrößern", "deutlich und schrittweise vergrößern")
    again = archive.run("build")
    assert again.exit_code == 0 and "changed and rendered" not in again.stderr
    assert "schrittweise" in (archive.site / "articles/2024/velsburg-plant-ausbau-des-rheinhafens-bis-2030/index.html"
                              ).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# Updates: after a change, only the changed pages are rendered into a copy of the site

NEW_ARTICLE = """
    Velsburg testet Wassertaxis auf dem Rhein
    ![Velsburg testet Wassertaxis auf dem Rhein](https://img.nordkurier-archiv.example/bilder/2024.08/taxi.jpg)
    12.08.2024
    Zwei elektrische Wassertaxis verbinden seit Montag den Rheinhafen mit der Altstadt, zunächst für drei Monate.
    Bürgermeisterin Clara Hoffmann sprach von einem Versuch, der den Verkehr am Ufer entlasten soll.
    Mehr zum Thema – Velsburg plant Ausbau des Rheinhafens bis 2030
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("offline", [False, True])
def test_site_updated_after_changes_is_the_site_of_a_whole_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                                   offline: bool) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the sitemap's dates: one day for both builds
    archive = copy_sample(tmp_path / "project", site_url="https://example.org/archiv/", offline=offline)
    first = archive.run("build")
    assert first.exit_code == 0, first.output
    assert "in 1 MkDocs" not in first.stderr and "changed and rendered" not in first.stderr
    port = archive.content / "001_178577427e11e0db.txt"
    edits = [
        # a paragraph: its page alone
        lambda: _edit(port, "deutlich vergrößern", "deutlich und schrittweise vergrößern"),
        # a title: the page moves, the listings and related links follow
        lambda: _edit(port, "Velsburg plant Ausbau des Rheinhafens bis 2030",
                      "Velsburg plant den Ausbau des Rheinhafens bis 2030"),
        # a new article, then one gone
        lambda: archive.add("026_00000000000000aa.txt", NEW_ARTICLE),
        lambda: (archive.content / "002_f26ea113e2ab3b5a.txt").unlink(),
    ]
    whole = replace(load_config(archive.config), site_dir=tmp_path / "whole")
    for edit in edits:
        edit()
        result = archive.run("build")
        assert result.exit_code == 0, result.output
        summary = result.stderr.splitlines()[-1]
        assert "changed and rendered" in summary, summary
        rendered, pages = (int(n) for n in summary.split("(")[1].split(" pages")[0].split(" of "))
        assert 0 < rendered < pages / 2
        build_site(whole, shards=1)
        updated, reference = _files(archive.site), _files(whole.site_dir)
        assert updated.keys() == reference.keys()
        assert [name for name in reference if updated[name] != reference[name]] == []
    index = json.loads((archive.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert any(doc["title"] == "Velsburg testet Wassertaxis auf dem Rhein" for doc in index["docs"])
    assert not any("den Ausbau" not in doc["title"] and doc["title"].startswith("Velsburg plant")
                   for doc in index["docs"])


def test_serve_holds_the_search_index_between_updates_as_written(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` keeps the search index in memory between its rebuilds (``memo.HeldCaches``) rather
    than reading it again: each update's index is still the one a whole build makes."""
    import generator.build as build

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    archive = copy_sample(tmp_path / "project", site_url="https://example.org/archiv/")
    config = load_config(archive.config)
    whole = replace(config, site_dir=tmp_path / "whole")
    index = config.site_dir / "search/search_index.json"
    reads: list[Path] = []
    read_json = build._read_json
    monkeypatch.setattr(build, "_read_json", lambda path: reads.append(path) or read_json(path))
    port = archive.content / "001_178577427e11e0db.txt"
    edits = [
        lambda: None,
        lambda: _edit(port, "deutlich vergrößern", "deutlich und schrittweise vergrößern"),
        lambda: archive.add("026_00000000000000aa.txt", NEW_ARTICLE),
        lambda: (archive.content / "002_f26ea113e2ab3b5a.txt").unlink(),
        lambda: _edit(port, "Velsburg plant Ausbau des Rheinhafens bis 2030",
                      "Velsburg plant den Ausbau des Rheinhafens bis 2030"),
    ]
    held = HeldCaches()
    for edit in edits:
        edit()
        with holding(held):
            _, report = generate(config)
            build_site(config, files=report.docs_files())
        build_site(whole, shards=1)
        assert index.read_bytes() == (whole.site_dir / "search/search_index.json").read_bytes()
        assert _files(config.site_dir) == _files(whole.site_dir)
    assert reads.count(index) == 1  # by the first update: the whole build before it wrote the file


def test_serve_makes_the_sitemap_again_only_when_its_pages_its_day_or_its_files_changed(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``serve`` holds what it last made the sitemap from: an update with the same pages on the same day
    neither makes nor writes it again; a new page, a new day or a sitemap file changed since (the gzip
    copy cut short) has it made again, as a whole build makes it."""
    import generator.build as build

    day = 1767225600
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(day))
    archive = copy_sample(tmp_path / "project", site_url="https://example.org/archiv/")
    config = load_config(archive.config)
    whole = replace(config, site_dir=tmp_path / "whole")
    sitemap, packed = config.site_dir / "sitemap.xml", config.site_dir / "sitemap.xml.gz"
    made: list[str] = []
    make = build._sitemap
    monkeypatch.setattr(build, "_sitemap", lambda *args: made.append("made") or make(*args))
    port = archive.content / "001_178577427e11e0db.txt"
    held = HeldCaches()

    def update() -> int:
        """Update the site under ``serve``'s held caches: how often the sitemap was made."""
        made.clear()
        with holding(held):
            _, report = generate(config)
            build_site(config, files=report.docs_files())
        build_site(whole, shards=1)
        assert sitemap.read_bytes() == (whole.site_dir / "sitemap.xml").read_bytes()
        assert packed.read_bytes() == (whole.site_dir / "sitemap.xml.gz").read_bytes()
        return len(made)

    update()  # the whole first build
    _edit(port, "deutlich vergrößern", "deutlich und schrittweise vergrößern")
    assert update() == 1  # not held yet: made, found as it was
    written = sitemap.stat().st_mtime_ns, packed.stat().st_mtime_ns
    _edit(port, "und schrittweise", "und Schritt für Schritt")
    assert update() == 0
    assert (sitemap.stat().st_mtime_ns, packed.stat().st_mtime_ns) == written
    archive.add("026_00000000000000aa.txt", NEW_ARTICLE)
    assert update() == 1
    assert b"wassertaxis" in sitemap.read_bytes().lower()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(day + 86400))
    _edit(port, "Schritt für Schritt", "schrittweise")
    assert update() == 1
    assert b"2026-01-02" in sitemap.read_bytes()
    packed.write_bytes(packed.read_bytes()[:20])
    _edit(port, "und schrittweise", "und zügig")
    assert update() == 1


def test_a_build_with_nothing_changed_rewrites_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An unchanged archive built again leaves every file of the site, and the build's record, as they
    were: no page rendered, and the search index and sitemap, made over all pages, not written again."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # the sitemap's day: the same for both builds
    archive = copy_sample(tmp_path / "project", site_url="https://example.org/archiv/")
    assert archive.run("build").exit_code == 0

    def states() -> dict[str, tuple[int, int]]:
        files = [*archive.site.rglob("*"), *(archive.root / "build" / "cache").glob("site-*")]
        return {str(p): (p.stat().st_mtime_ns, p.stat().st_ino) for p in files if p.is_file()}

    before = states()
    assert any(name.endswith("search_index.json") for name in before)
    assert any(name.endswith("sitemap.xml.gz") for name in before)
    assert any("/cache/site-" in name for name in before)
    again = archive.run("build")
    assert again.exit_code == 0, again.output
    assert "(0 of " in again.stderr.splitlines()[-1]
    assert states() == before


def test_whole_build_when_the_theme_or_settings_change_or_the_site_is_gone(tmp_path: Path) -> None:
    archive = copy_sample(tmp_path / "project")
    theme = tmp_path / "theme"
    shutil.copytree(REPO / "theme", theme)
    config = yaml.safe_load(archive.config.read_text(encoding="utf-8"))
    archive.config.write_text(yaml.safe_dump({**config, "theme_dir": str(theme)}, allow_unicode=True),
                              encoding="utf-8")
    assert archive.run("build").exit_code == 0
    unchanged = archive.run("build")
    assert "0 of " in unchanged.stderr.splitlines()[-1]  # nothing to render: the site is as it was
    (theme / "assets" / "archive.css").write_text("/* new look */\n", encoding="utf-8")
    assert "changed and rendered" not in archive.run("build").stderr
    assert "/* new look */" in (archive.site / "assets" / "archive.css").read_text(encoding="utf-8")
    # Compiled templates are kept between builds (template_cache): an edited one is compiled anew.
    partial = theme / "partials" / "archive-meta.html"
    partial.write_text(partial.read_text(encoding="utf-8") + "<!-- meta edited -->\n", encoding="utf-8")
    assert "changed and rendered" not in archive.run("build").stderr
    assert "<!-- meta edited -->" in next((archive.site / "articles").rglob("index.html")).read_text(encoding="utf-8")
    archive.config.write_text(archive.config.read_text(encoding="utf-8").replace(
        "Velsburger Nachrichtenarchiv", "Velsburger Archiv"), encoding="utf-8")
    assert "changed and rendered" not in archive.run("build").stderr
    assert "Velsburger Archiv" in (archive.site / "articles").rglob("index.html").__next__().read_text(
        encoding="utf-8")
    shutil.rmtree(archive.site)
    rebuilt = archive.run("build")
    assert rebuilt.exit_code == 0 and "changed and rendered" not in rebuilt.stderr
    assert (archive.site / "index.html").exists()


def test_an_update_stopped_before_its_record_is_saved_is_done_again(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages are moved in first and the build recorded last: a build stopped in between leaves
    the pages it moved, and the next build, finding the old record, renders them again."""
    from generator.memo import Memo

    archive = copy_sample(tmp_path / "project")
    assert archive.run("build").exit_code == 0
    _edit(archive.content / "001_178577427e11e0db.txt", "deutlich vergrößern", "deutlich und schrittweise vergrößern")
    assert archive.run("generate").exit_code == 0
    config = load_config(archive.config)

    def stop(self: Memo) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(Memo, "save", stop)
    with pytest.raises(KeyboardInterrupt):
        build_site(config)
    monkeypatch.undo()
    again = build_site(config)
    assert again.updated and again.rendered > 0
    whole = replace(config, site_dir=tmp_path / "whole")
    build_site(whole, shards=1)
    assert _files(archive.site) == _files(whole.site_dir)


def test_an_update_links_to_the_pages_it_leaves_out_as_a_whole_build_does(tmp_path: Path) -> None:
    """An update's MkDocs reads the changed pages alone: a link to another page of docs_dir still
    becomes that page's URL, and a link climbing out of docs_dir, to a file that exists there, is left
    as it is, as a whole build leaves it."""
    archive = copy_sample(tmp_path / "project")
    assert archive.run("build").exit_code == 0
    config = load_config(archive.config)
    (config.docs_dir.parent / "outside.md").write_text("# not a page of the site\n", encoding="utf-8")
    note = archive.content / "025_handwritten-note.md"
    note.write_text(note.read_text(encoding="utf-8") + "\nSiehe [die Themen](../../tags/index.md) und "
                    "[eine Datei daneben](../../../outside.md).\n", encoding="utf-8")
    result = archive.run("build")
    assert result.exit_code == 0, result.output
    assert "1 of " in result.stderr.splitlines()[-1], result.stderr
    page = next(p for p in (archive.site / "articles").rglob("index.html")
                if "eine Datei daneben" in p.read_text(encoding="utf-8"))
    links = {a.get_text(): a["href"] for a in BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")("a")}
    assert links["die Themen"] == "../../../tags/" and links["eine Datei daneben"] == "../../../outside.md"
    whole = replace(config, site_dir=tmp_path / "whole")
    build_site(whole, shards=1)
    assert _files(archive.site) == _files(whole.site_dir)


def _mkdocs_pages(docs: Path, rels: set[str]) -> list[tuple[str, str]]:
    """The documentation pages MkDocs finds in a folder holding ``rels``, in its order, with their URLs."""
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.structure.files import get_files

    shutil.rmtree(docs, ignore_errors=True)
    docs.mkdir(parents=True)
    for rel in rels:
        (docs / rel).parent.mkdir(parents=True, exist_ok=True)
        (docs / rel).write_text("# page\n", encoding="utf-8")
    yml = docs.parent / "mkdocs.yml"
    yml.write_text(f"site_name: t\ndocs_dir: {docs.name}\n", encoding="utf-8")
    return [(f.src_uri, f.url) for f in get_files(load_mkdocs_config(str(yml))).documentation_pages()]


_PAGE_NAMES = st.sampled_from(["index.md", "README.md", "a.md", "a-b.md", "a.b.md", "B.md", "_x.md", "10.md", "9.md"])
_FOLDERS = st.sampled_from(["", "a/", "a-b/", "a/b/", "ab/", "A/", "tags/", "articles/2024/", "articles/2024-1/"])


@settings(max_examples=40, deadline=None)
@given(st.sets(st.builds(str.__add__, _FOLDERS, _PAGE_NAMES), min_size=1, max_size=12),
       st.sets(st.builds(str.__add__, _FOLDERS, _PAGE_NAMES), max_size=4), st.data())
def test_an_update_lists_the_pages_in_the_order_of_a_whole_build(tmp_path_factory: pytest.TempPathFactory,
                                                                  before: set[str], added: set[str],
                                                                  data: st.DataObject) -> None:
    """An update renders a few pages from a folder holding them alone; the search index and the sitemap
    list every page in the order MkDocs finds them in docs_dir, worked out without asking MkDocs."""
    removed = data.draw(st.sets(st.sampled_from(sorted(before)), max_size=3))
    # A folder with both an index.md and a README.md has MkDocs drop the README (docs_dir never has both).
    assume(not any(rel.endswith("README.md") and rel.replace("README.md", "index.md") in pages
                   for pages in (before, (before - removed) | added) for rel in pages))
    docs = tmp_path_factory.mktemp("order") / "docs"
    old = _mkdocs_pages(docs, before)
    new = _mkdocs_pages(docs, (before - removed) | added)
    urls = dict(new)
    assert _all_pages(old, [(rel, urls[rel]) for rel in sorted(added)], removed - added) == new


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="ab./:?#%ü", max_size=12), st.sampled_from(["https://archiv.example/", "https://archiv.example/a/b/",
                                                                    "https://archiv.example/a", "/relativ/"]))
def test_the_sitemap_joins_page_urls_as_urljoin_does(url: str, base: str) -> None:
    assert _absolute(base, url) == urljoin(base, url)


def test_generate_tells_the_build_the_files_it_left_in_docs_dir(tmp_path: Path) -> None:
    """The build takes docs_dir's files and their state from the ``generate`` run just before it instead
    of looking at each file again: after first and unchanged runs, edits the short way and the whole
    way, a new and a removed article, and pages removed or touched by hand, what the run tells is what
    docs_dir holds. A page kept from before while its source fails to parse, and changed by hand since,
    has no state the run knows: it tells nothing, and the build looks."""
    from generator.build import _docs_files
    from generator.cli import generate

    archive = copy_sample(tmp_path / "p")
    config = load_config(archive.config)

    def told(keep_failed: bool = False) -> dict[str, tuple[int, int, int]] | None:
        return generate(config, keep_failed=keep_failed)[1].docs_files()

    assert told() == _docs_files(archive.docs)  # a first run
    assert told() == _docs_files(archive.docs)  # nothing changed
    first, second, third = sorted(archive.content.glob("0*.txt"))[:3]
    text = first.read_text(encoding="utf-8")
    first.write_text(text.rstrip("\n") + "\n\nEin Satz, den die Redaktion später ergänzte.\n", encoding="utf-8")
    assert told() == _docs_files(archive.docs)  # a paragraph added
    title = second.read_text(encoding="utf-8").split("\n", 1)[0]
    second.write_text(second.read_text(encoding="utf-8").replace(title, title + " im Rückblick"), encoding="utf-8")
    assert told() == _docs_files(archive.docs)  # a new title: its page moves, listings change
    added = archive.content / "099_abcdefabcdefabcd.txt"
    added.write_text(text.replace(text.split("\n", 1)[0], "Ein neuer Artikel im Archiv"), encoding="utf-8")
    assert told() == _docs_files(archive.docs)
    added.unlink()
    assert told() == _docs_files(archive.docs)
    pages = sorted((archive.docs / "articles").rglob("*.md"))
    pages[0].unlink()  # by hand: the run writes it again
    os.utime(archive.docs / "index.md", ns=(0, 0))  # touched by hand: written again, or taken as it is
    assert told() == _docs_files(archive.docs)
    third.write_bytes(b"\x00\x01 kaputt")  # fails to parse: serve keeps its last good page
    assert told(keep_failed=True) == _docs_files(archive.docs)
    kept = next(p for p in (archive.docs / "articles").rglob("*.md") if third.name in p.read_text(encoding="utf-8"))
    kept.write_text(kept.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert told(keep_failed=True) is None


def _leads_to(site: Path, url: str) -> str | None:
    """Where the file at a former page address of ``site`` sends the reader: its refresh target, resolved
    against the address; None if no file is there, the address itself if it is a page."""
    path = site / (url + "index.html" if url.endswith("/") else url)
    if not path.is_file():
        return None
    refresh = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").select_one('meta[http-equiv="refresh"]')
    return url if refresh is None else urljoin(url, refresh["content"].split("url=", 1)[1])


@pytest.mark.parametrize("offline", [False, True])
def test_a_moved_page_leaves_its_former_address_leading_to_it(tmp_path: Path, offline: bool) -> None:
    """A corrected title moves an article's page: links from outside the site to its former address lead
    to it still, after each correction, in an updated site and in one built whole, also once the build
    record is gone (a new version of the code); a page that takes the address back ends the lead, and so
    does the article's removal."""
    archive = copy_sample(tmp_path / "project", offline=offline, site_url="https://example.org/archiv/")
    port = archive.content / "001_178577427e11e0db.txt"
    old, new = "Velsburg plant Ausbau des Rheinhafens bis 2030", "Velsburg plant den Ausbau des Rheinhafens bis 2030"
    ending = ".html" if offline else "/"
    first = f"articles/2024/velsburg-plant-ausbau-des-rheinhafens-bis-2030{ending}"
    second = f"articles/2024/velsburg-plant-den-ausbau-des-rheinhafens-bis-2030{ending}"
    third = f"articles/2024/velsburg-plant-den-ausbau-des-rheinhafens-bis-2031{ending}"
    assert archive.run("build").exit_code == 0
    assert _leads_to(archive.site, first) == first
    _edit(port, old, new)
    result = archive.run("build")
    assert result.exit_code == 0 and "changed and rendered" in result.stderr.splitlines()[-1]
    assert (_leads_to(archive.site, first), _leads_to(archive.site, second)) == (second, second)
    # For the moment it shows, the lead says so in the site's language, not as a bare address.
    lead = BeautifulSoup((archive.site / (first + "index.html" if first.endswith("/") else first)).read_text(
        encoding="utf-8"), "html.parser")
    assert (lead.html["lang"], lead.title.text) == ("de", "Dieser Artikel hat eine neue Adresse")
    assert lead.body.get_text() == "Dieser Artikel hat eine neue Adresse: weiter zum Artikel"
    _edit(port, new, new.replace("2030", "2031"))
    assert archive.run("build").exit_code == 0
    assert [_leads_to(archive.site, url) for url in (first, second, third)] == [third] * 3
    for record in (archive.root / "build" / "cache").glob("site-*.pickle"):
        record.unlink()  # as a change of the code or a library discards it: the site is built whole
    shutil.rmtree(archive.site)
    assert archive.run("build").exit_code == 0
    assert [_leads_to(archive.site, url) for url in (first, second, third)] == [third] * 3
    # Not in the search index or the sitemap (a copy for disk has none): no page of the site's own
    index = (archive.site / "search/search_index.json").read_text(encoding="utf-8")
    sitemap = "" if offline else (archive.site / "sitemap.xml").read_text(encoding="utf-8")
    assert "2031" in index and ("ausbau-des-rheinhafens-bis-2031" in sitemap or offline)
    assert not any(url.rstrip("/") in text for url in (first, second) for text in (index, sitemap))
    # A lead names the page's address only where it has one: the copy for disk names none at the published site.
    canonical = BeautifulSoup((archive.site / (first + "index.html" if first.endswith("/") else first)).read_text(
        encoding="utf-8"), "html.parser").select_one("link[rel=canonical]")["href"]
    assert canonical == (third.rsplit("/", 1)[-1] if offline else "https://example.org/archiv/" + third)
    assert (archive.site / "sitemap.xml").exists() != offline
    _edit(port, new.replace("2030", "2031"), old)  # back to the first title: a page there again
    assert archive.run("build").exit_code == 0
    assert [_leads_to(archive.site, url) for url in (first, second, third)] == [first] * 3
    port.unlink()
    assert archive.run("build").exit_code == 0
    assert [_leads_to(archive.site, url) for url in (first, second, third)] == [None] * 3


def test_a_renamed_file_keeps_the_former_addresses_of_its_page_and_another_url_scheme_leaves_none(
        tmp_path: Path) -> None:
    """The page shows the same article under the file's new name; its title corrected later, its former
    address leads to it. Built for reading from disk (x.html instead of x/), no page has moved."""
    archive = copy_sample(tmp_path / "project")
    port = archive.content / "001_178577427e11e0db.txt"
    assert archive.run("build").exit_code == 0
    port = port.rename(port.with_name("001_umbenannt.txt"))
    assert archive.run("build").exit_code == 0
    _edit(port, "Velsburg plant Ausbau", "Velsburg plant den Ausbau")
    assert archive.run("build").exit_code == 0
    first = "articles/2024/velsburg-plant-ausbau-des-rheinhafens-bis-2030/"
    assert _leads_to(archive.site, first) == "articles/2024/velsburg-plant-den-ausbau-des-rheinhafens-bis-2030/"
    offline = archive.run("build", "--offline")
    assert offline.exit_code == 0, offline.output
    leads = [p for p in archive.site.rglob("*.html") if _leads_to(archive.site, p.relative_to(archive.site).as_posix())
             not in (None, p.relative_to(archive.site).as_posix())]
    assert [p.relative_to(archive.site).as_posix() for p in leads] == [
        "articles/2024/velsburg-plant-ausbau-des-rheinhafens-bis-2030.html"]
