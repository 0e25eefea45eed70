"""The registry of kinds: every fact about a kind of record, and every vocabulary, declared once.

A kind's content folder, URL directory, model, reference and citation fields, list name and export
columns are read from KINDS by the reader, the models, link, the planner, the exports, the CLI and
the authoring tools; the vocabularies (incident status with its legend, stance, measure state …)
are read from here by the models (their Literal types), the templates (Jinja globals), and the
browser (a stylesheet generated from them, `vocabulary_css`). Adding a field or a kind starts
here; see ARCHITECTURE.md.

This module imports nothing of the generator: the models import their vocabularies from it, so
each kind names its model class, and `Kind.model` finds it when first asked.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Term:
    """One word of a vocabulary, with what readers are told of it."""

    word: str
    legend: str = ""  # the sentence beside its badge on the site's pages (status legend)
    gloss: str = ""  # the short definition in the data dictionary (data/index.md), where it has one
    colour: str = ""  # its badge's background on the site (vocabulary_css)


def words(terms: tuple[Term, ...]) -> tuple[str, ...]:
    return tuple(term.word for term in terms)


# Incident status (CONTRACT.md, "Records"), in the order every page, table and filter shows it.
STATUS_TERMS = (
    Term("confirmed", "Officially acknowledged or independently verified.",
         "officially acknowledged or independently verified", "#1b5e20"),
    Term("reported", "Credible reporting, not yet verified.", "credible reporting, not verified", "#0d47a1"),
    Term("claimed", "Asserted by a party to events, unverified.", "asserted by a party, unverified", "#6a1b9a"),
    Term("disputed", "Contested by another party.", "contested by another party", "#bf360c"),
    Term("denied", "Denied by the party concerned.", "", "#37474f"),
)
# Measure state: its badge colours, most pressing first in the stylesheet.
MEASURE_STATE_TERMS = (
    Term("announced", colour="#bf360c"),
    Term("in-force", colour="#b71c1c"),
    Term("lifted", colour="#2e7d32"),
)

STATUSES = words(STATUS_TERMS)
STATUS_LEGEND = {term.word: term.legend for term in STATUS_TERMS}
MEASURE_STATES = words(MEASURE_STATE_TERMS)
STANCES = ("supports", "disputes", "clarifies")
STANCE_COLOURS = dict(zip(STANCES, ("#2e7d32", "#c62828", "#1565c0"), strict=True))  # charts' bars (pages/charts.py)
STATEMENT_KINDS = ("quote", "paraphrase")
MEASURE_KINDS = ("connectivity", "movement", "information", "evacuation", "other")
SOURCE_KINDS = ("outlet", "telegram", "official", "agency", "social", "other")
REGION_KINDS = ("country", "federal-district", "republic", "oblast", "krai", "city", "district", "other")
ACTOR_KINDS = ("person", "organization", "group")
PRECISIONS = ("exact", "vicinity", "locality", "region")  # of an incident's location
# The Admiralty (NATO) grades analysts use: how reliable a source has been (`reliability` on a source) and
# how credible one piece of information is (`credibility` on a citation). Shown as "B2", with this legend
# on the methodology page (docs/methodology.md, kept equal to it by tests/test_grades.py).
RELIABILITY_TERMS = (
    Term("A", "completely reliable"),
    Term("B", "usually reliable"),
    Term("C", "fairly reliable"),
    Term("D", "not usually reliable"),
    Term("E", "unreliable"),
    Term("F", "reliability cannot be judged"),
)
CREDIBILITY_TERMS = (
    Term("1", "confirmed by other sources"),
    Term("2", "probably true"),
    Term("3", "possibly true"),
    Term("4", "doubtful"),
    Term("5", "improbable"),
    Term("6", "truth cannot be judged"),
)
RELIABILITIES = words(RELIABILITY_TERMS)
RELIABILITY_LEGEND = {term.word: term.legend for term in RELIABILITY_TERMS}
CREDIBILITIES = tuple(int(word) for word in words(CREDIBILITY_TERMS))


@dataclass(frozen=True)
class Kind:
    """One kind of record."""

    name: str  # as written in references in text (`[words](incident:ID)`) and used as a key everywhere
    folder: str  # its folder below content/, and the name of its data files (data/incidents.json)
    url_dir: str  # where its pages live on the site: statements are quotes to a reader
    model_name: str  # its class in generator.content.models
    references: dict[str, str] = field(default_factory=dict)  # field → the kind whose id it holds
    citations: tuple[str, ...] = ()  # fields holding citations of sources (an id, or {source, url, …})
    list_name: str | None = None  # its list below another record's URL: regions/russia/incidents/2026.md
    columns: tuple[str, ...] = ()  # its exported fields, in column order (CSV and JSON); () when not exported
    json_only: tuple[str, ...] = ()  # exported in the JSON only: nested data a CSV cell cannot hold well

    @cached_property
    def model(self):
        """The pydantic model of its records (looked up when first used: the models import this module)."""
        return getattr(importlib.import_module("generator.content.models"), self.model_name)

    @property
    def exported(self) -> bool:
        return bool(self.columns)


# In the order the CLI counts them and the reader walks content/.
KINDS: dict[str, Kind] = {kind.name: kind for kind in (
    Kind("region", "regions", "regions", "Region", references={"parent": "region"}),
    Kind("actor", "actors", "actors", "Actor", references={"affiliation": "actor", "region": "region"}),
    Kind("source", "sources", "sources", "Source"),
    Kind("incident", "incidents", "incidents", "Incident",
         references={"regions": "region", "actors": "actor"}, citations=("sources",), list_name="incidents",
         columns=("id", "url", "title", "date", "date_precision", "circa", "date_earliest", "date_latest", "status",
                  "type", "regions", "region_names", "location_name", "lat", "lon", "location_precision",
                  "coordinates_rounded", "killed", "injured", "actors", "sources", "citation_via", "citation_grades",
                  "tags", "added", "update_count", "narrative"),
         json_only=("citations", "updates")),
    Kind("statement", "statements", "quotes", "Statement",
         references={"speaker": "actor", "incidents": "incident", "regions": "region", "responds_to": "statement"},
         citations=("source",), list_name="statements",
         columns=("id", "url", "date", "date_precision", "circa", "date_earliest", "date_latest", "speaker",
                  "speaker_name", "anonymous", "kind", "language", "text", "original", "incidents", "regions",
                  "responds_to", "stance", "source", "citation_via", "citation_grades", "tags", "added",
                  "update_count"),
         json_only=("citation", "updates")),
    Kind("measure", "measures", "measures", "Measure",
         references={"regions": "region", "issuer": "actor", "incidents": "incident"}, citations=("sources",),
         list_name="measures",
         columns=("id", "url", "title", "date", "date_precision", "circa", "date_earliest", "date_latest", "kind",
                  "state", "until", "until_precision", "regions", "region_names", "issuer", "issuer_name",
                  "incidents", "sources", "citation_via", "citation_grades", "tags", "added", "update_count",
                  "text"),
         json_only=("citations", "updates")),
    # An editorial briefing: its key points and its assessment rest on the records its text links to.
    Kind("briefing", "briefings", "briefings", "BriefingRecord", references={"regions": "region"},
         columns=("id", "url", "title", "date", "date_precision", "date_earliest", "date_latest", "regions",
                  "region_names", "linked", "added", "update_count", "assessment"),
         json_only=("points", "updates")),
)}
KIND_OF_FOLDER = {kind.folder: name for name, kind in KINDS.items()}  # content/incidents/ holds incidents


def citing_kinds() -> tuple[str, ...]:
    """The kinds that cite sources, in registry order: the order of a source's citations."""
    return tuple(name for name, kind in KINDS.items() if kind.citations)


def vocabularies() -> dict[str, tuple[str, ...]]:
    """Every vocabulary by name, for the templates (Jinja globals) and the tests."""
    return {"statuses": STATUSES, "measure_states": MEASURE_STATES, "stances": STANCES,
            "statement_kinds": STATEMENT_KINDS, "measure_kinds": MEASURE_KINDS, "source_kinds": SOURCE_KINDS,
            "region_kinds": REGION_KINDS, "actor_kinds": ACTOR_KINDS, "precisions": PRECISIONS,
            "reliabilities": RELIABILITIES, "credibilities": tuple(map(str, CREDIBILITIES))}


def vocabulary_css() -> str:
    """The stylesheet of the badges' colours, one rule per status and measure state, and the status list
    as a custom property that briefing.js reads (so the script holds no copy of it). briefing.css imports
    it, so no page changes when a word is added."""
    statuses = " ".join(STATUSES)
    lines = ["/* Generated from generator/kinds.py by the generator: edit the registry, not this file. */",
             f':root {{ --briefing-statuses: "{statuses}"; }}']
    # Two classes: imported rules come before briefing.css's own, whose grey default they must outweigh.
    lines += [f".md-typeset a.status.status-{t.word} {{ background: {t.colour}; }}" for t in STATUS_TERMS]
    lines += [f".md-typeset .state.state-{t.word} {{ background: {t.colour}; }}" for t in MEASURE_STATE_TERMS]
    return "\n".join(lines) + "\n"
