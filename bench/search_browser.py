"""Search in a real browser: headless Chromium on a locally served site, from navigation to the first result.

Times come from the page's own clock (`performance.now()`, 0 = navigation start). Bytes are what the
network layer reports (CDP `Network.loadingFinished.encodedDataLength`): Python's static server does
not compress, so `gzip_bytes` also estimates the same responses gzip-compressed, as a static host serves them.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
RESULT = ".md-search-result__item"


@dataclass
class SearchResult:
    load_ms: float  # navigation start to the load event
    typing_ms: float  # navigation start to the first keystroke (a click into the search box first)
    typed_ms: float  # navigation start to the end of typing the query
    first_result_ms: float  # navigation start to the first result on screen
    second_typing_ms: float  # a second query, index warm: navigation start to its first keystroke
    second_typed_ms: float  # ... to its last keystroke
    second_result_ms: float  # ... to its first result
    requests: int
    bytes: int  # encoded bytes over the wire (uncompressed here)
    gzip_bytes: int  # the same responses if gzip-compressed
    index_bytes: int  # the search index response
    results: int
    by_type: dict[str, int] = field(default_factory=dict)

    @property
    def after_typing_ms(self) -> float:
        """The wait after the last keystroke: what the user notices (index download and build included)."""
        return self.first_result_ms - self.typed_ms

    @property
    def second_after_typing_ms(self) -> float:
        return self.second_result_ms - self.second_typed_ms


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextmanager
def serving(handler: Any, path: str = "/") -> Iterator[str]:
    """A local HTTP server on a free port of 127.0.0.1 for `handler`; yields its URL (ending in `path`)."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{path}"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def serve_site(site: Path) -> Iterator[str]:
    """`site` served as plain files, quietly; yields the root URL."""
    with serving(functools.partial(_Quiet, directory=str(site))) as url:
        yield url


def gzip_size(site: Path, url: str) -> int:
    """The gzip-compressed size of the file under `site` that `url` serves (0 if there is none)."""
    path = unquote(urlsplit(url).path).lstrip("/")
    local = site / path
    if local.is_dir() or not path:
        local = local / "index.html"
    try:
        return len(gzip.compress(local.read_bytes(), 6))
    except OSError:
        return 0


def measure_search(site: Path, query: str, second_query: str, *, timeout_ms: float = 180_000) -> SearchResult:
    """Open the home page cold (fresh browser context), type `query`, wait for a result; then `second_query`."""
    from playwright.sync_api import sync_playwright

    with serve_site(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(timeout_ms)
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
            urls: dict[str, tuple[str, str]] = {}
            sizes: dict[str, int] = {}

            def on_response(event: dict[str, Any]) -> None:
                urls[event["requestId"]] = (event["response"]["url"], event.get("type", "Other"))

            def on_finished(event: dict[str, Any]) -> None:
                sizes[event["requestId"]] = int(event["encodedDataLength"])

            cdp.on("Network.responseReceived", on_response)
            cdp.on("Network.loadingFinished", on_finished)
            page.goto(base, wait_until="load")
            load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
            page.click(".md-search__input")
            typing_ms = page.evaluate("performance.now()")
            page.keyboard.type(query)
            typed_ms = page.evaluate("performance.now()")
            first_ms = page.wait_for_function(
                f"document.querySelector({RESULT!r}) ? performance.now() : 0", polling="raf"
            ).json_value()
            results = page.locator(RESULT).count()
            page.fill(".md-search__input", "")
            page.wait_for_function(f"!document.querySelector({RESULT!r})", polling="raf")
            second_typing = page.evaluate("performance.now()")
            page.keyboard.type(second_query)
            second_typed = page.evaluate("performance.now()")
            second_ms = page.wait_for_function(
                f"document.querySelector({RESULT!r}) ? performance.now() : 0", polling="raf"
            ).json_value()
            page.wait_for_timeout(300)  # let late loadingFinished events arrive
            total = sum(sizes.values())
            gz = sum(gzip_size(site, urls[r][0]) for r in sizes if r in urls)
            index = sum(sizes[r] for r in sizes if r in urls and urls[r][0].endswith("search_index.json"))
            by_type: dict[str, int] = {}
            for r, n in sizes.items():
                kind = urls.get(r, ("", "Other"))[1]
                by_type[kind] = by_type.get(kind, 0) + n
            context.close()
        finally:
            browser.close()
    return SearchResult(
        load_ms=float(load_ms),
        typing_ms=float(typing_ms),
        typed_ms=float(typed_ms),
        first_result_ms=float(first_ms),
        second_typing_ms=float(second_typing),
        second_typed_ms=float(second_typed),
        second_result_ms=float(second_ms),
        requests=len(sizes),
        bytes=total,
        gzip_bytes=gz,
        index_bytes=index,
        results=results,
        by_type=by_type,
    )
