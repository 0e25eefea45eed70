"""Every problem of the whole content in one run, sorted by path, then line, then column:
a contributor fixes them top to bottom, file by file, and nothing is hidden behind the first."""

from __future__ import annotations

import pytest

from conftest import INCIDENT, STATEMENT, TODAY

BROKEN = {
    # reading fails: one problem, and the file's fields are not looked at
    "incidents/a-empty.md": ("", None),
    # several field problems in one record, on lines 3, 4, 5 and 11 (11 sorts after 5, not before 2)
    "incidents/b-many.md": (
        "title: Drone\ndate: 2026-02-30\nregions: [kaluga]\nstatus: rumoured\nsources: [rbc]\n"
        "type: drone\ncirca: false\ntags: [drones]\nactors: [governor]\ncasualties: {killed: -1}\n", "Text.\n"),
    # a subfolder sorts by its path like any other
    "incidents/2026/c-nested.md": (INCIDENT.replace("[rbc]", "[tass]"), "Text.\n"),
    "regions/a.md": ("name: A\nparent: b\n", ""),
    "regions/b.md": ("name: B\nparent: a\n", ""),
    "statements/z.md": (STATEMENT + "stance: disputes\n", "Text.\n"),
    "sources/bad.md": ("name: TASS\nkind: agency\nurl: 'javascript:alert(1)'\n", ""),
}
EXPECTED = [
    "content/incidents/2026/c-nested.md:6:11: error: unknown source 'tass'; no file tass.md under content/sources/",
    "content/incidents/a-empty.md:1:1: error: file is empty; a record starts with a '---' line, its fields, "
    "and another '---' line",
    "content/incidents/b-many.md:3:7: error: 2026-02-30 is not a day of the calendar",
    "content/incidents/b-many.md:4:11: error: unknown region 'kaluga' (did you mean 'kaluga-oblast'?)",
    "content/incidents/b-many.md:5:9: error: 'rumoured' is not a valid status; use one of: confirmed, reported, "
    "claimed, disputed, denied",
    "content/incidents/b-many.md:11:22: error: killed must be 0 or more, not -1",
    "content/regions/a.md:3:9: error: region parents form a cycle: a → b → a; one of them must point elsewhere",
    "content/sources/bad.md:4:6: error: only http:// and https:// URLs are allowed, not javascript",
    "content/statements/z.md:5:1: error: stance needs responds_to: the id of the statement this one answers",
]


def write_broken(content):
    content.world()
    for rel, (front_matter, body) in BROKEN.items():
        if body is None:
            content.write_text(rel, front_matter)
        else:
            content.write(rel, front_matter, body)


def test_every_problem_in_one_run_sorted_by_path_then_line(content, run):
    write_broken(content)
    before = content.snapshot()
    result = run("validate")
    assert result.code == 1
    assert result.problems == EXPECTED
    assert result.err == EXPECTED + ["9 problem(s) in 6 file(s)"]
    assert result.out == []
    assert content.snapshot() == before


def test_github_format_keeps_the_same_order(content, run):
    write_broken(content)
    result = run("validate", "--format", "github")
    files = [line.split(",")[0].removeprefix("::error file=") for line in result.err[:-1]]
    assert files == [line.split(":")[0] for line in EXPECTED]


def test_load_raises_one_error_with_every_problem_sorted(content):
    from generator.content.errors import ContentError
    from generator.content.load import load

    write_broken(content)
    with pytest.raises(ContentError) as caught:
        load(content.dir, today=TODAY)
    problems = caught.value.problems
    assert [p.format() for p in problems] == EXPECTED
    assert problems == sorted(problems)
    assert str(caught.value) == "9 problem(s) in content"


def test_order_does_not_depend_on_the_order_files_were_written(content, run):
    content.world()
    for rel in reversed(list(BROKEN)):
        front_matter, body = BROKEN[rel]
        if body is None:
            content.write_text(rel, front_matter)
        else:
            content.write(rel, front_matter, body)
    assert run("validate").problems == EXPECTED


def test_the_same_problem_is_reported_once(content, run):
    content.world()
    content.write("incidents/x.md", INCIDENT.replace("[kaluga-oblast]", "[kaluga, kaluga]"))
    result = run("validate")
    assert result.problems == [
        "content/incidents/x.md:4:11: error: unknown region 'kaluga' (did you mean 'kaluga-oblast'?)",
        "content/incidents/x.md:4:19: error: unknown region 'kaluga' (did you mean 'kaluga-oblast'?)",
    ]
