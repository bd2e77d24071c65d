"""The repository icon as one cached file instead of an inline SVG on every page.

Material inlines the repository icon (`theme.icon.repo`) twice on every page, in the header and in the
phone's navigation drawer: 3 KB of each page for Font Awesome's GitHub mark, a tenth of a paper page. The
plugin writes the icon once, to `REPO_ICON` (the theme's own file, licence comment kept, with an `id` on
its root element), and `partials/source.html` draws it with `<svg><use xlink:href="…#icon"/></svg>` (an
`href` attribute would break Material's instant navigation, which assigns to every `[href]` element's `href`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

REPO_ICON = "assets/images/rl-repo-icon.svg"  # where the plugin writes it in the site
DEFAULT_REPO_ICON = "fontawesome/brands/git-alt"  # Material's default for `theme.icon.repo`
_ROOT = re.compile(r"<svg\b([^>]*)>")
_VIEWBOX = re.compile(r'\bviewBox="([0-9.\s-]+)"')


@dataclass(frozen=True)
class Icon:
    """An icon file's text with `id="icon"` on its root `<svg>`, and its viewBox."""

    text: str
    viewbox: str


def find_icon(name: str, theme_dirs: Iterable[str | Path]) -> Path | None:
    """`.icons/<name>.svg` in the first theme folder that has it (a site's overrides come first)."""
    if not re.fullmatch(r"[a-z0-9-]+(/[a-z0-9-]+)+", name):
        return None
    for folder in theme_dirs:
        path = Path(folder) / ".icons" / f"{name}.svg"
        if path.is_file():
            return path
    return None


def as_symbol(svg: str) -> Icon | None:
    """The icon with an `id` to reference from a page; None if it has no root `<svg>` with a viewBox."""
    root = _ROOT.search(svg)
    viewbox = _VIEWBOX.search(root.group(1)) if root else None
    if root is None or viewbox is None or " id=" in root.group(1):
        return None
    text = svg[: root.start()] + f'<svg id="icon"{root.group(1)}>' + svg[root.end() :]
    return Icon(text, " ".join(viewbox.group(1).split()))
