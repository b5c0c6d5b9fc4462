"""Re-runs after a few edits, new files or removed files: the pages they change made again, the
archive not read.

Most edits of an archive fix a word, a number, a name or a title in an article, or add or remove an
article. ``generate`` reads the whole archive on every run (at 10,000 articles about a second, most of
it loading what earlier runs kept), yet such an edit changes a few pages. ``patch_run`` checks that
it is so, and then patches the last run's output instead of running the pipeline:

- at most ``MAX_EDITED`` files changed, added or removed since the last run, the same settings and
  code (the record's memo stamp);
- each changed file parses to an article that differs from its last parse in its title, hero image
  and paragraphs at most: date, language, figures, related headlines, front matter and warnings
  are the same; a new file parses without a warning; a removed file was an article;
- the paragraphs repeated across the archive stay the same, so no other article's boilerplate
  changes (``boilerplate.stripper_after_edits``);
- a new title, a new article or a removed one moves no other article's page (``link.retitled_path``,
  ``link.freed_path_moves_nothing``);
- as many paragraphs of each article go into the search index as before;
- docs_dir holds what the last run wrote (``write.patched_pages``).

An edited article's page is made from its new text and what the last run found for it: page path,
links, tags and neighbours, as ``record_run`` and the tag and related stages' caches keep them.
After a new title, a new article or a removed one, the articles whose headlines now link otherwise
(among those with a headline near the old or the new title, ``link.near_headlines``) are linked
again by the link stage's own code (``link.Titles``) and their pages made from their last parse; the
pages listing the article as related get their neighbours section made again. When the tag stage's
pass over the archive would read otherwise of the edited articles (a new name, a new article, one
removed: ``tag.last_tags`` tells), the pass runs on the scans its file keeps (``tag.retag``); the
articles whose tags it changes have their pages made again too, and the related articles are worked
out again where tags changed (``related.related_retagged``), their neighbours sections made again where
they change. When what the listings show of an article changes, the listings and feeds of its tags
and years (as they were and are) are made again from the record of what they show of every article
(its card), and the others kept (``write.listing_pages``). Otherwise the whole pipeline runs, and
``record_run`` keeps what this needs next time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from itertools import chain

from .boilerplate import ParagraphKeys, Stripper, stripper_after_edits
from .config import SiteConfig
from .corpus import Corpus, language_retold, last_parses, reparse
from .i18n import other_language
from .link import (
    Links,
    Titles,
    freed_path_moves_nothing,
    headline_texts,
    headlines_of,
    links_of,
    near_headlines,
    relink,
    retitled_path,
)
from .memo import BodyDigests, Memo
from .model import Article, Image, Paragraph, Problem, Related, RunSummary, Source, evolve
from .read import CANNOT_READ, Listing
from .related import last_related, related_retagged
from .tag import last_tags, retag
from .textnorm import fold
from .write import (
    Catalog,
    Neighbour,
    Page,
    WriteReport,
    listing_pages,
    pages_on_disk,
    patched_pages,
    shown_date,
    shown_digest,
    write_docs,
)

MAX_EDITED = 16  # more pages to make from their text than this (changed files, articles linking to a
# retitled one): the whole pipeline runs

# What the last run found for one article beyond its own text: its page path, related headlines and
# teaser images (see link.Links), and how many boilerplate paragraphs it lost (each once). A plain
# tuple of objects the run holds anyway: 10,000 of them are written after every whole run, and read
# back a few at a time.
_Found = tuple[str | None, tuple[Related, ...], tuple[Image, ...], int]

# What the listings and feeds read of one article (see write.listing_pages): title, date (as its
# ordinal: a third quicker to pickle), date precision, language, publisher, tags, page path, and what
# its lead is made from (description, opening paragraph): the lead itself takes a while to make, for
# every article of every whole run. Last, the headlines the link stage resolved in it (see
# link.headlines_of): after a title changed, those that might link otherwise.
_Card = tuple[str, int, str, str, str | None, tuple[str, ...], str | None, str | None, str,
              tuple[tuple[Related, ...], tuple[str, ...]], int | None]
_HEADLINES = 9  # then the day it was updated (an ordinal), shown in the feeds


@dataclass(frozen=True)
class _LastRun:
    files: Mapping[str, bytes]  # each file read, with its signature (packed)
    problems: tuple[Problem, ...]  # of the files read
    summary: RunSummary
    kept_failed: bool  # whether the pages of files that failed to parse were kept (see cli.generate)
    titles: Mapping[str, str]  # each article's, by key: its neighbours' pages show it
    # The cards of the articles patched since (the cards file is written by whole runs alone), and the
    # articles removed since
    cards: Mapping[str, _Card] = field(default_factory=dict)
    removed: frozenset[str] = frozenset()
    # Each article's language when not the site's, by key: its neighbours' pages mark its title with it.
    languages: Mapping[str, str] = field(default_factory=dict)
    dates: Mapping[str, str] = field(default_factory=dict)  # each article's date as shown, by key: the same


def _settings(config: SiteConfig) -> object:
    # Settings that only MkDocs reads (where the site goes, offline) leave the record valid:
    # ``serve`` builds into a folder of its own from the same pages.
    return {name: value for name, value in asdict(config).items() if name not in {"site_dir", "offline", "config_path"}}


def _run_memo(config: SiteConfig) -> Memo:
    """The record of the last run (a ``_LastRun``)."""
    return Memo(config.work_dir / "cache" / "run.pickle", context=_settings(config))


def _found_memo(config: SiteConfig, only: Collection[str] = (), fresh: bool = False) -> Memo:
    """What the last run found for each article (a ``_Found`` by key): read for the keys ``only``, or
    (``fresh``) to be made anew."""
    return Memo(config.work_dir / "cache" / "found.pickle", context=_settings(config), shards=4, only=only,
                fresh=fresh)


def _cards_memo(config: SiteConfig, fresh: bool = False) -> Memo:
    """Each article's card (a ``_Card`` by key, in the pipeline's order) under "cards", and its title and
    headlines folded (see ``textnorm.fold``) under "folds": read, or (``fresh``) to be made anew."""
    return Memo(config.work_dir / "cache" / "cards.pickle", context=_settings(config), fresh=fresh)


def _foreign_languages(articles: Iterable[Article], site_language: str) -> dict[str, str]:
    """The languages of those of ``articles`` in another language than the site's, by key."""
    return {a.key: own for a in articles if (own := other_language(a.language, site_language))}


def _without(table: Mapping[str, str], gone: Collection[str]) -> Mapping[str, str]:
    """``table`` without the keys ``gone`` (itself when none is)."""
    return {k: v for k, v in table.items() if k not in gone} if gone else table


def _card(article: Article, headlines: tuple[tuple[Related, ...], tuple[str, ...]]) -> _Card:
    a = article
    return (a.title, a.date.toordinal(), a.date_precision, a.language, a.source.publisher, a.tags, a.path,
            a.description, a.opening, headlines, a.updated and a.updated.toordinal())


def _headlines(card: _Card) -> Iterator[str]:
    """The headlines a card's article links by (see ``link.headlines_of``): its related ones, its captions."""
    return headline_texts(card[_HEADLINES])


def _listed(card: _Card) -> tuple[date, tuple[str, ...], str | None]:
    """An article's date, tags and page path, as its card records them."""
    return date.fromordinal(card[1]), card[5], card[6]


def _from_card(key: str, card: _Card) -> Article:
    """An article as the listings and feeds see it."""
    title, when, precision, language, publisher, tags, path, description, opening, _, updated = card
    return Article(title, date.fromordinal(when), precision, language,  # type: ignore[arg-type]
                   Source(key, publisher=publisher),
                   body=(Paragraph(opening),) if opening else (), tags=tags, description=description, path=path,
                   updated=date.fromordinal(updated) if updated else None)


def record_run(config: SiteConfig, corpus: Corpus, articles: Sequence[Article], summary: RunSummary,
               keep_failed: bool, folded: Callable[[str], str] = fold) -> None:
    """Keep what ``patch_run`` needs from a whole run: ``corpus`` as read, ``articles`` as written,
    ``keep_failed`` as ``generate`` got it, ``folded``: the ``textnorm.fold`` the link stage used,
    with what it folded kept. (Their neighbours are the related stage's to keep.)"""
    if config.images != "remote":
        return
    found = _found_memo(config, fresh=True)
    read = {a.key: a for a in corpus.articles}
    for a in articles:
        links = links_of(read[a.key], a)
        found.put(a.key, (links.path, links.related, links.teasers, len(dict.fromkeys(read[a.key].removed))))
    found.save()
    del found
    cards = _cards_memo(config, fresh=True)
    found_cards = {a.key: _card(a, headlines_of(read[a.key])) for a in articles}
    cards.put("cards", found_cards)
    texts = chain((card[0] for card in found_cards.values()),
                  chain.from_iterable(map(_headlines, found_cards.values())))
    cards.put("folds", {text: folded(text) for text in texts})
    cards.save()
    del cards, read
    listed = corpus.signatures.keys()
    run = _run_memo(config)
    run.put("last", _LastRun(corpus.signatures, tuple(p for p in corpus.problems if p.file in listed), summary,
                             keep_failed, {a.key: a.title for a in articles},
                             languages=_foreign_languages(articles, config.language),
                             dates={a.key: shown_date(a, config.language) for a in articles}))
    run.save()


_Parse = tuple[Article, ParagraphKeys, bytes]  # a file's article as parsed, its paragraph keys and digests


def patch_run(config: SiteConfig, listing: Listing, bodies: BodyDigests, keep_failed: bool
              ) -> tuple[RunSummary, WriteReport] | None:
    """Bring docs_dir up to date by remaking the pages of the edited articles and those showing what
    changed of them, when the edits since the last run allow it (see the module's description); None
    when they do not, with docs_dir as it was. ``listing``: content_dir's files now; ``bodies``: the
    run's body digests; ``keep_failed`` as ``generate`` got it."""
    if config.images != "remote":
        return None
    memo = _run_memo(config)
    last: _LastRun | None = memo.get("last")
    if last is None or any(p.reason.startswith(CANNOT_READ) for p in last.problems):
        return None  # a file that could not be read is tried again by a whole run
    if last.problems and last.kept_failed != keep_failed:
        return None  # the last good pages of files that fail are kept or removed
    edited = [e for e in listing.entries if last.files.get(e.rel) != e.packed]
    added = {e.rel for e in edited if e.rel not in last.files}
    gone: list[str] = []  # the articles whose files were removed
    if len(listing.entries) != len(last.files) + len(added):
        now = {e.rel for e in listing.entries}
        gone = [rel for rel in last.files if rel not in now]
    if len(edited) + len(gone) > MAX_EDITED or not all(rel in last.titles for rel in gone):
        return None  # many edits, or a file removed that failed to parse
    articles = last.summary.articles + len(added) - len(gone)
    search_lead = config.search.indexed_paragraphs(articles)
    if search_lead != config.search.indexed_paragraphs(last.summary.articles):
        return None  # every page's search entry changes
    changed = [e.rel for e in edited] + gone
    run = _Patch(config, bodies, last, changed)
    if not run.load_found(rel for rel in changed if rel not in added):
        return None
    parsed: list[_Parse] = []
    last_parsed: list[_Parse | None] = []  # None: a new article
    for new, old in reparse(edited, last.files, config):
        if isinstance(new, Problem) or (
                not _new_as_a_whole_run_takes_it(new[0], config) if old is None
                else not isinstance(old, tuple) or not _same_but_text(new[0], old[0])):
            return None
        parsed.append(new)
        last_parsed.append(old)  # type: ignore[arg-type]
    cache = config.work_dir / "cache"
    strip = stripper_after_edits([a for a, _, _ in parsed], config.boilerplate, [k for _, k, _ in parsed],
                                 cache / "boilerplate.pickle", gone)
    if strip is None:
        return None
    stripped = [strip(article, keys)[0] for article, keys, _ in parsed]
    stripped_before = [strip(old[0], old[1])[0] if old else None for old in last_parsed]
    # The run's warnings are the last run's: an edit that makes or unmakes an agency's report (all its text
    # repeated elsewhere, see boilerplate._syndicated) changes an article's warning, which a whole run tells.
    if any(now.warnings != (before.warnings if before else new[0].warnings)
           for now, before, new in zip(stripped, stripped_before, parsed, strict=True)):
        return None
    # Nor does it tell an article's language again, as a whole run does where boilerplate was most of what told it.
    if any(language_retold(parse[0], now) for parse, now in zip((*parsed, *last_parsed), (*stripped, *stripped_before),
                                                                 strict=True) if parse and now):
        return None
    run.strip = strip
    on_disk = pages_on_disk(config.docs_dir, cache / "written.pickle")
    run.paths = dict(on_disk.manifest.sources)
    freed = [run.paths.pop(key, "") for key in gone]
    if not all(path and freed_path_moves_nothing(path, run.paths.values()) for path in freed):
        return None  # a numbered page would take its place
    articles_now = [a for a, _, _ in parsed]
    run.titles = {**_without(last.titles, gone), **{a.key: a.title for a in articles_now}}
    # An edited article's language is as it was (see _same_but_text): a new one's may be another.
    run.languages = {**_without(last.languages, gone), **_foreign_languages(articles_now, config.language)}
    run.dates = {**_without(last.dates, gone), **{a.key: shown_date(a, config.language) for a in articles_now}}
    retitled = [a.key for a, _, _ in parsed if a.title != last.titles.get(a.key)]
    if retitled or gone:
        linkers = run.link_anew(parsed, last_parsed, retitled, gone, MAX_EDITED - len(edited))
        if linkers is None:
            return None
        parsed += linkers
        last_parsed += linkers

    edited_now = [run.as_tagged(parse, now=True) for parse in parsed]
    linked = [article for article, _, _ in edited_now]
    earlier = [run.as_tagged(parse, now=False)[0] for parse in last_parsed if parse is not None]
    related = last_related(cache / "related.pickle")
    if related is None or not related.keys() >= {a.key for a in earlier}:
        return None
    tags = None if gone else last_tags(linked, config.tags, cache, bodies, earlier)
    if tags is not None and not related.keys() >= {a.key for a in linked}:
        return None  # the tag stage's record knows an article the related stage's does not
    tag_count = last.summary.tags
    related_anew: set[str] = set()  # the articles whose related articles change
    if tags is None:
        # The tag stage's pass would read otherwise of an edited article: it runs, on the scans its
        # file keeps of the others. The articles whose tags it changes have their pages made again
        # too; the related articles are worked out again where tags changed.
        # The removed articles as the last run's tag stage got them, for the pass by difference.
        gone_then = [run.as_tagged(parse, now=False)[0] for parse in (run.from_last_parse(gone) or ())] if gone else []
        retagged = retag(linked, config.tags, cache, bodies, run.unscanned, gone, earlier + gone_then)
        if retagged is None:
            return None
        tags_then, tags_now = retagged
        remade = {a.key for a in linked}
        others = [key for key, its_tags in tags_now.items() if key not in remade and its_tags != tags_then[key]]
        if len(parsed) + len(others) > MAX_EDITED or (unchanged := run.from_last_parse(others)) is None:
            return None
        more = [run.as_tagged(parse, now=True) for parse in unchanged]
        parsed += unchanged
        edited_now += more
        linked += [article for article, _, _ in more]
        earlier += [run.as_tagged(parse, now=False)[0] for parse in unchanged]
        tags = [tags_now[a.key] for a in linked]
        tag_count = len(set(chain.from_iterable(tags_now.values())))
        related_now = related_retagged(tags_now, cache / "related.pickle",
                                       {a.key: a.date for a in linked if a.key in added})
        if related_now is None:
            return None
        related_anew = {key for key, keys in related_now.items() if related.get(key) != keys}
        related = related_now
    final = [evolve(article, tags=its_tags) for article, its_tags in zip(linked, tags, strict=True)]
    before = {a.key: a.path or "" for a in earlier}
    neighbours = run.neighbours(final, before, related, related_anew)
    if neighbours is None:
        return None

    def listings(shown: Mapping[str, bytes]) -> list[tuple[str, Page]] | None:
        """The listings and feeds, from every article's card, the edited ones' made anew."""
        read = run.cards()
        if read is None:
            return None
        now = {a.key: a for a in final}
        last_cards = read[0]

        @functools.cache
        def article(key: str) -> Article:
            return now.get(key) or _from_card(key, last_cards[key])

        # The catalog a whole run hands them, in the files' order, from the cards; an article itself is
        # made only for the pages showing it that are made again.
        keys = [e.rel for e in listing.entries if e.rel in now or e.rel in last_cards]
        rows = [(now[k].date, now[k].tags, now[k].path) if k in now else _listed(last_cards[k]) for k in keys]
        dates, tags, paths = ([row[n] for row in rows] for n in range(3))
        dated = [now[k].dated if k in now else last_cards[k][2] != "archived" for k in keys]
        seen = [shown[path] if path in shown else shown_digest(article(k)) for k, path in zip(keys, paths, strict=True)]
        before = {k: _listed(last_cards[k])[:2] if k in last_cards else None for k in [*now, *gone]}
        return list(listing_pages(Catalog(keys, dates, tags, seen, article, dated), on_disk, config.site_name,
                                  config.site_description, config.language, config.latest_count, config.site_url,
                                  config.listing_page_size, before))

    pages = patched_pages(final, before, neighbours, config.docs_dir, on_disk, config.language, search_lead, bodies,
                          listings, freed)
    if pages is None:
        return None
    report = write_docs(pages, on_disk, run.paths)
    found = run.found
    removed = sum(len(r) - (found[a.key][3] if a.key in found else 0) for a, _, r in edited_now) - sum(
        found[key][3] for key in gone)
    summary = replace(last.summary, articles=articles, problems=(*listing.problems, *last.problems), tags=tag_count,
                      warnings=tuple(w for w in last.summary.warnings if w.file not in gone) if gone else
                      last.summary.warnings, boilerplate_removed=last.summary.boilerplate_removed + removed)
    for a, links, r in edited_now:
        run.found_memo.put(a.key, (links.path, links.related, links.teasers, len(r)))
    for key in gone:
        run.found_memo.discard(key)
    run.found_memo.save()
    patched = {a.key: _card(a, headlines_of(parse[0])) for a, parse in zip(final, parsed, strict=True)}
    files = {**last.files, **{e.rel: e.packed for e in edited}}
    patched_cards = {**last.cards, **patched}
    for key in gone:
        del files[key]
        patched_cards.pop(key, None)
    record = replace(last, files=files, summary=summary, titles=run.titles, languages=run.languages,
                     dates=run.dates, cards=patched_cards, removed=(last.removed | set(gone)) - added)
    if record != last:  # as it was (nothing changed): not written again, 0.1 s at 100,000 articles (5 ms to compare)
        memo.put("last", record)
    memo.save()
    return summary, report


class _Patch:
    """What the steps of one patched run share: the last run's record, what it found for the articles
    read so far, and, once known, the boilerplate stripper, the page paths, the titles and (after a
    title changed, an article was added or removed) the archive's titles to link to."""

    def __init__(self, config: SiteConfig, bodies: BodyDigests, last: _LastRun, changed: Sequence[str]) -> None:
        """``changed``: the keys of the changed, new and removed articles."""
        self.config, self.bodies, self.last = config, bodies, last
        # What the last run found: read for those first (then for more, see load_found), and written.
        self.found_memo = _found_memo(config, only=changed)
        self.found: dict[str, _Found] = {}
        # Set by patch_run once the edited files are read:
        self.strip: Stripper = lambda article, keys: (article, [])  # the boilerplate as it stands
        self.paths: dict[str, str] = {}  # each article's page path, by key
        self.titles: dict[str, str] = {}  # each article's title, by key
        self.languages: Mapping[str, str] = {}  # each article's language when not the site's, by key
        self.dates: Mapping[str, str] = {}  # each article's date as shown, by key
        self.linking: Titles | None = None  # the archive's titles, when one changed: links are made again
        self.cards = functools.cache(self._cards)

    def load_found(self, keys: Iterable[str]) -> bool:
        """What the last run found for ``keys`` too, into ``found``; False if one is not kept."""
        wanted = [key for key in keys if key not in self.found]
        if wanted:
            self.found_memo.include(wanted)  # only the files not read yet
            self.found.update((key, self.found_memo.stored.get(key)) for key in wanted)
        return None not in self.found.values()

    def from_last_parse(self, keys: Sequence[str]) -> list[_Parse] | None:
        """The last parses of unchanged articles, with what the last run found for them; None if one is
        not kept."""
        if not all(key in self.last.files for key in keys) or not self.load_found(keys):
            return None
        unchanged = last_parses({key: self.last.files[key] for key in keys}, self.config)
        kept = [unchanged.get(key) for key in keys]
        return kept if all(isinstance(parse, tuple) for parse in kept) else None  # type: ignore[return-value]

    def _cards(self) -> tuple[dict[str, _Card], dict[str, str]] | None:
        """Every article's card as of the last run, whole or patched, in the pipeline's order, and the
        titles and headlines as the link stage folded them; read once (``cards``), when needed."""
        memo = _cards_memo(self.config)
        whole: dict[str, _Card] | None = memo.get("cards")
        every = None if whole is None else {**whole, **self.last.cards}
        if every is not None and self.last.removed:
            every = {key: card for key, card in every.items() if key not in self.last.removed}
        if every is None or every.keys() != self.last.titles.keys():
            return None
        return every, memo.get("folds") or {}

    def link_anew(self, parsed: Sequence[_Parse], last_parsed: Sequence[_Parse | None], retitled: Sequence[str],
                  gone: Sequence[str], room: int) -> list[_Parse] | None:
        """After titles changed (``retitled``), articles were added (no ``last_parsed``) or removed
        (``gone``): the new page paths, the archive's titles to link to, and the last parses of the
        articles whose headlines now link otherwise; None when a page of another article would move,
        more than ``room`` articles link otherwise, or a record is missing."""
        last, paths, found = self.last, self.paths, self.found
        read = self.cards()
        if read is None:
            return None
        last_cards, folds = read

        def folded(text: str) -> str:
            return folds.get(text) or fold(text)

        # The articles with a headline that links to a retitled or removed article, or would.
        headlines = list(dict.fromkeys(chain.from_iterable(map(_headlines, last_cards.values()))))
        near = near_headlines([*(last.titles[k] for k in [*retitled, *gone] if k in last.titles),
                               *(self.titles[k] for k in retitled)], headlines, folded)
        maybe = [k for k, card in last_cards.items()
                 if k not in found and not near.isdisjoint(_headlines(card))]
        if not self.load_found(maybe):
            return None
        moved_from = {key: paths[key] for key in retitled if key in paths}
        for old, new in zip(last_parsed, parsed, strict=True):
            if old is None or new[0].title != old[0].title:
                others = [path for key, path in chain(paths.items(), moved_from.items()) if key != new[0].key]
                moved = retitled_path(old and relink(old[0], Links(*found[new[0].key][:3])), new[0], others)
                if moved is None:
                    return None
                paths[new[0].key] = moved
        self.linking = Titles(((key, title, paths.get(key, ""), self.languages.get(key) or self.config.language)
                               for key, title in self.titles.items()), folded)
        # Of those, the ones whose links change (worked out from their headlines alone).
        linkers = [k for k in maybe if _links_change(self.linking, last_cards[k][_HEADLINES], paths.get(k), found[k])]
        return None if len(linkers) > room else self.from_last_parse(linkers)

    def as_tagged(self, parse: _Parse, now: bool) -> tuple[Article, Links, list[str]]:
        """A parse as the tag stage gets it (the same steps as in the last run: the repeated paragraphs
        as they were then, and the links then, or, ``now`` with a title changed, the links now), its
        links, and the boilerplate removed from it."""
        article, keys, digests = parse
        stripped, removed = self.strip(article, keys)
        self.bodies.learn(stripped.body, article.body, digests)
        if now and self.linking is not None:
            linked = self.linking.link(stripped, self.paths[article.key])
            return linked, links_of(stripped, linked), removed
        links = Links(*self.found[article.key][:3])
        return relink(stripped, links), links, removed

    def unscanned(self, keys: Sequence[str]) -> dict[str, Article] | None:
        """Unchanged articles as the tag stage gets them, from their last parse (see ``tag.retag``)."""
        parses = self.from_last_parse(keys)
        return None if parses is None else {parse[0].key: self.as_tagged(parse, now=True)[0] for parse in parses}

    def neighbours(self, final: Sequence[Article], before: Mapping[str, str],
                   related: Mapping[str, tuple[str, ...]], related_anew: Collection[str]
                   ) -> dict[str, list[Neighbour]] | None:
        """The neighbours of the pages made again (``final``, at ``before`` in the last
        run) and of the pages whose neighbours section changes: their related articles changed
        (``related_anew``), or one of their related articles shows anew; None if such a page is unknown."""
        def near(key: str) -> list[Neighbour]:
            return [(self.titles[k], self.paths.get(k), self.languages.get(k, ""), self.dates[k]) for k in related[key]]

        neighbours = {a.path or "": near(a.key) for a in final}
        # (An edit of a date runs the whole pipeline: see _same_but_text.)
        shown_anew = {a.key for a in final if a.title != self.last.titles.get(a.key) or a.path != before.get(a.key)}
        if shown_anew or related_anew:
            remade = {a.key for a in final}
            for key, keys in related.items():
                if key not in remade and (key in related_anew or not shown_anew.isdisjoint(keys)):
                    if key not in self.paths:
                        return None
                    neighbours[self.paths[key]] = near(key)
        return neighbours


def _links_change(titles: Titles, headlines: tuple[tuple[Related, ...], tuple[str, ...]], path: str | None,
                  found: _Found) -> bool:
    """Whether an unchanged article with ``headlines`` (see ``link.headlines_of``) at ``path`` links
    otherwise to ``titles`` than it did (``found``)."""
    related, captions = headlines
    now, teasers = titles.links(related, captions, path)
    return now != found[1] or [alt for alt, teaser in zip(captions, teasers, strict=True) if teaser] != [
        image.alt for image in found[2]]


def _new_as_a_whole_run_takes_it(article: Article, config: SiteConfig) -> bool:
    """Whether a new article adds nothing to what a run tells its user: no warning."""
    return not article.warnings and len(article.tags) <= config.tags.max_per_article


def _same_but_text(new: Article, old: Article) -> bool:
    """Whether two parses of a file differ in their title, hero image and paragraphs at most (no other
    page shows the image: a title edit changes its alt text with the title)."""
    return (new.warnings == old.warnings and new.figures == old.figures
            and evolve(new, body=(), title="", image=None) == evolve(old, body=(), title="", image=None))


