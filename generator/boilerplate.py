"""Remove publisher boilerplate: configured patterns plus corpus-level repeats.

Removed paragraphs move to ``Article.removed``; nothing disappears silently.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from .config import BoilerplateConfig, RegexPattern
from .model import Article, Paragraph
from .textnorm import fold


@dataclass(frozen=True)
class BoilerplateReport:
    """What was removed, for ``archive-site check``."""

    removed_total: int
    most_common: tuple[tuple[str, int], ...]  # (paragraph, number of articles)


def _matcher(config: BoilerplateConfig) -> Callable[[str, str], bool]:
    # A pattern that folds to nothing ("", "„“") would be a prefix of every paragraph.
    prefixes = tuple(key for p in config.patterns if isinstance(p, str) and (key := fold(p)))
    regexes = [re.compile(p.regex, re.IGNORECASE) for p in config.patterns if isinstance(p, RegexPattern)]

    def matches(text: str, folded: str) -> bool:
        # Literal prefixes are compared with the folded paragraph (quotes, dashes and case folded).
        return folded.startswith(prefixes) or any(r.search(text) for r in regexes)

    return matches


def remove_boilerplate(
    articles: Sequence[Article], config: BoilerplateConfig
) -> tuple[list[Article], BoilerplateReport]:
    """Strip boilerplate from every article's body.

    A paragraph is boilerplate when it matches a configured pattern (a literal
    prefix or a ``regex``) or when, folded, it occurs in at least
    ``min_repeats`` different articles of the archive.
    """
    matches_pattern = _matcher(config)
    folded = functools.cache(fold)  # folding is the costly part: each distinct paragraph once
    occurrences: Counter[str] = Counter()
    for article in articles:
        occurrences.update({folded(text) for text in article.paragraphs})
    repeated = {key for key, count in occurrences.items() if count >= config.min_repeats}

    def is_boilerplate(text: str) -> bool:
        key = folded(text)
        return key in repeated or matches_pattern(text, key)

    result: list[Article] = []
    removed_counter: Counter[str] = Counter()
    for article in articles:
        kept, removed = [], []
        for block in article.body:
            if isinstance(block, Paragraph) and is_boilerplate(block.text):
                removed.append(block.text)
            else:
                kept.append(block)
        removed_counter.update(dict.fromkeys(removed, 1))
        if removed:
            article = replace(article, body=tuple(kept), removed=article.removed + tuple(removed))
        result.append(article)
    report = BoilerplateReport(sum(removed_counter.values()), tuple(removed_counter.most_common(10)))
    return result, report
