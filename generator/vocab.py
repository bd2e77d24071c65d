"""The project's declarative data: source lists, the tag vocabulary, arXiv categories.

All three live in `content/` as YAML, are validated against their JSON Schemas
(`lists`, `tags`, `categories` in this package) and then for what a schema cannot
say: ids safe as folder names and unique, patterns that compile and do not match
everything, list files that exist as plain files, dates that are not in the future.
`content/removed.yml` (papers taken off the list) loads here too.
`Vocabulary.scan` reports every problem at once; `Vocabulary.load` raises them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlio
from .model import Category, PaperList, Removed, Tag, today
from .names import category_problem, name_problem
from .schema import plain, schema_problems
from .yamlio import Problem

MAX_VOCAB_BYTES = 1024 * 1024
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class VocabError(Exception):
    """Problems in the vocabulary files, each with its path and line."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class _File:
    """One vocabulary file while it is checked: its items, their lines, and what is wrong."""

    path: Path
    items: list[dict[str, Any]]
    lines: yamlio.Lines
    problems: list[Problem]

    def add(self, i: int, key: str, message: str, fix: str) -> None:
        """Record a problem on the line of `key` in item `i`."""
        line = self.lines.get((i, key), self.lines.get((i,), 1))
        self.problems.append(Problem(str(self.path), line, key, message, fix))

    def bad_items(self) -> set[int]:
        """Items with a problem: they are left out of the vocabulary (their problems are reported)."""
        by_line = {self.lines.get((i,), 0): i for i in range(len(self.items))}
        starts = sorted(by_line)
        bad = set()
        for p in self.problems:
            before = [s for s in starts if s <= p.line]
            if before:
                bad.add(by_line[before[-1]])
        return bad


def _read(path: Path, schema: str) -> _File:
    """Load and schema-check a vocabulary file; a file that is no list of mappings has no items."""
    try:
        data, lines, raw = yamlio.load(yamlio.read_text(path, MAX_VOCAB_BYTES))
    except yamlio.YamlProblem as exc:
        return _File(path, [], {}, [Problem(str(path), exc.line, exc.field, exc.message, exc.fix)])
    if not isinstance(data, list):
        problem = Problem(str(path), 1, "-", "expected a list of items", "start each item with '- '")
        return _File(path, [], lines, [problem])
    problems = [
        dataclasses.replace(p, field=re.sub(r"^\d+\.", "", p.field))  # `label`, not `3.label`: the line says which
        for p in schema_problems(data, lines, raw, str(path), schema)
    ]
    items = [plain(d) if isinstance(d, dict) else {} for d in data]
    return _File(path, items, lines, problems)


def _check_ids(f: _File, key: str, check: Callable[[str], tuple[str, str] | None]) -> None:
    """Each item's id is a safe name and unique, ignoring case."""
    seen: dict[str, int] = {}
    for i, item in enumerate(f.items):
        value = item.get(key)
        if not isinstance(value, str):
            continue
        found = check(value)
        if found:
            f.add(i, key, *found)
        line = f.lines.get((i, key), 1)
        if value.casefold() in seen:
            f.add(i, key, f"{value!r} repeats line {seen[value.casefold()]}", "keep one of them")
        seen.setdefault(value.casefold(), line)


def _check_dates(f: _File, key: str) -> None:
    for i, item in enumerate(f.items):
        value = item.get(key)
        if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            try:
                day = dt.date.fromisoformat(value)
            except ValueError:
                continue  # the schema's date format reported it
            if day > today():
                f.add(i, key, f"{value} is in the future", f"write the date it happened, at the latest {today()}")


def scan_lists(path: Path) -> tuple[list[PaperList], list[Problem]]:
    """The source lists of `content/lists.yml`, and every problem with them or their files."""
    f = _read(path, "lists")
    _check_ids(f, "id", lambda v: name_problem(v, "list id"))
    _check_dates(f, "added")
    for i, item in enumerate(f.items):
        source = item.get("source")
        if not isinstance(source, str):
            continue
        if not re.fullmatch(r"[\w.-]+", source) or source.startswith("."):
            f.add(i, "source", f"{source!r} is not a plain file name", "name a file directly under content/lists/")
            continue
        file = path.parent / "lists" / source
        if file.is_symlink() or (file.exists() and not file.is_file()):
            f.add(i, "source", f"content/lists/{source} is not a plain file", "replace it with the list file itself")
        elif not file.exists():
            f.add(i, "source", f"content/lists/{source} does not exist", "add the list file or fix the name")
        if item.get("week_start") and item.get("kind") != "weekly":
            f.add(i, "week_start", "only weekly lists have weeks", "remove week_start")
    bad = f.bad_items()
    lists = [
        PaperList(
            id=d["id"],
            title=d["title"],
            description=d["description"],
            kind=d["kind"],
            format=d["format"],
            source=d["source"],
            origin=d.get("origin", ""),
            added=dt.date.fromisoformat(d["added"]),
            week_start=WEEKDAYS.index(d.get("week_start", "sunday")),
        )
        for i, d in enumerate(f.items)
        if i not in bad
    ]
    return lists, f.problems


def _rule(f: _File, i: int, where: str, patterns: list[str]) -> re.Pattern[str] | None:
    """The item's patterns joined into one; a pattern that fails to compile or matches everything is a problem."""
    for rule in patterns:
        try:
            compiled = re.compile(rule, re.I)
        except re.error as exc:
            f.add(i, where, f"bad pattern {rule!r}: {exc}", "fix the regular expression")
            continue
        if compiled.search("") is not None:
            fix = r"make it match whole words, e.g. '\bword\b'"
            f.add(i, where, f"pattern {rule!r} matches an empty string, so it would tag every paper", fix)
    return re.compile("|".join(f"(?:{r})" for r in patterns), re.I) if patterns else None


def scan_tags(path: Path) -> tuple[list[Tag], list[Problem]]:
    """The tags of `content/tags.yml` with their match rules, and every problem."""
    f = _read(path, "tags")
    _check_ids(f, "id", lambda v: name_problem(v, "tag id", 40))
    tags = []
    for i, d in enumerate(f.items):
        rules = {w: _rule(f, i, w, d[w]) if isinstance(d.get(w), list) else None for w in ("title", "text")}
        if isinstance(d.get("id"), str) and isinstance(d.get("label"), str) and isinstance(d.get("description"), str):
            tags.append(Tag(d["id"], d["label"], d["description"], rules["title"], rules["text"]))
    bad = {f.items[i].get("id") for i in f.bad_items()}
    return [t for t in tags if t.id not in bad], f.problems


def scan_categories(path: Path) -> tuple[list[Category], list[Problem]]:
    """The arXiv categories of `content/categories.yml`, and every problem."""
    f = _read(path, "categories")
    _check_ids(f, "code", category_problem)
    bad = f.bad_items()
    return [Category(d["code"], d["name"]) for i, d in enumerate(f.items) if i not in bad], f.problems


def _ids_in(path: Path, key: str) -> set[str]:
    """Every `key:` value written in a vocabulary file, read as text (the file may not even parse)."""
    try:
        text = path.read_text("utf-8", "replace")
    except OSError:
        return set()
    return set(re.findall(rf"\b{key}:\s*['\"]?([^'\",}}\s]+)", text))


def scan_removed(path: Path) -> tuple[list[Removed], list[Problem]]:
    """The removal records of `content/removed.yml` (no file: none), and every problem."""
    if not path.exists():
        return [], []
    f = _read(path, "removed")
    _check_ids(f, "slug", lambda v: name_problem(v, "slug"))
    _check_dates(f, "removed")
    bad = f.bad_items()
    records = [
        Removed(
            d["slug"],
            d["title"],
            dt.date.fromisoformat(d["removed"]),
            d["reason"],
            d.get("arxiv"),
            d.get("replaced_by"),
        )
        for i, d in enumerate(f.items)
        if i not in bad
    ]
    return records, f.problems


def assign_tags(tags: list[Tag], title: str, abstract: str) -> tuple[str, ...]:
    """The ids of the tags whose rules match, in vocabulary order."""
    return tuple(t.id for t in tags if t.matches(title, abstract))


@dataclass(frozen=True)
class Vocabulary:
    """The three vocabulary files of a content folder."""

    lists: list[PaperList]
    tags: list[Tag]
    categories: list[Category]
    removed: list[Removed] = dataclasses.field(default_factory=list)
    left_out: frozenset[str] = frozenset()  # ids of items with a problem: reported there, not where they are used

    @classmethod
    def scan(cls, content: Path) -> tuple[Vocabulary, list[Problem]]:
        """The valid items of every vocabulary file, and every problem in any of them."""
        lists, p1 = scan_lists(content / "lists.yml")
        tags, p2 = scan_tags(content / "tags.yml")
        categories, p3 = scan_categories(content / "categories.yml")
        removed, p4 = scan_removed(content / "removed.yml")
        found = {"lists.yml": ("id", p1), "tags.yml": ("id", p2), "categories.yml": ("code", p3)}
        left_out = {i for name, (key, bad) in found.items() if bad for i in _ids_in(content / name, key)}
        return cls(lists, tags, categories, removed, frozenset(left_out)), [*p1, *p2, *p3, *p4]

    @classmethod
    def load(cls, content: Path) -> Vocabulary:
        """The vocabulary, or VocabError with every problem."""
        vocab, problems = cls.scan(content)
        if problems:
            raise VocabError(problems)
        return vocab

    def category_code(self, name: str) -> str | None:
        """Map a list's subject name (`Physics > Chemical Physics`) to its arXiv code."""
        leaf = name.split(">")[-1].strip().casefold()
        return next((c.code for c in self.categories if c.name.casefold() == leaf), None)
