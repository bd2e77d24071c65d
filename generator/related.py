"""Related papers: TF-IDF cosine similarity over title, abstract and tags.

Built to stay linear in the number of papers: each paper keeps only its `TOP_TERMS`
heaviest terms, an inverted index is built over those, and the terms with the longest
posting lists (the most common, least telling ones) are left out of scoring. The
cut-off (`df_cap`) is the largest document frequency that keeps the scoring work,
the sum of squared posting-list lengths, within `WORK_PER_PAPER` per paper (and at
most `DF_CAP`), so a paper only ever meets a bounded number of candidates.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

from .model import Paper

TITLE_WEIGHT = 2.0
ABSTRACT_WEIGHT = 1.0
TAG_WEIGHT = 3.0
TOP_TERMS = 25
DF_CAP = 200  # never score through a term kept by more papers than this
WORK_PER_PAPER = 400  # budget of posting-pair visits per paper ...
MIN_WORK = 2_000_000  # ... but small corpora may always use this many
FALLBACK_TERMS = 5  # a paper with fewer than k peers also looks at its heaviest skipped terms,
FALLBACK_POSTINGS = 40  # through the heaviest postings of each

_WORD = re.compile(r"[a-z0-9]{2,}")
_STOP_TEXT = """
a about above after again against all also am an and any are as at be because been before being below between
both but by can could did do does doing down during each either et etc few for from further had has have having
he her here hers herself him himself his how however i if in into is it its itself just less let may me might
more most much must my myself no nor not now of off on once only or other our ours ourselves out over own per
same shall she should so some such than that the their theirs them themselves then there these they this those
through thus to too under until up upon us use used uses using very via was we were what when where whether
which while who whom why will with within without would yet you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())

Vector = list[tuple[str, float]]
Index = dict[str, list[tuple[int, float]]]


def tokenize(text: str) -> list[str]:
    """Lower-cased alphanumeric words of two or more characters, English stop words removed."""
    return [w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS]


def term_counts(paper: Paper) -> dict[str, float]:
    """Field-weighted term counts: title words count double, each tag is a `tag:<id>` term."""
    abstract = Counter(_WORD.findall(paper.abstract.lower()))
    counts: dict[str, float] = {t: c * ABSTRACT_WEIGHT for t, c in abstract.items()}
    for word in _WORD.findall(paper.title.lower()):
        counts[word] = counts.get(word, 0.0) + TITLE_WEIGHT
    for stop in STOP_WORDS.intersection(counts):
        del counts[stop]
    for tag in paper.tags:
        term = f"tag:{tag.lower()}"
        counts[term] = counts.get(term, 0.0) + TAG_WEIGHT
    return counts


def idf_table(papers: Sequence[Paper]) -> dict[str, float]:
    """Smoothed inverse document frequency of every term (counts are recomputed later to save memory)."""
    df: Counter[str] = Counter()
    for paper in papers:
        df.update(term_counts(paper).keys())
    n = len(papers)
    return {t: math.log((1 + n) / (1 + d)) + 1.0 for t, d in df.items()}


def vector(counts: dict[str, float], idf: dict[str, float], top: int = TOP_TERMS) -> Vector:
    """Unit-length TF-IDF vector (sublinear tf) cut to its `top` heaviest terms, sorted by term."""
    log = math.log
    kept = heapq.nsmallest(top, [(-(1.0 + log(tf)) * idf[t], t) for t, tf in counts.items()])  # ties: by term
    norm = math.sqrt(sum(w * w for w, _ in kept)) or 1.0
    return sorted((t, -w / norm) for w, t in kept)


def df_cap(lengths: Iterable[int], n: int) -> int:
    """The largest posting-list length to score through, within the work budget for `n` papers."""
    budget = max(WORK_PER_PAPER * n, MIN_WORK)
    cap = work = 0
    for d, count in sorted(Counter(lengths).items()):
        if d > DF_CAP or work + count * d * d > budget:
            break
        work += count * d * d
        cap = d
    return cap


def _score(i: int, vector: Vector, index: Index, limit: int | None = None) -> dict[int, float]:
    scores: dict[int, float] = defaultdict(float)
    for term, weight in vector:
        postings = index[term]
        for j, w in postings if limit is None else postings[:limit]:
            scores[j] += weight * w
    scores.pop(i, None)
    return scores


def related(papers: Sequence[Paper], k: int = 5) -> dict[str, tuple[str, ...]]:
    """Map each slug to the slugs of its (up to) `k` most similar other papers, best first.

    Deterministic: independent of input order, ties broken by slug.
    """
    ordered = sorted(papers, key=lambda p: p.slug)
    slugs = [p.slug for p in ordered]
    if len(set(slugs)) != len(slugs):
        raise ValueError("related(): duplicate slugs in input")
    if k <= 0:
        return {slug: () for slug in slugs}
    idf = idf_table(ordered)
    vecs = [vector(term_counts(p), idf) for p in ordered]
    index: Index = defaultdict(list)
    for i, vec in enumerate(vecs):
        for term, weight in vec:
            index[term].append((i, weight))
    cap = df_cap((len(postings) for postings in index.values()), len(vecs))
    skipped = {t for t, postings in index.items() if len(postings) > cap}
    for t in skipped:  # heaviest postings first, for the fallback
        index[t].sort(key=lambda jw: (-jw[1], jw[0]))
    out: dict[str, tuple[str, ...]] = {}
    for i, vec in enumerate(vecs):
        scores = _score(i, [tw for tw in vec if tw[0] not in skipped], index)
        if len(scores) < k and skipped:
            heavy = sorted((tw for tw in vec if tw[0] in skipped), key=lambda tw: (-tw[1], tw[0]))
            for j, s in _score(i, heavy[:FALLBACK_TERMS], index, FALLBACK_POSTINGS).items():
                scores[j] = scores.get(j, 0.0) + s
        floor = heapq.nlargest(k, scores.values())[-1] if scores else 0.0
        # Indices follow slug order, so sorting (-score, index) breaks ties by slug.
        best = sorted([(-s, j) for j, s in scores.items() if s >= floor])[:k]
        out[slugs[i]] = tuple(slugs[j] for s, j in best if s < 0)
    return out
