"""Golden-file tests for each source reader, plus the errors a bad line raises."""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import pytest

from generator.sources import READERS, SourceError, read_ranked, read_trending, read_weekly

FIXTURES = Path(__file__).parent / "fixtures" / "sources"
GOLDEN = Path(__file__).parent / "golden"
HEAD = "| Week | title | category | abstract | Paper-Link |\n|:--|:--|:--|:--|:--|\n"

CASES = [
    ("ranked", "ranked-blank-lines.txt"),
    ("ranked", "ranked-compact.txt"),
    ("weekly-table", "weekly.md"),
    ("trending", "trending.txt"),
]


def as_json(entries: list) -> str:
    return json.dumps([dataclasses.asdict(e) for e in entries], indent=2, default=str, ensure_ascii=False) + "\n"


@pytest.mark.parametrize(("fmt", "name"), CASES)
def test_reader_matches_golden(fmt: str, name: str) -> None:
    got = as_json(READERS[fmt](FIXTURES / name))
    golden = GOLDEN / f"sources-{Path(name).stem}.json"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(got, "utf-8")
    assert got == golden.read_text("utf-8"), f"{name}: reader output changed (UPDATE_GOLDEN=1 to accept)"


def test_ranked_formats_agree() -> None:
    """With and without blank lines between parts, the same entries come out."""
    with_blanks = read_ranked(FIXTURES / "ranked-blank-lines.txt")
    compact = read_ranked(FIXTURES / "ranked-compact.txt")
    assert [e.rank for e in with_blanks] == [1, 2, 3] == [e.rank for e in compact]
    assert with_blanks[0].citations == 9482 and compact[0].citations == 20121


def test_weekly_strips_versions_and_numbers_within_week() -> None:
    entries = read_weekly(FIXTURES / "weekly.md")
    assert all("v" not in (e.arxiv or "") for e in entries)
    weeks = [(e.week.isoformat(), e.rank) for e in entries if e.week]
    assert weeks[:3] == [("2023-04-02", 1), ("2023-04-02", 2), ("2023-04-02", 3)]
    assert entries[1].arxiv == "2303.17564"


def test_trending_skips_page_chrome() -> None:
    entries = read_trending(FIXTURES / "trending.txt")
    assert entries[0].title.startswith("ChatGLM")
    assert all(e.title not in {"new", "Subscribe", "Mar 14"} for e in entries)


@pytest.mark.parametrize(
    ("reader", "text", "line", "fragment"),
    [
        (read_ranked, "List\n\n1. A\n\nnot a count\n\nabstract\n", 5, "expected 'N citations'"),
        (read_ranked, "List\n1. A\n5 citations\nabs\n3. B\n1 citation\nabs\n", 5, "out of sequence"),
        (read_ranked, "List\nstray line\n", 2, "expected 'N. Title'"),
        (read_ranked, "List\n1. A\n5 citations\n", 3, "missing abstract"),
        (read_weekly, "| a | b |\n|--|--|\n", 1, "unexpected columns"),
        (
            read_weekly,
            HEAD + "| 2023-13-01 | T | C | A | x |\n",
            3,
            "is not a date",
        ),
        (
            read_weekly,
            HEAD + "| 2023-04-02 | T | C | A | http://x |\n",
            3,
            "not an arXiv URL",
        ),
        (read_trending, "new\n\nTitle one\n\nAbstract one.\n\nDangling title\n", 7, "title without abstract"),
    ],
)
def test_unplaceable_line_names_file_and_line(tmp_path: Path, reader, text: str, line: int, fragment: str) -> None:
    path = tmp_path / "list.txt"
    path.write_text(text, "utf-8")
    with pytest.raises(SourceError) as err:
        reader(path)
    assert err.value.line == line, str(err.value)
    assert str(err.value).startswith(f"{path}:{line}: ") and fragment in str(err.value)
