/*
 * Pagefind search in Material's header search dialog, for sites built with
 * `extra.search_engine_active: pagefind` (see generator/search.py). The hook adds this
 * file to extra_javascript and swaps Material's search partial for
 * partials/pagefind-search.html: Material's markup and classes without the hooks that
 * make Material mount its lunr search, so its styles apply and its JS leaves it alone.
 *
 * Queries go to the Pagefind bundle that `pagefind --site` writes to pagefind/. Its fixed
 * part (pagefind.js, its worker and wasm, the index's metadata: ~230 kB at 10,000 papers,
 * mostly pre-compressed) loads once per visit, when the browser is first idle after the page
 * loads or when the search box gets focus, whichever is first; each query then loads only the
 * index chunks and result fragments it needs. Everything is served by the site itself (works
 * offline, no CDN). The header survives Material's instant navigation; the
 * dialog is (re)bound on every `document$` emission, once per element.
 *
 * Results are inserted with createElement/textContent; Pagefind's excerpts (HTML with
 * <mark>) are split on the marks and each piece decoded as text, never parsed as markup.
 */
(function () {
  "use strict";
  if (window.__rlPagefindSearch) return;
  window.__rlPagefindSearch = true;

  const MAX_RESULTS = 10;
  const DEBOUNCE_MS = 100;
  const script = document.currentScript;
  // this file is <site>/assets/javascripts/pagefind-search.js: the site root is two levels up
  const root = new URL("../../", script ? script.src : location.href);
  const bundle = new URL("pagefind/pagefind.js", root).href;

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

  let pagefind = null;
  function load() {
    if (!pagefind) {
      pagefind = import(bundle).then(async (pf) => {
        await pf.options({ excerptLength: 30 });
        await pf.init();
        return pf;
      });
      pagefind.catch(() => {
        pagefind = null; // retry on the next query
      });
    }
    return pagefind;
  }
  function warm() {
    load().catch(() => {}); // a failure shows on the next query
  }

  const decoder = document.createElement("textarea");
  function decode(html) {
    decoder.innerHTML = html; // a textarea's content is text: entities decode, tags stay text
    return decoder.value;
  }

  function excerptNode(excerpt) {
    const p = document.createElement("p");
    String(excerpt || "")
      .split(/<\/?mark>/)
      .forEach((piece, i) => {
        if (!piece) return;
        const text = document.createTextNode(decode(piece));
        if (i % 2 === 1) {
          const mark = document.createElement("mark");
          mark.appendChild(text);
          p.appendChild(mark);
        } else {
          p.appendChild(text);
        }
      });
    return p;
  }

  function resultItem(data) {
    const li = document.createElement("li");
    li.className = "md-search-result__item";
    const a = document.createElement("a");
    a.className = "md-search-result__link";
    a.href = data.url;
    a.tabIndex = -1;
    const article = document.createElement("article");
    article.className = "md-search-result__article md-typeset";
    const icon = document.createElement("div");
    icon.className = "md-search-result__icon md-icon";
    const h1 = document.createElement("h1");
    h1.textContent = (data.meta && data.meta.title) || data.url;
    article.append(icon, h1, excerptNode(data.excerpt));
    a.appendChild(article);
    li.appendChild(a);
    return li;
  }

  function setToggle(open) {
    const toggle = document.getElementById("__search");
    if (toggle && toggle.checked !== open) toggle.click(); // as Material does: fires "change"
  }

  function isOpen() {
    const toggle = document.getElementById("__search");
    return Boolean(toggle && toggle.checked);
  }

  function editable(el) {
    return (
      el instanceof HTMLElement &&
      (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName))
    );
  }

  let current = null; // the bound dialog: { input, list }

  function bind(dialog) {
    const form = dialog.querySelector("[data-rl-search-form]");
    const input = dialog.querySelector("[data-rl-search-query]");
    const meta = dialog.querySelector(".md-search-result__meta");
    const list = dialog.querySelector(".md-search-result__list");
    if (!form || !input || !meta || !list) return;
    current = { input, list };
    let seq = 0;

    async function run() {
      const query = input.value.trim();
      const mine = ++seq;
      if (!query) {
        list.replaceChildren();
        list.dataset.query = "";
        meta.textContent = t("search.result.placeholder");
        return;
      }
      let search, datas;
      try {
        const pf = await load();
        search = await pf.debouncedSearch(query, {}, DEBOUNCE_MS);
        if (search === null || mine !== seq) return; // superseded by a later keystroke
        datas = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
      } catch (e) {
        if (mine === seq) meta.textContent = "Search is unavailable: " + (e && e.message ? e.message : e);
        return;
      }
      if (mine !== seq) return;
      const n = search.results.length;
      meta.textContent =
        n === 0 ? t("search.result.none") : n === 1 ? t("search.result.one") : t("search.result.other", n);
      list.replaceChildren(...datas.map(resultItem));
      list.dataset.query = query; // which query the list shows (for tests and benchmarks)
    }

    input.addEventListener("focus", () => {
      setToggle(true);
      warm();
    });
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
    const button = document.querySelector(".md-header__button[for=__search]"); // the magnifier (small screens)
    // after the label has toggled the dialog open (focusing first would open it, then the label close it)
    if (button) button.addEventListener("click", () => setTimeout(() => input.focus()));
    if (input.value) run();
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
    const { input, list } = current;
    const active = document.activeElement;
    if (!isOpen()) {
      // Material's own keyboard handler may close the dialog first on Escape and leave the box focused:
      // a closed dialog never keeps the focus, and a shortcut then reopens it instead of typing into it
      if (ev.key === "Escape" && active === input) input.blur();
      const shortcut = ["f", "s", "/"].includes(ev.key);
      if (shortcut && (active === input || !editable(active))) {
        ev.preventDefault();
        input.focus();
        setToggle(true);
        input.select();
      }
      return;
    }
    const links = Array.from(list.querySelectorAll("a[href]"));
    switch (ev.key) {
      case "Enter":
        if (active === input && links.length) {
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
    }
  });

  // warm up when idle, so the first query does not wait for the wasm and the index metadata
  function warmWhenIdle() {
    const idle = window.requestIdleCallback || ((fn) => setTimeout(fn, 200));
    idle(warm, { timeout: 2000 });
  }
  if (document.readyState === "complete") warmWhenIdle();
  else window.addEventListener("load", warmWhenIdle, { once: true });

  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(bindAll);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", bindAll);
  } else {
    bindAll();
  }
})();
