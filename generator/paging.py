"""Term pages split into pages of `page_size` papers: which rows each page shows, and its pager.

One mechanism for every index kind: a term with more papers than fit on one page keeps its URL for page 1
(`urls.term`, permanent) and gets `urls.term_page(kind, id, n)` for the others; every page shows the term's
heading, feed and downloads (both cover the whole term), its own slice of the rows in the term's order, and a
pager. The consensus ranking (`urls.consensus_page`) and an overview's papers without a term
(`urls.overview_page`) are split the same way: page N of any page is `page/N/` below it (`urls.paged`).
Nothing here renders: termpages.py does.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

PAGE_SIZE = 100  # papers per term page (the plugin's `page_size`)
WINDOW = 2  # the pager links this many page numbers either side of the current one (plus the first and last)

T = TypeVar("T")


@dataclass(frozen=True)
class Slice(Generic[T]):
    """Page `number` of `count`: the rows it shows, from `start` (0-based) of the term's rows."""

    number: int
    count: int
    start: int
    rows: tuple[T, ...]

    @property
    def paged(self) -> bool:
        """The term is split into more than one page."""
        return self.count > 1

    @property
    def first(self) -> int:
        """The 1-based position of the page's first row in the whole term (an <ol start=...>)."""
        return self.start + 1

    @property
    def last(self) -> int:
        """The 1-based position of the page's last row."""
        return self.start + len(self.rows)

    def numbers(self, window: int = WINDOW) -> list[int | None]:
        """The page numbers the pager links, in order: the first, the last and `window` either side of the
        current page; None where two or more numbers are left out (an ellipsis; a single one is shown)."""
        near = range(max(1, self.number - window), min(self.count, self.number + window) + 1)
        out: list[int | None] = []
        previous = 0
        for n in sorted({1, self.count, *near}):
            if n - previous == 2:
                out.append(n - 1)
            elif n - previous > 2:
                out.append(None)
            out.append(n)
            previous = n
        return out


def paginate(rows: Sequence[T], size: int) -> list[Slice[T]]:
    """`rows` cut into pages of `size` (at least one page, even for no rows), in order."""
    if size < 1:
        raise ValueError(f"page size must be at least 1, not {size}")
    count = max(1, -(-len(rows) // size))
    return [Slice(n + 1, count, n * size, tuple(rows[n * size : (n + 1) * size])) for n in range(count)]
