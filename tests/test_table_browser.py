"""Drives papers-table.js and math.js in Debian's Chromium through Playwright.

The pages are the static harnesses in tests/fixtures/table_harness/, served
(with the rest of the repository root, so they can reference
generator/theme/assets/... without copies) by http.server on 127.0.0.1. Every
request that would leave 127.0.0.1 is recorded and aborted.

Without /usr/bin/chromium or Playwright the tests skip locally and FAIL when
CI=true.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.conftest import serving

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
HARNESS = "tests/fixtures/table_harness"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
KATEX_DIR = "/generator/theme/assets/vendor/katex/"
TOTAL = 30


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _unavailable(message: str) -> None:
    if _on_ci():
        pytest.fail(message + " (CI=true, so this is an error, not a skip)")
    pytest.skip(message)


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """The repository root over HTTP on 127.0.0.1, on a free port."""
    with serving(ROOT) as url:
        yield url.rstrip("/")


@pytest.fixture(scope="module")
def harness_browser(request: pytest.FixtureRequest) -> Iterator[Any]:
    """Chromium through Playwright: the project's shared `browser` fixture if conftest.py has one
    (Playwright's sync API cannot run twice at once in a thread), else one of our own."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing; the browser tests need Debian's chromium")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright for Python is not installed (pip install -e '.[test]')")
    try:
        shared = request.getfixturevalue("browser")
    except pytest.FixtureLookupError:
        shared = None
    if shared is not None:
        yield shared
        return
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@dataclass
class Session:
    page: Any
    base: str
    requests: list[str] = field(default_factory=list)
    external: list[str] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def goto(self, path: str) -> None:
        self.page.goto(f"{self.base}/{HARNESS}/{path}", wait_until="load")

    def katex_requests(self) -> list[str]:
        return [u for u in self.requests if "/vendor/katex/" in u]


@pytest.fixture
def session(harness_browser: Any, server: str) -> Iterator[Session]:
    context = harness_browser.new_context()
    page = context.new_page()
    s = Session(page=page, base=server)

    def route(r: Any) -> None:
        url = r.request.url
        if urlsplit(url).scheme in {"http", "https", "ws", "wss"} and urlsplit(url).hostname != "127.0.0.1":
            s.external.append(url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)
    page.on("request", lambda req: s.requests.append(req.url))
    page.on("requestfailed", lambda req: s.failures.append(f"{req.url}: {req.failure}"))
    page.on("response", lambda res: res.status >= 400 and s.failures.append(f"{res.url}: HTTP {res.status}"))
    page.on("pageerror", lambda exc: s.errors.append(f"pageerror: {exc}"))
    page.on("console", lambda msg: msg.type == "error" and s.errors.append(f"console.error: {msg.text}"))
    try:
        yield s
        assert s.external == [], f"requests outside 127.0.0.1: {s.external}"
        assert s.errors == [], s.errors
        assert [f for f in s.failures if not f.startswith("data:")] == [], s.failures
    finally:
        context.close()


# ---- helpers ----------------------------------------------------------------


def _ready(s: Session) -> None:
    s.page.wait_for_selector("#rl-papers-filters select#rl-papers-filter-tag")


def _rows(s: Session) -> list[dict[str, Any]]:
    """Every body row in DOM order, with its data and whether it is displayed."""
    return s.page.evaluate(
        """() => Array.from(document.querySelectorAll('#rl-papers tbody tr')).map(tr => ({
            slug: tr.getAttribute('data-rl-paper'),
            tags: (tr.getAttribute('data-tags') || '').split(/\\s+/).filter(Boolean),
            category: tr.getAttribute('data-category'),
            week: tr.getAttribute('data-week'),
            lists: (tr.getAttribute('data-lists') || '').split(/\\s+/).filter(Boolean),
            title: tr.cells[0].textContent,
            rank: tr.cells[5].getAttribute('data-value'),
            filtered: tr.hasAttribute('data-rl-filtered'),
            shown: tr.getClientRects().length > 0,
        }))"""
    )


def _shown(s: Session) -> list[str]:
    return [r["slug"] for r in _rows(s) if r["shown"]]


def _status(s: Session) -> str:
    return s.page.locator("#rl-papers-filters [aria-live=polite]").inner_text().strip()


def _query(s: Session) -> str:
    return s.page.evaluate("location.search")


# ---- filtering ----------------------------------------------------------------


def test_controls_are_rendered_accessibly(session: Session) -> None:
    s = session
    s.goto("index.html")
    _ready(s)
    p = s.page
    for key, label in [("tag", "Tag"), ("category", "Category"), ("week", "Week"), ("list", "List"), ("q", "Title")]:
        assert p.get_by_label(label, exact=True).get_attribute("id") == f"rl-papers-filter-{key}"
    order = p.eval_on_selector_all("#rl-papers-filters select", "els => els.map(e => e.dataset.rlFacet)")
    assert order == ["tag", "category", "week", "list"]
    # Options in #rl-facets order, with counts, after an "All …" option.
    tag_options = p.eval_on_selector_all("#rl-papers-filter-tag option", "els => els.map(e => [e.value, e.text])")
    llm = sum("llm" in r["tags"] for r in _rows(s))
    assert tag_options[0] == ["", "All tags"]
    assert tag_options[1] == ["llm", f"Large language models ({llm})"]
    assert [v for v, _ in tag_options[1:4]] == ["llm", "alignment", "agents"]
    week_options = p.eval_on_selector_all("#rl-papers-filter-week option", "els => els.map(e => e.text)")
    assert week_options[1].startswith("2–8 Apr 2023 (")
    # Data from #rl-facets is text, never markup.
    assert p.locator("#rl-papers-filters img").count() == 0
    assert (
        p.locator("#rl-papers-filter-category option[value='stat.ML']")
        .inner_text()
        .startswith("Machine Learning (stat) <img src=x onerror=alert(1)>")
    )
    status = p.locator("#rl-papers-filters [aria-live=polite]")
    assert status.count() == 1
    assert _status(s) == f"Showing {TOTAL} of {TOTAL} papers"
    assert p.locator("#rl-papers-filters button", has_text="Reset").is_disabled()
    assert len(_shown(s)) == TOTAL


def test_filter_by_tag_shows_only_matching_rows_and_the_count(session: Session) -> None:
    s = session
    s.goto("index.html")
    _ready(s)
    expected = [r["slug"] for r in _rows(s) if "vision" in r["tags"]]
    assert 0 < len(expected) < TOTAL

    s.page.select_option("#rl-papers-filter-tag", "vision")
    assert _shown(s) == expected
    rows = _rows(s)
    assert all(r["filtered"] != r["shown"] for r in rows), "hidden rows carry data-rl-filtered, shown rows do not"
    assert _status(s) == f"Showing {len(expected)} of {TOTAL} papers"
    s.page.wait_for_function("location.search === '?tag=vision'")

    # A second facet narrows further (AND).
    s.page.select_option("#rl-papers-filter-list", "vision-classics")
    expected2 = [r["slug"] for r in rows if "vision" in r["tags"] and "vision-classics" in r["lists"]]
    assert 0 < len(expected2) < len(expected)
    assert _shown(s) == expected2
    s.page.wait_for_function("location.search === '?tag=vision&list=vision-classics'")


def test_title_filter_and_reset(session: Session) -> None:
    s = session
    s.goto("index.html?keep=1")
    _ready(s)
    s.page.fill("#rl-papers-filter-q", "  LANGUAGE   models ")
    expected = [r["slug"] for r in _rows(s) if "language" in r["title"].lower() and "models" in r["title"].lower()]
    assert 1 < len(expected) < TOTAL
    s.page.wait_for_function(
        f"document.querySelectorAll('#rl-papers tbody tr:not([data-rl-filtered])').length === {len(expected)}"
    )
    assert _shown(s) == expected
    s.page.wait_for_function("location.search === '?keep=1&q=LANGUAGE+models'")

    # Accents and markup-like text in titles are matched as plain text.
    s.page.fill("#rl-papers-filter-q", "cafe <b>revisited")
    s.page.wait_for_function("document.querySelectorAll('#rl-papers tbody tr:not([data-rl-filtered])').length === 1")

    s.page.get_by_role("button", name="Reset filters").click()
    assert len(_shown(s)) == TOTAL
    assert _status(s) == f"Showing {TOTAL} of {TOTAL} papers"
    assert s.page.input_value("#rl-papers-filter-q") == ""
    s.page.wait_for_function("location.search === '?keep=1'")


def test_filters_are_read_back_from_the_url(session: Session) -> None:
    s = session
    s.goto("index.html?tag=llm&week=2023-04-09&q=language#top")
    _ready(s)
    p = s.page
    assert p.input_value("#rl-papers-filter-tag") == "llm"
    assert p.input_value("#rl-papers-filter-week") == "2023-04-09"
    assert p.input_value("#rl-papers-filter-category") == ""
    assert p.input_value("#rl-papers-filter-q") == "language"
    expected = [
        r["slug"]
        for r in _rows(s)
        if "llm" in r["tags"] and r["week"] == "2023-04-09" and "language" in r["title"].lower()
    ]
    assert 0 < len(expected) < TOTAL
    assert _shown(s) == expected
    assert _status(s) == f"Showing {len(expected)} of {TOTAL} papers"
    assert not p.locator("#rl-papers-filters button", has_text="Reset").is_disabled()
    assert p.evaluate("location.hash") == "#top"


def test_unknown_url_value_is_kept_and_shows_nothing(session: Session) -> None:
    s = session
    s.goto("index.html?tag=no-such-tag")
    _ready(s)
    assert s.page.input_value("#rl-papers-filter-tag") == "no-such-tag"
    assert _shown(s) == []
    assert _status(s) == f"Showing 0 of {TOTAL} papers"


def test_rows_hidden_by_the_reading_filter_are_left_alone_but_not_counted(session: Session) -> None:
    s = session
    s.goto("index.html")
    _ready(s)
    rows = _rows(s)
    first = rows[0]["slug"]
    assert "llm" in rows[0]["tags"]
    llm = sum("llm" in r["tags"] for r in rows)
    s.page.select_option("#rl-papers-filter-tag", "llm")
    assert _status(s) == f"Showing {llm} of {TOTAL} papers"
    # What reading.js does to a row its own filter hides:
    s.page.evaluate(f"document.querySelector('tr[data-rl-paper=\"{first}\"]').setAttribute('data-rl-hidden', '')")
    s.page.wait_for_function(
        "document.querySelector('#rl-papers-filters [aria-live]').textContent"
        f" === 'Showing {llm - 1} of {TOTAL} papers'"
    )
    s.page.get_by_role("button", name="Reset filters").click()
    assert _status(s) == f"Showing {TOTAL - 1} of {TOTAL} papers"
    assert s.page.evaluate(f"document.querySelector('tr[data-rl-paper=\"{first}\"]').hasAttribute('data-rl-hidden')")
    # (Hiding data-rl-hidden rows is reading.css's job; this harness does not load it.)


# ---- sorting --------------------------------------------------------------------


def _rank_key(rank: str) -> tuple[int, float]:
    return (1, 0.0) if rank == "" else (0, float(rank))


def test_sort_by_best_rank(session: Session) -> None:
    s = session
    s.goto("index.html")
    _ready(s)
    p = s.page
    headers = p.locator("#rl-papers thead th")
    assert headers.count() == 6
    assert p.locator("#rl-papers thead th > button.rl-sort").count() == 6
    rank_th = p.locator("#rl-papers thead th", has_text="Best rank")
    button = rank_th.get_by_role("button", name="Best rank")
    original = [r["rank"] for r in _rows(s)]

    button.click()
    assert rank_th.get_attribute("aria-sort") == "ascending"
    ranks = [r["rank"] for r in _rows(s)]
    assert sorted(ranks, key=_rank_key) == ranks, ranks
    assert ranks != original
    numbers = [int(r) for r in ranks if r]
    assert numbers[:3] == [1, 2, 3] and numbers[-1] == 100  # numeric, not lexicographic
    assert ranks[-1] == "" and ranks[0] == "1"

    button.click()
    assert rank_th.get_attribute("aria-sort") == "descending"
    ranks = [r["rank"] for r in _rows(s)]
    filled = [r for r in ranks if r]
    assert [int(r) for r in filled] == sorted((int(r) for r in filled), reverse=True)
    assert ranks[: len(filled)] == filled, "rows without a rank sort last in both directions"
    assert len(ranks) == TOTAL

    # Sorting another column moves aria-sort there; keyboard works too.
    title_th = p.locator("#rl-papers thead th", has_text="Title")
    title_th.get_by_role("button").focus()
    p.keyboard.press("Enter")
    assert title_th.get_attribute("aria-sort") == "ascending"
    assert rank_th.get_attribute("aria-sort") is None
    titles = [r["title"] for r in _rows(s)]
    assert titles[0].startswith("3D Gaussian")

    # Sorting keeps the filter.
    p.select_option("#rl-papers-filter-tag", "vision")
    n = len(_shown(s))
    button.click()
    assert len(_shown(s)) == n
    shown_ranks = [r["rank"] for r in _rows(s) if r["shown"]]
    assert sorted(shown_ranks, key=_rank_key) == shown_ranks


def test_enhancing_twice_is_a_no_op(session: Session) -> None:
    s = session
    s.goto("index.html")
    _ready(s)
    again = s.page.evaluate("PapersTable.enhance(window, document)")
    assert again is None
    assert s.page.locator("#rl-papers-filters select").count() == 4
    assert s.page.locator("#rl-papers thead button").count() == 6


# ---- math -------------------------------------------------------------------------


def _wait_for_math(s: Session, count: int) -> None:
    s.page.wait_for_function(f"document.querySelectorAll('.arithmatex[data-rl-math]').length >= {count}")
    s.page.evaluate("document.fonts.ready.then(() => true)")


def test_math_is_rendered_with_the_vendored_katex(session: Session) -> None:
    s = session
    s.goto("index.html")
    _wait_for_math(s, 4)
    p = s.page
    assert p.locator("#math-inline .katex").count() == 2
    assert p.locator("#math-display .katex-display .katex").count() == 1
    assert p.locator("#math-inline .katex-mathml annotation").first.text_content() == "x^2 + y^2 = z^2"
    # throwOnError: false → the bad formula becomes an error span, the page goes on.
    assert p.locator("#math-broken .katex-error").count() == 1
    # KaTeX's stylesheet is applied and its fonts loaded (woff2 only).
    assert p.evaluate("getComputedStyle(document.querySelector('.katex')).fontFamily").startswith("KaTeX_Main")
    assert p.evaluate("document.fonts.check('16px KaTeX_Main')")
    katex = s.katex_requests()
    paths = sorted({urlsplit(u).path for u in katex})
    assert f"{KATEX_DIR}katex.min.css" in paths
    assert f"{KATEX_DIR}katex.min.js" in paths
    assert f"{KATEX_DIR}contrib/auto-render.min.js" in paths
    fonts = [x for x in paths if "/fonts/" in x]
    assert fonts and all(x.endswith(".woff2") for x in fonts), paths
    for name in ("katex.min.css", "katex.min.js", "contrib/auto-render.min.js"):
        assert sum(urlsplit(u).path == KATEX_DIR + name for u in katex) == 1, katex
    assert all(urlsplit(u).hostname == "127.0.0.1" for u in s.requests if u.startswith("http"))


def test_page_without_math_loads_no_katex(session: Session) -> None:
    s = session
    s.goto("nomath.html")
    s.page.wait_for_timeout(300)
    assert s.katex_requests() == []
    assert s.page.evaluate("typeof window.katex") == "undefined"
    assert s.page.locator(".katex").count() == 0
    assert s.page.locator("button.rl-sort, #rl-papers-filters").count() == 0


def test_instant_navigation(session: Session) -> None:
    """document$ re-runs both scripts on swapped-in content; KaTeX loads once per session."""
    s = session
    s.goto("instant.html")
    p = s.page
    p.wait_for_timeout(200)
    assert s.katex_requests() == []  # page 1 has no math

    def navigate(url: str) -> None:
        # Like Material's instant navigation: swap the container, then re-create
        # its inline scripts WITHOUT their attributes (so the facets script loses
        # id and type, and its JSON is run as JavaScript), then emit document$.
        p.evaluate(
            """(url) => {
                history.pushState({}, '', url);
                const container = document.querySelector('[data-md-component=container]');
                container.replaceChildren(document.getElementById('page-2').content.cloneNode(true));
                for (const old of container.querySelectorAll('script')) {
                    const script = document.createElement('script');
                    script.textContent = old.textContent;
                    old.replaceWith(script);
                }
                window.document$.next(document);
            }""",
            url,
        )
        # That JSON-as-JavaScript SyntaxError is Material's doing, expected here.
        s.errors[:] = [e for e in s.errors if not re.search(r"pageerror: .*Unexpected token ':'", e)]

    # A page at another depth: the stale relative "base" in #__config must not matter.
    navigate(f"/{HARNESS}/deeper/papers/?tag=vision")
    _wait_for_math(s, 2)
    _ready(s)
    assert p.locator("#math-inline .katex").count() == 1
    assert p.locator("#math-display .katex-display").count() == 1
    assert p.input_value("#rl-papers-filter-tag") == "vision"
    assert _shown(s) == [r["slug"] for r in _rows(s) if "vision" in r["tags"]]
    assert p.locator("#rl-facets").count() == 0  # gone, as under Material
    vision = sum("vision" in r["tags"] for r in _rows(s))
    assert p.locator("#rl-papers-filter-tag option[value=vision]").inner_text() == f"Computer vision ({vision})"
    p.select_option("#rl-papers-filter-tag", "llm")
    p.wait_for_function(f"location.pathname === '/{HARNESS}/deeper/papers/' && location.search === '?tag=llm'")
    assert all(urlsplit(u).path.startswith(KATEX_DIR) for u in s.katex_requests())

    # Material drops <head> elements the next page lacks; the stylesheet must survive or come back.
    p.evaluate("document.querySelectorAll('link[href*=\"katex.min.css\"]').forEach(l => l.remove())")
    navigate(f"/{HARNESS}/other/")
    _wait_for_math(s, 2)
    _ready(s)
    assert p.locator("link[href$='/vendor/katex/katex.min.css']").count() == 1
    assert p.evaluate("getComputedStyle(document.querySelector('.katex')).fontFamily").startswith("KaTeX_Main")
    assert p.locator("script[src$='/vendor/katex/katex.min.js']").count() == 1
    assert sum(u.endswith("/katex.min.js") for u in s.katex_requests()) == 1
    assert sum(u.endswith("/auto-render.min.js") for u in s.katex_requests()) == 1
    assert p.input_value("#rl-papers-filter-tag") == ""
    assert len(_shown(s)) == TOTAL
    assert p.locator("#rl-papers-filters select").count() == 4


# ---- scale ---------------------------------------------------------------------------


def test_ten_thousand_rows(session: Session) -> None:
    s = session
    s.goto("nomath.html")
    timings = s.page.evaluate(
        """() => {
            const tags = ['llm', 'vision', 'rl', 'alignment', 'agents'];
            const art = document.querySelector('article');
            const host = document.createElement('div'); host.id = 'rl-papers-filters';
            const table = document.createElement('table'); table.id = 'rl-papers';
            const head = table.createTHead().insertRow();
            for (const [label, type] of [['Title', 'text'], ['Tags', 'text'], ['Category', 'text'],
                                         ['Week', 'text'], ['Lists', 'text'], ['Best rank', 'number']]) {
                const th = document.createElement('th');
                th.dataset.sort = type;
                th.textContent = label;
                head.append(th);
            }
            const tbody = table.createTBody();
            for (let i = 0; i < 10000; i++) {
                const tr = tbody.insertRow();
                tr.dataset.rlPaper = 'p' + i;
                tr.dataset.tags = tags[i % 5] + ' ' + tags[(i * 3) % 5];
                tr.dataset.category = 'cs.C' + (i % 7);
                tr.dataset.week = '2023-0' + (1 + i % 9) + '-01';
                tr.dataset.lists = 'list-' + (i % 3);
                const vals = ['Paper number ' + ((i * 7919) % 10007), tr.dataset.tags, tr.dataset.category,
                              tr.dataset.week, tr.dataset.lists, i % 4 ? String((i * 31) % 997) : ''];
                for (const v of vals) { const td = tr.insertCell(); td.textContent = v; td.dataset.value = v; }
            }
            // The facets as a data-facets attribute (the form instant navigation does not mangle).
            host.dataset.facets = JSON.stringify({tag: {llm: 'LLMs', vision: 'Vision'}});
            art.append(host, table);
            const t = (f) => { const t0 = performance.now(); f(); return performance.now() - t0; };
            const out = {};
            out.enhance = t(() => PapersTable.enhance(window, document));
            const sel = document.getElementById('rl-papers-filter-tag');
            out.filter = t(() => { sel.value = 'vision'; sel.dispatchEvent(new Event('change')); });
            out.shown = tbody.querySelectorAll('tr:not([data-rl-filtered])').length;
            out.status = document.querySelector('#rl-papers-filters [aria-live]').textContent;
            out.label = sel.selectedOptions[0].text;
            const btn = table.tHead.rows[0].cells[5].querySelector('button');
            out.sort = t(() => btn.click());
            out.sort2 = t(() => btn.click());
            out.sortTitle = t(() => table.tHead.rows[0].cells[0].querySelector('button').click());
            const ranks = Array.from(tbody.rows, tr => tr.cells[5].dataset.value);
            out.ranksOk = ranks.length === 10000;
            return out;
        }"""
    )
    assert timings["shown"] == 4000
    assert timings["status"] == "Showing 4000 of 10000 papers"
    assert timings["label"] == "Vision (4000)"
    assert timings["ranksOk"]
    for k in ("enhance", "filter", "sort", "sort2", "sortTitle"):
        assert timings[k] < 1500, timings
    print({k: round(v, 1) for k, v in timings.items() if isinstance(v, float)})


def test_harness_references_only_local_assets() -> None:
    """The fixtures reference generator/theme/ through relative URLs; no copies or links in the fixture dir."""
    for path in (ROOT / HARNESS).iterdir():
        assert not path.is_symlink(), path
        assert path.suffix == ".html", path
        text = path.read_text(encoding="utf-8")
        for url in re.findall(r'(?:src|href)="([^"]+)"', text):
            assert url.startswith(("../../../generator/theme/assets/", "data:", "../papers/", "../lists/")), (path, url)
