"""Trace: where the stages report what they read of the briefing, for a preview that wants to know.

A build wants nothing: a briefing's trace is UNTRACED, whose calls do nothing, and its tables are
plain dicts. `briefing serve` hands the stages a briefing wrapped by generator/preview/reads.py, whose
tables note every lookup and whose trace collects the notes per page, so that after an edit it renders
again only the pages that read something the edit changed.

The stages speak to the trace only where a table lookup cannot show what they read: a record's body
(Briefing.body), an order or a grouping cached on the briefing (noted each time it is used), and the
collection of what one page, one list or one data row read (`collecting`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

# What was read: ("body", kind, id) a record's text shown, ("record", kind, id) a record looked up,
# ("index", name, key) a key of a reverse index; EVERY as the id or key for a walk over a whole table.
Token = tuple
EVERY = "*"


class Untraced:
    """The trace of a build: nothing is noted, nothing collected."""

    active = False

    def note(self, token: Token) -> None:
        pass

    def note_all(self, tokens: Iterable[Token]) -> None:
        pass

    @contextmanager
    def collecting(self) -> Iterator[set[Token]]:
        yield set()


UNTRACED = Untraced()
