"""archive-site's search worker (theme/assets/javascripts/archive-search.js) in a real Worker.

The worker gets Material's messages: SETUP (0) with a search index in the form Material's search
plugin writes it, then QUERY (2) with what the reader typed; it answers READY (1) and RESULT (3)
with pages grouped as Material renders them. The index here is written by hand, like the one a
site would have: a home page with sections, article pages with HTML text and tags.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ..conftest import REPO
from .conftest import Tab, serve_folder

WORKER = REPO / "theme" / "assets" / "javascripts" / "archive-search.js"

DOCS = [
    {"location": "", "title": "Velsburger Archiv", "text": "<p>Nachrichten aus Velsburg.</p>"},
    {"location": "#neueste-artikel", "title": "Neueste Artikel",
     "text": "<ul><li>Fähre nach Osterholm fährt wieder</li></ul>"},
    {"location": "articles/2024/faehre/", "title": "Fähre nach Osterholm fährt wieder",
     "text": "<p>Nach drei Wochen Pause fährt die Fähre zwischen Velsburg und Osterholm wieder.</p>",
     "tags": ["Fähre", "Osterholm"]},
    {"location": "articles/2025/sanktionen/", "title": "Sanktionen treffen Zulieferer im Hafen",
     "text": "<p>Neue Sanktionen der Europäischen Union bringen Zulieferer in Bedrängnis. "
             "Ein Sprecher der Stadt Bogotá äußerte sich.</p>",
     "tags": ["Europäische Union", "Rheinhafen"]},
    {"location": "articles/2025/hafen/", "title": "Hafen &amp; Stadt: &lt;b&gt;Streit&lt;/b&gt; um Nachtbetrieb",
     "text": "<p>Anwohner fordern ein Verbot des Umschlags in der Nacht. " + "Weitere Sätze folgen. " * 40
             + "Am Ende spricht der Bürgermeister über den Hafen.</p>",
     "tags": ["Rheinhafen"]},
    # A word once in a title, and three times in another page's text only.
    {"location": "articles/2023/schleuse/", "title": "Schleuse gesperrt", "text": "<p>Wegen Bauarbeiten.</p>"},
    {"location": "articles/2023/kai/", "title": "Bauarbeiten am Kai",
     "text": "<p>Die Schleuse bleibt offen, die Schleuse am Kai auch, und die dritte Schleuse ebenso.</p>"},
    # Words the index splits at their punctuation, and a page holding their parts apart.
    {"location": "articles/2024/zahlen/", "title": "Umschlag wächst um 8.5 Prozent",
     "text": "<p>Ein Vier-Personen-Haushalt zahlt 80 Euro mehr. Northgate's Chef äußerte sich.</p>"},
    {"location": "articles/2024/andere/", "title": "Andere Zahlen: 5.1 Millionen und 80 Schiffe",
     "text": "<p>Personen im Haushalt: drei. Northgate Shipping sagt nichts.</p>"},
]

PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body><script>
  window.replies = [];
  window.worker = new Worker("archive-search.js");
  worker.onmessage = function (event) { replies.push(event.data); };
  window.ask = function (message) {
    var before = replies.length;
    worker.postMessage(message);
    return new Promise(function (resolve) {
      (function wait() { replies.length > before ? resolve(replies[before]) : setTimeout(wait, 5); })();
    });
  };
</script></body></html>
"""


@pytest.fixture(scope="module")
def worker_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("search-worker")
    shutil.copy(WORKER, root / "archive-search.js")
    (root / "index.html").write_text(PAGE, encoding="utf-8")
    with serve_folder(root) as address:
        yield address


Ask = Callable[[str], list[list[dict[str, Any]]]]


@pytest.fixture
def worker_on(worker_page: str, tab: Tab) -> Iterator[Callable[..., Ask]]:
    """A worker set up with an index of ``docs``: its answer's items to each query."""

    def setup(docs: list[dict[str, Any]], pipeline: tuple[str, ...] = ()) -> Ask:
        tab.page.goto(worker_page)
        data = {"config": {"lang": ["de"], "separator": "[\\s\\-]+", "pipeline": list(pipeline), "fields": {}},
                "docs": docs, "options": {"suggest": False}}
        assert tab.page.evaluate("m => ask(m)", {"type": 0, "data": data}) == {"type": 1}

        def query(text: str) -> list[list[dict[str, Any]]]:
            reply = tab.page.evaluate("m => ask(m)", {"type": 2, "data": text})
            assert reply["type"] == 3
            return reply["data"]["items"]

        return query

    yield setup


@pytest.fixture
def ask(worker_on: Callable[..., Ask]) -> Ask:
    return worker_on(DOCS, ("stopWordFilter",))


def _pages(items: list[list[dict[str, Any]]]) -> list[str]:
    return [group[0]["location"] for group in items]


def test_a_word_finds_its_inflections_by_prefix(ask: Any) -> None:
    items = ask("Sanktion")
    assert _pages(items) == ["articles/2025/sanktionen/"]
    hit = items[0][0]
    assert hit["title"] == "<mark>Sanktionen</mark> treffen Zulieferer im Hafen"
    assert "Neue <mark>Sanktionen</mark> der" in hit["text"]
    assert hit["terms"] == {"Sanktion": True}
    assert hit["tags"] == ["Europäische Union", "Rheinhafen"]


def test_case_and_accents_do_not_matter(ask: Any) -> None:
    assert _pages(ask("bogota")) == ["articles/2025/sanktionen/"]
    assert "articles/2024/faehre/" in _pages(ask("fahre"))


def test_a_german_word_typed_without_its_umlauts_finds_it(ask: Any) -> None:
    """"faehre", as the page's address spells it, found nothing; "äußerte" typed "aeusserte" neither."""
    items = ask("FAEHRE Osterh")
    assert _pages(items)[0] == "articles/2024/faehre/"
    assert items[0][0]["title"] == "<mark>Fähre</mark> nach <mark>Osterholm</mark> fährt wieder"
    assert set(_pages(ask("aeusserte"))) == {"articles/2025/sanktionen/", "articles/2024/zahlen/"}
    assert _pages(ask("Europaeische Union")) == ["articles/2025/sanktionen/"]
    # Only words with umlauts are spelled so: "ue" in a query is not also read as "u" ("blue" found "Blutspende").
    assert _pages(ask("Paue")) == []  # not "Pause"


def test_an_umlaut_written_as_two_characters_is_found_spelled_either_way(worker_on: Callable[..., Ask]) -> None:
    """Text copied on a Mac may hold "a" and a combining diaeresis for "ä": "Faehre" found it no more. A page
    with a word eight times ranks above one with it once, however the word is typed."""
    docs = [{"location": "a/", "title": "Fa\u0308hre", "text": "<p>Die Fa\u0308hre fährt.</p>"},
            {"location": "b/", "title": "Fähre", "text": "<p>" + "Fähre " * 8 + "</p>"}]
    ask = worker_on(docs)
    pages = _pages_found(ask)

    assert pages("Fähre") == pages("Faehre") == pages("faehre") == ["b/", "a/"]


def test_letters_without_a_mark_to_drop_are_found_typed_plainly(worker_on: Callable[..., Ask]) -> None:
    """"Yildiz" found nothing of "Yıldız", "Tromso" nothing of "Tromsø", though the pages' addresses spell them so."""
    docs = [{"location": "a/", "title": "Malte Yıldız in Tromsø", "text": "<p>Łódź, Ærø und Œuvre.</p>"}]
    ask = worker_on(docs)
    for query in ("Yildiz", "Tromso", "tromsø", "YILDIZ", "Lodz", "Aero", "oeuvre"):
        assert _pages(ask(query)) == ["a/"], query
    assert ask("Yildiz")[0][0]["title"] == "Malte <mark>Yıldız</mark> in Tromsø"


def test_an_umlaut_typed_is_meant(worker_on: Callable[..., Ask]) -> None:
    """"Fähre" found a page where someone "fahre" alike with one with a ferry, and listed it first: now the
    ferry's ranks above, and "Häfen" still finds "Hafen"."""
    docs = [{"location": "b/", "title": "Ich fahre wieder Bus", "text": "<p>Ab Montag.</p>"},
            {"location": "a/", "title": "Die Fähre legt an", "text": "<p>Am Kai.</p>"},
            {"location": "c/", "title": "Der Hafen wächst", "text": "<p>Neue Kräne.</p>"}]
    ask = worker_on(docs)
    pages = _pages_found(ask)

    assert pages("Fähre") == ["a/", "b/"]  # the umlaut's word first, whatever the index's order
    assert pages("Faehre") == ["a/"]
    assert sorted(pages("fahre")) == ["a/", "b/"]  # typed without its umlaut: either, alike
    assert pages("Häfen") == ["c/"]


def test_an_inflected_word_finds_its_stem_below_itself(worker_on: Callable[..., Ask]) -> None:
    """"Hoffmanns" (a genitive) found nothing of "Hoffmann", "Hafens" only pages with "Hafens…" words; a
    plural ("Wärmepumpen") nothing of its singular."""
    docs = [{"location": "a/", "title": "Hoffmann besucht den Hafen", "text": "<p>Am Kai.</p>"},
            {"location": "b/", "title": "Hoffmanns Pläne für den Ausbau des Hafens", "text": "<p>Im Rat.</p>"},
            {"location": "c/", "title": "Hafenfest am Kai", "text": "<p>Musik.</p>"}]
    ask = worker_on(docs)

    assert _pages(ask("Hoffmanns")) == ["b/", "a/"]  # the word itself first, then its stem
    assert _pages(ask("Hafens")) == ["b/", "a/"]  # the stem as a whole word: not "Hafenfest"
    assert ask("Hoffmanns")[1][0]["title"] == "<mark>Hoffmann</mark> besucht den Hafen"
    # A page holding the word as typed ranks first, wherever it holds it: a stem in a title outranked the
    # word in a text ("Berg" in a title, "Berger" in texts). A word loses no more than its last letter:
    # "Andersen" found every "anders", "Berger" every "Berg".
    other = worker_on([{"location": "d/", "title": "Hafen wächst weiter", "text": "<p>Neue Kräne.</p>"},
                       {"location": "e/", "title": "Rennen am Sonntag", "text": "<p>Am Rand des Hafens jubelten viele.</p>"},
                       {"location": "f/", "title": "Alles anders am Berg", "text": "<p>Neue Regeln.</p>"},
                       {"location": "g/", "title": "Neue Wärmepumpe im Rathaus", "text": "<p>Sie heizt.</p>"}])
    assert _pages(other("Hafens")) == ["e/", "d/"]
    assert _pages(other("Wärmepumpen")) == _pages(other("Waermepumpen")) == ["g/"]
    assert other("Andersen") == [] and other("Berger") == []


def _pages_found(ask: Ask) -> Callable[[str], list[str]]:
    """The pages a query finds, best first, by their addresses."""
    return lambda text: _pages(ask(text))


def test_a_word_no_page_holds_finds_it_without_a_longer_ending(worker_on: Callable[..., Ask]) -> None:
    """"Kliniken" found nothing where the archive writes "Klinik", "Universitäten" nothing of "Universität",
    "Bundestages" nothing of "Bundestag", "ports" nothing of "port" and "Rates" nothing of "Rat": the stem
    of a last s, n or e keeps five letters."""
    docs = [{"location": "klinik/", "title": "Klinik am Hafen eröffnet", "text": "<p>Ärzte ziehen ein.</p>"},
            {"location": "uni/", "title": "Universität Velsburg wächst", "text": "<p>Mehr Studierende.</p>"},
            {"location": "bundestag/", "title": "Bundestag berät", "text": "<p>Abgeordnete streiten.</p>"},
            {"location": "port/", "title": "New port opens", "text": "<p>Ships arrive.</p>"},
            {"location": "portal/", "title": "Portal online", "text": "<p>Neu.</p>"},
            {"location": "rat/", "title": "Der Rat tagt", "text": "<p>Lange Sitzung.</p>"},
            {"location": "rathaus/", "title": "Rathaus saniert", "text": "<p>Bauarbeiten.</p>"},
            {"location": "hafen/", "title": "Hafen wächst", "text": "<p>Neue Kräne.</p>"},
            {"location": "note/", "title": "A note from the mayor", "text": "<p>Read it.</p>"},
            {"location": "not/", "title": "Not again", "text": "<p>Rain.</p>"},
            {"location": "wahl/", "title": "Wahl im Mai", "text": "<p>Der Rat wird gewählt.</p>"}]
    ask = worker_on(docs)
    pages = _pages_found(ask)

    assert pages("Kliniken") == ["klinik/"]
    assert ask("Kliniken")[0][0]["title"] == "<mark>Klinik</mark> am Hafen eröffnet"
    assert pages("Universitäten") == pages("Universitaeten") == pages("Universitaten") == ["uni/"]
    assert ask("Universitäten")[0][0]["title"] == "<mark>Universität</mark> Velsburg wächst"
    assert pages("Bundestages") == ["bundestag/"]
    assert pages("Wahlen") == ["wahl/"]  # four letters left
    assert pages("ports") == ["port/"]  # the stem as a whole word: not "Portal"
    # Nor a cut too short, which made names words ("Jones" as "Jon", "Siegen" as "Sieg"): "Rates" keeps its "Rat".
    assert pages("Rates") == []
    assert pages("notes") == ["note/"]  # the least cut that finds something: not "not" as well
    # Each word on its own: a page with the singular and the query's other word first, named as found; a
    # word as typed above another's cut form.
    items = ask("Kliniken Hafen")
    assert _pages(items) == ["klinik/", "hafen/"]
    # "Klinik", as the page writes it, for the page to mark (see the test of words found in another form).
    assert [group[0]["terms"] for group in items] == [{"Kliniken": True, "Klinik": True, "Hafen": True},
                                                      {"Kliniken": False, "Hafen": True}]
    assert pages("Kliniken Bundestag") == ["bundestag/", "klinik/"]
    # Typed letter by letter, the results stay: the stem, then the cut, find the same page.
    for typed in ("Klinik", "Klinike", "Kliniken"):
        assert pages(typed) == ["klinik/"], typed
    for typed in ("Bundestag", "Bundestage", "Bundestages"):
        assert pages(typed) == ["bundestag/"], typed


def test_a_cut_that_is_a_word_of_every_text_finds_nothing(worker_on: Callable[..., Ask]) -> None:
    """"notes" found nearly every article of an English archive holding no "note": as "not". A cut of -es kept
    three letters: "Jones" found "Jon"."""
    docs = [{"location": f"p{n}/", "title": f"Harbour report {n}", "text": "<p>The ferry did not sail today.</p>"}
            for n in range(60)] + [{"location": "x/", "title": "Jon wins the race", "text": "<p>Sieg!</p>"},
                                   {"location": "k/", "title": "Klinik am Hafen", "text": "<p>Neu.</p>"}]
    ask = worker_on(docs)
    assert ask("notes") == []
    assert ask("Jones") == []  # an -es cut keeps four letters
    # In a few pages, a topic's word may be on most of them: "Kliniken" still finds "Klinik" in three.
    few = worker_on([{"location": f"k{n}/", "title": f"Klinik am Hafen {n}", "text": "<p>Neu.</p>"} for n in range(2)]
                    + [{"location": "f/", "title": "Fähre", "text": "<p>Fährt.</p>"}])
    assert _pages(few("Kliniken")) == ["k0/", "k1/"]


def test_a_word_some_page_holds_is_not_cut_further(worker_on: Callable[..., Ask]) -> None:
    """Cut further, "Andersen" would find "anders" and "Berger" "Berg": a word the archive holds finds
    itself only (and its stem, as before), and "Kliniken" held finds no "Klinik"."""
    docs = [{"location": "anders/", "title": "Alles anders am Berg", "text": "<p>Sagt Hans.</p>"},
            {"location": "andersen/", "title": "Andersen gewinnt", "text": "<p>Knapp.</p>"},
            {"location": "berger/", "title": "Berger tritt zurück", "text": "<p>Überraschend.</p>"},
            {"location": "klinik/", "title": "Klinik schließt", "text": "<p>Zu wenig Ärzte.</p>"},
            {"location": "kliniken/", "title": "Kliniken im Land", "text": "<p>Zu wenig Betten.</p>"}]
    ask = worker_on(docs)
    pages = _pages_found(ask)

    assert pages("Andersen") == ["andersen/"]
    assert pages("Berger") == ["berger/"]
    assert pages("Kliniken") == ["kliniken/"]
    # A word no page holds: an -en after s is a name's ("Hansen" is no "Hans"), and -er is not cut.
    assert pages("Hansen") == []
    assert pages("Bergers") == ["berger/"]  # its stem, not "Berg"


def test_title_and_tags_rank_above_text(ask: Any) -> None:
    assert _pages(ask("Schleuse")) == ["articles/2023/schleuse/", "articles/2023/kai/"]
    assert _pages(ask("Bauarbeiten")) == ["articles/2023/kai/", "articles/2023/schleuse/"]
    # A tag is searchable on its own: "Rheinhafen" is in no title or text.
    assert set(_pages(ask("Rheinhafen"))) == {"articles/2025/sanktionen/", "articles/2025/hafen/"}
    assert _pages(ask("Osterholm"))[0] == "articles/2024/faehre/"  # title + tag before home section


def _topic_site(topics: bool = True) -> list[dict[str, Any]]:
    """Articles on the fishery and on Hannah Feldhaus, as the generator indexes them (their name in their
    tags, often in their title, again and again in their text), and, with ``topics``, the topics' pages,
    which the generator indexes by their title alone, boosted (see write.TOPIC_BOOST)."""
    docs = []
    for n in range(24):
        title = (f"Streit um Fischerei in Südrode, Teil {n}" if n % 3 == 0 else
                 f"Feldhaus verteidigt Pläne, Teil {n}" if n % 3 == 1 else f"Neue Quoten im Hafen, Teil {n}")
        text = "Die Fischerei im Hafen leidet. " * (1 + n % 5) + "Hannah Feldhaus äußerte sich. " * (n % 4)
        tags = ["Fischerei"] + (["Hannah Feldhaus"] if n % 4 else [])
        docs.append({"location": f"articles/{n}/", "title": title, "text": f"<p>{text}</p>", "tags": tags})
    if topics:
        docs += [{"location": "tags/fischerei/", "title": "Fischerei", "text": "", "boost": 1.25},
                 {"location": "tags/hannah-feldhaus/", "title": "Hannah Feldhaus", "text": "", "boost": 1.25},
                 {"location": "tags/faehre/", "title": "Fähre", "text": "", "boost": 1.25}]
    return docs


def test_a_page_named_as_typed_ranks_first(worker_on: Callable[..., Ask]) -> None:
    """A topic's name found its page last: the page's entry is its title alone, and every article on the
    topic holds the name in its tags and text, often in its title, scoring a little more ("Fischerei" 57th
    of 57 at 1,000 articles). A query that is a page's whole title finds that page first, typed in any case,
    as one word or several, with or without umlauts; the other pages keep their order."""
    others = ("Fischer", "Feldhaus", "Feldhaus Hannah", "Fischerei Hafen")  # not a whole title
    without = worker_on(_topic_site(topics=False))  # one worker at a time: asked before the next is set up
    before = {query: _pages(without(query)) for query in ("Fischerei", "Hannah Feldhaus", *others)}
    ask = worker_on(_topic_site())
    for query in ("Fischerei", "fischerei", "FISCHEREI", "+Fischerei", "Fischerei -Quoten"):
        found = _pages(ask(query))
        assert found[0] == "tags/fischerei/", query
    assert _pages(ask("Fischerei"))[1:] == before["Fischerei"]
    for query in ("Hannah Feldhaus", "hannah feldhaus", '"Hannah Feldhaus"'):
        assert _pages(ask(query))[0] == "tags/hannah-feldhaus/", query
    assert _pages(ask("Hannah Feldhaus"))[1:] == before["Hannah Feldhaus"]
    for query in ("Fähre", "Faehre", "fahre"):
        assert _pages(ask(query)) == ["tags/faehre/"], query
    # The articles keep their order for a query that is not a whole title: its start, one of its words, its
    # words in another order or among others (where the topic's page goes, see the next test).
    for query in others:
        found = _pages(ask(query))
        assert [p for p in found if p.startswith("articles/")] == before[query], query


def test_more_of_the_query_ranks_higher_and_missing_words_are_named(ask: Any) -> None:
    items = ask("Hafen Nachtbetrieb")
    assert _pages(items)[0] == "articles/2025/hafen/"
    assert items[0][0]["terms"] == {"Hafen": True, "Nachtbetrieb": True}
    other = next(group[0] for group in items if group[0]["location"] == "articles/2025/sanktionen/")
    assert other["terms"] == {"Hafen": True, "Nachtbetrieb": False}  # Material strikes it through
    # As the reader typed it: Material showed "europaische" struck through, for "Europäische".
    assert ask("Nachtbetrieb Europäische")[0][0]["terms"] == {"Nachtbetrieb": True, "Europäische": False}


def test_required_excluded_and_quoted_words(ask: Any) -> None:
    assert set(_pages(ask("Hafen"))) == {"articles/2025/sanktionen/", "articles/2025/hafen/"}
    assert _pages(ask("Hafen -Sanktionen")) == ["articles/2025/hafen/"]
    assert _pages(ask("+Bogotá Hafen")) == ["articles/2025/sanktionen/"]
    assert _pages(ask('"Europäische Union" Hafen')) == ["articles/2025/sanktionen/"]
    assert ask("-Hafen") == []
    assert ask("") == [] and ask("   ") == []


def test_sections_come_grouped_under_their_page(ask: Any) -> None:
    items = ask("Fähre")
    home = next(group for group in items if group[0]["location"] == "")
    # Only the section matched; the page itself heads the group, as Material's renderer expects.
    assert [doc["location"] for doc in home] == ["", "#neueste-artikel"]
    assert home[0]["score"] == 0 and home[1]["score"] > 0


def test_archived_markup_stays_text_and_long_text_becomes_a_snippet(ask: Any) -> None:
    hit = ask("Bürgermeister")[0][0]
    assert hit["title"] == "Hafen &amp; Stadt: &lt;b&gt;Streit&lt;/b&gt; um Nachtbetrieb"
    text = hit["text"]
    assert text.startswith("<p>… ") and "<mark>Bürgermeister</mark>" in text
    assert len(text) < 400 and "<b>" not in text
    # Marks sit on whole words of the title too, with the escaping kept around them.
    assert ask("streit")[0][0]["title"] == "Hafen &amp; Stadt: &lt;b&gt;<mark>Streit</mark>&lt;/b&gt; um Nachtbetrieb"


def test_a_word_with_punctuation_finds_the_pages_holding_it_not_each_part(ask: Any) -> None:
    """Split into its parts, each matched alone, 8.5 found any page with an 8 or a word starting with 5, and
    Northgate's any page with an s-word."""
    assert _pages(ask("8.5")) == ["articles/2024/zahlen/"] == _pages(ask('"um 8.5"'))
    hit = ask("8.5")[0][0]  # marked as matched: 8 as a whole word (not the 80 of the text), 5 as a prefix
    assert hit["title"] == "Umschlag wächst um <mark>8</mark>.<mark>5</mark> Prozent" and "<mark>" not in hit["text"]
    assert _pages(ask("Vier-Personen-Haushalt")) == ["articles/2024/zahlen/"]
    assert set(_pages(ask("Northgate's"))) == {"articles/2024/zahlen/", "articles/2024/andere/"}
    items = ask("Personen-Haus")  # the last part still typed: a prefix
    assert set(_pages(items)) == {"articles/2024/zahlen/", "articles/2024/andere/"}
    assert items[0][0]["terms"] == {"Personen-Haus": True}


def test_a_russian_word_finds_its_other_cases_below_itself(worker_on: Callable[..., Ask]) -> None:
    """"Москва" found no page writing "в Москве" or "из Москвы", "выборы" none writing "на выборах": Russian
    writes a noun in up to twelve forms. Another case counts as another form, below the word as typed."""
    docs = [{"location": "a/", "title": "Переговоры в Москве", "text": "<p>Делегации встретились.</p>"},
            {"location": "b/", "title": "Москва отвечает", "text": "<p>Заявление МИД.</p>"},
            {"location": "c/", "title": "Рейсы из Москвы отменены", "text": "<p>Аэропорт закрыт.</p>"},
            {"location": "d/", "title": "Итоги голосования", "text": "<p>На выборах победила оппозиция.</p>"},
            {"location": "e/", "title": "Москитные сетки", "text": "<p>Лето.</p>"}]
    ask = worker_on(docs)

    found = _pages(ask("Москва"))
    assert found[0] == "b/" and sorted(found[1:]) == ["a/", "c/"]  # not "Москитные": the stem is "москв"
    assert _pages(ask("выборы")) == ["d/"]
    assert _pages(ask("Москва переговоры"))[0] == "a/"  # each word in another form, wherever it stands
    assert ask("выборы")[0][0]["text"].count("<mark>выборах</mark>") == 1
    # A short word keeps its letters: "мир" (peace, world) is no stem of "мира" and "миром" alone.
    assert _pages(ask("мир")) == []
    # A two-letter ending is cut where five letters are left: "партии" finds "партия", not "Партнеры".
    parties = worker_on([{"location": "p/", "title": "Новая партия", "text": "<p>Съезд.</p>"},
                         {"location": "q/", "title": "Партнеры города", "text": "<p>Встреча.</p>"},
                         {"location": "m/", "title": "Ремонт моста", "text": "<p>Мост закрыт, школа открыта.</p>"}])
    assert _pages(parties("партии")) == ["p/"]
    # Other two-letter endings where four letters are left: "мостов" finds "мост", "школах" "школа".
    assert _pages(parties("мостов")) == ["m/"] and _pages(parties("школах")) == ["m/"]
    # A stem of four letters only for a word the archive does not hold: "Ростов" is no "Рост", "Австрия" no
    # "Австралия".
    names = worker_on([{"location": "r/", "title": "Ростов на Дону", "text": "<p>Город.</p>"},
                       {"location": "p/", "title": "Рост цен", "text": "<p>Инфляция.</p>"},
                       {"location": "a/", "title": "Австрия и Германия", "text": "<p>Соседи.</p>"},
                       {"location": "b/", "title": "Австралия", "text": "<p>Далеко.</p>"}])
    assert _pages(names("Ростов")) == ["r/"] and _pages(names("Австрия")) == ["a/"]


def test_a_topics_page_ranks_above_the_articles_matching_as_well(worker_on: Callable[..., Ask]) -> None:
    """A word of a topic's name ("Feldhaus" of "Hannah Feldhaus") found the topic's page last. Boosted as the
    generator indexes it (``search.boost``), it comes first; not above an article whose title holds the word
    itself where the topic's name only starts with it ("Fischer" of "Fischerei")."""
    docs = _topic_site()
    docs.append({"location": "articles/fischer/", "title": "Fischer gewinnt die Regatta", "text": "<p>Knapp.</p>"})
    ask = worker_on(docs)
    assert _pages(ask("Feldhaus"))[0] == "tags/hannah-feldhaus/"
    assert _pages(ask("Feldhaus Hannah"))[0] == "tags/hannah-feldhaus/"
    assert _pages(ask("Fischerei"))[0] == "tags/fischerei/"
    found = _pages(ask("Fischer"))
    assert found[0] == "articles/fischer/" and found[1] == "tags/fischerei/"
    # A page matching more of the query stays above it.
    assert _pages(ask("Fischerei Quoten"))[0].startswith("articles/")


def test_a_word_found_in_another_form_is_named_as_the_page_writes_it(ask: Any) -> None:
    """Material marks the words of the page a result opens by its ``terms`` (search.highlight: ``?h=``), letter
    for letter: "Buergermeisterin" typed found "Bürgermeisterin", and the page it opened marked nothing."""
    fahre = ask("faehre")[0][0]
    assert fahre["location"] == "articles/2024/faehre/"
    assert fahre["terms"] == {"faehre": True, "Fähre": True}
    # The stem's other forms too: "Bürgermeisters" holds "Bürgermeister", which the page writes.
    mayor = next(group[0] for group in ask("Buergermeisters") if group[0]["location"] == "articles/2025/hafen/")
    assert mayor["terms"] == {"Buergermeisters": True, "Bürgermeister": True}
    # A form holding the word as typed is marked by it already: nothing more is named.
    assert ask("Sanktion")[0][0]["terms"] == {"Sanktion": True}
    # A word a page lacks is named as typed, struck through.
    other = next(group[0] for group in ask("Bürgermeister Bogota") if group[0]["location"] == "articles/2025/hafen/")
    assert other["terms"] == {"Bürgermeister": True, "Bogota": False}


def test_an_english_word_finds_its_other_forms_where_no_page_holds_it(worker_on: Callable[..., Ask]) -> None:
    """"cities" found nothing where the archive writes "city", "library" nothing of "libraries", "flooded" and
    "closing" nothing of "flood" and "close": English forms end otherwise than German ones."""
    docs = [{"location": "city/", "title": "City council meets", "text": "<p>The city budget is due.</p>"},
            {"location": "libraries/", "title": "Libraries to open on Sundays", "text": "<p>Readers welcome it.</p>"},
            {"location": "flood/", "title": "Flood warning for the river", "text": "<p>Water rises.</p>"},
            {"location": "close/", "title": "Shops close early", "text": "<p>Staff go home.</p>"},
            {"location": "hire/", "title": "Schools hire teachers", "text": "<p>Forty posts.</p>"},
            {"location": "carry/", "title": "Ferries carry more cars", "text": "<p>Queues shorten.</p>"}]
    pages = _pages_found(worker_on(docs))
    assert pages("cities") == ["city/"]
    assert pages("library") == ["libraries/"]
    assert pages("flooded") == pages("flooding") == ["flood/"]
    assert pages("closing") == ["close/"]
    assert pages("hired") == ["hire/"]
    assert pages("carried") == ["carry/"]
    # A word some page holds is not cut: "Schools" finds its page, and "city" only the page holding it.
    assert pages("city") == ["city/"] and pages("Schools") == ["hire/"]


def test_an_english_word_finds_its_other_sides_spelling(worker_on: Callable[..., Ask]) -> None:
    """"neighbours" found nothing where the archive writes "neighbors" (an American agency's report), "center"
    nothing of "centre"."""
    docs = [{"location": "n/", "title": "Neighbors complain about noise", "text": "<p>The neighbors met.</p>"},
            {"location": "c/", "title": "Arts centre reopens", "text": "<p>The theatre is new.</p>"},
            {"location": "h/", "title": "Harbour news", "text": "<p>The harbor of Boston.</p>"}]
    pages = _pages_found(worker_on(docs))
    assert pages("neighbours") == ["n/"]
    assert pages("center") == ["c/"] and pages("theater") == ["c/"]
    assert pages("colour") == []  # nothing of the kind
    # A word the archive holds is not respelt: "harbour" finds its title, "harbor" its text.
    assert pages("harbour") == pages("harbor") == ["h/"]
