"""The synthetic corpus of the benchmarks: deterministic by seed, valid, shaped like the real papers."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from bench.synthetic import ROOT, make_papers, make_project
from generator.corpus import Corpus
from generator.model import Paper
from generator.vocab import Vocabulary


def _files(project: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((project / "content" / "papers").iterdir())}


def test_same_seed_gives_identical_bytes_and_another_seed_does_not(tmp_path: Path) -> None:
    a = _files(make_project(tmp_path / "a", 50, seed=7))
    b = _files(make_project(tmp_path / "b", 50, seed=7))
    c = _files(make_project(tmp_path / "c", 50, seed=8))
    assert len(a) == 50
    assert a == b
    assert a != c
    assert set(a) != set(c)


def test_remaking_a_project_replaces_its_papers(tmp_path: Path) -> None:
    make_project(tmp_path / "p", 30, seed=1)
    again = _files(make_project(tmp_path / "p", 20, seed=2))
    assert again == _files(make_project(tmp_path / "q", 20, seed=2))


def test_project_is_complete_and_every_paper_is_valid(tmp_path: Path) -> None:
    project = make_project(tmp_path / "p", 50, seed=0)
    for name in ("mkdocs.yml", "overrides/.keep.html"):
        assert (project / name).is_file(), name
    for name in ("tags.yml", "categories.yml", "lists.yml"):
        assert (project / "content" / name).read_bytes() == (ROOT / "content" / name).read_bytes()
    vocab = Vocabulary.load(project / "content")
    for m in vocab.lists:
        assert (project / "content" / "lists" / m.source).is_file()
    corpus, problems = Corpus.scan(project / "content", vocab)
    assert problems == []
    papers = corpus.papers
    assert len(papers) == 50
    assert len({p.slug for p in papers}) == 50
    assert len({p.title.casefold() for p in papers}) == 50
    ids = [p.arxiv for p in papers if p.arxiv]
    assert len(ids) == len(set(ids))


def test_check_cli_passes_on_a_synthetic_project(tmp_path: Path) -> None:
    dest = tmp_path / "cli"
    made = subprocess.run(
        [sys.executable, "-m", "bench.synthetic", str(dest), "--n", "40", "--seed", "3"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert len(list((dest / "content" / "papers").glob("*.md"))) == 40
    check = subprocess.run(
        [sys.executable, "-m", "generator", "check", "--content", str(dest / "content")],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout.startswith("ok: 40 papers")


def test_shape_follows_the_real_corpus() -> None:
    vocab = Vocabulary.load(ROOT / "content")
    papers = make_papers(vocab, 900, seed=0)
    n = len(papers)
    tags = {t.id for t in vocab.tags}
    codes = {c.code for c in vocab.categories}
    for p in papers:
        assert 6 <= len(p.title.split()) <= 14, p.title
        assert 80 <= len(p.abstract.split()) <= 330, p.slug
        assert 0 <= len(p.authors) <= 8
        assert 1 <= len(p.tags) <= 5 and set(p.tags) <= tags
        assert p.category is None or p.category in codes
        assert len(p.lists) <= 3

    def share(pred: Callable[[Paper], bool]) -> float:
        return sum(1 for p in papers if pred(p)) / n

    assert 0.72 <= share(lambda p: p.category is not None) <= 0.88
    assert 0.62 <= share(lambda p: p.arxiv is not None) <= 0.78
    assert 0.22 <= share(lambda p: p.week is not None) <= 0.38
    assert 0.2 <= share(lambda p: bool(p.lists)) <= 0.7
    weeks = {p.week for p in papers if p.week}
    assert abs(len(weeks) - n / 30) <= 3
    mean_words = sum(len(p.abstract.split()) for p in papers) / n
    assert 150 <= mean_words <= 220


def test_list_entries_are_consistent() -> None:
    vocab = Vocabulary.load(ROOT / "content")
    kinds = {m.id: m.kind for m in vocab.lists}
    papers = make_papers(vocab, 600, seed=5)
    groups: dict[tuple[str, dt.date | None], list[int]] = {}
    for p in papers:
        assert len({e.list for e in p.lists}) == len(p.lists)
        for e in p.lists:
            if kinds[e.list] == "weekly":
                assert e.week is not None and e.week == p.week
            else:
                assert e.week is None
            assert (e.citations is not None) == (kinds[e.list] == "ranked")
            groups.setdefault((e.list, e.week), []).append(e.rank)
    assert {list_id for list_id, _ in groups} == set(kinds)
    for key, ranks in groups.items():  # unique per list (per week in a weekly list), 1..k without gaps
        assert sorted(ranks) == list(range(1, len(ranks) + 1)), key
