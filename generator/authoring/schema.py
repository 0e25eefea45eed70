"""JSON Schema of the records, from the same models that validate them, for editors' YAML support."""

from __future__ import annotations

from pydantic.json_schema import models_json_schema

from generator.content.models import MODELS
from generator.content.reader import FOLDER_OF_KIND

SCHEMA_DRAFT = "https://json-schema.org/draft/2020-12/schema"


def kind_schema(kind: str) -> dict:
    schema = MODELS[kind].model_json_schema(mode="validation")
    schema["$schema"] = SCHEMA_DRAFT
    schema["title"] = f"Briefing {kind} record (content/{FOLDER_OF_KIND[kind]}/)"
    return schema


def all_schemas() -> dict:
    """One document: each kind under $defs, the record itself any one of them."""
    _, defs = models_json_schema([(model, "validation") for model in MODELS.values()],
                                 ref_template="#/$defs/{model}")
    return {
        "$schema": SCHEMA_DRAFT,
        "title": "Briefing record front matter",
        "description": "Pick the kind by folder: " + ", ".join(
            f"content/{FOLDER_OF_KIND[k]}/ → {m.__name__}" for k, m in MODELS.items()),
        "anyOf": [{"$ref": f"#/$defs/{model.__name__}"} for model in MODELS.values()],
        "$defs": defs["$defs"],
    }
