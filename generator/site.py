"""The whole generated docs tree: every page, .bib file, feed, export and redirect, as pure data.

`render_site` returns `{path under docs/: text}`; `generate.write_docs` is the
one edge that puts it on disk.
"""

from __future__ import annotations

import html
import json
from collections import Counter
from importlib import resources
from typing import Any

from . import urls
from .bibtex import bibtex_entry
from .charts import bar_table, heatmap
from .content import dump_paper
from .exports import render_exports
from .feeds import render_feeds
from .model import Paper, Removed
from .pages import (
    Context,
    env,
    front_matter,
    home_page,
    new_page,
    paper_page,
    papers_page,
)
from .termpages import consensus_pages, term_pages

DocsTree = dict[str, str]


def stats_page(ctx: Context) -> str:
    """Bars as HTML tables whose labels link to the term pages (responsive, and plain links for instant
    navigation); the overlap of the lists as an SVG heatmap, without links, in a box that scrolls on a phone."""
    by_kind = {f.kind: f for f in ctx.facets}

    def rows(kind: str) -> list[tuple[str, int, str | None]]:
        return [(t.label, len(t.rows), f"../{urls.term(kind, t.id)}") for t in by_kind[kind].terms]

    lists = by_kind["lists"].terms
    members = [{r.paper.slug for r in t.rows} for t in lists]
    matrix = [[len(a & b) for b in members] for a in members]
    tag_rows = sorted(rows("tags"), key=lambda r: (-r[1], r[0]))
    bars = [
        ("per-week", "Papers per week", "Week", rows("weeks")),
        ("per-category", "Papers per category", "Category", rows("categories")),
        ("per-tag", "Papers per tag", "Tag", tag_rows),
        ("per-list", "Papers per list", "List", rows("lists")),
    ]
    charts = [
        {"id": i, "title": t, "kind": "bars", "html": svg_markup(bar_table(label, r, labelledby=i))}
        for i, t, label, r in bars
    ]
    overlap = heatmap("Papers in both lists", [t.label for t in lists], matrix)
    charts.append({"id": "overlap", "title": "Overlap between lists", "kind": "heatmap", "html": svg_markup(overlap)})
    body = env().get_template("stats.md.j2").render(charts=charts)
    meta = {"title": "Stats", "description": "The reading list in numbers.", "search": {"exclude": True}}
    return front_matter(meta, body)


def svg_markup(svg: str) -> Any:
    from markupsafe import Markup

    return Markup(svg)  # charts.py escapes every label itself


def reading_page() -> str:
    meta = {"title": "My reading", "description": "Your reading state, kept in this browser.", "hide": ["toc"]}
    return front_matter(meta, env().get_template("reading.md.j2").render())


def schema_page() -> str:
    schema = json.loads(resources.files("generator").joinpath("paper.schema.json").read_text("utf-8"))
    required = set(schema["required"])
    fields = [
        {
            "name": name,
            "type": spec.get("type", ""),
            "required": name in required,
            "owner": spec.get("owner", ""),
            "description": spec.get("description", ""),
        }
        for name, spec in schema["properties"].items()
    ]
    example = Paper(
        slug="example",
        title="Attention Is All You Need",
        abstract="The dominant sequence transduction models are based on complex recurrent or convolutional ...",
        arxiv="1706.03762",
        category="cs.CL",
        tags=("architectures", "llm"),
        authors=("Ashish Vaswani", "Noam Shazeer"),
        year=2017,
    )
    body = env().get_template("schema.md.j2").render(schema=schema, fields=fields, example=dump_paper(example))
    return front_matter({"title": "Paper file schema", "description": "The fields of a paper file."}, body)


def redirect_page(target: str) -> str:
    """A static page that forwards an old URL (a former slug) to its paper."""
    t = html.escape(target, quote=True)
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<title>Redirecting…</title><link rel="canonical" href="{t}">'
        f'<meta http-equiv="refresh" content="0; url={t}">'
        f'<meta name="robots" content="noindex"></head>'
        f'<body><p>This paper moved to <a href="{t}">{t}</a>.</p></body></html>\n'
    )


def removed_page(record: Removed, replacement: Paper | None) -> str:
    """The page left at a removed paper's URL: what it was, when and why it went, where to read instead."""
    e = html.escape
    instead = (
        f'<p>Read instead: <a href="../{e(replacement.slug)}/">{e(replacement.title)}</a>.</p>'
        if replacement
        else '<p><a href="../">Browse all papers</a>.</p>'
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Removed: {e(record.title)}</title><meta name="robots" content="noindex"></head>'
        f"<body><main><h1>{e(record.title)}</h1>"
        f"<p>This paper was removed from the reading list on {record.removed.isoformat()}: {e(record.reason)}</p>"
        f"{instead}</main></body></html>\n"
    )


def robots_txt(site_url: str) -> str:
    """Allow everything and name the sitemap MkDocs writes (crawlers read robots.txt at a host's root)."""
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"


def render_site(ctx: Context) -> DocsTree:
    """Every generated file under docs/, keyed by its path there."""
    by_slug = {p.slug: p for p in ctx.papers}
    tree: DocsTree = {"index.md": home_page(ctx), "papers/index.md": papers_page(ctx)}
    for p in ctx.papers:
        tree[urls.paper_source(p.slug)] = paper_page(ctx, p, by_slug)
        tree[urls.paper_bib(p.slug)] = bibtex_entry(p, f"{ctx.site.url}{p.url}") + "\n"
        for alias in p.aliases:
            tree[urls.moved(alias)] = redirect_page(f"../{p.slug}/")
    for record in ctx.vocab.removed:
        replacement = by_slug.get(record.replaced_by or "")
        tree[urls.moved(record.slug)] = removed_page(record, replacement)
    for facet in ctx.facets:
        tree.update(term_pages(ctx, facet))
    tree.update(consensus_pages(ctx))
    tree[urls.NEW_SOURCE] = new_page(ctx)
    tree["stats.md"] = stats_page(ctx)
    tree["reading.md"] = reading_page()
    tree["reference/schema.md"] = schema_page()
    tree.update(render_feeds(ctx))
    tree.update(render_exports(ctx))
    tree["robots.txt"] = robots_txt(ctx.site.url)
    return tree


def counts(tree: DocsTree) -> Counter[str]:
    return Counter(path.split("/")[0] if "/" in path else "top" for path in tree)
