/*
 * archive-site: a stand-in for Web Workers on pages opened from disk (file://).
 *
 * Chromium and Firefox refuse to start a Worker from a file: URL, and
 * Material's search runs in one. Material's offline plugin would fetch a
 * polyfill from a CDN unless one named "iframe-worker" is listed; this file is
 * listed instead, so an offline copy of the archive makes no network request.
 *
 * The worker script runs in a hidden iframe of the same page (about:blank
 * shares the page's origin): the stand-in is an EventTarget with
 * postMessage(), terminate() and onmessage; messages posted before the script
 * has loaded wait in a queue; postMessage() inside the iframe becomes a
 * "message" event on the stand-in; importScripts() inside the iframe loads the
 * scripts one after another through <script> tags and returns a Promise
 * (Material's worker awaits it). Served over HTTP(S) this file does nothing.
 *
 * It deliberately defines no global "IFrameWorker": Material's worker would
 * then derive its script folder from a different place. Relative URLs given
 * to importScripts() resolve against the worker script's URL, as in a Worker.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || window.__archiveSiteFileWorker) {
    return;
  }
  window.__archiveSiteFileWorker = true;

  function loadScript(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.async = false;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + url)); };
      (doc.head || doc.documentElement).appendChild(script);
    });
  }

  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      var worker = this;
      var source = new URL(String(url), location.href);
      var queue = [];
      var state = "loading";  // then "ready", or "closed"
      this.onmessage = null;
      this.onerror = null;

      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.setAttribute("aria-hidden", "true");
      frame.setAttribute("tabindex", "-1");
      (document.body || document.documentElement).appendChild(frame);
      var scope = frame.contentWindow;

      function emit(event) {
        var handler = event.type === "message" ? worker.onmessage : worker.onerror;
        if (typeof handler === "function") {
          handler.call(worker, event);
        }
        worker.dispatchEvent(event);
      }

      function deliver(data) {
        if (state === "ready") {
          scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
        }
      }

      // What the worker script sees as its global scope.
      scope.postMessage = function (data) {
        setTimeout(function () {
          if (state !== "closed") {
            emit(new MessageEvent("message", { data: data }));
          }
        }, 0);
      };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (previous, next) {
          return previous.then(function () {
            return loadScript(scope.document, new URL(String(next), source).href);
          });
        }, Promise.resolve());
      };
      scope.close = function () { worker.terminate(); };
      // An uncaught error in the worker script is reported on the stand-in, as a Worker would.
      scope.addEventListener("error", function (event) {
        emit(new ErrorEvent("error", {
          message: event.message, filename: event.filename, lineno: event.lineno, colno: event.colno,
        }));
      });

      this.postMessage = function (data) {
        if (state === "ready") {
          setTimeout(function () { deliver(data); }, 0);
        } else if (state === "loading") {
          queue.push(data);
        }
      };
      this.terminate = function () {
        state = "closed";
        queue = [];
        if (frame.parentNode) {
          frame.parentNode.removeChild(frame);
        }
      };

      loadScript(scope.document, source.href).then(function () {
        if (state !== "loading") {
          return;
        }
        state = "ready";
        queue.splice(0).forEach(deliver);
      }, function (error) {
        emit(new ErrorEvent("error", { message: error.message, filename: source.href }));
      });
    }
  }

  window.Worker = FileWorker;
})();
