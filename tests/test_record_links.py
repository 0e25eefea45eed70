"""Links between records in text: `[words](incident:ID)` (or statement, measure, region, actor, source) in a body
becomes a link to that record's page, and an id that does not exist is an error at its line and column, like every
other reference."""

from __future__ import annotations

import pytest

from conftest import INCIDENT

X = "content/incidents/x.md"
OTHER = INCIDENT.replace("Drone on a roof", "Drone shot down")


@pytest.fixture
def linked(content):
    content.world()
    content.write("incidents/other.md", OTHER)
    return content


def test_a_link_to_a_record_in_a_body_is_valid(linked, valid):
    linked.write("incidents/x.md", INCIDENT, "Seen after [the earlier incident](incident:other), "
                 "as [the outlet](source:rbc) reported.\n")
    valid()


@pytest.mark.parametrize("body, where, message", [
    ("First line.\nSee [it](incident:othr) now.\n", "9:19",
     "unknown incident 'othr' (did you mean 'other'?)"),
    ("See [the region](region:nowhere).\n", "8:25",
     "unknown region 'nowhere'; no file nowhere.md under content/regions/"),
    ("See [it](incident:Other).\n", "8:19",
     "'Other' is not an id; write a link to another record as [words](incident:ID), the ID as in the record's "
     "file name (lowercase, with hyphens)"),
], ids=["did-you-mean", "unknown", "not-an-id"])
def test_a_link_to_a_record_that_does_not_exist_is_an_error_at_its_place(linked, invalid, body, where, message):
    linked.write("incidents/x.md", INCIDENT, body)
    invalid(f"{X}:{where}: error: {message}")


def test_a_link_to_a_merged_record_names_the_one_it_was_merged_into(linked, invalid):
    linked.write("incidents/other.md", OTHER + "aliases: [old-other]\n")
    linked.write("incidents/x.md", INCIDENT, "See [it](incident:old-other).\n")
    invalid(f"{X}:8:19: error: incident 'old-other' was merged into 'other'; use 'other'")


def test_the_link_leads_to_the_record_s_page_from_every_page_that_shows_the_body(linked, tmp_path):
    from generator.generate import generate

    linked.write("incidents/x.md", INCIDENT, "After [the earlier incident](incident:other), reported by "
                 "[the outlet](source:rbc).\n")
    out = tmp_path / "out"
    generate(linked.dir, out)
    own = (out / "incidents" / "x.md").read_text(encoding="utf-8")
    assert '<a href="../other/" rel="noopener noreferrer nofollow">the earlier incident</a>' in own
    assert '<a href="../../sources/rbc/" rel="noopener noreferrer nofollow">the outlet</a>' in own
    month = (out / "timeline" / "2026" / "11.md").read_text(encoding="utf-8")
    assert '<a href="../../../incidents/other/" rel="noopener noreferrer nofollow">the earlier incident</a>' in month


def test_a_preview_checks_a_link_added_by_an_edit_to_a_body(linked, tmp_path):
    """`briefing serve` re-renders a body edit without linking the records again, except when the body links
    a record: then the link is checked as a build checks it."""
    from generator.content.errors import ContentError
    from generator.preview.incremental import Session

    path = linked.write("incidents/x.md", INCIDENT, "Plain text.\n")
    out, session = tmp_path / "out", Session()
    session.generate(linked.dir, out)
    path.write_text(path.read_text(encoding="utf-8").replace("Plain text.", "See [it](incident:nope)."),
                    encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        session.generate(linked.dir, out)
    assert [p.message for p in raised.value.problems] == ["unknown incident 'nope'; no file nope.md under "
                                                          "content/incidents/"]
    path.write_text(path.read_text(encoding="utf-8").replace("incident:nope", "incident:other"), encoding="utf-8")
    session.generate(linked.dir, out)
    assert '<a href="../other/"' in (out / "incidents" / "x.md").read_text(encoding="utf-8")
