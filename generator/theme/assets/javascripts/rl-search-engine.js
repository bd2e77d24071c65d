/*
 * The reading list's search engine: scores the index generator/search_index.py writes to
 * search/rl/. Loaded (as an ES module) by rl-search.js only when a reader opens search.
 *
 * Ranking, as a reader expects it:
 *   1. the query names the paper: it is the title, the title's head ("LLaMA" of "LLaMA: Open
 *      and ..."), a common name (aka) or the arXiv id; then the name starts with the query; then
 *      the name contains every word of the query. Within each, names the query covers more of
 *      first, so a paper's short name beats longer titles that merely contain the word;
 *   2. then author names (surnames first), then tags, then venue/category/list names, and
 *      abstract matches last;
 *   3. equal scores keep the index order (papers in more lists, with more citations, first).
 * Every word must match somewhere, except stop words ("of", "the") and URL noise ("arxiv", "abs").
 * Words match exactly, as a prefix (the word being typed, plurals), or with typos: one edit for
 * words of 5+ letters, two for 9+. Index pages (tags, lists, categories) come after every paper.
 *
 * Tokens are normalised exactly as generator/search_index.py does (NFKD, marks dropped, lower
 * case; arXiv ids and decimals stay whole).
 */

const TOKEN = /[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}]+/gu;
const MARKS = /\p{M}/gu;
const NOISE = new Set(["arxiv", "abs", "pdf", "org", "http", "https", "www"]);

// flags of a posting (generator/search_index.py)
const SURNAME = 1;
const AUTHOR = 2;
const TAG = 4;
const META = 8;
const TEXT = 16;
const NAME = 32;
const FIELDS = 16; // name fields: 0 title, 1 head, 2 arXiv id (an index page's id), 3+ common names
const MASK_BITS = 24;

const ENTRY = "index.json";
const WEIGHT = { name: 10, surname: 6, author: 4, tag: 3, meta: 2, text: 1 };
const TIER = 1000; // a name tier outweighs every other signal
const CLEAN = 0.6; // qualities from here on are no typo (exact, plural, prefix)
const WHOLE = 0.95; // exact or plural: the word typed whole

export function normalize(text) {
  return String(text).normalize("NFKD").replace(MARKS, "").toLowerCase();
}

export function tokens(text) {
  return normalize(text).match(TOKEN) || [];
}

/** The text cut into [piece, marked] segments: words whose token is in `terms` are marked. */
export function segments(text, terms) {
  const out = [];
  const source = String(text);
  let last = 0;
  // walk the original text word by word (normalising a word never changes where words split)
  const word = /[0-9]+(?:\.[0-9]+)+|[\p{L}\p{N}\p{M}]+/gu;
  for (let m = word.exec(source); m; m = word.exec(source)) {
    const hit = tokens(m[0]).some((t) => terms.has(t));
    if (!hit) continue;
    if (m.index > last) out.push([source.slice(last, m.index), false]);
    out.push([m[0], true]);
    last = m.index + m[0].length;
  }
  if (last < source.length) out.push([source.slice(last), false]);
  return out;
}

let rowA = new Int32Array(64);
let rowB = new Int32Array(64);
let rowC = new Int32Array(64);

/** Optimal string alignment distance, or max + 1 once it exceeds `max`. */
export function distance(a, b, max) {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  if (b.length + 1 > rowA.length) {
    rowA = new Int32Array(b.length + 1);
    rowB = new Int32Array(b.length + 1);
    rowC = new Int32Array(b.length + 1);
  }
  let prev2 = rowA;
  let prev = rowB;
  let cur = rowC;
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let best = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cb = b.charCodeAt(j - 1);
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca === cb ? 0 : 1));
      if (i > 1 && j > 1 && ca === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === cb && prev2[j - 2] + 1 < d) {
        d = prev2[j - 2] + 1;
      }
      cur[j] = d;
      if (d < best) best = d;
    }
    if (best > max) return max + 1;
    const t = prev2;
    prev2 = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}

function stem(word) {
  return word.length > 3 && word.endsWith("s") ? word.slice(0, -1) : word;
}

/** Typos forgiven in a word: none below 5 letters, one from 5, two from 9; none in numbers and ids. */
function typos(word) {
  if (!/\p{L}/u.test(word)) return 0;
  return word.length >= 9 ? 2 : word.length >= 5 ? 1 : 0;
}

/** How well index term `term` matches query word `word` (0: not at all); `loose`: the word is being
 * typed and nothing starts with it, so a typo in what was typed so far counts. */
export function quality(word, term, last, loose) {
  if (term === word) return 1;
  if (word.length > 3 && stem(term) === stem(word)) return 0.95; // plural
  if (last && word.length >= 2 && term.startsWith(word)) return 0.6 + (0.3 * word.length) / term.length;
  const max = typos(word);
  if (max) {
    const d = distance(word, term, max);
    if (d <= max) return d === 1 ? 0.5 : 0.35;
    if (loose && term.length > word.length && distance(word, term.slice(0, word.length), 1) <= 1) return 0.4;
  }
  return 0;
}

function lowerBound(sorted, value) {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function popcount(n) {
  let c = 0;
  for (let v = n; v; v &= v - 1) c++;
  return c;
}

/** The query's words: [{word, required, last}] */
export function parse(query, stop) {
  const words = tokens(query);
  const seen = new Set();
  const out = [];
  words.forEach((word, i) => {
    if (seen.has(word)) return;
    seen.add(word);
    out.push({ word, required: !stop.has(word) && !NOISE.has(word), last: i === words.length - 1 });
  });
  if (out.length && !out.some((w) => w.required)) out.forEach((w) => (w.required = !NOISE.has(w.word)));
  return out;
}

const MAX_PREFIX = 64; // expansions of one word, shortest terms first
const FIRST = 3; // sharded index: results shown before the data of the others has arrived

class Engine {
  constructor(base, manifest, fetchJSON) {
    this.base = base; // URL of the site root
    this.m = manifest;
    this.fetchJSON = fetchJSON;
    this.stop = new Set(manifest.stop || []);
    this.papers = manifest.papers;
    this.shardCache = new Map();
    this.blockCache = new Map();
    this.blocksLoaded = new Set();
    this.memo = new Map();
    if (manifest.terms) {
      this.single = { terms: manifest.terms, postings: manifest.postings };
      this.docs = manifest.docs;
    }
  }

  shardAt(i) {
    if (this.single) return Promise.resolve(this.single);
    let p = this.shardCache.get(i);
    if (!p) {
      p = this.fetchJSON(this.m.shards.files[i]);
      p.catch(() => this.shardCache.delete(i));
      this.shardCache.set(i, p);
    }
    return p;
  }

  /** [lo, hi): the shards whose terms may start with `prefix` (the one shard of a one-file index). */
  range(prefix) {
    if (this.single) return [0, 1];
    const first = this.m.shards.first;
    const lo = Math.max(0, lowerBound(first, prefix + "\u0000") - 1);
    return [lo, Math.max(lo + 1, lowerBound(first, prefix + "\uffff"))];
  }

  /** The shards a word needs: its own, those of the terms it starts (at most 3), and for typos those of
   * the terms sharing its first letters (the first 2, 3 or 4, whichever fit in 4 shards). */
  shardsFor(word, typos) {
    if (this.single) return [0];
    const [own, end] = this.range(word);
    const ids = new Set();
    // a word of 1-2 letters being typed: its own shard only (what it starts comes with the next letter)
    const span = word.length >= 3 ? 3 : 1;
    for (let i = own; i < Math.min(end, own + span); i++) ids.add(i);
    if (typos) {
      let [lo, hi] = [Math.max(0, own - 1), own + 3];
      for (let k = 2; k <= 4; k++) {
        const r = this.range(word.slice(0, k));
        if (r[1] - r[0] <= 4) {
          [lo, hi] = r;
          break;
        }
      }
      for (let i = lo; i < hi && i < this.m.shards.first.length; i++) ids.add(i);
    }
    return [...ids];
  }

  /** Terms of a shard by length and first letter, and by length and second letter (built once per
   * shard): where typo candidates are looked for (a typo in both first letters is too far). */
  buckets(shard) {
    if (!shard.buckets) {
      const by = new Map();
      const add = (key, k) => {
        let list = by.get(key);
        if (!list) by.set(key, (list = []));
        list.push(k);
      };
      shard.terms.forEach((t, k) => {
        add(`${t.length}:0:${t[0]}`, k);
        if (t.length > 1 && t[1] !== t[0]) add(`${t.length}:1:${t[1]}`, k);
      });
      shard.buckets = by;
      shard.longest = shard.terms.reduce((m, t) => Math.max(m, t.length), 0);
    }
    return shard.buckets;
  }

  /** Candidate terms for a word: [{term, q, postings}] (remembered: typing on re-asks for the earlier words) */
  candidates(w) {
    const key = (w.last ? "1" : "0") + w.word;
    let found = this.memo.get(key);
    if (!found) {
      found = this.lookup(w);
      found.catch(() => this.memo.delete(key));
      if (this.memo.size > 200) this.memo.clear();
      this.memo.set(key, found);
    }
    return found;
  }

  async lookup(w) {
    const { word, last } = w;
    const max = typos(word);
    const near = this.shardsFor(word, false);
    const loaded = await Promise.all(near.map((i) => this.shardAt(i)));
    const found = new Map();
    let loose = false;
    const consider = (shard, k) => {
      const term = shard.terms[k];
      if (found.has(term)) return;
      const q = quality(word, term, last, loose);
      if (q > 0) found.set(term, { term, q, postings: shard.postings[k] });
    };
    // the word being typed (the last one) also as a prefix; the others as typed, singular or plural
    const prefix = last && word.length >= 2;
    const forms = [...new Set([word, stem(word), word + "s", word + "es"])];
    let prefixed = 0;
    for (const shard of loaded) {
      const terms = shard.terms;
      for (const form of forms) {
        const k = lowerBound(terms, form);
        if (terms[k] === form) consider(shard, k);
      }
      if (prefix) {
        for (let k = lowerBound(terms, word), n = 0; k < terms.length && terms[k].startsWith(word) && n < MAX_PREFIX * 4; k++, n++) {
          consider(shard, k);
          prefixed++;
        }
      }
    }
    // typos only for a word the index does not have as typed: "llama" does not find LLaVA
    const known = [...found.values()].some((c) => c.q >= WHOLE);
    if (max && !known) {
      // the shards of the terms sharing its first letters (loaded only now: most words are known)
      const more = this.shardsFor(word, true).filter((i) => !near.includes(i));
      loaded.push(...(await Promise.all(more.map((i) => this.shardAt(i)))));
      // terms of about the same length; the word being typed: also longer ones if nothing starts with it
      loose = last && prefixed === 0;
      for (const shard of loaded) {
        const by = this.buckets(shard);
        const longest = loose ? shard.longest : word.length + max;
        for (let len = Math.max(1, word.length - max); len <= longest; len++) {
          for (const key of [`${len}:0:${word[0]}`, `${len}:1:${word[1]}`]) {
            const ks = by.get(key);
            if (ks) for (const k of ks) consider(shard, k);
          }
        }
      }
    }
    const list = [...found.values()].sort((a, b) => b.q - a.q || a.term.length - b.term.length || (a.term < b.term ? -1 : 1));
    return list.slice(0, MAX_PREFIX);
  }

  /** The best `limit` papers for `query` (and up to 3 index pages it names); null as soon as
   * `options.stale()` says a newer query has come (nothing more is loaded for this one then). */
  async search(query, limit = 10, options = {}) {
    const stale = options.stale || (() => false);
    const words = parse(query, this.stop);
    const empty = { query, total: 0, papers: [], pages: [], terms: new Set() };
    if (!words.length) return empty;
    const cands = await Promise.all(words.map((w) => this.candidates(w)));
    if (stale()) return null;
    const n = words.length;
    const requiredMask = words.reduce((m, w, i) => (w.required ? m | (1 << i) : m), 0);
    // per document (typed arrays: a common word touches most of a 10,000-paper list)
    const total = this.m.papers + this.m.pages;
    const matched = new Uint32Array(total); // words matched (bits)
    const clean = new Uint32Array(total); // words matched without a typo
    const best = new Float32Array(total * n); // each word's best weighted match
    const names = new Map(); // doc -> Map(field -> {len, mask, covered, q}) for docs matched in a name
    const touched = [];
    const hit = (doc, bit, q) => {
      if (!matched[doc]) touched.push(doc);
      matched[doc] |= bit;
      if (q >= CLEAN) clean[doc] |= bit;
    };
    const used = new Set();
    cands.forEach((list, i) => {
      const bit = 1 << i;
      for (const { term, q, postings } of list) {
        used.add(term);
        // docs where the term is only in the text
        let doc = 0;
        const text = postings[0];
        const tq = WEIGHT.text * q;
        for (let j = 0; j < text.length; j++) {
          doc += text[j];
          hit(doc, bit, q);
          if (tq > best[doc * n + i]) best[doc * n + i] = tq;
        }
        const rest = postings[1];
        if (!rest) continue;
        doc = 0;
        for (let j = 0; j < rest.length; ) {
          doc += rest[j++];
          const flags = rest[j++];
          hit(doc, bit, q);
          let w = 0;
          if (flags & SURNAME) w = Math.max(w, WEIGHT.surname);
          if (flags & AUTHOR) w = Math.max(w, WEIGHT.author);
          if (flags & TAG) w = Math.max(w, WEIGHT.tag);
          if (flags & META) w = Math.max(w, WEIGHT.meta);
          if (flags & TEXT) w = Math.max(w, WEIGHT.text);
          if (flags & NAME) {
            w = WEIGHT.name;
            const k = rest[j++];
            for (let e = 0; e < k; e++) {
              const packed = rest[j++];
              const field = packed % FIELDS;
              const rem = Math.floor(packed / FIELDS);
              const len = rem % 32;
              const mask = Math.floor(rem / 64);
              if (q < 1 && Math.floor(rem / 32) % 2) continue; // a joined form ("llama2") names only when typed whole
              let fields = names.get(doc);
              if (!fields) names.set(doc, (fields = new Map()));
              let nf = fields.get(field);
              if (!nf) fields.set(field, (nf = { len, mask: 0, covered: 0, q: new Float32Array(n) }));
              nf.mask |= mask;
              nf.covered |= bit;
              if (q > nf.q[i]) nf.q[i] = q;
            }
          }
          if (w * q > best[doc * n + i]) best[doc * n + i] = w * q;
        }
      }
    });
    // a relaxed search (nothing has every word): the papers that have the most of them as typed (no typo),
    // at least half of them
    const have = options.relaxed ? clean : matched;
    let need = popcount(requiredMask);
    if (options.relaxed) {
      const most = touched.reduce((m, doc) => Math.max(m, popcount(clean[doc] & requiredMask)), 0);
      need = most * 2 >= need ? Math.max(1, most) : need + 1; // less than half: nothing
    }
    const papers = [];
    const pages = [];
    for (const doc of touched) {
      if (popcount(have[doc] & requiredMask) < need) continue;
      let base = 0;
      for (let i = 0; i < n; i++) base += best[doc * n + i];
      let name = 0;
      for (const nf of (names.get(doc) || new Map()).values()) {
        const len = Math.max(1, nf.len);
        const coverage = Math.min(1, popcount(nf.mask) / len); // how much of the name the query covers
        if ((nf.covered & requiredMask) !== requiredMask) {
          // some words name the paper, the others are elsewhere ("touvron llama"): below every full tier
          const share = popcount(nf.covered & requiredMask) / popcount(requiredMask);
          name = Math.max(name, 500 * share * (0.5 + 0.5 * coverage));
          continue;
        }
        let q = 0;
        let counted = 0;
        let whole = true; // every word typed whole (not a prefix, no typo)
        for (let i = 0; i < n; i++) {
          if (nf.covered & (1 << i)) {
            q += nf.q[i];
            counted++;
            if (nf.q[i] < WHOLE) whole = false;
          }
        }
        const full = whole && len <= MASK_BITS && nf.mask === 2 ** len - 1;
        const tier = full ? 3 : nf.mask & 1 ? 2 : 1;
        name = Math.max(name, tier * TIER + 300 * (q / Math.max(1, counted)) + 200 * coverage);
      }
      const typos = popcount(requiredMask & ~clean[doc]);
      const scored = { doc, score: Math.round((name + base) * 1000) / 1000, name, typos };
      if (doc < this.papers) papers.push(scored);
      else if (name >= TIER) pages.push(scored); // an index page only when the query names it
    }
    // fewer words matched only with typos first ("llama" typed right: LLaVA after every llama)
    const order = (a, b) => a.typos - b.typos || b.score - a.score || a.doc - b.doc;
    papers.sort(order);
    pages.sort(order);
    const named = papers.length > 0 && papers[0].name >= TIER;
    if (!named && !options.joined) {
      // no paper is named by every word: two of them may be one word in the papers ("chat gpt": ChatGPT,
      // "flash attention": FlashAttention). Taken when that names a paper, or when nothing else matched.
      const typed = tokens(query);
      for (let i = 0; i + 1 < typed.length; i++) {
        const joined = [...typed.slice(0, i), typed[i] + typed[i + 1], ...typed.slice(i + 2)].join(" ");
        const found = await this.search(joined, limit, { ...options, joined: true });
        if (found === null || found.named || (!papers.length && found.total)) return found;
      }
      if (!papers.length && popcount(requiredMask) > 1) {
        // still nothing: the papers with the most of the words ("speculative decoding": those about decoding)
        return this.search(query, limit, { ...options, joined: true, relaxed: true });
      }
    }
    const top = papers.slice(0, limit);
    const topPages = pages.slice(0, 3);
    const ids = [...top, ...topPages].map((r) => r.doc);
    const result = (data, shown, withPages) => ({
      ...this.result(query, papers.length, used, data, shown, withPages),
      named, // the first paper is named by the query (title, common name), not only found in its text
      partial: Boolean(options.relaxed), // no paper has every word: these have the most of them
    });
    if (this.docs || ids.every((d) => this.hasData(d))) {
      const data = await this.docData(ids);
      return stale() ? null : result(data, top, topPages);
    }
    // a sharded index: the first results as soon as their data is here, the rest (`pending`) after
    const first = top.slice(0, FIRST);
    const data = await this.docData(first.map((r) => r.doc));
    if (stale()) return null;
    const partial = result(data, first, []);
    partial.pending = this.docData(ids).then((all) => (stale() ? null : result(all, top, topPages)));
    return partial;
  }

  result(query, total, terms, data, top, topPages) {
    const url = (rel) => new URL(rel, this.base).href;
    return {
      query,
      total,
      terms,
      pending: null,
      papers: top.map((r) => {
        const [rel, title, authors, more, year, lists, tags, aka] = data.get(r.doc);
        return {
          kind: "paper",
          url: url(rel),
          title,
          authors,
          more,
          year: year || null,
          lists: lists.map((k) => this.m.lists[k]),
          tags: tags.map((k) => this.m.tags[k]),
          aka,
          score: r.score,
        };
      }),
      pages: topPages.map((r) => {
        const [rel, title, kind, count] = data.get(r.doc);
        return { kind: this.m.kinds[kind], url: url(rel), title, count, score: r.score };
      }),
    };
  }

  hasData(doc) {
    return Boolean(this.docs) || this.blocksLoaded.has(Math.floor(doc / this.m.blocks.size));
  }

  async docData(ids) {
    const out = new Map();
    if (this.docs) {
      ids.forEach((d) => out.set(d, this.docs[d]));
      return out;
    }
    const size = this.m.blocks.size;
    const blocks = [...new Set(ids.map((d) => Math.floor(d / size)))];
    const loaded = await Promise.all(
      blocks.map((b) => {
        let p = this.blockCache.get(b);
        if (!p) {
          p = this.fetchJSON(this.m.blocks.files[b]);
          p.then(() => this.blocksLoaded.add(b)).catch(() => this.blockCache.delete(b));
          this.blockCache.set(b, p);
        }
        return p;
      }),
    );
    const byBlock = new Map(blocks.map((b, i) => [b, loaded[i]]));
    ids.forEach((d) => out.set(d, byBlock.get(Math.floor(d / size))[d % size]));
    return out;
  }
}

/**
 * Load the index of the site at `base` (the site root URL); `options.fetchJSON(path)` replaces fetch
 * (node tests). Resolves to an engine with `search(query, limit) -> {total, papers, pages, terms}`
 * and `segments(text, terms)`. The entry file is revalidated with the server on every load (a new
 * build is never answered from a stale copy); shards and result blocks are named by their content
 * hash, so a cached copy is always right.
 */
export async function open(base, options = {}) {
  const dir = new URL("search/rl/", base);
  const fetchJSON =
    options.fetchJSON ||
    (async (path) => {
      const response = await fetch(new URL(path, dir), path === ENTRY ? { cache: "no-cache" } : {});
      if (!response.ok) throw new Error(`${response.status} ${response.statusText} (${path})`);
      return response.json();
    });
  const manifest = await fetchJSON(ENTRY);
  const engine = new Engine(base, manifest, fetchJSON);
  engine.segments = segments;
  return engine;
}
