"""What a page reads of the briefing (generator/preview/reads.py), noted for `mkdocs serve`'s incremental rebuilds."""

from __future__ import annotations

import pickle
from collections import defaultdict

from generator.content.load import load
from generator.preview.reads import EVERY, READS, changed_keys, noting

from site_fixture import write_content


def test_lookups_of_records_and_index_keys_are_noted_while_noting(tmp_path):
    b = load(write_content(tmp_path))
    with noting() as outer:
        _ = b["region"]["obninsk"].model.name  # a read is what is under test: its value is not
        with noting() as inner:
            b["actor"].get("nato")
            b.children.get("russia", [])
            _ = "kaluga-oblast" in b.region_incidents
            b.ancestors("obninsk")  # walks the parents through the records
        _ = b["incident"]["kaluga-earlier"].body
    assert inner == {("record", "actor", "nato"), ("index", "children", "russia"),
                     ("index", "region_incidents", "kaluga-oblast"), ("record", "region", "kaluga-oblast"),
                     ("record", "region", "obninsk"), ("record", "region", "central-federal-district"),
                     ("record", "region", "russia")}
    assert inner < outer  # an inner set's reads are the outer one's too
    assert {("record", "incident", "kaluga-earlier"), ("body", "incident", "kaluga-earlier")} < outer
    assert READS == []


def test_walking_a_whole_table_is_noted_as_every_key(tmp_path):
    b = load(write_content(tmp_path))
    with noting() as found:
        list(b["source"].values())
        sorted(b.actor_statements)
    assert found == {("record", "source", EVERY), ("index", "actor_statements", EVERY)}


def test_nothing_is_noted_outside_a_preview(tmp_path):
    b = load(write_content(tmp_path))
    b["region"]["obninsk"], b.children.get("russia"), b["incident"]["kaluga-earlier"].body
    assert READS == []


def test_changed_keys_name_the_keys_whose_lists_differ():
    old = {"russia": ["a"], "obninsk": ["b"]}
    assert changed_keys("children", old, {"russia": ["a"], "obninsk": ["b"]}) == set()
    assert changed_keys("children", old, {"russia": ["a", "c"], "kaluga": ["d"]}) == {
        ("index", "children", "russia"), ("index", "children", "obninsk"), ("index", "children", "kaluga"),
        ("index", "children", EVERY)}


def test_a_briefing_survives_pickling_with_its_indices(tmp_path):
    b = load(write_content(tmp_path))
    copy = pickle.loads(pickle.dumps(b))
    assert copy.indices().keys() == b.indices().keys()
    assert all(copy.indices()[name].name == name and copy.indices()[name] == index
               for name, index in b.indices().items())
    assert copy["region"].kind == "region" and list(copy["region"]) == list(b["region"])


def test_a_briefing_that_stops_noting_has_plain_tables_and_renders_the_same(tmp_path):
    """A forked build worker never notes reads: its tables become plain dicts, each lookup dict's own."""
    from generator.pages.plan import plan
    from generator.pages.render import render

    content = write_content(tmp_path)
    noted, plain = load(content), load(content)
    plain.stop_noting()
    tables = [*plain.records.values(), *(getattr(plain, name) for name in noted.indices())]
    assert len(tables) > 10
    assert all(type(table).__getitem__ in (dict.__getitem__, defaultdict.__getitem__) for table in tables)
    assert plain["region"].kind == "region" and plain.children.name == "children"
    assert plain.children["no-such-region"] == []  # still a defaultdict
    with noting() as found:
        plain["region"]["obninsk"], plain.children.get("russia")
    assert found == set()
    assert render(plan(plain), plain) == render(plan(noted), noted)
