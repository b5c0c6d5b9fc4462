"""The Web Worker stand-in for pages opened from disk (theme/assets/javascripts/iframe-worker.js), on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from ..conftest import REPO
from .conftest import Tab

SHIM = REPO / "theme" / "assets" / "javascripts" / "iframe-worker.js"

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><script src="iframe-worker.js"></script></head>
<body><p>worker stand-in</p><script>
  window.log = [];
  window.worker = new Worker("workers/echo.js");
  worker.onmessage = function (event) { log.push(["onmessage", event.data]); };
  worker.addEventListener("message", function (event) { log.push(["listener", event.data]); });
  worker.postMessage({n: 1});  // before the worker script has loaded: must wait in the queue
  window.missing = new Worker("workers/missing.js");
  missing.onerror = function (event) { log.push(["error", event.message]); };
</script></body></html>
"""
# The worker's "global scope" is the iframe: importScripts resolves against the worker's URL,
# loads the scripts in order and returns a Promise.
WORKER = """
var loaded = [];
self.addEventListener("message", function (event) {
  importScripts("lib/one.js", "lib/two.js").then(function () {
    postMessage({got: event.data, order: loaded.slice()});
  });
});
"""


@pytest.fixture(scope="module")
def shim_page(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = tmp_path_factory.mktemp("shim")
    shutil.copy(SHIM, root / "iframe-worker.js")
    (root / "page.html").write_text(PAGE, encoding="utf-8")
    (root / "workers" / "lib").mkdir(parents=True)
    (root / "workers" / "echo.js").write_text(WORKER, encoding="utf-8")
    (root / "workers" / "lib" / "one.js").write_text('loaded.push("one");\n', encoding="utf-8")
    (root / "workers" / "lib" / "two.js").write_text('loaded.push("two");\n', encoding="utf-8")
    return Path(root / "page.html").as_uri()


def test_worker_stand_in_on_a_page_from_disk(shim_page: str, tab: Tab) -> None:
    page = tab.page
    page.goto(shim_page)
    page.wait_for_function("log.length >= 3")
    reply = {"got": {"n": 1}, "order": ["one", "two"]}
    log = page.evaluate("log")
    assert ["onmessage", reply] in log and ["listener", reply] in log
    assert any(kind == "error" and "workers/missing.js" in message for kind, message in log), log
    assert page.evaluate("worker instanceof EventTarget && !/\\[native code\\]/.test(String(Worker))")
    assert page.locator("iframe").count() == 2 and not page.locator("iframe").first.is_visible()

    # After terminate() the worker's iframe is gone and nothing more arrives.
    page.evaluate("worker.terminate(); worker.postMessage({n: 2}); log.length = 0")
    page.wait_for_timeout(300)
    assert page.evaluate("log") == []
    assert page.locator("iframe").count() == 1
    # The only errors are the missing worker script's failed load, which the page asked for.
    assert [e for e in tab.errors if "missing.js" not in e] == []
