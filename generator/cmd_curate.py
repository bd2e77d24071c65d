"""Commands for curators' edits across files: rename, merge, remove, add-tag, add-list (see `curate.py`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from . import curate
from .cli import _content_arg, command
from .vocab import WEEKDAYS


def _run(edit: Callable[[], object], done: str) -> int:
    try:
        edit()
    except curate.CurateError as exc:
        print(f"error: {exc}", file=sys.stderr)
        print("nothing was written", file=sys.stderr)
        return 1
    print(done)
    print("next: python -m generator check, then commit content/ and open a pull request")
    return 0


def _rename_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("old", metavar="OLD", help="the paper's slug (file name without .md)")
    p.add_argument("new", metavar="NEW", help="its new slug; OLD keeps redirecting there")
    _content_arg(p)


@command("rename", "give a paper a new slug; the old URL redirects (aliases:)", _rename_args)
def cmd_rename(ns: argparse.Namespace) -> int:
    """`rename OLD NEW`."""
    return _run(lambda: curate.rename(ns.content, ns.old, ns.new), f"renamed {ns.old} -> {ns.new} (alias kept)")


def _merge_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("keep", metavar="KEEP", help="slug of the paper that stays")
    p.add_argument("drop", metavar="DROP", help="slug of its duplicate: folded into KEEP, its URL redirects there")
    _content_arg(p)


@command("merge", "fold a duplicate paper into another (list entries, tags, aliases; empty fields filled)", _merge_args)
def cmd_merge(ns: argparse.Namespace) -> int:
    """`merge KEEP DROP`."""
    return _run(lambda: curate.merge(ns.content, ns.keep, ns.drop), f"merged {ns.drop} into {ns.keep}")


def _remove_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("slug", metavar="SLUG", help="the paper to take off the list")
    p.add_argument("--reason", required=True, help="why (shown on the page left at its URL)")
    p.add_argument("--replaced-by", metavar="SLUG", help="a paper to read instead (linked from that page)")
    _content_arg(p)


@command("remove", "take a paper off the list; its URL keeps a page saying why (content/removed.yml)", _remove_args)
def cmd_remove(ns: argparse.Namespace) -> int:
    """`remove SLUG --reason …`."""
    edit = lambda: curate.remove(ns.content, ns.slug, ns.reason, ns.replaced_by)  # noqa: E731
    return _run(edit, f"removed {ns.slug}; papers/{ns.slug}/ now says why")


def _tag_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("id", metavar="ID", help="the tag id: lowercase words joined by '-'")
    p.add_argument("--label", required=True, help="the name readers see")
    p.add_argument("--description", required=True, help="one sentence: what belongs under the tag")
    p.add_argument("--title", action="append", default=[], metavar="REGEX", help="rule tried on titles (repeatable)")
    p.add_argument("--text", action="append", default=[], metavar="REGEX", help="rule on title + abstract (repeatable)")
    _content_arg(p)


@command("add-tag", "add a tag to content/tags.yml (rules suggest it for new papers)", _tag_args)
def cmd_add_tag(ns: argparse.Namespace) -> int:
    """`add-tag ID --label … --description …`."""
    edit = lambda: curate.add_tag(ns.content, ns.id, ns.label, ns.description, ns.title, ns.text)  # noqa: E731
    return _run(edit, f"added tag {ns.id}; tag papers with it in their tags: field")


def _list_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("file", type=Path, metavar="FILE", help="the list as published (copied verbatim to content/lists/)")
    p.add_argument("--id", required=True, help="the list id: lowercase words joined by '-'")
    p.add_argument("--title", required=True, help="the list's title")
    p.add_argument("--description", required=True, help="one or two sentences about the list")
    p.add_argument("--kind", required=True, choices=["ranked", "weekly", "trending"], help="how the list orders papers")
    p.add_argument("--format", required=True, choices=["ranked", "weekly-table", "trending"], help="the file's format")
    p.add_argument("--origin", default="", help="where the list comes from")
    p.add_argument("--week-start", choices=WEEKDAYS, help="weekly lists: the weekday weeks start on (default sunday)")
    _content_arg(p)


@command("add-list", "add a source list: copy it, describe it in content/lists.yml, import its papers", _list_args)
def cmd_add_list(ns: argparse.Namespace) -> int:
    """`add-list FILE --id … --title … --description … --kind … --format …`."""
    meta = {"id": ns.id, "title": ns.title, "description": ns.description, "kind": ns.kind, "format": ns.format}
    meta |= {"origin": ns.origin, "week_start": ns.week_start or ""}
    return _run(lambda: curate.add_list(ns.content, ns.file, meta), f"added list {ns.id} and imported its papers")
