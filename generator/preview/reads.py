"""Reads: what a page (or a list, or a data row) read of the briefing while it was made, for `briefing serve`.

A preview hands the stages `traced(briefing)`: the same records and reverse indices in tables that note
every lookup, and a Recorder as the briefing's trace (content/trace.py). While a page renders, the
recorder collects the tokens of what it read: a record's body shown (`("body", kind, id)`, through
Briefing.body), a record looked up by id (`("record", kind, id)`) and a key of a reverse index
(`("index", name, key)`); walking a whole table notes EVERY for the key. After an edit,
incremental.py renders again only the pages whose context changed or whose tokens name something the
edit changed.

The tables note their own reads, so a template or helper that looks a record up by any route is seen,
not only the routes someone remembered to mark. A build never sees any of this: its briefing has plain
dicts and the trace that notes nothing.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from generator.content.link import Briefing
from generator.content.trace import EVERY, Token


class Recorder:
    """A preview's trace: a stack of token sets, one for each page, list or row being made; what is read is
    noted in the innermost, and an inner set is added to the outer one when it closes."""

    active = True

    def __init__(self) -> None:
        self.stack: list[set[Token]] = []

    def note(self, token: Token) -> None:
        if self.stack:
            self.stack[-1].add(token)

    def note_all(self, tokens: Iterable[Token]) -> None:
        if self.stack:
            self.stack[-1].update(tokens)

    @contextmanager
    def collecting(self) -> Iterator[set[Token]]:
        found: set[Token] = set()
        self.stack.append(found)
        try:
            yield found
        finally:
            self.stack.pop()
            if self.stack:
                self.stack[-1].update(found)


class _Noting:
    """A table of the briefing that notes, in its recorder, the keys read from it (and EVERY for a walk)."""

    __slots__ = ()

    def _token(self, key) -> Token:
        raise NotImplementedError

    def __getitem__(self, key):
        self.recorder.note(self._token(key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        self.recorder.note(self._token(key))
        return super().get(key, default)

    def __contains__(self, key) -> bool:
        self.recorder.note(self._token(key))
        return super().__contains__(key)

    def __iter__(self):
        self.recorder.note(self._token(EVERY))
        return super().__iter__()

    def values(self):
        self.recorder.note(self._token(EVERY))
        return super().values()

    def items(self):
        self.recorder.note(self._token(EVERY))
        return super().items()


class NotingRecords(_Noting, dict):
    """One kind's records, id → entry."""

    __slots__ = ("kind", "recorder")

    def __init__(self, kind: str, recorder: Recorder, records: dict) -> None:
        super().__init__(records)
        self.kind, self.recorder = kind, recorder

    def _token(self, key) -> Token:
        return ("record", self.kind, key)


class NotingIndex(_Noting, defaultdict):
    """A reverse index of the briefing (region → its incidents …), named after its field."""

    __slots__ = ("name", "recorder")

    def __init__(self, name: str, recorder: Recorder, index: dict) -> None:
        super().__init__(list, index)
        self.name, self.recorder = name, recorder

    def _token(self, key) -> Token:
        return ("index", self.name, key)


def traced(briefing: Briefing) -> Briefing:
    """The briefing as a preview hands it to the stages: its tables copied into noting ones (the entries and
    lists are the same objects), its caches shared, and a Recorder as its trace."""
    if isinstance(briefing.trace, Recorder):
        return briefing
    recorder = Recorder()
    indices = {name: NotingIndex(name, recorder, index) for name, index in briefing.indices().items()}
    records = {kind: NotingRecords(kind, recorder, by_id) for kind, by_id in briefing.records.items()}
    return dataclasses.replace(briefing, records=records, trace=recorder, **indices)


def changed_keys(name: str, old: dict, new: dict) -> set[Token]:
    """The tokens of an index's keys whose lists differ between two briefings (and EVERY when any does)."""
    if dict.__eq__(old, new):
        return set()
    keys = {key for key in dict.keys(old) | dict.keys(new) if dict.get(old, key) != dict.get(new, key)}
    return {("index", name, key) for key in keys} | {("index", name, EVERY)}
