"""`briefing new`: a new record file from its template, valid as written, never overwriting."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2
from slugify import slugify

from .dates import DateError, parse_date
from .reader import FOLDER_OF_KIND, KIND_FOLDERS, SLUG, read_content

_TEMPLATES = jinja2.Environment(
    loader=jinja2.PackageLoader("generator", "record_templates"),
    keep_trailing_newline=True,
    undefined=jinja2.StrictUndefined,
    autoescape=False,  # YAML and Markdown, not HTML: values are quoted by the yaml filter
)
# A JSON string is a valid YAML 1.2 double-quoted scalar: any title is safe in front matter.
_TEMPLATES.filters["yaml"] = lambda text: json.dumps(text, ensure_ascii=False)

KINDS = tuple(FOLDER_OF_KIND)


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
    if kind in KIND_FOLDERS:
        return KIND_FOLDERS[kind]
    if kind in FOLDER_OF_KIND:
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

    folder = content_dir / FOLDER_OF_KIND[kind]
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


def _most_used(raws, target: str, fieldname: str, notes: list[str], option: str) -> str:
    """The id most often referenced in `fieldname`, else the first id of that kind."""
    counts: Counter[str] = Counter()
    for raw in raws:
        value = raw.data.get(fieldname)
        for item in value if isinstance(value, list) else [value]:
            ref = item.get("source") if isinstance(item, dict) else item
            if isinstance(ref, str):
                counts[ref] += 1
    known = sorted(raw.id for raw in raws if raw.kind == target)
    ranked = [ref for ref, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])) if ref in known]
    choice = (ranked or known or [None])[0]
    if choice is None:
        raise NewRecordError(f"there is no {target} yet; create one first: briefing new {target} \"NAME\"")
    notes.append(f"{fieldname} set to '{choice}' (the most used); change it in the file or pass {option}")
    return choice
