"""The fixture project's site (tests/fixture), built with `mkdocs build --strict`: pages, search, golden files."""

from __future__ import annotations

import os
import re
from html import unescape
from pathlib import Path

import pytest

from generator.corpus import Corpus
from generator.generate import site_info
from generator.linkcheck import check_site
from generator.pages import build_context
from generator.site import render_site
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS, ROOT
from tests.search_index import SiteSearch

GOLDEN = Path(__file__).parent / "golden" / "docs"
DPO = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
TINY = "tinystories-how-small-can-language-models-be-and-still-speak-coherent-english"
FLAUBERT = "flaubert-des-modeles-de-langue-contextualises-pre-entraines-pour-le-francais"
MULTITASK = "multitask-multilingual-multimodal-evaluation-of-chatgpt"  # renamed: the old slug is an alias
MULTITASK_OLD = "a-multitask-multilingual-multimodal-evaluation-of-chatgpt-on-reasoning"
pytestmark = pytest.mark.slow


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def test_one_page_per_paper_and_every_index_page(built_site: Path) -> None:
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    papers = Corpus.load(FIXTURE_CONTENT, vocab).papers
    paper_pages = [p for p in (built_site / "papers").iterdir() if (p / "index.html").exists()]
    assert len(papers) == FIXTURE_PAPERS == 20
    assert len(paper_pages) == len(papers) + 1  # and the redirect page of the renamed paper's old slug
    assert {p.name for p in paper_pages} == {p.slug for p in papers} | {MULTITASK_OLD}
    weeks = [p for p in (built_site / "weeks").iterdir() if p.is_dir()]
    assert len(weeks) == 7
    assert {p.name for p in (built_site / "lists").iterdir() if p.is_dir()} == {m.id for m in vocab.lists}
    used_tags = {t for p in papers for t in p.tags}
    assert {p.name for p in (built_site / "tags").iterdir() if p.is_dir()} == used_tags
    used_categories = {p.category for p in papers if p.category}
    assert {p.name for p in (built_site / "categories").iterdir() if p.is_dir()} == used_categories
    overviews = ("papers", "tags", "categories", "weeks", "lists", "years", "authors", "consensus", "new", "stats")
    for overview in (*overviews, "reading", "reference/schema"):
        assert (built_site / overview / "index.html").exists(), overview


def test_paper_page_has_provenance_links_bibtex_related(built_site: Path) -> None:
    html = page(built_site, f"papers/{DPO}")
    assert "<h1 id=" in html
    assert "Direct Preference Optimization: Your Language Model is Secretly a Reward Model" in html
    # provenance: every list with its rank, citations and week, linking to the list page
    table = html.split('class="rl-provenance"')[1].split("</table>")[0]
    assert table.count("<tr>") == 5  # header + 4 lists
    for rank, cites in (("#4", "2,109"), ("#5", "2,109"), ("#6", "6,374")):
        assert f"<td>{rank}</td><td>{cites}</td>" in table
    assert 'href="../../lists/weekly-top-papers-2023-q2/"' in table and 'href="../../weeks/2023-06-04/"' in table
    assert 'href="../../tags/alignment/"' in html and 'href="../../categories/cs.LG/"' in html
    for link in (
        "https://arxiv.org/abs/2305.18290",
        "https://arxiv.org/pdf/2305.18290",
        "https://huggingface.co/papers/2305.18290",
        "https://www.semanticscholar.org/arxiv/2305.18290",
    ):
        assert f'href="{link}"' in html  # fmt: skip
    assert "@misc{" + DPO in html and "eprint" in html and f'href="../../papers/{DPO}.bib"' in html
    assert (built_site / "papers" / f"{DPO}.bib").read_text("utf-8").startswith("@misc{")
    assert html.split('rl-related"')[1].split("</ul>")[0].count('<li class="rl-item">') == 5
    assert f"https://github.com/reading-list/reading-list/edit/main/content/papers/{DPO}.md" in html
    assert f'<link rel="canonical" href="https://reading-list.github.io/reading-list/papers/{DPO}/">' in html
    assert 'data-rl-paper="' + DPO + '"' in html  # reading-state control hook


def test_paper_without_arxiv_links_to_title_searches(built_site: Path) -> None:
    html = page(built_site, "papers/gpt-4-technical-report")
    assert "https://www.semanticscholar.org/search?q=GPT-4+Technical+Report" in html
    assert "arxiv.org/abs/" not in html


def test_abstract_shows_raw_characters_as_text_and_marks_math(built_site: Path) -> None:
    controlnet = page(built_site, "papers/adding-conditional-control-to-text-to-image-diffusion-models")
    assert "small (&lt;50k) and large (&gt;1m)" in controlnet
    gans = page(built_site, "papers/diffusion-models-beat-gans-on-image-synthesis")
    assert '128<span class="arithmatex">\\(\\times\\)</span>128' in gans
    chatgpt = page(built_site, "papers/chatgpt-outperforms-crowd-workers-for-text-annotation-tasks")
    assert "less than $0.003" in chatgpt  # a lone dollar is currency, not math


def test_list_page_keeps_ranking_and_citations(built_site: Path) -> None:
    html = page(built_site, "lists/best-ai-papers-last-5-years")
    values = [int(v) for v in re.findall(r'<li class="rl-item" value="(\d+)"', html)]
    assert values == list(range(1, 8))
    first = html.split('<li class="rl-item" value="1">')[1].split("</li>")[0]
    assert "GPT-4 Technical Report" in first and "20,121 citations" in first


def test_week_page_keeps_source_order_and_range(built_site: Path) -> None:
    html = page(built_site, "weeks/2023-04-02")
    titles = re.findall(r'class="rl-item__title" href="[^"]+">([^<]+)</a>', html)
    assert titles[:3] == [
        "Machine Learning for Partial Differential Equations",
        "BloombergGPT: A Large Language Model for Finance",
        "ChatGPT Outperforms Crowd-Workers for Text-Annotation Tasks",
    ]
    archive = page(built_site, "weeks")
    assert archive.index("2–8 Apr 2023") < archive.index("25 Jun – 1 Jul 2023")


def test_overviews_count_and_list_papers_without_a_term(built_site: Path) -> None:
    categories = page(built_site, "categories")
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    without = [p for p in Corpus.load(FIXTURE_CONTENT, vocab).papers if not p.category]
    assert len(without) == 11
    assert f"Papers without a category ({len(without)})" in categories
    assert categories.count('<li><a href="../papers/') == len(without)
    tags = page(built_site, "tags")
    assert re.search(r'href="../tags/alignment/">Alignment and RLHF</a></td><td>\d+</td>', tags)


def test_all_papers_table_lists_every_paper(built_site: Path) -> None:
    html = page(built_site, "papers")
    assert html.count("<tr data-rl-paper=") == FIXTURE_PAPERS
    assert 'id="rl-papers-filters" data-facets="{&#34;' in html and "&#34;tag&#34;: {&#34;" in html


def test_generated_index_pages_have_no_edit_button(built_site: Path) -> None:
    assert "content/papers" not in page(built_site, "tags/alignment").split("md-content")[1].split("</article>")[0]
    assert "/edit/main/" not in page(built_site, "weeks/2023-04-02")


def test_internal_links_and_anchors_resolve(built_site: Path) -> None:
    broken, pages = check_site(built_site, "/reading-list/")
    # 20 papers + 1 redirect, 23 tags, 5 categories, 7 weeks, 5 lists, 3 years, the 2 authors with two papers and
    # their 1 A–Z page, and 14 others: home, the 7 overviews (papers, tags, categories, weeks, lists, years,
    # authors), consensus, new, stats, reading, the schema and 404
    assert pages == 21 + 23 + 5 + 7 + 5 + 3 + 2 + 1 + 14 and broken == []


@pytest.fixture(scope="module")
def search(built_site: Path) -> SiteSearch:
    return SiteSearch(built_site)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("direct preference optimization", f"papers/{DPO}/"),
        ("2305.18290", f"papers/{DPO}/"),  # arXiv id
        ("BloombergGPT", "papers/bloomberggpt-a-large-language-model-for-finance/"),
    ],
)
def test_search_finds_paper_first(search: SiteSearch, query: str, expected: str) -> None:
    assert search.search(query)[0] == expected


def test_search_by_title_words_finds_both_titles(search: SiteSearch) -> None:
    top = search.search("segment anything")[:2]
    assert set(top) == {"papers/segment-anything/", "papers/track-anything-segment-anything-meets-videos/"}


def test_search_by_abstract_words_and_tag(search: SiteSearch) -> None:
    assert "papers/bloomberggpt-a-large-language-model-for-finance/" in search.search("bloomberg financial")[:3]
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    tagged = {p.url for p in Corpus.load(FIXTURE_CONTENT, vocab).papers if "robotics" in p.tags}
    robotics = search.search("robotics")
    assert tagged == {"papers/robocat-a-self-improving-generalist-agent-for-robotic-manipulation/"}
    assert set(robotics[: len(tagged)]) == tagged  # the tagged papers first, then the tag and category pages


@pytest.mark.parametrize("query", ["llama", "segment", "gpt-4"])
def test_title_match_ranks_above_abstract_match(search: SiteSearch, query: str) -> None:
    results = search.search(query)
    titled = [r for r in results if query in search.titles[r].lower()]
    others = [r for r in results if r not in titled]
    assert titled and others
    assert max(results.index(r) for r in titled) < min(results.index(r) for r in others)


def test_index_pages_do_not_drown_paper_results(search: SiteSearch) -> None:
    for query in ("language model", "large language models", "model"):  # each matches more than 10 papers
        top = search.search(query)[:10]
        assert all(r.startswith("papers/") and r != "papers/" for r in top), (query, top)


GOLDEN_PAGES = [
    f"papers/{DPO}.md",  # four lists, one of them weekly
    "papers/gpt-4-technical-report.md",  # no arXiv id, a curator's note
    f"papers/{TINY}.md",  # merged by title (trending) and by arXiv id (the weekly list, two weeks)
    f"papers/{FLAUBERT}.md",  # added by hand: accented title and authors, no list, a `paper` link
    "papers/segment-anything.md",  # authors, year and links set by a curator
    f"papers/{MULTITASK_OLD}/index.html",  # the redirect page of a renamed paper
    "categories/physics.chem-ph.md",
    "weeks/2023-06-25.md",
    "lists/index.md",
    "authors/index.md",  # the most papers first, then the A–Z letters
    "authors/marie-anne-lachaux.md",  # two papers, newest first, with their lists
    "authors/a-z/l.md",  # Lachaux and Lavril, filed by family name
    "years/index.md",
    "consensus.md",
    "new.md",
]


def test_generated_pages_match_golden_files() -> None:
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    papers = Corpus.load(FIXTURE_CONTENT, vocab).papers
    tree = render_site(build_context(site_info(ROOT / "mkdocs.yml"), vocab, papers))
    for path in GOLDEN_PAGES:
        golden = GOLDEN / path
        if os.environ.get("UPDATE_GOLDEN"):
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(tree[path], "utf-8")
        assert tree[path] == golden.read_text("utf-8"), f"{path} changed (UPDATE_GOLDEN=1 to accept)"


def test_titles_are_escaped_in_head(built_site: Path) -> None:
    html = page(built_site, f"papers/{FLAUBERT}")
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and unescape(title.group(1)).startswith("FlauBERT : des modèles de langue contextualisés")


def test_a_paper_merged_by_title_and_by_arxiv_id_shows_every_entry(built_site: Path) -> None:
    """TinyStories: the weekly list features it twice (the second time as v2, under another title: merged by
    its arXiv id), the trending list once (no id: merged by title). One page, three provenance rows."""
    html = page(built_site, f"papers/{TINY}")
    table = html.split('class="rl-provenance"')[1].split("</table>")[0]
    assert table.count("<tr>") == 4  # header + 3 entries
    assert 'href="../../weeks/2023-05-21/"' in table and 'href="../../weeks/2023-06-25/"' in table
    assert 'href="../../lists/hf-daily-papers-trending/"' in table
    assert 'href="../../weeks/2023-05-21/">Week of' in html  # the paper's week is its first one
    for week in ("2023-05-21", "2023-06-25"):
        assert page(built_site, f"weeks/{week}").count(f'href="../../papers/{TINY}/"') == 1
    assert "(v2)" not in html  # the title is the first entry's


def test_a_paper_in_no_list_is_listed_as_such(built_site: Path) -> None:
    html = page(built_site, f"papers/{FLAUBERT}")
    assert "<h1" in html and "FlauBERT : des modèles de langue contextualisés pré-entraînés pour le français" in html
    assert "Loïc Vial" in html and "Benoît Crabbé" in html
    assert "Added by hand; not in any imported list." in html and 'class="rl-provenance"' not in html
    assert 'href="https://aclanthology.org/2020.jeptalnrecital-taln.26/"' in html
    assert "Papers without a list (1)" in page(built_site, "lists")


def test_a_renamed_paper_redirects_from_its_old_slug(built_site: Path) -> None:
    html = (built_site / "papers" / MULTITASK_OLD / "index.html").read_text("utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert target is not None and target.group(1) == f"../{MULTITASK}/"
    assert "Hallucination, and Interactivity" in page(built_site, f"papers/{MULTITASK}")
