"""Shared helpers: a real archive in a temp folder, built by the real CLI."""

from __future__ import annotations

import os
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from click.testing import CliRunner, Result
from hypothesis import settings

from generator.cli import main

REPO = Path(__file__).resolve().parents[1]
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
# `pytest --hypothesis-profile=long` runs every property test with 20 times the examples of `make test`.
settings.register_profile("long", max_examples=2000)


@dataclass
class Archive:
    """A site project in a temp folder: content/, site_config.yml, outputs."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "site_config.yml"

    @property
    def content(self) -> Path:
        return self.root / "content"

    @property
    def docs(self) -> Path:
        return self.root / "build" / "docs"

    @property
    def site(self) -> Path:
        return self.root / "site"

    def add(self, name: str, text: str) -> Path:
        """Add a raw article; ``text`` is dedented and stripped, one block per line."""
        path = self.content / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).strip() + "\n", encoding="utf-8")
        return path

    def run(self, *args: str) -> Result:
        return CliRunner().invoke(main, [*args, "--config", str(self.config)], catch_exceptions=False)

    def html(self, rel: str) -> BeautifulSoup:
        return BeautifulSoup((self.site / rel).read_text(encoding="utf-8"), "html.parser")

    def docs_files(self) -> dict[str, bytes]:
        """docs_dir's files and their bytes, by POSIX path."""
        return {p.relative_to(self.docs).as_posix(): p.read_bytes() for p in self.docs.rglob("*") if p.is_file()}

    def clean_copy(self, root: Path) -> Archive:
        """The same content and settings in a fresh project in ``root`` (no cache, no pages). The content
        is copied with its modification times, which give articles without a date their "archived" date."""
        shutil.copytree(self.content, root / "content")
        shutil.copy2(self.config, root / "site_config.yml")
        return Archive(root)

    def clean_run(self, root: Path) -> dict[str, bytes]:
        """The same content and settings generated in a fresh project in ``root`` (see ``clean_copy``):
        its docs_dir's files."""
        clean = self.clean_copy(root)
        assert clean.run("generate").exit_code == 0
        return clean.docs_files()


def make_archive(root: Path, config: str = "", content_dir: Path | None = None) -> Archive:
    """Write a site_config.yml that uses the repository's theme."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "content").mkdir(exist_ok=True)
    config = textwrap.dedent(config)
    given = {line.split(":", 1)[0] for line in config.splitlines() if line[:1].isalpha()}  # its top-level keys
    lines = [line for line in ("site_name: Testarchiv", f"theme_dir: {REPO / 'theme'}",
                               f"content_dir: {content_dir or 'content'}") if line.split(":", 1)[0] not in given]
    (root / "site_config.yml").write_text("\n".join(lines) + "\n" + config, encoding="utf-8")
    return Archive(root)


def copy_sample(root: Path, **overrides: object) -> Archive:
    """A copy of the repository's sample archive (``content/``, ``site_config.yml``) in ``root``.

    The copy uses the repository's ``theme/``, as ``make_archive`` does; the
    repository's ``content/`` is only read. ``overrides`` replace config keys.
    """
    root.mkdir(parents=True, exist_ok=True)
    shutil.copytree(REPO / "content", root / "content")
    config = yaml.safe_load((REPO / "site_config.yml").read_text(encoding="utf-8"))
    config.update(content_dir="content", theme_dir=str(REPO / "theme"), **overrides)
    (root / "site_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                          encoding="utf-8")
    return Archive(root)


def build_sample(root: Path, *args: str, **overrides: object) -> Archive:
    """Build a copy of the sample archive (see ``copy_sample``) with ``archive-site build``."""
    archive = copy_sample(root, **overrides)
    result = archive.run("build", *args)
    assert result.exit_code == 0, result.output
    return archive


@pytest.fixture
def archive(tmp_path: Path) -> Archive:
    return make_archive(tmp_path / "project")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/docs from a fresh run")
