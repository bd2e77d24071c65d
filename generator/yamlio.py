"""Safe YAML in and deterministic YAML out, with the line of every field.

Loading refuses what PyYAML would accept silently: duplicate keys (it keeps the
last), anchors and aliases (alias bombs: refused from the event stream, before
anything is expanded), explicit tags, merge keys, non-string keys and deep
nesting. Values are built by `yaml.SafeLoader` only; a timestamp that is not a
real date (`2023-02-30`) stays a string for the caller to report.

Also here, shared by paper files and the vocabulary: reading a file safely
(`read_text`: regular files only, capped, undecodable bytes kept as markers so
each is reported on its line), what no content may hold (`bad_chars`, `MARKUP`)
and how YAML 1.1 read a value of the wrong type (`type_problem`).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import stat
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

# libyaml when present (PyYAML's wheels ship it): same safe semantics, ~10x faster.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_DEPTH = 16
TYPES = {"string": "text", "integer": "a whole number", "array": "a list", "object": "a mapping of name: value lines"}
STR_TAG = "tag:yaml.org,2002:str"


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
        """A GitHub workflow annotation (properties and message escaped as the runner expects)."""
        msg = _escape(f"{self.message} ({self.fix})")
        prop = _escape(self.path).replace(":", "%3A").replace(",", "%2C")
        title = _escape(self.field).replace(":", "%3A").replace(",", "%2C")
        return f"::error file={prop},line={self.line},title={title}::{msg}"


def _escape(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


class YamlProblem(Exception):
    """A problem found while reading YAML, with its line and field."""

    def __init__(self, line: int, field: str, message: str, fix: str) -> None:
        super().__init__(message)
        self.line, self.field, self.message, self.fix = line, field, message, fix


FieldPath = tuple[str | int, ...]
Lines = dict[FieldPath, int]  # field path -> 1-based line in the file
Raw = dict[FieldPath, str]  # field path -> scalar as written (for messages)


def dotted(path: FieldPath) -> str:
    """A field path as people write it: `lists.0.rank`."""
    return ".".join(map(str, path)) or "-"


def _timestamp(loader: Any, node: yaml.ScalarNode) -> Any:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except (ValueError, OverflowError):
        return str(node.value)  # `2023-02-30`: left as written; the schema's date format reports it


class _Loader(_Base):
    pass


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


def _is_explicit(event: Any) -> bool:
    tag, implicit = getattr(event, "tag", None), getattr(event, "implicit", True)
    return tag is not None and not (implicit is True or (isinstance(implicit, tuple) and any(implicit)))


def _check_events(text: str, first: int) -> None:
    """Refuse anchors, aliases, tags and deep nesting while streaming, before any node is built."""
    stack: list[list[Any]] = []  # [path, is_mapping, next_is_key, current_key, index]
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            stack.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        path: FieldPath = ()
        if stack:
            frame = stack[-1]
            if not frame[1]:
                path, frame[4] = (*frame[0], frame[4]), frame[4] + 1
            else:
                if frame[2]:  # this node is a key: it names the value that follows
                    frame[3] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                path, frame[2] = (*frame[0], frame[3]), not frame[2]
        line = (event.start_mark.line if event.start_mark else 0) + first
        if isinstance(event, yaml.AliasEvent) or event.anchor:
            raise YamlProblem(line, dotted(path), "YAML anchors and aliases are not allowed", "write the value out")
        tag = str(getattr(event, "tag", None)).replace("tag:yaml.org,2002:", "!!")
        if _is_explicit(event) and tag != "!!str":
            raise YamlProblem(line, dotted(path), f"YAML tag {tag!r} is not allowed", "remove the '!' tag")
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(line, dotted(path), f"nested deeper than {MAX_DEPTH} levels", "flatten it")
            stack.append([path, isinstance(event, yaml.MappingStartEvent), True, None, 0])


def _walk(node: yaml.Node, path: FieldPath, lines: Lines, raw: Raw, first: int) -> None:
    lines[path] = node.start_mark.line + first
    if isinstance(node, yaml.ScalarNode):
        raw[path] = node.value
        if len(node.value) > 100 and node.tag.endswith((":int", ":float")):
            raise YamlProblem(lines[path], dotted(path), "number with more than 100 digits", "write a real value")
    elif isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + first
            if not isinstance(key, yaml.ScalarNode) or key.tag != STR_TAG:
                kind, fix = key.tag.rsplit(":", 1)[-1], "write field names as plain words"
                if not isinstance(key, yaml.ScalarNode):
                    raise YamlProblem(line, dotted((*path, "?")), "a key is a list or mapping, not a name", fix)
                what = "a merge key" if kind == "merge" else f"not a plain name: YAML reads it as {kind}"
                raise YamlProblem(line, dotted((*path, key.value)), f"key {key.value!r} is {what}", fix)
            name = key.value
            if name in seen:
                msg = f"duplicate key: first on line {seen[name]}, again on line {line}"
                raise YamlProblem(line, dotted((*path, name)), msg, "keep one of them")
            seen[name] = line
            _walk(value, (*path, name), lines, raw, first)
            lines[(*path, name)] = line
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _walk(item, (*path, i), lines, raw, first)


def _unclosed(context: str | None) -> bool:
    return bool(context) and any(w in str(context) for w in ("flow", "quoted", "block scalar"))


def load(text: str, first_line: int = 1) -> tuple[Any, Lines, Raw]:
    """Parse YAML safely, or raise YamlProblem for anything unsafe or malformed; `first_line` is the file
    line of the text's first line, so every line returned or raised is a line of the file."""
    found = bad_chars(text, first_line)
    if found:
        raise YamlProblem(found[0][0], "-", f"contains {found[0][1]}", found[0][2])
    try:
        _check_events(text, first_line)
        node = yaml.compose(text, Loader=_Base)
        lines, raw, data = Lines(), Raw(), None
        if node is not None:
            _walk(node, (), lines, raw, first_line)
            data = _Loader("").construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.context_mark if _unclosed(exc.context) and exc.context_mark else exc.problem_mark
        line = (mark.line if mark else 0) + first_line
        what = f"{exc.problem} {exc.context}" if exc.context else str(exc.problem or "syntax error")
        raise YamlProblem(line, "-", f"malformed YAML: {what}", "fix the YAML syntax") from None
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else "syntax error"
        raise YamlProblem(first_line, "-", f"malformed YAML: {first}", "fix the YAML syntax") from None
    except (ValueError, TypeError, OverflowError, RecursionError) as exc:
        raise YamlProblem(first_line, "-", f"value YAML cannot build: {str(exc)[:80]}", "fix the value") from None
    return data, lines, raw


_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def char_name(ch: str) -> str:
    """`U+XXXX NAME` of a character, for messages."""
    return f"U+{ord(ch):04X} {unicodedata.name(ch, '')}".rstrip()


def read_text(path: Path, max_bytes: int) -> str:
    """A regular file's text; bytes that are not UTF-8 become markers `bad_chars` reports by line.

    Raises YamlProblem (line 1) for symlinks, directories, FIFOs and other special files,
    files over `max_bytes`, UTF-16, and files that cannot be read. Never blocks on a FIFO.
    """
    try:
        st = os.lstat(path)
        kind = next((what for test, what in _KINDS if test(st.st_mode)), None)
        if kind or not stat.S_ISREG(st.st_mode):
            raise YamlProblem(1, "-", f"file is {kind or 'a special file'}, not a regular file", _REPLACE)
        if st.st_size > max_bytes:
            raise YamlProblem(1, "-", f"file is {st.st_size // 1024} KiB; the limit is {max_bytes // 1024} KiB", _CUT)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                raise YamlProblem(1, "-", "file is not a regular file", _REPLACE)
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        fix = "restore it from git" if isinstance(exc, FileNotFoundError) else "check its permissions"
        raise YamlProblem(1, "-", f"file cannot be read: {exc.strerror}", fix) from None
    if len(data) > max_bytes:
        raise YamlProblem(1, "-", f"file is larger than {max_bytes // 1024} KiB", _CUT)
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise YamlProblem(1, "-", "file is UTF-16, not UTF-8", "re-save it as UTF-8")
    return data.decode("utf-8", "surrogateescape")


_KINDS = ((stat.S_ISLNK, "a symlink"), (stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a FIFO"))
_REPLACE, _CUT = "replace it with a plain .md file", "shorten it"


def bad_chars(text: str, first_line: int = 1, *, invisible: bool = False) -> list[tuple[int, str, str]]:
    """(line, problem, fix) for each line holding a character no content should hold.

    Always: control characters other than tab and newline, line/paragraph separators
    (they shift YAML's line count), surrogates, non-characters, and bidi controls
    (they reorder what a reader sees). With `invisible`: every format character too
    (zero-width spaces and joiners, soft hyphens, BOMs), for short fields like titles.
    """
    found = []
    for n, line in enumerate(text.split("\n")):
        if line.isprintable():
            continue  # fast path (C speed): no character of category C* or Z* other than space
        for ch in line:
            cat = unicodedata.category(ch)
            if ch == "\t" or cat[0] not in "CZ" or cat == "Zs":
                continue
            if "\udc80" <= ch <= "\udcff":
                found.append((n + first_line, f"byte 0x{ord(ch) - 0xDC00:02x} not in UTF-8", "re-save as UTF-8"))
            elif cat in ("Cc", "Cs", "Zl", "Zp") or ch in "\ufffe\uffff":
                found.append((n + first_line, f"control character {char_name(ch)}", "delete it"))
            elif ch in _BIDI or (invisible and cat == "Cf"):
                found.append((n + first_line, f"invisible or bidi character {char_name(ch)}", "delete it"))
            else:
                continue
            break
    return found


_ELEMENTS = (
    "a|abbr|area|audio|b|base|big|blockquote|body|br|button|canvas|center|code|details|dialog|div|em|embed|font|"
    "form|frame|frameset|h[1-6]|head|hr|html|i|iframe|img|input|ins|label|li|link|map|marquee|math|meta|noscript|"
    "object|ol|option|p|param|pre|select|small|source|span|strike|strong|style|sub|summary|sup|svg|table|tbody|td|"
    "template|textarea|th|title|tr|track|tt|u|ul|video"
)
# Markup, not mathematics: `p < 0.001`, `(<50k)`, `<a, b>` and `<unk>` stay allowed.
MARKUP = re.compile(
    rf"<\s*/?\s*(?:{_ELEMENTS})(?:\s+[a-z-]+(?:\s*=\s*[^\s<>]+)?)*\s*/?\s*>"  # a whole tag: <b>, </i>, <a href=x>
    r"|<\s*/?\s*(?:script|iframe|svg|img|frameset|meta)\b"  # dangerous even unclosed
    r"|<[a-z][^<>]*\bon[a-z]+\s*="  # an event handler attribute
    r"|\b(?:java|vb|live)script:(?!\s)|\bdata:\s*text/html",
    re.I,
)


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    kinds = {int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    return kinds.get(type(value), type(value).__name__)


def type_problem(where: FieldPath, expected: str, value: Any, raw: str | None) -> tuple[str, str]:
    """(problem, fix) for a value of the wrong type, saying how YAML 1.1 read it (`NO` is false)."""
    key, written, want = (
        f"{where[-1]}: " if isinstance(where[-1], str) else "",
        raw or str(value),
        TYPES.get(expected, expected),
    )
    if value is None:
        return "is empty", "fill it in or delete the line"
    if expected == "string" and isinstance(value, bool | int | float):
        fix = "write a date as YYYY-MM-DD" if where[-1] in ("week", "added") else f"quote it: {key}'{written}'"
        return f"YAML 1.1 reads {written} as {_kind(value)}; expected text", fix
    if expected == "integer" and isinstance(value, str) and value.strip().isdigit():
        return f"is text, expected {want}", f"remove the quotes: {key}{value.strip()}"
    if expected == "array" and isinstance(value, str | int | float | bool):
        return f"is a single value, expected {want}", f"write a list: {key}[{written}]"
    return f"is {_kind(value)}, expected {want}", f"write {want}"


def scalar(value: Any) -> str:
    """One YAML scalar, quoted only where YAML would misread it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    text = yaml.safe_dump(value, allow_unicode=True, width=1_000_000, default_flow_style=True)
    return text.removesuffix("\n...\n").rstrip("\n")


def flow_list(values: tuple[str, ...] | list[str]) -> str:
    """`[a, b]`, quoting as a flow sequence needs (`'0,'`: a comma inside an item would split it)."""
    return yaml.safe_dump(list(values), allow_unicode=True, width=1_000_000, default_flow_style=True).rstrip("\n")
