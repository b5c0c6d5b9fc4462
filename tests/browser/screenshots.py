"""Remake the README's screenshots from the sample site: ``.venv/bin/python -m tests.browser.screenshots``.

Article images are blocked, as in the browser tests, so the pictures show no
third-party content and the alt-text fallback of a dead image host.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Route, sync_playwright

from ..conftest import REPO
from .conftest import CHROMIUM, CHROMIUM_ARGS, Site, build_sample
from .test_reader import NIGHT_SHIFT

OUT = REPO / "docs" / "screenshots"


def _local_only(route: Route) -> None:
    if urlsplit(route.request.url).scheme in ("http", "https"):
        route.abort()
    else:
        route.continue_()


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        archive = build_sample(Path(tmp) / "sample", "--offline")
        site = Site(archive, (archive.site / "index.html").as_uri())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 860})
        page.route("**/*", _local_only)
        for name, url in (("home.png", site.home), ("article.png", site.url(NIGHT_SHIFT))):
            page.goto(url)
            page.wait_for_load_state("load")
            page.screenshot(path=str(OUT / name))
            print(f"wrote {OUT / name} ({(OUT / name).stat().st_size // 1024} KB)")
        browser.close()


if __name__ == "__main__":
    main()
