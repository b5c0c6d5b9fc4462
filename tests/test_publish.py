"""Publishing: deploy to a real git remote, live preview, feeds and links under a sub-path."""

from __future__ import annotations

import fcntl
import http.server
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urldefrag, urljoin, urlsplit
from xml.etree import ElementTree as ET

import frontmatter
import pytest
from bs4 import BeautifulSoup

from .conftest import REPO, Archive, copy_sample, make_archive

ATOM = "{http://www.w3.org/2005/Atom}"

FLOOD = """
    Hochwasser erreicht die Altstadt
    ![Hochwasser erreicht die Altstadt](https://img.test.example/bilder/2024.06/flut.jpg)
    Der Pegel stieg in der Nacht auf über sieben Meter, die Feuerwehr sicherte die Uferstraße mit Sandsäcken.
    Am Morgen waren mehrere Keller überflutet; verletzt wurde niemand.
    Mehr zum Thema – Deich bei Velsburg wird erhöht
"""
DYKE = """
    Deich bei Velsburg wird erhöht
    ![Deich bei Velsburg wird erhöht](https://img.test.example/bilder/2025.02/deich.jpg)
    Nach dem Hochwasser im vergangenen Sommer wird der Deich auf drei Kilometern um einen halben Meter erhöht.
    Die Arbeiten sollen im Herbst beginnen und zwei Jahre dauern.
"""
STORM = """
    Sturm deckt Dächer ab
    ![Sturm deckt Dächer ab](https://img.test.example/bilder/2025.11/sturm.jpg)
    Ein Herbststurm hat in der Nacht mehrere Dächer abgedeckt und Wasser über den Deich gedrückt.
    Die Feuerwehr rückte zu 40 Einsätzen aus; am Deich gab es keine Schäden.
"""
RULES = """
tags:
  rules:
    Hochwasser: [Hochwasser, Pegel, Deich]
"""


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


@pytest.fixture
def repo(tmp_path: Path) -> tuple[Archive, Path]:
    archive = make_archive(tmp_path / "project", RULES)
    archive.add("001_aaaaaaaaaaaaaaaa.txt", FLOOD)
    archive.add("002_bbbbbbbbbbbbbbbb.txt", DYKE)
    (archive.root / ".gitignore").write_text("build/\nsite/\n")
    _git(archive.root, "init", "-q", "-b", "main")
    _git(archive.root, "config", "user.email", "test@example.org")
    _git(archive.root, "config", "user.name", "Test")
    _git(archive.root, "add", "-A")
    _git(archive.root, "commit", "-qm", "archive")
    bare = tmp_path / "origin.git"
    _git(tmp_path, "init", "-q", "--bare", str(bare))
    _git(archive.root, "remote", "add", "origin", str(bare))
    return archive, bare


def _published(bare: Path) -> set[str]:
    return set(_git(bare, "ls-tree", "-r", "--name-only", "gh-pages").split())


def test_deploy_publishes_site_to_gh_pages(repo: tuple[Archive, Path]) -> None:
    archive, bare = repo
    result = archive.run("deploy")
    assert result.exit_code == 0, result.output
    files = _published(bare)
    assert {"index.html", ".nojekyll", "articles/2024/hochwasser-erreicht-die-altstadt/index.html",
            "articles/2025/deich-bei-velsburg-wird-erhoeht/index.html"} <= files
    assert not any(name.startswith(("content/", "site_config")) for name in files)
    commits = int(_git(bare, "rev-list", "--count", "gh-pages"))
    head = _git(archive.root, "rev-parse", "--short", "HEAD").strip()
    assert _git(bare, "log", "-1", "--format=%s", "gh-pages").strip() == f"Site built by archive-site from {head}"
    assert f"archive-site: site built in {archive.site} (" in result.stderr

    archive.add("003_cccccccccccccccc.txt", STORM)  # not committed: must not be pushed as source
    assert archive.run("deploy").exit_code == 0
    assert int(_git(bare, "rev-list", "--count", "gh-pages")) == commits + 1
    assert "articles/2025/sturm-deckt-daecher-ab/index.html" in _published(bare)
    # The published site holds an article the named commit does not: the message says so.
    assert _git(bare, "log", "-1", "--format=%s", "gh-pages").strip() == (f"Site built by archive-site from {head} "
                                                                            "with changes not committed")
    # Only the built site travels; the source branch and its uncommitted change stay home.
    assert _git(bare, "branch", "--format=%(refname:short)").split() == ["gh-pages"]


def test_deploy_publishes_a_served_site_whatever_the_settings_say(repo: tuple[Archive, Path]) -> None:
    """``offline: true`` makes ``build`` write a site for disk (``x.html``); GitHub Pages serves the
    published one. A file beside the archive that the site is not made of leaves the message as it is."""
    archive, bare = repo
    archive.config.write_text(archive.config.read_text() + "offline: true\n")
    _git(archive.root, "commit", "-qam", "offline")
    (archive.root / "notizen.txt").write_text("nicht Teil der Seite")
    assert archive.run("deploy").exit_code == 0
    files = _published(bare)
    assert "articles/2024/hochwasser-erreicht-die-altstadt/index.html" in files
    assert "articles/2024/hochwasser-erreicht-die-altstadt.html" not in files
    head = _git(archive.root, "rev-parse", "--short", "HEAD").strip()
    assert _git(bare, "log", "-1", "--format=%s", "gh-pages").strip() == f"Site built by archive-site from {head}"


def test_the_pages_workflow_dates_the_archive_by_its_commits(repo: tuple[Archive, Path]) -> None:
    """The workflow's step run in a fresh clone, where the checkout dated every file now: each file of
    content/ gets the time of the commit that added it, so an article dated by its file keeps its date from
    run to run, and an edit (a typo's fix) does not move it to the year of the edit."""
    import yaml

    archive, bare = repo
    flood = archive.content / "001_aaaaaaaaaaaaaaaa.txt"
    flood.write_text(flood.read_text() + "Ein Nachtrag.\n")
    (archive.content / "Fähre.txt").write_text(FLOOD.replace("Hochwasser erreicht", "Fähre erreicht"))  # git quotes "ä"
    (archive.content / 'Der "Kai".txt').write_text(FLOOD.replace("Hochwasser erreicht", "Kai erreicht"))  # and '"'
    _git(archive.root, "add", "-A")
    subprocess.run(["git", "commit", "-qm", "Nachtrag"], cwd=archive.root, check=True,
                   env={**os.environ, "GIT_COMMITTER_DATE": "2021-06-01T12:00:00Z"})
    clone = archive.root.parent / "clone"
    _git(archive.root.parent, "clone", "-q", str(archive.root), str(clone))
    (clone / ".venv").symlink_to(REPO / ".venv")  # as `make setup` leaves it, before the step
    steps = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text())["jobs"]["build"]["steps"]
    names = [step.get("name") or step.get("run") for step in steps]
    assert names.index("make setup") < names.index("Date the archive's files by their first commit")
    step = steps[names.index("Date the archive's files by their first commit")]
    subprocess.run(["bash", "-c", step["run"]], cwd=clone, check=True)
    added = int(_git(clone, "log", "--reverse", "--format=%ct").split()[0])  # the first commit's
    assert added != 1622548800
    # Edited in the Nachtrag's commit: the commit that added it. Added by the Nachtrag: that one.
    when = {"001_aaaaaaaaaaaaaaaa.txt": added, "002_bbbbbbbbbbbbbbbb.txt": added,
            "Fähre.txt": 1622548800, 'Der "Kai".txt': 1622548800}
    for name, seconds in when.items():
        assert (clone / "content" / name).stat().st_mtime == seconds, name


def test_deploy_refuses_without_repository_or_remote(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", FLOOD)
    result = archive.run("deploy")
    assert result.exit_code == 2
    assert "not a git repository" in result.stderr
    _git(archive.root, "init", "-q")
    result = archive.run("deploy", "--remote", "upstream")
    assert result.exit_code == 2
    assert "no remote named 'upstream'" in result.stderr


def test_deploy_that_git_refuses_says_so_in_one_line(repo: tuple[Archive, Path], tmp_path: Path) -> None:
    """A remote that cannot be reached ended deploy with a traceback; a branch name git refuses, with git's
    lines alone and no word of archive-site's."""
    archive, _ = repo
    _git(archive.root, "remote", "set-url", "origin", str(tmp_path / "nowhere.git"))
    result = archive.run("deploy")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error: ")]
    assert errors == ["error: deploy to origin/gh-pages failed: git push origin gh-pages exited with 128"], result.stderr
    assert "Traceback" not in result.stderr
    _git(archive.root, "remote", "set-url", "origin", str(tmp_path / "origin.git"))
    result = archive.run("deploy", "--branch", "bad..name")
    assert result.exit_code == 1
    assert [line for line in result.stderr.splitlines() if line.startswith("error: deploy to origin/bad..name failed")]


# ---------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:  # the body: the site's page for a missing address
        return exc.code, exc.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def _wait_for(check, timeout: float = 60.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def _serve(archive: Archive, port: int) -> subprocess.Popen[str]:
    """``archive-site serve`` on ``port`` in a process of its own, its output in one pipe."""
    return subprocess.Popen([str(Path(sys.executable).parent / "archive-site"), "serve", "--port", str(port),
                             "--config", str(archive.config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True)


def test_serve_follows_the_archive(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p", RULES)
    archive.add("001_aaaaaaaaaaaaaaaa.txt", FLOOD)
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    server = _serve(archive, port)
    try:
        assert _wait_for(lambda: _get(base)[0] == 200), "server did not start"
        new_page = base + "articles/2025/deich-bei-velsburg-wird-erhoeht/"
        assert _get(new_page)[0] == 404
        path = archive.add("002_bbbbbbbbbbbbbbbb.txt", DYKE)
        assert _wait_for(lambda: _get(new_page)[0] == 200), "new article not served"
        assert "Deich bei Velsburg wird erhöht" in _get(new_page)[1]

        path.write_text(path.read_text().replace("Deich bei Velsburg wird erhöht", "Deich wird höher"))
        renamed = base + "articles/2025/deich-wird-hoeher/"
        assert _wait_for(lambda: "Deich wird höher" in _get(renamed)[1]), "changed title not served"

        path.write_bytes(b"\x00\x01broken")  # fails to parse: the last good page stays
        time.sleep(3)
        assert _get(renamed)[0] == 200

        path.unlink()
        assert _wait_for(lambda: _get(renamed)[0] == 404), "deleted article still served"

        # A folder of articles moved in, and moved out again: a folder's own move is all the system tells.
        (tmp_path / "folder").mkdir()
        (tmp_path / "folder" / "003_cccccccccccccccc.txt").write_text(DYKE, encoding="utf-8")
        shutil.move(tmp_path / "folder", archive.content / "folder")
        assert _wait_for(lambda: _get(new_page)[0] == 200), "article in a folder moved in not served"
        shutil.move(archive.content / "folder", tmp_path / "folder")
        assert _wait_for(lambda: _get(new_page)[0] == 404), "article in a folder moved out still served"

        # The settings are followed too: a new site name is on every page.
        archive.config.write_text(archive.config.read_text(encoding="utf-8").replace(
            "site_name: Testarchiv", "site_name: Hafenarchiv"), encoding="utf-8")
        assert _wait_for(lambda: "Hafenarchiv" in _get(base)[1]), "changed settings not served"
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert server.returncode is not None
    assert "002_bbbbbbbbbbbbbbbb.txt: binary data" in output


def test_serve_puts_the_preview_at_the_path_of_site_url(tmp_path: Path) -> None:
    """A project's GitHub Pages live under a path (``/archiv/``), and the page for a missing address names
    its styles and the home page under it: served at the server's root, it showed unstyled, its links dead."""
    archive = make_archive(tmp_path / "p", "site_url: https://example.org/archiv/\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", FLOOD)
    port = _free_port()
    root = f"http://127.0.0.1:{port}/"
    server = _serve(archive, port)
    try:
        assert _wait_for(lambda: _get(root + "archiv/")[0] == 200), "server did not start"
        assert "Testarchiv" in _get(root)[1]  # the server's root sends the reader on to the preview
        status, missing = _get(root + "archiv/gibt-es-nicht/")
        assert status == 404
        styles = [href for href in re.findall(r'<link rel="stylesheet" href="([^"]+)"', missing)]
        assert styles and all(href.startswith("/archiv/") and _get(root[:-1] + href)[0] == 200 for href in styles)
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert f"serving on {root}archiv/ " in output


def test_serve_says_when_its_port_is_taken(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", FLOOD)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        # A subprocess with a timeout: a serve that did not refuse would run until stopped.
        result = subprocess.run([str(Path(sys.executable).parent / "archive-site"), "serve", "--port", str(port),
                                 "--config", str(archive.config)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert f"error: cannot serve on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert not (archive.root / "build" / "preview").exists()  # refused before building anything


def test_serve_renders_only_what_an_edit_changed(tmp_path: Path) -> None:
    archive = copy_sample(tmp_path / "p")
    port = _free_port()
    log = tmp_path / "serve.log"
    with open(log, "w") as output:
        server = subprocess.Popen(
            [str(Path(sys.executable).parent / "archive-site"), "serve", "--port", str(port), "--config",
             str(archive.config)], stdout=output, stderr=subprocess.STDOUT, text=True)
    try:
        assert _wait_for(lambda: _get(f"http://127.0.0.1:{port}/")[0] == 200), "server did not start"
        docs = archive.root / "build" / "docs"
        page = next(p for p in sorted((docs / "articles").rglob("*.md")) if "file: \"002_" in p.read_text())
        url = f"http://127.0.0.1:{port}/{page.relative_to(docs).with_suffix('').as_posix()}/"
        status, before = _get(url)
        assert status == 200
        assert "livereload" in before  # the open page reloads itself after a rebuild

        source = next((archive.root / "content").glob("002_*.txt"))
        lead = frontmatter.load(page).metadata["description"]
        raw = source.read_text(encoding="utf-8")
        assert lead in raw
        added = "Ein Leser schrieb der Redaktion, der Ersatzbus sei pünktlich gewesen."
        source.write_text(raw.replace(lead, f"{lead}\n\n{added}", 1), encoding="utf-8")
        assert _wait_for(lambda: added in _get(url)[1]), "edited paragraph not served"

        # An edit while another run holds the build lock waits for it, and then reaches the preview.
        with open(archive.root / "build" / ".archive-site.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            later = "Am Abend fuhren die Züge wieder nach Plan."
            source.write_text(source.read_text(encoding="utf-8").replace(added, later), encoding="utf-8")
            assert _wait_for(lambda: "waiting for another archive-site run" in log.read_text())
        assert _wait_for(lambda: later in _get(url)[1]), "edit made while locked not served"
        # Then it rests: its own reading of the settings, the theme and the archive is no edit.
        time.sleep(2)
        settled = log.read_text().count("preview updated")
        time.sleep(4)
        assert log.read_text().count("preview updated") == settled, log.read_text()
    finally:
        server.terminate()
        server.wait(timeout=20)
    lines = log.read_text().splitlines()
    # The start builds the whole preview; the edit renders the one page whose text changed.
    updates = [line for line in lines if line.startswith("archive-site: preview updated")]
    assert "pages changed and rendered" not in updates[0]
    assert any(re.search(r"\(1 of \d+ pages changed and rendered", line) for line in updates[1:]), lines
    assert not (archive.root / "site").exists()  # the preview keeps apart from the published site


# ---------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


@pytest.fixture
def subpath_site(tmp_path: Path) -> Iterator[tuple[str, Archive]]:
    port = _free_port()
    archive = make_archive(tmp_path / "p", RULES + f"site_url: http://127.0.0.1:{port}/repo/\nsite_dir: www/repo\n"
                           "site_description: Meldungen vom Velsburger Rheinufer\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", FLOOD)
    archive.add("002_bbbbbbbbbbbbbbbb.txt", DYKE)
    archive.add("003_cccccccccccccccc.txt", STORM)
    assert archive.run("build").exit_code == 0

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    def handler(*args: object) -> Quiet:
        return Quiet(*args, directory=str(archive.root / "www"))  # type: ignore[arg-type]

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}/repo/", archive
    finally:
        server.shutdown()
        server.server_close()


def test_no_broken_internal_links_under_a_subpath(subpath_site: tuple[str, Archive]) -> None:
    root, _ = subpath_site
    seen: set[str] = set()
    queue = [root]
    broken: list[str] = []
    while queue:
        url = queue.pop()
        if url in seen:
            continue
        seen.add(url)
        status, body = _get(url)
        if status != 200:
            broken.append(url)
            continue
        if not (url.endswith("/") or url.endswith(".html")):
            continue
        parser = _Links()
        parser.feed(body)
        for link in parser.links:
            target = urldefrag(urljoin(url, link))[0]
            if urlsplit(target).netloc == urlsplit(root).netloc:
                assert target.startswith(root), f"{url} links outside the sub-path: {link}"
                queue.append(target)
    assert not broken, broken
    pages = [u for u in seen if "/articles/" in u and u.endswith("/")]
    assert len(pages) == 3


def test_feeds_and_sitemap(subpath_site: tuple[str, Archive]) -> None:
    root, archive = subpath_site
    feed = ET.fromstring(_get(root + "feed.xml")[1])
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Sturm deckt Dächer ab", "Deich bei Velsburg wird erhöht", "Hochwasser erreicht die Altstadt"]
    for entry in entries:
        link = entry.find(f"{ATOM}link").get("href")
        assert link.startswith(root) and _get(link)[0] == 200
    tag_feed = ET.fromstring(_get(root + "tags/hochwasser.xml")[1])
    assert len(tag_feed.findall(f"{ATOM}entry")) == 3
    # A feed reader shows the site's description and reads the feeds as German.
    for each in (feed, tag_feed):
        assert each.findtext(f"{ATOM}subtitle") == "Meldungen vom Velsburger Rheinufer"
        assert each.get("{http://www.w3.org/XML/1998/namespace}lang") == "de"
    # A reader sees where to subscribe: under the home page's list the site's feed, under a topic's its own.
    for page, target, label in ((root, "feed.xml", "Neue Artikel als Atom-Feed"),
                                (root + "tags/hochwasser/", "tags/hochwasser.xml",
                                 "Neue Artikel zu diesem Thema als Atom-Feed")):
        link = BeautifulSoup(_get(page)[1], "html.parser").select_one("article .archive-feed a")
        assert (urljoin(page, link["href"]), link.get_text(strip=True)) == (root + target, label)
    assert BeautifulSoup(_get(root + "archive/")[1], "html.parser").select_one(".archive-feed") is None
    sitemap = ET.fromstring(_get(root + "sitemap.xml")[1])
    locs = {el.text for el in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")}
    assert root + "articles/2025/sturm-deckt-daecher-ab/" in locs
    assert len([u for u in locs if "/articles/" in u]) == 3
