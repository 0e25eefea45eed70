"""Reading a large content folder on two cores gives the very same records and problems as one core,
and a child that dies leaves its files to the parent."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import generator.reader as reader

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth  # noqa: E402

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2 or sys.platform != "linux",
                                reason="reads on two cores only on Linux with two cores")


@pytest.fixture
def spawned(monkeypatch):
    """The processes read_content forks. Threads other tests left behind would keep it on one core:
    this process counts as having none but its own, unless a test says otherwise."""
    started = []
    real_start = reader.multiprocessing.context.ForkProcess.start
    monkeypatch.setattr(reader.multiprocessing.context.ForkProcess, "start",
                        lambda self: (started.append(self), real_start(self))[1])
    monkeypatch.setattr(reader.threading, "active_count", lambda: 1)
    return started


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    synth.synthesise(content, incidents=20, seed=3, max_updates=1)
    # problems on both sides of the split: files read by either process
    (content / "incidents" / "Bad Name.md").write_text("---\ntitle: x\n---\n")
    (content / "incidents" / "no-front-matter.md").write_text("Just text.\n")
    (content / "statements" / "anchor.md").write_text("---\nquote: &a x\n---\n")
    return content


def _read(content: Path, parallel_from: int, monkeypatch) -> tuple[list, list]:
    monkeypatch.setattr(reader, "PARALLEL_FROM", parallel_from)
    records, problems = reader.read_content(content)
    return [(r.kind, r.id, r.path, r.data, r.body, r.body_line, r.values, r.keys) for r in records], problems


def test_two_cores_read_what_one_reads(tmp_path, monkeypatch, spawned):
    content = _content(tmp_path)
    one = _read(content, 10**9, monkeypatch)
    assert not spawned
    two = _read(content, 1, monkeypatch)
    assert spawned, "the second core was not used"
    assert two == one
    assert len(one[0]) > 50 and len(one[1]) == 3


def test_a_process_with_other_threads_reads_on_one_core(tmp_path, monkeypatch, spawned):
    """A fork copies only the forking thread: a lock another thread holds would stay held in the child."""
    content = _content(tmp_path)
    monkeypatch.setattr(reader.threading, "active_count", lambda: 2)
    one = _read(content, 10**9, monkeypatch)
    assert _read(content, 1, monkeypatch) == one
    assert not spawned


def test_a_child_that_dies_leaves_its_files_to_the_parent(tmp_path, monkeypatch, spawned):
    content = _content(tmp_path)
    one = _read(content, 10**9, monkeypatch)
    parent = os.getpid()
    real = reader.read_file

    def read_file(path, kind):
        if os.getpid() != parent:
            os._exit(1)
        return real(path, kind)
    monkeypatch.setattr(reader, "read_file", read_file)
    assert _read(content, 1, monkeypatch) == one
    assert spawned and spawned[0].exitcode == 1
