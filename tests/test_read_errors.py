"""Reading: every way a file can fail before its fields are even looked at.

Each case is one bad file in an otherwise valid content tree; `briefing validate` must print
exactly one `PATH:LINE:COL: error: MESSAGE` line, exit 1, and leave every file as it was.
"""

from __future__ import annotations

import os

import pytest

from conftest import INCIDENT

FOLDERS = "actors, briefings, incidents, measures, regions, sources, statements"
NOT_YAML = "front matter is not valid YAML: "
AFTER_CLOSE = ("unexpected text: nothing may follow a closing quote or bracket, and a line must be indented "
               "like the one above it")


def fm(text: str, body: str = "Text.\n") -> str:
    return f"---\n{text}---\n{body}"


# (case id, file under content/, its text or bytes, the one expected error line)
CASES = [
    # --- YAML that does not parse ------------------------------------------------------------
    ("tab-indent", "incidents/x.md", fm("title: X\nregions:\n\t- kaluga-oblast\n"),
     "content/incidents/x.md:4:1: error: tab character in the front matter; indent with spaces"),
    ("unclosed-double-quote", "incidents/x.md", fm('title: "Drone on a roof\ndate: 2026-11-24\n'),
     "content/incidents/x.md:2:8: error: quoted text is never closed; add the closing quote"),
    ("unclosed-single-quote", "incidents/x.md", fm("title: 'Drone on a roof\ndate: 2026-11-24\n"),
     "content/incidents/x.md:2:8: error: quoted text is never closed; add the closing quote"),
    ("duplicate-key", "incidents/x.md", fm(INCIDENT + "title: Again\n"),
     "content/incidents/x.md:7:1: error: duplicate field 'title': keep only one of them"),
    ("list-instead-of-fields", "incidents/x.md", fm("- title: X\n- date: 2026\n"),
     "content/incidents/x.md:2:1: error: front matter must be fields, one 'name: value' a line"),
    ("plain-text-instead-of-fields", "incidents/x.md", fm("Drone on a roof\n"),
     "content/incidents/x.md:2:1: error: front matter must be fields, one 'name: value' a line"),
    ("colon-inside-value", "incidents/x.md", fm("title: Update: drone on a roof\n"),
     f"content/incidents/x.md:2:14: error: {NOT_YAML}unexpected ':' here; if it is part of the text, put the "
     "whole value in quotes, and if this line is a field of its own, remove the spaces before its name"),
    ("missing-colon", "incidents/x.md", fm("title: X\ndate 2026-11-24\nstatus: reported\n"),
     f"content/incidents/x.md:3:1: error: {NOT_YAML}a field needs a ':' after its name, such as 'date: 2026-11-24'"),
    ("unclosed-bracket", "incidents/x.md", fm("title: X\nregions: [kaluga-oblast\nstatus: reported\n"),
     f"content/incidents/x.md:3:10: error: {NOT_YAML}a list in [ ] is not closed, or a comma is missing: "
     "write [first, second]"),
    ("unclosed-brace", "incidents/x.md", fm("title: X\nlocation: {name: Obninsk\n"),
     f"content/incidents/x.md:3:11: error: {NOT_YAML}a group in {{ }} is not closed, or a comma is missing: "
     "write {name: value, other: value}"),
    ("stray-list-item", "incidents/x.md", fm("title: X\n- kaluga-oblast\n"),
     f"content/incidents/x.md:3:1: error: {NOT_YAML}unexpected list item: put it under a field name "
     "(such as 'regions:'), lined up with the items above it"),
    ("text-after-quote", "incidents/x.md", fm('title: "Drone" on a roof\n'),
     f"content/incidents/x.md:2:16: error: {NOT_YAML}{AFTER_CLOSE}"),
    ("text-after-bracket", "incidents/x.md", fm("title: X\nregions: [kaluga-oblast] [obninsk]\n"),
     f"content/incidents/x.md:3:26: error: {NOT_YAML}{AFTER_CLOSE}"),
    ("dash-inside-value", "incidents/x.md", fm("title: - drone on a roof\n"),
     f"content/incidents/x.md:2:8: error: {NOT_YAML}unexpected '-' here: a list item goes on a line of its own, "
     "under its field; if the '-' is part of the text, put the whole value in quotes"),
    ("field-out-of-line", "incidents/x.md", fm("title: X\nlocation:\n  name: Obninsk\n precision: exact\n"),
     f"content/incidents/x.md:5:2: error: {NOT_YAML}unexpected field: line it up with the fields above it"),
    ("nested-too-deep", "incidents/x.md", fm("title: X\ntags: " + "[" * 30 + "]" * 30 + "\n"),
     "content/incidents/x.md:3:27: error: front matter is nested too deeply: fields hold lists and groups of "
     "fields three levels deep at most"),
    ("nested-far-too-deep", "incidents/x.md", fm("title: X\ntags: " + "[" * 5000 + "\n"),
     "content/incidents/x.md:3:107: error: front matter is nested too deeply: fields hold lists and groups of "
     "fields three levels deep at most"),
    ("reserved-character", "incidents/x.md", fm("title: @obninsk_news reports a drone\n"),
     f"content/incidents/x.md:2:8: error: {NOT_YAML}a value cannot start with '@'; put the whole value in quotes"),
    ("bad-escape", "incidents/x.md", fm('title: "C:\\data"\n'),
     f"content/incidents/x.md:2:12: error: {NOT_YAML}a backslash in double quotes starts an escape such as "
     "\\n; write \\\\ for a backslash, or use single quotes"),
    # --- YAML machinery records do not use ---------------------------------------------------
    ("anchor-and-alias", "incidents/x.md",
     fm("title: Drone\ndate: 2026-11-24\nregions: &r [kaluga-oblast]\nstatus: reported\nsources: *r\n"),
     "content/incidents/x.md:4:10: error: '&' at the start of a value marks a YAML anchor, which records do not "
     "use; if the '&' is part of the text, put the whole value in quotes"),
    ("alias-without-anchor", "incidents/x.md", fm("title: *Breaking* drone on a roof\n"),
     "content/incidents/x.md:2:8: error: '*' at the start of a value is a YAML alias, which records do not use; "
     "if the '*' is part of the text, put the whole value in quotes"),
    ("anchor-eats-text", "incidents/x.md", fm("title: &amp; drones\n"),
     "content/incidents/x.md:2:8: error: '&' at the start of a value marks a YAML anchor, which records do not "
     "use; if the '&' is part of the text, put the whole value in quotes"),
    ("tag", "incidents/x.md", fm("title: !!python/object:os.system drone\n"),
     "content/incidents/x.md:2:8: error: '!' at the start of a value is a YAML tag, which records do not use; "
     "if the '!' is part of the text, put the whole value in quotes"),
    ("merge-key", "incidents/x.md", fm("<<: {title: Drone}\ndate: 2026-11-24\n"),
     "content/incidents/x.md:2:1: error: '<<' (a YAML merge key) is not allowed in records; "
     "write each field out in full"),
    # --- the file around the front matter ----------------------------------------------------
    ("no-front-matter", "incidents/x.md", "title: Drone on a roof\n\nA drone.\n",
     "content/incidents/x.md:1:1: error: no front matter: the file must start with a line '---', "
     "then the fields, then '---'"),
    ("unclosed-front-matter", "incidents/x.md", "---\n" + INCIDENT + "\nA drone.\n",
     "content/incidents/x.md:1:1: error: front matter is not closed: add a line '---' after the last field"),
    ("empty-file", "incidents/x.md", "",
     "content/incidents/x.md:1:1: error: file is empty; a record starts with a '---' line, its fields, "
     "and another '---' line"),
    ("blank-file", "incidents/x.md", "\n  \n",
     "content/incidents/x.md:1:1: error: file is empty; a record starts with a '---' line, its fields, "
     "and another '---' line"),
    ("not-utf8", "incidents/x.md", b"---\ntitle: Caf\xe9 hit\n---\n",
     "content/incidents/x.md:2:11: error: file is not UTF-8 text (byte 0xE9); save it with UTF-8 encoding"),
    ("nul-byte", "incidents/x.md", b"---\ntitle: Drone\x00\n---\n",
     "content/incidents/x.md:2:13: error: file contains a NUL byte: it is not a text file; save it as UTF-8 text"),
    # --- where the file sits and what it is called -------------------------------------------
    ("unknown-kind-folder", "incident/x.md", fm(INCIDENT),
     f"content/incident:1:1: error: unknown record folder 'incident' (did you mean 'incidents'?); "
     f"records go in one of: {FOLDERS}"),
    ("unknown-folder-no-hint", "people/x.md", fm("name: X\n"),
     f"content/people:1:1: error: unknown record folder 'people'; records go in one of: {FOLDERS}"),
    ("md-at-content-root", "x.md", fm(INCIDENT),
     f"content/x.md:1:1: error: 'x.md' is not in a record folder; move it into one of: {FOLDERS}"),
    ("not-markdown", "incidents/x.txt", fm(INCIDENT),
     "content/incidents/x.txt:1:1: error: 'x.txt' is not a record: record files are Markdown and end in .md"),
    ("upper-case-extension", "incidents/x.MD", fm(INCIDENT),
     "content/incidents/x.MD:1:1: error: 'x.MD' is not a record: record files are Markdown and end in .md"),
    ("name-not-a-slug", "incidents/Drone On Roof.md", fm(INCIDENT),
     "content/incidents/Drone On Roof.md:1:1: error: file name 'Drone On Roof.md' is not a valid id: use "
     "lowercase letters, digits and single hyphens, such as 'drone-on-roof.md'"),
    ("underscore-name", "incidents/drone_on_roof.md", fm(INCIDENT),
     "content/incidents/drone_on_roof.md:1:1: error: file name 'drone_on_roof.md' is not a valid id: use "
     "lowercase letters, digits and single hyphens, such as 'drone-on-roof.md'"),
    ("name-in-subfolder", "incidents/2026/11/Roof.md", fm(INCIDENT),
     "content/incidents/2026/11/Roof.md:1:1: error: file name 'Roof.md' is not a valid id: use lowercase "
     "letters, digits and single hyphens, such as 'roof.md'"),
]


@pytest.mark.parametrize("rel, data, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_unreadable_file_is_one_error(content, invalid, rel, data, expected):
    content.world()
    if isinstance(data, bytes):
        content.write_bytes(rel, data)
    else:
        content.write_text(rel, data)
    invalid(expected)


@pytest.mark.parametrize("encode", [
    pytest.param(lambda text: ("\ufeff" + text).encode(), id="bom"),
    pytest.param(lambda text: text.replace("\n", "\r\n").encode(), id="crlf"),
    pytest.param(lambda text: ("\ufeff" + text.replace("\n", "\r\n")).encode(), id="bom-and-crlf"),
    pytest.param(lambda text: text.replace("\n", "\r").encode(), id="old-mac-cr"),
    pytest.param(lambda text: text.encode().replace(b"---\nText", b"...\nText"), id="yaml-end-marker"),
])
def test_bom_and_line_endings_are_valid(content, valid, encode):
    content.world()
    content.write_bytes("incidents/x.md", encode(fm(INCIDENT)))
    assert valid().out == ["content: 4 records valid (1 regions, 1 actors, 1 sources, 1 incidents, "
                           "0 statements, 0 measures, 0 briefings)"]


def test_crlf_positions_are_counted_in_lines(content, invalid):
    content.world()
    content.write_bytes("incidents/x.md", fm(INCIDENT.replace("reported", "rumoured")).replace("\n", "\r\n").encode())
    invalid("content/incidents/x.md:5:9: error: 'rumoured' is not a valid status; "
            "use one of: confirmed, reported, claimed, disputed, denied")


def test_bom_does_not_shift_columns(content, invalid):
    content.world()
    content.write_bytes("incidents/x.md", ("\ufeff" + fm(INCIDENT.replace("reported", "rumoured"))).encode())
    invalid("content/incidents/x.md:5:9: error: 'rumoured' is not a valid status; "
            "use one of: confirmed, reported, claimed, disputed, denied")


def test_file_over_the_size_limit(content, invalid):
    from generator.content.reader import MAX_FILE_BYTES

    content.world()
    content.write_text("incidents/x.md", fm(INCIDENT, "x" * MAX_FILE_BYTES))
    size = (content.dir / "incidents/x.md").stat().st_size
    invalid(f"content/incidents/x.md:1:1: error: file is {size:,} bytes, just over the limit; a record may be "
            "at most 2 MB: split it or move long text to a source")


def test_file_at_the_size_limit_is_read(content, valid):
    from generator.content.reader import MAX_FILE_BYTES

    content.world()
    head = fm(INCIDENT, "")
    content.write_text("incidents/x.md", head + "x" * (MAX_FILE_BYTES - len(head)))
    valid()


def test_readme_at_content_root_and_hidden_files_are_ignored(content, valid):
    content.world()
    content.write_text("README.md", "How to add a record.\n")
    content.write_text(".DS_Store", "junk")
    content.write_text("incidents/.x.md.swp", "junk")
    valid()


symlinks = pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")


@symlinks
def test_symlink_to_a_file_outside_content(content, invalid):
    content.world()
    outside = content.root / "secret.md"
    outside.write_text(fm(INCIDENT))
    (content.dir / "incidents").mkdir()
    os.symlink(outside, content.dir / "incidents/x.md")
    invalid("content/incidents/x.md:1:1: error: symbolic link points outside the content folder; "
            "copy the file in instead")


@symlinks
def test_symlink_to_a_folder_outside_content(content, invalid):
    content.world()
    outside = content.root / "elsewhere"
    outside.mkdir()
    (outside / "x.md").write_text(fm(INCIDENT))
    os.symlink(outside, content.dir / "incidents")
    invalid("content/incidents:1:1: error: symbolic link points outside the content folder; "
            "copy the file in instead")


@symlinks
def test_symlink_to_nowhere(content, invalid):
    content.world()
    (content.dir / "incidents").mkdir()
    os.symlink(content.dir / "incidents/gone.md", content.dir / "incidents/x.md")
    invalid("content/incidents/x.md:1:1: error: symbolic link leads to a file that does not exist; "
            "fix the link or remove it")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_named_pipe_is_not_read(content, invalid):
    content.world()
    (content.dir / "incidents").mkdir()
    os.mkfifo(content.dir / "incidents/x.md")  # reading it would wait forever
    invalid("content/incidents/x.md:1:1: error: not a regular file (a pipe or a device); "
            "remove it from the content folder")


@symlinks
def test_symlink_inside_content_is_followed(content, valid):
    content.world()
    (content.dir / "incidents").mkdir()
    os.symlink(content.dir / "regions/kaluga-oblast.md", content.dir / "regions/kaluga.md")
    assert valid().out[0].startswith("content: 4 records valid (2 regions,")


def test_every_unreadable_file_is_reported_in_one_run(content, run):
    content.world()
    content.write_text("incidents/a.md", "")
    content.write_text("incidents/b.md", "title: X\n")
    content.write_bytes("incidents/c.md", b"---\ntitle: \xff\n---\n")
    result = run("validate")
    assert result.code == 1
    assert [line.split(": error:")[0] for line in result.problems] == [
        "content/incidents/a.md:1:1", "content/incidents/b.md:1:1", "content/incidents/c.md:2:8"]
    assert result.err[-1] == "3 problem(s) in 3 file(s)"


def test_file_far_over_the_size_limit(content, invalid):
    content.world()
    path = content.write_text("incidents/x.md", fm(INCIDENT))
    with open(path, "r+b") as handle:
        handle.truncate(3 * 1024 * 1024)  # padded with NUL bytes: the size is checked before anything else
    invalid("content/incidents/x.md:1:1: error: file is 3.0 MB; a record may be at most 2 MB: "
            "split it or move long text to a source")
