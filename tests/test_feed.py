"""feed.xml: a well-formed Atom (RFC 4287) feed of incidents, measures and updates, newest
first, with ids that do not change between builds and the same bytes every time."""

from __future__ import annotations

import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest

from generator.content.dates import parse_date
from generator.content.load import load
from generator.generate import generate
from generator.outputs.feed import atom_feed, instant
from generator.pages.render import SiteSettings

from html_site import Site
from site_fixture import NASTY, write_content, write_project

ATOM = "{http://www.w3.org/2005/Atom}"
SITE_URL = "https://example.org/briefing/"
LATE = (
    "---\ntitle: Strike at night\ndate: 2026-11-20T18:30+03:00\nregions: [obninsk]\nstatus: reported\n"
    "sources: [tass]\nupdates:\n  - {date: 2026-11-21, note: First correction.}\n"
    "  - {date: 2026-11-21, note: Second correction the same day.}\n---\nAt night.\n"
)


@pytest.fixture(scope="module")
def briefing(tmp_path_factory):
    root = tmp_path_factory.mktemp("feed")
    content = write_content(root)
    (content / "incidents" / "strike-at-night.md").write_text(LATE, encoding="utf-8")
    return load(content)


def parse(text: str) -> ET.Element:
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n") and text.endswith("</feed>\n")
    return ET.fromstring(text.encode("utf-8"))


def when(element: ET.Element) -> datetime:
    moment = datetime.fromisoformat(element.findtext(f"{ATOM}updated"))
    assert moment.tzinfo is not None
    return moment


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


@pytest.mark.parametrize("site_url", [None, SITE_URL])
def test_feed_is_atom_with_the_required_elements(briefing, site_url):
    root = parse(atom_feed(briefing, site_url, "A briefing"))
    assert root.tag == f"{ATOM}feed"
    assert root.findtext(f"{ATOM}id") and root.findtext(f"{ATOM}title") == "A briefing"
    assert root.find(f"{ATOM}author/{ATOM}name") is not None
    when(root)
    found = entries(root)
    assert found
    for entry in found:
        entry_id = entry.findtext(f"{ATOM}id")
        assert entry_id.startswith(("urn:briefing:", SITE_URL)), entry_id  # an absolute IRI
        assert entry.findtext(f"{ATOM}title")
        when(entry)
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("href")
        assert link.get("rel", "alternate") == "alternate"
        assert entry.findtext(f"{ATOM}summary")
    ids = [entry.findtext(f"{ATOM}id") for entry in found]
    assert len(ids) == len(set(ids))


def test_feed_holds_incidents_measures_and_updates(briefing):
    titles = [e.findtext(f"{ATOM}title") for e in entries(parse(atom_feed(briefing, None)))]
    assert "Drone found on the roof of a house in Obninsk" in titles
    assert "Measure: Residents advised to stay indoors" in titles
    assert "Update: Drone found on the roof of a house in Obninsk" in titles
    assert NASTY in titles  # text as written; lxml escapes it for XML
    assert len(titles) == 4 + 1 + 2 + 2  # incidents, measure, the fixture's updates, this test's two


def test_entries_are_newest_first_and_the_feed_is_as_new_as_its_newest_entry(briefing):
    root = parse(atom_feed(briefing, None))
    moments = [when(e) for e in entries(root)]
    assert moments == sorted(moments, reverse=True)
    assert when(root) == moments[0]


def test_the_feed_keeps_only_the_newest_entries(briefing, monkeypatch):
    """Readers' apps poll the feed: it holds the newest FEED_LIMIT, not the whole briefing (data/ does)."""
    from generator.outputs import feed

    every = [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}summary")) for e in entries(parse(atom_feed(briefing, None)))]
    monkeypatch.setattr(feed, "FEED_LIMIT", 3)
    kept = [(e.findtext(f"{ATOM}id"), e.findtext(f"{ATOM}summary")) for e in entries(parse(atom_feed(briefing, None)))]
    assert len(every) > 3 and kept == every[:3]


def test_updated_is_when_a_record_was_added_or_last_updated_never_a_guessed_day(tmp_path):
    """A record's entry is as new as its `added` day or its newest update; with neither, the first day its date
    can mean (it cannot have been added before); a date-time keeps its instant, in UTC."""
    content = tmp_path / "content"
    for rel, text in {
        "regions/somewhere.md": "name: Somewhere\n",
        "sources/agency.md": "name: Agency\nkind: agency\n",
        "incidents/added.md": "title: Added\ndate: 2026-10\nadded: 2026-11-03\nregions: [somewhere]\n"
                              "status: reported\nsources: [agency]\n",
        "incidents/updated.md": "title: Updated\ndate: 2026-10\nadded: 2026-10-10\nregions: [somewhere]\n"
                                "status: reported\nsources: [agency]\nupdates:\n  - {date: 2026-11-05, note: More.}\n",
        "incidents/month.md": "title: Month\ndate: 2026-10\nregions: [somewhere]\nstatus: reported\n"
                              "sources: [agency]\n",
        "incidents/by.md": "title: By\ndate: ../2026-10-20\nregions: [somewhere]\nstatus: reported\n"
                           "sources: [agency]\n",
        "incidents/moment.md": "title: Moment\ndate: 2026-10-02T18:30+03:00\nregions: [somewhere]\n"
                               "status: reported\nsources: [agency]\n",
    }.items():
        (content / rel).parent.mkdir(parents=True, exist_ok=True)
        (content / rel).write_text(f"---\n{text}---\nText.\n", encoding="utf-8")
    root = parse(atom_feed(load(content, today=datetime(2026, 11, 25).date()), None))
    updated = {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}updated") for e in entries(root)}
    assert updated == {
        "Added": "2026-11-03T00:00:00+00:00",
        "Updated": "2026-11-05T00:00:00+00:00", "Update: Updated": "2026-11-05T00:00:00+00:00",
        "Month": "2026-10-01T00:00:00+00:00",
        "By": "2026-10-20T00:00:00+00:00",
        "Moment": "2026-10-02T15:30:00+00:00",
    }
    assert [e.findtext(f"{ATOM}title") for e in entries(root)][:3] == ["Update: Updated", "Updated", "Added"]
    assert instant(parse_date("2026")).isoformat() == "2026-01-01T00:00:00+00:00"  # where a year sorts


def test_links_are_relative_without_a_site_url_and_absolute_with_one(briefing):
    relative = parse(atom_feed(briefing, None))
    hrefs = [e.find(f"{ATOM}link").get("href") for e in entries(relative)]
    assert "incidents/obninsk-drone-on-roof/" in hrefs and "measures/obninsk-stay-indoors/" in hrefs
    assert relative.findtext(f"{ATOM}id") == "urn:briefing:feed"
    absolute = parse(atom_feed(briefing, SITE_URL.rstrip("/")))
    hrefs = [e.find(f"{ATOM}link").get("href") for e in entries(absolute)]
    assert f"{SITE_URL}incidents/obninsk-drone-on-roof/" in hrefs
    assert all(href.startswith(SITE_URL) for href in hrefs)
    assert absolute.findtext(f"{ATOM}id") == f"{SITE_URL}feed.xml"
    ids = [e.findtext(f"{ATOM}id") for e in entries(absolute)]
    assert f"{SITE_URL}incidents/strike-at-night/#update-2026-11-21" in ids
    assert f"{SITE_URL}incidents/strike-at-night/#update-2026-11-21-2" in ids


def test_entry_ids_do_not_depend_on_other_records(tmp_path, briefing):
    def ids(b):
        return {e.findtext(f"{ATOM}title"): e.findtext(f"{ATOM}id") for e in entries(parse(atom_feed(b, SITE_URL)))}

    fewer = ids(load(write_content(tmp_path)))
    more = ids(briefing)
    assert fewer and all(more[title] == entry_id for title, entry_id in fewer.items())


def test_control_characters_cannot_break_the_xml(tmp_path):
    content = write_content(tmp_path)
    (content / "incidents" / "bell.md").write_text(
        '---\ntitle: "Bell\\a and \\x1b escape"\ndate: 2026-11-02\nregions: [obninsk]\nstatus: reported\n'
        'sources: [tass]\n---\nText\x0b with a vertical tab.\n', encoding="utf-8")
    titles = [e.findtext(f"{ATOM}title") for e in entries(parse(atom_feed(load(content), None)))]
    assert "Bell and  escape" in titles


def test_two_generations_give_identical_bytes(tmp_path):
    content = write_content(tmp_path)
    one = generate(content, tmp_path / "one", settings=SiteSettings(site_url=SITE_URL, site_name="A briefing"))
    two = generate(content, tmp_path / "two", settings=SiteSettings(site_url=SITE_URL, site_name="A briefing"))
    assert one.static == two.static and "feed.xml" in one.static
    assert (tmp_path / "one" / "feed.xml").read_bytes() == (tmp_path / "two" / "feed.xml").read_bytes()


def test_every_page_of_the_site_announces_the_feed(tmp_path):
    root = write_project(tmp_path)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q"], cwd=root,
                            capture_output=True, text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""  # not a single warning
    site = Site(root / "site")
    for url, href in [("", "feed.xml"), ("incidents/obninsk-drone-on-roof/", "../../feed.xml"),
                      ("data/", "../feed.xml")]:
        alternates = [a for tag, a in site.page(url).tags
                      if tag == "link" and a.get("rel") == "alternate" and a.get("type") == "application/atom+xml"]
        assert [a["href"] for a in alternates] == [href], url
    root_el = parse((root / "site" / "feed.xml").read_text(encoding="utf-8"))
    assert root_el.findtext(f"{ATOM}title") == "Drone incidents in Kabardino-Balkaria, Dagestan and Obninsk: a briefing"


def test_a_record_page_lists_several_updates_oldest_first(tmp_path):
    content = write_content(tmp_path)
    (content / "incidents" / "strike-at-night.md").write_text(LATE.replace(
        "updates:\n", "updates:\n  - {date: 2026-11-23, note: Written first but newest.}\n"), encoding="utf-8")
    generate(content, tmp_path / "out")
    page = (tmp_path / "out" / "incidents" / "strike-at-night.md").read_text(encoding="utf-8")
    notes = ["First correction", "Second correction the same day", "Written first but newest"]
    positions = [page.index(note) for note in notes]
    assert positions == sorted(positions), page
