"""Reproducible output: the same content gives the same bytes, build after build.

The fixture project's site is built twice, in two separate project copies (different absolute
paths), at the same time, by two processes with different string-hash seeds
(Python randomises them unless PYTHONHASHSEED is set), with the same
SOURCE_DATE_EPOCH. Both `site/` trees, and the `docs/` trees the hook generated,
must be identical byte for byte. `generate` run twice in one project must also
give the same `docs/` and write nothing the second time.
"""

from __future__ import annotations

import difflib
import gzip
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from generator.generate import generate
from tests.conftest import copy_project, mkdocs_build

pytestmark = pytest.mark.slow

MAX_SHOWN = 10  # differing files shown in full on failure
DIFF_LINES = 40  # lines of unified diff per file


def snapshot(root: Path) -> dict[str, bytes]:
    return {f.relative_to(root).as_posix(): f.read_bytes() for f in sorted(root.rglob("*")) if f.is_file()}


def _text(name: str, data: bytes) -> list[str] | None:
    if name.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except OSError:
            return None
    try:
        return data.decode("utf-8").splitlines(keepends=True)
    except UnicodeDecodeError:
        return None


def explain(name: str, a: bytes, b: bytes) -> str:
    """A short account of how two versions of a file differ: a unified diff, or where the bytes part."""
    if name.endswith(".gz") and a[:4] == b[:4] and a[4:8] != b[4:8]:
        header = f"gzip header MTIME differs: {a[4:8].hex()} vs {b[4:8].hex()}\n"
    else:
        header = ""
    ta, tb = _text(name, a), _text(name, b)
    if ta is not None and tb is not None and ta != tb:
        diff = list(difflib.unified_diff(ta, tb, "first/" + name, "second/" + name, n=1))
        more = f"... ({len(diff) - DIFF_LINES} more diff lines)\n" if len(diff) > DIFF_LINES else ""
        return header + "".join(line if line.endswith("\n") else line + "\n" for line in diff[:DIFF_LINES]) + more
    at = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    same_text = " (same text once decompressed)" if ta is not None and ta == tb else ""
    return (
        header
        + f"{len(a)} vs {len(b)} bytes, first difference at byte {at}{same_text}: "
        + (f"{a[max(at - 20, 0) : at + 40]!r}\n    vs {b[max(at - 20, 0) : at + 40]!r}\n")
    )


def compare(first: dict[str, bytes], second: dict[str, bytes], what: str) -> str | None:
    """None if equal, else a report: missing/extra files and the differing ones with short diffs."""
    only_first, only_second = sorted(first.keys() - second.keys()), sorted(second.keys() - first.keys())
    differing = sorted(k for k in first.keys() & second.keys() if first[k] != second[k])
    if not (only_first or only_second or differing):
        return None
    out = [
        f"{what}: {len(differing)} differ, {len(only_first)} only in the first, {len(only_second)} only in the second"
    ]
    out += [f"  only in first: {k}" for k in only_first[:MAX_SHOWN]]
    out += [f"  only in second: {k}" for k in only_second[:MAX_SHOWN]]
    out += [f"  differs: {k}" for k in differing]
    for k in differing[:MAX_SHOWN]:
        out.append(f"--- {k}\n{explain(k, first[k], second[k])}")
    return "\n".join(out)


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The fixture project's site built twice, concurrently, in two copies of the project."""
    projects = [copy_project(tmp_path_factory.mktemp(name)) for name in ("first", "second")]
    with pytest.MonkeyPatch.context() as mp:
        mp.delenv("PYTHONHASHSEED", raising=False)  # each build gets its own random hash seed
        with ThreadPoolExecutor(max_workers=2) as pool:
            results = list(pool.map(mkdocs_build, projects))
    for result in results:
        assert result.returncode == 0, result.stderr[-4000:]
    return projects[0], projects[1]


def test_two_builds_give_identical_sites(two_builds: tuple[Path, Path]) -> None:
    first, second = two_builds
    site = snapshot(first / "site")
    assert "index.html" in site and "search/rl/index.json" in site and "sitemap.xml.gz" in site
    problem = compare(site, snapshot(second / "site"), "site/")
    assert problem is None, problem


def test_two_builds_generate_identical_docs(two_builds: tuple[Path, Path]) -> None:
    """`generate` in two processes with different hash seeds writes the same docs/ tree (the pages the plugin
    builds in memory, written out)."""
    first, second = two_builds
    for project, seed in ((first, "1"), (second, "2")):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        cmd = [sys.executable, "-m", "generator", "generate", "--root", str(project)]
        subprocess.run(cmd, check=True, capture_output=True, env=env)
    docs = snapshot(first / "docs")
    assert "index.md" in docs and "papers/index.md" in docs
    problem = compare(docs, snapshot(second / "docs"), "docs/")
    assert problem is None, problem


def test_generate_twice_gives_the_same_docs_and_writes_nothing(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    first_report = generate(project)
    first = snapshot(project / "docs")
    second_report = generate(project)
    problem = compare(first, snapshot(project / "docs"), "docs/ after a second generate")
    assert problem is None, problem
    assert first_report.files == second_report.files == len(first)
    assert (second_report.written, second_report.removed) == (0, 0), second_report.summary()
