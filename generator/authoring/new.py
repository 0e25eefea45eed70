"""`briefing new`: a new record file from its template, valid as written, never overwriting."""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2
from slugify import slugify

from generator.content.dates import DateError, parse_date
from generator.content.reader import SLUG, read_content
from generator.content.suggest import did_you_mean
from generator.kinds import ACTOR_KINDS, KIND_OF_FOLDER, KINDS, REGION_KINDS, SOURCE_KINDS, vocabularies

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator.authoring", "record_templates"),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # YAML and Markdown, not HTML: values are quoted by the yaml filter
)
# A JSON string is a valid YAML 1.2 double-quoted scalar: any title is safe in front matter.
_TEMPLATES.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)
# "a, b or c": the registry's vocabularies (kinds.py) as a record template's comment names them.
_TEMPLATES.filters["either"] = lambda words: ", ".join(words[:-1]) + " or " + words[-1]
_TEMPLATES.globals.update(vocabularies())

class NewRecordError(Exception):
    """The record cannot be made as asked; the message says what to give instead."""


@dataclass
class Choices:
    """Values a new record needs beyond its title; unset ones are filled from the content."""

    date: str | None = None
    regions: list[str] = field(default_factory=list)
    source: str | None = None
    speaker: str | None = None
    anonymous: str | None = None
    issuer: str | None = None
    status: str = "reported"
    parent: str | None = None
    region_kind: str = "other"
    actor_kind: str = "person"
    source_kind: str = "outlet"


def normalise_kind(kind: str) -> str:
    kind = kind.lower()
    if kind in KIND_OF_FOLDER:
        return KIND_OF_FOLDER[kind]
    if kind in KINDS:
        return kind
    raise NewRecordError(f"unknown kind '{kind}'; use one of: {', '.join(KINDS)}")


def new_record(content_dir: Path, kind: str, title: str, choices: Choices, today: date) -> tuple[Path, list[str]]:
    """Write the record; return its path and notes on values that were filled in for the user."""
    kind = normalise_kind(kind)
    if not title.strip():
        raise NewRecordError("the title is empty")
    _check_choices(choices)
    raws, _ = read_content(content_dir) if content_dir.is_dir() else ([], [])
    notes: list[str] = []
    context = {
        "title": title.strip(), "today": today.isoformat(), "date": choices.date or today.isoformat(),
        "regions": choices.regions, "source": choices.source, "speaker": choices.speaker,
        "anonymous": choices.anonymous, "issuer": choices.issuer, "status": choices.status,
        "parent": choices.parent, "region_kind": choices.region_kind,
        "actor_kind": choices.actor_kind, "source_kind": choices.source_kind,
        "schema": _schema_path(kind, content_dir / KINDS[kind].folder),
    }
    if kind in ("incident", "measure") and not choices.regions:
        context["regions"] = [_most_used(raws, "region", "regions", notes, "--region")]
    if kind in ("incident", "statement", "measure") and not choices.source:
        context["source"] = _most_used(raws, "source", "sources", notes, "--source")
    if kind == "statement" and not (choices.speaker or choices.anonymous):
        context["anonymous"] = "an unnamed source"
        notes.append("anonymous set to 'an unnamed source': describe the speaker, or use --speaker ACTOR-ID")
    if kind == "measure" and not choices.issuer:
        context["issuer"] = _most_used(raws, "actor", "issuer", notes, "--issuer")

    folder = content_dir / KINDS[kind].folder
    taken = {raw.id for raw in raws if raw.kind == kind}
    taken |= {a for raw in raws if raw.kind == kind for a in (raw.data.get("aliases") or []) if isinstance(a, str)}
    stem = _unique_id(title, taken, folder, kind, today)
    text = _TEMPLATES.get_template(f"{kind}.md.j2").render(context)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}.md"
    with open(path, "x", encoding="utf-8", newline="\n") as handle:  # 'x': never overwrite
        handle.write(text)
    return path, notes


def _check_choices(choices: Choices) -> None:
    """Options go into the file as written: a date that is not one, or an id with spaces, would
    make a record that fails validation (or, with a line break, add fields nobody asked for)."""
    if choices.date is not None:
        try:
            parse_date(choices.date)
        except DateError as err:
            raise NewRecordError(f"--date: {err}") from None
    ids = [("--region", r) for r in choices.regions] + [
        ("--source", choices.source), ("--speaker", choices.speaker), ("--issuer", choices.issuer),
        ("--parent", choices.parent)]
    for option, value in ids:
        if value is not None and not SLUG.fullmatch(value):
            raise NewRecordError(f"{option} {value!r} is not an id: ids are lowercase letters, digits and "
                                 "single hyphens, such as kaluga-oblast")


def _unique_id(title: str, taken: set[str], folder: Path, kind: str, today: date) -> str:
    base = slugify(title, max_length=60, word_boundary=True) or f"{kind}-{today.isoformat()}"
    # A file that could not be read is not among `taken`: look for its name in subfolders too.
    on_disk = {p.stem for p in folder.rglob("*.md")} if folder.is_dir() else set()
    stem, n = base, 2
    while stem in taken or stem in on_disk or (folder / f"{stem}.md").exists():
        stem, n = f"{base}-{n}", n + 1
    return stem


def _schema_path(kind: str, folder: Path) -> str:
    """Where the kind's JSON Schema is (schemas/ of the project, the working folder), seen from
    the new record's folder: the editor's modeline `# yaml-language-server: $schema=…`."""
    target = Path.cwd() / "schemas" / f"{kind}.schema.json"
    try:
        return Path(os.path.relpath(target, folder.resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return f"../../schemas/{kind}.schema.json"


def _most_used(raws, target: str, fieldname: str, notes: list[str], option: str) -> str:
    """The id most often referenced in `fieldname`, else the first id of that kind."""
    choice = _most_used_id(raws, target, fieldname)
    if choice is None:
        raise NewRecordError(f"there is no {target} yet; create one first: briefing new {target} \"NAME\"")
    notes.append(f"{fieldname} set to '{choice}' (the most used); change it in the file or pass {option}")
    return choice


def _most_used_id(raws, target: str, fieldname: str) -> str | None:
    counts: Counter[str] = Counter()
    for raw in raws:
        value = raw.data.get(fieldname)
        for item in value if isinstance(value, list) else [value]:
            ref = item.get("source") if isinstance(item, dict) else item
            if isinstance(ref, str):
                counts[ref] += 1
    known = sorted(raw.id for raw in raws if raw.kind == target)
    ranked = [ref for ref, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if ref in known]
    return (ranked or known or [None])[0]


# --- interactive: `briefing new` at a terminal asks for what the record needs -------------------

SHOWN_IDS = 40  # a longer list of known ids is cut, with a count of the rest


def ask_missing(content_dir: Path, kind: str, choices: Choices) -> Choices:
    """Ask (click.prompt) for each required value not given as an option, offering the known ids
    and the most used one as the default. Answers are checked as they are typed: an unknown id is
    asked again. Values with no known id to offer are left to new_record (which says what to do)."""
    import click

    kind = normalise_kind(kind)
    raws, _ = read_content(content_dir) if content_dir.is_dir() else ([], [])
    known = {k: {raw.id: _label(raw) for raw in raws if raw.kind == k} for k in ("region", "source", "actor")}

    def ask(target: str, question: str, fieldname: str, many: bool = False, optional: bool = False):
        return _ask_ids(raws, known[target], target, question, fieldname, many, optional)

    if kind in ("incident", "measure") and not choices.regions:
        choices.regions = ask("region", "Regions (ids, separated by commas)", "regions", many=True)
    if kind in ("incident", "statement", "measure") and not choices.source:
        choices.source = ask("source", "Source (id)", "source" if kind == "statement" else "sources")
    if kind == "statement" and not (choices.speaker or choices.anonymous):
        choices.speaker = ask("actor", "Speaker (actor id; leave empty for an anonymous source)", "speaker",
                              optional=True)
        if not choices.speaker:
            choices.anonymous = click.prompt(
                "Describe the anonymous source (such as: an official in the regional government)",
                value_proc=_one_line_text, err=True)
    if kind == "measure" and not choices.issuer:
        choices.issuer = ask("actor", "Issued by (actor id)", "issuer")
    if kind == "region":
        choices.region_kind = click.prompt("Kind of region", type=click.Choice(REGION_KINDS),
                                           default=choices.region_kind, err=True)
        if not choices.parent:
            choices.parent = ask("region", "Parent region (id; leave empty for none)", "parent", optional=True)
    if kind == "actor":
        choices.actor_kind = click.prompt("Kind of actor", type=click.Choice(ACTOR_KINDS),
                                          default=choices.actor_kind, err=True)
    if kind == "source":
        choices.source_kind = click.prompt("Kind of source", type=click.Choice(SOURCE_KINDS),
                                           default=choices.source_kind, err=True)
    return choices


def _ask_ids(raws, ids: dict[str, str], target: str, question: str, fieldname: str, many: bool,
             optional: bool):
    """ask_missing's question for the id (or ids, `many`) of a `target` record: the known ids `ids` (id: name)
    are listed, the most used in `fieldname` offered unless the value is `optional`; None (or []) when
    there is no id to offer."""
    import click

    if not ids:
        return [] if many else None
    shown = sorted(ids)[:SHOWN_IDS]
    click.echo(f"Known {KINDS[target].folder}: " + ", ".join(
        f"{i} ({ids[i]})" if ids[i] else i for i in shown)
        + (f" … and {len(ids) - len(shown)} more in content/{KINDS[target].folder}/"
           if len(ids) > len(shown) else ""),
        err=True)
    default = None if optional else _most_used_id(raws, target, fieldname)

    def check(text: str):
        values = [v.strip() for v in text.split(",") if v.strip()] if many else [text.strip()]
        values = [v for v in values if v]
        if not values and optional:
            return [] if many else None
        if not values:
            raise click.BadParameter("give at least one id")
        for value in values:
            if value not in ids:
                hint = did_you_mean(value, ids)
                raise click.BadParameter(f"unknown {target} '{value}'{hint}; use one of the ids listed above")
        return values if many else values[0]

    return click.prompt(question, default=default if default is not None else ("" if optional else None),
                        show_default=default is not None, value_proc=check, err=True)


def _label(raw) -> str:
    name = raw.data.get("name")
    return name.strip() if isinstance(name, str) else ""


def _one_line_text(text: str) -> str:
    import click

    text = " ".join(text.split())
    if not text:
        raise click.BadParameter("write a short description")
    return text
