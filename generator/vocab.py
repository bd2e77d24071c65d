"""The project's declarative data: source lists, the tag vocabulary, arXiv categories.

All three live in `content/` as YAML and load into model objects here. Their ids
become folders and URLs (`tags/<id>/`, `lists/<id>/`, `categories/<code>/`), so
this module also says which names are safe as paths (`name_problem`), for these
ids and for the paper slugs and aliases that become `papers/<slug>/`, and how to
word a paper field's value that does not fit its pattern (`value_problem`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import yamlio
from .model import Category, PaperList, Tag, normalize_arxiv
from .sources import READERS

MAX_VOCAB_BYTES = 1024 * 1024
NAME_MAX = 80
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CATEGORY_RE = re.compile(r"^[a-z-]+(?:\.[A-Za-z-]+)?$")
LIST_KINDS = ("ranked", "weekly", "trending")
# Names a generated page or folder already uses, and Windows device names (`con.md` cannot exist there).
RESERVED_NAMES = frozenset(
    {"index", "assets", "search", "404", "sitemap", "stylesheets", "javascripts", "con", "prn", "aux", "nul"}
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
)
NAME_FIX = "use lowercase letters, digits and single '-' between words"

FIELD_NAMES = {"tags": "tag", "aliases": "alias", "list": "list id", "links": "link name"}
DATE_FIX = "write a date as YYYY-MM-DD"
FIXES = {"arxiv": "write the bare id, quoted: arxiv: '2303.17564'", "week": DATE_FIX, "added": DATE_FIX}
FIXES |= {
    "category": "use a code from content/categories.yml, e.g. cs.CL",
    "links": "write a URL that starts with https://",
}


def pathish(value: str) -> str | None:
    """Why `value` could leave its folder or name another path once it is a URL or a file name."""
    low = value.casefold()
    for needle in ("..", "/", "\\", "%2e", "%2f", "%5c", "%00"):
        if needle in low:
            encoded = ", URL-encoded" if needle.startswith("%") else ""
            return f"contains {needle!r}{encoded}"
    if re.match(r"^[a-z]:", low) or value.startswith(("~", ".")):
        return "looks like an absolute or hidden path"
    return None


def name_problem(value: str, what: str, max_len: int = NAME_MAX) -> tuple[str, str] | None:
    """(problem, fix) if `value` cannot safely be a file or URL name, else None."""
    why = pathish(value)
    if why:
        return f"{what} {value[:80]!r} {why}: it would become a path", NAME_FIX
    if len(value) > max_len:
        return f"{what} is {len(value)} characters long; the limit is {max_len}", "shorten it"
    if not NAME_RE.fullmatch(value):
        if NAME_RE.fullmatch(value.lower()):
            return f"{what} {value!r} has uppercase letters", f"use {value.lower()!r}"
        return f"{what} {value[:80]!r} is not a valid name", NAME_FIX
    if value in RESERVED_NAMES:
        return f"{what} {value!r} is a reserved name: a generated page or a Windows device", "choose another name"
    return None


def value_problem(where: yamlio.FieldPath, value: str, key: bool = False) -> tuple[str, str]:
    """(problem, fix) for a value that does not fit its field's pattern: path-like, not a date, not an id."""
    top, leaf = str(where[0]), "links" if key else str(where[-1] if isinstance(where[-1], str) else where[0])
    fix, why, shown = FIXES.get(leaf, FIXES.get(top, NAME_FIX)), pathish(value), repr(value[:60])
    fix = f"{NAME_FIX}, e.g. code" if key else fix
    if top == "links" and not key:
        return f"{shown} is not an http or https URL", fix
    if leaf == "arxiv" and normalize_arxiv(value):
        return (
            f"{value!r} is not a bare arXiv id: no URL, prefix or version",
            f"write arxiv: '{normalize_arxiv(value)}'",
        )
    what = FIELD_NAMES.get(leaf, FIELD_NAMES.get(top, leaf))
    if why:
        return f"{shown} {why}: each {what} becomes a URL and a file name, so this would become a path", fix
    if leaf in ("week", "added"):
        return f"{shown} is not a date", fix
    if leaf in ("arxiv", "category"):
        return f"{shown} is not an arXiv {'id' if leaf == 'arxiv' else 'category code'}", fix
    return (name_problem(value, what, 10_000) or (f"{what} {shown} is not valid", fix))[0], fix


class VocabError(Exception):
    """A problem in one of the vocabulary files, with its path and line."""


def _fail(path: Path, line: int, field: str, message: str, fix: str) -> VocabError:
    return VocabError(str(yamlio.Problem(str(path), line, field, message, fix)))


def _load(path: Path) -> tuple[list[dict[str, Any]], yamlio.Lines]:
    try:
        data, lines, _ = yamlio.load(yamlio.read_text(path, MAX_VOCAB_BYTES))
    except yamlio.YamlProblem as exc:
        raise _fail(path, exc.line, exc.field, exc.message, exc.fix) from None
    if not isinstance(data, list) or not all(isinstance(d, dict) for d in data):
        raise _fail(path, 1, "-", "expected a list of mappings", "start each item with '- '")
    return data, lines


def _need(path: Path, lines: yamlio.Lines, i: int, item: dict[str, Any], key: str) -> Any:
    if key not in item or item[key] in (None, ""):
        raise _fail(path, lines.get((i,), 1), key, "missing", f"add '{key}:' to this item")
    return item[key]


def _ids(path: Path, lines: yamlio.Lines, data: list[dict[str, Any]], key: str, what: str, max_len: int) -> list[str]:
    """Each item's id, checked: a safe name, unique even ignoring case."""
    seen: dict[str, int] = {}
    out = []
    for i, item in enumerate(data):
        value, line = str(_need(path, lines, i, item, key)), lines.get((i, key), 1)
        found = name_problem(value, what, max_len) if key != "code" else _code_problem(value)
        if found:
            raise _fail(path, line, key, *found)
        if value.casefold() in seen:
            raise _fail(path, line, key, f"{what} {value!r} repeats line {seen[value.casefold()]}", "keep one")
        seen[value.casefold()] = line
        out.append(value)
    return out


def _code_problem(value: str) -> tuple[str, str] | None:
    if CATEGORY_RE.fullmatch(value) and value.casefold() not in RESERVED_NAMES:
        return None
    why = pathish(value) or ("is a reserved name" if value.casefold() in RESERVED_NAMES else "is not an arXiv code")
    return f"category code {value[:80]!r} {why}", "write the arXiv code, e.g. cs.CL"


def load_lists(path: Path) -> list[PaperList]:
    data, lines = _load(path)
    ids = _ids(path, lines, data, "id", "list id", NAME_MAX)
    out = []
    for i, d in enumerate(data):
        title, desc, kind, fmt, source = (
            str(_need(path, lines, i, d, k)) for k in ("title", "description", "kind", "format", "source")
        )
        at = {k: lines.get((i, k), 1) for k in ("kind", "format", "source")}
        if kind not in LIST_KINDS:
            raise _fail(path, at["kind"], "kind", f"unknown kind {kind!r}", f"use one of {', '.join(LIST_KINDS)}")
        if fmt not in READERS:
            raise _fail(path, at["format"], "format", f"unknown format {fmt!r}", f"use one of {', '.join(READERS)}")
        if pathish(source) or not re.fullmatch(r"[\w.-]+", source):
            fix = "name a file directly under content/lists/"
            raise _fail(path, at["source"], "source", f"{source!r} is not a plain file name", fix)
        added = _need(path, lines, i, d, "added")
        try:
            added = added if isinstance(added, dt.date) else dt.date.fromisoformat(str(added))
        except ValueError:
            raise _fail(path, lines.get((i, "added"), 1), "added", f"{added!r} is not a date", "YYYY-MM-DD") from None
        out.append(PaperList(ids[i], title, desc, kind, fmt, source, str(d.get("origin", "")), added))
    return out


def load_tags(path: Path) -> list[Tag]:
    """Tags with match rules: `title` patterns test the title, `text` patterns title + abstract."""
    data, lines = _load(path)
    ids = _ids(path, lines, data, "id", "tag id", 40)
    out = []
    for i, d in enumerate(data):
        label, desc = (str(_need(path, lines, i, d, k)) for k in ("label", "description"))
        rules: dict[str, re.Pattern[str] | None] = {}
        for where in ("title", "text"):
            patterns = [str(r) for r in d.get(where) or []]
            for rule in patterns:
                try:
                    re.compile(rule)
                except re.error as exc:
                    line = lines.get((i, where), 1)
                    raise _fail(
                        path, line, where, f"bad pattern {rule!r}: {exc}", "fix the regular expression"
                    ) from None
            rules[where] = re.compile("|".join(f"(?:{r})" for r in patterns), re.I) if patterns else None
        out.append(Tag(ids[i], label, desc, rules["title"], rules["text"]))
    return out


def load_categories(path: Path) -> list[Category]:
    data, lines = _load(path)
    codes = _ids(path, lines, data, "code", "category code", NAME_MAX)
    return [Category(codes[i], str(_need(path, lines, i, d, "name"))) for i, d in enumerate(data)]


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
