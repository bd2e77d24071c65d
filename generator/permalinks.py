"""The permalink registry, `content/permalinks.txt`: every paper URL the site has published, sorted, one per line.

It only grows. A registered URL keeps working as long as a paper has its slug or lists it under `aliases:` (the
site then writes a redirect page there), so renaming or merging a paper file without the alias is caught before
it breaks a link someone saved. `python -m generator permalinks` checks; `--update` registers new URLs.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from . import urls
from .fsutil import write_if_changed
from .model import Paper, Removed
from .yamlio import Problem

REGISTRY = "permalinks.txt"  # in the content folder
_URL = re.compile(r"^papers/(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)/$")
FIX = "add the old slug to the `aliases:` of the paper it became"


def registry(path: Path) -> list[str]:
    """The registered URLs in file order (no file yet: none)."""
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]


def served(papers: Iterable[Paper], removed: Iterable[Removed] = ()) -> set[str]:
    """Slugs the site answers: each paper's own, its aliases (redirect pages), removed papers (a notice page)."""
    return {slug for p in papers for slug in (p.slug, *p.aliases)} | {r.slug for r in removed}


def missing(registry: list[str], papers: Iterable[Paper], removed: Iterable[Removed] = ()) -> list[str]:
    """Registered URLs no paper, alias or removal serves (and lines that are no paper URL)."""
    ok = served(papers, removed)
    return [u for u in registry if (m := _URL.match(u)) is None or m.group("slug") not in ok]


def unregistered(registry: list[str], papers: Iterable[Paper]) -> list[str]:
    """URLs the site serves that the registry does not list yet, sorted."""
    known = set(registry)
    return sorted(u for u in map(urls.paper, served(papers)) if u not in known)


def render(urls: Iterable[str]) -> str:
    """The registry file's text: sorted, one URL a line."""
    return "".join(f"{u}\n" for u in sorted(set(urls)))


def update(path: Path, papers: Iterable[Paper]) -> list[str]:
    """Add every URL the papers serve (never remove one); return the URLs added."""
    papers = list(papers)
    old = registry(path)
    new = unregistered(old, papers)
    write_if_changed(path, render([*old, *new]))
    return new


def diagnose(lost: str, papers: Iterable[Paper], registered: list[str]) -> tuple[str, str]:
    """(problem, fix) for a registered URL nothing serves; the fix names, when one is likely, the paper it became
    (the unregistered slug closest to the lost one: a renamed file's new slug is not registered yet)."""
    m = _URL.match(lost)
    if m is None:
        return f"{lost!r} is not a paper URL (papers/<slug>/)", "fix the line"
    fresh = [u.split("/")[1] for u in unregistered(registered, papers)]
    near = difflib.get_close_matches(m.group("slug"), fresh, n=1, cutoff=0.3)
    hint = f": perhaps content/papers/{near[0]}.md gets aliases: [{m.group('slug')}]" if near else ""
    return f"{lost} is published but no paper, alias or removal serves it", f"{FIX}{hint}"


def explain(lost: str, papers: Iterable[Paper], registered: list[str]) -> str:
    """`diagnose` as one line."""
    problem, fix = diagnose(lost, papers, registered)
    return f"{problem}: {fix}"


def problems(content: Path, papers: list[Paper], removed: list[Removed], base: Path | None = None) -> list[Problem]:
    """Registry problems as `check` reports them: a published URL nothing serves, a URL dropped from the
    registry since `base` (the registry of the branch a pull request targets), a paper URL not registered."""
    path = content / REGISTRY
    urls = registry(path)
    line = {u: n for n, u in enumerate(urls, start=1)}
    lost = missing(urls, papers, removed)
    found = [Problem(str(path), line[u], "-", *diagnose(u, papers, urls)) for u in lost]
    for u in sorted(set(registry(base)) - set(urls)) if base else []:
        fix = f"put the line back: {u} (the registry only grows; serve the URL with an alias or a removal)"
        found.append(Problem(str(path), 1, "-", f"{u} was published and is no longer registered", fix))
    update_fix = "run `python -m generator permalinks --update` and commit content/permalinks.txt"
    for u in unregistered(urls, papers):
        found.append(Problem(str(path), 1, "-", f"{u} is served but not registered", update_fix))
    return found
