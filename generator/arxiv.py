"""A small, polite client for the arXiv API (Atom feed, see https://info.arxiv.org/help/api/user-manual.html).

Environment: READING_LIST_ARXIV_API is the query endpoint used when `ArxivClient` gets no `base_url`
(default https://export.arxiv.org/api/query); tests point it at a local replay server.

What a caller should know:
- arXiv allows one request every 3 s. A client sends one request at a time and spaces ALL of them, retries included,
  by `min_interval` from the end of one to the start of the next. Clients do not coordinate: use one per process.
- HTTP 503/429 are retried `retries` times, waiting as Retry-After says (seconds or HTTP date) or backing off
  exponentially without it; a wait over `max_retry_wait` is not attempted. Then `ArxivRateLimited`.
- Unknown id (empty feed, or the older front end's entry-less or hollow-entry feed) and ids arXiv rejects (one entry
  titled "Error") raise `ArxivNotFound`. Input that is no arXiv id at all raises `ArxivInvalidId` (a ValueError)
  before any request. The latest version is always fetched; a version in the input id is dropped.
- `timeout` bounds each socket operation (connect, each read), not the whole exchange.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import http.client
import os
import re
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from generator.names import normalize_arxiv

ENV_BASE_URL = "READING_LIST_ARXIV_API"
DEFAULT_BASE_URL = "https://export.arxiv.org/api/query"
USER_AGENT = "reading-list/0.1 (static reading-list site generator; looks up papers by arXiv id; python-urllib)"
MAX_BODY_BYTES = 5_000_000
RETRY_STATUSES = frozenset({429, 503})
NS = {"atom": "http://www.w3.org/2005/Atom", "arxiv": "http://arxiv.org/schemas/atom"}
_ENTRY_ID = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/abs/(?P<id>.+?)(?:v(?P<version>\d+))?$")
_ERROR_ID = re.compile(r"^https?://(?:www\.|export\.)?arxiv\.org/api/errors")
# arXiv subject codes (cs.CL, q-fin.GN, hep-th, cond-mat.stat-mech); ACM/MSC terms like "I.2.6" or "35" are skipped.
_SUBJECT = re.compile(r"^[a-z][a-z-]*(?:\.[A-Za-z][A-Za-z-]*)?$")
# In arXiv abstracts a line that starts with white space opens a new paragraph.
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n|\n(?=[ \t])")
_PERSISTS = "try again later; if it persists, check https://status.arxiv.org"


class ArxivError(Exception):
    """Base class. Every message names the id, says what happened and what to do."""

    def __init__(self, message: str, arxiv_id: str | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.arxiv_id = arxiv_id
        self.retry_after = retry_after  # set on ArxivRateLimited when arXiv sent Retry-After


class ArxivInvalidId(ArxivError, ValueError):
    """The input is not an arXiv id in any spelling we accept; nothing was sent."""


class ArxivNotFound(ArxivError):
    """arXiv has no paper with this id (unknown, or an id arXiv rejects)."""


class ArxivRateLimited(ArxivError):
    """arXiv kept answering 503/429 after the allowed retries."""


class ArxivTimeout(ArxivError):
    """arXiv did not answer within the client's timeout."""


class ArxivBadResponse(ArxivError):
    """arXiv answered, but not with a feed we can read (bad XML, missing fields, unexpected status)."""


class ArxivUnreachable(ArxivError):
    """No connection to the API (DNS, refused, reset)."""


@dataclass(frozen=True)
class ArxivRecord:
    """One paper's metadata as arXiv has it for the latest version."""

    arxiv: str  # normalised id without version, as generator.model.normalize_arxiv gives it
    version: int
    title: str  # white space collapsed
    authors: tuple[str, ...]
    abstract: str  # white space collapsed within paragraphs; paragraphs joined by a blank line
    primary_category: str
    categories: tuple[str, ...]  # arXiv subject codes, primary first
    published: dt.date  # v1 submission (UTC)
    updated: dt.date  # latest version's submission (UTC)
    doi: str | None = None
    journal_ref: str | None = None
    comment: str | None = None

    @property
    def year(self) -> int:
        """Year of first submission to arXiv."""
        return self.published.year


def normalize_id(value: str) -> str:
    """The bare id for any accepted spelling, or ArxivInvalidId."""
    key = normalize_arxiv(value) if isinstance(value, str) else None
    if key is None:
        hint = "expected e.g. 2303.17564, arXiv:2303.17564v2 or https://arxiv.org/abs/2303.17564"
        raise ArxivInvalidId(f"{value!r} is not an arXiv id ({hint}): fix the id")
    return key


def _text(el: ET.Element, path: str) -> str | None:
    found = el.find(path, NS)
    return (" ".join(found.text.split()) or None) if found is not None and found.text else None


def _bad(arxiv_id: str, what: str) -> ArxivBadResponse:
    return ArxivBadResponse(f"arXiv's answer for {arxiv_id} {what}: {_PERSISTS}", arxiv_id)


def _paragraphs(text: str) -> str:
    parts = (" ".join(p.split()) for p in _PARAGRAPH_BREAK.split(text.strip()))
    return "\n\n".join(p for p in parts if p)


def _date(entry: ET.Element, tag: str, arxiv_id: str) -> dt.date:
    raw = _text(entry, f"atom:{tag}") or ""
    try:
        stamp = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise _bad(arxiv_id, f"has no readable <{tag}> ({raw!r})") from None
    return stamp.astimezone(dt.UTC).date() if stamp.tzinfo else stamp.date()


def _record(entry: ET.Element, arxiv_id: str, version: int) -> ArxivRecord:
    title = _text(entry, "atom:title")
    terms = [(c.get("term") or "").strip() for c in entry.findall("atom:category", NS)]
    subjects = list(dict.fromkeys(t for t in terms if _SUBJECT.match(t)))
    primary_el = entry.find("arxiv:primary_category", NS)
    primary = ((primary_el.get("term") if primary_el is not None else None) or "").strip() or next(iter(subjects), "")
    if not title or not primary:
        raise _bad(arxiv_id, "has an entry without title or category")
    summary = entry.find("atom:summary", NS)
    return ArxivRecord(
        arxiv=arxiv_id,
        version=version,
        title=title,
        authors=tuple(name for a in entry.findall("atom:author", NS) if (name := _text(a, "atom:name"))),
        abstract=_paragraphs(summary.text or "") if summary is not None else "",
        primary_category=primary,
        categories=(primary, *(s for s in subjects if s != primary)),
        published=_date(entry, "published", arxiv_id),
        updated=_date(entry, "updated", arxiv_id),
        doi=_text(entry, "arxiv:doi"),
        journal_ref=_text(entry, "arxiv:journal_ref"),
        comment=_text(entry, "arxiv:comment"),
    )


def parse_response(body: bytes, arxiv_id: str) -> ArxivRecord:
    """The record for `arxiv_id` (normalised) in an API response body, or the ArxivError that explains why not."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise _bad(arxiv_id, f"is not valid XML ({exc})") from None
    if root.tag != f"{{{NS['atom']}}}feed":
        raise _bad(arxiv_id, "is not an Atom feed")
    others: list[str] = []
    for entry in root.findall("atom:entry", NS):
        entry_id = _text(entry, "atom:id") or ""
        m = _ENTRY_ID.match(entry_id)
        if _ERROR_ID.match(entry_id) or (m is None and _text(entry, "atom:title") == "Error"):
            reason = _text(entry, "atom:summary") or "no reason given"
            raise ArxivNotFound(f"arXiv rejects the id {arxiv_id} ({reason}): check the id", arxiv_id)
        if not entry_id:
            continue  # a hollow entry: how the older front end marked an unknown id
        if m is None or m.group("id").lower() != arxiv_id.lower():
            others.append(entry_id)
        elif m.group("version") is None:
            raise _bad(arxiv_id, f"has an entry id without version ({entry_id})")
        else:
            return _record(entry, arxiv_id, int(m.group("version")))
    if others:
        todo = f"check that {ENV_BASE_URL}, if set, points at the arXiv API"
        raise ArxivBadResponse(f"arXiv answered {arxiv_id} with other papers ({', '.join(others)}): {todo}", arxiv_id)
    raise ArxivNotFound(f"arXiv has no paper {arxiv_id}: check the id", arxiv_id)


def _retry_after(value: str | None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or HTTP date); None if absent or unreadable."""
    value = (value or "").strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    when = when if when.tzinfo else when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


class ArxivClient:
    """Fetches records one request at a time, at most one request every `min_interval` seconds."""

    def __init__(
        self,
        base_url: str | None = None,
        min_interval: float = 3.0,
        timeout: float = 20.0,
        retries: int = 2,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        *,
        max_retry_wait: float = 120.0,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.base_url = base_url or os.environ.get(ENV_BASE_URL) or DEFAULT_BASE_URL
        self.min_interval = min_interval
        self.timeout = timeout
        self.retries = max(0, retries)
        self.max_retry_wait = max_retry_wait
        self.user_agent = user_agent
        self._sleep = sleep
        self._clock = clock
        self._ready_at: float | None = None  # clock time before which no request may start
        self._lock = threading.Lock()

    def url_for(self, arxiv_id: str) -> str:
        """The query URL for one (normalised) id."""
        sep = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{sep}{urllib.parse.urlencode({'id_list': arxiv_id})}"

    def fetch(self, arxiv_id: str) -> ArxivRecord:
        """The latest version's metadata for `arxiv_id` (any spelling normalize_arxiv accepts)."""
        key = normalize_id(arxiv_id)
        return parse_response(self._get(key), key)

    def fetch_many(self, ids: Iterable[str]) -> list[ArxivRecord]:
        """Records in input order; every id is checked before the first request, and each is fetched once."""
        keys = [normalize_id(i) for i in ids]
        records: dict[str, ArxivRecord] = {}
        for key in keys:
            if key not in records:
                records[key] = parse_response(self._get(key), key)
        return [records[k] for k in keys]

    def _get(self, arxiv_id: str) -> bytes:
        headers = {"User-Agent": self.user_agent, "Accept": "application/atom+xml"}
        request = urllib.request.Request(self.url_for(arxiv_id), headers=headers)
        with self._lock:
            for attempt in range(self.retries + 1):
                if self._ready_at is not None and (delay := self._ready_at - self._clock()) > 0:
                    self._sleep(delay)
                try:
                    result = self._send(request, arxiv_id)
                finally:
                    self._ready_at = self._clock() + self.min_interval
                if isinstance(result, bytes):
                    return result
                status, retry_after = result
                wait = retry_after if retry_after is not None else max(self.min_interval, 5.0 * 2**attempt)
                if attempt == self.retries or wait > self.max_retry_wait:
                    said = f"retry after {wait:g} s" if retry_after is not None else "no Retry-After"
                    why = f"HTTP {status}, {said}, {attempt + 1} attempts for {arxiv_id}"
                    msg = f"arXiv is rate limiting requests ({why}): wait and run the command again"
                    raise ArxivRateLimited(msg, arxiv_id, retry_after)
                self._ready_at = max(self._ready_at, self._clock() + wait)
        raise AssertionError("unreachable")  # pragma: no cover

    def _send(self, request: urllib.request.Request, arxiv_id: str) -> bytes | tuple[int, float | None]:
        """The body of a 200 answer, or (status, Retry-After seconds) of a 503/429 one; ArxivError otherwise."""
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body: bytes = response.read(MAX_BODY_BYTES + 1)
        except urllib.error.HTTPError as exc:
            exc.close()
            if exc.code in RETRY_STATUSES:
                return exc.code, _retry_after(exc.headers.get("Retry-After") if exc.headers else None)
            raise _bad(arxiv_id, f"is HTTP {exc.code}") from None
        except (TimeoutError, urllib.error.URLError, http.client.HTTPException, OSError) as exc:
            raise self._failure(arxiv_id, exc) from None
        if len(body) > MAX_BODY_BYTES:
            raise _bad(arxiv_id, f"is over {MAX_BODY_BYTES} bytes")
        return body

    def _failure(self, arxiv_id: str, exc: BaseException) -> ArxivError:
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, TimeoutError):
            msg = f"arXiv did not answer within {self.timeout:g} s for {arxiv_id}: it may be slow or down; try later"
            return ArxivTimeout(msg, arxiv_id)
        if isinstance(exc, http.client.HTTPException):
            return _bad(arxiv_id, f"broke off ({exc!r})")
        todo = f"check the network connection (and {ENV_BASE_URL} if set), then run the command again"
        return ArxivUnreachable(
            f"cannot reach the arXiv API at {self.base_url} for {arxiv_id} ({reason}): {todo}", arxiv_id
        )
