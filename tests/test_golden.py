"""Golden corpus: a small archive whose generated docs_dir is compared with a fresh run.

When output changes on purpose, run ``pytest tests/test_golden.py --update-golden``
and review the diff of ``tests/golden/docs`` like any other change.
"""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from .conftest import make_archive

GOLDEN = Path(__file__).parent / "golden"
CONFIG = """
site_name: Golden
language: de
site_url: https://golden.example/archive/
tags:
  rules:
    Hafenbrücke: [Hafenbrücke, harbour bridge]
    Fähre: [Fähre, ferry]
"""


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_generated_docs_match_golden(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    archive = make_archive(tmp_path / "p", CONFIG, content_dir=GOLDEN / "content")
    result = archive.run("generate")
    assert result.exit_code == 0, result.output
    expected_dir = GOLDEN / "docs"
    if request.config.getoption("--update-golden"):
        shutil.rmtree(expected_dir, ignore_errors=True)
        shutil.copytree(archive.docs, expected_dir)
    actual, expected = _tree(archive.docs), _tree(expected_dir)
    assert sorted(actual) == sorted(expected)
    for name, text in expected.items():
        if actual[name] != text:
            diff = "".join(difflib.unified_diff(text.splitlines(True), actual[name].splitlines(True), name, name))
            pytest.fail(f"{name} differs from the golden copy:\n{diff}")
