"""A large archive's paragraph texts wait in a file from the tag stage to the pages' writing
(``generator/spill.py``): the pages are the same as when they stay in memory, and the file is gone after
the run."""

from __future__ import annotations

import io
import pickle
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from generator import spill
from generator.boilerplate import remove_boilerplate
from generator.config import BoilerplateConfig
from generator.memo import BodyDigests, block_digests
from generator.model import Article, BodyFile, Figure, Image, Paragraph, Source, StoredBody, evolve, load_articles

from .conftest import Archive, copy_sample, make_archive


def _spilling(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Spill from the first article on; the list gets, for each run, how many bodies went to the file."""
    monkeypatch.setattr(spill, "SPILL_FROM", 0)
    counts: list[int] = []

    def counted(*args: Any) -> list[Sequence[Article]]:
        groups = spill.spill_bodies(*args)
        counts.append(sum(type(a.body) is StoredBody for group in groups for a in group))
        return groups

    monkeypatch.setattr("generator.cli.spill_bodies", counted)
    return counts


def _leftovers(archive: Archive) -> list[str]:
    return sorted(p.name for p in (archive.root / "build" / "cache").glob("bodies-*"))


def test_sample_pages_are_the_same_with_texts_in_a_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = copy_sample(tmp_path / "kept")
    assert kept.run("generate").exit_code == 0
    stored = _spilling(monkeypatch)
    spilled = copy_sample(tmp_path / "spilled")
    result = spilled.run("generate")
    assert result.exit_code == 0, result.output
    assert stored and stored[0] > 0  # the texts were in the file
    assert spilled.docs_files() == kept.docs_files()
    assert _leftovers(spilled) == []


def _article(n: int) -> str:
    return (f"Meldung {n:03d} über den Hafen von Velsburg\n"
            f"![Meldung {n:03d}](https://img.test.example/bilder/2023.0{1 + n % 9}/m{n}.jpg)\n"
            f"Der „Hafen“ von Velsburg meldete am Montag {n} neue Schiffe – mehr als im Vorjahr.\n"
            f"Hafenmeisterin Clara Hoffmann sagte, die Fähre fahre wieder {n} Mal am Tag.\n"
            f"Ein dritter Absatz, mit Einzelheiten zur Meldung {n}.\n")


def test_render_workers_read_the_texts_from_the_file_and_edits_follow(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    # 450 articles: parsed and rendered in worker processes, which unpickle the stored bodies.
    stored = _spilling(monkeypatch)
    archive = make_archive(tmp_path / "p")
    for n in range(450):
        archive.add(f"{n:03d}_{n:016x}.txt", _article(n))
    assert archive.run("generate").exit_code == 0
    assert stored == [900]  # every body, the parsed and the linked article's: the pages' texts came from the file
    page = archive.docs.glob("articles/*/meldung-017-*.md")
    text = next(page).read_text(encoding="utf-8")
    assert "Der „Hafen“ von Velsburg meldete am Montag 17 neue Schiffe – mehr als im Vorjahr." in text
    assert "Ein dritter Absatz, mit Einzelheiten zur Meldung 17." in text
    edited = archive.content / f"017_{17:016x}.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Ein dritter Absatz", "Ein neuer Absatz"),
                      encoding="utf-8")
    assert archive.run("generate").exit_code == 0
    assert archive.docs_files() == archive.clean_run(tmp_path / "clean")
    assert _leftovers(archive) == []


def _stored(tmp_path: Path) -> tuple[tuple[Paragraph | Figure, ...], Article, Article]:
    figure = Figure(Image("https://img.test.example/a.jpg", "Der Hafen"))
    body = (Paragraph("Foto: Stadt Velsburg"), Paragraph("Der „Hafen“ öffnet – endlich."), figure,
            Paragraph("Zweiter Absatz."))
    article = Article("Hafen", date(2024, 4, 8), "day", "de", Source("a.txt"), body=body)
    digests = BodyDigests()
    digests.learn(body, body, block_digests(body))
    file = BodyFile(tmp_path / "bodies.bin")
    [[stored]] = spill.spill_bodies([[article]], file, digests)
    assert digests(stored.body) == digests(body)  # the digest carried over, not worked out again
    return body, article, stored


def test_a_stored_body_reads_back_its_blocks(tmp_path: Path) -> None:
    body, article, stored = _stored(tmp_path)
    assert isinstance(stored.body, StoredBody)
    assert tuple(stored.body) == body and stored.body == body and len(stored.body) == 4
    assert stored.body[2] is body[2]  # the figure held, the same object
    assert stored.opening == article.opening == "Der „Hafen“ öffnet – endlich."
    assert stored.lead == article.lead and stored.paragraphs == article.paragraphs
    assert stored == article
    again = pickle.loads(pickle.dumps(stored))  # as a render worker gets it: read from the file by path
    assert tuple(again.body) == body and again.opening == article.opening


def test_a_killed_runs_file_is_removed_by_the_next_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _spilling(monkeypatch)
    archive = copy_sample(tmp_path / "p")
    left = archive.root / "build" / "cache" / "bodies-99999.bin"
    left.parent.mkdir(parents=True)
    left.write_bytes(b"Texte eines abgebrochenen Laufs\0")
    assert archive.run("generate").exit_code == 0
    assert _leftovers(archive) == []


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs Linux's /dev/full, a disk that is always full")
def test_on_a_full_disk_the_texts_stay_in_memory(tmp_path: Path) -> None:
    body, article, _ = _stored(tmp_path)
    digests = BodyDigests()
    [[kept]] = spill.spill_bodies([[article]], BodyFile(Path("/dev/full")), digests)
    assert kept.body is body and kept.lead == "Der „Hafen“ öffnet – endlich."


def test_bodies_with_the_same_paragraphs_share_their_texts_in_the_file(tmp_path: Path) -> None:
    # images: local gives every body a copy with its figures' local paths, the paragraphs the same objects.
    body, article, _ = _stored(tmp_path / "a")
    local = Figure(Image("https://img.test.example/a.jpg", "Der Hafen", local="images/a.jpg"))
    copy = tuple(local if isinstance(block, Figure) else block for block in body)
    file = BodyFile(tmp_path / "bodies.bin")
    [[one], [two]] = spill.spill_bodies([[article], [evolve(article, body=copy)]], file, BodyDigests())
    assert tuple(one.body) == body and tuple(two.body) == copy and two.body[2] is local
    assert file.path.stat().st_size == len("\0".join(article.paragraphs).encode())


class _Reads:
    """Made from an article, in a pickle after it: the number of blocks its body had then."""

    def __init__(self, article: Article) -> None:
        self.article, self.seen = article, len(article.body)

    def __reduce__(self) -> tuple[type[_Reads], tuple[Article]]:
        return _Reads, (self.article,)


def test_a_file_of_articles_loads_whole_with_every_kind_of_body(tmp_path: Path) -> None:
    """The parse cache's articles get their paragraphs after everything else in the file
    (``model.load_articles``: their memory, given back after the spill, is then whole pools the tag stage
    can take; measured by bench/run.py): each article as it was pickled, its body there once the file is
    loaded, not while it loads (nothing in the parse cache's files reads one then)."""
    body, article, stored = _stored(tmp_path)
    odd = evolve(article, title="NUL", body=(Paragraph("ein\0Absatz"), Paragraph("zweiter")))  # pickled one by one
    again = evolve(article, title="Teaser")
    pickled = pickle.dumps([article, odd, stored, again, again, _Reads(article)])
    *loaded, reads = load_articles(io.BytesIO(pickled))
    assert loaded == [article, odd, stored, again, again] and loaded[3] is loaded[4]
    assert loaded[0].body == body and loaded[1].body == odd.body and isinstance(loaded[2].body, StoredBody)
    assert reads.seen == 0 and reads.article is loaded[0]  # made while the file loaded: no body yet
    assert pickle.loads(pickled)[-1].seen == 4  # pickle.load makes each body with its article
    with pytest.raises(pickle.UnpicklingError):  # a file cut short
        load_articles(io.BytesIO(pickled[:-9]))
    assert pickle.loads(pickled)[-1].seen == 4  # and nothing is left waiting for its body after it


def test_boilerplate_removed_from_many_articles_is_one_string(tmp_path: Path) -> None:
    """Each text the boilerplate stage takes out of many articles is kept once, not once per article: each
    copy would stay in memory among the freed paragraphs of a large archive."""
    footer = "Alle Rechte vorbehalten. Nordkurier Archiv, Velsburg. Nachdruck nur mit Genehmigung."
    articles = [Article(f"Meldung {n}", date(2024, 4, 8), "day", "de", Source(f"{n}.txt"),
                        body=(Paragraph(f"Der Hafen meldet {n} neue Schiffe, mehr als im Vorjahr, sagte die Stadt."),
                              Paragraph(footer[:1] + footer[1:])))
                for n in range(5)]
    assert len({id(a.body[1].text) for a in articles}) == 5  # as parsed: a string of its own per article
    stripped, report = remove_boilerplate(articles, BoilerplateConfig(min_repeats=3))
    assert [a.removed for a in stripped] == [(footer,)] * 5 and report.removed_total == 5
    assert len({id(a.removed[0]) for a in stripped}) == 1
