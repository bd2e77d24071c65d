"""Safe YAML in and deterministic YAML out, with the line of every field.

Loading refuses what PyYAML would accept silently: duplicate keys (it keeps the
last), anchors and aliases (alias bombs), and explicit tags. Values are built
by `yaml.SafeLoader` only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import yaml

# libyaml when present (PyYAML's wheels ship it): same safe semantics, ~10x faster.
_Loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file, printed as `path:line: field: problem (fix)`."""

    path: str
    line: int
    field: str
    message: str
    fix: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message} ({self.fix})"

    def github(self) -> str:
        msg = f"{self.message} ({self.fix})".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.path},line={self.line},title={self.field}::{msg}"


class YamlProblem(Exception):
    def __init__(self, line: int, field: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message, self.fix = line, field, message, fix


Lines = dict[tuple[str | int, ...], int]  # field path -> 1-based line within the YAML text
Raw = dict[tuple[str | int, ...], str]  # field path -> scalar as written (for messages)


def _check_events(text: str) -> None:
    for event in yaml.parse(text, Loader=_Loader):
        line = event.start_mark.line + 1 if event.start_mark else 1
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            raise YamlProblem(line, "-", "YAML anchors and aliases are not allowed", "write the value out in full")
        tag = getattr(event, "tag", None)
        implicit = getattr(event, "implicit", True)
        explicit = tag is not None and not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))
        if explicit and tag not in ("tag:yaml.org,2002:str",):
            raise YamlProblem(line, "-", f"YAML tag {tag!r} is not allowed", "remove the '!' tag")


def _walk(node: yaml.Node, path: tuple[str | int, ...], lines: Lines, raw: Raw) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        raw[path] = node.value
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            name = str(key.value)
            line = key.start_mark.line + 1
            field = ".".join(map(str, (*path, name)))
            if name in seen:
                raise YamlProblem(line, field, f"duplicate key (first on line {seen[name]})", "keep one of them")
            seen[name] = line
            lines[(*path, name)] = line
            _walk(value, (*path, name), lines, raw)
            lines[(*path, name)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, raw)


def load(text: str) -> tuple[Any, Lines, Raw]:
    """Parse YAML safely; raise YamlProblem (with a line) for anything unsafe or malformed."""
    try:
        _check_events(text)
        node = yaml.compose(text, Loader=_Loader)
        lines: Lines = {}
        raw: Raw = {}
        data = None
        if node is not None:
            _walk(node, (), lines, raw)
            data = _Loader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise YamlProblem(line, "-", f"malformed YAML: {exc.problem or exc}", "fix the YAML syntax") from None
    except yaml.YAMLError as exc:
        raise YamlProblem(1, "-", f"malformed YAML: {exc}", "fix the YAML syntax") from None
    return data, lines, raw


def scalar(value: Any) -> str:
    """One YAML scalar, quoted only where YAML would misread it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def flow_list(values: tuple[str, ...] | list[str]) -> str:
    return "[" + ", ".join(scalar(v) for v in values) + "]"
