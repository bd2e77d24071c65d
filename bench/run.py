"""The benchmark harness: generate, build, preview and search times and sizes at several corpus sizes.

    python -m bench.run [--sizes 439,2000,10000] [--browser] [--profile] [--no-serve] [--out bench/out]

For each N (the real corpus size means the real content, copied; any other N a synthetic corpus
from `bench.synthetic`) it measures, each in a fresh process: `generate` as the CLI runs it
(`python -m generator generate`, into a folder outside the project) cold (empty folder) and warm
(writes nothing); a full `mkdocs build --strict`, in which the reading-list plugin generates every
page in memory (the project's docs/ stays empty); the same for a bare MkDocs + Material project with
as many plain pages (`bench.bare`); a rebuild after editing one paper in a warm process (as `mkdocs
serve` runs it, with and without the plugin instance kept across rebuilds); `mkdocs serve` itself,
edit -> reload, builds counted from its log; and with --browser the time to the first search result
in headless Chromium. It prints a Markdown table and writes it, with the machine and commit, to
OUT/results.md (raw numbers: results.json). 100,000 papers only when --sizes asks for it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from bench.bare import make_bare
from bench.synthetic import ROOT, copy_skeleton, make_project

DEFAULT_SIZES = (439, 2000, 10000)
QUERY, SECOND_QUERY = "retrieval", "transformers"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1767225600", "PYTHONDONTWRITEBYTECODE": "0"}


@dataclass
class Proc:
    seconds: float
    cpu_s: float  # user + system CPU time of the child: less sensitive than wall time to other load
    maxrss: int  # bytes, the child's own peak resident set
    returncode: int
    output: str
    result: dict[str, Any] = field(default_factory=dict)


def run_child(cmd: list[str], cwd: Path, log: Path) -> Proc:
    """Run `cmd` to completion; wall time and the child's peak RSS (os.wait4), output kept in `log`."""
    with log.open("wb") as out:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
    proc.returncode = os.waitstatus_to_exitcode(status)
    text = log.read_text("utf-8", errors="replace")
    result: dict[str, Any] = {}
    for line in text.splitlines():
        if line.startswith("BENCH-RESULT "):
            result = json.loads(line.removeprefix("BENCH-RESULT "))
    cpu = usage.ru_utime + usage.ru_stime
    return Proc(seconds, cpu, usage.ru_maxrss * 1024, proc.returncode, text, result)


def child(args: list[str], cwd: Path, log: Path) -> Proc:
    proc = run_child([sys.executable, "-m", "bench.child", *args], cwd, log)
    if proc.returncode != 0:
        raise SystemExit(f"bench.child {' '.join(args)} failed:\n{proc.output[-3000:]}")
    return proc


def mkdocs_build(project: Path, log: Path) -> Proc:
    proc = run_child(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")], ROOT, log
    )
    if proc.returncode != 0 or "WARNING" in proc.output:
        raise SystemExit(f"mkdocs build failed for {project}:\n{proc.output[-3000:]}")
    return proc


@dataclass
class SiteStats:
    bytes: int
    html_files: int
    paper_pages: int
    paper_page_median: int
    paper_page_max: int
    search_raw: int
    search_gzip: int
    search_docs: int

    files: int = 0
    by_folder: dict[str, int] = field(default_factory=dict)  # bytes by top-level folder ("." for the top)
    pagefind: int = 0  # bytes of site/pagefind/ (the Pagefind index), if any
    tar_bytes: int = 0  # the site as one tar (what a GitHub Pages artifact holds): 512-byte header + blocks per file

    @classmethod
    def of(cls, site: Path) -> SiteStats:
        total = html = files = 0
        tar = 1024  # the end-of-archive blocks
        by_folder: dict[str, int] = {}
        for dirpath, _, names in os.walk(site):
            tar += 512
            parts = Path(dirpath).relative_to(site).parts
            key = parts[0] if parts else "."
            for name in names:
                size = os.path.getsize(os.path.join(dirpath, name))
                total += size
                tar += 512 + -(-size // 512) * 512
                if len(os.path.relpath(os.path.join(dirpath, name), site)) > 99:  # GNU tar: a long-name header
                    tar += 1024
                files += 1
                html += name.endswith(".html")
                by_folder[key] = by_folder.get(key, 0) + size
        pages = [p.stat().st_size for p in (site / "papers").glob("*/index.html")]
        own = site / "search" / "rl" / "index.json"  # the reading list's index: its manifest (shards load per query)
        index = own if own.exists() else site / "search" / "search_index.json"  # else Material's (bare, lunr)
        raw = index.read_bytes() if index.exists() else b"{}"
        docs = len(json.loads(raw).get("docs", []))
        median = int(statistics.median(pages)) if pages else 0
        top = dict(sorted(by_folder.items(), key=lambda kv: -kv[1]))
        return cls(total, html, len(pages), median, max(pages, default=0), len(raw), len(gzip.compress(raw, 6)), docs,
                   files, top, by_folder.get("pagefind", 0), tar)  # fmt: skip


@dataclass
class SizeResult:
    n: int
    corpus: str  # real | synthetic(seed)
    gen_cold: dict[str, Any] = field(default_factory=dict)
    gen_warm: dict[str, Any] = field(default_factory=dict)
    gen_traced: dict[str, Any] = field(default_factory=dict)
    md_pages: int = 0
    build: dict[str, Any] = field(default_factory=dict)
    site: dict[str, Any] = field(default_factory=dict)
    bare_build: dict[str, Any] = field(default_factory=dict)
    bare_site: dict[str, Any] = field(default_factory=dict)
    rebuild: dict[str, Any] = field(default_factory=dict)
    serve: dict[str, Any] = field(default_factory=dict)
    search: dict[str, Any] = field(default_factory=dict)
    bare_search: dict[str, Any] = field(default_factory=dict)
    profile: dict[str, Any] = field(default_factory=dict)


def real_size() -> int:
    return sum(1 for _ in (ROOT / "content" / "papers").glob("*.md"))


def _say(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def _proc(p: Proc) -> dict[str, Any]:
    return {"wall_s": p.seconds, "cpu_s": p.cpu_s, "maxrss": p.maxrss, **p.result}


def best_generate(root: str, docs: Path, logs: Path, name: str, repeat: int, cold: bool) -> dict[str, Any]:
    """The least CPU of `repeat` runs (cold: `docs` removed first); other load on the machine only adds time.

    `docs` is outside the project: the project's own docs/ stays empty, as the plugin leaves it."""
    runs = []
    for i in range(repeat):
        if cold:
            shutil.rmtree(docs, ignore_errors=True)
        runs.append(_proc(child(["generate", root, str(docs)], ROOT, logs / f"{name}-{i}.log")))
    best = min(runs, key=lambda r: r["generate_cpu_s"])
    return {**best, "runs_cpu_s": [r["generate_cpu_s"] for r in runs], "runs_s": [r["generate_s"] for r in runs]}


def _least_cpu(runs: list[dict[str, Any]]) -> dict[str, Any]:
    """The run with the least CPU, with every run's CPU and wall seconds (`output` dropped: it is in the logs)."""
    best = min(runs, key=lambda r: r["cpu_s"])
    return {**best, "runs_cpu_s": [r["cpu_s"] for r in runs], "runs_s": [r["wall_s"] for r in runs]}


def build_log(proc: Proc) -> dict[str, Any]:
    """What the plugin says in the build log: files generated, the search engine, Pagefind's indexing."""
    found: dict[str, Any] = {}
    for line in proc.output.splitlines():
        if "reading-list:" in line and "pages and files generated" in line:
            found["generated_files"] = int(line.split("reading-list:", 1)[1].split()[0])
        elif "reading-list: search engine:" in line:
            found["search_engine"] = line.split("search engine:", 1)[1].split()[0]
        elif "reading-list: pagefind indexed" in line:
            words = line.split("pagefind indexed", 1)[1].split()
            found["pagefind_pages"], found["pagefind_s"] = int(words[0]), float(words[3])
        elif "Documentation built in" in line:
            found["logged_s"] = float(line.split("Documentation built in", 1)[1].split()[0])
    return found


def measure(n: int, work: Path, ns: argparse.Namespace) -> SizeResult:
    real = n == real_size()
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    project, logs = work / "project", work / "logs"
    logs.mkdir()
    if real:
        copy_skeleton(project, papers=True)
    else:
        make_project(project, n, ns.seed)
    res = SizeResult(n, "real" if real else f"synthetic(seed={ns.seed})")
    res.profile["load_before"] = os.getloadavg()
    root = str(project)

    generated = work / "generated" / "docs"  # `generator generate`'s tree, outside the project
    _say(f"N={n}: generate cold / warm (the CLI, into {generated})")
    res.gen_cold = best_generate(root, generated, logs, "gen-cold", ns.repeat, cold=True)
    res.gen_warm = best_generate(root, generated, logs, "gen-warm", ns.repeat, cold=False)
    shutil.rmtree(generated)
    res.gen_traced = _proc(child(["generate", root, str(generated), "--tracemalloc"], ROOT, logs / "gen-traced.log"))
    res.md_pages = sum(1 for _ in generated.rglob("*.md"))
    assert res.md_pages == res.gen_cold["md_pages"], (res.md_pages, res.gen_cold["md_pages"])

    (project / "docs").mkdir(exist_ok=True)
    bare = make_bare(project, work / "bare", res.md_pages)
    builds: list[dict[str, Any]] = []
    bare_builds: list[dict[str, Any]] = []
    for i in range(ns.build_repeat):  # ours and bare alternate, so both see the same load on the machine
        _say(f"N={n}: mkdocs build --strict (generation in the plugin, in memory), run {i + 1}/{ns.build_repeat}")
        build = mkdocs_build(project, logs / f"build-{i}.log")
        builds.append({**_proc(build), **build_log(build)})
        _say(f"N={n}: bare MkDocs + Material, {res.md_pages} pages, run {i + 1}/{ns.build_repeat}")
        bare_builds.append(_proc(mkdocs_build(bare, logs / f"bare-build-{i}.log")))
    res.build = _least_cpu(builds)
    res.bare_build = _least_cpu(bare_builds)
    res.build["docs_files_after"] = sum(1 for p in (project / "docs").rglob("*") if p.is_file())
    res.site = asdict(SiteStats.of(project / "site"))
    res.bare_site = asdict(SiteStats.of(bare / "site"))

    if ns.profile:
        _say(f"N={n}: profiles")
        res.profile.update(profile(project, bare, logs, work))

    slugs = sorted(p.stem for p in (project / "content" / "papers").glob("*.md"))
    slug = slugs[len(slugs) // 2]
    _say(f"N={n}: rebuild in a warm process after editing {slug}")
    rebuilt = child(["rebuild", str(project / "mkdocs.yml"), slug], ROOT, logs / "rebuild.log")
    res.rebuild = {"slug": slug, **_proc(rebuilt)}
    if ns.serve:
        from bench.serve import measure_serve

        for dirty in (True, False):
            _say(f"N={n}: mkdocs serve{' --dirty' if dirty else ''}")
            found = measure_serve(project, slug, dirty=dirty)
            res.serve["dirty" if dirty else "full"] = asdict(found) if found else None

    if ns.browser:
        from bench.search_browser import measure_search

        _say(f"N={n}: search in Chromium")
        found_ours = measure_search(project / "site", QUERY, SECOND_QUERY)
        res.search = {**asdict(found_ours), "after_typing_ms": found_ours.after_typing_ms}
        res.search["second_after_typing_ms"] = found_ours.second_after_typing_ms
        found_bare = measure_search(bare / "site", QUERY, SECOND_QUERY)
        res.bare_search = {**asdict(found_bare), "after_typing_ms": found_bare.after_typing_ms}
        res.bare_search["second_after_typing_ms"] = found_bare.second_after_typing_ms
    return res


def profile(project: Path, bare: Path, logs: Path, work: Path) -> dict[str, Any]:
    """Where the time goes: generate by stage and by function, the whole build by function (ours and bare),
    imports, and MkDocs build phases (the plugin's generation is `event: files`)."""
    root = str(project)
    out: dict[str, Any] = {}
    docs = work / "profile-docs"
    out["steps"] = child(["steps", root, str(docs)], ROOT, logs / "steps.log").result
    shutil.rmtree(docs, ignore_errors=True)
    prof = ["cprofile", root, str(docs), str(work / "generate.prof.txt")]
    out["cprofile_s"] = child(prof, ROOT, logs / "cprofile.log").result
    shutil.rmtree(docs, ignore_errors=True)
    for name, proj in (("build_cprofile", project), ("bare_build_cprofile", bare)):
        cmd = ["cprofile-build", str(proj / "mkdocs.yml"), str(work / f"{name}.prof.txt")]
        out[name] = child(cmd, ROOT, logs / f"{name}.log").result
    imports = run_child([sys.executable, "-X", "importtime", "-c", "import generator.plugin"], ROOT, logs / "imp.log")
    out["imports"] = top_imports(imports.output)
    for name, proj in (("phases", project), ("bare_phases", bare)):
        p = child(["phases", str(proj / "mkdocs.yml")], ROOT, logs / f"{name}.log")
        out[name] = p.result
    slugs = sorted(p.stem for p in (project / "content" / "papers").glob("*.md"))
    dirty = child(["phases", str(project / "mkdocs.yml"), "--dirty-edit", slugs[1]], ROOT, logs / "phases-dirty.log")
    out["dirty_phases"] = dirty.result
    return out


def top_imports(text: str, k: int = 12) -> list[tuple[str, float]]:
    """Top-level packages by cumulative import time (ms) from `python -X importtime`."""
    totals: dict[str, float] = {}
    for line in text.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        parts = [x.strip() for x in line.removeprefix("import time:").split("|")]
        if not parts[1].isdigit():
            continue
        name = parts[2]
        if name.startswith(" ") or "." in name.strip():
            continue
        totals[name.strip()] = max(totals.get(name.strip(), 0.0), int(parts[1]) / 1000)
    return sorted(totals.items(), key=lambda kv: -kv[1])[:k]


def _mb(n: float) -> str:
    return f"{n / 1e6:.1f} MB"


def _kb(n: float) -> str:
    return f"{n / 1e3:.1f} KB"


def _s(x: float | None) -> str:
    return "—" if x is None else (f"{x:.2f} s" if x < 10 else f"{x:.1f} s")


def _ms(x: float | None) -> str:
    return "—" if x is None else f"{x:,.0f} ms"


def table(results: list[SizeResult]) -> str:
    rows: list[tuple[str, list[str]]] = []

    def row(name: str, fn: Any) -> None:
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("—")
        rows.append((name, cells))

    row("corpus", lambda r: r.corpus)
    row(
        "pages generated (.md) / files generated (plugin) / HTML files in site",
        lambda r: f"{r.md_pages:,} / {r.build['generated_files']:,} / {r.site['html_files']:,}",
    )
    row("search engine (plugin's choice)", lambda r: r.build.get("search_engine", "?"))
    row("generate cold (CLI): in-process wall / CPU (whole CLI wall)", lambda r: _gen(r.gen_cold))
    row(
        "generate cold: render in memory / write docs, CPU",
        lambda r: f"{_s(r.gen_cold['render_cpu_s'])} / {_s(r.gen_cold['write_cpu_s'])}",
    )
    row("generate cold: files written", lambda r: f"{r.gen_cold['written']:,}")
    row("generate warm: in-process wall / CPU (whole CLI wall)", lambda r: _gen(r.gen_warm))
    row("generate warm: files written", lambda r: f"{r.gen_warm['written']:,}")
    row(
        "generate peak RSS / traced heap peak",
        lambda r: f"{_mb(r.gen_cold['maxrss'])} / {_mb(r.gen_traced['traced_peak'])}",
    )
    row(
        "full build `mkdocs build --strict`, generation included (wall, CPU)",
        lambda r: f"{_s(r.build['wall_s'])} ({_s(r.build['cpu_s'])})",
    )
    row(
        "every build's CPU, ours / bare (alternating; the least counts)",
        lambda r: f"{_runs(r.build['runs_cpu_s'])} / {_runs(r.bare_build['runs_cpu_s'])}",
    )
    row("project docs/ files after the build (plugin writes none)", lambda r: f"{r.build['docs_files_after']}")
    row("Pagefind indexing inside the build (wall)", lambda r: _s(r.build.get("pagefind_s")))
    row(
        "bare MkDocs + Material build (wall, CPU)",
        lambda r: f"{_s(r.bare_build['wall_s'])} ({_s(r.bare_build['cpu_s'])})",
    )
    row(
        "build ratio ours / bare (wall, CPU)",
        lambda r: (
            f"{r.build['wall_s'] / r.bare_build['wall_s']:.2f}× ({r.build['cpu_s'] / r.bare_build['cpu_s']:.2f}×)"
        ),
    )
    row(
        "build CPU per paper (ours / bare)",
        lambda r: f"{r.build['cpu_s'] / r.n * 1e3:.1f} ms / {r.bare_build['cpu_s'] / r.n * 1e3:.1f} ms",
    )
    row("build peak RSS (ours / bare)", lambda r: f"{_mb(r.build['maxrss'])} / {_mb(r.bare_build['maxrss'])}")
    row("site size (ours / bare)", lambda r: f"{_mb(r.site['bytes'])} / {_mb(r.bare_site['bytes'])}")
    row("site files (ours / bare)", lambda r: f"{r.site['files']:,} / {r.bare_site['files']:,}")
    row("site as a tar, the Pages artifact (ours)", lambda r: _mb(r.site["tar_bytes"]))
    row(
        "site bytes by folder (ours, top 5)",
        lambda r: ", ".join(f"{k} {_mb(v)}" for k, v in list(r.site["by_folder"].items())[:5]),
    )
    row("site bytes per paper (ours)", lambda r: _kb(r.site["bytes"] / r.n))
    row(
        "paper page, median bytes (ours / bare)",
        lambda r: f"{_kb(r.site['paper_page_median'])} / {_kb(r.bare_site['paper_page_median'])}",
    )
    row("page ratio ours / bare", lambda r: f"{r.site['paper_page_median'] / r.bare_site['paper_page_median']:.2f}×")
    row(
        "search index manifest raw / gzip (ours)",
        lambda r: f"{_mb(r.site['search_raw'])} / {_mb(r.site['search_gzip'])}",
    )
    row(
        "search index raw / gzip (bare)",
        lambda r: f"{_mb(r.bare_site['search_raw'])} / {_mb(r.bare_site['search_gzip'])}",
    )
    row("search index entries (ours / bare)", lambda r: f"{r.site['search_docs']:,} / {r.bare_site['search_docs']:,}")
    row(
        "rebuild after one edit, warm process as `mkdocs serve` runs it: wall / CPU "
        "(generation; papers parsed; pages rendered / reused)",
        lambda r: _rebuild(r.rebuild["edit"]),
    )
    row(
        "site files whose bytes one edit changes (of all; bytes to upload)",
        lambda r: (
            f"{r.rebuild['changed']['changed'] + r.rebuild['changed']['added']:,} of "
            f"{r.rebuild['changed']['files']:,}; {_kb(r.rebuild['changed']['changed_bytes'])}"
        ),
    )
    row("`mkdocs serve`: edit → reload (→ settled, builds; CPU)", lambda r: _serve(r.serve.get("full")))
    row("`mkdocs serve --dirty`: edit → reload (→ settled, builds; CPU)", lambda r: _serve(r.serve.get("dirty")))
    row("`mkdocs serve`: start → serving (initial build as logged)", lambda r: _startup(r.serve.get("full")))
    if any(r.search for r in results):
        row(
            "search: load event (ours / bare)",
            lambda r: f"{_ms(r.search['load_ms'])} / {_ms(r.bare_search['load_ms'])}",
        )
        row(
            "search: first result after navigation start (ours / bare)",
            lambda r: f"{_ms(r.search['first_result_ms'])} / {_ms(r.bare_search['first_result_ms'])}",
        )
        row(
            "search: click + typing the query took (ours / bare)",
            lambda r: (
                f"{_ms(r.search['typed_ms'] - r.search['typing_ms'])} / "
                f"{_ms(r.bare_search['typed_ms'] - r.bare_search['typing_ms'])}"
            ),
        )
        row(
            "search: last keystroke → first result (ours / bare)",
            lambda r: f"{_ms(r.search['after_typing_ms'])} / {_ms(r.bare_search['after_typing_ms'])}",
        )
        row(
            "search: second query, last keystroke → result (ours / bare)",
            lambda r: f"{_ms(r.search['second_after_typing_ms'])} / {_ms(r.bare_search['second_after_typing_ms'])}",
        )
        row(
            "search: transferred, as served (gzip-equivalent)",
            lambda r: f"{_mb(r.search['bytes'])} ({_mb(r.search['gzip_bytes'])}), {r.search['requests']} requests",
        )
        row(
            "search: bare transferred (gzip-equivalent)",
            lambda r: f"{_mb(r.bare_search['bytes'])} ({_mb(r.bare_search['gzip_bytes'])})",
        )
    head = "| metric | " + " | ".join(f"N = {r.n:,}" for r in results) + " |"
    sep = "|---|" + "---|" * len(results)
    return "\n".join([head, sep, *(f"| {name} | " + " | ".join(cells) + " |" for name, cells in rows)])


def _gen(g: dict[str, Any]) -> str:
    return f"{_s(g['generate_s'])} / {_s(g['generate_cpu_s'])} ({_s(g['wall_s'])})"


def _runs(xs: list[float]) -> str:
    return ", ".join(f"{x:.1f}" for x in xs)


def _rebuild(b: dict[str, Any]) -> str:
    return (
        f"{_s(b['s'])} / {_s(b['cpu_s'])} ({_s(b['files_cpu_s'])}; {b['parsed']:,}; "
        f"{b['rendered']:,} / {b['reused']:,})"
    )


def _startup(found: dict[str, Any] | None) -> str:
    if not found:
        return "—"
    return f"{_s(found['startup_s'])} ({_s(found['startup_build_s'])}; {found['startup_builds']} build(s))"


def _serve(found: dict[str, Any] | None) -> str:
    if not found:
        return "—"
    cpu = found.get("cpu_s")
    return f"{_s(found['reload_s'])} (→ {_s(found['settled_s'])}, {found['builds']}; CPU {_s(cpu)})"


def profile_text(results: list[SizeResult]) -> str:
    out = []
    for r in results:
        if "steps" not in r.profile:
            continue
        st = r.profile["steps"]
        steps = {k.removesuffix("_s"): v for k, v in st.items() if k.endswith("_s")}
        out.append(f"### N = {r.n:,}\n")
        wall = {k: st.get(f"{k}_wall", 0.0) for k in steps}
        out.append(
            "- generate stages, CPU (wall): " + ", ".join(f"{k} {v:.2f} s ({wall[k]:.2f})" for k, v in steps.items())
        )
        folders = r.profile["steps"].get("docs_bytes_by_folder", {})
        out.append("- docs/ bytes by folder: " + ", ".join(f"{k} {_mb(v)}" for k, v in folders.items()))
        out.append("- imports (ms, cumulative): " + ", ".join(f"{k} {v:.0f}" for k, v in r.profile["imports"]))
        for name in ("phases", "bare_phases", "dirty_phases"):
            ph = r.profile[name]
            parts = ", ".join(f"{k} {v[0]:.1f} s" for k, v in list(ph["phases"].items())[:14])
            out.append(f"- {name}, CPU (build: {ph['build_cpu_s']:.1f} s CPU, {ph['build_s']:.1f} s wall): {parts}")
        for name in ("cprofile_s", "build_cprofile", "bare_build_cprofile"):
            prof = r.profile.get(name) or {}
            head = f"- {name} (profiled {prof.get('profiled_s', 0):.1f} s)"
            packages = ", ".join(f"{p} {t:.2f}" for p, t in list(prof.get("by_package", {}).items())[:12])
            out.append(f"{head}, own time (s) by package / module: {packages}")
            ours = ", ".join(f"{fn} {ct:.2f}" for fn, ct, _ in prof.get("generator_cumtime", [])[:12])
            out.append(f"{head}, generator/ functions by cumulative time (s): {ours}")
            top = ", ".join(f"{fn} {tt:.2f}" for fn, tt, _, _ in prof.get("top_tottime", [])[:12])
            out.append(f"{head}, functions by own time (s): {top}")
        out.append("")
    return "\n".join(out)


def machine(repo: Path, digest: str, rev: str | None = None) -> str:
    def run(cmd: list[str]) -> str:
        try:
            return subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=repo).stdout.strip()
        except OSError:
            return "?"

    import material
    import mkdocs

    dirty = run(["git", "status", "--porcelain", "--untracked-files=no"])
    mem = next(
        (ln.split()[1] for ln in Path("/proc/meminfo").read_text().splitlines() if ln.startswith("MemTotal")), "0"
    )
    if rev:
        code = (
            f"- code: generator/, overrides/, content/, mkdocs.yml as committed in {rev[:12]} (`--rev`, read with"
            f" `git archive`), bench/ from the working tree, frozen when the run started (sha256 {digest})"
        )
    else:
        code = (
            f"- commit: {run(['git', 'rev-parse', '--short', 'HEAD'])}"
            + (
                f" plus the working tree's uncommitted changes ({len(dirty.splitlines())} modified tracked files)"
                if dirty
                else ""
            )
            + f", frozen when the run started (generator/, bench/, overrides/, content/, mkdocs.yml; sha256 {digest})"
        )
    return "\n".join(
        [
            f"- date: {dt.datetime.now(dt.UTC).strftime('%Y-%m-%d %H:%M UTC')}",
            code,
            f"- machine: {os.cpu_count()} CPUs (nproc {run(['nproc'])}), {int(mem) / 1024 / 1024:.0f} GiB RAM, "
            f"{platform.platform()}",
            f"- load average when written (1, 5, 15 min): {', '.join(f'{x:.1f}' for x in os.getloadavg())}",
            f"- python {platform.python_version()}, mkdocs {mkdocs.__version__}, mkdocs-material "
            f"{getattr(material, '__version__', '?')}, {run(['/usr/bin/chromium', '--version']) or 'no chromium'}",
        ]
    )


SNAPSHOT = ("generator", "overrides", "content", "mkdocs.yml")  # what a build reads (bench/ is the harness)


def resolve_rev(rev: str) -> str:
    """The full commit id of `rev` (read-only git)."""
    done = subprocess.run(
        ["git", "rev-parse", "--verify", f"{rev}^{{commit}}"], cwd=ROOT, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"--rev {rev}: {done.stderr.strip()}")
    return done.stdout.strip()


def snapshot(dest: Path, rev: str | None = None) -> str:
    """Freeze the code, theme and content the run measures (others keep editing the working tree).

    From the working tree, or with `rev` as committed (`git archive`: read-only, so a half-edited
    working tree cannot break a run); bench/ always from the working tree. Returns a digest of the
    frozen files; the run then re-executes itself inside `dest`, where `generator` and `bench` resolve
    to the frozen copies (the current directory comes first on sys.path).
    """
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "out", ".*")
    shutil.copytree(ROOT / "bench", dest / "bench", ignore=ignore)
    if rev:
        import io
        import tarfile

        archive = subprocess.run(["git", "archive", "--format=tar", rev, *SNAPSHOT], cwd=ROOT, capture_output=True)
        if archive.returncode != 0:
            raise SystemExit(f"git archive {rev}: {archive.stderr.decode(errors='replace')}")
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(dest, filter="data")
    else:
        for name in SNAPSHOT[:-1]:
            shutil.copytree(ROOT / name, dest / name, ignore=ignore)
        shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    digest = hashlib.sha256()
    for path in sorted(p for p in dest.rglob("*") if p.is_file()):
        digest.update(path.relative_to(dest).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)), help="comma-separated corpus sizes")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--browser", action="store_true", help="also time search in headless Chromium")
    parser.add_argument("--profile", action="store_true", help="also profile generate and the MkDocs build")
    parser.add_argument("--no-serve", dest="serve", action="store_false", help="skip the `mkdocs serve` timings")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each generate timing (the fastest counts)")
    parser.add_argument("--build-repeat", type=int, default=3,
                        help="full builds, ours and bare alternating (the least CPU of each counts)")  # fmt: skip
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out", help="output folder (git-ignored)")
    parser.add_argument("--rev", help="measure generator/, overrides/, content/ and mkdocs.yml as committed in REV "
                        "(e.g. HEAD) instead of the working tree")  # fmt: skip
    parser.add_argument("--frozen", nargs=2, metavar=("REPO", "DIGEST"), help=argparse.SUPPRESS)
    ns = parser.parse_args(argv)
    sizes = [int(s) for s in ns.sizes.split(",") if s.strip()]
    ns.out = ns.out.resolve()
    ns.out.mkdir(parents=True, exist_ok=True)
    if ns.frozen is None:
        snap = ns.out / "snapshot"
        if ns.rev:
            ns.rev = resolve_rev(ns.rev)  # pinned now: HEAD may move while the run goes on
        digest = snapshot(snap, ns.rev)
        args = list(sys.argv[1:] if argv is None else argv)
        if ns.rev:
            at = next(i for i, a in enumerate(args) if a == "--rev" or a.startswith("--rev="))
            args[at : at + (1 if "=" in args[at] else 2)] = ["--rev", ns.rev]
        os.chdir(snap)
        cmd = [sys.executable, "-m", "bench.run", *args, "--out", str(ns.out), "--frozen", str(ROOT), digest]
        os.execv(sys.executable, cmd)
    repo, digest = Path(ns.frozen[0]), ns.frozen[1]
    results = []
    for n in sizes:
        results.append(measure(n, ns.out / "work" / f"n{n}", ns))
        (ns.out / "results.json").write_text(json.dumps([asdict(r) for r in results], indent=1), "utf-8")
    text = "\n\n".join(["# Benchmark results", machine(repo, digest, ns.rev), table(results), profile_text(results)])
    (ns.out / "results.md").write_text(text.rstrip() + "\n", "utf-8")
    print(table(results))
    print(f"\nwritten: {ns.out / 'results.md'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
