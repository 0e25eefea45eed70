"""A release works without the repository: the wheel `python -m build` makes, installed in a fresh virtual
environment, builds the shipped project (its page templates come from the package).

The shipped project keeps its theme overrides (site_templates/overrides, Material's custom_dir) and its assets
(docs/assets), so the copy below carries them as this repository does. A project made by `briefing init` has
neither: the wheel's copies serve it (engine/plugin.py). The page templates are the generator's and ship in
the wheel.
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

# What the wheel is built from: what `git archive` would give (no virtualenv, caches or egg-info), links kept
# as links (generator/engine/theme/ links to site_templates/overrides and docs/assets).
SOURCES = ("pyproject.toml", "README.md", "generator", "site_templates", "docs")
PROJECT = ("mkdocs.yml", "content", "docs", "site_templates")


def _run(args: list, cwd: Path, timeout: int = 900, code: int = 0) -> subprocess.CompletedProcess:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    for name in ("VIRTUAL_ENV", "PYTHONPATH", "SOURCE_DATE_EPOCH"):
        env.pop(name, None)
    result = subprocess.run([str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == code, f"{args}\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def venv(tmp_path_factory) -> Path:
    """A fresh virtual environment outside the repository with the wheel `python -m build` made installed."""
    tmp_path = tmp_path_factory.mktemp("wheel")
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, source / name, **({"ignore": shutil.ignore_patterns("__pycache__"), "symlinks": True}
                                            if (ROOT / name).is_dir() else {}))
    dist = tmp_path / "dist"
    _run([sys.executable, "-m", "build", "--outdir", dist, source], cwd=tmp_path)
    (wheel,) = dist.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "generator/pages/templates/incident.md.j2" in names
    assert "generator/authoring/record_templates/incident.md.j2" in names
    # the theme overrides and assets, links in the repository, are files in the wheel
    assert "generator/engine/theme/overrides/main.html" in names
    assert "generator/engine/theme/static/assets/briefing.js" in names
    assert "generator/authoring/project_template/dot-github/workflows/pr.yml" in names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    _run([venv / "bin" / "python", "-m", "pip", "install", "--quiet", wheel], cwd=tmp_path)
    return venv


def test_a_built_wheel_installed_elsewhere_builds_the_shipped_project(venv, tmp_path):
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


def test_a_project_made_by_init_from_the_wheel_builds_at_once(venv, tmp_path):
    """`briefing init` from the installed wheel, then `briefing build` inside the new folder: no
    site_templates/ and no docs/assets, so the wheel's overrides and assets serve it."""
    project = tmp_path / "x"
    _run([venv / "bin" / "briefing", "init", project, "--title", "Test"], cwd=tmp_path)
    assert not (project / "site_templates").exists() and not (project / "docs" / "assets").exists()
    built = _run([venv / "bin" / "briefing", "build"], cwd=project)
    site = project / "site"
    records = sorted((project / "content").rglob("*.md"))
    assert len(records) >= 6, records
    missing = [p.relative_to(project).as_posix() for p in records if not list(site.glob(f"*/{p.stem}/index.html"))]
    assert missing == [], f"records without a page\n{built.stdout}"
    assert (site / "assets" / "briefing.js").read_bytes() == (ROOT / "docs" / "assets" / "briefing.js").read_bytes()
    assert (site / "assets" / "vendor" / "leaflet" / "leaflet.css").is_file()
    assert 'type="application/atom+xml"' in (site / "index.html").read_text(encoding="utf-8")  # main.html

    # A folder that is not empty: refused, one line, nothing changed.
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(project.rglob("*")) if p.is_file()}
    refused = _run([venv / "bin" / "briefing", "init", project, "--title", "Test"], cwd=tmp_path, code=2)
    assert len(refused.stderr.splitlines()) == 1 and "not empty" in refused.stderr
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(project.rglob("*")) if p.is_file()}
    assert after == before
