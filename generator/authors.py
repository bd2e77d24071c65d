"""Authors: which spellings name one person, what to call them, and where their page is.

`people(papers)` groups every author name on the list by `names.author_key` (the whole name,
accents, case and punctuation folded; initials never expanded, so "A. Vaswani" stays apart from
"Ashish Vaswani"), shows each person under the spelling the papers use most (ties: the one that
keeps more accents, then the first alphabetically; a paper page still shows its own spelling),
and gives each a page id: the transliterated slug of the identity key. When two people share a
slug, the one whose key sorts first keeps it and the others get `-2`, `-3`, … in key order; ids
that would name a generated page (`index`, the A–Z folder `a-z`, …) get a suffix too. Author
pages are derived from the papers: unlike paper URLs they are not permanent.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from .model import Paper
from .names import RESERVED_NAMES, author_key, slugify

LETTERS = "a-z"  # the folder of the A–Z pages, under authors/: never an author id
RESERVED = RESERVED_NAMES | {LETTERS}
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_SLUG_MAX = 200  # author ids: long names stay whole (a name is at most a few words)


@dataclass(frozen=True)
class Person:
    id: str  # the page id: authors/<id>/
    name: str  # the most common spelling
    spellings: tuple[str, ...]  # every spelling on the list, most used first
    sort_name: str  # ASCII, family name first: where the A–Z index files the person
    papers: int  # papers on the list
    entries: int  # list entries of those papers


def family_first(name: str) -> str:
    """`Given Family Jr.` as `Family Given Jr.`: the last word is the family name (a suffix is skipped)."""
    words = name.split()
    suffix: list[str] = []
    while len(words) > 1 and author_key(words[-1]) in _SUFFIXES:
        suffix.insert(0, words.pop())
    return " ".join([*words[-1:], *words[:-1], *suffix])


def sort_name(name: str) -> str:
    """The A–Z sort form of a name: family name first, transliterated, lowercase ASCII words."""
    return slugify(family_first(name), _SLUG_MAX).replace("-", " ")


def _display(spellings: Counter[str]) -> str:
    return min(spellings, key=lambda s: (-spellings[s], -sum(not c.isascii() for c in s), s))


def assign_ids(keys: Iterable[str]) -> dict[str, str]:
    """A unique, path-safe id per identity key (see the module docstring for collisions)."""
    by_slug: dict[str, list[str]] = defaultdict(list)
    for key in sorted(set(keys)):
        by_slug[slugify(key, _SLUG_MAX) or "author"].append(key)
    ids: dict[str, str] = {}
    taken = set(RESERVED)
    for slug, group in sorted(by_slug.items()):  # bare slugs first: a suffixed id never takes one
        if slug not in taken:
            ids[group[0]] = slug
            taken.add(slug)
    for slug, group in sorted(by_slug.items()):
        n = 2
        for key in group:
            if key in ids:
                continue
            while f"{slug}-{n}" in taken:
                n += 1
            ids[key] = f"{slug}-{n}"
            taken.add(ids[key])
    return ids


def people(papers: Iterable[Paper]) -> tuple[Person, ...]:
    """Everyone who wrote a paper on the list, most papers first (then most list entries, then A–Z)."""
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    counts: Counter[str] = Counter()
    entries: Counter[str] = Counter()
    for paper in papers:
        seen = set()
        for name in paper.authors:
            key = author_key(name)
            spellings[key][name] += 1
            if key not in seen:
                seen.add(key)
                counts[key] += 1
                entries[key] += len(paper.lists)
    ids = assign_ids(spellings)
    found = []
    for key, spelled in spellings.items():
        name = _display(spelled)
        ordered = tuple(sorted(spelled, key=lambda s: (-spelled[s], s != name, s)))
        found.append(Person(ids[key], name, ordered, sort_name(name), counts[key], entries[key]))
    return tuple(sorted(found, key=lambda p: (-p.papers, -p.entries, p.sort_name, p.id)))
