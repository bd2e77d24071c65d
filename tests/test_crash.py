"""Kill `import` at random points: every paper file is absent or complete, and no leftover trips `check`."""

from __future__ import annotations

import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

from generator.cli import main
from generator.content import dump_paper, read_paper
from generator.corpus import Corpus, is_leftover
from generator.importer import plan_import, read_lists
from generator.permalinks import REGISTRY, update
from generator.sources import read_ranked
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT

RUNS = 6
IMPORTED = 19  # papers in the fixture's source lists
SYNTHETIC = 400  # made-up entries appended to one of them, so that an import writes for a while


def fresh(dest: Path) -> Path:
    """The fixture project's vocabulary and source lists, one list grown by SYNTHETIC entries in its own
    format, and a registry of every paper URL the import makes (as in a published project); no papers."""
    content = dest / "content"
    shutil.copytree(FIXTURE_CONTENT, content, ignore=shutil.ignore_patterns("papers", "permalinks.txt"))
    (content / "papers").mkdir()
    ranked = content / "lists" / "best-nlp-papers-2023.txt"
    text = ranked.read_text("utf-8")
    first = len(read_ranked(ranked)) + 1
    extra = "".join(
        f"\n\n{n}. Synthetic Paper {n} on Killing Imports\n\n{10 * n} citations\n\n"
        f"Paper {n} studies what an import leaves behind when it is killed while it writes files."
        for n in range(first, first + SYNTHETIC)
    )
    ranked.write_text(text + extra, "utf-8")
    vocab = Vocabulary.load(content)
    update(content / REGISTRY, plan_import(Corpus([]), vocab, read_lists(content, vocab)[0])[0])
    return content


def start_import(content: Path) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "generator", "import", "--content", str(content)]
    return subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def run_import(content: Path) -> None:
    assert start_import(content).wait(timeout=300) == 0


def first_write(proc: subprocess.Popen[bytes], papers: Path) -> float:
    """Seconds until the import writes its first paper file (it plans for a while first)."""
    started = time.monotonic()
    while proc.poll() is None and not any(papers.glob("*.md")):
        time.sleep(0.01)
    return time.monotonic() - started


def assert_absent_or_complete(content: Path, reference: dict[str, bytes]) -> int:
    """Every paper file is byte-for-byte what a finished import writes, and valid; returns how many exist."""
    papers = content / "papers"
    written = sorted(papers.glob("*.md"))
    for path in written:
        assert path.read_bytes() == reference[path.name], f"{path.name} is torn"
        paper, problems = read_paper(path)
        assert paper is not None and problems == [], problems
    for path in papers.iterdir():
        assert path.suffix == ".md" or is_leftover(path.name), f"stray file {path.name}"
    assert Corpus.scan(content, Vocabulary.load(content))[1] == []  # leftovers are not content
    return len(written)


def planned(content: Path) -> dict[str, bytes]:
    """What a finished import writes into an empty papers folder, computed in-process."""
    vocab = Vocabulary.load(content)
    papers, _ = plan_import(Corpus([]), vocab, read_lists(content, vocab)[0])
    return {f"{p.slug}.md": dump_paper(p).encode("utf-8") for p in papers}


def test_killed_imports_leave_no_torn_files(tmp_path: Path, capsys) -> None:
    content = fresh(tmp_path)
    papers = content / "papers"
    reference = planned(content)
    assert len(reference) == IMPORTED + SYNTHETIC
    proc = start_import(content)  # an uninterrupted import: how long it plans, how long it writes
    planning = first_write(proc, papers)
    started = time.monotonic()
    assert proc.wait(timeout=300) == 0
    writing = time.monotonic() - started
    assert {p.name: p.read_bytes() for p in papers.glob("*.md")} == reference  # it writes exactly the plan

    rng = random.Random(20261123)
    counts = []
    for run in range(RUNS):
        for path in papers.iterdir():
            path.unlink()
        proc = start_import(content)
        if run == 0:
            time.sleep(planning * rng.random())  # while it plans
        else:  # spread over the writing, jittered; load on the machine only stretches it
            first_write(proc, papers)
            time.sleep(writing * (run - 1 + rng.random()) / (RUNS - 1))
        proc.kill()  # SIGKILL: no cleanup runs
        proc.wait(timeout=60)
        counts.append(assert_absent_or_complete(content, reference))
        main(["check", "--content", str(content)])  # a killed import leaves papers to import, never a broken file
        unfinished = ("missing: the source lists hold this paper", "no paper, alias or removal serves it")
        out = [row for row in capsys.readouterr().out.splitlines() if not row.startswith("ok: ")]
        assert all(any(u in row for u in unfinished) for row in out), out
    assert any(0 < n < len(reference) for n in counts), f"no kill landed mid-write: {counts}"

    run_import(content)  # the next import, over whatever the last kill left, finishes the job
    assert assert_absent_or_complete(content, reference) == len(reference)
    assert main(["permalinks", "--update", "--content", str(content)]) == 0
    assert main(["check", "--content", str(content)]) == 0, capsys.readouterr().out
