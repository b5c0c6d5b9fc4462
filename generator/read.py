"""Discover and decode the input files under ``content_dir``.

Nothing here writes: the archive is read-only for the whole tool.
"""

from __future__ import annotations

import codecs
import errno
import os
import re
import stat as stat_module
import struct
from bisect import insort
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

from .model import Problem, SourceFile

SUPPORTED_SUFFIXES = (".txt", ".md")
CANNOT_READ = "cannot read"

# Invisible characters that scrapers leave behind; they break matching and slugs.
# Character classes rather than str.translate tables, which are ~40x slower on non-ASCII text.
# Not the joiners (U+200C, U+200D): they are part of the text (an emoji family, a Persian word's spelling).
_INVISIBLE = re.compile("[\u00ad\u200b\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069]")
# A non-joiner between two Latin letters ("Auf\u200clage", a typesetter's ligature break) splits a German word
# for search and tags; in Persian or an Indic script it is part of the spelling, and stays.
_LATIN_NON_JOINER = re.compile("(?<=[A-Za-z\u00c0-\u024f])\u200c(?=[A-Za-z\u00c0-\u024f])")
_SPACES = re.compile("[\u00a0\u2007\u202f\u2009\u200a\u3000]")
# Control characters, C0 and C1: no text holds them (a byte a legacy encoding leaves undefined, 0x81 in
# Windows-1252, was read as U+0081, invisible in the page and its description).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


@dataclass(frozen=True)
class ReadResult:
    files: tuple[SourceFile, ...]
    problems: tuple[Problem, ...]
    seen: int  # every file found, read or not; files + fatal problems == seen


class DecodeError(ValueError):
    """The bytes are not text in any encoding the archive format allows."""


def _cp1252_char(byte: int) -> str:
    try:
        return bytes([byte]).decode("cp1252")
    except UnicodeDecodeError:
        return chr(byte)  # the five bytes Windows-1252 leaves unassigned are read as Latin-1


# Windows-1252 with a Latin-1 fallback, as a decoding table: decodes any bytes.
_CP1252_TABLE = "".join(map(_cp1252_char, range(256)))
# The bytes a "surrogateescape" decoding could not read, one lone surrogate each.
_STRAY = re.compile("[\udc80-\udcff]")
# A character of three or four UTF-8 bytes (no surrogate: UTF-8 never encodes one).
_LONG_SEQUENCE = re.compile("[\u0800-\ud7ff\ue000-\U0010ffff]")


class Decoded(NamedTuple):
    """A file's text, the encoding it was read in, and how many of its bytes were stray ones."""

    text: str  # normalised (see normalise_text)
    encoding: str
    stray: int = 0  # bytes of a UTF-8 file that were not UTF-8, read as Windows-1252


def decode_text(data: bytes) -> Decoded:
    """Decode raw bytes to normalised text.

    UTF-8 (with or without BOM) and UTF-16 with BOM are recognised by their
    bytes. A UTF-8 file with bytes that are not UTF-8 (a dash or quote pasted
    from a Windows-1252 text) is read as UTF-8, those bytes as Windows-1252,
    and counted; a pasted pair that happens to be valid UTF-8 (``ß“``, bytes
    DF 93) cannot be told apart and reads as that character. Anything else is
    handed to charset-normalizer, which picks a legacy encoding such as
    Windows-1252 from the byte statistics, or, when there are too few bytes to
    tell, read as Windows-1252 with a Latin-1 fallback. Binary data (NUL bytes,
    a known file's first bytes, bytes no text holds) and UTF-16 without its
    mark raise DecodeError, with the reason; never UnicodeDecodeError.
    """
    stray = 0
    if data.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
        try:
            text = data[len(codecs.BOM_UTF8):].decode("utf-8", "strict")
        except UnicodeDecodeError:
            # The mark says UTF-8 whatever the rest holds: every byte that is not is a stray one.
            text, stray = _with_stray_bytes(data[len(codecs.BOM_UTF8):].decode("utf-8", "surrogateescape"))
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DecodeError(f"broken UTF-16 ({exc.reason})") from exc
    elif b"\x00" in data:
        raise DecodeError(_nul_reason(data))
    elif what := next((name for mark, name in _DOCUMENTS if data.startswith(mark)), None):
        raise DecodeError(f"binary data ({what}), not a text file")
    else:
        try:
            text, encoding = data.decode("utf-8", "strict"), "utf-8"
        except UnicodeDecodeError:
            escaped = data.decode("utf-8", "surrogateescape")  # a stray byte b: the lone surrogate U+DC00 + b
            _refuse_binary(data, escaped)
            if _mostly_utf8(escaped):
                (text, stray), encoding = _with_stray_bytes(escaped), "utf-8"
            else:
                text, encoding = _legacy_encoding(data)
    return Decoded(normalise_text(text), encoding, stray)


# The first bytes of files that are often saved under a text file's name by mistake. Documents whose
# bytes may all be ASCII (a PDF, an RTF) are known by them in any file; pictures only in a file that is
# not all UTF-8: a text may start "GIF89a wird 35".
_DOCUMENTS = ((b"%PDF-", "a PDF document"), (b"{\\rtf", "an RTF document"),
              (b"PK\x03\x04", "a ZIP archive or office document"))
_SIGNATURES = ((b"\xff\xd8\xff", "a JPEG image"), (b"\x89PNG\r\n", "a PNG image"), (b"GIF8", "a GIF image"),
               (b"RIFF", "a WebP image or other RIFF data"), (b"\x1f\x8b", "gzip data"))


def _nul_reason(data: bytes) -> str:
    """Why a file with NUL bytes is no text: UTF-16 without its byte order mark (one byte of each pair NUL,
    the other not, as in Latin letters), or binary data."""
    half = len(data) // 2
    for zeros, others in ((data[1::2], data[::2]), (data[::2], data[1::2])):
        if zeros.count(0) * 3 >= half * 2 and others.count(0) * 10 < half:
            return "UTF-16 without a byte order mark: save it as UTF-8, or as UTF-16 with its mark"
    nul = data.count(0)
    return f"binary data ({nul} NUL byte{'s' * (nul != 1)}, the first at byte {data.index(0)}), not a text file"


# Bytes no text in the encodings read holds: control characters but tab, line ends, form feed and escape;
# and the five bytes Windows-1252 leaves undefined, among the stray bytes of a file that is not all UTF-8
# (another encoding may use them: Windows-1250's ť is one).
_CONTROL_BYTES = bytes([*range(1, 9), *range(0x0E, 0x1B), *range(0x1C, 0x20)])
_UNDEFINED = re.compile("[\udc81\udc8d\udc8f\udc90\udc9d]")


def _refuse_binary(data: bytes, escaped: str) -> None:
    """Raise DecodeError for a file that is not all UTF-8 and is binary data rather than text in another
    encoding: a known file's first bytes (a picture saved as .txt), or bytes no text holds, a few and at
    least one in a hundred. A UTF-8 text with a pasted Windows-1252 paragraph has none of them."""
    if what := next((name for mark, name in _SIGNATURES if data.startswith(mark)), None):
        raise DecodeError(f"binary data ({what}), not a text file")
    odd = len(data) - len(data.translate(None, _CONTROL_BYTES)) + len(_UNDEFINED.findall(escaped))
    if odd >= 4 and odd * 100 >= len(data):
        raise DecodeError(f"binary data, or text in an encoding other than UTF-8, UTF-16 or Windows-1252 ({odd} "
                          "bytes none of them holds)")


def _mostly_utf8(escaped: str) -> bool:
    """Whether a file read with "surrogateescape" is UTF-8 with stray bytes rather than a legacy encoding's.

    In a Windows-1252 file every letter beyond ASCII is a stray byte, and a valid UTF-8 sequence is a rare
    accident of two bytes (``ß“``); taking such a file for UTF-8 garbles only those pairs, and warns, where
    taking a UTF-8 file for Windows-1252 garbles every letter beyond ASCII, unseen. So a file is UTF-8
    when it holds a sequence of three or four bytes, or a tenth as many valid pairs as stray bytes.
    """
    stray = len(_STRAY.findall(escaped))
    valid = len(escaped) - len(escaped.encode("ascii", "ignore")) - stray  # surrogates are not ASCII either
    return _LONG_SEQUENCE.search(escaped) is not None or valid * 10 >= stray > 0


def _with_stray_bytes(escaped: str) -> tuple[str, int]:
    """A text read with "surrogateescape", each stray byte in it read as Windows-1252; how many there were."""
    return _STRAY.subn(lambda stray: _CP1252_TABLE[ord(stray[0]) - 0xDC00], escaped)


# Bytes enough for charset-normalizer's statistics: a longer file it finds no text in is none.
_FEWEST_BYTES_TOLD = 64


def _legacy_encoding(data: bytes) -> tuple[str, str]:
    """The text of a file in a legacy encoding, and that encoding's name."""
    from charset_normalizer import from_bytes  # here: most archives are all UTF-8

    best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15"]).best()
    if best is not None:
        return str(best), best.encoding
    if len(data) >= _FEWEST_BYTES_TOLD:
        raise DecodeError("not text in UTF-8, UTF-16 or Windows-1252: binary data, or another encoding "
                          "(save it as UTF-8)")
    # Too few bytes for statistics (a lone „Ja“): Windows-1252 / Latin-1.
    return codecs.charmap_decode(data, "strict", _CP1252_TABLE)[0], "cp1252"


def normalise_text(text: str) -> str:
    """Fold line ends to LF and invisible or exotic spaces to what they look like."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # Every character the three patterns below look for is unprintable (a control, format or space
    # character), and most files hold none but the line feeds: one isprintable() finds that out for a
    # third of the time the patterns take to scan the text.
    if text.replace("\n", " ").isprintable():
        return text
    text = _SPACES.sub(" ", _INVISIBLE.sub("", text))
    if "\u200c" in text:
        text = _LATIN_NON_JOINER.sub("", text)
    return _CONTROL.sub("", text)


def _walk(folder: str, rel: str = "") -> Iterator[tuple[os.DirEntry[str] | Problem, str]]:
    """Every file under ``folder`` with its POSIX path relative to the top, skipping hidden names; a
    subfolder that cannot be read comes as a Problem (its files would vanish from the site unsaid).

    Files come first, sorted, then symlinked folders (reported like files, never followed), then
    each subfolder in turn. ``os.scandir`` entries carry what the listing needs (type, stat) at a
    fraction of pathlib's cost per file, which matters at 100,000 files.
    """
    try:
        with os.scandir(folder) as scan:
            found = sorted((e for e in scan if not e.name.startswith(".")), key=lambda e: e.name)
    except OSError as exc:
        if not rel:
            raise
        yield Problem(rel, f"{CANNOT_READ} this folder ({exc.strerror or exc}): its files are left out"), rel
        return
    folders = []
    for entry in found:
        if not _is_folder(entry):  # a symlinked folder comes after the files, once
            yield entry, rel + entry.name
        elif not entry.is_symlink():
            folders.append(entry)
    for entry in found:
        if entry.is_symlink() and _is_folder(entry):
            yield entry, rel + entry.name
    for entry in folders:
        yield from _walk(entry.path, f"{rel}{entry.name}/")


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a folder or a symlink to one; not a symlink that leads round in a loop."""
    try:
        return entry.is_dir()
    except OSError:  # ELOOP: reported as a file (see _entry)
        return False


@dataclass(frozen=True)
class SourceEntry:
    """A file found under ``content_dir``, not read yet."""

    # The file's path as the OS takes it: a Path per file costs a tenth of a second at 10,000 files,
    # and a re-run reads only the few that changed.
    file: str
    rel: str  # path relative to content_dir, POSIX style
    # Size, modification and change times (ns) and inode: any write, rename or chmod changes one of them.
    signature: tuple[int, int, int, int]

    @property
    def path(self) -> Path:
        return Path(self.file)

    @property
    def packed(self) -> bytes:
        """The signature in 32 bytes, for records of every file kept through a run: a sixth of the
        memory of the tuple of four large ints (``unpack_signature`` gives the tuple back)."""
        return _SIGNATURE.pack(*self.signature)


_SIGNATURE = struct.Struct("<QqqQ")  # size, modification and change times (ns; before 1970: negative), inode


def unpack_signature(packed: bytes) -> tuple[int, int, int, int]:
    """The signature ``SourceEntry.packed`` packed."""
    return _SIGNATURE.unpack(packed)  # type: ignore[return-value]


@dataclass(frozen=True)
class Listing:
    entries: tuple[SourceEntry, ...]
    problems: tuple[Problem, ...]
    seen: int  # every file found; entries + problems == seen
    # Whether a symlink was found: a change to its target changes its entry, under another name.
    symlinks: bool = False


def list_sources(content_dir: Path, max_file_mb: float = 5) -> Listing:
    """Find every supported file under ``content_dir`` (sorted, deterministic) without reading it.

    Symlinks out of the folder, other file types and oversized files become Problems.
    """
    root = content_dir.resolve()
    entries: list[SourceEntry] = []
    problems: list[Problem] = []
    seen = 0
    limit = int(max_file_mb * 1024 * 1024)
    # Hidden files and folders (.gitkeep, .DS_Store, .git) are not archive content: _walk skips them.
    walked = list(_walk(str(content_dir)))
    unread = 0  # folders that could not be read, which _walk gives as Problems
    for item, rel in walked:
        seen += 1
        if isinstance(item, Problem):
            unread += 1
            problems.append(item)
            continue
        result = _entry(item, rel, root, limit)
        (entries if isinstance(result, SourceEntry) else problems).append(result)
    # In C, after the loop: a third of the time of a test per file in it (7 ms at 100,000 files).
    found = [pair for pair in walked if not isinstance(pair[0], Problem)] if unread else walked
    symlinks = any(map(os.DirEntry.is_symlink, map(itemgetter(0), found)))
    return Listing(tuple(entries), tuple(problems), seen, symlinks)


# More changed paths than this, and the whole folder is listed again: after a burst that large the
# system may have dropped notifications, and listing it costs little beside such a run anyway.
RELIST_LIMIT = 1000


def relisted(listing: Listing, content_dir: Path, max_file_mb: float, changed: Iterable[str]) -> Listing | None:
    """``list_sources(content_dir, max_file_mb)`` after the files at ``changed`` (paths as the system's
    file notifications give them, under ``content_dir`` as given) were written, added or removed, when
    ``listing`` was its answer before: only those files are looked at again, not every file of the
    archive (0.57 s at 100,000 files). None when that cannot tell: a folder or a symlink among them, a
    path outside a plain folder of the archive, more than ``RELIST_LIMIT`` paths, an archive with a
    symlink (its target may change under another name); list anew then."""
    paths = set(changed)
    if len(paths) > RELIST_LIMIT or listing.symlinks:
        return None
    top = str(content_dir)
    root = content_dir.resolve()
    limit = int(max_file_mb * 1024 * 1024)
    wanted: dict[str, dict[str, str]] = {}  # folder → name → path relative to content_dir
    for path in paths:
        if not path.startswith(top + os.sep):
            if os.path.realpath(path) == str(root):
                return None  # the folder itself
            continue  # the settings or the theme
        parts = path[len(top) + 1:].split(os.sep)
        if any(part.startswith(".") or not part for part in parts):
            continue  # hidden: never listed
        folder = os.path.dirname(path)
        if os.path.isdir(path) or os.path.islink(path) or os.path.realpath(folder) != str(root.joinpath(*parts[:-1])):
            return None
        wanted.setdefault(folder, {})[parts[-1]] = "/".join(parts)
    entries = {entry.rel: entry for entry in listing.entries}  # in the listing's order, kept on replacing
    problems = {problem.file: problem for problem in listing.problems}
    listed: set[str] | None = None  # the folders holding listed files, made when first asked
    new: list[SourceEntry] = []
    for folder, names in wanted.items():
        # One scan of each folder for all its changed files (a year's folder holds thousands).
        try:
            with os.scandir(folder) as scan:
                found = {item.name: item for item in scan if item.name in names}
        except OSError:
            found = {}
        for name, rel in names.items():
            result = _entry(found[name], rel, root, limit) if name in found else None
            if result is None and rel not in entries and rel not in problems:
                listed = _folders(chain(entries, problems)) if listed is None else listed
                if rel in listed:
                    return None  # a folder that is gone
            if isinstance(result, SourceEntry) and rel in entries:
                entries[rel] = result
                continue
            entries.pop(rel, None)
            problems.pop(rel, None)
            if isinstance(result, SourceEntry):
                new.append(result)
            elif result is not None:
                problems[rel] = result
    ordered = list(entries.values())
    for entry in new:
        insort(ordered, entry, key=_walk_order)
    found = sorted(problems.values(), key=_walk_order)
    return Listing(tuple(ordered), tuple(found), len(ordered) + len(found))


def _folders(rels: Iterable[str]) -> set[str]:
    """Every folder holding one of ``rels`` (paths relative to content_dir), at any depth."""
    found: set[str] = set()
    for rel in rels:
        folder = rel.rpartition("/")[0]
        while folder and folder not in found:
            found.add(folder)
            folder = folder.rpartition("/")[0]
    return found


def _walk_order(item: SourceEntry | Problem) -> tuple[tuple[int, str], ...]:
    """Where ``_walk`` yields a file of an archive without symlinks: in each folder its files by name,
    then each subfolder in turn."""
    *folders, name = (item.rel if isinstance(item, SourceEntry) else item.file).split("/")
    return (*((1, part) for part in folders), (0, name))


def _entry(item: os.DirEntry[str], rel: str, root: Path, limit: int) -> SourceEntry | Problem:
    try:
        rel.encode("utf-8")
    except UnicodeEncodeError:  # bytes of another encoding, which Python kept as lone surrogates
        return Problem(rel, "file name is not UTF-8 (an older system's encoding?): rename the file to read it")
    if item.is_symlink():
        try:
            target = Path(item.path).resolve(strict=True)
        except (OSError, RuntimeError) as exc:  # RuntimeError: a loop, before Python 3.13
            looped = isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == errno.ELOOP
            return Problem(rel, "symlink in a loop" if looped else "symlink to nothing")
        if not target.is_relative_to(root):
            return Problem(rel, "symlink pointing outside content_dir")
        if target.is_dir():
            return Problem(rel, "symlinked folder (its files are not read)")
    suffix = os.path.splitext(item.name)[1]  # a third of PurePosixPath(...).suffix
    if suffix.lower() not in SUPPORTED_SUFFIXES:
        return Problem(rel, f"unsupported file type '{suffix or '(none)'}' (expected .txt or .md)")
    try:
        stat = item.stat()
    except OSError as exc:
        return Problem(rel, f"{CANNOT_READ}: {exc.strerror or exc}")
    if not stat_module.S_ISREG(stat.st_mode):  # a pipe would make the run wait for a writer, for ever
        return Problem(rel, "not a regular file (a pipe, socket or device)")
    if stat.st_size > limit:
        return Problem(rel, f"file too large ({stat.st_size / 1048576:.1f} MB > max_file_mb {limit / 1048576:g})")
    return SourceEntry(item.path, rel, (stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino))


def read_ahead(entries: Sequence[SourceEntry]) -> None:
    """Ask the system to read the files of ``entries`` into its cache, in the background, and return:
    each is then read from memory by ``read_source``, while the caller works on the files before
    it. A first run of 10,000 articles whose files were not in the cache took 0.5 s longer to read
    and parse than with them there. Nothing happens where the system cannot be asked."""
    if hasattr(os, "posix_fadvise"):
        advise_cache((entry.file for entry in entries), os.POSIX_FADV_WILLNEED)


def advise_cache(files: Iterable[str | Path], advice: int) -> int:
    """Give the system ``advice`` (``os.POSIX_FADV_*``) on each of ``files`` as a whole: read it ahead,
    drop it from the cache (the benchmark's cold runs). How many files took it; a file that cannot be
    opened is left to its reader to report. 0 where the system cannot be advised."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return 0
    advised = 0
    for file in files:
        try:
            handle = os.open(file, os.O_RDONLY)
        except OSError:
            continue
        try:
            advise(handle, 0, 0, advice)
            advised += 1
        except OSError:
            pass
        finally:
            os.close(handle)
    return advised


def read_source(entry: SourceEntry) -> SourceFile | Problem:
    """Read and decode one listed file; unreadable, binary or undecodable files become Problems."""
    try:
        with open(entry.file, "rb") as handle:
            data = handle.read()
    except OSError as exc:
        return Problem(entry.rel, f"{CANNOT_READ}: {exc.strerror or exc}")
    if not data.strip():
        return Problem(entry.rel, "empty file" if not data else "whitespace-only file")
    try:
        text, encoding, stray = decode_text(data)
    except DecodeError as exc:
        return Problem(entry.rel, str(exc))
    if not text.strip():
        return Problem(entry.rel, "whitespace-only file")
    return SourceFile(path=entry.path, rel=entry.rel, text=text, mtime=entry.signature[1] / 1e9, encoding=encoding,
                      stray_bytes=stray)


def read_sources(content_dir: Path, max_file_mb: float = 5) -> ReadResult:
    """Read every supported file under ``content_dir`` (sorted, deterministic).

    Unreadable, oversized, binary or undecodable files become Problems; the
    rest become SourceFiles.
    """
    listing = list_sources(content_dir, max_file_mb)
    read = [read_source(entry) for entry in listing.entries]
    files = tuple(r for r in read if isinstance(r, SourceFile))
    problems = listing.problems + tuple(r for r in read if isinstance(r, Problem))
    return ReadResult(files, problems, listing.seen)
