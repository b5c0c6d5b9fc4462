"""Folding of typographic variants, shared by the stages that compare text."""

from __future__ import annotations

import unicodedata

from rapidfuzz import fuzz

# One str.replace per character, not str.translate tables (which look every character up in a dict,
# ~40x slower on non-ASCII text) nor a regex character class (a third slower than these scans, each
# as quick as a memchr): fold runs on every paragraph of the archive.
_QUOTES = "„“”‟«»‹›‚‘’‛`´\"'"
_DASHES = "‐‑‒–—―−"

SIMILARITY_THRESHOLD = 90.0

# German umlauts and ß spelled out, as German writes them without those letters ("Fähre" as "Faehre").
UMLAUTS_SPELLED = {"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"}
_UMLAUTS_SPELLED = str.maketrans(UMLAUTS_SPELLED)


def spell_umlauts(text: str) -> str:
    """``text`` with its umlauts and ß spelled out (``Fernwärme`` → ``Fernwaerme``)."""
    return text.translate(_UMLAUTS_SPELLED)


# Letters that Unicode does not decompose but that are written without their stroke in plain spellings.
_PLAIN_LETTERS = str.maketrans({"ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "æ": "ae",
                                "Æ": "Ae", "œ": "oe", "Œ": "Oe", "’": "'"})


def fold(text: str) -> str:
    """Compare-key for headlines and paragraphs: quotes dropped, dashes unified,
    case and whitespace folded, so „A“ – b and "a" - B compare equal."""
    text = unicodedata.normalize("NFKC", text)
    for quote in _QUOTES:
        if quote in text:
            text = text.replace(quote, "")
    for dash in _DASHES:
        if dash in text:
            text = text.replace(dash, "-")
    return _collapse(text).strip(" .:").casefold()


def _collapse(text: str) -> str:
    """Runs of whitespace as one space, none at the ends: ``" ".join(text.split())``."""
    # Most paragraphs have nothing to collapse, and finding that out is 5x quicker than splitting
    # them into words: every whitespace character but the space is unprintable.
    if text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " ":
        return text
    return " ".join(text.split())  # like re.sub(r"\s+", " ", …), 5x faster


def similar(a: str, b: str) -> bool:
    """True when two headlines are the same up to small differences (≥ 0.9)."""
    fa, fb = fold(a), fold(b)
    return fa == fb or fuzz.ratio(fa, fb) >= SIMILARITY_THRESHOLD


def fold_diacritics(text: str) -> str:
    """Compare-key for words: no diacritics, case-folded (``Orbán`` → ``orban``, ``Tromsø`` → ``tromso``,
    ``ß`` → ``ss``), so that spellings with and without accents meet."""
    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text.translate(_PLAIN_LETTERS))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
