"""Reading the archive: encodings, line ends, invisible characters and bad files.

The content folder is read-only for the tool: every test that reads one also
checks that it is byte for byte unchanged afterwards.
"""

from __future__ import annotations

import codecs
import hashlib
import os
import random
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator import read
from generator.corpus import parse_all
from generator.model import Article, Problem, SourceFile
from generator.parse import parse_article
from generator.read import DecodeError, decode_text, list_sources, normalise_text, read_sources

from .test_parse import raw

MTIME = datetime(2024, 5, 17, 8, 0, tzinfo=UTC).timestamp()
NAME = "014_c0ffee00c0ffee00.txt"

# Every character here exists in Windows-1252, so every variant can carry it.
ARTICLE = raw("""
    ![Falkenried eröffnet neue Stadtbibliothek](https://img.kurier.example/media/2025.01/thumb/bibliothek.jpg)
    Straßenbahn fährt wieder über die „Lindbrücke“ – nach 14 Monaten
    ![Straßenbahn fährt wieder über die "Lindbrücke" - nach 14 Monaten](https://img.kurier.example/media/2024.05/bahn.jpg)
    17. Mai 2024
    Seit Freitagmorgen rollen die Züge der Linie 3 wieder über die sanierte Lindbrücke. Die Arbeiten haben 9,8 Mio. € gekostet – 1,2 Mio. € mehr als geplant.
    Fahrgäste müssen sich an neue Abfahrtszeiten gewöhnen: Die Bahnen fahren künftig im 12-Minuten-Takt, sagte Verkehrsdezernentin Maëlle Durand.
    ![Die erste Bahn auf der sanierten Brücke](https://img.kurier.example/media/2024.05/erste-bahn.jpg)
    Mehr zum Thema – Falkenried eröffnet neue Stadtbibliothek
    Ein Bürger sagte: ‚Endlich!‘ … und die Kinder winkten.
""")


def _utf16(bom: bytes, codec: str) -> Callable[[str], bytes]:
    return lambda text: bom + text.encode(codec)


VARIANTS: dict[str, Callable[[str], bytes]] = {
    "utf-8": lambda text: text.encode("utf-8"),
    "utf-8-bom": lambda text: codecs.BOM_UTF8 + text.encode("utf-8"),
    "utf-16-le-bom": _utf16(codecs.BOM_UTF16_LE, "utf-16-le"),
    "utf-16-be-bom": _utf16(codecs.BOM_UTF16_BE, "utf-16-be"),
    "cp1252": lambda text: text.encode("cp1252"),
    "crlf": lambda text: text.replace("\n", "\r\n").encode("utf-8"),
    "cr": lambda text: text.replace("\n", "\r").encode("utf-8"),
    "utf-8-bom-crlf": lambda text: codecs.BOM_UTF8 + text.replace("\n", "\r\n").encode("utf-8"),
    "utf-16-le-bom-crlf": lambda text: codecs.BOM_UTF16_LE + text.replace("\n", "\r\n").encode("utf-16-le"),
    "cp1252-crlf": lambda text: text.replace("\n", "\r\n").encode("cp1252"),
    "cp1252-cr": lambda text: text.replace("\n", "\r").encode("cp1252"),
}


def tree_hash(root: Path) -> str:
    """Names, bytes, modes, times and link targets of everything under ``root``."""
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        info = path.lstat()
        digest.update(f"{path.relative_to(root).as_posix()}|{info.st_mode}|{info.st_mtime_ns}|".encode())
        if path.is_symlink():
            digest.update(os.readlink(path).encode())
        elif path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def read_one(folder: Path, data: bytes, name: str = NAME) -> tuple[SourceFile, Article]:
    folder.mkdir(parents=True)
    path = folder / name
    path.write_bytes(data)
    os.utime(path, (MTIME, MTIME))
    before = tree_hash(folder)
    result = read_sources(folder)
    assert tree_hash(folder) == before
    assert result.problems == () and len(result.files) == 1, result.problems
    return result.files[0], parse_article(result.files[0])


# ---------------------------------------------------------------------------
# One article in every encoding and line-end variant


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_encoding_and_line_end_variant_parses_to_the_same_article(tmp_path: Path, variant: str) -> None:
    _, reference = read_one(tmp_path / "reference", ARTICLE.encode("utf-8"))
    source, article = read_one(tmp_path / variant, VARIANTS[variant](ARTICLE))
    assert source.text == ARTICLE
    assert article == reference
    # The reference itself is what the rules say, so equality means every variant is right.
    assert reference.title == "Straßenbahn fährt wieder über die „Lindbrücke“ – nach 14 Monaten"
    assert (reference.date.isoformat(), reference.date_precision) == ("2024-05-17", "day")
    assert [r.title for r in reference.related] == ["Falkenried eröffnet neue Stadtbibliothek"]
    assert len(reference.body) == 4 and reference.paragraphs[-1] == "Ein Bürger sagte: ‚Endlich!‘ … und die Kinder winkten."


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        ("Grüße".encode(), "utf-8"),
        (codecs.BOM_UTF8 + "Grüße".encode(), "utf-8-sig"),
        (codecs.BOM_UTF16_LE + "Grüße".encode("utf-16-le"), "utf-16"),
        (codecs.BOM_UTF16_BE + "Grüße".encode("utf-16-be"), "utf-16"),
        ("Grüße aus der Straße am „Hafen“ – 5 €".encode("cp1252"), "cp1252"),
    ],
)
def test_decode_text_names_the_encoding(data: bytes, encoding: str) -> None:
    text, found, stray = decode_text(data)
    assert text.startswith("Grüße")
    assert (found, stray) == (encoding, 0)


@pytest.mark.parametrize("text", ["„A“", "–", "€ 5", "Maß", "‚x‘ …", "é"])
def test_even_a_few_windows_1252_bytes_decode(text: str) -> None:
    assert decode_text(text.encode("cp1252")) == (text, "cp1252", 0)


UTF8_TEXT = "Größere Fähren für die Übergänge am „Rheinhafen“"


@pytest.mark.parametrize("bom", [b"", codecs.BOM_UTF8])
def test_a_utf8_file_with_a_pasted_windows_1252_dash_keeps_its_utf8(bom: bytes) -> None:
    """One en dash pasted from a Windows-1252 text (byte 0x96) into a UTF-8 file: read whole as Windows-1252,
    every umlaut would turn into two letters (``GrÃ¶ÃŸere``). The dash is read as Windows-1252, the rest as
    UTF-8, and the byte counted for the warning."""
    data = bom + UTF8_TEXT.encode() + b" \x96 und \x93mehr\x94"
    assert decode_text(data) == (UTF8_TEXT + " – und “mehr”", "utf-8-sig" if bom else "utf-8", 3)


@pytest.mark.parametrize(("data", "text", "stray"), [(b"Stra\xdfe", "Straße", 1), (b"\xff\xfe\xfd", "ÿþý", 3)])
def test_after_a_utf8_mark_every_byte_that_is_not_utf8_is_a_stray_one(data: bytes, text: str, stray: int) -> None:
    """The mark says UTF-8: what is not is read as Windows-1252 and counted, never skipped as unreadable."""
    assert decode_text(codecs.BOM_UTF8 + data) == (text, "utf-8-sig", stray)


def test_an_english_utf8_file_with_more_pasted_quotes_than_accents_keeps_its_utf8() -> None:
    """Two letters beyond ASCII, four Windows-1252 quotes: still UTF-8 (read as Windows-1252, the
    café would turn into ``cafÃ©`` without a word)."""
    data = "Harbour café to reopen — soon".encode() + b": \x93first\x94 and \x93second\x94"
    assert decode_text(data) == ("Harbour café to reopen — soon: “first” and “second”", "utf-8", 4)


def test_a_windows_1252_file_is_not_taken_for_utf8_by_an_accidental_utf8_pair() -> None:
    """``ß“`` in Windows-1252 is DF 93, a valid UTF-8 pair; among the text's other letters beyond ASCII,
    each a byte that is not UTF-8, it is an accident, and the file is Windows-1252."""
    text = ("„Spaß“ am Hafen: Fähren, Brücken und Übergänge für Anwohner, Gäste und Händler – schön, "
            "größer und für Bürger näher als früher.")
    assert "ß“".encode("cp1252").decode("utf-8")  # the accident
    assert decode_text(text.encode("cp1252")) == (text, "cp1252", 0)


def test_bytes_windows_1252_leaves_undefined_are_left_out() -> None:
    """A few of them: a text, without them. Read as Latin-1, each was a control character (U+0081), invisible
    on the page and in its description; no text holds one. Many, as in binary data, and the file is no text
    (see the binary cases)."""
    text = decode_text(b"Stra\xdfe \x81 und \x9d Ende, \x80 und \x93Zitat\x94").text
    assert text == "Straße  und  Ende, € und “Zitat”"
    assert decode_text("Steuerzeichen\u0085 in UTF-8".encode()).text == "Steuerzeichen in UTF-8"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a\r\nb\rc\nd", "a\nb\nc\nd"),
        ("a\r\n\r\nb", "a\n\nb"),
        ("Ost\u00a0West\u202fNord\u2009Süd", "Ost West Nord Süd"),
        ("Zoll\u00adhaus\u200b\u2060\ufeff", "Zollhaus"),
        # the joiners are the text's: one family, not three people; a Persian word's spelling (between Latin
        # letters a non-joiner only breaks a ligature, and a German word for search and tags)
        ("Auf\u200clage", "Auflage"),
        ("\U0001F468\u200d\U0001F469\u200d\U0001F467 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645",
         "\U0001F468\u200d\U0001F469\u200d\U0001F467 \u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645"),
        ("links\u202erechts\u202c", "linksrechts"),
        ("Tab\tbleibt, Glocke\x07 nicht\x1b", "Tab\tbleibt, Glocke nicht"),
    ],
)
def test_line_ends_invisible_characters_and_odd_spaces_are_normalised(text: str, expected: str) -> None:
    assert decode_text(text.encode("utf-8"))[0] == expected
    assert decode_text(codecs.BOM_UTF16_LE + text.encode("utf-16-le"))[0] == expected


def test_normalising_skips_no_character_it_should_fold() -> None:
    """Text that is all printable but line ends is returned as it is: nothing in it needs folding."""
    folded = [chr(c) for c in range(0x10000)
              if any(p.match(chr(c)) for p in (read._INVISIBLE, read._SPACES, read._CONTROL))]
    assert len(folded) > 40
    assert not any(c.isprintable() for c in folded)
    text = "Zollhaus – „Museum“ für 3 € ab März\n\nÜberschrift: 10 % mehr, ß, 東京, 🙂"
    assert normalise_text(text) is text
    assert normalise_text(text.replace("\n", "\r\n")) == text


_NOISE = random.Random(7).randbytes(2000).replace(b"\x00", b"\x01")  # random bytes, no NUL among them


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"Titel\x00\x00\x00binary", r"^binary data \(3 NUL bytes, the first at byte 5\), not a text file$"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (codecs.BOM_UTF16_LE + b"T\x00i\x00t", "UTF-16"),
        (codecs.BOM_UTF16_LE + b"\x00\xd8T\x00", "UTF-16"),
        # A picture or random bytes without NUL became a page of mojibake with tags made of it.
        (b"\xff\xd8\xff\xe0\x10JFIF" + _NOISE, r"^binary data \(a JPEG image\), not a text file$"),
        (b"x" + _NOISE, r"^binary data, or text in an encoding other than UTF-8, UTF-16 or Windows-1252 \(\d+ bytes"),
        (bytes(b | 0x80 for b in _NOISE) + b"\n", r"^binary data, or text in an encoding other than .* \(\d+ bytes"),
        (b"%PDF-1.1\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", r"^binary data \(a PDF document\), not a text file$"),
        (b"{\\rtf1\\ansi Gr\\'f6\\'dfere \\par }", r"^binary data \(an RTF document\), not a text file$"),
        ("Москва готовит бюджет города на будущий год.".encode("cp1251") * 3,
         r"^not text in UTF-8, UTF-16 or Windows-1252: binary data, or another encoding \(save it as UTF-8\)$"),
        ("Titel\nEin Text über Brücken.\n".encode("utf-16-le"), r"^UTF-16 without a byte order mark"),
        ("Titel\nEin Text über Brücken.\n".encode("utf-16-be"), r"^UTF-16 without a byte order mark"),
        (b"\x00" * 100, r"^binary data \(100 NUL bytes, the first at byte 0\)"),
    ],
    ids=["nul", "png", "utf16-le", "utf16-broken", "jpeg", "noise", "high-noise", "pdf", "rtf", "cp1251", "utf16-no-mark",
         "utf16-be-no-mark", "all-nul"],
)
def test_undecodable_bytes_raise_decode_error(data: bytes, reason: str) -> None:
    with pytest.raises(DecodeError, match=reason):
        decode_text(data)


def test_a_utf8_text_with_a_pasted_windows_1252_paragraph_is_text() -> None:
    """Forty stray bytes, a tenth of the file: a pasted paragraph, no binary data; its UTF-8 is kept, the
    paragraph read as Windows-1252. So is a short text with three, and a text that starts as a GIF does."""
    paragraph = "Die Bürger müssen größere Schäden befürchten, heißt es. Äußerst schwierig, sagt Müller. " * 4
    decoded = decode_text("Titel – „gut“\n".encode() + paragraph.encode("cp1252"))
    assert decoded == ("Titel – „gut“\n" + paragraph, "utf-8", 40)
    assert decode_text("Titel\nStraße – „gut“ ".encode() + b"\x96 \x93x\x94\n") == (
        "Titel\nStraße – „gut“ – “x”\n", "utf-8", 3)
    assert decode_text(b"GIF89a wird 35\nEin Bildformat feiert.\n").text.startswith("GIF89a wird 35")


# ---------------------------------------------------------------------------
# read_sources: bad files are reported by name, good ones still read


GOOD = raw("""
    Stadt kauft das alte Zollhaus am Kai
    ![Stadt kauft das alte Zollhaus am Kai](https://img.example/2024.07/zollhaus.jpg)
    Die Stadt hat das leerstehende Zollhaus am Kai für 1,4 Millionen Euro gekauft.
""")


@pytest.fixture
def messy(tmp_path: Path) -> Path:
    """A content folder with one good article and one of every kind of bad file."""
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("Geheim\nDas darf nicht ins Archiv.\n", encoding="utf-8")
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "2024" / "001_aaaabbbbccccdddd.txt").write_text(GOOD, encoding="utf-8")
    (content / "empty.txt").write_bytes(b"")
    (content / "blank.txt").write_bytes(b"  \r\n\t\n   \n")
    (content / "blank-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + " \n\u00a0\n".encode("utf-16-le"))
    (content / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (content / "big.txt").write_text(GOOD + "Sehr langer Absatz. " * 1200, encoding="utf-8")
    (content / "broken-utf16.txt").write_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8T\x00")  # a lone surrogate
    (content / "mixed.txt").write_bytes("Größere Fähre ".encode() + b"\x96 neu\n")
    (content / "picture.jpg").write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    (content / "README").write_text("Kein Artikel\n", encoding="utf-8")
    (content / "link.txt").symlink_to(outside / "secret.txt")
    (content / "linked-folder").symlink_to(outside, target_is_directory=True)
    (content / ".hidden.txt").write_text(GOOD, encoding="utf-8")
    (content / ".git").mkdir()
    (content / ".git" / "config.txt").write_text(GOOD, encoding="utf-8")
    return content


EXPECTED_PROBLEMS = {
    "empty.txt": "empty file",
    "blank.txt": "whitespace-only",
    "blank-utf16.txt": "whitespace-only",
    "binary.txt": "binary",
    "big.txt": "too large",
    "broken-utf16.txt": "UTF-16",
    "picture.jpg": "unsupported file type '.jpg'",
    "README": "unsupported file type",
    "link.txt": "symlink pointing outside content_dir",
    "linked-folder": "symlink",
}


def test_read_sources_reports_bad_files_by_name_and_still_reads_the_good_one(messy: Path) -> None:
    before = tree_hash(messy)
    result = read_sources(messy, max_file_mb=0.02)
    assert tree_hash(messy) == before, "read_sources modified the content folder"

    # A UTF-8 file with a byte that is not (a Windows-1252 dash) is read, the byte counted, not skipped.
    assert [(f.rel, f.text, f.encoding, f.stray_bytes) for f in result.files] == [
        ("mixed.txt", "Größere Fähre – neu\n", "utf-8", 1), ("2024/001_aaaabbbbccccdddd.txt", GOOD, "utf-8", 0)]
    reasons = {problem.file: problem.reason for problem in result.problems}
    # A list, not the dict's keys: a file reported twice would print its line twice.
    assert sorted(p.file for p in result.problems) == sorted(EXPECTED_PROBLEMS), \
        "one problem per bad file, hidden files ignored"
    for name, reason in EXPECTED_PROBLEMS.items():
        assert reason in reasons[name], (name, reasons[name])
    assert all(problem.fatal and str(problem).startswith(problem.file + ": ") for problem in result.problems)
    assert result.seen == len(result.files) + len(result.problems) == 2 + len(EXPECTED_PROBLEMS)
    assert "Geheim" not in "".join(f.text for f in result.files)


def test_the_size_limit_is_max_file_mb(messy: Path) -> None:
    result = read_sources(messy, max_file_mb=1)
    assert "big.txt" in {f.rel for f in result.files}


def test_read_sources_is_sorted_and_keeps_the_file_time(tmp_path: Path) -> None:
    content = tmp_path / "content"
    for name in ("b/002_bbbbbbbbbbbbbbbb.txt", "a/003_cccccccccccccccc.txt", "001_aaaaaaaaaaaaaaaa.md"):
        (content / name).parent.mkdir(parents=True, exist_ok=True)
        (content / name).write_text(GOOD, encoding="utf-8")
        os.utime(content / name, (MTIME, MTIME))
    result = read_sources(content)
    assert [f.rel for f in result.files] == ["001_aaaaaaaaaaaaaaaa.md", "a/003_cccccccccccccccc.txt",
                                             "b/002_bbbbbbbbbbbbbbbb.txt"]
    assert {f.mtime for f in result.files} == {MTIME}
    assert all(f.path == content / f.rel for f in result.files)


def test_a_file_that_cannot_be_parsed_is_one_problem_and_the_others_continue(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "001_aaaaaaaaaaaaaaaa.txt").write_text(GOOD, encoding="utf-8")
    (content / "002_bbbbbbbbbbbbbbbb.txt").write_text("![Nur ein Bild](https://img.example/a.jpg)\n", encoding="utf-8")
    (content / "003_cccccccccccccccc.md").write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    (content / "004_dddddddddddddddd.txt").write_text(GOOD.replace("Stadt kauft", "Land kauft"), encoding="utf-8")
    results = parse_all(list_sources(content).entries, "de", {})
    assert [type(r) if isinstance(r, Problem) else type(r[0]) for r in results] == [Article, Problem, Problem, Article]
    assert results[1] == Problem("002_bbbbbbbbbbbbbbbb.txt", "no title line (only images)")
    assert isinstance(results[2], Problem) and "invalid YAML front matter" in results[2].reason


def test_reading_ahead_changes_nothing_read_even_of_a_file_gone_since_listed(tmp_path: Path) -> None:
    """The parse workers ask the system to read a chunk's files ahead: a file deleted after the
    listing is still the one problem it was, and the others read as they would have."""
    content = tmp_path / "content"
    content.mkdir()
    for n in range(3):
        (content / f"00{n}_{n:016x}.txt").write_text(GOOD, encoding="utf-8")
    entries = list_sources(content).entries
    (content / entries[1].rel).unlink()
    read.read_ahead(entries)
    found = [read.read_source(entry) for entry in entries]
    assert [(f.rel, f.text) for f in found if isinstance(f, SourceFile)] == [(entries[0].rel, GOOD), (entries[2].rel, GOOD)]
    assert isinstance(found[1], Problem) and found[1].reason.startswith(read.CANNOT_READ)


def test_the_parse_cache_rereads_edited_files_only(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    first, second = content / "001_aaaaaaaaaaaaaaaa.txt", content / "002_bbbbbbbbbbbbbbbb.txt"
    first.write_text(GOOD, encoding="utf-8")
    second.write_text(GOOD.replace("Stadt kauft", "Land kauft"), encoding="utf-8")
    cache = tmp_path / "articles.pickle"

    def titles() -> list[str]:
        return [r[0].title for r in parse_all(list_sources(content).entries, "de", {}, cache)
                if not isinstance(r, Problem)]

    before = titles()
    # Same size and the same modification time, new text: the change time still tells.
    stat = second.stat()
    second.write_text(GOOD.replace("Stadt kauft", "Land baute"), encoding="utf-8")
    os.utime(second, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert second.stat().st_size == stat.st_size
    after = titles()
    assert after[0] == before[0] and "Land kauft" in before[1] and "Land baute" in after[1]

    # Nothing changed since: no file is opened at all.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("generator.corpus.read_source", lambda entry: pytest.fail(f"{entry.rel} read again"))
        assert titles() == after
    cache.write_bytes(b"damaged")
    assert titles() == after


# ---------------------------------------------------------------------------
# The listing kept by ``serve``: changed by the files the system reports, not made anew


_NAMES = ("001_aaaaaaaaaaaaaaaa.txt", "002_bbbbbbbbbbbbbbbb.md", "003.txt", "bild.jpg", ".versteckt.txt", "README")
_FOLDERS = ("", "2024", "2024/05", "b", ".git")
_FILE_OPS = st.tuples(st.sampled_from(("write", "big", "delete", "rename")), st.sampled_from(_FOLDERS),
                      st.sampled_from(_NAMES), st.sampled_from(_FOLDERS), st.sampled_from(_NAMES))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.one_of(_FILE_OPS, st.tuples(st.just("folder"), st.sampled_from(_FOLDERS[1:]))),
                    min_size=1, max_size=12))
def test_the_listing_after_reported_changes_is_a_new_listing(tmp_path_factory: pytest.TempPathFactory,
                                                            ops: list[tuple[str, ...]]) -> None:
    """Files written, grown past the size limit, removed and renamed in folders (hidden ones too):
    ``relisted`` with the paths a notification names equals ``list_sources`` after each change, and
    gives up (None) only when a folder itself changed."""
    content = tmp_path_factory.mktemp("archive") / "content"
    content.mkdir()
    (content / "2024").mkdir()
    (content / "2024" / "001_aaaaaaaaaaaaaaaa.txt").write_text(GOOD, encoding="utf-8")
    limit_mb = 0.002  # 2,097 bytes: "big" writes more
    listing = list_sources(content, limit_mb)
    for op in ops:
        if op[0] == "folder":  # a folder removed with its files, or made
            folder = content / op[1]
            if folder.exists():
                for path in sorted(folder.rglob("*"), reverse=True):
                    path.rmdir() if path.is_dir() else path.unlink()
                folder.rmdir()
            else:
                folder.mkdir(parents=True)
            changed = [str(folder)]
        else:
            kind, folder_name, name, other_folder, other_name = op
            path = content / folder_name / name
            if kind in ("write", "big"):
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(GOOD + ("Langer Absatz. " * 200 if kind == "big" else ""), encoding="utf-8")
                changed = [str(path)]
            elif kind == "delete":
                path.unlink(missing_ok=True)
                changed = [str(path)]
            else:
                target = content / other_folder / other_name
                if not path.is_file() or not target.parent.is_dir() or target.is_dir():
                    continue
                path.rename(target)
                changed = [str(path), str(target)]
        fresh = list_sources(content, limit_mb)
        kept = read.relisted(listing, content, limit_mb, changed)
        if op[0] == "folder":
            assert kept is None or kept == fresh
        else:
            assert kept == fresh, op
        listing = fresh


def test_a_burst_of_changes_in_one_folder_is_relisted_as_a_new_listing(tmp_path: Path) -> None:
    """Many files of one folder changed at once (a ``git checkout``, an editor's backups made and
    removed): each folder is looked at once for all its files, and the listing is a new one."""
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    for n in range(40):
        (content / "2024" / f"{n:03d}_aaaaaaaaaaaaaaaa.txt").write_text(GOOD, encoding="utf-8")
    listing = list_sources(content)
    changed = []
    for n in range(0, 40, 2):  # rewritten, removed, and new beside them
        path = content / "2024" / f"{n:03d}_aaaaaaaaaaaaaaaa.txt"
        path.unlink() if n % 4 else path.write_text(GOOD + "Noch ein Absatz.\n", encoding="utf-8")
        changed += [str(path), str(content / "2024" / f"{n:03d}_aaaaaaaaaaaaaaaa.txt~"),
                    str(content / "2024" / f"{n + 100:03d}_bbbbbbbbbbbbbbbb.md")]
        (content / "2024" / f"{n + 100:03d}_bbbbbbbbbbbbbbbb.md").write_text(GOOD, encoding="utf-8")
    fresh = list_sources(content)
    assert len(fresh.entries) == 50 and fresh != listing
    assert read.relisted(listing, content, 5, changed) == fresh


def test_a_listing_made_anew_after_too_many_changes_or_with_a_symlink(tmp_path: Path) -> None:
    content = tmp_path / "content"
    (content / "2024").mkdir(parents=True)
    (content / "2024" / "001_aaaaaaaaaaaaaaaa.txt").write_text(GOOD, encoding="utf-8")
    listing = list_sources(content)
    paths = [str(content / f"{n:04d}.txt") for n in range(read.RELIST_LIMIT + 1)]
    assert read.relisted(listing, content, 5, paths[:1]) == listing  # a file gone that never was: no change
    assert read.relisted(listing, content, 5, paths) is None
    # A symlink's entry changes with its target, which a notification names, not the symlink.
    (content / "002_bbbbbbbbbbbbbbbb.txt").symlink_to(content / "2024" / "001_aaaaaaaaaaaaaaaa.txt")
    listing = list_sources(content)
    assert listing.symlinks and len(listing.entries) == 2
    (content / "2024" / "001_aaaaaaaaaaaaaaaa.txt").write_text(GOOD + "Noch ein Absatz.\n", encoding="utf-8")
    assert read.relisted(listing, content, 5, [str(content / "2024" / "001_aaaaaaaaaaaaaaaa.txt")]) is None
