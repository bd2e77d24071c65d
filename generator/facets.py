"""Index pages, one mechanism for every kind: tags, categories, weeks and lists.

A `Facet` is declared by how a paper maps to its terms; `build_facet` groups the
papers and the same templates render every kind's overview and term pages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from . import urls
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

    @property
    def papers(self) -> tuple[Paper, ...]:
        return tuple(r.paper for r in self.rows)


@dataclass(frozen=True)
class Facet:
    kind: str  # URL folder: tags, categories, weeks, lists
    title: str
    singular: str
    intro: str
    terms: tuple[Term, ...]
    unassigned: tuple[Paper, ...]  # papers with no term: listed on the overview, not lost
    ranked: bool = False  # term pages show rank (and citations) columns

    def term_url(self, term_id: str) -> str:
        """The page of one of this index's terms."""
        return urls.term(self.kind, term_id)

    @property
    def url(self) -> str:
        """The overview page of this index."""
        return urls.overview(self.kind)


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
    ranked: bool = False,
) -> Facet:
    """Group papers by term; `known` gives (id, label, description) in overview order."""
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
    terms = tuple(
        Term(k, labels.get(k, (k, ""))[0], labels.get(k, ("", ""))[1], tuple(sorted(grouped.get(k, []), key=order)))
        for k in ids
    )
    return Facet(kind, title, singular, intro, terms, tuple(unassigned), ranked)


def _by_title(row: Row) -> Any:
    return (row.paper.title.casefold(), row.paper.slug)


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


def facets(papers: Sequence[Paper], vocab: Vocabulary) -> tuple[Facet, ...]:
    """The four index kinds of the site, in navigation order."""
    weeks = sorted({e.week for p in papers for e in p.lists if e.week} | {p.week for p in papers if p.week})
    weekly = {m.id for m in vocab.lists if m.kind == "weekly"}
    return (
        build_facet(
            papers, kind="lists", title="Lists", singular="list",
            intro="The published lists this reading list merges; each keeps its own ranking and citation counts.",
            terms_of=lambda p: ((e.list, e) for e in p.lists),
            known=[(m.id, m.title, m.description) for m in vocab.lists],
            order=_by_entry, ranked=True,
        ),
        build_facet(
            papers, kind="tags", title="Tags", singular="tag",
            intro="Topics from the controlled vocabulary in content/tags.yml.",
            terms_of=lambda p: ((t, None) for t in p.tags),
            known=[(t.id, t.label, t.description) for t in vocab.tags],
            order=_by_title,
        ),
        build_facet(
            papers, kind="categories", title="Categories", singular="category",
            intro="Primary arXiv subject classes.",
            terms_of=lambda p: [(p.category, None)] if p.category else [],
            known=[(c.code, c.name, f"arXiv {c.code}") for c in vocab.categories],
            order=_by_title,
        ),
        build_facet(
            papers, kind="weeks", title="Weeks", singular="week",
            intro="The weekly top papers, week by week, in the order each week listed them.",
            terms_of=lambda p: _weeks_of(p, weekly),
            known=[(w.isoformat(), week_label(w), f"Week of {w:%-d %B %Y}") for w in weeks],
            order=_by_entry, ranked=True,
        ),
    )  # fmt: skip
