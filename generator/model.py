"""Plain data passed between the pipeline stages."""

from __future__ import annotations

import os
import pickle
import re
from collections.abc import Callable, Iterator, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field, fields
from datetime import date
from functools import partial
from operator import attrgetter, methodcaller
from pathlib import Path
from typing import Any, BinaryIO, Literal

DatePrecision = Literal["day", "month", "year", "archived"]

# The one piece of markup a Paragraph may carry: an inline link or image whose
# URL the parser has checked (http, https or relative). Everything else is text. Its words may hold
# brackets ("Haushalt [PDF]"); a title after its address ("…" in quotes) is allowed and not shown.
INLINE_LINK = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
                         r"\((?P<url>(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """One input file, decoded; ``text`` has normalised line ends."""

    path: Path
    rel: str  # path relative to content_dir, POSIX style
    text: str
    mtime: float
    encoding: str
    stray_bytes: int = 0  # bytes of a UTF-8 file that were not UTF-8, read as Windows-1252 (see read.decode_text)


@dataclass(frozen=True, slots=True)
class Problem:
    """Why a file was skipped or what was dropped from it: one user-facing line."""

    file: str
    reason: str
    fatal: bool = True  # True: the file produced no page

    def __str__(self) -> str:
        return f"{self.file}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Image:
    url: str
    alt: str
    # docs_dir path of a downloaded copy (``images: local``); ``url`` stays the original.
    local: str | None = None


@dataclass(frozen=True, slots=True)
class Related:
    """A headline the article points to; ``url`` is set when it is in the archive, and ``language`` then
    is that article's. ``original`` is the address the raw file linked the headline to ("Mehr zum Thema:
    [Headline](https://…)"): the article on the web, which the page offers when the archive does not hold it."""

    title: str
    url: str | None = None
    original: str | None = None
    language: str = ""


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str

    @property
    def is_credit(self) -> bool:
        """A picture's credit or a source on a line of its own ("Foto: Stadt Velsburg", "Quelle: dpa")."""
        return self.text[:1] in _CREDIT_FIRST and _CREDIT.match(self.text) is not None

    @property
    def is_note(self) -> bool:
        """A line about the article, which scrapes keep as a paragraph: a credit or source (``is_credit``), a
        byline ("Von Martina Schulte, 8. April 2024"), a dated note ("Korrektur, 6. April 2024"). No lead,
        and no topic's words."""
        return self.text[:1] in _NOTE_FIRST and len(self.text) <= _NOTE_LENGTH and (
            _BYLINE_OR_NOTE.match(self.text) is not None or self.is_credit or _MARKER.fullmatch(self.text) is not None)

    @property
    def is_byline(self) -> bool:
        """A byline or a dated note (see ``is_note``): the article's own line, though its reporter's other
        articles repeat it ("By Jane Doe, Political Correspondent"), unlike a credit or a page's mark."""
        return self.text[:1] in _NOTE_FIRST and len(self.text) <= _NOTE_LENGTH \
            and _BYLINE_OR_NOTE.match(self.text) is not None


@dataclass(frozen=True, slots=True)
class Figure:
    image: Image


Block = Paragraph | Figure


class BodyFile:
    """A file of article bodies' paragraph texts, written by ``spill.spill_bodies``: each ``StoredBody``
    reads its own range of it. Pickled as its path, so that a worker process that unpickles articles
    reads the same file (once opened per pickled batch: pickle sends the one object once)."""

    __slots__ = ("path", "_file")

    def __init__(self, path: Path) -> None:
        self.path = path
        self._file: Any = None

    def read(self, offset: int, size: int) -> bytes:
        """``size`` bytes from ``offset`` on (the file opened on the first read)."""
        if self._file is None:
            self._file = self.path.open("rb")
        if hasattr(os, "pread"):  # not on Windows
            return os.pread(self._file.fileno(), size, offset)
        self._file.seek(offset)
        return self._file.read(size)

    def close(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __reduce__(self) -> tuple[type[BodyFile], tuple[Path]]:
        return BodyFile, (self.path,)


_utf8 = methodcaller("encode", "utf-8", "surrogatepass")
_text = partial(str, encoding="utf-8", errors="surrogatepass")


def packed_body(body: Sequence[Block]) -> tuple[bytes | None, tuple[tuple[int, Block], ...]]:
    """A body's paragraphs' texts as one UTF-8 string joined by NUL (None if there are none, or if one holds NUL,
    which read.normalise_text takes out of every file), and its other blocks by position: see ``body_from``."""
    texts = [block.text for block in body if type(block) is Paragraph]
    joined = "\0".join(texts)
    figures = tuple((n, block) for n, block in enumerate(body) if type(block) is not Paragraph)
    return (_utf8(joined) if texts and joined.count("\0") == len(texts) - 1 else None), figures


def body_from(joined: bytes | tuple[bytes, ...], figures: tuple[tuple[int, Block], ...]) -> tuple[Block, ...]:
    """The body ``packed_body`` packed (or its paragraphs' texts each as UTF-8, ``joined`` a tuple)."""
    body: list[Block] = list(map(Paragraph, _text(joined).split("\0") if type(joined) is bytes
                                 else map(_text, joined)))
    for n, figure in figures:
        body.insert(n, figure)
    return tuple(body)


class StoredBody(Sequence[Block]):
    """An article's body whose paragraphs' texts wait in a ``BodyFile``, not in memory, and are read
    (made into new ``Paragraph`` objects) each time the body is read; its figures are held, the same
    objects on every reading. See ``spill.spill_bodies``: what a large archive's texts would take in
    memory through the tag stage's peak. Equal to the tuple of its blocks."""

    __slots__ = ("file", "offset", "size", "figures", "count", "opening")

    def __init__(self, file: BodyFile, offset: int, size: int, figures: tuple[tuple[int, Figure], ...],
                 count: int, opening: str) -> None:
        self.file = file
        self.offset = offset
        self.size = size
        self.figures = figures  # (position, figure)
        self.count = count  # blocks in all
        self.opening = opening  # what Article.opening gives of it: listings ask for every article's

    def blocks(self) -> tuple[Block, ...]:
        """The body's blocks, its paragraphs read from the file."""
        return body_from(self.file.read(self.offset, self.size), self.figures)

    def __iter__(self) -> Iterator[Block]:
        return iter(self.blocks())

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, index: Any) -> Any:
        return self.blocks()[index]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, StoredBody | tuple):
            return self.blocks() == tuple(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.blocks())

    def __reduce__(self) -> tuple[type[StoredBody], tuple[Any, ...]]:
        return StoredBody, (self.file, self.offset, self.size, self.figures, self.count, self.opening)


@dataclass(frozen=True, slots=True)
class Source:
    file: str
    id: str | None = None
    publisher: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """One archived article, as parsed and enriched by the pipeline."""

    title: str
    date: date
    date_precision: DatePrecision
    language: str
    source: Source
    body: tuple[Block, ...] | StoredBody = ()
    image: Image | None = None
    related: tuple[Related, ...] = ()
    tags: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()
    description: str | None = None
    updated: date | None = None  # the day a date line says it was updated, when after ``date``
    # Markdown body of a hand-written ``.md`` input, passed through as written.
    markdown: str | None = None
    path: str | None = None  # page path inside docs_dir, set by the link stage
    warnings: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        """Stable identity used for ordering and de-duplication."""
        return self.source.file

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return tuple(block.text for block in self.body if isinstance(block, Paragraph))

    @property
    def figures(self) -> tuple[Figure, ...]:
        """The body's figures, in order; a stored body's without reading its texts."""
        body = self.body
        if type(body) is StoredBody:
            return tuple(figure for _, figure in body.figures)
        # Most bodies are all text: the test runs in C.
        return tuple(block for block in body if type(block) is Figure) if Figure in map(type, body) else ()

    @property
    def text(self) -> str:
        """Title and body as plain text, for language detection and word counts."""
        if self.markdown is not None:
            return f"{self.title}\n{self.markdown}"
        return "\n".join((self.title, *self.paragraphs))

    @property
    def word_count(self) -> int:
        return len(self.text.split()) - len(self.title.split())

    @property
    def dated(self) -> bool:
        """Whether the date is the text's own, not its file's (``archived``: the text names none)."""
        return self.date_precision != "archived"

    @property
    def opening(self) -> str:
        """The first paragraph of the body that is not a credit or source line ("Foto: …"), or of a hand-written
        page's Markdown; "" if none."""
        # Not via ``paragraphs``: listings ask for the lead of every article, often several times.
        if type(self.body) is StoredBody:
            return self.body.opening
        first = next((block.text for block in self.body if isinstance(block, Paragraph) and not block.is_note), "")
        if not first and self.markdown:
            first = next((p for p in self.markdown.split("\n\n") if p.strip()), "")
        return first

    @property
    def lead(self) -> str:
        """The description, or the opening cut at a word (≤ 300 characters)."""
        if self.description:
            return shorten(self.description, 300)
        # The lead is plain text (listings, feeds, the page's description). shorten folds the whitespace itself.
        return shorten(link_words(self.opening), 300)


# See Paragraph.is_credit: a credit's or source's label, its colon and at most eight words.
# A picture's credit's label (parse reads a credit under a picture by it), then a source's.
PICTURE_LABEL = r"(?:Fotos?|Bild(?:er)?|Photos?|Pictures?|Images?|Grafik|Illustration|Фото)"
_CREDIT = re.compile(rf"(?:{PICTURE_LABEL}|Quellen?|Sources?|Источник)\s*:\s*\S+(?:\s+\S+){{0,7}}\s*$",
                     re.IGNORECASE)
_CREDIT_FIRST = "FfBbPpIiGgФфQqSsИи"
# See Paragraph.is_note: "Von" or "By" and a name of up to four capitalised words, or two such names of two
# words or more joined by "und"/"and" (not "By Land and Sea", nor "Von der Leyen besucht …"); or a note's label.
# Then up to two parts after a comma or a bar, each a date or time, a paper's capitalised name, or a role ("Von
# Martina Schulte, dpa", "By Jane Doe, staff writer", "Korrektur, 06.04.2024", "Kommentar, von …"). A sentence
# goes on past them ("By Friday, most shops had closed", "Von Velsburg, mit Liebe"), quotes someone, or ends in a
# full stop or a colon. Only lines of at most _NOTE_LENGTH characters are tried: the pattern need not read a
# paragraph, and a byline is short.
_NOTE_LENGTH = 100
_CAPITAL = "A-ZÄÖÜÉÈÀÁÍÓÚÑČŠŽŁА-ЯЁ"
_NAME_WORD = rf"(?:(?:der|den|von|van|de|la|du)\s+){{0,2}}[{_CAPITAL}][\w.'-]*"
_FULL_NAME = rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,3}}"
_NAMES = rf"(?:{_FULL_NAME}(?:\s*,\s*{_FULL_NAME})*(?:\s+(?:und|and|&|et)\s+{_FULL_NAME})?|{_NAME_WORD}(?=\s*[,|]))"
_WORDS = r"[^\s,|;„“”\"«»]+(?:\s+[^\s,|;„“”\"«»]+){0,3}"  # up to four words
# A role: up to three words before its word ("political editor", "Chief Political Correspondent"), and after it
# only where it is at or of something ("editor of the Gazette"): "the editor had resigned" goes on as a sentence.
_ROLE = (r"(?i:(?:[\w-]+\s+){0,3}?(?:staff|writer|correspondent|korrespondent|redakteur|reporter|editor|columnist"
         r"|корреспондент|dpa|afp|reuters|epd|kna)\w*(?:\s+(?:of|at|for|in|bei|der|des|im)\s+[\w ]{1,30})?)")
# A part's capitalised words may hold small ones between them: "Leader of Ashbridge City Council".
_TITLED = rf"[{_CAPITAL}][\w.'-]*(?:\s+(?:(?:of|the|for|and|für|der|des|du|de)\s+)?[{_CAPITAL}][\w.'-]*){{0,4}}"
_PART = (rf"\s*[,|;•·]\s*(?![^,|;•·]*:\s)(?:(?=[^,|;•·]*\d){_WORDS}|{_TITLED}"
         rf"|{_ROLE}|(?i:[\w ]{{0,25}}?\b(?:von|by))\s+{_NAMES})(?=\s*(?:[,|;•·]|$))")
_PLACE = rf"(?:\s+(?i:in)\s+[{_CAPITAL}][\w.'-]*(?:\s+[{_CAPITAL}][\w.'-]*){{0,2}})?"  # "… in Westminster"
# "Von unserem (Auslands)korrespondenten …", "From our Washington correspondent": the paper's own people, not
# "Von unserer Seite" nor "From our archive".
_STAFF = r"(?i:[\w-]*(?:korrespondent|correspondent|reporter|redaktion|redakteur|mitarbeiter|volontär|editor|staff)\w*)"
_BYLINE_OR_NOTE = re.compile(
    rf"(?:(?i:(?:(?:written|words|reporting|additional\s+reporting|text|fotos?|photos?|pictures?)\s+)?(?:Von|By)|От|Par)"
    rf"\s+{_NAMES}{_PLACE}|(?i:von\s+unsere[mnr]|from\s+our(?:\s+own)?)\s+(?:[\w-]+\s+)?{_STAFF}"
    rf"(?:\s+{_NAMES})?{_PLACE}"
    rf"|(?i:Korrektur|Berichtigung|Nachtrag|Update|Correction|Hinweis|Kommentar"
    rf"|Interview|Analyse|Analysis|Eilmeldung|Breaking|Поправка)(?={_PART}))(?:{_PART}){{0,2}}"
    r"(?<![.!?:])\s*$")
_NOTE_FIRST = "FfBbPpIiGgФфQqSsИиVvОоKkNnUuCcHhПпEeAaLlRrWwВвРрTtDd0123456789"
# A page's marks over the text: its reading time ("Lesezeit: 3 Minuten", "Reading time: 4 min.", "5 min read"), an
# advertisement's label alone ("Anzeige"). No lead, no topic's words; they stay on the page.
_MARKER = re.compile(r"(?i:(?:Lesezeit|Lesedauer|Reading\s+time|Время\s+чтения)\s*:?\s*(?:ca\.|etwa|about)?\s*"
                     r"\d+(?:\s*[-–]\s*\d+)?\s*(?:Min(?:uten?|\.)?|min(?:utes?|s)?\.?|мин(?:ут[аы]?|\.)?)(?:\s+read)?"
                     r"|\d+(?:\s*[-–]\s*\d+)?\s*(?:min(?:utes?|s)?\.?\s+read|Min(?:uten|\.)?\s+Lese(?:zeit|dauer))"
                     r"|Anzeige|Werbung|Advertisement|Sponsored|Реклама"
                     # "Datum: 14.11.2024": an article's day, or an event's ("Datum: Samstag, 15. Juni"); it stays
                     r"|(?:Datum|Date)\s*:\s*[^\n]{0,40}?\d[^\n]{0,30})")


def link_words(text: str) -> str:
    """A paragraph's text as plain text: an inline link as its words, a picture as a space."""
    return INLINE_LINK.sub(_words_of, text) if "](" in text else text


def _words_of(link: re.Match[str]) -> str:
    return " " if link["bang"] else link["text"]


def shorten(text: str, limit: int) -> str:
    """Cut ``text`` at a word boundary so that it fits ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.-–—")
    return cut + "…"


def _pickled_by_fields(cls: type) -> None:
    """Pickle ``cls`` as its constructor's arguments: the pipeline pickles every article to its worker
    processes and its cache, and the dataclass default for slotted classes (a state tuple restored
    field by field in Python) takes three times as long."""
    names = tuple(f.name for f in fields(cls))
    get = attrgetter(*names)
    args = (lambda self: (get(self),)) if len(names) == 1 else get
    cls.__reduce__ = lambda self: (cls, args(self))  # type: ignore[method-assign]


for _cls in (SourceFile, Problem, Image, Related, Paragraph, Figure, Source):
    _pickled_by_fields(_cls)

_ARTICLE_FIELDS = tuple(f.name for f in fields(Article))
_ARTICLE_INDEX = {name: n for n, name in enumerate(_ARTICLE_FIELDS)}
_article_values = attrgetter(*_ARTICLE_FIELDS)
_BODY, _REMOVED, _DESCRIPTION, _MARKDOWN = (_ARTICLE_INDEX[name] for name in ("body", "removed", "description",
                                                                             "markdown"))


def _reduce_article(article: Article) -> tuple[Callable[..., Article], tuple[object, ...]]:
    """Pickle an article as its constructor's arguments, its texts' bulk (paragraphs, removed paragraphs,
    description, Markdown) as UTF-8 bytes.

    Pickling a string that is not pure ASCII leaves a UTF-8 copy of it inside the string for as long as
    it lives (CPython caches it there). The archive's articles are pickled to the parse cache and to the
    render workers: pickled as strings, the copies would add half again to the paragraphs' memory (40 MB
    at 10,000 articles). Encoding makes the same bytes and caches nothing. The body goes as its
    paragraphs' texts and its figures by position; the texts as one UTF-8 string, joined by NUL (which
    read.normalise_text takes out of every file): an article then pickles in half the time and loads in
    60 % of it, against a string per paragraph. If a paragraph holds NUL after all, a tuple of them.
    """
    values = list(_article_values(article))
    body = values[_BODY]
    if type(body) is not StoredBody:  # a stored body is pickled as where its texts are
        joined, figures = packed_body(body)
        values[_BODY] = (joined if joined is not None
                         else tuple(_utf8(block.text) for block in body if type(block) is Paragraph), figures)
    if values[_REMOVED]:
        values[_REMOVED] = tuple(map(_utf8, values[_REMOVED]))
    for n in (_DESCRIPTION, _MARKDOWN):
        if values[n] is not None:
            values[n] = _utf8(values[n])
    return _article_from_pickle, tuple(values)


# While ``load_articles`` loads a file: the articles loaded so far whose paragraphs are still to be made,
# each with its body as pickled.
_BODIES_LATER: ContextVar[list[tuple[Article, Any]] | None] = ContextVar("bodies_later", default=None)


def _article_from_pickle(*packed: Any) -> Article:
    """The article ``_reduce_article`` pickled."""
    values = list(packed)
    body = values[_BODY]
    later = None
    if type(body) is not StoredBody:
        later = _BODIES_LATER.get()
        values[_BODY] = () if later is not None else body_from(*body)
    if values[_REMOVED]:
        values[_REMOVED] = tuple(map(_text, values[_REMOVED]))
    for n in (_DESCRIPTION, _MARKDOWN):
        if values[n] is not None:
            values[n] = _text(values[n])
    article = Article(*values)
    if later is not None:
        later.append((article, body))
    return article


def load_articles(handle: BinaryIO) -> Any:
    """``pickle.load(handle)`` for the parse cache's files, with the articles' paragraphs made after everything
    else in the file: each article's body is set once the file is loaded, so nothing in the file may hash,
    compare or read an article (the parse cache's files hold articles as values, beside their keys).

    Made article by article, each article's paragraphs (most of a large archive's memory) would sit between
    its title, figures and other strings in the allocator's pools. A large archive's texts leave memory
    before the tag stage (see spill.py), and pools holding a few of the strings that stay cannot be
    reused for the tag stage's objects: at 100,000 articles, 0.25 GB of them, and a peak 0.11 GB higher."""
    later: list[tuple[Article, Any]] = []
    token = _BODIES_LATER.set(later)
    try:
        value = pickle.load(handle)
    finally:
        _BODIES_LATER.reset(token)
    later.reverse()
    while later:  # each body's packed texts let go of once its paragraphs are made
        article, body = later.pop()
        object.__setattr__(article, "body", body_from(*body))
    return value


Article.__reduce__ = _reduce_article  # type: ignore[method-assign,assignment]


def evolve(article: Article, **changes: object) -> Article:
    """``dataclasses.replace(article, **changes)``, a third of its time: the pipeline's stages replace a
    field or two of every article of the archive, on every run."""
    values = list(_article_values(article))
    for name, value in changes.items():
        values[_ARTICLE_INDEX[name]] = value
    return Article(*values)


@dataclass(frozen=True)
class RunSummary:
    """What a run of ``generate`` tells its user about the archive."""

    articles: int
    tags: int | None  # distinct tags; None when not tagged (``archive-site check``)
    problems: tuple[Problem, ...]  # fatal: the file made no page
    warnings: tuple[Problem, ...]  # the page was made, something was dropped
    boilerplate_removed: int
