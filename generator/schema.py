"""Validation against the JSON Schemas in this package, worded for people.

`paper.schema.json` describes a paper file's front matter; `lists.schema.json`,
`tags.schema.json` and `categories.schema.json` the vocabulary files. Every
violation becomes a `Problem` on the file line of the field, with a fix; numbers
that YAML 1.1 misreads (`0o17`, `1_0`, `1:30`) are reported too.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import ValidationError

from . import yamlio
from .names import NAME_FIX, name_problem, normalize_arxiv, pathish
from .yamlio import Problem, dotted, type_problem

EXAMPLES = {"title": "the paper's title", "tags": "[uncategorised]", "added": "YYYY-MM-DD", "list": "<list id>"}

FIELD_NAMES = {"tags": "tag", "aliases": "alias", "list": "list id", "links": "link name"}
DATE_FIX = "write a date as YYYY-MM-DD"
FIXES = {"arxiv": "write the bare id, quoted: arxiv: '2303.17564'", "week": DATE_FIX, "added": DATE_FIX}
FIXES |= {
    "category": "use a code from content/categories.yml, e.g. cs.CL",
    "links": "write a URL that starts with https://",
}


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


@cache
def schema(name: str = "paper") -> dict[str, Any]:
    """The JSON Schema `<name>.schema.json` shipped in this package."""
    text = resources.files("generator").joinpath(f"{name}.schema.json").read_text("utf-8")
    result: dict[str, Any] = json.loads(text)
    return result


def _ascii_pattern(validator: Any, pattern: str, instance: Any, _: Any) -> Any:
    """`pattern` with ASCII `\\d`/`\\s` (so `'٢٠٢٣'` is no year) and `$` at the very end (no trailing newline)."""
    if isinstance(instance, str) and not re.search(re.sub(r"\$$", r"\\Z", pattern), instance, re.ASCII):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def _validator(name: str) -> Any:
    base = jsonschema.Draft202012Validator
    types = base.TYPE_CHECKER.redefine("integer", lambda _, v: isinstance(v, int) and not isinstance(v, bool))
    cls = jsonschema.validators.extend(base, validators={"pattern": _ascii_pattern}, type_checker=types)
    return cls(schema(name), format_checker=base.FORMAT_CHECKER)


def _error(err: ValidationError, lines: yamlio.Lines, raw: yamlio.Raw, path: str) -> list[Problem]:
    where: yamlio.FieldPath = tuple(err.absolute_path)
    field, line, v, inst, kind = dotted(where), lines.get(where, 1), err.validator_value, err.instance, err.validator
    if kind == "required":  # one error per missing field; the file as a whole (line 1) lacks a top-level one
        n = re.sub(r"^'(.*)' is a required property$", r"\1", err.message)
        line = lines.get(where, 1) if where else 1
        return [
            Problem(path, line, dotted((*where, n)), "missing required field", f"add '{n}: {EXAMPLES.get(n, '…')}'")
        ]
    if kind == "additionalProperties":
        allowed, out = list(err.schema.get("properties", {})), []
        for key in [k for k in inst if k not in allowed]:
            near = [a for a in allowed if a == key.strip().casefold()] or difflib.get_close_matches(key, allowed, 1)
            fix = f"did you mean '{near[0]}'?" if near else f"valid keys: {', '.join(allowed)}"
            out.append(Problem(path, lines.get((*where, key), line), dotted((*where, key)), "unknown key", fix))
        return out
    if "propertyNames" in err.relative_schema_path:
        msg, fix = value_problem(where, str(inst), key=True)
        return [Problem(path, lines.get((*where, inst), line), dotted((*where, inst)), msg, fix)]
    if kind == "uniqueItems":
        i = next(i for i, x in enumerate(inst) if x in inst[:i])
        return [Problem(path, lines.get((*where, i), line), f"{field}.{i}", f"repeats {inst[i]!r}", "remove it")]
    bound = "at least" if kind == "minimum" else "at most"
    message, fix = {
        "type": lambda: type_problem(where or ("-",), str(v), inst, raw.get(where)),
        "pattern": lambda: value_problem(where, str(inst)),
        "format": lambda: (f"{inst!r} is not a real date", "write an existing date as YYYY-MM-DD"),
        "maxLength": lambda: (f"is {len(inst)} characters long; the limit is {v}", "shorten it"),
        "maxItems": lambda: (f"has {len(inst)} items; the limit is {v}", "remove some"),
        "maxProperties": lambda: (f"has {len(inst)} entries; the limit is {v}", "remove some"),
        "minLength": lambda: ("is empty", "fill it in"),
        "enum": lambda: (f"{inst!r} is not one of {', '.join(map(str, v))}", f"use one of {', '.join(map(str, v))}"),
        "minItems": lambda: ("is an empty list", f"add at least {v} item, e.g. {EXAMPLES.get(field, '[…]')}"),
        "minimum": lambda: (f"{inst} is out of range", f"use a whole number {bound} {v}"),
        "maximum": lambda: (f"{inst} is out of range", f"use a whole number {bound} {v}"),
    }.get(kind, lambda: (err.message[:120], "see the paper file schema"))()
    return [Problem(path, line, field, message, fix)]


def schema_problems(data: Any, lines: yamlio.Lines, raw: yamlio.Raw, path: str, name: str = "paper") -> list[Problem]:
    """Every violation of schema `name`, worded for people, plus numbers YAML 1.1 misreads (`1:30`, `0o17`)."""
    errors = sorted(
        _validator(name).iter_errors(plain(data)), key=lambda e: (list(map(str, e.absolute_path)), e.validator)
    )
    patterned = {tuple(e.absolute_path) for e in errors if e.validator == "pattern"}
    errors = [e for e in errors if not (e.validator == "format" and tuple(e.absolute_path) in patterned)]
    problems = [p for err in errors for p in _error(err, lines, raw, path)]
    bad = {tuple(e.absolute_path) for e in errors}
    for where, written in raw.items():
        value: Any = data
        for part in where:
            value = value[part]
        if type(value) is int and where not in bad and not re.fullmatch(r"[-+]?(?:0|[1-9][0-9]*)", written):
            msg = f"YAML 1.1 reads {written!r} as the number {value}"
            problems.append(Problem(path, lines.get(where, 1), dotted(where), msg, "write plain decimal digits"))
    return problems


def plain(value: Any) -> Any:
    """YAML-native dates become ISO strings, the form the JSON Schema checks."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return [plain(v) for v in value] if isinstance(value, list) else value
