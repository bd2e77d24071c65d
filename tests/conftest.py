"""Shared fixtures: a scratch copy of the project, and the real site built once per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


def copy_project(dest: Path, *, papers: bool = True) -> Path:
    """A throwaway copy of what a build needs: mkdocs.yml, content/, overrides/."""
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    ignore = None if papers else shutil.ignore_patterns("*.md")
    shutil.copytree(ROOT / "content", dest / "content", ignore=ignore)
    (dest / "content" / "papers").mkdir(exist_ok=True)
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
