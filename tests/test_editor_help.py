"""Editor help: the committed JSON Schemas, VS Code's mapping of them, the modeline in new
records, and `briefing new` asking for what a record needs when run at a terminal."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from site_fixture import ROOT

KINDS = ("region", "actor", "source", "incident", "statement", "measure", "briefing")
FOLDERS = {"region": "regions", "actor": "actors", "source": "sources", "incident": "incidents",
           "statement": "statements", "measure": "measures", "briefing": "briefings"}


def invoke(*args: str, input: str | None = None):
    from generator.cli import main

    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result


# --- schemas/ and .vscode/ -------------------------------------------------------------------

def test_committed_schemas_are_what_the_command_writes_now(tmp_path):
    result = invoke("schema", "--out", str(tmp_path / "schemas"))
    assert result.exit_code == 0, result.stderr
    written = {p.name: p.read_bytes() for p in (tmp_path / "schemas").iterdir()}
    committed = {p.name: p.read_bytes() for p in (ROOT / "schemas").iterdir()}
    assert sorted(written) == [f"{kind}.schema.json" for kind in sorted(KINDS)]
    assert committed == written, "schemas/ is out of date: run `briefing schema --out schemas`"


def test_schema_out_with_kind_writes_that_kind_only(tmp_path):
    assert invoke("schema", "--kind", "incident", "--out", str(tmp_path)).exit_code == 0
    assert [p.name for p in tmp_path.iterdir()] == ["incident.schema.json"]
    schema = json.loads((tmp_path / "incident.schema.json").read_text(encoding="utf-8"))
    assert {"title", "date", "regions", "status", "sources"} <= set(schema["required"])


def test_vscode_maps_each_schema_to_its_folder_of_records():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for kind in KINDS:
        globs = mapping[f"./schemas/{kind}.schema.json"]
        assert f"content/{FOLDERS[kind]}/**/*.md" in globs
        assert (ROOT / "schemas" / f"{kind}.schema.json").is_file()


@pytest.mark.parametrize("kind", KINDS)
def test_record_templates_carry_the_schema_modeline(kind):
    text = (ROOT / "generator" / "authoring" / "record_templates" / f"{kind}.md.j2").read_text(encoding="utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema={{ schema }}\n")


# --- briefing new ----------------------------------------------------------------------------

@pytest.fixture
def world(content):
    content.world()
    content.write("regions/obninsk.md", "name: Obninsk\nkind: city\nparent: kaluga-oblast\n")
    content.write("actors/mchs.md", "name: MChS\nkind: organization\n")
    content.write("incidents/drone-on-a-roof.md", "title: Drone on a roof\ndate: 2026-11-24\n"
                  "regions: [kaluga-oblast]\nstatus: reported\nsources: [rbc]\n")
    return content


@pytest.mark.parametrize("kind", KINDS)
def test_new_record_of_every_kind_passes_validate_and_points_at_its_schema(world, kind):
    result = invoke("new", kind, "Something happened in Obninsk")
    assert result.exit_code == 0, result.stderr
    path = world.root / result.stdout.strip()
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[1]
    assert first.startswith("# yaml-language-server: $schema=")
    schema = (path.parent / first.split("=", 1)[1]).resolve()
    assert schema == (world.root / "schemas" / f"{kind}.schema.json").resolve()
    checked = invoke("validate")
    assert checked.exit_code == 0, checked.stderr


def test_without_a_terminal_new_asks_nothing(world):
    result = invoke("new", "incident", "Drone over Obninsk", input="")
    assert result.exit_code == 0, result.stderr
    assert "Regions" not in result.stderr and "note: regions set to" in result.stderr


def test_interactive_incident_offers_known_ids_and_asks_again_for_an_unknown_one(world):
    result = invoke("new", "incident", "Drone over Obninsk", "--interactive",
                    input="nowhere\nobninsk, kaluga-oblast\nrbx\nrbc\n")
    assert result.exit_code == 0, result.stderr
    assert "Known regions: kaluga-oblast (Kaluga Oblast), obninsk (Obninsk)" in result.stderr
    assert "unknown region 'nowhere'" in result.stderr
    assert "unknown source 'rbx' (did you mean 'rbc'?)" in result.stderr
    text = (world.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "regions: [obninsk, kaluga-oblast]\n" in text and "  - rbc\n" in text
    assert "note:" not in result.stderr  # nothing was guessed
    assert invoke("validate").exit_code == 0


def test_interactive_defaults_are_the_most_used_ids(world):
    result = invoke("new", "measure", "Stay indoors", "--interactive", input="\n\n\n")
    assert result.exit_code == 0, result.stderr
    text = (world.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "regions: [kaluga-oblast]\n" in text and "issuer: governor\n" in text
    assert invoke("validate").exit_code == 0


def test_interactive_statement_named_speaker(world):
    result = invoke("new", "statement", "This is not just about drones.", "--interactive", input="rbc\ngovernor\n")
    assert result.exit_code == 0, result.stderr
    text = (world.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert "speaker: governor\n" in text and "\nanonymous:" not in text
    assert invoke("validate").exit_code == 0


def test_interactive_statement_anonymous_source(world):
    result = invoke("new", "statement", "The world is watching.", "--interactive",
                    input="rbc\n\nan insider close to the emergency team\n")
    assert result.exit_code == 0, result.stderr
    text = (world.root / result.stdout.strip()).read_text(encoding="utf-8")
    assert 'anonymous: "an insider close to the emergency team"\n' in text and "\nspeaker:" not in text
    assert invoke("validate").exit_code == 0


def test_interactive_options_given_are_not_asked_again(world):
    result = invoke("new", "measure", "Stay indoors", "--interactive", "--region", "obninsk",
                    "--source", "rbc", "--issuer", "mchs", input="")
    assert result.exit_code == 0, result.stderr
    assert "Known" not in result.stderr


@pytest.mark.parametrize("kind, answers, expected", [
    ("region", "city\nkaluga-oblast\n", ["kind: city\n", "parent: kaluga-oblast\n"]),
    ("actor", "organization\n", ["kind: organization\n"]),
    ("source", "telegram\n", ["kind: telegram\n"]),
])
def test_interactive_kinds_of_regions_actors_and_sources(world, kind, answers, expected):
    result = invoke("new", kind, "Maloyaroslavets", "--interactive", input=answers)
    assert result.exit_code == 0, result.stderr
    text = (world.root / result.stdout.strip()).read_text(encoding="utf-8")
    for line in expected:
        assert line in text
    assert invoke("validate").exit_code == 0


def test_interactive_end_of_input_writes_nothing(world):
    before = world.snapshot()
    result = invoke("new", "incident", "Drone", "--interactive", input="")
    assert result.exit_code != 0
    assert world.snapshot() == before


