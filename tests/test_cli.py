"""The `briefing` command: validate's exit codes, summary and GitHub output; `new` for every kind;
`schema` as JSON Schema that accepts what the validator accepts."""

from __future__ import annotations

import json
import re

import pytest

from conftest import INCIDENT, STATEMENT, TODAY

KINDS = ["region", "actor", "source", "incident", "statement", "measure"]
FOLDERS = {"region": "regions", "actor": "actors", "source": "sources", "incident": "incidents",
           "statement": "statements", "measure": "measures"}


# --- validate ------------------------------------------------------------------------------

def test_validate_valid_content(content, valid):
    content.world()
    content.write("incidents/x.md", INCIDENT)
    content.write("statements/x.md", STATEMENT)
    result = valid()
    assert result.out == ["content: 5 records valid (1 regions, 1 actors, 1 sources, 1 incidents, "
                          "1 statements, 0 measures, 0 briefings)"]


def test_validate_empty_content_folder_is_valid(content, valid):
    assert valid().out == ["content: 0 records valid (0 regions, 0 actors, 0 sources, 0 incidents, "
                           "0 statements, 0 measures, 0 briefings)"]


def test_validate_invalid_content_prints_every_problem_and_a_summary(content, run):
    content.world()
    content.write("incidents/x.md", INCIDENT.replace("reported", "rumoured") + "titel: X\n")
    content.write("statements/y.md", STATEMENT.replace("governor", "govenor"))
    before = content.snapshot()
    result = run("validate")
    assert result.code == 1
    assert result.out == []
    assert result.err == [
        "content/incidents/x.md:5:9: error: 'rumoured' is not a valid status; use one of: confirmed, reported, "
        "claimed, disputed, denied",
        "content/incidents/x.md:7:1: error: unknown field 'titel' (did you mean 'title'?); allowed here: actors, "
        "added, aliases, casualties, circa, date, location, regions, sources, status, tags, title, type, updates",
        "content/statements/y.md:4:10: error: unknown actor 'govenor' (did you mean 'governor'?)",
        "3 problem(s) in 2 file(s)",
    ]
    assert content.snapshot() == before


@pytest.mark.parametrize("args, message", [
    (["validate", "--content", "nowhere"],
     "Error: no content folder at 'nowhere'; run from the project folder or pass --content DIR"),
    (["validate", "--content", "content/regions/kaluga-oblast.md"],
     "Error: no content folder at 'content/regions/kaluga-oblast.md'; run from the project folder or pass "
     "--content DIR"),
    (["validate", "--colour"], "Error: No such option '--colour'."),
    (["validate", "--format", "xml"], "Error: Invalid value for '--format': 'xml' is not one of 'text', 'github'."),
    (["validate", "extra"], "Error: Got unexpected extra argument (extra)"),
], ids=["no-folder", "a-file", "unknown-option", "unknown-format", "extra-argument"])
def test_validate_usage_error_exits_2(content, run, args, message):
    content.world()
    before = content.snapshot()
    result = run(*args)
    assert result.code == 2
    assert result.err[-1] == message
    assert result.out == []
    assert content.snapshot() == before


def test_validate_without_content_folder_exits_2(tmp_path, monkeypatch, run):
    monkeypatch.chdir(tmp_path)
    result = run("validate")
    assert result.code == 2
    assert result.err[-1] == "Error: no content folder at 'content'; run from the project folder or pass --content DIR"
    assert list(tmp_path.iterdir()) == []


def test_validate_other_content_folder(content, run):
    other = content.root / "drafts"
    (other / "regions").mkdir(parents=True)
    (other / "regions/x.md").write_text("---\nname: X\nkind: county\n---\n")
    result = run("validate", "--content", "drafts")
    assert result.code == 1
    assert result.problems == ["drafts/regions/x.md:3:7: error: 'county' is not a valid kind (did you mean "
                               "'country'?); use one of: country, federal-district, republic, oblast, krai, city, "
                               "district, other"]


def test_paths_are_relative_to_the_working_folder(content, run, monkeypatch):
    content.world()
    content.write("incidents/x.md", INCIDENT.replace("reported", "rumoured"))
    (content.root / "sub").mkdir()
    monkeypatch.chdir(content.root / "sub")
    result = run("validate", "--content", "../content")
    assert result.code == 1
    assert result.problems[0].startswith("../content/incidents/x.md:5:9: error: 'rumoured'")


def test_validate_content_given_as_absolute_path_still_prints_relative_paths(content, run):
    content.world()
    content.write("incidents/x.md", INCIDENT.replace("reported", "rumoured"))
    result = run("validate", "--content", str(content.dir))
    assert result.problems[0].startswith("content/incidents/x.md:5:9: error:")


def test_format_github(content, run):
    content.world()
    content.write("incidents/x.md", INCIDENT.replace("reported", "100%"))
    content.write("regions/y.md", "name: |\n  two\n  lines\nkind: 3\n")
    before = content.snapshot()
    result = run("validate", "--format", "github")
    assert result.code == 1
    assert result.err == [
        "::error file=content/incidents/x.md,line=5,col=9::'100%25' is not a valid status; use one of: "
        "confirmed, reported, claimed, disputed, denied",
        "::error file=content/regions/y.md,line=5,col=7::a number (3) is not a valid kind; use one of: country, "
        "federal-district, republic, oblast, krai, city, district, other",
        "2 problem(s) in 2 file(s)",
    ]
    assert content.snapshot() == before


def test_a_value_with_a_line_break_stays_on_one_error_line(content, run):
    content.world()
    content.write("incidents/x.md", INCIDENT.replace("status: reported", 'status: "re\\nported"'))
    result = run("validate")
    assert result.err == [
        "content/incidents/x.md:5:9: error: 're\\nported' is not a valid status (did you mean 'reported'?); "
        "use one of: confirmed, reported, claimed, disputed, denied",
        "1 problem(s) in 1 file(s)",
    ]


def test_version_and_help(run):
    assert run("--version").code == 0
    result = run("--help")
    assert result.code == 0
    assert {"validate", "build", "generate", "new", "schema", "serve"} <= {
        line.split()[0] for line in result.out if line.startswith("  ") and line.split()}


# --- new -----------------------------------------------------------------------------------

@pytest.mark.parametrize("kind", KINDS)
def test_new_record_of_every_kind_is_valid(content, run, kind):
    content.world()
    content.write("incidents/drone-on-a-roof.md", INCIDENT)
    before = content.snapshot()
    result = run("new", kind, "Drone found on a roof in Obninsk")
    assert result.code == 0, result.err
    path = f"content/{FOLDERS[kind]}/drone-found-on-a-roof-in-obninsk.md"
    assert result.out == [path]
    after = content.snapshot()
    assert set(after) - set(before) == {path}
    assert {k: v for k, v in after.items() if k != path} == before  # nothing else touched
    text = (content.root / path).read_text(encoding="utf-8")
    assert f"added: {TODAY.isoformat()}" in text
    if kind in ("incident", "statement", "measure"):
        assert f"date: {TODAY.isoformat()}" in text
    checked = run("validate")
    assert checked.code == 0, checked.err


def test_new_statement_takes_the_title_as_the_quotation(content, run):
    content.world()
    result = run("new", "statement", "This is not just about drones.", "--speaker", "governor",
                 "--date", "2026-11-24")
    assert result.code == 0, result.err
    text = (content.root / result.out[0]).read_text(encoding="utf-8")
    assert "speaker: governor\n" in text and "date: 2026-11-24\n" in text
    assert text.endswith("---\nThis is not just about drones.\n")
    assert run("validate").code == 0


def test_new_with_options_and_awkward_title(content, run):
    content.world()
    title = 'Drone: "roof" #1 of 2 — {{ 7*7 }} & *more*'
    result = run("new", "incident", title, "--region", "kaluga-oblast", "--source", "rbc", "--status", "confirmed")
    assert result.code == 0, result.err
    assert result.err == []  # nothing had to be guessed
    from generator.content.load import load

    briefing = load(content.dir)
    (entry,) = briefing["incident"].values()
    assert entry.model.title == title and entry.model.status == "confirmed"


def test_new_never_overwrites(content, run):
    content.world()
    first = run("new", "incident", "Drone on a roof")
    (content.root / first.out[0]).write_text("---\nedited by hand\n---\n")
    before = content.snapshot()
    second = run("new", "incident", "Drone on a roof")
    third = run("new", "incidents", "Drone on a roof")
    assert first.out == ["content/incidents/drone-on-a-roof.md"]
    assert second.out == ["content/incidents/drone-on-a-roof-2.md"]
    assert third.out == ["content/incidents/drone-on-a-roof-3.md"]
    after = content.snapshot()
    assert {k: after[k] for k in before} == before  # the hand-edited file is untouched


def test_new_does_not_reuse_an_alias(content, run):
    content.world()
    content.write("regions/kaluga-oblast.md", "name: Kaluga Oblast\naliases: [obninsk]\n")
    result = run("new", "region", "Obninsk")
    assert result.out == ["content/regions/obninsk-2.md"]


def test_new_does_not_reuse_the_name_of_an_unreadable_file_in_a_subfolder(content, run):
    content.world()
    content.write_text("incidents/2026/11/drone-on-a-roof.md", "not a record yet")
    result = run("new", "incident", "Drone on a roof")
    assert result.out == ["content/incidents/drone-on-a-roof-2.md"]


def test_new_title_with_no_letters_gets_a_dated_id(content, run):
    content.world()
    result = run("new", "incident", "!!!")
    assert result.out == [f"content/incidents/incident-{TODAY.isoformat()}.md"]


@pytest.mark.parametrize("args, message", [
    (["new", "rumour", "X"], "Error: Invalid value for "),
    (["new", "incident", "   "], "Error: the title is empty"),
    (["new", "incident"], "Error: Missing argument 'TITLE'."),
    (["new", "incident", "X", "--status", "rumoured"], "Error: Invalid value for '--status'"),
    (["new", "incident", "X", "--date", "yesterday"],
     "Error: --date: 'yesterday' is not a date; write YYYY, YYYY-MM, YYYY-MM-DD, a date-time with offset "
     "such as 2026-11-24T18:30+03:00, or in EDTF 2026-11~ (approximate)"),
    (["new", "incident", "X", "--region", "Kaluga Oblast"],
     "Error: --region 'Kaluga Oblast' is not an id: ids are lowercase letters, digits and single hyphens, "
     "such as kaluga-oblast"),
    (["new", "measure", "X", "--issuer", "governor\nstatus: confirmed"],
     "Error: --issuer 'governor\\nstatus: confirmed' is not an id: ids are lowercase letters, digits and "
     "single hyphens, such as kaluga-oblast"),
], ids=["unknown-kind", "empty-title", "no-title", "bad-status", "bad-date", "bad-region", "injected-field"])
def test_new_usage_errors_exit_2_and_write_nothing(content, run, args, message):
    content.world()
    before = content.snapshot()
    result = run(*args)
    assert result.code == 2
    assert result.err[-1].startswith(message)
    assert content.snapshot() == before


def test_new_incident_before_any_region_says_what_to_do(content, run):
    before = content.snapshot()
    result = run("new", "incident", "Drone on a roof")
    assert result.code == 2
    assert result.err[-1] == 'Error: there is no region yet; create one first: briefing new region "NAME"'
    assert content.snapshot() == before


def test_new_notes_say_what_was_filled_in(content, run):
    content.world()
    result = run("new", "measure", "Stay indoors")
    assert result.err == [
        "note: regions set to 'kaluga-oblast' (the most used); change it in the file or pass --region",
        "note: sources set to 'rbc' (the most used); change it in the file or pass --source",
        "note: issuer set to 'governor' (the most used); change it in the file or pass --issuer",
    ]


# --- schema --------------------------------------------------------------------------------

def _validator(schema: dict):
    """A JSON Schema validator: the jsonschema package when it is installed, else a small one
    that knows the keywords the schema uses (and fails on any it does not know)."""
    try:
        import jsonschema
    except ImportError:
        return lambda instance: _errors(schema, instance, schema)
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    validator = validator_cls(schema)
    return lambda instance: [e.message for e in validator.iter_errors(instance)]


_IGNORED = {"title", "description", "default", "$schema", "$defs", "format", "examples"}


def _errors(schema: dict, value, root: dict) -> list[str]:  # noqa: C901 -- one branch a JSON Schema keyword
    if schema is True or schema == {}:
        return []
    unknown = set(schema) - _IGNORED - {
        "$ref", "anyOf", "oneOf", "allOf", "type", "enum", "const", "pattern", "minimum", "maximum",
        "minLength", "maxLength", "minItems", "maxItems", "items", "properties", "required",
        "additionalProperties"}
    assert not unknown, f"the test's validator does not know {unknown}"
    found = []
    if "$ref" in schema:
        target = root
        for part in schema["$ref"].removeprefix("#/").split("/"):
            target = target[part]
        found += _errors(target, value, root)
    if "anyOf" in schema and not any(not _errors(s, value, root) for s in schema["anyOf"]):
        found.append(f"{value!r} matches none of anyOf")
    if "oneOf" in schema and sum(not _errors(s, value, root) for s in schema["oneOf"]) != 1:
        found.append(f"{value!r} does not match exactly one of oneOf")
    for sub in schema.get("allOf", []):
        found += _errors(sub, value, root)
    types = schema.get("type")
    if types is not None:
        checks = {"string": lambda v: isinstance(v, str), "boolean": lambda v: isinstance(v, bool),
                  "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
                  "number": lambda v: isinstance(v, (int, float)) and not isinstance(v, bool),
                  "null": lambda v: v is None, "array": lambda v: isinstance(v, list),
                  "object": lambda v: isinstance(v, dict)}
        if not any(checks[t](value) for t in ([types] if isinstance(types, str) else types)):
            return found + [f"{value!r} is not of type {types}"]
    if "enum" in schema and value not in schema["enum"]:
        found.append(f"{value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        found.append(f"{value!r} is not {schema['const']!r}")
    if isinstance(value, str):
        if "pattern" in schema and not re.search(schema["pattern"], value):
            found.append(f"{value!r} does not match {schema['pattern']}")
        if len(value) < schema.get("minLength", 0) or len(value) > schema.get("maxLength", len(value)):
            found.append(f"{value!r} has the wrong length")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < schema.get("minimum", value) or value > schema.get("maximum", value):
            found.append(f"{value!r} out of range")
    if isinstance(value, list):
        if len(value) < schema.get("minItems", 0) or len(value) > schema.get("maxItems", len(value)):
            found.append(f"{value!r} has the wrong number of items")
        if "items" in schema:
            for item in value:
                found += _errors(schema["items"], item, root)
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        found += [f"missing {name}" for name in schema.get("required", []) if name not in value]
        for name, item in value.items():
            if name in properties:
                found += _errors(properties[name], item, root)
            elif schema.get("additionalProperties", True) is False:
                found.append(f"unexpected {name}")
            elif isinstance(schema.get("additionalProperties"), dict):
                found += _errors(schema["additionalProperties"], item, root)
    return found


def _front_matter(tmp_path, kind: str, front_matter: str) -> dict:
    """The front matter as the validator sees it: read by the project's own reader."""
    from generator.content.reader import read_file

    path = tmp_path / "record.md"
    path.write_text(f"---\n{front_matter}---\nText.\n", encoding="utf-8")
    record, problems = read_file(path, kind)
    assert problems == []
    return record.data


def test_schema_prints_json_schema_of_every_kind(run):
    result = run("schema")
    assert result.code == 0 and result.err == []
    schema = json.loads("\n".join(result.out))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    refs = {item["$ref"] for item in schema["anyOf"]}
    assert refs == {f"#/$defs/{name}" for name in ("Region", "Actor", "Source", "Incident", "Statement", "Measure",
                                                                 "BriefingRecord")}
    text = json.dumps(schema)
    for ref in set(re.findall(r'"\$ref": "#/\$defs/([^"]+)"', text)):
        assert ref in schema["$defs"], f"$ref to a missing definition {ref}"
    from generator.content.models import MODELS

    for model in MODELS.values():
        definition = schema["$defs"][model.__name__]
        assert set(definition["properties"]) == set(model.model_fields)
        assert definition["additionalProperties"] is False
    assert schema["$defs"]["Incident"]["required"] == ["title", "date", "regions", "status", "sources"]


@pytest.mark.parametrize("kind", KINDS)
def test_schema_of_one_kind(run, kind):
    result = run("schema", "--kind", kind)
    assert result.code == 0
    schema = json.loads("\n".join(result.out))
    assert schema["type"] == "object"
    assert schema["title"] == f"Briefing {kind} record (content/{FOLDERS[kind]}/)"


def test_schema_unknown_kind_exits_2(run):
    assert run("schema", "--kind", "rumour").code == 2


def test_schema_output_is_stable(run):
    assert run("schema").out == run("schema").out


GOOD_INCIDENT = (
    "title: Drone found on the roof of a house\ndate: 2026-11-24T18:30+03:00\ncirca: true\n"
    "regions: [kaluga-oblast]\nstatus: confirmed\ntype: drone-found\n"
    "sources:\n  - rbc\n  - {source: tass, url: 'https://tass.ru/x', published: 2026-11-24, title: Drone}\n"
    "location: {name: a private house, coordinates: [55.1, 36.61], precision: locality, sensitive: true}\n"
    "actors: [governor]\ncasualties: {killed: 0, injured: 2}\ntags: [drones]\n"
    "updates:\n  - {date: 2026-11-25, note: Confirmed by the city head.}\nadded: 2026-11-25\naliases: [old-id]\n"
)


@pytest.mark.parametrize("front_matter", [GOOD_INCIDENT, INCIDENT, INCIDENT.replace("2026-11-24", "2026")],
                         ids=["full", "minimal", "year-only"])
def test_valid_incident_matches_its_schema(tmp_path, run, front_matter):
    validate = _validator(json.loads("\n".join(run("schema", "--kind", "incident").out)))
    assert validate(_front_matter(tmp_path, "incident", front_matter)) == []
    validate_any = _validator(json.loads("\n".join(run("schema").out)))
    assert validate_any(_front_matter(tmp_path, "incident", front_matter)) == []


@pytest.mark.parametrize("front_matter", [
    INCIDENT.replace("reported", "rumoured"),
    INCIDENT.replace("title: Drone on a roof\n", ""),
    INCIDENT + "titel: Drone\n",
    INCIDENT.replace("[kaluga-oblast]", "[Kaluga Oblast]"),
    INCIDENT.replace("[kaluga-oblast]", "[]"),
    INCIDENT.replace("[rbc]", "[{source: rbc, url: 'javascript:alert(1)'}]"),
    INCIDENT.replace("2026-11-24", "yesterday"),
    INCIDENT + "casualties: {killed: -1}\n",
    INCIDENT + "location: {coordinates: [55.1]}\n",
    INCIDENT + "circa: 'yes'\n",
], ids=["status", "missing-title", "unknown-field", "region-not-id", "no-regions", "javascript-url", "date",
        "negative", "coordinates", "circa"])
def test_invalid_incident_does_not_match_its_schema(tmp_path, run, front_matter):
    validate = _validator(json.loads("\n".join(run("schema", "--kind", "incident").out)))
    assert validate(_front_matter(tmp_path, "incident", front_matter)) != []


def test_installed_command_end_to_end(tmp_path):
    """The real `briefing` script, in its own process: errors on stderr, nothing on stdout, exit 1."""
    import subprocess
    import sys
    from pathlib import Path

    script = Path(sys.executable).with_name("briefing")
    if not script.exists():
        pytest.skip("the briefing command is not installed next to this Python")
    (tmp_path / "content/regions").mkdir(parents=True)
    (tmp_path / "content/regions/obninsk.md").write_text("---\nname: Obninsk\nparent: kaluga\n---\n")
    done = subprocess.run([str(script), "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stdout == ""
    assert done.stderr.splitlines() == [
        "content/regions/obninsk.md:3:9: error: unknown region 'kaluga'; no file kaluga.md under content/regions/",
        "1 problem(s) in 1 file(s)",
    ]
    (tmp_path / "content/regions/obninsk.md").write_text("---\nname: Obninsk\n---\n")
    done = subprocess.run([str(script), "validate"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("content: 1 records valid (1 regions,")
    done = subprocess.run([str(script), "validate", "--content", "nowhere"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "Usage: briefing validate [OPTIONS]"
