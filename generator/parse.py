"""Parse one decoded input file into an ``Article``.

Raw ``.txt`` files are articles as a scraper saved them: one block per line
(paragraph, ``![alt](url)`` image line or headline). ``.md`` files carry YAML
front matter written by a person and are taken as they are.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

import frontmatter
import yaml

from .model import INLINE_LINK, Article, Block, DatePrecision, Figure, Image, Paragraph, Related, Source, SourceFile
from .textnorm import fold, similar

MAX_TITLE = 500

# The URL may hold balanced parentheses (``…/Zollhaus_(1910).jpg``), as in INLINE_LINK.
IMAGE_LINE = re.compile(r"^!\[(?P<alt>[^\]]*)\]\((?P<url>(?:[^()\s]|\([^()\s]*\))*)(?:\s+\"[^\"]*\")?\)$")
RELATED_LINE = re.compile(
    r"^(?:Mehr zum Thema|Lesen Sie auch|Auch interessant|More on this topic|Read more|Related|"
    r"Читайте также|Больше по теме)\s*[-–—:]\s*(?P<title>\S.*)$",  # the separator is required: "Related costs …"
    re.IGNORECASE,
)
SOURCE_LINE = re.compile(r"^(?:Quelle|Source|Original|URL|Источник)\s*:\s*(?P<url>https?://\S+)$", re.I)
_ID = re.compile(r"^(?:\d+[_-])?(?P<id>[0-9a-fA-F]{8,64})$")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)[./_-](?P<m>0[1-9]|1[0-2])(?:/|[./_-]\d\d/)")
_URL_YEAR = re.compile(r"/(?P<y>(?:19|20)\d\d)/")
_TEASER_URL = re.compile(r"thumb|teaser", re.I)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "jänner", "january", "jan", "января", "январь"),
            ("februar", "february", "feb", "февраля", "февраль"),
            ("märz", "maerz", "march", "mar", "марта", "март"),
            ("april", "apr", "апреля", "апрель"),
            ("mai", "may", "мая", "май"),
            ("juni", "june", "jun", "июня", "июнь"),
            ("juli", "july", "jul", "июля", "июль"),
            ("august", "aug", "августа", "август"),
            ("september", "sept", "sep", "сентября", "сентябрь"),
            ("oktober", "october", "okt", "oct", "октября", "октябрь"),
            ("november", "nov", "ноября", "ноябрь"),
            ("dezember", "december", "dez", "dec", "декабря", "декабрь"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<mon>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
_TIME = r"(?:,?\s*(?:um\s+)?\d{1,2}[:.]\d\d(?::\d\d)?\s*(?:Uhr|h|am|pm|UTC|MEZ|MESZ)?)?"
DATE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?\S*)?",
        r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)" + _TIME,
        r"(?P<d>\d{1,2})\.?\s+" + _MONTH + r"\s+(?P<y>(?:19|20)\d\d)(?:\s*г\.?)?" + _TIME,
        _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)" + _TIME,
    )
]
_DATE_PREFIX = r"^(?:(?:Veröffentlicht|Published|Stand|Updated|Aktualisiert)\s*:?\s*)?(?:[A-Za-zÄÖÜäöüß]+,\s*)?"


class ParseError(ValueError):
    """The file cannot become an article; the message says why, in one line."""


def parse_article(source: SourceFile, default_language: str = "de",
                  publishers: dict[str, str] | None = None, known: Mapping[str, str] | None = None) -> Article:
    """Turn one decoded file into an Article.

    ``publishers`` maps an image host to a publisher name. ``known``: languages found before with the
    same ``default_language``, by language sample (see ``language_sample``). Raises ParseError
    for a file that cannot make a page (no title, title too long, bad YAML).
    """
    if PurePosixPath(source.rel).suffix.lower() == ".md":
        article = _parse_markdown(source, default_language, known)
    else:
        article = _parse_raw(source, default_language, publishers or {}, known)
    return article


def language_sample(article: Article) -> str | None:
    """What ``detect_language`` read to set ``article.language`` (a raw article's as parsed, before any
    later stage changed its body): the first ``LANGUAGE_SAMPLE`` characters of its ``_language_text``;
    None for a hand-written ``.md`` article, whose language may come from its front matter."""
    if article.markdown is not None:
        return None
    return _language_text(article.title, "\n".join(article.paragraphs))[:LANGUAGE_SAMPLE]


def _language_text(title: str, paragraphs: str) -> str:
    """The text that tells a raw article's language: its paragraphs, or, when their start has too few
    words to tell (see ``detect_language``), its title and paragraphs. A title edited then leaves the
    language sample as it was, and a re-run finds its language without the language model."""
    return paragraphs if len(paragraphs[:LANGUAGE_SAMPLE].split()) >= _FEWEST_WORDS else f"{title}\n{paragraphs}"


def _parse_raw(source: SourceFile, default_language: str, publishers: dict[str, str],
               known: Mapping[str, str] | None = None) -> Article:
    lines = [line.strip() for line in source.text.split("\n")]
    lines = [line for line in lines if line]
    warnings: list[str] = []

    title_index = next((i for i, line in enumerate(lines) if not IMAGE_LINE.match(line)), None)
    if title_index is None:
        raise ParseError("no title line (only images)" if lines else "no text")
    title = " ".join(_strip_markup(lines[title_index]).split())
    if not title:
        raise ParseError("empty title line")
    if len(title) > MAX_TITLE:
        raise ParseError(f"title over {MAX_TITLE} characters ({len(title)}); is the first line a paragraph?")

    related: list[Related] = []
    seen_related: set[str] = set()

    def add_related(headline: str) -> None:
        headline = " ".join(headline.split())
        key = fold(headline)
        if key and key != fold(title) and key not in seen_related:
            seen_related.add(key)
            related.append(Related(headline))

    hero: Image | None = None
    shown_urls: set[str] = set()
    body: list[Block] = []
    explicit_date: tuple[date, DatePrecision] | None = None
    url: str | None = None
    # Only a line starting "![" can be an image: most are paragraphs, which the regex need not see.
    image_lines = [IMAGE_LINE.match(line) if line.startswith("![") else None for line in lines]
    url_counts: dict[str, int] = {}
    for match in image_lines:
        if match:
            url_counts[match["url"]] = url_counts.get(match["url"], 0) + 1

    for index, line in enumerate(lines):
        if index == title_index:
            continue
        match = image_lines[index]
        if match:
            image = Image(_safe_url(match["url"], warnings) or "", " ".join(match["alt"].split()))
            if not image.url:
                continue
            is_title = similar(image.alt, title) if image.alt else False
            if is_title and hero is None:
                hero = image
                shown_urls.add(image.url)
            elif is_title or image.url in shown_urls:
                continue  # the same picture is never shown twice
            elif index < title_index or (image.alt and (url_counts[match["url"]] > 1
                                                         or _TEASER_URL.search(image.url))):
                add_related(image.alt)  # a teaser; an uncaptioned picture is no headline, so shown once
            else:
                shown_urls.add(image.url)
                body.append(Figure(image))
            continue
        if explicit_date is None and not body and (found := _line_date(line)):
            explicit_date = found
            continue
        if (m := SOURCE_LINE.match(line)) and url is None:
            url = m["url"]
            continue
        if m := RELATED_LINE.match(line):
            add_related(_strip_markup(m["title"]))
            continue
        body.append(Paragraph(_sanitise_links(line, warnings)))

    # A picture captioned with a related headline (teaser or "Mehr zum Thema" line) is a teaser too.
    body = [block for block in body
            if not (isinstance(block, Figure) and fold(block.image.alt) in seen_related)]
    if explicit_date is None and body and isinstance(body[0], Paragraph):
        explicit_date = _find_date(body[0].text[:120])
    when, precision = explicit_date or _date_from_images(
        [m["url"] for m in image_lines if m], hero
    ) or (datetime.fromtimestamp(source.mtime, UTC).date(), "archived")

    if not body:
        warnings.append("title only: no body text")
    text = _language_text(title, "\n".join(b.text for b in body if isinstance(b, Paragraph)))
    return Article(
        title=title,
        date=when,
        date_precision=precision,
        language=detect_language(text, default_language, known),
        source=Source(
            file=source.rel,
            id=source_id(source.rel),
            publisher=_publisher([m["url"] for m in image_lines if m], publishers),
            url=url,
        ),
        body=tuple(body),
        image=hero,
        related=tuple(related),
        warnings=tuple(warnings),
    )


def _parse_markdown(source: SourceFile, default_language: str, known: Mapping[str, str] | None = None) -> Article:
    try:
        post = frontmatter.loads(source.text)
    except (yaml.YAMLError, ValueError) as exc:  # ValueError: a "{" line makes python-frontmatter expect JSON
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        kind = "YAML" if isinstance(exc, yaml.YAMLError) else "JSON"
        raise ParseError(f"invalid {kind} front matter{where}") from None
    meta = post.metadata
    body = post.content
    title = meta.get("title")
    if not title:
        heading = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
        if not heading:
            raise ParseError("no title: front matter has no 'title' and the text no '# heading'")
        title = heading[1]
        body = body.replace(heading[0], "", 1)
    title = " ".join(str(title).split())
    if len(title) > MAX_TITLE:
        raise ParseError(f"title over {MAX_TITLE} characters ({len(title)})")
    warnings: list[str] = []
    when, precision = _front_matter_date(meta.get("date"), warnings) or (
        datetime.fromtimestamp(source.mtime, UTC).date(),
        "archived",
    )
    if not body.strip():
        warnings.append("title only: no body text")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list):
        warnings.append("front matter 'tags' is not a list; ignored")
        tags = []
    src = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    image = meta.get("image")
    return Article(
        title=title,
        date=when,
        date_precision=meta["date_precision"] if meta.get("date_precision") in ("day", "month", "year") else precision,
        language=str(meta.get("language") or detect_language(f"{title}\n{body}", default_language, known)),
        source=Source(file=source.rel, id=source_id(source.rel),
                      publisher=src.get("publisher"), url=src.get("url")),
        image=(Image(str(image), str(meta.get("image_alt") or ""))
               if isinstance(image, str) and _safe_url(image, warnings) else None),
        tags=tuple(dict.fromkeys(" ".join(str(t).split()) for t in tags if str(t).strip())),
        description=str(meta["description"]) if meta.get("description") else None,
        markdown=body.strip("\n"),
        warnings=tuple(warnings),
    )


def _front_matter_date(value: object, warnings: list[str]) -> tuple[date, DatePrecision] | None:
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if value is None:
        return None
    found = _find_date(str(value))
    if found is None:
        warnings.append(f"front matter date {str(value)[:40]!r} not understood; using the file time")
    return found


def source_id(rel: str) -> str | None:
    """The hash-like part of a file name (``000_1cb1…`` → ``1cb1…``), if any."""
    match = _ID.match(PurePosixPath(rel).stem)
    return match["id"].lower() if match else None


def _line_date(line: str) -> tuple[date, DatePrecision] | None:
    """A date when the whole line is one (optionally with a time or a label)."""
    for pattern in DATE_PATTERNS:
        if re.fullmatch(_DATE_PREFIX + pattern.pattern + r"\s*", line, re.IGNORECASE):
            return _find_date(line)
    return None


def _find_date(text: str) -> tuple[date, DatePrecision] | None:
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            month = MONTHS[match["mon"].lower()] if "mon" in match.groupdict() and match["mon"] else int(match["m"])
            try:
                return date(int(match["y"]), month, int(match["d"])), "day"
            except ValueError:
                continue
    return None


def _date_from_images(urls: list[str], hero: Image | None) -> tuple[date, DatePrecision] | None:
    # The hero image's upload folder dates the article; teasers date other articles.
    candidates = [hero.url] if hero else []
    for url in candidates:
        if m := _URL_MONTH.search(url):
            return date(int(m["y"]), int(m["m"]), 1), "month"
        if m := _URL_YEAR.search(url):
            return date(int(m["y"]), 1, 1), "year"
    return None


def _publisher(urls: list[str], publishers: dict[str, str]) -> str | None:
    for url in urls:
        try:
            host = urlsplit(url).hostname or ""
        except ValueError:  # malformed, e.g. "http://[broken"
            continue
        for known, name in publishers.items():
            if host == known or host.endswith("." + known):
                return name
    return None


def _safe_url(url: str, warnings: list[str]) -> str | None:
    """Keep http(s) and relative URLs; anything else (javascript:, data:) is dropped."""
    try:
        scheme = urlsplit(url).scheme.lower() if ":" in url else ""
    except ValueError as exc:  # urlsplit rejects e.g. "http://[broken"
        warnings.append(f"dropped link with malformed URL ({exc})")
        return None
    if scheme in ("", "http", "https") and not url.strip().lower().startswith("//"):
        return url
    warnings.append(f"dropped link with unsafe URL scheme '{scheme}:'")
    return None


def _sanitise_links(line: str, warnings: list[str]) -> str:
    def keep_or_text(match: re.Match[str]) -> str:
        if _safe_url(match["url"], warnings) is not None:
            return match[0]
        return match["text"]

    if "[" not in line:  # no link can start: skip the regex, which would try every position
        return line
    return INLINE_LINK.sub(keep_or_text, line)


def _strip_markup(line: str) -> str:
    """Headlines are plain text: inline links keep only their words."""
    return INLINE_LINK.sub(lambda m: m["text"], line) if "[" in line else line


LANGUAGE_SAMPLE = 400  # characters
_FEWEST_WORDS = 4  # in a sample: fewer cannot tell a language


@cache
def _identifier():  # type: ignore[no-untyped-def]
    from py3langid.langid import _load_identifier

    # py3langid ships its model inside the package: no download at run time.
    return _unpacked_identifier() or _load_identifier(norm_probs=True)


def _unpacked_identifier():  # type: ignore[no-untyped-def]
    """py3langid's identifier from its model kept in the user's cache folder, or None.

    py3langid unpacks its LZMA-compressed model on every load: 1.5-2 s, paid by each parse worker of
    a first run and by every run that meets a changed file. The same arrays, unpacked once per
    machine and model and kept bare (``~/.cache/archive-site/``, 68 MB), are mapped into memory, not
    read: a run that tells the language of one changed file reads the few pages it needs, where
    unpacking them from a compressed 8 MB file took 0.2-0.3 s, and the parse workers of a first run
    share one copy. They are put together as py3langid's own ``from_model_file`` does, so the
    answers are its own.
    """
    import hashlib
    import lzma
    import mmap
    import os

    try:
        import numpy as np
        from platformdirs import user_cache_dir
        from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier
        from py3langid.modelio import _to_array

        packed = Path(MODEL_DIR) / MODEL_FILE  # as py3langid's from_model_file finds it
        name = hashlib.blake2b(packed.read_bytes(), digest_size=8).hexdigest()
        kept = Path(user_cache_dir("archive-site")) / f"py3langid-{name}.v{_ARRAYS_FORMAT}.arrays"
        if not kept.exists():
            kept.parent.mkdir(parents=True, exist_ok=True)
            with lzma.open(packed) as source, np.load(source, allow_pickle=False) as data:
                arrays = {key: data[key] for key in _MODEL_ARRAYS}
            tmp = kept.with_name(f"{kept.name}.{os.getpid()}.tmp")
            tmp.write_bytes(_pack_arrays(arrays))
            os.replace(tmp, kept)  # parse workers may unpack at the same time: each file whole
            for stale in kept.parent.glob("py3langid-*"):  # other models' and older formats'
                if stale != kept and not stale.name.endswith(".tmp"):
                    stale.unlink(missing_ok=True)
        try:
            with kept.open("rb") as handle:
                data = _unpack_arrays(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ))
        except ValueError:
            kept.unlink(missing_ok=True)  # damaged (files are only ever replaced whole): made again next time
            raise
        # The transition table stays a mapped NumPy array (the quick walk reads it as one): a copy as
        # py3langid's stdlib array would read all of its 39 MB.
        return LanguageIdentifier(
            data["ptc"], data["pc"], data["classes"].tolist(),
            data["nextmove"], data["out_feat"].tolist(), norm_probs=True,
            tk_row=_to_array(data["nextmove_row"]))
    except (ImportError, AttributeError, OSError, KeyError, ValueError, TypeError, lzma.LZMAError):
        return None  # another py3langid, no cache folder, a damaged file: py3langid loads its model itself


_MODEL_ARRAYS = ("ptc", "pc", "classes", "nextmove", "nextmove_row", "out_feat")
_ARRAYS_FORMAT = 2  # in the file's name and first line: a file of another format is another file
_ARRAYS_MAGIC = f"archive-site arrays {_ARRAYS_FORMAT}\n".encode()
_ALIGN = 64  # bytes: each array starts at a multiple, as NumPy's own files align them


def _pack_arrays(arrays: dict[str, Any]) -> bytes:
    """NumPy arrays as one file to map into memory: a magic line, a JSON header (name: dtype, shape,
    offset), then each array's bytes at its offset. No pickle: nothing in the file is ever executed.
    Like the other caches, the file is only ever replaced whole (a cut-short file is refused); a
    checksum would have to read all 68 MB on every load."""
    import numpy as np

    layout, blobs, at = {}, [], 0
    for name, array in arrays.items():
        data = np.ascontiguousarray(array).tobytes()
        layout[name] = [array.dtype.str, list(array.shape), at]
        blobs.append(data + bytes(-len(data) % _ALIGN))
        at += len(blobs[-1])
    header = json.dumps(layout).encode()
    head = _ARRAYS_MAGIC + len(header).to_bytes(8, "little") + header
    return b"".join([head, bytes(-len(head) % _ALIGN), *blobs])


def _unpack_arrays(data: Any) -> dict[str, Any]:
    """The arrays ``_pack_arrays`` packed, on ``data`` (bytes, or a file mapped into memory) without
    a copy; ValueError for anything else."""
    import numpy as np

    if data[:len(_ARRAYS_MAGIC)] != _ARRAYS_MAGIC or len(data) < len(_ARRAYS_MAGIC) + 8:
        raise ValueError("not an arrays file")
    view = memoryview(data)
    at = len(_ARRAYS_MAGIC) + 8
    size = int.from_bytes(view[at - 8:at], "little")
    header = json.loads(bytes(view[at:at + size]))
    start = at + size + (-(at + size) % _ALIGN)
    arrays, end = {}, start
    for name, (dtype, shape, offset) in header.items():
        kind = np.dtype(dtype)
        count = math.prod(shape)
        if start + offset + count * kind.itemsize > len(data):
            raise ValueError("arrays file of the wrong size")
        arrays[name] = np.frombuffer(data, dtype=kind, count=count, offset=start + offset).reshape(shape)
        end = max(end, start + offset + count * kind.itemsize)
    if end + (-end % _ALIGN) != len(data):
        raise ValueError("arrays file of the wrong size")
    return arrays


# py3langid finds its features by walking a byte automaton, one Python step per byte: ~40 % of all
# parsing. That automaton forgets: after any 6 bytes it is in the same state whatever state it started
# from (tests/test_parse.py proves it for the model below), so the state after each byte is a function
# of the 6 bytes ending there, and all states can be found at once, 6 array steps over the whole text.
# The scoring after it is py3langid's own arithmetic, in the same order, so the answers are identical;
# any other model (another py3langid) takes py3langid's own path.
_WINDOW = 6  # bytes
_VERIFIED_MODEL = ("0.4.0", 104583, 9816576, (100053, 142))  # version, states, transitions, table


class _Classifier:
    """py3langid's ``classify`` for a ``norm_probs`` identifier, with the automaton walk vectorised."""

    def __init__(self, identifier) -> None:  # type: ignore[no-untyped-def]
        import numpy as np

        self.np = np
        self.identifier = identifier
        nextmove = identifier.tk_nextmove  # an array mapped from the kept model, or py3langid's own array
        self.nextmove = nextmove if isinstance(nextmove, np.ndarray) else np.frombuffer(
            nextmove, dtype=np.dtype(nextmove.typecode))
        self.rowbase = np.frombuffer(identifier.tk_row, dtype=np.dtype(identifier.tk_row.typecode)).astype(np.intp) << 8
        self.output = np.asarray(identifier.tk_output, dtype=np.intp)
        # py3langid's own lists: quicker than NumPy arrays for the few single steps at the start.
        self.step_rowbase, self.step_nextmove = identifier._rowbase, identifier.tk_nextmove

    def classify(self, text: str) -> tuple[str, float]:
        """``(language, probability)`` exactly as ``identifier.classify(text)`` gives them."""
        np, ident = self.np, self.identifier
        if text.isupper():  # as py3langid's _encode
            text = text.lower()
        data = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        features = self._features(data)
        if features is None:
            scores = np.full(len(ident.nb_classes), 0.0, dtype=np.float32)
        else:
            # py3langid sums the features in the order they first occur (a Counter's order): the same
            # order here, so that the float sums are the same to the last bit.
            found, first, counts = np.unique(features, return_index=True, return_counts=True)
            order = np.argsort(first)
            scores = (np.log1p(counts[order].astype(np.float32)) @ ident.nb_ptc[found[order]] + ident.nb_pc)
        scores *= 1.0 / math.sqrt(len(data) or 1)
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        for i, j in ident._alias_pairs:
            scores[i] += scores[j]
            scores[j] = 0.0
        best = int(scores.argmax())
        return ident.nb_classes[best], float(scores[best])

    def _features(self, data: bytes):  # type: ignore[no-untyped-def]
        """The feature of each byte's state that has one, in text order; None if none has."""
        np = self.np
        states = []
        state = 0
        rowbase, nextmove = self.step_rowbase, self.step_nextmove
        for letter in data[:_WINDOW - 1]:  # the first bytes have fewer than _WINDOW before them
            state = nextmove[rowbase[state] + letter]
            states.append(state)
        head = np.array(states, dtype=np.intp)
        if len(data) >= _WINDOW:
            letters = np.frombuffer(data, dtype=np.uint8)
            ends = len(data) - _WINDOW + 1
            tail = np.zeros(ends, dtype=np.intp)
            for k in range(_WINDOW):
                tail = self.nextmove[self.rowbase[tail] + letters[k:k + ends]]
            head = np.concatenate((head, tail))
        features = self.output[head]
        features = features[features >= 0]
        return features if len(features) else None


@cache
def _classifier() -> Callable[[str], tuple[str, float]]:
    from importlib.metadata import version

    identifier = _identifier()
    model = (version("py3langid"), len(identifier.tk_row), len(identifier.tk_nextmove), identifier.nb_ptc.shape)
    if model != _VERIFIED_MODEL or not identifier._norm_probs or identifier.min_confidence is not None:
        return identifier.classify
    return _Classifier(identifier).classify


def detect_language(text: str, default: str, known: Mapping[str, str] | None = None) -> str:
    """ISO 639-1 code of ``text``; ``default`` when the text is too short to tell.

    ``known`` holds the answers of earlier calls with the same ``default``, by sample (the first
    ``LANGUAGE_SAMPLE`` characters, all that is read): an edit below an article's opening changes
    no sample, and a run that finds every answer there never loads the language model (0.1 s from
    the file cache, seconds from disk).
    """
    # The opening paragraphs tell the language as well as the whole text does, and langid
    # costs time per character (half of all parsing at 800): 2,000, 800, 400 and 300 characters gave
    # the same language for each of 3,000 synthetic articles and every fixture, sample and golden file,
    # and so did 400 without the title for 10,000 synthetic articles and those files.
    sample = text[:LANGUAGE_SAMPLE]
    if known is not None and (language := known.get(sample)) is not None:
        return language
    if len(sample.split()) < _FEWEST_WORDS:
        return default
    language, probability = _classifier()(sample)
    return language if probability >= 0.5 else default
