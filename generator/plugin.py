"""The MkDocs plugin `reading-list`: every page of the reading list, generated in memory from `content/`.

    plugins:
      - search
      - reading-list:
          content: content          # the content folder, relative to mkdocs.yml
          search_engine: auto       # auto (= builtin) | builtin | pagefind | lunr (Material's own)
          shard_threshold: 2000     # builtin: the search index is split into shards from this many papers
          page_size: 100            # a tag, author, year, ... page with more papers is split into pages

Pages are added to MkDocs as generated files (`File.generated`, MkDocs 1.6): nothing is
written into `docs_dir`, so `mkdocs serve` builds once per edit. Across the rebuilds of
one `serve` process the plugin keeps parsed papers by (path, size, mtime) and finished
pages by everything they were rendered from (`rendercache`): an edit re-renders only the
pages that show what changed; the others are written again as they were. The
package underneath (`generator.*`) knows nothing of MkDocs; this module is the only edge.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path
from typing import Any, cast

import jinja2
from markupsafe import Markup, escape
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, file_sort_key

from . import search, search_index, urls
from .corpus import CorpusError, PaperCache
from .generate import render
from .icons import DEFAULT_REPO_ICON, REPO_ICON, Icon, as_symbol, find_icon
from .minify import minify
from .pages import SiteInfo
from .paging import PAGE_SIZE
from .rendercache import RenderCache, fingerprint
from .vocab import VocabError

log = logging.getLogger("mkdocs.plugins.reading-list")
THEME = Path(__file__).parent / "theme"  # templates and assets, between a site's custom_dir and Material's own
REPLAY = "rl-replay.html"  # the template that writes out a page finished in an earlier build of this serve


class GeneratedFile(File):
    """A generated file that knows whether the previous build of this `mkdocs serve --dirty` wrote the same
    text: MkDocs then neither reads, renders nor writes it (a generated file otherwise counts as modified)."""

    unchanged = False

    def is_modified(self) -> bool:
        """Modified unless its text is the one already written to the site folder."""
        return not self.unchanged or not os.path.isfile(self.abs_dest_path)


class DirtyNotice(logging.Filter):
    """`mkdocs serve --dirty` warns on every build that navigation may be stale, which `strict: true` turns
    into a failed build. The generated pages are rebuilt whenever their text changes (`GeneratedFile`), so
    the notice is kept, as information."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Let every record through; the dirty-build warning at INFO level."""
        if record.levelno == logging.WARNING and record.getMessage().startswith("A 'dirty' build is being"):
            record.levelno, record.levelname = logging.INFO, "INFO"
        return True


BUILD_LOG = logging.getLogger("mkdocs.commands.build")


class ReadingListConfig(base.Config):
    """The plugin's options in mkdocs.yml."""

    content = c.Type(str, default="content")
    search_engine = c.Choice(search.ENGINES, default=search.DEFAULT_ENGINE)
    pagefind_threshold = c.Deprecated(
        message="`pagefind_threshold` is no longer used: remove it (see `shard_threshold`)"
    )
    shard_threshold = c.Type(int, default=search.DEFAULT_SHARD_THRESHOLD)  # builtin search: shards from N papers
    generate = c.Type(bool, default=True)  # false: render the pages already in docs_dir (`generator generate`)
    minify = c.Type(bool, default=True)  # drop the theme's indentation outside <pre>/<script>
    page_size = c.Type(int, default=PAGE_SIZE)  # papers per term page: a term with more is split (paging.py)


class ReadingListPlugin(BasePlugin[ReadingListConfig]):
    """Adds the generated pages, tunes them for search, and keeps what one build learnt for the next."""

    def __init__(self) -> None:
        self.cache = PaperCache()
        self.engine = "lunr"
        self.search_choice: search.SearchChoice | None = None
        self.search_source: search_index.SearchSource | None = None  # the content's papers, for the index
        self.search_records: dict[str, str] = {}  # Pagefind mode: result data by slug
        self.search_pages: dict[str, str] = {}  # rendered paper pages: slug -> URL (the index uses MkDocs' URLs)
        self.search_served: set[str] = set()  # every rendered page's URL
        self.content = Path("content")
        self.html: dict[str, str] = {}  # generated pages' finished HTML, by source path, for on_page_content
        self.serving = False  # `mkdocs serve`: finished pages are reused across rebuilds
        self.dirty = False  # `mkdocs serve --dirty`: files whose text did not change are not even read
        self.notice = DirtyNotice()
        self.written: dict[str, bytes] = {}  # --dirty: a digest of each generated file as the last build wrote it
        self.writing: dict[str, bytes] = {}  # --dirty: the digests of the build under way
        self.renders = RenderCache()
        self.nav: Any = None
        self.repo_icon: Icon | None = None  # the repository icon, written once (icons.py)
        self.render_keys: dict[str, str] = {}  # this build: source path -> key of the page to render or replay
        self.replays: dict[str, str] = {}  # this build: source path -> finished HTML to write as it is
        self.skipped = 0  # this --dirty build: pages left as the last build wrote them

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Note whether this process serves (and rebuilds) the site."""
        self.serving = command == "serve"
        self.dirty = self.serving and dirty
        if self.dirty:
            BUILD_LOG.addFilter(self.notice)

    def on_shutdown(self) -> None:
        """Leave MkDocs' build log as it was."""
        BUILD_LOG.removeFilter(self.notice)

    def on_config(self, config: Any) -> Any:
        """Resolve the content folder, watch it, and choose the search engine."""
        root = Path(config.config_file_path).parent
        self.content = (root / self.config.content).resolve()
        if not self.content.is_dir():
            raise PluginError(f"reading-list: content folder {self.content} does not exist (option `content`)")
        if self.config.page_size < 1:
            raise PluginError(f"reading-list: `page_size` must be at least 1, not {self.config.page_size}")
        config.watch.append(str(self.content))
        custom = 1 if config.theme.custom_dir else 0  # the site's own overrides still win
        if str(THEME) not in config.theme.dirs:
            config.theme.dirs.insert(custom, str(THEME))
        for option, assets in (("extra_css", urls.STYLES), ("extra_javascript", urls.SCRIPTS)):
            present = {str(a) for a in config[option]}
            config[option].extend(a for a in assets if a not in present)
        extra = {
            "search_engine": self.config.search_engine,
            "shard_threshold": self.config.shard_threshold,
        }
        try:
            choice = search.choose(extra, search.count_papers(self.content))
        except search.SearchConfigError as exc:
            raise PluginError(str(exc)) from None
        self.engine, self.search_choice = choice.active, choice
        log.info(f"reading-list: {choice.summary()}")
        search.configure(config, choice)
        return config

    def on_files(self, files: Files, config: Any) -> Files:
        """Add every generated page as an in-memory file (replacing a stale copy in docs_dir)."""
        if self.config.generate:
            url = (config.site_url or "http://127.0.0.1:8000/").rstrip("/") + "/"
            site = SiteInfo(config.site_name, url, config.repo_url, page_size=self.config.page_size)
            try:
                tree = render(self.content, site, self.cache)
            except (CorpusError, VocabError) as exc:
                problems = "\n".join(map(str, exc.problems))
                raise PluginError(f"{len(exc.problems)} problem(s) in content:\n{problems}") from None
            kept = [f for f in files if f.src_uri not in tree]  # a stale copy in docs_dir gives way
            made = [self._generated(config, path, text) for path, text in tree.items()]
            files = Files(sorted([*kept, *made], key=file_sort_key))  # MkDocs' own order: sitemap, search
            log.info(f"reading-list: {len(tree)} pages and files generated")
        if self.engine != "lunr":  # what the built-in index (Pagefind: its result data) is made of
            try:
                self.search_source = search.load_source(self.content, self.cache)
            except (CorpusError, VocabError) as exc:
                problems = "\n".join(map(str, exc.problems))
                raise PluginError(f"{len(exc.problems)} problem(s) in content:\n{problems}") from None
            self.search_records = search.result_records(self.search_source) if self.engine == "pagefind" else {}
            if not self.dirty:  # a dirty build sees only the pages it rebuilds: the others keep their entries
                self.search_pages, self.search_served = {}, set()
        icons = config.theme.get("icon") or {}
        found = find_icon(icons.get("repo") or DEFAULT_REPO_ICON, config.theme.dirs)
        self.repo_icon = as_symbol(found.read_text("utf-8")) if found else None
        if self.repo_icon is not None:
            files.append(File.generated(config, REPO_ICON, content=self.repo_icon.text))
        for f in files:
            is_paper = f.src_uri.startswith("papers/") and f.src_uri.endswith(".md") and f.src_uri != "papers/index.md"
            f.edit_uri = f"{self.config.content}/{f.src_uri}" if is_paper else None
        return files

    def _generated(self, config: Any, path: str, text: str) -> File:
        f = cast(GeneratedFile, GeneratedFile.generated(config, path, content=text))
        if self.dirty:
            digest = hashlib.blake2b(text.encode(), digest_size=16).digest()
            f.unchanged = self.written.get(path) == digest
            self.writing[path] = digest
        return f

    def on_nav(self, nav: Any, config: Any, files: Files) -> Any:
        """Keep the navigation: it is part of every page's output."""
        self.nav = nav
        return nav

    def on_env(self, env: jinja2.Environment, config: Any, files: Files) -> jinja2.Environment:
        """Material's header search dialog becomes ours (except with Material's own search, `lunr`). While
        serving, every page has been read: a page whose inputs are those of a page already finished is
        written out again as it was (the `REPLAY` template) instead of being laid out by the theme."""
        if self.engine != "lunr":
            search.use_search_dialog(env, self.engine)
        icon = self.repo_icon
        env.globals["rl_repo_icon"] = {"href": REPO_ICON, "viewbox": icon.viewbox} if icon else None
        self.render_keys, self.replays = {}, {}
        if not self.serving:
            return env
        sources = [Path(config.config_file_path)]
        self.renders.begin(fingerprint(sources, map(Path, config.theme.dirs)), _outline(self.nav or []))
        self.skipped = 0
        for f in files.documentation_pages():
            page = f.page
            if page is None or not f.is_modified():  # --dirty: MkDocs neither reads nor writes it
                self.skipped += page is not None
                continue
            key = self.renders.key(f.src_uri, page.url, page.content or "", page.meta)
            self.render_keys[f.src_uri] = key
            finished = self.renders.get(key)
            if finished is not None:
                self.replays[f.src_uri] = finished
                page.meta["template"] = REPLAY
        return env

    def on_page_context(self, context: Any, page: Any, config: Any, nav: Any) -> Any:
        """A replayed page's finished HTML, for the `REPLAY` template."""
        finished = self.replays.get(page.file.src_uri)
        if finished is not None:
            context["rl_replay"] = Markup(finished)
        return context

    def on_page_markdown(self, markdown: str, page: Any, config: Any, files: Files) -> str:
        """Escape titles (MkDocs' Jinja does not autoescape; Material prints them raw), and keep generated
        pages away from Markdown: their bodies are finished, escaped HTML."""
        for key in ("title", "description"):
            value = page.meta.get(key)
            if isinstance(value, str) and not isinstance(value, Markup):
                page.meta[key] = escape(value)
        if page.meta.get("generated"):
            self.html[page.file.src_uri] = markdown
            return ""
        return markdown

    def on_page_content(self, html: str, page: Any, config: Any, files: Files) -> str:
        """Restore a generated page's HTML; in Pagefind mode mark what a paper page indexes."""
        html = self.html.pop(page.file.src_uri, html)
        paper = page.meta.get("paper")
        slug = paper.get("slug") if isinstance(paper, dict) else None
        if self.engine == "pagefind" and page.meta.get("generated"):
            html = search.mark_paper(html, self.search_records.get(slug) if slug else None)
        elif self.engine == "builtin" and self.search_source is not None:
            self.search_served.add(page.url)
            if slug:
                self.search_pages[slug] = page.url
                if slug not in self.search_source.papers:  # rendered from docs_dir without a content file
                    tags = self.search_source.tags
                    self.search_source.papers[slug] = search.paper_from_page(page.url, page.meta, html, tags)
        return html

    def on_post_page(self, output: str, page: Any, config: Any) -> str:
        """Drop the theme's indentation and blank lines (a fifth of each page) outside <pre>/<script>;
        while serving, keep the finished page for the next build."""
        src = page.file.src_uri
        if src in self.replays:
            return output
        if self.config.minify:
            output = minify(output)
        key = self.render_keys.get(src)
        if key is not None:
            self.renders.put(key, output)
        return output

    def on_post_build(self, config: Any) -> None:
        """Write the built-in index of the papers just rendered (search/rl/), or run Pagefind (pagefind/)."""
        if self.dirty:
            self.written, self.writing = self.writing, {}
        if self.serving:
            self.renders.finish()
            done = f"{self.renders.misses} pages rendered, {self.renders.hits} reused"
            log.info(f"reading-list: {done}" + (f", {self.skipped} unchanged" if self.dirty else ""))
        if self.engine == "builtin" and self.search_source is not None and self.search_choice is not None:
            index = self.search_source.build(self.search_pages, self.search_served, sharded=self.search_choice.sharded)
            search.write_index(Path(config.site_dir), index)
            log.info(f"reading-list: search index of {index.papers} papers, {len(index.files)} file(s)")
            return
        if self.engine != "pagefind":
            return
        try:
            run = search.run_pagefind(Path(config.site_dir))
        except search.PagefindError as exc:
            raise PluginError(str(exc)) from None
        log.info(f"reading-list: pagefind indexed {run.pages} pages in {run.seconds:.1f} s")


def _outline(items: Any) -> list[Any]:
    """The navigation as plain data: each item's kind, title, URL and children."""
    return [
        (type(item).__name__, str(item.title), getattr(item, "url", None), _outline(item.children or []))
        for item in items
    ]
