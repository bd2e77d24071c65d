"""Pagefind mode (`search_engine: pagefind`): the engine switch, the paper pages' Pagefind attributes, the
build (site/pagefind/ instead of search/search_index.json) and the reading list's search dialog, with the
Pagefind engine, in Chromium. The built-in index (`auto`) is tests/test_search.py."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
import yaml

from generator import search
from tests.conftest import FIXTURE_PAPERS, copy_project, mkdocs_build, plugin_options, serving

DPO = "papers/direct-preference-optimization-your-language-model-is-secretly-a-reward-model/"
RESULT = ".md-search-result__item"


# --- the switch and the markup, no build -------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "papers", "active"),
    [
        ({}, 439, "builtin"),
        ({}, 10_000, "builtin"),  # sharded: see test_search.py
        ({"search_engine": "auto"}, 3000, "builtin"),
        ({"search_engine": "builtin"}, 1, "builtin"),
        ({"search_engine": "lunr"}, 10_000, "lunr"),
        ({"search_engine": "pagefind"}, 1, "pagefind"),
    ],
)
def test_choose(extra: dict[str, Any], papers: int, active: str) -> None:
    assert search.choose(extra, papers).active == active


@pytest.mark.parametrize(
    "extra",
    [
        {"search_engine": "elasticsearch"},
        {"shard_threshold": "3000"},
        {"shard_threshold": True},
        {"shard_threshold": -5},
    ],
)
def test_choose_rejects_bad_config(extra: dict[str, Any]) -> None:
    with pytest.raises(search.SearchConfigError, match="reading-list option `"):
        search.choose(extra, 10)


def test_count_papers(tmp_path: Path) -> None:
    assert search.count_papers(tmp_path) == 0
    (tmp_path / "papers").mkdir()
    for name in ("a.md", "b.md", "notes.txt"):
        (tmp_path / "papers" / name).write_text("x")
    assert search.count_papers(tmp_path) == 2


def test_mark_paper() -> None:
    html = (
        '<article class="rl-paper" itemscope>\n<h1 id="x" itemprop="name">T</h1>\n<p class="rl-byline">arXiv: 1</p>\n'
        '<p class="rl-links"><a href="#">PDF</a></p>\n<h2>Abstract</h2>\n<p>Text.</p>\n'
        '<h2 id="cite" data-search-exclude="true">Cite</h2>\n'
        '<div data-search-exclude="true">bib</div>\n</article>'
    )
    marked = search.mark_paper(html)
    assert marked.startswith('<article class="rl-paper" data-pagefind-body itemscope>')
    assert f'<h1 data-pagefind-meta="title" data-pagefind-weight="{search.TITLE_WEIGHT}" id="x"' in marked
    assert '<p class="rl-links" data-pagefind-ignore>' in marked
    assert "<h2 data-pagefind-ignore>Abstract</h2>\n<p>Text.</p>" in marked
    assert marked.count("data-pagefind-ignore") == 4
    assert "data-search-exclude" not in marked
    assert search.mark_paper("<h1>Home</h1><p>no article</p>") == "<h1>Home</h1><p>no article</p>"
    with_record = search.mark_paper(html, "%7B%22year%22%3A2023%7D")
    assert with_record.startswith(
        '<article class="rl-paper" data-pagefind-body itemscope>'
        '<span hidden data-pagefind-meta="rl[data-rl]" data-rl="%7B%22year%22%3A2023%7D"></span>\n<h1'
    )


def test_run_pagefind_fails_clearly_without_a_site(tmp_path: Path) -> None:
    with pytest.raises(search.PagefindError, match="no built site"):
        search.run_pagefind(tmp_path)


def test_hook_fails_the_build_when_pagefind_fails(tmp_path: Path) -> None:
    from mkdocs.exceptions import PluginError

    from generator.plugin import ReadingListPlugin

    plugin = ReadingListPlugin()
    config = SimpleNamespace(site_dir=str(tmp_path))
    plugin.on_post_build(config)  # builtin: nothing to index
    plugin.engine = "pagefind"
    with pytest.raises(PluginError, match="no built site"):
        plugin.on_post_build(config)


def test_pagefind_binary_comes_from_the_wheel() -> None:
    exe = search.pagefind_executable()
    assert exe.is_file()
    assert "pagefind_bin" in exe.parts


# --- builds ------------------------------------------------------------------------------------


def with_engine(project: Path, engine: str) -> Path:
    plugin_options(project, search_engine=engine)
    return project


@pytest.fixture(scope="module")
def pagefind_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project's site built with the plugin's `search_engine: pagefind` forced."""
    project = with_engine(copy_project(tmp_path_factory.mktemp("pagefind")), "pagefind")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    assert "search engine: pagefind (forced)" in result.stderr
    assert f"pagefind indexed {FIXTURE_PAPERS} pages" in result.stderr  # the paper pages, not the redirect
    return project / "site"


@pytest.mark.slow
def test_pagefind_bundle_replaces_search_index(pagefind_site: Path) -> None:
    assert (pagefind_site / "pagefind" / "pagefind.js").is_file()
    assert (pagefind_site / "pagefind" / "pagefind-entry.json").is_file()
    assert any((pagefind_site / "pagefind" / "fragment").iterdir())
    assert not (pagefind_site / "search" / "search_index.json").exists()
    assert not (pagefind_site / "search").exists()


@pytest.mark.slow
def test_pagefind_pages(pagefind_site: Path) -> None:
    paper = (pagefind_site / DPO / "index.html").read_text("utf-8")
    assert '<article class="rl-paper" data-pagefind-body' in paper
    assert '<h1 data-pagefind-meta="title" data-pagefind-weight="10"' in paper
    assert paper.count("data-pagefind-ignore") >= 5  # links, provenance (h2 + div), cite (h2 + div), related
    assert "data-search-exclude" not in paper
    home = (pagefind_site / "index.html").read_text("utf-8")
    for html in (paper, home):
        assert 'data-rl-search="pagefind"' in html  # our dialog in Material's header, with the Pagefind engine ...
        assert 'data-md-component="search"' not in html  # ... not Material's, which would fetch its index
        assert 'name="search"' not in html
        assert "assets/javascripts/rl-search.js" in html  # the dialog; it imports pagefind-search.js on opening
        assert "pagefind-search.js" not in html
    assert 'data-pagefind-meta="rl[data-rl]" data-rl="%7B%22authors%22' in paper  # the result data
    assert "data-pagefind-body" not in home  # only paper pages are indexed
    assert (pagefind_site / "assets" / "javascripts" / "pagefind-search.js").is_file()
    assert not (pagefind_site / "search").exists()  # no built-in index either


@pytest.mark.slow
def test_auto_uses_the_builtin_index_on_the_fixture_site(built_site: Path) -> None:
    """The real mkdocs.yml (`auto`): the built-in index, no Pagefind."""
    assert (built_site / "search" / "rl" / "index.json").is_file()
    assert not (built_site / "pagefind").exists()
    paper = (built_site / DPO / "index.html").read_text("utf-8")
    assert "data-pagefind" not in paper
    assert 'data-rl-search="builtin"' in paper and 'data-md-component="search"' not in paper


@pytest.mark.slow
def test_bad_search_engine_fails_the_build(tmp_path: Path) -> None:
    project = with_engine(copy_project(tmp_path, papers=False), "bogus")
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "search_engine" in result.stderr and "'bogus'" in result.stderr, result.stderr[-2000:]


# --- Chromium ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pagefind_url(pagefind_site: Path) -> Iterator[str]:
    with serving(pagefind_site) as url:
        yield url


class Traffic:
    """Every response of a browser context, Pagefind's worker included (a page's CDP session misses
    worker requests): bytes are body + headers as received (Python's server does not compress)."""

    def __init__(self, page: Any) -> None:
        self.requests: list[Any] = []
        page.context.on("requestfinished", lambda request: self.requests.append(request))

    def total(self, part: str = "") -> int:
        sizes = (r.sizes() for r in self.requests if part in r.url)
        return sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)

    def urls(self) -> list[str]:
        return [r.url for r in self.requests]


def search_for(page: Any, query: str) -> tuple[float, float, list[str]]:
    """Type into the header search box; (ms at the last keystroke, ms when the results for the whole
    query are on screen, their hrefs). Times are the page's clock: 0 = navigation start."""
    page.fill(".md-search__input", "")
    page.click(".md-search__input")
    page.keyboard.type(query)
    typed = float(page.evaluate("performance.now()"))
    shown = f"""() => {{
      const list = document.querySelector(".md-search-result__list");
      return list.dataset.query === {query!r} && list.children.length ? performance.now() : 0;
    }}"""
    first = float(page.wait_for_function(shown, polling="raf").json_value())
    hrefs = page.eval_on_selector_all(f"{RESULT} a", "els => els.map(a => a.href)")
    return typed, first, [urlsplit(h).path for h in hrefs]


@pytest.mark.slow
@pytest.mark.browser
def test_search_in_chromium(page: Any, pagefind_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    traffic = Traffic(page)
    start = time.perf_counter()
    page.goto(pagefind_url, wait_until="load")
    load_ms = float(page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd"))

    typed, first, hrefs = search_for(page, "direct preference optimization")
    wall = (time.perf_counter() - start) * 1000
    assert hrefs[0] == "/" + DPO, hrefs
    assert page.locator(f"{RESULT} h1").first.inner_text().startswith("Direct Preference Optimization")
    lists = page.locator(f"{RESULT} .rl-search-result__lists").first.inner_text()
    assert lists.startswith("In The best NLP papers of 2023")  # the same result layout as the built-in engine
    page.wait_for_timeout(300)  # late responses
    total, pagefind_bytes = traffic.total(), traffic.total("/pagefind/")
    assert not [u for u in traffic.urls() if "search_index" in u]
    assert [u for u in traffic.urls() if "pagefind" in u and not u.startswith(pagefind_url)] == []  # no CDN

    typed2, first2, hrefs2 = search_for(page, "2305.18290")
    assert hrefs2[0] == "/" + DPO, hrefs2
    assert len(hrefs2) == 1
    assert not errors, errors
    with capsys.disabled():
        print(
            f"\n[pagefind, {FIXTURE_PAPERS} papers] load event {load_ms:.0f} ms; 'direct preference optimization': "
            f"typed at {typed:.0f} ms, first result at {first:.0f} ms after navigation ({first - typed:.0f} ms "
            f"after the last keystroke; wall {wall:.0f} ms); bytes: {total:,} total, {total - pagefind_bytes:,} for "
            f"the page, {pagefind_bytes:,} for Pagefind; '2305.18290' (warm): {first2 - typed2:.0f} ms after the "
            "last keystroke"
        )


@pytest.mark.slow
@pytest.mark.browser
def test_index_holds_paper_text_only(page: Any, pagefind_url: str) -> None:
    """What Pagefind indexed for the DPO paper: title, arXiv id, tags, abstract; not links, provenance, cite."""
    page.goto(pagefind_url, wait_until="load")
    data = page.evaluate(
        """async () => {
          const pf = await import("/pagefind/pagefind.js");
          const found = await pf.search("2305.18290");
          return Promise.all(found.results.map((r) => r.data()));
        }"""
    )
    assert [d["url"] for d in data] == ["/" + DPO]
    content, title = data[0]["content"], data[0]["meta"]["title"]
    assert title == "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    record = json.loads(unquote(data[0]["meta"]["rl"]))  # what the dialog shows besides the title
    assert record["lists"][0] == "The best NLP papers of 2023" and "Alignment and RLHF" in record["tags"]
    for text in ("2305.18290", "Alignment and RLHF", "Reinforcement learning", "unsupervised language models"):
        assert text in content
    for text in ("Semantic Scholar", "In these lists", "Permalink", ".bib", "@article", "Related papers", "Abstract"):
        assert text not in content
    tag_hits = page.evaluate(
        """async () => {
          const pf = await import("/pagefind/pagefind.js");
          const found = await pf.search("Alignment and RLHF");
          return (await Promise.all(found.results.map((r) => r.data()))).map((d) => d.url);
        }"""
    )
    assert "/" + DPO in tag_hits


@pytest.mark.slow
@pytest.mark.browser
def test_search_survives_instant_navigation(page: Any, pagefind_url: str, pagefind_site: Path) -> None:
    # Material's instant navigation only follows links listed in sitemap.xml, mapped to this host by
    # protocol and hostname only: serve the sitemap with this server's URLs, as the deployed site has.
    site_url = yaml.safe_load((pagefind_site.parent / "mkdocs.yml").read_text("utf-8"))["site_url"]
    sitemap = (pagefind_site / "sitemap.xml").read_text("utf-8").replace(site_url, pagefind_url)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    page.goto(pagefind_url, wait_until="load")
    page.evaluate("window.__same_document = true")
    _, _, hrefs = search_for(page, "direct preference optimization")
    page.locator(f"{RESULT} a").first.click()
    page.wait_for_url("**/" + DPO)
    page.wait_for_selector("article.rl-paper h1")
    assert page.evaluate("window.__same_document === true")  # instant navigation: no full reload
    assert not page.locator("#__search").is_checked()  # the dialog closed
    _, _, hrefs = search_for(page, "2305.18290")
    assert hrefs[0] == "/" + DPO
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.type("segment anything")
    page.wait_for_function("document.querySelector('.md-search-result__list').dataset.query === 'segment anything'")
    page.keyboard.press("Enter")  # the first result
    page.wait_for_function(f"!location.pathname.endsWith({'/' + DPO!r})")
    assert page.evaluate("window.__same_document === true")


@pytest.mark.slow
@pytest.mark.browser
def test_search_on_a_small_screen(browser: Any, pagefind_url: str) -> None:
    """Phones: the header's magnifier opens the full-screen dialog with the box focused."""
    context = browser.new_context(viewport={"width": 400, "height": 800})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto(pagefind_url + "papers/", wait_until="load")
        assert not page.locator("#__search").is_checked()
        page.click(".md-header__button[for=__search]")
        page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
        assert page.locator("#__search").is_checked()
        page.keyboard.type("2305.18290")
        page.locator(RESULT).first.wait_for(state="visible")
        assert urlsplit(page.locator(f"{RESULT} a").first.evaluate("a => a.href")).path == "/" + DPO
        page.keyboard.press("ArrowDown")
        assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
        page.keyboard.press("Escape")
        assert not page.locator("#__search").is_checked()
    finally:
        context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_search_says_when_pagefind_is_missing(page: Any, pagefind_url: str) -> None:
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(status=404, body="not found"))
    page.goto(pagefind_url, wait_until="load")
    page.click(".md-search__input")
    page.keyboard.type("transformer")
    meta = page.locator(".md-search-result__meta")
    meta.filter(has_text="Search is unavailable").wait_for()
    assert page.locator(RESULT).count() == 0
