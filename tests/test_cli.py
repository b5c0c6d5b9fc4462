"""The command line as a user meets it: exit codes and the lines they read."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO, Archive, make_archive

GOOD = """
    Hochwasser erreicht die Altstadt
    ![Hochwasser erreicht die Altstadt](https://img.test.example/2024.06/flut.jpg)
    Der Pegel stieg in der Nacht auf über sieben Meter, die Feuerwehr sicherte die Uferstraße mit Sandsäcken.
    Am Morgen waren mehrere Keller überflutet; verletzt wurde niemand.
"""


@pytest.fixture
def messy(archive: Archive) -> Archive:
    archive.add("good.txt", GOOD)
    (archive.content / "empty.txt").write_bytes(b"")
    (archive.content / "blob.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x01")
    return archive


def test_check_names_bad_files_and_exits_0(messy: Archive) -> None:
    result = messy.run("check")
    assert result.exit_code == 0
    lines = result.stderr.splitlines()
    assert "skipped empty.txt: empty file" in lines
    assert "skipped blob.txt: binary data (4 NUL bytes, the first at byte 8), not a text file" in lines
    assert lines[-1].startswith("archive-site: 1 article, 2 files skipped")
    assert not messy.docs.exists() and not messy.site.exists()


def test_check_names_the_articles_dated_by_their_file_alone(archive: Archive) -> None:
    """An article whose text names no date is dated by its file, the day it was copied: nothing told which."""
    archive.add("good.txt", GOOD)
    archive.add("ohne.txt", "Fähre fährt wieder\nDie Fähre nach Osterholm fährt wieder nach Fahrplan.\n")
    result = archive.run("check")
    assert result.exit_code == 0
    assert "1 article dated by the file alone (the text names no date): ohne.txt" in result.stderr.splitlines()


def test_check_lists_the_short_forms_the_archive_spells_out_as_alias_lines(archive: Archive) -> None:
    """"DGB" and "Deutscher Gewerkschaftsbund" were two topics, and nothing said how to join them."""
    for n in range(2):
        archive.add(f"dgb{n}.txt", f"""
            Gewerkschaft warnt vor Stellenabbau {n}
            Der Deutsche Gewerkschaftsbund (DGB) warnt vor dem Abbau von Stellen bei den Stadtwerken.
        """)
    lines = archive.run("check").stderr.splitlines()
    at = lines.index("short forms the archive spells out; to make each one topic with its full name, add under "
                     "tags.aliases (articles: line):")
    assert lines[at + 1] == "      2: DGB: Deutsche Gewerkschaftsbund"


def test_an_article_dated_after_today_is_named(archive: Archive) -> None:
    """A mistyped year ("2099") put the article first on the home page, under a year of its own, without a word."""
    archive.add("good.txt", GOOD)
    archive.add("zukunft.txt", "Hafen wächst weiter\n01.01.2099\nDer Hafen wächst weiter, teilte die Stadt mit.\n")
    for command in ("check", "generate"):
        lines = archive.run(command).stderr.splitlines()
        assert "warning zukunft.txt: dated 2099-01-01, after today" in lines, command
        assert not any("good.txt" in line for line in lines), command


def test_a_builds_two_lines_count_docs_dirs_files_and_the_sites_pages(tmp_path: Path) -> None:
    """"116 pages", then "78 pages", for one build: the first counted the feeds too."""
    archive = make_archive(tmp_path / "p", "site_url: https://archiv.example/\n")
    archive.add("good.txt", GOOD)
    lines = archive.run("build").stderr.splitlines()
    feeds = len(list(archive.docs.rglob("*.xml")))
    pages = len(list(archive.docs.rglob("*.md")))
    assert feeds and f"{pages + feeds} files in docs_dir ({pages + feeds} written, 0 unchanged, 0 removed)" in lines[0]
    assert f"({pages} pages, " in lines[-1]


def test_check_strict_exits_1(messy: Archive) -> None:
    assert messy.run("check", "--strict").exit_code == 1


def test_build_goes_on_with_the_good_file(messy: Archive) -> None:
    result = messy.run("build")
    assert result.exit_code == 0, result.output
    page = messy.html("articles/2024/hochwasser-erreicht-die-altstadt/index.html")
    assert page.select_one("article h1").get_text(strip=True) == "Hochwasser erreicht die Altstadt"
    assert messy.run("build", "--strict").exit_code == 1


def test_unknown_config_key_is_one_line_exit_2(archive: Archive) -> None:
    archive.config.write_text(archive.config.read_text() + "colour: blue\n")
    result = archive.run("generate")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {archive.config}: unknown key 'colour'"


def test_wrong_type_names_the_key(archive: Archive) -> None:
    archive.config.write_text(archive.config.read_text() + "tags:\n  min_articles: many\n")
    result = archive.run("check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {archive.config}: key 'tags.min_articles':")
    assert len(result.stderr.strip().splitlines()) == 1


def test_a_config_read_before_loads_without_validating_it_again(archive: Archive, tmp_path: Path) -> None:
    """pydantic is imported only to check a config file new or changed since it was last checked (a
    tenth of a second of every command); a changed file is checked again, and an error still shows."""
    probe = ("import sys; from generator.config import ConfigError, load_config\n"
             "try:\n    config = load_config(sys.argv[1]); print(config.tags.min_articles, 'pydantic' in sys.modules)\n"
             "except ConfigError as error:\n    print(error)")

    def load() -> str:
        env = {"XDG_CACHE_HOME": str(tmp_path / "cache"), "PATH": "/usr/bin:/bin"}
        return subprocess.run([sys.executable, "-c", probe, str(archive.config)], capture_output=True, text=True,
                              check=True, cwd=REPO, env=env).stdout.strip()

    assert load() == "2 True"
    assert load() == "2 False"
    archive.config.write_text(archive.config.read_text() + "tags:\n  min_articles: 3\n")
    assert load() == "3 True"
    archive.config.write_text(archive.config.read_text().replace("min_articles: 3", "min_articles: 0"))
    assert load().endswith("key 'tags.min_articles': Input should be greater than or equal to 1")


@pytest.mark.parametrize(("setting", "message"), [
    ("language: fr", "key 'language': Input should be 'de' or 'en'"),
    ("site_url: example.org/archiv", "key 'site_url': 'example.org/archiv' is no web address; write it whole, as "
     "https://name.github.io/repository/"),
    # Material's words and the page's lang in French, archive-site's words and the articles' marks in German.
    ("mkdocs:\n  theme:\n    language: fr", "key 'mkdocs.theme.language': 'fr' is not the site's language ('de'); "
     "set 'language' instead (de or en), which Material's words follow"),
    ("boilerplate:\n  patterns: [{regex: '(unclosed'}]",
     "key 'boilerplate.patterns': Value error, invalid regular expression: missing ), unterminated subpattern "
     "at position 0"),
])
def test_a_setting_the_site_cannot_keep_is_one_line_exit_2(archive: Archive, setting: str, message: str) -> None:
    """``language: fr`` built a site of French search labels and English words, ``en-GB`` a traceback;
    a regular expression that does not compile was named as a string of the wrong type."""
    archive.config.write_text(archive.config.read_text() + setting + "\n")
    result = archive.run("check")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {archive.config}: {message}"


def test_an_empty_site_url_is_no_address(archive: Archive) -> None:
    archive.add("good.txt", GOOD)
    archive.config.write_text(archive.config.read_text() + "site_url: ''\n")
    assert archive.run("build").exit_code == 0
    assert not (archive.site / "feed.xml").exists()


@pytest.mark.parametrize(("setting", "message"), [
    ("Site_name: x", "unknown key 'Site_name'"),
    ("tags:\n  rules:\n    Hochwasser: 5", "key 'tags.rules.Hochwasser': Input should be a list"),
    # A number as a key named none ("key '(top)': Keys should be strings").
    ("1: x", "key 1: a setting's name is a word (see the README's settings)"),
])
def test_a_key_with_capitals_is_named_as_written(archive: Archive, setting: str, message: str) -> None:
    archive.config.write_text(archive.config.read_text() + setting + "\n")
    result = archive.run("check")
    assert result.exit_code == 2 and result.stderr.startswith(f"error: {archive.config}: {message}")


def test_language_is_read_in_any_case_and_by_its_primary_subtag(archive: Archive) -> None:
    """``language: EN`` and ``en-GB`` were refused: the site is in English."""
    archive.add("good.txt", GOOD)
    archive.config.write_text(archive.config.read_text() + "language: EN-gb\n")
    assert archive.run("build").exit_code == 0
    home = archive.html("index.html")
    assert home.html["lang"] == "en"
    assert [a.get_text(strip=True) for a in home.select("nav.md-nav--primary > ul > li > a")] == \
        ["Home", "Topics", "Archive"]


def test_search_languages_are_read_by_their_primary_subtag_and_an_unknown_one_is_refused(archive: Archive) -> None:
    """``search_languages: [de, xx]`` built a search that stemmed English instead, and said nothing (MkDocs
    tells it at a level a build does not show)."""
    archive.add("good.txt", GOOD)
    archive.config.write_text(archive.config.read_text() + "search_languages: [de-DE, FR]\n")
    assert archive.run("build").exit_code == 0
    index = json.loads((archive.site / "search/search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["lang"] == ["de", "fr"]
    archive.config.write_text(archive.config.read_text().replace("[de-DE, FR]", "[de, xx]"))
    result = archive.run("check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {archive.config}: key 'search_languages': 'xx': the search knows no "
                                    "such language (it knows ar, da, de,")


def test_a_rule_keyword_starting_words_needs_four_letters(archive: Archive) -> None:
    """"Ha*" would match most of the archive's words, and give every article the rule's tag."""
    archive.config.write_text(archive.config.read_text() + "tags:\n  rules:\n    Hafen: [Hafen*, Ha*]\n")
    result = archive.run("check")
    assert result.exit_code == 2
    assert result.stderr == (f"error: {archive.config}: key 'tags.rules.Hafen': 'Ha*': a keyword ending in '*' "
                             "matches the words starting with it, and needs 4 letters or more\n")


def test_a_site_beside_the_checkout_builds_with_archive_sites_theme(tmp_path: Path) -> None:
    """A site_config.yml of one's own, in a folder without theme/, stopped every build: MkDocs found no
    custom_dir. Set, a theme_dir that is not there is named before anything is read."""
    archive = Archive(tmp_path / "mine")
    (archive.root / "content").mkdir(parents=True)
    archive.config.write_text("site_name: Mein Archiv\n")
    archive.add("good.txt", GOOD)
    assert archive.run("build").exit_code == 0
    page = archive.html("articles/2024/hochwasser-erreicht-die-altstadt/index.html")
    assert page.select_one(".archive-figure, .archive-hero") is not None  # archive-site's templates made it
    archive.config.write_text("site_name: Mein Archiv\ntheme_dir: themes/mine\n")
    result = archive.run("check")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {archive.config}: key 'theme_dir': folder {archive.root / 'themes/mine'} "
                                    "not found")
    # A folder of one's own overrides alone: the pages lost archive-site's styles and search, without a word.
    (archive.root / "themes/mine").mkdir(parents=True)
    (archive.root / "themes/mine/main.html").write_text('{% extends "base.html" %}\n')
    result = archive.run("build")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"error: {archive.config}: key 'theme_dir': {archive.root / 'themes/mine'} lacks archive-site's theme files "
        f"(404.html, assets/archive.css, assets/archive.js, …): start from a copy of {REPO / 'theme'} and change what "
        "you want")
    shutil.copytree(REPO / "theme", archive.root / "themes/mine", dirs_exist_ok=True)
    assert archive.run("build").exit_code == 0


@pytest.mark.parametrize(("setting", "message"), [
    ("theme: 5", "key 'mkdocs.theme': Invalid type <class 'int'>. Expected a string or key/value pairs."),
    ("plugins: [nosuchplugin]", "key 'mkdocs.plugins': The \"nosuchplugin\" plugin is not installed"),
    # each of these ended build in a traceback
    ("plugins: 5", "key 'mkdocs.plugins': Invalid Plugins configuration. Expected a list or dict."),
    ("theme: {features: 5}", "key 'mkdocs.theme.features': a list of Material's features (navigation.tabs, …)"),
    ("plugins: [{}]", "key 'mkdocs.plugins': Invalid Plugins configuration"),
    ("theme: {custom_dir: 5}", "key 'mkdocs': MkDocs cannot read these settings: expected str, bytes or "
     "os.PathLike object, not int"),
    # a traceback of 1,500 characters in the line
    ("markdown_extensions: [{toc: {bogus: 1}}]", "key 'mkdocs.markdown_extensions': Failed to load extension 'toc'. "
     "KeyError: 'bogus'"),
])
def test_an_mkdocs_setting_mkdocs_refuses_is_named_by_its_key(archive: Archive, setting: str, message: str) -> None:
    """``mkdocs: {theme: 5}`` passed ``check``, and ``build`` said "Config value 'theme': …" of the generated
    mkdocs.yml, then "Aborted with a configuration error!"."""
    archive.add("good.txt", GOOD)
    archive.config.write_text(archive.config.read_text() + "mkdocs:\n  " + setting + "\n")
    checked = archive.run("check")
    assert checked.exit_code == 2
    assert f"error: {archive.config}: {message}" in checked.stderr.splitlines()
    built = archive.run("build")
    assert built.exit_code == 1
    errors = [line for line in built.stderr.splitlines() if not line.startswith("archive-site:")]
    assert len(errors) == 1 and errors[0].startswith(f"error: {archive.config}: {message}")


def test_a_mistyped_content_dir_is_refused_and_the_site_stays(archive: Archive) -> None:
    """Read as an empty archive, a folder name with a typo emptied the site, and `deploy` published it."""
    archive.add("good.txt", GOOD)
    assert archive.run("build").exit_code == 0
    before = sorted(p.relative_to(archive.site) for p in archive.site.rglob("*"))
    archive.config.write_text(archive.config.read_text().replace("content_dir: content", "content_dir: contnet"))
    result = archive.run("build")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"error: {archive.config}: key 'content_dir': folder {archive.root / 'contnet'} not found"
    # Given twice, YAML would let the last win: the config names the key instead.
    archive.config.write_text(archive.config.read_text() + "content_dir: content\n")
    result = archive.run("build")
    assert result.exit_code == 2
    assert result.stderr.strip().startswith(f"error: {archive.config}: invalid YAML (line ")
    assert result.stderr.strip().endswith("): key 'content_dir' given twice")
    # A merge brings in keys a mapping may override: no key given twice.
    archive.config.write_text(archive.config.read_text().rsplit("content_dir: content\n", 1)[0].replace(
        "contnet", "content") + (
        "mkdocs:\n  extra:\n    social: &link {icon: fontawesome/brands/github, link: 'https://example.org'}\n"
        "    analytics:\n      <<: *link\n      icon: other\n"))
    assert archive.run("check").exit_code == 0
    assert sorted(p.relative_to(archive.site) for p in archive.site.rglob("*")) == before


def test_docs_dir_inside_content_is_refused(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p", "docs_dir: content/docs\n")
    result = archive.run("generate")
    assert result.exit_code == 2
    assert "key 'docs_dir'" in result.stderr and "overlaps content_dir" in result.stderr
    assert list(archive.content.iterdir()) == []


def test_foreign_files_in_docs_dir_are_refused(archive: Archive) -> None:
    archive.add("good.txt", GOOD)
    archive.docs.mkdir(parents=True)
    (archive.docs / "notes.md").write_text("mine")
    result = archive.run("generate")
    assert result.exit_code == 2
    assert "holds files archive-site did not generate (e.g. notes.md)" in result.stderr
    assert (archive.docs / "notes.md").read_text() == "mine"


def test_foreign_site_dir_is_not_emptied(archive: Archive) -> None:
    archive.add("good.txt", GOOD)
    archive.site.mkdir()
    (archive.site / "keep.html").write_text("mine")
    result = archive.run("build")
    assert result.exit_code == 1
    assert "not made by archive-site" in result.stderr
    assert (archive.site / "keep.html").read_text() == "mine"


def test_missing_config_file(tmp_path: Path) -> None:
    result = Archive(tmp_path).run("check")
    assert result.exit_code == 2
    assert "config file not found" in result.stderr


@pytest.mark.parametrize("verb", ["generate", "build", "serve", "check"])
def test_every_verb_has_help(verb: str) -> None:
    out = subprocess.run([sys.executable, "-m", "generator", verb, "--help"], capture_output=True, text=True,
                         cwd=REPO, check=True).stdout
    assert "--config" in out


def test_console_script_is_installed() -> None:
    script = Path(sys.executable).parent / "archive-site"
    out = subprocess.run([str(script), "--help"], capture_output=True, text=True, check=True).stdout
    for verb in ("generate", "build", "serve", "check"):
        assert verb in out


def test_console_script_ends_with_the_commands_exit_code_and_lines(messy: Archive, tmp_path: Path) -> None:
    """The installed command ends its process at once after the work (no slow teardown): the pages,
    the lines and the exit code must all be there as with an ordinary exit."""
    script = str(Path(sys.executable).parent / "archive-site")
    done = subprocess.run([script, "generate", "--strict", "--config", str(messy.config)],
                          capture_output=True, text=True)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert "skipped empty.txt: empty file" in lines
    assert lines[-1].startswith("archive-site: 1 article, ")
    assert "Hochwasser erreicht die Altstadt" in (messy.docs / "articles/2024/hochwasser-erreicht-die-altstadt.md"
                                                  ).read_text(encoding="utf-8")
    missing = subprocess.run([script, "generate", "--config", str(tmp_path / "nope.yml")],
                             capture_output=True, text=True)
    assert missing.returncode == 2 and "config file not found" in missing.stderr
    version = subprocess.run([sys.executable, "-m", "generator", "--version"], capture_output=True, text=True,
                             cwd=REPO)
    assert version.returncode == 0 and ", version " in version.stdout


def test_generate_called_in_process_leaves_the_cycle_collector_on(archive: Archive) -> None:
    """``archive-site generate`` leaves Python's cycle collector paused after its run, as the process
    ends then (see ``cli.run``); called in-process, by a test or a tool embedding it, the command
    leaves the collector as it found it, and so does ``generate`` itself."""
    import gc

    from generator.cli import generate
    from generator.config import load_config

    archive.add("good.txt", GOOD)
    assert gc.isenabled()
    assert archive.run("generate").exit_code == 0
    assert gc.isenabled()
    generate(load_config(archive.config))
    assert gc.isenabled()
    try:
        generate(load_config(archive.config), ends_process=True)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_serve_lists_the_archive_anew_until_its_watching_has_started() -> None:
    """``serve`` keeps its listing of content/ by the changes the system reports. Those start only once
    the first preview is served: what changed while it was built is found by the next rebuild listing
    the folder anew, not by the reports, which miss it."""
    from generator.cli import _Changes

    changes = _Changes()
    changes.note(["/archiv/content/001.txt"])
    assert changes.take() is None  # the first preview
    changes.note(["/archiv/content/002.txt"])
    assert changes.take() is None  # the first rebuild after a report
    changes.note(["/archiv/content/003.txt", "/archiv/content/004.txt"])
    changes.note(["/archiv/content/003.txt"])
    assert changes.take() == {"/archiv/content/003.txt", "/archiv/content/004.txt"}
    assert changes.take() == set()


def _on_a_terminal(*args: str) -> str:
    """What ``archive-site`` writes to a terminal (a pseudo-terminal here) for ``args``."""
    import os
    import pty

    leader, follower = pty.openpty()
    try:
        subprocess.run([sys.executable, "-m", "generator", *args], stdin=subprocess.DEVNULL, stdout=follower,
                       stderr=follower, cwd=REPO, check=True, timeout=300)
    finally:
        os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closed: all of it read
            break
        if not chunk:
            break
        output += chunk
    os.close(leader)
    return output.decode("utf-8")


def test_on_a_terminal_a_first_run_names_each_stage_after_the_parse(archive: Archive) -> None:
    """A first run of a large archive spends minutes past the parse's progress bar: on a terminal a line
    names the stage at work, replaced at each stage and cleared before the summary. A log (no terminal)
    gets the summary line alone."""
    archive.add("good.txt", GOOD)
    shown = _on_a_terminal("generate", "--config", str(archive.config))
    stages = ["Linking related headlines", "Tagging", "Finding related articles", "Writing pages",
              "Recording the run"]
    assert [line for line in shown.split("\r\x1b[K") if line.endswith(" …")] == [f"{s} …" for s in stages]
    assert shown.rsplit("\r\x1b[K", 1)[1].startswith("archive-site: 1 article, ")
    (archive.root / "build" / "cache").rename(archive.root / "old-cache")  # the whole way again, into a log
    logged = archive.run("generate")
    assert logged.exit_code == 0 and "Tagging" not in logged.stderr and "\x1b" not in logged.stderr
    assert logged.stderr.splitlines()[-1].startswith("archive-site: 1 article, ")


def test_an_article_archived_twice_is_named_and_both_pages_kept(archive: Archive) -> None:
    """A copy under another name (the same article scraped twice) would show twice in every listing with
    nothing said; a later run that takes the short way (an edit of one paragraph) says it again."""
    archive.add("003_first.txt", GOOD)
    archive.add("017_again.txt", GOOD.replace("verletzt wurde niemand", "Verletzte gab es keine"))
    archive.add("020_other_day.txt", GOOD.replace("2024.06", "2024.07"))  # the same title a month later
    expected = ("warning 017_again.txt: same title and date as 003_first.txt, so listed twice: "
                "delete one if it is a copy")
    for edit in ("", "über acht Meter"):
        if edit:
            page = archive.content / "003_first.txt"
            page.write_text(page.read_text(encoding="utf-8").replace("über sieben Meter", edit), encoding="utf-8")
        result = archive.run("generate")
        assert result.exit_code == 0, result.output
        warnings = [line for line in result.stderr.splitlines() if line.startswith("warning")]
        assert warnings == [expected], result.stderr
        assert "1 warning" in result.stderr.splitlines()[-1]
        pages = sorted(p.name for p in (archive.docs / "articles" / "2024").glob("*.md"))
        assert pages == ["hochwasser-erreicht-die-altstadt-2.md", "hochwasser-erreicht-die-altstadt-3.md",
                         "hochwasser-erreicht-die-altstadt.md"]
    assert archive.run("check").stderr.splitlines()[:1] == [expected]
    assert archive.run("generate", "--strict").exit_code == 1


def test_a_file_name_not_in_utf8_is_skipped_with_one_line_and_the_rest_built(archive: Archive) -> None:
    """A name in an older system's encoding ("Grüße.txt" in Latin-1) stopped generate and build with a
    traceback, the pages half written, while check said all was well."""
    archive.add("good.txt", GOOD)
    os_name = archive.content / "Gr\udcfc\udcdfe.txt"  # the bytes 0xFC 0xDF, as Python names them
    os_name.write_bytes("Grüße aus Velsburg\nDie Stadt grüßt ihre Gäste.\n".encode())
    (archive.content / "zwei\nzeilen.txt").write_bytes(b"")  # a line break in a name
    for command in ("check", "generate"):
        result = archive.run(command)
        assert result.exit_code == 0, result.stderr
        lines = result.stderr.splitlines()
        assert "skipped Gr\\xfc\\xdfe.txt: file name is not UTF-8 (an older system's encoding?): rename the file to " \
            "read it" in lines
        assert "skipped zwei\\nzeilen.txt: empty file" in lines  # one line, the break shown as \n
        assert lines[-1].startswith("archive-site: 1 article") and "2 files skipped" in lines[-1]
    assert [p.name for p in (archive.docs / "articles").rglob("*.md")] == ["hochwasser-erreicht-die-altstadt.md"]


def test_a_mkdocs_yml_of_the_users_is_never_replaced(tmp_path: Path) -> None:
    """With docs_dir at the project's top, generate wrote its mkdocs.yml over the user's own, without a word."""
    archive = make_archive(tmp_path / "p", "docs_dir: mydocs\n")
    archive.add("good.txt", GOOD)
    mine = archive.root / "mkdocs.yml"
    mine.write_text("site_name: mine\n", encoding="utf-8")
    result = archive.run("generate")
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (f"error: {mine}: a mkdocs.yml archive-site did not write, which it would "
                                              "replace; move it, or set docs_dir one folder down (build/docs)")
    assert mine.read_text(encoding="utf-8") == "site_name: mine\n"
    mine.unlink()  # then it is archive-site's, and written again on each run
    assert archive.run("generate").exit_code == 0 and archive.run("generate").exit_code == 0
    assert mine.read_text(encoding="utf-8").startswith("# Generated by archive-site")


@pytest.mark.parametrize(("setting", "message", "code"), [
    # docs_dir's folder, written before anything else: an output error; site_dir, where the build goes: a failed build.
    ("docs_dir: afile/docs", "error: {root}/afile/.archive-site.lock: cannot write (File exists)", 2),
    ("site_dir: afile", "error: {root}/afile: a file, not a folder; choose another site_dir", 1)])
def test_an_output_path_that_cannot_be_a_folder_is_one_line(tmp_path: Path, setting: str, message: str,
                                                            code: int) -> None:
    """A file where docs_dir's or site_dir's folder goes stopped the build with a traceback."""
    archive = make_archive(tmp_path / "p", setting + "\n")
    archive.add("good.txt", GOOD)
    (archive.root / "afile").write_text("a file\n", encoding="utf-8")
    result = archive.run("build")
    assert result.exit_code == code
    assert result.stderr.splitlines()[-1] == message.format(root=archive.root)


@pytest.mark.parametrize("setting", ["docs_dir: out\nsite_dir: out", "docs_dir: out\nsite_dir: out/site",
                                     "docs_dir: x/docs\nsite_dir: x"])
def test_site_dir_overlapping_docs_dir_is_a_config_error(tmp_path: Path, setting: str) -> None:
    """check passed such settings; build wrote every page, then refused, or MkDocs stopped with its own words."""
    archive = make_archive(tmp_path / "p", setting + "\n")
    archive.add("good.txt", GOOD)
    for command in ("check", "build"):
        result = archive.run(command)
        assert result.exit_code == 2
        assert result.stderr.splitlines()[-1].startswith(f"error: {archive.config}: key 'site_dir': ")
    assert not (archive.root / "out").exists() and not (archive.root / "x").exists()


def test_serve_refuses_a_port_that_is_none(archive: Archive) -> None:
    for port in ("99999", "-5", "0"):
        result = archive.run("serve", "--port", port)
        assert result.exit_code == 2
        assert "Invalid value for '--port'" in result.stderr


def test_an_archive_without_articles_is_warned_of_and_never_published(archive: Archive) -> None:
    """An emptied or wrong content_dir built an empty site with exit 0, even under --strict, and deploy would
    have published it."""
    (archive.content / "notes.pdf").write_bytes(b"%PDF-1.4\n")
    result = archive.run("generate")
    assert result.exit_code == 0
    assert f"warning {archive.content}: no articles (no .txt or .md file that makes a page)" in result.stderr.splitlines()
    assert archive.run("generate", "--strict").exit_code == 1
    subprocess.run(["git", "init", "-q"], cwd=archive.root, check=True)
    subprocess.run(["git", "remote", "add", "origin", str(archive.root / "origin.git")], cwd=archive.root, check=True)
    result = archive.run("deploy")
    assert result.exit_code == 2
    assert (f"error: {archive.content}: no articles (no .txt or .md file that makes a page); nothing to publish"
            in result.stderr.splitlines())
    assert not archive.site.exists()


@pytest.mark.parametrize(("setting", "message"), [
    ("mkdocs:\n  nonsense_key: 1\n",
     "key 'mkdocs.nonsense_key': MkDocs has no setting of this name (Unrecognised configuration name: nonsense_key)"),
    ("mkdocs:\n  site_dir: other\n", "key 'mkdocs.site_dir': set 'site_dir' at the top level instead, where "
                                     "archive-site checks and uses it")])
def test_check_names_an_mkdocs_setting_that_does_nothing_or_goes_around_the_checks(
        tmp_path: Path, setting: str, message: str) -> None:
    """check passed both; build ignored a misspelt setting with MkDocs' own warning, and built into a site_dir
    given under mkdocs: that no check of archive-site's had seen (or ignored it)."""
    archive = make_archive(tmp_path / "p", setting)
    archive.add("good.txt", GOOD)
    result = archive.run("check")
    assert result.exit_code == 2
    assert f"error: {archive.config}: {message}" in result.stderr.splitlines()
