"""The reading list's own search index, built at build time and loaded by the browser only when a reader
opens search (focus, click, a shortcut, or a `?search=` URL).

Why not Material's search: it downloads `search/search_index.json` (the pages' whole text) on every
page view and builds a lunr index from it in the browser before its first answer, and lunr's scoring
(BM25 over fields, a huge boost for tag labels) does not rank a paper's own name first. Why not a
prebuilt lunr index (the `lunr` package): measured in bench/SEARCH.md, it is 3-5x larger than this one,
slower to load on a phone-class CPU, and its scores still need reranking for names.

The index is an inverted index of normalised tokens (the same normalisation as
`assets/javascripts/rl-search-engine.js`, which scores it):

- name fields, with positions: the title, the title's head (before ": "), the arXiv id and every
  common name (`aka`); a name posting records which field, how many content words the field has, and
  which of them the token covers (a bit mask), so the browser can tell "the query *is* this paper's
  name" from "the name starts with the query" from "the title merely contains the words";
- author names (the surname flagged), tag labels and ids, venue/category/list names, abstract and notes.

Papers get document ids in order of prominence (more lists, more citations first): equal scores keep
that order. Index pages (tags, lists, categories) are documents after the papers, matched on their
names only; the browser never ranks them above a paper.

Small sites get one file (`search/index.json`). From `shard_threshold` papers the terms are cut into
range shards of ~`SHARD_BYTES` and the result data into blocks of `DOC_BLOCK` papers: a query loads the
manifest once, then only the term shards of its words and the blocks of its top results.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import Paper
    from .vocab import Vocabulary

FORMAT = 1
INDEX_DIR = "search/rl"  # under the site root
ENTRY = "index.json"  # the manifest (and, below the shard threshold, the whole index)
DEFAULT_SHARD_THRESHOLD = 2000
SHARD_BYTES = 48_000  # target size of one term shard (uncompressed JSON)
DOC_BLOCK = 32  # papers per result-data block in sharded mode
MAX_AUTHORS = 3  # authors kept for display (the count of the rest is kept too)

# Words that need not match (they are scored when they do). Kept short: "all", "you", "need" are content.
STOP_WORDS = frozenset(
    {"a", "an", "and", "are", "as", "at", "be", "by", "for", "from", "in", "into", "is", "it", "its", "of", "on"}
    | {"or", "the", "to", "via", "with"}
)

# name fields (positional)
F_TITLE, F_HEAD, F_ARXIV, F_AKA = 0, 1, 2, 3
MAX_NAME_FIELDS = 16
MASK_BITS = 24  # positions tracked per name field
MAX_LEN = 31
# other fields: bit flags
SURNAME, AUTHOR, TAG, META, TEXT, NAME = 1, 2, 4, 8, 16, 32

_TOKEN = re.compile(r"[0-9]+(?:\.[0-9]+)+|[^\W_]+")
_JOINERS = {"", "-", "'", "\u2019", "\u2010", "\u2011", "/", "+"}  # GPT-4, O'Brien, T5/mT5: also indexed joined
_SHORT = re.compile(r"v?[0-9][0-9.]*")  # "Llama 2", "Gemini 1.5", "Adapter V2": also indexed joined


def normalize(text: str) -> str:
    """NFKD, combining marks dropped, lower case (JS: `normalize("NFKD").replace(/\\p{M}/gu, "").toLowerCase()`)."""
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M")).lower()


def tokens(text: str) -> list[str]:
    """The words of a text as the index and the browser see them: arXiv ids and decimals stay whole."""
    return _TOKEN.findall(normalize(text))


def _spans(text: str) -> list[tuple[str, str]]:
    """(token, the text between it and the previous token)."""
    norm = normalize(text)
    out, end = [], 0
    for m in _TOKEN.finditer(norm):
        out.append((m.group(0), norm[end : m.start()]))
        end = m.end()
    return out


@dataclass(frozen=True)
class NameField:
    """A name's terms, each with the bit mask of the content words it covers (stop words: 0), joined forms
    ("gpt4" of "GPT-4", "llama2" of "Llama 2") included; `length` counts the content words."""

    length: int
    masks: dict[str, int]
    joined: frozenset[str] = frozenset()  # terms that are only joined forms


def _bit(pos: int) -> int:
    return 1 << pos if 0 <= pos < MASK_BITS else 0


def name_field(text: str) -> NameField:
    spans = _spans(text)
    positions: list[int] = []
    n = 0
    for tok, _ in spans:
        if tok in STOP_WORDS and len(spans) > 1:
            positions.append(-1)
        else:
            positions.append(n)
            n += 1
    masks: dict[str, int] = {}
    for (tok, _), pos in zip(spans, positions, strict=True):
        masks[tok] = masks.get(tok, 0) | _bit(pos)
    joined: set[str] = set()
    for i in range(1, len(spans)):
        (prev, _), (tok, gap) = spans[i - 1], spans[i]
        if gap == "" or gap in _JOINERS or (not gap.strip() and _SHORT.fullmatch(tok) is not None):
            term = prev + tok
            if term not in masks:
                joined.add(term)
            masks[term] = masks.get(term, 0) | _bit(positions[i - 1]) | _bit(positions[i])
    return NameField(n, masks, frozenset(joined))


def split_names(names: Iterable[str]) -> list[str]:
    """Common names, with a parenthesised short form as a name of its own: "Constitutional AI (CAI)"."""
    out: list[str] = []
    for name in names:
        m = re.fullmatch(r"\s*(.*?)\s*\(([^()]+)\)\s*", name)
        parts = [m.group(1), m.group(2)] if m and m.group(1) else [name]
        out += [p for p in parts if p.strip() and p not in out]
    return out


def title_head(title: str) -> str | None:
    """The part of a title before its subtitle ("LLaMA" of "LLaMA: Open and Efficient ..."), if any."""
    m = re.match(r"\s*(.+?)\s*(?::|\s[-\u2013\u2014]\s)\s*\S", title)
    return m.group(1) if m and m.group(1) != title else None


def surname(author: str) -> str:
    """The family name as most lists print it: the last word ("Vaswani" of "Ashish Vaswani"), or the part
    before a comma ("Vaswani, Ashish")."""
    if "," in author:
        return author.split(",", 1)[0]
    words = author.split()
    return words[-1] if words else author


@dataclass
class SearchPaper:
    """What the index knows of a paper (built by the caller from `generator.model.Paper`)."""

    url: str
    title: str
    aka: Sequence[str] = ()
    arxiv: str | None = None
    authors: Sequence[str] = ()
    year: int | None = None
    tags: Sequence[str] = ()  # tag ids
    lists: Sequence[str] = ()  # list ids
    venue: str | None = None
    category: str | None = None  # its display name
    text: str = ""  # abstract and notes
    prominence: tuple[int, int] = (0, 0)  # (lists, citations): more first


@dataclass
class SearchTerm:
    """An index page (a tag, list or category) a query may name."""

    url: str
    label: str
    kind: str  # "tag", "list", "category"
    ident: str
    count: int


@dataclass
class _Postings:
    flags: dict[int, int] = field(default_factory=dict)
    names: dict[int, list[int]] = field(default_factory=dict)

    def add(self, doc: int, flag: int) -> None:
        self.flags[doc] = self.flags.get(doc, 0) | flag

    def add_name(self, doc: int, packed: int) -> None:
        self.flags[doc] = self.flags.get(doc, 0) | NAME
        entries = self.names.setdefault(doc, [])
        if packed not in entries:
            entries.append(packed)

    def encode(self) -> list[list[int]]:
        """Two lists by ascending doc: the docs where the term is only in the text (doc deltas), then the
        others as doc delta, flags and, if flags & NAME, the count of name entries and the entries."""
        text: list[int] = []
        rest: list[int] = []
        prev_text = prev = 0
        for doc in sorted(self.flags):
            flags = self.flags[doc]
            if flags == TEXT:
                text.append(doc - prev_text)
                prev_text = doc
                continue
            rest += [doc - prev, flags]
            prev = doc
            if doc in self.names:
                rest.append(len(self.names[doc]))
                rest += sorted(self.names[doc])
        return [text, rest] if rest else [text]


def pack_name(fld: int, length: int, mask: int, joined: bool = False) -> int:
    """One name posting: field, the field's content-word count, whether the term is a joined form
    (then only an exact match counts as naming the field), and the positions the term covers."""
    return ((mask * 2 + joined) * 32 + min(length, MAX_LEN)) * MAX_NAME_FIELDS + fld


class IndexBuilder:
    def __init__(self) -> None:
        self.postings: dict[str, _Postings] = {}

    def _get(self, term: str) -> _Postings:
        found = self.postings.get(term)
        if found is None:
            found = self.postings[term] = _Postings()
        return found

    def add_name(self, doc: int, fld: int, text: str) -> None:
        nf = name_field(text)
        for term, mask in nf.masks.items():
            self._get(term).add_name(doc, pack_name(fld, nf.length, mask, term in nf.joined))

    def add_words(self, doc: int, flag: int, text: str, *, stop: bool = False) -> None:
        postings = self.postings
        for term in set(tokens(text)):  # the hot loop of a large build: each word once per text
            if stop and term in STOP_WORDS:
                continue
            found = postings.get(term)
            if found is None:
                found = postings[term] = _Postings()
            flags = found.flags
            flags[doc] = flags.get(doc, 0) | flag

    def add_joined(self, doc: int, flag: int, text: str) -> None:
        """Words and their joined forms (O'Brien: o, brien, obrien)."""
        for term in name_field(text).masks:
            self._get(term).add(doc, flag)


def _doc_order(papers: Sequence[SearchPaper]) -> list[int]:
    return sorted(range(len(papers)), key=lambda i: (-papers[i].prominence[0], -papers[i].prominence[1], papers[i].url))


@dataclass(frozen=True)
class BuiltIndex:
    files: dict[str, str]  # path under INDEX_DIR -> JSON text
    version: str  # a hash of all files: the browser asks for index.json?v=<version>
    papers: int
    sharded: bool

    @property
    def bytes(self) -> int:
        return sum(len(t.encode("utf-8")) for t in self.files.values())


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def build_index(
    papers: Sequence[SearchPaper],
    terms: Sequence[SearchTerm],
    tag_labels: Mapping[str, str],
    list_titles: Mapping[str, str],
    *,
    sharded: bool = False,
    shard_bytes: int = SHARD_BYTES,
    doc_block: int = DOC_BLOCK,
) -> BuiltIndex:
    """The index files for these papers and index pages (pure: the same input gives the same bytes)."""
    order = _doc_order(papers)
    # tags and lists a paper names that the vocabulary does not (a page rendered without its content file):
    # shown as they are
    tag_labels = {**tag_labels, **{t: t for p in papers for t in p.tags if t not in tag_labels}}
    list_titles = {**list_titles, **{m: m for p in papers for m in p.lists if m not in list_titles}}
    tag_ids = list(tag_labels)
    list_ids = list(list_titles)
    tag_at = {t: i for i, t in enumerate(tag_ids)}
    list_at = {m: i for i, m in enumerate(list_ids)}
    builder = IndexBuilder()
    docs: list[list[object]] = []
    for doc, i in enumerate(order):
        p = papers[i]
        builder.add_name(doc, F_TITLE, p.title)
        head = title_head(p.title)
        if head:
            builder.add_name(doc, F_HEAD, head)
        if p.arxiv:
            builder.add_name(doc, F_ARXIV, p.arxiv)
        names = split_names(p.aka)
        for k, name in enumerate(names[: MAX_NAME_FIELDS - F_AKA]):
            builder.add_name(doc, F_AKA + k, name)
        for author in p.authors:
            builder.add_joined(doc, AUTHOR, author)
            builder.add_joined(doc, SURNAME, surname(author))
        for tag in p.tags:
            builder.add_words(doc, TAG, tag_labels.get(tag, tag))
            builder.add_words(doc, TAG, tag)
        for extra in (p.venue, p.category, *(list_titles.get(m, m) for m in p.lists)):
            if extra:
                builder.add_words(doc, META, extra, stop=True)
        builder.add_words(doc, TEXT, p.text, stop=True)
        authors = list(p.authors[:MAX_AUTHORS])
        docs.append(
            [
                p.url,
                p.title,
                authors,
                len(p.authors) - len(authors),
                p.year or 0,
                [list_at[m] for m in dict.fromkeys(p.lists) if m in list_at],
                [tag_at[t] for t in dict.fromkeys(p.tags) if t in tag_at],
                names,
            ]
        )
    kinds = sorted({t.kind for t in terms})
    for k, page in enumerate(terms):
        doc = len(papers) + k
        builder.add_name(doc, F_TITLE, page.label)
        builder.add_name(doc, F_ARXIV, page.ident)  # its id: "llm", "cs.CL"
        docs.append([page.url, page.label, kinds.index(page.kind), page.count])
    entries = sorted(builder.postings.items())
    encoded = [(t, p.encode()) for t, p in entries]
    manifest: dict[str, object] = {
        "format": FORMAT,
        "papers": len(papers),
        "pages": len(terms),
        "tags": [tag_labels[t] for t in tag_ids],
        "lists": [list_titles[m] for m in list_ids],
        "kinds": kinds,
        "stop": sorted(STOP_WORDS),
    }
    files: dict[str, str] = {}
    if not sharded:
        manifest["terms"] = [t for t, _ in encoded]
        manifest["postings"] = [p for _, p in encoded]
        manifest["docs"] = docs
    else:
        shards: list[list[tuple[str, list[list[int]]]]] = [[]]
        size = 0
        for word, post in encoded:
            cost = len(word) + 4 + len(_json(post))
            if shards[-1] and size + cost > shard_bytes:
                shards.append([])
                size = 0
            shards[-1].append((word, post))
            size += cost
        shard_names = []
        for shard in shards:
            text = _json({"terms": [t for t, _ in shard], "postings": [p for _, p in shard]})
            name = f"t/{_digest(text)}.json"
            files[name] = text
            shard_names.append(name)
        manifest["shards"] = {"first": [s[0][0] for s in shards], "files": shard_names}
        block_names = []
        for start in range(0, len(docs), doc_block):
            text = _json(docs[start : start + doc_block])
            name = f"d/{_digest(text)}.json"
            files[name] = text
            block_names.append(name)
        manifest["blocks"] = {"size": doc_block, "files": block_names}
    files[ENTRY] = _json(manifest)
    version = _digest("".join(files[k] for k in sorted(files)))
    return BuiltIndex(files, version, len(papers), sharded)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass
class SearchSource:
    """What the index is built from: papers by slug, index pages, tag labels and list titles."""

    papers: dict[str, SearchPaper]
    terms: list[SearchTerm]
    tags: dict[str, str]
    lists: dict[str, str]

    def build(
        self, pages: Mapping[str, str] | None = None, served: set[str] | None = None, *, sharded: bool = False
    ) -> BuiltIndex:
        """The index of the papers rendered at `pages` (slug -> the page's URL as MkDocs made it; default:
        every paper at its own URL); index pages only if `served` (the site's page URLs) has them."""
        if pages is None:
            chosen = list(self.papers.values())
        else:
            chosen = [dataclasses.replace(self.papers[s], url=u) for s, u in pages.items() if s in self.papers]
        terms = self.terms if served is None else [t for t in self.terms if t.url in served]
        return build_index(chosen, terms, self.tags, self.lists, sharded=sharded)


def from_corpus(
    papers: Iterable[Paper],
    vocab: Vocabulary,
    paper_url: Callable[[Paper], str],
    term_url: Callable[[str, str], str],
) -> SearchSource:
    """The index's source for a loaded corpus (`generator.model.Paper`s and the `Vocabulary`)."""
    tags = {t.id: t.label for t in vocab.tags}
    lists = {m.id: m.title for m in vocab.lists}
    categories = {c.code: c.name for c in vocab.categories}
    papers_list = list(papers)
    items: list[SearchPaper] = []
    tag_count: dict[str, int] = {}
    list_count: dict[str, int] = {}
    cat_count: dict[str, int] = {}
    for p in papers_list:
        entries = p.lists
        citations = max((e.citations or 0 for e in entries), default=0)
        notes = p.notes or ""
        category = p.category
        items.append(
            SearchPaper(
                url=paper_url(p),
                title=p.title,
                aka=p.aka,
                arxiv=p.arxiv,
                authors=tuple(p.authors),
                year=p.year,
                tags=tuple(p.tags),
                lists=tuple(e.list for e in entries),
                venue=p.venue,
                category=categories.get(category, category) if category else None,
                text=p.abstract + ("\n" + notes if notes else ""),
                prominence=(len({e.list for e in entries}), citations),
            )
        )
        for t in set(p.tags):
            tag_count[t] = tag_count.get(t, 0) + 1
        for m in {e.list for e in entries}:
            list_count[m] = list_count.get(m, 0) + 1
        if category:
            cat_count[category] = cat_count.get(category, 0) + 1
    pages = [SearchTerm(term_url("tags", t), tags[t], "tag", t, n) for t, n in sorted(tag_count.items()) if t in tags]
    pages += [
        SearchTerm(term_url("lists", m), lists[m], "list", m, n) for m, n in sorted(list_count.items()) if m in lists
    ]
    pages += [
        SearchTerm(term_url("categories", c), categories.get(c, c), "category", c, n)
        for c, n in sorted(cat_count.items())
    ]
    slugs = [p.slug for p in papers_list]
    return SearchSource(dict(zip(slugs, items, strict=True)), pages, tags, lists)
