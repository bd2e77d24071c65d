"""`import`: read the source lists, merge, and update `content/papers/`.

The importer owns one field, `lists`. It creates a file (every field filled
from the sources) for a paper it has not seen; for an existing paper it only
rewrites `lists`, so everything people edited survives. Existing files are
found by a list entry they already hold, then by arXiv id, then by title, so a
corrected title does not create a duplicate.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from .content import dump_paper
from .corpus import Corpus
from .fsutil import write_if_changed
from .merge import Group, Listed, merge
from .model import Paper, normalize_title, slugify
from .sources import READERS, SourceError
from .vocab import Vocabulary, assign_tags


@dataclass
class ImportReport:
    entries: int = 0
    papers: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    title_merges: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"{self.entries} entries from the lists, {self.papers} papers: "
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{self.papers - len(self.created) - len(self.updated)} unchanged; "
            f"{len(self.title_merges)} merges relied on title matching"
        )


def read_lists(content: Path, vocab: Vocabulary) -> list[Listed]:
    listed = []
    for meta in vocab.lists:
        path = content / "lists" / meta.source
        if not path.is_file():
            fix = f"copy the list to {path} or fix `source:` in content/lists.yml"
            problem = f"list {meta.id!r}: source file {meta.source!r} is missing"
            raise SourceError(content / "lists.yml", 1, problem, fix)
        listed += [Listed(meta.id, e) for e in READERS[meta.format](path)]
    return listed


class _Index:
    """Find the existing paper a merged group belongs to."""

    def __init__(self, papers: list[Paper]) -> None:
        self.by_key: dict[object, str] = {}
        for p in papers:
            for e in p.lists:
                self.by_key[e.key] = p.slug
            if p.arxiv:
                self.by_key.setdefault(f"arxiv:{p.arxiv}", p.slug)
            self.by_key.setdefault(f"title:{normalize_title(p.title)}", p.slug)

    def find(self, group: Group) -> str | None:
        keys: list[object] = [i.list_entry.key for i in group.items]
        if group.arxiv:
            keys.append(f"arxiv:{group.arxiv}")
        keys += [f"title:{t}" for t in sorted(group.titles)]
        return next((self.by_key[k] for k in keys if k in self.by_key), None)


def unique_slug(title: str, arxiv: str | None, taken: set[str]) -> str:
    base = slugify(title) or (f"arxiv-{arxiv.replace('.', '-').replace('/', '-')}" if arxiv else "paper")
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = f"{base[: 80 - len(suffix)].rstrip('-')}{suffix}"
        n += 1
    return slug


def new_paper(group: Group, slug: str, vocab: Vocabulary, lists_added: dict[str, dt.date]) -> Paper:
    first = group.items[0].entry
    weekly = [i.entry for i in group.items if i.entry.week]
    category = next((vocab.category_code(i.entry.category) for i in group.items if i.entry.category), None)
    added = min(lists_added[i.list] for i in group.items)
    return Paper(
        slug=slug,
        title=first.title,
        abstract=first.abstract,
        arxiv=group.arxiv,
        category=category,
        week=min(e.week for e in weekly if e.week) if weekly else None,
        added=added,
        tags=assign_tags(vocab.tags, first.title, first.abstract) or ("uncategorised",),
        lists=tuple(i.list_entry for i in group.items),
    )


def plan_import(corpus: Corpus, vocab: Vocabulary, listed: list[Listed]) -> tuple[list[Paper], ImportReport]:
    """Pure: the papers after import (every file, changed or not) and a report."""
    report = ImportReport(entries=len(listed))
    groups = merge(listed)
    report.papers = len(groups)
    imported_lists = {m.id for m in vocab.lists}
    index = _Index(corpus.papers)
    existing = {p.slug: p for p in corpus.papers}
    taken = set(existing) | {a for p in corpus.papers for a in p.aliases}
    entries_for: dict[str, list[Group]] = {}
    lists_added = {m.id: m.added for m in vocab.lists}
    result: dict[str, Paper] = {}
    for group in groups:
        for a, b in group.title_merges:
            report.title_merges.append(
                f"{b.entry.title!r} ({b.list} #{b.entry.rank}) = {a.entry.title!r} ({a.list} #{a.entry.rank})"
            )
        slug = index.find(group)
        if slug is None:
            slug = unique_slug(group.items[0].entry.title, group.arxiv, taken)
            taken.add(slug)
            result[slug] = new_paper(group, slug, vocab, lists_added)
            report.created.append(slug)
        entries_for.setdefault(slug, []).append(group)
    for slug, paper in existing.items():
        kept = [e for e in paper.lists if e.list not in imported_lists]
        fresh = [i.list_entry for g in entries_for.get(slug, []) for i in g.items]
        result[slug] = dataclasses.replace(paper, lists=tuple(fresh + kept))
    return [result[s] for s in sorted(result)], report


def run_import(content: Path) -> ImportReport:
    """Import the source lists into `content/papers/`; write only files whose bytes change."""
    vocab = Vocabulary.load(content)
    corpus = Corpus.load(content, vocab)  # raises CorpusError: nothing is written on bad content
    listed = read_lists(content, vocab)
    papers, report = plan_import(corpus, vocab, listed)
    for paper in papers:
        written = write_if_changed(content / "papers" / f"{paper.slug}.md", dump_paper(paper))
        if written and paper.slug not in report.created:
            report.updated.append(paper.slug)
    return report
