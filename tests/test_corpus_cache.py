"""Re-reading a changed file reuses what its last parse found where that cannot differ: the language
of an article whose opening did not change. Results equal a parse without the cache."""

from __future__ import annotations

from pathlib import Path

from generator.corpus import parse_all
from generator.language import LANGUAGE_SAMPLE, _languages
from generator.model import Article, Problem
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
