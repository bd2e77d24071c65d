"""Run a workflow's own `run:` scripts locally, roughly as GitHub's runner does with `shell: bash`.

    env = runner_env(tmp_path)                      # $RUNNER_TEMP, $GITHUB_OUTPUT, `python`, a `gh` stub on PATH
    origin = checkout(project, tmp_path, env)       # `project` becomes a git checkout of main with a bare origin
    done = bash(step_script(WORKFLOW, "job", "step id or name"), project, {**env, "SLUG": ...})
    outputs(Path(env["GITHUB_OUTPUT"])), gh_calls(env)

`gh` is replaced by a stub that records its arguments and answers `pr list` with the contents of $GH_PR_LIST and
`pr create` with $GH_PR_URL; `origin` is a local bare repository. Nothing reaches the network.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import yaml

PR_URL = "https://github.com/reading-list/reading-list/pull/43"

GH_STUB = """#!/usr/bin/env bash
printf '%s\\0' "$@" >> "$GH_LOG"; printf '\\x1e' >> "$GH_LOG"
case "$1 $2" in
  "pr list") cat "$GH_PR_LIST" 2>/dev/null || true ;;
  "pr create") echo "$GH_PR_URL" ;;
esac
"""


def step_script(workflow: Path, job: str, step: str) -> str:
    """The `run:` script of the step with this id or name; it must hold no `${{ }}` (values come through env)."""
    data = yaml.safe_load(workflow.read_text(encoding="utf-8"))
    for item in data["jobs"][job]["steps"]:
        if step in (item.get("id"), item.get("name")):
            script = str(item["run"])
            assert "${{" not in script
            return script
    raise AssertionError(f"no step {step!r} in job {job!r} of {workflow.name}")


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A `run:` script as the runner runs it under `shell: bash` (bash --noprofile --norc -eo pipefail)."""
    path = Path(env["RUNNER_TEMP"]).parent / "step.sh"
    path.write_text(script, encoding="utf-8")
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(path)],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def runner_env(tmp_path: Path) -> dict[str, str]:
    """A step's environment: `python` is this interpreter (with the repository importable), `gh` the stub."""
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    python = bin_dir / "python"  # a wrapper, not a symlink: the interpreter must see its own path to find its venv
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n', encoding="utf-8")
    gh = bin_dir / "gh"
    gh.write_text(GH_STUB, encoding="utf-8")
    for tool in (python, gh):
        tool.chmod(0o755)
    keep = {k: v for k, v in os.environ.items() if k in {"HOME", "LANG", "LC_ALL", "TMPDIR"}}
    return {
        **keep,
        "PATH": f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin",
        "PYTHONPATH": str(Path(__file__).resolve().parents[1]),
        "RUNNER_TEMP": str(temp),
        "GITHUB_OUTPUT": str(tmp_path / "github_output"),
        "GITHUB_REF_NAME": "main",
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GH_LOG": str(tmp_path / "gh.log"),
        "GH_PR_LIST": str(tmp_path / "pr-list.txt"),
        "GH_PR_URL": PR_URL,
        "GH_TOKEN": "not-a-token",
        "GH_REPO": "reading-list/reading-list",
    }


def git(cwd: Path, *args: str, env: dict[str, str]) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True).stdout


def checkout(project: Path, tmp_path: Path, env: dict[str, str]) -> Path:
    """Make `project` a git checkout of `main` (one commit of its files) whose `origin` is a local bare repository."""
    git(project, "init", "--quiet", "--initial-branch=main", env=env)
    git(project, "add", "--all", env=env)
    git(project, "-c", "user.name=t", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "main", env=env)
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", str(origin), env=env)
    git(project, "remote", "add", "origin", str(origin), env=env)
    git(project, "push", "--quiet", "origin", "main", env=env)
    return origin


def gh_calls(env: dict[str, str]) -> list[list[str]]:
    """Every `gh` invocation so far, as its argument list."""
    log = Path(env["GH_LOG"])
    if not log.exists():
        return []
    return [record.split("\0")[:-1] for record in log.read_text(encoding="utf-8").split("\x1e") if record]


def outputs(path: Path) -> dict[str, str]:
    """The `name=value` lines of a $GITHUB_OUTPUT file; each name at most once."""
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    pairs = [line.split("=", 1) for line in lines]
    assert all(len(p) == 2 for p in pairs), lines
    assert len({p[0] for p in pairs}) == len(pairs), f"an output was written twice: {lines}"
    return {name: value for name, value in pairs}
