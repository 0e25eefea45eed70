"""The catalogue of bad inputs (tests/cases/bad_inputs.yml): each makes `briefing build` print
exactly its expected error (file, line, column, message), exit 1, and change no file in
content/, docs/ or the previously built site."""

from __future__ import annotations

import hashlib
import os
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from generator.cli import main

from site_fixture import write_project

CASES = YAML(typ="safe").load((Path(__file__).parent / "cases" / "bad_inputs.yml").read_text(encoding="utf-8"))


def digest(*roots: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest()
            for root in roots for p in sorted(root.rglob("*")) if p.is_file() and not p.is_symlink()}


def add_case(content: Path, case: dict) -> Path:
    path = content / case["path"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if "symlink" in case:
        path.symlink_to(case["symlink"])
    elif "bytes" in case:
        path.write_bytes(bytes.fromhex(case["bytes"]))
    else:
        path.write_text(case["text"], encoding="utf-8")
    if "size" in case:
        with open(path, "r+b") as handle:
            handle.truncate(case["size"])
    return path


def remove_case(content: Path, path: Path) -> None:
    path.unlink()
    folder = path.parent
    while folder != content and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def run_build(root: Path) -> tuple[int, list[str]]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner().invoke(main, ["build"], catch_exceptions=False)
    finally:
        os.chdir(cwd)
    return result.exit_code, result.stderr.splitlines()


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("bad-inputs"))
    code, errors = run_build(root)
    assert code == 0, errors
    return root


def test_the_catalogue_is_large_enough():
    assert len(CASES) >= 40
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_input_is_refused_with_its_error_and_changes_nothing(project, case):
    content = project / "content"
    before = digest(content, project / "docs", project / "site")
    added = add_case(content, case)
    try:
        code, lines = run_build(project)
    finally:
        remove_case(content, added)
    assert code == 1
    assert lines[:-1] == [case["error"]]  # the last line is the count of problems
    assert lines[-1] == "1 problem(s) in 1 file(s)"
    assert digest(content, project / "docs", project / "site") == before


if __name__ == "__main__":  # print what the tool says for each case, to review new cases
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    root = write_project(Path(tempfile.mkdtemp()))
    print(run_build(root))
    for case in CASES:
        added = add_case(root / "content", case)
        try:
            print(case["name"], run_build(root))
        finally:
            remove_case(root / "content", added)
