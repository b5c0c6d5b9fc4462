"""Give every article its page path and resolve headlines to internal links."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from slugify import slugify

from .memo import Memo
from .model import Article, Figure, Image, Related, evolve
from .textnorm import SIMILARITY_THRESHOLD, fold

# German transliteration (ä → ae) instead of unidecode's plain ä → a.
_GERMAN = [["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"], ["ß", "ss"]]
MAX_SLUG = 80
ARTICLES = "articles/"  # the folder of the article pages; the others are listings and feeds


def make_slug(title: str) -> str:
    """URL-safe slug: German umlauts spelled out, other scripts transliterated."""
    return slugify(title, replacements=_GERMAN, max_length=MAX_SLUG, word_boundary=True)


def assign_paths(articles: Sequence[Article], cache_file: Path | None = None) -> list[Article]:
    """Set ``Article.path`` to ``articles/<yyyy>/<slug>.md``, unique and stable.

    Articles are taken in source-file order, so the same archive always gives
    the same paths whatever order the files were read in. ``cache_file`` keeps
    the slugs between runs (transliteration is the costly part).
    """
    paths = page_paths(articles, cache_file)
    return [article if article.path == paths[article.key] else evolve(article, path=paths[article.key])
            for article in articles]


def link_articles(articles: Sequence[Article], cache_file: Path | None = None) -> list[Article]:
    """``link_related(assign_paths(articles, cache_file))``, making one new article per article, not two."""
    return link_related(articles, page_paths(articles, cache_file))


def page_paths(articles: Sequence[Article], cache_file: Path | None = None) -> dict[str, str]:
    """The page path of each article, by its key, as ``assign_paths`` sets them."""
    slugs = Memo(cache_file)
    taken: set[str] = set()
    paths: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.key):
        slug = slugs.get(article.title)
        if slug is None:
            slugs.put(article.title, slug := make_slug(article.title))
        base, folder = _base(article, slug), _folder(article)
        candidate, n = base, 1
        while f"{folder}/{candidate}".casefold() in taken:
            n += 1
            candidate = f"{base}-{n}"
        taken.add(f"{folder}/{candidate}".casefold())
        paths[article.key] = f"{folder}/{candidate}.md"
    slugs.save()
    return paths


def _base(article: Article, slug: str) -> str:
    return slug or f"article-{article.source.id or 'untitled'}"[:MAX_SLUG]


def _folder(article: Article) -> str:
    return f"{ARTICLES}{article.date.year:04d}"


def retitled_path(before: Article, after: Article, paths: Iterable[str]) -> str | None:
    """The page path ``page_paths`` gives an article whose title changed from ``before``'s to ``after``'s,
    when that change moves no other article's page; None when it might. ``paths``: the page paths
    of the archive's other articles.

    An article's path is its title's slug, numbered (``-2``, ``-3``, …) when an article before it (by
    key) in its year took the slug. Another article can be affected only if it tries the old or the
    new path on its way: its slug is one of them, or one of them is a numbered form of its slug.
    Its own path then starts with that slug, and no path in the year's folder may.
    """
    folder = _folder(after)
    bases = [_base(a, make_slug(a.title)).casefold() for a in (before, after)]
    if (before.path or "").casefold() != f"{folder}/{bases[0]}.md".casefold() or folder != _folder(before):
        return None
    roots = set(bases)
    for base in bases:
        root, _, number = base.rpartition("-")
        if number.isdigit():
            roots.add(root)
    prefix = f"{folder}/".casefold()
    for path in paths:
        stem = path.casefold()
        if stem.startswith(prefix):
            stem = stem[len(prefix):].removesuffix(".md")
            if any(stem == root or stem.startswith(root + "-") for root in roots):
                return None
    return f"{folder}/{_base(after, make_slug(after.title))}.md"


def headline_matches(titles: Iterable[str], headlines: Sequence[str]) -> bool:
    """Whether one of ``headlines`` (folded, see ``headline_keys``) would link to an article with one of
    ``titles``: the same after folding, or at least ``SIMILARITY_THRESHOLD`` % similar."""
    return any(process.extractOne(fold(title), headlines, scorer=fuzz.ratio, score_cutoff=SIMILARITY_THRESHOLD)
               for title in titles)


def headline_keys(articles: Iterable[Article], cache_file: Path | None = None) -> list[str]:
    """Every headline ``link_related`` resolves in ``articles`` (related headlines, the alt texts of
    figures), folded, each once. ``cache_file`` keeps the folded headlines between runs."""
    headlines: dict[str, None] = {}  # as written: most are other articles' titles, written alike
    for article in articles:
        headlines.update(dict.fromkeys(r.title for r in article.related))
        if Figure in map(type, article.body):
            headlines.update(dict.fromkeys(b.image.alt for b in article.body if isinstance(b, Figure) and b.image.alt))
    folded = Memo(cache_file)
    keys: dict[str, None] = {}
    for headline in headlines:
        key = folded.get(headline)
        if key is None:
            folded.put(headline, key := fold(headline))
        keys[key] = None
    folded.save()
    return list(keys)


def link_related(articles: Sequence[Article], paths: Mapping[str, str] | None = None) -> list[Article]:
    """Resolve related headlines and teaser figures to the archive's pages.

    A headline links when it equals an article's title after folding quotes,
    dashes, case and whitespace, or is at least 90 % similar to one. A body
    figure whose alt text is another article's headline is a teaser: it moves
    from the body to ``related``. ``paths``, when given, are the articles' page paths (by key), set
    on them here, as ``page_paths`` makes them.
    """
    path_of: Callable[[Article], str | None] = (lambda a: a.path) if paths is None else (lambda a: paths[a.key])
    folded = functools.cache(fold)  # teasers repeat other articles' titles: each headline folded once
    index: dict[str, str] = {}
    for article in sorted(articles, key=lambda a: a.key):
        index.setdefault(folded(article.title), path_of(article) or "")
    by_length = _LengthIndex(list(index))

    @functools.cache
    def resolve(headline: str) -> str | None:
        key = folded(headline)
        url = index.get(key)
        if url is None:
            found = process.extractOne(key, by_length.candidates(len(key)), scorer=fuzz.ratio,
                                       score_cutoff=SIMILARITY_THRESHOLD)
            url = index[found[0]] if found else None
        return url

    result = []
    for article in articles:
        path = path_of(article)
        body, related = [], list(article.related)
        teasers = False
        if Figure in map(type, article.body):  # most bodies are all text: nothing to look at
            for block in article.body:
                if isinstance(block, Figure) and block.image.alt and (target := resolve(block.image.alt)):
                    if target != path:
                        related.append(Related(block.image.alt))
                    teasers = True
                    continue
                body.append(block)
        linked: dict[str, Related] = {}
        for item in related:
            url = resolve(item.title)
            if url == path:
                continue
            linked.setdefault(url or folded(item.title), Related(item.title, url))
        # Most articles keep their body and, re-linked, their related list: such fields are kept as they are.
        changes: dict[str, object] = {}
        if teasers:
            changes["body"] = tuple(body)
        if (links := tuple(linked.values())) != article.related:
            changes["related"] = links
        if path != article.path:
            changes["path"] = path
        result.append(evolve(article, **changes) if changes else article)
    return result


@dataclass(frozen=True, slots=True)
class Links:
    """What ``link_articles`` made of one article: its page path, its related headlines (linked), and
    the images of the teaser figures it moved from the body to them."""

    path: str | None
    related: tuple[Related, ...]
    teasers: tuple[Image, ...]


def links_of(before: Article, after: Article) -> Links:
    """The links of ``after``, which ``link_articles`` made of ``before``."""
    if before.body is after.body:
        return Links(after.path, after.related, ())
    kept = set(map(id, after.body))
    teasers = tuple(b.image for b in before.body if isinstance(b, Figure) and id(b) not in kept)
    return Links(after.path, after.related, teasers)


def relink(article: Article, links: Links) -> Article:
    """``article`` as ``link_articles`` links it, given the ``links`` it made of the article in an
    earlier run: the same, as long as the article's figures and related headlines and the archive's
    titles are as they were then."""
    body = article.body
    if links.teasers:
        body = tuple(b for b in body if not (isinstance(b, Figure) and b.image in links.teasers))
    return evolve(article, body=body, related=links.related, path=links.path)


class _LengthIndex:
    """Fuzzy-match candidates by length, in their original order.

    ``fuzz.ratio`` is ``100 · (1 − d / (len(a) + len(b)))`` with an edit distance ``d`` of at least
    ``|len(a) − len(b)|``, so a key scoring ≥ SIMILARITY_THRESHOLD has a length within a window
    around the query's. Keys outside it cannot match: leaving them out gives ``extractOne`` the
    same answer (the first best key in the original order), without comparing every title of the
    archive with every unknown headline.
    """

    def __init__(self, keys: Sequence[str]) -> None:
        self.keys = keys
        self.lengths: dict[int, list[int]] = {}
        for position, key in enumerate(keys):
            self.lengths.setdefault(len(key), []).append(position)
        self.cache: dict[int, list[str]] = {}

    def candidates(self, length: int) -> list[str]:
        found = self.cache.get(length)
        if found is None:
            share = 1 - SIMILARITY_THRESHOLD / 100  # |la − lb| ≤ share · (la + lb)
            low = math.floor(length * (1 - share) / (1 + share)) - 1
            high = math.ceil(length * (1 + share) / (1 - share)) + 1
            positions = sorted(p for n in range(max(low, 0), high + 1) for p in self.lengths.get(n, ()))
            found = self.cache[length] = [self.keys[p] for p in positions]
        return found
