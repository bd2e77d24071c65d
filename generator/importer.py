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

from .content import dump_paper, replace_lists
from .corpus import Corpus, CorpusError, display, week_problem
from .fsutil import atomic_write, write_if_changed
from .merge import Group, Listed, merge
from .model import ListEntry, Paper
from .names import normalize_title, paper_keys, slugify
from .sources import READERS, SourceError
from .vocab import Vocabulary, assign_tags
from .yamlio import Problem


@dataclass
class ImportReport:
    """What `import` found and did."""

    entries: int = 0
    papers: int = 0
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    title_merges: list[str] = field(default_factory=list)

    def summary(self) -> str:
        """One line for the command's output."""
        return (
            f"{self.entries} entries from the lists, {self.papers} papers: "
            f"{len(self.created)} created, {len(self.updated)} updated, "
            f"{self.papers - len(self.created) - len(self.updated)} unchanged; "
            f"{len(self.title_merges)} merges relied on title matching"
        )


def read_lists(content: Path, vocab: Vocabulary) -> tuple[list[Listed], list[Problem]]:
    """Every entry of every source list, and every problem with a list file (one per file: where its reader
    stopped) or with an entry's week (not on the list's `week_start` day, or out of range)."""
    listed: list[Listed] = []
    problems: list[Problem] = []
    for meta in vocab.lists:
        path = content / "lists" / meta.source
        try:
            entries = READERS[meta.format](path)
        except SourceError as exc:
            problems.append(exc.as_problem())
            continue
        for e in entries:
            if e.week is None:
                continue
            why = week_problem(e.week, meta.week_start)
            if why:
                problems.append(Problem(str(path), e.line, "week", *why))
        listed += [Listed(meta.id, e) for e in entries]
    return listed, problems


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
        """The slug of the existing paper a group belongs to, if any."""
        keys: list[object] = [i.list_entry.key for i in group.items]
        if group.arxiv:
            keys.append(f"arxiv:{group.arxiv}")
        keys += [f"title:{t}" for t in sorted(group.titles)]
        return next((self.by_key[k] for k in keys if k in self.by_key), None)


def unique_slug(title: str, arxiv: str | None, taken: set[str]) -> str:
    """A slug for a new paper: from its title (or arXiv id), unique among `taken`."""
    base = slugify(title) or (f"arxiv-{arxiv.replace('.', '-').replace('/', '-')}" if arxiv else "paper")
    slug, n = base, 2
    while slug in taken:
        suffix = f"-{n}"
        slug = f"{base[: 80 - len(suffix)].rstrip('-')}{suffix}"
        n += 1
    return slug


def new_paper(group: Group, slug: str, vocab: Vocabulary, lists_added: dict[str, dt.date]) -> Paper:
    """The file a merged group of list entries becomes when no paper holds it yet."""
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
    gone = {key for r in vocab.removed for key in paper_keys(r.title, r.arxiv)}
    for group in groups:
        if gone & {*group.keys}:
            continue  # taken off the list (content/removed.yml): its source entries stay data, not papers
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


def claim_problems(corpus: Corpus, listed: list[Listed]) -> list[Problem]:
    """Two files holding the same list entry (a copied file that kept its `lists:`). The file whose title or
    arXiv id is the entry's own keeps it; the others are blamed. When that cannot tell, every holder is named."""
    source = {item.list_entry.key: item.entry for item in listed}
    holders: dict[tuple[str, str, int], list[tuple[Paper, int]]] = {}
    for p in corpus.papers:
        for i, e in enumerate(p.lists):
            holders.setdefault(e.key, []).append((p, i))
    problems = []
    for key, found in sorted(holders.items()):
        if len(found) < 2:
            continue
        entry = source.get(key)
        own = set(paper_keys(entry.title, entry.arxiv)) if entry else set()
        owners = [p.slug for p, _ in found if own & set(paper_keys(p.title, p.arxiv))]
        blamed = [(p, i) for p, i in found if p.slug not in owners] if len(owners) == 1 else found
        for p, i in blamed:
            others = ", ".join(f"content/papers/{q.slug}.md" for q, _ in found if q.slug != p.slug)
            what = f"list entry {key[0]} #{key[2]}" + (f" (week {key[1]})" if key[1] else "")
            fix = "delete this file's `lists:` (a copied file must not keep them), or merge the two papers"
            problems.append(corpus.problem(p.slug, ("lists", i), f"{what} is also in {others}", fix))
    return problems


def _entries_text(entries: tuple[ListEntry, ...]) -> str:
    return ", ".join(f"{e.list} #{e.rank}" + (f" ({e.week})" if e.week else "") for e in entries) or "none"


def drift_problems(corpus: Corpus, planned: list[Paper]) -> list[Problem]:
    """What `import` would change, as problems: a file whose `lists` differ from the source lists, a list
    entry with no paper file yet. Compared as data, so a hand edit in any YAML style is no change."""
    existing = {p.slug: p for p in corpus.papers}
    fix = "run `python -m generator import` and commit the result (import owns `lists:`; edit a source list instead)"
    problems = []
    for paper in planned:
        old = existing.get(paper.slug)
        if old is None:
            entries = _entries_text(paper.lists)
            path = display(corpus.folder / f"{paper.slug}.md")
            problems.append(Problem(path, 1, "-", f"missing: the source lists hold this paper ({entries})", fix))
        elif old.lists != paper.lists:
            gone = tuple(e for e in old.lists if e not in paper.lists)
            new = tuple(e for e in paper.lists if e not in old.lists)
            what = f"import would remove {_entries_text(gone)} and add {_entries_text(new)}"
            problems.append(corpus.problem(paper.slug, ("lists",), what, fix))
    return problems


def import_problems(content: Path, vocab: Vocabulary, corpus: Corpus) -> list[Problem]:
    """Everything `import` would refuse or change: broken source lists, contested list entries, drift."""
    listed, problems = read_lists(content, vocab)
    if problems:
        return problems
    problems = claim_problems(corpus, listed)
    if problems:
        return problems
    planned, _ = plan_import(corpus, vocab, listed)
    return drift_problems(corpus, planned)


def run_import(content: Path) -> ImportReport:
    """Import the source lists into `content/papers/`. A file is written only when its data changes, and then
    only its `lists:` lines: everything people wrote keeps its bytes."""
    vocab = Vocabulary.load(content)
    corpus = Corpus.load(content, vocab)  # raises CorpusError: nothing is written on bad content
    listed, problems = read_lists(content, vocab)
    problems += claim_problems(corpus, listed)
    if problems:
        raise CorpusError(problems)
    papers, report = plan_import(corpus, vocab, listed)
    existing = {p.slug: p for p in corpus.papers}
    for paper in papers:
        path = content / "papers" / f"{paper.slug}.md"
        old = existing.get(paper.slug)
        if old is None:
            atomic_write(path, dump_paper(paper))
        elif old != paper:
            write_if_changed(path, replace_lists(path.read_text("utf-8"), paper))
            report.updated.append(paper.slug)
    return report
