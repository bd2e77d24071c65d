"""Browser tests of the reading-state script against a static harness.

The harness (tests/fixtures/reading_harness/site) is copied to a temporary
directory together with reading.js / reading.css from generator/theme/ and served by
http.server on 127.0.0.1 (port 0) under /site/, then driven with Debian's
Chromium through Playwright. On CI (CI=true) a missing Chromium or Playwright
is a failure, not a skip.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import serving

ROOT = Path(__file__).resolve().parent.parent
HARNESS = ROOT / "tests" / "fixtures" / "reading_harness" / "site"
READING_JS = ROOT / "generator" / "theme" / "assets" / "javascripts" / "reading.js"
READING_CSS = ROOT / "generator" / "theme" / "assets" / "stylesheets" / "reading.css"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
KEY = "reading-list:v1"

pytestmark = pytest.mark.browser


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def _unavailable(message: str) -> None:
    if _on_ci():
        pytest.fail(f"{message} (CI=true, so browser tests must run)")
    pytest.skip(message)


try:
    from playwright.sync_api import Browser, Page, expect, sync_playwright
except ImportError:  # pragma: no cover - exercised only without the test extra
    sync_playwright = None  # type: ignore[assignment]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Serve a copy of the harness plus the real site.js, reading.js and reading.css; yields the site root URL."""
    served = tmp_path_factory.mktemp("reading_harness")
    site = served / "site"
    shutil.copytree(HARNESS, site)
    (site / "assets" / "javascripts").mkdir(parents=True)
    (site / "assets" / "stylesheets").mkdir(parents=True)
    shutil.copy(READING_JS, site / "assets" / "javascripts" / "reading.js")
    shutil.copy(READING_JS.with_name("site.js"), site / "assets" / "javascripts" / "site.js")
    shutil.copy(READING_CSS, site / "assets" / "stylesheets" / "reading.css")
    with serving(served) as url:
        yield url + "site/"


# `browser` is the session fixture in tests/conftest.py: one Playwright per test run
# (its sync API cannot run twice at once), failing on CI when Chromium is missing.


class Session:
    """A fresh browser context (empty localStorage) with error collection."""

    def __init__(self, browser: Browser, site: str, tmp_path: Path) -> None:
        self.site = site
        self.tmp_path = tmp_path
        self.context = browser.new_context(accept_downloads=True)
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.page = self.new_page()

    def new_page(self) -> Page:
        page = self.context.new_page()
        page.on("pageerror", lambda e: self.errors.append(f"pageerror: {e}"))
        page.on("console", self._console)
        return page

    def _console(self, msg: Any) -> None:
        if msg.type == "error":
            self.errors.append(f"console.error: {msg.text}")
        elif msg.type == "warning":
            self.warnings.append(msg.text)

    def goto(self, path: str = "", page: Page | None = None) -> Page:
        p = page or self.page
        p.goto(self.site + path)
        return p

    def stored(self, page: Page | None = None) -> Any:
        raw = (page or self.page).evaluate(f"localStorage.getItem({json.dumps(KEY)})")
        return None if raw is None else json.loads(raw)

    def raw(self, key: str = KEY) -> str | None:
        return self.page.evaluate(f"localStorage.getItem({json.dumps(key)})")


@pytest.fixture
def s(browser: Browser, site_url: str, tmp_path: Path) -> Iterator[Session]:
    session = Session(browser, site_url, tmp_path)
    try:
        yield session
        assert session.errors == [], "errors in the page:\n" + "\n".join(session.errors)
    finally:
        session.context.close()


STATE_NAMES = {"": "Not set", "toread": "To read", "reading": "Reading", "read": "Read"}


def control(page: Page, title: str):
    """The reading-state button of a paper: its name is its state's word and "(reading state of TITLE)"."""
    return page.get_by_role("button", name=re.compile(rf"\(reading state of {re.escape(title)}(: not set)?\)$"))


def choose(button: Any, state: str) -> None:
    """Open a paper's state menu and choose a state ("" = Not set)."""
    button.click()
    menu = button.page.get_by_role("menu", name=re.compile("^Reading state of "))
    menu.get_by_role("menuitemradio", name=STATE_NAMES[state], exact=True).click()


ATTENTION = "Attention Is All You Need"
BERT = "BERT: Pre-training of Deep Bidirectional Transformers"
GPT = "Improving Language Understanding by Generative Pre-Training"
RESNET = "Deep Residual Learning <for> Image Recognition & more"


def import_file(page: Page, name: str, content: str | bytes) -> None:
    with page.expect_file_chooser() as fc:
        page.get_by_role("button", name="Import JSON…").click()
    data = content.encode() if isinstance(content, str) else content
    fc.value.set_files({"name": name, "mimeType": "application/json", "buffer": data})


# --------------------------------------------------------------------------- tests


def test_mark_read_updates_progress_and_survives_reload(s: Session) -> None:
    page = s.goto()
    progress = page.locator(".rl-progress")
    expect(progress.locator(".rl-progress__text")).to_have_text("0 of 4 read · 0 reading · 0 to read")
    expect(progress.get_by_role("progressbar", name="Reading progress of all papers")).to_have_attribute("value", "0")

    choose(control(page, ATTENTION), "read")
    choose(control(page, BERT), "reading")
    expect(progress.locator(".rl-progress__text")).to_have_text("1 of 4 read · 1 reading · 0 to read")
    bar = progress.locator("progress")
    assert bar.evaluate("b => [b.value, b.max]") == [1, 4]
    expect(page.locator('tr[data-rl-paper="attention"]')).to_have_attribute("data-rl-state", "read")
    expect(page.locator('tr[data-rl-paper="gpt"]')).to_have_attribute("data-rl-state", "")

    stored = s.stored()
    assert stored["version"] == 1
    assert stored["papers"]["attention"]["state"] == "read"
    assert stored["papers"]["attention"]["title"] == ATTENTION
    assert stored["papers"]["attention"]["url"] == "papers/attention/"

    page.reload()
    expect(control(page, ATTENTION)).to_have_attribute("data-rl-value", "read")
    expect(control(page, BERT)).to_have_attribute("data-rl-value", "reading")
    expect(progress.locator(".rl-progress__text")).to_have_text("1 of 4 read · 1 reading · 0 to read")
    assert page.locator("button.rl-state__button").count() == 4

    # Same state on another page of the site (different depth)
    paper = s.goto("papers/attention/")
    expect(control(paper, ATTENTION)).to_have_attribute("data-rl-value", "read")
    expect(paper.locator(".rl-progress__text")).to_have_text("1 of 3 read · 1 reading · 0 to read")
    expect(paper.get_by_role("progressbar", name="Reading progress of Transformers")).to_be_visible()

    # Clearing removes the entry
    choose(control(paper, ATTENTION), "")
    expect(paper.locator(".rl-progress__text")).to_have_text("0 of 3 read · 1 reading · 0 to read")
    assert "attention" not in s.stored()["papers"]


def test_export_clear_import_round_trip(s: Session) -> None:
    page = s.goto()
    choose(control(page, ATTENTION), "read")
    choose(control(page, BERT), "reading")
    choose(control(page, RESNET), "toread")
    before = s.stored()

    my = s.goto("my-reading/")
    root = my.locator("#rl-my-reading")
    expect(root.locator(".rl-my__summary")).to_have_text("3 papers marked: 1 reading, 1 to read, 1 read.")
    expect(root.get_by_role("heading", name="Reading (1)", exact=True)).to_be_visible()
    expect(root.get_by_role("heading", name="Read (1)", exact=True)).to_be_visible()
    link = root.get_by_role("link", name=ATTENTION)
    expect(link).to_have_attribute("href", s.site + "papers/attention/")
    expect(root.get_by_role("link", name=RESNET)).to_have_attribute("href", s.site + "papers/resnet/")

    with my.expect_download() as dl:
        my.get_by_role("button", name="Export JSON").click()
    assert dl.value.suggested_filename == "reading-list.json"
    exported_path = s.tmp_path / "reading-list.json"
    dl.value.save_as(exported_path)
    exported = json.loads(exported_path.read_text(encoding="utf-8"))
    assert exported == before

    with my.expect_download() as dl_md:
        my.get_by_role("button", name="Export Markdown").click()
    assert dl_md.value.suggested_filename == "reading-list.md"
    md_path = s.tmp_path / "reading-list.md"
    dl_md.value.save_as(md_path)
    md = md_path.read_text(encoding="utf-8")
    assert f"- [x] [{ATTENTION}]({s.site}papers/attention/)" in md
    assert f"- [ ] [{BERT}]({s.site}papers/bert/)" in md
    assert f"- [ ] [Deep Residual Learning \\<for\\> Image Recognition & more]({s.site}papers/resnet/)" in md
    assert md.index("## Reading") < md.index("## To read") < md.index("## Read\n")

    # Forget everything, then import the export
    my.evaluate("localStorage.clear()")
    my.reload()
    expect(root.locator(".rl-my__summary")).to_have_text("No papers marked yet.")
    assert s.stored(my) is None

    import_file(my, "reading-list.json", exported_path.read_bytes())
    expect(root.get_by_role("status")).to_contain_text("3 added, 0 updated")
    expect(root.get_by_role("alert")).to_have_text("")
    expect(root.locator(".rl-my__summary")).to_have_text("3 papers marked: 1 reading, 1 to read, 1 read.")
    assert s.stored(my) == before

    home = s.goto()
    expect(control(home, ATTENTION)).to_have_attribute("data-rl-value", "read")
    expect(home.locator(".rl-progress__text")).to_have_text("1 of 4 read · 1 reading · 1 to read")


def test_import_merges_later_updated_wins(s: Session) -> None:
    page = s.goto()
    choose(control(page, ATTENTION), "reading")
    choose(control(page, BERT), "read")
    mine = s.stored()
    incoming: dict[str, Any] = {
        "version": 1,
        "papers": {
            # older than what the browser has: ignored
            "attention": {
                "state": "read",
                "title": ATTENTION,
                "url": "papers/attention/",
                "updated": "2001-01-01T00:00:00Z",
            },
            # newer: wins
            "bert": {"state": "toread", "title": BERT, "url": "papers/bert/", "updated": "2999-01-01T00:00:00Z"},
            "gpt": {"state": "read", "title": GPT, "url": "papers/gpt/", "updated": "2024-05-01T12:00:00+02:00"},
        },
    }
    my = s.goto("my-reading/")
    import_file(my, "other-laptop.json", json.dumps(incoming))
    expect(my.get_by_role("status")).to_contain_text("1 added, 1 updated, 1 kept")
    after = s.stored(my)
    assert after["papers"]["attention"] == mine["papers"]["attention"]
    assert after["papers"]["bert"] == incoming["papers"]["bert"]
    assert after["papers"]["gpt"] == incoming["papers"]["gpt"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not valid JSON"),
        ('{"version": 2, "papers": {}}', "unsupported version 2"),
        ('{"version": 1, "papers": []}', '"papers" must be an object'),
        (
            '{"version": 1, "papers": {"gpt": {"state": "read", "updated": "2024-01-01T00:00:00Z"},'
            ' "bert": {"state": "finished", "updated": "2024-01-01T00:00:00Z"}}}',
            'unknown state "finished"',
        ),
        (
            '{"version": 1, "papers": {"gpt": {"state": "read", "url": "javascript:alert(1)",'
            ' "updated": "2024-01-01T00:00:00Z"}}}',
            '"url" must be a path relative to the site root',
        ),
    ],
)
def test_malformed_import_shows_error_and_changes_nothing(s: Session, content: str, reason: str) -> None:
    page = s.goto()
    choose(control(page, ATTENTION), "read")
    raw_before = s.raw()
    my = s.goto("my-reading/")
    groups_before = my.locator(".rl-my__groups").inner_html()

    import_file(my, "bad.json", content)
    alert = my.locator("#rl-my-reading").get_by_role("alert")
    expect(alert).to_contain_text("Could not import “bad.json”")
    expect(alert).to_contain_text(reason)
    expect(alert).to_contain_text("Nothing was changed.")
    assert s.raw() == raw_before
    assert my.locator(".rl-my__groups").inner_html() == groups_before

    # a later good import clears the error
    import_file(my, "good.json", s.raw() or "")
    expect(alert).to_have_text("")


def test_clear_all_asks_for_confirmation(s: Session) -> None:
    page = s.goto()
    choose(control(page, ATTENTION), "read")
    choose(control(page, GPT), "toread")
    my = s.goto("my-reading/")
    messages: list[str] = []

    def dismiss(d: Any) -> None:
        messages.append(d.message)
        d.dismiss()

    my.once("dialog", dismiss)
    my.get_by_role("button", name="Clear all").click()
    assert messages and "all 2 papers" in messages[0]
    assert len(s.stored(my)["papers"]) == 2

    my.once("dialog", lambda d: d.accept())
    my.get_by_role("button", name="Clear all").click()
    expect(my.locator(".rl-my__summary")).to_have_text("No papers marked yet.")
    assert s.stored(my)["papers"] == {}


def test_keyboard_only(s: Session) -> None:
    page = s.goto()
    # Tab order: skip link, state filter, first title link, first state control
    for _ in range(4):
        page.keyboard.press("Tab")
    focused = page.locator("button.rl-state__button:focus")
    expect(focused).to_have_count(1)
    expect(focused).to_have_accessible_name(f"Mark as read (reading state of {ATTENTION}: not set)")
    expect(focused).to_have_role("button")
    expect(focused).to_have_attribute("aria-haspopup", "menu")
    expect(focused).to_have_attribute("aria-expanded", "false")
    assert focused.evaluate("e => e.closest('tr').dataset.rlPaper") == "attention"
    style = focused.evaluate("e => { const c = getComputedStyle(e); return [c.outlineStyle, c.outlineColor]; }")
    assert style == ["solid", "rgb(82, 108, 254)"], "visible focus in the accent colour"

    # Enter opens the menu on the current state (or the first); arrows move; Enter chooses
    page.keyboard.press("Enter")
    menu = page.get_by_role("menu", name=f"Reading state of {ATTENTION}")
    expect(menu).to_be_visible()
    expect(focused).to_have_count(0)
    expect(menu.get_by_role("menuitemradio", name="To read")).to_be_focused()
    expect(control(page, ATTENTION)).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("Enter")  # -> To read
    expect(menu).to_have_count(0)
    expect(page.locator(".rl-progress__text")).to_have_text("0 of 4 read · 0 reading · 1 to read")
    expect(control(page, ATTENTION)).to_be_focused()
    expect(control(page, ATTENTION)).to_have_accessible_name(f"To read (reading state of {ATTENTION})")
    # ArrowDown opens it too, on the checked state; two more down and Space: -> Read
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("menuitemradio", name="To read")).to_be_focused()
    expect(menu.get_by_role("menuitemradio", name="To read")).to_have_attribute("aria-checked", "true")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(menu.get_by_role("menuitemradio", name="Read", exact=True)).to_be_focused()
    page.keyboard.press(" ")
    expect(page.locator(".rl-progress__text")).to_have_text("1 of 4 read · 0 reading · 0 to read")
    expect(control(page, ATTENTION)).to_be_focused()
    assert s.stored()["papers"]["attention"]["state"] == "read"
    # Escape closes without a change, focus back on the button; End reaches "Not set"
    page.keyboard.press("ArrowUp")
    expect(menu.get_by_role("menuitemradio", name="Not set")).to_be_focused()
    page.keyboard.press("Escape")
    expect(menu).to_have_count(0)
    expect(control(page, ATTENTION)).to_be_focused()
    assert s.stored()["papers"]["attention"]["state"] == "read"

    # The filter is keyboard operable too: Shift+Tab twice back to it, choose "Read"
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    filt = page.get_by_role("combobox", name="Reading state", exact=True)
    expect(filt).to_be_focused()
    page.keyboard.press("End")  # last option: Read
    expect(filt).to_have_value("read")
    expect(page.locator("tbody tr:visible")).to_have_count(1)

    # dark scheme: focus ring uses that scheme's accent colour
    paper = s.goto("papers/attention/")
    paper.keyboard.press("Tab")
    expect(control(paper, ATTENTION)).to_be_focused()
    ring = control(paper, ATTENTION).evaluate("e => getComputedStyle(e).outlineColor")
    assert ring == "rgb(255, 145, 0)"


def test_clicking_outside_closes_the_menu(s: Session) -> None:
    page = s.goto()
    control(page, BERT).click()
    menu = page.get_by_role("menu")
    expect(menu).to_have_count(1)
    page.locator("h1").click()
    expect(menu).to_have_count(0)
    expect(control(page, BERT)).to_have_attribute("aria-expanded", "false")
    control(page, BERT).click()
    control(page, BERT).click()  # the button toggles its menu
    expect(menu).to_have_count(0)
    assert s.stored() is None  # nothing chosen, nothing stored


def test_state_filter_cooperates_with_other_filters(s: Session) -> None:
    page = s.goto()
    choose(control(page, ATTENTION), "read")
    choose(control(page, BERT), "reading")
    choose(control(page, GPT), "toread")
    filt = page.get_by_role("combobox", name="Reading state", exact=True)
    labels = filt.locator("option").all_inner_texts()
    assert labels == ["All", "Unread", "Not set", "To read", "Reading", "Read"]

    def visible() -> list[str]:
        return page.locator("tbody tr:visible").evaluate_all("rows => rows.map(r => r.dataset.rlPaper)")

    assert visible() == ["attention", "bert", "gpt", "resnet"]
    for value, expected in [
        ("read", ["attention"]),
        ("reading", ["bert"]),
        ("toread", ["gpt"]),
        ("none", ["resnet"]),
        ("unread", ["bert", "gpt", "resnet"]),
        ("all", ["attention", "bert", "gpt", "resnet"]),
    ]:
        filt.select_option(value)
        assert visible() == expected, value

    # Another filter hides a row with `hidden`: ours never touches that attribute
    page.evaluate("document.querySelector('tr[data-rl-paper=gpt]').hidden = true")
    filt.select_option("read")
    filt.select_option("all")
    assert visible() == ["attention", "bert", "resnet"]
    assert page.locator("tr[data-rl-paper=gpt]").evaluate("r => r.hidden") is True

    # Changing a state re-applies the filter
    filt.select_option("unread")
    choose(control(page, BERT), "read")
    assert visible() == ["resnet"]


def test_cross_tab_sync(s: Session) -> None:
    one = s.goto()
    two = s.goto("papers/attention/", page=s.new_page())
    choose(control(one, ATTENTION), "read")
    expect(control(two, ATTENTION)).to_have_attribute("data-rl-value", "read")
    expect(two.locator(".rl-progress__text")).to_have_text("1 of 3 read · 0 reading · 0 to read")


def test_garbage_in_storage_is_ignored_with_warning_and_backed_up(s: Session) -> None:
    page = s.goto()
    page.evaluate(f"localStorage.setItem({json.dumps(KEY)}, '{{oops')")
    page.reload()
    expect(page.locator("button.rl-state__button")).to_have_count(4)
    expect(page.locator(".rl-progress__text")).to_have_text("0 of 4 read · 0 reading · 0 to read")
    assert any("invalid stored reading state" in w for w in s.warnings), s.warnings
    assert s.raw() == "{oops", "garbage is not overwritten just by viewing"

    choose(control(page, GPT), "reading")
    assert s.raw("reading-list:v1:backup") == "{oops"
    assert any("overwriting invalid stored reading state" in w for w in s.warnings), s.warnings
    assert s.stored()["papers"]["gpt"]["state"] == "reading"


def test_storage_unavailable_still_works_in_memory(s: Session) -> None:
    s.context.add_init_script(
        "Object.defineProperty(window, 'localStorage', {configurable: true,"
        " get() { throw new DOMException('blocked', 'SecurityError'); }});"
    )
    page = s.goto()
    expect(page.locator("button.rl-state__button")).to_have_count(4)
    choose(control(page, ATTENTION), "read")
    expect(page.locator(".rl-progress__text")).to_have_text("1 of 4 read · 0 reading · 0 to read")
    assert any("localStorage is not available" in w for w in s.warnings), s.warnings
    my = s.goto("my-reading/")
    expect(my.locator(".rl-my__notice")).to_contain_text("does not let the site use local storage")


def test_untrusted_titles_are_text_not_html(s: Session) -> None:
    evil = '<img src=x onerror="window.__pwned=1">'
    my = s.goto("my-reading/")
    payload = {
        "version": 1,
        "papers": {"gpt": {"state": "read", "title": evil, "url": "papers/gpt/", "updated": "2024-01-01T00:00:00Z"}},
    }
    import_file(my, "evil.json", json.dumps(payload))
    expect(my.get_by_role("link", name=evil)).to_have_attribute("href", s.site + "papers/gpt/")
    assert my.locator("#rl-my-reading img").count() == 0
    assert my.evaluate("window.__pwned") is None
    expect(control(my, evil)).to_have_attribute("data-rl-value", "read")


def test_instant_navigation_rerenders_idempotently(s: Session) -> None:
    page = s.goto("nested/instant/")
    expect(page.locator("button.rl-state__button")).to_have_count(1)
    # More emissions (as after every instant navigation) must not duplicate anything
    page.evaluate("for (let i = 0; i < 3; i++) window.document$.next(document)")
    expect(page.locator("button.rl-state__button")).to_have_count(1)
    expect(page.locator(".rl-progress progress")).to_have_count(1)
    expect(page.locator(".rl-progress__text")).to_have_count(1)
    choose(control(page, ATTENTION), "toread")
    expect(page.locator(".rl-progress__text")).to_have_text("0 of 2 read · 0 reading · 1 to read")

    # Swap the content for a page at another depth; #__config still describes the first page
    page.evaluate("fakeNavigate('page-my-reading', '/site/my-reading/')")
    assert page.url == s.site + "my-reading/"
    root = page.locator("#rl-my-reading")
    expect(root.get_by_role("link", name=ATTENTION)).to_have_attribute("href", s.site + "papers/attention/")
    page.evaluate("window.document$.next(document); window.document$.next(document)")
    expect(root.locator(".rl-my__actions")).to_have_count(1)
    expect(root.get_by_role("button", name="Export JSON")).to_have_count(1)
    expect(page.locator(".rl-progress__text")).to_have_text("0 of 2 read · 0 reading · 1 to read")

    # Changing the state inside "My reading" moves the item and keeps keyboard focus on its control
    control(page, ATTENTION).focus()
    choose(control(page, ATTENTION), "read")
    expect(root.get_by_role("heading", name="Read (1)", exact=True)).to_be_visible()
    expect(control(page, ATTENTION)).to_be_focused()
    expect(page.locator(".rl-progress__text")).to_have_text("1 of 2 read · 0 reading · 0 to read")
    # One change listener only: a single change writes a single entry and one event
    page.evaluate("window.__changes = 0; document.addEventListener('reading-list:change', () => window.__changes++)")
    choose(control(page, ATTENTION), "reading")
    expect(root.get_by_role("heading", name="Reading (1)", exact=True)).to_be_visible()
    assert page.evaluate("window.__changes") == 1
