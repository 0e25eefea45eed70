"""Charts of counts over time (generator/pages/charts.py): on the home page, the timeline and each region
page an SVG image with a title, axis labels and a text alternative, and a table of the same numbers; the
same content gives the same bytes; a region with no incidents has no chart; a preview draws it again."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.generate import generate
from generator.kinds import STANCE_COLOURS, STATUS_TERMS
from generator.preview.incremental import Session

from browser import StaticServer, keep_local
from site_fixture import ROOT, read_tree

ARTIFACTS = ROOT / "test-artifacts"

REGIONS = {
    "riverland": "name: Riverland\nkind: country\n",
    "riverton": "name: Riverton\nkind: city\nparent: riverland\n",
    "lakeside": "name: Lakeside\nkind: city\nparent: riverland\n",  # no incidents, no statements
}
# (id, date, region, status): Riverton's counts by month, 2026-08 empty between July and September
INCIDENTS = [
    ("riverton-fire", "2026-07-03", "riverton", "confirmed"),
    ("riverton-drone", "2026-07-20", "riverton", "reported"),
    ("riverton-blast", "2026-09-02", "riverton", "reported"),
    ("riverton-claim", "2026-09", "riverton", "claimed"),
    ("riverland-outage", "2026-10-11", "riverland", "disputed"),
    ("riverland-undated", "2025", "riverland", "reported"),
]
STATEMENTS = {
    "mayor-claim": "date: 2026-09-03\nsource: example-daily\nspeaker: anna-example\nregions: [riverton]\n",
    "rebuttal-one": "date: 2026-09-05\nsource: example-daily\nanonymous: an official\nregions: [riverton]\n"
                    "responds_to: mayor-claim\nstance: disputes\n",
    "rebuttal-two": "date: 2026-11\nsource: example-daily\nanonymous: an official\nregions: [riverton]\n"
                    "responds_to: mayor-claim\nstance: supports\n",
}


def write(content: Path, incidents=INCIDENTS) -> Path:
    files = {"sources/example-daily.md": "name: Example Daily\nkind: outlet\n",
             "actors/anna-example.md": "name: Anna Example\nkind: person\n"}
    files.update({f"regions/{rid}.md": text for rid, text in REGIONS.items()})
    for iid, day, region, status in incidents:
        files[f"incidents/{iid}.md"] = (f"title: Incident {iid}\ndate: '{day}'\nregions: [{region}]\n"
                                        f"status: {status}\nsources: [example-daily]\n")
    for sid, text in STATEMENTS.items():
        files[f"statements/{sid}.md"] = text
    for relpath, text in files.items():
        path = content / relpath
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"---\n{text}---\nText of {path.stem}.\n", encoding="utf-8")
    return content


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    """This file's content, generated once for the tests that only read it: the project folder."""
    root = tmp_path_factory.mktemp("generated")
    generate(write(root / "content"), root / "generated")
    return root


@pytest.fixture
def generated(project) -> dict[str, str]:
    return read_tree(project / "generated")


class _Charts(HTMLParser):
    """Each chart's image (src, alt) and its table's rows, as a reader's browser gets them."""

    def __init__(self):
        super().__init__()
        self.images: list[dict] = []
        self.tables: list[list[list[str]]] = []
        self._in_numbers = self._cell = False
        self._row: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img" and "briefing-chart" in self._figure_class:
            self.images.append(attrs)
        if tag == "figure":
            self._figure_class = attrs.get("class", "")
        if tag == "details" and "briefing-chart-numbers" in (attrs.get("class") or ""):
            self._in_numbers = True
            self.tables.append([])
        if self._in_numbers and tag == "tr":
            self._row = []
        if self._in_numbers and tag in ("td", "th"):
            self._cell = True
            self._row.append("")

    _figure_class = ""

    def handle_endtag(self, tag):
        if tag == "figure":
            self._figure_class = ""
        if self._in_numbers and tag in ("td", "th"):
            self._cell = False
        if self._in_numbers and tag == "tr":
            self.tables[-1].append(self._row)
        if tag == "details":
            self._in_numbers = False

    def handle_data(self, data):
        if self._cell:
            self._row[-1] += data


def charts_of(page: str) -> _Charts:
    parser = _Charts()
    parser.feed(page)
    return parser


def svg_src(page_path: str, src: str) -> str:
    """The generated file an image's src names, relative to the generated folder (MkDocs' directory URLs)."""
    base = Path(page_path).with_suffix("")
    if base.name == "index":
        base = base.parent
    parts = list(base.parts)
    for part in src.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)


@pytest.mark.parametrize("page_path", ["index.md", "timeline/index.md", "regions/riverland.md"])
def test_every_incident_is_in_the_chart_and_its_table(generated, page_path):
    found = charts_of(generated[page_path])
    image, table = found.images[0], found.tables[0]
    assert table[0] == ["Month", "confirmed", "reported", "claimed", "disputed", "All"]
    # the months from the first to the last, an empty one as 0, the year-only incident after its year
    assert table[1:] == [["2025, month unknown", "0", "1", "0", "0", "1"],
                         ["2026-07", "1", "1", "0", "0", "2"],
                         ["2026-08", "0", "0", "0", "0", "0"],
                         ["2026-09", "0", "1", "1", "0", "2"],
                         ["2026-10", "0", "0", "0", "1", "1"],
                         ["All", "1", "3", "1", "1", "6"]]
    assert image["alt"].startswith("Stacked bar chart: Incidents")
    assert "6 in all" in image["alt"] and "table below" in image["alt"]
    svg = generated[svg_src(page_path, image["src"])]
    assert svg.startswith("<svg") and 'role="img"' in svg
    assert re.search(r"<title>Incidents[^<]* by month and status</title>", svg)
    assert ">Month<" in svg and ">Incidents<" in svg  # the axes' titles, as text
    assert ">2026-09<" in svg and ">2025, month unknown<" in svg
    # a bar for each month and status with incidents, none for a zero (an empty month is a gap)
    assert svg.count('class="rect reactive tooltip-trigger"') == 6


def test_a_region_page_counts_its_own_incidents_and_responses_by_stance(generated):
    found = charts_of(generated["regions/riverton.md"])
    incidents, responses = found.tables
    assert incidents[0] == ["Month", "confirmed", "reported", "claimed", "All"]
    assert incidents[-1] == ["All", "1", "2", "1", "4"]
    assert found.images[0]["alt"].startswith("Stacked bar chart: Incidents in Riverton by month and status")
    assert responses[0] == ["Month", "supports", "disputes", "All"]
    assert responses[1:] == [["2026-09", "0", "1", "1"], ["2026-10", "0", "0", "0"], ["2026-11", "1", "0", "1"],
                             ["All", "1", "1", "2"]]
    assert "Responses to statements on Riverton" in found.images[1]["alt"]


def test_a_region_without_incidents_has_no_chart(generated):
    page = generated["regions/lakeside.md"]
    assert "briefing-chart" not in page and "<img" not in page
    assert not [path for path in generated if path.startswith("regions/lakeside/") and path.endswith(".svg")]


def test_the_bars_take_the_registrys_colours(generated):
    svg = generated["timeline/incidents.svg"]
    for term in STATUS_TERMS:
        assert (term.colour in svg) == (term.word != "denied"), term.word  # no denied incident: no series
    responses = generated["quotes/responses.svg"]
    assert STANCE_COLOURS["supports"] in responses and STANCE_COLOURS["disputes"] in responses
    assert STANCE_COLOURS["clarifies"] not in responses


def test_the_same_content_gives_the_same_bytes_with_nothing_fetched(tmp_path, project, generated):
    again = tmp_path / "again"
    generate(project / "content", again)
    svgs = {path: text for path, text in read_tree(again).items() if path.endswith(".svg")}
    assert len(svgs) == 6  # the timeline's, the quotes', and Riverland's and Riverton's incidents and responses
    for path, text in svgs.items():
        assert text == generated[path], path
        assert "<script" not in text and "@import" not in text and "<!--" not in text
        assert re.findall(r"(?:href|src|url)\s*[=(]\s*['\"]?(?:https?:)?//", text) == [], path
        assert set(re.findall(r"https?://[^\s\"'<>)]+", text)) <= {"http://www.w3.org/2000/svg",
                                                                   "http://www.w3.org/1999/xlink"}, path


def test_a_short_briefing_is_charted_by_week(tmp_path):
    out = tmp_path / "generated"
    generate(write(tmp_path / "content", [("a", "2026-11-02", "riverton", "confirmed"),
                                          ("b", "2026-11-04", "riverton", "reported"),
                                          ("c", "2026-11-19", "riverton", "reported")]), out)
    table = charts_of((out / "timeline/index.md").read_text(encoding="utf-8")).tables[0]
    assert table[0][0] == "Week starting"
    assert [row[0] for row in table[1:-1]] == ["2026-11-02", "2026-11-09", "2026-11-16"]
    assert [row[-1] for row in table[1:]] == ["2", "0", "1", "3"]


def test_a_preview_draws_a_chart_again_when_an_incident_changes(tmp_path):
    content = write(tmp_path / "content")
    out = tmp_path / "generated"
    session = Session()
    session.generate(content, out)
    path = content / "incidents/riverton-blast.md"
    path.write_text(path.read_text(encoding="utf-8").replace("status: reported", "status: denied"), encoding="utf-8")
    session.generate(content, out)
    tree = read_tree(out)
    fresh = tmp_path / "fresh"
    generate(content, fresh)
    assert tree == read_tree(fresh)
    for page in ("regions/riverton.md", "regions/riverland.md", "timeline/index.md", "index.md"):
        assert "denied" in charts_of(tree[page]).tables[0][0], page
    assert STATUS_TERMS[-1].colour in tree["regions/riverton/incidents/chart.svg"]


@pytest.fixture(scope="module")
def built_site(tmp_path_factory) -> Path:
    """`briefing build` of a project like the repository's, with this file's content."""
    root = tmp_path_factory.mktemp("charts")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "docs", root / "docs")
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    write(root / "content")
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True, text=True,
                            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, timeout=300)
    assert result.returncode == 0, result.stderr
    return root / "site"


@pytest.mark.parametrize("width,name", [(1280, "desktop"), (375, "mobile")])
def test_the_timeline_shows_its_chart_and_its_numbers_without_javascript(browser, built_site, width, name):
    """With JavaScript off: the chart is drawn (an image of the SVG, with its text alternative), its numbers open
    in a table, and at 375 px only that table scrolls sideways, not the page. The screenshot is kept in
    test-artifacts/ for a person to look at."""
    context = browser.new_context(viewport={"width": width, "height": 900}, java_script_enabled=False)
    with StaticServer(built_site) as server:
        context.route("**/*", keep_local(server.base))
        page = context.new_page()
        page.goto(server.base + "timeline/", wait_until="load")
        chart = page.locator("figure.briefing-chart img").first
        chart.scroll_into_view_if_needed()
        assert chart.evaluate("img => img.complete && img.naturalWidth") > 0  # the SVG loaded and drew
        assert chart.get_attribute("alt").startswith("Stacked bar chart: Incidents by month and status")
        box = chart.bounding_box()
        assert box["width"] <= width and box["height"] > 100
        numbers = page.locator("details.briefing-chart-numbers").first
        numbers.locator("summary").click()
        table = numbers.locator("table")
        assert table.is_visible()
        assert table.locator("tr").last.inner_text().split() == ["All", "1", "3", "1", "1", "6"]
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"the timeline scrolls sideways by {overflow}px at {width}px"
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator("figure.briefing-chart").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"timeline-chart-{name}.png"), full_page=False)
    context.close()


@pytest.mark.parametrize("written, unit", [
    (["2026-11-24", "2026-11-02"], "week"),  # days, within two months: by week
    (["2026-11-24", "../2026-11-25"], "month"),  # "by 25 November": no week can be claimed for it
    (["2026-11-24", "2026-11-20/2026-11-25"], "month"),
    (["2026-11-24", "2026-11-23~"], "month"),  # "about 23 November"
])
def test_a_chart_is_by_week_only_when_every_date_is_one_known_day(written, unit):
    from generator.content.dates import parse_date
    from generator.pages.charts import _buckets

    assert _buckets([parse_date(text) for text in written])[0] == unit
