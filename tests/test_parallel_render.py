"""Rendering in forked workers gives the very same pages as one process."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

import generator.generate as gen
from generator.load import load

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
