"""The cache between runs: what it keeps, what it drops, what it never reuses."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from generator.memo import BodyDigests, HeldCaches, Journal, Memo, block_digests, digest, holding, library_version
from generator.model import Article, Figure, Image, Paragraph, Source

from .conftest import REPO


def _article(text: str) -> Article:
    return Article(title="Titel", date=date(2024, 5, 1), date_precision="day", language="de",
                   source=Source("a.txt"), body=(Paragraph(text), Paragraph(text)))


@pytest.mark.parametrize("name", ["py3langid", "python-slugify", "text_unidecode", "PyYAML", "mkdocs-material",
                                  "archive-site", "no-such-library"])
def test_library_versions_are_those_importlib_metadata_gives(name: str) -> None:
    """Versions read off the installed folders' names, as the code stamp takes them (any spelling of a
    name, an editable install, a library not installed), without importing importlib.metadata."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        expected: str | None = version(name)
    except PackageNotFoundError:
        expected = None
    assert library_version(name) == expected
    assert library_version(name.upper().replace("-", ".")) == expected


def test_a_run_s_code_stamp_does_not_import_importlib_metadata() -> None:
    probe = "import sys; from generator.memo import code_stamp; code_stamp(); print('importlib.metadata' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=REPO, check=True)
    assert out.stdout.strip() == "False"


def test_a_key_depends_on_the_values_only() -> None:
    word = "Hafen" * 3
    shared = (word, word)
    separate = (word, "".join(["Hafen"] * 3))  # equal, but another object
    assert shared[1] is not separate[1]
    assert digest(shared) == digest(separate)
    assert digest(_article("Erster Absatz.")) == digest(_article("Erster Absatz."))
    assert digest(_article("Erster Absatz.")) != digest(_article("Erster Absatz!"))
    assert digest(("a", "b")) != digest(("ab", ""))
    # The same in another process, whose string hashes are seeded differently.
    code = "from generator.memo import digest; print(digest(('Hafen', 3, ['x']), {'a': 1}).hex())"
    other = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert other.stdout.strip() == digest(("Hafen", 3, ["x"]), {"a": 1}).hex()


def test_a_body_digest_is_the_bodys_value_however_often_asked() -> None:
    body = (Paragraph("Erster Absatz."), Figure(Image("https://img.example/a.jpg", "Der Kai")), Paragraph("Zwei."))
    same = (Paragraph("Erster Absatz."), Figure(Image("https://img.example/a.jpg", "Der Kai")), Paragraph("Zwei."))
    bodies = BodyDigests()
    first = bodies(body)
    assert bodies(body) == first == bodies(same) == BodyDigests()(body)
    others = [body[:2], (body[1], body[0], body[2]), (Paragraph("Erster Absatz."), Paragraph("Zwei.")),
              (Paragraph("Erster Absatz."), Figure(Image("https://img.example/b.jpg", "Der Kai")), Paragraph("Zwei."))]
    assert len({first, *map(bodies, others)}) == 1 + len(others)
    assert bodies(()) == bodies(()) == BodyDigests()(())


def test_a_body_learnt_from_the_parse_cache_has_the_digest_it_would_be_given() -> None:
    parsed = (Paragraph("Abonnieren Sie unseren Newsletter."), Paragraph("Der Hafen öffnet."),
              Figure(Image("https://img.example/a.jpg", "Der Kai")), Paragraph("Am Montag."))
    digests = block_digests(parsed)
    cleaned = parsed[1:]  # the boilerplate paragraph removed, the other blocks as they were
    learnt = BodyDigests()
    learnt.learn(parsed, parsed, digests)
    learnt.learn(cleaned, parsed, digests)
    fresh = BodyDigests()
    assert learnt(parsed) == fresh(parsed) and learnt(cleaned) == fresh(cleaned) != fresh(parsed)
    # A body made of other blocks than the parsed ones (images made local) is digested when asked.
    local = (parsed[1], Figure(Image("https://img.example/a.jpg", "Der Kai", "images/a.jpg")), parsed[3])
    learnt.learn(local, parsed, digests)
    assert learnt(local) == fresh(local) != fresh((parsed[1], parsed[2], parsed[3]))


def test_entries_last_until_a_run_no_longer_uses_them(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "pages.pickle"
    memo = Memo(path)
    memo.put("a", "Seite A")
    memo.put("b", "Seite B")
    memo.save()
    again = Memo(path)
    assert again.get("a") == "Seite A" and again.get("b") == "Seite B"
    assert again.get("c", "fehlt") == "fehlt"
    # A run that uses only "a" keeps only "a": the file does not grow with every edit.
    third = Memo(path)
    assert third.get("a") == "Seite A"
    third.save()
    assert Memo(path).get("b") is None and Memo(path).get("a") == "Seite A"


def test_saved_values_can_be_swapped_for_copies_read_back(tmp_path: Path) -> None:
    """``fresh_copies``: what the memo hands out after saving equals what was put, and is what the
    file holds (the originals carry the UTF-8 copies that pickling left in their strings)."""
    path = tmp_path / "articles.pickle"
    memo = Memo(path, shards=4)
    originals = {f"{n:03d}.txt": (f"Überschrift {n}", ("Der „Absatz“ eins.", "Zwei.")) for n in range(40)}
    for key, value in originals.items():
        memo.put(key, value)
    memo.save(fresh_copies=True)
    for key, value in originals.items():
        assert memo.get(key) == value and memo.get(key) is not value
    again = Memo(path, shards=4)
    assert {key: again.get(key) for key in originals} == originals


def test_a_saved_article_comes_back_equal_and_its_texts_keep_no_utf8_copy(tmp_path: Path) -> None:
    """Pickling a string that is not pure ASCII leaves a UTF-8 copy inside it (CPython caches it
    there, and ``sys.getsizeof`` counts it): the parse cache and the render workers pickle every
    article, which would add half again to the archive's texts in memory. An article's bulk texts
    pickle as UTF-8 bytes instead, lone surrogates from undecodable input included."""
    text = "Der Hafen von Velsburg wächst – „schneller als gedacht“, sagt die Behörde."
    undecodable = "Ein Byte, das kein UTF-8 war: \udcff."
    original = replace(_article(text), body=(Paragraph(text), Figure(Image("https://x.example/a.jpg", "Kräne")),
                                             Paragraph(undecodable)),
                       removed=("Folgen Sie uns – jetzt!",), description="Über den Hafen.",
                       markdown="Ein **Absatz** über Größe.")
    texts = [text, *original.removed, original.description, original.markdown]
    sizes = [sys.getsizeof(t) for t in texts]
    memo = Memo(tmp_path / "articles.pickle", shards=4)
    memo.put("a.txt", (original, b"keys"))
    memo.save()
    assert [sys.getsizeof(t) for t in texts] == sizes
    plain = "".join(["Größe "] * 3)  # a string of its own, pickled as itself: it keeps a copy
    before = sys.getsizeof(plain)
    pickle.dumps(plain)
    assert sys.getsizeof(plain) > before
    again = Memo(tmp_path / "articles.pickle", shards=4).get("a.txt")
    assert again == (original, b"keys")
    assert again[0].body[2].text == undecodable and again[0].markdown == original.markdown


@pytest.mark.parametrize("texts", [("Eins.", "Zwei – drei."), ("Ein einziger Absatz.",), (),
                                   ("Mit \0 darin.", "Und danach."), ("", "Leer davor.")])
def test_an_articles_paragraphs_come_back_as_they_were(texts: tuple[str, ...]) -> None:
    """The paragraphs travel as one text joined by NUL, which files never hold (read.normalise_text
    removes it); a paragraph holding one all the same, an empty one and a body of none come back too."""
    body = tuple(Paragraph(t) for t in texts) + (Figure(Image("https://x.example/a.jpg", "Kräne")),)
    original = replace(_article("Erster Absatz."), body=body)
    assert pickle.loads(pickle.dumps(original)) == original


def test_other_settings_and_damaged_files_are_not_reused(tmp_path: Path) -> None:
    path = tmp_path / "tags.pickle"
    memo = Memo(path, context={"min_articles": 2})
    memo.put("k", ("Hafen",))
    memo.save()
    assert Memo(path, context={"min_articles": 2}).get("k") == ("Hafen",)
    assert Memo(path, context={"min_articles": 3}).get("k") is None
    path.write_bytes(b"\x80\x05damaged")
    assert Memo(path, context={"min_articles": 2}).get("k") is None


def _saved(path: Path, shards: int, entries: int) -> None:
    """A memo of ``entries`` entries ``file-<n>: n`` in ``shards`` files, saved."""
    memo = Memo(path, shards=shards)
    for n in range(entries):
        memo.put(f"file-{n}", n)
    memo.save()


def test_a_small_change_rewrites_one_shard(tmp_path: Path) -> None:
    path = tmp_path / "articles.pickle"
    _saved(path, 8, 200)
    files = sorted(tmp_path.iterdir())
    assert [f.name for f in files] == [f"articles.{n:02d}.pickle" for n in range(8)]
    # A rewritten file is a new file (written beside, then renamed over): its inode tells, even when
    # the clock has not moved on since the first save.
    before = {f.name: f.stat().st_ino for f in files}

    edit = Memo(path, shards=8)
    assert all(edit.get(f"file-{n}") == n for n in range(200))
    edit.put("file-7", "changed")
    edit.save()
    after = {f.name: f.stat().st_ino for f in sorted(tmp_path.iterdir())}
    assert sum(after[name] != before[name] for name in before) == 1
    reread = Memo(path, shards=8)
    assert reread.get("file-7") == "changed" and reread.get("file-8") == 8


def test_a_cache_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    memo = Memo(blocker / "slugs.pickle")
    memo.put("Titel", "titel")
    memo.save()  # no exception: the run goes on without a cache
    assert Memo(blocker / "slugs.pickle").get("Titel") is None


def test_held_entries_are_those_of_the_file_as_it_is(tmp_path: Path) -> None:
    """``serve`` holds the caches between rebuilds: what a run reads through them is what the files
    hold, even after another run wrote them, and a run that fails drops them."""
    path = tmp_path / "slugs.pickle"
    held = HeldCaches()
    with holding(held):
        memo = Memo(path)
        value = ["hafen-in-velsburg"]
        memo.put("Hafen in Velsburg", value)
        memo.save()
        assert Memo(path).get("Hafen in Velsburg") is value  # held, not read again
    # Another process rewrites the file (``archive-site generate`` beside ``serve``): read again.
    other = Memo(path)
    other.put("Hafen in Velsburg", ["hafen-velsburg"])
    other.save()
    with holding(held):
        assert Memo(path).get("Hafen in Velsburg") == ["hafen-velsburg"]
    # A run corrects a held entry in place, then fails before saving: the next run reads the file.
    with pytest.raises(RuntimeError), holding(held):
        Memo(path).get("Hafen in Velsburg").append("korrigiert")
        raise RuntimeError("the run failed")
    with holding(held):
        assert Memo(path).get("Hafen in Velsburg") == ["hafen-velsburg"]
    # Outside ``holding``, nothing is held: each Memo reads its file.
    with holding(held):
        kept = Memo(path).get("Hafen in Velsburg")
    assert Memo(path).get("Hafen in Velsburg") == kept and Memo(path).get("Hafen in Velsburg") is not kept


def test_a_memo_read_for_some_keys_changes_those_and_keeps_every_other_entry(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    _saved(path, 4, 40)
    partial = Memo(path, shards=4, only=["file-3", "file-3 edited"])
    assert partial.get("file-3") == 3 and partial.get("file-4") is None  # only the shards holding those keys
    partial.discard("file-3")
    partial.put("file-3 edited", 300)
    partial.save()
    entries = Memo(path, shards=4).stored
    assert entries == {**{f"file-{n}": n for n in range(40) if n != 3}, "file-3 edited": 300}


def test_a_memo_read_for_some_keys_reads_more_files_once_and_keeps_what_it_changed(tmp_path: Path) -> None:
    """A patched run asks for more keys as it goes (articles linking to a retitled one): the files
    holding them are read then, a file read already is not read again, so that what the run changed
    in it (an entry discarded, one put) stays as the run left it."""
    path = tmp_path / "cache.pickle"
    _saved(path, 4, 40)
    partial = Memo(path, shards=4, only=["file-3"])
    partial.discard("file-3")
    partial.put("file-3 edited", 300)
    others = [f"file-{n}" for n in range(40) if partial.get(f"file-{n}") is None and n != 3]
    partial.include(["file-3", *others])
    assert partial.get("file-3") is None and partial.get("file-3 edited") == 300
    assert all(partial.get(key) == int(key.removeprefix("file-")) for key in others)
    partial.put(others[0], -1)
    partial.save()
    entries = Memo(path, shards=4).stored
    assert entries == {**{f"file-{n}": n for n in range(40) if n != 3}, "file-3 edited": 300, others[0]: -1}


def test_a_fresh_memo_replaces_every_file_even_those_it_puts_nothing_in(tmp_path: Path) -> None:
    path = tmp_path / "cache.pickle"
    _saved(path, 4, 40)
    fresh = Memo(path, shards=4, fresh=True)
    assert fresh.get("file-3") is None  # nothing read
    fresh.put("file-3", 300)
    fresh.save()
    assert Memo(path, shards=4).stored == {"file-3": 300}


def _counts(path: Path, max_changes: int = 64) -> Journal:
    """A journal of a dict of counts whose changes are a few new counts."""
    return Journal(path, "stamp", lambda value, change: value.update(change), max_changes)


def test_a_journal_reads_the_version_asked_for_with_its_changes_applied(tmp_path: Path) -> None:
    """Each run appends its change to the version it read; the next run reads the last version, and
    no other: a version the file does not end in, or another stamp's, reads as None."""
    file = tmp_path / "words.pickle"
    counts = {f"word{n}": n for n in range(1000)}
    first = _counts(file)
    first.write(b"g0", counts)
    whole = file.stat().st_size
    for n, (generation, change) in enumerate([(b"g1", {"word1": 5}), (b"g2", {"neu": 1}), (b"g3", {"word2": 0})]):
        journal = _counts(file)
        previous = journal.read(b"g0" if n == 0 else f"g{n}".encode())
        assert previous == counts
        counts = {**counts, **change}
        journal.append(generation, change, counts)
    assert file.stat().st_size < whole * 1.1  # three small changes, not three copies
    assert _counts(file).read(b"g3") == {**{f"word{n}": n for n in range(1000)}, "word1": 5, "neu": 1, "word2": 0}
    assert _counts(file).read(b"g2") is None
    assert Journal(file, "other code", lambda value, change: None).read(b"g3") is None


def test_a_journal_cut_short_reads_as_none_and_is_written_whole_again(tmp_path: Path) -> None:
    """A change cut off mid-write (a crash) leaves no version to read: the caller works the value out
    afresh and writes it whole."""
    file = tmp_path / "words.pickle"
    journal = _counts(file)
    journal.write(b"g0", {"a": 1})
    journal.append(b"g1", {"b": 2}, {"a": 1, "b": 2})
    file.write_bytes(file.read_bytes()[:-3])
    assert _counts(file).read(b"g1") is None
    journal = _counts(file)
    journal.write(b"g2", {"c": 3})
    assert _counts(file).read(b"g2") == {"c": 3}


def test_a_journal_is_written_whole_after_its_most_changes(tmp_path: Path) -> None:
    """Changes pile up to ``max_changes``; the next one writes the whole value, which reads back
    without any change to apply."""
    file = tmp_path / "words.pickle"
    counts = {f"word{n}": n for n in range(1000)}
    _counts(file, max_changes=2).write(b"g0", {**counts, "a": 0})
    for n in range(1, 4):
        journal = _counts(file, max_changes=2)
        value = journal.read(f"g{n - 1}".encode())
        journal.append(f"g{n}".encode(), {"a": n}, {**value, "a": n})

    def no_change(value: object, change: object) -> None:
        raise AssertionError("a change read")

    assert Journal(file, "stamp", no_change).read(b"g3") == {**counts, "a": 3}


def test_a_held_journal_is_read_once_and_again_after_another_run_wrote_it(tmp_path: Path) -> None:
    """In ``serve``, the version a run appended is held for the next; a file written since by another
    process is read again."""
    file = tmp_path / "words.pickle"
    _counts(file).write(b"g0", {"a": 0})
    held = HeldCaches()
    with holding(held):
        journal = _counts(file)
        journal.read(b"g0")
        journal.append(b"g1", {"a": 1}, {"a": 1})
    def not_from_the_file(value: object, change: object) -> None:
        raise AssertionError("the change read from the file, not held")

    with holding(held):
        assert Journal(file, "stamp", not_from_the_file).read(b"g1") == {"a": 1}
    _counts(file).write(b"g9", {"b": 9})  # another process, holding nothing
    with holding(held):
        assert _counts(file).read(b"g1") is None
        assert _counts(file).read(b"g9") == {"b": 9}


def test_a_journal_that_cannot_be_written_is_skipped(tmp_path: Path) -> None:
    """Writing whole or appending to a journal where no file can be made: no exception, and nothing
    to read back, not even what ``serve`` holds between runs (the next run works the value out
    afresh, as it would after a crash)."""
    blocker = tmp_path / "cache"
    blocker.write_text("a file where the cache folder should be")
    journal = _counts(blocker / "words.pickle")
    journal.write(b"g0", {"a": 0})
    journal.append(b"g1", {"a": 1}, {"a": 1})
    assert _counts(blocker / "words.pickle").read(b"g1") is None
    # A file that stays as it was when its replacement cannot be written: held, it keeps its version.
    file = tmp_path / "words.pickle"
    _counts(file).write(b"g0", {"a": 0})
    file.with_suffix(".tmp").mkdir()  # where the replacement would be written
    held = HeldCaches()
    with holding(held):
        journal = _counts(file)
        assert journal.read(b"g0") == {"a": 0}
        journal.write(b"g1", {"a": 1})
        assert _counts(file).read(b"g1") is None
        assert _counts(file).read(b"g0") == {"a": 0}
