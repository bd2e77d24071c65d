"""Overview, A–Z and term pages of a facet: the same code and templates for every index kind.

A term with more papers than the site's `page_size` is split (paging.py): page 1 at the term's own URL,
the others below it (`urls.term_page`), each with the term's heading, feed and downloads, its slice of the
papers numbered on from the previous page, a pager, and a reading-progress hook over its own papers only.
Pages 2 and later are left out of search, as index pages are. The consensus ranking and an overview's papers
without a term are split the same way (`consensus/page/N/`, `weeks/page/N/`).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from . import urls
from .exports import BUNDLE_KINDS, download_name
from .facets import Facet, Row, Term
from .feeds import FEED_KINDS, feed_meta, feed_title
from .pages import Context, env, front_matter
from .paging import Slice, paginate
from .rankings import CONSENSUS_MIN_LISTS, consensus


def _base(url: str) -> str:
    """The relative prefix from a page at site-relative `url` back to the site root."""
    return "../" * url.count("/")


def _term_page(ctx: Context, facet: Facet, term: Term, page: Slice[Row], in_table: set[str]) -> str:
    search: dict[str, Any] = {"boost": 0.5} if facet.searchable and page.number == 1 else {"exclude": True}
    title = term.label if page.number == 1 else f"{term.label} (page {page.number} of {page.count})"
    meta: dict[str, Any] = {"title": title, "description": term.description, "search": search}
    feed = urls.feeds(facet.kind, term.id) if facet.kind in FEED_KINDS else None
    if feed:
        meta |= feed_meta(feed, feed_title(ctx.site.name, term.label, facet.singular))
    body = (
        env()
        .get_template("term.md.j2")
        .render(
            facet=facet,
            term=term,
            page=page,
            page_url=partial(urls.term_page, facet.kind, term.id),
            progress_label=f"{term.label} (page {page.number} of {page.count})" if page.paged else term.label,
            base=_base(urls.term_page(facet.kind, term.id, page.number)),
            filter_param=facet.param if term.id in in_table else "",
            extra_lead="",
            feed=feed,
            downloads=urls.downloads(facet.kind, term.id) if facet.kind in BUNDLE_KINDS else None,
            download_name=download_name(facet.kind, term.id),
            **ctx.common,
        )
    )
    return front_matter(meta, body)


def _overview_pages(ctx: Context, facet: Facet, overview: Any) -> dict[str, str]:
    """The overview, with the first `page_size` papers without a term (if it lists them); the rest of those
    on pages 2 and later (`urls.overview_page`), split as a term is, left out of search."""
    unassigned = facet.unassigned if facet.list_unassigned else ()
    pages = {}
    for page in paginate(unassigned, ctx.site.page_size):
        body = overview.render(
            facet=facet,
            letter=None,
            terms=facet.shown,
            letters=facet.letters,
            without=page if page.rows else None,
            page_url=partial(urls.overview_page, facet.kind),
            base=_base(urls.overview_page(facet.kind, page.number)),
            **ctx.common,
        )
        meta: dict[str, Any] = {"title": facet.title, "description": facet.intro}
        if page.number > 1:
            title = f"{facet.title}: papers without a {facet.singular} (page {page.number} of {page.count})"
            meta = {"title": title, "description": f"Papers without a {facet.singular}.", "search": {"exclude": True}}
        pages[urls.overview_page_source(facet.kind, page.number)] = front_matter(meta, body)
    return pages


def term_pages(ctx: Context, facet: Facet) -> dict[str, str]:
    """Every page of one index kind: each term's page (or pages), the overview and the A–Z pages."""
    pages = {}
    search: dict[str, Any] = {"boost": 0.5} if facet.searchable else {"exclude": True}
    in_table = {t.id for t in facet.table_terms} if facet.param else set()
    for term in facet.terms:
        for page in paginate(term.rows, ctx.site.page_size):
            source = urls.term_page_source(facet.kind, term.id, page.number)
            pages[source] = _term_page(ctx, facet, term, page, in_table)
    overview = env().get_template("overview.md.j2")
    letters = facet.letters
    pages.update(_overview_pages(ctx, facet, overview))
    for letter in letters:  # the A–Z pages: every term, by the initial of its sort name
        body = overview.render(
            facet=facet, letter=letter, terms=letter.terms, letters=letters, without=None, base="../../../"
        )
        meta = {"title": f"{facet.title}: {letter.label}", "description": f"{facet.title} A–Z: {letter.label}."}
        pages[urls.letter_source(facet.kind, letter.id)] = front_matter(meta | {"search": search}, body)
    return pages


def consensus_pages(ctx: Context) -> dict[str, str]:
    """The consensus ranking (rankings.py), split into pages of `page_size` papers as a term is: page 1 at
    `consensus/` (permanent), page N at `consensus/page/N/`, each ranked on from the previous page, with a
    pager and a reading-progress hook over its own papers only."""
    rows = consensus(ctx.papers, ctx.vocab.lists)
    template = env().get_template("consensus.md.j2")
    pages = {}
    for page in paginate(rows, ctx.site.page_size):
        body = template.render(
            page=page,
            ranked=len(rows),
            total=len(ctx.papers),
            min_lists=CONSENSUS_MIN_LISTS,
            base=_base(urls.consensus_page(page.number)),
            **ctx.common,
        )
        meta: dict[str, Any] = {
            "title": "Consensus" if page.number == 1 else f"Consensus (page {page.number} of {page.count})",
            "description": "The papers most source lists agree on, and how high they rank them.",
            "hide": ["toc"],
            "search": {"exclude": True},
        }
        pages[urls.consensus_page_source(page.number)] = front_matter(meta, body)
    return pages
