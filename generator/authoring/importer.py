"""`briefing import csv`: ACLED-style event rows → incident records in content/incidents/.

Each row becomes one incident, checked exactly as `briefing validate` would check it,
before anything is written. A row that cannot be mapped (a region or source with no
record, a date that is not one, an id already taken …) is refused with its CSV line;
the good rows are written, each to a new file (never over an existing one), in
content/incidents/YYYY/MM/ like the hand-written records.

The mapping file (YAML) adapts other exports and other names:

    columns:        # ACLED column → the column's name in this file
      event_date: date
    regions:        # a value of admin1 → region id
      Kaluga: kaluga-oblast
    sources:        # a source name as the CSV writes it → source id
      Telegram (Kokov): kokov-telegram
    actors:         # a value of actor1 → actor id (actors with no id are left out)
      Stefan Pervalov: stefan-pervalov
    types:          # a value of sub_event_type → the incident's type
      Air/drone strike: drone-strike
    status: reported
"""

from __future__ import annotations

import csv
import io
import math
import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from slugify import slugify

from generator.content.dates import DateError, parse_date
from generator.content.errors import display_path
from generator.content.reader import SLUG, RawRecord, read_content, read_file
from generator.content.validate import DEFAULT_FUTURE_TOLERANCE, validate_records
from generator.kinds import STATUSES

COLUMNS = ("event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "admin1", "location",
           "latitude", "longitude", "source", "notes", "fatalities")
REQUIRED = ("event_id_cnty", "event_date", "admin1", "source")
VALUE_MAPS = ("regions", "sources", "actors", "types")
MAX_CSV_BYTES = 50 * 1024 * 1024
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%d-%B-%Y", "%d-%b-%Y", "%B %d, %Y", "%b %d, %Y")
# Words an export adds or leaves out of a region's name: 'Kaluga' is 'Kaluga Oblast'.
_REGION_WORDS = re.compile(r"\b(oblast|oblast'|krai|kray|republic|republic of|region|city of|federal city)\b")


class ImportUsageError(Exception):
    """The file or the mapping cannot be used at all (exit 2)."""


@dataclass
class Mapping:
    columns: dict[str, str] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # keys lowercased
    sources: dict[str, str] = field(default_factory=dict)
    actors: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)
    status: str = "reported"


@dataclass
class RowError:
    path: str
    line: int
    reason: str

    def format(self) -> str:
        return f"{self.path}:{self.line}: error: {self.reason}"


@dataclass
class ImportResult:
    written: list[Path] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def load_mapping(path: Path | None) -> Mapping:
    if path is None:
        return Mapping()
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    shown = display_path(path)
    try:
        data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise ImportUsageError(f"{shown}: cannot read the mapping file ({err.strerror})") from None
    except (YAMLError, UnicodeDecodeError) as err:
        raise ImportUsageError(f"{shown}: the mapping file is not valid YAML ({type(err).__name__})") from None
    data = data or {}
    if not isinstance(data, dict):
        raise ImportUsageError(f"{shown}: the mapping file holds fields such as 'columns:' and 'regions:'")
    unknown = sorted(set(map(str, data)) - {"columns", *VALUE_MAPS, "status"})
    if unknown:
        raise ImportUsageError(f"{shown}: unknown field '{unknown[0]}'; allowed: columns, "
                               f"{', '.join(VALUE_MAPS)}, status")
    mapping = Mapping()
    for name in ("columns", *VALUE_MAPS):
        table = data.get(name) or {}
        if not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            raise ImportUsageError(f"{shown}: '{name}' must be pairs 'value: id', one a line")
        if name == "columns":
            bad = sorted(set(map(str, table)) - set(COLUMNS))
            if bad:
                raise ImportUsageError(f"{shown}: columns: '{bad[0]}' is not a column this import reads; "
                                       f"use one of: {', '.join(COLUMNS)}")
            mapping.columns = {str(k): v for k, v in table.items()}
        else:
            if name != "types":
                for value in table.values():
                    if not SLUG.fullmatch(value):
                        raise ImportUsageError(f"{shown}: {name}: '{value}' is not an id")
            setattr(mapping, name, {str(k).strip().casefold(): v for k, v in table.items()})
    status = data.get("status", "reported")
    if status not in STATUSES:
        raise ImportUsageError(f"{shown}: status '{status}' is not one of: {', '.join(STATUSES)}")
    mapping.status = status
    return mapping


class _Names:
    """Ids of the records of one kind, found by id, name or local name, without regard to case."""

    def __init__(self, raws: list[RawRecord], kind: str, loose: bool = False):
        self.ids = {raw.id for raw in raws if raw.kind == kind}
        self.exact: dict[str, set[str]] = {}
        self.loose: dict[str, set[str]] = {}
        for raw in raws:
            if raw.kind != kind:
                continue
            for name in (raw.id, raw.data.get("name"), raw.data.get("name_local")):
                if isinstance(name, str) and name.strip():
                    self.exact.setdefault(name.strip().casefold(), set()).add(raw.id)
                    if loose:
                        self.loose.setdefault(_loose(name), set()).add(raw.id)

    def find(self, value: str) -> tuple[str | None, str | None]:
        """(id, None) or (None, why not)."""
        key = value.strip().casefold()
        for table, text in ((self.exact, key), (self.loose, _loose(value))):
            found = table.get(text)
            if found and len(found) == 1:
                return next(iter(found)), None
            if found:
                return None, f"'{value}' could be any of: {', '.join(sorted(found))}; map it in the mapping file"
        return None, None


def _loose(name: str) -> str:
    text = _REGION_WORDS.sub(" ", name.casefold().replace("-", " "))
    return " ".join(text.split())


def import_csv(csv_path: Path, content_dir: Path, mapping: Mapping, today: date,
               future_tolerance=DEFAULT_FUTURE_TOLERANCE) -> ImportResult:
    shown = display_path(csv_path)
    if not csv_path.is_file():
        raise ImportUsageError(f"no file at '{shown}'")
    if csv_path.stat().st_size > MAX_CSV_BYTES:
        raise ImportUsageError(f"{shown} is larger than {MAX_CSV_BYTES // 1048576} MB; split it")
    if not content_dir.is_dir():
        raise ImportUsageError(f"no content folder at '{content_dir}'; "
                               "run from the project folder or pass --content DIR")
    raws, _ = read_content(content_dir)
    regions, sources = _Names(raws, "region", loose=True), _Names(raws, "source")
    actors = _Names(raws, "actor")
    folder = content_dir / "incidents"
    taken = {raw.id for raw in raws if raw.kind == "incident"}
    taken |= {a for raw in raws if raw.kind == "incident" for a in (raw.data.get("aliases") or [])
              if isinstance(a, str)}
    taken |= {p.stem for p in folder.rglob("*.md")} if folder.is_dir() else set()

    result = ImportResult()
    try:
        handle = open(csv_path, encoding="utf-8-sig", newline="")
    except OSError as err:
        raise ImportUsageError(f"cannot read '{shown}' ({err.strerror})") from None
    with handle, tempfile.TemporaryDirectory() as scratch:
        try:
            rows = _rows(handle)
            header = next(rows, None)
        except (csv.Error, UnicodeDecodeError) as err:
            raise ImportUsageError(f"{shown} is not a UTF-8 CSV file ({err})") from None
        if header is None:
            raise ImportUsageError(f"{shown} is empty")
        _, names = header
        column = {name: mapping.columns.get(name, name) for name in COLUMNS}
        missing = [f"'{column[name]}'" for name in REQUIRED if column[name] not in names]
        if missing:
            result.errors.append(RowError(shown, 1, f"missing column {', '.join(missing)}; the columns are "
                                                    f"{', '.join(names)} (rename them in the mapping file's columns:)"))
            return result
        pending: list[tuple[Path, str]] = []
        try:
            for line, values in rows:
                if not any(v.strip() for v in values):
                    continue  # a blank line
                row = {name: (values[names.index(column[name])].strip()
                              if column[name] in names and names.index(column[name]) < len(values) else "")
                       for name in COLUMNS}
                try:
                    record_id, year_month, text = _record(row, mapping, regions, sources, actors, today)
                    if record_id in taken:
                        raise _Refused(f"incident '{record_id}' already exists; nothing written for this row")
                    _check(record_id, text, Path(scratch), today, future_tolerance)
                except _Refused as err:
                    result.errors.append(RowError(shown, line, str(err)))
                    continue
                taken.add(record_id)
                pending.append((folder / year_month / f"{record_id}.md", text))
        except (csv.Error, UnicodeDecodeError) as err:
            raise ImportUsageError(f"{shown} is not a UTF-8 CSV file ({err})") from None
    for path, text in pending:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "x", encoding="utf-8", newline="\n") as out:  # 'x': never overwrite
            out.write(text)
        result.written.append(path)
    return result


def _rows(handle):
    """(line number where the row starts, values), the header first."""
    reader = csv.reader(handle)
    previous = 0
    for values in reader:
        yield previous + 1, [v.strip() for v in values]
        previous = reader.line_num


class _Refused(Exception):
    pass


def _record(row: dict[str, str], mapping: Mapping, regions: _Names, sources: _Names, actors: _Names,
            today: date) -> tuple[str, str, str]:
    record_id = slugify(row["event_id_cnty"])
    if not row["event_id_cnty"]:
        raise _Refused("event_id_cnty is empty; every row needs an id")
    if not SLUG.fullmatch(record_id):
        raise _Refused(f"event_id_cnty '{row['event_id_cnty']}' does not make an id")
    when = _date(row["event_date"])

    region_id = _region(row["admin1"], mapping, regions)
    source_ids = _source_ids(row["source"], mapping, sources)

    kind_text = row["sub_event_type"] or row["event_type"]
    title = f"{kind_text} in {row['location']}" if kind_text and row["location"] else (
        kind_text or row["location"] or f"Event {row['event_id_cnty']}")
    incident_type = mapping.types.get(kind_text.casefold()) if kind_text else None
    incident_type = incident_type or (slugify(kind_text) if kind_text else None)

    # The front matter is built as data and written by ruamel.yaml, never pieced together as text: a
    # newline or a quote in any cell of the CSV then stays inside its value instead of adding fields.
    data = CommentedMap()
    data["title"] = " ".join(title.split())
    data["date"] = when
    data["regions"] = _flow([region_id])
    data["status"] = mapping.status
    data["sources"] = _flow(source_ids)
    if incident_type:
        data["type"] = incident_type
    actor = _actor(row["actor1"], mapping, actors)
    if actor:
        data["actors"] = _flow([actor])
    location = _location(row)
    if location:
        data["location"] = location
    if row["fatalities"]:
        if not re.fullmatch(r"\d+", row["fatalities"]):
            raise _Refused(f"fatalities '{row['fatalities']}' must be a whole number, 0 or more")
        data["casualties"] = CommentedMap(killed=int(row["fatalities"]))
    data["added"] = today.isoformat()
    data.yaml_set_start_comment(f"Imported from an event export: {_one_line(row['event_id_cnty'])}")
    body = row["notes"].replace("\r\n", "\n").replace("\r", "\n")
    text = "---\n" + _dump_yaml(data) + "---\n" + (body + "\n" if body else "")
    parsed = parse_date(when)
    year_month = f"{parsed.year:04d}/{parsed.month:02d}" if parsed.month else f"{parsed.year:04d}"
    return record_id, year_month, text


def _source_ids(cell: str, mapping: Mapping, sources: _Names) -> list[str]:
    """The source ids of a row's `source` cell (names separated by `;`), each once, in the cell's order:
    the mapping's id for a name, else the source of that name or id in content/sources/."""
    source_ids = []
    names = [s.strip() for s in re.split(r"[;]", cell) if s.strip()]
    if not names:
        raise _Refused("source is empty; every incident needs a source")
    for name in names:
        found = mapping.sources.get(name.casefold())
        if found is None:
            found, why = sources.find(name)
            if found is None:
                raise _Refused(why or f"unknown source '{name}': add it to content/sources/ (briefing new source "
                                      f"\"{name}\") or map it under sources: in the mapping file")
        elif found not in sources.ids:
            raise _Refused(f"the mapping sends source '{name}' to '{found}', which is not in content/sources/")
        if found not in source_ids:
            source_ids.append(found)
    return source_ids


def _location(row: dict[str, str]) -> CommentedMap:
    """The record's `location` group from a row's place name and coordinates; empty when it has neither."""
    location = CommentedMap()
    if row["location"]:
        location["name"] = " ".join(row["location"].split())
    if row["latitude"] or row["longitude"]:
        try:
            lat, lon = float(row["latitude"]), float(row["longitude"])
        except ValueError:
            raise _Refused(f"latitude '{row['latitude']}' and longitude '{row['longitude']}' must be numbers "
                           "such as 55.1 and 36.61") from None
        if not (math.isfinite(lat) and math.isfinite(lon)):
            raise _Refused(f"latitude '{row['latitude']}' and longitude '{row['longitude']}' must be numbers "
                           "such as 55.1 and 36.61")
        location["coordinates"] = _flow([lat, lon])
    return location


def _flow(items: list) -> CommentedSeq:
    """A list written [a, b] on its field's line, as hand-written records write them."""
    seq = CommentedSeq(items)
    seq.fa.set_flow_style()
    return seq


def _dump_yaml(data: CommentedMap) -> str:
    yaml = YAML(typ="rt")
    yaml.width = 4096  # a long title stays on its line
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _one_line(text: str) -> str:
    """Text for a comment: one line, with no control character a YAML comment could end at."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in text).split())


def _date(value: str) -> str:
    if not value:
        raise _Refused("event_date is empty")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date().isoformat()
        except ValueError:
            pass
    try:
        return parse_date(value).iso()
    except DateError:
        raise _Refused(f"event_date '{value}' is not a date; write it as 24 November 2026 or 2026-11-24") from None


def _region(value: str, mapping: Mapping, regions: _Names) -> str:
    if not value:
        raise _Refused("admin1 is empty; every incident needs a region")
    found = mapping.regions.get(value.casefold())
    if found is not None:
        if found not in regions.ids:
            raise _Refused(f"the mapping sends region '{value}' to '{found}', which is not in content/regions/")
        return found
    found, why = regions.find(value)
    if found is None:
        raise _Refused(why or f"unknown region '{value}': no region in content/regions/ has that name; "
                              f"map it under regions: in the mapping file")
    return found


def _actor(value: str, mapping: Mapping, actors: _Names) -> str | None:
    if not value:
        return None
    found = mapping.actors.get(value.casefold())
    if found is not None:
        if found not in actors.ids:
            raise _Refused(f"the mapping sends actor '{value}' to '{found}', which is not in content/actors/")
        return found
    found, _ = actors.find(value)
    return found


def _check(record_id: str, text: str, scratch: Path, today: date, future_tolerance) -> None:
    """The record as `briefing validate` would read it; its first problem refuses the row."""
    problem = first_problem(scratch, "incident", record_id, text, today, future_tolerance)
    if problem:
        raise _Refused(problem)


def first_problem(scratch: Path, kind: str, record_id: str, text: str, today: date, future_tolerance) -> str | None:
    """The first problem `briefing validate` would report in this record of `kind`, or None: written to a
    scratch folder and read back as a contributor's file would be (the importers check what they write)."""
    path = scratch / f"{record_id}.md"
    path.write_text(text, encoding="utf-8")
    try:
        raw, problems = read_file(path, kind)
        if raw is not None:
            _, problems = validate_records([raw], today=today, future_tolerance=future_tolerance)
    finally:
        path.unlink()
    return problems[0].message if problems else None
