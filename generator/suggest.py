"""`suggest`: a "Suggest a paper" issue becomes a paper file (the `suggest-paper` workflow's first job).

The issue body is untrusted text. It is read from the webhook event file (`$GITHUB_EVENT_PATH`) or from an
environment variable, never from the command line or a shell script, and parsed as GitHub renders the issue form
`.github/ISSUE_TEMPLATE/suggest-paper.yml`: one `### <label>` heading per field, followed by its value
(`_No response_` when an optional field was left empty). The arXiv id is validated with `normalize_arxiv`, tags
against `content/tags.yml`, the note by length and characters; then `add_arxiv` fetches, checks and writes as
`python -m generator add` does. A refusal is a `SuggestError` whose message is one line that never repeats the
raw input (only normalised ids, tag ids and file names), so the workflow can post it back on the issue.

`$GITHUB_OUTPUT`, when set, receives `slug`, `title`, `arxiv`, `path`, `url` and `branch` on success, `error` on
refusal: one `name=value` line each, the value folded onto one line.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .add import AddError, add_arxiv
from .arxiv import ArxivError
from .cli import _content_arg, command
from .cmd_arxiv import site_url
from .corpus import Corpus
from .names import normalize_arxiv
from .vocab import Vocabulary

# The labels of the issue form's fields (tests/test_suggest.py checks them against the form).
ARXIV_LABEL = "arXiv ID or URL"
TAGS_LABEL = "Tags"
NOTE_LABEL = "Note for the paper page"
NO_RESPONSE = "_No response_"  # what GitHub writes for an optional field left empty

MAX_BODY = 65_536  # characters: GitHub's own limit for an issue body
MAX_EVENT_BYTES = 2_000_000  # an `issues` event with a maximal body is well below this
MAX_ID_FIELD = 200
MAX_TAGS = 10
MAX_NOTE = 2_000
MAX_REASON = 300  # characters of a refusal posted back on the issue
BRANCH_PREFIX = "bot/suggest-"
ID_HINT = "expected e.g. 2303.17564, arXiv:2303.17564v2 or https://arxiv.org/abs/2303.17564"

_HEADING = re.compile(r"^###[ \t]+(.*?)[ \t]*$", re.MULTILINE)
_TAG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_OUTPUT_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class SuggestError(Exception):
    """A refused suggestion: one line, safe to post on the issue. Nothing was written."""


@dataclass(frozen=True)
class Suggestion:
    """What the issue asks for, validated: a bare arXiv id, tag ids from the vocabulary, an optional note."""

    arxiv: str
    tags: tuple[str, ...] = ()
    note: str | None = None


def one_line(text: str, limit: int = MAX_REASON) -> str:
    """`text` folded for an issue comment or a `$GITHUB_OUTPUT` line: no control characters or backticks, white
    space collapsed, at most `limit` characters."""
    kept = "".join(" " if unicodedata.category(ch)[0] in "CZ" or ch == "`" else ch for ch in text)
    folded = " ".join(kept.split())
    return folded if len(folded) <= limit else folded[: limit - 1].rstrip() + "…"


def form_fields(body: str) -> dict[str, str]:
    """The issue form's fields by label (case-folded): the text under each `### ` heading, '' for _No response_.

    A label that appears twice is refused: the first value would win silently otherwise."""
    parts = _HEADING.split(body.replace("\r\n", "\n").replace("\r", "\n"))
    fields: dict[str, str] = {}
    for label, value in zip(parts[1::2], parts[2::2], strict=True):
        key = label.casefold()
        if key in fields and key in {ARXIV_LABEL.casefold(), TAGS_LABEL.casefold(), NOTE_LABEL.casefold()}:
            raise SuggestError(f"the issue has the field {label!r} twice: edit it so that every field appears once")
        text = value.strip()
        fields.setdefault(key, "" if text == NO_RESPONSE else text)
    return fields


def parse_arxiv(value: str) -> str:
    """The bare arXiv id of the form's arXiv field (any spelling `add` accepts, in backticks or <> too)."""
    if not value:
        raise SuggestError(f"the field {ARXIV_LABEL!r} is empty: give the paper's arXiv id ({ID_HINT})")
    arxiv = normalize_arxiv(value.strip().strip("`<>").strip()) if len(value) <= MAX_ID_FIELD else None
    if arxiv is None:
        raise SuggestError(f"the field {ARXIV_LABEL!r} is not a valid arXiv id ({ID_HINT}): edit the issue")
    return arxiv


def parse_tags(value: str, known: list[str]) -> tuple[str, ...]:
    """Tag ids of the form's Tags field (one per line or comma-separated, list bullets allowed), all from `known`."""
    words = [w.strip("`'\"*_").casefold() for w in re.split(r"[\s,;]+", value) if w not in {"", "-", "*", "+"}]
    tags = tuple(dict.fromkeys(w for w in words if w))
    if len(tags) > MAX_TAGS:
        raise SuggestError(f"the field {TAGS_LABEL!r} has {len(tags)} tags: give at most {MAX_TAGS}")
    if any(not _TAG.match(t) or len(t) > 40 for t in tags):
        raise SuggestError(f"the field {TAGS_LABEL!r} holds something that is not a tag id: {_valid(known)}")
    unknown = [t for t in tags if t not in known]
    if unknown:
        names = ", ".join(map(repr, unknown))
        raise SuggestError(f"unknown tag(s) {names} (a new tag needs a pull request that adds it): {_valid(known)}")
    return tags


def _valid(known: list[str]) -> str:
    return f"use tag ids from content/tags.yml: {', '.join(known)}"


def parse_note(value: str) -> str | None:
    """The note, or None when empty; refused when too long or holding control characters."""
    note = "\n".join(line.rstrip() for line in value.strip().splitlines()).strip()
    if len(note) > MAX_NOTE:
        raise SuggestError(f"the field {NOTE_LABEL!r} has {len(note)} characters: keep it under {MAX_NOTE}")
    if any(unicodedata.category(ch) in {"Cc", "Cf", "Cs", "Co", "Cn"} and ch not in "\n\t" for ch in note):
        raise SuggestError(f"the field {NOTE_LABEL!r} holds control characters: write plain text")
    return note or None


def parse_body(body: str, known_tags: list[str]) -> Suggestion:
    """Pure: the validated suggestion in an issue body written with the form, or SuggestError."""
    if len(body) > MAX_BODY:
        raise SuggestError(f"the issue body is over {MAX_BODY} characters: open the issue with the form")
    fields = form_fields(body)
    if ARXIV_LABEL.casefold() not in fields:
        raise SuggestError(f"the issue has no field {ARXIV_LABEL!r}: open it with the 'Suggest a paper' form")
    return Suggestion(
        arxiv=parse_arxiv(fields[ARXIV_LABEL.casefold()]),
        tags=parse_tags(fields.get(TAGS_LABEL.casefold(), ""), known_tags),
        note=parse_note(fields.get(NOTE_LABEL.casefold(), "")),
    )


def read_event(path: Path) -> tuple[int, str]:
    """The issue number and body of an `issues` webhook event file (GitHub's JSON payload)."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_EVENT_BYTES + 1)
    except OSError as exc:
        raise SuggestError(f"cannot read the event file ({exc.strerror}): give --event FILE") from None
    if len(raw) > MAX_EVENT_BYTES:
        raise SuggestError(f"the event file is over {MAX_EVENT_BYTES} bytes: not an issue event")
    try:
        event: Any = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise SuggestError("the event file is not JSON: not a GitHub webhook payload") from None
    issue = event.get("issue") if isinstance(event, dict) else None
    if not isinstance(issue, dict):
        raise SuggestError("the event has no issue: the workflow runs on `issues` events only")
    if "pull_request" in issue:
        raise SuggestError("the event is about a pull request, not an issue")
    number, body = issue.get("number"), issue.get("body")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        raise SuggestError("the event's issue has no number")
    if body is not None and not isinstance(body, str):
        raise SuggestError("the event's issue body is not text")
    return number, body or ""


def branch_name(issue: int) -> str:
    """The bot's branch for an issue."""
    return f"{BRANCH_PREFIX}{issue}"


def suggest(content: Path, body: str, issue: int, site: str = "") -> dict[str, str]:
    """Validate the issue body, then add the paper (nothing is written on any refusal); the workflow outputs."""
    vocab = Vocabulary.load(content)
    wish = parse_body(body, [t.id for t in vocab.tags])
    owner = next((p for p in Corpus.load(content, vocab).papers if p.arxiv == wish.arxiv), None)
    if owner is not None:
        where = f"{site}{owner.url}" if site else f"content/papers/{owner.slug}.md"
        raise SuggestError(f"arXiv {wish.arxiv} is already in the list: {where}")
    (paper,) = add_arxiv(content, [wish.arxiv], wish.tags, wish.note)
    return {
        "slug": paper.slug,
        "title": paper.title,
        "arxiv": wish.arxiv,
        "path": f"content/papers/{paper.slug}.md",
        "url": f"{site}{paper.url}",
        "branch": branch_name(issue),
    }


def write_outputs(path: Path, outputs: Mapping[str, str]) -> None:
    """Append `name=value` lines to a `$GITHUB_OUTPUT` file; every value is folded onto one line first."""
    lines = []
    for name, value in outputs.items():
        if not _OUTPUT_NAME.match(name):
            raise ValueError(f"bad output name {name!r}")
        lines.append(f"{name}={one_line(value, 1000)}\n")
    with path.open("a", encoding="utf-8") as fh:
        fh.writelines(lines)


# -- the command ---------------------------------------------------------------------------------------------------


def _suggest_args(p: argparse.ArgumentParser) -> None:
    src = p.add_mutually_exclusive_group()
    src.add_argument("--event", type=Path, metavar="FILE",
                     help="the `issues` webhook event JSON (default: $GITHUB_EVENT_PATH)")  # fmt: skip
    src.add_argument("--issue-body-env", metavar="NAME", help="read the issue body from this environment variable")
    p.add_argument("--issue", type=int, metavar="N", help="with --issue-body-env: the issue number (for the branch)")
    _content_arg(p)


def _source(ns: argparse.Namespace) -> tuple[int, str]:
    if ns.issue_body_env:
        if ns.issue is None or ns.issue <= 0:
            raise SuggestError("--issue-body-env needs --issue N (the issue number names the branch)")
        return ns.issue, os.environ.get(ns.issue_body_env, "")
    event = ns.event or (Path(os.environ["GITHUB_EVENT_PATH"]) if os.environ.get("GITHUB_EVENT_PATH") else None)
    if event is None:
        raise SuggestError("give --event FILE or --issue-body-env NAME (in GitHub Actions, $GITHUB_EVENT_PATH is read)")
    return read_event(event)


@command("suggest", "turn a 'Suggest a paper' issue (event JSON, or body in an env var) into a paper", _suggest_args)
def cmd_suggest(ns: argparse.Namespace) -> int:
    """`suggest`: a 'Suggest a paper' issue becomes a paper file."""
    output = Path(os.environ["GITHUB_OUTPUT"]) if os.environ.get("GITHUB_OUTPUT") else None
    try:
        issue, body = _source(ns)
        outputs = suggest(ns.content, body, issue, site_url(ns.content))
    except (SuggestError, AddError, ArxivError) as exc:
        reason = one_line(str(exc), 1000)
        print(f"error: {reason}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        if output is not None:
            write_outputs(output, {"error": reason})
        return 1
    print(f"added {outputs['path']} (arXiv {outputs['arxiv']}): {outputs['title']}")
    print(f"  its page will be {outputs['url']}")
    print(f"  branch: {outputs['branch']}")
    if output is not None:
        write_outputs(output, outputs)
    return 0
