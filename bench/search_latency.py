"""Search latency in a real browser: page load to first results, and per keystroke.

Usage::

    .venv/bin/python bench/search_latency.py --articles 10000 [--query Hochwasser] [--runs 3]

Serves ``build/bench/<N>/site`` (built by ``bench/run.py --articles N``) on 127.0.0.1 from a thread,
opens the home page in Debian's Chromium through Playwright, types the query into Material's search
box as soon as the page is interactive, and reports

- ``ready``: time from navigation start until the search worker has its index (Material replaces
  the "initialising" note in the result panel),
- ``first results``: time from navigation start until the first result is in the page, the user
  having started typing right after DOMContentLoaded,
- per keystroke, on the loaded index: time from the key going down until the result list changed.

Each run uses a fresh browser context (empty cache). Writes ``build/bench/search-<N>.json``.
Target: first results ≤ 1.5 s at 10,000 articles.
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import write_report  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]

# Records, relative to navigation start, every change of the search result panel and every key press.
OBSERVER = """
window.__bench = {mutations: [], keys: [], meta: [], firstResult: null};
document.addEventListener('keydown', () => window.__bench.keys.push(performance.now()), true);
new MutationObserver(() => {
  const now = performance.now(), b = window.__bench;
  const panel = document.querySelector('.md-search-result');
  if (!panel) return;
  b.mutations.push(now);
  const meta = panel.querySelector('.md-search-result__meta');
  const text = meta ? meta.textContent.trim() : '';
  if (!b.meta.length || b.meta[b.meta.length - 1][1] !== text) b.meta.push([now, text]);
  if (b.firstResult === null && panel.querySelector('.md-search-result__item')) b.firstResult = now;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the base class's name
        pass


def serve(site: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def one_run(browser: Any, url: str, query: str, keystroke_query: str) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.add_init_script(OBSERVER)
    page.goto(url, wait_until="domcontentloaded")
    search = page.locator("input.md-search__input")
    search.click()
    page.keyboard.type(query)
    page.wait_for_function("window.__bench.firstResult !== null", timeout=120_000)
    bench = page.evaluate("window.__bench")
    timing = page.evaluate("JSON.parse(JSON.stringify(performance.getEntriesByType('navigation')[0]))")
    meta = bench["meta"]
    ready = next((t for t, text in meta[1:] if text != meta[0][1]), None) if meta else None
    result: dict[str, Any] = {
        "dom_content_loaded_ms": timing.get("domContentLoadedEventEnd"),
        "typing_started_ms": bench["keys"][0] if bench["keys"] else None,
        "ready_ms": ready,
        "first_results_ms": bench["firstResult"],
        "results_note": page.locator(".md-search-result__meta").inner_text(),
    }
    # Per keystroke on the loaded index: clear the box, then one key at a time.
    search.fill("")
    page.wait_for_timeout(500)
    latencies: list[float | None] = []
    for char in keystroke_query:
        page.evaluate("window.__bench.mutations = []; window.__bench.keys = []")
        page.keyboard.press(char)
        try:
            page.wait_for_function(
                "window.__bench.keys.length && window.__bench.mutations.some(t => t > window.__bench.keys[0])",
                timeout=5_000, polling=5)
            bench = page.evaluate("window.__bench")
            latencies.append(min(t for t in bench["mutations"] if t > bench["keys"][0]) - bench["keys"][0])
        except Exception:  # noqa: BLE001 - no change in the result list within 5 s
            latencies.append(None)
        page.wait_for_timeout(150)
    result["keystrokes"] = dict(zip([f"{i + 1}:{keystroke_query[:i + 1]}" for i in range(len(keystroke_query))],
                                    latencies, strict=True))
    context.close()
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--site", type=Path, default=None, help="default build/bench/<N>/site")
    parser.add_argument("--query", default="Hochwasser", help="typed right after page load")
    parser.add_argument("--keystrokes", default="Wohnungsbau", help="typed key by key on the loaded index")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args(argv)
    site = args.site or ROOT / "build" / "bench" / str(args.articles) / "site"
    if not (site / "search" / "search_index.json").exists():
        print(f"{site}: no built site; run bench/run.py --articles {args.articles} first", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    runs = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for _ in range(args.runs):
                runs.append(one_run(browser, url, args.query, args.keystrokes))
            browser.close()
    finally:
        server.shutdown()
    index_mb = (site / "search" / "search_index.json").stat().st_size / 1024 / 1024
    first = [r["first_results_ms"] for r in runs]
    ready = [r["ready_ms"] for r in runs if r["ready_ms"] is not None]
    keys = [v for r in runs for v in r["keystrokes"].values() if v is not None]
    summary = {
        "articles": args.articles, "search_index_mb": round(index_mb, 2), "query": args.query,
        "first_results_ms_median": round(statistics.median(first)),
        "first_results_ms_max": round(max(first)),
        "ready_ms_median": round(statistics.median(ready)) if ready else None,
        "keystroke_ms_median": round(statistics.median(keys)) if keys else None,
        "keystroke_ms_max": round(max(keys)) if keys else None,
        "target_first_results_1500ms": max(first) <= 1500,
        "runs": runs,
    }
    print(f"search index {index_mb:.2f} MB, {args.runs} runs, query {args.query!r}")
    print(f"  search ready after load      median {summary['ready_ms_median']} ms")
    print(f"  load → first results         median {summary['first_results_ms_median']} ms, "
          f"max {summary['first_results_ms_max']} ms (target ≤ 1500)")
    print(f"  per keystroke ({args.keystrokes!r})  median {summary['keystroke_ms_median']} ms, "
          f"max {summary['keystroke_ms_max']} ms")
    for run in runs:
        print("   ", ", ".join(f"{k} {v:.0f}" if v is not None else f"{k} –" for k, v in run["keystrokes"].items()))
    write_report(summary, args.json or ROOT / "build" / "bench" / f"search-{args.articles}.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
