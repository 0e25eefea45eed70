"""Links between records in text: `[words](incident:ID)` (or statement, measure, region, actor, source) in a body
or an update's note becomes a link to that record's page, and an id that does not exist is an error at its line
and column, like every other reference."""

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
                 "[the outlet](source:rbc) and [elsewhere](https://example.org/).\n")
    out = tmp_path / "out"
    generate(linked.dir, out)
    own = (out / "incidents" / "x.md").read_text(encoding="utf-8")
    # the site's own pages: not nofollow, unlike a link out of the site
    assert '<a href="../other/">the earlier incident</a>' in own
    assert '<a href="../../sources/rbc/">the outlet</a>' in own
    assert '<a href="https&#58;//example&#46;org/" rel="noopener noreferrer nofollow">elsewhere</a>' in own
    month = (out / "timeline" / "2026" / "11.md").read_text(encoding="utf-8")
    assert '<a href="../../../incidents/other/">the earlier incident</a>' in month


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


UPDATED = INCIDENT + "updates:\n  - date: 2026-11-26\n    note: \"Corrected after [a later report](incident:{ref}).\"\n"


def test_a_link_in_an_update_note_is_checked_at_its_line_and_column(linked, invalid):
    """Line 9 is the note (after the five fields and `updates:`, `- date:`); the id starts after the opening
    quote, the words and '](incident:'."""
    linked.write("incidents/x.md", UPDATED.format(ref="othr"), "Body.\n")
    invalid(f"{X}:9:54: error: unknown incident 'othr' (did you mean 'other'?)")


def test_a_link_in_an_update_note_leads_to_the_record_on_every_page_that_shows_the_note(linked, tmp_path):
    from generator.generate import generate

    linked.write("incidents/x.md", UPDATED.format(ref="other"), "Body.\n")
    out = tmp_path / "out"
    generate(linked.dir, out)
    own = (out / "incidents" / "x.md").read_text(encoding="utf-8")
    assert "— Corrected after [a later report](other.md)&#46;" in own  # MkDocs makes other.md its URL
    corrections = (out / "corrections" / "index.md").read_text(encoding="utf-8")
    assert "— Corrected after [a later report](../incidents/other.md)&#46;" in corrections
    feed = (out / "feed.xml").read_text(encoding="utf-8")  # the feed has no link in a summary: the words
    assert "Corrected after a later report.</summary>" in feed and "(incident:other)" not in feed


def test_an_update_note_s_other_markdown_still_shows_as_written(linked, tmp_path):
    from generator.generate import generate

    note = "See [x](javascript:alert(1)) and *this* [a](incident:other)"
    linked.write("incidents/x.md", INCIDENT + f"updates:\n  - date: 2026-11-26\n    note: '{note}'\n", "Body.\n")
    out = tmp_path / "out"
    generate(linked.dir, out)
    own = (out / "incidents" / "x.md").read_text(encoding="utf-8")
    assert "(javascript:" not in own and "*this*" not in own
    assert "[a](other.md)" in own
