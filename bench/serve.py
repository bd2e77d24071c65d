"""The preview loop: `mkdocs serve [--dirty]`, one paper edited, time until the browsers are told to reload.

MkDocs rebuilds the whole site on every change; the reading-list plugin generates every page in memory
in that build (nothing is written to docs/, so no write can trigger a second build), and lays out through
the theme only the pages whose inputs changed (the others are written out as the last build finished
them). With `--dirty`, the pages whose generated text is unchanged are not even read or written. Builds
are counted from the server's log: one "Documentation built in" line per build.
"""

from __future__ import annotations

import collections
import os
import queue
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, replace
from pathlib import Path

from bench.synthetic import ROOT
from generator.content import dump_paper, read_paper

QUIET_AFTER_S = 3.0  # a rebuild that does not start within this long after the last one is not coming
BUILT = "Documentation built in"  # MkDocs logs it once per build, with the build's own duration
RELOAD = "Reloading browsers"  # after each build the server finished


@dataclass(frozen=True)
class ServeResult:
    startup_s: float  # process start to "Serving on" (includes the initial full build)
    reload_s: float  # edit to the first "Reloading browsers"
    settled_s: float  # edit to the last "Reloading browsers" (a build that writes watched files triggers another)
    builds: int  # builds the one edit triggered: "Documentation built in" lines after the edit
    cpu_s: float  # CPU time the server process spent from the edit until settled
    build_logged_s: list[float]  # each of those builds' duration as MkDocs logged it
    startup_build_s: float  # the initial build's logged duration
    startup_builds: int  # builds before the edit (1: the initial build triggered no other)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _cpu(pid: int) -> float:
    """User + system CPU seconds of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def edit_paper(project: Path, slug: str, note: str) -> None:
    path = project / "content" / "papers" / f"{slug}.md"
    paper, problems = read_paper(path)
    assert paper is not None, problems
    path.write_text(dump_paper(replace(paper, notes=note)), "utf-8")


def measure_serve(project: Path, slug: str, *, dirty: bool, timeout: float = 1800.0) -> ServeResult | None:
    """Start `mkdocs serve`, wait for it, edit `slug`, time the rebuild(s); None if it never served."""
    cmd = [sys.executable, "-m", "mkdocs", "serve", "-f", str(project / "mkdocs.yml")]
    cmd += ["--dev-addr", f"127.0.0.1:{_free_port()}"]
    if dirty:  # strict as mkdocs.yml says: the plugin turns MkDocs' dirty-build warning into information
        cmd += ["--dirty"]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    lines: queue.Queue[tuple[float, str]] = queue.Queue()
    tail: collections.deque[str] = collections.deque(maxlen=40)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)

    def pump() -> None:
        assert proc.stderr is not None
        for line in proc.stderr:
            lines.put((time.perf_counter(), line.rstrip()))
            tail.append(line.rstrip())

    threading.Thread(target=pump, daemon=True).start()

    built: list[float] = []  # "Documentation built in N seconds", in order, as lines go by

    def wait_for(text: str, until: float) -> float | None:
        while True:
            left = until - time.perf_counter()
            if left <= 0:
                return None
            try:
                when, line = lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                if proc.poll() is not None:
                    return None
                continue
            if BUILT in line:
                built.append(float(line.split(BUILT, 1)[1].split()[0]))
            if text in line:
                return when

    try:
        served = wait_for("Serving on", start + timeout)
        if served is None:
            print("mkdocs serve did not start:", *tail, sep="\n", file=sys.stderr)
            return None
        time.sleep(1.0)  # let the file watcher settle
        wait_for("\0", time.perf_counter() + QUIET_AFTER_S)  # drain: a build the first one triggered shows here
        startup, startup_builds = (built[0] if built else float("nan")), len(built)
        built.clear()
        cpu0 = _cpu(proc.pid)
        edited = time.perf_counter()
        edit_paper(project, slug, f"Edited while serving at {time.time():.0f}.")
        first = wait_for(RELOAD, edited + timeout)
        if first is None:
            print("mkdocs serve did not reload:", *tail, sep="\n", file=sys.stderr)
            return None
        last = first
        while True:  # any further build for the same edit (quiet for QUIET_AFTER_S + one build's time: none)
            again = wait_for(RELOAD, time.perf_counter() + QUIET_AFTER_S + (last - edited))
            if again is None:
                break
            last = again
        logged = list(built)
        return ServeResult(served - start, first - edited, last - edited, len(logged), _cpu(proc.pid) - cpu0,
                           logged, startup, startup_builds)  # fmt: skip
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
