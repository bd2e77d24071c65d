from __future__ import annotations

import dataclasses
import re
from functools import cache

import bibtexparser
import pytest

from generator.bibtex import _ESCAPES, bibtex_bundle, bibtex_entry, bibtex_key, clean_text, escape_title
from generator.corpus import Corpus
from generator.model import Paper
from generator.vocab import Vocabulary
from tests.conftest import FIXTURE_CONTENT, FIXTURE_PAPERS

_UNESCAPE = {v: k for k, v in _ESCAPES.items()}
_ESCAPED = re.compile("|".join(re.escape(v) for v in sorted(_UNESCAPE, key=len, reverse=True)))


@cache
def fixture_papers() -> tuple[Paper, ...]:
    """The fixture project's papers (tests/fixture): with and without arXiv id, accented authors, a note."""
    return tuple(Corpus.load(FIXTURE_CONTENT, Vocabulary.load(FIXTURE_CONTENT)).papers)


def unescape(value: str) -> str:
    return _ESCAPED.sub(lambda m: _UNESCAPE[m.group(0)], value)


def parse_one(text: str) -> dict[str, str]:
    lib = bibtexparser.parse_string(text)
    assert lib.failed_blocks == []
    assert len(lib.entries) == 1, text
    entry = lib.entries[0]
    assert entry.entry_type in ("misc", "article")
    return {"key": entry.key, **{f.key: f.value for f in entry.fields}}


def title_of(fields: dict[str, str]) -> str:
    value = fields["title"]
    assert value.startswith("{") and value.endswith("}")  # double-braced: capitalisation kept
    return unescape(value[1:-1])


def test_every_fixture_paper_round_trips() -> None:
    papers = fixture_papers()
    assert len(papers) == FIXTURE_PAPERS
    for paper in papers:
        fields = parse_one(bibtex_entry(paper))
        assert fields["key"] == paper.slug == bibtex_key(paper)
        assert title_of(fields) == clean_text(paper.title)
        if paper.arxiv:
            assert fields["eprint"] == paper.arxiv
            assert fields["archivePrefix"] == "arXiv"
            assert fields["url"] == f"https://arxiv.org/abs/{paper.arxiv}"
            assert fields["year"] == f"20{paper.arxiv[:2]}"
            if paper.category:
                assert fields["primaryClass"] == paper.category
        else:
            assert "eprint" not in fields and "url" not in fields
        if paper.authors:
            assert fields["author"] == " and ".join(paper.authors)
    without = [p for p in papers if not p.arxiv]
    assert len(without) == 11 and any(p.year == 2020 for p in without)  # FlauBERT: the year from the file


def test_bundle_parses_to_all_entries_sorted() -> None:
    papers = fixture_papers()
    bundle = bibtex_bundle(reversed(papers))
    assert bundle == bibtex_bundle(papers)
    lib = bibtexparser.parse_string(bundle)
    assert lib.failed_blocks == []
    keys = [e.key for e in lib.entries]
    assert len(keys) == len(papers) == len(set(keys))
    assert keys == sorted(keys)
    assert "}\n\n@misc{" in bundle


def test_entry_fields_and_layout() -> None:
    paper = Paper(
        slug="llama-2",
        title="Llama 2: Open Foundation & Fine-Tuned Chat Models",
        arxiv="2307.09288",
        category="cs.CL",
        authors=("Hugo Touvron", "Louis Martin", "Barnes and Noble"),
    )
    text = bibtex_entry(paper, note="50% off")
    assert text == (
        "@misc{llama-2,\n"
        "  title = {{Llama 2: Open Foundation \\& Fine-Tuned Chat Models}},\n"
        "  author = {Hugo Touvron and Louis Martin and {Barnes and Noble}},\n"
        "  year = {2023},\n"
        "  eprint = {2307.09288},\n"
        "  archivePrefix = {arXiv},\n"
        "  primaryClass = {cs.CL},\n"
        "  url = {https://arxiv.org/abs/2307.09288},\n"
        "  note = {50\\% off}\n"
        "}\n"
    )
    assert parse_one(text)["author"] == "Hugo Touvron and Louis Martin and {Barnes and Noble}"


def test_without_arxiv() -> None:
    bare = Paper(slug="untitled", title="Untitled")
    assert parse_one(bibtex_entry(bare)).keys() == {"key", "title"}
    fields = parse_one(bibtex_entry(Paper(slug="x", title="X", year=2019), "https://ex.org/a b{c}"))
    assert fields["year"] == "2019"
    assert fields["url"] == "https://ex.org/a%20b%7Bc%7D"
    assert fields["howpublished"] == "\\url{https://ex.org/a%20b%7Bc%7D}"
    with pytest.raises(ValueError):
        bibtex_entry(bare, "javascript:alert(1)")
    with pytest.raises(ValueError):
        bibtex_key(Paper(slug="bad,key}", title="t"))


def test_year_sources() -> None:
    assert "year = {2021}" in bibtex_entry(Paper(slug="a", title="t", arxiv="2307.09288", year=2021))
    old = bibtex_entry(Paper(slug="a", title="t", arxiv="hep-th/9901001"))
    assert "year = {1999}" in old and "primaryClass = {hep-th}" in old


def test_math_spans() -> None:
    assert escape_title("What Makes Good In-Context Examples for GPT-$3$?") == (
        "What Makes Good In-Context Examples for GPT-$3$?"
    )
    assert escape_title("Train It with $100K Budget") == "Train It with \\$100K Budget"
    assert escape_title("$\\alpha$-Nets and $O(n^{2})$") == "$\\alpha$-Nets and $O(n^{2})$"
    assert escape_title("From $5 to $10, or $x$") == "From \\$5 to \\$10, or $x$"
    assert escape_title("VILA^2") == "VILA\\textasciicircum{}2"
    # Unbalanced braces and arbitrary commands inside `$...$` are escaped as text.
    assert escape_title("$}$ $\\input{x}$") == (
        "\\$\\textbraceright{}\\$ \\$\\textbackslash{}input\\textbraceleft{}x\\textbraceright{}\\$"
    )


HOSTILE = [
    "}",
    "{",
    "}}, author = {x",
    "@misc{x,",
    "\n@misc{evil, title={x}}\n",
    "\\end{document}",
    "100% sure % comment",
    '"quoted" title "',
    "<script>alert(1)</script>",
    "tab\tnew\nline\r\x00\x1b[31m\u2028end",
    "a $b} c$ d",
    "\\",
    "~^_#&$",
]


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_titles_stay_inside_their_braces(title: str) -> None:
    paper = Paper(slug="hostile", title=title, authors=(title, "Ok Author"), arxiv="2401.00001")
    text = bibtex_entry(paper, note=title)
    assert text.count("\n") == 9  # one line per field: nothing spilled onto a new line
    fields = parse_one(text)
    assert fields["key"] == "hostile"
    assert fields["eprint"] == "2401.00001"
    assert title_of(fields) == clean_text(title)
    bundle = bibtex_bundle([paper, Paper(slug="after", title=title)])
    lib = bibtexparser.parse_string(bundle)
    assert lib.failed_blocks == []
    assert [e.key for e in lib.entries] == ["after", "hostile"]


def test_a_known_venue_makes_an_article_that_cites_the_paper_itself() -> None:
    paper = Paper(
        slug="dpo", title="DPO", arxiv="2305.18290", year=2023, authors=("R. Rafailov",), venue="NeurIPS 2023"
    )
    text = bibtex_entry(paper, "https://reading-list.example/papers/dpo/")
    assert text.startswith("@article{")
    fields = parse_one(text)
    assert fields["journal"] == "NeurIPS 2023"
    assert fields["url"] == "https://arxiv.org/abs/2305.18290"  # the paper, not the reading list's page
    assert bibtex_entry(dataclasses.replace(paper, venue=None)).startswith("@misc{")
