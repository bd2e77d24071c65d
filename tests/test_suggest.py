"""`python -m generator suggest` and the suggest-paper workflow, run locally against a saved `issues` event.

The event (tests/fixtures/github/issues-opened-suggest-paper.json) is written to GitHub's documented webhook format;
arXiv is played by tests/arxiv_replay.py on 127.0.0.1. The workflow's own `run:` scripts are taken from
.github/workflows/suggest-paper.yml and executed with bash, with `gh` replaced by a stub that records its calls and
`origin` a local bare repository: nothing here reaches the internet. Hostile issue bodies must give one clean line
of error and write nothing.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `.venv/bin/pytest` does not put the repository root on sys.path by itself
    sys.path.insert(0, str(ROOT))

from generator import suggest  # noqa: E402
from generator.arxiv import ENV_BASE_URL  # noqa: E402
from generator.cli import main  # noqa: E402
from generator.content import read_paper  # noqa: E402
from tests.arxiv_replay import FIXTURES, ArxivReplay  # noqa: E402
from tests.conftest import FIXTURE_CONTENT  # noqa: E402
from tests.workflow_runner import PR_URL, bash, checkout, gh_calls, git, outputs, runner_env, step_script  # noqa: E402

EVENT = ROOT / "tests" / "fixtures" / "github" / "issues-opened-suggest-paper.json"
WORKFLOW = ROOT / ".github" / "workflows" / "suggest-paper.yml"
FORM = ROOT / ".github" / "ISSUE_TEMPLATE" / "suggest-paper.yml"
BLOOM = "bloomberggpt-a-large-language-model-for-finance"  # the saved event's paper: already in the list
NEW_ID = "0710.2073"  # a recorded paper that is on no source list: a suggestion the bot can add
NEW_TITLE = {p["id"]: p for p in json.loads((FIXTURES / "papers.json").read_text(encoding="utf-8"))}[NEW_ID]["title"]
NEW_NOTE = "Read §2 first."
SITE = "https://reading-list.github.io/reading-list/"
EPOCH = "1767225600"  # 2026-01-01


def body_with(arxiv: str = "2303.17564", tags: str = "_No response_", note: str = "_No response_") -> str:
    """An issue body as GitHub renders the form, with the given field values."""
    return (
        f"### arXiv ID or URL\n\n{arxiv}\n\n### Title\n\n_No response_\n\n### Tags\n\n{tags}\n\n"
        f"### Note for the paper page\n\n{note}\n\n### Which list does it appear in?\n\nNot on any of these lists\n\n"
        "### Why it belongs\n\nIt is good.\n\n### Before you submit\n\n- [X] I searched the site."
    )


def event_with(body: str | None, tmp_path: Path) -> Path:
    """The saved event with another issue body."""
    data = json.loads(EVENT.read_text(encoding="utf-8"))
    data["issue"]["body"] = body
    path = tmp_path / "event.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] not in ("127.0.0.1", "localhost"):
            raise OSError(f"test tried to reach {address[0]}: tests must not touch the internet")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture
def replay(monkeypatch: pytest.MonkeyPatch) -> Iterator[ArxivReplay]:
    with ArxivReplay() as server:
        monkeypatch.setenv(ENV_BASE_URL, server.url)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        monkeypatch.delenv("GITHUB_OUTPUT", raising=False)
        monkeypatch.delenv("GITHUB_EVENT_PATH", raising=False)
        yield server


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A scratch checkout: the fixture project's content/ (tests/fixture) and mkdocs.yml (for the site URL)."""
    dest = tmp_path / "repo"
    dest.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.copytree(FIXTURE_CONTENT, dest / "content")
    return dest


# -- the issue form and the saved event ----------------------------------------------------------------------------


def test_parser_labels_are_the_forms_labels() -> None:
    form = yaml.safe_load(FORM.read_text(encoding="utf-8"))
    labels = {item["id"]: item["attributes"]["label"] for item in form["body"] if "id" in item}
    assert labels["arxiv"] == suggest.ARXIV_LABEL
    assert labels["tags"] == suggest.TAGS_LABEL
    assert labels["note"] == suggest.NOTE_LABEL
    assert form["labels"] == ["paper-suggestion"]  # what the workflow's `if:` looks for


def test_the_saved_event_is_an_issues_opened_payload() -> None:
    event = json.loads(EVENT.read_text(encoding="utf-8"))
    assert event["action"] == "opened"
    issue = event["issue"]
    assert (issue["number"], issue["state"]) == (42, "open")
    assert "paper-suggestion" in [label["name"] for label in issue["labels"]]
    assert issue["body"].startswith("### arXiv ID or URL\n\nhttps://arxiv.org/abs/2303.17564v2\n\n### Title\n\n")
    assert event["repository"]["default_branch"] == "main" and event["sender"]["login"]


def test_the_saved_body_parses() -> None:
    body = json.loads(EVENT.read_text(encoding="utf-8"))["issue"]["body"]
    wish = suggest.parse_body(body, ["llm", "nlp-tasks", "finance-free"])
    assert wish == suggest.Suggestion(
        "2303.17564",
        ("llm", "nlp-tasks"),
        "A 50B-parameter model trained on a mix of financial and general text; read §2 for the data.",
    )


@pytest.mark.parametrize(
    ("arxiv", "tags", "expected"),
    [
        ("2303.17564", "_No response_", ("2303.17564", ())),
        ("`arXiv:2303.17564v3`", "llm, nlp-tasks", ("2303.17564", ("llm", "nlp-tasks"))),
        ("<https://arxiv.org/pdf/2303.17564v1.pdf>", "- LLM\n- llm\n- `code`", ("2303.17564", ("llm", "code"))),
        ("hep-th/9901001", "", ("hep-th/9901001", ())),
    ],
)
def test_field_spellings(arxiv: str, tags: str, expected: tuple[str, tuple[str, ...]]) -> None:
    wish = suggest.parse_body(
        body_with(arxiv, tags or "_No response_").replace("\n", "\r\n"), ["llm", "nlp-tasks", "code"]
    )
    assert (wish.arxiv, wish.tags, wish.note) == (*expected, None)


# -- the command, in process ---------------------------------------------------------------------------------------


def test_the_saved_event_asks_for_a_paper_already_in_the_list(
    replay: ArxivReplay,
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    monkeypatch.setenv("GITHUB_EVENT_PATH", str(EVENT))  # the default source, as in the workflow
    before = snapshot(project)
    assert main(["suggest", "--content", str(project / "content")]) == 1
    reason = f"arXiv 2303.17564 is already in the list: {SITE}papers/{BLOOM}/"
    assert capsys.readouterr() == ("", f"error: {reason}\nnothing was written\n")
    assert outputs(out) == {"error": reason}
    assert snapshot(project) == before and replay.requests == []


def test_suggest_adds_the_paper_and_writes_the_outputs(
    replay: ArxivReplay,
    project: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    content = project / "content"
    out = tmp_path / "github_output"
    monkeypatch.setenv("GITHUB_OUTPUT", str(out))
    event = event_with(body_with(f"https://arxiv.org/abs/{NEW_ID}v1", "ml-foundations\nsurveys", NEW_NOTE), tmp_path)

    code = main(["suggest", "--event", str(event), "--content", str(content)])
    stdout, stderr = capsys.readouterr()
    assert (code, stderr) == (0, "")
    got = outputs(out)
    slug = got["slug"]
    assert slug.startswith("on-coincidence-of-alday-maldacena")
    assert got == {
        "slug": slug,
        "title": NEW_TITLE,
        "arxiv": NEW_ID,
        "path": f"content/papers/{slug}.md",
        "url": f"{SITE}papers/{slug}/",
        "branch": "bot/suggest-42",
    }
    assert f"added content/papers/{slug}.md (arXiv {NEW_ID}): {NEW_TITLE}\n" in stdout
    paper, problems = read_paper(content / "papers" / f"{slug}.md")
    assert paper is not None, problems
    assert (paper.arxiv, paper.tags, paper.notes) == (NEW_ID, ("ml-foundations", "surveys"), NEW_NOTE)
    assert str(paper.added) == "2026-01-01"
    assert f"papers/{slug}/" in (content / "permalinks.txt").read_text(encoding="utf-8")
    assert [r.id_list for r in replay.requests] == [NEW_ID]
    assert main(["check", "--content", str(content)]) == 0


def test_body_from_an_environment_variable(
    replay: ArxivReplay, project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    content = project / "content"
    monkeypatch.setenv("ISSUE_BODY", body_with(NEW_ID, "ml-foundations"))
    code = main(["suggest", "--issue-body-env", "ISSUE_BODY", "--issue", "7", "--content", str(content)])
    stdout, stderr = capsys.readouterr()
    assert (code, stderr) == (0, ""), stderr
    assert "branch: bot/suggest-7" in stdout
    assert main(["suggest", "--issue-body-env", "ISSUE_BODY", "--content", str(content)]) == 1
    assert "--issue-body-env needs --issue N" in capsys.readouterr().err


def test_no_source_is_a_clear_error(replay: ArxivReplay, project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["suggest", "--content", str(project / "content")]) == 1
    assert "give --event FILE or --issue-body-env NAME" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("event", "message"),
    [
        ("not json {", "the event file is not JSON"),
        ('{"action": "opened"}', "the event has no issue"),
        ('{"issue": {"number": 3, "body": "x", "pull_request": {}}}', "about a pull request"),
        ('{"issue": {"number": "3", "body": "x"}}', "the event's issue has no number"),
        ('{"issue": {"number": 3, "body": ["x"]}}', "the event's issue body is not text"),
        ("[" * 3_000_000, "over 2000000 bytes"),
    ],
    ids=["not-json", "no-issue", "pull-request", "bad-number", "bad-body", "huge"],
)
def test_bad_event_files(
    replay: ArxivReplay, project: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], event: str, message: str
) -> None:
    path = tmp_path / "event.json"
    path.write_text(event, encoding="utf-8")
    before = snapshot(project)
    assert main(["suggest", "--event", str(path), "--content", str(project / "content")]) == 1
    assert message in capsys.readouterr().err
    assert snapshot(project) == before and replay.requests == []


def test_outputs_stay_on_one_line(tmp_path: Path) -> None:
    out = tmp_path / "out"
    suggest.write_outputs(out, {"title": "A\nslug=evil\r\x00`x`  y", "error": "é" * 2000})
    lines = out.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "title=A slug=evil x y"
    assert len(lines) == 2 and len(lines[1]) == len("error=") + 1000 and lines[1].endswith("…")
    with pytest.raises(ValueError):
        suggest.write_outputs(out, {"bad\nname": "x"})


# -- the workflow's scripts, run locally -----------------------------------------------------------------------------


@pytest.fixture
def runner(tmp_path: Path, replay: ArxivReplay) -> dict[str, str]:
    """A runner step's environment, with the saved event and the arXiv replay."""
    env = runner_env(tmp_path)
    return env | {"GITHUB_EVENT_PATH": str(EVENT), ENV_BASE_URL: replay.url, "SOURCE_DATE_EPOCH": EPOCH}


def step(job: str, name: str) -> str:
    return step_script(WORKFLOW, job, name)


def prepare(project: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """The prepare job's suggest step (continue-on-error), then its check-and-set-aside step if that succeeded."""
    done = bash(step("prepare", "suggest"), project, env)
    if done.returncode == 0:
        slug = outputs(Path(env["GITHUB_OUTPUT"]))["slug"]
        staged = bash(step("prepare", "Check the new paper and set it aside"), project, {**env, "SLUG": slug})
        assert staged.returncode == 0, staged.stdout + staged.stderr
    return done


def test_prepare_job_against_the_saved_event(project: Path, runner: dict[str, str], replay: ArxivReplay) -> None:
    before = snapshot(project)
    done = prepare(project, runner)
    assert done.returncode == 1 and done.stdout == ""
    reason = f"arXiv 2303.17564 is already in the list: {SITE}papers/{BLOOM}/"
    assert done.stderr == f"error: {reason}\nnothing was written\n"
    assert outputs(Path(runner["GITHUB_OUTPUT"])) == {"error": reason}
    assert snapshot(project) == before and replay.requests == []


def test_prepare_job_adds_a_new_suggestion(
    project: Path, runner: dict[str, str], replay: ArxivReplay, tmp_path: Path
) -> None:
    env = {**runner, "GITHUB_EVENT_PATH": str(event_with(body_with(NEW_ID, "surveys", NEW_NOTE), tmp_path))}
    done = prepare(project, env)
    assert done.returncode == 0, done.stderr
    got = outputs(Path(runner["GITHUB_OUTPUT"]))
    slug = got["slug"]
    assert (got["branch"], got["arxiv"], got["title"]) == ("bot/suggest-42", NEW_ID, NEW_TITLE)
    aside = Path(runner["RUNNER_TEMP"]) / "suggestion"
    assert sorted(str(p.relative_to(aside)) for p in aside.rglob("*") if p.is_file()) == [
        f"papers/{slug}.md",
        "permalinks.txt",
    ]
    written = project / "content" / "papers" / f"{slug}.md"
    assert (aside / "papers" / f"{slug}.md").read_bytes() == written.read_bytes()
    assert (aside / "permalinks.txt").read_bytes() == (project / "content" / "permalinks.txt").read_bytes()
    assert [r.id_list for r in replay.requests] == [NEW_ID]


HOSTILE = {
    "semicolon": (body_with("2303.17564; rm -rf ~"), "is not a valid arXiv id"),
    "command substitution": (body_with("$(touch PWNED)"), "is not a valid arXiv id"),
    "backticks": (body_with("`touch PWNED`"), "is not a valid arXiv id"),
    "and-and": (body_with("2303.17564 && touch PWNED"), "is not a valid arXiv id"),
    "newline in id": (body_with("2303.17564\ntouch PWNED"), "is not a valid arXiv id"),
    "huge body": (body_with("2303.17564") + "\n" + "$(touch PWNED)" * 6000, "the issue body is over 65536 characters"),
    "huge id field": (body_with("2303.17564" + " " * 5000 + "$(touch PWNED)"), "is not a valid arXiv id"),
    "not an id": (body_with("2303.175"), "is not a valid arXiv id"),
    "empty id": (body_with("_No response_"), "is empty"),
    "already in the list": (body_with("arXiv:2303.17564v3"), f"arXiv 2303.17564 is already in the list: {SITE}papers/"),
    "unknown on arXiv": (body_with("2399.99999"), "arXiv has no paper 2399.99999: check the id"),
    "tag with shell": (body_with("0710.2073", "llm; $(touch PWNED)"), "holds something that is not a tag id"),
    "unknown tag": (body_with("0710.2073", "finance"), "unknown tag(s) 'finance'"),
    "too many tags": (body_with("0710.2073", " ".join(f"t{i}" for i in range(11))), "has 11 tags"),
    "note with escapes": (body_with("0710.2073", note="\x1b[31m$(touch PWNED)\x1b[0m"), "holds control characters"),
    "huge note": (body_with("0710.2073", note="x" * 2001), "has 2001 characters"),
    "field twice": (body_with("0710.2073") + "\n\n### arXiv ID or URL\n\n$(touch PWNED)", "twice"),
    "no form": ("please add https://arxiv.org/abs/2303.17564 $(touch PWNED)", "has no field 'arXiv ID or URL'"),
    "no body": (None, "has no field 'arXiv ID or URL'"),
}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_hostile_bodies_give_one_clean_line_and_write_nothing(
    project: Path, runner: dict[str, str], replay: ArxivReplay, tmp_path: Path, case: str
) -> None:
    body, message = HOSTILE[case]
    env = {**runner, "GITHUB_EVENT_PATH": str(event_with(body, tmp_path))}
    before = snapshot(project)
    done = prepare(project, env)
    assert done.returncode == 1, done.stdout + done.stderr
    error_line, rest = done.stderr.split("\n", 1)
    assert error_line.startswith("error: ") and message in error_line, done.stderr
    assert rest == "nothing was written\n" and done.stdout == ""
    assert outputs(Path(env["GITHUB_OUTPUT"])) == {"error": error_line.removeprefix("error: ")}
    for raw in ("PWNED", "rm -rf", "$(", "`", "\x1b"):
        assert raw not in error_line  # the reason never repeats the raw input
    assert snapshot(project) == before
    assert not list(tmp_path.rglob("PWNED"))
    assert not (Path(runner["RUNNER_TEMP"]) / "suggestion").exists()
    assert all(r.id_list == "2399.99999" for r in replay.requests)  # only the unknown id was ever sent


# -- the publish job: no project code, `gh` stubbed, origin a local bare repository ------------------------------


@pytest.fixture
def publish_env(project: Path, runner: dict[str, str], tmp_path: Path) -> dict[str, str]:
    """The prepare job's outputs and artifact for a new suggestion, and a checkout of main with a bare `origin`."""
    base = snapshot(project)
    runner = {**runner, "GITHUB_EVENT_PATH": str(event_with(body_with(NEW_ID, note=NEW_NOTE), tmp_path))}
    assert prepare(project, runner).returncode == 0
    got = outputs(Path(runner["GITHUB_OUTPUT"]))
    Path(runner["GITHUB_OUTPUT"]).unlink()
    for rel, data in snapshot(project).items():  # back to main as it was: the publish job checks out main
        if rel not in base:
            (project / rel).unlink()
        elif data != base[rel]:
            (project / rel).write_bytes(base[rel])
    origin = checkout(project, tmp_path, runner)
    return runner | {
        "ISSUE": "42",
        "SLUG": got["slug"],
        "TITLE": got["title"],
        "ARXIV": got["arxiv"],
        "BRANCH": got["branch"],
        "SUGGESTION": str(Path(runner["RUNNER_TEMP"]) / "suggestion"),
        "ORIGIN": str(origin),
    }


def test_publish_job_pushes_one_commit_opens_the_pr_and_answers(project: Path, publish_env: dict[str, str]) -> None:
    env = publish_env
    slug = env["SLUG"]
    done = bash(step("publish", "pr"), project, env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert outputs(Path(env["GITHUB_OUTPUT"])) == {"url": PR_URL}
    origin = Path(env["ORIGIN"])
    changed = git(origin, "diff", "--name-status", "main", "bot/suggest-42", env=env).split("\n")
    assert changed == [f"A\tcontent/papers/{slug}.md", "M\tcontent/permalinks.txt", ""]
    added = git(origin, "show", f"bot/suggest-42:content/papers/{slug}.md", env=env)
    assert added == (Path(env["SUGGESTION"]) / "papers" / f"{slug}.md").read_text(encoding="utf-8")
    message = git(origin, "log", "-1", "--format=%an <%ae>%n%B", "bot/suggest-42", env=env)
    assert message.startswith("github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>\n")
    assert f"Add paper: {NEW_TITLE}\n\narXiv {NEW_ID}, suggested in #42." in message
    calls = gh_calls(env)
    assert calls[0] == ["auth", "setup-git"]
    assert calls[1][:4] == ["pr", "list", "--head", "bot/suggest-42"]
    create = calls[2]
    assert create[:6] == ["pr", "create", "--base", "main", "--head", "bot/suggest-42"]
    assert create[6:8] == ["--title", f"Add paper: {NEW_TITLE}"]
    pr_body = Path(create[create.index("--body-file") + 1]).read_text(encoding="utf-8")
    assert f"Adds `content/papers/{slug}.md` (arXiv {NEW_ID}), suggested in #42." in pr_body
    assert pr_body.rstrip().endswith("Closes #42")

    answer = bash(step("publish", "Answer on the issue"), project, {**env, "PR_URL": PR_URL, "ERROR": ""})
    assert answer.returncode == 0, answer.stderr
    comment = gh_calls(env)[-1]
    assert comment[:3] == ["issue", "comment", "42"]
    expected = f"Thanks! {PR_URL} adds `content/papers/{slug}.md` (arXiv {NEW_ID}); a maintainer will review it."
    assert comment[3:] == ["--body", expected]


def test_publish_job_updates_an_open_pr_instead_of_opening_another(project: Path, publish_env: dict[str, str]) -> None:
    Path(publish_env["GH_PR_LIST"]).write_text(PR_URL + "\n", encoding="utf-8")
    done = bash(step("publish", "pr"), project, publish_env)
    assert done.returncode == 0, done.stderr
    assert outputs(Path(publish_env["GITHUB_OUTPUT"])) == {"url": PR_URL}
    assert [c[:2] for c in gh_calls(publish_env)] == [["auth", "setup-git"], ["pr", "list"]]


TAMPER = {
    "extra file": "Unexpected artifact",
    "bad slug": "Unexpected output",
    "registry shrank": "Permalinks removed",
    "symlink": "Unexpected artifact",
    "other branch": "Unexpected output",
    "paper exists": "Already there",
}


@pytest.mark.parametrize("tamper", list(TAMPER))
def test_publish_job_takes_nothing_but_the_expected_files(
    project: Path, publish_env: dict[str, str], tamper: str
) -> None:
    env = dict(publish_env)
    aside = Path(env["SUGGESTION"])
    if tamper == "extra file":
        (aside / "papers" / "evil.md").write_text("x", encoding="utf-8")
    elif tamper == "bad slug":
        env["SLUG"] = "../../.github/workflows/x"
    elif tamper == "registry shrank":
        registry = aside / "permalinks.txt"
        registry.write_text("\n".join(registry.read_text(encoding="utf-8").splitlines()[5:]) + "\n", encoding="utf-8")
    elif tamper == "symlink":
        paper = aside / "papers" / f"{env['SLUG']}.md"
        paper.unlink()
        paper.symlink_to("/etc/passwd")
    elif tamper == "other branch":
        env["BRANCH"] = "main"
    else:
        (project / "content" / "papers" / f"{env['SLUG']}.md").write_text("x", encoding="utf-8")
    done = bash(step("publish", "pr"), project, env)
    assert done.returncode == 1 and f"::error title={TAMPER[tamper]}::" in done.stdout, done.stdout + done.stderr
    assert git(Path(env["ORIGIN"]), "branch", "--list", env=env).split() == ["main"]  # nothing pushed
    assert gh_calls(env) == []


@pytest.mark.parametrize(
    ("error", "pr_url", "expected"),
    [
        (
            "arXiv 2303.17564 is already in the list: x",
            "",
            "This paper could not be added: `arXiv 2303.17564 is already",
        ),
        ("", "", "Something went wrong on our side; a maintainer will look at the workflow run: https://"),
    ],
    ids=["refused", "broken"],
)
def test_answer_on_the_issue_when_there_is_no_pr(
    project: Path, publish_env: dict[str, str], error: str, pr_url: str, expected: str
) -> None:
    env = {**publish_env, "ERROR": error, "PR_URL": pr_url, "RUN_URL": "https://github.com/o/r/actions/runs/1"}
    done = bash(step("publish", "Answer on the issue"), project, env)
    assert done.returncode == 0, done.stderr
    (comment,) = gh_calls(env)
    assert comment[:3] == ["issue", "comment", "42"] and comment[4].startswith(expected)
