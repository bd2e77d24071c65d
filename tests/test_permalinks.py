"""The permalink registry (content/permalinks.txt): it covers every paper, only grows, and renames need aliases.

On the fixture project (tests/fixture); tests/test_live_content.py checks the real registry."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `.venv/bin/pytest` does not put the repository root on sys.path by itself
    sys.path.insert(0, str(ROOT))

from generator.cli import main  # noqa: E402
from generator.corpus import Corpus  # noqa: E402
from generator.model import Paper  # noqa: E402
from generator.permalinks import REGISTRY, missing, registry, unregistered, update  # noqa: E402
from generator.vocab import Vocabulary  # noqa: E402
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS, copy_project, mkdocs_build  # noqa: E402

CONTENT = FIXTURE_CONTENT
RENAMED = "a-multitask-multilingual-multimodal-evaluation-of-chatgpt-on-reasoning"  # the fixture's renamed paper
OLD = "lora-low-rank-adaptation-of-large-language-models"
NEW = "lora-low-rank-adaptation"


def papers(content: Path) -> list[Paper]:
    return Corpus.load(content, Vocabulary.load(content)).papers


def test_the_committed_registry_covers_every_current_paper() -> None:
    urls = registry(CONTENT / REGISTRY)
    assert urls == sorted(set(urls)), "content/permalinks.txt must be sorted, without repeats"
    assert all(re.fullmatch(r"papers/[a-z0-9]+(?:-[a-z0-9]+)*/", u) for u in urls)
    current = papers(CONTENT)
    new = unregistered(urls, current)
    assert new == [], f"not registered yet: {new[:5]}: run `python -m generator permalinks --update` and commit it"
    assert missing(urls, current) == [], "run `python -m generator permalinks` for the fix"
    assert len(current) == FIXTURE_PAPERS and len(urls) == len(current) + 1  # + the renamed paper's old URL
    assert f"papers/{RENAMED}/" in urls


def test_missing_and_update(tmp_path: Path) -> None:
    a, b = Paper("a-paper", "A"), Paper("b-paper", "B", aliases=("old-b",))
    path = tmp_path / REGISTRY
    assert registry(path) == []
    assert update(path, [b, a]) == ["papers/a-paper/", "papers/b-paper/", "papers/old-b/"]
    assert path.read_text("utf-8") == "papers/a-paper/\npapers/b-paper/\npapers/old-b/\n"
    assert update(path, [a]) == [] and registry(path) == ["papers/a-paper/", "papers/b-paper/", "papers/old-b/"]
    assert missing(registry(path), [a]) == ["papers/b-paper/", "papers/old-b/"]  # never removed: now it is missing
    assert missing(registry(path), [a, Paper("b-renamed", "B", aliases=("b-paper", "old-b"))]) == []
    assert missing(["papers/A Paper/", "a-paper"], [a]) == ["papers/A Paper/", "a-paper"]  # no paper URL at all


def rename(content: Path, old: str, new: str) -> Path:
    path = content / "papers" / f"{new}.md"
    (content / "papers" / f"{old}.md").rename(path)
    return path


@pytest.mark.slow
def test_a_rename_needs_an_alias_and_then_the_old_url_redirects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    project = copy_project(tmp_path)
    content = project / "content"
    path = rename(content, OLD, NEW)

    assert main(["permalinks", "--content", str(content)]) == 1
    out, err = capsys.readouterr()
    assert (
        f"papers/{OLD}/ is published but no paper, alias or removal serves it: add the old slug to the `aliases:`"
        in out
    )
    assert f": perhaps content/papers/{NEW}.md gets aliases: [{OLD}]\n" in out
    assert "1 published URL(s) would break" in err
    assert main(["permalinks", "--update", "--content", str(content)]) == 1  # --update cannot forget a URL
    capsys.readouterr()

    text = path.read_text("utf-8")
    path.write_text(text.replace("\nlists:\n", f"\naliases: [{OLD}]\nlists:\n", 1), encoding="utf-8")
    assert main(["permalinks", "--content", str(content)]) == 0
    assert f"papers/{NEW}/" in registry(content / REGISTRY) and f"papers/{OLD}/" in registry(content / REGISTRY)

    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr[-4000:]
    site = project / "site"
    redirect = site / "papers" / OLD / "index.html"
    assert redirect.is_file()
    html = redirect.read_text("utf-8")
    target = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', html)
    assert target is not None and target.group(1) == f"../{NEW}/"
    assert ((redirect.parent / target.group(1)).resolve() / "index.html").is_file()
    assert "LoRA: Low-Rank Adaptation" in (site / "papers" / NEW / "index.html").read_text("utf-8")


@pytest.mark.slow
def test_every_registered_url_resolves_in_the_built_site(built_site: Path) -> None:
    urls = registry(CONTENT / REGISTRY)
    unresolved = [u for u in urls if not (built_site / u / "index.html").is_file()]
    assert len(urls) == FIXTURE_PAPERS + 1 and unresolved == []
