"""generator.arxiv against tests/arxiv_replay.py: recorded answers, rate limits, stalls. Never the internet."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import socket
import sys
import time
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # `.venv/bin/pytest` does not put the repository root on sys.path by itself
    sys.path.insert(0, str(ROOT))

from generator.arxiv import (  # noqa: E402
    DEFAULT_BASE_URL,
    ENV_BASE_URL,
    ArxivBadResponse,
    ArxivClient,
    ArxivError,
    ArxivInvalidId,
    ArxivNotFound,
    ArxivRateLimited,
    ArxivRecord,
    ArxivTimeout,
    ArxivUnreachable,
    parse_response,
)
from tests.arxiv_replay import FIXTURES, ArxivReplay, arxiv_replay_fixture  # noqa: E402, F401

PAPERS: list[dict[str, Any]] = json.loads((FIXTURES / "papers.json").read_text(encoding="utf-8"))
PAPER_IDS = [p["id"] for p in PAPERS]


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


@pytest.fixture(autouse=True)
def no_internet(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every HTTP connection these tests open must go to the loopback replay server."""
    real = socket.create_connection

    def guarded(address: tuple[str, int], *args: Any, **kwargs: Any) -> socket.socket:
        if address[0] not in ("127.0.0.1", "localhost"):
            raise OSError(f"test tried to reach {address[0]}: tests must not touch the internet")
        return real(address, *args, **kwargs)

    monkeypatch.setattr(socket, "create_connection", guarded)
    monkeypatch.delenv(ENV_BASE_URL, raising=False)


@pytest.fixture
def fake_time() -> FakeTime:
    return FakeTime()


def client_for(replay: ArxivReplay, fake_time: FakeTime, **kwargs: Any) -> ArxivClient:
    return ArxivClient(replay.url, sleep=fake_time.sleep, clock=fake_time.clock, **kwargs)


def expected(paper: dict[str, Any]) -> ArxivRecord:
    def day(stamp: str) -> dt.date:
        return dt.date.fromisoformat(stamp[:10])

    return ArxivRecord(
        arxiv=paper["id"],
        version=paper["version"],
        title=paper["title"],
        authors=tuple(paper["authors"]),
        abstract=paper["abstract"],
        primary_category=paper["primary_category"],
        categories=tuple(paper["categories"]),
        published=day(paper["published"]),
        updated=day(paper["updated"]),
        doi=paper["doi"],
        journal_ref=paper["journal_ref"],
        comment=paper["comment"],
    )


# -- recorded papers ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("paper", PAPERS, ids=PAPER_IDS)
def test_each_recorded_paper_parses_to_its_metadata(
    arxiv_replay: ArxivReplay, fake_time: FakeTime, paper: dict[str, Any]
) -> None:
    record = client_for(arxiv_replay, fake_time).fetch(paper["id"])
    assert record == expected(paper)
    assert "\n" not in record.title and "  " not in record.title
    assert "  " not in record.abstract and "\n" not in record.abstract  # one paragraph each


def test_field_values_spelled_out(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    bloomberg, dpo, llama, lora, popolitov = client_for(arxiv_replay, fake_time).fetch_many(
        ["2303.17564", "2305.18290", "2302.13971", "2106.09685", "0710.2073"]
    )
    assert bloomberg.title == "BloombergGPT: A Large Language Model for Finance"
    assert bloomberg.authors[:2] == ("Shijie Wu", "Ozan Irsoy") and len(bloomberg.authors) == 9
    assert (bloomberg.version, bloomberg.primary_category) == (3, "cs.LG")
    assert bloomberg.categories == ("cs.LG", "cs.AI", "cs.CL", "q-fin.GN")
    assert bloomberg.abstract.endswith(
        "We release Training Chronicles (Appendix C) detailing our experience in training BloombergGPT."
    )
    assert (bloomberg.published, bloomberg.updated, bloomberg.year) == (
        dt.date(2023, 3, 30),
        dt.date(2023, 12, 21),
        2023,
    )
    # the title arrives wrapped over two lines
    assert dpo.title == "Direct Preference Optimization: Your Language Model is Secretly a Reward Model"
    assert dpo.authors == (
        "Rafael Rafailov", "Archit Sharma", "Eric Mitchell", "Stefano Ermon", "Christopher D. Manning", "Chelsea Finn"
    )  # fmt: skip
    assert dpo.abstract.startswith("While large-scale unsupervised language models (LMs) learn broad world knowledge")
    assert (llama.version, llama.categories, llama.year, len(llama.authors)) == (1, ("cs.CL",), 2023, 14)
    assert "Timothée Lacroix" in llama.authors and llama.published == llama.updated
    assert lora.comment == "Draft V2 includes better baselines, experiments on GLUE, and more on adapter latency"
    assert (lora.primary_category, lora.categories) == ("cs.CL", ("cs.CL", "cs.AI", "cs.LG"))
    assert (lora.published, lora.updated, lora.year) == (dt.date(2021, 6, 17), dt.date(2021, 10, 16), 2021)
    assert (lora.doi, lora.journal_ref) == (None, None)
    assert popolitov.doi == "10.1134/S0021364007210011"
    assert popolitov.journal_ref == "JETP Lett.86:559-561,2008"
    assert popolitov.comment == (
        "3 pages, submitted to JETP Letters, corrected some misprints and missing factors in formulas (10) and (11)"
    )


def test_current_layout_parses_like_the_classic_one(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    client = client_for(arxiv_replay, fake_time)
    classic = client.fetch("2106.09685")
    arxiv_replay.route("2106.09685", "2106.09685.current-layout.xml")
    assert client.fetch("2106.09685") == classic


# -- ids and requests --------------------------------------------------------------------------------------------

ID_FORMS = [
    "2303.17564",
    " 2303.17564 ",
    "2303.17564v2",
    "arXiv:2303.17564",
    "arxiv:2303.17564v1",
    "https://arxiv.org/abs/2303.17564",
    "https://arxiv.org/abs/2303.17564v3",
    "http://export.arxiv.org/abs/2303.17564",
    "https://arxiv.org/pdf/2303.17564v1",
    "https://arxiv.org/pdf/2303.17564.pdf",
]


def test_every_id_form_maps_to_the_same_request(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    client = client_for(arxiv_replay, fake_time)
    records = {form: client.fetch(form) for form in ID_FORMS}
    assert len(set(records.values())) == 1
    assert [r.query for r in arxiv_replay.requests] == [{"id_list": ["2303.17564"]}] * len(ID_FORMS)
    assert {r.path for r in arxiv_replay.requests} == {"/api/query"}
    user_agent = arxiv_replay.requests[0].headers["User-Agent"]
    assert user_agent.startswith("reading-list/") and "Python-urllib" not in user_agent


def test_old_style_ids_are_sent_whole(fake_time: FakeTime) -> None:
    client = ArxivClient("http://127.0.0.1:9/api/query", sleep=fake_time.sleep, clock=fake_time.clock)
    assert client.url_for("hep-th/9901001") == "http://127.0.0.1:9/api/query?id_list=hep-th%2F9901001"


@pytest.mark.parametrize("bad", ["", "not an id", "2303", "23031.7564", "https://example.org/abs/2303.17564"])
def test_a_string_that_is_no_id_fails_before_any_request(
    arxiv_replay: ArxivReplay, fake_time: FakeTime, bad: str
) -> None:
    client = client_for(arxiv_replay, fake_time)
    with pytest.raises(ArxivInvalidId, match="is not an arXiv id") as info:
        client.fetch(bad)
    assert isinstance(info.value, ValueError)
    with pytest.raises(ArxivInvalidId):
        client.fetch_many(["2303.17564", bad])
    assert arxiv_replay.requests == []


@pytest.mark.parametrize("unknown", ["2399.99999", "1201.56789"], ids=["empty-feed", "classic-no-entry"])
def test_unknown_id_is_not_found(arxiv_replay: ArxivReplay, fake_time: FakeTime, unknown: str) -> None:
    with pytest.raises(ArxivNotFound) as info:
        client_for(arxiv_replay, fake_time).fetch(unknown)
    assert str(info.value) == f"arXiv has no paper {unknown}: check the id"
    assert info.value.arxiv_id == unknown


def test_id_arxiv_rejects_is_not_found_with_its_reason(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    with pytest.raises(ArxivNotFound) as info:
        client_for(arxiv_replay, fake_time).fetch("1234.12345")
    assert str(info.value) == "arXiv rejects the id 1234.12345 (incorrect id format for 1234.12345): check the id"


# -- rate limits, stalls, broken answers -------------------------------------------------------------------------


def test_503_then_success_honours_retry_after(fake_time: FakeTime) -> None:
    with ArxivReplay(clock=fake_time.clock) as replay:
        replay.rate_limit(times=1, retry_after=7)
        record = client_for(replay, fake_time).fetch("2302.13971")
    assert record.title == "LLaMA: Open and Efficient Foundation Language Models"
    assert len(replay.requests) == 2
    assert replay.requests[1].at - replay.requests[0].at >= 7
    assert fake_time.sleeps == [7.0]


def test_429_without_retry_after_backs_off(fake_time: FakeTime) -> None:
    with ArxivReplay(clock=fake_time.clock) as replay:
        replay.rate_limit(times=2, retry_after=None, status=429)
        client_for(replay, fake_time).fetch("2302.13971")
    gaps = [b.at - a.at for a, b in itertools.pairwise(replay.requests)]
    assert len(gaps) == 2 and gaps[0] >= 3 and gaps[1] > gaps[0]


def test_503_forever_is_rate_limited(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    arxiv_replay.rate_limit(times=10, retry_after=30)
    with pytest.raises(ArxivRateLimited) as info:
        client_for(arxiv_replay, fake_time, retries=2).fetch("2303.17564")
    assert len(arxiv_replay.requests) == 3
    assert fake_time.sleeps == [30.0, 30.0]
    assert info.value.retry_after == 30
    message = str(info.value)
    assert message.startswith("arXiv is rate limiting requests (HTTP 503, retry after 30 s")
    assert "2303.17564" in message and message.endswith(": wait and run the command again")


def test_a_retry_after_beyond_the_bound_is_not_waited(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    arxiv_replay.rate_limit(times=1, retry_after=3600)
    with pytest.raises(ArxivRateLimited, match="retry after 3600 s"):
        client_for(arxiv_replay, fake_time, max_retry_wait=120).fetch("2303.17564")
    assert len(arxiv_replay.requests) == 1 and fake_time.sleeps == []


def test_stall_is_a_timeout(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    arxiv_replay.stall(seconds=5.0)
    started = time.monotonic()
    with pytest.raises(ArxivTimeout) as info:
        client_for(arxiv_replay, fake_time, timeout=0.5).fetch("2303.17564")
    assert time.monotonic() - started < 3
    assert str(info.value).startswith("arXiv did not answer within 0.5 s for 2303.17564: ")


def test_malformed_xml_is_a_bad_response(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    arxiv_replay.route("2303.17564", "malformed-truncated.xml")
    with pytest.raises(ArxivBadResponse, match=r"^arXiv's answer for 2303\.17564 is not valid XML"):
        client_for(arxiv_replay, fake_time).fetch("2303.17564")


def test_other_http_errors_are_bad_responses(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    with pytest.raises(ArxivBadResponse, match=r"2401\.00001 is HTTP 500"):
        client_for(arxiv_replay, fake_time).fetch("2401.00001")  # the replay has no recording for it


def test_a_closed_port_is_unreachable(fake_time: FakeTime) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    client = ArxivClient(f"http://127.0.0.1:{port}/api/query", sleep=fake_time.sleep, clock=fake_time.clock)
    with pytest.raises(ArxivUnreachable, match="cannot reach the arXiv API"):
        client.fetch("2303.17564")


# -- spacing -----------------------------------------------------------------------------------------------------


def test_fetch_many_waits_three_seconds_between_requests(fake_time: FakeTime) -> None:
    with ArxivReplay(clock=fake_time.clock) as replay:
        records = client_for(replay, fake_time).fetch_many(["2303.17564", "arXiv:2305.18290", "2302.13971v1"])
    assert [r.arxiv for r in records] == ["2303.17564", "2305.18290", "2302.13971"]
    arrivals = [r.at for r in replay.requests]
    assert len(arrivals) == 3
    assert all(later - earlier >= 3.0 for earlier, later in itertools.pairwise(arrivals))
    assert fake_time.sleeps == [3.0, 3.0]


def test_spacing_holds_across_calls_and_retries(fake_time: FakeTime) -> None:
    with ArxivReplay(clock=fake_time.clock) as replay:
        client = client_for(replay, fake_time)
        client.fetch("2303.17564")
        replay.rate_limit(times=1, retry_after=1)  # shorter than the 3 s rule: the rule wins
        client.fetch("2106.09685")
        client.fetch("2106.09685")
    arrivals = [r.at for r in replay.requests]
    assert len(arrivals) == 4
    assert all(later - earlier >= 3.0 for earlier, later in itertools.pairwise(arrivals))


def test_fetch_many_fetches_a_repeated_id_once(arxiv_replay: ArxivReplay, fake_time: FakeTime) -> None:
    records = client_for(arxiv_replay, fake_time).fetch_many(["2106.09685", "arXiv:2106.09685v1", "0710.2073"])
    assert [r.arxiv for r in records] == ["2106.09685", "2106.09685", "0710.2073"]
    assert [r.id_list for r in arxiv_replay.requests] == ["2106.09685", "0710.2073"]


# -- configuration -----------------------------------------------------------------------------------------------


def test_environment_variable_points_the_client_at_the_replay(
    arxiv_replay: ArxivReplay, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ArxivClient().base_url == DEFAULT_BASE_URL
    monkeypatch.setenv(ENV_BASE_URL, arxiv_replay.url)
    client = ArxivClient(min_interval=0)
    assert client.base_url == arxiv_replay.url
    assert client.fetch("2106.09685").version == 2
    assert ArxivClient("http://127.0.0.1:1/api/query").base_url == "http://127.0.0.1:1/api/query"


def test_the_guard_stops_a_client_left_on_the_real_api(fake_time: FakeTime) -> None:
    client = ArxivClient(sleep=fake_time.sleep, clock=fake_time.clock)
    with pytest.raises(ArxivUnreachable, match="tests must not touch the internet"):
        client.fetch("2303.17564")


# -- parsing details ---------------------------------------------------------------------------------------------

LORA = (FIXTURES / "2106.09685.xml").read_text(encoding="utf-8")


def test_parse_accepts_https_and_old_style_entry_ids() -> None:
    https = LORA.replace("<id>http://arxiv.org/abs/", "<id>https://arxiv.org/abs/")
    assert parse_response(https.encode(), "2106.09685").version == 2
    old = LORA.replace("2106.09685v2", "hep-th/9901001v3")
    record = parse_response(old.encode(), "hep-th/9901001")
    assert (record.arxiv, record.version) == ("hep-th/9901001", 3)


def test_parse_keeps_paragraphs_and_skips_non_arxiv_categories() -> None:
    body = LORA.replace("large-scale\npre-training", "large-scale\n  Pre-training").replace(
        '<category term="cs.LG"',
        '<category term="I.2.6" scheme="http://arxiv.org/schemas/atom"/>\n    <category term="cs.LG"',
    )
    record = parse_response(body.encode(), "2106.09685")
    first, second = record.abstract.split("\n\n")
    assert first.endswith("consists of large-scale") and second.startswith("Pre-training on general domain data")
    assert record.categories == ("cs.CL", "cs.AI", "cs.LG")


def test_parse_hollow_entry_is_not_found_and_a_foreign_entry_is_bad() -> None:
    hollow = LORA[: LORA.index("  <entry>")] + '  <entry>\n    <category term=""/>\n  </entry>\n</feed>\n'
    with pytest.raises(ArxivNotFound):
        parse_response(hollow.encode(), "2106.09685")
    with pytest.raises(ArxivBadResponse, match="other papers"):
        parse_response(LORA.encode(), "2303.17564")
    with pytest.raises(ArxivBadResponse, match="not an Atom feed"):
        parse_response(b"<html><body>Service Unavailable</body></html>", "2303.17564")


def test_every_error_is_an_arxiv_error() -> None:
    for cls in (ArxivInvalidId, ArxivNotFound, ArxivRateLimited, ArxivTimeout, ArxivBadResponse, ArxivUnreachable):
        assert issubclass(cls, ArxivError)
