"""Reading state (reading.js / reading.css) on a REAL built site, in Debian's Chromium.

The harness tests (test_reading_browser.py) drive reading.js against a small
static page; these drive the site that `mkdocs build --strict` makes from the
fixture project's content (tests/fixture, the `built_site` fixture), with
Material's own JavaScript and CSS.

Instant navigation: Material 9.8 only intercepts a link when its URL is in the
site's sitemap.xml, and it rewrites the sitemap's URLs (built from `site_url`,
https://reading-list.github.io/reading-list/) to the current protocol and host
name only, not to the port or the path. On `site_url` (127.0.0.1, random port,
served at "/") every click is therefore an ordinary page load. To test instant
navigation as readers get it, `deployed` serves the built files at the real
`site_url` through Playwright request routing (nothing leaves the machine), and
the tests check that a marker set on `window` survives every click: that is
only true when Material swapped the page in place.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import pytest

from tests.conftest import ARTIFACTS, FIXTURE_PAPERS, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.slow]

try:
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover - the browser fixture skips (or fails on CI) first
    expect = None  # type: ignore[assignment]

KEY = "reading-list:v1"
DPO = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
DPO_TITLE = "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
GPT4 = "gpt-4-technical-report"
LLAMA2 = "llama-2-open-foundation-and-fine-tuned-chat-models"
LIST = "best-nlp-papers-2023"
LIST_TITLE = "The best NLP papers of 2023"
LIST_SIZE = 8  # the fixture's excerpt of the list
TAG = "nlp-tasks"  # DPO and two more papers, not GPT-4
TAG_TITLE = "NLP tasks and metrics"
MARKER = "__rlSamePage"


def progress_line(read: int, total: int, reading: int = 0, toread: int = 0) -> str:
    return f"{read} of {total} read · {reading} reading · {toread} to read"


# --------------------------------------------------------------------------- helpers


class Errors:
    """Uncaught exceptions and console.error calls of one page.

    Failed resource loads are left out: they are not script errors (tests/test_ux_browser.py checks that
    the site makes none). If reading.js itself failed to load, the tests would fail anyway."""

    def __init__(self, page: Any) -> None:
        self.messages: list[str] = []
        page.on("pageerror", lambda e: self.messages.append(f"pageerror: {e}"))
        page.on("console", self._console)

    def _console(self, msg: Any) -> None:
        if msg.type != "error" or msg.text.startswith("Failed to load resource"):
            return
        where = (msg.location or {}).get("url", "")
        self.messages.append(f"console.error: {msg.text} ({where})")

    def check(self) -> None:
        assert self.messages == [], "errors in the page:\n" + "\n".join(self.messages)


STATE_NAMES = {"": "Not set", "toread": "To read", "reading": "Reading", "read": "Read"}


def control(page: Any, slug: str, scope: str = "") -> Any:
    """The reading-state button of one paper (inside `scope`, a CSS selector, if given)."""
    return page.locator(f'{scope} .rl-state[data-rl-paper="{slug}"] button.rl-state__button'.strip())


def choose(button: Any, state: str) -> None:
    """Open a paper's state menu and choose a state ("" = Not set)."""
    button.click()
    menu = button.page.get_by_role("menu", name=re.compile("^Reading state of "))
    menu.get_by_role("menuitemradio", name=STATE_NAMES[state], exact=True).click()


def stored(page: Any) -> Any:
    raw = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")
    return None if raw is None else json.loads(raw)


def total_of(page: Any) -> int:
    """The number of distinct papers behind the page's progress hook (the home page's: the whole list, by size)."""
    hook = page.locator(".rl-progress")
    total = hook.get_attribute("data-rl-total")
    if total is not None:
        return int(total)
    return len(set((hook.get_attribute("data-rl-papers") or "").split()))


def assert_rendered_once(page: Any) -> None:
    """Every hook on the page holds exactly one rendered control: nothing missing, nothing doubled."""
    page.wait_for_timeout(150)  # let any late second render happen before counting
    hosts = page.locator(".rl-state[data-rl-paper]")
    n = hosts.count()
    assert n > 0
    assert page.locator("button.rl-state__button").count() == n
    bad = hosts.evaluate_all("hs => hs.filter(h => h.querySelectorAll('button').length !== 1).length")
    assert bad == 0, f"{bad} state hooks without exactly one <button>"
    assert page.locator(".rl-progress").count() == 1
    assert page.locator(".rl-progress__text").count() == 1
    assert page.locator(".rl-progress progress").count() == 1


def expect_progress(page: Any, text: str) -> None:
    expect(page.locator(".rl-progress .rl-progress__text")).to_have_text(text)
    read = int(text.split(" ", 1)[0])
    bar = page.locator(".rl-progress progress")
    expect(bar).to_have_js_property("value", read)


def same_page(page: Any) -> bool:
    """True while no full page load happened since `mark_page` (Material swapped content in place)."""
    return page.evaluate(f"window.{MARKER} === 1")


def mark_page(page: Any) -> None:
    page.evaluate(f"window.{MARKER} = 1")


def instant_click(page: Any, link: Any, url_glob: str, h1: str) -> None:
    """Click an internal link and wait for Material to swap in the page and reading.js to render it."""
    link.click()
    page.wait_for_url(url_glob)
    expect(page.locator("h1").first).to_have_text(h1)
    assert same_page(page), f"clicking to {page.url} reloaded the page: instant navigation did not engage"


CONTRAST_JS = """
el => {
  const parse = (s) => {
    const m = s.match(/[\\d.]+/g).map(Number);
    return [m[0], m[1], m[2], m.length > 3 ? m[3] : 1];
  };
  const over = (top, bottom) => [0, 1, 2].map((i) => top[i] * top[3] + bottom[i] * (1 - top[3])).concat([1]);
  const channel = (x) => {
    x /= 255;
    return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
  };
  const lum = (c) => 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
  const layers = []; // backgrounds from the element up to the first opaque one
  for (let n = el; n; n = n.parentElement) {
    const c = parse(getComputedStyle(n).backgroundColor);
    if (c[3] > 0) layers.push(c);
    if (c[3] >= 1) break;
  }
  let bg = [255, 255, 255, 1];
  for (const c of layers.reverse()) bg = over(c, bg);
  const fg = over(parse(getComputedStyle(el).color), bg);
  const [a, b] = [lum(fg), lum(bg)];
  return {
    fg: fg.slice(0, 3).map(Math.round),
    bg: bg.slice(0, 3).map(Math.round),
    ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05),
  };
}
"""


def contrast(locator: Any) -> dict[str, Any]:
    """Text colour and effective background of an element (alpha composited), and their WCAG contrast ratio."""
    return locator.evaluate(CONTRAST_JS)


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def errors(page: Any) -> Iterator[Errors]:
    e = Errors(page)
    page.context.route("https://api.github.com/**", lambda route: route.abort())
    yield e
    e.check()


def deployed_base(site: Path) -> str:
    """The site's own URL, as Material sees it: the first <loc> of sitemap.xml."""
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    loc = ElementTree.parse(site / "sitemap.xml").getroot().find("s:url/s:loc", ns)
    assert loc is not None and loc.text
    base = loc.text.strip()
    assert base.endswith("/"), base
    return base


def site_router(site: Path, base: str) -> Callable[[Any], None]:
    """Answer requests for `base`… from the built files; abort everything else."""
    root = site.resolve()
    base_path = urlsplit(base).path

    def handle(route: Any) -> None:
        url = route.request.url
        if not url.startswith(base):
            route.abort()
            return
        rel = unquote(urlsplit(url).path)[len(base_path) :]
        target = (root / rel).resolve()
        if not target.is_relative_to(root):
            route.fulfill(status=403, body="")
            return
        if target.is_dir():
            target = target / "index.html"
        if target.is_file():
            route.fulfill(status=200, path=str(target))
        else:
            route.fulfill(status=404, path=str(root / "404.html"), content_type="text/html")

    return handle


@pytest.fixture
def deployed(browser: Any, built_site: Path) -> Iterator[tuple[Any, str]]:
    """A page on the built site served at its real `site_url` (through routing), where
    Material's instant navigation works; yields (page, base URL)."""
    base = deployed_base(built_site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    context.route("**/*", site_router(built_site, base))
    page = context.new_page()
    page.set_default_timeout(15_000)
    errs = Errors(page)
    try:
        yield page, base
        errs.check()
    finally:
        context.close()


# --------------------------------------------------------------------------- 1. mark, see progress


def test_a_list_shows_where_the_reader_left_off(page: Any, site_url: str, errors: Errors) -> None:
    """The reading path: nothing before a first mark; then the paper after the last one read; a paper marked
    "reading" wins ("Continue with"); nothing once every paper is read. The link goes to that paper's page."""
    page.goto(f"{site_url}lists/{LIST}/")
    items = page.locator(".rl-item .rl-state[data-rl-paper]")
    expect(items).to_have_count(LIST_SIZE)
    slugs = items.evaluate_all("ns => ns.map(n => n.dataset.rlPaper)")
    titles = items.evaluate_all("ns => ns.map(n => n.dataset.rlTitle)")
    nxt = page.locator(".rl-progress .rl-progress__next")
    expect(page.locator(".rl-progress__text")).to_have_count(1)
    expect(nxt).to_have_count(0)
    choose(control(page, slugs[0], ".rl-item"), "read")
    expect(nxt).to_have_text(f"Next: {titles[1]}")
    choose(control(page, slugs[2], ".rl-item"), "read")  # read ahead: go on after the last one read
    expect(nxt).to_have_text(f"Next: {titles[3]}")
    choose(control(page, slugs[1], ".rl-item"), "reading")
    expect(nxt).to_have_text(f"Continue with {titles[1]}")
    nxt.locator("a").click()
    page.wait_for_url(f"**/papers/{slugs[1]}/")
    page.go_back()
    for slug in [slugs[1], *slugs[3:]]:  # the rest
        choose(control(page, slug, ".rl-item"), "read")
    expect(nxt).to_have_count(0)
    assert_rendered_once(page)


def test_mark_read_on_paper_page_updates_list_home_and_tag_progress(page: Any, site_url: str, errors: Errors) -> None:
    page.goto(f"{site_url}lists/{LIST}/")
    assert total_of(page) == LIST_SIZE
    expect_progress(page, progress_line(0, LIST_SIZE))

    page.goto(f"{site_url}papers/{DPO}/")
    ctrl = control(page, DPO, ".rl-actions")
    expect(ctrl).to_have_attribute("data-rl-value", "")
    expect(ctrl).to_have_text("Mark as read")  # the action row shows the word
    choose(ctrl, "read")
    expect(ctrl).to_have_text("Read")
    entry = stored(page)["papers"][DPO]
    assert entry["state"] == "read"
    assert entry["title"] == DPO_TITLE
    assert entry["url"] == f"papers/{DPO}/"

    page.goto(f"{site_url}lists/{LIST}/")
    expect_progress(page, progress_line(1, LIST_SIZE))
    expect(control(page, DPO, ".rl-item")).to_have_attribute("data-rl-value", "read")
    expect(page.locator(f'.rl-item .rl-state[data-rl-paper="{DPO}"]')).to_have_attribute("data-rl-state", "read")
    progressbar = page.get_by_role("progressbar", name=f"Reading progress of {LIST_TITLE}")
    expect(progressbar).to_have_attribute("aria-valuetext", f"1 of {LIST_SIZE} read")
    assert_rendered_once(page)
    assert page.locator(".rl-item").count() == LIST_SIZE == page.locator(".rl-state").count()

    page.reload()
    expect_progress(page, progress_line(1, LIST_SIZE))
    expect(control(page, DPO, ".rl-item")).to_have_attribute("data-rl-value", "read")
    assert_rendered_once(page)

    page.goto(site_url)
    assert total_of(page) == FIXTURE_PAPERS > LIST_SIZE  # the home page counts the whole reading list
    expect_progress(page, progress_line(1, total_of(page)))
    assert_rendered_once(page)

    page.goto(f"{site_url}tags/{TAG}/")
    expect_progress(page, progress_line(1, total_of(page)))
    expect(control(page, DPO, ".rl-item")).to_have_attribute("data-rl-value", "read")
    assert_rendered_once(page)


def test_instant_navigation_renders_once_and_stays_correct(deployed: tuple[Any, str]) -> None:
    page, base = deployed
    page.goto(base)
    expect(page.locator(".rl-progress__text")).to_have_count(1)
    home_total = total_of(page)
    expect_progress(page, progress_line(0, home_total))
    mark_page(page)

    # Lists tab -> the list (two instant navigations)
    instant_click(page, page.locator(".md-tabs a", has_text="Lists").first, "**/lists/", "Lists")
    instant_click(page, page.locator(f'.md-content a[href$="lists/{LIST}/"]').first, f"**/lists/{LIST}/", LIST_TITLE)
    expect_progress(page, progress_line(0, LIST_SIZE))
    assert_rendered_once(page)

    # -> the paper, mark it read there
    instant_click(
        page, page.locator(f'.rl-item a.rl-item__title[href$="papers/{DPO}/"]'), f"**/papers/{DPO}/", DPO_TITLE
    )
    expect(page.locator(".rl-actions .rl-state")).to_have_count(1)
    expect(page.locator(".rl-actions button.rl-state__button")).to_have_count(1)
    expect(page.locator("button.rl-state__button")).to_have_count(page.locator(".rl-state").count())  # + related
    choose(control(page, DPO, ".rl-actions"), "read")

    # -> back to the list through the paper's provenance table
    instant_click(page, page.locator(f'.rl-provenance a[href$="lists/{LIST}/"]'), f"**/lists/{LIST}/", LIST_TITLE)
    expect_progress(page, progress_line(1, LIST_SIZE))
    expect(control(page, DPO, ".rl-item")).to_have_attribute("data-rl-value", "read")
    assert_rendered_once(page)

    # -> home (tab), then the tag page from the home page's tag cloud
    instant_click(page, page.locator(".md-tabs a", has_text="Home").first, base, "Paper Reading List")
    expect_progress(page, progress_line(1, home_total))
    assert_rendered_once(page)
    instant_click(page, page.locator(f'.rl-cloud a[href$="tags/{TAG}/"]'), f"**/tags/{TAG}/", TAG_TITLE)
    tag_total = total_of(page)
    expect_progress(page, progress_line(1, tag_total))
    assert_rendered_once(page)

    # change it on the tag page; the pages that history brings back show the new state
    choose(control(page, DPO, ".rl-item"), "reading")
    expect_progress(page, progress_line(0, tag_total, reading=1))
    page.go_back()
    expect(page.locator("h1").first).to_have_text("Paper Reading List")
    expect_progress(page, progress_line(0, home_total, reading=1))
    assert_rendered_once(page)
    page.go_back()
    expect(page.locator("h1").first).to_have_text(LIST_TITLE)
    expect_progress(page, progress_line(0, LIST_SIZE, reading=1))
    expect(control(page, DPO, ".rl-item")).to_have_attribute("data-rl-value", "reading")
    assert_rendered_once(page)
    assert same_page(page), "history navigation reloaded the page"

    # My reading (tab) links to the deployed URL whatever page the visit started on
    instant_click(page, page.locator(".md-tabs a", has_text="My reading").first, "**/reading/", "My reading")
    my = page.locator("#rl-my-reading")
    expect(my.locator(".rl-my__summary")).to_have_text("1 paper marked: 1 reading, 0 to read, 0 read.")
    expect(my.get_by_role("link", name=DPO_TITLE)).to_have_attribute("href", f"{base}papers/{DPO}/")
    expect(my.get_by_role("button", name="Export JSON")).to_have_count(1)

    page.reload()
    expect(page.locator("h1").first).to_have_text("My reading")
    expect(my.locator(".rl-my__summary")).to_have_text("1 paper marked: 1 reading, 0 to read, 0 read.")


# --------------------------------------------------------------------------- 2. export, clear, import


def import_file(page: Any, name: str, content: str | bytes) -> None:
    with page.expect_file_chooser() as chooser:
        page.get_by_role("button", name="Import JSON…").click()
    data = content.encode() if isinstance(content, str) else content
    chooser.value.set_files({"name": name, "mimeType": "application/json", "buffer": data})


def test_export_clear_import_on_my_reading(page: Any, site_url: str, errors: Errors, tmp_path: Path) -> None:
    page.goto(f"{site_url}papers/{DPO}/")
    choose(control(page, DPO, ".rl-actions"), "read")
    page.goto(f"{site_url}lists/{LIST}/")
    choose(control(page, GPT4, ".rl-item"), "reading")
    choose(control(page, LLAMA2, ".rl-item"), "toread")
    after_marking = progress_line(1, LIST_SIZE, reading=1, toread=1)
    expect_progress(page, after_marking)
    before = stored(page)

    page.goto(f"{site_url}reading/")
    my = page.locator("#rl-my-reading")
    summary = my.locator(".rl-my__summary")
    expect(summary).to_have_text("3 papers marked: 1 reading, 1 to read, 1 read.")
    for heading in ("Reading (1)", "To read (1)", "Read (1)"):
        expect(my.get_by_role("heading", name=heading, exact=True)).to_be_visible()
    expect(my.get_by_role("link", name=DPO_TITLE)).to_have_attribute("href", f"{site_url}papers/{DPO}/")

    # Export JSON: a download whose content is the stored object
    with page.expect_download() as download:
        my.get_by_role("button", name="Export JSON").click()
    assert download.value.suggested_filename == "reading-list.json"
    exported_path = tmp_path / "reading-list.json"
    download.value.save_as(exported_path)
    exported = json.loads(exported_path.read_text(encoding="utf-8"))
    assert exported == before
    assert exported["version"] == 1
    assert {slug: e["state"] for slug, e in exported["papers"].items()} == {
        DPO: "read",
        GPT4: "reading",
        LLAMA2: "toread",
    }
    assert exported["papers"][GPT4]["title"] == "GPT-4 Technical Report"
    assert exported["papers"][LLAMA2]["url"] == f"papers/{LLAMA2}/"
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", exported["papers"][DPO]["updated"])

    # Export Markdown: a checklist with absolute links to the paper pages
    with page.expect_download() as download_md:
        my.get_by_role("button", name="Export Markdown").click()
    assert download_md.value.suggested_filename == "reading-list.md"
    md_path = tmp_path / "reading-list.md"
    download_md.value.save_as(md_path)
    md = md_path.read_text(encoding="utf-8")
    assert f"- [x] [{DPO_TITLE}]({site_url}papers/{DPO}/)" in md
    assert f"- [ ] [GPT-4 Technical Report]({site_url}papers/{GPT4}/)" in md

    # Clear all (after confirming): nothing left, here and on the list page
    dialogs: list[str] = []

    def accept(dialog: Any) -> None:
        dialogs.append(dialog.message)
        dialog.accept()

    page.once("dialog", accept)
    my.get_by_role("button", name="Clear all").click()
    expect(summary).to_have_text("No papers marked yet.")
    assert dialogs and "all 3 papers" in dialogs[0]
    assert stored(page)["papers"] == {}
    page.goto(f"{site_url}lists/{LIST}/")
    expect_progress(page, progress_line(0, LIST_SIZE))

    # Import the export: everything is back
    page.goto(f"{site_url}reading/")
    expect(summary).to_have_text("No papers marked yet.")
    import_file(page, "reading-list.json", exported_path.read_bytes())
    expect(my.get_by_role("status")).to_contain_text("3 added, 0 updated, 0 kept")
    expect(my.get_by_role("alert")).to_have_text("")
    expect(summary).to_have_text("3 papers marked: 1 reading, 1 to read, 1 read.")
    assert stored(page) == before
    page.goto(f"{site_url}lists/{LIST}/")
    expect_progress(page, after_marking)
    expect(control(page, DPO, ".rl-item")).to_have_attribute("data-rl-value", "read")
    expect(control(page, GPT4, ".rl-item")).to_have_attribute("data-rl-value", "reading")
    expect(control(page, LLAMA2, ".rl-item")).to_have_attribute("data-rl-value", "toread")


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        (
            json.dumps({"version": 1, "papers": {DPO: {"state": "finished", "updated": "2024-01-01T00:00:00Z"}}}),
            'unknown state "finished"',
        ),
        (json.dumps({"version": 2, "papers": {}}), "unsupported version 2"),
    ],
    ids=["not-json", "unknown-state", "wrong-version"],
)
def test_malformed_import_shows_an_alert_and_changes_nothing(
    page: Any, site_url: str, errors: Errors, content: str, reason: str
) -> None:
    page.goto(f"{site_url}lists/{LIST}/")
    choose(control(page, GPT4, ".rl-item"), "reading")
    raw_before = page.evaluate(f"localStorage.getItem({json.dumps(KEY)})")

    page.goto(f"{site_url}reading/")
    my = page.locator("#rl-my-reading")
    groups_before = my.locator(".rl-my__groups").inner_html()
    import_file(page, "broken.json", content)
    alert = my.get_by_role("alert")
    expect(alert).to_contain_text("Could not import “broken.json”")
    expect(alert).to_contain_text(reason)
    expect(alert).to_contain_text("Nothing was changed.")
    expect(alert).to_be_visible()
    assert page.evaluate(f"localStorage.getItem({json.dumps(KEY)})") == raw_before
    assert my.locator(".rl-my__groups").inner_html() == groups_before
    expect(my.locator(".rl-my__summary")).to_have_text("1 paper marked: 1 reading, 0 to read, 0 read.")

    page.goto(f"{site_url}lists/{LIST}/")
    expect_progress(page, progress_line(0, LIST_SIZE, reading=1))


# --------------------------------------------------------------------------- 3. all-papers table


def test_all_papers_table_filters_by_reading_state_and_tag(page: Any, site_url: str, errors: Errors) -> None:
    page.goto(f"{site_url}papers/")
    rows = page.locator("#rl-papers tbody tr[data-rl-paper]")
    total = rows.count()
    assert total == FIXTURE_PAPERS
    status = page.locator(".rl-papers-filters__status")
    expect(status).to_have_text(f"Showing {total} of {total} papers")
    visible = page.locator("#rl-papers tbody tr[data-rl-paper]:visible")

    def shown() -> set[str]:
        return set(visible.evaluate_all("rs => rs.map(r => r.dataset.rlPaper)"))

    choose(control(page, DPO, "#rl-papers"), "read")
    choose(control(page, GPT4, "#rl-papers"), "read")
    expect(page.locator(f'tr[data-rl-paper="{GPT4}"]')).to_have_attribute("data-rl-state", "read")

    state_filter = page.get_by_role("combobox", name="Reading state", exact=True)
    expect(state_filter).to_have_attribute("id", "rl-state-filter-select")
    state_filter.select_option("read")
    expect(visible).to_have_count(2)
    assert shown() == {DPO, GPT4}
    expect(status).to_have_text(f"Showing 2 of {total} papers")

    # + the tag filter of papers-table.js: both must match
    tagged = set(
        rows.evaluate_all(
            f"rs => rs.filter(r => r.dataset.tags.split(' ').includes('{TAG}')).map(r => r.dataset.rlPaper)"
        )
    )
    assert DPO in tagged and GPT4 not in tagged and len(tagged) == 3
    page.locator("#rl-papers-filter-tag").select_option(TAG)
    expect(visible).to_have_count(1)
    assert shown() == {DPO}
    expect(status).to_have_text(f"Showing 1 of {total} papers")
    assert f"tag={TAG}" in page.url
    # the two scripts use separate attributes
    gpt4_row = page.locator(f'tr[data-rl-paper="{GPT4}"]')
    assert gpt4_row.get_attribute("data-rl-filtered") == ""
    assert gpt4_row.get_attribute("data-rl-hidden") is None

    state_filter.select_option("unread")
    expect(visible).to_have_count(len(tagged) - 1)
    assert shown() == tagged - {DPO}
    state_filter.select_option("all")
    expect(visible).to_have_count(len(tagged))
    assert shown() == tagged

    # marking a row re-applies the state filter at once
    state_filter.select_option("unread")
    other = sorted(tagged - {DPO})[0]
    choose(control(page, other, "#rl-papers"), "read")
    expect(visible).to_have_count(len(tagged) - 2)
    assert other not in shown()

    # resetting papers-table.js's filters leaves the reading-state filter alone
    page.get_by_role("button", name="Reset filters").click()
    expect(state_filter).to_have_value("unread")
    expect(visible).to_have_count(total - 3)
    expect(status).to_have_text(f"Showing {total - 3} of {total} papers")


# --------------------------------------------------------------------------- 4. keyboard only


def test_keyboard_only_reaches_and_operates_the_control(page: Any, site_url: str, errors: Errors) -> None:
    page.goto(f"{site_url}papers/{DPO}/")
    ctrl = control(page, DPO, ".rl-actions")
    expect(ctrl).to_have_count(1)

    path: list[str] = []
    for _ in range(50):
        page.keyboard.press("Tab")
        info = page.evaluate(
            "(() => { const e = document.activeElement;"
            " return [e.tagName, e.matches('.rl-actions button.rl-state__button'),"
            " (e.getAttribute('aria-label') || e.textContent || '').trim().slice(0, 40)]; })()"
        )
        path.append(f"{info[0]} {info[2]}")
        if info[1]:
            break
    else:
        pytest.fail("the reading control is not reachable with Tab in 50 presses:\n" + "\n".join(path))
    tabs = len(path)
    assert tabs <= 40, f"{tabs} tabs to reach the control:\n" + "\n".join(path)
    expect(ctrl).to_be_focused()

    # name, role, visible focus
    expect(ctrl).to_have_role("button")
    expect(ctrl).to_have_accessible_name(f"Mark as read (reading state of {DPO_TITLE}: not set)")
    expect(ctrl).to_have_attribute("aria-haspopup", "menu")
    outline = ctrl.evaluate("e => [getComputedStyle(e).outlineStyle, parseFloat(getComputedStyle(e).outlineWidth)]")
    assert outline[0] != "none" and outline[1] >= 1, f"no visible focus indicator: {outline}"

    host = page.locator(f'.rl-actions .rl-state[data-rl-paper="{DPO}"]')
    menu = page.get_by_role("menu", name=f"Reading state of {DPO_TITLE}")
    # ArrowDown opens the menu on its first state; Enter chooses it: -> To read
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("menuitemradio", name="To read")).to_be_focused()
    page.keyboard.press("Enter")
    expect(ctrl).to_have_attribute("data-rl-value", "toread")
    expect(host).to_have_attribute("data-rl-state", "toread")
    assert stored(page)["papers"][DPO]["state"] == "toread"
    expect(ctrl).to_be_focused()
    # Enter opens it on the current state, arrows move, Enter chooses: -> Read
    page.keyboard.press("Enter")
    expect(menu.get_by_role("menuitemradio", name="To read")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(ctrl).to_have_attribute("data-rl-value", "read")
    expect(host).to_have_attribute("data-rl-state", "read")
    assert stored(page)["papers"][DPO]["state"] == "read"
    expect(ctrl).to_be_focused()

    # it is kept: after a reload the keyboard finds the same state
    page.reload()
    expect(control(page, DPO, ".rl-actions")).to_have_attribute("data-rl-value", "read")
    # End reaches "Not set", which clears
    control(page, DPO, ".rl-actions").focus()
    page.keyboard.press("Enter")
    page.keyboard.press("End")
    expect(menu.get_by_role("menuitemradio", name="Not set")).to_be_focused()
    page.keyboard.press("Enter")
    expect(control(page, DPO, ".rl-actions")).to_have_attribute("data-rl-value", "")
    assert DPO not in stored(page)["papers"]


# --------------------------------------------------------------------------- 5. light and dark


def test_control_is_legible_in_light_and_dark_mode(page: Any, site_url: str, errors: Errors) -> None:
    page.emulate_media(color_scheme="light")
    page.goto(f"{site_url}papers/{DPO}/")
    body = page.locator("body")
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    ctrl = control(page, DPO, ".rl-actions")
    choose(ctrl, "reading")
    ctrl.scroll_into_view_if_needed()
    page.mouse.move(0, 0)

    seen: dict[str, dict[str, Any]] = {}
    for scheme, name in (("default", "reading-light"), ("slate", "reading-dark")):
        if scheme == "slate":
            page.locator("form[data-md-component=palette] label:visible").first.click()
            expect(body).to_have_attribute("data-md-color-scheme", "slate")
            page.mouse.move(0, 0)
            page.wait_for_timeout(100)  # colour transitions
        ctrl.blur()
        c = contrast(ctrl)
        seen[scheme] = c
        assert c["fg"] != c["bg"], f"{scheme}: text and background are the same colour {c}"
        assert c["ratio"] >= 4.5, f"{scheme}: contrast {c['ratio']:.2f} is below 4.5:1 {c}"
        expect(ctrl.locator("xpath=..")).to_have_attribute("data-rl-state", "reading")
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(".rl-actions").screenshot(path=str(ARTIFACTS / f"{name}-control.png"))
        ctrl.click()  # the menu: every state legible
        for option in page.get_by_role("menuitemradio").all():
            opt = contrast(option)
            assert opt["ratio"] >= 4.5, f"{scheme}: option contrast {opt['ratio']:.2f} {opt}"
        screenshot(page, name)
        page.keyboard.press("Escape")
    assert seen["default"]["bg"] != seen["slate"]["bg"], "the control does not follow the colour scheme"
    assert seen["default"]["fg"] != seen["slate"]["fg"], "the control does not follow the colour scheme"


# --------------------------------------------------------------------------- 6. without JavaScript


def test_pages_work_without_javascript(browser: Any, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)

        def no_overflow() -> None:
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], f"horizontal overflow: {width}"

        page.goto(f"{site_url}papers/{DPO}/")
        assert "no-js" in (page.locator("html").get_attribute("class") or "")
        expect(page.locator("h1").first).to_have_text(DPO_TITLE)
        expect(page.locator(".rl-abstract")).to_be_visible()
        assert page.locator(".rl-tags a").count() >= 1
        assert page.locator(".rl-provenance tbody tr").count() >= 1
        hook = page.locator(".rl-actions .rl-state")
        expect(hook).to_have_count(1)
        assert hook.inner_html() == ""
        assert page.locator("select, button.rl-state__button, .rl-progress__text, progress").count() == 0
        no_overflow()
        screenshot(page, "reading-nojs-paper")

        page.goto(f"{site_url}lists/{LIST}/")
        expect(page.locator("h1").first).to_have_text(LIST_TITLE)
        items = page.locator(".rl-item")
        expect(items).to_have_count(LIST_SIZE)
        for i in (0, LIST_SIZE - 1):
            expect(items.nth(i).locator("a.rl-item__title")).to_be_visible()
            assert items.nth(i).locator("a.rl-item__title").inner_text().strip()
        expect(items.locator(f'a.rl-item__title[href$="papers/{DPO}/"]')).to_have_text(DPO_TITLE)
        empty = page.locator(".rl-state, .rl-progress").evaluate_all("hs => hs.filter(h => h.innerHTML !== '').length")
        assert empty == 0, "the hooks are filled without JavaScript"
        assert page.locator(".rl-progress").evaluate("e => e.getBoundingClientRect().height") == 0
        assert page.locator("select, button.rl-state__button").count() == 0
        # the title and its meta line are not pushed apart or overlapped by the empty hook
        first = items.first
        title_box = first.locator("a.rl-item__title").bounding_box()
        meta_box = first.locator(".rl-item__meta").bounding_box()
        assert title_box and meta_box and meta_box["y"] >= title_box["y"] + title_box["height"] - 1
        no_overflow()
        screenshot(page, "reading-nojs-list")

        page.goto(f"{site_url}papers/")
        rows = page.locator("#rl-papers tbody tr")
        assert rows.count() == FIXTURE_PAPERS
        expect(page.locator("#rl-papers tbody tr:visible")).to_have_count(rows.count())
        assert page.locator("#rl-state-filter").inner_html() == ""

        page.goto(f"{site_url}reading/")
        expect(page.locator("h1").first).to_have_text("My reading")
        # Playwright disables script execution but not the HTML parser's scripting flag, so Chromium
        # parses <noscript> as raw text here and does not display it; a browser with JavaScript off does.
        noscript = page.locator("#rl-my-reading noscript")
        expect(noscript).to_have_count(1)
        assert "Reading state needs JavaScript" in noscript.evaluate("n => n.textContent")
    finally:
        context.close()
