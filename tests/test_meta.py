"""Link previews and discovery in the head: OpenGraph, Twitter cards, Google Scholar, feeds, sitemap, robots.txt.

Values must reach the HTML escaped exactly once: a small project with a hostile title
(and a hostile tag label) is built, and every parsed `content` must equal the original.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.corpus import Corpus
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, copy_project, mkdocs_build

SITE_URL = "https://reading-list.github.io/reading-list/"
SITE_NAME = "Paper Reading List"
TITLE = 'Quotes "and" <angles> & ampersands'
SLUG = "quotes-and-angles-ampersands"
AUTHOR = 'Ann "Q" <O\'Neil> & Co'
ABSTRACT = 'An abstract with "quotes", x < y && y > z & an ampersand.'
TAG_LABEL = 'Large "language" <models> & co'
DPO = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
pytestmark = pytest.mark.slow


class Head(HTMLParser):
    """The <head> of a page: meta values by name/property, <link>s, the title, JSON-LD, and its raw text."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.links: list[dict[str, str]] = []
        self.title = ""
        self.jsonld: list[object] = []
        self._in: str | None = None
        self.raw = text.split("</head>")[0]
        self.feed(self.raw)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("name" in a or "property" in a):
            self.meta.setdefault(a.get("name") or a["property"], []).append(a.get("content", ""))
        elif tag == "link":
            self.links.append(a)
        elif tag == "title" or (tag == "script" and a.get("type") == "application/ld+json"):
            self._in = tag

    def handle_endtag(self, tag: str) -> None:
        self._in = None

    def handle_data(self, data: str) -> None:
        if self._in == "title":
            self.title += data
        elif self._in == "script":
            self.jsonld.append(json.loads(data))

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]

    def alternates(self) -> dict[str, dict[str, str]]:
        return {link["type"]: link for link in self.links if "alternate" in link.get("rel", "").split()}


PAPER = f"""---
title: '{TITLE}'
arxiv: '2305.18290'
category: cs.CL
added: 2026-01-01
tags: [llm]
authors: ['{AUTHOR.replace("'", "''")}', Bo Bee]
year: 2023
---
{ABSTRACT}
"""


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small project: no imported papers, one hostile paper, a hostile label for the `llm` tag."""
    project = copy_project(tmp_path_factory.mktemp("hostile"), papers=False)
    (project / "content" / "papers" / f"{SLUG}.md").write_text(PAPER, "utf-8")
    tags = project / "content" / "tags.yml"
    text = tags.read_text("utf-8")
    assert "label: Large language models\n" in text
    tags.write_text(text.replace("label: Large language models\n", f"label: '{TAG_LABEL}'\n"), "utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


def head(site: Path, url: str) -> Head:
    return Head((site / url / "index.html").read_text("utf-8"))


def assert_card(h: Head, title: str, description: str, url: str, og_type: str) -> None:
    assert h.one("og:title") == h.one("twitter:title") == title
    assert h.one("og:description") == h.one("twitter:description") == h.one("description") == description
    assert h.one("og:url") == url and [lk["href"] for lk in h.links if lk.get("rel") == "canonical"] == [url]
    assert h.one("og:site_name") == SITE_NAME and h.one("og:type") == og_type
    assert h.one("twitter:card") == "summary_large_image"
    card = "https://reading-list.github.io/reading-list/assets/images/social-card.png"  # one static card, all pages
    assert h.one("og:image") == h.one("twitter:image") == card
    assert h.one("og:image:width") == "1200" and h.one("og:image:height") == "630" and h.one("og:image:alt")


def test_paper_page_meta_keeps_hostile_values_exact(hostile_site: Path) -> None:
    h = head(hostile_site, f"papers/{SLUG}")
    assert "<angles>" not in h.raw and "<O'Neil>" not in h.raw and "<models>" not in h.raw
    assert_card(h, TITLE, ABSTRACT, f"{SITE_URL}papers/{SLUG}/", "article")
    assert h.title.strip() == f"{TITLE} - {SITE_NAME}"
    assert h.one("citation_title") == TITLE
    assert h.meta["citation_author"] == [AUTHOR, "Bo Bee"]
    assert h.one("citation_publication_date") == "2023"
    assert h.one("citation_arxiv_id") == "2305.18290"
    assert h.one("citation_pdf_url") == "https://arxiv.org/pdf/2305.18290"
    (ld,) = h.jsonld
    assert isinstance(ld, dict) and ld["headline"] == TITLE and ld["author"] == [AUTHOR, "Bo Bee"]
    assert h.alternates() == {}  # paper pages have no feed of their own


def test_tag_page_meta_and_feed_links(hostile_site: Path) -> None:
    h = head(hostile_site, "tags/llm")
    assert "<models>" not in h.raw
    description = "Large language models, their training, capabilities and behaviour."
    assert_card(h, TAG_LABEL, description, f"{SITE_URL}tags/llm/", "website")
    feeds = h.alternates()
    assert feeds["application/rss+xml"]["href"] == "feed.xml"
    assert feeds["application/atom+xml"]["href"] == "feed.atom"
    assert feeds["application/rss+xml"]["title"] == f"{SITE_NAME}: {TAG_LABEL} (tag)"
    assert (hostile_site / "tags" / "llm" / "feed.xml").is_file()
    body = (hostile_site / "tags" / "llm" / "index.html").read_text("utf-8").split("</head>")[1]
    assert re.search(r'<a class="rl-feed" href="../../tags/llm/feed.xml"[^>]*>.*?RSS feed</a>', body)


def test_home_page_meta_feed_and_downloads(hostile_site: Path) -> None:
    h = head(hostile_site, "")
    assert_card(h, SITE_NAME, "A curated reading list of ML and NLP papers.", SITE_URL, "website")
    assert h.title.strip() == SITE_NAME
    feeds = h.alternates()
    assert feeds["application/rss+xml"]["href"] == "feed.xml" and feeds["application/atom+xml"]["href"] == "feed.atom"
    body = (hostile_site / "index.html").read_text("utf-8").split("</head>")[1]
    for href in ("feed.xml", "feed.atom", "papers.json", "papers.bib", "papers.csv", "schema/papers.schema.json"):
        assert f'href="{href}"' in body and (hostile_site / href).is_file(), href


def test_every_page_has_a_card(hostile_site: Path) -> None:
    for page in sorted(hostile_site.rglob("index.html")):
        h = Head(page.read_text("utf-8"))
        if "refresh" in h.raw and "noindex" in h.raw:
            continue  # a redirect page for a former slug
        for key in ("og:title", "og:type", "og:site_name", "og:url", "twitter:card", "twitter:title"):
            assert h.meta.get(key), (page, key)


def test_imported_paper_page_has_scholar_meta(built_site: Path) -> None:
    h = head(built_site, f"papers/{DPO}")
    assert h.one("citation_title") == h.one("og:title")
    assert h.one("citation_title").startswith("Direct Preference Optimization")
    assert h.one("citation_arxiv_id") == "2305.18290" and h.one("og:type") == "article"
    assert h.one("citation_publication_date") == "2023"  # no `year` in the file: the arXiv id's year
    assert "citation_author" not in h.meta  # the imported lists name no authors: no empty author tags
    curated = head(built_site, "papers/segment-anything")  # authors and year set by a curator
    assert curated.meta["citation_author"][0] == "Alexander Kirillov" and len(curated.meta["citation_author"]) == 12
    assert "Piotr Dollár" in curated.meta["citation_author"]
    assert curated.one("citation_publication_date") == "2023" and curated.one("citation_arxiv_id") == "2304.02643"


def test_sitemap_lists_every_paper_page_with_a_fixed_date(built_site: Path) -> None:
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    papers = Corpus.load(FIXTURE_CONTENT, vocab).papers
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(built_site / "sitemap.xml").getroot()
    urls = [u.findtext("s:loc", namespaces=ns) or "" for u in root.findall("s:url", ns)]
    assert len(urls) == len(set(urls))
    assert {f"{SITE_URL}papers/{p.slug}/" for p in papers} <= set(urls)
    for url in urls:  # nothing but built pages
        assert url.startswith(SITE_URL) and (built_site / url.removeprefix(SITE_URL) / "index.html").is_file(), url
    # mkdocs_build sets SOURCE_DATE_EPOCH=1767225600: lastmod is that day, not the build's
    assert {u.findtext("s:lastmod", namespaces=ns) for u in root.findall("s:url", ns)} == {"2026-01-01"}


def test_robots_txt_points_to_the_sitemap(built_site: Path) -> None:
    robots = (built_site / "robots.txt").read_text("utf-8")
    assert robots.startswith("User-agent: *\n") and f"\nSitemap: {SITE_URL}sitemap.xml\n" in robots
