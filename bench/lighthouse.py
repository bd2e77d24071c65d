"""Lighthouse scores of the built site, served as GitHub Pages serves it: `python -m bench.lighthouse`.

Runs the pinned npm `lighthouse` (package.json / package-lock.json; `npm ci` puts it in the git-ignored
node_modules/) with its mobile preset (the default: a Moto G class phone, 4x CPU slowdown, slow 4G) in Debian's
Chromium (`CHROME_PATH=/usr/bin/chromium`), on the home page, the papers table and a paper page, and prints the
four category scores of each. The site is served from site/ on 127.0.0.1 under the path of `site_url`
(/reading-list/), gzip-compressed as Pages compresses text, with Pages' cache header (max-age=600).

    npm ci                                   # once: lighthouse 12.8.2 into node_modules/
    python -m generator build                # the site to audit
    python -m bench.lighthouse               # --site DIR, --pages home,papers,paper, --json-dir DIR

Nothing leaves the machine: the pages ask only the local server (the tests check that), and Lighthouse's own
network features are off (`--disable-full-page-screenshot` is not needed; `--only-categories` keeps the four).
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit

from bench.search_browser import serving

ROOT = Path(__file__).resolve().parents[1]
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".atom", ".bib", ".csv", ".map", ".mjs"}
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".txt": "text/plain; charset=utf-8",
}


def site_path(site: Path) -> str:
    """The path the site lives under on Pages (`/reading-list/`), from site_url in sitemap.xml."""
    text = (site / "sitemap.xml").read_text("utf-8")
    start = text.index("<loc>") + len("<loc>")
    return urlsplit(text[start : text.index("</loc>", start)].strip()).path or "/"


def handler_for(site: Path, prefix: str) -> type[http.server.BaseHTTPRequestHandler]:
    root = site.resolve()

    class Pages(http.server.BaseHTTPRequestHandler):
        """Static files like GitHub Pages: directory index, 404.html, gzip for text, max-age=600."""

        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_GET(self) -> None:
            path = unquote(urlsplit(self.path).path)
            if not path.startswith(prefix):
                return self.send(404, root / "404.html")
            target = (root / path[len(prefix) :]).resolve()
            if not target.is_relative_to(root):
                return self.send(404, root / "404.html")
            if target.is_dir():
                if not path.endswith("/"):
                    self.send_response(301)
                    self.send_header("Location", path + "/")
                    self.end_headers()
                    return None
                target = target / "index.html"
            return self.send(200 if target.is_file() else 404, target if target.is_file() else root / "404.html")

        def send(self, status: int, file: Path) -> None:
            body = file.read_bytes()
            gz = file.suffix in COMPRESSIBLE and "gzip" in self.headers.get("Accept-Encoding", "")
            if gz:
                body = gzip.compress(body, 6)
            self.send_response(status)
            self.send_header("Content-Type", TYPES.get(file.suffix, "application/octet-stream"))
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Cache-Control", "max-age=600")
            if gz:
                self.send_header("Content-Encoding", "gzip")
                self.send_header("Vary", "Accept-Encoding")
            self.end_headers()
            self.wfile.write(body)

    return Pages


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """The site over HTTP with gzip, as GitHub Pages serves it; yields its base URL."""
    prefix = site_path(site)
    with serving(handler_for(site, prefix), prefix) as url:
        yield url


def first_paper(site: Path) -> str:
    prefer = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
    if (site / "papers" / prefer / "index.html").is_file():
        return f"papers/{prefer}/"
    return f"papers/{sorted(p.parent.name for p in (site / 'papers').glob('*/index.html'))[0]}/"


def run_lighthouse(url: str, out: Path) -> dict[str, float]:
    """One Lighthouse run (mobile preset) on `url`; the report JSON goes to `out`; returns scores 0-100."""
    profile = tempfile.mkdtemp(prefix="lighthouse-chrome-")
    flags = f"--headless=new --no-sandbox --disable-gpu --user-data-dir={profile}"
    cmd = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={out}",
        f"--only-categories={','.join(CATEGORIES)}",
        f"--chrome-flags={flags}",
    ]
    env = {**os.environ, "CHROME_PATH": CHROMIUM}
    try:
        subprocess.run(cmd, env=env, check=True, timeout=300)
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    report = json.loads(out.read_text("utf-8"))
    return {c: round(100 * (report["categories"][c]["score"] or 0)) for c in CATEGORIES}


def losses(report: dict[str, object], limit: int = 6) -> list[str]:
    """The audits that cost the most, for the notes under each score line."""
    audits = report.get("audits", {})
    cats = report.get("categories", {})
    out = []
    assert isinstance(audits, dict) and isinstance(cats, dict)
    for cat in CATEGORIES:
        for ref in cats[cat]["auditRefs"]:
            audit = audits.get(ref["id"], {})
            score = audit.get("score")
            if ref.get("weight", 0) and score is not None and score < 0.9:
                out.append(f"{cat}: {audit.get('title')} ({audit.get('displayValue', '') or score})")
    return out[:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site")
    parser.add_argument("--pages", default="home,papers,paper", help="any of home, papers, paper")
    parser.add_argument("--json-dir", type=Path, default=ROOT / "artifacts" / "lighthouse")
    args = parser.parse_args(argv)
    if not LIGHTHOUSE.exists():
        print("lighthouse is not installed: run `npm ci` (package-lock.json pins it)", file=sys.stderr)
        return 2
    if not (args.site / "index.html").is_file():
        print(f"{args.site} holds no built site: run `python -m generator build`", file=sys.stderr)
        return 2
    urls = {"home": "", "papers": "papers/", "paper": first_paper(args.site)}
    args.json_dir.mkdir(parents=True, exist_ok=True)
    worst = 100
    with serve(args.site) as base:
        print(f"{'page':8} " + " ".join(f"{c:>14}" for c in CATEGORIES))
        for name in args.pages.split(","):
            out = args.json_dir / f"{name}.json"
            scores = run_lighthouse(base + urls[name], out)
            worst = min(worst, *scores.values())
            print(f"{name:8} " + " ".join(f"{scores[c]:>14}" for c in CATEGORIES))
            for line in losses(json.loads(out.read_text("utf-8"))):
                print(f"         - {line}")
    return 0 if worst >= 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
