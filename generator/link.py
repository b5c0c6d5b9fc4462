"""Give every article its page path and resolve headlines to internal links."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from rapidfuzz import fuzz, process
from slugify import slugify

from .memo import Memo
from .model import Article, Figure, Image, Related, evolve
from .textnorm import SIMILARITY_THRESHOLD, UMLAUTS_SPELLED, fold

# German transliteration (ä → ae) instead of unidecode's plain ä → a.
_GERMAN = [list(pair) for pair in UMLAUTS_SPELLED.items()]
MAX_SLUG = 80
ARTICLES = "articles/"  # the folder of the article pages; the others are listings and feeds


def make_slug(title: str) -> str:
    """URL-safe slug: German umlauts spelled out, other scripts transliterated."""
    # text-unidecode named, not python-slugify's "auto": pages keep their addresses when Unidecode gets
    # installed for something else, and no title has slugify look for Unidecode again (a failed
    # import is not remembered: 0.2 s at 10,000 titles in other scripts or with accents).
    return slugify(title, replacements=_GERMAN, max_length=MAX_SLUG, word_boundary=True, backend="text-unidecode")


def assign_paths(articles: Sequence[Article], cache_file: Path | None = None) -> list[Article]:
    """Set ``Article.path`` to ``articles/<yyyy>/<slug>.md``, unique and stable.

    Articles are taken in source-file order, so the same archive always gives
    the same paths whatever order the files were read in. ``cache_file`` keeps
    the slugs between runs (transliteration is the costly part).
    """
    paths = page_paths(articles, cache_file)
    return [article if article.path == paths[article.key] else evolve(article, path=paths[article.key])
            for article in articles]


def link_articles(articles: Sequence[Article], cache_file: Path | None = None,
                  folded: Callable[[str], str] | None = None) -> list[Article]:
    """``link_related(assign_paths(articles, cache_file), folded=folded)``, making one new article per
    article, not two."""
    return link_related(articles, page_paths(articles, cache_file), folded)


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


def retitled_path(before: Article | None, after: Article, paths: Iterable[str]) -> str | None:
    """The page path ``page_paths`` gives an article whose title changed from ``before``'s to ``after``'s
    (``before`` None: a new article), when that change moves no other article's page; None when it
    might. ``paths``: the page paths of the archive's other articles.

    An article's path is its title's slug, numbered (``-2``, ``-3``, …) when an article before it (by
    key) in its year took the slug. Another article can be affected only if it tries the old or the
    new path on its way: its slug is one of them, or one of them is a numbered form of its slug.
    Its own path then starts with that slug, and no path in the year's folder may.
    """
    folder, base = _folder(after), _base(after, make_slug(after.title))
    bases = [base.casefold()]
    if before is not None:
        bases.append(_base(before, make_slug(before.title)).casefold())
        if (before.path or "").casefold() != f"{folder}/{bases[1]}.md" or folder != _folder(before):
            return None
    return f"{folder}/{base}.md" if _tried_by_none(folder, bases, paths) else None


def freed_path_moves_nothing(path: str, paths: Iterable[str]) -> bool:
    """Whether removing the article at ``path`` leaves every other page where ``page_paths`` put it.
    ``paths``: the page paths of the archive's other articles (see ``retitled_path``)."""
    folder, _, name = path.rpartition("/")
    return _tried_by_none(folder, [name.removesuffix(".md").casefold()], paths)


def _tried_by_none(folder: str, bases: Iterable[str], paths: Iterable[str]) -> bool:
    """Whether no page of ``paths`` in ``folder`` may have tried one of the slugs ``bases`` on its way
    (see ``retitled_path``)."""
    roots = set(bases)
    for base in list(roots):
        root, _, number = base.rpartition("-")
        if number.isdigit():
            roots.add(root)
    prefix = f"{folder}/".casefold()
    for path in paths:
        stem = path.casefold()
        if stem.startswith(prefix):
            stem = stem[len(prefix):].removesuffix(".md")
            if any(stem == root or stem.startswith(root + "-") for root in roots):
                return False
    return True


def headlines_of(article: Article) -> tuple[tuple[Related, ...], tuple[str, ...]]:
    """The headlines ``link_related`` resolves in an article as parsed: its related headlines, and the
    captions of its figures (in body order; those without one are never teasers)."""
    return article.related, tuple(f.image.alt for f in article.figures if f.image.alt)


def headline_texts(headlines: tuple[tuple[Related, ...], tuple[str, ...]]) -> Iterator[str]:
    """The texts of what ``headlines_of`` gives: the related headlines' titles, then the captions."""
    related, captions = headlines
    return chain((r.title for r in related), captions)


def near_headlines(titles: Iterable[str], headlines: Sequence[str], folded: Callable[[str], str]) -> set[str]:
    """Those of ``headlines`` that would link to an article with one of ``titles``, or to an article
    with a title almost like it: the same after folding, or at least ``SIMILARITY_THRESHOLD`` % similar."""
    keys = [folded(h) for h in headlines]
    near: set[str] = set()
    for title in titles:
        found = process.extract(folded(title), keys, scorer=fuzz.ratio, score_cutoff=SIMILARITY_THRESHOLD, limit=None)
        near.update(headlines[n] for _, _, n in found)
    return near


def link_related(articles: Sequence[Article], paths: Mapping[str, str] | None = None,
                 folded: Callable[[str], str] | None = None) -> list[Article]:
    """Resolve related headlines and teaser figures to the archive's pages.

    A headline links when it equals an article's title after folding quotes,
    dashes, case and whitespace, or is at least 90 % similar to one. A body
    figure whose alt text is another article's headline is a teaser: it moves
    from the body to ``related``. ``paths``, when given, are the articles' page paths (by key), set
    on them here, as ``page_paths`` makes them. ``folded``: ``textnorm.fold``, with a cache the caller
    keeps, if it has one (most headlines are other articles' titles: each is folded once).
    """
    path_of: Callable[[Article], str | None] = (lambda a: a.path) if paths is None else (lambda a: paths[a.key])
    titles = Titles(((a.key, a.title, path_of(a) or "", a.language) for a in articles), folded or functools.cache(fold))
    return [titles.link(article, path_of(article)) for article in articles]


class Titles:
    """The archive's titles, as ``link_related`` resolves headlines to their pages."""

    def __init__(self, titles: Iterable[tuple[str, str, str, str]], folded: Callable[[str], str]) -> None:
        """``titles``: each article's key, title, page path and language."""
        self.folded = folded
        self.index: dict[str, str] = {}
        self.languages: dict[str, str] = {}  # by page path
        for _, title, path, language in sorted(titles, key=lambda t: t[0]):  # by key: of two with one title, the first
            self.index.setdefault(folded(title), path)
            self.languages[path] = language
        self.by_length = _LengthIndex(list(self.index))
        self.resolve = functools.cache(self._resolve)  # teasers repeat other articles' titles

    def _resolve(self, headline: str) -> str | None:
        key = self.folded(headline)
        url = self.index.get(key)
        if url is None:
            found = process.extractOne(key, self.by_length.candidates(len(key)), scorer=fuzz.ratio,
                                       score_cutoff=SIMILARITY_THRESHOLD)
            url = self.index[found[0]] if found else None
        return url

    def links(self, related: Sequence[Related], captions: Sequence[str], path: str | None
              ) -> tuple[tuple[Related, ...], list[bool]]:
        """What ``link`` makes of an article's related headlines and its figures' captions (in body
        order), at ``path``: its related list, and which of the figures are teasers."""
        resolve = self.resolve
        teasers = [bool(alt) and resolve(alt) is not None for alt in captions]
        items = [*related, *(Related(alt) for alt, teaser in zip(captions, teasers, strict=True)
                             if teaser and resolve(alt) != path)]
        linked: dict[str, Related] = {}
        for item in items:
            url = resolve(item.title)
            if url == path:
                continue
            # A headline the archive holds is (nearly) that article's title: in its language.
            linked.setdefault(url or self.folded(item.title),
                              Related(item.title, url, item.original, self.languages[url] if url else ""))
        return tuple(linked.values()), teasers

    def link(self, article: Article, path: str | None) -> Article:
        """``article``, at ``path``, with its related headlines and teaser figures resolved."""
        figures = article.figures
        related, teasers = self.links(article.related, [f.image.alt for f in figures], path)
        # Most articles keep their body and, re-linked, their related list: such fields are kept as they are.
        changes: dict[str, object] = {}
        if any(teasers):
            moved = {id(f) for f, teaser in zip(figures, teasers, strict=True) if teaser}
            changes["body"] = tuple(b for b in article.body if id(b) not in moved)
        if related != article.related:
            changes["related"] = related
        if path != article.path:
            changes["path"] = path
        return evolve(article, **changes) if changes else article


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
    kept = set(map(id, after.figures))
    teasers = tuple(f.image for f in before.figures if id(f) not in kept)
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
