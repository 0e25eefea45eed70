"""A fast reader for the plain front matter nearly every record has, on libyaml's C parser.

ruamel.yaml's round-trip loader (reader.py) keeps positions and refuses what records must not
hold, but it is pure Python, and was nearly all of loading (bench/RESULTS.md). PyYAML's CParser
(libyaml, already installed with MkDocs) gives the same events with line and column marks in a
small part of that time. No library builds positioned plain data from them,
so this walks the events by hand; it handles only the unambiguous case and answers None for
anything else (a syntax error, an anchor, alias, tag or merge key, a duplicate or non-text key,
a scalar whose YAML 1.2 type is not plainly text, a number, true/false or null, deep nesting),
so that ruamel reads those files and reports their errors exactly as before. The two readers
are held to the same output by tests/test_fast_yaml.py.
"""

from __future__ import annotations

import re

try:
    from yaml import CBaseLoader as _CParser  # libyaml's parser (events only are used)
    from yaml.events import (
        AliasEvent,
        DocumentEndEvent,
        DocumentStartEvent,
        MappingEndEvent,
        MappingStartEvent,
        ScalarEvent,
        SequenceEndEvent,
        SequenceStartEvent,
        StreamEndEvent,
        StreamStartEvent,
    )
except ImportError:  # PyYAML built without libyaml: every file takes ruamel's path
    _CParser = None

Loc = tuple
Positions = dict  # Loc → (line, column), 1-based in the record file

_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+")
_BOOL = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_NULL = {"", "~", "null", "Null", "NULL"}
# What a YAML 1.2 resolver might read as other than text (numbers in other notations, dates with
# times, .inf, merge and value keys): left to ruamel. Dates are text to us either way.
_AMBIGUOUS_START = re.compile(r"[-+.0-9<=]")
# Dates, months and date-times: text to a YAML 1.2 resolver (or a timestamp, which reader.py
# keeps as its text), never a number.
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}(?:-[0-9]{2}(?:[Tt ][0-9:.]*(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?)?)?")
# EDTF dates (content/dates.py): qualified, or two ends with a slash, an open end '..': text to YAML 1.2 too.
_EDTF_END = r"(?:\.\.|[0-9]{4}(?:-[0-9]{2}(?:-[0-9]{2})?)?[~?%]?)"
_EDTF = re.compile(rf"{_EDTF_END}(?:/{_EDTF_END})?")


class _Unusual(Exception):
    """Not the plain case: ruamel reads this file."""


def available() -> bool:
    return _CParser is not None


# YAML 1.1's line breaks besides \n (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR): text pasted from the web
# carries them, and libyaml's positions after one would be a line off.
_OTHER_BREAKS = ("\x85", "\u2028", "\u2029")


def load(yaml_text: str, max_depth: int, line_offset: int = 2) -> tuple[dict, Positions, Positions] | None:
    """(data, key positions, value positions) of front matter that is a plain mapping, or None.
    line_offset turns the parser's 0-based line in the front matter into the file's 1-based line."""
    if _CParser is None or "\t" in yaml_text:
        return None  # ruamel refuses some tabs libyaml allows: it has the final word on them
    if any(brk in yaml_text for brk in _OTHER_BREAKS):
        return None  # libyaml counts these as line breaks; the file's lines (and ruamel's) do not
    parser = _CParser(yaml_text)
    try:
        return _build(parser, max_depth, line_offset)
    except _Unusual:
        return None
    except Exception:  # noqa: BLE001 - any libyaml complaint: ruamel reads it and words the error
        return None
    finally:
        parser.dispose()


def _build(parser, max_depth: int, line_offset: int):
    events = iter(parser.get_event, None)
    _open_mapping(events)
    keys: Positions = {}
    values: Positions = {}
    root: dict = {}
    # Each open collection: (container, its loc, pending key of a mapping or None).
    stack: list[list] = [[root, (), None]]

    def where(event) -> tuple[int, int]:
        return (event.start_mark.line + line_offset, event.start_mark.column + 1)

    for event in events:
        top = stack[-1]
        container, loc = top[0], top[1]
        if isinstance(event, (MappingEndEvent, SequenceEndEvent)):
            stack.pop()
            if not stack:
                break
            continue
        if isinstance(container, dict) and top[2] is None:
            key = _key(event, container)
            top[2] = key
            keys[loc + (key,)] = where(event)
            continue
        if isinstance(container, dict):
            item_loc = loc + (top[2],)
            container[top[2]] = None  # keeps insertion order; filled below
            slot = top[2]
            top[2] = None
        else:
            item_loc = loc + (len(container),)
            container.append(None)
            slot = len(container) - 1
        values[item_loc] = where(event)
        _check_node(event)
        if isinstance(event, ScalarEvent):
            container[slot] = _scalar(event)
        elif isinstance(event, (MappingStartEvent, SequenceStartEvent)):
            if len(stack) > max_depth:
                raise _Unusual
            child = {} if isinstance(event, MappingStartEvent) else []
            container[slot] = child
            stack.append([child, item_loc, None])
        else:
            raise _Unusual
    if stack:
        raise _Unusual
    if not isinstance(next(events), DocumentEndEvent) or not isinstance(next(events), StreamEndEvent):
        raise _Unusual  # a second document
    return root, keys, values


def _open_mapping(events) -> None:
    """Reads the stream's start up to the mapping the front matter must be."""
    if not isinstance(next(events), StreamStartEvent) or not isinstance(next(events), DocumentStartEvent):
        raise _Unusual
    first = next(events)
    if not isinstance(first, MappingStartEvent):
        raise _Unusual  # empty front matter or not a mapping: ruamel's path says what is wrong
    _check_node(first)


def _key(event, mapping: dict) -> str:
    """A key of `mapping`: only plain or quoted text, none that ruamel reads as other than text, no duplicate."""
    if not isinstance(event, ScalarEvent):
        raise _Unusual
    _check_node(event)
    key = event.value
    if _plain(event) and (key in _NULL or key in _BOOL or key == "<<" or _AMBIGUOUS_START.match(key)):
        raise _Unusual
    if key in mapping:
        raise _Unusual  # ruamel reports duplicates
    return key


def _check_node(event) -> None:
    if isinstance(event, AliasEvent) or getattr(event, "anchor", None) or getattr(event, "tag", None):
        raise _Unusual


def _plain(event) -> bool:
    return not event.style


def _scalar(event):
    text = event.value
    if not _plain(event):
        return text
    if not text:
        raise _Unusual  # ruamel places an empty value where the next node starts: leave it the wording
    if text in _NULL:
        return None
    if text in _BOOL:
        return _BOOL[text]
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    if _AMBIGUOUS_START.match(text) and not _DATE.fullmatch(text) and not _EDTF.fullmatch(text):
        raise _Unusual
    return text
