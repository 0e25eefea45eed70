"""The engine's speed-ups that rely on a library's internals (second_core.py, raw_html.py) run only under the
versions they were tested with; under another version each says so in one line and the plain path builds
the same site."""

from __future__ import annotations

import os
import subprocess
import sys

from site_fixture import write_project

# `briefing build`, with every library reported at a version the speed-ups were not tested with
_UNTESTED = """
import runpy, sys
from generator.engine import versions
versions.installed = lambda name: "0.0.1"
sys.argv = ["briefing", "build"]
runpy.run_module("generator", run_name="__main__")
"""


def _build(root, untested: bool) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", _UNTESTED] if untested else [sys.executable, "-m", "generator", "build"]
    return subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"})


def _tree(site) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in sorted(site.rglob("*")) if path.is_file()}


def test_an_untested_library_version_builds_the_same_site_the_plain_way(tmp_path):
    tested_root, untested_root = tmp_path / "tested", tmp_path / "untested"
    tested_root.mkdir()
    untested_root.mkdir()
    write_project(tested_root)
    write_project(untested_root)

    tested = _build(tested_root, untested=False)
    assert tested.returncode == 0, tested.stderr
    assert "the plain path is taken" not in tested.stderr

    untested = _build(untested_root, untested=True)
    assert untested.returncode == 0, untested.stderr
    warnings = [line for line in untested.stderr.splitlines() if "the plain path is taken" in line]
    assert any("second_core.py" in line and "mkdocs 0.0.1 (tested: 1.6.1)" in line for line in warnings), warnings
    assert any("raw_html.py" in line and "markdown 0.0.1 (tested: 3.11.3)" in line for line in warnings), warnings

    site, plain = _tree(tested_root / "site"), _tree(untested_root / "site")
    assert len(site) > 50 and site.keys() == plain.keys()
    assert [path for path in site if site[path] != plain[path]] == []
