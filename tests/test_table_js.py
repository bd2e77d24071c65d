"""Runs the node unit tests of the papers-table script (tests/js/papers-table.test.mjs) with `node --test`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEST_FILE = ROOT / "tests" / "js" / "papers-table.test.mjs"


def _on_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"true", "1", "yes"}


def test_papers_table_node_unit_tests_pass() -> None:
    node = shutil.which("node")
    if node is None:
        message = "node is not on PATH; the papers-table.js unit tests need Node.js 20+"
        if _on_ci():
            pytest.fail(message + " (CI=true, so this is an error, not a skip)")
        pytest.skip(message)
    assert TEST_FILE.is_file(), f"missing {TEST_FILE}"

    proc = subprocess.run(
        [node, "--test", str(TEST_FILE.relative_to(ROOT))],
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
