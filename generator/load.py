"""The front half of the pipeline in one call: read → validate → link."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from .errors import ContentError, Problem
from .link import Briefing, link
from .reader import RawRecord, read_content
from .validate import DEFAULT_FUTURE_TOLERANCE, ValidateCache, validate_records


def load(
    content_dir: Path, today: date | None = None, future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE
) -> Briefing:
    """The whole briefing, or ContentError with every problem of the whole content."""
    raws, problems = read_content(content_dir)
    return checked(raws, problems, today=today, future_tolerance=future_tolerance)


def checked(raws: list[RawRecord], problems: list[Problem], today: date | None = None,
            future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE, cache: ValidateCache | None = None) -> Briefing:
    """Records read (and the problems met reading them) → validated and linked, or ContentError with every
    problem. `mkdocs serve`'s session passes its validation cache (incremental.py)."""
    entries, found = validate_records(raws, today=today, future_tolerance=future_tolerance, cache=cache)
    problems = problems + found
    briefing, found = link(entries, raws)
    problems += found
    if problems:
        raise ContentError(problems)
    return briefing
