"""Paper files: `content/papers/<slug>.md`, YAML front matter + the abstract as body.

`parse_paper` turns text into a `Paper` or a list of `Problem`s (each with its
line); `dump_paper` is its inverse and is deterministic, so load -> dump -> load
gives the same `Paper`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import frontmatter
import jsonschema

from . import yamlio
from .model import SLUG_MAX, SLUG_RE, ListEntry, Paper
from .yamlio import Problem, YamlProblem, scalar

MAX_FILE_BYTES = 256 * 1024
MAX_ABSTRACT = 20_000
FIELD_ORDER = ("title", "arxiv", "category", "week", "added", "tags", "authors", "year", "links", "notes", "aliases")
RESERVED_SLUGS = frozenset({"index", "con", "prn", "aux", "nul", "com1", "lpt1", "assets", "search", "404"})
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")
_MARKUP = re.compile(r"<\s*/?\s*(script|iframe|object|embed|style|svg|img|a|link|meta)\b|\bon\w+\s*=|javascript:", re.I)


@cache
def schema() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(resources.files("generator").joinpath("paper.schema.json").read_text("utf-8"))
    return result


def _plain(value: Any) -> Any:
    """YAML-native dates become ISO strings, the form the JSON Schema checks."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _type_fix(field: str, value: Any, raw: str | None) -> tuple[str, str]:
    written = raw if raw is not None else repr(value)
    if isinstance(value, bool) and isinstance(raw, str) and raw.lower() in {"yes", "no", "on", "off", "y", "n"}:
        return f"YAML reads {raw} as {str(value).lower()}", f"quote it: {field.split('.')[-1]}: '{raw}'"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"YAML reads {written} as a number", f"quote it: {field.split('.')[-1]}: '{written}'"
    return f"wrong type ({type(value).__name__})", "see docs/schema for the expected type"


def _schema_problems(
    data: dict[str, Any], lines: yamlio.Lines, raw: yamlio.Raw, path: str, offset: int
) -> list[Problem]:
    problems = []
    plain = _plain(data)
    validator = jsonschema.Draft202012Validator(schema())
    for err in sorted(validator.iter_errors(plain), key=lambda e: (list(map(str, e.absolute_path)), e.validator)):
        where = tuple(err.absolute_path)
        field = ".".join(map(str, where)) or "-"
        line = lines.get(where, lines.get(where[:1], 0)) + offset
        if err.validator == "required":
            missing = re.findall(r"'([^']+)' is a required property", err.message)
            name = ".".join(map(str, (*where, *missing)))
            problems.append(Problem(path, line or offset, name, "missing required field", f"add '{missing[0]}:'"))
        elif err.validator == "additionalProperties" and err.validator_value is False:
            allowed = list(err.schema.get("properties", {}))
            for key in re.findall(r"'([^']+)'", err.message.split("(")[-1]):
                near = difflib.get_close_matches(key, allowed, n=1)
                fix = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(allowed)}"
                kline = lines.get((*where, key), line - offset) + offset
                problems.append(Problem(path, kline, ".".join(map(str, (*where, key))), "unknown key", fix))
        elif err.validator == "type":
            value = err.instance
            msg, fix = _type_fix(field, data_at(data, where), raw.get(where))
            problems.append(Problem(path, line, field, f"{msg}; expected {err.validator_value}", fix))
            del value
        else:
            desc = err.schema.get("description", "")
            problems.append(Problem(path, line, field, err.message[:200], desc or "see docs/schema"))
    return problems


def data_at(data: Any, where: tuple[str | int, ...]) -> Any:
    for part in where:
        data = data[part]
    return data


def _text_problems(data: dict[str, Any], body: str, lines: yamlio.Lines, path: str, offset: int) -> list[Problem]:
    problems = []
    fields: list[tuple[str, Any, int]] = [
        ("title", data.get("title"), lines.get(("title",), 0) + offset),
        ("notes", data.get("notes"), lines.get(("notes",), 0) + offset),
    ]
    fields += [
        (f"authors.{i}", a, lines.get(("authors", i), 0) + offset) for i, a in enumerate(data.get("authors") or [])
    ]
    fields.append(("abstract", body, offset + max(lines.values(), default=0) + 2))
    for name, value, line in fields:
        if not isinstance(value, str):
            continue
        if name == "title" and _INVISIBLE.search(value):
            ch = _INVISIBLE.search(value).group()  # type: ignore[union-attr]
            fix = "delete the invisible character"
            problems.append(Problem(path, line, name, f"contains invisible/bidi character U+{ord(ch):04X}", fix))
        if _MARKUP.search(value):
            problems.append(Problem(path, line, name, "contains HTML/script markup", "write plain text"))
        if any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in value):
            problems.append(Problem(path, line, name, "contains control characters", "delete them"))
    if len(body) > MAX_ABSTRACT:
        problems.append(
            Problem(path, fields[-1][2], "abstract", f"longer than {MAX_ABSTRACT} characters", "shorten it")
        )
    return problems


def slug_problems(slug: str, path: str) -> list[Problem]:
    if not SLUG_RE.match(slug) or len(slug) > SLUG_MAX:
        fix = "rename the file to lowercase words joined by '-', at most 80 characters"
        return [Problem(path, 1, "slug", f"file name {slug!r} is not a valid slug", fix)]
    if slug in RESERVED_SLUGS:
        return [Problem(path, 1, "slug", f"{slug!r} is a reserved name", "rename the file")]
    return []


def parse_paper(text: str, path: str, slug: str) -> tuple[Paper | None, list[Problem]]:
    """Validate one paper file's text; return the Paper or every problem found."""
    problems = slug_problems(slug, path)
    if text.startswith("\ufeff"):
        return None, [
            *problems,
            Problem(path, 1, "-", "file starts with a byte-order mark", "save as UTF-8 without BOM"),
        ]
    if not text.strip():
        return None, [*problems, Problem(path, 1, "-", "empty file", "add front matter between '---' lines")]
    if not text.startswith("---\n"):
        return None, [*problems, Problem(path, 1, "-", "missing front matter", "start the file with a '---' line")]
    if not re.search(r"^---[ \t]*$", text[4:], re.M):
        return None, [*problems, Problem(path, 1, "-", "unclosed front matter", "close it with a '---' line")]
    fm_text, body = frontmatter.YAMLHandler().split(text)
    try:
        data, lines, raw = yamlio.load(fm_text)
    except YamlProblem as exc:
        return None, [*problems, Problem(path, exc.line + 1, exc.field, exc.message, exc.fix)]
    if not isinstance(data, dict):
        return None, [*problems, Problem(path, 2, "-", "front matter is not a mapping", "write 'key: value' lines")]
    problems += _schema_problems(data, lines, raw, path, offset=1)
    problems += _text_problems(data, body, lines, path, offset=1)
    if problems:
        return None, problems
    return _to_paper(slug, _plain(data), body.strip()), []


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _to_paper(slug: str, d: dict[str, Any], abstract: str) -> Paper:
    entries = tuple(
        ListEntry(e["list"], e["rank"], e.get("citations"), _date(e.get("week"))) for e in d.get("lists") or []
    )
    return Paper(
        slug=slug,
        title=d["title"],
        abstract=abstract,
        arxiv=d.get("arxiv"),
        category=d.get("category"),
        week=_date(d.get("week")),
        added=_date(d.get("added")),
        tags=tuple(d.get("tags") or ()),
        authors=tuple(d.get("authors") or ()),
        year=d.get("year"),
        links=tuple(sorted((d.get("links") or {}).items())),
        notes=d.get("notes"),
        aliases=tuple(d.get("aliases") or ()),
        lists=entries,
    )


def dump_paper(p: Paper) -> str:
    """The canonical text of a paper file (stable field order and quoting)."""
    values: dict[str, Any] = {
        "title": p.title,
        "arxiv": p.arxiv,
        "category": p.category,
        "week": p.week,
        "added": p.added,
        "tags": yamlio.flow_list(p.tags),
        "authors": yamlio.flow_list(p.authors),
        "year": p.year,
        "notes": p.notes,
        "aliases": yamlio.flow_list(p.aliases) if p.aliases else None,
    }
    out = ["---"]
    for name in FIELD_ORDER:
        if name == "links":
            if p.links:
                out.append("links:")
                out += [f"  {k}: {scalar(v)}" for k, v in p.links]
            continue
        value = values[name]
        if value is None:
            continue
        out.append(f"{name}: {value if name in ('tags', 'authors', 'aliases') else scalar(value)}")
    if p.lists:
        out.append("lists:")
        for e in p.lists:
            out.append(f"- list: {e.list}")
            out.append(f"  rank: {e.rank}")
            if e.citations is not None:
                out.append(f"  citations: {e.citations}")
            if e.week is not None:
                out.append(f"  week: {e.week.isoformat()}")
    out.append("---")
    return "\n".join(out) + "\n" + (p.abstract.strip() + "\n" if p.abstract.strip() else "")


def read_paper(path: Path) -> tuple[Paper | None, list[Problem]]:
    """Read and validate one file from disk (regular, small, UTF-8)."""
    name = str(path)
    slug = path.stem
    if path.is_symlink() or not path.is_file():
        return None, [Problem(name, 1, "-", "not a regular file (symlink or special file)", "replace it with a file")]
    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES:
        return None, [Problem(name, 1, "-", f"file is larger than {MAX_FILE_BYTES // 1024} KiB", "shorten it")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return None, [Problem(name, line, "-", f"not UTF-8 (byte 0x{data[exc.start]:02x})", "re-save as UTF-8")]
    return parse_paper(text.replace("\r\n", "\n"), name, slug)
