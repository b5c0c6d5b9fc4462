"""Live-preview benchmark: how long after saving a file in ``content/`` does ``archive-site serve`` show it?

Usage::

    .venv/bin/python bench/serve_latency.py [--articles 10000] [--seed 1] [--timeout 300] [--json PATH]

Uses the synthetic archive ``build/bench/<N>/`` (made by ``bench/run.py --articles N``; synthesised
here with ``bench.synth.synthesise`` only if the folder is missing) and starts, as a user would,
``archive-site serve --config build/bench/<N>/site_config.yml --port <free port>`` (its output goes
to ``build/bench/serve-<N>.log``). Then it measures, over HTTP on 127.0.0.1 only:

- startup: from starting the command until ``/`` answers 200 (generate plus the first build);
- then, one after another, seven edits to the archive, each timed from the moment the file is written
  until GETs show the change (polled every 0.1 s; a GET that the server holds while it rebuilds
  simply returns later):

  0. ``number``: a number in a later paragraph of one article changed, as a typo fix changes a
     word: nothing another page shows, so only that page is made again (``generator.patch``); done
     when the article's page shows the new number;
  1. ``paragraph``: a new paragraph inserted in the middle of one article's body (with words for
     the tag stage, so the whole pipeline runs); done when the article's page shows it;
  2. ``title``: that article's title (first line, and the hero image's alt text that repeats it)
     changed by a word at the end; its page usually moves to a new URL (not when the slug is cut at
     its length limit before that word). Done when the home page lists the new title, the page it
     links to shows the new title, and the old URL, if the page moved, no longer serves the article;
  3. ``add``: a new article file (a copy of the original article with a new id and a new title, a
     token in front of the original's);
     done when the home page lists it and its page answers;
  4. ``delete``: that new file deleted; done when the home page no longer lists it and its URL no
     longer serves it;
  5. ``revert``: the edited article's original bytes written back (number, paragraph and title undone
     in one write); done when the home page no longer shows the changed title and the old URL serves the
     article again without the paragraph. Waiting for it also leaves the preview as the archive is;
  6. ``unchanged``: the same bytes saved again, as an editor may save a file: nothing changes on any
     page, so done when serve says it updated the preview (all it does is look for what changed).

  Each condition's own time is recorded too. The article edited is the newest one on the home page
  whose date is written in the file (so an edit does not move it), found through the generated
  pages' front matter (``source.file``). An edit not visible after ``--timeout`` seconds is
  reported as ``timeout`` and the next one follows.

- peak memory of the serve process and its children: the largest sum of their proportional set
  sizes (``bench.run._tree_memory``), sampled every 0.1 s at first, then up to once a second.

Whatever happens, the article's original bytes are back and the added file is gone at the end; then
the server is stopped (SIGINT, as Ctrl+C). The serve command measured is whatever is in the
working tree: the JSON records ``git log -1`` and the uncommitted changes to the code (files, digest).

Prints a table and writes JSON to ``build/bench/serve-<N>.json``.
"""

from __future__ import annotations

import argparse
import hashlib
import http.client
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import CHECKOUT_ENV, MB, _tree_memory, compile_modules, print_rows, write_report  # noqa: E402

BIN = Path(sys.executable).parent
POLL = 0.1  # seconds between polls


# ---------------------------------------------------------------------------
# HTTP on 127.0.0.1 (http.client: no proxy from the environment can get in the way)


@dataclass
class Response:
    status: int  # 0: no answer (connection refused, reset, timed out)
    body: str


def get(port: int, path: str, timeout: float) -> Response:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=max(timeout, 1.0))
    try:
        conn.request("GET", path, headers={"Cache-Control": "no-cache"})
        reply = conn.getresponse()
        return Response(reply.status, reply.read().decode("utf-8", "replace"))
    except (OSError, http.client.HTTPException):
        return Response(0, "")
    finally:
        conn.close()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def link_to(html: str, text: str, base: str = "/") -> str | None:
    """The URL path of the ``<a href>`` whose content holds ``text``, else None."""
    at = html.find(text)
    while at >= 0:
        start = html.rfind("<a ", 0, at)
        if start >= 0 and html.find("</a>", start, at) < 0:
            href_at = html.find('href="', start, at)
            if href_at >= 0:
                href = html[href_at + 6:html.index('"', href_at + 6)]
                return urlsplit(urljoin(base, href)).path
        at = html.find(text, at + 1)
    return None


def article_links(html: str) -> list[str]:
    """URL paths of the article pages the home page links to, in order, without repeats."""
    seen: list[str] = []
    at = html.find('href="')
    while at >= 0:
        href = html[at + 6:html.index('"', at + 6)]
        path = urlsplit(urljoin("/", href)).path
        if path.startswith("/articles/") and path not in seen:
            seen.append(path)
        at = html.find('href="', at + 6)
    return seen


# ---------------------------------------------------------------------------
# The serve process


@dataclass
class Server:
    proc: subprocess.Popen[bytes]
    port: int
    log: Path
    peak: int = 0
    done: threading.Event = field(default_factory=threading.Event)
    sampler: threading.Thread | None = None

    def start_sampling(self) -> None:
        def sample() -> None:
            interval = 0.1
            while not self.done.is_set():
                self.peak = max(self.peak, _tree_memory(self.proc.pid))
                interval = min(1.0, interval * 1.05)  # reading PSS stalls a large process: less often later
                self.done.wait(interval)

        self.sampler = threading.Thread(target=sample, daemon=True)
        self.sampler.start()

    def alive(self) -> bool:
        return self.proc.poll() is None

    def log_tail(self, lines: int = 20) -> list[str]:
        try:
            text = self.log.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return []
        return text.strip().splitlines()[-lines:]

    def log_size(self) -> int:
        try:
            return self.log.stat().st_size
        except OSError:
            return 0

    def log_since(self, offset: int) -> list[str]:
        """What serve printed after ``offset``, without the HTTP server's request lines."""
        try:
            with self.log.open("rb") as handle:
                handle.seek(offset)
                text = handle.read().decode("utf-8", "replace")
        except OSError:
            return []
        return [line for line in text.splitlines() if line.strip() and '" code ' not in line]

    def stop(self) -> None:
        """Ctrl+C to the serve process group (its own session), then harder if it does not go."""
        for sig, wait in ((signal.SIGINT, 30), (signal.SIGTERM, 10), (signal.SIGKILL, 10)):
            if not self.alive():
                break
            try:
                os.killpg(self.proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                self.proc.wait(timeout=wait)
            except subprocess.TimeoutExpired:
                continue
        self.done.set()
        if self.sampler is not None:
            self.sampler.join()


def start_server(config: Path, log: Path) -> Server:
    port = free_port()
    cmd = [str(BIN / "archive-site"), "serve", "--config", str(config), "--port", str(port)]
    env = {**os.environ, **CHECKOUT_ENV}
    handle = log.open("wb")
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL, stdout=handle,
                            stderr=subprocess.STDOUT, start_new_session=True)
    handle.close()  # the child holds its own copy
    server = Server(proc, port, log)
    server.start_sampling()
    return server


# ---------------------------------------------------------------------------
# Polling


Check = Callable[[float], bool]  # given the seconds left, is the condition met now?


def wait_for(checks: dict[str, Check], started: float, timeout: float, server: Server) -> dict[str, Any]:
    """Poll ``checks`` every POLL seconds until all hold; each one's first time (s after ``started``)."""
    times: dict[str, float | None] = dict.fromkeys(checks)
    deadline = started + timeout
    while True:
        for name, check in checks.items():
            if times[name] is None:
                left = deadline - time.perf_counter()
                if left > 0 and check(left):
                    times[name] = time.perf_counter() - started
        if all(v is not None for v in times.values()):
            return {"status": "ok", "seconds": max(v for v in times.values() if v is not None), "checks": times}
        if not server.alive():
            return {"status": "server exited", "seconds": None, "checks": times}
        if time.perf_counter() >= deadline:
            return {"status": "timeout", "seconds": None, "checks": times}
        time.sleep(POLL)


def page_shows(server: Server, path: Callable[[], str | None], text: str) -> Check:
    def check(left: float) -> bool:
        url = path()
        if url is None:
            return False
        reply = get(server.port, url, left)
        return reply.status == 200 and text in reply.body
    return check


def preview_updated(server: Server, offset: int) -> Check:
    """serve said, after byte ``offset`` of its log, that it updated the preview."""
    def check(left: float) -> bool:
        return any(line.startswith("archive-site: preview updated") for line in server.log_since(offset))
    return check


def page_gone(server: Server, url: str, text: str | None, moved_to: Callable[[], str | None] | None = None) -> Check:
    """The URL answers, but not with the page that showed ``text`` (404, or another page); without
    ``text``, the URL answers other than 200. With ``moved_to``, the page's new URL once known: it
    holds at once if that is ``url`` (the page did not move), and not before the new URL is known."""
    def check(left: float) -> bool:
        if moved_to is not None:
            new = moved_to()
            if new is None:
                return False
            if new == url:
                return True
        reply = get(server.port, url, left)
        if reply.status == 0:
            return False
        return reply.status != 200 or (text is not None and text not in reply.body)
    return check


def page_back(server: Server, url: str, *absent: str) -> Check:
    """The URL serves a page again, without any of ``absent``."""
    def check(left: float) -> bool:
        reply = get(server.port, url, left)
        return reply.status == 200 and not any(text in reply.body for text in absent)
    return check


# ---------------------------------------------------------------------------
# The article to edit


@dataclass
class Target:
    file: Path  # in content_dir
    url: str  # its page's URL path
    title: str  # its first non-empty line
    original: bytes


def front_matter(page: Path) -> dict[str, Any]:
    import yaml

    text = page.read_text(encoding="utf-8")
    if not text.startswith("---\n"):
        return {}
    end = text.find("\n---\n", 4)
    data = yaml.safe_load(text[4:end]) if end > 0 else None
    return data if isinstance(data, dict) else {}


def docs_page(docs: Path, url: str) -> Path:
    rel = url.strip("/")
    rel = rel[:-len(".html")] if rel.endswith(".html") else rel
    return docs / f"{rel}.md"


def first_line(text: str) -> str:
    return next(line for line in text.split("\n") if line.strip()).strip()


def choose_target(server: Server, docs: Path, content: Path, home: str) -> Target:
    """The newest article on the home page whose date is in its text and whose title is its first line."""
    for url in article_links(home):
        page = docs_page(docs, url)
        if not page.is_file():
            continue
        meta = front_matter(page)
        source = (meta.get("source") or {}).get("file")
        if meta.get("date_precision") == "archived" or not source or not str(source).endswith(".txt"):
            continue
        file = content / str(source)
        if not file.is_file():
            continue
        original = file.read_bytes()
        title = first_line(original.decode("utf-8"))
        if meta.get("title") != title:  # e.g. a title made unique with "(2025)"
            continue
        if get(server.port, url, 60).status == 200:
            return Target(file, url, title, original)
    raise SystemExit("no suitable article found on the home page")


# ---------------------------------------------------------------------------
# The edits


def change_number(text: str, number: str) -> str | None:
    """``text`` with the first number of its third or a later body paragraph replaced by ``number``;
    None if there is none."""
    lines = text.split("\n")
    body = [i for i, line in enumerate(lines) if len(line) > 100 and not line.startswith("![")]
    for i in body[2:]:
        changed = re.sub(r"(?<![\d.,])\d{1,4}(?![\d.,]\d)", number, lines[i], count=1)
        if changed != lines[i]:
            return "\n".join(lines[:i] + [changed] + lines[i + 1:])
    return None


def insert_paragraph(text: str, paragraph: str) -> str:
    lines = text.split("\n")
    long = [i for i, line in enumerate(lines) if len(line) > 100 and not line.startswith("![")]
    at = long[len(long) // 2] if long else len(lines) - 1
    return "\n".join(lines[:at] + [paragraph] + lines[at:])


def run_edits(server: Server, target: Target, content: Path, timeout: float) -> list[dict[str, Any]]:
    results: list[dict[str, Any]] = []
    token = secrets.token_hex(3)
    text = target.original.decode("utf-8")
    added: Path | None = None

    log_at = [server.log_size()]

    def record(name: str, file: Path, started: float, checks: dict[str, Check]) -> dict[str, Any]:
        result = {"edit": name, "file": file.relative_to(content).as_posix(),
                  **wait_for(checks, started, timeout, server)}
        result["serve_log"] = server.log_since(log_at[0])  # what serve said meanwhile (errors, pages updated)
        results.append(result)
        shown = f"{result['seconds']:.2f} s" if result["seconds"] is not None else result["status"]
        print(f"  {name}: {shown}", flush=True)
        for line in result["serve_log"]:
            if line.startswith("error"):
                print(f"    serve: {line}", flush=True)
        return result

    def write(path: Path, data: str) -> float:
        log_at[0] = server.log_size()
        path.write_bytes(data.encode("utf-8"))
        return time.perf_counter()

    try:
        # (0) a number in a later paragraph: only this page changes
        number = str(1_000_000 + secrets.randbelow(9_000_000))
        numbered = change_number(text, number)
        if numbered is not None:
            text = numbered
            started = write(target.file, text)
            record("number", target.file, started, {"page": page_shows(server, lambda: target.url, number)})

        # (1) a new paragraph in the middle of the body
        marker = f"benchabsatz{token}"
        paragraph = (f"Nachtrag der Redaktion ({marker}): Dieser Absatz wurde nachträglich eingefügt, "
                     "um zu messen, wie schnell die Vorschau eine Änderung zeigt.")
        text = insert_paragraph(text, paragraph)
        started = write(target.file, text)
        result = record("paragraph", target.file, started,
                        {"page": page_shows(server, lambda: target.url, marker)})
        shown = marker if result["status"] == "ok" else None  # what the old URL serves until the page moves

        # (2) the title: the page moves; the home page lists the new title
        title_token = f"titel{secrets.token_hex(3)}"
        new_title = f"{target.title} nachtrag {title_token}"
        text = text.replace(target.title, new_title)
        new_url: list[str | None] = [None]

        def listed_title(left: float) -> bool:
            reply = get(server.port, "/", left)
            new_url[0] = link_to(reply.body, title_token) if reply.status == 200 else None
            return new_url[0] is not None

        started = write(target.file, text)
        result = record("title", target.file, started, {
            "home_lists_new_title": listed_title,
            "new_page": page_shows(server, lambda: new_url[0], title_token),
            "old_page_gone": page_gone(server, target.url, shown, lambda: new_url[0])})
        result["new_url"] = new_url[0]
        result["moved"] = None if new_url[0] is None else new_url[0] != target.url  # a slug cut at its length
        # limit may not change with a word added at the end of the title

        # (3) a new article: the original with a new id and a new title
        copy_token = f"kopie{secrets.token_hex(3)}"
        # The token first: at the end it may fall past the slug's length limit, and the copy's page then
        # takes the original's slug, numbered, which only the whole pipeline gives.
        copy_title = f"{copy_token}: {target.title}"
        copy_text = target.original.decode("utf-8").replace(target.title, copy_title)
        added = target.file.with_name(f"999999_{secrets.token_hex(8)}.txt")
        copy_url: list[str | None] = [None]

        def listed_copy(left: float) -> bool:
            reply = get(server.port, "/", left)
            copy_url[0] = link_to(reply.body, copy_token) if reply.status == 200 else None
            return copy_url[0] is not None

        started = write(added, copy_text)
        result = record("add", added, started, {
            "home_lists_it": listed_copy,
            "page": page_shows(server, lambda: copy_url[0], copy_token)})
        result["url"] = copy_url[0]

        # (4) that file deleted
        def unlisted(left: float) -> bool:
            reply = get(server.port, "/", left)
            return reply.status == 200 and copy_token not in reply.body

        log_at[0] = server.log_size()
        added.unlink()
        started = time.perf_counter()
        if copy_url[0] is not None:
            record("delete", added, started, {"home_unlists_it": unlisted,
                                              "page_gone": page_gone(server, copy_url[0], copy_token)})
        else:  # never shown, so its going cannot be seen
            results.append({"edit": "delete", "file": added.relative_to(content).as_posix(),
                            "status": "not measured (the added article never showed)", "seconds": None,
                            "checks": {}})
            print("  delete: not measured (the added article never showed)", flush=True)

        # (5) the article's original bytes back (paragraph and title reverted in one write); waiting
        # for it also leaves the preview as the archive is
        def home_reverted(left: float) -> bool:
            reply = get(server.port, "/", left)
            return reply.status == 200 and title_token not in reply.body

        started = write(target.file, target.original.decode("utf-8"))
        record("revert", target.file, started, {
            "home_shows_old_title": home_reverted,
            "old_page_back": page_back(server, target.url, marker, title_token)})

        # (6) saved again unchanged, as an editor may: nothing to show, so until serve says the preview
        # is updated (after the revert's rebuild has said so: its line may follow the page by a moment)
        wait_for({"revert_logged": preview_updated(server, log_at[0])}, time.perf_counter(), timeout, server)
        started = write(target.file, target.original.decode("utf-8"))
        record("unchanged", target.file, started, {"preview_updated": preview_updated(server, log_at[0])})
    finally:
        if target.file.read_bytes() != target.original:
            target.file.write_bytes(target.original)
        if added is not None and added.exists():
            added.unlink()
    return results


# ---------------------------------------------------------------------------
# Report


def git_version() -> dict[str, Any]:
    """The commit, and the code's uncommitted changes (files, and a digest of their diff)."""
    def git(*args: str) -> str:
        try:
            return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                                  check=False).stdout
        except OSError:
            return ""
    paths = ("--", "generator", "theme", "pyproject.toml")
    diff = git("diff", "HEAD", *paths)
    return {"commit": git("log", "-1", "--oneline").strip(),
            "uncommitted": git("status", "--porcelain", *paths).rstrip("\n").splitlines(),
            "uncommitted_diff_sha256": hashlib.sha256(diff.encode("utf-8")).hexdigest()[:16] if diff else None}


def print_table(report: dict[str, Any]) -> None:
    version = report["version"]
    dirty = (f" + uncommitted changes in {len(version['uncommitted'])} file(s), diff "
             f"{version['uncommitted_diff_sha256']}" if version["uncommitted"] else "")
    print(f"\narchive-site serve, {report['articles']} articles — {version['commit']}{dirty}")
    rows: list[tuple[str, str, str]] = []
    start = report["startup"]
    built = [line for line in start.get("log", []) if "serving on" not in line]
    rows.append(("startup (until / answers)", f"{start['seconds']:.2f}" if start["seconds"] is not None
                 else start["status"], built[-1][:100] if built else ""))
    for edit in report["edits"]:
        detail = ", ".join(f"{k} {v:.2f}" if v is not None else f"{k} –" for k, v in edit["checks"].items())
        if edit.get("moved") is False:
            detail += " (the page kept its URL)"
        if edit["seconds"] is not None:
            value = f"{edit['seconds']:.2f}"
        elif edit["status"] == "timeout":
            value = "timeout"
        else:
            value, detail = "–", edit["status"]
        errors = [line for line in edit.get("serve_log", []) if line.startswith("error")]
        if errors:
            detail += f"; serve: {errors[0][:80]}"
        rows.append((edit["edit"], value, detail))
    rows.append(("peak memory, PSS (MB)", f"{report['peak_mb']:.0f}",
                 f"during startup {report['startup_peak_mb']:.0f}"))
    print_rows(rows, ("step", "seconds", "detail (s after the write)"), 9)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1, help="only used if the archive must be synthesised")
    parser.add_argument("--timeout", type=float, default=300, help="seconds to wait for each edit (default 300)")
    parser.add_argument("--startup-timeout", type=float, default=1800,
                        help="seconds to wait for the first build (default 1800)")
    parser.add_argument("--json", type=Path, default=None, help="default build/bench/serve-<N>.json")
    args = parser.parse_args(argv)

    compile_modules()
    n = args.articles
    bench = ROOT / "build" / "bench"
    project = bench / str(n)
    config_path = project / "site_config.yml"
    if not config_path.is_file() or not (project / "content").is_dir():
        from bench.synth import synthesise

        started = time.perf_counter()
        size = synthesise(n, project, args.seed)
        print(f"synthesised {n} articles ({size / MB:.1f} MB) in {time.perf_counter() - started:.1f} s: {project}")
    from generator.config import load_config

    config = load_config(config_path)
    report: dict[str, Any] = {"articles": n, "cpus": os.cpu_count(), "python": sys.version.split()[0],
                              "version": git_version(), "timeout_s": args.timeout}
    log = bench / f"serve-{n}.log"
    print(f"archive-site serve on {n} articles (log: {log}) …", flush=True)
    server = start_server(config_path, log)
    try:
        started = time.perf_counter()
        home = Response(0, "")
        while time.perf_counter() - started < args.startup_timeout and server.alive():
            home = get(server.port, "/", args.startup_timeout)
            if home.status == 200:
                break
            time.sleep(POLL)
        if home.status != 200:
            print("\n".join(server.log_tail()), file=sys.stderr)
            raise SystemExit(f"serve did not answer 200 on / (last status {home.status}, "
                             f"{'running' if server.alive() else f'exited {server.proc.returncode}'})")
        startup_log = []  # what serve printed until then: was the first build whole or an update?
        for line in server.log_tail(200):
            startup_log.append(line)
            if "serving on" in line:
                break
        report["startup"] = {"status": "ok", "seconds": time.perf_counter() - started, "log": startup_log}
        report["startup_peak_mb"] = server.peak / MB
        report["port"] = server.port
        print(f"  startup: {report['startup']['seconds']:.2f} s", flush=True)

        target = choose_target(server, config.docs_dir, config.content_dir, home.body)
        report["article"] = {"file": target.file.relative_to(config.content_dir).as_posix(), "url": target.url,
                             "title": target.title}
        report["edits"] = run_edits(server, target, config.content_dir, args.timeout)
    finally:
        server.stop()
    report["peak_mb"] = server.peak / MB
    report["log"] = str(log)
    report["log_tail"] = server.log_tail()

    print_table(report)
    write_report(report, args.json or bench / f"serve-{n}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
