"""Pages split into pages: the fixture project built for real with a small `page_size`.

The default build (`built_site`, page size 100: no fixture term is split) is the oracle: the pages of a split
term, read in order, must list exactly the papers of its unsplit page, in the same order; page 1 keeps the
term's URL, the others are `<term>/page/N/`, each with a pager whose links resolve both ways, numbering that
continues, a progress hook over its own papers only, and no entry in search. The same mechanism bounds the
consensus ranking (`consensus/page/N/`) and the overviews' papers without a term (`weeks/page/N/`).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml

from generator.linkcheck import check_site
from generator.paging import paginate
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS, ROOT, copy_project, mkdocs_build, plugin_options

KINDS = ("lists", "tags", "categories", "weeks", "years", "authors")
PREFIX = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"]).path  # /reading-list/
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
ITEM = re.compile(r'<li class="rl-item"[^>]*><a class="rl-item__title" href="[^"]*papers/([^"/]+)/">')
OL = re.compile(r'<ol class="rl-list(?: rl-list--plain)?"( start="(\d+)")?>')
PAGER = re.compile(r'<nav class="rl-pager" aria-label="Pages">(.*?)</nav>', re.S)
HREF = re.compile(r'href="([^"]*)"')


@pytest.fixture(scope="module", params=[3, 1], ids=["page_size=3", "page_size=1"])
def paged(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The fixture project's site built with `page_size` 3 (tags, years, lists split) or 1 (authors too)."""
    size: int = request.param
    project = copy_project(tmp_path_factory.mktemp(f"paged{size}"))
    plugin_options(project, page_size=size)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site", size


def article(page: Path) -> str:
    m = ARTICLE.search(page.read_text("utf-8"))
    assert m, page
    return m.group(1)


def slugs(page: Path) -> list[str]:
    return ITEM.findall(article(page))


def terms(site: Path, kind: str) -> list[str]:
    """The term ids of a kind with a page in `site` (not the A–Z pages)."""
    return sorted(d.name for d in (site / kind).iterdir() if (d / "index.html").is_file() and d.name != "a-z")


def page_file(site: Path, kind: str, term: str, n: int) -> Path:
    return site / kind / term / ("" if n == 1 else f"page/{n}/") / "index.html"


def target(site: Path, page: Path, href: str) -> Path:
    """The file a relative link of `page` (in `site`) opens."""
    url = urljoin(f"http://x{PREFIX}{page.parent.relative_to(site).as_posix()}/", href)
    path = urlsplit(url).path[len(PREFIX) :]
    return site / path / "index.html" if path.endswith("/") or not path else site / path


def split_terms(paged: tuple[Path, int], built_site: Path) -> list[tuple[str, str, list[str], int]]:
    """(kind, term, its papers as the unsplit page lists them, its number of pages) of every term."""
    site, size = paged
    out = []
    for kind in KINDS:
        assert terms(site, kind) == terms(built_site, kind), kind  # no term page disappears
        for term in terms(built_site, kind):
            whole = slugs(page_file(built_site, kind, term, 1))
            out.append((kind, term, whole, max(1, -(-len(whole) // size))))
    return out


def test_long_terms_are_split_into_pages_that_add_up_to_the_whole_term(
    paged: tuple[Path, int], built_site: Path
) -> None:
    site, size = paged
    split = set()
    for kind, term, whole, count in split_terms(paged, built_site):
        assert whole, (kind, term)
        assert page_file(site, kind, term, 1).is_file()  # page 1 keeps the term's URL
        assert not page_file(site, kind, term, count + 1).exists()
        assert not (site / kind / term / "page" / "1").exists()
        seen = []
        for n in range(1, count + 1):
            html = article(page_file(site, kind, term, n))
            shown = ITEM.findall(html)
            assert shown == whole[(n - 1) * size : n * size], (kind, term, n)  # its slice, in the term's order
            seen += shown
            weekly = kind == "lists" and term.startswith("weekly-")  # ranks restart every week: no `start`
            starts = [m.group(2) for m in OL.finditer(html)]
            if not weekly:
                assert starts == [str((n - 1) * size + 1) if n > 1 else None], (kind, term, n)  # numbering continues
            assert (PAGER.search(html) is not None) == (count > 1)
        assert seen == whole
        if count > 1:
            split.add(kind)
    assert split == ({"tags", "years", "lists"} if size == 3 else set(KINDS))  # at most 3 papers: weeks, categories


def test_the_pager_links_every_page_both_ways(paged: tuple[Path, int], built_site: Path) -> None:
    site, _ = paged
    checked = 0
    for kind, term, _whole, count in split_terms(paged, built_site):
        if count == 1:
            continue
        h1s = set()
        for n in range(1, count + 1):
            page = page_file(site, kind, term, n)
            text = page.read_text("utf-8")
            navs = PAGER.findall(article(page))
            assert len(navs) == 1
            nav = navs[0]
            assert f'<strong aria-current="page">{n}</strong>' in nav
            for href in HREF.findall(nav):
                assert target(site, page, href).is_file(), (page, href)
            prev = re.search(r'href="([^"]*)" rel="prev"', nav)
            nxt = re.search(r'href="([^"]*)" rel="next"', nav)
            assert (prev is not None) == (n > 1) and (nxt is not None) == (n < count)
            if prev:
                assert target(site, page, prev.group(1)) == page_file(site, kind, term, n - 1)
            if nxt:
                after = page_file(site, kind, term, n + 1)
                assert target(site, page, nxt.group(1)) == after
                back = re.search(r'href="([^"]*)" rel="prev"', PAGER.findall(article(after))[0])
                assert back and target(site, after, back.group(1)) == page  # and back again
            h1 = re.search(r"<h1 [^>]*>(.*?)</h1>", text, re.S)
            assert h1
            h1s.add(h1.group(1))
            title = re.search(r"<title>(.*?)</title>", text, re.S)
            assert title
            label = h1.group(1)
            assert title.group(1).startswith(f"{label} (page {n} of {count})" if n > 1 else f"{label} - ")
            checked += 1
        assert len(h1s) == 1  # every page has the term's heading
    assert checked


def test_each_page_tracks_the_progress_of_its_own_papers(paged: tuple[Path, int], built_site: Path) -> None:
    site, _ = paged
    for kind, term, _whole, count in split_terms(paged, built_site):
        for n in range(1, count + 1):
            html = article(page_file(site, kind, term, n))
            hook = re.search(r'<div class="rl-progress" data-rl-papers="([^"]*)" data-rl-label="([^"]*)">', html)
            assert hook, (kind, term, n)
            assert hook.group(1).split() == ITEM.findall(html)
            assert ("(page " in hook.group(2)) == (count > 1)


def test_pages_after_the_first_are_not_in_search_and_links_resolve(paged: tuple[Path, int]) -> None:
    site, _ = paged
    index = (site / "search" / "rl" / "index.json").read_text("utf-8")
    assert "/page/" not in index and '"tags/llm/"' in index
    broken, pages = check_site(site, PREFIX)
    assert broken == []
    assert pages > 60
    sitemap = (site / "sitemap.xml").read_text("utf-8")
    assert "tags/llm/page/2/" in sitemap and "tags/llm/</loc>" in sitemap
    registered = [u.strip() for u in (FIXTURE_CONTENT / "permalinks.txt").read_text("utf-8").splitlines() if u.strip()]
    assert [u for u in registered if not (site / u / "index.html").is_file()] == []


UNASSIGNED = re.compile(r'<li><a href="[^"]*papers/([^"/]+)/">')
RANKED = re.compile(r'<tr><td>(\d+)</td><td><a href="[^"]*papers/([^"/]+)/">')


def follow_pages(site: Path, first: Path, rows: Callable[[str], list[str]], size: int) -> list[Path]:
    """The pages of a split page from its page 1 on, by each pager's Next link, checking on the way that each
    shows at most `size` rows and that every pager link resolves, Previous leading back."""
    pages = [first]
    while True:
        page = pages[-1]
        html = article(page)
        assert len(rows(html)) <= size, page
        navs = PAGER.findall(html)
        if not navs:
            assert len(pages) == 1
            return pages
        assert f'<strong aria-current="page">{len(pages)}</strong>' in navs[0]
        for href in HREF.findall(navs[0]):
            assert target(site, page, href).is_file(), (page, href)
        if len(pages) > 1:
            prev = re.search(r'href="([^"]*)" rel="prev"', navs[0])
            assert prev and target(site, page, prev.group(1)) == pages[-2]
        nxt = re.search(r'href="([^"]*)" rel="next"', navs[0])
        if not nxt:
            return pages
        pages.append(target(site, page, nxt.group(1)))
        assert pages[-1] == site / page_of(first.parent.relative_to(site).as_posix() + "/", len(pages))


def page_of(url: str, n: int) -> str:
    return f"{url}index.html" if n == 1 else f"{url}page/{n}/index.html"


def without(html: str) -> list[str]:
    """The papers an overview page lists as having no term of its kind (after its `without-...` heading)."""
    return UNASSIGNED.findall(html.split('id="without-', 1)[1]) if 'id="without-' in html else []


def test_overviews_show_a_page_of_the_papers_without_a_term_and_split_the_rest(
    paged: tuple[Path, int], built_site: Path
) -> None:
    site, size = paged
    split = set()
    for kind in KINDS:
        whole = without(article(built_site / kind / "index.html"))  # the unsplit overview lists them all
        pages = follow_pages(site, site / kind / "index.html", without, size)
        assert [slug for page in pages for slug in without(article(page))] == whole, kind
        assert len(pages) == max(1, -(-len(whole) // size)), kind
        assert not (site / kind / "page" / "1").exists()
        overview = article(site / kind / "index.html")
        assert overview.count("<tr>") == article(built_site / kind / "index.html").count("<tr>")  # every term
        for page in pages[1:]:
            assert "<tr>" not in article(page)  # only the papers without a term
        if len(pages) > 1:
            split.add(kind)
    assert split == {"categories", "weeks", "years"}  # 11 papers without each; lists: 1; authors: not listed


def test_consensus_is_split_into_pages_ranked_on_from_the_previous_one(
    paged: tuple[Path, int], built_site: Path
) -> None:
    site, size = paged
    whole = RANKED.findall(article(built_site / "consensus" / "index.html"))
    assert [int(rank) for rank, _ in whole] == list(range(1, len(whole) + 1)) and len(whole) > 3
    pages = follow_pages(site, site / "consensus" / "index.html", lambda html: RANKED.findall(html), size)
    assert len(pages) == -(-len(whole) // size) and pages[1] == site / "consensus" / "page" / "2" / "index.html"
    assert [row for page in pages for row in RANKED.findall(article(page))] == whole  # numbering continues
    for n, page in enumerate(pages, start=1):
        html = article(page)
        hook = re.search(r'<div class="rl-progress" data-rl-papers="([^"]*)" data-rl-label="([^"]*)">', html)
        assert hook and hook.group(1).split() == [slug for _, slug in RANKED.findall(html)]
        assert hook.group(2) == f"the consensus papers (page {n} of {len(pages)})"


def test_the_home_page_counts_the_whole_list_without_listing_it(built_site: Path) -> None:
    html = (built_site / "index.html").read_text("utf-8")
    hook = re.findall(r'<div class="rl-progress"[^>]*>', html)
    assert hook == [
        f'<div class="rl-progress" data-rl-total="{FIXTURE_PAPERS}" data-rl-label="the whole reading list">'
    ]
    assert "data-rl-papers" not in html


def test_generate_reads_page_size_and_zensical_pages_resolve(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    plugin_options(project, page_size=3)
    run = [sys.executable, "-m", "generator", "generate", "--zensical", "--root", "."]
    generated = subprocess.run(run, cwd=project, capture_output=True, text=True, check=False)
    assert generated.returncode == 0, generated.stderr[-4000:]
    assert (project / "docs" / "tags" / "llm" / "page" / "5.md").is_file()
    assert not (project / "docs" / "tags" / "llm" / "page" / "6.md").exists()
    build = [sys.executable, "-m", "zensical", "build", "--strict", "-f", "zensical.yml"]
    offline = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9"}
    built = subprocess.run(build, cwd=project, capture_output=True, text=True, check=False, env=os.environ | offline)
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]
    site = project / "site"
    assert check_site(site, PREFIX)[0] == []
    assert len(slugs(site / "tags" / "llm" / "page" / "2" / "index.html")) == 3
    assert len(slugs(site / "tags" / "llm" / "page" / "5" / "index.html")) == 1  # 13 papers: 3+3+3+3+1


def test_paginate_and_the_pager_numbers() -> None:
    pages = paginate(list(range(25)), 2)
    assert [(p.number, p.first, p.last) for p in pages][:2] == [(1, 1, 2), (2, 3, 4)]
    assert pages[-1].rows == (24,) and pages[-1].count == 13
    assert pages[6].numbers() == [1, None, 5, 6, 7, 8, 9, None, 13]
    assert pages[0].numbers() == [1, 2, 3, None, 13]
    assert pages[4].numbers() == [1, 2, 3, 4, 5, 6, 7, None, 13]  # one number left out is shown, not elided
    assert paginate([], 100)[0].rows == () and not paginate([1, 2], 2)[0].paged
    with pytest.raises(ValueError):
        paginate([1], 0)


def test_a_page_size_below_one_stops_the_build(project: Path) -> None:
    plugin_options(project, page_size=0)
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "`page_size` must be at least 1" in result.stderr
