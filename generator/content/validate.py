"""Validate: raw records → typed models, and every problem with its line and column.

pydantic checks each field; this module turns its errors into messages a journalist
can act on, placed at the offending key or value, and adds the rules that span
several fields of one record (speaker or anonymous, a stance needs a reply …).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from datetime import date, timedelta

from pydantic import BaseModel, ValidationError

from generator.content.body_limits import body_limit_problem
from generator.content.dates import DateError, DateRange, FuzzyDate, parse_date
from generator.content.errors import Problem, problem_at
from generator.content.models import MODELS, RecordModel
from generator.content.reader import RawRecord
from generator.content.suggest import closest, did_you_mean
from generator.kinds import STANCES

DEFAULT_FUTURE_TOLERANCE = timedelta(days=2)


@dataclass(frozen=True)
class Entry:
    """A record that passed validation: its model, and its raw form for positions."""

    raw: RawRecord
    model: RecordModel
    # The raw record's, copied: read over and over by every stage, a property call each showed in
    # planning (bench/RESULTS.md). A record's path, kind and id never change in an entry.
    kind: str = field(init=False, repr=False, compare=False)
    id: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", self.raw.kind)
        object.__setattr__(self, "id", self.raw.id)


ValidateCache = dict  # path → (raw record, its entry or None, its problems)


def validate_records(
    raws: list[RawRecord], today: date | None = None, future_tolerance: timedelta = DEFAULT_FUTURE_TOLERANCE,
    cache: ValidateCache | None = None,
) -> tuple[list[Entry], list[Problem]]:
    """With a cache (kept by `mkdocs serve`), a raw record validated before, the same object that
    reader's cache returns for an unchanged file, is not validated again."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    latest = latest_allowed(today, future_tolerance)
    for raw in raws:
        known = cache.get(raw.path) if cache is not None else None
        if known is not None and known[0] is raw:
            problems.extend(known[2])
            if known[1] is not None:
                entries.append(known[1])
            continue
        entry, found = validate_record(raw, latest)
        problems.extend(found)
        if entry is not None:
            entries.append(entry)
        if cache is not None:
            cache[raw.path] = (raw, entry, found)
    if cache is not None and len(cache) > len(raws):
        for gone in cache.keys() - {raw.path for raw in raws}:
            del cache[gone]
    return entries, problems


def latest_allowed(today: date | None, future_tolerance: timedelta) -> date:
    """The latest date a record may give: today, and a little more for time zones."""
    return (today or date.today()) + future_tolerance


def validate_record(raw: RawRecord, latest: date) -> tuple[Entry | None, list[Problem]]:
    """One record's entry, or None and its problems."""
    # Rules across fields read the raw front matter, so they are reported even when
    # a field's type is wrong too: a contributor sees every problem in one run.
    found = list(_record_rules(raw))
    found += _body_limits(raw)
    found += _bidi_controls(raw, raw.data, ())
    model_cls = MODELS[raw.kind]
    try:
        model = model_cls.model_validate(raw.data)
    except ValidationError as err:
        found += _problems_of(err, raw, model_cls)
    else:
        found += _future_dates(raw, model, latest)
    return (None if found else Entry(raw, model)), found


def _problems_of(err: ValidationError, raw: RawRecord, model_cls: type[BaseModel]) -> list[Problem]:
    problems = []
    errors = err.errors(include_url=False)
    # 'titel:' is one mistake, not two: when an unknown field is a near miss of a missing one,
    # its "did you mean 'title'?" says it all, and "missing required field 'title'" is left out.
    misspelt = set()
    for error in errors:
        loc = _clean_loc(error["loc"])
        if error["type"] == "extra_forbidden" and loc and isinstance(loc[-1], str):
            guess = closest(loc[-1], _fields_at(model_cls, loc[:-1]))
            if guess is not None:
                misspelt.add(loc[:-1] + (guess,))
    for error in errors:
        loc = _clean_loc(error["loc"])
        kind = error["type"]
        if kind == "missing" and loc in misspelt:
            continue
        if kind == "extra_forbidden":
            problems.append(raw.problem(loc, _message(error, loc, model_cls), key=True))
        elif kind == "missing":
            # Point at the parent key (or the opening '---' for a top-level field).
            problems.append(raw.problem(loc[:-1], _message(error, loc, model_cls), key=True))
        elif error.get("input") is None and loc in raw.keys:
            # 'title:' with nothing after it: ruamel places the empty value on the next line.
            problems.append(raw.problem(loc, _message(error, loc, model_cls), key=True))
        else:
            problems.append(raw.problem(loc, _message(error, loc, model_cls)))
    return problems


def _clean_loc(loc: tuple) -> tuple:
    # pydantic adds validator names ('function-after[…]') to some locations; they are not keys.
    return tuple(part for part in loc if not (isinstance(part, str) and "[" in part))


def _field_name(loc: tuple) -> str:
    return next((part for part in reversed(loc) if isinstance(part, str)), "value")


def _describe(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a group of fields"
    return f"'{value}'"


def _message(error: dict, loc: tuple, model_cls: type[BaseModel]) -> str:
    kind, name, value = error["type"], _field_name(loc), error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "missing":
        return f"missing required field '{name}'"
    if value is None and kind not in ("extra_forbidden", "value_error") and loc:
        if isinstance(loc[-1], int):
            return f"{name} has an empty item ('-' with nothing after it); write its value or remove that line"
        return f"{name} is empty; write its value after '{name}:'"
    if kind == "extra_forbidden":
        allowed = _fields_at(model_cls, loc[:-1])
        return f"unknown field '{name}'{did_you_mean(name, allowed)}; allowed here: {', '.join(allowed)}"
    if kind == "literal_error":
        choices = [c.strip().strip("'") for c in ctx.get("expected", "").replace(" or ", ", ").split(",")]
        return (f"{_describe(value)} is not a valid {name}{did_you_mean(value, choices)}; "
                f"use one of: {', '.join(choices)}")
    if kind in ("value_error", "assertion_error"):
        message = str(ctx.get("error", error["msg"]))
        # Field checks say "is empty; …": the field's name completes the sentence.
        return f"{name} {message}" if message.startswith("is ") else message
    return _mismatch_message(error, kind, name, value, ctx)


def _mismatch_message(error: dict, kind: str, name: str, value, ctx: dict) -> str:
    """_message for a value of the wrong type, length or size; pydantic's own words for any other error."""
    if kind == "string_type":
        hint = " (put it in quotes)" if isinstance(value, (int, float, bool)) else ""
        return f"{name} must be text, not {_describe(value)}{hint}"
    if kind in ("int_type", "int_parsing", "int_from_float"):
        shown = value if isinstance(value, (int, float)) and not isinstance(value, bool) else _describe(value)
        return f"{name} must be a whole number, not {shown}"
    if kind in ("float_type", "float_parsing"):
        return f"{name} must be a number, not {_describe(value)}"
    if kind in ("bool_type", "bool_parsing"):
        return f"{name} must be true or false, not {_describe(value)}"
    if kind == "list_type":
        return f"{name} must be a list (one '- item' a line, or [a, b]), not {_describe(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"{name} must be a group of fields (name: value), not {_describe(value)}"
    if kind == "too_short":
        wanted = ctx.get("min_length", 1)
        return f"{name} needs at least {wanted} item{'s' if wanted != 1 else ''}"
    if kind == "too_long":
        return f"{name} has too many items; at most {ctx.get('max_length')}"
    if kind == "greater_than_equal":
        return f"{name} must be {ctx.get('ge')} or more, not {value}"
    return f"{name}: {error['msg']}"


def _fields_at(model_cls: type[BaseModel], loc: tuple) -> list[str]:
    """The field names allowed at loc inside model_cls, for 'did you mean' on unknown fields."""
    current: type[BaseModel] | None = model_cls
    for part in loc:
        if isinstance(part, int) or current is None:
            continue
        info = current.model_fields.get(part)
        current = _submodel(info.annotation) if info else None
    return sorted(current.model_fields) if current else []


def _submodel(annotation) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation) or ():
        if isinstance(arg, (type, types.GenericAlias, types.UnionType)) or typing.get_args(arg):
            found = _submodel(arg)
            if found:
                return found
    return None


def _record_rules(raw: RawRecord):
    """Rules across the fields of one record, on the raw front matter."""
    data = raw.data
    if raw.kind == "statement":
        has_speaker, has_anon = data.get("speaker") is not None, data.get("anonymous") is not None
        if has_speaker and has_anon:
            yield raw.problem(("anonymous",), "a statement has either a speaker or anonymous, not both; "
                              "remove one", key=True)
        elif not has_speaker and not has_anon:
            yield raw.problem((), "a statement needs a speaker (an actor id) or anonymous "
                              "(a description such as \"an official in the regional government\")")
        if data.get("responds_to") is not None and data.get("stance") is None:
            stances = [f"'stance: {stance}'" for stance in STANCES]
            yield raw.problem(("responds_to",), "a reply needs a stance: add " + ", ".join(stances[:-1])
                              + f" or {stances[-1]}", key=True)
        if data.get("stance") is not None and data.get("responds_to") is None:
            yield raw.problem(("stance",), "stance needs responds_to: the id of the statement this one answers",
                              key=True)
        if data.get("responds_to") == raw.id:
            yield raw.problem(("responds_to",), "a statement cannot respond to itself")
        if data.get("original") is not None and data.get("language") is None:
            yield raw.problem(("original",), "say which language the original is in: add 'language:' "
                              "with a tag such as ru", key=True)
        if not raw.body.strip():
            yield raw.problem((), "the statement has no text: write the quotation, in English, "
                              "below the closing '---'")
    if raw.kind == "measure" and data.get("until") is not None:
        try:
            start, until = parse_date(data.get("date")), parse_date(data["until"])
        except DateError:
            pass  # the date itself is reported by the model
        else:
            if until.chrono_key() < start.chrono_key():
                yield raw.problem(("until",), f"until ({until}) is before the measure's date ({start})")
    if raw.kind == "region" and data.get("parent") == raw.id:
        yield raw.problem(("parent",), "a region cannot be its own parent")
    if raw.kind == "actor" and data.get("affiliation") == raw.id:
        yield raw.problem(("affiliation",), "an actor cannot be affiliated with itself")


# Embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069) change the order in which the text after
# them is shown, past the end of the field: a right-to-left override in a name reverses the rest of its line
# on every page that shows it. Names in Arabic or Hebrew script show right to left without them. They are
# refused rather than isolated on the pages (<bdi>, dir="auto") so that the pages of every valid record stay
# as they are. The marks U+200E, U+200F and U+061C change no order beyond themselves and are allowed.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
_BIDI_NAMES = {"\u202a": "left-to-right embedding", "\u202b": "right-to-left embedding",
               "\u202c": "pop directional formatting", "\u202d": "left-to-right override",
               "\u202e": "right-to-left override", "\u2066": "left-to-right isolate",
               "\u2067": "right-to-left isolate", "\u2068": "first strong isolate",
               "\u2069": "pop directional isolate"}


def _bidi_controls(raw: RawRecord, value, loc: tuple):
    if isinstance(value, str):
        found = BIDI_CONTROLS.search(value)
        if found is not None:
            char = found[0]
            yield raw.problem(loc, f"text holds an invisible {_BIDI_NAMES[char]} (U+{ord(char):04X}), which "
                                   "changes the order the text after it is shown in; delete it (right-to-left "
                                   "text shows correctly without it)")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _bidi_controls(raw, item, loc + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _bidi_controls(raw, item, loc + (index,))


def _body_limits(raw: RawRecord):
    """A body that rendering would take minutes over, or overflow the stack on, is refused here, so that
    `validate` finds what `build` would meet (body_limits.body_limit_problem)."""
    over = body_limit_problem(raw.body)
    if over is not None:
        line, col, message = over
        yield problem_at(raw.path, raw.body_line + line, col, message)


def _future_dates(raw: RawRecord, model: RecordModel, latest: date):
    """A date beyond today (and a small tolerance for time zones) is a typo, not news."""
    for loc, value in _dates_of(model):
        if loc == ("until",):
            continue  # a measure announced "until 1 March" ends ahead of today, by design
        if value.earliest.first_day() > latest:  # a range may run on past today; its start may not
            yield raw.problem(loc, f"{value} is in the future; check the year and month")


def _dates_of(model: BaseModel, loc: tuple = ()):
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, (FuzzyDate, DateRange)):
            yield loc + (name,), value
        elif isinstance(value, BaseModel):
            yield from _dates_of(value, loc + (name,))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, BaseModel):
                    yield from _dates_of(item, loc + (name, index))
