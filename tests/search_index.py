"""The site's own search engine (`rl-search-engine.js`, as the dialog loads it), run by Node over an index."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
ENGINE = ROOT / "generator" / "theme" / "assets" / "javascripts" / "rl-search-engine.js"
BASE = "https://example.org/site/"

RUN = """
import { open, tokens } from %(engine)s;
import { readFileSync } from "node:fs";
const dir = %(dir)s;
const engine = await open(%(base)s, {
  fetchJSON: async (p) => JSON.parse(readFileSync(dir + "/" + p.split("?")[0], "utf8")),
});
const out = {};
for (const q of %(queries)s) {
  let r = await engine.search(q, 20);
  if (r.pending) r = await r.pending; // a sharded index: the first results come first
  out[q] = {
    total: r.total,
    urls: r.papers.map((p) => new URL(p.url).pathname),
    pages: r.pages.map((p) => new URL(p.url).pathname),
    titles: Object.fromEntries([...r.papers, ...r.pages].map((p) => [new URL(p.url).pathname, p.title])),
    first: r.papers[0] || null,
  };
  if (r.partial) out[q].partial = true;
}
out.__tokens = %(texts)s.map((t) => tokens(t));
console.log(JSON.stringify(out));
"""


def node() -> str:
    """Node's path; a skip without it, a failure in CI."""
    found = shutil.which("node")
    if found is None:
        if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
            pytest.fail("node is not on PATH (CI=true)")
        pytest.skip("node is not on PATH")
    return found


def run_engine(folder: Path, queries: list[str], texts: list[str] | tuple[str, ...] = ()) -> dict[str, Any]:
    """Open the index in `folder` as the site at BASE would and run each query (at most 20 papers each)."""
    script = RUN % {
        "engine": json.dumps(ENGINE.as_uri()),
        "dir": json.dumps(str(folder)),
        "base": json.dumps(BASE),
        "queries": json.dumps(queries),
        "texts": json.dumps(list(texts)),
    }
    done = subprocess.run(
        [node(), "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


class SiteSearch:
    """A built site's search as a reader gets it: papers first, then index pages, as site-relative URLs."""

    def __init__(self, site: Path) -> None:
        self.folder = site / "search" / "rl"
        self.titles: dict[str, str] = {}
        self._root = urlsplit(BASE).path

    def search(self, query: str) -> list[str]:
        """The URLs the dialog lists for `query`, in order."""
        found = run_engine(self.folder, [query])[query]
        self.titles.update({url.removeprefix(self._root): t for url, t in found["titles"].items()})
        return [url.removeprefix(self._root) for url in [*found["urls"], *found["pages"]]]
