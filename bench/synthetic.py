"""A deterministic synthetic corpus: a full project copy with N made-up but valid paper files.

`make_project(dest, n, seed)` copies what a build needs from the real project (mkdocs.yml,
overrides/, the vocabulary and list sources under content/, an empty docs/; the reading-list
plugin is installed, not copied) and writes N paper files whose shape follows the real ones:
6-14 word titles from an ML vocabulary, abstracts
of ~100-300 words, 0-8 authors, 1-5 real tags, a real category for 80%, a week for 30%,
entries in 1-3 real lists for some (ranks unique per list and week), a unique arXiv id for 70%.
Everything comes from one `random.Random(seed)`: the same seed gives byte-identical files.

    python -m bench.synthetic DEST --n 2000 --seed 0
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from generator.content import dump_paper
from generator.model import ListEntry, Paper, PaperList
from generator.names import normalize_title, slugify
from generator.vocab import Vocabulary


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(text.split(sep))


ROOT = Path(__file__).resolve().parents[1]
VOCAB_FILES = ("tags.yml", "categories.yml", "lists.yml")
FIRST_WEEK = dt.date(2023, 4, 2)  # a Sunday, like the real weekly list's weeks
LAST_WEEK = dt.date(2026, 8, 2)  # a Sunday before every ADDED date: no week in the future, whatever N
EARLIEST_WEEK = dt.date(1991, 1, 6)  # the first Sunday `check` accepts as a week (generator.corpus.week_problem)
ADDED = tuple(dt.date(2026, 8, 9) + dt.timedelta(days=7 * k) for k in range(12))  # 12 past weeks up to 2026-10-25
TITLE_LENGTHS = {6: 8, 7: 9, 8: 9, 9: 9, 10: 7, 11: 6, 12: 6, 13: 4, 14: 3}  # weights, like the real titles
AUTHOR_COUNTS = {0: 10, 1: 6, 2: 10, 3: 12, 4: 12, 5: 10, 6: 8, 7: 6, 8: 6}
TAG_COUNTS = {1: 10, 2: 25, 3: 32, 4: 24, 5: 9}
LIST_COUNTS = {1: 80, 2: 15, 3: 5}
CATEGORY_WEIGHTS = {"cs.CL": 40, "cs.LG": 20, "cs.CV": 20, "cs.AI": 8}  # the rest share 12
IN_LISTS = 0.35  # share of papers with list entries (the real corpus: all, it was imported)

ADJECTIVES = _words(
    "Efficient Scalable Robust Sparse Adaptive Hierarchical Contrastive Generative Multimodal Multilingual "
    "Causal Federated Latent Neural Probabilistic Self-Supervised Instruction-Tuned Parameter-Efficient "
    "Low-Rank Dense Unified Compositional Structured Continual Long-Context Retrieval-Augmented Diffusion-Based "
    "Zero-Shot Few-Shot Open-Vocabulary Verifiable Interpretable Faithful Calibrated Lightweight Grounded"
)
NOUNS = _words(
    "Transformers Language Models Attention Embeddings Representations Agents Tokenizers Decoders Encoders "
    "Experts Adapters Prompts Rewards Policies Benchmarks Datasets Graphs Kernels Gradients Optimizers "
    "Distillation Quantization Pruning Alignment Reasoning Retrieval Planning Memory Routing Scaling Laws "
    "Priors Features Circuits Tokens Vision Speech Video Images Proteins Molecules Programs Proofs Tables"
)
TASKS = _words(
    "Question Answering|Machine Translation|Code Generation|Mathematical Reasoning|Image Segmentation|"
    "Text Summarization|Dialogue Systems|Information Extraction|Speech Recognition|Video Understanding|"
    "Protein Design|Theorem Proving|Tool Use|Web Navigation|Instruction Following|Preference Optimization|"
    "Long Document Understanding|Visual Question Answering|Open-Domain Retrieval|Robot Manipulation|"
    "Named Entity Recognition|Semantic Parsing|Fact Verification|Text-to-Image Generation|Program Synthesis",
    "|",
)
LINKERS = ("for", "with", "via", "through", "beyond", "towards", "in", "under", "without", "from")
MODEL_SYLLABLES = ("Lo", "Ra", "Gen", "Mix", "Flash", "Ver", "Tok", "Ada", "Dis", "Cor", "Neo", "Quan", "Pha", "Zen")
SUBJECTS = _words(
    "large language models|vision transformers|diffusion models|retrieval systems|autonomous agents|"
    "sparse mixture-of-experts models|speech recognizers|multimodal assistants|code models|reward models|"
    "small language models|graph neural networks|encoder-decoder models|state space models|policy networks",
    "|",
)
VERBS = _words(
    "improves|scales|stabilizes|accelerates|compresses|aligns|evaluates|generalizes|outperforms|matches|"
    "reduces the cost of|extends|simplifies|unifies|calibrates",
    "|",
)
OBJECTS = _words(
    "pretraining on web-scale corpora|instruction tuning|long-context inference|multilingual transfer|"
    "chain-of-thought reasoning|preference optimization|low-resource adaptation|tool-augmented generation|"
    "knowledge distillation|parameter-efficient fine-tuning|reinforcement learning from human feedback|"
    "open-ended generation|zero-shot classification|dense retrieval|speculative decoding|model merging",
    "|",
)
RESULTS = _words(
    "state-of-the-art accuracy|a 2.3x speedup|consistent gains across twelve benchmarks|lower memory use|"
    "better calibration|stronger robustness to distribution shift|competitive results at a fraction of the cost|"
    "improved sample efficiency|higher win rates in human evaluation|fewer hallucinations",
    "|",
)
FIRST_NAMES = _words(
    "Ana Wei Jonas Priya Mateo Yuki Amara Lars Chen Fatima Diego Ingrid Kofi Mei Omar Sofia Tariq Elena Ravi Noor "
    "Hugo Aiko Samuel Leila Marco Zhang Olga Ibrahim Clara Arjun"
)
LAST_NAMES = _words(
    "Garcia Nakamura Okafor Schmidt Li Kowalski Haddad Rossi Andersen Gupta Silva Novak Kim Dubois Mensah Ivanova "
    "Tanaka Fischer Chowdhury Moreau Petrov Alvarez Osei Lindqvist Wang Bianchi Sato Nguyen Hassan Muller"
)
STEMS = _words(
    "token attent embedd quantiz distill retriev calibr align prun optimiz regulariz normaliz sampl decod encod "
    "pretrain finetun prompt reward policy graph kernel spectr contrast augment generaliz robust adversar transfer "
    "segment detect classif summariz translat parse reason plan memor rout spars compress interpol extrapol "
    "diffus denois score flow energ variat bayes causal counterfact interpret attribut probe steer edit merg "
    "curricul synthes annot label cluster hash index rerank ground halluc verif factual multiling lingu phonet "
    "acoust visu spatial tempor geometr protein molec chem clinic radiolog legal financ educ"
)
SUFFIXES = ("", "ation", "ative", "ing", "er", "ers", "ed", "ability", "ive", "ic", "ization", "al", "ness", "ology")
SYLLABLES = _words(
    "ka ro ti mel va zen qua bri lo nu sta pho dre gal mi ter vos pel ux ri co an est ly mor fen dal tiv gra "
    "ne sil op ta vi ber hal ko jun lex"
)
LEXICON_SIZE = 60_000
ZIPF_EXPONENT = 0.85
MATH = ("$O(n \\log n)$", "$\\ell_2$", "$k$", "$\\alpha = 0.5$", "$O(n^2)$", "$p < 0.05$")


@dataclass
class _Draft:
    slug: str
    title: str
    abstract: str
    arxiv: str | None
    category: str | None
    week: dt.date | None
    added: dt.date
    tags: tuple[str, ...]
    authors: tuple[str, ...]
    year: int | None
    links: tuple[tuple[str, str], ...]
    notes: str | None
    lists: list[str] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)


def _weighted(rng: random.Random, weights: dict[int, int]) -> int:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _title(rng: random.Random) -> str:
    target = _weighted(rng, TITLE_LENGTHS)
    words: list[str] = []
    if rng.random() < 0.3:
        words.append("".join(rng.sample(MODEL_SYLLABLES, 2)) + rng.choice(("", "-7B", "2", "Net", "LM")) + ":")
    words += [rng.choice(ADJECTIVES), rng.choice(NOUNS), rng.choice(LINKERS), *rng.choice(TASKS).split()]
    while len(words) < target:
        words += rng.choice(
            (
                [rng.choice(LINKERS), rng.choice(ADJECTIVES), rng.choice(NOUNS)],
                [rng.choice(NOUNS)],
                ["and", rng.choice(NOUNS)],
            )
        )
    words = words[:target]
    while words[-1] in LINKERS or words[-1] in ADJECTIVES or words[-1] == "and" or words[-1].endswith(":"):
        words[-1] = rng.choice(NOUNS)
    return " ".join(words)


@cache
def _lexicon() -> tuple[tuple[str, ...], tuple[float, ...]]:
    """A fixed Zipfian lexicon of technical words (real stems + suffixes, then made-up words for the long tail).

    Real abstracts have a large vocabulary (6,745 distinct words in the 439 seed abstracts), which
    the related-papers index and the browser's search index both scale with; a small template
    vocabulary would flatter both.
    """
    rng = random.Random(20240601)
    words = [f"{stem}{suffix}" for stem in STEMS for suffix in SUFFIXES]
    rng.shuffle(words)
    seen = set(words)
    while len(words) < LEXICON_SIZE:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))
        if word not in seen:
            seen.add(word)
            words.append(word)
    total, cum = 0.0, []
    for rank in range(1, len(words) + 1):
        total += 1.0 / rank**ZIPF_EXPONENT
        cum.append(total)
    return tuple(words), tuple(cum)


def _terms(rng: random.Random, k: int) -> list[str]:
    words, cum = _lexicon()
    return rng.choices(words, cum_weights=cum, k=k)


def _sentence(rng: random.Random, topic: list[str]) -> str:
    subject, verb, obj, result = rng.choice(SUBJECTS), rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(RESULTS)
    a, b, c, d = _terms(rng, 4)
    t = rng.choice(topic)
    forms = (
        f"We study how {subject} handle {obj} when {a} {b} data and compute are limited.",
        f"Our method {verb} {obj} for {subject} through {t} {a} and achieves {result}.",
        f"Existing approaches to {t} rely on {a} heuristics that do not transfer across {b} tasks or {c} domains.",
        f"Experiments on {rng.randint(3, 40)} benchmarks, including {a} and {b}, show that the approach {verb} "
        f"strong baselines and yields {result}.",
        f"We release code, data and {t} checkpoints to support further research on {obj}.",
        f"A theoretical analysis of {t} {a} explains why {subject} benefit from {obj} in the {b} regime.",
        f"In contrast to prior work on {a} {c}, we show that {t} {verb} {subject} without additional supervision.",
        f"We introduce a {t} {d} objective that combines {a} {b} with {c} regularization.",
    )
    return rng.choice(forms)


def _abstract(rng: random.Random) -> str:
    target = int(min(285, max(90, rng.gauss(178, 45))))
    topic = _terms(rng, 3)
    sentences: list[str] = []
    count = 0
    while count < target:
        sentences.append(_sentence(rng, topic))
        count += len(sentences[-1].split())
    if rng.random() < 0.04:  # like the real abstracts: a few carry $...$ math
        i = rng.randrange(len(sentences))
        sentences[i] = sentences[i][:-1] + f" at a cost of {rng.choice(MATH)}."
    return " ".join(sentences)


def _unique_title(rng: random.Random, titles: set[str], slugs: set[str]) -> tuple[str, str]:
    while True:
        title = _title(rng)
        slug = slugify(title)
        key = normalize_title(title)
        if key not in titles and slug not in slugs:  # 6+ words: never a reserved name
            titles.add(key)
            slugs.add(slug)
            return title, slug


def _arxiv(rng: random.Random, ids: set[str]) -> str:
    while True:
        value = f"{rng.randint(19, 24):02d}{rng.randint(1, 12):02d}.{rng.randint(1, 29999):05d}"
        if value not in ids:
            ids.add(value)
            return value


def _category(rng: random.Random, codes: list[str]) -> str | None:
    if rng.random() >= 0.8:
        return None
    others = [c for c in codes if c not in CATEGORY_WEIGHTS]
    if rng.random() < 0.12 and others:
        return rng.choice(others)
    known = [c for c in CATEGORY_WEIGHTS if c in codes] or codes
    return rng.choices(known, weights=[CATEGORY_WEIGHTS.get(c, 1) for c in known])[0]


def _draft(rng: random.Random, vocab: Vocabulary, weeks: list[dt.date], seen: dict[str, set[str]]) -> _Draft:
    title, slug = _unique_title(rng, seen["titles"], seen["slugs"])
    arxiv = _arxiv(rng, seen["arxiv"]) if rng.random() < 0.7 else None
    tags = tuple(rng.sample([t.id for t in vocab.tags], min(len(vocab.tags), _weighted(rng, TAG_COUNTS))))
    authors = tuple(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}" for _ in range(_weighted(rng, AUTHOR_COUNTS)))
    week = rng.choice(weeks) if rng.random() < 0.3 else None
    links = (("code", f"https://github.com/example/{slug}"),) if rng.random() < 0.05 else ()
    notes = (
        "Read this together with the related papers below.\n\nA good first paper on the topic."
        if (rng.random() < 0.03)
        else None
    )
    return _Draft(
        slug=slug,
        title=title,
        abstract=_abstract(rng),
        arxiv=arxiv,
        category=_category(rng, [c.code for c in vocab.categories]),
        week=week,
        added=rng.choice(ADDED),
        tags=tags,
        authors=authors,
        year=2000 + int(arxiv[:2]) if arxiv else None,
        links=links,
        notes=notes,
    )


def _choose_lists(rng: random.Random, draft: _Draft, lists: list[PaperList]) -> list[str]:
    """1-3 list ids: the weekly list only for a paper with a week (its entry's week is that week)."""
    weekly = [m.id for m in lists if m.kind == "weekly"]
    others = [m.id for m in lists if m.kind != "weekly"]
    listed_weekly = draft.week is not None and draft.arxiv is not None and draft.category is not None
    if listed_weekly and weekly and rng.random() < 0.7:  # most papers with a week (and an id) came from it
        return weekly[:1] + rng.sample(others, min(len(others), _weighted(rng, LIST_COUNTS) - 1))
    if rng.random() < IN_LISTS:
        return rng.sample(others, min(len(others), _weighted(rng, LIST_COUNTS)))
    return []


def _assign_entries(rng: random.Random, drafts: list[_Draft], lists: list[PaperList]) -> None:
    """Ranks 1..k unique per list (per week for weekly lists), in a seeded random order."""
    for m in lists:
        members = [d for d in drafts if m.id in d.lists]
        groups: dict[dt.date | None, list[_Draft]] = {}
        for d in members:
            groups.setdefault(d.week if m.kind == "weekly" else None, []).append(d)
        for week in sorted(groups, key=lambda w: w or dt.date.min):
            group = groups[week]
            rng.shuffle(group)
            for rank, d in enumerate(group, start=1):
                citations = int(rng.lognormvariate(5.5, 1.2)) if m.kind == "ranked" else None
                d.entries.append(ListEntry(m.id, rank, citations, week))


def weeks_for(n: int) -> list[dt.date]:
    """About n / 30 consecutive Sundays: from FIRST_WEEK while they end by LAST_WEEK (up to ~5,000 papers, so
    smaller corpora are what they always were), else the ones ending at LAST_WEEK, never before EARLIEST_WEEK."""
    span = (LAST_WEEK - EARLIEST_WEEK).days // 7 + 1
    count = min(max(1, round(n / 30)), span)
    first = min(FIRST_WEEK, LAST_WEEK - dt.timedelta(days=7 * (count - 1)))
    return [first + dt.timedelta(days=7 * k) for k in range(count)]


def make_papers(vocab: Vocabulary, n: int, seed: int = 0) -> list[Paper]:
    """N synthetic papers, deterministic by seed (slug order)."""
    rng = random.Random(seed)
    weeks = weeks_for(n)
    seen: dict[str, set[str]] = {"titles": set(), "slugs": set(), "arxiv": set()}
    drafts = [_draft(rng, vocab, weeks, seen) for _ in range(n)]
    for d in drafts:
        d.lists = _choose_lists(rng, d, list(vocab.lists))
    _assign_entries(rng, drafts, list(vocab.lists))
    order = {m.id: i for i, m in enumerate(vocab.lists)}
    papers = [
        Paper(
            slug=d.slug,
            title=d.title,
            abstract=d.abstract,
            arxiv=d.arxiv,
            category=d.category,
            week=d.week,
            added=d.added,
            tags=d.tags,
            authors=d.authors,
            year=d.year,
            links=d.links,
            notes=d.notes,
            lists=tuple(sorted(d.entries, key=lambda e: order[e.list])),
        )
        for d in drafts
    ]
    return sorted(papers, key=lambda p: p.slug)


def copy_skeleton(dest: Path, *, papers: bool = False) -> Path:
    """What a build needs from the real project (the plugin is installed): mkdocs.yml, overrides/, content/,
    and an empty docs/ (MkDocs requires docs_dir to exist; the plugin adds every page in memory)."""
    dest.mkdir(parents=True, exist_ok=True)
    (dest / "docs").mkdir(exist_ok=True)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    shutil.rmtree(dest / "overrides", ignore_errors=True)
    shutil.copytree(ROOT / "overrides", dest / "overrides")
    content = dest / "content"
    shutil.rmtree(content, ignore_errors=True)
    content.mkdir()
    for name in VOCAB_FILES:
        shutil.copy(ROOT / "content" / name, content / name)
    shutil.copytree(ROOT / "content" / "lists", content / "lists")
    if papers:
        shutil.copytree(ROOT / "content" / "papers", content / "papers")
    else:
        (content / "papers").mkdir()
    return dest


def source_text(meta: PaperList, papers: list[Paper], vocab: Vocabulary) -> str:
    """The source list file that holds exactly the papers' entries in `meta`, in the list's own format, so the
    synthetic project is consistent: `import` is a no-op and `check` passes on it."""
    entries = sorted(
        ((e, p) for p in papers for e in p.lists if e.list == meta.id),
        key=lambda ep: (ep[0].week or dt.date.min, ep[0].rank),
    )
    if meta.format == "weekly-table":
        names = {c.code: c.name for c in vocab.categories}
        rows = ["| Week | title | category | abstract | Paper-Link |", "|:---|:---|:---|:---|:---|"]
        rows += [
            f"| {e.week} | {p.title} | {names[p.category or '']} | {p.abstract} | https://arxiv.org/abs/{p.arxiv} |"
            for e, p in entries
        ]
        return "\n".join(rows) + "\n"
    if meta.format == "trending":
        return "new\n\n" + "".join(f"{p.title}\n\n{p.abstract}\n\n" for _, p in entries)
    blocks = [f"{e.rank}. {p.title}\n\n{e.citations or 0} citations\n\n{p.abstract}\n" for e, p in entries]
    return f"{meta.title}\n\n" + "\n".join(blocks)


def make_project(dest: Path, n: int, seed: int = 0) -> Path:
    """A complete, consistent project at `dest`: `n` synthetic papers in content/papers/, source lists that hold
    exactly their list entries, every paper URL registered."""
    copy_skeleton(dest)
    content = dest / "content"
    vocab = Vocabulary.load(content)
    papers = make_papers(vocab, n, seed)
    for paper in papers:
        (content / "papers" / f"{paper.slug}.md").write_bytes(dump_paper(paper).encode("utf-8"))
    for meta in vocab.lists:
        (content / "lists" / meta.source).write_text(source_text(meta, papers, vocab), "utf-8")
    (content / "permalinks.txt").write_text("".join(sorted(f"{p.url}\n" for p in papers)), "utf-8")
    return dest


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=__doc__.split("\n\n")[0])
    parser.add_argument("dest", type=Path, help="project folder to create (its content/ is replaced)")
    parser.add_argument("--n", type=int, default=2000, help="number of papers (default 2000)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    ns = parser.parse_args(argv)
    make_project(ns.dest, ns.n, ns.seed)
    print(f"{ns.n} synthetic papers in {ns.dest / 'content' / 'papers'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
