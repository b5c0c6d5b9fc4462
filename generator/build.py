"""The HTML site from the generated pages: MkDocs on all cores, and after a small change only the
pages that changed.

MkDocs builds a site in one process and always whole. At 10,000 articles that is a minute on one
core, also after one article changed. So ``build_site``

- builds a large site in shards: one MkDocs build per core, each making every n-th page (the
  ``shard`` option of the archive-site plugin, so that each gets its share of listings and
  articles), joined into the site one build would make: the pages moved together, the search
  indexes' entries put in page order, the sitemap made over all pages;
- after a small change, builds only the pages whose Markdown changed since the site was built
  (the plugin's ``only`` option) into a temporary folder and moves them into the site, with the
  search index and sitemap made anew from the old entries and the new ones;
- after either, leaves a page at each former address of an article's page (its title corrected)
  leading to the page where it is now.

Every page's HTML depends on its own Markdown and on what all pages share (``mkdocs.yml``, the
theme, the code and libraries: the record's stamp), plus the URLs of its tag pages (a tag whose page
moves makes a whole build). Tests check both ways against one whole build, byte for byte.
"""

from __future__ import annotations

import bisect
import copy
import gzip
import hashlib
import html
import io
import json
import logging
import multiprocessing
import os
import posixpath
import re
import shutil
import subprocess
import sys
import uuid
import zlib
from collections.abc import Iterable, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import yaml

from .config import SiteConfig
from .i18n import labels
from .memo import Memo, code_stamp, keep_written, library_version, read_held
from .parallel import worker_cores
from .site import SITE_MARKER, BuildError, check_site_dir, entry_name, mkdocs_problems, one_line
from .write import MANIFEST, page_sources

# A second MkDocs process costs about a second to start (imports, theme, config): below this many
# pages per build, sharing the work does not pay.
SHARD_PAGES = 300
# Past this share of changed pages, a whole build (on all cores) is quicker than an update.
UPDATE_SHARE = 0.25
# The plugins whose output joined builds reproduce; any other plugin (added under ``mkdocs:``)
# might collect something over all pages, so such a site is always built whole, in one process.
_JOINABLE_PLUGINS = frozenset({"search", "archive-site", "offline"})
# Libraries whose templates and code shape every page.
_LIBRARIES = ("mkdocs", "mkdocs-material", "markdown", "jinja2", "pymdown-extensions", "pyyaml")
_SEARCH_INDEX = "search/search_index.json"
_SITEMAP = "sitemap.xml"

Pages = list[tuple[str, str]]  # (page path in docs_dir, URL), in MkDocs' order
FileState = tuple[int, int, int]  # size, modification time (ns), inode


@dataclass(frozen=True)
class BuildReport:
    """What ``build_site`` did: the site, how many pages it rendered, in how many MkDocs processes."""

    site_dir: Path
    pages: int  # pages in the site
    rendered: int  # pages MkDocs rendered in this build (all of them, unless the site was updated)
    processes: int
    updated: bool  # only the changed pages were rendered and put into the previous site


@dataclass(frozen=True)
class _Record:
    """The last build: what every page depended on, so that the next build can tell what changed."""

    stamp: str
    files: dict[str, FileState]  # docs_dir's files as built
    pages: Pages
    site_url: str | None
    tags: dict[str, str]  # tag → its page's path
    marker: FileState  # the site's marker file: the site is still the one built
    redirects: dict[str, str] = field(default_factory=dict)  # the site's leads: former address → address now
    manifest: FileState = (-1, -1, -1)  # docs_dir's manifest, as the build read it: while it is the same, no page moved


@dataclass(frozen=True)
class _Built:
    """What MkDocs' run saw: every page's path and URL, and the site's address (for the sitemap)."""

    pages: Pages
    site_url: str | None


@dataclass
class _Plan:
    pages: list[str] = field(default_factory=list)  # to render
    removed: list[str] = field(default_factory=list)  # pages gone from docs_dir
    static: list[str] = field(default_factory=list)  # other files, new or changed
    static_removed: list[str] = field(default_factory=list)
    tags: dict[str, str] = field(default_factory=dict)  # tag → its page's path, now


def build_site(config: SiteConfig, shards: int | None = None,
               files: dict[str, FileState] | None = None) -> BuildReport:
    """Build ``site_dir`` from ``docs_dir`` and the generated ``mkdocs.yml`` with MkDocs.

    A site built before from mostly the same pages is updated: only the changed pages are rendered,
    into a temporary folder, then moved into ``site_dir`` one by one (each file replaced whole; a
    build killed while moving them leaves old and new pages, each whole, which the next build
    completes). Otherwise the whole site is built, in ``shards`` MkDocs processes side by side
    (default: ``shard_count``), into a fresh sibling folder that replaces ``site_dir`` only when
    complete, so an interrupted build leaves the previous site usable. Passing ``shards`` always
    builds the whole site. ``files``: docs_dir's files and their state, as the ``generate`` just run
    left them (``WriteReport.docs_files``), if known; otherwise docs_dir is looked at.
    """
    from mkdocs.exceptions import Abort, MkDocsException

    site_dir = config.site_dir
    check_site_dir(site_dir)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    for leftover in site_dir.parent.glob(f".{site_dir.name}.*-*"):  # from a killed build
        _discard(leftover)
    # one record per site_dir: building a second site from the same pages leaves the first's alone
    name = hashlib.blake2b(str(site_dir).encode(), digest_size=4).hexdigest()
    store = Memo(config.work_dir / "cache" / f"site-{name}.pickle", context=str(site_dir))
    stamp = _stamp(config)
    files = _docs_files(config.docs_dir) if files is None else files
    record: _Record | None = store.get("site")
    # A plugin of the user's (under ``mkdocs:``) may collect over all pages: then always a whole build.
    updatable = shards is None and _joinable(config)
    plan = _plan(record, stamp, files, config.docs_dir, site_dir) if updatable else None
    tags = plan.tags if plan is not None else _tag_pages(config.docs_dir, files, {}, None)
    tag_pages = {path: tag for tag, path in tags.items()}  # for MkDocs: the tag pages it leaves out
    try:
        if plan is not None and record is not None:
            built = _update(config, record, plan, tag_pages)
            report = BuildReport(site_dir, len(built.pages), len(plan.pages), 1, True)
        else:
            count = shards or shard_count(config, pages=sum(rel.endswith(".md") for rel in files))
            built = _build_whole(config, count, tag_pages)
            report = BuildReport(site_dir, len(built.pages), len(built.pages), count, False)
    except MkDocsException as exc:
        problems = mkdocs_problems(config) if isinstance(exc, Abort) else []
        raise BuildError("; ".join(problems) or f"MkDocs build failed: {exc}") from exc
    except Exception as exc:
        # A setting of the user's under mkdocs: that MkDocs takes and its templates stop at (palette: 5).
        if not config.mkdocs:
            raise
        problems = mkdocs_problems(config) or [f"{config.config_path}: key 'mkdocs': MkDocs stopped at one of "
                                               "these settings"]
        raise BuildError("; ".join(problems) + f" ({type(exc).__name__}: {one_line(exc)})") from exc
    # Nothing changed: the record kept holds these files, pages and tags (0.14 s to write at 100,000 pages).
    if plan is None or any((plan.pages, plan.removed, plan.static, plan.static_removed)):
        manifest = _state(config.docs_dir / MANIFEST)
        in_site = record.redirects if report.updated and record is not None else {}
        if report.updated and record is not None and record.manifest == manifest:
            redirects = in_site  # pages changed in place (most edits): none moved
        else:
            redirects = _follow_moves(config.docs_dir, config.work_dir / "cache" / f"addresses-{name}.json", built)
            # A copy for disk names no address (see the plugin's on_config): its leads name none either.
            _write_redirects(site_dir, redirects, in_site, built.pages, None if config.offline else built.site_url,
                             config.language)
        store.put("site", _Record(stamp, files, built.pages, built.site_url, tags, _state(site_dir / SITE_MARKER),
                                  redirects, manifest))
        store.save()
    return report


def shard_count(config: SiteConfig, cores: int | None = None, pages_per_shard: int = SHARD_PAGES,
                pages: int | None = None) -> int:
    """How many MkDocs builds a whole build runs side by side: one per core (``cores``, default the
    cores this process may use), with at least ``pages_per_shard`` pages each (``pages``: the
    number of pages in docs_dir, counted when not given); one where the generated ``mkdocs.yml``
    lists a plugin whose output joined builds would not reproduce."""
    if cores is None:
        cores = worker_cores()
    if cores < 2 or not _joinable(config):
        return 1
    if pages is None:
        pages = sum(1 for _, _, names in os.walk(config.docs_dir) for name in names if name.endswith(".md"))
    return max(1, min(cores, pages // pages_per_shard))


# ---------------------------------------------------------------------------
# Whole builds, in shards


def _build_whole(config: SiteConfig, shards: int, tag_pages: Mapping[str, str]) -> _Built:
    site_dir = config.site_dir
    parts = [_folder_beside(site_dir, "building")
             for _ in range(shards)]
    try:
        if shards == 1:
            built = _build_part(str(config.mkdocs_yml), str(parts[0]), _plugins(config))
        else:
            context = multiprocessing.get_context("forkserver")
            with ProcessPoolExecutor(max_workers=shards - 1, mp_context=context) as pool:
                others = [pool.submit(_build_part, str(config.mkdocs_yml), str(part),
                                      _plugins(config, {"shard": k, "shards": shards, "tag_pages": tag_pages}))
                          for k, part in enumerate(parts[1:], start=1)]
                built = _build_part(str(config.mkdocs_yml), str(parts[0]),
                                    _plugins(config, {"shard": 0, "shards": shards, "tag_pages": tag_pages}))
                for future in others:
                    future.result()
            _join_shards(parts[0], parts[1:], built)
        _replace(parts[0] / SITE_MARKER, b"built by archive-site\n")
        _swap_in(parts[0], site_dir)
    finally:
        for part in parts:
            if part.exists():
                _discard(part)  # the other shards' folders, emptied of their pages; or a failed build's
    return built


def _build_part(yml: str, site_dir: str, plugins: list[Any], docs_dir: str | None = None) -> _Built:
    """One MkDocs build (maybe in a worker process) with the given plugin settings, from ``docs_dir``
    if given; every page's path and URL, as the archive-site plugin saw them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config as load_mkdocs_config

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    # A setting MkDocs refuses is told by build_site, named by its key in site_config.yml (mkdocs_problems).
    config_log = logging.getLogger("mkdocs.config")
    if _settings_refused not in config_log.filters:
        config_log.addFilter(_settings_refused)
    folders = {"docs_dir": docs_dir} if docs_dir else {}
    settings = load_mkdocs_config(yml, site_dir=site_dir, plugins=plugins, **folders)
    build(settings)
    return _Built(list(settings.plugins["archive-site"].pages), settings.site_url)


def _settings_refused(record: logging.LogRecord) -> bool:
    """False for MkDocs' line on a setting it refuses (build_site tells it, named as the user wrote it)."""
    return not (record.levelno >= logging.ERROR and record.getMessage().startswith("Config value"))


def _plugins(config: SiteConfig, options: Mapping[str, Any] | None = None) -> list[Any]:
    """The plugins of the generated ``mkdocs.yml``, the archive-site plugin with ``options``. A fresh
    copy each call: MkDocs' validation changes the entries it is given, and a process pool
    pickles a task's arguments only when it sends them, maybe after this process built its share."""
    plugins = yaml.safe_load(config.mkdocs_yml.read_text(encoding="utf-8")).get("plugins") or []
    if options is None:
        return plugins
    return [{"archive-site": {**_plugin_options(p), **options}} if entry_name(p) == "archive-site"
            else copy.deepcopy(p) for p in plugins]


def _plugin_options(entry: Any) -> dict[str, Any]:
    return dict(next(iter(entry.values())) or {}) if isinstance(entry, dict) else {}


def _joinable(config: SiteConfig) -> bool:
    # Entries MkDocs refuses ({}, not a list) make one build, whose error names them (see mkdocs_problems).
    plugins = _plugins(config)
    return isinstance(plugins, list) and all(isinstance(p, str) or isinstance(p, dict) and len(p) == 1
                                             for p in plugins) \
        and {entry_name(p) for p in plugins} <= _JOINABLE_PLUGINS


def _join_shards(target: Path, parts: list[Path], built: _Built) -> None:
    """Move the shards' pages into ``target`` (the first shard's output) and join their search
    indexes in page order, with the sitemap made over all pages: the site one build would make."""
    index = _read_json(target / _SEARCH_INDEX)
    entries = _entries_by_page(index["docs"]) if index is not None else {}
    for part in parts:
        more = _read_json(part / _SEARCH_INDEX)
        if more is not None:
            entries.update(_entries_by_page(more["docs"]))
        _move_tree(part, target)
    if index is not None:
        _write_index(target, {**index, "docs": [entry for _, url in built.pages for entry in entries.get(url, ())]})
    if (target / _SITEMAP).exists():
        _write_sitemap(target, *_sitemap(built))


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


# ---------------------------------------------------------------------------
# Updates: only the pages that changed


def _plan(record: _Record | None, stamp: str, files: dict[str, FileState], docs_dir: Path, site_dir: Path
          ) -> _Plan | None:
    """What changed in docs_dir since the site was built from it; None when the site must be built whole."""
    if record is None or record.stamp != stamp or _state(site_dir / SITE_MARKER) != record.marker:
        return None
    plan = _Plan()
    for rel, state in files.items():
        if record.files.get(rel) != state:
            (plan.pages if rel.endswith(".md") else plan.static).append(rel)
    for rel in record.files.keys() - files.keys():
        (plan.removed if rel.endswith(".md") else plan.static_removed).append(rel)
    if len(plan.pages) + len(plan.removed) > UPDATE_SHARE * len(record.pages):
        return None
    plan.tags = _tag_pages(docs_dir, files, record.tags, plan.pages)
    if any(plan.tags.get(tag, path) != path for tag, path in record.tags.items()):
        return None  # a tag's page moved (a new tag took its slug): every page with its chip changes
    return plan


def _update(config: SiteConfig, record: _Record, plan: _Plan, tag_pages: Mapping[str, str]) -> _Built:
    """Render the changed pages into a temporary folder, then move them into the site, remove the
    pages that are gone, and write the search index and sitemap made from the old entries and the
    new ones. Every file is replaced whole, and the record of this build is saved only after all
    of them: a build stopped midway is done again in full by the next."""
    site_dir = config.site_dir
    part = _folder_beside(site_dir, "building")
    staged: Path | None = None
    try:
        if plan.pages:
            # MkDocs makes a File of every file in its docs_dir, excluded or not (a quarter to a third of
            # an update of one page at 10,000 articles): it gets a docs_dir holding the pages to render
            # alone, and the archive-site plugin makes the others known when a link or the nav asks for
            # one (``source_dir``).
            staged = _folder_beside(site_dir, "pages")
            for rel in plan.pages:
                _stage(config.docs_dir / rel, staged / rel)
            rendered = _build_part(str(config.mkdocs_yml), str(part), _plugins(
                config, {"only": plan.pages, "tag_pages": tag_pages, "source_dir": str(config.docs_dir)}),
                docs_dir=str(staged))
            built = _Built(_all_pages(record.pages, rendered.pages, plan.removed), rendered.site_url)
        else:  # nothing to render (pages removed, or nothing changed but the day of the sitemap)
            gone = set(plan.removed)
            built = _Built([(rel, url) for rel, url in record.pages if rel not in gone], record.site_url)
        # No page rendered or gone: the search index is as it was (reading and writing it again took
        # 0.6 s at 100,000 pages).
        index = _read_index(site_dir / _SEARCH_INDEX, record.stamp) if plan.pages or plan.removed else None
        fresh = _read_json(part / _SEARCH_INDEX) if plan.pages else index and index[0]
        urls = dict(built.pages)
        for rel in plan.pages:
            output = _page_file(urls[rel])
            (site_dir / output).parent.mkdir(parents=True, exist_ok=True)
            os.replace(part / output, site_dir / output)
        old_urls = dict(record.pages)
        for rel in plan.removed:
            _remove(site_dir, _page_file(old_urls[rel]))
        for rel in plan.static_removed:
            _remove(site_dir, rel)
        for rel in plan.static:
            _replace(site_dir / rel, (config.docs_dir / rel).read_bytes())
        if index is not None and fresh is not None:
            entries, new, rendered = index[1], _entries_by_page(fresh["docs"]), set(plan.pages)
            by_page = {url: (new if rel in rendered else entries).get(url, []) for rel, url in built.pages}
            _write_index(site_dir, {**fresh, "docs": [entry for found in by_page.values() for entry in found]})
            keep_written(site_dir / _SEARCH_INDEX, record.stamp, ({**fresh, "docs": []}, by_page))
        if (site_dir / _SITEMAP).exists():
            _update_sitemap(site_dir, built, record.stamp)
    finally:
        for folder in (part, staged):
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)
    return built


# ---------------------------------------------------------------------------
# Former addresses: a corrected title moves an article's page


@dataclass(frozen=True)
class _Addresses:
    """Where each article's page was at the last build, and the pages it had before: kept in a file of
    their own, which no change of the code or the libraries discards (the build record is remade then)."""

    sources: dict[str, str]  # article page path → the input file it shows
    moved: dict[str, str]  # a former article page path → the input file whose page was there

    @staticmethod
    def load(path: Path) -> _Addresses | None:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            found = _Addresses(dict(data["sources"]), dict(data["moved"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None
        strings = all(type(k) is str and type(v) is str for table in (found.sources, found.moved)
                      for k, v in table.items())
        return found if strings else None

    def save(self, path: Path) -> None:
        _replace(path, json.dumps({"sources": self.sources, "moved": self.moved},
                                  ensure_ascii=False, separators=(",", ":")).encode())


def _follow_moves(docs_dir: Path, file: Path, built: _Built) -> dict[str, str]:
    """The site's leads from each former address of an article's page to its address now, from where
    the pages were at the last build (kept in ``file``, see ``_Addresses``) and are now (docs_dir's manifest)."""
    last = _Addresses.load(file)
    sources = page_sources(docs_dir)  # 0.15 s at 100,000 pages
    now = {source: page for page, source in sources.items()}
    former = dict(last.moved) if last is not None else {}
    for page, source in (last.sources if last is not None else {}).items():
        if now.get(source, page) != page:
            former[page] = source
    urls = dict(built.pages)
    moved = {page: source for page, source in sorted(former.items())
             if page not in urls and now.get(source) in urls}
    _Addresses(sources, moved).save(file)
    # An article page's address, as MkDocs makes it for its path (``x.md`` → ``x/``, offline ``x.html``)
    directory = any(url.endswith("/") for page, url in built.pages if page in sources)
    return {page[:-3] + ("/" if directory else ".html"): urls[now[source]] for page, source in moved.items()}


def _write_redirects(site: Path, redirects: Mapping[str, str], before: Mapping[str, str], pages: Pages,
                     site_url: str | None = None, language: str = "en") -> None:
    """Make each former address in ``redirects`` lead to the page's address now; remove the leads of
    ``before`` (those in the site already) that are gone, unless a page has their address now."""
    for url, target in redirects.items():
        if before.get(url) != target:
            _replace(site / _page_file(url), _redirect_page(url, target, site_url, language))
    taken = {url for _, url in pages}
    for url in before.keys() - redirects.keys() - taken:
        _remove(site, _page_file(url))


def _redirect_page(url: str, target: str, site_url: str | None, language: str) -> bytes:
    """A page at ``url`` that takes the reader (and search engines) to ``target``, in any browser, also
    opened from disk: no script, a relative address (and the absolute one as canonical, with ``site_url``).
    What it says, for the moment it shows (or where refreshes are off), in the site's ``language``."""
    from mkdocs.utils import get_relative_url

    there = html.escape(get_relative_url(target or ".", url or "."), quote=True)
    canonical = html.escape(urljoin(site_url, target), quote=True) if site_url else there
    words = labels(language)
    return (f'<!doctype html>\n<html lang="{html.escape(language, quote=True)}">\n<head>\n<meta charset="utf-8">\n'
            f'<title>{html.escape(words["moved"])}</title>\n'
            f'<link rel="canonical" href="{canonical}">\n<meta name="robots" content="noindex">\n'
            f'<meta http-equiv="refresh" content="0; url={there}">\n</head>\n'
            f'<body><p>{html.escape(words["moved"])}: <a href="{there}">{html.escape(words["moved_link"])}</a></p>'
            '</body>\n</html>\n').encode()


def _stage(source: Path, target: Path) -> None:
    """``source`` at ``target`` for MkDocs to read: a second name for the same file, or a copy where
    there cannot be one (another file system)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _all_pages(before: Pages, rendered: Pages, removed: Iterable[str]) -> Pages:
    """Every page of the site after an update, in MkDocs' order: those of the last build (in that
    order) but the ``removed``, with the ``rendered`` ones (some of them new, each put in its place)."""
    gone = set(removed)
    urls = dict(rendered)
    pages = [(rel, urls.pop(rel, url)) for rel, url in before if rel not in gone]
    for rel, url in urls.items():  # new pages: a few, among thousands not sorted again
        pages.insert(bisect.bisect(pages, _mkdocs_order(rel), key=lambda page: _mkdocs_order(page[0])), (rel, url))
    return pages


def _mkdocs_order(rel: str) -> tuple[tuple[str, ...], bool, str]:
    """Where MkDocs puts the page at ``rel`` in docs_dir among the others: by folder (a folder's own
    files before its subfolders'), its index first, then by name (as ``mkdocs.structure.files``'s
    ``file_sort_key`` orders the files that ``get_files`` walks)."""
    *folders, name = rel.split("/")
    return tuple(folders), posixpath.splitext(name)[0] not in ("index", "README"), name


def mkdocs_reads(rel: str) -> bool:
    """Whether MkDocs takes the file (or, ending in ``/``, the folder) at ``rel`` in docs_dir: not
    hidden, not under ``templates/``."""
    return not rel.startswith(("templates/", ".")) and "/." not in rel


def _docs_files(docs_dir: Path) -> dict[str, FileState]:
    """docs_dir's files as MkDocs takes them (``mkdocs_reads``), with their state."""
    found: dict[str, FileState] = {}
    folders = [(str(docs_dir), "")]
    while folders:
        folder, rel = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.name.startswith("."):  # in every folder, hidden: see mkdocs_reads
                    continue
                if entry.is_dir():
                    if mkdocs_reads(f"{rel}{entry.name}/"):
                        folders.append((entry.path, f"{rel}{entry.name}/"))
                elif entry.is_file():
                    stat = entry.stat()
                    found[rel + entry.name] = (stat.st_size, stat.st_mtime_ns, stat.st_ino)
    return found


def _tag_pages(docs_dir: Path, files: Mapping[str, FileState], known: Mapping[str, str],
               changed: Iterable[str] | None) -> dict[str, str]:
    """tag → its page's path: ``known`` for unchanged pages, read from the front matter of the
    ``changed`` ones (of all, when None)."""
    from .mkdocs_plugin import tag_of_page

    tags = {tag: path for tag, path in known.items() if path in files}
    stale = {path for path in changed} if changed is not None else None
    if stale is not None:
        tags = {tag: path for tag, path in tags.items() if path not in stale}
    for rel in files if stale is None else stale:
        if rel.startswith("tags/") and rel.count("/") == 1 and rel.endswith(".md"):
            tag = tag_of_page(str(docs_dir / rel))
            if tag:
                tags[tag] = rel
    return tags


def _stamp(config: SiteConfig) -> str:
    """A digest of what every page depends on besides its own Markdown."""
    digest = hashlib.blake2b(config.mkdocs_yml.read_bytes(), digest_size=16)
    digest.update(code_stamp().encode())
    for name in _LIBRARIES:
        digest.update(f"{name} {library_version(name) or '-'}\n".encode())
    for path in sorted(config.theme_dir.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(config.theme_dir).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _update_sitemap(site: Path, built: _Built, stamp: str) -> None:
    """The sitemap of ``built`` in ``site``. ``serve`` holds what it last made it from (the day, the
    site's address, the pages): made from the same, and both its files as written, it is neither
    made nor read again (0.15-0.3 s of each update at 100,000 pages, with the pages unchanged)."""
    from mkdocs.utils import get_build_date

    made = (get_build_date(), built.site_url, built.pages)
    files = (site / _SITEMAP, site / (_SITEMAP + ".gz"))
    if all(read_held(file, stamp, lambda: None) == made for file in files):
        return
    _write_sitemap(site, *_sitemap(built, made[0]))
    for file in files:
        keep_written(file, stamp, made)


def _sitemap(built: _Built, day: str | None = None) -> tuple[str, int]:
    """MkDocs' sitemap of the pages (see its ``sitemap.xml`` template), and its date stamp: ``day``'s,
    by default the build's."""
    from markupsafe import escape
    from mkdocs.utils import get_build_date

    day = day or get_build_date()
    base = built.site_url
    entries = "".join(f"\n    <url>\n         <loc>{escape(_absolute(base, url))}</loc>\n"
                      f"         <lastmod>{day}</lastmod>\n    </url>" for _, url in built.pages) if base else ""
    text = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}\n</urlset>')
    return text, int(datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp())


# A page URL that ``urljoin`` would append to a base ending in "/" as it is: path segments alone, none
# of them "." or "..", no scheme, query or fragment.
_PLAIN_URL = re.compile(r"(?:(?!\.\.?/)[^/:?#]+/)*(?:(?!\.\.?$)[^/:?#]+)?")


def _absolute(base: str, url: str) -> str:
    """``urljoin(base, url)``, without its parsing for the plain URLs MkDocs gives pages (a quarter of
    an update of one page at 10,000 pages went to the sitemap's 10,000 joins)."""
    if base.endswith("/") and _PLAIN_URL.fullmatch(url):
        return base + url
    return urljoin(base, url)


def _read_index(file: Path, stamp: str) -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]] | None:
    """The site's search index as its fields but the entries, and the entries by page (see
    ``_entries_by_page``); None if there is none. ``serve`` holds it between its rebuilds, as written
    (``stamp``: the build's): read, parsed and sorted by page, it cost each update that renders a page
    0.36 s at 100,000 pages, for 103 MB held (14 MB at 10,000)."""

    def read() -> tuple[dict[str, Any], dict[str, list[dict[str, Any]]]] | None:
        index = _read_json(file)
        return None if index is None else ({**index, "docs": []}, _entries_by_page(index["docs"]))

    return read_held(file, stamp, read)


def _entries_by_page(docs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Search index entries by their page's URL: a page's own entry and its sections' (``url#id``)."""
    found: dict[str, list[dict[str, Any]]] = {}
    for entry in docs:
        found.setdefault(entry["location"].split("#", 1)[0], []).append(entry)
    return found


def _page_file(url: str) -> str:
    """The file MkDocs writes a page with this URL to."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def _remove(site: Path, rel: str) -> None:
    """Remove a file of the site and the folders it leaves empty (a page's own folder)."""
    path = site / rel
    path.unlink(missing_ok=True)
    parent = path.parent
    while parent != site and parent.is_dir() and not any(parent.iterdir()):
        parent.rmdir()
        parent = parent.parent


# ---------------------------------------------------------------------------
# Files every build writes over all pages


def _write_index(site: Path, index: dict[str, Any]) -> None:
    data = json.dumps(index, separators=(",", ":"), default=str)  # as Material's search plugin writes it
    _replace(site / _SEARCH_INDEX, data.encode("utf-8"))
    if (site / "search" / "search_index.js").exists():  # Material's offline plugin inlines the index
        _replace(site / "search" / "search_index.js", f"var __index = {data}".encode())


def _write_sitemap(site: Path, sitemap: str, mtime: int) -> None:
    """The sitemap and its gzip copy, stamped with the build date as MkDocs stamps it; left as they are
    when the sitemap is (an update that adds or removes no page on the day of the last build)."""
    data = sitemap.encode("utf-8")
    gz = site / (_SITEMAP + ".gz")
    try:  # unpacking the copy to compare costs a tenth of packing it again
        if (site / _SITEMAP).read_bytes() == data and gzip.decompress(gz.read_bytes()) == data:
            return
    except (OSError, EOFError, zlib.error):
        pass  # missing or damaged: written
    _replace(site / _SITEMAP, data)
    packed = io.BytesIO()
    # named as MkDocs names it (the name goes into the gzip header)
    with gzip.GzipFile(fileobj=packed, filename=str(gz), mode="wb", mtime=mtime) as stream:
        stream.write(data)
    _replace(gz, packed.getvalue())


def _replace(path: Path, data: bytes) -> None:
    """Write ``path`` whole: a reader sees the old file or the new one, never part of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


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


def _state(path: Path) -> FileState:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1, -1)
    return (stat.st_size, stat.st_mtime_ns, stat.st_ino)


def _folder_beside(site_dir: Path, kind: str) -> Path:
    """A new, empty folder beside ``site_dir``, with the permissions of any folder the user makes (their
    umask's). ``tempfile.mkdtemp`` makes one its owner alone may read, and a whole build's becomes the
    site: a web server running as another user, or a copy kept with its permissions, answered 403."""
    folder = site_dir.with_name(f".{site_dir.name}.{kind}-{uuid.uuid4().hex}")
    try:
        folder.mkdir()
    except OSError as exc:
        raise BuildError(f"{folder.parent}: cannot write the site beside {site_dir.name} "
                         f"({exc.strerror or exc})") from exc
    return folder


def _swap_in(staging: Path, site_dir: Path) -> None:
    old = site_dir.with_name(f".{site_dir.name}.old-{uuid.uuid4().hex}")
    if site_dir.exists():
        site_dir.rename(old)
    staging.rename(site_dir)
    if old.exists():
        _discard(old)


def _discard(folder: Path) -> None:
    """Delete ``folder`` in a process of its own that may outlive this one. Deleting a site takes
    3 s at 10,000 pages, 20 s with the disk cache cold, minutes at 100,000, and nothing needs to
    wait for it. The folder's name marks it as a leftover (see ``build_site``), so should the
    deletion be stopped, the next build deletes the rest."""
    subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                      str(folder)], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                     stderr=subprocess.DEVNULL, start_new_session=True)
