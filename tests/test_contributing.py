"""CONTRIBUTING.md's commands run as written: its worked example, line by line, on a copy of the repository
with the fixture project's content (tests/fixture: it holds `mistral-7b`, which the example names, and not
Mixtral, which the example adds), with the arXiv API answered by the local replay server. After every line
`check` passes, and at the end the site builds strictly with every old URL still answering."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.arxiv_replay import ArxivReplay
from tests.conftest import copy_project, mkdocs_build

ROOT = Path(__file__).resolve().parents[1]


def worked_example() -> list[str]:
    """The `python -m generator` lines of CONTRIBUTING.md's worked example block."""
    text = (ROOT / "CONTRIBUTING.md").read_text("utf-8")
    block = re.search(r"A worked example.*?```sh\n(.*?)```", text, re.S)
    assert block, "CONTRIBUTING.md has no worked example block"
    return [line for line in block.group(1).splitlines() if line.startswith("python -m generator ")]


def test_the_worked_example_covers_every_contributor_command() -> None:
    used = {shlex.split(line)[3] for line in worked_example()}
    assert {"add", "merge", "rename", "add-tag", "remove", "check"} <= used


def test_contributing_commands_run_as_written(tmp_path: Path) -> None:
    project = copy_project(tmp_path)  # the fixture project, not the live list that pull requests change
    old_urls = (project / "content" / "permalinks.txt").read_text("utf-8").split()
    with ArxivReplay() as server:
        env = {**os.environ, "READING_LIST_ARXIV_API": server.url, "PYTHONPATH": str(ROOT)}
        for line in worked_example():
            args = shlex.split(line)
            result = subprocess.run([sys.executable, *args[1:]], cwd=project, env=env, capture_output=True, text=True)
            assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
            check = subprocess.run(
                [sys.executable, "-m", "generator", "check"], cwd=project, env=env, capture_output=True, text=True
            )
            assert check.returncode == 0, f"after {line}:\n{check.stdout}{check.stderr}"
    registry = (project / "content" / "permalinks.txt").read_text("utf-8").split()
    assert set(old_urls) <= set(registry)
    assert {"papers/mixtral-of-experts/", "papers/mixtral-8x7b/", "papers/mixtral-of-experts-preprint/"} <= set(
        registry
    )
    result = mkdocs_build(project)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr[-3000:]
    site = project / "site"
    for url in registry:  # every URL ever published answers: a page, a redirect or a removal notice
        assert (site / url / "index.html").is_file(), url
    notice = (site / "papers" / "mixtral-8x7b" / "index.html").read_text("utf-8")
    assert "removed from the reading list" in notice and "added as an example" in notice
