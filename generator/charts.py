"""Static charts, rendered at build time: no JavaScript, no external service.

`bar_table` draws bars as an HTML table (a label, often a link, the count and a CSS bar): it reflows on a
phone, and its links are ordinary HTML links. Links inside inline SVG are `SVGAElement`s, whose `href` is
read-only: Material's instant navigation throws on them, so the SVG charts here are drawn without links
when a page uses them. `bar_chart` and `heatmap` are SVG.

SVG charts are meant to be inlined in the page so they follow the theme: text is filled with `currentColor`,
marks with `var(--md-primary-fg-color, ...)`. Each has `role="img"`, a `<title>` and a `<desc>` referenced by
`aria-labelledby`/`aria-describedby`, and ids derived from a hash of its content so several charts can share a
page. Every piece of text is XML-escaped; links must be relative or http(s).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from html import escape
from urllib.parse import urlsplit

WIDTH = 720
FONT = 13
CHAR_WIDTH = 7.2  # rough average glyph width at FONT px, for truncating labels
MARK = "fill: var(--md-primary-fg-color, #4051b5)"
TEXT = 'fill="currentColor" font-family="inherit"'
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_URL_CONTROL = re.compile(r"[\x00-\x20\x7f]")


def esc(text: object) -> str:
    """Text safe inside XML content and double- or single-quoted attributes."""
    return escape(_INVALID_XML.sub("", str(text)), quote=True)


def safe_href(href: str) -> str:
    """Return `href` if it is relative or http(s); raise ValueError for anything else."""
    if _URL_CONTROL.search(href) or "\\" in href:
        raise ValueError(f"unsafe link {href!r}: whitespace, control characters or backslashes")
    parts = urlsplit(href)
    if parts.scheme.lower() not in ("", "http", "https") or (parts.scheme and not parts.netloc):
        raise ValueError(f"unsafe link {href!r}: only relative and http(s) links are allowed")
    return href


def fit(label: str, width: float) -> str:
    """`label`, cut with an ellipsis to about `width` pixels."""
    most = max(1, int(width / CHAR_WIDTH))
    return label if len(label) <= most else label[: most - 1].rstrip() + "…"


def amount(value: int, unit: str) -> str:
    """`1 paper`, `12 papers`, `1,204 papers`."""
    word = unit[:-1] if value == 1 and unit.endswith("s") else unit
    return f"{value:,} {word}".rstrip()


def _open(kind: str, title: str, desc: str, height: int, links: bool = False) -> tuple[str, list[str]]:
    """`role="img"` hides children from assistive tech, so a chart with links is a `group`."""
    key = hashlib.sha1(f"{kind}\0{title}\0{desc}".encode()).hexdigest()[:10]
    cid = f"chart-{key}"
    head = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-{kind}" width="{WIDTH}" height="{height}"'
        f' viewBox="0 0 {WIDTH} {height}" style="max-width: 100%; height: auto" font-size="{FONT}"'
        f' role="{"group" if links else "img"}" aria-labelledby="{cid}-title" aria-describedby="{cid}-desc">',
        f'<title id="{cid}-title">{esc(title)}</title>',
        f'<desc id="{cid}-desc">{esc(desc)}</desc>',
    ]
    return cid, head


def bar_chart(title: str, rows: Sequence[tuple[str, int, str | None]], *, unit: str = "papers") -> str:
    """Horizontal bars, one row per `(label, value, href or None)`, in the given order."""
    for label, value, href in rows:
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"bar {label!r}: value must be a non-negative int, not {value!r}")
        if href is not None:
            safe_href(href)
    row_h, bar_h, top = 26, 18, 8
    label_w, value_w = 230, 80
    bar_max = WIDTH - label_w - value_w - 16
    height = top * 2 + max(1, len(rows)) * row_h
    peak = max((v for _, v, _ in rows), default=0)
    summary = "; ".join(f"{label}: {amount(value, unit)}" for label, value, _ in rows)
    desc = f"Bar chart, {len(rows)} rows. {summary}" if rows else "Bar chart, no data."
    _, out = _open("bar", title, desc, height, links=any(href is not None for _, _, href in rows))
    if not rows:
        out.append(f'<text x="{WIDTH // 2}" y="{top + row_h // 2}" text-anchor="middle" {TEXT}>No data</text>')
    for n, (label, value, href) in enumerate(rows):
        y = top + n * row_h
        length = round(bar_max * value / peak, 1) if peak else 0.0
        mid = y + row_h / 2
        row = [
            f"<title>{esc(label)}: {esc(amount(value, unit))}</title>",
            f'<text x="{label_w - 8}" y="{mid}" dy="0.35em" text-anchor="end" {TEXT}>'
            f"{esc(fit(label, label_w - 12))}</text>",
            f'<rect class="bar" x="{label_w}" y="{y + (row_h - bar_h) / 2}" width="{length}" height="{bar_h}"'
            f' rx="2" style="{MARK}"/>',
            f'<text class="value" x="{label_w + length + 6}" y="{mid}" dy="0.35em" {TEXT}>{value:,}</text>',
        ]
        inner = "".join(row)
        if href is None:
            out.append(f'<g class="row">{inner}</g>')
        else:
            out.append(f'<a class="row" href="{esc(href)}">{inner}</a>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def bar_table(
    label: str, rows: Sequence[tuple[str, int, str | None]], *, unit: str = "papers", labelledby: str = ""
) -> str:
    """Bars as an HTML table: one row per `(label, value, href or None)`, in the given order; `label` heads the
    first column, `unit` the second. Each bar is a CSS width (a share of the largest value)."""
    for name, value, href in rows:
        if not isinstance(value, int) or value < 0:
            raise ValueError(f"bar {name!r}: value must be a non-negative int, not {value!r}")
        if href is not None:
            safe_href(href)
    peak = max((v for _, v, _ in rows), default=0)
    named = f' aria-labelledby="{esc(labelledby)}"' if labelledby else ""
    out = [
        f'<table class="rl-bars"{named}><thead><tr><th scope="col">{esc(label)}</th>'
        f'<th scope="col" class="rl-bars__value">{esc(unit.capitalize())}</th></tr></thead><tbody>'
    ]
    for name, value, href in rows:
        share = round(100 * value / peak, 1) if peak else 0.0
        text = f'<a href="{esc(href)}">{esc(name)}</a>' if href is not None else esc(name)
        out.append(
            f'<tr><th scope="row">{text}</th><td class="rl-bars__value"><div class="rl-bars__cell">'
            f'<span class="rl-bars__bar" style="--rl-bar: {share}%" aria-hidden="true"></span>'
            f'<span class="rl-bars__n">{value:,}</span></div></td></tr>'
        )
    if not rows:
        out.append('<tr><td colspan="2">No data</td></tr>')
    out.append("</tbody></table>")
    return "\n".join(out) + "\n"


def heatmap(title: str, labels: Sequence[str], matrix: Sequence[Sequence[int]]) -> str:
    """A square grid: cell (i, j) shades by `matrix[i][j]` (e.g. papers in both list i and list j)."""
    n = len(labels)
    if len(matrix) != n or any(len(row) != n for row in matrix):
        raise ValueError(f"heatmap needs a {n}x{n} matrix for {n} labels")
    if any(not isinstance(v, int) or v < 0 for row in matrix for v in row):
        raise ValueError("heatmap values must be non-negative ints")
    label_w, head_h, pad = 200, 130, 8
    head_w = (head_h - 10) / 0.7071  # column labels run up and right at 45 degrees
    cell = min(48.0, (WIDTH - label_w - pad - head_w * 0.7071) / max(n, 1))
    height = round(head_h + n * cell + pad)
    peak = max((v for row in matrix for v in row), default=0)
    pairs = [(i, j) for i in range(n) for j in range(i if _symmetric(matrix) else 0, n)]
    desc = f"Heatmap, {n} by {n}. " + "; ".join(f"{labels[i]} and {labels[j]}: {matrix[i][j]:,}" for i, j in pairs)
    _, out = _open("heatmap", title, desc, height)
    for i, label in enumerate(labels):
        x = label_w + (i + 0.5) * cell
        y = head_h + (i + 0.5) * cell
        row_label, col_label = esc(fit(label, label_w - 12)), esc(fit(label, head_w))
        out.append(f'<text x="{label_w - 8}" y="{y:.1f}" dy="0.35em" text-anchor="end" {TEXT}>{row_label}</text>')
        out.append(
            f'<text x="{x:.1f}" y="{head_h - 6}" transform="rotate(-45 {x:.1f} {head_h - 6})" {TEXT}>{col_label}</text>'
        )
    for i, row in enumerate(matrix):
        for j, value in enumerate(row):
            x, y = label_w + j * cell, head_h + i * cell
            # Shade at most 55% so currentColor text stays readable on light and dark themes.
            opacity = 0.06 + 0.49 * value / peak if peak and value else 0.0
            out.append(
                f'<g class="cell"><title>{esc(labels[i])} and {esc(labels[j])}: {value:,}</title>'
                f'<rect x="{x:.1f}" y="{y:.1f}" width="{cell:.1f}" height="{cell:.1f}" style="{MARK}"'
                f' fill-opacity="{opacity:.3f}" stroke="currentColor" stroke-opacity="0.15"/>'
                f'<text x="{x + cell / 2:.1f}" y="{y + cell / 2:.1f}" dy="0.35em" text-anchor="middle"'
                f' font-size="{min(FONT, cell / 3):.0f}" {TEXT}>{value:,}</text></g>'
            )
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _symmetric(matrix: Sequence[Sequence[int]]) -> bool:
    return all(matrix[i][j] == matrix[j][i] for i in range(len(matrix)) for j in range(i))
