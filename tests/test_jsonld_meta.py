"""A record page's JSON-LD travels in its front matter (`jsonld:`) to the page's <head>: whatever
text a record holds, MkDocs' YAML reader (libyaml) gets back exactly the script-safe JSON, and
that JSON is the record's data."""

from __future__ import annotations

import json

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.jsonld import meta_value, script_text


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), st.text(), max_size=4))
def test_any_text_survives_the_front_matter(data):
    front_matter = f"jsonld: {meta_value(data)}\n"
    loaded = yaml.load(front_matter, Loader=yaml.CSafeLoader)["jsonld"]
    assert loaded == script_text(data)
    assert json.loads(loaded) == data
    assert "<" not in loaded and ">" not in loaded and "&" not in loaded


def test_no_json_ld_is_no_line():
    assert meta_value(None) == ""
