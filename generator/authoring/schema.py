"""JSON Schema of the records, from the same models that validate them, for editors' YAML support."""

from __future__ import annotations

from pydantic.json_schema import models_json_schema

from generator.kinds import KINDS

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def kind_schema(kind: str) -> dict:
    schema = KINDS[kind].model.model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DRAFT
    schema["title"] = f"Briefing {kind} record (content/{KINDS[kind].folder}/)"
    return schema


def all_schemas() -> dict:
    """One document: each kind under $defs, the record itself any one of them."""
    models = [kind.model for kind in KINDS.values()]
    _, defs = models_json_schema([(model, "validation") for model in models],
                                 ref_template="#/$defs/{model}")
    return {
        "$schema": SCHEMA_DRAFT,
        "title": "Briefing record front matter",
        "description": "Pick the kind by folder: " + ", ".join(
            f"content/{kind.folder}/ → {kind.model.__name__}" for kind in KINDS.values()),
        "anyOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in models],
        "$defs": defs["$defs"],
    }
