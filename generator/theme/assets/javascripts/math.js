/*
 * Math rendering for the reading-list site, with the KaTeX vendored under
 * assets/vendor/katex/ (no CDN: the site works offline).
 *
 * The pages carry pymdownx.arithmatex "generic" output:
 *   <span class="arithmatex">\(x^2\)</span>   <div class="arithmatex">\[ ... \]</div>
 * On a page with at least one `.arithmatex` element, KaTeX is loaded lazily
 * (stylesheet, katex.min.js, then contrib/auto-render.min.js — each at most
 * once per session) and `renderMathInElement` runs on every such element.
 * Pages without math load nothing.
 *
 * Material's instant navigation swaps pages without a reload, so this runs on
 * every emission of `window.document$` when it exists, else on DOMContentLoaded.
 * Dependency-free classic script; safe to include twice.
 */
(function () {
  "use strict";
  if (typeof window === "undefined" || typeof document === "undefined") return;
  if (window.__rlMath) return; // already set up on this page
  window.__rlMath = true;

  var KATEX_DIR = "assets/vendor/katex/";
  var DONE = "data-rl-math"; // set on an .arithmatex element once rendered
  var OPTIONS = {
    delimiters: [
      { left: "\\(", right: "\\)", display: false },
      { left: "\\[", right: "\\]", display: true },
    ],
    throwOnError: false,
  };

  // The site root (site.js, loaded first, works it out once for every script).
  var root = window.ReadingListSite ? window.ReadingListSite.root : new URL("./", location.href).href;
  var loading = null; // Promise of KaTeX + auto-render, once per session
  var link = null; // the <link rel=stylesheet> for katex.min.css

  function asset(path) {
    return new URL(KATEX_DIR + path, root).href;
  }

  function ensureStylesheet() {
    // Appended to <body>, not <head>: on instant navigation Material removes
    // head elements that the next page does not have. Re-added if gone anyway.
    if (link && link.isConnected) return;
    var href = asset("katex.min.css");
    link = null;
    var links = document.querySelectorAll('link[rel="stylesheet"]');
    for (var i = 0; i < links.length; i++) if (links[i].href === href) link = links[i];
    if (!link) {
      link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.body.appendChild(link);
    }
  }

  function loadScript(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = src;
      s.async = false;
      s.onload = function () {
        resolve();
      };
      s.onerror = function () {
        s.remove();
        reject(new Error("could not load " + src));
      };
      document.body.appendChild(s);
    });
  }

  function loadKatex() {
    if (!loading) {
      loading = Promise.resolve()
        .then(function () {
          if (!window.katex) return loadScript(asset("katex.min.js"));
        })
        .then(function () {
          if (typeof window.renderMathInElement !== "function") return loadScript(asset("contrib/auto-render.min.js"));
        })
        .catch(function (err) {
          loading = null; // let the next page try again
          throw err;
        });
    }
    return loading;
  }

  function renderAll() {
    // Query again now: the page may have changed while KaTeX was loading.
    var els = document.querySelectorAll(".arithmatex:not([" + DONE + "])");
    for (var i = 0; i < els.length; i++) {
      try {
        window.renderMathInElement(els[i], OPTIONS);
      } catch (e) {
        if (window.console) console.error("math.js: could not render", els[i], e);
      }
      els[i].setAttribute(DONE, "");
    }
  }

  function run() {
    if (!document.querySelector(".arithmatex:not([" + DONE + "])")) return;
    ensureStylesheet();
    loadKatex().then(renderAll, function (err) {
      if (window.console) console.error("math.js:", err);
    });
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () {
      run();
    });
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
