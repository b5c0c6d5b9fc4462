"""Topic tags: front matter, keyword rules, automatic names and terms.

Each test builds a tiny archive of readable articles and checks the tags a reader would see.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import TagsConfig
from generator.model import Article, Paragraph, Source
from generator.tag import tag_articles


def article(file: str, title: str, *paragraphs: str, language: str = "de", day: int = 1,
            tags: tuple[str, ...] = (), markdown: str | None = None) -> Article:
    return Article(
        title=title, date=date(2024, 3, day), date_precision="day", language=language,
        source=Source(file=file), body=tuple(Paragraph(p) for p in paragraphs), tags=tags, markdown=markdown,
    )


def tags_by_file(articles: list[Article], config: TagsConfig | None = None) -> dict[str, tuple[str, ...]]:
    return {a.key: a.tags for a in tag_articles(articles, config or TagsConfig())}


def all_tags(tagged: dict[str, tuple[str, ...]]) -> set[str]:
    return {t for tags in tagged.values() for t in tags}


ORBAN = [
    article("a.txt", "Viktor Orbán besucht Wien",
            "Der ungarische Ministerpräsident Viktor Orbán ist am Montag in Wien eingetroffen.",
            "Orbán sagte, die Gespräche seien offen gewesen. Orbáns Sprecher bestätigte den Termin."),
    article("b.txt", "Kritik an Orban wächst",
            "Die Kritik an Viktor Orban wächst, auch in der eigenen Partei.",
            "Orban wies die Vorwürfe am Dienstag zurück."),
    article("c.txt", "Budapest streitet über den Haushalt",
            "Im Parlament in Budapest wird über den Haushalt gestritten.",
            "Viktor Orbán verteidigte die Pläne. Orbán kündigte Nachbesserungen an."),
]

VELSBURG = [
    article("v1.txt", "Velsburg baut den Hafen aus",
            "Der Stadtrat von Velsburg hat den Ausbau des Hafens beschlossen.",
            "Die Pläne Velsburgs sehen zwei neue Liegeplätze vor."),
    article("v2.txt", "Neue Brücke für Velsburg",
            "In Velsburg soll eine neue Brücke über den Rhein entstehen.",
            "Velsburgs Bürgermeisterin lobte das Vorhaben."),
    article("v3.txt", "Velsburgs Haushalt wächst",
            "Velsburg nimmt im kommenden Jahr mehr Steuern ein.", "Velsburg will das Geld in Schulen stecken."),
]


# ---------------------------------------------------------------------------
# Sources and their order


def test_front_matter_tags_come_first_and_are_alias_mapped() -> None:
    notes = [
        article("n1.md", "Notiz", markdown="Ein **Text** über den Handel.", tags=("DVRK", "Handel")),
        article("n2.md", "Noch eine Notiz", markdown="Ein Text ohne Themen.", tags=("dvrk",)),
    ]
    tagged = tags_by_file(notes, TagsConfig(aliases={"DVRK": "Nordkorea"}, auto=False))
    assert tagged["n1.md"] == ("Nordkorea", "Handel")
    assert tagged["n2.md"] == ("Nordkorea",)


def test_rule_keywords_match_lemmas_as_whole_words() -> None:
    articles = [
        article("s1.txt", "EU beschließt neue Sanktionen", "Die Sanktionen treffen vor allem Banken."),
        article("s2.txt", "Streit um die Sanktionsliste", "Die Liste wird im Sommer überprüft."),
        article("s3.txt", "Raketentest", "Machthaber Kim Jong-un ließ eine Rakete starten."),
        article("s4.txt", "Kim gewinnt Turnier", "Die Golferin Kim siegte in Seoul."),
    ]
    rules = {"Sanktionen": ("Sanktion",), "Nordkorea": ("Kim Jong-un", "DVRK")}
    tagged = tags_by_file(articles, TagsConfig(rules=rules, auto=False))
    assert tagged["s1.txt"] == ("Sanktionen",)  # „Sanktionen“ is a form of the keyword „Sanktion“
    assert tagged["s2.txt"] == ()  # a compound is not the whole word
    assert tagged["s3.txt"] == ("Nordkorea",)  # multi-word keyword
    assert tagged["s4.txt"] == ()  # „Kim“ alone is not „Kim Jong-un“


def test_a_rule_keyword_ending_in_a_star_matches_the_words_starting_with_it() -> None:
    """A compound's first part: the rule's Energiewende missed an article on "des Fernwärmenetzes"."""
    articles = [
        article("w1.txt", "EU fördert Velsburgs Wärmenetz", "Der Ausbau des Fernwärmenetzes kostet 40 Millionen Euro."),
        article("w2.txt", "Neue Heizung im Rathaus", "Das Rathaus heizt mit Fernwärme."),
        article("w3.txt", "Fernsehturm wird saniert", "Der Fernsehturm bleibt bis Mai gesperrt."),
        article("w4.txt", "Fernwaermenetz waechst", "Das Fernwaermenetz bekommt neue Leitungen."),  # umlauts spelled out
    ]
    rules = {"Energiewende": ("Fernwärme*",), "Sanktionen": ("Sanktion",)}
    tagged = tags_by_file(articles, TagsConfig(rules=rules, auto=False))
    assert (tagged["w1.txt"], tagged["w2.txt"], tagged["w3.txt"], tagged["w4.txt"]) == (
        ("Energiewende",), ("Energiewende",), (), ("Energiewende",))
    # The words it covers are the rule's: no automatic topic beside it ("Fernwärmenetz" beside "Energiewende").
    nets = [article(f"n{n}.txt", f"Fernwärmenetz wächst in {town}", f"Das Fernwärmenetz in {town} wächst.",
                    "Das Fernwärmenetz bekommt neue Leitungen.") for n, town in enumerate(["Velsburg", "Kranzbach", "Lindmoor"])]
    automatic = tags_by_file(nets, TagsConfig(rules={"Energiewende": ("Fernwärme*",)}))
    assert all(tags[0] == "Energiewende" and "Fernwärmenetz" not in tags for tags in automatic.values()), automatic
    assert "Fernwärmenetz" in all_tags(tags_by_file(nets, TagsConfig(rules={"Energiewende": ("Fernwärme",)})))


def test_rules_in_title_and_lead_rank_before_rules_deep_in_the_body() -> None:
    text = article("r.txt", "Hochwasser in der Altstadt", "Der Pegel steigt weiter.",
                   "Die Feuerwehr pumpt Keller leer.", "Auch der Bahnverkehr ist gestört, ein Streik droht.")
    rules = {"Bahn": ("Streik", "Bahnverkehr"), "Hochwasser": ("Hochwasser", "Pegel")}
    assert tags_by_file([text], TagsConfig(rules=rules, auto=False))["r.txt"] == ("Hochwasser", "Bahn")


def test_a_rule_keyword_once_in_passing_tags_nothing() -> None:
    """Once in the title or the lead, or twice in the text, a keyword tags the article; once deep in the text
    (an election article naming "the flood-hit districts") it does not."""
    rules = TagsConfig(rules={"Hochwasser": ("Hochwasser", "Pegel")}, auto=False)
    election = article("w.txt", "Wahlabend in Velsburg", "Clara Hoffmann bleibt Bürgermeisterin.",
                       "Am stärksten gewann sie in den vom Hochwasser getroffenen Vierteln.")
    lead = article("l.txt", "Keller unter Wasser", "Das Hochwasser erreicht die Altstadt.", "Die Feuerwehr pumpt.")
    twice = article("t.txt", "Feuerwehr im Einsatz", "Die Feuerwehr pumpt Keller leer.",
                    "Der Pegel steigt.", "Das Hochwasser soll am Freitag zurückgehen.")
    assert tags_by_file([election, lead, twice], rules) == {"w.txt": (), "l.txt": ("Hochwasser",),
                                                           "t.txt": ("Hochwasser",)}


def test_front_matter_then_rules_then_automatic_topics() -> None:
    articles = [
        article("m1.md", "Hafen", markdown="Viktor Orbán sprach über den Hafen. Orbán lobte ihn.", tags=("Notiz",)),
        *ORBAN,
    ]
    tagged = tags_by_file(articles, TagsConfig(rules={"Hafenwirtschaft": ("Hafen",)}))
    assert tagged["m1.md"][:3] == ("Notiz", "Hafenwirtschaft", "Viktor Orbán")


def test_an_automatic_name_ending_in_the_articles_rule_tag_is_not_added_beside_it() -> None:
    """Where the rule's "Rheinhafen" tags an article, "Velsburger Rheinhafen" would say it again in more
    words. A topic that only holds the rule's word inside a compound ("Hafenfest") stays."""
    port = [
        article(f"p{n}.txt", title, f"Der Velsburger Rheinhafen {verb}.", "Im Rheinhafen von Velsburg wird gebaut.")
        for n, (title, verb) in enumerate([("Neuer Liegeplatz", "wächst"), ("Mehr Container", "boomt"),
                                           ("Streit um Nachtbetrieb", "stört")])
    ]
    passing = [article(f"q{n}.txt", f"Hafenfest Nummer {n}", "Tausende kamen zum Fest.",
                       "Auch Gäste aus dem Velsburger Rheinhafen feierten mit.",
                       "Der Velsburger Rheinhafen lud zu Führungen ein.") for n in range(2)]
    config = TagsConfig(rules={"Rheinhafen": ("Rheinhafen",)})
    without_rule = tags_by_file(port + passing)
    assert all("Velsburger Rheinhafen" in without_rule[a.key] for a in port)
    tagged = tags_by_file(port + passing, config)
    for a in port:
        assert "Rheinhafen" in tagged[a.key] and "Velsburger Rheinhafen" not in tagged[a.key]
    assert all(tagged[a.key] == ("Rheinhafen", "Hafenfest", "Fest") for a in passing)
    # A company named after the rule's word is a topic of its own beside it.
    railway = [article(f"b{n}.txt", f"Deutsche Bahn streicht Verbindungen {n}", "Die Deutsche Bahn streicht Züge.",
                       "Die Bahn nannte Personalmangel als Grund.") for n in range(3)]
    tagged = tags_by_file(railway, TagsConfig(rules={"Bahn": ("Bahn",)}))
    assert all({"Bahn", "Deutsche Bahn"} <= set(tagged[a.key]) for a in railway)
    # "Peter" ends like a place's adjective, but the archive names no "Pet" (a pet is no place).
    harbour = [article(f"h{n}.txt", f"Neuer Chef im Hafen {n}", "Peter Hafen übernimmt die Leitung.",
                       "Peter Hafen war zuvor im Hafen von Velsburg tätig.") for n in range(2)]
    harbour.append(article("e.txt", "Pets in the port", "Every pet owner knows the harbour.", language="en"))
    tagged = tags_by_file(harbour, TagsConfig(rules={"Hafen": ("Hafen",)}))
    assert all({"Hafen", "Peter Hafen"} <= set(tagged[a.key]) for a in harbour[:2])
    # "Walter" is no adjective of "Walen", a word of the archive.
    harbour = [article(f"w{n}.txt", f"Neuer Chef im Hafen {n}", "Walter Hafen übernimmt die Leitung.",
                       "Walter Hafen zählte früher Walen.") for n in range(2)]
    tagged = tags_by_file(harbour, TagsConfig(rules={"Hafen": ("Hafen",)}))
    assert all("Walter Hafen" in tagged[a.key] for a in harbour)


# ---------------------------------------------------------------------------
# Automatic topics


def test_names_that_group_articles_become_one_tag_in_their_most_frequent_spelling() -> None:
    tagged = tags_by_file(ORBAN)
    assert all("Viktor Orbán" in tags for tags in tagged.values())
    assert not all_tags(tagged) & {"Orbán", "Orban", "Viktor Orban", "Orbáns"}


def test_aliases_map_variants_case_and_diacritics_insensitively() -> None:
    articles = [
        article("o1.txt", "ORBAN in Brüssel", "Orban traf in Brüssel die Kommission. Orban blieb hart."),
        article("o2.txt", "Orbán droht mit Veto", "Orbán drohte am Montag mit einem Veto. Orbán bleibt hart."),
    ]
    tagged = tags_by_file(articles, TagsConfig(aliases={"Orbán": "Viktor Orbán"}))
    assert tagged == {"o1.txt": ("Viktor Orbán",), "o2.txt": ("Viktor Orbán",)}


def test_genitive_forms_fold_into_the_base_name() -> None:
    russia = [
        article("r1.txt", "Russlands Wirtschaft schrumpft", "Russland meldet weniger Exporte.",
                "Die Zentralbank Russlands erhöht den Zins."),
        article("r2.txt", "Russland und die Sanktionen", "Die Sanktionen gegen Russland wirken.",
                "Russlands Regierung widerspricht."),
    ]
    tagged = tags_by_file(VELSBURG + russia)
    assert all("Velsburg" in tagged[a.key] for a in VELSBURG)
    assert all("Russland" in tagged[a.key] for a in russia)
    assert not all_tags(tagged) & {"Velsburgs", "Russlands", "Zentralbank Russlands"}


def test_a_noun_only_written_in_the_genitive_is_named_in_its_nominative() -> None:
    """"Güterbahnhofs" was a topic's name where the archive never wrote "Güterbahnhof"."""
    park = [article(f"p{n}.txt", f"Neuer Park in Velsburg {n}",
                    "Auf dem Gelände des alten Güterbahnhofs entsteht ein Park.",
                    "Die Arbeiten auf dem Areal des Güterbahnhofs beginnen im Herbst.") for n in range(3)]
    tagged = tags_by_file(VELSBURG + park)
    assert all("Güterbahnhof" in tagged[a.key] for a in park)
    assert "Güterbahnhofs" not in all_tags(tagged)


def test_an_english_verb_of_decision_is_no_topic_and_names_keep_their_common_words() -> None:
    """"Approve" was a topic of every article about a vote. Words of names stay: "Mexico City", "National Trust"."""
    votes = [article(f"g{n}.txt", f"Council to approve budget {n}", "The council will approve the budget on Monday.",
                     "Members approved a draft. The council approved it.", language="en") for n in range(3)]
    floods = [article(f"e{n}.txt", f"Floods hit Mexico City again {n}", "Rain flooded parts of Mexico City.",
                      "The National Trust closed gardens. The National Trust said repairs take weeks.", language="en")
              for n in range(3)]
    harbour = [article(f"f{n}.txt", f"Harbour news {n}", "The harbour of Northgate reopened after repairs.",
                       "Ships returned to the harbour on Tuesday.", language="en") for n in range(8)]
    assert all_tags(tags_by_file(votes + floods + harbour)) == {"Budget", "Council", "Mexico City", "National Trust"}


def test_surname_alone_counts_toward_the_full_name() -> None:
    articles = [
        article("h1.txt", "Neuer Plan für den Hafen", "Bürgermeisterin Clara Hoffmann stellte den Plan vor.",
                "Hoffmann sagte, der Hafen brauche mehr Platz. Hoffmann rechnet mit Zustimmung."),
        article("h2.txt", "Stadtrat stimmt zu", "Der Stadtrat folgte Clara Hoffmann.",
                "Hoffmann zeigte sich erleichtert."),
    ]
    tagged = tags_by_file(articles)
    assert tagged == {"h1.txt": ("Clara Hoffmann",), "h2.txt": ("Clara Hoffmann",)}


def test_a_surname_beside_its_full_name_in_half_its_articles_counts_toward_it_everywhere() -> None:
    """``Hoffmann`` appears in four articles, beside ``Clara Hoffmann`` in two of them: half, which is
    enough ("mostly" counts from half). The two without the full name count it toward the one full
    name the archive has for it."""
    articles = [
        article("h1.txt", "Neuer Plan für den Hafen", "Bürgermeisterin Clara Hoffmann stellte den Plan vor.",
                "Hoffmann sagte, der Hafen brauche mehr Platz."),
        article("h2.txt", "Stadtrat stimmt zu", "Der Stadtrat folgte Clara Hoffmann.",
                "Hoffmann zeigte sich erleichtert."),
        article("h3.txt", "Haushalt beschlossen", "Der Haushalt ist beschlossen, sagte Hoffmann.",
                "Auch Hoffmann lobte den Kompromiss."),
        article("h4.txt", "Schulen werden saniert", "Die Schulen werden saniert, sagte Hoffmann.",
                "Auch Hoffmann nannte das überfällig."),
    ]
    tagged = tags_by_file(articles)
    assert all("Clara Hoffmann" in tags for tags in tagged.values())
    assert "Hoffmann" not in all_tags(tagged)


def test_a_genitive_after_a_noun_is_no_name_even_where_it_recurs() -> None:
    """``Zentralbank Russlands`` in two articles is a noun and a genitive, not a name (it never occurs
    uninflected): it counts word by word, toward ``Russland``."""
    russia = [
        article("r1.txt", "Zins steigt erneut", "Die Zentralbank Russlands erhöht den Zins.",
                "Russland meldet weniger Exporte."),
        article("r2.txt", "Rubel unter Druck", "Die Zentralbank Russlands stützt den Rubel.",
                "Russland verkauft Gold."),
    ]
    tagged = tags_by_file(VELSBURG + russia)
    assert all("Russland" in tagged[a.key] for a in russia)
    assert not all_tags(tagged) & {"Zentralbank Russlands", "Zentralbank Russland"}


def test_name_particles_and_roles() -> None:
    articles = [
        article("l1.txt", "Ursula von der Leyen in Kiew", "Kommissionspräsidentin Ursula von der Leyen reiste nach Kiew.",
                "Von der Leyen sagte, die Hilfe komme."),
        article("l2.txt", "Kritik an Ursula von der Leyen", "Die Kritik an Ursula von der Leyen wächst.",
                "Der Hafen von Velsburg ist voll."),
        article("l3.txt", "Wahl in Velsburg", "Unternehmer Malte Strübing tritt gegen Clara Hoffmann an.",
                "Strübing will Bürgermeister werden."),
        article("l4.txt", "Strübing legt Programm vor", "Malte Strübing stellte sein Programm vor.",
                "Herausforderer Malte Strübing setzt auf den Hafen."),
    ]
    tagged = tags_by_file(articles)
    assert tagged["l1.txt"] == tagged["l2.txt"] == ("Ursula von der Leyen",)
    assert "Malte Strübing" in tagged["l3.txt"] and "Malte Strübing" in tagged["l4.txt"]
    assert not all_tags(tagged) & {"Unternehmer Malte Strübing", "Herausforderer Malte Strübing", "Strübing",
                                   "Hafen von Velsburg", "Leyen"}


def test_a_place_is_not_folded_into_a_name_that_ends_with_it() -> None:
    utility = [
        article("u1.txt", "Stadtwerke Velsburg senken Preise", "Die Stadtwerke Velsburg senken den Gaspreis.",
                "Velsburg profitiert davon. Velsburg spart Geld."),
        article("u2.txt", "Stadtwerke Velsburg bauen Wärmenetz", "Die Stadtwerke Velsburg bauen aus.",
                "Auch Velsburg selbst zahlt mit."),
    ]
    tagged = tags_by_file(VELSBURG + utility)
    assert {"Stadtwerke Velsburg", "Velsburg"} <= set(tagged["u1.txt"])


def test_a_club_named_after_its_town_takes_its_short_name() -> None:
    """``Rovers`` alone (``said Rovers``, ``Rovers fans``) is the club ``Marrowby Rovers`` named beside it,
    although its first word is a town named on its own everywhere: a tag ``Rover`` stood beside the club's.
    The town itself stays a topic of its own."""
    club = [
        article("c1.txt", "Marrowby Rovers sign new striker", "Marrowby Rovers have signed a striker from Wend.",
                "Rovers fans welcomed the move, and Marrowby council congratulated Rovers.", language="en"),
        article("c2.txt", "Marrowby Rovers lose derby", "Marrowby Rovers lost the derby on Saturday.",
                "Rovers fans left early, said the Marrowby police.", language="en"),
        article("c6.txt", "Rovers' stadium to get new stand", "Work on Rovers' stadium starts in May, said Rovers.",
                "The club expects Rovers fans to return in autumn.", language="en"),
        article("c3.txt", "Marrowby opens new library", "The town of Marrowby opened a library.",
                "Marrowby residents queued outside.", language="en"),
        article("c4.txt", "Marrowby repairs bridge", "Marrowby repairs the old bridge.",
                "Marrowby engineers expect delays.", language="en"),
        article("c5.txt", "Marrowby market reopens", "The market in Marrowby reopened.",
                "Traders in Marrowby were relieved.", language="en"),
    ]
    tagged = tags_by_file(club)
    assert tagged["c1.txt"] == tagged["c2.txt"] == tagged["c6.txt"] == ("Marrowby Rovers",)
    assert not all_tags(tagged) & {"Rover", "Rovers"}
    assert "Marrowby" in tagged["c3.txt"]


def test_min_articles_a_term_must_group_articles() -> None:
    single = [article("x.txt", "Zaunkönig entdeckt", "Ein seltener Zaunkönig wurde gesichtet. Der Zaunkönig brütet.")]
    assert tags_by_file(single + ORBAN)["x.txt"] == ()
    assert tags_by_file(single, TagsConfig(min_articles=1))["x.txt"] == ("Zaunkönig",)


def test_max_share_drops_terms_on_too_many_articles_but_only_in_a_real_archive() -> None:
    def port(n: int) -> Article:
        return article(f"p{n:02d}.txt", f"Velsburg meldet Zahl {n}", "In Velsburg wurde gezählt.",
                       "Velsburg veröffentlicht die Daten.")

    # Nine articles: max_share would strike every shared term, so it does not apply yet.
    assert all("Velsburg" in tags for tags in tags_by_file([port(n) for n in range(9)]).values())
    many = tags_by_file([port(n) for n in range(12)])  # Velsburg on 12 of 12 > 30 %
    assert "Velsburg" not in all_tags(many)
    assert "Velsburg" in all_tags(tags_by_file([port(n) for n in range(12)], TagsConfig(max_share=1.0)))


def test_max_per_article_keeps_the_most_salient_tags() -> None:
    crowded = article("c.md", "Notiz", markdown="Viktor Orbán und Velsburg. Orbán in Velsburg.",
                      tags=("Eins", "Zwei"))
    tagged = tags_by_file([crowded, *ORBAN, *VELSBURG], TagsConfig(max_per_article=3))
    assert len(tagged["c.md"]) == 3
    assert tagged["c.md"][:2] == ("Eins", "Zwei")
    assert all(len(tags) <= 3 for tags in tagged.values())


def test_stop_words_and_generic_news_words_never_become_tags() -> None:
    generic = [
        article(f"g{n}.txt", "Montag: Prozent und Euro im Jahr", "Am Montag sagte der Sprecher, im März seien es "
                "drei Prozent mehr Euro als im Jahr davor gewesen, erklärte er laut Mitteilung.",
                "Jahr für Jahr steigen die Prozent. Im März, sagte er, laut Angaben der Stadt.")
        for n in range(3)
    ] + [
        article(f"e{n}.txt", "Monday: percent said the year", "On Monday the spokesman said that in March "
                "the percent was up on the year, according to officials.",
                "Year after year the percent rises, he said on Monday.", language="en")
        for n in range(3)
    ]
    tagged = all_tags(tags_by_file(generic))
    words = {"montag", "prozent", "euro", "jahr", "märz", "sprecher", "sagte", "laut", "monday", "percent",
             "said", "year", "march", "stadt", "mitteilung", "angaben"}
    assert not {t.casefold() for t in tagged} & words
    # Nouns of any story: "mehr Personal" for the railway and "ohne Personal" for the library were one topic.
    staff = [article(f"p{n}.txt", f"Neue Regeln Nummer {n}", f"Das {place} braucht mehr Personal und ein neues "
                     "Programm, sagte die Leitung.", "Das Personal soll ab Mai verstärkt werden.")
             for n, place in enumerate(["Bahnunternehmen", "Museum", "Klinikum"])]
    tagged = all_tags(tags_by_file(staff))
    assert not {t.casefold() for t in tagged} & {"personal", "programm"}
    # A stock phrase's noun ("mit Sorge verfolgt") and water on a page about a rail strike grouped the stories.
    phrases = [article(f"s{n}.txt", f"Streit um {place}", f"Die Stadt verfolgt den Streit um das {place} mit Sorge. "
                       "Eine Stellungnahme folgt.", "Auf dem Wasser und an Land ruht die Arbeit.")
               for n, place in enumerate(["Bahnunternehmen", "Museum", "Klinikum"])]
    assert not {t.casefold() for t in all_tags(tags_by_file(phrases))} & {"sorge", "stellungnahme", "wasser"}


def test_a_first_name_that_looks_like_a_role_keeps_its_persons_apart() -> None:
    """"Peter" ends like "Richter": trimmed from "Peter Paul Müller" as a role, it made "Peter Müller", a
    runner, a short form of "Paul Müller" (a rule tried this stop, and reverted). A role noun before a surname
    folds into the full name where the archive writes the role alone too ("der Landrat")."""
    painter = [article(f"m{n}.txt", f"Peter Paul Müller stellt aus {n}", "Der Maler Peter Paul Müller zeigt Bilder.",
                       "Peter Paul Müller malt seit Jahren.") for n in range(3)]
    runner = [article(f"r{n}.txt", f"Peter Müller gewinnt Lauf {n}", "Der Läufer Peter Müller gewann den Stadtlauf.",
                      "Peter Müller trainiert täglich.") for n in range(3)]
    tagged = tags_by_file(painter + runner)
    assert all("Peter Müller" in tagged[a.key] for a in runner), tagged
    county = [article(f"l{n}.txt", f"Kreis hilft {n}", "Landrat Hollweg kündigte Hilfe an.",
                      "Jens Hollweg sprach von einer Ausnahmelage. Der Landrat will schnell zahlen.") for n in range(3)]
    tagged = tags_by_file(county)
    assert all("Jens Hollweg" in tags and "Landrat Hollweg" not in tags for tags in tagged.values()), tagged


def test_an_age_and_a_legal_form_make_no_topic_of_their_own() -> None:
    """"46-Jährige" grouped every article giving someone's age under the tag "Jährige"; "Nordbahn AG" and
    "Nordbahn" were two tags on the same articles."""
    ages = [article(f"j{n}.txt", f"Kandidat Nummer {n}", f"Die Partei nominierte den {40 + n}-Jährigen am Abend.",
                    f"Der {40 + n}-Jährige will das Amt.") for n in range(3)]
    railway = [article(f"n{n}.txt", f"Bahn streicht Züge {n}", f"Die Nordbahn{' AG' if n < 2 else ''} streicht "
                       "Verbindungen.", "Die Nordbahn nannte Personalmangel als Grund.") for n in range(5)]
    tagged = tags_by_file(ages + railway)
    assert not {"Jährige", "Jährigen", "Nordbahn AG"} & all_tags(tagged)
    assert all("Nordbahn" in tagged[f"n{n}.txt"] for n in range(5))


def test_a_byline_or_a_pictures_credit_names_no_topic() -> None:
    """A reporter's name on each of her articles grouped them as a topic."""
    articles = [article(f"r{n}.txt", f"Neue Ampel Nummer {n}", f"Von Martina Schulte, 0{n + 1}.04.2024",
                        f"Die Stadt stellt an der Kreuzung Nummer {n} eine Ampel auf.", "Foto: Jana Körte")
                for n in range(3)]
    assert not {"Martina Schulte", "Jana Körte"} & all_tags(tags_by_file(articles))


def test_ignore_extends_the_stop_words() -> None:
    assert "Velsburg" in all_tags(tags_by_file(VELSBURG))
    assert "Velsburg" not in all_tags(tags_by_file(VELSBURG, TagsConfig(ignore=("velsburg",))))


def test_russian_case_forms_fold_into_one_tag() -> None:
    moscow = [
        article("m1.txt", "Москва готовит новый бюджет", "Власти Москвы представили проект бюджета.",
                "В Москве обсуждают расходы.", language="ru"),
        article("m2.txt", "Метро Москвы расширяется", "В Москве откроют пять станций.",
                "Москва вложит миллиарды.", language="ru"),
    ]
    tagged = tags_by_file(moscow)
    assert all("Москва" in tags for tags in tagged.values())
    assert not all_tags(tagged) & {"Москвы", "Москве"}


def test_english_names_and_sentence_initial_words() -> None:
    articles = [
        article("e1.txt", "Northgate Shipping eyes new hub", "Northgate Shipping is looking for a new hub.",
                "Critics say the plan is too big. Northgate said talks continue.", language="en"),
        article("e2.txt", "Dockworkers strike at Northgate Shipping", "Dockworkers walked out at Northgate Shipping.",
                "Critics say the strike will spread. Northgate declined to comment.", language="en"),
    ]
    tagged = all_tags(tags_by_file(articles))
    assert "Northgate Shipping" in tagged
    assert not tagged & {"Northgate", "Critics", "Critic"}


def test_tag_names_are_safe_labels() -> None:
    notes = [article("n.md", "Notiz", markdown="Text.",
                     tags=("\"Leiser Hafen\" & <Co>", "{ }", "  Sehr \t langer\n" + "Name " * 20))]
    (tags,) = tags_by_file(notes).values()
    # Markup characters dropped, whitespace folded, cut at a word within 60 characters; "{ }" is nothing.
    assert tags == ("Leiser Hafen Co", "Sehr langer Name Name Name Name Name Name Name Name Name")


def test_articles_keep_their_order_and_other_fields() -> None:
    tagged = tag_articles(ORBAN, TagsConfig())
    assert [replace(a, tags=()) for a in tagged] == list(ORBAN)
    assert all(a.tags for a in tagged)
    assert tag_articles([], TagsConfig()) == []


@settings(max_examples=15, deadline=None)
@given(st.permutations(ORBAN + VELSBURG))
def test_same_tags_in_any_input_order(shuffled: list[Article]) -> None:
    config = TagsConfig(aliases={"Orban": "Viktor Orbán"}, rules={"Hafen": ("Hafen",)})
    assert tags_by_file(shuffled, config) == tags_by_file(ORBAN + VELSBURG, config)


def test_the_cache_gives_the_same_tags_and_survives_damage(tmp_path: Path) -> None:
    moscow = [article("m1.txt", "Метро Москвы расширяется", "В Москве откроют пять станций.", language="ru"),
              article("m2.txt", "Москва готовит бюджет", "Власти Москвы представили проект.", language="ru")]
    archive = [*ORBAN, *VELSBURG, *moscow]
    expected = tags_by_file(archive)
    first = {a.key: a.tags for a in tag_articles(archive, TagsConfig(), tmp_path)}
    assert first == expected
    assert {p.name for p in tmp_path.iterdir()} == {"lemmas.pickle", "pass.pickle", "scans.pickle", "tags.pickle", "words.pickle"}

    def no_dictionary(*args: object, **kwargs: object) -> None:
        raise AssertionError("simplemma asked although every word is in the cache")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.tag._Simplemma.lemmatize", no_dictionary)
        patch.setattr("generator.tag._Simplemma.is_known", no_dictionary)
        # The same archive: the stored tags, nothing tagged again.
        assert {a.key: a.tags for a in tag_articles(archive, TagsConfig(), tmp_path)} == expected
        # Another order tags afresh, over the same words: answered from the stored lemmas alone.
        assert {a.key: a.tags for a in tag_articles(archive[::-1], TagsConfig(), tmp_path)} == expected
    # Other settings are not answered from the stored tags.
    config = TagsConfig(rules={"Hauptstadt": ("Москва",)})
    assert {a.key: a.tags for a in tag_articles(archive, config, tmp_path)} == tags_by_file(archive, config)
    assert "Hauptstadt" in {t for a in tag_articles(archive, config, tmp_path) for t in a.tags}
    for damaged in tmp_path.iterdir():
        damaged.write_bytes(b"not a pickle")
    assert {a.key: a.tags for a in tag_articles(archive, TagsConfig(), tmp_path)} == expected


def test_an_article_without_a_language_is_tagged_with_the_rest() -> None:
    unknown = article("x.txt", "Viktor Orbán in Wien", "Viktor Orbán traf am Montag Vertreter der Stadt.",
                      language="")
    tagged = tags_by_file([*ORBAN, unknown])
    assert "Viktor Orbán" in tagged["a.txt"]


def test_a_nationality_adjective_alone_is_no_english_topic() -> None:
    """"German", "French" or "British" before a noun said where a story happened, and grouped every article
    naming a country's people as one topic. A name holding one stays a name."""
    articles = [
        article("g1.txt", "German lawmakers back rail plan", "The German Bundestag approved the rail plan on Friday.",
                "German unions welcomed the vote.", language="en"),
        article("g2.txt", "German Bundestag delays budget vote", "The German Bundestag will vote on the budget in May.",
                "German ministers called the delay small.", language="en"),
        article("g3.txt", "French farmers block roads", "French farmers blocked roads near the border.",
                "The French government promised talks.", language="en"),
        article("g4.txt", "French wine exports fall", "French vineyards sold less wine abroad.",
                "German and British buyers ordered less.", language="en"),
        article("g5.txt", "British ports brace for strike", "British dockworkers plan a strike at two ports.",
                "British ministers asked the European Commission for advice. The European Commission declined.",
                language="en"),
        article("g6.txt", "European Commission fines British shipping firms",
                "The European Commission fined three British firms.", "German regulators said the firms shared prices.",
                language="en"),
        article("g7.txt", "German carmakers cut jobs", "German carmakers will cut five thousand jobs.",
                "German unions called a strike.", language="en"),
    ]
    tagged = tags_by_file(articles)
    assert not all_tags(tagged) & {"German", "French", "British", "European", "Germans"}
    assert all("German Bundestag" in tagged[f"g{n}.txt"] for n in (1, 2))
    assert all("European Commission" in tagged[f"g{n}.txt"] for n in (5, 6))


def test_a_towns_adjective_alone_is_no_topic_but_a_name_with_it_is() -> None:
    """"Lindmoorer Kino" and "Lindmoorer Chor", once each, counted "Lindmoorer" on its own: a tag that only
    said "in Lindmoor" again, beside the town's own; so did "Brakweder", Brakwede's. The town's harbour is a
    name of its own. A noun whose stem is a word of the archive too ("Frachter" beside "Fracht") is no town's
    adjective."""
    town = [
        article("k1.txt", "Lindmoor saniert die Schleuse", "Lindmoor lässt die alte Schleuse reparieren.",
                "Lindmoor zahlt die Hälfte der Kosten."),
        article("k2.txt", "Neue Ampeln für Lindmoor", "In Lindmoor werden drei Kreuzungen umgebaut.",
                "Lindmoor rechnet mit Staus."),
        article("k3.txt", "Lindmoorer Kino feiert Jubiläum", "Das Kino in der Hafenstraße wird hundert Jahre alt.",
                "Zum Fest laufen alte Filme."),
        article("k4.txt", "Lindmoorer Chor gewinnt Preis", "Der Chor sang beim Landeswettbewerb.",
                "Die Sänger proben seit Jahren zusammen."),
        article("k5.txt", "Lindmoorer Hafen wächst", "Der Lindmoorer Hafen meldet mehr Umschlag.",
                "Im Lindmoorer Hafen legen mehr Schiffe an."),
        article("k6.txt", "Streik im Lindmoorer Hafen", "Im Lindmoorer Hafen ruht die Arbeit.",
                "Der Lindmoorer Hafen rechnet mit Verspätungen."),
        article("w1.txt", "Brakwede baut ein Hallenbad", "Brakwede plant ein neues Hallenbad.",
                "Brakwede hofft auf Fördergeld."),
        article("w2.txt", "Brakweder Markt zieht um", "Der Wochenmarkt zieht auf den Kirchplatz.",
                "Die Händler sind unzufrieden."),
        article("w3.txt", "Brakweder Feuerwehr bekommt Drehleiter", "Die Wehr erhält ein neues Fahrzeug.",
                "Die Übergabe ist im Mai."),
        article("f1.txt", "Frachter läuft auf Grund", "Ein Frachter ist vor der Küste aufgelaufen.",
                "Die Fracht des Frachters soll geborgen werden."),
        article("f2.txt", "Frachter wieder frei", "Der Frachter konnte freigeschleppt werden.",
                "Die Fracht blieb an Bord."),
    ]
    tagged = tags_by_file(town)
    assert not all_tags(tagged) & {"Lindmoorer", "Brakweder"}
    assert all("Lindmoor" in tagged[f"k{n}.txt"] for n in (1, 2))
    assert all("Lindmoorer Hafen" in tagged[f"k{n}.txt"] for n in (5, 6))
    assert all("Frachter" in tagged[f"f{n}.txt"] for n in (1, 2))



def english(prefix: str, title: str, *paragraphs: str, count: int = 3) -> list[Article]:
    """``count`` English articles alike, about one thing: ``title`` and a number, the same ``paragraphs``."""
    return [article(f"{prefix}{n}.txt", f"{title} {n}", *paragraphs, language="en") for n in range(count)]


# English archives: each group of articles below is about one thing English writes as two words.
SOLAR = english("s", "Council backs solar farm plans", "The solar farm near the harbour will power two thousand homes.",
                 "Residents asked whether the solar farm spoils the view. The council said the solar farm brings jobs.")
WATER = english("d", "Drinking water tested again", "Tests of drinking water found no traces of lead.",
                 "The utility checks drinking water every week. Public transport to the plant runs hourly.")
HARBOUR = english("h", "Harbour news", "The harbour reopened after repairs.",
                   "Ships returned on Tuesday. A farm nearby sells cheese.", count=8)


def test_an_english_compound_noun_is_one_topic() -> None:
    """"Solar" and "Farm" were two topics of every article about a solar farm, "Drink" and "Water" of every
    article about drinking water: English writes as two words what German writes as one ("Solarpark")."""
    tagged = tags_by_file(SOLAR + WATER + HARBOUR)
    assert all("Solar farm" in tagged[a.key] for a in SOLAR)
    assert all("Drinking water" in tagged[a.key] for a in WATER)
    assert not all_tags(tagged) & {"Solar", "Farm", "Drink", "Drinking", "Water"}


def test_a_compound_noun_in_one_article_leaves_its_words_topics() -> None:
    """A "rail strike" in one article is no topic of the archive: the article stays with the others about a
    strike."""
    strikes = english("k", "Dockworkers strike again", "The strike closed the docks on Monday.",
                       "Talks to end the strike failed.", count=2)
    rail = article("r.txt", "Rail strike drags on", "The rail strike left commuters stranded.",
                   "The rail strike enters its third week.", language="en")
    tagged = tags_by_file([*strikes, rail, *HARBOUR])
    assert "Strike" in tagged["r.txt"]
    assert "Rail strike" not in all_tags(tagged)


def test_words_an_archive_writes_side_by_side_everywhere_are_no_compound_topic() -> None:
    """A phrase of the house style, twice in some articles and once in all the others ("the situation remains
    tense"), is no topic, whatever its words look like."""
    tense = [*english("t", "Talks on the border", "The situation remains tense at the border.",
                      "Observers say the situation remains tense."),
             *english("u", "Talks on the border", "The situation remains tense at the border.",
                      "Traders waited for news.", count=9)]
    tagged = tags_by_file(tense + SOLAR)
    assert "Remains tense" not in all_tags(tagged)
    assert all("Solar farm" in tagged[a.key] for a in SOLAR)


def test_a_rules_keyword_of_two_words_covers_the_compound_and_its_words() -> None:
    """With a rule for "solar farm", the rule's tag names the articles; neither the compound nor its two
    words come as automatic topics beside it. An alias of the compound, the same."""
    tagged = tags_by_file(SOLAR + HARBOUR, TagsConfig(rules={"Energy": ("solar farm",)}))
    assert all(tagged[a.key][0] == "Energy" for a in SOLAR)
    assert not all_tags(tagged) & {"Solar farm", "Solar", "Farm"}
    # an alias too: the archive's own word for it, alone
    tagged = tags_by_file(SOLAR + HARBOUR, TagsConfig(aliases={"solar farm": "Solarpark", "farm": "Bauernhof"}))
    assert all(tagged[a.key] == ("Solarpark", "Council") for a in SOLAR)


def test_a_compound_noun_is_named_as_the_archive_writes_it() -> None:
    """"Bus lanes", which the archive only writes in the plural, is no "Bus lane"; "sewage works", written so
    eleven times, stays so beside one "sewage work"."""
    lanes = english("b", "City plans new bus lanes", "The new bus lanes will run along the river.",
                     "Drivers fear the bus lanes will slow traffic.")
    works = english("w", "Sewage works to be rebuilt", "The sewage works by the river will be rebuilt.",
                     "The sewage works dates from 1962. The sewage works serves ten villages.")
    works[0] = replace(works[0], body=(*works[0].body, Paragraph("The sewage work would start in May.")))
    tagged = tags_by_file(lanes + works + HARBOUR)
    assert all("Bus lanes" in tagged[a.key] for a in lanes)
    assert all("Sewage works" in tagged[a.key] for a in works)


def test_a_clause_or_a_repeated_headline_is_no_compound_topic() -> None:
    """"The pool remains closed" twice in each article made "Remains close"; a lead repeating its headline's
    first words ("Shoppers flock to …") made "Shoppers flock"; a plural and its verb, "Shares fell", "Prices
    rose", "Drivers face"."""
    closed = english("c", "Pool stays shut", "The swimming pool remains closed after a leak.",
                      "Repairs continue while the pool remains closed. The pool remains closed until May.")
    flock = english("m", "Shoppers flock to the new market", "Shoppers flock to the market every Saturday.",
                     "Traders sell fish and bread.")
    markets = english("s", "Markets slide again", "Shares fell on Monday and prices rose again.",
                       "Shares fell further as prices rose. Drivers face higher costs; drivers face delays.")
    tagged = tags_by_file(closed + flock + markets + HARBOUR * 2)
    assert not {tag for tag in all_tags(tagged) if " " in tag} - {"Swimming pool"}


def test_three_words_in_a_row_keep_the_article_in_a_topic() -> None:
    """"Offshore wind farm": "offshore wind" and "wind farm" share a word; an article naming the farm once
    more by its last two words stays with the others about the wind farm, and no article loses its topics."""
    farms = english("w", "Offshore wind farm approved", "The offshore wind farm will have forty turbines.",
                     "Fishermen fear the offshore wind farm. The wind farm opens in 2027.")
    tagged = tags_by_file(farms + HARBOUR)
    assert all("Wind farm" in tagged[a.key] for a in farms)
    assert not all_tags(tagged) & {"Wind", "Farm"}


def test_part_of_a_longer_run_of_words_is_no_compound_topic() -> None:
    """"Free school meals" made "Free school" (another kind of school) and "School meals"; "council tax bills"
    made "Tax bills" beside "Council tax", which other articles name on its own."""
    meals = english("f", "More pupils get free school meals", "Free school meals now reach 900 pupils.",
                     "Heads say free school meals help pupils learn. Free school meals cost the county more.")
    bills = english("b", "Households face higher bills", "Council tax bills will rise in April.",
                     "The council said council tax bills had to rise.", count=2)
    tax = english("t", "Council tax to rise", "The council tax will rise by five per cent.",
                   "Council tax pays for roads and schools.", count=2)
    tagged = tags_by_file(meals + bills + tax + HARBOUR)
    assert not all_tags(tagged) & {"Free school", "School meals", "Tax bills"}
    assert all("Council tax" in tagged[a.key] for a in bills + tax)


def test_a_compound_noun_leaves_its_word_to_the_articles_that_name_it_alone() -> None:
    """Four articles about a "bus lane" took the "Bus" topic from a fifth about bus services, which then was
    the only one left with it and lost it too."""
    lanes = english("l", "Bus lane opens", "The bus lane on the ring road opened on Monday.",
                     "Cyclists may use the bus lane. Taxis may not use the bus lane.", count=4)
    services = article("s.txt", "Rural bus services axed", "Five rural bus routes will end in May.",
                       "The county pays for fewer buses. A bus runs twice a day.", language="en")
    tagged = tags_by_file([*lanes, services, *HARBOUR * 2])
    assert all("Bus lane" in tagged[a.key] for a in lanes)
    assert "Bus" in tagged["s.txt"]


def test_an_ignored_compound_noun_leaves_its_words() -> None:
    """`ignore: [solar farm]` made the compound no topic, and took its words with it."""
    tagged = tags_by_file(SOLAR + HARBOUR, TagsConfig(ignore=("solar farm",)))
    assert all("Solar" in tagged[a.key] for a in SOLAR)
    assert "Solar farm" not in all_tags(tagged)


def test_a_compound_noun_leaves_a_german_articles_word_alone() -> None:
    """English articles about a "music festival" took "Festival" from the only other article naming one, in
    German, which then had too few for a topic: no article's tags in another language change."""
    music = english("m", "Music festival sells out", "The music festival on the common sold out.",
                     "Fans queued for the music festival overnight.")
    fest = [article("d.txt", "Festival am Rhein", "Das Festival am Rheinufer lockt Tausende.",
                    "Das Festival dauert drei Tage.")]
    tagged = tags_by_file(music + fest + HARBOUR * 2)
    assert all("Music festival" in tagged[a.key] for a in music)
    assert all("Festival" in tagged[a.key] for a in fest)


def test_a_name_written_like_a_compound_noun_stays_a_name() -> None:
    """"High Street" (a street's name) beside "the high street" (shops): the name kept its capitals and its
    articles."""
    street = english("n", "Roadworks on High Street", "Roadworks on High Street will last until May.",
                      "Buses avoid High Street. High Street traders were told in March.")
    shops = english("r", "Empty shops", "One shop in six on the high street stands empty.",
                     "Landlords on the high street cut rents.", count=2)
    tagged = tags_by_file(street + shops + HARBOUR * 2)
    assert all("High Street" in tagged[a.key] for a in street)
    assert "High street" not in all_tags(tagged)


def test_a_headline_verb_makes_no_compound_noun_but_a_verb_after_one_leaves_it() -> None:
    """"Drought hits", "Police warn", "Children play" are a subject and its verb; "the music festival draws …",
    "the music festival runs …" still name a music festival."""
    clauses = english("c", "Drought hits farms", "Drought hits farms again; police warn of fires.",
                       "Drought hits the valley. Police warn walkers. Children play in dry streams; children play on.")
    music = english("m", "Summer on the common", "The music festival draws thousands to the common.",
                     "The music festival runs for three days.")
    tagged = tags_by_file(clauses + music + HARBOUR * 2)
    assert not all_tags(tagged) & {"Drought hits", "Police warn", "Children play"}
    assert all("Music festival" in tagged[a.key] for a in music)


def test_an_english_name_keeps_its_common_word() -> None:
    """"New", "State", "News", "Times", "Major" are never topics on their own, and so they were dropped from the
    names they are part of: an article about New Zealand was tagged "Zealand", one about Fox News "Fox"."""
    names = ["New Zealand", "Islamic State", "Fox News", "Times Square", "John Major", "Big Ben"]
    groups = [english(f"g{n}-", f"A week of {name}", f"Reporters in {name} spoke on Tuesday as {name} made news.",
                      f"Critics of {name} said little. Observers of {name} agreed.") for n, name in enumerate(names)]
    tagged = tags_by_file([a for group in groups for a in group] + HARBOUR)
    for name, group in zip(names, groups, strict=True):
        assert all(name in tagged[a.key] for a in group), (name, tagged[group[0].key])
    assert not all_tags(tagged) & {"Zealand", "Islamic", "Fox", "Square", "John", "Major", "Big", "New", "State"}


def test_a_name_at_a_sentence_start_or_in_a_title_case_headline_keeps_its_common_word() -> None:
    """"New York saw …" at a sentence start and "New York Flooding Worsens" as a headline gave "York"."""
    york = english("y", "New York Flooding Worsens After Storm", "New York saw heavy rain on Monday.",
                    "New York streets flooded again. Officials in New York asked drivers to stay home.")
    tagged = tags_by_file(york + HARBOUR)
    assert all("New York" in tagged[a.key] for a in york)
    assert not all_tags(tagged) & {"York", "New"}


def test_common_english_words_alone_are_no_name() -> None:
    """A run of capitalised common words ("New Year", "Second Day") is no name: no topic comes of it."""
    party = english("p", "Fireworks at the harbour", "Crowds watched fireworks at the harbour on New Year.",
                     "The fireworks lit the harbour at New Year. Fireworks return on the Second Day.")
    tagged = tags_by_file(party + HARBOUR)
    assert all("Firework" in tagged[a.key] for a in party)
    assert not all_tags(tagged) & {"New Year", "New", "Year", "Second Day"}


def test_english_past_forms_superlatives_and_generic_adjectives_are_no_topics() -> None:
    """"Declare" (from "declared"), "Close" ("closed"), "Near", "Driest spring" and "Local residents" were
    topics; the things the articles are about stay ("Major incident" is one)."""
    spring = english("a", "Driest spring leaves reservoirs low", "The driest spring on record left reservoirs half full.",
                      "Farmers said the driest spring hurt the harvest. Local residents were asked to save water, "
                      "and local residents agreed.")
    leak = english("b", "Major incident declared after chemical leak",
                    "Police declared a major incident when a chemical leak spread near the depot.",
                    "The major incident ended at night. Roads near the depot closed, and roads closed again later.")
    biggest = english("c", "Biggest protest in years", "The biggest protest in years filled the square.",
                       "Organisers called it the biggest protest so far. Declared aims were met.")
    tagged = tags_by_file(spring + leak + biggest + HARBOUR)
    assert all("Reservoir" in tagged[a.key] for a in spring)
    assert all("Chemical leak" in tagged[a.key] and "Major incident" in tagged[a.key] for a in leak)
    assert all("Protest" in tagged[a.key] for a in biggest)
    assert not all_tags(tagged) & {"Declare", "Close", "Near", "Driest spring", "Local residents",
                                   "Biggest protest", "Biggest", "Driest", "Local", "Major"}


def test_a_participle_that_is_an_adjective_still_makes_a_compound_and_a_name_is_no_superlative() -> None:
    """"armed forces" stays one topic though "armed" is a past form; "Triest" (a city, which the dictionary reads
    as "try" + "-est") stays a name."""
    forces = english("f", "Armed forces day", "The armed forces parade passed the harbour.",
                      "Veterans of the armed forces marched. The armed forces band played.")
    trieste = english("t", "Ferries to Triest", "Ferries to Triest leave twice a week.",
                       "The port of Triest expects more ships. Travellers to Triest book early.")
    tagged = tags_by_file(forces + trieste + HARBOUR)
    assert all("Armed forces" in tagged[a.key] for a in forces)
    assert all("Triest" in tagged[a.key] for a in trieste)


def test_generic_english_words_are_no_topics_but_their_compounds_and_names_are() -> None:
    """"Hour" (from "waited twelve hours"), "Man" ("Kelby man jailed") and "Old" were topics; "opening hours"
    and "Old Town" are."""
    hours = english("o", "Shops extend opening hours", "Shops on the quay extend their opening hours in summer.",
                     "Longer opening hours start in June. Staff work extra hours.")
    court = english("k", "Kelby man jailed for arson", "A man from Kelby was jailed for arson at the harbour.",
                     "The man set fire to a shed. The judge said the man showed no remorse.")
    town = english("t", "Old Town market reopens", "The market in the Old Town reopened after repairs.",
                    "Traders in the Old Town welcomed the old stalls back. Old Town cafes were full.")
    tagged = tags_by_file(hours + court + town + HARBOUR)
    assert all("Opening hours" in tagged[a.key] for a in hours)
    assert all("Arson" in tagged[a.key] for a in court)
    assert all("Old Town" in tagged[a.key] for a in town)
    assert not all_tags(tagged) & {"Hour", "Man", "Old", "Jail", "Reopen"}


def test_a_name_opening_each_sentence_keeps_its_words() -> None:
    """Where an archive writes "Fox News" or "Formula One" only at the start of its sentences, the first word was
    split off as a common word ("Fox", "Formula"); a name that looks like a past form ("Lent", "lend") lost its
    mentions there."""
    fox = english("x", "Fox News settles defamation case", "Fox News agreed to pay a settlement on Tuesday.",
                   "Fox News did not comment. Lawyers for the plaintiff welcomed the settlement.")
    racing = english("r", "Formula One returns to the coast", "Formula One brings thousands of fans to the coast.",
                      "Formula One teams arrived on Thursday. Hotels near the circuit are full.")
    lent = english("l", "Lent begins at the abbey", "Lent starts with a service at the abbey on Wednesday.",
                    "The abbey marks Lent with a choir. Lent lasts forty days, and the parish fasts in Lent.")
    tagged = tags_by_file(fox + racing + lent + HARBOUR)
    assert all("Fox News" in tagged[a.key] for a in fox)
    assert all("Formula One" in tagged[a.key] for a in racing)
    assert all("Lent" in tagged[a.key] for a in lent)
    assert not all_tags(tagged) & {"Fox", "Formula"}


def test_a_common_word_before_a_place_at_a_sentence_start_leaves_the_place() -> None:
    """"New Kelby library opens" (a new library in Kelby) made a place "New Kelby" of two headlines and took
    their articles from Kelby, which the archive names on its own."""
    new = [article("n1.txt", "New Kelby library opens its doors", "New Kelby library opened on Monday in the square.",
                   "Readers in Kelby queued early. Kelby has waited ten years.", language="en"),
           article("n2.txt", "New Kelby bypass approved", "New Kelby bypass plans were approved by the council.",
                   "Lorries will avoid Kelby from 2027. Drivers in Kelby welcomed the news.", language="en")]
    kelby = english("k", "Kelby market day", "Traders in Kelby set up stalls at dawn.",
                     "The market in Kelby runs every Saturday. Visitors to Kelby filled the square.")
    tagged = tags_by_file(new + kelby + HARBOUR * 2)
    assert all("Kelby" in tagged[a.key] for a in new + kelby)
    assert "New Kelby" not in all_tags(tagged)


def test_a_compound_with_a_word_that_is_never_a_topic_alone_is_one() -> None:
    """"Opening hours" was no topic where other articles open things: it was held to be what most articles
    naming "open" are about, and "hour" is never a topic alone. "national park", "green belt" and "legal aid"
    are topics; "National", "Green", "Legal" are none, nor "Keep", "Open", "Cut"."""
    hours = english("o", "Libraries keep opening hours", "The libraries keep their opening hours this winter.",
                     "Shorter opening hours were dropped. Opening hours stay until nine.")
    others = [article(f"x{n}.txt", f"Bridge {n} opens", f"The bridge opened to traffic on Monday, {n} days late.",
                      "Shops near the bridge opened early. Cafes open at seven.", language="en") for n in range(12)]
    park = english("p", "Rangers in the national park", "Rangers in the national park warn of fires.",
                    "The national park closes two trails. Visitors to the national park must keep dogs on leads.")
    belt = english("g", "Homes on the green belt", "Plans for homes on the green belt were refused.",
                    "The green belt protects the valley. Builders want the green belt land.")
    aid = english("l", "Legal aid cuts", "Legal aid for tenants will be cut.",
                   "Lawyers say legal aid keeps families housed. The legal aid budget shrinks.")
    tagged = tags_by_file(hours + others + park + belt + aid + HARBOUR * 3)
    assert all("Opening hours" in tagged[a.key] for a in hours)
    assert all("National park" in tagged[a.key] for a in park)
    assert all("Green belt" in tagged[a.key] for a in belt)
    assert all("Legal aid" in tagged[a.key] for a in aid)
    # nor the headlines' verbs: "Libraries keep …", "Bridge opens", "… aid cuts"
    assert not all_tags(tagged) & {"Hour", "National", "Green", "Legal", "Keep", "Open", "Cut"}


def test_a_german_name_ending_in_a_common_noun_is_one_topic() -> None:
    """"Staat" and "Haus" are never topics alone, and so they were cut from the names they end: articles about
    the United States were tagged "Vereinigten", about the White House "Weißen" and "Weiße". "Staat Israel" is
    Israel."""
    usa = [article(f"u{n}.txt", f"Zölle aus den Vereinigten Staaten {n}",
                   "Die Vereinigten Staaten erheben neue Zölle auf Stahl.",
                   "In den Vereinigten Staaten steigen die Preise. Kanada prüft Gegenzölle.") for n in range(3)]
    house = [article(f"w{n}.txt", f"Treffen im Weißen Haus {n}", "Im Weißen Haus trafen sich die Minister.",
                     "Das Weiße Haus bestätigte das Treffen. Ein Weißes Haus ohne Presse gab es nie.") for n in range(3)]
    israel = [article(f"i{n}.txt", f"Wahl in Israel {n}", "Der Staat Israel wählt ein neues Parlament.",
                      "In Israel bleibt die Lage angespannt.") for n in range(3)]
    tagged = tags_by_file(usa + house + israel + HARBOUR * 2)
    assert all("Vereinigten Staaten" in tagged[a.key] for a in usa)
    # one topic for its cases, which the dictionary reads as "Weißer" and "Weiß"
    assert all(sum(tag.endswith(" Haus") for tag in tagged[a.key]) == 1 for a in house)
    assert all("Israel" in tagged[a.key] for a in israel)
    assert not all_tags(tagged) & {"Vereinigten", "Weißen", "Staat Israel", "Staat", "Haus"}


def test_a_genitive_before_a_common_noun_is_no_name_and_staats_is_no_genitive_of_a_name() -> None:
    """"Europas Staaten", "Afrikas Länder" are Europe's states, no name: they took Europa and Afrika's place.
    "des Islamischen Staats" is the Islamic State, not a genitive after a noun that leaves "Islamischen"."""
    africa = [article(f"a{n}.txt", f"Afrikas Länder fordern mehr {n}", "Afrikas Länder fordern mehr Hilfe.",
                      "Die Wirtschaft wächst.") for n in range(3)]
    state = [article(f"s{n}.txt", f"Anschlag im Irak {n}", "Kämpfer des Islamischen Staats griffen an.",
                     "Der Anschlag des Islamischen Staats forderte Tote.") for n in range(3)]
    tagged = tags_by_file(africa + state + HARBOUR * 2)
    assert all("Afrika" in tagged[a.key] for a in africa)
    assert not all_tags(tagged) & {"Afrikas Länder", "Islamischen", "Länder"}


def test_a_german_nouns_plural_and_another_nouns_genitive_stay_apart() -> None:
    """A German adjective's cases are one word ("Weiße", "Weißen"), but "Traumen" (of Trauma) and "Traumes" (of
    Traum) are two nouns, which that rule once made one topic, "Traum"."""
    trauma = [article(f"t{n}.txt", f"Trauma nach der Flut {n}", "Helfer berichten von Traumen der Betroffenen.",
                      "Ein Trauma heilt langsam. Das Trauma der Kinder beschäftigt die Schulen.") for n in range(3)]
    dream = [article(f"d{n}.txt", f"Der Traum vom Eigenheim {n}", "Der Traum vom eigenen Haus platzt für viele.",
                     "Das Ende des Traumes kam mit den Zinsen. Ein Traum bleibt teuer.") for n in range(3)]
    tagged = tags_by_file(trauma + dream + HARBOUR * 2)
    assert all("Trauma" in tagged[a.key] and "Traum" not in tagged[a.key] for a in trauma)
    assert all("Traum" in tagged[a.key] for a in dream)


def test_a_german_name_with_an_ordinal_or_neue_keeps_it() -> None:
    """"Zweiten", "Neuen", "Dritten" were stop words, cut from the names they start: "im Zweiten Weltkrieg" gave
    "Weltkrieg", "der Neuen Zürcher Zeitung" "Zürcher Zeitung", "der Dritten Welt" nothing."""
    war = [article(f"k{n}.txt", f"Erinnerung an den Zweiten Weltkrieg {n}", "Historiker sprachen über den Zweiten Weltkrieg.",
                   "Die Folgen des Zweiten Weltkriegs prägen die Stadt bis heute.") for n in range(3)]
    paper = [article(f"z{n}.txt", f"Interview in der Neuen Zürcher Zeitung {n}", "Der Minister sprach mit der Neuen "
                     "Zürcher Zeitung.", "Die Neue Zürcher Zeitung druckt das Gespräch am Samstag.") for n in range(3)]
    south = [article(f"s{n}.txt", f"Schulden der Dritten Welt {n}", "Länder der Dritten Welt fordern einen Erlass.",
                     "Die Gläubiger der Dritten Welt beraten im Mai.") for n in range(3)]
    tagged = tags_by_file(war + paper + south + HARBOUR * 2)
    assert all("Zweiten Weltkrieg" in tagged[a.key] for a in war)
    assert all("Neue Zürcher Zeitung" in tagged[a.key] for a in paper)
    assert all(any(tag.endswith("Welt") for tag in tagged[a.key]) for a in south)
    assert not all_tags(tagged) & {"Weltkrieg", "Zürcher Zeitung"}


def test_an_english_number_word_is_no_topic() -> None:
    """"Six" grouped "jailed for six years" with "the pool closes for six months"."""
    court = english("j", "Burglar jailed", "A burglar was jailed for six years on Monday.",
                    "The judge said six years was fair. He had stolen from six homes.")
    pool = english("p", "Pool closes for repairs", "The pool closes for six months of repairs.",
                   "Swimmers must wait six months. Twelve lanes will be rebuilt, twelve in all.")
    tagged = tags_by_file(court + pool + HARBOUR)
    assert not all_tags(tagged) & {"Six", "Twelve"}
    assert all("Pool" in tagged[a.key] for a in pool)


def test_a_common_noun_ending_a_name_on_the_same_article_gives_way_to_it() -> None:
    """"Council" stood beside "Ashbridge City Council" on every article naming the council: the name says it."""
    council = english("c", "Council sets budget", "Ashbridge City Council approved its budget on Monday.",
                      "The council said bins will be emptied weekly. The council leader, Tom Hendry, defended the plan.",
                      "Tom Hendry said the city council had no choice.")
    tagged = tags_by_file(council + HARBOUR * 2)
    assert all("Ashbridge City Council" in tagged[a.key] and "Council" not in tagged[a.key] for a in council)
    # A name's last word that is a name too stays: "Velsburg" beside "Stadtwerke Velsburg" (see above), and so
    # does a compound's head, "Festival" beside "Music festival".


def test_a_datelines_capitals_and_generic_english_words_make_no_topic_names() -> None:
    """"SPRINGFIELD, Ohio —" named the topic of every article on Springfield in capitals; "Hire" (from "hire 40
    teachers") and "Club" were topics."""
    town = [article(f"s{n}.txt", f"Springfield approves garage {n}",
                    f"SPRINGFIELD, Ohio — The city of Springfield approved a parking garage on day {n}.",
                    "Springfield residents welcomed it. Springfield will pay half, and Springfield expects income.",
                    language="en") for n in range(3)]
    schools = english("t", "Schools hire teachers", "Schools will hire forty teachers this year.",
                      "The club of head teachers said schools must hire more. Hiring starts in May; the club agreed.")
    tagged = tags_by_file(town + schools + HARBOUR * 2)
    assert all("Springfield" in tagged[a.key] for a in town)
    assert not all_tags(tagged) & {"SPRINGFIELD", "Hire", "Club"}
