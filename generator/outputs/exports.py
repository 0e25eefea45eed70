"""Exports: the briefing as data files for analysts (JSON, CSV, GeoJSON), published under data/.

`export_files(briefing)` returns {site path: text}; generate.py writes them beside the
generated pages and the MkDocs plugin copies them into the site as static files.
The columns are documented for readers on the generated page data/index.md
(site_templates/data.md.j2); a test keeps that page and these columns in step.

- **Record order**: newest first (FuzzyDate.recent_key, as on the timeline), then id.
- **Dates** are written as in the record (`2026-11`, `2026-11-24`, an ISO date-time with
  offset) with a separate `…precision` field (year, month, day, datetime): a month is never
  turned into its first day.
- **JSON** files are one object: {"generated_from": "content/<folder>/", "count": N,
  "records": [...]}, every record carrying every field (null when not set), keys sorted,
  indented by two spaces, UTF-8 (non-ASCII text as written), a newline at the end.
- **CSV** files use the same flat fields (minus the nested JSON-only ones), a header row,
  every cell quoted (QUOTE_ALL), `\\n` line endings, UTF-8. Lists are joined with `;` (the JSON
  keeps the exact lists). Control characters are dropped (vertical tabs and form feeds
  become spaces, carriage returns line feeds; tabs stay). A text cell, and each part of a cell after a
  `;` or a line break (each item of a list), that starts (after spaces) with `=`, `+`, `-`, `@`, a tab
  or a carriage return gets a leading apostrophe, so a spreadsheet shows it as text instead of running
  it as a formula (CSV injection), whichever separator it splits on. Numeric cells (lat, lon, killed,
  injured, update_count) are numbers we write ourselves and are never prefixed.
- **GeoJSON** (RFC 7946): a FeatureCollection of the incidents that have coordinates, each
  a Point with [longitude, latitude] and the incident's fields as properties.
- **Sensitive locations** (`location.sensitive: true`) are published rounded by
  geo.public_point (one decimal degree, about 10 km: geo.ROUNDED_TO) with `coordinates_rounded: true`; the
  exact value is never read here, so it cannot reach any file.
- **The timeline's filter index** (`data/timeline.json`, urls.TIMELINE_INDEX) is for the
  timeline page's filters, not for analysts: when that page lists only the newest incidents, the
  browser fetches it to filter all of them. Compact (no indent) and small: one row per incident
  (`fields` names the columns), newest first in the timeline's order, with only what a filter or
  a result line needs; region names, parents and URLs and month labels once, in their own maps.
  URLs are relative to the site's root.
- Nothing depends on the time of the build: same content in, same bytes out.
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass
from datetime import date

from generator.content.dates import Date, FuzzyDate
from generator.content.geo import map_point, public_point
from generator.content.link import Briefing, record_links
from generator.content.validate import Entry
from generator.kinds import KINDS
from generator.pages.bodies import plain_text
from generator.pages.plan import months, newest_first
from generator.pages.urls import (
    DATA_FILES,
    GEOJSON_FILE,
    TIMELINE_INDEX,
    month_path,
    record_url,
)

# Each exported kind's columns, from the registry (kinds.py): JSON records carry these and its JSON-only
# fields (nested data a CSV cell cannot hold well); CSV files carry exactly these columns.
FIELDS = {name: kind.columns for name, kind in KINDS.items() if kind.exported}
JSON_ONLY_FIELDS = {name: kind.json_only for name, kind in KINDS.items() if kind.exported}
NUMERIC = {"lat", "lon", "killed", "injured", "update_count"}

# A spreadsheet reads a cell starting with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass
class Row:
    """One record in every data file: its fields, its JSON line, its CSV line and (an incident with a
    position) its GeoJSON feature, with what it read of other records (reads.py) while made."""

    data: dict
    json: str
    csv: str
    feature: str | None
    reads: set


class RowCache(dict):
    """(kind, id) → Row, kept by `mkdocs serve` between rebuilds (incremental.py drops the stale ones), and the
    rows of the timeline's filter index (timeline_file's cache, which checks its own)."""

    def __init__(self) -> None:
        super().__init__()
        self.timeline: dict = {}

    def clear(self) -> None:
        super().clear()
        self.timeline.clear()


def export_files(briefing: Briefing, kinds: set[str] | None = None, cache: RowCache | None = None) -> dict[str, str]:
    """Every data file, as {site path: text}; with kinds, only the exports of records of those kinds, not
    the timeline's filter index (what an edit reaches in `mkdocs serve`'s incremental rebuilds). A cache
    keeps each record's row; its owner drops the rows that read a record that changed."""
    out: dict[str, str] = {}
    for kind in DATA_FILES:
        if kinds is None or kind in kinds:
            rows = _rows(briefing, kind, cache)  # once for both: without a cache a row is made each time
            out.update(_downloads(kind, rows))
            if kind == "incident":
                out.update(_map(rows))
    if kinds is None:
        out[TIMELINE_INDEX] = timeline_file(briefing, cache.timeline if cache is not None else None)
    return out


def download_files(briefing: Briefing, kinds: set[str] | None = None, cache: RowCache | None = None) -> dict[str, str]:
    """The JSON and CSV exports of the records of these kinds (all without kinds), which readers download;
    no page of the site loads them, so a preview writes them after its reload (incremental.py)."""
    out: dict[str, str] = {}
    for kind in DATA_FILES:
        if kinds is None or kind in kinds:
            out.update(_downloads(kind, _rows(briefing, kind, cache)))
    return out


def map_file(briefing: Briefing, cache: RowCache | None = None) -> dict[str, str]:
    """The incidents' points as GeoJSON, which the map page loads."""
    return _map(_rows(briefing, "incident", cache))


def _rows(briefing: Briefing, kind: str, cache: RowCache | None) -> list[Row]:
    return [_row(briefing, kind, entry, cache) for entry in newest_first(briefing, kind)]


def _downloads(kind: str, rows: list[Row]) -> dict[str, str]:
    json_path, csv_path = DATA_FILES[kind]
    return {json_path: _json({"generated_from": f"content/{KINDS[kind].folder}/", "count": len(rows),
                              "records": [row.data for row in rows]}, "records", [row.json for row in rows]),
            csv_path: _csv_line(FIELDS[kind]) + "".join(row.csv for row in rows)}


def _map(rows: list[Row]) -> dict[str, str]:
    features = [row.feature for row in rows if row.feature is not None]
    return {GEOJSON_FILE: _json({"type": "FeatureCollection", "features": features}, "features", features)}


def timeline_file(briefing: Briefing, cache: dict | None = None) -> str:
    """The timeline's filter index (TIMELINE_INDEX) as written. With a cache (a preview's: incident id →
    (its entry, its grades, its row as JSON)), the row of an incident whose entry and grades are the same as
    last time is not made again: the file is the same bytes, put together from the rows."""
    if cache is None:
        return _compact_json(timeline_index(briefing))

    def row(entry: Entry, key: str) -> str:
        # its grades come from its sources' records too: an edited source changes the row of the same entry
        grades = briefing.best_grades(entry)
        found = cache.get(entry.id)
        if found is None or found[0] is not entry or found[1] != grades:
            found = cache[entry.id] = (entry, grades, _dump(_timeline_row(briefing, entry, key)))
        return found[2]

    rows, month_info, regions = _timeline_parts(briefing, row)
    # json.dumps of timeline_index's dict, keys sorted, with each row already as JSON
    return (f'{{"count":{len(rows)},"fields":{_dump(list(TIMELINE_FIELDS))},"incidents":[{",".join(rows)}],'
            f'"months":{_dump(month_info)},"regions":{_dump(regions)}}}\n')


# The columns of a row of the timeline's filter index; briefing.js reads them by name.
TIMELINE_FIELDS = ("url", "title", "date", "start", "end", "status", "type", "regions", "month", "reliability",
                   "credibility")


def timeline_index(briefing: Briefing) -> dict:
    """What the timeline's filters search in the browser: every incident in the timeline's order
    (newest month first, newest first within it), as rows of TIMELINE_FIELDS: its page, title, date
    as shown, first and last day it may fall on, status, type ("" when none), its own regions (the
    filter adds their ancestors from `regions`, which holds those regions and their ancestors), the
    key of its month in `months`, and its best grades (Briefing.best_grades: a letter and a number, ""
    where none)."""
    rows, month_info, regions = _timeline_parts(briefing, lambda entry, key: _timeline_row(briefing, entry, key))
    return {"count": len(rows), "fields": list(TIMELINE_FIELDS), "incidents": rows, "months": month_info,
            "regions": regions}


def _timeline_parts(briefing: Briefing, row) -> tuple[list, dict, dict]:
    """The filter index's rows (row(entry, month key) for each incident, in order), months and regions."""
    rows, month_info = [], {}
    for (year, month), items in months(briefing):
        key = f"{year:04d}-{month:02d}" if month else f"{year:04d}"
        label = FuzzyDate("month", year, month).label() if month else f"{year}, month unknown"
        month_info[key] = {"count": len(items), "label": label,
                           "url": month_path(year, month).removesuffix(".md") + "/"}
        rows.extend(row(entry, key) for entry in items)
    # the regions incidents are in, and above them (dict's own methods: nothing here is a page's read)
    named = [region for region, incidents in dict.items(briefing.region_incidents) if incidents]
    used = {r for region in named for r in (region, *briefing.ancestors(region))}
    regions = {r: {"name": briefing["region"][r].model.name, "parent": briefing["region"][r].model.parent,
                   "url": record_url("region", r)} for r in sorted(used)}
    return rows, month_info, regions


def _timeline_row(briefing: Briefing, entry: Entry, key: str) -> list:
    m = entry.model
    start, end = m.date.first_day(), m.date.last_day()  # None where a range is open: "" for the filters
    return [record_url("incident", entry.id), m.title, m.date.label(m.circa), start.isoformat() if start else "",
            end.isoformat() if end else "", m.status, m.type or "", list(m.regions), key, *briefing.best_grades(entry)]


# --- rows ---------------------------------------------------------------------------------------

def _date(value: Date | None) -> str | None:
    """A date as written (EDTF), or None."""
    return value.edtf() if value is not None else None


def _dates(model) -> dict:
    """A record's date as its exports show it: as written, its precision, circa, and the first and last day
    it can mean."""
    return {"date": model.date.edtf(), "date_precision": model.date.precision, "circa": model.circa,
            "date_earliest": _day(model.date.first_day()), "date_latest": _day(model.date.last_day())}


def _day(value: date | None) -> str | None:
    """The first or last day a date can mean, as an ISO day; None where a range is open."""
    return value.isoformat() if value is not None else None


def _precision(value: Date | None) -> str | None:
    return value.precision if value is not None else None


def _citation(briefing: Briefing, citation) -> dict:
    return {
        "source": citation.source,
        "source_name": briefing["source"][citation.source].model.name,
        "url": citation.url,
        "title": citation.title,
        "published": _date(citation.published),
        "published_precision": _precision(citation.published),
        "archived": citation.archived,
        "via": citation.via,
        "via_name": briefing["source"][citation.via].model.name if citation.via else None,
        "reliability": briefing["source"][citation.source].model.reliability,
        "credibility": citation.credibility,
    }


def _citation_columns(briefing: Briefing, citations) -> dict:
    """What a CSV row can say of its citations' provenance and grades, one item per citation that has it,
    as SOURCE=VALUE: `citation_via` ("kokov-telegram=kmia-miami-news": known only through that report) and
    `citation_grades` ("rbc=B2", "rbc=B" or "rbc=2": the source's reliability, the citation's credibility).
    The JSON's `citations` carry the same, nested."""
    grades = []
    for c in citations:
        grade = (briefing["source"][c.source].model.reliability or "") + str(c.credibility or "")
        if grade:
            grades.append(f"{c.source}={grade}")
    return {"citation_via": [f"{c.source}={c.via}" for c in citations if c.via], "citation_grades": grades}


def _updates(model) -> list[dict]:
    ordered = sorted(model.updates, key=lambda u: u.date.chrono_key())  # stable: same-day notes keep file order
    return [{"date": u.date.iso(), "date_precision": u.date.precision, "note": u.note} for u in ordered]


def _region_names(briefing: Briefing, ids) -> list[str]:
    return [briefing["region"][r].model.name for r in ids]


def _incident(briefing: Briefing, entry: Entry) -> dict:
    m = entry.model
    point = public_point(m.location)  # the published position: rounded when sensitive
    location = m.location
    return {
        "id": entry.id,
        "url": record_url("incident", entry.id),
        "title": m.title,
        **_dates(m),
        "status": m.status,
        "type": m.type,
        "regions": list(m.regions),
        "region_names": _region_names(briefing, m.regions),
        "location_name": location.name if location else None,
        "lat": point.lat if point else None,
        "lon": point.lon if point else None,
        "location_precision": location.precision if location else None,
        "coordinates_rounded": point.rounded if point else False,
        "killed": m.casualties.killed if m.casualties else None,
        "injured": m.casualties.injured if m.casualties else None,
        "actors": list(m.actors),
        "sources": list(dict.fromkeys(c.source for c in m.sources)),
        **_citation_columns(briefing, m.sources),
        "tags": list(m.tags),
        "added": _date(m.added),
        "update_count": len(m.updates),
        "narrative": plain_text(briefing.body(entry)),
        "citations": [_citation(briefing, c) for c in m.sources],
        "updates": _updates(m),
    }


def _statement(briefing: Briefing, entry: Entry) -> dict:
    m = entry.model
    return {
        "id": entry.id,
        "url": record_url("statement", entry.id),
        **_dates(m),
        "speaker": m.speaker,
        "speaker_name": briefing["actor"][m.speaker].model.name if m.speaker else None,
        "anonymous": m.anonymous,
        "kind": m.kind,
        "language": m.language,
        "text": plain_text(briefing.body(entry)),
        "original": m.original,
        "incidents": list(m.incidents),
        "regions": list(briefing.statement_regions.get(entry.id, [])),
        "responds_to": m.responds_to,
        "stance": m.stance,
        "source": m.source.source,
        **_citation_columns(briefing, [m.source]),
        "tags": list(m.tags),
        "added": _date(m.added),
        "update_count": len(m.updates),
        "citation": _citation(briefing, m.source),
        "updates": _updates(m),
    }


def _measure(briefing: Briefing, entry: Entry) -> dict:
    m = entry.model
    return {
        "id": entry.id,
        "url": record_url("measure", entry.id),
        "title": m.title,
        **_dates(m),
        "kind": m.kind,
        "state": m.state,
        "until": _date(m.until),
        "until_precision": _precision(m.until),
        "regions": list(m.regions),
        "region_names": _region_names(briefing, m.regions),
        "issuer": m.issuer,
        "issuer_name": briefing["actor"][m.issuer].model.name,
        "incidents": list(m.incidents),
        "sources": list(dict.fromkeys(c.source for c in m.sources)),
        **_citation_columns(briefing, m.sources),
        "tags": list(m.tags),
        "added": _date(m.added),
        "update_count": len(m.updates),
        "text": plain_text(briefing.body(entry)),
        "citations": [_citation(briefing, c) for c in m.sources],
        "updates": _updates(m),
    }


def _briefing(briefing: Briefing, entry: Entry) -> dict:
    m = entry.model
    dates = _dates(m)
    del dates["circa"]  # a briefing's date is exact: the day it was written
    assessment = briefing.body(entry)
    return {
        "id": entry.id,
        "url": record_url("briefing", entry.id),
        "title": m.title,
        **dates,
        "regions": list(m.regions),
        "region_names": _region_names(briefing, m.regions),
        "linked": [f"{kind}:{record_id}" for kind, record_id in record_links(*m.points, assessment)],
        "added": _date(m.added),
        "update_count": len(m.updates),
        "assessment": plain_text(assessment),
        "points": [{"text": plain_text(point), "markdown": point} for point in m.points],
        "updates": _updates(m),
    }


_ROWS = {"incident": _incident, "statement": _statement, "measure": _measure, "briefing": _briefing}


# --- formats ------------------------------------------------------------------------------------

def _dump(value) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _json(data: dict, listed: str, lines: list[str] | None = None) -> str:
    """data as JSON, keys sorted, each item of its list `listed` on a line of its own (lines: those
    items already as JSON): readable and diffable line by line, and written by json's C encoder
    (indent= takes the pure-Python one, several times slower)."""
    items = data[listed]
    lines = lines if lines is not None else [_dump(item) for item in items]
    fields = [f"{_dump(key)}:" + ("[\n" + ",\n".join(lines) + "\n]" if key == listed and items
                                  else _dump(data[key])) for key in sorted(data)]
    return "{" + ",\n".join(fields) + "}\n"


def _compact_json(data) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"


def csv_cell(name: str, value) -> str:
    """One CSV cell: lists joined with ';', booleans as true/false, None empty, control characters
    removed, and each piece of text that a spreadsheet would run as a formula prefixed with an
    apostrophe: the cell, and every item of a list, since a spreadsheet that splits on ';' makes a
    cell of each item."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if name in NUMERIC:
        return str(value)
    if isinstance(value, list):
        return ";".join(_inert(_printable(str(item))) for item in value)
    return _inert(_printable(str(value)))


# Line breaks become \n, which the quoted cell keeps in one cell; every other control character but the tab
# (NUL, ESC, backspace, C1 controls …) is dropped, vertical tabs and form feeds made spaces: none is text a
# reader means, and some end rows or cells in one program or another.
_LINE_BREAKS = re.compile(r"\r\n?|[\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x84\x86-\x9f]")


def _printable(text: str) -> str:
    return _CONTROLS.sub(lambda m: " " if m[0] in "\x0b\x0c" else "", _LINE_BREAKS.sub("\n", text))


def _inert(text: str) -> str:
    """The text with an apostrophe before each part that a spreadsheet splitting on ';' or on lines would
    read as a formula (spaces before '=' do not stop every spreadsheet from reading one)."""
    if not _MAY_RUN.search(text):
        return text
    return "".join("'" + part if part.lstrip(" ").startswith(FORMULA_STARTS) else part
                   for part in _PARTS.split(text))


_MAY_RUN = re.compile(r"(?:^|[;\n]) *[=+\-@\t\r]")
_PARTS = re.compile(r"(?<=[;\n])")


def _csv_line(cells) -> str:
    # Every cell quoted: a separator (',' ';' tab …) or line break inside a cell never starts another cell
    # or row, whichever separator the program that opens the file guesses.
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


def _feature(briefing: Briefing, entry: Entry, row: dict) -> dict | None:
    """The incident on the map (GeoJSON): at its own published position, or at its region's, which the
    property `placed_by_region` names (geo.map_point); None when neither has coordinates."""
    point = map_point(briefing, entry)
    if point is None:
        return None
    return {
        "type": "Feature",
        "id": row["id"],
        "geometry": {"type": "Point", "coordinates": [point.lon, point.lat]},  # RFC 7946: lon, lat
        "properties": {**{key: value for key, value in row.items() if key not in ("lat", "lon")},
                       "placed_by_region": point.by_region,
                       "placed_by_region_name": briefing["region"][point.by_region].model.name if point.by_region
                       else None},
    }


def _row(briefing: Briefing, kind: str, entry: Entry, cache: RowCache | None) -> Row:
    found = cache.get((kind, entry.id)) if cache is not None else None
    if found is not None:
        return found
    with briefing.trace.collecting() as reads:  # a preview's rows are made again when what they read changes
        data = _ROWS[kind](briefing, entry)
        feature = _feature(briefing, entry, data) if kind == "incident" else None
    row = Row(data, _dump(data), _csv_line([csv_cell(name, data[name]) for name in FIELDS[kind]]),
              _dump(feature) if feature is not None else None, reads)
    if cache is not None:
        cache[(kind, entry.id)] = row
    return row
