"""Reads: what a page (or a data row) looked at while it was made, for `mkdocs serve`'s incremental rebuilds.

While `mkdocs serve` renders, every read of the briefing is noted as a token in the set on top of
READS: a record's body shown (`("body", kind, id)`), a record looked up by id (`("record", kind, id)`)
and a key of a reverse index (`("index", name, key)`); walking a whole table notes `"*"` for the key.
After an edit, incremental.py renders again only the pages whose context changed or whose tokens
name something the edit changed. Outside a preview nothing is on the stack and a read costs a Python
call and one test of an empty list; a forked build worker, which never notes, makes the tables plain
dicts (stop_noting).

The briefing's tables note their own reads (Records, Index below), so a template or helper that
looks a record up by any route is seen, not only the routes someone remembered to mark.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager

Token = tuple  # ("body" | "record" | "index", kind or index name, id or key or "*")
EVERY = "*"  # the key of a token for a walk over a whole table

READS: list[set[Token]] = []


@contextmanager
def noting() -> Iterator[set[Token]]:
    """Collects, into the set it yields, the tokens read inside it; nested sets are added to the outer one."""
    found: set[Token] = set()
    READS.append(found)
    try:
        yield found
    finally:
        READS.pop()
        if READS:
            READS[-1].update(found)


def note(token: Token) -> None:
    if READS:
        READS[-1].add(token)


class _Noting:
    """A table of the briefing that notes, while a preview renders, the keys read from it (and EVERY for a walk)."""

    __slots__ = ()

    def _token(self, key) -> Token:
        raise NotImplementedError

    def __getitem__(self, key):
        if READS:
            READS[-1].add(self._token(key))
        return super().__getitem__(key)

    def get(self, key, default=None):
        if READS:
            READS[-1].add(self._token(key))
        return dict.get(self, key, default)

    def __contains__(self, key) -> bool:
        if READS:
            READS[-1].add(self._token(key))
        return dict.__contains__(self, key)

    def __iter__(self):
        if READS:
            READS[-1].add(self._token(EVERY))
        return dict.__iter__(self)

    def values(self):
        if READS:
            READS[-1].add(self._token(EVERY))
        return dict.values(self)

    def items(self):
        if READS:
            READS[-1].add(self._token(EVERY))
        return dict.items(self)


class Records(_Noting, dict):
    """One kind's records, id → entry, noting lookups while a page renders."""

    __slots__ = ("kind",)

    def __init__(self, kind: str, *args) -> None:
        super().__init__(*args)
        self.kind = kind

    def _token(self, key) -> Token:
        return ("record", self.kind, key)


class Index(_Noting, defaultdict):
    """A reverse index of the briefing (region → its incidents …), noting the keys a page reads."""

    __slots__ = ("name",)

    def __init__(self, name: str = "", factory=list) -> None:
        super().__init__(factory)
        self.name = name

    def __reduce__(self):  # defaultdict's would call __init__ with the factory alone
        return (type(self), (self.name, self.default_factory), None, None, iter(dict.items(self)))

    def _token(self, key) -> Token:
        return ("index", self.name, key)


class _UnnotedRecords(dict):
    """Records without the noting: the same layout, so an object's class may be switched (stop_noting)."""

    __slots__ = ("kind",)


class _UnnotedIndex(defaultdict):
    __slots__ = ("name",)


_UNNOTED = {Records: _UnnotedRecords, Index: _UnnotedIndex}


def stop_noting(tables) -> None:
    """Make these tables (Records and Index) plain dicts in place, in a process that will never note a read:
    a forked build worker. Each lookup is then dict's own, not a Python call: 13–15 % of rendering at 10,000
    incidents (bench/render_sample.py). The classes differ in methods only, so the tables' class is switched;
    nothing is copied."""
    for table in tables:
        plain = _UNNOTED.get(type(table))
        if plain is not None:
            table.__class__ = plain


def changed_keys(name: str, old: dict, new: dict) -> set[Token]:
    """The tokens of an index's keys whose lists differ between two briefings (and EVERY when any does)."""
    if dict.__eq__(old, new):
        return set()
    keys = {key for key in dict.keys(old) | dict.keys(new) if dict.get(old, key) != dict.get(new, key)}
    return {("index", name, key) for key in keys} | {("index", name, EVERY)}
