"""What the harness runs in a fresh interpreter (one measurement per process), printing one JSON line.

python -m bench.child generate ROOT [--tracemalloc]   generate docs/ once: import time, run time, counts
python -m bench.child steps ROOT                      the same, split into load / context / render / write
python -m bench.child preview ROOT SLUG               warm generate, edit one paper's notes, generate again
python -m bench.child cprofile ROOT OUT               cProfile of one generate, top functions into OUT
python -m bench.child phases CONFIG                   one `mkdocs build --strict`, timed by phase
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

Result = dict[str, Any]


def _rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def generate_once(root: Path, trace: bool = False) -> Result:
    if trace:
        import tracemalloc

        tracemalloc.start()
    t0 = time.perf_counter()
    from generator.generate import generate

    t1, c1 = time.perf_counter(), time.process_time()
    report = generate(root)
    t2, c2 = time.perf_counter(), time.process_time()
    out: Result = {"import_s": t1 - t0, "generate_s": t2 - t1, "generate_cpu_s": c2 - c1}
    out |= {"files": report.files, "written": report.written}
    out["removed"] = report.removed
    out["maxrss"] = _rss()
    if trace:
        out["traced_peak"] = tracemalloc.get_traced_memory()[1]
    return out


def _timed(out: Result, name: str, fn: Callable[[], Any]) -> Any:
    """Run `fn`, recording its CPU time (other load on the machine does not inflate it) and its wall time."""
    t, c = time.perf_counter(), time.process_time()
    value = fn()
    out[name] = time.process_time() - c
    out[name.removesuffix("_s") + "_wall"] = time.perf_counter() - t
    return value


def steps(root: Path) -> Result:
    """The stages of `generate`, each timed (mirrors generator.generate.render + write_docs)."""
    out: Result = {}
    t0 = time.perf_counter()
    from generator import generate as g
    from generator.corpus import Corpus
    from generator.facets import facets
    from generator.pages import build_context
    from generator.related import related
    from generator.site import render_site
    from generator.vocab import Vocabulary

    out["import_s"] = out["import_wall"] = time.perf_counter() - t0
    content = root / "content"
    vocab = _timed(out, "vocab_s", lambda: Vocabulary.load(content))
    corpus = _timed(out, "load_papers_s", lambda: Corpus.load(content, vocab))
    papers = sorted(corpus.papers, key=lambda p: p.slug)
    _timed(out, "facets_s", lambda: facets(papers, vocab))
    _timed(out, "related_s", lambda: related(papers))
    ctx = _timed(out, "context_s", lambda: build_context(g.site_info(root / "mkdocs.yml"), vocab, corpus.papers))
    tree = _timed(out, "render_s", lambda: render_site(ctx))
    _timed(out, "write_s", lambda: g.write_docs(tree, root / "docs"))
    kinds: dict[str, int] = defaultdict(int)
    for path, text in tree.items():
        kinds[path.split("/")[0] if "/" in path else "top"] += len(text.encode("utf-8"))
    out["docs_bytes_by_folder"] = dict(kinds)
    return out


def preview(root: Path, slug: str) -> Result:
    """What `mkdocs serve` does on reload: generate again in a warm process after one edit."""
    from generator.content import dump_paper, read_paper
    from generator.generate import generate

    generate(root)
    path = root / "content" / "papers" / f"{slug}.md"
    paper, problems = read_paper(path)
    assert paper is not None, problems
    from dataclasses import replace

    note = f"Benchmark edit at {time.time():.0f}."
    path.write_text(dump_paper(replace(paper, notes=note)), "utf-8")
    t, c = time.perf_counter(), time.process_time()
    report = generate(root)
    seconds, cpu = time.perf_counter() - t, time.process_time() - c
    return {"generate_s": seconds, "generate_cpu_s": cpu, "written": report.written, "files": report.files}


def cprofile(root: Path, out_path: Path) -> Result:
    import cProfile
    import io
    import pstats

    from generator.generate import generate

    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    generate(root)
    profiler.disable()
    seconds = time.perf_counter() - t
    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(45)
    stats.sort_stats("tottime").print_stats(25)
    out_path.write_text(buf.getvalue(), "utf-8")
    return {"profiled_s": seconds}


class _Clock:
    """Inclusive CPU time per label (the build is single-threaded); nested labels count in their parents too."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.in_hook = False  # inside the project's pre_build hook (generate): its Jinja renders are not MkDocs'

    def wrap(self, owner: Any, attr: str, label: str, *, outside_hook: bool = False) -> None:
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if outside_hook and self.in_hook:
                return original(*args, **kwargs)
            t = time.process_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.seconds[label] += time.process_time() - t
                self.calls[label] += 1

        setattr(owner, attr, timed)


def phases(config_file: Path, dirty_edit: str | None = None) -> Result:
    """One strict MkDocs build in this process, with the time of each phase and plugin event.

    With `dirty_edit`: a full build into a temporary site, then one paper's notes edited, and the
    phases of the `dirty` rebuild that follows (what `mkdocs serve --dirty` runs), not strict.
    """
    t0 = time.perf_counter()
    import jinja2
    from mkdocs.commands import build as b
    from mkdocs.config import load_config
    from mkdocs.plugins import PluginCollection
    from mkdocs.structure.files import Files
    from mkdocs.structure.pages import Page

    imported = time.perf_counter() - t0
    clock = _Clock()
    clock.wrap(b, "get_files", "files: scan docs_dir")
    clock.wrap(b, "get_navigation", "nav: build")
    clock.wrap(b, "_populate_page", "pages: read + markdown (all)")
    clock.wrap(Page, "read_source", "pages: read source + front matter")
    clock.wrap(Page, "render", "pages: markdown -> html")
    clock.wrap(b, "_build_page", "pages: theme (all)")
    clock.wrap(b, "get_context", "pages: theme context")
    clock.wrap(jinja2.Template, "render", "templates: jinja render (theme)", outside_hook=True)
    clock.wrap(b.utils, "write_file", "write files")
    clock.wrap(Files, "copy_static_files", "static: copy assets")
    original = PluginCollection.run_event

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        t = time.process_time()
        clock.in_hook = name == "pre_build"
        try:
            return original(self, name, item, **kwargs)
        finally:
            clock.in_hook = False
            clock.seconds[f"event: {name}"] += time.process_time() - t
            clock.calls[f"event: {name}"] += 1

    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    if dirty_edit is not None:
        import tempfile

        from bench.serve import edit_paper

        site = tempfile.mkdtemp(prefix="bench-dirty-")
        b.build(load_config(str(config_file), strict=False, site_dir=site))
        edit_paper(config_file.parent, dirty_edit, f"Dirty edit at {time.time():.0f}.")
        clock.seconds.clear()
        clock.calls.clear()
        t1, c1 = time.perf_counter(), time.process_time()
        try:
            b.build(load_config(str(config_file), strict=False, site_dir=site), dirty=True)
        finally:
            import shutil

            shutil.rmtree(site, ignore_errors=True)
    else:
        t1, c1 = time.perf_counter(), time.process_time()
        b.build(load_config(str(config_file), strict=True))
    total, cpu = time.perf_counter() - t1, time.process_time() - c1
    rows = sorted(clock.seconds.items(), key=lambda kv: -kv[1])
    return {
        "import_s": imported,
        "build_s": total,
        "build_cpu_s": cpu,
        "phases": {k: [round(v, 3), clock.calls[k]] for k, v in rows},
        "maxrss": _rss(),
    }


def main(argv: list[str]) -> int:
    what, target = argv[0], Path(argv[1])
    if what == "generate":
        result = generate_once(target, "--tracemalloc" in argv)
    elif what == "steps":
        result = steps(target)
    elif what == "preview":
        result = preview(target, argv[2])
    elif what == "cprofile":
        result = cprofile(target, Path(argv[2]))
    elif what == "phases":
        result = phases(target, argv[argv.index("--dirty-edit") + 1] if "--dirty-edit" in argv else None)
    else:
        raise SystemExit(f"unknown measurement {what!r}")
    print("BENCH-RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
