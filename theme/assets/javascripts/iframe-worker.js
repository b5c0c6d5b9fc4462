/*
 * A stand-in for Web Workers on pages opened from disk (file://).
 *
 * Browsers refuse to start a Worker from a file: URL, and Material's search runs
 * in one. Material's offline plugin would load a polyfill from a CDN; this file
 * replaces it so an offline copy of the archive makes no network request.
 * The worker script runs in a hidden iframe of the same page instead: messages
 * go both ways as "message" events, and importScripts() loads scripts one
 * after another, returning a Promise (Material's worker awaits it).
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || window.__archiveFileWorker) {
    return;
  }
  window.__archiveFileWorker = true;

  function loadScript(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("could not load " + url)); };
      doc.head.appendChild(script);
    });
  }

  function FileWorker(url) {
    var target = document.createDocumentFragment();  // an EventTarget to dispatch on
    var self = this;
    var queue = [];
    var ready = false;
    var frame = document.createElement("iframe");
    frame.hidden = true;
    frame.setAttribute("aria-hidden", "true");
    document.body.appendChild(frame);
    var scope = frame.contentWindow;
    var base = new URL(url, location.href);

    this.addEventListener = target.addEventListener.bind(target);
    this.removeEventListener = target.removeEventListener.bind(target);
    this.dispatchEvent = target.dispatchEvent.bind(target);
    this.onmessage = null;
    this.onerror = null;

    function emit(type, init) {
      var event = type === "message" ? new MessageEvent("message", init) : new ErrorEvent("error", init);
      var handler = type === "message" ? self.onmessage : self.onerror;
      if (typeof handler === "function") {
        handler.call(self, event);
      }
      target.dispatchEvent(event);
    }

    // What the worker script sees as its global scope.
    scope.postMessage = function (data) {
      setTimeout(function () { emit("message", { data: data }); }, 0);
    };
    scope.importScripts = function () {
      var urls = Array.prototype.slice.call(arguments);
      return urls.reduce(function (done, next) {
        return done.then(function () {
          return loadScript(scope.document, new URL(next, base).href);
        });
      }, Promise.resolve());
    };
    scope.close = function () { self.terminate(); };

    function deliver(data) {
      scope.dispatchEvent(new scope.MessageEvent("message", { data: data }));
    }

    this.postMessage = function (data) {
      if (ready) {
        setTimeout(function () { deliver(data); }, 0);
      } else {
        queue.push(data);
      }
    };
    this.terminate = function () {
      queue = [];
      if (frame.parentNode) {
        frame.parentNode.removeChild(frame);
      }
    };

    loadScript(scope.document, base.href).then(function () {
      ready = true;
      queue.splice(0).forEach(deliver);
    }, function (error) {
      emit("error", { message: error.message });
    });
  }

  window.Worker = FileWorker;
})();
