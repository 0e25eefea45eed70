"""`briefing stats`: counts by kind, region (with sub-regions), status and month, and the share of
anonymous statements per region, as aligned plain-text tables."""

from __future__ import annotations

EXPECTED = """\
Records by kind
kind        records
----------  -------
regions           4
actors            1
sources           1
incidents         3
statements        3
measures          1
briefings         0
all              13

By region (each count includes the sub-regions)
region           incidents  measures  statements  anonymous statements
---------------  ---------  --------  ----------  --------------------
dagestan                 1         0           1            1/1 (100%)
russia                   2         1           1              0/1 (0%)
  kaluga-oblast          2         1           1              0/1 (0%)
    obninsk              2         0           1              0/1 (0%)
(no region)              0         0           1            1/1 (100%)

Incidents by status
status     incidents
---------  ---------
confirmed          1
reported           1
claimed            1
disputed           0
denied             0

By month, newest first
month                   incidents  measures  statements
----------------------  ---------  --------  ----------
November 2026                   1         1           2
October 2026                    1         0           1
2026 (month not known)          1         0           0
"""


def world(content):
    content.write("regions/russia.md", "name: Russia\nkind: country\n")
    content.write("regions/kaluga-oblast.md", "name: Kaluga Oblast\nkind: oblast\nparent: russia\n")
    content.write("regions/obninsk.md", "name: Obninsk\nkind: city\nparent: kaluga-oblast\n")
    content.write("regions/dagestan.md", "name: Dagestan\nkind: republic\n")
    content.write("actors/governor.md", "name: The Governor\nkind: person\n")
    content.write("sources/rbc.md", "name: RBC\nkind: outlet\n")
    content.write("incidents/roof.md", "title: Roof\ndate: 2026-11-24\nregions: [obninsk]\nstatus: confirmed\n"
                  "sources: [rbc]\n")
    content.write("incidents/field.md", "title: Field\ndate: 2026-10\nregions: [obninsk]\nstatus: reported\n"
                  "sources: [rbc]\n")
    content.write("incidents/coast.md", "title: Coast\ndate: 2026\nregions: [dagestan]\nstatus: claimed\n"
                  "sources: [rbc]\n")
    content.write("statements/named.md", "date: 2026-11-24\nsource: rbc\nspeaker: governor\nincidents: [roof]\n")
    content.write("statements/insider.md", "date: 2026-11-20\nsource: rbc\nanonymous: an insider\n"
                  "regions: [dagestan]\n")
    content.write("statements/nowhere.md", "date: 2026-10-02\nsource: rbc\nanonymous: a diplomat\n")
    content.write("measures/stay-in.md", "title: Stay in\ndate: 2026-11-24\nregions: [kaluga-oblast]\n"
                  "issuer: governor\nsources: [rbc]\n")


def test_stats_tables(content, run):
    world(content)
    result = run("stats")
    assert result.code == 0, result.err
    assert "\n".join(result.out) + "\n" == EXPECTED


def test_columns_are_aligned(content, run):
    world(content)
    lines = run("stats").out
    for start in [i for i, line in enumerate(lines) if line.startswith("-")]:
        rule = lines[start]
        block = []
        for line in lines[start + 1:]:
            if not line:
                break
            block.append(line)
        gaps = [i for i, ch in enumerate(rule) if ch == " "]
        for line in [lines[start - 1], *block]:
            # Every column boundary of the rule is a space in each row: nothing spills over.
            assert all(i >= len(line) or line[i] == " " for i in gaps), (rule, line)


def test_stats_of_invalid_content_reports_the_problems(content, run):
    world(content)
    content.write("incidents/bad.md", "title: Bad\ndate: 2026-11-24\nregions: [nowhere]\nstatus: reported\n"
                  "sources: [rbc]\n")
    result = run("stats")
    assert result.code == 1
    assert result.problems == ["content/incidents/bad.md:4:11: error: unknown region 'nowhere'; "
                               "no file nowhere.md under content/regions/"]
    assert result.out == []


def test_empty_content(content, run):
    result = run("stats")
    assert result.code == 0
    assert result.out[10].split() == ["all", "0"]
    assert "russia" not in "\n".join(result.out)
