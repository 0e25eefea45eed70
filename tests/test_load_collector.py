"""Loading runs with Python's cycle collector paused (generator/content/load.py; bench/RESULTS.md has what it
saves): the collector comes back as the caller had it, on bad content too, and loading leaves no cycles
behind for it to find later."""

from __future__ import annotations

import gc
import sys

import pytest

from generator.content import load as load_module
from generator.content.errors import ContentError
from generator.content.load import load

from site_fixture import ROOT, write_content

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402


@pytest.fixture
def collector_restored():
    was = gc.isenabled()
    yield
    gc.enable() if was else gc.disable()


@pytest.mark.parametrize("enabled", [True, False])
def test_the_collector_is_left_as_it_was(tmp_path, monkeypatch, collector_restored, enabled):
    content = write_content(tmp_path)
    during = []
    real_link = load_module.link

    def spying_link(*args):
        during.append(gc.isenabled())
        return real_link(*args)

    monkeypatch.setattr(load_module, "link", spying_link)
    gc.enable() if enabled else gc.disable()
    assert load(content).records["incident"]
    assert during == [False]  # paused while the records are built
    assert gc.isenabled() is enabled

    (content / "incidents" / "broken.md").write_text("---\nid: broken\ntitle: [unclosed\n---\n", encoding="utf-8")
    with pytest.raises(ContentError):
        load(content)
    assert gc.isenabled() is enabled


def test_loading_leaves_no_cycles_behind(tmp_path, collector_restored):
    content = tmp_path / "content"
    synth.synthesise(content, 200, seed=2)
    gc.collect()
    gc.disable()  # only what loading leaves is counted below
    briefing = load(content)
    records = sum(len(briefing[kind]) for kind in briefing.records)
    unreachable = gc.collect()
    assert records > 500 and unreachable < 50, unreachable
