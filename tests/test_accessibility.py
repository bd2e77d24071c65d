"""WCAG 2.1 A/AA checks with axe-core on the served fixture site (tests/fixture), in the light and the dark scheme.

axe-core is vendored under tests/vendor/axe-core/ (see its README) and injected
into each page once the page's own scripts have run (reading-state widgets, the
papers table's filters, KaTeX). Every violation is printed with its rule, impact,
target selectors and an HTML snippet.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.conftest import screenshot

AXE = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCHEMES = {"light": "default", "dark": "slate"}  # prefers-color-scheme -> Material's data-md-color-scheme
SEARCH_QUERY = "transformer"

pytestmark = [pytest.mark.browser, pytest.mark.slow]


def first_term(site: Path, kind: str) -> str:
    """The URL of one term page of an index kind (the first in name order)."""
    terms = sorted(p.parent.name for p in (site / kind).glob("*/index.html"))
    assert terms, f"no {kind} pages"
    return f"{kind}/{terms[0]}/"


def first_paper(site: Path) -> str:
    papers = sorted(p.parent.name for p in (site / "papers").glob("*/index.html"))
    with_math = [s for s in papers if 'class="arithmatex"' in (site / "papers" / s / "index.html").read_text("utf-8")]
    return f"papers/{(with_math or papers)[0]}/"  # a page with math: KaTeX output is checked too


PAGES = {
    "home": lambda site: "",
    "paper": first_paper,
    "tag": lambda site: first_term(site, "tags"),
    "category": lambda site: first_term(site, "categories"),
    "week": lambda site: first_term(site, "weeks"),
    "list": lambda site: first_term(site, "lists"),
    "tags": lambda site: "tags/",
    "categories": lambda site: "categories/",
    "weeks": lambda site: "weeks/",
    "lists": lambda site: "lists/",
    "papers": lambda site: "papers/",
    "author": lambda site: "authors/marie-anne-lachaux/",
    "authors": lambda site: "authors/",
    "authors-a-z": lambda site: "authors/a-z/l/",
    "years": lambda site: "years/",
    "consensus": lambda site: "consensus/",
    "new": lambda site: "new/",
    "stats": lambda site: "stats/",
    "reading": lambda site: "reading/",
    "search": lambda site: "",
}


def run_axe(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    options = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
    result = page.evaluate("options => axe.run(document, options)", options)
    return result["violations"]


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} element(s)) {v['helpUrl']}")
        for node in v["nodes"][:8]:
            target = " ".join(" > ".join(t) if isinstance(t, list) else t for t in node["target"])
            lines.append(f"    {target}\n      {' '.join(node['html'].split())[:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"      {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def test_axe_is_vendored() -> None:
    head = AXE.read_text("utf-8")[:200]
    assert head.startswith("/*! axe v4."), head
    assert (AXE.parent / "LICENSE").is_file()


@pytest.mark.parametrize("scheme", list(SCHEMES))
@pytest.mark.parametrize("kind", list(PAGES))
def test_no_wcag_violations(page: Any, site_url: str, built_site: Path, kind: str, scheme: str) -> None:
    page.set_default_timeout(30_000)
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + PAGES[kind](built_site), wait_until="load")
    assert page.get_attribute("body", "data-md-color-scheme") == SCHEMES[scheme]
    if page.locator(".arithmatex").count():
        page.wait_for_selector(".arithmatex[data-rl-math] .katex", state="attached")
    if kind == "search":
        page.click(".md-search__input")
        page.keyboard.type(SEARCH_QUERY)
        page.wait_for_selector(".md-search-result__item")
    page.wait_for_load_state("networkidle")
    violations = run_axe(page)
    if violations:
        screenshot(page, f"a11y-{kind}-{scheme}")
    assert not violations, f"{kind} ({scheme}): {page.url}\n{describe(violations)}"


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_open_reading_state_menu_has_no_violations(page: Any, site_url: str, built_site: Path, scheme: str) -> None:
    """The reading-state control with its menu open (a menu button and menuitemradio items), in both schemes."""
    page.emulate_media(color_scheme=scheme)
    page.goto(site_url + first_paper(built_site), wait_until="load")
    button = page.locator(".rl-actions .rl-state__button")
    button.click()
    page.get_by_role("menu").wait_for()
    assert button.get_attribute("aria-expanded") == "true"
    violations = run_axe(page)
    if violations:
        screenshot(page, f"a11y-menu-{scheme}")
    assert not violations, f"menu ({scheme}): {page.url}\n{describe(violations)}"
