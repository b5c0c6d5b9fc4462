"""Scans kept between runs: after any edit, tags from the cache are those of a run without it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.config import TagsConfig
from generator.memo import BodyDigests
from generator.model import Article, Paragraph, Source
from generator.tag import retag, tag_articles


def article(file: str, title: str, *paragraphs: str, language: str = "de") -> Article:
    return Article(title=title, date=date(2024, 3, 1), date_precision="day", language=language,
                   source=Source(file=file), body=tuple(Paragraph(p) for p in paragraphs))


ARCHIVE = [
    article("a.txt", "Clara Hoffmann besucht Velsburg", "Clara Hoffmann kam am Montag nach Velsburg.",
            "Hoffmann sprach mit der Stadtwerke Velsburg über den Hafen."),
    article("b.txt", "Streit um den Hafen", "Die Stadtwerke Velsburg wollen den Hafen ausbauen.",
            "Clara Hoffmann lehnte das ab. Velsburgs Rat berät im Mai."),
    article("c.txt", "Hoffmann gegen Ausbau", "Clara Hoffmann kritisiert die Pläne der Stadtwerke Velsburg.",
            "Der Hafen bleibt ein Thema in Velsburg."),
    article("d.txt", "Strike at Northgate Shipping", "Workers at Northgate Shipping walked out on Monday.",
            "Northgate Shipping said the strike would end soon.", language="en"),
    article("e.txt", "Northgate talks stall", "Talks between Northgate Shipping and the union stalled.",
            "The strike at Northgate Shipping goes on.", language="en"),
    article("f.txt", "Weinfest in Rheinhausen", "Rheinhausen feiert am Wochenende das Weinfest.",
            "Das Weinfest in Rheinhausen zieht viele Gäste an."),
    # both words of a name, never side by side: "Stadtwerke Velsburg" added makes the name's run
    article("s.txt", "Neue Preise", "Die Stadtwerke erhöhen die Preise deutlich", "In Velsburg zahlen Kunden mehr."),
]
CONFIG = TagsConfig(rules={"Hafen": ("Hafen",), "Wetter": ("regnet",)})


def tags(articles: list[Article], cache: Path | None = None) -> dict[str, tuple[str, ...]]:
    return {a.key: a.tags for a in tag_articles(articles, CONFIG, cache)}


def edited(articles: list[Article], index: int, *paragraphs: str) -> list[Article]:
    changed = list(articles)
    changed[index] = replace(changed[index], body=tuple(Paragraph(p) for p in paragraphs))
    return changed


EDITS = {
    "a paragraph added": lambda a: edited(a, 5, "Rheinhausen feiert.", "Das Weinfest in Rheinhausen, sagt Clara Hoffmann."),
    "a name removed": lambda a: edited(a, 1, "Die Stadtwerke bauen den Hafen aus."),
    "an article removed": lambda a: a[1:],
    "an article added": lambda a: [*a, article("g.txt", "Weinfest lockt Clara Hoffmann",
                                                   "Clara Hoffmann eröffnet das Weinfest in Rheinhausen.")],
    "the only use of a word removed": lambda a: edited(a, 4, "The talks go on."),
    "front matter tags given": lambda a: [replace(a[0], tags=("Sommerfest",)), *a[1:]],
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=list(EDITS))
def test_after_an_edit_tags_from_the_cache_equal_a_clean_run(tmp_path: Path, edit) -> None:  # noqa: ANN001
    assert tags(ARCHIVE, tmp_path) == tags(ARCHIVE)
    changed = edit(ARCHIVE)
    assert tags(changed, tmp_path) == tags(changed)
    # and back: the scans of the first version were dropped or are made again, with the same tags
    assert tags(ARCHIVE, tmp_path) == tags(ARCHIVE)
    assert tags(changed[::-1], tmp_path) == tags(changed)


def test_unchanged_articles_are_not_scanned_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tags(ARCHIVE, tmp_path)
    scanned: list[str] = []
    import generator.tag as tag

    original = tag._scan

    def counting(zones: list[tuple[str, int]], *args: object) -> object:
        scanned.append(zones[0][0])  # the title
        return original(zones, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(tag, "_scan", counting)
    changed = edited(ARCHIVE, 2, "Clara Hoffmann bleibt bei ihrer Kritik am Hafen.")
    from_cache = tags(changed, tmp_path)
    assert set(scanned) == {"Hoffmann gegen Ausbau"}  # only the edited article, c.txt
    assert from_cache == tags(changed)


def test_a_stale_or_damaged_scan_cache_gives_the_same_tags(tmp_path: Path) -> None:
    expected = tags(ARCHIVE)
    tags(ARCHIVE, tmp_path)
    scans = tmp_path / "scans.pickle"
    other = tmp_path / "other"
    other.mkdir()
    tags(ARCHIVE[2:], other)  # a cache of another archive
    (tmp_path / "tags.pickle").unlink()
    scans.write_bytes((other / "scans.pickle").read_bytes())
    assert tags(ARCHIVE, tmp_path) == expected
    for damage in (b"not a pickle", scans.read_bytes()[:100], b""):
        (tmp_path / "tags.pickle").unlink()
        scans.write_bytes(damage)
        assert tags(ARCHIVE, tmp_path) == expected
    # other rules: the scans' rule matches are not reused
    rules = TagsConfig(rules={"Weinfest": ("Weinfest",)})
    assert {a.key: a.tags for a in tag_articles(ARCHIVE, rules, tmp_path)} == \
        {a.key: a.tags for a in tag_articles(ARCHIVE, rules)}


def test_an_edit_leaves_the_scan_file_and_is_scanned_again_until_many_are_missing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # 400 articles: the file is written anew once more than 4 scans are missing from it or stale
    archive = [article(f"n{n:03d}.txt", f"Hafenfest Nummer {n} in Velsburg", f"Clara Hoffmann eröffnet Fest {n}.",
                       "Die Stadtwerke Velsburg zahlen.") for n in range(400)]
    # words only this article has, which the edit removes: the scan file's words are then stale
    archive[7] = replace(archive[7], body=(*archive[7].body, Paragraph("Tessa Quandt lobt Quandts Werft.")))
    tags(archive, tmp_path)
    scans = tmp_path / "scans.pickle"
    first = scans.stat().st_ino
    scanned: list[str] = []
    import generator.tag as tag

    original = tag._scan

    def counting(zones: list[tuple[str, int]], *args: object) -> object:
        scanned.append(zones[0][0])  # the title
        return original(zones, *args)  # type: ignore[arg-type]

    def run(articles: list[Article]) -> list[str]:
        expected = tags(articles)
        scanned.clear()
        assert tags(articles, tmp_path) == expected
        key = {a.title: a.key for a in articles}
        assert len(key) == len(articles)
        return sorted({key[title] for title in scanned})

    monkeypatch.setattr(tag, "_scan", counting)
    changed = edited(archive, 7, "Clara Hoffmann sagt das Fest in Rheinhausen ab.")
    assert run(changed) == ["n007.txt"]
    assert scans.stat().st_ino == first  # not written anew
    changed = edited(changed, 8, "Das Fest fällt aus.")
    assert run(changed) == ["n007.txt", "n008.txt"]  # the first edit's scan is made again
    assert scans.stat().st_ino == first
    # a third edit: 3 scans missing and 3 stale, more than one in a hundred: written anew, complete
    changed = edited(changed, 9, "Der Hafen bleibt zu.")
    assert run(changed) == ["n007.txt", "n008.txt", "n009.txt"]
    assert scans.stat().st_ino != first
    assert run(changed) == []


def test_an_edit_that_leaves_the_candidates_skips_the_archive_pass(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """Lower-case words (other than stop words, which the vocabulary reads) and commas in a German
    article change no name, topic or rule match: the tags stay as they are without the pass over
    the archive. A name added does not."""
    import generator.tag as tag

    tags(ARCHIVE, tmp_path)
    passes: list[int] = []
    original = tag._Vocabulary

    def counting(*args: object) -> object:
        passes.append(1)
        return original(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(tag, "_Vocabulary", counting)
    wording = edited(ARCHIVE, 0, "Clara Hoffmann kam am Montag erneut, ausdrücklich, nach Velsburg.",
                     "Hoffmann sprach mit der Stadtwerke Velsburg über den Hafen.")
    assert tags(wording, tmp_path) == tags(ARCHIVE)
    assert passes == [1]  # the clean run's only
    passes.clear()
    # one article's name more, in another article: the pass runs, and its tags are a clean run's
    named = edited(wording, 5, "Rheinhausen feiert am Wochenende das Weinfest mit Clara Hoffmann.",
                   "Das Weinfest in Rheinhausen zieht viele Gäste an.")
    assert tags(named, tmp_path) == tags(named)
    assert passes == [1, 1]


_WORDS_TO_ADD = ("heute", "ausdrücklich", "und", ",", "regnet", "Hafen", "Velsburgs", "Tessa Quandt", "Weinfest",
                 "Stadtwerke Velsburg", "Clara", "strike", "the", "Northgate", "Northgate Shipping", "talks",
                 "rail strike, rail strike")


@pytest.mark.parametrize("word", _WORDS_TO_ADD)
def test_tags_after_a_word_added_anywhere_are_a_clean_runs(tmp_path: Path, word: str) -> None:
    """The word added to the lead of each article in turn, each time after a run that cached the
    archive as it was: whether the archive pass is skipped or not, the tags are a clean run's."""
    for index in range(len(ARCHIVE)):
        cache = tmp_path / str(index)
        tags(ARCHIVE, cache)
        texts = [block.text for block in ARCHIVE[index].body]  # type: ignore[union-attr]
        changed = edited(ARCHIVE, index, f"{texts[0]} {word}", *texts[1:])
        assert tags(changed, cache) == tags(changed), ARCHIVE[index].key


@settings(max_examples=25, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(ARCHIVE) - 1), st.integers(0, 1), st.sampled_from(_WORDS_TO_ADD),
                          st.booleans()), min_size=1, max_size=8))
def test_tags_after_any_sequence_of_word_edits_are_a_clean_runs(edits: list[tuple[int, int, str, bool]]) -> None:
    """Words added to or taken from a paragraph, one edit at a time: whether the archive pass is
    skipped or not, the tags are those of a run without the cache."""
    archive = list(ARCHIVE)
    with tempfile.TemporaryDirectory() as folder:
        assert tags(archive, Path(folder)) == tags(archive)
        for index, paragraph, word, add in edits:
            texts = [block.text for block in archive[index].body]  # type: ignore[union-attr]
            at = min(paragraph, len(texts) - 1)
            texts[at] = f"{texts[at]} {word}" if add else texts[at].replace(f" {word}", "", 1)
            archive = edited(archive, index, *texts)
            assert tags(archive, Path(folder)) == tags(archive)


def test_a_word_that_only_the_vocabulary_reads_still_runs_the_archive_pass(tmp_path: Path) -> None:
    """A lower-case "della" is no candidate, but once the archive has it, "Della" opening a sentence
    reads as a common word: "Della Robbia" in other articles falls apart into two words."""
    archive = [article(f"r{n}.txt", f"Concert number {n}", "It rained. Della Robbia played in Northgate.",
                       "Della Robbia stayed late. The crowd cheered.", language="en") for n in range(3)]
    archive.append(article("w.txt", "Museum opens", "The museum shows paintings.", "Visitors came by bus.",
                           language="en"))
    assert "Della Robbia" in tags(archive, tmp_path)["r0.txt"]
    changed = edited(archive, 3, "The museum shows paintings.", "Visitors came by della bus.")
    assert tags(changed, tmp_path) == tags(changed)
    assert "Della Robbia" not in tags(changed)["r0.txt"]


def test_a_word_added_to_a_headline_runs_the_archive_pass(tmp_path: Path) -> None:
    """An English headline in title case is read word by word: "strike" added to it is a topic candidate
    there, and makes "Strike" a tag of the article, as in a clean run."""
    tags(ARCHIVE, tmp_path)
    changed = list(ARCHIVE)
    changed[4] = replace(changed[4], title="Northgate talks stall strike")
    assert tags(changed, tmp_path) == tags(changed)
    assert "Strike" in tags(changed)["e.txt"]


def by_difference(before: list[Article], after: list[Article], cache: Path) -> dict[str, tuple[str, ...]] | None:
    """The tags ``retag`` gives ``after`` with the cache holding a run over ``before``, with the scan file
    gone and the other articles' scans unavailable: only the pass worked out by difference from the last
    one can answer (None when it cannot)."""
    (cache / "scans.pickle").unlink(missing_ok=True)
    last = {a.key: a for a in before}
    edits = [a for a in after if last.get(a.key) != a]
    removed = last.keys() - {a.key for a in after}
    found = retag(edits, CONFIG, cache, BodyDigests(), lambda keys: None, removed,
                  [last[key] for key in [*(a.key for a in edits if a.key in last), *removed]])
    return None if found is None else found[1]


def with_words(articles: list[Article], index: int, words: str) -> list[Article]:
    texts = [block.text for block in articles[index].body]  # type: ignore[union-attr]
    return edited(articles, index, texts[0], f"{texts[-1]} {words}")


@pytest.mark.parametrize(("index", "words"), [(0, "Das sagte Tessa Quandt."), (5, "Clara Hoffmann kam auch."),
                                              (6, "Die Stadtwerke Velsburg schweigen."),
                                              (3, "Northgate Shipping and the union met again.")],
                         ids=["a new name", "a name other articles have", "a name's run", "an English name"])
def test_a_name_added_is_tagged_by_difference_as_a_clean_run_tags_it(tmp_path: Path, index: int, words: str) -> None:
    """The pass over the archive, worked out from the last one's counts and the edited article alone,
    without any other article's scan: the tags of every article are a clean run's."""
    tags(ARCHIVE, tmp_path)
    changed = with_words(ARCHIVE, index, words)
    assert by_difference(ARCHIVE, changed, tmp_path) == tags(changed)


def test_an_english_compound_noun_is_tagged_by_difference_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """A compound noun ("rail strike") in one article is no topic; in a second, it is one, and stands for its
    words ("Rail", "Strike") in the first article too: each pass by difference tags as a clean run does."""
    rail = "The rail strike spread. The rail strike hurt trade. The rail strike goes on."
    once = with_words(ARCHIVE, 3, rail)
    twice = with_words(once, 4, rail)
    assert "Rail strike" in tags(twice)["d.txt"] and "Rail strike" not in tags(once)["d.txt"]
    tags(ARCHIVE, tmp_path / "a")
    assert by_difference(ARCHIVE, once, tmp_path / "a") == tags(once)
    tags(once, tmp_path / "b")
    assert by_difference(once, twice, tmp_path / "b") == tags(twice)
    tags(twice, tmp_path / "c")
    assert by_difference(twice, once, tmp_path / "c") == tags(once)


def test_a_new_article_is_tagged_by_difference_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """A new article changes the archive's size, so every candidate's weight: all articles are ranked
    again, from their stored candidates; "Weinfest" becomes a tag of two articles."""
    tags(ARCHIVE, tmp_path)
    grown = [*ARCHIVE, article("g.txt", "Weinfest lockt Clara Hoffmann", "Clara Hoffmann eröffnet das Weinfest.",
                               "Das Weinfest in Rheinhausen feiert Clara Hoffmann.")]
    found = by_difference(ARCHIVE, grown, tmp_path)
    assert found == tags(grown)
    assert found is not None and "Weinfest" in found["f.txt"] and "Weinfest" not in tags(ARCHIVE)["f.txt"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, len(ARCHIVE) + 1), st.sampled_from(_WORDS_TO_ADD), st.booleans()),
                min_size=1, max_size=6))
def test_any_series_of_edits_tagged_by_difference_gives_a_clean_runs_tags(
        edits: list[tuple[int, str, bool]]) -> None:
    """Words added to or taken from an article, a new article or one removed, one edit at a time, each
    tagged by difference where that answers (a whole run where not): every answer is a clean run's."""
    archive = list(ARCHIVE)
    with tempfile.TemporaryDirectory() as folder:
        cache = Path(folder)
        tags(archive, cache)
        for number, (index, word, add) in enumerate(edits):
            if index > len(archive) and len(archive) > 1:
                changed = [a for a in archive if a is not archive[len(word) % len(archive)]]
            elif index >= len(archive):
                changed = [*archive, article(f"n{number}.txt", f"Neu: {word}", f"Heute {word} in Velsburg.",
                                             "Clara Hoffmann war da.")]
            elif add:
                changed = with_words(archive, index, word)
            else:
                texts = [block.text for block in archive[index].body]  # type: ignore[union-attr]
                changed = edited(archive, index, *(t.replace(f" {word}", "", 1) for t in texts))
            found = by_difference(archive, changed, cache)
            if found is None:
                tags(changed, cache)  # as a whole run: the cache holds the archive as it is now
            else:
                assert found == tags(changed)
                # The words kept by change (see tag._word_journal) read back as a whole run keeps them.
                with tempfile.TemporaryDirectory() as clean:
                    tags(changed, Path(clean))
                    assert kept_words(cache) == kept_words(Path(clean))
            archive = changed


def kept_words(cache: Path) -> tuple[object, ...]:
    """The last pass's words (by token, with what each is), how often each is read, and what the
    vocabulary answers, as the next pass by difference reads them from ``cache``."""
    from generator.tag import _last_pass, _tags_memo

    memo = _tags_memo(cache, CONFIG)
    found = _last_pass(cache, CONFIG, memo.get("generation"), memo.get("last"))
    assert found is not None
    state = found[0]
    words = {language: {token: (i.cls, i.surface, i.key, i.lemma, i.lemma_key, i.match, i.role)
                        for token, i in its_words.items()} for language, its_words in state.words.items() if its_words}
    token_of = {i: token for its_words in state.words.values() for token, i in its_words.items()}
    uses = {language: {token_of.get(i, f"{i.surface}, a word not kept"): count for i, count in counts.items()}
            for language, counts in state.uses.items() if counts}
    lower, *answers = state.vocabulary  # a language none of whose words is left reads as no language
    return words, uses, ({language: keys for language, keys in lower.items() if keys}, *answers)


def test_a_topic_new_to_the_kept_spellings_is_named_as_a_clean_run_names_it(tmp_path: Path) -> None:
    """Five articles name "Tessa Quändt" once each below their lead, never saliently, so the pass keeps
    no spellings of her. Two edits, one at a time, name "Tessa Quandt" twice each: she becomes a topic,
    named after the spelling most articles use, as a clean run names her, whether the pass answers by
    difference or not."""
    mentions = [article(f"q{n}.txt", f"Bericht {n} aus Velsburg", "Die Stadtwerke Velsburg schweigen.",
                        f"Im Rathaus sprach auch Tessa Quändt über Plan {n}.") for n in range(5)]
    archive = [*ARCHIVE, *mentions]
    tags(archive, tmp_path)
    twice = "Tessa Quandt kam. Danach ging Tessa Quandt."
    first = with_words(archive, 5, twice)
    assert by_difference(archive, first, tmp_path) == tags(first)  # one article: no topic yet
    second = with_words(first, 0, twice)
    found = by_difference(first, second, tmp_path)
    assert "Tessa Quändt" in tags(second)["a.txt"]
    assert found is None or found == tags(second)


def test_a_word_that_changes_what_other_articles_read_takes_the_whole_pass(tmp_path: Path) -> None:
    """A lower-case "della" new to the archive makes "Della" opening a sentence a common word in other
    articles: the pass by difference cannot know them, so the whole pass runs ("Della Robbia" is no
    topic any more, as in a clean run)."""
    archive = [article(f"r{n}.txt", f"Concert number {n}", "It rained. Della Robbia played in Northgate.",
                       "Della Robbia stayed late. The crowd cheered.", language="en") for n in range(3)]
    archive.append(article("w.txt", "Museum opens", "The museum shows paintings.", "Visitors came by bus.",
                           language="en"))
    tags(archive, tmp_path)
    changed = edited(archive, 3, "The museum shows paintings.", "Visitors came by della bus.")
    assert by_difference(archive, changed, tmp_path) is None
    assert "Della Robbia" in tags(archive)["r0.txt"] and "Della Robbia" not in tags(changed)["r0.txt"]


def _by_difference_or_none_is_a_clean_runs(before: list[Article], after: list[Article], cache: Path) -> None:
    tags(before, cache)
    found = by_difference(before, after, cache)
    assert found is None or found == tags(after)


def test_a_run_that_becomes_a_name_in_another_article_is_tagged_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """"Tessa Quandt" once in the archive is two words; named in the lead of a second article, she is a
    name in the first one too, and a topic of both."""
    archive = [*ARCHIVE, article("t.txt", "Besuch im Hafen", "Tessa Quandt besichtigte den Hafen.",
                                 "Die Stadtwerke Velsburg zeigten ihr die Kräne.")]
    changed = edited(archive, 5, "Tessa Quandt eröffnet. Rheinhausen feiert am Wochenende das Weinfest.",
                     "Das Weinfest in Rheinhausen zieht viele Gäste an.")
    assert "Tessa Quandt" in tags(changed)["t.txt"] and "Tessa Quandt" not in tags(archive)["t.txt"]
    _by_difference_or_none_is_a_clean_runs(archive, changed, tmp_path)


def test_a_second_full_name_for_a_short_form_is_tagged_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """"Hoffmann" alone in an article counts toward the archive's one full name ending with it; once
    another article names "Jan Hoffmann" (twice: a name), it is no one's."""
    archive = [*ARCHIVE, article("h.txt", "Hoffmann in Rheinhausen", "Hoffmann besucht das Weinfest.",
                                 "Es regnet in Rheinhausen.")]
    changed = with_words(archive, 6, "Jan Hoffmann kam. Danach ging Jan Hoffmann.")
    assert "Clara Hoffmann" in tags(archive)["h.txt"] and "Clara Hoffmann" not in tags(changed)["h.txt"]
    _by_difference_or_none_is_a_clean_runs(archive, changed, tmp_path)


def test_a_role_noun_standing_alone_is_tagged_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """"Unternehmer Strübing" is a name while "Unternehmer" never stands alone; once an article has it
    alone, it is a role before "Strübing" everywhere."""
    archive = [article(f"u{n}.txt", f"Hafen {n}", "Unternehmer Strübing kauft den Hafen.",
                       f"Der Kauf kostet {n} Millionen.") for n in range(3)]
    archive.append(article("v.txt", "Velsburg wählt", "Velsburg wählt am Sonntag.", "Die Wahl ist frei."))
    changed = edited(archive, 3, "Velsburg wählt am Sonntag.", "Die Wahl ist frei. Ein Unternehmer schwieg.")
    assert tags(archive)["u0.txt"] != tags(changed)["u0.txt"]
    _by_difference_or_none_is_a_clean_runs(archive, changed, tmp_path)


def test_a_run_that_sheds_its_first_word_in_another_article_is_tagged_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """"Quarzkopf Malte Strübing" twice is a name; once "Malte Strübing" occurs more often without the
    first word, the longer run in the other articles is "Malte Strübing" too."""
    archive = [article(f"u{n}.txt", f"Hafen {n}", "Quarzkopf Malte Strübing kauft den Hafen.",
                       f"Der Kauf kostet {n} Millionen.") for n in range(2)]
    archive.append(article("v.txt", "Velsburg wählt", "Velsburg wählt am Sonntag.", "Die Wahl ist frei."))
    changed = with_words(archive, 2, "Malte Strübing kam.")
    assert "Quarzkopf Malte Strübing" in tags(archive)["u0.txt"] and "Malte Strübing" in tags(changed)["u0.txt"]
    _by_difference_or_none_is_a_clean_runs(archive, changed, tmp_path)


def test_front_matter_tags_given_are_tagged_by_difference_as_a_clean_run_tags_them(tmp_path: Path) -> None:
    """Front matter tags on an article whose text is as it was: its own tags change, named as given."""
    tags(ARCHIVE, tmp_path)
    changed = [replace(ARCHIVE[0], tags=("Sommerfest", "hafen")), *ARCHIVE[1:]]
    found = by_difference(ARCHIVE, changed, tmp_path)
    assert found == tags(changed) and found is not None and "Sommerfest" in found["a.txt"]


def test_an_article_removed_is_tagged_by_difference_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """The only English article besides one gone: its words' last uses go, every candidate's weight
    changes, "Northgate Shipping" is a topic of one article only now."""
    tags(ARCHIVE, tmp_path)
    smaller = [a for a in ARCHIVE if a.key != "e.txt"]
    found = by_difference(ARCHIVE, smaller, tmp_path)
    assert found == tags(smaller)
    assert "Northgate Shipping" in tags(ARCHIVE)["d.txt"] and found is not None and "e.txt" not in found


def test_the_last_use_of_a_word_edited_away_is_tagged_by_difference_as_a_clean_run_tags_it(tmp_path: Path) -> None:
    """"talks" and "stall" gone from the archive with a new title: the vocabulary loses them."""
    tags(ARCHIVE, tmp_path)
    changed = list(ARCHIVE)
    changed[4] = replace(changed[4], title="Northgate waits",
                         body=(Paragraph("Northgate Shipping and the union met."), Paragraph("The strike goes on.")))
    found = by_difference(ARCHIVE, changed, tmp_path)
    assert found is not None and found == tags(changed)


def test_the_last_use_of_a_word_gone_that_changes_what_others_read_takes_the_whole_pass(tmp_path: Path) -> None:
    """The only lower-case "della" removed with its article: "Della" opening a sentence elsewhere is a
    name again ("Della Robbia" a topic, as in a clean run), which the pass by difference cannot know."""
    archive = [article(f"r{n}.txt", f"Concert number {n}", "It rained. Della Robbia played in Northgate.",
                       "Della Robbia stayed late. The crowd cheered.", language="en") for n in range(3)]
    archive.append(article("w.txt", "Museum opens", "The museum shows paintings.", "Visitors came by della bus.",
                           language="en"))
    tags(archive, tmp_path)
    assert by_difference(archive, archive[:3], tmp_path) is None
    assert "Della Robbia" not in tags(archive)["r0.txt"] and "Della Robbia" in tags(archive[:3])["r0.txt"]


def test_the_kept_vocabulary_answers_as_one_built_from_its_words(tmp_path: Path) -> None:
    """A pass by difference restores the last pass's vocabulary from what it answered instead of
    building it again from the words: the same answers, and the words' roots set as building it sets
    them, also after a vocabulary of other words (built and dropped in this process) changed them."""
    from generator.tag import _Dictionary, _last_pass, _tags_memo, _Vocabulary

    tags(ARCHIVE, tmp_path)
    memo = _tags_memo(tmp_path, CONFIG)
    state = _last_pass(tmp_path, CONFIG, memo.get("generation"), memo.get("last"))[0]
    words = {language: set(found.values()) for language, found in state.words.items()}
    built = _Vocabulary(words, _Dictionary(None))
    roots = {info: info.root for found in words.values() for info in found}
    assert any(root != info.key for info, root in roots.items()), "a word whose root is another spelling's"
    for info in roots:
        info.root = "elsewhere"
    restored = _Vocabulary.restored(state.vocabulary, words, _Dictionary(None))
    assert restored.answers() == built.answers()
    assert {info: info.root for info in roots} == roots


@pytest.mark.parametrize("forgets", [False, True])
def test_scans_shared_with_a_worker_process_give_the_tags_of_one_process(tmp_path: Path,
                                                                        monkeypatch: pytest.MonkeyPatch,
                                                                        forgets: bool) -> None:
    """A first run over many articles has a worker process scan some of them (see ``tag._SHARE_FROM``).
    Its words are taken as this process's lexicon has them: the tags are those of one process, and so
    are those of the next runs, from the scans kept or from the pass's state by difference. Also when
    the worker lets go of its lexicons after each chunk (as a large archive's vocabulary has it do, see
    ``tag._WORKER_WORDS``) and sends the words it meets again under new numbers."""
    import generator.tag as tag

    if forgets:
        monkeypatch.setattr(tag, "_WORKER_WORDS", 0)

    added = [*ARCHIVE, article("g.txt", "Weinfest lockt Clara Hoffmann",
                               "Clara Hoffmann eröffnet das Weinfest in Rheinhausen.")]
    edited_archive = edited(ARCHIVE, 2, "Tessa Quandt kritisiert die Stadtwerke Velsburg und den Hafen.")
    expected = {"first": tags(ARCHIVE), "added": tags(added), "edited": tags(edited_archive)}
    assert expected["edited"]["c.txt"] != expected["first"]["c.txt"]
    handed: list[int] = []
    hand = tag._ScansBeside.hand

    def counted(self: tag._ScansBeside, indexes: list[int], items: list[tuple[str, list[tuple[str, int]]]]) -> bool:
        handed.extend(indexes)
        return hand(self, indexes, items)

    monkeypatch.setattr(tag, "_SHARE_FROM", 1)
    monkeypatch.setattr(tag, "_SHARE_CHUNK", 1)
    monkeypatch.setattr(tag._ScansBeside, "hand", counted)
    temporary = tmp_path / "tmp"  # where the chunks and their scans pass to and from the worker
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    shared = tmp_path / "shared"
    assert tags(ARCHIVE, shared) == expected["first"]
    assert handed  # the worker scanned these (this process, most often, the others)
    if forgets:  # the first three chunks go to the worker: it forgot its words in between
        assert len(handed) >= 3
    # No chunk's file left behind (multiprocessing keeps a folder of its own there while it runs).
    assert [file.name for file in temporary.iterdir() if not file.name.startswith("pymp-")] == []
    kept = tmp_path / "kept"
    shutil.copytree(shared, kept)
    assert tags(added, kept) == expected["added"]  # the scans the shared run kept
    assert by_difference(ARCHIVE, edited_archive, shared) == expected["edited"]  # its pass's state


def test_a_worker_that_lets_go_of_its_words_sends_them_again_under_new_numbers() -> None:
    """What the worker's side of a shared scan sends after it let go of its lexicons (``_ScanShare.forget``):
    the words it meets again, under numbers after those it sent before, so that the caller, taking each
    word as its own lexicon has the token (``_ScansBeside.scans``), reads the same scan as before."""
    import generator.tag as tag

    items = [("de", [("Clara Hoffmann eröffnet das Weinfest in Rheinhausen.", 3)])]
    session = os.urandom(16)  # one tag stage's sharing
    mine: dict[str, object] = {}  # the caller's lexicon: token → word
    words: list[object] = []  # the caller's words by the worker's numbers
    read = []
    for _ in range(2):
        learnt, packed, _ = tag._scanned(items, session, (), None, 0)
        words.extend(mine.setdefault(token, info) for _, token, info in learnt)
        read.append(tag._Scan.unpacked(packed[0], words.__getitem__))
    assert len(words) == 2 * len(mine)  # every word sent twice, numbered on
    assert read[1] == read[0] and read[0].runs and read[0].lone
    assert read[1].runs[0][0][0] is read[0].runs[0][0][0] is mine["Clara"]  # the caller's own word


@pytest.mark.parametrize("failing", ["folder", "chunks"])
def test_scans_shared_with_a_worker_without_room_for_their_files_are_made_here(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    """The chunks go to the worker through files in a temporary folder. Where no temporary folder can be
    made, or a chunk's file cannot be written (a full disk), this process scans those articles itself:
    the same tags, no error."""
    import generator.tag as tag

    expected = tags(ARCHIVE)
    monkeypatch.setattr(tag, "_SHARE_FROM", 1)
    monkeypatch.setattr(tag, "_SHARE_CHUNK", 1)
    if failing == "folder":
        monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "missing"))
    else:
        def full(file: Path, value: object) -> None:
            file.write_bytes(b"half a chunk")
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(tag, "_dump", full)  # in this process only: the worker writes its scans
    assert tags(ARCHIVE, tmp_path / "cache") == expected


def test_a_worker_that_cannot_write_its_scans_sends_them_back_through_the_pipe(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The worker writes each chunk's scans to a file beside the chunk's. Where it cannot (a full disk),
    it sends them back through the pool's pipe instead: the same tags, no error."""
    import generator.tag as tag

    expected = tags(ARCHIVE)
    monkeypatch.setattr(tag, "_SHARE_FROM", 1)
    monkeypatch.setattr(tag, "_SHARE_CHUNK", 1)
    folder = tmp_path / "scratch"
    for n in range(len(ARCHIVE)):
        (folder / f"{n}.done").mkdir(parents=True)  # where the worker writes a chunk's scans: no file fits there
    handed: list[int] = []
    hand = tag._ScansBeside.hand

    def counted(self: tag._ScansBeside, indexes: list[int], items: list[tuple[str, list[tuple[str, int]]]]) -> bool:
        handed.extend(indexes)
        return hand(self, indexes, items)

    @contextmanager
    def scratch() -> Iterator[Path]:
        yield folder

    monkeypatch.setattr(tag, "_scratch_folder", scratch)
    monkeypatch.setattr(tag._ScansBeside, "hand", counted)
    assert tags(ARCHIVE, tmp_path / "cache") == expected
    assert handed  # the worker scanned these, and could write none of their scans
    assert sorted(file.name for file in folder.iterdir()) == sorted(f"{n}.done" for n in range(len(ARCHIVE)))


_VOCABULARY_WORDS = {
    "de": ("Velsburg", "Velsburgs", "Hafen", "Häfen", "Hafens", "hafen", "Stadtwerke", "Stadtwerken", "Europäische",
           "Europäischen", "europäisch", "die", "von", "Haus", "Häuser", "Hauses", "Quandt", "Quandts", "Müller",
           "Muller", "Grüne", "grün", "Grünen", "Deichbau", "Deichbaus", "Unternehmer", "Fernwärme", "Orbán", "Orbans"),
    "en": ("Harbour", "harbour", "Harbours", "council", "councils", "Putin", "Putins", "Putin's", "Velsburg", "the",
           "Grüne"),
    "ru": ("Москва", "Москвы", "Москве", "Вельсбург", "Вельсбурга", "Вельсбургу", "город", "города", "Путин",
           "Путина"),
}


@settings(max_examples=300, deadline=None)
@given(st.fixed_dictionaries({language: st.tuples(st.sets(st.sampled_from(pool)), st.sets(st.sampled_from(pool)))
                              for language, pool in _VOCABULARY_WORDS.items()}))
def test_a_vocabulary_worked_out_from_the_last_one_answers_as_one_built_anew(
        chosen: dict[str, tuple[set[str], set[str]]]) -> None:
    """A pass by difference makes its vocabulary from the last one and the words that came and went
    (``_Vocabulary.changed``): the same groups, spellings, lower-case keys, nominatives and adjectives,
    and the same roots on every word, as a vocabulary built from all the words."""
    from generator.tag import _Dictionary, _Lexicon, _Vocabulary

    dictionary = _Dictionary(None)
    lexicons = {language: _Lexicon(language, dictionary) for language in chosen}
    before = {language: {lexicons[language].info(token) for token in old} for language, (old, _) in chosen.items()}
    after = {language: {lexicons[language].info(token) for token in new} for language, (_, new) in chosen.items()}
    changed = {info: language for language in chosen for info in before[language] ^ after[language]}
    found = _Vocabulary(before, dictionary).changed(after, changed)
    assert found is not None
    roots = {info: info.root for words in after.values() for info in words}
    built = _Vocabulary(after, dictionary)
    assert found.answers() == built.answers()
    assert roots == {info: info.root for words in after.values() for info in words}


def test_a_long_headline_in_title_case_comes_back_whole_from_the_scan_file(tmp_path: Path) -> None:
    """The scan file keeps each run of capitalised words with a bit per word that may only be capitalised as a
    headline's (the run's mask): a headline of forty such words has a mask past 32 bits, which comes back whole."""
    words = ("Harbour Council Approves Northgate Shipping Plans Velsburg Quay Protest Residents Fishermen "
             "Traders Unions Greens Liberals Teachers Doctors Nurses Bakers Butchers Farmers Pilots Sailors Dockers "
             "Drivers Porters Guards Clerks Cooks Cleaners Painters Plumbers Roofers Masons Joiners Tilers Welders "
             "Glaziers Carvers Weavers Potters").split()
    assert len(words) > 40
    long = article("l.txt", " ".join(words), "Northgate Shipping will build the quay in Velsburg.",
                   "Northgate Shipping said the quay opens in May.", language="en")
    archive = [*ARCHIVE, long]
    expected = tags(archive)
    tags(archive, tmp_path)  # writes the scans
    (tmp_path / "tags.pickle").unlink()  # the next run's pass reads them back
    assert tags(archive, tmp_path) == expected
