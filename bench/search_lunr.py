"""The alternative the design named: a lunr index prebuilt at build time with the Python `lunr` package,
loaded in the browser by lunr.js 2.3.9, against the built-in index (generator/search_index.py scored by
rl-search-engine.js). Same papers, same fields, same query set, same throttled Chromium.

    python -m bench.search_lunr --lunr-js PATH/lunr.min.js [--papers 439] [--throttle 4] [--json OUT]

(lunr.js from the npm registry: `npm pack lunr@2.3.9`, then package/lunr.min.js.) `--papers N` above
439 uses the project bench.search_quality built for N papers (build it first). It prints, per engine:
the index bytes (raw and gzip; lunr also needs the result data the built-in index carries), the time to
load the index in the page (fetch + parse + lunr.Index.load), the query time, and hits@1 / hits@3 of the
query set scored by each engine (lunr queries as Material builds them: each word as typed, the last one
also as a prefix, words of 5+ letters also with one typo; Material's own search is the same lunr).
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
from pathlib import Path
from typing import Any

from bench.search_browser import CHROMIUM, CHROMIUM_ARGS, serve_site
from bench.search_quality import QUERIES, load_queries, rank_of
from bench.synthetic import ROOT
from generator import search_index

LUNR_FIELDS = [
    {"field_name": "title", "boost": 10},
    {"field_name": "aka", "boost": 10},
    {"field_name": "arxiv", "boost": 10},
    {"field_name": "authors", "boost": 5},
    {"field_name": "tags", "boost": 2},
    {"field_name": "text", "boost": 1},
]

PAGE = """<!doctype html><meta charset="utf-8"><title>lunr</title><script src="lunr.min.js"></script>"""

LOAD = """async () => {
  const t0 = performance.now();
  const text = await (await fetch("lunr-index.json")).text();
  const t1 = performance.now();
  window.idx = lunr.Index.load(JSON.parse(text));
  const t2 = performance.now();
  return { fetch: t1 - t0, load: t2 - t1 };
}"""

QUERY = """(q) => {
  const words = q.toLowerCase().split(/[\\s\\-:\\/]+/).map((w) => w.replace(/^\\W+|\\W+$/g, "")).filter(Boolean);
  const t = performance.now();
  let found = [];
  try {
    found = window.idx.query((query) => {
      words.forEach((w, i) => {
        query.term(w, { boost: 10, usePipeline: true });
        const trailing = lunr.Query.wildcard.TRAILING;
        if (i === words.length - 1) query.term(w, { boost: 2, usePipeline: false, wildcard: trailing });
        if (w.length >= 5) query.term(w, { boost: 1, usePipeline: false, editDistance: 1 });
      });
    });
  } catch (e) { found = []; }
  return { ms: performance.now() - t, refs: found.slice(0, 20).map((r) => r.ref) };
}"""

BUILTIN = """async (queries) => {
  const t0 = performance.now();
  const m = await import("/assets/javascripts/rl-search-engine.js");
  const engine = await m.open(location.origin + "/");
  const load = performance.now() - t0;
  const out = [];
  for (const q of queries) {
    const t = performance.now();
    const r = await engine.search(q, 20);
    out.push({ ms: performance.now() - t, refs: [...r.papers, ...r.pages].map((p) => new URL(p.url).pathname) });
  }
  return { load, out };
}"""


def lunr_documents(site_papers: list[search_index.SearchPaper], tags: dict[str, str]) -> list[dict[str, str]]:
    """One lunr document per paper; refs are short numbers (lunr repeats the ref in every posting)."""
    return [
        {
            "id": str(i),
            "title": p.title,
            "aka": " ".join(search_index.split_names(p.aka)),
            "arxiv": p.arxiv or "",
            "authors": " ".join(p.authors),
            "tags": " ".join(tags.get(t, t) for t in p.tags),
            "text": p.text,
        }
        for i, p in enumerate(site_papers)
    ]


def corpus_papers(content: Path) -> tuple[list[search_index.SearchPaper], dict[str, str]]:
    from generator import urls
    from generator.corpus import Corpus
    from generator.vocab import Vocabulary

    vocab = Vocabulary.load(content)
    papers = Corpus.load(content, vocab).papers
    cats = {c.code: c.name for c in vocab.categories}
    items = [
        search_index.SearchPaper(
            url=urls.paper(p.slug),
            title=p.title,
            aka=p.aka,
            arxiv=p.arxiv,
            authors=p.authors,
            year=p.year,
            tags=p.tags,
            lists=tuple(e.list for e in p.lists),
            category=cats.get(p.category or "", p.category),
            text=p.abstract,
        )
        for p in papers
    ]
    return items, {t.id: t.label for t in vocab.tags}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_lunr", description=__doc__.split("\n\n")[0])
    parser.add_argument("--lunr-js", type=Path, required=True)
    parser.add_argument("--papers", type=int, default=439)
    parser.add_argument("--throttle", type=float, default=4.0)
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench-search")
    parser.add_argument("--json", type=Path)
    ns = parser.parse_args(argv)
    from lunr import lunr
    from playwright.sync_api import sync_playwright

    project = ns.workdir / f"search-{ns.papers}-builtin"
    site = project / "site"
    if not (site / "search" / "rl" / "index.json").is_file():
        raise SystemExit(f"build it first: python -m bench.search_quality --papers {ns.papers} (no {site})")
    papers, tags = corpus_papers(project / "content")
    lunr_dir = ns.workdir / f"lunr-{ns.papers}"
    lunr_dir.mkdir(parents=True, exist_ok=True)
    index = lunr(ref="id", fields=LUNR_FIELDS, documents=lunr_documents(papers, tags))
    text = json.dumps(index.serialize(), separators=(",", ":"))
    (lunr_dir / "lunr-index.json").write_text(text, "utf-8")
    (lunr_dir / "lunr.min.js").write_bytes(ns.lunr_js.read_bytes())
    (lunr_dir / "index.html").write_text(PAGE, "utf-8")
    builtin_files = list((site / "search" / "rl").rglob("*.json"))
    result: dict[str, Any] = {
        "papers": len(papers),
        "lunr": {
            "index_bytes": len(text.encode()),
            "index_gzip": len(gzip.compress(text.encode(), 6)),
            "lunr_js_bytes": ns.lunr_js.stat().st_size,
            "lunr_js_gzip": len(gzip.compress(ns.lunr_js.read_bytes(), 6)),
        },
        "builtin": {
            "index_bytes": sum(f.stat().st_size for f in builtin_files),
            "index_gzip": sum(len(gzip.compress(f.read_bytes(), 6)) for f in builtin_files),
            "files": len(builtin_files),
        },
    }
    queries = load_queries(QUERIES)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            for name, folder in (("lunr", lunr_dir), ("builtin", site)):
                loads, runs = [], []
                for _ in range(3):
                    with serve_site(folder) as base:
                        context = browser.new_context()
                        page = context.new_page()
                        page.set_default_timeout(300_000)
                        cdp = context.new_cdp_session(page)
                        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
                        cdp.send("Emulation.setCPUThrottlingRate", {"rate": ns.throttle})
                        page.goto(base, wait_until="load")
                        if name == "lunr":
                            loaded = page.evaluate(LOAD)
                            loads.append(loaded["fetch"] + loaded["load"])
                            out = [page.evaluate(QUERY, q.query) for q in queries]
                            for o in out:
                                o["refs"] = ["/" + papers[int(r)].url for r in o["refs"]]
                        else:
                            answer = page.evaluate(BUILTIN, [q.query for q in queries])
                            loads.append(answer["load"])
                            out = answer["out"]
                        runs.append(out)
                        context.close()
                out = runs[-1]
                ranks = [rank_of(o["refs"], q) for o, q in zip(out, queries, strict=True)]
                times = [statistics.median(r[i]["ms"] for r in runs) for i in range(len(queries))]
                result[name] |= {
                    "load_ms": statistics.median(loads),
                    "query_ms_median": statistics.median(times),
                    "query_ms_max": max(times),
                    "hits1": sum(r == 1 for r in ranks) / len(ranks),
                    "hits3": sum(0 < r <= 3 for r in ranks) / len(ranks),
                    "misses": [q.query for q, r in zip(queries, ranks, strict=True) if not 0 < r <= q.rank],
                }
        finally:
            browser.close()
    print(json.dumps(result, indent=2))
    if ns.json:
        ns.json.parent.mkdir(parents=True, exist_ok=True)
        ns.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
