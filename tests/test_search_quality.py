"""Search quality as a reader meets it: the query set of tests/data/search_queries.yml (titles, short names,
common names, authors, arXiv ids, typos, queries that must find nothing) typed into the real search dialog
of the LIVE site (content/, built once per session) in Chromium. Every query must reach its rank;
hits@1 >= 95 % and hits@3 = 100 %, printed. The same harness (bench/search_quality.py) measures time and
bytes, throttled, and runs the set on a 10,000-paper site (bench/SEARCH.md): timing is not asserted here."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bench.search_quality import QUERIES, load_queries, run_queries
from tests.conftest import LIVE_CONTENT, copy_project, mkdocs_build, serving


def test_query_set_is_a_reader_set() -> None:
    """At least 60 queries of every kind, each naming a paper that exists (or none)."""
    queries = load_queries(QUERIES)
    assert len(queries) >= 60
    kinds = Counter(q.kind for q in queries)
    for kind in ("title", "short-name", "aka", "author", "arxiv", "typo", "nothing"):
        assert kinds[kind] >= 4, (kind, kinds)
    slugs = {p.stem for p in (LIVE_CONTENT / "papers").glob("*.md")}
    assert [q.expect for q in queries if q.expect is not None and q.expect not in slugs] == []
    assert all(q.rank in (1, 2, 3) for q in queries)
    assert len({q.query for q in queries}) == len(queries)


@pytest.fixture(scope="session")
def live_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The live content/ built once with the project's mkdocs.yml (`auto`: the built-in index)."""
    project = copy_project(tmp_path_factory.mktemp("live-search"), content=LIVE_CONTENT)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    return project / "site"


@pytest.fixture(scope="session")
def live_url(live_site: Path) -> Iterator[str]:
    with serving(live_site) as url:
        yield url


@pytest.mark.slow
@pytest.mark.browser
def test_readers_find_the_paper(page: Any, live_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.set_default_timeout(30_000)
    page.goto(live_url, wait_until="load")
    report = run_queries(page, load_queries(QUERIES))
    by_kind: dict[str, list[int]] = {}
    for o in report.outcomes:
        by_kind.setdefault(o.query.kind, []).append(o.rank)
    kinds = ", ".join(f"{k} {sum(r == 1 for r in v)}/{len(v)}" for k, v in by_kind.items())
    with capsys.disabled():
        print(f"\n[search quality, live site] {report.summary()}\n  at rank 1 by kind: {kinds}")
        if report.failures:
            print(report.describe_failures())
    assert not report.failures, "queries below their rank:\n" + report.describe_failures()
    assert report.hits(1) >= 0.95
    assert report.hits(3) == 1.0
    assert not errors, errors
