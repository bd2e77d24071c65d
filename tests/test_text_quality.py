"""Abstracts in content/papers are clean text: no damage inherited from the source lists.

arXiv replaces the links in an abstract by "this https URL" / "this http URL"; a mirror of the Hugging Face
pages rewrote its name and links; TeX lost its `$` or backslashes on the way. The paper files carry the
repaired text (the source lists in content/lists stay verbatim), and these invariants keep it that way.
"""

from __future__ import annotations

import re

import pytest

from generator.content import read_paper
from generator.model import Paper
from tests.conftest import LIVE_CONTENT

PLACEHOLDER = re.compile(r"this\s+https?\s*URL", re.I)
MIRROR = re.compile(r"huggingface\.host|hf-mirror|镜像")  # the mirror's rewritten links and name of Hugging Face
DOLLAR = re.compile(r"(?<!\\)\$")  # a math delimiter; a literal dollar is written \$


def papers() -> list[Paper]:
    found = []
    for path in sorted((LIVE_CONTENT / "papers").glob("*.md")):
        paper, problems = read_paper(path)
        assert paper is not None, problems
        found.append(paper)
    return found


def paragraphs(text: str) -> list[str]:
    return [p for p in re.split(r"\n\s*\n", text) if p.strip()]


def unbalanced(text: str) -> list[str]:
    """The paragraphs of `text` with an odd number of unescaped `$`: a math span that never closes."""
    return [p for p in paragraphs(text) if len(DOLLAR.findall(p)) % 2]


@pytest.mark.parametrize(
    ("text", "bad"),
    [
        ("FID on ImageNet 128$\\times$128.", False),
        ("It costs \\$5, not $x^2$.", False),
        ("First $a$ paragraph.\n\nSecond $b$ one.", False),
        ("fine-tuning of $textbf{specialist} and textbf{generalist} models", True),
        ("less than $0.003 per annotation", True),
        ("one $a$ here\n\nand a lone $ there", True),
    ],
)
def test_unbalanced_finds_open_math(text: str, bad: bool) -> None:
    assert bool(unbalanced(text)) is bad


def test_no_abstract_keeps_an_arxiv_link_placeholder() -> None:
    found = [f"{p.slug}: ...{p.abstract[max(0, m.start() - 40) : m.end() + 10]}..." for p in papers() for m in
             PLACEHOLDER.finditer(p.abstract)]  # fmt: skip
    assert found == [], "write the link (see the paper's arXiv page or links.code), else '(link in the paper)':\n" + (
        "\n".join(found)
    )


def test_no_abstract_keeps_the_mirror_rewrites() -> None:
    found = [f"{p.slug}: {m.group()!r}" for p in papers() for m in MIRROR.finditer(p.abstract)]
    assert found == [], "write Hugging Face and huggingface.co:\n" + "\n".join(found)


def test_every_math_span_is_closed() -> None:
    found = [f"{p.slug}: {para[:120]}..." for p in papers() for para in unbalanced(p.abstract)]
    assert found == [], "balance each $...$ (a literal dollar is \\$ or USD):\n" + "\n".join(found)
