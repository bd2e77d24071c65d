"""Curators' edits that span files: rename, merge, remove a paper; add a tag or a list.

Each is planned as text first, checked the way `check` checks (the whole content
folder, on a scratch copy of the changed files), and only then written, so a
refused edit writes nothing. URLs never break: a renamed or merged paper keeps its
old slug as an alias (a redirect page), a removed one leaves a record in
`content/removed.yml` (a page saying it was removed, and why) and the permalink
registry only grows.
"""

from __future__ import annotations

import dataclasses
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path

from . import permalinks
from .content import dump_paper
from .corpus import Corpus, CorpusError
from .fsutil import atomic_write
from .model import Paper, today
from .names import name_problem
from .sources import SourceError
from .vocab import VocabError, Vocabulary
from .yamlio import flow_list, scalar


class CurateError(Exception):
    """An edit that cannot be made as asked; nothing was written."""


def _load(content: Path) -> tuple[Vocabulary, Corpus, dict[str, Paper]]:
    vocab = Vocabulary.load(content)
    corpus = Corpus.load(content, vocab)
    return vocab, corpus, {p.slug: p for p in corpus.papers}


def _paper(papers: dict[str, Paper], slug: str) -> Paper:
    if slug not in papers:
        raise CurateError(f"no paper content/papers/{slug}.md")
    return papers[slug]


def _free(corpus: Corpus, content: Path, slug: str) -> None:
    """`slug` can become a new paper file: a valid name no paper, alias or removal uses."""
    found = name_problem(slug, "slug")
    if found:
        raise CurateError(f"{found[0]} ({found[1]})")
    used = {s for p in corpus.papers for s in (p.slug, *p.aliases)} | {r.slug for r in Vocabulary.load(content).removed}
    if slug in used:
        raise CurateError(f"{slug!r} is already a paper, an alias or a removed paper's URL: choose another slug")


def _apply(content: Path, writes: dict[str, str | bytes], deletes: list[str], *, imports: bool = False) -> None:
    """Make the edit on a scratch copy (then `import` there, if asked), register new URLs, and `check` it all;
    only a clean result is written back: the edited files, imported papers, the registry. Otherwise nothing."""
    from .check import check
    from .importer import run_import

    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / "content"
        shutil.copytree(content, trial, symlinks=True)
        for rel, data in writes.items():
            (trial / rel).write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
        for rel in deletes:
            (trial / rel).unlink()
        try:
            if imports:
                run_import(trial)
            papers = Corpus.load(trial, Vocabulary.load(trial)).papers
        except (CorpusError, VocabError, SourceError) as exc:
            problems = getattr(exc, "problems", [exc])
            raise CurateError(_shown(problems, trial, content)) from None
        permalinks.update(trial / permalinks.REGISTRY, papers)
        problems = check(trial).problems
        if problems:
            raise CurateError(_shown(problems, trial, content))
        new = {f"papers/{f.name}": f.read_bytes() for f in (trial / "papers").glob("*.md")}
        new = {
            rel: data
            for rel, data in new.items()
            if not (content / rel).exists() or (content / rel).read_bytes() != data
        }
        registry = (trial / permalinks.REGISTRY).read_text("utf-8")
    for rel, data in {**writes, **new}.items():
        atomic_write(content / rel, data)
    for rel in deletes:
        (content / rel).unlink()
    atomic_write(content / permalinks.REGISTRY, registry)


def _differs(path: Path, data: bytes) -> bool:
    return not path.exists() or path.read_bytes() != data


def _shown(problems: Sequence[object], trial: Path, content: Path) -> str:
    lines = [str(p).replace(str(trial), str(content)) for p in problems[:20]]
    return "the result would not pass check:\n" + "\n".join(lines)


def rename(content: Path, old: str, new: str) -> Paper:
    """Give paper `old` the slug `new`; `old` stays an alias (its URL redirects)."""
    _, corpus, papers = _load(content)
    paper = _paper(papers, old)
    _free(corpus, content, new)
    renamed = dataclasses.replace(paper, slug=new, aliases=(*paper.aliases, old))
    _apply(content, {f"papers/{new}.md": dump_paper(renamed)}, [f"papers/{old}.md"])
    return renamed


def merge(content: Path, keep: str, drop: str) -> Paper:
    """Fold paper `drop` into `keep`: its list entries, tags and aliases join; empty fields of `keep` are filled
    from `drop`; `drop` becomes an alias of `keep`."""
    _, _, papers = _load(content)
    kept, dropped = _paper(papers, keep), _paper(papers, drop)
    if keep == drop:
        raise CurateError("give two different papers")
    filled = {
        f.name: getattr(dropped, f.name)
        for f in dataclasses.fields(Paper)
        if f.name in ("abstract", "arxiv", "category", "week", "authors", "year", "notes") and not getattr(kept, f.name)
    }
    merged = dataclasses.replace(
        kept,
        **filled,
        tags=tuple(dict.fromkeys((*kept.tags, *dropped.tags))),
        links=tuple(sorted(dict((*dropped.links, *kept.links)).items())),
        aliases=tuple(dict.fromkeys((*kept.aliases, drop, *dropped.aliases))),
        lists=(*kept.lists, *dropped.lists),
        added=min(d for d in (kept.added, dropped.added) if d) if kept.added or dropped.added else None,
    )
    _apply(content, {f"papers/{keep}.md": dump_paper(merged)}, [f"papers/{drop}.md"])
    return merged


def remove(content: Path, slug: str, reason: str, replaced_by: str | None = None) -> None:
    """Take a paper off the list: its file goes, records in `content/removed.yml` (one for its slug, one for each
    alias) keep its URLs answering, and keep `import` from bringing it back from a source list."""
    _, _, papers = _load(content)
    paper = _paper(papers, slug)
    if replaced_by is not None:
        _paper(papers, replaced_by)
    if not reason.strip():
        raise CurateError("say why: --reason 'duplicate of …' (shown on the page that replaces the paper)")
    records = []
    for gone in (slug, *paper.aliases):
        record = [f"- slug: {gone}", f"  title: {scalar(paper.title)}"]
        record += [f"  arxiv: {scalar(paper.arxiv)}"] if paper.arxiv else []
        record += [f"  removed: {today().isoformat()}", f"  reason: {scalar(reason.strip())}"]
        records += record + ([f"  replaced_by: {replaced_by}"] if replaced_by else [])
    path = content / "removed.yml"
    old = path.read_text("utf-8") if path.exists() else REMOVED_HEADER
    _apply(content, {"removed.yml": old.rstrip("\n") + "\n" + "\n".join(records) + "\n"}, [f"papers/{slug}.md"])


REMOVED_HEADER = (
    "# Papers taken off the reading list. Each keeps its URL: the site shows a page saying it was removed,\n"
    "# why, and where to go instead; import never brings it back. Written by `python -m generator remove`.\n"
)


def add_tag(content: Path, tag: str, label: str, description: str, title: list[str], text: list[str]) -> None:
    """Append a tag to `content/tags.yml` (validated with the whole vocabulary first)."""
    lines = [f"- id: {tag}", f"  label: {scalar(label)}", f"  description: {scalar(description)}"]
    lines += [f"  title: {flow_list(title)}"] if title else []
    lines += [f"  text: {flow_list(text)}"] if text else []
    old = (content / "tags.yml").read_text("utf-8")
    _apply(content, {"tags.yml": old.rstrip("\n") + "\n" + "\n".join(lines) + "\n"}, [])


def add_list(content: Path, source: Path, meta: dict[str, str]) -> None:
    """Copy a source list file into `content/lists/`, describe it in `content/lists.yml` and import it: the list
    must read cleanly and its papers pass `check`, or nothing is written."""
    if not source.is_file() or source.is_symlink():
        raise CurateError(f"{source} is not a plain file")
    if (content / "lists" / source.name).exists():
        raise CurateError(f"content/lists/{source.name} exists already: rename the file")
    lines = [f"- id: {meta['id']}"] + [f"  {k}: {scalar(v)}" for k, v in meta.items() if k != "id" and v]
    lines += [f"  source: {scalar(source.name)}", f"  added: '{today().isoformat()}'"]
    old = (content / "lists.yml").read_text("utf-8")
    writes: dict[str, str | bytes] = {"lists.yml": old.rstrip("\n") + "\n" + "\n".join(lines) + "\n"}
    writes[f"lists/{source.name}"] = source.read_bytes()
    _apply(content, writes, [], imports=True)
