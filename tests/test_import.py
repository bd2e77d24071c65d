"""The import, on the fixture project (tests/fixture): counts, known papers field by field, idempotence,
hand edits, round trip."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from generator.cli import main
from generator.content import dump_paper, parse_paper, read_paper
from generator.corpus import Corpus
from generator.importer import plan_import, read_lists, run_import
from generator.model import ListEntry
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS

CONTENT = FIXTURE_CONTENT
W = "weekly-top-papers-2023-q2"
IMPORTED = 19  # papers the fixture's lists hold; the 20th fixture paper was added by hand


@pytest.fixture
def fresh(tmp_path: Path) -> Path:
    """A content folder with the lists and vocabulary but no papers yet."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, ignore=shutil.ignore_patterns("papers"))
    (content / "papers").mkdir()
    return content


def papers_by_slug(content: Path) -> dict:
    return {p.slug: p for p in Corpus.load(content, Vocabulary.load(content)).papers}


def test_import_yields_33_entries_and_19_papers(fresh: Path) -> None:
    report = run_import(fresh)
    assert report.entries == 33
    assert report.papers == IMPORTED == len(list((fresh / "papers").glob("*.md")))
    papers = papers_by_slug(fresh)
    assert sum(len(p.lists) for p in papers.values()) == 33
    per_list = {
        m.id: sum(e.list == m.id for p in papers.values() for e in p.lists) for m in Vocabulary.load(fresh).lists
    }
    assert per_list == {
        "best-nlp-papers-2023": 8,
        "best-nlp-papers-last-5-years": 5,
        "best-ai-papers-last-5-years": 7,
        W: 10,
        "hf-daily-papers-trending": 3,
    }
    assert len(report.title_merges) == 13  # merges relying on titles are reported
    assert all(" = " in line for line in report.title_merges)
    # TinyStories' second weekly entry has another title: it joins by arXiv id, which is no title merge
    assert not [line for line in report.title_merges if "(v2)" in line]
    assert len([line for line in report.title_merges if line.startswith("'TinyStories: How Small")]) == 1


KNOWN = {
    "gpt-4-technical-report": dict(
        title="GPT-4 Technical Report",
        arxiv=None,
        lists=(
            ListEntry("best-nlp-papers-2023", 2, 9096),
            ListEntry("best-nlp-papers-last-5-years", 2, 9096),
            ListEntry("best-ai-papers-last-5-years", 1, 20121),
        ),
    ),
    "llama-open-and-efficient-foundation-language-models": dict(
        title="LLaMA: Open and Efficient Foundation Language Models",
        lists=(ListEntry("best-nlp-papers-2023", 1, 9482), ListEntry("best-nlp-papers-last-5-years", 1, 9482)),
    ),
    "direct-preference-optimization-your-language-model-is-secretly-a-reward-model": dict(
        arxiv="2305.18290",
        category="cs.LG",
        week=dt.date(2023, 6, 4),
        lists=(
            ListEntry("best-nlp-papers-2023", 4, 2109),
            ListEntry("best-nlp-papers-last-5-years", 5, 2109),
            ListEntry("best-ai-papers-last-5-years", 6, 6374),
            ListEntry(W, 1, None, dt.date(2023, 6, 4)),
        ),
    ),
    "bloomberggpt-a-large-language-model-for-finance": dict(
        arxiv="2303.17564",
        category="cs.LG",
        week=dt.date(2023, 4, 2),
        lists=(ListEntry("best-nlp-papers-2023", 7, 599), ListEntry(W, 2, None, dt.date(2023, 4, 2))),
    ),
    "segment-anything": dict(
        arxiv="2304.02643",
        category="cs.CV",
        lists=(ListEntry("best-ai-papers-last-5-years", 4, 10660), ListEntry(W, 1, None, dt.date(2023, 4, 9))),
    ),
    "tinystories-how-small-can-language-models-be-and-still-speak-coherent-english": dict(
        title="TinyStories: How Small Can Language Models Be and Still Speak Coherent English?",  # the first entry's
        arxiv="2305.07759",
        week=dt.date(2023, 5, 21),
        lists=(
            ListEntry(W, 1, None, dt.date(2023, 5, 21)),
            ListEntry(W, 2, None, dt.date(2023, 6, 25)),  # "TinyStories (v2): ...", .../2305.07759v2
            ListEntry("hf-daily-papers-trending", 3),
        ),
    ),
    "lora-low-rank-adaptation-of-large-language-models": dict(
        lists=(ListEntry("best-nlp-papers-last-5-years", 4, 6955), ListEntry("best-ai-papers-last-5-years", 3, 14774)),
    ),
    "machine-learning-for-partial-differential-equations": dict(
        arxiv="2303.17078",
        category="cs.LG",
        week=dt.date(2023, 4, 2),
        lists=(ListEntry(W, 1, None, dt.date(2023, 4, 2)),),
    ),
    "chatglm-a-family-of-large-language-models-from-glm-130b-to-glm-4-all-tools": dict(
        arxiv=None, category=None, week=None, lists=(ListEntry("hf-daily-papers-trending", 1),)
    ),
    "robocat-a-self-improving-generalist-agent-for-robotic-manipulation": dict(
        arxiv="2306.11706", category="cs.RO", lists=(ListEntry(W, 1, None, dt.date(2023, 6, 25)),)
    ),
    "chemcrow-augmenting-large-language-models-with-chemistry-tools": dict(
        arxiv="2304.05376", category="physics.chem-ph", lists=(ListEntry(W, 1, None, dt.date(2023, 4, 16)),)
    ),
}


def test_known_papers_field_by_field(fresh: Path) -> None:
    run_import(fresh)
    papers = papers_by_slug(fresh)
    for slug, fields in KNOWN.items():
        paper = papers[slug]
        for name, value in fields.items():
            assert getattr(paper, name) == value, f"{slug}.{name}"
        assert paper.tags and "uncategorised" not in paper.tags, slug
        assert paper.abstract


def test_categories_map_names_to_codes_and_subfields(fresh: Path) -> None:
    run_import(fresh)
    papers = papers_by_slug(fresh).values()
    cats = {p.category for p in papers if p.category}
    assert cats == {"cs.CL", "cs.LG", "cs.CV", "physics.chem-ph", "cs.RO"}  # "Physics > Chemical Physics"
    assert sum(1 for p in papers if p.category) == 9  # the weekly list's papers: only it names categories
    assert len([p for p in papers if not p.category]) == IMPORTED - 9


def test_every_seed_paper_has_a_meaningful_tag(fresh: Path) -> None:
    run_import(fresh)
    for p in papers_by_slug(fresh).values():
        assert p.tags and "uncategorised" not in p.tags, p.slug


def test_reimport_writes_nothing(fresh: Path) -> None:
    run_import(fresh)
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (fresh / "papers").iterdir()}
    report = run_import(fresh)
    assert report.created == [] and report.updated == []
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in (fresh / "papers").iterdir()}


def test_hand_edits_survive_reimport(fresh: Path) -> None:
    run_import(fresh)
    path = fresh / "papers" / "gpt-4-technical-report.md"
    text = path.read_text("utf-8")
    edited = (
        text.replace("title: GPT-4 Technical Report", "title: GPT-4 Technical Report (OpenAI)")
        .replace("tags: [llm, pretraining]", "tags: [llm]")
        .replace("authors: []", "authors: [OpenAI]\nnotes: Read section 2 first.")
    )
    assert edited != text
    path.write_text(edited, "utf-8")
    report = run_import(fresh)
    assert report.created == [] and report.updated == []
    assert path.read_text("utf-8") == edited
    assert len(list((fresh / "papers").glob("*.md"))) == IMPORTED  # no duplicate for the renamed title


def test_import_rewrites_only_its_own_field(fresh: Path) -> None:
    """A removed list entry comes back; everything people own stays."""
    run_import(fresh)
    path = fresh / "papers" / "segment-anything.md"
    text = path.read_text("utf-8")
    cut = text.replace("- list: best-ai-papers-last-5-years\n  rank: 4\n  citations: 10660\n", "")
    assert cut != text
    path.write_text(cut.replace("tags: [computer-vision, datasets]", "tags: [computer-vision]"), "utf-8")
    report = run_import(fresh)
    assert report.updated == ["segment-anything"]
    assert "rank: 4\n  citations: 10660" in path.read_text("utf-8")
    assert "tags: [computer-vision]\n" in path.read_text("utf-8")


def test_import_refuses_to_write_over_broken_content(fresh: Path) -> None:
    run_import(fresh)
    broken = fresh / "papers" / "segment-anything.md"
    broken.write_text("---\ntitle: [unclosed\n---\n", "utf-8")
    snapshot = {p.name: p.read_bytes() for p in (fresh / "papers").iterdir()}
    assert main(["import", "--content", str(fresh)]) == 1
    assert snapshot == {p.name: p.read_bytes() for p in (fresh / "papers").iterdir()}


def test_round_trip_every_content_file() -> None:
    """load -> dump -> load gives the same Paper, and dump is the file's exact text."""
    paths = sorted((CONTENT / "papers").glob("*.md"))
    assert len(paths) == FIXTURE_PAPERS
    for path in paths:
        paper, problems = read_paper(path)
        assert paper is not None, problems
        text = dump_paper(paper)
        assert text == path.read_text("utf-8"), path.name
        again, problems = parse_paper(text, str(path), path.stem)
        assert again == paper and not problems


def test_committed_content_is_current() -> None:
    """The fixture's papers are exactly what import produces from its lists (and keeps the hand edits)."""
    vocab = Vocabulary.load(CONTENT)
    corpus = Corpus.load(CONTENT, vocab)
    planned, report = plan_import(corpus, vocab, read_lists(CONTENT, vocab)[0])
    assert report.created == []
    assert report.papers == IMPORTED and report.title_merges  # ... and it did merge
    assert {p.slug: p for p in planned} == {p.slug: p for p in corpus.papers}


def test_slugs_are_short_unique_and_safe() -> None:
    slugs = [p.stem for p in (CONTENT / "papers").glob("*.md")]
    assert len(slugs) == len(set(slugs)) == FIXTURE_PAPERS
    assert all(len(s) <= 80 and s.replace("-", "").isalnum() and s == s.lower() for s in slugs)
