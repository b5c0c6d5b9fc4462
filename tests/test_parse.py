"""The raw-article parser: every rule of the raw format, plus hand-written fixture pairs.

Raw articles are written here the way the archive stores them: one block per
line (paragraph, ``![alt](url)`` image line or headline), no blank lines.
The fixture pairs in ``fixtures/raw`` hold a raw file beside the fields a
person expects from it, written from the rules, not from the parser's output.
"""

from __future__ import annotations

import json
import textwrap
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from generator.language import detect_language
from generator.model import Article, Figure, Image, Paragraph, Related, SourceFile
from generator.parse import MAX_TITLE, ParseError, language_sample, parse_article, parse_articles, source_id
from generator.read import decode_text
from generator.textnorm import fold

RAW = Path(__file__).parent / "fixtures" / "raw"
MTIME = datetime(2021, 3, 4, 12, 30, tzinfo=UTC).timestamp()
NAME = "001_0123456789abcdef.txt"


def raw(text: str) -> str:
    """A raw article from an indented multi-line string."""
    return textwrap.dedent(text).strip("\n") + "\n"


def source(text: str, name: str = NAME, mtime: float = MTIME) -> SourceFile:
    return SourceFile(path=Path(name), rel=name, text=raw(text), mtime=mtime, encoding="utf-8")


def parse(text: str, name: str = NAME, **kwargs: Any) -> Article:
    return parse_article(source(text, name), **kwargs)


def figures(article: Article) -> list[Image]:
    return [block.image for block in article.body if isinstance(block, Figure)]


def titles(article: Article) -> list[str]:
    return [item.title for item in article.related]


# ---------------------------------------------------------------------------
# Fixture pairs: NAME.txt beside NAME.expected.json


def fixture_names() -> list[str]:
    return sorted(path.name for path in RAW.glob("*.txt"))


def expected_for(name: str) -> dict[str, Any]:
    return json.loads((RAW / f"{Path(name).stem}.expected.json").read_text(encoding="utf-8"))


def fixture_source(name: str) -> SourceFile:
    """Decode a fixture like ``read_sources`` does; ``mtime`` in its JSON pins the file time."""
    path = RAW / name
    expected = expected_for(name)
    text, encoding, stray = decode_text(path.read_bytes())
    mtime = datetime.fromisoformat(expected["mtime"]).timestamp() if "mtime" in expected else path.stat().st_mtime
    return SourceFile(path=path, rel=name, text=text, mtime=mtime, encoding=encoding, stray_bytes=stray)


def parse_fixtures() -> list[Article]:
    """Every fixture article, parsed, in file order (shared with the boilerplate and link tests)."""
    return [parse_article(fixture_source(name)) for name in fixture_names()]


def test_a_chunk_parsed_at_once_gives_each_file_its_own_language_and_error() -> None:
    """The parse workers parse a chunk of files, then tell their languages one after another: each
    article still gets its own language, and a file that cannot make a page its own error, wherever
    they sit among the others (a hand-written page naming its language takes none of the answers)."""
    fixtures = [fixture_source(name) for name in fixture_names()]
    broken = source("![Nur ein Bild](https://img.kurier.example/a.jpg)", "009_0000000000000009.txt")
    note = SourceFile(Path("010_notiz.md"), "010_notiz.md",
                      "---\ntitle: Notiz\nlanguage: fr\n---\nUn court texte écrit à la main.\n", MTIME, "utf-8")
    chunk = [fixtures[0], broken, fixtures[1], note, *fixtures[2:]]
    found = parse_articles(chunk)
    assert isinstance(found[1], ParseError) and str(found[1]) == "no title line (only images)"
    assert found[:1] + found[2:] == [parse_article(s) for s in chunk if s is not broken]
    assert [a.language for a in found if isinstance(a, Article)] == [
        "fr" if s is note else expected_for(s.rel)["language"] for s in chunk if s is not broken]


def block_json(block: Paragraph | Figure) -> str | dict[str, str]:
    if isinstance(block, Paragraph):
        return block.text
    return {"figure": block.image.url, "alt": block.image.alt}


def test_fixture_pairs_are_complete() -> None:
    names = fixture_names()
    assert len(names) >= 6
    expected = sorted(path.name for path in RAW.glob("*.expected.json"))
    assert expected == sorted(f"{Path(name).stem}.expected.json" for name in names)
    assert all("\n\n" not in decode_text((RAW / name).read_bytes())[0] for name in names), "blank line in a fixture"


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_parses_as_expected(name: str) -> None:
    expected = expected_for(name)
    article = parse_article(fixture_source(name))
    actual = {
        "title": article.title,
        "date": article.date.isoformat(),
        "date_precision": article.date_precision,
        "language": article.language,
        "source_id": article.source.id,
        "image": {"url": article.image.url, "alt": article.image.alt} if article.image else None,
        "related": titles(article),
        "body": [block_json(block) for block in article.body],
    }
    mismatches = {key: {"parsed": value, "expected": expected[key]}
                  for key, value in actual.items() if value != expected[key]}
    assert not mismatches
    assert article.source.file == name
    assert all(item.url is None for item in article.related), "links are set by link_related, not the parser"
    assert len(article.warnings) == len(expected["warnings"])
    for scheme in expected["warnings"]:
        assert any(scheme in warning for warning in article.warnings), (scheme, article.warnings)


# ---------------------------------------------------------------------------
# Title and hero image


def test_title_is_the_first_non_image_line() -> None:
    article = parse("""
        ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.06/thumb/fest.jpg)
        ![Neue Buslinie verbindet Nord und Süd](https://img.example/2024.05/thumb/bus.jpg)
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)
        Die Stadt hat das leerstehende Zollhaus am Kai für 1,4 Millionen Euro gekauft.
    """)
    assert article.title == "Stadt kauft das alte Zollhaus am Kai"
    assert article.image == Image("https://img.example/2024.07/zollhaus.jpg", "Stadt kauft das alte Zollhaus am Kai")
    assert article.paragraphs == ("Die Stadt hat das leerstehende Zollhaus am Kai für 1,4 Millionen Euro gekauft.",)


def test_title_keeps_only_the_words_of_inline_links() -> None:
    article = parse("""
        Streit um [Windpark](https://example.org/wind) vor der Küste
        Der Kreistag vertagt die Entscheidung über den Windpark auf den Herbst.
    """)
    assert article.title == "Streit um Windpark vor der Küste"


@pytest.mark.parametrize(
    "alt",
    [
        "Stadt plant „Neue Brücke“ – Bau ab 2026",
        'Stadt plant "Neue Brücke" - Bau ab 2026',
        "Stadt plant «Neue Brücke» — Bau ab 2026",
        "Stadt plant ‚Neue Brücke‘ – Bau ab 2026",
        "stadt plant   „NEUE BRÜCKE“ – bau ab 2026",
        "Stadt plant Neue Brücke – Bau ab 2026.",
        "Stadt plant „Neue Brücke“ – Bau ab 2025",  # one letter off: still the same headline
    ],
)
def test_hero_alt_may_differ_from_the_title_in_quotes_dashes_case_and_spaces(alt: str) -> None:
    article = parse(f"""
        Stadt plant „Neue Brücke“ – Bau ab 2026
        ![{alt}](https://img.example/2025.03/bruecke.jpg)
        Der Stadtrat hat die Pläne für eine neue Brücke über den Fluss vorgestellt.
    """)
    assert article.image == Image("https://img.example/2025.03/bruecke.jpg", " ".join(alt.split()))
    assert article.body == (Paragraph("Der Stadtrat hat die Pläne für eine neue Brücke über den Fluss vorgestellt."),)
    assert article.related == ()


def test_an_image_with_another_alt_after_the_title_is_no_hero() -> None:
    article = parse("""
        Stadt plant neue Brücke über den Fluss
        ![Blick vom Ufer auf die alte Brücke](https://img.example/2025.03/alt.jpg)
        Der Stadtrat hat die Pläne für eine neue Brücke vorgestellt.
    """)
    assert article.image is None
    assert article.body[0] == Figure(Image("https://img.example/2025.03/alt.jpg", "Blick vom Ufer auf die alte Brücke"))


def test_the_hero_image_is_never_shown_twice() -> None:
    article = parse("""
        Stadt plant neue Brücke über den Fluss
        ![Stadt plant neue Brücke über den Fluss](https://img.example/2025.03/bruecke.jpg)
        Erster Absatz über die Brücke und ihre Kosten.
        ![Stadt plant neue Brücke über den Fluss](https://img.example/2025.03/bruecke.jpg)
        ![Die Brücke im Modell](https://img.example/2025.03/bruecke.jpg)
        Zweiter Absatz über den Zeitplan der Bauarbeiten.
    """)
    assert article.image is not None
    assert figures(article) == []
    assert article.paragraphs == ("Erster Absatz über die Brücke und ihre Kosten.",
                                  "Zweiter Absatz über den Zeitplan der Bauarbeiten.")


# ---------------------------------------------------------------------------
# Teasers and related lines


TEASED = """
    ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.06/thumbnail/fest.jpg)
    Stadt kauft das alte Zollhaus am Kai
    ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)
    Die Stadt hat das leerstehende Zollhaus am Kai für 1,4 Millionen Euro gekauft.
    ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.06/thumbnail/fest.jpg)
    Das Gebäude soll ein Museum für die Geschichte des Hafens werden.
    ![Hafenfest zieht „80.000 Besucher“ an](https://img.example/2024.06/thumbnail/fest.jpg)
    Die Eröffnung ist für 2027 geplant.
"""


def test_a_teaser_repeated_three_times_gives_one_related_entry() -> None:
    article = parse(TEASED)
    assert article.related == (Related("Hafenfest zieht 80.000 Besucher an"),)
    assert figures(article) == [], "teasers are not part of the body"
    assert article.paragraphs == (
        "Die Stadt hat das leerstehende Zollhaus am Kai für 1,4 Millionen Euro gekauft.",
        "Das Gebäude soll ein Museum für die Geschichte des Hafens werden.",
        "Die Eröffnung ist für 2027 geplant.",
    )


def test_each_distinct_teaser_is_one_related_entry_in_order_of_appearance() -> None:
    article = parse("""
        ![Neue Buslinie verbindet Nord und Süd](https://img.example/2024.05/bus.jpg)
        ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.06/fest.jpg)
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)
        Die Stadt hat das Zollhaus gekauft.
        ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.06/fest.jpg)
        ![Schwimmbad öffnet nach Sanierung](https://img.example/2024.04/teaser/bad.jpg)
        Das Gebäude soll ein Museum werden.
        ![Neue Buslinie verbindet Nord und Süd](https://img.example/2024.05/bus.jpg)
    """)
    assert titles(article) == ["Neue Buslinie verbindet Nord und Süd", "Hafenfest zieht 80.000 Besucher an",
                               "Schwimmbad öffnet nach Sanierung"]
    assert figures(article) == []


def test_an_image_whose_alt_is_a_related_headline_is_a_teaser_not_a_figure() -> None:
    article = parse("""
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
        ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.06/fest.jpg)
        Das Gebäude soll ein Museum werden.
        Mehr zum Thema – Hafenfest zieht „80.000 Besucher“ an
    """)
    assert [fold(title) for title in titles(article)] == [fold("Hafenfest zieht 80.000 Besucher an")]
    assert figures(article) == []
    assert article.paragraphs == ("Die Stadt hat das leerstehende Zollhaus am Kai gekauft.",
                                  "Das Gebäude soll ein Museum werden.")


RELATED_LINES = [
    "Mehr zum Thema – Hafenfest zieht 80.000 Besucher an",
    "Mehr zum Thema - Hafenfest zieht 80.000 Besucher an",
    "Mehr zum Thema — Hafenfest zieht 80.000 Besucher an",
    "Mehr zum Thema: Hafenfest zieht 80.000 Besucher an",
    "Mehr zum Thema–Hafenfest zieht 80.000 Besucher an",
    "Mehr zum Thema:Hafenfest zieht 80.000 Besucher an",
    "Mehr zum Thema – [Hafenfest zieht 80.000 Besucher an](https://example.org/fest)",
    "More on this topic – Hafenfest zieht 80.000 Besucher an",
    "More on this topic: Hafenfest zieht 80.000 Besucher an",
    "Read more: Hafenfest zieht 80.000 Besucher an",
    "Related: Hafenfest zieht 80.000 Besucher an",
    "Related:Hafenfest zieht 80.000 Besucher an",
]


@pytest.mark.parametrize("line", RELATED_LINES)
@pytest.mark.parametrize("where", ["after the hero", "between paragraphs", "at the end"])
def test_related_lines_anywhere_become_related_not_body(line: str, where: str) -> None:
    lines = [
        "Stadt kauft das alte Zollhaus am Kai",
        "![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)",
        "Die Stadt hat das leerstehende Zollhaus am Kai gekauft.",
        "Das Gebäude soll ein Museum werden.",
    ]
    lines.insert({"after the hero": 2, "between paragraphs": 3, "at the end": 4}[where], line)
    article = parse("\n".join(lines))
    assert [r.title for r in article.related] == ["Hafenfest zieht 80.000 Besucher an"]
    assert article.paragraphs == ("Die Stadt hat das leerstehende Zollhaus am Kai gekauft.",
                                  "Das Gebäude soll ein Museum werden.")


def test_a_related_headline_linked_in_the_raw_file_keeps_its_address_as_the_original() -> None:
    """The address went without a word: a reader could not find the article the archive does not hold."""
    article = parse("""
        Stadt kauft das alte Zollhaus am Kai
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
        Mehr zum Thema: [Hafenfest zieht 80.000 Besucher an](https://www.kurier.example/lokales/hafenfest.html)
        Mehr zum Thema – [Neue Fähre am Anleger](/lokales/faehre.html "Lesen")
        Mehr zum Thema – [Zollhaus wird Museum](javascript:alert(1))
        Mehr zum Thema – Der Kai bekommt neue Laternen ([Bilder](https://www.kurier.example/bilder.html))
        Quelle: https://www.kurier.example/lokales/zollhaus.html
    """)
    assert parse("Zollhaus\nText.\nMehr zum Thema – [Umfrage](https://www.kurier.example/u?id=3&amp;s=2)\n"
                 "Mehr zum Thema – [Fest](www.kurier.example/fest.html)").related == (
        Related("Umfrage", None, "https://www.kurier.example/u?id=3&s=2"),  # as a browser reads it, once
        Related("Fest", None, "https://www.kurier.example/fest.html"))  # a host without its scheme, not a path
    assert article.related == (
        Related("Hafenfest zieht 80.000 Besucher an", None, "https://www.kurier.example/lokales/hafenfest.html"),
        # A relative address is read against the article's own, as on the site it was copied from.
        Related("Neue Fähre am Anleger", None, "https://www.kurier.example/lokales/faehre.html"),
        Related("Zollhaus wird Museum"),  # no address a reader may follow
        Related("Der Kai bekommt neue Laternen (Bilder)"),  # a link inside the headline is not the headline's
    )


def test_a_headline_after_a_dash_may_end_in_a_full_stop_or_start_in_lower_case() -> None:
    """Such a "Mehr zum Thema – …" line was taken for a sentence, and lost its link to the archive's article."""
    article = parse("Hafen wächst\nDer Hafen wächst.\nMehr zum Thema – Ermittlungen gegen Nordbahn-Chef eingestellt.\n"
                    "Mehr zum Thema – ver.di ruft zu Warnstreik auf\nMehr zum Thema – Neue Kräne für 20 Mio.")
    assert article.related == (Related("Ermittlungen gegen Nordbahn-Chef eingestellt."),
                               Related("ver.di ruft zu Warnstreik auf"), Related("Neue Kräne für 20 Mio."))


@pytest.mark.parametrize(
    "paragraph",
    [
        "Related costs, such as insurance, have also risen sharply this year.",
        "Read more carefully, the minister said, and the numbers tell another story.",
        "Relatedly, the council has postponed its vote on the harbour budget.",
        "Read more: https://www.harbour-news.example/budget-2025",  # a link, no headline: "related" showed the URL
        # Sentences of the text, which went to "Mehr zum Thema" as if they were headlines.
        "Read more: the full timetable is posted at both landing stages.",
        "Lesen Sie auch: Der Verband hält die Pläne für zu zaghaft und fordert eigene Spuren.",
    ],
)
def test_paragraphs_that_merely_start_like_a_related_line_stay_in_the_body(paragraph: str) -> None:
    article = parse(f"""
        Harbour budget vote postponed until autumn
        The council met on Tuesday evening but could not agree on the harbour budget.
        {paragraph}
    """)
    assert article.related == ()
    assert article.paragraphs[-1] == paragraph


def test_a_logo_above_the_title_is_no_teaser() -> None:
    """An image above the title is a teaser of another article when its caption is a headline: a publisher's
    logo was listed under "Mehr zum Thema" as "Logo"."""
    article = parse("""
        ![Logo](https://img.example/static/logo.png)
        ![Kurier Logo](https://img.example/static/kurier.png)
        ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.07/hafenfest.jpg)
        Stadt kauft das alte Zollhaus am Kai
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
    """)
    assert article.related == (Related("Hafenfest zieht 80.000 Besucher an"),)
    assert article.paragraphs == ("Die Stadt hat das leerstehende Zollhaus am Kai gekauft.",)


def test_the_same_related_headline_is_listed_once_and_never_the_article_itself() -> None:
    article = parse("""
        Stadt kauft das alte Zollhaus am Kai
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
        Mehr zum Thema – Hafenfest zieht 80.000 Besucher an
        Mehr zum Thema – „Hafenfest“ zieht 80.000 Besucher an
        Read more: HAFENFEST ZIEHT 80.000 BESUCHER AN
        Mehr zum Thema – Stadt kauft das alte Zollhaus am Kai
    """)
    assert article.related == (Related("Hafenfest zieht 80.000 Besucher an"),)


# A "Mehr zum Thema" heading on a line of its own, the headlines on the lines under it

KAIMAUER = "Neue Kaimauer für Brückenstein"
KAIMAUER_TEXT = ("Der Hafen von Brückenstein bekommt eine neue Kaimauer, beschloss der Rat am Dienstag.",
                 "Die Arbeiten beginnen im Mai und sollen zwei Jahre dauern.")
SCHLEUSE = "Schleuse in Brückenstein wird saniert"
FAEHRE = "Fähre nach Ostermoor fällt bis Ostern aus"
HAFENFEST = "Brückensteiner Hafenfest fällt dieses Jahr aus"
KOSTEN = "Die Kosten schätzt die Verwaltung auf zwölf Millionen Euro."
BLOCKS = {
    # As scraped: the heading, then the headlines, blank lines between them (a raw file may have them or not).
    "heading with a colon, blank lines": f"Mehr zum Thema:\n\n{SCHLEUSE}\n\n{FAEHRE}\n",
    "no colon": f"Mehr zum Thema\n{SCHLEUSE}\n{FAEHRE}",
    "a dash": f"Mehr zum Thema –\n{SCHLEUSE}\n{FAEHRE}",
    "bullets": f"Lesen Sie auch:\n- {SCHLEUSE}\n- {FAEHRE}",
    "round bullets, a bold heading": f"**Lesen Sie auch**\n• {SCHLEUSE}\n• {FAEHRE}",
    "English heading": f"More on this topic\n{SCHLEUSE}\n{FAEHRE}",
    "a teaser box's pictures between": (f"Auch interessant:\n![{SCHLEUSE}](https://img.example/teaser/schleuse.jpg)\n"
                                        f"{SCHLEUSE}\n![{FAEHRE}](https://img.example/teaser/faehre.jpg)\n{FAEHRE}"),
}


@pytest.mark.parametrize("block", BLOCKS.values(), ids=BLOCKS.keys())
@pytest.mark.parametrize("where", ["between paragraphs", "at the end"])
def test_a_related_heading_on_its_own_line_makes_each_headline_under_it_a_related_entry(block: str, where: str
                                                                                        ) -> None:
    """The heading and its headlines stayed paragraphs: the heading was read as text, and "Mehr zum Thema:"
    with a list of other articles' headlines made the lead of a short article and its topics' words."""
    first, second = KAIMAUER_TEXT
    text = f"{first}\n{block}\n{second}" if where == "between paragraphs" else f"{first}\n{second}\n{block}"
    article = parse(f"{KAIMAUER}\n{text}")
    assert article.related == (Related(SCHLEUSE), Related(FAEHRE))
    assert article.paragraphs == KAIMAUER_TEXT
    assert figures(article) == []  # a teaser box's pictures are teasers, of the same headlines


def test_a_related_block_linked_as_a_whole_keeps_each_address_as_the_original() -> None:
    article = parse(f"""
        {KAIMAUER}
        {KAIMAUER_TEXT[0]}
        Quelle: https://www.bote.example/brueckenstein/kaimauer.html
        Mehr zum Thema:
        - [{SCHLEUSE}](https://www.bote.example/brueckenstein/schleuse.html)
        - [{FAEHRE}](/ostermoor/faehre.html)
        - [Zollhaus wird Museum](javascript:alert(1))
        - [Hafenfest zieht „80.000“ Besucher an](https://www.bote.example/fest?id=3&amp;s=2 "Fest")
    """)
    assert article.related == (
        Related(SCHLEUSE, None, "https://www.bote.example/brueckenstein/schleuse.html"),
        Related(FAEHRE, None, "https://www.bote.example/ostermoor/faehre.html"),  # read against the source
        Related("Zollhaus wird Museum"),  # no address a reader may follow
        Related("Hafenfest zieht „80.000“ Besucher an", None, "https://www.bote.example/fest?id=3&s=2"),
    )
    assert article.paragraphs == (KAIMAUER_TEXT[0],)
    # The block after the source line is no text of the article's: the source line is still its source.
    assert article.source.url == "https://www.bote.example/brueckenstein/kaimauer.html"
    assert any("javascript:" in warning for warning in article.warnings)


@pytest.mark.parametrize(
    ("block", "related", "text"),
    [
        # The first line that is no headline ends the block, and stays text.
        (f"Mehr zum Thema:\n{SCHLEUSE}\n{FAEHRE}\n{KOSTEN}", [SCHLEUSE, FAEHRE], [KOSTEN]),
        (f"Mehr zum Thema:\n{SCHLEUSE}\nDer Rat hat das Geld dafür schon bewilligt.\n{FAEHRE}", [SCHLEUSE],
         ["Der Rat hat das Geld dafür schon bewilligt.", FAEHRE]),
        (f"Mehr zum Thema:\n{SCHLEUSE}\n24.02.2025\n{FAEHRE}", [SCHLEUSE], ["24.02.2025", FAEHRE]),
        (f"Mehr zum Thema:\n{SCHLEUSE}\nZur Startseite", [SCHLEUSE], ["Zur Startseite"]),
        (f"Mehr zum Thema:\n{SCHLEUSE}\n© Brückensteiner Bote 2025", [SCHLEUSE], ["© Brückensteiner Bote 2025"]),
        # A headline written otherwise than the first (the article's crosshead under a list of links) ends it.
        (f"Mehr zum Thema:\n[{SCHLEUSE}](https://www.bote.example/s.html)\nWas die Mauer kosten soll\n"
         f"{KOSTEN}", [SCHLEUSE], ["Was die Mauer kosten soll", KOSTEN]),
        (f"Lesen Sie auch:\n- {SCHLEUSE}\n{FAEHRE}", [SCHLEUSE], [FAEHRE]),
        # A question or a cry under plain headlines is the text's crosshead; a site's link its footer's.
        (f"Mehr zum Thema\n{SCHLEUSE}\nWie geht es jetzt weiter?\n{KOSTEN}", [SCHLEUSE],
         ["Wie geht es jetzt weiter?", KOSTEN]),
        (f"More on this topic\n{SCHLEUSE}\nWhat happens next?\n{KOSTEN}", [SCHLEUSE], ["What happens next?", KOSTEN]),
        (f"Mehr zum Thema\n{SCHLEUSE}\nWeitere Nachrichten aus Brückenstein und der Region", [SCHLEUSE],
         ["Weitere Nachrichten aus Brückenstein und der Region"]),
        (f"Mehr zum Thema\n{SCHLEUSE}\nJetzt den Newsletter abonnieren und nichts verpassen\n"
         "Alle Rechte vorbehalten Brückensteiner Bote GmbH", [SCHLEUSE],
         ["Jetzt den Newsletter abonnieren und nichts verpassen", "Alle Rechte vorbehalten Brückensteiner Bote GmbH"]),
        # Headlines that look so are taken: a question first, a subscription's price, "Zurück zur …".
        ("Mehr zum Thema\nWird die Brücke in Brückenstein teurer?\nZurück zur Normalität im Hallenbad\n"
         "- Streit um Abo-Preise der Stadtwerke", ["Wird die Brücke in Brückenstein teurer?",
                                                  "Zurück zur Normalität im Hallenbad"], ["- Streit um Abo-Preise der Stadtwerke"]),
        ("Lesen Sie auch\n- Streit um Abo-Preise der Stadtwerke\n- Zur Sanierung fehlen noch zwei Millionen",
         ["Streit um Abo-Preise der Stadtwerke", "Zur Sanierung fehlen noch zwei Millionen"], []),
        # A footer's line in any form ends the block.
        (f"Lesen Sie auch\n- {SCHLEUSE}\n- Jetzt den Newsletter abonnieren\n- Zurück zur Startseite der Stadt",
         [SCHLEUSE], ["- Jetzt den Newsletter abonnieren", "- Zurück zur Startseite der Stadt"]),
    ],
    ids=["a paragraph", "a sentence between", "a date line", "a button", "a copyright line", "a crosshead",
         "no bullet", "a question", "an English question", "a site's link", "a footer", "look-alikes",
         "look-alikes bulleted", "a bulleted footer"],
)
def test_a_related_block_ends_at_the_first_line_that_is_no_headline_of_its_form(
        block: str, related: list[str], text: list[str]) -> None:
    article = parse(f"{KAIMAUER}\n{KAIMAUER_TEXT[0]}\n{KAIMAUER_TEXT[1]}\n{block}")
    assert titles(article) == related
    assert article.paragraphs == (*KAIMAUER_TEXT, *text)


@pytest.mark.parametrize(
    "lines",
    [
        # A heading over a paragraph: nothing under it is a headline, so the heading is text too.
        ["Mehr zum Thema:", "Der Rat will im Herbst über weitere Mittel für den Hafen beraten, sagte die "
                            "Bürgermeisterin am Rande der Sitzung vor Journalisten im Rathaus von Brückenstein."],
        ["Mehr zum Thema:", "Der Rat will im Herbst beraten."],  # short, but a sentence
        ["Lesen Sie auch:", "„Wir bauen die Mauer so schnell wie möglich.“"],  # a full stop inside the quote
        ["Mehr zum Thema:", "und auch die Fähre soll dann wieder fahren"],  # running text, in lower case
        ["Mehr zum Thema", "Hintergrund:", SCHLEUSE],  # a label leading into what follows
        ["Mehr zum Thema:", "Von Martina Schulte, 8. April 2024"],  # a byline
        ["Mehr zum Thema:", "Quelle: https://www.bote.example/kaimauer.html", SCHLEUSE],
        ["Read more", "Subscribe to our weekly newsletter"],  # alone, "Read more" is a teaser's button
        ["Mehr zum Thema"],  # at the very end, nothing under it
        # "Mehr zum Thema" inside a sentence is no heading, whatever follows it.
        ["Mehr zum Thema Hafen will die Bürgermeisterin morgen sagen", SCHLEUSE],
        ["Mehr zum Thema Kaimauer erfahren Sie in unserer Ausgabe am Samstag.", SCHLEUSE, FAEHRE],
    ],
    ids=["a long paragraph", "a short sentence", "a quoted sentence", "lower case", "a label", "a byline",
         "a source", "read more alone", "nothing under it", "in a sentence", "in a sentence with a full stop"],
)
def test_a_heading_without_a_headline_under_it_and_near_misses_stay_text(lines: list[str]) -> None:
    """Each after a block that is read, in the same article: the parser reads blocks, and leaves these."""
    text = "\n".join(lines)
    article = parse(f"{KAIMAUER}\n{KAIMAUER_TEXT[0]}\nMehr zum Thema:\n{HAFENFEST}\n{text}")
    assert article.related == (Related(HAFENFEST),)
    assert article.paragraphs == (KAIMAUER_TEXT[0], *[line for line in lines if not line.startswith("Quelle:")])


# ---------------------------------------------------------------------------
# Body


def test_body_keeps_paragraphs_in_order_and_inline_figures_once() -> None:
    article = parse("""
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)
        Erster Absatz.
        ![Das Zollhaus um 1910](https://img.example/2024.07/zollhaus-1910.jpg)
        Zweiter Absatz mit einem [Link](https://example.org/zollhaus) und einem ![Bild](https://img.example/k.jpg).
        ![](https://img.example/2024.07/karte.png)
        Dritter Absatz.
        ![](https://img.example/2024.07/karte.png)
    """)
    assert [block_json(block) for block in article.body] == [
        "Erster Absatz.",
        {"figure": "https://img.example/2024.07/zollhaus-1910.jpg", "alt": "Das Zollhaus um 1910"},
        "Zweiter Absatz mit einem [Link](https://example.org/zollhaus) und einem ![Bild](https://img.example/k.jpg).",
        {"figure": "https://img.example/2024.07/karte.png", "alt": ""},
        "Dritter Absatz.",
    ]
    assert article.related == ()


def test_a_relative_address_is_read_against_the_source_or_dropped_with_a_warning() -> None:
    """A scrape keeps the site's own addresses (``/service/a.html``, ``../bilder/x.jpg``): kept, they led to
    pages and pictures of the archive that are not there, without a word."""
    lines = ("Haushalt beschlossen\nMehr im [Bürgerbüro](/service/buero.html) und [hier](formular.html).\n"
             "![Innenansicht](../bilder/innen.jpg)\n")
    article = parse(lines + "Quelle: https://bote.example/lokales/haushalt.html")
    assert article.body == (Paragraph("Mehr im [Bürgerbüro](https://bote.example/service/buero.html) und "
                                      "[hier](https://bote.example/lokales/formular.html)."),
                            Figure(Image("https://bote.example/bilder/innen.jpg", "Innenansicht")))
    assert article.warnings == ()
    alone = parse(lines)
    assert alone.body == (Paragraph("Mehr im Bürgerbüro und hier."),)
    assert alone.warnings == tuple(f"dropped relative address {url!r}: no source address (Quelle: …) to read it "
                                   "against" for url in ("/service/buero.html", "formular.html", "../bilder/innen.jpg"))
    # A host without its scheme is no path: read against the source, it led to a page that is not there.
    assert parse("Haushalt\nMehr beim [Bote](www.bote.example/abo.html).\nQuelle: https://bote.example/a/b.html"
                 ).paragraphs == ("Mehr beim [Bote](https://www.bote.example/abo.html).",)
    # A file's name that starts so is a file's, read against the source as any relative address.
    assert parse("Haushalt\nDer [Plan](www.plan.pdf).\nQuelle: https://bote.example/a/b.html").paragraphs == (
        "Der [Plan](https://bote.example/a/www.plan.pdf).",)


def test_image_urls_may_hold_parentheses() -> None:
    url = "https://de.example.org/wiki/Datei:Zollhaus_(1910).jpg"
    article = parse(f"""
        Stadt kauft das alte Zollhaus am Kai
        Erster Absatz.
        ![Das Zollhaus um 1910]({url})
    """)
    assert article.body == (Paragraph("Erster Absatz."), Figure(Image(url, "Das Zollhaus um 1910")))


def test_whitespace_around_lines_and_blank_lines_are_dropped() -> None:
    article = parse_article(SourceFile(Path(NAME), NAME, "  Titel der Meldung hier  \n\n   \n\tErster Absatz.  \n",
                                       MTIME, "utf-8"))
    assert article.title == "Titel der Meldung hier"
    assert article.paragraphs == ("Erster Absatz.",)


# ---------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(
    "line",
    [
        "24.02.2025",
        "24.2.2025",
        "24.02.2025 14:30",
        "24.02.2025, 14:30 Uhr",
        "Montag, 24.02.2025",
        "24. Februar 2025",
        "24. Februar 2025, 14:30 Uhr",
        "24 Feb 2025",
        "February 24, 2025",
        "February 24, 2025, 2:30 pm",
        "Feb. 24, 2025",
        "Published: February 24, 2025",
        "2025-02-24",
        "2025-02-24 14:30",
        "2025-02-24T14:30:00+01:00",
        "24 февраля 2025 г.",
        "24 февраля 2025, 14:30",
        # Labels, weekdays without a comma, ordinals, a city's dateline, French months: a line each that
        # was left as the article's first paragraph, its lead on every listing.
        "Last updated: 24 February 2025",
        "Posted on 24 February 2025 at 10:00",
        "Published: February 24, 2025 at 9:30 a.m.",
        "Monday 24 February 2025",
        "Monday, the 24th of February 2025",
        "24th February 2025",
        "Veröffentlicht am 24.02.2025 um 10:15 Uhr",
        "Stand: 24.02.2025, 12:00 Uhr",
        "Velsburg, 24. Februar 2025",
        "24 février 2025",
        "lundi 24 février 2025 à 10h15",
        "Опубликовано 24 февраля 2025 г.",
        "New York, February 24, 2025",
        "Frankfurt am Main, 24. Februar 2025, 10:15 Uhr MEZ",
        "February 24, 2025 10:15 EST",
        "Di 24.02.2025",
        "Sun City, February 24, 2025",  # a place, though its first word is a weekday's short name
    ],
)
def test_an_explicit_date_near_the_top_is_day_precise_and_not_body(line: str) -> None:
    article = parse(f"""
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2019.07/zollhaus.jpg)
        {line}
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
    """)
    assert (article.date, article.date_precision) == (date(2025, 2, 24), "day")
    assert article.paragraphs == ("Die Stadt hat das leerstehende Zollhaus am Kai gekauft.",)


@pytest.mark.parametrize("month", ["Februar", "Feb."])
def test_a_date_line_under_a_subtitle_dates_the_article(month: str) -> None:
    """A subtitle between the headline and the date line: the article was dated by its file (the day it
    was copied), and the date line stayed as its second paragraph."""
    article = parse(f"""
        Neue Anlegestelle eröffnet
        Die Fähre nach Osterholm legt jetzt mitten in der Altstadt an
        4. {month} 2025
        Seit Montag legt die Fähre am neuen Steg an der Kaimauer an.
    """)
    assert (article.date, article.date_precision) == (date(2025, 2, 4), "day")
    assert article.paragraphs == ("Die Fähre nach Osterholm legt jetzt mitten in der Altstadt an",
                                  "Seit Montag legt die Fähre am neuen Steg an der Kaimauer an.")


def test_a_date_line_under_a_picture_and_the_headline_repeated_after_it() -> None:
    """A picture between the headline and the date line kept the date line as text (the lead) and the article
    was dated by its file; the headline repeated under the picture stayed, as the lead."""
    article = parse("""
        Neue Brücke über die Velse freigegeben
        ![Die alte Brücke im Winter](https://img.example/2021.01/bruecke.jpg)
        Neue Brücke über die Velse freigegeben
        12.03.2021
        Seit Freitag rollt der Verkehr über die neue Brücke.
    """)
    assert (article.date, article.date_precision) == (date(2021, 3, 12), "day")
    assert article.paragraphs == ("Seit Freitag rollt der Verkehr über die neue Brücke.",)


def test_a_timelines_dates_under_a_lead_in_stay_text() -> None:
    """A paragraph ending in a colon leads into what follows: no subtitle, and the dates under it are the text's."""
    article = parse("""
        Chronik der Flut
        So kam das Wasser:
        12. Juli 2021
        Der Pegel steigt über sieben Meter.
        14. Juli 2021
        Die Altstadt steht unter Wasser.
    """)
    assert article.paragraphs[:2] == ("So kam das Wasser:", "12. Juli 2021")


def test_date_lines_one_under_the_other_all_go_and_the_earliest_dates_the_article() -> None:
    """"Aktualisiert am 2. Mai" dated the article, and "Veröffentlicht am 30. April" under it was its lead."""
    for lines, day in (("Aktualisiert am 02.05.2024, 09:00 Uhr\nVeröffentlicht am 30.04.2024", date(2024, 4, 30)),
                       ("30.04.2024\nAktualisiert am 02.05.2024, 17:45 Uhr", date(2024, 4, 30)),
                       # The publication's day wins; "Erschienen" may name a book's, under a review's dateline.
                       ("9. November 1989\nVeröffentlicht am 09.11.2024", date(2024, 11, 9)),
                       ("Velsburg, 12.04.2024\nErschienen am 01.03.2019", date(2024, 4, 12))):
        article = parse(f"Neue Anlegestelle eröffnet\n{lines}\nSeit Montag legt die Fähre am neuen Steg an.")
        assert (article.date, article.paragraphs) == (day, ("Seit Montag legt die Fähre am neuen Steg an.",))


def test_a_day_in_history_in_the_first_paragraph_does_not_date_the_article() -> None:
    """"Am 9. November 1989 fiel …" filed an article under 1989 whose picture's folder says November 2024; a
    day near the picture's month is the article's."""
    history = parse("Ein Abend an der Mauer\n![Ein Abend an der Mauer](https://img.example/bilder/2024.11/mauer.jpg)\n"
                    "Am 9. November 1989 fiel die Mauer. Zeitzeugen erinnerten am Samstag daran.")
    assert (history.date, history.date_precision) == (date(2024, 11, 1), "month")
    today = parse("Ein Abend an der Mauer\n![Ein Abend an der Mauer](https://img.example/bilder/2024.11/mauer.jpg)\n"
                  "Am 9. November 2024 erinnerten Zeitzeugen an den Fall der Mauer.")
    assert (today.date, today.date_precision) == (date(2024, 11, 9), "day")


@pytest.mark.parametrize(("line", "day"), [("3. Mär. 2025", date(2025, 3, 3)), ("3. Jän. 2025", date(2025, 1, 3))])
def test_german_and_austrian_month_abbreviations_are_read(line: str, day: date) -> None:
    article = parse(f"Neue Anlegestelle eröffnet\n{line}\nSeit Montag legt die Fähre am neuen Steg an.")
    assert (article.date, article.paragraphs) == (day, ("Seit Montag legt die Fähre am neuen Steg an.",))


@pytest.mark.parametrize("line", ["Am 3. März 2024 stimmte der Rat ab.", "Bis 3. März 2024", "Anmeldeschluss 03.03.2024",
                                  "Until 3 March 2024", "Velsburg 3 March 2024", "Wahl am Sonntag, 3. März 2024",
                                  "Ab Montag, 03.03.2024", "Wahl am So., 3. März 2024", "Nur Sa. 3. März 2024",
                                  "Wahl am Dimanche, 3 mars 2024",
                                  # A byline and notes the reader needs: the place before the date lost them.
                                  "Von Martina Schulte, 03.03.2024", "Korrektur, 03.03.2024",
                                  "Update, 03.03.2024, 09:00 Uhr"])
def test_a_line_saying_more_than_a_date_stays_a_paragraph(line: str) -> None:
    """A first line that says something besides the date is text, however short: it dates the article
    and stays. Only a label, a weekday or a place with its comma may stand before a date line's date."""
    article = parse(f"""
        Stadt kauft das alte Zollhaus am Kai
        {line}
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
    """)
    assert (article.date, article.date_precision) == (date(2024, 3, 3), "day")
    assert article.paragraphs[0] == line


def test_a_byline_or_a_note_stays_text_but_is_no_lead() -> None:
    """Kept as text, a byline became the article's lead on every listing."""
    for line in ("Von Martina Schulte, 08.04.2024", "Korrektur, 06.04.2024", "Update, 29.04.2024, 09:00 Uhr",
                 "By Jane Doe, Harbour Times", "Kommentar, 12.04.2024", "Von der Redaktion, 09.04.2024",
                 "VON MARTINA SCHULTE, 08.04.2024", "Eilmeldung, 11.04.2024, 14:05 Uhr", "Von Martina Schulte, dpa",
                 "By Jane Doe, staff writer", "Von Martina Schulte und Jan Meier", "Von Martina Schulte | 08.04.2024",
                 "Kommentar, von Martina Schulte", "By Jane Doe, April 8, 2024",
                 # These were the lead; the French one went as a date line, its author's name with it.
                 "Von Anna Berg, Tim Roth und Lea Stein", "Von unserem Korrespondenten Tim Roth",
                 "Von unserer Redaktion", "From our correspondent in Paris", "Par Marie Dubois, 8 avril 2024",
                 "From our own correspondent in New York", "From our Washington correspondent",
                 "Von unseren Korrespondenten Anna Berg und Tim Roth", "Von unserem Auslandskorrespondenten Hans Meier",
                 "Von unserem Nahost-Korrespondenten Hans Meier", "Von unserem Sportredakteur Tim Roth",
                 "Von unserer Volontärin Lea Stein"):
        article = parse(f"Kita-Neubau verzögert sich\n{line}\nDer Neubau wird frühestens im Herbst fertig.")
        assert article.paragraphs[0] == line
        assert article.lead == "Der Neubau wird frühestens im Herbst fertig."
    # A sentence that starts like one is a lead.
    for sentence in ("Von Montag an gilt die neue Regel.", "Von der Leyen besucht Velsburg",
                     "By Friday, the mayor said, “the bridge will reopen.”", "By Rail, Road and River: How Velsburg Moves",
                     "Von Stadtsprecher Jan Meier, 52, hieß es nur: „Kein Geld für die Fähre.“",
                     "Update, 14 Uhr: Die Polizei hat die Sperrung aufgehoben",
                     "Von Mittwoch, 3. Juli an fahren die Busse nach dem Sommerfahrplan",
                     "Analyse, 2024 war ein Rekordjahr für den Hafen", "By Monday, 2,000 Workers Had Walked Out",
                     "By Friday, most shops had closed", "Von Velsburg, mit Liebe", "By Land and Sea", "Von Tür zu Tür",
                     "Par ailleurs, le port reste fermé", "Von unserer Redaktion erfuhr die Stadt nichts.",
                     "Von unserer Stadt in Richtung Süden", "From our archive"):
        assert parse(f"Neue Regel\n{sentence}\nMehr dazu später.").lead == sentence


@pytest.mark.parametrize(("line", "day"), [
    ("Published 03/25/2024", date(2024, 3, 25)),  # the US way: month first
    ("25/03/2024", date(2024, 3, 25)),  # day first
    ("04/04/2024, 10:15", date(2024, 4, 4)),  # either way the same day
    ("03/04/2024", None),  # 3 April or 4 March: not read, the line stays
])
def test_a_slashed_date_is_read_where_it_names_one_day(line: str, day: date | None) -> None:
    """Such a line was never read: it stayed the first paragraph, and the article was dated by its file."""
    article = parse(f"Hafen wächst weiter\n{line}\nDer Hafen wächst weiter, teilte die Stadt mit.")
    if day is None:
        assert (article.date_precision, article.paragraphs[0]) == ("archived", line)
        # The user is told why the article is dated by its file (nothing said so).
        assert article.warnings == (f"date line '{line}' not read: day and month may be either way round; "
                                    "dated by its file",)
    else:
        assert (article.date, article.paragraphs) == (day, ("Der Hafen wächst weiter, teilte die Stadt mit.",))
        assert article.warnings == ()


def test_a_two_way_slashed_date_in_a_sentence_or_under_a_dated_line_is_no_warning() -> None:
    assert parse("Hafen\nDie Stadt baut am 03/04/2024 neu.\nMehr später.").warnings == ()
    assert parse("Hafen\n25. März 2024\n03/04/2024\nMehr später.").warnings == ()


def test_a_russian_date_line_with_its_year_word_is_a_date_line() -> None:
    """"12 марта 2024 года" stayed the first paragraph, and the article's lead."""
    article = parse("Порт Вельсбурга растёт\n12 марта 2024 года\nПорт продолжает расти, сообщили в мэрии.")
    assert (article.date, article.paragraphs) == (date(2024, 3, 12), ("Порт продолжает расти, сообщили в мэрии.",))


def test_an_update_line_over_a_dateline_updates_the_article_of_the_datelines_day() -> None:
    """"Stand: …" over the first paragraph's dateline dated the article by the update. A dateline decades
    before it tells of that day: the article is the update's."""
    article = parse("Hafen wächst weiter\nStand: 12.03.2024, 14:00 Uhr\n"
                    "Velsburg, 11. März 2024 – Der Hafen wächst weiter, teilte die Stadt mit.")
    assert (article.date, article.updated) == (date(2024, 3, 11), date(2024, 3, 12))
    history = parse("Mauerfall vor 35 Jahren\nAktualisiert am 09.11.2024\n"
                    "Berlin, 9. November 1989 – Um kurz vor Mitternacht öffnen sich die Grenzübergänge.")
    assert (history.date, history.updated) == (date(2024, 11, 9), None)
    anniversary = parse("Ein Jahr nach der Flut\nStand: 14.07.2025\n"
                        "Velsburg, 14. Juli 2024 – Der Rhein trat über die Ufer.")
    assert (anniversary.date, anniversary.updated) == (date(2025, 7, 14), None)
    late = parse("Hafen wächst\nAktualisiert am 20.06.2024\nVelsburg, 12. März 2024 – Der Hafen wächst weiter.")
    assert (late.date, late.updated) == (date(2024, 3, 12), date(2024, 6, 20))  # updated months later


@pytest.mark.parametrize(("lines", "day"), [
    ("Veröffentlicht am 02.05.2024\nSamstag, 15. Juni 2024, 19:00 Uhr", date(2024, 5, 2)),  # the concert's day
    ("06.06.2024\n6. Juni 1944", date(2024, 6, 6)),  # the anniversary's day under the article's
])
def test_a_date_under_a_date_line_without_a_label_stays_text(lines: str, day: date) -> None:
    article = parse(f"Sommerkonzert im Stadtpark\n{lines}\nDas Orchester spielt im Park.")
    assert article.date == day
    assert article.paragraphs == (lines.split("\n")[1], "Das Orchester spielt im Park.")


def test_a_markdown_heading_repeating_the_front_matter_title_is_shown_once() -> None:
    """The page put the title over the text, and the text began with it again: two headlines, one under the other."""
    article = parse("---\ntitle: Über dieses Archiv\n---\n\n# Über  dieses Archiv\n\nEine Sammlung von Meldungen.\n\n"
                    "# Wer es pflegt\n\nDie Redaktion.\n", name="030_notiz.md")
    assert article.title == "Über dieses Archiv"
    assert article.markdown == "Eine Sammlung von Meldungen.\n\n# Wer es pflegt\n\nDie Redaktion."
    other = parse("---\ntitle: Über dieses Archiv\n---\n# Geschichte\n\nText.\n", name="030_notiz.md")
    assert other.markdown == "# Geschichte\n\nText."


def test_a_markdown_file_without_front_matter_or_heading_takes_its_first_line_as_title() -> None:
    """As a raw file does, with a warning; a first line of markup (an image) is no title."""
    article = parse("Notiz zum Zollhaus\n\nDie Stadt hat das Zollhaus gekauft.\n", name="030_notiz.md")
    assert (article.title, article.markdown) == ("Notiz zum Zollhaus", "Die Stadt hat das Zollhaus gekauft.")
    assert article.warnings == ("no front matter and no '# heading': its first line is the title",)
    with pytest.raises(ParseError, match="^no title: front matter has no 'title' and the text no '# heading'$"):
        parse("![Zollhaus](https://img.example/zollhaus.jpg)\nDie Stadt hat das Zollhaus gekauft.\n", name="031.md")


def test_a_markdown_file_starting_with_a_rule_is_no_unclosed_front_matter() -> None:
    article = parse("---\n# Notiz zum Zollhaus\nEin Absatz.\n", name="029_regel.md")
    assert article.title == "Notiz zum Zollhaus"


@pytest.mark.parametrize("url", ["&#x0C;javascript:alert(1)", "&#x1F;&#32;javascript:alert(1)", "&#1;data:text/html,x"])
def test_control_characters_around_a_url_do_not_hide_its_scheme(url: str) -> None:
    """Browsers drop control characters and spaces at a URL's ends before they read its scheme (the file's
    own control characters are gone when it is read: these come as entities)."""
    article = parse(f"Titel\nEin [Verweis]({url}) im Text.\n")
    assert article.paragraphs == ("Ein Verweis im Text.",)


def test_a_date_at_the_start_of_the_first_paragraph_counts() -> None:
    article = parse("""
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2019.07/zollhaus.jpg)
        FALKENRIED, 3. März 2024 – Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
    """)
    assert (article.date, article.date_precision) == (date(2024, 3, 3), "day")
    assert article.paragraphs == ("FALKENRIED, 3. März 2024 – Die Stadt hat das leerstehende Zollhaus am Kai gekauft.",)


@pytest.mark.parametrize(
    ("url", "expected", "precision"),
    [
        ("https://img.example/images/2024.03/thumbnail/zollhaus.jpg", date(2024, 3, 1), "month"),
        ("https://img.example/uploads/2024/03/zollhaus.jpg", date(2024, 3, 1), "month"),
        ("https://img.example/uploads/2024/12/05/zollhaus.jpg", date(2024, 12, 1), "month"),
        ("https://img.example/bilder/2019/zollhaus.jpg", date(2019, 1, 1), "year"),
        ("https://img.example/bilder/zollhaus.jpg", date(2021, 3, 4), "archived"),
    ],
)
def test_without_an_explicit_date_the_hero_url_dates_the_article(url: str, expected: date, precision: str) -> None:
    article = parse(f"""
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai]({url})
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
    """)
    assert (article.date, article.date_precision) == (expected, precision)


def test_teaser_urls_do_not_date_the_article() -> None:
    article = parse("""
        ![Hafenfest zieht 80.000 Besucher an](https://img.example/2020.05/thumbnail/fest.jpg)
        Stadt kauft das alte Zollhaus am Kai
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
        ![Blick auf den Kai](https://img.example/2018/kai.jpg)
    """)
    assert (article.date, article.date_precision) == (date(2021, 3, 4), "archived")


def test_the_archived_date_is_the_file_time() -> None:
    when = datetime(2016, 11, 30, 23, 59, tzinfo=UTC).timestamp()
    article = parse_article(source("Kurze Meldung ohne Datum\nEin Satz.", mtime=when))
    assert (article.date, article.date_precision) == (date(2016, 11, 30), "archived")


def test_markdown_front_matter_wins() -> None:
    text = """
        ---
        title: Notiz zum „Zollhaus“
        date: 2023-05-06
        language: de
        ---
        24.02.2025
        ![Anderer Titel](https://img.example/2019.07/zollhaus.jpg)
        Eine handschriftliche Notiz über das Zollhaus.
    """
    article = parse(text, name="025_notiz.md")
    assert article.title == "Notiz zum „Zollhaus“"
    assert (article.date, article.date_precision) == (date(2023, 5, 6), "day")
    assert article.source.file == "025_notiz.md"


def test_front_matter_values_that_are_no_text_are_not_taken_for_text() -> None:
    """A list, a mapping or a yes/no where text belongs would reach the page as Python writes it
    (``['eins', 'zwei']``): ignored with a warning, and the title is then the text's heading."""
    article = parse("""
        ---
        title: [eins, zwei]
        description: {a: 1}
        tags: [Hafen, 1, null, {x: y}, [n], yes]
        source:
          publisher: [Kurier]
        ---
        # Die Überschrift im Text
        Ein Absatz unter der Überschrift.
    """, name="026_typen.md")
    assert article.title == "Die Überschrift im Text" and article.description is None
    assert article.tags == ("Hafen", "1") and article.source.publisher is None
    assert set(article.warnings) >= {"front matter 'title' is a list, not text; ignored",
                                     "front matter 'description' is a dict, not text; ignored",
                                     "front matter tags that are no text ignored (4)",
                                     "front matter 'source.publisher' is a list, not text; ignored"}


@pytest.mark.parametrize(("front", "reason"), [
    ('title: "   "', "no title: front matter has no 'title' and the text no '# heading'"),
    ("title: [eins, zwei]", "no title: front matter has a list as 'title' and the text no '# heading'"),
    ("title: Nie geschlossen\ndate: 2024-03-01", None),
    ("a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\ntitle: *b",
     "invalid YAML front matter at line 3: aliases (*name) are not read"),
])
def test_a_markdown_file_without_a_usable_title_is_skipped_with_its_reason(front: str, reason: str | None) -> None:
    """A blank title made a page without a heading and an empty link in every listing; nested YAML
    aliases (a kilobyte "billion laughs") took all the machine's memory when the title was read."""
    text = f"---\n{front}\n---\nEin Absatz ohne Überschrift.\n" if reason else f"---\n{front}\nEin Absatz.\n"
    with pytest.raises(ParseError) as raised:
        parse(text, name="027_leer.md")
    # Front matter never closed was read as text, and the file skipped for having no title.
    assert str(raised.value) == (reason or "front matter opened with '---' in line 1 is never closed (no second "
                                 "'---' line)")


def test_a_front_matter_source_url_is_checked_as_a_link() -> None:
    article = parse('---\ntitle: Notiz\nsource:\n  url: "&#x6A;avascript:alert(1)"\n---\nText.\n', name="028.md")
    assert article.source.url is None
    assert "dropped link with unsafe URL scheme 'javascript:'" in article.warnings


# ---------------------------------------------------------------------------
# Identity and language


@pytest.mark.parametrize(
    ("rel", "expected"),
    [
        ("000_1cb126152f402659.txt", "1cb126152f402659"),
        ("1cb126152f402659.txt", "1cb126152f402659"),
        ("017-1CB126152F402659.txt", "1cb126152f402659"),
        ("2024/031_00ff00ff00ff00ff.md", "00ff00ff00ff00ff"),
        ("001_hostile.txt", None),
        ("notiz.md", None),
    ],
)
def test_source_id_is_the_hash_like_part_of_the_file_name(rel: str, expected: str | None) -> None:
    assert source_id(rel) == expected


def test_the_article_carries_its_file_and_id() -> None:
    article = parse("Titel\nText.", name="sub/042_deadbeefcafe0042.txt")
    assert (article.source.file, article.source.id) == ("sub/042_deadbeefcafe0042.txt", "deadbeefcafe0042")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Der Stadtrat hat am Dienstag beschlossen, das alte Zollhaus zu kaufen und daraus ein Museum zu machen.",
         "de"),
        ("The council decided on Tuesday to buy the old customs house and turn it into a museum for the harbour.",
         "en"),
        ("Городской совет во вторник решил купить старое здание таможни и открыть в нём музей истории порта.", "ru"),
    ],
)
def test_language_is_detected_per_article(text: str, expected: str) -> None:
    assert detect_language(text, "de") == expected
    other = "en" if expected == "de" else "de"
    assert parse(f"Zollhaus\n{text}", default_language=other).language == expected


def test_too_little_text_keeps_the_default_language() -> None:
    assert detect_language("Zollhaus", "en") == "en"


def test_the_paragraphs_tell_the_language_and_the_title_only_when_they_are_too_short() -> None:
    """A title edited leaves the language sample as it was: a re-run needs no language model for it."""
    body = "The council decided on Tuesday to buy the old customs house and turn it into a museum."
    first, second = parse(f"Zollhaus wird Museum\n{body}"), parse(f"Zollhaus wird Museum – aktualisiert\n{body}")
    assert language_sample(first) == language_sample(second) == body
    assert first.language == second.language == "en"
    short = parse("Der Stadtrat kauft das alte Zollhaus am Hafen\nKurz notiert.", default_language="en")
    assert short.language == "de" and language_sample(short) == "Der Stadtrat kauft das alte Zollhaus am Hafen\nKurz notiert."


# ---------------------------------------------------------------------------
# Normalisation and safety


def test_invisible_characters_and_odd_spaces_are_normalised() -> None:
    data = ("Stadt\u00a0kauft das Zoll\u00adhaus\u200b am Kai\r\n"
            "![Stadt kauft das Zollhaus am\u202fKai](https://img.example/2024.07/zollhaus.jpg)\r\n"
            "Die\u00a0Stadt hat das Zoll\u00adhaus\u200b gekauft.\u2060\r\n").encode("utf-8")
    text = decode_text(data).text
    article = parse_article(SourceFile(Path(NAME), NAME, text, MTIME, "utf-8"))
    assert article.title == "Stadt kauft das Zollhaus am Kai"
    assert article.image == Image("https://img.example/2024.07/zollhaus.jpg", "Stadt kauft das Zollhaus am Kai")
    assert article.paragraphs == ("Die Stadt hat das Zollhaus gekauft.",)


@pytest.mark.parametrize(
    ("line", "kept", "scheme"),
    [
        ("Ein [Link](javascript:alert(1)) hier.", "Ein Link hier.", "javascript:"),
        ("Ein [Link](JavaScript:alert(1)) hier.", "Ein Link hier.", "javascript:"),
        ("Ein ![Bild](data:text/html;base64,PHNjcmlwdD4=) hier.", "Ein Bild hier.", "data:"),
        ("Ein [Link](vbscript:msgbox) hier.", "Ein Link hier.", "vbscript:"),
    ],
)
def test_unsafe_inline_links_lose_their_url_with_a_warning(line: str, kept: str, scheme: str) -> None:
    article = parse(f"Stadt kauft das Zollhaus\n{line}")
    assert article.paragraphs == (kept,)
    assert len(article.warnings) == 1 and scheme in article.warnings[0]


@pytest.mark.parametrize(
    "line",
    [
        "Ein [Link](https://example.org/a) und [noch einer](http://example.org/b).",
        "Ein [Link mit Klammern](https://de.example.org/wiki/Zollhaus_(Falkenried)).",
    ],
)
def test_http_links_are_kept(line: str) -> None:
    article = parse(f"Stadt kauft das Zollhaus\n{line}")
    assert article.paragraphs == (line,)
    assert article.warnings == ()


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:image/png;base64,AAAA", "//evil.example/x.jpg"])
def test_unsafe_image_lines_are_dropped_with_a_warning(url: str) -> None:
    """The picture goes with its caption, each named by a warning (a caption kept as text doubled a lazy-loaded
    picture's, whose stand-in is a data: address, and put a teaser's headline into the text)."""
    article = parse(f"""
        Stadt kauft das Zollhaus
        ![Stadt kauft das Zollhaus]({url}#1)
        Erster Absatz.
        ![Das Zollhaus um 1910]({url}#2)
        ![]({url}#3)
    """)
    assert article.image is None
    assert article.body == (Paragraph("Erster Absatz."),)
    assert len(article.warnings) == 3


def test_a_lazy_loaded_picture_is_shown_once_and_a_teaser_without_address_is_no_text() -> None:
    article = parse("""
        Neue Buslinie verbindet Velsburg und Tann
        Ab Juni fährt die Linie 14 im Halbstundentakt.
        ![Der neue Bus an der Haltestelle](data:image/gif;base64,R0lGOD)
        ![Der neue Bus an der Haltestelle](https://img.example/2023.05/haltestelle.jpg)
        ![Fahrgäste beim ersten Halt](data:image/gif;base64,R0lGOD)
        ![Fahrgäste beim ersten Halt](https://img.example/2023.05/fahrgaeste.jpg)
        ![Freibad öffnet früher als geplant](//img.example/2023.05/thumb/bad.jpg)
        ![Podcast](https://img.example/static/thumb/podcast.png)
    """)
    assert [b.image.alt if isinstance(b, Figure) else b.text for b in article.body] == [
        "Ab Juni fährt die Linie 14 im Halbstundentakt.", "Der neue Bus an der Haltestelle",
        "Fahrgäste beim ersten Halt"]
    assert article.related == (Related("Podcast"),)


def test_pictures_keep_what_their_lines_say() -> None:
    """A second picture captioned with the headline, a picture named twice with a word, a caption with
    brackets, a picture with no address: each was lost, or turned into a "Mehr zum Thema" entry."""
    article = parse("""
        ![Logo](https://img.example/static/logo.png)
        Rathaus bekommt neue Fassade
        ![Rathaus bekommt neue Fassade](https://img.example/2024.05/rathaus.jpg)
        Die Arbeiten beginnen im Mai.
        ![Rathaus bekommt eine neue Fassade](https://img.example/2024.05/rathaus-seite.jpg)
        ![Rathaus bekommt neue Fassade](https://img.example/2024.05/rathaus.jpg?w=1600)
        ![Schild](https://img.example/2024.05/schild.jpg)
        ![Kiosk mit [Archiv] am Markt](https://img.example/2024.05/kiosk.jpg)
        ![Bildergalerie [1/3](https://img.example/2024.05/g1.jpg)
        ![Ein Bild ohne Adresse]()
        ![Schild](https://img.example/2024.05/schild.jpg)
    """)
    assert article.image == Image("https://img.example/2024.05/rathaus.jpg", "Rathaus bekommt neue Fassade")
    # The hero again at another size is not shown twice; a picture captioned alike in other words is the text's.
    assert [b.image.alt if isinstance(b, Figure) else b.text for b in article.body] == [
        "Die Arbeiten beginnen im Mai.", "Rathaus bekommt eine neue Fassade", "Schild", "Kiosk mit [Archiv] am Markt",
        "Bildergalerie [1/3"]
    assert article.related == ()  # a logo above the title is no teaser
    assert article.warnings == ("picture without an address left out: its caption 'Ein Bild ohne Adresse'",)


def test_a_headline_that_is_a_date_is_the_title() -> None:
    article = parse("""
        9. November 1989
        ![9. November 1989](https://img.example/2019.11/mauer.jpg)
        Vor dreißig Jahren fiel in Berlin die Mauer.
    """)
    assert (article.title, article.paragraphs) == ("9. November 1989", ("Vor dreißig Jahren fiel in Berlin die Mauer.",))
    assert article.image is not None and article.related == ()


def test_lines_about_the_article_above_its_headline_are_not_its_title() -> None:
    """A "Mehr zum Thema" line, a date or a source above the headline became the title, the headline the lead."""
    article = parse("""
        Mehr zum Thema – Neues Hallenbad öffnet im Herbst
        22.04.2023
        Quelle: https://verlag.example/zitierte-studie
        Stadtwerke erhöhen den Wasserpreis
        Laut einer Studie ist Wasser zu billig. Quelle: die Stadtwerke.
        Quelle: https://verlag.example/wasserpreis
    """)
    assert article.title == "Stadtwerke erhöhen den Wasserpreis"
    assert (article.date, article.related) == (date(2023, 4, 22), (Related("Neues Hallenbad öffnet im Herbst"),))
    # A source above the headline is the article's; the one at the end cites a study, and stays text.
    assert article.source.url == "https://verlag.example/zitierte-studie"
    assert article.paragraphs == ("Laut einer Studie ist Wasser zu billig. Quelle: die Stadtwerke.",
                                  "Quelle: https://verlag.example/wasserpreis")
    # Without one above it, the last line's is the source, and one in the text cites something else.
    cited = parse("Stadtwerke erhöhen den Wasserpreis\nQuelle: https://statistik.example/studie\nMehr Text.\n"
                  "Quelle: https://verlag.example/wasserpreis\n")
    assert cited.source.url == "https://verlag.example/wasserpreis"
    assert cited.paragraphs == ("Quelle: https://statistik.example/studie", "Mehr Text.")
    # One citation in the text, and none at the end: it stays text, and was the "Original" link.
    alone = parse("Stadtwerke erhöhen den Wasserpreis\nDas Amt zählte mehr Haushalte.\n"
                  "Quelle: https://statistik.example/studie\nDer Preis steigt im Mai.\nDie Stadt prüft Hilfen.\n"
                  "Kunden werden per Brief informiert.\nDer Rat berät im Juni.\n")
    assert alone.source.url is None
    assert alone.paragraphs[1] == "Quelle: https://statistik.example/studie"
    # A publisher's footer of a few lines under the source line: it is the source.
    footed = parse("Stadtwerke erhöhen den Wasserpreis\nDer Preis steigt im Mai.\n"
                   "Quelle: https://verlag.example/wasserpreis\nDer Bote wird von seinen Lesern finanziert.\n")
    assert footed.source.url == "https://verlag.example/wasserpreis"


def test_the_headline_again_as_the_first_line_is_shown_once_and_a_credit_is_no_lead() -> None:
    """Both were an article's lead on every listing, in its feed entry and its description."""
    article = parse("""
        Rathaus bekommt neue Fassade
        Rathaus bekommt neue Fassade
        Bild: Stadt Velsburg / Archiv
        12.05.2023
        Die Arbeiten beginnen im Mai.
    """)
    assert article.paragraphs == ("Bild: Stadt Velsburg / Archiv", "Die Arbeiten beginnen im Mai.")
    assert (article.lead, article.date) == ("Die Arbeiten beginnen im Mai.", date(2023, 5, 12))
    # A paragraph that begins like a credit and goes on is text, and a lead.
    longer = parse("Rathaus bekommt neue Fassade\nFoto: Auf dem Bild ist das Rathaus zu sehen, wie es 1910 aussah, "
                   "vor dem Umbau.\n")
    assert longer.lead.startswith("Foto: Auf dem Bild")


def test_the_lead_is_plain_text_a_link_keeping_its_words() -> None:
    """The listings, the feed and the page's description showed a link's Markdown: ``[…](https://…)``."""
    article = parse("Radwege werden breiter\nWie der [Rhein-Bote zuerst berichtete](https://rhein-bote.example/a), "
                    "werden die Radwege breiter.\nDer Rat stimmt im Mai ab.")
    assert article.lead == "Wie der Rhein-Bote zuerst berichtete, werden die Radwege breiter."
    assert article.paragraphs[0].startswith("Wie der [Rhein-Bote zuerst berichtete](https://rhein-bote.example/a)")


def test_links_keep_their_addresses_and_a_link_without_words_goes() -> None:
    """A mailto link lost its address. A link without words (a share button) was an empty link, with no name
    for a screen reader; showing its address put share URLs into the text and the lead."""
    article = parse("Stadt kauft das Zollhaus\nFragen an [die Redaktion](mailto:post@verlag.example).\n"
                    "Teilen: [](https://share.example/sharer.php?u=x) [![](https://img.example/fb.svg)]"
                    "(https://facebook.example/share?u=x)")
    assert article.paragraphs == ("Fragen an [die Redaktion](mailto:post@verlag.example).", "Teilen:")
    assert article.warnings == ()


@pytest.mark.parametrize("url", ["http://[broken", "https://[::1/x.jpg", "http://]x["])
def test_malformed_urls_do_not_crash_the_parser(url: str) -> None:
    article = parse(f"""
        ![Hafenfest zieht 80.000 Besucher an]({url})
        Stadt kauft das Zollhaus
        Ein [Link]({url}) im Text.
        ![Das Zollhaus um 1910]({url})
    """, publishers={"img.example": "Kurier"})
    assert article.title == "Stadt kauft das Zollhaus"
    assert figures(article) == []


# ---------------------------------------------------------------------------
# Bad input


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("", "no text"),
        ("   \n\t\n  \n", "no text"),
        ("![Nur ein Bild](https://img.example/a.jpg)\n![Noch eins](https://img.example/b.jpg)", "no title"),
    ],
)
def test_bad_input_raises_one_parse_error_naming_the_reason(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_article(SourceFile(Path(NAME), NAME, text, MTIME, "utf-8"))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("---\ntitle: [unclosed\n---\nText.\n", "invalid YAML front matter"),
        # where the quote opens, not where the front matter ends
        ('---\ntitle: "Notiz zum Zollhaus\ndate: 2024-01-02\nlanguage: de\n---\nText.\n',
         "invalid YAML front matter at line 2$"),
        ("{\n0\n}\nText.\n", "invalid JSON front matter"),
        ("---\ndate: 2024-01-02\n---\nText ohne Überschrift.\n", "no title"),
    ],
)
def test_bad_markdown_front_matter_is_one_parse_error(text: str, reason: str) -> None:
    with pytest.raises(ParseError, match=reason):
        parse_article(SourceFile(Path("025_notiz.md"), "025_notiz.md", text, MTIME, "utf-8"))


def test_a_front_matter_date_that_is_no_date_keeps_the_article_with_a_warning() -> None:
    """YAML fails to make a date of 2025-13-45 (a typo): the note is kept, dated by its file, as a date the
    parser does not understand is, not skipped as "invalid JSON front matter"."""
    text = "---\ntitle: Notiz zum Zollhaus\ndate: 2025-13-45\ntags: [Hafen]\n---\nEine Notiz.\n"
    article = parse_article(SourceFile(Path("025_notiz.md"), "025_notiz.md", text, MTIME, "utf-8"))
    assert (article.title, article.tags, article.date_precision) == ("Notiz zum Zollhaus", ("Hafen",), "archived")
    assert article.date == datetime.fromtimestamp(MTIME, UTC).date()
    assert article.warnings == ("front matter date '2025-13-45' not understood; using the file time",)


def test_a_first_line_past_the_title_limit_stays_text_under_its_beginning() -> None:
    """A scrape that lost its headline began with a paragraph: the file was skipped, its text lost from the site."""
    first = "Der Stadtrat hat am Dienstagabend nach langer Debatte " + "den Umbau des alten Zollhauses beschlossen, " * 12
    article = parse(f"{first}\nDie Arbeiten beginnen im Herbst.")
    assert article.title == "Der Stadtrat hat am Dienstagabend nach langer Debatte den Umbau des alten Zollhauses " \
        "beschlossen, den Umbau des alten…"
    assert article.paragraphs == (" ".join(first.split()), "Die Arbeiten beginnen im Herbst.")
    assert article.warnings == (f"first line over {MAX_TITLE} characters ({len(first.strip())}), so taken as text: "
                                "the title is its beginning",)
    # A date line under it dates the article, as under a headline; it stayed text, the article dated by its file.
    dated = parse(f"{first}\n14. März 2025\nDie Arbeiten beginnen im Herbst.")
    assert (dated.date, dated.date_precision) == (date(2025, 3, 14), "day")
    assert dated.paragraphs == article.paragraphs


def test_an_image_line_with_a_space_in_its_address_angle_brackets_or_a_single_quoted_title_is_a_picture() -> None:
    """Such a line was a paragraph: above the headline its raw markup became the title (and the page's
    address), below it the hero showed as text and became the lead."""
    article = parse("![Blick auf den Marktplatz](https://img.example/2024.04/markt platz.jpg)\n"
                    "Marktplatz wird autofrei\n"
                    "![Marktplatz wird autofrei](<https://img.example/2024.04/markt platz gross.jpg>)\n"
                    "Ab Mai fahren keine Autos mehr über den Marktplatz.\n"
                    "![Die neuen Bänke](https://img.example/2024.04/baenke.jpg 'Foto: Stadt')\n"
                    "Die Stadt stellt neue Bänke auf.")
    assert article.title == "Marktplatz wird autofrei"
    assert article.image == Image("https://img.example/2024.04/markt%20platz%20gross.jpg", "Marktplatz wird autofrei")
    assert article.related == (Related("Blick auf den Marktplatz"),)
    assert article.paragraphs == ("Ab Mai fahren keine Autos mehr über den Marktplatz.",
                                  "Die Stadt stellt neue Bänke auf.")
    assert [block.image for block in article.body if isinstance(block, Figure)] == \
        [Image("https://img.example/2024.04/baenke.jpg", "Die neuen Bänke (Foto: Stadt)")]
    # Text after a picture on its line is a paragraph with a picture in it, unless it is a credit (see below).
    assert parse("Titel\n![a](https://img.example/a.jpg) am Kai.").paragraphs == ("![a](https://img.example/a.jpg) am Kai.",)


def test_a_hero_the_page_cannot_show_still_dates_the_article_and_a_title_holding_the_caption_replaces_it() -> None:
    """A hero at a relative address, without a source to read it against, went with the date its folder gave
    (the article was filed under the day it was copied). A title holding the caption was said after it, and
    a file's name as a title was said at all."""
    article = parse("Neue Bänke am Rheinufer\n![Neue Bänke am Rheinufer](/bilder/2024.04/baenke.jpg)\n"
                    "Die Stadt hat zwanzig neue Bänke aufgestellt.\n"
                    '![Winzerin Eva Holm](https://img.example/holm.jpg "Winzerin Eva Holm an ihrem Stand")\n'
                    '![Blick über den Festplatz](https://img.example/platz.jpg "weinfest-2024-festplatz-01")')
    assert (article.image, article.date, article.date_precision) == (None, date(2024, 4, 1), "month")
    assert [block.image.alt for block in article.body if isinstance(block, Figure)] == \
        ["Winzerin Eva Holm an ihrem Stand", "Blick über den Festplatz"]


@pytest.mark.parametrize(("opening", "day"), [
    ("Velsburg, 12. März 2024 – Der Stadtrat hat den Haushalt beschlossen.", date(2024, 3, 12)),
    ("Velsburg, 12. März 2024 (dpa) – Der Stadtrat hat den Haushalt beschlossen.", date(2024, 3, 12)),
    ("9. November 1989 – an diesem Abend fiel die Mauer.", date(2024, 6, 1)),  # a day in history, in a sentence
    ("Der 9. November 1989 (ein Donnerstag) – Die Mauer fällt.", date(2024, 6, 1)),
    ("Velsburg, 12. März 2024 – „Das ist ein guter Tag“, sagte die Bürgermeisterin.", date(2024, 3, 12)),
    ("Velsburg, 12. März 2024 – 14 Menschen wurden verletzt.", date(2024, 3, 12)),
    ("Paris, le 12 mars 2024 – Le conseil municipal a voté.", date(2024, 3, 12)),
    ("Velsburg, den 12. März 2024 – Der Stadtrat hat beschlossen.", date(2024, 3, 12)),
    ("9. November 1989 – 28 Jahre nach dem Bau fiel die Mauer.", date(2024, 6, 1)),
    ("Bis Freitag, 12. April 2019 – 200 Anmeldungen gingen ein.", date(2024, 6, 1)),
])
def test_a_dateline_dates_the_article_whatever_the_heros_folder(opening: str, day: date) -> None:
    article = parse("Stadtrat beschließt Haushalt\n![Stadtrat beschließt Haushalt](https://img.example/2024.06/rat.jpg)\n"
                    f"{opening}")
    assert article.date == day


def test_a_picture_line_a_scrape_doubled_is_one_figure_and_a_bold_headline_plain() -> None:
    """A picture's line twice in a row (its <noscript> copy) was taken for a teaser named twice: the article's
    own picture went under "Mehr zum Thema". A headline in bold showed its asterisks."""
    article = parse("**Eilmeldung:** Hafen gesperrt\nDer Hafen ist seit dem Morgen gesperrt.\n"
                    "![Der Rheinhafen im Jahr 1930, kurz nach der Eröffnung](https://img.example/2024.04/alt.jpg)\n"
                    "![Der Rheinhafen im Jahr 1930, kurz nach der Eröffnung](https://img.example/2024.04/alt.jpg)\n"
                    "Die Regel 2**3 bleibt, wie sie ist.")
    assert article.title == "Eilmeldung: Hafen gesperrt"
    assert article.related == ()
    assert [block.image.alt for block in article.body if isinstance(block, Figure)] == \
        ["Der Rheinhafen im Jahr 1930, kurz nach der Eröffnung"]
    assert article.paragraphs[-1] == "Die Regel 2**3 bleibt, wie sie ist."


def test_a_pictures_title_is_said_in_its_caption() -> None:
    """``![caption](url "title")``: the title (often the credit) was dropped without a word."""
    article = parse('Neuer Kran für den Hafen\n'
                    '![Neuer Kran für den Hafen](https://img.example/kran.jpg "Foto: Stadt Velsburg")\n'
                    'Der Hafen hat einen neuen Kran bekommen.\n'
                    '![Ein Arbeiter am Kai](https://img.example/kai.jpg "Foto: Jana Körte")\n'
                    '![](https://img.example/abend.jpg "Der leere Kai am Abend")\n'
                    '![Ein Schiff](https://img.example/schiff.jpg "Ein Schiff")\n'
                    'Er hebt 40 Tonnen.')
    assert article.image == Image("https://img.example/kran.jpg", "Neuer Kran für den Hafen (Foto: Stadt Velsburg)")
    assert [block.image.alt for block in article.body if isinstance(block, Figure)] == \
        ["Ein Arbeiter am Kai (Foto: Jana Körte)", "Der leere Kai am Abend", "Ein Schiff"]


def test_a_picture_with_its_credit_on_the_same_line_is_a_picture_captioned_with_it() -> None:
    """The line was a paragraph: the page had no hero, and its first picture was the lead, as Markdown."""
    article = parse('Neue Fähre für den Hafen\n'
                    '![Neue Fähre für den Hafen](https://img.example/faehre.jpg) Foto: Stadt Velsburg\n'
                    'Die Stadt hat eine neue Fähre in Dienst gestellt.\n'
                    '![Der Anleger am Morgen](https://img.example/anleger.jpg "Blick vom Deich") | Foto: Jana Körte\n'
                    '![Der Anleger am Abend](https://img.example/abend.jpg) war voll.\n'
                    'Sie fährt ab Juni.')
    assert article.image == Image("https://img.example/faehre.jpg", "Neue Fähre für den Hafen (Foto: Stadt Velsburg)")
    assert article.body == (
        Paragraph("Die Stadt hat eine neue Fähre in Dienst gestellt."),
        Figure(Image("https://img.example/anleger.jpg", "Der Anleger am Morgen (Blick vom Deich, Foto: Jana Körte)")),
        # Words after a picture that are no credit are a paragraph's: the picture stays in it.
        Paragraph("![Der Anleger am Abend](https://img.example/abend.jpg) war voll."),
        Paragraph("Sie fährt ab Juni."),
    )
    # A credit with a link stays a paragraph: a caption is plain text, and the link would be lost.
    linked = "![Der Kai](https://img.example/kai.jpg) Foto: [Max Roth](https://maxroth.example/)"
    assert parse(f"Neue Fähre\nDie Fähre fährt.\n{linked}").paragraphs[-1] == linked


@pytest.mark.parametrize("under", [
    ["Es entstehen 200 Wohnungen.", "Der Bau beginnt im Mai.", "Die Straßen folgen 2026.", "{picture}"],
    ["{picture}", "{picture}", "{picture}", "{picture}"],  # a gallery under the source line, at the end
])
def test_a_source_line_is_read_alike_whether_pictures_under_it_have_their_credit_beside_them(under: list[str]) -> None:
    """Pictures under a "Quelle:" line are no text of its footer, credited or not: a credited gallery under a
    source line at the end had made it a citation, and the article lost its "Original" link."""
    def article(picture: str) -> Article:
        return parse("\n".join(["Neubaugebiet wächst", "Die Stadt hat neue Zahlen vorgelegt.",
                                 "Quelle: https://www.kurier.example/lokales/hang.html",
                                 *(line.format(picture=picture) for line in under)]))
    credited = article("![Das Neubaugebiet Am Hang](https://img.example/hang.jpg) Foto: Ina Wolf")
    plain = article("![Das Neubaugebiet Am Hang](https://img.example/hang.jpg)")
    assert credited.source.url == plain.source.url == "https://www.kurier.example/lokales/hang.html"


def test_a_source_line_with_a_credited_gallery_and_text_under_it_is_a_citation() -> None:
    """Text after the pictures: no footer, but the article going on (as the pictures' lines were, read as
    paragraphs, before a picture's credit beside it was read)."""
    gallery = "\n".join(f"![Am Hang {n}](https://img.example/hang{n}.jpg) Foto: Ina Wolf" for n in range(3))
    article = parse(f"Neubaugebiet wächst\nDie Stadt legt Zahlen vor.\nQuelle: https://www.statistik.example/b.pdf\n"
                    f"Es entstehen 200 Wohnungen.\n{gallery}\nDer Bau beginnt im Mai.")
    assert article.source.url is None
    assert "Quelle: https://www.statistik.example/b.pdf" in article.paragraphs


@pytest.mark.parametrize(("lines", "dated", "updated"), [
    (["Aktualisiert am 2. Mai 2024, 14:30 Uhr", "Veröffentlicht am 30. April 2024"], date(2024, 4, 30), date(2024, 5, 2)),
    (["Veröffentlicht am 30. April 2024", "Zuletzt aktualisiert: 02.05.2024"], date(2024, 4, 30), date(2024, 5, 2)),
    (["30. April 2024", "Updated on May 2, 2024"], date(2024, 4, 30), date(2024, 5, 2)),
    (["Stand: 02.05.2024"], date(2024, 5, 2), None),  # the article's one date: no update after it
    (["Veröffentlicht am 30. April 2024", "Aktualisiert am 29.04.2024"], date(2024, 4, 30), None),  # before it: no update
])
def test_the_day_a_date_line_says_the_article_was_updated_is_kept(lines: list[str], dated: date,
                                                                  updated: date | None) -> None:
    """Such a line was read for the article's date, or went, and the update was lost without a word."""
    article = parse("\n".join(["Neue Fähre für den Hafen", *lines, "Die Stadt hat eine neue Fähre in Dienst gestellt."]))
    assert (article.date, article.updated) == (dated, updated)
    assert article.paragraphs == ("Die Stadt hat eine neue Fähre in Dienst gestellt.",)


@pytest.mark.parametrize("line", ["Veröffentlicht am 30.04.2024, 10:15 Uhr | Aktualisiert am 02.05.2024, 08:00 Uhr",
                                  "Veröffentlicht: 30.04.2024 · Aktualisiert: 02.05.2024",
                                  "Published April 30, 2024 | Updated May 2, 2024"])
def test_date_lines_joined_on_one_line_are_date_lines(line: str) -> None:
    """Such a line was the article's first paragraph, and its lead on every listing."""
    article = parse(f"Neue Fähre für den Hafen\n{line}\nDie Stadt hat eine neue Fähre in Dienst gestellt.")
    assert (article.date, article.updated) == (date(2024, 4, 30), date(2024, 5, 2))
    assert article.paragraphs == ("Die Stadt hat eine neue Fähre in Dienst gestellt.",)
    # A byline beside a date is no date line: the reader keeps it.
    assert parse("Fähre\nVon Martina Schulte | 08.04.2024\nText.").paragraphs[0] == "Von Martina Schulte | 08.04.2024"


def test_a_hand_written_pages_updated_day_is_kept_and_one_not_understood_named() -> None:
    page = parse_article(SourceFile(Path("a.md"), "a.md", "---\ntitle: Hafen\ndate: 2024-04-30\nupdated: 2024-05-03\n---\n"
                                    "Text.\n", 0.0, "utf-8"))
    assert page.updated == date(2024, 5, 3)
    odd = parse_article(SourceFile(Path("b.md"), "b.md", "---\ntitle: Hafen\nupdated: bald\n---\nText.\n", 0.0, "utf-8"))
    assert odd.updated is None
    assert odd.warnings == ("front matter updated 'bald' not understood; not shown",)


def test_a_wikis_picture_is_a_figure_of_the_text_not_a_teaser() -> None:
    """Its address holds "/thumb/", which marks a teaser's picture elsewhere: the picture was taken for another
    article's teaser, and its caption listed under "Mehr zum Thema"."""
    article = parse("""
        Das alte Zollhaus wird ein Museum
        Die Stadt hat das leerstehende Zollhaus am Kai gekauft.
        ![Das Zollhaus am Kai um 1910](https://upload.wikimedia.example/wikipedia/commons/thumb/4/4a/Zollhaus.jpg/800px-Zollhaus.jpg)
        ![Neue Buslinie verbindet Nord und Süd](https://img.example/2024.05/thumb/bus.jpg)
        ![Neuer Chef für die Stadtwerke](https://cdn.kurier.example/thumb/2/24/stadtwerke-chef.jpg)
        Das Gebäude soll 2026 öffnen.
    """)
    assert article.related == (Related("Neue Buslinie verbindet Nord und Süd"), Related("Neuer Chef für die Stadtwerke"))
    assert [b.image.alt for b in article.body if isinstance(b, Figure)] == ["Das Zollhaus am Kai um 1910"]


def test_a_long_first_line_without_a_word_is_no_title() -> None:
    with pytest.raises(ParseError, match=f"first line over {MAX_TITLE} characters without a word"):
        parse("—" * 600 + "\nText.")


def test_a_title_of_exactly_the_limit_is_accepted() -> None:
    assert len(parse("x" * MAX_TITLE + "\nText.").title) == MAX_TITLE


@pytest.mark.parametrize(("name", "text"), [
    ("030_aaaaaaaaaaaaaaaa.txt", "Fähre nach Velsburg – neu\nDie Fähre fährt ab Mai.\n"),
    ("031_notiz.md", "---\ntitle: Fähre nach Velsburg – neu\n---\nDie Fähre fährt ab Mai.\n"),
])
def test_bytes_that_were_not_utf8_are_named_in_a_warning_on_the_page(name: str, text: str) -> None:
    """read.decode_text read them as Windows-1252, which may be wrong: the user is told to look."""
    plain = parse_article(SourceFile(Path(name), name, text, MTIME, "utf-8"))
    one = parse_article(SourceFile(Path(name), name, text, MTIME, "utf-8", stray_bytes=1))
    two = parse_article(SourceFile(Path(name), name, text, MTIME, "utf-8", stray_bytes=2))
    assert plain.warnings == ()
    assert one.warnings == ("1 byte not UTF-8, read as Windows-1252: check the text",)
    assert two.warnings == ("2 bytes not UTF-8, read as Windows-1252: check the text",)
    assert one.title == plain.title == "Fähre nach Velsburg – neu"


def test_a_month_name_is_read_as_a_word_of_its_own() -> None:
    """"Mar" in "Omar" names no March: "Omar 12, 2024 …" in the first paragraph gives the article no date."""
    assert parse("Hafen\nBoston, March 12, 2024 – The port reopened.").date == date(2024, 3, 12)
    assert parse("Hafen\nBoston, Omar 12, 2024 – The port reopened.").date != date(2024, 3, 12)


@pytest.mark.parametrize(("line", "day"), [
    ("12.03.24", date(2024, 3, 12)),  # two digits for the year, as German sources write it
    ("Stand: 05.11.89, 14:30 Uhr", date(1989, 11, 5)),
    ("2024/03/04", date(2024, 3, 4)),  # the year first: one day only
])
def test_date_lines_of_more_forms_are_read(line: str, day: date) -> None:
    """Each line stayed the first paragraph, and the article was dated by its file."""
    article = parse(f"Hafen wächst weiter\n{line}\nDer Hafen wächst weiter, teilte die Stadt mit.")
    assert (article.date, article.date_precision) == (day, "day")
    assert article.paragraphs == ("Der Hafen wächst weiter, teilte die Stadt mit.",)


@pytest.mark.parametrize("line", ["31.02.2024", "Velsburg, 30. Februar 2024", "2024-13-01"])
def test_a_date_line_naming_no_day_that_exists_is_named_in_a_warning(line: str) -> None:
    """Such a line stayed text, and the article was dated by its file without a word."""
    article = parse(f"Hafen wächst weiter\n{line}\nDer Hafen wächst weiter, teilte die Stadt mit.")
    assert (article.date_precision, article.paragraphs[0]) == ("archived", line)
    assert article.warnings == (f"date line '{line}' not read: no such day; dated by its file",)


def test_numbers_and_months_in_a_sentence_or_alone_date_nothing() -> None:
    """Those two forms only as a date line of their own: in a sentence, "12.10.24" is a version or a time
    as often, "2024/03/12" a file number. A month and its year alone are a headline's or a chronology's."""
    for sentence in ("Version 12.10.24 bringt neue Funktionen.", "Sie lief die Strecke in 02.11.45 Stunden.",
                     "Az. 2024/03/12 – das Gericht entschied.", "Seit März 2022 sind die Preise gestiegen.",
                     "Die Zahl stieg auf 12.345.678 Euro.", "Siehe https://x.example/2024/03/04/hafen.html dazu."):
        assert parse(f"Hafen\n{sentence}\nMehr später.").date_precision == "archived", sentence
    # A headline of a month and its year stays the title; a chronology's first heading stays its text.
    article = parse("November 1989\nVelsburg, 9. November 2024 – Vor 35 Jahren fiel die Mauer.")
    assert (article.title, article.date) == ("November 1989", date(2024, 11, 9))
    article = parse("Chronik des Hafenausbaus\nJuni 2023\nDer Stadtrat beschließt den Ausbau.\nOktober 2023\n"
                    "Die Bagger rollen an.")
    assert article.paragraphs[0] == "Juni 2023" and article.date_precision == "archived"


def test_a_month_line_stays_text() -> None:
    """"Stand: März 2024" under a rent index's date tells of its figures; it went, read as a date line."""
    article = parse("Mietspiegel veröffentlicht\n19.03.2024\nStand: März 2024\nDie Mieten stiegen um vier Prozent.")
    assert (article.date, article.paragraphs[0]) == (date(2024, 3, 19), "Stand: März 2024")


_FLOOD = "![Hochwasser überflutet die Altstadt](https://img.kurier.example/bilder/2024.06/flut.jpg)"
_ARCHIVED = (None, "archived")  # dated by its file
FIRST_PICTURES = {
    # Captioned with the title, or with the headline as it was before a correction.
    "the title": (f"Hochwasser überflutet die Altstadt\n{_FLOOD}\nDer Pegel stieg.", (date(2024, 6, 1), "month")),
    "a corrected title": (f"Hochwasser überflutet Uferstraßen in Kellbach\n{_FLOOD}\nDer Pegel stieg.",
                          (date(2024, 6, 1), "month")),
    "one further down, in the text": (f"Pegel steigt\nDer Pegel stieg in der Nacht.\n{_FLOOD}\nMehr später.", _ARCHIVED),
    # A picture captioned with the title wins over one above it: an author's photo, a logo.
    "an author's photo above": ("Hochwasser überflutet die Altstadt\n"
                                "![Anna Kell](https://img.kurier.example/bilder/2015.02/autorin.jpg)\n"
                                f"Von Anna Kell\n{_FLOOD}\nDer Pegel stieg.", (date(2024, 6, 1), "month")),
    # The line under a picture is most often its caption: a later day in it dates nothing, an earlier one does.
    "a later day under it": ("Schwimmbad-Neubau beginnt\n![Entwurf des Bades](https://img.kurier.example/bilder/2024.05/b.jpg)"
                             "\nSo soll das Bad nach der Eröffnung am 1. Oktober 2027 aussehen.", (date(2024, 5, 1), "month")),
    "an earlier day under it": ("Schwimmbad-Neubau beginnt\n![Entwurf des Bades](https://img.kurier.example/bilder/2024.05/b.jpg)"
                                "\nAm 12. Mai 2024 hat der Stadtrat den Bau beschlossen.", (date(2024, 5, 12), "day")),
    # A credit under the picture dates nothing: its day is the photograph's.
    "a credit under it": ("Hallenbad eröffnet\n![Das neue Hallenbad von außen](https://img.kurier.example/bad.jpg)\n"
                          "Foto: Peter Lang, 14.08.2019\nDas Bad hat acht Bahnen.", _ARCHIVED),
    # A name holding "Archiv", an application ("Bewerbung"), are no archive's picture nor an advertisement.
    "an application": ("Gartenschau\n![Der Bürgermeister stellt die Bewerbung vor]"
                       "(https://img.kurier.example/bilder/2024.04/g.jpg)\nDie Stadt bewirbt sich.", (date(2024, 4, 1), "month")),
    "an archivist": ("Urkunde entdeckt\n![Archivar Jens Müller zeigt die Urkunde](https://img.kurier.example/bilder/2024.05/u.jpg)"
                     "\nDie Urkunde ist 500 Jahre alt.", (date(2024, 5, 1), "month")),
    # An archive's picture, an advertisement, a logo date nothing; the dateline under them dates the article.
    **{caption: (f"Rat tagt\n![{caption}](https://img.kurier.example/bilder/2016.03/x.jpg)\n"
                 "Velsburg, 12. März 2024 – Der Stadtrat tagt heute.", (date(2024, 3, 12), "day"))
       for caption in ("Das Rathaus von Velsburg (Archivbild)", "Anzeige", "Logo des Kuriers", "Archivbilder vom Rathaus",
                       "Foto: Stadtarchiv Velsburg", "Das Firmenlogo der Stadtwerke", "Eine Werbeanzeige der Stadtwerke")},
}




@pytest.mark.parametrize(("raw", "dated"), FIRST_PICTURES.values(), ids=FIRST_PICTURES.keys())
def test_the_first_picture_under_the_title_dates_the_article_whatever_its_caption(
        raw: str, dated: tuple[date | None, str]) -> None:
    """A corrected headline no longer matched the hero's caption: the article lost its picture's month and was
    dated by its file (moved to the year of the edit)."""
    article = parse(raw)
    assert (article.date if dated[0] else None, article.date_precision) == dated


def body_texts(article: Article) -> list[str]:
    return [block.text for block in article.body if isinstance(block, Paragraph)]


def test_a_byline_over_the_headline_is_no_title() -> None:
    """"Von Anna Berg" over the headline was the title (its page von-anna-berg.md), the headline the lead, and
    the dateline, now the second paragraph, dated nothing."""
    article = parse("Von Anna Berg\nFeuerwehr bekommt ein neues Löschfahrzeug\n"
                    "Lindenfeld, 2. Oktober 2024 – Die Freiwillige Feuerwehr bekommt ein neues Fahrzeug.")
    assert article.title == "Feuerwehr bekommt ein neues Löschfahrzeug"
    assert (article.date, article.date_precision) == (date(2024, 10, 2), "day")
    assert body_texts(article)[0] == "Von Anna Berg"  # kept, as a line about the article: no lead
    assert article.lead.startswith("Lindenfeld, 2. Oktober 2024 – Die Freiwillige Feuerwehr")
    # A headline that only starts like a byline is the title.
    assert parse("Von der Leyen besucht die Werft\nDie Präsidentin kam am Morgen.").title == \
        "Von der Leyen besucht die Werft"


@pytest.mark.parametrize("above", [False, True], ids=["under the headline", "over it"])
def test_a_date_line_with_its_byline_dates_the_article_and_keeps_the_byline(above: bool) -> None:
    """"Posted on March 4, 2024 by Daniel Reyes" was neither a date line nor a byline: the article had its file's
    day, and the line was its lead (or, over the headline, its title)."""
    headline, dated = "Council approves the cycle lane on Harbour Road", "Posted on March 4, 2024 by Daniel Reyes"
    lines = [dated, headline] if above else [headline, dated]
    article = parse("\n".join([*lines, "The council approved the plan on Monday after a long debate."]))
    assert article.title == headline
    assert (article.date, article.date_precision) == (date(2024, 3, 4), "day")
    assert body_texts(article) == ["by Daniel Reyes", "The council approved the plan on Monday after a long debate."]
    assert article.lead == "The council approved the plan on Monday after a long debate."
    german = parse("Neues Hallenbad öffnet im Herbst\nVeröffentlicht am 4. März 2024 von Anna Berg\nDas Bad öffnet.")
    assert (german.date, body_texts(german)) == (date(2024, 3, 4), ["von Anna Berg", "Das Bad öffnet."])
    # A day in a sentence by someone is text: it dates the article and stays.
    sentence = parse("Ausstellung eröffnet\nAm 4. März 2024 eröffnet von Anna Berg kuratiert die Schau.")
    assert body_texts(sentence) == ["Am 4. März 2024 eröffnet von Anna Berg kuratiert die Schau."]


@pytest.mark.parametrize("line", ["Erstellt am 14.11.2024, 10:12 Uhr", "Publiziert: 14. November 2024",
                                  "Created: November 14, 2024"])
def test_more_labels_say_when_an_article_appeared(line: str) -> None:
    """"Datum: 14.11.2024" and "Erstellt am …" stayed in the text as its first paragraph, the lead; over the
    headline, "Erstellt am …" was the title."""
    for raw in (f"Neues Hallenbad öffnet\n{line}\nDas Bad öffnet im Herbst.", f"{line}\nNeues Hallenbad öffnet\nDas Bad öffnet im Herbst."):
        article = parse(raw)
        assert (article.title, article.date, article.date_precision) == ("Neues Hallenbad öffnet", date(2024, 11, 14), "day")
        assert body_texts(article) == ["Das Bad öffnet im Herbst."]


@pytest.mark.parametrize("line", ["Datum: 14.11.2024", "Date: 14 November 2024"])
def test_a_dated_label_stays_text_and_dates_the_article_but_is_no_lead(line: str) -> None:
    """"Datum: 14.11.2024" was the lead. It may name an event's day ("Datum: Samstag, 15. Juni 2024" over "Ort:
    …"), so it stays, a line about the article, and dates it as the first paragraph would."""
    article = parse(f"Neues Hallenbad öffnet\n{line}\nDas Bad öffnet im Herbst.")
    assert (article.date, article.date_precision) == (date(2024, 11, 14), "day")
    assert body_texts(article) == [line, "Das Bad öffnet im Herbst."] and article.lead == "Das Bad öffnet im Herbst."
    # Under a publication's date line, the event's day is text and dates nothing.
    event = parse("Konzert im Park\nVeröffentlicht am 12.05.2024\nDatum: 15.06.2024, 19:00 Uhr\nDer Chor singt.")
    assert (event.date, body_texts(event)) == (date(2024, 5, 12), ["Datum: 15.06.2024, 19:00 Uhr", "Der Chor singt."])


def test_a_sentence_after_a_related_lines_dash_stays_text() -> None:
    """"Auch interessant – die Gebühren bleiben dagegen unverändert." went from the text to the related list, as
    a headline "(nicht im Archiv)". After a dash a headline may start in lower case or end in a full stop, but a
    line that does both is a sentence."""
    article = parse("Stadtwerke senken den Wasserpreis\nDie Stadtwerke senken den Preis um zwölf Cent.\n"
                    "Auch interessant – die Abwassergebühren bleiben dagegen unverändert.\n"
                    "Read more – the full tariff table is available at the customer centre.\n"
                    "Mehr zum Thema – ver.di ruft zum Warnstreik auf\n"
                    "Mehr zum Thema – Hafen wird für 20 Mio. ausgebaut.")
    assert body_texts(article)[1:] == ["Auch interessant – die Abwassergebühren bleiben dagegen unverändert.",
                                       "Read more – the full tariff table is available at the customer centre."]
    assert titles(article) == ["ver.di ruft zum Warnstreik auf", "Hafen wird für 20 Mio. ausgebaut."]


def test_a_related_line_of_several_links_names_each_article() -> None:
    """Two linked headlines on one "Mehr zum Thema" line were one headline, both joined, with neither address."""
    article = parse("Kita-Gebühren steigen\nDer Rat hat die neuen Gebühren beschlossen.\n"
                    "Mehr zum Thema – [Elternbeirat kritisiert Gebührenplan](https://kurier.example/kita-gebuehren) – "
                    "[Was Kitas in Nachbarorten kosten](https://kurier.example/kita-vergleich)\n"
                    "Lesen Sie auch: [Neue Kita am Park](https://kurier.example/kita-park) | [Wer Plätze bekommt](https://kurier.example/plaetze)\n"
                    "Mehr zum Thema – Streit im Rat – wie es weitergeht")
    assert [(r.title, r.original) for r in article.related] == [
        ("Elternbeirat kritisiert Gebührenplan", "https://kurier.example/kita-gebuehren"),
        ("Was Kitas in Nachbarorten kosten", "https://kurier.example/kita-vergleich"),
        ("Neue Kita am Park", "https://kurier.example/kita-park"),
        ("Wer Plätze bekommt", "https://kurier.example/plaetze"),
        # Without links, a dash may be the headline's own: one headline.
        ("Streit im Rat – wie es weitergeht", None),
    ]
    # Words between the links make the line one headline, as written.
    mixed = parse("Kita-Gebühren steigen\nDer Rat hat beschlossen.\nMehr zum Thema – [Gebührenplan](https://kurier.example/a) "
                  "und [Vergleich](https://kurier.example/b)")
    assert titles(mixed) == ["Gebührenplan und Vergleich"]


def test_a_headline_written_as_a_markdown_heading_is_the_title_without_its_marks() -> None:
    article = parse("# Stadtfest zieht 20.000 Besucher an\nDas Stadtfest hatte mehr Besucher als je zuvor.")
    assert article.title == "Stadtfest zieht 20.000 Besucher an"


@pytest.mark.parametrize("mark", ["Lesezeit: 3 Minuten", "Lesedauer: ca. 4 Min.", "Reading time: 4 min read", "Anzeige",
                                  "Advertisement"])
def test_a_reading_time_or_an_advertisements_label_is_no_lead(mark: str) -> None:
    """"Lesezeit: 3 Minuten" over the text was the lead in listings, feeds and the page's description."""
    article = parse(f"Stadtfest zieht viele Besucher an\n{mark}\nDas Stadtfest hatte mehr Besucher als je zuvor.")
    assert body_texts(article) == [mark, "Das Stadtfest hatte mehr Besucher als je zuvor."]  # stays on the page
    assert article.lead == "Das Stadtfest hatte mehr Besucher als je zuvor."
    # Over the headline, it is no title either.
    assert parse(f"{mark}\nStadtfest zieht viele Besucher an\nDas Stadtfest hatte mehr Besucher.").title == \
        "Stadtfest zieht viele Besucher an"


def test_a_credit_on_the_line_under_a_picture_is_its_captions() -> None:
    """"Foto: Stadt Lindenfeld" under the hero was the text's first paragraph, apart from its picture."""
    article = parse("Neue Brücke am Mühlweg freigegeben\n"
                    "![Neue Brücke am Mühlweg freigegeben](https://img.kurier.example/bilder/2024.10/bruecke.jpg)\n"
                    "Foto: Stadt Lindenfeld\n"
                    "Lindenfeld, 2. Oktober 2024 – Nach 14 Monaten Bauzeit ist die Brücke frei.\n"
                    "![Der Bürgermeister auf der Brücke](https://img.kurier.example/bilder/2024.10/bm.jpg \"Am Morgen\")\n"
                    "Bild: Kurier/Anna Berg\n"
                    "Die Brücke kostete vier Millionen Euro.\n"
                    "Quelle: Stadtverwaltung Lindenfeld")
    assert article.image is not None
    assert article.image.alt == "Neue Brücke am Mühlweg freigegeben (Foto: Stadt Lindenfeld)"
    assert [image.alt for image in figures(article)] == ["Der Bürgermeister auf der Brücke (Am Morgen, Bild: Kurier/Anna Berg)"]
    # A source under the text is the text's, and a credit under a paragraph is a paragraph.
    assert body_texts(article) == ["Lindenfeld, 2. Oktober 2024 – Nach 14 Monaten Bauzeit ist die Brücke frei.",
                                   "Die Brücke kostete vier Millionen Euro.", "Quelle: Stadtverwaltung Lindenfeld"]
    assert (article.date, article.date_precision) == (date(2024, 10, 2), "day")
    # A line under a picture that only starts like a credit stays text.
    sentence = parse("Brücke frei\n![Die Brücke](https://img.kurier.example/b.jpg)\n"
                     "Foto: Das ist ein sehr langer Satz über die Brücke, der kein Bildnachweis mehr ist, sondern Text.")
    assert body_texts(sentence) == ["Foto: Das ist ein sehr langer Satz über die Brücke, der kein Bildnachweis mehr ist, sondern Text."]


def test_the_hero_at_full_size_replaces_a_teasers_copy_of_it() -> None:
    """The title's picture as a teaser's small copy over the headline, then at full size under it: the page
    showed the small copy and left the full size out, as the same picture again."""
    article = parse("![Schulen erhalten neue Tablets](https://img.kurier.example/teaser/2024.02/tablets.jpg)\n"
                    "Schulen erhalten neue Tablets\n"
                    "![Schulen erhalten neue Tablets](https://img.kurier.example/bilder/2024.02/tablets-gross.jpg)\n"
                    "Alle Schulen erhalten bis zum Sommer neue Tablets.")
    assert article.image == Image("https://img.kurier.example/bilder/2024.02/tablets-gross.jpg", "Schulen erhalten neue Tablets")
    assert figures(article) == [] and article.related == ()
    # The hero's copy at another size, not a teaser's, stays the hero: the first.
    again = parse("Schulen erhalten neue Tablets\n"
                  "![Schulen erhalten neue Tablets](https://img.kurier.example/bilder/2024.02/tablets.jpg)\n"
                  "![Schulen erhalten neue Tablets](https://img.kurier.example/bilder/2024.02/tablets-gross.jpg)\n"
                  "Alle Schulen erhalten bis zum Sommer neue Tablets.")
    assert again.image is not None and again.image.url.endswith("/tablets.jpg") and figures(again) == []


def test_a_headlines_label_does_not_keep_its_picture_from_being_the_hero() -> None:
    """"Eilmeldung: Kreisstraße nach Unfall gesperrt" over a picture captioned "Kreisstraße nach Unfall gesperrt":
    the page had no hero (none in listings and feeds), the picture a figure of the text."""
    article = parse("Eilmeldung: Kreisstraße nach Unfall gesperrt\n"
                    "![Kreisstraße nach Unfall gesperrt](https://img.kurier.example/bilder/2024.11/unfall.jpg)\n"
                    "Die Kreisstraße 12 ist nach einem Unfall gesperrt.")
    assert article.image == Image("https://img.kurier.example/bilder/2024.11/unfall.jpg", "Kreisstraße nach Unfall gesperrt")
    assert figures(article) == []
    # A caption that is only the label's part is no hero.
    label = parse("Kommentar: Warum die Brücke fehlt\n![Kommentar](https://img.kurier.example/k.jpg)\nDie Brücke fehlt.")
    assert label.image is None


def test_a_picture_again_at_another_size_right_under_it_is_shown_once() -> None:
    article = parse("Gasleck in der Innenstadt\n"
                    "![Feuerwehr sperrt Hauptstraße](https://img.kurier.example/bilder/2024.06/gas.jpg)\n"
                    "![Feuerwehr sperrt Hauptstraße](https://img.kurier.example/bilder/2024.06/gas-gross.jpg)\n"
                    "Die Feuerwehr hat die Hauptstraße gesperrt.\n"
                    "![Feuerwehr sperrt Hauptstraße](https://img.kurier.example/bilder/2024.06/IMG_1234.jpg)\n"
                    "![Feuerwehr sperrt Hauptstraße](https://img.kurier.example/bilder/2024.06/IMG_1235.jpg)")
    # Two other pictures under one caption, a gallery's, are two pictures.
    assert [image.url.rsplit("/", 1)[1] for image in figures(article)] == ["gas.jpg", "IMG_1234.jpg", "IMG_1235.jpg"]


def test_a_site_name_after_the_headline_is_its_publisher_not_its_title() -> None:
    """"Verein feiert 100. Geburtstag | Kreisbote", as a browser tab names the page, was the title (its page
    …-kreisbote.md)."""
    article = parse("Lindenfelder Verein feiert 100. Geburtstag | Kreisbote\n"
                    "![Der Vorstand](https://img.kreisbote.example/bilder/2024.09/v.jpg)\nDer Verein feiert mit einem Fest.")
    assert (article.title, article.source.publisher) == ("Lindenfelder Verein feiert 100. Geburtstag", "Kreisbote")
    # A name no picture's address holds may be the headline's: "Live", "Die Chronik", "Opinion".
    for title in ("Landtagswahl in Velsburg | Live", "Hundert Jahre Hafen | Die Chronik", "Why the bridge matters | Opinion"):
        assert parse(f"{title}\n![Bild](https://img.kreisbote.example/b.jpg)\nDer Text.").title == title
    # A publisher of the settings, after a dash too; the picture's host names it as well.
    kurier = parse("Hafen bekommt neue Kräne – Velsburger Kurier\n"
                   "![Hafen bekommt neue Kräne](https://img.kurier.example/bilder/2024.03/k.jpg)\nDie Kräne kommen im Mai.",
                   publishers={"img.kurier.example": "Velsburger Kurier"})
    assert (kurier.title, kurier.source.publisher) == ("Hafen bekommt neue Kräne", "Velsburger Kurier")
    assert kurier.image is not None and kurier.image.url.endswith("/k.jpg")  # the caption is the headline now
    # Headlines with a bar or a dash of their own keep them.
    for title in ("Wahl 2024 | Live", "Bundesliga | Bayern gewinnt in Dortmund", "Hafen wächst weiter – wie es weitergeht",
                  "Hafen wächst weiter – Kurier"):
        assert parse(f"{title}\nDer Text.").title == title
    # Where a picture names another publisher, a name after the bar is the headline's.
    other = parse("Stadtrat beschließt den Haushalt | Sportbuzzer\n![Rathaus](https://img.kurier.example/r.jpg)\nDer Rat tagte.",
                  publishers={"img.kurier.example": "Velsburger Kurier"})
    assert (other.title, other.source.publisher) == ("Stadtrat beschließt den Haushalt | Sportbuzzer", "Velsburger Kurier")


def test_a_one_word_label_over_the_headline_goes_before_it_in_the_title() -> None:
    """"Kommunalpolitik" over the headline was the title, the headline the lead; with the dateline under it no
    longer the first paragraph, the article lost its day too."""
    article = parse("Kommunalpolitik\nNeue Brücke am Mühlweg für Verkehr freigegeben\n"
                    "Lindenfeld, 2. Oktober 2024 – Nach 14 Monaten Bauzeit ist die Brücke frei.")
    assert article.title == "Kommunalpolitik: Neue Brücke am Mühlweg für Verkehr freigegeben"
    assert (article.date, article.date_precision) == (date(2024, 10, 2), "day")
    assert article.lead.startswith("Lindenfeld, 2. Oktober 2024")
    # The hero's caption repeats the headline without the label; pictures between label and headline are read.
    pictured = parse("Meinung\n![Warum die Brücke jetzt kommen muss](https://img.kurier.example/bilder/2024.06/m.jpg)\n"
                     "Warum die Brücke jetzt kommen muss\nDie Brücke ist überfällig.")
    assert pictured.title == "Meinung: Warum die Brücke jetzt kommen muss"
    assert pictured.image is not None and pictured.image.url.endswith("/m.jpg") and body_texts(pictured) == ["Die Brücke ist überfällig."]
    # A one-word headline over its text, over its picture's caption, or over a path of sections stays the title.
    assert parse("Hochwasser\nDer Pegel steigt weiter, meldet die Stadt.").title == "Hochwasser"
    assert parse("Hafenfest\n![Hafenfest](https://img.kurier.example/h.jpg)\nTausende feiern am Kai\nDas Fest lockte viele.").title == "Hafenfest"
    assert parse("Sport\nLokalsport\nHandball: TV Lindenfeld gewinnt Derby\nDer TV hat gewonnen.").title == "Sport"
    # Two words are a short headline's.
    assert parse("Neue Regel\nVon der Leyen besucht Velsburg\nMehr dazu später.").title == "Neue Regel"


@pytest.mark.parametrize("line", [
    "Updated 12:30 BST, 5 April 2024", "PUBLISHED: 10:12 BST, 5 April 2024 | UPDATED: 12:30 BST, 5 April 2024",
    "Published: 12:30 BST, 5 April 2024", "April 5, 2024 at 5:15 p.m. ET", "April 5, 2024 5:15 PM ET",
    "Published on Apr. 5, 2024 at 5:15 p.m. ET", "Last modified on Fri 5 Apr 2024 10.02 BST",
    "Last modified: 5 April 2024", "Modified 5 April 2024", "Originally published April 5, 2024"])
def test_english_date_lines_with_a_time_first_a_zone_or_another_label_are_date_lines(line: str) -> None:
    """Each stayed the article's first paragraph, its lead on every listing and in its feed, and its words
    ("Published", "Mar") made topics."""
    article = parse(f"Parking fines to double\n{line}\nParking fines will double from June.")
    assert (article.date, article.date_precision) == (date(2024, 4, 5), "day")
    assert body_texts(article) == ["Parking fines will double from June."]


def test_a_date_line_with_a_reading_time_beside_it() -> None:
    article = parse("Parking fines to double\n5 April 2024 • 5 min read\nParking fines will double from June.")
    assert (article.date, body_texts(article), article.lead) == (
        date(2024, 4, 5), ["5 min read", "Parking fines will double from June."], "Parking fines will double from June.")


@pytest.mark.parametrize("line", ["By Jane Doe, political editor", "By Jane Doe in Westminster", "By Dr Jane Doe, health editor",
                                  "By Margaret Okafor, Leader of Ashbridge City Council", "Written by Jane Doe",
                                  "Words by Jane Doe", "Reporting by Jane Doe; Editing by John Smith"])
def test_english_bylines_are_lines_about_the_article(line: str) -> None:
    """Each was the lead, and its name a topic: "Jane Doe" tagged every article of hers."""
    article = parse(f"Budget row deepens\n{line}\nThe row over the city budget deepened on Monday.")
    assert body_texts(article)[0] == line
    assert article.lead == "The row over the city budget deepened on Monday."
    # Sentences that start alike stay text.
    for sentence in ("Written by hand, the letter reached the mayor on Monday.", "By Friday, most shops had closed",
                     "Words by the river were few"):
        assert parse(f"Budget row deepens\n{sentence}\nMore later.").lead == sentence


def test_english_headings_of_related_headlines() -> None:
    """"See also: …", "Related stories" and their headlines stayed text: searched, and read for topics."""
    article = parse("Tram line extended to the hospital\nThe tram line will reach the hospital by May.\n"
                    "See also: Council approves new bus lanes\nAlso read: Tram fares frozen for a year\n"
                    "Related stories\n- Bridge reopens after repairs\n- Parking fines double in the city centre\n"
                    "You may also like\nHospital car park charges scrapped\nCyclists welcome the new route\n"
                    "The works start next week.")
    assert titles(article) == ["Council approves new bus lanes", "Tram fares frozen for a year", "Bridge reopens after repairs",
                               "Parking fines double in the city centre", "Hospital car park charges scrapped",
                               "Cyclists welcome the new route"]
    assert body_texts(article) == ["The tram line will reach the hospital by May.", "The works start next week."]
    # A sentence after the label stays text.
    assert body_texts(parse("Tram\nText.\nSee also: the council's statement on its website.")) == [
        "Text.", "See also: the council's statement on its website."]


@pytest.mark.parametrize(("text", "kind"), [
    ("---\nDer erste Absatz, der verschwindet.\n---\n\n# Mein Titel\n\nZweiter Absatz.\n", "a line of text"),
    ("---\n- a\n- b\n---\n\nText.\n", "a list")])
def test_front_matter_that_is_no_key_value_lines_is_named_not_dropped(text: str, kind: str) -> None:
    """python-frontmatter drops front matter that is not a mapping: the page lost its first paragraph without
    a word, or was titled "Text." with a warning about a front matter it had."""
    with pytest.raises(ParseError, match=f"^front matter between the '---' lines is {kind}, not 'key: value' lines$"):
        parse_article(SourceFile(Path("a.md"), "a.md", text, MTIME, "utf-8"))
    # Empty front matter is none.
    assert parse_article(SourceFile(Path("b.md"), "b.md", "---\n---\n# Titel\n\nText.\n", MTIME, "utf-8")).title == "Titel"


def test_lines_that_look_like_notes_labels_or_sizes_keep_their_own_roles() -> None:
    """From a check of this stop's rules on probes written to break them: each line kept what it was."""
    # A headline that reads like a byline, over the text: the title.
    assert parse("By Popular Demand\nThe summer fair returns after a two-year break.").title == "By Popular Demand"
    assert not Paragraph("By Monday, the editor had resigned").is_note
    assert Paragraph("By Jane Doe, editor of the Gazette").is_note
    # A one-word title over a list's heading, a list's item, or a dateline: no label of a headline.
    assert parse("Politik\nLesen Sie auch\n- Rat tagt am Montag neu\n- Haushalt steht fest\nDer Text.").title == "Politik"
    assert parse("Checkliste\n- Reisepass rechtzeitig verlängern lassen\n- Koffer packen").title == "Checkliste"
    stadtrat = parse("Stadtrat\nVelsburg, 5. Juni 2024 (dpa)\nDer Rat tagt.")
    assert (stadtrat.title, stadtrat.date) == ("Stadtrat", date(2024, 6, 5))
    # Other pictures under one caption are other pictures; only a size's name after the file's is the same one.
    fest = parse("Stadtfest\nDas Fest war schön.\n" + "\n".join(
        f"![Stadtfest 2024](https://img.kurier.example/{name}.jpg)"
        for name in ("stadtfest", "stadtfest-buehne", "stadtfest-feuerwerk", "fest-1", "fest-10", "fest-10_1200x800")))
    assert [image.url.rsplit("/", 1)[1] for image in figures(fest)] == [
        "stadtfest.jpg", "stadtfest-buehne.jpg", "stadtfest-feuerwerk.jpg", "fest-1.jpg", "fest-10.jpg"]
    # A caption's words under a picture are no credit; a credit of a copy left out stays as text.
    chart = parse("Haushalt\n![Rathaus](https://img.kurier.example/r.jpg)\nGrafik: So verteilt sich das Geld\n"
                  "![Balkendiagramm](https://img.kurier.example/g.png)\nDer Rat hat beschlossen.")
    assert [image.alt for image in figures(chart)] == ["Rathaus", "Balkendiagramm"]
    assert body_texts(chart)[0] == "Grafik: So verteilt sich das Geld"
    copies = parse("Hafen wächst\n![Hafen wächst](https://img.kurier.example/b.jpg)\nFoto: Stadt Velsburg\n"
                   "![Hafen wächst](https://img.kurier.example/b-gross.jpg)\nFoto: Anna Berg\nDer Hafen wächst.")
    assert copies.image is not None and copies.image.alt == "Hafen wächst (Foto: Stadt Velsburg)"
    assert body_texts(copies) == ["Foto: Anna Berg", "Der Hafen wächst."]
    # A teaser's copy is replaced by the same picture at full size, not by another picture with its caption.
    cranes = parse("![Hafen bekommt neue Kräne](https://img.kurier.example/teaser/2024.03/kraene.jpg)\n"
                   "Hafen bekommt neue Kräne\nDie Kräne kommen im Mai.\n"
                   "![Hafen bekommt neue Kräne](https://img.kurier.example/bilder/2019.05/altkran.jpg)")
    assert cranes.image is not None and cranes.image.url.endswith("/kraene.jpg")
    # Prose after English related labels stays text; "ist" is no time zone.
    assert body_texts(parse("Tram\nText.\nSee also – the council's statement from Tuesday")) == [
        "Text.", "See also – the council's statement from Tuesday"]
    assert parse("Hafen\n5. Juni 2024, 10.30 ist\nText.").paragraphs[0] == "5. Juni 2024, 10.30 ist"


def test_a_label_over_a_headline_too_long_for_a_title_keeps_the_headline_as_text() -> None:
    """The label and the headline, joined, were over MAX_TITLE: the page was titled with the text's start, and the
    headline's line was left out as if it were the title."""
    headline = " ".join(["Donaudampfschifffahrtsgesellschaftskapitän"] * 12)
    article = parse(f"Kommunalpolitik\n{headline}\nDer Rat hat am Montag beschlossen, was zu tun ist.")
    assert article.paragraphs == ("Kommunalpolitik", headline, "Der Rat hat am Montag beschlossen, was zu tun ist.")
