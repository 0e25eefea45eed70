"""`briefing import csv`: ACLED-style rows become incident records that pass validation; a row
that cannot be mapped is refused with its CSV line, and nothing is written for it."""

from __future__ import annotations

import csv
import io

import pytest

from generator.content.load import load

HEADER = ["event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1", "location",
          "latitude", "longitude", "source", "notes", "fatalities"]


def world(content):
    content.write("regions/kaluga-oblast.md", "name: Kaluga Oblast\nname_local: Калужская область\nkind: oblast\n")
    content.write("regions/obninsk.md", "name: Obninsk\nkind: city\nparent: kaluga-oblast\n")
    content.write("regions/dagestan.md", "name: Republic of Dagestan\nname_local: Дагестан\nkind: republic\n")
    content.write("sources/rbc.md", "name: RBC\nkind: outlet\n")
    content.write("sources/tass.md", "name: TASS\nkind: agency\n")
    content.write("actors/stefan-pervalov.md", "name: Stefan Pervalov\nkind: person\n")


def csv_text(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def row(n: int, **values) -> list[str]:
    base = {
        "event_id_cnty": f"RUS{n:04d}",
        "event_date": f"{n} November 2026",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "",
        "admin1": "Kaluga",
        "location": "Obninsk",
        "latitude": "55.0968",
        "longitude": "36.6101",
        "source": "RBC",
        "notes": f"Drone seen, report {n}.",
        "fatalities": "0",
    }
    base.update(values)
    return [base[name] for name in HEADER]


def twenty_rows() -> list[list[str]]:
    rows = [row(n) for n in range(1, 21)]
    rows[1] = row(2, event_date="2026-11-02", admin1="dagestan", location="Makhachkala", source="TASS; RBC")
    rows[2] = row(3, notes="A long note\nover two lines, with a \"quote\" and a comma.")  # a row of 2 lines
    rows[3] = row(4, admin1="Калужская область", actor1="Stefan Pervalov", fatalities="2")
    rows[4] = row(5, admin1="Bryansk")                                  # bad: no such region
    rows[9] = row(10, source="Some Blog")                               # bad: no such source
    rows[14] = row(15, event_date="31 November 2026")                   # bad: no such day
    rows[15] = row(16, latitude="", longitude="", notes="")
    return rows


def test_twenty_rows_three_refused_seventeen_written_and_valid(content, run):
    world(content)
    (content.root / "acled.csv").write_text(csv_text(twenty_rows()), encoding="utf-8")
    result = run("import", "csv", "acled.csv")
    assert result.code == 1
    # Header is line 1, row n on line n + 1, and row 3 spans two lines: rows after it shift by one.
    assert result.problems == [
        "acled.csv:7: error: unknown region 'Bryansk': no region in content/regions/ has that name; "
        "map it under regions: in the mapping file",
        "acled.csv:12: error: unknown source 'Some Blog': add it to content/sources/ "
        "(briefing new source \"Some Blog\") or map it under sources: in the mapping file",
        "acled.csv:17: error: event_date '31 November 2026' is not a date; write it as 24 November 2026 "
        "or 2026-11-24",
    ]
    assert result.err[-1] == "17 record(s) written, 3 row(s) refused"
    assert len(result.out) == 17
    written = sorted((content.dir / "incidents").rglob("*.md"))
    assert len(written) == 17
    assert not {"rus0005", "rus0010", "rus0015"} & {p.stem for p in written}

    briefing = load(content.dir)  # every written record passes validation, references included
    incidents = briefing["incident"]
    assert len(incidents) == 17
    first = incidents["rus0001"].model
    assert first.title == "Air/drone strike in Obninsk"
    assert first.date.iso() == "2026-11-01" and first.status == "reported"
    assert first.regions == ["kaluga-oblast"] and [c.source for c in first.sources] == ["rbc"]
    assert first.location.name == "Obninsk" and first.location.coordinates == [55.0968, 36.6101]
    assert first.casualties.killed == 0 and first.type == "air-drone-strike"
    assert incidents["rus0001"].raw.body.strip() == "Drone seen, report 1."
    assert incidents["rus0001"].raw.path == content.dir / "incidents" / "2026" / "11" / "rus0001.md"
    second = incidents["rus0002"].model
    assert second.regions == ["dagestan"] and [c.source for c in second.sources] == ["tass", "rbc"]
    assert "over two lines" in incidents["rus0003"].raw.body
    fourth = incidents["rus0004"].model
    assert fourth.regions == ["kaluga-oblast"] and fourth.actors == ["stefan-pervalov"]
    assert fourth.casualties.killed == 2
    assert incidents["rus0016"].model.location.coordinates is None
    assert run("validate").code == 0


def test_mapping_renames_columns_and_maps_values(content, run):
    world(content)
    rows = [["E-1", "2026-11-24", "Air/drone strike", "Kaluga region (RU)", "Obninsk", "Telegram: RBC live"],
            ["E-2", "2026-11-23", "Air/drone strike", "Nowhere", "Obninsk", "RBC"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["id", "when", "what", "province", "place", "via"])
    writer.writerows(rows)
    (content.root / "events.csv").write_text(out.getvalue(), encoding="utf-8")
    (content.root / "mapping.yml").write_text(
        "columns:\n  event_id_cnty: id\n  event_date: when\n  sub_event_type: what\n  admin1: province\n"
        "  location: place\n  source: via\n"
        "regions:\n  kaluga region (ru): kaluga-oblast\n"
        "sources:\n  'Telegram: RBC live': rbc\n"
        "types:\n  Air/drone strike: drone-strike\n"
        "status: claimed\n", encoding="utf-8")
    result = run("import", "csv", "events.csv", "--mapping", "mapping.yml")
    assert result.code == 1
    assert result.problems == ["events.csv:3: error: unknown region 'Nowhere': no region in content/regions/ "
                               "has that name; map it under regions: in the mapping file"]
    (incident,) = load(content.dir)["incident"].values()
    assert incident.id == "e-1"
    assert incident.model.regions == ["kaluga-oblast"] and incident.model.status == "claimed"
    assert incident.model.type == "drone-strike" and incident.model.sources[0].source == "rbc"


def test_an_existing_record_is_never_overwritten(content, run):
    world(content)
    existing = content.write("incidents/rus0001.md", "title: Mine\ndate: 2026-11-01\nregions: [obninsk]\n"
                             "status: confirmed\nsources: [rbc]\n")
    before = existing.read_bytes()
    (content.root / "acled.csv").write_text(csv_text([row(1), row(2)]), encoding="utf-8")
    result = run("import", "csv", "acled.csv")
    assert result.code == 1
    assert result.problems == ["acled.csv:2: error: incident 'rus0001' already exists; nothing written for this row"]
    assert existing.read_bytes() == before
    assert result.out == ["content/incidents/2026/11/rus0002.md"]
    again = run("import", "csv", "acled.csv")  # a second import of the same file writes nothing
    assert again.code == 1 and again.out == [] and len(again.problems) == 2


def test_a_future_date_is_refused_like_validate_refuses_it(content, run):
    world(content)
    (content.root / "acled.csv").write_text(csv_text([row(1, event_date="2027-03-01")]), encoding="utf-8")
    result = run("import", "csv", "acled.csv")
    assert result.code == 1
    assert result.problems == ["acled.csv:2: error: 2027-03-01 is in the future; check the year and month"]
    assert not (content.dir / "incidents").exists()


def test_missing_column_is_reported_on_the_header_line(content, run):
    world(content)
    (content.root / "x.csv").write_text("event_id_cnty,notes\nRUS1,x\n", encoding="utf-8")
    result = run("import", "csv", "x.csv")
    assert result.code == 1
    assert result.problems[0].startswith("x.csv:1: error: missing column 'event_date', 'admin1', 'source'")


@pytest.mark.parametrize("mapping, message", [
    ("colums: {}\n", "unknown field 'colums'"),
    ("columns:\n  date: when\n", "columns: 'date' is not a column this import reads"),
    ("regions:\n  Kaluga: Kaluga Oblast\n", "regions: 'Kaluga Oblast' is not an id"),
    ("status: rumoured\n", "status 'rumoured' is not one of"),
])
def test_bad_mapping_is_a_usage_error(content, run, mapping, message):
    world(content)
    (content.root / "acled.csv").write_text(csv_text([row(1)]), encoding="utf-8")
    (content.root / "m.yml").write_text(mapping, encoding="utf-8")
    before = content.snapshot()
    result = run("import", "csv", "acled.csv", "--mapping", "m.yml")
    assert result.code == 2
    assert message in result.err[-1]
    assert content.snapshot() == before
