"""The domain model: papers, their list entries, lists, tags and categories.

Everything here is a frozen dataclass with explicit fields; values derived from
them (identity key, slug, URLs, week range) are properties or pure functions.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field

SLUG_MAX = 80
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
# New-style (0704.0001 onwards) and old-style (hep-th/9901001) arXiv identifiers.
ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z][a-z.-]*/\d{7}"
ARXIV_ID_RE = re.compile(rf"^(?:{ARXIV_NEW}|{ARXIV_OLD})$")
_ARXIV_ANY = re.compile(
    rf"^(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?"
    rf"(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE,
)


def normalize_arxiv(value: str) -> str | None:
    """Return the bare arXiv id (no version) for any common spelling, or None.

    >>> normalize_arxiv("https://arxiv.org/abs/2303.17564v2")
    '2303.17564'
    """
    m = _ARXIV_ANY.match(value.strip())
    return m.group("id").lower() if m else None


def normalize_title(title: str) -> str:
    """Identity form of a title: NFKC, case-folded, punctuation and spacing folded."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def slugify(title: str, max_len: int = SLUG_MAX) -> str:
    """A readable `[a-z0-9-]` slug of at most `max_len` characters, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    return slug or (words[0][:max_len] if words else "")


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

    @property
    def key(self) -> str:
        """Normalised identity: the arXiv id when known, else the normalised title."""
        return f"arxiv:{self.arxiv}" if self.arxiv else f"title:{normalize_title(self.title)}"

    @property
    def url(self) -> str:
        """Site-relative URL of the paper page (permanent)."""
        return f"papers/{self.slug}/"

    @property
    def source_path(self) -> str:
        return f"content/papers/{self.slug}.md"

    @property
    def arxiv_url(self) -> str | None:
        return f"https://arxiv.org/abs/{self.arxiv}" if self.arxiv else None

    @property
    def pdf_url(self) -> str | None:
        return f"https://arxiv.org/pdf/{self.arxiv}" if self.arxiv else None


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

    @property
    def ranked(self) -> bool:
        return self.kind == "ranked"


@dataclass(frozen=True)
class Tag:
    """A term of the controlled vocabulary (`content/tags.yml`)."""

    id: str
    label: str
    description: str
    title_rule: re.Pattern[str] | None = None  # tried on the title
    text_rule: re.Pattern[str] | None = None  # tried on the title and the abstract

    def matches(self, title: str, abstract: str) -> bool:
        if self.title_rule is not None and self.title_rule.search(title):
            return True
        return self.text_rule is not None and bool(self.text_rule.search(f"{title}\n{abstract}"))


@dataclass(frozen=True)
class Category:
    """An arXiv subject class (`content/categories.yml`)."""

    code: str
    name: str


def week_range(week: dt.date) -> tuple[dt.date, dt.date]:
    """A week named by its first day spans that day and the six after it."""
    return week, week + dt.timedelta(days=6)
