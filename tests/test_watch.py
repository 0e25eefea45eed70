"""A preview learns which record files an edit wrote from the system's file events (generator/preview/watch.py):
it reads those alone, scans the whole folder when files came or went, and signals MkDocs to rebuild."""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

import pytest
from test_serve import _wait_for

from generator.content import reader
from generator.generate import generate
from generator.preview.incremental import Session
from generator.preview.watch import ContentWatcher

from site_fixture import read_tree, write_content


def _until(predicate, seconds: float = 10.0):
    return _wait_for(predicate, seconds) or predicate()


@pytest.fixture
def watched(tmp_path):
    content = write_content(tmp_path)
    watcher = ContentWatcher.start(content, tmp_path / "build" / ".generated.changed")
    assert watcher is not None, "this machine's file events (inotify) could not be had"
    try:
        yield content, watcher
    finally:
        watcher.stop()


def _signalled(watcher: ContentWatcher, before: str) -> bool:
    return watcher.signal.read_text(encoding="utf-8") != before


def _whole(content: Path, tmp_path: Path) -> dict[str, str]:
    fresh = tmp_path / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    generate(content, fresh)
    return read_tree(fresh)


def test_an_edit_is_read_alone_and_signalled(watched, tmp_path, monkeypatch):
    content, watcher = watched
    assert watcher.take() is None  # the first read after starting scans the folder
    session, out = Session(), tmp_path / "generated"
    session.generate(content, out)
    record = content / "incidents" / "kaluga-earlier.md"
    before = watcher.signal.read_text(encoding="utf-8")
    record.write_text(record.read_text(encoding="utf-8").replace("status: claimed", "status: disputed"),
                      encoding="utf-8")
    assert _until(lambda: _signalled(watcher, before)), "MkDocs' signal file was not touched"
    time.sleep(0.3)  # every event of the save (written, then closed)
    written = watcher.take()
    assert written == {str(record)}

    def no_scan(*args):
        raise AssertionError("the folder was scanned though the watcher said which file was written")

    monkeypatch.setattr(reader, "_record_files", no_scan)
    session.generate(content, out, written=written)
    assert session.last_mode == "fields"
    monkeypatch.undo()
    assert read_tree(out) == _whole(content, tmp_path)
    assert watcher.take() == set()  # nothing since


def test_an_editors_safe_save_counts_as_the_record_written(watched):
    content, watcher = watched
    watcher.take()
    record = content / "incidents" / "kaluga-earlier.md"
    temporary = record.with_name(".kaluga-earlier.md.tmp1234")
    temporary.write_text(record.read_text(encoding="utf-8") + "\nMore text.\n", encoding="utf-8")
    os.replace(temporary, record)
    assert _until(lambda: str(record) in (watcher._written or ()))
    assert watcher.take() == {str(record)}


def test_hidden_files_are_not_records_and_change_nothing(watched):
    content, watcher = watched
    watcher.take()
    before = watcher.signal.read_text(encoding="utf-8")
    (content / "incidents" / ".kaluga-earlier.md.swp").write_text("swap", encoding="utf-8")
    (content / ".git").mkdir()
    time.sleep(1.0)
    assert watcher.take() == set()
    assert not _signalled(watcher, before)


@pytest.mark.parametrize("change", ["added", "removed", "renamed", "folder"])
def test_files_that_come_or_go_make_the_next_read_scan_the_folder(watched, tmp_path, change):
    content, watcher = watched
    watcher.take()
    session, out = Session(), tmp_path / "generated"
    session.generate(content, out)
    record = content / "incidents" / "kaluga-earlier.md"
    before = watcher.signal.read_text(encoding="utf-8")
    if change == "added":
        shutil.copy(record, content / "incidents" / "kaluga-copy.md")
    elif change == "removed":
        record.unlink()
    elif change == "renamed":
        record.rename(record.with_name("kaluga-renamed.md"))
    else:
        (content / "incidents" / "2026").mkdir()
        shutil.move(str(record), content / "incidents" / "2026" / record.name)
    assert _until(lambda: _signalled(watcher, before))
    time.sleep(0.2)  # every event of the change
    written = watcher.take()
    # a new file is one the reader's cache does not hold: it scans the folder itself
    assert written is None or (change == "added" and written == {str(content / "incidents" / "kaluga-copy.md")})
    session.generate(content, out, written=written)
    assert read_tree(out) == _whole(content, tmp_path)


def test_events_the_system_dropped_make_the_next_read_scan_the_folder(watched):
    content, watcher = watched
    watcher.take()
    logging.getLogger("watchdog.observers.inotify_c").warning("Inotify queue overflowed; filesystem events were lost")
    assert watcher.take() is None


@pytest.mark.parametrize("cache_class", [dict, reader.ReadCache])  # the session's keeps the last read's records
def test_reading_the_written_files_gives_what_a_scan_gives(tmp_path, cache_class):
    content = write_content(tmp_path)
    cache = cache_class()
    first, problems = reader.read_content(content, cache)
    assert not problems and list(cache) == [str(raw.path) for raw in first]
    record = content / "incidents" / "kaluga-earlier.md"
    record.write_text(record.read_text(encoding="utf-8") + "\nMore.\n", encoding="utf-8")
    again = reader.read_content(content, cache, written={str(record)})
    assert again == reader.read_content(content, {})
    assert [a is b for a, b in zip(again[0], first, strict=False)].count(
        False
    ) == 1  # the others are the cached records
    # a written file that now has a problem, then its fix: each read as a scan reads it
    statement = next((content / "statements").rglob("*.md"))
    text = statement.read_text(encoding="utf-8")
    statement.write_text(text.replace("date:", "date: [", 1), encoding="utf-8")
    broken = reader.read_content(content, cache, written={str(statement)})
    assert broken == reader.read_content(content, {}) and broken[1]
    statement.write_text(text, encoding="utf-8")
    assert reader.read_content(content, cache, written={str(statement)}) == reader.read_content(content, {})
    record.write_text(record.read_text(encoding="utf-8") + "\nAnd more.\n", encoding="utf-8")
    assert reader.read_content(content, cache, written={str(record), str(statement)}) == \
        reader.read_content(content, {})
    # a path the cache does not hold (a new file): the folder is scanned, and the cache is in its order again
    added = content / "incidents" / "a-new-one.md"
    shutil.copy(record, added)
    assert reader.read_content(content, cache, written={str(added)}) == reader.read_content(content, {})
    assert list(cache) == [str(raw.path) for raw in reader.read_content(content, {})[0]]


def test_a_watcher_that_can_wake_mkdocs_does_not_touch_the_signal(watched):
    """The plugin gives the watcher a way to ask MkDocs' server to rebuild at once (plugin._rebuild_asker);
    the signal file, which MkDocs polls every half second, is then left alone: touching it too would start a
    second rebuild. Without one (asker returns False) the signal is touched."""
    from mkdocs.livereload import LiveReloadServer

    from generator.engine.plugin import _rebuild_asker

    content, watcher = watched
    watcher.take()  # the first read after starting scans the folder
    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(content))  # not bound
    asker = _rebuild_asker(server)
    assert asker is not None, "the pinned MkDocs' server no longer has what the plugin asks it through"
    asks = []
    watcher.wake = lambda: asks.append(asker()) or True
    before = watcher.signal.read_text(encoding="utf-8")
    record = content / "incidents" / "kaluga-earlier.md"
    _append_line(record)
    assert _until(lambda: asks), "the watcher did not ask for a rebuild"
    assert server._want_rebuild is True
    assert watcher.signal.read_text(encoding="utf-8") == before
    assert str(record) in watcher.take()

    watcher.wake = lambda: False  # could not ask
    _append_line(record)
    assert _until(lambda: _signalled(watcher, before)), "MkDocs' signal file was not touched"
    assert _rebuild_asker(object()) is None  # a server unlike MkDocs': the signal file is used


def _append_line(path: Path) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\nOne more line.\n")
