"""The command line and its documentation agree: README.md documents every command, and every
`python -m generator <command>` that README.md or CONTRIBUTING.md mentions exists and answers `--help`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `.venv/bin/pytest` does not put the repository root on sys.path by itself
    sys.path.insert(0, str(ROOT))

from generator.cli import COMMANDS, build_parser  # noqa: E402

DOCS = ("README.md", "CONTRIBUTING.md")
MENTION = re.compile(r"python -m generator ([a-z][a-z0-9-]*)")

build_parser()  # importing the command modules fills COMMANDS
REGISTERED = sorted(COMMANDS)


def mentioned(doc: str) -> set[str]:
    path = ROOT / doc
    assert path.is_file(), f"{doc} is missing"
    return set(MENTION.findall(path.read_text(encoding="utf-8")))


def _all_mentioned() -> set[str]:
    return {word for doc in DOCS if (ROOT / doc).is_file() for word in mentioned(doc)}


def test_the_registry_is_not_empty() -> None:
    assert {"import", "check", "add", "enrich", "permalinks"} <= set(REGISTERED)


def test_readme_documents_every_command() -> None:
    undocumented = [name for name in REGISTERED if name not in mentioned("README.md")]
    missing = ", ".join(f"`python -m generator {n}`" for n in undocumented)
    assert undocumented == [], f"README.md should document {missing}"


@pytest.mark.parametrize("doc", DOCS)
def test_every_mentioned_command_is_registered(doc: str) -> None:
    unknown = sorted(mentioned(doc) - set(REGISTERED))
    assert unknown == [], f"{doc} mentions commands that do not exist: {unknown} (registered: {REGISTERED})"


@pytest.mark.parametrize("name", sorted(set(REGISTERED) | _all_mentioned()))
def test_help_exits_0(name: str) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "generator", name, "--help"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m generator {name}"), result.stdout[:200]
