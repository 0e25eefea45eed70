"""A site folder is only ever one a build made: `briefing build` (and a plain `mkdocs build` through the
plugin) refuses, before reading or writing anything, a site folder that is or holds the content, the docs,
the project, .git or the generated folder, that lies inside one of them, or that holds files no build made.
Each refusal is one line naming the path and the fix, exit 2, and content/, docs/, .git and the previous
site are left byte for byte as they were.

The cases run in a copy of a small project built once (`built`), so no case can reach the repository's
own folders."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.engine.build import SITE_MARKER, check_site_folder

from conftest import snapshot
from site_fixture import write_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
FIX = "choose another --site-dir (or site_dir in mkdocs.yml), such as site/ in the project folder"


def git_init(root: Path) -> None:
    subprocess.run(["git", "init", "-q", str(root)], check=True, timeout=60)
    subprocess.run(["git", "-C", str(root), "add", "-A"], check=True, timeout=60)
    subprocess.run(["git", "-C", str(root), "-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-qm",
                    "fixture"], check=True, timeout=60)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A small project (the repository's mkdocs.yml, docs/ and templates, a fictional content/) in git, built once."""
    root = tmp_path_factory.mktemp("guarded") / "project"
    root.mkdir()
    write_project(root)
    (root / ".gitignore").write_text("site/\nbuild/\n")
    git_init(root)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                            env=ENV, timeout=300)
    assert result.returncode == 0, result.stderr
    return root


@pytest.fixture
def project(built, tmp_path, monkeypatch) -> Path:
    """A copy of the built project, the working folder, so a case that went wrong could only harm the copy."""
    root = tmp_path / "project"
    shutil.copytree(built, root, symlinks=True)
    monkeypatch.chdir(root)
    return root


def guarded(root: Path) -> dict[str, dict]:
    return {name: snapshot(root / name) for name in ("content", "docs", ".git", "site")}


def refused(run, root: Path, *args: str) -> list[str]:
    """Run `briefing build ARGS`; assert it is refused with exit 2 and nothing guarded changed; its stderr lines."""
    before = guarded(root)
    assert before["content"] and before["docs"] and before[".git"] and before["site"]
    result = run("build", *args)
    assert result.code == 2, result.err
    assert result.out == []
    assert "Traceback" not in "\n".join(result.err)
    assert guarded(root) == before
    return result.err


@pytest.mark.parametrize("site_dir, message", [
    ("content", "it is the content folder, which the build would delete"),
    ("docs", "it is the docs folder, which the build would delete"),
    (".", "it is the project folder, which the build would delete"),
    (".git", "it is the repository's .git folder, which the build would delete"),
    ("build/generated", "it is the generated folder, which the build would delete"),
    ("build", "it holds the generated folder {root}/build/generated, which the build would delete"),
    ("..", "it holds the project folder {root}, which the build would delete"),
    ("content/incidents", "it lies inside the content folder {root}/content"),
    ("docs/site", "it lies inside the docs folder {root}/docs"),
    ("./content/../content", "it is the content folder, which the build would delete"),
], ids=["content", "docs", "project", "git", "generated", "build", "parent", "in-content", "in-docs", "dotted"])
def test_a_site_folder_that_is_or_holds_what_the_build_would_delete_is_refused(project, run, site_dir, message):
    err = refused(run, project, "--site-dir", site_dir)
    target = os.path.realpath(project / site_dir)
    assert err == [f"error: refusing to build into {target}: {message.format(root=project)}; {FIX}"]


def test_a_link_to_the_content_folder_is_refused_as_the_content_folder(project, run):
    (project / "public").symlink_to(project / "content")
    err = refused(run, project, "--site-dir", "public")
    assert err == [f"error: refusing to build into {project}/content: it is the content folder, which the build "
                   f"would delete; {FIX}"]


def test_a_folder_of_other_files_is_refused(project, run):
    notes = project / "notes"
    notes.mkdir()
    (notes / "draft.md").write_text("my notes\n")
    before = snapshot(notes)
    err = refused(run, project, "--site-dir", "notes")
    assert err == [f"error: refusing to build into {notes}: it holds files no build made (no {SITE_MARKER} "
                   f"file), which the build would delete; {FIX}, or empty that folder yourself"]
    assert snapshot(notes) == before


def test_a_file_is_refused(project, run):
    (project / "notes.txt").write_text("keep me\n")
    err = refused(run, project, "--site-dir", "notes.txt")
    assert err == [f"error: refusing to build into {project}/notes.txt: it is a file, not a folder; {FIX}"]
    assert (project / "notes.txt").read_text() == "keep me\n"


@pytest.mark.parametrize("site_dir, start", [
    ("content", "error: refusing to build into {root}/content: it is the content folder"),
    ("build", "error: refusing to build into {root}/build: it holds the generated folder"),
    # MkDocs' own check of its configuration says these first, as one line too
    ("docs", "error: mkdocs.yml: Config value 'site_dir': The 'docs_dir' should not be within the 'site_dir'"),
    (".", "error: mkdocs.yml: Config value 'site_dir': The 'docs_dir' should not be within the 'site_dir'"),
])
def test_site_dir_in_mkdocs_yml_is_refused_by_briefing_build(project, run, site_dir, start):
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nsite_dir: site\n", f"\nsite_dir: {site_dir}\n"))
    err = refused(run, project)
    assert len(err) == 1 and err[0].startswith(start.format(root=project)), err


def test_site_dir_content_is_refused_by_plain_mkdocs_build(project):
    """Through the plugin: refused in on_config, before MkDocs empties the site folder."""
    config = project / "mkdocs.yml"
    config.write_text(config.read_text().replace("\nsite_dir: site\n", "\nsite_dir: content\n"))
    before = guarded(project)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True,
                            env=ENV, timeout=300)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert (f"briefing: refusing to build into {project}/content: it is the content folder, which the build would "
            f"delete; {FIX}") in result.stderr
    assert guarded(project) == before


def test_the_previous_site_new_and_empty_folders_are_built_into(project, run):
    """A site a build made (its marker) is replaced; a new folder and an empty one are built into and marked."""
    (project / "empty").mkdir()
    for args in ([], ["--site-dir", "fresh/site"], ["--site-dir", "empty"]):
        result = run("build", *args)
        assert result.code == 0, result.err
    for site in ("site", "fresh/site", "empty"):
        assert (project / site / SITE_MARKER).is_file()
        assert (project / site / "incidents" / "obninsk-drone-on-roof" / "index.html").is_file()


def test_paths_are_compared_by_component_not_as_text(tmp_path):
    root = tmp_path / "project"
    for name in ("content", "docs", "docs_old", "contents", "build/generated-old"):
        (root / name).mkdir(parents=True)
    folders = dict(root=root, content=root / "content", docs=root / "docs", generated=root / "build" / "generated")
    for site in ("docs_old", "contents", "build/generated-old", "site"):
        assert check_site_folder(root / site, **folders) is None, site
    assert check_site_folder(root / "docs", **folders) is not None


def test_a_site_built_before_the_marker_existed_is_still_ours(tmp_path):
    """Upgrading must not refuse every existing site: MkDocs' sitemap and 404 page with the generator's export."""
    root = tmp_path / "project"
    site = root / "site"
    (site / "data").mkdir(parents=True)
    folders = dict(root=root, content=root / "content", docs=root / "docs", generated=root / "build" / "generated")
    (site / "sitemap.xml.gz").write_bytes(b"")
    (site / "404.html").write_text("")
    assert check_site_folder(site, **folders) is not None  # not yet: the export is missing
    (site / "data" / "incidents.json").write_text("[]")
    assert check_site_folder(site, **folders) is None
