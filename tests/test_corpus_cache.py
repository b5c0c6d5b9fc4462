"""The parse cache: written by the parse workers of a large first run, kept between runs; re-reading a
changed file reuses what its last parse found where that cannot differ (the language of an article
whose opening did not change). Results equal a parse without the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.corpus import PARALLEL_FROM, parse_all
from generator.language import LANGUAGE_SAMPLE, _languages
from generator.model import Article, Problem
from generator.parallel import worker_cores
from generator.read import list_sources

GERMAN = (
    "Stadtrat beschließt neuen Hafenplan für Velsburg\n"
    "Der Stadtrat hat am Dienstag mit großer Mehrheit den neuen Hafenplan beschlossen, der den Ausbau "
    "der Kaianlagen und eine neue Fähre vorsieht.\n"
    "Die Opposition kritisierte die Kosten, die sich nach Schätzungen der Verwaltung auf mehrere "
    "Millionen Euro belaufen sollen, und forderte eine Bürgerbefragung.\n"
    "Der Bürgermeister verteidigte den Plan: Ohne den Ausbau verliere der Hafen seine Bedeutung für "
    "die ganze Region, und die Fähre zur Insel sei seit Jahren überfällig.\n"
)
ENGLISH = (
    "City council approves new harbour plan for Velsburg\n"
    "The city council approved the new harbour plan on Tuesday by a large majority, which provides for "
    "the expansion of the quays and a new ferry.\n"
)


def _parse(content: Path, cache: Path | None) -> list[Article | Problem]:
    entries = list_sources(content).entries
    return [r if isinstance(r, Problem) else r[0] for r in parse_all(entries, "de", {}, cache)]


def _model_calls() -> int:
    return _languages().calls


def test_an_edit_below_the_opening_keeps_the_language_without_the_model(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache" / "articles.pickle"
    content.mkdir()
    path = content / "001_meldung.txt"
    path.write_text(GERMAN + "Ein letzter Absatz.\n", encoding="utf-8")
    first = _parse(content, cache)
    assert first[0].language == "de" and len(first[0].text) - len("Ein letzter Absatz.") > LANGUAGE_SAMPLE
    path.write_text(GERMAN + "Ein geänderter letzter Absatz, etwas länger.\n", encoding="utf-8")
    calls = _model_calls()
    again = _parse(content, cache)
    assert _model_calls() == calls, "the language came from the last parse"
    assert again == _parse(content, None)
    assert again[0].paragraphs[-1] == "Ein geänderter letzter Absatz, etwas länger."


def test_an_edited_opening_is_read_again(tmp_path: Path) -> None:
    content, cache = tmp_path / "content", tmp_path / "cache" / "articles.pickle"
    content.mkdir()
    path = content / "001_meldung.txt"
    path.write_text(GERMAN, encoding="utf-8")
    assert _parse(content, cache)[0].language == "de"
    path.write_text(ENGLISH, encoding="utf-8")
    again = _parse(content, cache)
    assert again[0].language == "en"
    assert again == _parse(content, None)


def _many(content: Path, start: int, count: int) -> None:
    """``count`` short articles, each with a title and paragraphs of its own."""
    content.mkdir(exist_ok=True)
    for n in range(start, start + count):
        (content / f"{n:04d}_meldung.txt").write_text(
            f"Meldung {n} aus Velsburg\nDer Stadtrat hat in Sitzung {n} über den Hafen beraten.\n"
            f"Beschlossen wurde in Sitzung {n} noch nichts, sagte die Verwaltung.\n", encoding="utf-8")


def test_a_large_first_run_leaves_a_cache_the_next_runs_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The files of a first run's parse cache are written by the workers that parse them: the next run
    reads every result from them, not a file; files added later join them; results are a clean parse's."""
    content, cache = tmp_path / "content", tmp_path / "cache" / "articles.pickle"
    _many(content, 0, PARALLEL_FROM + 50)
    with monkeypatch.context() as patch:
        if worker_cores() > 1:
            # this process only reads the cache files the workers wrote
            patch.setattr("generator.corpus.read_source", lambda entry: pytest.fail(f"{entry.rel} parsed here"))
        first = _parse(content, cache)
    assert first == _parse(content, None) and len(first) == PARALLEL_FROM + 50
    with monkeypatch.context() as patch:
        patch.setattr("generator.corpus.read_source", lambda entry: pytest.fail(f"{entry.rel} read again"))
        assert _parse(content, cache) == first
    _many(content, 1000, PARALLEL_FROM)  # as many new files as old ones in most cache files
    grown = _parse(content, cache)
    assert grown == _parse(content, None) and len(grown) == 2 * PARALLEL_FROM + 50


def test_a_parse_cache_that_cannot_be_written_leaves_the_results_whole(tmp_path: Path) -> None:
    """Workers that cannot write their cache files send their results instead."""
    content = tmp_path / "content"
    _many(content, 0, PARALLEL_FROM + 50)
    (tmp_path / "blocked").write_text("a file where the cache folder would be", encoding="utf-8")
    results = _parse(content, tmp_path / "blocked" / "articles.pickle")
    assert results == _parse(content, None) and all(isinstance(r, Article) for r in results)
