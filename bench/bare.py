"""The baseline: bare MkDocs + Material on the same number of plain Markdown pages.

Same abstract text as the project's papers, one page each under `papers/`, plus as many short
index pages as the project generates besides paper pages; no reading-list plugin, no custom templates, no
extra CSS/JS, paper pages out of the nav, a few index pages in it, `theme.font: false`.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from generator.corpus import Corpus
from generator.vocab import Vocabulary

NAV_PAGES = 6


def make_bare(project: Path, dest: Path, pages: int) -> Path:
    """A bare project at `dest` with `pages` Markdown pages: one per paper of `project`, the rest index pages."""
    content = project / "content"
    corpus, problems = Corpus.scan(content, Vocabulary.load(content))
    assert not problems, problems[:3]
    docs = dest / "docs"
    (docs / "papers").mkdir(parents=True, exist_ok=True)
    (docs / "index").mkdir(exist_ok=True)
    for p in corpus.papers:
        authors = f"*{', '.join(p.authors)}*\n\n" if p.authors else ""
        text = f"# {p.title}\n\n{authors}## Abstract\n\n{p.abstract}\n"
        (docs / "papers" / f"{p.slug}.md").write_text(text, "utf-8")
    extra = max(1, pages - len(corpus.papers))
    chunk = max(1, len(corpus.papers) // extra)
    for i in range(extra):
        name = "index.md" if i == 0 else f"index/page-{i}.md"
        links = "\n".join(
            f"- [{p.title}](papers/{p.slug}.md)" if i == 0 else f"- [{p.title}](../papers/{p.slug}.md)"
            for p in corpus.papers[i * chunk : (i + 1) * chunk][:50]
        )
        (docs / name).write_text(f"# Index page {i}\n\nPapers on this page:\n\n{links}\n", "utf-8")
    nav = [{"Home": "index.md"}] + [{f"Index {i}": f"index/page-{i}.md"} for i in range(1, min(extra, NAV_PAGES))]
    config = {
        "site_name": "Bare baseline",
        "site_url": "https://example.org/bare/",
        "docs_dir": "docs",
        "site_dir": "site",
        "strict": True,
        "validation": {"omitted_files": "ignore"},
        "theme": {"name": "material", "font": False, "language": "en"},
        "plugins": ["search"],
        "nav": nav,
    }
    (dest / "mkdocs.yml").write_text(yaml.safe_dump(config, sort_keys=False), "utf-8")
    return dest
