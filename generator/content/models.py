"""Typed models of the seven record kinds of CONTRACT.md, with pydantic v2.

Each model checks one record on its own: fields, types, vocabularies, dates, URLs,
coordinates. Whether a referenced id exists is `link`'s job, as it needs every
record. Unknown fields are refused so a typo ('titel') is caught, not ignored.
"""

from __future__ import annotations

import html
import re
import unicodedata
from typing import Annotated, Literal
from urllib.parse import unquote, urlsplit

import langcodes
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainValidator,
    StrictBool,
    StrictInt,
    StrictStr,
    WithJsonSchema,
)

from generator.content.body_limits import body_limit_problem
from generator.content.dates import DATE_FORMS, FuzzyDate, parse_date
from generator.kinds import (
    ACTOR_KINDS,
    CREDIBILITIES,
    KINDS,
    MEASURE_KINDS,
    MEASURE_STATES,
    PRECISIONS,
    REGION_KINDS,
    RELIABILITIES,
    SOURCE_KINDS,
    STANCES,
    STATEMENT_KINDS,
    STATUSES,
)

SLUG_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_SLUG = re.compile(SLUG_PATTERN)
MAX_TEXT = 20_000  # a field is a name, a title or a note; bodies hold long text
MAX_ITEMS = 1_000  # regions, sources, tags … of one record

# The vocabularies are the registry's (generator/kinds.py), written there once; here they become types.
Status = Literal[*STATUSES]
Precision = Literal[*PRECISIONS]
RegionKind = Literal[*REGION_KINDS]
ActorKind = Literal[*ACTOR_KINDS]
SourceKind = Literal[*SOURCE_KINDS]
StatementKind = Literal[*STATEMENT_KINDS]
Stance = Literal[*STANCES]
Reliability = Literal[*RELIABILITIES]  # the Admiralty grade of a source, A–F


def _whole_grade(value: object) -> object:
    # Literal[1, …] alone would take `true` for 1 and "2" for nothing helpful: a grade is written as a number
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(f"credibility must be a whole number from {min(CREDIBILITIES)} to {max(CREDIBILITIES)}, "
                         "such as 2 (the Admiralty grade of the information)")
    return value


# the Admiralty grade of one piece of information, 1–6
Credibility = Annotated[Literal[*CREDIBILITIES], BeforeValidator(_whole_grade)]
MeasureKind = Literal[*MEASURE_KINDS]
MeasureState = Literal[*MEASURE_STATES]


def _slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"'{value}' is not an id: ids are lowercase letters, digits and single hyphens")
    return value


def _tag(value: str) -> str:
    if not _SLUG.fullmatch(value):
        from slugify import slugify

        hint = slugify(value) or "air-defence"
        raise ValueError(f"'{value}' is not a tag: tags are lowercase words joined by hyphens, such as '{hint}'")
    return value


def _text(value: str) -> str:
    if not value.strip():
        raise ValueError("is empty; write the text or remove the field")
    if len(value) > MAX_TEXT:
        raise ValueError(f"is {len(value)} characters long; a field holds at most {MAX_TEXT}")
    return value


def _url(value: str) -> str:
    """http(s) only, judged after decoding, as a browser would read it (see SECURITY.md)."""
    # Printable ASCII with no entity or escape to decode holds no control character: skip the
    # character-by-character checks, a large part of loading (bench/RESULTS.md).
    plain = value.isascii() and value.isprintable() and " " not in value and not any(c in value for c in "&%")
    unescaped = value if plain else html.unescape(value)
    if not plain and any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch.isspace() for ch in unescaped):
        raise ValueError("a URL may not contain spaces or control characters; write a space as %20")
    # Percent-escapes are decoded only to judge the scheme and control characters: '%20' in a
    # path is an ordinary space, but 'java%0Ascript:' must not pass for a relative link.
    decoded = unescaped if plain else unquote(unescaped)
    if not plain and any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in decoded):
        raise ValueError("a URL may not contain control characters (such as %0A or %00)")
    parts = urlsplit(decoded.strip())
    if not parts.scheme:
        raise ValueError("the URL must start with https:// or http://, such as https://example.org/page")
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"only http:// and https:// URLs are allowed, not {parts.scheme.lower()}")
    if not parts.hostname:
        raise ValueError("the URL has no host; write it in full, such as https://example.org/page")
    return value


def _language(value: str) -> str:
    if not langcodes.tag_is_valid(value):
        raise ValueError(f"'{value}' is not a language tag; use a BCP 47 tag such as 'ru', 'en' or 'uk'")
    return value


def _date(value: object) -> FuzzyDate:
    if isinstance(value, FuzzyDate):
        return value
    return parse_date(value)


def _coordinates(value: list[float]) -> list[float]:
    if len(value) != 2:
        raise ValueError("coordinates are two numbers: [latitude, longitude]")
    lat, lon = value
    if not -90 <= lat <= 90:
        raise ValueError(f"latitude {lat} is out of range; it runs from -90 to 90 (write [latitude, longitude])")
    if not -180 <= lon <= 180:
        raise ValueError(f"longitude {lon} is out of range; it runs from -180 to 180")
    return value


def _citation_shorthand(value: object) -> object:
    # A citation may be just a source id; it means {source: that-id}.
    return {"source": value} if isinstance(value, str) else value


Slug = Annotated[StrictStr, AfterValidator(_slug), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
Text = Annotated[StrictStr, AfterValidator(_text)]
Url = Annotated[StrictStr, AfterValidator(_url), WithJsonSchema({"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://"})]
Language = Annotated[StrictStr, AfterValidator(_language)]
Date = Annotated[
    FuzzyDate,
    PlainValidator(_date),
    WithJsonSchema({
        "description": f"a date: {DATE_FORMS}",
        "anyOf": [
            {"type": "integer", "minimum": 1000, "maximum": 9999},
            {"type": "string",
             "pattern": r"^\d{4}(-\d{2}(-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?)?)?$"},
            # EDTF: approximate, uncertain, between two dates, on or before, on or after (content/dates.py)
            {"type": "string",
             "pattern": r"^(\.\.|\d{4}(-\d{2}(-\d{2})?)?[~?%]?)(/(\.\.|\d{4}(-\d{2}(-\d{2})?)?[~?%]?))?$"},
        ],
    }),
]
Number = Annotated[float, Field(strict=True)]
Coordinates = Annotated[list[Number], AfterValidator(_coordinates), Field(min_length=2, max_length=2)]
Count = Annotated[StrictInt, Field(ge=0)]
Slugs = Annotated[list[Slug], Field(max_length=MAX_ITEMS)]
# Tags are slugs: they group records (and name Material's tag pages), so 'Air defence' and
# 'air defence' must not become two tags; free text never reaches the theme's tag rendering.
Tag = Annotated[StrictStr, AfterValidator(_tag), WithJsonSchema({"type": "string", "pattern": SLUG_PATTERN})]
Tags = Annotated[list[Tag], Field(max_length=100)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RecordModel(Model):
    aliases: Slugs = []
    added: Date | None = None


class Citation(Model):
    source: Slug
    url: Url | None = None
    title: Text | None = None
    published: Date | None = None
    archived: Url | None = None
    via: Slug | None = None  # the source through which this one is known: "X, as reported by Y"
    credibility: Credibility | None = None


CitationField = Annotated[
    Citation,
    BeforeValidator(_citation_shorthand, json_schema_input_type=Slug | Citation),
]


class Update(Model):
    date: Date
    note: Text


class Location(Model):
    name: Text | None = None
    coordinates: Coordinates | None = None
    precision: Precision | None = None
    sensitive: StrictBool = False


class Casualties(Model):
    killed: Count | None = None
    injured: Count | None = None


class Region(RecordModel):
    name: Text
    name_local: Text | None = None
    kind: RegionKind | None = None
    parent: Slug | None = None
    coordinates: Coordinates | None = None


class Actor(RecordModel):
    name: Text
    name_local: Text | None = None
    kind: ActorKind
    role: Text | None = None
    affiliation: Slug | None = None
    region: Slug | None = None


class Source(RecordModel):
    name: Text
    name_local: Text | None = None
    kind: SourceKind
    url: Url | None = None
    language: Language | None = None
    reliability: Reliability | None = None


class Incident(RecordModel):
    title: Text
    date: Date
    circa: StrictBool = False
    regions: Annotated[list[Slug], Field(min_length=1, max_length=MAX_ITEMS)]
    status: Status
    sources: Annotated[list[CitationField], Field(min_length=1, max_length=MAX_ITEMS)]
    type: Slug | None = None
    location: Location | None = None
    actors: Slugs = []
    casualties: Casualties | None = None
    tags: Tags = []
    updates: Annotated[list[Update], Field(max_length=MAX_ITEMS)] = []


class Statement(RecordModel):
    date: Date
    circa: StrictBool = False
    source: CitationField
    speaker: Slug | None = None
    anonymous: Text | None = None
    kind: StatementKind = "quote"
    language: Language | None = None
    original: Text | None = None
    incidents: Slugs = []
    regions: Slugs = []
    responds_to: Slug | None = None
    stance: Stance | None = None
    tags: Tags = []
    updates: Annotated[list[Update], Field(max_length=MAX_ITEMS)] = []


class Measure(RecordModel):
    title: Text
    date: Date
    circa: StrictBool = False
    regions: Annotated[list[Slug], Field(min_length=1, max_length=MAX_ITEMS)]
    issuer: Slug
    sources: Annotated[list[CitationField], Field(min_length=1, max_length=MAX_ITEMS)]
    kind: MeasureKind | None = None
    state: MeasureState | None = None
    until: Date | None = None
    incidents: Slugs = []
    tags: Tags = []
    updates: Annotated[list[Update], Field(max_length=MAX_ITEMS)] = []


# A key point of a briefing is one sentence: one line, no Markdown block (a heading, a list, a quote, a table,
# code), its sentence ending at most once. Links [words](incident:ID) are its references (link.py).
MAX_POINTS = 10
MAX_POINT = 600  # characters: a sentence a reader takes in at once
_BLOCK_START = re.compile(r"^\s*(#|>|[-*+]\s|\d+[.)]\s|```|~~~|\||<)")
_LINK_TARGET = re.compile(r"\]\([^)]*\)")
# a sentence's end followed by another sentence: "… drones. Officials …" (not an initial: "U.S. Army")
_NEXT_SENTENCE = re.compile(r"(?<![A-Z])[.!?][\"”’»)\]]*\s+[\"“‘«(\[]?[A-Z]")


def _point(value: str) -> str:
    if not value.strip():
        raise ValueError("this key point is empty; write it as one sentence, or remove the line")
    if "\n" in value.strip() or "\r" in value.strip():
        raise ValueError("this key point holds a line break; a key point is one sentence on one line")
    if len(value) > MAX_POINT:
        raise ValueError(f"this key point is {len(value)} characters long; a key point is one sentence of at "
                         f"most {MAX_POINT}")
    if _BLOCK_START.match(value):
        raise ValueError("this key point starts a Markdown block (a heading, list, quote, table, code or HTML); "
                         "a key point is one sentence of plain text, with links written as [words](incident:ID)")
    over = body_limit_problem(value)
    if over is not None:
        raise ValueError(over[2])
    if _NEXT_SENTENCE.search(_LINK_TARGET.sub("]", value.strip())):
        raise ValueError("this key point holds more than one sentence; a key point is one sentence: split it "
                         "into two points")
    return value


def _briefing_date(value: object) -> FuzzyDate:
    found = _date(value)
    if found.precision not in ("day", "datetime") or found.approximate or found.uncertain:
        raise ValueError(f"'{found.edtf()}' is not a day; a briefing is dated the day it was written, such as "
                         "2026-11-25, or a date and time with its offset, such as 2026-11-25T18:30:00+03:00")
    return found


Point = Annotated[StrictStr, AfterValidator(_point), WithJsonSchema({"type": "string", "maxLength": MAX_POINT})]
BriefingDate = Annotated[
    FuzzyDate, PlainValidator(_briefing_date),
    WithJsonSchema({"description": "the day the briefing was written (YYYY-MM-DD), or a date-time with offset",
                    "type": "string",
                    "pattern": r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2}))?$"}),
]


class BriefingRecord(RecordModel):
    """An editorial briefing (its body is the assessment: what changed, what it means, what to watch)."""

    title: Text
    date: BriefingDate
    points: Annotated[list[Point], Field(min_length=1, max_length=MAX_POINTS)]
    regions: Slugs = []
    updates: Annotated[list[Update], Field(max_length=MAX_ITEMS)] = []

    @property
    def circa(self) -> bool:
        """A briefing's date is exact: the pages' and exports' date helpers ask every record for its circa."""
        return False


# Each kind's model, as the registry names it.
MODELS: dict[str, type[RecordModel]] = {name: globals()[kind.model_name] for name, kind in KINDS.items()}
