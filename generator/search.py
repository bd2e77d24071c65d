"""Which search a site gets, and the plumbing the plugin (generator/plugin.py) calls for it.

    plugins:
      - reading-list:
          search_engine: auto       # auto | builtin | pagefind | lunr
          shard_threshold: 2000     # builtin: the index is split into shards from this many papers

- `builtin` (what `auto` picks, at every size): the reading list's own index
  (generator/search_index.py), written to search/rl/ at build time and scored in the browser by
  assets/javascripts/rl-search-engine.js: a paper's own name first, typo tolerance, results with
  authors, year and lists. One file below `shard_threshold` papers, term shards and result blocks from
  there on, so a query on a 10,000-paper site loads only what it needs. Nothing loads before a reader
  opens search. Measurements: bench/SEARCH.md.
- `pagefind`: the Pagefind bundle (the `pagefind-bin` wheel runs over the built site), in the same
  dialog with the same result layout (bench/PAGEFIND.md).
- `lunr`: Material's own search, untouched (its index downloads on every page view).

`pagefind_threshold` (auto switched to Pagefind from that many papers) is gone: the built-in index
answers faster than Pagefind at 10,000 papers and ranks names first. MkDocs reports it as deprecated.

Outside `lunr` mode the plugin serves partials/rl-search.html as Material's partials/search.html:
Material's dialog markup and classes, without the hooks that make Material's JavaScript mount its own
search and download search/search_index.json.
"""

from __future__ import annotations

import html as htmllib
import json
import re
import subprocess
import time
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from . import search_index

ENGINES = ("auto", "builtin", "pagefind", "lunr")
DEFAULT_ENGINE = "auto"
DEFAULT_SHARD_THRESHOLD = search_index.DEFAULT_SHARD_THRESHOLD
MATERIAL_SEARCH = ("material/search", "search")  # the plugin's key in config.plugins
SEARCH_PARTIAL = "partials/search.html"  # Material's header search dialog
DIALOG_PARTIAL = "partials/rl-search.html"
SEARCH_SCRIPT = "assets/javascripts/rl-search.js"  # the dialog; it imports the engine when search opens
SEARCH_STYLE = "assets/stylesheets/rl-search.css"
TITLE_WEIGHT = 10  # Pagefind's maximum: title matches rank above abstract matches (weight 1)


class SearchConfigError(ValueError):
    """A bad `search_engine` / `pagefind_threshold` in mkdocs.yml."""


class PagefindError(RuntimeError):
    """Pagefind failed to index the built site."""


@dataclass(frozen=True)
class SearchChoice:
    requested: str  # as configured: auto, builtin, pagefind or lunr
    active: str  # builtin, pagefind or lunr
    papers: int
    threshold: int  # builtin: shards from this many papers
    sharded: bool = False

    def summary(self) -> str:
        layout = (", sharded" if self.sharded else ", one file") if self.active == "builtin" else ""
        if self.requested == "auto":
            return f"search engine: {self.active}{layout} ({self.papers} papers, shards from {self.threshold})"
        return f"search engine: {self.active} (forced){layout}"


def count_papers(content: Path) -> int:
    """Paper files in content/papers/ (cheap: no parsing)."""
    folder = content / "papers"
    return sum(1 for _ in folder.glob("*.md")) if folder.is_dir() else 0


def _whole(extra: Mapping[str, Any], key: str, default: int) -> int:
    value = extra.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise SearchConfigError(f"reading-list option `{key}` must be a whole number >= 0; got {value!r}")
    return value


def choose(extra: Mapping[str, Any], papers: int) -> SearchChoice:
    requested = extra.get("search_engine", DEFAULT_ENGINE)
    if requested not in ENGINES:
        raise SearchConfigError(
            f"reading-list option `search_engine` must be one of {', '.join(ENGINES)}; got {requested!r}"
        )
    threshold = _whole(extra, "shard_threshold", DEFAULT_SHARD_THRESHOLD)
    active = "builtin" if requested == "auto" else requested
    return SearchChoice(requested, active, papers, threshold, active == "builtin" and papers >= threshold)


def configure(config: Any, choice: SearchChoice) -> None:
    """on_config: the dialog's script and style (a few kB; the engine and its index load when search
    opens). Material's search plugin is unhooked: its index (search/search_index.json) is read by no
    page of ours, and making it was a fifth of the build."""
    if choice.active == "lunr":
        return
    disable_material_search(config.plugins)
    for option, asset in (("extra_javascript", SEARCH_SCRIPT), ("extra_css", SEARCH_STYLE)):
        if asset not in map(str, config[option]):
            config[option].append(asset)


def disable_material_search(plugins: Any) -> bool:
    """Unhook Material's search plugin from every build event, so it indexes nothing and writes no
    search/search_index.json. It stays in `config.plugins`: Material's header renders its search
    button and dialog (partials/search.html) only when the plugin is there and enabled."""
    plugin = next((plugins[key] for key in MATERIAL_SEARCH if key in plugins), None)
    if plugin is None:
        return False
    events: dict[str, list[Callable[..., Any]]] = plugins.events
    for name, methods in events.items():
        events[name] = [m for m in methods if getattr(m, "__self__", None) is not plugin]
    return True


class AliasLoader(jinja2.BaseLoader):
    """Serve some template names from other files: Material's header includes partials/search.html,
    which in Pagefind mode must be ours (a file override would replace it in lunr mode too)."""

    def __init__(self, inner: jinja2.BaseLoader, aliases: Mapping[str, str]) -> None:
        self.inner = inner
        self.aliases = dict(aliases)

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        return self.inner.get_source(environment, self.aliases.get(template, template))

    def list_templates(self) -> list[str]:
        return self.inner.list_templates()


def use_search_dialog(env: jinja2.Environment, engine: str) -> None:
    """Material's header includes partials/search.html: make it ours, and tell it the engine."""
    if env.loader is not None and not isinstance(env.loader, AliasLoader):
        env.loader = AliasLoader(env.loader, {SEARCH_PARTIAL: DIALOG_PARTIAL})
    env.globals["rl_search"] = {"engine": engine}


def load_source(content: Path, cache: Any) -> search_index.SearchSource:
    """What the built-in index (and Pagefind's result data) is made of: the content folder's papers."""
    from . import urls
    from .corpus import Corpus
    from .vocab import Vocabulary

    vocab = Vocabulary.load(content)
    corpus = Corpus.load(content, vocab, cache)
    return search_index.from_corpus(corpus.papers, vocab, lambda p: p.url, urls.term)


_ALT_NAME = re.compile(r'itemprop="alternateName"[^>]*>(.*?)</', re.S)
_ABSTRACT = re.compile(r'itemprop="abstract"[^>]*>(.*?)</div>', re.S)
_LIST_LINK = re.compile(r'href="[^"]*\blists/([^/"]+)/"')
_MARKUP = re.compile(r"<[^>]+>")


def paper_from_page(
    url: str, meta: Mapping[str, Any], html: str, known_tags: Mapping[str, str]
) -> search_index.SearchPaper:
    """A paper page rendered without its content file (`generate: false` over pages written elsewhere): the
    index gets what the page shows, from its meta (`paper`: title, authors, year, arXiv id, tag ids; `tags`:
    ids and labels, escaped), its microdata (common names, abstract) and its list links."""
    paper = meta.get("paper") or {}

    def text(fragment: str) -> str:
        return htmllib.unescape(_MARKUP.sub(" ", fragment)).strip()

    ids = [str(t) for t in paper.get("tags") or []]
    labels = [htmllib.unescape(str(t)) for t in meta.get("tags") or []]
    known_labels = {known_tags[t] for t in ids if t in known_tags}
    tags = [t for t in ids if t in known_tags] + [t for t in labels if t not in ids and t not in known_labels]
    abstract = _ABSTRACT.search(html)
    return search_index.SearchPaper(
        url=url,
        title=str(paper.get("title") or htmllib.unescape(str(meta.get("title", "")))),
        aka=[text(m) for m in _ALT_NAME.findall(html)],
        arxiv=paper.get("arxiv"),
        authors=[str(a) for a in paper.get("authors") or []],
        year=paper.get("year"),
        tags=list(dict.fromkeys(tags)),
        lists=list(dict.fromkeys(_LIST_LINK.findall(html))),
        text=text(abstract.group(1)) if abstract else "",
    )


def write_index(site_dir: Path, index: search_index.BuiltIndex) -> None:
    """The index files under <site_dir>/search/rl/ (files of an earlier build that are not in it removed)."""
    folder = site_dir / search_index.INDEX_DIR
    if folder.is_dir():
        for old in folder.rglob("*.json"):
            if old.relative_to(folder).as_posix() not in index.files:
                old.unlink()
    for name, text in index.files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")


def result_records(source: search_index.SearchSource) -> dict[str, str]:
    """Pagefind mode: each paper's result data (authors, year, lists, tags, common names) by slug, as the
    value of its page's `data-pagefind-meta="rl[data-rl]"` (JSON, percent-encoded: no markup, no quotes)."""
    out = {}
    for slug, p in source.papers.items():
        authors = list(p.authors[: search_index.MAX_AUTHORS])
        record = {
            "authors": authors,
            "more": len(p.authors) - len(authors),
            "year": p.year,
            "lists": [source.lists[m] for m in dict.fromkeys(p.lists) if m in source.lists],
            "tags": [source.tags.get(t, t) for t in dict.fromkeys(p.tags)],
            "aka": search_index.split_names(p.aka),
        }
        out[slug] = urllib.parse.quote(json.dumps(record, ensure_ascii=False, separators=(",", ":")), safe="")
    return out


_ARTICLE = re.compile(r'<article class="rl-paper"')
_H1 = re.compile(r"<h1\b")
_EXCLUDE = re.compile(r'\sdata-search-exclude="[^"]*"')
_LINKS = re.compile(r'<p class="rl-links"')
_SECTION = re.compile(r"<h2>")  # "Abstract", "Notes": section labels, not paper text


def mark_paper(html: str, record: str | None = None) -> str:
    """Pagefind attributes for a paper page's body: only the article is indexed (the other pages
    are not), its h1 is the result title and outweighs the rest; the sections Material's search
    skips (provenance, cite, related: `data-search-exclude`) Pagefind skips too, and so the link
    buttons (arXiv, PDF...) and the section labels (Abstract, Notes). The byline (arXiv id, authors,
    year), category, week, tags, abstract and notes stay indexed. `record` (see `result_records`) becomes
    the result's `rl` metadata. Other pages are unchanged."""
    match = _ARTICLE.search(html)
    if match is None:
        return html
    head, body = html[: match.end()], html[match.end() :]
    body = _H1.sub(f'<h1 data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}"', body, count=1)
    body = _EXCLUDE.sub(" data-pagefind-ignore", body)
    body = _LINKS.sub('<p class="rl-links" data-pagefind-ignore', body, count=1)
    body = _SECTION.sub("<h2 data-pagefind-ignore>", body)
    if record is not None:
        tag_end = body.index(">") + 1
        meta = f'<span hidden data-pagefind-meta="rl[data-rl]" data-rl="{record}"></span>'
        body = body[:tag_end] + meta + body[tag_end:]
    return head + " data-pagefind-body" + body


def pagefind_executable() -> Path:
    """The binary shipped in the `pagefind-bin` wheel (never a download, never one from PATH)."""
    try:
        from pagefind_bin import get_executable
    except ImportError as exc:
        raise PagefindError("pagefind-bin is not installed (pip install pagefind-bin==1.5.2)") from exc
    try:
        return Path(get_executable())
    except FileNotFoundError as exc:
        raise PagefindError(f"the pagefind-bin wheel has no binary for this platform: {exc}") from exc


@dataclass(frozen=True)
class PagefindRun:
    pages: int
    seconds: float
    output: str


_INDEXED = re.compile(r"Indexed (\d+) pages?")


def run_pagefind(site_dir: Path, *, timeout: float = 3600) -> PagefindRun:
    """Index the built site; the bundle goes to <site_dir>/pagefind/. Raises PagefindError."""
    if not (site_dir / "index.html").is_file():
        raise PagefindError(f"no built site at {site_dir}")
    cmd = [str(pagefind_executable()), "--site", str(site_dir)]
    start = time.perf_counter()
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise PagefindError(f"pagefind could not index {site_dir}: {exc}") from exc
    seconds = time.perf_counter() - start
    output = (done.stdout + done.stderr).strip()
    if done.returncode != 0:
        raise PagefindError(f"pagefind exited with status {done.returncode} indexing {site_dir}:\n{output[-4000:]}")
    if not (site_dir / "pagefind" / "pagefind.js").is_file():
        raise PagefindError(f"pagefind wrote no bundle to {site_dir / 'pagefind'}:\n{output[-4000:]}")
    found = _INDEXED.search(output)
    return PagefindRun(int(found.group(1)) if found else -1, seconds, output)
