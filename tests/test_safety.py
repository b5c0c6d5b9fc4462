"""Hostile and broken input: archived text never becomes active content, nothing is lost."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import frontmatter
import pytest
from bs4 import BeautifulSoup

from .conftest import Archive, make_archive

HOSTILE_TITLE = '<script>alert("t")</script> Übernahme {{ config.site_name }} & "Zitat"'
HOSTILE = f"""
    {HOSTILE_TITLE}
    ![{HOSTILE_TITLE}](https://img.test.example/2025.01/a.jpg" onerror="alert(1))
    Vorher <img src=x onerror=alert(2)> und <iframe src="https://evil.example/"></iframe> nachher.
    <svg onload=alert(3)>Grafik</svg> <!-- versteckt --> &lt;b&gt; bleibt Text &amp; so.
    Ein [Link](javascript:alert(4)) und ein ![Bild](data:text/html;base64,PHNjcmlwdD4=) und [gut](https://ok.example/).
    Verkleidet: [eins](&#x6A;avascript:alert(6)) [zwei](java&#9;script:alert(7)) [drei](javascript&colon;alert(8)).
    {{% raw %}} {{{{ 7*7 }}}} {{: onclick="alert(5)" }}
    # keine Überschrift
    - keine Liste
    | keine | Tabelle |
    Rechts\u202enach links
"""
YAMLISH = """
    ---
    title: gefälscht
    ---
    Der Absatz unter einer Zeile aus drei Strichen ist Text, kein Front Matter, und bleibt vollständig erhalten.
"""
# A hand-written page is Markdown, published as written but for what could run in a browser.
HAND_WRITTEN = """
    ---
    title: Handgeschriebene Seite
    source:
      url: "javascript:alert(9)"
    ---
    Vorher <script>alert(10)</script> **fett** <sup>2</sup> und <img src=x onerror=alert(11)> nachher.

    Ein [Link](javascript:alert(12)), ein [verkleideter](&#x6A;avascript:alert(13)) und ein [guter](https://ok.example/).

    Absatz mit Attribut
    {: onclick="alert(14)" }

    <iframe src="https://evil.example/"></iframe>

    <div class="archive-links">
    <img src=x onerror="alert(15)"><script>alert(16)</script><a href="javascript:alert(17)">Blockverweis</a>
    </div>

    <div id="__config">{"base": "https://evil.example/", "features": [], "translations": {}}</div>

    <p><a href="https://ok.example/" title="x
    <div class="archive-more">
     onmouseover=alert(18) style=display:block x=
    </div>
    y">Überfahren</a> verlinkt.</p>

    Ein [fremder](//evil.example/x) Verweis.

    Verkleidet als Seitenleiste
    {: #__search .md-sidebar .md-sidebar--primary }

    | Spalte | Wert |
    | :--- | ---: |
    | a | 1 |
"""
PYTHON_TAG = """
    !!python/object/apply:os.system ["echo pwned"]: key: value
    Ein Titel, der YAML brechen würde, bleibt ein Titel; der Text darunter ist ein gewöhnlicher Absatz.
"""


def tree_hash(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        digest.update(path.relative_to(root).as_posix().encode())
        if path.is_file():
            digest.update(path.read_bytes())
        digest.update(str(path.stat().st_mode).encode())
    return digest.hexdigest()


# Small archives index every word; large ones only the lead, and write the rest of each article
# as HTML rather than Markdown (write.article_page): both ways must keep archived text text.
@pytest.fixture(scope="module", params=["", "search:\n  index: lead\n  lead_paragraphs: 0\n"],
                ids=["full-text", "lead-only"])
def hostile(tmp_path_factory: pytest.TempPathFactory, request: pytest.FixtureRequest) -> tuple[Archive, str, str]:
    archive = make_archive(tmp_path_factory.mktemp("hostile"), request.param)
    archive.add("001_hostile.txt", HOSTILE)
    archive.add("002_yamlish.txt", YAMLISH)
    archive.add("003_python.txt", PYTHON_TAG)
    archive.add("004_hand.md", HAND_WRITTEN)
    before = tree_hash(archive.content)
    result = archive.run("build")
    assert result.exit_code == 0, result.output
    return archive, before, result.stderr


def _article_pages(archive: Archive) -> list[Path]:
    return sorted((archive.site / "articles").rglob("index.html"))


def test_no_script_or_handler_from_the_archive(hostile: tuple[Archive, str, str]) -> None:
    archive, _, _ = hostile
    for page in [*archive.site.rglob("*.html")]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert not soup.find_all(["iframe", "object", "embed"]), page
        for tag in soup.find_all(True):
            handlers = [a for a in tag.attrs if a.lower().startswith("on")]
            assert not handlers, f"{page}: <{tag.name} {handlers}>"
            for attr in ("href", "src"):
                # As the browser reads it: entities decoded (by the parser), tabs and line breaks left out.
                value = re.sub(r"[\t\n\r]", "", str(tag.get(attr, ""))).strip("\x00 ").lower()
                assert not value.startswith(("javascript:", "data:")), f"{page}: {tag}"
        for script in soup.find_all("script"):
            assert "alert" not in (script.string or ""), page


def test_hostile_text_still_shows_as_text(hostile: tuple[Archive, str, str]) -> None:
    archive, _, _ = hostile
    page = next(p for p in _article_pages(archive) if "script" in p.parent.name)
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert soup.select_one("article h1").get_text() == HOSTILE_TITLE
    assert soup.title.get_text().startswith(HOSTILE_TITLE)
    body = soup.select_one(".archive-body").get_text()
    for text in ("<img src=x onerror=alert(2)>", "<svg onload=alert(3)>Grafik</svg>", "<!-- versteckt -->",
                 "&lt;b&gt; bleibt Text &amp; so.", "{% raw %} {{ 7*7 }}", "# keine Überschrift", "- keine Liste",
                 "| keine | Tabelle |", "Ein Link und ein Bild und gut."):
        assert text in body, text
    assert soup.select_one(".archive-body a[href='https://ok.example/']").get_text() == "gut"
    assert not soup.select(".archive-body h1, .archive-body ul, .archive-body table")


def test_unsafe_links_are_reported(hostile: tuple[Archive, str, str]) -> None:
    _, _, stderr = hostile
    assert "warning 001_hostile.txt: dropped link with unsafe URL scheme 'javascript:'" in stderr
    assert "warning 001_hostile.txt: dropped link with unsafe URL scheme 'data:'" in stderr
    assert "warning 004_hand.md: dropped link with unsafe URL scheme 'javascript:'" in stderr  # its source.url
    assert ("warning 004_hand.md: <script> removed from the page: markup that could run in a reader's browser "
            "is not published") in stderr
    assert "warning 004_hand.md: 'onerror=' removed from the page" in stderr


def test_a_hand_written_page_keeps_its_markup_but_what_could_run(hostile: tuple[Archive, str, str]) -> None:
    """A .md article's Markdown and harmless HTML are published as written; scripts, handlers, frames and
    links that are no http(s) go, and the text around them stays."""
    archive, _, _ = hostile
    page = next(p for p in _article_pages(archive) if "handgeschriebene" in p.parent.name)
    body = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").select_one("article")
    assert [b.get_text() for b in body.select("strong")] == ["fett"] and body.select_one("sup").get_text() == "2"
    assert [(td.get_text(), td.get("align")) for td in body.select("td")] == [("a", "left"), ("1", "right")]
    text = " ".join(body.get_text().split())
    for kept in ("Vorher fett 2 und nachher.", "Ein Link, ein verkleideter und ein guter.", "Absatz mit Attribut"):
        assert kept in text
    assert "alert" not in body.get_text()  # (a handler in the text of a title attribute is text)
    assert {a["href"] for a in body.select(".md-content__inner a[href*='example']")} == {"https://ok.example/"}
    # Material reads its settings from the element #__config: the page's own would take its place.
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    assert sorted(e.name for e in soup.select("#__config, #__search")) == ["input", "script"]  # Material's own
    assert not body.select(".archive-body .md-sidebar") and "Verkleidet als Seitenleiste" in text
    assert "Blockverweis" in text and "Überfahren" in text
    # A link to another host without http(s) is no relative link, whatever the parser thinks.
    assert not [a["href"] for a in body.select("a[href]") if a["href"].replace("\\", "/").startswith("//")]
    assert not body.select("a.archive-original")  # its source.url was no http(s)


def test_front_matter_round_trips(hostile: tuple[Archive, str, str]) -> None:
    archive, _, _ = hostile
    titles = {frontmatter.load(p)["title"] for p in (archive.docs / "articles").rglob("*.md")}
    assert HOSTILE_TITLE in titles
    assert "---" in titles
    assert '!!python/object/apply:os.system ["echo pwned"]: key: value' in titles
    yamlish = next(p for p in (archive.docs / "articles").rglob("*.md") if frontmatter.load(p)["title"] == "---")
    assert "bleibt vollständig erhalten" in frontmatter.load(yamlish).content


def test_content_dir_is_never_modified(hostile: tuple[Archive, str, str]) -> None:
    archive, before, _ = hostile
    assert tree_hash(archive.content) == before
    for verb in ("check", "generate", "build"):
        archive.run(verb)
        assert tree_hash(archive.content) == before, verb


# ---------------------------------------------------------------------------


def test_every_input_is_a_page_or_a_skipped_file(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p")
    archive.add("good.txt", "Gute Nachricht\nEin Absatz mit genug Text, damit er als Artikel zählt.")
    archive.add("same-title.txt", "Gute Nachricht\nEin anderer Absatz mit demselben Titel wie der erste.")
    archive.add("emoji.txt", "🎉🎉\nNur Emoji im Titel ergeben keinen Slug, die Seite braucht trotzdem einen Pfad.")
    archive.add("weird name ..  ü.txt", "Name mit Leerzeichen\nDer Dateiname hat Leerzeichen, Punkte und Umlaute.")
    archive.add(("x" * 240) + ".txt", "Langer Dateiname\nDer Name der Datei ist sehr lang, der Pfad bleibt sicher.")
    (archive.content / "empty.txt").write_bytes(b"")
    (archive.content / "blank.txt").write_bytes(b"  \n\t\n")
    (archive.content / "images-only.txt").write_text("![a](https://x.example/a.jpg)\n")
    (archive.content / "utf16.txt").write_bytes("Kodierung UTF-16\nDer Text ist in UTF-16 gespeichert.".encode("utf-16"))
    (archive.content / "latin1.txt").write_bytes("Grüße aus Köln\nÄrger über Straßenbau in der Südstadt.".encode("cp1252"))
    (archive.content / "bad.md").write_text("---\ntitle: [unclosed\n---\nText\n")
    (archive.content / "notes.pdf").write_bytes(b"%PDF-1.4")
    outside = tmp_path / "secret.txt"
    outside.write_text("Geheim\nDieser Text liegt außerhalb des Archivs und darf nicht erscheinen.")
    os.symlink(outside, archive.content / "link.txt")
    result = archive.run("build")
    assert result.exit_code == 0, result.output
    skipped = {line.split(":", 1)[0].removeprefix("skipped ") for line in result.stderr.splitlines()
               if line.startswith("skipped ")}
    assert skipped == {"empty.txt", "blank.txt", "images-only.txt", "bad.md", "notes.pdf", "link.txt"}
    pages = list((archive.docs / "articles").rglob("*.md"))
    assert len(pages) + len(skipped) == len(list(archive.content.iterdir()))
    assert "7 articles, " in result.stderr and "6 files skipped" in result.stderr
    sources = {frontmatter.load(p)["source"]["file"] for p in pages}
    assert "utf16.txt" in sources and "latin1.txt" in sources
    paths = [p.relative_to(archive.docs).as_posix() for p in pages]
    assert len(set(paths)) == len(paths)
    assert all(p.isascii() and " " not in p and ".." not in p and len(p) < 120 for p in paths)
    assert not any("Geheim" in p.read_text() for p in pages)
    assert archive.run("build", "--strict").exit_code == 1


def test_second_concurrent_build_is_refused(archive: Archive) -> None:
    archive.add("good.txt", "Gute Nachricht\nEin Absatz mit genug Text, damit er als Artikel zählt.")
    from generator.config import load_config
    from generator.site import build_lock

    with build_lock(load_config(archive.config)):
        result = archive.run("build")
    assert result.exit_code == 1
    assert "another archive-site run holds" in result.stderr


def test_killed_build_leaves_previous_site(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p")
    for n in range(150):
        archive.add(f"{n:03d}.txt", f"Meldung Nummer {n}\nDer Text der Meldung {n} ist kurz, aber vollständig.")
    assert archive.run("build").exit_code == 0
    before = sorted(p.relative_to(archive.site).as_posix() for p in archive.site.rglob("*"))
    archive.add("999.txt", "Neue Meldung\nDiese Meldung kommt hinzu, während der Build abgebrochen wird.")
    # A new site name changes every page: a whole build, into a staging folder. (An update of a few
    # pages moves each into the site whole once MkDocs has made them all; see generator/build.py.)
    archive.config.write_text(archive.config.read_text(encoding="utf-8").replace(
        "site_name: Testarchiv", "site_name: Testarchiv Neu"), encoding="utf-8")
    process = subprocess.Popen([str(Path(sys.executable).parent / "archive-site"), "build", "--config",
                                str(archive.config)], stderr=subprocess.PIPE, text=True)
    # Kill once MkDocs has started writing its staging folder.
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(archive.root.glob(".site.building-*/*")):
        time.sleep(0.02)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert sorted(p.relative_to(archive.site).as_posix() for p in archive.site.rglob("*")) == before
    assert archive.run("build").exit_code == 0
    assert (archive.site / "articles").exists()
    # The killed build's staging folder and the replaced site are deleted in the background.
    deadline = time.monotonic() + 30
    while list(archive.root.glob(".site.*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(archive.root.glob(".site.*"))


def _tag_names(count: int) -> list[str]:
    """``count`` distinct made-up place names (letters only: digits would fold several into one tag)."""
    letters = "bcdfghklmnprstvz"
    vowels = "aeiou"
    names = []
    for n in range(count):
        syllables = []
        while True:
            n, c = divmod(n, len(letters) * len(vowels))
            syllables.append(letters[c // len(vowels)] + vowels[c % len(vowels)])
            if not n:
                break
        names.append("Ort " + "".join(syllables).capitalize())
    return names


def _unprivileged_prefix() -> list[str] | None:
    """A command prefix under which a mode-000 file is unreadable, as it is for any user.

    Root reads any file whatever its mode, so as root drop the capabilities that allow that;
    None where that is not possible (root in a container without CAP_SETPCAP).
    """
    if os.geteuid() != 0:
        return []
    prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search"]
    try:
        probe = subprocess.run([*prefix, "true"], capture_output=True, timeout=30)
    except FileNotFoundError:
        return None
    return prefix if probe.returncode == 0 else None


def test_broken_input_gives_one_line_per_file_and_the_build_goes_on(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p")
    archive.add("good.txt", "Gute Nachricht\nEin Absatz mit genug Text, damit er als Artikel zählt.")
    archive.add("title-only.txt", "Nur eine Überschrift, sonst nichts")
    tags = "\n".join(f"  - {name}" for name in _tag_names(10_000))
    archive.add("many-tags.md", f"---\ntitle: Viele Schlagworte\ntags:\n{tags}\n---\nEin kurzer Text.\n")
    paragraph = "Ein Absatz, der sich immer wieder wiederholt, bis die Datei sehr groß ist. " * 20 + "\n"
    (archive.content / "huge.txt").write_text("Riesige Datei\n" + paragraph * 35_000, encoding="utf-8")
    # UTF-8 by its mark, with three bytes that are not (Windows-1252's ß, ÿ and þ)
    (archive.content / "mixed-utf8.txt").write_bytes(b"\xef\xbb\xbfGemischt\nStra\xdfe und \xff\xfe Rest\n")
    (archive.content / "bad-yaml.md").write_text("---\ntitle: [nicht geschlossen\n---\nText\n", encoding="utf-8")
    # A symlink loop made every command end in a traceback, and a pipe made it wait for a writer for ever.
    (archive.content / "loop1.txt").symlink_to("loop2.txt")
    (archive.content / "loop2.txt").symlink_to("loop1.txt")
    (archive.content / "gone.txt").symlink_to("nowhere.txt")
    os.mkfifo(archive.content / "pipe.txt")
    prefix = _unprivileged_prefix()
    expected_locked = {}
    if prefix is not None:
        locked = archive.add("locked.txt", "Gesperrt\nDiese Datei darf der Nutzer nicht lesen.")
        locked.chmod(0)
        # A folder the user may not read: its files were left out, and their pages removed, unsaid.
        archive.add("verschlossen/x.txt", "Im verschlossenen Ordner\nDiesen Ordner darf der Nutzer nicht öffnen.")
        (archive.content / "verschlossen").chmod(0)
        expected_locked = {"locked.txt": "skipped locked.txt: cannot read: Permission denied",
                           "verschlossen/": "skipped verschlossen/: cannot read this folder (Permission denied): "
                                            "its files are left out"}
    assert (archive.content / "huge.txt").stat().st_size > 50 * 1024 * 1024

    command = [*(prefix or []), sys.executable, "-m", "generator", "build", "--config", str(archive.config)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith(("skipped ", "warning "))]
    by_file = {line.split(" ", 1)[1].split(":", 1)[0]: line for line in lines}
    assert len(by_file) == len(lines), "one line per file"
    assert set(by_file) == {"huge.txt", "mixed-utf8.txt", "bad-yaml.md", "title-only.txt", "many-tags.md",
                            "loop1.txt", "loop2.txt", "gone.txt", "pipe.txt", *expected_locked}
    assert by_file["loop1.txt"] == "skipped loop1.txt: symlink in a loop"
    assert by_file["gone.txt"] == "skipped gone.txt: symlink to nothing"
    assert by_file["pipe.txt"] == "skipped pipe.txt: not a regular file (a pipe, socket or device)"
    for name, line in expected_locked.items():
        assert by_file[name] == line
    assert by_file["title-only.txt"] == "warning title-only.txt: title only: no body text"
    assert by_file["many-tags.md"] == ("warning many-tags.md: 10000 front matter tags; the page keeps the first 8 "
                                       "(tags.max_per_article)")
    assert re.fullmatch(r"skipped huge\.txt: file too large \(5\d\.\d MB > max_file_mb 5\)", by_file["huge.txt"])
    assert by_file["mixed-utf8.txt"] == ("warning mixed-utf8.txt: 3 bytes not UTF-8, read as Windows-1252: "
                                         "check the text")
    assert by_file["bad-yaml.md"].startswith("skipped bad-yaml.md: ") and "YAML" in by_file["bad-yaml.md"]
    skipped = 6 + len(expected_locked)
    assert "4 articles" in result.stderr and f"{skipped} files skipped" in result.stderr and "3 warnings" in result.stderr

    # The rest is built: the good file, the title-only page, the page with its first eight tags.
    pages = {frontmatter.load(p)["title"]: frontmatter.load(p) for p in (archive.docs / "articles").rglob("*.md")}
    assert sorted(pages) == ["Gemischt", "Gute Nachricht", "Nur eine Überschrift, sonst nichts", "Viele Schlagworte"]
    assert "Straße und ÿþ Rest" in pages["Gemischt"].content
    assert pages["Viele Schlagworte"]["tags"] == _tag_names(8)
    built = {(page := archive.html(p.relative_to(archive.site).as_posix())).h1.get_text(strip=True):
             page.select_one(".archive-meta").get_text(" ", strip=True)
             for p in (archive.site / "articles").rglob("index.html")}
    assert sorted(built) == sorted(pages)
    # A page with a title alone takes no time to read; the others tell how long they take.
    assert "Lesezeit" not in built["Nur eine Überschrift, sonst nichts"]
    assert "1 Min. Lesezeit" in built["Gute Nachricht"]

    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True, timeout=300)
    assert strict.returncode == 1


def test_a_docs_folder_that_cannot_be_written_stops_the_run_with_one_line(tmp_path: Path) -> None:
    """Permissions or a full disk: the user gets the file and the reason, not a traceback."""
    prefix = _unprivileged_prefix()
    if prefix is None:
        pytest.skip("root without CAP_SETPCAP: every folder is writable")
    archive = make_archive(tmp_path / "p")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", "Hafenfest in Velsburg\n12.03.2021\nDas Hafenfest beginnt am Freitag.\n")
    archive.add("002_bbbbbbbbbbbbbbbb.txt", "Neue Fähre für Velsburg\n14.03.2021\nDie Fähre fährt ab Mai.\n")
    assert archive.run("generate").exit_code == 0
    folder = archive.docs / "articles/2021"
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    archive.add("002_bbbbbbbbbbbbbbbb.txt", "Neue Fähre für Velsburg\n14.03.2021\nDie Fähre fährt erst ab Juni.\n")
    folder.chmod(0o555)
    try:
        command = [*prefix, sys.executable, "-m", "generator", "generate", "--config", str(archive.config)]
        result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    finally:
        folder.chmod(0o755)
    assert result.returncode == 2
    page = folder / "neue-faehre-fuer-velsburg.md"
    assert result.stderr.strip().splitlines() == [f"error: {page}: cannot write (Permission denied)"]
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
