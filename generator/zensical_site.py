"""`generate --zensical`: the docs/ tree and a config that Zensical (https://zensical.org) builds without MkDocs.

Zensical reads mkdocs.yml but runs no MkDocs plugin, so what the reading-list plugin does during an MkDocs
build is done here, once, on the tree that `generate` writes (bench/ENGINES.md says what still differs):

- links: a generated page holds finished HTML whose links are relative to the page's URL (MkDocs never
  rewrites them: the plugin hands it the HTML after Markdown). Zensical rewrites every relative link of a page
  as if it were relative to the page's source file, which moves it one level for `dir/name.md` (served at
  `dir/name/`); `source_relative` writes such pages' links relative to their source file instead;
- theme: the plugin puts generator/theme/ between the site's `custom_dir` and Material; Zensical takes one
  `custom_dir`, so both are merged into `.zensical/theme/`, with two partials of Zensical's theme replaced:
  the edit button (paper pages only, to their file in content/, as the plugin does) and the tag chips
  (Material shows none without its tags plugin; our `tags` meta is there for search);
- titles: the plugin escapes each page's title for Material's templates, which print it as HTML, and so do
  Zensical's; `escape_title` escapes it in the page's front matter instead;
- assets: the plugin's stylesheets and scripts are added to `extra_css` and `extra_javascript`;
- look: `theme.variant: classic` (Material's), unless mkdocs.yml chooses one.

`zensical.yml` (next to mkdocs.yml, which it inherits) holds the differences: `zensical build -f zensical.yml`.
docs/ written this way is for Zensical: MkDocs with `generate: false` wants the tree `generate` writes.
"""

from __future__ import annotations

import posixpath
import re
import shutil
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from . import urls
from .fsutil import write_if_changed
from .generate import GenerateReport, render, site_info, write_docs
from .site import DocsTree

CONFIG = "zensical.yml"  # next to mkdocs.yml: Zensical resolves docs_dir and site_dir from the config's folder
THEME_DIR = ".zensical/theme"
THEME = Path(__file__).parent / "theme"

# Zensical's partials/actions.html, for this site: an edit button on paper pages only, to content/papers/<slug>.md.
ACTIONS = """{#- reading-list (generator/zensical_site.py): only a paper page has a file to edit, in content/. -#}
{% set edit = config.extra.reading_list_edit %}
{% if edit and page.meta and page.meta.paper and page.meta.paper.edit and "content.action.edit" in features %}
  <a href="{{ edit ~ page.meta.paper.edit }}" title="{{ lang.t('action.edit') }}" class="md-content__button md-icon" rel="edit">
    {% set icon = config.theme.icon.edit or "material/file-edit-outline" %}
    {% include ".icons/" ~ icon ~ ".svg" %}
  </a>
{% endif %}
"""  # noqa: E501
TAGS = "{#- reading-list: the `tags` meta feeds search; tags are shown (and linked) by the page itself. -#}\n"

_LINK = re.compile(r'(\s(?:href|src)=")([^"]*)(")')


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: MkDocs' own tags (`!!python/name:…`, `!ENV`) become None instead of failing."""


_Loader.add_multi_constructor("", lambda loader, suffix, node: None)


def source_relative(path: str, text: str) -> str:
    """A generated page (`path` in docs/) with its relative links made relative to its source file."""
    folder = posixpath.dirname(path)
    if posixpath.basename(path) in ("index.md", "README.md"):
        return text  # served from its own folder: relative to the URL is relative to the source
    served = posixpath.join(folder, posixpath.splitext(posixpath.basename(path))[0])

    def move(m: re.Match[str]) -> str:
        href = m.group(2)
        parts = urlsplit(href)
        if not parts.path or parts.scheme or parts.netloc or href.startswith(("/", "#")):
            return m.group(0)
        target = posixpath.normpath(posixpath.join(served, parts.path))
        if target == ".." or target.startswith("../"):
            return m.group(0)  # outside the site: not ours to move
        new = posixpath.relpath(target, folder or ".")
        if parts.path.endswith("/") and not new.endswith("/"):
            new += "/"
        new += f"?{parts.query}" if parts.query else ""
        new += f"#{parts.fragment}" if parts.fragment else ""
        return m.group(1) + new + m.group(3)

    head, sep, body = text.partition("\n---\n") if text.startswith("---\n") else ("", "", text)
    return head + sep + _LINK.sub(move, body)  # front matter holds site-relative paths (`feed:`): left alone


def escape_title(text: str) -> str:
    """A generated page with `<` and `>` of its front matter `title` escaped.

    Zensical's templates print the title as HTML (the header, the search index), as Material's do under MkDocs,
    where the plugin escapes it first; no MkDocs plugin runs under Zensical, so it is escaped in the file. Only
    `<` and `>`: without them no markup can start, while our own templates, which escape the title again, show
    `&` and quotes (titles have them: "Q&A", "Don't") as written; a title with `<` shows `&lt;` there."""
    if not text.startswith("---\n"):
        return text
    head, sep, body = text[4:].partition("\n---\n")
    if not sep or ("<" not in head and ">" not in head):
        return text  # nearly every page: nothing to parse
    meta = yaml.safe_load(head)
    if not isinstance(meta, dict):
        return text
    title = meta.get("title")
    if not isinstance(title, str) or not ("<" in title or ">" in title):
        return text
    meta["title"] = title.replace("<", "&lt;").replace(">", "&gt;")
    dumped = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, width=1_000_000)
    return "---\n" + dumped + "---\n" + body


def zensical_tree(tree: DocsTree) -> DocsTree:
    """The generated tree with every page's links and title as Zensical reads them."""
    pages = {path: escape_title(source_relative(path, text)) for path, text in tree.items() if path.endswith(".md")}
    return {path: pages.get(path, text) for path, text in tree.items()}


def _mkdocs_config(root: Path) -> dict[str, Any]:
    config = yaml.load((root / "mkdocs.yml").read_text("utf-8"), Loader=_Loader) or {}
    return config if isinstance(config, dict) else {}


def write_theme(root: Path, config: dict[str, Any]) -> Path:
    """generator/theme/, our two Zensical partials, then the site's own `custom_dir`, merged into .zensical/theme/."""
    theme = root / THEME_DIR
    if theme.exists():
        shutil.rmtree(theme)
    shutil.copytree(THEME, theme, ignore=shutil.ignore_patterns("*.md"))  # Zensical copies every file of a theme
    (theme / "partials" / "actions.html").write_text(ACTIONS, "utf-8")
    (theme / "partials" / "tags.html").write_text(TAGS, "utf-8")
    theme_config = config.get("theme")
    custom = theme_config.get("custom_dir") if isinstance(theme_config, dict) else None
    if custom and (root / custom).is_dir():
        shutil.copytree(root / custom, theme, dirs_exist_ok=True)
    return theme


def write_config(root: Path, config: dict[str, Any]) -> Path:
    """zensical.yml: mkdocs.yml (INHERIT, Zensical merges it) plus the merged theme, our assets and edit links."""
    present = {str(x) for key in ("extra_css", "extra_javascript") for x in config.get(key) or []}
    repo, edit_uri = config.get("repo_url"), config.get("edit_uri")
    edit = None  # the plugin's edit links: repo_url + edit_uri + content/papers/<slug>.md
    if isinstance(repo, str) and isinstance(edit_uri, str) and edit_uri.strip("/"):
        edit = edit_uri if "://" in edit_uri else repo.rstrip("/") + "/" + edit_uri.lstrip("/")
        edit = edit.rstrip("/") + "/"
    theme: dict[str, Any] = config["theme"] if isinstance(config.get("theme"), dict) else {}
    derived = {
        "INHERIT": "mkdocs.yml",
        # classic: Material's look, which our stylesheets were made for (Zensical's default is `modern`)
        "theme": {"custom_dir": THEME_DIR} | ({} if "variant" in theme else {"variant": "classic"}),
        "extra_css": [s for s in urls.STYLES if s not in present],
        "extra_javascript": [s for s in urls.SCRIPTS if s not in present],
        "extra": {"reading_list_edit": edit},
    }
    header = "# Written by `python -m generator generate --zensical`: build with `zensical build -f zensical.yml`.\n"
    path = root / CONFIG
    write_if_changed(path, header + yaml.safe_dump(derived, sort_keys=False, allow_unicode=True))
    return path


def write_zensical_config(root: Path) -> Path:
    """.zensical/theme/ and zensical.yml for the project in `root` (its mkdocs.yml); returns zensical.yml's path."""
    config = _mkdocs_config(root)
    write_theme(root, config)
    return write_config(root, config)


def generate_zensical(root: Path, docs: Path | None = None) -> GenerateReport:
    """Regenerate docs/ for Zensical and write zensical.yml and .zensical/theme/ (raises CorpusError on bad content)."""
    tree = zensical_tree(render(root / "content", site_info(root / "mkdocs.yml")))
    report = write_docs(tree, docs or root / "docs")
    write_zensical_config(root)
    return report
