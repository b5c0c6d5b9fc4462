"""Short forms the archive spells out: "Deutscher Gewerkschaftsbund (DGB)".

The tag stage makes "DGB" and "Deutscher Gewerkschaftsbund" two topics unless ``tags.aliases`` joins them.
It does not join them itself: "Carla Dunkel (CDU)" has the same shape as "Christlich Demokratische Union
(CDU)", and a person folded into a party would be worse than two topics. ``archive-site check`` lists what
the archive spells out, as lines to paste under ``tags.aliases``, and the archive's owner decides.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .model import Article, link_words
from .textnorm import fold_diacritics

# A short form in brackets: two to eight letters, the first and the last capitals, two capitals at least
# ("DGB", "AfD", "EZB", "BAMF"; not "(dpa)", "(Foto)").
_SHORT = re.compile(r"\((?P<short>[A-ZÄÖÜ][A-Za-zÄÖÜäöüß]{0,6}[A-ZÄÖÜ])\)")
_WORDS_BEFORE = 8  # words a full name may have
# Small words inside a full name ("Bundesamt für Migration und Flüchtlinge", "Bank of England").
_PARTICLES = {"für", "und", "der", "des", "den", "dem", "die", "zur", "zum", "von", "of", "the", "for", "and", "on",
              "de", "du", "la", "le", "et", "pour"}
_EDGE = "„“\"‚‘'«»()[],;:."
# Articles spelling a short form out the same way before it is listed (one article may be a slip).
FEWEST_ARTICLES = 2


@dataclass(frozen=True)
class SpelledOut:
    """A short form and the full name the archive writes before it in brackets, in ``articles`` articles."""

    short: str
    full: str  # as the archive writes it most often, or that spelling's nominative
    articles: int

    @property
    def alias_line(self) -> str:
        """The line of ``tags.aliases`` that makes the short form count toward the full name."""
        return f"{self.short}: {self.full}"


def spelled_out(articles: Iterable[Article], aliases: Mapping[str, str] | None = None) -> list[SpelledOut]:
    """The short forms ``articles`` spell out, in at least FEWEST_ARTICLES articles each, most articles first;
    none that ``aliases`` (``tags.aliases``) already names, as variant or as tag."""
    named = {fold_diacritics(text) for pair in (aliases or {}).items() for text in pair}
    # (short, full's _stem) → its spellings, each counted once per article: their sum is its articles
    found: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for article in articles:
        pairs = {}
        text = article.text  # title and text, a line each
        if "(" in text:
            text = link_words(text)  # "[Deutscher Gewerkschaftsbund](…) (DGB)"
            for match in _SHORT.finditer(text):
                line = text[text.rfind("\n", 0, match.start()) + 1:match.start()]  # no name reaches a line above
                full = _full_name(line.split()[-_WORDS_BEFORE:], match["short"])
                if full:
                    pairs[match["short"], _stem(full)] = full
        for key, full in pairs.items():
            found[key][full] += 1
    best: dict[str, SpelledOut] = {}
    for (short, _), spellings in found.items():
        n = spellings.total()
        if n < FEWEST_ARTICLES or fold_diacritics(short) in named or \
                named.intersection(map(fold_diacritics, spellings)):
            continue
        # The shortest of the most frequent spelling's cases, its nominative ("Deutsche Gewerkschaftsbund" where
        # most articles write "des Deutschen Gewerkschaftsbundes (DGB)"). Not merely the shortest spelling: a
        # typo's ("Gewerkschaftbund") or an abbreviation's ("Kassenärztl.").
        usual = min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
        full = min((spelling for spelling in spellings if _declines(spelling, usual)), key=lambda s: (len(s), s))
        if short not in best or n > best[short].articles:  # two full names for one short form: the usual one
            best[short] = SpelledOut(short, full, n)
    return sorted(best.values(), key=lambda s: (-s.articles, s.short))


def _full_name(words: list[str], short: str) -> str | None:
    """The full name ``short`` stands for at the end of ``words`` (those before its bracket), or None: the
    fewest words ending there that start with a capital, hold only capitalised words and small words
    between, whose capitals are letters of the short form in its order, and whose letters hold the short
    form's in order ("Deutscher Gewerkschaftsbund" for "DGB", not "Der Deutsche Gewerkschaftsbund")."""
    words = [w.strip(_EDGE) for w in words]
    letters = fold_diacritics(short)
    for start in range(len(words) - 1, -1, -1):
        name = words[start:]
        if not name[-1] or not all(w[:1].isupper() or w in _PARTICLES for w in name) or name[-1] in _PARTICLES:
            return None  # a word that is neither: the name cannot reach further back
        first = name[0]
        if not first[:1].isupper() or fold_diacritics(first[0]) != letters[0]:
            continue
        initials = "".join(fold_diacritics(w[0]) for w in name if w[:1].isupper())
        # One word for a short form of three letters or more: German writes "Bundesnachrichtendienst (BND)".
        if (len(name) >= 2 or len(letters) >= 3) and _in_order(initials, letters) \
                and _in_order(letters, fold_diacritics("".join(name))):
            return " ".join(name)
    return None


def _declines(declined: str, base: str) -> bool:
    """Whether ``declined`` and ``base`` are one name in other cases: their words the same but for a case's
    ending ("Deutschen Gewerkschaftsbundes", "Deutscher Gewerkschaftsbund"; "Allgemeinem", "Allgemeiner")."""
    return _CASE_ENDING.sub("", declined) == _CASE_ENDING.sub("", base)


_CASE_ENDING = re.compile(r"(?:es|en|em|er|e|n|s|r|m)\b")


def _stem(full: str) -> str:
    """What the spellings of one full name share, inflected or not ("Europäische Zentralbank", "der
    Europäischen Zentralbank"): each word's first five letters."""
    return " ".join(fold_diacritics(word)[:5] for word in full.split())


def _in_order(part: str, whole: str) -> bool:
    """Whether the letters of ``part`` stand in ``whole`` in the same order (not necessarily side by side)."""
    rest = iter(whole)
    return all(letter in rest for letter in part)
