// Unit tests for the pure logic in generator/theme/assets/javascripts/reading.js.
// Run: node --test tests/js/
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const require = createRequire(import.meta.url);
const SRC = fileURLToPath(new URL("../../generator/theme/assets/javascripts/reading.js", import.meta.url));
const RL = require(SRC);

const T1 = "2024-03-01T10:00:00.000Z";
const T2 = "2024-03-02T10:00:00.000Z";
const T3 = "2024-03-03T10:00:00.000Z";
const ROOT = "https://example.org/reading-list/";

const entry = (state, updated, extra = {}) => ({ state, title: "", url: "papers/x/", updated, ...extra });
const doc = (papers) => ({ version: 1, papers });
const sample = () =>
  doc({
    attention: { state: "read", title: "Attention Is All You Need", url: "papers/attention/", updated: T1 },
    bert: { state: "reading", title: "BERT", url: "papers/bert/", updated: T2 },
    gpt: { state: "toread", title: "GPT", url: "papers/gpt/", updated: T1 },
  });

/** A Storage stand-in backed by a Map. */
function memoryStorage(initial = {}) {
  const m = new Map(Object.entries(initial));
  return {
    map: m,
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => void m.set(k, String(v)),
    removeItem: (k) => void m.delete(k),
  };
}

test("loads as a classic script without module or DOM and defines globalThis.ReadingList", () => {
  const ctx = vm.createContext({ URL, console });
  vm.runInContext(readFileSync(SRC, "utf8"), ctx, { filename: "reading.js" });
  const api = vm.runInContext("globalThis.ReadingList", ctx);
  assert.equal(typeof api.parse, "function");
  assert.equal(api.ui, null, "no DOM, so nothing is mounted");
  assert.equal(api.STORAGE_KEY, "reading-list:v1");
});

test("constants", () => {
  assert.equal(RL.STORAGE_KEY, "reading-list:v1");
  assert.equal(RL.VERSION, 1);
  assert.deepEqual([...RL.STATES], ["toread", "reading", "read"]);
  assert.deepEqual(RL.emptyState(), { version: 1, papers: {} });
});

test("parse: a valid document round-trips", () => {
  const r = RL.parse(JSON.stringify(sample()));
  assert.equal(r.ok, true);
  assert.deepEqual(r.value, sample());
  assert.deepEqual(r.dropped, []);
});

test("parse: missing title/url get defaults, unknown fields are dropped", () => {
  const r = RL.parse(JSON.stringify({ version: 1, extra: 1, papers: { a: { state: "read", updated: T1, foo: 1 } } }));
  assert.equal(r.ok, true);
  assert.deepEqual(r.value, doc({ a: { state: "read", title: "", url: "papers/a/", updated: T1 } }));
});

test("parse: garbage is rejected with a message", () => {
  const cases = {
    "not json{": /not valid JSON/,
    "": /not valid JSON/,
    "null": /expected a JSON object/,
    "[]": /expected a JSON object/,
    '"x"': /expected a JSON object/,
    '{"papers": {}}': /unsupported version nothing/,
    '{"version": 2, "papers": {}}': /unsupported version 2/,
    '{"version": "1", "papers": {}}': /unsupported version "1"/,
    '{"version": 1}': /"papers" must be an object/,
    '{"version": 1, "papers": []}': /"papers" must be an object/,
    '{"version": 1, "papers": {"a": 1}}': /paper "a": expected an object/,
    '{"version": 1, "papers": {"a": {"state": "done", "updated": "2024-01-01T00:00:00Z"}}}': /unknown state "done"/,
    '{"version": 1, "papers": {"a": {"state": "read"}}}': /"updated" must be an ISO-8601/,
    '{"version": 1, "papers": {"a": {"state": "read", "updated": "yesterday"}}}': /"updated" must be an ISO-8601/,
    '{"version": 1, "papers": {"a": {"state": "read", "updated": "2024-02-30T00:00:00Z"}}}': /ISO-8601/,
    '{"version": 1, "papers": {"a": {"state": "read", "updated": "2024-01-01T00:00:00Z", "title": 5}}}': /"title" must be a string/,
    '{"version": 1, "papers": {"a b": {"state": "read", "updated": "2024-01-01T00:00:00Z"}}}': /invalid paper id/,
    '{"version": 1, "papers": {"__proto__": {"state": "read", "updated": "2024-01-01T00:00:00Z"}}}': /invalid paper id/,
  };
  for (const [text, re] of Object.entries(cases)) {
    const r = RL.parse(text);
    assert.equal(r.ok, false, `should reject ${text}`);
    assert.match(r.error, re, `message for ${text}`);
  }
  assert.equal(RL.parse(undefined).ok, false);
});

test("parse: unsafe urls are rejected (no schemes, no absolute or protocol-relative paths)", () => {
  for (const url of ["javascript:alert(1)", "https://evil.example/", "//evil.example/x", "/abs/", "papers//x", "a b", ""]) {
    const r = RL.parse(JSON.stringify(doc({ a: { state: "read", url, updated: T1 } })));
    assert.equal(r.ok, false, url);
    assert.match(r.error, /"url" must be a path relative to the site root/);
  }
  assert.equal(RL.parse(JSON.stringify(doc({ a: { state: "read", url: "papers/a/", updated: T1 } }))).ok, true);
});

test("parseStored: null is empty, garbage is empty + corrupt + warning, bad entries are dropped", () => {
  assert.deepEqual(RL.parseStored(null), { data: RL.emptyState(), corrupt: false, warning: null });
  const g = RL.parseStored("{{{");
  assert.deepEqual(g.data, RL.emptyState());
  assert.equal(g.corrupt, true);
  assert.match(g.warning, /not valid JSON/);
  const v2 = RL.parseStored('{"version": 2, "papers": {}}');
  assert.equal(v2.corrupt, true);
  assert.match(v2.warning, /unsupported version 2/);
  const partial = RL.parseStored(JSON.stringify(doc({ good: entry("read", T1), bad: { state: "nope", updated: T1 } })));
  assert.equal(partial.corrupt, true);
  assert.deepEqual(Object.keys(partial.data.papers), ["good"]);
  assert.match(partial.warning, /1 invalid stored entry/);
  const ok = RL.parseStored(JSON.stringify(sample()));
  assert.equal(ok.corrupt, false);
  assert.deepEqual(ok.data, sample());
});

test("setState / clearState / getState are pure", () => {
  const s0 = RL.emptyState();
  const s1 = RL.setState(s0, "bert", "toread", { title: "BERT", url: "papers/bert/" }, new Date(T1));
  assert.deepEqual(s0, RL.emptyState(), "input untouched");
  assert.deepEqual(s1, doc({ bert: { state: "toread", title: "BERT", url: "papers/bert/", updated: T1 } }));
  assert.equal(RL.getState(s1, "bert"), "toread");
  assert.equal(RL.getState(s1, "other"), "");
  assert.equal(RL.getState(s1, "constructor"), "", "no prototype leaks");

  const s2 = RL.setState(s1, "bert", "read", {}, T2);
  assert.deepEqual(s2.papers.bert, { state: "read", title: "BERT", url: "papers/bert/", updated: T2 }, "meta kept");
  assert.equal(s1.papers.bert.state, "toread", "previous object untouched");

  const s3 = RL.setState(s2, "new-one", "reading", { url: "javascript:alert(1)" }, T3);
  assert.equal(s3.papers["new-one"].url, "papers/new-one/", "bad url replaced by default");

  const cleared = RL.clearState(s3, "bert");
  assert.equal(RL.getState(cleared, "bert"), "");
  assert.equal(RL.getState(s3, "bert"), "read");
  assert.deepEqual(RL.setState(s3, "bert", "", {}, T3), cleared, '"" clears');
  assert.deepEqual(RL.setState(s3, "bert", null), cleared, "null clears");

  assert.throws(() => RL.setState(s0, "bert", "done"), RangeError);
  assert.throws(() => RL.setState(s0, "has space", "read"), TypeError);
  assert.throws(() => RL.setState(s0, "__proto__", "read"), TypeError);
  assert.ok(RL.isIsoDate(RL.setState(s0, "a", "read").papers.a.updated), "default timestamp is ISO");
});

test("merge: per paper the later `updated` wins, ties keep the current entry", () => {
  const current = doc({
    a: entry("toread", T1, { title: "A old" }),
    b: entry("read", T3, { title: "B current" }),
    c: entry("reading", T2, { title: "C current" }),
  });
  const incoming = doc({
    a: entry("read", T2, { title: "A new" }), // later: wins
    b: entry("toread", T1, { title: "B older" }), // earlier: loses
    c: entry("read", T2, { title: "C tie" }), // tie: current stays
    d: entry("reading", T1, { title: "D added" }),
  });
  const before = structuredClone(current);
  const { value, stats } = RL.merge(current, incoming);
  assert.deepEqual(current, before, "inputs untouched");
  assert.equal(value.papers.a.title, "A new");
  assert.equal(value.papers.a.state, "read");
  assert.equal(value.papers.b.title, "B current");
  assert.equal(value.papers.c.title, "C current");
  assert.equal(value.papers.d.title, "D added");
  assert.deepEqual(stats, { added: 1, updated: 1, unchanged: 2 });
});

test("merge compares instants, not strings (time zone offsets)", () => {
  const current = doc({ a: entry("toread", "2024-03-01T10:30:00Z") });
  // 11:00+01:00 is 10:00Z, i.e. earlier, although it sorts later as a string
  const incoming = doc({ a: entry("read", "2024-03-01T11:00:00+01:00") });
  assert.equal(RL.merge(current, incoming).value.papers.a.state, "toread");
});

test("importJSON merges valid files and rejects bad ones without changing anything", () => {
  const current = sample();
  const snapshot = JSON.stringify(current);
  const good = JSON.stringify(doc({ gpt: entry("read", T3, { title: "GPT", url: "papers/gpt/" }) }));
  const r = RL.importJSON(current, good);
  assert.equal(r.ok, true);
  assert.equal(r.value.papers.gpt.state, "read");
  assert.equal(r.value.papers.attention.state, "read");
  assert.deepEqual(r.stats, { added: 0, updated: 1, unchanged: 0 });

  const bad = [
    "definitely not json",
    '{"version": 2, "papers": {}}',
    '{"version": 1, "papers": "nope"}',
    // one bad entry among good ones rejects the whole file
    JSON.stringify(doc({ ok: entry("read", T3), bad: entry("finished", T3) })),
  ];
  for (const text of bad) {
    const res = RL.importJSON(current, text);
    assert.equal(res.ok, false, text);
    assert.equal(typeof res.error, "string");
    assert.equal(res.value, undefined);
  }
  assert.equal(JSON.stringify(current), snapshot, "current state unchanged by rejected imports");
});

test("import through a store: a rejected import leaves storage byte-for-byte unchanged", () => {
  const raw = JSON.stringify(sample());
  const storage = memoryStorage({ [RL.STORAGE_KEY]: raw });
  const store = RL.createStore(() => storage, () => {});
  const res = RL.importJSON(store.load(), '{"version": 1, "papers": {"x": {"state": "??", "updated": "2024-01-01T00:00:00Z"}}}');
  assert.equal(res.ok, false);
  assert.equal(storage.getItem(RL.STORAGE_KEY), raw);
});

test("toJSON export is the storage format and parses back", () => {
  const text = RL.toJSON(sample());
  assert.ok(text.endsWith("\n"));
  assert.deepEqual(JSON.parse(text), sample());
  assert.deepEqual(RL.parse(text).value, sample());
});

test("toMarkdown: checklist grouped by state with absolute links", () => {
  const data = RL.setState(sample(), "zeta", "read", { title: "Zeta [draft] *bold* (v2)", url: "papers/zeta/" }, T1);
  const md = RL.toMarkdown(data, ROOT);
  assert.equal(
    md,
    [
      "# Reading list",
      "",
      "## Reading",
      "",
      "- [ ] [BERT](https://example.org/reading-list/papers/bert/)",
      "",
      "## To read",
      "",
      "- [ ] [GPT](https://example.org/reading-list/papers/gpt/)",
      "",
      "## Read",
      "",
      "- [x] [Attention Is All You Need](https://example.org/reading-list/papers/attention/)",
      "- [x] [Zeta \\[draft\\] \\*bold\\* (v2)](https://example.org/reading-list/papers/zeta/)",
      "",
    ].join("\n")
  );
});

test("toMarkdown: empty state, untitled papers, parentheses in urls", () => {
  assert.equal(RL.toMarkdown(RL.emptyState(), ROOT), "# Reading list\n\n_No papers marked yet._\n");
  const data = doc({ "p-1": { state: "toread", title: "", url: "papers/p(1)/", updated: T1 } });
  assert.match(RL.toMarkdown(data, ROOT), /^- \[ \] \[p-1\]\(https:\/\/example\.org\/reading-list\/papers\/p%281%29\/\)$/m);
});

test("progress counts over a list of slugs (duplicates and unknown ids)", () => {
  const c = RL.progress(sample(), "attention bert  gpt unknown attention\n other ");
  assert.deepEqual(c, { total: 5, read: 1, reading: 1, toread: 1, none: 2 });
  assert.equal(RL.progressText(c), "1 of 5 read · 1 reading · 1 to read");
  assert.deepEqual(RL.progress(sample(), []), { total: 0, read: 0, reading: 0, toread: 0, none: 0 });
  assert.deepEqual(RL.progress(sample(), ["bert"]).reading, 1);
});

test("matchesFilter", () => {
  const rows = ["", "toread", "reading", "read"];
  const pick = (f) => rows.filter((s) => RL.matchesFilter(f, s));
  assert.deepEqual(pick("all"), rows);
  assert.deepEqual(pick("unread"), ["", "toread", "reading"]);
  assert.deepEqual(pick("none"), [""]);
  assert.deepEqual(pick("read"), ["read"]);
  assert.deepEqual(pick("reading"), ["reading"]);
});

test("createStore: round trip, garbage handling with warning and backup", () => {
  const warnings = [];
  const storage = memoryStorage({ [RL.STORAGE_KEY]: "garbage!" });
  const store = RL.createStore(() => storage, (m) => warnings.push(m));
  assert.deepEqual(store.load(), RL.emptyState());
  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /invalid stored reading state/);
  store.load();
  assert.equal(warnings.length, 1, "same garbage is reported once");
  assert.equal(storage.getItem(RL.STORAGE_KEY), "garbage!", "loading never overwrites");

  const next = RL.setState(store.load(), "a", "read", {}, T1);
  assert.equal(store.save(next), true);
  assert.equal(storage.getItem(RL.BACKUP_KEY), "garbage!", "garbage backed up before overwrite");
  assert.match(warnings.at(-1), /overwriting invalid stored reading state/);
  assert.deepEqual(JSON.parse(storage.getItem(RL.STORAGE_KEY)), next);
  assert.deepEqual(store.load(), next);
  assert.equal(store.persistent, true);
});

test("createStore: unavailable or failing storage falls back to memory without throwing", () => {
  const warnings = [];
  const blocked = RL.createStore(() => {
    throw new Error("SecurityError");
  }, (m) => warnings.push(m));
  assert.equal(blocked.persistent, false);
  assert.deepEqual(blocked.load(), RL.emptyState());
  const s = RL.setState(blocked.load(), "a", "read", {}, T1);
  assert.equal(blocked.save(s), false);
  assert.deepEqual(blocked.load(), s, "kept in memory");
  assert.match(warnings[0], /not available/);

  const full = {
    getItem: () => null,
    setItem: () => {
      throw new Error("QuotaExceededError");
    },
  };
  const store = RL.createStore(() => full, (m) => warnings.push(m));
  assert.equal(store.save(s), false);
  assert.equal(store.persistent, false);
  assert.deepEqual(store.load(), s);
  assert.match(warnings.at(-1), /cannot write localStorage/);
});

test("filterFromQuery: the reading-state filter kept in the URL (?state=…), else all", () => {
  assert.equal(RL.filterFromQuery("?state=unread"), "unread");
  assert.equal(RL.filterFromQuery("?tag=llm&state=read&sort=-title"), "read");
  for (const v of ["all", "unread", "none", "toread", "reading", "read"]) assert.equal(RL.filterFromQuery(`?state=${v}`), v);
  for (const bad of ["", "?state=", "?state=finished", "?state=READ", "?other=read", null, undefined]) {
    assert.equal(RL.filterFromQuery(bad), "all", String(bad));
  }
});
