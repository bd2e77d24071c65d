"""`check`, the contract: whatever it accepts, `import`, the build and the pull-request workflow accept.

It gathers every problem of a content folder in one pass: the vocabulary files, the
source lists, each paper file, what only the whole corpus shows, what `import` would
change (compared as data, so any valid YAML style passes), and the permalink registry.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import permalinks
from .corpus import Corpus
from .importer import import_problems, read_lists
from .model import Paper
from .vocab import Vocabulary
from .yamlio import Problem


@dataclass(frozen=True)
class CheckResult:
    """What `check` found: counts for the summary line and every problem, ordered by file and line."""

    papers: int
    tags: int
    lists: int
    problems: list[Problem] = field(default_factory=list)
    corpus: list[Paper] = field(default_factory=list)

    def summary(self) -> str:
        """One line: ok with the counts, or how many problems in how many files."""
        if self.problems:
            files = len({p.path for p in self.problems})
            return f"{len(self.problems)} problem(s) in {files} file(s)"
        return f"ok: {self.papers} papers, {self.tags} tags, {self.lists} lists"


COVERED = ("authors", "year", "arxiv", "category", "venue", "aka", "abstract")


def coverage(papers: list[Paper]) -> list[str]:
    """One line per bibliographic field: how many papers have it (`check --report`)."""
    total = len(papers) or 1
    lines = []
    for name in (*COVERED, "code link", "provenance"):
        if name == "code link":
            have = sum(1 for p in papers if dict(p.links).get("code"))
        elif name == "provenance":
            have = sum(1 for p in papers if p.metadata is not None)
        else:
            have = sum(1 for p in papers if getattr(p, name))
        lines.append(f"{name:<11} {have:>6} of {len(papers)}  {100 * have / total:5.1f} %")
    return lines


def check(content: Path, base_registry: Path | None = None) -> CheckResult:
    """Every problem in `content`; `base_registry` is the permalink registry a pull request must not shrink."""
    vocab, problems = Vocabulary.scan(content)
    corpus, found = Corpus.scan(content, vocab)
    problems += found
    if problems:  # the import's view needs a sound corpus; still report broken list files
        problems += read_lists(content, vocab)[1]
    else:
        problems += import_problems(content, vocab, corpus)
    problems += permalinks.problems(content, corpus.papers, vocab.removed, base_registry)
    ordered = sorted(set(problems), key=lambda p: (p.path, p.line, p.field, p.message))
    return CheckResult(len(corpus.papers), len(vocab.tags), len(vocab.lists), ordered, corpus.papers)
