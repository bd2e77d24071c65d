"""Merge list entries across lists: the same paper in several lists becomes one paper.

Entries are the same paper when they share an arXiv id or a normalised title
(`model.normalize_title`). Merges that relied on a title are reported.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import ListEntry
from .names import normalize_title, paper_keys
from .sources import SourceEntry


@dataclass(frozen=True)
class Listed:
    """A source entry together with the list it came from."""

    list: str
    entry: SourceEntry

    @property
    def list_entry(self) -> ListEntry:
        """The entry as a paper file stores it."""
        e = self.entry
        return ListEntry(self.list, e.rank, e.citations, e.week)


@dataclass(frozen=True)
class Group:
    """All entries of one paper, in list order."""

    items: tuple[Listed, ...]

    @property
    def arxiv(self) -> str | None:
        """The group's arXiv id, from the first entry that has one."""
        return next((i.entry.arxiv for i in self.items if i.entry.arxiv), None)

    @property
    def keys(self) -> set[str]:
        """Every identity key of the group's entries (see `names.paper_keys`)."""
        return {key for i in self.items for key in paper_keys(i.entry.title, i.entry.arxiv)}

    @property
    def titles(self) -> set[str]:
        """The group's normalised titles."""
        return {normalize_title(i.entry.title) for i in self.items}

    @property
    def title_merges(self) -> list[tuple[Listed, Listed]]:
        """Pairs of entries from different lists joined by title rather than by arXiv id."""
        first = self.items[0]
        return [
            (first, other)
            for other in self.items[1:]
            if other.list != first.list and not (first.entry.arxiv and first.entry.arxiv == other.entry.arxiv)
        ]


def merge(listed: list[Listed]) -> list[Group]:
    """Union entries sharing an arXiv id or a normalised title; groups keep first-seen order."""
    parent = list(range(len(listed)))

    def find(i: int) -> int:
        """The root of `i`'s set (with path halving)."""
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[str, int] = {}
    for i, item in enumerate(listed):
        keys = [f"title:{normalize_title(item.entry.title)}"]
        if item.entry.arxiv:
            keys.append(f"arxiv:{item.entry.arxiv}")
        for key in keys:
            if key in owner:
                a, b = find(owner[key]), find(i)
                parent[max(a, b)] = min(a, b)
            else:
                owner[key] = i
    groups: dict[int, list[Listed]] = {}
    for i, item in enumerate(listed):
        groups.setdefault(find(i), []).append(item)
    return [Group(tuple(items)) for _, items in sorted(groups.items())]
