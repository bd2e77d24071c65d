"""`add` and `enrich`: paper files from the arXiv API.

`add` creates files: every id is checked against the corpus, fetched and validated before the first write, so a
failure writes nothing. `enrich` fills empty fields of existing files (never a value a person set), one atomic
write per paper, so a run stopped by arXiv keeps what it finished. Neither touches `lists` (import owns it).

`client_factory` makes the client both use; tests replace it to inject a clock and sleep.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import urllib.parse
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from . import permalinks, urls
from .arxiv import (
    NS,
    ArxivBadResponse,
    ArxivClient,
    ArxivError,
    ArxivNotFound,
    ArxivRecord,
    normalize_id,
    parse_response,
)
from .content import dump_paper, parse_paper
from .corpus import Corpus
from .fsutil import atomic_write, write_if_changed
from .importer import unique_slug
from .model import Paper, Provenance
from .names import name_problem, normalize_arxiv, normalize_title
from .vocab import Vocabulary, assign_tags

FALLBACK_TAG = "uncategorised"
ENRICHED = ("arxiv", "authors", "year", "category", "abstract")  # a paper missing one of these is looked up


class AddError(Exception):
    """A refused add or enrich (duplicate, unknown tag or slug, invalid value): nothing was written for it."""


class ArxivSearch(ArxivClient):
    """The arXiv client plus a title search sent through the same request path: same spacing, retries, errors."""

    def url_for(self, arxiv_id: str) -> str:
        """The query URL of one arXiv id."""
        if not arxiv_id.startswith("ti:"):
            return super().url_for(arxiv_id)
        sep = "&" if "?" in self.base_url else "?"
        return f"{self.base_url}{sep}{urllib.parse.urlencode({'search_query': arxiv_id, 'max_results': 5})}"

    def search_title(self, title: str) -> list[ArxivRecord]:
        """Records arXiv finds for `ti:"<normalised title>"` (up to 5), best first."""
        query = f'ti:"{normalize_title(title)}"'
        body = self._get(query)
        try:
            entries = ET.fromstring(body).findall("atom:entry", NS)
        except ET.ParseError as exc:
            raise ArxivBadResponse(f"arXiv's answer to {query} is not valid XML ({exc}): try later", query) from None
        ids = [normalize_arxiv(e.findtext("atom:id", "", NS)) for e in entries]
        return [parse_response(body, i) for i in ids if i]


client_factory: Callable[[], ArxivSearch] = ArxivSearch


def today() -> dt.date:
    """Today (UTC), or the day of SOURCE_DATE_EPOCH when set, for reproducible files."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.UTC) if epoch else dt.datetime.now(dt.UTC)
    return now.date()


def pick_category(record: ArxivRecord, vocab: Vocabulary) -> str | None:
    """The primary category if the vocabulary has it, else the first listed one it has, else None."""
    known = {c.code for c in vocab.categories}
    return next((c for c in (record.primary_category, *record.categories) if c in known), None)


def paper_file(content: Path, slug: str) -> str:
    """The printable path of a paper file in `content`."""
    return str(content / "papers" / f"{slug}.md")


def check_tags(vocab: Vocabulary, tags: Sequence[str]) -> tuple[str, ...]:
    """`tags` without repeats, or AddError naming the unknown ones and the valid ids."""
    known = [t.id for t in vocab.tags]
    unknown = [t for t in tags if t not in known]
    if unknown:
        raise AddError(f"unknown tag(s) {', '.join(map(repr, unknown))}: valid tags are {', '.join(known)}")
    return tuple(dict.fromkeys(tags))


def checked_text(paper: Paper, content: Path) -> str:
    """The file text for `paper`, validated like `check` validates files; AddError lists any problem."""
    text = dump_paper(paper)
    _, problems = parse_paper(text, paper_file(content, paper.slug), paper.slug)
    if problems:
        raise AddError("the file would not pass check:\n" + "\n".join(map(str, problems)))
    return text


def plan_add(
    corpus: Corpus,
    vocab: Vocabulary,
    drafts: Sequence[Paper],
    content: Path,
    tags: tuple[str, ...] = (),
    slug: str | None = None,
) -> list[Paper]:
    """Pure: the new papers with slugs (`slug`, for a single paper, instead of one made from the title) and tags,
    or AddError for a duplicate title, a taken or invalid slug, or an invalid file."""
    titles = {normalize_title(p.title): paper_file(content, p.slug) for p in corpus.papers}
    taken = {p.slug for p in corpus.papers} | {a for p in corpus.papers for a in p.aliases}
    out: list[Paper] = []
    for draft in drafts:
        norm = normalize_title(draft.title)
        if norm in titles:
            raise AddError(f"{titles[norm]} already has the title {draft.title!r}")
        if any(normalize_title(p.title) == norm for p in out):
            raise AddError(f"two of the papers given have the title {draft.title!r}: give only one")
        chosen_slug = slug or unique_slug(draft.title, draft.arxiv, taken)
        found = name_problem(chosen_slug, "--slug")
        if found or chosen_slug in taken | {r.slug for r in vocab.removed}:
            raise AddError(f"{found[0]} ({found[1]})" if found else f"--slug {chosen_slug!r} is already used")
        taken.add(chosen_slug)
        chosen = tags or assign_tags(vocab.tags, draft.title, draft.abstract) or (FALLBACK_TAG,)
        paper = dataclasses.replace(draft, slug=chosen_slug, tags=chosen)
        checked_text(paper, content)
        out.append(paper)
    return out


def from_record(record: ArxivRecord, vocab: Vocabulary, added: dt.date, note: str | None) -> Paper:
    """A new paper from an arXiv record: the fields `enrich` fills, with the same provenance."""
    return fill(Paper(slug="", title=record.title, added=added, notes=note), record, vocab)


def write_new(content: Path, corpus: Corpus, papers: Sequence[Paper]) -> None:
    """The edge: write each new file atomically, then register the new URLs in the permalink registry."""
    for paper in papers:
        atomic_write(content / "papers" / f"{paper.slug}.md", checked_text(paper, content))
    permalinks.update(content / permalinks.REGISTRY, [*corpus.papers, *papers])


def add_arxiv(
    content: Path, ids: Sequence[str], tags: Sequence[str] = (), note: str | None = None, slug: str | None = None
) -> list[Paper]:
    """Check, fetch, validate, then write: on any error (AddError, ArxivError) nothing is written."""
    if slug and len(ids) != 1:
        raise AddError("--slug names one paper: give exactly one arXiv id")
    vocab = Vocabulary.load(content)
    corpus = Corpus.load(content, vocab)
    chosen = check_tags(vocab, tags)
    keys = list(dict.fromkeys(normalize_id(i) for i in ids))  # ArxivInvalidId before any request
    by_id = {p.arxiv: p.slug for p in corpus.papers if p.arxiv}
    for key in (k for k in keys if k in by_id):  # duplicates are refused before anything is fetched
        raise AddError(f"{paper_file(content, by_id[key])} already has arXiv {key}")
    records = client_factory().fetch_many(keys)
    drafts = [from_record(r, vocab, today(), note) for r in records]
    papers = plan_add(corpus, vocab, drafts, content, chosen, slug)
    write_new(content, corpus, papers)
    return papers


def add_manual(content: Path, draft: Paper, tags: Sequence[str], slug: str | None = None) -> Paper:
    """A paper without arXiv id: `draft` has title, authors, year, links, abstract, notes; `tags` are required."""
    vocab = Vocabulary.load(content)
    corpus = Corpus.load(content, vocab)
    if not tags:
        raise AddError(f"--manual needs at least one --tag: valid tags are {', '.join(t.id for t in vocab.tags)}")
    drafts = [dataclasses.replace(draft, added=today())]
    (paper,) = plan_add(corpus, vocab, drafts, content, check_tags(vocab, tags), slug)
    write_new(content, corpus, [paper])
    return paper


# -- enrich ------------------------------------------------------------------------------------------------------


def gaps(paper: Paper) -> tuple[str, ...]:
    """The enrichable fields this paper leaves empty."""
    return tuple(f for f in ENRICHED if not getattr(paper, f))


def fill(paper: Paper, record: ArxivRecord, vocab: Vocabulary) -> Paper:
    """Pure: `paper` with its empty fields taken from `record`; a value a person set is never replaced."""
    found: dict[str, Any] = {
        "arxiv": record.arxiv,
        "authors": record.authors,
        "year": record.year,
        "category": pick_category(record, vocab),
        "venue": " ".join(record.journal_ref.split())[:200] if record.journal_ref else None,
        "abstract": record.abstract,
    }
    empty = (*gaps(paper), *(("venue",) if not paper.venue else ()))  # venue: filled on the way, never looked up
    filled = {f: found[f] for f in empty if found[f]}
    if filled and paper.metadata is None:  # the same provenance the curated metadata carries
        filled["metadata"] = Provenance(urls.arxiv_abs(record.arxiv), today())
    return dataclasses.replace(paper, **filled)


def match_title(paper: Paper, records: Sequence[ArxivRecord]) -> ArxivRecord | None:
    """The one record whose normalised title equals the paper's (none, or several different ids: None)."""
    want = normalize_title(paper.title)
    hits = {r.arxiv: r for r in records if normalize_title(r.title) == want}
    return next(iter(hits.values())) if len(hits) == 1 else None


def run_enrich(content: Path, slugs: Sequence[str], dry_run: bool, say: Callable[[str], None] = print) -> int:
    """Fill empty fields from arXiv, paper by paper; returns the exit code. Stops at the first service error."""
    vocab = Vocabulary.load(content)
    papers = {p.slug: p for p in Corpus.load(content, vocab).papers}
    unknown = [s for s in slugs if s not in papers]
    if unknown:
        raise AddError(f"no paper file for {', '.join(unknown)} in {content / 'papers'}: give slugs (file names)")
    todo = [papers[s] for s in (slugs or sorted(papers)) if gaps(papers[s])]
    owner = {p.arxiv: p.slug for p in papers.values() if p.arxiv}
    client, done, failed = client_factory(), 0, 0
    for n, paper in enumerate(todo):
        path = paper_file(content, paper.slug)
        try:
            record = client.fetch(paper.arxiv) if paper.arxiv else match_title(paper, client.search_title(paper.title))
        except ArxivNotFound as exc:  # this paper's id (or search) only: go on with the others
            say(f"{path}: {exc}")
            failed += 1
            continue
        except ArxivError as exc:
            say(f"stopped: {exc}")
            say(f"{done} of {len(todo)} papers enriched before the stop (kept); {len(todo) - n} not tried")
            return 1
        if record is None:
            say(f"{path}: no arXiv title match; nothing filled")
            continue
        if not paper.arxiv and record.arxiv in owner:
            other = paper_file(content, owner[record.arxiv])
            say(f"{path}: its title matches arXiv {record.arxiv}, which {other} has: merge the two files")
            failed += 1
            continue
        new = fill(paper, record, vocab)
        filled = [f for f in ENRICHED if getattr(new, f) != getattr(paper, f)]
        if not filled:
            say(f"{path}: arXiv {record.arxiv} has nothing for {', '.join(gaps(paper))}")
            continue
        try:
            text = checked_text(new, content)
        except AddError as exc:
            say(f"{path}: {exc}")
            failed += 1
            continue
        if not dry_run:
            write_if_changed(Path(path), text)
        done += 1
        say(f"{path}: {'would fill' if dry_run else 'filled'} {', '.join(filled)} from arXiv {record.arxiv}")
    verb = "would be enriched" if dry_run else "enriched"
    say(f"{done} of {len(todo)} papers with empty fields {verb}; {failed} failed")
    return 1 if failed else 0
