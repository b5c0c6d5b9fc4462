"""Results of earlier runs, kept in ``build/cache`` so that a re-run redoes only what changed.

A stage keeps one ``Memo`` file: ``{key: value}``, where a key is a digest of
everything the value depends on. A stale entry is therefore never used, only
left unused, and ``save`` drops what this run did not use, so the file does not
grow with every edit. The file also records a stamp of the code and libraries
that made it: after an upgrade or an edit of the generator, everything is
computed afresh.
"""

from __future__ import annotations

import gc
import hashlib
import io
import os
import pickle
import re
import sys
import zlib
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager, suppress
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO, NamedTuple

from .model import Paragraph

# Libraries whose answers end up in the pages (parsing, language, slugs, lemmas, fuzzy links).
_LIBRARIES = ("charset-normalizer", "py3langid", "python-slugify", "text-unidecode", "rapidfuzz", "simplemma",
              "python-frontmatter", "pydantic")
_MISSING = object()


@contextmanager
def without_cycle_collection(resume: bool = True) -> Iterator[None]:
    """Pause Python's cycle collector while building many long-lived objects with next to no
    reference cycles (it would traverse them again and again to find nothing); reference
    counting still frees everything as usual. With ``resume`` False it stays paused after the
    block: for a process that ends right after, where the first collection would go over every
    object the block made, to find nothing (0.02 s after an edit's run at 10,000 articles, 0.2 s
    after a first run)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting and resume:
            gc.enable()


def give_back_memory() -> None:
    """Give the memory that freed objects leave in the C heap back to the system, where the C library
    can (glibc's ``malloc_trim``; elsewhere nothing happens).

    An object of more than 512 bytes (a paragraph's text, most as UCS-2 since one typographic quote
    or dash makes it so; a long tuple) is allocated by the C library, not by Python's own allocator:
    once freed, its memory is reused only by the C library's own later allocations, while most of what
    a stage makes next (words, short tuples, small dicts) comes from Python's allocator, in fresh
    memory. glibc gives back the free pages in the middle of its heap only when asked.
    """
    if (glibc := _glibc()) is not None:
        glibc.malloc_trim(0)


def map_large_blocks() -> None:
    """Have the C library (glibc) map each block of 128 KB or more on its own for the rest of the process,
    so that it goes back to the system when freed; elsewhere nothing happens.

    glibc raises that threshold each time such a block is freed, up to 32 MB: after the first few
    large buffers (a cache file read, a pickle's tables), the next ones come from its heap, where they
    leave free memory that Python's own allocator cannot use. For a run of 100,000 articles: 50 MB
    less at the peak, with the same time.
    """
    if (glibc := _glibc()) is not None:
        glibc.mallopt(_M_MMAP_THRESHOLD, 128 * 1024)


_M_MMAP_THRESHOLD = -3  # mallopt's parameter (malloc.h)


@cache
def _glibc() -> Any:
    """The C library the interpreter runs on, if it is glibc (with ``malloc_trim`` and ``mallopt``)."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    try:
        library = ctypes.CDLL(None)
        library.malloc_trim  # noqa: B018 - musl has mallopt, not this
        return library
    except (OSError, AttributeError):
        return None


@cache
def code_stamp() -> str:
    """A digest of the generator's source files, Python's version and the libraries' versions."""
    digest = hashlib.blake2b(sys.version.encode(), digest_size=16)
    for name in _LIBRARIES:
        digest.update(f"{name} {library_version(name) or '-'}\n".encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.hexdigest()


def library_version(name: str) -> str | None:
    """The installed version of the distribution ``name``, as ``importlib.metadata.version`` gives it,
    or None if it is not installed.

    Read off the name of its ``.dist-info`` folder, the first on ``sys.path`` as importlib.metadata
    finds it: importing importlib.metadata (with the email and zipfile packages) and asking it for
    the libraries of the code stamp took 0.03 s of every run. Other kinds of installs are asked of
    importlib.metadata itself.
    """
    wanted = _normalized(name)
    for folder in _dist_folders():
        for entry in folder:
            stem, _, version = entry[: -len(".dist-info")].partition("-")
            if _normalized(stem) == wanted and version:
                return version
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as metadata_version

    try:
        return metadata_version(name)
    except PackageNotFoundError:
        return None


@cache
def _dist_folders() -> tuple[tuple[str, ...], ...]:
    """The ``.dist-info`` folder names in each folder of ``sys.path``, in its order."""
    found = []
    for folder in sys.path:
        try:
            found.append(tuple(e for e in os.listdir(folder or ".") if e.endswith(".dist-info")))
        except OSError:
            continue
    return tuple(found)


def _normalized(name: str) -> str:
    """A distribution name as packaging compares them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def digest(*values: object) -> bytes:
    """A key for ``values``: equal values give equal keys, in any process.

    For plain data: dataclasses, str, numbers, dates, tuples, lists, dicts (never sets, whose order
    changes between processes). The pickler runs in "fast" mode, without its memo: otherwise
    its output would depend on which equal objects happen to be shared, not only on the values.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.fast = True
    pickler.dump(values)
    return hashlib.blake2b(buffer.getbuffer(), digest_size=16).digest()


def _return_freed_memory() -> None:
    """Hand the free pages inside the C heap back to the system (glibc's ``malloc_trim``; elsewhere
    nothing). Texts longer than 512 bytes live in that heap, not in Python's own arenas: once many are
    freed between live ones, their pages stay counted against the process until trimmed."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes  # here: most runs never need it

    try:
        trim = ctypes.CDLL(None).malloc_trim
    except (AttributeError, OSError):  # not glibc (musl)
        return
    trim(0)


_BLOCK = 16  # bytes of one block's digest


def block_digests(body: tuple[Any, ...]) -> bytes:
    """A digest of each block of an article body (a paragraph's text, a figure's image), joined.

    The texts are encoded here rather than pickled: pickling a string that is not pure ASCII leaves
    a UTF-8 copy of it inside the string for as long as it lives (CPython caches it there), which
    for all paragraphs of 100,000 articles is a few hundred megabytes.
    """
    digests = []
    for block in body:
        if isinstance(block, Paragraph):
            data = b"P" + block.text.encode("utf-8", "surrogatepass")
        else:
            data = b"F" + digest(block.image)
        digests.append(hashlib.blake2b(data, digest_size=_BLOCK).digest())
    return b"".join(digests)


class BodyDigests:
    """A digest of each article body (its ``block_digests``, digested), worked out once per body object.

    The tag stage and the page keys both digest every article's body, the archive's bulk: one
    instance, made per run and handed to both, does it once. The parse cache keeps each file's block
    digests, so that a re-run digests only what changed: ``learn`` takes them, for the body as parsed
    or for what is left of it once boilerplate paragraphs are removed. It keeps every body it
    digested alive, so an ``id`` is never another body's.
    """

    def __init__(self) -> None:
        self._known: dict[int, tuple[tuple[Any, ...], bytes]] = {}

    def __call__(self, body: tuple[Any, ...]) -> bytes:
        found = self._known.get(id(body))
        if found is not None:
            return found[1]
        return self._keep(body, block_digests(body))

    def learn(self, body: tuple[Any, ...], parsed: tuple[Any, ...], digests: bytes) -> None:
        """``digests`` are the ``block_digests`` of ``parsed``; ``body`` is ``parsed`` or some of its
        blocks, in order (the same objects). A body that is neither is left to be digested when asked."""
        if id(body) in self._known or len(digests) != _BLOCK * len(parsed):
            return
        if body is not parsed:
            kept, n = [], 0
            for block in body:
                while n < len(parsed) and parsed[n] is not block:
                    n += 1
                if n == len(parsed):
                    return
                kept.append(digests[n * _BLOCK:(n + 1) * _BLOCK])
                n += 1
            digests = b"".join(kept)
        self._keep(body, digests)

    def moved(self, body: Any, stored: Any) -> None:
        """``stored`` holds the blocks of ``body`` (see ``spill.spill_bodies``): its digest is ``body``'s,
        which is let go of."""
        found = self._known.pop(id(body), None)
        if found is not None:
            self._known[id(stored)] = (stored, found[1])

    def _keep(self, body: tuple[Any, ...], digests: bytes) -> bytes:
        value = hashlib.blake2b(digests, digest_size=16).digest()
        self._known[id(body)] = (body, value)
        return value


class HeldCaches:
    """What cache files hold (a memo's entries, a journal's version, the site's search index), kept in
    memory between runs of one process (``serve``), by file.

    A held copy is used only while its file is as this process last read or wrote it (same inode,
    size and times) and under the same stamp, so a file written by another run is read again.
    Stages may correct the entries they load in place before saving them: a run that fails midway
    must therefore ``clear`` what is held, as ``holding`` does.
    """

    def __init__(self) -> None:
        self._files: dict[Path, tuple[tuple[int, ...], str, Any]] = {}

    def get(self, file: Path, stamp: str) -> Any:
        """What is held for ``file`` if it is unchanged since and was made under ``stamp``, else None."""
        held = self._files.get(file)
        if held is None or held[1] != stamp:
            return None
        try:
            if _signature(file) == held[0]:
                return held[2]
        except OSError:
            pass
        self.forget(file)
        return None

    def keep(self, file: Path, stamp: str, value: Any) -> None:
        """Hold ``value``, just read from or written to ``file``."""
        try:
            self._files[file] = (_signature(file), stamp, value)
        except OSError:
            self.forget(file)

    def forget(self, file: Path) -> None:
        self._files.pop(file, None)

    def clear(self) -> None:
        self._files.clear()


def _signature(file: Path) -> tuple[int, ...]:
    status = file.stat()
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


_HELD: ContextVar[HeldCaches | None] = ContextVar("held_caches", default=None)


@contextmanager
def holding(held: HeldCaches | None = None) -> Iterator[None]:
    """Within the block, every ``Memo`` reads and keeps its files' entries through ``held``; by default
    through those held already (``serve``'s), or else through new ones, dropped after the block.
    If the block fails, what is held is dropped: it may hold entries corrected but never saved."""
    held = held or _HELD.get() or HeldCaches()
    token = _HELD.set(held)
    try:
        yield
    except BaseException:
        held.clear()
        raise
    finally:
        _HELD.reset(token)


# What reading a cache file may raise when the file is damaged, cut short or made by other code.
_UNREADABLE = (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, IndexError, KeyError,
               TypeError, ValueError)


def read_held(file: Path, stamp: str, read: Callable[[], Any]) -> Any:
    """What ``read()`` gives of ``file``, or what the ``HeldCaches`` of this run hold of it (made under
    ``stamp``); a value read is held for the next run. None is never held."""
    held = _HELD.get()
    if held is None:
        return read()
    found = held.get(file, stamp)
    if found is None:
        found = read()
        if found is not None:
            held.keep(file, stamp, found)
    return found


def keep_written(file: Path, stamp: str, value: Any) -> None:
    """Hold ``value``, just written to ``file`` under ``stamp``, for the next run of this process (see
    ``read_held``), if it holds caches (``serve``)."""
    held = _HELD.get()
    if held is not None:
        held.keep(file, stamp, value)


class Memo:
    """One stage's results from earlier runs, in pickle files (``path`` ``None``: this run only).

    With ``shards``, the entries are spread over that many files by key, so that a run that
    changes a few entries rewrites a few small files rather than one large one.
    """

    def __init__(self, path: Path | None, context: object = None, shards: int = 1,
                 only: Collection[Any] | None = None, fresh: bool = False,
                 load: Callable[[BinaryIO], Any] = pickle.load) -> None:
        """With ``only``, just the files holding those keys are read, and ``save`` keeps every entry read
        but those ``discard``-ed: a change to a few entries, not a run over all of them. With ``fresh``,
        nothing is read and ``save`` replaces every file with what was put: a record made anew. ``load``
        reads a file's pickle (``model.load_articles`` for articles)."""
        self.load = load
        # Results made under other settings (``context``, compared by its repr: settings objects may hold
        # sets, whose pickle changes between processes) or by other code are not reused.
        self.stamp = f"{code_stamp()}:{digest(repr(context)).hex()}"
        self.shards = shards
        self.files = [] if path is None else [path] if shards == 1 else [
            path.with_name(f"{path.stem}.{n:02d}{path.suffix}") for n in range(shards)]
        self.stored: dict[Any, Any] = {}
        self.stored_per_shard = [0] * shards
        self.used: dict[Any, Any] = {}
        self.changed: set[int] = set()  # shards with added or replaced entries
        self.partial = only is not None
        wanted = {self.shard_of(key) for key in only} if only is not None else set(range(shards))
        self.shards_read: set[int] = set()
        if fresh:
            wanted, self.changed = set(), set(range(shards))
        self._read_shards(wanted)

    def include(self, keys: Collection[Any]) -> None:
        """Read the files holding ``keys`` too, those not read yet (a memo made with ``only``)."""
        self._read_shards({self.shard_of(key) for key in keys})

    def _read_shards(self, wanted: Collection[int]) -> None:
        for n, file in enumerate(self.files):
            if n in wanted and n not in self.shards_read:
                entries = self._load(file)
                self.stored.update(entries)
                self.stored_per_shard[n] = len(entries)
                self.shards_read.add(n)

    def _load(self, file: Path) -> dict[Any, Any]:
        return read_held(file, self.stamp, lambda: self._read(file))

    def _read(self, file: Path) -> dict[Any, Any]:
        try:
            # Unpickling makes millions of objects, none garbage: collecting meanwhile doubles the time.
            with without_cycle_collection(), file.open("rb") as handle:
                stored = self.load(handle)
        except _UNREADABLE:
            return {}  # no usable file: computed afresh
        if isinstance(stored, dict) and stored.get("stamp") == self.stamp and isinstance(stored.get("entries"), dict):
            return stored["entries"]
        return {}

    def shard_of(self, key: Any) -> int:
        """The number of the file holding ``key``."""
        return zlib.crc32(repr(key).encode("utf-8", "surrogatepass")) % self.shards if self.shards > 1 else 0

    def file_of(self, shard: int) -> Path | None:
        """The file of a shard, to be written whole by another process (``write_entries``, with this
        memo's ``stamp``) and then taken in (``adopt``); None for a memo without files."""
        return self.files[shard] if self.files else None

    def adopt(self, shards: Collection[int]) -> None:
        """Read again the files of ``shards``, written whole by other processes since this memo read
        them (see ``file_of``): their entries are stored ones now, kept on ``save`` if used."""
        for n in shards:
            entries = self._load(self.files[n])
            self.stored.update(entries)
            self.stored_per_shard[n] = len(entries)
            self.shards_read.add(n)
            self.changed.discard(n)

    def get(self, key: Any, default: Any = None) -> Any:
        """The stored value for ``key`` (kept on save), or ``default``."""
        value = self.used.get(key, _MISSING)
        if value is _MISSING:
            value = self.stored.get(key, _MISSING)
            if value is _MISSING:
                return default
            self.used[key] = value
        return value

    def put(self, key: Any, value: Any) -> None:
        self.used[key] = value
        self.changed.add(self.shard_of(key))

    def discard(self, key: Any) -> None:
        """Leave the entry under ``key`` out of the files on ``save``."""
        for entries in (self.stored, self.used):
            if entries.pop(key, _MISSING) is not _MISSING:
                self.changed.add(self.shard_of(key))

    def save(self, fresh_copies: bool = False) -> None:
        """Write the entries this run used or added; only the files that would change.

        With ``fresh_copies``, each file's entries are replaced, once written, by copies read back from
        it: for many values made piecemeal between temporary objects since freed (results received
        from worker processes), copies laid out together. The originals are freed file by file, and
        the next file's copies fill their place; whoever holds the old values besides this memo keeps
        them alive, so let the memo hold them alone. (Strings pickled leave a UTF-8 copy inside
        themselves, which copies read back would not have; the articles, the bulk, avoid them anyway,
        see ``model._reduce_article``.)
        """
        if not self.files or (not self.changed and (self.partial or len(self.used) == len(self.stored))):
            return
        held = _HELD.get()
        entries: list[dict[Any, Any]] = [{} for _ in self.files]
        for key, value in ({**self.stored, **self.used} if self.partial else self.used).items():
            entries[self.shard_of(key)][key] = value
        for n, file in enumerate(self.files):
            if n in self.changed or len(entries[n]) != self.stored_per_shard[n]:
                try:
                    write_entries(file, self.stamp, entries[n])
                    written, entries[n] = entries[n], {}  # the memo alone holds the values now
                    if fresh_copies:
                        with without_cycle_collection(), file.open("rb") as handle:
                            written = self.load(handle)["entries"]
                        self.used.update(written)
                    if held is not None:
                        held.keep(file, self.stamp, written)
                except OSError:
                    # A cache that cannot be written (disk full, read-only) costs time next run, not results.
                    if held is not None:
                        held.forget(file)  # it may hold entries corrected in place, unlike the file
        if fresh_copies:
            # The replaced values are freed by now, between the copies: without the copies and this,
            # the run's peak (in the tag stage) was 2.07 GB instead of 1.90 GB at 100,000 articles.
            _return_freed_memory()


def write_entries(file: Path, stamp: str, entries: dict[Any, Any]) -> None:
    """Write one file of a ``Memo`` whole (``stamp``: the memo's): OSError if it cannot be, with the
    file as it was."""
    _write_whole(file, {"stamp": stamp, "entries": entries})


def _write_whole(file: Path, value: Any) -> int:
    """Replace ``file`` with ``value`` pickled, and return its size; OSError if it cannot be, with the
    file as it was."""
    tmp = file.with_suffix(".tmp")
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        # Streamed to the file frame by frame: the whole pickle never sits in memory (250 MB for the
        # tag stage's scans at 100,000 articles).
        with tmp.open("wb") as handle:
            pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            size = handle.tell()
        os.replace(tmp, file)
    except OSError:
        with suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise
    return size


class _Version(NamedTuple):
    """A version of a ``Journal``'s value, as read or written: where its file ends, and where in it
    the changes begin."""

    generation: bytes
    value: Any
    changes: int  # appended since the value was written whole
    whole: int  # bytes of the value written whole
    size: int  # bytes of the file


class Journal:
    """One large value that each run changes a little, kept in one file: written whole once, then each
    later run's change appended, so that a run writes its change rather than the whole value again.

    Each version of the value has a generation (bytes the caller makes up and records elsewhere);
    ``read`` gives the version of the generation asked for, the whole one with the changes applied in
    order by ``apply(value, change)`` (in place), or None if the file does not end in that version.
    A change is appended only to the version this journal read; after ``max_changes`` changes, or once
    they take half the size of the whole value, the value is written whole again.
    """

    def __init__(self, path: Path, stamp: str, apply: Callable[[Any, Any], None], max_changes: int = 64) -> None:
        """``stamp``: as a ``Memo``'s, the code and settings the value was made under."""
        self.path = path
        self.stamp = stamp
        self.apply = apply
        self.max_changes = max_changes
        self._read: _Version | None = None  # the version read or written last

    def read(self, generation: bytes) -> Any:
        """The value of ``generation``, or None."""
        found: _Version | None = read_held(self.path, self.stamp, self._load)
        if found is None or found.generation != generation:
            return None
        self._read = found
        return found.value

    def _load(self) -> _Version | None:
        try:
            # Unpickling makes many objects, none garbage: collecting meanwhile doubles the time.
            with without_cycle_collection(), self.path.open("rb") as handle:
                size = os.fstat(handle.fileno()).st_size
                stamp, generation, value = pickle.load(handle)
                if stamp != self.stamp:
                    return None
                whole, changes = handle.tell(), 0
                while handle.tell() < size:
                    before, after, change = pickle.load(handle)
                    if before != generation:
                        return None
                    self.apply(value, change)
                    generation, changes = after, changes + 1
        except _UNREADABLE:
            return None  # no usable file (a change cut short by a crash, say): the value is made afresh
        return _Version(generation, value, changes, whole, size)

    def write(self, generation: bytes, value: Any) -> None:
        """Replace the file with ``value`` whole, as version ``generation``."""
        try:
            size = _write_whole(self.path, (self.stamp, generation, value))
        except OSError:
            # A cache that cannot be written (disk full, read-only) costs time next run, not results.
            self._forget()
            return
        self._keep(_Version(generation, value, 0, size, size))

    def append(self, generation: bytes, change: Any, value: Any) -> None:
        """Record version ``generation``, ``value``: the version read with ``change`` applied."""
        if self._read is None:
            self.write(generation, value)
            return
        before, _, changes, whole, size = self._read
        if changes >= self.max_changes or size - whole > whole // 2:
            self.write(generation, value)
            return
        try:
            with self.path.open("r+b") as handle:
                # Where the version read ends: a change cut short after it is overwritten.
                handle.seek(size)
                pickle.dump((before, generation, change), handle, protocol=pickle.HIGHEST_PROTOCOL)
                handle.truncate()
                end = handle.tell()
        except OSError:
            self._forget()
            with suppress(OSError):
                self.path.unlink(missing_ok=True)  # it may end in half a change
            return
        self._keep(_Version(generation, value, changes + 1, whole, end))

    def _keep(self, version: _Version) -> None:
        self._read = version
        keep_written(self.path, self.stamp, version)

    def _forget(self) -> None:
        self._read = None
        held = _HELD.get()
        if held is not None:
            held.forget(self.path)
