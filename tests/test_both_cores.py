"""Work split over two cores gives the very same results as one, in order, whatever the child does:
results that arrive, a child that dies or fails, results that will not pickle. Loading and reading a
large content folder that way give the same records, briefing and problems as on one core."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import sys
import threading
import time
from pathlib import Path

import pytest

import generator.both_cores as both_cores
import generator.content.reader as reader
from generator.content.errors import ContentError
from generator.content.load import load
from generator.generate import generate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth  # noqa: E402

pytestmark = pytest.mark.skipif((os.cpu_count() or 1) < 2 or sys.platform != "linux",
                                reason="work is split over two cores only on Linux with two cores")


@pytest.fixture
def spawned(monkeypatch):
    """The processes map_on_two_cores forks. Threads other tests left behind would keep it on one core:
    this process counts as having none but its own, unless a test says otherwise."""
    started = []
    real_start = both_cores.multiprocessing.context.ForkProcess.start
    monkeypatch.setattr(both_cores.multiprocessing.context.ForkProcess, "start",
                        lambda self: (started.append(self), real_start(self))[1])
    monkeypatch.setattr(both_cores.threading, "active_count", lambda: 1)
    monkeypatch.setattr(both_cores, "MIN_ITEMS", 1)
    return started


PARENT = os.getpid()
CHILD_AT_WORK = multiprocessing.Value("i", 0)


def both_at_work(n: int) -> None:
    """Items this small would all be worked here before the child starts: the first waits for it."""
    if os.getpid() != PARENT:
        CHILD_AT_WORK.value = 1
    elif n == 0:
        CHILD_AT_WORK.value = 0
        while not CHILD_AT_WORK.value:
            time.sleep(0.001)


def square_and_where(n: int) -> tuple[int, int]:
    both_at_work(n)
    return n * n, os.getpid()


def test_results_in_order_and_both_sides_work(spawned):
    items = list(range(5000))
    results = both_cores.map_on_two_cores(square_and_where, items)
    assert [square for square, _ in results] == [n * n for n in items]
    workers = [pid for _, pid in results]
    assert spawned and set(workers) == {PARENT, spawned[0].pid}
    # each side took one run of items: this process from the front, the child from the back
    split = workers.index(spawned[0].pid)
    assert 0 < split < len(items) and set(workers[split:]) == {spawned[0].pid}
    assert spawned[0].exitcode == 0


def square(n: int) -> int:
    return n * n


def test_few_items_are_worked_here(spawned, monkeypatch):
    monkeypatch.setattr(both_cores, "MIN_ITEMS", 100)
    assert both_cores.map_on_two_cores(square, range(99)) == [n * n for n in range(99)]
    assert not spawned


def test_a_process_with_other_threads_works_on_one_core(spawned, monkeypatch):
    """A fork copies only the forking thread: a lock another thread holds would stay held in the child."""
    monkeypatch.setattr(both_cores.threading, "active_count", lambda: 2)
    assert both_cores.map_on_two_cores(square, range(300)) == [n * n for n in range(300)]
    assert not spawned


@pytest.mark.parametrize("after", [0, 3])
def test_a_child_that_dies_leaves_its_items_to_this_process(spawned, after):
    done = []

    def work(n):
        both_at_work(n)
        if os.getpid() != PARENT:
            done.append(n)
            if len(done) > after * both_cores.CHUNK:  # after sending a few chunks, or before any
                os._exit(1)
        return n * 2

    assert both_cores.map_on_two_cores(work, range(3000)) == [n * 2 for n in range(3000)]
    assert spawned[0].exitcode == 1


def test_an_error_in_the_child_is_raised_here(spawned):
    def work(n):
        both_at_work(n)
        if n == 2990:
            raise ValueError(f"item {n} is bad in {'the child' if os.getpid() != PARENT else 'the parent'}")
        return n

    with pytest.raises(ValueError, match="item 2990 is bad in the parent"):
        both_cores.map_on_two_cores(work, range(3000))
    assert spawned[0].exitcode == 0


def test_an_error_here_stops_the_child(spawned):
    worked_there = multiprocessing.Value("q", 0)

    def work(n):
        if os.getpid() == PARENT:
            if n == 40:
                while not worked_there.value:  # the child is at work
                    time.sleep(0.001)
                raise KeyError(n)
        else:
            worked_there.value += 1
            time.sleep(0.0001)
        return n

    with pytest.raises(KeyError):
        both_cores.map_on_two_cores(work, range(100_000))
    assert spawned[0].exitcode == 0 and 0 < worked_there.value < 50_000


def test_results_that_will_not_pickle_are_worked_here(spawned):
    def work(n):
        return threading.Lock() if n % 2 else n  # a lock cannot be pickled

    results = both_cores.map_on_two_cores(work, range(3000))
    assert [r for r in results[::2]] == list(range(0, 3000, 2))
    assert all(type(r) is type(threading.Lock()) for r in results[1::2])
    with pytest.raises(TypeError):
        pickle.dumps(results[-1])


def _content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    synth.synthesise(content, incidents=20, seed=3, max_updates=1)
    return content


def _records(read: tuple[list, list]) -> tuple[list, list]:
    records, problems = read
    return [(r.kind, r.id, r.path, r.data, r.body, r.body_line, r.values, r.keys) for r in records], problems


def test_two_cores_read_what_one_reads(tmp_path, monkeypatch, spawned):
    content = _content(tmp_path)
    # problems on both sides of the split: files read by either process
    (content / "incidents" / "Bad Name.md").write_text("---\ntitle: x\n---\n")
    (content / "incidents" / "no-front-matter.md").write_text("Just text.\n")
    (content / "statements" / "anchor.md").write_text("---\nquote: &a x\n---\n")
    two = _records(reader.read_content(content))
    assert spawned, "the second core was not used"
    monkeypatch.setattr(both_cores, "MIN_ITEMS", 10**9)
    one = _records(reader.read_content(content))
    assert two == one
    assert len(one[0]) > 50 and len(one[1]) == 3


def test_two_cores_load_what_one_loads(tmp_path, monkeypatch, spawned):
    content = _content(tmp_path)
    two = load(content)
    assert spawned
    monkeypatch.setattr(both_cores, "MIN_ITEMS", 10**9)
    one = load(content)
    generate(content, tmp_path / "two", briefing=two)
    generate(content, tmp_path / "one", briefing=one)
    assert _files(tmp_path / "two") == _files(tmp_path / "one")
    assert len(_files(tmp_path / "one")) > 100


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in folder.rglob("*") if path.is_file()}


def test_two_cores_report_what_one_reports(tmp_path, monkeypatch, spawned):
    """Problems reading, validating and linking, found on either side, are all reported."""
    content = _content(tmp_path)
    (content / "incidents" / "no-front-matter.md").write_text("Just text.\n")
    incidents = sorted((content / "incidents").rglob("*.md"))
    first, last = incidents[0], incidents[-1]
    first.write_text(first.read_text().replace("status:", "statut:", 1))  # a misspelt field
    last.write_text(last.read_text().replace("regions:", "regions: [no-such-region]\nold_regions:", 1))
    with pytest.raises(ContentError) as two:
        load(content)
    assert spawned
    monkeypatch.setattr(both_cores, "MIN_ITEMS", 10**9)
    with pytest.raises(ContentError) as one:
        load(content)
    assert two.value.problems == one.value.problems
    messages = " ".join(p.message for p in one.value.problems)
    assert "statut" in messages and "no front matter" in messages
