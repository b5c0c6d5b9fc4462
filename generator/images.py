"""``images: local``: download article images once, so the archive needs no image host.

Images are fetched with a timeout, a size cap, a content-type check and a
bounded number of parallel downloads, and stored in ``build/cache/images``
under the hash of their bytes. A failed download keeps the remote URL and is
reported; it never fails the build.
"""

from __future__ import annotations

import hashlib
import json
import os
import urllib.error
import urllib.request
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path

from .config import ImageDownload
from .model import Article, Figure, Image, Problem

EXTENSIONS = {"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp",
              "image/avif": ".avif", "image/svg+xml": ".svg"}


@dataclass(frozen=True)
class LocalImages:
    articles: list[Article]
    files: dict[str, Path]  # docs_dir path → cached file
    problems: list[Problem]  # failed downloads (not fatal)


class _Failed(Exception):
    pass


def _download(url: str, cache_dir: Path, limits: ImageDownload) -> str:
    """Fetch ``url`` into the cache; returns the cached file name."""
    request = urllib.request.Request(url, headers={"User-Agent": "archive-site image cache"})
    try:
        with urllib.request.urlopen(request, timeout=limits.timeout) as response:
            kind = response.headers.get_content_type()
            if kind not in EXTENSIONS:
                raise _Failed(f"not an image (Content-Type {kind})")
            cap = int(limits.max_mb * 1024 * 1024)
            data = response.read(cap + 1)
    except urllib.error.HTTPError as exc:
        raise _Failed(f"HTTP {exc.code}") from None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise _Failed(f"{'timed out' if 'timed out' in str(reason) else reason}") from None
    if len(data) > cap:
        raise _Failed(f"larger than image_download.max_mb ({limits.max_mb:g} MB)")
    name = hashlib.sha256(data).hexdigest()[:32] + EXTENSIONS[kind]
    target = cache_dir / name
    if not target.exists():
        tmp = target.with_suffix(".part")
        tmp.write_bytes(data)
        os.replace(tmp, target)
    return name


def localise_images(articles: Sequence[Article], cache_dir: Path, limits: ImageDownload) -> LocalImages:
    """Download every http(s) hero and body image once and point articles at the copies."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    index_path = cache_dir / "index.json"
    try:
        index: dict[str, str] = json.loads(index_path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        index = {}
    urls = sorted({image.url for article in articles for image in _images(article)
                   if image.url.startswith(("http://", "https://"))})
    todo = [u for u in urls if not (u in index and (cache_dir / index[u]).exists())]
    failures: dict[str, str] = {}

    def fetch(url: str) -> None:
        try:
            index[url] = _download(url, cache_dir, limits)
        except _Failed as exc:
            failures[url] = str(exc)

    with ThreadPoolExecutor(max_workers=limits.workers) as pool:
        list(pool.map(fetch, todo))
    index_path.write_text(json.dumps(index, indent=0, sort_keys=True), encoding="utf-8")

    def local(image: Image) -> Image:
        name = index.get(image.url)
        return replace(image, local=f"images/{name}") if name and image.url not in failures else image

    result, problems = [], []
    for article in articles:
        for image in _images(article):
            if image.url in failures:
                problems.append(Problem(article.source.file, f"image kept remote: {image.url}: "
                                        f"{failures[image.url]}", fatal=False))
        body = tuple(Figure(local(b.image)) if isinstance(b, Figure) else b for b in article.body)
        result.append(replace(article, image=local(article.image) if article.image else None, body=body))
    files = {f"images/{name}": cache_dir / name for url, name in index.items() if url in urls and url not in failures}
    return LocalImages(result, files, problems)


def _images(article: Article) -> list[Image]:
    found = [article.image] if article.image else []
    return found + [f.image for f in article.figures]
