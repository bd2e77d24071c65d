"""The tag rules of content/tags.yml, measured against papers labelled by hand (tests/data/tag_labels.yml).

The labels say which tags truly apply to a paper, decided from its title and abstract against the tag
descriptions. The rules are what `import` and `add` use to tag a new paper, so they have to be precise:
at least 90 % of the tags they assign to the labelled papers must be in the labels. Recall is reported,
not enforced. The labelled papers' own files carry exactly their labels (a curated sample, not rule output).
Run with `-s` to see the figures.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
import yaml

from generator.content import read_paper
from generator.model import Paper
from generator.vocab import Vocabulary, assign_tags
from tests.conftest import LIVE_CONTENT, ROOT

LABELS = ROOT / "tests" / "data" / "tag_labels.yml"
MIN_PRECISION = 0.90
MIN_SAMPLE = 60


@dataclass(frozen=True)
class Label:
    slug: str
    tags: frozenset[str]
    why: str


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return Vocabulary.load(LIVE_CONTENT)


@pytest.fixture(scope="module")
def labels() -> list[Label]:
    data = yaml.safe_load(LABELS.read_text("utf-8"))
    return [Label(d["slug"], frozenset(d["tags"]), d["why"]) for d in data]


def paper(slug: str) -> Paper:
    found, problems = read_paper(LIVE_CONTENT / "papers" / f"{slug}.md")
    assert found is not None, problems
    return found


def test_labels_are_a_valid_sample(labels: list[Label], vocab: Vocabulary) -> None:
    ids = {t.id for t in vocab.tags}
    slugs = [lab.slug for lab in labels]
    assert len(labels) >= MIN_SAMPLE
    assert len(slugs) == len(set(slugs)), "a paper is labelled twice"
    for lab in labels:
        assert (LIVE_CONTENT / "papers" / f"{lab.slug}.md").is_file(), lab.slug
        assert lab.tags and lab.tags <= ids, (lab.slug, sorted(lab.tags - ids))
        assert "uncategorised" not in lab.tags and lab.why.strip(), lab.slug


def test_rules_are_precise_on_the_labelled_sample(labels: list[Label], vocab: Vocabulary) -> None:
    hits = assigned = wanted = 0
    wrong: list[str] = []
    for lab in labels:
        p = paper(lab.slug)
        got = set(assign_tags(vocab.tags, p.title, p.abstract)) or {"uncategorised"}
        hits += len(got & lab.tags)
        assigned += len(got)
        wanted += len(lab.tags)
        wrong += [f"{lab.slug}: {tag}" for tag in sorted(got - lab.tags)]
    precision, recall = hits / assigned, hits / wanted
    figures = (
        f"tag rules on {len(labels)} hand-labelled papers: precision {precision:.3f} ({hits}/{assigned}), "
        f"recall {recall:.3f} ({hits}/{wanted})"
    )
    print(f"\n{figures}")
    assert precision >= MIN_PRECISION, f"{figures}; tags assigned but not in the labels:\n" + "\n".join(wrong)


def test_labelled_papers_carry_exactly_their_labels(labels: list[Label]) -> None:
    differ = []
    for lab in labels:
        tags = paper(lab.slug).tags
        if set(tags) != lab.tags or len(tags) != len(set(tags)):
            differ.append(f"{lab.slug}: file has {list(tags)}, label is {sorted(lab.tags)}")
    assert differ == [], "\n".join(differ)


def test_labels_file_says_how_it_was_made() -> None:
    head = LABELS.read_text("utf-8").split("\n- ", 1)[0]
    assert "by hand" in head and "title and abstract" in head and "descriptions" in head
