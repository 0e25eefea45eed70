"""Briefings (the seventh kind): their pages, the home page's opening block, the feed, data/briefings.json,
the corrections page, the print-ready PDF (read back with poppler's pdftotext), `briefing new briefing`,
and a preview's edits of a briefing. The bad inputs are in tests/cases/bad_inputs.yml."""

from __future__ import annotations

import html
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from generator.generate import generate
from generator.pages.render import SiteSettings
from generator.preview.incremental import Session

from conftest import INCIDENT, MEASURE, STATEMENT, Content

SETTINGS = SiteSettings(site_name="Riverton Briefing", site_url="https://example.org/riverton/")
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="poppler-utils (pdftotext) is not installed")

WEEK = """\
title: "Riverton week: drones over the roofs"
date: 2026-11-24
points:
  - "A drone was [found on a roof](incident:riverton-roof) in Riverton, according to Example Daily."
  - "The Governor [asked residents to stay indoors](measure:riverton-indoors)
    and [called it a test](statement:governor-test)."
regions: [kaluga-oblast]
updates:
  - {date: 2026-11-24, note: "Corrected the day of the Riverton sighting."}
"""
EARLIER = 'title: Riverton before the drones\ndate: 2026-11-20\npoints: ["All was quiet in Riverton."]\n'


def _write(content) -> None:
    content.world()
    content.write("incidents/riverton-roof.md", INCIDENT,
                  "Anna Example saw it ([the week](briefing:riverton-week)).\n")
    content.write("measures/riverton-indoors.md", MEASURE)
    content.write("statements/governor-test.md", STATEMENT, "It is a test.\n")
    content.write("briefings/riverton-week.md", WEEK,
                  "## What changed\n\nA drone [was found](incident:riverton-roof).\n\n"
                  "## What to watch\n\nMore roofs.\n")
    content.write("briefings/riverton-before.md", EARLIER, "Nothing changed.\n")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    """The briefings generated once for the tests that only read what was made (a PDF takes a second)."""
    root = tmp_path_factory.mktemp("briefings")
    content = Content(root)
    _write(content)
    out = root / "generated"
    generate(content.dir, out, settings=SETTINGS)
    return out


def _text(out: Path, path: str) -> str:
    return (out / path).read_text(encoding="utf-8")


def _shown(out: Path, path: str) -> str:
    """A generated page's text as a reader sees it (its characters are written as references: &#58; for ':')."""
    return html.unescape(_text(out, path))


def test_a_briefing_page_shows_its_date_points_linking_their_records_and_its_assessment(site):
    page = _shown(site, "briefings/riverton-week.md")
    assert "# Riverton week: drones over the roofs" in page
    assert "24 November 2026" in page
    points = page.split('<ol class="briefing-points">')[1].split("</ol>")[0]
    assert points.count("<li>") == 2
    assert '<a href="../../incidents/riverton-roof/">found on a roof</a>' in points
    assert 'href="../../measures/riverton-indoors/"' in points and 'href="../../quotes/governor-test/"' in points
    assert "<h2>What changed</h2>" in page and "More roofs" in page  # the assessment, its body
    assert 'href="../../regions/kaluga-oblast/"' in page
    assert 'href="../riverton-week.pdf"' in page  # the PDF beside it
    assert "https://example.org/riverton/briefings/riverton-week/" in page  # permalink and "cite this"
    assert "Corrected the day of the Riverton sighting." in page
    jsonld = json.loads(json.loads(_text(site, "briefings/riverton-week.md").split("jsonld: ")[1].split("\n")[0]))
    assert jsonld["@type"] == "Report" and jsonld["datePublished"] == "2026-11-24"


def test_a_body_links_a_briefing_as_any_other_record(site):
    page = _text(site, "incidents/riverton-roof.md")
    assert '<a href="../../briefings/riverton-week/">the week</a>' in page


def test_the_briefings_index_lists_them_newest_first(site):
    index = _shown(site, "briefings/index.md")
    assert index.index("riverton-week") < index.index("riverton-before")
    assert "[Riverton week: drones over the roofs](riverton-week.md)" in index


def test_the_home_page_opens_with_the_latest_briefing(site):
    home = _shown(site, "index.md")
    block = home.split("# Latest developments")[0]
    assert "Riverton week: drones over the roofs" in block and "Riverton before" not in block
    assert "Latest briefing · 24 November 2026" in block
    assert 'href="incidents/riverton-roof/"' in block  # its points, with their links
    assert 'href="briefings/riverton-week/"' in block


def test_the_feed_and_the_corrections_page_carry_briefings(site):
    feed = _text(site, "feed.xml")
    assert "<title>Briefing: Riverton week: drones over the roofs</title>" in feed
    assert "https://example.org/riverton/briefings/riverton-week/" in feed
    assert "A drone was found on a roof in Riverton" in feed  # the points as the summary
    corrections = _shown(site, "corrections/index.md")
    assert "[Riverton week: drones over the roofs](../briefings/riverton-week.md)" in corrections


def test_briefings_json_carries_points_links_and_assessment(site):
    data = json.loads(_text(site, "data/briefings.json"))
    assert data["count"] == 2 and [r["id"] for r in data["records"]] == ["riverton-week", "riverton-before"]
    week = data["records"][0]
    assert week["date"] == "2026-11-24" and week["date_precision"] == "day"
    assert week["linked"] == ["incident:riverton-roof", "measure:riverton-indoors", "statement:governor-test"]
    assert week["points"][0] == {"text": "A drone was found on a roof in Riverton, according to Example Daily.",
                                 "markdown": "A drone was [found on a roof](incident:riverton-roof) in Riverton, "
                                             "according to Example Daily."}
    assert week["assessment"].startswith("What changed A drone was found.")
    assert "[briefings.json](briefings.json)" in _text(site, "data/index.md")


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _pdf_text(path: Path) -> str:
    done = subprocess.run([PDFTOTEXT, "-layout", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


@needs_pdftotext
def test_the_pdf_holds_title_date_points_endnotes_and_permalink(site):
    pdf = site / "briefings" / "riverton-week.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    text = _pdf_text(pdf)
    assert "Riverton Briefing" in text
    assert "Riverton week: drones over the roofs" in text and "24 November 2026" in text
    assert "A drone was found on a roof1 in Riverton, according to Example Daily." in text
    assert "What changed" in text and "More roofs" in text
    # the endnotes: each linked record's title and the sources it cites, with its address
    assert "1. Drone on a roof (incident, 24 November 2026). Sources: RBC." in text
    compact = text.replace(" ", "")  # a long address is broken over two lines
    assert "https://example.org/riverton/incidents/riverton-roof/" in compact
    assert "3. Statement by The Governor (statement, 24 November 2026). Sources: RBC." in text
    assert "Permalink: https://example.org/riverton/briefings/riverton-week/" in text
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "Nov 24 00:00:00 2026" in info  # its dates are the briefing's, not the build's


def test_the_same_briefing_gives_the_same_pdf_bytes(site, content, tmp_path):
    _write(content)  # the same records, in another folder, generated at another time
    generate(content.dir, tmp_path / "again", settings=SETTINGS)
    again = (tmp_path / "again" / "briefings" / "riverton-week.pdf").read_bytes()
    assert again == (site / "briefings" / "riverton-week.pdf").read_bytes()


def test_a_point_shows_markup_as_text(content, tmp_path):
    content.world()
    content.write("briefings/x.md",
                  'title: X\ndate: 2026-11-24\npoints: ["A <script>alert(1)</script> *seen* here."]\n')
    out = tmp_path / "generated"
    generate(content.dir, out, settings=SETTINGS)
    page = _text(out, "briefings/x.md")
    point = page.split('<ol class="briefing-points">')[1].split("</ol>")[0]
    assert "<script>" not in page and "<em>seen</em>" in point
    assert html.unescape(point) == "\n<li>A <script>alert(1)</script> <em>seen</em> here.</li>\n"


def test_briefing_new_writes_a_valid_briefing_dated_today(content, run, valid, clock):
    content.world()
    result = run("new", "briefing", "Riverton week", "--region", "kaluga-oblast")
    assert result.code == 0, result.err
    path = content.dir / "briefings" / "riverton-week.md"
    text = path.read_text(encoding="utf-8")
    assert f"date: {clock.isoformat()}" in text and "regions: [kaluga-oblast]" in text
    assert "(incident:ID)" in text  # the comment shows how a point links a record
    valid()


def test_a_preview_rewrites_a_briefings_page_and_pdf_after_an_edit_to_a_point(content, tmp_path):
    _write(content)
    out = tmp_path / "generated"
    session = Session()
    session.generate(content.dir, out, settings=SETTINGS)
    pdf_before = (out / "briefings" / "riverton-week.pdf").read_bytes()
    path = content.dir / "briefings" / "riverton-week.md"
    path.write_text(path.read_text(encoding="utf-8").replace("according to Example Daily", "says Anna Example"),
                    encoding="utf-8")
    result = session.generate(content.dir, out, settings=SETTINGS)
    assert session.last_mode == "fields"
    assert "briefings/riverton-week.pdf" in result.stats.paths
    assert "says Anna Example" in _shown(out, "briefings/riverton-week.md")
    assert "says Anna Example" in _shown(out, "index.md")
    assert "briefings/riverton-before.pdf" not in result.stats.paths  # it links nothing that changed
    fresh = tmp_path / "fresh"
    generate(content.dir, fresh, settings=SETTINGS)
    assert _files(out) == _files(fresh)  # byte for byte what a whole generate writes
    assert (out / "briefings" / "riverton-week.pdf").read_bytes() != pdf_before


def test_a_preview_rewrites_the_pdf_when_a_record_it_cites_is_retitled(content, tmp_path):
    _write(content)
    out = tmp_path / "generated"
    session = Session()
    session.generate(content.dir, out, settings=SETTINGS)
    path = content.dir / "incidents" / "riverton-roof.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Drone on a roof", "Drone on a Riverton roof"),
                    encoding="utf-8")
    result = session.generate(content.dir, out, settings=SETTINGS)
    assert "briefings/riverton-week.pdf" in result.stats.paths
    assert "briefings/riverton-before.pdf" not in result.stats.paths
    fresh = tmp_path / "fresh"
    generate(content.dir, fresh, settings=SETTINGS)
    assert _files(out) == _files(fresh)
