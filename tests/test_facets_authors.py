"""Authors and years as facets, the consensus ranking and the latest additions.

Unit tests of the identity rules (names.author_key, authors.py) and the orders (rankings.py) on synthetic
papers; page tests on the fixture project's built site (tests/fixture: Mistral 7B and Llama 2 share two
authors, FlauBERT is the newest addition, DPO is in four lists); a browser test of the papers table's
author and year filters.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any

import pytest

from generator import urls
from generator.authors import assign_ids, family_first, people, sort_name
from generator.corpus import Corpus
from generator.facets import AUTHOR_PAGE_MIN, Facet, facets
from generator.model import ListEntry, Paper
from generator.names import author_key
from generator.rankings import consensus, latest_additions
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, screenshot

FLAUBERT = "flaubert-des-modeles-de-langue-contextualises-pre-entraines-pour-le-francais"
DPO = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
LLAMA2 = "llama-2-open-foundation-and-fine-tuned-chat-models"


@pytest.fixture(scope="module")
def fixture_papers() -> tuple[Vocabulary, tuple[Paper, ...]]:
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    return vocab, tuple(Corpus.load(FIXTURE_CONTENT, vocab).papers)


def by_kind(vocab: Vocabulary, papers: tuple[Paper, ...]) -> dict[str, Facet]:
    return {f.kind: f for f in facets(sorted(papers, key=lambda p: p.slug), vocab)}


# ------------------------------------------------------------------ identity rules


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Piotr Dollár", "Piotr Dollar"),
        ("Piotr Dollár", "PIOTR DOLLÁR"),
        ("Piotr Dollár", "Piotr Dolla\u0301r"),  # decomposed accent
        ("Steven C.H. Hoi", "Steven C. H. Hoi"),
        ("Jean-Baptiste Alayrac", "Jean Baptiste Alayrac"),
        ("Łukasz Kaiser", "Lukasz Kaiser"),  # Latin letters NFKD keeps whole
        ("Matthias Aßenmacher", "Matthias Assenmacher"),
        ("Noah  A.  Smith", "Noah A. Smith"),
    ],
)
def test_spellings_of_one_person_share_a_key(a: str, b: str) -> None:
    assert author_key(a) == author_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("A. Vaswani", "Ashish Vaswani"),  # initials are never expanded
        ("Nathanael Schärli", "Nathaneal Schärli"),  # a typo is another name: a curator fixes it
        ("Yi Tay", "Yi Tai"),
        ("Wei Zhang", "Zhang Wei"),  # word order is part of the name
        ("张伟", "章伟"),  # other scripts are compared as written: both would transliterate to Zhang Wei
    ],
)
def test_different_names_never_merge(a: str, b: str) -> None:
    assert author_key(a) != author_key(b)


def test_family_name_first_and_sort_names() -> None:
    assert family_first("Hal Daumé III") == "Daumé Hal III"
    assert family_first("Noah A. Smith") == "Smith Noah A."
    assert family_first("OpenAI") == "OpenAI"
    assert sort_name("Piotr Dollár") == "dollar piotr"
    assert sort_name("Łukasz Kaiser") == "kaiser lukasz"
    assert sort_name("Diego de las Casas") == "casas diego de las"


def test_ids_are_slugs_unique_and_never_a_reserved_name() -> None:
    ids = assign_ids([author_key(n) for n in ("Zhang Wei", "张伟", "Index", "A Z", "—", "Wei Zhang")])
    assert ids[author_key("Zhang Wei")] == "zhang-wei"  # the key that sorts first keeps the bare slug
    assert ids[author_key("张伟")] == "zhang-wei-2"
    assert ids[author_key("Wei Zhang")] == "wei-zhang"
    assert ids[author_key("Index")] == "index-2"  # authors/index.md is the overview
    assert ids[author_key("A Z")] == "a-z-2"  # authors/a-z/ holds the A–Z pages
    assert ids[author_key("—")] == "author"
    assert len(set(ids.values())) == len(ids)
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids.values())
    again = assign_ids(reversed(list(ids)))
    assert again == ids  # deterministic, whatever the order names come in


def paper(slug: str, *authors: str, year: int | None = 2023, lists: tuple[ListEntry, ...] = ()) -> Paper:
    return Paper(slug=slug, title=slug.replace("-", " ").title(), authors=authors, year=year, lists=lists)


def test_people_are_named_by_the_most_common_spelling() -> None:
    papers = [
        paper("a", "Piotr Dollar", "Ada Lovelace"),
        paper("b", "Piotr Dollár"),
        paper("c", "Piotr Dollar", year=2021),
        paper("d", "Kaiming He", "Kaiming He"),  # twice in one paper: one paper
        paper("e", "Yann LeCun"),
        paper("f", "Yann Lecun"),  # a tie: the first spelling alphabetically ("LeCun" < "Lecun")
        paper("g", "Benoit Crabbe"),
        paper("h", "Benoît Crabbé"),  # a tie: the spelling that keeps its accents
    ]
    found = {p.id: p for p in people(papers)}
    dollar = found["piotr-dollar"]
    assert (dollar.name, dollar.spellings, dollar.papers) == ("Piotr Dollar", ("Piotr Dollar", "Piotr Dollár"), 3)
    assert found["kaiming-he"].papers == 1
    assert found["yann-lecun"].name == "Yann LeCun"
    assert found["benoit-crabbe"].name == "Benoît Crabbé"
    assert next(iter(found)) == "piotr-dollar"  # most papers first


def test_author_facet_groups_spellings_and_orders_pages(fixture_papers: tuple[Vocabulary, tuple[Paper, ...]]) -> None:
    vocab, _ = fixture_papers
    papers = (
        paper("old", "Piotr Dollár", year=2019),
        paper("new", "Piotr Dollar", "Ross Girshick", year=2023),
        paper("undated", "Ross Girshick", year=None),
    )
    kinds = by_kind(vocab, papers)
    authors = kinds["authors"]
    dollar = next(t for t in authors.terms if t.id == "piotr-dollar")
    assert [p.slug for p in dollar.papers] == ["new", "old"]  # newest first
    assert dollar.label == "Piotr Dollár"  # a tie of one each: the spelling that keeps its accent
    assert "Also written Piotr Dollar." in dollar.description
    assert [t.id for t in authors.terms] == ["piotr-dollar", "ross-girshick"]  # 2 papers each, no entries: A–Z
    assert {letter.id: [t.id for t in letter.terms] for letter in authors.letters} == {
        "d": ["piotr-dollar"],
        "g": ["ross-girshick"],
    }
    years = kinds["years"]
    assert [(t.id, [p.slug for p in t.papers]) for t in years.terms] == [("2023", ["new"]), ("2019", ["old"])]
    assert [p.slug for p in years.unassigned] == ["undated"]


# ------------------------------------------------------------------ orders


def test_consensus_ranks_by_lists_then_mean_position(fixture_papers: tuple[Vocabulary, tuple[Paper, ...]]) -> None:
    vocab, papers = fixture_papers
    ranked = consensus(papers, vocab.lists)
    assert all(r.lists >= 2 for r in ranked)
    assert len(ranked) == sum(1 for p in papers if len({e.list for e in p.lists}) >= 2)
    keys = [(-r.lists, r.position if r.position is not None else 2.0) for r in ranked]
    assert keys == sorted(keys)
    assert ranked[0].paper.slug == DPO and ranked[0].lists == 4
    assert [r.paper.slug for r in ranked[1:3]] == ["gpt-4-technical-report", LLAMA2]  # three lists each
    gpt4 = ranked[1]
    # #2 of 8, #2 of 5 and #1 of 7: (1/8 + 1/5 + 0/7) / 3
    assert gpt4.position == pytest.approx((1 / 8 + 1 / 5 + 0) / 3) and gpt4.percent == 11


def test_consensus_counts_a_list_once_at_its_better_place() -> None:
    weekly = [ListEntry("weekly-top-papers-2023-q2", r, week=dt.date(2023, 4, 2)) for r in (1, 2, 3, 4)]
    again = ListEntry("weekly-top-papers-2023-q2", 1, week=dt.date(2023, 4, 9))
    twice = paper("twice", lists=(weekly[3], again, ListEntry("best-nlp-papers-2023", 1)))
    others = [paper(f"p{i}", lists=(e,)) for i, e in enumerate(weekly[:3])]
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    (row,) = consensus([twice, *others], vocab.lists)
    assert row.lists == 2 and row.position == 0.0  # first in its second week, first of the best-NLP list


def test_latest_additions_newest_first_by_week(fixture_papers: tuple[Vocabulary, tuple[Paper, ...]]) -> None:
    _, papers = fixture_papers
    groups = latest_additions(papers)
    assert [(g.week, g.total, len(g.papers)) for g in groups] == [
        (dt.date(2026, 11, 9), 1, 1),  # FlauBERT, added by hand on 2026-11-15 (a Sunday)
        (dt.date(2026, 10, 26), 19, 19),  # the import, 2026-11-01
    ]
    assert groups[0].papers[0].slug == FLAUBERT
    assert all(g.week.weekday() == 0 for g in groups)


# ------------------------------------------------------------------ the built fixture site

slow = pytest.mark.slow


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text("utf-8")


def article(html: str) -> str:
    return html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]


@slow
def test_every_author_with_two_papers_has_a_page_with_exactly_their_papers(
    built_site: Path, fixture_papers: tuple[Vocabulary, tuple[Paper, ...]]
) -> None:
    vocab, papers = fixture_papers
    authors = by_kind(vocab, papers)["authors"]
    counts = Counter(key for p in papers for key in {author_key(a) for a in p.authors})
    assert len(counts) == 120  # people on the fixture list ...
    with_pages = {k for k, n in counts.items() if n >= AUTHOR_PAGE_MIN}
    assert len(authors.terms) == len(with_pages) == 2  # ... of whom two have two papers: a page each
    folders = {p.name for p in (built_site / "authors").iterdir() if p.is_dir()} - {"a-z"}
    assert folders == {t.id for t in authors.terms} == {"marie-anne-lachaux", "thibaut-lavril"}
    for term in authors.terms:
        html = article(page(built_site, urls.term("authors", term.id)))
        listed = re.findall(r'class="rl-item__title" href="../../papers/([^/]+)/"', html)
        assert listed == [p.slug for p in term.papers]
        assert f'<h1 id="author-{term.id}">' in html
    lachaux = article(page(built_site, "authors/marie-anne-lachaux"))
    assert re.findall(r'class="rl-item__title" href="../../papers/([^/]+)/"', lachaux) == [LLAMA2, "mistral-7b"]
    assert 'href="../../lists/best-ai-papers-last-5-years/"' in lachaux  # the lists each paper comes from
    assert 'href="../../papers/?author=marie-anne-lachaux"' in lachaux  # in the table's author filter
    assert not (built_site / "authors" / "piotr-dollar").exists()  # one paper: its page is the paper's own


@slow
def test_paper_pages_link_authors_with_pages_and_the_year(built_site: Path) -> None:
    html = page(built_site, "papers/segment-anything")
    byline = html.split('<p class="rl-byline">', 1)[1].split("</p>", 1)[0]
    assert "Piotr Dollár" in byline and 'class="rl-author"' not in byline  # twelve one-paper authors: plain names
    assert 'href="../../years/2023/"' in byline
    llama2 = page(built_site, f"papers/{LLAMA2}").split('<p class="rl-byline">', 1)[1].split("</p>", 1)[0]
    assert '<a class="rl-author" href="../../authors/marie-anne-lachaux/">Marie-Anne Lachaux</a>' in llama2
    assert '<a class="rl-author" href="../../authors/thibaut-lavril/">Thibaut Lavril</a>' in llama2


@slow
def test_authors_overview_most_papers_first_and_a_to_z(built_site: Path) -> None:
    html = article(page(built_site, "authors"))
    rows = re.findall(r'<tr><td><a href="../authors/([^/]+)/">([^<]+)</a></td><td>(\d+)</td></tr>', html)
    assert rows == [("marie-anne-lachaux", "Marie-Anne Lachaux", "2"), ("thibaut-lavril", "Thibaut Lavril", "2")]
    assert "Papers without" not in html  # a paper by one-paper authors only is no orphan
    letters = re.findall(r'href="../authors/a-z/([a-z0-9-]+)/"', html)
    assert letters == ["l"]  # Lachaux, Lavril
    sub = article(page(built_site, "authors/a-z/l"))
    ids = re.findall(r'<tr><td><a href="../../../authors/([^/]+)/">', sub)
    assert ids == ["marie-anne-lachaux", "thibaut-lavril"]  # filed by family name
    assert '<strong aria-current="page">L</strong>' in sub


@slow
def test_year_pages_and_overview(built_site: Path, fixture_papers: tuple[Vocabulary, tuple[Paper, ...]]) -> None:
    _, papers = fixture_papers
    assert {p.name for p in (built_site / "years").iterdir() if p.is_dir()} == {"2020", "2021", "2023"}
    html = article(page(built_site, "years/2021"))
    assert re.findall(r'class="rl-item__title" href="../../papers/([^/]+)/"', html) == [
        "diffusion-models-beat-gans-on-image-synthesis"
    ]
    assert 'href="../../papers/?year=2021"' in html
    overview = article(page(built_site, "years"))
    assert [y for y, _ in re.findall(r'href="../years/(\d{4})/">\d{4}</a></td><td>(\d+)', overview)] == [
        "2023",
        "2021",
        "2020",
    ]
    without = sum(1 for p in papers if p.year is None)
    assert f"Papers without a year ({without})" in overview


@slow
def test_consensus_page_order_and_how(built_site: Path, fixture_papers: tuple[Vocabulary, tuple[Paper, ...]]) -> None:
    vocab, papers = fixture_papers
    html = article(page(built_site, "consensus"))
    assert "(rank − 1) ÷ the number of papers in the ranking" in unescape(html)
    slugs = re.findall(r'<tr><td>\d+</td><td><a href="../papers/([^/]+)/">', html)
    assert slugs == [r.paper.slug for r in consensus(papers, vocab.lists)]
    assert slugs[0] == DPO
    first = html.split(f'href="../papers/{DPO}/"', 1)[1].split("</tr>", 1)[0]
    assert "<td>4</td>" in first and "#4" in first


@slow
def test_new_page_lists_latest_additions_by_week(built_site: Path) -> None:
    html = article(page(built_site, "new"))
    weeks = re.findall(r'<h2 id="added-([0-9-]+)"', html)
    assert weeks == ["2026-11-09", "2026-10-26"]
    first = re.search(r'class="rl-item__title" href="../papers/([^/]+)/"', html)
    assert first and first.group(1) == FLAUBERT
    assert html.count('class="rl-item__title"') == 20
    assert 'href="../feed.xml"' in html


@slow
def test_home_and_nav_link_the_new_pages(built_site: Path) -> None:
    home = page(built_site, "")
    body = article(home)
    for href in ('href="new/"', 'href="consensus/"', 'href="authors/"'):
        assert href in body, href
    nav = home.split('class="md-tabs__list"', 1)[1].split("</ul>", 1)[0]
    for label in ("Years", "Authors", "Consensus", "New"):
        assert re.search(rf">\s*{label}\s*<", nav), label


@slow
def test_papers_table_rows_carry_years_and_table_authors(built_site: Path) -> None:
    html = page(built_site, "papers")
    mistral = re.search(r'<tr data-rl-paper="mistral-7b"[^>]*>', html)
    assert mistral and 'data-year="2023"' in mistral.group(0)
    assert 'data-authors="marie-anne-lachaux thibaut-lavril"' in mistral.group(0)  # the table's authors only
    facets_attr = unescape(re.search(r'data-facets="([^"]*)"', html).group(1))  # type: ignore[union-attr]
    assert '"author": {"marie-anne-lachaux": "Marie-Anne Lachaux", "thibaut-lavril": "Thibaut Lavril"}' in facets_attr
    assert '"year": {"2023": "2023", "2021": "2021", "2020": "2020"}' in facets_attr


# ------------------------------------------------------------------ the table's filters in Chromium


@pytest.fixture
def table(browser: Any, site_url: str) -> Iterator[Any]:
    context = browser.new_context()
    context.route("**/*", lambda r: r.abort() if not r.request.url.startswith(site_url) else r.continue_())
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    yield pg
    context.close()
    assert errors == []


def shown(pg: Any) -> list[str]:
    return pg.eval_on_selector_all(
        "#rl-papers tbody tr", "trs => trs.filter(t => !t.hasAttribute('data-rl-filtered')).map(t => t.dataset.rlPaper)"
    )


@pytest.mark.browser
@slow
def test_table_filters_by_author_and_year(table: Any, site_url: str) -> None:
    pg = table
    pg.goto(site_url + "papers/?author=marie-anne-lachaux")
    pg.wait_for_selector("#rl-papers-filter-author")
    assert pg.input_value("#rl-papers-filter-author") == "marie-anne-lachaux"
    assert sorted(shown(pg)) == [LLAMA2, "mistral-7b"]
    options = pg.eval_on_selector_all("#rl-papers-filter-author option", "os => os.map(o => o.textContent)")
    assert options == ["All authors", "Marie-Anne Lachaux (2)", "Thibaut Lavril (2)"]
    pg.get_by_role("button", name="Reset filters").click()
    pg.select_option("#rl-papers-filter-year", "2021")
    assert shown(pg) == ["diffusion-models-beat-gans-on-image-synthesis"]
    pg.wait_for_function("location.search === '?year=2021'")
    pg.select_option("#rl-papers-filter-author", "thibaut-lavril")
    assert shown(pg) == []  # AND: Lavril wrote nothing in 2021
    pg.select_option("#rl-papers-filter-year", "2023")
    assert sorted(shown(pg)) == [LLAMA2, "mistral-7b"]
    pg.wait_for_function("location.search === '?year=2023&author=thibaut-lavril'")
    screenshot(pg, "table-author-year-filter")
    # From an author page to the table, filtered.
    pg.goto(site_url + "authors/thibaut-lavril/")
    pg.get_by_role("link", name="Open in the papers table").click()
    pg.wait_for_selector("#rl-papers-filter-author")
    assert sorted(shown(pg)) == [LLAMA2, "mistral-7b"]
