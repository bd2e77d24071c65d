from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from generator.charts import WIDTH, amount, bar_chart, bar_table, heatmap, safe_href

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '</svg><script>alert("x")</script> & \'q\' "d" \x00\x1b'


def parse(svg: str) -> ET.Element:
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    return root


def assert_accessible(root: ET.Element) -> None:
    linked = root.find(f".//{SVG}a") is not None
    assert root.get("role") == ("group" if linked else "img")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("aria-describedby") == desc.get("id")
    assert root.get("width") == str(WIDTH)
    assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('height')}"


def test_bar_chart_structure() -> None:
    rows = [("cs.CL", 120, "../categories/cs-cl/"), ("cs.LG", 60, None), ("Empty", 0, "https://example.org/a?b=1&c=2")]
    svg = bar_chart("Papers per category", rows)
    root = parse(svg)
    assert_accessible(root)
    bars = root.findall(f".//{SVG}rect[@class='bar']")
    assert len(bars) == 3
    widths = [float(b.get("width", "")) for b in bars]
    assert widths[0] == 2 * widths[1] and widths[2] == 0
    links = root.findall(f"{SVG}a")
    assert [a.get("href") for a in links] == ["../categories/cs-cl/", "https://example.org/a?b=1&c=2"]
    assert [t.text for t in root.iter(f"{SVG}text") if t.get("class") == "value"] == ["120", "60", "0"]
    assert "1 paper;" not in svg and "cs.CL: 120 papers" in svg
    assert "currentColor" in svg and "var(--md-primary-fg-color" in svg
    assert svg == bar_chart("Papers per category", rows)  # deterministic


def test_height_follows_rows() -> None:
    one = parse(bar_chart("t", [("a", 1, None)]))
    ten = parse(bar_chart("t", [(str(i), i, None) for i in range(10)]))
    assert int(ten.get("height", "")) > int(one.get("height", ""))
    empty = parse(bar_chart("t", []))
    assert empty.findall(f".//{SVG}rect") == []
    assert "No data" in ET.tostring(empty, encoding="unicode")


def test_hostile_labels_are_escaped() -> None:
    bars = bar_chart(HOSTILE, [(HOSTILE, 3, None), ("ok", 1, "a/b/")], unit=HOSTILE)
    heat = heatmap(HOSTILE, [HOSTILE, "b"], [[1, 2], [2, 3]])
    for svg in (bars, heat):
        assert "<script" not in svg and svg.count("</svg>") == 1 and svg.endswith("</svg>\n")
        assert "\x00" not in svg and "\x1b" not in svg
        root = parse(svg)
        assert any("<script>" in (t.text or "") for t in root.iter(f"{SVG}title"))  # kept, as text


@pytest.mark.parametrize(
    "href",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,x",
        "vbscript:x",
        "file:///etc/passwd",
        "http:evil",
        "\\\\evil/share",
        "mailto:a@b.c",
    ],
)
def test_unsafe_hrefs_are_rejected(href: str) -> None:
    with pytest.raises(ValueError):
        safe_href(href)
    with pytest.raises(ValueError):
        bar_chart("t", [("a", 1, href)])


@pytest.mark.parametrize("href", ["../tags/llm/", "/papers/x/", "#top", "https://arxiv.org/abs/2307.09288", "x?y=1"])
def test_safe_hrefs_pass(href: str) -> None:
    assert safe_href(href) == href


def test_bad_values_are_rejected() -> None:
    with pytest.raises(ValueError):
        bar_chart("t", [("a", -1, None)])
    with pytest.raises(ValueError):
        heatmap("t", ["a", "b"], [[1, 2]])
    with pytest.raises(ValueError):
        heatmap("t", ["a"], [[-3]])


def test_heatmap_cells() -> None:
    labels = ["HF daily", "Papers with Code", "Awesome LLM", "Weekly & Top"]
    matrix = [[10, 3, 0, 1], [3, 8, 2, 0], [0, 2, 5, 4], [1, 0, 4, 7]]
    svg = heatmap("Papers in both lists", labels, matrix)
    root = parse(svg)
    assert_accessible(root)
    cells = root.findall(f"{SVG}g[@class='cell']")
    assert len(cells) == 16
    values = [c.find(f"{SVG}text").text for c in cells]  # type: ignore[union-attr]
    assert values == [str(v) for row in matrix for v in row]
    opacities = [float(c.find(f"{SVG}rect").get("fill-opacity", "")) for c in cells]  # type: ignore[union-attr]
    assert opacities[0] == max(opacities) <= 0.55 and opacities[2] == 0
    assert "Weekly &amp; Top and Awesome LLM: 4" in svg
    assert svg == heatmap("Papers in both lists", labels, matrix)
    assert parse(heatmap("none", [], [])).findall(f".//{SVG}rect") == []


def test_amount() -> None:
    assert amount(1, "papers") == "1 paper"
    assert amount(1204, "papers") == "1,204 papers"


def test_bar_table_is_html_with_plain_links_and_css_bars() -> None:
    """The stats page's bars: an HTML table (no <a> in SVG: Material's instant navigation throws on those)."""
    html = bar_table(
        "Tag", [("LLM", 40, "../tags/llm/"), ("Vision", 10, None), (HOSTILE, 0, "https://example.org/?a=1&b=2")]
    )
    assert html.startswith('<table class="rl-bars">') and html.endswith("</table>\n") and "<svg" not in html
    assert '<th scope="row"><a href="../tags/llm/">LLM</a></th>' in html
    assert '<th scope="row">Vision</th>' in html
    assert [float(w) for w in re.findall(r"--rl-bar: ([\d.]+)%", html)] == [100.0, 25.0, 0.0]
    assert "<script" not in html and "&amp;b=2" in html
    assert 'aria-labelledby="per-tag"' in bar_table("Tag", [], labelledby="per-tag")
    assert "No data" in bar_table("Tag", [])
    with pytest.raises(ValueError):
        bar_table("Tag", [("x", 1, "javascript:alert(1)")])
    with pytest.raises(ValueError):
        bar_table("Tag", [("x", -1, None)])
