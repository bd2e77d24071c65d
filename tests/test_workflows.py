"""The GitHub side of the project: workflows, issue form and their security posture.

zizmor (pinned in the test extras) audits the workflows offline; the YAML checks
pin down the properties that matter even if an audit changes between versions.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
PR = WORKFLOWS / "pr.yml"
DEPLOY = WORKFLOWS / "deploy.yml"
ENRICH = WORKFLOWS / "enrich.yml"
SUGGEST = WORKFLOWS / "suggest-paper.yml"
ALL = [PR, DEPLOY, ENRICH, SUGGEST]
CODEOWNERS = ROOT / ".github" / "CODEOWNERS"
MAINTAINERS = ["@reading-list/maintainers"]
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
    # Every workflow was actually audited (an empty directory also gives no findings).
    for name in sorted(p.name for p in ALL):
        assert name in result.stderr, f"zizmor did not audit {name}:\n{result.stderr}"


# --- every workflow --------------------------------------------------------------


def test_every_workflow_is_checked_here() -> None:
    assert sorted(WORKFLOWS.glob("*.y*ml")) == sorted(ALL)


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_job_names_its_permissions(path: Path) -> None:
    """Top level grants nothing; each job lists its own, each with a comment saying why."""
    text = path.read_text(encoding="utf-8")
    for name, job in load(path)["jobs"].items():
        permissions = job.get("permissions")
        assert isinstance(permissions, dict) and permissions, f"{name}: no job-level permissions"
        for scope in permissions:
            assert re.search(rf"^\s+{re.escape(scope)}: (read|write) # \S", text, re.M), f"{name}: {scope} uncommented"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_no_issue_or_comment_text_reaches_an_expression(path: Path) -> None:
    """Text anyone can write (issue and comment bodies and titles, branch names, commit messages) never appears in
    `${{ }}`: not in run: (a script injection), and not in env: either (the suggest workflow reads the event file)."""
    text = path.read_text(encoding="utf-8")
    for risky in ("issue.body", "issue.title", "comment.body", "head_ref", "head_commit.message", "pull_request.title"):
        assert risky not in text, f"{path.name} uses github.event.{risky}"
    for step in steps(load(path)):
        assert "github.event.issue" not in step.get("run", "")


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_full_sha_with_a_version_comment(path: Path) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if USES_LINE.match(line)]
    assert lines, f"{path.name} uses no actions?"
    for line in lines:
        if USES_LINE.match(line)["ref"].startswith("./"):
            continue
        assert PINNED_USES.match(line), f"not pinned to a 40-hex SHA with a `# vX.Y.Z` comment: {line.strip()}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_top_level_permissions_are_empty(path: Path) -> None:
    assert load(path)["permissions"] == {}


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_every_job_has_a_timeout(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        timeout = job.get("timeout-minutes")
        assert isinstance(timeout, int) and 0 < timeout <= 60, f"{name}: timeout-minutes is {timeout!r}"


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
def test_checkout_does_not_persist_credentials(path: Path) -> None:
    checkouts = uses(load(path), "actions/checkout")
    assert checkouts
    for step in checkouts:
        assert step.get("with", {}).get("persist-credentials") is False


@pytest.mark.parametrize("path", ALL, ids=lambda p: p.name)
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
        # The content gate: check compares what `import` would change as data, and the permalink registry
        # against the target branch's, so neither needs a step of its own.
        "python -m generator check --format github --base-permalinks",
        "python -m generator generate",
        "diff -r",
        "mkdocs build --strict",
        "python -m generator linkcheck site",
        "python -m playwright install --with-deps chromium",
        "python -m pytest",
    ):
        assert command in scripts, f"pr.yml does not run {command!r}"
    assert "::error" in scripts, "the diff checks should explain a failure with an ::error:: annotation"
    # On ubuntu-24.04 `apt-get install chromium` installs only a snap shim: the tests use Playwright's Chromium.
    assert "apt-get" not in scripts
    assert "CHROMIUM_PATH" in scripts and "executable_path" in scripts


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


# --- enrich.yml ------------------------------------------------------------------


def test_enrich_runs_weekly_and_on_demand() -> None:
    on = triggers(load(ENRICH))
    assert set(on) == {"schedule", "workflow_dispatch"}
    (schedule,) = on["schedule"]
    _minute, _hour, day, month, weekday = schedule["cron"].split()
    assert (day, month) == ("*", "*") and weekday.isdigit(), "once a week"


def test_enrich_has_one_job_that_may_push_and_open_a_pr() -> None:
    workflow = load(ENRICH)
    assert workflow["concurrency"] == {"group": "enrich", "cancel-in-progress": False}
    (job,) = workflow["jobs"].values()
    assert job["permissions"] == {"contents": "write", "pull-requests": "write"}
    assert job["env"]["BRANCH"] == "bot/enrich"  # one fixed branch: one pull request, updated every week


def test_enrich_enriches_checks_then_opens_or_updates_one_pr() -> None:
    scripts = [step.get("run", "") for step in steps(load(ENRICH))]
    order = [
        "python -m pip install -c constraints.txt -e .",
        "python -m generator enrich",
        "python -m generator check",
        'git push --force origin "HEAD:refs/heads/$BRANCH"',
    ]
    positions = [next(i for i, script in enumerate(scripts) if command in script) for command in order]
    assert positions == sorted(positions)
    publish = scripts[positions[-1]]
    assert 'gh pr list --head "$BRANCH" --state open' in publish
    assert "gh pr edit" in publish and "gh pr create" in publish
    assert "gh auth setup-git" in publish


def test_enrich_token_is_given_only_to_the_step_that_pushes() -> None:
    for step in steps(load(ENRICH)):
        with_token = "github.token" in str(step.get("env", {})) or "secrets." in str(step)
        assert with_token == ("gh pr create" in step.get("run", "")), step.get("name")


# --- suggest-paper.yml -----------------------------------------------------------


def test_suggest_runs_on_issues_only() -> None:
    on = triggers(load(SUGGEST))
    assert on == {"issues": {"types": ["opened", "edited"]}}  # never pull_request_target or issue_comment


def test_suggest_splits_reading_the_issue_from_writing() -> None:
    """The job that reads the untrusted body can write nothing; the job that can write runs no project code."""
    jobs = load(SUGGEST)["jobs"]
    assert set(jobs) == {"prepare", "publish"}
    prepare, publish = jobs["prepare"], jobs["publish"]
    assert prepare["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"contents": "write", "pull-requests": "write", "issues": "write"}
    assert publish["needs"] == "prepare"
    assert "paper-suggestion" in prepare["if"]
    assert "github.token" not in str(prepare) and "secrets." not in str(jobs)
    for step in publish["steps"]:
        assert "python" not in step.get("run", ""), f"publish runs project code in {step.get('name')!r}"
    (suggest,) = [s for s in prepare["steps"] if s.get("id") == "suggest"]
    assert suggest["run"] == 'python -m generator suggest --event "$GITHUB_EVENT_PATH"'
    assert suggest["continue-on-error"] is True and "env" not in suggest


def test_suggest_hands_over_only_checked_outputs_and_one_artifact() -> None:
    jobs = load(SUGGEST)["jobs"]
    assert set(jobs["prepare"]["outputs"]) == {"slug", "title", "arxiv", "branch", "error"}
    (upload,) = uses(load(SUGGEST), "actions/upload-artifact")
    (download,) = uses(load(SUGGEST), "actions/download-artifact")
    assert upload["with"]["name"] == download["with"]["name"] == "suggestion"
    assert upload["with"]["if-no-files-found"] == "error"


def test_suggest_concurrency_is_per_issue() -> None:
    concurrency = load(SUGGEST)["concurrency"]
    assert "github.event.issue.number" in concurrency["group"]


# --- CODEOWNERS ------------------------------------------------------------------

# Reviewable by any collaborator with write access: paper files, the permalink registry that grows with every new
# paper, and the changelog. Nothing else may be outside CODEOWNERS.
OPEN_TO_ALL = ("content/papers/", "content/permalinks.txt", "CHANGELOG.md")


def codeowners_rules() -> list[tuple[str, list[str]]]:
    rules = []
    for line in CODEOWNERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def _matches(pattern: str, path: str) -> bool:
    """CODEOWNERS (gitignore-style) matching for the pattern forms this repository uses: `/dir/`, `/file`,
    `/dir/*.ext` (`*` stays inside one path segment)."""
    assert pattern.startswith("/"), f"anchor every CODEOWNERS pattern at the root: {pattern}"
    pat = pattern[1:]
    if pat.endswith("/"):
        return path.startswith(pat)
    if "*" in pat:
        regex = re.escape(pat).replace(r"\*", "[^/]*")
        return re.fullmatch(regex, path) is not None
    return path == pat or path.startswith(pat + "/")


def owners_of(path: str, rules: list[tuple[str, list[str]]]) -> list[str]:
    """The owners of `path`: the last matching rule wins."""
    found: list[str] = []
    for pattern, owners in rules:
        if _matches(pattern, path):
            found = owners
    return found


def repository_files() -> list[str]:
    """Tracked files plus new ones not ignored yet (so a new top-level file is caught before its first commit)."""
    try:
        out = subprocess.run(
            ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        pytest.skip(f"not a git checkout ({exc})")
    return [line for line in out.splitlines() if line]  # fmt: skip


def test_codeowners_covers_every_file_that_can_break_the_build() -> None:
    rules = codeowners_rules()
    files = repository_files()
    assert len(files) > 100
    uncovered = sorted(
        {f.split("/")[0] if "/" in f and not f.startswith("content/") else f for f in files
         if not f.startswith(OPEN_TO_ALL) and owners_of(f, rules) != MAINTAINERS}
    )  # fmt: skip
    assert uncovered == [], f"add these to .github/CODEOWNERS (or to OPEN_TO_ALL, with a reason): {uncovered}"


@pytest.mark.parametrize(
    "path",
    [
        "generator/cli.py", "generator/templates/paper.md.j2", "mkdocs.yml", "generator/theme/main.html",
        "content/tags.yml", "content/lists.yml", "content/categories.yml", "content/lists/any.txt",
        ".github/workflows/enrich.yml", ".github/CODEOWNERS", ".github/ISSUE_TEMPLATE/suggest-paper.yml",
        "pyproject.toml", "constraints.txt", "Makefile", ".ci/run", "tests/conftest.py", "README.md",
    ],
)  # fmt: skip
def test_codeowners_names_the_build_paths(path: str) -> None:
    assert owners_of(path, codeowners_rules()) == MAINTAINERS


@pytest.mark.parametrize("path", ["content/papers/segment-anything.md", "content/permalinks.txt", "CHANGELOG.md"])
def test_paper_prs_need_no_maintainer(path: str) -> None:
    assert owners_of(path, codeowners_rules()) == []


# --- Chromium for the browser tests ------------------------------------------------


@pytest.fixture
def chromium_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Any:
    """tests/conftest.py with no Debian chromium, no CHROMIUM_PATH and an empty Playwright browser folder."""
    from tests import conftest

    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "no-chromium")
    monkeypatch.delenv("CHROMIUM_PATH", raising=False)
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PLAYWRIGHT_BROWSERS_PATH", str(tmp_path / "ms-playwright"))
    return conftest


def test_chromium_path_wins_when_set(chromium_env: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    binary = tmp_path / "my-chromium"
    binary.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setenv("CHROMIUM_PATH", str(binary))
    assert chromium_env.chromium_or_fail() == binary
    monkeypatch.setenv("CHROMIUM_PATH", str(tmp_path / "missing"))
    with pytest.raises(pytest.fail.Exception, match=r"CHROMIUM_PATH=.* is not a file"):
        chromium_env.chromium_or_fail()


def test_debian_chromium_comes_next(chromium_env: Any, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    debian = tmp_path / "chromium"
    debian.write_text("#!/bin/sh\n", encoding="utf-8")
    monkeypatch.setattr(chromium_env, "CHROMIUM", debian)
    assert chromium_env.chromium_or_fail() == debian


def test_then_playwrights_own_chromium(chromium_env: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where `python -m playwright install chromium` puts it (here: an empty PLAYWRIGHT_BROWSERS_PATH)."""
    from playwright.sync_api import sync_playwright

    def where() -> Path:
        with sync_playwright() as p:
            return Path(p.chromium.executable_path)

    with ThreadPoolExecutor(1) as pool:  # a thread of its own: a session's browser fixture may hold this one's
        expected = pool.submit(where).result()
    with pytest.raises(pytest.skip.Exception):  # not downloaded, locally: skip
        chromium_env.chromium_or_fail()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="python -m playwright install --with-deps chromium"):
        chromium_env.chromium_or_fail()  # not downloaded, in CI: fail
    expected.parent.mkdir(parents=True)
    expected.write_text("#!/bin/sh\n", encoding="utf-8")
    assert chromium_env.chromium_or_fail() == expected


# --- enrich.yml's scripts, run locally (gh stubbed, origin a local bare repository) ---


GAP = "content/papers/segment-anything.md"  # its `year:` is removed in the checkout: a field enrich would fill


@pytest.fixture
def enrich_checkout(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A git checkout of the fixture project's content (one paper without its year) with a bare `origin`, and a runner
    step's environment. The full paper file is kept as `<tmp_path>/filled.md`."""
    from tests.workflow_runner import checkout, runner_env

    project = tmp_path / "repo"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "tests" / "fixture" / "content", project / "content")  # the fixture, not the live list
    paper = project / GAP
    shutil.copy(paper, tmp_path / "filled.md")
    text = paper.read_text(encoding="utf-8")
    assert "\nyear: " in text
    paper.write_text(re.sub(r"\nyear: \d+\n", "\n", text, count=1), encoding="utf-8")
    env = runner_env(tmp_path) | load(ENRICH)["jobs"]["enrich"]["env"]  # the job's BRANCH
    env["ORIGIN"] = str(checkout(project, tmp_path, env))
    return project, env


def enrich_step(name: str) -> str:
    from tests.workflow_runner import step_script

    return step_script(ENRICH, "enrich", name)


def test_enrich_step_keeps_going_when_arxiv_stops(enrich_checkout: tuple[Path, dict[str, str]]) -> None:
    """enrich exits 1 (here: the replay has no recording for the first paper it asks for); the step warns, keeps
    the log for the pull request, and the job goes on."""
    from tests.arxiv_replay import ArxivReplay
    from tests.workflow_runner import bash

    project, env = enrich_checkout
    with ArxivReplay() as replay:
        done = bash(enrich_step("Fill empty fields from arXiv"), project, {**env, "READING_LIST_ARXIV_API": replay.url})
        assert len(replay.requests) == 1
    assert done.returncode == 0, done.stderr
    assert "::warning title=enrich::python -m generator enrich exited 1" in done.stdout
    assert "stopped: arXiv" in (Path(env["RUNNER_TEMP"]) / "enrich.log").read_text(encoding="utf-8")


def test_enrich_opens_no_pr_when_nothing_was_filled(enrich_checkout: tuple[Path, dict[str, str]]) -> None:
    from tests.workflow_runner import bash, gh_calls, git

    project, env = enrich_checkout
    done = bash(enrich_step("Open or update the pull request"), project, env)
    assert done.returncode == 0 and "Nothing to fill" in done.stdout, done.stderr
    assert gh_calls(env) == [] and git(Path(env["ORIGIN"]), "branch", "--list", env=env).split() == ["main"]


@pytest.mark.parametrize("open_pr", [False, True], ids=["new-pr", "update-pr"])
def test_enrich_pushes_bot_enrich_and_opens_or_updates_one_pr(
    enrich_checkout: tuple[Path, dict[str, str]], open_pr: bool
) -> None:
    from tests.workflow_runner import PR_URL, bash, gh_calls, git

    project, env = enrich_checkout
    shutil.copy(project.parent / "filled.md", project / GAP)  # as enrich fills the year
    (Path(env["RUNNER_TEMP"]) / "enrich.log").write_text(f"{GAP}: filled year\n", encoding="utf-8")
    if open_pr:
        Path(env["GH_PR_LIST"]).write_text(PR_URL + "\n", encoding="utf-8")
    done = bash(enrich_step("Open or update the pull request"), project, env)
    assert done.returncode == 0, done.stdout + done.stderr
    origin = Path(env["ORIGIN"])
    assert git(origin, "diff", "--name-only", "main", "bot/enrich", env=env) == f"{GAP}\n"
    calls = gh_calls(env)
    assert calls[0] == ["auth", "setup-git"] and calls[1][:4] == ["pr", "list", "--head", "bot/enrich"]
    if open_pr:
        assert calls[2][:3] == ["pr", "edit", PR_URL] and len(calls) == 3
    else:
        assert calls[2][:8] == [
            "pr",
            "create",
            "--base",
            "main",
            "--head",
            "bot/enrich",
            "--title",
            "Enrich papers from arXiv",
        ]
    body = Path(calls[2][calls[2].index("--body-file") + 1]).read_text(encoding="utf-8")
    assert f"```text\n{GAP}: filled year\n```" in body


def test_enrich_refuses_changes_beyond_paper_files(enrich_checkout: tuple[Path, dict[str, str]]) -> None:
    from tests.workflow_runner import bash, gh_calls, git

    project, env = enrich_checkout
    tags = project / "content" / "tags.yml"
    tags.write_text(tags.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    shutil.copy(project.parent / "filled.md", project / GAP)
    done = bash(enrich_step("Open or update the pull request"), project, env)
    assert done.returncode == 1 and "::error title=Unexpected change::" in done.stdout
    assert gh_calls(env) == [] and git(Path(env["ORIGIN"]), "branch", "--list", env=env).split() == ["main"]
