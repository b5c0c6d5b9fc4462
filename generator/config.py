"""Load ``site_config.yml`` into one typed, validated object.

This is the only module that reads YAML configuration or the environment.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator


class ConfigError(Exception):
    """A configuration problem, already phrased as one line for the user."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RegexPattern(_Strict):
    regex: str

    @field_validator("regex")
    @classmethod
    def _compiles(cls, value: str) -> str:
        import re

        try:
            re.compile(value)
        except re.error as exc:
            raise ValueError(f"invalid regular expression: {exc}") from exc
        return value


class BoilerplateConfig(_Strict):
    """Publisher boilerplate removal: explicit patterns plus corpus repeats."""

    patterns: tuple[str | RegexPattern, ...] = ()
    min_repeats: int = Field(default=3, ge=2)


class TagsConfig(_Strict):
    """Topic tagging: keyword rules, aliases, ignore list and limits."""

    rules: dict[str, tuple[str, ...]] = Field(default_factory=dict)
    aliases: dict[str, str] = Field(default_factory=dict)
    ignore: tuple[str, ...] = ()
    auto: bool = True
    min_articles: int = Field(default=2, ge=1)
    max_share: float = Field(default=0.3, gt=0, le=1)
    max_per_article: int = Field(default=8, ge=1)


class SearchConfig(_Strict):
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

    worker: Literal["archive", "material"] = "archive"
    index: Literal["auto", "full", "lead"] = "auto"
    full_text_limit: int = Field(default=2000, ge=0)
    titles_only_limit: int = Field(default=20000, ge=0)
    lead_paragraphs: int = Field(default=1, ge=0)

    def indexed_paragraphs(self, articles: int) -> int | None:
        """How many paragraphs of each article go into the index for an archive of ``articles``; None: all."""
        if self.index == "full" or (self.index == "auto" and articles <= self.full_text_limit):
            return None
        if self.index == "auto" and articles > self.titles_only_limit:
            return 0
        return self.lead_paragraphs


class ImageDownload(_Strict):
    """Limits for ``images: local`` downloads."""

    timeout: float = Field(default=10, gt=0)
    max_mb: float = Field(default=10, gt=0)
    workers: int = Field(default=4, ge=1, le=32)


class Publisher(_Strict):
    """A publisher recognised by the host of its images."""

    name: str
    image_hosts: tuple[str, ...] = ()


class SiteConfig(_Strict):
    """Everything a user can set in ``site_config.yml``; paths are absolute."""

    site_name: str = "News archive"
    site_url: str | None = None
    site_description: str = ""
    language: str = "de"
    search_languages: tuple[str, ...] = ("de", "en")
    content_dir: Path = Path("content")
    docs_dir: Path = Path("build/docs")
    site_dir: Path = Path("site")
    theme_dir: Path = Path("theme")
    max_file_mb: float = Field(default=5, gt=0)
    latest_count: int = Field(default=20, ge=1)
    listing_page_size: int = Field(default=100, ge=5)
    offline: bool = False
    search: SearchConfig = SearchConfig()
    images: Literal["remote", "local"] = "remote"
    image_download: ImageDownload = ImageDownload()
    tags: TagsConfig = TagsConfig()
    boilerplate: BoilerplateConfig = BoilerplateConfig()
    publishers: tuple[Publisher, ...] = ()
    mkdocs: dict[str, Any] = Field(default_factory=dict)
    config_path: Path | None = Field(default=None, exclude=True)

    @property
    def work_dir(self) -> Path:
        """Where generated files besides the site live (``mkdocs.yml``, caches)."""
        return self.docs_dir.parent

    @property
    def mkdocs_yml(self) -> Path:
        return self.work_dir / "mkdocs.yml"


def _format_error(error: dict[str, Any], path: Path) -> str:
    key = ".".join(str(part) for part in error["loc"] if not isinstance(part, int)) or "(top)"
    if error["type"] == "extra_forbidden":
        return f"{path}: unknown key '{key}'"
    return f"{path}: key '{key}': {error['msg']}"


def load_config(path: Path, **overrides: Any) -> SiteConfig:
    """Read and validate ``path``; relative paths resolve against its folder.

    Raises ConfigError with one line naming the file and the offending key.
    """
    path = Path(path).absolute()
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise ConfigError(f"{path}: invalid YAML{where}") from exc
    if not path.exists():
        raise ConfigError(f"{path}: config file not found")
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of keys at the top level")
    raw = {**raw, **{k: v for k, v in overrides.items() if v is not None}}
    try:
        config = SiteConfig.model_validate({**raw, "config_path": path})
    except ValidationError as exc:
        raise ConfigError(_format_error(exc.errors()[0], path)) from exc
    base = path.parent
    resolved = config.model_copy(
        update={
            name: (base / getattr(config, name)).resolve()
            for name in ("content_dir", "docs_dir", "site_dir", "theme_dir")
        }
    )
    _check_dirs(resolved, path)
    return resolved


def _check_dirs(config: SiteConfig, path: Path) -> None:
    content = config.content_dir
    for name in ("docs_dir", "site_dir"):
        target: Path = getattr(config, name)
        if target == content or target.is_relative_to(content) or content.is_relative_to(target):
            raise ConfigError(
                f"{path}: key '{name}': {target} overlaps content_dir {content}; "
                "generated output must live apart from the archive"
            )
