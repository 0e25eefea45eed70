"""schema.org JSON-LD for record pages: Event (incident), Quotation (statement), Place (region), Report
(briefing)."""

from __future__ import annotations

import json
import re

from markupsafe import Markup

from generator.content.dates import Date, DateRange
from generator.content.geo import public_point
from generator.content.link import Briefing
from generator.content.validate import Entry
from generator.pages.bodies import plain_text


def _place(briefing: Briefing, region_id: str) -> dict:
    model = briefing["region"][region_id].model
    place = {"@type": "Place", "name": model.name}
    if model.name_local:
        place["alternateName"] = model.name_local
    if model.coordinates:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": model.coordinates[0], "longitude": model.coordinates[1]}
    if model.parent:
        place["containedInPlace"] = {"@type": "Place", "name": briefing["region"][model.parent].model.name}
    return place


def _agent(briefing: Briefing, actor_id: str) -> dict:
    model = briefing["actor"][actor_id].model
    agent = {"@type": "Person" if model.kind == "person" else "Organization", "name": model.name}
    if model.role:
        agent["jobTitle" if model.kind == "person" else "description"] = model.role
    return agent


def _event_dates(value: Date) -> dict:
    """An Event's dates in ISO 8601 as precise as the source ('2026-11', never a made-up day): a range's known
    ends as startDate and endDate (schema.org has no qualifier for 'about' or 'uncertain')."""
    if isinstance(value, DateRange):
        return {**({"startDate": value.start.iso()} if value.start else {}),
                **({"endDate": value.end.iso()} if value.end else {})}
    return {"startDate": value.iso()}


def _created(value: Date) -> dict:
    """A Quotation's dateCreated, which is one date: none for a range."""
    return {} if isinstance(value, DateRange) else {"dateCreated": value.iso()}


def document(briefing: Briefing, entry: Entry, url: str | None = None) -> dict | None:
    """The JSON-LD object for a record page, or None for kinds without one."""
    model = entry.model
    data: dict
    if entry.kind == "incident":
        location: dict = {"@type": "Place", "name": (model.location and model.location.name)
                          or ", ".join(briefing["region"][r].model.name for r in model.regions)}
        point = public_point(model.location)
        if point:
            location["geo"] = {"@type": "GeoCoordinates", "latitude": point.lat, "longitude": point.lon}
        location["containedInPlace"] = [_place(briefing, r) for r in model.regions]
        data = {"@type": "Event", "name": model.title, **_event_dates(model.date), "location": location,
                "description": plain_text(briefing.body(entry)), "keywords": list(model.tags),
                "additionalProperty": {"@type": "PropertyValue", "name": "status", "value": model.status}}
    elif entry.kind == "statement":
        data = {"@type": "Quotation", "text": plain_text(briefing.body(entry)), **_created(model.date),
                "isBasedOn": {"@type": "CreativeWork", "publisher": {
                    "@type": "Organization", "name": briefing["source"][model.source.source].model.name}}}
        if model.speaker:
            data["creator"] = _agent(briefing, model.speaker)
        else:
            data["creator"] = {"@type": "Person", "description": model.anonymous}
        if model.language:
            data["inLanguage"] = model.language
        if model.original:
            data["workTranslation"] = {"@type": "Quotation", "text": model.original, "inLanguage": model.language}
        if model.incidents:
            data["about"] = [{"@type": "Event", "name": briefing["incident"][i].model.title} for i in model.incidents]
    elif entry.kind == "briefing":
        data = {"@type": "Report", "headline": model.title, "name": model.title, "datePublished": model.date.iso(),
                "abstract": " ".join(plain_text(point) for point in model.points),
                "articleBody": plain_text(briefing.body(entry))}
        if model.regions:
            data["spatialCoverage"] = [_place(briefing, r) for r in model.regions]
    elif entry.kind == "region":
        data = _place(briefing, entry.id)
        if briefing.body(entry).strip():
            data["description"] = plain_text(briefing.body(entry))
    else:
        return None
    data = {"@context": "https://schema.org", **data, "identifier": entry.id}
    if url:
        data["url"] = url
    return data


def script_text(data: dict) -> str:
    """The JSON text, safe inside a script element: it cannot close the element or open a
    comment (<, > and & are written as \\u escapes), nor break a line in JavaScript."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


# YAML (libyaml, which MkDocs reads page meta with) allows only these characters unescaped.
# NEL and the BOM are printable to YAML but read as a line break and a byte-order mark: escaped too.
_YAML_UNPRINTABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]")


def meta_value(data: dict | None) -> Markup:
    """The JSON-LD as a YAML string for the generated page's front matter (`jsonld:`); the theme
    (overrides/main.html) puts it in the page's <head>. Not in the article: Material's instant
    navigation re-runs the article's scripts without their type, as JavaScript."""
    if data is None:
        return Markup("")
    quoted = json.dumps(script_text(data), ensure_ascii=False)
    return Markup(_YAML_UNPRINTABLE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted))
