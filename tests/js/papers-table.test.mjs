// Unit tests for the pure logic in generator/theme/assets/javascripts/papers-table.js.
// Run: node --test tests/js/papers-table.test.mjs
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const SRC = fileURLToPath(new URL("../../generator/theme/assets/javascripts/papers-table.js", import.meta.url));
const PT = require(SRC);

const row = (attrs, title = "") => PT.rowFromAttributes((name) => (name in attrs ? attrs[name] : null), title);

const ROWS = [
  row({ "data-tags": "llm alignment", "data-category": "cs.CL", "data-week": "2023-04-02", "data-lists": "best-nlp weekly-q2" }, "Direct Preference Optimization"),
  row({ "data-tags": "llm", "data-category": "cs.LG", "data-week": "2023-04-09", "data-lists": "best-nlp" }, "LLaMA: Open and Efficient Foundation Language Models"),
  row({ "data-tags": "vision", "data-category": "cs.CV", "data-week": "2023-04-02", "data-lists": "" }, "Segment Anything"),
  row({ "data-category": "cs.CL" }, "Café Über Naïve Models"),
];

/* ---- loading ---------------------------------------------------------- */

test("loads as a CommonJS module and via import", async () => {
  assert.equal(typeof PT.parseQuery, "function");
  const mod = await import(SRC);
  assert.equal(mod.default.parseQuery, PT.parseQuery);
});

test("runs as a classic script without a DOM and defines PapersTable", () => {
  const ctx = { URLSearchParams, Intl };
  vm.createContext(ctx);
  vm.runInContext(readFileSync(SRC, "utf8"), ctx, { filename: "papers-table.js" });
  assert.equal(typeof ctx.PapersTable.parseQuery, "function");
  assert.equal(ctx.PapersTable.mounted, false);
});

test("runs as a classic script with a DOM-less window: nothing mounts", () => {
  const ctx = { URLSearchParams, Intl, window: {} };
  vm.createContext(ctx);
  vm.runInContext(readFileSync(SRC, "utf8"), ctx);
  assert.equal(ctx.PapersTable.mounted, false);
});

/* ---- query <-> filters ------------------------------------------------ */

test("parseQuery reads the known keys, first occurrence wins", () => {
  assert.deepEqual(PT.parseQuery("?tag=llm&list=best-nlp&tag=vision&foo=1"), {
    tag: "llm",
    category: "",
    week: "",
    list: "best-nlp",
    year: "",
    author: "",
    q: "",
  });
  assert.deepEqual(PT.parseQuery("category=cs.CL&week=2023-04-02"), {
    tag: "",
    category: "cs.CL",
    week: "2023-04-02",
    list: "",
    year: "",
    author: "",
    q: "",
  });
  assert.deepEqual(PT.parseQuery(new URLSearchParams("q=x")), { ...PT.emptyFilters(), q: "x" });
});

test("parseQuery decodes, trims and collapses the title query", () => {
  assert.equal(PT.parseQuery("?q=%20Direct%20%20Preference+").q, "Direct Preference");
  assert.equal(PT.parseQuery("?tag=%20llm%20").tag, "llm");
});

test("parseQuery drops invalid facet values", () => {
  assert.equal(PT.parseQuery("?tag=two%20words").tag, "");
  assert.equal(PT.parseQuery(`?tag=${"x".repeat(201)}`).tag, "");
  assert.equal(PT.parseQuery(`?tag=${"x".repeat(200)}`).tag, "x".repeat(200));
  assert.deepEqual(PT.parseQuery(""), PT.emptyFilters());
  assert.deepEqual(PT.parseQuery(undefined), PT.emptyFilters());
  assert.deepEqual(PT.parseQuery("?__proto__=x&constructor=y"), PT.emptyFilters());
});

test("parseQuery keeps special characters as data", () => {
  assert.equal(PT.parseQuery("?tag=%3Cimg%20src%3Dx%3E").tag, ""); // has a space: not a token
  assert.equal(PT.parseQuery("?tag=%3Cb%3E%22%27").tag, "<b>\"'");
  assert.equal(PT.parseQuery("?q=%3Cscript%3E").q, "<script>");
});

test("buildQuery writes our keys in a fixed order and keeps foreign ones", () => {
  assert.equal(PT.buildQuery({ list: "b", tag: "llm" }, ""), "?tag=llm&list=b");
  assert.equal(PT.buildQuery({ tag: "llm", q: "a b" }, "?utm_source=x&tag=old&q=z"), "?utm_source=x&tag=llm&q=a+b");
  assert.equal(PT.buildQuery(PT.emptyFilters(), "?tag=llm"), "");
  assert.equal(PT.buildQuery(PT.emptyFilters(), "?x=1&tag=llm"), "?x=1");
  assert.equal(PT.buildQuery({ tag: "a&b=c" }, ""), "?tag=a%26b%3Dc");
});

test("buildQuery and parseQuery round-trip", () => {
  const f = {
    tag: "llm",
    category: "cs.CL",
    week: "2023-04-02",
    list: "best-nlp",
    year: "2023",
    author: "piotr-dollar",
    q: "préférence & co",
  };
  assert.deepEqual(PT.parseQuery(PT.buildQuery(f, "?page=2")), f);
});

test("isEmptyFilters", () => {
  assert.equal(PT.isEmptyFilters(PT.emptyFilters()), true);
  assert.equal(PT.isEmptyFilters({ q: "   " }), true);
  assert.equal(PT.isEmptyFilters({ week: "2023-04-02" }), false);
});

/* ---- matching ---------------------------------------------------------- */

const matching = (filters) =>
  ROWS.map((r, i) => [r, i])
    .filter(([r]) => PT.rowMatches(r, filters))
    .map(([, i]) => i);

test("rowFromAttributes splits tokens and normalizes the title", () => {
  assert.deepEqual(ROWS[0].tag, ["llm", "alignment"]);
  assert.deepEqual(ROWS[0].list, ["best-nlp", "weekly-q2"]);
  assert.deepEqual(ROWS[3].tag, []);
  assert.equal(ROWS[3].title, "cafe uber naive models");
  assert.deepEqual(PT.splitTokens("  a  b\ta  "), ["a", "b"]);
  assert.deepEqual(PT.splitTokens(null), []);
});

test("no filters match every row", () => {
  assert.deepEqual(matching(PT.emptyFilters()), [0, 1, 2, 3]);
  assert.deepEqual(matching({}), [0, 1, 2, 3]);
});

test("facet filters match whole tokens", () => {
  assert.deepEqual(matching({ tag: "llm" }), [0, 1]);
  assert.deepEqual(matching({ tag: "alignment" }), [0]);
  assert.deepEqual(matching({ tag: "ll" }), []); // no prefix match
  assert.deepEqual(matching({ category: "cs.CL" }), [0, 3]);
  assert.deepEqual(matching({ week: "2023-04-02" }), [0, 2]);
  assert.deepEqual(matching({ list: "best-nlp" }), [0, 1]);
  assert.deepEqual(matching({ list: "weekly-q2" }), [0]);
  assert.deepEqual(matching({ tag: "nope" }), []);
});

test("facet filters combine with AND", () => {
  assert.deepEqual(matching({ tag: "llm", category: "cs.LG" }), [1]);
  assert.deepEqual(matching({ tag: "llm", week: "2023-04-02", list: "best-nlp" }), [0]);
  assert.deepEqual(matching({ tag: "vision", list: "best-nlp" }), []);
});

test("the title filter: every word, any order, case and accent insensitive", () => {
  assert.deepEqual(matching({ q: "models" }), [1, 3]);
  assert.deepEqual(matching({ q: "MODELS language" }), [1]);
  assert.deepEqual(matching({ q: "café" }), [3]);
  assert.deepEqual(matching({ q: "naive uber" }), [3]);
  assert.deepEqual(matching({ q: "optim" }), [0]);
  assert.deepEqual(matching({ q: "models", category: "cs.CL" }), [3]);
  assert.deepEqual(matching({ q: "zebra" }), []);
});

test("makeMatcher compiles once and is reusable", () => {
  const m = PT.makeMatcher({ tag: "llm" });
  assert.deepEqual(ROWS.map(m), [true, true, false, false]);
});

/* ---- sorting ----------------------------------------------------------- */

test("sortKey: numbers, text, and missing values", () => {
  assert.equal(PT.sortKey("3", "number"), 3);
  assert.equal(PT.sortKey(" 12 ", "number"), 12);
  assert.equal(PT.sortKey("", "number"), null);
  assert.equal(PT.sortKey("   ", "number"), null);
  assert.equal(PT.sortKey("n/a", "number"), null);
  assert.equal(PT.sortKey(null, "number"), null);
  assert.equal(PT.sortKey("  Attention  Is All ", "text"), "Attention Is All");
  assert.equal(PT.sortKey("", "text"), null);
});

test("compareKeys: missing keys last in both directions", () => {
  assert.ok(PT.compareKeys(1, 2, "number", "ascending") < 0);
  assert.ok(PT.compareKeys(1, 2, "number", "descending") > 0);
  assert.ok(PT.compareKeys(null, 2, "number", "ascending") > 0);
  assert.ok(PT.compareKeys(null, 2, "number", "descending") > 0);
  assert.ok(PT.compareKeys(2, null, "number", "descending") < 0);
  assert.equal(PT.compareKeys(null, null, "number", "ascending"), 0);
  assert.equal(PT.compareKeys(5, 5, "number", "descending"), 0);
});

test("compareKeys on text: case-insensitive, numeric-aware", () => {
  assert.ok(PT.compareKeys("apple", "Banana", "text", "ascending") < 0);
  assert.ok(PT.compareKeys("item 2", "item 10", "text", "ascending") < 0);
  assert.ok(PT.compareKeys("2023-04-02", "2023-04-09", "text", "ascending") < 0);
  assert.equal(PT.compareKeys("abc", "ABC", "text", "ascending"), 0);
});

test("sortIndices by rank: numeric, not lexicographic; empties last", () => {
  const keys = ["10", "", "2", "1", "n/a", "2"].map((v) => PT.sortKey(v, "number"));
  assert.deepEqual(PT.sortIndices(keys, "number", "ascending"), [3, 2, 5, 0, 1, 4]);
  // descending: ties keep their original order; empties still last
  assert.deepEqual(PT.sortIndices(keys, "number", "descending"), [0, 2, 5, 3, 1, 4]);
});

test("sortIndices on text", () => {
  const keys = ["beta", "Alpha", "", "gamma", "alpha"].map((v) => PT.sortKey(v, "text"));
  assert.deepEqual(PT.sortIndices(keys, "text", "ascending"), [1, 4, 0, 3, 2]);
  assert.deepEqual(PT.sortIndices(keys, "text", "descending"), [3, 0, 1, 4, 2]);
});

test("sortIndices is fast enough for 10,000 rows", () => {
  const keys = Array.from({ length: 10000 }, (_, i) => (i % 7 === 0 ? null : (i * 7919) % 10007));
  const t0 = performance.now();
  const order = PT.sortIndices(keys, "number", "ascending");
  const ms = performance.now() - t0;
  assert.equal(order.length, 10000);
  for (let i = 1; i < order.length; i++) assert.ok(PT.compareKeys(keys[order[i - 1]], keys[order[i]], "number", "ascending") <= 0);
  assert.ok(ms < 500, `took ${ms} ms`);
});

test("nextDirection toggles, starting ascending", () => {
  assert.equal(PT.nextDirection(null), "ascending");
  assert.equal(PT.nextDirection("none"), "ascending");
  assert.equal(PT.nextDirection("ascending"), "descending");
  assert.equal(PT.nextDirection("descending"), "ascending");
});

/* ---- facets and options ------------------------------------------------ */

test("countTokens", () => {
  assert.deepEqual([...PT.countTokens(ROWS, "tag")], [["llm", 2], ["alignment", 1], ["vision", 1]]);
  assert.deepEqual([...PT.countTokens(ROWS, "category")], [["cs.CL", 2], ["cs.LG", 1], ["cs.CV", 1]]);
});

test("facetOptions: facet order first, then unlisted row values, then the URL value", () => {
  const facet = { vision: "Computer vision", llm: "Large language models", unused: "Unused" };
  const opts = PT.facetOptions(facet, PT.countTokens(ROWS, "tag"), "from-url");
  assert.deepEqual(opts, [
    { value: "vision", label: "Computer vision", count: 1 },
    { value: "llm", label: "Large language models", count: 2 },
    { value: "unused", label: "Unused", count: 0 },
    { value: "alignment", label: "alignment", count: 1 },
    { value: "from-url", label: "from-url", count: 0 },
  ]);
  assert.deepEqual(PT.facetOptions(facet, new Map(), "llm").length, 3); // already listed
  assert.equal(PT.optionText(opts[1]), "Large language models (2)");
});

test("facetOptions labelledOnly: only the facet's entries and the URL value (authors)", () => {
  const rows = [
    row({ "data-authors": "ada bo", "data-year": "2023" }),
    row({ "data-authors": "ada", "data-year": "2021" }),
    row({ "data-year": "" }),
  ];
  const counts = PT.countTokens(rows, "author");
  assert.deepEqual(PT.facetOptions({ ada: "Ada Lovelace" }, counts, "", true), [{ value: "ada", label: "Ada Lovelace", count: 2 }]);
  assert.deepEqual(PT.facetOptions({ ada: "Ada Lovelace" }, counts, "bo", true).map((o) => [o.value, o.count]), [["ada", 2], ["bo", 1]]);
  assert.deepEqual(rows.map((r) => PT.rowMatches(r, { author: "bo" })), [true, false, false]);
  assert.deepEqual(rows.map((r) => PT.rowMatches(r, { year: "2021" })), [false, true, false]);
  assert.deepEqual(rows.map((r) => PT.rowMatches(r, { author: "ada", year: "2023" })), [true, false, false]);
  assert.equal(PT.buildQuery({ author: "ada", year: "2023", tag: "llm" }, ""), "?tag=llm&year=2023&author=ada");
});

test("facetOptions tolerates bad input", () => {
  assert.deepEqual(PT.facetOptions(null, null, ""), []);
  assert.deepEqual(PT.facetOptions(["a"], null, ""), []);
  assert.deepEqual(PT.facetOptions({ "": "empty", "a b": "space", ok: 42 }, null, ""), [{ value: "ok", label: "ok", count: 0 }]);
});

test("parseFacets", () => {
  const f = PT.parseFacets('{"tag": {"llm": "LLMs"}, "week": [], "list": "x", "extra": {}}');
  assert.deepEqual(f, { tag: { llm: "LLMs" }, category: {}, week: {}, list: {}, year: {}, author: {} });
  assert.deepEqual(PT.parseFacets("not json"), { tag: {}, category: {}, week: {}, list: {}, year: {}, author: {} });
  assert.deepEqual(PT.parseFacets(""), { tag: {}, category: {}, week: {}, list: {}, year: {}, author: {} });
});

test("facetsFromText recognises facet JSON only", () => {
  assert.deepEqual(PT.facetsFromText(' {"tag": {"llm": "LLMs"}} '), { tag: { llm: "LLMs" }, category: {}, week: {}, list: {}, year: {}, author: {} });
  assert.equal(PT.facetsFromText('{"other": {}}'), null);
  assert.equal(PT.facetsFromText('{"tag": []}'), null);
  assert.equal(PT.facetsFromText("[1, 2]"), null);
  assert.equal(PT.facetsFromText("window.x = 1"), null);
  assert.equal(PT.facetsFromText(""), null);
  assert.equal(PT.facetsFromText(null), null);
});

test("statusText", () => {
  assert.equal(PT.statusText(3, 30), "Showing 3 of 30 papers");
  assert.equal(PT.statusText(1, 1), "Showing 1 of 1 paper");
  assert.equal(PT.statusText(0, 0), "Showing 0 of 0 papers");
});

/* ---- the sort order in the URL ---------------------------------------- */

test("columnKey names a column after its heading", () => {
  assert.equal(PT.columnKey("Title"), "title");
  assert.equal(PT.columnKey(" Best rank ↕"), "best-rank");
  assert.equal(PT.columnKey("Café Year"), "cafe-year");
});

test("parseSort reads ?sort=key (ascending) and ?sort=-key (descending)", () => {
  assert.deepEqual(PT.parseSort("?sort=title"), { key: "title", direction: "ascending" });
  assert.deepEqual(PT.parseSort("?tag=llm&sort=-best-rank"), { key: "best-rank", direction: "descending" });
  assert.deepEqual(PT.parseSort(new URLSearchParams("sort=-year")), { key: "year", direction: "descending" });
  for (const bad of ["", "?sort=", "?sort=--title", "?sort=<b>", "?sort=Title", `?sort=${"x".repeat(80)}`]) {
    assert.equal(PT.parseSort(bad), null, bad);
  }
});

test("setParam sets or drops one parameter and keeps the others in place", () => {
  assert.equal(PT.setParam("?tag=llm&state=read", "sort", "-title"), "?tag=llm&state=read&sort=-title");
  assert.equal(PT.setParam("?sort=title&tag=llm", "sort", "-title"), "?sort=-title&tag=llm");
  assert.equal(PT.setParam("?sort=title", "sort", ""), "");
  assert.equal(PT.setParam("", "sort", "year"), "?sort=year");
});

test("buildQuery keeps the sort and reading-state parameters the other scripts write", () => {
  assert.equal(PT.buildQuery({ tag: "llm" }, "?sort=-title&state=unread"), "?sort=-title&state=unread&tag=llm");
});
