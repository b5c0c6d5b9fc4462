"""Command line: ``archive-site generate | build | serve | check``.

The whole pipeline reads top to bottom in ``generate``:
read → parse → boilerplate → link → tag → render and write (+ mkdocs.yml) → MkDocs build,
unless a few edits changed nothing another page shows: then only their pages are made (``patch``).
"""

from __future__ import annotations

import functools
import os
import socket
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from itertools import chain
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .acronyms import spelled_out
from .config import ConfigError, SiteConfig, load_config
from .corpus import read_corpus
from .link import link_articles
from .memo import BodyDigests, HeldCaches, give_back_memory, holding, map_large_blocks, without_cycle_collection
from .model import RunSummary
from .patch import patch_run, record_run
from .read import Listing, list_sources, relisted
from .related import related_in_archive
from .site import (
    BuildError,
    DeployError,
    build_lock,
    check_repository,
    deploy_site,
    mkdocs_problems,
    serve_path,
    serve_site,
    write_mkdocs_yml,
    zip_site,
)
from .spill import body_file, spill_bodies, spills
from .tag import tag_articles
from .textnorm import fold
from .write import OutputError, Page, WriteReport, pages_on_disk, render_pages, write_docs

if TYPE_CHECKING:
    from .build import BuildReport

T = TypeVar("T")


def generate(config: SiteConfig, progress: Callable[..., Iterable[Any]] | None = None,
             keep_failed: bool = False, lap: Callable[[str], None] | None = None,
             ends_process: bool = False, listing: Listing | None = None) -> tuple[RunSummary, WriteReport]:
    """content_dir → Markdown pages in docs_dir and mkdocs.yml.

    With ``keep_failed`` (live preview), a file that fails to parse keeps its last good page.
    ``lap`` is called with each stage's name when the stage is done (the benchmark times them).
    ``ends_process``: the process ends once this returns (``archive-site generate``, see ``run``).
    ``listing``: content_dir's files as ``list_sources`` lists them now, if the caller knows them.
    """
    # A seventh of a warm run at 10,000 articles went to the cycle collector, finding nothing.
    with without_cycle_collection(resume=not ends_process):
        return _generate(config, progress, keep_failed, lap or (lambda stage: None),
                         listing or list_sources(config.content_dir, config.max_file_mb))


def _generate(config: SiteConfig, progress: Callable[..., Iterable[Any]] | None, keep_failed: bool,
              lap: Callable[[str], None], listing: Listing) -> tuple[RunSummary, WriteReport]:
    cache = config.work_dir / "cache"
    bodies = BodyDigests()  # the tag stage and the page keys digest the same bodies, learnt here
    # A few edits that no other page sees: their pages made again, without the whole pipeline.
    with holding():  # several of its steps read the same cache files
        patched = patch_run(config, listing, bodies, keep_failed)
    if patched is not None:
        write_mkdocs_yml(config, config.search.indexed_paragraphs(patched[0].articles))
        lap("patch")
        return patched
    if spills(len(listing.entries)):
        map_large_blocks()  # see spill.py: a large archive's memory
    corpus = read_corpus(config, progress, bodies=bodies, listing=listing)
    del listing  # 30 MB at 100,000 files, held through the tag stage's peak otherwise
    lap("read_parse")
    folded = functools.cache(fold)  # titles and headlines, as the link stage folds them: the record keeps them
    articles = link_articles(corpus.articles, cache / "slugs.pickle", folded)
    lap("link")
    assets: dict[str, bytes] = {}
    if config.images == "local":
        from .images import localise_images  # here: a run with remote images (most) never needs it

        local = localise_images(articles, cache / "images", config.image_download)
        articles = local.articles
        assets = {path: file.read_bytes() for path, file in local.files.items()}
        corpus = replace(corpus, warnings=corpus.warnings + tuple(local.problems))
        lap("images")
    # A large archive's paragraph texts wait in a file from here to the pages' writing (see spill.py).
    with body_file(cache, len(articles)) as file:
        if file is not None:
            read, articles = spill_bodies([corpus.articles, articles], file, bodies)
            corpus = replace(corpus, articles=tuple(read))
            del read
            give_back_memory()  # the texts' memory: else the tag stage's growth comes on top of it
        articles = tag_articles(articles, config.tags, cache, bodies)
        lap("tag")
        by_key = {a.key: a for a in articles}
        related = related_in_archive(articles, cache_file=cache / "related.pickle")
        neighbours = {key: [by_key[k] for k in keys] for key, keys in related.items()}
        lap("related")
        # Pages are written as they are rendered; those docs_dir still holds from the same inputs are skipped.
        on_disk = pages_on_disk(config.docs_dir, cache / "written.pickle")
        search_lead = config.search.indexed_paragraphs(len(articles))
        pages = render_pages(articles, neighbours, on_disk, config.site_name, config.site_description,
                             config.language, config.latest_count, config.site_url, search_lead,
                             config.listing_page_size, bodies)
        files = ((path, Page("", data)) for path, data in assets.items())
        sources = {a.source.file: a.path for a in articles if a.path}
        failed = [p.file for p in corpus.problems] if keep_failed else []
        report = write_docs(chain(pages, files), on_disk, sources, failed)
        write_mkdocs_yml(config, search_lead)
        lap("render_write")
        summary = corpus.summary(tags=len({t for a in articles for t in a.tags}), today=date.today())
        record_run(config, corpus, articles, summary, keep_failed, folded)
        lap("record")
        return summary, report


# ---------------------------------------------------------------------------
# Presentation


def _progress(label: str) -> Callable[[Iterable[T], int], Iterable[T]] | None:
    if not sys.stderr.isatty():
        return None

    def wrap(items: Iterable[T], length: int) -> Iterable[T]:
        with click.progressbar(items, length=length, label=label, file=sys.stderr) as bar:
            yield from bar

    return wrap


def _status(config: SiteConfig) -> Callable[[str], None] | None:
    """On a terminal, after the progress bar of the parse, one line saying what ``generate`` does next,
    replaced at each stage and cleared at the end: a first run of 100,000 articles spends one to two
    minutes past the parse. None elsewhere (a log gets the summary line alone)."""
    if not sys.stderr.isatty():
        return None
    after = {  # the stage done → what comes next; the last stage, or any other name, clears the line
        "read_parse": "Linking related headlines",
        "link": "Fetching images" if config.images == "local" else "Tagging",
        "images": "Tagging",
        "tag": "Finding related articles",
        "related": "Writing pages",
        "render_write": "Recording the run",
    }

    def lap(stage: str) -> None:
        doing = after.get(stage)
        sys.stderr.write(f"\r\x1b[K{doing} …" if doing else "\r\x1b[K")  # \x1b[K: the rest of the line cleared
        sys.stderr.flush()

    return lap


def _report_problems(run: RunSummary) -> None:
    for problem in run.problems:
        click.echo(f"skipped {_shown(str(problem))}", err=True)
    for warning in run.warnings:
        click.echo(f"warning {_shown(str(warning))}", err=True)


def _shown(text: str) -> str:
    """``text`` on one line a terminal shows as it is: a file name's line break, tab or control character as
    its escape (``\\n``), and a byte of a name that is not UTF-8 as ``\\xfc``, as Python read it."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF
                   else c.encode("unicode_escape").decode("ascii") for c in text)


def _summary(run: RunSummary, started: float, report: WriteReport | None = None) -> str:
    parts = [_counted(run.articles, "article")]
    if run.tags is not None:
        parts.append(_counted(run.tags, "tag"))
    if report is not None:
        # Files, not pages: docs_dir holds the feeds too, and the build's count of pages follows this line.
        parts.append(f"{_counted(report.pages, 'file')} in docs_dir ({report.written} written, "
                     f"{report.unchanged} unchanged, {report.deleted} removed)")
    parts.append(_counted(len(run.problems), "file") + " skipped")
    if run.warnings:
        parts.append(_counted(len(run.warnings), "warning"))
    parts.append(_counted(run.boilerplate_removed, "boilerplate paragraph") + " removed")
    return "archive-site: " + ", ".join(parts) + f", {time.perf_counter() - started:.1f} s"


def _counted(count: int, noun: str) -> str:
    """``1 article``, ``2 articles``: every noun the command line counts takes an ``s``."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _build_site(config: SiteConfig, generated: WriteReport | None = None) -> BuildReport:
    """``build.build_site``, imported when a command builds: ``generate`` alone, the short way after
    an edit above all, never loads MkDocs' side of the project (a tenth of its start). ``generated``:
    the report of the ``generate`` run just before, under the same build lock."""
    from .build import build_site

    return build_site(config, files=generated.docs_files() if generated is not None else None)


def _built(report: BuildReport) -> str:
    if report.updated:
        return f"{report.rendered} of {report.pages} pages changed and rendered"
    processes = f" in {report.processes} MkDocs processes" if report.processes > 1 else ""
    return f"{_counted(report.pages, 'page')}{processes}"


def _exit_code(run: RunSummary, strict: bool) -> int:
    return 1 if strict and (run.problems or run.warnings) else 0


@contextmanager
def _locked(config: SiteConfig) -> Iterator[None]:
    try:
        with build_lock(config):
            yield
    except BuildError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(1)
    except OutputError as exc:  # a folder or file of the output that cannot be written
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


class _Context:
    def __init__(self, config_path: Path) -> None:
        self.config_path = config_path

    def config(self, **overrides: Any) -> SiteConfig:
        try:
            return load_config(self.config_path, **overrides)
        except ConfigError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(2)


config_option = click.option(
    "--config", "config_path", type=click.Path(path_type=Path), default=Path("site_config.yml"),
    show_default=True, help="The site configuration file; relative paths in it resolve against its folder.",
)
strict_option = click.option("--strict", is_flag=True, help="Exit 1 when any file was skipped or had warnings.")


def _run_generate(config: SiteConfig, strict: bool, ends_process: bool = False,
                  publishing: bool = False) -> tuple[int, WriteReport]:
    """``generate``, reported; its exit code and what it wrote. An archive without articles is warned of
    (``--strict`` exits 1), and when ``publishing``, refused (exit 2): it would publish an empty site."""
    started = time.perf_counter()
    status = _status(config)
    try:
        run, report = generate(config, _progress("Parsing"), ends_process=ends_process, lap=status)
    except OutputError as exc:
        if status:
            status("")  # the line cleared for the error's
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    _report_problems(run)
    if empty := not run.articles:
        # A content_dir that is there, but the wrong folder or emptied: a site without articles.
        click.echo(f"{'error:' if publishing else 'warning'} {config.content_dir}: no articles "
                   f"(no .txt or .md file that makes a page){'; nothing to publish' if publishing else ''}", err=True)
    click.echo(_summary(run, started, report), err=True)
    if empty and publishing:
        sys.exit(2)
    return 1 if empty and strict else _exit_code(run, strict), report


# The click context's ``obj`` when the command runs as the program (``run``), not called in-process.
_PROCESS_ENDS = "the process ends with the command"


def run() -> None:
    """The ``archive-site`` command and ``python -m generator``: ``main``, then the process ends at
    once. Python would otherwise free the archive's millions of objects one by one on the way out
    (half a second at 10,000 articles) for an operating system that takes the memory back anyway;
    everything the command writes is written and closed by then."""
    try:
        main(obj=_PROCESS_ENDS)  # the commands learn that the process ends with them
        code: int | str | None = 0
    except SystemExit as exc:
        code = exc.code
    if isinstance(code, str):
        click.echo(code, err=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code if isinstance(code, int) else 1 if isinstance(code, str) else 0)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="archive-site")
def main() -> None:
    """Turn an archive of news articles into a searchable static site."""
    # Material warns about MkDocs 2.0 on every build; the pin already rules it out.
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")


@main.command("generate")
@config_option
@strict_option
def generate_command(config_path: Path, strict: bool) -> None:
    """Write Markdown pages (and mkdocs.yml) from content_dir into docs_dir; no HTML."""
    config = _Context(config_path).config()
    with _locked(config):
        code, _ = _run_generate(config, strict, ends_process=click.get_current_context().obj is _PROCESS_ENDS)
    sys.exit(code)


@main.command("build")
@config_option
@strict_option
@click.option("--offline", is_flag=True, default=None, help="Build a site that works opened from disk (file://).")
@click.option("--zip", "make_zip", is_flag=True, help="Also write site.zip beside site_dir, to hand the archive on.")
def build_command(config_path: Path, strict: bool, offline: bool | None, make_zip: bool) -> None:
    """Generate the pages, then build the HTML site into site_dir with MkDocs."""
    config = _Context(config_path).config(offline=offline or None)
    with _locked(config):
        code, generated = _run_generate(config, strict)
        started = time.perf_counter()
        try:
            built = _build_site(config, generated)
        except BuildError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    click.echo(f"archive-site: site built in {built.site_dir} ({_built(built)}, "
               f"{time.perf_counter() - started:.1f} s)", err=True)
    if make_zip:
        target = zip_site(built.site_dir, built.site_dir.parent / "site.zip")
        click.echo(f"archive-site: wrote {target}", err=True)
    sys.exit(code)


@main.command("serve")
@config_option
@click.option("--host", default="127.0.0.1", show_default=True, help="The address to serve on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535), help="The port to serve on.")
def serve_command(config_path: Path, host: str, port: int) -> None:
    """Build a preview of the site and serve it with live reload, following edits in the archive,
    the settings and the theme."""
    config = _Context(config_path).config()
    try:  # before the first build, which may take minutes: is the address free?
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        click.echo(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    # Its own site folder: the preview never mixes with the site that is published.
    preview = config.work_dir / "preview"

    def waiting(lock: Path) -> None:
        click.echo(f"archive-site: waiting for another archive-site run to end ({lock})", err=True)

    # The caches stay in memory between rebuilds, as long as no other run rewrites their files:
    # reading them again would cost a rebuild 0.3-0.8 s at 10,000 articles.
    held = HeldCaches()
    # So does the listing of content_dir (for its folder and size limit), changed by the files the
    # system reports changed rather than made anew: 0.57 s of each rebuild at 100,000 files.
    changes = _Changes()
    kept: tuple[tuple[Path, float], Listing] | None = None

    def rebuild() -> None:
        # After each change only the changed pages are rendered again (generator.build), not the
        # whole site as ``mkdocs serve`` would: at 10,000 articles that is seconds, not a minute.
        nonlocal kept
        started = time.perf_counter()
        changed, last, kept = changes.take(), kept, None  # kept again once listed
        status: Callable[[str], None] | None = None
        try:
            current = load_config(config_path, site_dir=preview)  # the settings may have changed
            # An edit must reach the preview: a build of the user's meanwhile delays it, not drops it.
            with build_lock(current, on_wait=waiting), holding(held):
                folder = (current.content_dir, current.max_file_mb)
                listing = relisted(last[1], *folder, changed) if last and last[0] == folder and changed is not None \
                    else None
                kept = folder, listing or list_sources(*folder)
                status = _status(current)
                run, report = generate(current, _progress("Parsing"), keep_failed=True, listing=kept[1], lap=status)
                _report_problems(run)
                click.echo(_summary(run, started, report), err=True)
                built = _build_site(current, report)
        except (ConfigError, OutputError, BuildError) as exc:
            if status:
                status("")  # the line cleared for the error's
            click.echo(f"error: {exc}", err=True)  # the preview keeps its last good state
            return
        click.echo(f"archive-site: preview updated ({_built(built)}, {time.perf_counter() - started:.1f} s)",
                   err=True)

    rebuild()
    if not (preview / "index.html").is_file():
        sys.exit(1)
    mount = serve_path(config.site_url)
    click.echo(f"archive-site: serving on http://{host}:{port}{mount} (Ctrl+C stops)", err=True)
    watched = [config.content_dir, config.theme_dir, config_path.absolute()]
    serve_site(preview, [p for p in watched if p.exists()], rebuild, host, port, changes.note, mount)


class _Changes:
    """The paths of the changes the system reported since ``serve`` last took them (see ``take``)."""

    def __init__(self) -> None:
        import threading  # here: only serve has threads

        self._lock = threading.Lock()
        self._paths: set[str] = set()
        self._taken = 0

    def note(self, paths: Iterable[str]) -> None:
        """Called by the watching thread with the paths of each reported change."""
        with self._lock:
            self._paths.update(paths)

    def take(self) -> set[str] | None:
        """The paths reported since the last call, or None (not known) in the first two calls: the
        first preview is built before the watching starts, and what changed meanwhile is known only
        from a new listing, made in the rebuild after it."""
        with self._lock:
            taken, self._paths = self._paths, set()
            self._taken += 1
            return taken if self._taken > 2 else None


@main.command("deploy")
@config_option
@click.option("--remote", default="origin", show_default=True, help="The git remote to push to.")
@click.option("--branch", default="gh-pages", show_default=True, help="The branch that GitHub Pages serves.")
@click.option("--message", default=None, help="Commit message for the published site.")
def deploy_command(config_path: Path, remote: str, branch: str, message: str | None) -> None:
    """Build the site and publish it to the gh-pages branch (GitHub Pages)."""
    config = _Context(config_path).config(offline=False)  # a published site is served, whatever the settings say
    try:
        check_repository(config, remote)
    except DeployError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)
    with _locked(config):
        _, generated = _run_generate(config, strict=False, publishing=True)
        try:
            # Always a site for a server: a site built --offline before is built again, which this line tells.
            click.echo(f"archive-site: site built in {config.site_dir} ({_built(_build_site(config, generated))})",
                       err=True)
            deploy_site(config, remote, branch, message)
        except BuildError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    click.echo(f"archive-site: published {config.site_dir} to {remote}/{branch}", err=True)


_SHORT_FORMS_SHOWN = 20  # lines of short forms `check` lists


@main.command("check")
@config_option
@strict_option
def check_command(config_path: Path, strict: bool) -> None:
    """Read and parse everything, report problems per file; write nothing."""
    started = time.perf_counter()
    config = _Context(config_path).config()
    refused = mkdocs_problems(config)  # what a build would stop at, told before the archive is read
    for problem in refused:
        click.echo(f"error: {problem}", err=True)
    corpus = read_corpus(config, _progress("Checking"), use_cache=False)  # check writes nothing
    run = corpus.summary(today=date.today())
    _report_problems(run)
    if corpus.boilerplate.most_common:
        click.echo("most frequent boilerplate paragraphs removed (articles: paragraph):", err=True)
        for text, count in corpus.boilerplate.most_common:
            click.echo(f"  {count:>5}: {text[:100]}{'…' if len(text) > 100 else ''}", err=True)
    if short_forms := spelled_out(corpus.articles, config.tags.aliases):
        # Two topics ("DGB" beside "Deutscher Gewerkschaftsbund") unless joined: the owner decides (see acronyms).
        click.echo("short forms the archive spells out; to make each one topic with its full name, add under "
                   "tags.aliases (articles: line):", err=True)
        for found in short_forms[:_SHORT_FORMS_SHOWN]:
            click.echo(f"  {found.articles:>5}: {found.alias_line}", err=True)
        if len(short_forms) > _SHORT_FORMS_SHOWN:
            click.echo(f"  … and {len(short_forms) - _SHORT_FORMS_SHOWN} more", err=True)
    undated = sorted(a.key for a in corpus.articles if not a.dated)
    if undated:
        # Dated by the file's time, the day it was copied: listed under that year, and on the home page last.
        shown = ", ".join(undated[:5]) + (", …" if len(undated) > 5 else "")
        click.echo(f"{_counted(len(undated), 'article')} dated by the file alone (the text names no date): {shown}",
                   err=True)
    click.echo(_summary(run, started), err=True)
    sys.exit(2 if refused else _exit_code(run, strict))
