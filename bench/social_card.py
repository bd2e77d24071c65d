"""The site's social card (og:image): an SVG drawn here, rendered to a 1200x630 PNG by headless Chromium.

    python -m bench.social_card   # rewrites generator/theme/assets/images/social-card.{svg,png}

No network: the text uses the fonts installed on the machine (DejaVu Sans on Debian). Both files are committed;
run this again only to change the card. The card names the site, not a page, so every page shares it.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "generator" / "theme" / "assets" / "images"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
WIDTH, HEIGHT = 1200, 630
FONT = "'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif"


def card_svg(title: str, tagline: str, url: str) -> str:
    """The card: the title and tagline on flat indigo (a small PNG), paper sheets and a bookmark on the right."""
    e = escape
    sheets = []
    for n, (dx, dy, rot, shade) in enumerate(((60, 40, -8, "#c5cae9"), (30, 20, -3, "#e8eaf6"), (0, 0, 3, "#ffffff"))):
        lines = "".join(
            f'<rect x="40" y="{118 + i * 30}" width="{200 - (i % 3) * 40}" height="12" rx="6" fill="#c5cae9"/>'
            for i in range(7)
        )
        head = '<rect x="40" y="52" width="220" height="22" rx="8" fill="#3949ab"/>' if n == 2 else ""
        body = lines if n == 2 else ""
        sheets.append(
            f'<g transform="translate({880 + dx} {170 + dy}) scale(0.82) rotate({rot} 150 190)">'
            f'<rect width="300" height="380" rx="18" fill="{shade}" stroke="#1a237e" stroke-opacity="0.15"/>'
            f"{head}{body}</g>"
        )
    bookmark = (
        '<g transform="translate(1050 168) scale(0.82) rotate(3 -60 190)">'
        '<path d="M0 -12 h54 v110 l-27 -22 l-27 22 z" fill="#ff9100"/></g>'
    )
    return f"""<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{HEIGHT}" viewBox="0 0 {WIDTH} {HEIGHT}">
<rect width="{WIDTH}" height="{HEIGHT}" fill="#3949ab"/>
<circle cx="1130" cy="-40" r="260" fill="#ffffff" fill-opacity="0.06"/>
<circle cx="-60" cy="690" r="240" fill="#ffffff" fill-opacity="0.05"/>
{"".join(sheets)}{bookmark}
<g font-family="{FONT}" fill="#ffffff">
<text x="80" y="250" font-size="68" font-weight="700">{e(title)}</text>
<text x="80" y="330" font-size="32" fill-opacity="0.92">{e(tagline[0])}</text>
<text x="80" y="376" font-size="32" fill-opacity="0.92">{e(tagline[1])}</text>
<rect x="80" y="440" width="96" height="8" rx="4" fill="#ff9100"/>
<text x="80" y="520" font-size="28" fill-opacity="0.85">{e(url)}</text>
</g>
</svg>
"""


def render(svg: str, png: Path) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": WIDTH, "height": HEIGHT}, device_scale_factor=1)
            page.set_content(f'<html><body style="margin:0">{svg}</body></html>')
            page.screenshot(path=str(png), clip={"x": 0, "y": 0, "width": WIDTH, "height": HEIGHT})
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    svg = card_svg(
        "Paper Reading List",
        ("Machine learning and NLP papers, merged", "from published lists: a page per paper."),
        "reading-list.github.io/reading-list",
    )
    (args.out / "social-card.svg").write_text(svg, "utf-8")
    render(svg, args.out / "social-card.png")
    print(args.out / "social-card.png")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
