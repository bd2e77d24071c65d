"""Finished pages kept across the rebuilds of one `mkdocs serve`, so an edit re-renders only what it changed.

MkDocs renders every page through the theme on every rebuild; most of a rebuild after a one-paper edit
is the theme laying out pages whose inputs did not change. A page's output is a function of its own
inputs (source path, URL, HTML body, front matter), of the site navigation, and of the configuration
and templates; `RenderCache` keys each finished page by all of them. The configuration and templates
enter as a fingerprint of the files they come from (`fingerprint`): touching `mkdocs.yml` or any
template empties the cache in effect. Used only while serving; `mkdocs build` renders every page.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

TEMPLATE_SUFFIXES = (".html", ".xml", ".js", ".css")  # what a theme folder's templates are made of


def fingerprint(files: Iterable[Path], folders: Iterable[Path]) -> str:
    """A digest of the stat (path, size, mtime) of `files` and of the templates under `folders`
    (hidden folders, e.g. Material's icon sets, are skipped: they change only with the package)."""
    stats: list[str] = []
    for file in files:
        stats.append(_stat(file))
    for folder in folders:
        for root, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if not d.startswith("."))
            stats += [_stat(Path(root, n)) for n in sorted(names) if n.endswith(TEMPLATE_SUFFIXES)]
    return hashlib.sha256("\n".join(stats).encode()).hexdigest()


def _stat(path: Path) -> str:
    try:
        st = path.stat()
    except OSError:
        return f"{path} missing"
    return f"{path} {st.st_size} {st.st_mtime_ns}"


class RenderCache:
    """Finished HTML by the digest of everything it was rendered from; `begin` starts each build."""

    def __init__(self) -> None:
        self.pages: dict[str, str] = {}
        self.site = ""  # this build's fingerprint + navigation
        self.hits = 0
        self.misses = 0
        self._used: dict[str, str] = {}

    def begin(self, site_fingerprint: str, navigation: Iterable[tuple[str, str]]) -> None:
        """Start a build: the site-wide inputs every key includes. Pages not reused in this build are
        dropped at its end (`finish`), so the cache holds one build's pages at most."""
        nav = json.dumps(list(navigation), ensure_ascii=False)
        self.site = hashlib.sha256(f"{site_fingerprint}\n{nav}".encode()).hexdigest()
        self.hits = self.misses = 0
        self._used = {}

    def key(self, src_uri: str, url: str, body: str, meta: Mapping[str, Any]) -> str:
        """The digest of one page's inputs in this build."""
        meta_text = json.dumps(meta, sort_keys=True, default=repr, ensure_ascii=False)
        parts = "\0".join((self.site, src_uri, url, meta_text, body))
        return hashlib.sha256(parts.encode()).hexdigest()

    def get(self, key: str) -> str | None:
        """The finished page rendered from the same inputs, if an earlier build made it."""
        html = self.pages.get(key)
        if html is None:
            self.misses += 1
        else:
            self.hits += 1
            self._used[key] = html
        return html

    def put(self, key: str, html: str) -> None:
        """Keep a page this build rendered."""
        self._used[key] = html

    def finish(self) -> None:
        """End a build: keep exactly the pages it rendered or reused."""
        self.pages = self._used
