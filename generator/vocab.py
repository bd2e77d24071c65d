"""The project's declarative data: source lists, the tag vocabulary, arXiv categories.

All three live in `content/` as YAML and load into model objects here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlio
from .model import Category, PaperList, Tag


class VocabError(Exception):
    """A problem in one of the vocabulary files, with its path and line."""


def _load(path: Path) -> tuple[list[dict[str, Any]], yamlio.Lines]:
    try:
        data, lines, _ = yamlio.load(path.read_text(encoding="utf-8"))
    except yamlio.YamlProblem as exc:
        raise VocabError(f"{path}:{exc.line}: {exc.field}: {exc.message} ({exc.fix})") from None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise VocabError(f"{path}:1: -: expected a list of mappings (start each item with '- ')")
    return data, lines


def _need(path: Path, lines: yamlio.Lines, i: int, item: dict[str, Any], key: str) -> Any:
    if key not in item or item[key] in (None, ""):
        raise VocabError(f"{path}:{lines.get((i,), 1)}: {key}: missing (add '{key}:' to this item)")
    return item[key]


def load_lists(path: Path) -> list[PaperList]:
    data, lines = _load(path)
    out = []
    for i, d in enumerate(data):
        id_, title, desc, kind, fmt, source = (
            str(_need(path, lines, i, d, k)) for k in ("id", "title", "description", "kind", "format", "source")
        )
        added = dt.date.fromisoformat(str(_need(path, lines, i, d, "added")))
        out.append(PaperList(id_, title, desc, kind, fmt, source, str(d.get("origin", "")), added))
    return out


def load_tags(path: Path) -> list[Tag]:
    """Tags with match rules: `title` patterns test the title, `text` patterns title + abstract."""
    data, lines = _load(path)
    out = []
    for i, d in enumerate(data):
        tag_id, label, desc = (str(_need(path, lines, i, d, k)) for k in ("id", "label", "description"))
        rules: dict[str, re.Pattern[str] | None] = {}
        for where in ("title", "text"):
            patterns = [str(r) for r in d.get(where) or []]
            for rule in patterns:
                try:
                    re.compile(rule)
                except re.error as exc:
                    line = lines.get((i, where), 1)
                    raise VocabError(f"{path}:{line}: {where}: bad pattern {rule!r}: {exc}") from None
            rules[where] = re.compile("|".join(f"(?:{r})" for r in patterns), re.I) if patterns else None
        out.append(Tag(tag_id, label, desc, rules["title"], rules["text"]))
    return out


def load_categories(path: Path) -> list[Category]:
    data, lines = _load(path)
    return [
        Category(str(_need(path, lines, i, d, "code")), str(_need(path, lines, i, d, "name")))
        for i, d in enumerate(data)
    ]


def assign_tags(tags: list[Tag], title: str, abstract: str) -> tuple[str, ...]:
    """The ids of the tags whose rules match, in vocabulary order."""
    return tuple(t.id for t in tags if t.matches(title, abstract))


@dataclass(frozen=True)
class Vocabulary:
    lists: list[PaperList]
    tags: list[Tag]
    categories: list[Category]

    @classmethod
    def load(cls, content: Path) -> Vocabulary:
        return cls(
            load_lists(content / "lists.yml"),
            load_tags(content / "tags.yml"),
            load_categories(content / "categories.yml"),
        )

    def category_code(self, name: str) -> str | None:
        """Map a list's subject name (`Physics > Chemical Physics`) to its arXiv code."""
        leaf = name.split(">")[-1].strip().casefold()
        return next((c.code for c in self.categories if c.name.casefold() == leaf), None)
