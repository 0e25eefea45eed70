"""What a page reads of the briefing (generator/preview/reads.py), noted for `briefing serve`'s incremental
rebuilds: a preview traces the briefing it hands to the stages; a build's briefing notes nothing."""

from __future__ import annotations

from collections import defaultdict

from generator.content.load import load
from generator.content.trace import EVERY, UNTRACED
from generator.pages.plan import plan
from generator.pages.render import render
from generator.preview.reads import changed_keys, traced

from site_fixture import write_content


def test_lookups_of_records_and_index_keys_are_noted_while_collecting(tmp_path):
    b = traced(load(write_content(tmp_path)))
    with b.trace.collecting() as outer:
        _ = b["region"]["obninsk"].model.name  # a read is what is under test: its value is not
        with b.trace.collecting() as inner:
            b["actor"].get("nato")
            b.children.get("russia", [])
            _ = "kaluga-oblast" in b.region_incidents
            b.ancestors("obninsk")  # walks the parents through the records
        b.body(b["incident"]["kaluga-earlier"])
    assert inner == {("record", "actor", "nato"), ("index", "children", "russia"),
                     ("index", "region_incidents", "kaluga-oblast"), ("record", "region", "kaluga-oblast"),
                     ("record", "region", "obninsk"), ("record", "region", "central-federal-district"),
                     ("record", "region", "russia")}
    assert inner < outer  # an inner set's reads are the outer one's too
    assert {("record", "incident", "kaluga-earlier"), ("body", "incident", "kaluga-earlier")} < outer
    assert b.trace.stack == []


def test_a_cached_ancestry_is_noted_again_when_it_answers(tmp_path):
    b = traced(load(write_content(tmp_path)))
    b.ancestors("obninsk")  # cached now
    with b.trace.collecting() as found:
        b.ancestors("obninsk")
    assert ("record", "region", "russia") in found and ("record", "region", "obninsk") in found


def test_walking_a_whole_table_is_noted_as_every_key(tmp_path):
    b = traced(load(write_content(tmp_path)))
    with b.trace.collecting() as found:
        list(b["source"].values())
        sorted(b.actor_statements)
    assert found == {("record", "source", EVERY), ("index", "actor_statements", EVERY)}


def test_nothing_is_noted_outside_a_collection(tmp_path):
    b = traced(load(write_content(tmp_path)))
    b["region"]["obninsk"], b.children.get("russia"), b.body(b["incident"]["kaluga-earlier"])
    with b.trace.collecting() as found:
        pass
    assert found == set() and b.trace.stack == []


def test_a_build_briefing_has_plain_tables_and_no_trace(tmp_path):
    b = load(write_content(tmp_path))
    tables = [*b.records.values(), *b.indices().values()]
    assert len(tables) > 10
    assert all(type(table) in (dict, defaultdict) for table in tables)
    assert b.trace is UNTRACED and b.children["no-such-region"] == []  # still a defaultdict


def test_a_traced_briefing_shares_the_records_and_renders_the_same(tmp_path):
    plain = load(write_content(tmp_path))
    noted = traced(plain)
    assert noted["region"]["obninsk"] is plain["region"]["obninsk"]
    assert noted.children.get("russia") is plain.children.get("russia")
    assert traced(noted) is noted  # wrapping twice changes nothing
    reads: dict[str, set] = {}
    assert render(plan(noted), noted, reads=reads) == render(plan(plain), plain)
    assert ("body", "incident", "kaluga-earlier") in reads["incidents/kaluga-earlier.md"]
    assert ("body", "incident", "kaluga-earlier") not in reads["index.md"]  # the home page lists titles only


def test_changed_keys_name_the_keys_whose_lists_differ():
    old = {"russia": ["a"], "obninsk": ["b"]}
    assert changed_keys("children", old, {"russia": ["a"], "obninsk": ["b"]}) == set()
    assert changed_keys("children", old, {"russia": ["a", "c"], "kaluga": ["d"]}) == {
        ("index", "children", "russia"), ("index", "children", "obninsk"), ("index", "children", "kaluga"),
        ("index", "children", EVERY)}
