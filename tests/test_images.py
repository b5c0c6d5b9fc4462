"""``images: local`` against a real HTTP server on 127.0.0.1: good, missing, slow and non-images."""

from __future__ import annotations

import http.server
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import Archive, make_archive

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\xcf\xc0\xf0\x1f\x00\x05\x00\x01\xff\x89\x99=\x1d\x00\x00\x00\x00IEND\xaeB`\x82")
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64 + b"\xff\xd9"


class _Images(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        _Images.requests.append(self.path)
        routes = {
            "/2025.03/hero.jpg": ("image/jpeg", JPEG),
            "/2025.03/figure.png": ("image/png", PNG),
            "/2025.03/page.jpg": ("text/html", b"<html>not an image</html>"),
            "/2025.03/huge.png": ("image/png", PNG + b"\x00" * 300_000),
        }
        if self.path == "/2025.03/slow.jpg":
            time.sleep(2)
        if self.path not in routes:
            self.send_error(404)
            return
        kind, body = routes[self.path]
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request: object, client_address: object) -> None:
        pass  # the slow response's client has given up: expected


@pytest.fixture
def image_host() -> Iterator[str]:
    server = _Server(("127.0.0.1", 0), _Images)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Images.requests = []
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _archive(tmp_path: Path, host: str, search: str = "full") -> Archive:
    archive = make_archive(tmp_path / "p", "images: local\nimage_download:\n  timeout: 0.5\n  max_mb: 0.1\n"
                                           f"search:\n  index: {search}\n")
    archive.add("001_aaaaaaaaaaaaaaaa.txt", f"""
        Bilder aus dem Hafen
        ![Bilder aus dem Hafen]({host}/2025.03/hero.jpg)
        Ein Absatz über den Hafen, damit der Artikel einen Text hat.
        ![Kräne am Kai im Abendlicht]({host}/2025.03/figure.png)
        ![Ein fehlendes Bild vom Kai]({host}/2025.03/missing.jpg)
        ![Ein langsames Bild vom Kai]({host}/2025.03/slow.jpg)
        ![Eine Webseite statt eines Bildes]({host}/2025.03/page.jpg)
        ![Ein zu großes Bild vom Kai]({host}/2025.03/huge.png)
        Noch ein Absatz zum Schluss.
    """)
    return archive


@pytest.mark.parametrize("search", ["full", "lead"])  # lead: the figures come past the search lead, as HTML
def test_images_are_downloaded_once_and_failures_stay_remote(tmp_path: Path, image_host: str, search: str) -> None:
    archive = _archive(tmp_path, image_host, search)
    result = archive.run("build")
    assert result.exit_code == 0, result.output
    page = archive.html("articles/2025/bilder-aus-dem-hafen/index.html")
    page_dir = archive.site / "articles/2025/bilder-aus-dem-hafen"

    hero = page.select_one(".archive-hero img")["src"]
    assert not hero.startswith("http") and (page_dir / hero).resolve().read_bytes() == JPEG
    # By caption: a figure's caption says what its picture shows (its img has alt="").
    figures = {figure.figcaption.get_text(): figure.img["src"] for figure in page.select(".archive-body figure")}
    assert (page_dir / figures["Kräne am Kai im Abendlicht"]).resolve().read_bytes() == PNG
    for alt, name in [("Ein fehlendes Bild vom Kai", "missing.jpg"), ("Ein langsames Bild vom Kai", "slow.jpg"),
                      ("Eine Webseite statt eines Bildes", "page.jpg"), ("Ein zu großes Bild vom Kai", "huge.png")]:
        assert figures[alt] == f"{image_host}/2025.03/{name}"
    warnings = [line for line in result.stderr.splitlines() if "image kept remote" in line]
    assert len(warnings) == 4
    assert any("missing.jpg: HTTP 404" in w for w in warnings)
    assert any("slow.jpg: timed out" in w for w in warnings)
    assert any("page.jpg: not an image (Content-Type text/html)" in w for w in warnings)
    assert any("huge.png: larger than image_download.max_mb" in w for w in warnings)
    cached = [p for p in (archive.root / "build/cache/images").iterdir() if p.suffix in (".jpg", ".png")]
    assert len(cached) == 2

    # A second build downloads nothing that is already cached.
    downloads = [r for r in _Images.requests if r.endswith(("hero.jpg", "figure.png"))]
    assert archive.run("build").exit_code == 0
    assert [r for r in _Images.requests if r.endswith(("hero.jpg", "figure.png"))] == downloads
