"""Browser tests: the shipped sample site in Debian's Chromium, driven by Playwright.

The site is built once per session, twice: served over HTTP on 127.0.0.1 by a
server this file starts, and as the offline build opened from disk (file://).
Every request a page makes is recorded; requests to any other host (article
images) are answered with an error, so nothing leaves the machine and the
broken-image fallback is exercised.
"""

from __future__ import annotations

import http.server
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from ..conftest import REPO, Archive

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]
ARTIFACTS = REPO / "build" / "test-artifacts"
IMAGE_LINE = re.compile(r"^!\[[^\]]*\]\((\S+)\)", re.MULTILINE)


def build_sample(root: Path, *args: str, **overrides: object) -> Archive:
    """Build the repository's sample archive (read in place, never written) into ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    config = yaml.safe_load((REPO / "site_config.yml").read_text(encoding="utf-8"))
    config.update(content_dir=str(REPO / "content"), theme_dir=str(REPO / "theme"), **overrides)
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    archive = Archive(root)
    result = archive.run("build", *args)
    assert result.exit_code == 0, result.output
    return archive


def sample_image_hosts() -> set[str]:
    """Hosts of the images the sample articles show: the only requests allowed off this machine."""
    hosts = set()
    for path in (REPO / "content").iterdir():
        hosts |= {urlsplit(url).hostname or "" for url in IMAGE_LINE.findall(path.read_text(encoding="utf-8"))}
    return hosts - {""}


@dataclass
class Site:
    """A built site and the address of its home page."""

    archive: Archive
    home: str

    def url(self, page: str) -> str:
        """The address of ``page`` (``articles/2024/x``) in this site's link style."""
        if self.home.startswith("file:"):
            return self.home.removesuffix("index.html") + page + ".html"
        return self.home + page + "/"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    archive = build_sample(tmp_path_factory.mktemp("served"))
    handler = lambda *a: _Quiet(*a, directory=str(archive.site))  # noqa: E731
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield Site(archive, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def offline(tmp_path_factory: pytest.TempPathFactory) -> Site:
    archive = build_sample(tmp_path_factory.mktemp("offline"), "--offline")
    return Site(archive, (archive.site / "index.html").as_uri())


@pytest.fixture(params=["served", "offline"])
def site(request: pytest.FixtureRequest) -> Site:
    """Each test runs on the served site and on the offline copy opened from disk."""
    return request.getfixturevalue(request.param)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run `make browser` (make test does) to install Debian's chromium")
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

    def left_the_machine(self, allowed_image_hosts: set[str]) -> list[str]:
        """Requests to anywhere but 127.0.0.1 or disk, other than article images."""
        return [
            url for url, kind in self.requests
            if urlsplit(url).scheme not in ("file", "data", "blob", "about")
            and urlsplit(url).hostname != "127.0.0.1"
            and not (kind == "image" and urlsplit(url).hostname in allowed_image_hosts)
        ]


@pytest.fixture
def tab(browser: Any, request: pytest.FixtureRequest) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="de-DE")
    page = context.new_page()
    tab = Tab(page)

    def route(route: Any) -> None:
        url = route.request.url
        if urlsplit(url).scheme in ("http", "https") and urlsplit(url).hostname != "127.0.0.1":
            tab.blocked.append(url)
            route.abort()
        else:
            route.continue_()

    page.route("**/*", route)
    page.on("request", lambda r: tab.requests.append((r.url, r.resource_type)))
    page.on("pageerror", lambda exc: tab.errors.append(f"page error: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and tab.errors.append(
        f"console: {msg.text} ({msg.location.get('url', '')})"))
    yield tab
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    context.close()


def real_errors(tab: Tab) -> list[str]:
    """Console errors except the failed loads of the article images this harness blocked on purpose."""
    return [e for e in tab.errors
            if not (e.startswith("console: Failed to load resource") and any(u in e for u in tab.blocked))]
