"""Page paths and internal links: related headlines that name an archive article link to its page."""

from __future__ import annotations

import random
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from generator.link import (
    MAX_SLUG,
    assign_paths,
    freed_path_moves_nothing,
    headline_texts,
    headlines_of,
    link_articles,
    link_related,
    make_slug,
    near_headlines,
    retitled_path,
)
from generator.model import Article, Figure, Image, Paragraph, Related, Source
from generator.textnorm import fold

from .test_parse import expected_for, fixture_names, parse, parse_fixtures


def article(title: str, name: str, when: date = date(2024, 5, 1), related: tuple[str, ...] = (),
            body: tuple[Paragraph | Figure, ...] = ()) -> Article:
    return Article(title=title, date=when, date_precision="day", language="de", source=Source(file=name),
                   body=body, related=tuple(Related(r) for r in related))


def linked(*articles: Article) -> dict[str, Article]:
    return {a.source.file: a for a in link_related(assign_paths(articles))}


# ---------------------------------------------------------------------------
# Slugs and paths


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Größere Fähre für Übersee", "groessere-faehre-fuer-uebersee"),
        ("Straße „Am Kai“ – gesperrt!", "strasse-am-kai-gesperrt"),
        ("Ferry operators warn of cuts", "ferry-operators-warn-of-cuts"),
        ("Светлогорье получит новый мост", "svetlogore-poluchit-novyi-most"),
        ("!!! ???", ""),
    ],
)
def test_make_slug(title: str, slug: str) -> None:
    assert make_slug(title) == slug


def test_slugs_stay_when_unidecode_is_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages keep their addresses when another program installs Unidecode, which python-slugify would
    otherwise prefer: slugs come from text-unidecode either way."""
    (tmp_path / "unidecode.py").write_text("def unidecode(text):\n    return 'other'\n", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    assert make_slug("Светлогорье получит новый мост") == "svetlogore-poluchit-novyi-most"
    assert make_slug("Café am Kai") == "cafe-am-kai"


def test_slugs_are_cut_at_a_word() -> None:
    full = "-".join(["sehr-langer-titel"] * 20)
    slug = make_slug("Sehr langer Titel " * 20)
    assert 0 < len(slug) <= MAX_SLUG
    assert full.startswith(slug + "-"), "cut between two words"


def test_paths_are_per_year_unique_and_independent_of_input_order() -> None:
    articles = [
        article("Hafenfest zieht Besucher an", "001_aaaaaaaaaaaaaaaa.txt", date(2024, 6, 1)),
        article("Hafenfest zieht Besucher an", "002_bbbbbbbbbbbbbbbb.txt", date(2024, 7, 1)),
        article("HAFENFEST zieht Besucher an!", "003_cccccccccccccccc.txt", date(2024, 8, 1)),
        article("Hafenfest zieht Besucher an", "004_dddddddddddddddd.txt", date(2023, 6, 1)),
        replace(article("!!!", "005_eeeeeeeeeeeeeeee.txt"), source=Source("005_eeeeeeeeeeeeeeee.txt", "eeeeeeeeeeeeeeee")),
    ]
    expected = {
        "001_aaaaaaaaaaaaaaaa.txt": "articles/2024/hafenfest-zieht-besucher-an.md",
        "002_bbbbbbbbbbbbbbbb.txt": "articles/2024/hafenfest-zieht-besucher-an-2.md",
        "003_cccccccccccccccc.txt": "articles/2024/hafenfest-zieht-besucher-an-3.md",
        "004_dddddddddddddddd.txt": "articles/2023/hafenfest-zieht-besucher-an.md",
        "005_eeeeeeeeeeeeeeee.txt": "articles/2024/article-eeeeeeeeeeeeeeee.md",
    }
    for seed in range(5):
        shuffled = articles[:]
        random.Random(seed).shuffle(shuffled)
        result = assign_paths(shuffled)
        assert [a.source.file for a in result] == [a.source.file for a in shuffled], "input order is kept"
        assert {a.source.file: a.path for a in result} == expected


# ---------------------------------------------------------------------------
# Linking, on the fixture archive


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_related_headlines_link_to_the_expected_pages(name: str) -> None:
    articles = {a.source.file: a for a in link_related(assign_paths(parse_fixtures()))}
    paths = {file: a.path for file, a in articles.items()}
    expected = expected_for(name)["links"]
    got = {item.title: item.url for item in articles[name].related}
    assert got == {title: paths[target] if target else None for title, target in expected.items()}


def test_fixture_links_are_exact_folded_and_near_matches() -> None:
    articles = {a.source.file: a for a in link_related(assign_paths(parse_fixtures()))}
    library = articles["004_9f8e7d6c5b4a3928.txt"].path
    council = articles["001_5e2a9c0d7b31f468.txt"]
    # 001 → 004: the exact title; 004 → 001: straight quotes for „“;
    # 001 → 005: quotes missing and one letter short ("Rekordtief" for "Rekordtiefe"); 001 → nothing: not archived.
    assert council.related[0] == Related("Falkenried eröffnet neue Stadtbibliothek", library, language="de")
    assert articles["004_9f8e7d6c5b4a3928.txt"].related[0].url == council.path
    assert council.related[2].url == articles["005_3c4d5e6f7a8b9c0d.txt"].path
    assert council.related[1].url is None


# ---------------------------------------------------------------------------
# Linking, rule by rule

TARGET = "Stadt kauft das alte „Zollhaus“ am Kai – für 1,4 Millionen"


@pytest.mark.parametrize(
    "headline",
    [
        TARGET,
        'Stadt kauft das alte "Zollhaus" am Kai - für 1,4 Millionen',
        "stadt kauft das alte «zollhaus» am kai — für 1,4 millionen",
        "Stadt  kauft das alte Zollhaus am Kai – für 1,4 Millionen.",
        "Stadt kauft das alte „Zollhaus“ am Kai – für 1,5 Millionen",
        "Stadt kauft das alte „Zolhaus“ am Kai – für 1,4 Millionen",
    ],
)
def test_a_headline_links_when_it_matches_a_title_exactly_folded_or_nearly(headline: str) -> None:
    result = linked(article(TARGET, "001.txt"), article("Hafenfest zieht Besucher an", "002.txt", related=(headline,)))
    assert result["002.txt"].related == (Related(headline, result["001.txt"].path, language="de"),)


@pytest.mark.parametrize(
    "headline",
    [
        "Stadt verkauft das neue Rathaus am Markt – für 2 Millionen",
        "Land kauft das alte Zollamt am Deich",
        "Zollhaus",
    ],
)
def test_an_unrelated_headline_does_not_link(headline: str) -> None:
    result = linked(article(TARGET, "001.txt"), article("Hafenfest zieht Besucher an", "002.txt", related=(headline,)))
    assert result["002.txt"].related == (Related(headline),)


def test_an_article_never_links_to_itself_and_each_target_is_listed_once() -> None:
    result = linked(
        article(TARGET, "001.txt", related=(TARGET, "Hafenfest zieht Besucher an")),
        article("Hafenfest zieht Besucher an", "002.txt",
                related=(TARGET, 'Stadt kauft das alte "Zollhaus" am Kai - für 1,4 Millionen', "Unbekannt")),
    )
    first, second = result["001.txt"], result["002.txt"]
    assert first.related == (Related("Hafenfest zieht Besucher an", second.path, language="de"),)
    assert second.related == (Related(TARGET, first.path, language="de"), Related("Unbekannt"))


def test_a_headline_the_archive_holds_carries_that_articles_language() -> None:
    """Its text is (nearly) that article's title: a screen reader read a Russian headline under an English
    article as English."""
    port = replace(article("Порт Вельсбурга растёт", "001.txt"), language="ru")
    report = replace(article("Port keeps growing", "002.txt", related=("Порт Вельсбурга растёт", "Unknown")),
                     language="en")
    result = linked(port, report)
    assert result["002.txt"].related == (Related("Порт Вельсбурга растёт", result["001.txt"].path, language="ru"),
                                         Related("Unknown"))


def test_a_body_figure_showing_another_article_becomes_a_related_link() -> None:
    teaser = Figure(Image("https://img.example/2024.07/zollhaus.jpg", 'Stadt kauft das alte "Zollhaus" am Kai'))
    photo = Figure(Image("https://img.example/2024.06/fest.jpg", "Besucher am Kai beim Hafenfest"))
    text = Paragraph("Das Hafenfest zog am Wochenende viele Besucher an.")
    result = linked(
        article("Stadt kauft das alte „Zollhaus“ am Kai", "001.txt"),
        article("Hafenfest zieht Besucher an", "002.txt", body=(text, teaser, photo)),
    )
    assert result["002.txt"].body == (text, photo)
    assert result["002.txt"].related == (Related('Stadt kauft das alte "Zollhaus" am Kai', result["001.txt"].path, language="de"),)


def test_linking_parsed_articles_end_to_end() -> None:
    zollhaus = parse("""
        Stadt kauft das alte „Zollhaus“ am Kai
        ![Stadt kauft das alte „Zollhaus“ am Kai](https://img.example/2024.07/zollhaus.jpg)
        Die Stadt hat das leerstehende Zollhaus am Kai für 1,4 Millionen Euro gekauft.
    """, name="001_aaaaaaaaaaaaaaaa.txt")
    fest = parse("""
        ![Stadt kauft das alte "Zollhaus" am Kai](https://img.example/2024.07/thumb/zollhaus.jpg)
        Hafenfest zieht 80.000 Besucher an
        ![Hafenfest zieht 80.000 Besucher an](https://img.example/2024.06/fest.jpg)
        Das Hafenfest zog am Wochenende 80.000 Besucher an.
        ![Stadt kauft das alte "Zollhaus" am Kai](https://img.example/2024.07/thumb/zollhaus.jpg)
        ![Stadt kauft das alte "Zollhaus" am Kai](https://img.example/2024.07/thumb/zollhaus.jpg)
        Mehr zum Thema – Stadt kauft das alte Zollhaus am Kay
        Mehr zum Thema – Neue Buslinie verbindet Nord und Süd
    """, name="002_bbbbbbbbbbbbbbbb.txt")
    result = linked(zollhaus, fest)
    assert result["002_bbbbbbbbbbbbbbbb.txt"].related == (
        Related('Stadt kauft das alte "Zollhaus" am Kai', "articles/2024/stadt-kauft-das-alte-zollhaus-am-kai.md", language="de"),
        Related("Neue Buslinie verbindet Nord und Süd"),
    )


def test_link_articles_is_assign_paths_then_link_related(tmp_path: Path) -> None:
    articles = parse_fixtures()
    expected = link_related(assign_paths(articles))
    assert link_articles(articles) == expected
    assert link_articles(articles, tmp_path / "slugs.pickle") == expected
    assert link_articles(expected, tmp_path / "slugs.pickle") == expected, "linking twice changes nothing"


# ---------------------------------------------------------------------------
# A title changed: what a patched run may take for granted (generator.patch)

WORDS = ["Hafen", "Rat", "Hafen 2", "Rat-2", "Kai", "–"]  # "–": no slug, a numbered "article-untitled"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([2023, 2024])), min_size=1, max_size=8),
       st.integers(0, 7), st.sampled_from(WORDS))
@example(rows=[("Hafen", 2023), ("Hafen 2", 2023), ("Hafen", 2023)], which=1, title="Rat")  # hafen-3 → hafen-2
def test_a_retitled_path_is_the_path_a_whole_run_gives_and_moves_no_other_page(
        rows: list[tuple[str, int]], which: int, title: str) -> None:
    """Titles from a few words, so that slugs collide (``hafen``, ``hafen-2`` from two titles)."""
    archive = [article(t, f"{n:02d}.txt", date(year, 5, 1)) for n, (t, year) in enumerate(rows)]
    before = assign_paths(archive)
    changed = replace(before[which % len(before)], title=title)
    after = assign_paths([changed if a.key == changed.key else a for a in before])
    path = retitled_path(before[which % len(before)], changed, [a.path or "" for a in before if a.key != changed.key])
    if path is not None:
        assert [a.path for a in after] == [path if a.key == changed.key else a.path for a in before]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([2023, 2024])), min_size=1, max_size=8),
       st.integers(0, 7), st.sampled_from([*WORDS, None]))
def test_a_new_or_removed_page_that_moves_nothing_leaves_the_paths_a_whole_run_gives(
        rows: list[tuple[str, int]], which: int, title: str | None) -> None:
    """An article removed (``title`` None) or added with ``title``: when the checks say no other page
    moves, the other pages keep their paths, and a new one gets the path they give."""
    archive = assign_paths([article(t, f"{n:02d}.txt", date(year, 5, 1)) for n, (t, year) in enumerate(rows)])
    if title is None:
        gone = archive[which % len(archive)]
        rest = [a for a in archive if a.key != gone.key]
        if freed_path_moves_nothing(gone.path or "", [a.path or "" for a in rest]):
            assert [a.path for a in assign_paths(rest)] == [a.path for a in rest]
        return
    new = article(title, f"{which:02d}a.txt", date(2024, 5, 1))  # its key sorts among the others'
    path = retitled_path(None, new, [a.path or "" for a in archive])
    if path is not None:
        assert [a.path for a in assign_paths([*archive, new])] == [*(a.path for a in archive), path]


def test_a_title_taken_in_its_year_or_renumbering_another_is_not_retitled_in_place() -> None:
    harbour, council, next_year = assign_paths([article("Hafen", "01.txt"), article("Rat", "02.txt"),
                                                article("Kai", "03.txt", date(2025, 1, 1))])
    others = [council.path or "", next_year.path or ""]
    assert retitled_path(harbour, replace(harbour, title="Hafenfest"), others) == "articles/2024/hafenfest.md"
    assert retitled_path(harbour, replace(harbour, title="Kai"), others) == "articles/2024/kai.md"
    assert retitled_path(harbour, replace(harbour, title="Rat"), others) is None
    assert retitled_path(harbour, replace(harbour, title="Hafenfest"), [*others, "articles/2024/hafen-2.md"]) is None


def test_a_new_or_removed_page_moves_nothing_only_where_no_other_page_of_its_year_shares_its_slug() -> None:
    """The properties above hold whatever the checks answer; here they let the common cases through."""
    harbour, numbered, council = assign_paths([article("Hafen", "01.txt"), article("Hafen", "02.txt"),
                                               article("Rat", "03.txt")])
    assert numbered.path == "articles/2024/hafen-2.md"
    paths = [a.path or "" for a in (harbour, numbered, council)]
    assert retitled_path(None, article("Kai", "04.txt"), paths) == "articles/2024/kai.md"
    assert retitled_path(None, article("Kai", "04.txt", date(2023, 1, 1)), paths) == "articles/2023/kai.md"
    assert retitled_path(None, article("Hafen", "00.txt"), paths) is None  # it would take hafen.md
    assert freed_path_moves_nothing(council.path or "", paths[:2])
    assert not freed_path_moves_nothing(harbour.path or "", paths[1:])  # hafen-2 would become hafen
    assert not freed_path_moves_nothing(numbered.path or "", [paths[0], paths[2]])  # a numbered slug: to be safe


HEADLINES = [TARGET, 'Stadt kauft das alte "Zollhaus" am Kai', "Stadt kauft das alte Zollhaus", "Hafenfest zieht Besucher an",
             "Hafenfest zog Besucher an", "Markt am Kai", "Markt am Kai."]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(HEADLINES), st.sets(st.sampled_from(HEADLINES), max_size=3),
                          st.sets(st.sampled_from(HEADLINES), max_size=2)), min_size=2, max_size=6),
       st.integers(0, 5), st.sampled_from(HEADLINES))
def test_after_a_title_changed_only_articles_with_a_headline_near_it_link_otherwise(
        rows: list[tuple[str, set[str], set[str]]], which: int, title: str) -> None:
    """Headlines as related lines and as teaser figures' captions, titles from the same few: every article
    that links otherwise has a headline near the old or the new title, so a patched run, which looks
    among those, misses none (the precision is ``test_headlines_are_related_lines_and_figure_captions``')."""
    archive = [article(t, f"{n:02d}.txt", related=tuple(sorted(related)),
                       body=tuple(Figure(Image(f"https://img.example/{n}/{m}.jpg", alt)) for m, alt in
                                  enumerate(sorted(figures))))
               for n, (t, related, figures) in enumerate(rows)]
    changed = archive[which % len(archive)]
    before = linked(*archive)
    after = linked(*(replace(a, title=title) if a is changed else a for a in archive))
    headlines = list(dict.fromkeys(h for a in archive for h in headline_texts(headlines_of(a))))
    near = near_headlines([changed.title, title], headlines, fold)
    for a in archive:
        if a is not changed and (before[a.key].related, before[a.key].body) != (after[a.key].related, after[a.key].body):
            assert not near.isdisjoint(headline_texts(headlines_of(a))), a.key


def test_headlines_are_related_lines_and_figure_captions() -> None:
    photo = Figure(Image("https://img.example/2024.06/fest.jpg", "Besucher am Kai beim Hafenfest"))
    untitled = Figure(Image("https://img.example/2024.06/kai.jpg", ""))
    fest = article("Hafenfest zieht Besucher an", "002.txt", related=(TARGET,),
                   body=(Paragraph("Das Hafenfest zog viele Besucher an."), photo, untitled))
    assert list(headline_texts(headlines_of(fest))) == [TARGET, "Besucher am Kai beim Hafenfest"]
    assert near_headlines(['Stadt kauft das alte "Zollhaus" am Kai - für 1,4 Millionen'],
                          [TARGET, "Besucher am Kai beim Hafenfest"], fold) == {TARGET}
