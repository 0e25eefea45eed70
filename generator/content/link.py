"""Link: validated records → one Briefing with every reference resolved, both ways.

Forward references are checked here (they need every record); the reverse
indices (a region's incidents, a speaker's quotes, a source's citations …) are
built once so that planning pages is a matter of looking things up.
"""

from __future__ import annotations

import re
from bisect import insort
from collections import Counter, defaultdict
from dataclasses import dataclass, field, fields
from typing import Any

from generator.content.errors import Problem, display_path, problem_at
from generator.content.reader import SLUG, RawRecord
from generator.content.suggest import did_you_mean
from generator.content.trace import UNTRACED, Untraced
from generator.content.validate import Entry
from generator.kinds import KINDS, citing_kinds


def _reverse_index():
    """A reverse index of the briefing: key → list, in a field marked as an index (INDICES)."""
    return field(default_factory=lambda: defaultdict(list), metadata={"index": True})


@dataclass
class Briefing:
    records: dict[str, dict[str, Entry]]  # kind → id → entry, ids sorted
    aliases: dict[str, dict[str, str]]  # kind → old id → current id
    # The reverse indices (a preview's trace names each after its field: trace.Token).
    children: dict[str, list[str]] = _reverse_index()
    # region → incidents / statements / measures placed in it (directly, not its sub-regions)
    region_incidents: dict[str, list[str]] = _reverse_index()
    region_statements: dict[str, list[str]] = _reverse_index()
    region_measures: dict[str, list[str]] = _reverse_index()
    incident_statements: dict[str, list[str]] = _reverse_index()
    incident_measures: dict[str, list[str]] = _reverse_index()
    actor_statements: dict[str, list[str]] = _reverse_index()
    actor_incidents: dict[str, list[str]] = _reverse_index()
    actor_measures: dict[str, list[str]] = _reverse_index()
    actor_members: dict[str, list[str]] = _reverse_index()
    region_actors: dict[str, list[str]] = _reverse_index()
    replies: dict[str, list[str]] = _reverse_index()
    # source → (kind, id) of every record citing it
    source_citations: dict[str, list[tuple[str, str]]] = _reverse_index()
    statement_regions: dict[str, list[str]] = _reverse_index()
    # each kind's records newest first, sorted once for the planner, the exports and the feed (plan.newest_first)
    orders: dict[str, list[Entry]] = field(default_factory=dict, repr=False, compare=False)
    # the incidents by month (plan.months), grouped once: the planner and the timeline's filter index ask
    months: list | None = field(default=None, repr=False, compare=False)
    # each region's ancestors, found once: the planner, the exports and the pages ask for them over and over
    ancestry: dict[str, tuple[str, ...]] = field(default_factory=dict, repr=False, compare=False)
    # where the stages report what they read: nowhere in a build, a preview's recorder in `briefing serve`
    trace: Untraced = field(default=UNTRACED, repr=False, compare=False)

    def indices(self) -> dict[str, dict[str, Any]]:
        """Every reverse index by name (a preview compares two briefings' indices)."""
        return {name: getattr(self, name) for name in INDICES}

    def __getitem__(self, kind: str) -> dict[str, Entry]:
        return self.records[kind]

    def body(self, entry: Entry) -> str:
        """A record's Markdown body (its narrative, the quotation …): every stage that shows one asks here, so
        that a preview knows which pages show it."""
        self.trace.note(("body", entry.kind, entry.id))
        return entry.raw.body

    def ancestors(self, region_id: str) -> list[str]:
        """Parents from the nearest up to the root (cycles are refused before this is used)."""
        chain = self.ancestry.get(region_id)
        if chain is None:
            found = []
            parent = self.records["region"][region_id].model.parent
            while parent is not None:
                found.append(parent)
                parent = self.records["region"][parent].model.parent
            chain = self.ancestry[region_id] = tuple(found)
        elif self.trace.active:  # what walking up the tree read, noted again each time the cache answers
            self.trace.note_all(("record", "region", region) for region in (region_id, *chain))
        return list(chain)

    def best_grades(self, entry: Entry) -> tuple[str, str]:
        """The best grades among a record's citations, which the timeline filters by: the most reliable cited
        source's letter (A best; F, "cannot be judged", last) and the most credible citation's number (1 best;
        6 last), each "" where no citation is graded. The registry's orders are the alphabet's and the numbers'."""
        citations = [c for name in KINDS[entry.kind].citations for c in _citations(getattr(entry.model, name))]
        letters = [self.records["source"][c.source].model.reliability for c in citations]
        numbers = [c.credibility for c in citations]
        return min(filter(None, letters), default=""), str(min(filter(None, numbers), default=""))

    def descendants(self, region_id: str) -> list[str]:
        """The region itself and every region below it, depth first, in id order."""
        found, stack = [], [region_id]
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self.children.get(current, [])))
        return found


INDICES = tuple(f.name for f in fields(Briefing) if f.metadata.get("index"))


def link(entries: list[Entry], raws: list[RawRecord] | None = None) -> tuple[Briefing, list[Problem]]:
    """Entries are the valid records; raws are every record read, valid or not. References are
    checked on the raws, so a record with a bad field still has its references checked, and a
    reference to a record that exists but is invalid is not reported a second time as unknown."""
    raws = raws if raws is not None else [entry.raw for entry in entries]
    problems: list[Problem] = []
    records: dict[str, dict[str, Entry]] = {kind: {} for kind in KINDS}
    for entry in sorted(entries, key=lambda e: (e.kind, e.id, str(e.raw.path))):
        first = records[entry.kind].get(entry.id)
        if first is not None:
            problems.append(entry.raw.problem((), f"id '{entry.id}' is already used by {display_path(first.raw.path)}; "
                                              f"ids must be unique among {KINDS[entry.kind].folder}: rename this file"))
            continue
        records[entry.kind][entry.id] = entry
    aliases = _aliases(records, problems)
    briefing = Briefing(records, aliases)
    exists: dict[str, set[str]] = {kind: set() for kind in KINDS}
    for raw in raws:
        exists[raw.kind].add(raw.id)

    for raw in raws:
        problems.extend(_check_references(briefing, exists, raw))
        problems.extend(_check_body_links(briefing, exists, raw))
        problems.extend(_check_point_links(briefing, exists, raw))
    problems.extend(_cycles(records["region"], "parent", "region parents form a cycle"))
    problems.extend(_cycles(records["statement"], "responds_to", "replies form a cycle"))
    # Indices need every reference to land; a record that failed validation is missing here.
    if not problems and len(entries) == len(raws):
        _index(briefing)
    return briefing, problems


def relink(before: Briefing, changed: list[Entry]) -> tuple[Briefing, list[Problem]]:
    """link() of `before`'s records with these entries in place of those of the same kind and id, when no
    file was added, removed or renamed (`mkdocs serve` after an edit, incremental.py): only the changed
    records' references are checked again, every other one still lands on an id that exists, and the
    reverse indices are `before`'s with the changed records' entries taken out and put back (_patch_indices).
    Same briefing, same problems for these records as link() of all of them; a fraction of its time."""
    records = {kind: dict(by_id) for kind, by_id in before.records.items()}
    for entry in changed:
        if entry.id not in records[entry.kind]:
            raise ValueError(f"relink: {entry.kind} '{entry.id}' is not in the briefing; link() it whole")
        records[entry.kind][entry.id] = entry
    olds = [before.records[entry.kind][entry.id] for entry in changed]
    problems: list[Problem] = []
    if all(old.model.aliases == entry.model.aliases for old, entry in zip(olds, changed, strict=True)):
        aliases = before.aliases  # the ids are the same too: the same table, and no problem in it
    else:
        aliases = _aliases(records, problems)
    briefing = Briefing(records, aliases)
    exists = {kind: set(by_id) for kind, by_id in records.items()}
    for entry in changed:
        problems.extend(_check_references(briefing, exists, entry.raw))
        problems.extend(_check_body_links(briefing, exists, entry.raw))
        problems.extend(_check_point_links(briefing, exists, entry.raw))
    # a new cycle runs through a record whose parent (or reply's target) changed
    if any(_LINKS_UP.get(entry.kind) and getattr(old.model, _LINKS_UP[entry.kind]) !=
           getattr(entry.model, _LINKS_UP[entry.kind]) for old, entry in zip(olds, changed, strict=True)):
        problems.extend(_cycles(records["region"], "parent", "region parents form a cycle"))
        problems.extend(_cycles(records["statement"], "responds_to", "replies form a cycle"))
    if not problems:
        _patch_indices(before, briefing, olds, changed)
        kinds = {entry.kind for entry in changed}
        briefing.orders.update((kind, _reordered(order, [e for e in changed if e.kind == kind]))
                               for kind, order in before.orders.items())
        if "region" not in kinds:
            briefing.ancestry.update(before.ancestry)
    return briefing, problems


def newest_key(entry: Entry) -> tuple:
    """The order of plan.newest_first: newest first, then id (unique, so every order is total)."""
    return (entry.model.date.recent_key(), entry.id)


def _reordered(order: list[Entry], changed: list[Entry]) -> list[Entry]:
    """A kind's newest-first order with the changed records' old entries taken out and the new ones put in
    their places: sorting every statement again showed in every preview reload (bench/RESULTS.md)."""
    if not changed:
        return order
    ids = {entry.id for entry in changed}
    kept = [entry for entry in order if entry.id not in ids]
    for entry in changed:
        insort(kept, entry, key=newest_key)
    return kept


_LINKS_UP = {"region": "parent", "statement": "responds_to"}  # the references that may close a cycle
# The order of source_citations (as _index adds them): the citing kinds' order in the registry.
_KIND_RANK = {kind: rank for rank, kind in enumerate(citing_kinds())}


def _contributions(b: Briefing, entry: Entry) -> list[tuple[str, str, object]]:
    """(index name, key, item) for each item this record puts in a reverse index, as _index puts them."""
    m, record_id = entry.model, entry.id
    found: list[tuple[str, str, object]] = []
    if entry.kind == "region":
        if m.parent:
            found.append(("children", m.parent, record_id))
    elif entry.kind == "actor":
        if m.affiliation:
            found.append(("actor_members", m.affiliation, record_id))
        if m.region:
            found.append(("region_actors", m.region, record_id))
    elif entry.kind == "incident":
        found += [("region_incidents", r, record_id) for r in m.regions]
        found += [("actor_incidents", a, record_id) for a in m.actors]
        found += [("source_citations", s, ("incident", record_id)) for s in _cited(m.sources)]
    elif entry.kind == "statement":
        found += [("region_statements", r, record_id) for r in _statement_regions(b, m)]
        found += [("incident_statements", i, record_id) for i in m.incidents]
        if m.speaker:
            found.append(("actor_statements", m.speaker, record_id))
        if m.responds_to:
            found.append(("replies", m.responds_to, record_id))
        found += [("source_citations", s, ("statement", record_id)) for s in _cited([m.source])]
    elif entry.kind == "measure":
        found += [("region_measures", r, record_id) for r in m.regions]
        found += [("incident_measures", i, record_id) for i in m.incidents]
        found.append(("actor_measures", m.issuer, record_id))
        found += [("source_citations", s, ("measure", record_id)) for s in _cited(m.sources)]
    return found


def _citations(value) -> list:
    """A citations field as a list: `sources` is one already, a statement's `source` is one citation."""
    return value if isinstance(value, list) else [value]


def _cited(citations) -> list[str]:
    """The sources a record cites: each citation's own, and the one it was seen through (its `via`), whose
    page lists what it relayed."""
    return [source for c in citations for source in (c.source, c.via) if source is not None]


def _statement_regions(b: Briefing, model) -> list[str]:
    """A statement's regions: its own, or else those of the incidents it is about."""
    return list(model.regions) or _unique(r for inc in model.incidents for r in b["incident"][inc].model.regions)


def _patch_indices(before: Briefing, after: Briefing, olds: list[Entry], news: list[Entry]) -> None:
    """after's reverse indices: before's, with what the old records put in them taken out and what the new
    ones put in added, each list kept in _index's order (record id order; source_citations by kind, then
    id). A statement placed by its incidents' regions moves with them. The lists of before are not changed:
    a key whose list changes gets a new one."""
    olds, news = list(olds), list(news)
    moved = {entry.id for entry in news if entry.kind == "incident"}
    placed = {entry.id for entry in news if entry.kind == "statement"}
    for incident in sorted(moved):
        for statement in before.incident_statements.get(incident, []):
            if statement not in placed and not before.records["statement"][statement].model.regions:
                placed.add(statement)
                entry = after.records["statement"][statement]
                olds.append(entry)  # the same record, its regions found through other incidents
                news.append(entry)
    removed: dict[tuple[str, str], Counter] = defaultdict(Counter)  # a record may name a region twice
    added: dict[tuple[str, str], Counter] = defaultdict(Counter)
    for old, new in zip(olds, news, strict=True):
        for name, key, item in _contributions(before, old):
            removed[name, key][item] += 1
        for name, key, item in _contributions(after, new):
            added[name, key][item] += 1
    for name, index in after.indices().items():
        index.update(getattr(before, name))
    for name, key in removed.keys() | added.keys():
        gone, come = removed.get((name, key), Counter()), added.get((name, key), Counter())
        if gone == come:
            continue
        index = getattr(after, name)
        items = [item for item in index.get(key, []) if item not in gone] + list(come.elements())
        if name == "source_citations":
            items = _unique(sorted(items, key=lambda item: (_KIND_RANK[item[0]], item[1])))
        else:
            items.sort()
        if items:
            index[key] = items
        else:
            index.pop(key, None)
    for new in news:
        if new.kind == "statement":
            regions = _statement_regions(after, new.model)
            if regions != before.statement_regions.get(new.id):
                after.statement_regions[new.id] = regions



def _aliases(records: dict[str, dict[str, Entry]], problems: list[Problem]) -> dict[str, dict[str, str]]:
    table: dict[str, dict[str, str]] = {kind: {} for kind in records}
    for kind, by_id in records.items():
        for entry in by_id.values():
            for index, alias in enumerate(entry.model.aliases):
                if alias == entry.id:
                    problems.append(entry.raw.problem(("aliases", index), f"alias '{alias}' is this record's own "
                                    "id; aliases are the old ids of records merged into this one: remove it"))
                elif alias in by_id:
                    problems.append(entry.raw.problem(("aliases", index), f"alias '{alias}' is still the id of "
                                    f"{display_path(by_id[alias].raw.path)}; remove that file after merging it here"))
                elif alias in table[kind] and table[kind][alias] != entry.id:
                    owner = by_id[table[kind][alias]]
                    problems.append(entry.raw.problem(("aliases", index), f"alias '{alias}' is already an alias "
                                    f"of '{owner.id}' ({display_path(owner.raw.path)}); an old id can lead to "
                                    "one record only: remove it from one of them"))
                else:
                    table[kind][alias] = entry.id
    return table


def _check_references(briefing: Briefing, exists: dict[str, set[str]], raw: RawRecord) -> list[Problem]:
    problems = []
    kind = KINDS[raw.kind]
    for name, target in kind.references.items():
        value = raw.data.get(name)
        if isinstance(value, list):
            for index, ref in enumerate(value):
                problems.extend(_check(briefing, exists, raw, (name, index), ref, target))
        else:
            problems.extend(_check(briefing, exists, raw, (name,), value, target))
    for name in kind.citations:
        value = raw.data.get(name)
        items = enumerate(value) if isinstance(value, list) else [(None, value)]
        for index, item in items:
            loc = (name,) if index is None else (name, index)
            if isinstance(item, dict):  # the long form: point at its 'source', and at its 'via'
                via = item.get("via")
                if via is not None:
                    if via == item.get("source"):
                        problems.append(raw.problem(loc + ("via",), f"source '{via}' cannot be reported through "
                                                    "itself: name in 'via' the source it was seen in, or remove 'via'"))
                    else:
                        problems.extend(_check(briefing, exists, raw, loc + ("via",), via, "source"))
                item, loc = item.get("source"), loc + ("source",)
            problems.extend(_check(briefing, exists, raw, loc, item, "source"))
    return problems


def _check(briefing: Briefing, exists: dict[str, set[str]], raw: RawRecord, loc: tuple, ref, target: str):
    # Non-text and non-slug values are the model's to report; an id on disk needs no more.
    if not isinstance(ref, str) or not SLUG.fullmatch(ref) or ref in exists[target]:
        return
    yield raw.problem(loc, _missing(briefing, exists, ref, target))


def _missing(briefing: Briefing, exists: dict[str, set[str]], ref: str, target: str) -> str:
    """What to say of a reference to a record that does not exist: merged into another, or unknown."""
    merged = briefing.aliases[target].get(ref)
    if merged is not None:
        return f"{target} '{ref}' was merged into '{merged}'; use '{merged}'"
    hint = did_you_mean(ref, exists[target])
    where = f"content/{KINDS[target].folder}/"
    return f"unknown {target} '{ref}'{hint or f'; no file {ref}.md under {where}'}"


# A link to another record in a body: [words](incident:ID), the kind one of the registry's (pages/bodies.py
# makes it a link to that record's page).
RECORD_LINK = re.compile(r"\]\((" + "|".join(KINDS) + r"):([^)\s]*)\)")
# The whole link in one line of text (an update's note, a briefing's point): its words, kind and id. The pages
# make it a link (pages/render.py, `with_links`), the feed keeps the words (outputs/feed.py, `words_only`).
TEXT_LINK = re.compile(r"\[([^\]\n]*)\]\((" + "|".join(KINDS) + r"):([a-z0-9]+(?:-[a-z0-9]+)*)\)")


def words_only(text: str) -> str:
    """Text with each [words](KIND:ID) as its words alone, for a reader with no link (the feed's text)."""
    return TEXT_LINK.sub(lambda match: match.group(1), text) if "](" in text else text


def record_links(*texts: str) -> list[tuple[str, str]]:
    """(kind, id) of every [words](KIND:ID) in these texts, each once, in the order they first appear: the
    records a briefing rests on (its points, then its assessment)."""
    found = [(m.group(1), m.group(2)) for text in texts if "](" in text for m in RECORD_LINK.finditer(text)]
    return list(dict.fromkeys(found))


def _check_body_links(briefing: Briefing, exists: dict[str, set[str]], raw: RawRecord) -> list[Problem]:
    """Each [words](KIND:ID) of the body and of each update's note names a record that exists, reported at
    its line and column."""
    problems = []
    if "](" in raw.body:
        for match in RECORD_LINK.finditer(raw.body):
            if not _lands(exists, match):
                start = match.start(2)
                line = raw.body_line + raw.body.count("\n", 0, start)
                col = start - raw.body.rfind("\n", 0, start)
                problems.append(problem_at(raw.path, line, col, _link_message(briefing, exists, match)))
    updates = raw.data.get("updates")
    for index, update in enumerate(updates if isinstance(updates, list) else ()):
        note = update.get("note") if isinstance(update, dict) else None
        if not isinstance(note, str) or "](" not in note:
            continue
        problems.extend(_value_link_problems(briefing, exists, raw, ("updates", index, "note"), note))
    return problems


def _check_point_links(briefing: Briefing, exists: dict[str, set[str]], raw: RawRecord) -> list[Problem]:
    """Each [words](KIND:ID) of a briefing's key points names a record that exists, reported at its line and
    column."""
    points = raw.data.get("points") if raw.kind == "briefing" else None
    problems = []
    for index, point in enumerate(points if isinstance(points, list) else ()):
        if isinstance(point, str) and "](" in point:
            problems.extend(_value_link_problems(briefing, exists, raw, ("points", index), point))
    return problems


def _value_link_problems(briefing: Briefing, exists: dict[str, set[str]], raw: RawRecord, loc: tuple,
                         text: str) -> list[Problem]:
    """The links of one front-matter text (a note, a point) that name no record, each at its ID in the file."""
    problems = []
    for match in RECORD_LINK.finditer(text):
        if not _lands(exists, match):
            # the id's column: after '](' and 'KIND:' of the link found in the file
            line, col = _in_value(raw, loc, match.group(0), offset=len(match.group(1)) + 3)
            problems.append(problem_at(raw.path, line, col, _link_message(briefing, exists, match)))
    return problems


def _lands(exists: dict[str, set[str]], match: re.Match) -> bool:
    return bool(SLUG.fullmatch(match.group(2))) and match.group(2) in exists[match.group(1)]


def _link_message(briefing: Briefing, exists: dict[str, set[str]], match: re.Match) -> str:
    target, ref = match.group(1), match.group(2)
    if SLUG.fullmatch(ref):
        return _missing(briefing, exists, ref, target)
    return (f"'{ref}' is not an id; write a link to another record as [words]({target}:ID), the ID "
            "as in the record's file name (lowercase, with hyphens)")


def _in_value(raw: RawRecord, loc: tuple, needle: str, offset: int = 0) -> tuple[int, int]:
    """Line and column of needle (the '](' of a link) in the file, plus offset, searched from where the
    front-matter value at loc starts: the reader keeps where a value starts, not where each of its characters
    sits (a quoted or folded scalar moves them). Read again only to report a problem; the value's start (no
    offset: it would point nowhere) when not found."""
    line, col = raw.where(loc)
    try:
        lines = raw.path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return line, col
    for number in range(line - 1, len(lines)):
        found = lines[number].find(needle, col - 1 if number == line - 1 else 0)
        if found >= 0:
            return number + 1, found + 1 + offset
    return line, col


def _cycles(by_id: dict[str, Entry], name: str, message: str):
    """Report each cycle once, at the record with the smallest id in it. Iterative: threads may be deep."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    for start in by_id:
        path, current = [], start
        while current is not None and current in by_id and state.get(current) is None:
            state[current] = 1
            path.append(current)
            current = getattr(by_id[current].model, name)
        if current is not None and state.get(current) == 1:
            cycle = path[path.index(current):]
            first = min(cycle)
            shown = " → ".join(cycle[cycle.index(first):] + cycle[: cycle.index(first)] + [first])
            yield by_id[first].raw.problem((name,), f"{message}: {shown}; one of them must point elsewhere")
        for item in path:
            state[item] = 2


def _index(b: Briefing) -> None:
    """Reverse indices, each list in id order (the planner sorts by date where it shows them), from what each
    record puts in them (_contributions, which relink's patch uses too)."""
    ix = {name: defaultdict(list) for name in b.indices()}
    for kind in ("region", "actor", "incident", "statement", "measure"):  # source_citations: incidents first
        for entry in b[kind].values():
            for name, key, item in _contributions(b, entry):
                ix[name][key].append(item)
            if kind == "statement":
                ix["statement_regions"][entry.id] = _statement_regions(b, entry.model)
    ix["source_citations"] = {key: _unique(citing) for key, citing in ix["source_citations"].items()}
    for name, index in b.indices().items():
        index.update(ix[name])


def _unique(items) -> list:
    return list(dict.fromkeys(items))
