"""'Did you mean …?' hints for mistyped ids, fields and values."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def closest(word: str, choices: Iterable[str]) -> str | None:
    choices = sorted(set(choices))
    matches = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if matches:
        return matches[0]
    # A prefix is a good guess too: 'kaluga' for 'kaluga-oblast'.
    prefixed = [c for c in choices if word and (c.startswith(word + "-") or word.startswith(c + "-"))]
    return prefixed[0] if prefixed else None


def did_you_mean(word: object, choices: Iterable[str]) -> str:
    """A suffix such as " (did you mean 'kaluga-oblast'?)", or '' when nothing is close."""
    if not isinstance(word, str):
        return ""
    match = closest(word, choices)
    return f" (did you mean '{match}'?)" if match else ""
