"""The front half of the pipeline in one call: read → validate → link."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from .errors import ContentError
from .link import Briefing, link
from .reader import read_content
from .validate import DEFAULT_FUTURE_TOLERANCE, validate_records


def load(
    content_dir: Path, today: date | None = None, future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE
) -> Briefing:
    """The whole briefing, or ContentError with every problem of the whole content."""
    raws, problems = read_content(content_dir)
    entries, found = validate_records(raws, today=today, future_tolerance=future_tolerance)
    problems += found
    briefing, found = link(entries, raws)
    problems += found
    if problems:
        raise ContentError(problems)
    return briefing
