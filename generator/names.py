"""Names and identity keys: one home for every rule about what a name may be.

A paper is the same paper as another when they share an identity key (its arXiv
id without version, else its normalised title). Slugs, tag ids, list ids and
category codes become folders and URLs, so the rules that keep them inside their
folder (`pathish`, `name_problem`) live here too, with `slugify`, which makes a
readable ASCII slug from a title in any script.
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

SLUG_MAX = 80
NAME_MAX = 80
NAME_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_RE = NAME_RE
NAME_FIX = "use lowercase letters, digits and single '-' between words"
# Names a generated page or folder already uses, and Windows device names (`con.md` cannot exist there).
RESERVED_NAMES = frozenset(
    {"index", "assets", "search", "404", "sitemap", "stylesheets", "javascripts", "con", "prn", "aux", "nul"}
    | {"page"}  # `<kind>/page/N/`: the further pages of an overview or a split term (urls.paged)
    | {f"{dev}{n}" for dev in ("com", "lpt") for n in range(10)}
)
# File extensions a generated file carries: a category code `index.html` would be a path, not a folder.
FILE_SUFFIXES = frozenset({"html", "htm", "xml", "json", "txt", "css", "js", "bib", "csv", "md", "gz", "svg", "png"})

# New-style (0704.0001 onwards) and old-style (hep-th/9901001) arXiv identifiers.
ARXIV_NEW = r"\d{4}\.\d{4,5}"
ARXIV_OLD = r"[a-z][a-z.-]*/\d{7}"
ARXIV_ID_RE = re.compile(rf"^(?:{ARXIV_NEW}|{ARXIV_OLD})$")
_ARXIV_ANY = re.compile(
    rf"^(?:arxiv:|https?://(?:www\.|export\.)?arxiv\.org/(?:abs|pdf)/)?"
    rf"(?P<id>{ARXIV_NEW}|{ARXIV_OLD})(?:v\d+)?(?:\.pdf)?/?$",
    re.IGNORECASE,
)


def normalize_arxiv(value: str) -> str | None:
    """Return the bare arXiv id (no version) for any common spelling, or None.

    >>> normalize_arxiv("https://arxiv.org/abs/2303.17564v2")
    '2303.17564'
    """
    m = _ARXIV_ANY.match(value.strip())
    return m.group("id").lower() if m else None


def arxiv_id_problem(arxiv: str) -> str | None:
    """Why a well-formed id cannot exist: arXiv numbers papers by YYMM from 1991 (old style) or 0704 (new)."""
    numbered = re.fullmatch(r"(\d{2})(\d{2})\.(\d+)", arxiv) or re.fullmatch(r"[a-z.-]+/(\d{2})(\d{2})(\d{3})", arxiv)
    if numbered is None:
        return None
    yy, mm, number = numbered.groups()
    if not 1 <= int(mm) <= 12:
        return f"month {mm} does not exist (arXiv ids start with YYMM)"
    if "." in arxiv and (yy, mm) < ("07", "04"):
        return "new-style ids (YYMM.NNNNN) start in April 2007"
    if "." in arxiv and (int(yy), int(mm)) < (15, 1) and len(number) == 5:
        return "five-digit numbers start in January 2015"
    if "." in arxiv and (int(yy), int(mm)) >= (15, 1) and len(number) == 4:
        return "ids from 2015 on have five digits after the dot"
    return None


def normalize_title(title: str) -> str:
    """Identity form of a title: NFKC, case-folded, punctuation and spacing folded."""
    text = unicodedata.normalize("NFKC", title).casefold()
    text = "".join(ch if ch.isalnum() else " " for ch in text)
    return " ".join(text.split())


def author_key(name: str) -> str:
    """Identity form of a person's name: two spellings with the same key are one author.

    Conservative on purpose: the whole name must match after folding accents (NFKD, and Latin
    letters NFKD leaves whole: ł ø ß æ), case and punctuation ("Piotr Dollár" = "piotr dollar",
    "Steven C.H. Hoi" = "Steven C. H. Hoi", "Jean-Baptiste" = "Jean Baptiste"). Initials are never
    expanded ("A. Vaswani" is not "Ashish Vaswani"), different given names never merge, and other
    scripts are compared as written (transliteration would merge different people).

    >>> author_key("Piotr Dollár") == author_key("PIOTR DOLLAR")
    True
    """
    folded = []
    for ch in unicodedata.normalize("NFKD", name):
        if unicodedata.combining(ch):
            continue
        if not ch.isascii() and "LATIN" in unicodedata.name(ch, ""):
            ch = anyascii(ch)
        folded.append(ch)
    text = "".join(folded).casefold()
    key = " ".join("".join(ch if ch.isalnum() else " " for ch in text).split())
    return key or " ".join(name.casefold().split())


def arxiv_key(arxiv: str) -> str:
    """The identity key of an arXiv id (bare, no version)."""
    return f"arxiv:{arxiv}"


def title_key(title: str) -> str:
    """The identity key of a title (see `normalize_title`)."""
    return f"title:{normalize_title(title)}"


def paper_keys(title: str, arxiv: str | None) -> list[str]:
    """Every identity key of a paper, strongest first: two papers sharing one are the same paper."""
    return [arxiv_key(arxiv), title_key(title)] if arxiv else [title_key(title)]


def transliterate(text: str) -> str:
    """ASCII letters for any script: Latin loses its accents, other alphabets are romanised letter by letter
    (Внимание -> Vnimanie), and each wide character (Chinese, Japanese, Korean) becomes a word of its own."""
    out = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isascii():
            out.append(ch)
            continue
        latin = unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode() or anyascii(ch)
        out.append(f" {latin} " if unicodedata.east_asian_width(ch) in ("W", "F") else latin)
    return "".join(out)


def slugify(title: str, max_len: int = SLUG_MAX) -> str:
    """A readable `[a-z0-9-]` slug of at most `max_len` characters, cut at a word, for a title in any script."""
    words = re.findall(r"[a-z0-9]+", transliterate(title).lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    return slug or (words[0][:max_len] if words else "")


def pathish(value: str) -> str | None:
    """Why `value` could leave its folder or name another path once it is a URL or a file name."""
    low = value.casefold()
    for needle in ("..", "/", "\\", "%2e", "%2f", "%5c", "%00"):
        if needle in low:
            encoded = ", URL-encoded" if needle.startswith("%") else ""
            return f"contains {needle!r}{encoded}"
    if re.match(r"^[a-z]:", low) or value.startswith(("~", ".")):
        return "looks like an absolute or hidden path"
    return None


def name_problem(value: str, what: str, max_len: int = NAME_MAX) -> tuple[str, str] | None:
    """(problem, fix) if `value` cannot safely be a file or URL name, else None."""
    why = pathish(value)
    if why:
        return f"{what} {value[:80]!r} {why}: it would become a path", NAME_FIX
    if len(value) > max_len:
        return f"{what} is {len(value)} characters long; the limit is {max_len}", "shorten it"
    if not NAME_RE.fullmatch(value):
        if NAME_RE.fullmatch(value.lower()):
            return f"{what} {value!r} has uppercase letters", f"use {value.lower()!r}"
        return f"{what} {value[:80]!r} is not a valid name", NAME_FIX
    if value in RESERVED_NAMES:
        return f"{what} {value!r} is a reserved name: a generated page or a Windows device", "choose another name"
    return None


def category_problem(code: str) -> tuple[str, str] | None:
    """(problem, fix) if `code` is not an arXiv-style subject code that is safe as a folder name."""
    fix = "write the arXiv code, e.g. cs.CL"
    why = pathish(code)
    if why:
        return f"category code {code[:80]!r} {why}", fix
    if not re.fullmatch(r"[a-z]+(?:-[a-z]+)*(?:\.[A-Za-z]+(?:-[A-Za-z]+)*)?", code):
        return f"category code {code[:80]!r} is not an arXiv code", fix
    archive, _, subject = code.partition(".")
    if archive in RESERVED_NAMES or subject.casefold() in FILE_SUFFIXES:
        return f"category code {code!r} would name a generated file, not a folder", fix
    return None
