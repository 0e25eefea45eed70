"""`briefing import csv` writes front matter with a YAML library: no cell of the CSV, whatever it holds,
adds a field to the record it becomes (issue 29, item 6)."""

from __future__ import annotations

from test_import_csv import csv_text, row, world

from generator.content.load import load


def test_a_newline_in_the_event_id_adds_no_field(content, run):
    world(content)
    (content.root / "acled.csv").write_text(
        csv_text([row(1, event_id_cnty="RUS0001\ntags: [injected]\naliases: [taken]")]), encoding="utf-8")
    result = run("import", "csv", "acled.csv")
    assert result.code == 0, result.err
    (written,) = (content.dir / "incidents").rglob("*.md")
    assert written.name == "rus0001-tags-injected-aliases-taken.md"
    text = written.read_text(encoding="utf-8")
    assert "\ntags:" not in text and "\naliases:" not in text
    assert text.splitlines()[1] == "# Imported from an event export: RUS0001 tags: [injected] aliases: [taken]"
    (incident,) = load(content.dir)["incident"].values()
    assert incident.model.tags == [] and incident.model.aliases == []
    assert run("validate").code == 0


def test_quotes_newlines_and_yaml_marks_in_cells_stay_text(content, run):
    world(content)
    title_place = "Obninsk\"\nstatus: confirmed\n#"
    (content.root / "acled.csv").write_text(
        csv_text([row(1, location=title_place, sub_event_type="&anchor *alias !tag: x")]), encoding="utf-8")
    result = run("import", "csv", "acled.csv")
    assert result.code == 0, result.err
    (incident,) = load(content.dir)["incident"].values()
    assert incident.model.status == "reported"
    assert incident.model.location.name == "Obninsk\" status: confirmed #"
    assert incident.model.title == "&anchor *alias !tag: x in Obninsk\" status: confirmed #"
    assert run("validate").code == 0
