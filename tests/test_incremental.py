"""Re-runs touch only what changed: unchanged pages keep their bytes and modification times, and
what a re-run takes from ``build/cache`` gives exactly what a clean run gives."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import frontmatter
import pytest
import yaml

from generator import write
from generator.cli import generate
from generator.config import load_config
from generator.memo import HeldCaches, holding

from .conftest import Archive, copy_sample, make_archive

RULES = "tags:\n  auto: false\n  rules:\n    Hafen: [Hafen]\n    Wetter: [Regen, Sturm]\n"


def _article(n: int) -> str:
    topic = "Hafen" if n % 2 else "Regen"
    return (
        f"Meldung {n:02d} aus Velsburg\n"
        f"![Meldung {n:02d} aus Velsburg](https://img.test.example/bilder/20{20 + n % 5}.0{1 + n % 9}/m{n}.jpg)\n"
        f"Der erste Absatz der Meldung {n} handelt vom {topic} und bleibt immer gleich.\n"
        f"Ein zweiter Absatz mit weiteren Einzelheiten zur Meldung {n}.\n"
    )


def _snapshot(docs: Path) -> dict[str, int]:
    return {p.relative_to(docs).as_posix(): p.stat().st_mtime_ns for p in docs.rglob("*") if p.is_file()}


def _archive(tmp_path: Path) -> Archive:
    archive = make_archive(tmp_path / "p", RULES)
    for n in range(30):
        archive.add(f"{n:03d}_{n:016x}.txt", _article(n))
    assert archive.run("generate").exit_code == 0
    return archive


def test_changing_a_later_paragraph_rewrites_only_that_page(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    before = _snapshot(archive.docs)
    path = archive.content / f"007_{7:016x}.txt"
    path.write_text(path.read_text().replace("weiteren Einzelheiten", "neuen Einzelheiten"))
    result = archive.run("generate")
    after = _snapshot(archive.docs)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert changed == {"articles/2022/meldung-07-aus-velsburg.md"}
    assert "1 written, " in result.stderr


def test_changing_a_title_rewrites_the_page_and_the_pages_listing_it(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    before = _snapshot(archive.docs)
    listing = {
        p.relative_to(archive.docs).as_posix()
        for p in archive.docs.rglob("*.md")
        if "Meldung 07 aus Velsburg" in p.read_text(encoding="utf-8")
    } - {"articles/2022/meldung-07-aus-velsburg.md"}
    # Its year, and the articles that show it among their "related in this archive" neighbours.
    assert "archive/2022.md" in listing and any(rel.startswith("articles/") for rel in listing)
    path = archive.content / f"007_{7:016x}.txt"
    path.write_text(path.read_text().replace("Meldung 07 aus Velsburg", "Meldung sieben aus Velsburg"))
    assert archive.run("generate").exit_code == 0
    after = _snapshot(archive.docs)
    changed = {rel for rel in after if after[rel] != before.get(rel)}
    assert set(before) - set(after) == {"articles/2022/meldung-07-aus-velsburg.md"}
    assert changed == listing | {"articles/2022/meldung-sieben-aus-velsburg.md", ".archive-site-manifest.json"}
    assert len(changed) < len(after) / 3


def test_unchanged_archive_writes_nothing(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    before = _snapshot(archive.docs)
    result = archive.run("generate")
    assert _snapshot(archive.docs) == before
    assert "0 written, " in result.stderr


def _text(page: bytes) -> str:
    """What a page shows: its Markdown past the front matter."""
    return page.decode().split("\n---\n", 1)[-1]


def _held_generate(archive: Archive) -> Callable[[], None]:
    """``generate`` as ``serve`` runs it: in one process that holds the caches between runs."""
    held = HeldCaches()

    def run() -> None:
        with holding(held):
            generate(load_config(archive.config))

    return run


@pytest.mark.parametrize("holding_caches", [False, True], ids=["a run per command", "serve holding the caches"])
def test_runs_from_the_cache_give_what_a_clean_run_gives(tmp_path: Path, holding_caches: bool) -> None:
    archive = copy_sample(tmp_path / "p", site_url="https://archiv.example/")
    held_run = _held_generate(archive)

    def run() -> None:
        if holding_caches:
            held_run()
        else:
            assert archive.run("generate").exit_code == 0

    run()
    first = archive.docs_files()
    files = sorted(archive.content.rglob("*.txt"))
    assert len(files) > 10
    # One edit of each kind: a paragraph added, a title changed, a file removed, one added.
    files[0].write_text(files[0].read_text(encoding="utf-8") + "Ein Nachtrag der Redaktion zum Hafen.\n",
                        encoding="utf-8")
    title, rest = files[1].read_text(encoding="utf-8").split("\n", 1)
    files[1].write_text(f"{title} (aktualisiert)\n{rest}", encoding="utf-8")
    files[2].unlink()
    title, rest = files[3].read_text(encoding="utf-8").split("\n", 1)
    (files[3].parent / "999_ffffffffffffffff.txt").write_text(f"Neu: {title}\n{rest}", encoding="utf-8")
    # and a date: the article moves to another year's listing and down the tag listings
    dated = next(f for f in files[4:] if re.search(r"^\d\d\.\d\d\.20\d\d$", f.read_text(encoding="utf-8"), re.M))
    dated.write_text(re.sub(r"^\d\d\.\d\d\.20\d\d$", "07.11.2022", dated.read_text(encoding="utf-8"), count=1,
                            flags=re.M), encoding="utf-8")
    run()
    edited = archive.docs_files()
    assert edited != first
    assert edited == archive.clean_run(tmp_path / "clean-1")

    # New settings: nothing that depends on them is taken from the cache.
    config = yaml.safe_load(archive.config.read_text(encoding="utf-8"))
    config["tags"]["rules"]["Nachtrag"] = ["Nachtrag"]
    config["search"] = {"index": "lead"}
    archive.config.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8")
    run()
    configured = archive.docs_files()
    assert configured != edited
    assert configured == archive.clean_run(tmp_path / "clean-2")


def test_a_title_change_rewrites_only_the_listing_page_showing_it(tmp_path: Path) -> None:
    archive = make_archive(tmp_path / "p", "listing_page_size: 5\n" + RULES)
    for n in range(30):
        archive.add(f"{n:03d}_{n:016x}.txt", _article(n))
    assert archive.run("generate").exit_code == 0
    pages = sorted(rel for rel in _snapshot(archive.docs) if rel.startswith("tags/hafen"))
    assert pages == ["tags/hafen.md", "tags/hafen/2.md", "tags/hafen/3.md"]  # 15 articles about the port
    showing = [rel for rel in pages if "Meldung 07 aus Velsburg" in (archive.docs / rel).read_text(encoding="utf-8")]
    assert len(showing) == 1
    before = _snapshot(archive.docs)
    path = archive.content / f"007_{7:016x}.txt"
    path.write_text(path.read_text().replace("Meldung 07 aus Velsburg", "Meldung sieben aus Velsburg"))
    assert archive.run("generate").exit_code == 0
    after = _snapshot(archive.docs)
    assert [rel for rel in pages if after[rel] != before[rel]] == showing


def test_pages_edited_or_deleted_in_docs_dir_are_made_again(tmp_path: Path) -> None:
    """Unchanged pages are not rendered again, but only while docs_dir holds them as written."""
    archive = _archive(tmp_path)
    generated = archive.docs_files()
    article = archive.docs / "articles/2022/meldung-07-aus-velsburg.md"
    article.write_text("von Hand geändert\n", encoding="utf-8")
    (archive.docs / "archive/2022.md").unlink()
    listing = archive.docs / "tags/hafen.md"
    listing.write_bytes(listing.read_bytes().replace(b"Meldung", b"Meldunk"))  # same size
    result = archive.run("generate")
    assert archive.docs_files() == generated
    assert "3 written, " in result.stderr


def test_without_the_cache_unchanged_pages_are_compared_not_rewritten(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    before = _snapshot(archive.docs)
    shutil.rmtree(archive.root / "build" / "cache")
    result = archive.run("generate")
    assert _snapshot(archive.docs) == before
    assert "0 written, " in result.stderr


def test_a_write_interrupted_in_an_earlier_run_leaves_nothing_behind(tmp_path: Path) -> None:
    archive = _archive(tmp_path)
    leftover = archive.docs / "articles/2022/.tmp-archive-site-meldung-07-aus-velsburg.md"
    leftover.write_text("halb geschrieben", encoding="utf-8")
    result = archive.run("generate")
    assert result.exit_code == 0, result.stderr
    assert not leftover.exists()


def test_a_first_run_stopped_while_writing_is_finished_by_the_next(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C while a first run writes its pages: the manifest does not list them yet, and a page may be
    cut short. The next run takes them for its own, not for someone else's files it must not touch."""
    archive = make_archive(tmp_path / "p", RULES)
    for n in range(30):
        archive.add(f"{n:03d}_{n:016x}.txt", _article(n))
    made: list[str] = []
    write_new = write._write_new

    def stopped_at_the_twentieth(path: str, data: bytes, make_folder: bool) -> bool:
        if len(made) == 19:
            Path(path).write_bytes(data[: len(data) // 2])
            raise KeyboardInterrupt
        made.append(path)
        return write_new(path, data, make_folder)

    monkeypatch.setattr(write, "_write_new", stopped_at_the_twentieth)
    with pytest.raises(KeyboardInterrupt):
        generate(load_config(archive.config))
    monkeypatch.undo()
    assert len(made) == 19 and (archive.docs / write.WRITING).exists()
    assert not (archive.docs / write.MANIFEST).exists()
    # The article of a page made before the stop is gone by the next run: its page goes too.
    page = next(path for path in made if "/articles/" in path)
    number = int(re.findall(r"meldung-(\d\d)-aus", page)[0])
    (archive.content / f"{number:03d}_{number:016x}.txt").unlink()
    result = archive.run("generate")
    assert result.exit_code == 0, result.stderr
    assert archive.docs_files() == archive.clean_run(tmp_path / "clean")
    assert not Path(page).exists() and not (archive.docs / write.WRITING).exists()


def test_a_paragraph_becoming_boilerplate_and_ceasing_to_be_leaves_what_a_clean_run_leaves(tmp_path: Path) -> None:
    archive = _archive(tmp_path)  # min_repeats: 3 (the default)
    notice = "Folgen Sie uns auch bei Sturm und Regen auf dem Kanal der Redaktion.\n"  # keywords of the rule Wetter
    files = sorted(archive.content.rglob("*.txt"))[:3]
    for file in files[:2]:
        file.write_text(file.read_text(encoding="utf-8") + notice, encoding="utf-8")
    assert archive.run("generate").exit_code == 0
    twice = archive.docs_files()
    shown = {rel for rel, page in twice.items() if notice.strip() in _text(page)}
    assert shown == {"articles/2020/meldung-00-aus-velsburg.md", "articles/2021/meldung-01-aus-velsburg.md"}
    harbour = "articles/2021/meldung-01-aus-velsburg.md"  # about the harbour, and now a storm
    assert frontmatter.loads(twice[harbour].decode())["tags"] == ["Hafen", "Wetter"]
    # In a third article it is boilerplate: the two pages that showed it are made without it.
    files[2].write_text(files[2].read_text(encoding="utf-8") + notice, encoding="utf-8")
    before = _snapshot(archive.docs)
    assert archive.run("generate").exit_code == 0
    thrice = archive.docs_files()
    assert not any(notice.strip() in _text(page) for page in thrice.values())
    assert all(frontmatter.loads(thrice[rel].decode())["removed"] == [notice.strip()] for rel in shown)
    assert frontmatter.loads(thrice[harbour].decode())["tags"] == ["Hafen"]  # boilerplate tags nothing
    changed = {rel for rel, mtime in _snapshot(archive.docs).items() if before.get(rel) != mtime}
    assert shown <= changed
    assert thrice == archive.clean_run(tmp_path / "clean-1")
    # Out of the third article again: the two pages show it once more.
    files[2].write_text(files[2].read_text(encoding="utf-8").replace(notice, ""), encoding="utf-8")
    assert archive.run("generate").exit_code == 0
    assert archive.docs_files() == twice == archive.clean_run(tmp_path / "clean-2")
