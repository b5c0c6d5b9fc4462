"""Load ``site_config.yml`` into one typed, validated object.

This is the only module that reads YAML configuration or the environment.

The settings are plain frozen dataclasses, validated by pydantic (types, bounds, unknown keys) when a
config file is read. Importing pydantic and building models on it took a tenth of a second of every
command: a config validated once is kept, by its file's keys, in the user's cache directory, and read
back without pydantic until the file changes.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import pickle
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from annotated_types import Ge, Gt, Le

# A site's address as MkDocs takes it: http(s), a host, maybe a path; no spaces.
_WEB_ADDRESS = re.compile(r"https?://[^/\s?#]+(?:/[^\s?#]*)?", re.IGNORECASE)
# archive-site's own theme, beside the package in a checkout (or an editable install).
BUNDLED_THEME = Path(__file__).resolve().parent.parent / "theme"
# pydantic reads this on each settings class: an unknown key is an error, not ignored.
_STRICT = {"extra": "forbid"}
_KEPT_CONFIGS = 32  # validated configs kept in the cache directory, the most recently used


class ConfigError(Exception):
    """A configuration problem, already phrased as one line for the user."""


class _SettingsLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing a key given twice in one mapping: YAML lets the last win, and a second
    ``tags:`` block dropped the first one's rules without a word."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        # The keys as written, before a merge (``<<: *defaults``) brings in others, which the mapping's own
        # may override.
        seen: set[str] = set()
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(None, None, f"key {key_node.value!r} given twice",
                                                            key_node.start_mark)
                seen.add(key_node.value)
        return super().construct_mapping(node, deep=deep)


@dataclass(frozen=True)
class RegexPattern:
    """A boilerplate pattern written as ``{regex: ...}``: a regular expression, checked when read."""

    __pydantic_config__ = _STRICT
    regex: str

    def __post_init__(self) -> None:
        import re

        try:
            re.compile(self.regex)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from exc


@dataclass(frozen=True)
class BoilerplateConfig:
    """Publisher boilerplate removal: explicit patterns plus corpus repeats."""

    __pydantic_config__ = _STRICT
    patterns: tuple[str | RegexPattern, ...] = ()
    min_repeats: Annotated[int, Ge(2)] = 3


@dataclass(frozen=True)
class TagsConfig:
    """Topic tagging: keyword rules, aliases, ignore list and limits."""

    __pydantic_config__ = _STRICT
    rules: dict[str, tuple[str, ...]] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    auto: bool = True
    min_articles: Annotated[int, Ge(1)] = 2
    max_share: Annotated[float, Gt(0), Le(1)] = 0.3
    max_per_article: Annotated[int, Ge(1)] = 8


@dataclass(frozen=True)
class SearchConfig:
    """How much of each article goes into the search index.

    ``full`` indexes every word; ``lead`` only the title, the tags and the
    first ``lead_paragraphs`` paragraphs (the first one is what the page's
    description is cut from); ``auto`` picks ``full`` up to
    ``full_text_limit`` articles, ``lead`` up to ``titles_only_limit`` and
    titles and tags alone past it, since a browser chokes on a huge index.
    ``worker`` answers the search box: archive-site's worker (an index built
    in a fraction of the time) or Material's own (lunr.js, with stemmers for
    ``search_languages``).
    """

    __pydantic_config__ = _STRICT
    worker: Literal["archive", "material"] = "archive"
    index: Literal["auto", "full", "lead"] = "auto"
    full_text_limit: Annotated[int, Ge(0)] = 2000
    titles_only_limit: Annotated[int, Ge(0)] = 20000
    lead_paragraphs: Annotated[int, Ge(0)] = 1

    def indexed_paragraphs(self, articles: int) -> int | None:
        """How many paragraphs of each article go into the index for an archive of ``articles``; None: all."""
        if self.index == "full" or (self.index == "auto" and articles <= self.full_text_limit):
            return None
        if self.index == "auto" and articles > self.titles_only_limit:
            return 0
        return self.lead_paragraphs


@dataclass(frozen=True)
class ImageDownload:
    """Limits for ``images: local`` downloads."""

    __pydantic_config__ = _STRICT
    timeout: Annotated[float, Gt(0)] = 10
    max_mb: Annotated[float, Gt(0)] = 10
    workers: Annotated[int, Ge(1), Le(32)] = 4


@dataclass(frozen=True)
class Publisher:
    """A publisher recognised by the host of its images."""

    __pydantic_config__ = _STRICT
    name: str
    image_hosts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SiteConfig:
    """Everything a user can set in ``site_config.yml``; paths are absolute."""

    __pydantic_config__ = _STRICT
    site_name: str = "News archive"
    site_url: str | None = None
    site_description: str = ""
    language: Literal["de", "en"] = "de"  # the languages of the generated pages' words (i18n.LABELS)
    search_languages: tuple[str, ...] = ("de", "en")
    content_dir: Path = Path("content")
    docs_dir: Path = Path("build/docs")
    site_dir: Path = Path("site")
    theme_dir: Path = Path("theme")
    max_file_mb: Annotated[float, Gt(0)] = 5
    latest_count: Annotated[int, Ge(1)] = 20
    listing_page_size: Annotated[int, Ge(5)] = 100
    offline: bool = False
    search: SearchConfig = field(default_factory=SearchConfig)
    images: Literal["remote", "local"] = "remote"
    image_download: ImageDownload = field(default_factory=ImageDownload)
    tags: TagsConfig = field(default_factory=TagsConfig)
    boilerplate: BoilerplateConfig = field(default_factory=BoilerplateConfig)
    publishers: tuple[Publisher, ...] = ()
    mkdocs: dict[str, Any] = field(default_factory=dict)
    config_path: Path | None = None

    @property
    def work_dir(self) -> Path:
        """Where generated files besides the site live (``mkdocs.yml``, caches)."""
        return self.docs_dir.parent

    @property
    def mkdocs_yml(self) -> Path:
        return self.work_dir / "mkdocs.yml"


# The branches of a union that pydantic names in an error's place ("str", "RegexPattern" for a boilerplate
# pattern), which are types, not keys.
_BRANCHES = {"str", "int", "float", "bool", "none", "RegexPattern"}


def _format_error(error: dict[str, Any], path: Path) -> str:
    # The key's path, without list positions and the union branches pydantic tried (see _BRANCHES).
    key = ".".join(part for part in error["loc"] if isinstance(part, str) and part not in _BRANCHES
                   and "[" not in part) or "(top)"
    if error["type"] in ("extra_forbidden", "unexpected_keyword_argument"):
        return f"{path}: unknown key '{key}'"
    # Settings hold tuples; a YAML file has lists.
    return f"{path}: key '{key}': {error['msg'].replace('a valid tuple', 'a list')}"


def load_config(path: Path, **overrides: Any) -> SiteConfig:
    """Read and validate ``path``; relative paths resolve against its folder.

    Raises ConfigError with one line naming the file and the offending key.
    """
    path = Path(path).absolute()
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SettingsLoader) if path.exists() else None  # noqa: S506
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        problem = getattr(exc, "problem", None)
        raise ConfigError(f"{path}: invalid YAML{where}{f': {problem}' if problem else ''}") from exc
    if not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level")
    if unnamed := [key for key in raw if not isinstance(key, str)]:
        # "1: x" read as the number 1: pydantic's error would name no key ("Keys should be strings").
        raise ConfigError(f"{path}: key {unnamed[0]!r}: a setting's name is a word (see the README's settings)")
    raw = {**raw, **{k: v for k, v in overrides.items() if v is not None}}
    if isinstance(raw.get("language"), str):
        # "EN", "de-DE": the pages' words come in one language per primary subtag.
        raw["language"] = _primary(raw["language"])
    if isinstance(raw.get("search_languages"), list):
        raw["search_languages"] = [_primary(lang) if isinstance(lang, str) else lang
                                   for lang in raw["search_languages"]]
    base = path.parent
    if "theme_dir" not in raw and not (base / "theme").is_dir() and BUNDLED_THEME.is_dir():
        # A site of its own, beside the archive-site checkout (or pip install -e): archive-site's theme, which
        # every page needs (its templates, styles and search), rather than a build failing for want of theme/.
        raw["theme_dir"] = str(BUNDLED_THEME)
    config = _validated(raw, path)
    resolved = replace(config, **{name: (base / getattr(config, name)).resolve()
                                  for name in ("content_dir", "docs_dir", "site_dir", "theme_dir")})
    _check_dirs(resolved, path)
    return resolved


def _validated(raw: dict[str, Any], path: Path) -> SiteConfig:
    """``raw`` (the file's keys, with the overrides) as settings, checked by pydantic, or as the same
    keys were checked before (see the module's description)."""
    from .memo import code_stamp, digest  # the validation's code: settings classes and pydantic

    key = digest(code_stamp(), str(path), raw).hex()
    kept = _config_cache() / f"{key}.pickle"
    try:
        with kept.open("rb") as handle:
            config = pickle.load(handle)
        if isinstance(config, SiteConfig):
            os.utime(kept)  # recently used: kept longest
            return config
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, TypeError):
        pass
    from pydantic import TypeAdapter, ValidationError

    try:
        config = TypeAdapter(SiteConfig).validate_python({**raw, "config_path": path})
    except ValidationError as exc:
        errors = exc.errors()
        # A value our own check refused (an invalid regular expression) says more than the other
        # branches of its union ("Input should be a valid string").
        raise ConfigError(_format_error(next((e for e in errors if e["type"] == "value_error"), errors[0]), path)) \
            from exc
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        tmp = kept.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_bytes(pickle.dumps(config, protocol=pickle.HIGHEST_PROTOCOL))
        os.replace(tmp, kept)
        older = sorted(kept.parent.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for stale in older[_KEPT_CONFIGS:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written costs time next run, not results
    return config


def _config_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("archive-site")) / "config"


def _primary(language: str) -> str:
    """A language tag's primary subtag, in lower case: "EN", "de-DE" and "de_AT" name "en" and "de"."""
    return language.strip().lower().replace("_", "-").split("-")[0]


@functools.cache
def _search_languages() -> frozenset[str]:
    """The languages MkDocs' search plugin (and Material's, which checks them alike) takes: English and those
    with a lunr language file, Ukrainian read as Russian."""
    spec = importlib.util.find_spec("mkdocs")  # where it is, without importing it (a run may not need it)
    folder = Path(spec.origin).parent / "contrib" / "search" / "lunr-language" if spec and spec.origin else None
    found = {file.name[5:-3] for file in folder.glob("lunr.*.js")} if folder else set()
    return frozenset({"en", "uk"} | {name for name in found if name.isalpha() and name != "multi"})


_FEWEST_START = 4  # letters of a rule's keyword that starts words ("Fernwärme*")


def _check_dirs(config: SiteConfig, path: Path) -> None:
    if config.site_url and not _WEB_ADDRESS.fullmatch(config.site_url):  # "": no address, as none
        # MkDocs refuses it only when it builds; generate and check said nothing.
        raise ConfigError(f"{path}: key 'site_url': {config.site_url!r} is no web address; write it whole, as "
                          "https://name.github.io/repository/")
    if unknown := [lang for lang in config.search_languages if lang not in _search_languages()]:
        # MkDocs drops such a language with a note at info level, which a build does not show, and falls back
        # to English: the search no longer stemmed the archive's words.
        raise ConfigError(f"{path}: key 'search_languages': {', '.join(map(repr, unknown))}: the search knows "
                          f"no such language (it knows {', '.join(sorted(_search_languages()))})")
    for tag, keywords in config.tags.rules.items():
        if short := [k for k in keywords if k.rstrip().endswith("*") and len(k.strip().rstrip("*")) < _FEWEST_START]:
            # "*" or "Ha*" would match most of the archive's words: every article got the rule's tag.
            raise ConfigError(f"{path}: key 'tags.rules.{tag}': {', '.join(map(repr, short))}: a keyword ending in "
                              f"'*' matches the words starting with it, and needs {_FEWEST_START} letters or more")
    if placed := [key for key in ("docs_dir", "site_dir") if key in config.mkdocs]:
        # Under mkdocs: MkDocs would read docs_dir against build/ and build into a site_dir that archive-site's
        # checks (never empty a folder it did not make, never overlap content_dir) do not see.
        raise ConfigError(f"{path}: key 'mkdocs.{placed[0]}': set '{placed[0]}' at the top level instead, "
                          "where archive-site checks and uses it")
    material = config.mkdocs.get("theme")
    chosen = material.get("language") if isinstance(material, dict) else None
    if isinstance(chosen, str) and _primary(chosen) != config.language:
        # Material's words (search, navigation) and the page's lang would be in one language, archive-site's
        # words and the articles' marks in another: a screen reader read the pages in the wrong one.
        raise ConfigError(f"{path}: key 'mkdocs.theme.language': {chosen!r} is not the site's language "
                          f"({config.language!r}); set 'language' instead (de or en), which Material's words follow")
    content = config.content_dir
    if not content.is_dir():
        # Read as an empty archive, a mistyped folder would empty the site (and `deploy` publish it).
        raise ConfigError(f"{path}: key 'content_dir': {content} is not a folder" if content.exists()
                          else f"{path}: key 'content_dir': folder {content} not found")
    if not os.access(content, os.R_OK | os.X_OK):
        raise ConfigError(f"{path}: key 'content_dir': cannot read folder {content} (permission denied)")
    theme = config.theme_dir
    if not theme.is_dir():
        raise ConfigError(f"{path}: key 'theme_dir': folder {theme} not found (archive-site's own is {BUNDLED_THEME})")
    if theme != BUNDLED_THEME and BUNDLED_THEME.is_dir():
        # MkDocs takes one folder of templates over Material's: a folder of the user's alone, without
        # archive-site's templates, styles and search worker, built pages without them, and said nothing.
        missing = sorted(rel.as_posix() for rel in (f.relative_to(BUNDLED_THEME) for f in BUNDLED_THEME.rglob("*")
                                                    if f.is_file()) if not (theme / rel).exists())
        if missing:
            raise ConfigError(f"{path}: key 'theme_dir': {theme} lacks archive-site's theme files "
                              f"({', '.join(missing[:3])}{', …' if len(missing) > 3 else ''}): start from a copy "
                              f"of {BUNDLED_THEME} and change what you want")
    for name in ("docs_dir", "site_dir"):
        target: Path = getattr(config, name)
        if target == content or target.is_relative_to(content) or content.is_relative_to(target):
            raise ConfigError(
                f"{path}: key '{name}': {target} overlaps content_dir {content}; "
                "generated output must live apart from the archive"
            )
    docs, site = config.docs_dir, config.site_dir
    if docs == site or docs.is_relative_to(site) or site.is_relative_to(docs) or site == config.work_dir:
        # MkDocs empties site_dir before it builds, and docs_dir's folder holds mkdocs.yml and the caches.
        raise ConfigError(f"{path}: key 'site_dir': {site} overlaps docs_dir {docs} or the folder holding it; "
                          "the built site must live apart from the generated pages (site, beside build/docs)")
