"""Every site URL, in one place: pages, their source paths under docs/, feeds, downloads, external links.

URLs are site-relative (no leading slash, folders end in "/"), as MkDocs serves them
with `use_directory_urls`; templates prefix them with the page's `base`. Paper URLs
are permanent: `paper(slug)` must never change shape.
"""

from __future__ import annotations

SCHEMA = "schema/papers.schema.json"  # the versioned JSON Schema of papers.json
READING = "reading/"  # the reader's own page: reading state, export and import
STATS = "stats/"
CONSENSUS = "consensus/"  # papers ranked by how many lists include them, and how high
CONSENSUS_SOURCE = "consensus.md"
NEW = "new/"  # the latest additions, week by week
NEW_SOURCE = "new.md"


def paper(slug: str) -> str:
    """A paper's page (permanent)."""
    return f"papers/{slug}/"


def paper_source(slug: str) -> str:
    """A paper page's Markdown under docs/."""
    return f"papers/{slug}.md"


def paper_bib(slug: str) -> str:
    """A paper's BibTeX download, beside its page."""
    return f"papers/{slug}.bib"


def moved(slug: str) -> str:
    """The static page left at a former or removed slug (a redirect or a removal notice)."""
    return f"papers/{slug}/index.html"


def overview(kind: str) -> str:
    """The overview page of an index kind: tags, categories, weeks, lists, authors, years."""
    return f"{kind}/"


def term(kind: str, term_id: str) -> str:
    """The page of one term of an index kind (`tags/llm/`)."""
    return f"{kind}/{term_id}/"


def term_source(kind: str, term_id: str) -> str:
    """A term page's Markdown under docs/."""
    return f"{kind}/{term_id}.md"


def paged(url: str, number: int) -> str:
    """Page `number` of any page split into pages (paging.py), one rule for all: page 1 is the page's own URL
    (permanent), page N the folder `page/N/` below it (`tags/llm/page/2/`, `consensus/page/2/`)."""
    return url if number == 1 else f"{url}page/{number}/"


def paged_source(url: str, first: str, number: int) -> str:
    """The Markdown under docs/ of page `number` of the page at `url` whose page 1 is the source `first`."""
    return first if number == 1 else f"{url}page/{number}.md"


def term_page(kind: str, term_id: str, number: int) -> str:
    """Page `number` of a term split into pages: page 1 is the term's own URL (`tags/llm/`, permanent),
    page N the folder `page/N/` below it (`tags/llm/page/2/`)."""
    return paged(term(kind, term_id), number)


def term_page_source(kind: str, term_id: str, number: int) -> str:
    """A term page's Markdown under docs/, for page `number` of the term (`tags/llm/page/2.md`)."""
    return paged_source(term(kind, term_id), term_source(kind, term_id), number)


def consensus_page(number: int) -> str:
    """Page `number` of the consensus ranking: page 1 is `consensus/` (permanent), page N `consensus/page/N/`."""
    return paged(CONSENSUS, number)


def consensus_page_source(number: int) -> str:
    """A consensus page's Markdown under docs/ (`consensus.md`, `consensus/page/2.md`)."""
    return paged_source(CONSENSUS, CONSENSUS_SOURCE, number)


def overview_page(kind: str, number: int) -> str:
    """Page `number` of an overview whose papers without a term are split into pages: page 1 is the overview
    (`weeks/`, with the terms and the first of those papers), page N `weeks/page/N/` (only those papers). A term
    with the id `page` would keep its own URL (`weeks/page/`, its pages `weeks/page/page/N/`): no clash."""
    return paged(overview(kind), number)


def overview_page_source(kind: str, number: int) -> str:
    """An overview page's Markdown under docs/ (`weeks/index.md`, `weeks/page/2.md`)."""
    return paged_source(overview(kind), overview_source(kind), number)


def overview_source(kind: str) -> str:
    """An overview page's Markdown under docs/."""
    return f"{kind}/index.md"


def letter(kind: str, letter_id: str) -> str:
    """An A–Z page of an index kind (`authors/a-z/d/`): its terms whose sort name starts with that letter.
    The folder `a-z` is never a term id (authors.RESERVED)."""
    return f"{kind}/a-z/{letter_id}/"


def letter_source(kind: str, letter_id: str) -> str:
    """An A–Z page's Markdown under docs/."""
    return f"{kind}/a-z/{letter_id}.md"


def _folder(kind: str | None, term_id: str | None) -> str:
    return term(kind, term_id or "") if kind else ""


def feeds(kind: str | None = None, term_id: str | None = None) -> dict[str, str]:
    """The RSS and Atom feeds of a term, or of the whole list."""
    folder = _folder(kind, term_id)
    return {"rss": f"{folder}feed.xml", "atom": f"{folder}feed.atom"}


def downloads(kind: str | None = None, term_id: str | None = None) -> dict[str, str]:
    """The downloads: of the whole list papers.json, papers.bib, papers.csv and the JSON schema; of a term its
    papers.bib only (the term's papers as data are the whole list's papers.json, filtered)."""
    if kind:
        return {"bib": f"{_folder(kind, term_id)}papers.bib"}
    return {"json": "papers.json", "bib": "papers.bib", "csv": "papers.csv", "schema": SCHEMA}


def table(param: str | None = None, value: str | None = None) -> str:
    """The all-papers table, optionally filtered (`papers/?tag=llm`)."""
    return f"papers/?{param}={value}" if param and value else "papers/"


def arxiv_abs(arxiv: str) -> str:
    """A paper's arXiv abstract page."""
    return f"https://arxiv.org/abs/{arxiv}"


def arxiv_pdf(arxiv: str) -> str:
    """A paper's PDF on arXiv."""
    return f"https://arxiv.org/pdf/{arxiv}"


# The theme's assets every page loads (the plugin adds them to extra_css / extra_javascript; so does the
# Zensical export). site.js first: it works out the site root the other scripts use.
STYLES = ("assets/stylesheets/site.css", "assets/stylesheets/reading.css", "assets/stylesheets/papers-table.css")
SCRIPTS = (
    "assets/javascripts/site.js",
    "assets/javascripts/math.js",
    "assets/javascripts/reading.js",
    "assets/javascripts/papers-table.js",
)
