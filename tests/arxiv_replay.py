"""A local stand-in for the arXiv API: serves the recordings in tests/fixtures/arxiv on 127.0.0.1.

    with ArxivReplay() as replay:
        client = ArxivClient(replay.url)
        replay.rate_limit(times=1, retry_after=7)   # next request gets 503 + Retry-After: 7
        replay.stall(seconds=2.0)                   # next request gets no answer for 2 s (then the fixture)
        client.fetch("2303.17564")
        replay.requests                             # what arrived, in order

`GET <url>?id_list=<id>` answers with the fixture routed to <id>: by default `<id>.xml` for every fixture whose
file name is an arXiv id; `route()` adds or overrides. An id without a recording gets HTTP 500 saying so, so a
test that strays fails loudly instead of touching the network. A stall is bounded and ends early when the
server stops, so no test can hang on it. Use it as a context manager, or through the `arxiv_replay` fixture
(`from tests.arxiv_replay import arxiv_replay_fixture`).
"""

from __future__ import annotations

import threading
import time
import urllib.parse
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType

import pytest

from generator.names import normalize_arxiv

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "arxiv"
API_PATH = "/api/query"
MAX_STALL = 10.0  # seconds; a stall never lasts longer, whatever a test asks


@dataclass(frozen=True)
class RecordedRequest:
    """One request as the replay server saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    at: float  # the replay's clock when the request arrived

    @property
    def id_list(self) -> str | None:
        values = self.query.get("id_list")
        return values[0] if values else None


def default_routes(folder: Path = FIXTURES) -> dict[str, Path]:
    """`<id>.xml` files of `folder`, keyed by id (names that are not a bare arXiv id are not routed)."""
    return {p.stem: p for p in sorted(folder.glob("*.xml")) if normalize_arxiv(p.stem) == p.stem}


class ArxivReplay:
    """A ThreadingHTTPServer on 127.0.0.1 (free port) replaying fixtures, with scripted misbehaviour."""

    def __init__(self, folder: Path = FIXTURES, clock: Callable[[], float] = time.monotonic) -> None:
        self.folder = folder
        self.routes: dict[str, Path] = default_routes(folder)
        self.requests: list[RecordedRequest] = []
        self._clock = clock
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._throttles: list[tuple[int, int | None]] = []  # (status, Retry-After) per coming request
        self._stalls: list[float] = []  # seconds of silence per coming request
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- scripting -------------------------------------------------------------------------------------------
    def route(self, arxiv_id: str, fixture: str | Path) -> None:
        """Answer `id_list=<arxiv_id>` with `fixture` (a file name in the fixtures folder, or a path)."""
        path = fixture if isinstance(fixture, Path) else self.folder / fixture
        if not path.is_file():
            raise FileNotFoundError(path)
        self.routes[arxiv_id] = path

    def rate_limit(self, times: int = 1, retry_after: int | None = 1, status: int = 503) -> None:
        """The next `times` requests get `status` with `Retry-After: retry_after` (None: no header)."""
        with self._lock:
            self._throttles.extend([(status, retry_after)] * times)

    def stall(self, seconds: float, times: int = 1) -> None:
        """The next `times` requests get no answer for `seconds` (at most MAX_STALL, less if the server stops)."""
        with self._lock:
            self._stalls.extend([min(seconds, MAX_STALL)] * times)

    @property
    def url(self) -> str:
        if self._server is None:
            raise RuntimeError("the replay server is not running: use `with ArxivReplay() as replay:`")
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}{API_PATH}"

    # -- lifecycle -------------------------------------------------------------------------------------------
    def start(self) -> ArxivReplay:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        server.daemon_threads = False
        server.block_on_close = True  # server_close() waits for handlers; stalls end when _stop is set
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=MAX_STALL)

    def __enter__(self) -> ArxivReplay:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()

    # -- serving (called from handler threads) ---------------------------------------------------------------
    def _pop_stall(self) -> float:
        with self._lock:
            return self._stalls.pop(0) if self._stalls else 0.0

    def _pop_throttle(self) -> tuple[int, int | None] | None:
        with self._lock:
            return self._throttles.pop(0) if self._throttles else None

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        parsed = urllib.parse.urlsplit(handler.path)
        query = urllib.parse.parse_qs(parsed.query, keep_blank_values=True)
        record = RecordedRequest(handler.command, parsed.path, query, dict(handler.headers.items()), self._clock())
        with self._lock:
            self.requests.append(record)
        stall = self._pop_stall()
        if stall > 0 and self._stop.wait(stall):
            return  # the server is stopping: drop the connection unanswered
        throttle = self._pop_throttle()
        if throttle is not None:
            status, retry_after = throttle
            headers = {} if retry_after is None else {"Retry-After": str(retry_after)}
            return _send(handler, status, b"Rate exceeded.", "text/plain", headers)
        if parsed.path != API_PATH:
            return _send(handler, 404, b"Not Found", "text/plain")
        fixture = self.routes.get(record.id_list or "")
        if fixture is None:
            body = f"arxiv_replay: no recording for id_list={record.id_list!r}; add one to {self.folder}".encode()
            return _send(handler, 500, body, "text/plain")
        _send(handler, 200, fixture.read_bytes(), "application/atom+xml; charset=utf-8")


def _send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str, headers: dict[str, str] | None = None
) -> None:
    try:
        handler.send_response(status)
        handler.send_header("Content-Type", ctype)
        handler.send_header("Content-Length", str(len(body)))
        for name, value in (headers or {}).items():
            handler.send_header(name, value)
        handler.end_headers()
        handler.wfile.write(body)
    except (BrokenPipeError, ConnectionResetError):
        pass  # the client gave up (e.g. after its timeout): nothing to answer


def _handler_for(replay: ArxivReplay) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.0"

        def do_GET(self) -> None:
            replay._answer(self)

        def log_message(self, format: str, *args: object) -> None:  # keep test output clean
            pass

    return Handler


@pytest.fixture(name="arxiv_replay")
def arxiv_replay_fixture() -> Iterator[ArxivReplay]:
    """Fixture `arxiv_replay`: a running replay server over tests/fixtures/arxiv, stopped after the test.

    Import `arxiv_replay_fixture` into a test module to use it (the import name differs from the fixture name so
    that test parameters do not shadow it)."""
    with ArxivReplay() as replay:
        yield replay
