"""The domain model: papers, their list entries, lists, tags and categories.

Everything here is a frozen dataclass with explicit fields; values derived from
them (identity key, slug, URLs, week range) are properties or pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from . import urls
from .names import paper_keys


@dataclass(frozen=True)
class ListEntry:
    """A paper's place in one source list: each list keeps its own snapshot."""

    list: str
    rank: int
    citations: int | None = None
    week: dt.date | None = None

    @property
    def key(self) -> tuple[str, str, int]:
        """Stable identity of the entry within its list (week, then position)."""
        return (self.list, self.week.isoformat() if self.week else "", self.rank)


@dataclass(frozen=True)
class Provenance:
    """Where a paper's bibliographic fields (arXiv id, authors, year, category, venue) came from, and when."""

    source: str  # the page they were checked against, e.g. https://arxiv.org/abs/2303.17564
    checked: dt.date


@dataclass(frozen=True)
class Paper:
    """One paper, as stored in `content/papers/<slug>.md`."""

    slug: str
    title: str
    abstract: str = ""
    arxiv: str | None = None
    category: str | None = None
    week: dt.date | None = None
    added: dt.date | None = None
    tags: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    year: int | None = None
    links: tuple[tuple[str, str], ...] = ()
    notes: str | None = None
    aliases: tuple[str, ...] = ()
    lists: tuple[ListEntry, ...] = field(default=())
    aka: tuple[str, ...] = ()  # names the paper is known by (InstructGPT, SAM): shown and searchable
    venue: str | None = None  # where it was published, e.g. NeurIPS 2023
    metadata: Provenance | None = None  # where the bibliographic fields were checked

    @property
    def key(self) -> str:
        """Normalised identity: the arXiv id when known, else the normalised title."""
        return paper_keys(self.title, self.arxiv)[0]

    @property
    def url(self) -> str:
        """Site-relative URL of the paper page (permanent)."""
        return urls.paper(self.slug)

    @property
    def source_path(self) -> str:
        """The paper file, relative to the project."""
        return f"content/papers/{self.slug}.md"

    @property
    def arxiv_url(self) -> str | None:
        """The arXiv abstract page, if the paper has an id."""
        return urls.arxiv_abs(self.arxiv) if self.arxiv else None

    @property
    def pdf_url(self) -> str | None:
        """The PDF on arXiv, if the paper has an id."""
        return urls.arxiv_pdf(self.arxiv) if self.arxiv else None


@dataclass(frozen=True)
class PaperList:
    """Metadata of one source list (`content/lists.yml`)."""

    id: str
    title: str
    description: str
    kind: str  # ranked | weekly | trending
    format: str  # which reader parses the source file
    source: str  # file name under content/lists/
    origin: str  # where the list came from
    added: dt.date  # when the list entered the reading list
    week_start: int = 6  # weekly lists: the weekday (Monday 0 ... Sunday 6) each week starts on

    @property
    def ranked(self) -> bool:
        """Whether the list numbers its papers."""
        return self.kind == "ranked"


@dataclass(frozen=True)
class Removed:
    """A paper taken off the list (`content/removed.yml`): its URL keeps answering with why, and where to go."""

    slug: str
    title: str
    removed: dt.date
    reason: str
    arxiv: str | None = None
    replaced_by: str | None = None  # slug of the paper to read instead

    @property
    def url(self) -> str:
        """The URL it was published under (a page now says it was removed)."""
        return urls.paper(self.slug)


@dataclass(frozen=True)
class Tag:
    """A term of the controlled vocabulary (`content/tags.yml`)."""

    id: str
    label: str
    description: str
    title_rule: re.Pattern[str] | None = None  # tried on the title
    text_rule: re.Pattern[str] | None = None  # tried on the title and the abstract

    def matches(self, title: str, abstract: str) -> bool:
        """Whether the tag's rules match this title and abstract."""
        if self.title_rule is not None and self.title_rule.search(title):
            return True
        return self.text_rule is not None and bool(self.text_rule.search(f"{title}\n{abstract}"))


@dataclass(frozen=True)
class Category:
    """An arXiv subject class (`content/categories.yml`)."""

    code: str
    name: str


def today() -> dt.date:
    """The date content is checked against (`added` not in the future); one function, so tests can pin it."""
    return dt.date.today()


def week_range(week: dt.date) -> tuple[dt.date, dt.date]:
    """A week named by its first day spans that day and the six after it."""
    return week, week + dt.timedelta(days=6)
