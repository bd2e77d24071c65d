"""The engine exit: the fixture project built by Zensical instead of MkDocs, and checked page by page.

`python -m generator generate --zensical` writes docs/ (links relative to each page's source file, as Zensical
reads them), zensical.yml (inherits mkdocs.yml) and .zensical/theme/; `python -m zensical build` (no MkDocs
plugin runs) builds that, offline. Every paper of tests/fixture must come out with its title, provenance
table, BibTeX and abstract; every tag, category, week and list index page, feed, export and permanent URL
must exist; no internal link may break; and each page's content must be the MkDocs build's, link for link.
What still differs between the engines, and build times: bench/ENGINES.md.
"""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import frontmatter
import pytest
import yaml

from generator import zensical_site
from generator.generate import site_info, write_docs
from generator.linkcheck import check_site
from generator.pages import build_context
from generator.site import render_site
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS, ROOT, copy_project

OFFLINE = {"HTTP_PROXY": "http://127.0.0.1:9", "HTTPS_PROXY": "http://127.0.0.1:9", "ALL_PROXY": "http://127.0.0.1:9"}
PREFIX = urlsplit(yaml.safe_load((ROOT / "mkdocs.yml").read_text("utf-8"))["site_url"]).path  # /reading-list/
LISTS = {entry["id"]: entry for entry in yaml.safe_load((FIXTURE_CONTENT / "lists.yml").read_text("utf-8"))}
EDIT = "https://github.com/reading-list/reading-list/edit/main/"
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>\s*</div>', re.S)
TAG = re.compile(r"<[^>]+>")
MATH = re.compile(r"(?<![\\$])\$(?!\s)([^$\n]{1,400}?)(?<![\s\\])\$")  # `$…$` in an abstract (generator/pages.py)


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **OFFLINE, "http_proxy": OFFLINE["HTTP_PROXY"], "https_proxy": OFFLINE["HTTPS_PROXY"]}
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def zensical_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture project, generated for Zensical and built by it (site/)."""
    project = copy_project(tmp_path_factory.mktemp("zensical"))
    generated = run(sys.executable, "-m", "generator", "generate", "--zensical", "--root", ".", cwd=project)
    assert generated.returncode == 0, generated.stderr[-4000:]
    built = run(sys.executable, "-m", "zensical", "build", "--strict", "-f", "zensical.yml", cwd=project)
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]  # about 1 s (bench/ENGINES.md)
    return project


@pytest.fixture(scope="module")
def site(zensical_project: Path) -> Path:
    return zensical_project / "site"


def papers() -> list[tuple[str, frontmatter.Post]]:
    found = sorted((p.stem, frontmatter.load(p)) for p in (FIXTURE_CONTENT / "papers").glob("*.md"))
    assert len(found) == FIXTURE_PAPERS
    return found


def text(fragment: str) -> str:
    return " ".join(html.unescape(TAG.sub(" ", fragment)).split())


def article(page: Path) -> str:
    found = ARTICLE.search(page.read_text("utf-8"))
    assert found, f"{page}: no article"
    return found.group(1)


# ------------------------------------------------------------------ the tree and config (fast)


def test_links_are_rewritten_relative_to_the_source_file() -> None:
    page = (
        '---\nfeed: tags/x/feed.xml\n---\n<a href="../../tags/x/">t</a> <a href="../x.bib">b</a> <a href="#cite">c</a>'
    )
    out = zensical_site.source_relative("papers/x.md", page)
    assert out.startswith("---\nfeed: tags/x/feed.xml\n---\n")  # front matter paths are site-relative: untouched
    assert '<a href="../tags/x/">' in out and '<a href="x.bib">' in out and '<a href="#cite">' in out
    both = '<a href="../../papers/?tag=a#top">q</a> <img src="../../assets/a.svg"> <a href="https://x.org/a/">e</a>'
    assert zensical_site.source_relative("tags/a.md", both) == (
        '<a href="../papers/?tag=a#top">q</a> <img src="../assets/a.svg"> <a href="https://x.org/a/">e</a>'
    )
    index = '<a href="../tags/x/">t</a>'
    assert zensical_site.source_relative("tags/index.md", index) == index  # served from its own folder
    assert zensical_site.source_relative("stats.md", '<a href="../">h</a> <a href="../../up/">u</a>') == (
        '<a href="./">h</a> <a href="../../up/">u</a>'  # the home page; and a link outside the site stays as it was
    )


def test_assets_and_theme_are_the_plugins(tmp_path: Path) -> None:
    """The export loads the assets the plugin adds (one list, in generator/urls.py), site.js first."""
    from generator import plugin, urls

    assert zensical_site.THEME == plugin.THEME
    written = yaml.safe_load(zensical_site.write_config(tmp_path, {"extra_css": [urls.STYLES[0]]}).read_text("utf-8"))
    assert written["extra_javascript"] == list(urls.SCRIPTS) and urls.SCRIPTS[0].endswith("/site.js")
    assert written["extra_css"] == list(urls.STYLES[1:])  # what mkdocs.yml already lists is not repeated


# ------------------------------------------------------------------ the site Zensical built (slow)


@pytest.mark.slow
def test_config_inherits_mkdocs_yml(zensical_project: Path) -> None:
    config = yaml.safe_load((zensical_project / "zensical.yml").read_text("utf-8"))
    assert config["INHERIT"] == "mkdocs.yml"
    assert config["theme"] == {"custom_dir": ".zensical/theme", "variant": "classic"}
    theme = zensical_project / ".zensical" / "theme"
    for name in ("main.html", "paper.html", "partials/actions.html", "assets/javascripts/reading.js"):
        assert (theme / name).is_file(), name
    assert not list(theme.rglob("*.md"))  # Zensical would publish them under assets/


@pytest.mark.slow
@pytest.mark.parametrize(("slug", "post"), papers(), ids=[slug for slug, _ in papers()])
def test_every_paper_page(site: Path, slug: str, post: frontmatter.Post) -> None:
    page = site / "papers" / slug / "index.html"
    assert page.is_file(), f"papers/{slug}/ is missing"
    raw = page.read_text("utf-8")
    body = article(page)
    title = str(post["title"])
    h1 = re.search(r"<h1\b[^>]*>(.*?)</h1>", body, re.S)
    assert h1 and text(h1.group(1)) == title
    titled = re.search(r"<title>(.*?)</title>", raw, re.S)
    assert titled and text(titled.group(1)).startswith(title)
    citation = re.search(r'<meta name="citation_title" content="([^"]*)"', raw)
    assert citation and html.unescape(citation.group(1)) == title  # Zensical escapes `/` too: compare as read

    assert '<h2 id="lists">In these lists</h2>' in body
    entries = post.get("lists") or []
    table = re.search(r'<table class="rl-provenance">.*?<tbody>(.*?)</tbody>', body, re.S)
    assert bool(table) == bool(entries), "a provenance table for exactly the papers that are in a list"
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S) if table else []
    assert len(rows) == len(entries)
    for entry, row in zip(entries, rows, strict=True):  # in the file's order (a weekly list can appear twice)
        assert f'href="../../lists/{entry["list"]}/"' in row
        cells = [text(cell) for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
        shown = "—" if LISTS[entry["list"]]["kind"] == "trending" else f"#{entry['rank']}"  # trending: no rank
        assert cells[:2] == [LISTS[entry["list"]]["title"], shown]
        if entry.get("citations") is not None:
            assert cells[2] == f"{entry['citations']:,}"

    bib = re.search(r'<code class="language-bibtex">(.*?)</code>', body, re.S)
    assert bib, "no BibTeX block"
    assert text(bib.group(1)).startswith("@") and f"{{{slug}," in text(bib.group(1))
    assert (site / "papers" / f"{slug}.bib").is_file()
    assert f'href="../{slug}.bib"' in body

    abstract = re.search(r'<div class="rl-abstract"[^>]*>(.*?)</div>', body, re.S)
    assert abstract, "no abstract"
    no_math = re.sub(r"\\\(.*?\\\)", " ", text(abstract.group(1)))
    expected = MATH.sub(" ", post.content)
    assert " ".join(no_math.split()) == " ".join(expected.split())
    if MATH.search(post.content):
        assert '<span class="arithmatex">' in abstract.group(1)  # for math.js (KaTeX)

    edit = re.findall(r'href="([^"]+)"[^>]*rel="edit"', raw)
    assert edit == [f"{EDIT}content/papers/{slug}.md"]  # the file to edit is in content/, not docs/
    assert "md-tag" not in body  # the `tags` meta feeds search; the page shows its tags itself


@pytest.mark.slow
def test_index_pages_of_every_tag_category_week_and_list(site: Path) -> None:
    terms: dict[str, set[str]] = {"tags": set(), "categories": set(), "weeks": set(), "lists": set()}
    for _, post in papers():
        terms["tags"] |= set(post.get("tags") or [])
        if post.get("category"):
            terms["categories"].add(str(post["category"]))
        if post.get("week"):
            terms["weeks"].add(str(post["week"]))
        for entry in post.get("lists") or []:
            terms["lists"].add(entry["list"])
            if entry.get("week"):
                terms["weeks"].add(str(entry["week"]))
    for kind, ids in terms.items():
        overview = site / kind / "index.html"
        assert overview.is_file(), f"{kind}/ is missing"
        assert ids, kind
        for term in ids:
            page = site / kind / term / "index.html"
            assert page.is_file(), f"{kind}/{term}/ is missing"
            assert 'class="rl-item"' in article(page) or "<table" in article(page), f"{kind}/{term}/ lists no paper"
    for name in ("index.html", "papers/index.html", "stats/index.html", "reading/index.html", "404.html"):
        assert (site / name).is_file(), name
    assert 'id="rl-papers"' in article(site / "papers" / "index.html")


@pytest.mark.slow
def test_no_internal_link_is_broken(site: Path) -> None:
    broken, pages = check_site(site, PREFIX)
    assert pages >= 60
    assert broken == []


@pytest.mark.slow
def test_every_permanent_url_resolves(site: Path) -> None:
    urls = [line.strip() for line in (FIXTURE_CONTENT / "permalinks.txt").read_text().splitlines() if line.strip()]
    assert urls
    missing = [url for url in urls if not (site / url / "index.html").is_file()]
    assert missing == []
    alias = site / "papers" / "a-multitask-multilingual-multimodal-evaluation-of-chatgpt-on-reasoning" / "index.html"
    assert 'http-equiv="refresh"' in alias.read_text("utf-8")  # a redirect (aliases:) is copied as written


@pytest.mark.slow
def test_feeds_and_exports_are_copied_as_generated(zensical_project: Path, site: Path) -> None:
    docs = zensical_project / "docs"
    copied = [p.relative_to(docs) for p in docs.rglob("*") if p.is_file() and p.suffix not in (".md", ".html")]
    assert len(copied) > 100
    for name in ("feed.xml", "feed.atom", "papers.json", "papers.bib", "papers.csv", "robots.txt"):
        assert Path(name) in copied
    for rel in copied:
        assert (site / rel).read_bytes() == (docs / rel).read_bytes(), rel
    assert "<loc>" in (site / "sitemap.xml").read_text("utf-8")
    assert (site / "search.json").is_file()  # Zensical's own search index


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/test_security.py's hostile papers and vocabulary, through `generate --zensical`'s steps, built."""
    from tests import test_security as hostile

    project = copy_project(tmp_path_factory.mktemp("zensical-hostile"), papers=False)
    ctx = build_context(site_info(project / "mkdocs.yml"), hostile.hostile_vocab(), hostile.hostile_papers())
    write_docs(zensical_site.zensical_tree(render_site(ctx)), project / "docs")
    zensical_site.write_zensical_config(project)
    built = run(sys.executable, "-m", "zensical", "build", "--strict", "-f", "zensical.yml", cwd=project)
    assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]
    return project / "site"


@pytest.mark.slow
def test_hostile_text_never_becomes_markup(hostile_site: Path) -> None:
    """Zensical's templates print a page's title as HTML (header, search index), as Material's do; under MkDocs
    the plugin escapes it, here `escape_title` does. Every page: no handler, no script URL, no extra script."""
    from tests import test_security as hostile

    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    for page in pages:
        raw = page.read_text("utf-8")
        parsed = hostile.parse(raw)
        where = page.relative_to(hostile_site)
        assert hostile.tag_problems(parsed) == [], where
        assert hostile.data_block_problems(parsed) == [], where
        assert len(re.findall(r"<script", raw, re.I)) == len(parsed.scripts), where
        code = [body for attrs, body in parsed.scripts if "json" not in (attrs.get("type") or "")]  # not data
        assert not [body for body in code if "alert(" in body], where
        assert {tag for tag, _, _ in parsed.tags}.isdisjoint({"img", "iframe", "style", "b"}), where
    for item in json.loads((hostile_site / "search.json").read_text("utf-8"))["items"]:
        assert "<script" not in item["title"] + item["text"] + "".join(item.get("path", [])), item["location"]
    first = (hostile_site / "papers" / "hostile-0" / "index.html").read_text("utf-8")
    header = re.search(r'data-md-component="header-topic">(.*?)</div>', first, re.S)
    assert header and "&lt;/title&gt;&lt;script&gt;" in header.group(1)


def normalized(page: Path, root: Path) -> str:
    """A page's article with every link made absolute, whitespace between tags and engine-made decoration gone."""
    base = "http://site/" + page.parent.relative_to(root).as_posix() + "/"
    body = article(page)
    body = re.sub(r'(href|src)="([^"]*)"', lambda m: f'{m[1]}="{urljoin(base, html.unescape(m[2]))}"', body)
    body = re.sub(r">\s+<", "><", body)
    body = re.sub(r'(rel="edit">)<svg.*?</svg>', r"\1", body, flags=re.S)  # Material's icon vs Zensical's
    body = body.replace('<a id="__skip" tabindex="-1"></a>', "")  # Zensical's skip-link target
    return body.replace(' data-search-exclude="true"', "").strip()  # Zensical consumes it for its index


@pytest.mark.slow
def test_every_page_says_what_the_mkdocs_build_says(site: Path, built_site: Path) -> None:
    pages = sorted(p.relative_to(built_site) for p in built_site.rglob("*.html") if ARTICLE.search(p.read_text()))
    assert len(pages) >= 60
    different = [str(p) for p in pages if normalized(site / p, site) != normalized(built_site / p, built_site)]
    assert different == []
