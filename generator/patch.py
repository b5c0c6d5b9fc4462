"""Re-runs after edits that no other page sees: the edited articles' pages made again, nothing else read.

Most edits of an archive fix a word or a sentence in an article's text. ``generate`` reads the whole
archive on every run (at 10,000 articles about a second, most of it loading what earlier runs kept),
yet such an edit changes nothing that another page shows. ``patch_run`` checks that it is so, and
then patches the last run's output instead of running the pipeline:

- the same files as in the last run, at most ``MAX_EDITED`` of them changed, the same settings and
  code (the record's memo stamp);
- each changed file parses to an article that differs from its last parse in its paragraphs only:
  title, date, language, figures, related headlines, front matter and warnings are the same, so are
  its page path and links;
- the paragraphs repeated across the archive stay the same, so no other article's boilerplate
  changes (``boilerplate.stripper_after_edits``);
- the tag stage's pass would read from it what it read before, so every article keeps its tags and
  its related articles (``tag.last_tags``);
- the listings and feeds would show it as they do, and docs_dir holds what the last run wrote
  (``write.patched_pages``).

Its page is then made from its new text and what the last run found for it: page path, links, tags
and neighbours, as ``record_run`` and the tag and related stages' caches keep them. Otherwise the
whole pipeline runs, and ``record_run`` keeps what this needs next time.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace

from .boilerplate import ParagraphKeys, stripper_after_edits
from .config import SiteConfig
from .corpus import Corpus, reparse
from .link import Links, links_of, relink
from .memo import BodyDigests, Memo
from .model import Article, Figure, Image, Problem, Related, RunSummary, evolve
from .read import CANNOT_READ, Listing
from .tag import last_related, last_tags
from .write import WriteReport, pages_on_disk, patched_pages, write_docs

MAX_EDITED = 16  # more changed files than this: the whole pipeline runs

# What the last run found for one article beyond its own text: its page path, related headlines and
# teaser images (see link.Links), and how many boilerplate paragraphs it lost (each once). A plain
# tuple of objects the run holds anyway: 10,000 of them are written after every whole run, and read
# back a few at a time.
_Found = tuple[str | None, tuple[Related, ...], tuple[Image, ...], int]


@dataclass(frozen=True)
class _LastRun:
    files: Mapping[str, bytes]  # each file read, with its signature (packed)
    problems: tuple[Problem, ...]  # of the files read
    summary: RunSummary
    kept_failed: bool  # whether the pages of files that failed to parse were kept (see cli.generate)
    titles: Mapping[str, str]  # each article's, by key: its neighbours' pages show it


def _settings(config: SiteConfig) -> object:
    # Settings that only MkDocs reads (where the site goes, offline) leave the record valid:
    # ``serve`` builds into a folder of its own from the same pages.
    return config.model_dump(mode="json", exclude={"site_dir", "offline", "config_path"})


def _run_memo(config: SiteConfig) -> Memo:
    """The record of the last run (a ``_LastRun``)."""
    return Memo(config.work_dir / "cache" / "run.pickle", context=_settings(config))


def _found_memo(config: SiteConfig, only: Collection[str] = (), fresh: bool = False) -> Memo:
    """What the last run found for each article (a ``_Found`` by key): read for the keys ``only``, or
    (``fresh``) to be made anew."""
    return Memo(config.work_dir / "cache" / "found.pickle", context=_settings(config), shards=4, only=only,
                fresh=fresh)


def record_run(config: SiteConfig, corpus: Corpus, articles: Sequence[Article], summary: RunSummary,
               keep_failed: bool) -> None:
    """Keep what ``patch_run`` needs from a whole run: ``corpus`` as read, ``articles`` as written,
    ``keep_failed`` as ``generate`` got it. (Their neighbours are the related stage's to keep.)"""
    if config.images != "remote":
        return
    found = _found_memo(config, fresh=True)
    read = {a.key: a for a in corpus.articles}
    for a in articles:
        links = links_of(read[a.key], a)
        found.put(a.key, (links.path, links.related, links.teasers, len(dict.fromkeys(read[a.key].removed))))
    found.save()
    del found, read
    listed = corpus.signatures.keys()
    run = _run_memo(config)
    run.put("last", _LastRun(corpus.signatures, tuple(p for p in corpus.problems if p.file in listed), summary,
                             keep_failed, {a.key: a.title for a in articles}))
    run.save()


def patch_run(config: SiteConfig, listing: Listing, bodies: BodyDigests, keep_failed: bool
              ) -> tuple[RunSummary, WriteReport] | None:
    """Bring docs_dir up to date by remaking the pages of the edited articles alone, when the edits
    since the last run allow it (see the module's description); None when they do not, with
    docs_dir as it was. ``listing``: content_dir's files now; ``bodies``: the run's body digests;
    ``keep_failed`` as ``generate`` got it."""
    if config.images != "remote":
        return None
    memo = _run_memo(config)
    last: _LastRun | None = memo.get("last")
    if last is None or any(p.reason.startswith(CANNOT_READ) for p in last.problems):
        return None  # a file that could not be read is tried again by a whole run
    if last.problems and last.kept_failed != keep_failed:
        return None  # the last good pages of files that fail are kept or removed
    if len(listing.entries) != len(last.files):
        return None
    edited = [e for e in listing.entries if last.files.get(e.rel) != e.packed]
    if len(edited) > MAX_EDITED:
        return None
    found_memo = _found_memo(config, only=[e.rel for e in edited])
    found: dict[str, _Found] = {e.rel: found_memo.stored.get(e.rel) for e in edited}
    if None in found.values():
        return None
    parsed, last_parsed = [], []
    for new, old in reparse(edited, last.files, config):
        if isinstance(new, Problem) or not isinstance(old, tuple) or not _same_but_paragraphs(new[0], old[0]):
            return None
        parsed.append(new)
        last_parsed.append(old)
    cache = config.work_dir / "cache"
    strip = stripper_after_edits([a for a, _, _ in parsed], config.boilerplate, [k for _, k, _ in parsed],
                                 cache / "boilerplate.pickle")
    if strip is None:
        return None

    def as_tagged(parse: tuple[Article, ParagraphKeys, bytes]) -> tuple[Article, list[str]]:
        """A parse as the tag stage gets it (the same steps as in the last run: the repeated paragraphs
        and the links are as they were then), and the boilerplate removed from it."""
        article, keys, digests = parse
        stripped, removed = strip(article, keys)
        bodies.learn(stripped.body, article.body, digests)
        return relink(stripped, Links(*found[article.key][:3])), removed

    edited_now = [as_tagged(parse) for parse in parsed]
    linked = [article for article, _ in edited_now]
    tags = last_tags(linked, config.tags, cache, bodies, [as_tagged(parse)[0] for parse in last_parsed])
    if tags is None:
        return None
    final = [evolve(article, tags=its_tags) for article, its_tags in zip(linked, tags, strict=True)]
    neighbours = last_related(found.keys(), cache / "related.pickle")
    if neighbours is None:
        return None
    search_lead = config.search.indexed_paragraphs(last.summary.articles)
    on_disk = pages_on_disk(config.docs_dir, cache / "written.pickle")
    paths = on_disk.manifest.sources
    near = {key: [(last.titles[k], paths.get(k)) for k in keys] for key, keys in neighbours.items()}
    pages = patched_pages(final, near, on_disk, config.language, search_lead, bodies)
    if pages is None:
        return None
    report = write_docs(pages, config.docs_dir, on_disk, paths)
    removed = sum(len(r) - found[a.key][3] for a, r in edited_now)
    summary = replace(last.summary, problems=(*listing.problems, *last.problems),
                      boilerplate_removed=last.summary.boilerplate_removed + removed)
    for a, r in edited_now:
        found_memo.put(a.key, (*found[a.key][:3], len(r)))
    found_memo.save()
    memo.put("last", replace(last, files={**last.files, **{e.rel: e.packed for e in edited}}, summary=summary))
    memo.save()
    return summary, report


def _same_but_paragraphs(new: Article, old: Article) -> bool:
    """Whether two parses of a file differ in their paragraphs at most."""
    return (new.warnings == old.warnings and _figures(new) == _figures(old)
            and evolve(new, body=()) == evolve(old, body=()))


def _figures(article: Article) -> list[Figure]:
    return [block for block in article.body if isinstance(block, Figure)]

