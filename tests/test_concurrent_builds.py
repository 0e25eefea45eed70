"""Two builds of one project into two site folders at once share its generated folder: one lock per project,
held from generation to the end of MkDocs' build, makes them queue, and each site is whole and its own."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_fixture import write_project

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}


def add_incidents(content: Path, count: int) -> None:
    folder = content / "incidents" / "bulk"
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        (folder / f"bulk-{n:04d}.md").write_text(
            f"---\ntitle: Bulk incident {n}\ndate: 2026-{n % 9 + 1:02d}-{n % 27 + 1:02d}\nregions: [obninsk]\n"
            f"status: reported\nsources: [rbc]\n---\nNarrative {n}.\n", encoding="utf-8")


def start(root: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "generator", "build", *args], cwd=root, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def pages(site: Path) -> set[str]:
    return {p.parent.relative_to(site).as_posix() for p in site.glob("incidents/**/index.html")}


def wait_for_generation(root: Path, process: subprocess.Popen) -> bool:
    """Until the larger build has written its last page and MkDocs reads them: the moment a second build's
    generation removed them from under it (each build removes the generated pages its content does not have)."""
    last = root / "build" / "generated" / "incidents" / "bulk-0119.md"
    while process.poll() is None:
        if last.is_file():
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("command", ["briefing", "mkdocs"])
def test_two_builds_of_one_project_into_two_site_folders_queue(tmp_path, command):
    """A larger build (another content folder, 120 more incidents) of one project, and a small one started once
    the larger has generated its pages, each into its own site folder: before the lock covered the whole build,
    the small one's generation removed the larger's pages while MkDocs read them, and the larger died with
    FileNotFoundError. Now the small one waits: both succeed, and each site has its own records only."""
    root = tmp_path / "project"
    root.mkdir()
    write_project(root)
    shutil.copytree(root / "content", root / "larger")
    add_incidents(root / "larger", 120)
    if command == "briefing":
        large = start(root, "--site-dir", "large", "--content", "larger")
        started = wait_for_generation(root, large)
        small = start(root, "--site-dir", "small")
    else:  # plain `mkdocs build` through the plugin: one configuration each, differing in content and site_dir
        text = (root / "mkdocs.yml").read_text()
        (root / "large.yml").write_text(text.replace("\nsite_dir: site\n", "\nsite_dir: large\n")
                                        .replace("      content: content\n", "      content: larger\n"))
        (root / "mkdocs.yml").write_text(text.replace("\nsite_dir: site\n", "\nsite_dir: small\n"))
        large = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-f", "large.yml"], cwd=root,
                                 env=ENV, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        started = wait_for_generation(root, large)
        small = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q"], cwd=root, env=ENV, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    outputs = [process.communicate(timeout=600) for process in (small, large)]
    assert started, "the larger build ended before its pages were generated"
    assert [small.returncode, large.returncode] == [0, 0], outputs
    if command == "briefing":  # it waited, and said so
        assert f"another build of {root} is running; waiting for it to finish" in outputs[0][1]
    assert not any("Traceback" in out + err for out, err in outputs)
    bulk = {f"incidents/bulk-{n:04d}" for n in range(120)}
    small_pages, large_pages = pages(root / "small"), pages(root / "large")
    assert "incidents/obninsk-drone-on-roof" in small_pages and "incidents/obninsk-drone-on-roof" in large_pages
    assert not small_pages & bulk
    assert bulk <= large_pages
    for site in ("small", "large"):
        assert (root / site / "index.html").is_file() and (root / site / "sitemap.xml").is_file()
        assert (root / site / "data" / "incidents.json").is_file()
    assert (root / "large" / "data" / "incidents.json").read_text().count("Bulk incident") == 120
    assert "Bulk incident" not in (root / "small" / "data" / "incidents.json").read_text()
