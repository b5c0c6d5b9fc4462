"""A re-run after edits that change an article's page and what a few pages show of it (its title, its
lead) remakes only those pages, without the whole pipeline (``generator.patch``), and leaves what a
clean run leaves; any other edit runs the pipeline."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.cli import generate
from generator.config import load_config
from generator.memo import HeldCaches, holding
from generator.model import RunSummary

from .conftest import Archive, copy_sample, make_archive

HARBOUR = "010_4f3bdb5ea4409213.txt"  # other articles link to it: a teaser, a "Mehr zum Thema" line
FLOOD = "005_003a696d6bfe99aa.txt"
FLOOD_TITLE = "Hochwasser überflutet Uferstraßen in Velsburg"
ADDED = "099_00000000000000ff.txt"  # a new file
NIGHTS = "024_c7b6c081fe1deb11.txt"  # no headline of the archive names it
# A picture captioned with another article's headline: the link stage moves it to the related list.
TEASER = "![Hochwasser überflutet Uferstraßen in Velsburg](https://img.nordkurier-archiv.example/bilder/2024.06/cd34.jpg)"


def _runner(archive: Archive, held: HeldCaches | None = None) -> Callable[[], tuple[list[str], RunSummary]]:
    """``generate`` in this process (as ``serve`` runs it, holding the caches, with ``held``): the stages
    it went through, and what it tells the user."""
    def run() -> tuple[list[str], RunSummary]:
        laps: list[str] = []
        if held is None:
            summary, _ = generate(load_config(archive.config), lap=laps.append)
        else:
            with holding(held):
                summary, _ = generate(load_config(archive.config), lap=laps.append)
        return laps, summary
    return run


def _edit(archive: Archive, name: str, change: Callable[[str], str]) -> None:
    path = archive.content / name
    text = path.read_text(encoding="utf-8")
    assert change(text) != text
    path.write_text(change(text), encoding="utf-8")


def _renumbered(text: str, n: int = 1) -> str:
    """A number in a later paragraph changed (by ``n``): what listings, tags and boilerplate read of the
    article stays the same."""
    return re.sub(r"(bei|als) (\d+) (Millionen|Einsatzkräften)", lambda m: f"{m[1]} {int(m[2]) + n} {m[3]}", text,
                  count=1)


def _clean(archive: Archive, root: Path) -> tuple[dict[str, bytes], RunSummary]:
    """A clean run of the same archive: its docs_dir's files, and what it tells the user."""
    clean = archive.clean_copy(root)
    laps, summary = _runner(clean)()
    assert "read_parse" in laps
    return clean.docs_files(), summary


def _mtimes(archive: Archive) -> dict[str, int]:
    return {p.relative_to(archive.docs).as_posix(): p.stat().st_mtime_ns for p in archive.docs.rglob("*")
            if p.is_file()}


def _patched(archive: Archive, clean: Path, change: Callable[[], object]
             ) -> tuple[dict[str, bytes], dict[str, bytes], set[str], RunSummary]:
    """A run, ``change``, a run that must take the short way alone and leave what a clean run (in
    ``clean``) leaves, and tell what it tells, having written each file whose bytes changed and no
    other. docs_dir's files before and after, the paths of those changed, the second run's summary."""
    run = _runner(archive)
    run()
    before, mtimes = archive.docs_files(), _mtimes(archive)
    change()
    laps, summary = run()
    assert laps == ["patch"]
    files, clean_summary = _clean(archive, clean)
    assert archive.docs_files() == files
    assert summary == clean_summary
    after = _mtimes(archive)
    changed = {rel for rel in files.keys() | before.keys() if files.get(rel) != before.get(rel)}
    assert {rel for rel in after if after[rel] != mtimes.get(rel)} == changed & after.keys()
    return before, files, changed, summary


@pytest.mark.parametrize("holding_caches", [False, True], ids=["a run per command", "serve holding the caches"])
def test_a_number_changed_in_a_paragraph_remakes_its_page_alone(tmp_path: Path, holding_caches: bool) -> None:
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    _edit(archive, HARBOUR, lambda text: text.replace("\nHoffmann verwies", f"\n{TEASER}\nHoffmann verwies"))
    run = _runner(archive, HeldCaches() if holding_caches else None)
    assert "read_parse" in run()[0]
    page = archive.docs / "articles/2025/wir-brauchen-den-hafen-hoffmann-verteidigt-ausbauplaene.md"
    assert "cd34.jpg" not in page.read_text(encoding="utf-8")
    assert 'href="../2024/hochwasser-ueberflutet-uferstrassen-in-velsburg.md"' in page.read_text(encoding="utf-8")
    before = _mtimes(archive)
    for n, name in enumerate((HARBOUR, FLOOD, HARBOUR), start=1):  # the same article twice
        _edit(archive, name, lambda text, n=n: _renumbered(text, n))
        laps, summary = run()
        assert laps == ["patch"]
        files, clean_summary = _clean(archive, tmp_path / f"clean-{n}")
        assert archive.docs_files() == files
        assert summary == clean_summary
    after = _mtimes(archive)
    assert {rel for rel in after if after[rel] != before[rel]} == {
        "articles/2025/wir-brauchen-den-hafen-hoffmann-verteidigt-ausbauplaene.md",
        "articles/2024/hochwasser-ueberflutet-uferstrassen-in-velsburg.md"}


def _title(text: str) -> str:  # the title alone: the hero image, which repeats it, is not told apart then
    return text.replace("Hoffmann verteidigt Ausbaupläne", "Hoffmann verteidigt den Ausbau", 1)


def _title_words(text: str) -> str:  # a new word for the tag stage
    return text.replace("Anwohner streiten über Nachtbetrieb", "Anwohner streiten über den Nachtbetrieb")


def _retitled(text: str) -> str:  # the title (and the hero image's caption, which repeats it)
    return text.replace("Anwohner streiten über Nachtbetrieb", "Anwohner streiten heftig über Nachtbetrieb")


PLAN = "001_178577427e11e0db.txt"  # three articles link to it: a teaser, "Mehr zum Thema" lines


def _linked_title(text: str) -> str:  # their headlines still match it: they link to its new page
    return text.replace("Ausbau des Rheinhafens bis 2030", "Ausbau des Rheinhafens bis 2031")


def _same_slug(text: str) -> str:  # the title of another article of the same year: numbered pages
    return text.replace("Größerer Hafen, weniger Schlaf? Anwohner streiten über Nachtbetrieb",
                        "Europäische Union fördert Velsburgs Wärmenetz mit 40 Millionen Euro")


def _opening(text: str) -> str:  # a number in what the listings and feeds show
    return text.replace("Pegel 7,48 Meter", "Pegel 7,52 Meter", 1)


def _name(text: str) -> str:  # a name for the tag stage
    return _renumbered(text).replace("Investoren.", "Investoren. Wirtschaftsministerin Tessa Quandt widersprach.")


def _known_name(text: str) -> str:  # a name other articles have: a tag of theirs, this article's now too
    return text.replace("Nach tagelangem Dauerregen", "Malte Strübing warnte vor dem Hochwasser. Malte Strübing "
                        "forderte Hilfe. Nach tagelangem Dauerregen", 1)


def _new_topic(text: str) -> str:  # names and words two other articles have: new tags, one of them new to the archive
    return text.replace("Nach tagelangem Dauerregen", "Die Reederei Northgate Shipping sprach von Schäden. "
                        "Nach tagelangem Dauerregen", 1)


NOTICE = "+++ 14:30 +++"  # nothing in it for the tag stage


def _repeated(text: str) -> str:  # a paragraph two other articles have too: boilerplate from now on
    return text.replace("\nHoffmann verwies", f"\n{NOTICE}\nHoffmann verwies")


def _updated(text: str) -> str:  # the day it was updated, which its feed entry tells
    return text.replace("\n15.01.2024\n", "\n15.01.2024\nAktualisiert am 17.01.2024, 08:15 Uhr\n", 1)


def _redated(text: str) -> str:  # its date, which the pages listing it as related show
    return text.replace("\n15.01.2024\n", "\n16.01.2024\n", 1)


def _figure(text: str) -> str:
    return text.replace("\nHoffmann verwies",
                        "\n![Der Rheinhafen im Januar](https://img.nordkurier-archiv.example/bilder/2025.01/ab12.jpg)"
                        "\nHoffmann verwies")


@pytest.mark.parametrize(("name", "change"), [(NIGHTS, _retitled), (PLAN, _linked_title), (FLOOD, _opening)],
                         ids=["title", "title other articles link to", "opening paragraph"])
def test_a_new_title_or_lead_remakes_the_pages_showing_the_article_alone(
        tmp_path: Path, name: str, change: Callable[[str], str]) -> None:
    """Its page (moved, for a title), the pages listing it as related, the listings and feeds showing it:
    each file the edit changes is written, no other, and docs_dir is what a clean run makes."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    before, files, changed, summary = _patched(archive, tmp_path / "clean", lambda: _edit(archive, name, change))
    assert "feed.xml" in changed and any(rel.startswith("archive/") for rel in changed)  # the feed, its year
    if change is _retitled:
        moved = "articles/2026/groesserer-hafen-weniger-schlaf-anwohner-streiten-heftig-ueber-nachtbetrieb.md"
        assert moved in files and moved.replace("-heftig", "") not in files
        showing = {rel for rel, data in files.items() if rel.startswith("articles/") and b"streiten heftig" in data}
        assert len(showing) > 1 and showing <= changed  # its own page and those listing it as related
    if change is _linked_title:  # the links to it, in the articles naming it, lead to its new page
        headline = re.compile(rb'<a href="[^"]*-bis-2031\.md">Velsburg plant Ausbau des Rheinhafens bis 2030</a>')
        linking = {rel for rel, data in files.items() if headline.search(data)}
        assert len(linking) == 3 and linking <= changed


def test_titles_patched_and_whole_runs_in_turn_as_serve_runs_them(tmp_path: Path) -> None:
    """With the caches held, as ``serve`` holds them: a patched title, a patched name that makes a tag
    (the tag stage's pass then reads the retitled article, whose scan its file lacks), a whole run, two
    more patched edits, a new file, a file removed; the records of what the listings show and of the tags
    stay those of the archive."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    run = _runner(archive, HeldCaches())
    run()
    for n, (name, change, way) in enumerate([(PLAN, _linked_title, "patch"), (FLOOD, _known_name, "patch"),
                                             (HARBOUR, _figure, "tag"), (NIGHTS, _retitled, "patch"),
                                             (FLOOD, _opening, "patch")]):
        _edit(archive, name, change)
        laps, summary = run()
        assert way in laps
        files, clean_summary = _clean(archive, tmp_path / f"clean-{n}")
        assert archive.docs_files() == files and summary == clean_summary
    # a new file, a copy of one patched twice, under another title; then the one retitled first removed
    (archive.content / ADDED).write_text((archive.content / FLOOD).read_text(encoding="utf-8").replace(
        FLOOD_TITLE, "Neues Hochwasser in Uferstraßen in Velsburg"), encoding="utf-8")
    for step in ("added", "removed"):
        if step == "removed":
            (archive.content / PLAN).unlink()
        laps, summary = run()
        assert laps == ["patch"]
        files, clean_summary = _clean(archive, tmp_path / f"clean-{step}")
        assert archive.docs_files() == files and summary == clean_summary


@pytest.mark.parametrize(("name", "change"), [(HARBOUR, _title), (NIGHTS, _title_words), (HARBOUR, _name),
                                              (FLOOD, _known_name), (FLOOD, _new_topic)],
                         ids=["title, not its hero image's", "title with a word for the tags", "a name",
                              "a name that is a tag", "a name and a word that make tags"])
def test_edits_the_tag_stage_reads_otherwise_are_patched_with_its_pass(tmp_path: Path, name: str,
                                                                        change: Callable[[str], str]) -> None:
    """The tag stage's pass over the archive runs again, on the scans it keeps, without the archive
    being read: the pages whose tags or related articles change are made again, and the listings;
    nothing else is written, and docs_dir is what a clean run makes."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    before, files, changed, summary = _patched(archive, tmp_path / "clean", lambda: _edit(archive, name, change))
    flood = "../articles/2024/hochwasser-ueberflutet-uferstrassen-in-velsburg.md"
    if change is _known_name:  # a tag of other articles, this one's now too; another's tags reordered
        assert flood in files["tags/malte-struebing.md"].decode() and "tags/malte-struebing.md" in changed
        assert "articles/2025/wir-brauchen-den-hafen-hoffmann-verteidigt-ausbauplaene.md" in changed
    if change is _new_topic:  # "Schäden": a tag of its own, on another article too
        assert flood in files["tags/schaeden.md"].decode() and "tags/schaeden.md" not in before
        assert "articles/2024/nach-dem-hochwasser-stadt-prueft-schaeden-an-deichen.md" in changed
    if change in (_known_name, _new_topic):  # pages of other articles changed: their tags or neighbours
        assert len({rel for rel in changed if rel.startswith("articles/")}) > 2


def test_edits_the_tag_stage_reads_otherwise_in_turn_are_each_patched(tmp_path: Path) -> None:
    """Each pass over the archive reads the articles as the edits before left them (their scans made
    from their last parse, the scan file lacking them), and records what it read for the next run."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    run = _runner(archive)
    run()
    for n, (name, change) in enumerate([(FLOOD, _new_topic), (HARBOUR, _name), (FLOOD, _renumbered),
                                        (NIGHTS, _known_name_late)]):
        _edit(archive, name, change)
        laps, summary = run()
        assert laps == ["patch"]
        files, clean_summary = _clean(archive, tmp_path / f"clean-{n}")
        assert archive.docs_files() == files and summary == clean_summary


def _known_name_late(text: str) -> str:  # a name other articles have, in a later paragraph
    lines = text.split("\n")
    lines[4] += " Malte Strübing widersprach."
    return "\n".join(lines)


def test_a_title_more_than_sixteen_articles_name_runs_the_whole_pipeline(tmp_path: Path) -> None:
    """Their pages would be made from their text: past ``patch.MAX_EDITED``, a whole run is quicker."""
    archive = copy_sample(tmp_path / "p")
    for path in sorted(archive.content.glob("*.txt"))[1:18]:  # seventeen besides PLAN itself
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n")
                        + "\nMehr zum Thema – Velsburg plant Ausbau des Rheinhafens bis 2030\n", encoding="utf-8")
    run = _runner(archive)
    run()
    _edit(archive, PLAN, _linked_title)
    assert "read_parse" in run()[0]
    assert archive.docs_files() == _clean(archive, tmp_path / "clean")[0]


@pytest.mark.parametrize(("name", "change"), [(NIGHTS, _same_slug), (HARBOUR, _repeated), (HARBOUR, _figure),
                                              (PLAN, _updated), (PLAN, _redated)],
                         ids=["title of another article of its year", "a paragraph repeated elsewhere", "a figure",
                              "the day it was updated", "its date"])
def test_edits_that_other_pages_see_run_the_whole_pipeline(tmp_path: Path, name: str,
                                                           change: Callable[[str], str]) -> None:
    """Each edit changes what another page shows beyond what the patch remakes: a page's path,
    boilerplate, a figure, the feeds' dates."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    run = _runner(archive)
    run()
    if change is _repeated:
        for other in (FLOOD, "001_178577427e11e0db.txt"):  # then HARBOUR makes it three
            _edit(archive, other, lambda text: text.rstrip("\n") + f"\n{NOTICE}\n")
        run()
    _edit(archive, name, change)
    laps, summary = run()
    assert "read_parse" in laps and "patch" not in laps
    files, clean_summary = _clean(archive, tmp_path / "clean")
    assert archive.docs_files() == files
    assert summary == clean_summary
    if change is _updated:
        assert b"<updated>2024-01-17T00:00:00Z</updated>" in files["feed.xml"]
    if change is _redated:  # the pages listing it as related show its new date
        assert any(re.search(rb'bis-2030\.md">[^<]*</a> \xc2\xb7 <span lang="de">16\. Januar 2024</span>', data)
                   for rel, data in files.items() if rel.startswith("articles/"))


@pytest.mark.parametrize("title", ["Neues Hochwasser in Uferstraßen in Velsburg",
                                   "Landtag debattiert über neue Deichschutzverordnung"],
                         ids=["a copy under another title", "a title another article's headline names"])
def test_a_new_file_is_patched_in(tmp_path: Path, title: str) -> None:
    """A new article's page is made, and the pages its tags, its related articles and its title change
    (listings, feeds, neighbours, links to it); nothing else is written, and docs_dir is what a clean
    run makes."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    def add() -> None:
        (archive.content / ADDED).write_text((archive.content / FLOOD).read_text(encoding="utf-8").replace(
            FLOOD_TITLE, title), encoding="utf-8")

    before, files, changed, summary = _patched(archive, tmp_path / "clean", add)
    assert summary.articles == 26
    page = "articles/2024/" + ("neues-hochwasser-in-uferstrassen-in-velsburg.md" if title.startswith("Neues")
                               else "landtag-debattiert-ueber-neue-deichschutzverordnung.md")
    assert page in changed and page.removeprefix("articles/2024/") in files["archive/2024.md"].decode()
    naming = files["articles/2024/nach-dem-hochwasser-stadt-prueft-schaeden-an-deichen.md"].decode()
    assert (f'<a href="landtag-debattiert-ueber-neue-deichschutzverordnung.md">{title}</a>' in naming) == (
        not title.startswith("Neues"))


@pytest.mark.parametrize("name", [FLOOD, PLAN], ids=["an article", "an article three others link to"])
def test_a_removed_file_is_patched_out(tmp_path: Path, name: str) -> None:
    """Its page goes, and the pages it changes go or change: listings, feeds, the tags it made, the
    neighbours and tags of other articles, the links to it; nothing else is written, and docs_dir is what
    a clean run makes."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    before, files, changed, summary = _patched(archive, tmp_path / "clean", (archive.content / name).unlink)
    assert summary.articles == 24
    gone = {rel for rel in before if rel not in files}
    assert {rel for rel in gone if rel.startswith("articles/")} == {
        "articles/2024/hochwasser-ueberflutet-uferstrassen-in-velsburg.md" if name == FLOOD
        else "articles/2024/velsburg-plant-ausbau-des-rheinhafens-bis-2030.md"}
    if name == PLAN:  # the pages linking to it (related headlines, neighbours) link to it no more
        page = b"velsburg-plant-ausbau-des-rheinhafens-bis-2030.md"
        linking = {rel for rel, data in before.items() if page in data and rel.startswith("articles/")}
        assert len(linking) > 3 and linking - gone <= changed
        assert not any(page in data for data in files.values())
        related = re.compile(rb'- title: "Velsburg plant Ausbau des Rheinhafens bis 2030"\n(?!\s+url:)')
        assert len({rel for rel, data in files.items() if related.search(data)}) == 3  # no url in front matter
    _edit(archive, NIGHTS, _retitled)  # the record of what the listings show is still the archive's
    laps, summary = _runner(archive)()
    assert laps == ["patch"]
    files, clean_summary = _clean(archive, tmp_path / "clean-retitled")
    assert archive.docs_files() == files and summary == clean_summary


def test_a_tag_record_written_late_by_an_overlapping_run_is_not_trusted(tmp_path: Path) -> None:
    """Two runs at once on one project (a script calling ``generate`` beside ``serve``, bypassing the
    build lock): the tag stage's record may then be of another archive than the related articles'
    record. An article added, removed, and the record of the run that had it written back: adding it
    again runs the whole pipeline and gives what a clean run gives, and so does every run after."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    run = _runner(archive)
    run()
    added = archive.content / ADDED
    added.write_text((archive.content / FLOOD).read_text(encoding="utf-8").replace(
        FLOOD_TITLE, "Neues Hochwasser in Uferstraßen in Velsburg"), encoding="utf-8")
    assert run()[0] == ["patch"]
    record = archive.root / "build" / "cache" / "tags.pickle"
    with_it = record.read_bytes()
    text = added.read_text(encoding="utf-8")
    added.unlink()
    assert run()[0] == ["patch"]
    record.write_bytes(with_it)
    added.write_text(text, encoding="utf-8")
    for n in range(2):
        run()
        files, clean_summary = _clean(archive, tmp_path / f"clean-{n}")
        assert archive.docs_files() == files


def test_a_new_file_past_the_full_text_limit_runs_the_whole_pipeline(tmp_path: Path) -> None:
    """The 26th article of an archive indexed in full up to 25: every page's search entry shrinks."""
    archive = copy_sample(tmp_path / "p", search={"full_text_limit": 25})
    run = _runner(archive)
    run()
    page = "articles/2024/hochwasser-ueberflutet-uferstrassen-in-velsburg.md"
    assert b"<div class=\"archive-more\"" not in archive.docs_files()[page]
    (archive.content / ADDED).write_text((archive.content / FLOOD).read_text(encoding="utf-8").replace(
        FLOOD_TITLE, "Neues Hochwasser in Uferstraßen in Velsburg"), encoding="utf-8")
    assert "read_parse" in run()[0]
    files = archive.docs_files()
    assert files == _clean(archive, tmp_path / "clean")[0] and b"<div class=\"archive-more\"" in files[page]


def test_a_new_file_with_a_warning_runs_the_whole_pipeline(tmp_path: Path) -> None:
    """The warnings a run tells come in the archive's order: the whole pipeline tells them. Removed,
    the file takes its warning with it."""
    archive = copy_sample(tmp_path / "p")
    run = _runner(archive)
    run()
    (archive.content / ADDED).write_text("Nur eine Überschrift\n", encoding="utf-8")
    laps, summary = run()
    assert "read_parse" in laps
    assert [(w.file, w.reason) for w in summary.warnings] == [(ADDED, "title only: no body text")]
    assert summary == _clean(archive, tmp_path / "clean")[1]
    (archive.content / ADDED).unlink()  # and its warning goes with it
    laps, summary = run()
    assert laps == ["patch"] and summary.warnings == ()
    assert summary == _clean(archive, tmp_path / "clean-removed")[1]


def test_an_edit_that_makes_an_agency_report_tells_its_warning_as_a_whole_run(tmp_path: Path) -> None:
    """Three files hold the same report, a fourth the report and a paragraph of its own. Deleting that
    paragraph makes the fourth an agency's report (kept as its text, with a warning): the short way kept
    the last run's warnings, and ``--strict`` exited as it had."""
    report = ("Ein Orkan hat in der Nacht an der Küste Dächer abgedeckt und Bäume entwurzelt. Der Wetterdienst "
              "warnt für Donnerstag vor weiteren Böen bis 120 Kilometern pro Stunde.\n"
              "Verletzt wurde nach Angaben der Polizei niemand; mehrere Straßen bleiben bis zum Abend gesperrt, "
              "auch die Fähre nach Osterholm fährt erst am Freitag wieder.\n")
    archive = make_archive(tmp_path / "p")
    for n in range(1, 4):
        archive.add(f"00{n}_{n:016x}.txt", f"Orkan an der Küste, Meldung {n}\n{report}")
    own = "Auch in Velsburg stürzten Bäume auf die Uferstraße.\n"
    archive.add("004_0000000000000004.txt", f"Orkan trifft auch Velsburg\n{own}{report}")
    run = _runner(archive)
    assert len(run()[1].warnings) == 3
    _edit(archive, "004_0000000000000004.txt", lambda text: text.replace(own, ""))
    laps, summary = run()
    assert "read_parse" in laps and len(summary.warnings) == 4
    assert summary == _clean(archive, tmp_path / "clean")[1]
    _edit(archive, "004_0000000000000004.txt", lambda text: text.replace("Velsburg\n", "Velsburg\n" + own))
    laps, summary = run()
    assert len(summary.warnings) == 3 and summary == _clean(archive, tmp_path / "clean-again")[1]


def test_an_article_whose_language_the_boilerplate_told_is_told_again_without_it(tmp_path: Path) -> None:
    """A short English report with a German publisher's footers under it: read with them, it was marked
    German, so its page and its title on other pages had no ``lang="en"``. An edit of it goes the whole way,
    which tells the language again."""
    footers = ("Sie lesen das Velsburger Tageblatt kostenlos. Unterstützen Sie unabhängigen Lokaljournalismus "
               "mit einem Abonnement, damit wir weiter berichten können.\n"
               "Alle Rechte vorbehalten. Vervielfältigung nur mit Genehmigung der Redaktion des Tageblatts.\n")
    archive = make_archive(tmp_path / "p")
    for n in range(1, 4):
        archive.add(f"00{n}_{n:016x}.txt", f"Neuer Radweg Nummer {n} am Rhein\nDie Stadt baut am Ufer einen "
                    f"weiteren Radweg, den {n}. in diesem Jahr.\n{footers}")
    english = "004_0000000000000004.txt"
    archive.add(english, f"Ferry resumes service\nThe ferry to Osterholm runs again from Monday.\n{footers}")
    run = _runner(archive)
    run()
    pages = list(archive.docs.glob("articles/*/ferry-resumes-service.md"))
    assert len(pages) == 1 and frontmatter.loads(pages[0].read_text(encoding="utf-8"))["language"] == "en"
    _edit(archive, english, lambda text: text.replace("Monday", "Tuesday"))
    laps, summary = run()
    assert "read_parse" in laps
    assert frontmatter.loads(pages[0].read_text(encoding="utf-8"))["language"] == "en"
    assert archive.docs_files() == _clean(archive, tmp_path / "clean")[0]


def test_added_and_removed_files_and_hand_edited_pages_run_the_whole_pipeline(tmp_path: Path) -> None:
    """A copy under the same title (its page numbered), the file it copies removed (the copy's page then
    takes its place), a page edited by hand."""
    archive = copy_sample(tmp_path / "p")
    run = _runner(archive)
    run()
    (archive.content / ADDED).write_text((archive.content / FLOOD).read_text(encoding="utf-8"), encoding="utf-8")
    assert "read_parse" in run()[0]
    page = archive.docs / "articles/2024/hochwasser-ueberflutet-uferstrassen-in-velsburg.md"
    numbered = page.with_name(page.stem + "-2.md")
    assert ADDED in numbered.read_text(encoding="utf-8")
    (archive.content / FLOOD).unlink()
    assert "read_parse" in run()[0]
    assert ADDED in page.read_text(encoding="utf-8") and not numbered.exists()
    made = page.read_bytes()
    page.write_text("von Hand geändert\n", encoding="utf-8")
    _edit(archive, HARBOUR, _renumbered)
    assert "read_parse" in run()[0]
    assert page.read_bytes() == made
    assert archive.docs_files() == _clean(archive, tmp_path / "clean")[0]


def _told(stderr: str) -> str:
    """The last line a run told the user, without what differs between runs: pages written, seconds."""
    return re.sub(r"\(\d+ written, \d+ unchanged|\d+\.\d s$", "", stderr.splitlines()[-1])


def test_a_patched_run_reports_the_files_still_skipped(tmp_path: Path) -> None:
    archive = copy_sample(tmp_path / "p")
    (archive.content / "leer.txt").write_text("\n", encoding="utf-8")
    first = archive.run("generate", "--strict")
    _edit(archive, HARBOUR, _renumbered)
    laps, _ = _runner(archive)()
    assert laps == ["patch"]
    _edit(archive, HARBOUR, lambda text: _renumbered(text, 2))
    patched = archive.run("generate", "--strict")
    assert first.exit_code == patched.exit_code == 1
    skipped = [line for line in first.stderr.splitlines() if line.startswith("skipped ")]
    assert skipped and [line for line in patched.stderr.splitlines() if line.startswith("skipped ")] == skipped
    assert "(1 written, " in patched.stderr
    assert _told(patched.stderr) == _told(first.stderr)


def test_a_run_with_nothing_changed_writes_no_file(tmp_path: Path) -> None:
    """Nothing changed since the last run: no page and no cache file is written again (the record of
    the last run neither), and the user is told what the last run told."""
    archive = copy_sample(tmp_path / "p")
    first = archive.run("generate")

    def states() -> dict[str, tuple[int, int]]:
        files = [*archive.docs.rglob("*"), *(archive.root / "build" / "cache").rglob("*")]
        return {str(p): (p.stat().st_mtime_ns, p.stat().st_ino) for p in files if p.is_file()}

    before = states()
    assert any(name.endswith("run.pickle") for name in before)
    again = archive.run("generate")
    assert again.exit_code == first.exit_code == 0
    assert states() == before
    assert "(0 written, " in again.stderr.splitlines()[-1]
    assert _told(again.stderr) == _told(first.stderr)


def test_patched_runs_do_without_the_tag_stages_scan_file(tmp_path: Path) -> None:
    """The patch compares what the tag stage reads of an article with what it read in the last run, and
    that is worked out from the article's last parse, not read from the scan file (25 MB at 10,000
    articles); each patch then records its own."""
    archive = copy_sample(tmp_path / "p")
    run = _runner(archive)
    run()
    (archive.root / "build" / "cache" / "scans.pickle").unlink()
    for n, name in enumerate((HARBOUR, HARBOUR, FLOOD, HARBOUR), start=1):
        _edit(archive, name, lambda text, n=n: _renumbered(text, n))
        assert run()[0] == ["patch"]
        assert not (archive.root / "build" / "cache" / "scans.pickle").exists()
    assert archive.docs_files() == _clean(archive, tmp_path / "clean")[0]


def _paragraph_lines(text: str) -> list[int]:
    """The lines of a raw article that are body paragraphs, the opening one first."""
    lines = text.split("\n")
    return [i for i, line in enumerate(lines) if len(line) > 80 and not line.startswith(("!", "Mehr zum Thema"))]


def _apply(text: str, kind: str, n: int, other: str) -> str:
    """One small edit of a raw article, of the kinds an archive's keeper makes."""
    lines = text.split("\n")
    if kind == "title":  # a word added to the title, and to the hero image's caption that repeats it
        title = lines[0]
        return text.replace(title, title + [" – aktualisiert", " (korrigiert)", ": Neues"][n % 3])
    body = _paragraph_lines(text)
    if kind == "opening" and body:  # what the listings and feeds show as its lead
        lines[body[0]] = lines[body[0]].replace(". ", f" ({1990 + n}). ", 1)
        return "\n".join(lines)
    later = body[1:]
    if not later:
        return text
    at = later[n % len(later)]
    if kind == "number":  # patched: nothing another page sees
        lines[at] = lines[at].replace(". ", f" ({1990 + n}). ", 1)
    elif kind == "punctuation":
        lines[at] = lines[at].replace(", ", " – ", 1)
    elif kind == "word":  # a lower-case word, new to the article or not
        lines[at] = lines[at].replace(" ", " ausdrücklich ", 1)
    elif kind == "name":
        lines[at] = lines[at] + " Das sagte Tessa Quandt."
    elif kind == "their names":  # names other articles have: tags of theirs, maybe this article's now
        lines[at] = lines[at] + " Malte Strübing und Northgate Shipping widersprachen."
    elif kind == "dropped":
        del lines[at]
    elif kind == "borrowed":  # a paragraph of another article: maybe boilerplate now
        borrowed = _paragraph_lines(other)
        lines.insert(at, other.split("\n")[borrowed[n % len(borrowed)]] if borrowed else lines[at])
    return "\n".join(lines)


def test_a_paragraph_that_changes_an_articles_language_gives_what_a_clean_run_gives(tmp_path: Path) -> None:
    """A Russian article's opening paragraph copied to the top of a German one makes it Russian: the tag
    stage reads it with another language's words, so the pass over the archive runs (its cut-off
    compared the old scan with the new language's words, and failed)."""
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    run = _runner(archive)
    run()
    german, russian = archive.content / "006_a4cf4ec467178981.txt", archive.content / "007_e12153ee4cf1c14e.txt"
    german.write_text(_apply(german.read_text(encoding="utf-8"), "borrowed", 0, russian.read_text(encoding="utf-8")),
                      encoding="utf-8")
    laps, summary = run()
    assert "tag" in laps
    files, clean_summary = _clean(archive, tmp_path / "clean")
    assert archive.docs_files() == files and summary == clean_summary
    assert b'\nlanguage: "ru"\n' in files["articles/2024/nach-dem-hochwasser-stadt-prueft-schaeden-an-deichen.md"]


@settings(max_examples=8, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 23), st.sampled_from(["number", "punctuation", "word", "name", "their names",
                                                              "dropped", "borrowed", "title", "opening", "added",
                                                              "removed"]), st.integers(0, 9)),
                min_size=1, max_size=6))
def test_any_series_of_edits_leaves_what_a_clean_run_leaves(tmp_path_factory: pytest.TempPathFactory,
                                                            edits: list[tuple[int, str, int]]) -> None:
    """Each edit followed by a run, patched or whole, as it comes; the last run's pages are a clean run's."""
    root = tmp_path_factory.mktemp("series")
    archive = copy_sample(root / "p", site_url="https://archiv.example/")
    run = _runner(archive)
    run()
    files = sorted(archive.content.glob("*.txt"))
    for index, kind, n in edits:
        present = sorted(archive.content.glob("*.txt"))
        file, other = files[index], present[(index + 1 + n) % len(present)]
        if kind == "added":  # a copy under a new name and title
            file = archive.content / f"1{len(present):02d}_{index:016x}.txt"
            kind, text = "title", other.read_text(encoding="utf-8")
        elif not file.exists():
            continue
        elif kind == "removed":
            file.unlink()
            run()
            continue
        else:
            text = file.read_text(encoding="utf-8")
        file.write_text(_apply(text, kind, n, other.read_text(encoding="utf-8")), encoding="utf-8")
        run()
    assert archive.docs_files() == archive.clean_run(root / "clean")
