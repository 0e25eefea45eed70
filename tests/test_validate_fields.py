"""Validating one record: required fields, types, vocabularies, dates, coordinates, URLs,
language tags and counts. Each bad case is one wrong value in an otherwise valid record, and
must give exactly one error line at that value, exit 1, and change no file."""

from __future__ import annotations

import pytest

from conftest import BRIEFING, INCIDENT, MEASURE, STATEMENT

X = "content/incidents/x.md"
STATUSES = "confirmed, reported, claimed, disputed, denied"
DATE_FORMS = ("YYYY, YYYY-MM, YYYY-MM-DD, a date-time with offset such as 2026-11-24T18:30+03:00, or in EDTF "
              "2026-11~ (approximate), 2026-11-24? (uncertain), 2026-11-20/2026-11-25 (between), "
              "../2026-11-25 (on or before), 2026-11-20/.. (on or after)")

# The smallest valid record of each kind, one field a line, in a world of kaluga-oblast,
# governor and rbc; file content/<folder>/x.md.
MINIMAL = {
    "regions": "name: Obninsk\n",
    "actors": "name: Stefan Pervalov\nkind: person\n",
    "sources": "name: TASS\nkind: agency\n",
    "incidents": INCIDENT,
    "statements": STATEMENT,
    "measures": MEASURE,
    "briefings": BRIEFING,
}
REQUIRED = {
    "regions": ["name"],
    "actors": ["name", "kind"],
    "sources": ["name", "kind"],
    "incidents": ["title", "date", "regions", "status", "sources"],
    "statements": ["date", "source"],
    "measures": ["title", "date", "regions", "issuer", "sources"],
    "briefings": ["title", "date", "points"],
}


def without(front_matter: str, name: str) -> str:
    return "".join(line + "\n" for line in front_matter.splitlines() if not line.startswith(f"{name}:"))


def incident(**fields: str) -> str:
    """INCIDENT with some fields replaced (in place) or added (at the end), each as written."""
    lines = INCIDENT.splitlines()
    for name, text in fields.items():
        for i, line in enumerate(lines):
            if line.startswith(f"{name}:"):
                lines[i] = f"{name}: {text}"
                break
        else:
            lines.append(f"{name}: {text}")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("folder", list(MINIMAL))
def test_minimal_record_of_each_kind_is_valid(content, valid, folder):
    content.world()
    content.write(f"{folder}/x.md", MINIMAL[folder])
    valid()


@pytest.mark.parametrize("folder, name", [(f, n) for f, names in REQUIRED.items() for n in names])
def test_required_field(content, invalid, folder, name):
    content.world()
    content.write(f"{folder}/x.md", without(MINIMAL[folder], name))
    invalid(f"content/{folder}/x.md:1:1: error: missing required field '{name}'")


# (case id, front matter of content/incidents/x.md, expected error line); line numbers: title 2,
# date 3, regions 4, status 5, sources 6, and an added field on line 7.
TYPES = [
    ("title-number", incident(title="2026"),
     f"{X}:2:8: error: title must be text, not a number (2026) (put it in quotes)"),
    ("title-empty-quotes", incident(title="''"), f"{X}:2:8: error: title is empty; write the text or remove the field"),
    ("title-no-value", incident(title="").replace("title: \n", "title:\n"),
     f"{X}:2:1: error: title is empty; write its value after 'title:'"),
    ("title-list", incident(title="[a, b]"), f"{X}:2:8: error: title must be text, not a list"),
    ("status-no-value", INCIDENT.replace("status: reported", "status:"),
     f"{X}:5:1: error: status is empty; write its value after 'status:'"),
    ("region-empty-item", INCIDENT.replace("regions: [kaluga-oblast]", "regions:\n  - kaluga-oblast\n  -"),
     f"{X}:6:4: error: regions has an empty item ('-' with nothing after it); write its value or remove that line"),
    ("regions-not-list", incident(regions="kaluga-oblast"),
     f"{X}:4:10: error: regions must be a list (one '- item' a line, or [a, b]), not 'kaluga-oblast'"),
    ("regions-empty-list", incident(regions="[]"), f"{X}:4:10: error: regions needs at least 1 item"),
    ("regions-not-id", incident(regions="[Kaluga Oblast]"),
     f"{X}:4:11: error: 'Kaluga Oblast' is not an id: ids are lowercase letters, digits and single hyphens"),
    ("sources-empty-list", incident(sources="[]"), f"{X}:6:10: error: sources needs at least 1 item"),
    ("citation-number", incident(sources="[3]"),
     f"{X}:6:11: error: sources must be a group of fields (name: value), not a number (3)"),
    ("location-not-map", incident(location="Obninsk"),
     f"{X}:7:11: error: location must be a group of fields (name: value), not 'Obninsk'"),
    ("location-a-list", incident(location="[55.1, 36.6]"),
     f"{X}:7:11: error: location must be a group of fields (name: value), not a list"),
    ("sensitive-not-bool", incident(location="{sensitive: maybe}"),
     f"{X}:7:23: error: sensitive must be true or false, not 'maybe'"),
    ("circa-yes", incident(circa="yes"), f"{X}:7:8: error: circa must be true or false, not 'yes'"),
    ("circa-number", incident(circa="1"), f"{X}:7:8: error: circa must be true or false, not a number (1)"),
    ("updates-not-list", incident(updates="{date: 2026-11-24, note: x}"),
     f"{X}:7:10: error: updates must be a list (one '- item' a line, or [a, b]), not a group of fields"),
    ("update-without-note", incident(updates="[{date: 2026-11-24}]"),
     f"{X}:7:11: error: missing required field 'note'"),
    ("tag-not-slug", incident(tags="[Air defence]"),
     f"{X}:7:8: error: 'Air defence' is not a tag: tags are lowercase words joined by hyphens, such as 'air-defence'"),
    ("type-not-slug", incident(type="Drone Attack"),
     f"{X}:7:7: error: 'Drone Attack' is not an id: ids are lowercase letters, digits and single hyphens"),
    ("killed-negative", incident(casualties="{killed: -1}"), f"{X}:7:22: error: killed must be 0 or more, not -1"),
    ("injured-negative", incident(casualties="{injured: -3}"), f"{X}:7:23: error: injured must be 0 or more, not -3"),
    ("killed-fraction", incident(casualties="{killed: 1.5}"),
     f"{X}:7:22: error: killed must be a whole number, not 1.5"),
    ("killed-words", incident(casualties="{killed: two}"),
     f"{X}:7:22: error: killed must be a whole number, not 'two'"),
    ("aliases-not-ids", incident(aliases="[Old Name]"),
     f"{X}:7:11: error: 'Old Name' is not an id: ids are lowercase letters, digits and single hyphens"),
]


@pytest.mark.parametrize("front_matter, expected", [c[1:] for c in TYPES], ids=[c[0] for c in TYPES])
def test_field_type(content, invalid, front_matter, expected):
    content.world()
    content.write("incidents/x.md", front_matter)
    invalid(expected)


# (case id, file, front matter, expected): a value outside its field's vocabulary.
VOCABULARIES = [
    ("status", "incidents", incident(status="rumoured"),
     f"{X}:5:9: error: 'rumoured' is not a valid status; use one of: {STATUSES}"),
    ("status-near-miss", "incidents", incident(status="Confirmed"),
     f"{X}:5:9: error: 'Confirmed' is not a valid status (did you mean 'confirmed'?); use one of: {STATUSES}"),
    ("status-number", "incidents", incident(status="3"),
     f"{X}:5:9: error: a number (3) is not a valid status; use one of: {STATUSES}"),
    ("precision", "incidents", incident(location="{name: Obninsk, precision: approximate}"),
     f"{X}:7:38: error: 'approximate' is not a valid precision; use one of: exact, vicinity, locality, region"),
    ("region-kind", "regions", "name: Obninsk\nkind: province\n",
     "content/regions/x.md:3:7: error: 'province' is not a valid kind; use one of: country, federal-district, "
     "republic, oblast, krai, city, district, other"),
    ("actor-kind", "actors", "name: NATO\nkind: organisation\n",
     "content/actors/x.md:3:7: error: 'organisation' is not a valid kind (did you mean 'organization'?); "
     "use one of: person, organization, group"),
    ("source-kind", "sources", "name: TASS\nkind: newspaper\n",
     "content/sources/x.md:3:7: error: 'newspaper' is not a valid kind; use one of: outlet, telegram, official, "
     "agency, social, other"),
    ("statement-kind", "statements", STATEMENT + "kind: quotation\n",
     "content/statements/x.md:5:7: error: 'quotation' is not a valid kind; use one of: quote, paraphrase"),
    ("measure-kind", "measures", MEASURE + "kind: curfew\n",
     "content/measures/x.md:7:7: error: 'curfew' is not a valid kind; use one of: connectivity, movement, "
     "information, evacuation, other"),
    ("measure-state", "measures", MEASURE + "state: active\n",
     "content/measures/x.md:7:8: error: 'active' is not a valid state; use one of: announced, in-force, lifted"),
    ("measure-state-near-miss", "measures", MEASURE + "state: in force\n",
     "content/measures/x.md:7:8: error: 'in force' is not a valid state (did you mean 'in-force'?); "
     "use one of: announced, in-force, lifted"),
]


@pytest.mark.parametrize("folder, front_matter, expected", [c[1:] for c in VOCABULARIES],
                         ids=[c[0] for c in VOCABULARIES])
def test_vocabulary(content, invalid, folder, front_matter, expected):
    content.world()
    content.write(f"{folder}/x.md", front_matter)
    invalid(expected)


def test_stance_vocabulary(content, invalid):
    content.world()
    content.write("statements/claim.md", STATEMENT)
    content.write("statements/x.md", STATEMENT + "responds_to: claim\nstance: agrees\n")
    invalid("content/statements/x.md:6:9: error: 'agrees' is not a valid stance; "
            "use one of: supports, disputes, clarifies")


@pytest.mark.parametrize("folder, extra, expected", [
    ("incidents", "titel: Drone\n",
     f"{X}:7:1: error: unknown field 'titel' (did you mean 'title'?); allowed here: actors, added, aliases, "
     "casualties, circa, date, location, regions, sources, status, tags, title, type, updates"),
    ("incidents", "location: {name: Obninsk, precission: exact}\n",
     f"{X}:7:27: error: unknown field 'precission' (did you mean 'precision'?); "
     "allowed here: coordinates, name, precision, sensitive"),
    ("incidents", "casualties: {killed: 0, wounded: 2}\n",
     f"{X}:7:25: error: unknown field 'wounded'; allowed here: injured, killed"),
    ("regions", "parrent: kaluga-oblast\n",
     "content/regions/x.md:3:1: error: unknown field 'parrent' (did you mean 'parent'?); "
     "allowed here: added, aliases, coordinates, kind, name, name_local, parent"),
    ("statements", "speeker: governor\n",
     "content/statements/x.md:5:1: error: unknown field 'speeker' (did you mean 'speaker'?); allowed here: "
     "added, aliases, anonymous, circa, date, incidents, kind, language, original, regions, responds_to, "
     "source, speaker, stance, tags, updates"),
], ids=["top-level", "in-location", "no-close-match", "region", "statement"])
def test_unknown_field_with_did_you_mean(content, invalid, folder, extra, expected):
    content.world()
    content.write(f"{folder}/x.md", MINIMAL[folder] + extra)
    invalid(expected)


@pytest.mark.parametrize("where, text, expected", [
    ("top", incident(title="Drone").replace("title:", "titel:"),
     f"{X}:2:1: error: unknown field 'titel' (did you mean 'title'?); allowed here: actors, added, aliases, "
     "casualties, circa, date, location, regions, sources, status, tags, title, type, updates"),
    ("update", incident(updates="[{date: 2026-11-24, notes: Corrected.}]"),
     f"{X}:7:30: error: unknown field 'notes' (did you mean 'note'?); allowed here: date, note"),
    ("citation", incident(sources="[{sorce: rbc}]"),
     f"{X}:6:12: error: unknown field 'sorce' (did you mean 'source'?); "
     "allowed here: archived, credibility, published, source, title, url, via"),
], ids=["top", "update", "citation"])
def test_misspelt_required_field_is_one_error_not_two(content, invalid, where, text, expected):
    """'titel' is reported once, as a near miss of 'title', not also as a missing 'title'."""
    content.world()
    content.write("incidents/x.md", text)
    invalid(expected)


# --- dates ---------------------------------------------------------------------------------

GOOD_DATES = [
    "2026", "2026-11", "2026-11-24", "2026-11-24T18:30+03:00", "2026-11-24T18:30Z", "2026-11-24T18:30:15Z",
    "2026-11-24 18:30+03:00", "'2026-11-24T18:30:00.250-05:00'", "2026-11-24T18:30+0300", "1999-01",
    "2026-11-27T01:00+14:00",  # already 27 November in Kiribati, still 26 November in UTC: within tolerance
    # EDTF (ISO 8601-2): approximate, uncertain, both, between, on or before, on or after
    "2026-11~", "2026-11-24?", "2026-11-24%", "2026-11-20/2026-11-25", "../2026-11-25", "2026-11-20/..",
    "2025-12/2026-01", "2026-11~/2026-11-24", "2026-11-20/2027-01",  # a range may run on past today
]


@pytest.mark.parametrize("value", GOOD_DATES)
def test_date_of_every_precision_passes(content, valid, value):
    content.world()
    content.write("incidents/x.md", incident(date=value))
    valid()


BAD_DATES = [
    ("2026-02-30", "2026-02-30 is not a day of the calendar"),
    ("2025-02-29", "2025-02-29 is not a day of the calendar"),
    ("2026-13", "month 13 does not exist; months run from 01 to 12"),
    ("2026-00-10", "month 00 does not exist; months run from 01 to 12"),
    ("2026-11-24T18:30+25:00", "offset +25:00 is out of range; offsets run from -12:00 to +14:00"),
    ("2026-11-24T18:30-13:00", "offset -13:00 is out of range; offsets run from -12:00 to +14:00"),
    ("2026-11-24T18:30+03:99", "offset +03:99 is not a time offset"),
    ("2026-11-24T18:30", "'2026-11-24T18:30' has a time but no offset; add one, such as 2026-11-24T18:30+03:00 "
                         "(Moscow) or 2026-11-24T18:30Z (UTC)"),
    ("2026-11-24T24:00Z", "24:00 is not a time of day; hours run from 00 to 23, minutes and seconds from 00 to 59"),
    ("2026-11-24T18:30:60Z", "18:30:60 is not a time of day; hours run from 00 to 23, minutes and seconds "
                             "from 00 to 59"),
    ("yesterday", f"'yesterday' is not a date; write {DATE_FORMS}"),
    ("November 2026", f"'November 2026' is not a date; write {DATE_FORMS}"),
    ("24.11.2026", f"'24.11.2026' is not a date; write {DATE_FORMS}"),
    ("2026/11/24", f"'2026/11/24' is not a date; write {DATE_FORMS}"),
    ("2026-1-5", f"'2026-1-5' is not a date; write {DATE_FORMS}"),
    ("''", f"'' is not a date; write {DATE_FORMS}"),
    ("'0000'", "year 0000 does not exist; check the year"),
    ("'0000-05'", "year 0000 does not exist; check the year"),
    ("true", f"expected a date ({DATE_FORMS})"),
    ("[2026]", f"expected a date ({DATE_FORMS})"),
    ("2026-11-25/2026-11-20", "'2026-11-25/2026-11-20' ends before it starts; write the earlier date first"),
    ("/2026-11-25", "'/2026-11-25' has an unknown start; for a date on or before another write ../2026-11-25, "
                    "on or after: 2026-11-20/.."),
    ("../..", "'../..' is open at both ends; give at least one date, such as ../2026-11-25"),
    ("2026-11-XX", f"'2026-11-XX' is not a date; write {DATE_FORMS}"),
    ("2026-11-24T10:00Z/2026-11-25", f"'2026-11-24T10:00Z/2026-11-25' is not a date; write {DATE_FORMS}"),
    ("'[2026-11-24,2026-11-25]'", f"'[2026-11-24,2026-11-25]' is not a date; write {DATE_FORMS}"),
    ("2026-02-30/2026-03-01", f"'2026-02-30/2026-03-01' is not a date; write {DATE_FORMS}"),
    ("2027-01/2027-02~", "2027-01/2027-02~ is in the future; check the year and month"),
    ("../2027-01", "../2027-01 is in the future; check the year and month"),
]


@pytest.mark.parametrize("value, message", BAD_DATES, ids=[v for v, _ in BAD_DATES])
def test_date_that_cannot_be(content, invalid, value, message):
    content.world()
    content.write("incidents/x.md", incident(date=value))
    invalid(f"{X}:3:7: error: {message}")


def test_date_with_no_value_points_at_its_key(content, invalid):
    content.world()
    content.write("incidents/x.md", INCIDENT.replace("date: 2026-11-24", "date:"))
    invalid(f"{X}:3:1: error: date is empty; write a date: {DATE_FORMS}")


@pytest.mark.parametrize("extra, expected", [
    ("added: 2026-13\n", f"{X}:7:8: error: month 13 does not exist; months run from 01 to 12"),
    ("updates:\n  - {date: 2026-02-30, note: Corrected.}\n",
     f"{X}:8:12: error: 2026-02-30 is not a day of the calendar"),
], ids=["added", "update-date"])
def test_bad_date_in_other_date_fields(content, invalid, extra, expected):
    content.world()
    content.write("incidents/x.md", INCIDENT + extra)
    invalid(expected)


def test_bad_published_date_in_citation(content, invalid):
    content.world()
    content.write("incidents/x.md", incident(sources="[{source: rbc, published: last week}]"))
    invalid(f"{X}:6:36: error: 'last week' is not a date; write {DATE_FORMS}")


def test_bad_until_of_measure(content, invalid):
    content.world()
    content.write("measures/x.md", MEASURE + "until: soon\n")
    invalid(f"content/measures/x.md:7:8: error: 'soon' is not a date; write {DATE_FORMS}")


def test_measure_until_before_its_date(content, invalid):
    content.world()
    content.write("measures/x.md", MEASURE + "until: 2026-11-01\n")
    invalid("content/measures/x.md:7:8: error: until (2026-11-01) is before the measure's date (2026-11-24)")


@pytest.mark.parametrize("folder, front_matter, expected", [
    ("incidents", incident(date="2027-01-01"),
     f"{X}:3:7: error: 2027-01-01 is in the future; check the year and month"),
    ("incidents", incident(date="2027"), f"{X}:3:7: error: 2027 is in the future; check the year and month"),
    ("incidents", incident(date="2026-12"), f"{X}:3:7: error: 2026-12 is in the future; check the year and month"),
    ("incidents", INCIDENT + "updates:\n  - {date: 2030-01-01, note: Corrected.}\n",
     f"{X}:8:12: error: 2030-01-01 is in the future; check the year and month"),
    ("statements", STATEMENT.replace("2026-11-24", "2062-11-24"),
     "content/statements/x.md:2:7: error: 2062-11-24 is in the future; check the year and month"),
], ids=["day", "year", "month", "update", "statement"])
def test_date_in_the_future(content, invalid, folder, front_matter, expected):
    content.world()
    content.write(f"{folder}/x.md", front_matter)
    invalid(expected)


def test_measure_until_may_be_in_the_future(content, valid):
    content.world()
    content.write("measures/x.md", MEASURE + "state: in-force\nuntil: 2027-06\n")
    # 'until' is when a measure is due to end: often ahead, unlike every other date of a record.
    valid()


@pytest.mark.parametrize("folder, front_matter", [
    ("incidents", INCIDENT + "circa: true\n"),
    ("statements", STATEMENT + "circa: true\n"),
    ("measures", MEASURE + "circa: true\n"),
    ("incidents", incident(date="2026-11") + "circa: false\n"),
], ids=["incident", "statement", "measure", "false"])
def test_circa_accepted(content, valid, folder, front_matter):
    content.world()
    content.write(f"{folder}/x.md", front_matter)
    valid()


# --- coordinates ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, col, message", [
    ("[95, 36.6]", 25, "latitude 95.0 is out of range; it runs from -90 to 90 (write [latitude, longitude])"),
    ("[-90.5, 36.6]", 25, "latitude -90.5 is out of range; it runs from -90 to 90 (write [latitude, longitude])"),
    ("[55.1, 190]", 25, "longitude 190.0 is out of range; it runs from -180 to 180"),
    ("[55.1, -180.01]", 25, "longitude -180.01 is out of range; it runs from -180 to 180"),
    ("[55.1]", 25, "coordinates are two numbers: [latitude, longitude]"),
    ("[55.1, 36.6, 120]", 25, "coordinates are two numbers: [latitude, longitude]"),
    ("[]", 25, "coordinates are two numbers: [latitude, longitude]"),
    ("['55.1', 36.6]", 26, "coordinates must be a number, not '55.1'"),
    ("55.1", 25, "coordinates must be a list (one '- item' a line, or [a, b]), not a number (55.1)"),
], ids=["lat-high", "lat-low", "lon-high", "lon-low", "one", "three", "none", "text", "not-list"])
def test_bad_coordinates_in_location(content, invalid, value, col, message):
    content.world()
    content.write("incidents/x.md", INCIDENT + f"location: {{coordinates: {value}}}\n")
    invalid(f"{X}:7:{col}: error: {message}")


def test_bad_coordinates_of_region(content, invalid):
    content.world()
    content.write("regions/x.md", "name: Obninsk\ncoordinates: [36.6, 255.1]\n")
    invalid("content/regions/x.md:3:14: error: longitude 255.1 is out of range; it runs from -180 to 180")


@pytest.mark.parametrize("value", ["[55.1, 36.61]", "[-90, 180]", "[90, -180]", "[0, 0]", "[55, 36]"])
def test_good_coordinates(content, valid, value):
    content.world()
    content.write("regions/x.md", f"name: Obninsk\ncoordinates: {value}\n")
    content.write("incidents/x.md",
                  INCIDENT + f"location: {{coordinates: {value}, precision: exact, sensitive: true}}\n")
    valid()


# --- URLs ----------------------------------------------------------------------------------

NOT_HTTP = "only http:// and https:// URLs are allowed, not "
BAD_URLS = [
    ("javascript:alert(1)", NOT_HTTP + "javascript"),
    ("JaVaScRiPt:alert(1)", NOT_HTTP + "javascript"),
    ("jav&#x61;script:alert(1)", NOT_HTTP + "javascript"),
    ("&#106;avascript:alert(1)", NOT_HTTP + "javascript"),
    ("java%0Ascript:alert(1)", "a URL may not contain control characters (such as %0A or %00)"),
    ("data:text/html,<script>alert(1)</script>", NOT_HTTP + "data"),
    ("vbscript:msgbox(1)", NOT_HTTP + "vbscript"),
    ("ftp://example.org/file", NOT_HTTP + "ftp"),
    ("file:///etc/passwd", NOT_HTTP + "file"),
    ("https://", "the URL has no host; write it in full, such as https://example.org/page"),
    ("http:///path", "the URL has no host; write it in full, such as https://example.org/page"),
    ("https:example.org", "the URL has no host; write it in full, such as https://example.org/page"),
    ("example.org/page", "the URL must start with https:// or http://, such as https://example.org/page"),
    ("//example.org/page", "the URL must start with https:// or http://, such as https://example.org/page"),
    ("https://exa mple.org/", "a URL may not contain spaces or control characters; write a space as %20"),
    ("https://example.org/a b", "a URL may not contain spaces or control characters; write a space as %20"),
    (" https://example.org/", "a URL may not contain spaces or control characters; write a space as %20"),
    ("https://example.org/%00", "a URL may not contain control characters (such as %0A or %00)"),
]
GOOD_URLS = [
    "https://www.rbc.ru/politics/24/11/2026/x", "http://example.org", "HTTPS://EXAMPLE.ORG/",
    "https://example.org/a%20b?q=%E2%82%AC#top", "https://tass.ru/x_(1)",
    "https://web.archive.org/web/2026/https://tass.ru/x", "https://t.me/s/channel/123",
    "https://example.org/?a=1&b=2",
]


def url_field(field: str, url: str) -> tuple[str, str, str]:
    """(file, front matter, LINE:COL of the url's value) for a URL in the given field."""
    quoted = "'" + url.replace("'", "''") + "'"
    if field == "source url":
        return "sources/x.md", f"name: TASS\nkind: agency\nurl: {quoted}\n", "4:6"
    if field == "citation url":
        text = without(INCIDENT, "sources") + f"sources:\n  - source: rbc\n    url: {quoted}\n"
        return "incidents/x.md", text, "8:10"
    if field == "citation archived":
        return ("incidents/x.md", without(INCIDENT, "sources") + f"sources:\n  - source: rbc\n    archived: {quoted}\n",
                "8:15")
    assert field == "statement citation url"
    return "statements/x.md", without(STATEMENT, "source") + f"source: {{source: rbc, url: {quoted}}}\n", "4:28"


URL_FIELDS = ["source url", "citation url", "citation archived", "statement citation url"]


@pytest.mark.parametrize("field", URL_FIELDS)
@pytest.mark.parametrize("url, message", BAD_URLS, ids=[u for u, _ in BAD_URLS])
def test_url_refused_in_every_url_field(content, invalid, field, url, message):
    content.world()
    rel, front_matter, where = url_field(field, url)
    content.write(rel, front_matter)
    invalid(f"content/{rel}:{where}: error: {message}")


@pytest.mark.parametrize("field", URL_FIELDS)
@pytest.mark.parametrize("url", GOOD_URLS)
def test_http_and_https_urls_accepted(content, valid, field, url):
    content.world()
    rel, front_matter, _ = url_field(field, url)
    content.write(rel, front_matter)
    valid()


# --- language tags -------------------------------------------------------------------------

@pytest.mark.parametrize("tag", ["ru", "en", "uk", "en-GB", "zh-Hant", "sr-Latn-RS", "ce"])
def test_language_tags_accepted(content, valid, tag):
    content.world()
    content.write("sources/x.md", f"name: TASS\nkind: agency\nlanguage: {tag}\n")
    content.write("statements/x.md", STATEMENT + f"language: {tag}\noriginal: Текст\n")
    valid()


@pytest.mark.parametrize("tag, message", [
    ("russian", "'russian' is not a language tag; use a BCP 47 tag such as 'ru', 'en' or 'uk'"),
    ("r", "'r' is not a language tag; use a BCP 47 tag such as 'ru', 'en' or 'uk'"),
    ("en-", "'en-' is not a language tag; use a BCP 47 tag such as 'ru', 'en' or 'uk'"),
    ("1", "language must be text, not a number (1) (put it in quotes)"),
])
def test_language_tag_refused(content, invalid, tag, message):
    content.world()
    content.write("sources/x.md", f"name: TASS\nkind: agency\nlanguage: {tag}\n")
    invalid(f"content/sources/x.md:4:11: error: {message}")


def test_language_tag_refused_in_statement(content, invalid):
    content.world()
    content.write("statements/x.md", STATEMENT + "language: Russian language\noriginal: Текст\n")
    invalid("content/statements/x.md:5:11: error: 'Russian language' is not a language tag; "
            "use a BCP 47 tag such as 'ru', 'en' or 'uk'")
