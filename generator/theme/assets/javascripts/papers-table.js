/*
 * Filtering and sorting for the all-papers table (papers/).
 *
 * One dependency-free file that works two ways:
 *   - as a classic <script> (MkDocs `extra_javascript`): defines
 *     `globalThis.PapersTable` and enhances the table on every page that has
 *     one (on each `window.document$` emission under Material's instant
 *     navigation, else on DOMContentLoaded);
 *   - from node (`require()`, or `import` of the CommonJS export): exports the
 *     pure logic (query parsing, row matching, sort keys and comparator); the
 *     DOM code only runs when `window` and `document` exist.
 *
 * DOM contract (emitted by the generator; a plain table without JavaScript):
 *   <div id="rl-papers-filters"></div>
 *   <table id="rl-papers">
 *     <thead><tr><th data-sort="text|number">…</th>…</tr></thead>
 *     <tbody>
 *       <tr data-rl-paper="slug" data-tags="a b" data-category="cs.CL"
 *           data-week="2023-04-02" data-lists="list-a list-b"
 *           data-year="2023" data-authors="author-id another-id">
 *         <td data-value="sort key">…</td>…   (data-value optional; "" = no value, sorts last)
 *       </tr>
 *     </tbody>
 *   </table>
 *   <script type="application/json" id="rl-facets">
 *     {"tag": {value: label}, "category": {…}, "week": {…}, "list": {…},
 *      "year": {…}, "author": {…}}
 *   </script>
 * Material's instant navigation re-runs the inline scripts of the swapped-in
 * page as JavaScript, without their attributes: #rl-facets then loses its id
 * (it is still found, see readFacets) and the browser logs a SyntaxError. The
 * same JSON in a `data-facets` attribute of #rl-papers-filters avoids that:
 *   <div id="rl-papers-filters" data-facets="{&quot;tag&quot;: …}"></div>
 *
 * Rendered into #rl-papers-filters: a <select> per facet (tag, category, week,
 * list, year, author; options in #rl-facets order, with row counts), a title
 * filter, a "Showing N of M papers" live region and a reset button. Year and
 * author are optional: without labels, row values or a URL value for them they
 * get no <select>. Author options are the labelled ones only (the generator
 * labels authors with a few papers; thousands of options would be no use), but
 * any author id in the URL filters. Filter state lives in the URL query
 * (?tag=…&category=…&week=…&list=…&year=…&author=…&q=…), written with
 * history.replaceState and read back on load. Rows that do not match get the
 * attribute `data-rl-filtered` (reading.js hides rows with `data-rl-hidden`;
 * that attribute is left alone, but such rows are not counted as shown).
 * Each th[data-sort] gets a <button> that sorts ascending/descending and sets
 * aria-sort on the th.
 *
 * Data goes into the page through createElement/textContent/setAttribute only.
 */
(function (root, factory) {
  "use strict";
  const api = factory();
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  if (!root) return;
  if (root.PapersTable && root.PapersTable.mounted) return; // loaded twice: the first copy is in charge
  root.PapersTable = api;
  if (typeof window !== "undefined" && typeof document !== "undefined" && document.documentElement) {
    api.mount(window, document);
  }
})(typeof globalThis !== "undefined" ? globalThis : this, function () {
  "use strict";

  /* ------------------------------------------------------------------ *
   * Constants
   * ------------------------------------------------------------------ */

  /** Facets, in display order: query parameter → row attribute and labels. */
  const FACETS = Object.freeze([
    Object.freeze({ key: "tag", attr: "data-tags", label: "Tag", all: "All tags" }),
    Object.freeze({ key: "category", attr: "data-category", label: "Category", all: "All categories" }),
    Object.freeze({ key: "week", attr: "data-week", label: "Week", all: "All weeks" }),
    Object.freeze({ key: "list", attr: "data-lists", label: "List", all: "All lists" }),
    Object.freeze({ key: "year", attr: "data-year", label: "Year", all: "All years", optional: true }),
    Object.freeze({
      key: "author",
      attr: "data-authors",
      label: "Author",
      all: "All authors",
      optional: true,
      labelledOnly: true,
    }),
  ]);
  const FACET_KEYS = Object.freeze(FACETS.map((f) => f.key));
  const TEXT_KEY = "q";
  const QUERY_KEYS = Object.freeze([...FACET_KEYS, TEXT_KEY]);
  const MAX_VALUE_LENGTH = 200; // query values longer than this are ignored
  const FILTERED_ATTR = "data-rl-filtered";
  const OTHER_HIDDEN_ATTR = "data-rl-hidden"; // reading.js's; read, never written
  const ASC = "ascending";
  const DESC = "descending";

  /* ------------------------------------------------------------------ *
   * Pure logic (no DOM) — tested in node
   * ------------------------------------------------------------------ */

  const hasOwn = (o, k) => Object.prototype.hasOwnProperty.call(o, k);

  /** Split a space-separated attribute value into unique tokens, in order. */
  function splitTokens(value) {
    if (typeof value !== "string") return [];
    const out = [];
    for (const t of value.split(/\s+/)) if (t && !out.includes(t)) out.push(t);
    return out;
  }

  /** Lower-case, accent-free, single-spaced text for substring matching. */
  function normalizeText(value) {
    if (value === null || value === undefined) return "";
    return String(value)
      .normalize("NFKD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  /** Filters with every key present: "" means "no filter on this key". */
  function emptyFilters() {
    const f = {};
    for (const k of QUERY_KEYS) f[k] = "";
    return f;
  }

  /** Keep only known keys with sane string values. */
  function cleanFilters(filters) {
    const f = emptyFilters();
    if (!filters || typeof filters !== "object") return f;
    for (const k of QUERY_KEYS) {
      if (!hasOwn(filters, k) || typeof filters[k] !== "string") continue;
      const v = k === TEXT_KEY ? filters[k].replace(/\s+/g, " ").trim() : filters[k].trim();
      if (v.length <= MAX_VALUE_LENGTH && (k === TEXT_KEY || !/\s/.test(v))) f[k] = v;
    }
    return f;
  }

  /**
   * Filters from a query string ("?tag=llm&list=x", "tag=llm", or a
   * URLSearchParams). The first occurrence of a key wins; unknown keys are
   * ignored; facet values containing whitespace (never a valid token) and
   * over-long values are dropped.
   */
  function parseQuery(search) {
    const params = search instanceof URLSearchParams ? search : new URLSearchParams(String(search || ""));
    const raw = {};
    for (const k of QUERY_KEYS) {
      const v = params.get(k);
      if (v !== null) raw[k] = v;
    }
    return cleanFilters(raw);
  }

  /**
   * The query string for `filters`, keeping any other parameters of
   * `currentSearch` (and their order) — "" when nothing is left, else "?…".
   * Our keys come after the foreign ones, in the fixed order tag, category,
   * week, list, q.
   */
  function buildQuery(filters, currentSearch) {
    const f = cleanFilters(filters);
    const params = new URLSearchParams(String(currentSearch || ""));
    for (const k of QUERY_KEYS) params.delete(k);
    for (const k of QUERY_KEYS) if (f[k]) params.append(k, f[k]);
    const s = params.toString();
    return s ? `?${s}` : "";
  }

  function isEmptyFilters(filters) {
    const f = cleanFilters(filters);
    return QUERY_KEYS.every((k) => !f[k]);
  }

  /**
   * A row predicate for `filters`. A row is
   *   {tag: [...], category: [...], week: [...], list: [...], title: "normalized text"}
   * (see rowFromAttributes). Facet filters must each be one of the row's
   * tokens; the title filter's words must all occur in the title, in any order.
   */
  function makeMatcher(filters) {
    const f = cleanFilters(filters);
    const facets = FACET_KEYS.filter((k) => f[k]).map((k) => [k, f[k]]);
    const terms = normalizeText(f[TEXT_KEY]).split(" ").filter(Boolean);
    return function matches(row) {
      for (const [k, v] of facets) {
        const tokens = row[k];
        if (!tokens || !tokens.includes(v)) return false;
      }
      if (terms.length) {
        const title = row.title || "";
        for (const t of terms) if (!title.includes(t)) return false;
      }
      return true;
    };
  }

  function rowMatches(row, filters) {
    return makeMatcher(filters)(row);
  }

  /** A row record from a getAttribute-like function and the title text. */
  function rowFromAttributes(getAttribute, titleText) {
    const row = { title: normalizeText(titleText) };
    for (const f of FACETS) row[f.key] = splitTokens(getAttribute(f.attr));
    return row;
  }

  /**
   * The sort key of a cell: for "number", a finite number or null (empty or
   * not a number); for anything else, the trimmed text or null when empty.
   */
  function sortKey(raw, type) {
    const s = raw === null || raw === undefined ? "" : String(raw).trim();
    if (s === "") return null;
    if (type === "number") {
      const n = Number(s);
      return Number.isFinite(n) ? n : null;
    }
    return s.replace(/\s+/g, " ");
  }

  const collator =
    typeof Intl !== "undefined" && Intl.Collator
      ? new Intl.Collator(undefined, { numeric: true, sensitivity: "base" })
      : null;
  const compareText = collator
    ? (a, b) => collator.compare(a, b)
    : (a, b) => {
        const x = a.toLowerCase();
        const y = b.toLowerCase();
        return x < y ? -1 : x > y ? 1 : 0;
      };

  /**
   * Compare two sort keys. Missing keys (null) sort last in both directions;
   * `direction` is "ascending" (default) or "descending".
   */
  function compareKeys(a, b, type, direction) {
    const aMissing = a === null || a === undefined;
    const bMissing = b === null || b === undefined;
    if (aMissing || bMissing) return aMissing === bMissing ? 0 : aMissing ? 1 : -1;
    const c = type === "number" ? (a < b ? -1 : a > b ? 1 : 0) : compareText(a, b);
    return c === 0 ? 0 : direction === DESC ? -c : c;
  }

  /**
   * The order of `keys` as an array of indices: stable (ties keep their
   * original order, whatever the direction), missing keys last.
   */
  function sortIndices(keys, type, direction) {
    const idx = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) idx[i] = i;
    idx.sort((i, j) => compareKeys(keys[i], keys[j], type, direction) || i - j);
    return idx;
  }

  /** The direction after a click on a column header currently sorted `current`. */
  function nextDirection(current) {
    return current === ASC ? DESC : ASC;
  }

  /** How many rows carry each token of facet `key`: Map value → count. */
  function countTokens(rows, key) {
    const counts = new Map();
    for (const row of rows) for (const t of row[key] || []) counts.set(t, (counts.get(t) || 0) + 1);
    return counts;
  }

  /**
   * The options of one facet select: the facet's entries in their JSON order,
   * then values that rows carry but the facet does not list (sorted, labelled
   * by their value; not when `labelledOnly`), then `extra` (e.g. a value from
   * the URL) if still absent. Each is {value, label, count}.
   */
  function facetOptions(facet, counts, extra, labelledOnly) {
    const out = [];
    const seen = new Set();
    const add = (value, label) => {
      if (typeof value !== "string" || !value || /\s/.test(value) || seen.has(value)) return;
      seen.add(value);
      const l = typeof label === "string" && label.trim() ? label.trim() : value;
      out.push({ value, label: l, count: (counts && counts.get(value)) || 0 });
    };
    if (facet && typeof facet === "object" && !Array.isArray(facet)) {
      for (const value of Object.keys(facet)) add(value, facet[value]);
    }
    if (counts && !labelledOnly) for (const value of [...counts.keys()].sort(compareText)) add(value, value);
    if (extra) add(extra, extra);
    return out;
  }

  function optionText(option) {
    return `${option.label} (${option.count})`;
  }

  /** Parse the #rl-facets JSON; anything malformed becomes empty facets. */
  function parseFacets(text) {
    return facetsFromText(text) || facetsFromObject(null);
  }

  /**
   * The facets in `text` if it is a JSON object with at least one facet key
   * holding an object, else null (used to recognise the facets script after
   * Material's instant navigation stripped its id and type).
   */
  function facetsFromText(text) {
    let data = null;
    try {
      data = JSON.parse(String(text || "").trim() || "null");
    } catch (e) {
      return null;
    }
    if (!data || typeof data !== "object" || Array.isArray(data)) return null;
    const useful = FACET_KEYS.some((k) => hasOwn(data, k) && data[k] && typeof data[k] === "object" && !Array.isArray(data[k]));
    return useful ? facetsFromObject(data) : null;
  }

  function facetsFromObject(data) {
    const out = {};
    for (const k of FACET_KEYS) {
      const v = data && typeof data === "object" && hasOwn(data, k) ? data[k] : null;
      out[k] = v && typeof v === "object" && !Array.isArray(v) ? v : {};
    }
    return out;
  }

  const SORT_KEY = "sort";
  const FIRST_ROWS = 60; // rows moved at once when sorting: more than a screenful

  /** A column's name in the URL: its heading, lower-case, words joined by "-" ("Best rank" -> "best-rank"). */
  function columnKey(text) {
    return normalizeText(text).replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  /** The sort in a query string: {key, direction} (`sort=-title`: title, descending), or null. */
  function parseSort(search) {
    const params = search instanceof URLSearchParams ? search : new URLSearchParams(String(search || ""));
    const raw = (params.get(SORT_KEY) || "").trim();
    const m = /^(-?)([a-z0-9][a-z0-9-]{0,60})$/.exec(raw);
    return m ? { key: m[2], direction: m[1] ? DESC : ASC } : null;
  }

  /** `search` with `key` set to `value` ("" removes it), other parameters kept in place; "" or "?…". */
  function setParam(search, key, value) {
    const params = new URLSearchParams(String(search || ""));
    if (value) params.set(key, value);
    else params.delete(key);
    const s = params.toString();
    return s ? `?${s}` : "";
  }

  function statusText(shown, total) {
    return `Showing ${shown} of ${total} ${total === 1 ? "paper" : "papers"}`;
  }

  /* ------------------------------------------------------------------ *
   * DOM
   * ------------------------------------------------------------------ */

  const ENHANCED_ATTR = "data-rl-table"; // on the table once enhanced

  function el(doc, tag, attrs, text) {
    const n = doc.createElement(tag);
    if (attrs) for (const k of Object.keys(attrs)) n.setAttribute(k, attrs[k]);
    if (text !== undefined) n.textContent = text;
    return n;
  }

  /**
   * The facet labels. Normally the text of #rl-facets (a
   * <script type="application/json">; a <template> or any other element with
   * the JSON as its text works too). Material's instant navigation re-creates
   * the inline scripts of the page it swaps in WITHOUT their attributes, so
   * #rl-facets is then gone: fall back to a `data-facets` attribute on
   * #rl-papers-filters or #rl-papers, then to an inline script near the table
   * whose text is facet JSON. Without any, options are labelled by value.
   */
  function readFacets(doc, table) {
    const node = doc.getElementById("rl-facets");
    if (node) {
      const text = node.content && node.tagName === "TEMPLATE" ? node.content.textContent : node.textContent;
      return parseFacets(text);
    }
    for (const id of ["rl-papers-filters", "rl-papers"]) {
      const host = doc.getElementById(id);
      const facets = host && host.hasAttribute("data-facets") && facetsFromText(host.getAttribute("data-facets"));
      if (facets) return facets;
    }
    const scope = table.closest("article, [data-md-component=container], main") || doc;
    for (const script of scope.querySelectorAll("script:not([src])")) {
      const text = script.textContent;
      const facets = /^\s*\{/.test(text) && facetsFromText(text);
      if (facets) return facets;
    }
    return facetsFromObject(null);
  }

  /** Enhance the papers table in `doc`, if there is one and it is not done yet. */
  function enhance(win, doc) {
    const table = doc.getElementById("rl-papers");
    if (!table || table.hasAttribute(ENHANCED_ATTR)) return null;
    const tbody = table.tBodies[0];
    const headRow = table.tHead && table.tHead.rows[0];
    if (!tbody || !headRow) return null;
    table.setAttribute(ENHANCED_ATTR, "");

    const rows = Array.from(tbody.rows);
    const total = rows.length;
    const ths = Array.from(headRow.cells);
    let titleCol = ths.findIndex((th) => normalizeText(th.textContent) === "title");
    if (titleCol < 0) titleCol = 0;

    const data = rows.map((tr) => {
      const cell = tr.cells[titleCol];
      // the cell's data-value is the title alone (its text may hold a reading-state button's word)
      const title = !cell ? "" : cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent;
      return rowFromAttributes((a) => tr.getAttribute(a), title);
    });
    const filtered = rows.map((tr) => tr.hasAttribute(FILTERED_ATTR));
    const pathAtStart = win.location.pathname;
    let filters = parseQuery(win.location.search);

    /* ---- filter controls ---- */
    let host = doc.getElementById("rl-papers-filters");
    if (!host) {
      host = el(doc, "div", { id: "rl-papers-filters" });
      const anchor = table.closest(".md-typeset__scrollwrap") || table;
      anchor.parentNode.insertBefore(host, anchor);
    }
    host.textContent = "";
    host.classList.add("rl-papers-filters");
    host.setAttribute("role", "search");
    host.setAttribute("aria-label", "Filter papers");

    const facets = readFacets(doc, table);
    const selects = {};
    const fields = el(doc, "div", { class: "rl-papers-filters__fields" });
    for (const f of FACETS) {
      const counts = countTokens(data, f.key);
      const labelled = Object.keys(facets[f.key]).length > 0;
      if (f.optional && !labelled && !counts.size && !filters[f.key]) continue; // nothing to filter by
      const id = `rl-papers-filter-${f.key}`;
      const field = el(doc, "div", { class: "rl-papers-filters__field" });
      const label = el(doc, "label", { for: id, class: "rl-papers-filters__label" }, f.label);
      const select = el(doc, "select", { id, class: "rl-papers-filters__select", "data-rl-facet": f.key });
      const all = el(doc, "option", { value: "" }, f.all);
      const frag = doc.createDocumentFragment();
      frag.append(all);
      const opts = facetOptions(facets[f.key], counts, filters[f.key], f.labelledOnly);
      for (const o of opts) frag.append(el(doc, "option", { value: o.value }, optionText(o)));
      select.append(frag);
      select.value = filters[f.key];
      if (!opts.length) select.disabled = true;
      field.append(label, select);
      fields.append(field);
      selects[f.key] = select;
    }
    const textId = "rl-papers-filter-q";
    const textField = el(doc, "div", { class: "rl-papers-filters__field rl-papers-filters__field--text" });
    const textInput = el(doc, "input", {
      id: textId,
      type: "search",
      class: "rl-papers-filters__text",
      autocomplete: "off",
      spellcheck: "false",
      placeholder: "Words in the title",
    });
    textInput.value = filters[TEXT_KEY];
    textField.append(el(doc, "label", { for: textId, class: "rl-papers-filters__label" }, "Title"), textInput);
    fields.append(textField);

    const bar = el(doc, "div", { class: "rl-papers-filters__bar" });
    const status = el(doc, "p", {
      class: "rl-papers-filters__status",
      role: "status",
      "aria-live": "polite",
      "aria-atomic": "true",
    });
    const reset = el(doc, "button", { type: "button", class: "rl-papers-filters__reset" }, "Reset filters");
    bar.append(status, reset);

    /* ---- filtering ---- */
    function updateStatus() {
      let shown = 0;
      for (let i = 0; i < total; i++) if (!filtered[i] && !rows[i].hasAttribute(OTHER_HIDDEN_ATTR)) shown++;
      const text = statusText(shown, total);
      if (status.textContent !== text) status.textContent = text;
    }

    function apply() {
      const match = makeMatcher(filters);
      for (let i = 0; i < total; i++) {
        const hide = !match(data[i]);
        if (hide === filtered[i]) continue;
        filtered[i] = hide;
        if (hide) rows[i].setAttribute(FILTERED_ATTR, "");
        else rows[i].removeAttribute(FILTERED_ATTR);
      }
      reset.disabled = isEmptyFilters(filters);
      updateStatus();
    }

    let urlTimer = 0;
    function writeUrl() {
      urlTimer = 0;
      // Instant navigation may have moved on to another page meanwhile.
      if (!table.isConnected || win.location.pathname !== pathAtStart) return;
      const search = buildQuery(filters, win.location.search);
      if (search === win.location.search) return;
      try {
        win.history.replaceState(win.history.state, "", win.location.pathname + search + win.location.hash);
      } catch (e) {
        /* Safari throttles replaceState; the URL is a convenience */
      }
    }
    function scheduleUrl(delay) {
      if (urlTimer) win.clearTimeout(urlTimer);
      urlTimer = win.setTimeout(writeUrl, delay);
    }

    function setFilter(key, value, delay) {
      filters = cleanFilters({ ...filters, [key]: value });
      apply();
      scheduleUrl(delay);
    }

    for (const key of Object.keys(selects)) {
      selects[key].addEventListener("change", () => setFilter(key, selects[key].value, 0));
    }
    let textTimer = 0;
    textInput.addEventListener("input", () => {
      if (textTimer) win.clearTimeout(textTimer);
      textTimer = win.setTimeout(() => {
        textTimer = 0;
        setFilter(TEXT_KEY, textInput.value, 300);
      }, total > 2000 ? 120 : 40);
    });
    reset.addEventListener("click", () => {
      if (textTimer) win.clearTimeout(textTimer);
      textTimer = 0;
      filters = emptyFilters();
      for (const key of Object.keys(selects)) selects[key].value = "";
      textInput.value = "";
      apply();
      scheduleUrl(0);
      textInput.focus();
    });

    // Rows that reading.js hides are not "shown": recount when it changes them.
    if (typeof win.MutationObserver === "function") {
      let pending = false;
      new win.MutationObserver(() => {
        if (pending) return;
        pending = true;
        win.requestAnimationFrame(() => {
          pending = false;
          updateStatus();
        });
      }).observe(tbody, { subtree: true, attributes: true, attributeFilter: [OTHER_HIDDEN_ATTR] });
    }

    /* ---- sorting ---- */
    const sortKeys = new Map(); // column → array of keys, computed on first use
    function keysFor(col, type) {
      if (!sortKeys.has(col)) {
        sortKeys.set(
          col,
          rows.map((tr) => {
            const cell = tr.cells[col];
            if (!cell) return null;
            return sortKey(cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent, type);
          })
        );
      }
      return sortKeys.get(col);
    }

    const sortable = [];
    const sortCols = new Map(); // the URL's name of a column ("title", "best-rank") -> [th, col, type]
    ths.forEach((th, col) => {
      if (!th.hasAttribute("data-sort")) return;
      const type = th.getAttribute("data-sort") === "number" ? "number" : "text";
      sortCols.set(columnKey(th.textContent), [th, col, type]);
      let button = th.querySelector(":scope > button.rl-sort");
      if (!button) {
        button = el(doc, "button", { type: "button", class: "rl-sort" });
        while (th.firstChild) button.append(th.firstChild);
        button.append(el(doc, "span", { class: "rl-sort__icon", "aria-hidden": "true" }));
        th.append(button);
      }
      sortable.push(th);
      button.addEventListener("click", () => {
        sortBy(th, col, type);
        writeSortToUrl(th);
      });
    });

    /**
     * Sort on the keys (computed once per column), then move the rows into that order: the first screenful
     * at once (one DOM operation), the rest in the next task (another), so the table answers a click within
     * a frame even with thousands of rows on a slow phone. Until then every row is still in the table.
     */
    let pendingMove = 0;
    function sortBy(th, col, type, direction, atOnce) {
      const dir = direction || nextDirection(th.getAttribute("aria-sort"));
      const order = sortIndices(keysFor(col, type), type, dir);
      const ordered = new Array(order.length);
      for (let i = 0; i < order.length; i++) ordered[i] = rows[order[i]];
      pendingMove++; // a newer sort cancels the rest of an older one
      const first = Math.min(ordered.length, FIRST_ROWS);
      if (first < ordered.length && !atOnce) {
        tbody.prepend(...ordered.slice(0, first));
        // the rest after the next paint (a timer set in a frame callback runs once that frame is shown)
        const ticket = pendingMove;
        const rest = () => {
          if (ticket === pendingMove) tbody.append(...ordered.slice(first));
        };
        if (typeof win.requestAnimationFrame === "function") win.requestAnimationFrame(() => win.setTimeout(rest, 0));
        else win.setTimeout(rest, 0);
      } else {
        tbody.replaceChildren(...ordered);
      }
      for (const other of sortable) if (other !== th) other.removeAttribute("aria-sort");
      th.setAttribute("aria-sort", dir);
    }

    /** The sort order kept in the URL: `?sort=title` ascending, `?sort=-title` descending. */
    function writeSortToUrl(th) {
      if (!table.isConnected || win.location.pathname !== pathAtStart) return;
      let key = "";
      for (const [k, v] of sortCols) if (v[0] === th) key = k;
      const value = th.getAttribute("aria-sort") === DESC ? `-${key}` : key;
      const search = setParam(win.location.search, SORT_KEY, value);
      if (search === win.location.search) return;
      try {
        win.history.replaceState(win.history.state, "", win.location.pathname + search + win.location.hash);
      } catch (e) {
        /* the URL is a convenience */
      }
    }

    const initial = parseSort(win.location.search);
    if (initial && sortCols.has(initial.key)) {
      const [th, col, type] = sortCols.get(initial.key);
      sortBy(th, col, type, initial.direction, true); // before the first paint: no need to split
    }

    apply(); // before the controls are attached, so the first count is not announced
    host.append(fields, bar);
    return { table, rows, get filters() { return { ...filters }; } };
  }

  /** Run `enhance` on every page (instant navigation) — once per page. */
  function mount(win, doc) {
    if (api.mounted) return;
    api.mounted = true;
    const run = () => {
      try {
        enhance(win, doc);
      } catch (e) {
        if (win.console) win.console.error("papers-table.js:", e);
      }
    };
    if (win.document$ && typeof win.document$.subscribe === "function") {
      run(); // the table above this script (Material loads it at the end of <body>) is parsed: enhance it now
      win.document$.subscribe(run); // then after every instant navigation (once per table)
    } else if (doc.readyState === "loading") {
      doc.addEventListener("DOMContentLoaded", run);
    } else {
      run();
    }
  }

  const api = {
    FACETS,
    FACET_KEYS,
    QUERY_KEYS,
    FILTERED_ATTR,
    splitTokens,
    normalizeText,
    emptyFilters,
    cleanFilters,
    parseQuery,
    buildQuery,
    isEmptyFilters,
    makeMatcher,
    rowMatches,
    rowFromAttributes,
    sortKey,
    compareKeys,
    sortIndices,
    nextDirection,
    countTokens,
    facetOptions,
    optionText,
    parseFacets,
    facetsFromText,
    statusText,
    columnKey,
    parseSort,
    setParam,
    enhance,
    mount,
    mounted: false,
  };
  return api;
});
