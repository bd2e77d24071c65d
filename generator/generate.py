"""`generate`: content files -> the git-ignored `docs/` tree MkDocs renders.

Writes only files whose bytes change (mtimes of the rest are kept, so a
preview reloads only what changed) and removes files no longer generated.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .corpus import Corpus, PaperCache
from .fsutil import write_if_changed
from .pages import SiteInfo, build_context
from .paging import PAGE_SIZE
from .site import DocsTree, render_site
from .vocab import Vocabulary


@dataclass(frozen=True)
class GenerateReport:
    """What `generate` did to docs/."""

    files: int
    written: int
    removed: int

    def summary(self) -> str:
        """One line for the command's output."""
        return f"{self.files} files in docs/: {self.written} written, {self.removed} removed"


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml as data: MkDocs' own tags (`!!python/name:…`, `!ENV`) become None instead of failing."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def plugin_options(config: dict[str, Any]) -> dict[str, Any]:
    """The options of the `reading-list` plugin in a parsed mkdocs.yml (none: {})."""
    for entry in config.get("plugins") or []:
        if isinstance(entry, dict) and "reading-list" in entry:
            options = entry["reading-list"]
            return options if isinstance(options, dict) else {}
    return {}


def site_info(mkdocs_yml: Path) -> SiteInfo:
    """Site name, URLs and the plugin's `page_size` from mkdocs.yml (the one place they are configured), for
    commands run without MkDocs."""
    config = yaml.load(mkdocs_yml.read_text("utf-8"), Loader=_ConfigLoader) or {}
    url = str(config.get("site_url") or "http://127.0.0.1:8000/")
    page_size = plugin_options(config).get("page_size", PAGE_SIZE)
    if not isinstance(page_size, int) or isinstance(page_size, bool) or page_size < 1:
        raise ValueError(f"{mkdocs_yml}: reading-list `page_size` must be a whole number of at least 1")
    name = str(config.get("site_name", "Reading list"))
    return SiteInfo(name, url.rstrip("/") + "/", config.get("repo_url"), page_size=page_size)


def render(content: Path, site: SiteInfo, cache: PaperCache | None = None) -> DocsTree:
    """Every page and file of the site, in memory (raises VocabError or CorpusError on bad content)."""
    vocab = Vocabulary.load(content)
    corpus = Corpus.load(content, vocab, cache)
    return render_site(build_context(site, vocab, corpus.papers))


def write_docs(tree: DocsTree, docs: Path) -> GenerateReport:
    """Write `tree` into `docs` (only changed files) and remove files no longer generated."""
    written = sum(write_if_changed(docs / path, text) for path, text in sorted(tree.items()))
    removed = 0
    if docs.is_dir():
        wanted = {docs / p for p in tree}
        for dirpath, dirnames, filenames in os.walk(docs, topdown=False):
            for name in filenames:
                path = Path(dirpath) / name
                if path not in wanted and not name.startswith("."):
                    path.unlink()
                    removed += 1
            for name in dirnames:
                sub = Path(dirpath) / name
                if not any(sub.iterdir()):
                    sub.rmdir()
    return GenerateReport(len(tree), written, removed)


def generate(root: Path, docs: Path | None = None) -> GenerateReport:
    """Regenerate docs/ from content/ (raises CorpusError, writing nothing, on bad content)."""
    tree = render(root / "content", site_info(root / "mkdocs.yml"))
    return write_docs(tree, docs or root / "docs")
