"""The fixture project's built site (tests/fixture) in Debian's Chromium: what a reader does, step by step."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import FIXTURE_PAPERS, screenshot

DPO = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
pytestmark = [pytest.mark.browser, pytest.mark.slow]


def test_paper_page_shows_provenance_and_rendered_math(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}papers/{DPO}/")
    assert page.locator("h1").first.inner_text().startswith("Direct Preference Optimization")
    rows = page.locator(".rl-provenance tbody tr")
    assert rows.count() == 4
    assert "Top papers of the week" in rows.nth(3).inner_text()
    screenshot(page, "paper-page")
    page.goto(f"{site_url}papers/diffusion-models-beat-gans-on-image-synthesis/")
    page.wait_for_selector(".rl-abstract .katex", state="attached")
    assert page.locator(".rl-abstract .katex").count() >= 3


def test_copy_bibtex(page: Any, site_url: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(f"{site_url}papers/{DPO}/")
    block = page.locator("#cite + div .highlight")
    block.hover()
    block.locator("button[data-md-type=copy]").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith(f"@misc{{{DPO},") and "eprint = {2305.18290}" in copied


def test_follow_a_tag_link_and_back(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}papers/{DPO}/")
    page.locator(".rl-tags a", has_text="Alignment and RLHF").click()
    page.wait_for_url("**/tags/alignment/")
    assert page.locator("h1").first.inner_text() == "Alignment and RLHF"
    assert page.locator(f'.rl-item a[href$="{DPO}/"]').count() == 1
    screenshot(page, "tag-page")
    page.go_back()
    page.wait_for_url(f"**/papers/{DPO}/")
    assert page.locator("h1").first.inner_text().startswith("Direct Preference Optimization")


def test_search_lands_on_the_paper(page: Any, site_url: str) -> None:
    page.goto(site_url)
    page.locator(".md-search__input").click()
    page.keyboard.type("direct preference optimization", delay=20)
    first = page.locator(".md-search-result__item").first
    first.wait_for(timeout=20_000)
    assert "Direct Preference Optimization" in first.inner_text()
    first.locator("a").first.click()
    page.wait_for_url(f"**/papers/{DPO}/**")
    assert page.locator("h1").first.inner_text().startswith("Direct Preference Optimization")


def test_filter_all_papers_by_tag(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}papers/")
    rows = page.locator("#rl-papers tbody tr")
    assert rows.count() == FIXTURE_PAPERS
    select = page.locator("#rl-papers-filters select").first
    select.select_option("computer-vision")
    visible = page.locator("#rl-papers tbody tr:visible")
    n = visible.count()
    assert n == 4  # Segment Anything, Track Anything, ControlNet, Diffusion Models Beat GANs
    for i in range(n):
        assert "computer-vision" in (visible.nth(i).get_attribute("data-tags") or "").split()


def test_toggle_dark_mode(page: Any, site_url: str) -> None:
    page.goto(site_url)
    before = page.locator("body").get_attribute("data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:visible").first.click()
    page.wait_for_function(f"document.body.getAttribute('data-md-color-scheme') !== '{before}'")
    assert page.locator("body").get_attribute("data-md-color-scheme") in {"slate", "default"}
    screenshot(page, "home-toggled")


def test_screenshots_of_week_and_home(page: Any, site_url: str) -> None:
    page.goto(f"{site_url}weeks/2023-04-02/")
    assert page.locator(".rl-item").count() == 3
    screenshot(page, "week-page")
    page.goto(site_url)
    assert f"{FIXTURE_PAPERS} papers" in page.locator(".rl-stats").inner_text()
    screenshot(page, "home-page")
