"""Publisher boilerplate: configured prefixes and regexes, plus paragraphs repeated across the archive."""

from __future__ import annotations

import random
import re
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import pytest

from generator.boilerplate import (
    _SEARCHED_ONE_BY_ONE,
    HEAD,
    ParagraphKeys,
    _digests,
    _heads,
    paragraph_keys,
    remove_boilerplate,
)
from generator.config import BoilerplateConfig, RegexPattern
from generator.model import Article, Figure, Image, Paragraph
from generator.textnorm import fold

from .test_parse import expected_for, fixture_names, parse, parse_fixtures

KURIER = "Der Falkenrieder Kurier finanziert sich ausschließlich über Abonnements seiner Leserinnen und Leser."
HERALD = "The Bay Herald is funded by its readers. Subscribe to support local journalism."


def article(name: str, *paragraphs: str) -> Article:
    lines = "\n".join(paragraphs)
    return parse(f"Meldung {name} aus Falkenried\n{lines}", name=f"{name}.txt")


# ---------------------------------------------------------------------------
# Corpus-level repeats, on the fixture archive


def test_a_paragraph_in_three_fixture_articles_is_removed_from_all_three() -> None:
    parsed = parse_fixtures()
    cleaned, report = remove_boilerplate(parsed, BoilerplateConfig())
    by_name = dict(zip(fixture_names(), cleaned, strict=True))
    having = [name for name, a in zip(fixture_names(), parsed, strict=True) if KURIER in a.paragraphs]
    assert len(having) == 3
    for name in having:
        assert KURIER not in by_name[name].paragraphs
        assert by_name[name].removed == (KURIER,)
    assert report.removed_total == 3
    assert report.most_common[0] == (KURIER, 3)


@pytest.mark.parametrize("name", fixture_names())
def test_fixture_removed_paragraphs_are_as_expected(name: str) -> None:
    cleaned, _ = remove_boilerplate(parse_fixtures(), BoilerplateConfig())
    result = dict(zip(fixture_names(), cleaned, strict=True))[name]
    expected = expected_for(name)
    assert list(result.removed) == expected["removed"]
    kept = [block for block in expected["body"] if block not in expected["removed"]]
    assert [b.text if isinstance(b, Paragraph) else {"figure": b.image.url, "alt": b.image.alt}
            for b in result.body] == kept


def test_a_paragraph_in_only_two_articles_stays() -> None:
    parsed = parse_fixtures()
    assert sum(HERALD in a.paragraphs for a in parsed) == 2
    cleaned, _ = remove_boilerplate(parsed, BoilerplateConfig())
    assert sum(HERALD in a.paragraphs for a in cleaned) == 2
    assert all(HERALD not in a.removed for a in cleaned)


# ---------------------------------------------------------------------------
# Corpus-level repeats, rule by rule


def test_repeats_are_compared_folded_and_each_article_lists_its_own_wording() -> None:
    variants = [
        "Unterstützen Sie den „Kurier“ – jetzt abonnieren!",
        'unterstützen sie den "Kurier" - jetzt   abonnieren!',
        "UNTERSTÜTZEN SIE DEN «KURIER» — JETZT ABONNIEREN!",
    ]
    articles = [article(f"00{i}", f"Ein eigener Absatz über etwas anderes, Nummer {i}.", text)
                for i, text in enumerate(variants)]
    cleaned, _ = remove_boilerplate(articles, BoilerplateConfig())
    for result, text in zip(cleaned, variants, strict=True):
        assert result.removed == (text,)
        assert len(result.paragraphs) == 1


def test_repeats_within_one_article_count_once() -> None:
    same = "Dieser Absatz steht dreimal im selben Artikel."
    articles = [article("001", same, same, same), article("002", "Etwas anderes."), article("003", same)]
    cleaned, report = remove_boilerplate(articles, BoilerplateConfig())
    assert cleaned == articles
    assert report.removed_total == 0


def test_an_agency_report_under_several_headlines_keeps_its_text() -> None:
    """The same report under three headlines: every paragraph of each is in three articles. Removed as
    boilerplate, each page showed a headline over nothing and search found none of its words. A configured
    pattern still removes what it matches."""
    report = ("Ein Orkan hat in der Nacht an der Küste Dächer abgedeckt und Bäume entwurzelt.",
              "Der Wetterdienst warnt für Donnerstag vor weiteren Böen bis 120 Kilometern pro Stunde.",
              "Verletzt wurde nach Angaben der Polizei niemand; mehrere Straßen bleiben bis zum Abend gesperrt.",
              "Agenturmeldung, alle Rechte vorbehalten.")
    articles = [article(f"00{i}", *report) for i in range(3)]
    cleaned, summary = remove_boilerplate(articles, BoilerplateConfig(patterns=("Agenturmeldung",)))
    for result in cleaned:
        assert result.paragraphs == report[:3]
        assert result.removed == report[3:]
        assert result.warnings == ("all its text is in other articles too (an agency's report?): kept as its text, "
                                   "not as boilerplate",)
    assert summary.removed_total == 3
    # An article with text of its own loses the repeated paragraphs as before.
    more = [*articles, article("004", "Ein eigener Bericht über den Orkan in Falkenried.", *report[1:3])]
    assert remove_boilerplate(more, BoilerplateConfig())[0][3].paragraphs == \
        ("Ein eigener Bericht über den Orkan in Falkenried.",)


def test_a_credit_or_source_line_of_its_own_does_not_make_a_report_boilerplate() -> None:
    """Each copy of the report with a picture's credit or a source line of its own: that line was the
    article's only text of its own, so the whole report went into the removed box and the credit became its
    lead."""
    report = ("Ein Orkan hat in der Nacht an der Küste Dächer abgedeckt und Bäume entwurzelt.",
              "Der Wetterdienst warnt für Donnerstag vor weiteren Böen bis 120 Kilometern pro Stunde.",
              "Verletzt wurde nach Angaben der Polizei niemand; mehrere Straßen bleiben bis zum Abend gesperrt.")
    own = ("Foto: dpa/Jana Körte", "Quelle: https://kurier.example/orkan küste", "Bild: Archiv")
    articles = [article(f"00{i}", report[0], line, *report[1:]) for i, line in enumerate(own)]
    cleaned, summary = remove_boilerplate(articles, BoilerplateConfig())
    for result, line in zip(cleaned, own, strict=True):
        assert result.paragraphs == (report[0], line, *report[1:])
        assert result.removed == ()
        assert result.lead.startswith("Ein Orkan hat in der Nacht")
        assert result.warnings[-1].startswith("all its text is in other articles too (an agency's report?)")
    assert summary.removed_total == 0


def test_a_page_with_a_byline_alone_loses_its_footers() -> None:
    """A video's page, its byline and the publisher's footers: the footers are no report of its own."""
    footers = ("Der Bote finanziert sich über Abonnements seiner Leserinnen und Leser, damit er unabhängig bleibt "
               "und weiter aus der Stadt berichten kann.",
               "Alle Rechte vorbehalten. Vervielfältigung und Weitergabe nur mit schriftlicher Genehmigung der "
               "Redaktion des Boten und seiner Autorinnen.")
    articles = [article(f"00{i}", f"Eigener Bericht Nummer {i} über den Hafen und die Stadt.", *footers)
                for i in range(3)] + [article("004", "Von Martina Schulte", *footers)]
    cleaned, _ = remove_boilerplate(articles, BoilerplateConfig())
    assert (cleaned[3].paragraphs, cleaned[3].removed) == (("Von Martina Schulte",), footers)


def test_a_footer_and_a_notice_a_pattern_removes_are_no_report() -> None:
    """Only the words removed for being repeated tell a report: a short repeated footer with a long notice
    that a configured pattern removes left the footer as the article's text."""
    footer = "Folgen Sie uns auch in den sozialen Netzwerken."
    notice = "Hinweis der Redaktion zu Beitrag {}: " + "Er wurde aus dem Archiv übernommen und nicht aktualisiert. " * 5
    articles = [article(f"00{i}", footer, notice.format(i)) for i in range(3)]
    cleaned, _ = remove_boilerplate(articles, BoilerplateConfig(patterns=("Hinweis der Redaktion",)))
    assert [(a.paragraphs, a.warnings) for a in cleaned] == [((), ())] * 3


def test_a_short_repeated_paragraph_between_an_articles_own_is_its_text() -> None:
    """An interview's "Nein." and a heading "Zur Person", each in three articles, went into the removed box:
    the question stood unanswered, the biography unheaded. A short line before or after the text goes, and so
    does an advertisement's marker between paragraphs."""
    interviews = [article(f"00{i}", "Teilen", f"Frage: Wird die Kirche Nummer {i} geschlossen?", "Nein.",
                          f"Frage: Und die Schule Nummer {i}?", "ANZEIGE", "Zur Person",
                          f"Die Pfarrerin leitet die Gemeinde seit {2010 + i}.", "Drucken") for i in range(3)]
    cleaned, _ = remove_boilerplate(interviews, BoilerplateConfig())
    for i, result in enumerate(cleaned):
        assert result.paragraphs == (f"Frage: Wird die Kirche Nummer {i} geschlossen?", "Nein.",
                                     f"Frage: Und die Schule Nummer {i}?", "Zur Person",
                                     f"Die Pfarrerin leitet die Gemeinde seit {2010 + i}.")
        assert result.removed == ("Teilen", "ANZEIGE", "Drucken")  # an advertisement's marker goes wherever it is


def test_min_repeats_is_configurable() -> None:
    shared = "Folgen Sie uns auch in den sozialen Netzwerken."
    articles = [article("001", "Erster Text.", shared), article("002", "Zweiter Text.", shared)]
    assert remove_boilerplate(articles, BoilerplateConfig())[0] == articles
    cleaned, _ = remove_boilerplate(articles, BoilerplateConfig(min_repeats=2))
    assert [a.paragraphs for a in cleaned] == [("Erster Text.",), ("Zweiter Text.",)]
    assert [a.removed for a in cleaned] == [(shared,), (shared,)]


def test_figures_titles_and_order_survive() -> None:
    shared = "Alle Rechte vorbehalten."
    base = parse("""
        Stadt kauft das alte Zollhaus am Kai
        ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)
        Alle Rechte vorbehalten.
        Erster Absatz.
        ![Das Zollhaus um 1910](https://img.example/2024.07/zollhaus-1910.jpg)
        Zweiter Absatz.
        Alle Rechte vorbehalten.
    """)
    others = [article("002", shared), article("003", shared)]
    cleaned, report = remove_boilerplate([base, *others], BoilerplateConfig())
    assert cleaned[0].body == (
        Paragraph("Erster Absatz."),
        Figure(Image("https://img.example/2024.07/zollhaus-1910.jpg", "Das Zollhaus um 1910")),
        Paragraph("Zweiter Absatz."),
    )
    assert cleaned[0].removed == (shared, shared)
    assert (cleaned[0].title, cleaned[0].image) == (base.title, base.image)
    assert [a.body for a in cleaned[1:]] == [(), ()], "a footer alone is no report: an article may end up with no body"
    assert report.most_common == ((shared, 3),)


def test_earlier_removals_are_kept() -> None:
    first = replace(article("001", "Text.", "Werbung."), removed=("Schon vorher entfernt.",))
    cleaned, _ = remove_boilerplate([first], BoilerplateConfig(patterns=("Werbung",)))
    assert cleaned[0].removed == ("Schon vorher entfernt.", "Werbung.")


# ---------------------------------------------------------------------------
# Counts kept between runs (``cache_file``): every run gives what a run without them gives


def _archive(texts: dict[str, tuple[str, ...]]) -> list[Article]:
    return [article(name, *paragraphs) for name, paragraphs in sorted(texts.items())]


def test_kept_counts_give_the_clean_result_after_every_edit(tmp_path: Path) -> None:
    shared = "Unterstützen Sie unabhängigen Journalismus mit einem Abonnement."
    texts = {
        "001": ("Erster Text über den Hafen.", shared),
        "002": ("Zweiter Text über den Deich.", shared),
        "003": ("Dritter Text über die Fähre.",),
        "004": ("Vierter Text über das Rathaus.", "Noch ein Absatz."),
    }
    edits = [
        ("003", ("Dritter Text über die Fähre.", shared)),  # the shared paragraph crosses min_repeats
        ("004", ("Vierter Text über das Rathaus.", shared, shared)),  # a fourth article, twice in it
        ("001", ("Erster Text über den Hafen.",)),  # back to three
        ("002", ("Zweiter Text über den Deich.",)),  # below the threshold again
        ("005", ("Ein neuer Artikel.", shared)),  # a new file
        ("003", None),  # a file removed
        ("004", ("Vierter Text über das Rathaus.", "Noch ein Absatz.")),
        ("002", ("Zweiter Text über den Deich.", shared)),
        ("001", ("Erster Text über den Hafen.", shared)),
    ]
    cache = tmp_path / "boilerplate.pickle"
    config = BoilerplateConfig()
    crossed = set()
    for name, paragraphs in [(None, None), *edits]:
        if name is not None:
            if paragraphs is None:
                del texts[name]
            else:
                texts[name] = paragraphs
        articles = _archive(texts)
        expected = remove_boilerplate(articles, config)
        cached = remove_boilerplate(articles, config, cache_file=cache)
        assert cached == expected
        assert cache.exists()
        crossed.add(expected[1].removed_total > 0)
    assert crossed == {True, False}, "the edits take the shared paragraph over the threshold and back"


def test_kept_counts_serve_any_min_repeats_and_articles_sharing_a_key(tmp_path: Path) -> None:
    shared = "Folgen Sie uns auch in den sozialen Netzwerken."
    articles = [article("001", "Erster Text.", shared), article("002", "Zweiter Text.", shared)]
    cache = tmp_path / "boilerplate.pickle"
    for config in (BoilerplateConfig(), BoilerplateConfig(min_repeats=2), BoilerplateConfig()):
        assert remove_boilerplate(articles, config, cache_file=cache) == remove_boilerplate(articles, config)
    twice = [*articles, article("001", "Erster Text.", shared)]
    config = BoilerplateConfig()
    assert remove_boilerplate(twice, config, cache_file=cache) == remove_boilerplate(twice, config)
    assert remove_boilerplate(twice, config, cache_file=cache)[1].removed_total == 3


def test_kept_counts_give_the_clean_result_through_random_edits(tmp_path: Path) -> None:
    """Edits of every kind, a few paragraphs or many at a time, each run checked against a run
    without kept counts: paragraphs crossing the threshold both ways, new articles full of new
    paragraphs, articles removed, paragraphs reordered or repeated within an article."""
    rnd = random.Random(3)
    shared = [f"Gemeinsamer Absatz Nummer {n}, den mehrere Meldungen tragen." for n in range(6)]
    serial = iter(range(10**6))

    def paragraph(share: float = 0.4) -> str:
        if rnd.random() < share:
            return rnd.choice(shared)
        if texts and rnd.random() < 0.2:  # one that another article has
            return rnd.choice([text for body in texts.values() for text in body])
        return f"Ein eigener Absatz, Nummer {next(serial)}."

    texts: dict[str, tuple[str, ...]] = {}
    for n in range(12):
        texts[f"{n:03d}"] = tuple(paragraph() for _ in range(rnd.randint(1, 5)))
    cache = tmp_path / "boilerplate.pickle"
    configs = [BoilerplateConfig(), BoilerplateConfig(min_repeats=2)]
    totals = set()
    for step in range(80):
        if step:
            name = rnd.choice(sorted(texts))
            edit = rnd.choice(["paragraph", "paragraph", "new", "many", "remove", "reorder", "twice"])
            if edit == "paragraph":
                body = list(texts[name])
                body[rnd.randrange(len(body))] = paragraph()
                texts[name] = tuple(body)
            elif edit in ("new", "many"):  # many: more new paragraphs than are looked up one by one
                count, share = (rnd.randint(1, 4), 0.4) if edit == "new" else (2 * _SEARCHED_ONE_BY_ONE, 0.01)
                texts[f"{next(serial):03d}x"] = tuple(paragraph(share) for _ in range(count))
            elif edit == "remove" and len(texts) > 3:
                del texts[name]
            elif edit == "reorder":
                texts[name] = tuple(reversed(texts[name]))
            else:
                texts[name] = (*texts[name], texts[name][0])
        articles = _archive(texts)
        for config in configs:
            expected = remove_boilerplate(articles, config)
            assert remove_boilerplate(articles, config, cache_file=cache) == expected, f"step {step}"
            totals.add(expected[1].removed_total)
    assert len(totals) > 5, "the edits change what is removed"


def test_kept_counts_tell_a_paragraph_from_the_bytes_where_two_others_meet(tmp_path: Path) -> None:
    """Paragraph keys are compared whole: the kept counts look for a new paragraph's digest among
    all the others' digests, never across the boundary of two (made up here, to meet)."""
    def keyed(name: str, *digests: bytes) -> tuple[Article, ParagraphKeys]:
        paragraphs = [f"Absatz {d.decode()}" for d in digests]
        return article(name, *paragraphs), (b"".join(digests), "\0".join(paragraphs))

    ab, ba, bb, cc = (x.encode() * 6 + y.encode() * 6 for x, y in ("ab", "ba", "bb", "cc"))  # 12 bytes each
    runs = [
        [keyed("001", ab, ba), keyed("002", cc), keyed("003", cc)],  # bb where ab and ba meet in 001
        [keyed("001", ab, ba), keyed("002", cc, bb), keyed("003", cc, bb)],
        [keyed("001", ab, ba), keyed("002", cc, bb), keyed("003", cc, bb), keyed("004", bb)],
    ]
    cache = tmp_path / "boilerplate.pickle"
    config = BoilerplateConfig()
    for run in runs:
        articles, keys = [a for a, _ in run], [k for _, k in run]
        expected = remove_boilerplate(articles, config, keys)
        assert remove_boilerplate(articles, config, keys, cache_file=cache) == expected
    assert expected[1].most_common == (("Absatz bbbbbbbbbbbb", 3),)


def test_packed_keys_give_each_paragraph_its_digest_and_head() -> None:
    bodies = [(), ("„“",), ("Eins.", "„“", "Zwei."), ("Mit\0Nullzeichen.", "Danach."), ("x" * 300,)]
    for texts in bodies:
        article_ = replace(article("001", "Platzhalter."), body=tuple(Paragraph(t) for t in texts))
        keys = paragraph_keys(article_)
        assert list(_heads(keys)) == [fold(t)[:HEAD] for t in texts]
        assert len(_digests(keys[0])) == len(texts)
    config = BoilerplateConfig(patterns=("Mit",))
    odd = replace(article("001", "Platzhalter."), body=(Paragraph("Mit\0Nullzeichen."), Paragraph("Danach.")))
    cleaned, _ = remove_boilerplate([odd], config)
    assert cleaned[0].paragraphs == ("Danach.",)


# ---------------------------------------------------------------------------
# Configured patterns


def test_literal_patterns_are_prefixes_compared_folded() -> None:
    config = BoilerplateConfig(patterns=('Dieser Artikel erschien zuerst im "Kurier"',))
    kept = "Wie der Kurier berichtet, dieser Artikel erschien zuerst im „Kurier“."
    matching = [
        "Dieser Artikel erschien zuerst im „Kurier“ am 3. Mai 2024.",
        "dieser artikel   erschien zuerst im «KURIER».",
    ]
    cleaned, _ = remove_boilerplate([article("001", kept, *matching)], config)
    assert cleaned[0].paragraphs == (kept,)
    assert cleaned[0].removed == tuple(matching)


def test_regex_patterns_search_the_paragraph() -> None:
    config = BoilerplateConfig(patterns=(RegexPattern(r"^Foto: \w+"), RegexPattern(r"\(dpa\)$")))
    paragraphs = ["Foto: Kurier", "Das Foto: Kurier zeigt den Kai.", "Ende der Meldung (dpa)", "FOTO: kurier"]
    cleaned, report = remove_boilerplate([article("001", *paragraphs)], config)
    assert cleaned[0].paragraphs == ("Das Foto: Kurier zeigt den Kai.",)
    assert cleaned[0].removed == ("Foto: Kurier", "Ende der Meldung (dpa)", "FOTO: kurier")
    assert report.removed_total == 3


def test_nothing_to_remove_leaves_articles_as_they_are() -> None:
    articles = [article("001", "Eins."), article("002", "Zwei.")]
    cleaned, report = remove_boilerplate(articles, BoilerplateConfig(patterns=("Werbung",)))
    assert cleaned == articles
    assert (report.removed_total, report.most_common) == (0, ())


def test_a_pattern_that_folds_to_nothing_removes_nothing() -> None:
    articles = [article("001", "Eins.", "„Zwei“.")]
    cleaned, report = remove_boilerplate(articles, BoilerplateConfig(patterns=("", "„“", " . ")))
    assert cleaned == articles
    assert report.removed_total == 0


def _fold_as_defined(text: str) -> str:
    """``fold`` as its docstring defines it, one regular expression per step."""
    text = re.sub("[‐‑‒–—―−]", "-", re.sub("[„“”‟«»‹›‚‘’‛`´\"']", "", unicodedata.normalize("NFKC", text)))
    return re.sub(r"\s+", " ", text).strip().strip(" .:").casefold()


def test_fold_is_its_definition_on_every_kind_of_text() -> None:
    """Paragraph keys (and so which paragraphs count as repeats) come from ``fold``, computed the quick way."""
    rnd = random.Random(7)
    alphabet = list("aB .:-\t\n\r\x0b\x1c\x85\xa0\u2000\u2028\u3000\u200b„“”‟«»‹›‚‘’‛`´\"'‐‑‒–—―−ﬁ①Ａß İΣς"
                    "\u0301e\u1100\u1161")
    texts = ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 14))) for _ in range(20000)]
    texts += [KURIER, HERALD, " „Zitat“ – Ende. ", "Straße\u00a0 ZOLLHAUS:"]
    assert [fold(text) for text in texts] == [_fold_as_defined(text) for text in texts]


def test_only_the_space_is_printable_whitespace() -> None:
    """What ``fold`` relies on to skip splitting a paragraph into words when it has nothing to collapse."""
    assert [c for c in map(chr, range(sys.maxunicode + 1)) if c.isspace() and c.isprintable()] == [" "]



def test_a_reporters_byline_in_each_of_their_articles_stays() -> None:
    """"By Jane Doe, Political Correspondent" over three articles of hers went as the publisher's boilerplate,
    folded away on each page; the footer under the same articles goes."""
    footer = "Sign up to our daily newsletter for the latest news from Ashbridge."
    byline = "By Jane Doe, Political Correspondent"
    parsed = [parse(f"Council story number {n}\n{byline}\nThe council met on day {n} of the month.\n{footer}",
                    name=f"{n}.txt") for n in range(1, 4)]
    cleaned, report = remove_boilerplate(parsed, BoilerplateConfig())
    assert [a.paragraphs for a in cleaned] == [(byline, f"The council met on day {n} of the month.") for n in range(1, 4)]
    assert [a.removed for a in cleaned] == [(footer,)] * 3 and report.removed_total == 3
    # A picture's credit under the same articles is the publisher's line still.
    credited = [parse(f"Council story number {n}\nThe council met on day {n}.\nPhoto: Ashbridge Gazette", name=f"{n}.txt")
                for n in range(1, 4)]
    assert [a.removed for a in remove_boilerplate(credited, BoilerplateConfig())[0]] == [("Photo: Ashbridge Gazette",)] * 3
