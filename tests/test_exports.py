"""Downloads: papers.json against its schema, papers.bib and papers.csv, per-term bundles."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import bibtexparser
import jsonschema
import pytest

from generator import urls
from generator.corpus import Corpus
from generator.exports import BUNDLE_KINDS, CSV_FIELDS, SCHEMA_VERSION, render_exports, schema_text
from generator.generate import site_info
from generator.model import ListEntry, Paper
from generator.pages import Context, build_context
from generator.urls import downloads as bundle_paths
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS, ROOT

SITE_URL = "https://reading-list.github.io/reading-list/"
COUNT = FIXTURE_PAPERS


@pytest.fixture(scope="module")
def ctx() -> Context:
    """The fixture project (tests/fixture)."""
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    return build_context(site_info(ROOT / "mkdocs.yml"), vocab, Corpus.load(FIXTURE_CONTENT, vocab).papers)


@pytest.fixture(scope="module")
def exports(ctx: Context) -> dict[str, str]:
    return render_exports(ctx)


def validator() -> jsonschema.protocols.Validator:
    schema = json.loads(schema_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def parse_bib(text: str) -> list[str]:
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    keys = [e.key for e in lib.entries]
    assert len(keys) == len(set(keys))
    return keys


def test_schema_is_valid_versioned_and_documented() -> None:
    schema = json.loads(schema_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["properties"]["schema_version"]["const"] == SCHEMA_VERSION
    paper = schema["$defs"]["paper"]
    assert set(paper["required"]) == set(paper["properties"])
    assert "description" in schema and all("description" in v for v in schema["properties"].values())


def test_papers_json_validates_and_holds_every_paper(exports: dict[str, str], ctx: Context) -> None:
    doc = json.loads(exports["papers.json"])
    validator().validate(doc)
    assert doc["count"] == len(doc["papers"]) == len(ctx.papers) == COUNT
    assert doc["schema_version"] == SCHEMA_VERSION and doc["$schema"] == SITE_URL + "schema/papers.schema.json"
    slugs = [p["slug"] for p in doc["papers"]]
    assert slugs == sorted(slugs) and len(set(slugs)) == COUNT
    by_slug = {p.slug: p for p in ctx.papers}
    for record in doc["papers"]:
        paper = by_slug[record["slug"]]
        assert record["permalink"] == SITE_URL + paper.url
        assert (record["title"], record["abstract"], record["arxiv"]) == (paper.title, paper.abstract, paper.arxiv)
        assert record["tags"] == list(paper.tags) and record["authors"] == list(paper.authors)
        assert len(record["lists"]) == len(paper.lists)
    assert exports["schema/papers.schema.json"] == schema_text()


def test_papers_bib_has_one_entry_per_paper(exports: dict[str, str], ctx: Context) -> None:
    keys = parse_bib(exports["papers.bib"])
    assert len(keys) == COUNT and set(keys) == {p.slug for p in ctx.papers}
    assert keys == sorted(keys)


def test_papers_csv_is_rfc4180_with_one_row_per_paper(exports: dict[str, str], ctx: Context) -> None:
    text = exports["papers.csv"]
    assert text.endswith("\r\n") and text.startswith(",".join(CSV_FIELDS) + "\r\n")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert len(rows) == len(ctx.papers) == COUNT
    by_slug = {p.slug: p for p in ctx.papers}
    for row in rows:
        paper = by_slug[row["slug"]]
        assert row["title"] == paper.title and row["abstract"] == paper.abstract.strip()
        assert row["tags"].split(";") == list(paper.tags)
        assert row["lists"] == ";".join(dict.fromkeys(e.list for e in paper.lists))
        assert row["permalink"] == SITE_URL + paper.url


@pytest.mark.parametrize(
    ("kind", "term_id", "count"),
    [
        ("tags", "alignment", 1),
        ("weeks", "2023-06-04", 1),
        ("weeks", "2023-06-25", 2),
        ("lists", None, 8),
        ("lists", "weekly-top-papers-2023-q2", 9),  # 10 entries: TinyStories is in it twice
        ("categories", "cs.LG", 3),
    ],
)
def test_term_bundles_match_the_term(
    exports: dict[str, str], ctx: Context, kind: str, term_id: str | None, count: int
) -> None:
    facet = next(f for f in ctx.facets if f.kind == kind)
    term = next(t for t in facet.terms if term_id in (None, t.id))
    paths = bundle_paths(kind, term.id)
    want = list(dict.fromkeys(p.slug for p in term.papers))
    assert len(want) == count
    assert list(paths) == ["bib"]  # a term's papers as data are the whole list's papers.json, filtered
    assert sorted(parse_bib(exports[paths["bib"]])) == sorted(want)


def test_every_term_of_the_bundle_kinds_has_a_bib_and_nothing_else(exports: dict[str, str], ctx: Context) -> None:
    for facet in ctx.facets:
        for term in facet.terms:
            path = bundle_paths(facet.kind, term.id)["bib"]
            assert (path in exports) == (facet.kind in BUNDLE_KINDS), path
    assert [path for path in exports if path.endswith(".json") and "/" in path] == [urls.SCHEMA]


def test_hostile_values_round_trip(ctx: Context) -> None:
    hostile = Paper(
        slug="hostile",
        title='Quotes "and" <angles> & ampersands, ;semi',
        abstract='Line one, "quoted"\n\nLine two; {braces} 100% $x$',
        added=dt.date(2030, 1, 1),
        tags=("llm",),
        authors=('Ann "Q" O\'Neil', "Bo, Jr."),
        links=(("code", "https://example.org/a?b=c&d=e"),),
        lists=(ListEntry("best-nlp-papers-2023", 3, None, None),),
    )
    small = Context(ctx.site, ctx.vocab, [hostile], (), {})
    out = render_exports(small)
    record: dict[str, Any] = json.loads(out["papers.json"])["papers"][0]
    validator().validate(json.loads(out["papers.json"]))
    assert record["title"] == hostile.title and record["links"] == {"code": "https://example.org/a?b=c&d=e"}
    (row,) = csv.DictReader(io.StringIO(out["papers.csv"], newline=""))
    assert row["title"] == hostile.title and row["abstract"] == hostile.abstract
    assert row["authors"] == ";".join(hostile.authors) and row["year"] == "" and row["week"] == ""
    assert parse_bib(out["papers.bib"]) == ["hostile"]


@pytest.mark.slow
def test_built_site_serves_the_exports(built_site: Path, exports: dict[str, str]) -> None:
    for path, text in exports.items():
        assert (built_site / path).read_bytes() == text.encode("utf-8"), path
    assert (built_site / "tags" / "alignment" / "index.html").is_file()  # the page beside its bundle
    robots = (built_site / "robots.txt").read_text("utf-8")
    assert f"Sitemap: {SITE_URL}sitemap.xml" in robots
