"""Generate ``mkdocs.yml`` and build the site with MkDocs' Python API."""

from __future__ import annotations

import fcntl
import hashlib
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from .config import SiteConfig
from .i18n import labels
from .write import OutputError

SITE_MARKER = ".archive-site"
# Our Web Worker stand-in for pages opened from disk (theme/assets/javascripts/).
OFFLINE_WORKER = "assets/javascripts/iframe-worker.js"
# Our search worker behind Material's search box (theme/assets/javascripts/).
SEARCH_WORKER = "assets/javascripts/archive-search.js"
# The footer's credit, in the site's language (see mkdocs_config).
MATERIAL_LINK = ('<a href="https://squidfunk.github.io/mkdocs-material/" target="_blank" rel="noopener">'
                 "Material for MkDocs</a>")

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


# Lists of the generated settings that the user's ``mkdocs:`` adds to rather than replaces: every page
# needs archive-site's extensions and plugin (a list of the user's own dropped them: each page showed
# "{: .archive-up … }" as text, and a plugins list ended in a traceback) and Material's features.
_NAMED_LISTS = {("markdown_extensions",), ("plugins",)}  # entries by name: the user's settings for one win
_ADDED_LISTS = {("theme", "features")}


def _merge(base: dict[str, Any], extra: Mapping[str, Any], at: tuple[str, ...] = ()) -> dict[str, Any]:
    merged = dict(base)
    for key, value in extra.items():
        where, mine = (*at, key), merged.get(key)
        if where in _NAMED_LISTS and isinstance(value, Mapping):
            value = [{name: settings} for name, settings in value.items()]  # MkDocs' other way to write them
        if isinstance(value, Mapping) and isinstance(mine, dict):
            merged[key] = _merge(mine, value, where)
        elif where in _NAMED_LISTS and isinstance(value, list) and isinstance(mine, list):
            theirs = {entry_name(entry): entry for entry in value}
            merged[key] = [theirs.pop(entry_name(entry), entry) for entry in mine] + list(theirs.values())
        elif where in _ADDED_LISTS and isinstance(value, list) and isinstance(mine, list):
            merged[key] = mine + [entry for entry in value if entry not in mine]
        else:
            merged[key] = value
    return merged


def entry_name(entry: Any) -> str:
    """The name of an entry of ``plugins`` or ``markdown_extensions``: ``name`` or ``{name: settings}``; a
    plugin named with its package (``material/search``) as the plugin itself."""
    name = str(next(iter(entry), "")) if isinstance(entry, Mapping) else str(entry)
    return name.removeprefix("material/")


def mkdocs_config(config: SiteConfig, search_lead: int | None = None) -> dict[str, Any]:
    """The MkDocs configuration for ``config``, with the user's ``mkdocs:`` merged in. ``search_lead``: the
    paragraphs of each article in the search index, where not all (see ``SearchConfig.indexed_paragraphs``),
    which the search box says."""
    offline = config.offline
    plugins: list[Any] = [
        {"search": {"lang": list(config.search_languages)}},
        {"archive-site": {"template_cache": str(config.work_dir / "cache" / "templates")}},
    ]
    if offline:
        plugins.append("offline")
    words = labels(config.language)
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
        # Tables align their cells with the align attribute, which a hand-written page keeps, not a style
        # (see mkdocs_plugin.safe_html, which keeps no style).
        "markdown_extensions": ["attr_list", "md_in_html", {"tables": {"use_align_attribute": True}},
                                {"toc": {"permalink": False}}],
        "nav": [{words["home"]: "index.md"}, {words["topics"]: "tags/index.md"},
                {words["archive"]: "archive/index.md"}],
        "not_in_nav": "/articles/\n/tags/\n/archive/\n",
    }
    version = _assets_version(config.theme_dir)
    base["extra"] = {"archive_assets_version": version}
    if "copyright" not in config.mkdocs:
        # Material's own credit line ("Made with Material for MkDocs", extra.generator) is English on any
        # site: the site's words instead, where the user's copyright line does not take the place.
        base["copyright"] = words["made_with"].format(link=MATERIAL_LINK)
        base["extra"]["generator"] = False
    if config.search.worker == "archive":
        base["extra"]["archive_search_worker"] = f"{SEARCH_WORKER}?v={version}"
    if search_lead is not None:
        # A word past an article's opening finds nothing, as a word the archive does not hold: the box says
        # what it searches.
        base["extra"]["archive_search_placeholder"] = words["search_titles" if search_lead == 0 else "search_lead"]
    merged = _merge(base, config.mkdocs)
    if offline:
        # Material's offline plugin adds a Worker polyfill from unpkg.com unless a polyfill named
        # "iframe-worker" is listed; ours ships in theme/ (a path relative to the site root, which
        # Material's script_tag filter makes relative to each page), so the offline copy needs no
        # network. Kept when the user lists polyfills of their own under mkdocs: extra:.
        extra = dict(merged.get("extra") or {})
        given = extra.get("polyfills") or []
        polyfills = list(given) if isinstance(given, list | tuple) else [given]
        if not any("iframe-worker" in str(p) for p in polyfills):
            polyfills.append(OFFLINE_WORKER)
        merged["extra"] = {**extra, "polyfills": polyfills}
    return {k: v for k, v in merged.items() if v is not None}


def mkdocs_problems(config: SiteConfig) -> list[str]:
    """What MkDocs refuses in the settings ``mkdocs_config`` makes of ``config``, one line each, naming the
    key of ``site_config.yml`` it comes from (``mkdocs.theme`` for a ``theme`` set under ``mkdocs:``).
    MkDocs itself says "Config value 'theme': …" of a file the user never wrote, and then that the
    build was aborted."""
    from mkdocs.config.defaults import MkDocsConfig

    settings = MkDocsConfig(config_file_path=str(config.mkdocs_yml))
    values = mkdocs_config(config)
    if not config.docs_dir.is_dir() and "docs_dir" not in config.mkdocs:
        # Made by ``generate``, which ``check`` does not run; MkDocs checks nothing after a docs_dir not there.
        values["docs_dir"] = str(config.content_dir)
    settings.load_dict(values)
    try:
        errors, warnings = settings.validate()
    except Exception as exc:  # a value MkDocs' own checks trip over (theme: {custom_dir: 5})
        return [f"{config.config_path}: key 'mkdocs': MkDocs cannot read these settings: {one_line(exc)}"]
    # A name MkDocs does not know can only come from the user's mkdocs: settings: a typo, which MkDocs
    # itself only mentions while building, and which then does nothing.
    unknown = [(name, f"MkDocs has no setting of this name ({one_line(warning)})") for name, warning in warnings
               if name in config.mkdocs and "Unrecognised configuration name" in str(warning)]
    problems = [f"{config.config_path}: key '{'mkdocs.' if name in config.mkdocs else ''}{name}': {one_line(error)}"
                for name, error in [*errors, *unknown]]
    features = values["theme"].get("features") if isinstance(values.get("theme"), dict) else None
    if features is not None and not isinstance(features, list | tuple | dict | str):
        # Unchecked by MkDocs; Material's templates stop at it.
        problems.append(f"{config.config_path}: key 'mkdocs.theme.features': a list of Material's features "
                        "(navigation.tabs, …)")
    return problems


def one_line(error: BaseException) -> str:
    """An error's message as one line: its first and last (MkDocs puts a whole traceback in some); its
    type's name if it has none."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    text = " ".join(" ".join(lines[:1] + lines[1:][-1:]).split())
    return text if len(text) <= 300 else text[:299] + "…"


def write_mkdocs_yml(config: SiteConfig, search_lead: int | None = None) -> Path:
    """Write ``mkdocs.yml`` beside ``docs_dir``, only when its text changed (``search_lead``: see
    ``mkdocs_config``)."""
    text = _GENERATED + yaml.safe_dump(mkdocs_config(config, search_lead), sort_keys=False, allow_unicode=True)
    path = config.mkdocs_yml
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        before = path.read_text(encoding="utf-8", errors="replace") if path.exists() else None
        if before is not None and not before.startswith(_GENERATED):
            # docs_dir at the project's top puts it beside the user's files: never over a mkdocs.yml of theirs.
            raise OutputError(f"{path}: a mkdocs.yml archive-site did not write, which it would replace; move it, "
                              "or set docs_dir one folder down (build/docs)")
        if before != text:
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    return path


_GENERATED = "# Generated by archive-site from site_config.yml; edits are overwritten.\n"


def check_site_dir(site_dir: Path) -> None:
    """MkDocs empties ``site_dir`` before building: refuse one we did not make."""
    if site_dir.exists() and not site_dir.is_dir():
        raise BuildError(f"{site_dir}: a file, not a folder; choose another site_dir")
    if site_dir.exists() and any(site_dir.iterdir()) and not (site_dir / SITE_MARKER).exists():
        raise BuildError(
            f"{site_dir}: not empty and not made by archive-site; choose another site_dir "
            "or empty it (the build would delete its files)"
        )


@contextmanager
def build_lock(config: SiteConfig, on_wait: Callable[[Path], None] | None = None) -> Iterator[None]:
    """Hold ``build/.archive-site.lock`` so that two builds never interleave. When another run holds
    it: with ``on_wait``, tell it the lock's path and wait for that run to end; without, refuse."""
    path = config.work_dir / ".archive-site.lock"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(path, "w")  # noqa: SIM115 -- closed by the with below
    except OSError as exc:
        raise OutputError(f"{path}: cannot write ({exc.strerror or exc})") from exc
    with handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if on_wait is None:
                raise BuildError(f"another archive-site run holds {path}; wait for it to finish") from None
            on_wait(path)
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def serve_site(root: Path, watched: Iterable[Path], rebuild: Callable[[], None], host: str, port: int,
               on_change: Callable[[Iterable[str]], None] | None = None, mount_path: str = "/") -> None:
    """Serve ``root`` on ``host:port`` at ``mount_path`` until interrupted, with MkDocs' live-reload server:
    when a file under ``watched`` changes, call ``rebuild`` (which brings ``root`` up to date), then
    reload the open pages. Missing pages get the site's own ``404.html``. ``on_change`` is told the
    paths of each change the system reports (from the watching thread), before the rebuild it starts."""
    from mkdocs.livereload import LiveReloadServer
    from watchdog import events
    from watchdog.observers import Observer

    class FoldersToo(events.FileSystemEventHandler):
        """Passes a folder's creation, move or deletion on as a file's: MkDocs' handler heeds files
        only, and a folder of articles moved out of the archive is one event, the folder's."""

        def __init__(self, handler: events.FileSystemEventHandler) -> None:
            self.handler = handler

        def dispatch(self, event: events.FileSystemEvent) -> None:
            if on_change is not None:
                on_change([path for path in (event.src_path, event.dest_path) if path])
            self.handler.dispatch(events.FileModifiedEvent(event.src_path) if event.is_directory else event)

    class ChangeObserver(Observer):  # type: ignore[misc,valid-type]
        """The system's notifications of changes only. It also tells of files opened and closed
        unwritten, and every rebuild opens the settings and the theme: each would start the next."""

        def schedule(self, handler: events.FileSystemEventHandler, *args: Any, **kwargs: Any) -> Any:
            kwargs.setdefault("event_filter", [
                events.FileCreatedEvent, events.FileModifiedEvent, events.FileDeletedEvent, events.FileMovedEvent,
                events.FileClosedEvent, events.DirCreatedEvent, events.DirDeletedEvent, events.DirMovedEvent])
            return super().schedule(FoldersToo(handler), *args, **kwargs)

    def error_page(code: int) -> bytes | None:
        page = root / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server = LiveReloadServer(builder=rebuild, host=host, port=port, root=str(root), mount_path=mount_path)
    server.error_handler = error_page
    # MkDocs polls every watched file twice a second: 60 ms of CPU per poll at 10,000 articles, more
    # than a core at 100,000. The platform's own notification (inotify on Linux) costs nothing idle.
    server.observer = ChangeObserver()
    for path in watched:
        server.watch(str(path))
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def serve_path(site_url: str | None) -> str:
    """Where ``serve`` puts the preview: the path of ``site_url`` (``/news-archive/`` for a project's
    GitHub Pages), as ``mkdocs serve`` does. The pages MkDocs writes with absolute addresses (the one
    for a missing page) name that path, and would miss their styles and links at the server's root."""
    from urllib.parse import urlsplit

    path = urlsplit(site_url or "").path.strip("/")
    return f"/{path}/" if path else "/"


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
    if message is None:
        # MkDocs' own message names the commit checked out, whatever the archive holds beside it.
        head = _git(top, "rev-parse", "--short", "HEAD").stdout.strip() or "no commit"
        # What the site is made of: the archive, the settings and the theme (not, say, the README).
        made_of = [str(path.resolve()) for path in (config.content_dir, config.config_path, config.theme_dir)
                   if path and path.resolve().is_relative_to(top)]  # git refuses a path outside the repository
        dirty = bool(_git(top, "status", "--porcelain", "--", *made_of).stdout.strip())
        message = f"Site built by archive-site from {head}{' with changes not committed' if dirty else ''}"
    mkdocs_cfg = load_mkdocs_config(str(config.mkdocs_yml), remote_name=remote, remote_branch=branch)
    previous = Path.cwd()
    os.chdir(top)  # ghp-import works on the repository in the current folder
    try:
        gh_deploy(mkdocs_cfg, message=message, ignore_version=True)
    except (Abort, MkDocsException, SystemExit, subprocess.CalledProcessError, OSError) as exc:
        # git's own lines above say why (an unreachable remote, a branch name git refuses); ghp-import's pipe
        # to git fast-import breaks when git stops.
        why = one_line(exc) if not isinstance(exc, subprocess.CalledProcessError) else \
            f"{' '.join(map(str, exc.cmd))} exited with {exc.returncode}"
        raise BuildError(f"deploy to {remote}/{branch} failed: {why}") from exc
    finally:
        os.chdir(previous)
