"""Generate ``mkdocs.yml`` and build the site with MkDocs' Python API."""

from __future__ import annotations

import copy
import fcntl
import gzip
import hashlib
import json
import logging
import multiprocessing
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from .config import SiteConfig

SITE_MARKER = ".archive-site"
# Our Web Worker stand-in for pages opened from disk (theme/assets/javascripts/).
OFFLINE_WORKER = "assets/javascripts/iframe-worker.js"
# Our search worker behind Material's search box (theme/assets/javascripts/).
SEARCH_WORKER = "assets/javascripts/archive-search.js"
# The theme's own scripts and styles, linked with a digest of their content (see _assets_version).
THEME_ASSETS = ("assets/archive.css", "assets/archive.js", SEARCH_WORKER)


def _assets_version(theme_dir: Path) -> str:
    """A digest of the theme's scripts and styles, added to their URLs: after an upgrade, a browser
    fetches the new files instead of keeping the copies it cached (Material's own carry hashes)."""
    digest = hashlib.blake2b(digest_size=5)
    for rel in THEME_ASSETS:
        try:
            digest.update((theme_dir / rel).read_bytes())
        except OSError:
            continue  # a theme_dir of the user's own may leave some out
    return digest.hexdigest()


class BuildError(Exception):
    """MkDocs could not build the site; one line for the user."""


def _merge(base: dict[str, Any], extra: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), dict):
            merged[key] = _merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def mkdocs_config(config: SiteConfig, serve: bool = False) -> dict[str, Any]:
    """The MkDocs configuration for ``config``, with the user's ``mkdocs:`` merged in.

    With ``serve``, the archive-site plugin regenerates the pages from
    ``content_dir`` before every rebuild, and MkDocs watches the archive, the
    config and the theme (``mkdocs serve`` alone watches only ``docs_dir``).
    """
    offline = config.offline
    plugin: Any = "archive-site"
    if serve and config.config_path:
        plugin = {"archive-site": {"regenerate_from": str(config.config_path)}}
    plugins: list[Any] = [
        {"search": {"lang": list(config.search_languages)}},
        plugin,
    ]
    if offline:
        plugins.append("offline")
    base: dict[str, Any] = {
        "site_name": config.site_name,
        "site_description": config.site_description or None,
        "site_url": config.site_url or None,
        "docs_dir": str(config.docs_dir),
        "site_dir": str(config.site_dir),
        # file:// browsing needs explicit index.html links.
        "use_directory_urls": not offline,
        "theme": {
            "name": "material",
            "custom_dir": str(config.theme_dir),
            "language": config.language,
            "font": False,  # no Google Fonts request: the archive is readable offline
            "features": ["navigation.top", "search.highlight", "navigation.footer"],
        },
        "plugins": plugins,
        "markdown_extensions": ["attr_list", "md_in_html", "tables", {"toc": {"permalink": False}}],
        "nav": [
            {"Home": "index.md"},
            {"Themen" if config.language == "de" else "Topics": "tags/index.md"},
            {"Archiv" if config.language == "de" else "Archive": "archive/index.md"},
        ],
        "not_in_nav": "/articles/\n/tags/\n/archive/\n",
    }
    version = _assets_version(config.theme_dir)
    base["extra"] = {"archive_assets_version": version}
    if config.search.worker == "archive":
        base["extra"]["archive_search_worker"] = f"{SEARCH_WORKER}?v={version}"
    if serve:
        base["watch"] = [str(p) for p in (config.content_dir, config.theme_dir, config.config_path) if p]
    merged = _merge(base, config.mkdocs)
    if offline:
        # Material's offline plugin adds a Worker polyfill from unpkg.com unless a polyfill named
        # "iframe-worker" is listed; ours ships in theme/ (a path relative to the site root, which
        # Material's script_tag filter makes relative to each page), so the offline copy needs no
        # network. Kept when the user lists polyfills of their own under mkdocs: extra:.
        extra = dict(merged.get("extra") or {})
        polyfills = list(extra.get("polyfills") or [])
        if not any("iframe-worker" in str(p) for p in polyfills):
            polyfills.append(OFFLINE_WORKER)
        merged["extra"] = {**extra, "polyfills": polyfills}
    return {k: v for k, v in merged.items() if v is not None}


def write_mkdocs_yml(config: SiteConfig, serve: bool = False) -> Path:
    """Write ``mkdocs.yml`` (or ``mkdocs-serve.yml``) beside ``docs_dir``, only when its text changed."""
    text = "# Generated by archive-site from site_config.yml; edits are overwritten.\n"
    text += yaml.safe_dump(mkdocs_config(config, serve), sort_keys=False, allow_unicode=True)
    path = config.mkdocs_yml.with_name("mkdocs-serve.yml") if serve else config.mkdocs_yml
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def check_site_dir(site_dir: Path) -> None:
    """MkDocs empties ``site_dir`` before building: refuse one we did not make."""
    if site_dir.exists() and any(site_dir.iterdir()) and not (site_dir / SITE_MARKER).exists():
        raise BuildError(
            f"{site_dir}: not empty and not made by archive-site; choose another site_dir "
            "or empty it (the build would delete its files)"
        )


@contextmanager
def build_lock(config: SiteConfig) -> Iterator[None]:
    """Hold ``build/.archive-site.lock`` so that two builds never interleave."""
    path = config.work_dir / ".archive-site.lock"
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildError(f"another archive-site run holds {path}; wait for it to finish") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def build_site(config: SiteConfig, shards: int | None = None) -> Path:
    """Run ``mkdocs build`` in-process on the generated ``mkdocs.yml``.

    MkDocs builds into a fresh sibling folder that replaces ``site_dir`` only
    when complete, so an interrupted build leaves the previous site usable.

    A large archive is built on all cores: MkDocs itself uses one, so ``shards`` builds (by default
    one per core, at least ``SHARD_PAGES`` pages each) run side by side, each making a consecutive
    share of the pages, and their outputs are joined (see ``_join_shards``) into the site one
    build would make.
    """
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import MkDocsException

    site_dir = config.site_dir
    check_site_dir(site_dir)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}.*-*"):  # from a killed build
        shutil.rmtree(leftover, ignore_errors=True)
    if shards is None:
        shards = shard_count(config)
    stagings = [Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.building-", dir=site_dir.parent))
                for _ in range(shards)]
    try:
        if shards == 1:
            build(load_mkdocs_config(str(config.mkdocs_yml), site_dir=str(stagings[0])))
        else:
            _build_shards(config, stagings)
        (stagings[0] / SITE_MARKER).write_text("built by archive-site\n", encoding="utf-8")
        _swap_in(stagings[0], site_dir)
    except MkDocsException as exc:
        raise BuildError(f"MkDocs build failed: {exc}") from exc
    finally:
        for staging in stagings:
            shutil.rmtree(staging, ignore_errors=True)
    return site_dir


# A second MkDocs process costs about a second to start (imports, theme, config): below this many
# pages per build, sharing the work does not pay.
SHARD_PAGES = 300
# The plugins whose output a joined build reproduces; any other plugin (added under ``mkdocs:``)
# might collect something over all pages, so such a site is built in one process.
_SHARDABLE_PLUGINS = frozenset({"search", "archive-site", "offline"})


def shard_count(config: SiteConfig, cores: int | None = None, pages_per_shard: int = SHARD_PAGES) -> int:
    """How many MkDocs builds ``build_site`` runs side by side: one per core (``cores``, default the
    cores this process may use), with at least ``pages_per_shard`` pages each; one where the
    generated ``mkdocs.yml`` lists a plugin whose output joined shards would not reproduce."""
    if cores is None:
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if cores < 2 or "forkserver" not in multiprocessing.get_all_start_methods():
        return 1
    if not {_plugin_name(p) for p in _plugins(config)} <= _SHARDABLE_PLUGINS:
        return 1
    pages = sum(1 for _, _, names in os.walk(config.docs_dir) for name in names if name.endswith(".md"))
    return max(1, min(cores, pages // pages_per_shard))


def _plugins(config: SiteConfig) -> list[Any]:
    """The plugins of the generated ``mkdocs.yml``, as the build will load them."""
    return yaml.safe_load(config.mkdocs_yml.read_text(encoding="utf-8")).get("plugins") or []


def _plugin_name(entry: Any) -> str:
    return next(iter(entry)) if isinstance(entry, dict) else str(entry)


def _build_shard(yml: str, site_dir: str, plugins: list[Any]) -> None:
    """One share of the pages (in a worker process): MkDocs' build with the shard's plugin settings."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    build(load_mkdocs_config(yml, site_dir=site_dir, plugins=plugins))


def _build_shards(config: SiteConfig, stagings: list[Path]) -> None:
    count = len(stagings)
    yml = str(config.mkdocs_yml)
    plugins = _plugins(config)

    def shard(k: int) -> list[Any]:
        # A copy each: MkDocs' validation changes the entries it is given, and the pool pickles
        # a task's arguments only when it sends them, maybe after this process has built its share.
        setting = {"archive-site": {"shard": k, "shards": count}}
        return [setting if _plugin_name(p) == "archive-site" else copy.deepcopy(p) for p in plugins]

    with ProcessPoolExecutor(max_workers=count - 1, mp_context=multiprocessing.get_context("forkserver")) as pool:
        others = [pool.submit(_build_shard, yml, str(staging), shard(k))
                  for k, staging in enumerate(stagings[1:], start=1)]
        _build_shard(yml, str(stagings[0]), shard(0))
        for future in others:
            future.result()
    _join_shards(stagings[0], stagings[1:])


# Files every shard writes, each over its own pages: joined rather than taken from the first shard.
_SEARCH_INDEX = "search/search_index.json"
_SITEMAP = "sitemap.xml"


def _join_shards(target: Path, parts: list[Path]) -> None:
    """Move the shards' pages into ``target`` (the first shard's output) and join their search
    indexes and sitemaps, in shard order: the site one build over all pages would have made."""
    index = _read_json(target / _SEARCH_INDEX)
    sitemap = _read_text(target / _SITEMAP)
    for part in parts:
        more = _read_json(part / _SEARCH_INDEX)
        if index is not None and more is not None:
            index["docs"] += more["docs"]
        more_map = _read_text(part / _SITEMAP)
        if sitemap is not None and more_map is not None:
            sitemap = sitemap[: sitemap.rindex("\n</urlset>")] + more_map[
                more_map.index(">", more_map.index("<urlset")) + 1:]
        _move_tree(part, target)
    if index is not None:
        data = json.dumps(index, separators=(",", ":"), default=str)  # as Material's search plugin writes it
        (target / _SEARCH_INDEX).write_text(data, encoding="utf-8")
        if (target / "search" / "search_index.js").exists():  # Material's offline plugin inlines the index
            (target / "search" / "search_index.js").write_text(f"var __index = {data}", encoding="utf-8")
    if sitemap is not None:
        (target / _SITEMAP).write_text(sitemap, encoding="utf-8")
        gz = target / (_SITEMAP + ".gz")
        if gz.exists():
            mtime = int.from_bytes(gz.read_bytes()[4:8], "little")  # MkDocs stamps the build date
            with open(gz, "wb") as handle, gzip.GzipFile(fileobj=handle, filename=str(gz), mode="wb",
                                                          mtime=mtime) as packed:
                packed.write(sitemap.encode("utf-8"))


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None


def _read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def _move_tree(source: Path, target: Path) -> None:
    """Move what ``source`` holds into ``target``: folders ``target`` lacks are renamed whole; a file
    both hold is one every shard writes (joined by the caller, or the same in each: the 404 page)."""
    with os.scandir(source) as entries:
        for entry in entries:
            there = target / entry.name
            if not there.exists():
                os.rename(entry.path, there)
            elif entry.is_dir(follow_symlinks=False) and there.is_dir():
                _move_tree(Path(entry.path), there)


def _swap_in(staging: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".{site_dir.name}.old-{os.getpid()}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    shutil.rmtree(old, ignore_errors=True)


def zip_site(site_dir: Path, target: Path) -> Path:
    """Pack ``site_dir`` into ``target`` (a zip with one top folder ``site/``)."""
    import zipfile

    tmp = target.with_suffix(".zip.tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(site_dir.rglob("*")):
            if path.is_file() and path.name != SITE_MARKER:
                archive.write(path, Path("site") / path.relative_to(site_dir))
    tmp.replace(target)
    return target


class DeployError(Exception):
    """Publishing is impossible as asked (no repository, no such remote)."""


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)


def check_repository(config: SiteConfig, remote: str) -> Path:
    """The git work tree holding the config; DeployError if none or no ``remote``."""
    repo = config.config_path.parent if config.config_path else Path.cwd()
    top = _git(repo, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise DeployError(f"{repo}: not a git repository; run 'git init' and add a remote first")
    if _git(repo, "remote", "get-url", remote).returncode != 0:
        raise DeployError(f"{repo}: git has no remote named '{remote}' (see 'git remote -v')")
    return Path(top.stdout.strip())


def deploy_site(config: SiteConfig, remote: str = "origin", branch: str = "gh-pages",
                message: str | None = None) -> None:
    """Publish the built ``site_dir`` to ``branch`` of ``remote`` with MkDocs' ghp-import.

    Only the built site is committed to ``branch``; the source branch and any
    uncommitted source changes are never pushed.
    """
    from mkdocs.commands.gh_deploy import gh_deploy
    from mkdocs.config import load_config as load_mkdocs_config
    from mkdocs.exceptions import Abort, MkDocsException

    top = check_repository(config, remote)
    mkdocs_cfg = load_mkdocs_config(str(config.mkdocs_yml), remote_name=remote, remote_branch=branch)
    previous = Path.cwd()
    os.chdir(top)  # ghp-import works on the repository in the current folder
    try:
        gh_deploy(mkdocs_cfg, message=message, ignore_version=True)
    except (Abort, MkDocsException, SystemExit) as exc:
        raise BuildError(f"deploy to {remote}/{branch} failed: {exc}") from exc
    finally:
        os.chdir(previous)
