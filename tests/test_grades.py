"""Citations a reader can follow: a source known only through another (`via`: "X, as reported by Y") and the
Admiralty grades (`reliability` A–F on a source, `credibility` 1–6 on a citation), checked like every other
field, shown on the pages with the methodology page's legend, and carried by the exports."""

from __future__ import annotations

import html
import json
import re

import pytest

from generator.kinds import CREDIBILITY_TERMS, RELIABILITY_TERMS

from conftest import INCIDENT
from site_fixture import ROOT, build_project, write_project

X = "content/incidents/x.md"
CHANNEL = "sources/example-channel.md", "name: Example channel\nkind: telegram\nreliability: C\n"
REPORT = "sources/example-report.md", "name: Example Report\nkind: outlet\nreliability: B\n"
RELAYED = INCIDENT.replace("sources: [rbc]\n", "sources:\n  - {source: example-channel, via: example-report, "
                                                 "credibility: 3}\n")


@pytest.fixture
def graded(content):
    content.world()
    for rel, front_matter in (CHANNEL, REPORT):
        content.write(rel, front_matter)
    return content


def test_a_relayed_and_graded_citation_is_valid(graded, valid):
    graded.write("incidents/x.md", RELAYED)
    valid()


@pytest.mark.parametrize("citation, where, message", [
    ("{source: example-channel, via: no-such-report}", "7:36",
     "unknown source 'no-such-report'; no file no-such-report.md under content/sources/"),
    ("{source: example-channel, via: example-channel}", "7:36",
     "source 'example-channel' cannot be reported through itself: name in 'via' the source it was seen in, "
     "or remove 'via'"),
    ("{source: rbc, credibility: 7}", "7:32", "a number (7) is not a valid credibility; use one of: 1, 2, 3, 4, 5, 6"),
    ("{source: rbc, credibility: true}", "7:32",
     "credibility must be a whole number from 1 to 6, such as 2 (the Admiralty grade of the information)"),
], ids=["unknown-via", "via-itself", "credibility-7", "credibility-true"])
def test_a_bad_via_or_credibility_is_an_error_at_its_value(graded, invalid, citation, where, message):
    graded.write("incidents/x.md", INCIDENT.replace("sources: [rbc]\n", f"sources:\n  - {citation}\n"))
    invalid(f"{X}:{where}: error: {message}")


def test_a_bad_reliability_is_an_error_at_its_value(graded, invalid):
    graded.write("sources/example-channel.md", "name: Example channel\nkind: telegram\nreliability: b\n")
    invalid("content/sources/example-channel.md:4:14: error: 'b' is not a valid reliability; "
            "use one of: A, B, C, D, E, F")


def test_pages_say_as_reported_by_with_the_grade_and_the_report_lists_what_it_relayed(graded, tmp_path):
    from generator.generate import generate

    graded.write("incidents/x.md", RELAYED)
    out = tmp_path / "out"
    generate(graded.dir, out)
    page = (out / "incidents" / "x.md").read_text(encoding="utf-8")
    line = next(line for line in page.splitlines() if "Example channel" in line)
    assert re.search(r"\[Example channel\]\([^)]*example-channel[^)]*\), as reported by \[Example Report\]"
                     r"\([^)]*example-report[^)]*\)", line), line
    assert re.search(r"graded \[C3\]\(\.\./methodology\.md#grades\)", line), line
    report = (out / "sources" / "example-report.md").read_text(encoding="utf-8")
    assert "reliability [B](../methodology.md#grades) (usually reliable)" in report
    assert "Drone on a roof" in report  # the report's page lists what is known through it


def test_the_exports_carry_via_and_both_grades(graded, tmp_path):
    from generator.generate import generate

    graded.write("incidents/x.md", RELAYED)
    out = tmp_path / "out"
    generate(graded.dir, out)
    record = json.loads((out / "data" / "incidents.json").read_text(encoding="utf-8"))["records"][0]
    assert record["citations"] == [{
        "source": "example-channel", "source_name": "Example channel", "url": None, "title": None,
        "published": None, "published_precision": None, "archived": None, "via": "example-report",
        "via_name": "Example Report", "reliability": "C", "credibility": 3}]


def test_the_csv_rows_carry_via_and_the_grades_of_each_citation(graded, tmp_path):
    import csv

    from generator.generate import generate

    graded.write("incidents/x.md", INCIDENT.replace("sources: [rbc]\n", (
        "sources:\n  - {source: example-channel, via: example-report, credibility: 3}\n"
        "  - example-report\n  - rbc\n")))
    out = tmp_path / "out"
    generate(graded.dir, out)
    with (out / "data" / "incidents.csv").open(encoding="utf-8", newline="") as f:
        row = next(csv.DictReader(f))
    # the channel: C (its reliability) 3 (this citation's credibility); the report: B alone; rbc: ungraded
    assert row["citation_grades"] == "example-channel=C3;example-report=B"
    assert row["citation_via"] == "example-channel=example-report"
    assert row["sources"] == "example-channel;example-report;rbc"


def test_the_timeline_filter_index_and_the_page_carry_each_incident_s_best_grades(graded, tmp_path):
    """The timeline's grade filters read the best reliability and credibility among an incident's citations:
    from the page's data attributes (a small timeline) and from the filter index (a large one)."""
    from generator.generate import generate

    graded.write("incidents/x.md", INCIDENT.replace("sources: [rbc]\n", (
        "sources:\n  - {source: example-channel, credibility: 4}\n  - {source: example-report, credibility: 2}\n")))
    graded.write("incidents/y.md", INCIDENT.replace("Drone on a roof", "Drone over a field"))
    out = tmp_path / "out"
    generate(graded.dir, out)
    index = json.loads((out / "data" / "timeline.json").read_text(encoding="utf-8"))
    fields = index["fields"]
    rows = {row[fields.index("url")]: row for row in index["incidents"]}
    x, y = rows["incidents/x/"], rows["incidents/y/"]
    assert (x[fields.index("reliability")], x[fields.index("credibility")]) == ("B", "2")  # B beats C, 2 beats 4
    assert (y[fields.index("reliability")], y[fields.index("credibility")]) == ("", "")
    page = (out / "timeline" / "index.md").read_text(encoding="utf-8")
    assert re.search(r'data-status="reported"[^>]*data-reliability="B" data-credibility="2"', page)
    assert 'data-reliability="" data-credibility=""' in page
    grades = re.search(r'data-grades="([^"]*)"', page)[1]
    assert json.loads(html.unescape(grades))["reliability"][0] == ["A", "completely reliable"]


def test_the_methodology_legend_is_the_registry_s():
    """The methodology page's tables say what the registry says, word for word, so the two cannot drift."""
    text = (ROOT / "docs" / "methodology.md").read_text(encoding="utf-8")
    section = text[text.index("## Grades { #grades }"):]
    rows = dict(re.findall(r"^\| \*\*(\w)\*\* \| (.+?) \|$", section, re.M))
    terms = (*RELIABILITY_TERMS, *CREDIBILITY_TERMS)
    expected = {term.word: term.legend[:1].upper() + term.legend[1:] for term in terms}
    assert rows == expected


def test_a_graded_citation_builds_strictly_with_its_legend_link(tmp_path):
    """MkDocs' strict build checks the link to the legend's anchor on the methodology page."""
    root = write_project(tmp_path)
    (root / "content" / "sources" / "tass.md").write_text(
        "---\nname: TASS\nkind: agency\nlanguage: ru\nreliability: B\n---\n", encoding="utf-8")
    path = root / "content" / "incidents" / "kaluga-earlier.md"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "sources: [tass]", "sources: [{source: tass, via: rbc, credibility: 2}]"), encoding="utf-8")
    site = build_project(root)
    html = (site / "incidents" / "kaluga-earlier" / "index.html").read_text(encoding="utf-8")
    assert re.search(r'as reported by <a href="\.\./\.\./sources/rbc/">RBC</a>', html), html
    assert 'href="../../methodology/#grades">B2</a>' in html
