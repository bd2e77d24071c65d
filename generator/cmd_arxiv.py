"""Commands that grow and guard the corpus: `add` and `enrich` (arXiv API), `permalinks` (the URL registry)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import yaml

from . import permalinks
from .add import AddError, add_arxiv, add_manual, run_enrich
from .arxiv import ArxivError
from .cli import _content_arg, command
from .corpus import Corpus
from .model import Paper
from .vocab import Vocabulary

NO_LIST = (
    "add takes no --list: every list in content/lists.yml is a source list that `python -m generator import` "
    "owns (an entry added by hand would be removed by the next import); group papers with --tag instead"
)


def site_url(content: Path) -> str:
    """The site's base URL from the mkdocs.yml next to the content folder ('' when there is none)."""
    config = content.resolve().parent / "mkdocs.yml"
    data = yaml.safe_load(config.read_text("utf-8")) if config.is_file() else None
    return str((data or {}).get("site_url") or "").rstrip("/") + "/" if data else ""


def _add_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("ids", nargs="*", metavar="ID", help="arXiv ids or URLs: 2303.17564, arXiv:2303.17564v2, abs URL")
    p.add_argument("--tag", action="append", default=[], metavar="TAG", help="tag from content/tags.yml (repeatable; "
                   "default: the vocabulary's rules, else 'uncategorised')")  # fmt: skip
    p.add_argument("--note", metavar="TEXT", help="curator's note for the paper page")
    p.add_argument("--slug", help="the permanent slug (file name), instead of one made from the title")
    p.add_argument("--manual", action="store_true", help="add a paper without arXiv id (needs --title and --tag)")
    p.add_argument("--title", help="--manual: the paper's title")
    p.add_argument("--author", action="append", default=[], metavar="NAME", help="--manual: an author (repeatable)")
    p.add_argument("--year", type=int, help="--manual: year of publication")
    p.add_argument("--url", help="--manual: where to read the paper (http/https), shown as the 'Paper' link")
    p.add_argument("--abstract", default="", help="--manual: the abstract (default: empty)")
    p.add_argument("--list", help=argparse.SUPPRESS)  # refused with the reason, see NO_LIST
    _content_arg(p)


def _added(content: Path, papers: list[Paper]) -> None:
    base = site_url(content)
    for paper in papers:
        print(f"added {content / 'papers' / f'{paper.slug}.md'}")
        print(f"  its page will be {base}{paper.url}")
    print("next: python -m generator check, then open a pull request")


@command("add", "add papers by arXiv id or URL (or --manual); all are fetched and checked before any write", _add_args)
def cmd_add(ns: argparse.Namespace) -> int:
    """`add`: new papers by arXiv id, or one by hand with --manual."""
    manual_only = {"--title": ns.title, "--author": ns.author, "--year": ns.year, "--url": ns.url}
    try:
        if ns.list:
            raise AddError(NO_LIST)
        if ns.manual:
            if ns.ids or not ns.title:
                raise AddError("--manual takes no ids and needs --title (plus --tag; --author, --year, --url optional)")
            links = (("paper", ns.url),) if ns.url else ()
            draft = Paper("", ns.title, ns.abstract, authors=tuple(ns.author), year=ns.year, links=links, notes=ns.note)
            _added(ns.content, [add_manual(ns.content, draft, ns.tag, ns.slug)])
            return 0
        given = [flag for flag, value in manual_only.items() if value] + (["--abstract"] if ns.abstract else [])
        if given or not ns.ids:
            raise AddError(f"{', '.join(given)} only go with --manual" if given else "give at least one arXiv id")
        _added(ns.content, add_arxiv(ns.content, ns.ids, ns.tag, ns.note, ns.slug))
        return 0
    except (AddError, ArxivError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1


def _enrich_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("slugs", nargs="*", metavar="SLUG", help="paper file names without .md (default: every paper)")
    p.add_argument("--dry-run", action="store_true", help="show what would be filled; write nothing")
    _content_arg(p)


@command("enrich", "fill empty authors, year, category, arxiv, abstract from arXiv (never overwrites)", _enrich_args)
def cmd_enrich(ns: argparse.Namespace) -> int:
    """`enrich`: fill empty fields from arXiv."""
    try:
        return run_enrich(ns.content, ns.slugs, ns.dry_run)
    except AddError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1


def _permalinks_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--update", action="store_true", help="register the URLs of new papers (never removes one)")
    _content_arg(p)


@command("permalinks", "check that every published paper URL (content/permalinks.txt) still works", _permalinks_args)
def cmd_permalinks(ns: argparse.Namespace) -> int:
    """`permalinks`: every registered URL still served; --update registers new ones."""
    path = ns.content / permalinks.REGISTRY
    vocab = Vocabulary.load(ns.content)
    papers = Corpus.load(ns.content, vocab).papers
    if ns.update:
        for added in permalinks.update(path, papers):
            print(f"registered {added}")
    urls = permalinks.registry(path)
    lost = permalinks.missing(urls, papers, vocab.removed)
    for url in lost:
        print(f"{path}: {permalinks.explain(url, papers, urls)}")
    if lost:
        print(f"{len(lost)} published URL(s) would break", file=sys.stderr)
        return 1
    new = permalinks.unregistered(urls, papers)
    if new:
        print(f"{len(new)} paper URL(s) not registered yet: run python -m generator permalinks --update and commit")
    print(f"ok: {len(urls)} registered URLs all served")
    return 0
