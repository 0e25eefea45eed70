"""The data exports (data/*.json, data/*.csv, data/incidents.geojson) and the data page:
ids, dates with their precision, status, regions, sources; CSV safe in a spreadsheet;
GeoJSON in [lon, lat]; sensitive coordinates rounded everywhere in the built site."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.content.load import load
from generator.generate import generate
from generator.outputs import exports
from generator.pages.urls import VOCABULARY_CSS

from html_site import Site
from site_fixture import write_content, write_project

# A sensitive location: its exact digits must appear in no file of the site.
EXACT_LAT, EXACT_LON = "54.987654", "36.123456"
ROUNDED = [36.1, 55.0]  # [lon, lat]
SENSITIVE = (
    "---\ntitle: Strike near a depot\ndate: 2026-11-20T18:30+03:00\nregions: [kaluga-oblast, obninsk]\n"
    "status: reported\ntype: strike\nsources: [tass, rbc]\n"
    f"location: {{name: '-north of the depot', coordinates: [{EXACT_LAT}, {EXACT_LON}], precision: exact, "
    "sensitive: true}\ncasualties: {killed: 1, injured: 2}\ntags: [depots, strikes]\n"
    "---\nA strike was reported near a fuel depot.\n"
)


def add_sensitive(root: Path) -> Path:
    path = root / "content" / "incidents" / "sensitive-strike.md"
    path.write_text(SENSITIVE, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("exports")
    content = write_content(root)
    add_sensitive(root)
    return exports.export_files(load(content))


def records(files, name) -> list[dict]:
    data = json.loads(files[f"data/{name}.json"])
    assert data["count"] == len(data["records"])
    return data["records"]


def by_id(rows) -> dict[str, dict]:
    return {row["id"]: row for row in rows}


def test_every_file_is_there_and_ends_with_a_newline(files):
    assert sorted(files) == sorted([
        "data/incidents.json", "data/statements.json", "data/measures.json",
        "data/incidents.csv", "data/statements.csv", "data/measures.csv", "data/incidents.geojson",
        "data/timeline.json", "data/briefings.json", "data/briefings.csv",
    ])
    for text in files.values():
        assert text.endswith("\n") and not text.endswith("\n\n")


def test_json_records_carry_ids_dates_with_precision_status_regions_sources(files):
    data = json.loads(files["data/incidents.json"])
    assert data["generated_from"] == "content/incidents/"
    incidents = by_id(data["records"])
    roof = incidents["obninsk-drone-on-roof"]
    assert roof["url"] == "incidents/obninsk-drone-on-roof/"
    assert (roof["date"], roof["date_precision"], roof["circa"]) == ("2026-11", "month", True)
    assert roof["status"] == "confirmed"
    assert roof["regions"] == ["obninsk"] and roof["region_names"] == ["Obninsk"]
    assert roof["sources"] == ["rbc", "tass"]
    tass = roof["citations"][1]
    assert tass["source"] == "tass" and tass["url"] == "https://tass.ru/x_(1)"
    assert (tass["published"], tass["published_precision"]) == ("2026-11-24", "day")
    assert tass["archived"] == "https://web.archive.org/web/2026/https://tass.ru/x"
    assert (roof["lat"], roof["lon"], roof["coordinates_rounded"]) == (55.1, 36.61, False)
    assert roof["update_count"] == 1
    assert roof["updates"] == [{"date": "2026-11-25", "date_precision": "day",
                                "note": "Status changed from reported to confirmed."}]
    strike = incidents["sensitive-strike"]
    assert (strike["date"], strike["date_precision"]) == ("2026-11-20T18:30:00+03:00", "datetime")
    assert (strike["killed"], strike["injured"]) == (1, 2)
    assert incidents["kaluga-earlier"]["date_precision"] == "day"
    assert incidents["kaluga-earlier"]["lat"] is None


def test_records_are_newest_first_then_by_id(files):
    ids = [row["id"] for row in records(files, "incidents")]
    # 20 November (precise) before "November" (vaguer), then October, then September.
    assert ids == ["sensitive-strike", "obninsk-drone-on-roof", "kaluga-earlier", "nasty-incident"]


def test_statements_carry_speaker_or_anonymous_text_original_and_effective_regions(files):
    statements = by_id(records(files, "statements"))
    pervalov = statements["pervalov-not-just-drones"]
    assert pervalov["speaker"] == "stefan-pervalov" and pervalov["speaker_name"] == "Stefan Pervalov"
    assert pervalov["anonymous"] is None
    assert pervalov["text"] == "This is not just about drones."
    assert pervalov["original"] == "Речь идёт не только о дронах."
    assert pervalov["language"] == "ru"
    assert pervalov["regions"] == ["obninsk"]  # from its incident
    assert pervalov["url"] == "quotes/pervalov-not-just-drones/"
    claim = statements["ambassador-claim"]
    assert claim["speaker"] is None and claim["anonymous"] == "a Russian diplomat at the United Nations"
    rebuttal = statements["nato-rebuttal"]
    assert (rebuttal["responds_to"], rebuttal["stance"], rebuttal["source"]) == ("ambassador-claim", "disputes", "rbc")
    assert rebuttal["citation"]["source_name"] == "RBC"


def test_measures_carry_state_issuer_and_regions(files):
    measure = by_id(records(files, "measures"))["obninsk-stay-indoors"]
    assert (measure["kind"], measure["state"], measure["issuer"]) == ("movement", "announced", "stefan-pervalov")
    assert measure["regions"] == ["obninsk"] and measure["incidents"] == ["obninsk-drone-on-roof"]
    assert measure["url"] == "measures/obninsk-stay-indoors/"


def test_record_text_is_kept_as_written(files):
    from site_fixture import NASTY
    nasty = by_id(records(files, "incidents"))["nasty-incident"]
    assert nasty["title"] == NASTY and nasty["location_name"] == NASTY and nasty["tags"] == ["injection-test"]


@pytest.mark.parametrize("kind", ["incident", "statement", "measure"])
def test_csv_has_the_documented_columns_and_unix_line_endings(files, kind):
    json_path, csv_path = exports.DATA_FILES[kind]
    text = files[csv_path]
    assert "\r\n" not in text.replace('"\r\n', "")  # records end with \n (a quoted cell may hold anything)
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0].keys()) == exports.FIELDS[kind]
    assert [row["id"] for row in rows] == [r["id"] for r in json.loads(files[json_path])["records"]]


def test_csv_joins_lists_and_writes_booleans_and_empty_cells(files):
    rows = by_id(csv.DictReader(io.StringIO(files["data/incidents.csv"], newline="")))
    roof = rows["obninsk-drone-on-roof"]
    assert (roof["sources"], roof["date"], roof["date_precision"], roof["circa"]) == (
        "rbc;tass",
        "2026-11",
        "month",
        "true",
    )
    assert (roof["lat"], roof["lon"], roof["killed"], roof["injured"]) == ("55.1", "36.61", "", "0")
    assert rows["sensitive-strike"]["regions"] == "kaluga-oblast;obninsk"
    assert rows["sensitive-strike"]["region_names"] == "Kaluga Oblast;Obninsk"


def test_csv_cells_that_a_spreadsheet_would_run_get_an_apostrophe(files):
    rows = by_id(csv.DictReader(io.StringIO(files["data/incidents.csv"], newline="")))
    strike = rows["sensitive-strike"]
    assert strike["tags"] == "depots;strikes"  # tags are slugs: they cannot start a formula
    assert strike["location_name"] == "'-north of the depot"
    assert strike["lat"] == "55.0"  # numbers are not text: never prefixed
    for start in ("=", "+", "-", "@", "\t"):
        assert exports.csv_cell("title", f"{start}cmd") == f"'{start}cmd"
    assert exports.csv_cell("title", "\r=cmd") == "\n'=cmd"  # a carriage return is a line break
    assert exports.csv_cell("lat", -12.5) == "-12.5"
    assert exports.csv_cell("title", "a=b") == "a=b"
    for name in ("data/incidents.csv", "data/statements.csv", "data/measures.csv"):
        for row in csv.reader(io.StringIO(files[name], newline="")):
            assert not [cell for cell in row if cell[:1] in ("=", "+", "@", "\t", "\r")]  # (no negative numbers here)


def test_geojson_is_rfc7946_with_lon_lat_and_every_incident_with_a_point(files):
    """Incidents with a position of their own, and those placed at their region's point (kaluga-earlier, in
    Kaluga Oblast, which has coordinates); not the one in Russia, which has none."""
    data = json.loads(files["data/incidents.geojson"])
    assert data["type"] == "FeatureCollection" and "crs" not in data
    features = {f["id"]: f for f in data["features"]}
    assert sorted(features) == ["kaluga-earlier", "obninsk-drone-on-roof", "sensitive-strike"]
    assert features["kaluga-earlier"]["properties"]["placed_by_region"] == "kaluga-oblast"
    assert features["obninsk-drone-on-roof"]["properties"]["placed_by_region"] is None
    roof = features["obninsk-drone-on-roof"]
    assert roof["type"] == "Feature"
    assert roof["geometry"] == {"type": "Point", "coordinates": [36.61, 55.1]}  # [lon, lat]
    assert roof["properties"]["status"] == "confirmed" and roof["properties"]["date_precision"] == "month"
    assert features["sensitive-strike"]["geometry"]["coordinates"] == ROUNDED


def test_sensitive_coordinates_are_rounded_in_every_export(files):
    strike = by_id(records(files, "incidents"))["sensitive-strike"]
    assert [strike["lon"], strike["lat"], strike["coordinates_rounded"]] == [*ROUNDED, True]
    for name, text in files.items():
        for digits in (EXACT_LAT, EXACT_LON, EXACT_LAT[:7], EXACT_LON[:7]):
            assert digits not in text, (name, digits)


def test_the_same_content_gives_the_same_bytes(tmp_path):
    content = write_content(tmp_path)
    add_sensitive(tmp_path)
    generate(content, tmp_path / "one")
    generate(content, tmp_path / "two")
    for name in [*exports.DATA_FILES["incident"], *exports.DATA_FILES["statement"], *exports.DATA_FILES["measure"],
                 exports.GEOJSON_FILE, exports.TIMELINE_INDEX, "feed.xml", "data/index.md"]:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_data_page_links_every_file_and_describes_every_column(tmp_path):
    out = tmp_path / "out"
    generated = generate(write_content(tmp_path), out)
    assert "data/index.md" in [page.path for page in generated.pages]
    text = (out / "data" / "index.md").read_text(encoding="utf-8")
    for path in [*generated.static]:
        if path == VOCABULARY_CSS:
            continue  # the badges' stylesheet, generated from the registry of kinds (test_kinds.py)
        assert f"]({os.path.relpath(path, 'data')})" in text, path
    for kind, fields in exports.FIELDS.items():
        for name in (*fields, *exports.JSON_ONLY_FIELDS[kind]):
            assert f"`{name}`" in text, (kind, name)
    assert "apostrophe" in text and "rounded to one decimal degree" in text
    # the timeline's filter index is for the page, but a reader who finds it in data/ learns what it holds
    for name in ("count", *exports.TIMELINE_FIELDS, "months", "regions"):
        assert f"`{name}`" in text.split("{ #timeline-index }")[1].split("\n## ")[0], name


# --- the built site ---------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    root = write_project(tmp_path_factory.mktemp("site"))
    add_sensitive(root)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("SOURCE_DATE_EPOCH", None)
    result = subprocess.run([sys.executable, "-m", "generator", "build"], cwd=root, capture_output=True,
                            text=True, env=env, timeout=300)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_built_site_has_the_data_files_and_the_feed(built):
    for name in ("incidents.json", "statements.json", "measures.json", "incidents.csv", "statements.csv",
                 "measures.csv", "incidents.geojson"):
        assert (built / "data" / name).is_file(), name
    assert (built / "feed.xml").is_file()
    assert json.loads((built / "data" / "incidents.json").read_text(encoding="utf-8"))["count"] == 4
    assert (built / "data" / "index.html").is_file()


def test_data_page_links_resolve(built):
    site = Site(built)
    page = site.page("data/")
    assert "incidents.csv" in page.links and "../feed.xml" in page.links
    assert site.broken_links() == []


def test_no_file_of_the_built_site_holds_the_exact_sensitive_position(built):
    checked = 0
    for path in sorted(built.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
        for digits in (EXACT_LAT, EXACT_LON, EXACT_LAT[:7], EXACT_LON[:7]):  # 54.9876…, 36.1234…
            assert digits.encode() not in data, (str(path.relative_to(built)), digits)
        checked += 1
    assert checked > 20


def test_the_timeline_filter_index_lists_every_incident_in_the_exports_order_and_no_position(files):
    index = json.loads(files[exports.TIMELINE_INDEX])
    assert [row[index["fields"].index("url")] for row in index["incidents"]] == \
        [row["url"] for row in records(files, "incidents")]
    assert "lat" not in index["fields"] and EXACT_LAT not in files[exports.TIMELINE_INDEX]
    assert files[exports.TIMELINE_INDEX].count("\n") == 1  # compact: one line
