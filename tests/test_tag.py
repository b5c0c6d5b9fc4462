"""Topic tags: front matter, keyword rules, automatic names and terms, and related articles.

Each test builds a tiny archive of readable articles and checks the tags a reader would see.
"""

from __future__ import annotations

import math
import tempfile
from collections import defaultdict
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import TagsConfig
from generator.model import Article, Paragraph, Source
from generator.tag import related_in_archive, tag_articles


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


def test_rules_in_title_and_lead_rank_before_rules_deep_in_the_body() -> None:
    text = article("r.txt", "Hochwasser in der Altstadt", "Der Pegel steigt weiter.",
                   "Die Feuerwehr pumpt Keller leer.", "Auch der Bahnverkehr ist gestört, ein Streik droht.")
    rules = {"Bahn": ("Streik", "Bahnverkehr"), "Hochwasser": ("Hochwasser", "Pegel")}
    assert tags_by_file([text], TagsConfig(rules=rules, auto=False))["r.txt"] == ("Hochwasser", "Bahn")


def test_front_matter_then_rules_then_automatic_topics() -> None:
    articles = [
        article("m1.md", "Hafen", markdown="Viktor Orbán sprach über den Hafen. Orbán lobte ihn.", tags=("Notiz",)),
        *ORBAN,
    ]
    tagged = tags_by_file(articles, TagsConfig(rules={"Hafenwirtschaft": ("Hafen",)}))
    assert tagged["m1.md"][:3] == ("Notiz", "Hafenwirtschaft", "Viktor Orbán")


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


# ---------------------------------------------------------------------------
# Related articles


def with_tags(file: str, day: int, *tags: str) -> Article:
    return article(file, file, "Text.", day=day, tags=tags)


def test_related_rare_shared_tag_beats_common_shared_tag() -> None:
    archive = [
        with_tags("a", 10, "Hafen", "Orbán"),
        with_tags("b", 11, "Hafen"),  # shares the common tag only, and is closer in time
        with_tags("c", 20, "Orbán"),  # shares the rare tag
        with_tags("d", 12, "Hafen"),
        with_tags("e", 13, "Hafen"),
        with_tags("f", 14, "Wetter"),
    ]
    related = related_in_archive(archive)
    assert related["a"][:2] == ("c", "b")
    assert related["f"] == ()
    assert "a" not in related["a"]


_TOPICS = ("Hafen", "Wetter", "Orbán", "Deich", "Wahl")


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 23), st.integers(0, 28), st.sets(st.sampled_from(_TOPICS), max_size=3)),
                min_size=1, max_size=12))
def test_related_after_tag_and_date_edits_is_what_a_fresh_pass_gives(edits: list[tuple[int, int, set[str]]]) -> None:
    """The cache works out again only the articles sharing a tag that a changed article gained or lost
    (any of its tags, old and new, after a new date)."""
    archive = [with_tags(f"{n:02d}", 1 + n % 27, *_TOPICS[n % 5: n % 5 + 1 + n % 3]) for n in range(24)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "related.pickle"
        assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)
        for n, day, tags in edits:  # one article's date (0: as it was) and tags at a time, as an edit changes them
            when = date(2024, 3, day) if day else archive[n].date
            archive[n] = replace(archive[n], date=when, tags=tuple(sorted(tags)))
            assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)


_MANY_TOPICS = tuple(f"Thema {c}" for c in "ABCDEFGHIJKL")


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.integers(0, 40), st.integers(1, 28),
                          st.sets(st.sampled_from(_MANY_TOPICS), max_size=2)), min_size=1, max_size=12))
def test_related_after_articles_added_and_removed_is_what_a_fresh_pass_gives(
        edits: list[tuple[bool, int, int, set[str]]]) -> None:
    """An archive that grows or shrinks by an article at a time: while the scale of rarity stays (16 to
    31 articles), the cache works out again only the articles the added or removed one's tags reach;
    from 32 on, everything once."""
    archive = [with_tags(f"{n:02d}", 1 + n % 27, *{_MANY_TOPICS[n % 12], _MANY_TOPICS[n * 7 % 11]})
               for n in range(30)]
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder) / "related.pickle"
        assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)
        for add, n, day, tags in edits:
            if add:
                archive.append(with_tags(f"n{n:02d}-{len(archive)}", day, *sorted(tags)))
            elif archive:
                del archive[n % len(archive)]
            assert related_in_archive(archive, 3, cache) == related_in_archive(archive, 3)


def test_related_ranks_everything_again_when_the_archive_passes_a_power_of_two(tmp_path: Path) -> None:
    """Two shared tags on 9 articles each against one on 2: log(32/9) * 2 < log(32/2) among 31
    articles, log(64/9) * 2 > log(64/2) among 32. The article added shares no tag with "a", yet its
    most related article changes, from the cache as in a fresh pass."""
    archive = [with_tags("a", 10, "X", "Y", "Z"), with_tags("b1", 10, "X"), with_tags("b2", 10, "Y", "Z"),
               *(with_tags(f"y{n}", 12, "Y") for n in range(7)), *(with_tags(f"z{n}", 12, "Z") for n in range(7)),
               *(with_tags(f"w{n:02d}", 14, "W") for n in range(14))]
    cache = tmp_path / "related.pickle"
    assert related_in_archive(archive, 1, cache)["a"] == ("b1",)
    grown = [*archive, with_tags("w-new", 14, "W")]
    assert related_in_archive(grown, 1, cache)["a"] == ("b2",) == related_in_archive(grown, 1)["a"]


def test_related_tie_goes_to_the_nearest_date_then_the_key() -> None:
    archive = [with_tags("a", 10, "Hafen"), with_tags("far", 1, "Hafen"), with_tags("near", 12, "Hafen"),
               with_tags("near2", 8, "Hafen"), with_tags("other", 11, "Wetter")]
    assert related_in_archive(archive)["a"] == ("near", "near2", "far")
    assert related_in_archive(archive, limit=1)["a"] == ("near",)


def test_related_equal_scores_from_different_tags_tie_and_go_by_date() -> None:
    """Seven articles: "a" shares tags on 2 and 6 articles with "p", tags on 3 and 4 with "q". The
    scores are equal, log(8/2) + log(8/6) = log(8/3) + log(8/4), but summed in floating point the
    second comes out larger in the last bit; as a tie, the nearer date puts "p" first."""
    archive = [
        with_tags("a", 10, "Deich", "Hafen", "Wahl", "Wetter"),
        with_tags("p", 11, "Deich", "Hafen"),  # Deich: 2 articles, Hafen: 6
        with_tags("q", 14, "Wahl", "Wetter"),  # Wahl: 3, Wetter: 4
        with_tags("r1", 20, "Hafen", "Wahl", "Wetter"),
        with_tags("r2", 5, "Hafen", "Wetter"),
        with_tags("r3", 12, "Hafen"),
        with_tags("r4", 13, "Hafen"),
    ]
    assert math.log(8 / 2) + math.log(8 / 6) != math.log(8 / 3) + math.log(8 / 4)
    assert related_in_archive(archive)["a"] == ("r1", "p", "q", "r2", "r3")


@pytest.mark.parametrize("limit", [0, 2])
def test_related_respects_the_limit(limit: int) -> None:
    archive = [with_tags(name, n, "Hafen") for n, name in enumerate("abcdef", 1)]
    assert all(len(keys) == limit for keys in related_in_archive(archive, limit).values())


def reference_related(articles: list[Article], limit: int) -> dict[str, tuple[str, ...]]:
    """The ranking spelled out: every pair that shares a tag, scored by the shared tags' rarity."""
    members = defaultdict(set)
    for a in articles:
        for tag in a.tags:
            members[tag].add(a.key)
    scale = 2 ** math.ceil(math.log2(len(articles) + 1))  # N + 1 rounded up to a power of two
    weight = {tag: math.log(scale / len(keys)) for tag, keys in members.items()}
    result = {}
    for a in articles:
        scores = {b: sum(weight[t] for t in set(a.tags) & set(b.tags)) for b in articles
                  if b.key != a.key and set(a.tags) & set(b.tags)}
        ranked = sorted(scores, key=lambda b: (-round(scores[b], 9), abs((b.date - a.date).days), b.key))
        result[a.key] = tuple(b.key for b in ranked)[:limit]
    return result


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 6), st.sets(st.sampled_from("ABCDEFG"), max_size=4)), max_size=25),
       st.integers(0, 6))
def test_related_matches_the_ranking_spelled_out(rows: list[tuple[int, set[str]]], limit: int) -> None:
    archive = [with_tags(f"k{n:02d}", day, *sorted(tags)) for n, (day, tags) in enumerate(rows)]
    assert related_in_archive(archive, limit) == reference_related(archive, limit)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 9), st.sets(st.sampled_from("ABC"), max_size=2)), min_size=20, max_size=60),
       st.integers(1, 6))
def test_related_in_large_groups_matches_the_ranking_spelled_out(rows: list[tuple[int, set[str]]], limit: int) -> None:
    """Many articles share each tag (dozens in a group, many on one day): a group is ordered by date
    a day at a time, where a few would be sorted at once."""
    archive = [with_tags(f"k{n:02d}", day, *sorted(tags)) for n, (day, tags) in enumerate(rows)]
    assert related_in_archive(archive, limit) == reference_related(archive, limit)


@pytest.mark.parametrize("shared", [False, True])
def test_related_in_a_wide_archive_matches_the_ranking_spelled_out(shared: bool, monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    """150 articles on three days, a tag on up to a hundred of them and long answers: the set bits of a
    day's group are read off in one pass past the first few dozen. ``shared``: ranked by worker
    processes, half each, as in a large archive."""
    if shared:
        monkeypatch.setattr("generator.tag._SHARED_WORK", 1)
    archive = [with_tags(f"k{n:03d}", 1 + n * 7 % 3, *("ABC"[: 1 + n % 3]), *("D" if n % 5 == 0 else ""))
               for n in range(150)]
    assert related_in_archive(archive, 120) == reference_related(archive, 120)


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
