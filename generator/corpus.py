"""All paper files at once: load, validate each file, then validate across files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .content import read_paper
from .model import Paper, normalize_title
from .vocab import Vocabulary
from .yamlio import Problem

MAX_PAPERS_DIR_ENTRIES = 1_000_000


class CorpusError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


def _field_line(path: Path, field: str) -> int:
    """Line of a top-level field in a valid file (for cross-file messages)."""
    for n, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if line.startswith(f"{field}:") or line.startswith(f"- {field}:"):
            return n
    return 1


def cross_problems(papers: list[Paper], vocab: Vocabulary, folder: Path) -> list[Problem]:
    """What no single file can show: unknown vocabulary, duplicates, slug collisions."""
    problems: list[Problem] = []
    tags = {t.id for t in vocab.tags}
    cats = {c.code for c in vocab.categories}
    lists = {m.id for m in vocab.lists}

    def add(p: Paper, field: str, message: str, fix: str) -> None:
        path = folder / f"{p.slug}.md"
        problems.append(Problem(str(path), _field_line(path, field.split(".")[0]), field, message, fix))

    seen: dict[str, Paper] = {}
    for p in papers:
        for i, tag in enumerate(p.tags):
            if tag not in tags:
                add(p, f"tags.{i}", f"unknown tag {tag!r}", "use a tag from content/tags.yml or add it there")
        if p.category and p.category not in cats:
            add(p, "category", f"unknown category {p.category!r}", "use an arXiv code from content/categories.yml")
        for i, e in enumerate(p.lists):
            if e.list not in lists:
                add(p, f"lists.{i}.list", f"unknown list {e.list!r}", "use a list id from content/lists.yml")
        keys = [p.key, f"title:{normalize_title(p.title)}", *(f"slug:{a}" for a in p.aliases)]
        for key in dict.fromkeys(keys):
            other = seen.get(key)
            if other is not None and other.slug != p.slug:
                what = key.split(":")[0]
                field = {"arxiv": "arxiv", "title": "title", "slug": "aliases"}[what]
                fix = f"merge it into content/papers/{other.slug}.md (list the old slug under aliases)"
                add(p, field, f"same {what} as {other.slug}.md", fix)
            seen.setdefault(key, p)
    slugs = {p.slug for p in papers}
    for p in papers:
        for alias in p.aliases:
            if alias in slugs:
                add(p, "aliases", f"alias {alias!r} is the slug of an existing paper", "remove the alias")
    return problems


@dataclass(frozen=True)
class Corpus:
    papers: list[Paper]

    @classmethod
    def scan(cls, content: Path, vocab: Vocabulary) -> tuple[Corpus, list[Problem]]:
        """Every valid paper plus every problem found (per file and across files)."""
        folder = content / "papers"
        papers: list[Paper] = []
        problems: list[Problem] = []
        names: dict[str, str] = {}
        for path in sorted(folder.iterdir()) if folder.is_dir() else []:
            if path.name.startswith(".") and path.name.endswith(".tmp"):
                continue  # an interrupted atomic write's leftover is not content
            if path.suffix != ".md" or path.name == "README.md":
                if path.name != "README.md":
                    problems.append(Problem(str(path), 1, "-", "not a paper file", "paper files end in .md"))
                continue
            folded = path.name.casefold()
            if folded in names:
                problems.append(Problem(str(path), 1, "slug", f"differs from {names[folded]} only by case", "rename"))
            names[folded] = path.name
            paper, found = read_paper(path)
            problems += found
            if paper is not None:
                papers.append(paper)
        problems += cross_problems(papers, vocab, folder)
        return cls(papers), problems

    @classmethod
    def load(cls, content: Path, vocab: Vocabulary) -> Corpus:
        corpus, problems = cls.scan(content, vocab)
        if problems:
            raise CorpusError(problems)
        return corpus
