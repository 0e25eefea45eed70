"""Rendering in forked workers gives the very same pages as one process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

import generator.generate as gen
from generator.content.load import load

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
import synth  # noqa: E402


def files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(sys.platform == "win32", reason="fork only")
def test_two_workers_write_the_same_bytes_as_one(tmp_path, monkeypatch):
    synth.synthesise(tmp_path / "content", incidents=30, seed=5, max_updates=2)
    briefing = load(tmp_path / "content")
    monkeypatch.setattr(gen, "PARALLEL_FROM", 1)  # a small briefing, split all the same
    monkeypatch.setattr(gen.os, "cpu_count", lambda: 2)
    one = gen.generate(tmp_path / "content", tmp_path / "one", briefing=briefing, workers=1)
    two = gen.generate(tmp_path / "content", tmp_path / "two", briefing=briefing, workers=2)
    assert [p.path for p in one.pages] == [p.path for p in two.pages]
    assert files(tmp_path / "one") == files(tmp_path / "two")
    assert len(files(tmp_path / "one")) > 100


class _Stubborn(Exception):
    """An error that pickles but will not unpickle (its class needs two arguments, its args hold one)."""

    def __init__(self, first, second):
        super().__init__(first)


def _failing_on(path: str, failure):
    """render, but failing (in the worker whose share holds `path`) with failure()."""
    real = gen.render

    def render(pages, *args, **kwargs):
        if any(page.path == path for page in pages):
            failure()
        return real(pages, *args, **kwargs)
    return render


@pytest.mark.skipif(sys.platform == "win32", reason="fork only")
@pytest.mark.parametrize("failure, error", [
    (lambda: (_ for _ in ()).throw(ValueError("not a slug: 'x y'")), ValueError),
    (lambda: os._exit(3), RuntimeError),
    (lambda: (_ for _ in ()).throw(_Stubborn("odd", "error")), RuntimeError),
    ("exports", KeyError),
], ids=["template error", "worker killed", "error that will not unpickle", "export error"])
def test_a_worker_that_fails_leaves_the_folder_as_it_was(tmp_path, monkeypatch, failure, error):
    """Files are written only once every worker has made its share: a failure in one worker (a render
    worker, or the one making the data files) is raised in the parent (with its message, or the worker's
    exit code) and no file of another is written."""
    synth.synthesise(tmp_path / "content", incidents=30, seed=5, max_updates=2)
    briefing = load(tmp_path / "content")
    monkeypatch.setattr(gen, "PARALLEL_FROM", 1)
    monkeypatch.setattr(gen.os, "cpu_count", lambda: 2)
    out = tmp_path / "out"
    first = gen.generate(tmp_path / "content", out, briefing=briefing, workers=2)
    before = files(out)
    (out / first.pages[0].path).write_text("edited by hand\n")  # the other worker would rewrite it
    if failure == "exports":
        monkeypatch.setattr(gen, "static_files", lambda *args, **kwargs: {}["data/incidents.csv"])
    else:
        monkeypatch.setattr(gen, "render", _failing_on(first.pages[-1].path, failure))
    with pytest.raises(error, match="not a slug|exit code 3|could not be read back|incidents.csv"):
        gen.generate(tmp_path / "content", out, briefing=briefing, workers=2)
    assert files(out) == {**before, first.pages[0].path: b"edited by hand\n"}


@pytest.mark.skipif(sys.platform == "win32", reason="fork only")
def test_the_exports_are_made_in_a_process_of_their_own(tmp_path, monkeypatch):
    """Beside planning, which runs here: three processes for two workers, and the data files as one process
    makes them."""
    synth.synthesise(tmp_path / "content", incidents=30, seed=5, max_updates=2)
    briefing = load(tmp_path / "content")
    monkeypatch.setattr(gen, "PARALLEL_FROM", 1)
    monkeypatch.setattr(gen.os, "cpu_count", lambda: 2)
    started = []
    real_start = gen.multiprocessing.context.ForkProcess.start
    monkeypatch.setattr(gen.multiprocessing.context.ForkProcess, "start",
                        lambda self: (started.append(self), real_start(self))[1])
    one = gen.generate(tmp_path / "content", tmp_path / "one", briefing=briefing, workers=1)
    assert not started
    two = gen.generate(tmp_path / "content", tmp_path / "two", briefing=briefing, workers=2)
    assert len(started) == 3 and all(process.exitcode == 0 for process in started)
    assert two.static == one.static and "data/incidents.csv" in two.static
    assert two.stats.paths == one.stats.paths
    assert files(tmp_path / "one") == files(tmp_path / "two")
