"""Screenshots of the built site for a person to look at: `make screenshots` (= `python -m bench.screenshots`).

Home, a paper page, a list page, an author page (when the site has `authors/` pages) and the papers table,
in the light and the dark scheme, at 390 px (a phone) and 1280 px, into the git-ignored artifacts/screenshots/.
The site is served at its real `site_url` through Playwright request routing (nothing leaves the machine,
Material's instant navigation behaves as on GitHub Pages); anything else the page asks for is aborted and listed.
"""

from __future__ import annotations

import argparse
import mimetypes
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900)}
SCHEMES = ("light", "dark")
MAX_HEIGHT = 2400  # full-page shots are cut here: enough to judge a layout


def site_base(site: Path) -> str:
    """The site's own URL (MkDocs' `site_url`), from the first <loc> of sitemap.xml."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    loc = ElementTree.parse(site / "sitemap.xml").getroot().find("s:url/s:loc", ns)
    if loc is None or not loc.text:
        raise SystemExit(f"{site}/sitemap.xml names no URL: build the site first (python -m generator build)")
    return loc.text.strip()


def router(site: Path, base: str, outside: list[str]) -> Callable[[Any], None]:
    """Answer `base`… from the files in `site`; abort (and record) every other request."""
    root = site.resolve()
    base_path = urlsplit(base).path

    def handle(route: Any) -> None:
        url = route.request.url
        if not url.startswith(base):
            outside.append(url)
            route.abort()
            return
        rel = unquote(urlsplit(url).path)[len(base_path) :]
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            route.fulfill(status=403, body="")
            return
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            ctype = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
            route.fulfill(status=200, path=str(target), content_type=ctype)
        else:
            route.fulfill(status=404, path=str(root / "404.html"), content_type="text/html")

    return handle


def first_dir(site: Path, kind: str, prefer: str | None = None) -> str | None:
    folder = site / kind
    if not folder.is_dir():
        return None
    names = sorted(p.parent.name for p in folder.glob("*/index.html"))
    if prefer and prefer in names:
        return f"{kind}/{prefer}/"
    return f"{kind}/{names[0]}/" if names else None


def pages(site: Path) -> dict[str, str]:
    """The pages to shoot: name -> site-relative URL (an author page only if the site has them)."""
    found: dict[str, str | None] = {
        "home": "",
        "paper": first_dir(
            site, "papers", "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
        ),
        "list": first_dir(site, "lists", "weekly-top-papers-2023-q2"),
        "author": first_dir(site, "authors"),
        "table": "papers/",
    }
    return {name: url for name, url in found.items() if url is not None}


def shoot(site: Path, out: Path, browser: Any = None) -> list[Path]:
    """Write every screenshot into `out`; `browser` is a Playwright Chromium to use (else one is launched)."""
    if browser is None:
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            launched = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                return shoot(site, out, launched)
            finally:
                launched.close()
    base = site_base(site)
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    outside: list[str] = []
    errors: list[str] = []
    targets = pages(site)
    if "author" not in targets:
        print("no authors/ pages in this site: author screenshots skipped")
    for scheme in SCHEMES:
        for label, (width, height) in WIDTHS.items():
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            context.route("**/*", router(site, base, outside))
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            for name, url in targets.items():
                page.goto(base + url, wait_until="networkidle")
                page.wait_for_timeout(700)  # Material fades the header tabs in
                total = page.evaluate("document.documentElement.scrollHeight")
                path = out / f"{name}-{label}-{scheme}.png"
                clip = {"x": 0, "y": 0, "width": width, "height": min(total, MAX_HEIGHT)}
                page.screenshot(path=str(path), full_page=True, clip=clip)
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width:
                    print(f"WARNING {name} at {width} px is {wide} px wide (scrolls sideways)")
                written.append(path)
            context.close()
    for url in sorted(set(outside)):
        print(f"blocked request outside the site: {url}")
    for e in errors:
        print(f"console: {e}")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "screenshots")
    args = parser.parse_args(argv)
    if not (args.site / "index.html").is_file():
        print(f"{args.site} holds no built site: run `python -m generator build` first", file=sys.stderr)
        return 2
    for path in shoot(args.site, args.out):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
