"""Remove publisher boilerplate: configured patterns plus corpus-level repeats.

Removed paragraphs move to ``Article.removed``; nothing disappears silently.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from .config import BoilerplateConfig, RegexPattern
from .memo import Memo
from .model import Article, Paragraph, evolve
from .textnorm import fold

# Literal patterns are compared with the start of a folded paragraph; keeping only the start (and a
# digest of the whole for counting repeats) keeps the cached keys small.
HEAD = 96
_DIGEST = 12  # bytes

# An article's paragraph keys, packed: the digests of its folded paragraphs, joined (_DIGEST bytes each),
# and the folded paragraphs' first HEAD characters joined by NUL (a tuple if one holds a NUL). The
# parse cache holds one per article: two objects load several times faster than a key object per paragraph.
ParagraphKeys = tuple[bytes, str | tuple[str, ...]]


def paragraph_keys(article: Article) -> ParagraphKeys:
    """The keys of ``article.paragraphs``, in order (computed once per file and cached)."""
    digests, heads = [], []
    for text in article.paragraphs:
        folded = fold(text)
        digests.append(hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=_DIGEST).digest())
        heads.append(folded[:HEAD])
    joined = "\0".join(heads)
    return b"".join(digests), tuple(heads) if joined.count("\0") != max(len(heads) - 1, 0) else joined


def _digests(keys: ParagraphKeys) -> list[bytes]:
    joined = keys[0]
    return [joined[i:i + _DIGEST] for i in range(0, len(joined), _DIGEST)]


def _heads(keys: ParagraphKeys) -> Sequence[str]:
    heads = keys[1]
    if not isinstance(heads, str):
        return heads
    return heads.split("\0") if keys[0] else []


@dataclass(frozen=True)
class BoilerplateReport:
    """What was removed, for ``archive-site check``."""

    removed_total: int
    most_common: tuple[tuple[str, int], ...]  # (paragraph, number of articles)


def _matcher(config: BoilerplateConfig) -> Callable[[str, str], bool]:
    # A pattern that folds to nothing ("", "„“") would be a prefix of every paragraph.
    prefixes = tuple(key for p in config.patterns if isinstance(p, str) and (key := fold(p)))
    regexes = [re.compile(p.regex, re.IGNORECASE) for p in config.patterns if isinstance(p, RegexPattern)]
    short = all(len(prefix) <= HEAD for prefix in prefixes)

    def matches(text: str, head: str) -> bool:
        # Literal prefixes are compared with the folded paragraph (quotes, dashes and case folded).
        folded = head if short or len(head) < HEAD else fold(text)
        return folded.startswith(prefixes) or any(r.search(text) for r in regexes)

    return matches


def remove_boilerplate(
    articles: Sequence[Article], config: BoilerplateConfig,
    keys: Sequence[ParagraphKeys] | None = None, cache_file: Path | None = None,
) -> tuple[list[Article], BoilerplateReport]:
    """Strip boilerplate from every article's body.

    A paragraph is boilerplate when it matches a configured pattern (a literal
    prefix or a ``regex``) or when, folded, it occurs in at least
    ``min_repeats`` different articles of the archive. ``keys`` are the
    articles' ``paragraph_keys``, when already known. ``cache_file`` keeps the
    archive's paragraph counts between runs, so that a re-run counts only the
    articles whose paragraphs changed.
    """
    if keys is None:
        keys = [paragraph_keys(article) for article in articles]
    matches_pattern = _matcher(config) if config.patterns else None
    occurrences = _occurrences(articles, keys, cache_file)
    minimum = config.min_repeats
    repeated = {digest for digest, count in occurrences.items() if count >= minimum}

    result: list[Article] = []
    removed_texts: list[str] = []  # each article's removed paragraphs, once per article, in article order
    for article, article_keys in zip(articles, keys, strict=True):
        digests = _digests(article_keys)
        # Articles without boilerplate: one set operation tells, without a look at each paragraph.
        if matches_pattern is None and repeated.isdisjoint(digests):
            result.append(article)
            continue
        body = article.body
        kept, removed = [], []
        if matches_pattern is None and len(body) == len(digests):  # paragraphs only: the keys line up
            for block, digest in zip(body, digests, strict=True):
                if digest in repeated:
                    removed.append(block.text)  # type: ignore[union-attr]  # all paragraphs here
                else:
                    kept.append(block)
        else:
            heads = _heads(article_keys) if matches_pattern is not None else ()
            n = 0
            for block in body:
                if isinstance(block, Paragraph):
                    n += 1
                    if digests[n - 1] in repeated or (
                            matches_pattern is not None and matches_pattern(block.text, heads[n - 1])):
                        removed.append(block.text)
                        continue
                kept.append(block)
        if removed:
            removed_texts.extend(dict.fromkeys(removed))
            article = evolve(article, body=tuple(kept), removed=article.removed + tuple(removed))
        result.append(article)
    removed_counter = Counter(removed_texts)
    report = BoilerplateReport(sum(removed_counter.values()), tuple(removed_counter.most_common(10)))
    return result, report


def _occurrences(articles: Sequence[Article], keys: Sequence[ParagraphKeys],
                 cache_file: Path | None) -> dict[bytes, int]:
    """In how many articles each folded paragraph occurs.

    With ``cache_file``, the counts of the last run are corrected by the articles whose paragraphs
    differ from what was counted then (an edit changes one or two articles of thousands), so that
    the result is the count over ``articles``, as made from scratch.
    """
    memo = Memo(cache_file)
    counted = {article.key: article_keys[0] for article, article_keys in zip(articles, keys, strict=True)}
    if len(counted) != len(articles):  # articles sharing a key: no per-article bookkeeping, count them all
        counts: Counter[bytes] = Counter()
        for article_keys in keys:
            counts.update(_split(article_keys[0]))
        return counts
    stored = memo.get("counts")
    if stored is None:
        counts = Counter()
        for joined in counted.values():
            counts.update(_split(joined))
    else:
        before, counts = stored
        changed = False
        for key, joined in before.items():
            if counted.get(key) != joined:  # changed or gone: its paragraphs no longer count
                changed = True
                for digest in _split(joined):
                    left = counts[digest] - 1
                    if left:
                        counts[digest] = left
                    else:
                        del counts[digest]
        for key, joined in counted.items():
            if before.get(key) != joined:
                changed = True
                for digest in _split(joined):
                    counts[digest] = counts.get(digest, 0) + 1
        if not changed:
            memo.save()
            return counts
    memo.put("counts", (counted, counts))
    memo.save()
    return counts


def _split(joined: bytes) -> set[bytes]:
    """The distinct digests of joined digests: an article counts each paragraph once."""
    return {joined[i:i + _DIGEST] for i in range(0, len(joined), _DIGEST)}
