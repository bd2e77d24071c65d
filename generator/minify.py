"""Finished pages made smaller: the theme's indentation and blank lines dropped (a fifth of each page), except
where whitespace is content (`<pre>`, `<textarea>`) or code (`<script>`). Used by the plugin on every page."""

from __future__ import annotations

import re

_KEEP = re.compile(r"(<(pre|textarea|script)\b.*?</\2>)", re.S | re.I)
_INDENT = re.compile(r"\n[ \t]+")
_BLANKS = re.compile(r"\n{2,}")


def minify(output: str) -> str:
    """`output` without indentation and blank lines, except inside <pre>, <textarea> and <script>."""
    parts = _KEEP.split(output)  # with two groups: [text, whole, tag, text, whole, tag, ...]
    out = []
    for i in range(0, len(parts), 3):
        out.append(_BLANKS.sub("\n", _INDENT.sub("\n", parts[i])))
        if i + 1 < len(parts):
            out.append(parts[i + 1])
    return "".join(out)
