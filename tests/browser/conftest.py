"""Browser tests: the shipped sample site in Debian's Chromium, driven by Playwright.

The sample archive (a copy of the repository's ``content/`` and
``site_config.yml``) is built once per test session, twice: served over HTTP
on 127.0.0.1 by a server this file starts, and as the offline build opened
from disk (file://). Every request a page makes is recorded; requests to any
other host (article images) are aborted, so nothing leaves the machine,
nothing waits for a dead host, and the broken-image fallback is exercised.
Each test leaves a screenshot of its page in ``build/test-artifacts/``.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from ..conftest import REPO, Archive, build_sample

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
MISSING_CHROMIUM = (f"{CHROMIUM} is missing: the browser tests need Debian's chromium; "
                    "run `make browser` (`make test` does it first) to install it")
ARTIFACTS = REPO / "build" / "test-artifacts"
VIEWPORT = {"width": 1280, "height": 900}
# Image URLs in the sample: Markdown image lines of raw articles, `image:` in front matter.
IMAGE_URL = re.compile(r"^(?:!\[[^\]]*\]\(|image:\s*[\"']?)(https?://[^\s)\"']+)", re.MULTILINE)

# A sample article that says "Sanktionen" (in its third paragraph) but never "Sanktion" alone.
NIGHT_SHIFT = "articles/2026/groesserer-hafen-weniger-schlaf-anwohner-streiten-ueber-nachtbetrieb"
# A sample article whose hero alt text differs from the headline (quote style), so it has a caption.
HARBOUR_QUOTE = "articles/2025/wir-brauchen-den-hafen-hoffmann-verteidigt-ausbauplaene"


@functools.cache
def sample_image_hosts() -> frozenset[str]:
    """Hosts of the images in the sample content: the only requests allowed off this machine."""
    hosts: set[str] = set()
    for path in (REPO / "content").rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            hosts |= {urlsplit(url).hostname or "" for url in IMAGE_URL.findall(text)}
    return frozenset(hosts - {""})


@dataclass
class Site:
    """A built site and the address of its home page."""

    archive: Archive
    home: str

    @property
    def offline(self) -> bool:
        return self.home.startswith("file:")

    def url(self, page: str) -> str:
        """The address of ``page`` (``articles/2024/x``, ``tags/y``) in this site's link style."""
        if self.offline:
            return self.home.removesuffix("index.html") + page + ".html"
        return self.home + page + "/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve_folder(root: Path) -> Iterator[str]:
    """A real HTTP server for the files under ``root`` on 127.0.0.1 (a free port); yields its address."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


# Session scope: each site is built once however many test modules use it.
@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The online build of the sample, served by a real HTTP server on 127.0.0.1."""
    archive = build_sample(tmp_path_factory.mktemp("served"))
    with serve_folder(archive.site) as address:
        yield Site(archive, address)


@pytest.fixture(scope="session")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """``build --offline`` of the sample, opened from disk."""
    archive = build_sample(tmp_path_factory.mktemp("offline"), "--offline")
    return Site(archive, (archive.site / "index.html").as_uri())


@pytest.fixture(params=["served", "offline"])
def site(request: pytest.FixtureRequest) -> Site:
    """Each test that takes ``site`` runs on the served site and on the offline copy opened from disk."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    # Not a skip: a missing browser must not pass as a green run.
    if not CHROMIUM.is_file():
        pytest.fail(MISSING_CHROMIUM, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@dataclass
class Tab:
    """A browser page with everything it asked for and everything that went wrong."""

    page: Any
    requests: list[tuple[str, str]] = field(default_factory=list)  # (url, resource type)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def left_the_machine(self, allowed_image_hosts: frozenset[str]) -> list[str]:
        """Requests to anywhere but 127.0.0.1 or disk, other than images from the given hosts."""
        return [
            url for url, kind in self.requests
            if urlsplit(url).scheme not in ("file", "data", "blob", "about")
            and urlsplit(url).hostname != "127.0.0.1"
            and not (kind == "image" and urlsplit(url).hostname in allowed_image_hosts)
        ]

    def real_errors(self) -> list[str]:
        """Console and page errors, except failed loads of the requests this harness aborted on purpose."""
        return [e for e in self.errors
                if not (e.startswith("console: Failed to load resource") and any(u in e for u in self.blocked))]


def local_only(tab: Tab, route: Any) -> None:
    """Let requests to disk and 127.0.0.1 through; abort (and note) everything else."""
    url = route.request.url
    if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1":
        tab.blocked.append(url)
        route.abort()
    else:
        route.continue_()


@pytest.fixture
def tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Tab]:
    context = browser.new_context(viewport=VIEWPORT, locale="de-DE", color_scheme="light")
    page = context.new_page()
    page.set_default_timeout(15_000)
    tab = Tab(page)
    page.route("**/*", lambda route: local_only(tab, route))
    page.on("request", lambda r: tab.requests.append((r.url, r.resource_type)))
    page.on("pageerror", lambda exc: tab.errors.append(f"page error: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and tab.errors.append(
        f"console: {msg.text} ({msg.location.get('url', '')})"))
    try:
        yield tab
    finally:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.name)
        try:
            page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        finally:
            context.close()
