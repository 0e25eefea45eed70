"""CONTRIBUTING.md stays true: every example in it is a complete record that passes validation,
and every message in its table of common errors is one `briefing validate` really prints."""

from __future__ import annotations

import re

from site_fixture import ROOT

GUIDE = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.M | re.S)
SAVE_AS = re.compile(r"Save as `(content/[^`]+\.md)`:\s*$")


def examples() -> list[tuple[str, str]]:
    """(path, text) of each ```markdown / ```yaml block, from the 'Save as `PATH`:' line before it."""
    found = []
    for match in FENCE.finditer(GUIDE):
        language, text = match.groups()
        if language not in ("markdown", "md", "yaml", "yml"):
            continue
        before = [line for line in GUIDE[: match.start()].splitlines() if line.strip()]
        saved = SAVE_AS.search(before[-1]) if before else None
        assert saved, f"the example starting {text[:40]!r} needs a line 'Save as `content/…`:' before it"
        found.append((saved[1], text))
    return found


def test_every_example_is_a_record_that_passes_validation(content, run):
    written: set[str] = set()
    for path, text in examples():
        if path in written:  # a second version of a file (a correction): the first must pass too
            result = run("validate")
            assert result.code == 0, "\n".join(result.err)
        content.write_text(path.removeprefix("content/"), text)
        written.add(path)
    result = run("validate")
    assert result.code == 0, "\n".join(result.err)


def test_no_example_is_saved_over_a_real_record():
    """Examples are fictional: copying one never overwrites a record of the shipped briefing."""
    live = {path.relative_to(ROOT).as_posix() for path in (ROOT / "content").rglob("*.md")}
    assert examples() and not {path for path, _ in examples()} & live
    ids = {path.stem for path in (ROOT / "content").rglob("*.md")}
    assert not {path.rsplit("/", 1)[1][:-3] for path, _ in examples()} & ids


def test_the_examples_cover_what_a_contributor_adds(content):
    texts = examples()
    kinds = {path.split("/")[1] for path, _ in texts}
    assert {"incidents", "statements", "measures", "regions", "actors", "sources"} <= kinds
    statements = [text for path, text in texts if path.startswith("content/statements/")]
    assert any("\nspeaker: " in t for t in statements) and any("\nanonymous: " in t for t in statements)
    assert any("\nupdates:\n" in text for _, text in texts)
    assert any("\ncirca: true\n" in text for _, text in texts)


# Records that make `briefing validate` print each message of the guide's table.
BAD = {
    "regions/obninsk.md": "---\nname: Obninsk\nkind: city\naliases: [obninsk-old]\n---\n",
    "sources/rbc.md": "---\nname: RBC\nkind: outlet\n---\n",
    "actors/governor.md": "---\nname: Governor\nkind: person\n---\n",
    "incidents/g.md": "title: X\n",
    "incidents/f.md": "---\ntitle: X\n",
    "incidents/Big_File.md": "---\ntitle: X\n---\n",
    "incidents/notes.txt": "notes\n",
    "incidents/a.md": "---\ntitel: X\ndate: 2026-11-24\nregions: [obninsk]\nstatus: reported\nsources: [rbc]\n---\n",
    "incidents/b.md": "---\ntitle: X\ndate: 2026-02-30\nregions: [obninsk-city]\nstatus: confirmd\n"
                      "sources: [rbc]\n---\n",
    "incidents/c.md": "---\ntitle: X\ndate: 24 November 2026\nregions: [obninsk]\nstatus: reported\n"
    "sources: [rbc]\ntags: [Air defence]\n---\n",
    "incidents/d.md": "---\ntitle: X\ndate: 2026-11-24\nregions: [obninsk-old]\nstatus: reported\n"
    "sources:\n  - {source: rbc, url: www.rbc.ru/x}\n---\n",
    "incidents/e.md": "---\ntitle: Drone: over the city\ndate: 2026-11-24\nregions: [obninsk]\nstatus: reported\n"
    "sources: [rbc]\n---\n",
    "incidents/h.md": "---\ntitle: X\ndate: 2026-11\nregions: [obninsk]\nstatus: reported\nsources: [rbc]\n"
    "location: {coordinates: [95, 36.6]}\ncasualties: {killed: some}\n---\n",
    "incidents/i.md": "---\ntitle: X\ntitle: Y\n---\n",
    "incidents/j.md": "---\ntitle: @mchs says\n---\n",
    "incidents/k.md": "---\ntitle: X\n\tcirca: true\n---\n",
    "incidents/l.md": "---\ntitle:\ndate: 2026-11\nregions: [obninsk]\nstatus: reported\nsources: [rbc]\n"
    "updates:\n  - date: 2026-11-25\n---\n",
    "incidents/drone.md": "---\ntitle: X\ndate: 2026-11\nregions: [obninsk]\nstatus: reported\nsources: [rbc]\n---\n",
    "incidents/2026/drone.md": "---\ntitle: X\ndate: 2026-11\nregions: [obninsk]\nstatus: reported\n"
                               "sources: [rbc]\n---\n",
    "statements/s1.md": "---\ndate: 2026-11-24\nsource: rbc\n---\nText\n",
    "statements/s2.md": "---\ndate: 2026-11-24\nsource: rbc\nspeaker: governor\nanonymous: an insider\n---\n",
    "statements/s3.md": "---\ndate: 2026-12-24\nsource: rbc\nspeaker: governor\noriginal: Текст\n---\nText\n",
    "statements/s4.md": "---\ndate: 2026-11-24T18:30\nsource: rbc\nspeaker: governor\nresponds_to: s1\n---\nText\n",
}


def table_messages() -> list[str]:
    section = GUIDE.split("## Common error messages", 1)[1]
    return re.findall(r"^\| `([^`]+)` \|", section, re.M)


def test_every_message_in_the_table_is_one_validate_prints(content, run):
    for rel, text in BAD.items():
        content.write_text(rel, text)
    result = run("validate")
    printed = {line.split(": error: ", 1)[1] for line in result.problems}
    messages = table_messages()
    assert len(messages) >= 25
    missing = [m for m in messages if m not in printed]
    assert missing == [], "CONTRIBUTING.md shows messages the tool no longer prints:\n" + "\n".join(missing)
