from __future__ import annotations

import random
import time
from functools import cache

from generator.corpus import Corpus
from generator.model import Paper
from generator.related import df_cap, related, term_counts, tokenize
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS


@cache
def fixture_papers() -> tuple[Paper, ...]:
    """The fixture project's papers (tests/fixture)."""
    return tuple(Corpus.load(FIXTURE_CONTENT, Vocabulary.load(FIXTURE_CONTENT)).papers)


@cache
def fixture_related() -> dict[str, tuple[str, ...]]:
    return related(fixture_papers())


def synthetic(n: int, seed: int = 1) -> list[Paper]:
    """`n` made-up papers: Zipf-distributed words from a fixed random vocabulary, 1-4 of 30 tags."""
    rng = random.Random(seed)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocab = ["".join(rng.choices(letters, k=rng.randint(3, 9))) for _ in range(8000)]
    weights = [1 / (rank + 1) for rank in range(len(vocab))]
    tags = [f"topic-{i}" for i in range(30)]
    return [
        Paper(
            slug=f"paper-{i:05d}",
            title=" ".join(rng.choices(vocab, weights, k=rng.randint(5, 12))).title(),
            abstract=" ".join(rng.choices(vocab, weights, k=rng.randint(60, 200))),
            tags=tuple(rng.sample(tags, rng.randint(1, 4))),
        )
        for i in range(n)
    ]


def test_tokenize() -> None:
    assert tokenize("The LLaMA-2 model, and a GPT-4 of 7B!") == ["llama", "model", "gpt", "7b"]
    counts = term_counts(Paper(slug="x", title="Llama models", abstract="llama llama the", tags=("llm",)))
    assert counts == {"llama": 4.0, "models": 2.0, "tag:llm": 3.0}


def test_llama_2_is_related_to_llama() -> None:
    by_title = {p.title: p.slug for p in fixture_papers()}
    llama2 = by_title["Llama 2: Open Foundation and Fine-Tuned Chat Models"]
    llama = by_title["LLaMA: Open and Efficient Foundation Language Models"]
    assert fixture_related()[llama2][0] == llama
    assert fixture_related()[llama][0] == llama2


# Papers of the fixture with fewer than 5 related papers: the heaviest terms of the French abstract (a paper
# keeps its TOP_TERMS) are words no other paper has; two weekly-only papers share little with the rest.
FEWER = {
    "flaubert-des-modeles-de-langue-contextualises-pre-entraines-pour-le-francais": 0,
    "machine-learning-for-partial-differential-equations": 3,
    "track-anything-segment-anything-meets-videos": 4,
}


def test_fixture_corpus_shape() -> None:
    papers, rel = fixture_papers(), fixture_related()
    assert len(papers) == FIXTURE_PAPERS
    assert set(rel) == {p.slug for p in papers}
    for p in papers:
        assert p.slug not in rel[p.slug]
        assert len(set(rel[p.slug])) == len(rel[p.slug]) <= 5
        assert p.abstract.strip(), p.slug
        assert len(rel[p.slug]) == FEWER.get(p.slug, 5), p.slug


def test_deterministic_and_order_independent() -> None:
    papers = list(fixture_papers())
    shuffled = papers[:]
    random.Random(3).shuffle(shuffled)
    assert related(shuffled) == fixture_related()
    assert related(papers) == fixture_related()
    assert related(papers, k=2) == {slug: rel[:2] for slug, rel in fixture_related().items()}


def test_ties_broken_by_slug_and_self_excluded() -> None:
    twins = [Paper(slug=s, title="Sparse attention", abstract="sparse attention kernels") for s in "dcba"]
    other = Paper(slug="z", title="Protein folding", abstract="protein structure")
    rel = related([*twins, other], k=3)
    assert rel["a"] == ("b", "c", "d")
    assert rel["c"] == ("a", "b", "d")
    assert rel["z"] == ()  # nothing in common: no padding with unrelated papers
    assert related([other]) == {"z": ()}
    assert related([*twins], k=0) == {s: () for s in "abcd"}


def test_df_cap_keeps_work_within_budget() -> None:
    assert df_cap([1, 2, 3, 300], 10) == 3  # the hard cap (DF_CAP) drops the 300
    lengths = [100] * 3000 + [150] * 1000 + [1] * 99
    assert df_cap(lengths, 100_000) == 100  # 30M visits fit the 40M budget; another 22.5M would not


def test_scale_synthetic() -> None:
    papers = synthetic(3000)
    start = time.perf_counter()
    rel = related(papers)
    elapsed = time.perf_counter() - start
    print(f"bench: related() on {len(papers)} synthetic papers: {elapsed:.2f}s")
    assert len(rel) == 3000
    assert all(slug not in peers for slug, peers in rel.items())
    assert sum(len(peers) == 5 for peers in rel.values()) > 2900
