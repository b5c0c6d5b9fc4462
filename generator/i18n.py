"""Words and dates in the reader's language (German and English UI; Russian dates)."""

from __future__ import annotations

import re
from datetime import date

MONTH_NAMES = {
    "de": ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"],
    "ru": ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа",
           "сентября", "октября", "ноября", "декабря"],
}
_RU_NOMINATIVE = ["январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
                  "сентябрь", "октябрь", "ноябрь", "декабрь"]

LABELS = {
    "de": {
        "home": "Startseite", "latest": "Neueste Artikel", "topics": "Themen", "archive": "Archiv",
        "largest_topics": "Größte Themen", "by_year": "Archiv nach Jahren",
        "topic": "Thema", "articles": "Artikel", "related": "Mehr zum Thema",
        "neighbours": "Verwandt in diesem Archiv", "all_topics": "Alle Themen",
        "archived": "archiviert am", "year": "Jahr",
        "removed": "Ausgeblendet: Standardtext des Verlags ({n} Absätze)",
        "removed_one": "Ausgeblendet: Standardtext des Verlags (1 Absatz)",
        "reading": "{n} Min. Lesezeit", "original": "Original", "not_archived": "nicht im Archiv", "date": "Datum",
        "updated": "aktualisiert am",
        "newer": "← Neuere", "older": "Ältere →", "page_of": "Seite {n} von {total}", "page": "{title}, Seite {n}",
        "made_with": "Erstellt mit {link}",
        "feed": "Neue Artikel als Atom-Feed", "feed_topic": "Neue Artikel zu diesem Thema als Atom-Feed",
        "search_lead": "Suche (Titel, Anfänge)", "search_titles": "Suche (nur Titel)",
        "not_found": "Seite nicht gefunden",
        "moved": "Dieser Artikel hat eine neue Adresse", "moved_link": "weiter zum Artikel",
        "not_found_text": "Unter dieser Adresse steht in diesem Archiv nichts (mehr). Die Suche oben oder die "
                          "Startseite führen weiter.",
    },
    "en": {
        "home": "Home", "latest": "Latest articles", "topics": "Topics", "archive": "Archive",
        "largest_topics": "Largest topics", "by_year": "Archive by year",
        "topic": "Topic", "articles": "Articles", "related": "More on this topic",
        "neighbours": "Related in this archive", "all_topics": "All topics",
        "archived": "archived", "year": "Year",
        "removed": "Hidden: the publisher's standard text ({n} paragraphs)",
        "removed_one": "Hidden: the publisher's standard text (1 paragraph)",
        "reading": "{n} min read", "original": "Original", "not_archived": "not in this archive", "date": "Date",
        "updated": "updated",
        "newer": "← Newer", "older": "Older →", "page_of": "Page {n} of {total}", "page": "{title}, page {n}",
        "made_with": "Made with {link}",
        "feed": "New articles as an Atom feed", "feed_topic": "New articles on this topic as an Atom feed",
        "search_lead": "Search (titles, openings)", "search_titles": "Search (titles only)",
        "not_found": "Page not found",
        "moved": "This article has a new address", "moved_link": "go to the article",
        "not_found_text": "There is nothing (any more) at this address in this archive. Try the search above, "
                          "or start again from the home page.",
    },
}


def labels(language: str) -> dict[str, str]:
    """UI words for the generated pages in ``language`` (English if unknown)."""
    return LABELS.get(language, LABELS["en"])


def format_date(when: date, precision: str, language: str) -> str:
    """A date as a reader of ``language`` writes it, at the given precision."""
    lang = language if language in MONTH_NAMES else "en"
    month = MONTH_NAMES[lang][when.month - 1]
    if precision == "year":
        return str(when.year)
    if precision == "month":
        return f"{_RU_NOMINATIVE[when.month - 1] if lang == 'ru' else month} {when.year}"
    if lang == "de":
        text = f"{when.day}. {month} {when.year}"
    elif lang == "ru":
        text = f"{when.day} {month} {when.year}"
    else:  # "5 June 2023": read alike in Britain and America, and as an archived day is written
        text = f"{when.day} {month} {when.year}"
    if precision == "archived":
        return f"{labels(lang)['archived']} {text}" if lang != "ru" else f"архивировано {text}"
    return text


# What a page may name as a text's language: the value goes into HTML attributes unescaped.
_LANGUAGE_TAG = re.compile(r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*")


def other_language(language: object, site_language: str) -> str:
    """``language`` when a text in it is to be marked on the site's pages (``lang``): a language tag other
    than the site's and "und" (undetermined); else "". A screen reader reads a Russian article's title on
    a German site as Russian only when it is so marked."""
    # The site's own first: most articles are in it, and this runs for each of an article's neighbours.
    if language == site_language or not isinstance(language, str) or language == "und" \
            or not _LANGUAGE_TAG.fullmatch(language):
        return ""
    return language


def tag_language(name: str, site_language: str) -> str:
    """The language to mark a topic's name with on the site's pages (see ``other_language``): Russian for a
    name in Cyrillic letters ("Вельсбург"), as of the languages topics are found in (German, English,
    Russian) Russian alone is written in them; else "" (a name in Latin letters may be any of the others)."""
    if site_language != "ru" and any("\u0400" <= c <= "\u04ff" for c in name):
        return "ru"
    return ""


# Languages written from right to left (their primary subtags).
_RIGHT_TO_LEFT = frozenset({"ar", "arc", "ckb", "dv", "fa", "he", "iw", "ps", "sd", "syr", "ug", "ur", "yi"})


def right_to_left(language: str) -> bool:
    """Whether ``language`` (a language tag) is written from right to left."""
    return language.split("-", 1)[0].lower() in _RIGHT_TO_LEFT


def site_words_attributes(site_language: str, own: str) -> str:
    """The HTML attributes that mark the site's words inside a text in ``own``, the article's language: the
    site's ``lang``, and ``dir="ltr"`` inside a text written from right to left."""
    return f' lang="{site_language}" dir="ltr"' if right_to_left(own) else f' lang="{site_language}"'


def language_attributes(language: str) -> str:
    """The HTML attributes that mark a text in ``language`` (``other_language``'s answer): its ``lang``, and
    ``dir="rtl"`` for one written from right to left, which the site's pages are not (an Arabic text was
    drawn left to right, its full stops at the wrong end); "" for ""."""
    if not language:
        return ""
    return f' lang="{language}" dir="rtl"' if right_to_left(language) else f' lang="{language}"'
