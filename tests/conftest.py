"""Shared fixtures: a scratch copy of the project, and the fixture project's site built once per session.

Tests that assert facts about papers (counts, pages, golden files, browser checks) use the small fixture
project in tests/fixture/content (see tests/fixture/README.md), built with the project's own mkdocs.yml and
theme, so that adding a paper to content/ changes none of them. tests/test_live_content.py checks the
real content/ for what holds for any valid list.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")  # Debian's chromium (.ci/run); CHROMIUM_PATH overrides, see chromium_or_fail
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARTIFACTS = ROOT / "artifacts"
LIVE_CONTENT = ROOT / "content"  # the real reading list: only tests/test_live_content.py asserts anything about it
FIXTURE_CONTENT = Path(__file__).resolve().parent / "fixture" / "content"  # the fixture project's content/
FIXTURE_PAPERS = 20  # paper files in tests/fixture/content/papers/ (19 imported from the lists + 1 added by hand)


def copy_project(dest: Path, *, papers: bool = True, content: Path = FIXTURE_CONTENT) -> Path:
    """A throwaway copy of what a build needs (the plugin is installed): mkdocs.yml, overrides/, and `content`
    (by default the fixture project's content/, not the live one) as content/."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    ignore = None if papers else shutil.ignore_patterns("papers")
    shutil.copytree(content, dest / "content", ignore=ignore)
    (dest / "content" / "papers").mkdir(exist_ok=True)
    (dest / "docs").mkdir(exist_ok=True)
    return dest


def plugin_options(project: Path, **options: object) -> None:
    """Set options of the reading-list plugin in a copied project's mkdocs.yml (replacing a value already there)."""
    config = project / "mkdocs.yml"
    text = config.read_text("utf-8")
    head, sep, block = text.partition("  - reading-list:\n")
    assert sep, "mkdocs.yml has no reading-list plugin"
    indented = re.match(r"(?:      .*\n)*", block)
    lines = indented.group(0).splitlines(keepends=True) if indented else []
    rest = block[len("".join(lines)) :]
    for key, value in options.items():
        shown = str(value).lower() if isinstance(value, bool) else str(value)
        lines = [line for line in lines if not line.startswith(f"      {key}:")] + [f"      {key}: {shown}\n"]
    config.write_text(head + sep + "".join(lines) + rest, "utf-8")


def mkdocs_build(project: Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict`; warnings fail it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    if site is not None:
        cmd += ["--site-dir", str(site)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the fixture project, papers included."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project's site, built once with `mkdocs build --strict`."""
    base = tmp_path_factory.mktemp("built")
    project = copy_project(base)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    return project / "site"


def chromium_or_fail() -> Path:
    """The Chromium the browser tests drive: $CHROMIUM_PATH if set, else Debian's /usr/bin/chromium, else the one
    `python -m playwright install chromium` downloaded. Browser tests must run in CI: a missing Chromium fails
    there (CI=true) and skips only locally; a CHROMIUM_PATH that names no file always fails."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        if Path(configured).is_file():
            return Path(configured)
        pytest.fail(f"CHROMIUM_PATH={configured} is not a file: point it at a Chromium binary or unset it")
    if CHROMIUM.exists():
        return CHROMIUM
    found: list[Path] = []

    def lookup() -> None:  # Playwright knows where its download goes (~/.cache/ms-playwright, PLAYWRIGHT_BROWSERS_PATH)
        try:
            from playwright.sync_api import sync_playwright

            with sync_playwright() as p:
                found.append(Path(p.chromium.executable_path))
        except Exception:  # Playwright missing or unable to start: no Chromium of its own either
            pass

    worker = threading.Thread(target=lookup, name="playwright-chromium-path")  # its sync API cannot nest in a thread
    worker.start()
    worker.join(timeout=60)
    if found and found[0].is_file():
        return found[0]
    if os.environ.get("CI") == "true":
        pytest.fail(
            f"no Chromium: CHROMIUM_PATH is unset, {CHROMIUM} is missing (Debian: apt-get install -y chromium) "
            "and Playwright has none (python -m playwright install --with-deps chromium)"
        )
    pytest.skip("chromium not installed (CI=true makes this a failure)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".woff2": "font/woff2",
        ".mjs": "text/javascript",
    }

    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serving(folder: Path) -> Iterator[str]:
    """`folder` served over HTTP on 127.0.0.1 (a free port), quietly; yields its URL, ending in "/"."""
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The fixture project's built site served over HTTP on 127.0.0.1 (a random port)."""
    with serving(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium driven by Playwright (it cannot download a browser of its own here)."""
    executable = chromium_or_fail()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(executable), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


def screenshot(pg: Any, name: str) -> Path:
    """Save a screenshot as a test artifact under the git-ignored artifacts/ folder."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=False)
    return path
