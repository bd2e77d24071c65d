"""RSS and Atom feeds: parsed back with feedparser from the built site, and reproducible."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest

from generator.corpus import Corpus
from generator.feeds import FEED_KINDS, MAX_ENTRIES, newest_first, render_feeds, summary
from generator.generate import site_info
from generator.model import Paper
from generator.pages import Context, build_context
from generator.urls import feeds as feed_paths
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, ROOT

SITE_URL = "https://reading-list.github.io/reading-list/"


@pytest.fixture(scope="module")
def ctx() -> Context:
    """The fixture project (tests/fixture)."""
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    return build_context(site_info(ROOT / "mkdocs.yml"), vocab, Corpus.load(FIXTURE_CONTENT, vocab).papers)


def expected_feeds(ctx: Context) -> dict[str, tuple[Paper, ...]]:
    """Feed folder ("" for the whole list) -> the papers it follows."""
    out: dict[str, tuple[Paper, ...]] = {"": tuple(ctx.papers)}
    for facet in ctx.facets:
        if facet.kind in FEED_KINDS:
            out |= {facet.term_url(t.id): t.papers for t in facet.terms}
    return out


def own_date(p: Paper) -> dt.date | None:
    """The paper's date as the feeds should know it: its arXiv id's month (`2305.18290`), else its year."""
    if p.arxiv and p.arxiv[:4].isdigit():
        return dt.date(2000 + int(p.arxiv[:2]), int(p.arxiv[2:4]), 1)
    return dt.date(p.year, 1, 1) if p.year else None


def entry_key(p: Paper) -> tuple[int, int, str, str]:
    """Newest additions first, then the newest papers (no date last), then by title."""
    assert p.added is not None
    return (-p.added.toordinal(), -(own_date(p) or dt.date.min).toordinal(), p.title.casefold(), p.slug)


@pytest.mark.slow
def test_every_feed_parses_and_links_to_built_pages(built_site: Path, ctx: Context) -> None:
    feeds = expected_feeds(ctx)
    assert len(feeds) == 1 + sum(len(f.terms) for f in ctx.facets if f.kind in FEED_KINDS)
    for folder, papers in feeds.items():
        unique = {p.slug: p for p in papers}
        want = sorted(unique.values(), key=entry_key)[:MAX_ENTRIES]
        for fmt in ("feed.xml", "feed.atom"):
            path = built_site / folder / fmt
            parsed = feedparser.parse(path.read_bytes())
            assert not parsed.bozo, (path, parsed.get("bozo_exception"))
            assert parsed.version == ("rss20" if fmt == "feed.xml" else "atom10")
            assert parsed.feed.link == SITE_URL + folder  # the page the feed follows
            assert len(parsed.entries) == min(len(unique), MAX_ENTRIES), path
            links = [e.link for e in parsed.entries]
            assert links == [SITE_URL + p.url for p in want], path  # newest first, ties by title
            for entry in parsed.entries:
                assert entry.id == entry.link
                slug = entry.link.removeprefix(SITE_URL + "papers/").rstrip("/")
                assert (built_site / "papers" / slug / "index.html").is_file(), entry.link
                assert entry.title == " ".join(unique[slug].title.split())
                assert {t.term for t in entry.get("tags", [])} == set(
                    unique[slug].tags if fmt == "feed.atom" else [ctx.common["tags"][t] for t in unique[slug].tags]
                )
            if fmt == "feed.xml":  # every <guid> is the permalink, marked isPermaLink="true"
                guids = ElementTree.parse(path).getroot().findall("channel/item/guid")
                assert [(g.text, g.get("isPermaLink")) for g in guids] == [(link, "true") for link in links]
            # dated by the paper's own date; ordered by when it was added, then by that date
            shown = [unique[e.link.removeprefix(SITE_URL + "papers/").rstrip("/")] for e in parsed.entries]
            added = [p.added for p in shown]
            dates = [dt.date(*e.published_parsed[:3]) if "published_parsed" in e else None for e in parsed.entries]
            assert dates == [own_date(p) for p in shown]
            keys = [(a, d or dt.date.min) for a, d in zip(added, dates, strict=True)]
            assert keys == sorted(keys, reverse=True)
            if fmt == "feed.atom":  # <updated>: when it entered the list
                assert [dt.date(*e.updated_parsed[:3]) for e in parsed.entries] == added
            updated = parsed.feed.get("updated_parsed")
            assert updated and dt.date(*updated[:3]) == max(p.added for p in papers if p.added)


@pytest.mark.slow
def test_built_feeds_are_the_generated_bytes(built_site: Path, ctx: Context) -> None:
    """MkDocs copies feeds as they are; rendering again gives the same bytes (no clock in them)."""
    first, second = render_feeds(ctx), render_feeds(ctx)
    assert first == second
    for path, text in first.items():
        assert (built_site / path).read_text("utf-8") == text, path


def test_feed_paths_sit_next_to_the_term_page() -> None:
    assert feed_paths() == {"rss": "feed.xml", "atom": "feed.atom"}
    assert feed_paths("tags", "llm") == {"rss": "tags/llm/feed.xml", "atom": "tags/llm/feed.atom"}


def test_newest_first_orders_by_added_then_title_and_drops_duplicates() -> None:
    old = Paper(slug="b-old", title="B old", added=dt.date(2024, 1, 1))
    new_b = Paper(slug="b-new", title="b new", added=dt.date(2025, 1, 1))
    new_a = Paper(slug="a-new", title="A new", added=dt.date(2025, 1, 1))
    assert [p.slug for p in newest_first([old, new_b, new_a, old])] == ["a-new", "b-new", "b-old"]
    assert len(newest_first([old, new_a, new_b], limit=2)) == 2


def test_papers_added_the_same_day_come_newest_paper_first_with_their_own_dates(built_site: Path) -> None:
    """An import adds hundreds of papers on one day: the feed orders them by the papers' own dates, newest first,
    and dates each entry by its paper (arXiv month, else year), not all by the import day."""
    for fmt in ("feed.xml", "feed.atom"):
        parsed = feedparser.parse((built_site / fmt).read_bytes())
        imported = parsed.entries[1:]  # the first was added by hand, later; the others by one import
        days = [dt.date(*e.published_parsed[:3]) for e in imported if "published_parsed" in e]
        assert len(set(days)) >= 5, days  # real dates, not one day for all
        assert days == sorted(days, reverse=True)
        titles = [e.title for e in imported]
        assert titles != sorted(titles), "the feed is in alphabetical order"
        if fmt == "feed.atom":  # when it entered the list
            assert {e.updated_parsed[:3] for e in imported} == {(2026, 11, 1)}
    dpo = Paper(slug="d", title="D", arxiv="2305.18290", year=2023, added=dt.date(2026, 11, 1))
    old = Paper(slug="o", title="O", year=2017, added=dt.date(2026, 11, 1))
    later = Paper(slug="l", title="L", arxiv="1706.03762", added=dt.date(2026, 12, 1))
    assert [p.slug for p in newest_first([old, dpo, later])] == ["l", "d", "o"]


def test_summary_is_one_plain_line_cut_at_a_word() -> None:
    assert summary("Two\n\nparagraphs\tand\x00 a control.") == "Two paragraphs and a control."
    long = "word " * 300
    cut = summary(long, limit=50)
    assert len(cut) <= 50 and cut.endswith("word…")


def test_hostile_titles_stay_well_formed(ctx: Context) -> None:
    hostile = Paper(
        slug="hostile",
        title='Quotes "and" <angles> & ampersands ]]> \x0b',
        abstract="<script>alert(1)</script> & more",
        added=dt.date(2030, 1, 1),
        tags=("llm",),
        authors=("A <b>Bold</b> & Co",),
    )
    small = Context(ctx.site, ctx.vocab, [hostile], (), {})
    feeds = render_feeds(small)
    assert set(feeds) == {"feed.xml", "feed.atom"}
    for text in feeds.values():
        parsed = feedparser.parse(text.encode("utf-8"))
        assert not parsed.bozo, parsed.get("bozo_exception")
        entry = parsed.entries[0]
        assert entry.title == 'Quotes "and" <angles> & ampersands ]]>'
        assert "<script>" not in text
        # RSS <description> is HTML, so the text is escaped once more; Atom's <summary> is plain text
        shown = html.unescape(entry.summary) if entry.summary_detail.type == "text/html" else entry.summary
        assert shown == hostile.abstract
        assert parsed.feed.updated_parsed[:3] == (2030, 1, 1)


def test_a_long_list_keeps_only_the_newest_entries(ctx: Context) -> None:
    """The fixture's feeds are all shorter than MAX_ENTRIES: a made-up longer list shows the cut."""
    start = dt.date(2025, 1, 1)
    papers = [
        Paper(slug=f"p-{i:03d}", title=f"Paper {i:03d}", added=start + dt.timedelta(days=i), tags=("llm",))
        for i in range(MAX_ENTRIES + 20)
    ]
    feeds = render_feeds(Context(ctx.site, ctx.vocab, papers, (), {}))
    assert set(feeds) == {"feed.xml", "feed.atom"}
    want = [f"{SITE_URL}papers/p-{i:03d}/" for i in range(MAX_ENTRIES + 19, 19, -1)]
    for text in feeds.values():
        parsed = feedparser.parse(text.encode("utf-8"))
        assert not parsed.bozo, parsed.get("bozo_exception")
        assert [e.link for e in parsed.entries] == want
        assert parsed.feed.updated_parsed[:3] == (start + dt.timedelta(days=MAX_ENTRIES + 19)).timetuple()[:3]
