"""Command line: `python -m generator <command>` (also installed as `reading-list`)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .corpus import CorpusError
from .sources import SourceError
from .vocab import VocabError

Command = Callable[[argparse.Namespace], int]
COMMANDS: dict[str, tuple[str, Command, Callable[[argparse.ArgumentParser], None]]] = {}


def command(name: str, help: str, args: Callable[[argparse.ArgumentParser], None] = lambda p: None):
    """Register a subcommand: its name, one-line help and argument setup."""

    def register(fn: Command) -> Command:
        """Record `fn` under the command's name."""
        COMMANDS[name] = (help, fn, args)
        return fn

    return register


def _content_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument("--content", type=Path, default=Path("content"), help="content folder (default: content)")


def _check_args(p: argparse.ArgumentParser) -> None:
    _content_arg(p)
    p.add_argument("--format", choices=["text", "github"], default="text", help="github: workflow annotations")
    p.add_argument("--report", action="store_true", help="also print how many papers have each bibliographic field")
    p.add_argument("--base-permalinks", type=Path, metavar="FILE", help="the target branch's permalinks.txt: "
                   "fail if a URL it registers was dropped")  # fmt: skip


@command("import", "import the source lists into content/papers/ (idempotent; keeps human edits)", _content_arg)
def cmd_import(ns: argparse.Namespace) -> int:
    """`import`: merge the source lists into content/papers/."""
    from .importer import run_import

    report = run_import(ns.content)
    for line in report.title_merges:
        print(f"merged by title: {line}")
    print(report.summary())
    return 0


@command("check", "validate content, lists, vocabulary, import drift, permalinks: path:line: field: problem (fix)",
         _check_args)  # fmt: skip
def cmd_check(ns: argparse.Namespace) -> int:
    """`check`: every problem of the content folder, or ok with the counts."""
    from .check import check

    result = check(ns.content, ns.base_permalinks)
    for problem in result.problems:
        print(problem.github() if ns.format == "github" else problem)
    print(result.summary(), file=sys.stderr if result.problems else sys.stdout)
    if ns.report:
        from .check import coverage

        print("\n".join(coverage(result.corpus)))
    return 1 if result.problems else 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every registered command."""
    from . import cmd_arxiv, cmd_curate, commands, suggest  # noqa: F401  (registers the remaining commands)

    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name, (help_text, fn, add_args) in COMMANDS.items():
        p = sub.add_parser(name, help=help_text, description=help_text)
        add_args(p)
        p.set_defaults(func=fn)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; bad content is reported, never a traceback. Returns the exit code."""
    ns = build_parser().parse_args(argv)
    try:
        return int(ns.func(ns))
    except (CorpusError, VocabError) as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s); nothing was written (fix them, then run again)", file=sys.stderr)
    except SourceError as exc:
        print(f"error: {exc}", file=sys.stderr)
    return 1
