"""Orders of the whole list that are not an index: the consensus ranking and the latest additions.

Consensus: a paper scores the number of source lists that include it, then how high they put it:
its position in each ranked or weekly list is the share of that ranking placed above it,
`(rank - 1) ÷ the number of papers in the ranking` (for a weekly list, that week's): 0 for a first
place, just under 1 for the last. The mean over those lists breaks ties (lower is better; trending
lists count as lists but give no position); then the title. A list that features a paper twice
counts once, at its better position. Only papers in at least `CONSENSUS_MIN_LISTS` lists are ranked.

New: the newest additions by `added` (the order and cap of the site feed, `feeds.newest_first`),
grouped by the week, Monday to Sunday, they were added in.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from .feeds import newest_first
from .model import ListEntry, Paper, PaperList

CONSENSUS_MIN_LISTS = 2


@dataclass(frozen=True)
class Placement:
    """A paper's best entry in one list, and where that puts it (None: the list does not rank)."""

    entry: ListEntry
    position: float | None  # the share of the ranking above it: [0, 1), 0 = first place


@dataclass(frozen=True)
class Consensus:
    paper: Paper
    placements: tuple[Placement, ...]  # one per list, in the paper's order

    @property
    def lists(self) -> int:
        return len(self.placements)

    @property
    def position(self) -> float | None:
        """The mean position over the lists that rank the paper (None if none does)."""
        known = [p.position for p in self.placements if p.position is not None]
        return sum(known) / len(known) if known else None

    @property
    def percent(self) -> int | None:
        """The mean position as a whole percentage (0: first place in every list that ranks it)."""
        pos = self.position
        return None if pos is None else math.floor(pos * 100 + 0.5)


def consensus(papers: Sequence[Paper], lists: Sequence[PaperList]) -> list[Consensus]:
    """Papers in at least `CONSENSUS_MIN_LISTS` lists, most lists first, then best mean position, then title."""
    ranking = {m.id for m in lists if m.kind in ("ranked", "weekly")}
    sizes = Counter((e.list, e.week) for p in papers for e in p.lists)
    rows = []
    for paper in papers:
        best: dict[str, Placement] = {}
        for e in paper.lists:
            size = sizes[(e.list, e.week)]
            pos = min(max(e.rank - 1, 0) / size, 1.0) if e.list in ranking and size else None
            old = best.get(e.list)
            if old is None or (pos is not None and (old.position is None or pos < old.position)):
                best[e.list] = Placement(e, pos)
        if len(best) >= CONSENSUS_MIN_LISTS:
            rows.append(Consensus(paper, tuple(best.values())))
    return sorted(rows, key=_score)


def _score(c: Consensus) -> tuple[int, float, str, str]:
    pos = c.position
    return (-c.lists, pos if pos is not None else 2.0, c.paper.title.casefold(), c.paper.slug)


@dataclass(frozen=True)
class Added:
    """The papers added in one week (Monday to Sunday), newest first."""

    week: dt.date  # its Monday
    papers: tuple[Paper, ...]  # the newest of them (the page shows the feed's number of papers in all)
    total: int  # how many papers were added that week


def monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def latest_additions(papers: Sequence[Paper]) -> list[Added]:
    """The newest additions (those with an `added` date, in the feed's order and number), week by week."""
    dated = [p for p in papers if p.added]
    totals = Counter(monday(p.added) for p in dated if p.added)
    groups: dict[dt.date, list[Paper]] = {}
    for p in newest_first(dated):
        if p.added:
            groups.setdefault(monday(p.added), []).append(p)
    return [Added(week, tuple(ps), totals[week]) for week, ps in groups.items()]
