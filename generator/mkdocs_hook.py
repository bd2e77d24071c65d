"""MkDocs hooks: generate docs/ before each build, so one `mkdocs build` (or `serve`)
does everything and a preview picks up edits to content/ on reload."""

from __future__ import annotations

import logging
import os
import re
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError

from generator import search
from generator.corpus import CorpusError
from generator.generate import generate

log = logging.getLogger("mkdocs.plugins.reading-list")


def on_config(config: Any) -> Any:
    root = Path(config.config_file_path).parent
    config.watch.append(str(root / "content"))
    try:
        choice = search.choose(config.extra, search.count_papers(root / "content"))
    except search.SearchConfigError as exc:
        raise PluginError(str(exc)) from None
    config.extra["search_engine_active"] = choice.active
    log.info(f"reading-list: {choice.summary()}")
    if choice.active == "pagefind":
        search.disable_material_search(config.plugins)
        if search.PAGEFIND_SCRIPT not in map(str, config.extra_javascript):
            config.extra_javascript.append(search.PAGEFIND_SCRIPT)
    return config


def _pagefind(config: Any) -> bool:
    return bool(config.extra.get("search_engine_active") == "pagefind")


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    if _pagefind(config):
        search.use_pagefind_dialog(env)
    return env


def on_pre_build(config: Any) -> None:
    if os.environ.get("READING_LIST_PREBUILT_DOCS") == "1":
        return  # tests that render hand-made (even invalid) papers write docs/ themselves
    root = Path(config.config_file_path).parent
    try:
        report = generate(root, Path(config.docs_dir))
    except CorpusError as exc:
        for problem in exc.problems:
            log.error(str(problem))
        raise SystemExit(f"{len(exc.problems)} problem(s) in content/; run `python -m generator check`") from None
    log.info(f"reading-list: {report.summary()}")


def on_files(files: Any, config: Any) -> Any:
    """Edit buttons point at the content file a page comes from; generated index pages have none."""
    for f in files:
        if f.src_uri.startswith("papers/") and f.src_uri.endswith(".md") and f.src_uri != "papers/index.md":
            f.edit_uri = "content/" + f.src_uri
        elif f.src_uri.endswith(".md"):
            f.edit_uri = None
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Escape titles (MkDocs' Jinja does not autoescape and Material prints them raw), and
    keep generated pages away from Markdown: their bodies are finished, escaped HTML."""
    for key in ("title", "description"):
        value = page.meta.get(key)
        if isinstance(value, str) and not isinstance(value, Markup):
            page.meta[key] = escape(value)
    if page.meta.get("generated"):
        page.rl_html = markdown  # restored in on_page_content: Markdown would only re-parse it
        return ""
    return markdown


def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
    html = getattr(page, "rl_html", None) or html
    if _pagefind(config) and page.meta.get("generated"):
        html = search.mark_paper(html)
    return html


_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")
_BLANKS = re.compile(r"\n{2,}")


def on_post_page(output: str, page: Any, config: Any) -> str:
    """Drop the theme's indentation and blank lines (a fifth of each page) outside <pre>/<script>."""
    parts = _KEEP.split(output)
    # re.split with two groups yields [text, whole, tag, text, whole, tag, ...]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_BLANKS.sub("\n", _INDENT.sub("\n", parts[i])))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)


def on_post_build(config: Any) -> None:
    """Pagefind mode: index the built site (the bundle goes to site/pagefind/)."""
    if not _pagefind(config):
        return
    try:
        run = search.run_pagefind(Path(config.site_dir))
    except search.PagefindError as exc:
        raise PluginError(str(exc)) from None
    log.info(f"reading-list: pagefind indexed {run.pages} pages in {run.seconds:.1f} s")
