/*
 * Pagefind as an engine of the reading list's search dialog (rl-search.js imports this module
 * when a reader opens search on a site built with `search_engine: pagefind`). It answers like
 * rl-search-engine.js: `search(query, limit) -> {total, papers, pages, terms}` with the same result
 * records, so the dialog and the result layout are the same with either engine.
 *
 * The Pagefind bundle (pagefind/, written by `pagefind --site` in the build) is the site's own: no
 * CDN, works offline. Each paper page carries its result data (authors, year, lists, tags, common
 * names) as Pagefind metadata `rl` (percent-encoded JSON, see generator/search.py); the title is
 * Pagefind's `title` metadata. Pagefind indexes paper pages only, so `pages` is always empty.
 */
import { segments, tokens } from "./rl-search-engine.js";

function record(data) {
  try {
    return JSON.parse(decodeURIComponent((data.meta && data.meta.rl) || ""));
  } catch (e) {
    return {};
  }
}

/** Words that start like a query word: what the dialog marks in titles and names. */
function marker(query) {
  const words = tokens(query);
  return { has: (term) => words.some((w) => term.startsWith(w)) };
}

export async function open(base) {
  const root = new URL(base);
  const pf = await import(new URL("pagefind/pagefind.js", root).href);
  await pf.options({ baseUrl: root.pathname, excerptLength: 30 });
  await pf.init();
  return {
    segments,
    async search(query, limit = 10) {
      const found = await pf.search(query);
      const datas = await Promise.all(found.results.slice(0, limit).map((r) => r.data()));
      return {
        query,
        total: found.results.length,
        terms: marker(query),
        pages: [],
        papers: datas.map((data) => {
          const r = record(data);
          return {
            kind: "paper",
            url: new URL(data.url, root).href,
            title: (data.meta && data.meta.title) || data.url,
            authors: r.authors || [],
            more: r.more || 0,
            year: r.year || null,
            lists: r.lists || [],
            tags: r.tags || [],
            aka: r.aka || [],
          };
        }),
      };
    },
  };
}
