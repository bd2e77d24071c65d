/*
 * Reading state for the reading-list site: to read / reading / read, kept in
 * the browser's localStorage. No server, no account, no cookies.
 *
 * One dependency-free ES2020 file that works two ways:
 *   - as a classic <script> (MkDocs `extra_javascript`): defines
 *     `globalThis.ReadingList` and renders into the DOM hooks (see READING.md);
 *   - from node (`require()` or `vm`): exports the same object; the DOM code
 *     only runs when `window` and `document` exist.
 *
 * Storage: localStorage["reading-list:v1"] =
 *   {"version": 1, "papers": {"SLUG": {"state": "toread|reading|read",
 *     "title": "...", "url": "papers/SLUG/", "updated": "ISO-8601"}}}
 * The export file (reading-list.json) is exactly that object.
 *
 * Everything inserted into the page goes through createElement/textContent/
 * setAttribute; data is never parsed as HTML.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (root && root.ReadingList && root.ReadingList.ui) return; // already loaded and mounted on this page
  if (root) root.ReadingList = api;
  if (typeof window !== "undefined" && typeof document !== "undefined" && document.documentElement) {
    api.mount(window, document);
  }
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  /* ------------------------------------------------------------------ *
   * Constants
   * ------------------------------------------------------------------ */

  const STORAGE_KEY = "reading-list:v1";
  const BACKUP_KEY = "reading-list:v1:backup"; // invalid stored data is copied here before being overwritten
  const VERSION = 1;
  const STATES = Object.freeze(["toread", "reading", "read"]);
  const STATE_LABELS = Object.freeze({ toread: "To read", reading: "Reading", read: "Read", "": "Not set" });
  const GROUP_ORDER = Object.freeze(["reading", "toread", "read"]);
  const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
  // Paper ids: the generator emits [a-z0-9-]; accept a little more, but never
  // whitespace (data-rl-papers is space separated) nor "__proto__".
  const SLUG_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;
  // A path relative to the site root: no scheme (":" is not allowed), no
  // leading "/", no "//" anywhere — so an imported file cannot smuggle in
  // "javascript:" or off-site links.
  const URL_RE = /^(?!.*\/\/)[A-Za-z0-9._~%-][A-Za-z0-9._~%/-]{0,499}$/;
  const ISO_RE = /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

  /* ------------------------------------------------------------------ *
   * Pure logic (no DOM, no storage) — tested in node
   * ------------------------------------------------------------------ */

  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  const isPlainObject = (x) => x !== null && typeof x === "object" && !Array.isArray(x);
  const describe = (x) => {
    if (x === undefined) return "nothing";
    let s;
    try { s = JSON.stringify(x); } catch (e) { s = String(x); }
    if (s === undefined) s = String(x);
    return s.length > 60 ? s.slice(0, 57) + "…" : s;
  };

  function emptyState() {
    return { version: VERSION, papers: {} };
  }

  function isSlug(s) {
    return typeof s === "string" && SLUG_RE.test(s);
  }

  function isRelativeUrl(s) {
    return typeof s === "string" && URL_RE.test(s);
  }

  function isIsoDate(s) {
    if (typeof s !== "string") return false;
    const m = ISO_RE.exec(s);
    if (!m || Number.isNaN(Date.parse(s))) return false;
    const y = Number(m[1]), mo = Number(m[2]), d = Number(m[3]);
    const day = new Date(Date.UTC(y, mo - 1, d));
    return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d; // rejects 2024-02-30
  }

  function defaultUrl(slug) {
    return `papers/${slug}/`;
  }

  function toIso(now) {
    if (now === undefined) return new Date().toISOString();
    if (now instanceof Date) return now.toISOString();
    if (isIsoDate(now)) return now;
    return new Date(now).toISOString(); // throws RangeError on nonsense, by design
  }

  /** Check one entry; returns a normalised copy or an error message (string). */
  function checkEntry(slug, e) {
    if (!isSlug(slug)) return `invalid paper id ${describe(slug)}`;
    const who = `paper "${slug}"`;
    if (!isPlainObject(e)) return `${who}: expected an object, got ${describe(e)}`;
    if (!STATES.includes(e.state)) {
      return `${who}: unknown state ${describe(e.state)} (expected "toread", "reading" or "read")`;
    }
    if (e.title !== undefined && typeof e.title !== "string") return `${who}: "title" must be a string`;
    if (e.url !== undefined && !isRelativeUrl(e.url)) {
      return `${who}: "url" must be a path relative to the site root, like "${defaultUrl(slug)}"`;
    }
    if (!isIsoDate(e.updated)) return `${who}: "updated" must be an ISO-8601 date-time, got ${describe(e.updated)}`;
    return {
      state: e.state,
      title: e.title === undefined ? "" : e.title,
      url: e.url === undefined ? defaultUrl(slug) : e.url,
      updated: e.updated,
    };
  }

  /**
   * Validate an already-parsed object.
   * Strict (default): any bad entry rejects the whole object.
   * Lenient ({lenient: true}, used for what is in localStorage): bad entries are
   * dropped and listed in `dropped`; the envelope must still be right.
   * Returns {ok: true, value, dropped} or {ok: false, error}.
   */
  function validate(obj, opts) {
    const lenient = !!(opts && opts.lenient);
    if (!isPlainObject(obj)) {
      return { ok: false, error: 'expected a JSON object like {"version": 1, "papers": {…}}' };
    }
    if (obj.version !== VERSION) {
      return { ok: false, error: `unsupported version ${describe(obj.version)} (this site reads version ${VERSION})` };
    }
    if (!isPlainObject(obj.papers)) {
      return { ok: false, error: '"papers" must be an object that maps paper ids to entries' };
    }
    const papers = {};
    const dropped = [];
    for (const slug of Object.keys(obj.papers)) {
      const r = checkEntry(slug, obj.papers[slug]);
      if (typeof r === "string") {
        if (!lenient) return { ok: false, error: r };
        dropped.push(r);
      } else {
        papers[slug] = r;
      }
    }
    return { ok: true, value: { version: VERSION, papers }, dropped };
  }

  /** Parse JSON text and validate it strictly (this is what Import uses). */
  function parse(text, opts) {
    if (typeof text !== "string") return { ok: false, error: "expected JSON text" };
    let obj;
    try {
      obj = JSON.parse(text);
    } catch (e) {
      return { ok: false, error: `not valid JSON (${e && e.message ? e.message : e})` };
    }
    return validate(obj, opts);
  }

  /**
   * Interpret the raw localStorage value (string or null). Never throws.
   * Returns {data, corrupt, warning}: `corrupt` means the stored value is not
   * (entirely) valid and must be backed up before it is overwritten.
   */
  function parseStored(raw) {
    if (raw === null || raw === undefined) return { data: emptyState(), corrupt: false, warning: null };
    const r = parse(raw, { lenient: true });
    if (!r.ok) {
      return { data: emptyState(), corrupt: true, warning: `ignoring invalid stored reading state: ${r.error}` };
    }
    if (r.dropped.length) {
      return {
        data: r.value,
        corrupt: true,
        warning: `ignoring ${r.dropped.length} invalid stored entr${r.dropped.length === 1 ? "y" : "ies"}: ${r.dropped.join("; ")}`,
      };
    }
    return { data: r.value, corrupt: false, warning: null };
  }

  function getEntry(data, slug) {
    return data && data.papers && hasOwn(data.papers, slug) ? data.papers[slug] : null;
  }

  /** "toread" | "reading" | "read" | "" (no state). */
  function getState(data, slug) {
    const e = getEntry(data, slug);
    return e ? e.state : "";
  }

  /**
   * Return a new state object with `slug` set to `state` ("" or null clears).
   * meta: {title, url} (optional; missing values keep the previous ones).
   * now: Date or ISO string (default: current time). `data` is not modified.
   */
  function setState(data, slug, state, meta, now) {
    if (!isSlug(slug)) throw new TypeError(`invalid paper id ${describe(slug)}`);
    if (state === "" || state === null || state === undefined) return clearState(data, slug);
    if (!STATES.includes(state)) throw new RangeError(`unknown state ${describe(state)}`);
    const prev = getEntry(data, slug);
    const m = meta || {};
    const title = typeof m.title === "string" && m.title !== "" ? m.title : prev ? prev.title : "";
    const url = isRelativeUrl(m.url) ? m.url : prev ? prev.url : defaultUrl(slug);
    const papers = Object.assign({}, data.papers);
    papers[slug] = { state, title, url, updated: toIso(now) };
    return { version: VERSION, papers };
  }

  /** Return a new state object without `slug`. */
  function clearState(data, slug) {
    const papers = Object.assign({}, data.papers);
    if (hasOwn(papers, slug)) delete papers[slug];
    return { version: VERSION, papers };
  }

  /**
   * Merge `incoming` into `current` (both valid state objects): per paper the
   * entry with the later `updated` wins; on a tie the current one stays.
   * Returns {value, stats: {added, updated, unchanged}}. Inputs are not modified.
   */
  function merge(current, incoming) {
    const papers = Object.assign({}, current.papers);
    const stats = { added: 0, updated: 0, unchanged: 0 };
    for (const slug of Object.keys(incoming.papers)) {
      const inc = incoming.papers[slug];
      const cur = getEntry(current, slug);
      if (!cur) {
        papers[slug] = Object.assign({}, inc);
        stats.added++;
      } else if (Date.parse(inc.updated) > Date.parse(cur.updated)) {
        papers[slug] = Object.assign({}, inc);
        stats.updated++;
      } else {
        stats.unchanged++;
      }
    }
    return { value: { version: VERSION, papers }, stats };
  }

  /**
   * Import: parse + strictly validate `text`, then merge into `current`.
   * Returns {ok: true, value, stats} or {ok: false, error}; on error the caller
   * keeps `current`, which is never modified.
   */
  function importJSON(current, text) {
    const r = parse(text);
    if (!r.ok) return { ok: false, error: r.error };
    const m = merge(current, r.value);
    return { ok: true, value: m.value, stats: m.stats };
  }

  /** The export file's text (same object as stored, pretty-printed). */
  function toJSON(data) {
    return JSON.stringify({ version: VERSION, papers: data.papers }, null, 2) + "\n";
  }

  /** Absolute URL of an entry's page; `siteRoot` is an absolute URL ending in "/". */
  function absoluteUrl(url, siteRoot) {
    if (!siteRoot) return url;
    return new URL(url, siteRoot).href;
  }

  function escapeMarkdown(s) {
    return String(s).replace(/[\r\n]+/g, " ").replace(/([\\`*_[\]<>~|])/g, "\\$1");
  }

  function sortedEntries(data, state) {
    return Object.keys(data.papers)
      .filter((slug) => data.papers[slug].state === state)
      .map((slug) => Object.assign({ slug }, data.papers[slug]))
      .sort((a, b) => {
        const ta = (a.title || a.slug).toLowerCase(), tb = (b.title || b.slug).toLowerCase();
        return ta < tb ? -1 : ta > tb ? 1 : a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0;
      });
  }

  /**
   * Markdown checklist, grouped by state (Reading, To read, Read; empty groups
   * left out): "- [x] [Title](absolute url)" for read, "- [ ] …" otherwise.
   */
  function toMarkdown(data, siteRoot, opts) {
    const heading = (opts && opts.heading) || "Reading list";
    const lines = [`# ${escapeMarkdown(heading)}`, ""];
    let any = false;
    for (const state of GROUP_ORDER) {
      const entries = sortedEntries(data, state);
      if (!entries.length) continue;
      any = true;
      lines.push(`## ${STATE_LABELS[state]}`, "");
      for (const e of entries) {
        const href = absoluteUrl(e.url, siteRoot).replace(/\(/g, "%28").replace(/\)/g, "%29").replace(/ /g, "%20");
        lines.push(`- [${state === "read" ? "x" : " "}] [${escapeMarkdown(e.title || e.slug)}](${href})`);
      }
      lines.push("");
    }
    if (!any) lines.push("_No papers marked yet._", "");
    return lines.join("\n");
  }

  /** Split a data-rl-papers value (or take an array) into unique ids. */
  function slugList(slugs) {
    const list = Array.isArray(slugs) ? slugs : String(slugs || "").split(/\s+/);
    return Array.from(new Set(list.filter((s) => s)));
  }

  /** Counts over `slugs`: {total, read, reading, toread, none}. */
  function progress(data, slugs) {
    const c = { total: 0, read: 0, reading: 0, toread: 0, none: 0 };
    for (const slug of slugList(slugs)) {
      c.total++;
      const s = getState(data, slug);
      c[s || "none"]++;
    }
    return c;
  }

  /**
   * Counts over the whole reading list of `total` papers, from what is stored alone: every stored entry is a
   * paper of this site, the others have no state. (The home page's hook gives the size, not every slug.)
   */
  function progressOfAll(data, total) {
    const c = { total: 0, read: 0, reading: 0, toread: 0, none: 0 };
    for (const slug of Object.keys((data && data.papers) || {})) {
      const s = getState(data, slug);
      if (s) c[s]++;
    }
    const marked = c.read + c.reading + c.toread;
    const n = Number.parseInt(String(total), 10);
    c.total = Math.max(Number.isFinite(n) ? n : 0, marked);
    c.none = c.total - marked;
    return c;
  }

  /**
   * Where a reader left off in `slugs` (in list order): the paper marked "reading", else the first one not
   * read after the last one read, else the first one not read. null when no paper in the list has a state
   * yet (nothing to continue) or when every paper is read.
   */
  function nextToRead(data, slugs) {
    const list = slugList(slugs);
    const states = list.map((slug) => getState(data, slug));
    if (!states.some((s) => s)) return null;
    let i = states.indexOf("reading");
    if (i < 0) {
      const last = states.lastIndexOf("read");
      i = states.findIndex((s, k) => k > last && s !== "read");
    }
    if (i < 0) i = states.findIndex((s) => s !== "read");
    return i < 0 ? null : list[i];
  }

  function progressText(c) {
    return `${c.read} of ${c.total} read · ${c.reading} reading · ${c.toread} to read`;
  }

  /** Does a row in state `state` ("" = none) pass the state filter `filter`? */
  function matchesFilter(filter, state) {
    switch (filter || "all") {
      case "all": return true;
      case "unread": return state !== "read";
      case "none": return state === "";
      default: return state === filter;
    }
  }

  const FILTER_PARAM = "state";
  const FILTER_VALUES = Object.freeze(["all", "unread", "none", "toread", "reading", "read"]);

  /** The state filter named by a query string (`?state=unread`), "all" when absent or unknown. */
  function filterFromQuery(search) {
    let value = null;
    try {
      value = new URLSearchParams(String(search || "")).get(FILTER_PARAM);
    } catch (e) {
      value = null;
    }
    return FILTER_VALUES.includes(value) ? value : "all";
  }

  /**
   * Storage wrapper around a Storage-like object (getItem/setItem/removeItem).
   * `getStorage` is a function because merely touching window.localStorage can
   * throw (blocked storage). When storage is unavailable or a write fails the
   * state lives in memory for as long as the page does.
   * Invalid stored data is treated as empty, reported through `warn`, and
   * copied to BACKUP_KEY (with another warning) before the first write.
   */
  function createStore(getStorage, warn) {
    const say = typeof warn === "function" ? warn : () => {};
    let storage = null;
    try {
      storage = getStorage();
      if (!storage || typeof storage.getItem !== "function") storage = null;
    } catch (e) {
      storage = null;
    }
    if (!storage) say("localStorage is not available; reading state will not be saved");
    let memory = emptyState();
    let corruptRaw = null;
    let warnedRaw = null;

    function fallBack(why, e) {
      storage = null;
      say(`${why} (${e && e.message ? e.message : e}); keeping reading state in memory for this page only`);
    }

    return {
      get persistent() {
        return storage !== null;
      },
      load() {
        if (!storage) return memory;
        let raw;
        try {
          raw = storage.getItem(STORAGE_KEY);
        } catch (e) {
          fallBack("cannot read localStorage", e);
          return memory;
        }
        const r = parseStored(raw);
        corruptRaw = r.corrupt ? raw : null;
        if (r.corrupt && raw !== warnedRaw) {
          warnedRaw = raw;
          say(`${r.warning}. It is left untouched until the next change, and then backed up to "${BACKUP_KEY}".`);
        }
        memory = r.data;
        return r.data;
      },
      save(data) {
        memory = { version: VERSION, papers: Object.assign({}, data.papers) };
        if (!storage) return false;
        try {
          if (corruptRaw !== null) {
            storage.setItem(BACKUP_KEY, corruptRaw);
            say(`overwriting invalid stored reading state; the old value was copied to localStorage["${BACKUP_KEY}"]`);
            corruptRaw = null;
          }
          storage.setItem(STORAGE_KEY, JSON.stringify(memory));
          return true;
        } catch (e) {
          fallBack("cannot write localStorage", e);
          return false;
        }
      },
    };
  }

  /* ------------------------------------------------------------------ *
   * Browser part
   * ------------------------------------------------------------------ */

  // The per-paper control: a button showing the state (an icon; a word where there is room) that opens a
  // small menu of the states. The button's label for "no state" invites the main action.
  const CONTROL_LABELS = Object.freeze({ "": "Mark as read", toread: "To read", reading: "Reading", read: "Read" });
  const MENU_OPTIONS = [["toread", "To read"], ["reading", "Reading"], ["read", "Read"], ["", "Not set"]];
  const FILTER_OPTIONS = [
    ["all", "All"],
    ["unread", "Unread"],
    ["none", "Not set"],
    ["toread", "To read"],
    ["reading", "Reading"],
    ["read", "Read"],
  ];

  function createUI(win, doc, store, siteRoot) {
    const el = (tag, attrs, text) => {
      const n = doc.createElement(tag);
      if (attrs) for (const k of Object.keys(attrs)) n.setAttribute(k, attrs[k]);
      if (text !== undefined) n.textContent = text;
      return n;
    };
    const setAttr = (n, k, v) => {
      if (n.getAttribute(k) !== v) n.setAttribute(k, v);
    };
    const options = (select, list) => {
      for (const [value, label] of list) select.append(el("option", { value }, label));
    };

    /**
     * A hook's paper title: data-rl-title, else the text of the link beside it (the papers table leaves the
     * title out of its 500 hooks: the row's link has it), else the slug.
     */
    function titleOf(host) {
      const own = host.getAttribute("data-rl-title");
      if (own) return own;
      const link = host.parentElement && host.parentElement.querySelector("a[href]");
      return (link && link.textContent.trim()) || host.getAttribute("data-rl-paper");
    }

    /** The button's accessible name: its word (shown in the paper page's action row) and the paper's title. */
    function controlName(host, state) {
      const title = titleOf(host);
      return `${CONTROL_LABELS[state]} (reading state of ${title}${state ? "" : ": not set"})`;
    }

    function renderControls(scope, data) {
      for (const host of scope.querySelectorAll(".rl-state[data-rl-paper]")) {
        const slug = host.getAttribute("data-rl-paper");
        if (!isSlug(slug)) continue;
        let btn = host.querySelector("button.rl-state__button");
        if (!btn) {
          host.textContent = "";
          btn = el("button", { type: "button", class: "rl-state__button", "aria-haspopup": "menu", "aria-expanded": "false" });
          // One element per control (the icon is CSS): a table of 500 rows lays out and sorts every one of
          // them. The word is shown only in the paper page's action row; elsewhere the aria-label says it.
          if (host.closest(".rl-actions")) btn.append(el("span", { class: "rl-state__label" }));
          host.append(btn);
        }
        const state = getState(data, slug);
        const label = btn.firstElementChild;
        if (label && label.textContent !== CONTROL_LABELS[state]) label.textContent = CONTROL_LABELS[state];
        setAttr(btn, "aria-label", controlName(host, state));
        setAttr(btn, "data-rl-value", state);
        setAttr(btn, "title", state ? `${STATE_LABELS[state]}: change the reading state` : "Mark as to read, reading or read");
      }
    }

    /* ---- the state menu: one at a time, built when opened ---- */
    let menu = null; // {host, button, node}

    function closeMenu(refocus) {
      if (!menu) return;
      const { button, node } = menu;
      menu = null;
      node.remove();
      button.setAttribute("aria-expanded", "false");
      if (refocus && button.isConnected) button.focus();
    }

    function placeMenu() {
      if (!menu || !menu.node.isConnected) return;
      const r = menu.button.getBoundingClientRect();
      const node = menu.node;
      const w = node.offsetWidth, h = node.offsetHeight;
      const vw = doc.documentElement.clientWidth, vh = win.innerHeight;
      const left = Math.max(8, Math.min(r.right - w, vw - w - 8));
      const below = r.bottom + 4 + h <= vh - 8 || r.top - 4 - h < 8;
      node.style.left = `${Math.round(left)}px`;
      node.style.top = `${Math.round(below ? r.bottom + 4 : r.top - 4 - h)}px`;
    }

    function openMenu(host, focusWhich) {
      const button = host.querySelector("button.rl-state__button");
      if (!button) return;
      closeMenu(false);
      const slug = host.getAttribute("data-rl-paper");
      const state = getState(store.load(), slug);
      const node = el("div", {
        class: "rl-state__menu",
        role: "menu",
        "aria-label": `Reading state of ${titleOf(host)}`,
      });
      for (const [value, text] of MENU_OPTIONS) {
        const item = el("button", {
          type: "button",
          role: "menuitemradio",
          class: "rl-state__option",
          tabindex: "-1",
          "aria-checked": String(value === state),
          "data-rl-value": value,
        });
        item.append(el("span", null, text));
        node.append(item);
      }
      host.append(node);
      button.setAttribute("aria-expanded", "true");
      menu = { host, button, node };
      placeMenu();
      const items = Array.from(node.querySelectorAll("[role=menuitemradio]"));
      // the current state's item; with no state, the first (what a reader wants to pick)
      const checked = items.find((i) => i.getAttribute("aria-checked") === "true" && i.getAttribute("data-rl-value"));
      const target = focusWhich === "last" ? items[items.length - 1] : focusWhich === "first" ? items[0] : checked || items[0];
      target.focus();
    }

    function choose(item) {
      const host = item.closest(".rl-state");
      const slug = host && host.getAttribute("data-rl-paper");
      closeMenu(true);
      if (!isSlug(slug)) return;
      set(slug, item.getAttribute("data-rl-value"), { title: titleOf(host), url: host.getAttribute("data-rl-url") });
    }

    function onKeydown(ev) {
      const t = ev.target;
      if (!t || typeof t.closest !== "function") return;
      if (t.matches("button.rl-state__button") && (ev.key === "ArrowDown" || ev.key === "ArrowUp")) {
        ev.preventDefault();
        openMenu(t.closest(".rl-state"), ev.key === "ArrowUp" ? "last" : "checked");
        return;
      }
      if (!menu || !menu.node.contains(t)) return;
      const items = Array.from(menu.node.querySelectorAll("[role=menuitemradio]"));
      const i = items.indexOf(t);
      let next = null;
      if (ev.key === "ArrowDown") next = items[(i + 1) % items.length];
      else if (ev.key === "ArrowUp") next = items[(i - 1 + items.length) % items.length];
      else if (ev.key === "Home" || ev.key === "PageUp") next = items[0];
      else if (ev.key === "End" || ev.key === "PageDown") next = items[items.length - 1];
      else if (ev.key === "Escape") {
        ev.preventDefault();
        ev.stopPropagation();
        closeMenu(true);
        return;
      } else if (ev.key === "Tab") {
        closeMenu(false);
        return;
      }
      if (next) {
        ev.preventDefault();
        next.focus();
      }
    }

    function renderMarks(scope, data) {
      for (const n of scope.querySelectorAll("[data-rl-paper]")) {
        setAttr(n, "data-rl-state", getState(data, n.getAttribute("data-rl-paper")));
      }
    }

    function renderProgress(scope, data) {
      for (const host of scope.querySelectorAll(".rl-progress[data-rl-papers], .rl-progress[data-rl-total]")) {
        let text = host.querySelector(".rl-progress__text");
        let bar = host.querySelector("progress.rl-progress__bar");
        if (!text || !bar) {
          host.textContent = "";
          text = el("p", { class: "rl-progress__text" });
          bar = el("progress", { class: "rl-progress__bar" });
          host.append(text, bar);
        }
        const whole = !host.hasAttribute("data-rl-papers");
        const c = whole
          ? progressOfAll(data, host.getAttribute("data-rl-total"))
          : progress(data, host.getAttribute("data-rl-papers"));
        const label = host.getAttribute("data-rl-label") || "this list";
        text.textContent = progressText(c);
        bar.max = Math.max(c.total, 1);
        bar.value = c.read;
        setAttr(bar, "aria-label", `Reading progress of ${label}`);
        setAttr(bar, "aria-valuetext", `${c.read} of ${c.total} read`);
        bar.textContent = `${c.read} of ${c.total} read`; // fallback content
        if (whole) {
          const next = host.querySelector(".rl-progress__next");
          if (next) next.remove(); // no order over the whole list: nothing to continue with
        } else {
          renderNext(scope, host, data);
        }
      }
    }

    /** "Continue with <title>": the paper where the reader left off in this list (`nextToRead`), linked. */
    function renderNext(scope, host, data) {
      let next = host.querySelector(".rl-progress__next");
      const slug = nextToRead(data, host.getAttribute("data-rl-papers"));
      const mark = slug && Array.from(scope.querySelectorAll(".rl-state[data-rl-url]")).find(
        (n) => n.getAttribute("data-rl-paper") === slug
      );
      const url = mark && mark.getAttribute("data-rl-url");
      if (!mark || !isRelativeUrl(url)) {
        if (next) next.remove();
        return;
      }
      if (!next) {
        next = el("p", { class: "rl-progress__next" });
        host.append(next);
      }
      const title = mark.getAttribute("data-rl-title") || slug;
      const link = el("a", { href: absoluteUrl(url, siteRoot) }, title);
      next.replaceChildren(getState(data, slug) === "reading" ? "Continue with " : "Next: ", link);
    }

    function applyFilter() {
      const sel = doc.getElementById("rl-state-filter-select");
      const filter = sel ? sel.value : "all";
      for (const row of doc.querySelectorAll("tr[data-rl-paper]")) {
        const show = matchesFilter(filter, getState(current, row.getAttribute("data-rl-paper")));
        if (show) row.removeAttribute("data-rl-hidden");
        else if (!row.hasAttribute("data-rl-hidden")) row.setAttribute("data-rl-hidden", "");
      }
    }

    function renderFilter(data) {
      const host = doc.getElementById("rl-state-filter");
      if (host && !host.querySelector("#rl-state-filter-select")) {
        host.textContent = "";
        host.classList.add("rl-filter");
        const label = el("label", { for: "rl-state-filter-select", class: "rl-filter__label" }, "Reading state");
        const sel = el("select", { id: "rl-state-filter-select", class: "rl-filter__select" });
        options(sel, FILTER_OPTIONS);
        sel.value = filterFromQuery(win.location.search);
        host.append(label, sel);
      }
      current = data;
      applyFilter();
    }

    /** The filter kept in the page's URL (`?state=unread`), so a filtered table can be bookmarked and shared. */
    function writeFilterToUrl(value) {
      try {
        const params = new URLSearchParams(win.location.search);
        if (value && value !== "all") params.set(FILTER_PARAM, value);
        else params.delete(FILTER_PARAM);
        const search = params.toString() ? `?${params}` : "";
        if (search === win.location.search) return;
        win.history.replaceState(win.history.state, "", win.location.pathname + search + win.location.hash);
      } catch (e) {
        /* the URL is a convenience (Safari throttles replaceState) */
      }
    }

    function groupsSignature(data) {
      const parts = [siteRoot];
      for (const slug of Object.keys(data.papers).sort()) {
        const e = data.papers[slug];
        parts.push([slug, e.state, e.title, e.url, e.updated].join("\u0000"));
      }
      return parts.join("\u0001");
    }

    function buildMyReadingSkeleton(host) {
      host.textContent = "";
      host.classList.add("rl-my");
      const summary = el("p", { class: "rl-my__summary" });
      const notice = el("p", { class: "rl-my__notice" });
      notice.hidden = true;
      const actions = el("div", { class: "rl-my__actions", role: "group", "aria-label": "Reading list data" });
      const btn = (action, label, cls) =>
        el("button", { type: "button", class: `md-button rl-button ${cls || ""}`.trim(), "data-rl-action": action }, label);
      const file = el("input", {
        type: "file",
        accept: ".json,application/json",
        class: "rl-my__file",
        tabindex: "-1",
        "aria-label": "Reading list JSON file to import",
      });
      file.hidden = true;
      actions.append(
        btn("export-json", "Export JSON"),
        btn("export-md", "Export Markdown"),
        btn("import", "Import JSON…"),
        file,
        btn("clear", "Clear all", "rl-button--danger")
      );
      const alert = el("div", { class: "rl-my__alert", role: "alert" });
      const status = el("div", { class: "rl-my__status", role: "status" });
      const groups = el("div", { class: "rl-my__groups" });
      host.append(summary, notice, actions, alert, status, groups);
    }

    function renderMyReading(data) {
      const host = doc.getElementById("rl-my-reading");
      if (!host) return;
      if (!host.querySelector(".rl-my__groups")) buildMyReadingSkeleton(host);
      const c = progress(data, Object.keys(data.papers));
      host.querySelector(".rl-my__summary").textContent =
        c.total === 0
          ? "No papers marked yet."
          : `${c.total} paper${c.total === 1 ? "" : "s"} marked: ${c.reading} reading, ${c.toread} to read, ${c.read} read.`;
      const notice = host.querySelector(".rl-my__notice");
      notice.hidden = store.persistent;
      notice.textContent = store.persistent
        ? ""
        : "This browser does not let the site use local storage, so changes are kept only until you leave the page. Export to keep them.";
      const groups = host.querySelector(".rl-my__groups");
      const sig = groupsSignature(data);
      if (groups.getAttribute("data-rl-signature") === sig) return;
      groups.textContent = "";
      groups.setAttribute("data-rl-signature", sig);
      if (c.total === 0) {
        groups.append(
          el("p", { class: "rl-my__empty" }, "Set a reading state on any paper (To read, Reading or Read) and it will be listed here.")
        );
        return;
      }
      for (const state of GROUP_ORDER) {
        const entries = sortedEntries(data, state);
        if (!entries.length) continue;
        const section = el("section", { class: "rl-my__group", "data-rl-group": state });
        section.append(el("h2", null, `${STATE_LABELS[state]} (${entries.length})`));
        const ul = el("ul", { class: "rl-my__list" });
        for (const e of entries) {
          const li = el("li", { class: "rl-my__item", "data-rl-paper": e.slug });
          const title = e.title || e.slug;
          li.append(el("a", { href: absoluteUrl(e.url, siteRoot) }, title), " ");
          li.append(el("span", { class: "rl-state", "data-rl-paper": e.slug, "data-rl-title": title, "data-rl-url": e.url }));
          const when = new Date(e.updated);
          li.append(" ", el("time", { class: "rl-my__updated", datetime: e.updated }, `updated ${when.toLocaleDateString()}`));
          ul.append(li);
        }
        section.append(ul);
        groups.append(section);
      }
    }

    let current = emptyState();

    /** (Re)render every hook in the document. Idempotent. */
    function render() {
      const data = store.load();
      current = data;
      // Keep keyboard focus on a state control that gets rebuilt (My reading list).
      const active = doc.activeElement;
      let refocus = null;
      if (active && active.classList && active.classList.contains("rl-state__button") && active.closest("#rl-my-reading")) {
        refocus = active.closest(".rl-state").getAttribute("data-rl-paper");
      }
      if (menu && !menu.node.isConnected) menu = null; // the page it was on is gone (instant navigation)
      renderMyReading(data);
      renderControls(doc, data);
      renderMarks(doc, data);
      renderProgress(doc, data);
      renderFilter(data);
      if (refocus && !active.isConnected) {
        for (const btn of doc.querySelectorAll("#rl-my-reading .rl-state button.rl-state__button")) {
          if (btn.closest(".rl-state").getAttribute("data-rl-paper") === refocus) {
            btn.focus();
            break;
          }
        }
      }
      return data;
    }

    function commit(next) {
      store.save(next);
      const data = render();
      doc.dispatchEvent(new win.CustomEvent("reading-list:change", { detail: { data } }));
      return data;
    }

    function message(kind, text) {
      const host = doc.getElementById("rl-my-reading");
      if (!host) return;
      const alert = host.querySelector(".rl-my__alert");
      const status = host.querySelector(".rl-my__status");
      if (alert) alert.textContent = kind === "error" ? text : "";
      if (status) status.textContent = kind === "error" ? "" : text;
    }

    function download(name, text, mime) {
      const blob = new win.Blob([text], { type: mime });
      const url = win.URL.createObjectURL(blob);
      const a = el("a", { href: url, download: name });
      a.style.display = "none";
      doc.body.append(a);
      a.click();
      a.remove();
      win.setTimeout(() => win.URL.revokeObjectURL(url), 30000);
    }

    function importFile(input) {
      const file = input.files && input.files[0];
      if (!file) return;
      const name = file.name || "the file";
      const fail = (why) => message("error", `Could not import “${name}”: ${why}. Nothing was changed.`);
      if (file.size > MAX_IMPORT_BYTES) {
        fail("the file is larger than 5 MB");
        input.value = "";
        return;
      }
      file.text().then(
        (text) => {
          input.value = "";
          const r = importJSON(store.load(), text);
          if (!r.ok) return fail(r.error);
          commit(r.value);
          const s = r.stats;
          message(
            "status",
            `Imported “${name}”: ${s.added} added, ${s.updated} updated, ${s.unchanged} kept (already as recent or newer here).`
          );
        },
        (e) => {
          input.value = "";
          fail(`the file could not be read (${e && e.message ? e.message : e})`);
        }
      );
    }

    function onChange(ev) {
      const t = ev.target;
      if (!t || typeof t.matches !== "function") return;
      if (t.id === "rl-state-filter-select") {
        applyFilter();
        writeFilterToUrl(t.value);
      } else if (t.matches("#rl-my-reading input.rl-my__file")) {
        importFile(t);
      }
    }

    function onClick(ev) {
      const t = ev.target;
      if (t && typeof t.closest === "function") {
        const item = menu && t.closest(".rl-state__menu [role=menuitemradio]");
        if (item && menu.node.contains(item)) {
          choose(item);
          return;
        }
        const control = t.closest("button.rl-state__button");
        if (control) {
          const host = control.closest(".rl-state");
          if (menu && menu.host === host) closeMenu(true);
          else openMenu(host, "checked");
          return;
        }
        if (menu && !menu.node.contains(t)) closeMenu(false);
      }
      const btn = t && typeof t.closest === "function" ? t.closest("#rl-my-reading [data-rl-action]") : null;
      if (!btn) return;
      const action = btn.getAttribute("data-rl-action");
      const data = store.load();
      if (action === "export-json") {
        download("reading-list.json", toJSON(data), "application/json");
        message("status", "Exported reading-list.json.");
      } else if (action === "export-md") {
        download("reading-list.md", toMarkdown(data, siteRoot), "text/markdown");
        message("status", "Exported reading-list.md.");
      } else if (action === "import") {
        const input = btn.parentNode.querySelector("input.rl-my__file");
        if (input) input.click();
      } else if (action === "clear") {
        const n = Object.keys(data.papers).length;
        if (n === 0) {
          message("status", "Nothing to clear.");
          return;
        }
        const ok = win.confirm(
          `Clear the reading state of all ${n} paper${n === 1 ? "" : "s"}? This cannot be undone (export first to keep a copy).`
        );
        if (!ok) return;
        commit(emptyState());
        message("status", `Cleared ${n} paper${n === 1 ? "" : "s"}.`);
      }
    }

    /** Set one paper's state from code; "" clears. Returns the new state object. */
    function set(slug, state, meta) {
      return commit(setState(store.load(), slug, state, meta));
    }

    return {
      render,
      set,
      onChange,
      onClick,
      onKeydown,
      placeMenu,
      data: () => store.load(),
    };
  }

  function mount(win, doc) {
    if (api.ui) return api.ui;
    // Material's instant navigation swaps the page body but never #__config,
    // whose "base" is relative to the page first loaded: resolve it now.
    const siteRoot = win.ReadingListSite ? win.ReadingListSite.root : new URL("./", win.location.href).href; // site.js
    const warn = (...args) => {
      if (win.console && win.console.warn) win.console.warn("[reading-list]", ...args);
    };
    const store = createStore(() => win.localStorage, warn);
    const ui = createUI(win, doc, store, siteRoot);
    api.ui = {
      siteRoot,
      render: ui.render,
      set: ui.set,
      get: (slug) => getState(store.load(), slug),
      data: ui.data,
      get persistent() {
        return store.persistent;
      },
    };
    doc.addEventListener("change", ui.onChange);
    doc.addEventListener("click", ui.onClick);
    doc.addEventListener("keydown", ui.onKeydown);
    // the menu sits next to its button (position: fixed): it follows it when the page or a table scrolls
    let placing = false;
    const follow = () => {
      if (placing) return;
      placing = true;
      win.requestAnimationFrame(() => {
        placing = false;
        ui.placeMenu();
      });
    };
    win.addEventListener("resize", follow);
    doc.addEventListener("scroll", follow, { capture: true, passive: true });
    win.addEventListener("storage", (e) => {
      if (e.key === null || e.key === STORAGE_KEY) ui.render();
    });
    let renderedUrl = null;
    const safeRender = () => {
      try {
        ui.render();
        renderedUrl = win.location.href;
      } catch (e) {
        warn("render failed", e);
      }
    };
    if (win.document$ && typeof win.document$.subscribe === "function") {
      // Material loads this script at the end of <body>: the page above is parsed, so render now (before
      // DOMContentLoaded: less layout shift), then again after every instant navigation (document$ emits the
      // swapped-in page); its first emission, for this same page, has nothing new to render.
      safeRender();
      let first = true;
      win.document$.subscribe(() => {
        const same = first && renderedUrl === win.location.href;
        first = false;
        if (!same) safeRender();
      });
    } else if (doc.readyState === "loading") {
      doc.addEventListener("DOMContentLoaded", safeRender, { once: true });
    } else {
      safeRender();
    }
    return api.ui;
  }

  const api = {
    STORAGE_KEY,
    BACKUP_KEY,
    VERSION,
    STATES,
    STATE_LABELS,
    emptyState,
    isSlug,
    isRelativeUrl,
    isIsoDate,
    validate,
    parse,
    parseStored,
    getEntry,
    getState,
    setState,
    clearState,
    merge,
    importJSON,
    toJSON,
    toMarkdown,
    absoluteUrl,
    progress,
    progressOfAll,
    nextToRead,
    progressText,
    matchesFilter,
    filterFromQuery,
    createStore,
    mount,
    ui: null,
  };
  return api;
});
