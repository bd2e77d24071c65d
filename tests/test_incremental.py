"""`generate` is incremental: it rewrites exactly the docs/ files whose bytes change, so a preview
(`mkdocs serve --dirty`, which re-renders pages newer than their output) redoes only those pages.

Each step first stamps every docs/ file with an old mtime, so a rewrite shows however coarse the
file system's clock is.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

from bench.synthetic import make_project
from generator.content import dump_paper, read_paper
from generator.corpus import Corpus
from generator.generate import generate
from generator.model import Paper
from generator.related import related
from generator.vocab import Vocabulary

OLD = 1_000_000_000  # 2001-09-09: any rewrite gets a later mtime


def _stamp(docs: Path) -> dict[str, str]:
    """Give every docs/ file the old mtime; return its text by relative path."""
    texts = {}
    for path in docs.rglob("*"):
        if path.is_file():
            os.utime(path, (OLD, OLD))
            texts[path.relative_to(docs).as_posix()] = path.read_text("utf-8")
    return texts


def _rewritten(docs: Path) -> set[str]:
    return {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and p.stat().st_mtime != OLD}


def _papers(project: Path) -> list[Paper]:
    content = project / "content"
    return Corpus.load(content, Vocabulary.load(content)).papers


def _save(project: Path, paper: Paper) -> None:
    path = project / "content" / "papers" / f"{paper.slug}.md"
    path.write_text(dump_paper(paper), "utf-8")
    assert read_paper(path)[0] == paper


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_project(tmp_path_factory.mktemp("incremental") / "project", 60, seed=11)


def _showcase(project: Path) -> Paper:
    """A paper that shows up in many places: in lists, with a week, a category, and among others' related papers."""
    papers = _papers(project)
    rel = related(papers)
    cited = {s for slugs in rel.values() for s in slugs}
    return max(papers, key=lambda p: (p.slug in cited, bool(p.lists), p.week is not None, bool(p.category), p.slug))


def test_first_run_writes_everything_second_run_nothing(project: Path) -> None:
    docs = project / "docs"
    first = generate(project)
    files = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file()}
    assert first.written == first.files == len(files) > 60 * 2
    assert first.removed == 0

    _stamp(docs)
    second = generate(project)
    assert (second.written, second.removed, second.files) == (0, 0, first.files)
    assert _rewritten(docs) == set()


def test_editing_notes_rewrites_that_papers_page_and_only_the_data_that_carries_notes(project: Path) -> None:
    """Of the pages, only the paper's own shows its notes; the downloads that include notes (JSON
    exports listing the paper) change too, and nothing else."""
    docs = project / "docs"
    generate(project)
    paper = _showcase(project)
    before = _stamp(docs)
    note = "A new curator note, shown on the paper page."
    _save(project, replace(paper, notes=note))

    report = generate(project)
    changed = _rewritten(docs)
    carrying = {p.relative_to(docs).as_posix() for p in docs.rglob("*") if p.is_file() and note in p.read_text()}
    assert changed == carrying
    assert report.written == len(changed) and report.removed == 0
    assert {path for path in changed if path.endswith(".md")} == {f"papers/{paper.slug}.md"}
    for path in changed:
        assert paper.slug in before[path], path  # every rewritten file is about this paper
    assert len(changed) <= 12, sorted(changed)


def test_retitling_rewrites_exactly_the_pages_that_show_the_title(project: Path) -> None:
    """Same words, new order: the related-paper vectors (bags of words) do not move, so exactly the
    pages that showed the old title change: its page and .bib, the all-papers table, its term pages
    and the pages listing it among their related papers."""
    docs = project / "docs"
    generate(project)
    paper = _showcase(project)
    before = _stamp(docs)
    showing = {path for path, text in before.items() if paper.title in text}
    words = paper.title.rstrip(":").split()
    new_title = " ".join([words[-1], *words[1:-1], words[0]]).rstrip(":")
    assert new_title != paper.title
    rel_before = related(_papers(project))
    _save(project, replace(paper, title=new_title))

    report = generate(project)
    changed = _rewritten(docs)
    assert related(_papers(project)) == rel_before
    assert changed == showing
    assert report.written == len(changed)
    # The relationships, stated from the model rather than read from the output.
    must = {f"papers/{paper.slug}.md", f"papers/{paper.slug}.bib", "papers/index.md"}
    must |= {f"tags/{t}.md" for t in paper.tags}
    must |= {f"lists/{e.list}.md" for e in paper.lists}
    must |= {f"papers/{slug}.md" for slug, peers in rel_before.items() if paper.slug in peers}
    must.add(f"categories/{paper.category}.md" if paper.category else "categories/index.md")
    if paper.week:
        must.add(f"weeks/{paper.week.isoformat()}.md")
    assert must <= changed, must - changed
    assert len(changed) <= len(before) // 4, sorted(changed)
    for path in ("stats.md", "reading.md", "reference/schema.md", "tags/index.md", "lists/index.md"):
        assert path not in changed or path in showing
    for path in set(before) - changed:
        assert (docs / path).read_text("utf-8") == before[path]


def test_a_new_title_also_rewrites_pages_whose_related_papers_changed(project: Path) -> None:
    """New words move the TF-IDF weights, so other papers' related lists may change: those pages
    are rewritten too, and nothing else."""
    docs = project / "docs"
    generate(project)
    paper = _showcase(project)
    before = _stamp(docs)
    showing = {path for path, text in before.items() if paper.title in text}
    rel_before = related(_papers(project))
    _save(project, replace(paper, title="Quokka Zebra Tuning for Wombat Benchmarks"))
    rel_after = related(_papers(project))

    generate(project)
    changed = _rewritten(docs)
    ripple = {f"papers/{slug}.md" for slug in rel_after if rel_after[slug] != rel_before[slug]}
    assert showing <= changed
    assert changed <= showing | ripple
    assert f"papers/{paper.slug}.md" in changed
    assert len(changed) <= len(before) // 3, sorted(changed)
