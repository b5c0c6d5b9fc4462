"""Read and parse the whole archive: parallel for large archives, cached between runs.

Reading and parsing dominate a run (language detection above all), and most
runs see mostly unchanged files, so each file's result is kept in
``build/cache`` keyed by its path and stat signature (size, modification and
change time, inode): an unchanged file is not even read again.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from functools import partial
from itertools import chain
from pathlib import Path
from typing import Any, TypeVar

from .boilerplate import BoilerplateReport, ParagraphKeys, paragraph_keys, remove_boilerplate
from .config import SiteConfig
from .language import LANGUAGE_SAMPLE, detect_language
from .memo import BodyDigests, Memo, block_digests, write_entries
from .model import Article, Problem, RunSummary, evolve, load_articles
from .parallel import map_chunks, one_worker
from .parse import ParseError, language_paragraphs, language_sample, parse_articles
from .read import CANNOT_READ, Listing, SourceEntry, list_sources, read_ahead, read_source, unpack_signature

T = TypeVar("T")
Progress = Callable[[Iterable[Any], int], Iterable[Any]]

PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
_TOLD_HERE = 8  # articles whose language this process tells again itself (see _languages_told)
CHUNK = 200

# One file's outcome: the article, its paragraphs' boilerplate keys and its body's block digests
# (see memo.BodyDigests), or why there is none.
Parsed = tuple[Article, ParagraphKeys, bytes] | Problem


@dataclass(frozen=True)
class Corpus:
    """The parsed archive: articles plus everything that went wrong on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]  # fatal: the file made no page
    warnings: tuple[Problem, ...]  # the page was made, something was dropped
    boilerplate: BoilerplateReport
    files_seen: int
    signatures: Mapping[str, bytes]  # each file read, its signature packed (see read.SourceEntry)

    def summary(self, tags: int | None = None, today: date | None = None) -> RunSummary:
        """What a run tells its user of this archive, with ``tags`` distinct tags if tagged; with ``today``,
        each article dated after it is named too (a mistyped year put "2099" first on the home page)."""
        warnings = self.warnings
        if today is not None:
            # A day's grace: the article's day may be tomorrow already where it was written.
            warnings += tuple(Problem(a.source.file, f"dated {a.date.isoformat()}, after today", fatal=False)
                              for a in self.articles if (a.date - today).days > 1)
        return RunSummary(len(self.articles), tags, self.problems, warnings, self.boilerplate.removed_total)


def _parse_chunk(entries: Sequence[SourceEntry], language: str, publishers: dict[str, str],
                 known: Mapping[str, str] | None = None) -> list[Parsed]:
    if len(entries) > 1:
        read_ahead(entries)
    sources = [read_source(entry) for entry in entries]
    parsed = iter(parse_articles([s for s in sources if not isinstance(s, Problem)], language, publishers, known))
    results: list[Parsed] = []
    for source in sources:
        if isinstance(source, Problem):
            results.append(source)
        elif isinstance(article := next(parsed), ParseError):
            results.append(Problem(source.rel, str(article)))
        else:
            # Folding and digesting every paragraph is costly: done here, in the workers, and cached
            # with the article.
            results.append((article, paragraph_keys(article), block_digests(article.body)))
    return results


def parse_all(entries: Sequence[SourceEntry], language: str, publishers: dict[str, str],
              cache_file: Path | None = None, progress: Progress | None = None) -> list[Parsed]:
    """Read and parse every listed file, in order; reuse cached results, use all cores for the rest."""
    memo = Memo(cache_file, context=_context(language, publishers), shards=_SHARDS, load=load_articles)
    keys = [(e.rel, e.signature) for e in entries]
    results: list[Parsed | None] = [memo.get(k) for k in keys]
    todo = [i for i, r in enumerate(results) if r is None]
    fresh: dict[int, Parsed] = {}
    if len(todo) >= PARALLEL_FROM:
        fresh = _parse_in_workers(memo, entries, keys, todo, language, publishers, progress)
    else:
        known = _known_languages(memo, {entries[i].rel for i in todo})
        for i in progress(todo, len(todo)) if progress else todo:
            fresh[i] = _parse_chunk([entries[i]], language, publishers, known)[0]
    unread: dict[int, Parsed] = {}
    for i, result in fresh.items():
        if _unread(result):
            unread[i] = result  # a read error may pass (a busy disk, a mount): asked again next run
        else:
            memo.put(keys[i], result)
    # The memo alone holds the results while it saves them, so that it can swap them for copies read
    # back, laid out together (see Memo.save): a first run's peak memory, for 5 s at 100,000 articles.
    # After an edit or two, the few results are not worth reading back.
    del results, fresh
    memo.save(fresh_copies=4 * len(todo) > len(keys))
    return [unread[i] if i in unread else memo.get(key) for i, key in enumerate(keys)]


def _unread(result: Parsed) -> bool:
    return isinstance(result, Problem) and result.reason.startswith(CANNOT_READ)


# A worker's task: files to parse, and the parse cache's file for them with its memo's stamp, or None.
_Task = tuple[Path | None, str, Sequence[SourceEntry]]


def _parse_in_workers(memo: Memo, entries: Sequence[SourceEntry], keys: Sequence[tuple[str, Any]],
                      todo: Sequence[int], language: str, publishers: dict[str, str],
                      progress: Progress | None) -> dict[int, Parsed]:
    """The files ``todo`` (indexes) parsed on all cores: the results, by index, of those the parse cache
    ``memo`` does not hold once done.

    A file of the parse cache all of whose entries are new (every file, in a first run) is parsed and
    written by one worker, and read here: the results are pickled once, not sent to this process and
    pickled again to be written (a fifth of a first run's parsing at 10,000 articles). The others go in
    chunks, their results sent back."""
    by_shard: dict[int, list[int]] = defaultdict(list)
    for i in todo:
        by_shard[memo.shard_of(keys[i])].append(i)
    size = Counter(map(memo.shard_of, keys))
    whole = [n for n, items in by_shard.items() if len(items) == size[n] and memo.file_of(n) is not None]
    rest = [i for n, items in by_shard.items() if n not in whole for i in items]
    batches = [by_shard[n] for n in whole] + [rest[start:start + CHUNK] for start in range(0, len(rest), CHUNK)]
    files = [memo.file_of(n) for n in whole] + [None] * (len(batches) - len(whole))
    tasks: list[_Task] = [(file, memo.stamp, [entries[i] for i in batch])
                          for file, batch in zip(files, batches, strict=True)]
    done = map_chunks(partial(_parse_tasks, language=language, publishers=publishers), tasks, 1, 1)
    fresh: dict[int, Parsed] = {}
    for n, (batch, outcome) in enumerate(zip(batches, chain.from_iterable(progress(done, len(tasks)) if progress
                                                                          else done), strict=True)):
        fresh.update((i, result) for i, result in zip(batch, outcome, strict=True) if result is not None)
        if n < len(whole):
            # Read back now, while the workers parse the next files: this process has nothing else to do
            # until they are done (3.4 s after the last of them at 100,000 articles).
            memo.adopt([whole[n]])
    # A file the worker could not write, or that cannot be read back: its files parsed here instead.
    again = [i for n in whole for i in by_shard[n] if i not in fresh and memo.get(keys[i]) is None]
    fresh.update(zip(again, _parse_chunk([entries[i] for i in again], language, publishers), strict=True))
    return fresh


def _parse_tasks(tasks: Sequence[_Task], language: str, publishers: dict[str, str]) -> list[list[Parsed | None]]:
    """Each task's results (see ``_parse_in_workers``): for a task with a file, None for each result the
    file now holds."""
    outcomes: list[list[Parsed | None]] = []
    for file, stamp, entries in tasks:
        results: list[Parsed | None] = list(_parse_chunk(entries, language, publishers))
        if file is not None:
            kept = {(e.rel, e.signature): r for e, r in zip(entries, results, strict=True) if not _unread(r)}
            try:
                write_entries(file, stamp, kept)
            except OSError:
                pass  # sent back instead
            else:
                results = [r if _unread(r) else None for r in results]
        outcomes.append(results)
    return outcomes


def _context(language: str, publishers: Mapping[str, str]) -> object:
    return language, sorted(publishers.items())


def _publishers(config: SiteConfig) -> dict[str, str]:
    """Publisher names by image host."""
    return {host: p.name for p in config.publishers for host in p.image_hosts}


def _parse_cache(config: SiteConfig) -> Path:
    return config.work_dir / "cache" / "articles.pickle"


_SHARDS = 64  # files of the parse cache: an edit rewrites one of them (1.2 MB at 10,000 articles)


def reparse(entries: Sequence[SourceEntry], before: Mapping[str, bytes], config: SiteConfig
            ) -> list[tuple[Parsed, Parsed | None]]:
    """Each of ``entries`` (files changed or added since a run that read them with the signatures
    ``before``, packed) read and parsed, beside its parse in that run, if the parse cache still holds it
    (None for a new file). The parse cache then holds the new parses in place of the old ones; only the
    files holding them are read and written."""
    old_keys = [(e.rel, unpack_signature(before[e.rel])) if e.rel in before else None for e in entries]
    new_keys = [(e.rel, e.signature) for e in entries]
    memo = _parse_memo(config, [*filter(None, old_keys), *new_keys])
    old: list[Parsed | None] = [memo.stored.get(key) if key else None for key in old_keys]
    known = _known_languages(memo, {e.rel for e in entries})
    new = _parse_chunk(entries, config.language, _publishers(config), known)
    for old_key, new_key, result in zip(old_keys, new_keys, new, strict=True):
        if not (isinstance(result, Problem) and result.reason.startswith(CANNOT_READ)):
            if old_key:
                memo.discard(old_key)
            memo.put(new_key, result)
    memo.save()
    return list(zip(new, old, strict=True))


def _languages_told(samples: list[str], default: str) -> list[str]:
    """The language of each of ``samples`` (see ``detect_language``)."""
    return [detect_language(sample, default) for sample in samples]


def language_retold(original: Article, cleaned: Article) -> bool:
    """Whether ``cleaned``, ``original`` without its boilerplate, needs its language told again: the removed
    paragraphs were much of what told it (an English report with a German publisher's footers under it was
    marked German). A footer under a longer text is past what tells the language, and changes nothing."""
    if cleaned is original or original.markdown is not None:
        return False
    kept = {id(block) for block in cleaned.body}  # the stage keeps the blocks it does not remove
    told = removed = 0  # characters of the paragraphs that told the language, and of those removed
    for paragraph in language_paragraphs(original.body):
        told += len(paragraph.text) + 1
        if id(paragraph) not in kept:
            removed += len(paragraph.text) + 1
    return removed * 3 > min(told, LANGUAGE_SAMPLE)


def last_parses(files: Mapping[str, bytes], config: SiteConfig) -> dict[str, Parsed]:
    """What the parse cache holds for ``files`` (unchanged since the run that read them, with these
    signatures, packed), by path; only the files of the cache holding them are read."""
    keys = {rel: (rel, unpack_signature(packed)) for rel, packed in files.items()}
    memo = _parse_memo(config, keys.values())
    return {rel: memo.stored[key] for rel, key in keys.items() if key in memo.stored}


def _copies(articles: Sequence[Article]) -> tuple[Problem, ...]:
    """A warning for each article with the title (ignoring case) and date of one before it (by file): a
    file archived twice shows twice in every listing, its second page numbered (``…-2``)."""
    first: dict[tuple[str, date], str] = {}
    found = []
    for article in sorted(articles, key=lambda a: a.key):
        if article.title and (earlier := first.setdefault((article.title.casefold(), article.date), article.key)) \
                != article.key:
            found.append(Problem(article.key, f"same title and date as {earlier}, so listed twice: "
                                 "delete one if it is a copy", fatal=False))
    return tuple(found)


def _parse_memo(config: SiteConfig, only: Collection[tuple[str, tuple[int, int, int, int]]]) -> Memo:
    """The parse cache, read for the (path, signature) keys ``only``."""
    return Memo(_parse_cache(config), context=_context(config.language, _publishers(config)), shards=_SHARDS,
                only=only, load=load_articles)


def _known_languages(memo: Memo, files: set[str]) -> dict[str, str]:
    """The languages of the last parse of ``files`` (changed since), by language sample: an edit that
    leaves an article's opening as it was needs no language model to tell its language. The memo's
    entries were made with this run's default language (part of its context)."""
    known = {}
    for key, result in memo.stored.items():
        if key[0] in files and not isinstance(result, Problem) and (sample := language_sample(result[0])):
            known[sample] = result[0].language
    return known


def read_corpus(config: SiteConfig, progress: Progress | None = None, use_cache: bool = True,
                bodies: BodyDigests | None = None, listing: Listing | None = None) -> Corpus:
    """Read, parse and clean every file under ``content_dir`` (``listing``: its files, if just listed).
    ``bodies`` learns the digests of the articles' bodies, as the parse cache holds them (see
    ``memo.BodyDigests``)."""
    listing = listing or list_sources(config.content_dir, config.max_file_mb)
    publishers = _publishers(config)
    cache_file = _parse_cache(config) if use_cache else None
    parsed = parse_all(listing.entries, config.language, publishers, cache_file, progress)
    found = [p for p in parsed if not isinstance(p, Problem)]
    problems = [*listing.problems, *(p for p in parsed if isinstance(p, Problem))]
    cleaned, report = remove_boilerplate([a for a, _, _ in found], config.boilerplate, [k for _, k, _ in found],
                                         config.work_dir / "cache" / "boilerplate.pickle" if use_cache else None)
    retold = [n for n, (article, (original, _, _)) in enumerate(zip(cleaned, found, strict=True))
              if language_retold(original, article)]
    samples = [language_sample(cleaned[n]) or "" for n in retold]
    # More than a few are told in a worker, while this process goes on: it would keep NumPy and the language
    # model's tables it read, 50-80 MB, through the stages after (a few are told in plain Python).
    with one_worker() if len(samples) > _TOLD_HERE else nullcontext() as pool:
        told = pool.submit(_languages_told, samples, config.language) if pool else None
        if bodies is not None:
            for article, (original, _, digests) in zip(cleaned, found, strict=True):
                bodies.learn(article.body, original.body, digests)
        languages = told.result() if told else _languages_told(samples, config.language)
    for n, language in zip(retold, languages, strict=True):
        cleaned[n] = evolve(cleaned[n], language=language)
    limit = config.tags.max_per_article
    warnings = tuple(Problem(a.source.file, w, fatal=False) for a in cleaned for w in a.warnings) + tuple(
        # Front matter tags come first and are capped like any others; say so rather than drop them silently.
        Problem(a.source.file, f"{len(a.tags)} front matter tags; the page keeps the first {limit} "
                f"(tags.max_per_article)", fatal=False)
        for a in cleaned if len(a.tags) > limit
    ) + _copies(cleaned)
    return Corpus(tuple(cleaned), tuple(problems), warnings, report, listing.seen,
                  {e.rel: e.packed for e in listing.entries})
