"""Remake the README's screenshots from the sample site: ``.venv/bin/python -m tests.browser.screenshots``.

Builds a copy of the sample archive offline in a temp folder and photographs
its home page and one article in Chromium (light theme, 1280x900). The
sample's image hosts are made up: each article image is answered here with a
plain stand-in picture, so the article shows where its hero goes, and no
request leaves the machine.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ..conftest import REPO, build_sample
from .conftest import CHROMIUM, CHROMIUM_ARGS, MISSING_CHROMIUM, NIGHT_SHIFT, VIEWPORT, Site

OUT = REPO / "docs" / "screenshots"
# A picture for every article image: sky, water and a quay, in the palette's indigo.
STAND_IN = ('<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="500" viewBox="0 0 1200 500">'
            '<rect width="1200" height="500" fill="#c5cae9"/><rect y="300" width="1200" height="200" fill="#5c6bc0"/>'
            '<rect x="700" y="240" width="500" height="60" fill="#3949ab"/></svg>')
MAX_BYTES = 300_000


def main() -> int:
    if not CHROMIUM.is_file():
        print(MISSING_CHROMIUM, file=sys.stderr)
        return 1
    from playwright.sync_api import Route, sync_playwright

    def local_only(route: Route) -> None:
        if urlsplit(route.request.url).scheme not in ("http", "https"):
            route.continue_()
        elif route.request.resource_type == "image":
            route.fulfill(status=200, content_type="image/svg+xml", body=STAND_IN)
        else:
            route.abort()

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        archive = build_sample(Path(tmp) / "sample", "--offline")
        site = Site(archive, (archive.site / "index.html").as_uri())
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=VIEWPORT, color_scheme="light", locale="de-DE")
        page.route("**/*", local_only)
        for name, url in (("home.png", site.home), ("article.png", site.url(NIGHT_SHIFT))):
            page.goto(url)
            page.wait_for_load_state("load")
            page.evaluate("document.fonts.ready.then(() => true)")
            path = OUT / name
            page.screenshot(path=str(path))
            size = path.stat().st_size
            print(f"wrote {path.relative_to(REPO)} ({size // 1024} KB)")
            if size > MAX_BYTES:
                print(f"{name} is over {MAX_BYTES // 1000} KB: keep README images small", file=sys.stderr)
                return 1
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
