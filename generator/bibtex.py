"""BibTeX entries for papers: one `@misc` per paper, keyed by its permanent slug.

Every value is written inside braces and escaped so that neither BibTeX, LaTeX nor
a BibTeX parser can be tricked into ending the value, the entry or the line early:
control characters and newlines become spaces, LaTeX specials become commands with
balanced braces (`\\textbraceleft{}` rather than `\\{`, which BibTeX counts as a brace),
and balanced `$...$` math spans in titles are kept as written when they are harmless.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from urllib.parse import quote, urlsplit

from . import urls
from .model import Paper
from .names import ARXIV_ID_RE, SLUG_RE

_ESCAPES = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
}
_SPECIALS = re.compile("[" + re.escape("".join(_ESCAPES)) + "]")
# A math span, by pandoc's rule: `$` then non-space ... non-space then `$` not followed by a digit
# (so "$5 and $10" is not math). Kept only if `_safe_math` agrees.
_MATH = re.compile(r"\$(?=\S)([^$]*?\S)\$(?!\d)")
# Math may only use plain symbols and a few harmless commands (no `\input`, `\end`, ...).
_MATH_BODY = re.compile(r"(?:[A-Za-z0-9 +\-*/=<>()\[\].,;:'!|^_{}]|\\[A-Za-z]+|\\[,;! ])+")
_MATH_COMMAND_NAMES = """
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi rho sigma tau
upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Phi Psi Omega times cdot cdots ldots
dots leq geq le ge neq approx sim propto pm mp infty to rightarrow leftarrow mapsto in notin subset subseteq
cup cap ell partial nabla sum prod int log exp sqrt frac mathcal mathbb mathbf mathrm boldsymbol star ast circ
prime top mid vert langle rangle left right
"""
_MATH_COMMANDS = frozenset(_MATH_COMMAND_NAMES.split())
_CATEGORY = re.compile(r"^[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?$")
_AND = re.compile(r"\band\b", re.IGNORECASE)
# Characters kept as they are in URLs; everything else is percent-encoded.
_URL_SAFE = "-._~:/?#[]!$&'()*+,;=%"


def clean_text(value: str) -> str:
    """Single-line text: control/format characters and all whitespace runs become one space."""
    if value.isprintable():
        return " ".join(value.split())
    chars = (" " if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Zl", "Zp") else ch for ch in value)
    return " ".join("".join(chars).split())


def _escape(text: str) -> str:
    return _SPECIALS.sub(lambda m: _ESCAPES[m.group(0)], text)


def latex_escape(text: str) -> str:
    """Escape the characters BibTeX or LaTeX would misread (`& % $ # _ { } ~ ^ \\`)."""
    return _escape(clean_text(text))


def _braces_balanced(text: str) -> bool:
    depth = 0
    for ch in text:  # BibTeX counts every brace, escaped or not.
        depth += 1 if ch == "{" else -1 if ch == "}" else 0
        if depth < 0:
            return False
    return depth == 0


def _safe_math(body: str) -> bool:
    return (
        body.strip() != ""
        and not body.endswith("\\")
        and _MATH_BODY.fullmatch(body) is not None
        and all(cmd in _MATH_COMMANDS for cmd in re.findall(r"\\([A-Za-z]+)", body))
        and _braces_balanced(body)
    )


def escape_title(title: str) -> str:
    """Like `latex_escape`, but balanced, harmless `$...$` math spans are kept intact."""
    text = clean_text(title)
    if text.count("$") % 2:
        return _escape(text)
    out: list[str] = []
    pos = 0
    for m in _MATH.finditer(text):
        if not _safe_math(m.group(1)):
            continue
        out.append(_escape(text[pos : m.start()]))
        out.append(m.group(0))
        pos = m.end()
    out.append(_escape(text[pos:]))
    return "".join(out)


def _escape_name(name: str) -> str:
    escaped = latex_escape(name)
    # A literal "and" inside one name would split it in two: protect the whole name.
    return f"{{{escaped}}}" if _AND.search(escaped) else escaped


def bibtex_key(paper: Paper) -> str:
    """The citation key: the paper's slug (unique and permanent, so stable across builds)."""
    if not SLUG_RE.match(paper.slug):
        raise ValueError(f"slug {paper.slug!r} is not a valid BibTeX key ([a-z0-9-] expected)")
    return paper.slug


def arxiv_year(arxiv: str | None) -> int | None:
    """The submission year encoded in an arXiv id (`2307.09288` -> 2023, `hep-th/9901001` -> 1999)."""
    if not arxiv or not ARXIV_ID_RE.match(arxiv):
        return None
    yy = int(arxiv.rsplit("/", 1)[-1][:2])
    if "/" in arxiv:  # old style ids ran from 1991 to 2007
        return 1900 + yy if yy >= 91 else 2000 + yy
    return 2000 + yy


def _primary_class(paper: Paper) -> str | None:
    if paper.category and _CATEGORY.match(paper.category):
        return paper.category
    if paper.arxiv and "/" in paper.arxiv:  # old-style ids name their archive
        archive = paper.arxiv.split("/", 1)[0]
        return archive if _CATEGORY.match(archive) else None
    return None


def safe_url(url: str) -> str:
    """An absolute http(s) URL with every character that could end a value percent-encoded."""
    url = url.strip()
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise ValueError(f"not an http(s) URL: {url!r}")
    return quote(url, safe=_URL_SAFE)


@lru_cache(maxsize=100_000)  # the same entry lands on the paper page, its .bib and every bundle it is in
def bibtex_entry(paper: Paper, url: str | None = None, *, note: str | None = None) -> str:
    """One entry that cites the paper: `@article` with its venue as `journal` when one is known, else `@misc`;
    its `url` is the arXiv page when there is an id, else `url` (e.g. the paper's page on this site)."""
    arxiv = paper.arxiv if paper.arxiv and ARXIV_ID_RE.match(paper.arxiv) else None
    link = urls.arxiv_abs(arxiv) if arxiv else url
    year = paper.year if paper.year is not None else arxiv_year(arxiv)
    names = [n for n in (_escape_name(a) for a in paper.authors) if n]
    fields: list[tuple[str, str]] = [("title", f"{{{escape_title(paper.title)}}}")]
    if names:
        fields.append(("author", " and ".join(names)))
    if year is not None:
        fields.append(("year", str(int(year))))
    venue = clean_text(paper.venue) if paper.venue else ""
    if venue:
        fields.append(("journal", latex_escape(venue)))
    if arxiv:
        fields += [("eprint", arxiv), ("archivePrefix", "arXiv")]
        primary = _primary_class(paper)
        if primary:
            fields.append(("primaryClass", primary))
    if link:
        link = safe_url(link)
        if not arxiv:
            fields.append(("howpublished", f"\\url{{{link}}}"))
        fields.append(("url", link))
    if note and clean_text(note):
        fields.append(("note", latex_escape(note)))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@{'article' if venue else 'misc'}{{{bibtex_key(paper)},\n{body}\n}}\n"


def bibtex_bundle(papers: Iterable[Paper], url_for: dict[str, str] | None = None) -> str:
    """All entries, sorted by key and separated by blank lines (`url_for`: slug -> URL)."""
    urls = url_for or {}
    ordered = sorted(papers, key=bibtex_key)
    return "\n".join(bibtex_entry(p, urls.get(p.slug)) for p in ordered)
