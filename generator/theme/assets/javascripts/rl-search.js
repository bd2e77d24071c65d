/*
 * The header search of the reading list: Material's search dialog (partials/rl-search.html), driven
 * by this script. It is all that loads with a page; the engine and its index load when a reader
 * opens search (focus or click on the search box, the header's magnifier, "/", "s" or "f", or a URL
 * with ?search=...), never before.
 *
 * Engines (the dialog's data-rl-search): "builtin" imports rl-search-engine.js, which reads the
 * index the plugin wrote to search/rl/ (one file, or shards on large sites); "pagefind" imports
 * pagefind-search.js (the Pagefind bundle). Both answer `search(query, limit)` with the same result
 * records, so readers see one dialog and one result layout whatever the size of the list.
 *
 * Results: title, authors, year, common names, the lists the paper is in, its tags (once), words
 * that matched marked; index pages (tags, lists, categories) after the papers. Every value is set
 * with textContent / createElement, never parsed as HTML.
 * Keys: "/", "s", "f" open search; arrows move through the results; Enter opens the first (or the
 * focused) result; Escape closes. The query is kept in the URL (?search=...): such a URL opens search
 * with it. The header survives Material's instant navigation; the dialog is bound once per element on
 * every `document$` emission.
 */
(function () {
  "use strict";
  if (window.__rlSearch) return;
  window.__rlSearch = true;

  const PARAM = "search";
  const PAGE = 10; // results shown at first ("Show more" adds 20 at a time)
  const URL_DELAY_MS = 300;
  const root = new URL(window.ReadingListSite ? window.ReadingListSite.root : "./", location.href); // site.js
  const here = new URL("assets/javascripts/", root); // where this file and the engines are
  const MODULES = { builtin: "rl-search-engine.js", pagefind: "pagefind-search.js" };
  const KINDS = { tag: "Tag", list: "List", category: "Category" };

  let config = {};
  try {
    config = JSON.parse(document.getElementById("__config").textContent);
  } catch (e) {
    config = {};
  }
  const FALLBACK = {
    "search.result.placeholder": "Type to start searching",
    "search.result.none": "No matching documents",
    "search.result.one": "1 matching document",
    "search.result.other": "# matching documents",
  };
  function t(key, count) {
    const text = (config.translations && config.translations[key]) || FALLBACK[key];
    return count === undefined ? text : text.replace("#", String(count));
  }

  let engine = null;
  function load(dialog) {
    if (!engine) {
      const kind = MODULES[dialog.dataset.rlSearch] ? dialog.dataset.rlSearch : "builtin";
      engine = import(new URL(MODULES[kind], here).href).then((m) => m.open(root.href));
      engine.catch(() => {
        engine = null; // try again on the next query
      });
    }
    return engine;
  }

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function marked(parent, text, terms, segments) {
    for (const [piece, hit] of segments(text, terms)) {
      parent.appendChild(hit ? el("mark", "", piece) : document.createTextNode(piece));
    }
    return parent;
  }

  function item(href, children) {
    const li = el("li", "md-search-result__item");
    const a = el("a", "md-search-result__link");
    a.href = href;
    a.tabIndex = -1;
    const article = el("article", "md-search-result__article md-typeset");
    article.append(el("div", "md-search-result__icon md-icon"), ...children);
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function paperItem(r, terms, segments) {
    const parts = [marked(el("h1"), r.title, terms, segments)];
    const byline = el("p", "rl-search-result__byline");
    if (r.authors.length) {
      marked(byline, r.authors.join(", ") + (r.more > 0 ? " et al." : ""), terms, segments);
    }
    if (r.year) byline.appendChild(document.createTextNode((r.authors.length ? " · " : "") + r.year));
    if (byline.childNodes.length) parts.push(byline);
    if (r.aka.length) {
      const aka = el("p", "rl-search-result__aka", "Known as ");
      parts.push(marked(aka, r.aka.join(", "), terms, segments));
    }
    if (r.lists.length) parts.push(el("p", "rl-search-result__lists", "In " + r.lists.join(" · ")));
    const tags = [...new Set(r.tags)];
    if (tags.length) {
      const nav = el("nav", "md-tags rl-search-result__tags");
      nav.setAttribute("aria-label", "Tags");
      tags.forEach((tag) => nav.appendChild(el("span", "md-tag", tag)));
      parts.push(nav);
    }
    return item(r.url, parts);
  }

  function pageItem(r, terms, segments) {
    const what = (KINDS[r.kind] || r.kind) + " · " + r.count + (r.count === 1 ? " paper" : " papers");
    const li = item(r.url, [marked(el("h1"), r.title, terms, segments), el("p", "rl-search-result__byline", what)]);
    li.classList.add("rl-search-result__page");
    return li;
  }

  function isOpen() {
    const toggle = document.getElementById("__search");
    return Boolean(toggle && toggle.checked);
  }

  function setToggle(open) {
    const toggle = document.getElementById("__search");
    if (toggle && toggle.checked !== open) toggle.click(); // as Material does: fires "change"
  }

  function editable(node) {
    return (
      node instanceof HTMLElement &&
      (node.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(node.tagName))
    );
  }

  function syncURL(query) {
    try {
      const url = new URL(location.href);
      if (query) url.searchParams.set(PARAM, query);
      else url.searchParams.delete(PARAM);
      if (url.href !== location.href) history.replaceState(history.state, "", url.href);
    } catch (e) {
      /* Safari throttles replaceState: the URL is a convenience */
    }
  }

  // the URL follows the query once typing pauses (each change of the URL is a history entry update)
  let urlTimer = 0;
  function syncURLSoon(query) {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => {
      if (isOpen()) syncURL(query);
    }, URL_DELAY_MS);
  }

  let current = null; // the bound dialog: { dialog, input, list, open() }

  function bind(dialog) {
    const form = dialog.querySelector("[data-rl-search-form]");
    const input = dialog.querySelector("[data-rl-search-query]");
    const meta = dialog.querySelector(".md-search-result__meta");
    const list = dialog.querySelector(".md-search-result__list");
    if (!form || !input || !meta || !list) return;
    let seq = 0;
    let limit = PAGE;

    async function run(ev) {
      if (ev) limit = PAGE; // a new query starts with the first page of results
      const query = input.value.trim();
      const mine = ++seq;
      const stale = () => mine !== seq;
      if (isOpen()) syncURLSoon(query);
      if (!query) {
        list.replaceChildren();
        list.dataset.query = "";
        meta.textContent = t("search.result.placeholder");
        return;
      }
      let found, eng;
      try {
        eng = await load(dialog);
        if (stale()) return;
        found = await eng.search(query, limit, { stale });
      } catch (e) {
        if (stale()) return;
        meta.textContent = "Search is unavailable: " + (e && e.message ? e.message : e);
        list.replaceChildren();
        list.dataset.query = query;
        list.dataset.complete = "1";
        return;
      }
      if (!found || stale()) return; // a newer query is on its way
      show(query, found, eng);
      if (found.pending) {
        // a sharded index answers with the first results while the data of the others arrives
        let rest = null;
        try {
          rest = await found.pending;
        } catch (e) {
          rest = null;
        }
        if (rest && !stale()) show(query, rest, eng);
      }
    }

    function show(query, found, eng) {
      const n = found.total;
      meta.textContent = n === 0 ? t("search.result.none") : n === 1 ? t("search.result.one") : t("search.result.other", n);
      if (found.partial && n) meta.textContent = `No paper has all these words; ${meta.textContent} with some of them`;
      const items = found.papers.map((r) => paperItem(r, found.terms, eng.segments));
      if (!found.pending && n > found.papers.length) items.push(moreItem(n - found.papers.length));
      items.push(...found.pages.map((r) => pageItem(r, found.terms, eng.segments)));
      list.replaceChildren(...items);
      list.dataset.query = query; // which query the list shows (tests and benchmarks wait for it)
      list.dataset.complete = found.pending ? "" : "1";
    }

    function moreItem(rest) {
      const li = el("li", "md-search-result__item rl-search-result__more");
      const button = el("button", "md-search-result__link", `Show ${Math.min(rest, PAGE * 2)} more of ${rest}`);
      button.type = "button";
      button.tabIndex = -1;
      button.addEventListener("click", () => {
        limit += PAGE * 2;
        input.focus();
        run();
      });
      li.appendChild(button);
      return li;
    }

    function open(select) {
      setToggle(true);
      input.focus();
      if (select) input.select();
      load(dialog).catch(() => {}); // a failure shows with the first query
    }

    current = { dialog, input, list, open };
    input.addEventListener("focus", () => open(false));
    input.addEventListener("input", run);
    form.addEventListener("submit", (ev) => ev.preventDefault());
    form.addEventListener("reset", () => {
      setTimeout(() => {
        run();
        input.focus();
      });
    });
    dialog.addEventListener("click", (ev) => {
      if (ev.target instanceof Element && ev.target.closest("a")) setToggle(false);
    });
    const toggle = document.getElementById("__search");
    if (toggle) {
      toggle.addEventListener("change", () => {
        if (toggle.checked) {
          load(dialog).catch(() => {});
        } else {
          clearTimeout(urlTimer);
          syncURL("");
        }
      });
    }
    const button = document.querySelector(".md-header__button[for=__search]"); // the magnifier (small screens)
    if (button) {
      button.addEventListener("pointerdown", () => load(dialog).catch(() => {}));
      // after the label has toggled the dialog open (focusing first would open it, then the label close it)
      button.addEventListener("click", () => setTimeout(() => input.focus()));
    }
    const shared = new URL(location.href).searchParams.get(PARAM);
    if (shared && shared.trim()) {
      input.value = shared;
      open(false);
      run();
    } else if (input.value) {
      run();
    }
  }

  function bindAll() {
    document.querySelectorAll("[data-rl-search]").forEach((dialog) => {
      if (dialog.dataset.rlBound) return;
      dialog.dataset.rlBound = "1";
      bind(dialog);
    });
  }

  window.addEventListener("keydown", (ev) => {
    if (!current || ev.metaKey || ev.ctrlKey || ev.altKey) return;
    const { input, list, open } = current;
    const active = document.activeElement;
    if (!isOpen()) {
      // a closed dialog never keeps the focus: a shortcut then reopens it instead of typing into it
      if (ev.key === "Escape" && active === input) input.blur();
      if (["f", "s", "/"].includes(ev.key) && (active === input || !editable(active))) {
        ev.preventDefault();
        open(true);
      }
      return;
    }
    const links = Array.from(list.querySelectorAll("a[href], .rl-search-result__more button"));
    switch (ev.key) {
      case "Enter":
        if (active === input && links.length && links[0].matches("a")) {
          ev.preventDefault();
          links[0].click();
        }
        break;
      case "Escape":
      case "Tab":
        setToggle(false);
        input.blur();
        break;
      case "ArrowUp":
      case "ArrowDown": {
        const stops = [input, ...links];
        const at = Math.max(0, stops.indexOf(active));
        const step = ev.key === "ArrowUp" ? -1 : 1;
        stops[(at + step + stops.length) % stops.length].focus();
        ev.preventDefault();
        break;
      }
      default:
        // typing while a result has the focus goes on in the search box
        if (ev.key.length === 1 && active !== input && links.includes(active)) input.focus();
    }
  });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(bindAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
})();
