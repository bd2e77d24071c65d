from __future__ import annotations

import random
import time
from functools import cache
from pathlib import Path

from generator.corpus import Corpus
from generator.model import Paper
from generator.related import df_cap, related, term_counts, tokenize
from generator.vocab import Vocabulary

ROOT = Path(__file__).resolve().parent.parent


@cache
def real_papers() -> tuple[Paper, ...]:
    content = ROOT / "content"
    return tuple(Corpus.load(content, Vocabulary.load(content)).papers)


@cache
def real_related() -> dict[str, tuple[str, ...]]:
    return related(real_papers())


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
    by_title = {p.title: p.slug for p in real_papers()}
    llama2 = by_title["Llama 2: Open Foundation and Fine-Tuned Chat Models"]
    llama = by_title["LLaMA: Open and Efficient Foundation Language Models"]
    assert llama in real_related()[llama2]


def test_real_corpus_shape() -> None:
    papers, rel = real_papers(), real_related()
    assert set(rel) == {p.slug for p in papers}
    for p in papers:
        assert p.slug not in rel[p.slug]
        assert len(set(rel[p.slug])) == len(rel[p.slug]) <= 5
        if p.abstract.strip():
            assert len(rel[p.slug]) == 5, p.slug


def test_deterministic_and_order_independent() -> None:
    papers = list(real_papers())
    shuffled = papers[:]
    random.Random(3).shuffle(shuffled)
    assert related(shuffled) == real_related()
    assert related(papers) == real_related()
    assert related(papers, k=2) == {slug: rel[:2] for slug, rel in real_related().items()}


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
