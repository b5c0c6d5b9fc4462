"""Remove publisher boilerplate: configured patterns plus corpus-level repeats.

Removed paragraphs move to ``Article.removed``; nothing disappears silently.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
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
# and the folded paragraphs' first HEAD characters joined by NUL, in UTF-8 (a tuple of texts if one holds
# a NUL). The parse cache holds one per article: two objects load several times faster than a key object
# per paragraph, and bytes leave no UTF-8 copy behind when pickled (see ``model._reduce_article``).
ParagraphKeys = tuple[bytes, bytes | tuple[str, ...]]


def paragraph_keys(article: Article) -> ParagraphKeys:
    """The keys of ``article.paragraphs``, in order (computed once per file and cached)."""
    digests, heads = [], []
    for text in article.paragraphs:
        folded = fold(text)
        digests.append(hashlib.blake2b(folded.encode("utf-8", "surrogatepass"), digest_size=_DIGEST).digest())
        heads.append(folded[:HEAD])
    joined = "\0".join(heads)
    if joined.count("\0") != max(len(heads) - 1, 0):
        return b"".join(digests), tuple(heads)
    return b"".join(digests), joined.encode("utf-8", "surrogatepass")


def _digests(joined: bytes) -> list[bytes]:
    """The paragraph digests that ``paragraph_keys`` joined, in order."""
    return [joined[i:i + _DIGEST] for i in range(0, len(joined), _DIGEST)]


def _heads(keys: ParagraphKeys) -> Sequence[str]:
    heads = keys[1]
    if not isinstance(heads, bytes):
        return heads
    return heads.decode("utf-8", "surrogatepass").split("\0") if keys[0] else []


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
    counts of repeated paragraphs between runs, so that a re-run counts only the
    paragraphs that changed.
    """
    if keys is None:
        keys = [paragraph_keys(article) for article in articles]
    matches_pattern = _matcher(config) if config.patterns else None
    minimum = config.min_repeats
    repeated = {digest for digest, count in _shared(articles, keys, cache_file).items() if count >= minimum}

    result: list[Article] = []
    removed_texts: list[str] = []  # each article's removed paragraphs, once per article, in article order
    # One string for each removed text, shared by all the articles of this run that repeat it. Each article's
    # own copy would outlive a large archive's paragraphs (see spill.py) in the middle of the memory they
    # free, and keep that memory from serving other objects (see model.load_articles).
    texts: dict[str, str] = {}
    for article, article_keys in zip(articles, keys, strict=True):
        article, removed = _strip(article, article_keys, repeated, matches_pattern, texts)
        removed_texts.extend(removed)
        result.append(article)
    removed_counter = Counter(removed_texts)
    report = BoilerplateReport(sum(removed_counter.values()), tuple(removed_counter.most_common(10)))
    return result, report


Stripper = Callable[[Article, ParagraphKeys], tuple[Article, list[str]]]


def stripper_after_edits(articles: Sequence[Article], config: BoilerplateConfig, keys: Sequence[ParagraphKeys],
                         cache_file: Path, removed: Collection[str] = ()) -> Stripper | None:
    """For a few edited or added articles of the archive whose counts ``cache_file`` keeps (see
    ``_shared``), and the articles ``removed`` from it (by key): if the edits leave the set of repeated
    paragraphs as it was, so that no other article's boilerplate changes, what ``remove_boilerplate``
    does to one article (given its keys): the article stripped, and its removed paragraphs, each once.
    The counts, corrected by the edits, are kept. None (nothing written) otherwise."""
    memo = Memo(cache_file)
    stored = memo.get("shared")
    if stored is None:
        return None
    before, shared = stored
    kept = {key: joined for key, joined in before.items() if key not in removed} if removed else before
    counted = {**kept, **{a.key: k[0] for a, k in zip(articles, keys, strict=True)}}
    corrected = shared if counted == before else _corrected(before, shared, counted)
    minimum = config.min_repeats
    repeated = {digest for digest, count in shared.items() if count >= minimum}
    if repeated != {digest for digest, count in corrected.items() if count >= minimum}:
        return None
    if corrected is not shared:
        memo.put("shared", (counted, corrected))
        memo.save()
    matches_pattern = _matcher(config) if config.patterns else None
    return lambda article, article_keys: _strip(article, article_keys, repeated, matches_pattern)


def _strip(article: Article, keys: ParagraphKeys, repeated: set[bytes],
           matches_pattern: Callable[[str, str], bool] | None, texts: dict[str, str] | None = None
           ) -> tuple[Article, list[str]]:
    """``article`` without its boilerplate paragraphs, and those paragraphs (each once); each removed text
    the one string ``texts`` holds for it, if given."""
    digests = _digests(keys[0])
    # Articles without boilerplate: one set operation tells, without a look at each paragraph.
    if matches_pattern is None and repeated.isdisjoint(digests):
        return article, []
    body = article.body
    matched: list[int] = []  # the blocks a pattern removes
    if matches_pattern is None and len(body) == len(digests):  # paragraphs only: the keys line up
        repeats = [i for i, digest in enumerate(digests) if digest in repeated]  # the blocks removed as repeated
    else:
        heads = _heads(keys) if matches_pattern is not None else ()
        repeats = []
        n = 0
        for i, block in enumerate(body):
            if isinstance(block, Paragraph):
                n += 1
                if digests[n - 1] in repeated:
                    repeats.append(i)
                elif matches_pattern is not None and matches_pattern(block.text, heads[n - 1]):
                    matched.append(i)
    if repeats:
        # A reporter's byline is in each of their articles: repeated, but the article's own line.
        repeats = [i for i in repeats if not body[i].is_byline]  # type: ignore[union-attr]
    words = [len(body[i].text.split()) for i in repeats]  # type: ignore[union-attr]
    if words and min(words) < _SHORT_WORDS:
        # A short repeated paragraph between two of the article's own is its text: an interview's "Nein.", a
        # heading "Zur Person" in several articles. A publisher's line stands before the text or after it.
        gone = {*repeats, *matched}
        own = [i for i, block in enumerate(body) if i not in gone and isinstance(block, Paragraph)]
        short = {i for i, count in zip(repeats, words, strict=True)
                 if count < _SHORT_WORDS and own and own[0] < i < own[-1]
                 and body[i].text.strip(" .:-–—*[]()").casefold() not in _AD_MARKERS}  # type: ignore[union-attr]
        words = [count for i, count in zip(repeats, words, strict=True) if i not in short]
        repeats = [i for i in repeats if i not in short]
    if not repeats and not matched:
        return article, []
    gone = set(repeats).union(matched) if matched else set(repeats)
    kept = [block for i, block in enumerate(body) if i not in gone]
    removed: list[str] = [body[i].text for i in (sorted(gone) if matched else repeats)]  # type: ignore[union-attr]
    if not any(isinstance(block, Paragraph) and not block.is_credit for block in kept) \
            and sum(words) >= _REPORT_WORDS:
        return _syndicated(article, keys, matches_pattern, texts)
    if texts is not None:
        removed = [texts.setdefault(text, text) for text in removed]
    return evolve(article, body=tuple(kept), removed=article.removed + tuple(removed)), list(dict.fromkeys(removed))


# A repeated paragraph of fewer words, between two of an article's own, is its text (see _strip), unless it
# marks an advertisement, which stands between paragraphs too.
_SHORT_WORDS = 4
_AD_MARKERS = frozenset({"anzeige", "werbung", "advertisement", "sponsored", "sponsored content", "реклама",
                         "publicité", "publicite"})
# Repeated paragraphs of at least this many words in all, that would leave an article no text of its own (a
# picture's credit or a source line is none; a byline is, as a video's page has it): a report, not a footer (a
# scrape that caught a publisher's footer alone keeps its empty page).
_REPORT_WORDS = 40


def _syndicated(article: Article, keys: ParagraphKeys, matches_pattern: Callable[[str, str], bool] | None,
                texts: dict[str, str] | None) -> tuple[Article, list[str]]:
    """An article all of whose text other articles hold too: an agency's report under several headlines,
    not a publisher's footer. Its repeated paragraphs stay its text (removed, it showed a headline over
    an empty page, and search found none of its words); a configured pattern still removes what it matches."""
    stripped, removed = _strip(article, keys, set(), matches_pattern, texts)  # the patterns alone
    if not any(isinstance(block, Paragraph) for block in stripped.body):  # they take all of it
        return stripped, removed
    note = "all its text is in other articles too (an agency's report?): kept as its text, not as boilerplate"
    return evolve(stripped, warnings=(*stripped.warnings, note)), removed


def _shared(articles: Sequence[Article], keys: Sequence[ParagraphKeys], cache_file: Path | None) -> dict[bytes, int]:
    """In how many articles each folded paragraph occurs, for those in two or more (``min_repeats``
    is at least 2). Most paragraphs occur in one article only: without them, the counts kept
    between runs are a few thousand entries rather than a hundred thousand, quick to load and save.

    With ``cache_file``, the counts of the last run are corrected by the paragraphs that the
    changed, new and removed articles gained or lost (an edit changes one or two articles of
    thousands), so that the result is the count over ``articles``, as made from scratch.
    """
    counted = {article.key: article_keys[0] for article, article_keys in zip(articles, keys, strict=True)}
    if len(counted) != len(articles):  # articles sharing a key: no per-article bookkeeping, count them all
        return _count(article_keys[0] for article_keys in keys)
    memo = Memo(cache_file)
    stored = memo.get("shared")
    if stored is not None and stored[0] == counted:
        return stored[1]
    shared = _count(counted.values()) if stored is None else _corrected(*stored, counted)
    memo.put("shared", (counted, shared))
    memo.save()
    return shared


def _count(joined_keys: Iterable[bytes]) -> dict[bytes, int]:
    counts = Counter(chain.from_iterable(map(_split, joined_keys)))
    return {digest: count for digest, count in counts.items() if count > 1}


def _corrected(before: Mapping[str, bytes], shared: Mapping[bytes, int], counted: Mapping[str, bytes]
               ) -> dict[bytes, int]:
    """``shared``, the counts over the articles ``before``, made the counts over the articles ``counted``
    (each a map from article key to its joined paragraph digests)."""
    change: Counter[bytes] = Counter()  # how many more articles hold the paragraph than before
    held: set[bytes] = set()  # paragraphs that some article held before, of those that matter here
    for key, joined in counted.items():
        old = before.get(key, b"")
        if old != joined:
            # Paragraphs an edit kept count as before: only those it added or took away change.
            new_set, old_set = _split(joined), _split(old)
            change.update(new_set - old_set)
            change.subtract(old_set - new_set)
            held |= old_set
    for key in before.keys() - counted.keys():
        old_set = _split(before[key])
        change.subtract(old_set)
        held |= old_set
    # A paragraph the counts leave out occurred in one article or none. In one if a changed article
    # held it before, or else if an unchanged one holds it: one search of them all for each new
    # paragraph, a set of them all for many.
    unknown = [digest for digest in change if digest not in shared and digest not in held]
    if unknown:
        everything = b"".join(before.values())
        if len(unknown) > _SEARCHED_ONE_BY_ONE:
            held |= _split(everything) & set(unknown)
        else:
            held.update(digest for digest in unknown if _holds(everything, digest))
    result = dict(shared)
    for digest, delta in change.items():
        count = result.get(digest, 1 if digest in held else 0) + delta
        if count > 1:
            result[digest] = count
        else:
            result.pop(digest, None)
    return result


# New paragraphs looked up by a search of all articles' digests each, rather than by a set of them all:
# at 10,000 articles (2.2 MB of digests) a search takes 0.38 ms and the set 44 ms, both growing with
# the archive. A new article copied from another (or quoting one) brings a dozen or two.
_SEARCHED_ONE_BY_ONE = 100


def _holds(joined: bytes, digest: bytes) -> bool:
    """Whether ``digest`` is one of the digests ``joined`` (not a run of bytes straddling two)."""
    at = joined.find(digest)
    while at != -1 and at % _DIGEST:
        at = joined.find(digest, at + 1)
    return at != -1


def _split(joined: bytes) -> set[bytes]:
    """The distinct digests of joined digests: an article counts each paragraph once."""
    return set(_digests(joined))
