"""RSS 2.0 and Atom feeds: the whole list, and one per tag, category and list.

Feeds sit next to the page they follow (`tags/<id>/feed.xml` beside the
`tags/<id>/index.html` MkDocs renders from `tags/<id>.md`). Entries are the
newest additions first: by `added` (when the paper entered the list), then by
the paper's own date (the month of its arXiv id, else its year), newest first
(unknown last), then by title and slug. An entry is dated by the paper's own
date (RSS `pubDate`, Atom `published`; none when unknown; Atom `updated` is when
it entered the list), not by the day of an import that added hundreds at once. Every date comes from content,
never the clock, so two builds give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
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


_ARXIV_NEW = re.compile(r"^(\d{2})(\d{2})\.\d{4,5}$")  # 2305.18290: May 2023
_ARXIV_OLD = re.compile(r"^[a-z-]+(?:\.[A-Z]{2})?/(\d{2})(\d{2})\d{3}$")  # hep-th/9901001: January 1999


def paper_date(p: Paper) -> dt.date | None:
    """The paper's own date: the month its arXiv id encodes (the first day of it), else 1 January of its year."""
    m = _ARXIV_NEW.match(p.arxiv or "") or _ARXIV_OLD.match(p.arxiv or "")
    if m and 1 <= int(m.group(2)) <= 12:
        yy = int(m.group(1))
        year = 1900 + yy if "/" in (p.arxiv or "") and yy >= 91 else 2000 + yy
        return dt.date(year, int(m.group(2)), 1)
    return dt.date(p.year, 1, 1) if p.year else None


def newest_first(papers: Iterable[Paper], limit: int = MAX_ENTRIES) -> list[Paper]:
    """Newest additions first; among papers added the same day, the newest papers first."""
    unique = {p.slug: p for p in papers}.values()

    def key(p: Paper) -> tuple[int, int, str, str]:
        return (-(p.added or _EPOCH).toordinal(), -(paper_date(p) or _EPOCH).toordinal(), p.title.casefold(), p.slug)

    return sorted(unique, key=key)[:limit]


def _when(day: dt.date | None) -> dt.datetime:
    return dt.datetime.combine(day or _EPOCH, dt.time(0), tzinfo=dt.UTC)


def entry_dates(p: Paper) -> tuple[dt.datetime | None, dt.datetime]:
    """(published, updated) of a paper's feed entry: its own date (None when unknown: no made-up date), and
    when it entered the list (never before its own date)."""
    own = paper_date(p)
    added = max(d for d in (p.added, own, _EPOCH) if d is not None)
    return (_when(own) if own else None), _when(added)


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
        published, updated = entry_dates(p)
        if published is not None:
            fe.published(published)
        fe.updated(updated)
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
