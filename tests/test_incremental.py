"""`mkdocs serve`'s incremental rebuilds (generator/preview/incremental.py): after any edit the generated
folder is byte for byte what a whole generate of the same content writes; an edit to a record's
text alone re-renders only the pages that show it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from generator.content import reader
from generator.content.errors import ContentError
from generator.generate import generate
from generator.pages import urls
from generator.pages.render import SiteSettings
from generator.pages.urls import INDEX_PAGES
from generator.preview.incremental import Session

from site_fixture import ROOT, read_tree, write_content

sys.path.insert(0, str(ROOT / "bench"))
import synth  # noqa: E402

SMALL_PAGES = SiteSettings(page_size=3)  # listings continue on numbered pages, as at scale


def _whole(content: Path, tmp_path: Path, settings: SiteSettings) -> dict[str, str]:
    """What a whole generate (as `briefing build`) writes for this content, in a fresh folder."""
    fresh = tmp_path / "fresh"
    if fresh.exists():
        import shutil
        shutil.rmtree(fresh)
    generate(content, fresh, settings=settings)
    return read_tree(fresh)


def _append(path: Path, text: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(text)


@pytest.fixture
def fixture_content(tmp_path):
    return write_content(tmp_path / "project")


def test_a_text_edit_to_any_record_rewrites_only_what_shows_it(fixture_content, tmp_path):
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.last_mode == "whole"
    total = len(read_tree(out))
    for number, path in enumerate(sorted(fixture_content.rglob("*.md"))):
        record_id = path.stem
        _append(path, f"\nAdded in edit {number}: *zqmark{number}zq*.\n")
        result = session.generate(fixture_content, out, settings=SMALL_PAGES)
        assert session.last_mode == "bodies", path
        assert read_tree(out) == _whole(fixture_content, tmp_path, SMALL_PAGES), path
        written = result.stats.written
        # the record's own page at least, and far from everything
        assert 1 <= written < total / 2, (path, written)
        shown = [p for p, text in read_tree(out).items() if f"zqmark{number}zq" in text]
        assert any(record_id in p for p in shown), (path, shown)


def test_edits_to_synthetic_content_with_threads_and_pagination(tmp_path):
    """Quotes shown on many pages (speakers, regions, incidents, threads) and paginated lists."""
    content = tmp_path / "content"
    synth.synthesise(content, 40, seed=3)
    out = tmp_path / "generated"
    session = Session()
    session.generate(content, out, settings=SMALL_PAGES)
    for kind in ("statements", "incidents", "measures", "regions", "actors", "sources"):
        files = sorted((content / kind).rglob("*.md"))
        for path in (files[0], files[len(files) // 2]):
            _append(path, "\nA correction with *emphasis*.\n")
            session.generate(content, out, settings=SMALL_PAGES)
            assert session.last_mode == "bodies", path
            assert read_tree(out) == _whole(content, tmp_path, SMALL_PAGES), path


# Field edits the harness below makes, by kind: (field, how its value changes). Each is a line of the
# front matter; a value in quotes keeps them.
FIELD_EDITS = {
    "incidents": [
        ("title", "prefix"),
        ("status", {"confirmed": "disputed", "claimed": "denied", "disputed": "reported"}),
        ("date", "earlier"),
        (
            "regions",
            {"[obninsk]": "[kaluga-oblast]", "[kaluga-oblast]": "[russia]", "[russia]": "[central-federal-district]"},
        ),
    ],
    "statements": [
        ("date", "earlier"),
        (
            "speaker",
            {"stefan-pervalov": "nato-spokesperson", "nato-spokesperson": "nasty-actor", "nasty-actor": "nato"},
        ),
        ("anonymous", "prefix"),
    ],
    "measures": [("title", "prefix"), ("state", {"announced": "in-force"}), ("date", "earlier")],
    "regions": [
        ("name", "prefix"),
        ("parent", {"kaluga-oblast": "central-federal-district", "central-federal-district": "russia"}),
    ],
    "actors": [("name", "prefix"), ("role", "prefix"), ("affiliation", {"nato": "stefan-pervalov"})],
    "sources": [("name", "prefix"), ("kind", {"outlet": "agency", "agency": "outlet"})],
}


def _edit_field(path: Path, name: str, change, number: int) -> bool:
    """Change one field of a record's front matter; whether the record has it."""
    head, sep, body = path.read_text(encoding="utf-8").partition("\n---\n")
    lines = head.split("\n")
    for index, line in enumerate(lines):
        if not line.startswith(f"{name}: "):
            continue
        value = line[len(name) + 2:]
        if change == "prefix":
            value = value[0] + f"Edited {number} " + value[1:] if value[0] in "'\"" else f"Edited {number} {value}"
        elif change == "earlier":  # a day, a month or a year earlier: the order of lists changes
            year, month, day, rest = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?(.*)", value).groups()
            if day and int(day) > 1:
                day = f"{int(day) - 1:02d}"
            elif month and int(month) > 1:
                month = f"{int(month) - 1:02d}"
            else:
                year = str(int(year) - 1)
            value = "-".join(part for part in (year, month, day) if part) + rest
        elif callable(change):
            value = change(value)
        elif value in change:
            value = change[value]
        else:
            return False
        lines[index] = f"{name}: {value}"
        path.write_text("\n".join(lines) + sep + body, encoding="utf-8")
        return True
    return False


def test_a_field_edit_to_any_record_renders_only_what_it_changes(fixture_content, tmp_path):
    """Every field edit the harness can make to every record: byte for byte a whole generate's files,
    without the whole pipeline (pages that appear are rendered, those that go away removed)."""
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    total = len(read_tree(out))
    modes = []
    for number, path in enumerate(sorted(fixture_content.rglob("*.md"))):
        for name, change in FIELD_EDITS[path.parent.name]:
            if not _edit_field(path, name, change, number):
                continue
            result = session.generate(fixture_content, out, settings=SMALL_PAGES)
            modes.append(session.last_mode)
            assert session.last_mode == "fields", (path, name)
            assert read_tree(out) == _whole(fixture_content, tmp_path, SMALL_PAGES), (path, name)
            if session.last_mode == "fields":  # a source every record cites shows on half the pages
                assert result.stats.written < total, (path, name, result.stats.written)
    assert len(modes) >= 25, modes


def test_field_edits_to_synthetic_content_with_threads_and_pagination(tmp_path):
    content = tmp_path / "content"
    synth.synthesise(content, 40, seed=3)
    out = tmp_path / "generated"
    session = Session()
    session.generate(content, out, settings=SMALL_PAGES)
    leaves = sorted(path.stem for path in (content / "regions").rglob("*.md"))[-2:]
    edits = {
        "incidents": [
            ("status", {s: t for s, t in zip(STATUS_CYCLE, STATUS_CYCLE[1:] + STATUS_CYCLE[:1], strict=False)}),
            ("date", "earlier"),
            ("title", "prefix"),
            ("regions", lambda value: f"[{leaves[0] if leaves[1] in value else leaves[1]}]"),
        ],
        "statements": [("date", "earlier"), ("stance", {"disputes": "supports", "supports": "disputes"})],
        "measures": [("date", "earlier"), ("title", "prefix")],
        "regions": [("name", "prefix")],
        "actors": [("name", "prefix")],
        "sources": [("name", "prefix")],
    }
    modes = []
    for kind, changes in edits.items():
        files = sorted((content / kind).rglob("*.md"))
        for number, path in enumerate((files[0], files[len(files) // 2])):
            for name, change in changes:
                if _edit_field(path, name, change, number):
                    session.generate(content, out, settings=SMALL_PAGES)
                    modes.append(session.last_mode)
                    assert read_tree(out) == _whole(content, tmp_path, SMALL_PAGES), (path, name)
    assert len(modes) >= 15 and set(modes) == {"fields"}, modes


STATUS_CYCLE = ["confirmed", "reported", "claimed", "disputed", "denied"]


def test_a_field_edit_plans_again_only_the_pages_of_the_records_it_touches(tmp_path):
    """Replan (preview/replan.py): a record whose pages' planning read nothing the edit changed keeps its Page objects,
    so neither planning nor comparing them costs anything; the edited record's pages are planned again,
    and so are the index pages that list its kind."""
    content = tmp_path / "content"
    synth.synthesise(content, 40, seed=3)
    out = tmp_path / "generated"
    session = Session()
    session.generate(content, out, settings=SMALL_PAGES)
    before = {page.path: page for page in session.site.pages}
    path = sorted((content / "incidents").rglob("*.md"))[5]
    assert _edit_field(
        path, "status", {s: t for s, t in zip(STATUS_CYCLE, STATUS_CYCLE[1:] + STATUS_CYCLE[:1], strict=False)}, 0
    )
    session.generate(content, out, settings=SMALL_PAGES)
    assert session.last_mode == "fields"
    assert read_tree(out) == _whole(content, tmp_path, SMALL_PAGES)
    after = {page.path: page for page in session.site.pages}
    own = next(page for page in after.values() if page.record == ("incident", path.stem))
    assert before[own.path] is not own
    records = [page for page in after.values() if page.record]
    kept = [page for page in records if before.get(page.path) is page]
    assert 0.8 * len(records) < len(kept) < len(records)
    # the index pages that list incidents are planned again; those that list other kinds are kept
    kept_indexes = {index for index in INDEX_PAGES if index in after and before[index] is after[index]}
    assert kept_indexes == {"quotes/index.md", "measures/index.md", "actors/index.md", "sources/index.md",
                            "briefings/index.md"}


def test_a_record_planned_again_keeps_its_lists_the_edit_left_alone(tmp_path):
    """Replan.section: a region planned again because one of its incidents changed plans its list
    of incidents again, and keeps its lists of statements and measures (the very Section, and the pages of
    their periods) when they hold the same records, none of them changed; a move to another region plans
    again the lists it changes."""
    content = tmp_path / "content"
    synth.synthesise(content, 40, seed=3)
    out = tmp_path / "generated"
    session = Session()
    session.generate(content, out, settings=SMALL_PAGES)

    def region_pages():
        return {page.record[1]: page for page in session.site.pages if page.record and page.record[0] == "region"}

    def listed_pages(region_id, kind):
        return {page.path: page for page in session.site.pages if page.path.startswith(f"regions/{region_id}/{kind}/")}

    before = region_pages()
    root = next(entry.id for entry in session.site.briefing["region"].values() if entry.model.parent is None)
    statements_before = listed_pages(root, "statements")
    assert statements_before, "the root region's statements run past a page"
    path = sorted((content / "incidents").rglob("*.md"))[5]
    assert _edit_field(
        path, "status", {s: t for s, t in zip(STATUS_CYCLE, STATUS_CYCLE[1:] + STATUS_CYCLE[:1], strict=False)}, 0
    )
    session.generate(content, out, settings=SMALL_PAGES)
    assert read_tree(out) == _whole(content, tmp_path, SMALL_PAGES)
    after = region_pages()
    assert after[root] is not before[root]  # planned again: it lists the edited incident
    assert after[root].context["incidents"] is not before[root].context["incidents"]
    assert after[root].context["statements"] is before[root].context["statements"]
    assert after[root].context["measures"] is before[root].context["measures"]
    # the list's pages are the very same; its chart (charts.py) is counted again, the same numbers, so it is not
    # drawn again (the preview compares the pages' contexts)
    listed = listed_pages(root, "statements")
    assert all(page is statements_before[path] for path, page in listed.items() if not path.endswith(".svg"))
    assert all(page.context == statements_before[path].context for path, page in listed.items())

    leaves = sorted(p.stem for p in (content / "regions").rglob("*.md"))[-2:]
    assert _edit_field(path, "regions", lambda value: f"[{leaves[0] if leaves[1] in value else leaves[1]}]", 1)
    session.generate(content, out, settings=SMALL_PAGES)
    assert session.last_mode == "fields"
    assert read_tree(out) == _whole(content, tmp_path, SMALL_PAGES)


def test_a_field_edit_shows_on_the_pages_listing_the_record(fixture_content, tmp_path):
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    path = fixture_content / "incidents/kaluga-earlier.md"
    path.write_text(path.read_text().replace("Drone shot down near Kaluga", "Two drones shot down near Kaluga"))
    result = session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.last_mode == "fields"
    tree = read_tree(out)
    assert tree == _whole(fixture_content, tmp_path, SMALL_PAGES)
    for shown in ("timeline/2026/10.md", "incidents/kaluga-earlier.md", "regions/kaluga-oblast.md", "sources/tass.md",
                  "data/incidents.csv"):
        assert "Two drones shot down near Kaluga" in tree[shown], shown
    assert result.stats.written < len(tree) / 2


def test_a_field_edit_that_adds_and_removes_pages(fixture_content, tmp_path):
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    path = fixture_content / "incidents/kaluga-earlier.md"
    path.write_text(path.read_text().replace("date: 2026-10-03", "date: 2024-05-03"))  # a month of its own
    result = session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.last_mode == "fields"
    tree = read_tree(out)
    assert tree == _whole(fixture_content, tmp_path, SMALL_PAGES) and "timeline/2024/05.md" in tree
    assert "timeline/2026/10.md" not in tree
    assert result.stats.removed == 1 and [page.path for page in result.pages].count("timeline/2024/05.md") == 1
    assert result.stats.written + result.stats.unchanged == len(tree) - 1  # the folder's marker file
    path.write_text(path.read_text().replace("date: 2024-05-03", "date: 2026-10-03"))
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.last_mode == "fields" and not (out / "timeline/2024").exists()  # no empty folder left
    assert read_tree(out) == _whole(fixture_content, tmp_path, SMALL_PAGES)


def test_a_bad_reference_is_reported_and_the_fix_is_incremental(fixture_content, tmp_path):
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    before = read_tree(out)
    path = fixture_content / "incidents/kaluga-earlier.md"
    good = path.read_text()
    path.write_text(good.replace("regions: [kaluga-oblast]", "regions: [kaluga-oblastt]"))
    with pytest.raises(ContentError) as caught:
        session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert "unknown region 'kaluga-oblastt'" in caught.value.problems[0].format()
    assert read_tree(out) == before
    path.write_text(good.replace("regions: [kaluga-oblast]", "regions: [obninsk]"))
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.last_mode == "fields"
    assert read_tree(out) == _whole(fixture_content, tmp_path, SMALL_PAGES)


def test_added_and_removed_records(fixture_content, tmp_path):
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out)
    added = fixture_content / "incidents/kaluga-later.md"
    added.write_text((fixture_content / "incidents/kaluga-earlier.md").read_text().replace("2026-10-03", "2026-10-05"))
    session.generate(fixture_content, out)
    assert session.last_mode == "whole" and "incidents/kaluga-later.md" in read_tree(out)
    added.unlink()
    session.generate(fixture_content, out)
    assert session.last_mode == "whole"
    assert read_tree(out) == _whole(fixture_content, tmp_path, SiteSettings())


def test_an_error_is_reported_and_the_next_good_edit_recovers(fixture_content, tmp_path):
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out)
    before = read_tree(out)
    path = fixture_content / "statements/nato-rebuttal.md"
    good = path.read_text()
    path.write_text(good.replace("---\nBut", "---\n") .replace("the evidence for this remains circumstantial.", ""))
    with pytest.raises(ContentError) as caught:
        session.generate(fixture_content, out)
    assert "nato-rebuttal.md" in caught.value.problems[0].format()
    assert read_tree(out) == before  # nothing written
    path.write_text(good + "\nAnd more.\n")
    session.generate(fixture_content, out)
    assert read_tree(out) == _whole(fixture_content, tmp_path, SiteSettings())


def test_nothing_changed_writes_nothing_and_reads_no_file_again(fixture_content, tmp_path, monkeypatch):
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out)
    calls = []
    real = reader.read_file
    monkeypatch.setattr(reader, "read_file", lambda path, kind: calls.append(path) or real(path, kind))
    result = session.generate(fixture_content, out)
    assert session.last_mode == "unchanged" and result.stats.written == 0 and calls == []
    edited = fixture_content / "sources/tass.md"
    _append(edited, "A news agency.\n")
    session.generate(fixture_content, out)
    assert calls == [edited]


def test_an_edited_template_renders_every_page_again(fixture_content, tmp_path, monkeypatch):
    """An override added to, then edited in, the project's site_templates/ (searched before the package's)."""
    from generator.pages import render

    monkeypatch.chdir(tmp_path)
    out = tmp_path / "generated"
    session = Session()
    session.generate(fixture_content, out)
    template = tmp_path / "site_templates" / "incident.md.j2"
    template.parent.mkdir()
    template.write_text((render.TEMPLATES_DIR / "incident.md.j2").read_text() + "\nOverridden template.\n")
    session.generate(fixture_content, out)
    assert session.last_mode == "whole"
    assert "Overridden template." in (out / "incidents" / "obninsk-drone-on-roof.md").read_text()
    template.write_text(template.read_text().replace("Overridden template.", "Edited override."))
    session.generate(fixture_content, out)
    assert session.last_mode == "whole"
    assert "Edited override." in read_tree(out)["incidents/kaluga-earlier.md"]


def test_the_feed_is_made_again_only_when_an_edit_reaches_it(tmp_path, monkeypatch):
    """feed.xml holds the newest entries (three here): an edit to an older record leaves it alone; one to a
    record it shows, or that brings a record into it, makes it again, as a whole generate makes it."""
    from datetime import date

    from generator.outputs import feed
    from generator.preview import incremental

    monkeypatch.setattr(feed, "FEED_LIMIT", 3)
    made = []
    real = incremental.atom_feed
    monkeypatch.setattr(incremental, "atom_feed", lambda *args, **kwargs: made.append(1) or real(*args, **kwargs))
    content = tmp_path / "content"
    synth.synthesise(content, 40, seed=3)
    out = tmp_path / "generated"
    session = Session()
    session.generate(content, out, settings=SMALL_PAGES)
    incidents = sorted((content / "incidents").rglob("*.md"))

    def shown() -> set[str]:
        return set(re.findall(r"<id>urn:briefing:incident:([^<:]+)</id>", (out / urls.FEED_PATH).read_text("utf-8")))

    def edit(path, name, change) -> bool:
        """Whether the edit made the feed again; the files are a whole generate's either way."""
        made.clear()
        assert _edit_field(path, name, change, 0)
        session.generate(content, out, settings=SMALL_PAGES)
        assert session.last_mode == "fields"
        assert read_tree(out) == _whole(content, tmp_path, SMALL_PAGES), (path, name)
        return bool(made)

    cycle = {s: t for s, t in zip(STATUS_CYCLE, STATUS_CYCLE[1:] + STATUS_CYCLE[:1], strict=False)}
    old = [path for path in incidents if path.stem not in shown()]
    edit(old[0], "status", cycle)  # the preview's first edit makes the feed, noting what it reads
    assert not edit(old[1], "status", cycle)  # an older incident: the feed is as it was
    newest = next(path for path in incidents if path.stem in shown())
    assert edit(newest, "status", cycle)  # one the feed shows
    # the feed is ordered by when a record was added or updated: one added today is now its newest
    added = next(path for path in old[2:] if re.search(r"^added: ", path.read_text(encoding="utf-8"), re.M))
    assert edit(added, "added", lambda value: date.today().isoformat())
    assert added.stem in shown()
    _append(next(path for path in old[2:] if path != added), "\nA correction.\n")
    made.clear()
    session.generate(content, out, settings=SMALL_PAGES)
    assert session.last_mode == "bodies" and not made  # a body the feed does not show
    _append(added, "\nA correction.\n")
    session.generate(content, out, settings=SMALL_PAGES)
    assert made and read_tree(out) == _whole(content, tmp_path, SMALL_PAGES)  # one it shows


def _dates(path: Path) -> list[str]:
    return re.findall(r"^date: (.+)$", path.read_text(encoding="utf-8"), re.M)[:1]


def test_a_preview_writes_the_downloadable_exports_after_the_pages(fixture_content, tmp_path):
    """With defer_downloads (the plugin's, in a preview) an edit writes its pages and the map's points, and
    the JSON and CSV exports only when asked (after the browser reloaded); they are then what a whole
    generate writes, and a generate that comes first writes them itself."""
    out = tmp_path / "generated"
    session = Session(defer_downloads=True)
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.deferred is None  # a whole generate writes every file
    before = read_tree(out)
    record = fixture_content / "incidents" / "obninsk-drone-on-roof.md"  # one with a point on the map
    record.write_text(record.read_text(encoding="utf-8").replace("Drone found on the roof",
                                                                 "Drone seen on the roof"), encoding="utf-8")
    result = session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.last_mode == "fields"
    now = read_tree(out)
    assert not any(path.startswith("data/incidents.") and path != "data/incidents.geojson"
                   for path in result.stats.paths), result.stats.paths
    assert now["data/incidents.json"] == before["data/incidents.json"]  # not yet
    assert "Drone seen on the roof" in now["data/incidents.geojson"]  # the map page loads it: written now
    written = session.write_deferred(out)
    assert set(written.paths) == {"data/incidents.json", "data/incidents.csv"}
    assert session.deferred is None and session.write_deferred(out).paths == []
    assert read_tree(out) == _whole(fixture_content, tmp_path, SMALL_PAGES)

    # a text edit, then another edit before the first's exports were asked for: the next generate writes them
    _append(record, "\nA second drone was seen later.\n")
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert session.last_mode == "bodies" and session.deferred is not None
    statement = sorted((fixture_content / "statements").rglob("*.md"))[0]
    _append(statement, "\nSaid again later.\n")
    session.generate(fixture_content, out, settings=SMALL_PAGES)
    assert "A second drone was seen later." in read_tree(out)["data/incidents.json"]
    session.write_deferred(out)
    assert read_tree(out) == _whole(fixture_content, tmp_path, SMALL_PAGES)
