"""python-frontmatter's handler for paper files: framing and safe YAML, with file line numbers.

`content.parse_with_lines` frames a paper file and reads its front matter through `PaperHandler`;
`content` keeps the validation and `dump_paper`.
"""

from __future__ import annotations

import re
from typing import Any

import frontmatter

from . import yamlio
from .yamlio import Problem


def closing_index(lines: list[str]) -> int | None:
    """Index of the closing '---' line (the first '---' after line 1), or None."""
    return next((n for n in range(1, len(lines)) if lines[n].rstrip(" \t") == "---"), None)


class FramingError(ValueError):
    """A paper file whose front matter cannot be found; `problem` is what to report."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(str(problem))
        self.problem = problem


class PaperHandler(frontmatter.default_handlers.YAMLHandler):
    """python-frontmatter's handler for one paper file: use one instance per parse.

    `split` frames the file (a '---' first line, a closing '---' line) and raises `FramingError` when it cannot;
    `load` reads the front matter with `yamlio.load` (safe, refuses duplicate keys, anchors, tags) and keeps on
    the instance what a dict cannot carry: `close_line` (file line of the closing '---'), `lines` (field path ->
    file line) and `raw` (field path -> scalar as written).

    Call `split` and `load` yourself, not `frontmatter.loads`/`parse`: those `.strip()` the text (shifting every
    line number after leading blank lines), strip the body, swallow the `ValueError` a framing problem raises
    (the file would read as all body and no fields), and drop front matter that is not a mapping.
    `dump_paper`, not `export`/`format`, writes paper files: PyYAML's dump neither keeps the field order nor
    the quoting, and `format` strips the final newline.
    """

    FM_BOUNDARY = re.compile(r"^---[ \t]*$", re.MULTILINE)  # what `split` accepts, so `detect` agrees

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.close_line = 0
        self.lines: yamlio.Lines = {}
        self.raw: yamlio.Raw = {}

    def split(self, text: str) -> tuple[str, str]:
        """(front matter, body) of text with LF line endings and no BOM, or raise `FramingError`."""
        if not text.strip():
            fix = "write a '---' line, the fields, a closing '---' line, the abstract"
            raise FramingError(Problem(self.path, 1, "-", "empty file", fix))
        lines = text.split("\n")
        if "\r" in lines[0]:
            fix = "save the file with LF line endings"
            raise FramingError(Problem(self.path, 1, "-", "lines end in a bare carriage return", fix))
        if lines[0].rstrip(" \t") != "---":
            found = next((n for n, line in enumerate(lines, 1) if line.rstrip(" \t") == "---"), None)
            where = f"the first '---' is on line {found}" if found else "no '---' line"
            raise FramingError(
                Problem(self.path, 1, "-", f"missing front matter: {where}", "make '---' the very first line")
            )
        close = closing_index(lines)
        if close is None:
            msg, fix = "unclosed front matter: no closing '---' line", "add '---' after the last field"
            raise FramingError(Problem(self.path, 1, "-", msg, fix))
        self.close_line = close + 1
        return "\n".join(lines[1:close]), "\n".join(lines[close + 1 :])

    def load(self, fm: str, **kwargs: object) -> Any:
        """The front matter's data (any YAML value; the caller checks it is a mapping), or raise YamlProblem.

        Takes no loader options: the loader is always yamlio's safe one."""
        if kwargs:
            raise TypeError(f"PaperHandler.load takes no loader options, got {sorted(kwargs)}")
        data, self.lines, self.raw = yamlio.load(fm, first_line=2)  # the front matter starts on line 2
        return data
