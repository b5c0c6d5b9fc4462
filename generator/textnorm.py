"""Folding of typographic variants, shared by the stages that compare text."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz

_QUOTES = dict.fromkeys(map(ord, "„“”‟«»‹›‚‘’‛`´\"'"), None)
_DASHES = dict.fromkeys(map(ord, "‐‑‒–—―−"), "-")
_SPACE = re.compile(r"\s+")

SIMILARITY_THRESHOLD = 90.0


def fold(text: str) -> str:
    """Compare-key for headlines and paragraphs: quotes dropped, dashes unified,
    case and whitespace folded, so „A“ – b and "a" - B compare equal."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).translate(_DASHES)
    return _SPACE.sub(" ", text).strip(" .:").casefold()


def similar(a: str, b: str) -> bool:
    """True when two headlines are the same up to small differences (≥ 0.9)."""
    fa, fb = fold(a), fold(b)
    return fa == fb or fuzz.ratio(fa, fb) >= SIMILARITY_THRESHOLD
