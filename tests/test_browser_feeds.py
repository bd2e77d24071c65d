"""Feeds and downloads as a reader finds them: from a tag page in Debian's Chromium, over HTTP."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urljoin

import bibtexparser
import feedparser
import pytest

from tests.conftest import FIXTURE_PAPERS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]
TAG = "llm"
TAG_LABEL = "Large language models"
TAG_PAPERS = 13  # of the fixture's 20


def fetch(page: Any, url: str) -> bytes:
    response = page.request.get(url)
    assert response.status == 200, url
    body: bytes = response.body()
    return body


def test_tag_page_feed_and_bundle_downloads(page: Any, site_url: str) -> None:
    tag_url = f"{site_url}tags/{TAG}/"
    page.goto(tag_url)
    count = page.locator(".rl-item").count()
    assert count == TAG_PAPERS

    # the feed is announced in the head, for browsers and feed readers ...
    head_link = page.locator('head link[rel~="alternate"][type="application/rss+xml"]')
    assert head_link.count() == 1
    assert TAG_LABEL in (head_link.get_attribute("title") or "")
    feed_url = urljoin(tag_url, head_link.get_attribute("href") or "")
    assert feed_url == f"{tag_url}feed.xml"
    atom_url = urljoin(tag_url, page.locator('head link[type="application/atom+xml"]').get_attribute("href") or "")

    # ... and shown on the page: an icon with a name a screen reader can read
    visible = page.get_by_role("link", name="RSS feed")
    assert visible.count() == 1 and visible.is_visible()
    assert visible.locator("svg").count() == 1 and visible.locator("svg").get_attribute("aria-hidden") == "true"
    assert urljoin(tag_url, visible.get_attribute("href") or "") == feed_url
    screenshot(page, "tag-page-feed")

    for url, version in ((feed_url, "rss20"), (atom_url, "atom10")):
        parsed = feedparser.parse(fetch(page, url))
        assert not parsed.bozo and parsed.version == version
        assert len(parsed.entries) == min(count, 100)
        assert all(e.link.startswith("https://reading-list.github.io/reading-list/papers/") for e in parsed.entries)

    bib = page.get_by_role("link", name="BibTeX")
    assert bib.get_attribute("download") == f"reading-list-tags-{TAG}.bib"
    assert page.get_by_role("link", name="JSON").count() == 0  # the term's data: the whole list's papers.json
    library = bibtexparser.parse_string(fetch(page, urljoin(tag_url, bib.get_attribute("href") or "")).decode("utf-8"))
    assert library.failed_blocks == [] and len(library.entries) == count


def test_download_link_saves_the_bundle(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}tags/{TAG}/")
    with page.expect_download() as info:
        page.get_by_role("link", name="BibTeX").click()
    download = info.value
    assert download.suggested_filename == f"reading-list-tags-{TAG}.bib"
    assert download.path().read_text("utf-8").startswith("@misc{")


def test_home_page_links_the_whole_list_exports(page: Any, site_url: str) -> None:
    page.goto(site_url)
    href = page.locator('head link[rel~="alternate"][type="application/rss+xml"]').get_attribute("href") or ""
    assert urljoin(site_url, href) == f"{site_url}feed.xml"  # (Material's instant loading makes it absolute)
    assert page.get_by_role("link", name="RSS feed").is_visible()
    parsed = feedparser.parse(fetch(page, f"{site_url}feed.xml"))
    assert not parsed.bozo and len(parsed.entries) == FIXTURE_PAPERS  # fewer than the feeds' 100
    for name in ("BibTeX", "JSON", "CSV"):
        href = page.locator(".rl-subscribe").get_by_role("link", name=name, exact=True).get_attribute("href") or ""
        body = fetch(page, urljoin(site_url, href))
        assert len(body) > 1000, name
    schema = json.loads(fetch(page, f"{site_url}schema/papers.schema.json"))
    assert (
        schema["properties"]["schema_version"]["const"]
        == json.loads(fetch(page, f"{site_url}papers.json"))["schema_version"]
    )
