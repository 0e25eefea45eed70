"""Property-based tests: whatever a contributor (or a broken editor, or an attacker) puts in a
record file, loading either succeeds or raises ContentError whose every problem is one
`PATH:LINE:COL: error: MESSAGE` line pointing inside the file. Never a traceback, never a
changed file."""

from __future__ import annotations

import io
import json
import math
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from generator.content.errors import ContentError
from generator.content.link import Briefing
from generator.content.load import load
from generator.content.models import MODELS

from conftest import TODAY, WORLD

LINE = re.compile(r"^[^:\n]+:\d+:\d+: error: .+$")
FOLDERS = ["regions", "actors", "sources", "incidents", "statements", "measures"]
FIELDS = sorted({name for model in MODELS.values() for name in model.model_fields}
                | {"source", "url", "archived", "published", "note", "killed", "injured", "name",
                   "coordinates", "precision", "sensitive"})
SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check(folder: str, data: bytes) -> None:
    """Write data as content/<folder>/x.md next to a valid world; load must end well."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp, "content")
        for rel, front_matter in WORLD.items():
            path = content / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"---\n{front_matter}---\nText.\n", encoding="utf-8")
        record = content / folder / "x.md"
        record.parent.mkdir(parents=True, exist_ok=True)
        record.write_bytes(data)
        try:
            result = load(content, today=TODAY)
        except ContentError as err:
            assert err.problems, "ContentError without a problem"
            lines = data.replace(b"\r\n", b"\n").replace(b"\r", b"\n").count(b"\n") + 1
            for problem in err.problems:
                text = problem.format()
                assert LINE.match(text), text
                assert problem.line >= 1 and problem.col >= 1, text
                assert problem.line <= lines + 1, f"{text} (the file has {lines} lines)"
                assert problem.path.endswith(".md"), text
        else:
            assert isinstance(result, Briefing)
        assert record.read_bytes() == data


# --- arbitrary bytes -------------------------------------------------------------------------

fenced_bytes = st.builds(lambda fm, body: b"---\n" + fm + b"\n---\n" + body, st.binary(max_size=300),
                         st.binary(max_size=50))


@SETTINGS
@given(folder=st.sampled_from(FOLDERS), data=st.one_of(st.binary(max_size=500), fenced_bytes))
@example(folder="incidents", data=b"\xef\xbb\xbf---\r\n---\r\n")
@example(folder="incidents", data=b"---\ntitle: \xed\xa0\x80\n---\n")  # an encoded surrogate: not UTF-8
@example(folder="incidents", data=b"---\n<<: {a: 1}\n---\n")
@example(folder="incidents", data=b"---\na: &a [*a]\n---\n")
@example(folder="regions", data=b"---\nname: '0000'\nadded: '0000'\n---\n")
def test_arbitrary_bytes_never_crash(folder, data):
    check(folder, data)


# --- arbitrary front matter ------------------------------------------------------------------

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["2026", "2026-11", "2026-11-24", "2026-11-24T18:30+03:00", "0000", "2026-02-30",
                     "kaluga-oblast", "governor", "rbc", "x", "https://example.org", "javascript:alert(1)",
                     "ru", "confirmed", "person", "outlet", "quote", "disputes", "in-force", "", " ", "\u2028"]),
)
keys = st.one_of(st.sampled_from(FIELDS), st.text(max_size=12))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(keys, inner, max_size=4)), max_leaves=12)
front_matters = st.dictionaries(keys, values, max_size=8)


def as_yaml(data: dict) -> str:
    stream = io.StringIO()
    yaml = YAML(typ="safe", pure=True)
    yaml.allow_unicode = True
    yaml.dump(data, stream)
    return stream.getvalue()


def as_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False)  # JSON is YAML 1.2 (NaN and Infinity aside)


def as_ascii_json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=True)  # "\ud83d\ude80" escapes, lone surrogates included


@SETTINGS
@given(folder=st.sampled_from(FOLDERS), data=front_matters,
       dump=st.sampled_from([as_yaml, as_json, as_ascii_json]), body=st.text(max_size=40))
def test_arbitrary_front_matter_never_crashes(folder, data, dump, body):
    check(folder, f"---\n{dump(data)}\n---\n{body}".encode("utf-8", "surrogatepass"))


VALID = {
    "incidents": {"title": "Drone", "date": "2026-11-24", "regions": ["kaluga-oblast"], "status": "reported",
                  "sources": ["rbc"]},
    "statements": {"date": "2026-11-24", "source": "rbc", "speaker": "governor"},
    "measures": {"title": "Stay indoors", "date": "2026-11-24", "regions": ["kaluga-oblast"],
                 "issuer": "governor", "sources": ["rbc"]},
    "regions": {"name": "Obninsk", "parent": "kaluga-oblast"},
    "actors": {"name": "Mayor", "kind": "person", "region": "kaluga-oblast"},
    "sources": {"name": "TASS", "kind": "agency"},
}


@SETTINGS
@given(folder=st.sampled_from(FOLDERS), changes=st.dictionaries(st.sampled_from(FIELDS), values, min_size=1,
                                                                  max_size=3),
       dump=st.sampled_from([as_yaml, as_json]))
def test_valid_record_with_arbitrary_changes_never_crashes(folder, changes, dump):
    """Mostly valid records reach the deeper checks (dates, URLs, references, cycles)."""
    data = {**VALID[folder], **changes}
    check(folder, f"---\n{dump(data)}---\nText.\n".encode("utf-8", "surrogatepass"))


# --- arbitrary text --------------------------------------------------------------------------

@SETTINGS
@given(folder=st.sampled_from(FOLDERS), front_matter=st.text(max_size=200), body=st.text(max_size=100))
@example(folder="incidents", front_matter="title: \ttab", body="")
@example(folder="incidents", front_matter="? [a, b]\n: c", body="")
@example(folder="incidents", front_matter="%YAML 1.2\n---\na: 1", body="")
def test_arbitrary_text_between_and_after_the_fences_never_crashes(folder, front_matter, body):
    check(folder, f"---\n{front_matter}\n---\n{body}".encode("utf-8", "surrogatepass"))


@SETTINGS
@given(body=st.text())
def test_any_body_after_valid_front_matter_is_valid(body):
    """The body is Markdown text: nothing in it can make the record invalid (bar being empty)."""
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp, "content")
        for rel, front_matter in WORLD.items():
            (content / rel).parent.mkdir(parents=True, exist_ok=True)
            (content / rel).write_text(f"---\n{front_matter}---\nText.\n", encoding="utf-8")
        (content / "incidents").mkdir()
        text = f"---\n{as_yaml(VALID['incidents'])}---\n{body}"
        (content / "incidents/x.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        if "\x00" in body or any("\ud800" <= ch <= "\udfff" for ch in body):
            return  # not a UTF-8 text file: covered by test_arbitrary_bytes_never_crash
        briefing = load(content, today=TODAY)
        entry = briefing["incident"]["x"]
        assert briefing.body(entry) == body.replace("\r\n", "\n").replace("\r", "\n")


@SETTINGS
@given(value=st.one_of(st.floats(), st.integers(min_value=-10**30, max_value=10**30)),
       other=st.floats(min_value=-90, max_value=90))
def test_coordinates_accept_exactly_the_valid_range(value, other):
    with tempfile.TemporaryDirectory() as tmp:
        content = Path(tmp, "content")
        (content / "regions").mkdir(parents=True)
        (content / "regions/x.md").write_text(f"---\n{as_json({'name': 'X', 'coordinates': [other, value]})}\n---\n")
        ok = not math.isnan(value) and -180 <= value <= 180
        try:
            load(content, today=TODAY)
        except ContentError as err:
            assert not ok, [p.format() for p in err.problems]
        else:
            assert ok
