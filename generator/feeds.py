"""RSS 2.0 and Atom feeds: the whole list, and one per tag, category and list.

Feeds sit next to the page they follow (`tags/<id>/feed.xml` beside the
`tags/<id>/index.html` MkDocs renders from `tags/<id>.md`). Entries are the
newest additions first (by `added`, ties by title and slug); every date comes
from content, never the clock, so two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from functools import cache
from typing import TYPE_CHECKING

from feedgen.feed import FeedGenerator
from markupsafe import Markup

from . import urls
from .bibtex import clean_text
from .model import Paper

if TYPE_CHECKING:
    from .pages import Context

FEED_KINDS = ("tags", "categories", "lists")  # weeks are closed sets: no feed to follow
MAX_ENTRIES = 100
SUMMARY_CHARS = 500
MAX_AUTHORS = 10
_EPOCH = dt.date(1970, 1, 1)


@cache
def _clean(text: str) -> str:
    """`clean_text` (one line, no control characters), with a fast path: it walks every character."""
    joined = " ".join(text.split())
    return joined if joined.isprintable() else clean_text(text)


# Material Design Icons "rss" (Apache-2.0), as Material itself ships it; decorative: the link text names the link.
RSS_ICON = Markup(
    '<svg class="rl-feed__icon" aria-hidden="true" focusable="false" width="16" height="16" viewBox="0 0 24 24"'
    ' style="vertical-align:-0.15em;fill:currentColor"><path d="M6.18 15.64a2.18 2.18 0 0 1 2.18 2.18C8.36 19 7.38 20'
    " 6.18 20 5 20 4 19 4 17.82a2.18 2.18 0 0 1 2.18-2.18M4 4.44A15.56 15.56 0 0 1 19.56 20h-2.83A12.73 12.73 0 0 0 4"
    ' 7.27zm0 5.66a9.9 9.9 0 0 1 9.9 9.9h-2.83A7.07 7.07 0 0 0 4 12.93z"/></svg>'
)


def feed_meta(paths: dict[str, str], title: str) -> dict[str, str]:
    """Page meta read by the theme's main.html to put `<link rel="alternate">` feeds in the head."""
    return {"feed": paths["rss"], "feed_atom": paths["atom"], "feed_title": title}


@cache
def summary(text: str, limit: int = SUMMARY_CHARS) -> str:
    """Plain one-line text, cut at a word boundary with an ellipsis when too long."""
    flat = _clean(text[: 3 * limit])
    if len(flat) <= limit and len(text) <= 3 * limit:
        return flat
    cut = flat[: limit - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut else cut).rstrip(" ,;:") + "…"


def newest_first(papers: Iterable[Paper], limit: int = MAX_ENTRIES) -> list[Paper]:
    unique = {p.slug: p for p in papers}.values()
    ordered = sorted(unique, key=lambda p: (-(p.added or _EPOCH).toordinal(), p.title.casefold(), p.slug))
    return ordered[:limit]


def _when(day: dt.date | None) -> dt.datetime:
    return dt.datetime.combine(day or _EPOCH, dt.time(0), tzinfo=dt.UTC)


def _generator(ctx: Context, title: str, subtitle: str, page: str, papers: Sequence[Paper], me: str) -> FeedGenerator:
    """One feed of `papers` (already ordered), published at `me` (a site-relative path)."""
    site = ctx.site
    tag_labels: dict[str, str] = ctx.common["tags"]
    fg = FeedGenerator()
    fg.id(site.url + page)
    fg.title(_clean(title))
    rss = not me.endswith(".atom")
    sub = _clean(subtitle) or _clean(title)
    fg.subtitle(html.escape(sub, quote=False) if rss else sub)  # RSS <description> is read as HTML
    fg.author({"name": _clean(site.name)})
    mime = "application/rss+xml" if rss else "application/atom+xml"
    fg.link(href=site.url + me, rel="self", type=mime)
    fg.link(href=site.url + page, rel="alternate")  # the last link is RSS's <link>: the page, not the feed
    fg.language("en")
    fg.generator("reading-list (python-feedgen)")
    fg.updated(_when(max((p.added or _EPOCH for p in papers), default=_EPOCH)))
    for p in papers:
        permalink = site.url + p.url
        fe = fg.add_entry(order="append")
        fe.id(permalink)
        fe.guid(permalink, permalink=True)
        fe.title(_clean(p.title))
        fe.link(href=permalink, rel="alternate")
        if p.abstract.strip():  # RSS <description> is HTML, Atom <summary> (type text) is plain text
            fe.summary(html.escape(summary(p.abstract), quote=False) if rss else summary(p.abstract))
        for name in p.authors[:MAX_AUTHORS]:
            if _clean(name):
                fe.author({"name": _clean(name)})
        for tag in p.tags:
            fe.category({"term": tag, "label": _clean(tag_labels.get(tag, tag)), "scheme": f"{site.url}tags/"})
        fe.published(_when(p.added))
        fe.updated(_when(p.added))
    return fg


def feed_files(
    ctx: Context, title: str, subtitle: str, page: str, papers: Iterable[Paper], paths: dict[str, str]
) -> dict[str, str]:
    """`{rss path: RSS 2.0, atom path: Atom}` for `papers`, each feed linking to itself."""
    entries = newest_first(papers)
    out = {}
    for fmt, path in paths.items():
        fg = _generator(ctx, title, subtitle, page, entries, path)
        raw = fg.rss_str(pretty=True) if fmt == "rss" else fg.atom_str(pretty=True)
        out[path] = raw.decode("utf-8")
    return out


def feed_title(site_name: str, label: str | None = None, singular: str | None = None) -> str:
    return f"{site_name}: {label} ({singular})" if label else f"{site_name}: newest papers"


def render_feeds(ctx: Context) -> dict[str, str]:
    """Every feed of the site, keyed by its path under docs/."""
    name = ctx.site.name
    out = feed_files(ctx, feed_title(name), "The newest papers on the reading list.", "", ctx.papers, urls.feeds())
    for facet in ctx.facets:
        if facet.kind not in FEED_KINDS:
            continue
        for term in facet.terms:
            title = feed_title(name, term.label, facet.singular)
            page = facet.term_url(term.id)
            out |= feed_files(ctx, title, term.description, page, term.papers, urls.feeds(facet.kind, term.id))
    return out
