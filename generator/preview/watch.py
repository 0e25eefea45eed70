"""Watch: which record files an edit wrote, from the operating system's file events, for `mkdocs serve`.

MkDocs' live-reload server polls the folders it watches: every half second it lists and stats every file
below them, a record file each (in Python, taking the interpreter from the rebuild it runs beside: see
bench/RESULTS.md), and the session then stats them all again to find which changed. Instead the
plugin watches the content folder with watchdog's native observer (inotify on Linux, FSEvents on macOS,
ReadDirectoryChangesW on Windows): each file written is noted, then MkDocs' server is asked to rebuild
(plugin.py) or, failing that, a small signal file that MkDocs polls in the folder's place is touched; the
session reads only the files noted. A file is noted before the rebuild is asked for, so the rebuild finds it.

Anything but a record file written or replaced (a file removed or renamed away, a folder created, moved
or removed, events the system dropped) makes the next read a scan of the whole folder, as without a
watcher; so does the first read after the watcher starts. Hidden files (editors' swap and temporary
files) are not records (reader.py skips them) and are ignored.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from pathlib import Path

from watchdog.events import (
    EVENT_TYPE_CLOSED,
    EVENT_TYPE_CREATED,
    EVENT_TYPE_MODIFIED,
    EVENT_TYPE_MOVED,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer

log = logging.getLogger("mkdocs.plugins.briefing")

_WRITTEN = {EVENT_TYPE_MODIFIED, EVENT_TYPE_CLOSED}  # a file's bytes changed (and closed after writing)
_QUIET = {"opened", "closed_no_write", "attrib"}  # nothing a reader sees changed


class ContentWatcher(FileSystemEventHandler):
    """Notes the record files written below `folder` and touches `signal` after each change."""

    def __init__(self, folder: Path, signal: Path) -> None:
        self.folder = str(folder)
        self.signal = Path(signal)
        self._lock = threading.Lock()
        self._written: set[str] = set()
        self._whole = True  # the first read after starting scans the folder: edits before it were not seen
        self._observer = None
        self._touches = 0
        # Set by the plugin when MkDocs' server can be asked to rebuild at once: its poller would see the
        # signal up to half a second later. Returns whether it asked; the signal file is touched otherwise.
        self.wake: Callable[[], bool] | None = None

    @classmethod
    def start(cls, folder: Path, signal: Path) -> "ContentWatcher | None":
        """A running watcher, or None when the system's file events are not to be had (no inotify watches
        left, an unsupported file system): MkDocs then polls the folder itself, as without one."""
        watcher = cls(folder, signal)
        try:
            watcher.touch()
            observer = Observer()
            observer.schedule(watcher, watcher.folder, recursive=True)
            observer.daemon = True
            observer.start()
        except Exception as err:  # noqa: BLE001 - any failure leaves MkDocs' own polling, which works everywhere
            log.info(f"watching {folder} by polling it ({err})")
            return None
        watcher._observer = observer
        _OVERFLOWS.watchers.add(watcher)
        return watcher

    def stop(self) -> None:
        _OVERFLOWS.watchers.discard(self)
        if self._observer is not None:
            self._observer.stop()
            self._observer.join(timeout=5)
            self._observer = None

    def take(self) -> set[str] | None:
        """The files written since the last take, or None when the next read must scan the whole folder."""
        with self._lock:
            written, whole = self._written, self._whole
            self._written, self._whole = set(), False
        if whole or (self._observer is not None and not self._observer.is_alive()):
            return None
        return written

    def rescan(self) -> None:
        """The next read scans the whole folder (events were lost)."""
        with self._lock:
            self._whole = True
        self.touch()

    def touch(self) -> None:
        """Have MkDocs rebuild: wake it, or change the signal file, which it polls."""
        self._touches += 1
        if self.wake is not None and self.wake():
            return
        self.signal.parent.mkdir(parents=True, exist_ok=True)
        self.signal.write_text(f"content changed ({os.getpid()}, {self._touches})\n", encoding="utf-8")

    def _hidden(self, path: str) -> bool:
        relative = os.path.relpath(path, self.folder)
        return any(part.startswith(".") for part in Path(relative).parts) or relative == os.pardir \
            or relative.startswith(os.pardir + os.sep)

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in _QUIET or (event.is_directory and event.event_type == EVENT_TYPE_MODIFIED):
            return  # a folder's time changes with the files made or removed in it, which say so themselves
        source = os.fsdecode(event.src_path)
        target = os.fsdecode(event.dest_path) if event.event_type == EVENT_TYPE_MOVED else ""
        with self._lock:
            if event.is_directory:
                if self._hidden(source) and (not target or self._hidden(target)):
                    return  # .git and the like: the reader does not look inside
                self._whole = True
            elif event.event_type in _WRITTEN or event.event_type == EVENT_TYPE_CREATED:
                if self._hidden(source):
                    return
                self._written.add(source)  # a new file is not in the reader's cache: it scans the folder
            elif event.event_type == EVENT_TYPE_MOVED:
                if self._hidden(source) and self._hidden(target):
                    return
                if not self._hidden(source):
                    self._whole = True  # a record renamed or moved away
                if not self._hidden(target):
                    self._written.add(target)  # an editor's safe save: a temporary file renamed over the record
            else:  # deleted
                if self._hidden(source):
                    return
                self._whole = True
        try:
            self.touch()
        except OSError as err:
            log.warning(f"could not signal a change to MkDocs ({self.signal}: {err}); save again to rebuild")


class _Overflows(logging.Handler):
    """watchdog only logs that the system dropped events (its inotify queue overflowed): every watcher
    then scans its whole folder at the next read."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.watchers: set[ContentWatcher] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if "overflow" in record.getMessage().lower():
            for watcher in list(self.watchers):
                watcher.rescan()


_OVERFLOWS = _Overflows()
logging.getLogger("watchdog.observers").addHandler(_OVERFLOWS)
