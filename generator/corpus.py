"""All paper files at once: load, validate each file, then validate across files."""

from __future__ import annotations

import calendar
import datetime as dt
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from . import permalinks
from .content import load_paper
from .model import Paper, today
from .names import arxiv_id_problem, normalize_title
from .vocab import Vocabulary
from .yamlio import FieldPath, Lines, Problem

MAX_PAPERS_DIR_ENTRIES = 100_000


class CorpusError(Exception):
    """Problems in the paper files, each with its path and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def display(path: Path) -> str:
    """A path safe to print on one line: undecodable bytes and control characters escaped."""
    text = os.fsencode(path).decode("utf-8", "backslashreplace")
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in text)


def is_leftover(name: str) -> bool:
    """An interrupted atomic write's temp file (`.<name>.<random>.tmp`): not content, never reported."""
    return name.startswith(".") and name.endswith(".tmp")


def _field_line(path: Path, field: str) -> int:
    """Line of a top-level field, read from the file (when no parse told us)."""
    try:
        for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
            if line.startswith(f"{field}:"):
                return n
    except (OSError, UnicodeDecodeError):
        pass
    return 1


def _suggest(value: str, known: Iterable[str], where: str) -> str:
    near = difflib.get_close_matches(value, list(known), n=1)
    return f"did you mean {near[0]!r}? Otherwise add it to {where}" if near else f"use one from {where} or add it there"


def week_problem(week: dt.date, week_start: int | None) -> tuple[str, str] | None:
    """(problem, fix) for a week that is out of range or does not start on its lists' weekday."""
    if not 1991 <= week.year <= today().year + 1:
        return f"{week} is out of range", f"write a week between 1991 and {today().year + 1}"
    if week_start is not None and week.weekday() != week_start:
        day = calendar.day_name[week_start]
        start = week - dt.timedelta(days=(week.weekday() - week_start) % 7)
        return f"{week} is a {calendar.day_name[week.weekday()]}; weeks start on {day}", f"write {start}"
    return None


def date_problems(p: Paper, week_start: int | None) -> list[tuple[FieldPath, str, str]]:
    """(field, problem, fix) for dates no page can show: out of range, `added` in the future, a week off its day;
    and arXiv ids that cannot exist (month 13)."""
    found: list[tuple[FieldPath, str, str]] = []
    if p.added and (p.added.year < 1991 or p.added > today()):
        found.append((("added",), f"{p.added} is in the future or out of range", f"write a date up to {today()}"))
    weeks: list[tuple[FieldPath, dt.date, int | None]] = [(("week",), p.week, week_start)] if p.week else []
    weeks += [(("lists", i, "week"), e.week, None) for i, e in enumerate(p.lists) if e.week]
    for at, week, start in weeks:
        off = week_problem(week, start)
        if off:
            found.append((at, *off))
    if p.year is not None and p.year > today().year + 1:
        found.append((("year",), f"{p.year} is in the future", "write the year of first publication"))
    impossible = arxiv_id_problem(p.arxiv) if p.arxiv else None
    if impossible:
        found.append((("arxiv",), f"{p.arxiv!r} cannot be an arXiv id: {impossible}", "copy the id from arXiv"))
    return found


def cross_problems(corpus: Corpus, vocab: Vocabulary) -> list[Problem]:
    """What no single file can show: unknown vocabulary, duplicate papers, aliases naming other papers, dates
    against today and the weekly lists' weekday."""
    problems: list[Problem] = []
    papers = corpus.papers
    tags = {t.id for t in vocab.tags} | vocab.left_out  # a broken vocabulary item is reported in its own file
    cats = {c.code for c in vocab.categories} | vocab.left_out
    lists = {m.id for m in vocab.lists} | vocab.left_out
    weekly = {m.week_start for m in vocab.lists if m.kind == "weekly"}
    week_start = weekly.pop() if len(weekly) == 1 else None

    def where(p: Paper, at: FieldPath) -> tuple[str, int]:
        return corpus.where(p.slug, at)

    def add(p: Paper, at: FieldPath, message: str, fix: str) -> None:
        problems.append(corpus.problem(p.slug, at, message, fix))

    for p in papers:
        for at, message, fix in date_problems(p, week_start):
            add(p, at, message, fix)
    seen: dict[str, tuple[Paper, FieldPath]] = {}
    registry = corpus.folder.parent / permalinks.REGISTRY
    published = {u.split("/")[1] for u in permalinks.registry(registry) if u.count("/") == 2}
    for p in sorted(papers, key=lambda p: p.slug not in published):  # of two duplicates, blame the unpublished
        for i, tag in enumerate(p.tags):
            if tag not in tags:
                add(p, ("tags", i), f"unknown tag {tag!r}", _suggest(tag, tags, "content/tags.yml"))
        if p.category and p.category not in cats:
            add(
                p,
                ("category",),
                f"unknown category {p.category!r}",
                _suggest(p.category, cats, "content/categories.yml"),
            )
        for i, e in enumerate(p.lists):
            if e.list not in lists:
                add(
                    p, ("lists", i, "list"), f"unknown list id {e.list!r}", _suggest(e.list, lists, "content/lists.yml")
                )
        keys: dict[str, FieldPath] = {f"title:{normalize_title(p.title)}": ("title",)}
        if p.arxiv:
            keys = {f"arxiv:{p.arxiv}": ("arxiv",), **keys}
        keys |= {f"slug:{a}": ("aliases", i) for i, a in enumerate(p.aliases)}
        for key, at in keys.items():
            if key in seen and seen[key][0].slug != p.slug:
                other, other_at = seen[key]
                what = {"arxiv": f"arXiv id {p.arxiv!r}", "title": "title, ignoring case and punctuation,"}
                name = what.get(key.split(":")[0], f"alias {key[5:]!r}")
                at_other = ":".join(map(str, where(other, other_at)))
                fix = "merge the two files into one and list the removed file's name under aliases"
                add(p, at, f"same {name} as {at_other}", fix)
            seen.setdefault(key, (p, at))
    slugs = {p.slug for p in papers}
    served = slugs | {a for p in papers for a in p.aliases}
    removed = {r.slug for r in vocab.removed}
    for p in papers:
        for i, alias in enumerate(p.aliases):
            if alias in removed:
                add(p, ("aliases", i), f"{alias!r} is a removed paper's URL (content/removed.yml)", "remove the alias")
    path = display(corpus.folder.parent / "removed.yml")
    for r in vocab.removed:
        if r.slug in served:
            problems.append(Problem(path, 1, "slug", f"{r.slug!r} is removed but still served", "delete one of them"))
        if r.replaced_by and r.replaced_by not in slugs:
            fix = "name an existing paper file (without .md)"
            problems.append(Problem(path, 1, "replaced_by", f"no paper {r.replaced_by!r}", fix))
    for p in papers:
        for i, alias in enumerate(p.aliases):
            if alias in slugs and alias != p.slug:
                add(p, ("aliases", i), f"alias {alias!r} is the file name of another paper", "remove the alias")
    return problems


def _entries(folder: Path) -> tuple[list[Path], list[Problem]]:
    if not folder.exists():
        return [], []
    if folder.is_symlink() or not folder.is_dir():
        return [], [Problem(display(folder), 1, "-", "papers folder is not a plain folder", "make it a folder")]
    with os.scandir(folder) as it:
        names = [e.name for e in islice(it, MAX_PAPERS_DIR_ENTRIES + 1)]
    if len(names) > MAX_PAPERS_DIR_ENTRIES:
        return [], [Problem(display(folder), 1, "-", f"more than {MAX_PAPERS_DIR_ENTRIES} files", "remove some")]
    return [folder / n for n in sorted(names) if not is_leftover(n)], []


class PaperCache:
    """Parsed paper files by (path, size, mtime): a long-lived process (`mkdocs serve`) re-reads only edits."""

    def __init__(self) -> None:
        self._found: dict[Path, tuple[tuple[int, int], tuple[Paper | None, list[Problem], Lines]]] = {}

    def load(self, path: Path) -> tuple[Paper | None, list[Problem], Lines]:
        """`load_paper(path)`, from the cache when the file's size and mtime are unchanged."""
        try:
            st = os.lstat(path)
        except OSError:
            return load_paper(path)
        key = (st.st_size, st.st_mtime_ns)
        hit = self._found.get(path)
        if hit is not None and hit[0] == key:
            return hit[1]
        found = load_paper(path)
        self._found[path] = (key, found)
        return found


@dataclass(frozen=True)
class Corpus:
    """Every valid paper of a content folder, with the file line of each of its fields."""

    papers: list[Paper]
    folder: Path = Path("content/papers")
    lines: dict[str, Lines] = field(default_factory=dict)

    def where(self, slug: str, at: FieldPath) -> tuple[str, int]:
        """(printable path, line) of a field of a paper file, for a problem about it."""
        path = self.folder / f"{slug}.md"
        found = self.lines.get(slug, {})
        return display(path), found.get(at) or found.get(at[:1]) or _field_line(path, str(at[0]))

    def problem(self, slug: str, at: FieldPath, message: str, fix: str) -> Problem:
        """A problem on the line of field `at` of paper `slug`."""
        path, line = self.where(slug, at)
        return Problem(path, line, ".".join(map(str, at)) or "-", message, fix)

    @classmethod
    def scan(cls, content: Path, vocab: Vocabulary, cache: PaperCache | None = None) -> tuple[Corpus, list[Problem]]:
        """Every valid paper plus every problem found (per file and across files)."""
        folder = content / "papers"
        paths, problems = _entries(folder)
        papers: list[Paper] = []
        lines: dict[str, Lines] = {}
        by_case: dict[str, list[str]] = {}
        for path in paths:
            if path.name == "README.md":
                continue
            if path.suffix != ".md":
                fix = "move it out of the papers folder; paper files end in .md"
                problems.append(Problem(display(path), 1, "-", "not a paper file", fix))
                continue
            by_case.setdefault(path.name.casefold(), []).append(path.name)
            paper, found, lines[path.stem] = cache.load(path) if cache else load_paper(path)
            problems += found
            if paper is not None:
                papers.append(paper)
        for names in by_case.values():
            for name in names if len(names) > 1 else []:
                others = ", ".join(n for n in names if n != name)
                fix = "keep one file: macOS and Windows see these as the same file"
                problems.append(
                    Problem(display(folder / name), 1, "slug", f"file name differs only by case from {others}", fix)
                )
        corpus = cls(papers, folder, lines)
        problems += cross_problems(corpus, vocab)
        return corpus, [_printable(p) for p in problems]

    @classmethod
    def load(cls, content: Path, vocab: Vocabulary, cache: PaperCache | None = None) -> Corpus:
        """The corpus, or CorpusError with every problem."""
        corpus, problems = cls.scan(content, vocab, cache)
        if problems:
            raise CorpusError(problems)
        return corpus


def _printable(p: Problem) -> Problem:
    path = display(Path(p.path))
    return p if path == p.path else Problem(path, p.line, p.field, p.message, p.fix)
