"""Shared fixtures: a scratch copy of the project, and the real site built once per session."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
ARTIFACTS = ROOT / "artifacts"


def copy_project(dest: Path, *, papers: bool = True) -> Path:
    """A throwaway copy of what a build needs: mkdocs.yml, content/, overrides/."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    ignore = None if papers else shutil.ignore_patterns("papers")
    shutil.copytree(ROOT / "content", dest / "content", ignore=ignore)
    (dest / "content" / "papers").mkdir(exist_ok=True)
    (dest / "docs").mkdir(exist_ok=True)
    (dest / "generator").mkdir()
    shutil.copy(ROOT / "generator" / "mkdocs_hook.py", dest / "generator" / "mkdocs_hook.py")
    return dest


def mkdocs_build(project: Path, site: Path | None = None) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build --strict`; warnings fail it."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")]
    if site is not None:
        cmd += ["--site-dir", str(site)]
    return subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project with the real imported papers."""
    return copy_project(tmp_path)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real seed site, built once with `mkdocs build --strict`."""
    base = tmp_path_factory.mktemp("built")
    project = copy_project(base)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    return project / "site"


def chromium_or_fail() -> Path:
    """Browser tests must run in CI: a missing Chromium fails there and skips only locally."""
    if CHROMIUM.exists():
        return CHROMIUM
    if os.environ.get("CI") == "true":
        pytest.fail("Debian's chromium is not installed at /usr/bin/chromium (apt-get install -y chromium)")
    pytest.skip("chromium not installed (CI=true makes this a failure)")


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built seed site served over HTTP on 127.0.0.1 (a random port)."""
    handler = functools.partial(_Quiet, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


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
