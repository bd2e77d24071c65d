"""Index pages, one mechanism for every kind: lists, tags, categories, weeks, years and authors.

A `Facet` is declared by how a paper maps to its terms; `build_facet` groups the
papers and the same templates render every kind's overview and term pages. What
differs between kinds is declared on the facet, never coded per kind: its filter in
the papers table, whether the overview shows every term or only the first `top`
ones plus A–Z pages (authors), whether term pages are searchable. (Which kinds
get a feed or a .bib per term: FEED_KINDS in feeds.py, BUNDLE_KINDS in exports.py.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from . import urls
from .authors import people
from .model import ListEntry, Paper, week_range
from .vocab import Vocabulary


@dataclass(frozen=True)
class Row:
    """A paper as listed on a term page, with what that page ranks it by."""

    paper: Paper
    entry: ListEntry | None = None  # the paper's entry in a list or week


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    description: str
    rows: tuple[Row, ...]
    sort_name: str = ""  # where the A–Z pages file the term (authors: family name first)
    spellings: tuple[str, ...] = ()  # the values papers carry for it, when they differ from the id (authors)

    @property
    def papers(self) -> tuple[Paper, ...]:
        return tuple(r.paper for r in self.rows)

    @property
    def letter(self) -> str:
        """The A–Z page of the term: the initial of its sort name, or `0-9` for anything else."""
        initial = (self.sort_name or self.label).casefold()[:1]
        return initial if "a" <= initial <= "z" else "0-9"


@dataclass(frozen=True)
class Letter:
    """One A–Z page of a facet: the terms whose sort name starts with `id`."""

    id: str  # a-z, or 0-9
    terms: tuple[Term, ...]

    @property
    def label(self) -> str:
        return self.id.upper() if self.id != "0-9" else "0–9 and other"


@dataclass(frozen=True)
class Facet:
    kind: str  # URL folder: lists, tags, categories, weeks, years, authors
    title: str
    singular: str
    intro: str
    terms: tuple[Term, ...]
    unassigned: tuple[Paper, ...]  # papers with no term: listed on the overview, not lost
    ranked: bool = False  # term pages show rank (and citations) columns
    param: str = ""  # the papers table's filter (`papers/?tag=llm`); "" = none
    top: int | None = None  # the overview shows the first `top` terms; the A–Z pages show all
    alphabetical: bool = False  # A–Z pages (`urls.letter`), one per initial of the terms' sort names
    table_min: int = 1  # terms with fewer papers are not in the papers table's filter (nor linked to it) ...
    table_top: int | None = None  # ... nor terms after the first `table_top` of those (overview order)
    describe: bool = True  # the overview has an "About" column (term descriptions)
    list_unassigned: bool = True  # the overview lists the papers with no term
    searchable: bool = True  # term pages are in the search index

    def term_url(self, term_id: str) -> str:
        """The page of one of this index's terms."""
        return urls.term(self.kind, term_id)

    @property
    def url(self) -> str:
        """The overview page of this index."""
        return urls.overview(self.kind)

    @property
    def shown(self) -> tuple[Term, ...]:
        """The terms the overview lists."""
        return self.terms if self.top is None else self.terms[: self.top]

    @property
    def table_terms(self) -> tuple[Term, ...]:
        """The terms the papers table filters by (`?param=id`), in overview order."""
        kept = tuple(t for t in self.terms if len(t.rows) >= self.table_min)
        return kept if self.table_top is None else kept[: self.table_top]

    @property
    def letters(self) -> tuple[Letter, ...]:
        """The A–Z pages (none unless `alphabetical`), each term in sort-name order."""
        if not self.alphabetical:
            return ()
        grouped: dict[str, list[Term]] = {}
        for term in sorted(self.terms, key=lambda t: (t.sort_name or t.label.casefold(), t.id)):
            grouped.setdefault(term.letter, []).append(term)
        return tuple(Letter(k, tuple(v)) for k, v in sorted(grouped.items(), key=lambda kv: (kv[0] == "0-9", kv[0])))


TermsOf = Callable[[Paper], Iterable[tuple[str, ListEntry | None]]]


def build_facet(
    papers: Sequence[Paper],
    *,
    kind: str,
    title: str,
    singular: str,
    intro: str,
    terms_of: TermsOf,
    known: Sequence[tuple[str, str, str]],
    order: Callable[[Row], Any],
    keep_empty: bool = False,
    extra: Mapping[str, dict[str, Any]] | None = None,
    **options: Any,
) -> Facet:
    """Group papers by term; `known` gives (id, label, description) in overview order, `extra` more
    `Term` fields by id (sort_name, spellings), `options` the `Facet` flags (ranked, param, top, ...)."""
    grouped: dict[str, list[Row]] = {}
    unassigned = []
    for paper in papers:
        found = list(terms_of(paper))
        for term_id, entry in found:
            grouped.setdefault(term_id, []).append(Row(paper, entry))
        if not found:
            unassigned.append(paper)
    labels = {k: (label, desc) for k, label, desc in known}
    ids = [k for k, _, _ in known if keep_empty or k in grouped]
    ids += sorted(k for k in grouped if k not in labels)
    more = extra or {}
    terms = tuple(
        Term(k, *labels.get(k, (k, "")), tuple(sorted(grouped.get(k, []), key=order)), **more.get(k, {})) for k in ids
    )
    return Facet(kind, title, singular, intro, terms, tuple(unassigned), **options)


def _by_title(row: Row) -> Any:
    return (row.paper.title.casefold(), row.paper.slug)


def _newest_first(row: Row) -> Any:
    return (-(row.paper.year or 0), row.paper.title.casefold(), row.paper.slug)


def _by_entry(row: Row) -> Any:
    e = row.entry
    return (e.week or dt.date.min, e.rank, row.paper.slug) if e else (dt.date.min, 0, row.paper.slug)


def week_label(week: dt.date) -> str:
    start, end = week_range(week)
    if start.month == end.month:
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b} – {end.day} {end:%b %Y}"
    return f"{start:%-d %b %Y} – {end:%-d %b %Y}"


def _weeks_of(p: Paper, weekly: set[str]) -> list[tuple[str, ListEntry | None]]:
    """A paper's weeks: its entries in weekly lists, else its own `week` field."""
    found: list[tuple[str, ListEntry | None]] = [
        (e.week.isoformat(), e) for e in p.lists if e.week and e.list in weekly
    ]
    return found or ([(p.week.isoformat(), None)] if p.week else [])


def _authors_of(p: Paper, ids: Mapping[str, str]) -> list[tuple[str, ListEntry | None]]:
    return [(i, None) for i in dict.fromkeys(ids[name] for name in p.authors if name in ids)]


def _author_lead(name: str, spellings: Sequence[str]) -> str:
    also = f" Also written {', '.join(s for s in spellings if s != name)}." if len(spellings) > 1 else ""
    return f"Papers by {name} on the reading list, newest first, each with the lists it comes from.{also}"


AUTHORS_TOP = 100  # the authors overview lists this many; the A–Z pages list everyone with a page
# A page for everyone with at least this many papers here: a one-paper author's page would only repeat the
# paper's own (3,372 pages and 65 MB at 439 papers for everyone, about 700 pages this way; linear, not worse).
AUTHOR_PAGE_MIN = 2
# The papers table filters by the authors with the most papers (at least two): a select of at most
# AUTHORS_TABLE_TOP options and a few KB, whatever the list's size; each paper row carries those authors'
# ids only. Everyone's papers are on their own page.
AUTHORS_TABLE_MIN = 2
AUTHORS_TABLE_TOP = 200


def facets(papers: Sequence[Paper], vocab: Vocabulary) -> tuple[Facet, ...]:
    """The six index kinds of the site, in navigation order."""
    weeks = sorted({e.week for p in papers for e in p.lists if e.week} | {p.week for p in papers if p.week})
    weekly = {m.id for m in vocab.lists if m.kind == "weekly"}
    years = sorted({p.year for p in papers if p.year is not None}, reverse=True)
    persons = [a for a in people(papers) if a.papers >= AUTHOR_PAGE_MIN]
    author_ids = {name: person.id for person in persons for name in person.spellings}
    return (
        build_facet(
            papers, kind="lists", title="Lists", singular="list",
            intro="The published lists this reading list merges; each keeps its own ranking and citation counts.",
            terms_of=lambda p: ((e.list, e) for e in p.lists),
            known=[(m.id, m.title, m.description) for m in vocab.lists],
            order=_by_entry, ranked=True, param="list",
        ),
        build_facet(
            papers, kind="tags", title="Tags", singular="tag",
            intro="Topics from the controlled vocabulary in content/tags.yml.",
            terms_of=lambda p: ((t, None) for t in p.tags),
            known=[(t.id, t.label, t.description) for t in vocab.tags],
            order=_by_title, param="tag",
        ),
        build_facet(
            papers, kind="categories", title="Categories", singular="category",
            intro="Primary arXiv subject classes.",
            terms_of=lambda p: [(p.category, None)] if p.category else [],
            known=[(c.code, c.name, f"arXiv {c.code}") for c in vocab.categories],
            order=_by_title, param="category",
        ),
        build_facet(
            papers, kind="weeks", title="Weeks", singular="week",
            intro="The weekly top papers, week by week, in the order each week listed them.",
            terms_of=lambda p: _weeks_of(p, weekly),
            known=[(w.isoformat(), week_label(w), f"Week of {w:%-d %B %Y}") for w in weeks],
            order=_by_entry, ranked=True, param="week",
        ),
        build_facet(
            papers, kind="years", title="Years", singular="year",
            intro="Papers by the year they were published, newest first.",
            terms_of=lambda p: [(str(p.year), None)] if p.year is not None else [],
            known=[(str(y), str(y), f"Papers published in {y}.") for y in years],
            order=_by_title, param="year",
        ),
        build_facet(
            papers, kind="authors", title="Authors", singular="author",
            intro=(
                f"Everyone with {AUTHOR_PAGE_MIN} or more papers on the list: the {AUTHORS_TOP} with the most papers "
                "here (then the most list entries), and all of them A–Z by family name. One person is one name: "
                "spellings that differ only in accents, case or punctuation are merged; initials and other first "
                "names are not."
            ),
            terms_of=lambda p: _authors_of(p, author_ids),
            known=[(a.id, a.name, _author_lead(a.name, a.spellings)) for a in persons],
            extra={a.id: {"sort_name": a.sort_name, "spellings": a.spellings} for a in persons},
            order=_newest_first, param="author", top=AUTHORS_TOP, alphabetical=True,
            table_min=AUTHORS_TABLE_MIN, table_top=AUTHORS_TABLE_TOP, describe=False, searchable=False,
            list_unassigned=False,
        ),
    )  # fmt: skip
