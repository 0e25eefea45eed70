"""ruff, configured in pyproject.toml, finds nothing in generator/, the tests and the benchmark."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from site_fixture import ROOT

RUFF = Path(sys.executable).parent / "ruff"  # pinned in the test extras


def ruff(*paths: str) -> subprocess.CompletedProcess:
    assert RUFF.is_file(), "ruff is installed by `make test` / `make check` (pip install -e '.[test]')"
    return subprocess.run([str(RUFF), "check", "--no-cache", "--output-format", "concise", *paths], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def test_tests_and_bench_are_ruff_clean():
    result = ruff("tests", "bench")
    assert result.returncode == 0, result.stdout + result.stderr


def test_generator_is_ruff_clean():
    result = ruff("generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_does_catch_a_finding(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import os\n")
    result = subprocess.run([str(RUFF), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(bad)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "F401" in result.stdout
