"""Query a built site's search index with lunr.py, configured the way Material's worker is."""

from __future__ import annotations

import json
import re
from functools import partial
from pathlib import Path

from lunr.builder import Builder
from lunr.index import Index
from lunr.stop_word_filter import stop_word_filter
from lunr.tokenizer import Tokenizer

_TAG = re.compile(r"<[^>]+>")


class SiteSearch:
    """Material's search, rebuilt from `search/search_index.json` (fields, boosts, pipeline, b=0)."""

    def __init__(self, site: Path) -> None:
        data = json.loads((site / "search" / "search_index.json").read_text("utf-8"))
        config = data["config"]
        self.docs = {d["location"]: d for d in data["docs"]}
        builder = Builder()
        builder.pipeline.add(stop_word_filter)
        builder.search_pipeline.add(stop_word_filter)
        builder.b(0)
        builder.tokenizer = partial(Tokenizer, separator=config["separator"])
        builder.ref("location")
        for name, spec in config["fields"].items():
            builder.field(name, boost=spec.get("boost", 1))
        for doc in data["docs"]:
            builder.add(
                {
                    "location": doc["location"],
                    "title": _TAG.sub(" ", doc.get("title", "")),
                    "text": _TAG.sub(" ", doc.get("text", "")),
                    "tags": " ".join(doc.get("tags", [])),
                },
                {"boost": doc.get("boost", 1)},
            )
        self.index: Index = builder.build()

    def search(self, query: str) -> list[str]:
        """Pages in rank order, scored like Material's worker: every term prefix-matched, then
        `score * (1 + g**2)` with g = (1 for a whole page) + the share of query terms matched."""
        terms = [t for t in re.split(r"[\s\-]+", query.lower()) if t]
        best: dict[str, float] = {}
        for r in self.index.search(" ".join(f"{t}*" for t in terms)):
            matched = list(r["match_data"].metadata)
            share = sum(any(m.startswith(t) for m in matched) for t in terms) / len(terms)
            g = ("#" not in r["ref"]) + share
            page = r["ref"].split("#")[0]
            best[page] = max(best.get(page, 0.0), r["score"] * (1 + g**2))
        return sorted(best, key=lambda page: -best[page])
