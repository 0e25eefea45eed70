"""The shipped briefing (content/), built and opened as HTML: every record is where a reader
looks for it. Driven by the content itself, so the test grows with the briefing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.load import load
from generator.pages.urls import KIND_DIRS, month_path

from html_site import Site
from site_fixture import ROOT


def copy_project(target: Path) -> Path:
    """The repository's project (config, docs, templates, content) in a scratch folder."""
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for folder in ("docs", "site_templates", "content"):
        shutil.copytree(ROOT / folder, target / folder)
    return target


@pytest.fixture(scope="module")
def shipped(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("shipped"))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return load(root / "content"), Site(root / "site")


def _url(path: str) -> str:
    return path[: -len(".md")] + "/"


def test_the_shipped_content_is_the_seed_report(shipped):
    briefing, _ = shipped
    assert set(briefing["incident"]) == {"kabardino-balkaria-drone-activity", "dagestan-drone-activity",
                                         "obninsk-drone-on-roof"}
    claim = briefing["statement"]["nato-spokesperson-evidence-circumstantial"].model
    assert claim.responds_to == "un-ambassador-ukraine-attacks-claim" and claim.stance == "disputes"
    assert {m.model.kind for m in briefing["measure"].values()} == {"information", "connectivity", "movement"}


def test_every_internal_link_and_anchor_resolves(shipped):
    _, site = shipped
    assert site.broken_links() == []


def test_each_incident_is_under_its_month_and_on_its_region_pages(shipped):
    briefing, site = shipped
    for incident in briefing["incident"].values():
        date = incident.model.date
        month = site.page(_url(month_path(date.year, date.month)))
        assert incident.model.title in month.text, incident.id
        for region in incident.model.regions:
            for place in [region, *briefing.ancestors(region)]:
                assert f"../../incidents/{incident.id}/" in site.page(f"regions/{place}/").links, (incident.id, place)


def test_each_quote_is_on_the_quotes_index_and_its_speakers_page(shipped):
    briefing, site = shipped
    quotes = site.page("quotes/")
    for statement in briefing["statement"].values():
        assert f"q-{statement.id}" in quotes.ids
        text = " ".join(briefing.body(statement).split())
        assert text in quotes.text, statement.id
        if statement.model.speaker:
            assert text in site.page(f"actors/{statement.model.speaker}/").text, statement.id
        assert text in site.page(f"quotes/{statement.id}/").text


def test_the_rebuttal_is_threaded_under_the_claim(shipped):
    _, site = shipped
    text = site.page("quotes/").text
    thread = text.index("Claims and responses")
    claim = text.index("Ukraine is increasing attacks on civilian infrastructure.", thread)
    rebuttal = text.index("But the evidence for this remains circumstantial.", claim)
    assert text.index("Disputes", claim) < rebuttal < text.index("Named speakers")


def test_each_measure_is_on_its_regions_and_the_measures_index(shipped):
    briefing, site = shipped
    for measure in briefing["measure"].values():
        assert measure.model.title in site.page("measures/").text
        for region in measure.model.regions:
            assert measure.model.title in site.page(f"regions/{region}/").text, (measure.id, region)


def test_no_record_is_dated_by_a_guess(shipped):
    """The report gives no date: every record is "by" the day it was read, never a guessed month."""
    briefing, site = shipped
    for kind in ("incident", "statement", "measure"):
        for entry in briefing[kind].values():
            assert entry.model.date.edtf() == "../2026-11-25" and not entry.model.circa, entry.id
    page = site.page("incidents/obninsk-drone-on-roof/").text
    assert "by 25 November 2026" in page and "c. November 2026" not in page


def test_each_briefing_is_dated_the_day_the_report_was_read_and_links_what_its_points_rest_on(shipped):
    """A briefing's date is a day: the day the one report was read, as the records it rests on say
    ("by 25 November 2026"). Each of its points links at least one record, and its page, the home page
    (the latest) and its PDF are there."""
    from generator.content.link import record_links

    briefing, site = shipped
    assert briefing["briefing"]
    for entry in briefing["briefing"].values():
        assert entry.model.date.iso() == "2026-11-25" and entry.model.date.precision == "day"
        page = site.page(f"briefings/{entry.id}/")
        for point in entry.model.points:
            linked = record_links(point)
            assert linked, point
            for kind, record_id in linked:
                url = f"{_url(f'{KIND_DIRS[kind]}/{record_id}.md')}"
                assert any(link.rstrip("/").endswith(url.rstrip("/")) for link in page.links), (point, url)
        assert (site.root / "briefings" / f"{entry.id}.pdf").read_bytes().startswith(b"%PDF-")
    latest = max(briefing["briefing"].values(), key=lambda e: (e.model.date.chrono_key(), e.id))
    assert latest.model.title in site.page("").text.split("Latest developments")[0]
