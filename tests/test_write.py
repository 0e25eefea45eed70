"""Writing generated pages: only changed bytes are rewritten, pages whose record is gone are
removed, and nothing outside the generator's own folder is ever written or deleted."""

from __future__ import annotations

import os

import pytest

from generator.generate import generate
from generator.write import MARKER, OutputFolder, WriteError, WriteStats

from site_fixture import write_content


def write_pages(out_dir, pages: dict[str, str]) -> WriteStats:
    """What generate does with a folder: write every page where its bytes changed, remove the others."""
    folder = OutputFolder(out_dir)
    written = folder.write_all(pages)
    return WriteStats(unchanged=len(pages) - len(written), removed=folder.remove_others(pages), paths=written)


def test_unchanged_pages_are_not_rewritten(tmp_path):
    out = tmp_path / "out"
    first = write_pages(out, {"a.md": "A\n", "b/c.md": "C\n"})
    assert (first.written, first.unchanged, first.removed) == (2, 0, 0)
    os.utime(out / "a.md", (1_000_000, 1_000_000))
    second = write_pages(out, {"a.md": "A\n", "b/c.md": "C changed\n"})
    assert (second.written, second.unchanged, second.removed) == (1, 1, 0)
    assert (out / "a.md").stat().st_mtime == 1_000_000
    assert (out / "b" / "c.md").read_text() == "C changed\n"


def test_pages_whose_record_is_gone_are_removed_with_their_empty_folders(tmp_path):
    out = tmp_path / "out"
    write_pages(out, {"a.md": "A\n", "old/x.md": "X\n"})
    stats = write_pages(out, {"a.md": "A\n"})
    assert stats.removed == 1
    assert not (out / "old").exists()
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "a.md"]


def test_a_folder_with_files_the_generator_did_not_write_is_refused(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "about.md").write_text("# Hand-written\n")
    with pytest.raises(WriteError, match="holds files the generator did not write"):
        write_pages(docs, {"index.md": "x\n"})
    assert [p.name for p in docs.iterdir()] == ["about.md"]


@pytest.mark.parametrize("path", ["../escape.md", "/etc/x.md", "a/../../b.md", ""])
def test_nothing_is_written_outside_the_folder(tmp_path, path):
    with pytest.raises(WriteError, match="refusing to write outside"):
        write_pages(tmp_path / "out", {path: "x\n"})
    assert not (tmp_path / "escape.md").exists()


def test_a_folder_named_like_the_output_is_not_touched(tmp_path):
    """Paths are compared by component: 'out_internal' is not inside 'out'."""
    sibling = tmp_path / "out_internal"
    sibling.mkdir()
    (sibling / "keep.md").write_text("keep\n")
    write_pages(tmp_path / "out", {"a.md": "A\n"})
    write_pages(tmp_path / "out", {})
    assert (sibling / "keep.md").read_text() == "keep\n"


def test_an_edit_to_one_record_rewrites_only_the_pages_that_show_it(tmp_path):
    content = write_content(tmp_path)
    out = tmp_path / "out"
    generate(content, out)
    source = content / "actors" / "nato.md"
    source.write_text(source.read_text().replace("name: NATO", "name: NATO (North Atlantic Treaty Organization)"))
    stats = generate(content, out).stats
    # The actor's own page, the actors index, and the pages that name NATO as an affiliation.
    assert 1 <= stats.written <= 6, stats
    assert stats.removed == 0


def test_a_temporary_file_left_by_a_killed_run_neither_blocks_a_write_nor_stays(tmp_path):
    """A run killed mid-write leaves `.name.PID.tmp`; a later run with the same process id writes through
    another temporary name, and the next whole write removes the leftover."""
    out = tmp_path / "out"
    write_pages(out, {"a.md": "A\n"})
    leftover = out / f".a.md.{os.getpid()}.tmp"
    leftover.write_text("half a pa")
    stats = write_pages(out, {"a.md": "A changed\n"})
    assert (out / "a.md").read_text() == "A changed\n"
    assert stats.removed == 1 and not leftover.exists()
    assert sorted(p.name for p in out.iterdir()) == [MARKER, "a.md"]


def test_a_link_planted_in_the_folder_is_replaced_not_followed(tmp_path):
    outside = tmp_path / "outside.md"
    outside.write_text("keep\n")
    out = tmp_path / "out"
    write_pages(out, {"a.md": "A\n"})
    (out / "a.md").unlink()
    (out / "a.md").symlink_to(outside)
    write_pages(out, {"a.md": "A again\n"})
    assert outside.read_text() == "keep\n"
    assert not (out / "a.md").is_symlink() and (out / "a.md").read_text() == "A again\n"


def test_a_page_written_under_a_path_with_a_doubled_slash_is_not_removed_as_stale(tmp_path):
    out = tmp_path / "out"
    write_pages(out, {"b/c.md": "C\n"})
    stats = write_pages(out, {"b//c.md": "C again\n"})
    assert stats.removed == 0 and (out / "b" / "c.md").read_text() == "C again\n"


@pytest.mark.parametrize("begin", [0.0, 0.3, 0.5, 0.99])
def test_writing_from_part_way_through_writes_every_changed_page_and_says_which_in_path_order(tmp_path, begin):
    from generator.write import OutputFolder

    pages = {f"{folder}/{n}.md": f"page {folder} {n}\n" for folder in ("a", "b", "c") for n in range(4)}
    folder = OutputFolder(tmp_path / "out")
    assert folder.write_all(pages, begin=begin) == sorted(pages)
    assert {str(p.relative_to(tmp_path / "out")): p.read_text() for p in (tmp_path / "out").rglob("*.md")} == pages
    changed = {path: text + "more\n" for path, text in list(pages.items())[::5]}
    assert OutputFolder(tmp_path / "out").write_all({**pages, **changed}, begin=begin) == sorted(changed)
