"""Check internal links and anchors in a built site (offline; external links are skipped)."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(str(a["id"]))
        if tag == "a" and a.get("name"):
            self.ids.add(str(a["name"]))
        for key in ("href", "src"):
            value = a.get(key)
            if value and not (tag == "link" and a.get("rel") in ("canonical", "alternate")):
                self.links.append(value)


def _parse(path: Path) -> _Links:
    parser = _Links()
    parser.feed(path.read_text("utf-8", errors="replace"))
    return parser


def _target(site: Path, page: Path, href: str, prefix: str) -> tuple[Path, str] | None:
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:", "data:")):
        return None
    url, fragment = urldefrag(href)
    path = unquote(urlsplit(url).path)
    base = page.parent
    if path.startswith("/"):
        if not path.startswith(prefix):
            return site / "\0outside", ""  # an absolute path outside the site's URL prefix
        target = site / path[len(prefix) :]
    else:
        target = base / path if path else page
    if target.is_dir() or path.endswith("/"):
        target = target / "index.html"
    return target, unquote(fragment)


def check_site(site: Path, prefix: str = "/") -> tuple[list[str], int]:
    """Return (broken links as 'page: href (reason)', number of pages checked).

    `prefix` is the URL path the site is served under (from `site_url`), e.g. `/reading-list/`.
    """
    pages = sorted(site.rglob("*.html"))
    parsed: dict[Path, _Links] = {}
    broken = []
    for page in pages:
        links = parsed.setdefault(page, _parse(page))
        for href in links.links:
            found = _target(site, page, href, prefix)
            if found is None:
                continue
            target, fragment = found
            rel = page.relative_to(site)
            if not target.resolve().is_relative_to(site.resolve()):
                broken.append(f"{rel}: {href} (points outside the site)")
            elif not target.exists():
                broken.append(f"{rel}: {href} (no such file)")
            elif fragment and target.suffix == ".html":
                ids = parsed.setdefault(target, _parse(target)).ids
                if fragment not in ids:
                    broken.append(f"{rel}: {href} (no anchor #{fragment})")
    return broken, len(pages)
