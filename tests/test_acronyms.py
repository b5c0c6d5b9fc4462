"""Short forms the archive spells out ("Deutscher Gewerkschaftsbund (DGB)"), as ``archive-site check`` lists them."""

from __future__ import annotations

from pathlib import Path

from generator.acronyms import SpelledOut, spelled_out
from generator.model import Article
from generator.parse import parse_article
from generator.read import SourceFile


def article(name: str, *paragraphs: str) -> Article:
    text = "\n".join(["Gewerkschaften vor dem Herbst", *paragraphs]) + "\n"
    return parse_article(SourceFile(Path(name), name, text, 0.0, "utf-8"), "de")


def test_a_short_form_spelled_out_in_two_articles_is_listed_with_its_alias_line() -> None:
    found = spelled_out([
        article("a.txt", "Der Deutsche Gewerkschaftsbund (DGB) warnt vor dem Abbau von Stellen."),
        article("b.txt", "Vertreter des Deutschen Gewerkschaftsbundes (DGB) trafen sich in Velsburg.",
                "Der DGB fordert mehr Lohn."),
        article("c.txt", "Der Deutsche Gewerkschaftsbund (DGB) lädt zum Maifest."),
        article("d.txt", "Der DGB ruft zum Warnstreik auf."),  # the short form alone: counted nowhere
    ])
    # Inflected spellings are one full name; the shortest is the line's, the nominative where it is declined.
    assert found == [SpelledOut("DGB", "Deutsche Gewerkschaftsbund", 3)]
    assert found[0].alias_line == "DGB: Deutsche Gewerkschaftsbund"


def test_a_name_declined_in_most_articles_is_suggested_in_its_nominative() -> None:
    """"des Deutschen Gewerkschaftsbundes (DGB)" in two articles of three: the topic was named in the genitive."""
    found = spelled_out([
        article("a.txt", "Vertreter des Deutschen Gewerkschaftsbundes (DGB) trafen sich."),
        article("b.txt", "Die Chefin des Deutschen Gewerkschaftsbundes (DGB) sprach."),
        article("c.txt", "Der Deutsche Gewerkschaftsbund (DGB) warnt."),
    ])
    assert found == [SpelledOut("DGB", "Deutsche Gewerkschaftsbund", 3)]
    # An adjective's other endings too ("Allgemeinen", "Allgemeinem"): the nominative.
    club = [article(f"{n}.txt", "Vertreter des Allgemeinen Deutschen Automobil-Clubs (ADAC) warnen.") for n in range(2)]
    club.append(article("n.txt", "Der Allgemeine Deutsche Automobil-Club (ADAC) warnt."))
    assert spelled_out(club) == [SpelledOut("ADAC", "Allgemeine Deutsche Automobil-Club", 3)]
    # Not a typo's spelling, though shorter.
    typo = [article(f"{n}.txt", "Der Deutsche Gewerkschaftsbund (DGB) warnt.") for n in range(3)]
    typo.append(article("t.txt", "Der Deutsche Gewerkschaftbund (DGB) warnt."))
    assert spelled_out(typo) == [SpelledOut("DGB", "Deutsche Gewerkschaftsbund", 4)]


def test_full_names_of_many_shapes_are_found_and_the_fewest_words_taken() -> None:
    lines = ["Das Bundesamt für Migration und Flüchtlinge (BAMF) prüft die Anträge.",
             "Nach Angaben des Bundesnachrichtendienstes (BND) war die Lage ruhig.",
             "Die Alternative für Deutschland (AfD) stimmte dagegen.",
             "Economists at the Bank of England (BoE) expect a cut."]
    found = spelled_out([article(f"{n}.txt", *lines) for n in range(2)])
    assert {(s.short, s.full) for s in found} == {
        ("BAMF", "Bundesamt für Migration und Flüchtlinge"), ("BND", "Bundesnachrichtendienstes"),
        ("AfD", "Alternative für Deutschland"), ("BoE", "Bank of England")}


def test_what_is_no_spelled_out_short_form_is_not_listed() -> None:
    lines = ["Bürgermeisterin Clara Dorn (CDU) eröffnete das Fest.",  # a person and her party: letters not in order
             "Velsburg (dpa) – Der Hafen wächst.",  # an agency, in lower case
             "Die Stadtwerke (Foto) bauen.",  # a word in brackets
             "Die Feuerwehr (FW) rückte aus."]  # one word for a short form of two letters
    assert spelled_out([article(f"{n}.txt", *lines) for n in range(3)]) == []
    # Once only: perhaps a slip.
    assert spelled_out([article("a.txt", "Die Europäische Zentralbank (EZB) hält die Zinsen.")]) == []


def test_a_short_form_the_config_already_joins_is_not_listed_again() -> None:
    articles = [article(f"{n}.txt", "Der Deutsche Gewerkschaftsbund (DGB) warnt.") for n in range(2)]
    assert spelled_out(articles, {"DGB": "Gewerkschaftsbund"}) == []
    assert spelled_out(articles, {"Deutsche Gewerkschaftsbund": "DGB"}) == []
