"""Properties: bad paper files give problems, never exceptions; valid papers round-trip; output is escaped."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.content import FIELD_ORDER, dump_paper, parse_paper, read_paper
from generator.model import ListEntry, Paper
from generator.names import RESERVED_NAMES
from generator.pages import abstract_html, env
from generator.yamlio import MARKUP, Problem

SETTINGS = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
FIELDS = [*FIELD_ORDER, "lists", "list", "rank", "citations", "week"]

# ---------------------------------------------------------------- any text: problems, never an exception

tricky = ["yes", "NO", "on", "~", "2023-02-30", "1501.0100", "../x", "<script>", "%2e"]
scalars: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(),
    st.text(max_size=30),
    st.dates(),
    st.sampled_from(tricky),
)
values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
front = st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=10), values, max_size=8)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A paper file from random front matter, then damaged: cut, characters inserted, lines repeated or dropped."""
    fm = yaml.safe_dump(draw(front), allow_unicode=draw(st.booleans()), default_flow_style=draw(st.booleans()))
    text = f"---\n{fm}---\n{draw(st.text(max_size=200))}\n"
    for _ in range(draw(st.integers(0, 3))):
        op = draw(st.sampled_from(["cut", "insert", "repeat", "drop"]))
        lines = text.split("\n")
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        if op == "cut":
            text = text[: draw(st.integers(0, len(text)))]
        elif op == "insert":
            at = draw(st.integers(0, len(text)))
            junk = st.sampled_from(
                ["&a ", "*a", "!!python/object ", "\x00", "\ufeff", "\u202e", ": ", "- ", "\t", "---"]
            )
            text = text[:at] + draw(junk | st.text(max_size=5)) + text[at:]
        elif op == "repeat":
            text = "\n".join(lines[: i + 1] + lines[i:])
        else:
            text = "\n".join(lines[:i] + lines[i + 1 :])
    return text


def well_formed(problems: list[Problem], text: str) -> None:
    for p in problems:
        assert isinstance(p, Problem)
        assert 1 <= p.line <= text.count("\n") + 1, p  # a line of the file
        assert p.field and p.message and p.fix
        str(p).encode("utf-8")  # printable as it is
        p.github().encode("utf-8")


@SETTINGS
@given(mutated())
def test_random_files_give_problems_not_exceptions(text: str) -> None:
    paper, problems = parse_paper(text, "content/papers/x.md", "x")
    assert (paper is None) == bool(problems)
    well_formed(problems, text.replace("\r\n", "\n"))


@SETTINGS
@given(st.binary(max_size=400) | mutated().map(lambda t: t.encode("utf-8", "surrogatepass")), st.integers(0, 400))
def test_random_bytes_on_disk_give_problems_not_exceptions(tmp_path_factory, data: bytes, at: int) -> None:
    data = data[:at] + b"\xff\xc3" + data[at:] if at % 3 == 0 else data
    path = tmp_path_factory.mktemp("bytes") / "x.md"
    path.write_bytes(data)
    paper, problems = read_paper(path)
    assert (paper is None) == bool(problems)
    well_formed(problems, data.decode("utf-8", "replace").replace("\r\n", "\n"))


# ---------------------------------------------------------------- valid papers round-trip

HIDDEN: tuple[Any, ...] = ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")
plain = st.characters(blacklist_categories=HIDDEN)


def clean(text: str) -> bool:
    return not MARKUP.search(text)


line = st.text(plain, min_size=1, max_size=120).filter(lambda t: clean(t) and any(c.isalnum() for c in t))
names = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True).filter(lambda s: s not in RESERVED_NAMES)
paragraphs = st.lists(
    st.text(st.characters(blacklist_categories=HIDDEN, blacklist_characters="\n"), max_size=80), max_size=4
)
dates = st.dates(dt.date(1990, 1, 1), dt.date(2100, 12, 31))
arxiv = st.from_regex(r"[0-9]{4}\.[0-9]{4,5}|[a-z][a-z-]{0,6}/[0-9]{7}", fullmatch=True)
urls = st.from_regex(r"https?://[a-z0-9.-]{1,20}(/[A-Za-z0-9._~%!$&'()*+,;=:@/?#-]{0,30})?", fullmatch=True)
entries = st.builds(
    ListEntry,
    list=names,
    rank=st.integers(1, 10**6),
    citations=st.none() | st.integers(0, 10**7),
    week=st.none() | dates,
)


@st.composite
def papers(draw: st.DrawFn) -> Paper:
    slug = draw(names)
    abstract = "\n\n".join(draw(paragraphs)).strip()
    notes = draw(st.none() | st.text(plain | st.just("\n"), min_size=1, max_size=200).filter(clean))
    return Paper(
        slug=slug,
        title=draw(line),
        abstract=abstract if clean(abstract) else "",
        arxiv=draw(st.none() | arxiv),
        category=draw(st.none() | st.from_regex(r"[a-z-]{1,6}(\.[A-Za-z-]{1,4})?", fullmatch=True)),
        week=draw(st.none() | dates),
        added=draw(dates),
        tags=tuple(draw(st.lists(names, min_size=1, max_size=5, unique=True))),
        authors=tuple(draw(st.lists(line, max_size=5))),
        year=draw(st.none() | st.integers(1900, 2100)),
        links=tuple(sorted(draw(st.dictionaries(names, urls, max_size=3)).items())),
        notes=notes,
        aliases=tuple(draw(st.lists(names.filter(lambda a: a != slug), max_size=3, unique=True))),
        lists=tuple(draw(st.lists(entries, max_size=4))),
    )


@SETTINGS
@given(papers())
def test_valid_papers_round_trip(paper: Paper) -> None:
    text = dump_paper(paper)
    again, problems = parse_paper(text, f"content/papers/{paper.slug}.md", paper.slug)
    assert problems == []
    assert again == paper
    assert dump_paper(again) == text  # and the text is canonical


# ---------------------------------------------------------------- what reaches a page is escaped

hostile = st.sampled_from(
    ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "javascript:alert(1)", '"><svg/onload=x>', "$<b>$"]
)
EMITTED = re.compile(r'</?p>|<span class="arithmatex">|</span>')


@SETTINGS
@given(st.lists(hostile | st.text(max_size=40) | st.sampled_from(["$x<y$", "$", "\n\n", "<", ">", "&"]), max_size=8))
def test_abstract_html_emits_no_markup_of_its_own_making(pieces: list[str]) -> None:
    html = str(abstract_html("".join(pieces)))
    rest = EMITTED.sub("", html)
    assert "<" not in rest and ">" not in rest, html


@SETTINGS
@given(st.lists(hostile | st.text(max_size=40), min_size=1, max_size=4).map("".join))
def test_titles_are_escaped_by_the_page_templates(title: str) -> None:
    out = env().from_string('<h1>{{ title }}</h1><a title="{{ title }}">x</a>').render(title=title)
    inner = out.removeprefix("<h1>").split("</h1>")[0]
    assert "<" not in inner and ">" not in inner
    assert '"' not in out.split('title="', 1)[1].split('">x</a>')[0]


def test_hidden_categories_cover_bidi_and_zero_width() -> None:
    assert all(unicodedata.category(ch) in HIDDEN for ch in "\u200b\u202e\u2066\ufeff\u2028")


def test_the_strategy_papers_use_real_paths(tmp_path: Path) -> None:
    paper = Paper(slug="x", title="T", added=dt.date(2026, 1, 1), tags=("llm",))
    (tmp_path / "x.md").write_text(dump_paper(paper), "utf-8")
    assert read_paper(tmp_path / "x.md") == (paper, [])
