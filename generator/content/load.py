"""The front half of the pipeline in one call: read → validate → link."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, timedelta
from pathlib import Path

from generator.content.errors import ContentError, Problem
from generator.content.link import Briefing, link
from generator.content.reader import RawRecord, read_listed, record_files
from generator.content.validate import (
    DEFAULT_FUTURE_TOLERANCE,
    Entry,
    ValidateCache,
    latest_allowed,
    validate_record,
    validate_records,
)


def load(
    content_dir: Path, today: date | None = None, future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE
) -> Briefing:
    """The whole briefing, or ContentError with every problem of the whole content. Each file is read and
    validated in one step (every problem of every file is reported, not only the first file's)."""
    with collector_paused():
        files, problems = record_files(content_dir)
        latest = latest_allowed(today, future_tolerance)
        loaded = [_read_and_validate(listed, latest) for listed in files]
        raws = [raw for raw, _, _, _ in loaded if raw is not None]
        entries = [entry for _, _, entry, _ in loaded if entry is not None]
        problems += [problem for _, found, _, _ in loaded for problem in found]
        problems += [problem for _, _, _, found in loaded for problem in found]
        briefing, found_linking = link(entries, raws)
    if problems or found_linking:
        raise ContentError(problems + found_linking)
    return briefing


def _read_and_validate(listed: tuple[str, str], latest: date) -> tuple[RawRecord | None, list[Problem],
                                                                       Entry | None, list[Problem]]:
    """(record, problems reading it, its entry, problems validating it)."""
    raw, found_reading = read_listed(listed)
    if raw is None:
        return None, found_reading, None, []
    entry, found_validating = validate_record(raw, latest)
    return raw, found_reading, entry, found_validating


@contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off while the records are built. They all live on, and the collector
    walked every one of them again each time the heap grew by a quarter, a cost that grows faster than
    the records (bench/RESULTS.md has the figures). Loading leaves no cycles behind (a collection after
    it finds a handful of objects), so nothing piles up meanwhile."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def checked(raws: list[RawRecord], problems: list[Problem], today: date | None = None,
            future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE, cache: ValidateCache | None = None) -> Briefing:
    """Records read (and the problems met reading them) → validated and linked, or ContentError with every
    problem. `mkdocs serve`'s session passes its validation cache (incremental.py)."""
    with collector_paused():  # the serve session's whole rebuilds validate and link here
        entries, found_validating = validate_records(raws, today=today, future_tolerance=future_tolerance, cache=cache)
        briefing, found_linking = link(entries, raws)
    problems = problems + found_validating + found_linking
    if problems:
        raise ContentError(problems)
    return briefing
