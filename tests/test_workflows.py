"""The GitHub side of the project: workflows, issue form and their security posture.

zizmor (pinned in the test extras) audits the workflows offline; the YAML checks
pin down the properties that matter even if an audit changes between versions.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pr.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
ISSUE_FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"

# `uses: owner/repo[/path]@<40 hex> # vX.Y.Z` (local `./` actions need no pin).
PINNED_USES = re.compile(
    r"^\s*(?:-\s+)?uses:\s+(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})\s+#\s+v\d+\.\d+\.\d+\s*$"
)
USES_LINE = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<ref>\S+)")


def load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    """The `on:` block; YAML 1.1 (PyYAML) reads the bare key `on` as True."""
    on = workflow.get("on", workflow.get(True))
    assert on is not None, "workflow has no `on:` block"
    if isinstance(on, str):
        return {on: None}
    if isinstance(on, list):
        return dict.fromkeys(on)
    return dict(on)


def steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def uses(workflow: dict[Any, Any], action: str) -> list[dict[str, Any]]:
    return [step for step in steps(workflow) if str(step.get("uses", "")).split("@")[0] == action]


# --- zizmor ----------------------------------------------------------------------


def test_zizmor_reports_no_findings() -> None:
    zizmor = Path(sys.executable).with_name("zizmor")
    if not zizmor.exists():
        pytest.fail(
            f"zizmor not found next to {sys.executable}; install the test extras: "
            'python -m pip install -c constraints.txt -e ".[test]"'
        )
    result = subprocess.run(
        [
            str(zizmor),
            "--offline",
            "--no-config",  # no zizmor.yml can silence an audit
            "--no-ignores",  # nor can `# zizmor: ignore[...]` comments
            "--persona=pedantic",  # every finding, code smells included
            "--format=json",
            str(WORKFLOWS),
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    assert result.returncode == 0, (
        f"zizmor exited {result.returncode}\nstdout:\n{result.stdout}\nstderr:\n{result.stderr}"
    )
    findings = json.loads(result.stdout)
    assert findings == [], json.dumps(findings, indent=2)
    # Both workflows were actually audited (an empty directory also gives no findings).
    for name in ("pr.yml", "deploy.yml"):
        assert name in result.stderr, f"zizmor did not audit {name}:\n{result.stderr}"


# --- every workflow --------------------------------------------------------------


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha_with_a_version_comment(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if USES_LINE.match(line)]
    assert lines, f"{path.name} uses no actions?"
    for line in lines:
        if USES_LINE.match(line)["ref"].startswith("./"):
            continue
        assert PINNED_USES.match(line), f"not pinned to a 40-hex SHA with a `# vX.Y.Z` comment: {line.strip()}"


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=lambda p: p.name)
def test_top_level_permissions_are_empty(path: Path) -> None:
    assert load(path)["permissions"] == {}


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=lambda p: p.name)
def test_every_job_has_a_timeout(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        timeout = job.get("timeout-minutes")
        assert isinstance(timeout, int) and 0 < timeout <= 60, f"{name}: timeout-minutes is {timeout!r}"


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=lambda p: p.name)
def test_checkout_does_not_persist_credentials(path: Path) -> None:
    checkouts = uses(load(path), "actions/checkout")
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", [PR, DEPLOY], ids=lambda p: p.name)
def test_no_expressions_inside_run_scripts(path: Path) -> None:
    """`${{ }}` in `run:` is pasted into the script before the shell sees it: pass values via env."""
    for step in steps(load(path)):
        script = step.get("run", "")
        assert "${{ github.event" not in script, f"{step.get('name')}: expands github.event in run:"
        assert "${{" not in script, f"{step.get('name')}: use env: instead of ${{{{ }}}} in run:"


# --- pr.yml ----------------------------------------------------------------------


def test_pr_triggers_only_on_pull_request() -> None:
    on = triggers(load(PR))
    assert set(on) == {"pull_request"}  # in particular, never pull_request_target


def test_pr_jobs_can_only_read_contents() -> None:
    jobs = load(PR)["jobs"]
    assert jobs
    for name, job in jobs.items():
        assert job.get("permissions") == {"contents": "read"}, f"{name}: {job.get('permissions')!r}"


def test_pr_cancels_superseded_runs_per_ref() -> None:
    concurrency = load(PR)["concurrency"]
    assert "github.ref" in concurrency["group"]
    assert concurrency["cancel-in-progress"] is True


def test_pr_runs_every_check() -> None:
    scripts = "\n".join(step.get("run", "") for step in steps(load(PR)))
    for command in (
        'python -m pip install -c constraints.txt -e ".[test]"',
        "python -m generator check --format github",
        "python -m generator import",
        "diff --exit-code",
        "python -m generator generate",
        "diff -r",
        "mkdocs build --strict",
        "python -m generator linkcheck site",
        "apt-get install -y chromium",
        "python -m pytest",
    ):
        assert command in scripts, f"pr.yml does not run {command!r}"
    assert "::error" in scripts, "the diff checks should explain a failure with an ::error:: annotation"


def test_pr_sets_up_python_311() -> None:
    (setup,) = uses(load(PR), "actions/setup-python")
    assert str(setup["with"]["python-version"]) == "3.11"


# --- deploy.yml ------------------------------------------------------------------


def test_deploy_triggers_on_push_to_main() -> None:
    on = triggers(load(DEPLOY))
    assert set(on) <= {"push", "workflow_dispatch"}
    assert on["push"]["branches"] == ["main"]


def test_deploy_grants_pages_and_id_token_to_the_deploy_job_only() -> None:
    jobs = load(DEPLOY)["jobs"]
    assert set(jobs) == {"build", "deploy"}
    assert jobs["build"]["permissions"] == {"contents": "read"}
    deploy = jobs["deploy"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["needs"] == "build"
    assert deploy["environment"]["name"] == "github-pages"
    assert "steps.deployment.outputs.page_url" in deploy["environment"]["url"]


def test_deploy_never_cancels_a_deployment_in_progress() -> None:
    assert load(DEPLOY)["concurrency"] == {"group": "pages", "cancel-in-progress": False}


def test_deploy_uploads_and_deploys_with_the_pages_actions() -> None:
    jobs = load(DEPLOY)["jobs"]
    build_actions = [str(s.get("uses", "")).split("@")[0] for s in jobs["build"]["steps"]]
    deploy_actions = [str(s.get("uses", "")).split("@")[0] for s in jobs["deploy"]["steps"]]
    assert "actions/upload-pages-artifact" in build_actions
    assert "actions/deploy-pages" in deploy_actions
    assert "actions/configure-pages" in build_actions + deploy_actions
    (upload,) = uses(load(DEPLOY), "actions/upload-pages-artifact")
    assert upload["with"]["path"].rstrip("/") == "site"
    (deploy_step,) = uses(load(DEPLOY), "actions/deploy-pages")
    assert deploy_step["id"] == "deployment"


def test_deploy_builds_strictly_before_publishing() -> None:
    scripts = "\n".join(step.get("run", "") for step in load(DEPLOY)["jobs"]["build"]["steps"])
    assert "mkdocs build --strict" in scripts
    assert "python -m generator linkcheck site" in scripts


# --- issue form ------------------------------------------------------------------


def test_issue_form_requires_an_arxiv_id() -> None:
    form = load(ISSUE_FORM)
    assert form["name"] == "Suggest a paper"
    assert "paper-suggestion" in form["labels"]
    fields = {item.get("id"): item for item in form["body"]}
    arxiv = fields["arxiv"]
    assert arxiv["type"] == "input"
    assert "arxiv" in arxiv["attributes"]["label"].lower()
    assert arxiv["attributes"]["description"].strip()
    assert arxiv["validations"]["required"] is True
    assert fields["why"]["type"] == "textarea"
    assert fields["why"]["validations"]["required"] is True
    assert "content/tags.yml" in fields["tags"]["attributes"]["description"]


def test_issue_form_ids_are_unique() -> None:
    ids = [item["id"] for item in load(ISSUE_FORM)["body"] if "id" in item]
    assert len(ids) == len(set(ids))
