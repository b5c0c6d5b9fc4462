"""Scale benchmark: generate and build a synthetic archive of N articles, stage by stage.

Usage::

    .venv/bin/python bench/run.py --articles 10000 [--seed 1] [--rare-words N] [--skip-mkdocs] [--incremental]
                                  [--repeats 5] [--uncached]
                                  [--json PATH]
    .venv/bin/python bench/run.py --articles 100000 --mkdocs-only [--limit 1800]   # after a --skip-mkdocs run

Synthesises ``build/bench/<N>/`` (``content/`` and a ``site_config.yml`` using this repository's
theme, see ``bench/synth.py``; ``build/bench/<N>-rare<N>/`` with ``--rare-words``: made-up words in
every article, for a real archive's vocabulary), then measures, each in a fresh process so that
imports, start-up and peak memory count as they do for a user:

- ``generate`` cold (no caches, empty docs_dir) and warm (caches and pages from the cold run),
  stage by stage as ``generator.cli.generate`` runs them: read+parse (with boilerplate removal),
  link, tag, related, render and write (one stage: pages are written as they are rendered), and
  the record the short way needs; or, for a warm run of the unchanged archive and edits that no
  other page sees, that short way (``patch``, see ``generator.patch``) alone; plus the real
  ``archive-site generate`` command, warm; with ``--uncached``, ``generate`` cold once more with the
  archive's files dropped from the system's cache first, as in a user's first run after a reboot;
- the MkDocs build of the generated pages with ``generator.site.build_site`` (the code behind
  ``archive-site build``), and, as the floor, a plain MkDocs + Material build of a copy of the same
  pages (``mkdocs build`` with theme material, plugins search and tags, articles not in nav, no
  custom_dir, no archive-site plugin, the same Markdown extensions);
- peak memory: the largest sum of the proportional set size (PSS: shared pages split among the
  processes sharing them) of the measured process and its children
  (parse and render workers), sampled from /proc every 100 ms at first, then less often, up to once a
  second (reading a large process's PSS stalls it);
- output size, the largest article page's HTML, the search index;
- with ``--incremental``: one article's paragraph changed (a lower-case word added), then another
  article's title, then a name added to a third article's paragraph, then a new article added (a
  copy of a fourth under a new file name and title), then that article removed, each followed by
  ``generate`` (timed, files rewritten counted by bytes and modification time) and by the MkDocs
  stage of ``archive-site build`` (which updates the site with the changed pages); then each change
  made again from the archive as it was (``--repeats``, 5 runs in all), for the median wall time.

Prints a table and writes JSON to ``build/bench/run-<N>.json`` (``run-<N>-rare<N>.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, NoReturn

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

BIN = Path(sys.executable).parent
MB = 1024 * 1024
# For the commands the benchmarks run (``archive-site``): this checkout's generator, as the stages
# run it, not the one the virtualenv's editable install points to. Another checkout's code would find
# every cache stamped by other code, rebuild them all and leave them so for the next stage.
CHECKOUT_ENV = {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(ROOT)}
# Folders a run replaces wait here until it has measured everything (see ``set_aside``).
TRASH = ROOT / "build" / "bench" / ".trash"


# ---------------------------------------------------------------------------
# Child side: one measured stage, run as ``bench/run.py --child KIND --project DIR``


def _child_generate(project: Path) -> dict[str, Any]:
    """``generator.cli.generate``, each stage timed through its ``lap`` hook."""
    started = time.perf_counter()
    from generator.cli import generate
    from generator.config import load_config

    times: dict[str, float] = {"import": time.perf_counter() - started}
    resident: dict[str, float] = {}  # MB this process holds when each stage ends: which stage holds most
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        times[name] = now - mark
        mark = now
        with open("/proc/self/statm") as handle:
            resident[name] = int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MB

    config = load_config(project / "site_config.yml")
    assert config.images == "remote", "the benchmark does not download images"
    run, report = generate(config, lap=lap, ends_process=True)  # as archive-site generate runs it
    times["total"] = sum(v for k, v in times.items() if k != "import")
    return {"seconds": times, "resident_mb_after": resident, "articles": run.articles,
            "problems": len(run.problems), "tags": run.tags, "pages": report.pages,
            "written": report.written, "unchanged": report.unchanged, "deleted": report.deleted,
            "boilerplate_removed": run.boilerplate_removed}


def _child_mkdocs(project: Path) -> dict[str, Any]:
    started = time.perf_counter()
    from generator.build import build_site
    from generator.config import load_config

    # As ``archive-site build`` builds: the whole site on all cores, or after a change the pages that changed.
    report = build_site(load_config(project / "site_config.yml"))
    return {"seconds": {"total": time.perf_counter() - started}, "shards": report.processes,
            "updated": report.updated, "pages_rendered": report.rendered, "pages": report.pages}


def child_main(kind: str, project: Path) -> NoReturn:
    result = {"generate": _child_generate, "mkdocs": _child_mkdocs}[kind](project)
    import resource

    result["ru_maxrss_self_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    result["ru_maxrss_children_mb"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print("BENCH-RESULT " + json.dumps(result), flush=True)
    sys.stderr.flush()
    os._exit(0)  # as the archive-site command ends (generator.cli.run): no teardown of the archive's objects


# ---------------------------------------------------------------------------
# Parent side: run a command, sample the memory of its process tree


def _memory(pid: int) -> int:
    """Proportional set size of one process (shared pages split among their sharers), else RSS."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    with open(f"/proc/{pid}/statm") as handle:
        return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _tree_memory(pid: int) -> int:
    """Memory of ``pid`` and all its descendants, from /proc: the sum of their PSS, so that pages
    a forked worker shares with its parent count once, as they take memory once."""
    total, stack, seen = 0, [pid], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue
        seen.add(current)
        try:
            total += _memory(current)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as handle:
                    stack += [int(p) for p in handle.read().split()]
        except (OSError, ValueError):
            continue
    return total


def measure(cmd: list[str], cwd: Path | None = None, limit: float | None = None) -> dict[str, Any]:
    """Run ``cmd``; wall seconds, peak tree memory (PSS), and the child's BENCH-RESULT JSON if it printed one.

    With ``limit`` (seconds), a run still going then is killed and reported with ``finished: false``.
    """
    env = {**os.environ, **CHECKOUT_ENV, "PYTHONHASHSEED": "0"}
    started = time.perf_counter()
    # In this checkout by default: Python 3.11's fork server imports the generator from its working
    # directory before PYTHONPATH, so the workers of a run started elsewhere would run another checkout.
    proc = subprocess.Popen(cmd, cwd=cwd or ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        interval = 0.1
        while not done.is_set():
            peak = max(peak, _tree_memory(proc.pid))
            # Reading the PSS of a large process walks its page tables and stalls it meanwhile (at
            # 100,000 articles, minutes of CPU): long runs, whose memory grows slowly, are sampled
            # less often.
            interval = min(1.0, interval * 1.05)
            done.wait(interval)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        out, err = proc.communicate(timeout=limit)
        finished = True
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
        finished = False
    wall = time.perf_counter() - started
    done.set()
    sampler.join()
    if not finished:
        return {"finished": False, "wall": wall, "peak_mb": peak / MB}
    if proc.returncode != 0:
        sys.stderr.write(err[-4000:])
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}")
    result: dict[str, Any] = {}
    for line in out.splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line.removeprefix("BENCH-RESULT "))
    result["finished"] = True
    result["wall"] = wall
    result["peak_mb"] = peak / MB
    result["stderr_tail"] = err.strip().splitlines()[-1:] if err.strip() else []
    return result


def child(kind: str, project: Path, limit: float | None = None) -> dict[str, Any]:
    return measure([sys.executable, str(Path(__file__).resolve()), "--child", kind, "--project", str(project)],
                   limit=limit)


# ---------------------------------------------------------------------------
# Plain MkDocs + Material: the floor

PLAIN_YML = """\
site_name: Plain floor
docs_dir: docs
site_dir: site
theme:
  name: material
plugins:
  - search
  - tags
not_in_nav: |
  /articles/
  /tags/
  /archive/
nav:
  - index.md
  - tags/index.md
  - archive/index.md
"""
def prepare_plain(docs: Path, plain: Path, generated_yml: Path) -> None:
    """A copy of the generated pages for a plain MkDocs build, with the Markdown extensions the
    pages are written for (without md_in_html, a ``<div markdown>`` would stay unparsed: less work,
    but not the same pages)."""
    import yaml

    set_aside(plain)
    shutil.copytree(docs, plain / "docs", ignore=shutil.ignore_patterns(".archive-site-manifest.json"))
    extensions = yaml.safe_load(generated_yml.read_text(encoding="utf-8"))["markdown_extensions"]
    text = PLAIN_YML + yaml.safe_dump({"markdown_extensions": extensions}, sort_keys=False)
    (plain / "mkdocs.yml").write_text(text, encoding="utf-8")


def set_aside(folder: Path) -> None:
    """Move ``folder`` out of the way, to be deleted by ``empty_trash`` once the run has measured
    everything.

    On this machine's file system (ext4 without a journal) the kernel will not hand out an inode
    freed in the last minute (up to six while its block is unwritten): it steps over each such
    inode on every file it creates. After deleting 10,000 pages, writing 10,000 new ones took
    12-14 s instead of 2.6 s. Deleting the last run's pages just before timing this one measured
    that, not the generator.
    """
    if folder.exists():
        TRASH.mkdir(parents=True, exist_ok=True)
        os.rename(folder, TRASH / f"{folder.name}-{time.time_ns()}")


def empty_trash() -> None:
    """Delete what ``set_aside`` moved away: after the measurements, never between them."""
    shutil.rmtree(TRASH, ignore_errors=True)


# ---------------------------------------------------------------------------
# Output sizes


def site_sizes(site: Path) -> dict[str, Any]:
    total = files = 0
    largest = ("", 0)
    for path in site.rglob("*"):
        if path.is_file():
            size = path.stat().st_size
            total += size
            files += 1
            rel = path.relative_to(site).as_posix()
            if rel.startswith("articles/") and rel.endswith(".html") and size > largest[1]:
                largest = (rel, size)
    index = site / "search" / "search_index.json"
    return {"site_mb": total / MB, "site_files": files, "largest_article_html": largest[0],
            "largest_article_html_kb": largest[1] / 1024,
            "search_index_mb": index.stat().st_size / MB if index.exists() else None}


def article_html_sizes(site: Path) -> list[int]:
    return sorted(p.stat().st_size for p in (site / "articles").rglob("*.html"))


# ---------------------------------------------------------------------------
# Incremental


Snapshot = dict[str, tuple[int, int]]  # docs_dir's files: modification time (ns) and size


def _snapshot(docs: Path) -> Snapshot:
    return {p.relative_to(docs).as_posix(): (stat.st_mtime_ns, stat.st_size)
            for p in docs.rglob("*") if p.is_file() and (stat := p.stat())}


def _changed(before: Snapshot, after: Snapshot) -> dict[str, Any]:
    changed = sorted(rel for rel in after if after[rel] != before.get(rel))
    removed = sorted(set(before) - set(after))
    return {"rewritten": len(changed), "removed": len(removed), "files": changed[:20], "removed_files": removed}


def _pages_naming(docs: Path, text: str) -> set[str]:
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*.md") if text in p.read_text(encoding="utf-8")}


def _in_a_paragraph(text: str, words: str) -> str:
    """``text`` with ``words`` put after the first word of a long line in its second half (a paragraph)."""
    lines = text.split("\n")
    middle = next(i for i in range(len(lines) // 2, len(lines)) if len(lines[i]) > 200)
    lines[middle] = lines[middle].replace(" ", f" {words} ", 1)
    return "\n".join(lines)


def incremental(project: Path, skip_mkdocs: bool, repeats: int = 1) -> dict[str, Any]:
    """Change a paragraph, a title, a paragraph again (a name), then add an article and remove it again;
    regenerate (and rebuild) after each. Then, ``repeats - 1`` times more, each change made again from
    the archive as it was, ``generate`` timed again (its walls under ``walls``): single runs on a shared
    machine differ by a quarter and more."""
    from generator.write import md_text

    content = project / "content"
    docs = project / "build" / "docs"
    files = sorted(content.rglob("*.txt"))
    results: dict[str, Any] = {}
    originals: dict[Path, bytes] = {}
    changes: dict[str, str | None] = {}  # each change's text (None: the file removed), to make it again

    def after_writing(name: str, target: Path, text: str | None) -> tuple[Snapshot, Snapshot]:
        """Write ``text`` to ``target`` (remembering its bytes, if any, to put back), or remove it (None),
        then run ``generate`` and, unless skipped, archive-site build's MkDocs stage (the site updated
        with the changed pages), into ``results[name]``; docs_dir before and after ``generate``."""
        if text is not None and target.exists():
            originals.setdefault(target, target.read_bytes())
        before = _snapshot(docs)
        if text is None:
            target.unlink()
        else:
            target.write_text(text, encoding="utf-8")
        run = child("generate", project)
        after = _snapshot(docs)
        changes[name] = text
        results[name] = {"file": target.relative_to(content).as_posix(), "generate": run, "walls": [run["wall"]],
                         **_changed(before, after)}
        if not skip_mkdocs:
            results[name]["mkdocs"] = child("mkdocs", project)
        return before, after

    try:
        # (a) a lower-case word in a paragraph in the middle of one article
        target = files[len(files) // 3]
        after_writing("paragraph", target, _in_a_paragraph(target.read_text(encoding="utf-8"), "ausdrücklich"))
        # (b) the title of another article: its page moves, and every page listing it changes
        target = files[2 * len(files) // 3]
        text = target.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0]
        listing = _pages_naming(docs, md_text(title))  # its own page, its year, neighbours, related
        before, after = after_writing("title", target, text.replace(title, title + " – aktualisiert"))
        result = results["title"]
        expected = (listing - set(result["removed_files"])) | {".archive-site-manifest.json"}
        rewritten = {rel for rel in after if after[rel] != before.get(rel)}
        result.update(pages_naming_old_title=len(listing),
                      rewritten_not_listing_it=sorted(rewritten - expected - {rel for rel in rewritten
                                                                              if rel not in before}),
                      listing_not_rewritten=sorted(expected - rewritten))
        # (c) a name added to a paragraph of a fourth article: unlike (a), the tag stage's candidates change
        target = files[len(files) // 4]
        after_writing("name", target, _in_a_paragraph(target.read_text(encoding="utf-8"), "Tessa Quandt"))
        # (d) a new article, as an archive grows: a copy of another one under a new name and title
        source = files[len(files) // 2]
        text = source.read_text(encoding="utf-8")
        title = text.split("\n", 1)[0]
        added = source.with_name("zz_" + source.name)
        after_writing("added", added, text.replace(title, "Neu im Archiv: " + title))
        # (e) that article removed again
        after_writing("removed", added, None)
        # The same changes again, for medians; no MkDocs stage after them.
        for _ in range(repeats - 1):
            for name in ("paragraph", "title", "name"):
                target = content / results[name]["file"]
                target.write_bytes(originals[target])
                child("generate", project)
                text = changes[name]
                assert text is not None  # the first three changes edit a file
                target.write_text(text, encoding="utf-8")
                results[name]["walls"].append(child("generate", project)["wall"])
            for name in ("added", "removed"):
                if (text := changes[name]) is None:
                    added.unlink()
                else:
                    added.write_text(text, encoding="utf-8")
                results[name]["walls"].append(child("generate", project)["wall"])
        cli = measure([str(BIN / "archive-site"), "generate", "--config", str(project / "site_config.yml")])
        results["cli_generate_unchanged_wall"] = cli["wall"]
    finally:
        for path, data in originals.items():
            path.write_bytes(data)
        for path in content.rglob("zz_*.txt"):
            path.unlink()
    return results


# ---------------------------------------------------------------------------
# Report


def mkdocs_only(project: Path, out: Path, limit: float) -> int:
    """The MkDocs build alone, stopped after ``limit`` seconds; for archives too large to build whole."""
    if not (project / "build" / "docs").is_dir() or not out.exists():
        raise SystemExit(f"run bench/run.py --articles N --skip-mkdocs first: no pages or JSON for {project}")
    set_aside(project / "site")
    print(f"MkDocs build (archive-site), at most {limit:.0f} s …", flush=True)
    mk = child("mkdocs", project, limit=limit)
    mk["limit_s"] = limit
    if mk["finished"]:
        mk["sizes"] = site_sizes(project / "site")
        sizes = article_html_sizes(project / "site")
        mk["median_article_html_kb"] = sizes[len(sizes) // 2] / 1024 if sizes else None
    else:  # how far it got: MkDocs writes the HTML only after reading and converting every page
        staging = list(project.glob(".site.building-*"))  # build_site's folder, left by the kill
        mk["html_files_written"] = sum(1 for folder in staging for _ in folder.rglob("*.html"))
        for folder in staging:
            set_aside(folder)
    empty_trash()
    report = json.loads(out.read_text(encoding="utf-8"))
    report["mkdocs_only"] = mk
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(mk, indent=2))
    print(f"\nwrote {out}")
    return 0


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}{unit}"
    return f"{value}{unit}"


def print_table(report: dict[str, Any]) -> None:
    n = report["articles"]
    cold, warm = report["generate_cold"], report["generate_warm"]
    rows = [("articles", n, ""), ("input", f"{report['input_mb']:.1f} MB", "")]
    # A warm run of an unchanged archive patches the last run's output (generator.patch): one stage.
    for stage in ("import", "read_parse", "link", "tag", "related", "render_write", "record", "patch", "total"):
        rows.append((f"generate: {stage} (s)", _fmt(cold["seconds"].get(stage)), _fmt(warm["seconds"].get(stage))))
    rows.append(("generate: process wall (s)", _fmt(cold["wall"]), _fmt(warm["wall"])))
    rows.append(("generate: peak memory, PSS (MB)", _fmt(cold["peak_mb"]), _fmt(warm["peak_mb"])))
    rows.append(("archive-site generate CLI, warm (s)", _fmt(report["cli_generate_warm"]["wall"]), ""))
    if "generate_uncached" in report:
        uncached = report["generate_uncached"]
        rows.append(("generate cold, files not cached: wall (s)", _fmt(uncached["wall"]),
                     f"read_parse {_fmt(uncached['seconds'].get('read_parse'))}"))
    if "mkdocs" in report:
        mk, plain = report["mkdocs"], report["plain"]
        rows += [
            ("MkDocs build_site (s)", _fmt(mk["wall"]), f"{mk.get('shards', 1)} MkDocs processes"),
            ("plain MkDocs + Material (s)", _fmt(plain["wall"]), ""),
            ("ratio MkDocs stage / plain", _fmt(report["ratio_mkdocs_to_plain"]), ""),
            ("ratio generate warm + MkDocs / plain", _fmt(report["ratio_build_warm_to_plain"]), ""),
            ("ratio generate cold + MkDocs / plain", _fmt(report["ratio_build_cold_to_plain"]), ""),
            ("MkDocs peak memory, PSS (MB)", _fmt(mk["peak_mb"]), ""),
            ("plain peak memory, PSS (MB)", _fmt(plain["peak_mb"]), ""),
            ("site size (MB) / files", _fmt(mk["sizes"]["site_mb"]), str(mk["sizes"]["site_files"])),
            ("plain site size (MB) / files", _fmt(plain["sizes"]["site_mb"]), str(plain["sizes"]["site_files"])),
            ("largest article HTML (KB)", _fmt(mk["sizes"]["largest_article_html_kb"]),
             mk["sizes"]["largest_article_html"]),
            ("median article HTML (KB)", _fmt(report["median_article_html_kb"]), ""),
            ("search index (MB)", _fmt(mk["sizes"]["search_index_mb"]), ""),
            ("plain search index (MB)", _fmt(plain["sizes"]["search_index_mb"]), ""),
        ]
    if "incremental" in report:
        inc = report["incremental"]
        for key in ("paragraph", "title", "name", "added", "removed"):
            if key not in inc:
                continue
            item = inc[key]
            walls = item["walls"]
            rows.append((f"incremental {key}: generate (s)", _fmt(item["generate"]["seconds"]["total"]),
                         f"wall {_fmt(item['generate']['wall'])}" + (
                             f"; median of {len(walls)} {_fmt(statistics.median(walls))} "
                             f"({_fmt(min(walls))}–{_fmt(max(walls))})" if len(walls) > 1 else "")))
            rows.append((f"incremental {key}: files rewritten", item["rewritten"],
                         f"removed {item['removed']}"))
            if "mkdocs" in item:
                mk = item["mkdocs"]
                rows.append((f"incremental {key}: MkDocs update (s)", _fmt(mk["wall"]),
                             f"{mk.get('pages_rendered')} of {mk.get('pages')} pages rendered"
                             + ("" if mk.get("updated") else ", whole build")))
        rows.append(("incremental: pages naming the old title", inc["title"]["pages_naming_old_title"], ""))
    print()
    print_rows(rows, ("", "cold", "warm / note"), 10)


def print_rows(rows: list[tuple[str, Any, str]], header: tuple[str, str, str], value_width: int) -> None:
    """A plain-text table: labels left-aligned, values right-aligned, then a note."""
    width = max(len(r[0]) for r in rows)
    print(f"{header[0]:<{width}}  {header[1]:>{value_width}}  {header[2]}")
    for label, value, note in rows:
        print(f"{label:<{width}}  {str(value):>{value_width}}  {note}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rare-words", type=int, default=0,
                        help="made-up words per article, for a real archive's vocabulary (see bench/synth.py)")
    parser.add_argument("--skip-mkdocs", action="store_true", help="measure generate only")
    parser.add_argument("--incremental", action="store_true", help="also measure one-article changes")
    parser.add_argument("--uncached", action="store_true",
                        help="also a cold generate with the archive's files dropped from the system's cache first")
    parser.add_argument("--repeats", type=int, default=5,
                        help="with --incremental: generate runs of each change for the median (default 5)")
    parser.add_argument("--json", type=Path, default=None, help="default build/bench/run-<N>.json")
    parser.add_argument("--mkdocs-only", action="store_true",
                        help="only the archive-site MkDocs build of pages an earlier run generated; "
                             "adds it to that run's JSON")
    parser.add_argument("--limit", type=float, default=1800,
                        help="with --mkdocs-only: stop the build after this many seconds (default 1800)")
    parser.add_argument("--child", choices=("generate", "mkdocs"), help=argparse.SUPPRESS)
    parser.add_argument("--project", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return child_main(args.child, args.project)

    from bench.synth import synthesise

    compile_modules()
    n = args.articles
    name = f"{n}-rare{args.rare_words}" if args.rare_words else str(n)
    project = ROOT / "build" / "bench" / name
    if args.mkdocs_only:
        return mkdocs_only(project, args.json or ROOT / "build" / "bench" / f"run-{name}.json", args.limit)
    started = time.perf_counter()
    size = synthesise(n, project, args.seed, args.rare_words)
    print(f"synthesised {n} articles ({size / MB:.1f} MB) in {time.perf_counter() - started:.1f} s: {project}")
    report: dict[str, Any] = {"articles": n, "seed": args.seed, "rare_words": args.rare_words, "input_mb": size / MB,
                              "cpus": os.cpu_count(), "python": sys.version.split()[0]}

    set_aside(project / "build")  # cold: no caches, no pages
    set_aside(project / "site")
    print("generate, cold …", flush=True)
    report["generate_cold"] = child("generate", project)
    print("generate, warm …", flush=True)
    report["generate_warm"] = child("generate", project)
    report["cli_generate_warm"] = measure(
        [str(BIN / "archive-site"), "generate", "--config", str(project / "site_config.yml")])
    if args.uncached:
        print("generate, cold, the archive's files not in the system's cache …", flush=True)
        set_aside(project / "build")
        drop_from_cache(project / "content")
        report["generate_uncached"] = child("generate", project)

    if not args.skip_mkdocs:
        print("MkDocs build (archive-site) …", flush=True)
        mk = report["mkdocs"] = child("mkdocs", project)
        mk["sizes"] = site_sizes(project / "site")
        sizes = article_html_sizes(project / "site")
        report["median_article_html_kb"] = sizes[len(sizes) // 2] / 1024 if sizes else None
        report["article_html_over_40kb"] = sum(s > 40 * 1024 for s in sizes)
        print("MkDocs build (plain Material floor) …", flush=True)
        plain_dir = project / "build" / "plain"
        prepare_plain(project / "build" / "docs", plain_dir, project / "build" / "mkdocs.yml")
        plain = report["plain"] = measure([str(BIN / "mkdocs"), "build", "-q", "-f", str(plain_dir / "mkdocs.yml")])
        plain["sizes"] = site_sizes(plain_dir / "site")
        report["ratio_mkdocs_to_plain"] = mk["wall"] / plain["wall"]
        report["ratio_build_warm_to_plain"] = (report["generate_warm"]["wall"] + mk["wall"]) / plain["wall"]
        report["ratio_build_cold_to_plain"] = (report["generate_cold"]["wall"] + mk["wall"]) / plain["wall"]
        set_aside(plain_dir / "site")  # keep the disk use down; docs stay for reruns
    if args.incremental:
        print("incremental …", flush=True)
        report["incremental"] = incremental(project, args.skip_mkdocs, args.repeats)
        child("generate", project)  # back to the synthesised content

    empty_trash()
    print_table(report)
    write_report(report, args.json or ROOT / "build" / "bench" / f"run-{name}.json")
    return 0


def drop_from_cache(folder: Path) -> int:
    """Have the system drop the files under ``folder`` from its cache (written to disk first), as after
    a reboot or once other files pushed them out: a user's first run reads them from the disk. How many
    files; none where the system cannot be asked."""
    from generator.read import advise_cache

    if not hasattr(os, "posix_fadvise"):
        return 0
    os.sync()  # pages not yet written cannot be dropped
    return advise_cache((file for file in folder.rglob("*") if file.is_file()), os.POSIX_FADV_DONTNEED)


def compile_modules() -> None:
    """The generator's modules compiled to bytecode, as Python keeps them after a first import. This
    machine sets PYTHONDONTWRITEBYTECODE, under which every timed command would compile them from
    source again (0.08 s of an edit's re-run); a user's Python does that once."""
    import compileall

    compileall.compile_dir(ROOT / "generator", quiet=1)


def write_report(report: dict[str, Any], out: Path) -> None:
    """The benchmark's numbers as JSON, for the README and later comparison."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nwrote {out}")


if __name__ == "__main__":
    sys.exit(main())
