"""Search as a reader meets it: the query set of tests/data/search_queries.yml typed into the real search
dialog of a built site in Chromium, hits@1 / hits@3, and the time and bytes it costs.

    python -m bench.search_quality [--papers 10000] [--seed 0] [--engine builtin|pagefind|lunr]
                                   [--throttle 4] [--workdir DIR] [--reuse] [--json OUT]

`--papers 439` (the default) builds the live content/ as it is; a larger N builds the 439 real papers
among N - 439 synthetic ones (`bench.synthetic`), so the same queries must find the same papers among
far more distractors. The site is built once with `mkdocs build --strict` (kept in --workdir; --reuse
skips the build when a site is there), served by Python's http.server, and measured in headless
Chromium with the CPU slowed down `--throttle` times (CDP Emulation.setCPUThrottlingRate; 4 = a
phone-class CPU):

- first visit of a paper page without searching: requests and bytes (search-related ones apart);
- cold search: a fresh page, a click into the search box, a query typed; the time from the last
  keystroke to the first results on screen (in-page clocks: the input event, then the animation frame
  after the result list changed), for a few queries;
- the whole query set in one page (warm): each query's rank of the expected paper, hits@1, hits@3 and
  the worst time from last keystroke to results.

tests/test_search_quality.py runs the same harness (`run_queries`) over the live site as a regression test.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from bench.search_browser import CHROMIUM, CHROMIUM_ARGS, gzip_size, serve_site
from bench.synthetic import ROOT, copy_skeleton, make_papers
from generator import urls

QUERIES = ROOT / "tests" / "data" / "search_queries.yml"
COLD_QUERIES = ("llama", "direct preference optimization", "2305.18290", "constitutinal ai", "large language models")
PAPER_PAGE = "llama-open-and-efficient-foundation-language-models"
COLD_RUNS = 3
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}

# In-page clocks: the time of the last input event in the search box, and for each query the time of the
# animation frame after the result list said it shows that query (rl-search.js sets data-query).
TIMING_SCRIPT = """(() => {
if (window.__rlTiming) return;
window.__rlTiming = { input: 0, shown: {} };
document.addEventListener("input", (ev) => {
  const box = ev.target && ev.target.matches && ev.target.matches(".md-search__input");
  if (box) window.__rlTiming.input = performance.now();
}, true);
new MutationObserver((records) => {
  for (const r of records) {
    const q = r.target.dataset && r.target.dataset.query;
    if (q && r.attributeName === "data-query" && !(q in window.__rlTiming.shown)) {
      requestAnimationFrame(() => { window.__rlTiming.shown[q] = performance.now(); });
    }
  }
}).observe(document, { attributes: true, subtree: true, attributeFilter: ["data-query"] });
})();
"""


@dataclass(frozen=True)
class Query:
    query: str
    expect: str | None  # a paper slug, or None: nothing may be found
    rank: int = 1  # the rank the paper must reach
    kind: str = ""


def load_queries(path: Path = QUERIES) -> list[Query]:
    items = yaml.safe_load(path.read_text("utf-8"))
    return [Query(str(i["query"]), i.get("expect"), int(i.get("rank", 1)), str(i.get("kind", ""))) for i in items]


@dataclass
class Outcome:
    query: Query
    rank: int  # 1-based rank of the expected paper (a `nothing` query: 1 if nothing was shown); 0 = missing
    shown: list[str]  # the result hrefs (paths), in order
    ms: float  # last keystroke to results on screen

    @property
    def ok(self) -> bool:
        return 0 < self.rank <= self.query.rank


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    def hits(self, k: int) -> float:
        return sum(1 for o in self.outcomes if 0 < o.rank <= k) / max(1, len(self.outcomes))

    @property
    def failures(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    def worst_ms(self) -> float:
        return max((o.ms for o in self.outcomes), default=0.0)

    def summary(self) -> str:
        ms = sorted(o.ms for o in self.outcomes)
        median = statistics.median(ms) if ms else 0.0
        return (
            f"{len(self.outcomes)} queries: hits@1 {self.hits(1):.1%}, hits@3 {self.hits(3):.1%}; "
            f"last keystroke to results: median {median:.0f} ms, worst {self.worst_ms():.0f} ms"
        )

    def describe_failures(self) -> str:
        lines = []
        for o in self.failures:
            got = "nothing" if not o.shown else ", ".join(o.shown[:3])
            want = o.query.expect or "no result"
            lines.append(f"  {o.query.query!r} ({o.query.kind}): rank {o.rank or '-'} of {want}; shown: {got}")
        return "\n".join(lines)


def paper_path(slug: str) -> str:
    return "/" + urls.paper(slug)


def rank_of(paths: Sequence[str], query: Query) -> int:
    if query.expect is None:
        return 1 if not paths else 0
    want = paper_path(query.expect)
    for i, path in enumerate(paths, 1):
        if path.endswith(want):
            return i
    return 0


def open_search(page: Any) -> None:
    page.click(".md-search__input")
    page.wait_for_function("document.getElementById('__search').checked")


def type_query(page: Any, query: str, *, timeout_ms: float = 30_000) -> tuple[list[str], float]:
    """Type `query` into the open search box as a reader does; (result paths, ms from the last keystroke to
    the results on screen)."""
    page.fill(".md-search__input", "")
    page.wait_for_function("!document.querySelector('.md-search-result__list').dataset.query")
    page.evaluate("window.__rlTiming && (window.__rlTiming.shown = {})")
    page.keyboard.type(query)
    want = query.strip()
    page.wait_for_function(
        f"window.__rlTiming && window.__rlTiming.shown[{want!r}] !== undefined", timeout=timeout_ms, polling="raf"
    )
    timing = page.evaluate("window.__rlTiming")
    # the first results are on screen; a sharded index may still be bringing the data of the others
    page.wait_for_function(
        f"(l => l.dataset.query === {want!r} && l.dataset.complete === '1')"
        "(document.querySelector('.md-search-result__list'))",
        timeout=timeout_ms,
    )
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.href)")
    return [urlsplit(h).path for h in hrefs], float(timing["shown"][want]) - float(timing["input"])


def run_queries(page: Any, queries: Iterable[Query]) -> Report:
    """The query set in an open page of the site (search opened once, then every query typed)."""
    page.evaluate(TIMING_SCRIPT)
    open_search(page)
    report = Report()
    for q in queries:
        try:
            paths, ms = type_query(page, q.query)
        except Exception as exc:  # Playwright's TimeoutError: no answer counts as a miss
            report.outcomes.append(Outcome(q, 0, [f"(no answer: {type(exc).__name__})"], 30_000.0))
            continue
        report.outcomes.append(Outcome(q, rank_of(paths, q), paths, ms))
    return report


def new_page(browser: Any, throttle: float) -> tuple[Any, Any, Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TIMING_SCRIPT)
    page = context.new_page()
    page.set_default_timeout(120_000)
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    if throttle > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": throttle})
    return context, page, cdp


class Traffic:
    """Responses of a page and its workers as the network layer reports them (CDP encodedDataLength)."""

    def __init__(self, cdp: Any, site: Path) -> None:
        self.site = site
        self.urls: dict[str, str] = {}
        self.sizes: dict[str, int] = {}
        cdp.on("Network.responseReceived", lambda e: self.urls.__setitem__(e["requestId"], e["response"]["url"]))
        cdp.on("Network.loadingFinished", lambda e: self.sizes.__setitem__(e["requestId"], int(e["encodedDataLength"])))

    def mark(self) -> set[str]:
        return set(self.sizes)

    def since(self, before: set[str] | None = None) -> list[tuple[str, int, int]]:
        """(url, bytes, gzip bytes) of the responses finished since `before`."""
        out = []
        for rid, size in self.sizes.items():
            if before is not None and rid in before:
                continue
            url = self.urls.get(rid, "")
            out.append((url, size, gzip_size(self.site, url)))
        return out


def _search_related(url: str) -> bool:
    path = urlsplit(url).path
    return "/search/" in path or "search" in path.rsplit("/", 1)[-1] or "/pagefind/" in path


def measure(
    site: Path, *, throttle: float = 4.0, queries: Sequence[Query] | None = None, visit_only: bool = False
) -> dict[str, Any]:
    """First-visit bytes of a paper page, cold first results, and the query set (see the module doc)."""
    from playwright.sync_api import sync_playwright

    out: dict[str, Any] = {"throttle": throttle}
    with serve_site(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            # 1. a paper page, first visit, no search
            context, page, cdp = new_page(browser, throttle)
            traffic = Traffic(cdp, site)
            page.goto(base + urls.paper(PAPER_PAGE), wait_until="load")
            page.wait_for_timeout(1500)  # idle: nothing more may load
            everything = traffic.since()
            # Material's instant navigation fetches sitemap.xml when it likes: counted apart
            sitemap = [v for v in everything if urlsplit(v[0]).path.endswith("sitemap.xml")]
            visit = [v for v in everything if v not in sitemap]
            search = [v for v in visit if _search_related(v[0])]
            out["visit"] = {
                "requests": len(visit),
                "bytes": sum(v[1] for v in visit),
                "gzip": sum(v[2] for v in visit),
                "sitemap_bytes": sum(v[1] for v in sitemap),
                "search_requests": [urlsplit(v[0]).path for v in search],
                "search_bytes": sum(v[1] for v in search),
                "search_gzip": sum(v[2] for v in search),
            }
            if visit_only:  # Material's own search (`lunr`): its dialog is not ours to time
                context.close()
                return out
            # 2. opening search, then cold queries (a fresh page each)
            before = traffic.mark()
            open_search(page)
            page.wait_for_timeout(1500)
            opened = traffic.since(before)
            out["open"] = {
                "requests": [urlsplit(v[0]).path for v in opened],
                "bytes": sum(v[1] for v in opened),
                "gzip": sum(v[2] for v in opened),
            }
            context.close()
            cold = []
            for query in COLD_QUERIES:
                runs = []
                for _ in range(COLD_RUNS):  # a fresh page each time; the median run is reported
                    context, page, cdp = new_page(browser, throttle)
                    traffic = Traffic(cdp, site)
                    page.goto(base, wait_until="load")
                    before = traffic.mark()
                    open_search(page)
                    page.keyboard.type(query)
                    page.wait_for_function(
                        f"window.__rlTiming.shown[{query!r}] !== undefined", polling="raf", timeout=120_000
                    )
                    timing = page.evaluate("window.__rlTiming")
                    page.wait_for_timeout(300)
                    used = [v for v in traffic.since(before) if _search_related(v[0])]  # not Material's sitemap
                    runs.append(
                        {
                            "query": query,
                            "ms": float(timing["shown"][query]) - float(timing["input"]),
                            "bytes": sum(v[1] for v in used),
                            "gzip": sum(v[2] for v in used),
                            "requests": len(used),
                        }
                    )
                    context.close()
                runs.sort(key=lambda r: float(r["ms"]))
                cold.append(runs[len(runs) // 2] | {"all_ms": [round(float(r["ms"])) for r in runs]})
            out["cold"] = cold
            # 3. the query set, warm, in one page
            if queries:
                context, page, cdp = new_page(browser, throttle)
                page.goto(base, wait_until="load")
                report = run_queries(page, queries)
                context.close()
                out["quality"] = {
                    "queries": len(report.outcomes),
                    "hits1": report.hits(1),
                    "hits3": report.hits(3),
                    "worst_ms": report.worst_ms(),
                    "median_ms": statistics.median([o.ms for o in report.outcomes]),
                    "p90_ms": sorted(o.ms for o in report.outcomes)[int(0.9 * len(report.outcomes))],
                    "slowest": sorted(
                        ({"query": o.query.query, "ms": round(o.ms)} for o in report.outcomes),
                        key=lambda x: -float(x["ms"]),
                    )[:8],
                    "failures": [
                        {"query": o.query.query, "expect": o.query.expect, "rank": o.rank, "shown": o.shown[:3]}
                        for o in report.failures
                    ],
                }
                out["summary"] = report.summary()
        finally:
            browser.close()
    return out


def make_mixed_project(dest: Path, total: int, seed: int = 0) -> Path:
    """The live content/ (its 439 papers, vocabulary and lists) plus `total - 439` synthetic papers (no arXiv id
    or title the real ones have)."""
    from generator.content import dump_paper
    from generator.corpus import Corpus
    from generator.names import normalize_title
    from generator.vocab import Vocabulary

    copy_skeleton(dest, papers=True)
    content = dest / "content"
    vocab = Vocabulary.load(content)
    real = Corpus.load(content, vocab).papers
    ids = {p.arxiv for p in real if p.arxiv}
    titles = {normalize_title(p.title) for p in real}
    slugs = {p.slug for p in real}
    extra = make_papers(vocab, max(0, total - len(real)), seed)
    registry = (content / "permalinks.txt").read_text("utf-8") if (content / "permalinks.txt").is_file() else ""
    added = []
    for paper in extra:
        if paper.slug in slugs or normalize_title(paper.title) in titles:
            continue
        if paper.arxiv in ids:
            paper = dataclasses.replace(paper, arxiv=None)
        (content / "papers" / f"{paper.slug}.md").write_bytes(dump_paper(paper).encode("utf-8"))
        added.append(paper.url)
    (content / "permalinks.txt").write_text(registry + "".join(f"{u}\n" for u in sorted(added)), "utf-8")
    return dest


def set_engine(project: Path, engine: str) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    head, sep, rest = text.partition("      search_engine: ")
    if not sep:
        raise SystemExit("mkdocs.yml has no search_engine option under reading-list")
    _, newline, tail = rest.partition("\n")
    config.write_text(f"{head}{sep}{engine}{newline}{tail}", "utf-8")


def build(project: Path) -> float:
    start = time.perf_counter()
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    done = subprocess.run(cmd, capture_output=True, text=True, env=ENV, check=False)
    if done.returncode != 0:
        raise SystemExit(f"build failed:\n{done.stderr[-4000:]}")
    return time.perf_counter() - start


def prepare(workdir: Path, papers: int, seed: int, engine: str, reuse: bool) -> tuple[Path, float | None]:
    project = workdir / f"search-{papers}-{engine}"
    site = project / "site"
    if reuse and (site / "index.html").is_file():
        return site, None
    shutil.rmtree(project, ignore_errors=True)
    project.mkdir(parents=True)
    live = len(list((ROOT / "content" / "papers").glob("*.md")))
    if papers <= live:
        copy_skeleton(project, papers=True)
    else:
        make_mixed_project(project, papers, seed)
    set_engine(project, engine)
    return site, build(project)


def index_size(site: Path) -> dict[str, dict[str, int]]:
    """The search indexes on disk: files, bytes, gzip bytes of the built-in index, Pagefind's and Material's."""
    out = {}
    roots = {
        "builtin": site / "search" / "rl",
        "pagefind": site / "pagefind",
        "material": site / "search" / "search_index.json",
    }
    for name, root in roots.items():
        if not root.exists():
            continue
        files = [root] if root.is_file() else [f for f in root.rglob("*") if f.is_file()]
        out[name] = {
            "files": len(files),
            "bytes": sum(f.stat().st_size for f in files),
            "gzip": sum(len(gzip.compress(f.read_bytes(), 6)) for f in files),
        }
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.search_quality", description=__doc__.split("\n\n")[0])
    parser.add_argument("--papers", type=int, default=439)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--engine", default="builtin", choices=("builtin", "pagefind", "lunr", "auto"))
    parser.add_argument("--throttle", type=float, default=4.0)
    parser.add_argument("--workdir", type=Path, default=ROOT / "build" / "bench-search")
    parser.add_argument("--reuse", action="store_true", help="measure the site already built in --workdir")
    parser.add_argument("--no-queries", action="store_true", help="bytes and cold times only")
    parser.add_argument("--json", type=Path, help="write the figures here")
    ns = parser.parse_args(argv)
    random.seed(ns.seed)
    site, seconds = prepare(ns.workdir, ns.papers, ns.seed, ns.engine, ns.reuse)
    queries = None if ns.no_queries else load_queries()
    result = measure(site, throttle=ns.throttle, queries=queries, visit_only=ns.engine == "lunr")
    result |= {"papers": ns.papers, "engine": ns.engine, "build_s": seconds, "index": index_size(site)}
    print(json.dumps(result, indent=2))
    if ns.json:
        ns.json.parent.mkdir(parents=True, exist_ok=True)
        ns.json.write_text(json.dumps(result, indent=2) + "\n", "utf-8")
    quality = result.get("quality")
    return 0 if quality is None or (quality["hits1"] >= 0.95 and quality["hits3"] == 1.0) else 1


if __name__ == "__main__":
    raise SystemExit(main())
