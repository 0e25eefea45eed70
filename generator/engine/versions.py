"""The library versions the engine's speed-ups were tested with, and the check each of them makes at import.

A speed-up that relies on a library's internals (a private name, the exact text or order of what the
library does) is only as right as the version it was checked against: tests/test_second_core.py and
tests/test_raw_html.py hold each to the plain path's output under these versions (the pins in
pyproject.toml). Under any other version the speed-up is off and the plain path runs, with a one-line
warning, so the site is the same either way, only slower.
"""

from __future__ import annotations

import importlib.metadata

from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger("briefing")

TESTED = {"mkdocs": "1.6.1", "markdown": "3.11.3", "jinja2": "3.1.6", "mkdocs-material": "9.8.2"}


def installed(distribution: str) -> str | None:
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None


def tested(speedup: str, *distributions: str) -> bool:
    """Whether every one of `distributions` is installed at its tested version; if not, says once (one line)
    that `speedup` is off."""
    differing = [f"{name} {installed(name)} (tested: {TESTED[name]})" for name in distributions
                 if installed(name) != TESTED[name]]
    if differing:
        log.warning(f"{speedup} is off, the plain path is taken: it relies on internals of "
                    f"{', '.join(differing)}")
    return not differing
