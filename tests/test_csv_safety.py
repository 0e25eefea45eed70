"""The CSV exports hold no cell a spreadsheet would run as a formula, whichever separator it splits the file
on, and no control character; a line break inside a field never splits its row (issue 29, item 5)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from generator.content.load import load
from generator.outputs import exports

from site_fixture import write_content

FORMULA_STARTS = ("=", "+", "-", "@")
# Written with YAML escapes, as the probe wrote them: \r, \x1b (ESC), \0, \b, \v, \f.
HOSTILE = (
    '---\ntitle: "\\r=1+1\\x1b[31m\\0\\b\\v\\f"\ndate: 2026-11-20\nregions: [kaluga-oblast, cmd-oblast]\n'
    'status: reported\nsources: [rbc]\nlocation: {name: "Obninsk;=HYPERLINK(\\"http://x.example\\")\\r\\n@SUM(1)"}\n'
    "---\nA fictional test incident.\n"
)
REGION = "---\nname: \"=cmd|'/C calc'!A0\"\nkind: oblast\n---\n"


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> str:
    content = write_content(tmp_path_factory.mktemp("csv-safety"))
    (content / "incidents" / "hostile-cells.md").write_text(HOSTILE, encoding="utf-8")
    (content / "regions" / "cmd-oblast.md").write_text(REGION, encoding="utf-8")
    return exports.export_files(load(content))["data/incidents.csv"], len(load(content)["incident"])


def test_a_line_break_in_a_field_does_not_split_its_row(exported):
    incidents_csv, count = exported
    rows = list(csv.reader(io.StringIO(incidents_csv, newline="")))
    assert len(rows) == 1 + count
    assert {len(row) for row in rows} == {len(rows[0])}
    hostile = dict(zip(rows[0], next(row for row in rows if row[0] == "hostile-cells"), strict=True))
    assert hostile["title"] == "\n'=1+1[31m  "
    assert hostile["location_name"] == "Obninsk;'=HYPERLINK(\"http://x.example\")\n'@SUM(1)"
    assert hostile["region_names"] == "Kaluga Oblast;'=cmd|'/C calc'!A0"


def test_every_cell_is_quoted_so_no_separator_starts_a_cell(exported):
    cell = r'"(?:[^"]|"")*"'
    assert re.fullmatch(rf"(?:{cell}(?:,{cell})*\n)+", exported[0])


@pytest.mark.parametrize("separator", [",", ";", "\t", "|"])
def test_no_cell_starts_a_formula_whatever_the_separator(exported, separator):
    for row in csv.reader(io.StringIO(exported[0], newline=""), delimiter=separator):
        for cell in row:
            for piece in cell.replace(",", ";").replace("\n", ";").split(";"):
                assert not piece.lstrip(" ").startswith(FORMULA_STARTS) or piece.lstrip(" ")[1:2].isdigit(), piece


def test_control_characters_are_removed(exported):
    assert not [ch for ch in exported[0] if ch < " " and ch not in "\n\t"]
    assert "\x7f" not in exported[0]


def test_every_item_of_a_list_cell_is_guarded():
    assert exports.csv_cell("regions", ["safe", "=cmd|'/C calc'!A0", " +1", "-2"]) == \
        "safe;'=cmd|'/C calc'!A0;' +1;'-2"
    assert exports.csv_cell("title", "a;=b") == "a;'=b"  # a program splitting on ';' must not run it
    assert exports.csv_cell("title", "a=b; c-d") == "a=b; c-d"
    assert exports._csv_line(["a;=b", "55.1"]) == '"a;=b","55.1"\n'
