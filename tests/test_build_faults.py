"""Every file system and configuration fault of `briefing build` is one line naming the path and the fix, exit 2
(1 for content), no traceback, and leaves content/, docs/, .git and the previous site as they were.

The tests run as root, for whom a read-only folder is still writable, and cannot fill a disk or make a mount
point: such faults are simulated in-process (CliRunner) by making the failing os call raise the errno the
system would give (`deny`), the rest of the build running for real."""

from __future__ import annotations

import errno
import os
import time
from pathlib import Path

import pytest

import generator.engine.build as build_module

from conftest import snapshot
from test_site_folder import built, guarded, project  # noqa: F401, F811 - the same small project, built once

WRITING = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def deny(monkeypatch, folder: Path, code: int) -> None:
    """Any file or folder made in `folder` (or below it) fails with `code`, as on a read-only or full drive."""
    folder = str(folder)
    real_open, real_mkdir = os.open, os.mkdir

    def inside(path) -> bool:
        path = os.path.abspath(os.fsdecode(path))
        return path == folder or path.startswith(folder + os.sep)

    def fake_open(path, flags, *args, **kwargs):
        if flags & WRITING and inside(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    def fake_mkdir(path, *args, **kwargs):
        if inside(path) and not os.path.isdir(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))
        return real_mkdir(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", fake_open)
    monkeypatch.setattr(os, "mkdir", fake_mkdir)


def failed(run, root: Path, code: int, *args: str) -> str:
    """Run `briefing build ARGS`; assert exit `code`, one line on stderr, no traceback, nothing guarded changed,
    no staging folder left; that line."""
    before = guarded(root)
    result = run("build", *args)
    assert result.code == code, result.err
    assert "Traceback" not in "\n".join(result.out + result.err)
    assert len(result.err) == 1, result.err
    assert guarded(root) == before
    assert not [p.name for p in root.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]
    return result.err[0]


@pytest.mark.parametrize("code, fix", [
    (errno.EACCES, "give yourself write permission there or choose another folder"),
    (errno.EROFS, "that file system is read-only; choose a folder on a writable one"),
], ids=["not-writable", "read-only-file-system"])
def test_a_site_folder_whose_parent_cannot_be_written(project, run, monkeypatch, code, fix):
    out = project / "out"
    out.mkdir()
    deny(monkeypatch, out, code)
    line = failed(run, project, 2, "--site-dir", "out/site")
    assert line == f"error: cannot create the lock file {out}/.site.lock: {os.strerror(code)}; {fix}"


def test_a_read_only_site_folder_on_a_read_only_project(project, run, monkeypatch):
    """The default site folder, its parent (the project) read-only: the lock beside it cannot be made."""
    deny(monkeypatch, project, errno.EROFS)
    line = failed(run, project, 2)
    assert line.startswith(f"error: cannot create the lock file {project}/build/.generated.lock: "
                           "Read-only file system; that file system is read-only")


def test_a_read_only_build_folder(project, run, monkeypatch):
    deny(monkeypatch, project / "build", errno.EACCES)
    line = failed(run, project, 2)
    assert line == (f"error: cannot create the lock file {project}/build/.generated.lock: Permission denied; "
                    "give yourself write permission there or choose another folder")


def test_a_full_disk_while_the_site_is_written(project, run, monkeypatch):
    import mkdocs.utils

    written = []

    def full(content, output_path):
        written.append(output_path)
        if len(written) > 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), output_path)

    monkeypatch.setattr(mkdocs.utils, "write_file", full)
    line = failed(run, project, 2)
    assert line.startswith("error: cannot write ") and f"{project}/.site.new-" in line
    assert line.endswith(": No space left on device; the disk is full; free some space and build again")


def test_a_full_disk_while_the_pages_are_generated(project, run, monkeypatch):
    """Generation runs in forked processes, which inherit the patch; their error comes back as the same line."""
    import generator.write

    def full(folder, name, target, data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), target)

    monkeypatch.setattr(generator.write, "atomic_write", full)
    (project / "content" / "incidents" / "new-one.md").write_text(
        "---\ntitle: A new one\ndate: 2026-11-20\nregions: [obninsk]\nstatus: reported\nsources: [rbc]\n---\nNew.\n")
    line = failed(run, project, 2)
    assert line.startswith(f"error: cannot write {project}/build/generated/")
    assert line.endswith(": No space left on device; the disk is full; free some space and build again")


@pytest.mark.parametrize("code", [errno.EBUSY, errno.EXDEV], ids=["EBUSY", "EXDEV"])
def test_a_site_folder_that_cannot_be_renamed(project, run, monkeypatch, code):
    """A bind mount or a Docker volume: renaming it fails. The build says so, keeps the site, removes its staging."""
    def mounted(first, second):
        raise OSError(code, os.strerror(code), str(second))

    monkeypatch.setattr(build_module, "_exchange", mounted)
    line = failed(run, project, 2)
    assert line == (f"error: cannot replace the site folder {project}/site: {os.strerror(code)}; it is a mount "
                    "point, which cannot be replaced; build into a folder inside it (--site-dir DIR/site) and serve "
                    "that, or mount its parent folder instead")


def test_a_mount_point_is_said_before_building(project, run, monkeypatch):
    site = str(project / "site")
    monkeypatch.setattr(os.path, "ismount", lambda path: os.fspath(path) == site)
    started = time.monotonic()
    line = failed(run, project, 2)
    assert line.startswith(f"error: cannot replace the site folder {site}: Device or resource busy; "
                           "it is a mount point")
    assert time.monotonic() - started < 10


def test_a_site_dir_where_no_file_can_be_made_fails_at_once(project, run):
    """/proc: the lock file cannot be made there; filelock alone would wait ten minutes for it."""
    started = time.monotonic()
    line = failed(run, project, 2, "--site-dir", "/proc/briefing-site")
    assert line == ("error: cannot create the lock file /proc/.briefing-site.lock: No such file or directory; "
                    "no folder can be made there; choose another folder")
    assert time.monotonic() - started < 30


def set_option(root: Path, line: str) -> None:
    config = root / "mkdocs.yml"
    text = config.read_text()
    assert text.count("      future_tolerance_days: 2") == 1
    config.write_text(text.replace("      future_tolerance_days: 2", line))


@pytest.mark.parametrize("option, message", [
    ("      page_size: 0", "option 'page_size': must be a whole number of at least 1, not 0"),
    ("      page_size: -5", "option 'page_size': must be a whole number of at least 1, not -5"),
    ("      future_tolerance_days: -1", "option 'future_tolerance_days': must be a whole number of at least 0, not -1"),
], ids=["page-size-0", "page-size-negative", "negative-tolerance"])
def test_an_option_out_of_range_is_a_configuration_error(project, run, option, message):
    set_option(project, option)
    line = failed(run, project, 2)
    assert line == f"error: mkdocs.yml: Config value 'plugins': Plugin 'briefing' {message}; fix it there"


def test_content_naming_a_missing_folder(project, run):
    set_option(project, "      future_tolerance_days: 2\n      content: contents")
    line = failed(run, project, 2)
    assert line == (f"error: no content folder at {project}/contents; create it, or set the briefing plugin's "
                    "'content' option in mkdocs.yml (now 'contents') to the folder of records")


def test_material_search_without_materials_search_plugin(project, run):
    config = project / "mkdocs.yml"
    text = config.read_text()
    assert text.count("  - search:\n      lang: [en, ru]\n") == 1
    config.write_text(text.replace("  - search:\n      lang: [en, ru]\n", ""))
    line = failed(run, project, 2)
    assert line == ("error: the briefing plugin's 'search: material' needs Material's search plugin; add '- search' "
                    "to the plugins in mkdocs.yml (or set 'search: pagefind')")


def test_a_symlink_loop_in_content_is_a_located_error(project, run):
    incidents = project / "content" / "incidents"
    (incidents / "loop-a.md").symlink_to("loop-b.md")
    (incidents / "loop-b.md").symlink_to("loop-a.md")
    before = guarded(project)
    for command in ("validate", "build"):
        result = run(command)
        assert result.code == 1, result.err
        assert "Traceback" not in "\n".join(result.err)
        assert result.problems == [
            f"content/incidents/loop-{name}.md:1:1: error: symbolic link leads round in a loop; remove it or point "
            "it at a record file in the content folder" for name in "ab"]
    assert guarded(project) == before


# --- the swap ------------------------------------------------------------------------------------------

def test_a_site_left_aside_by_a_killed_swap_is_put_back_even_if_the_build_fails(project, run):
    """Where folders cannot be exchanged in one step, a kill between the swap's two renames leaves no site/, the
    previous site in .site.old-*, and the new one in .site.new-*. The next build puts the previous one back
    first: here it then fails on its content, and the site is there all the same."""
    site = project / "site"
    before = snapshot(site)
    os.rename(site, project / ".site.old-k1ll3d")
    (project / ".site.new-k1ll3d").mkdir()
    (project / ".site.new-k1ll3d" / "index.html").write_text("new, whole or not")
    (project / "content" / "incidents" / "broken.md").write_text("---\ntitle: Broken\n---\n")
    result = run("build")
    assert result.code == 1
    assert snapshot(site) == before
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]


def test_without_an_exchange_the_two_renames_replace_the_site(project, run, monkeypatch):
    monkeypatch.setattr(build_module, "_exchange", lambda first, second: False)
    page = project / "site" / "incidents" / "obninsk-drone-on-roof" / "index.html"
    record = project / "content" / "incidents" / "obninsk-drone-on-roof.md"
    record.write_text(record.read_text().replace("*Nobody* was hurt.", "*Nobody* was hurt, the police said."))
    result = run("build")
    assert result.code == 0, result.err
    assert "the police said" in page.read_text()
    assert not [p.name for p in project.iterdir() if p.name.startswith((".site.new-", ".site.old-"))]


def test_the_exchange_swaps_two_folders_in_one_step(tmp_path):
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "new").write_text("")
    (second / "old").write_text("")
    if not build_module._exchange(first, second):
        pytest.skip("this file system cannot exchange two folders; _swap's two renames are tested above")
    assert [p.name for p in first.iterdir()] == ["old"] and [p.name for p in second.iterdir()] == ["new"]
