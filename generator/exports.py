"""Downloads: the whole list as JSON, BibTeX and CSV, and a JSON + BibTeX bundle per term.

`papers.json` follows `papers.schema.json` (published at `schema/papers.schema.json`);
every term of every facet gets `<kind>/<id>/papers.{json,bib}` next to its page.
Orders are fixed (slug for the whole list, the term page's order for a term) and
nothing depends on the clock, so two builds give the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from importlib import resources
from typing import TYPE_CHECKING, Any

from . import urls
from .bibtex import bibtex_bundle
from .model import Paper

if TYPE_CHECKING:
    from .pages import Context

SCHEMA_VERSION = "1.0.0"
SCHEMA_FILE = "papers.schema.json"
BUNDLE_KINDS = ("tags", "categories", "weeks", "lists")  # a .bib per term; never one per author or year
CSV_FIELDS = (
    "slug", "title", "authors", "year", "arxiv", "category", "week", "added", "tags", "lists", "permalink", "abstract",
)  # fmt: skip


def download_name(kind: str | None = None, term_id: str | None = None) -> str:
    """File name offered to the browser (`download=`): every bundle is called papers.* on the site."""
    return f"reading-list-{kind}-{term_id}" if kind else "reading-list"


def unique(papers: Iterable[Paper]) -> list[Paper]:
    """`papers` without repeats, in first-seen order."""
    return list({p.slug: p for p in papers}.values())


def _date(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def paper_record(p: Paper, site_url: str) -> dict[str, Any]:
    """One paper as papers.json holds it."""
    permalink = site_url + p.url
    return {
        "slug": p.slug,
        "title": p.title,
        "permalink": permalink,
        "bibtex_url": f"{site_url}papers/{p.slug}.bib",
        "abstract": p.abstract,
        "arxiv": p.arxiv,
        "arxiv_url": p.arxiv_url,
        "pdf_url": p.pdf_url,
        "category": p.category,
        "week": _date(p.week),
        "added": _date(p.added),
        "tags": list(p.tags),
        "authors": list(p.authors),
        "year": p.year,
        "links": dict(p.links),
        "notes": p.notes,
        "aliases": list(p.aliases),
        "lists": [{"list": e.list, "rank": e.rank, "citations": e.citations, "week": _date(e.week)} for e in p.lists],
    }


def papers_json(ctx: Context, papers: Iterable[Paper], scope: dict[str, Any]) -> str:
    """papers.json: the versioned schema's document for `papers` in `scope`."""
    records = [paper_record(p, ctx.site.url) for p in unique(papers)]
    doc = {
        "$schema": ctx.site.url + urls.SCHEMA,
        "schema_version": SCHEMA_VERSION,
        "site": {"name": ctx.site.name, "url": ctx.site.url},
        "scope": scope,
        "count": len(records),
        "papers": records,
    }
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def papers_bib(ctx: Context, papers: Iterable[Paper]) -> str:
    """A BibTeX bundle of `papers`."""
    chosen = unique(papers)
    return bibtex_bundle(chosen, {p.slug: ctx.site.url + p.url for p in chosen})


def papers_csv(ctx: Context, papers: Iterable[Paper]) -> str:
    """RFC 4180: a header, one CRLF-terminated record per paper (quoted fields may hold line
    breaks: the abstract keeps its paragraphs); authors, tags and list ids are joined with `;`."""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for p in unique(papers):
        row = {key: value for key, value in paper_record(p, ctx.site.url).items() if key in CSV_FIELDS}
        row |= {key: ";".join(row[key]) for key in ("authors", "tags")}
        row["lists"] = ";".join(dict.fromkeys(e.list for e in p.lists))
        row["abstract"] = p.abstract.strip()
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buf.getvalue()


def _cell(value: object) -> object:
    """Spreadsheets run a cell starting with = + - @ (or a tab/CR) as a formula: quote it (OWASP)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def schema_text() -> str:
    """The JSON Schema of papers.json, as shipped in this package."""
    return resources.files("generator").joinpath(SCHEMA_FILE).read_text("utf-8")


def render_exports(ctx: Context) -> dict[str, str]:
    """Every download of the site, keyed by its path under docs/."""
    whole = urls.downloads()
    everything = {"kind": "all", "id": None, "label": None, "url": ctx.site.url}
    out = {
        whole["json"]: papers_json(ctx, ctx.papers, everything),
        whole["bib"]: papers_bib(ctx, ctx.papers),
        whole["csv"]: papers_csv(ctx, ctx.papers),
        whole["schema"]: schema_text(),
    }
    for facet in ctx.facets:
        if facet.kind not in BUNDLE_KINDS:
            continue
        for term in facet.terms:
            out[urls.downloads(facet.kind, term.id)["bib"]] = papers_bib(ctx, term.papers)
    return out
