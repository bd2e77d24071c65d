"""`check` on bad input: every class is reported as `path:line: field: problem (fix)`, exit 1, nothing written."""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from generator.cli import main

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixture" / "content"  # tests/test_live_content.py runs `check` on the real content/
GOOD = """---
title: A Good Paper About Testing
arxiv: '2301.00001'
category: cs.CL
week: 2023-04-02
added: 2026-11-01
tags: [llm]
authors: [Ada Lovelace]
year: 2023
links:
  code: https://github.com/example/repo
lists:
- list: best-nlp-papers-2023
  rank: 3
---
Abstract with p < 0.001 and (<50k) tokens.
"""
LINE = re.compile(r"^(.+):(\d+): (.+?): (.+) \(([^()]+)\)$")
BOMB = (
    "---\ntitle: &a [x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{k}: &{k} [{', '.join(['*' + p] * 9)}]\n" for p, k in zip("abcdefghi", "bcdefghij", strict=True))
    + "---\n"
)


def g(old: str = "", new: str = "", *, tail: str = "") -> str:
    """GOOD with one replacement (which must apply) and text appended."""
    assert old in GOOD
    return GOOD.replace(old, new, 1) + tail


def other(name: str = "good.md", text: str = GOOD) -> Callable[[Path], None]:
    """Write a second, valid paper first (for problems across files)."""

    def write(papers: Path) -> None:
        (papers / name).write_text(text, "utf-8")

    return write


Writer = str | bytes | Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    id: str
    write: Writer  # the broken file's text or bytes, or a function that makes it in the papers folder
    line: int
    field: str
    message: str  # a piece of the problem (or fix) text
    name: str = "x.md"
    first: Callable[[Path], None] | None = None  # another file to add first (problems across files)


def c(id: str, write: Writer, line: int, field: str, message: str, **kw: Any) -> Case:
    return Case(id, write, line, field, message, **kw)


SECOND = g("'2301.00001'", "'2301.00002'")
FOLDED_TITLE = SECOND.replace("A Good Paper About Testing", "ａ ｇｏｏｄ paper — about TESTING!")
ALIAS_SLUG = SECOND.replace("year: 2023", "year: 2023\naliases: [good]").replace("A Good", "B Good")
CASES = [
    c("malformed-yaml", g("tags: [llm]", "tags: [llm"), 7, "tags", "malformed YAML"),
    c("malformed-mapping", g("year: 2023", "year: 2023: 4"), 9, "year", "malformed YAML"),
    c("unclosed-front-matter", g("\n---\nAbstract", "\nAbstract"), 1, "-", "unclosed front matter"),
    c("missing-front-matter", "Just an abstract.\n", 1, "-", "missing front matter"),
    c("empty-file", "", 1, "-", "empty file"),
    c("unknown-key", g("year:", "yaer:"), 9, "yaer", "unknown key (did you mean 'year'?"),
    c("duplicate-key", g("year: 2023", "year: 2023\ntitle: Again"), 10, "title", "first on line 2, again on line 10"),
    c("arxiv-float", g("'2301.00001'", "1501.0100"), 3, "arxiv", "YAML 1.1 reads 1501.0100 as a number"),
    c("bool-no", g("tags: [llm]", "tags: [NO]"), 7, "tags.0", "YAML 1.1 reads NO as false"),
    c("bool-yes", g("A Good Paper About Testing", "yes"), 2, "title", "YAML 1.1 reads yes as true"),
    c("bool-on", g("[Ada Lovelace]", "[on]"), 8, "authors.0", "YAML 1.1 reads on as true"),
    c("year-string", g("year: 2023", "year: '2023'"), 9, "year", "is text, expected a whole number"),
    c("tags-string", g("tags: [llm]", "tags: llm"), 7, "tags", "expected a list (write a list: tags: [llm])"),
    c("sexagesimal", g("year: 2023", "year: 33:43"), 9, "year", "YAML 1.1 reads '33:43' as the number 2023"),
    c("python-tag", g("A Good Paper About Testing", "!!python/object:os.system x"), 2, "title", "YAML tag"),
    c("custom-tag", g("[Ada Lovelace]", "!foo [Ada]"), 8, "authors", "YAML tag '!foo' is not allowed"),
    c("alias", g("tags: [llm]", "tags: &t [llm]\naliases: *t"), 7, "tags", "anchors and aliases"),
    c("alias-bomb", BOMB, 2, "title", "anchors and aliases"),
    c("merge-key", g("year: 2023", "<<: {year: 2024}"), 9, "<<", "merge key"),
    c("missing-required", "---\nyear: 2023\n---\nAbstract.\n", 1, "title", "missing required field"),
    c("duplicate-arxiv", g("A Good", "Another"), 3, "arxiv", "same arXiv id '2301.00001' as", first=other()),
    c("duplicate-title", FOLDED_TITLE, 2, "title", "same title", first=other()),
    c("alias-is-a-slug", ALIAS_SLUG, 10, "aliases.0", "file name of another paper", first=other()),
    c("slug-dotdot", GOOD, 1, "slug", "contains '..'", name="...md"),
    c("slug-encoded-dot", GOOD, 1, "slug", "URL-encoded", name="%2e%2e.md"),
    c("slug-backslash", GOOD, 1, "slug", "contains '\\\\'", name="a\\b.md"),
    c("slug-reserved", GOOD, 1, "slug", "reserved name", name="index.md"),
    c("slug-windows-device", GOOD, 1, "slug", "reserved name", name="com1.md"),
    c("slug-too-long", GOOD, 1, "slug", "81 characters long; the limit is 80", name="a" * 81 + ".md"),
    c("slug-uppercase", GOOD, 1, "slug", "has uppercase letters (rename the file to good.md)", name="Good.md"),
    c(
        "slug-case-collision",
        SECOND,
        1,
        "slug",
        "differs only by case from Good.md",
        name="good.md",
        first=other("Good.md"),
    ),
    c("tag-path", g("tags: [llm]", "tags: [llm, ../etc]"), 7, "tags.1", "would become a path"),
    c("category-path", g("category: cs.CL", "category: /etc"), 4, "category", "contains '/'"),
    c("week-path", g("week: 2023-04-02", "week: ..\\x"), 5, "week", "would become a path"),
    c("list-path", g("list: best-nlp-papers-2023", "list: 'a%2fb'"), 13, "lists.0.list", "URL-encoded"),
    c("alias-reserved", g("year: 2023", "year: 2023\naliases: [search]"), 10, "aliases.0", "reserved name"),
    c("not-utf8", GOOD.encode().replace(b"Ada", b"Ad\xe9"), 8, "authors", "byte 0xe9 not in UTF-8"),
    c("byte-order-mark", "\ufeff" + GOOD, 1, "-", "byte-order mark"),
    c("bidi-title", g("A Good Paper", "A Good\u202e Paper"), 2, "title", "U+202E"),
    c("zero-width-author", g("Ada Lovelace", "Ada\u200b Lovelace"), 8, "authors.0", "U+200B"),
    c(
        "control-char",
        g("title: A Good Paper About Testing", 'title: "A\\u0007 Good Paper"'),
        2,
        "title",
        "character U+0007",
    ),
    c("symlink", lambda p: (p / "x.md").symlink_to(p / "good.md"), 1, "-", "symlink", first=other()),
    c("directory", lambda p: (p / "x.md").mkdir(), 1, "-", "directory"),
    c("fifo", lambda p: os.mkfifo(p / "x.md"), 1, "-", "FIFO"),
    c("oversized-file", GOOD + "x" * (300 * 1024), 1, "-", "the limit is 256 KiB"),
    c("oversized-title", g("A Good Paper About Testing", "T" * 400), 2, "title", "the limit is 300"),
    c("oversized-abstract", GOOD + "word " * 5000, 17, "abstract", "the limit is 20000"),
    c("script-title", g("A Good", "A <script>alert(1)</script> Good"), 2, "title", "markup"),
    c("img-onerror-author", g("Ada Lovelace", "<img src=x onerror=alert(1)>"), 8, "authors.0", "markup"),
    c("javascript-abstract", GOOD + "\nsee javascript:alert(1)\n", 18, "abstract", "markup"),
    c("impossible-date", g("week: 2023-04-02", "week: 2023-02-30"), 5, "week", "is not a real date"),
    c("link-not-http", g("https://github.com/example/repo", "javascript:x"), 11, "links.code", "not an http"),
    c("negative-rank", g("rank: 3", "rank: -1"), 14, "lists.0.rank", "out of range"),
    c("unknown-list", g("list: best-nlp-papers-2023", "list: nope"), 13, "lists.0.list", "unknown list id 'nope'"),
    c("unknown-tag", g("tags: [llm]", "tags: [llm, lmm-x]"), 7, "tags.1", "unknown tag 'lmm-x'"),
    c("not-a-paper-file", GOOD, 1, "-", "not a paper file", name="x.txt"),
    c("bare-cr-line-endings", GOOD.replace("\n", "\r"), 1, "-", "carriage return"),
]
BY_ID = {case.id: case for case in CASES}


def scratch(tmp_path: Path) -> Path:
    """A copy of the fixture project's content folder (valid: `check` passes on it)."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    return content


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under `folder`: its kind and, for files, a hash of its bytes (symlinks and FIFOs not followed)."""
    found = {}
    for base, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(base) / name
            mode = os.lstat(path).st_mode
            if stat.S_ISREG(mode):
                found[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            else:
                found[str(path)] = os.readlink(path) if stat.S_ISLNK(mode) else oct(stat.S_IFMT(mode))
    return found


def broken(tmp_path: Path, case: Case) -> Path:
    """A scratch content folder holding the case's broken file."""
    content = scratch(tmp_path)
    papers = content / "papers"
    if case.first is not None:
        case.first(papers)
    if callable(case.write):
        case.write(papers)
    else:
        data = case.write.encode("utf-8") if isinstance(case.write, str) else case.write
        (papers / case.name).write_bytes(data)
    return content


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_check_reports_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str], case: Case) -> None:
    content = broken(tmp_path, case)
    before = snapshot(content)
    started = time.monotonic()
    assert main(["check", "--content", str(content)]) == 1
    assert time.monotonic() - started < 5
    out = capsys.readouterr().out
    prefix = f"{content / 'papers' / case.name}:{case.line}: {case.field}: "
    hits = [row for row in out.splitlines() if row.startswith(prefix)]
    assert hits, f"no line starts with {prefix!r}:\n{out}"
    assert any(case.message in row for row in hits), out
    assert all(LINE.match(row) for row in out.splitlines()), out  # every line: path:line: field: problem (fix)
    assert snapshot(content) == before


def test_missing_required_fields_are_all_listed(tmp_path, capsys) -> None:
    content = broken(tmp_path, c("fm", "---\nyear: 2023\n---\n", 1, "title", ""))
    assert main(["check", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    for field in ("title", "tags", "added"):
        assert f"{content / 'papers' / 'x.md'}:1: {field}: missing required field (add '{field}: " in out


def test_alias_bomb_is_refused_fast(tmp_path, capsys) -> None:
    content = broken(tmp_path, BY_ID["alias-bomb"])
    started = time.monotonic()
    assert main(["check", "--content", str(content)]) == 1
    assert time.monotonic() - started < 2
    assert "anchors and aliases are not allowed" in capsys.readouterr().out


IMPORT_CASES = ["malformed-yaml", "duplicate-arxiv", "not-utf8", "symlink", "slug-dotdot", "unknown-tag", "alias-bomb"]


@pytest.mark.parametrize("case", IMPORT_CASES)
def test_import_refuses_bad_content(tmp_path, capsys, case) -> None:
    bad = BY_ID[case]
    content = broken(tmp_path, bad)
    before = snapshot(content)
    assert main(["import", "--content", str(content)]) == 1
    err = capsys.readouterr().err
    assert f"{content / 'papers' / bad.name}:{bad.line}: {bad.field}: " in err
    assert "nothing was written" in err
    assert snapshot(content) == before


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "field", "message"),
    [
        ("tags.yml", "- id: llm\n", "- id: ll/m\n", 6, "id", "would become a path"),
        ("tags.yml", "- id: llm\n", "- id: index\n", 6, "id", "reserved name"),
        ("categories.yml", "code: cs.AI", "code: ..", 4, "code", "contains '..'"),
        ("lists.yml", "source: best-nlp-papers-2023.txt", "source: ../../etc/passwd", 10, "source", "plain file name"),
        ("lists.yml", "format: ranked", "format: csv", 9, "format", "is not one of ranked, weekly-table"),
        ("lists.yml", 'added: "2026-11-01"', "added: 2026-02-30", 12, "added", "is not a real date"),
    ],
)
def test_check_reports_bad_vocabulary(tmp_path, capsys, file, old, new, line, field, message) -> None:
    content = scratch(tmp_path)
    text = (content / file).read_text("utf-8")
    (content / file).write_text(text.replace(old, new, 1), "utf-8")
    before = snapshot(content)
    assert main(["check", "--content", str(content)]) == 1
    out = capsys.readouterr().out
    rows = [row for row in out.splitlines() if row.startswith(f"{content / file}:{line}: {field}: ")]
    assert rows and any(message in row for row in rows), out
    assert snapshot(content) == before


UNLISTED = GOOD.split("lists:")[0] + "---\nAbstract.\n"  # GOOD without list entries: a valid hand-added paper


def test_maths_that_looks_like_markup_is_allowed(tmp_path, capsys) -> None:
    tail = "Pairs <a, b>, tokens <unk> and <s>, x<y, p < 0.05 (<50k), and JavaScript: a study.\n"
    content = broken(tmp_path, c("maths", UNLISTED + tail, 0, "-", ""))
    assert main(["permalinks", "--update", "--content", str(content)]) == 0
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().out


def test_leftover_temp_files_are_ignored(tmp_path, capsys) -> None:
    content = scratch(tmp_path)
    (content / "papers" / ".x.md.abc123.tmp").write_text("---\ntitle: [torn", "utf-8")
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().out


def test_check_passes_on_the_fixture_content(capsys) -> None:
    before = snapshot(FIXTURE)
    assert main(["check", "--content", str(FIXTURE)]) == 0
    assert capsys.readouterr().out.startswith("ok: 20 papers, 28 tags, 5 lists")
    assert snapshot(FIXTURE) == before


def test_github_format_prints_annotations(tmp_path, capsys) -> None:
    content = broken(tmp_path, BY_ID["unknown-key"])
    assert main(["check", "--format", "github", "--content", str(content)]) == 1
    out = capsys.readouterr().out.splitlines()
    expected = f"::error file={content / 'papers' / 'x.md'},line=9,title=yaer::unknown key (did you mean 'year'?)"
    assert [row for row in out if "x.md" in row] == [expected]
    assert all(row.startswith("::error file=") for row in out), out
