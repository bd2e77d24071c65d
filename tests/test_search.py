"""The built-in search: the index generator/search_index.py writes, the engine that scores it
(assets/javascripts/rl-search-engine.js, run in node), and the dialog in Chromium on the fixture site
(lazy loading, result layout, keys, the query in the URL, instant navigation).

The reader's query set over the live site is tests/test_search_quality.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import yaml

from generator import search, search_index
from generator.search_index import SearchPaper, SearchTerm
from tests.conftest import screenshot
from tests.search_index import run_engine

ROOT = Path(__file__).resolve().parents[1]
DPO = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
RESULT = ".md-search-result__item"


# --- the index -----------------------------------------------------------------------------------


def test_tokens_keep_arxiv_ids_and_fold_accents() -> None:
    assert search_index.tokens("Rozière, T. — GPT-4: 2305.18290v2 (LLaMA)") == [
        "roziere", "t", "gpt", "4", "2305.18290", "v2", "llama",
    ]  # fmt: skip
    assert search_index.tokens("Kocoń Härkönen ß 1.5B") == ["kocon", "harkonen", "ß", "1.5", "b"]


def test_name_fields_know_positions_and_joined_forms() -> None:
    nf = search_index.name_field("GPT-4 Technical Report")
    assert nf.length == 3 + 1 and nf.masks["gpt"] == 1 and nf.masks["4"] == 2 and nf.masks["gpt4"] == 3
    assert nf.joined == {"gpt4"}
    nf = search_index.name_field("Attention Is All You Need")
    assert nf.length == 4 and nf.masks["is"] == 0  # a stop word: matched, but no position
    assert search_index.name_field("Llama 2").masks["llama2"] == 3
    assert "onetwo" not in search_index.name_field("One two").masks  # words are joined only by - ' / +


def test_names_heads_and_surnames() -> None:
    assert search_index.split_names(["Constitutional AI (CAI)", "GPT-4"]) == ["Constitutional AI", "CAI", "GPT-4"]
    assert search_index.title_head("LLaMA: Open and Efficient Foundation Language Models") == "LLaMA"
    assert search_index.title_head("Pre-train, Prompt, and Predict - A Survey") == "Pre-train, Prompt, and Predict"
    assert search_index.title_head("GPT-4 Technical Report") is None
    assert search_index.surname("Ashish Vaswani") == "Vaswani"
    assert search_index.surname("Vaswani, Ashish") == "Vaswani"


PAPERS = [
    SearchPaper("papers/llama/", "LLaMA: Open and Efficient Foundation Language Models", aka=["LLaMA"],
                arxiv="2302.13971", authors=["Hugo Touvron", "Thibaut Lavril"], year=2023, tags=["llm"],
                lists=["best"], text="We introduce LLaMA, a collection of foundation language models.",
                prominence=(2, 100)),
    SearchPaper("papers/llama-2/", "Llama 2: Open Foundation and Fine-Tuned Chat Models", aka=["Llama 2"],
                authors=["Hugo Touvron"], year=2023, tags=["llm"], lists=["best"],
                text="We develop and release Llama 2, building on LLaMA.", prominence=(2, 200)),
    SearchPaper("papers/beyond/", "LLaMA Beyond English: An Empirical Study on Language Capability Transfer",
                tags=["llm"], text="Transfer of llama to other languages.", prominence=(3, 900)),
    SearchPaper("papers/llava/", "Visual Instruction Tuning", aka=["LLaVA"], authors=["Haotian Liu"],
                tags=["vision"], text="LLaVA connects a vision encoder and an LLM.", prominence=(1, 5)),
    SearchPaper("papers/cai/", "Constitutional AI: Harmlessness from AI Feedback", aka=["Constitutional AI (CAI)"],
                arxiv="2212.08073", authors=["Yuntao Bai"], year=2022, tags=["alignment"],
                text="We experiment with methods for training a harmless AI assistant.", prominence=(1, 50)),
    SearchPaper("papers/survey/", "A Survey of AI Alignment and AI Safety for Large Language Models",
                tags=["alignment", "llm"], text="AI, AI and more AI.", prominence=(5, 5000)),
    SearchPaper("papers/hostile/", '</title><script>alert(1)</script> & <b>bold</b>',
                authors=["<b onmouseover=alert(1)>Mallory</b>"], tags=["alignment"], text="x < y & z",
                prominence=(0, 0)),
]  # fmt: skip
TERMS = [
    SearchTerm("tags/llm/", "Large language models", "tag", "llm", 4),
    SearchTerm("tags/alignment/", "Alignment and RLHF", "tag", "alignment", 3),
]
TAGS = {"llm": "Large language models", "alignment": "Alignment and RLHF", "vision": "Vision-language"}
LISTS = {"best": "The best papers"}


def write_index(dest: Path, *, sharded: bool, **kwargs: Any) -> search_index.BuiltIndex:
    built = search_index.build_index(PAPERS, TERMS, TAGS, LISTS, sharded=sharded, **kwargs)
    for name, text in built.files.items():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        (dest / name).write_text(text, "utf-8")
    return built


def test_index_is_deterministic_and_plain_json(tmp_path: Path) -> None:
    a = search_index.build_index(PAPERS, TERMS, TAGS, LISTS)
    b = search_index.build_index(list(reversed(PAPERS)), TERMS, TAGS, LISTS)
    assert a.files == b.files and a.version == b.version  # doc ids follow prominence, not input order
    manifest = json.loads(a.files["index.json"])
    assert manifest["docs"][0][0] == "papers/survey/"  # the most prominent paper first
    hostile = next(d for d in manifest["docs"] if d[0] == "papers/hostile/")
    assert hostile[1] == PAPERS[-1].title  # stored as data; the dialog sets it as text
    assert manifest["tags"] == list(TAGS.values()) and manifest["kinds"] == ["tag"]


def test_sharded_index_splits_terms_and_result_data(tmp_path: Path) -> None:
    built = write_index(tmp_path, sharded=True, shard_bytes=400, doc_block=3)
    manifest = json.loads(built.files["index.json"])
    assert "terms" not in manifest and "docs" not in manifest
    shards, blocks = manifest["shards"], manifest["blocks"]
    assert len(shards["files"]) > 3 and shards["first"] == sorted(shards["first"])
    assert len(blocks["files"]) == 3 and blocks["size"] == 3  # 7 papers + 2 index pages
    for name in shards["files"] + blocks["files"]:
        assert (tmp_path / name).is_file()


# --- the engine, in node ------------------------------------------------------------------------


QUERIES = [
    "llama", "llam", "llama 2", "llama2", "touvron", "2302.13971", "arXiv:2212.08073", "constitutional ai",
    "constitutinal ai", "cai", "lama", "llava", "ai", "alignment", "the llama", "mallory", "<b>", "zzzzzz",
    "large language models", "tou vron", "the tou vron", "zzz zzz", "lla ma", "touvron zzzzzz", "lama zzzzzz",
]  # fmt: skip


@pytest.fixture(scope="module")
def engine_results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The same queries over the one-file index and over a finely sharded one."""
    out = {}
    for layout in ("single", "sharded"):
        folder = tmp_path_factory.mktemp(layout)
        write_index(folder, sharded=layout == "sharded", shard_bytes=300, doc_block=2)
        out[layout] = run_engine(folder, QUERIES)
    return out


@pytest.mark.parametrize("layout", ["single", "sharded"])
def test_ranking_as_a_reader_expects(engine_results: dict[str, dict[str, Any]], layout: str) -> None:
    r = engine_results[layout]
    first = {q: (r[q]["urls"] or [None])[0] for q in QUERIES}
    base = "/site/papers/"
    assert first["llama"] == base + "llama/"  # its own name beats Llama 2, "LLaMA Beyond English" (more prominent)
    assert r["llama"]["urls"][:3] == [base + "llama/", base + "llama-2/", base + "beyond/"]
    assert base + "llava/" not in r["llama"]["urls"]  # typos only for a word the index does not have
    assert first["llam"] == base + "llama/"  # as typed so far
    assert first["llama 2"] == first["llama2"] == base + "llama-2/"
    assert set(r["touvron"]["urls"]) == {base + "llama/", base + "llama-2/"}  # authors are searchable
    assert r["2302.13971"]["urls"] == [base + "llama/"]
    assert r["arXiv:2212.08073"]["urls"] == [base + "cai/"]  # "arxiv" is noise, the id counts
    # a tag label "Alignment and RLHF" or a survey full of "AI" does not outrank the paper's name
    assert first["constitutional ai"] == first["constitutinal ai"] == first["cai"] == base + "cai/"
    assert r["lama"]["urls"] == []  # 4 letters: no typo tolerance
    assert first["llava"] == base + "llava/"
    assert first["the llama"] == base + "llama/"  # stop words need not match
    assert first["mallory"] == base + "hostile/"
    assert r["zzzzzz"] == {"total": 0, "urls": [], "pages": [], "titles": {}, "first": None}
    # no paper has both words: the two read as one ("flash attention" finds FlashAttention)
    assert r["tou vron"]["urls"] == r["the tou vron"]["urls"] == r["touvron"]["urls"]
    assert r["zzz zzz"]["total"] == 0
    assert r["lla ma"]["urls"][:3] == r["llama"]["urls"][:3]  # "llama" names papers: taken
    # nothing has every word, even joined: the papers with the most of them, said to be partial
    assert set(r["touvron zzzzzz"]["urls"]) == set(r["touvron"]["urls"]) and r["touvron zzzzzz"]["partial"]
    assert "partial" not in r["touvron"] and "partial" not in r["zzzzzz"]
    assert r["zzz zzz"]["total"] == 0 and r["lama zzzzzz"]["total"] == 0  # no word matches at all


@pytest.mark.parametrize("layout", ["single", "sharded"])
def test_index_pages_come_after_papers_and_only_by_name(engine_results: dict[str, dict[str, Any]], layout: str) -> None:
    r = engine_results[layout]
    assert r["alignment"]["pages"] == ["/site/tags/alignment/"]
    assert r["alignment"]["urls"]  # papers first: the dialog lists pages after them
    assert r["large language models"]["pages"] == ["/site/tags/llm/"]
    assert r["llama"]["pages"] == []  # a tag page only when the query names it


def test_result_records(engine_results: dict[str, dict[str, Any]]) -> None:
    first = engine_results["single"]["llama"]["first"]
    assert first == {
        "kind": "paper",
        "url": "https://example.org/site/papers/llama/",
        "title": "LLaMA: Open and Efficient Foundation Language Models",
        "authors": ["Hugo Touvron", "Thibaut Lavril"],
        "more": 0,
        "year": 2023,
        "lists": ["The best papers"],
        "tags": ["Large language models"],
        "aka": ["LLaMA"],
        "score": first["score"],
    }
    assert engine_results["sharded"]["llama"]["first"] == first


def test_python_and_javascript_cut_the_same_tokens(tmp_path: Path) -> None:
    write_index(tmp_path, sharded=False)
    texts = [
        "Rozière, T. — GPT-4: 2305.18290v2 (LLaMA)", "Kocoń Härkönen 1.5B", "O'Brien / naïve café", "ΑΒΓ δέλτα",
        "日本語 テキスト", "x_y-z", "C++ and C#", "ﬁne-tuning ①",
    ]  # fmt: skip
    got = run_engine(tmp_path, [], texts)["__tokens"]
    assert got == [search_index.tokens(t) for t in texts]


# --- the plugin's choice ---------------------------------------------------------------------------


def test_auto_is_builtin_and_shards_from_the_threshold() -> None:
    assert search.choose({}, 439) == search.SearchChoice("auto", "builtin", 439, 2000, False)
    assert search.choose({}, 2000).sharded
    assert not search.choose({"search_engine": "pagefind"}, 10_000).sharded
    assert search.choose({"shard_threshold": 0}, 1).sharded
    assert "builtin, one file (439 papers, shards from 2000)" in search.choose({}, 439).summary()


def test_result_records_for_pagefind_are_percent_encoded_json() -> None:
    source = search_index.SearchSource({p.url.split("/")[1]: p for p in PAPERS}, TERMS, TAGS, LISTS)
    records = search.result_records(source)
    hostile = records["hostile"]
    assert set(hostile) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789%-_.~")
    from urllib.parse import unquote

    assert json.loads(unquote(hostile))["authors"] == ["<b onmouseover=alert(1)>Mallory</b>"]
    assert json.loads(unquote(records["llama"]))["lists"] == ["The best papers"]


def test_a_page_without_its_content_file_is_indexed_from_what_it_shows() -> None:
    """`generate: false` over pages written elsewhere: meta, microdata and list links."""
    meta = {
        "title": "T &lt;1&gt;",
        "tags": ["llm", "Large language models", "&lt;b&gt;odd&lt;/b&gt;", "odd"],
        "paper": {"slug": "t", "title": "T <1>", "authors": ["A. Author"], "year": 2020, "arxiv": "2001.00001",
                  "tags": ["llm", "odd"]},
    }  # fmt: skip
    html = (
        '<article class="rl-paper"><h1>T &lt;1&gt;</h1><p class="rl-aka">Known as <span itemprop="alternateName">'
        'T&amp;1</span></p><div class="rl-abstract" itemprop="abstract"><p>We <em>study</em> x &lt; y.</p></div>'
        '<table><tr><td><a href="../../lists/best/">The best</a></td></tr></table></article>'
    )
    paper = search.paper_from_page("papers/t/", meta, html, TAGS)
    assert (paper.title, paper.aka, paper.authors, paper.year, paper.arxiv) == (
        "T <1>",
        ["T&1"],
        ["A. Author"],
        2020,
        "2001.00001",
    )
    assert paper.tags == ["llm", "<b>odd</b>"] and paper.lists == ["best"]
    assert paper.text.split() == ["We", "study", "x", "<", "y."]


# --- the dialog in Chromium, on the fixture site (20 papers, `auto`: the built-in index) ---------------


class Traffic:
    def __init__(self, page: Any) -> None:
        self.requests: list[Any] = []
        page.context.on("requestfinished", lambda request: self.requests.append(request))

    def paths(self) -> list[str]:
        return [urlsplit(r.url).path for r in self.requests]

    def bytes(self, part: str) -> int:
        sizes = (r.sizes() for r in self.requests if part in r.url)
        return sum(s["responseBodySize"] for s in sizes)


def wait_for_query(page: Any, query: str) -> None:
    page.wait_for_function(f"document.querySelector('.md-search-result__list').dataset.query === {query!r}")


def hrefs(page: Any) -> list[str]:
    return [urlsplit(h).path for h in page.eval_on_selector_all(f"{RESULT} a", "els => els.map(a => a.href)")]


@pytest.mark.slow
def test_builtin_site_files(built_site: Path) -> None:
    index = built_site / "search" / "rl" / "index.json"
    manifest = json.loads(index.read_text("utf-8"))
    assert manifest["papers"] == 20 and "docs" in manifest  # one file below the shard threshold
    paper = (built_site / "papers" / DPO / "index.html").read_text("utf-8")
    assert 'data-rl-search="builtin"' in paper and 'data-md-component="search"' not in paper
    assert 'name="search"' not in paper  # Material's form name would make it fetch search_index.json
    assert "assets/javascripts/rl-search.js" in paper and "rl-search-engine.js" not in paper
    loader = (built_site / "assets" / "javascripts" / "rl-search.js").stat().st_size
    style = (built_site / "assets" / "stylesheets" / "rl-search.css").stat().st_size
    assert loader + style < 16_000  # what every page loads for search (about 4 kB gzipped)


@pytest.mark.slow
@pytest.mark.browser
def test_nothing_loads_until_search_opens(page: Any, site_url: str) -> None:
    traffic = Traffic(page)
    page.goto(f"{site_url}papers/{DPO}/", wait_until="load")
    page.wait_for_timeout(800)
    loaded = traffic.paths()
    assert not [p for p in loaded if "/search/" in p or "rl-search-engine" in p or "pagefind" in p], loaded
    assert "/assets/javascripts/rl-search.js" in loaded
    page.keyboard.press("/")  # the shortcut opens search and loads the engine and the index
    page.wait_for_function("document.activeElement.classList.contains('md-search__input')")
    assert page.locator("#__search").is_checked()
    page.wait_for_function("performance.getEntriesByType('resource').some(e => e.name.includes('/search/rl/'))")
    page.wait_for_timeout(300)
    opened = traffic.paths()
    assert "/assets/javascripts/rl-search-engine.js" in opened and "/search/rl/index.json" in opened
    assert not [p for p in opened if "search_index.json" in p]  # Material's index: never


@pytest.mark.slow
@pytest.mark.browser
def test_results_a_reader_can_judge(page: Any, site_url: str) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(site_url, wait_until="load")
    page.click(".md-search__input")
    page.keyboard.type("sablayrolles")
    wait_for_query(page, "sablayrolles")
    assert hrefs(page) == ["/papers/mistral-7b/"]
    first = page.locator(RESULT).first
    assert first.locator("h1").inner_text() == "Mistral 7B"
    byline = first.locator(".rl-search-result__byline")
    assert byline.inner_text() == "Albert Q. Jiang, Alexandre Sablayrolles, Arthur Mensch et al. · 2023"
    assert byline.locator("mark").all_inner_texts() == ["Sablayrolles"]
    assert first.locator(".rl-search-result__lists").inner_text() == "In The best NLP papers of 2023"
    tags = first.locator(".md-tag").all_inner_texts()
    assert tags == ["Large language models", "Instruction tuning", "Efficiency and quantization", "Code"]
    assert page.locator(".md-search-result__meta").inner_text() == "1 matching document"
    page.fill(".md-search__input", "")
    page.keyboard.type("dpo")
    wait_for_query(page, "dpo")
    assert hrefs(page)[0] == f"/papers/{DPO}/"
    assert page.locator(RESULT).first.locator(".rl-search-result__byline").count() == 0  # no authors, no year
    screenshot(page, "search-results")
    assert not errors, errors


@pytest.mark.slow
@pytest.mark.browser
def test_keys(page: Any, site_url: str) -> None:
    page.goto(site_url, wait_until="load")
    page.keyboard.press("s")
    page.keyboard.type("segment anything")
    wait_for_query(page, "segment anything")
    assert hrefs(page)[0] == "/papers/segment-anything/"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.classList.contains('md-search-result__link')")
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement === document.querySelectorAll('.md-search-result__link')[1]")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    assert "search=" not in page.url  # closing search takes the query out of the URL
    page.keyboard.press("/")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Enter")  # the first result
    page.wait_for_url("**/papers/segment-anything/")


@pytest.mark.slow
@pytest.mark.browser
def test_the_query_is_kept_in_the_url(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}tags/", wait_until="load")
    page.click(".md-search__input")
    page.keyboard.type("mistral 7b")
    wait_for_query(page, "mistral 7b")
    page.wait_for_url("**/tags/?search=mistral+7b")
    shared = page.url
    other = page.context.new_page()
    other.goto(shared, wait_until="load")  # opening a shared URL opens search with the query
    wait_for_query(other, "mistral 7b")
    assert other.locator("#__search").is_checked()
    assert other.input_value(".md-search__input") == "mistral 7b"
    assert hrefs(other)[0] == "/papers/mistral-7b/"
    hostile = '<img src=x onerror=alert(1)> & "'
    odd = f"{site_url}?search={quote(hostile)}"
    dialogs: list[str] = []
    other.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    other.goto(odd, wait_until="load")
    wait_for_query(other, hostile)
    assert other.input_value(".md-search__input") == hostile
    assert other.locator(".md-search-result img").count() == 0 and not dialogs
    other.close()


@pytest.mark.slow
@pytest.mark.browser
def test_search_survives_instant_navigation(page: Any, site_url: str, built_site: Path) -> None:
    """Material's instant navigation (on at the real URL): the sitemap is served with this server's URLs."""
    site = yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"]
    sitemap = (built_site / "sitemap.xml").read_text("utf-8").replace(site, site_url)
    page.route("**/sitemap.xml", lambda route: route.fulfill(body=sitemap, content_type="application/xml"))
    page.goto(site_url, wait_until="load")
    page.evaluate("window.__same_document = true")
    page.click(".md-search__input")
    page.keyboard.type("gpt-4")
    wait_for_query(page, "gpt-4")
    assert hrefs(page)[0] == "/papers/gpt-4-technical-report/"
    page.locator(f"{RESULT} a").first.click()
    page.wait_for_url("**/papers/gpt-4-technical-report/")
    page.wait_for_selector("article.rl-paper h1")
    assert page.evaluate("window.__same_document === true")  # no full reload
    assert not page.locator("#__search").is_checked() and "search=" not in page.url
    page.keyboard.press("/")
    page.keyboard.type("2305.18290")
    wait_for_query(page, "2305.18290")
    assert hrefs(page) == [f"/papers/{DPO}/"]


@pytest.mark.slow
@pytest.mark.browser
def test_more_results_on_demand(page: Any, site_url: str) -> None:
    page.goto(site_url, wait_until="load")
    page.click(".md-search__input")
    page.keyboard.type("language")
    wait_for_query(page, "language")
    total = int(page.locator(".md-search-result__meta").inner_text().split()[0])
    assert total > 10
    papers = ".md-search-result__item:not(.rl-search-result__page) a"
    assert page.locator(papers).count() == 10
    assert page.locator(".rl-search-result__page").count() >= 1  # the tag page named "... language ...", last
    more = page.locator(".rl-search-result__more button")
    assert more.inner_text() == f"Show {min(total - 10, 20)} more of {total - 10}"
    more.click()
    page.wait_for_function(f"document.querySelectorAll({papers!r}).length === {min(total, 30)}")
    assert page.evaluate("document.activeElement.classList.contains('md-search__input')")


@pytest.mark.slow
@pytest.mark.browser
def test_a_query_no_paper_fully_matches_says_so(page: Any, site_url: str) -> None:
    """Words read as one when that names a paper; else the papers with most of the words, said to be partial."""
    page.goto(f"{site_url}?search=segment+anything+zzzzzz", wait_until="load")
    wait_for_query(page, "segment anything zzzzzz")
    meta = page.locator(".md-search-result__meta").text_content() or ""
    assert meta.startswith("No paper has all these words; ") and meta.endswith(" with some of them"), meta
    assert hrefs(page)[0] == "/papers/segment-anything/"
    page.goto(f"{site_url}?search=bloomberg+gpt", wait_until="load")
    wait_for_query(page, "bloomberg gpt")
    assert "No paper has all" not in (page.locator(".md-search-result__meta").text_content() or "")
    assert hrefs(page)[0] == "/papers/bloomberggpt-a-large-language-model-for-finance/"
