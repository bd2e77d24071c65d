"""Pure page builders: content in, `{docs path: text}` out. Nothing here touches disk.

Pages are Markdown files whose bodies are HTML blocks rendered by a Jinja
environment with autoescape on, so every value from content is escaped once,
here; MkDocs + Material wrap them in the theme.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any
from urllib.parse import quote_plus, urlsplit

import jinja2
import yaml
from markupsafe import Markup

from . import urls
from .bibtex import arxiv_year, bibtex_entry
from .exports import download_name
from .facets import Facet, Row, facets, week_label
from .feeds import RSS_ICON, feed_meta, feed_title
from .model import Paper
from .paging import PAGE_SIZE
from .rankings import latest_additions
from .vocab import Vocabulary


@dataclass(frozen=True)
class SiteInfo:
    name: str
    url: str  # absolute, ends with "/"
    repo_url: str | None = None
    page_size: int = PAGE_SIZE  # papers per term page; a term with more is split (paging.py)


@cache
def env() -> jinja2.Environment:
    e = jinja2.Environment(
        loader=jinja2.PackageLoader("generator", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    e.globals["week_label"] = week_label
    e.globals["urls"] = urls
    e.globals["rss_icon"] = RSS_ICON
    e.filters["code_spans"] = code_spans
    return e


_CODE_SPAN = re.compile(r"`([^`\n]+)`")


def code_spans(text: str) -> Markup:
    """Escaped text whose `backtick spans` become <code> (as Markdown would show them)."""
    out, last = [], 0
    for m in _CODE_SPAN.finditer(text):
        out += [html.escape(text[last : m.start()]), f"<code>{html.escape(m.group(1))}</code>"]
        last = m.end()
    out.append(html.escape(text[last:]))
    return Markup("".join(out))


_Dumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: same output, much faster


def front_matter(meta: dict[str, Any], body: str) -> str:
    """A docs page: its meta, flagged `generated` (the hook then skips Markdown: the body is HTML)."""
    head = yaml.dump({**meta, "generated": True}, Dumper=_Dumper, allow_unicode=True, sort_keys=True, width=1_000_000)
    return f"---\n{head}---\n\n{body}"


_MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]{1,400}?)(?<![\s\\])\$")


def abstract_html(text: str) -> Markup:
    """Abstract as escaped paragraphs; `$…$` spans become arithmatex math for KaTeX."""
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]
    out = []
    for para in paragraphs:
        pieces, last = [], 0
        for m in _MATH.finditer(para):
            pieces.append(html.escape(para[last : m.start()]))
            pieces.append(f'<span class="arithmatex">\\({html.escape(m.group(1))}\\)</span>')
            last = m.end()
        pieces.append(html.escape(para[last:]))
        out.append("<p>" + "".join(pieces) + "</p>")
    return Markup("\n".join(out))


def paper_links(p: Paper) -> list[tuple[str, str]]:
    if p.arxiv:
        links = [
            ("arXiv", urls.arxiv_abs(p.arxiv)),
            ("PDF", urls.arxiv_pdf(p.arxiv)),
            ("Hugging Face", f"https://huggingface.co/papers/{p.arxiv}"),
            ("Semantic Scholar", f"https://www.semanticscholar.org/arxiv/{p.arxiv}"),
        ]
    else:
        q = quote_plus(p.title)
        links = [
            ("Search arXiv", f"https://arxiv.org/search/?query={q}&searchtype=title"),
            ("Semantic Scholar", f"https://www.semanticscholar.org/search?q={q}"),
            ("Hugging Face", f"https://huggingface.co/papers?q={q}"),
        ]
    extra = [(name.replace("-", " ").capitalize(), url) for name, url in p.links]
    # validation allows only http(s) links; the page builder refuses anything else on its own too
    return links + [(name, url) for name, url in extra if urlsplit(url.strip()).scheme.lower() in ("http", "https")]


def description(p: Paper, limit: int = 200) -> str:
    text = " ".join(p.abstract.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


@dataclass(frozen=True)
class Context:
    """What every page may need, computed once per site."""

    site: SiteInfo
    vocab: Vocabulary
    papers: Sequence[Paper]
    facets: tuple[Facet, ...]
    related: dict[str, tuple[str, ...]]

    @cached_property
    def common(self) -> dict[str, Any]:
        return {
            "tags": {t.id: t.label for t in self.vocab.tags},
            "lists": {m.id: m for m in self.vocab.lists},
            "categories": {c.code: c.name for c in self.vocab.categories},
            "author_ids": self.author_ids,
        }

    @cached_property
    def author_ids(self) -> dict[str, str]:
        """Each author name as papers spell it -> the author's page id (`authors/<id>/`)."""
        return {name: t.id for f in self.facets if f.kind == "authors" for t in f.terms for name in t.spellings}


def paper_page(ctx: Context, p: Paper, by_slug: dict[str, Paper]) -> str:
    permalink = f"{ctx.site.url}{p.url}"
    meta: dict[str, Any] = {
        "title": p.title,
        "description": description(p),
        "template": "paper.html",
        # searchable, not shown; Material draws search-result tags as HTML, so they are escaped here
        "tags": sorted({html.escape(t) for t in (*p.tags, *(ctx.common["tags"].get(t, t) for t in p.tags))}),
        "paper": {
            "slug": p.slug,
            "title": p.title,
            "authors": list(p.authors),
            "year": p.year,
            "published": p.year if p.year is not None else arxiv_year(p.arxiv),  # Scholar's publication date
            "arxiv": p.arxiv,
            "added": p.added.isoformat() if p.added else None,
            "tags": list(p.tags),
            "edit": p.source_path,
        },
    }
    body = (
        env()
        .get_template("paper.md.j2")
        .render(
            p=p,
            base="../../",
            links=paper_links(p),
            abstract_html=abstract_html(p.abstract),
            bibtex=bibtex_entry(p, permalink),
            permalink=permalink,
            related=[by_slug[s] for s in ctx.related.get(p.slug, ())],
            **ctx.common,
        )
    )
    return front_matter(meta, body)


@dataclass(frozen=True)
class TableRow:
    paper: Paper
    list_ids: tuple[str, ...]
    best_rank: int | None
    author_ids: tuple[str, ...] = ()


def papers_page(ctx: Context) -> str:
    ranked = {m.id for m in ctx.vocab.lists if m.ranked}
    rows = []
    in_table = {t.id for f in ctx.facets if f.param == "author" for t in f.table_terms}
    for p in sorted(ctx.papers, key=lambda p: (p.title.casefold(), p.slug)):
        ranks = [e.rank for e in p.lists if e.list in ranked]
        lists = tuple(dict.fromkeys(e.list for e in p.lists))
        authors = tuple(i for i in dict.fromkeys(ctx.author_ids.get(a, "") for a in p.authors) if i in in_table)
        rows.append(TableRow(p, lists, min(ranks) if ranks else None, authors))
    facet_data = {  # each filter's options in the overview's order (papers-table.js counts the rows)
        f.param: {t.id: t.label for t in f.table_terms} for f in ctx.facets if f.param
    }
    facets_json = json.dumps(facet_data, ensure_ascii=False, sort_keys=False)  # an attribute: autoescaped
    body = env().get_template("papers.md.j2").render(rows=rows, base="../", facets_json=facets_json, **ctx.common)
    meta = {"title": "All papers", "description": f"All {len(rows)} papers on the reading list.", "hide": ["toc"]}
    return front_matter(meta, body)


def home_page(ctx: Context) -> str:
    by_kind = {f.kind: f for f in ctx.facets}
    weeks = by_kind["weeks"].terms
    counts = {
        "papers": len(ctx.papers),
        "entries": sum(len(p.lists) for p in ctx.papers),
        "tags": len(by_kind["tags"].terms),
        "categories": len(by_kind["categories"].terms),
        "weeks": len(weeks),
        "authors": len(by_kind["authors"].terms) if "authors" in by_kind else 0,
    }
    body = (
        env()
        .get_template("home.md.j2")
        .render(
            site_name=ctx.site.name,
            counts=counts,
            latest_week=weeks[-1] if weeks else None,
            tag_terms=by_kind["tags"].terms,
            category_terms=by_kind["categories"].terms,
            feed=urls.feeds(),
            downloads=urls.downloads(),
            download_name=download_name(),
            base="",
            **ctx.common,
        )
    )
    meta = {"title": ctx.site.name, "description": "A curated reading list of ML and NLP papers.", "hide": ["toc"]}
    return front_matter(meta | feed_meta(urls.feeds(), feed_title(ctx.site.name)), body)


def new_page(ctx: Context) -> str:
    """The latest additions to the list, newest first, week by week (the feed's order and length)."""
    groups = latest_additions(ctx.papers)
    body = (
        env()
        .get_template("new.md.j2")
        .render(
            groups=[(g.week, [Row(p) for p in g.papers]) for g in groups],
            totals={g.week: g.total for g in groups},
            shown=sum(len(g.papers) for g in groups),
            dated=sum(1 for p in ctx.papers if p.added),
            feed=urls.feeds(),
            base="../",
            **ctx.common,
        )
    )
    meta = {
        "title": "New this week",
        "description": "The papers that entered the reading list most recently.",
        "search": {"exclude": True},
    }
    return front_matter(meta | feed_meta(urls.feeds(), feed_title(ctx.site.name)), body)


def build_context(site: SiteInfo, vocab: Vocabulary, papers: Sequence[Paper]) -> Context:
    from .related import related

    ordered = sorted(papers, key=lambda p: p.slug)
    return Context(site, vocab, ordered, facets(ordered, vocab), related(ordered))


__all__ = [
    "Context",
    "Row",
    "SiteInfo",
    "build_context",
    "home_page",
    "new_page",
    "paper_page",
    "papers_page",
]
