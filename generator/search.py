"""Which search a site gets: Material's lunr search for small sites, Pagefind for large ones.

Material's search ships one index the browser downloads and builds whole before the first
query (~26 MB and 17-21 s at 10,000 papers); Pagefind writes a sharded index and the browser
loads only the fragments a query needs. mkdocs.yml chooses declaratively, in the plugin's options:

    plugins:
      - reading-list:
          search_engine: auto       # auto | lunr | pagefind
          pagefind_threshold: 3000  # auto: Pagefind from this many paper files in content/papers/

The plugin (generator/plugin.py) decides in `on_config`, keeps the decision on itself, and in
Pagefind mode: stops Material's search plugin
(no search_index.json), marks paper pages for Pagefind, swaps Material's search dialog for
overrides/partials/pagefind-search.html and runs the Pagefind binary from the `pagefind-bin`
wheel over the built site.
"""

from __future__ import annotations

import re
import subprocess
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

ENGINES = ("auto", "lunr", "pagefind")
DEFAULT_ENGINE = "auto"
DEFAULT_THRESHOLD = 3000
MATERIAL_SEARCH = ("material/search", "search")  # the plugin's key in config.plugins
SEARCH_PARTIAL = "partials/search.html"  # Material's header search dialog
PAGEFIND_PARTIAL = "partials/pagefind-search.html"
PAGEFIND_SCRIPT = "assets/javascripts/pagefind-search.js"
TITLE_WEIGHT = 10  # Pagefind's maximum: title matches rank above abstract matches (weight 1)


class SearchConfigError(ValueError):
    """A bad `search_engine` / `pagefind_threshold` in mkdocs.yml."""


class PagefindError(RuntimeError):
    """Pagefind failed to index the built site."""


@dataclass(frozen=True)
class SearchChoice:
    requested: str  # as configured: auto, lunr or pagefind
    active: str  # lunr or pagefind
    papers: int
    threshold: int

    def summary(self) -> str:
        why = f"{self.papers} papers, threshold {self.threshold}" if self.requested == "auto" else "forced"
        return f"search engine: {self.active} ({why})"


def count_papers(content: Path) -> int:
    """Paper files in content/papers/ (cheap: no parsing)."""
    folder = content / "papers"
    return sum(1 for _ in folder.glob("*.md")) if folder.is_dir() else 0


def choose(extra: Mapping[str, Any], papers: int) -> SearchChoice:
    requested = extra.get("search_engine", DEFAULT_ENGINE)
    if requested not in ENGINES:
        raise SearchConfigError(f"extra.search_engine must be one of {', '.join(ENGINES)}; got {requested!r}")
    threshold = extra.get("pagefind_threshold", DEFAULT_THRESHOLD)
    if isinstance(threshold, bool) or not isinstance(threshold, int) or threshold < 0:
        raise SearchConfigError(f"extra.pagefind_threshold must be a whole number >= 0; got {threshold!r}")
    auto = "pagefind" if papers >= threshold else "lunr"
    active = auto if requested == "auto" else requested
    return SearchChoice(requested, active, papers, threshold)


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


def use_pagefind_dialog(env: jinja2.Environment) -> None:
    if env.loader is not None and not isinstance(env.loader, AliasLoader):
        env.loader = AliasLoader(env.loader, {SEARCH_PARTIAL: PAGEFIND_PARTIAL})


_ARTICLE = re.compile(r'<article class="rl-paper"')
_H1 = re.compile(r"<h1\b")
_EXCLUDE = re.compile(r'\sdata-search-exclude="[^"]*"')
_LINKS = re.compile(r'<p class="rl-links"')
_SECTION = re.compile(r"<h2>")  # "Abstract", "Notes": section labels, not paper text


def mark_paper(html: str) -> str:
    """Pagefind attributes for a paper page's body: only the article is indexed (the other pages
    are not), its h1 is the result title and outweighs the rest; the sections Material's search
    skips (provenance, cite, related: `data-search-exclude`) Pagefind skips too, and so the link
    buttons (arXiv, PDF...) and the section labels (Abstract, Notes). The byline (arXiv id, authors,
    year), category, week, tags, abstract and notes stay indexed. Other pages are unchanged."""
    match = _ARTICLE.search(html)
    if match is None:
        return html
    head, body = html[: match.end()], html[match.end() :]
    body = _H1.sub(f'<h1 data-pagefind-meta="title" data-pagefind-weight="{TITLE_WEIGHT}"', body, count=1)
    body = _EXCLUDE.sub(" data-pagefind-ignore", body)
    body = _LINKS.sub('<p class="rl-links" data-pagefind-ignore', body, count=1)
    body = _SECTION.sub("<h2 data-pagefind-ignore>", body)
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
