"""`add` and `enrich` end to end: `generator.cli.main` on a scratch content/, arXiv played by tests/arxiv_replay.py.

The client's waits are instant: `generator.add.client_factory` is replaced by one with an injected clock and sleep,
the same clock the replay stamps requests with, so spacing is measured without waiting. Never the internet.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import itertools
import json
import shutil
import socket
import sys
import urllib.parse
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `.venv/bin/pytest` does not put the repository root on sys.path by itself
    sys.path.insert(0, str(ROOT))

from generator import add  # noqa: E402
from generator.arxiv import ENV_BASE_URL  # noqa: E402
from generator.cli import main  # noqa: E402
from generator.content import read_paper  # noqa: E402
from generator.importer import run_import  # noqa: E402
from generator.model import Paper, Provenance  # noqa: E402
from generator.permalinks import registry  # noqa: E402
from generator.vocab import Vocabulary, assign_tags  # noqa: E402
from tests.arxiv_replay import FIXTURES, ArxivReplay  # noqa: E402
from tests.conftest import FIXTURE_CONTENT  # noqa: E402

RECORDED = {p["id"]: p for p in json.loads((FIXTURES / "papers.json").read_text(encoding="utf-8"))}
BLOOM = "bloomberggpt-a-large-language-model-for-finance"
DPO = "direct-preference-optimization-your-language-model-is-secretly-a-reward-model"
LLAMA = "llama-open-and-efficient-foundation-language-models"
LORA = "lora-low-rank-adaptation-of-large-language-models"
POPOLITOV = "on-coincidence-of-alday-maldacena-regularized-s-model-and-nambu-goto-areas-of"
TODAY = dt.date(2026, 1, 1)  # SOURCE_DATE_EPOCH below
SITE = "https://reading-list.github.io/reading-list/"
LLAMA_QUERY = 'ti:"llama open and efficient foundation language models"'
LORA_QUERY = 'ti:"lora low rank adaptation of large language models"'


class FakeTime:
    """An injected clock and sleep: sleeping advances the clock instantly and is recorded."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.sleeps: list[float] = []

    def clock(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


class Replay(ArxivReplay):
    """The replay plus title searches (`searches`: search_query -> fixture) and per-request scripts
    (`script`: index of the coming request -> what to arrange before it is answered)."""

    def __init__(self, clock: Callable[[], float]) -> None:
        super().__init__(clock=clock)
        self.searches: dict[str, str] = {}
        self.script: dict[int, Callable[[], None]] = {}

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        self.script.pop(len(self.requests), lambda: None)()
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(handler.path).query)
        if "search_query" in query:  # the replay routes requests without id_list by the key ""
            fixture = self.searches.get(query["search_query"][0])
            if fixture is None:
                self.routes.pop("", None)
            else:
                self.routes[""] = self.folder / fixture
        super()._answer(handler)


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] not in ("127.0.0.1", "localhost"):
            raise OSError(f"test tried to reach {address[0]}: tests must not touch the internet")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


@pytest.fixture
def replay(fake_time: FakeTime, monkeypatch: pytest.MonkeyPatch) -> Iterator[Replay]:
    with Replay(clock=fake_time.clock) as server:
        monkeypatch.setenv(ENV_BASE_URL, server.url)
        monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
        factory = lambda: add.ArxivSearch(sleep=fake_time.sleep, clock=fake_time.clock, timeout=0.5)  # noqa: E731
        monkeypatch.setattr(add, "client_factory", factory)
        yield server


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A scratch copy of the fixture project's content/ (and mkdocs.yml beside it, for the site URL)."""
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return Path(shutil.copytree(FIXTURE_CONTENT, tmp_path / "content"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def paper(content: Path, slug: str) -> Paper:
    found, problems = read_paper(content / "papers" / f"{slug}.md")
    assert found is not None, problems
    return found


def drop(content: Path, *slugs: str) -> None:
    """Remove papers from the scratch copy, so that adding them again is no duplicate."""
    for slug in slugs:
        (content / "papers" / f"{slug}.md").unlink()


def expected(arxiv_id: str, slug: str, category: str | None, tags: tuple[str, ...] = ()) -> Paper:
    rec = RECORDED[arxiv_id]
    vocab = Vocabulary.load(FIXTURE_CONTENT)
    return Paper(
        slug=slug,
        title=rec["title"],
        abstract=rec["abstract"],
        arxiv=arxiv_id,
        category=category,
        added=TODAY,
        tags=tags or assign_tags(vocab.tags, rec["title"], rec["abstract"]) or ("uncategorised",),
        authors=tuple(rec["authors"]),
        year=int(rec["published"][:4]),
        venue=rec["journal_ref"],
        metadata=Provenance(f"https://arxiv.org/abs/{arxiv_id}", TODAY),
    )


# -- add ---------------------------------------------------------------------------------------------------------


def test_add_three_recorded_papers_end_to_end(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drop(content, BLOOM, DPO)
    code, out, err = run(
        capsys, "add", "2303.17564", "arXiv:2305.18290v2", "https://arxiv.org/abs/0710.2073", "--content", str(content)
    )
    assert (code, err) == (0, "")
    assert paper(content, BLOOM) == expected("2303.17564", BLOOM, "cs.LG")  # primary category, in the vocabulary
    assert paper(content, DPO) == expected("2305.18290", DPO, "cs.LG")
    assert paper(content, POPOLITOV) == expected("0710.2073", POPOLITOV, None)  # hep-th: not in categories.yml
    assert paper(content, POPOLITOV).tags == ("uncategorised",)
    text = (content / "papers" / f"{BLOOM}.md").read_text("utf-8")
    assert text.startswith("---\ntitle: 'BloombergGPT: A Large Language Model for Finance'\narxiv: '2303.17564'\n")
    assert "lists:" not in text and "week:" not in text  # import owns lists; no week without a weekly list
    for slug in (BLOOM, DPO, POPOLITOV):
        assert f"added {content / 'papers' / f'{slug}.md'}\n  its page will be {SITE}papers/{slug}/\n" in out
    assert [r.id_list for r in replay.requests] == ["2303.17564", "2305.18290", "0710.2073"]
    assert f"papers/{POPOLITOV}/" in registry(content / "permalinks.txt")
    code, out, _ = run(capsys, "check", "--content", str(content))  # BLOOM and DPO are in source lists:
    assert code == 1 and all("import would remove none and add" in row for row in out.splitlines()), out
    assert run(capsys, "import", "--content", str(content))[0] == 0  # import attaches their list entries
    assert run(capsys, "check", "--content", str(content))[0] == 0
    assert run(capsys, "permalinks", "--content", str(content))[0] == 0


def test_several_ids_are_spaced_three_seconds_apart(
    replay: Replay, fake_time: FakeTime, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    drop(content, BLOOM, DPO)
    assert run(capsys, "add", "0710.2073", "2303.17564", "2305.18290", "--content", str(content))[0] == 0
    arrivals = [r.at for r in replay.requests]
    assert len(arrivals) == 3
    assert all(later - earlier >= 3.0 for earlier, later in itertools.pairwise(arrivals))
    assert fake_time.sleeps == [3.0, 3.0]


def test_tags_and_note_are_used_and_import_leaves_the_file_alone(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["add", "0710.2073", "--tag", "ml-foundations", "--tag", "surveys", "--note", "Read §2 first."]
    assert run(capsys, *args, "--content", str(content))[0] == 0
    added = paper(content, POPOLITOV)
    assert (added.tags, added.notes) == (("ml-foundations", "surveys"), "Read §2 first.")
    before = snapshot(content)
    run_import(content)  # CI requires `import` to be a no-op: an added file must already be in its canonical form
    assert snapshot(content) == before


def test_unknown_tag_lists_the_valid_ones(replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(content)
    code, _, err = run(capsys, "add", "0710.2073", "--tag", "llms", "--content", str(content))
    assert code == 1
    assert "unknown tag(s) 'llms': valid tags are llm, vision-language," in err and "uncategorised" in err
    assert replay.requests == [] and snapshot(content) == before


ID_FORMS = [
    "2303.17564",
    "2303.17564v2",
    "arXiv:2303.17564",
    "https://arxiv.org/abs/2303.17564v3",
    "https://arxiv.org/pdf/2303.17564",
    "https://arxiv.org/pdf/2303.17564v1.pdf",
]


@pytest.mark.parametrize("form", ID_FORMS)
def test_a_duplicate_id_is_refused_in_every_form(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str], form: str
) -> None:
    before = snapshot(content)
    code, _, err = run(capsys, "add", "0710.2073", form, "--content", str(content))
    assert code == 1
    assert f"error: {content}/papers/{BLOOM}.md already has arXiv 2303.17564\nnothing was written\n" == err
    assert replay.requests == []  # refused before anything is fetched
    assert snapshot(content) == before


def test_a_duplicate_title_is_refused_after_fetching(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(content)  # LLaMA and LoRA are in the corpus without arXiv id
    code, _, err = run(capsys, "add", "0710.2073", "2302.13971", "--content", str(content))
    assert code == 1
    assert f"{content}/papers/{LLAMA}.md already has the title 'LLaMA: Open and Efficient" in err
    code, _, err = run(capsys, "add", "https://arxiv.org/abs/2106.09685", "--content", str(content))
    assert code == 1 and f"{content}/papers/{LORA}.md already has the title 'LoRA: Low-Rank" in err
    assert snapshot(content) == before


ERRORS: dict[str, tuple[Callable[[Replay], None], str, str]] = {
    "unknown id": (lambda r: None, "2399.99999", "arXiv has no paper 2399.99999: check the id"),
    "id arXiv rejects": (lambda r: None, "1234.12345", "arXiv rejects the id 1234.12345 (incorrect id format"),
    "no id at all": (lambda r: None, "2303.175", "'2303.175' is not an arXiv id (expected e.g. 2303.17564"),
    "rate limited": (
        lambda r: r.script.update({1: lambda: r.rate_limit(times=5, retry_after=30)}),
        "2303.17564",
        "arXiv is rate limiting requests (HTTP 503, retry after 30 s, 3 attempts for 2303.17564)",
    ),
    "timeout": (
        lambda r: r.script.update({1: lambda: r.stall(seconds=5.0)}),
        "2303.17564",
        "arXiv did not answer within 0.5 s for 2303.17564",
    ),
    "bad XML": (
        lambda r: r.route("2303.17564", "malformed-truncated.xml"),
        "2303.17564",
        "arXiv's answer for 2303.17564 is not valid XML",
    ),
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_an_arxiv_error_writes_nothing(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    arrange, failing, message = ERRORS[case]
    drop(content, BLOOM)
    arrange(replay)
    before = snapshot(content)
    code, out, err = run(capsys, "add", "0710.2073", failing, "--content", str(content))  # the first one is fine
    assert code == 1 and out == ""
    assert err.startswith(f"error: {message}") and err.endswith("\nnothing was written\n")
    assert snapshot(content) == before
    assert not list((content / "papers").glob(".*.tmp"))


def test_add_manual(replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["add", "--manual", "--title", "Notes on Reading Lists", "--author", "Ada Lovelace", "--author", "A. Turing"]
    args += ["--year", "2024", "--url", "https://example.org/notes.pdf", "--tag", "surveys", "--content", str(content)]
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    assert paper(content, "notes-on-reading-lists") == Paper(
        slug="notes-on-reading-lists",
        title="Notes on Reading Lists",
        added=TODAY,
        tags=("surveys",),
        authors=("Ada Lovelace", "A. Turing"),
        year=2024,
        links=(("paper", "https://example.org/notes.pdf"),),
    )
    assert f"its page will be {SITE}papers/notes-on-reading-lists/" in out
    assert replay.requests == []
    assert run(capsys, "check", "--content", str(content))[0] == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--manual", "--title", "Something New"], "--manual needs at least one --tag: valid tags are llm,"),
        (["--manual", "--title", "Something", "--tag", "llm", "2303.17564"], "--manual takes no ids and needs --title"),
        (["--manual", "--title", "Something", "--tag", "llm", "--year", "1800"], "/papers/something.md"),
        (["--manual", "--title", "LLaMA: open and efficient foundation language models!", "--tag", "llm"], LLAMA),
        (["--title", "Something", "0710.2073"], "--title only go with --manual"),
        ([], "give at least one arXiv id"),
        (["--list", "best-nlp-papers-2023", "0710.2073"], "add takes no --list: every list in content/lists.yml"),
    ],
    ids=["no-tag", "with-id", "bad-year", "duplicate-title", "title-without-manual", "nothing", "list"],
)
def test_refused_adds_write_nothing(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    before = snapshot(content)
    code, _, err = run(capsys, "add", *args, "--content", str(content))
    assert code == 1 and message in err, err
    assert "1800" not in args or ("would not pass check" in err and ": year: 1800 is " in err)
    assert snapshot(content) == before and replay.requests == []


# -- enrich ------------------------------------------------------------------------------------------------------


def edit(content: Path, slug: str, old: str, new: str) -> None:
    path = content / "papers" / f"{slug}.md"
    path.write_text(path.read_text("utf-8").replace(old, new, 1), encoding="utf-8")


def test_enrich_fills_only_empty_fields(replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(content, BLOOM, "authors: []\n", "authors: []\nyear: 2022\n")  # a person's value, though arXiv says 2023
    edit(content, LORA, "added:", "category: cs.LG\nadded:")  # arXiv's primary is cs.CL
    replay.searches = {LLAMA_QUERY: "search-llama.xml", LORA_QUERY: "search-lora.xml"}
    before = {s: paper(content, s) for s in (BLOOM, DPO, LLAMA, LORA)}
    untouched = {k: v for k, v in snapshot(content).items() if not k.endswith((f"{BLOOM}.md", f"{LLAMA}.md"))}
    untouched = {k: v for k, v in untouched.items() if not k.endswith((f"{DPO}.md", f"{LORA}.md"))}

    code, out, err = run(capsys, "enrich", BLOOM, DPO, LLAMA, LORA, "--content", str(content))
    assert (code, err) == (0, "")
    bloom, dpo, llama, lora = (RECORDED[i] for i in ("2303.17564", "2305.18290", "2302.13971", "2106.09685"))

    def checked(arxiv_id: str) -> Provenance:  # enrich records where the values came from, as curated files do
        return Provenance(f"https://arxiv.org/abs/{arxiv_id}", TODAY)

    assert paper(content, BLOOM) == dataclasses.replace(
        before[BLOOM], authors=tuple(bloom["authors"]), metadata=checked("2303.17564")
    )
    assert paper(content, DPO) == dataclasses.replace(
        before[DPO], authors=tuple(dpo["authors"]), year=2023, metadata=checked("2305.18290")
    )
    assert paper(content, LLAMA) == dataclasses.replace(
        before[LLAMA], arxiv="2302.13971", authors=tuple(llama["authors"]), year=2023, category="cs.CL",
        metadata=checked("2302.13971"),
    )  # fmt: skip
    assert paper(content, LORA) == dataclasses.replace(
        before[LORA], arxiv="2106.09685", authors=tuple(lora["authors"]), year=2021, metadata=checked("2106.09685")
    )
    assert f"{LLAMA}.md: filled arxiv, authors, year, category from arXiv 2302.13971" in out
    assert out.endswith("4 of 4 papers with empty fields enriched; 0 failed\n")
    assert [r.id_list or r.query["search_query"][0] for r in replay.requests] == [
        "2303.17564", "2305.18290", LLAMA_QUERY, LORA_QUERY
    ]  # fmt: skip
    assert {k: v for k, v in snapshot(content).items() if k in untouched} == untouched
    assert run(capsys, "check", "--content", str(content))[0] == 0
    enriched = snapshot(content)
    run_import(content)
    assert snapshot(content) == enriched  # import stays a no-op

    assert run(capsys, "enrich", BLOOM, LLAMA, "--content", str(content))[0] == 0  # nothing left to fill
    assert len(replay.requests) == 4


def test_enrich_dry_run_and_no_title_match_write_nothing(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    replay.searches = {LLAMA_QUERY: "search-lora.xml", LORA_QUERY: "search-none.xml"}  # LoRA's title is no LLaMA's
    before = snapshot(content)
    code, out, _ = run(capsys, "enrich", LLAMA, LORA, "--content", str(content))
    assert code == 0
    assert f"{LLAMA}.md: no arXiv title match; nothing filled" in out and f"{LORA}.md: no arXiv title match" in out
    code, out, _ = run(capsys, "enrich", "--dry-run", BLOOM, "--content", str(content))
    assert code == 0 and f"{BLOOM}.md: would fill authors, year from arXiv 2303.17564" in out
    assert snapshot(content) == before


@pytest.mark.parametrize("trouble", ["rate limit", "timeout"])
def test_enrich_stops_cleanly_and_keeps_what_it_wrote(
    replay: Replay, content: Path, capsys: pytest.CaptureFixture[str], trouble: str
) -> None:
    if trouble == "rate limit":
        replay.script[1] = lambda: replay.rate_limit(times=5, retry_after=30)
    else:
        replay.script[1] = lambda: replay.stall(seconds=5.0)
    before = snapshot(content)
    code, out, _ = run(capsys, "enrich", BLOOM, DPO, "--content", str(content))
    assert code == 1
    assert "stopped: arXiv " in out and "1 of 2 papers enriched before the stop (kept); 1 not tried" in out
    assert paper(content, BLOOM).authors == tuple(RECORDED["2303.17564"]["authors"])
    after = snapshot(content)
    assert after[f"papers/{DPO}.md"] == before[f"papers/{DPO}.md"]
    assert not list((content / "papers").glob(".*.tmp"))


def test_enrich_unknown_slug(replay: Replay, content: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "enrich", "no-such-paper", "--content", str(content))
    assert code == 1 and "no paper file for no-such-paper" in err and replay.requests == []
