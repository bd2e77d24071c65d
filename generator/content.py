"""Paper files: `content/papers/<slug>.md`, YAML front matter + the abstract as body.

`parse_paper` turns text into a `Paper` or a list of `Problem`s, each on the file
line it is about (the front matter starts on line 2); `dump_paper` is its inverse
and is deterministic, so load -> dump -> load gives the same `Paper`. `read_paper`
adds what only the disk can get wrong: symlinks, special files, size, encoding.
Framing and YAML go through python-frontmatter's handler API (`paperfile.PaperHandler`).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from . import yamlio
from .model import ListEntry, Paper, Provenance
from .names import RESERVED_NAMES, name_problem
from .paperfile import FramingError, PaperHandler, closing_index
from .schema import plain, schema_problems
from .yamlio import MARKUP, Problem, YamlProblem, bad_chars, dotted, scalar

MAX_FILE_BYTES = 256 * 1024
MAX_ABSTRACT = 20_000
FIELD_ORDER = (
    *("title", "aka", "arxiv", "category", "week", "added", "tags", "authors", "year", "venue"),
    *("links", "notes", "aliases", "metadata"),
)
ONE_LINE = (
    "title",
    "aka",
    "authors",
    "venue",
    "links",
)  # shown in headings and link lists: one line, nothing invisible
PATTERNED = ("arxiv", "category", "week", "added", "tags", "aliases", "lists")  # the schema's patterns judge these


def _strings(value: Any, where: yamlio.FieldPath = ()) -> list[tuple[yamlio.FieldPath, str]]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in _strings(v, (*where, k))]
    if isinstance(value, list):
        return [s for i, v in enumerate(value) for s in _strings(v, (*where, i))]
    return [(where, value)] if isinstance(value, str) else []


def _text_problems(data: dict[str, Any], lines: yamlio.Lines, path: str, slug: str) -> list[Problem]:
    """Characters and markup no field may hold; reserved aliases."""
    problems = []
    for where, value in _strings(data):
        line, field, top = lines.get(where, lines.get(where[:1], 1)), dotted(where), where[0]
        for _, what, fix in [] if top in PATTERNED else bad_chars(value, invisible=top in ONE_LINE)[:1]:
            problems.append(Problem(path, line, field, f"contains {what}", fix))
        if top in ONE_LINE and "\n" in value.strip():
            problems.append(Problem(path, line, field, "spans several lines", "write it on one line"))
        m = MARKUP.search(value) if top in ("title", "aka", "authors", "venue", "notes") else None
        if m:
            problems.append(
                Problem(path, line, field, f"contains HTML or script markup {m.group()[:40]!r}", "write plain text")
            )
        if top == "aliases" and value in (*RESERVED_NAMES, slug):
            why = "is this file's own name" if value == slug else "is a reserved name: a generated page"
            problems.append(Problem(path, line, field, f"{value!r} {why}", "remove it"))
    title = data.get("title")
    if isinstance(title, str) and title and not any(c.isalnum() for c in title):
        problems.append(Problem(path, lines.get(("title",), 1), "title", "has no letters or digits", "write the title"))
    return problems


def _abstract_problems(body: str, path: str, first: int) -> list[Problem]:
    problems = [Problem(path, line, "abstract", f"contains {what}", fix) for line, what, fix in bad_chars(body, first)]
    m = MARKUP.search(body)
    if m:
        line, msg = first + body[: m.start()].count("\n"), f"contains HTML or script markup {m.group()[:40]!r}"
        problems.append(Problem(path, line, "abstract", msg, "write plain text"))
    if len(body.strip()) > MAX_ABSTRACT:
        line = first + body[: len(body) - len(body.lstrip()) + MAX_ABSTRACT].count("\n")
        msg = f"is {len(body.strip())} characters long; the limit is {MAX_ABSTRACT}"
        problems.append(Problem(path, line, "abstract", msg, "shorten it"))
    return problems


def _fm_field(fm_lines: list[str], index: int) -> str:
    """The top-level key a front-matter line (0-based) belongs to, for problems YAML reports by line."""
    for line in reversed(fm_lines[: index + 1]):
        m = re.match(r"([A-Za-z_][\w-]*)\s*:", line)
        if m:
            return m.group(1)
    return "-"


def slug_problems(slug: str, path: str) -> list[Problem]:
    """Problems with a file name as a permanent slug."""
    found = name_problem(slug, "file name")
    if found is None:
        return []
    fix = f"rename the file to {slug.lower()}.md" if found[1].startswith("use '") else f"rename the file: {found[1]}"
    return [Problem(path, 1, "slug", found[0], fix)]


def parse_with_lines(text: str, path: str, slug: str) -> tuple[Paper | None, list[Problem], yamlio.Lines]:
    """`parse_paper`, plus the file line of every field (for problems found across files)."""
    problems = slug_problems(slug, path)
    text = text.replace("\r\n", "\n")
    if len(text) > MAX_FILE_BYTES:
        return None, [*problems, Problem(path, 1, "-", "file is larger than 256 KiB", "shorten the abstract")], {}
    if text.startswith("\ufeff"):
        problems.append(Problem(path, 1, "-", "file starts with a byte-order mark", "save as UTF-8 without BOM"))
        text = text[1:]
    handler = PaperHandler(path)
    try:
        fm_text, body = handler.split(text)
    except FramingError as exc:
        return None, [*problems, exc.problem], {}
    problems += _abstract_problems(body, path, handler.close_line + 1)
    try:
        data = handler.load(fm_text)
    except YamlProblem as exc:
        field = exc.field if exc.field != "-" else _fm_field(fm_text.split("\n"), exc.line - 2)
        return None, sorted([*problems, Problem(path, exc.line, field, exc.message, exc.fix)], key=_order), {}
    if not isinstance(data, dict | None):
        problems.append(Problem(path, 2, "-", "front matter is not a mapping", "write one 'field: value' per line"))
        return None, problems, handler.lines
    data, lines = data or {}, handler.lines
    problems += schema_problems(data, lines, handler.raw, path) + _text_problems(data, lines, path, slug)
    if problems:
        return None, sorted(problems, key=_order), lines
    return _to_paper(slug, plain(data), body.strip()), [], lines


def _order(p: Problem) -> tuple[int, bool]:
    return (p.line, p.field != "slug")


def parse_paper(text: str, path: str, slug: str) -> tuple[Paper | None, list[Problem]]:
    """Validate one paper file's text; return the Paper or every problem found."""
    paper, problems, _ = parse_with_lines(text, path, slug)
    return paper, problems


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
        aka=tuple(d.get("aka") or ()),
        venue=d.get("venue"),
        metadata=Provenance(d["metadata"]["source"], dt.date.fromisoformat(d["metadata"]["checked"]))
        if d.get("metadata")
        else None,
    )


def dump_paper(p: Paper) -> str:
    """The canonical text of a paper file (stable field order and quoting)."""
    lists = yamlio.flow_list
    values: dict[str, Any] = {"title": p.title, "arxiv": p.arxiv, "category": p.category, "week": p.week}
    values |= {"added": p.added, "tags": lists(p.tags), "authors": lists(p.authors), "year": p.year, "notes": p.notes}
    values["aliases"] = lists(p.aliases) if p.aliases else None
    values |= {"aka": lists(p.aka) if p.aka else None, "venue": p.venue}
    out = ["---"]
    for name in FIELD_ORDER:
        if name == "links":
            out += ["links:", *(f"  {scalar(k)}: {scalar(v)}" for k, v in p.links)] if p.links else []
        elif name == "metadata":
            m = p.metadata
            out += ["metadata:", f"  source: {scalar(m.source)}", f"  checked: {m.checked.isoformat()}"] if m else []
        elif values[name] is not None:
            value = values[name]
            out.append(f"{name}: {value if name in ('tags', 'authors', 'aliases', 'aka') else scalar(value)}")
    out += _lists_block(p.lists)
    out.append("---")
    return "\n".join(out) + "\n" + (p.abstract.strip() + "\n" if p.abstract.strip() else "")


def _lists_block(entries: tuple[ListEntry, ...]) -> list[str]:
    """The `lists:` field's lines, canonical (no lines when there are no entries)."""
    out = ["lists:"] if entries else []
    for e in entries:
        out += [f"- list: {scalar(e.list)}", f"  rank: {e.rank}"]
        out += [f"  citations: {e.citations}"] if e.citations is not None else []
        out += [f"  week: {e.week.isoformat()}"] if e.week is not None else []
    return out


def replace_lists(text: str, paper: Paper) -> str:
    """`text` with only its `lists:` field rewritten to `paper.lists`: every other line keeps its author's style
    and line endings. Falls back to the canonical `dump_paper` when the result would not read back as `paper`."""
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    close = closing_index(lines)
    if not lines or lines[0].rstrip(" \t") != "---" or close is None:
        return dump_paper(paper)
    start = next((n for n in range(1, close) if re.match(r"lists\s*:", lines[n])), None)
    if start is None:
        start = end = close
    else:  # the block runs to its last indented or '- ' line before the next top-level key
        end = start + 1
        for n in range(start + 1, close):
            if re.match(r"[^\s#-]", lines[n]):
                break
            if lines[n].strip() and not lines[n].lstrip().startswith("#"):
                end = n + 1
    out = newline.join([*lines[:start], *_lists_block(paper.lists), *lines[end:]])
    parsed, _ = parse_paper(out, paper.source_path, paper.slug)
    return out if parsed == paper else dump_paper(paper)


def load_paper(path: Path) -> tuple[Paper | None, list[Problem], yamlio.Lines]:
    """`read_paper`, plus the file line of every field."""
    try:
        text = yamlio.read_text(path, MAX_FILE_BYTES)
    except YamlProblem as exc:
        return None, [Problem(str(path), exc.line, exc.field, exc.message, exc.fix)], {}
    return parse_with_lines(text, str(path), path.stem)


def read_paper(path: Path) -> tuple[Paper | None, list[Problem]]:
    """Read and validate one file from disk (regular, small, UTF-8)."""
    paper, problems, _ = load_paper(path)
    return paper, problems
