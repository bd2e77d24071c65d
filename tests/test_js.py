"""Runs every node unit test in tests/js/ (reading.js, papers-table.js) with `node --test`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
JS_TESTS = ROOT / "tests" / "js"


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def test_node_unit_tests_pass() -> None:
    node = shutil.which("node")
    if node is None:
        message = "node is not on PATH; the JavaScript unit tests (tests/js/) need Node.js 20+"
        if _on_ci():
            pytest.fail(message + " (CI=true, so this is an error, not a skip)")
        pytest.skip(message)

    # Name the files instead of passing the directory: how a directory argument
    # is treated differs between node versions (20 searches it, 22 globs).
    files = sorted(p for p in JS_TESTS.iterdir() if re.search(r"\.test\.(mjs|cjs|js)$", p.name))
    assert files, f"no *.test.mjs files in {JS_TESTS}"

    proc = subprocess.run(
        [node, "--test", *(str(p.relative_to(ROOT)) for p in files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"node --test failed (exit {proc.returncode}):\n{output}"
    passed = re.search(r"^# pass (\d+)$", output, re.MULTILINE)
    failed = re.search(r"^# fail (\d+)$", output, re.MULTILINE)
    assert passed and int(passed.group(1)) > 0, f"node ran no tests:\n{output}"
    assert failed and int(failed.group(1)) == 0, output
