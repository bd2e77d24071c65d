"""The real reading list (content/): only what holds for ANY valid list, never facts about particular papers.

Adding, correcting or retagging a paper must not turn these red; a broken file, an unregistered URL, a
page that does not build or a dangling link must. Facts about given papers (counts, pages, golden files,
browser checks) are asserted on the fixture project instead (tests/fixture, see its README).

Every test runs on three projects, each built once (a strict `mkdocs build`):

- `committed`: content/ as it is (commands that only read run on the real folder; anything that writes,
  the build included, runs on a copy);
- `paper-added`: a copy of it after what a contributor does for a new paper, the way CONTRIBUTING.md says:
  `python -m generator add --manual ...`, then `python -m generator permalinks --update`;
- `paper-removed`: a copy of it after a curator takes a paper off the list the supported way,
  `python -m generator remove SLUG --reason ...` (its file goes; content/removed.yml keeps its URL answering
  and keeps `import` from bringing it back; the permalink registry never loses a URL).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from xml.etree import ElementTree

import bibtexparser
import feedparser
import jsonschema
import pytest

from generator.authors import people
from generator.content import dump_paper, read_paper
from generator.corpus import Corpus
from generator.exports import schema_text
from generator.facets import AUTHOR_PAGE_MIN
from generator.feeds import MAX_ENTRIES
from generator.model import Paper, Removed
from generator.names import author_key, normalize_title
from generator.permalinks import REGISTRY, missing, registry, unregistered
from generator.vocab import Vocabulary
from tests.conftest import LIVE_CONTENT, ROOT, copy_project, mkdocs_build

pytestmark = pytest.mark.slow

SITE_URL = "https://reading-list.github.io/reading-list/"
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
ADD = ["--manual", "--author", "Ada Lovelace", "--year", "2024", "--url", "https://example.org/p", "--tag", "surveys"]


def generator(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m generator ...` as a contributor runs it, from the repository root."""
    cmd = [sys.executable, "-m", "generator", *args]
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)


def snapshot(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@dataclass(frozen=True)
class Live:
    content: Path  # the content folder the checks read (the real one for `committed`)
    project: Path  # a copy of the project, with its built site
    papers: tuple[Paper, ...]
    removed: tuple[Removed, ...]  # content/removed.yml
    added: str | None = None  # slug of the paper the scenario added
    gone: str | None = None  # slug of the paper the scenario removed

    @property
    def site(self) -> Path:
        return self.project / "site"

    @property
    def slugs(self) -> list[str]:
        return sorted(p.slug for p in self.papers)


def run_ok(*args: str) -> None:
    result = generator(*args)
    assert result.returncode == 0, f"python -m generator {' '.join(args)}:\n{result.stdout}{result.stderr}"


@pytest.fixture(scope="module", params=["committed", "paper-added", "paper-removed"])
def live(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Live:
    project = copy_project(tmp_path_factory.mktemp(request.param), content=LIVE_CONTENT)
    content, added, gone = LIVE_CONTENT, None, None
    if request.param == "paper-added":
        content = project / "content"
        vocab = Vocabulary.load(content)
        taken = {normalize_title(p.title) for p in Corpus.load(content, vocab).papers}
        taken |= {normalize_title(r.title) for r in vocab.removed}
        candidates = ["A Test Paper", *(f"A Test Paper {n}" for n in range(2, 100))]
        title = next(t for t in candidates if normalize_title(t) not in taken)  # even if a PR added "A Test Paper"
        before = set(snapshot(content / "papers"))
        run_ok("add", "--title", title, *ADD, "--content", str(content))
        (new,) = set(snapshot(content / "papers")) - before
        added = new.removesuffix(".md")
        run_ok("permalinks", "--update", "--content", str(content))
    elif request.param == "paper-removed":
        content = project / "content"
        papers = Corpus.load(content, Vocabulary.load(content)).papers
        unlisted = sorted(p.slug for p in papers if not p.lists)  # a hand-added paper if there is one
        gone = (unlisted or sorted(p.slug for p in papers))[0]
        run_ok("remove", gone, "--reason", "Taken off the list by a test", "--content", str(content))
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    vocab = Vocabulary.load(content)
    papers = tuple(Corpus.load(content, vocab).papers)
    return Live(content, project, papers, tuple(vocab.removed), added, gone)


def page(live: Live, url: str) -> str:
    return (live.site / url / "index.html").read_text("utf-8")


# -- the content files ------------------------------------------------------------------------------


def test_check_passes(live: Live) -> None:
    before = snapshot(live.content)
    result = generator("check", "--content", str(live.content))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert result.stdout.startswith(f"ok: {len(live.papers)} papers, ")
    assert snapshot(live.content) == before  # check writes nothing


def test_import_is_a_no_op(live: Live, tmp_path: Path) -> None:
    """CI requires it: the papers are what the import makes of the source lists (plus the hand edits)."""
    copy = copy_project(tmp_path, content=live.content) / "content"
    before = snapshot(copy)
    result = generator("import", "--content", str(copy))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert snapshot(copy) == before


def test_paper_files_are_canonical_with_unique_safe_slugs(live: Live) -> None:
    paths = sorted((live.content / "papers").glob("*.md"))
    assert sorted(p.stem for p in paths) == live.slugs and live.papers
    for path in paths:
        paper, problems = read_paper(path)
        assert paper is not None, problems
        assert dump_paper(paper) == path.read_text("utf-8"), path.name  # load -> dump gives the file back
        assert len(path.stem) <= 80 and SLUG.fullmatch(path.stem), path.name
    if live.added:
        assert live.added in live.slugs
    if live.gone:
        assert live.gone not in live.slugs and live.gone in {r.slug for r in live.removed}


def test_permalink_registry_covers_every_paper(live: Live) -> None:
    urls = registry(live.content / REGISTRY)
    assert urls == sorted(set(urls)), "content/permalinks.txt must be sorted, without repeats"
    assert all(re.fullmatch(r"papers/[a-z0-9]+(?:-[a-z0-9]+)*/", u) for u in urls)
    assert unregistered(urls, list(live.papers)) == [], "run `python -m generator permalinks --update`"
    assert missing(urls, list(live.papers), live.removed) == [], "run `python -m generator permalinks` for the fix"
    if live.gone:
        assert f"papers/{live.gone}/" in urls  # the registry only grows
    result = generator("permalinks", "--content", str(live.content))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


# -- the built site ---------------------------------------------------------------------------------


def test_every_paper_has_its_page_and_bibtex(live: Live) -> None:
    built = sorted(p.parent.name for p in (live.site / "papers").glob("*/index.html"))
    aliases = [a for p in live.papers for a in p.aliases]
    removed = [r.slug for r in live.removed]  # a page saying why, at the old URL
    assert built == sorted(live.slugs + aliases + removed)
    for paper in live.papers:
        html = page(live, paper.url)
        assert f'data-rl-paper="{paper.slug}"' in html, paper.slug
        bib = (live.site / "papers" / f"{paper.slug}.bib").read_text("utf-8")
        assert bib.startswith((f"@misc{{{paper.slug},", f"@article{{{paper.slug},")), paper.slug
    for paper in live.papers:
        for alias in paper.aliases:
            assert f'url=../{paper.slug}/"' in page(live, f"papers/{alias}"), alias


def test_papers_table_has_one_row_per_paper_file(live: Live) -> None:
    html = page(live, "papers")
    rows = re.findall(r'<tr data-rl-paper="([^"]+)"', html)
    assert sorted(rows) == live.slugs
    assert len(rows) == len(list((live.content / "papers").glob("*.md")))
    stats = re.search(r'class="rl-stats"><strong>([\d,]+)</strong> papers', page(live, ""))
    assert stats and int(stats.group(1).replace(",", "")) == len(live.papers)  # the home page's count


def test_every_index_term_has_its_page(live: Live) -> None:
    vocab = Vocabulary.load(live.content)
    terms = {
        "tags": {t for p in live.papers for t in p.tags},
        "categories": {p.category for p in live.papers if p.category},
        "weeks": {e.week.isoformat() for p in live.papers for e in p.lists if e.week},
        "lists": {m.id for m in vocab.lists},
    }
    for kind, wanted in terms.items():
        assert {p.parent.name for p in (live.site / kind).glob("*/index.html")} == wanted, kind


def test_every_author_with_two_papers_and_every_year_has_its_page_and_the_overview_stays_light(live: Live) -> None:
    years = {str(p.year) for p in live.papers if p.year is not None}
    assert {p.parent.name for p in (live.site / "years").glob("*/index.html")} == years
    everyone = people(live.papers)
    assert len(everyone) == len({author_key(a) for p in live.papers for a in p.authors})
    persons = [a for a in everyone if a.papers >= AUTHOR_PAGE_MIN]
    built = {p.parent.name for p in (live.site / "authors").glob("*/index.html")}
    assert built == {a.id for a in persons}  # one page per person with two papers, whatever the spellings
    ids = {name: a.id for a in persons for name in a.spellings}
    for paper in live.papers:  # the byline links every author who has a page, in the paper's own spelling
        byline = page(live, paper.url).split('<p class="rl-byline">', 1)[1].split("</p>", 1)[0]
        links = re.findall(r'<a class="rl-author" href="../../authors/([^/]+)/">', byline)
        assert links == list(dict.fromkeys(ids[a] for a in paper.authors if a in ids)), paper.slug
    overview = live.site / "authors" / "index.html"
    assert overview.stat().st_size < 64_000, "the authors overview lists the top authors and the A–Z pages only"


def test_every_internal_link_and_anchor_resolves(live: Live) -> None:
    result = generator("linkcheck", str(live.site), "--config", str(live.project / "mkdocs.yml"))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]


def test_every_registered_permalink_resolves(live: Live) -> None:
    urls = registry(live.content / REGISTRY)
    assert len(urls) >= len(live.papers)
    assert [u for u in urls if not (live.site / u / "index.html").is_file()] == []


def test_exports_parse_and_hold_every_paper(live: Live) -> None:
    doc = json.loads((live.site / "papers.json").read_text("utf-8"))
    schema = json.loads(schema_text())
    validator = jsonschema.validators.validator_for(schema)
    validator(schema, format_checker=validator.FORMAT_CHECKER).validate(doc)
    assert doc["count"] == len(doc["papers"]) == len(live.papers)
    assert [p["slug"] for p in doc["papers"]] == live.slugs
    assert all(p["permalink"] == f"{SITE_URL}papers/{p['slug']}/" for p in doc["papers"])

    library = bibtexparser.parse_string((live.site / "papers.bib").read_text("utf-8"))
    assert library.failed_blocks == []
    assert [e.key for e in library.entries] == live.slugs

    text = (live.site / "papers.csv").read_text("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert sorted(r["slug"] for r in rows) == live.slugs


def test_feeds_parse_and_link_to_built_pages(live: Live) -> None:
    feeds = sorted(live.site.rglob("feed.xml")) + sorted(live.site.rglob("feed.atom"))
    assert live.site / "feed.xml" in feeds and live.site / "feed.atom" in feeds
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path
        for entry in parsed.entries:
            url = entry.link.removeprefix(SITE_URL)
            assert (live.site / url / "index.html").is_file(), (path, entry.link)
    for name in ("feed.xml", "feed.atom"):
        entries = feedparser.parse((live.site / name).read_bytes()).entries
        assert len(entries) == min(len(live.papers), MAX_ENTRIES)


def test_sitemap_and_search_index_cover_every_paper(live: Live) -> None:
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    root = ElementTree.parse(live.site / "sitemap.xml").getroot()
    urls = {u.findtext("s:loc", namespaces=ns) for u in root.findall("s:url", ns)}
    assert {f"{SITE_URL}{p.url}" for p in live.papers} <= urls
    manifest = json.loads((live.site / "search" / "rl" / "index.json").read_text("utf-8"))
    assert manifest["papers"] == len(live.papers)
    if "docs" in manifest:  # one file (a sharded index keeps the result data in blocks)
        assert {p.url for p in live.papers} <= {d[0] for d in manifest["docs"]}  # and the index pages
