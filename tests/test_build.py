"""The MkDocs stage: a large archive is built by several MkDocs processes side by side, each making
a share of the pages, joined into the site one build makes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from generator.config import load_config
from generator.site import build_site, shard_count, write_mkdocs_yml

from .conftest import Archive, copy_sample


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Archive:
    archive = copy_sample(tmp_path_factory.mktemp("shards"), site_url="https://example.org/archiv/")
    result = archive.run("generate")
    assert result.exit_code == 0, result.output
    return archive


@pytest.mark.parametrize("offline", [False, True])
def test_site_built_in_shards_is_the_site_of_one_build(sample: Archive, tmp_path: Path, offline: bool) -> None:
    config = load_config(sample.config, offline=offline or None)
    write_mkdocs_yml(config)
    one = config.model_copy(update={"site_dir": tmp_path / "one"})
    three = config.model_copy(update={"site_dir": tmp_path / "three"})
    build_site(one, shards=1)
    build_site(three, shards=3)
    single, joined = _files(one.site_dir), _files(three.site_dir)
    assert joined.keys() == single.keys()
    assert [name for name in single if joined[name] != single[name]] == []
    # what the joining had to get right: every page in the search index and the sitemap, in order
    index = json.loads(joined["search/search_index.json"])
    assert any(doc["location"].startswith("articles/") for doc in index["docs"])
    assert joined["sitemap.xml"].count(b"<url>") == sum(
        1 for name in joined if name.endswith(".html") and name != "404.html")
    if offline:
        assert joined["search/search_index.js"].startswith(b"var __index = {")


def test_one_shard_holds_a_share_of_the_pages_and_links_to_the_others(sample: Archive, tmp_path: Path) -> None:
    """The plugin option behind the parallel build, run through MkDocs' own command."""
    config = load_config(sample.config)
    settings = yaml.safe_load(write_mkdocs_yml(config).read_text(encoding="utf-8"))
    settings["plugins"] = [{"archive-site": {"shard": 1, "shards": 3}} if p == "archive-site" else p
                           for p in settings["plugins"]]
    settings["site_dir"] = str(tmp_path / "part")
    yml = tmp_path / "mkdocs.yml"
    yml.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", str(yml)],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    part = tmp_path / "part"
    built = {p.relative_to(part).as_posix() for p in part.rglob("index.html")}
    articles = {p.relative_to(sample.docs).as_posix() for p in (sample.docs / "articles").rglob("*.md")}
    mine = {name for name in built if name.startswith("articles/")}
    assert 0 < len(mine) < len(articles)
    assert not (part / "assets" / "archive.css").exists()  # static files come from the first share
    # a tag chip links to its tag page even where another share builds that page
    page = BeautifulSoup((part / sorted(mine)[0]).read_text(encoding="utf-8"), "html.parser")
    chips = [a["href"] for a in page.select("a.md-tag")]
    assert chips and all("tags/" in href for href in chips)
    assert any(not (part / (sorted(mine)[0].rsplit("/", 1)[0]) / href / "index.html").resolve().exists()
               for href in chips)


def test_other_plugins_build_in_one_process(sample: Archive, tmp_path: Path) -> None:
    """A plugin of the user's might collect something over all pages: its site is not split."""
    config = load_config(sample.config)
    write_mkdocs_yml(config)
    assert shard_count(config, cores=4, pages_per_shard=10) > 1
    custom = config.model_copy(update={"mkdocs": {"plugins": ["search", "archive-site", "tags"]},
                                       "docs_dir": config.docs_dir})
    write_mkdocs_yml(custom)
    try:
        assert shard_count(custom, cores=4, pages_per_shard=10) == 1
    finally:
        write_mkdocs_yml(config)
