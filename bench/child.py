"""What the harness runs in a fresh interpreter (one measurement per process), printing one JSON line.

python -m bench.child generate ROOT DOCS [--tracemalloc]  `generator generate` once, into DOCS: render (in
                                                          memory, what the plugin does) + write
python -m bench.child steps ROOT DOCS                     the same, split into load / context / render / write
python -m bench.child rebuild CONFIG SLUG                 what `mkdocs serve` does on an edit: a build in a warm
                                                          process after one paper's notes changed
python -m bench.child cprofile ROOT DOCS OUT              cProfile of one generate, top functions into OUT
python -m bench.child cprofile-build CONFIG OUT           cProfile of one `mkdocs build`, top functions into OUT
python -m bench.child phases CONFIG [--dirty-edit SLUG]   one `mkdocs build --strict`, timed by phase
"""

from __future__ import annotations

import json
import resource
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

Result = dict[str, Any]
PLUGIN = "reading-list"


def _rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def generate_once(root: Path, docs: Path, trace: bool = False) -> Result:
    """`python -m generator generate` (generator.generate.generate = render + write_docs), timed by half."""
    if trace:
        import tracemalloc

        tracemalloc.start()
    t0 = time.perf_counter()
    from generator import generate as g

    t1, c1 = time.perf_counter(), time.process_time()
    tree = g.render(root / "content", g.site_info(root / "mkdocs.yml"))
    t2, c2 = time.perf_counter(), time.process_time()
    report = g.write_docs(tree, docs)
    t3, c3 = time.perf_counter(), time.process_time()
    out: Result = {"import_s": t1 - t0, "generate_s": t3 - t1, "generate_cpu_s": c3 - c1}
    out |= {"render_s": t2 - t1, "render_cpu_s": c2 - c1, "write_s": t3 - t2, "write_cpu_s": c3 - c2}
    out |= {"files": report.files, "written": report.written, "removed": report.removed}
    out["md_pages"] = sum(1 for path in tree if path.endswith(".md"))
    out["tree_bytes"] = sum(len(text.encode("utf-8")) for text in tree.values())
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


def steps(root: Path, docs: Path) -> Result:
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
    _timed(out, "write_s", lambda: g.write_docs(tree, docs))
    kinds: dict[str, int] = defaultdict(int)
    for path, text in tree.items():
        kinds[path.split("/")[0] if "/" in path else "top"] += len(text.encode("utf-8"))
    out["docs_bytes_by_folder"] = dict(kinds)
    return out


def rebuild(config_file: Path, slug: str) -> Result:
    """What `mkdocs serve` does after an edit, in one warm process: load the config, build (not the server).

    The plugin as shipped: MkDocs keeps its one instance across rebuilds (it has `on_startup`), with its
    paper cache and its finished pages (`generator/rendercache.py`). `warmup` is the first build; `edit`
    the rebuild after one paper's notes changed: wall and CPU seconds, the CPU of the plugin's `on_files`
    (generation), how many paper files were parsed (cache misses) and how many pages went through the
    theme (`rendered`) or were written out as finished (`reused`). `changed`: the site files whose bytes
    the one edit changed (what a deployment that uploads only changed files would send).
    """
    import shutil

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    import generator.corpus as corpus_module
    import generator.plugin as plugin_module
    from bench.serve import edit_paper

    site = tempfile.mkdtemp(prefix="bench-rebuild-")
    clock = {"files_cpu_s": 0.0, "files_s": 0.0, "parsed": 0}
    on_files, load_paper = plugin_module.ReadingListPlugin.on_files, corpus_module.load_paper

    def timed_on_files(self: Any, files: Any, config: Any) -> Any:
        t, c = time.perf_counter(), time.process_time()
        try:
            return on_files(self, files, config)
        finally:
            clock["files_cpu_s"] += time.process_time() - c
            clock["files_s"] += time.perf_counter() - t

    def counted_load_paper(path: Path) -> Any:
        clock["parsed"] += 1
        return load_paper(path)

    plugin_module.ReadingListPlugin.on_files = timed_on_files  # type: ignore[method-assign]
    corpus_module.load_paper = counted_load_paper
    plugins: list[Any] = []  # the instances themselves (an id could be reused)

    def one(note: str | None = None) -> Result:
        if note is not None:
            edit_paper(config_file.parent, slug, note)
        clock.update(files_cpu_s=0.0, files_s=0.0, parsed=0)
        t, c = time.perf_counter(), time.process_time()
        config = load_config(str(config_file), site_dir=site)  # as `mkdocs serve`'s builder does every time
        if not plugins:
            config.plugins.on_startup(command="serve", dirty=False)  # once, as `mkdocs serve` does
        plugin: Any = config.plugins[PLUGIN]
        plugins.append(plugin)
        build(config)
        renders = {"rendered": plugin.renders.misses, "reused": plugin.renders.hits}
        return {"s": time.perf_counter() - t, "cpu_s": time.process_time() - c, **clock, **renders}

    out: Result = {"warmup": one()}
    before = _digests(Path(site))
    out["edit"] = one(f"Rebuild benchmark edit at {time.time():.0f}.")
    out["changed"] = _changed(before, _digests(Path(site)))
    out["edit"]["same_instance"] = plugins[-1] is plugins[-2]
    out["maxrss"] = _rss()
    shutil.rmtree(site, ignore_errors=True)
    return out


def _digests(site: Path) -> dict[str, tuple[int, bytes]]:
    import hashlib

    return {
        p.relative_to(site).as_posix(): (p.stat().st_size, hashlib.blake2b(p.read_bytes(), digest_size=16).digest())
        for p in site.rglob("*")
        if p.is_file()
    }


def _changed(before: dict[str, tuple[int, bytes]], after: dict[str, tuple[int, bytes]]) -> Result:
    """Site files added, removed or with other bytes between two builds; examples of the changed paths."""
    changed = sorted(k for k in after.keys() & before.keys() if after[k] != before[k])
    added, removed = sorted(after.keys() - before.keys()), sorted(before.keys() - after.keys())
    return {
        "files": len(after),
        "changed": len(changed),
        "added": len(added),
        "removed": len(removed),
        "changed_bytes": sum(after[k][0] for k in changed + added),
        "examples": (changed + added)[:40],
    }


def _package(file: str) -> str:
    """Who owns a profiled function: the project's `generator`, an installed package, the stdlib, or builtins."""
    if file == "~":
        return "builtins"
    parts = Path(file).parts
    if "site-packages" in parts:
        return parts[parts.index("site-packages") + 1].removesuffix(".py")
    if "generator" in parts:
        return "generator." + Path(file).stem
    return "stdlib." + Path(file).stem if file.startswith(("/usr", sys.prefix, sys.base_prefix)) else Path(file).stem


def _print_stats(profiler: Any, out_path: Path, k: int = 25) -> Result:
    """Top functions by cumulative and by own time into `out_path`; returned: the top `k` by own time, own
    time summed by package (generator modules one by one), and the project's functions by cumulative time."""
    import io
    import pstats

    buf = io.StringIO()
    stats = pstats.Stats(profiler, stream=buf)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)
    out_path.write_text(buf.getvalue(), "utf-8")
    raw = stats.stats  # type: ignore[attr-defined]

    def label(file: str, line: int, name: str) -> str:
        return f"{Path(file).name}:{line}({name})"

    top = sorted(raw.items(), key=lambda kv: -kv[1][2])[:k]
    by_package: dict[str, float] = defaultdict(float)
    for (file, _, _), (_, _, tt, _, _) in raw.items():
        by_package[_package(file)] += tt
    ours = [kv for kv in raw.items() if _package(kv[0][0]).startswith("generator.")]
    ours.sort(key=lambda kv: -kv[1][3])
    return {
        "top_tottime": [[label(*key), round(tt, 3), round(ct, 3), nc] for key, (_, nc, tt, ct, _) in top],
        "by_package": {p: round(t, 3) for p, t in sorted(by_package.items(), key=lambda kv: -kv[1])[:k]},
        "generator_cumtime": [[label(*key), round(ct, 3), nc] for key, (_, nc, _, ct, _) in ours[:k]],
    }


def cprofile(root: Path, docs: Path, out_path: Path) -> Result:
    import cProfile

    from generator.generate import generate

    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    generate(root, docs)
    profiler.disable()
    seconds = time.perf_counter() - t
    return {"profiled_s": seconds, **_print_stats(profiler, out_path)}


def cprofile_build(config_file: Path, out_path: Path) -> Result:
    """cProfile of one `mkdocs build` (the plugin's generation included), into a temporary site."""
    import cProfile
    import shutil

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    site = tempfile.mkdtemp(prefix="bench-prof-")
    profiler = cProfile.Profile()
    t = time.perf_counter()
    profiler.enable()
    build(load_config(str(config_file), site_dir=site))
    profiler.disable()
    seconds = time.perf_counter() - t
    shutil.rmtree(site, ignore_errors=True)
    return {"profiled_s": seconds, **_print_stats(profiler, out_path)}


class _Clock:
    """Inclusive CPU time per label (the build is single-threaded); nested labels count in their parents too."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.generating = False  # inside the plugin's on_files (generation): its Jinja renders are not the theme's

    def wrap(self, owner: Any, attr: str, label: str, *, outside_generation: bool = False) -> None:
        original = getattr(owner, attr)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if outside_generation and self.generating:
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

    The reading-list plugin generates every page in `event: files` (its on_files). With `dirty_edit`: a
    full build into a temporary site, then one paper's notes edited, and the phases of the `dirty`
    rebuild that follows (what `mkdocs serve --dirty` runs), not strict.
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
    clock.wrap(jinja2.Template, "render", "templates: jinja render (theme)", outside_generation=True)
    clock.wrap(b.utils, "write_file", "write files")
    clock.wrap(Files, "copy_static_files", "static: copy assets")
    original = PluginCollection.run_event

    def run_event(self: Any, name: str, item: Any = None, **kwargs: Any) -> Any:
        t = time.process_time()
        clock.generating = name == "files"
        try:
            return original(self, name, item, **kwargs)
        finally:
            clock.generating = False
            clock.seconds[f"event: {name}"] += time.process_time() - t
            clock.calls[f"event: {name}"] += 1

    PluginCollection.run_event = run_event  # type: ignore[method-assign]
    if dirty_edit is not None:
        import shutil

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
        result = generate_once(target, Path(argv[2]), "--tracemalloc" in argv)
    elif what == "steps":
        result = steps(target, Path(argv[2]))
    elif what == "rebuild":
        result = rebuild(target, argv[2])
    elif what == "cprofile":
        result = cprofile(target, Path(argv[2]), Path(argv[3]))
    elif what == "cprofile-build":
        result = cprofile_build(target, Path(argv[2]))
    elif what == "phases":
        result = phases(target, argv[argv.index("--dirty-edit") + 1] if "--dirty-edit" in argv else None)
    else:
        raise SystemExit(f"unknown measurement {what!r}")
    print("BENCH-RESULT " + json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
