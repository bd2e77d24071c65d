"""Readers for the source list formats: one signature, `read(path) -> entries`.

Each reader accounts for every line of its file: a line it cannot place raises
`SourceError` naming the file and line, so nothing is silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .names import normalize_arxiv
from .yamlio import Problem, YamlProblem, bad_chars, read_text

MAX_SOURCE_BYTES = 16 * 1024 * 1024


class SourceError(Exception):
    """A line of a source list that its reader cannot place."""

    def __init__(self, path: Path | str, line: int, problem: str, fix: str) -> None:
        super().__init__(f"{path}:{line}: {problem} ({fix})")
        self.path, self.line, self.problem, self.fix = str(path), line, problem, fix

    def as_problem(self) -> Problem:
        """The same, as a `check` problem (field '-': a source list has no fields)."""
        return Problem(self.path, self.line, "-", self.problem, self.fix)


@dataclass(frozen=True)
class SourceEntry:
    """One entry as a source list gives it, before merging."""

    title: str
    abstract: str
    rank: int  # position in the list (within its week for weekly lists)
    line: int  # line of the title in the source file
    citations: int | None = None
    week: dt.date | None = None
    arxiv: str | None = None
    category: str | None = None  # arXiv subject *name*, as the list spells it


def _lines(path: Path) -> list[str]:
    """The file's lines: a regular file (no symlink), at most MAX_SOURCE_BYTES, UTF-8."""
    try:
        text = read_text(path, MAX_SOURCE_BYTES)
    except YamlProblem as exc:
        raise SourceError(path, exc.line, exc.message, exc.fix) from None
    found = bad_chars(text)
    if found:
        line, what, fix = found[0]
        raise SourceError(path, line, f"contains {what}", fix)
    return text.lstrip("\ufeff").splitlines()


_RANK = re.compile(r"^(\d+)\.\s+(\S.*)$")
_CITES = re.compile(r"^(\d{1,3}(?:[ \u00a0\u202f,]\d{3})*|\d+) citations?$")


def read_ranked(path: Path) -> list[SourceEntry]:
    """`N. Title`, `9 482 citations`, abstract; blank lines between parts optional."""
    lines = _lines(path)
    numbered = [(i + 1, s.strip()) for i, s in enumerate(lines) if s.strip()]
    if not numbered:
        raise SourceError(path, 1, "empty list", "add a title line and entries")
    entries: list[SourceEntry] = []
    items: Iterator[tuple[int, str]] = iter(numbered[1:])  # first line: the list title
    for lineno, text in items:
        m = _RANK.match(text)
        if not m:
            raise SourceError(path, lineno, f"expected 'N. Title', found {text[:60]!r}", "fix the entry")
        rank, title = int(m.group(1)), m.group(2).strip()
        if rank != len(entries) + 1:
            raise SourceError(path, lineno, f"rank {rank} out of sequence", f"expected {len(entries) + 1}")
        cite_line, cites = next(items, (lineno, ""))
        c = _CITES.match(cites)
        if not c:
            raise SourceError(path, cite_line, f"expected 'N citations', found {cites[:60]!r}", "fix the entry")
        abs_line, abstract = next(items, (cite_line, ""))
        if not abstract or _RANK.match(abstract):
            raise SourceError(path, abs_line, "missing abstract", f"add the abstract of {title!r}")
        citations = int(re.sub(r"\D", "", c.group(1)))
        entries.append(SourceEntry(title, abstract, rank, lineno, citations=citations))
    return entries


def _cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]


WEEKLY_COLUMNS = ("week", "title", "category", "abstract", "paper-link")


def read_weekly(path: Path) -> list[SourceEntry]:
    """A Markdown table: Week | title | category | abstract | Paper-Link."""
    lines = _lines(path)
    if len(lines) < 2:
        raise SourceError(path, 1, "missing table header", "start with the header row")
    header = [h.lower() for h in _cells(lines[0])]
    if tuple(header) != WEEKLY_COLUMNS:
        raise SourceError(path, 1, f"unexpected columns {header}", f"use {list(WEEKLY_COLUMNS)}")
    if not all(re.fullmatch(r":?-+:?", c) for c in _cells(lines[1])):
        raise SourceError(path, 2, "missing header separator row", "add |:---|...| after the header")
    entries: list[SourceEntry] = []
    position: dict[dt.date, int] = {}
    for i, line in enumerate(lines[2:], start=3):
        if not line.strip():
            continue
        cells = _cells(line)
        if len(cells) != len(WEEKLY_COLUMNS):
            raise SourceError(path, i, f"{len(cells)} cells, expected 5", "escape '|' in cells as '\\|'")
        week_s, title, category, abstract, link = cells
        try:
            week = dt.date.fromisoformat(week_s)
        except ValueError:
            raise SourceError(path, i, f"week {week_s!r} is not a date", "use YYYY-MM-DD") from None
        arxiv = normalize_arxiv(link)
        if arxiv is None:
            raise SourceError(path, i, f"Paper-Link {link!r} is not an arXiv URL", "use https://arxiv.org/abs/ID")
        if not title or not abstract:
            raise SourceError(path, i, "empty title or abstract", "fill the cell")
        position[week] = position.get(week, 0) + 1
        entries.append(
            SourceEntry(title, abstract, position[week], i, week=week, arxiv=arxiv, category=category or None)
        )
    return entries


TRENDING_CHROME = re.compile(
    r"^(new|subscribe|get trending papers.*|by\s*ak and the research community|"
    r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{1,2})$",
    re.IGNORECASE,
)


def read_trending(path: Path) -> list[SourceEntry]:
    """Page chrome, then title and abstract paragraphs alternating."""
    paragraphs = [(i + 1, s.strip()) for i, s in enumerate(_lines(path)) if s.strip()]
    start = 0
    while start < len(paragraphs) and TRENDING_CHROME.match(paragraphs[start][1]):
        start += 1
    body = paragraphs[start:]
    if len(body) % 2:
        lineno, text = body[-1]
        raise SourceError(path, lineno, f"title without abstract: {text[:60]!r}", "add its abstract paragraph")
    entries = []
    for n in range(0, len(body), 2):
        (lineno, title), (_, abstract) = body[n], body[n + 1]
        if len(title) > 300 or title.endswith("."):
            raise SourceError(path, lineno, "expected a title, found a paragraph", "pair titles and abstracts")
        entries.append(SourceEntry(title, abstract, n // 2 + 1, lineno))
    return entries


Reader = Callable[[Path], list[SourceEntry]]
READERS: dict[str, Reader] = {"ranked": read_ranked, "weekly-table": read_weekly, "trending": read_trending}
