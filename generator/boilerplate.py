"""Remove publisher boilerplate: configured patterns plus corpus-level repeats.

Removed paragraphs move to ``Article.removed``; nothing disappears silently.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .config import BoilerplateConfig, RegexPattern
from .model import Article, Paragraph
from .textnorm import fold

# Literal patterns are compared with the start of a folded paragraph; keeping only the start (and a
# digest of the whole for counting repeats) keeps the cached keys small.
HEAD = 96

# A paragraph's compare-key: a digest of the folded text, and the folded text's first HEAD characters.
# A plain tuple: there is one per paragraph of the archive in the parse cache, and tuples load fastest.
ParagraphKey = tuple[bytes, str]


def paragraph_keys(article: Article) -> tuple[ParagraphKey, ...]:
    """The keys of ``article.paragraphs``, in order (computed once per file and cached)."""
    keys = []
    for text in article.paragraphs:
        folded = fold(text)
        keys.append((hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=12).digest(), folded[:HEAD]))
    return tuple(keys)


@dataclass(frozen=True)
class BoilerplateReport:
    """What was removed, for ``archive-site check``."""

    removed_total: int
    most_common: tuple[tuple[str, int], ...]  # (paragraph, number of articles)


def _matcher(config: BoilerplateConfig) -> Callable[[str, ParagraphKey], bool]:
    # A pattern that folds to nothing ("", "„“") would be a prefix of every paragraph.
    prefixes = tuple(key for p in config.patterns if isinstance(p, str) and (key := fold(p)))
    regexes = [re.compile(p.regex, re.IGNORECASE) for p in config.patterns if isinstance(p, RegexPattern)]
    short = all(len(prefix) <= HEAD for prefix in prefixes)

    def matches(text: str, key: ParagraphKey) -> bool:
        # Literal prefixes are compared with the folded paragraph (quotes, dashes and case folded).
        head = key[1]
        folded = head if short or len(head) < HEAD else fold(text)
        return folded.startswith(prefixes) or any(r.search(text) for r in regexes)

    return matches


def remove_boilerplate(
    articles: Sequence[Article], config: BoilerplateConfig,
    keys: Sequence[tuple[ParagraphKey, ...]] | None = None,
) -> tuple[list[Article], BoilerplateReport]:
    """Strip boilerplate from every article's body.

    A paragraph is boilerplate when it matches a configured pattern (a literal
    prefix or a ``regex``) or when, folded, it occurs in at least
    ``min_repeats`` different articles of the archive. ``keys`` are the
    articles' ``paragraph_keys``, when already known.
    """
    if keys is None:
        keys = [paragraph_keys(article) for article in articles]
    matches_pattern = _matcher(config)
    occurrences: Counter[bytes] = Counter()
    for article_keys in keys:
        occurrences.update({digest for digest, _ in article_keys})
    repeated = {digest for digest, count in occurrences.items() if count >= config.min_repeats}

    result: list[Article] = []
    removed_counter: Counter[str] = Counter()
    for article, article_keys in zip(articles, keys, strict=True):
        kept, removed = [], []
        paragraph_key = iter(article_keys)
        for block in article.body:
            if isinstance(block, Paragraph) and (
                    (key := next(paragraph_key))[0] in repeated or matches_pattern(block.text, key)):
                removed.append(block.text)
            else:
                kept.append(block)
        removed_counter.update(dict.fromkeys(removed, 1))
        if removed:
            article = replace(article, body=tuple(kept), removed=article.removed + tuple(removed))
        result.append(article)
    report = BoilerplateReport(sum(removed_counter.values()), tuple(removed_counter.most_common(10)))
    return result, report
