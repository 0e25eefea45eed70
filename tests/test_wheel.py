"""A release works without the repository: the wheel `python -m build` makes, installed in a fresh virtual
environment, builds the shipped project (its page templates come from the package).

The project keeps its theme overrides (site_templates/overrides, Material's custom_dir): mkdocs.yml names
that folder and MkDocs resolves it beside mkdocs.yml, as every MkDocs project's custom_dir, so the copy
below carries it as a real project would. The page templates are the generator's and ship in the wheel.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from site_fixture import ROOT

pytestmark = pytest.mark.slow

# What the wheel is built from: what `git archive` would give (no virtualenv, caches or egg-info).
SOURCES = ("pyproject.toml", "README.md", "generator")
PROJECT = ("mkdocs.yml", "content", "docs", "site_templates")


def _run(args: list, cwd: Path, timeout: int = 900) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def test_a_built_wheel_installed_elsewhere_builds_the_shipped_project(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__")}
                                            if (ROOT / name).is_dir() else {}))
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--outdir", dist, source], cwd=tmp_path)
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/pages/templates/incident.md.j2" in names
    assert "generator/authoring/record_templates/incident.md.j2" in names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], cwd=tmp_path)

    project = tmp_path / "project"
    project.mkdir()
    for name in PROJECT:
        (shutil.copytree if (ROOT / name).is_dir() else shutil.copy)(ROOT / name, project / name)
    assert not list((project / "site_templates").glob("*.j2"))  # every page template comes from the wheel
    built = _run([venv / "bin" / "briefing", "build"], cwd=project)
    # The installed package, not the repository's, did the work.
    where = _run([venv / "bin" / "python", "-c", "import generator; print(generator.__file__)"], cwd=project)
    assert str(venv) in where.stdout, where.stdout

    site = project / "site"
    assert (site / "index.html").is_file(), built.stdout
    records = sorted(p for p in (project / "content").rglob("*.md"))
    assert records
    missing = [p.relative_to(project).as_posix() for p in records if not list(site.glob(f"*/{p.stem}/index.html"))]
    assert missing == [], "records without a page"
