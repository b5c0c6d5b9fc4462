"""Parse one decoded input file into an ``Article``.

Raw ``.txt`` files are articles as a scraper saved them: one block per line
(paragraph, ``![alt](url)`` image line or headline). ``.md`` files carry YAML
front matter written by a person and are taken as they are.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import PurePosixPath
from typing import NamedTuple
from urllib.parse import urljoin, urlsplit

import frontmatter
import yaml

from .language import FEWEST_WORDS, LANGUAGE_SAMPLE, detect_language
from .model import (
    INLINE_LINK,
    PICTURE_LABEL,
    Article,
    Block,
    DatePrecision,
    Figure,
    Image,
    Paragraph,
    Related,
    Source,
    SourceFile,
    evolve,
    shorten,
)
from .textnorm import fold, similar

MAX_TITLE = 500
# A raw file's first line past MAX_TITLE is a paragraph, not a headline: its page is titled with its beginning.
TITLE_FROM_TEXT = 120

# The URL may hold balanced parentheses (``…/Zollhaus_(1910).jpg``), as in INLINE_LINK, the caption balanced
# brackets ("Kiosk [Archiv]").
# Scrapers also leave a space in the address (``…/markt platz.jpg``), write it in angle brackets, or quote the
# title with single quotes.
IMAGE_LINE = re.compile(r"^!\[(?P<alt>(?:[^\[\]]|\[[^\[\]]*\])*|[^\]]*)\]\(\s*"
                        r"(?:<(?P<angled>[^<>]*)>|(?P<url>(?:[^()\s]|\([^()\s]*\)|\s+(?=[^\s\"'()]))*))"
                        r"(?:\s+(?P<quote>[\"'])(?P<title>.*?)(?P=quote))?\s*\)$")


class _Picture(NamedTuple):
    """A raw file's image line: ``![alt](url "title")``."""

    alt: str
    url: str  # as written, but for the spaces in it (as %20) and angle brackets around it
    title: str
    credit: str = ""  # its credit after it on its line or under it (see _credited), which the title holds too


def _picture(line: str) -> _Picture | None:
    """The image line ``line`` is, or None."""
    match = IMAGE_LINE.match(line)
    if match is None:
        return _credited(line)
    url = match["url"] if match["angled"] is None else match["angled"].strip()
    return _Picture(match["alt"], "%20".join(url.split()) if " " in url else url, match["title"] or "")


def _credit_under(line: str) -> bool:
    """Whether ``line``, under a picture, is its credit: a photographer's or an agency's, a graphic's
    ("Foto: Jana Körte", "Bild: dpa", "Foto: picture alliance/dpa"); not a source ("Quelle: …" may be the
    article's), a line with a link, nor a caption's words ("Grafik: So verteilt sich das Geld")."""
    if not Paragraph(line).is_credit or not (label := _PICTURE_CREDIT.match(line)) or "](" in line:
        return False
    words = [word for word in re.split(r"[\s/,;|()]+", line[label.end():]) if word]
    return len(words) <= 6 and all(word[:1].isupper() or not word[:1].isalpha() or word.casefold() in _CREDIT_WORDS
                                   for word in words)


# Small words of credits: names' ("von der", "de"), and agencies', written in lower case.
_CREDIT_WORDS = frozenset({"von", "van", "der", "den", "de", "du", "la", "und", "and", "et", "dpa", "afp", "ap", "epd",
                           "kna", "reuters", "picture", "alliance", "privat", "imago", "getty", "images", "via"})


_PICTURE_CREDIT = re.compile(PICTURE_LABEL + r"\s*:", re.IGNORECASE)


def _credited(line: str) -> _Picture | None:
    """An image line with its credit after it ("![Der Kai](…/kai.jpg) Foto: Jana Körte"), the credit as its
    picture's title (shown in its caption, see _titled), or None."""
    image = INLINE_LINK.match(line)
    if image is None or not image["bang"]:
        return None
    credit = line[image.end():].strip().lstrip("|–—-·").lstrip()
    # A credit with a link ("Foto: [Max Roth](…)") stays a paragraph: a caption is plain text, and the link would go.
    picture = _picture(line[:image.end()]) if credit and "](" not in credit and Paragraph(credit).is_credit else None
    return picture and picture._replace(title=f"{picture.title}, {credit}" if picture.title else credit, credit=credit)


# What a related line or a related block's heading starts with; "Read more" last (see RELATED_HEADING).
_RELATED_LABELS = ("Mehr zum Thema", "Lesen Sie auch", "Auch interessant", "Das könnte Sie auch interessieren",
                   "More on this topic", "More on this story", "Related stories", "Related articles", "Related",
                   "See also", "Also read", "Read next", "You may also like", "Читайте также", "Больше по теме",
                   "Read more")
_RELATED_WORDS = "(?:" + "|".join(_RELATED_LABELS) + ")"
RELATED_LINE = re.compile(
    r"^" + _RELATED_WORDS + r"\s*(?P<sep>[-–—:])\s*(?P<title>\S.*)$",  # required: "Related costs …" is text
    re.IGNORECASE,
)
# The same words as a heading on a line of their own ("Mehr zum Thema:", "**Lesen Sie auch**", "## Related"),
# the headlines on the lines under it (see _related_blocks); but "Read more" only with its colon: alone, it is
# mostly a teaser's button, over whatever the page showed next. Lines past _HEADING_LENGTH need not meet it.
RELATED_HEADING = re.compile(
    r"^(?:#{1,6}\s+)?(?:\*\*|__)?(?:(?:" + "|".join(_RELATED_LABELS[:-1]) + r")\s*[-–—:]?|Read more\s*:)"
    r"\s*(?:\*\*|__)?\s*:?$", re.IGNORECASE)
_HEADING_LENGTH = 40
_RELATED_START = re.compile(_RELATED_WORDS, re.IGNORECASE)
# A headline of such a block: a line of _HEADLINE_WORDS to _BLOCK_WORDS words, perhaps after a bullet ("- ", "• ").
_BLOCK_WORDS = 16
_BULLET = re.compile(r"[-*+•–—·▪►▸»›]\s+")
_OPENING_QUOTES = "„“\"‚‘'«»"
_CLOSING = "\"'“”’‘»«›‹)]"  # what may follow a sentence's full stop: "… sagte er: „Wir bauen.“"
# A site's links to its other pages and its footer's lines, at the foot of an article (boilerplate, no headline
# of an article's), under a related block's heading: by their phrases ("Streit um Abo-Preise", "Zurück zur
# Normalität im Hallenbad" are headlines).
_NAVIGATION = re.compile(r"^(?:Weitere|Mehr|Alle|Aktuelle|Neueste)\s+"
                         r"(?:Nachrichten|Artikel|Meldungen|Beiträge|Themen)\b"
                         r"|^(?:More|All|Latest)\s+(?:news|stories|articles|headlines)\b"
                         r"|^Zurück\s+zu[mr]?\s+(?:Übersicht|Startseite|Homepage|Home)\b"
                         r"|Newsletter\s+(?:abonnieren|bestellen|anmelden)|^(?:Hier|Jetzt)\b.*\b(?:abonnieren|anmelden)\b"
                         r"|Abo\s+abschließen|Alle Rechte vorbehalten|All rights reserved|^(?:Copyright|©)"
                         r"|^(?:Subscribe|Sign up)\b", re.IGNORECASE)
SOURCE_LINE = re.compile(r"^(?:Quelle|Source|Original|URL|Источник)\s*:\s*(?P<url>https?://\S+)$", re.I)
_SOURCE_FIRST = "QqSsOoUuИи"  # the letters a SOURCE_LINE starts with: most lines need not meet the regex
_ID = re.compile(r"^(?:\d+[_-])?(?P<id>[0-9a-fA-F]{8,64})$")
_URL_MONTH = re.compile(r"/(?P<y>(?:19|20)\d\d)[./_-](?P<m>0[1-9]|1[0-2])(?:/|[./_-]\d\d/)")
_URL_YEAR = re.compile(r"/(?P<y>(?:19|20)\d\d)/")
# A teaser's picture is a small copy ("thumb", "teaser" in its address); but a wiki's pictures are all copies
# at "/thumb/4/4a/Zollhaus.jpg/800px-Zollhaus.jpg" (MediaWiki's, as Wikimedia Commons'), used as the article's own.
_TEASER_URL = re.compile(r"thumb(?!/[0-9a-f]/[0-9a-f]{2}/[^/]+/\d+px-)|teaser", re.I)

MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("januar", "jänner", "jän", "january", "jan", "января", "январь", "janvier", "janv"),
            ("februar", "february", "feb", "февраля", "февраль", "février", "fevrier", "févr", "fevr"),
            ("märz", "maerz", "mär", "march", "mar", "марта", "март", "mars"),
            ("april", "apr", "апреля", "апрель", "avril", "avr"),
            ("mai", "may", "мая", "май"),
            ("juni", "june", "jun", "июня", "июнь", "juin"),
            ("juli", "july", "jul", "июля", "июль", "juillet", "juil"),
            ("august", "aug", "августа", "август", "août", "aout"),
            ("september", "sept", "sep", "сентября", "сентябрь", "septembre"),
            ("oktober", "october", "okt", "oct", "октября", "октябрь", "octobre"),
            ("november", "nov", "ноября", "ноябрь", "novembre"),
            ("dezember", "december", "dez", "dec", "декабря", "декабрь", "décembre", "decembre", "déc"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?P<mon>" + "|".join(sorted(map(re.escape, MONTHS), key=len, reverse=True)) + r")\.?"
# A time's zone in capitals ("ist" is a German word, "IST" India's time), its "Uhr" or "pm" in any case.
_ZONE = (r"(?:\s*(?:Uhr|h|a\.?m\.?|p\.?m\.?|(?-i:UTC|GMT|MEZ|MESZ|CET|CEST|EST|EDT|CST|CDT|PST|PDT|MST|MDT|ET|PT|CT"
         r"|MT|BST|IST|AEST|AEDT|МСК))(?!\w)){0,2}")
_TIME = r"(?:,?\s*(?:um|at|à|в|[-–—|·])?\s*\d{1,2}[:.h]\d\d(?::\d\d)?" + _ZONE + ")?"
DATE_PATTERNS = [
    re.compile(p, re.IGNORECASE)
    for p in (
        r"(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)(?:[T ]\d\d:\d\d(?::\d\d)?\S*)?",
        r"(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>(?:19|20)\d\d)" + _TIME,
        r"(?P<d>\d{1,2})(?:\.|st|nd|rd|th|er)?\s+(?:of\s+)?" + _MONTH
        + r",?\s+(?P<y>(?:19|20)\d\d)(?:\s*(?:года|г\.?))?" + _TIME,
        # The lookahead first: the month names' alternation tried at every letter was four fifths of the time
        # dates took. A month glued to letters before it is none ("Gemar 12, 2024").
        r"\b(?=\w+\.?\s+\d)" + _MONTH + r"\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)" + _TIME,
        # Day and month, or month and day (the US way): read only where the two cannot be mistaken (see _date_of).
        r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d\d)(?![\d/])" + _TIME,
    )
]
_WEEKDAY = (r"(?:Montag|Dienstag|Mittwoch|Donnerstag|Freitag|Samstag|Sonnabend|Sonntag|Monday|Tuesday|Wednesday|"
            r"Thursday|Friday|Saturday|Sunday|Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun|lundi|mardi|mercredi|"
            r"jeudi|vendredi|samedi|dimanche|понедельник|вторник|среда|четверг|пятница|суббота|воскресенье|"
            r"Mo|Di|Mi|Do|Fr|Sa|So)\.?")
# What may stand before a date on a line of its own: a label ("Last updated:", "Veröffentlicht am"), a
# weekday, a place with its comma ("Velsburg, 24. Februar 2025", "Frankfurt am Main, …", see _PLACE_WORDS).
# Such a line says when the article appeared and is no paragraph of it (it would be its lead). Any other
# word ("Bis", "Anmeldeschluss") makes the line text, which dates the article and stays.
# The labels that say when an article was published; those that say when it was updated ("Erschienen" says
# neither: it may name a book's day).
_PUBLISHED_WORDS = (r"(?:First\s+|Originally\s+)?(?:Veröffentlicht|Publiziert|Erstellt|Published|Posted|Created"
                    r"|Publié|Опубликовано|Дата\s+публикации)")
_UPDATED_WORDS = r"(?:Zuletzt\s+|Last\s+)?(?:Stand|Updated|Aktualisiert|Modified|Geändert|Mis\s+à\s+jour|Обновлено)"
_DATE_LABEL = rf"(?:{_PUBLISHED_WORDS}|{_UPDATED_WORDS}|Erschienen)"
# A time may stand before the date too, after a label: "Updated 12:30 BST, 5 April 2024".
_DATE_PREFIX = (r"^(?:" + _DATE_LABEL + r"(?:\s+(?:am|on|le|at))?\s*:?\s*(?:\d{1,2}[:.]\d\d" + _ZONE + r",?\s+)?)?"
                r"(?:" + _WEEKDAY + r",?\s+(?:the\s+)?|"
                r"(?P<place>[^\W\d_][\w.'-]*(?:\s+[^\W\d_][\w.'-]*){0,2}),\s+)?")
# The small words a place's name of up to three words may hold besides its capitalised ones.
_PLACE_WORDS = {"am", "an", "der", "im", "upon", "on", "de", "del", "la", "le", "sur", "na"}
# A first word that makes the "place" before a date a byline or a note the reader needs ("Von Martina Schulte,
# 8. April 2024", "Korrektur, 6. April 2024"): such a line is text, which dates the article and stays.
_NO_PLACE = {"von", "by", "bis", "seit", "ab", "until", "since", "from", "der", "die", "das", "am", "im", "the",
             "le", "les", "korrektur", "berichtigung", "nachtrag", "update", "correction", "hinweis", "anzeige",
             "eilmeldung", "breaking", "kommentar", "interview", "analyse", "analysis", "от", "поправка", "par"}
# How long before the month (or year) of the hero picture's folder a date in the first paragraph may lie and
# still be the article's day, rather than a day the article tells of.
_BEFORE_PICTURE_DAYS = 62
# Lines of text that may follow an article's source line at its end (a publisher's footer).
_FOOTER_LINES = 3
# How long after the first paragraph's dateline an update line over it may say the article was updated.
_UPDATE_DAYS = 2 * 366
# A first paragraph of at most this many words may be a subtitle, with the date line under it.
_SUBTITLE_WORDS = 30
# An image above the title is a teaser of another article when its caption is a headline, not a logo's name.
_HEADLINE_WORDS = 3
_ICON_LINK = re.compile(r"\[!\[[^\]]*\]\([^()\s]*\)\]\((?:[^()\s]|\([^()\s]*\))*\)")
_BARE_URL = re.compile(r"(?:https?://|www\.)\S*$", re.IGNORECASE)
# A hand-written page's first heading of level 1, before any other text.
_FIRST_HEADING = re.compile(r"\s*#[ \t]+(.+?)[ \t#]*(?:\n|$)")
# A weekday ending a date line's place: "Wahl am Sonntag, …", "Ab Mo., …" name no place ("Sun City" does).
_WEEKDAY_WORD = re.compile(_WEEKDAY, re.IGNORECASE)
_DATE_LINE_LENGTH = 120  # longer than any date line, with its label, weekday, place and time
_DIGIT = re.compile(r"\d")
# A line that is a date alone may write it in two more ways, which in the text name a version, a time or a
# file number as often ("Version 12.10.24", "Az. 2024/03/12"): two digits each for day, month and year, as
# German sources write them (see _year); the year first, then month and day, as an address's folders write it.
_LINE_ONLY_DATES = (r"(?P<d>\d\d)\.(?P<m>\d\d)\.(?P<y>\d\d)" + _TIME,
                    r"(?P<y>(?:19|20)\d\d)/(?P<m>\d{1,2})/(?P<d>\d{1,2})" + _TIME)
# A month and its year alone ("März 2024") stay text: a headline's ("November 1989") or a chronology's heading.
_DATE_LINES = [re.compile(_DATE_PREFIX + pattern + r"\s*", re.IGNORECASE)
               for pattern in (*(p.pattern for p in DATE_PATTERNS), *_LINE_ONLY_DATES)]
_LABELLED = re.compile(_DATE_LABEL, re.IGNORECASE)
_PUBLISHED = re.compile(_PUBLISHED_WORDS, re.IGNORECASE)
_UPDATED = re.compile(_UPDATED_WORDS, re.IGNORECASE)


class _DateLine(NamedTuple):
    """A date line over the text: its date, and whether its label says the article was published, any label,
    or that it was updated."""

    found: tuple[date, DatePrecision]
    published: bool
    labelled: bool
    updated: bool

    @classmethod
    def of(cls, line: str, found: tuple[date, DatePrecision]) -> _DateLine:
        return cls(found, _PUBLISHED.match(line) is not None, _LABELLED.match(line) is not None,
                   _UPDATED.match(line) is not None)


class ParseError(ValueError):
    """The file cannot become an article; the message says why, in one line."""


def parse_article(source: SourceFile, default_language: str = "de",
                  publishers: dict[str, str] | None = None, known: Mapping[str, str] | None = None) -> Article:
    """Turn one decoded file into an Article.

    ``publishers`` maps an image host to a publisher name. ``known``: languages found before with the
    same ``default_language``, by language sample (see ``language_sample``). Raises ParseError
    for a file that cannot make a page (no title, title too long, bad YAML).
    """
    article, text = _parse(source, default_language, publishers or {})
    return article if text is None else evolve(article, language=detect_language(text, default_language, known))


def parse_articles(sources: Sequence[SourceFile], default_language: str = "de",
                   publishers: dict[str, str] | None = None, known: Mapping[str, str] | None = None
                   ) -> list[Article | ParseError]:
    """``parse_article`` of each of ``sources``, in order: the article, or the ParseError that says why
    the file cannot make a page.

    The languages are told once every file is parsed, one text after the other: the language model's
    tables then stay in the processor's caches from one text to the next. Told between two parses, a
    language took 220 µs a text; one after another, 115 µs (3,000 synthetic articles).
    """
    publishers = publishers or {}
    drafts: list[tuple[Article, str | None] | ParseError] = []
    for source in sources:
        try:
            drafts.append(_parse(source, default_language, publishers))
        except ParseError as exc:
            drafts.append(exc)
    languages = iter([detect_language(draft[1], default_language, known) for draft in drafts
                      if not isinstance(draft, ParseError) and draft[1] is not None])
    return [draft if isinstance(draft, ParseError) else draft[0] if draft[1] is None
            else evolve(draft[0], language=next(languages)) for draft in drafts]


def _parse(source: SourceFile, default_language: str, publishers: dict[str, str]) -> tuple[Article, str | None]:
    """The article of ``source`` with ``default_language``, and the text whose language it has
    instead (None: its front matter names its language)."""
    if PurePosixPath(source.rel).suffix.lower() == ".md":
        return _parse_markdown(source, default_language)
    return _parse_raw(source, default_language, publishers)


def _decoding_warnings(source: SourceFile) -> list[str]:
    """What a page's warnings start with: the bytes of its file that were not UTF-8 (see read.decode_text).
    Read as Windows-1252, such a byte is most likely what was meant (a dash, a quote), but not surely."""
    count = source.stray_bytes
    return [f"{count} byte{'s' if count > 1 else ''} not UTF-8, read as Windows-1252: check the text"] if count else []


def language_sample(article: Article) -> str | None:
    """What ``detect_language`` read to set ``article.language`` (a raw article's as parsed, before any
    later stage changed its body): the first ``LANGUAGE_SAMPLE`` characters of its ``_language_text``;
    None for a hand-written ``.md`` article, whose language may come from its front matter."""
    if article.markdown is not None:
        return None
    return _language_text(article.title, "\n".join(p.text for p in language_paragraphs(article.body)))[:LANGUAGE_SAMPLE]


def language_paragraphs(body: Sequence[Block]) -> Iterator[Paragraph]:
    """The paragraphs of ``body`` that tell its language (see ``language_sample``): as many as it takes to fill
    the sample, all of them in a short text."""
    size = 0
    for block in body:
        if isinstance(block, Paragraph):
            yield block
            size += len(block.text) + 1
            if size > LANGUAGE_SAMPLE:
                return


def _language_text(title: str, paragraphs: str) -> str:
    """The text that tells a raw article's language: its paragraphs, or, when their start has too few
    words to tell (see ``detect_language``), its title and paragraphs. A title edited then leaves the
    language sample as it was, and a re-run finds its language without the language model."""
    return paragraphs if len(paragraphs[:LANGUAGE_SAMPLE].split()) >= FEWEST_WORDS else f"{title}\n{paragraphs}"


def _parse_raw(source: SourceFile, default_language: str, publishers: dict[str, str]) -> tuple[Article, str]:
    lines = [line.strip() for line in source.text.split("\n")]
    lines = [line for line in lines if line]
    warnings = _decoding_warnings(source)

    # Only a line starting "![" can be an image: most are paragraphs, which the regex need not see.
    image_lines = [_picture(line) if line.startswith("![") else None for line in lines]
    if credits := [i for i in range(1, len(lines)) if image_lines[i - 1] and _credit_under(lines[i])]:
        # A picture's credit on the line under it ("Foto: Stadt Velsburg") is its caption's, as on its line.
        for index in credits:
            picture = image_lines[index - 1]
            assert picture is not None
            image_lines[index - 1] = picture._replace(
                title=f"{picture.title}, {lines[index]}" if picture.title else lines[index], credit=lines[index])
        taken = set(credits)
        lines = [line for i, line in enumerate(lines) if i not in taken]
        image_lines = [picture for i, picture in enumerate(image_lines) if i not in taken]
    texts = [i for i, match in enumerate(image_lines) if match is None]
    if not texts:
        raise ParseError("no title line (only images)" if lines else "no text")
    # The headline is the first line that is neither a picture nor a line about the article (a "Mehr zum
    # Thema" line, a source, a date: above the headline, each became the title).
    title_index = next((i for i in texts if not _about_the_article(lines[i])
                        and not (Paragraph(lines[i]).is_note and _headline_below(lines, image_lines, i))), texts[0])
    if title_index != texts[0]:
        # A line some picture's caption repeats is the headline, though it looks like a date ("9. November 1989").
        captions = {fold(match.alt) for match in image_lines if match and match.alt.strip()}
        title_index = next(i for i in texts if i == title_index or fold(_strip_markup(lines[i])) in captions)
    # The source is the "Quelle:" line above the headline, or else the last one, where at most a footer's few
    # lines follow it besides lines about the article (a "Mehr zum Thema" block's among them): one in the text
    # cites something else (a statistics office), and stays text.
    blocks = _related_blocks(lines, image_lines, title_index)
    sources = [(i, found["url"]) for i in texts
               if lines[i][:1] in _SOURCE_FIRST and (found := SOURCE_LINE.match(lines[i]))]
    source_index, source_url = -1, None
    if sources and sources[0][0] < title_index:
        source_index, source_url = sources[0]
    elif sources and sum(i not in blocks and not _about_the_article(lines[i])
                         for i in texts if i > sources[-1][0]) + sum(
            bool(picture.credit) for picture in image_lines[sources[-1][0] + 1:texts[-1]] if picture
    ) <= _FOOTER_LINES:  # a picture with its credit on its line (see _credited), text after it: the article's
        source_index, source_url = sources[-1]
    title = " ".join(_MARKDOWN_HEADING.sub("", _strip_markup(lines[title_index])).split())
    kicked_headline = -1  # the headline's line, where the title's line is only its label ("Kommunalpolitik")
    if _kicker(title) and (below := _headline_below(lines, image_lines, title_index)):
        kicked_headline, headline = below
        title = f"{title} {headline}" if title.endswith(":") else f"{title}: {headline}"
    publisher = _publisher([m.url for m in image_lines if m], publishers)
    title, site_name = _without_site_name(title, publishers.values(), publisher, image_lines)
    if not title:
        raise ParseError("empty title line")
    if len(title) > MAX_TITLE:
        # A scrape that lost its headline: the file's text is kept whole, under the start of its first line.
        warnings.append(f"first line over {MAX_TITLE} characters ({len(title)}), so taken as text: the title "
                        "is its beginning")
        title, title_index, kicked_headline = shorten(title, TITLE_FROM_TEXT), -1, -1
        if not any(map(str.isalnum, title)):
            raise ParseError(f"first line over {MAX_TITLE} characters without a word in its beginning; "
                             "is this a text file?")

    related: list[Related] = []
    seen_related: set[str] = set()
    folded_title = fold(title)
    # A headline's label before a colon ("Eilmeldung: …", "Kommentar: …"), which the hero's caption leaves out.
    kicked = _KICKER.match(title)
    unlabelled = title[kicked.end():] if kicked else title

    def add_related(headline: str, original: str | None = None) -> None:
        headline = " ".join(headline.split())
        key = fold(headline)
        if key and key != folded_title and key not in seen_related:
            seen_related.add(key)
            related.append(Related(headline, None, original))

    def on_the_page(image: Image, line: _Picture) -> Image | None:
        """A picture the page shows, at an address the page can use (a teaser's is never used), or None."""
        url = _on_the_web(image.url, source_url, warnings)
        if line.title and url:
            titles.setdefault(url, " ".join(line.title.split()))
        return None if not url else image if url == image.url else replace(image, url=url)

    hero: Image | None = None
    hero_teaser = False  # the hero is a teaser's copy (see _TEASER_URL): the picture at full size may follow
    hero_caption = heading_picture = ""  # the hero's caption as written (without its title), its address
    first_picture = ""  # the first other picture under the title, before the text (see _may_be_hero)
    titles: dict[str, str] = {}  # a picture's title (``![…](url "title")``), said in its caption
    shown_urls: set[str] = set()
    shown_credits: set[str] = set()  # the credits the pictures shown hold (see _Picture.credit), folded
    body: list[Block] = []
    date_lines: list[_DateLine] = []
    dated = -1  # the paragraphs before the first date line
    url: str | None = None
    opened, subtitled = 0, False  # paragraphs so far; whether the first may be a subtitle
    url_counts: dict[str, int] = {}  # a teaser is named twice; a picture whose line a scrape doubled (from its
    for index, match in enumerate(image_lines):  # <noscript>), once
        if match and not (index and lines[index - 1] == lines[index]):
            url_counts[match.url] = url_counts.get(match.url, 0) + 1

    for index, line in enumerate(lines):
        if index == title_index or index == kicked_headline:
            continue
        match = image_lines[index]
        if match:
            shown = None  # the picture as the page shows it, if it does
            image = Image(_safe_url(match.url, warnings) or "", " ".join(match.alt.split()))
            if not image.url:
                # An unsafe address has _safe_url's warning (a lazy-loaded picture's data: stand-in too).
                if image.alt and not match.url.strip():
                    warnings.append(f"picture without an address left out: its caption {image.alt!r}")
            is_title = (similar(image.alt, title) or kicked is not None and similar(image.alt, unlabelled)) \
                if image.alt and image.url else False
            headline = len(image.alt.split()) >= _HEADLINE_WORDS
            if not image.url:
                pass  # left out, with its warning (above); a credit under it stays (below)
            elif is_title and (hero is None or hero_teaser and fold(image.alt) == fold(hero_caption)
                             and not _TEASER_URL.search(match.url) and image.url not in shown_urls
                             and _same_file(hero.url, image.url)):
                # The hero, or the hero at full size where the first was a teaser's copy ("…/teaser/…").
                heading_picture = heading_picture if hero is None and heading_picture else image.url
                if shown := on_the_page(image, match):
                    hero, hero_caption, hero_teaser = shown, image.alt, _TEASER_URL.search(match.url) is not None
                shown_urls.add(image.url)
            elif image.url in shown_urls or (is_title and hero is not None and fold(image.alt) == fold(hero_caption)) \
                    or image.alt and body and isinstance(last := body[-1], Figure) \
                    and fold(last.image.alt) == fold(image.alt) and _same_picture(last.image.url, image.url):
                pass  # the same picture is never shown twice: the hero again, a figure again right under it, at
                # another size ("…/gas.jpg", then "…/gas-gross.jpg")
            elif index < title_index and not is_title:
                if headline:
                    add_related(image.alt)  # a teaser above the article; a logo ("Logo", "Kurier") is none
            elif image.alt and not is_title and (_TEASER_URL.search(match.url)
                                                 or headline and url_counts[match.url] > 1):
                add_related(image.alt)  # a teaser; an uncaptioned picture is no headline, so shown once
            else:  # a picture of the article's own, also one captioned like the headline in other words
                if not opened and index > title_index and not first_picture and _may_be_hero(image.alt):
                    first_picture = image.url
                shown_urls.add(image.url)
                if shown := on_the_page(image, match):
                    body.append(Figure(shown))
            if match.credit and (credit := fold(match.credit)) not in shown_credits:
                if shown is not None:
                    shown_credits.add(credit)
                elif index > title_index:  # a picture the page leaves out: its credit under the title stays, as text
                    body.append(Paragraph(match.credit))
            continue
        if not opened and title_index >= 0 and line[:1].casefold() == title[:1].casefold() \
                and fold(line) == folded_title:
            continue  # the headline again, as the text's first line: it was the lead, under the headline
        # A date line stands before the text, or under a subtitle; pictures between do not count.
        # A labelled date line under a date line ("Aktualisiert am 2. Mai" and "Veröffentlicht am 30. April", one
        # under the other) goes too (see _date_of_lines). Another date under a date line is text: a concert's
        # day and hour, "6. Juni 1944" under the day of the anniversary.
        if (not date_lines or dated == opened and _LABELLED.match(line)) \
                and (not opened or opened == 1 and subtitled) \
                and (parts := _date_lines_in(line) or _dated_notes(line)):
            date_lines += (_DateLine.of(part, found) for part, found in parts if found)
            dated = opened
            # "Posted on 4 March 2024 by Jane Doe": the byline stays, a line about the article (Paragraph.is_note).
            body += (Paragraph(part) for part, found in parts if not found)
            continue
        if index == source_index:
            url = source_url
            continue
        if index in blocks:  # a "Mehr zum Thema" block: its heading goes, its headlines are related
            if (headline := blocks[index]) is not None:
                add_related(_strip_markup(headline), _original(headline, source_url, warnings))
            continue
        if m := _related_line(line):
            for headline in _linked_headlines(m["title"]):
                add_related(_strip_markup(headline), _original(headline, source_url, warnings))
            continue
        if text := _sanitise_links(line, warnings, source_url):
            body.append(Paragraph(text))
            opened += 1
            if opened == 1:
                # A first line taken as text stood where the headline does: a date line may follow it.
                subtitled = title_index < 0 or _subtitle(text)

    # A picture captioned with a related headline (teaser or "Mehr zum Thema" line) is a teaser too.
    body = [block for block in body
            if not (isinstance(block, Figure) and fold(block.image.alt) in seen_related)]
    if titles:
        body = [Figure(_titled(block.image, titles.get(block.image.url, ""))) if isinstance(block, Figure) else block
                for block in body]
        if hero is not None:
            hero = _titled(hero, titles.get(hero.url, ""))
    # Where no picture is captioned with the title, the first under it, before the text, dates the article as
    # the hero would: its caption is the headline as it was before a correction ("Uferstraßen" for "Altstadt").
    pictured = _date_from_picture(heading_picture or first_picture)
    archived = datetime.fromtimestamp(source.mtime, UTC).date()
    lead = 0  # a byline or a credit over the text ("Von Anna Berg") dates nothing: the text's first paragraph does
    while lead < len(body) and isinstance(block := body[lead], Paragraph) and block.is_note \
            and not _find_date(block.text[:120]):
        lead += 1
    if lead < len(body) and isinstance(block := body[lead], Paragraph):
        first, latest = block.text, None
    else:  # under a picture (see _text_date), the first paragraph that is no credit or byline
        first = next((b.text for b in body if isinstance(b, Paragraph) and not b.is_note), "")
        latest = _last_day(pictured, archived)
    explicit_date, updates = _text_date(date_lines, first, pictured, latest)
    when, precision = explicit_date or pictured or (archived, "archived")
    updated = max(updates) if updates and max(updates) > when else None
    if explicit_date is None and (unread := next(filter(None, (_unread_date(b.text) for b in body[:2]
                                                               if isinstance(b, Paragraph))), None)):
        warnings.append(f"date line {unread[0]!r} not read: {unread[1]}; "
                        f"dated by {'its picture' if pictured else 'its file'}")

    if not body:
        warnings.append("title only: no body text")
    text = _language_text(title, "\n".join(b.text for b in body if isinstance(b, Paragraph)))
    return Article(
        title=title,
        date=when,
        date_precision=precision,
        language=default_language,
        source=Source(
            file=source.rel,
            id=source_id(source.rel),
            publisher=publisher or site_name,
            url=url,
        ),
        body=tuple(body),
        image=hero,
        related=tuple(related),
        updated=updated,
        warnings=tuple(warnings),
    ), text


def _parse_markdown(source: SourceFile, default_language: str) -> tuple[Article, str | None]:
    try:
        try:
            post = frontmatter.loads(source.text, handler=_FRONT_MATTER) if source.text.startswith("---") \
                else frontmatter.loads(source.text)
        except ValueError:
            if not source.text.startswith("---"):
                raise  # a "{" line makes python-frontmatter expect JSON
            # YAML takes `2025-13-45` for a date and fails to make one: read as text, the date is then
            # "not understood", as any other (see _front_matter_date), and the article kept.
            post = frontmatter.loads(source.text, handler=_DATES_AS_TEXT)
    except _NotAMapping as exc:
        raise ParseError(str(exc)) from None
    except (yaml.YAMLError, ValueError) as exc:
        mark = getattr(exc, "problem_mark", None)
        if getattr(exc, "context_mark", None) is not None and "end of stream" in str(getattr(exc, "problem", "")):
            mark = exc.context_mark  # type: ignore[union-attr]  # where a quoted value opened, never closed
        where = f" at line {mark.line + 1}" if mark else ""
        kind = "YAML" if isinstance(exc, yaml.YAMLError) or source.text.startswith("---") else "JSON"
        why = f": {exc.problem}" if isinstance(exc, _AliasError) else ""
        raise ParseError(f"invalid {kind} front matter{where}{why}") from None
    meta = post.metadata
    body = post.content
    # "---" then "key:" lines and no "---" after them; a "---" line alone over a heading is a rule.
    if not meta and re.match(r"---[ \t]*\n[^\W\d][\w -]*:(?:\s|$)", source.text) \
            and not re.search(r"^---[ \t]*$", source.text[3:], re.M):
        raise ParseError("front matter opened with '---' in line 1 is never closed (no second '---' line)")
    warnings = _decoding_warnings(source)
    title = " ".join((_text(meta, "title", warnings) or "").split())
    if not title:
        heading = re.search(r"^#\s+(.+)$", body, re.MULTILINE)
        if (not heading or not heading[1].strip()) and not meta and (first := _PLAIN_FIRST_LINE.match(body)):
            # No front matter at all: the first line is the title, as in a raw file.
            heading = first
            warnings.append("no front matter and no '# heading': its first line is the title")
        if not heading or not heading[1].strip():
            given = meta.get("title")
            what = ("no 'title'" if given is None or _scalar(given) is not None
                    else f"a {type(given).__name__} as 'title'")
            raise ParseError(f"no title: front matter has {what} and the text no '# heading'")
        title = " ".join(heading[1].split())
        body = body.replace(heading[0], "", 1)
    elif (heading := _FIRST_HEADING.match(body)) and fold(heading[1]) == fold(title):
        body = body[heading.end():]  # the title over the text again: the page showed the headline twice
    if len(title) > MAX_TITLE:
        raise ParseError(f"title over {MAX_TITLE} characters ({len(title)})")
    _name_unsafe_markup(body, warnings)
    when, precision = _front_matter_date(meta.get("date"), warnings) or (
        datetime.fromtimestamp(source.mtime, UTC).date(),
        "archived",
    )
    updated = _front_matter_date(meta["updated"], []) if meta.get("updated") is not None else None
    if meta.get("updated") is not None and updated is None:
        warnings.append(f"front matter updated {str(meta['updated'])[:40]!r} not understood; not shown")
    if not body.strip():
        warnings.append("title only: no body text")
    tags = meta.get("tags") or []
    if isinstance(tags, str):
        tags = [tags]
    if not isinstance(tags, list):
        warnings.append("front matter 'tags' is not a list; ignored")
        tags = []
    texts = [_scalar(t) for t in tags]
    if None in texts:
        warnings.append(f"front matter tags that are no text ignored ({texts.count(None)})")
    src = meta.get("source") if isinstance(meta.get("source"), dict) else {}
    image = _text(meta, "image", warnings)
    url = _text(src, "url", warnings, "source.url")
    language = _text(meta, "language", warnings)
    return Article(
        title=title,
        date=when,
        date_precision=meta["date_precision"] if meta.get("date_precision") in ("day", "month", "year") else precision,
        language=language or default_language,
        source=Source(file=source.rel, id=source_id(source.rel), publisher=_text(src, "publisher", warnings,
                                                                                 "source.publisher"),
                      url=url if url and _safe_url(url, warnings) else None),
        image=(Image(image, _text(meta, "image_alt", warnings) or "") if image and _safe_url(image, warnings)
               else None),
        tags=tuple(dict.fromkeys(" ".join(t.split()) for t in texts if t and t.strip())),
        description=_text(meta, "description", warnings),
        updated=updated[0] if updated and updated[1] == "day" and updated[0] > when else None,
        markdown=body.strip("\n"),
        warnings=tuple(dict.fromkeys(warnings)),  # each kind of loss once
    ), None if language else f"{title}\n{body}"


# A Markdown file's first line when it is plain text: no image, link, HTML, list, quote, table or code.
_PLAIN_FIRST_LINE = re.compile(r"\A\s*(?![!\[<|>*+\-#`~=]|\d+[.)]\s)([^\n]+)$", re.MULTILINE)


def _scalar(value: object) -> str | None:
    """A front matter value as text if it is one (a string, a number, a date); None for a list, a mapping,
    a yes/no or nothing, whose text would be Python's."""
    if isinstance(value, str | int | float | date) and not isinstance(value, bool):
        return str(value)
    return None


def _text(meta: Mapping[str, object], key: str, warnings: list[str], name: str | None = None) -> str | None:
    """The text of front matter ``key``; None, with a warning, for a value that is no text."""
    value = meta.get(key)
    if value is None or value == "":
        return None
    text = _scalar(value)
    if text is None:
        warnings.append(f"front matter '{name or key}' is a {type(value).__name__}, not text; ignored")
    return text


# What a .md file's page loses (see mkdocs_plugin.safe_html), looked for outside its code, where it
# shows as written: tags that could run or frame something, event handlers in a tag or an attribute
# list ({: onclick=… }), and the links' and images' addresses.
_CODE = re.compile(r"^(`{3,}|~{3,}).*?^\1[^\n]*$|`[^`\n]+`", re.MULTILINE | re.DOTALL)
_RISKY_TAG = re.compile(r"<\s*(script|style|iframe|frame|object|embed|form|svg|math|template|link|meta|base)\b",
                        re.IGNORECASE)
# In a tag, or in an attribute list (its ids, classes and key=value pairs before it): "{x | online = 1}" is text.
_HANDLER = re.compile(r"<[a-z][^>]*?\s(on[a-z]+)\s*=|\{:?\s*(?:[#.][\w-]+\s+|[\w-]+=(?:\"[^\"]*\"|'[^']*'|\S+)\s+)*"
                      r"(on[a-z]+)\s*=", re.IGNORECASE)
_ADDRESS = re.compile(r"\]\(\s*<?([^)\s>]+)|^ {0,3}\[[^\]\n]+\]:\s*<?([^\s>]+)|<([a-z][a-z0-9+.-]*:[^>\s]*)>"
                      r"|\b(?:href|src)\s*=\s*[\"']?([^\"'\s>]+)", re.IGNORECASE | re.MULTILINE)


def _name_unsafe_markup(body: str, warnings: list[str]) -> None:
    """A warning for each kind of markup of a .md file's text that its page does not publish."""
    text = _CODE.sub("", body)
    if found := _RISKY_TAG.search(text):
        warnings.append(f"<{found[1].lower()}> removed from the page: markup that could run in a reader's browser "
                        "is not published")
    if found := _HANDLER.search(text):
        warnings.append(f"'{(found[1] or found[2]).lower()}=' removed from the page: markup that could run in a "
                        "reader's browser is not published")
    for found in _ADDRESS.finditer(text):
        _safe_url(next(url for url in found.groups() if url), warnings, _MARKDOWN_SCHEMES)


class _AliasError(yaml.composer.ComposerError):
    pass


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML as python-frontmatter reads it (no Python objects from the file), but without aliases: a
    kilobyte of nested ``*name`` references makes gigabytes of text, and front matter needs none."""

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            raise _AliasError(None, None, "aliases (*name) are not read", self.peek_event().start_mark)
        return super().compose_node(parent, index)  # type: ignore[no-untyped-call]


class _NotAMapping(yaml.YAMLError):
    """Front matter that is YAML but not ``key: value`` lines: python-frontmatter drops it, and its text."""


class _FrontMatterHandler(frontmatter.YAMLHandler):
    loader: type[yaml.SafeLoader] = _FrontMatterLoader

    def load(self, fm: str, **kwargs: object) -> object:
        value = yaml.load(fm, Loader=self.loader)  # noqa: S506  # a SafeLoader
        if value is not None and not isinstance(value, dict):
            kind = "a line of text" if isinstance(value, str) else "a list" if isinstance(value, list) else "a value"
            raise _NotAMapping(f"front matter between the '---' lines is {kind}, not 'key: value' lines")
        return value


_FRONT_MATTER = _FrontMatterHandler()


class _TextDates(_FrontMatterLoader):
    """YAML as python-frontmatter reads it, but for dates, left as written."""

    yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


class _TextDatesHandler(_FrontMatterHandler):
    loader = _TextDates


_DATES_AS_TEXT = _TextDatesHandler()


def _front_matter_date(value: object, warnings: list[str]) -> tuple[date, DatePrecision] | None:
    if isinstance(value, datetime):
        return value.date(), "day"
    if isinstance(value, date):
        return value, "day"
    if value is None:
        return None
    found = _find_date(str(value)[:200])  # a date; the patterns need not read a page of text
    if found is None:
        warnings.append(f"front matter date {str(value)[:40]!r} not understood; using the file time")
    return found


def source_id(rel: str) -> str | None:
    """The hash-like part of a file name (``000_1cb1…`` → ``1cb1…``), if any."""
    match = _ID.match(PurePosixPath(rel).stem)
    return match["id"].lower() if match else None


def _sentence(text: str) -> bool:
    """A sentence, not a headline: ending in a full stop, or starting with a word in lower case ("the full
    timetable …", but "iPhone-Verkauf …" is a headline)."""
    text = text.rstrip()
    first = text.split(maxsplit=1)[0] if text else ""
    return (text.endswith(".") and not text.endswith("..")) or (first[:1].islower() and first.islower())


def _titled(image: Image, title: str) -> Image:
    """``image`` with its title in its caption, where the title says something the caption does not: the
    title alone where it holds the caption ("Winzerin Eva Holm an ihrem Stand"), none where it is a file's
    name ("weinfest-2024-01")."""
    folded = fold(title)
    if not title or folded in fold(image.alt) or _FILE_NAME.fullmatch(title):
        return image
    return replace(image, alt=f"{image.alt} ({title})" if image.alt and fold(image.alt) not in folded else title)


_FILE_NAME = re.compile(r"[\w.-]*[\d_.-][\w.-]*")  # one "word" holding a digit, "_", "." or "-"


def _date_lines_in(line: str) -> list[tuple[str, tuple[date, DatePrecision]]]:
    """The date lines ``line`` is, each with its date: itself, or the date lines it joins with a bar or a dot
    ("Veröffentlicht am 30.04.2024 | Aktualisiert am 02.05.2024"; it was the lead); none if it is text."""
    if found := _line_date(line):
        return [(line, found)]
    if not _joined(line):
        return []
    parts = _DATE_LINE_JOIN.split(line)
    found = [(part, day) for part in parts[:3] if (day := _line_date(part))]
    return found if len(found) == len(parts) else []


_DATE_LINE_JOIN = re.compile(r"\s*[|·•]\s*")


def _joined(line: str) -> bool:
    """Whether ``line`` may join date lines, or a date line and a page's mark: a bar or dot, and a digit."""
    return ("|" in line or "·" in line or "•" in line) and _DIGIT.search(line) is not None


def _line_date(line: str) -> tuple[date, DatePrecision] | None:
    """A date when the whole line is one (optionally with a time, a label, a weekday or a place)."""
    if len(line) > _DATE_LINE_LENGTH or not _DIGIT.search(line):  # no date line: the patterns need not try it
        return None
    for pattern in _DATE_LINES:
        if found := pattern.fullmatch(line):
            place = (found["place"] or "").split()
            if place and not _a_place(place):
                return None  # "Wahl am Sonntag, …", "Ab Montag, …" name no place: the line says more than a date
            return _date_of(found)
    return None


def _unread_date(line: str) -> tuple[str, str] | None:
    """``line`` and why it is no date line, where it has a date line's form but names no one day: a slashed
    date that may be either of two ("03/04/2024" is 3 April in Germany, 4 March in the US), a day there is
    not ("31.02.2024", "2024-13-01"). Such a line stays text, and the article is dated otherwise."""
    if len(line) > _DATE_LINE_LENGTH or not _DIGIT.search(line):
        return None
    for pattern in _DATE_LINES:
        if (found := pattern.fullmatch(line)) and _date_of(found) is None:
            if "a" in pattern.groupindex and _either_way(int(found["a"]), int(found["b"])):
                return line, "day and month may be either way round"
            return line, "no such day"
    return None


def _either_way(first: int, second: int) -> bool:
    """Whether a slashed date's first and second numbers may each be the day, the other the month."""
    return first <= 12 and second <= 12 and first != second


def _a_place(words: list[str]) -> bool:
    """Whether ``words`` may name a place before a date: capitalised words and the small words of names, not
    ending in a weekday ("Wahl am Sonntag") nor starting with a byline's or a note's word ("Von …", "Bis …")."""
    return (words[0][0].isupper() and all(w[0].isupper() or w in _PLACE_WORDS for w in words)
            and not _WEEKDAY_WORD.fullmatch(words[-1]) and words[0].casefold() not in _NO_PLACE)


# A picture's caption that says it is no picture of the day: an archive's, a symbol's, an advertisement's.
# Compounds too ("Archivbilder", "Werbeanzeige", "Firmenlogo", "Foto: Stadtarchiv"), not other words ("Archivar",
# "Anzeigetafel", "Strafanzeige", "Logopädin", "Bewerbung").
_NOT_OF_THE_DAY = re.compile(r"(?:archiv|symbol)(?:bild|foto|aufnahme)(?:er|en|n|s)?\b|\barchiv(?:e[ds]?|al)?\b"
                             r"|foto:\s*\w*archiv\b|(?<!straf)anzeige[ns]?\b|\bwerbung\b|logos?\b|\badvertisements?\b"
                             r"|file photo", re.IGNORECASE)


def _may_be_hero(caption: str) -> bool:
    """Whether a picture so captioned may be an article's hero, shown under its title: a caption of a
    headline's length (an author's photo names her, a logo its paper, in a word or two), not saying it is an
    archive's picture ("Das Rathaus (Archivbild)"), a symbol's or an advertisement's."""
    return len(caption.split()) >= _HEADLINE_WORDS and not _NOT_OF_THE_DAY.search(caption)


def _about_the_article(line: str) -> bool:
    """Whether a line says something about the article rather than heading it: a "Mehr zum Thema" line, a
    source, a date (with its byline)."""
    return bool(_related_line(line) or SOURCE_LINE.match(line) or _date_lines_in(line) or _dated_notes(line))


def _related_line(line: str) -> re.Match[str] | None:
    """A "Mehr zum Thema" line's match, its headlines in ``title``; None for a line that only starts like one.

    "Read more: https://…" names no headline, "Lesen Sie auch: Der Verband hält die Pläne für zaghaft." is a
    sentence of the text: each stays text. After a dash, as a list of headlines writes them, a headline may
    end in a full stop ("… für 20 Mio.") or start in lower case ("ver.di ruft …"), but not both: "Auch
    interessant – die Gebühren bleiben dagegen gleich." goes on a sentence."""
    if not (found := RELATED_LINE.match(line)) or _BARE_URL.match(title := found["title"]):
        return None
    if found["sep"] == ":" or line[:1] in "SsAaYy" and line.casefold().startswith(_PROSE_LABELS):
        # After a colon, and after the labels prose uses too ("See also – the council's statement"), a
        # headline neither starts in lower case nor ends in a full stop.
        return None if _sentence(title) else found
    first = title.split(maxsplit=1)[0]
    stopped = title.rstrip(_CLOSING).endswith(".") and not title.rstrip(_CLOSING).endswith("..")
    return None if stopped and first[:1].islower() and first.islower() else found


_PROSE_LABELS = ("see also", "also read", "you may also like")
_LINK_SEPARATOR = re.compile(r"\s*(?:[-–—|•·,;]\s*)?")


def _linked_headlines(text: str) -> list[str]:
    """The headlines of a related line: each link where the line is links alone, one after another or between
    dashes, bars or dots ("[A](…) – [B](…)": two articles, each with its address); else the line, one headline
    (a dash between plain words may be a headline's own)."""
    links = list(INLINE_LINK.finditer(text)) if "](" in text else []
    if len(links) < 2 or any(link["bang"] for link in links) or links[0].start() or links[-1].end() != len(text):
        return [text]
    if any(not _LINK_SEPARATOR.fullmatch(text, one.end(), two.start()) for one, two in itertools.pairwise(links)):
        return [text]
    return [link[0] for link in links]


def _dated_notes(line: str) -> list[tuple[str, tuple[date, DatePrecision] | None]]:
    """A date line with a byline after it ("Posted on March 4, 2024 by Jane Doe", "Veröffentlicht am 4. März
    2024 von Anna Berg"), or a page's mark beside it ("5 June 2023 • 5 min read"): each part, the date line
    with its date, the others with None; [] for any other line."""
    if len(line) > 2 * _DATE_LINE_LENGTH:  # longer than a date line and a byline: a paragraph
        return []
    if (found := _BYLINE_AFTER.match(line)) and Paragraph(byline := found["byline"]).is_note:
        day = _line_date(found["date"].rstrip(" ,|·•"))
        return [(found["date"], day), (byline, None)] if day else []
    if not _joined(line) or Paragraph(line).is_note:
        return []  # a byline with its date beside it is kept as written ("Von Martina Schulte | 08.04.2024")
    parts = [(part, _line_date(part)) for part in _DATE_LINE_JOIN.split(line)]
    if len(parts) <= 4 and any(day for _, day in parts) and all(day or Paragraph(part).is_note for part, day in parts):
        return parts
    return []


def _kicker(title: str) -> bool:
    """Whether a first line may be a headline's label over it ("Kommunalpolitik", "Meinung", "Hochwasser:"):
    one word of letters (two are a short headline's: "Neue Regel")."""
    return len(title) <= 30 and title.rstrip(":").replace("-", "").isalpha()


def _headline_below(lines: Sequence[str], image_lines: Sequence[_Picture | None], index: int
                    ) -> tuple[int, str] | None:
    """The headline under a label ``index`` (see _kicker), its line's index and its text: the next line that is
    no picture, with text under it. None where that line is no headline: a line about the article, one of
    fewer than three words (a label's again: a path of sections) or running text (ending in a full stop,
    comma, colon or semicolon); or where a picture is captioned with the label: the label is the headline."""
    below = next((i for i in range(index + 1, len(lines)) if image_lines[i] is None), None)
    if below is None or all(image_lines[below + 1:]):  # no text under it
        return None
    line = lines[below]
    text = " ".join(_strip_markup(line).split())
    words = text.split()
    if not _HEADLINE_WORDS <= len(words) <= _BLOCK_WORDS + 4 or text.rstrip(_CLOSING).endswith((".", ",", ":", ";")) \
            or _about_the_article(line) or Paragraph(text).is_note or _BARE_URL.match(text) or _BULLET.match(line) \
            or RELATED_HEADING.match(line) or _find_date(text):
        return None  # a list's item, a list's heading, a dateline ("Velsburg, 5. Juni 2024 (dpa)") are none
    label = fold(lines[index])
    if any(picture and picture.alt.strip() and fold(picture.alt) == label for picture in image_lines):
        return None
    return below, text


def _same_picture(first: str, second: str) -> bool:
    """Whether two addresses may be one picture at two sizes: the name of one file is the other's with a size
    after it ("gas.jpg", "gas-gross.jpg", "gas_1200x800.jpg"; not "stadtfest-buehne.jpg" beside "stadtfest.jpg",
    nor "fest-10.jpg" beside "fest-1.jpg")."""
    one, two = sorted(map(_file_stem, (first, second)), key=len)
    return bool(one) and two.startswith(one) and _SIZE_SUFFIX.fullmatch(two, len(one)) is not None


def _same_file(first: str, second: str) -> bool:
    """Whether two addresses may be one picture: of the same name in two folders (a teaser's and the page's),
    or at two sizes (see _same_picture)."""
    return _file_stem(first) == _file_stem(second) or _same_picture(first, second)


def _file_stem(url: str) -> str:
    """The name of the file an address names, without its extension, folded ("" for none)."""
    try:
        return PurePosixPath(urlsplit(url).path).stem.casefold()
    except ValueError:  # malformed, e.g. "http://[broken"
        return ""


def _host(url: str) -> str:
    """The host an address names, folded ("" for none)."""
    try:
        return urlsplit(url).netloc.casefold()
    except ValueError:
        return ""


_SIZE_SUFFIX = re.compile(r"[-_.@](?:gross|groß|big|large|full|orig(?:inal)?|hd|xl|xxl|l|\d+x\d*|\d+w|w\d+|\d+px"
                          r"|2x|3x)")


# A headline's label: a word or two, then a colon ("Eilmeldung:", "Breaking news:", "Kommentar:").
_KICKER = re.compile(r"[^\W\d_][\w-]*(?:\s+[^\W\d_][\w-]*)?:\s+(?=\S)")
_BYLINE_AFTER = re.compile(r"(?P<date>.*?\d.*?)\s+(?P<byline>(?:by|von|par|от)\s+\S.*)", re.IGNORECASE)
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")  # a headline written as Markdown's heading: "# Stadtfest …"


def _related_blocks(lines: Sequence[str], image_lines: Sequence[_Picture | None], title_index: int
                    ) -> dict[int, str | None]:
    """The lines of the "Mehr zum Thema" blocks under the title: a heading on a line of its own (see
    RELATED_HEADING), the headlines on the lines right under it. Each heading's index maps to None (it goes), each
    headline's to its text as written, without its bullet (it becomes a Related entry).

    No line of the text may go wrongly, so the block is read conservatively. It takes the lines under the heading
    that are headlines (see _block_headline), all of one form: linked as a whole or not, bulleted or not, as the
    first is. A list of headlines is written one way; a line written otherwise (the article's crosshead under a
    list of links, a paragraph) ends the block and stays text, as does the first line that is no headline.
    Pictures between the headlines (a teaser box's) neither end the block nor join it: the picture rules read
    them. A heading with no headline right under it ("Mehr zum Thema:" over a paragraph) stays text. A block
    above the title is not read: its headlines cannot be told from the article's own headline.
    """
    found: dict[int, str | None] = {}
    for index in range(title_index + 1, len(lines)):
        line = lines[index]
        if len(line) > _HEADING_LENGTH or image_lines[index] or not RELATED_HEADING.match(line):
            continue
        form: tuple[bool, bool] | None = None
        headlines: dict[int, str] = {}
        for below in range(index + 1, len(lines)):
            if image_lines[below]:
                continue
            item = _block_headline(lines[below])
            if item is None or form is not None and item[1:] != form or (
                    item[1:] == (False, False) and headlines and item[0].rstrip(_CLOSING).endswith(("?", "!"))):
                break  # under plain headlines, a question or a cry is the text's crosshead ("Wie geht es weiter?")
            headlines[below], form = item[0], item[1:]
        if headlines:
            found[index] = None
            found.update(headlines)
    return found


def _block_headline(line: str) -> tuple[str, bool, bool] | None:
    """The headline a line under a "Mehr zum Thema" heading is (without its bullet), whether it had a bullet and
    whether it is linked as a whole; None for a line that is text, or about the article.

    A headline is one short line: _HEADLINE_WORDS to _BLOCK_WORDS words, as a teaser's caption is one (a
    paragraph is longer; a word or two are a label's or a button's: "Anzeige", "Zur Startseite"), starting with
    a letter, a digit or an opening quote ("© Kurier", "(Anzeige)" are none). A line ending in a full stop (a
    closing quote after it too), a colon, a comma or a semicolon is running text, as is one starting with a word
    in lower case: a headline ending in an abbreviation ("… für 20 Mio.") stays text with them, as it cannot be
    told from a sentence. So do a date line, a source, a byline or credit, a bare address, a site's footer line
    (see _NAVIGATION), and a line starting with a related line's words (another heading, a related line the
    text's own rule reads, a sentence: "Mehr zum Thema Hafen sagte sie nichts").
    """
    bullet = _BULLET.match(line)
    headline = line[bullet.end():] if bullet else line
    text = " ".join(_strip_markup(headline).split())
    words = text.split()
    if not _HEADLINE_WORDS <= len(words) <= _BLOCK_WORDS or not (text[0].isalnum() or text[0] in _OPENING_QUOTES):
        return None
    end = text.rstrip(_CLOSING)
    if end.endswith((".", ":", ",", ";")) and not end.endswith("..") or (words[0][:1].islower() and words[0].islower()):
        return None
    if (_date_lines_in(text) or SOURCE_LINE.match(text) or _RELATED_START.match(text) or RELATED_HEADING.match(text)
            or _BARE_URL.match(text) or Paragraph(text).is_note or _NAVIGATION.search(text)):
        return None
    link = INLINE_LINK.fullmatch(headline) if headline.endswith(")") else None
    return headline, bullet is not None, link is not None and not link["bang"]


def _subtitle(text: str) -> bool:
    """Whether an article's first paragraph may be a subtitle, with a date line under it: a short one, not
    ending in a colon, which leads into what follows ("So kam das Wasser:", then a timeline's dates)."""
    return len(text.split()) <= _SUBTITLE_WORDS and not text.endswith(":")


def _find_date(text: str) -> tuple[date, DatePrecision] | None:
    found = _date_in(text)
    return found[0] if found else None


def _text_date(lines: Sequence[_DateLine], first: str, pictured: tuple[date, DatePrecision] | None,
               latest: date | None = None) -> tuple[tuple[date, DatePrecision] | None, list[date]]:
    """The date the text gives an article (None: it names none), from its date ``lines`` and its ``first``
    paragraph ("" for none), with its hero's folder date (``pictured``); and the days the lines say it was
    updated. ``latest``: the first paragraph stands under a picture, and a day in it that is no dateline's
    dates the article only up to that day (see _last_day)."""
    updates = [line.found[0] for line in lines if line.updated and line.found[1] == "day"]
    found = _date_of_lines(lines) if lines else None
    # The first paragraph is read where no line dates the article, or where each says when it was updated.
    if first and (found is None or len(updates) == len(lines)) and (opening := _date_in(first[:120])):
        day, dateline = opening
        if found is None:
            # "Am 9. November 1989 fiel …" above a picture put in its folder in 2024 is a day the article tells
            # of; a dateline, or a later day, is the article's (a picture from an earlier year is used again).
            # Under a picture, a day after its folder (or the file's copying) is the picture's caption's ("So soll
            # das Bad nach der Eröffnung 2027 aussehen"); a dateline is the article's ("Velsburg, 12. März 2024 –
            # …" under an archive photo).
            if dateline or (latest is None or day[0] <= latest) and (
                    not pictured or (pictured[0] - day[0]).days <= _BEFORE_PICTURE_DAYS):
                found = day
        elif dateline and 0 < (found[0] - day[0]).days <= _UPDATE_DAYS and found[0].strftime("%m%d") != \
                day[0].strftime("%m%d"):
            # "Stand: 12.03.2024" over "Velsburg, 11. März 2024 – …": updated since. "Berlin, 9. November 1989 – …"
            # under "Aktualisiert am 09.11.2024" tells of that day: an anniversary, or decades before.
            found = day
    return found, updates


def _date_of_lines(lines: Sequence[_DateLine]) -> tuple[date, DatePrecision]:
    """The day that date lines one under the other give the article: the publication's; else the first line's,
    unless that says when it was updated ("Aktualisiert am …", "Stand: …"): then the earliest."""
    published = [line.found for line in lines if line.published]
    if published:
        return published[0]
    if not lines[0].labelled:
        return lines[0].found
    return min((line.found for line in lines), key=lambda found: found[0])


def _date_in(text: str) -> tuple[tuple[date, DatePrecision], bool] | None:
    """The first date ``text`` names, and whether it is a dateline's: after a place ("Velsburg, 12. März 2024",
    "Paris, le 12 mars 2024", "Velsburg – 12.03.2024"), then a dash or a colon, perhaps an agency's name in
    brackets before it (anything may follow: "(dpa) – „Das …“", "– 14 Menschen …"); or at the very start, then
    the dash and a capitalised word. A day in a sentence is none ("Am 9. November 1989 fiel …", "Bis Freitag,
    12. April 2019 – 200 Anmeldungen …", "9. November 1989 – 28 Jahre nach dem Bau …")."""
    for pattern in DATE_PATTERNS:
        for match in pattern.finditer(text):
            if found := _date_of(match):
                end = _DATELINE_END.match(text, match.end())
                if end is None or not (before := text[:match.start()].strip()):
                    return found, end is not None and end["next"].isupper()
                lead = _DATELINE_PLACE.fullmatch(before)
                place = lead["place"].split() if lead else []
                return found, bool(place) and _a_place(place)
    return None


# What stands before a dateline's date: a place of up to three words, a comma or dash, a small word or weekday.
_DATELINE_PLACE = re.compile(r"(?P<place>[^\W\d_][\w.'-]*(?:\s+[^\W\d_][\w.'-]*){0,2})\s*[,–—-]?\s*"
                             r"(?:(?:le|den|am|on|the)\b\s*)?(?:" + _WEEKDAY + r",?\s*)?", re.IGNORECASE)
_DATELINE_END = re.compile(r"(?:\s*\([^()]{1,30}\))?\s*[–—:|-]\s*(?P<next>\S)")


def _date_of(match: re.Match[str]) -> tuple[date, DatePrecision] | None:
    """The day a match of one of ``DATE_PATTERNS`` names; None for one there is not (31.02.), and for a
    slashed date that may be either ("03/04/2024" is 3 April in Germany, 4 March in the US; "25/03/2024" and
    "03/25/2024" are one day)."""
    groups = match.groupdict()
    if "a" in groups:
        first, second = int(match["a"]), int(match["b"])
        if _either_way(first, second):
            return None
        day, month = (first, second) if first > 12 or second <= 12 else (second, first)
    else:
        month = MONTHS[match["mon"].lower()] if "mon" in groups and match["mon"] else int(match["m"])
        day = int(match["d"])
    try:
        return date(_year(match["y"]), month, day), "day"
    except ValueError:
        return None


def _year(digits: str) -> int:
    """A date's year; of two digits, 1969–2068 (``strptime``'s ``%y``): "12.03.24" is 2024, "05.11.89" 1989."""
    year = int(digits)
    return year if year >= 100 else year + (2000 if year < 69 else 1900)


def _last_day(pictured: tuple[date, DatePrecision] | None, archived: date) -> date:
    """The last day a picture's folder (its month or year) or, without one, the file's copying may follow."""
    if pictured is None:
        return archived
    day, precision = pictured
    if precision == "year":
        return date(day.year, 12, 31)
    return date(day.year + day.month // 12, day.month % 12 + 1, 1) - timedelta(days=1)


def _date_from_picture(url: str) -> tuple[date, DatePrecision] | None:
    """The date of the hero picture's upload folder (``…/2024.06/…``), which dates the article; teasers date
    other articles."""
    if m := _URL_MONTH.search(url):
        return date(int(m["y"]), int(m["m"]), 1), "month"
    if m := _URL_YEAR.search(url):
        return date(int(m["y"]), 1, 1), "year"
    return None


def _without_site_name(title: str, names: Iterable[str], publisher: str | None,
                        pictures: Sequence[_Picture | None]) -> tuple[str, str | None]:
    """``title`` without the site's name a page's title ends in, as a browser's tab shows it ("Verein feiert
    Jubiläum | Kreisbote"), and that name; else ``title`` and None. The name is a publisher's of the
    settings, after a bar or a dash; or, for an article no picture names its publisher of, one to three
    capitalised words after a bar, under a headline of three words or more, that the host of one of its
    ``pictures`` holds ("… | Kreisbote" over pictures from img.kreisbote.example; "Wahl in Velsburg | Live"
    stays)."""
    found = _SITE_NAME.fullmatch(title)
    if found is None:
        return title, None
    site, words = found["site"], found["site"].split()
    if site.casefold() in {name.casefold() for name in names} or found["bar"] and publisher is None \
            and len(words) <= 3 and all(word[:1].isupper() for word in words) and len(found["head"].split()) >= 3 \
            and any("".join(filter(str.isalnum, fold(site))) in _host(picture.url) for picture in pictures if picture):
        return found["head"], site
    return title, None


_SITE_NAME = re.compile(r"(?P<head>.*\S)\s+(?:(?P<bar>\|)|[–—-])\s+(?P<site>[^|–—\s-][^|–—]*?)")


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


_WEB_SCHEMES = ("", "http", "https")
_MARKDOWN_SCHEMES = (*_WEB_SCHEMES, "mailto")  # what a .md file's page keeps (see mkdocs_plugin.safe_html)


def _safe_url(url: str, warnings: list[str], schemes: tuple[str, ...] = _WEB_SCHEMES) -> str | None:
    """Keep http(s) and relative URLs (``schemes``); anything else (javascript:, data:) is dropped.

    The URL is checked as a browser reads the link: its entities decoded (``&#x6A;avascript:`` is
    ``javascript:`` to it), tabs and line breaks left out, control characters and spaces at its ends
    dropped, a backslash read as a slash.
    """
    seen = _URL_EDGES.sub("", _URL_BLANKS.sub("", html.unescape(url))).replace("\\", "/")
    try:
        scheme = urlsplit(seen).scheme.lower() if ":" in seen else ""
    except ValueError as exc:  # urlsplit rejects e.g. "http://[broken"
        warnings.append(f"dropped link with malformed URL ({exc})")
        return None
    if seen.startswith("//"):
        warnings.append("dropped link to another host without http(s) ('//…')")
        return None
    if scheme in schemes:
        return url
    warnings.append(f"dropped link with unsafe URL scheme '{scheme}:'")
    return None


_URL_BLANKS = re.compile(r"[\t\n\r]")
_URL_EDGES = re.compile(r"^[\x00-\x20]+|[\x00-\x20]+$")  # control characters and spaces, as browsers drop them


def _on_the_web(url: str | None, base: str | None, warnings: list[str]) -> str:
    """A raw file's address as the page can use it: a relative one (``/service/a.html``) read against the
    article's source address, as on the site it was copied from; "" for one without a source to read it
    against (it led to a page or picture of the archive that is not there), with a warning."""
    if not url or url.startswith("#") or ":" in url.split("/", 1)[0]:
        return url or ""
    host = url.split("/", 1)[0]
    if host[:4].casefold() == "www." and "." in host[4:] and not _FILE_ENDING.search(host):
        return "https://" + url  # a host without its scheme ("www.kurier.example/a.html"), not a path
    if base:
        return urljoin(base, url)
    warnings.append(f"dropped relative address {url[:80]!r}: no source address (Quelle: …) to read it against")
    return ""


def _link_address(url: str, base: str | None, warnings: list[str]) -> str:
    """A Markdown link's address in a raw file as the page can use it (see _safe_url, _on_the_web); "" for none."""
    return _on_the_web(_safe_url(url, warnings, _MARKDOWN_SCHEMES), base, warnings)


def _sanitise_links(line: str, warnings: list[str], base: str | None = None) -> str:
    def keep_or_text(match: re.Match[str]) -> str:
        url = _link_address(match["url"], base, warnings)
        if not url:
            return match["text"]
        if match["bang"] or match["text"].strip():
            return match[0] if url == match["url"] else f"{match['bang']}[{match['text']}]({url})"
        return ""  # a link without words (a share button): nothing to read, and no name for a screen reader

    if "[" not in line:  # no link can start: skip the regex, which would try every position
        return line
    words, icons = _ICON_LINK.subn("", line) if "[![" in line else (line, 0)  # an icon's link (a share button)
    kept = INLINE_LINK.sub(keep_or_text, words)
    return " ".join(kept.split()) if icons or "[](" in line else kept  # the spaces around a link gone


_FILE_ENDING = re.compile(r"\.(?:html?|php|aspx?|jsp|pdf|docx?|xlsx?|jpe?g|png|gif|webp|svg)$", re.IGNORECASE)


def _original(headline: str, base: str | None, warnings: list[str]) -> str | None:
    """The web address a related headline is linked to as a whole ("[Headline](https://…)"), or None."""
    headline = headline.strip()
    link = INLINE_LINK.fullmatch(headline) if headline.endswith(")") else None
    if link is None or link["bang"]:
        return None
    url = _link_address(link["url"], base, warnings)
    # As a browser reads it, once: the page writes it escaped ("?id=3&amp;seite=2" was "&amp;amp;" there).
    return html.unescape(url) if url.startswith(("http://", "https://")) else None


def _strip_markup(line: str) -> str:
    """Headlines are plain text: inline links keep only their words, and bold (``**Eilmeldung:**``) goes."""
    if "[" in line:
        line = INLINE_LINK.sub(lambda m: m["text"], line)
    return _BOLD.sub(r"\1\2", line) if "**" in line or "__" in line else line


_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<!\w)__(?=\S)(.+?)(?<=\S)__(?!\w)")


