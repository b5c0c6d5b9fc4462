"""Read and parse the whole archive: parallel for large archives, cached between runs.

Parsing dominates a run (language detection above all), and most runs see
mostly unchanged files, so parsed articles are kept in ``build/cache`` keyed by
file, content hash and modification time.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from .boilerplate import BoilerplateReport, remove_boilerplate
from .config import SiteConfig
from .model import Article, Problem, SourceFile
from .parse import ParseError, parse_article
from .read import read_sources

T = TypeVar("T")
Progress = Callable[[Sequence[Any], int], Iterable[Any]]

CACHE_VERSION = 2
PARALLEL_FROM = 400  # below this, starting worker processes costs more than it saves
CHUNK = 200


@dataclass(frozen=True)
class Corpus:
    """The parsed archive: articles plus everything that went wrong on the way."""

    articles: tuple[Article, ...]
    problems: tuple[Problem, ...]  # fatal: the file made no page
    warnings: tuple[Problem, ...]  # the page was made, something was dropped
    boilerplate: BoilerplateReport
    files_seen: int


def _key(source: SourceFile) -> str:
    digest = hashlib.blake2b(source.text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()
    return f"{source.rel}\0{digest}\0{source.mtime}"


def _parse_chunk(sources: Sequence[SourceFile], language: str, publishers: dict[str, str]
                 ) -> list[Article | Problem]:
    results: list[Article | Problem] = []
    for source in sources:
        try:
            results.append(parse_article(source, language, publishers))
        except ParseError as exc:
            results.append(Problem(source.rel, str(exc)))
    return results


def _load_cache(path: Path, fingerprint: str) -> dict[str, Article | Problem]:
    try:
        with path.open("rb") as handle:
            stored = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return {}
    if not isinstance(stored, dict) or stored.get("fingerprint") != fingerprint:
        return {}
    return stored.get("entries", {})


def _save_cache(path: Path, fingerprint: str, entries: dict[str, Article | Problem]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as handle:
        pickle.dump({"fingerprint": fingerprint, "entries": entries}, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def parse_all(sources: Sequence[SourceFile], language: str, publishers: dict[str, str],
              cache_file: Path | None = None, progress: Progress | None = None) -> list[Article | Problem]:
    """Parse every source, in order; reuse cached results, use all cores for the rest."""
    fingerprint = f"{CACHE_VERSION}:{language}:{sorted(publishers.items())}"
    cache = _load_cache(cache_file, fingerprint) if cache_file else {}
    keys = [_key(s) for s in sources]
    todo = [s for s, k in zip(sources, keys, strict=True) if k not in cache]
    fresh: list[Article | Problem] = []
    workers = min(os.cpu_count() or 1, max(1, len(todo) // CHUNK))
    if len(todo) >= PARALLEL_FROM and workers > 1:
        chunks = [todo[i:i + CHUNK] for i in range(0, len(todo), CHUNK)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            results = pool.map(_parse_chunk, chunks, [language] * len(chunks), [publishers] * len(chunks))
            for chunk_result in progress(list(results), len(chunks)) if progress else results:
                fresh.extend(chunk_result)
    else:
        for source in progress(todo, len(todo)) if progress else todo:
            fresh.extend(_parse_chunk([source], language, publishers))
    cache.update({_key(s): r for s, r in zip(todo, fresh, strict=True)})
    if cache_file and todo:
        _save_cache(cache_file, fingerprint, {k: cache[k] for k in keys})
    return [cache[k] for k in keys]


def read_corpus(config: SiteConfig, progress: Progress | None = None, use_cache: bool = True) -> Corpus:
    """Read, parse and clean every file under ``content_dir``."""
    read = read_sources(config.content_dir, config.max_file_mb)
    publishers = {host: p.name for p in config.publishers for host in p.image_hosts}
    cache_file = config.work_dir / "cache" / "articles.pickle" if use_cache else None
    parsed = parse_all(read.files, config.language, publishers, cache_file, progress)
    articles = [p for p in parsed if isinstance(p, Article)]
    problems = [*read.problems, *(p for p in parsed if isinstance(p, Problem))]
    cleaned, report = remove_boilerplate(articles, config.boilerplate)
    limit = config.tags.max_per_article
    warnings = tuple(Problem(a.source.file, w, fatal=False) for a in cleaned for w in a.warnings) + tuple(
        # Front matter tags come first and are capped like any others; say so rather than drop them silently.
        Problem(a.source.file, f"{len(a.tags)} front matter tags; the page keeps the first {limit} "
                f"(tags.max_per_article)", fatal=False)
        for a in cleaned if len(a.tags) > limit
    )
    return Corpus(tuple(cleaned), tuple(problems), warnings, report, read.seen)
